"""The kinds of platform a connection can be — Studio, WeChat mini-program live, WeChat Channels /
微信小店, TikTok Shop, Twitch, YouTube Live — one entry each: what it is called, what the keyring holds
for it, what a usable connection needs, and how its adapter is built. The session and the
Connections dialog ask this module instead of branching on kind names; adding a platform is adding
an entry.

Credentials live in the keyring under `credential_key` (never in the settings file): a Studio token,
a WeChat AppSecret, or (OAuth kinds, written by `sign_in`) a JSON with what the platform needs to
sign in again — TikTok Shop's app secret and the seller's refresh token, Twitch's refresh token, a
YouTube client secret and refresh token. Public ids (an AppID, a Client ID, an app key) stay in the
settings' `appid`; access tokens live only in the adapter's memory."""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Awaitable, Callable

import httpx

from anchor_console.domain.capabilities import Capability
from anchor_console.domain.clock import Clock
from anchor_console.domain.text import QT_TRANSLATE_NOOP, Text
from anchor_console.platforms.base import Platform
from anchor_console.platforms.studio import PROFILES, StudioPlatform, studio_profile
from anchor_console.platforms.tiktok_auth import sign_in as tiktok_sign_in
from anchor_console.platforms.tiktok_client import API_BASE as TIKTOK_API
from anchor_console.platforms.tiktok_client import TikTokCredentials
from anchor_console.platforms.tiktok_shop import NAME as TIKTOK_SHOP_NAME
from anchor_console.platforms.tiktok_shop import SHOP_ROOM, TikTokShopPlatform
from anchor_console.platforms.transport import Endpoint, Sleep
from anchor_console.platforms.twitch import TWITCH_API, TwitchPlatform, twitch_hosts
from anchor_console.platforms.twitch_auth import device_sign_in, read_secret
from anchor_console.platforms.wechat_auth import WeChatCredentials
from anchor_console.platforms.wechat_channels import CURRENT, WeChatChannelsPlatform
from anchor_console.platforms.wechat_client import API_BASE, JsonLinesLedger
from anchor_console.platforms.wechat_live import NAME as WECHAT_LIVE_NAME
from anchor_console.platforms.wechat_live import WeChatLivePlatform
from anchor_console.platforms.wechat_quota import QuotaBook
from anchor_console.platforms.youtube_auth import API_BASE as YOUTUBE_API
from anchor_console.platforms.youtube_auth import SCOPE_WHY as YOUTUBE_SCOPE_WHY
from anchor_console.platforms.youtube_auth import YouTubeCredentials
from anchor_console.platforms.youtube_auth import sign_in as youtube_sign_in
from anchor_console.platforms.youtube_live import NAME as YOUTUBE_NAME
from anchor_console.platforms.youtube_live import YouTubeLivePlatform
from anchor_console.platforms.youtube_quota import QuotaBudget
from anchor_console.session.settings import ConnectionSettings

STUDIO = "studio"
WECHAT_LIVE = "wechat_miniprogram"
WECHAT_CHANNELS = "wechat_channels"
TIKTOK_SHOP = "tiktok_shop"
TWITCH = "twitch"
YOUTUBE = "youtube"
STUDIO_URL = "http://127.0.0.1:8000"   # an example: uvicorn's usual port, not the control API's (8765)
WECHAT_API = API_BASE


@dataclass
class BuildContext:
    """What adapters share within a session: the HTTP client, the clock, where WeChat notes its
    create requests before they leave (exactly-once money actions), and each connection's quota
    counts (kept across reconnects: WeChat's day does not restart when the console reconnects)."""

    http: httpx.AsyncClient
    clock: Clock
    ledger_dir: Path | None = None
    # per connection: WeChat's QuotaBook under its id, YouTube's unit budget under "id#units"
    quota_books: dict[str, QuotaBook | QuotaBudget] = field(default_factory=dict)
    # Keeps a connection's renewed secret (connection id, secret) in the keyring: an OAuth platform that
    # hands out a new refresh token on every refresh (TikTok Shop, Twitch). None: not kept (tests).
    keep_secret: Callable[[str, str], None] | None = None
    # The session's sleep: adapters' retries, back-offs and polls wait through it (tests pass their own).
    sleep: Sleep = asyncio.sleep
    # per connection: its ledger, one for the session. A ledger reads its file once, when made: one
    # made again at a reconnect would not see what the old adapter noted after that (a create's
    # record written late), and a retry through the new adapter would skip its check.
    ledgers: dict[str, JsonLinesLedger] = field(default_factory=dict)

    def quota(self, connection_id: str) -> QuotaBook:
        book = self.quota_books.get(connection_id)
        if book is None:
            book = self.quota_books[connection_id] = QuotaBook(self.clock)
        return book

    def units(self, connection_id: str) -> QuotaBudget:
        """YouTube's daily units of this connection (kept across reconnects in `quota_books`)."""
        budget = self.quota_books.get(f"{connection_id}#units")
        if not isinstance(budget, QuotaBudget):
            budget = self.quota_books[f"{connection_id}#units"] = QuotaBudget(self.clock)
        return budget

    def ledger(self, connection_id: str) -> JsonLinesLedger | None:
        if self.ledger_dir is None:
            return None
        if connection_id not in self.ledgers:
            self.ledgers[connection_id] = JsonLinesLedger(
                self.ledger_dir / f"{re.sub(r'[^A-Za-z0-9_-]', '_', connection_id)}.jsonl")
        return self.ledgers[connection_id]


