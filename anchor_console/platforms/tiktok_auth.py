"""TikTok Shop seller authorization (OAuth): the authorization page, the auth code, and the
access and refresh tokens made from it.

The flow, as TikTok documents it (partner.tiktokshop.com "Authorization guide") and public clients
implement it:
  1. The seller opens the app's authorization page and presses Authorize:
     `https://services.tiktokshop.com/open/authorize?service_id=<service id>&state=<state>`
     (david-yappeter/go-tiktok auth.go `GenerateAuthURL`, @8c1531a). Apps registered the older way
     use `https://auth.tiktok-shops.com/oauth/authorize?app_key=<app key>&state=<state>` (the legacy
     link; NOT confirmed that it is still served) — used when no service id is configured.
  2. TikTok redirects to the redirect URL registered for the app in Partner Center with
     `?code=<auth code>&state=<state>` (the URL is the app's, not a request parameter). The console
     listens once on 127.0.0.1 (`REDIRECT_URL`, registered as the app's redirect URL) for it.
  3. `GET https://auth.tiktok-shops.com/api/v2/token/get?app_key&app_secret&auth_code&
     grant_type=authorized_code` → data {access_token, access_token_expire_in (an epoch time),
     refresh_token, refresh_token_expire_in, open_id, seller_name, seller_base_region, user_type,
     granted_scopes}; refresh: `/api/v2/token/refresh?app_key&app_secret&refresh_token&
     grant_type=refresh_token`. Confirmed: go-tiktok auth.go and response.go (@8c1531a),
     hsib19/tiktok-shop-sdk packages/sdk/src/modules/AuthModule.ts and client/AuthRequest.ts (GET,
     query parameters, host auth.tiktok-shops.com). Whether `access_token_expire_in` is an epoch
     time or a duration is not confirmed: a value larger than a year of seconds is read as an epoch.

Only the refresh token and the app secret are kept (in the keyring, as JSON); access tokens live in
memory. Nothing here logs a token, a secret or an auth code."""

from __future__ import annotations

import asyncio
import secrets
import urllib.parse
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import httpx

from anchor_console.domain.text import QT_TRANSLATE_NOOP
from anchor_console.platforms import errors as pe
from anchor_console.platforms.tiktok_client import (
    AUTH_BASE, TikTokCredentials, scrub, tiktok_error,
)

AUTHORIZE_URL = "https://services.tiktokshop.com/open/authorize"
LEGACY_AUTHORIZE_URL = AUTH_BASE + "/oauth/authorize"
TOKEN_GET = "/api/v2/token/get"
TOKEN_REFRESH = "/api/v2/token/refresh"
REDIRECT_PORT = 8769
REDIRECT_PATH = "/tiktok/callback"
REDIRECT_URL = f"http://127.0.0.1:{REDIRECT_PORT}{REDIRECT_PATH}"
SIGN_IN_TIMEOUT_S = 300.0
YEAR_S = 365 * 86400

NO_SECRET = QT_TRANSLATE_NOOP("PlatformError", "Enter the app secret (Partner Center → App → App secret) first, "
                                               "then press Sign in.")
SIGN_IN_DECLINED = QT_TRANSLATE_NOOP("PlatformError", "The TikTok Shop authorization was cancelled or refused "
                                                      "({reason}).")
SIGN_IN_TIMED_OUT = QT_TRANSLATE_NOOP("PlatformError", "No answer from the TikTok Shop authorization page within "
                                                       "five minutes. Press Sign in to try again.")
PORT_BUSY = QT_TRANSLATE_NOOP("PlatformError", "Cannot wait for TikTok Shop's answer: port {port} on this computer "
                                               "is in use by another program.")
ANSWER_PAGE = ("<!doctype html><meta charset='utf-8'><title>Anchor Console</title>"
               "<p>{text}</p><p>You can close this tab and return to Anchor Console.</p>")


@dataclass(frozen=True, slots=True)
class Grant:
    access_token: str = field(repr=False)
    expires_in: float
    refresh_token: str = field(repr=False)
    seller_name: str = ""
    scopes: tuple[str, ...] = ()


def authorize_url(app_key: str, state: str, *, service_id: str = "", page: str = "") -> str:
    if service_id:
        return f"{page or AUTHORIZE_URL}?" + urllib.parse.urlencode({"service_id": service_id, "state": state})
    return f"{page or LEGACY_AUTHORIZE_URL}?" + urllib.parse.urlencode({"app_key": app_key, "state": state})


def _grant(data: dict, now: float) -> Grant:
    expire = pe.seconds(data.get("access_token_expire_in"), 0.0)
    expires_in = expire - now if expire > YEAR_S else expire   # an epoch time, or (unconfirmed) a duration
    scopes = data.get("granted_scopes")
    return Grant(access_token=str(data.get("access_token") or ""), expires_in=max(1.0, expires_in or 3600.0),
                 refresh_token=str(data.get("refresh_token") or ""), seller_name=str(data.get("seller_name") or ""),
                 scopes=tuple(str(s) for s in scopes) if isinstance(scopes, list) else ())


