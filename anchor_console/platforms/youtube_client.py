"""Calling the YouTube Data API v3: the bearer token (refreshed once on a 401), the quota charged
for every call before it leaves, and Google's error envelope turned into words for the operator.

Google's envelope (developers.google.com/youtube/v3/docs/errors; the Live Streaming API's errors
page lists the live-chat reasons): HTTP 4xx/5xx with
`{"error": {"code": 403, "message": "…", "errors": [{"domain": "youtube.quota", "reason":
"quotaExceeded", "message": "…"}]}}`. The `reason` decides; `code` on the raised error is it."""

from __future__ import annotations

import asyncio
import logging
import random
from typing import Any

import httpx

from anchor_console.domain.clock import Clock, SystemClock
from anchor_console.domain.text import QT_TRANSLATE_NOOP, Text
from anchor_console.platforms import errors as pe
from anchor_console.platforms.transport import Endpoint, RequestRate, RetryPolicy, Sleep, Transport
from anchor_console.platforms.youtube_auth import (
    SIGN_IN_AGAIN, AccessTokens, OAuthEndpoints, YouTubeCredentials, endpoints_for,
)
from anchor_console.platforms.youtube_quota import QuotaBudget

log = logging.getLogger("anchor_console.platforms.youtube")

V3 = "/youtube/v3"
QUOTA_OUT = QT_TRANSLATE_NOOP(
    "PlatformError", "YouTube's daily quota for this app is used up ({api}); it resets at midnight, Pacific time. "
                     "Nothing was sent.")
_CONFLICTS: dict[str, Text] = {
    "liveChatEnded": QT_TRANSLATE_NOOP("PlatformError", "The YouTube live chat has ended: the broadcast is over."),
    "liveChatDisabled": QT_TRANSLATE_NOOP("PlatformError", "Live chat is turned off for this YouTube broadcast. Turn "
                                                           "it on in YouTube Studio (Edit → Customization)."),
    "modificationNotAllowed": QT_TRANSLATE_NOOP("PlatformError", "YouTube does not allow this change: messages of "
                                                                 "the channel owner and of moderators cannot be "
                                                                 "deleted, and they cannot be banned."),
}
_NOT_FOUND: dict[str, Text] = {
    "liveChatNotFound": QT_TRANSLATE_NOOP("PlatformError", "YouTube cannot find this live chat: the broadcast may "
                                                           "have been deleted or not started yet."),
    "liveChatMessageNotFound": QT_TRANSLATE_NOOP("PlatformError", "YouTube cannot find this chat message (it may "
                                                                  "already be deleted)."),
    "liveChatBanNotFound": QT_TRANSLATE_NOOP("PlatformError", "YouTube has no such ban (it may have been lifted "
                                                              "already)."),
    "liveBroadcastNotFound": QT_TRANSLATE_NOOP("PlatformError", "YouTube cannot find this broadcast."),
    "videoNotFound": QT_TRANSLATE_NOOP("PlatformError", "YouTube cannot find this video."),
}
_NOT_PERMITTED: dict[str, Text] = {
    "forbidden": QT_TRANSLATE_NOOP("PlatformError", "YouTube refused: the signed-in channel is not the owner or a "
                                                    "moderator of this live chat."),
    "insufficientPermissions": QT_TRANSLATE_NOOP("PlatformError", "The YouTube sign-in lacks the permission for "
                                                                  "this. Press Sign in in Connections and allow "
                                                                  "“Manage your YouTube account”."),
    "liveStreamingNotEnabled": QT_TRANSLATE_NOOP("PlatformError", "Live streaming is not enabled on this YouTube "
                                                                  "channel (YouTube Studio → Go live)."),
}
_INVALID: dict[str, Text] = {
    "messageTextInvalid": QT_TRANSLATE_NOOP("PlatformError", "YouTube refused the message text (empty, or too "
                                                             "long: at most 200 characters)."),
    "liveChatIdRequired": QT_TRANSLATE_NOOP("PlatformError", "The request named no live chat; choose a broadcast "
                                                             "in Connections."),
}
RATE_LIMITED = frozenset({"rateLimitExceeded", "userRequestsExceedRateLimit"})
TOO_FAST_WAIT_S = 10.0
REFUSED = QT_TRANSLATE_NOOP("PlatformError", "YouTube refused the request ({reason}): {message}")
TOKEN_REFUSED = QT_TRANSLATE_NOOP("PlatformError", "YouTube refused the access token right after a fresh one was "
                                                   "made; sign in again in Connections.")


def reason_of(body: Any) -> tuple[str, str]:
    """(reason, message) of Google's error envelope; ("", "") if the body is not one."""
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict):
        return "", ""
    errors = error.get("errors") if isinstance(error.get("errors"), list) else []
    first = errors[0] if errors and isinstance(errors[0], dict) else {}
    return str(first.get("reason", "")), str(first.get("message") or error.get("message") or "")[:200]


