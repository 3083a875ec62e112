"""The live timeline: timing (overrun cascade, hard starts, midnight, late start), every cue mode,
the operator's operations, events, and crash/resume without firing a cue twice."""

from __future__ import annotations

import asyncio
import json
from dataclasses import replace
from datetime import date, time

import pytest

from anchor_console.domain.clock import ManualClock
from anchor_console.show.model import (
    AnchorMessage,
    Cue,
    CueMode,
    Segment,
    Show,
    StartMode,
    Trigger,
)
from anchor_console.show.rehearsal import RehearsalClock
from anchor_console.show.showfile import load_show
from anchor_console.show.timeline import TimelineEngine
from anchor_console.show.timeline_types import (
    CueOutcome,
    CueState,
    EventKind,
    RunPhase,
    RunStateError,
    SegmentState,
    TimelineError,
    TimingStatus,
    WarningRule,
    action_key_for,
)
from show_builders import (
    HangingExecutor,
    RaisingExecutor,
    RecordingExecutor,
    SAMPLES,
    TZ,
    at,
    clock_at,
    evening_show,
    failure,
    two_hour_show,
)


def engine_for(show=None, clock=None, executor=None, tmp_path=None, **kw):
    clock = clock or clock_at(20, 0)
    executor = executor or RecordingExecutor()
    events = []
    path = tmp_path / "run.json" if tmp_path is not None else None
    engine = TimelineEngine(show or evening_show(), clock, executor, state_path=path, tz=TZ, run_id="run1",
                            listeners=[events.append], **kw)
    return engine, clock, executor, events


def kinds(events, *wanted):
    return [(e.kind, e.segment_id or e.cue_id) for e in events if e.kind in wanted]


def timing(snapshot, segment_id):
    return next(t for t in snapshot.segments if t.segment_id == segment_id)


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
    engine, clock, _, events = engine_for(clock=clock_at(20, 7))
    engine.start()
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
    engine, clock, _, events = engine_for()
    engine.start()
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
    clock.advance(600)
    engine.next()
    snap = engine.snapshot()
    assert snap.current.segment_id == "C" and snap.current.actual_start == at(20, 33, 30)
    assert timing(snap, "D").projected_start == at(20, 43, 30) and snap.show_offset_s == 210
    assert kinds(events, EventKind.OVERRUN_STARTED) == [(EventKind.OVERRUN_STARTED, "A")]  # once per segment


@pytest.mark.asyncio
async def test_warning_status_and_event_once():
    engine, clock, _, events = engine_for()
    engine.start()
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
    engine, clock, _, events = engine_for()
    engine.start()
    clock.advance(600)
    engine.next()  # B at 20:10, planned to end 20:20; C is fixed at 20:30
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
    engine, clock, _, _ = engine_for()
    engine.start()
    clock.advance(600)
    engine.next()
    clock.advance(600)
    engine.next()  # C entered at 20:20, ten minutes before its fixed time
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
    engine, clock, _, _ = engine_for(show, clock_at(23, 30))
    engine.start()
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
    engine, clock, _, _ = engine_for(show, clock_at(20, 3))
    engine.start()
    snap = engine.snapshot()
    assert timing(snap, "A").planned_start == at(20) and snap.current.start_delta_s == 180


@pytest.mark.asyncio
async def test_extend_and_shorten():
    engine, clock, _, _ = engine_for()
    engine.start()
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
    engine, clock, executor, events = engine_for()
    engine.start()
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
    engine, clock, executor, events = engine_for()
    engine.start()
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
    engine, clock, executor, events = engine_for()
    engine.start()
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
    engine, clock, executor, events = engine_for()
    engine.start()
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
    engine, clock, executor, _ = engine_for()
    engine.start()
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
    engine, clock, executor, events = engine_for()
    engine.start()
    clock.advance(600)
    await engine.step()
    engine.next()
    await engine.step()
    clock.advance(200)
    engine.next()  # B left 400 s early: its end cue never fires by itself...
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
    engine, clock, executor, _ = engine_for()
    engine.start()
    await engine.step()
    clock.advance(60)
    engine.next()  # A left after a minute: a-stage (2:00), a-coupon (5:00), a-mute (end) are missed
    for _ in range(30):
        clock.advance(60)
        await engine.step()
    assert not {"a-stage", "a-coupon", "a-mute"} & set(executor.fired())
    assert {engine.cue_state(c) for c in ("a-stage", "a-coupon", "a-mute")} == {CueState.MISSED}
    assert engine.cue_state("a-manual") is CueState.PENDING  # manual cues simply were not used


