"""The show being run live (or rehearsed), with no Qt: owns the timeline engine, steps it five times
a second, keeps its run state on disk so a crashed console resumes the running show at the right
segment with no cue fired twice, and announces the engine's state for the timeline panel and the
presenter view (`snapshot`, `happened`, `anchor_message`)."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Awaitable, Callable

from anchor_console.domain.capabilities import Capability
from anchor_console.domain.clock import Clock
from anchor_console.domain.events import Event
from anchor_console.domain.notice import Level, Notice
from anchor_console.domain.text import QT_TRANSLATE_NOOP, joined, os_error_words, Text
from anchor_console.room.live_room import LiveRoom
from anchor_console.show.cues import LuckyBagStarter, RoomCueExecutor
from anchor_console.show.model import Show
from anchor_console.show.rehearsal import RehearsalClock
from anchor_console.show.run_state import RunLeft, read_run_left, write_live_meta
from anchor_console.show.showfile import ShowFileError, load_show
from anchor_console.show.timeline import TimelineEngine
from anchor_console.show.timeline_types import EventKind, RunPhase, TakeOver, TimelineError, TimelineEvent

log = logging.getLogger("anchor_console.show.runner")
Spawn = Callable[..., Any]   # spawn(coroutine, name=..., key=...): the session's owned tasks


RESUMING = QT_TRANSLATE_NOOP("Show", "The show that was running when the console closed is being resumed: wait "
                                     "a moment.")


def without_incomplete_cues(show: Show) -> Show:
    """The show with the cues that are not finished yet (no product chosen…) left out."""
    segments = tuple(replace(seg, cues=tuple(c for c in seg.cues if not c.action.problems())) for seg in show.segments)
    return replace(show, segments=segments)


def _why(exc: Exception) -> Text | str:
    """Why a show could not be resumed, in words the ui translates where the error has them."""
    if isinstance(exc, ShowFileError):
        return joined((p.describe() for p in exc.problems[:3]), "; ")
    if isinstance(exc, TimelineError):
        return exc.message
    return str(exc)[:200]   # the run's own files unreadable: the system's words


@dataclass(frozen=True)
class RunFiles:
    live: Path          # the live run's state (resumed after a crash)
    live_meta: Path     # which show file the live run is of
    rehearsal: Path     # a rehearsal's state (never resumed)


class ShowRunner:
    TICK_S = 0.2

    def __init__(self, *, files: RunFiles, clock: Clock, room: Callable[[], LiveRoom | None],
                 actor: Callable[[], str], spawn: Spawn, notices: Event, sleep=asyncio.sleep,
                 start_lucky_bag: LuckyBagStarter | None = None) -> None:
        self.files = files
        self.clock = clock
        self._room = room
        self._spawn = spawn
        self._notices = notices
        self._sleep = sleep
        self.show: Show | None = None
        self.show_path: Path | None = None
        self.engine: TimelineEngine | None = None
        self.rehearsal_clock: RehearsalClock | None = None
        self.executor = RoomCueExecutor(room, actor=actor, start_lucky_bag=start_lucky_bag)
        self.show_changed = Event("show.changed")        # a different show was loaded (or edited while live)
        self.snapshot = Event("show.snapshot")           # (TimelineSnapshot | None) several times a second
        self.happened = Event("show.happened")           # (TimelineEvent)
        self.anchor_message = Event("show.anchor_message")  # (text) for the presenter view
        # (text) said and done (a buyer question answered): the presenter view takes it down
        self.anchor_message_withdrawn = Event("show.anchor_message_withdrawn")
        self.executor.anchor_message.connect(lambda text, _cue: self.anchor_message.emit(text))
        self._cue_tasks: set[asyncio.Task] = set()   # auto cues being sent, one task each
        # GO, fire or retry pressed for a cue, until it is answered; a second press then is not
        # sent again (nor does it cut the first one's request off, which left its outcome unknown)
        self._pressed: dict[str, asyncio.Task] = {}
        # Asked before a run (started or resumed) takes its first step: None to go on, or why this
        # seat must not run it (another seat of the crew calls the show: session/show_follow.py)
        self.may_call: Callable[[], Awaitable[Text | None]] | None = None
        # (run, answered) while `may_call` is asked: a GO pressed meanwhile waits for the answer
        self._claim: tuple[TimelineEngine, asyncio.Event] | None = None
        self._stood_down: TimelineEngine | None = None   # the run another seat's call ended
        self._speed_set: TimelineEngine | None = None   # the rehearsal that set the platform's speed
        self._clock_sets: set[asyncio.Task] = set()  # the platform's clock being set to a rehearsal's speed
        self._finished: TimelineEngine | None = None
        # A run the console stopped in is being read back (`resume`): nothing else starts meanwhile
        self.resuming = False
        self.resuming_changed = Event("show.resuming_changed")   # (bool)
        self.taken_over: TimelineEngine | None = None   # the live run started by taking a gone seat's show over

    def _notify(self, text: Text, level: Level = Level.ERROR, timeout_ms: int = 0, buttons=()) -> None:
        self._notices.emit(Notice(text, level, timeout_ms, tuple(buttons)))

    @property
    def rehearsing(self) -> bool:
        return self.rehearsal_clock is not None

    @property
    def running(self) -> bool:
        return self.engine is not None and self.engine.phase is RunPhase.LIVE

    # ------------------------------------------------------------------ files

    def load(self, path: Path) -> bool:
        """Load a show file for running (read on the caller's thread: the ui uses `open`); a broken
        file is reported, nothing else changes."""
        if self._busy():
            return False
        try:
            show = load_show(path)
        except ShowFileError as exc:
            self._cannot_run(path, exc)
            return False
        self.set_show(show, Path(path))
        return True

    async def open(self, path: Path) -> bool:
        """`load`, with the file read and parsed off the caller's thread (the ui's: a large show on a
        slow or network disk froze the window)."""
        if self._busy():
            return False
        try:
            show = await asyncio.to_thread(load_show, path)
        except ShowFileError as exc:
            self._cannot_run(path, exc)
            return False
        if self._busy():   # started while the file was read
            return False
        self.set_show(show, Path(path))
        return True

    def _busy(self) -> bool:
        if self.resuming:
            self._notify(RESUMING, Level.WARNING)
            return True
        if self.running:
            self._notify(QT_TRANSLATE_NOOP("Show", "End the running show before loading another one."),
                         Level.WARNING)
        return self.running

    def _cannot_run(self, path: Path, exc: ShowFileError) -> None:
        self._notify(joined([QT_TRANSLATE_NOOP("Show", "“{file}” cannot be run:").fill(file=Path(path).name),
                             *(p.describe() for p in exc.problems[:8])]))

    def set_show(self, show: Show, path: Path | None) -> bool:
        """Run `show` from now on; while one runs, its edits are taken in place (False, and the
        running show unchanged, if they cannot be — the segment on air was removed, say)."""
        if self.running:
            try:
                self.engine.replace_show(show)  # edits while live: the engine keeps its place
            except TimelineError as exc:
                self._notify(joined([QT_TRANSLATE_NOOP("Show", "The running show was not changed:"), exc.message],
                                    " "), Level.WARNING, 15000)
                return False
            self.show, self.show_path = show, path
            self.show_changed.emit()
            return True
        self.show, self.show_path = show, path
        self.engine = None
        self.rehearsal_clock = None
        self.show_changed.emit()
        self._emit_snapshot()
        return True

    def preview(self):
        """The loaded show as planned, before it starts (a READY snapshot), or None: what the run
        of show lists between loading a show and starting it."""
        if self.show is None or self.engine is not None:
            return None
        try:
            return TimelineEngine(self.show, self.clock, self.executor).snapshot()
        except TimelineError:   # a repeated id: start() says so
            return None

    # ------------------------------------------------------------------ running

    def start(self, *, rehearse: bool = False, speed: float = 1.0, skip_incomplete: bool = False,
              taking_over: TakeOver | None = None) -> bool:
        """Run the loaded show (live, or rehearsed at `speed`); False, with a notice, if it cannot.
        `skip_incomplete` (a dry run) leaves out cues that are not finished instead of refusing.
        `taking_over` (live only): go on where a gone seat's run of it stands (TimelineEngine.start)."""
        if self.show is None or self.running or self._busy():
            return False
        show = without_incomplete_cues(self.show) if skip_incomplete else self.show
        problems = show.problems()
        if problems:
            self._notify(joined([QT_TRANSLATE_NOOP("Show", "This show has problems to fix first:"),
                                 *(p.message for p in problems[:6])]), Level.WARNING)
            return False
        if rehearse:
            planned = show.planned_start()
            start_at = planned.astimezone().timestamp() if planned is not None else None
            self.rehearsal_clock = RehearsalClock(self.clock, speed, start_at=start_at)
            clock, state_path = self.rehearsal_clock, self.files.rehearsal   # the platform's speed: once the run may go
        else:
            self.rehearsal_clock = None
            clock, state_path = self.clock, self.files.live
            try:
                self._write_live_meta()
            except OSError as exc:   # the run could not be resumed after a crash: not started
                self._notify(QT_TRANSLATE_NOOP("Show", "Cannot save the show's run state to {path}: {reason}").fill(
                    path=str(self.files.live_meta), reason=os_error_words(exc)))
                return False
        self.engine = TimelineEngine(show, clock, self.executor, state_path=state_path)
        self.engine.happened.connect(self._on_engine_event)
        taking_over = None if rehearse else taking_over
        try:
            self.engine.start(taking_over=taking_over)
        except TimelineError as exc:
            self._notify(exc.message)
            return False
        self.taken_over = self.engine if taking_over is not None else None
        if self.engine.dated_another_day is not None:
            self._notify(QT_TRANSLATE_NOOP("Show", "This show is dated {date}, not today: its times were planned "
                                                   "for today.").fill(date=self.engine.dated_another_day.isoformat()),
                         Level.INFO, 15000)
        self._keep_stepping()
        return True

    def resume_if_running(self) -> bool:
        """At start-up: a live show that was running when the console stopped picks up where it was
        (its files read on the caller's thread; the session's loop uses `resume`)."""
        return self._resume_from(read_run_left(self.files.live, self.files.live_meta))

    async def resume(self) -> bool:
        """`resume_if_running`, with the run's files — its show file too, which may be on a slow
        network disk — read and parsed off the caller's thread (the ui's: the window froze as the
        room connected). Meanwhile `resuming` is True, and no other run starts (`start` says why)."""
        self.resuming = True
        self.resuming_changed.emit(True)
        try:
            left = await asyncio.to_thread(read_run_left, self.files.live, self.files.live_meta)
        finally:
            self.resuming = False
            self.resuming_changed.emit(False)
        return self._resume_from(left)

    def _resume_from(self, left: RunLeft | None) -> bool:
        if left is None:
            return False
        if left.read is None:
            self._not_resumed(left.file_error or left.problem)
            return False
        path = left.show_path
        try:
            engine = TimelineEngine.resume(self.files.live, left.file_show, self.clock, self.executor,
                                           read=left.read)
        except (OSError, ValueError, KeyError, TimelineError) as exc:
            self._not_resumed(left.file_error or exc)   # an unreadable show file was the first thing wrong
            return False
        file_show = left.file_show
        if engine.phase is not RunPhase.LIVE:
            return False
        self.show, self.show_path, self.engine, self.rehearsal_clock = engine.show, path, engine, None
        engine.happened.connect(self._on_engine_event)
        self.show_changed.emit()
        self._keep_stepping()
        snap = engine.snapshot()
        said = QT_TRANSLATE_NOOP("Show", "Resumed the running show at “{segment}”. Cues already fired "
                                         "were not fired again.").fill(
            segment=snap.current.title if snap.current else "")
        if file_show != engine.show:
            said = joined([said, QT_TRANSLATE_NOOP(
                "Show", "The show file was changed since the show started: the show goes on as it was running; "
                        "its changes were not applied.")], " ")
        self._notify(said, Level.INFO, 15000)
        return True

    def _not_resumed(self, exc: Exception) -> None:
        log.warning("the running show could not be resumed: %s", exc)
        self._notify(QT_TRANSLATE_NOOP("Show", "A show was running when the console closed, but it could "
                                               "not be resumed ({error}).").fill(error=_why(exc)), Level.WARNING)

    def end(self) -> None:
        """End the run. A run state that cannot be written then (a full disk) is said; the run ends
        all the same, and a live one is not resumed at the next start."""
        if self.engine is None:
            return
        if self.engine.phase is RunPhase.LIVE:
            try:
                self.engine.end()
            except TimelineError as exc:
                self._notify(exc.message, Level.WARNING)
        self._finish()

    def stand_down(self, why: Text) -> None:
        """Another seat runs this show: this seat's run ends (the cues it has not fired are that
        seat's to fire), and the operator is told why (once: the claim and a broadcast may both
        hear the refusal)."""
        if self.engine is None or self.engine.phase is not RunPhase.LIVE:
            return
        self._notify(why, Level.WARNING)
        self._stood_down = self.engine
        self.end()

    def _finish(self) -> None:
        if self._finished is self.engine:
            return
        self._finished = self.engine
        self._cancel_cue_sends()
        self._pressed.clear()   # a GO still out belongs to the run that ended: the next run's GO is its own
        if self.rehearsing:
            if self._speed_set is self.engine:
                self._set_platform_speed(1.0)
        else:
            try:
                self.files.live_meta.unlink(missing_ok=True)
            except OSError as exc:
                log.warning("the live run's meta file could not be removed: %s", exc)
        self._emit_snapshot()

    def set_speed(self, speed: float) -> None:
        if self.rehearsal_clock is not None:
            self.rehearsal_clock.set_speed(speed)
            self._set_platform_speed(speed)

    def _set_platform_speed(self, speed: float) -> None:
        """Studio can run its own clock (countdowns, coupon validity) at the rehearsal's speed."""
        room = self._room()
        if room is None:
            return
        for b in room.bindings:
            if b.platform.supports(Capability.REHEARSAL_ROOMS):   # a rehearsal room's platform: Studio
                task = self._spawn(b.platform.set_clock_speed(speed), name="studio-clock-speed")
                if isinstance(task, asyncio.Task):
                    self._clock_sets.add(task)
                    task.add_done_callback(self._clock_sets.discard)

    async def stop_rehearsing(self, timeout: float = 2.0) -> None:
        """The console is closing: a rehearsal ends (one is never resumed) and the platform's clock
        is back at real time before it goes — Studio's clock is the whole server's, and left at 10×
        every room's countdowns, coupon validity and mutes ran ten times too fast."""
        if self.rehearsing:
            self.end()
        pending = [t for t in self._clock_sets if not t.done()]
        if pending:
            _done, late = await asyncio.wait(pending, timeout=timeout)
            if late:
                log.warning("the platform's clock was not set back to real time within %.0f s", timeout)

    # ------------------------------------------------------------------ operations

    def _guarded(self, fn) -> None:
        if self.engine is None:
            return
        try:
            fn()
        except TimelineError as exc:
            self._notify(exc.message, Level.WARNING, 5000)
        self._emit_snapshot()

    def next(self) -> None:
        self._guarded(lambda: self.engine.next())

    def previous(self) -> None:
        """Back to the segment before; from an ended run (Next pressed on the last segment too soon)
        the run goes on: stepped again, resumable again, recorded again."""
        ended = self.engine is not None and self.engine.phase is RunPhase.ENDED
        self._guarded(lambda: self.engine.previous())
        if ended and self.engine.phase is RunPhase.LIVE:
            self._reopened()

    def _write_live_meta(self) -> None:
        """Which show file the live run is of: what a start after a crash resumes."""
        write_live_meta(self.files.live_meta, self.show_path)

    def _reopened(self) -> None:
        if not self.rehearsing:
            try:
                self._write_live_meta()
            except OSError as exc:
                log.warning("the reopened run will not be resumed after a crash: %s", exc)
        self._finished = None
        self.show_changed.emit()   # the show record goes on in the run's file
        self._keep_stepping()

    def skip(self, segment_id: str) -> None:
        self._guarded(lambda: self.engine.skip(segment_id))

    def extend(self, seconds: float) -> None:
        self._guarded(lambda: self.engine.extend(seconds))

    def dismiss(self, cue_id: str) -> None:
        self._guarded(lambda: self.engine.dismiss(cue_id))

    def _run_cue(self, operation, cue_id: str) -> None:
        if self.engine is None:
            return

        engine = self.engine

        async def go() -> None:
            if self._claim is not None and self._claim[0] is engine:
                await self._claim[1].wait()
            if engine is not None and engine is self._stood_down:   # the caller's show has this cue
                log.info("%s not sent: this seat's run stood down", cue_id)
                return
            try:
                await operation(cue_id)
            except TimelineError as exc:
                self._notify(exc.message, Level.WARNING, 5000)
            self._emit_snapshot()

        running = self._pressed.get(cue_id)
        if running is not None and not running.done():
            return   # pressed again (a double click, a follower's GO) while the first is out: it answers
        task = self._spawn(go(), name=f"cue:{cue_id}")
        if isinstance(task, asyncio.Task):
            self._pressed[cue_id] = task
            task.add_done_callback(lambda t: self._pressed.get(cue_id) is t and self._pressed.pop(cue_id))

    def confirm(self, cue_id: str) -> None:
        self._run_cue(lambda c: self.engine.confirm(c), cue_id)

    def fire(self, cue_id: str) -> None:
        self._run_cue(lambda c: self.engine.fire_manually(c), cue_id)

    def retry(self, cue_id: str) -> None:
        self._run_cue(lambda c: self.engine.retry(c), cue_id)

    # ------------------------------------------------------------------ the clock

    def _keep_stepping(self) -> None:
        self._spawn(self._tick_loop(), name="show-ticks", key="show-ticks")

    async def _tick_loop(self) -> None:
        """Five times a second: step the engine and announce where the show is. The step sends
        each due cue in its own task, so a slow platform holds up no other cue and no tick. No
        step is taken before `may_call` lets this seat run the show."""
        engine = self.engine
        if engine is not None and self.may_call is not None:
            answered = asyncio.Event()
            self._claim = (engine, answered)
            try:
                refused = await self.may_call()
            finally:
                answered.set()
            if refused is not None and engine is self.engine:
                self.stand_down(refused)
                return
        if engine is not None and engine is self.engine and self.rehearsal_clock is not None:
            # Studio's clock is the whole server's: set only by a run that may go (one standing down
            # would have changed the clock under the seat that calls the show)
            self._set_platform_speed(self.rehearsal_clock.speed)
            self._speed_set = engine
        while engine is self.engine and engine is not None:
            self._spawn(self._step(engine), name="timeline-step")
            self._emit_snapshot()
            if engine.phase is RunPhase.ENDED:
                self._finish()
                return
            await self._sleep(self.TICK_S)

    async def _step(self, engine: TimelineEngine) -> None:
        for cue_id in engine.take_due():
            task = self._spawn(self._send_cue(engine, cue_id), name=f"cue:{cue_id}")
            if isinstance(task, asyncio.Task):
                self._cue_tasks.add(task)
                task.add_done_callback(self._cue_tasks.discard)
        self._emit_snapshot()

    async def _send_cue(self, engine: TimelineEngine, cue_id: str) -> None:
        await engine.send_due(cue_id)  # claims the cue (persisted) before it leaves: exactly once
        self._emit_snapshot()

    def _cancel_cue_sends(self) -> None:
        """The show ended: cues still waiting for their platform stop waiting. Like after a crash,
        such a cue stays recorded as fired with its outcome unknown, never sent again by itself."""
        for task in list(self._cue_tasks):
            task.cancel()

    def _emit_snapshot(self) -> None:
        self.snapshot.emit(self.engine.snapshot() if self.engine is not None else None)

    def _on_engine_event(self, event: TimelineEvent) -> None:
        self.happened.emit(event)
        if event.kind in (EventKind.CUE_FAILED, EventKind.CUE_OUTCOME_UNKNOWN) and self.engine is not None:
            found = self.show.find_cue(event.cue_id) if self.show else None
            what: Text | str = found[1].describe() if found else event.cue_id
            cue_id = event.cue_id
            head = QT_TRANSLATE_NOOP("Show", "Cue failed: {cue}").fill(cue=what)
            self._notify(joined([head, event.reason]) if event.reason else head,
                         buttons=[(QT_TRANSLATE_NOOP("Show", "Retry cue"), lambda: self.retry(cue_id))])
