"""The take-over gap: the caller fires a money cue in its last second — after its last broadcast,
before its shared log went out — and the platform applies it. The seat taking the show over must
not pay it again: the caller says a money cue is about to leave before it sends it (written ahead
to the crew), and where even that did not get out, the seat taking over looks for it on the
platform before sending, adopts what it finds, and asks its operator when the platform cannot say."""

from __future__ import annotations

import httpx
import pytest

from anchor_console.domain.text import Text
from anchor_console.platforms.errors import PlatformError
from anchor_console.show.model import Cue, CueMode, IssueCoupon, Segment, Show, Trigger
from anchor_console.show.timeline_types import CueState, RunPhase
from support.waiting import until
from test_crew_seats import crew_of_three


def gap_show() -> Show:
    def coupon(cue_id: str, template: str, quantity: int, minutes: int) -> Cue:
        return Cue(cue_id, IssueCoupon(template, quantity, minutes, "券"), Trigger.at_start(), CueMode.AUTO)
    return Show(title="接手缺口", segments=(
        Segment("seg-a", "开场", 600, cues=(coupon("coupon-a", "2", 7, 10),)),
        Segment("seg-b", "爆款", 600),
        Segment("seg-c", "收尾", 600, cues=(coupon("coupon-c", "3", 9, 15), coupon("coupon-d", "2", 11, 20)))))


async def coupon_batches(studio) -> int:
    async with httpx.AsyncClient(base_url=studio.url, headers=studio.headers("anchor")) as c:
        return len((await c.get(f"/api/v1/rooms/{studio.room_id}/coupons")).json()["items"])


async def caller_fires_in_its_last_second(studio, crew, *, crew_log_works: bool, platform_applies: bool = True):
    """The caller runs the show into seg-b, falls off the crew (no more broadcasts, heartbeats or
    shared log from its outbox), fires coupon-c by hand just then — the platform applies it — and
    goes. Returns the seat left behind, once it has been told."""
    caller, follower = crew["assistant"], crew["anchor"]
    caller.show.set_show(gap_show(), None)
    assert caller.show.start()
    await until(lambda: caller.show.engine.cue_state("coupon-a") is CueState.SUCCEEDED, 15)
    caller.show.next()
    await until(lambda: (follower.crew.show.view() is not None and follower.crew.show.view().segment_id == "seg-b"
                         and ["coupon-a", "succeeded"] in follower.crew.show.call.state.get("fired", [])),
                10, message="the follower does not follow the caller into seg-b")
    caller.tasks.cancel("crew")   # its crew link goes quiet: this is its last second
    if not crew_log_works:
        async def log_refused(*_a, **_k):
            raise PlatformError(Text("crew log out of reach", ""))
        caller.crew.link.log = log_refused
    if not platform_applies:
        async def refused(*_a, **_k):
            raise PlatformError(Text("refused", ""))
        caller.room.primary.platform.issue_coupon = refused
    caller.show.fire("coupon-c")   # early, by hand: the platform applies it (or not)
    settled = CueState.SUCCEEDED if platform_applies else CueState.FAILED
    await until(lambda: caller.show.engine.cue_state("coupon-c") is settled, 15)
    assert await coupon_batches(studio) == (2 if platform_applies else 1)
    caller.show.end()
    await until(lambda: follower.crew.show.left is not None, 25, message="the follower was not told the caller went")
    return follower


async def take_over_into_seg_c(follower):
    follower.show.set_show(gap_show(), None)
    point = follower.crew.show.take_over_point(follower.show.show)
    assert point is not None and point.segment_id == "seg-b"
    assert follower.show.start(taking_over=point)
    engine = follower.show.engine
    assert engine.phase is RunPhase.LIVE
    await until(lambda: follower.crew.show.left is None, 10, message="the run here did not take the show over")
    follower.show.next()
    return engine


def said(notices) -> list[str]:
    return [n.text.english() for n in notices]