@pytest.mark.asyncio
async def test_previous_goes_back_and_rearms_future_cues():
    engine, clock, executor, events = engine_for()
    engine.start()
    await engine.step()
    clock.advance(60)
    engine.next()  # pressed too early
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
    clock.advance(600)
    engine.next()
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
    engine, clock, _, events = engine_for()
    engine.start()
    for seg in "BCD":
        engine.skip(seg)
    snap = engine.snapshot()
    assert snap.next is None and snap.show_offset_s == at(20, 10) - at(20, 50)
    clock.advance(600)
    engine.next()
    assert engine.phase is RunPhase.ENDED
    assert kinds(events, EventKind.SHOW_ENDED) == [(EventKind.SHOW_ENDED, "")]


@pytest.mark.asyncio
async def test_ending_early_lists_unreached_cues_as_missed_and_previous_reopens():
    engine, clock, executor, _ = engine_for()
    engine.start()
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
    engine, clock, _, events = engine_for(show, executor=executor)
    engine.start()
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
    engine, clock, executor, _ = engine_for(executor=RaisingExecutor())
    engine.start()
    [(_, outcome)] = await engine.step()
    assert not outcome.ok and "platform unreachable" in outcome.reason.english()
    clock.advance(120)
    [(cue_id, _)] = await engine.step()  # the show goes on
    assert cue_id == "a-stage"


@pytest.mark.asyncio
async def test_a_cue_found_too_late_waits_for_a_go():
    engine, clock, executor, _ = engine_for(catch_up_s=10)
    engine.start()
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
    engine, clock, _, _ = engine_for(executor=executor)
    engine.start()
    first = asyncio.ensure_future(engine.step())
    await executor.called.wait()
    second = await engine.step()  # the ui's timer ticks while the platform is slow
    assert second == [] and executor.fired() == ["a-hello"]
    executor.release.set()
    [(cue_id, outcome)] = await first
    assert cue_id == "a-hello" and outcome.ok


def test_listener_errors_do_not_stop_the_show(caplog):
    engine, clock, _, _ = engine_for()

    def broken(event):
        raise RuntimeError("view crashed")

    remove = engine.happened.connect(broken)
    engine.start()
    assert engine.phase is RunPhase.LIVE and "view crashed" in caplog.text
    remove()
    clock.advance(600)
    engine.next()


@pytest.mark.asyncio
async def test_replace_show_while_live_keeps_what_happened():
    engine, clock, executor, _ = engine_for()
    engine.start()
    await engine.step()
    show = engine.show
    new_b = replace(show.segments[1], duration_s=300, title="福利款（缩短）")
    extra = Segment("E", "加播", 300, cues=(Cue("e-hi", AnchorMessage("加播"), Trigger.at_start(), CueMode.AUTO),))
    engine.replace_show(replace(show, segments=(show.segments[0], new_b, show.segments[2], show.segments[3], extra)))
    snap = engine.snapshot()
    assert engine.cue_state("a-hello") is CueState.SUCCEEDED
    assert timing(snap, "B").projected_end == at(20, 15) and timing(snap, "E").state is SegmentState.PENDING
    with pytest.raises(TimelineError):
        engine.replace_show(replace(show, segments=show.segments[1:]))  # A is on air


# ------------------------------------------------------------------------- crash and resume


@pytest.mark.asyncio
async def test_resume_after_a_crash_mid_cue(tmp_path):
    show = evening_show()
    clock = clock_at(20, 0)
    path = tmp_path / "run.json"
    first = RecordingExecutor()
    engine = TimelineEngine(show, clock, first, state_path=path, tz=TZ, run_id="run1")
    engine.start()
    await engine.step()
    clock.advance(120)
    hanging = HangingExecutor()
    engine.executor = hanging
    task = asyncio.ensure_future(engine.step())  # a-stage: recorded as fired, then the console dies
    await hanging.called.wait()
    on_disk = json.loads(path.read_text(encoding="utf-8"))
    assert next(c for c in on_disk["cues"] if c["id"] == "a-stage")["state"] == "firing"
    task.cancel()  # the crash
    with pytest.raises(asyncio.CancelledError):
        await task

    clock.advance(3)  # restart three seconds later
    after = RecordingExecutor()
    events = []
    resumed = TimelineEngine.resume(path, show, clock, after, tz=TZ, listeners=[events.append])
    assert resumed.run_id == "run1" and resumed.phase is RunPhase.LIVE
    snap = resumed.snapshot()
    assert snap.current.segment_id == "A" and snap.current.actual_start == at(20)
    assert resumed.cue_state("a-stage") is CueState.UNKNOWN
    assert resumed.cue_state("a-hello") is CueState.SUCCEEDED
    assert [(e.kind, e.cue_id) for e in events] == [(EventKind.CUE_OUTCOME_UNKNOWN, "a-stage")]
    for _ in range(5):
        await resumed.step()
    assert after.fired() == []  # neither a-hello nor a-stage is sent again
    clock.advance(180)
    await resumed.step()
    assert "a-coupon" in [c.cue_id for c in resumed.snapshot().awaiting]
    # The journal may reconcile "unknown" by retrying with the same key.
    await resumed.retry("a-stage")
    assert after.calls == [("a-stage", "show:run1:cue:a-stage")]
    assert hanging.calls[0][1] == after.calls[0][1]


