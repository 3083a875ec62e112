"""Live plans (直播预告): a room scheduled ahead with its plan (start and end, anchor, description,
cover image), the viewers who reserved a reminder (预约), and the reminder each of them gets once
when the room starts; plus the images uploaded for plans (`media`).

A plan is kept beside the room (`room_plans`), so a room is the same room before and after it
goes live; `describe` adds the plan to every answer about the room. The rules a plan must keep
are those of domain/plan_rules.py (which the console checks before sending), refused here with a 422
naming the first one broken (`code` and a sentence; the route's form already keeps the lengths): a
title of 2 to 60 characters, a start in the future and within a year, an end after the start and at
most 24 hours later. Reminders are sent in the transaction that starts the room, at most once per room (the
plan remembers when they went out), one stored notification per subscriber."""

from __future__ import annotations

import secrets
import sqlite3
from dataclasses import dataclass

from anchor_console.domain import plan_rules
from anchor_console.domain.plan_rules import broken_rules
from anchor_console.studio.errors import Conflict, Invalid, NotFound
from anchor_console.studio.services.accounts import Accounts
from anchor_console.studio.services.rooms import RoomService

SCHEMA = """
CREATE TABLE IF NOT EXISTS room_plans(
  room_id INTEGER PRIMARY KEY, starts_at REAL NOT NULL, ends_at REAL NOT NULL, anchor_name TEXT NOT NULL,
  description TEXT NOT NULL, cover_media_id TEXT, subscribers INTEGER NOT NULL DEFAULT 0,
  reminders_sent_at REAL, reminders_sent INTEGER NOT NULL DEFAULT 0, created_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS reservations(
  room_id INTEGER NOT NULL, viewer_id INTEGER NOT NULL, created_at REAL NOT NULL, PRIMARY KEY(room_id, viewer_id));
CREATE TABLE IF NOT EXISTS notifications(
  id INTEGER PRIMARY KEY, viewer_id INTEGER NOT NULL, room_id INTEGER NOT NULL, kind TEXT NOT NULL,
  title TEXT NOT NULL, created_at REAL NOT NULL, UNIQUE(viewer_id, room_id, kind));
CREATE INDEX IF NOT EXISTS notifications_viewer ON notifications(viewer_id, id);
CREATE TABLE IF NOT EXISTS media(
  id TEXT PRIMARY KEY, mime TEXT NOT NULL, data BLOB NOT NULL, created_at REAL NOT NULL);
"""