async def _token_call(http: httpx.AsyncClient, auth_base: str, path: str, query: dict, *, platform: str,
                      now: float) -> Grant:
    secrets_sent = [str(v) for k, v in query.items() if k in ("app_secret", "auth_code", "refresh_token")]
    try:
        response = await http.get(auth_base.rstrip("/") + path, params=query, timeout=httpx.Timeout(10.0, connect=3.0))
    except httpx.HTTPError as exc:
        raise pe.Unavailable(detail=scrub(f"{path}: {type(exc).__name__}: {exc}", *secrets_sent),
                             platform=platform) from None
    envelope = pe.answer_object(response)
    try:
        code = None if envelope is None else int(envelope.get("code") or 0)
    except (TypeError, ValueError, OverflowError):
        code = None
    if code is None:   # a Wi-Fi login page or a proxy answered in TikTok's place
        raise pe.Unavailable(detail=f"{path}: HTTP {response.status_code}, not TikTok's envelope",
                             message=pe.UNREADABLE_ANSWER, platform=platform)
    if code != 0:
        raise tiktok_error(code, scrub(str(envelope.get("message", "")), *secrets_sent), api=path, platform=platform)
    data = envelope.get("data")
    if not isinstance(data, dict) or not isinstance(data.get("access_token"), str) or not data["access_token"]:
        raise pe.AuthFailed(message=pe.NO_ACCESS_TOKEN, detail=f"{path}: no access_token in the answer",
                            platform=platform)
    return _grant(data, now)


async def exchange_code(http: httpx.AsyncClient, auth_base: str, app_key: str, app_secret: str, code: str, *,
                        platform: str, now: float) -> Grant:
    return await _token_call(http, auth_base, TOKEN_GET, {"app_key": app_key, "app_secret": app_secret,
                                                          "auth_code": code, "grant_type": "authorized_code"},
                             platform=platform, now=now)


async def refresh_access_token(http: httpx.AsyncClient, auth_base: str, app_key: str, app_secret: str,
                               refresh_token: str, *, platform: str, now: float) -> Grant:
    if not refresh_token:
        raise pe.AuthFailed(message=NO_REFRESH_TOKEN, detail="no refresh token", platform=platform)
    return await _token_call(http, auth_base, TOKEN_REFRESH, {"app_key": app_key, "app_secret": app_secret,
                                                              "refresh_token": refresh_token,
                                                              "grant_type": "refresh_token"},
                             platform=platform, now=now)


NO_REFRESH_TOKEN = QT_TRANSLATE_NOOP("PlatformError", "This TikTok Shop connection is not signed in yet: open "
                                                      "Connections and press Sign in.")


class RedirectListener:
    """A one-shot HTTP listener on 127.0.0.1 for the authorization redirect: the first request to
    `path` with our `state` ends it (with a code, or with TikTok's error)."""

    def __init__(self, state: str, *, port: int = REDIRECT_PORT, path: str = REDIRECT_PATH) -> None:
        self.state, self.port, self.path = state, port, path
        self.answer: asyncio.Future[dict] = asyncio.get_running_loop().create_future()
        self._server: asyncio.AbstractServer | None = None

    async def __aenter__(self) -> RedirectListener:
        try:
            self._server = await asyncio.start_server(self._serve, "127.0.0.1", self.port)
        except OSError:
            raise pe.InvalidRequest(PORT_BUSY.fill(port=self.port),
                                    detail=f"cannot listen on 127.0.0.1:{self.port}") from None
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    @property
    def redirect_url(self) -> str:
        return f"http://127.0.0.1:{self.port}{self.path}"

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            line = (await asyncio.wait_for(reader.readline(), 10)).decode("latin-1")
            while (await asyncio.wait_for(reader.readline(), 10)) not in (b"\r\n", b"\n", b""):
                pass   # headers: not needed
            parts = line.split(" ")
            target = urllib.parse.urlsplit(parts[1] if len(parts) > 1 else "/")
            query = dict(urllib.parse.parse_qsl(target.query))
            mine = target.path == self.path and query.get("state") == self.state
            if mine and not self.answer.done():
                self.answer.set_result(query)
            text = "Signed in to TikTok Shop." if mine and query.get("code") else "Nothing to do here."
            page = ANSWER_PAGE.format(text=text).encode()
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nConnection: close\r\n"
                         + f"Content-Length: {len(page)}\r\n\r\n".encode() + page)
            await writer.drain()
        except (TimeoutError, OSError, UnicodeError):
            pass
        finally:
            writer.close()


async def sign_in(http: httpx.AsyncClient, app_key: str, app_secret: str, open_url: Callable[[str], None], *,
                  auth_base: str = AUTH_BASE, authorize_page: str = "", service_id: str = "",
                  port: int = REDIRECT_PORT, platform: str = "TikTok Shop", now: Callable[[], float],
                  timeout_s: float = SIGN_IN_TIMEOUT_S,
                  on_listening: Callable[[str], Awaitable[None] | None] | None = None) -> TikTokCredentials:
    """The whole seller authorization: open the page, wait for the redirect, trade the code for
    tokens. Returns the credentials to keep (app secret + refresh token)."""
    if not app_secret:
        raise pe.AuthFailed(message=NO_SECRET, detail="no app secret", platform=platform)
    state = secrets.token_urlsafe(16)
    async with RedirectListener(state, port=port) as listener:
        if on_listening is not None:
            maybe = on_listening(listener.redirect_url)
            if maybe is not None:
                await maybe
        open_url(authorize_url(app_key, state, service_id=service_id, page=authorize_page))
        try:
            answer = await asyncio.wait_for(asyncio.shield(listener.answer), timeout_s)
        except TimeoutError:
            raise pe.AuthFailed(message=SIGN_IN_TIMED_OUT, detail="no redirect", platform=platform) from None
    code = answer.get("code")
    if not code:
        reason = answer.get("error_description") or answer.get("error") or "no code"
        raise pe.AuthFailed(message=SIGN_IN_DECLINED.fill(reason=reason[:100]), detail="authorization declined",
                            platform=platform)
    grant = await exchange_code(http, auth_base, app_key, app_secret, code, platform=platform, now=now())
    return TikTokCredentials(app_key, app_secret, grant.refresh_token)
