"""Calling Twitch's Helix API (https://api.twitch.tv/helix): the headers, the rate-limit bucket,
the one refresh a refused token earns, and Twitch's errors in the operator's words.

* Every request carries `Authorization: Bearer <user token>` and `Client-Id` (Helix reference,
  "Authentication").
* Rate limit (Helix guide, "Rate limits"): a token bucket per client id and user, reported on every
  answer in `Ratelimit-Limit`, `Ratelimit-Remaining` and `Ratelimit-Reset` (epoch seconds when the
  bucket is full again). When Remaining is 0 the next request waits for Reset; a 429 waits for
  Reset and is retried once (a 429 applied nothing).
* 401 with an invalid token → the token is refreshed (single-flight, `TokenHolder`) and the request
  sent once more; 401/403 naming a missing scope is not refreshed (a new token has the same
  scopes) but reported with the scope, so the user knows to sign in again.
* Error bodies are `{"error": "Bad Request", "status": 400, "message": "…"}` (Helix reference,
  every endpoint; twurple's HttpStatusCodeError reads the same three fields)."""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

from anchor_console.domain.text import QT_TRANSLATE_NOOP
from anchor_console.platforms import errors as pe
from anchor_console.platforms.twitch_auth import PLATFORM, Sleep, TokenHolder

log = logging.getLogger("anchor_console.platforms.twitch")

HELIX_BASE = "https://api.twitch.tv/helix"
_SCOPE = re.compile(r"([a-z_]+:[a-z_]+(?::[a-z_]+)?)")
_TIMEOUT = httpx.Timeout(10.0, connect=3.0)

MISSING_SCOPE = QT_TRANSLATE_NOOP("PlatformError", "The Twitch sign-in of this connection lacks the permission "
                                                   "“{scope}”. Open Connections and sign in to Twitch again to "
                                                   "grant it.")
NOT_A_MODERATOR = QT_TRANSLATE_NOOP("PlatformError", "The signed-in Twitch account is not a moderator of this "
                                                     "channel. Ask the broadcaster to make it one.")
TRANSPORTS_LIMIT = QT_TRANSLATE_NOOP("PlatformError", "Twitch lets one sign-in read the chat of at most 3 channels at "
                                                      "once, and that many are open: close a room that reads "
                                                      "another channel, or sign in with another account.")
NOT_BANNED = QT_TRANSLATE_NOOP("PlatformError", "This viewer is not banned or timed out on Twitch.")
ALREADY_BANNED = QT_TRANSLATE_NOOP("PlatformError", "This viewer is already banned on Twitch.")
NOT_THE_TOKEN_USER = QT_TRANSLATE_NOOP("PlatformError", "Twitch acts only as the signed-in account: the moderator "
                                                        "of this request is someone else.")
TWITCH_REFUSED = QT_TRANSLATE_NOOP("PlatformError", "Twitch refused the request: {reason}")
TWITCH_NOT_FOUND = QT_TRANSLATE_NOOP("PlatformError", "Twitch does not know this: {reason}")
TOKEN_REFUSED = QT_TRANSLATE_NOOP("PlatformError", "Twitch refused the access token even after it was renewed. "
                                                   "Open Connections and sign in to Twitch again.")


@dataclass
class RateBucket:
    """Twitch's view of our bucket, from the last answer's headers."""

    limit: int | None = None
    remaining: int | None = None
    reset_at: float | None = None      # epoch seconds

    def read(self, headers: httpx.Headers) -> None:
        try:
            if "Ratelimit-Limit" in headers:
                self.limit = int(headers["Ratelimit-Limit"])
            if "Ratelimit-Remaining" in headers:
                self.remaining = int(headers["Ratelimit-Remaining"])
            if "Ratelimit-Reset" in headers:
                self.reset_at = float(headers["Ratelimit-Reset"])
        except ValueError:
            pass   # a garbled header: keep what we knew

    def wait_s(self, now: float) -> float:
        """How long to wait before the next request may go."""
        if self.remaining is not None and self.remaining <= 0 and self.reset_at is not None:
            return max(0.0, self.reset_at - now)
        return 0.0

    def spend(self) -> None:
        if self.remaining is not None:
            self.remaining -= 1


def missing_scope(message: str) -> str | None:
    """The scope a 401/403 message names as missing ("Missing scope: moderator:manage:banned_users")."""
    if "scope" not in message.lower():
        return None
    found = _SCOPE.findall(message)
    return found[-1] if found else "?"


