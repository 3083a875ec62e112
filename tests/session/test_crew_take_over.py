"""A crew's caller seat goes mid-show (a crash, a cable): the seat that followed it is told where
the show stood, and its Start goes on from that segment — the cues the gone seat fired are not
fired again (no second coupon batch), also one it fired early by hand, and a cue of that segment
already due that it had not said it fired waits for a GO."""

from __future__ import annotations

import httpx
import pytest

from anchor_console.show.model import Cue, CueMode, IssueCoupon, Segment, Show, Trigger
from anchor_console.show.timeline_types import CueState, RunPhase, SegmentState
from support.waiting import until
from test_crew_seats import NAMES, crew_of_three


def coupon_show() -> Show:
    def coupon(cue_id: str) -> Cue:
        return Cue(cue_id, IssueCoupon("2", 7, 10, "券"), Trigger.at_start(), CueMode.AUTO)
    return Show(title="接手测试", segments=(
        Segment("seg-a", "开场", 600, cues=(coupon("coupon-a"),)),
        Segment("seg-b", "爆款", 600, cues=(coupon("coupon-b"),)),
        Segment("seg-c", "收尾", 600, cues=(coupon("coupon-c"),))))


async def coupon_batches(studio) -> int:
    async with httpx.AsyncClient(base_url=studio.url, headers=studio.headers("anchor")) as c:
        return len((await c.get(f"/api/v1/rooms/{studio.room_id}/coupons")).json()["items"])


@pytest.mark.asyncio
async def test_the_seat_left_behind_goes_on_from_where_the_show_stood(session_factory, studio_factory, tmp_path):
    studio = studio_factory("--demo", "--audience", "0")
    crew = await crew_of_three(studio, session_factory, tmp_path)
    caller, follower = crew["assistant"], crew["anchor"]   # both may issue coupons
    said = []
    follower.notices.connect(said.append)
    caller.show.set_show(coupon_show(), None)
    assert caller.show.start()
    await until(lambda: caller.show.engine.cue_state("coupon-a") is CueState.SUCCEEDED, 15)
    caller.show.next()
    await until(lambda: caller.show.engine.cue_state("coupon-b") is CueState.SUCCEEDED, 15)
    caller.show.fire("coupon-c")   # early, by hand: the anchor asked for it now
    await until(lambda: caller.show.engine.cue_state("coupon-c") is CueState.SUCCEEDED, 15)
    await until(lambda: (follower.crew.show.view() is not None and follower.crew.show.view().segment_id == "seg-b"
                         and ["coupon-c", "succeeded"] in follower.crew.show.call.state.get("fired", [])),
                10, message="the follower does not follow the caller into seg-b")
    assert await coupon_batches(studio) == 3
    caller.tasks.cancel("crew")   # the caller's seat falls silent, its console gone with it
    caller.show.end()
    await until(lambda: follower.crew.show.left is not None, 25, message="the follower was not told the caller went")
    assert any(NAMES["assistant"] in n.text.english() and "爆款" in n.text.english() for n in said)

    follower.show.set_show(coupon_show(), None)
    point = follower.crew.show.take_over_point(follower.show.show)
    assert point is not None and point.segment_id == "seg-b" and point.elapsed_s >= 0
    assert follower.show.start(taking_over=point)
    engine = follower.show.engine
    assert engine.phase is RunPhase.LIVE and engine.snapshot().current.segment_id == "seg-b"
    assert engine.snapshot().elapsed_s >= point.elapsed_s
    assert [engine.cue_state(c) for c in ("coupon-a", "coupon-b", "coupon-c")] == [CueState.SUCCEEDED] * 3
    assert [t.state for t in engine.snapshot().segments] == [SegmentState.DONE, SegmentState.CURRENT,
                                                             SegmentState.PENDING]
    await until(lambda: follower.crew.show.left is None, 10, message="the run here did not take the show over")
    engine.next()
    for _ in range(10):
        await engine.step()
    assert await coupon_batches(studio) == 3                                  # nothing fired again
    follower.show.end()


@pytest.mark.asyncio
async def test_a_cue_the_gone_seat_fired_early_is_not_sent_again_by_the_seat_taking_over():
    """Seat A fires a coupon cue before its time (the anchor asked) and goes 40 s into the segment:
    the take-over held only cues already due, so seat B sent the coupon again at its planned time
    under its own run's key — a second batch. B now records what A said it fired; a cue already due
    that A had not said it fired still waits for a GO."""
    from anchor_console.domain.clock import ManualClock
    from anchor_console.session.show_follow import _fired_from, _fired_of
    from anchor_console.show.timeline import TimelineEngine
    from anchor_console.show.timeline_types import CueOutcome, TakeOver

    class RecordingExecutor:
        def __init__(self) -> None:
            self.sent: list[str] = []

        async def execute(self, cue, *, action_key):
            self.sent.append(cue.id)
            return CueOutcome.success()

    show = Show(title="接手", segments=(Segment("seg-a", "爆款", 900, cues=(
        Cue("coupon", IssueCoupon("2", 7, 10, "券"), Trigger.after(300), CueMode.AUTO),
        Cue("hello", IssueCoupon("3", 7, 10, "券"), Trigger.at_start(), CueMode.AUTO))),))
    clock = ManualClock()
    a = TimelineEngine(show, clock, RecordingExecutor())
    a.start()
    a.take_due()   # A's step: its start cue goes on its own task, and A goes before it is answered
    clock.advance(30)
    await a.fire_manually("coupon")
    broadcast = _fired_of(a.snapshot())
    assert broadcast == [["coupon", "succeeded"]]
    clock.advance(10)
    sent_here = RecordingExecutor()
    b = TimelineEngine(show, clock, sent_here)
    b.start(taking_over=TakeOver("seg-a", 40.0, _fired_from(broadcast)))
    assert b.cue_state("coupon") is CueState.SUCCEEDED and b.cue_state("hello") is CueState.AWAITING
    clock.advance(300)
    await b.step()
    assert sent_here.sent == []
    assert _fired_from([["x"], "y", [1, "succeeded"], ["ok", "failed", "later"]]) == (("ok", "failed"),)
