"""The console with its window: a `ConsoleSession` (everything but painting) and the `MainWindow`
on top of it (FeelUOwn's GuiApp over its App).

`run()` starts the session, opens the window and waits until the window asks to close; then the
window's panels stop, the session shuts down (every task cancelled and awaited, with bounds), and
the window closes — driven from this coroutine, never from Qt quitting on its own."""

from __future__ import annotations

import argparse
import asyncio
import gc
import logging
import signal

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from anchor_console.domain.text import Text
from anchor_console.session.console import ConsoleSession
from anchor_console.session.paths import Paths
from anchor_console.session.settings import Settings
from anchor_console.ui.common.i18n import tr_text

log = logging.getLogger("anchor_console.ui.console")
FINISH_WRITES_S = 10.0   # at most this long for the panels' last writes (a show's recovery copy) on closing


class ConsoleApp:
    def __init__(self, app: QApplication, settings: Settings, args: argparse.Namespace, *,
                 paths: Paths | None = None, settings_warning: Text | None = None) -> None:
        self.app = app
        self.args = args
        self.session = ConsoleSession(settings, paths or Paths.for_user(), settings_warning=settings_warning,
                                      studio_display_name=QCoreApplication.translate("Console", "Studio (demo)"))
        self.session.translate = tr_text
        self.window = None
        self._close_requested: asyncio.Future | None = None
        self.exit_code = 0

    async def run(self) -> int:
        self._close_on_signals()
        await self.start()
        await self._close_requested
        await self.shutdown()
        return self.exit_code

    def _close_on_signals(self) -> None:
        """Ctrl+C in the terminal, or the system ending the session (SIGTERM), closes the console as
        its window does: asyncio's own Ctrl+C cancels this coroutine and skips the shutdown (a
        traceback, the tasks and the crew seat left, the layout not saved), SIGTERM ends the
        process at once. A second Ctrl+C interrupts, as usual."""
        loop = asyncio.get_running_loop()

        def signalled(number: int) -> None:
            log.info("%s: closing", signal.Signals(number).name)
            if number == signal.SIGINT:
                try:
                    loop.remove_signal_handler(number)
                except NotImplementedError:
                    signal.signal(number, signal.default_int_handler)
            self.request_close()

        for number in (signal.SIGINT, getattr(signal, "SIGTERM", None)):
            if number is None:
                continue
            try:
                loop.add_signal_handler(number, signalled, number)
            except NotImplementedError:   # Windows' loops: Python's handler, run at the next event
                signal.signal(number, lambda n, _frame: loop.call_soon_threadsafe(signalled, n))
            except (RuntimeError, ValueError):   # not the main thread (an embedding): no signals here
                return

    async def start(self) -> None:
        """Open the window and start the session (it connects in the background)."""
        from anchor_console.ui.shell.main_window import MainWindow

        self._close_requested = asyncio.get_running_loop().create_future()
        self.window = MainWindow(self.session)
        self.window.close_requested.connect(self.request_close)
        await self.session.start()
        if self.window.start_maximized:
            self.window.showMaximized()
        else:
            self.window.show()
        # A comment storm keeps thousands of new objects a second alive for a while (comments,
        # feed rows, verdicts), and the collector's pause grows with how many it looks at:
        # bench_feed_load.py measured full (gen-2) passes of 100-190 ms, and gen-1 passes of
        # 55-85 ms with a 10,000-object young generation. What exists now (modules, Qt wrappers,
        # the window) lives as long as the app, so it leaves the collector's reach; young
        # generations are kept small (passes of ~1 and ~10 ms, the same total work) and full
        # passes rare — the comments' objects are acyclic and go by reference counting.
        gc.collect()
        gc.freeze()
        gc.set_threshold(1_000, 10, 1_000)
        if getattr(self.args, "smoke_test", False):
            self.session.tasks.spawn(self._smoke_test(), name="smoke-test")

    async def _smoke_test(self) -> None:
        """--smoke-test: succeed only if the window opened and a live room loaded (a packaging check)."""
        for _ in range(300):
            room = self.session.room
            if room is not None and room.state.loaded:
                log.info("smoke test: room %s loaded", room.room_key)
                self.exit_code = 0
                break
            await asyncio.sleep(0.1)
        else:
            log.error("smoke test: no room loaded within 30 s")
            self.exit_code = 1
        self.request_close()

    def request_close(self) -> None:
        if self._close_requested is not None and not self._close_requested.done():
            self._close_requested.set_result(None)

    async def shutdown(self) -> None:
        if self.window is not None:
            self.window.save_layout()
            self.window.stop_features()
            try:
                await asyncio.wait_for(self.window.finish_features(), FINISH_WRITES_S)
            except asyncio.TimeoutError:   # a disk that hangs must not keep the console from closing
                log.warning("closing without waiting longer for the panels' last writes")
        await self.session.shutdown()
        if self.window is not None:
            self.window.allow_close()
            self.window.close()
        log.info("console closed")