@pytest.mark.asyncio
async def test_resume_later_holds_overdue_auto_cues_for_a_go(tmp_path):
    engine, clock, executor, _ = engine_for(tmp_path=tmp_path)
    engine.start()
    await engine.step()
    clock.advance(60)
    engine.next()
    await engine.step()
    del engine  # the console crashes with B on air (since 20:01)...
    clock.advance(14 * 60 + 20)  # ...and is back at 20:15:20: B's end cue (due 20:11) is 4:20 overdue
    resumed = TimelineEngine.resume(tmp_path / "run.json", evening_show(), clock, executor, tz=TZ)
    await resumed.step()
    assert resumed.snapshot().current.segment_id == "B"
    assert "b-end" not in executor.fired()
    assert [c.cue_id for c in resumed.snapshot().awaiting] == ["b-end"]
    assert executor.fired().count("b-stage") == 1


def test_resume_refuses_a_broken_run_state(tmp_path):
    path = tmp_path / "run.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(RunStateError) as err:
        TimelineEngine.resume(path, evening_show(), ManualClock(), RecordingExecutor())
    assert "Cannot resume" in err.value.message.english()
    path.write_text(json.dumps({"format": "anchor-console-run", "version": 9, "run_id": "x"}), encoding="utf-8")
    with pytest.raises(RunStateError, match="newer"):
        TimelineEngine.resume(path, evening_show(), ManualClock(), RecordingExecutor())
    path.write_text(json.dumps({"format": "anchor-console-run", "version": 1, "run_id": "x", "phase": "live"}),
                    encoding="utf-8")
    with pytest.raises(RunStateError, match="damaged"):
        TimelineEngine.resume(path, evening_show(), ManualClock(), RecordingExecutor())
    with pytest.raises(RunStateError):
        TimelineEngine.resume(tmp_path / "missing.json", evening_show(), ManualClock(), RecordingExecutor())


@pytest.mark.asyncio
async def test_run_state_holds_planned_vs_actual_after_the_show(tmp_path):
    engine, clock, executor, _ = engine_for(tmp_path=tmp_path)
    engine.start()
    for minutes in (11, 9, 10, 10):
        for _ in range(minutes * 6):
            clock.advance(10)
            await engine.step()
        for cue in engine.snapshot().awaiting:
            await engine.confirm(cue.cue_id)
        engine.next()
    data = json.loads((tmp_path / "run.json").read_text(encoding="utf-8"))
    assert data["phase"] == "ended" and data["run_id"] == "run1"
    seg = {s["id"]: s for s in data["segments"]}
    assert seg["A"]["planned_start"] == at(20) and seg["A"]["actual_end"] == at(20, 11)
    assert seg["C"]["planned_start"] == at(20, 30) and seg["C"]["actual_start"] == at(20, 20)
    cues = {c["id"]: c for c in data["cues"]}
    assert cues["a-coupon"]["fired_by"] == "confirm" and cues["a-coupon"]["state"] == "succeeded"
    assert cues["a-stage"]["fired_at"] == at(20, 2) and cues["a-stage"]["outcome_at"] == at(20, 2)
    assert cues["a-manual"]["state"] == "pending"
    assert not list(tmp_path.glob(".*.tmp"))  # atomic writes leave no temporary files


# ------------------------------------------------------------------------ whole shows, fast


@pytest.mark.asyncio
async def test_a_two_hour_show_runs_on_an_injected_clock(tmp_path):
    """Every simulated second a step and a redraw, no sleeping (how long it takes is measured by
    tests/benchmarks/bench_timeline.py, not asserted here)."""
    show = two_hour_show()
    clock = clock_at(20, 0)
    executor = RecordingExecutor()
    engine = TimelineEngine(show, clock, executor, state_path=tmp_path / "run.json", tz=TZ)
    engine.start()
    while engine.phase is RunPhase.LIVE:
        await engine.step()  # a step and a redraw every simulated second
        snap = engine.snapshot()
        if snap.remaining_s is not None and snap.remaining_s <= -15:  # the anchor wraps up 15 s late
            engine.next()
        clock.advance(1)
    assert clock.now() - at(20) == pytest.approx(12 * 615, abs=1)
    assert sorted(executor.fired()) == sorted(c.id for _, c in show.all_cues())  # every cue, exactly once
    data = engine.run_state()
    assert data["segments"][11]["actual_end"] - data["segments"][11]["planned_end"] == pytest.approx(12 * 15, abs=1)


