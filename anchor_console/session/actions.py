"""The operator's actions on the room, whoever presses the button (a panel, a key, later the
control API): the same interlocks for all of them.

An action is in flight at most once per *gate* (a button's own action, a product's row, a
coupon batch): a second press while the first is out — or while its confirmation is open — is
refused. Money actions are confirmed first when the settings say so; how to ask is the ui's
business (`confirm`, an async callable it installs). Every outcome is announced on `finished`,
so the ui can say honestly what happened: confirmed, failed and why, or no answer — with a retry
that reuses the same idempotency key."""

from __future__ import annotations

import asyncio
import logging
from typing import Awaitable, Callable, Sequence

from anchor_console.domain.capabilities import Capability
from anchor_console.domain.clock import Clock, SystemClock
from anchor_console.domain.events import Event, until
from anchor_console.domain.notice import Level, Notice
from anchor_console.domain.text import QT_TRANSLATE_NOOP, Text, joined
from anchor_console.room.commands import AddToShelf, Announce, Command, PinComment, PostComment, ReorderShelf
from anchor_console.room.live_room import NOT_CONNECTED, ActionOutcome, LiveRoom
from anchor_console.session.money_repeats import REPEAT_NOT_SENT, RecentMoney
from anchor_console.session.staff_words import StaffWords
from anchor_console.session.tasks import Tasks

log = logging.getLogger("anchor_console.actions")

Confirm = Callable[[Command], Awaitable[bool]]


