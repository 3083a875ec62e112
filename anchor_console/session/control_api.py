"""The local control API: HTTP + WebSocket on 127.0.0.1 for Stream Deck / Bitfocus Companion keys and
scripts (off by default; Settings → Control API).

`ControlApi` owns the API's token (in the OS keyring only, under `TOKEN_KEY`; made on first enable,
regenerated on request; without a keyring the API cannot be enabled) and the server: a FastAPI
app served by uvicorn *inside the session's asyncio loop* — `uvicorn.Server.serve()` as the
session-owned task "control-api", on a socket bound here (so a port in use is an answer, not an
exit), without uvicorn's signal handlers (the console's own stay), stopped gracefully on disable
or shutdown and cancelled if it will not stop.

Endpoints (every one but the descriptions needs the token: `Authorization: Bearer <token>` or
`?token=<token>`, compared in constant time; 401 without):

    GET  /api/v1/state               the state document (control_state)
    WS   /api/v1/state/stream        a snapshot, then the document on every change (≤ 10/s)
    POST /api/v1/commands/{name}     a command (control_commands.COMMANDS) with a JSON body
    GET  /api/v1/commands            the commands and what they take
    GET  /api/v1/openapi.json        FastAPI's OpenAPI;  GET /api/v1/asyncapi.json  the stream's frames"""


import asyncio
import contextlib
import hmac
import json
import logging
import secrets
import socket

from anchor_console.domain.events import Event
from anchor_console.domain.log_secrets import mask_secrets_of
from anchor_console.domain.text import QT_TRANSLATE_NOOP, os_error_words, Text
from anchor_console.session.control_commands import COMMANDS, MONEY, ControlCommands
from anchor_console.session.control_state import ASYNCAPI, StateHub

log = logging.getLogger("anchor_console.session.control_api")
TOKEN_KEY = "control-api"
HOST = "127.0.0.1"


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
        # IPPROTO_TCP said outright: asyncio sets TCP_NODELAY on accepted connections only then
        # (without it every answer waited ~40 ms for a delayed ACK).
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        try:
            if hasattr(socket, "SO_EXCLUSIVEADDRUSE"):   # Windows: nobody else may bind the port too
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_EXCLUSIVEADDRUSE, 1)
            else:                                        # POSIX: a restart need not wait out TIME_WAIT
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((HOST, port))
            sock.listen(128)
            sock.setblocking(False)
        except OSError as exc:
            sock.close()
            return self._set_problem(QT_TRANSLATE_NOOP(
                "ControlApi", "The control API could not listen on port {port} ({error}); choose another port.")
                .fill(port=port, error=os_error_words(exc)))
        import uvicorn

        # uvicorn logs every WebSocket handshake at INFO with its query string (access_log=False
        # does not stop it), and a stream opened the way Companion's are carries `?token=` there.
        mask_secrets_of("uvicorn.error", "uvicorn.access")
        config = uvicorn.Config(build_app(self), log_config=None, access_log=False, lifespan="off",
                                ws="websockets-sansio", timeout_graceful_shutdown=1, ws_ping_interval=None)
        self._server = _in_loop_server(config)
        self.port = sock.getsockname()[1]
        self._closing = asyncio.Event()
        self.hub.follow()
        self._task = self.session.tasks.spawn(self._serve(self._server, sock), name="control-api", key="control-api")
        if self._task is None:   # closing
            sock.close()
            self.hub.close()
            return None
        # No waiting for uvicorn's start-up: the socket listens already, early clients queue.
        log.info("control API on %s", self.url)
        return self._set_problem(None)

    async def _serve(self, server, sock: socket.socket) -> None:
        try:
            await server.serve(sockets=[sock])
        finally:
            sock.close()

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
        except Exception:   # it failed while serving: logged by the session's tasks
            pass
        self.port = None
        self.changed.emit(False, self.problem)

    def _set_problem(self, problem: Text | None) -> Text | None:
        self.problem = problem
        self.changed.emit(self.running, problem)
        return problem


def _in_loop_server(config):
    """uvicorn's Server, in a loop it does not own: no signal handlers of its own (the console
    handles Ctrl+C and closing; uvicorn's would replace them while it serves)."""
    import uvicorn

    class Server(uvicorn.Server):
        @contextlib.contextmanager
        def capture_signals(self):
            yield

    return Server(config)


# ---------------------------------------------------------------------------------- the app

def _presented(headers, query) -> str | None:
    auth = headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip()
    return query.get("token")


