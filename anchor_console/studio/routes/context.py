"""What every route works with: the Studio and what `create_app` was given (`ApiContext`, kept
on the app), the access check with its rate limits (`require`), who calls a route with the Studio
they call (`Caller`), and a change a caller asks for, applied once per Idempotency-Key (`Change`)."""

from __future__ import annotations

import json
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated

from fastapi import Depends, Header, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from anchor_console.studio.errors import Forbidden, RateLimited, Unauthorized
from anchor_console.studio.permissions import Role, allowed
from anchor_console.studio.routes.inputs import IdemKey
from anchor_console.studio.services import Studio
from anchor_console.studio.store import Principal

if TYPE_CHECKING:
    from anchor_console.studio.audience import Audience
    from anchor_console.studio.chaos import Chaos
    from anchor_console.studio.open_streams import OpenStreams

CHANGES = ("POST", "PUT", "PATCH", "DELETE")
SIGNUPS_PER_MINUTE = 3000   # viewer sign-ups a worker takes, from every address together


class TokenBucket:
    """A token bucket per key (a caller, an IM command): `rate` a second, bursts up to `burst`.
    At most `max_keys` keys are remembered: beyond, the one that took a token longest ago is
    forgotten (it starts again with a full bucket)."""

    def __init__(self, rate: float, burst: float, clock: Callable[[], float] = time.monotonic, *,
                 max_keys: int = 100_000) -> None:
        self.rate, self.burst, self.clock, self.max_keys = rate, burst, clock, max_keys
        # Ordered by the last token taken, oldest first: forgetting pops from the front, one key
        # per new one at most, whatever the number of callers (rebuilding the whole map once it
        # held max_keys fresh ones cost tens of ms on every request).
        self._state: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def wait_s(self, who: str) -> float:
        """Take a token if there is one (0.0), else how long until there is (nothing taken)."""
        now = self.clock()
        state = self._state
        tokens, last = state.get(who, (self.burst, now))
        tokens = min(self.burst, tokens + (now - last) * self.rate)
        if tokens < 1:
            state.move_to_end(who)   # a caller held back is the last to be forgotten
            return (1 - tokens) / self.rate
        state[who] = (tokens - 1, now)
        state.move_to_end(who)
        while len(state) > self.max_keys:
            state.popitem(last=False)
        return 0.0

    def take(self, who: str) -> None:
        wait = self.wait_s(who)
        if wait > 0:
            raise RateLimited(wait)


@dataclass
class ApiContext:
    """Kept on the app (`app.state.context`): one app, one Studio, so tests can run several."""

    studio: Studio
    audience: Audience | None = None   # the simulated audience, if this Studio runs one
    chaos: Chaos | None = None         # fault injection (`studio --chaos` only)
    push_domain: str = "push.studio.local"
    push_key: str = "studio-demo-push-key"
    streams: OpenStreams | None = None  # the open event streams, closed when their token stops working
    staff_limit: TokenBucket = field(default_factory=lambda: TokenBucket(rate=100, burst=200))
    viewer_limit: TokenBucket = field(default_factory=lambda: TokenBucket(rate=20, burst=20))
    # Viewer sign-ups (`POST /viewers`, no token): per client address (as uvicorn resolves it through
    # the proxies Studio trusts, --forwarded-allow-ips), and all addresses together, so addresses
    # in rotation cannot fill the database either (per worker, as every bucket here).
    join_limit: TokenBucket = field(default_factory=lambda: TokenBucket(rate=20, burst=2000))
    signup_limit: TokenBucket = field(default_factory=lambda: TokenBucket(rate=SIGNUPS_PER_MINUTE / 60,
                                                                          burst=SIGNUPS_PER_MINUTE))


def context_of(request: Request) -> ApiContext:
    return request.app.state.context


def studio_of(request: Request) -> Studio:
    return request.app.state.context.studio


def bearer_token(authorization: str | None) -> str:
    if not authorization or not authorization[:7].lower() == "bearer ":
        raise Unauthorized("Send an access token: Authorization: Bearer <token>.")
    return authorization[7:].strip()


