"""WeChat credentials and the access token made from them.

The caller hands the adapter an AppID and AppSecret (the console keeps them in the OS keyring);
the access token (`POST /cgi-bin/stable_token`) lives only in this process's memory. It is fetched
once for everyone who needs it at the same moment (single-flight), renewed a little before it
expires, and replaced at most once per refusal: when many calls fail with the same stale token,
exactly one fetch replaces it and they all retry with the new one.

Normal mode only (`force_refresh: false`): a forced refresh would invalidate the token every other
system on this AppID is using (the merchant's own backend, say), and is limited to 20 a day.

Neither the secret nor the token is ever logged or put into an exception: httpx logs request URLs
at INFO, and our URLs carry `?access_token=`, so a filter on its loggers masks it."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Awaitable, Callable

from anchor_console.domain.log_secrets import mask_secrets_of

STABLE_TOKEN_PATH = "/cgi-bin/stable_token"


@dataclass(frozen=True, slots=True)
class WeChatCredentials:
    appid: str
    secret: str = field(repr=False)

    def __repr__(self) -> str:
        return f"WeChatCredentials(appid={self.appid!r}, secret=***)"


def install_token_redaction() -> None:
    """Mask `access_token=…` (any credential of a URL) in what httpx and httpcore log (idempotent)."""
    mask_secrets_of("httpx", "httpcore")


_FAILURE_SHARED_S = 2.0
TokenFetch = Callable[[], Awaitable[tuple[str, float]]]   # -> (access_token, expires_in seconds)


class AccessTokenCache:
    """One access token for one AppID, shared by every request of a connection.

    `generation` counts tokens: a caller that saw generation g refused asks `replace(g)`; if the
    token is still g it is fetched anew, otherwise someone already replaced it and the caller gets
    the newer one without a second fetch."""

    def __init__(self, fetch: TokenFetch, *, monotonic: Callable[[], float] = time.monotonic) -> None:
        self._fetch = fetch
        self._monotonic = monotonic
        self._token = ""
        self._renew_at = 0.0
        self._generation = 0
        self._lock = asyncio.Lock()
        self._failure: tuple[float, BaseException] | None = None
        self.fetches = 0

    def __repr__(self) -> str:
        return f"<AccessTokenCache generation={self._generation} fetches={self.fetches}>"

    def _valid(self) -> bool:
        return bool(self._token) and self._monotonic() < self._renew_at

    async def current(self) -> tuple[str, int]:
        if self._valid():
            return self._token, self._generation
        async with self._lock:
            if not self._valid():
                await self._refresh()
            return self._token, self._generation

    async def replace(self, refused_generation: int) -> tuple[str, int]:
        """The platform refused the token of `refused_generation` (40001/40014/42001)."""
        async with self._lock:
            if self._generation == refused_generation or not self._token:
                await self._refresh()
            return self._token, self._generation

    def forget(self) -> None:
        self._token, self._renew_at = "", 0.0

    async def _refresh(self) -> None:
        # Callers queued behind a failed fetch share its failure instead of each fetching again.
        if self._failure is not None and self._monotonic() - self._failure[0] < _FAILURE_SHARED_S:
            raise self._failure[1]
        self.fetches += 1
        try:
            token, expires_in = await self._fetch()
        except Exception as exc:
            self._failure = (self._monotonic(), exc)
            raise
        self._failure = None
        # Renew early: in normal mode WeChat hands out the next token during the last 5 minutes.
        margin = min(300.0, max(1.0, expires_in / 2))
        self._token = token
        self._renew_at = self._monotonic() + max(1.0, expires_in - margin)
        self._generation += 1
