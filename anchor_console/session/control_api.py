"""The local control API: HTTP + WebSocket on this computer's loopback (127.0.0.1, and ::1 where
there is IPv6: control_server) for Stream Deck / Bitfocus Companion keys and scripts (off by
default; Settings → Control API).

`ControlApi` owns the API's token (in the OS keyring only, under `TOKEN_KEY`; made on first enable,
regenerated on request; without a keyring the API cannot be enabled) and the server: a FastAPI
app served by uvicorn *inside the session's asyncio loop* — `uvicorn.Server.serve()` as the
session-owned task "control-api", on sockets bound here (so a port in use is an answer, not an
exit), without uvicorn's signal handlers (the console's own stay), stopped gracefully on disable
or shutdown and cancelled if it will not stop.

Endpoints (every one but the descriptions needs the token: `Authorization: Bearer <token>`, or
on the state stream `?token=<token>` too, compared in constant time; 401 without; a request with
an Origin header — a web page's — is refused: control_app.Guard):

    GET  /api/v1/state               the state document (control_state)
    WS   /api/v1/state/stream        a snapshot, then the document on every change (≤ 10/s)
    POST /api/v1/commands/{name}     a command (control_commands.COMMANDS) with a JSON body
    GET  /api/v1/commands            the commands and what they take
    GET  /api/v1/openapi.json        FastAPI's OpenAPI;  GET /api/v1/asyncapi.json  the stream's frames"""


import asyncio
import contextlib
import hmac
import logging
import secrets
import socket

from anchor_console.domain.events import Event
from anchor_console.domain.log_secrets import mask_secrets_of
from anchor_console.domain.notice import Level
from anchor_console.domain.text import QT_TRANSLATE_NOOP, Text, os_error_words
from anchor_console.session.control_app import build_app
from anchor_console.session.control_commands import ControlCommands
from anchor_console.session.control_server import (
    BACKLOG, HOST, capped_protocol, close_all, in_loop_server, listen,
)
from anchor_console.session.control_state import StateHub

log = logging.getLogger("anchor_console.session.control_api")
TOKEN_KEY = "control-api"
START_WAIT_S = 5.0   # uvicorn's start-up (loading the app and its protocols) takes milliseconds
WS_PROTOCOL = "websockets-sansio"   # uvicorn 0.35 and newer (pyproject.toml)


def api_address(port: int) -> str:
    """The address keys and scripts are given for the API on `port`."""
    return f"http://{HOST}:{port}/api/v1"
NO_KEYRING = QT_TRANSLATE_NOOP(
    "ControlApi", "No system keyring is available, so the control API's token could not be kept: the API stays off. "
                  "Install and unlock a keyring to use it.")
TOKEN_UNREADABLE = QT_TRANSLATE_NOOP(
    "ControlApi", "The control API's token could not be read from the system keyring (is it locked?), so the API "
                  "stays off rather than replace the token your keys use. Unlock the keyring, then save Settings "
                  "again.")


START_FAILED = QT_TRANSLATE_NOOP(
    "ControlApi", "The control API could not start ({error}), so it stays off.")
STOPPED = QT_TRANSLATE_NOOP(
    "ControlApi", "The control API stopped unexpectedly ({error}): keys and scripts get no answer. Save Settings → "
                  "Control API again to start it.")


def _words(exc: BaseException | None) -> str:
    if exc is None:
        return "—"
    return os_error_words(exc) if isinstance(exc, OSError) else f"{type(exc).__name__}: {exc}"[:200]


