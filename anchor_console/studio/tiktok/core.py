"""The TikTok Shop emulator's core: its app (app key, app secret, service id, registered redirect
URL), the seller's shop, auth codes, access and refresh tokens with their scopes, and the gate
every Partner API request passes.

The gate, in this order: the app key, the timestamp — at most 5 minutes behind and 30 seconds ahead
of this computer's wall clock (not Studio's rehearsal clock), as the common-errors page's two
messages have it — and a `sign` present (each 36009004, told apart by its
message), the signature over path, sorted query, raw body and secret (106001), the
`x-tts-access-token` header (36009004 missing or unknown, 105002 expired), the token's scopes
(105005), the `shop_cipher` of a shop API (106013 missing, 106004 another shop's), then the body
(36009004 not a JSON object). Answers are HTTP 200 `{code, message, request_id, data}`; 0 is success.
Numbers and messages are TikTok's common-errors page as pulled into rymndcs/tiktok_shop_rb_api@46f85b2
test/fixtures/error_list.json, except 106004 and the token endpoints' 105003 and 106003, which that
page does not list (unconfirmed; see platforms/tiktok_client.py).

Tokens: an auth code lives 10 minutes and works once; `GET /api/v2/token/get` trades it for an
access token (`access_ttl_s`, 7 days) and a refresh token (`refresh_ttl_s`); `/api/v2/token/refresh`
makes a new access token (the refresh token stays, or with `rotate_refresh_tokens` is replaced).
Expiry times are epoch seconds, as TikTok's
`access_token_expire_in`. Kept in Studio's database; Studio's clock ages them."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from anchor_console.studio.errors import ApiError
from anchor_console.studio.store import EmulatorTables

if TYPE_CHECKING:
    from anchor_console.studio.services import Studio

# TikTok's documented numbers (common-errors page, as pulled into rymndcs/tiktok_shop_rb_api@46f85b2
# test/fixtures/error_list.json) …
EXPIRED_TOKEN, SCOPE_MISSING, BAD_SIGNATURE, SHOP_MISSING = 105002, 105005, 106001, 106013
BAD_CODE, TOO_MANY, INTERNAL, INVALID_PARAMS = 36004004, 36009002, 36009003, 36009004
GATE_REFUSED = INVALID_PARAMS   # TikTok's overloaded 36009004: the message says which check failed
# … and Studio's own where that page lists none (unconfirmed).
BAD_REFRESH, BAD_APP, BAD_SHOP = 105003, 106003, 106004
# The promotion pages' error tables, as a guide generated from them gives them (its example requests
# match the SKIT SDK's copies of the same pages verbatim; the pages themselves unread):
# create-activity 17029004 duplicate title, 17029005 begin time in the past, 17029006/17029007
# duration invalid; 17029009 activity does not exist; 17029012 activity expired; 17029001 invalid
# parameters (a product's price or limits). 12052048: activate-product-202309's table.
TITLE_TAKEN, BEGIN_IN_PAST, BAD_DURATION, ACTIVITY_NOT_FOUND, ACTIVITY_STATE, ACTIVITY_RULE = (
    17029004, 17029005, 17029006, 17029009, 17029012, 17029001)
PRODUCT_NOT_FOUND = 12052048

MESSAGES = {
    0: "Success",
    EXPIRED_TOKEN: "Expired credentials. The `access_token` or `x-tts-access-token` header has expired.",
    SCOPE_MISSING: "Access denied. The app is not authorized to access the endpoint because the access scopes "
                   "granted for the app or the access token do not contain the required access scope for the "
                   "endpoint.",
    BAD_SIGNATURE: "Invalid credentials. The `sign` query parameter is invalid.",
    SHOP_MISSING: "Missing identifier. The `shop_cipher` query parameter is required to identify the target shop.",
    BAD_CODE: "Invalid auth code.",
    TOO_MANY: "Too many requests. You've made too many requests in a short period of time.",
    INTERNAL: "Internal error. Please try again. If the issue persists after multiple attempts, please contact "
              "platform support.",
    INVALID_PARAMS: "invalid param error",
    BAD_REFRESH: "Invalid refresh token or it has expired.",
    BAD_APP: "Invalid app_key or app_secret.",
    BAD_SHOP: "Invalid shop_cipher: the shop has not authorized this app.",
    ACTIVITY_NOT_FOUND: "Activity not exist.",
    ACTIVITY_STATE: "Activity expired, cannot be modified.",
    TITLE_TAKEN: "Duplicate activity title.",
    BEGIN_IN_PAST: "The begin time of the activity cannot be earlier than the current time.",
    BAD_DURATION: "The activity duration is invalid.",
    ACTIVITY_RULE: "Invalid parameters.",
    PRODUCT_NOT_FOUND: "Product or SKU does not exist.",
}
# The documented messages of 36009004 the gate answers.
GATE_APP_KEY = "Invalid credentials. Invalid `app_key` query parameter."
GATE_TOKEN = "Invalid credentials. The `x-tts-access-token` header is invalid."
GATE_NO_SIGN = "Missing credentials. The request does not include a required signature in the query."
GATE_TOO_OLD = ("Invalid timestamp. The value of the `timestamp` query parameter must not be earlier than 5 minutes "
                "before the current time.")
GATE_TOO_NEW = ("Invalid timestamp. The value of the `timestamp` query parameter must not exceed the current time by "
                "more than 30 seconds.")
GATE_NEGATIVE = "Invalid timestamp. The value of the `timestamp` query parameter must not be lesser than 0."

ALL_SCOPES = ("seller.authorization.info", "seller.product.basic", "seller.promotion.info", "seller.promotion.write")
MAX_LIVE_CODES = 1_000   # unexpired authorization codes per app (see `new_code`)
DEFAULT_REDIRECT = "http://127.0.0.1:8769/tiktok/callback"   # what the console listens on (platforms/tiktok_auth)

SCHEMA = """
CREATE TABLE IF NOT EXISTS tt_apps(
  app_key TEXT PRIMARY KEY, secret TEXT NOT NULL, service_id TEXT NOT NULL, redirect_uri TEXT NOT NULL,
  shop_id TEXT NOT NULL, shop_cipher TEXT NOT NULL, shop_name TEXT NOT NULL, created_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS tt_codes(
  code TEXT PRIMARY KEY, app_key TEXT NOT NULL, expires_at REAL NOT NULL, used INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS tt_tokens(
  token TEXT PRIMARY KEY, kind TEXT NOT NULL, app_key TEXT NOT NULL, scopes TEXT NOT NULL, issued_at REAL NOT NULL,
  expires_at REAL NOT NULL, revoked INTEGER NOT NULL DEFAULT 0);
"""


def _long_id(prefix: int) -> str:
    """A 19-digit id in TikTok's style (service ids, shop ids)."""
    return str(prefix * 10**15 + secrets.randbelow(10**15))


class TtError(Exception):
    def __init__(self, code: int, message: str | None = None) -> None:
        super().__init__(f"{code} {message or MESSAGES.get(code, '')}")
        self.code = code
        self.message = message or MESSAGES.get(code, "Invalid parameters.")


def catalog_product(studio: Studio, product_id: str) -> dict:
    """Studio's catalog product under a TikTok product id, or TikTok's "no such product"."""
    try:
        product = studio.catalog.product(int(product_id)) if product_id.isdigit() else None
    except ApiError:
        product = None
    if product is None:
        raise TtError(PRODUCT_NOT_FOUND)
    return product


def request_id() -> str:
    """A request id in TikTok's form: a UTC time stamp and hex digits."""
    return time.strftime("%Y%m%d%H%M%S", time.gmtime()) + os.urandom(9).hex().upper()


def envelope(code: int = 0, data: Any = None, message: str | None = None) -> dict:
    return {"code": code, "message": message or MESSAGES.get(code, ""), "request_id": request_id(),
            "data": data if data is not None else {}}


def sign(secret: str, path: str, query: dict[str, str], body: bytes) -> str:
    pairs = "".join(f"{k}{query[k]}" for k in sorted(query) if k not in ("sign", "access_token"))
    text = secret.encode() + path.encode() + pairs.encode() + body + secret.encode()
    return hmac.new(secret.encode(), text, hashlib.sha256).hexdigest()


@dataclass
class TikTokConfig:
    """What tests may change: lifetimes, the signature's time window, the scopes a new token gets."""

    access_ttl_s: float = 7 * 86400.0
    refresh_ttl_s: float = 60 * 86400.0
    code_ttl_s: float = 600.0
    # The common-errors page: a `timestamp` "must not be earlier than 5 minutes before the current
    # time" and "must not exceed the current time by more than 30 seconds".
    timestamp_behind_s: float = 300.0
    timestamp_ahead_s: float = 30.0
    rotate_refresh_tokens: bool = False   # refreshing hands out a new refresh token (the old one stops)
    # Calls per second per app and API; None: unlimited. TikTok publishes per-API QPS limits in
    # Partner Center without a stable number; Studio's default leaves it off, tests set it.
    requests_per_second: int | None = None
    granted_scopes: tuple[str, ...] = ALL_SCOPES


@dataclass(frozen=True, slots=True)
class Call:
    """A request that passed the gate."""

    app_key: str
    query: dict[str, str]
    body: dict
    path_params: dict[str, str] = field(default_factory=dict)
    base_url: str = ""       # Studio's own address (image URLs are full URLs, as TikTok's CDN ones are)


class Gate(EmulatorTables):
    schema = SCHEMA

    def __init__(self, studio: Studio, config: TikTokConfig, wall: Callable[[], float] | None = None) -> None:
        super().__init__(studio)
        self.config = config
        # The timestamp is checked against this computer's clock (what the console signs with), not
        # Studio's clock, which a rehearsal may run faster.
        self.wall = wall or getattr(studio.store.clock, "_base", time.time)
        self._second: dict[tuple[str, str], tuple[int, int]] = {}

    def rate_limited(self, app_key: str, path: str) -> float | None:
        """Seconds to wait when this call is over the per-second limit (else counted, None)."""
        limit = self.config.requests_per_second
        if limit is None:
            return None
        now = self.now()
        second = int(now)
        seen, calls = self._second.get((app_key, path), (second, 0))
        calls = calls if seen == second else 0
        if calls >= limit:
            return max(0.001, second + 1 - now)
        self._second[(app_key, path)] = (second, calls + 1)
        return None

    # ------------------------------------------------------------------ the app and the shop

    def ensure_app(self) -> dict:
        row = self.db.execute("SELECT * FROM tt_apps ORDER BY created_at LIMIT 1").fetchone()
        if row is None:
            app_key = secrets.token_hex(7)
            with self.store.tx():
                self.db.execute("INSERT INTO tt_apps VALUES (?,?,?,?,?,?,?,?)",
                                (app_key, secrets.token_hex(20), _long_id(7_000), DEFAULT_REDIRECT, _long_id(7_400),
                                 "ROW_" + secrets.token_urlsafe(24), "Studio TikTok Shop", self.now()))
            row = self.db.execute("SELECT * FROM tt_apps WHERE app_key = ?", (app_key,)).fetchone()
        return dict(row)

    def app(self, app_key: str | None) -> dict:
        row = self.db.execute("SELECT * FROM tt_apps WHERE app_key = ?", (app_key or "",)).fetchone()
        if row is None:
            raise TtError(BAD_APP)
        return dict(row)

    def app_by_service(self, service_id: str | None) -> dict:
        row = self.db.execute("SELECT * FROM tt_apps WHERE service_id = ?", (service_id or "",)).fetchone()
        if row is None:
            raise TtError(BAD_APP)
        return dict(row)

    def set_redirect(self, app_key: str, redirect_uri: str) -> None:
        """The app's redirect URL as registered in Partner Center (a test's own listener)."""
        with self.store.tx():
            self.db.execute("UPDATE tt_apps SET redirect_uri = ? WHERE app_key = ?", (redirect_uri, app_key))

    def shop_view(self, app: dict) -> dict:
        return {"id": app["shop_id"], "name": app["shop_name"], "region": "GB", "seller_type": "LOCAL",
                "cipher": app["shop_cipher"], "code": "GBSTUDIO" + app["shop_id"][-4:]}

    # ------------------------------------------------------------------ codes and tokens

    def new_code(self, app_key: str) -> str | None:
        """A new authorization code; None when the app already has MAX_LIVE_CODES unexpired ones.
        The consent page needs only the public app key, so without a cap anyone could fill the
        table; used and expired codes are swept first (a late exchange of one still hears BAD_CODE)."""
        code = "ROW_" + secrets.token_urlsafe(32)
        now = self.now()
        with self.store.tx():
            self.db.execute("DELETE FROM tt_codes WHERE app_key = ? AND (used = 1 OR expires_at <= ?)", (app_key, now))
            live = self.db.execute("SELECT COUNT(*) AS n FROM tt_codes WHERE app_key = ?", (app_key,)).fetchone()
            if live["n"] >= MAX_LIVE_CODES:
                return None
            self.db.execute("INSERT INTO tt_codes(code, app_key, expires_at) VALUES (?,?,?)",
                            (code, app_key, now + self.config.code_ttl_s))
        return code

    def _check_secret(self, query: dict[str, str]) -> dict:
        app = self.app(query.get("app_key"))
        if not secrets.compare_digest(str(query.get("app_secret") or ""), app["secret"]):
            raise TtError(BAD_APP)
        return app

    def token_get(self, query: dict[str, str]) -> dict:
        app = self._check_secret(query)
        if query.get("grant_type") != "authorized_code":
            raise TtError(INVALID_PARAMS)
        row = self.db.execute("SELECT * FROM tt_codes WHERE code = ? AND app_key = ?",
                              (query.get("auth_code") or "", app["app_key"])).fetchone()
        if row is None or row["used"] or row["expires_at"] <= self.now():
            raise TtError(BAD_CODE)
        with self.store.tx():
            self.db.execute("UPDATE tt_codes SET used = 1 WHERE code = ?", (row["code"],))
            refresh = self._issue("refresh", app["app_key"], self.config.refresh_ttl_s)
            access = self._issue("access", app["app_key"], self.config.access_ttl_s)
        return self._grant(app, access, refresh)

    def token_refresh(self, query: dict[str, str]) -> dict:
        app = self._check_secret(query)
        if query.get("grant_type") != "refresh_token":
            raise TtError(INVALID_PARAMS)
        row = self._token_row(query.get("refresh_token"), "refresh")
        if row is None or row["app_key"] != app["app_key"] or row["expires_at"] <= self.now():
            raise TtError(BAD_REFRESH)
        refresh = {"token": row["token"], "expires_at": row["expires_at"], "scopes": row["scopes"]}
        with self.store.tx():
            access = self._issue("access", app["app_key"], self.config.access_ttl_s, scopes=row["scopes"])
            if self.config.rotate_refresh_tokens:
                self.db.execute("UPDATE tt_tokens SET revoked = 1 WHERE token = ?", (row["token"],))
                refresh = self._issue("refresh", app["app_key"], self.config.refresh_ttl_s, scopes=row["scopes"])
        return self._grant(app, access, refresh)

    def _issue(self, kind: str, app_key: str, ttl: float, scopes: str | None = None) -> dict:
        token = ("ROW_" if kind == "access" else "RFR_") + secrets.token_urlsafe(40)
        now = self.now()
        scopes = scopes if scopes is not None else json.dumps(list(self.config.granted_scopes))
        self.db.execute("INSERT INTO tt_tokens(token, kind, app_key, scopes, issued_at, expires_at) VALUES "
                        "(?,?,?,?,?,?)", (token, kind, app_key, scopes, now, now + ttl))
        return {"token": token, "expires_at": now + ttl, "scopes": scopes}

    def _grant(self, app: dict, access: dict, refresh: dict) -> dict:
        return {"access_token": access["token"], "access_token_expire_in": int(access["expires_at"]),
                "refresh_token": refresh["token"], "refresh_token_expire_in": int(refresh["expires_at"]),
                "open_id": "studio-open-" + app["app_key"][:6], "seller_name": app["shop_name"],
                "seller_base_region": "GB", "user_type": 0, "granted_scopes": json.loads(access["scopes"])}

    def _token_row(self, token: str | None, kind: str):
        return self.db.execute("SELECT * FROM tt_tokens WHERE token = ? AND kind = ? AND revoked = 0",
                               (token or "", kind)).fetchone()

    def expire_access_tokens(self) -> int:
        with self.store.tx():
            return self.db.execute("UPDATE tt_tokens SET expires_at = ? WHERE kind = 'access' AND expires_at > ?",
                                   (self.now(), self.now())).rowcount

    # ------------------------------------------------------------------ the gate

    def check(self, path: str, query: dict[str, str], raw: bytes, token: str | None, *, scope: str,
              shop: bool) -> dict:
        """The app of a request that passes every check (else a TtError with TikTok's code)."""
        row = self.db.execute("SELECT * FROM tt_apps WHERE app_key = ?", (query.get("app_key") or "",)).fetchone()
        if row is None:
            raise TtError(GATE_REFUSED, GATE_APP_KEY)
        app = dict(row)
        stamp = query.get("timestamp", "")
        if not stamp.isdigit():
            raise TtError(GATE_REFUSED, GATE_NEGATIVE)
        off = int(stamp) - self.wall()
        if off > self.config.timestamp_ahead_s:
            raise TtError(GATE_REFUSED, GATE_TOO_NEW)
        if off < -self.config.timestamp_behind_s:
            raise TtError(GATE_REFUSED, GATE_TOO_OLD)
        if not query.get("sign"):
            raise TtError(GATE_REFUSED, GATE_NO_SIGN)
        if not hmac.compare_digest(str(query.get("sign") or ""), sign(app["secret"], path, query, raw)):
            raise TtError(BAD_SIGNATURE)
        row = self._token_row(token, "access")
        if row is None or row["app_key"] != app["app_key"]:
            raise TtError(GATE_REFUSED, GATE_TOKEN)
        if row["expires_at"] <= self.now():
            raise TtError(EXPIRED_TOKEN)
        if scope not in json.loads(row["scopes"]):
            raise TtError(SCOPE_MISSING)
        if shop and not query.get("shop_cipher"):
            raise TtError(SHOP_MISSING)
        if shop and query.get("shop_cipher") != app["shop_cipher"]:
            raise TtError(BAD_SHOP)
        return app
