"""Calling WeChat's server APIs: one wrapper over the shared transport for both WeChat adapters.

WeChat answers HTTP 200 with an envelope `{errcode, errmsg, …}` (errcode 0 or absent: success;
some pages show it as the string "0"). The wrapper owns what follows from that:

* the access token goes in the query (`?access_token=`), from `AccessTokenCache`; on 40001/40014/
  42001 it is replaced once (single-flight) and the request resent — a refused token applied
  nothing, so even a create is safe to resend; a second refusal is a plain sign-in failure;
* daily allowances (`QuotaBook`): 45009 blocks that API until midnight Beijing time and nothing is
  sent meanwhile; 45011 blocks it for 60 s; both raise at once, never a retry storm;
* 300047/300049 (another product is being pushed) are waited out briefly and retried;
* -1 (system busy) is retried for requests that cannot apply twice, and reported as "outcome
  unknown" for those that can, so the caller reconciles instead of guessing;
* every other errcode becomes a typed `PlatformError` with words for the operator.

Requests that create something (coupons, flash-sale tasks, rooms, library goods) carry no
idempotency key on WeChat; `SentLedger` remembers what was sent under an action's key, before it
leaves, so the adapter can find it again instead of creating it twice."""

from __future__ import annotations

import asyncio
import json
import os
import logging
import random
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import httpx

from anchor_console.domain.clock import Clock, ClockReading, SystemClock
from anchor_console.domain.text import QT_TRANSLATE_NOOP, Text
from anchor_console.domain.log_secrets import scrub
from anchor_console.domain.models import QuotaUse
from anchor_console.platforms import errors as pe
from anchor_console.platforms.base import Platform
from anchor_console.platforms.heard_clock import DateClock
from anchor_console.platforms.transport import Endpoint, RequestRate, RetryPolicy, Sleep, Transport, gateway_error
from anchor_console.platforms.wechat_auth import (
    STABLE_TOKEN_PATH, AccessTokenCache, WeChatCredentials, install_token_redaction,
)
from anchor_console.platforms.wechat_polling import RoomWatch
from anchor_console.platforms.wechat_quota import QuotaBook

log = logging.getLogger("anchor_console.platforms.wechat")

API_BASE = "https://api.weixin.qq.com"
TOKEN_REFUSED = frozenset({40001, 40014, 41001, 42001})
PUSH_IN_PROGRESS = frozenset({300047, 300049})
PUSH_WAITS_S = (1.0, 2.0, 4.0)      # a push (讲解) settles within seconds
BUSY_WAITS_S = (0.5, 1.5)

CREDENTIALS_REFUSED = QT_TRANSLATE_NOOP("PlatformError", "WeChat refused the AppID or AppSecret. Open Connections "
                                                         "and check both (the AppSecret is in the WeChat admin "
                                                         "console under 开发管理 → 开发设置).")
ADDRESS_NOT_ALLOWED = QT_TRANSLATE_NOOP("PlatformError", "WeChat refuses requests from this computer's IP address. "
                                                         "Add it to the IP whitelist in the WeChat admin console "
                                                         "(开发管理 → 开发设置 → IP白名单), then connect again.")
TOKEN_KEEPS_FAILING = QT_TRANSLATE_NOOP("PlatformError", "WeChat refused the access token again right after a fresh "
                                                         "one was fetched. Another system may be force-refreshing "
                                                         "this AppID's token; check Connections.")
API_NOT_GRANTED = QT_TRANSLATE_NOOP("PlatformError", "WeChat has not granted this account the API for this action "
                                                     "(error {code}). The account's administrator must switch it on "
                                                     "(WeChat Channels: 视频号助手 → 开放能力 → 开放场景; a service provider "
                                                     "needs the matching permission set).")
REFUSED_AS_MALFORMED = QT_TRANSLATE_NOOP("PlatformError", "WeChat refused the request (error {code}): {reason}")

