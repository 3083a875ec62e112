"""Who can act in Studio: staff accounts with a role, viewer accounts, and the access tokens both
sign in with (only their hashes are stored)."""

from __future__ import annotations

import secrets
import sqlite3
from dataclasses import dataclass

from anchor_console.studio.errors import Conflict, Invalid, NotFound, Unauthorized
from anchor_console.studio.permissions import Role
from anchor_console.studio.store import Principal, StudioStore, hash_token


@dataclass(eq=False)
class Accounts:
    store: StudioStore

    def __post_init__(self) -> None:
        self.db = self.store.db

    def authenticate(self, token: str) -> Principal:
        row = self.db.execute(
            "SELECT t.staff_id, t.viewer_id, s.role, s.name, s.disabled, v.nickname FROM tokens t "
            "LEFT JOIN staff s ON s.id = t.staff_id LEFT JOIN viewers v ON v.id = t.viewer_id "
            "WHERE t.token_hash = ?", (hash_token(token),)).fetchone()
        if row is None or (row["staff_id"] is not None and row["disabled"]):
            raise Unauthorized("The access token is not valid. Sign in again or ask the anchor for a new token.")
        if row["staff_id"] is not None:
            return Principal(Role(row["role"]), staff_id=row["staff_id"], name=row["name"])
        return Principal(Role.VIEWER, viewer_id=row["viewer_id"], name=row["nickname"])

    def _mint_token(self, *, staff_id: int | None = None, viewer_id: int | None = None) -> str:
        token = secrets.token_urlsafe(32)
        self.db.execute("INSERT INTO tokens(token_hash, staff_id, viewer_id, created_at) VALUES (?,?,?,?)",
                        (hash_token(token), staff_id, viewer_id, self.store.clock.now()))
        return token

    # ------------------------------------------------------------------ staff

    def create_staff(self, name: str, role: Role) -> dict:
        if role is Role.VIEWER:
            raise Invalid("Staff accounts are anchor, assistant or moderator.")
        with self.store.tx():
            cur = self.db.execute("INSERT INTO staff(name, role, created_at) VALUES (?,?,?)",
                                  (name, role.value, self.store.clock.now()))
            token = self._mint_token(staff_id=cur.lastrowid)
        return {**self.staff(cur.lastrowid), "token": token}

    def staff(self, staff_id: int) -> dict:
        row = self.db.execute("SELECT * FROM staff WHERE id = ? AND disabled = 0", (staff_id,)).fetchone()
        if row is None:
            raise NotFound("No such staff account.")
        return {"id": row["id"], "name": row["name"], "role": row["role"], "created_at": row["created_at"]}

    def list_staff(self) -> list[dict]:
        return [self.staff(r["id"]) for r in self.db.execute("SELECT id FROM staff WHERE disabled = 0 ORDER BY id")]

    def remove_staff(self, staff_id: int, by: Principal) -> None:
        if staff_id == by.staff_id:
            raise Conflict("You cannot remove your own account.", code="self_removal")
        self.staff(staff_id)
        with self.store.tx():
            self.db.execute("UPDATE staff SET disabled = 1 WHERE id = ?", (staff_id,))
            self.db.execute("DELETE FROM tokens WHERE staff_id = ?", (staff_id,))

    def ensure_default_staff(self) -> dict[str, str]:
        """One account per staff role; a fresh token for each on every start (older tokens stay
        valid, so a console that remembered one keeps working across restarts)."""
        tokens: dict[str, str] = {}
        with self.store.tx():
            for role, name in ((Role.ANCHOR, "主播 Anchor"), (Role.ASSISTANT, "场控 Assistant"),
                               (Role.MODERATOR, "房管 Moderator")):
                row = self.db.execute("SELECT id FROM staff WHERE role = ? AND disabled = 0 ORDER BY id LIMIT 1",
                                      (role.value,)).fetchone()
                staff_id = row["id"] if row else self.db.execute(
                    "INSERT INTO staff(name, role, created_at) VALUES (?,?,?)",
                    (name, role.value, self.store.clock.now())).lastrowid
                tokens[role.value] = self._mint_token(staff_id=staff_id)
        return tokens

    # ------------------------------------------------------------------ viewers

    def join_as_viewer(self, nickname: str) -> dict:
        with self.store.tx():
            viewer_id = self.db.execute("INSERT INTO viewers(nickname, created_at) VALUES (?, ?)",
                                        (nickname, self.store.clock.now())).lastrowid
            token = self._mint_token(viewer_id=viewer_id)
        return {"viewer_id": viewer_id, "nickname": nickname, "token": token}

    def create_viewers(self, nicknames: list[str]) -> list[int]:
        """Simulated viewers (no tokens: the audience acts in-process)."""
        with self.store.tx():
            now = self.store.clock.now()
            return [self.db.execute("INSERT INTO viewers(nickname, created_at) VALUES (?, ?)", (n, now)).lastrowid
                    for n in nicknames]

    def viewer_row(self, viewer_id: int) -> sqlite3.Row:
        r = self.db.execute("SELECT * FROM viewers WHERE id = ?", (viewer_id,)).fetchone()
        if r is None:
            raise NotFound(f"Viewer {viewer_id} does not exist.")
        return r
