"""The comment stream of a room: viewers and staff post (staff also announcements, in a color), the
audience posts in bulk, staff pin (one at a time), hide and delete. A viewer's comment is refused
under a mute, a ban or the room's chat modes (chat_modes.py); staff are never limited by them. Ids
are handed out in memory so a batch inserts in one go."""

from __future__ import annotations

import math
import sqlite3
from dataclasses import dataclass

from anchor_console.domain.models import ANNOUNCEMENT_COLORS
from anchor_console.studio.errors import Conflict, Forbidden, Invalid
from anchor_console.studio.permissions import Role
from anchor_console.studio.services import chat_modes
from anchor_console.studio.services.chat_modes import ChatModes
from anchor_console.studio.services.moderation import Moderation
from anchor_console.studio.services.rooms import RoomService
from anchor_console.studio.store import Principal, storable

REFUSALS = {"banned": "You have been removed from this room.",
            "room_muted": "Comments are closed in this room right now.",
            "muted": "You have been muted in this room.", **chat_modes.REFUSALS}


@dataclass(eq=False)
class Comments(RoomService):
    moderation: Moderation

    def __post_init__(self) -> None:
        super().__post_init__()
        self._next_id = (self.db.execute("SELECT COALESCE(MAX(id), 0) FROM comments").fetchone()[0]) + 1

    @staticmethod
    def as_dict(r: sqlite3.Row) -> dict:
        return {"id": r["id"], "room_id": r["room_id"],
                "user": {"id": (f"v{r['viewer_id']}" if r["viewer_id"] is not None else f"s{r['staff_id']}"),
                         "nickname": r["nickname"]},
                "text": r["text"], "created_at": r["created_at"], "is_staff": r["staff_id"] is not None,
                "pinned": bool(r["pinned"]), "hidden": bool(r["hidden"]), "deleted": bool(r["deleted"]),
                "announcement": r["announcement"]}

    def list_comments(self, room_id: int, after_id: int | None, before_id: int | None, limit: int) -> list[dict]:
        self.rooms.row(room_id)
        if before_id is not None:
            rows = self.db.execute("SELECT * FROM comments WHERE room_id = ? AND id < ? ORDER BY id DESC LIMIT ?",
                                   (room_id, before_id, limit)).fetchall()[::-1]
        else:
            rows = self.db.execute("SELECT * FROM comments WHERE room_id = ? AND id > ? ORDER BY id LIMIT ?",
                                   (room_id, after_id or 0, limit)).fetchall()
        return [self.as_dict(r) for r in rows]

    def pinned(self, room_id: int) -> dict | None:
        r = self.db.execute("SELECT * FROM comments WHERE room_id = ? AND pinned = 1", (room_id,)).fetchone()
        return self.as_dict(r) if r else None

    def _row(self, room_id: int, comment_id: int) -> sqlite3.Row:
        return self._row_in_room("comments", comment_id, room_id, f"Comment {comment_id} does not exist in this room.")

    def post(self, room_id: int, principal: Principal, text: str, *, announcement: str | None = None) -> dict:
        """A comment; `announcement`: a staff announcement in that color (domain.models.ANNOUNCEMENT_COLORS)."""
        r = self.rooms.require_live(room_id)
        if principal.role is Role.VIEWER:
            if announcement is not None:
                raise Forbidden("Only staff can post announcements.")
            self._refuse_viewer(room_id, principal.viewer_id, r)
            return self.add_batch(room_id, [(principal.viewer_id, principal.name, text)])[0]
        if announcement is not None and announcement not in ANNOUNCEMENT_COLORS:
            raise Invalid(f"color must be one of {', '.join(ANNOUNCEMENT_COLORS)}.")
        with self.store.tx():
            self._catch_up_ids()
            cid = self._next_id
            self._next_id += 1
            self.db.execute("INSERT INTO comments(id, room_id, staff_id, nickname, text, created_at, announcement) "
                            "VALUES (?,?,?,?,?,?,?)",
                            (cid, room_id, principal.staff_id, principal.name, text, self.store.clock.now(),
                             announcement))
            self.db.execute("UPDATE room_stats SET comments = comments + 1 WHERE room_id = ?", (room_id,))
            comment = self.as_dict(self._row(room_id, cid))
            self.store.emit(room_id, "comment.created", {"comment": comment})
            self.rooms.relay_chat(room_id, "staff_post", comment_id=cid, text=comment["text"])
        return comment

    def _refuse_viewer(self, room_id: int, viewer_id: int, room) -> None:
        modes = ChatModes.of(room)
        refusal = self.moderation.viewer_may_comment(room_id, viewer_id, bool(room["mute_all"]), modes)
        if refusal == "slow_mode":
            wait = max(1, math.ceil(self.moderation.chat_gate.slow_mode_wait(room_id, viewer_id, modes)))
            raise Forbidden(f"Slow mode is on: you can comment again in {wait} s.", code=refusal,
                            headers={"Retry-After": str(wait)}, extra={"retry_after_s": wait})
        if refusal:
            raise Forbidden(REFUSALS[refusal], code=refusal)

    def _catch_up_ids(self) -> None:
        """Other workers (PostgreSQL) add comments too: the next id counts on from the newest, read as
        the transaction began, under the writers' lock (store.LAST_IDS, as event ids are)."""
        self._next_id = max(self._next_id, self.store.last_ids["comments"] + 1)

    def add_batch(self, room_id: int, items: list[tuple[int, str, str]]) -> list[dict]:
        """Viewer comments in bulk (viewer id, nickname, text): one transaction for a whole batch,
        which is how the audience reaches thousands of comments a second."""
        if not items:
            return []
        now = self.store.clock.now()
        comments = []
        with self.store.tx():
            self._catch_up_ids()
            rows = []
            for viewer_id, nickname, text in items:
                nickname, text = storable(nickname), storable(text)   # one bad comment must not sink a batch
                cid = self._next_id
                self._next_id += 1
                rows.append((cid, room_id, viewer_id, nickname, text, now))
                comments.append({"id": cid, "room_id": room_id, "user": {"id": f"v{viewer_id}", "nickname": nickname},
                                 "text": text, "created_at": now, "is_staff": False, "pinned": False,
                                 "hidden": False, "deleted": False, "announcement": None})
            self.db.executemany("INSERT INTO comments(id, room_id, viewer_id, nickname, text, created_at) "
                                "VALUES (?,?,?,?,?,?)", rows)
            self.db.execute("UPDATE room_stats SET comments = comments + ? WHERE room_id = ?", (len(rows), room_id))
            self.store.emit_many(room_id, "comment.created", [{"comment": c} for c in comments])
        # For slow mode. (Nested in a change that then rolls back, a viewer waits once for nothing.)
        self.moderation.chat_gate.noted(room_id, [item[0] for item in items], now)
        return comments

    def _update(self, room_id: int, comment_id: int, **flags: int) -> dict:
        self._row(room_id, comment_id)
        with self.store.tx():
            for k, v in flags.items():
                self.db.execute(f"UPDATE comments SET {k} = ? WHERE id = ?", (v, comment_id))
            comment = self.as_dict(self._row(room_id, comment_id))
            self.store.emit(room_id, "comment.updated", {"comment": comment})
        return comment

    def pin(self, room_id: int, comment_id: int) -> dict:
        self.rooms.require_not_ended(room_id)
        row = self._row(room_id, comment_id)
        if row["deleted"]:
            raise Conflict("A deleted comment cannot be pinned.", code="comment_deleted")
        with self.store.tx():
            for other in self.db.execute("SELECT id FROM comments WHERE room_id = ? AND pinned = 1 AND id != ?",
                                         (room_id, comment_id)).fetchall():
                self._update(room_id, other["id"], pinned=0)
            return self._relayed(room_id, "pin", self._update(room_id, comment_id, pinned=1))

    def unpin(self, room_id: int, comment_id: int) -> dict:
        with self.store.tx():
            return self._relayed(room_id, "unpin", self._update(room_id, comment_id, pinned=0))

    def hide(self, room_id: int, comment_id: int, hidden: bool = True) -> dict:
        with self.store.tx():   # a hidden comment is recalled from the chat; un-hiding cannot bring it back there
            comment = self._update(room_id, comment_id, hidden=int(hidden))
            return self._relayed(room_id, "recall", comment) if hidden else comment

    def delete(self, room_id: int, comment_id: int) -> dict:
        with self.store.tx():
            return self._relayed(room_id, "recall", self._update(room_id, comment_id, deleted=1, pinned=0))

    def _relayed(self, room_id: int, action: str, comment: dict) -> dict:
        self.rooms.relay_chat(room_id, action, comment_id=comment["id"], text=comment["text"])
        return comment
