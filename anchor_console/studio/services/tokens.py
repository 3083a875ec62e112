"""Access tokens and their lifecycle: who a token signs in as, which rooms it may act in, when it
expires, revocation and rotation. Only a token's SHA-256 is stored; the token itself is shown
once, to whoever asked for it.

Kinds of token:
  start    printed by `anchor-console studio` when it starts (one per staff role, every room).
           The next start retires them: it mints new ones, and the previous start's stay valid
           for START_TOKEN_GRACE_S more, so a console reconnecting across a restart is not refused
           before it has read the new ones; older ones are revoked.
  issued   made for a staff member (`anchor-console studio tokens create`, `POST /api/v1/staff`),
           optionally for some rooms only, always with an expiry.
  viewer   a viewer's sign-in (`POST /api/v1/viewers`), valid for VIEWER_TOKEN_TTL_S. Its first
           change (any request but a read) is recorded (`acted_at`); a viewer whose token expired
           without one is pruned with it (Accounts.prune_idle_viewers).

Expiry runs on the wall clock, never on the Studio clock (a rehearsal at 10× must not age tokens).
Every revocation also bumps `tokens_revision` in `meta`, so a running Studio notices one made by
another process (the `tokens` command) and closes that token's open event streams."""

from __future__ import annotations

import json
import secrets
import sqlite3
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from anchor_console.studio.errors import NotFound, Unauthorized
from anchor_console.studio.migrations import ISSUED_TOKEN_TTL_S, VIEWER_TOKEN_TTL_S
from anchor_console.studio.permissions import Role
from anchor_console.studio.store import Principal, StoreService, hash_token

START_TOKEN_GRACE_S = 60.0
MAX_TOKEN_TTL_S = 366 * 24 * 3600
TOKEN_FIELDS = ("id", "staff_id", "kind", "label", "rooms", "created_at", "expires_at", "revoked_at", "replaces_id")


def _rooms_of(raw: str | None) -> frozenset[int] | None:
    return None if raw is None else frozenset(json.loads(raw))


def active_staff(db: sqlite3.Connection, staff_id: int, *, missing: str) -> sqlite3.Row:
    """A staff account's row, unless there is none or it was removed: NotFound saying `missing`."""
    row = db.execute("SELECT * FROM staff WHERE id = ? AND disabled = 0", (staff_id,)).fetchone()
    if row is None:
        raise NotFound(missing)
    return row


