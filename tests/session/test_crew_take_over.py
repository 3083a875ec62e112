"""A crew's caller seat goes mid-show (a crash, a cable): the seat that followed it is told where
the show stood, and its Start goes on from that segment — the cues the gone seat fired are not
fired again (no second coupon batch), and a cue of that segment already due waits for a GO."""

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
    await until(lambda: (follower.crew.show.view() is not None and follower.crew.show.view().segment_id == "seg-b"),
                10, message="the follower does not follow the caller into seg-b")
    assert await coupon_batches(studio) == 2
    caller.tasks.cancel("crew")   # the caller's seat falls silent, its console gone with it
    caller.show.end()
    await until(lambda: follower.crew.show.left is not None, 25, message="the follower was not told the caller went")
    assert any(NAMES["assistant"] in n.text.english() and "爆款" in n.text.english() for n in said)

    follower.show.set_show(coupon_show(), None)
    point = follower.crew.show.take_over_point(follower.show.show)
    assert point is not None and point[0] == "seg-b" and point[1] >= 0
    assert follower.show.start(taking_over=point)
    engine = follower.show.engine
    assert engine.phase is RunPhase.LIVE and engine.snapshot().current.segment_id == "seg-b"
    assert engine.snapshot().elapsed_s >= point[1]
    assert engine.cue_state("coupon-a") is CueState.MISSED
    assert engine.cue_state("coupon-b") is CueState.AWAITING                  # due already: a GO decides
    assert [t.state for t in engine.snapshot().segments] == [SegmentState.DONE, SegmentState.CURRENT,
                                                             SegmentState.PENDING]
    await until(lambda: follower.crew.show.left is None, 10, message="the run here did not take the show over")
    assert await coupon_batches(studio) == 2                                  # nothing fired again
    engine.next()
    await until(lambda: engine.cue_state("coupon-c") is CueState.SUCCEEDED, 15)   # from here on, as usual
    assert await coupon_batches(studio) == 3
    follower.show.end()