@dataclass(frozen=True)
class SignInContext:
    """What an OAuth sign-in needs from the session: the HTTP client, the clock, a way to open the
    user's browser at a URL, and a way to show the user a short code to type elsewhere (device-code
    flows). Qt-free: the Connections dialog passes Qt's `QDesktopServices.openUrl` and a label."""

    http: httpx.AsyncClient
    clock: Clock
    open_url: Callable[[str], None]
    show_code: Callable[[str, str], None] = lambda code, url: None   # (user code, where to type it)
    # What the credential field holds when Sign in is pressed (typed or kept): TikTok Shop's app
    # secret, a YouTube OAuth client secret — which the sign-in needs and the keyring keeps after it.
    credential: str = field(default="", repr=False)


@dataclass(frozen=True)
class ConnectionKind:
    key: str
    label: Text                    # the platform, for the Platform list
    credential: Text               # what the keyring holds, as a form label
    default_name: Text             # a new connection's name
    default_url: str
    uses_appid: bool
    default_room: str = ""
    build: Callable[[ConnectionSettings, str, BuildContext], Platform] = field(default=None, repr=False)
    # OAuth platforms: signs the user in (browser or device code) and returns the secret to keep in
    # the keyring under `credential_key` (e.g. a refresh token); None: the user types the credential.
    sign_in: Callable[[ConnectionSettings, SignInContext], Awaitable[str]] | None = field(default=None, repr=False)
    sign_in_note: Text | None = None    # what signing in will ask the user to allow, and why
    keyring_suffix: str = ":appsecret"  # the credential's keyring entry is "<connection id><suffix>"
    appid_pattern: str = ""             # what `appid` must look like (a regex; "" = no appid)
    appid_hint: Text | None = None      # said when it does not ({name}: the connection)
    not_signed_in: Text | None = None   # said when the keyring has nothing for it ({name})
    appid_label: Text = QT_TRANSLATE_NOOP("Connections", "AppID")   # the public id's form label
    appid_placeholder: str = "wx…"
    typed_credential: bool = True       # False: sign-in alone makes the credential (nothing to paste)
    # The adapter, for what it can do before one is built (`capabilities_of`; a Studio's is by its profile).
    platform: type[Platform] | None = field(default=None, repr=False)


def _studio(conn: ConnectionSettings, secret: str, ctx: BuildContext) -> Platform:
    return StudioPlatform(conn.id, Endpoint(conn.url, secret), ctx.http, profile=conn.profile, display_name=conn.name,
                          sleep=ctx.sleep, clock=ctx.clock)


def _wechat_live(conn: ConnectionSettings, secret: str, ctx: BuildContext) -> Platform:
    return WeChatLivePlatform(conn.id, WeChatCredentials(conn.appid.strip(), secret), ctx.http,
                              display_name=conn.name, base_url=conn.url or WECHAT_API, clock=ctx.clock,
                              sleep=ctx.sleep, quota=ctx.quota(conn.id), ledger=ctx.ledger(conn.id))


def _wechat_channels(conn: ConnectionSettings, secret: str, ctx: BuildContext) -> Platform:
    return WeChatChannelsPlatform(conn.id, WeChatCredentials(conn.appid.strip(), secret), ctx.http,
                                  display_name=conn.name, base_url=conn.url or WECHAT_API, clock=ctx.clock,
                                  sleep=ctx.sleep, quota=ctx.quota(conn.id), ledger=ctx.ledger(conn.id))


