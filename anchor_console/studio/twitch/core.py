"""The Twitch emulator's core: the registered application, the users (Studio's rooms, staff and
viewers as Twitch users), the OAuth tokens, the Helix rate-limit bucket, Twitch's error JSON, and
the gate every Helix request passes.

Users. Twitch user ids are numeric strings; Studio's objects get theirs by range:
  a Studio room R     → the channel of broadcaster 700000000+R (login studio_room_R)
  a staff account S   → user 600000000+S (login studio_staff_S): a moderator of every channel
  a viewer N          → user 100000000+N (login viewer_N)
  500000001           → "studio_visitor": a Twitch user who moderates nothing (for 403s)
A chat message's id is a UUID made from the Studio comment id (reversible).

The gate, in Twitch's order: `Authorization: Bearer` (401 "OAuth token is missing" / "Invalid
OAuth token"), `Client-Id` matching the token's client (401 "Client ID and OAuth token do not
match"), the rate-limit bucket (429, headers on every answer), the endpoint's scope (401 "Missing
scope: …"), then the endpoint's own checks (moderator_id must be the token's user, …).

The application's client id (Studio's `meta`) and the refresh tokens (hashed, table
`twitch_refresh`) are kept in Studio's database, so a console stays signed in across a restart of
Studio (its access token is then refused once and renewed); access tokens, device codes and
buckets are in memory."""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from fastapi import Request
from fastapi.responses import JSONResponse

from anchor_console.studio.permissions import Role
from anchor_console.studio.store import hash_token

if TYPE_CHECKING:
    from anchor_console.studio.services import Studio

CHANNEL_BASE, STAFF_BASE, VIEWER_BASE = 700_000_000, 600_000_000, 100_000_000
VISITOR_ID, VISITOR_LOGIN = "500000001", "studio_visitor"
REASONS = {400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 409: "Conflict",
           422: "Unprocessable Entity", 429: "Too Many Requests"}


@dataclass
class TwitchConfig:
    """What tests may change at run time (`PUT /api/v1/_twitch`, `--chaos` only)."""

    token_ttl_s: float = 14_400.0         # Twitch's user tokens last about four hours
    device_code_ttl_s: float = 1800.0
    device_interval_s: float = 5.0
    rate_limit_per_min: int = 800
    keepalive_s: int = 10                 # the default; a client may ask 10–600
    redeliver_on_move: int = 3            # notifications resent on the new socket of a handover
    resume_after_drop: bool = False       # tests only: a dropped socket's backlog goes to its resubscription


class TwitchError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message

    def response(self, headers: dict[str, str] | None = None) -> JSONResponse:
        return JSONResponse({"error": REASONS.get(self.status, "Error"), "status": self.status,
                             "message": self.message}, status_code=self.status, headers=headers)


@dataclass
class Token:
    user_id: str
    client_id: str
    scopes: tuple[str, ...]
    expires_at: float


@dataclass
class Bucket:
    window: int = 0
    used: int = 0


def message_uuid(comment_id: int) -> str:
    return str(uuid.UUID(int=(0x5D1 << 116) | comment_id))


def comment_of(message_id: str) -> int | None:
    try:
        value = uuid.UUID(message_id).int
    except ValueError:
        return None
    return value & ((1 << 64) - 1) if value >> 116 == 0x5D1 else None


