"""TikTok Shop's Partner API, one shop's calls: request signing, the seller's access token (made
from the refresh token the keyring holds), the `{code, message, request_id, data}` envelope, and
its error codes in the operator's words.

Signing (202309 APIs), as TikTok documents it and every public client does it:
    sign = hex(HMAC-SHA256(key=app_secret,
                           app_secret + path + concat(sorted(k + v for the query, without `sign` and
                           `access_token`)) + raw body + app_secret))
The query carries `app_key`, `timestamp` (seconds), `shop_cipher` (shop APIs) and `sign`; the access
token goes in the `x-tts-access-token` header. The body is serialised once and sent as those very
bytes (a re-serialised body with other spacing would no longer match the signature).
Confirmed against: david-yappeter/go-tiktok helper.go `generateSHA256` and client.go `prepareParam`
(@8c1531a), hsib19/tiktok-shop-sdk packages/sdk/src/utils/signature.ts (and its test), and the
research notes (platform-apis.md §4.1).

Tokens: `GET {auth host}/api/v2/token/get` (auth code) and `/api/v2/token/refresh` with
`app_key, app_secret, grant_type, auth_code | refresh_token` in the query (tiktok_auth).

Error codes, from TikTok's common-errors page (https://partner.tiktokshop.com/docv2/page/common-errors)
and the endpoint pages' Error Code tables, as pulled on 2026-09-20 into rymndcs/tiktok_shop_rb_api@46f85b2
test/fixtures/error_list.json (a third party's copy of the official tables, not the page itself):
105002 expired access token, 105005 scope not granted, 106001 invalid `sign`, 106013 `shop_cipher`
missing, 101000 invalid `x-tts-access-token` header, 36004004 invalid auth code, 36009002 too many
requests, 36009003 internal error, 36009007 request timeout, 36009033 IP not in the allow list, and
36009004 — which TikTok uses for a dozen failures (unknown `app_key`, timestamp out of range, missing
signature, invalid access-token header, unexpected `shop_cipher`, invalid params) told apart only by
the message, so the message decides here too. NOT on those pages (kept as aliases an older API or
Studio may answer; unconfirmed): 105001 invalid access token, 105003 refresh token invalid, 105004
auth code invalid, 106002 timestamp, 106003 app key or secret wrong, 106004 shop_cipher invalid.

The clock: TikTok takes a `timestamp` at most 5 minutes behind its clock and 30 seconds ahead (the
common-errors page's two messages). Every answer's HTTP `Date` header (RFC 9110 §6.6.1; the
gateway's, in whole seconds) tells how far TikTok's clock is from this computer's: requests are
stamped on TikTok's clock as far as it is known — never ahead of it, since a `Date` is never later
than TikTok's now — and a request refused for its timestamp is sent once more when the refusal's
`Date` moved that estimate (the gate refuses before anything is done). Without a `Date` nothing is
learned, and a clock off by more than TikTok allows is said plainly (CLOCK_WRONG)."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

import httpx

from anchor_console.domain.clock import Clock, SystemClock
from anchor_console.domain.text import QT_TRANSLATE_NOOP, Text
from anchor_console.platforms import errors as pe
from anchor_console.platforms.heard_clock import DateClock
from anchor_console.platforms.transport import (
    Endpoint, RequestRate, RetryPolicy, Sleep, Transport, gateway_error,
)
from anchor_console.domain.log_secrets import scrub
from anchor_console.platforms.wechat_auth import AccessTokenCache

log = logging.getLogger("anchor_console.platforms.tiktok")

API_BASE = "https://open-api.tiktokglobalshop.com"
AUTH_BASE = "https://auth.tiktok-shops.com"
TOKEN_HEADER = "x-tts-access-token"
SHOPS_PATH = "/authorization/202309/shops"
UNSIGNED = frozenset({"sign", "access_token"})

# Documented (common-errors page / endpoint Error Code tables; see the module docstring for the copy read).
BAD_HEADER, EXPIRED_TOKEN, SCOPE_MISSING, BAD_SIGNATURE, SHOP_MISSING = 101000, 105002, 105005, 106001, 106013
BAD_CODE, TOO_MANY, INTERNAL, GATE_REFUSED, IP_NOT_ALLOWED = 36004004, 36009002, 36009003, 36009004, 36009033
# Not on those pages (older numbers some clients list, and what Studio answered before): unconfirmed.
INVALID_TOKEN, BAD_GRANT, OLD_BAD_CODE, BAD_TIMESTAMP, BAD_APP, BAD_SHOP = 105001, 105003, 105004, 106002, 106003, 106004
TOKEN_REFUSED = frozenset({INVALID_TOKEN, EXPIRED_TOKEN, BAD_HEADER})
# 36009004's documented messages, by what they are about ("Invalid credentials. Invalid `app_key` query
# parameter.", "Invalid timestamp. …", "Missing credentials. … signature …", "… `x-tts-access-token` header is
# invalid."); any other 36009004 is an invalid request.
_GATE_APP = re.compile(r"app_key", re.I)
_GATE_CLOCK = re.compile(r"timestamp", re.I)
_GATE_SIGN = re.compile(r"missing credentials|signature", re.I)
_GATE_TOKEN = re.compile(r"access_token|x-tts-access-token", re.I)


def clock_refused(code: int, message: str) -> bool:
    """TikTok refused the request's timestamp (out of its window)."""
    return code == BAD_TIMESTAMP or (code == GATE_REFUSED and bool(_GATE_CLOCK.search(message)))