@dataclass(eq=False)
class Tokens(StoreService):
    wall: Callable[[], float] = time.time
    # Called after a commit with the ids of tokens that stopped working (open streams close).
    revoked_listeners: list[Callable[[set[int]], None]] = field(default_factory=list)

    # ------------------------------------------------------------------ signing in

    def authenticate(self, token: str) -> Principal:
        row = self.db.execute(
            "SELECT t.id, t.staff_id, t.viewer_id, t.rooms, t.expires_at, t.revoked_at, t.acted_at, s.role, s.name, "
            "s.disabled, v.nickname FROM access_tokens t LEFT JOIN staff s ON s.id = t.staff_id "
            "LEFT JOIN viewers v ON v.id = t.viewer_id WHERE t.token_hash = ?", (hash_token(token),)).fetchone()
        if row is None or row["revoked_at"] is not None or (row["staff_id"] is not None and row["disabled"]):
            raise Unauthorized("The access token is not valid. Sign in again or ask the anchor for a new token.")
        if row["expires_at"] is not None and row["expires_at"] <= self.wall():
            raise Unauthorized("The access token has expired. Ask the anchor for a new one.", code="token_expired")
        rooms = _rooms_of(row["rooms"])
        if row["staff_id"] is not None:
            return Principal(Role(row["role"]), staff_id=row["staff_id"], name=row["name"], token_id=row["id"],
                             rooms=rooms, expires_at=row["expires_at"])
        return Principal(Role.VIEWER, viewer_id=row["viewer_id"], name=row["nickname"], token_id=row["id"],
                         rooms=rooms, expires_at=row["expires_at"], acted=row["acted_at"] is not None)

    def mark_acted(self, token_id: int) -> None:
        """A viewer's token made its first change: its viewer is no longer an idle sign-up (one
        write per token; later requests read `acted_at` with the token)."""
        with self.store.tx():
            self.db.execute("UPDATE access_tokens SET acted_at = ? WHERE id = ? AND acted_at IS NULL",
                            (self.wall(), token_id))

    def still_valid(self, token_ids: Iterable[int]) -> set[int]:
        """Which of these tokens still sign in now."""
        ids = list(token_ids)
        if not ids:
            return set()
        marks = ",".join("?" * len(ids))
        rows = self.db.execute(
            f"SELECT t.id FROM access_tokens t LEFT JOIN staff s ON s.id = t.staff_id WHERE t.id IN ({marks}) "
            "AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > ?) "
            "AND (t.staff_id IS NULL OR s.disabled = 0)", (*ids, self.wall())).fetchall()
        return {r[0] for r in rows}

    def matches(self, token_id: int, token: str) -> bool:
        row = self.db.execute("SELECT token_hash FROM access_tokens WHERE id = ?", (token_id,)).fetchone()
        return row is not None and secrets.compare_digest(row[0], hash_token(token))

    # ------------------------------------------------------------------ minting

    def mint(self, *, staff_id: int | None = None, viewer_id: int | None = None, kind: str, label: str = "",
             rooms: Iterable[int] | None = None, ttl_s: float | None = None,
             replaces_id: int | None = None) -> tuple[str, int]:
        """Within a transaction: a new token and its id."""
        token = secrets.token_urlsafe(32)
        now = self.wall()
        room_list = None if rooms is None else json.dumps(sorted(set(rooms)))
        token_id = self.db.execute(
            "INSERT INTO access_tokens(token_hash, staff_id, viewer_id, kind, label, rooms, created_at, expires_at, "
            "replaces_id) VALUES (?,?,?,?,?,?,?,?,?)",
            (hash_token(token), staff_id, viewer_id, kind, label, room_list, now,
             None if ttl_s is None else now + ttl_s, replaces_id)).lastrowid
        return token, token_id

    def mint_viewer(self, viewer_id: int) -> str:
        return self.mint(viewer_id=viewer_id, kind="viewer", ttl_s=VIEWER_TOKEN_TTL_S)[0]

    def issue(self, staff_id: int, *, rooms: Iterable[int] | None = None, ttl_s: float | None = None,
              label: str = "") -> dict:
        """A token for a staff member (an expiry always: ISSUED_TOKEN_TTL_S unless told)."""
        active_staff(self.db, staff_id, missing=f"No staff account {staff_id}.")
        with self.store.tx():
            token, token_id = self.mint(staff_id=staff_id, kind="issued", label=label, rooms=rooms,
                                        ttl_s=min(ttl_s or ISSUED_TOKEN_TTL_S, MAX_TOKEN_TTL_S))
        return {**self.describe(token_id), "token": token}

    def start_tokens(self, staff_ids: dict[str, int]) -> dict[str, str]:
        """Within a transaction, at a start: retire the previous starts' tokens and mint new ones."""
        now = self.wall()
        retired = self.db.execute("UPDATE access_tokens SET revoked_at = ? WHERE kind = 'start' AND revoked_at IS NULL "
                                  "AND expires_at IS NOT NULL", (now,)).rowcount
        self.db.execute("UPDATE access_tokens SET expires_at = ? WHERE kind = 'start' AND revoked_at IS NULL "
                        "AND expires_at IS NULL", (now + START_TOKEN_GRACE_S,))
        if retired:
            self._bump_revision()
        return {role: self.mint(staff_id=sid, kind="start", label="start")[0] for role, sid in staff_ids.items()}

    # ------------------------------------------------------------------ revoking and rotating

    def revoke(self, token_id: int) -> dict:
        self.describe(token_id)
        with self.store.tx():
            self.db.execute("UPDATE access_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                            (self.wall(), token_id))
            self._bump_revision()
        self._announce({token_id})
        return self.describe(token_id)

    def revoke_staff(self, staff_id: int) -> set[int]:
        """Within the transaction that removes a staff member: every token of theirs stops working."""
        ids = {r[0] for r in self.db.execute(
            "SELECT id FROM access_tokens WHERE staff_id = ? AND revoked_at IS NULL", (staff_id,))}
        self.db.execute("UPDATE access_tokens SET revoked_at = ? WHERE staff_id = ? AND revoked_at IS NULL",
                        (self.wall(), staff_id))
        self._bump_revision()
        return ids

    def rotate(self, token_id: int, *, grace_s: float = 0.0, ttl_s: float | None = None) -> dict:
        """A new token with the same account, rooms and label; the old one works `grace_s` more."""
        old = self.describe(token_id)
        if old["revoked_at"] is not None or old["staff_id"] is None:
            raise NotFound(f"Token {token_id} is revoked or not a staff token; create a new one instead.")
        now = self.wall()
        with self.store.tx():
            token, new_id = self.mint(staff_id=old["staff_id"], kind="issued", label=old["label"], rooms=old["rooms"],
                                      ttl_s=min(ttl_s or ISSUED_TOKEN_TTL_S, MAX_TOKEN_TTL_S), replaces_id=token_id)
            if grace_s > 0:
                self.db.execute("UPDATE access_tokens SET expires_at = MIN(COALESCE(expires_at, ?), ?) WHERE id = ?",
                                (now + grace_s, now + grace_s, token_id))
            else:
                self.db.execute("UPDATE access_tokens SET revoked_at = ? WHERE id = ?", (now, token_id))
            self._bump_revision()
        if grace_s <= 0:
            self._announce({token_id})
        return {**self.describe(new_id), "token": token}

    def announce_revoked(self, token_ids: set[int]) -> None:
        """After the commit that revoked them (staff removal): close what they hold open."""
        self._announce(token_ids)

    def _announce(self, token_ids: set[int]) -> None:
        for listener in self.revoked_listeners:
            listener(token_ids)

    def _bump_revision(self) -> None:
        revision = int(self.store.meta("tokens_revision", "0") or 0) + 1
        self.store.set_meta("tokens_revision", str(revision))

    # ------------------------------------------------------------------ reading

    def describe(self, token_id: int) -> dict:
        row = self.db.execute("SELECT * FROM access_tokens WHERE id = ?", (token_id,)).fetchone()
        if row is None:
            raise NotFound(f"Token {token_id} does not exist.")
        d = {k: row[k] for k in TOKEN_FIELDS}
        d["rooms"] = None if row["rooms"] is None else sorted(json.loads(row["rooms"]))
        d["state"] = self._state(row)
        return d

    def list_tokens(self, *, include_inactive: bool = False) -> list[dict]:
        rows = self.db.execute("SELECT id FROM access_tokens WHERE staff_id IS NOT NULL ORDER BY id").fetchall()
        tokens = [self.describe(r[0]) for r in rows]
        return tokens if include_inactive else [t for t in tokens if t["state"] == "active"]

    def _state(self, row) -> str:
        if row["revoked_at"] is not None:
            return "revoked"
        if row["expires_at"] is not None and row["expires_at"] <= self.wall():
            return "expired"
        return "active"

    def prune(self, older_than_s: float = 30 * 24 * 3600) -> None:
        """Tokens revoked or expired long ago are forgotten."""
        cutoff = self.wall() - older_than_s
        with self.store.tx():
            self.db.execute("DELETE FROM access_tokens WHERE COALESCE(revoked_at, expires_at) < ?", (cutoff,))