def youtube_error(status: int, reason: str, message: str, *, api: str = "") -> pe.PlatformError:
    """A Google error as the operator should read it."""
    kw = {"detail": f"{api}: HTTP {status} {reason} ({message})", "code": reason or str(status)}
    if reason == "quotaExceeded":
        error = pe.QuotaExhausted(api, 0.0, **kw)
        error.message = QUOTA_OUT.fill(api=api)
        return error
    if reason in RATE_LIMITED:
        return pe.RateLimited(TOO_FAST_WAIT_S, **kw)
    if reason in _CONFLICTS:
        return pe.Conflict(_CONFLICTS[reason], **kw)
    if reason in _NOT_FOUND:
        return pe.NotFound(_NOT_FOUND[reason], **kw)
    if reason in _NOT_PERMITTED:
        return pe.NotPermitted(message=_NOT_PERMITTED[reason], **kw)
    if reason in _INVALID:
        return pe.InvalidRequest(_INVALID[reason], **kw)
    if status == 401:
        return pe.AuthFailed(message=SIGN_IN_AGAIN, **kw)
    if status == 403:
        return pe.NotPermitted(message=_NOT_PERMITTED["forbidden"], **kw)
    if status == 404:
        return pe.NotFound(_NOT_FOUND["liveChatNotFound"], **kw)
    if status == 429:
        return pe.RateLimited(TOO_FAST_WAIT_S, **kw)
    if status in (500, 502, 503, 504):
        return pe.Unavailable(**kw) if status == 503 else pe.OutcomeUnknown(**kw)
    return pe.InvalidRequest(REFUSED.fill(reason=reason or status, message=message[:120]), **kw)


def http_error(response: httpx.Response) -> pe.PlatformError:
    reason, message = reason_of(pe.answer_object(response))
    return youtube_error(response.status_code, reason, message, api=response.request.url.path)


class YouTubeClient:
    """One signed-in channel's calls. Every call names its API method (`liveChatMessages.list`)
    so the budget can charge its documented cost before it leaves."""

    def __init__(self, credentials: YouTubeCredentials, client: httpx.AsyncClient, *, platform_name: str,
                 base_url: str = "", clock: Clock | None = None, sleep: Sleep = asyncio.sleep,
                 rng: random.Random | None = None, budget: QuotaBudget | None = None,
                 retry: RetryPolicy = RetryPolicy(max_attempts=3, base_delay=0.3, max_delay=2.0, budget_s=12.0),
                 endpoints: OAuthEndpoints | None = None) -> None:
        self.credentials = credentials
        self.platform_name = platform_name
        self.clock = clock or SystemClock()
        self.endpoints = endpoints or endpoints_for(base_url)
        self.budget = budget or QuotaBudget(self.clock)
        self.transport = Transport(client, Endpoint(self.endpoints.api_base), http_error, platform_name=platform_name,
                                   retry=retry, sleep=sleep, rng=rng or random.Random(),
                                   monotonic=self.clock.monotonic,
                                   rate=RequestRate(10, 20, monotonic=self.clock.monotonic, sleep=sleep))
        self.tokens = AccessTokens(client, self.endpoints, credentials, self.clock.monotonic)

    async def call(self, api: str, method: str, path: str, *, params: dict | None = None, body: dict | None = None,
                   safe: bool = False) -> dict:
        """Send one request (path under /youtube/v3); returns the JSON body ({} for 204)."""
        token, generation = await self.tokens.current()
        for attempt in (1, 2):
            if not self.budget.affordable(api):
                error = pe.QuotaExhausted(api, self.budget.next_reset(), detail=f"{api}: units used up (local count)",
                                          platform=self.platform_name, code="quotaExceeded")
                error.message = QUOTA_OUT.fill(api=api)
                raise error
            self.transport.endpoint.token = token
            try:   # every request sent is billed, a retried or refused one too: each attempt is spent
                data = await self.transport.request(method, V3 + path, params=params, json=body, idempotent=safe,
                                                    on_attempt=lambda: self.budget.spend(api))
            except pe.AuthFailed as exc:
                if attempt == 2 or exc.code not in ("", "401", "authError"):
                    if attempt == 2:
                        exc.message = TOKEN_REFUSED
                    raise
                log.info("%s: access token refused, refreshing", api)
                token, generation = await self.tokens.replace(generation)
                continue
            except pe.QuotaExhausted as exc:
                exc.resets_at = self.budget.refused_for_the_day()
                exc.api = api
                exc.message = QUOTA_OUT.fill(api=api)
                raise
            return data if isinstance(data, dict) else {}
        raise AssertionError("unreachable")