def token_refused(code: int, message: str) -> bool:
    """TikTok no longer takes this access token (refresh it and send again)."""
    return code in TOKEN_REFUSED or (code == GATE_REFUSED and bool(_GATE_TOKEN.search(message)))

SIGNATURE_REFUSED = QT_TRANSLATE_NOOP("PlatformError", "TikTok Shop refused the request's signature: the app secret "
                                                       "is wrong. Open Connections and enter the app secret from "
                                                       "Partner Center again.")
CLOCK_WRONG = QT_TRANSLATE_NOOP("PlatformError", "TikTok Shop refused the request because this computer's clock is "
                                                 "wrong. Set the date and time automatically (from the internet) and "
                                                 "try again.")
APP_REFUSED = QT_TRANSLATE_NOOP("PlatformError", "TikTok Shop does not know this app key and app secret. Open "
                                                 "Connections and copy both from Partner Center again.")
SIGN_IN_AGAIN = QT_TRANSLATE_NOOP("PlatformError", "TikTok Shop no longer accepts this sign-in (the seller's "
                                                   "authorization expired or was revoked). Open Connections and "
                                                   "press Sign in again.")
SCOPE_NOT_GRANTED = QT_TRANSLATE_NOOP("PlatformError", "The TikTok Shop app is not allowed to do this: add the "
                                                       "missing scope ({api}) to the app in Partner Center, then "
                                                       "sign in again.")
SHOP_NOT_AUTHORIZED = QT_TRANSLATE_NOOP("PlatformError", "This TikTok Shop is not (or no longer) authorized for the "
                                                         "app. Sign in again with the seller account of the shop.")
REFUSED = QT_TRANSLATE_NOOP("PlatformError", "TikTok Shop refused the request (code {code}: {reason}).")


@dataclass(frozen=True, slots=True)
class TikTokCredentials:
    """What the keyring holds for a TikTok Shop connection (as JSON): the app secret and the
    seller's refresh token. The app key is public (in the connection's settings)."""

    app_key: str
    app_secret: str = field(repr=False)
    refresh_token: str = field(default="", repr=False)

    def __repr__(self) -> str:
        return f"TikTokCredentials(app_key={self.app_key!r}, app_secret=***, refresh_token=***)"

    def keyring_secret(self) -> str:
        return json.dumps({"app_secret": self.app_secret, "refresh_token": self.refresh_token})

    @classmethod
    def from_keyring(cls, app_key: str, secret: str) -> TikTokCredentials:
        """The keyring's JSON, or a bare app secret (typed before the first sign-in)."""
        try:
            data = json.loads(secret)
        except (ValueError, RecursionError):
            data = None
        if isinstance(data, dict):
            return cls(app_key, str(data.get("app_secret") or ""), str(data.get("refresh_token") or ""))
        return cls(app_key, secret.strip())