def check_access(context: ApiContext, scope: dict, action: str, authorization: str | None) -> Principal:
    """Who is calling, once their token is valid, they are within their rate limit, their role
    may do `action` and their token's rooms include the room the path names. Runs before the body
    is read (`limits.RequestGuard`) and again, from the request's memo, as the route's dependency."""
    principal = context.studio.accounts.authenticate(bearer_token(authorization))
    (context.viewer_limit if principal.role is Role.VIEWER else context.staff_limit).take(principal.scope)
    if not allowed(principal.role, action):
        raise Forbidden(f"The {principal.role.value} role may not do this ({action}).")
    if principal.rooms is not None:
        room = scope.get("path_params", {}).get("room_id")   # a string: paths are checked after this
        if room is not None and not (room.isascii() and room.isdigit() and principal.may_enter(int(room))):
            raise Forbidden(f"This token is not for room {room[:20]}.", code="room_out_of_scope")
        if room is None and scope.get("method") not in ("GET", "HEAD"):
            raise Forbidden("A token for some rooms only cannot change what every room shares "
                            "(catalog, templates, staff, rooms, the clock).", code="room_out_of_scope")
    if not principal.acted and scope.get("method") in CHANGES:   # kept from the idle sign-ups' pruning
        context.studio.tokens.mark_acted(principal.token_id)
    return principal


def require(action: str) -> Callable[..., Principal]:
    """A dependency: the caller's principal (see `check_access`). The Authorization header is the
    bearer security scheme of the OpenAPI document, not a parameter of each operation."""
    def dependency(request: Request,
                   authorization: Annotated[str | None, Header(max_length=1000, include_in_schema=False)] = None
                   ) -> Principal:
        memo = request.scope.get("state", {}).get("principal")
        if memo is not None and memo[0] == action:
            return memo[1]
        return check_access(context_of(request), request.scope, action, authorization)
    dependency.action = action  # type: ignore[attr-defined]  # read by limits.RequestGuard and the OpenAPI
    return dependency


@dataclass(frozen=True, slots=True)
class Caller:
    """Who calls a route, once `require` let them in, and the Studio they call."""

    who: Principal
    studio: Studio


def caller_for(action: str) -> Callable[..., Caller]:
    """A dependency: the caller of a route that needs `action` (see `require`)."""
    def dependency(request: Request, who: Principal = Depends(require(action))) -> Caller:
        return Caller(who, studio_of(request))
    return dependency


@dataclass(frozen=True, slots=True)
class Change(Caller):
    """A change a caller asks for, with its Idempotency-Key: see `apply`."""

    key: str | None
    request: Request

    async def apply(self, body: BaseModel | None, run: Callable[[Studio], object], status: int = 200, *,
                    durable: bool = False) -> JSONResponse:
        """The answer to the change: `run` applied to the Studio once per (caller, Idempotency-Key);
        a repeat gets the first answer again. `durable`: a money write (see StudioStore.tx)."""
        request = self.request
        payload = body.model_dump(mode="json") if body is not None else None
        fingerprint = json.dumps([request.method, request.url.path, payload], sort_keys=True, ensure_ascii=True)
        secret = bearer_token(request.headers.get("authorization"))
        # A staff member's money change, its terms as two seats' presses of it compare (a lucky bag's
        # commitment is new on every press): another seat's same terms a moment ago are refused
        # (services/idempotency.py). Viewers' orders and claims are many people's, never one press.
        crew = durable and self.who.role is not Role.VIEWER
        terms = json.dumps([request.method, request.url.path, {k: v for k, v in payload.items() if k != "commitment"}
                            if isinstance(payload, dict) else payload], sort_keys=True) if crew else None
        code, result = self.studio.idempotency.once(self.who, self.key, fingerprint,
                                                    lambda: (status, run(self.studio)),
                                                    durable=durable, caller_token=secret, terms=terms)
        return JSONResponse(result, status_code=code)


def change_for(action: str) -> Callable[..., Change]:
    """A dependency: a change that needs `action` (see `require`), and its Idempotency-Key header."""
    def dependency(request: Request, key: IdemKey = None, who: Principal = Depends(require(action))) -> Change:
        return Change(who, studio_of(request), key, request)
    return dependency
