"""A small TC3-signed client for the one Tencent Cloud Live call Studio makes:
DescribeLiveStreamState (AppName, DomainName, StreamName → StreamState active | inactive | forbid).

Shapes confirmed in TencentCloud/tencentcloud-sdk-python@bf29717: live/v20180801/live_client.py
(endpoint live.tencentcloudapi.com, version 2018-08-01, service live), live/v20180801/models.py
(DescribeLiveStreamStateRequest/Response), common/abstract_client.py (JSON POST to "/", errors as
Response.Error{Code, Message} + Response.RequestId in an HTTP 200 answer), common/retry.py (the
RequestLimitExceeded codes are the ones worth retrying). The API allows 300 requests/s per
account; this client spaces its own calls to `requests_per_s` and, told RequestLimitExceeded,
holds every call back for a while."""

from __future__ import annotations

import asyncio
import json
from urllib.parse import urlsplit
from collections.abc import Awaitable, Callable

import httpx

from anchor_console.studio.tencent_live import tc3
from anchor_console.studio.tencent_live.config import LiveConfig

ACTION = "DescribeLiveStreamState"
VERSION = "2018-08-01"
SERVICE = "live"
STATES = ("active", "inactive", "forbid")
LIMITED_BACKOFF_S = 5.0


class LiveApiError(Exception):
    """Tencent's answer was an error (`code` as Tencent names it), or no answer came (`code`
    "Network"). Carries no secret: the request's headers are never part of it."""

    def __init__(self, code: str, message: str, request_id: str = "") -> None:
        super().__init__(f"{code}: {message}" + (f" (RequestId {request_id})" if request_id else ""))
        self.code, self.message, self.request_id = code, message, request_id

    @property
    def limited(self) -> bool:
        return self.code.startswith("RequestLimitExceeded")


class LiveApi:
    def __init__(self, config: LiveConfig, *, http: httpx.AsyncClient | None = None,
                 clock: Callable[[], float], sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        self.config = config
        base_url = config.endpoint if "://" in config.endpoint else f"https://{config.endpoint}"
        self._host = urlsplit(base_url).netloc   # what the signature's host is: the Host header sent
        self._http = http or httpx.AsyncClient(base_url=base_url, timeout=10.0)
        self._clock = clock
        self._sleep = sleep
        self._next_at = 0.0          # the earliest our next request may leave
        self._lock = asyncio.Lock()
        self.calls = 0

    async def aclose(self) -> None:
        await self._http.aclose()

    async def stream_state(self, stream_name: str) -> str:
        """"active", "inactive" or "forbid" for `stream_name` on the configured domain and app."""
        body = json.dumps({"AppName": self.config.app_name, "DomainName": self.config.push_domain,
                           "StreamName": stream_name}).encode()
        answer = await self._call(ACTION, body)
        state = answer.get("StreamState")
        if state not in STATES:
            raise LiveApiError("UnexpectedAnswer", f"StreamState {state!r} is not one of {', '.join(STATES)}",
                               str(answer.get("RequestId", "")))
        return state

    async def _call(self, action: str, body: bytes) -> dict:
        await self._wait_turn()
        now = int(self._clock())
        headers = tc3.signed_headers(self.config.secret_id, self.config.secret_key, action=action, version=VERSION,
                                     region=self.config.region, timestamp=now, service=SERVICE,
                                     host=self._host, body=body)
        headers["X-TC-RequestClient"] = "anchor-console-studio"
        self.calls += 1
        try:
            r = await self._http.post("/", content=body, headers=headers)
        except httpx.HTTPError as exc:
            raise LiveApiError("Network", type(exc).__name__) from None
        if r.status_code != 200:
            raise LiveApiError("Network", f"HTTP {r.status_code}")
        try:
            response = r.json()["Response"]
        except (ValueError, KeyError, TypeError):
            raise LiveApiError("UnexpectedAnswer", "the answer is not a Tencent Cloud API response") from None
        error = response.get("Error")
        if error:
            exc = LiveApiError(str(error.get("Code", "")), str(error.get("Message", "")),
                               str(response.get("RequestId", "")))
            if exc.limited:
                self._next_at = max(self._next_at, self._clock() + LIMITED_BACKOFF_S)
            raise exc
        return response

    async def _wait_turn(self) -> None:
        async with self._lock:
            wait = self._next_at - self._clock()
            if wait > 0:
                await self._sleep(wait)
            self._next_at = max(self._clock(), self._next_at) + 1.0 / self.config.requests_per_s

