"""Run-of-show timing against real time: a sped-up rehearsal's catch-up limit, a dated show run on
another day, and a slow cue that must not hold up the others (the runner sends each in its own task)."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import time, timedelta

import pytest

from anchor_console.domain.clock import ManualClock
from anchor_console.domain.events import Event
from anchor_console.domain.notice import Level
from anchor_console.domain.text import QT_TRANSLATE_NOOP
from anchor_console.show.model import AnchorMessage, Cue, CueMode, IssueCoupon, Segment, Show, StartMode, Trigger
from anchor_console.show.rehearsal import RehearsalClock
from anchor_console.show.runner import RunFiles, ShowRunner
from anchor_console.show.timeline import TimelineEngine
from anchor_console.show.timeline_types import CueState, EventKind
from show_builders import DAY, TZ, RecordingExecutor, at, started_engine


def coupon_then_message() -> Show:
    return Show("t", DAY, time(20, 0), 0, (Segment("A", "A", 600, cues=(
        Cue("coupon", IssueCoupon("1", 10), Trigger.at_start(), CueMode.AUTO),
        Cue("msg", AnchorMessage("say the code"), Trigger.after(5), CueMode.AUTO))),))


class SlowCoupon(RecordingExecutor):
    """The coupon's platform round trip takes `real_s` seconds on `base` (real time)."""

    def __init__(self, base: ManualClock, real_s: float) -> None:
        super().__init__()
        self.base, self.real_s = base, real_s

    async def execute(self, cue, *, action_key):
        if cue.id == "coupon":
            self.base.advance(self.real_s)
        return await super().execute(cue, action_key=action_key)


@pytest.mark.asyncio
async def test_rehearsal_at_ten_times_counts_the_catch_up_limit_in_real_seconds():
    base = ManualClock(at(14, 0))
    rehearsal = RehearsalClock(base, 10.0, start_at=at(20, 0))
    executor = SlowCoupon(base, 1.5)  # 1.5 s real = 15 s of rehearsal time
    engine = TimelineEngine(coupon_then_message(), rehearsal, executor, tz=TZ, run_id="r", catch_up_s=10)
    engine.start()
    await engine.step()
    base.advance(0.2)
    await engine.step()
    assert engine.cue_state("msg") is CueState.SUCCEEDED and executor.fired() == ["coupon", "msg"]


@pytest.mark.asyncio
async def test_rehearsal_still_holds_a_cue_found_late_in_real_seconds():
    base = ManualClock(at(14, 0))
    rehearsal = RehearsalClock(base, 10.0, start_at=at(20, 0))
    executor = SlowCoupon(base, 12)  # the platform stalled for 12 real seconds
    engine = TimelineEngine(coupon_then_message(), rehearsal, executor, tz=TZ, run_id="r", catch_up_s=10)
    engine.start()
    await engine.step()
    await engine.step()
    assert engine.cue_state("msg") is CueState.AWAITING and engine.snapshot().awaiting[0].late


# ------------------------------------------------------------------ a dated show on another day

def runner_for(tmp_path, clock, spawn=None):
    notices = Event("notices")
    seen: list = []
    notices.connect(seen.append)

    def close_it(coro, name="", key=None):
        coro.close()

    runner = ShowRunner(files=RunFiles(tmp_path / "live.json", tmp_path / "meta.json", tmp_path / "reh.json"),
                        clock=clock, room=lambda: None, actor=lambda: "op", spawn=spawn or close_it, notices=notices)
    return runner, seen


def test_a_dated_show_started_the_next_evening_is_planned_for_that_evening():
    engine = TimelineEngine(coupon_then_message(), ManualClock(at(20, 0, day=DAY + timedelta(days=1))),
                            RecordingExecutor(), tz=TZ, run_id="r")
    engine.start()
    snap = engine.snapshot()
    assert engine.dated_another_day == DAY
    assert snap.show_offset_s == 0 and snap.segments[0].planned_start == at(20, 0, day=DAY + timedelta(days=1))


