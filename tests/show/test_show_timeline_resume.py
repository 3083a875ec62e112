"""The live timeline, continued: listeners, replacing the show while live, crash/resume without
firing a cue twice, the run state, long shows on an injected clock, rehearsal clocks, odd cases."""

from __future__ import annotations

import asyncio
import json
from dataclasses import replace
from datetime import date

import pytest

from anchor_console.domain.clock import ManualClock
from anchor_console.domain.text import QT_TRANSLATE_NOOP
from anchor_console.show.model import AnchorMessage, Cue, CueMode, IssueCoupon, Segment, Show, Trigger
from anchor_console.show.rehearsal import RehearsalClock
from anchor_console.show.run_state import CueRecord
from anchor_console.show.showfile import load_show
from anchor_console.show.timeline import TimelineEngine
from anchor_console.show.timeline_types import (CueOutcome, CueState, EventKind, RunPhase, RunStateError,
                                                SegmentState, TimelineError)
from show_builders import (SAMPLES, TZ, HangingExecutor, RecordingExecutor, at, clock_at, engine_for, evening_show,
                           failure, next_after, started_engine, timing, two_hour_show)


def test_listener_errors_do_not_stop_the_show(caplog):
    engine, clock, _, _ = engine_for()

    def broken(event):
        raise RuntimeError("view crashed")

    remove = engine.happened.connect(broken)
    engine.start()
    assert engine.phase is RunPhase.LIVE and "view crashed" in caplog.text
    remove()
    next_after(engine, clock, 600)


@pytest.mark.asyncio
async def test_replace_show_while_live_keeps_what_happened():
    engine, clock, executor, _ = started_engine()
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
    engine, clock, executor, _ = started_engine(tmp_path=tmp_path)
    await engine.step()
    next_after(engine, clock, 60)
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
    engine, clock, executor, _ = started_engine(tmp_path=tmp_path)
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

    engine, clock, _, _ = started_engine(executor=Vague())
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
    engine, clock, _, events = started_engine(Show("空", None, None, 0, ()))
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


def _as_an_older_console_wrote_it(path) -> None:
    """A run state from before the running show's text was kept in it."""
    data = json.loads(path.read_text(encoding="utf-8"))
    del data["show"]
    path.write_text(json.dumps(data), encoding="utf-8")


@pytest.mark.asyncio
async def test_resume_after_the_segment_on_air_was_deleted(tmp_path):
    engine, clock, _, _ = started_engine(tmp_path=tmp_path)
    show = evening_show()
    _as_an_older_console_wrote_it(tmp_path / "run.json")
    with pytest.raises(RunStateError, match="no longer in the show"):
        TimelineEngine.resume(tmp_path / "run.json", replace(show, segments=show.segments[1:]), clock,
                              RecordingExecutor())


def _imported(*rows: tuple[str, Cue]) -> Show:
    """A show as the sheet import makes it: ids by position (seg-01, seg-01-c1…), cues armed."""
    return Show("晚场", None, None, 0, tuple(
        Segment(f"seg-{n:02}", title, 600, cues=(replace(cue, id=f"seg-{n:02}-c1", mode=CueMode.AUTO),))
        for n, (title, cue) in enumerate(rows, start=1)))


FIRST_COUPON = ("开场", Cue("x", IssueCoupon("t1", 50, 30, "满100减10")))
SECOND_COUPON = ("连衣裙", Cue("x", IssueCoupon("t2", 100, 30, "满200减30")))


