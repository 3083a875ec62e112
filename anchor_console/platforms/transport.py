"""One HTTP transport for every adapter: timeouts on every call, a polite client-side rate limit,
and retries that are safe.

Only requests that cannot apply twice are retried: reads, and writes that carry an idempotency
key (or that the adapter declares naturally idempotent). Backoff is bounded, exponential, with
full jitter; a rate-limit answer waits as long as the platform says. When an attempt may have
reached the platform without an answer, the final error says the outcome is unknown, whatever a
later attempt got (no connection, a refusal, a rate limit)."""

from __future__ import annotations

import asyncio
import logging
import random
import time
from dataclasses import KW_ONLY, dataclass, field
from typing import Any, Awaitable, Callable

import httpx

from anchor_console.domain.text import QT_TRANSLATE_NOOP
from anchor_console.platforms.errors import AuthFailed, OutcomeUnknown, PlatformError, RateLimited, Unavailable

log = logging.getLogger("anchor_console.platforms")

ErrorMapper = Callable[[httpx.Response], PlatformError]
Sleep = Callable[[float], Awaitable[None]]


def retry_after_s(response: httpx.Response, default: float) -> float:
    """How long a 429 asks to wait (its Retry-After seconds), or `default` without a readable one."""
    try:
        return float(response.headers.get("Retry-After", default))
    except ValueError:
        return default


def gateway_error(response: httpx.Response, *, default_wait_s: float,
                  refused: Callable[[int, str], PlatformError]) -> PlatformError:
    """A non-200 answer from the gateway in front of an API: a 429 waits as asked, a 503 is
    unavailable, another 4xx is refused in the platform's words (`refused(status, detail)`), and
    anything else may have been applied (outcome unknown)."""
    status = response.status_code
    detail = f"HTTP {status}"
    if status == 429:
        return RateLimited(retry_after_s(response, default_wait_s), detail=detail)
    if status == 503:
        return Unavailable(detail)
    if 400 <= status < 500:
        return refused(status, detail)
    return OutcomeUnknown(detail)


TOKEN_UNUSABLE = QT_TRANSLATE_NOOP(
    "PlatformError", "This connection's access token holds characters a token cannot have (an invisible space "
                     "copied with it, perhaps). Open Connections and paste it again.")
LAST_ATTEMPT_AFTER_NO_ANSWER = QT_TRANSLATE_NOOP(
    "PlatformError", "No answer from the platform to an earlier attempt: the action may or may not have been "
                     "applied. The last attempt said: {reason}")


def unknown_after_earlier_attempt(error: PlatformError, platform_name: str) -> PlatformError:
    """The final error of a request an earlier attempt of which may have been applied: whatever the
    last attempt said (refused, rate-limited, unreachable), the outcome is unknown, so the journal
    keeps the action to be re-sent with the same key instead of calling it failed."""
    if error.outcome_unknown:
        return error
    unknown = OutcomeUnknown(detail=f"an earlier attempt got no answer; last: {error.detail}",
                             message=LAST_ATTEMPT_AFTER_NO_ANSWER.fill(reason=error.message),
                             platform=error.platform or platform_name)
    unknown.__cause__ = error
    return unknown


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    max_attempts: int = 5
    base_delay: float = 0.2
    max_delay: float = 4.0
    budget_s: float = 30.0          # give up when the next wait would pass this much time in total
    max_rate_limit_wait: float = 20.0

    def backoff(self, attempt: int, rng: random.Random) -> float:
        # Full jitter (AWS architecture blog): spreads retries of many consoles apart.
        return rng.uniform(0, min(self.max_delay, self.base_delay * (2 ** (attempt - 1))))


class RequestRate:
    """Client-side token bucket: a burst is allowed, a sustained flood is smoothed."""

    def __init__(self, per_second: float, burst: int, monotonic: Callable[[], float] = time.monotonic,
                 sleep: Sleep = asyncio.sleep) -> None:
        self.per_second, self.burst = per_second, burst
        self._tokens = float(burst)
        self._last = monotonic()
        self._monotonic, self._sleep = monotonic, sleep
        self._lock = asyncio.Lock()

    async def acquire(self) -> None:
        async with self._lock:
            while True:
                now = self._monotonic()
                self._tokens = min(self.burst, self._tokens + (now - self._last) * self.per_second)
                self._last = now
                if self._tokens >= 1:
                    self._tokens -= 1
                    return
                await self._sleep((1 - self._tokens) / self.per_second)