def test_a_dated_show_started_late_on_its_own_evening_keeps_its_date():
    show = replace(coupon_then_message(), start=time(23, 30))
    engine = TimelineEngine(show, ManualClock(at(0, 10, day=DAY + timedelta(days=1))), RecordingExecutor(),
                            tz=TZ, run_id="r")
    engine.start()  # forty minutes late, after midnight: still the show of the 8th
    assert engine.dated_another_day is None and engine.snapshot().show_offset_s == 40 * 60


def test_the_operator_is_told_when_a_dated_show_runs_on_another_day(tmp_path):
    runner, seen = runner_for(tmp_path, ManualClock(at(20, 0, day=DAY + timedelta(days=3))))
    runner.set_show(coupon_then_message(), None)
    assert runner.start()
    [notice] = seen
    assert notice.level is Level.INFO and "2026-03-08" in notice.text.english()
    assert abs(runner.engine.snapshot().show_offset_s) <= 12 * 3600  # the machine's time zone, not three days


# ------------------------------------------------------------------ a slow cue

class StalledCoupon(RecordingExecutor):
    """The coupon's platform answers only after `stall_s` seconds on `clock` (or never: None)."""

    def __init__(self, clock: ManualClock, stall_s: float | None) -> None:
        super().__init__()
        self.clock, self.stall_s = clock, stall_s
        self.sent_at: dict[str, float] = {}

    async def execute(self, cue, *, action_key):
        self.sent_at[cue.id] = self.clock.now()
        if cue.id == "coupon":
            until = None if self.stall_s is None else self.clock.now() + self.stall_s
            while until is None or self.clock.now() < until:
                await asyncio.sleep(0)
        return await super().execute(cue, action_key=action_key)


class OwnedTasks:
    """The session's spawn, in small: the tasks it started, and which of them failed."""

    def __init__(self) -> None:
        self.tasks: list[asyncio.Task] = []
        self.keyed: dict[str, asyncio.Task] = {}

    def spawn(self, coro, name="", key=None):
        if key is not None and key in self.keyed and not self.keyed[key].done():
            self.keyed[key].cancel()   # as session.tasks.Tasks: a task under the same key replaces it
        task = asyncio.get_running_loop().create_task(coro, name=name)
        self.tasks.append(task)
        if key is not None:
            self.keyed[key] = task
        return task

    def failures(self) -> list[BaseException]:
        return [t.exception() for t in self.tasks if t.done() and not t.cancelled() and t.exception()]


async def run_for(runner: ShowRunner, clock: ManualClock, seconds: float) -> None:
    """Let the show run `seconds` on the clock (each tick's sleep moves it)."""
    until = clock.now() + seconds
    while clock.now() < until:
        await asyncio.sleep(0)


def ticking_runner(tmp_path, clock: ManualClock, owned: OwnedTasks, executor) -> ShowRunner:
    async def sleep(seconds):
        clock.advance(seconds)
        await asyncio.sleep(0)

    runner = ShowRunner(files=RunFiles(tmp_path / "live.json", tmp_path / "meta.json", tmp_path / "reh.json"),
                        clock=clock, room=lambda: None, actor=lambda: "op", spawn=owned.spawn,
                        notices=Event("notices"), sleep=sleep)
    runner.executor = executor
    runner.set_show(coupon_then_message(), None)
    return runner


@pytest.mark.asyncio
async def test_a_slow_cue_holds_up_no_other_cue(tmp_path):
    clock = ManualClock(at(20, 0))
    owned = OwnedTasks()
    executor = StalledCoupon(clock, 15)  # the coupon's platform answers after 15 s
    runner = ticking_runner(tmp_path, clock, owned, executor)
    assert runner.start()
    await run_for(runner, clock, 30)
    assert executor.sent_at["msg"] - at(20, 0) == pytest.approx(5, abs=0.5)
    assert runner.engine.cue_state("msg") is CueState.SUCCEEDED
    assert runner.engine.cue_state("coupon") is CueState.SUCCEEDED and executor.fired() == ["msg", "coupon"]
    runner.end()
    await asyncio.gather(*owned.tasks, return_exceptions=True)
    assert owned.failures() == []