IMAGE_MAGIC = ((b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff", "image/jpeg"))
IMAGE_MAX = plan_rules.COVER_MAX_BYTES


def read_image(data: bytes) -> tuple[bytes, str]:
    """An uploaded image (PNG or JPEG, by its first bytes) and its type; Invalid otherwise."""
    if not data:
        raise Invalid("Send the image file as the request body.", code="image_empty")
    for magic, mime in IMAGE_MAGIC:
        if data.startswith(magic):
            return data, mime
    raise Invalid("The image must be a PNG or JPEG file.", code="image_type")


@dataclass(eq=False)
class Plans(RoomService):
    accounts: Accounts

    def __post_init__(self) -> None:
        super().__post_init__()
        self.db.executescript(SCHEMA)

    # ------------------------------------------------------------------ the plan

    def _row(self, room_id: int) -> sqlite3.Row | None:
        return self.db.execute("SELECT * FROM room_plans WHERE room_id = ?", (room_id,)).fetchone()

    def describe(self, room_id: int) -> dict:
        """What a room answer says of its plan (`plan`: null for a room made without one)."""
        p = self._row(room_id)
        if p is None:
            return {"plan": None}
        return {"plan": {"starts_at": p["starts_at"], "ends_at": p["ends_at"], "anchor_name": p["anchor_name"],
                         "description": p["description"],
                         "cover_url": f"/watch/{room_id}/cover" if p["cover_media_id"] else "",
                         "cover_media_id": p["cover_media_id"] or "",
                         "watch_url": f"/watch/{room_id}", "subscribers": p["subscribers"],
                         "reminders_sent": p["reminders_sent"] if p["reminders_sent_at"] is not None else None}}

    def check(self, title: str, starts_at: float, ends_at: float, anchor_name: str, description: str,
              cover_media_id: str | None) -> None:
        """The plan's rules; the first one broken is refused, in words."""
        broken = broken_rules(title, starts_at, ends_at, anchor_name, description, self.store.clock.now())
        if broken:
            raise Invalid(broken[0].words.english(), code=broken[0].code)
        if cover_media_id and self.media(cover_media_id) is None:
            raise Conflict("The cover image is not known: upload it first.", code="plan_cover_unknown")   # body

    def create(self, title: str, starts_at: float, ends_at: float, *, anchor_name: str = "", description: str = "",
               cover_media_id: str | None = None) -> dict:
        self.check(title, starts_at, ends_at, anchor_name, description, cover_media_id)
        with self.store.tx():
            room = self.rooms.create(title)
            self.db.execute("INSERT INTO room_plans(room_id, starts_at, ends_at, anchor_name, description, "
                            "cover_media_id, created_at) VALUES (?,?,?,?,?,?,?)",
                            (room["id"], starts_at, ends_at, anchor_name, description, cover_media_id or None,
                             self.store.clock.now()))
            self._announce(room["id"])
        return self.rooms.get(room["id"])

    def edit(self, room_id: int, title: str, starts_at: float, ends_at: float, *, anchor_name: str = "",
             description: str = "", cover_media_id: str | None = None) -> dict:
        """A new plan for a room that has not started (a room made without one gets one)."""
        if self.rooms.row(room_id)["status"] != "scheduled":
            raise Conflict("This live has started or ended; its plan can no longer change.", code="plan_not_scheduled")
        self.check(title, starts_at, ends_at, anchor_name, description, cover_media_id)
        with self.store.tx():
            self.db.execute("UPDATE rooms SET title = ? WHERE id = ?", (title, room_id))
            self.db.execute(
                "INSERT INTO room_plans(room_id, starts_at, ends_at, anchor_name, description, cover_media_id, "
                "created_at) VALUES (?,?,?,?,?,?,?) ON CONFLICT(room_id) DO UPDATE SET starts_at = excluded.starts_at, "
                "ends_at = excluded.ends_at, anchor_name = excluded.anchor_name, description = excluded.description, "
                "cover_media_id = excluded.cover_media_id",
                (room_id, starts_at, ends_at, anchor_name, description, cover_media_id or None, self.store.clock.now()))
            self._announce(room_id)
        return self.rooms.get(room_id)

    def _announce(self, room_id: int) -> None:
        self.store.emit(room_id, "room.updated", {"room": self.rooms.get(room_id)})

    def list_planned(self) -> list[dict]:
        """Rooms with a plan that have not ended, soonest start first."""
        rows = self.db.execute("SELECT p.room_id FROM room_plans p JOIN rooms r ON r.id = p.room_id "
                               "WHERE r.status != 'ended' ORDER BY p.starts_at, p.room_id").fetchall()
        return [self.rooms.get(r["room_id"]) for r in rows]

    def upcoming(self) -> list[tuple[int, float]]:
        """(room, planned start) of every planned room not started yet: what the audience reserves."""
        return [(r["room_id"], r["starts_at"]) for r in self.db.execute(
            "SELECT p.room_id, p.starts_at FROM room_plans p JOIN rooms r ON r.id = p.room_id "
            "WHERE r.status = 'scheduled'")]

    # ------------------------------------------------------------------ reservations and reminders

    def _reservable(self, room_id: int) -> None:
        if self.rooms.row(room_id)["status"] != "scheduled" or self._row(room_id) is None:
            raise Conflict("Only a planned live that has not started can be reserved.", code="room_not_scheduled")

    def reserve(self, room_id: int, viewer_ids: list[int]) -> dict:
        """Reminders for these viewers when the room starts (a second reservation changes nothing)."""
        self._reservable(room_id)
        now = self.store.clock.now()
        with self.store.tx():
            added = sum(self.db.execute("INSERT OR IGNORE INTO reservations(room_id, viewer_id, created_at) "
                                        "VALUES (?,?,?)", (room_id, vid, now)).rowcount for vid in viewer_ids)
            if added:
                self.db.execute("UPDATE room_plans SET subscribers = subscribers + ? WHERE room_id = ?",
                                (added, room_id))
                self._announce(room_id)
        return self.reservation(room_id, viewer_ids[0] if len(viewer_ids) == 1 else None)

    def cancel(self, room_id: int, viewer_id: int) -> dict:
        self._reservable(room_id)
        with self.store.tx():
            if self.db.execute("DELETE FROM reservations WHERE room_id = ? AND viewer_id = ?",
                               (room_id, viewer_id)).rowcount:
                self.db.execute("UPDATE room_plans SET subscribers = subscribers - 1 WHERE room_id = ?", (room_id,))
                self._announce(room_id)
        return self.reservation(room_id, viewer_id)

    def reservation(self, room_id: int, viewer_id: int | None) -> dict:
        row = self._row(room_id)
        reserved = viewer_id is not None and self.db.execute(
            "SELECT 1 FROM reservations WHERE room_id = ? AND viewer_id = ?", (room_id, viewer_id)).fetchone() is not None
        return {"room_id": room_id, "reserved": reserved, "subscribers": row["subscribers"] if row else 0}

    def remind_subscribers(self, room_id: int) -> None:
        """Within the transaction that starts the room: one reminder per subscriber, once."""
        plan = self._row(room_id)
        if plan is None or plan["reminders_sent_at"] is not None:
            return
        now = self.store.clock.now()
        title = self.rooms.row(room_id)["title"]
        sent = self.db.execute("INSERT OR IGNORE INTO notifications(viewer_id, room_id, kind, title, created_at) "
                               "SELECT viewer_id, room_id, 'live_started', ?, ? FROM reservations WHERE room_id = ?",
                               (title, now, room_id)).rowcount
        self.db.execute("UPDATE room_plans SET reminders_sent_at = ?, reminders_sent = ? WHERE room_id = ?",
                        (now, sent, room_id))
        self.store.emit(room_id, "plan.reminders_sent", {"room_id": room_id, "count": sent})

    def notifications(self, viewer_id: int, after_id: int = 0, limit: int = 100) -> dict:
        rows = self.db.execute("SELECT * FROM notifications WHERE viewer_id = ? AND id > ? ORDER BY id LIMIT ?",
                               (viewer_id, after_id, limit)).fetchall()
        return {"items": [{"id": r["id"], "room_id": r["room_id"], "kind": r["kind"], "title": r["title"],
                           "watch_url": f"/watch/{r['room_id']}", "created_at": r["created_at"]} for r in rows]}

    # ------------------------------------------------------------------ images

    def upload(self, data: bytes) -> dict:
        data, mime = read_image(data)
        if len(data) > IMAGE_MAX:
            raise Invalid(f"The image may be at most {IMAGE_MAX // (1024 * 1024)} MB.", code="image_too_large")
        media_id = secrets.token_hex(16)
        with self.store.tx():
            self.db.execute("INSERT INTO media(id, mime, data, created_at) VALUES (?,?,?,?)",
                            (media_id, mime, data, self.store.clock.now()))
        return {"media_id": media_id, "type": mime, "size": len(data)}

    def media(self, media_id: str) -> sqlite3.Row | None:
        return self.db.execute("SELECT * FROM media WHERE id = ?", (media_id,)).fetchone()

    def cover(self, room_id: int) -> tuple[bytes, str]:
        plan = self._row(room_id)
        media = self.media(plan["cover_media_id"]) if plan is not None and plan["cover_media_id"] else None
        if media is None:
            raise NotFound(f"Room {room_id} has no cover image.")
        return bytes(media["data"]), media["mime"]

    def public_view(self, room_id: int) -> dict:
        """What the public share page shows of a planned room."""
        room = self.rooms.get(room_id)
        if room["plan"] is None:
            raise NotFound(f"Room {room_id} has no live plan.")
        return room