@pytest.mark.asyncio
async def test_resume_goes_on_with_the_show_it_was_running_not_the_file_saved_since(tmp_path):
    """The sheet imported again with a warm-up row above and saved over the running show's file,
    then a crash: resuming from the file took the records back by (positional) cue id, and the
    coupon batch already sent was pending again under the next id and sent a second time."""
    clock, path = ManualClock(1_900_000_000.0), tmp_path / "run.json"
    executor = RecordingExecutor()
    engine = TimelineEngine(_imported(FIRST_COUPON, SECOND_COUPON), clock, executor, state_path=path)
    engine.start()
    await engine.step()
    assert executor.fired() == ["seg-01-c1"]
    reimported = _imported(("预热", Cue("x", AnchorMessage("先点关注"))), FIRST_COUPON, SECOND_COUPON)
    after = RecordingExecutor()
    resumed = TimelineEngine.resume(path, reimported, clock, after)
    assert resumed.show == _imported(FIRST_COUPON, SECOND_COUPON)
    assert resumed.cue_state("seg-01-c1") is CueState.SUCCEEDED
    resumed.next()
    await resumed.step()
    sent = [resumed.show.find_cue(c)[1].action for c in after.fired()]
    assert sent == [SECOND_COUPON[1].action]


@pytest.mark.asyncio
async def test_a_run_state_of_an_older_console_is_not_resumed_from_a_file_changed_under_a_fired_cue(tmp_path):
    clock, path = ManualClock(1_900_000_000.0), tmp_path / "run.json"
    engine = TimelineEngine(_imported(FIRST_COUPON, SECOND_COUPON), clock, RecordingExecutor(), state_path=path)
    engine.start()
    await engine.step()
    _as_an_older_console_wrote_it(path)
    reimported = _imported(("预热", Cue("x", AnchorMessage("先点关注"))), FIRST_COUPON, SECOND_COUPON)
    with pytest.raises(RunStateError, match="could be sent again"):
        TimelineEngine.resume(path, reimported, clock, RecordingExecutor())
    resumed = TimelineEngine.resume(path, _imported(FIRST_COUPON, SECOND_COUPON), clock, RecordingExecutor())
    assert resumed.phase is RunPhase.LIVE and resumed.cue_state("seg-01-c1") is CueState.SUCCEEDED