def _tiktok_shop(conn: ConnectionSettings, secret: str, ctx: BuildContext) -> Platform:
    app_key = conn.appid.strip().split("/", 1)[0]
    keep = ctx.keep_secret

    def kept(creds: TikTokCredentials) -> None:
        if keep is not None:
            keep(conn.id, creds.keyring_secret())

    return TikTokShopPlatform(conn.id, TikTokCredentials.from_keyring(app_key, secret), ctx.http,
                              display_name=conn.name, base_url=conn.url or TIKTOK_API, shop_cipher=conn.room_id,
                              clock=ctx.clock, sleep=ctx.sleep, ledger=ctx.ledger(conn.id), on_credentials=kept)


async def _tiktok_sign_in(conn: ConnectionSettings, ctx: SignInContext) -> str:
    """Seller authorization in the browser; the keyring keeps the app secret and the refresh token.
    The connection's AppID field holds the app key, or "app key/service id" (Partner Center's
    authorization link uses the service id). Against Studio the pages are on Studio's address."""
    app_key, _, service_id = conn.appid.strip().partition("/")
    base = (conn.url or TIKTOK_API).rstrip("/")
    studio = base != TIKTOK_API
    page = (base + ("/open/authorize" if service_id else "/oauth/authorize")) if studio else ""
    creds = await tiktok_sign_in(ctx.http, app_key, TikTokCredentials.from_keyring(app_key, ctx.credential).app_secret,
                                 ctx.open_url, auth_base=base if studio else "https://auth.tiktok-shops.com",
                                 authorize_page=page, service_id=service_id, platform=conn.name, now=ctx.clock.now)
    return creds.keyring_secret()
def _twitch(conn: ConnectionSettings, secret: str, ctx: BuildContext) -> Platform:
    client_id, refresh_token = read_secret(secret)
    helix, id_base, eventsub = twitch_hosts(conn.url or TWITCH_API)
    keep = ctx.keep_secret
    return TwitchPlatform(conn.id, client_id or conn.appid.strip(), refresh_token, ctx.http, display_name=conn.name,
                          helix_base=helix, id_base=id_base, eventsub_url=eventsub, now=ctx.clock.now, sleep=ctx.sleep,
                          on_new_secret=(lambda new: keep(conn.id, new)) if keep else None)


async def _twitch_sign_in(conn: ConnectionSettings, ctx: SignInContext) -> str:
    """Twitch's device-code flow: the code shown, the activation page opened, the refresh token kept."""
    _helix, id_base, _eventsub = twitch_hosts(conn.url or TWITCH_API)
    signed = await device_sign_in(ctx.http, conn.appid.strip(), show_code=ctx.show_code, open_url=ctx.open_url,
                                  id_base=id_base)
    return signed.secret(conn.appid.strip())
def _youtube(conn: ConnectionSettings, secret: str, ctx: BuildContext) -> Platform:
    return YouTubeLivePlatform(conn.id, YouTubeCredentials.from_keyring(conn.appid.strip(), secret), ctx.http,
                               display_name=conn.name, base_url=conn.url or YOUTUBE_API, clock=ctx.clock,
                               sleep=ctx.sleep, budget=ctx.units(conn.id), ledger=ctx.ledger(conn.id))


async def _youtube_sign_in(conn: ConnectionSettings, ctx: SignInContext) -> str:
    """Google's loopback + PKCE flow in the user's browser; the keyring's JSON (secret + refresh token)."""
    typed = YouTubeCredentials.from_keyring(conn.appid.strip(), ctx.credential)
    signed = await youtube_sign_in(ctx.http, conn.appid.strip(), typed.client_secret, conn.url or YOUTUBE_API,
                                   ctx.open_url)
    return signed.keyring_value()


WECHAT_APPID = r"wx[0-9a-zA-Z]{6,30}"
WECHAT_APPID_HINT = QT_TRANSLATE_NOOP("Connections", "“{name}” needs its AppID: it starts with “wx” (WeChat admin "
                                                     "console → 开发管理 → 开发设置).")