@pytest.mark.asyncio
async def test_ending_the_show_cancels_the_cues_still_being_sent(tmp_path):
    clock = ManualClock(at(20, 0))
    owned = OwnedTasks()
    executor = StalledCoupon(clock, None)  # the coupon's platform never answers
    runner = ticking_runner(tmp_path, clock, owned, executor)
    assert runner.start()
    await run_for(runner, clock, 10)
    runner.end()
    await asyncio.wait_for(asyncio.gather(*owned.tasks, return_exceptions=True), 5)
    assert owned.failures() == [] and list(executor.sent_at) == ["coupon", "msg"]
    assert runner.engine.cue_state("coupon") is CueState.FIRING  # sent once, its outcome unknown
    assert runner.engine.cue_state("msg") is CueState.SUCCEEDED


@pytest.mark.asyncio
async def test_a_due_cue_is_not_sent_once_its_segment_is_left():
    show = replace(coupon_then_message(), segments=(*coupon_then_message().segments, Segment("B", "B", 600)))
    engine, clock, executor, _ = started_engine(show, ManualClock(at(20, 0)))
    [due] = engine.take_due()
    engine.next()  # the operator moved on before the cue's task ran
    assert await engine.send_due(due) is None and executor.fired() == []
    assert engine.cue_state(due) is CueState.MISSED


# ------------------------------------------------------------------ the wall clock set while live

class CorrectedClock(ManualClock):
    """A wall clock that can be set (an NTP step, the operator) while monotonic time runs on."""

    def set_wall(self, delta: float) -> None:
        self._wall += delta


def flash_show() -> Show:
    return Show("t", DAY, time(20, 0), 0, (
        Segment("A", "A", 600, cues=(Cue("flash", AnchorMessage("go"), Trigger.after(300), CueMode.AUTO),)),
        Segment("B", "B", 600, StartMode.HARD, time(20, 30)),
    ))


@pytest.mark.asyncio
async def test_a_wall_clock_set_back_while_live_does_not_delay_a_cue():
    engine, clock, executor, _ = started_engine(flash_show(), CorrectedClock(at(20, 0)))
    clock.advance(120)
    clock.set_wall(-120)
    clock.advance(180)
    await engine.step()
    assert executor.fired() == ["flash"]
    assert engine.snapshot().remaining_s == pytest.approx(300)


@pytest.mark.asyncio
@pytest.mark.parametrize("correction", [-3600, 3600])
async def test_a_wall_clock_set_while_live_and_then_a_restart_keep_the_run_s_time(tmp_path, correction):
    """Time sync steps the PC's clock an hour while live, then the console crashes: the resumed run
    goes on in its own time — the countdown and the cue's due time are where they were."""
    engine, clock, executor, _ = started_engine(flash_show(), CorrectedClock(at(20, 0)), tmp_path=tmp_path)
    clock.advance(120)
    clock.set_wall(correction)
    await engine.step()   # the step after the clock was set writes the run's time down
    clock.advance(10)     # the crash, and the start again
    resumed = TimelineEngine.resume(tmp_path / "run.json", flash_show(), clock, executor, tz=TZ)
    assert resumed.snapshot().remaining_s == pytest.approx(470)
    clock.advance(169)
    await resumed.step()
    assert executor.fired() == []
    clock.advance(2)
    await resumed.step()
    assert executor.fired() == ["flash"]   # on time: not an hour late, nor an hour early and held


@pytest.mark.asyncio
async def test_a_wall_clock_set_forward_while_live_holds_no_cue():
    engine, clock, executor, _ = started_engine(flash_show(), CorrectedClock(at(20, 0)))
    clock.advance(100)
    clock.set_wall(300)
    await engine.step()
    assert engine.cue_state("flash") is CueState.PENDING and engine.snapshot().remaining_s == pytest.approx(500)
    clock.advance(200)
    await engine.step()
    assert executor.fired() == ["flash"] and not engine.snapshot().awaiting


@pytest.mark.asyncio
async def test_a_hard_start_is_reached_by_the_wall_clock():
    engine, clock, _, events = started_engine(flash_show(), CorrectedClock(at(20, 0)))
    clock.advance(60)
    clock.set_wall(29 * 60)  # the wall clock was half an hour slow: it is 20:30 now
    await engine.step()
    assert [e.segment_id for e in events if e.kind is EventKind.HARD_START_REACHED] == ["B"]


