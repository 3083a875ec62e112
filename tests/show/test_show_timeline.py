"""The live timeline: timing (overrun cascade, hard starts, midnight, late start), every cue mode and
the operator's operations. Crash/resume and the rest: test_show_timeline_resume.py."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import date, time

import pytest

from anchor_console.show.model import Segment, Show, StartMode
from anchor_console.show.timeline_types import (CueState, EventKind, RunPhase, SegmentState, TimelineError,
                                                TimingStatus, WarningRule, action_key_for)
from show_builders import (HangingExecutor, RaisingExecutor, RecordingExecutor, at, clock_at, engine_for,
                           evening_show, failure, kinds, next_after, started_engine, timing)


# ----------------------------------------------------------------------------------- timing


def test_planned_schedule_before_the_start():
    engine, clock, _, _ = engine_for(clock=clock_at(19, 50))
    snap = engine.snapshot()
    assert snap.phase is RunPhase.READY and snap.current is None
    assert [timing(snap, s).planned_start for s in "ABCD"] == [at(20), at(20, 10), at(20, 30), at(20, 40)]
    assert timing(snap, "C").gap_before_s == 600  # the hard start leaves a gap after B
    assert snap.next.segment_id == "A" and snap.next.projected_start == at(20)
    assert snap.show_offset_s == 0


@pytest.mark.asyncio
async def test_a_late_start_shifts_every_soft_segment_but_not_hard_starts():
    engine, clock, _, events = started_engine(clock=clock_at(20, 7))
    await engine.step()
    snap = engine.snapshot()
    assert snap.current.segment_id == "A" and snap.current.actual_start == at(20, 7)
    assert timing(snap, "B").projected_start == at(20, 17)       # 7 minutes late
    assert timing(snap, "C").projected_start == at(20, 30)       # hard: keeps its time of day
    assert timing(snap, "C").gap_before_s == 180                 # the gap shrank from 10 to 3 minutes
    assert timing(snap, "D").projected_start == at(20, 40)
    assert snap.show_offset_s == 0                               # the gap absorbed the delay
    assert timing(snap, "B").start_delta_s == 420


@pytest.mark.asyncio
async def test_overrun_carries_into_the_following_soft_segments():
    engine, clock, _, events = started_engine()
    clock.advance(600 + 90)  # A overruns by 90 s
    await engine.step()
    snap = engine.snapshot()
    assert snap.remaining_s == -90 and snap.status is TimingStatus.OVERRUN
    assert timing(snap, "A").projected_end == at(20, 11, 30)
    assert snap.next.segment_id == "B" and snap.next.projected_start == at(20, 11, 30)
    assert timing(snap, "C").projected_start == at(20, 30) and timing(snap, "C").gap_before_s == 510
    assert kinds(events, EventKind.OVERRUN_STARTED) == [(EventKind.OVERRUN_STARTED, "A")]
    # Keep overrunning past the hard start's slack: C now overlaps, and the show runs late.
    clock.advance(12 * 60)
    await engine.step()
    snap = engine.snapshot()
    assert timing(snap, "B").projected_start == at(20, 23, 30)
    assert timing(snap, "C").gap_before_s == -210                 # B would end 3.5 min into C's slot
    # The fixed start is a target: as things go, C starts when B ends, and the show ends 3.5 min
    # late — said now, not only once B has actually run into C.
    assert timing(snap, "C").projected_start == at(20, 33, 30)
    assert snap.show_offset_s == 210
    engine.next()
    next_after(engine, clock, 600)
    snap = engine.snapshot()
    assert snap.current.segment_id == "C" and snap.current.actual_start == at(20, 33, 30)
    assert timing(snap, "D").projected_start == at(20, 43, 30) and snap.show_offset_s == 210
    assert kinds(events, EventKind.OVERRUN_STARTED) == [(EventKind.OVERRUN_STARTED, "A")]  # once per segment


@pytest.mark.asyncio
async def test_warning_status_and_event_once():
    engine, clock, _, events = started_engine()
    clock.advance(600 - 61)
    await engine.step()
    assert engine.snapshot().status is TimingStatus.NORMAL
    clock.advance(1)
    await engine.step()
    await engine.step()
    assert engine.snapshot().status is TimingStatus.WARNING
    assert kinds(events, EventKind.TIMING_WARNING) == [(EventKind.TIMING_WARNING, "A")]
    # A short segment is amber only for its last 10 %.
    assert WarningRule().window(120) == 12 and WarningRule().window(3600) == 60
    assert WarningRule(seconds=None, fraction=None).status(0, 100) is TimingStatus.WARNING
    assert WarningRule(seconds=30, fraction=None).status(31, 1000) is TimingStatus.NORMAL


@pytest.mark.asyncio
async def test_hard_start_reached_early_shows_the_gap_and_cuts_nothing():
    engine, clock, _, events = started_engine()
    next_after(engine, clock, 600)  # B at 20:10, planned to end 20:20; C is fixed at 20:30
    clock.advance(11 * 60)  # 20:21: B overruns by a minute, still 9 minutes before C
    await engine.step()
    snap = engine.snapshot()
    assert snap.current.segment_id == "B" and snap.next.segment_id == "C"
    assert snap.next.gap_before_s == 540
    clock.advance(10 * 60)  # 20:31: C's time has come while B is still on
    await engine.step()
    snap = engine.snapshot()
    assert snap.current.segment_id == "B"  # never cut off by the engine
    assert snap.next.gap_before_s == -60
    assert kinds(events, EventKind.HARD_START_REACHED) == [(EventKind.HARD_START_REACHED, "C")]


@pytest.mark.asyncio
async def test_next_into_a_hard_segment_early_starts_it_now():
    engine, clock, _, _ = started_engine()
    next_after(engine, clock, 600)
    next_after(engine, clock, 600)  # C entered at 20:20, ten minutes before its fixed time
    snap = engine.snapshot()
    assert snap.current.segment_id == "C" and snap.current.actual_start == at(20, 20)
    assert snap.current.start_delta_s == -600
    assert timing(snap, "D").projected_start == at(20, 30) and snap.show_offset_s == -600


@pytest.mark.asyncio
async def test_hard_start_after_midnight():
    show = Show("夜场", date(2026, 3, 8), time(23, 30), 0, (
        Segment("late", "深夜福利", 40 * 60),
        Segment("midnight", "零点秒杀", 20 * 60, StartMode.HARD, time(0, 20)),
        Segment("bye", "下播", 10 * 60),
    ))
    sched = show.schedule()
    assert sched.item("midnight").start.date() == date(2026, 3, 9)
    assert sched.item("midnight").gap_before_s == 600
    assert sched.length_s == (40 + 10 + 20 + 10) * 60
    engine, clock, _, _ = started_engine(show, clock_at(23, 30))
    snap = engine.snapshot()
    assert timing(snap, "midnight").projected_start == at(0, 20, day=date(2026, 3, 9))
    clock.advance(55 * 60)  # 00:25 on the next day, still in the first segment
    snap = engine.snapshot()
    assert timing(snap, "midnight").gap_before_s == -300
    # Running 5 min into the fixed 00:20 start: it starts when the first segment ends, and so on.
    assert timing(snap, "midnight").projected_start == at(0, 25, day=date(2026, 3, 9))
    assert timing(snap, "bye").projected_start == at(0, 45, day=date(2026, 3, 9))
    assert snap.show_offset_s == 300


@pytest.mark.asyncio
async def test_show_without_date_plans_on_the_day_it_starts():
    show = replace(evening_show(), date=None)
    engine, clock, _, _ = started_engine(show, clock_at(20, 3))
    snap = engine.snapshot()
    assert timing(snap, "A").planned_start == at(20) and snap.current.start_delta_s == 180


@pytest.mark.asyncio
async def test_extend_and_shorten():
    engine, clock, _, _ = started_engine()
    clock.advance(300)
    assert engine.extend(120) == 120
    assert engine.snapshot().remaining_s == 420
    assert timing(engine.snapshot(), "B").projected_start == at(20, 12)
    assert engine.extend(-10_000) == -420  # never below the time already elapsed
    snap = engine.snapshot()
    assert snap.remaining_s == 0 and snap.current.duration_s == 300
    clock.advance(60)  # now overrunning by a minute: shortening changes nothing
    assert engine.extend(-30) == 0
    assert engine.snapshot().remaining_s == -60
    assert engine.extend(90) == 90 and engine.snapshot().remaining_s == 30


@pytest.mark.asyncio
async def test_extend_moves_an_end_cue_and_rearms_the_overrun_event():
    engine, clock, executor, events = started_engine()
    clock.advance(600 - 30 - 1)
    await engine.step()
    assert "a-mute" not in executor.fired()
    engine.extend(60)  # the "30 s before the end" cue moves a minute later
    clock.advance(2)
    await engine.step()
    assert "a-mute" not in executor.fired()
    clock.advance(60)
    await engine.step()
    assert "a-mute" in executor.fired()
    clock.advance(60)
    await engine.step()
    engine.extend(120)
    clock.advance(121)
    await engine.step()
    assert len(kinds(events, EventKind.OVERRUN_STARTED)) == 2


# ------------------------------------------------------------------------------------- cues


@pytest.mark.asyncio
async def test_auto_cues_fire_on_time_exactly_once():
    engine, clock, executor, events = started_engine()
    await engine.step()
    assert executor.fired() == ["a-hello"]
    clock.advance(119)
    await engine.step()
    assert executor.fired() == ["a-hello"]
    clock.advance(1)
    outcomes = await engine.step()
    assert [c for c, _ in outcomes] == ["a-stage"]
    await engine.step()
    await engine.step()
    assert executor.fired() == ["a-hello", "a-stage"]
    assert executor.calls[1][1] == action_key_for("run1", "a-stage") == "show:run1:cue:a-stage"
    assert engine.cue_state("a-stage") is CueState.SUCCEEDED
    view = next(c for c in engine.snapshot().cues if c.cue_id == "a-stage")
    assert view.fired_at == at(20, 2) and view.due_at == at(20, 2)
    fired = [e.kind for e in events if e.cue_id == "a-stage"]
    assert fired == [EventKind.CUE_FIRED, EventKind.CUE_SUCCEEDED]


@pytest.mark.asyncio
async def step_through(engine, clock, seconds, tick=1.0):
    for _ in range(int(seconds / tick)):
        clock.advance(tick)
        await engine.step()


@pytest.mark.asyncio
async def test_confirm_cue_waits_for_go():
    engine, clock, executor, events = started_engine()
    await step_through(engine, clock, 300)
    snap = engine.snapshot()
    assert [c.cue_id for c in snap.awaiting] == ["a-coupon"]
    assert "a-coupon" not in executor.fired()
    clock.advance(20)
    await engine.step()
    assert "a-coupon" not in executor.fired()
    outcome = await engine.confirm("a-coupon")
    assert outcome.ok and executor.fired().count("a-coupon") == 1
    assert engine.snapshot().awaiting == ()
    with pytest.raises(TimelineError):
        await engine.confirm("a-coupon")
    assert (EventKind.CUE_AWAITING, "a-coupon") in [(e.kind, e.cue_id) for e in events]


@pytest.mark.asyncio
async def test_confirm_cue_can_be_dismissed_and_later_fired_by_hand():
    engine, clock, executor, events = started_engine()
    await step_through(engine, clock, 300)
    engine.dismiss("a-coupon")
    assert engine.cue_state("a-coupon") is CueState.DISMISSED and engine.snapshot().awaiting == ()
    clock.advance(10)
    await engine.step()
    assert "a-coupon" not in executor.fired()
    assert (await engine.fire_manually("a-coupon")).ok
    assert executor.fired().count("a-coupon") == 1


@pytest.mark.asyncio
async def test_manual_cues_are_listed_and_fire_only_by_hand():
    engine, clock, executor, _ = started_engine()
    for _ in range(5):
        clock.advance(100)
        await engine.step()
    assert "a-manual" not in executor.fired()
    assert [c.cue_id for c in engine.snapshot().manual] == ["a-manual"]
    await engine.fire_manually("a-manual")
    assert executor.fired().count("a-manual") == 1 and engine.snapshot().manual == ()
    with pytest.raises(TimelineError):
        await engine.fire_manually("a-manual")  # already fired in this run
    engine.next()
    assert engine.cue_state("a-manual") is CueState.SUCCEEDED


@pytest.mark.asyncio
async def test_end_cue_fires_at_the_planned_end_not_on_next():
    engine, clock, executor, events = started_engine()
    clock.advance(600)
    await engine.step()
    engine.next()
    await engine.step()
    next_after(engine, clock, 200)  # B left 400 s early: its end cue never fires by itself...
    for _ in range(10):
        clock.advance(100)
        await engine.step()
    assert "b-end" not in executor.fired()
    assert engine.cue_state("b-end") is CueState.MISSED
    assert (EventKind.CUE_MISSED, "b-end") in [(e.kind, e.cue_id) for e in events]
    assert "b-end" in [c.cue_id for c in engine.snapshot().missed]
    assert (await engine.fire_manually("b-end")).ok  # ...but the operator can still fire it


@pytest.mark.asyncio
async def test_cues_of_a_segment_left_early_never_fire_later():
    engine, clock, executor, _ = started_engine()
    await engine.step()
    next_after(engine, clock, 60)  # A left after a minute: a-stage (2:00), a-coupon (5:00), a-mute (end) are missed
    for _ in range(30):
        clock.advance(60)
        await engine.step()
    assert not {"a-stage", "a-coupon", "a-mute"} & set(executor.fired())
    assert {engine.cue_state(c) for c in ("a-stage", "a-coupon", "a-mute")} == {CueState.MISSED}
    assert engine.cue_state("a-manual") is CueState.PENDING  # manual cues simply were not used


@pytest.mark.asyncio
async def test_previous_goes_back_and_rearms_future_cues():
    engine, clock, executor, events = started_engine()
    await engine.step()
    next_after(engine, clock, 60)  # pressed too early
    await engine.step()
    assert executor.fired() == ["a-hello", "b-stage"]
    clock.advance(5)
    engine.previous()
    snap = engine.snapshot()
    assert snap.current.segment_id == "A" and snap.current.actual_start == at(20)  # continues, not restarted
    assert snap.elapsed_s == 65
    assert timing(snap, "B").state is SegmentState.PENDING
    assert engine.cue_state("a-stage") is CueState.PENDING  # still in the future: armed again
    clock.advance(55)
    await engine.step()
    assert executor.fired() == ["a-hello", "b-stage", "a-stage"]  # a-hello not again
    engine.next()
    await engine.step()
    assert executor.fired().count("b-stage") == 1  # B's start cue fired the first time round
    with pytest.raises(TimelineError):
        engine.previous()
        engine.previous()  # the second one: A is the first segment
    changes = [(e.segment_id, e.previous_segment_id) for e in events if e.kind is EventKind.SEGMENT_CHANGED]
    assert changes[:3] == [("A", ""), ("B", "A"), ("A", "B")]


@pytest.mark.asyncio
async def test_skip_and_unskip():
    engine, clock, executor, _ = engine_for()
    engine.skip("B")
    engine.start()
    with pytest.raises(TimelineError):
        engine.skip("A")  # on air: use next
    next_after(engine, clock, 600)
    await engine.step()
    snap = engine.snapshot()
    assert snap.current.segment_id == "C"
    assert timing(snap, "B").state is SegmentState.SKIPPED and timing(snap, "B").projected_start is None
    assert engine.cue_state("b-stage") is CueState.MISSED and "b-stage" not in executor.fired()
    with pytest.raises(TimelineError):
        engine.unskip("B")  # behind us now
    engine.skip("D")
    engine.unskip("D")
    assert engine.cue_state("d-bye") is CueState.PENDING
    engine.next()
    assert engine.snapshot().current.segment_id == "D"


@pytest.mark.asyncio
async def test_skipping_ahead_ends_the_show_early():
    engine, clock, _, events = started_engine()
    for seg in "BCD":
        engine.skip(seg)
    snap = engine.snapshot()
    assert snap.next is None and snap.show_offset_s == at(20, 10) - at(20, 50)
    next_after(engine, clock, 600)
    assert engine.phase is RunPhase.ENDED
    assert kinds(events, EventKind.SHOW_ENDED) == [(EventKind.SHOW_ENDED, "")]


@pytest.mark.asyncio
async def test_next_pressed_twice_then_previous_sends_the_start_cue_the_double_press_skipped():
    engine, clock, executor, _ = started_engine()
    await engine.step()
    next_after(engine, clock, 600)   # into B …
    next_after(engine, clock, 0.15)  # … and straight out again, before B's start cue was sent
    assert engine.cue_state("b-stage") is CueState.MISSED
    clock.advance(1)
    engine.previous()                # back to B: its start cue, a second late, is sent now
    await engine.step()
    assert engine.cue_state("b-stage") is CueState.SUCCEEDED and executor.fired().count("b-stage") == 1
    clock.advance(60)
    engine.previous()                # back to A, long after A's cues were due: held for a go, not sent late
    await engine.step()
    assert engine.cue_state("a-mute") is CueState.AWAITING


@pytest.mark.asyncio
async def test_ending_early_lists_unreached_cues_as_missed_and_previous_reopens():
    engine, clock, executor, _ = started_engine()
    clock.advance(60)
    engine.end()
    assert engine.phase is RunPhase.ENDED
    assert engine.cue_state("d-bye") is CueState.MISSED
    engine.previous()
    assert engine.phase is RunPhase.LIVE and engine.snapshot().current.segment_id == "A"
    assert engine.cue_state("d-bye") is CueState.PENDING
    with pytest.raises(TimelineError):
        engine.start()


@pytest.mark.asyncio
async def test_failures_are_reported_and_retried_with_the_same_key():
    show = evening_show()
    executor = RecordingExecutor({"a-hello": failure("room is not live")})
    engine, clock, _, events = started_engine(show, executor=executor)
    [(cue_id, outcome)] = await engine.step()
    assert not outcome.ok and outcome.reason.english() == "room is not live"
    assert engine.cue_state("a-hello") is CueState.FAILED
    failed = [e for e in events if e.kind is EventKind.CUE_FAILED]
    assert failed[0].reason.english() == "room is not live"
    executor.answers.clear()
    assert (await engine.retry("a-hello")).ok
    assert executor.calls[0][1] == executor.calls[1][1]  # one action key for every attempt
    with pytest.raises(TimelineError):
        await engine.retry("a-hello")


@pytest.mark.asyncio
async def test_an_executor_exception_is_a_failure_not_a_crash():
    engine, clock, executor, _ = started_engine(executor=RaisingExecutor())
    [(_, outcome)] = await engine.step()
    assert not outcome.ok and outcome.reason.english() == "The cue could not be sent: ConnectionError"
    clock.advance(120)
    [(cue_id, _)] = await engine.step()  # the show goes on
    assert cue_id == "a-stage"


@pytest.mark.asyncio
async def test_a_cue_found_too_late_waits_for_a_go():
    engine, clock, executor, _ = started_engine(catch_up_s=10)
    await engine.step()
    clock.advance(180)  # the ui stalled for three minutes: a-stage (due 2:00) is a minute late
    await engine.step()
    assert "a-stage" not in executor.fired()
    [view] = engine.snapshot().awaiting
    assert view.cue_id == "a-stage" and view.late
    await engine.confirm("a-stage")
    assert executor.fired().count("a-stage") == 1


@pytest.mark.asyncio
async def test_concurrent_steps_never_fire_a_cue_twice():
    executor = HangingExecutor()
    engine, clock, _, _ = started_engine(executor=executor)
    first = asyncio.ensure_future(engine.step())
    await executor.called.wait()
    second = await engine.step()  # the ui's timer ticks while the platform is slow
    assert second == [] and executor.fired() == ["a-hello"]
    executor.release.set()
    [(cue_id, outcome)] = await first
    assert cue_id == "a-hello" and outcome.ok


def test_a_countdown_in_whole_seconds_is_what_the_clock_shows():
    """The control API's countdown number reads as the panels' clock does; both count up to the
    next whole second, so 0:00 shows only once the segment's time is up (0.4 s left read 0:00, and
    Next pressed then missed an "at segment end" cue still due)."""
    from anchor_console.domain.clock import countdown_seconds, format_countdown

    for remaining, shown in ((59.6, "1:00"), (59.4, "1:00"), (0.4, "0:01"), (0.0, "0:00"), (-0.6, "0:00"),
                             (-1.2, "-0:01"), (-75.4, "-1:15"), (600, "10:00")):
        assert format_countdown(remaining) == shown
        assert format_countdown(countdown_seconds(remaining)) == shown