# A kind is called what its adapter calls its platform (NAME), but where the dialog says more
# ("WeChat Channels / 微信小店": the shop backend users know it by).
KINDS: dict[str, ConnectionKind] = {k.key: k for k in (
    ConnectionKind(STUDIO, QT_TRANSLATE_NOOP("Platform", "Studio"),
                   QT_TRANSLATE_NOOP("Connections", "Access token"),
                   QT_TRANSLATE_NOOP("Connections", "My Studio"), STUDIO_URL, uses_appid=False, build=_studio,
                   platform=StudioPlatform, keyring_suffix="",
                   not_signed_in=QT_TRANSLATE_NOOP("Console", "No access token for “{name}”. Open Connections to "
                                                              "enter one.")),
    ConnectionKind(WECHAT_LIVE, WECHAT_LIVE_NAME,
                   QT_TRANSLATE_NOOP("Connections", "AppSecret"),
                   QT_TRANSLATE_NOOP("Connections", "Mini-program live"), WECHAT_API, uses_appid=True,
                   build=_wechat_live, platform=WeChatLivePlatform,
                   appid_pattern=WECHAT_APPID, appid_hint=WECHAT_APPID_HINT),
    ConnectionKind(WECHAT_CHANNELS, QT_TRANSLATE_NOOP("Platform", "WeChat Channels / 微信小店"),
                   QT_TRANSLATE_NOOP("Connections", "AppSecret"),
                   QT_TRANSLATE_NOOP("Connections", "WeChat Channels shop"), WECHAT_API, uses_appid=True,
                   default_room=CURRENT, build=_wechat_channels, platform=WeChatChannelsPlatform,
                   appid_pattern=WECHAT_APPID, appid_hint=WECHAT_APPID_HINT),
    ConnectionKind(TIKTOK_SHOP, TIKTOK_SHOP_NAME,
                   QT_TRANSLATE_NOOP("Connections", "App secret"),
                   QT_TRANSLATE_NOOP("Connections", "TikTok Shop"), TIKTOK_API, uses_appid=True,
                   default_room=SHOP_ROOM, build=_tiktok_shop, platform=TikTokShopPlatform, sign_in=_tiktok_sign_in,
                   keyring_suffix=":tiktok",
                   appid_label=QT_TRANSLATE_NOOP("Connections", "App key"), appid_placeholder="6abc…",
                   appid_pattern=r"[0-9a-zA-Z]{4,40}(/[0-9]{1,30})?",
                   appid_hint=QT_TRANSLATE_NOOP("Connections", "“{name}” needs its TikTok Shop app key (Partner "
                                                               "Center → App → App key)."),
                   not_signed_in=QT_TRANSLATE_NOOP("Console", "“{name}” is not signed in to TikTok Shop. Open "
                                                              "Connections, enter the app secret and press Sign "
                                                              "in.")),
    # The appid field holds the Twitch application's Client ID (public); the keyring its sign-in.
    ConnectionKind(TWITCH, QT_TRANSLATE_NOOP("Platform", "Twitch"),
                   QT_TRANSLATE_NOOP("Connections", "Twitch sign-in"),
                   QT_TRANSLATE_NOOP("Connections", "Twitch channel"), TWITCH_API, uses_appid=True,
                   build=_twitch, platform=TwitchPlatform, sign_in=_twitch_sign_in, keyring_suffix=":twitch",
                   appid_pattern=r"[0-9a-z]{20,40}",
                   appid_label=QT_TRANSLATE_NOOP("Connections", "Client ID"), appid_placeholder="abc123…",
                   typed_credential=False,
                   appid_hint=QT_TRANSLATE_NOOP("Connections", "“{name}” needs the Client ID of your Twitch "
                                                               "application (dev.twitch.tv → Your Console → "
                                                               "Applications)."),
                   not_signed_in=QT_TRANSLATE_NOOP("Console", "“{name}” is not signed in to Twitch. Open "
                                                              "Connections and press Sign in.")),
    ConnectionKind(YOUTUBE, YOUTUBE_NAME,
                   QT_TRANSLATE_NOOP("Connections", "OAuth client secret"),
                   QT_TRANSLATE_NOOP("Connections", "YouTube channel"), YOUTUBE_API, uses_appid=True,
                   build=_youtube, platform=YouTubeLivePlatform, sign_in=_youtube_sign_in,
                   sign_in_note=YOUTUBE_SCOPE_WHY, keyring_suffix=":youtube",
                   appid_label=QT_TRANSLATE_NOOP("Connections", "Client ID"),
                   appid_placeholder="…apps.googleusercontent.com",
                   appid_pattern=r".+\.apps\.googleusercontent\.com",
                   appid_hint=QT_TRANSLATE_NOOP("Connections", "“{name}” needs its OAuth client ID: it ends with "
                                                               "“.apps.googleusercontent.com” (Google Cloud console "
                                                               "→ APIs & Services → Credentials)."),
                   not_signed_in=QT_TRANSLATE_NOOP("Console", "“{name}” is not signed in to YouTube. Open "
                                                              "Connections and press Sign in.")),
)}

# Studio connections that behave like a real platform, to rehearse a show within its limits.
REHEARSAL_PROFILES: dict[str, Text] = {
    key: QT_TRANSLATE_NOOP("Connections", "Studio — rehearse {platform}'s limits").fill(platform=label)
    for key, (label, _caps) in PROFILES.items() if key != STUDIO}