def canonical_body(body: Any) -> bytes:
    """The one serialisation of a JSON body: what is signed is what is sent."""
    if body is None:
        return b""
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def sign(app_secret: str, path: str, query: dict[str, Any], body: bytes = b"") -> str:
    pairs = "".join(f"{k}{query[k]}" for k in sorted(query) if k not in UNSIGNED)
    text = app_secret.encode() + path.encode() + pairs.encode() + body + app_secret.encode()
    return hmac.new(app_secret.encode(), text, hashlib.sha256).hexdigest()


def money_to_fen(amount: Any) -> int:
    """A TikTok amount (a decimal string in the shop's currency, "4.5") in hundredths."""
    try:
        return int((Decimal(str(amount or "0")) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    except InvalidOperation:
        return 0


def fen_to_money(fen: int) -> str:
    return f"{Decimal(fen) / 100:.2f}"


def tiktok_error(code: int, message: str, *, api: str, platform: str, applied_maybe: bool = False) -> pe.PlatformError:
    detail = f"{api}: code {code} ({message[:200]})"
    kw = {"detail": detail, "platform": platform, "code": str(code)}
    gate = code == GATE_REFUSED
    if code == BAD_SIGNATURE:
        return pe.AuthFailed(message=SIGNATURE_REFUSED, **kw)
    if clock_refused(code, message):
        return pe.InvalidRequest(CLOCK_WRONG, **kw)
    if code == BAD_APP or (gate and _GATE_APP.search(message)):
        return pe.AuthFailed(message=APP_REFUSED, **kw)
    if token_refused(code, message) or code in (BAD_GRANT, BAD_CODE, OLD_BAD_CODE):
        return pe.AuthFailed(message=SIGN_IN_AGAIN, **kw)
    if gate and _GATE_SIGN.search(message):   # a request sent unsigned: the app secret is what signs it
        return pe.AuthFailed(message=SIGNATURE_REFUSED, **kw)
    if code == SCOPE_MISSING:
        return pe.NotPermitted(message=SCOPE_NOT_GRANTED.fill(api=api), **kw)
    if code == IP_NOT_ALLOWED:
        return pe.NotPermitted(message=REFUSED.fill(code=code, reason=message[:120]), **kw)
    if code in (BAD_SHOP, SHOP_MISSING):
        return pe.NotPermitted(message=SHOP_NOT_AUTHORIZED, **kw)
    if code == TOO_MANY:
        return pe.RateLimited(1.0, **kw)   # the envelope names no wait
    if code == INTERNAL:
        return pe.OutcomeUnknown(**kw) if applied_maybe else pe.Unavailable(**kw)
    if code in PROMOTION_ERRORS:
        error_type, text = PROMOTION_ERRORS[code]
        if issubclass(error_type, pe.WordedError):   # words of its own, replaced by ours
            return error_type(message=text, **kw)
        return error_type(text, **kw)
    return pe.InvalidRequest(REFUSED.fill(code=code, reason=message[:120]), **kw)


# Promotion errors: the numbers of the promotion pages' error tables as a guide generated from those
# pages gives them (tests/platforms/tiktok_docs/README.md says how far that is confirmed); 12052048 is
# activate-product-202309's.
TITLE_TAKEN, BEGIN_IN_PAST, BAD_DURATION, ACTIVITY_NOT_FOUND, ACTIVITY_STATE, ACTIVITY_RULE = (
    17029004, 17029005, 17029006, 17029009, 17029012, 17029001)
LONG_DURATION, DEAL_LOCKED, SKU_LOCKED, ANOTHER_SHOP = 17029007, 17029047, 17029048, 17029069
PRODUCT_NOT_FOUND = 12052048
_DURATION = QT_TRANSLATE_NOOP("PlatformError", "TikTok Shop refused the flash deal's times: it must start now or "
                                               "later and last from one second to three days.")
_LOCKED = QT_TRANSLATE_NOOP("PlatformError", "TikTok Shop does not let a running flash deal's products be changed; "
                                             "stop it and start a new one.")
PROMOTION_ERRORS: dict[int, tuple[type[pe.PlatformError], Text]] = {
    ACTIVITY_NOT_FOUND: (pe.NotFound, QT_TRANSLATE_NOOP("PlatformError", "TikTok Shop has no such promotion.")),
    ACTIVITY_STATE: (pe.Conflict, QT_TRANSLATE_NOOP("PlatformError", "The TikTok Shop promotion is not in a state "
                                                                     "that allows this (it ended or was "
                                                                     "deactivated).")),
    TITLE_TAKEN: (pe.Conflict, QT_TRANSLATE_NOOP("PlatformError", "A TikTok Shop promotion with this title exists "
                                                                  "already.")),
    ACTIVITY_RULE: (pe.InvalidRequest, QT_TRANSLATE_NOOP("PlatformError", "This flash deal breaks a TikTok Shop "
                                                                          "rule: times, price below the regular "
                                                                          "price, stock and per-buyer limit.")),
    BEGIN_IN_PAST: (pe.InvalidRequest, _DURATION),
    BAD_DURATION: (pe.InvalidRequest, _DURATION),
    LONG_DURATION: (pe.InvalidRequest, _DURATION),
    DEAL_LOCKED: (pe.Conflict, _LOCKED),
    SKU_LOCKED: (pe.Conflict, _LOCKED),
    ANOTHER_SHOP: (pe.NotPermitted, QT_TRANSLATE_NOOP("PlatformError", "This TikTok Shop promotion belongs to "
                                                                       "another shop.")),
    PRODUCT_NOT_FOUND: (pe.NotFound, QT_TRANSLATE_NOOP("PlatformError", "TikTok Shop has no such product or SKU in "
                                                                        "this shop.")),
}


def http_error(response: httpx.Response) -> pe.PlatformError:
    """An answer that is not HTTP 200 (the gateway speaking), unless it carries the envelope."""
    return gateway_error(response, default_wait_s=1.0, refused=lambda status, detail: refused_4xx(response, detail))


def refused_4xx(response: httpx.Response, detail: str) -> pe.PlatformError:
    body = pe.answer_object(response)
    if body is not None and "code" in body:   # the client reads its code
        return EnvelopeAnswer(body, detail=detail)
    return pe.InvalidRequest(REFUSED.fill(code=response.status_code, reason="HTTP"), detail=detail)


class EnvelopeAnswer(pe.InvalidRequest):
    """A 4xx that carries TikTok's envelope: handed back to `TikTokClient.call`, which reads the
    code (an expired token is refreshed, not reported)."""

    def __init__(self, envelope: dict, *, detail: str) -> None:
        super().__init__(REFUSED.fill(code=envelope.get("code"), reason=str(envelope.get("message", ""))[:120]),
                         detail=detail)
        self.envelope = envelope


class SignedTransport(Transport):
    """The shared transport with TikTok's token header instead of a bearer token."""

    access_token = ""

    def headers(self, key: str | None = None) -> dict[str, str]:
        headers = {"Accept": "application/json"}
        if self.access_token:
            headers[TOKEN_HEADER] = self.access_token
        return headers


class TikTokClient:
    """One seller authorization's calls to one shop. `safe`: sending twice has no second effect
    (reads, "set to" writes); only those are retried after a lost answer."""

    def __init__(self, credentials: TikTokCredentials, client: httpx.AsyncClient, *, platform_name: str,
                 base_url: str = API_BASE, auth_base: str = AUTH_BASE, shop_cipher: str = "",
                 clock: Clock | None = None, sleep: Sleep = asyncio.sleep, rng: random.Random | None = None,
                 retry: RetryPolicy = RetryPolicy(max_attempts=3, base_delay=0.3, max_delay=2.0, budget_s=10.0),
                 rate: RequestRate | None = None,
                 on_credentials: Callable[[TikTokCredentials], None] | None = None) -> None:
        self.credentials = credentials
        self.platform_name = platform_name
        self.auth_base = auth_base
        self.shop_cipher = shop_cipher
        self.clock = clock or SystemClock()
        self.http = client
        # TikTok's clock as its answers' Date tells it: requests are stamped on it, and the adapter's
        # `clock_reading` (its deals' times are on it) is made of it.
        self.dates = DateClock(self.clock)
        self.transport = SignedTransport(client, Endpoint(base_url), http_error, on_answer=self.dates.heard,
                                         platform_name=platform_name, retry=retry, sleep=sleep,
                                         rng=rng or random.Random(), monotonic=self.clock.monotonic,
                                         rate=rate or RequestRate(10, 20, monotonic=self.clock.monotonic, sleep=sleep))
        self.tokens = AccessTokenCache(self._fetch_token, monotonic=self.clock.monotonic)
        self.refresh_token = credentials.refresh_token
        self.seller_name = ""
        # TikTok may hand out a new refresh token when refreshing: the keyring must get it, or the
        # next start would present the old one.
        self.on_credentials = on_credentials

    def server_now(self) -> float:
        """TikTok's time as far as its answers told it (never later than TikTok's own)."""
        return self.dates.now()

    async def _fetch_token(self) -> tuple[str, float]:
        from anchor_console.platforms.tiktok_auth import refresh_access_token

        grant = await refresh_access_token(self.http, self.auth_base, self.credentials.app_key,
                                           self.credentials.app_secret, self.refresh_token,
                                           platform=self.platform_name, now=self.clock.now())
        if grant.refresh_token and grant.refresh_token != self.refresh_token:
            self.refresh_token = grant.refresh_token
            if self.on_credentials is not None:
                self.on_credentials(TikTokCredentials(self.credentials.app_key, self.credentials.app_secret,
                                                      grant.refresh_token))
        self.seller_name = grant.seller_name or self.seller_name
        return grant.access_token, grant.expires_in

    async def call(self, method: str, path: str, *, body: Any = None, query: dict | None = None, safe: bool = False,
                   shop: bool = True, ok_codes: frozenset[int] = frozenset()) -> dict:
        """Send one signed request; returns the envelope's `data` (code 0 or one of `ok_codes`).
        A refused access token is replaced once (refresh) and the call sent again."""
        token, generation = await self.tokens.current()
        replaced = reclocked = False
        while True:
            offset = self.dates.offset_s
            envelope = await self._send(method, path, body, query or {}, token, safe=safe, shop=shop)
            code = int(envelope.get("code") or 0)
            if code == 0 or code in ok_codes:
                return envelope.get("data") or {}
            message = scrub(str(envelope.get("message", "")), token, self.credentials.app_secret)
            if token_refused(code, message) and not replaced:
                log.info("%s: access token refused (%s), refreshing it", path, code)
                token, generation = await self.tokens.replace(generation)
                replaced = True
                continue
            if clock_refused(code, message) and not reclocked and abs(self.dates.offset_s - offset) >= 1:
                log.info("%s: timestamp refused; TikTok's clock is %+.0f s from ours, sending again", path,
                         self.dates.offset_s)
                reclocked = True
                continue
            raise tiktok_error(code, message, api=path, platform=self.platform_name, applied_maybe=not safe)

    async def _send(self, method: str, path: str, body: Any, extra: dict, token: str, *, safe: bool,
                    shop: bool) -> dict:
        raw = canonical_body(body) if method != "GET" else b""
        query: dict[str, Any] = {**extra, "app_key": self.credentials.app_key, "timestamp": int(self.server_now())}
        if shop and self.shop_cipher:
            query["shop_cipher"] = self.shop_cipher
        query = {k: str(v) for k, v in query.items()}
        query["sign"] = sign(self.credentials.app_secret, path, query, raw)
        self.transport.access_token = token
        try:
            data = await self.transport.request(method, path, params=query, idempotent=safe,
                                                content=raw if method != "GET" else None,
                                                content_type="application/json" if method != "GET" else None)
        except EnvelopeAnswer as answer:
            return answer.envelope
        except pe.PlatformError as exc:
            exc.mask(token, self.credentials.app_secret)
            if exc.code and not exc.detail.startswith(path):
                exc.detail = f"{path}: {exc.detail}"
            raise
        return data if isinstance(data, dict) else {}

    async def shops(self) -> list[dict]:
        """The shops that authorized this app ({id, name, region, cipher, code, seller_type})."""
        data = await self.call("GET", SHOPS_PATH, safe=True, shop=False)
        return list(data.get("shops") or [])
