"""Time left is counted on the platform's clock: its offset from ours and its speed (Studio runs at
a rehearsal's 10×), as read from Studio's answers; a platform that says nothing counts on ours."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from anchor_console.domain.clock import ClockReading, ManualClock
from anchor_console.session.platform_clock import PlatformClock


def test_a_reading_runs_on_at_its_speed():
    reading = ClockReading(local=1000.0, platform=1500.0, speed=10.0)
    assert reading.at(1000.0) == 1500.0
    assert reading.at(1003.0) == 1530.0   # three of our seconds, thirty of the platform's


def room_of(*platforms):
    bindings = [SimpleNamespace(connection_id=f"c{i}", platform=p) for i, p in enumerate(platforms)]
    return SimpleNamespace(bindings=bindings, primary=bindings[0],
                           binding=lambda cid: next((b for b in bindings if b.connection_id == cid), None))


def test_each_platform_is_counted_on_its_own_clock():
    clock = ManualClock(2000.0)
    studio = SimpleNamespace(clock_reading=ClockReading(2000.0, 2100.0, 10.0))
    other = SimpleNamespace(clock_reading=None)   # says nothing of its clock
    room = room_of(studio, other)
    times = PlatformClock(clock, lambda: room)
    clock.advance(2)
    assert times.now() == times.now_for("c0") == 2120.0
    assert times.now_for("c1") == times.local_now() == 2002.0
    assert PlatformClock(clock, lambda: None).now() == 2002.0   # no room: ours


@pytest.mark.asyncio
async def test_studio_says_its_clock_when_asked_and_when_its_speed_is_set(studio_factory):
    import httpx

    from anchor_console.platforms.studio import StudioPlatform
    from anchor_console.platforms.transport import Endpoint

    studio = studio_factory("--demo", "--audience", "0")
    clock = ManualClock(1000.0)
    async with httpx.AsyncClient() as http:
        platform = StudioPlatform("s", Endpoint(studio.url, studio.tokens["assistant"]), http, clock=clock)
        assert platform.clock_reading is None
        reading = await platform.read_clock()
        assert reading.local == 1000.0 and reading.speed == 1.0
        await platform.set_clock_speed(10)
        assert platform.clock_reading.speed == 10.0
        await platform.set_clock_speed(1)
        assert platform.clock_reading.speed == 1.0
