"""The control API's HTTP and WebSocket app (FastAPI): the endpoints `ControlApi` serves (see
control_api's docstring), each behind the token."""

# No `from __future__ import annotations`: FastAPI reads the endpoints' annotations (Request,
# WebSocket) as the classes they name, imported inside build_app.
import asyncio
import contextlib
import dataclasses
import json
import time

from anchor_console.domain.text import QT_TRANSLATE_NOOP, Text
from anchor_console.room.journal import FAILED
from anchor_console.session.control_answers import INVALID, REFUSED, Answer
from anchor_console.session.control_commands import COMMANDS, MONEY
from anchor_console.session.control_state import ASYNCAPI

BROWSER_REFUSED = QT_TRANSLATE_NOOP(
    "ControlApi", "Requests from web pages are refused: the control API is for Stream Deck, Companion and scripts "
                  "on this computer, which send no Origin header.")
MAX_BODY = 64 * 1024   # a command's arguments take a few hundred bytes
BODY_TOO_LARGE = QT_TRANSLATE_NOOP(
    "ControlApi", "The request's body is larger than {kib} KiB; a command's arguments take far less.")
NOT_JSON = QT_TRANSLATE_NOOP(
    "ControlApi", "A command's body must be JSON, sent with “Content-Type: application/json”.")
BAD_KEY = QT_TRANSLATE_NOOP(
    "ControlApi", "The Idempotency-Key header must be 1 to 100 printable characters (letters, digits, - _ . : and "
                  "the like), with no spaces around it.")
NOT_AN_OBJECT = QT_TRANSLATE_NOOP("ControlApi", "The body must be a JSON object of the command's arguments.")
TOO_DEEP = QT_TRANSLATE_NOOP(
    "ControlApi", "The body is nested too deeply; it must be a JSON object of the command's arguments.")
UNAUTHORIZED = QT_TRANSLATE_NOOP(
    "ControlApi", "A valid token is required, in the header “Authorization: Bearer <token>” (Settings → "
                  "Control API shows it).")
NO_COMMAND = QT_TRANSLATE_NOOP("ControlApi", "There is no command “{name}”; the commands are: {names}.")
NOT_FOUND = QT_TRANSLATE_NOOP("ControlApi", "There is nothing at {path}; the control API's addresses start with "
                                            "/api/v1/.")
NOT_ALLOWED = QT_TRANSLATE_NOOP("ControlApi", "This address does not take {method} requests.")
REFUSED_HTTP = QT_TRANSLATE_NOOP("ControlApi", "The request was refused (HTTP {status}).")
WRONG_HOST = QT_TRANSLATE_NOOP(
    "ControlApi", "The control API answers only requests addressed to this computer (127.0.0.1, [::1] or "
                  "localhost).")
INTERNAL = QT_TRANSLATE_NOOP(
    "ControlApi", "Something went wrong in the console while answering this request; the console's log says what. "
                  "Look in its journal before sending a money command again.")
DESCRIPTION = (
    "Local control of the console (this computer only: 127.0.0.1 and ::1) for Stream Deck / Companion keys and "
    "scripts. Every request but these descriptions carries the token in an 'Authorization: Bearer …' header (the "
    "state stream may take ?token=); requests with an Origin header (web pages') are refused. While the console "
    "asks before money actions, a money command (" + ", ".join(sorted(MONEY)) + ") is answered 428 with a "
    "confirm_id and sends nothing; the same command again 0.4 to 5 s later, or {\"confirm_id\": …}, sends it (the "
    "state's awaiting_confirm says which one waits). Identical presses within a short time share one action; a "
    "money command sent with an 'Idempotency-Key' header (1-100 printable characters) is one action under that key: "
    "a retry after a lost answer gets the first one's answer. Every "
    "answer, errors too, is {command, status, ok, reason, reason_text, action_id, result, at, coalesced}. The "
    "state stream is described at /api/v1/asyncapi.json.")


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
    status_word = INVALID if status in (404, 413, 415, 422) else FAILED if status >= 500 else REFUSED
    return Answer(command, status_word, why, at=time.time(), http=status)


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

            headers = Headers(scope=scope)
            status, why = (400, WRONG_HOST) if host_name(headers.get("host")) not in LOOPBACK_NAMES else \
                (403, BROWSER_REFUSED) if "origin" in headers else (None, None)
            if status is not None:   # not the last action: this may be anyone, token or not
                if scope["type"] == "websocket":   # closed before it is accepted: the handshake gets 403
                    await send({"type": "websocket.close", "code": 1008})
                else:
                    await reply(self.api, error(status, why))(scope, receive, send)
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


