"""The control API's HTTP and WebSocket app (FastAPI): the endpoints `ControlApi` serves (see
control_api's docstring), each behind the token."""

# No `from __future__ import annotations`: FastAPI reads the endpoints' annotations (Request,
# WebSocket) as the classes they name, imported inside build_app.
import asyncio
import contextlib
import json
import time

from anchor_console.domain.text import QT_TRANSLATE_NOOP, Text
from anchor_console.session.control_commands import COMMANDS, INVALID, MONEY, REFUSED, Answer
from anchor_console.session.control_state import ASYNCAPI

BROWSER_REFUSED = QT_TRANSLATE_NOOP(
    "ControlApi", "Requests from web pages are refused: the control API is for Stream Deck, Companion and scripts "
                  "on this computer, which send no Origin header.")
MAX_BODY = 64 * 1024   # a command's arguments take a few hundred bytes
BODY_TOO_LARGE = QT_TRANSLATE_NOOP(
    "ControlApi", "The request's body is larger than {kib} KiB; a command's arguments take far less.")
NOT_JSON = QT_TRANSLATE_NOOP(
    "ControlApi", "A command's body must be JSON, sent with “Content-Type: application/json”.")


LOOPBACK_NAMES = {"127.0.0.1", "localhost", "::1"}


def host_name(header: str | None) -> str | None:
    """The host a Host header names, without its port ("[::1]:8765" → "::1"); None if malformed."""
    host = (header or "").strip().lower()
    if host.startswith("["):
        end = host.find("]")
        rest = host[end + 1:] if end > 0 else None
        return host[1:end] if rest is not None and (rest == "" or rest.startswith(":")) else None
    if host.count(":") > 1:   # an IPv6 address must be in brackets
        return None
    return host.split(":", 1)[0] or None


def reply(api, answer: Answer):
    """An answer as the API sends every one: its words in the console's language."""
    from fastapi.responses import JSONResponse

    return JSONResponse(answer.to_json(api.session.translate), status_code=answer.http_status,
                        headers={"WWW-Authenticate": "Bearer"} if answer.http_status == 401 else None)


def error(status: int, why: Text, command: str | None = None) -> Answer:
    return Answer(command, INVALID if status in (404, 413, 415, 422) else REFUSED, why, at=time.time(), http=status)


class Guard:
    """Before any endpoint, token or not: only requests addressed to this computer by name (a web
    page that rebinds its own host name to 127.0.0.1 gets 400), and none from a browser. A page
    that has the token could otherwise POST a "simple" request (text/plain, no preflight) or open
    the state stream: browsers always send Origin there, and Companion's modules, `curl`, Python
    and Node's own fetch and `ws` send none — so any Origin, "null" included, is refused."""

    def __init__(self, app, api) -> None:
        self.app, self.api = app, api

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] in ("http", "websocket"):
            from starlette.datastructures import Headers
            from starlette.responses import PlainTextResponse

            headers = Headers(scope=scope)
            if host_name(headers.get("host")) not in LOOPBACK_NAMES:
                if scope["type"] == "websocket":   # closed before it is accepted: the handshake gets 403
                    await send({"type": "websocket.close", "code": 1008})
                else:
                    await PlainTextResponse("Invalid host header", status_code=400)(scope, receive, send)
                return
            if "origin" in headers:
                if scope["type"] == "websocket":
                    await send({"type": "websocket.close", "code": 1008})
                else:
                    await reply(self.api, error(403, BROWSER_REFUSED))(scope, receive, send)
                return
        await self.app(scope, receive, send)


async def _body(request) -> bytes | None:
    """The request's body, or None when it is larger than MAX_BODY — said by its Content-Length
    before anything is read, or found while reading a chunked one (never held whole: 40 MB read and
    parsed on the session's loop, which is the ui's, froze the console)."""
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.strip().isdigit() or int(declared) > MAX_BODY):
        return None
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def _presented(headers, query=None) -> str | None:
    """The token a request carries: its Authorization header's; `?token=` only where given a
    query (the state stream: Companion's WebSocket module cannot send headers)."""
    auth = headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip()
    return query.get("token") if query is not None else None


def build_app(api):
    from fastapi import Depends, FastAPI, HTTPException, Request, WebSocket
    from fastapi.responses import JSONResponse

    app = FastAPI(title="Anchor Console control API", version="1", openapi_url="/api/v1/openapi.json",
                  docs_url="/api/v1/docs", redoc_url=None,
                  description="Local control of the console (this computer only: 127.0.0.1 and ::1) for "
                              "Stream Deck / Companion keys and scripts. While the console asks before money actions, a money command (" +
                              ", ".join(sorted(MONEY)) + ") is answered 428 with a confirm_id and sends nothing; "
                              "the same command again 0.4 to 5 s later, or {\"confirm_id\": …}, sends it "
                              "(the state's awaiting_confirm says which one waits). Identical presses within a "
                              "short time share one action. The state stream is described at "
                              "/api/v1/asyncapi.json.")

    app.add_middleware(Guard, api=api)

    def token(request: Request) -> None:
        if not api.authorized(_presented(request.headers)):   # never ?token= here: a URL ends up in logs
            raise HTTPException(401, "a valid token is required (Authorization: Bearer …)",
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
        raw = await _body(request)
        if raw is None:
            return reply(api, error(413, BODY_TOO_LARGE.fill(kib=MAX_BODY // 1024), name))
        kind = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
        if raw.strip() and kind != "application/json":   # a browser's form or text/plain "simple" request
            return reply(api, error(415, NOT_JSON, name))
        try:
            values = json.loads(raw) if raw.strip() else {}
        except ValueError:   # not JSON, or not UTF-8
            raise HTTPException(422, "the body must be a JSON object") from None
        except RecursionError:   # '[[[[…' nested deeper than the JSON reader goes
            raise HTTPException(422, "the body is nested too deeply; it must be a JSON object") from None
        if not isinstance(values, dict):
            raise HTTPException(422, "the body must be a JSON object")
        for key, value in request.query_params.items():   # Companion's buttons: ?n=2
            if key != "token":   # a stray one is no argument (and no way in)
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


async def _serve_stream(api, ws, revoked: asyncio.Event) -> None:
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
