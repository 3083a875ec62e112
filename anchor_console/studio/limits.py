"""The guard in front of every request (ASGI middleware, outermost): nothing reaches a route's
parser before its caller is known and its body is known to be small enough.

For a request that carries a body it finds the route first, then
  1. checks the token, role and room scope of the route's `require(...)` — before reading a byte
     of the body (the open routes, `POST /api/v1/viewers`, skip this and get a 1 KB limit);
  2. refuses a declared Content-Length above the route's limit at once (413);
  3. reads the body itself, counting: past the limit 413, no data for BODY_IDLE_S or not done in
     BODY_TOTAL_S 408 — then hands it to the route in one piece.
An early refusal says `Connection: close`, so the rest of a huge body is never read.

It also turns an unexpected exception into a 500 `{code, message}` without ending the keep-alive
connection (Starlette's own handler re-raises, and uvicorn then closes it, failing the console's
next pooled request)."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from starlette.routing import Match

from anchor_console.studio.comment_log import read_comment_log
from anchor_console.studio.errors import ApiError, RequestTimeout, TooLarge
from anchor_console.studio.routes.context import check_access
from anchor_console.studio.services.plans import IMAGE_MAX, read_image

log = logging.getLogger("anchor_console.studio")

KB, MB = 1024, 1024 * 1024
JSON_BODY_LIMIT = 64 * KB       # the largest real one: a product with 50 SKUs and a 2,000-character text
OPEN_BODY_LIMIT = 1 * KB        # routes anyone may call, and routes that read no body
BODY_IDLE_S = 15.0
BODY_TOTAL_S = 60.0
# Routes whose body is not JSON: (method, path) -> (limit, time to send it, the check of its form —
# what a body model is to a JSON route; it raises Invalid, naming what is wrong)
RAW_BODIES = {("POST", "/api/v1/rooms/{room_id}/audience/replay"): (100 * MB, 600.0, read_comment_log),
              ("POST", "/api/v1/media"): (IMAGE_MAX, BODY_TOTAL_S, read_image)}


@dataclass(frozen=True, slots=True)
class Policy:
    action: str | None      # None: an open route
    limit: int
    total_s: float = BODY_TOTAL_S
    # Reads a raw body (refusing a bad one); what it reads is handed to the route as
    # `request.state.checked_body`, so a 100 MB log is parsed once.
    check: Callable[[bytes], object] | None = None


DEFAULT_POLICY = Policy(None, OPEN_BODY_LIMIT)


def _action_of(dependant) -> str | None:
    """The action of the `require` among a route's dependencies, however deep (a route's `Caller`
    or `Change` depends on it)."""
    action = None
    for dep in dependant.dependencies:
        action = getattr(dep.call, "action", None) or _action_of(dep) or action
    return action


def route_policy(route) -> Policy:
    """What the guard asks of a route: its `require` action, and how large its body may be."""
    dependant = getattr(route, "dependant", None)
    action = _action_of(dependant) if dependant is not None else None
    own_limit = getattr(getattr(route, "endpoint", None), "body_limit", None)
    if own_limit is not None:   # a route that reads its body itself (the WeChat emulator's)
        return Policy(action, own_limit)
    for method in getattr(route, "methods", ()) or ():
        raw = RAW_BODIES.get((method, route.path))
        if raw is not None:
            return Policy(action, *raw)
    has_body = getattr(route, "body_field", None) is not None
    return Policy(action, JSON_BODY_LIMIT if has_body and action else OPEN_BODY_LIMIT)


def error_message(status: int, body: dict, headers: dict[str, str] | None = None, *, close: bool = False):
    raw = json.dumps(body).encode()
    hdrs = [(b"content-type", b"application/json"), (b"content-length", str(len(raw)).encode())]
    hdrs += [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    if close:
        hdrs.append((b"connection", b"close"))
    return ({"type": "http.response.start", "status": status, "headers": hdrs},
            {"type": "http.response.body", "body": raw})


class RequestGuard:
    """`app`: what serves the request (the FastAPI app, or the chaos middleware around it);
    `api`: the FastAPI app, for its routes and context."""

    def __init__(self, app, api) -> None:
        self.app = app
        self.api = api
        self._routes = None

    def _policy(self, scope) -> tuple[Policy, dict]:
        if self._routes is None:   # the route table is complete once the app serves
            self._routes = [(r, route_policy(r)) for r in self.api.router.routes]
        for route, policy in self._routes:
            match, child = route.matches(scope)
            if match is Match.FULL:
                return policy, child
        return DEFAULT_POLICY, {}

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = False

        async def tracked_send(message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self._serve(scope, receive, tracked_send)
        except Exception:
            # Starlette answered 500 and logged it, then re-raised: swallowing it here keeps the
            # connection alive. Anything that escaped before an answer gets one.
            if not started:
                log.exception("unexpected error on %s %s", scope.get("method"), scope.get("path"))
                for message in error_message(500, {"code": "internal",
                                                   "message": "Studio hit an unexpected error; it was logged."}):
                    await tracked_send(message)

    async def _serve(self, scope, receive, send) -> None:
        length, chunked, authorization = None, False, None
        for name, value in scope["headers"]:
            if name == b"content-length":
                length = int(value) if value.isdigit() else None
            elif name == b"transfer-encoding":
                chunked = b"chunked" in value.lower()
            elif name == b"authorization":
                authorization = value.decode("latin-1")
        if not chunked and not length:
            return await self.app(scope, receive, send)   # no body: the routes check the rest
        policy, child = self._policy(scope)
        try:
            if policy.action is not None:
                principal = check_access(self.api.state.context, {**scope, **child}, policy.action, authorization)
                scope.setdefault("state", {})["principal"] = (policy.action, principal)
            if length is not None and length > policy.limit:
                raise TooLarge(f"The request body may be at most {policy.limit} bytes here.")
            body = await self._read_body(receive, policy)
        except ApiError as exc:   # the body was not read (all of it): this connection is done
            return await _answer(send, exc, close=True)
        if policy.check is not None:
            try:
                scope.setdefault("state", {})["checked_body"] = policy.check(body)
            except ApiError as exc:
                return await _answer(send, exc)
        await self.app(scope, _replaying(body, receive), send)

    @staticmethod
    async def _read_body(receive, policy: Policy) -> bytes:
        chunks, size = [], 0
        deadline = time.monotonic() + policy.total_s
        while True:
            left = deadline - time.monotonic()
            try:
                message = await asyncio.wait_for(receive(), min(BODY_IDLE_S, max(left, 0.001)))
            except asyncio.TimeoutError:
                raise RequestTimeout("The request body did not arrive in time.") from None
            if message["type"] == "http.disconnect":
                raise RequestTimeout("The client went away before sending the whole body.")
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > policy.limit:
                raise TooLarge(f"The request body may be at most {policy.limit} bytes here.")
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)


async def _answer(send, exc: ApiError, *, close: bool = False) -> None:
    for message in error_message(exc.status, exc.body(), exc.headers, close=close):
        await send(message)


def _replaying(body: bytes, receive):
    """A receive() that gives the app the body read already, then the connection's own events."""
    sent = False

    async def replay():
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()
    return replay