@pytest.mark.asyncio
async def test_a_cue_that_cannot_be_recorded_is_not_sent(tmp_path, monkeypatch):
    import anchor_console.show.run_state as run_state_module

    engine, clock, executor, _ = started_engine(tmp_path=tmp_path)

    def disk_full(path, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(run_state_module, "write_atomically", disk_full)
    with pytest.raises(TimelineError, match="No space left"):
        await engine.step()
    assert executor.fired() == [] and engine.cue_state("a-hello") is CueState.PENDING
    monkeypatch.undo()
    await engine.step()
    assert executor.fired() == ["a-hello"]


def test_a_show_that_cannot_be_resumed_says_why_in_the_interface_language(tmp_path):
    """The show file of the run went away while the console was closed: the notice's reason is
    translated with it (it used to be the English words of the error inside a Chinese sentence)."""
    from support.shipped_chinese import shipped_chinese
    from anchor_console.domain.events import Event
    from anchor_console.show.runner import RunFiles, ShowRunner

    files = RunFiles(tmp_path / "live.json", tmp_path / "live_meta.json", tmp_path / "rehearsal.json")
    files.live.write_text("{}", encoding="utf-8")
    files.live_meta.write_text(json.dumps({"show_path": str(tmp_path / "gone.show.toml")}), encoding="utf-8")
    notices, said = Event(), []
    notices.connect(said.append)
    runner = ShowRunner(files=files, clock=ManualClock(), room=lambda: None, actor=lambda: "场控",
                        spawn=lambda *a, **k: None, notices=notices)
    assert not runner.resume_if_running()
    chinese = shipped_chinese(said[0].text)
    assert "无法读取文件" in chinese and "cannot read" not in chinese, chinese


def test_a_cue_with_no_answer_says_each_platforms_reason_in_the_interface_language():
    """A cue whose action got no answer: the platforms' reasons were put in as their English
    words, inside the Chinese "平台没有回应；重试是安全的（…）"."""
    from types import SimpleNamespace

    from support.shipped_chinese import shipped_chinese
    from anchor_console.platforms.errors import OutcomeUnknown
    from anchor_console.room.journal import UNKNOWN
    from anchor_console.show.cues import RoomCueExecutor

    no_answer = OutcomeUnknown("timeout").message
    outcome = SimpleNamespace(status=UNKNOWN, reasons=lambda: [("Studio", no_answer), ("抖店", no_answer)])
    chinese = shipped_chinese(RoomCueExecutor._outcome(outcome).reason)
    assert chinese.startswith("平台没有回应") and "Studio：" in chinese and "No answer" not in chinese, chinese


def test_a_failed_cues_reason_comes_back_from_the_run_state_still_to_be_translated():
    seg = evening_show().segments[0]
    reason = QT_TRANSLATE_NOOP("Show", "{platform}: {why}").fill(
        platform="Studio", why=QT_TRANSLATE_NOOP("PlatformError", "Sold out."))
    kept = json.loads(json.dumps(CueRecord(CueState.FAILED, reason=reason).entry(seg, seg.cues[0], "", "k")))
    back = CueRecord()
    back.restore(kept)
    assert back.state is CueState.FAILED and back.reason == reason   # the nested text too, not its English
    back.restore({**kept, "reason": None})
    assert back.reason is None


@pytest.mark.asyncio
async def test_a_fired_cue_cannot_be_changed_or_removed_while_live_but_its_timing_and_note_can():
    """Cue records go by id: a sheet imported again with a row added above shifts every id, and
    taking it would leave the new actions marked fired and send the fired ones again. A fired cue
    stays in the show doing what it did; messages to the anchor are free to edit."""
    engine, clock, executor, _ = started_engine()
    await engine.step()
    clock.advance(121)
    await engine.step()   # the product is put on stage
    fired = [c for _, c in engine.show.all_cues() if engine.cue_state(c.id).fired]
    money = next(c for c in fired if c.action.command() is not None)
    seg = next(s for s in engine.show.segments if money in s.cues)

    def with_cue(cue):
        cues = tuple(cue if c.id == money.id else c for c in seg.cues if cue is not None or c.id != money.id)
        return replace(engine.show, segments=tuple(replace(s, cues=cues) if s.id == seg.id else s
                                                   for s in engine.show.segments))
    for edited, words in ((with_cue(None), "cannot be removed"), (with_cue(replace(money, action=AnchorMessage("x"))),
                                                                   "cannot change what it does")):
        with pytest.raises(TimelineError) as refused:
            engine.replace_show(edited)
        assert words in refused.value.message.english()
    engine.replace_show(with_cue(replace(money, note="口播后再按", trigger=Trigger.after(30))))
    assert engine.cue_state(money.id).fired


DEEP = "[" * 100_000 + "]" * 100_000


@pytest.mark.parametrize("meta, state", [
    ("[]", "{}"), ('{"show_path": 5}', "{}"), ('"x"', "{}"), ('{"show_path": "SHOW"}', DEEP),
    ('{"show_path": "SHOW"}', '{"format": "anchor-console-run", "version": 1, "run_id": "r", "phase": "live", '
                              '"planned_start": 0, "segments": [[1]], "cues": {"a": 1}, "current": []}'),
], ids=["meta a list", "meta path a number", "meta a string", "state nested deep", "state entries of other shapes"])
def test_run_files_of_the_wrong_shape_are_not_resumed_and_say_so(tmp_path, meta, state):
    """Valid JSON of another shape, or nested deeper than json reads, escaped as a TypeError or a
    RecursionError from the resume at connect."""
    from anchor_console.domain.events import Event
    from anchor_console.show.runner import RunFiles, ShowRunner
    from anchor_console.show.showfile_writer import save_show

    save_show(evening_show(), tmp_path / "s.show.toml")
    files = RunFiles(tmp_path / "live.json", tmp_path / "live_meta.json", tmp_path / "rehearsal.json")
    files.live_meta.write_text(meta.replace("SHOW", str(tmp_path / "s.show.toml")), encoding="utf-8")
    files.live.write_text(state, encoding="utf-8")
    notices, said = Event(), []
    notices.connect(said.append)
    runner = ShowRunner(files=files, clock=ManualClock(), room=lambda: None, actor=lambda: "场控",
                        spawn=lambda *a, **k: None, notices=notices)
    assert not runner.resume_if_running()
    assert "could not be resumed" in said[0].text.english()
