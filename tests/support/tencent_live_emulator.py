"""A strict emulator of the Tencent Cloud Live pieces Studio uses, for tests, driven in-process:

* `LiveApiEmulator.app`: the API endpoint (POST / on live.tencentcloudapi.com) answering
  DescribeLiveStreamState only. It checks a request as Tencent documents it, in this order:
  a well-formed TC3 Authorization (AuthFailure.InvalidAuthorization), a known SecretId
  (AuthFailure.SecretIdNotFound), X-TC-Timestamp within 5 minutes of its clock
  (AuthFailure.SignatureExpire), the signature recomputed here from the request as sent
  (AuthFailure.SignatureFailure), the action (InvalidAction) and version (NoSuchVersion), its
  rate limit (RequestLimitExceeded), the parameters (MissingParameter, and
  ResourceNotFound.DomainNotExist for another domain). Errors come as HTTP 200 with
  Response.Error{Code, Message} and Response.RequestId, as the SDK reads them. The signature is
  recomputed by code written here from the "Signature v3" page, not Studio's tc3.py, so a
  mistake in one is not repeated by the other.
* `CallbackSender`: posts signed push/stop callbacks to Studio as Tencent does — t = now + 10
  minutes, sign = MD5(callback key + t) — and retries a non-200 answer every minute, up to 12
  times (the sleeping is injected: tests never wait).

The order of the checks and the exact Message texts are this emulator's (UNCONFIRMED); the codes
are from the common error table and tencentcloud/live/v20180801/errorcodes.py."""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

_AUTH = re.compile(r"^TC3-HMAC-SHA256 Credential=(?P<id>[^/]+)/(?P<date>\d{4}-\d{2}-\d{2})/(?P<service>[a-z]+)/tc3_request, "
                   r"SignedHeaders=(?P<signed>[a-z0-9;-]+), Signature=(?P<sig>[0-9a-f]{64})$")
MAX_SKEW_S = 300


def _utc_date(ts: int) -> str:
    return datetime.fromtimestamp(ts, timezone.utc).strftime("%Y-%m-%d")


