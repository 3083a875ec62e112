"""An adapter's clock reading, as the platform's answers tell it: a `Date` header (TikTok Shop), to
the second and steady; Studio's crew answers, to the millisecond — its wall time from the quickest
round trips, its clock (time, speed) beside it, never undone by an answer that left earlier."""

from __future__ import annotations

import email.utils
import random

import httpx
import pytest

from anchor_console.domain.clock import ManualClock
from anchor_console.platforms import errors as pe
from anchor_console.platforms.heard_clock import DateClock, RoundTripClock
from anchor_console.platforms.studio import StudioPlatform
from anchor_console.platforms.studio_errors import studio_error
from anchor_console.platforms.transport import Endpoint, RetryPolicy, Transport


def dated(at: float, status: int = 200) -> httpx.Response:
    return httpx.Response(status, json={}, headers={"Date": email.utils.formatdate(at, usegmt=True)})


def test_a_date_steadies_the_reading_and_stamps_never_ahead():
    clock = ManualClock(1000.0)
    dates = DateClock(clock)
    dates.heard(dated(999.0))            # a clock right to the second: counted on ours
    assert dates.reading is None and dates.offset_s == -1.0 and dates.now() == 999.0
    dates.heard(dated(1600.0))           # ten minutes ahead of ours
    assert dates.offset_s == 600.0 and dates.reading.at(clock.now()) == 1600.0
    before = dates.reading
    dates.heard(dated(1599.0))           # the Date's rounding: the countdowns do not jump
    assert dates.reading is before and dates.now() == 1599.0
    dates.heard(httpx.Response(200))     # no Date: nothing learnt
    assert dates.offset_s == -1.0 + 600.0


@pytest.mark.asyncio
async def test_the_transport_hands_on_every_answer_refusals_too():
    clock = ManualClock(1000.0)
    dates = DateClock(clock)
    answers = iter([dated(1300.0, 400), dated(1301.0)])
    client = httpx.AsyncClient(transport=httpx.MockTransport(lambda _r: next(answers)))
    t = Transport(client, Endpoint("http://p.test"), studio_error, platform_name="P", retry=RetryPolicy(),
                  rng=random.Random(1), on_answer=dates.heard)
    with pytest.raises(pe.InvalidRequest):
        await t.request("POST", "/x", json={})
    assert dates.offset_s == 300.0
    await t.request("GET", "/x")
    assert dates.offset_s == 301.0
    await client.aclose()


def test_the_quickest_round_trip_says_the_offset():
    wall = RoundTripClock()
    wall.heard(10.0, 10.2, 110.0)    # slow: 110 read somewhere in 10.0–10.2
    wall.heard(20.0, 20.01, 120.105)
    wall.heard(30.0, 30.5, 131.0)
    assert wall.offset_s == pytest.approx(100.1)


class Answers:
    """Studio's transport as the crew API uses it: each request answered from a list, the adapter's
    clock moved on by each answer's round trip."""

    def __init__(self, clock: ManualClock, *answers: tuple[float, dict]) -> None:
        self.clock, self.answers = clock, list(answers)

    async def request(self, *_args, **_kw) -> dict:
        trip, answer = self.answers.pop(0)
        self.clock.advance(trip)
        return answer


@pytest.mark.asyncio
async def test_studios_crew_answers_say_its_wall_time_and_its_clock():
    clock = ManualClock(1000.0)
    async with httpx.AsyncClient() as http:
        studio = StudioPlatform("s", Endpoint("http://studio.test", "t"), http, clock=clock)
        studio.transport = Answers(
            clock,
            (0.2, {"now": 5000.1, "clock": {"time": 6000.0, "speed": 1.0}}),     # slow
            (0.02, {"now": 5000.21, "clock": {"time": 6000.11, "speed": 1.0}}),  # quick: Studio is 4000 s ahead
            (0.02, {"now": 5001.0, "clock": {"time": 6003.0, "speed": 10.0}}),   # a rehearsal set from elsewhere
            (0.5, {"now": 5000.9, "clock": {"time": 6001.0, "speed": 1.0}}),     # left before the one above
        )
        crew = studio.crew("1")
        await crew.heartbeat("seat")
        await crew.heartbeat("seat")
        reading = studio.clock_reading
        assert reading.wall_at(clock.now()) == pytest.approx(clock.now() + 4000.0)
        # read when Studio's wall said 5000.21: 1000.21 on ours, 0.01 s ago
        assert reading.at(clock.now()) == pytest.approx(6000.12) and reading.speed == 1.0
        await crew.heartbeat("seat")
        reading = studio.clock_reading
        assert reading.speed == 10.0 and reading.at(reading.local + 1) == pytest.approx(6013.0)
        await crew.heartbeat("seat")
        assert studio.clock_reading.speed == 10.0   # the late answer does not undo it