_CONFLICTS: dict[int, Text] = {
    300023: QT_TRANSLATE_NOOP("PlatformError", "The live room's current state does not allow this (it may have ended "
                                               "or not started yet)."),
    300025: QT_TRANSLATE_NOOP("PlatformError", "This product has not passed WeChat's review; only approved products "
                                               "can be listed."),
    300027: QT_TRANSLATE_NOOP("PlatformError", "WeChat could not import the product into the room."),
    300033: QT_TRANSLATE_NOOP("PlatformError", "The room already has as many products as WeChat allows."),
    300036: QT_TRANSLATE_NOOP("PlatformError", "The anchor's WeChat account is not real-name verified for "
                                               "mini-program live; verify it in the 小程序直播 mini-program first."),
    300047: QT_TRANSLATE_NOOP("PlatformError", "WeChat is still pushing another product; try again in a moment."),
    300049: QT_TRANSLATE_NOOP("PlatformError", "A product is being pushed (讲解); on/off sale can change once the push "
                                               "ends."),
    300052: QT_TRANSLATE_NOOP("PlatformError", "This product is off sale; put it on sale first."),
    300053: QT_TRANSLATE_NOOP("PlatformError", "This product is not listed in the room."),
    10020077: QT_TRANSLATE_NOOP("PlatformError", "The flash sale is not in a state that allows this."),
    10021001: QT_TRANSLATE_NOOP("PlatformError", "The coupon is not in a state that allows this."),
}
_NOT_FOUND: dict[int, Text] = {
    300022: QT_TRANSLATE_NOOP("PlatformError", "This live room does not exist on WeChat (any more)."),
    300024: QT_TRANSLATE_NOOP("PlatformError", "This product is not in the WeChat goods library."),
    10020052: QT_TRANSLATE_NOOP("PlatformError", "WeChat Channels has no such product."),
    10020076: QT_TRANSLATE_NOOP("PlatformError", "WeChat Channels has no such flash sale."),
    10021037: QT_TRANSLATE_NOOP("PlatformError", "WeChat Channels has no such coupon."),
}
_CREDENTIALS = frozenset({40013, 40125, 41002, 41004})
_ADDRESS = frozenset({40164, 61004})
_NOT_GRANTED = frozenset({48001, 10020050})
_TRANSIENT = frozenset({-1, 300048, 9410002})


def errcode_of(body: Any) -> int:
    """The envelope's errcode (0 when absent; some documented examples send it as a string)."""
    if not isinstance(body, dict):
        return 0
    try:
        return int(str(body.get("errcode", 0) or 0))
    except ValueError:
        return -1


def wechat_error(code: int, errmsg: str, *, api: str, platform: str, applied_maybe: bool = False) -> pe.PlatformError:
    """An errcode as the operator should read it. `applied_maybe`: the request may have taken effect
    although the platform reported an error (a non-idempotent write answered "system busy")."""
    detail = f"{api}: errcode {code} ({errmsg})"
    kw = {"detail": detail, "platform": platform, "code": str(code)}
    if code in _CREDENTIALS:
        return pe.AuthFailed(message=CREDENTIALS_REFUSED, **kw)
    if code in _ADDRESS:
        return pe.AuthFailed(message=ADDRESS_NOT_ALLOWED, **kw)
    if code in TOKEN_REFUSED:
        return pe.AuthFailed(message=TOKEN_KEEPS_FAILING, **kw)
    if code in _NOT_GRANTED:
        return pe.NotPermitted(message=API_NOT_GRANTED.fill(code=code), **kw)
    if code in _TRANSIENT:
        return pe.OutcomeUnknown(**kw) if applied_maybe else pe.Unavailable(**kw)
    if code in _NOT_FOUND:
        return pe.NotFound(_NOT_FOUND[code], **kw)
    if code in _CONFLICTS:
        return pe.Conflict(_CONFLICTS[code], **kw)
    return pe.InvalidRequest(REFUSED_AS_MALFORMED.fill(code=code, reason=errmsg[:120]), **kw)


def http_error(response: httpx.Response) -> pe.PlatformError:
    """WeChat answers almost everything with HTTP 200; anything else is a gateway speaking."""
    return gateway_error(response, default_wait_s=60.0, refused=lambda status, detail: pe.InvalidRequest(
        REFUSED_AS_MALFORMED.fill(code=status, reason="HTTP"), detail=detail))


@dataclass(frozen=True, slots=True)
class Upload:
    """A file for a WeChat upload API, sent as multipart/form-data under `field`."""

    field: str
    filename: str
    data: bytes
    mime: str

    def multipart(self) -> tuple[bytes, str]:
        boundary = "----anchor" + secrets.token_hex(12)
        name = self.filename.replace('"', "").replace("\r", "").replace("\n", "") or "image"
        head = (f'--{boundary}\r\nContent-Disposition: form-data; name="{self.field}"; filename="{name}"\r\n'
                f"Content-Type: {self.mime}\r\n\r\n").encode("utf-8")
        return head + self.data + f"\r\n--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


class SentLedger(Protocol):
    """Where an adapter notes a create request under the action's key before sending it.
    `durable`: it survives a crash (then a key it has never seen was never sent)."""

    durable: bool

    def get(self, key: str) -> dict | None: ...

    def put(self, key: str, record: dict) -> None: ...