@dataclass
class Identity:
    """The application, tokens and users of one Studio's Twitch emulator."""

    studio: Studio
    config: TwitchConfig
    tokens: dict[str, Token] = field(default_factory=dict)
    buckets: dict[tuple[str, str], Bucket] = field(default_factory=dict)

    def __post_init__(self) -> None:
        store = self.studio.store
        store.db.execute("CREATE TABLE IF NOT EXISTS twitch_refresh(token_hash TEXT PRIMARY KEY, user_id TEXT NOT "
                         "NULL, client_id TEXT NOT NULL, scopes TEXT NOT NULL, issued_at REAL NOT NULL)")
        self.client_id = store.meta("twitch_client_id") or ""
        if not self.client_id:
            self.client_id = secrets.token_hex(15)
            with store.tx():
                store.set_meta("twitch_client_id", self.client_id)

    def now(self) -> float:
        return self.studio.store.clock.now()

    # users -------------------------------------------------------------------------------
    def user(self, user_id: str) -> dict | None:
        """A Twitch user object (Get Users' fields) for this id, or None."""
        if user_id == VISITOR_ID:
            return self._user(VISITOR_ID, VISITOR_LOGIN, "StudioVisitor")
        if not user_id.isdigit():
            return None
        n = int(user_id)
        db = self.studio.store.db
        if n > CHANNEL_BASE:
            row = db.execute("SELECT id, title FROM rooms WHERE id = ?", (n - CHANNEL_BASE,)).fetchone()
            return self._user(user_id, f"studio_room_{row['id']}", f"StudioRoom{row['id']}") if row else None
        if n > STAFF_BASE:
            row = db.execute("SELECT id, name FROM staff WHERE id = ? AND disabled = 0", (n - STAFF_BASE,)).fetchone()
            return self._user(user_id, f"studio_staff_{row['id']}", row["name"]) if row else None
        if n > VIEWER_BASE:
            row = db.execute("SELECT id, nickname FROM viewers WHERE id = ?", (n - VIEWER_BASE,)).fetchone()
            return self._user(user_id, f"viewer_{row['id']}", row["nickname"]) if row else None
        return None

    def _user(self, user_id: str, login: str, name: str) -> dict:
        return {"id": user_id, "login": login, "display_name": name, "type": "", "broadcaster_type": "",
                "description": "", "profile_image_url": "", "offline_image_url": "", "view_count": 0,
                "created_at": "2026-01-01T00:00:00Z"}

    def room_of(self, broadcaster_id: str) -> int | None:
        """The Studio room of a channel (None: not a channel)."""
        if broadcaster_id.isdigit() and int(broadcaster_id) > CHANNEL_BASE and self.user(broadcaster_id):
            return int(broadcaster_id) - CHANNEL_BASE
        return None

    def staff_id(self, user_id: str) -> int | None:
        if user_id.isdigit() and STAFF_BASE < int(user_id) < CHANNEL_BASE:
            return int(user_id) - STAFF_BASE
        return None

    def viewer_id(self, user_id: str) -> int | None:
        if user_id.isdigit() and VIEWER_BASE < int(user_id) < VISITOR_ID_INT:
            return int(user_id) - VIEWER_BASE
        return None

    def moderates(self, user_id: str, broadcaster_id: str) -> bool:
        """Every Studio staff account is a moderator of every Studio room's channel."""
        return self.staff_id(user_id) is not None and self.room_of(broadcaster_id) is not None

    def sign_in_choices(self) -> list[dict]:
        """Who may authorize on the activation page: Studio's staff, and the visitor."""
        staff = [self._user(f"{STAFF_BASE + s['id']}", f"studio_staff_{s['id']}", s["name"])
                 for s in self.studio.accounts.list_staff() if s["role"] != Role.VIEWER.value]
        return staff + [self.user(VISITOR_ID)]

    def anchor_user(self) -> dict:
        """The first anchor account (what Studio announces as the user to sign in as)."""
        for s in self.studio.accounts.list_staff():
            if s["role"] == Role.ANCHOR.value:
                return self._user(f"{STAFF_BASE + s['id']}", f"studio_staff_{s['id']}", s["name"])
        return self.user(VISITOR_ID)

    # tokens ------------------------------------------------------------------------------
    def issue(self, user_id: str, scopes: tuple[str, ...]) -> dict:
        access, refresh = secrets.token_hex(15), secrets.token_hex(25)
        token = Token(user_id, self.client_id, scopes, self.now() + self.config.token_ttl_s)
        self.tokens[access] = token
        with self.studio.store.tx():
            self.studio.store.db.execute("INSERT INTO twitch_refresh VALUES (?, ?, ?, ?, ?)",
                                         (hash_token(refresh), user_id, self.client_id, " ".join(scopes), self.now()))
        return {"access_token": access, "expires_in": int(self.config.token_ttl_s), "refresh_token": refresh,
                "scope": list(scopes), "token_type": "bearer"}

    def use_refresh(self, refresh: str) -> tuple[str, tuple[str, ...]] | None:
        """(user id, scopes) of a refresh token, which is spent by this (single use); None: unknown."""
        db = self.studio.store.db
        row = db.execute("SELECT user_id, scopes FROM twitch_refresh WHERE token_hash = ? AND client_id = ?",
                         (hash_token(refresh), self.client_id)).fetchone()
        if row is None:
            return None
        with self.studio.store.tx():
            db.execute("DELETE FROM twitch_refresh WHERE token_hash = ?", (hash_token(refresh),))
        return row["user_id"], tuple(row["scopes"].split())

    def token(self, access: str) -> Token | None:
        token = self.tokens.get(access)
        if token is not None and token.expires_at <= self.now():
            return None
        return token

    def expire_tokens(self) -> int:
        for token in self.tokens.values():
            token.expires_at = min(token.expires_at, self.now())
        return len(self.tokens)

    # the gate ----------------------------------------------------------------------------
    def rate_headers(self, key: tuple[str, str]) -> dict[str, str]:
        bucket = self.buckets.setdefault(key, Bucket())
        window = int(self.now() // 60)
        limit = self.config.rate_limit_per_min
        remaining = limit - bucket.used if bucket.window == window else limit
        return {"Ratelimit-Limit": str(limit), "Ratelimit-Remaining": str(max(0, remaining)),
                "Ratelimit-Reset": str((window + 1) * 60)}

    def admit(self, request: Request, scope: str | None) -> tuple[Token, dict[str, str]]:
        """The token of a Helix request that may proceed, and the rate headers to answer with."""
        auth = request.headers.get("authorization", "")
        if not auth.lower().startswith("bearer "):
            raise GateRefusal(TwitchError(401, "OAuth token is missing"), {})
        token = self.token(auth[7:].strip())
        if token is None:
            raise GateRefusal(TwitchError(401, "Invalid OAuth token"), {})
        if request.headers.get("client-id", "") != token.client_id:
            raise GateRefusal(TwitchError(401, "Client ID and OAuth token do not match"), {})
        key = (token.client_id, token.user_id)
        bucket = self.buckets.setdefault(key, Bucket())
        window = int(self.now() // 60)
        if bucket.window != window:
            bucket.window, bucket.used = window, 0
        if bucket.used >= self.config.rate_limit_per_min:
            raise GateRefusal(TwitchError(429, "Too Many Requests"), self.rate_headers(key))
        bucket.used += 1
        headers = self.rate_headers(key)
        if scope is not None and scope not in token.scopes:
            raise GateRefusal(TwitchError(401, f"Missing scope: {scope}"), headers)
        return token, headers


VISITOR_ID_INT = int(VISITOR_ID)


class GateRefusal(Exception):
    def __init__(self, error: TwitchError, headers: dict[str, str]) -> None:
        super().__init__(error.message)
        self.error, self.headers = error, headers

