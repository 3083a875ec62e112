"""The time on the room's platforms' clocks, as this session learns them: a flash sale's start, a
coupon's end, a red packet's or a lucky bag's end are times on the platform's clock, and time left
is counted on it. Studio's may be off ours (another machine) and runs at a rehearsal's speed (10×):
counted on ours, a 30 s countdown read 0:58 and ran at a tenth of its speed.

What a platform adapter has read of its clock (`clock_reading`: its time and speed, from Studio's
answer to a clock change and from its health, read when a room is connected) is used; a platform
that says nothing of its clock counts on ours."""

from __future__ import annotations

import logging
from typing import Callable

from anchor_console.domain.clock import Clock, ClockReading
from anchor_console.platforms.errors import PlatformError
from anchor_console.room.live_room import LiveRoom

log = logging.getLogger(__name__)


class PlatformClock:
    """`now()`: the room's (first platform's) time; `now_for(connection id)`: that platform's."""

    def __init__(self, clock: Clock, room: Callable[[], LiveRoom | None]) -> None:
        self.clock = clock
        self._room = room

    def reading(self, connection_id: str | None = None) -> ClockReading | None:
        room = self._room()
        if room is None or not room.bindings:
            return None
        binding = room.binding(connection_id) if connection_id else room.primary
        return getattr(binding.platform, "clock_reading", None) if binding is not None else None

    def now_for(self, connection_id: str | None) -> float:
        reading = self.reading(connection_id)
        return reading.at(self.clock.now()) if reading is not None else self.clock.now()

    def now(self) -> float:
        return self.now_for(None)

    def local_now(self) -> float:
        """Our own clock's time (the console's own deadlines, such as when it draws a lucky bag)."""
        return self.clock.now()

    def monotonic(self) -> float:
        return self.clock.monotonic()

    async def read(self, room: LiveRoom) -> None:
        """Read the clock of each of `room`'s platforms that can say it (Studio)."""
        for binding in room.bindings:
            read = getattr(binding.platform, "read_clock", None)
            if read is None:
                continue
            try:
                await read()
            except PlatformError as exc:   # counted on our clock until a later answer says otherwise
                log.info("%s's clock not read: %s", binding.platform.display_name, exc.detail)
