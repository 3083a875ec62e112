"""Signing in to Twitch and keeping the user access token usable.

Sign-in is Twitch's Device Code Grant Flow (dev.twitch.tv/docs/authentication/getting-tokens-oauth/
#device-code-grant-flow): POST /oauth2/device with the client id and scopes → the user types the
`user_code` at `verification_uri` → we poll POST /oauth2/token with the device code, waiting
`interval` seconds between polls (longer after `slow_down`), until a token comes, the user
refuses, or the code expires (`expired_token`, or after `expires_in`). A desktop app is a
*public* client: no client secret is involved anywhere.

What goes to the keyring is `SignedIn.secret()`: a JSON with the refresh token (the console keeps
nothing else secret). The access token lives in `TokenHolder` in memory only: it is validated on
first use and then hourly (GET /oauth2/validate, which Twitch requires of apps that keep tokens),
and refreshed once when Twitch refuses it (401) or validation says it is gone. A public client's
refresh token may be replaced on refresh: `on_new_secret` hands the new secret JSON to whoever
keeps it (the keyring).

Error bodies from id.twitch.tv are `{"status": 400, "message": "authorization_pending"}` (device
flow polling, per the Twitch page above; twurple's auth package reads the same `message` field)."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import httpx

from anchor_console.domain.text import QT_TRANSLATE_NOOP
from anchor_console.platforms import errors as pe

ID_BASE = "https://id.twitch.tv"
DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"
VALIDATE_EVERY_S = 3600.0          # "validate … on an hourly basis" (Twitch, Validating tokens)
PLATFORM = "Twitch"
# What the console does on Twitch, and the scope each needs (Helix reference, per endpoint).
SCOPES = (
    "user:read:chat",                     # EventSub channel.chat.message over WebSocket
    "user:write:chat",                    # Send Chat Message
    "user:read:moderated_channels",       # Get Moderated Channels (the rooms list)
    "moderator:manage:banned_users",      # Ban / Unban (timeouts are bans with a duration)
    "moderator:manage:chat_messages",     # Delete Chat Messages (one, or all: clear chat)
    "moderator:manage:chat_settings",     # Update Chat Settings: slow / follower / emote-only (reading needs none)
    "moderator:manage:shield_mode",       # Shield Mode
    "moderator:manage:announcements",     # Send Chat Announcement
)

Sleep = Callable[[float], Awaitable[None]]

SIGN_IN_REFUSED = QT_TRANSLATE_NOOP("PlatformError", "Twitch sign-in was refused in the browser. Sign in again "
                                                     "and press Authorize.")
SIGN_IN_EXPIRED = QT_TRANSLATE_NOOP("PlatformError", "The Twitch sign-in code expired before it was entered. "
                                                     "Sign in again and type the new code.")
SIGN_IN_AGAIN = QT_TRANSLATE_NOOP("PlatformError", "Twitch no longer accepts this connection's sign-in (the "
                                                   "refresh token was refused). Open Connections and sign in "
                                                   "to Twitch again.")
CLIENT_REFUSED = QT_TRANSLATE_NOOP("PlatformError", "Twitch does not know this Client ID, or the application is "
                                                    "not a public client. Check the Client ID in Connections "
                                                    "(dev.twitch.tv → Your Console → Applications).")


@dataclass(frozen=True, slots=True)
class DeviceCode:
    device_code: str = field(repr=False)
    user_code: str
    verification_uri: str
    expires_in: float
    interval: float


@dataclass(frozen=True, slots=True)
class SignedIn:
    """A user token pair as /oauth2/token returns it (secrets kept out of the repr)."""

    access_token: str = field(repr=False)
    refresh_token: str = field(repr=False)
    expires_in: float
    scopes: tuple[str, ...]

    def secret(self, client_id: str) -> str:
        """The keyring entry: what rebuilds the connection without a new sign-in."""
        return json.dumps({"client_id": client_id, "refresh_token": self.refresh_token})


def read_secret(secret: str) -> tuple[str, str]:
    """(client id, refresh token) from a keyring entry; an entry that is not our JSON → sign in again."""
    try:
        data = json.loads(secret)
        return str(data.get("client_id", "")), str(data["refresh_token"])
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
        raise pe.AuthFailed("the keyring entry is not a Twitch sign-in", message=SIGN_IN_AGAIN,
                            platform=PLATFORM) from None


def _message(response: httpx.Response) -> str:
    return str((pe.answer_object(response) or {}).get("message", ""))


def _signed_in(body: dict) -> SignedIn:
    token, refresh, scope = body.get("access_token"), body.get("refresh_token"), body.get("scope") or []
    if not isinstance(token, str) or not token:
        raise pe.AuthFailed("/oauth2/token: no access_token in the answer", message=pe.NO_ACCESS_TOKEN,
                            platform=PLATFORM)
    return SignedIn(token, refresh if isinstance(refresh, str) else "", pe.seconds(body.get("expires_in"), 0.0),
                    tuple(str(s) for s in scope) if isinstance(scope, list) else (str(scope),))


async def _post_form(http: httpx.AsyncClient, url: str, form: dict) -> httpx.Response:
    try:
        return await http.post(url, data=form, headers={"Accept": "application/json"}, timeout=15.0)
    except httpx.HTTPError as exc:
        raise pe.Unavailable(detail=f"{type(exc).__name__} on {url}", platform=PLATFORM) from None


async def request_device_code(http: httpx.AsyncClient, client_id: str, *, id_base: str = ID_BASE,
                              scopes: tuple[str, ...] = SCOPES) -> DeviceCode:
    response = await _post_form(http, f"{id_base}/oauth2/device", {"client_id": client_id, "scopes": " ".join(scopes)})
    if response.status_code in (400, 401, 403, 404):
        raise pe.AuthFailed(f"/oauth2/device: HTTP {response.status_code} {_message(response)}",
                            message=CLIENT_REFUSED, platform=PLATFORM)
    if not response.is_success:
        raise pe.Unavailable(detail=f"/oauth2/device: HTTP {response.status_code}", platform=PLATFORM)
    body = pe.json_object(response, "/oauth2/device", PLATFORM)
    fields = [body.get(key) for key in ("device_code", "user_code", "verification_uri")]
    if not all(isinstance(f, str) and f for f in fields):
        raise pe.Unavailable("/oauth2/device: the answer lacks the device code", message=pe.UNREADABLE_ANSWER,
                             platform=PLATFORM)
    return DeviceCode(*fields, pe.seconds(body.get("expires_in"), 1800.0), pe.seconds(body.get("interval"), 5.0))


async def poll_device_token(http: httpx.AsyncClient, client_id: str, code: DeviceCode, *, id_base: str = ID_BASE,
                            scopes: tuple[str, ...] = SCOPES, sleep: Sleep = asyncio.sleep,
                            monotonic: Callable[[], float] = time.monotonic) -> SignedIn:
    """Poll until the user authorizes (or refuses, or the code expires)."""
    interval = code.interval if code.interval >= 0 else 5.0
    deadline = monotonic() + code.expires_in
    form = {"client_id": client_id, "scopes": " ".join(scopes), "device_code": code.device_code,
            "grant_type": DEVICE_GRANT}
    while True:
        await sleep(interval)
        response = await _post_form(http, f"{id_base}/oauth2/token", form)
        if response.is_success:
            return _signed_in(pe.json_object(response, "/oauth2/token", PLATFORM))
        message = _message(response)
        if message == "authorization_pending":
            pass
        elif message == "slow_down":   # RFC 8628 §3.5: add 5 seconds to the interval from now on
            interval += 5.0
        elif message in ("expired_token", "invalid device code"):
            raise pe.AuthFailed("/oauth2/token: device code expired", message=SIGN_IN_EXPIRED, platform=PLATFORM)
        elif message == "access_denied":
            raise pe.AuthFailed("/oauth2/token: access denied", message=SIGN_IN_REFUSED, platform=PLATFORM)
        elif response.status_code >= 500:
            pass    # id.twitch.tv hiccup: keep polling until the code expires
        else:
            raise pe.AuthFailed(f"/oauth2/token: HTTP {response.status_code} {message}", message=CLIENT_REFUSED,
                                platform=PLATFORM)
        if monotonic() >= deadline:
            raise pe.AuthFailed("device code expired (client side)", message=SIGN_IN_EXPIRED, platform=PLATFORM)


async def device_sign_in(http: httpx.AsyncClient, client_id: str, *, show_code: Callable[[str, str], None],
                         open_url: Callable[[str], None], id_base: str = ID_BASE, sleep: Sleep = asyncio.sleep,
                         monotonic: Callable[[], float] = time.monotonic) -> SignedIn:
    """The whole device flow: shows the code, opens the activation page, waits for the user."""
    code = await request_device_code(http, client_id, id_base=id_base)
    show_code(code.user_code, code.verification_uri)
    open_url(code.verification_uri)
    return await poll_device_token(http, client_id, code, id_base=id_base, sleep=sleep, monotonic=monotonic)


@dataclass(frozen=True, slots=True)
class TokenOwner:
    """Who the token belongs to, from /oauth2/validate."""

    user_id: str
    login: str
    scopes: frozenset[str]
    client_id: str


class TokenHolder:
    """The access token of one connection: validated hourly, refreshed once per refusal (single-
    flight: many requests refused at once cause one refresh)."""

    def __init__(self, http: httpx.AsyncClient, client_id: str, refresh_token: str, *, id_base: str = ID_BASE,
                 monotonic: Callable[[], float] = time.monotonic,
                 on_new_secret: Callable[[str], None] | None = None) -> None:
        self._http = http
        self.client_id = client_id
        self._refresh_token = refresh_token
        self._id_base = id_base
        self._monotonic = monotonic
        self._on_new_secret = on_new_secret
        self._token = ""
        self._generation = 0
        self._validated_at: float | None = None
        self._lock = asyncio.Lock()
        self.owner: TokenOwner | None = None
        self.refreshes = 0

    def __repr__(self) -> str:
        return f"<TokenHolder client_id={self.client_id!r} generation={self._generation}>"

    async def current(self) -> tuple[str, int]:
        """A token believed valid, and its generation (for `refused`)."""
        async with self._lock:
            if not self._token:
                await self._refresh()
            if self._validated_at is None or self._monotonic() - self._validated_at >= VALIDATE_EVERY_S:
                if not await self._validate():
                    await self._refresh()
                    await self._validate()
            return self._token, self._generation

    async def refused(self, generation: int) -> tuple[str, int]:
        """Twitch answered 401 to the token of `generation`: refresh unless someone already did."""
        async with self._lock:
            if generation == self._generation:
                await self._refresh()
                await self._validate()
            return self._token, self._generation

    async def _validate(self) -> bool:
        try:
            response = await self._http.get(f"{self._id_base}/oauth2/validate", timeout=15.0,
                                             headers={"Authorization": f"OAuth {self._token}"})
        except httpx.HTTPError as exc:
            raise pe.Unavailable(detail=f"{type(exc).__name__} on /oauth2/validate", platform=PLATFORM) from None
        if response.status_code == 401:
            return False
        if not response.is_success:
            raise pe.Unavailable(detail=f"/oauth2/validate: HTTP {response.status_code}", platform=PLATFORM)
        body = pe.json_object(response, "/oauth2/validate", PLATFORM)
        scopes = body.get("scopes")
        self.owner = TokenOwner(str(body.get("user_id", "")), str(body.get("login", "")),
                                frozenset(str(s) for s in scopes) if isinstance(scopes, list) else frozenset(),
                                str(body.get("client_id", "")))
        self._validated_at = self._monotonic()
        return True

    async def _refresh(self) -> None:
        self.refreshes += 1
        response = await _post_form(self._http, f"{self._id_base}/oauth2/token",
                                    {"client_id": self.client_id, "grant_type": "refresh_token",
                                     "refresh_token": self._refresh_token})
        if response.status_code in (400, 401, 403):
            raise pe.AuthFailed(f"/oauth2/token refresh: HTTP {response.status_code} {_message(response)}",
                                message=SIGN_IN_AGAIN, platform=PLATFORM)
        if not response.is_success:
            raise pe.Unavailable(detail=f"/oauth2/token refresh: HTTP {response.status_code}", platform=PLATFORM)
        signed = _signed_in(pe.json_object(response, "/oauth2/token refresh", PLATFORM))
        self._token = signed.access_token
        self._generation += 1
        self._validated_at = None
        if signed.refresh_token and signed.refresh_token != self._refresh_token:
            self._refresh_token = signed.refresh_token
            if self._on_new_secret is not None:
                self._on_new_secret(signed.secret(self.client_id))
