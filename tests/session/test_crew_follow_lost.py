"""What a follower knows of the caller's show (no Qt): that it is a rehearsal, and at what speed; the
cues of the segment on air with their state (not the messages of the whole run); and, once contact
with the show is lost — the caller's seat gone, the room's Studio out of reach — the show as it was
last known, kept (frozen) until a new call or a run of this seat's own, with since when."""

from __future__ import annotations

import pytest

from anchor_console.session.show_follow import CALLER_LEFT, STUDIO_LOST
from anchor_console.show.model import AnchorMessage, Cue, CueMode, Segment, Show, Trigger
from anchor_console.show.timeline_types import CueState, RunPhase
from support.studio import staff_token, studio_settings
from support.waiting import until


def two_segment_show() -> Show:
    hello = Cue("cue-hello", AnchorMessage("欢迎来到直播间"), Trigger.at_start(), CueMode.AUTO)
    go = Cue("cue-go", AnchorMessage("现在说优惠码 GO"), Trigger.at_start(), CueMode.CONFIRM)
    second = Cue("cue-b", AnchorMessage("第二段提示"), Trigger.after(60), CueMode.AUTO)
    by_hand = Cue("cue-b-hand", AnchorMessage("手动提示"), Trigger.at_start(), CueMode.MANUAL)
    return Show(title="跟随测试", segments=(Segment("seg-a", "开场", 600, cues=(hello, go)),
                                          Segment("seg-b", "爆款", 600, cues=(second, by_hand))))


async def caller_and_follower(studio, session_factory, tmp_path):
    seats = []
    for role, name in (("assistant", "李场控"), ("anchor", "王主播")):
        settings = studio_settings(studio)
        settings.operator_name = ""
        seats.append(await session_factory(settings, token=staff_token(studio, name, role), home=tmp_path / role))
    caller, follower = seats
    await until(lambda: [s.staff_name for s in follower.crew.seats_elsewhere()] == ["李场控"], 30,
                message="the seats did not see each other")
    caller.show.set_show(two_segment_show(), None)
    assert caller.show.start(rehearse=True, speed=10)
    await until(lambda: follower.crew.show.view() is not None, 10, message="the follower heard nothing")
    return caller, follower


def cues(session) -> list[tuple[str, CueState]]:
    view = session.crew.show.view()
    return [(c.cue_id, c.state) for c in view.cues] if view is not None else []


@pytest.mark.asyncio
async def test_a_follower_knows_the_rehearsal_and_the_segments_cues_and_keeps_a_gone_callers_show(
        session_factory, studio_factory, tmp_path):
    studio = studio_factory("--demo", "--audience", "0")
    caller, follower = await caller_and_follower(studio, session_factory, tmp_path)
    view = follower.crew.show.view()
    assert view.rehearsal and view.speed == 10.0

    await until(lambda: cues(follower) == [("cue-hello", CueState.SUCCEEDED), ("cue-go", CueState.AWAITING)], 10,
                message="the follower has not the segment's cues with their state")
    (go,) = [c for c in follower.crew.show.view().cues if c.cue_id == "cue-go"]
    assert go.mode is CueMode.CONFIRM and "现在说优惠码 GO" in go.description.english() and go.due_at is not None
    caller.show.next()
    await until(lambda: cues(follower) == [("cue-b", CueState.PENDING), ("cue-b-hand", CueState.PENDING)], 10,
                message="the follower's cues are not those of the segment on air")
    (later,) = [c for c in follower.crew.show.view().cues if c.cue_id == "cue-b"]
    assert later.due_at is not None and later.mode is CueMode.AUTO

    # The caller's console quits (says goodbye): the show is kept as last known, not dropped.
    before = follower.crew.show.view()
    await caller.crew.leave()
    await until(lambda: follower.crew.show.stale() is not None, 10, message="the gone caller's show was dropped")
    lost = follower.crew.show.stale()
    assert not follower.crew.show.following and follower.crew.show.view() is None
    assert lost.why == CALLER_LEFT and lost.view.segment_id == "seg-b" and lost.view.phase is RunPhase.LIVE
    assert lost.view.rehearsal and lost.view.caller_name == "李场控" and lost.view.segments == before.segments
    assert abs(lost.at - follower.clock.now()) < 30
    # A run of this seat's own ends it.
    follower.show.set_show(two_segment_show(), None)
    assert follower.show.start(rehearse=True, speed=10)
    await until(lambda: follower.crew.show.stale() is None, 10, message="a run here did not end the stale show")
    follower.show.end()


@pytest.mark.asyncio
async def test_a_follower_keeps_the_show_as_last_known_when_studio_goes(session_factory, studio_factory, tmp_path):
    studio = studio_factory("--demo", "--audience", "0")
    caller, follower = await caller_and_follower(studio, session_factory, tmp_path)
    said = []
    follower.crew.contact_changed.connect(said.append)
    assert follower.crew.contact_lost_at is None
    studio.kill()
    await until(lambda: follower.crew.contact_lost_at is not None, 15, message="the lost Studio was not noticed")
    assert said == [follower.crew.contact_lost_at]
    lost = follower.crew.show.stale()
    assert lost is not None and lost.why == STUDIO_LOST and lost.view.segment_id == "seg-a"
    assert lost.at == follower.crew.contact_lost_at and not follower.crew.show.following


def test_a_caller_seen_gone_after_studio_was_lost_still_leaves_what_it_fired():
    """Studio out of reach, then (once back) the caller's seat seen gone: the take-over point keeps the
    cues the caller fired, so a take-over here does not pay its money cues again."""
    from anchor_console.platforms.studio_crew import ShowCall
    from anchor_console.session.show_follow import ShowFollow

    class Seats:
        seat_id, active, link = "me", True, None
        clock = type("Clock", (), {"now": lambda self: 1000.0})()

        def studio_now(self):
            return 1000.0

        def notify(self, *a, **k):
            pass

    state = {"run_id": "r1", "phase": "live", "status": "normal", "segment_id": "seg-b", "segment_title": "爆款",
             "segment_start": 0.0, "segment_end": 600.0, "show_now": 100.0, "at": 990.0, "speed": 1.0,
             "fired": [["cue-flash", "succeeded"]], "rehearsal": False, "next_cue": None}
    follow = ShowFollow(Seats())
    follow.call = ShowCall("caller", "李场控", "ask", state)
    follow.contact_lost(995.0)
    assert follow.lost.why == STUDIO_LOST and follow.left is None
    follow.seat_gone("caller")
    assert follow.left is not None and follow.left.fired == (("cue-flash", "succeeded"),)
    assert follow.lost.why == CALLER_LEFT