class ControlApi:
    def __init__(self, session) -> None:
        self.session = session
        self.commands = ControlCommands(session)
        self.hub = StateHub(session, lambda: self.commands.last, self.commands.confirmations.state)
        self.commands.answered.connect(lambda _answer: self.hub.mark())
        self.changed = Event("control_api.changed")   # (running: bool, problem: Text | None)
        self.problem: Text | None = None
        self.port: int | None = None                  # the port it listens on, while running
        self._server = None
        self._task: asyncio.Task | None = None
        self._closing = asyncio.Event()
        self._revoked = asyncio.Event()   # set when the token is replaced: streams opened with it end
        self._token: str | None = None
        self._failure: BaseException | None = None   # why the server's task ended, if it failed

    # ------------------------------------------------------------------ the token

    @property
    def keyring_usable(self) -> bool:
        return self.session.tokens.persistent

    def token(self) -> str | None:
        """The token as far as this session knows it (read from the keyring by `ensure_token`,
        then remembered: a request must not wait for the keyring's D-Bus or XPC round trip)."""
        if self._token is None and self.keyring_usable:
            self._token = self.session.tokens.known(TOKEN_KEY)
        return self._token if self.keyring_usable else None

    async def ensure_token(self) -> str | None:
        """The token, made and kept in the keyring the first time; None when it cannot be kept, or
        when the keyring could not be read (a locked one: a new token would replace the one every
        key is set up with)."""
        if self.token() is None and self.keyring_usable:
            self._token = await self.session.tokens.read(TOKEN_KEY)
        if self.token() is None and self.keyring_usable and not self.session.tokens.absent(TOKEN_KEY):
            return None
        return self.token() or await self.regenerate_token()

    async def regenerate_token(self) -> str | None:
        """A new token (the old one stops working at once); None without a keyring or when it
        refuses to keep it (a token lost at the next start would break every key set up with it)."""
        if not self.keyring_usable:
            return None
        token = secrets.token_urlsafe(32)
        if not await self.session.tokens.keep(TOKEN_KEY, token):
            return None
        self._token = token
        self._revoked.set()
        self._revoked = asyncio.Event()
        return token

    def authorized(self, presented: str | None) -> bool:
        expected = self.token()
        return bool(expected and presented) and hmac.compare_digest(presented.encode(), expected.encode())

    # ------------------------------------------------------------------ running

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port or self.session.settings.control_api_port}"

    async def apply(self) -> Text | None:
        """Run or stop the API as the settings say (at start, and after the Settings dialog);
        returns why it is not running when it should."""
        settings = self.session.settings
        if not settings.control_api_enabled:
            await self.stop()
            return None
        if self.running and self.port == settings.control_api_port:
            return None
        await self.stop()
        return await self.start(settings.control_api_port)

    async def start(self, port: int) -> Text | None:
        if await self.ensure_token() is None:
            unreadable = self.keyring_usable and not self.session.tokens.absent(TOKEN_KEY)
            return self._set_problem(TOKEN_UNREADABLE if unreadable else NO_KEYRING)
        sockets = listen(port)
        if isinstance(sockets, Text):
            return self._set_problem(sockets)
        import uvicorn

        # uvicorn logs every WebSocket handshake at INFO with its query string (access_log=False
        # does not stop it), and a stream opened the way Companion's are carries `?token=` there.
        mask_secrets_of("uvicorn.error", "uvicorn.access")
        config = uvicorn.Config(build_app(self), log_config=None, access_log=False, lifespan="off",
                                http=capped_protocol(), backlog=BACKLOG, ws=WS_PROTOCOL,
                                timeout_graceful_shutdown=1, ws_ping_interval=None)
        server = self._server = in_loop_server(config)
        self.port = sockets[0].getsockname()[1]
        self._closing = asyncio.Event()
        self.hub.follow()
        task = self._task = self.session.tasks.spawn(self._serve(server, sockets), name="control-api",
                                                     key="control-api")
        if task is None:   # closing
            close_all(sockets)
            self._server = None
            self.hub.close()
            return None
        failure = await self._started(server, task)
        if failure is not None:
            return self._set_problem(START_FAILED.fill(error=_words(failure)))
        log.info("control API on %s", self.url)
        return self._set_problem(None)

    async def _started(self, server, task: asyncio.Task) -> BaseException | None:
        """Wait for uvicorn to serve (it sets `started`), or for it to fail first (an app or protocol
        it cannot load: uvicorn older than 0.35 has no "websockets-sansio"); why it did not start."""
        deadline = asyncio.get_running_loop().time() + START_WAIT_S
        while not server.started and not task.done() and asyncio.get_running_loop().time() < deadline:
            await asyncio.sleep(0.005)
        if server.started and not task.done():
            return None
        if not task.done():
            await self.stop()
            return TimeoutError(f"not serving within {START_WAIT_S:.0f} s")
        self._gone()
        return self._failure or RuntimeError("stopped at once")

    async def _serve(self, server, sockets: list[socket.socket]) -> None:
        """Serve until stopped. Ending any other way is said (the Settings box and a notice): a key
        pressed then gets no answer, and the console should not look as if it served."""
        self._failure = None
        try:
            await server.serve(sockets=sockets)
        except Exception as exc:   # cancelled by stop(): not caught
            self._failure = exc
            log.error("the control API failed", exc_info=exc)
        finally:
            close_all(sockets)
        if server is not self._server or not server.started:   # stopped by stop(), or start() reports it
            return
        self._gone()
        problem = self._set_problem(STOPPED.fill(error=_words(self._failure)))
        self.session.notify(problem, Level.WARNING, key="control-api")

    def _gone(self) -> None:
        """The server ended by itself (failed to start, or stopped serving): nothing serves now."""
        self._task = self._server = None
        self.port = None
        self.hub.close()

    async def stop(self) -> None:
        """Stop serving (gracefully: open streams are closed; cancelled after a bound)."""
        task, server = self._task, self._server
        self._task = self._server = None
        if task is None:
            return
        self._closing.set()
        self.hub.close()
        server.should_exit = True
        try:
            await asyncio.wait_for(asyncio.shield(task), 3.0)
        except asyncio.TimeoutError:
            log.warning("the control API did not stop within 3 s; cancelling it")
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        except Exception:   # it failed while serving: logged by _serve
            pass
        self.port = None
        self.changed.emit(False, self.problem)

    def _set_problem(self, problem: Text | None) -> Text | None:
        self.problem = problem
        self.changed.emit(self.running, problem)
        return problem
