"""Signing in to YouTube: Google's OAuth 2.0 for installed apps — the loopback redirect with PKCE
(S256) — and the access tokens made from the refresh token it yields.

The flow (developers.google.com/identity/protocols/oauth2/native-app): the console listens once on
127.0.0.1 at a free port, opens the browser at the consent page with `redirect_uri` =
http://127.0.0.1:PORT/, a random `state` and the `code_challenge`; Google redirects the browser
back with `code` and `state`; the code, the `code_verifier`, the client id and the client secret
(for a Desktop-app client Google calls it "not treated as a secret", but its token endpoint wants
it) are exchanged at the token endpoint for an access token (about an hour) and a refresh token.
The refresh token and the client secret are kept in the OS keyring as one JSON string; the client
id is public and stays in the settings. A refresh answered `invalid_grant` (revoked, expired, or
the password changed) means signing in again.

Endpoints: production uses Google's hosts; a connection pointed anywhere else (Studio's emulator)
finds all three under its own address: /o/oauth2/v2/auth, /token, /youtube/v3/…"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import logging
import secrets
from dataclasses import dataclass, field
from typing import Callable
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx

from anchor_console.domain.text import QT_TRANSLATE_NOOP, Text
from anchor_console.platforms import errors as pe

log = logging.getLogger("anchor_console.platforms.youtube")

API_BASE = "https://www.googleapis.com"
AUTH_URL = "https://accounts.google.com/o/oauth2/v2/auth"
TOKEN_URL = "https://oauth2.googleapis.com/token"
# youtube.force-ssl: read the chat, post, delete messages, ban and unban (the liveChat* methods'
# reference pages list it among their scopes).
SCOPE = "https://www.googleapis.com/auth/youtube.force-ssl"
SCOPES = (SCOPE,)
SCOPE_WHY = QT_TRANSLATE_NOOP(
    "YouTube", "The console asks Google for one permission, “Manage your YouTube account” (youtube.force-ssl): it "
               "is the one YouTube requires to read your live chat, post in it as your channel, delete messages and "
               "ban or unban viewers. The console does nothing else with it.")
SIGN_IN_AGAIN = QT_TRANSLATE_NOOP(
    "PlatformError", "Google no longer accepts this YouTube sign-in (it was revoked or has expired). Open Connections "
                     "and press Sign in again.")
CLIENT_REFUSED = QT_TRANSLATE_NOOP(
    "PlatformError", "Google refused the OAuth client id or secret. Check both in Connections (Google Cloud "
                     "console → APIs & Services → Credentials, a Desktop app client).")
SIGN_IN_DENIED = QT_TRANSLATE_NOOP("PlatformError", "The sign-in was not allowed in the browser ({reason}).")
SCOPE_NOT_GRANTED = QT_TRANSLATE_NOOP(
    "PlatformError", "Google signed in without the permission “Manage your YouTube account”, which the console needs "
                     "to read and moderate the chat. Press Sign in again and leave that permission ticked.")
SIGN_IN_TIMED_OUT = QT_TRANSLATE_NOOP("PlatformError", "Nobody allowed access in the browser within {minutes} "
                                                       "minutes; press Sign in to try again.")
SIGN_IN_STATE_MISMATCH = QT_TRANSLATE_NOOP("PlatformError", "The browser came back with an answer that was not for "
                                                            "this sign-in; press Sign in to try again.")
EXPIRY_MARGIN_S = 60.0
PAGE_SIGNED_IN = QT_TRANSLATE_NOOP("YouTube", "Signed in")
PAGE_SIGNED_IN_BODY = QT_TRANSLATE_NOOP("YouTube", "You can close this window and return to Anchor Console.")
PAGE_NOT_SIGNED_IN = QT_TRANSLATE_NOOP("YouTube", "Not signed in")
PAGE_NOT_SIGNED_IN_BODY = QT_TRANSLATE_NOOP("YouTube", "Return to Anchor Console.")
DONE_PAGE = ("<!doctype html><html><head><meta charset='utf-8'><title>Anchor Console</title></head><body>"
             "<h1>{title}</h1><p>{body}</p></body></html>")


@dataclass(frozen=True)
class OAuthEndpoints:
    auth_url: str
    token_url: str
    api_base: str


def endpoints_for(base_url: str) -> OAuthEndpoints:
    """Google's three hosts for the production API base; all under one address otherwise."""
    base = (base_url or API_BASE).rstrip("/")
    if base == API_BASE:
        return OAuthEndpoints(AUTH_URL, TOKEN_URL, API_BASE)
    return OAuthEndpoints(base + "/o/oauth2/v2/auth", base + "/token", base)


