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



def test_a_comments_time_on_its_platforms_clock_is_said_on_ours():
    """The feed beside the journal: Studio's clock 20 minutes ahead after a rehearsal, its comment
    of just now reads now, not 20 minutes from now; a platform that says nothing of its clock, as is."""
    clock = ManualClock(5000.0)
    studio = SimpleNamespace(clock_reading=ClockReading(5000.0, 6200.0))
    other = SimpleNamespace(clock_reading=None)
    times = PlatformClock(clock, lambda: room_of(studio, other))
    assert times.local_of(6190.0, "c0") == 4990.0
    assert times.local_of(4990.0, "c1") == 4990.0
    assert PlatformClock(clock, lambda: None).local_of(4990.0, "c0") == 4990.0

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


def test_a_platforms_wall_time_runs_at_real_speed_beside_its_clock():
    """After a rehearsal Studio's clock is ahead of its wall time; during one it runs at 10×: the
    wall time (seats, the shared log) runs on at real speed, without the lead."""
    reading = ClockReading(local=1000.0, platform=2800.0, speed=10.0, wall=1100.0)
    assert reading.at(1003.0) == 2830.0 and reading.wall_at(1003.0) == 1103.0
    assert reading.local_at(2830.0) == 1003.0                    # when ours reaches that time of the platform's
    assert ClockReading(1000.0, 1100.0).wall_at(1003.0) == 1103.0   # none kept apart: its clock's


def test_the_seats_and_the_journal_read_studios_wall_time_from_the_sessions_clock(tmp_path):
    """CrewSeats learns nothing itself: Studio's wall time is the session's PlatformClock's, from
    what the adapter heard; another seat's shared entry is shown at our time of it."""
    from anchor_console.platforms.studio_crew import CrewLogEntry
    from anchor_console.room.journal import ActionJournal
    from anchor_console.session.seats import CrewSeats

    clock = ManualClock(2000.0)
    studio = SimpleNamespace(clock_reading=ClockReading(2000.0, 9000.0, 1.0, wall=2030.0))   # 30 s ahead of ours
    room = room_of(studio)
    room.room_key = "k"
    times = PlatformClock(clock, lambda: room)
    journal = ActionJournal(tmp_path / "journal.sqlite", clock, console_id="c")
    seats = CrewSeats(journal=journal, clock=clock, seat_id="seat-1", spawn=lambda coro, **_: coro.close(),
                      cancel=lambda _key: None, times=times)
    try:
        clock.advance(5)
        assert seats.studio_now() == times.wall_now() == 2035.0 and times.now() == 9005.0
        seats.shared["seat-2:a"] = CrewLogEntry("seat-2", "a", "post_comment", {}, "confirmed", False, "李", "assistant",
                                                "pc", "click", 2034.0)
        [row] = seats.journal_view()
        assert row.at == 2004.0   # a second ago, on our clock
    finally:
        seats.close()
        journal.close()


@pytest.mark.asyncio
async def test_a_rehearsal_set_from_another_console_and_the_lead_it_leaves_are_read_from_the_crew(studio_factory):
    """Studio's clock is the whole server's: a console learns the speed another console set, and
    where the clock stands once it is back at 1× (ahead of real time), from its seat's heartbeat."""
    import asyncio
    import time

    import httpx

    from anchor_console.platforms.studio import StudioPlatform
    from anchor_console.platforms.transport import Endpoint

    studio = studio_factory("--demo", "--audience", "0")
    async with httpx.AsyncClient() as http:
        caller = StudioPlatform("a", Endpoint(studio.url, studio.tokens["assistant"]), http)
        seat = StudioPlatform("m", Endpoint(studio.url, studio.tokens["moderator"]), http)
        crew = seat.crew(str(studio.room_id))
        await crew.join("seat-m", "pc-m")
        assert seat.clock_reading.speed == 1.0
        await caller.set_clock_speed(10)
        await crew.heartbeat("seat-m")
        assert seat.clock_reading.speed == 10.0
        await asyncio.sleep(0.3)   # three seconds of Studio's clock
        await caller.set_clock_speed(1)
        await crew.heartbeat("seat-m")
        reading, now = seat.clock_reading, time.time()
        assert reading.speed == 1.0 and reading.at(now) - reading.wall_at(now) >= 2.0   # still ahead
        assert abs(reading.wall_at(now) - now) < 0.5                                     # its wall time is real