class MemoryLedger:
    durable = False

    def __init__(self) -> None:
        self._records: dict[str, dict] = {}

    def get(self, key: str) -> dict | None:
        return self._records.get(key)

    def put(self, key: str, record: dict) -> None:
        self._records[key] = dict(record)


class JsonLinesLedger:
    """A durable ledger: one JSON object per line, appended and flushed before the request leaves.
    Holds request bodies and platform ids only (never a credential). The session puts it in the
    console's data folder, next to the action journal."""

    durable = True
    KEEP = 5000

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._records: dict[str, dict] = {}
        if self.path.exists():
            for line in self.path.read_text(encoding="utf-8").splitlines():
                try:
                    row = json.loads(line)
                    self._records[row["key"]] = row["record"]
                except (ValueError, KeyError, TypeError, RecursionError):
                    continue  # a line cut by a crash
            if len(self._records) > self.KEEP:
                self._compact()

    def get(self, key: str) -> dict | None:
        return self._records.get(key)

    def put(self, key: str, record: dict) -> None:
        self._records[key] = dict(record)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as f:
            f.write(json.dumps({"key": key, "record": record}, ensure_ascii=False) + "\n")
            f.flush()
            os.fsync(f.fileno())   # on disk before the request leaves: a power cut must not forget it was sent

    def _compact(self) -> None:
        keep = list(self._records.items())[-self.KEEP:]
        self._records = dict(keep)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text("".join(json.dumps({"key": k, "record": r}, ensure_ascii=False) + "\n" for k, r in keep),
                       encoding="utf-8")
        tmp.replace(self.path)


