"""The asyncio event loop the console runs on: qasync's loop on Qt's, with asyncio's own rule kept —
callbacks run only while the loop runs.

qasync schedules every asyncio callback (a task step, a future's done-callback, a socket being
ready) as a Qt timer. Any `processEvents()` outside `run_forever()` fires those timers too: qasync's
own last pass after `run_until_complete()`, pytest-qt between a test and its teardown, a shutdown
step. A task stepped there has no running loop: `asyncio.Event.wait()` raises "bound to a different
event loop", a worker dies, the tasks beside it are orphaned, and the final cancellation waits for
them forever (issue #10's wedge of the test suite, reproduced with a task-history probe). Here
such callbacks wait for the loop's next run instead, as on any asyncio loop."""

from __future__ import annotations

import asyncio
import logging
import time
import weakref

import qasync
from PySide6.QtCore import QObject, QTimerEvent

log = logging.getLogger("anchor_console.ui.shell.event_loop")


class _LoopTimers(QObject):
    """Replaces qasync's timer object: one Qt timer per scheduled callback."""

    def __init__(self, loop: "ConsoleEventLoop") -> None:
        super().__init__()
        self._loop = weakref.ref(loop)
        self._handles: dict[int, asyncio.Handle] = {}
        self._deferred: list[asyncio.Handle] = []
        self._stopped = False
        self._debug = False

    def add_callback(self, handle: asyncio.Handle, delay: float = 0) -> asyncio.Handle:
        timer_id = self.startTimer(int(max(0.0, delay) * 1000))
        self._handles[timer_id] = handle
        return handle

    def timerEvent(self, event: QTimerEvent) -> None:  # noqa: N802 (Qt's name)
        timer_id = event.timerId()
        self.killTimer(timer_id)
        handle = self._handles.pop(timer_id, None)
        if handle is None or handle._cancelled or self._stopped:
            return
        loop = self._loop()
        if loop is None or asyncio.events._get_running_loop() is not loop:
            self._deferred.append(handle)  # Qt is processing events outside the loop: later
            return
        if self._debug:
            self._run_timed(loop, handle)
        else:
            handle._run()

    def _run_timed(self, loop, handle: asyncio.Handle) -> None:
        loop._current_handle = handle
        started = time.perf_counter()
        try:
            handle._run()
        finally:
            loop._current_handle = None
        spent = time.perf_counter() - started
        if spent >= loop.slow_callback_duration:
            log.warning("Executing %s took %.3f seconds", handle, spent)

    def resume(self) -> None:
        """The loop runs again: what was deferred runs first, in its order."""
        deferred, self._deferred = self._deferred, []
        for handle in deferred:
            if not handle._cancelled:
                self.add_callback(handle)

    def stop(self) -> None:
        self._stopped = True
        self._deferred.clear()

    def set_debug(self, enabled: bool) -> None:
        self._debug = enabled


class ConsoleEventLoop(qasync.QEventLoop):
    def __init__(self, app) -> None:
        super().__init__(app)
        self._timer = _LoopTimers(self)
        self._timer.set_debug(self.get_debug())

    def run_forever(self):
        self._timer.resume()
        return super().run_forever()