@dataclass(frozen=True)
class YouTubeCredentials:
    """What signing in keeps. The repr never shows a secret."""

    client_id: str
    client_secret: str = field(repr=False)
    refresh_token: str = field(default="", repr=False)

    def keyring_value(self) -> str:
        """The keyring's JSON string (the client id stays in the settings file)."""
        return json.dumps({"client_secret": self.client_secret, "refresh_token": self.refresh_token})

    @classmethod
    def from_keyring(cls, client_id: str, value: str) -> "YouTubeCredentials":
        """Read the keyring's value; a bare string (typed before signing in) is the client secret."""
        try:
            data = json.loads(value)
        except (TypeError, ValueError, RecursionError):
            data = None
        if not isinstance(data, dict):
            return cls(client_id, (value or "").strip())
        return cls(client_id, str(data.get("client_secret", "")), str(data.get("refresh_token", "")))


def pkce_pair() -> tuple[str, str]:
    """(code_verifier, code_challenge) for S256 (RFC 7636 §4.1–4.2)."""
    verifier = secrets.token_urlsafe(64)[:96]
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode("ascii")).digest()).rstrip(b"=").decode()
    return verifier, challenge


def consent_url(endpoints: OAuthEndpoints, client_id: str, redirect_uri: str, state: str, challenge: str,
                scopes: tuple[str, ...] = SCOPES) -> str:
    query = {"client_id": client_id, "redirect_uri": redirect_uri, "response_type": "code", "scope": " ".join(scopes),
             "state": state, "code_challenge": challenge, "code_challenge_method": "S256",
             "access_type": "offline", "prompt": "consent"}
    return f"{endpoints.auth_url}?{urlencode(query)}"


def token_error(response: httpx.Response) -> pe.PlatformError:
    """The token endpoint's `{"error": "invalid_grant", "error_description": …}` in words."""
    error = str((pe.answer_object(response) or {}).get("error", ""))
    detail = f"token endpoint: HTTP {response.status_code} {error}"
    if error == "invalid_grant":
        return pe.AuthFailed(detail, message=SIGN_IN_AGAIN, code=error)
    if error in ("invalid_client", "unauthorized_client"):
        return pe.AuthFailed(detail, message=CLIENT_REFUSED, code=error)
    if response.status_code >= 500:
        return pe.Unavailable(detail)
    return pe.AuthFailed(detail, message=CLIENT_REFUSED, code=error or str(response.status_code))


async def _token_request(http: httpx.AsyncClient, endpoints: OAuthEndpoints, form: dict) -> dict:
    try:
        response = await http.post(endpoints.token_url, data=form, headers={"Accept": "application/json"},
                                   timeout=httpx.Timeout(15.0, connect=5.0))
    except httpx.HTTPError as exc:
        raise pe.Unavailable(f"token endpoint: {type(exc).__name__}") from None
    if not response.is_success:
        raise token_error(response)
    return pe.json_object(response, "token endpoint")   # a Wi-Fi login page or a proxy: Unavailable


async def exchange_code(http: httpx.AsyncClient, endpoints: OAuthEndpoints, client_id: str, client_secret: str,
                        code: str, verifier: str, redirect_uri: str) -> dict:
    return await _token_request(http, endpoints, {
        "grant_type": "authorization_code", "code": code, "code_verifier": verifier, "client_id": client_id,
        "client_secret": client_secret, "redirect_uri": redirect_uri})


class AccessTokens:
    """The current access token, refreshed from the refresh token before it expires and at once
    after a 401 (single-flight: concurrent callers share one refresh)."""

    def __init__(self, http: httpx.AsyncClient, endpoints: OAuthEndpoints, credentials: YouTubeCredentials,
                 monotonic: Callable[[], float]) -> None:
        self.http, self.endpoints, self.credentials, self._monotonic = http, endpoints, credentials, monotonic
        self._token = ""
        self._expires = 0.0
        self.generation = 0
        self._lock = asyncio.Lock()

    async def current(self) -> tuple[str, int]:
        if self._token and self._monotonic() < self._expires - EXPIRY_MARGIN_S:
            return self._token, self.generation
        return await self.replace(self.generation)

    async def replace(self, generation: int) -> tuple[str, int]:
        async with self._lock:
            if generation != self.generation and self._token:
                return self._token, self.generation
            if not self.credentials.refresh_token:
                raise pe.AuthFailed("no refresh token: not signed in", message=SIGN_IN_AGAIN)
            data = await _token_request(self.http, self.endpoints, {
                "grant_type": "refresh_token", "refresh_token": self.credentials.refresh_token,
                "client_id": self.credentials.client_id, "client_secret": self.credentials.client_secret})
            token = data.get("access_token")
            if not isinstance(token, str) or not token:
                raise pe.AuthFailed("token endpoint: no access_token in the answer", message=pe.NO_ACCESS_TOKEN)
            self._token = token
            self._expires = self._monotonic() + pe.seconds(data.get("expires_in"), 3600.0)   # unreadable: Google's usual hour
            self.generation += 1
            return self._token, self.generation