class WeChatClient:
    """One AppID's calls: token, quota, errcodes. `safe` on a call means sending it twice has no
    second effect (reads, "set to" writes); only such calls are retried after a lost answer."""

    def __init__(self, credentials: WeChatCredentials, client: httpx.AsyncClient, *, platform_name: str,
                 base_url: str = API_BASE, clock: Clock | None = None, sleep: Sleep = asyncio.sleep,
                 rng: random.Random | None = None, quota: QuotaBook | None = None,
                 retry: RetryPolicy = RetryPolicy(max_attempts=3, base_delay=0.3, max_delay=2.0, budget_s=10.0),
                 timeout: httpx.Timeout | float = httpx.Timeout(10.0, connect=3.0),
                 rate: RequestRate | None = None) -> None:
        install_token_redaction()
        self.credentials = credentials
        self.platform_name = platform_name
        self.clock = clock or SystemClock()
        self._sleep = sleep
        self.quota = quota or QuotaBook(self.clock)
        # WeChat's clock as its answers' Date tells it: a coupon's claim window, a flash sale's start
        # and a room's plan are judged on it (a start "now" on a clock minutes fast began minutes late).
        self.dates = DateClock(self.clock)
        self.transport = Transport(client, Endpoint(base_url), http_error, platform_name=platform_name,
                                   timeout=timeout, retry=retry, sleep=sleep, rng=rng or random.Random(),
                                   monotonic=self.clock.monotonic, on_answer=self.dates.heard,
                                   rate=rate or RequestRate(20, 40, monotonic=self.clock.monotonic, sleep=sleep))
        self.tokens = AccessTokenCache(self._fetch_token, monotonic=self.clock.monotonic)

    def server_now(self) -> float:
        """WeChat's time as far as its answers told it (this computer's until one has)."""
        return self.dates.now()

    # ------------------------------------------------------------------ the token

    async def _fetch_token(self) -> tuple[str, float]:
        body = {"grant_type": "client_credential", "appid": self.credentials.appid,
                "secret": self.credentials.secret, "force_refresh": False}
        data = await self._send("POST", STABLE_TOKEN_PATH, body, {}, safe=True, token="")
        code = errcode_of(data)
        token = data.get("access_token")
        if code == 0 and not (isinstance(token, str) and token):
            raise pe.AuthFailed(f"{STABLE_TOKEN_PATH}: no access_token in the answer", message=pe.NO_ACCESS_TOKEN,
                                platform=self.platform_name)
        if code == 0:
            return token, pe.seconds(data.get("expires_in"), 7200.0)
        if code in TOKEN_REFUSED:   # on stable_token, 40001 means the secret is wrong
            code = 40125
        raise self._refusal(STABLE_TOKEN_PATH, code, str(data.get("errmsg", "")), safe=True)

    # ------------------------------------------------------------------ calls

    async def call(self, method: str, path: str, *, body: dict | None = None, query: dict | None = None,
                   safe: bool = False, ok_codes: frozenset[int] = frozenset(), upload: Upload | None = None) -> dict:
        """Send one API request; returns the decoded envelope (errcode 0, or one of `ok_codes`).
        `upload`: a file sent as multipart/form-data instead of a JSON body (media/upload)."""
        token, generation = await self.tokens.current()
        replaced = False
        push_waits = list(PUSH_WAITS_S)
        busy_waits = list(BUSY_WAITS_S) if safe else []
        while True:
            data = await self._send(method, path, body, query or {}, safe=safe, token=token, upload=upload)
            code = errcode_of(data)
            if code == 0 or code in ok_codes:
                return data
            if code in TOKEN_REFUSED and not replaced:
                log.info("%s: access token refused (%s), fetching a fresh one", path, code)
                token, generation = await self.tokens.replace(generation)
                replaced = True
                continue
            if code in PUSH_IN_PROGRESS and push_waits:
                await self._sleep(push_waits.pop(0))
                continue
            if code == -1 and busy_waits:
                await self._sleep(busy_waits.pop(0))
                continue
            raise self._refusal(path, code, str(data.get("errmsg", "")), safe=safe, token=token)

    async def _send(self, method: str, path: str, body: dict | None, query: dict, *, safe: bool, token: str,
                    upload: Upload | None = None) -> dict:
        blocked = self.quota.blocked_for(path)
        if blocked is not None:
            kind, when = blocked
            if kind == "day":
                raise pe.QuotaExhausted(path, when, detail=f"{path}: daily allowance used up (local count)",
                                        platform=self.platform_name, code="45009")
            raise pe.RateLimited(when, detail=f"{path}: minute allowance used up", platform=self.platform_name,
                                 code="45011")
        params = {**query, **({"access_token": token} if token else {})}
        self.quota.record_call(path)
        try:
            content, content_type = upload.multipart() if upload is not None else (None, None)
            data = await self.transport.request(method, path, json=body if method != "GET" and upload is None else None,
                                                params=params or None, idempotent=safe, content=content,
                                                content_type=content_type)
        except pe.PlatformError as exc:
            exc.mask(token, self.credentials.secret)
            raise
        return data if isinstance(data, dict) else {}

    def _refusal(self, path: str, code: int, errmsg: str, *, safe: bool, token: str = "") -> pe.PlatformError:
        errmsg = scrub(errmsg, token, self.credentials.secret)
        if code == 45009:
            resets_at = self.quota.record_day_refusal(path)
            return pe.QuotaExhausted(path, resets_at, detail=f"{path}: errcode 45009 ({errmsg})",
                                     platform=self.platform_name, code="45009")
        if code == 45011:
            wait = self.quota.record_minute_refusal(path)
            return pe.RateLimited(wait, detail=f"{path}: errcode 45011 ({errmsg})", platform=self.platform_name,
                                  code="45011")
        return wechat_error(code, errmsg, api=path, platform=self.platform_name, applied_maybe=not safe)

    # ------------------------------------------------------------------ the platform's own counter

    async def sync_quota(self, api: str) -> None:
        """Read today's use of `api` from WeChat (getApiQuota), counting every system on this AppID."""
        data = await self.call("POST", "/cgi-bin/openapi/quota/get", body={"cgi_path": api}, safe=True)
        quota = data.get("quota") or {}
        self.quota.learn(api, int(quota.get("daily_limit") or 0), int(quota.get("used") or 0))


class WeChatPlatform(Platform):
    """What both WeChat adapters share: one `WeChatClient` (token, quotas, errors) and what has
    been seen of each room (`RoomWatch`)."""

    name: Text                                  # the platform's name, for a connection without one

    def __init__(self, connection_id: str, credentials: WeChatCredentials, client: httpx.AsyncClient, *,
                 display_name: str | None, base_url: str, clock: Clock | None, sleep: Sleep,
                 rng: random.Random | None, quota: QuotaBook | None) -> None:
        super().__init__(connection_id, display_name or self.name.english())
        self.clock = clock or SystemClock()
        self._sleep = sleep
        self.api = WeChatClient(credentials, client, platform_name=self.display_name, base_url=base_url,
                                clock=self.clock, sleep=sleep, rng=rng, quota=quota)
        self._watches: dict[str, RoomWatch] = {}

    @property
    def clock_reading(self) -> ClockReading | None:
        """WeChat's clock as its answers' Date tells it: its coupons' and flash sales' times are on it."""
        return self.api.dates.reading

    async def verify_credentials(self) -> None:
        await self.api.tokens.current()

    def quota_usage(self) -> tuple[QuotaUse, ...]:
        return self.api.quota.usage()

    def _watch(self, room_id: str) -> RoomWatch:
        return self._watches.setdefault(str(room_id), RoomWatch(str(room_id)))