def expected_signature(secret_key: str, *, method: str, headers: dict[str, str], signed: str, body: bytes,
                       timestamp: int, service: str) -> str:
    """The signature of a request as the "Signature v3" page computes it (headers: lower-case names)."""
    names = signed.split(";")
    canonical_headers = "".join(f"{n}:{headers.get(n, '').strip().lower() if n == 'content-type' else headers.get(n, '').strip()}\n"
                                for n in names)
    canonical = "\n".join([method, "/", "", canonical_headers, signed, hashlib.sha256(body).hexdigest()])
    scope = f"{_utc_date(timestamp)}/{service}/tc3_request"
    to_sign = "\n".join(["TC3-HMAC-SHA256", str(timestamp), scope, hashlib.sha256(canonical.encode()).hexdigest()])
    key = ("TC3" + secret_key).encode()
    for part in (_utc_date(timestamp), service, "tc3_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    return hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()


@dataclass
class LiveApiEmulator:
    clock: Callable[[], float]
    secrets: dict[str, str] = field(default_factory=dict)     # SecretId -> SecretKey
    domain: str = "push.example.com"
    host: str = "live.tencentcloudapi.com"
    rate_per_s: float = 300.0                                  # DescribeLiveStreamState's documented limit
    states: dict[str, str] = field(default_factory=dict)       # StreamName -> active | inactive | forbid
    calls: list[dict] = field(default_factory=list)            # every request: {"action", "params", "error"}
    _window: list[float] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.app = Starlette(routes=[Route("/", self._endpoint, methods=["POST"])])

    def set_state(self, stream_name: str, state: str) -> None:
        assert state in ("active", "inactive", "forbid")
        self.states[stream_name] = state

    def http(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(transport=httpx.ASGITransport(app=self.app), base_url=f"https://{self.host}")

    def errors(self) -> list[str]:
        return [c["error"] for c in self.calls if c["error"]]

    async def _endpoint(self, request: Request) -> JSONResponse:
        body = await request.body()
        headers = {k.lower(): v for k, v in request.headers.items()}
        params = None
        try:
            params = json.loads(body or b"{}")
        except ValueError:
            pass
        error = self._refusal(headers, body, params)
        self.calls.append({"action": headers.get("x-tc-action"), "params": params, "error": error[0] if error else None})
        request_id = str(uuid.uuid4())
        if error:
            return JSONResponse({"Response": {"Error": {"Code": error[0], "Message": error[1]}, "RequestId": request_id}})
        state = self.states.get(params["StreamName"], "inactive")
        return JSONResponse({"Response": {"StreamState": state, "RequestId": request_id}})

    def _refusal(self, headers: dict[str, str], body: bytes, params) -> tuple[str, str] | None:
        m = _AUTH.match(headers.get("authorization", ""))
        if m is None or "content-type" not in m["signed"].split(";") or "host" not in m["signed"].split(";"):
            return "AuthFailure.InvalidAuthorization", "Authorization in the request header is invalid."
        key = self.secrets.get(m["id"])
        if key is None:
            return "AuthFailure.SecretIdNotFound", "The SecretId is not found, please ensure that your SecretId is correct."
        try:
            ts = int(headers.get("x-tc-timestamp", ""))
        except ValueError:
            return "MissingParameter", "The request is missing a required parameter `Timestamp`."
        if abs(self.clock() - ts) > MAX_SKEW_S:
            return "AuthFailure.SignatureExpire", "Signature expired. Timestamp and server time cannot differ by more than five minutes."
        if m["service"] != "live" or m["date"] != _utc_date(ts) or headers.get("host") != self.host:
            return "AuthFailure.SignatureFailure", "The provided credentials could not be validated. Please check your signature is correct."
        expected = expected_signature(key, method="POST", headers=headers, signed=m["signed"], body=body,
                                      timestamp=ts, service="live")
        if not hmac.compare_digest(expected, m["sig"]):
            return "AuthFailure.SignatureFailure", "The provided credentials could not be validated. Please check your signature is correct."
        if headers.get("x-tc-action") != "DescribeLiveStreamState":
            return "InvalidAction", f"The action `{headers.get('x-tc-action')}` is not found."
        if headers.get("x-tc-version") != "2018-08-01":
            return "NoSuchVersion", "The API version does not exist."
        if self._limited():
            return "RequestLimitExceeded", "Your current request times equals to `300` in a second, which exceeds the frequency limit."
        if not isinstance(params, dict):
            return "InvalidParameter", "The request body is not a JSON object."
        for name in ("AppName", "DomainName", "StreamName"):
            if not isinstance(params.get(name), str) or not params[name]:
                return "MissingParameter", f"The request is missing a required parameter `{name}`."
        if params["DomainName"] != self.domain:
            return "ResourceNotFound.DomainNotExist", "The domain does not exist or does not match."
        return None

    def _limited(self) -> bool:
        now = self.clock()
        self._window = [t for t in self._window if t > now - 1.0]
        if len(self._window) >= self.rate_per_s:
            return True
        self._window.append(now)
        return False


@dataclass
class CallbackSender:
    """Tencent's side of the push/stop callbacks to one Studio (`http`: a client on Studio's app)."""
    http: httpx.AsyncClient
    path: str
    callback_key: str
    clock: Callable[[], float]
    sleep: Callable[[float], Awaitable[None]]
    domain: str = "push.example.com"
    app_name: str = "live"
    retries: int = 12
    retry_every_s: float = 60.0
    answers: list[int] = field(default_factory=list)   # the HTTP status of every attempt

    def body(self, event_type: int, stream: str, *, sequence: str = "7037777160241646428",
             event_time: float | None = None, t: int | None = None, key: str | None = None) -> dict:
        now = self.clock()
        t = int(now) + 600 if t is None else t
        sign = hashlib.md5(f"{self.callback_key if key is None else key}{t}".encode()).hexdigest()
        body = {"app": self.domain, "appid": 1251457656, "appname": self.app_name, "channel_id": stream,
                "errcode": 0, "errmsg": "", "event_time": int(now if event_time is None else event_time),
                "event_type": event_type, "idc_id": 34, "node": "125.39.15.21", "sequence": sequence,
                "set_id": 2, "sign": sign, "stream_id": stream, "stream_param": "txSecret=0&txTime=0",
                "t": t, "user_ip": "61.135.194.200"}
        if event_type == 0:
            body.update(errcode=2, errmsg="recv rtmpcloseStream", push_duration="63000")
        return body

    async def send(self, body: dict) -> int:
        """Post `body` until Studio answers 200, at most 1 + `retries` times; the last status."""
        status = 0
        for attempt in range(1 + self.retries):
            if attempt:
                await self.sleep(self.retry_every_s)
            r = await self.http.post(self.path, content=json.dumps(body), headers={"Content-Type": "application/json"})
            status = r.status_code
            self.answers.append(status)
            if status == 200:
                break
        return status

    async def push(self, stream: str, **kw) -> int:
        return await self.send(self.body(1, stream, **kw))

    async def stop(self, stream: str, **kw) -> int:
        return await self.send(self.body(0, stream, **kw))