class _Redirect:
    """The one-shot loopback listener: the first request carrying `code` or `error` ends it."""

    def __init__(self) -> None:
        self.answer: asyncio.Future[dict[str, str]] = asyncio.get_running_loop().create_future()

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            line = (await asyncio.wait_for(reader.readline(), 10.0)).decode("latin-1")
            while (await asyncio.wait_for(reader.readline(), 10.0)) not in (b"\r\n", b"\n", b""):
                pass
            parts = line.split(" ")
            query = {k: v[0] for k, v in parse_qs(urlsplit(parts[1] if len(parts) > 1 else "/").query).items()}
            got = "code" in query or "error" in query
            title, body = ((PAGE_SIGNED_IN, PAGE_SIGNED_IN_BODY) if "code" in query
                           else (PAGE_NOT_SIGNED_IN, PAGE_NOT_SIGNED_IN_BODY))
            page = DONE_PAGE.format(title=title.english(), body=body.english()).encode()
            status = b"200 OK" if got else b"404 Not Found"
            writer.write(b"HTTP/1.1 " + status + b"\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: "
                         + str(len(page)).encode() + b"\r\nConnection: close\r\n\r\n" + page)
            await writer.drain()
            if got and not self.answer.done():
                self.answer.set_result(query)
        except (asyncio.TimeoutError, ConnectionError, IndexError):
            pass
        finally:
            writer.close()


async def sign_in(http: httpx.AsyncClient, client_id: str, client_secret: str, base_url: str,
                  open_url: Callable[[str], None], *, timeout_s: float = 300.0,
                  scopes: tuple[str, ...] = SCOPES) -> YouTubeCredentials:
    """The whole loopback + PKCE flow; returns the credentials with their refresh token."""
    endpoints = endpoints_for(base_url)
    redirect = _Redirect()
    server = await asyncio.start_server(redirect.handle, "127.0.0.1", 0)
    try:
        port = server.sockets[0].getsockname()[1]
        redirect_uri = f"http://127.0.0.1:{port}/"
        verifier, challenge = pkce_pair()
        state = secrets.token_urlsafe(24)
        open_url(consent_url(endpoints, client_id, redirect_uri, state, challenge, scopes))
        try:
            answer = await asyncio.wait_for(redirect.answer, timeout_s)
        except asyncio.TimeoutError:
            raise pe.AuthFailed("no redirect", message=SIGN_IN_TIMED_OUT.fill(minutes=round(timeout_s / 60))) from None
    finally:
        server.close()
    if not secrets.compare_digest(answer.get("state", ""), state):
        raise pe.AuthFailed("state mismatch", message=SIGN_IN_STATE_MISMATCH)
    if "error" in answer:
        raise pe.AuthFailed(f"consent: {answer['error']}", message=SIGN_IN_DENIED.fill(reason=answer["error"][:60]))
    data = await exchange_code(http, endpoints, client_id, client_secret, answer.get("code", ""), verifier,
                               redirect_uri)
    refresh = str(data.get("refresh_token", ""))
    if not refresh:
        raise pe.AuthFailed("no refresh_token in the answer", message=SIGN_IN_AGAIN)
    # Google's consent screen lets the user untick a permission ("Step 6: Check which scopes users
    # granted"): without it every chat call would fail later with 403 insufficientPermissions.
    granted = str(data.get("scope", "")).split()
    if "scope" in data and any(s not in granted for s in scopes):
        raise pe.AuthFailed("scope not granted", message=SCOPE_NOT_GRANTED)
    return YouTubeCredentials(client_id, client_secret, refresh)


def scope_explanation() -> Text:
    return SCOPE_WHY