@dataclass
class Endpoint:
    """Where a connection points; the bundled Studio may move to a new port or token on restart."""

    base_url: str
    token: str = field(default="", repr=False)   # not in a repr: a Transport's or a log's


@dataclass(eq=False)
class Transport:
    client: httpx.AsyncClient
    endpoint: Endpoint
    error_mapper: ErrorMapper
    _: KW_ONLY
    platform_name: str
    timeout: httpx.Timeout | float = field(default_factory=lambda: httpx.Timeout(10.0, connect=3.0))
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    rate: RequestRate | None = None
    sleep: Sleep = asyncio.sleep
    rng: random.Random | None = None        # None: a fresh Random
    monotonic: Callable[[], float] = time.monotonic
    # Every answer as it arrives, refusals too: a platform whose clock its headers tell (`Date`).
    on_answer: Callable[[httpx.Response], None] | None = None

    def __post_init__(self) -> None:
        if self.rng is None:
            self.rng = random.Random()

    def url(self, path: str) -> str:
        return self.endpoint.base_url.rstrip("/") + path

    def headers(self, key: str | None = None) -> dict[str, str]:
        """The request's headers; AuthFailed, before anything is sent, for a token a header cannot
        carry (httpx would raise UnicodeEncodeError from inside the request)."""
        headers = {"Accept": "application/json"}
        if token := self.endpoint.token:
            if not (token.isascii() and token.isprintable()):
                raise AuthFailed("a token with characters a header cannot carry", message=TOKEN_UNUSABLE,
                                 platform=self.platform_name)
            headers["Authorization"] = f"Bearer {token}"
        if key:
            headers["Idempotency-Key"] = key
        return headers

    async def request(self, method: str, path: str, *, json: Any = None, params: dict | None = None,
                      key: str | None = None, idempotent: bool | None = None, content: bytes | None = None,
                      content_type: str | None = None, on_attempt: Callable[[], None] | None = None) -> Any:
        """Send, retrying where safe; returns the decoded JSON body or raises a PlatformError.
        `on_attempt`: called before each attempt goes out (a platform that bills every request)."""
        may_retry = idempotent if idempotent is not None else (method in ("GET", "HEAD") or key is not None)
        started = self.monotonic()
        maybe_applied = False
        attempt = 0
        while True:
            attempt += 1
            if self.rate is not None:
                await self.rate.acquire()
            if on_attempt is not None:
                on_attempt()
            error = await self._attempt(method, path, json, params, key, content, content_type)
            if not isinstance(error, PlatformError):
                return error
            maybe_applied = maybe_applied or error.outcome_unknown
            if isinstance(error, RateLimited):
                delay = min(error.retry_after, self.retry.max_rate_limit_wait)
            else:
                delay = self.retry.backoff(attempt, self.rng)
            elapsed = self.monotonic() - started
            if (not error.retryable or not may_retry or attempt >= self.retry.max_attempts
                    or elapsed + delay > self.retry.budget_s):
                raise unknown_after_earlier_attempt(error, self.platform_name) if maybe_applied else error
            log.info("%s %s failed (%s), retry %d in %.2fs", method, path, error.kind, attempt, delay)
            await self.sleep(delay)

    async def _attempt(self, method: str, path: str, json: Any, params: dict | None, key: str | None,
                       content: bytes | None = None, content_type: str | None = None):
        headers = self.headers(key)
        if content_type:   # a body that is not JSON (an image, a multipart upload)
            headers["Content-Type"] = content_type
        try:
            response = await self.client.request(method, self.url(path), json=json, params=params, content=content,
                                                  headers=headers, timeout=self.timeout)
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
            # Nothing reached the platform.
            return Unavailable(detail=f"{type(exc).__name__}: {exc}", platform=self.platform_name)
        except (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError) as exc:
            return OutcomeUnknown(detail=f"{type(exc).__name__}: {exc}", platform=self.platform_name)
        except httpx.HTTPError as exc:
            return OutcomeUnknown(detail=f"{type(exc).__name__}: {exc}", platform=self.platform_name)
        if self.on_answer is not None:
            self.on_answer(response)
        if response.is_success:
            if not response.content:
                return None
            try:
                return response.json()
            except (ValueError, RecursionError):   # RecursionError: nested deeper than json reads
                return OutcomeUnknown(detail=f"unreadable answer (HTTP {response.status_code})",
                                      platform=self.platform_name)
        error = self.error_mapper(response)
        error.platform = error.platform or self.platform_name
        return error