class GatedExecutor(RecordingExecutor):
    """A platform that answers only when the test opens the gate."""

    def __init__(self) -> None:
        super().__init__()
        self.gate = asyncio.Event()
        self.sent: list[str] = []

    async def execute(self, cue, *, action_key):
        self.sent.append(action_key)
        await self.gate.wait()
        return await super().execute(cue, action_key=action_key)


@pytest.mark.asyncio
async def test_go_pressed_again_while_the_first_is_out_neither_sends_again_nor_cuts_it_off(tmp_path):
    clock, owned, executor = ManualClock(at(20, 0)), OwnedTasks(), GatedExecutor()
    runner = ticking_runner(tmp_path, clock, owned, executor)
    runner.set_show(Show("t", DAY, time(20, 0), 0, (Segment("A", "A", 600, cues=(
        Cue("coupon", IssueCoupon("1", 10), Trigger.at_start(), CueMode.CONFIRM),)),)), None)
    assert runner.start()
    await run_for(runner, clock, 1)
    assert runner.engine.cue_state("coupon") is CueState.AWAITING
    runner.confirm("coupon")           # GO
    await asyncio.sleep(0.01)
    runner.confirm("coupon")           # GO again (a double click, a follower's GO) before the answer
    await asyncio.sleep(0.01)
    executor.gate.set()
    await asyncio.gather(*owned.tasks[-2:], return_exceptions=True)
    await asyncio.sleep(0.01)
    assert len(executor.sent) == 1 and runner.engine.cue_state("coupon") is CueState.SUCCEEDED
    runner.end()
    await asyncio.gather(*owned.tasks, return_exceptions=True)
    assert owned.failures() == []


@pytest.mark.asyncio
@pytest.mark.parametrize("refused", [True, False])
async def test_a_cue_fired_while_the_call_is_asked_waits_for_the_answer(tmp_path, refused):
    """A crew seat's run asks Studio whether it may call the show before its first step (session/
    show_follow.py). A cue fired by hand meanwhile waits for that answer: sent once if the seat may
    call the show, never if another seat calls it (that seat's run has the cue)."""
    clock, owned, executor = ManualClock(at(20, 0)), OwnedTasks(), RecordingExecutor()
    runner = ticking_runner(tmp_path, clock, owned, executor)
    runner.set_show(Show("t", DAY, time(20, 0), 0, (Segment("A", "A", 600, cues=(
        Cue("coupon", IssueCoupon("1", 10), Trigger.at_start(), CueMode.MANUAL),)),)), None)
    answer: asyncio.Future = asyncio.get_running_loop().create_future()
    runner.may_call = lambda: answer
    assert runner.start()
    await asyncio.sleep(0.01)
    runner.fire("coupon")
    await asyncio.sleep(0.01)
    assert executor.fired() == []            # held while the call is asked
    answer.set_result(QT_TRANSLATE_NOOP("Show", "Another seat calls the show.") if refused else None)
    await asyncio.sleep(0.05)
    assert executor.fired() == ([] if refused else ["coupon"])
    assert runner.running is not refused
    runner.end()
    await asyncio.gather(*owned.tasks, return_exceptions=True)
    assert owned.failures() == []


@pytest.mark.asyncio
async def test_a_run_state_that_cannot_be_written_is_said_at_start_and_at_the_end(tmp_path):
    """A full disk or a folder in the way: Start says so and runs nothing; End says so and ends the
    run all the same (nothing left behind to resume at the next start)."""
    clock, owned, executor = ManualClock(at(20, 0)), OwnedTasks(), RecordingExecutor()
    runner = ticking_runner(tmp_path, clock, owned, executor)
    said: list = []
    runner._notices.connect(said.append)
    runner.files.live_meta.mkdir()
    assert not runner.start() and not runner.running
    assert "Cannot save the show's run state" in said[-1].text.english()
    runner.files.live_meta.rmdir()
    assert runner.start()
    await asyncio.sleep(0.01)
    runner.files.live.unlink()
    runner.files.live.mkdir()   # the end's write cannot replace it
    runner.end()
    assert "Cannot save the show's run state" in said[-1].text.english()
    assert not runner.running and not runner.files.live_meta.exists()
    assert not runner.resume_if_running()
    await asyncio.gather(*owned.tasks, return_exceptions=True)
    assert owned.failures() == []