@pytest.mark.asyncio
async def test_rehearsing_the_30_minute_sample_at_10x(tmp_path):
    show = load_show(SAMPLES / "sample_30min.show.toml")
    base = ManualClock()
    rehearsal = RehearsalClock(base, 10, start_at=at(20, 0, day=date(2026, 3, 20)))
    executor = RecordingExecutor()
    engine = TimelineEngine(show, rehearsal, executor, state_path=tmp_path / "run.json", tz=TZ)
    engine.start()
    base_seconds = 0.0
    while engine.phase is RunPhase.LIVE:
        await engine.step()
        snap = engine.snapshot()
        for cue in snap.awaiting:
            await engine.confirm(cue.cue_id)  # the assistant presses go on everything
        if snap.remaining_s is not None and snap.remaining_s <= 0:
            engine.next()
        base.advance(0.2)
        base_seconds += 0.2
    assert base_seconds == pytest.approx(180, abs=1)  # 30 minutes in 3 at 10×
    manual = {c.id for _, c in show.all_cues() if c.mode is CueMode.MANUAL}
    assert set(executor.fired()) == {c.id for _, c in show.all_cues()} - manual
    assert len(executor.fired()) == len(set(executor.fired()))
    assert abs(engine.snapshot().show_offset_s) < 5


def test_rehearsal_clock_scales_pauses_and_changes_speed():
    base = ManualClock(1000.0)
    clock = RehearsalClock(base, 10, start_at=5000.0)
    assert clock.now() == 5000.0
    base.advance(3)
    assert clock.now() == 5030.0
    m = clock.monotonic()
    clock.pause()
    base.advance(100)
    assert clock.now() == 5030.0 and clock.monotonic() == m and clock.paused
    clock.resume()
    clock.set_speed(2)
    base.advance(5)
    assert clock.now() == 5040.0 and clock.speed == 2
    for bad in (0, 0.5, 11):
        with pytest.raises(ValueError):
            RehearsalClock(base, bad)
    with pytest.raises(ValueError):
        clock.set_speed(20)


@pytest.mark.asyncio
async def test_outcome_without_a_cue_outcome_is_a_failure():
    class Vague:
        async def execute(self, cue, *, action_key):
            return "done"

    engine, clock, _, _ = engine_for(executor=Vague())
    engine.start()
    [(_, outcome)] = await engine.step()
    assert not outcome.ok


def test_operations_that_do_not_apply_say_why():
    engine, clock, _, _ = engine_for()
    for op in (engine.next, engine.end, lambda: engine.extend(10), engine.previous):
        with pytest.raises(TimelineError) as err:
            op()
        assert err.value.message.english()
    with pytest.raises(TimelineError):
        engine.skip("nope")
    with pytest.raises(TimelineError):
        engine.dismiss("a-coupon")


def test_an_empty_show_starts_and_ends():
    engine, clock, _, events = engine_for(Show("空", None, None, 0, ()))
    engine.start()
    assert engine.phase is RunPhase.ENDED
    assert [e.kind for e in events] == [EventKind.SHOW_STARTED, EventKind.SHOW_ENDED]


@pytest.mark.asyncio
async def test_outcome_unknown_constructors():
    assert CueOutcome.success().ok and not CueOutcome.failure(failure("x").reason).ok


def test_a_show_with_a_repeated_id_cannot_run():
    show = evening_show()
    twice = replace(show, segments=show.segments + (Segment("A", "重复", 60),))
    with pytest.raises(TimelineError, match="used twice"):
        TimelineEngine(twice, ManualClock(), RecordingExecutor())


@pytest.mark.asyncio
async def test_resume_after_the_segment_on_air_was_deleted(tmp_path):
    engine, clock, _, _ = engine_for(tmp_path=tmp_path)
    engine.start()
    show = evening_show()
    with pytest.raises(RunStateError, match="no longer in the show"):
        TimelineEngine.resume(tmp_path / "run.json", replace(show, segments=show.segments[1:]), clock,
                              RecordingExecutor())


@pytest.mark.asyncio
async def test_a_cue_that_cannot_be_recorded_is_not_sent(tmp_path, monkeypatch):
    import anchor_console.show.run_state as run_state_module

    engine, clock, executor, _ = engine_for(tmp_path=tmp_path)
    engine.start()

    def disk_full(path, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(run_state_module, "write_atomically", disk_full)
    with pytest.raises(TimelineError, match="No space left"):
        await engine.step()
    assert executor.fired() == [] and engine.cue_state("a-hello") is CueState.PENDING
    monkeypatch.undo()
    await engine.step()
    assert executor.fired() == ["a-hello"]