@pytest.mark.asyncio
async def test_a_money_cue_written_ahead_to_the_crew_is_not_sent_again(session_factory, studio_factory, tmp_path):
    """The caller's shared log did not go out after the cue (its outbox gathers for a moment), but
    the cue was written ahead to the crew before it left: the seat taking over holds it (its outcome
    unknown), and a Retry there finds the batch on the platform and adopts it."""
    studio = studio_factory("--demo", "--audience", "0")
    crew = await crew_of_three(studio, session_factory, tmp_path)
    follower = await caller_fires_in_its_last_second(studio, crew, crew_log_works=True)
    notices = []
    follower.notices.connect(notices.append)
    engine = await take_over_into_seg_c(follower)
    await until(lambda: engine.cue_state("coupon-d") is CueState.SUCCEEDED, 15,
                message="a cue the caller never fired was not sent")
    assert engine.cue_state("coupon-c") is CueState.UNKNOWN
    assert await coupon_batches(studio) == 3   # coupon-d only
    follower.show.retry("coupon-c")
    await until(lambda: engine.cue_state("coupon-c") is CueState.SUCCEEDED, 15)
    assert await coupon_batches(studio) == 3
    assert any("was not sent again" in s for s in said(notices)), said(notices)
    follower.show.end()


@pytest.mark.asyncio
async def test_a_money_cue_found_on_the_platform_is_adopted(session_factory, studio_factory, tmp_path):
    """Nothing of the cue reached the crew (its write-ahead was refused too): at its time, the seat
    taking over finds the caller's batch on the platform, made since the caller last said what it
    fired, and adopts it instead of sending a second one; a cue the caller never fired goes."""
    studio = studio_factory("--demo", "--audience", "0")
    crew = await crew_of_three(studio, session_factory, tmp_path)
    follower = await caller_fires_in_its_last_second(studio, crew, crew_log_works=False)
    notices = []
    follower.notices.connect(notices.append)
    engine = await take_over_into_seg_c(follower)
    await until(lambda: engine.cue_state("coupon-c") is CueState.SUCCEEDED
                and engine.cue_state("coupon-d") is CueState.SUCCEEDED, 15)
    assert await coupon_batches(studio) == 3   # coupon-d only: coupon-c was adopted
    assert any("was not sent again" in s for s in said(notices)), said(notices)
    follower.show.end()


@pytest.mark.asyncio
async def test_a_money_cue_the_platform_cannot_vouch_for_waits_for_the_operator(session_factory, studio_factory,
                                                                             tmp_path):
    """The platform cannot be asked (its list of coupon batches fails): the cue is not sent on its
    own — the operator is told why, and a Retry sends it (the operator's call)."""
    studio = studio_factory("--demo", "--audience", "0")
    crew = await crew_of_three(studio, session_factory, tmp_path)
    follower = await caller_fires_in_its_last_second(studio, crew, crew_log_works=False)

    async def cannot_list(*_a, **_k):
        raise PlatformError(Text("no answer", ""))
    follower.room.primary.platform.list_coupons = cannot_list
    notices = []
    follower.notices.connect(notices.append)
    engine = await take_over_into_seg_c(follower)
    await until(lambda: engine.cue_state("coupon-c") is CueState.FAILED, 15)
    await until(lambda: engine.cue_state("coupon-d") is not CueState.PENDING, 15)
    assert engine.cue_state("coupon-d") is CueState.FAILED   # it cannot tell for that one either
    assert await coupon_batches(studio) == 2
    held = [n for n in notices if "may have sent" in n.text.english()]
    assert held and held[0].buttons, said(notices)
    follower.show.retry("coupon-c")   # the operator looked: it is not there
    await until(lambda: engine.cue_state("coupon-c") is CueState.SUCCEEDED, 15)
    assert await coupon_batches(studio) == 3
    follower.show.end()


@pytest.mark.asyncio
async def test_a_money_cue_written_ahead_but_never_applied_can_be_sent(session_factory, studio_factory, tmp_path):
    """The caller wrote the cue ahead, then the platform refused it, and the caller went before its
    log said so: the seat taking over holds the cue (unknown); its Retry finds nothing on the
    platform and sends it — the gone seat's pending entry no longer holds it back."""
    studio = studio_factory("--demo", "--audience", "0")
    crew = await crew_of_three(studio, session_factory, tmp_path)
    follower = await caller_fires_in_its_last_second(studio, crew, crew_log_works=True, platform_applies=False)
    assert follower.crew.money_elsewhere("issue_coupon", {"template_id": "3", "quantity": 9, "valid_minutes": 15},
                                         "click") is not None
    engine = await take_over_into_seg_c(follower)
    await until(lambda: engine.cue_state("coupon-d") is CueState.SUCCEEDED, 15)
    assert engine.cue_state("coupon-c") is CueState.UNKNOWN
    follower.show.retry("coupon-c")
    await until(lambda: engine.cue_state("coupon-c") is CueState.SUCCEEDED, 15)
    assert await coupon_batches(studio) == 3   # coupon-a by the caller, coupon-d and coupon-c here
    follower.show.end()