@pytest.mark.asyncio
async def test_back_from_an_ended_run_runs_it_again(tmp_path):
    """Next pressed on the last segment too soon ends the show; Previous (Shift+F7) takes it back,
    and the run goes on: its cues fire, and a crash now resumes it."""
    clock, owned, executor = ManualClock(at(20, 0)), OwnedTasks(), RecordingExecutor()
    runner = ticking_runner(tmp_path, clock, owned, executor)
    assert runner.start()
    await run_for(runner, clock, 1)
    runner.next()                       # the only segment: the show ends
    await asyncio.sleep(0.01)
    assert not runner.running and not runner.files.live_meta.exists()
    runner.previous()
    assert runner.running and runner.files.live_meta.exists()
    await run_for(runner, clock, 10)
    assert runner.engine.cue_state("msg") is CueState.SUCCEEDED   # due 5 s in: armed again, and sent
    runner.end()
    await asyncio.gather(*owned.tasks, return_exceptions=True)
    assert owned.failures() == []


@pytest.mark.asyncio
async def test_a_resumed_run_goes_on_with_its_own_show_and_says_the_file_changed(tmp_path):
    """The show file saved over while live (or gone), then a crash: the run resumes with the show it
    was running — the file's cue ids may now name other cues — and the operator hears the file's
    changes were not applied."""
    from anchor_console.show.showfile_writer import save_show

    clock, owned, executor = ManualClock(at(20, 0)), OwnedTasks(), RecordingExecutor()
    runner = ticking_runner(tmp_path, clock, owned, executor)
    path = tmp_path / "s.show.toml"
    save_show(runner.show, path)
    runner.set_show(runner.show, path)
    assert runner.start()
    await run_for(runner, clock, 1)
    assert executor.fired() == ["coupon"]
    running = runner.show
    changed = replace(running, segments=(replace(running.segments[0], cues=(
        Cue("coupon", AnchorMessage("warm up"), Trigger.at_start(), CueMode.AUTO),
        Cue("msg", IssueCoupon("1", 10), Trigger.after(5), CueMode.AUTO))),))
    save_show(changed, path)
    for task in owned.tasks:
        task.cancel()   # the crash
    await asyncio.gather(*owned.tasks, return_exceptions=True)

    owned_again = OwnedTasks()
    again = ticking_runner(tmp_path, clock, owned_again, RecordingExecutor())
    said: list = []
    again._notices.connect(said.append)
    assert again.resume_if_running()
    assert again.show == running and again.show_path == path
    assert "its changes were not applied" in said[-1].text.english()
    path.unlink()
    assert TimelineEngine.resume(again.files.live, None, clock, RecordingExecutor()).show == running
    again.end()
    await asyncio.gather(*owned_again.tasks, return_exceptions=True)
    assert owned_again.failures() == []


# ------------------------------------------------------------------ opening a show file to run

@pytest.mark.asyncio
async def test_a_show_file_opened_to_run_is_read_off_the_callers_thread(tmp_path, monkeypatch):
    """The run of show's "Open show…" read and parsed the file on the ui thread."""
    import threading

    import anchor_console.show.runner as runner_module
    from anchor_console.show.showfile_writer import save_show
    from support.held_calls import recorded

    threads = recorded(monkeypatch, runner_module, "load_show").threads
    runner, seen = runner_for(tmp_path, ManualClock(at(20, 0)))
    path = tmp_path / "s.show.toml"
    save_show(coupon_then_message(), path)
    assert await runner.open(path) is True
    assert runner.show == coupon_then_message() and runner.show_path == path
    assert len(threads) == 1 and threads[0] is not threading.current_thread()
    broken = tmp_path / "b.show.toml"
    broken.write_text('format = "anchor-console-show"\nversion = 5\ntitle 春装\n', encoding="utf-8")
    assert await runner.open(broken) is False and runner.show_path == path
    assert seen[-1].text.english() == ("“b.show.toml” cannot be run:\nLine 3, column 7: this is not valid TOML "
                                       "(a quote, bracket or “=” is missing or extra)")