class Actions:
    def __init__(self, tasks: Tasks, room: Callable[[], LiveRoom | None], *,
                 confirm_money: Callable[[], bool], notices: Event, staff_words: StaffWords | None = None,
                 clock: Clock | None = None) -> None:
        self.tasks = tasks
        self.clock = clock or SystemClock()
        self._money_done = RecentMoney(self.clock)
        self.staff_words = staff_words
        self._room = room
        self._confirm_money = confirm_money
        self._notices = notices
        self.confirm: Confirm | None = None          # installed by the ui
        self.pending_changed = Event("actions.pending_changed")
        self.finished = Event("actions.finished")    # (Command, ActionOutcome)
        self._pending: dict[str, int] = {}
        self._asking: set[str] = set()   # gates whose money confirmation is on screen: nothing is out yet

    def is_pending(self, gate: str) -> bool:
        return self._pending.get(gate, 0) > 0

    def is_sending(self, gate: str) -> bool:
        """Out to the platform (pending, past its confirmation): what a button may say "…ing" of."""
        return self.is_pending(gate) and gate not in self._asking

    def _hold(self, gate: str, delta: int) -> None:
        self._pending[gate] = self._pending.get(gate, 0) + delta
        if self._pending[gate] <= 0:
            del self._pending[gate]
        self.pending_changed.emit()

    def run(self, command: Command, *, gate: str | None = None, connection_id: str | None = None,
            origin: str = "click") -> bool:
        """Start an action; False if it was refused (not connected, or the same gate is in flight).
        `origin` is what the journal says it came from: "click", "key", "api", "cue:…"."""
        return self.launch(command, gate=gate, connection_id=connection_id, origin=origin) is not None

    def launch(self, command: Command, *, gate: str | None = None, connection_id: str | None = None,
               origin: str = "click", confirmed: bool = False, action_key: str | None = None) -> asyncio.Task | None:
        """`run`, for a caller that awaits the outcome (the control API): the task, whose result is
        the ActionOutcome (None if the confirmation was declined), or None if refused. `confirmed`:
        the caller has confirmed the money action already (no confirmation box on screen).
        `action_key`: the caller's own name for this action (a script's Idempotency-Key): the same
        key is the same action, after a restart too (the journal keeps it)."""
        room = self._room()
        if room is None:
            self._notices.emit(Notice(NOT_CONNECTED, Level.WARNING))
            return None
        gate = gate or command.kind
        if self.is_pending(gate):
            return None
        # A key the journal holds is the same action again: the room returns it as it stands,
        # nothing is sent twice, so neither the repeat check nor the crew's is asked, nor a box.
        keyed = action_key is not None and room.journal.keyed(action_key) is not None
        if command.money and not keyed:
            # With a confirmation box about to ask, the box is the guard; a press confirmed already
            # (the control API's second press) or with no box is checked for a double press.
            boxed = self._confirm_money() and not confirmed and self.confirm is not None
            if not boxed and self._money_done.just_done(command, connection_id):
                self._notices.emit(Notice(REPEAT_NOT_SENT, Level.WARNING, key="money-repeat"))
                return None
            # Asked before the confirmation box too: not asked to confirm what the room would hold back.
            if (elsewhere := room.money_guard(command.kind, command.params(), origin)) is not None:
                self._notices.emit(Notice(elsewhere, Level.WARNING, key="money-elsewhere"))
                return None
        return self._run_gated(gate, f"action:{command.kind}",
                               lambda: self._perform(command, connection_id, origin, confirmed or keyed, action_key,
                                                     gate=gate))

    async def _perform(self, command: Command, connection_id: str | None, origin: str, confirmed: bool,
                       action_key: str | None = None, *, gate: str = "") -> tuple[Command, ActionOutcome] | None:
        if command.money and not confirmed and self._confirm_money() and self.confirm is not None:
            self._asking.add(gate)
            self.pending_changed.emit()
            try:
                if not await self.confirm(command):
                    return None
            finally:
                self._asking.discard(gate)
                self.pending_changed.emit()
        room = self._room()
        if room is None:
            return None
        outcome = await room.perform(command, connection_id=connection_id, origin=origin, action_key=action_key)
        if command.money and outcome.ok:   # unanswered or refused: pressing again resends it under its key
            self._money_done.done(command, connection_id)
        return command, outcome

    def _run_gated(self, gate: str, name: str,
                   act: Callable[[], Awaitable[tuple[Command, ActionOutcome] | None]]) -> asyncio.Task | None:
        """Run `act` as a task with `gate` held (a second press is refused until it is done) and
        announce its (command, outcome) on `finished`; the task's result is the outcome. None
        while closing."""
        self._hold(gate, +1)

        async def held() -> ActionOutcome | None:
            try:
                done = await act()
            finally:
                self._hold(gate, -1)
            if done is None:
                return None
            self.finished.emit(*done)
            return done[1]

        task = self.tasks.spawn(held(), name=name)
        if task is None:
            self._hold(gate, -1)
        return task

    def put_back(self, product_id: str, order: Sequence[str], *, settle_s: float = 10.0) -> bool:
        """Undo of taking a product off the shelf: listed again (after the removal is answered),
        then put back where it was in `order` once the room has its row again — the platform's
        answer can come before its shelf event, and a reorder without the row would leave the
        product at the end. False if there is no room."""
        room = self._room()
        if room is None:
            return False
        gate = f"product:{product_id}"

        async def again() -> None:
            await until(self.pending_changed, lambda: not self.is_pending(gate), 120.0)
            listing = self.launch(AddToShelf(product_id), gate=gate)
            outcome = await listing if listing is not None else None
            if outcome is None or not outcome.ok or self._room() is not room or not room.supports(Capability.SORT):
                return
            if await until(room.changed, lambda: room.state.shelf_item(product_id) is not None, settle_s):
                listed = {it.product_id for it in room.state.shelf}
                self.run(ReorderShelf(tuple(p for p in order if p in listed)), gate="reorder")

        return self.tasks.spawn(again(), name="undo-remove") is not None

    def post_and_pin(self, text: str, *, despite_listed_words: bool = False) -> bool:
        """An answer for the room: posted as staff and pinned wherever it was posted. Text with
        advertising-law words is held back with a notice naming them (and a "Send anyway")
        unless `despite_listed_words`."""
        room = self._room()
        gate = f"answer:{text}"
        if room is None or not text or self.is_pending(gate):
            return False
        if not despite_listed_words and self._holds_listed_words(text, lambda: self.post_and_pin(
                text, despite_listed_words=True)):
            return False

        async def post() -> tuple[Command, ActionOutcome]:
            command = PostComment(text)
            outcome = await room.perform(command)
            for connection_id, result in outcome.results().items():
                if result and room.supports(Capability.PIN, connection_id):
                    await room.perform(PinComment(result["id"]), connection_id=connection_id)
            return command, outcome

        return self._run_gated(gate, "post-answer", post) is not None

    def announce(self, text: str, color: str = "primary", *, despite_listed_words: bool = False) -> bool:
        """A highlighted announcement to the room, held back like a staff post when it has
        advertising-law words (a notice names them, with "Send anyway"); False if not sent."""
        if not despite_listed_words and self._holds_listed_words(text, lambda: self.announce(
                text, color, despite_listed_words=True)):
            return False
        return self.run(Announce(text, color))

    def listed_words_problem(self, text: str) -> Text | None:
        """Why a staff post or an announcement is held back — it has advertising-law words (the first
        three named) — or None. The window offers "Send anyway"; the control API refuses."""
        found = self.staff_words.find(text) if self.staff_words is not None else []
        if not found:
            return None
        return QT_TRANSLATE_NOOP("RoomActions", "Not sent: it contains advertising-law words. {words}").fill(
            words=joined((f.message for f in found[:3]), " "))

    def _holds_listed_words(self, text: str, send_anyway: Callable[[], object]) -> bool:
        problem = self.listed_words_problem(text)
        if problem is None:
            return False
        self._notices.emit(Notice(problem, Level.WARNING, key="staff-words",
                                  buttons=((QT_TRANSLATE_NOOP("RoomActions", "Send anyway"), send_anyway),)))
        return True

    def retry(self, action_id: str) -> bool:
        room = self._room()
        gate = f"retry:{action_id}"
        if room is None or self.is_pending(gate):
            return False

        async def again() -> tuple[Command, ActionOutcome]:
            outcome = await room.retry(action_id)
            return Command.decode(outcome.entry.kind, outcome.entry.params), outcome

        return self._run_gated(gate, "action:retry", again) is not None


__all__ = ["ActionOutcome", "Actions", "Confirm"]
