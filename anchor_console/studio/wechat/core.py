"""The emulator's core: its accounts (AppID and AppSecret), their access tokens, the daily and
per-minute allowances of every API, and the gate each request passes before its API runs.

The gate, in WeChat's order: the method (43001 "require GET method" / 43002 "require POST
method"), the access token from the query (41001 missing, 40001 unknown or replaced, 42001
expired), whether this account may call the API at all (48001), today's allowance (45009) and this
minute's (45011) — a refused call is not counted — then the body (44002 empty, 47001 not a JSON
object). The API runs on Studio's state, its answer goes out as HTTP 200 `{errcode: 0, …}`.

Tokens (`POST /cgi-bin/stable_token`, getStableAccessToken's documented semantics):
  * normal mode returns the account's current token and its remaining life; in its last
    `refresh_window_s` (5 minutes of 7200 s, scaled with a shorter test lifetime) it hands out the
    next one, and the old one keeps working until its own expiry;
  * force_refresh invalidates every earlier token of the account at once (40001 from then on) and
    returns a new one — at most 20 a day (45009), and a second one within 30 s returns the current
    token unrefreshed ("连续使用该模式时，请保证调用时间隔至少为30s，否则不会刷新").
Tokens and today's counts are kept in Studio's database, so a restart changes neither.

Time is Studio's clock (a rehearsal at 10× ages tokens 10× too); days are Beijing days."""

from __future__ import annotations

import json
import logging
import secrets
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from fastapi import Request
from fastapi.responses import JSONResponse

from anchor_console.domain.clock import BEIJING_OFFSET_S, beijing_day
from anchor_console.studio.errors import ApiError
from anchor_console.studio.store import EmulatorTables
from anchor_console.studio.wechat.errors import WxError, ok

if TYPE_CHECKING:
    from anchor_console.studio.services import Studio

log = logging.getLogger("anchor_console.studio.wechat")

MINI_PROGRAM, SHOP = "miniprogram", "shop"
BODY_LIMIT = 64 * 1024
STABLE_TOKEN = "/cgi-bin/stable_token"
QUOTA_GET = "/cgi-bin/openapi/quota/get"

# Documented daily allowances (调用额度) per API; an API whose page states none is given
# ASSUMED_DAILY_LIMIT, Studio's own choice (settable in tests, like every limit).
DOCUMENTED_DAILY_LIMITS: dict[str, int] = {
    STABLE_TOKEN: 500_000,
    "/wxa/business/getliveinfo": 100_000,
    "/wxaapi/broadcast/goods/add": 500,
}
ASSUMED_DAILY_LIMIT = 10_000
DOCUMENTED_MINUTE_LIMITS: dict[str, int] = {STABLE_TOKEN: 10_000}

SCHEMA = """
CREATE TABLE IF NOT EXISTS wx_apps(
  appid TEXT PRIMARY KEY, secret TEXT NOT NULL, kind TEXT NOT NULL, name TEXT NOT NULL, created_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS wx_tokens(
  token TEXT PRIMARY KEY, appid TEXT NOT NULL, issued_at REAL NOT NULL, expires_at REAL NOT NULL,
  revoked_at REAL, forced INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS wx_tokens_app ON wx_tokens(appid, issued_at);
CREATE TABLE IF NOT EXISTS wx_quota(
  appid TEXT NOT NULL, api TEXT NOT NULL, day INTEGER NOT NULL, used INTEGER NOT NULL,
  PRIMARY KEY(appid, api, day));
"""


@dataclass
class WeChatConfig:
    """What tests (and a rehearsal) may change at run time (`PUT /api/v1/_wechat`, `--chaos` only)."""

    token_ttl_s: float = 7200.0
    force_refresh_per_day: int = 20
    force_refresh_gap_s: float = 30.0
    daily_limits: dict[str, int] = field(default_factory=dict)    # per API path, over the documented ones
    minute_limits: dict[str, int] = field(default_factory=dict)
    push_s: float = 3.0          # a push (讲解) is in progress this long: 300047 / 300049 meanwhile
    review_s: float = 60.0       # a product submitted to the goods library is approved after this

    @property
    def refresh_window_s(self) -> float:
        """Normal mode's hand-over: 5 minutes of a 7200 s token, in proportion for a shorter one."""
        return self.token_ttl_s * 300.0 / 7200.0


@dataclass(frozen=True, slots=True)
class Call:
    """One request that passed the gate, as an API's handler gets it."""

    appid: str
    body: dict
    query: dict[str, str]
    base_url: str          # Studio's own address, ending in "/" (for image URLs)
    raw: bytes = b""       # an upload API's body as sent (multipart), its body then {}
    content_type: str = ""


def image_url(product: dict, base_url: str) -> str:
    """A Studio product's picture as WeChat shows it: a full URL on Studio's address ("" if none)."""
    return base_url.rstrip("/") + product["image_url"] if product["image_url"] else ""


