"""Who can act in Studio: staff accounts with a role and viewer accounts. Their access tokens and
the tokens' lifecycle are `tokens.Tokens`; removing a staff member revokes all of theirs."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from anchor_console.studio.errors import Conflict, Invalid, NotFound
from anchor_console.studio.permissions import Role
from anchor_console.studio.services.tokens import Tokens, active_staff
from anchor_console.studio.store import Principal, StoreService, storable

IDLE_PRUNE_BATCH = 2000   # idle sign-ups pruned at a time (every 10 s: server._ticker)
DEFAULT_STAFF = ((Role.ANCHOR, "主播 Anchor"), (Role.ASSISTANT, "场控 Assistant"), (Role.MODERATOR, "房管 Moderator"))


@dataclass(eq=False)
class Accounts(StoreService):
    tokens: Tokens

    def authenticate(self, token: str) -> Principal:
        return self.tokens.authenticate(token)

    # ------------------------------------------------------------------ staff

    def create_staff(self, name: str, role: Role, *, rooms: Iterable[int] | None = None,
                     ttl_s: float | None = None) -> dict:
        """A staff account and its first token (for `rooms` only, if given; expiring)."""
        if role is Role.VIEWER:
            raise Invalid("Staff accounts are anchor, assistant or moderator.")
        with self.store.tx():
            staff_id = self._insert_staff(name, role)
            issued = self.tokens.issue(staff_id, rooms=rooms, ttl_s=ttl_s)
        return {**self.staff(staff_id), "token": issued["token"], "token_id": issued["id"],
                "rooms": issued["rooms"], "expires_at": issued["expires_at"]}

    def staff(self, staff_id: int) -> dict:
        row = active_staff(self.db, staff_id, missing="No such staff account.")
        return {"id": row["id"], "name": row["name"], "role": row["role"], "created_at": row["created_at"]}

    def list_staff(self) -> list[dict]:
        return [self.staff(r["id"]) for r in self.db.execute("SELECT id FROM staff WHERE disabled = 0 ORDER BY id")]

    def find_or_create_staff(self, name: str, role: Role) -> int:
        """The active account with this name and role (for `studio tokens create --name`)."""
        row = self.db.execute("SELECT id FROM staff WHERE name = ? AND role = ? AND disabled = 0 ORDER BY id LIMIT 1",
                              (name, role.value)).fetchone()
        if row is not None:
            return row["id"]
        with self.store.tx():
            return self._insert_staff(name, role)

    def _insert_staff(self, name: str, role: Role) -> int:
        """Within a transaction: a new staff account's id."""
        return self.db.execute("INSERT INTO staff(name, role, created_at) VALUES (?,?,?)",
                               (storable(name), role.value, self.store.clock.now())).lastrowid

    def remove_staff(self, staff_id: int, by: Principal | None = None) -> None:
        if by is not None and staff_id == by.staff_id:
            raise Conflict("You cannot remove your own account.", code="self_removal")
        self.staff(staff_id)
        with self.store.tx():
            self.db.execute("UPDATE staff SET disabled = 1 WHERE id = ?", (staff_id,))
            revoked = self.tokens.revoke_staff(staff_id)
        self.tokens.announce_revoked(revoked)

    def ensure_default_staff(self) -> dict[str, str]:
        """One account per staff role, and this start's token for each (see Tokens: the previous
        start's tokens keep working for a minute, older ones are revoked)."""
        with self.store.tx():
            staff_ids: dict[str, int] = {}
            for role, name in DEFAULT_STAFF:
                row = self.db.execute("SELECT id FROM staff WHERE role = ? AND disabled = 0 ORDER BY id LIMIT 1",
                                      (role.value,)).fetchone()
                staff_ids[role.value] = row["id"] if row else self._insert_staff(name, role)
            return self.tokens.start_tokens(staff_ids)

    # ------------------------------------------------------------------ viewers

    def join_as_viewer(self, nickname: str) -> dict:
        nickname = storable(nickname)
        with self.store.tx():
            viewer_id = self.db.execute("INSERT INTO viewers(nickname, created_at) VALUES (?, ?)",
                                        (nickname, self.store.clock.now())).lastrowid
            token = self.tokens.mint_viewer(viewer_id)
        return {"viewer_id": viewer_id, "nickname": nickname, "token": token}

    def prune_idle_viewers(self, limit: int = IDLE_PRUNE_BATCH) -> int:
        """Viewers who signed up and changed nothing before their token expired go, with their
        token: nothing refers to them, and a flood of sign-ups leaves no lasting rows. At most
        `limit` at a time, found through an index; how many went."""
        idle = ("SELECT viewer_id FROM access_tokens WHERE acted_at IS NULL AND expires_at < ? AND kind = 'viewer' "
                "LIMIT ?")
        if not self.db.execute(idle, (self.tokens.wall(), 1)).fetchone():   # the common case: a read, no write
            return 0
        with self.store.tx():
            ids = [r[0] for r in self.db.execute(idle, (self.tokens.wall(), limit)).fetchall()]
            marks = ",".join("?" * len(ids))
            if ids:
                self.db.execute(f"DELETE FROM access_tokens WHERE kind = 'viewer' AND acted_at IS NULL "
                                f"AND viewer_id IN ({marks})", ids)
                # The newest row stays: SQLite numbers a new row after the largest id, and an id that
                # was a viewer's must never be another's.
                self.db.execute(f"DELETE FROM viewers WHERE id IN ({marks}) AND id < (SELECT MAX(id) FROM viewers)",
                                ids)
        return len(ids)

    def create_viewers(self, nicknames: list[str]) -> list[int]:
        """Simulated viewers (no tokens: the audience acts in-process)."""
        with self.store.tx():
            now = self.store.clock.now()
            return [self.db.execute("INSERT INTO viewers(nickname, created_at) VALUES (?, ?)",
                                    (storable(n), now)).lastrowid for n in nicknames]

    def viewer_row(self, viewer_id: int) -> sqlite3.Row:
        r = self.db.execute("SELECT * FROM viewers WHERE id = ?", (viewer_id,)).fetchone()
        if r is None:
            raise NotFound(f"Viewer {viewer_id} does not exist.", code="viewer_unknown")
        return r
