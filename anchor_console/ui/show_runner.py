"""The show being run live (or rehearsed): owns the timeline engine, steps it on a timer, keeps
its run state on disk so a crashed console resumes the running show at the right segment with no
cue fired twice, and turns the engine's events into signals for the timeline panel and the
presenter view."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from anchor_console.domain.clock import SystemClock
from anchor_console.settings import data_dir
from anchor_console.show import (
    EventKind,
    RehearsalClock,
    RunPhase,
    Show,
    ShowFileError,
    TimelineEngine,
    TimelineError,
    load_show,
)
from anchor_console.ui.cue_executor import RoomCueExecutor
from anchor_console.ui.i18n import tr_text

log = logging.getLogger("anchor_console.ui.show")


class ShowRunner(QObject):
    show_changed = Signal()               # a different show was loaded
    snapshot = Signal(object)             # TimelineSnapshot, several times a second while live
    event = Signal(object)                # TimelineEvent
    anchor_message = Signal(str)          # a message for the presenter view

    TICK_MS = 200

    def __init__(self, console, parent=None) -> None:
        super().__init__(parent)
        self.console = console
        self.show: Show | None = None
        self.show_path: Path | None = None
        self.engine: TimelineEngine | None = None
        self.rehearsal_clock: RehearsalClock | None = None
        self.executor = RoomCueExecutor(lambda: console.room, actor=lambda: console.operator)
        self.executor.message_listeners.append(lambda text, _cue: self.anchor_message.emit(text))
        self._stepping = False
        self._timer = QTimer(self)
        self._timer.setInterval(self.TICK_MS)
        self._timer.timeout.connect(self._tick)

    def stop(self) -> None:
        """The console is closing: stop stepping (a live show's state is already on disk)."""
        self._timer.stop()

    # ------------------------------------------------------------------ files

    @property
    def live_state_path(self) -> Path:
        return data_dir() / "show_run.json"

    @property
    def _meta_path(self) -> Path:
        return data_dir() / "show_run.meta.json"

    @property
    def rehearsing(self) -> bool:
        return self.rehearsal_clock is not None

    @property
    def running(self) -> bool:
        return self.engine is not None and self.engine.phase is RunPhase.LIVE

    def load(self, path: Path) -> bool:
        """Load a show file for running; a broken file is reported, nothing else changes."""
        if self.running:
            self.console.window.notify(self.tr("End the running show before loading another one."), level="warning")
            return False
        try:
            show = load_show(path)
        except ShowFileError as exc:
            lines = [tr_text(p.describe()) for p in exc.problems[:8]]
            self.console.window.notify(self.tr("“{file}” cannot be run:").format(file=Path(path).name) + "\n"
                                       + "\n".join(lines))
            return False
        self.set_show(show, Path(path))
        return True

    def set_show(self, show: Show, path: Path | None) -> None:
        if self.running:
            self.engine.replace_show(show)  # edits while live: the engine keeps its place
            self.show, self.show_path = show, path
            self.show_changed.emit()
            return
        self.show, self.show_path = show, path
        self.engine = None
        self.rehearsal_clock = None
        self.show_changed.emit()
        self._emit_snapshot()

    # ------------------------------------------------------------------ running

    def start(self, *, rehearse: bool = False, speed: float = 1.0) -> None:
        if self.show is None or self.running:
            return
        problems = self.show.problems()
        if problems:
            self.console.window.notify(self.tr("This show has problems to fix first:") + "\n" + "\n".join(
                tr_text(p.message) for p in problems[:6]), level="warning")
            return
        if rehearse:
            planned = self.show.planned_start()
            start_at = planned.astimezone().timestamp() if planned is not None else None
            self.rehearsal_clock = RehearsalClock(SystemClock(), speed, start_at=start_at)
            clock, state_path = self.rehearsal_clock, data_dir() / "rehearsal_run.json"
            self._set_platform_speed(speed)
        else:
            self.rehearsal_clock = None
            clock, state_path = SystemClock(), self.live_state_path
            self._meta_path.write_text(json.dumps({"show_path": str(self.show_path or "")}), encoding="utf-8")
        self.engine = TimelineEngine(self.show, clock, self.executor, state_path=state_path)
        self.engine.add_listener(self._on_engine_event)
        try:
            self.engine.start()
        except TimelineError as exc:
            self.console.window.notify(tr_text(exc.message))
            return
        self._timer.start()
        self._tick()

    def resume_if_running(self) -> bool:
        """At start-up: a live show that was running when the console stopped picks up where it was."""
        if not (self.live_state_path.exists() and self._meta_path.exists()):
            return False
        try:
            meta = json.loads(self._meta_path.read_text(encoding="utf-8"))
            path = Path(meta["show_path"])
            show = load_show(path)
            engine = TimelineEngine.resume(self.live_state_path, show, SystemClock(), self.executor)
        except (OSError, ValueError, KeyError, ShowFileError, TimelineError) as exc:
            log.warning("the running show could not be resumed: %s", exc)
            self.console.window.notify(self.tr("A show was running when the console closed, but it could not be "
                                               "resumed ({error}).").format(error=str(exc)[:200]), level="warning")
            return False
        if engine.phase is not RunPhase.LIVE:
            return False
        self.show, self.show_path, self.engine, self.rehearsal_clock = show, path, engine, None
        engine.add_listener(self._on_engine_event)
        self.show_changed.emit()
        self._timer.start()
        snap = engine.snapshot()
        title = snap.current.title if snap.current else ""
        self.console.window.notify(self.tr("Resumed the running show at “{segment}”. Cues already fired were not "
                                           "fired again.").format(segment=title), level="info", timeout_ms=15000)
        return True

    def end(self) -> None:
        if self.engine is None:
            return
        if self.engine.phase is RunPhase.LIVE:
            self.engine.end()
        self._finish()

    def _finish(self) -> None:
        self._timer.stop()
        if self.rehearsing:
            self._set_platform_speed(1.0)
        else:
            for p in (self._meta_path,):
                p.unlink(missing_ok=True)
        self._emit_snapshot()

    def set_speed(self, speed: float) -> None:
        if self.rehearsal_clock is not None:
            self.rehearsal_clock.set_speed(speed)
            self._set_platform_speed(speed)

    def _set_platform_speed(self, speed: float) -> None:
        """Studio can run its own clock (countdowns, coupon validity) at the rehearsal's speed."""
        room = self.console.room
        if room is None:
            return
        for b in room.bindings:
            setter = getattr(b.platform, "set_clock_speed", None)
            if setter is not None:
                self.console.tasks.spawn(setter(speed), name="studio-clock-speed")

    # ------------------------------------------------------------------ operations (slots)

    def _guarded(self, fn, *args) -> None:
        if self.engine is None:
            return
        try:
            fn(*args)
        except TimelineError as exc:
            self.console.window.show_status(tr_text(exc.message), 5000)
        self._emit_snapshot()

    def next(self) -> None:
        self._guarded(lambda: self.engine.next())

    def previous(self) -> None:
        self._guarded(lambda: self.engine.previous())

    def skip(self, segment_id: str) -> None:
        self._guarded(lambda: self.engine.skip(segment_id))

    def extend(self, seconds: float) -> None:
        self._guarded(lambda: self.engine.extend(seconds))

    def dismiss(self, cue_id: str) -> None:
        self._guarded(lambda: self.engine.dismiss(cue_id))

    def _run_cue(self, coro_fn, cue_id: str) -> None:
        if self.engine is None:
            return

        async def go() -> None:
            try:
                await coro_fn(cue_id)
            except TimelineError as exc:
                self.console.window.show_status(tr_text(exc.message), 5000)
            self._emit_snapshot()

        self.console.tasks.spawn(go(), name=f"cue:{cue_id}", key=f"cue:{cue_id}")

    def confirm(self, cue_id: str) -> None:
        self._run_cue(lambda c: self.engine.confirm(c), cue_id)

    def fire(self, cue_id: str) -> None:
        self._run_cue(lambda c: self.engine.fire_manually(c), cue_id)

    def retry(self, cue_id: str) -> None:
        self._run_cue(lambda c: self.engine.retry(c), cue_id)

    # ------------------------------------------------------------------ the clock

    def _tick(self) -> None:
        if self.engine is None:
            return
        if not self._stepping:
            self._stepping = True

            async def step() -> None:
                try:
                    await self.engine.step()
                finally:
                    self._stepping = False
                self._emit_snapshot()

            self.console.tasks.spawn(step(), name="timeline-step")
        self._emit_snapshot()
        if self.engine.phase is RunPhase.ENDED:
            self._finish()

    def _emit_snapshot(self) -> None:
        if self.engine is not None:
            self.snapshot.emit(self.engine.snapshot())
        else:
            self.snapshot.emit(None)

    def _on_engine_event(self, event) -> None:
        self.event.emit(event)
        if event.kind in (EventKind.CUE_FAILED, EventKind.CUE_OUTCOME_UNKNOWN) and self.engine is not None:
            found = self.show.find_cue(event.cue_id) if self.show else None
            what = tr_text(found[1].describe()) if found else event.cue_id
            why = tr_text(event.reason) if event.reason else ""
            cue_id = event.cue_id
            self.console.window.notify(self.tr("Cue failed: {cue}").format(cue=what) + ("\n" + why if why else ""),
                                       [(self.tr("Retry cue"), lambda: self.retry(cue_id))])
        if event.kind is EventKind.SHOW_ENDED:
            QTimer.singleShot(0, self._finish)