CHANNELS_CURRENT_ROOM = QT_TRANSLATE_NOOP("Connections", "this account's live of today")


def kind_of(conn: ConnectionSettings) -> ConnectionKind | None:
    return KINDS.get(conn.kind)


def capabilities_of(conn: ConnectionSettings) -> frozenset[Capability]:
    """What a connection's platform can do, known before it is built (a Studio's by its profile)."""
    if conn.kind == STUDIO:
        return studio_profile(conn.profile)[1]
    kind = kind_of(conn)
    return kind.platform.capabilities if kind is not None and kind.platform is not None else frozenset()


def shelf_first(conns: list[ConnectionSettings]) -> list[ConnectionSettings]:
    """`conns` in the order the console binds them: those that list products first, each group in
    the user's order. The first is the main connection: its shelf, video and crew are the ones shown."""
    return sorted(conns, key=lambda c: Capability.SHELF not in capabilities_of(c))


def main_connection(conns: list[ConnectionSettings]) -> ConnectionSettings | None:
    bound = shelf_first([c for c in conns if c.enabled and kind_of(c) is not None])
    return bound[0] if bound else None


def credential_key(conn: ConnectionSettings) -> str:
    """The connection's keyring entry: a Studio token under its id (as always); another platform's
    credential under a name of its kind's, so switching a connection's platform never passes one
    platform's secret off as another's."""
    kind = kind_of(conn)
    return conn.id + (kind.keyring_suffix if kind is not None else ":appsecret")


def all_credential_keys(connection_id: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(connection_id + k.keyring_suffix for k in KINDS.values()))


def url_problem(conn: ConnectionSettings) -> Text | None:
    """Why the connection's URL cannot be reached (None: it can be tried), before any test."""
    if conn.url.startswith(("http://", "https://")):
        return None
    kind = kind_of(conn)
    if kind is None or kind.key == STUDIO:
        return QT_TRANSLATE_NOOP("Connections", "The server URL of “{name}” must start with http:// or "
                                                "https://.").fill(name=conn.name)
    return QT_TRANSLATE_NOOP("Connections", "The API base URL of “{name}” must start with http:// or "
                                            "https:// (normally {url}).").fill(name=conn.name, url=kind.default_url)


def problem(conn: ConnectionSettings) -> Text | None:
    """What keeps this connection from being used, in the operator's words (None: nothing)."""
    kind = kind_of(conn)
    if kind is None:
        return QT_TRANSLATE_NOOP("Connections", "“{name}” is of a kind this version of the console does not know "
                                                "({kind}).").fill(name=conn.name, kind=conn.kind)
    if (wrong_url := url_problem(conn)) is not None:
        return wrong_url
    if kind.appid_pattern and not re.fullmatch(kind.appid_pattern, conn.appid.strip()):
        return kind.appid_hint.fill(name=conn.name) if kind.appid_hint is not None else QT_TRANSLATE_NOOP(
            "Connections", "“{name}” needs its application id.").fill(name=conn.name)
    if not conn.room_id:
        if kind.key == STUDIO:
            return QT_TRANSLATE_NOOP("Connections", "“{name}” needs a server URL (http:// or https://) and a "
                                                    "room.").fill(name=conn.name)
        return QT_TRANSLATE_NOOP("Connections", "“{name}” needs a live room: press Test connection to choose "
                                                "one, or type its id.").fill(name=conn.name)
    return None


def same_room_as(conn: ConnectionSettings, others: list[ConnectionSettings]) -> ConnectionSettings | None:
    """The first of `others` that reaches the very room `conn` does (same platform, address,
    account and room): with both on, every action — a coupon too — would be sent there twice, each
    with its own idempotency key."""
    def place(c: ConnectionSettings) -> tuple[str, ...]:
        return c.kind, c.url.strip().rstrip("/").lower(), c.appid.strip(), c.room_id.strip()

    return next((o for o in others if o.id != conn.id and place(o) == place(conn)), None)


def missing_credential(conn: ConnectionSettings) -> Text:
    """Said when the keyring has nothing for an enabled connection."""
    kind = kind_of(conn)
    if kind is not None and kind.not_signed_in is not None:
        return kind.not_signed_in.fill(name=conn.name)
    return QT_TRANSLATE_NOOP("Console", "No AppSecret for “{name}”. Open Connections to enter it.").fill(
        name=conn.name)


def build_platform(conn: ConnectionSettings, secret: str, ctx: BuildContext) -> Platform:
    """The adapter for `conn` (its kind must be known: check `kind_of` first)."""
    return KINDS[conn.kind].build(conn, secret, ctx)
