"""The running console: owns the long-lived services (tasks, tokens, journal, HTTP client, the
bundled Studio, the live room) and their order of start and stop."""

from __future__ import annotations

import argparse
import asyncio
import gc
import getpass
import logging
from pathlib import Path

import httpx
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication

from anchor_console.domain.clock import SystemClock
from anchor_console.domain.text import Text
from anchor_console.platforms.studio import StudioPlatform
from anchor_console.platforms.transport import Endpoint
from anchor_console.room.journal import ActionJournal
from anchor_console.room.live_room import Binding, LiveRoom
from anchor_console.settings import Settings, data_dir, save_settings
from anchor_console.studio_process import StudioInfo, StudioProcess, StudioStartError
from anchor_console.tasks import Tasks
from anchor_console.token_store import TokenStore

log = logging.getLogger("anchor_console.console")
BUNDLED_ID = "bundled-studio"


class Console(QObject):
    room_changed = Signal(object)          # the LiveRoom (or None while connecting)
    status_message = Signal(str, int)      # text, milliseconds (0 = until replaced)
    problem = Signal(str)                  # a sentence for the notification bar

    def __init__(self, app: QApplication, settings: Settings, args: argparse.Namespace, *,
                 settings_warning: Text | None = None) -> None:
        super().__init__()
        self.app = app
        self.settings = settings
        self.args = args
        self.settings_warning = settings_warning
        self.tasks = Tasks()
        self.tokens = TokenStore()
        self.clock = SystemClock()
        self.journal: ActionJournal | None = None
        self.http: httpx.AsyncClient | None = None
        self.studio: StudioProcess | None = None
        self.studio_info: StudioInfo | None = None
        self.room: LiveRoom | None = None
        self.window = None
        self._closing = False
        self._close_requested: asyncio.Future | None = None
        self.exit_code = 0

    @property
    def operator(self) -> str:
        if self.settings.operator_name:
            return self.settings.operator_name
        try:
            return getpass.getuser()
        except Exception:  # no user name on some sandboxes
            return "operator"

    # ------------------------------------------------------------------ life cycle

    async def run(self) -> int:
        await self.start()
        await self._close_requested
        await self.shutdown()
        return self.exit_code

    async def _smoke_test(self) -> None:
        """--smoke-test: succeed only if the window opened and a live room loaded (a packaging check)."""
        for _ in range(300):
            if self.room is not None and self.room.state.loaded:
                log.info("smoke test: room %s loaded", self.room.room_key)
                self.exit_code = 0
                break
            await asyncio.sleep(0.1)
        else:
            log.error("smoke test: no room loaded within 30 s")
            self.exit_code = 1
        self.request_close()

    async def start(self) -> None:
        """Open the window and start connecting (in the background: the window is usable at once)."""
        from anchor_console.ui.i18n import tr_text
        from anchor_console.ui.main_window import MainWindow

        loop = asyncio.get_running_loop()
        self._close_requested = loop.create_future()
        self.journal = ActionJournal(data_dir() / "journal.sqlite", self.clock, console_id=self.settings.console_id)
        self.http = httpx.AsyncClient(limits=httpx.Limits(max_connections=20, max_keepalive_connections=10),
                                      timeout=httpx.Timeout(10.0, connect=3.0))
        self.tasks.failure_listeners.append(lambda name, exc: self.report_unexpected(exc))
        self.window = MainWindow(self)
        self.window.close_requested.connect(self.request_close)
        self.window.show()
        if self.settings_warning is not None:
            self.problem.emit(tr_text(self.settings_warning))
        if not self.tokens.persistent and not self.settings.uses_bundled_studio:
            self.problem.emit(self.tr(
                "No system keyring is available, so access tokens will not be remembered after you close the "
                "console. Install and unlock a keyring (GNOME Keyring, KWallet, macOS Keychain or Windows "
                "Credential Manager) to keep them."))
        self.tasks.spawn(self.connect(), name="connect", key="connect")
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
            self.tasks.spawn(self._smoke_test(), name="smoke-test")

    def request_close(self) -> None:
        if self._close_requested is not None and not self._close_requested.done():
            self._close_requested.set_result(None)

    async def shutdown(self) -> None:
        self._closing = True
        if self.window is not None:
            self.window.save_layout()
            self.window.stop_panels()
        stuck = await self.tasks.shutdown(timeout=3.0)
        if stuck:
            log.warning("tasks that would not stop: %s", stuck)
        if self.room is not None:
            await self.room.aclose()
        if self.studio is not None:
            await self.studio.stop()
        if self.http is not None:
            try:  # closing pooled connections never holds the exit up
                await asyncio.wait_for(self.http.aclose(), 3.0)
            except asyncio.TimeoutError:
                log.warning("the HTTP client did not close within 3 s")
        if self.window is not None:
            self.window.allow_close()
            self.window.close()
        if self.journal is not None:
            self.journal.close()
        log.info("console closed")

    def report_unexpected(self, exc: BaseException) -> None:
        self.problem.emit(self.tr("Something went wrong ({error}). The console keeps running; the details are "
                                  "in the log file.").format(error=type(exc).__name__))

    # ------------------------------------------------------------------ connecting

    async def connect(self) -> None:
        if self.room is not None:
            old, self.room = self.room, None
            self.room_changed.emit(None)
            await old.aclose()
        if self.settings.uses_bundled_studio:
            room = await self._connect_bundled()
        else:
            if self.studio is not None:
                await self.studio.stop()
                self.studio = None
            room = self._connect_configured()
        if room is None:
            return
        self.room = room
        room.start()
        self.room_changed.emit(room)
        outcomes = await room.reconcile()
        if outcomes:
            self.status_message.emit(self.tr("Reconciled {n} action(s) left open by the last session.").format(
                n=len(outcomes)), 10000)

    async def _connect_bundled(self) -> LiveRoom | None:
        self.status_message.emit(self.tr("Starting the bundled Studio…"), 0)
        if self.studio is None:
            self.studio = StudioProcess(db_path=data_dir() / "studio" / "demo.sqlite", demo=True,
                                        audience=self.settings.bundled_studio_audience,
                                        log_path=data_dir() / "logs" / "studio.log")
        try:
            info = await self.studio.start()
        except (StudioStartError, OSError) as exc:
            log.error("bundled studio did not start: %s", exc)
            self.problem.emit(self.tr("The bundled Studio could not start ({error}). Its log is in {path}.").format(
                error=str(exc), path=str(data_dir() / "logs" / "studio.log")))
            self.status_message.emit(self.tr("Not connected"), 0)
            return None
        self.studio_info = info
        endpoint = Endpoint(info.url, info.tokens["assistant"])
        self.tokens.set_session_only(BUNDLED_ID, info.tokens["assistant"])
        platform = StudioPlatform(BUNDLED_ID, endpoint, self.http, display_name=self.tr("Studio (demo)"))
        self.tasks.spawn(self._watch_studio(endpoint), name="watch-bundled-studio", key="watch-studio")
        self.status_message.emit(self.tr("Connected to the bundled Studio"), 5000)
        return LiveRoom(f"{BUNDLED_ID}:{info.room_id}", [Binding(platform, info.room_id)], self.journal,
                        actor=self.operator)

    async def _watch_studio(self, endpoint: Endpoint) -> None:
        """If the bundled Studio dies, say so and start it again on the same port and database;
        the room's event streams resume from their last event id."""
        failures = 0
        while not self._closing:
            code = await self.studio.wait()
            if self._closing:
                return
            failures += 1
            log.warning("bundled studio exited with %s; restarting", code)
            self.status_message.emit(self.tr("The bundled Studio stopped; restarting it…"), 0)
            await asyncio.sleep(min(10.0, 0.5 * failures))
            try:
                info = await self.studio.start()
            except (StudioStartError, OSError) as exc:
                self.problem.emit(self.tr("The bundled Studio could not restart ({error}).").format(error=str(exc)))
                continue
            endpoint.base_url, endpoint.token = info.url, info.tokens["assistant"]
            self.studio_info = info
            self.status_message.emit(self.tr("The bundled Studio is back"), 5000)

    def _connect_configured(self) -> LiveRoom | None:
        bindings = []
        for conn in self.settings.connections:
            if not conn.enabled:
                continue
            token = self.tokens.get(conn.id) or ""
            if not token:
                self.problem.emit(self.tr("No access token for “{name}”. Open Connections to enter one.").format(
                    name=conn.name))
            platform = StudioPlatform(conn.id, Endpoint(conn.url, token), self.http, profile=conn.profile,
                                      display_name=conn.name)
            bindings.append(Binding(platform, conn.room_id))
        if not bindings:
            return None
        key = "+".join(f"{b.connection_id}:{b.room_id}" for b in bindings)
        return LiveRoom(key, bindings, self.journal, actor=self.operator)

    def apply_settings(self, settings: Settings) -> None:
        """Save and reconnect (after the Connections dialog)."""
        self.settings = settings
        save_settings(settings)
        self.tasks.spawn(self.connect(), name="reconnect", key="connect")

    @property
    def data_dir(self) -> Path:
        return data_dir()
