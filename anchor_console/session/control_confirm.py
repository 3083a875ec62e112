"""The control API's confirmation of money commands: a second press (Qt-free).

While the console asks before money actions, a money command sent through the API is not sent
on its first press: it is answered 428 with a one-time `confirm_id`, and the state stream says
it awaits a second press (a Companion key turns amber). The same command again within
`WINDOW_S` — at least `GAP_S` after the first, so a bounced or held key is still one press — or
a request naming its `confirm_id` sends it. At most one money command awaits at a time: another
one's first press replaces it. Nothing a client can put in one request skips this."""

from __future__ import annotations

import asyncio
import dataclasses
import secrets
import time
from dataclasses import dataclass
from typing import Callable

from anchor_console.domain.text import QT_TRANSLATE_NOOP

WINDOW_S = 5.0    # how long a money command waits for its second press
GAP_S = 0.4       # a second press sooner than this is the first one again (a bounce, a held key)

# One line: lupdate keeps the quotes of a string split over lines as escapes, and the text would not be found.
AWAITING_CONFIRM = QT_TRANSLATE_NOOP("ControlApi", 'Nothing was sent yet: this is a money action. Press the same key again within {seconds} s to send it (a script sends the same command again, or one with "confirm_id": "{confirm_id}").')  # noqa: E501
CONFIRM_EXPIRED = QT_TRANSLATE_NOOP(
    "ControlApi", "The money action was not confirmed within {seconds} s, so nothing was sent. Press again to "
                  "start over.")
CONFIRM_UNKNOWN = QT_TRANSLATE_NOOP(
    "ControlApi", "No money action with these arguments awaits this confirmation (it was used, replaced by another "
                  "press, or not confirmed within {seconds} s), so nothing was sent. Send the command again to start "
                  "over.")


@dataclass
class Awaiting:
    """A money command pressed once, waiting for its second press."""

    name: str
    key: tuple          # the command's identity (name, arguments), as the coalescing knows it
    body: dict
    confirm_id: str
    at: float           # monotonic, the first press
    until: float        # wall clock, for the state document
    answer: object      # the 428 answer the first press got
    used: bool = False


class Confirmations:
    def __init__(self, now: Callable[[], float], expired: Callable[[Awaiting], None]) -> None:
        self._now = now
        self._expired = expired          # called when an unconfirmed press runs out (the state changes)
        self.awaiting: Awaiting | None = None
        self._timer: asyncio.TimerHandle | None = None

    def state(self) -> dict | None:
        """What the state document shows: the command awaiting its second press, and until when."""
        a = self.awaiting
        if not self.waiting(a):
            return None
        return {"command": a.name, "until": round(a.until, 3)}

    def named(self, name: str, confirm_id: str, key: tuple | None) -> Awaiting | None:
        """The press `confirm_id` names, if it is of `name` (and of `key`, when the request carries
        arguments of its own): kept until replaced, so a resent confirmation finds its answer."""
        a = self.awaiting
        if a is None or not isinstance(confirm_id, str) or not secrets.compare_digest(a.confirm_id, confirm_id):
            return None
        return a if a.name == name and (key is None or key == a.key) else None

    def waiting(self, a: Awaiting | None) -> bool:
        """`a` still waits for its second press (not used, not run out)."""
        return a is not None and a is self.awaiting and not a.used and self._now() - a.at <= WINDOW_S

    def press(self, name: str, key: tuple, body: dict, *, by_id: bool,
              first_answer: Callable[[str, str], object]) -> object | None:
        """None: this press confirms the awaiting one, send it. Otherwise the answer to give: the
        first press's again (a press within GAP_S of it), or — a press of another command, or of
        this one after the window — a new first press's 428, which replaces any awaiting one."""
        a, now = self.awaiting, self._now()
        if self.waiting(a) and a.key == key:
            if by_id or now - a.at >= GAP_S:
                a.used = True
                self._stop_timer()
                return None
            return dataclasses.replace(a.answer, coalesced=True)   # the first press, once more
        confirm_id = secrets.token_urlsafe(12)
        self.awaiting = Awaiting(name, key, dict(body), confirm_id, now, time.time() + WINDOW_S,
                                 first_answer(name, confirm_id))
        self._start_timer(self.awaiting)
        return self.awaiting.answer

    def _start_timer(self, awaiting: Awaiting) -> None:
        self._stop_timer()
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        self._timer = loop.call_later(WINDOW_S, self._run_out, awaiting)

    def _stop_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _run_out(self, awaiting: Awaiting) -> None:
        self._timer = None
        if self.awaiting is awaiting and not awaiting.used:
            self._expired(awaiting)

    def close(self) -> None:
        self._stop_timer()
