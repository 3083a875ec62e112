"""The one place the session asks what time it is on the room's platforms: a flash sale's start, a
coupon's end, a red packet's or a lucky bag's end are times on the platform's clock, and time left
is counted on it; other seats' shared log entries and presence are on the platform's wall time.
Studio's clock may be off ours (another machine), runs at a rehearsal's speed (10×) and stays ahead
of real time after one: counted on ours, a 30 s countdown read 0:58 and ran at a tenth of its speed.

Each platform adapter says what it has learnt of its clock (`Platform.clock_reading`: Studio from
its clock answers and its crew's, TikTok Shop from its answers' Date); a platform that says nothing
counts on ours."""

from __future__ import annotations

import logging
from typing import Callable

from anchor_console.domain.clock import Clock, ClockReading
from anchor_console.platforms.errors import PlatformError
from anchor_console.room.live_room import LiveRoom

log = logging.getLogger(__name__)


class PlatformClock:
    """`now()`: the room's (first platform's) time; `now_for(connection id)`: that platform's.
    `wall_now()`: the room's platform's real time (its clock's, but at real speed and without a
    rehearsal's lead): what another seat's times are on."""

    def __init__(self, clock: Clock, room: Callable[[], LiveRoom | None]) -> None:
        self.clock = clock
        self._room = room

    def reading(self, connection_id: str | None = None) -> ClockReading | None:
        room = self._room()
        if room is None or not room.bindings:
            return None
        binding = room.binding(connection_id) if connection_id else room.primary
        return binding.platform.clock_reading if binding is not None else None

    def now_for(self, connection_id: str | None) -> float:
        reading = self.reading(connection_id)
        return reading.at(self.clock.now()) if reading is not None else self.clock.now()

    def now(self) -> float:
        return self.now_for(None)

    def local_of(self, platform_time: float, connection_id: str | None = None) -> float:
        """A time on that platform's clock (a comment's) as our clock says it, the journal's clock:
        Studio's runs ahead after a rehearsal at 10×, and its comments read 20 minutes from now."""
        reading = self.reading(connection_id)
        return reading.local_at(platform_time) if reading is not None else platform_time

    def wall_now(self) -> float:
        return self.clock.now() + self.wall_offset()

    def wall_offset(self) -> float:
        """The room's platform's real time minus ours: its wall times, less this, are ours."""
        reading, now = self.reading(), self.clock.now()
        return reading.wall_at(now) - now if reading is not None else 0.0

    def local_now(self) -> float:
        """Our own clock's time (the console's own deadlines, such as when it draws a lucky bag)."""
        return self.clock.now()

    def monotonic(self) -> float:
        return self.clock.monotonic()

    async def read(self, room: LiveRoom) -> None:
        """Ask each of `room`'s platforms its time now (those that can say it: Studio)."""
        for binding in room.bindings:
            try:
                await binding.platform.read_clock()
            except PlatformError as exc:   # counted on what was learnt until a later answer says otherwise
                log.info("%s's clock not read: %s", binding.platform.display_name, exc.detail)