def build_app(api: ControlApi):
    from fastapi import Depends, FastAPI, HTTPException, Request, WebSocket
    from fastapi.responses import JSONResponse
    from starlette.middleware.trustedhost import TrustedHostMiddleware

    app = FastAPI(title="Anchor Console control API", version="1", openapi_url="/api/v1/openapi.json",
                  docs_url="/api/v1/docs", redoc_url=None,
                  description="Local control of the console (127.0.0.1 only) for Stream Deck / Companion keys and "
                              "scripts. While the console asks before money actions, a money command (" +
                              ", ".join(sorted(MONEY)) + ") is answered 428 with a confirm_id and sends nothing; "
                              "the same command again 0.4 to 5 s later, or {\"confirm_id\": …}, sends it "
                              "(the state's awaiting_confirm says which one waits). Identical presses within a "
                              "short time share one action. The state stream is described at "
                              "/api/v1/asyncapi.json.")

    # Only requests addressed to this computer by name: a web page that rebinds its own host name
    # to 127.0.0.1 gets 400 (it would still need the token).
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=["127.0.0.1", "localhost"])

    def token(request: Request) -> None:
        if not api.authorized(_presented(request.headers, request.query_params)):
            raise HTTPException(401, "a valid token is required (Authorization: Bearer … or ?token=…)",
                                headers={"WWW-Authenticate": "Bearer"})

    @app.get("/api/v1/asyncapi.json", tags=["description"])
    async def asyncapi() -> dict:
        return ASYNCAPI

    @app.get("/api/v1/state", dependencies=[Depends(token)], tags=["state"])
    async def state() -> dict:
        return api.hub.current()

    @app.get("/api/v1/commands", dependencies=[Depends(token)], tags=["commands"])
    async def commands() -> dict:
        return {name: {"money": name in MONEY, "summary": summary} for name, (_, summary) in sorted(COMMANDS.items())}

    body_schema = {"requestBody": {"required": False, "content": {"application/json": {"schema": {
        "type": "object", "additionalProperties": True,
        "description": "The command's arguments (GET /api/v1/commands lists them); a money command's second "
                       "press may send only {\"confirm_id\": …} from its first press's answer."}}}}}

    @app.post("/api/v1/commands/{name:path}", dependencies=[Depends(token)], tags=["commands"],
              openapi_extra=body_schema,
              summary="Run a command; the answer says what came of it (also the stream's last_action)")
    async def run(name: str, request: Request) -> JSONResponse:
        if name not in COMMANDS:
            raise HTTPException(404, f"no command {name!r}; the commands are {sorted(COMMANDS)}")
        raw = await request.body()
        try:
            values = json.loads(raw) if raw.strip() else {}
        except ValueError:   # not JSON, or not UTF-8
            raise HTTPException(422, "the body must be a JSON object") from None
        except RecursionError:   # '[[[[…' nested deeper than the JSON reader goes
            raise HTTPException(422, "the body is nested too deeply; it must be a JSON object") from None
        if not isinstance(values, dict):
            raise HTTPException(422, "the body must be a JSON object")
        for key, value in request.query_params.items():   # Companion's buttons: ?n=2
            if key != "token":
                values.setdefault(key, value)
        answer = await api.commands.run(name, values)
        return JSONResponse(answer.to_json(api.session.translate), status_code=answer.http_status)

    @app.websocket("/api/v1/state/stream")
    async def stream(ws: WebSocket) -> None:
        if not api.authorized(_presented(ws.headers, ws.query_params)):
            await ws.close(code=4401)
            return
        await _serve_stream(api, ws, api._revoked)   # the token's, taken as it was checked

    return app


async def _serve_stream(api: ControlApi, ws, revoked: asyncio.Event) -> None:
    """One state-stream subscriber (authorized): frames until the client hangs up, the API stops or
    its token is replaced (a regenerated token shuts out whoever had the old one, streams too)."""
    await ws.accept()
    closing = api._closing

    async def pump() -> None:
        async for frame in api.hub.frames(closing.is_set):
            await ws.send_json(frame)

    async def listen() -> None:   # the client may only hang up
        while (await ws.receive())["type"] != "websocket.disconnect":
            pass

    tasks = [asyncio.ensure_future(pump()), asyncio.ensure_future(listen()), asyncio.ensure_future(revoked.wait())]
    try:
        await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    if tasks[1].cancelled():   # we end it (the API stops, or the token was replaced), not the client
        with contextlib.suppress(Exception):
            await ws.close(code=4401 if revoked.is_set() else 1001)
