"""Platforms' daily allowances as the operator sees them: for each connection of the room, each API's
use today against its limit (`Platform.quota_usage`), and a notice when an API passes 80 % of its
allowance or is used up — once per API, level and day — each allowance's own day
(`QuotaUse.day_ends_at`: WeChat's ends at midnight, Beijing time; YouTube's at midnight, Pacific
time, counted in units): when it ends, its notice is taken down and it may be said again. The
window shows `report()` beside the connection state."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from dataclasses import dataclass
from typing import Callable

from anchor_console.domain.clock import Clock
from anchor_console.domain.events import Event
from anchor_console.domain.models import QuotaUse
from anchor_console.domain.notice import Level, Notice
from anchor_console.domain.text import QT_TRANSLATE_NOOP
from anchor_console.platforms.transport import Sleep

log = logging.getLogger("anchor_console.session.quota")
WARN_AT = 0.8
CHECK_EVERY_S = 15.0

NEARLY_USED = QT_TRANSLATE_NOOP(
    "Quota", "{platform} has used {used} of today's {limit} calls to {api} ({percent} %). Past the limit the platform "
             "refuses it until midnight, Beijing time; the console then waits instead of sending.")
NEARLY_USED_UNITS = QT_TRANSLATE_NOOP(
    "Quota", "{platform} has used {used} of today's {limit} quota units ({percent} %). Past the limit the platform "
             "refuses everything until its day resets at {reset}; the console reads the chat more slowly first, and "
             "then deletes only on this screen.")
USED_UP_UNITS = QT_TRANSLATE_NOOP(
    "Quota", "{platform}: today's quota units are used up; the platform refuses everything until its day resets at "
             "{reset}, and the console sends nothing to it until then.")
USED_UP = QT_TRANSLATE_NOOP(
    "Quota", "{platform}: today's allowance for {api} is used up; the platform refuses it until midnight, Beijing "
             "time, and the console sends nothing for it until then.")


def _key(connection_id: str, api: str) -> str:
    """The notice key of one allowance (the notices' `resolve` takes it down)."""
    return f"quota:{connection_id}:{api}"


def local_time(epoch_s: float) -> str:
    """A reset or run-out time as this computer's clock shows it (HH:MM, with the date if not today)."""
    when, now = dt.datetime.fromtimestamp(epoch_s), dt.datetime.now()
    return when.strftime("%H:%M") if when.date() == now.date() else when.strftime("%Y-%m-%d %H:%M")


def used_up(use: QuotaUse) -> bool:
    return use.exhausted_until is not None or (use.daily_limit is not None and use.used_today >= use.daily_limit)


def share(use: QuotaUse) -> float | None:
    """How much of the day's allowance is used (1.0 when refused for the day; None: no limit known)."""
    if use.exhausted_until is not None:
        return 1.0
    if not use.daily_limit:
        return None
    return use.used_today / use.daily_limit


@dataclass(frozen=True)
class ConnectionQuota:
    connection_id: str
    platform: str
    uses: tuple[QuotaUse, ...]

    @property
    def worst(self) -> float | None:
        shares = [s for s in map(share, self.uses) if s is not None]
        return max(shares) if shares else None


class QuotaWatch:
    def __init__(self, clock: Clock, notify: Callable[[Notice], None],
                 resolve: Callable[[str], None] = lambda _prefix: None, sleep: Sleep = asyncio.sleep) -> None:
        self.clock = clock
        self._sleep = sleep           # between checks (tests pass a sleep of their own)
        self._notify = notify
        self._resolve = resolve       # an allowance's new day: its notice (by key) is over
        self.changed = Event("quota.changed")        # (): the report differs from the last one
        # (connection, api) -> (when the day it was said in ends, "warn" | "out")
        self._said: dict[tuple[str, str], tuple[float, str]] = {}
        self._last: tuple = ()

    def report(self, room) -> list[ConnectionQuota]:
        """Per bound connection with allowances, today's use of each API."""
        if room is None:
            return []
        out = []
        for b in room.bindings:
            uses = b.platform.quota_usage()
            if uses:
                out.append(ConnectionQuota(b.connection_id, b.platform.display_name, tuple(uses)))
        return out

    def check(self, room) -> list[ConnectionQuota]:
        """Look at the room's allowances now: notices for what newly passed 80 % or ran out, the
        notices of allowances whose day ended taken down, and `changed` if anything moved."""
        report = self.report(room)
        now = self.clock.now()
        for conn in report:
            for use in conn.uses:
                self._maybe_say(conn, use, use.day_ends_at(now))
        for (connection_id, api), (day_end, _level) in list(self._said.items()):
            if day_end <= now:   # not reported in its new day (no longer counted): its notice is over too
                self._forget(connection_id, api)
        shown = tuple((c.connection_id, c.uses) for c in report)
        if shown != self._last:
            self._last = shown
            self.changed.emit()
        return report

    def _forget(self, connection_id: str, api: str) -> None:
        del self._said[(connection_id, api)]
        self._resolve(_key(connection_id, api))

    def _maybe_say(self, conn: ConnectionQuota, use: QuotaUse, day_end: float) -> None:
        said = self._said.get((conn.connection_id, use.api))
        if said is not None and said[0] != day_end:   # the allowance's day ended: what was said of it is over
            self._forget(conn.connection_id, use.api)
            said = None
        fraction = share(use)
        if used_up(use):
            level = "out"
        elif fraction is not None and fraction >= WARN_AT:
            level = "warn"
        else:
            return
        if said is not None and (said[1] == level or said[1] == "out"):
            return
        self._said[(conn.connection_id, use.api)] = (day_end, level)
        key = _key(conn.connection_id, use.api)
        reset = local_time(use.resets_at) if use.resets_at is not None else ""
        if level == "out":
            text = (USED_UP_UNITS if use.units else USED_UP).fill(platform=conn.platform, api=use.api, reset=reset)
            self._notify(Notice(text, Level.ERROR, key=key))
        else:
            text = (NEARLY_USED_UNITS if use.units else NEARLY_USED).fill(
                platform=conn.platform, api=use.api, used=use.used_today, limit=use.daily_limit,
                percent=int(fraction * 100), reset=reset)
            self._notify(Notice(text, Level.WARNING, key=key))

    async def follow(self, room: Callable[[], object], every_s: float = CHECK_EVERY_S) -> None:
        """Check every `every_s` seconds, until cancelled (the session owns this task)."""
        while True:
            await self._sleep(every_s)
            try:
                self.check(room())
            except Exception:   # a platform's bookkeeping must not stop the watch
                log.exception("quota check failed")