def idempotency_key(headers) -> str | None | Answer:
    """A request's Idempotency-Key (a script's own name for the action, so its retry after a lost
    answer is the same action): None without one; refused unless 1–100 printable ASCII characters."""
    key = headers.get("idempotency-key")
    if key is None:
        return None
    if not 0 < len(key) <= 100 or not all(" " <= ch <= "~" for ch in key) or key != key.strip():
        return error(422, BAD_KEY)
    return key


def _presented(headers, query=None) -> str | None:
    """The token a request carries: its Authorization header's; `?token=` only where given a
    query (the state stream: Companion's WebSocket module cannot send headers)."""
    auth = headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip()
    return query.get("token") if query is not None else None


async def _arguments(request, name: str) -> dict | Answer:
    """A command request's arguments (its JSON body's, then its URL's query: Companion's buttons
    send ?n=2), or why there are none: too large, not JSON, not an object."""
    raw = await _body(request)
    if raw is None:
        return error(413, BODY_TOO_LARGE.fill(kib=MAX_BODY // 1024), name)
    kind = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if raw.strip() and kind != "application/json":   # a browser's form or text/plain "simple" request
        return error(415, NOT_JSON, name)
    try:
        values = json.loads(raw) if raw.strip() else {}
    except ValueError:   # not JSON, or not UTF-8
        return error(422, NOT_AN_OBJECT, name)
    except RecursionError:   # '[[[[…' nested deeper than the JSON reader goes
        return error(422, TOO_DEEP, name)
    if not isinstance(values, dict):
        return error(422, NOT_AN_OBJECT, name)
    for key, value in request.query_params.items():
        if key != "token":   # a stray one is no argument (and no way in)
            values.setdefault(key, value)
    return values


def _handle_errors(app, api) -> None:
    """Every refusal in the API's own answer shape, its words translated: a missing token, an
    address or method that is not there, and a failure of the console's own."""
    from fastapi.exceptions import RequestValidationError
    from starlette.exceptions import HTTPException

    @app.exception_handler(HTTPException)
    async def refused(request, exc: HTTPException):
        why = {401: UNAUTHORIZED, 404: NOT_FOUND.fill(path=request.url.path),
               405: NOT_ALLOWED.fill(method=request.method)}.get(exc.status_code)
        return reply(api, error(exc.status_code, why or REFUSED_HTTP.fill(status=exc.status_code)))

    @app.exception_handler(RequestValidationError)
    async def invalid(request, exc):
        return reply(api, error(422, NOT_AN_OBJECT))

    @app.exception_handler(Exception)   # Starlette still logs the traceback
    async def failed(request, exc):
        return reply(api, error(500, INTERNAL))


def build_app(api):
    from fastapi import Depends, FastAPI, HTTPException, Request, WebSocket

    # No /docs page: Swagger UI's loads its scripts from a public CDN, on the very page where someone
    # would paste the token. openapi.json describes the same.
    app = FastAPI(title="Anchor Console control API", version="1", openapi_url="/api/v1/openapi.json",
                  docs_url=None, redoc_url=None, description=DESCRIPTION)
    app.add_middleware(Guard, api=api)
    _handle_errors(app, api)

    def token(request: Request) -> None:
        if not api.authorized(_presented(request.headers)):   # never ?token= here: a URL ends up in logs
            raise HTTPException(401, headers={"WWW-Authenticate": "Bearer"})

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
    async def run(name: str, request: Request):
        if name not in COMMANDS:   # an authorized request's refusals are its last action too
            return reply(api, api.commands.record(error(404, NO_COMMAND.fill(
                name=name, names=", ".join(sorted(COMMANDS))), name)))
        values, key = await _arguments(request, name), idempotency_key(request.headers)
        for refusal in (values, key):
            if isinstance(refusal, Answer):
                return reply(api, api.commands.record(dataclasses.replace(refusal, command=name)))
        return reply(api, await api.commands.run(name, values, idempotency_key=key))

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