# ------------------------------------------------------------------ resuming a run off the caller's thread

async def crashed_mid_show(tmp_path, clock: ManualClock):
    """A live run of a saved show, one second in, then the console gone (its tasks cut off)."""
    from anchor_console.show.showfile_writer import save_show

    owned = OwnedTasks()
    runner = ticking_runner(tmp_path, clock, owned, RecordingExecutor())
    path = tmp_path / "s.show.toml"
    save_show(runner.show, path)
    runner.set_show(runner.show, path)
    assert runner.start()
    await run_for(runner, clock, 1)
    for task in owned.tasks:
        task.cancel()
    await asyncio.gather(*owned.tasks, return_exceptions=True)
    return runner.show, path


@pytest.mark.asyncio
async def test_a_run_left_by_a_crash_is_read_back_off_the_callers_thread(tmp_path, monkeypatch):
    """At connect the session resumed the running show on the ui thread: its show file — on a
    network disk, say — read and parsed there. Now the files are read in a worker; meanwhile the
    runner says it is resuming and starts or loads nothing else."""
    import threading

    import anchor_console.show.run_state as run_state_module
    from support.held_calls import HeldCall
    from support.waiting import until

    clock = ManualClock(at(20, 0))
    running, path = await crashed_mid_show(tmp_path, clock)
    held = HeldCall(monkeypatch, run_state_module, "load_show")
    go_on, reading, threads = held.go_on, held.started, held.threads
    owned = OwnedTasks()
    again = ticking_runner(tmp_path, clock, owned, RecordingExecutor())
    said, resuming_said = [], []
    again._notices.connect(said.append)
    again.resuming_changed.connect(resuming_said.append)
    try:
        resuming = owned.spawn(again.resume(), name="show-resume")
        await until(reading.is_set, message="the run's show file was not read")
        assert again.resuming and resuming_said == [True] and not again.running
        assert not again.start() and not again.running
        assert said[-1].text.english() == ("The show that was running when the console closed is being resumed: "
                                           "wait a moment.")
        assert not again.load(path) and again.show_path is None
    finally:
        go_on.set()
    assert await resuming is True
    assert threads and threads[0] is not threading.current_thread()
    assert again.running and again.show == running and again.show_path == path
    assert not again.resuming and resuming_said == [True, False]
    assert "Resumed the running show" in said[-1].text.english()
    again.end()
    await asyncio.gather(*owned.tasks, return_exceptions=True)
    assert owned.failures() == []


@pytest.mark.asyncio
async def test_a_run_state_that_cannot_be_read_back_is_said_and_nothing_runs(tmp_path):
    clock = ManualClock(at(20, 0))
    await crashed_mid_show(tmp_path, clock)
    (tmp_path / "live.json").write_text("{ torn", encoding="utf-8")
    owned = OwnedTasks()
    again = ticking_runner(tmp_path, clock, owned, RecordingExecutor())
    said: list = []
    again._notices.connect(said.append)
    assert await again.resume() is False
    assert not again.running and not again.resuming and again.show_path is None
    [notice] = said
    assert notice.level is Level.WARNING
    assert notice.text.english().startswith("A show was running when the console closed, but it could not be "
                                            "resumed (")
    assert "live.json" in notice.text.english()
    assert await again.resume() is False   # (and asking again changes nothing)
    assert owned.failures() == []


@pytest.mark.asyncio
async def test_nothing_left_running_resumes_nothing_and_says_nothing(tmp_path):
    owned = OwnedTasks()
    runner = ticking_runner(tmp_path, ManualClock(at(20, 0)), owned, RecordingExecutor())
    said: list = []
    runner._notices.connect(said.append)
    assert await runner.resume() is False and said == [] and not runner.resuming