Handler = Callable[[Call], dict]


@dataclass(frozen=True, slots=True)
class Api:
    path: str
    method: str                      # "GET" or "POST"
    kinds: frozenset[str]            # the account types that may call it
    handler: Handler
    upload: bool = False             # multipart/form-data (media/upload), not a JSON body
    body_limit: int = BODY_LIMIT


class Gate(EmulatorTables):
    """Accounts, tokens and allowances of one Studio's WeChat emulator."""

    schema = SCHEMA

    def __init__(self, studio: Studio, config: WeChatConfig) -> None:
        super().__init__(studio)
        self.config = config
        self._minute: dict[tuple[str, str], tuple[int, int]] = {}
        self.apis: dict[str, Api] = {}

    # ------------------------------------------------------------------ accounts

    def ensure_app(self, kind: str, name: str) -> dict:
        """The account of this kind (created once, kept across restarts): {"appid", "secret"}."""
        row = self.db.execute("SELECT * FROM wx_apps WHERE kind = ? ORDER BY created_at LIMIT 1", (kind,)).fetchone()
        if row is None:
            appid, secret = "wx" + secrets.token_hex(8), secrets.token_hex(16)
            with self.store.tx():
                self.db.execute("INSERT INTO wx_apps(appid, secret, kind, name, created_at) VALUES (?,?,?,?,?)",
                                (appid, secret, kind, name, self.now()))
            row = self.db.execute("SELECT * FROM wx_apps WHERE appid = ?", (appid,)).fetchone()
        return {"appid": row["appid"], "secret": row["secret"]}

    def _app(self, appid: str) -> sqlite3.Row | None:
        return self.db.execute("SELECT * FROM wx_apps WHERE appid = ?", (appid,)).fetchone()

    # ------------------------------------------------------------------ tokens

    def stable_token(self, body: dict) -> dict:
        if body.get("grant_type") != "client_credential":
            raise WxError(40002)
        appid, secret = body.get("appid"), body.get("secret")
        if not appid:
            raise WxError(41002)
        app = self._app(str(appid)) if isinstance(appid, str) else None
        if app is None:
            raise WxError(40013)
        self.count(app["appid"], STABLE_TOKEN)
        if not secret:
            raise WxError(41004)
        if not isinstance(secret, str) or not secrets.compare_digest(secret, app["secret"]):
            raise WxError(40125)
        force = body.get("force_refresh", False)
        if not isinstance(force, bool):
            raise WxError(47001)
        now = self.now()
        current = self._current_token(app["appid"], now)
        if force:
            last = self.db.execute("SELECT MAX(issued_at) FROM wx_tokens WHERE appid = ? AND forced = 1",
                                   (app["appid"],)).fetchone()[0]
            if current is not None and last is not None and now - last < self.config.force_refresh_gap_s:
                return self._token_answer(current, now)    # too soon after the last one: not refreshed
            forced_today = self.db.execute(
                "SELECT COUNT(*) FROM wx_tokens WHERE appid = ? AND forced = 1 AND issued_at >= ?",
                (app["appid"], (beijing_day(now) * 86400 - BEIJING_OFFSET_S))).fetchone()[0]
            if forced_today >= self.config.force_refresh_per_day:
                raise WxError(45009)
            with self.store.tx():
                self.db.execute("UPDATE wx_tokens SET revoked_at = ? WHERE appid = ? AND revoked_at IS NULL",
                                (now, app["appid"]))
                return self._token_answer(self._issue(app["appid"], now, forced=True), now)
        if current is not None and current["expires_at"] - now > self.config.refresh_window_s:
            return self._token_answer(current, now)
        with self.store.tx():
            return self._token_answer(self._issue(app["appid"], now), now)

    def _current_token(self, appid: str, now: float) -> sqlite3.Row | None:
        return self.db.execute("SELECT * FROM wx_tokens WHERE appid = ? AND revoked_at IS NULL AND expires_at > ? "
                               "ORDER BY issued_at DESC LIMIT 1", (appid, now)).fetchone()

    def _issue(self, appid: str, now: float, *, forced: bool = False) -> sqlite3.Row:
        token = f"{secrets.randbelow(90) + 10}_" + secrets.token_urlsafe(102)
        self.db.execute("INSERT INTO wx_tokens(token, appid, issued_at, expires_at, forced) VALUES (?,?,?,?,?)",
                        (token, appid, now, now + self.config.token_ttl_s, int(forced)))
        self.db.execute("DELETE FROM wx_tokens WHERE appid = ? AND expires_at < ?", (appid, now - 7 * 86400))
        return self.db.execute("SELECT * FROM wx_tokens WHERE token = ?", (token,)).fetchone()

    @staticmethod
    def _token_answer(row: sqlite3.Row, now: float) -> dict:
        return {"access_token": row["token"], "expires_in": max(1, int(row["expires_at"] - now))}

    def appid_of(self, token: str | None) -> str:
        if not token:
            raise WxError(41001)
        row = self.db.execute("SELECT appid, expires_at, revoked_at FROM wx_tokens WHERE token = ?",
                              (token,)).fetchone()
        if row is None or row["revoked_at"] is not None:
            raise WxError(40001)
        if row["expires_at"] <= self.now():
            raise WxError(42001)
        return row["appid"]

    def expire_tokens(self) -> int:
        """Every token in use expires now (as if the show had run past its lifetime)."""
        with self.store.tx():
            return self.db.execute("UPDATE wx_tokens SET expires_at = ? WHERE revoked_at IS NULL AND expires_at > ?",
                                   (self.now(), self.now())).rowcount

    # ------------------------------------------------------------------ allowances

    def daily_limit(self, api: str) -> int:
        return self.config.daily_limits.get(api, DOCUMENTED_DAILY_LIMITS.get(api, ASSUMED_DAILY_LIMIT))

    def minute_limit(self, api: str) -> int | None:
        return self.config.minute_limits.get(api, DOCUMENTED_MINUTE_LIMITS.get(api))

    def used_today(self, appid: str, api: str) -> int:
        row = self.db.execute("SELECT used FROM wx_quota WHERE appid = ? AND api = ? AND day = ?",
                              (appid, api, beijing_day(self.now()))).fetchone()
        return row["used"] if row else 0

    def count(self, appid: str, api: str) -> None:
        """Refuse the call if today's or this minute's allowance is used up; else count it."""
        now = self.now()
        if self.used_today(appid, api) >= self.daily_limit(api):
            raise WxError(45009)
        minute = int(now // 60)
        per_minute = self.minute_limit(api)
        seen_minute, calls = self._minute.get((appid, api), (minute, 0))
        calls = calls if seen_minute == minute else 0
        if per_minute is not None and calls >= per_minute:
            raise WxError(45011)
        self._minute[(appid, api)] = (minute, calls + 1)
        with self.store.tx():
            self.db.execute("INSERT INTO wx_quota(appid, api, day, used) VALUES (?,?,?,1) ON CONFLICT(appid, api, day) "
                            "DO UPDATE SET used = wx_quota.used + 1", (appid, api, beijing_day(now)))

    def reset_quota(self) -> None:
        self._minute.clear()
        with self.store.tx():
            self.db.execute("DELETE FROM wx_quota")

    def quota_get(self, call: Call) -> dict:
        path = call.body.get("cgi_path")
        if not isinstance(path, str) or not path:
            raise WxError(47001)
        api = self.apis.get(path)
        if api is None:
            raise WxError(76021)
        if self._kind(call.appid) not in api.kinds:
            raise WxError(76022)
        used, limit = self.used_today(call.appid, path), self.daily_limit(path)
        return ok(quota={"daily_limit": limit, "used": used, "remain": max(0, limit - used)})

    def _kind(self, appid: str) -> str:
        app = self._app(appid)
        return app["kind"] if app else ""

    # ------------------------------------------------------------------ the gate

    async def serve(self, api: Api, request: Request) -> JSONResponse:
        try:
            answer = self._serve(api, request.method, await request.body(), dict(request.query_params),
                                 str(request.base_url), request.headers.get("content-type", ""))
        except WxError as exc:
            answer = exc.body()
        except ApiError as exc:   # a Studio rule the API's own checks did not word: WeChat's "invalid args"
            log.info("WeChat emulator: %s refused by Studio (%s: %s)", api.path, exc.code, exc.message)
            answer = WxError(40097).body()
        except Exception:  # pragma: no cover - a bug, logged loudly; WeChat's "system error" to the caller
            log.exception("WeChat emulator: unexpected error on %s", api.path)
            answer = WxError(-1).body()
        return JSONResponse(answer)

    def _serve(self, api: Api, method: str, raw: bytes, query: dict[str, str], base_url: str,
               content_type: str = "") -> dict:
        if method != api.method:
            raise WxError(43001 if api.method == "GET" else 43002)
        if api.path == STABLE_TOKEN:
            return self.stable_token(self._json(raw))
        appid = self.appid_of(query.get("access_token"))
        if self._kind(appid) not in api.kinds:
            raise WxError(48001)
        self.count(appid, api.path)
        if api.upload:
            return api.handler(Call(appid=appid, body={}, query=query, base_url=base_url, raw=raw,
                                    content_type=content_type))
        body = self._json(raw) if api.method == "POST" else {}
        return api.handler(Call(appid=appid, body=body, query=query, base_url=base_url))

    @staticmethod
    def _json(raw: bytes) -> dict:
        if not raw.strip():
            raise WxError(44002)
        try:
            body: Any = json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            raise WxError(47001) from None
        if not isinstance(body, dict):
            raise WxError(47001)
        return body