def twitch_error(response: httpx.Response, path: str) -> pe.PlatformError:
    """A Helix error answer as the operator should read it."""
    body = pe.answer_object(response) or {}
    status = response.status_code
    message = str(body.get("message", "")) or response.reason_phrase
    kw = {"detail": f"{path}: HTTP {status} {message}"[:500], "platform": PLATFORM, "code": str(status)}
    scope = missing_scope(message) if status in (401, 403) else None
    if scope is not None:
        return pe.NotPermitted(message=MISSING_SCOPE.fill(scope=scope), **kw)
    if status == 401 and "must match the user id" in message.lower():   # moderator_id / sender_id
        return pe.NotPermitted(message=NOT_THE_TOKEN_USER, **kw)
    if status == 401:
        return pe.AuthFailed(message=TOKEN_REFUSED, **kw)
    if status == 403:
        return pe.NotPermitted(message=NOT_A_MODERATOR, **kw)
    if status == 404:
        return pe.NotFound(TWITCH_NOT_FOUND.fill(reason=message), **kw)
    if status == 429 and "transports limit" in message.lower():   # a count of sockets, not a rate: waiting cannot help
        return pe.NotPermitted(message=TRANSPORTS_LIMIT, **kw)
    if status == 429:
        return pe.RateLimited(1.0, **kw)
    if status in (400, 409, 422):
        lowered = message.lower()
        if "not banned" in lowered:
            return pe.Conflict(NOT_BANNED, **kw)
        if "already banned" in lowered:
            return pe.Conflict(ALREADY_BANNED, **kw)
        cls = pe.Conflict if status == 409 else pe.InvalidRequest
        return cls(TWITCH_REFUSED.fill(reason=message), **kw)
    return pe.Unavailable(**kw)


class HelixClient:
    """One connection's Helix calls: auth headers, the bucket, one refresh, one 429 retry."""

    def __init__(self, http: httpx.AsyncClient, tokens: TokenHolder, *, base_url: str = HELIX_BASE,
                 sleep: Sleep = asyncio.sleep, now: Callable[[], float] = time.time) -> None:
        self.http = http
        self.tokens = tokens
        self.base_url = base_url.rstrip("/")
        self.bucket = RateBucket()
        self._sleep = sleep
        self._now = now
        self._send_lock = asyncio.Lock()   # waits for the bucket in order, one request at a time past 0
        self.waited_s = 0.0                # time spent waiting for the bucket (shown in tests)

    async def call(self, method: str, path: str, *, params: dict | None = None, json: Any = None,
                   idempotent: bool | None = None) -> dict | None:
        """The decoded JSON answer (None for 204), or a typed PlatformError."""
        idempotent = method in ("GET", "PUT", "DELETE") if idempotent is None else idempotent
        token, generation = await self.tokens.current()
        refreshed = rate_retried = False
        while True:
            response = await self._send(method, path, params, json, token, idempotent)
            if response.is_success:
                return (pe.answer_object(response) or {}) if response.content else None
            error = twitch_error(response, path)
            if response.status_code == 401 and isinstance(error, pe.AuthFailed) and not refreshed:
                refreshed = True
                token, generation = await self.tokens.refused(generation)
                continue
            if response.status_code == 429 and not rate_retried and isinstance(error, pe.RateLimited):
                rate_retried = True
                wait = self.bucket.wait_s(self._now()) or 1.0
                log.info("Twitch 429 on %s; waiting %.1fs for the bucket", path, wait)
                self.waited_s += wait
                await self._sleep(wait)
                self.bucket.remaining = None    # refilled at Reset; the next answer says how far
                continue
            if response.status_code == 429 and isinstance(error, pe.RateLimited):
                raise pe.RateLimited(self.bucket.wait_s(self._now()) or 1.0, detail=error.detail, platform=PLATFORM,
                                     code="429")
            raise error

    async def _send(self, method: str, path: str, params: dict | None, json: Any, token: str,
                    idempotent: bool) -> httpx.Response:
        async with self._send_lock:
            wait = self.bucket.wait_s(self._now())
            if wait > 0:
                log.info("Twitch rate-limit bucket empty; waiting %.1fs", wait)
                self.waited_s += wait
                await self._sleep(wait)
                self.bucket.remaining = None    # the bucket refilled; the answer says by how much
            self.bucket.spend()
        headers = {"Authorization": f"Bearer {token}", "Client-Id": self.tokens.client_id,
                   "Accept": "application/json"}
        try:
            response = await self.http.request(method, self.base_url + path, params=params, json=json,
                                               headers=headers, timeout=_TIMEOUT)
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
            raise pe.Unavailable(detail=f"{type(exc).__name__} on {path}", platform=PLATFORM) from None
        except httpx.HTTPError as exc:
            if idempotent:
                raise pe.Unavailable(detail=f"{type(exc).__name__} on {path}", platform=PLATFORM) from None
            raise pe.OutcomeUnknown(detail=f"{type(exc).__name__} on {path}", platform=PLATFORM) from None
        self.bucket.read(response.headers)
        return response
