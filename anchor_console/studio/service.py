"""Studio's state and every change to it.

All state lives in SQLite (WAL). Each change runs in one transaction on the server's event-loop
thread, with no await inside it, so stock, money and per-buyer limits hold however many requests
arrive at once: the SQL itself also guards them (`... WHERE stock >= ?`). Every change is written
as an event in the same transaction and published to the room's event feed after commit."""

from __future__ import annotations

import contextlib
import hashlib
import json
import secrets
import sqlite3
import time
from dataclasses import dataclass
from typing import Any, Callable, Iterator

from anchor_console.studio.errors import Conflict, Forbidden, Invalid, NotFound, Unauthorized
from anchor_console.studio.event_feed import EventFeed, encode_frame
from anchor_console.studio.permissions import Role

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS staff(
  id INTEGER PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL,
  created_at REAL NOT NULL, disabled INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS tokens(
  token_hash TEXT PRIMARY KEY, staff_id INTEGER, viewer_id INTEGER, created_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS viewers(
  id INTEGER PRIMARY KEY, nickname TEXT NOT NULL, created_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS room_viewers(
  room_id INTEGER NOT NULL, viewer_id INTEGER NOT NULL,
  muted_until REAL, banned INTEGER NOT NULL DEFAULT 0, comments INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY(room_id, viewer_id));
CREATE TABLE IF NOT EXISTS rooms(
  id INTEGER PRIMARY KEY, title TEXT NOT NULL, status TEXT NOT NULL, created_at REAL NOT NULL,
  started_at REAL, ended_at REAL, mute_all INTEGER NOT NULL DEFAULT 0, stage_product_id INTEGER,
  stream_name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS products(
  id INTEGER PRIMARY KEY, name TEXT NOT NULL, category TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT '', image TEXT NOT NULL DEFAULT '', created_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS skus(
  id INTEGER PRIMARY KEY, product_id INTEGER NOT NULL, name TEXT NOT NULL,
  price_fen INTEGER NOT NULL CHECK(price_fen >= 0), stock INTEGER NOT NULL CHECK(stock >= 0));
CREATE TABLE IF NOT EXISTS shelf(
  room_id INTEGER NOT NULL, product_id INTEGER NOT NULL, position INTEGER NOT NULL,
  on_sale INTEGER NOT NULL DEFAULT 1, sold INTEGER NOT NULL DEFAULT 0, added_at REAL NOT NULL,
  PRIMARY KEY(room_id, product_id));
CREATE TABLE IF NOT EXISTS coupon_templates(
  id INTEGER PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, amount_fen INTEGER NOT NULL DEFAULT 0,
  threshold_fen INTEGER NOT NULL DEFAULT 0, percent_off INTEGER NOT NULL DEFAULT 0, created_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS coupon_issues(
  id INTEGER PRIMARY KEY, room_id INTEGER NOT NULL, template_id INTEGER NOT NULL,
  quantity INTEGER NOT NULL, claimed INTEGER NOT NULL DEFAULT 0 CHECK(claimed <= quantity),
  valid_until REAL NOT NULL, state TEXT NOT NULL, created_at REAL NOT NULL, created_by INTEGER);
CREATE TABLE IF NOT EXISTS coupon_claims(
  id INTEGER PRIMARY KEY, issue_id INTEGER NOT NULL, viewer_id INTEGER NOT NULL,
  created_at REAL NOT NULL, order_id INTEGER, UNIQUE(issue_id, viewer_id));
CREATE TABLE IF NOT EXISTS flash_sales(
  id INTEGER PRIMARY KEY, room_id INTEGER NOT NULL, product_id INTEGER NOT NULL, sku_id INTEGER NOT NULL,
  sale_price_fen INTEGER NOT NULL, stock INTEGER NOT NULL, sold INTEGER NOT NULL DEFAULT 0 CHECK(sold <= stock),
  per_buyer_limit INTEGER NOT NULL, countdown_s INTEGER NOT NULL, duration_s INTEGER NOT NULL,
  state TEXT NOT NULL, starts_at REAL, ends_at REAL, ended_reason TEXT NOT NULL DEFAULT '',
  created_at REAL NOT NULL, created_by INTEGER);
CREATE TABLE IF NOT EXISTS flash_sale_buyers(
  flash_sale_id INTEGER NOT NULL, viewer_id INTEGER NOT NULL, quantity INTEGER NOT NULL,
  PRIMARY KEY(flash_sale_id, viewer_id));
CREATE TABLE IF NOT EXISTS orders(
  id INTEGER PRIMARY KEY, room_id INTEGER NOT NULL, viewer_id INTEGER NOT NULL, product_id INTEGER NOT NULL,
  sku_id INTEGER NOT NULL, quantity INTEGER NOT NULL, unit_price_fen INTEGER NOT NULL,
  discount_fen INTEGER NOT NULL DEFAULT 0, amount_fen INTEGER NOT NULL, flash_sale_id INTEGER,
  coupon_claim_id INTEGER, created_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS comments(
  id INTEGER PRIMARY KEY, room_id INTEGER NOT NULL, viewer_id INTEGER, staff_id INTEGER,
  nickname TEXT NOT NULL, text TEXT NOT NULL, created_at REAL NOT NULL,
  pinned INTEGER NOT NULL DEFAULT 0, hidden INTEGER NOT NULL DEFAULT 0, deleted INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS comments_room ON comments(room_id, id);
CREATE TABLE IF NOT EXISTS room_stats(
  room_id INTEGER PRIMARY KEY, entries INTEGER NOT NULL DEFAULT 0, likes INTEGER NOT NULL DEFAULT 0,
  comments INTEGER NOT NULL DEFAULT 0, orders INTEGER NOT NULL DEFAULT 0, gmv_fen INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS events(
  id INTEGER PRIMARY KEY, room_id INTEGER NOT NULL, type TEXT NOT NULL, ts REAL NOT NULL, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS events_room ON events(room_id, id);
CREATE TABLE IF NOT EXISTS idempotency(
  scope TEXT NOT NULL, key TEXT NOT NULL, fingerprint TEXT NOT NULL, status INTEGER NOT NULL,
  response TEXT NOT NULL, created_at REAL NOT NULL, PRIMARY KEY(scope, key));
"""

MAX_INT = 2**53  # ids and counts beyond this are refused before they reach SQLite
COUPON_KINDS = ("cash", "threshold", "percent")


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True, slots=True)
class Principal:
    role: Role
    staff_id: int | None = None
    viewer_id: int | None = None
    name: str = ""

    @property
    def scope(self) -> str:
        return f"s{self.staff_id}" if self.staff_id is not None else f"v{self.viewer_id}"


class StudioClock:
    """Wall clock with a settable speed, so a rehearsal at 10× also runs flash-sale countdowns,
    coupon validity and mutes at 10×."""

    def __init__(self, base: Callable[[], float] = time.time) -> None:
        self._base = base
        self._anchor_real = base()
        self._anchor_studio = self._anchor_real
        self.speed = 1.0

    def now(self) -> float:
        return self._anchor_studio + (self._base() - self._anchor_real) * self.speed

    def set_speed(self, speed: float) -> None:
        now = self.now()
        self._anchor_real = self._base()
        self._anchor_studio = now
        self.speed = speed


class StudioService:
    def __init__(self, db_path: str, *, clock: StudioClock | None = None) -> None:
        self.clock = clock or StudioClock()
        self.db = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("PRAGMA foreign_keys=OFF")
        self.db.executescript(SCHEMA)
        self._next_event_id = (self.db.execute("SELECT COALESCE(MAX(id), 0) FROM events").fetchone()[0]) + 1
        self._next_comment_id = (self.db.execute("SELECT COALESCE(MAX(id), 0) FROM comments").fetchone()[0]) + 1
        self.feed = EventFeed(floor=self._next_event_id - 1)
        self._pending: list[tuple[int, int, bytes, str, dict]] = []
        self._in_tx = False
        # Per-room moderation state mirrored in memory: the audience checks it for every comment.
        self._muted: dict[int, dict[int, float]] = {}
        self._banned: dict[int, set[int]] = {}
        for row in self.db.execute("SELECT room_id, viewer_id, muted_until, banned FROM room_viewers "
                                   "WHERE banned = 1 OR muted_until IS NOT NULL"):
            if row["banned"]:
                self._banned.setdefault(row["room_id"], set()).add(row["viewer_id"])
            if row["muted_until"]:
                self._muted.setdefault(row["room_id"], {})[row["viewer_id"]] = row["muted_until"]
        self.online: dict[int, int] = {}  # room -> viewers online (the audience keeps it current)
        self.listeners: list[Callable[[int, str, dict], None]] = []  # in-process observers (audience)

    # ------------------------------------------------------------------ plumbing

    @contextlib.contextmanager
    def tx(self) -> Iterator[sqlite3.Connection]:
        if self._in_tx:  # nested: part of the outer transaction
            yield self.db
            return
        self._in_tx = True
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            self._pending.clear()
            raise
        finally:
            self._in_tx = False
        pending, self._pending = self._pending, []
        by_room: dict[int, list[tuple[int, bytes]]] = {}
        for room_id, event_id, frame, _type, _data in pending:
            by_room.setdefault(room_id, []).append((event_id, frame))
        for room_id, items in by_room.items():
            self.feed.publish(room_id, items)
        if self.listeners:
            for room_id, _id, _frame, event_type, data in pending:
                for listener in self.listeners:
                    listener(room_id, event_type, data)

    def emit(self, room_id: int, event_type: str, data: dict) -> int:
        """Record an event; must run inside tx(). Subscribers see it once the change commits."""
        assert self._in_tx, "events are written in the transaction of the change"
        event_id = self._next_event_id
        self._next_event_id += 1
        ts = self.clock.now()
        envelope = {"id": event_id, "type": event_type, "room_id": room_id, "ts": ts, "data": data}
        self.db.execute("INSERT INTO events(id, room_id, type, ts, data) VALUES (?,?,?,?,?)",
                        (event_id, room_id, event_type, ts, json.dumps(data, ensure_ascii=False)))
        self._pending.append((room_id, event_id, encode_frame(event_id, event_type, envelope), event_type, data))
        return event_id

    def meta(self, key: str, default: str | None = None) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                        (key, value))

    def events_after(self, room_id: int, last_id: int, limit: int = 2000) -> list[tuple[int, bytes]]:
        rows = self.db.execute("SELECT id, type, ts, data FROM events WHERE room_id = ? AND id > ? ORDER BY id LIMIT ?",
                               (room_id, last_id, limit)).fetchall()
        return [(r["id"], encode_frame(r["id"], r["type"], {"id": r["id"], "type": r["type"], "room_id": room_id,
                                                              "ts": r["ts"], "data": json.loads(r["data"])}))
                for r in rows]

    def prune_events(self, older_than_s: float) -> None:
        """Events are kept for at least a whole show; older ones of ended rooms are dropped."""
        cutoff = self.clock.now() - older_than_s
        with self.tx():
            self.db.execute("DELETE FROM events WHERE ts < ? AND room_id IN (SELECT id FROM rooms WHERE status = 'ended')",
                            (cutoff,))

    # ------------------------------------------------------------------ auth and staff

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
                        (hash_token(token), staff_id, viewer_id, self.clock.now()))
        return token

    def create_staff(self, name: str, role: Role) -> dict:
        if role is Role.VIEWER:
            raise Invalid("Staff accounts are anchor, assistant or moderator.")
        with self.tx():
            cur = self.db.execute("INSERT INTO staff(name, role, created_at) VALUES (?,?,?)",
                                  (name, role.value, self.clock.now()))
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
        with self.tx():
            self.db.execute("UPDATE staff SET disabled = 1 WHERE id = ?", (staff_id,))
            self.db.execute("DELETE FROM tokens WHERE staff_id = ?", (staff_id,))

    def ensure_default_staff(self) -> dict[str, str]:
        """One account per staff role; a fresh token for each on every start (older tokens stay
        valid, so a console that remembered one keeps working across restarts)."""
        tokens: dict[str, str] = {}
        with self.tx():
            for role, name in ((Role.ANCHOR, "主播 Anchor"), (Role.ASSISTANT, "场控 Assistant"),
                               (Role.MODERATOR, "房管 Moderator")):
                row = self.db.execute("SELECT id FROM staff WHERE role = ? AND disabled = 0 ORDER BY id LIMIT 1",
                                      (role.value,)).fetchone()
                staff_id = row["id"] if row else self.db.execute(
                    "INSERT INTO staff(name, role, created_at) VALUES (?,?,?)",
                    (name, role.value, self.clock.now())).lastrowid
                tokens[role.value] = self._mint_token(staff_id=staff_id)
        return tokens

    def join_as_viewer(self, nickname: str) -> dict:
        with self.tx():
            viewer_id = self.db.execute("INSERT INTO viewers(nickname, created_at) VALUES (?, ?)",
                                        (nickname, self.clock.now())).lastrowid
            token = self._mint_token(viewer_id=viewer_id)
        return {"viewer_id": viewer_id, "nickname": nickname, "token": token}

    def create_viewers(self, nicknames: list[str]) -> list[int]:
        """Simulated viewers (no tokens: the audience acts in-process)."""
        with self.tx():
            now = self.clock.now()
            return [self.db.execute("INSERT INTO viewers(nickname, created_at) VALUES (?, ?)", (n, now)).lastrowid
                    for n in nicknames]

    # ------------------------------------------------------------------ rooms

    def _room_row(self, room_id: int) -> sqlite3.Row:
        row = self.db.execute("SELECT * FROM rooms WHERE id = ?", (room_id,)).fetchone()
        if row is None:
            raise NotFound(f"Room {room_id} does not exist.")
        return row

    def room(self, room_id: int) -> dict:
        r = self._room_row(room_id)
        return {"id": r["id"], "title": r["title"], "status": r["status"], "created_at": r["created_at"],
                "started_at": r["started_at"], "ended_at": r["ended_at"], "mute_all": bool(r["mute_all"]),
                "stage_product_id": r["stage_product_id"]}

    def list_rooms(self) -> list[dict]:
        return [self.room(r["id"]) for r in self.db.execute("SELECT id FROM rooms ORDER BY id")]

    def create_room(self, title: str) -> dict:
        with self.tx():
            room_id = self.db.execute(
                "INSERT INTO rooms(title, status, created_at, stream_name) VALUES (?, 'scheduled', ?, ?)",
                (title, self.clock.now(), "studio_" + secrets.token_hex(6))).lastrowid
            self.db.execute("INSERT INTO room_stats(room_id) VALUES (?)", (room_id,))
            self.emit(room_id, "room.updated", {"room": self.room(room_id)})
        return self.room(room_id)

    def start_room(self, room_id: int) -> dict:
        with self.tx():
            r = self._room_row(room_id)
            if r["status"] == "live":
                return self.room(room_id)
            if r["status"] == "ended":
                raise Conflict("This room has ended; create a new room for a new show.", code="room_ended")
            self.db.execute("UPDATE rooms SET status = 'live', started_at = ? WHERE id = ?", (self.clock.now(), room_id))
            self.emit(room_id, "room.updated", {"room": self.room(room_id)})
        return self.room(room_id)

    def end_room(self, room_id: int) -> dict:
        with self.tx():
            r = self._room_row(room_id)
            if r["status"] == "ended":
                return self.room(room_id)
            now = self.clock.now()
            self.db.execute("UPDATE rooms SET status = 'ended', ended_at = ?, stage_product_id = NULL WHERE id = ?",
                            (now, room_id))
            for fs in self.db.execute("SELECT id FROM flash_sales WHERE room_id = ? AND state IN ('countdown', 'live')",
                                      (room_id,)).fetchall():
                self._end_flash_sale(fs["id"], "room_ended")
            for ci in self.db.execute("SELECT id FROM coupon_issues WHERE room_id = ? AND state = 'active'",
                                      (room_id,)).fetchall():
                self._set_coupon_state(ci["id"], "ended")
            self.emit(room_id, "room.updated", {"room": self.room(room_id)})
        return self.room(room_id)

    def _require_live(self, room_id: int) -> sqlite3.Row:
        r = self._room_row(room_id)
        if r["status"] != "live":
            raise Conflict("The room is not live." if r["status"] == "scheduled" else "The room has ended.",
                           code="room_not_live")
        return r

    def _require_not_ended(self, room_id: int) -> sqlite3.Row:
        r = self._room_row(room_id)
        if r["status"] == "ended":
            raise Conflict("The room has ended.", code="room_ended")
        return r

    def push_info(self, room_id: int) -> tuple[str, str]:
        r = self._room_row(room_id)
        return r["stream_name"], r["title"]

    # ------------------------------------------------------------------ catalog

    def _product_dict(self, row: sqlite3.Row) -> dict:
        skus = [{"id": s["id"], "product_id": s["product_id"], "name": s["name"], "price_fen": s["price_fen"],
                 "stock": s["stock"]}
                for s in self.db.execute("SELECT * FROM skus WHERE product_id = ? ORDER BY id", (row["id"],))]
        return {"id": row["id"], "name": row["name"], "category": row["category"], "description": row["description"],
                "image_url": f"/media/{row['image']}" if row["image"] else "", "skus": skus,
                "price_fen": min((s["price_fen"] for s in skus), default=0), "stock": sum(s["stock"] for s in skus)}

    def product(self, product_id: int) -> dict:
        row = self.db.execute("SELECT * FROM products WHERE id = ?", (product_id,)).fetchone()
        if row is None:
            raise NotFound(f"Product {product_id} does not exist.")
        return self._product_dict(row)

    def list_products(self) -> list[dict]:
        return [self._product_dict(r) for r in self.db.execute("SELECT * FROM products ORDER BY id")]

    def create_product(self, name: str, skus: list[dict], *, category: str = "", description: str = "",
                       image: str = "", product_id: int | None = None) -> dict:
        if not skus:
            raise Invalid("A product needs at least one SKU.")
        with self.tx():
            pid = self.db.execute(
                "INSERT INTO products(id, name, category, description, image, created_at) VALUES (?,?,?,?,?,?)",
                (product_id, name, category, description, image, self.clock.now())).lastrowid
            for s in skus:
                self.db.execute("INSERT INTO skus(id, product_id, name, price_fen, stock) VALUES (?,?,?,?,?)",
                                (s.get("id"), pid, s["name"], s["price_fen"], s["stock"]))
        return self.product(pid)

    def update_product(self, product_id: int, fields: dict) -> dict:
        self.product(product_id)
        allowed = {k: v for k, v in fields.items() if k in ("name", "category", "description") and v is not None}
        with self.tx():
            for k, v in allowed.items():
                self.db.execute(f"UPDATE products SET {k} = ? WHERE id = ?", (v, product_id))
            self._emit_product_changed(product_id)
        return self.product(product_id)

    def update_sku(self, sku_id: int, *, price_fen: int | None = None, stock: int | None = None) -> dict:
        row = self.db.execute("SELECT * FROM skus WHERE id = ?", (sku_id,)).fetchone()
        if row is None:
            raise NotFound(f"SKU {sku_id} does not exist.")
        with self.tx():
            if price_fen is not None:
                self.db.execute("UPDATE skus SET price_fen = ? WHERE id = ?", (price_fen, sku_id))
            if stock is not None:
                self.db.execute("UPDATE skus SET stock = ? WHERE id = ?", (stock, sku_id))
            self._emit_product_changed(row["product_id"])
        return self.product(row["product_id"])

    def _emit_product_changed(self, product_id: int) -> None:
        product = self.product(product_id)
        for r in self.db.execute("SELECT room_id FROM shelf WHERE product_id = ?", (product_id,)).fetchall():
            self.emit(r["room_id"], "product.updated", {"product": product})

    # ------------------------------------------------------------------ shelf and stage

    def shelf(self, room_id: int) -> list[dict]:
        stage = self._room_row(room_id)["stage_product_id"]
        rows = self.db.execute("SELECT * FROM shelf WHERE room_id = ? ORDER BY position", (room_id,)).fetchall()
        return [self._shelf_item(r, stage) for r in rows]

    def _shelf_item(self, row: sqlite3.Row, stage: int | None) -> dict:
        return {"product": self.product(row["product_id"]), "product_id": row["product_id"],
                "position": row["position"], "on_sale": bool(row["on_sale"]), "on_stage": row["product_id"] == stage,
                "sold": row["sold"]}

    def _shelf_row(self, room_id: int, product_id: int) -> sqlite3.Row:
        row = self.db.execute("SELECT * FROM shelf WHERE room_id = ? AND product_id = ?", (room_id, product_id)).fetchone()
        if row is None:
            raise NotFound(f"Product {product_id} is not on this room's shelf.")
        return row

    def _emit_shelf(self, room_id: int) -> None:
        self.emit(room_id, "shelf.changed", {"shelf": self.shelf(room_id)})

    def add_to_shelf(self, room_id: int, product_id: int, on_sale: bool = True) -> dict:
        self._require_not_ended(room_id)
        self.product(product_id)
        with self.tx():
            if self.db.execute("SELECT 1 FROM shelf WHERE room_id = ? AND product_id = ?", (room_id, product_id)).fetchone():
                raise Conflict("This product is already on the shelf.", code="already_listed")
            position = self.db.execute("SELECT COALESCE(MAX(position), 0) + 1 FROM shelf WHERE room_id = ?",
                                       (room_id,)).fetchone()[0]
            self.db.execute("INSERT INTO shelf(room_id, product_id, position, on_sale, added_at) VALUES (?,?,?,?,?)",
                            (room_id, product_id, position, int(on_sale), self.clock.now()))
            self._emit_shelf(room_id)
        return self._shelf_item(self._shelf_row(room_id, product_id), self._room_row(room_id)["stage_product_id"])

    def remove_from_shelf(self, room_id: int, product_id: int) -> None:
        self._require_not_ended(room_id)
        self._shelf_row(room_id, product_id)
        with self.tx():
            self.db.execute("DELETE FROM shelf WHERE room_id = ? AND product_id = ?", (room_id, product_id))
            if self._room_row(room_id)["stage_product_id"] == product_id:
                self._set_stage(room_id, None)
            self._renumber(room_id)
            self._emit_shelf(room_id)

    def _renumber(self, room_id: int) -> None:
        ids = [r[0] for r in self.db.execute("SELECT product_id FROM shelf WHERE room_id = ? ORDER BY position", (room_id,))]
        for pos, pid in enumerate(ids, start=1):
            self.db.execute("UPDATE shelf SET position = ? WHERE room_id = ? AND product_id = ?", (pos, room_id, pid))

    def reorder_shelf(self, room_id: int, product_ids: list[int]) -> list[dict]:
        self._require_not_ended(room_id)
        current = [r[0] for r in self.db.execute("SELECT product_id FROM shelf WHERE room_id = ?", (room_id,))]
        if sorted(current) != sorted(product_ids):
            raise Invalid("The new order must list every product on the shelf exactly once.", code="order_mismatch")
        with self.tx():
            for pos, pid in enumerate(product_ids, start=1):
                self.db.execute("UPDATE shelf SET position = ? WHERE room_id = ? AND product_id = ?", (pos, room_id, pid))
            self._emit_shelf(room_id)
        return self.shelf(room_id)

    def set_on_sale(self, room_id: int, product_id: int, on_sale: bool) -> dict:
        self._require_not_ended(room_id)
        self._shelf_row(room_id, product_id)
        with self.tx():
            self.db.execute("UPDATE shelf SET on_sale = ? WHERE room_id = ? AND product_id = ?",
                            (int(on_sale), room_id, product_id))
            if not on_sale and self._room_row(room_id)["stage_product_id"] == product_id:
                self._set_stage(room_id, None)
            self._emit_shelf(room_id)
        return self._shelf_item(self._shelf_row(room_id, product_id), self._room_row(room_id)["stage_product_id"])

    def put_on_stage(self, room_id: int, product_id: int, replace: bool = True) -> dict:
        r = self._require_live(room_id)
        row = self._shelf_row(room_id, product_id)
        if not row["on_sale"]:
            raise Conflict("A product that is off sale cannot be put on stage.", code="not_on_sale")
        current = r["stage_product_id"]
        if current == product_id:
            return self.room(room_id)
        if current is not None and not replace:
            raise Conflict(f"Product {current} is already on stage.", code="stage_occupied",
                           extra={"stage_product_id": current})
        with self.tx():
            self._set_stage(room_id, product_id)
        return self.room(room_id)

    def clear_stage(self, room_id: int) -> dict:
        self._require_not_ended(room_id)
        with self.tx():
            if self._room_row(room_id)["stage_product_id"] is not None:
                self._set_stage(room_id, None)
        return self.room(room_id)

    def _set_stage(self, room_id: int, product_id: int | None) -> None:
        previous = self._room_row(room_id)["stage_product_id"]
        self.db.execute("UPDATE rooms SET stage_product_id = ? WHERE id = ?", (product_id, room_id))
        self.emit(room_id, "stage.changed", {"product_id": product_id, "previous_product_id": previous})

    # ------------------------------------------------------------------ coupons

    def _template_dict(self, r: sqlite3.Row) -> dict:
        return {"id": r["id"], "name": r["name"], "kind": r["kind"], "amount_fen": r["amount_fen"],
                "threshold_fen": r["threshold_fen"], "percent_off": r["percent_off"]}

    def list_coupon_templates(self) -> list[dict]:
        return [self._template_dict(r) for r in self.db.execute("SELECT * FROM coupon_templates ORDER BY id")]

    def coupon_template(self, template_id: int) -> dict:
        r = self.db.execute("SELECT * FROM coupon_templates WHERE id = ?", (template_id,)).fetchone()
        if r is None:
            raise NotFound(f"Coupon template {template_id} does not exist.")
        return self._template_dict(r)

    def create_coupon_template(self, name: str, kind: str, amount_fen: int = 0, threshold_fen: int = 0,
                               percent_off: int = 0, template_id: int | None = None) -> dict:
        if kind not in COUPON_KINDS:
            raise Invalid(f"Unknown coupon kind {kind!r}.")
        if kind in ("cash", "threshold") and amount_fen <= 0:
            raise Invalid("A cash or threshold coupon needs an amount.")
        if kind == "threshold" and threshold_fen <= amount_fen:
            raise Invalid("The threshold must be above the amount off.")
        if kind == "percent" and not 1 <= percent_off <= 90:
            raise Invalid("Percent off must be between 1 and 90.")
        with self.tx():
            tid = self.db.execute(
                "INSERT INTO coupon_templates(id, name, kind, amount_fen, threshold_fen, percent_off, created_at) "
                "VALUES (?,?,?,?,?,?,?)",
                (template_id, name, kind, amount_fen, threshold_fen, percent_off, self.clock.now())).lastrowid
        return self.coupon_template(tid)

    def _issue_dict(self, r: sqlite3.Row) -> dict:
        t = self.coupon_template(r["template_id"])
        return {"id": r["id"], "room_id": r["room_id"], "template_id": r["template_id"], "name": t["name"],
                "template": t, "quantity": r["quantity"], "claimed": r["claimed"], "valid_until": r["valid_until"],
                "state": r["state"], "created_at": r["created_at"]}

    def coupon_issue(self, issue_id: int, room_id: int | None = None) -> dict:
        self._expire_coupons()
        r = self.db.execute("SELECT * FROM coupon_issues WHERE id = ?", (issue_id,)).fetchone()
        if r is None or (room_id is not None and r["room_id"] != room_id):
            raise NotFound(f"Coupon batch {issue_id} does not exist in this room.")
        return self._issue_dict(r)

    def list_coupon_issues(self, room_id: int) -> list[dict]:
        self._room_row(room_id)
        self._expire_coupons()
        return [self._issue_dict(r) for r in
                self.db.execute("SELECT * FROM coupon_issues WHERE room_id = ? ORDER BY id", (room_id,))]

    def issue_coupon(self, room_id: int, template_id: int, quantity: int, valid_minutes: int, by: Principal) -> dict:
        self._require_live(room_id)
        self.coupon_template(template_id)
        with self.tx():
            now = self.clock.now()
            issue_id = self.db.execute(
                "INSERT INTO coupon_issues(room_id, template_id, quantity, valid_until, state, created_at, created_by) "
                "VALUES (?,?,?,?, 'active', ?, ?)",
                (room_id, template_id, quantity, now + valid_minutes * 60, now, by.staff_id)).lastrowid
            issue = self.coupon_issue(issue_id)
            self.emit(room_id, "coupon.issued", {"coupon": issue})
        return issue

    def stop_coupon(self, room_id: int, issue_id: int) -> dict:
        issue = self.coupon_issue(issue_id, room_id)
        if issue["state"] != "active":
            return issue
        with self.tx():
            self._set_coupon_state(issue_id, "ended")
        return self.coupon_issue(issue_id)

    def _set_coupon_state(self, issue_id: int, state: str) -> None:
        self.db.execute("UPDATE coupon_issues SET state = ? WHERE id = ?", (state, issue_id))
        r = self.db.execute("SELECT * FROM coupon_issues WHERE id = ?", (issue_id,)).fetchone()
        self.emit(r["room_id"], "coupon.updated", {"coupon": self._issue_dict(r)})

    def _expire_coupons(self) -> None:
        now = self.clock.now()
        expired = self.db.execute("SELECT id FROM coupon_issues WHERE state = 'active' AND valid_until <= ?",
                                  (now,)).fetchall()
        if expired:
            with self.tx():
                for r in expired:
                    self._set_coupon_state(r["id"], "ended")

    def claim_coupon(self, room_id: int, issue_id: int, viewer_id: int) -> dict:
        self._require_live(room_id)
        self._check_viewer(room_id, viewer_id)
        issue = self.coupon_issue(issue_id, room_id)
        if issue["state"] != "active":
            raise Conflict("This coupon is no longer available.", code="coupon_unavailable")
        with self.tx():
            if self.db.execute("SELECT 1 FROM coupon_claims WHERE issue_id = ? AND viewer_id = ?",
                               (issue_id, viewer_id)).fetchone():
                raise Conflict("You have already claimed this coupon.", code="already_claimed")
            cur = self.db.execute("UPDATE coupon_issues SET claimed = claimed + 1 WHERE id = ? AND claimed < quantity",
                                  (issue_id,))
            if cur.rowcount != 1:
                raise Conflict("All coupons of this batch have been claimed.", code="coupon_exhausted")
            claim_id = self.db.execute("INSERT INTO coupon_claims(issue_id, viewer_id, created_at) VALUES (?,?,?)",
                                       (issue_id, viewer_id, self.clock.now())).lastrowid
            r = self.db.execute("SELECT * FROM coupon_issues WHERE id = ?", (issue_id,)).fetchone()
            if r["claimed"] >= r["quantity"]:
                self.db.execute("UPDATE coupon_issues SET state = 'exhausted' WHERE id = ?", (issue_id,))
                r = self.db.execute("SELECT * FROM coupon_issues WHERE id = ?", (issue_id,)).fetchone()
            self.emit(room_id, "coupon.updated", {"coupon": self._issue_dict(r)})
        return {"claim_id": claim_id, "coupon": self.coupon_issue(issue_id)}

    # ------------------------------------------------------------------ flash sales

    def _flash_dict(self, r: sqlite3.Row) -> dict:
        return {k: r[k] for k in ("id", "room_id", "product_id", "sku_id", "sale_price_fen", "stock", "sold",
                                  "per_buyer_limit", "countdown_s", "duration_s", "state", "starts_at", "ends_at",
                                  "ended_reason", "created_at")}

    def flash_sale(self, sale_id: int, room_id: int | None = None) -> dict:
        self.advance_flash_sales()
        r = self.db.execute("SELECT * FROM flash_sales WHERE id = ?", (sale_id,)).fetchone()
        if r is None or (room_id is not None and r["room_id"] != room_id):
            raise NotFound(f"Flash sale {sale_id} does not exist in this room.")
        return self._flash_dict(r)

    def list_flash_sales(self, room_id: int) -> list[dict]:
        self._room_row(room_id)
        self.advance_flash_sales()
        return [self._flash_dict(r) for r in
                self.db.execute("SELECT * FROM flash_sales WHERE room_id = ? ORDER BY id", (room_id,))]

    def create_flash_sale(self, room_id: int, product_id: int, sku_id: int, sale_price_fen: int, stock: int,
                          per_buyer_limit: int, countdown_s: int, duration_s: int, by: Principal) -> dict:
        self._require_not_ended(room_id)
        self._shelf_row(room_id, product_id)
        sku = self.db.execute("SELECT * FROM skus WHERE id = ? AND product_id = ?", (sku_id, product_id)).fetchone()
        if sku is None:
            raise Invalid(f"SKU {sku_id} does not belong to product {product_id}.", code="sku_mismatch")
        if sale_price_fen >= sku["price_fen"]:
            raise Invalid("The flash-sale price must be below the regular price.", code="price_not_lower")
        if stock > sku["stock"]:
            raise Invalid(f"Only {sku['stock']} in stock for this SKU.", code="stock_insufficient")
        with self.tx():
            sale_id = self.db.execute(
                "INSERT INTO flash_sales(room_id, product_id, sku_id, sale_price_fen, stock, per_buyer_limit, "
                "countdown_s, duration_s, state, created_at, created_by) VALUES (?,?,?,?,?,?,?,?, 'draft', ?, ?)",
                (room_id, product_id, sku_id, sale_price_fen, stock, per_buyer_limit, countdown_s, duration_s,
                 self.clock.now(), by.staff_id)).lastrowid
            sale = self._flash_dict(self.db.execute("SELECT * FROM flash_sales WHERE id = ?", (sale_id,)).fetchone())
            self.emit(room_id, "flash_sale.updated", {"flash_sale": sale})
        return sale

    def start_flash_sale(self, room_id: int, sale_id: int) -> dict:
        self._require_live(room_id)
        sale = self.flash_sale(sale_id, room_id)
        if sale["state"] != "draft":
            if sale["state"] in ("countdown", "live"):
                return sale
            raise Conflict("This flash sale has ended; create a new one.", code="flash_sale_ended")
        running = self.db.execute("SELECT id FROM flash_sales WHERE room_id = ? AND product_id = ? AND "
                                  "state IN ('countdown', 'live') AND id != ?",
                                  (room_id, sale["product_id"], sale_id)).fetchone()
        if running:
            raise Conflict("Another flash sale of this product is running.", code="flash_sale_running")
        with self.tx():
            now = self.clock.now()
            starts = now + sale["countdown_s"]
            self.db.execute("UPDATE flash_sales SET state = ?, starts_at = ?, ends_at = ? WHERE id = ?",
                            ("countdown" if sale["countdown_s"] > 0 else "live", starts, starts + sale["duration_s"],
                             sale_id))
            self._emit_flash(sale_id)
        return self.flash_sale(sale_id)

    def stop_flash_sale(self, room_id: int, sale_id: int) -> dict:
        sale = self.flash_sale(sale_id, room_id)
        if sale["state"] == "ended":
            return sale
        with self.tx():
            self._end_flash_sale(sale_id, "stopped")
        return self.flash_sale(sale_id)

    def _end_flash_sale(self, sale_id: int, reason: str) -> None:
        self.db.execute("UPDATE flash_sales SET state = 'ended', ended_reason = ?, ends_at = MIN(COALESCE(ends_at, ?), ?) "
                        "WHERE id = ?", (reason, self.clock.now(), self.clock.now(), sale_id))
        self._emit_flash(sale_id)

    def _emit_flash(self, sale_id: int) -> None:
        r = self.db.execute("SELECT * FROM flash_sales WHERE id = ?", (sale_id,)).fetchone()
        self.emit(r["room_id"], "flash_sale.updated", {"flash_sale": self._flash_dict(r)})

    def advance_flash_sales(self) -> None:
        """Countdown → live → ended as time passes (called on every read and by a ticker)."""
        now = self.clock.now()
        due = self.db.execute("SELECT id, state, starts_at, ends_at FROM flash_sales WHERE "
                              "(state = 'countdown' AND starts_at <= ?) OR (state = 'live' AND ends_at <= ?)",
                              (now, now)).fetchall()
        if not due:
            return
        with self.tx():
            for r in due:
                if r["ends_at"] <= now:
                    self._end_flash_sale(r["id"], "expired")
                else:
                    self.db.execute("UPDATE flash_sales SET state = 'live' WHERE id = ?", (r["id"],))
                    self._emit_flash(r["id"])

    def buy_flash_sale(self, room_id: int, sale_id: int, viewer_id: int, quantity: int) -> dict:
        self._require_live(room_id)
        self._check_viewer(room_id, viewer_id)
        sale = self.flash_sale(sale_id, room_id)
        if sale["state"] == "countdown" or sale["state"] == "draft":
            raise Conflict("The flash sale has not started yet.", code="flash_sale_not_started")
        if sale["state"] == "ended":
            raise Conflict("The flash sale has ended.", code="flash_sale_ended")
        with self.tx():
            bought = self.db.execute("SELECT quantity FROM flash_sale_buyers WHERE flash_sale_id = ? AND viewer_id = ?",
                                     (sale_id, viewer_id)).fetchone()
            already = bought["quantity"] if bought else 0
            if already + quantity > sale["per_buyer_limit"]:
                raise Conflict(f"Each buyer may buy at most {sale['per_buyer_limit']}.", code="buyer_limit_reached")
            if self.db.execute("UPDATE flash_sales SET sold = sold + ? WHERE id = ? AND sold + ? <= stock",
                               (quantity, sale_id, quantity)).rowcount != 1:
                raise Conflict("Sold out.", code="sold_out")
            if self.db.execute("UPDATE skus SET stock = stock - ? WHERE id = ? AND stock >= ?",
                               (quantity, sale["sku_id"], quantity)).rowcount != 1:
                raise Conflict("Sold out.", code="sold_out")
            self.db.execute("INSERT INTO flash_sale_buyers(flash_sale_id, viewer_id, quantity) VALUES (?,?,?) "
                            "ON CONFLICT(flash_sale_id, viewer_id) DO UPDATE SET quantity = quantity + excluded.quantity",
                            (sale_id, viewer_id, quantity))
            order = self._record_order(room_id, viewer_id, sale["product_id"], sale["sku_id"], quantity,
                                       sale["sale_price_fen"], 0, flash_sale_id=sale_id)
            r = self.db.execute("SELECT * FROM flash_sales WHERE id = ?", (sale_id,)).fetchone()
            if r["sold"] >= r["stock"]:
                self._end_flash_sale(sale_id, "sold_out")
            else:
                self._emit_flash(sale_id)
            self._emit_product_changed(sale["product_id"])
        return order

    # ------------------------------------------------------------------ orders

    def _record_order(self, room_id: int, viewer_id: int, product_id: int, sku_id: int, quantity: int,
                      unit_price_fen: int, discount_fen: int, *, flash_sale_id: int | None = None,
                      coupon_claim_id: int | None = None) -> dict:
        amount = max(0, unit_price_fen * quantity - discount_fen)
        now = self.clock.now()
        order_id = self.db.execute(
            "INSERT INTO orders(room_id, viewer_id, product_id, sku_id, quantity, unit_price_fen, discount_fen, "
            "amount_fen, flash_sale_id, coupon_claim_id, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (room_id, viewer_id, product_id, sku_id, quantity, unit_price_fen, discount_fen, amount, flash_sale_id,
             coupon_claim_id, now)).lastrowid
        self.db.execute("UPDATE shelf SET sold = sold + ? WHERE room_id = ? AND product_id = ?",
                        (quantity, room_id, product_id))
        self.db.execute("UPDATE room_stats SET orders = orders + 1, gmv_fen = gmv_fen + ? WHERE room_id = ?",
                        (amount, room_id))
        order = {"id": order_id, "room_id": room_id, "viewer_id": viewer_id, "product_id": product_id,
                 "sku_id": sku_id, "quantity": quantity, "unit_price_fen": unit_price_fen,
                 "discount_fen": discount_fen, "amount_fen": amount, "flash_sale_id": flash_sale_id,
                 "coupon_claim_id": coupon_claim_id, "created_at": now}
        self.emit(room_id, "order.created", {"order": order})
        return order

    def create_order(self, room_id: int, viewer_id: int, sku_id: int, quantity: int,
                     coupon_claim_id: int | None = None) -> dict:
        self._require_live(room_id)
        self._check_viewer(room_id, viewer_id)
        sku = self.db.execute("SELECT * FROM skus WHERE id = ?", (sku_id,)).fetchone()
        if sku is None:
            raise NotFound(f"SKU {sku_id} does not exist.")
        shelf = self._shelf_row(room_id, sku["product_id"])
        if not shelf["on_sale"]:
            raise Conflict("This product is off sale.", code="not_on_sale")
        discount = 0
        with self.tx():
            if coupon_claim_id is not None:
                claim = self.db.execute(
                    "SELECT c.*, i.room_id, i.valid_until, i.template_id, i.state FROM coupon_claims c "
                    "JOIN coupon_issues i ON i.id = c.issue_id WHERE c.id = ? AND c.viewer_id = ?",
                    (coupon_claim_id, viewer_id)).fetchone()
                if claim is None or claim["room_id"] != room_id:
                    raise NotFound("You have no such coupon.")
                if claim["order_id"] is not None:
                    raise Conflict("This coupon has already been used.", code="coupon_used")
                if claim["valid_until"] <= self.clock.now():
                    raise Conflict("This coupon has expired.", code="coupon_expired")
                t = self.coupon_template(claim["template_id"])
                gross = sku["price_fen"] * quantity
                if t["kind"] == "cash":
                    discount = min(gross, t["amount_fen"])
                elif t["kind"] == "threshold":
                    if gross < t["threshold_fen"]:
                        raise Conflict("The order does not reach the coupon's threshold.", code="coupon_threshold")
                    discount = t["amount_fen"]
                else:
                    discount = gross * t["percent_off"] // 100
            if self.db.execute("UPDATE skus SET stock = stock - ? WHERE id = ? AND stock >= ?",
                               (quantity, sku_id, quantity)).rowcount != 1:
                raise Conflict("Not enough stock.", code="sold_out")
            order = self._record_order(room_id, viewer_id, sku["product_id"], sku_id, quantity, sku["price_fen"],
                                       discount, coupon_claim_id=coupon_claim_id)
            if coupon_claim_id is not None:
                self.db.execute("UPDATE coupon_claims SET order_id = ? WHERE id = ?", (order["id"], coupon_claim_id))
            self._emit_product_changed(sku["product_id"])
        return order

    def list_orders(self, room_id: int, after_id: int, limit: int) -> list[dict]:
        self._room_row(room_id)
        cols = ("id", "room_id", "viewer_id", "product_id", "sku_id", "quantity", "unit_price_fen", "discount_fen",
                "amount_fen", "flash_sale_id", "coupon_claim_id", "created_at")
        return [{k: r[k] for k in cols} for r in self.db.execute(
            "SELECT * FROM orders WHERE room_id = ? AND id > ? ORDER BY id LIMIT ?", (room_id, after_id, limit))]

    # ------------------------------------------------------------------ comments

    def _check_viewer(self, room_id: int, viewer_id: int) -> None:
        if viewer_id in self._banned.get(room_id, ()):
            raise Forbidden("You have been removed from this room.", code="banned")

    def comment_dict(self, r: sqlite3.Row) -> dict:
        return {"id": r["id"], "room_id": r["room_id"],
                "user": {"id": (f"v{r['viewer_id']}" if r["viewer_id"] is not None else f"s{r['staff_id']}"),
                         "nickname": r["nickname"]},
                "text": r["text"], "created_at": r["created_at"], "is_staff": r["staff_id"] is not None,
                "pinned": bool(r["pinned"]), "hidden": bool(r["hidden"]), "deleted": bool(r["deleted"])}

    def list_comments(self, room_id: int, after_id: int | None, before_id: int | None, limit: int) -> list[dict]:
        self._room_row(room_id)
        if before_id is not None:
            rows = self.db.execute("SELECT * FROM comments WHERE room_id = ? AND id < ? ORDER BY id DESC LIMIT ?",
                                   (room_id, before_id, limit)).fetchall()[::-1]
        else:
            rows = self.db.execute("SELECT * FROM comments WHERE room_id = ? AND id > ? ORDER BY id LIMIT ?",
                                   (room_id, after_id or 0, limit)).fetchall()
        return [self.comment_dict(r) for r in rows]

    def _comment_row(self, room_id: int, comment_id: int) -> sqlite3.Row:
        r = self.db.execute("SELECT * FROM comments WHERE id = ? AND room_id = ?", (comment_id, room_id)).fetchone()
        if r is None:
            raise NotFound(f"Comment {comment_id} does not exist in this room.")
        return r

    def muted_until(self, room_id: int, viewer_id: int) -> float | None:
        until = self._muted.get(room_id, {}).get(viewer_id)
        if until is not None and until <= self.clock.now():
            del self._muted[room_id][viewer_id]
            return None
        return until

    def viewer_may_comment(self, room_id: int, viewer_id: int, room_muted: bool) -> str | None:
        """None if the viewer may comment now, else the refusal code."""
        if viewer_id in self._banned.get(room_id, ()):
            return "banned"
        if room_muted:
            return "room_muted"
        if self.muted_until(room_id, viewer_id) is not None:
            return "muted"
        return None

    def post_comment(self, room_id: int, principal: Principal, text: str) -> dict:
        r = self._require_live(room_id)
        if principal.role is Role.VIEWER:
            refusal = self.viewer_may_comment(room_id, principal.viewer_id, bool(r["mute_all"]))
            if refusal:
                raise Forbidden({"banned": "You have been removed from this room.",
                                 "room_muted": "Comments are closed in this room right now.",
                                 "muted": "You have been muted in this room."}[refusal], code=refusal)
            return self.add_comments(room_id, [(principal.viewer_id, principal.name, text)])[0]
        with self.tx():
            cid = self._next_comment_id
            self._next_comment_id += 1
            self.db.execute("INSERT INTO comments(id, room_id, staff_id, nickname, text, created_at) VALUES (?,?,?,?,?,?)",
                            (cid, room_id, principal.staff_id, principal.name, text, self.clock.now()))
            self.db.execute("UPDATE room_stats SET comments = comments + 1 WHERE room_id = ?", (room_id,))
            comment = self.comment_dict(self._comment_row(room_id, cid))
            self.emit(room_id, "comment.created", {"comment": comment})
        return comment

    def add_comments(self, room_id: int, items: list[tuple[int, str, str]]) -> list[dict]:
        """Viewer comments in bulk (viewer id, nickname, text): one transaction for a whole batch,
        which is how the audience reaches thousands of comments a second."""
        if not items:
            return []
        now = self.clock.now()
        comments = []
        with self.tx():
            rows = []
            for viewer_id, nickname, text in items:
                cid = self._next_comment_id
                self._next_comment_id += 1
                rows.append((cid, room_id, viewer_id, nickname, text, now))
                comments.append({"id": cid, "room_id": room_id, "user": {"id": f"v{viewer_id}", "nickname": nickname},
                                 "text": text, "created_at": now, "is_staff": False, "pinned": False,
                                 "hidden": False, "deleted": False})
            self.db.executemany("INSERT INTO comments(id, room_id, viewer_id, nickname, text, created_at) "
                                "VALUES (?,?,?,?,?,?)", rows)
            self.db.execute("UPDATE room_stats SET comments = comments + ? WHERE room_id = ?", (len(rows), room_id))
            for c in comments:
                self.emit(room_id, "comment.created", {"comment": c})
        return comments

    def _update_comment(self, room_id: int, comment_id: int, **flags: int) -> dict:
        self._comment_row(room_id, comment_id)
        with self.tx():
            for k, v in flags.items():
                self.db.execute(f"UPDATE comments SET {k} = ? WHERE id = ?", (v, comment_id))
            comment = self.comment_dict(self._comment_row(room_id, comment_id))
            self.emit(room_id, "comment.updated", {"comment": comment})
        return comment

    def pin_comment(self, room_id: int, comment_id: int) -> dict:
        self._require_not_ended(room_id)
        row = self._comment_row(room_id, comment_id)
        if row["deleted"]:
            raise Conflict("A deleted comment cannot be pinned.", code="comment_deleted")
        with self.tx():
            for other in self.db.execute("SELECT id FROM comments WHERE room_id = ? AND pinned = 1 AND id != ?",
                                         (room_id, comment_id)).fetchall():
                self._update_comment(room_id, other["id"], pinned=0)
            return self._update_comment(room_id, comment_id, pinned=1)

    def unpin_comment(self, room_id: int, comment_id: int) -> dict:
        return self._update_comment(room_id, comment_id, pinned=0)

    def hide_comment(self, room_id: int, comment_id: int, hidden: bool = True) -> dict:
        return self._update_comment(room_id, comment_id, hidden=int(hidden))

    def delete_comment(self, room_id: int, comment_id: int) -> dict:
        return self._update_comment(room_id, comment_id, deleted=1, pinned=0)

    # ------------------------------------------------------------------ viewers

    def _viewer_row(self, viewer_id: int) -> sqlite3.Row:
        r = self.db.execute("SELECT * FROM viewers WHERE id = ?", (viewer_id,)).fetchone()
        if r is None:
            raise NotFound(f"Viewer {viewer_id} does not exist.")
        return r

    def viewer(self, room_id: int, viewer_id: int) -> dict:
        self._room_row(room_id)
        v = self._viewer_row(viewer_id)
        rv = self.db.execute("SELECT comments FROM room_viewers WHERE room_id = ? AND viewer_id = ?",
                             (room_id, viewer_id)).fetchone()
        return {"id": f"v{viewer_id}", "nickname": v["nickname"], "muted_until": self.muted_until(room_id, viewer_id),
                "banned": viewer_id in self._banned.get(room_id, ()),
                "comments": self.db.execute("SELECT COUNT(*) FROM comments WHERE room_id = ? AND viewer_id = ?",
                                            (room_id, viewer_id)).fetchone()[0] if rv is None else rv["comments"]}

    def _upsert_viewer_state(self, room_id: int, viewer_id: int, **fields: Any) -> None:
        self.db.execute("INSERT INTO room_viewers(room_id, viewer_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                        (room_id, viewer_id))
        for k, v in fields.items():
            self.db.execute(f"UPDATE room_viewers SET {k} = ? WHERE room_id = ? AND viewer_id = ?", (v, room_id, viewer_id))

    def mute_viewer(self, room_id: int, viewer_id: int, duration_s: int) -> dict:
        self._require_not_ended(room_id)
        self._viewer_row(viewer_id)
        until = self.clock.now() + duration_s
        with self.tx():
            self._upsert_viewer_state(room_id, viewer_id, muted_until=until)
            self._muted.setdefault(room_id, {})[viewer_id] = until
            self.emit(room_id, "viewer.updated", {"viewer": self.viewer(room_id, viewer_id), "change": "muted",
                                                  "duration_s": duration_s})
        return self.viewer(room_id, viewer_id)

    def unmute_viewer(self, room_id: int, viewer_id: int) -> dict:
        self._viewer_row(viewer_id)
        with self.tx():
            self._upsert_viewer_state(room_id, viewer_id, muted_until=None)
            self._muted.get(room_id, {}).pop(viewer_id, None)
            self.emit(room_id, "viewer.updated", {"viewer": self.viewer(room_id, viewer_id), "change": "unmuted"})
        return self.viewer(room_id, viewer_id)

    def ban_viewer(self, room_id: int, viewer_id: int, banned: bool = True) -> dict:
        self._require_not_ended(room_id)
        self._viewer_row(viewer_id)
        with self.tx():
            self._upsert_viewer_state(room_id, viewer_id, banned=int(banned))
            if banned:
                self._banned.setdefault(room_id, set()).add(viewer_id)
            else:
                self._banned.get(room_id, set()).discard(viewer_id)
            self.emit(room_id, "viewer.updated", {"viewer": self.viewer(room_id, viewer_id),
                                                  "change": "banned" if banned else "unbanned"})
        return self.viewer(room_id, viewer_id)

    def set_mute_all(self, room_id: int, muted: bool) -> dict:
        self._require_not_ended(room_id)
        with self.tx():
            self.db.execute("UPDATE rooms SET mute_all = ? WHERE id = ?", (int(muted), room_id))
            self.emit(room_id, "room.updated", {"room": self.room(room_id)})
        return self.room(room_id)

    # ------------------------------------------------------------------ stats

    def add_likes(self, room_id: int, likes: int, entries: int) -> None:
        self.db.execute("UPDATE room_stats SET likes = likes + ?, entries = entries + ? WHERE room_id = ?",
                        (likes, entries, room_id))

    def stats(self, room_id: int) -> dict:
        self._room_row(room_id)
        s = self.db.execute("SELECT * FROM room_stats WHERE room_id = ?", (room_id,)).fetchone()
        sales = {str(r["product_id"]): r["sold"] for r in
                 self.db.execute("SELECT product_id, sold FROM shelf WHERE room_id = ? AND sold > 0", (room_id,))}
        return {"online": self.online.get(room_id, 0), "entries": s["entries"], "likes": s["likes"],
                "comments": s["comments"], "orders": s["orders"], "gmv_fen": s["gmv_fen"], "sales": sales}

    def emit_stats(self, room_id: int) -> None:
        with self.tx():
            self.emit(room_id, "stats", {"stats": self.stats(room_id)})

    # ------------------------------------------------------------------ idempotency

    def idempotent(self, principal: Principal, key: str | None, fingerprint: str,
                   run: Callable[[], tuple[int, Any]]) -> tuple[int, Any]:
        """Run `run` once per (account, key). A repeat returns the first result and has no second
        effect; the same key with a different request is refused. The change and its stored result
        commit in one transaction, so a server killed mid-request did both or neither and a retry
        with the same key is always safe. Refusals (4xx) change nothing and are not stored: once
        the cause is fixed (the room goes live, say), a retry with the same key can succeed."""
        if not key:
            return run()
        row = self.db.execute("SELECT fingerprint, status, response FROM idempotency WHERE scope = ? AND key = ?",
                              (principal.scope, key)).fetchone()
        if row is not None:
            if row["fingerprint"] != fingerprint:
                raise Invalid("This Idempotency-Key was already used for a different request.",
                              code="idempotency_key_reused")
            return row["status"], json.loads(row["response"])
        with self.tx():
            status, body = run()
            self.db.execute("INSERT INTO idempotency(scope, key, fingerprint, status, response, created_at) "
                            "VALUES (?,?,?,?,?,?)", (principal.scope, key, fingerprint, status,
                                                      json.dumps(body, ensure_ascii=False), self.clock.now()))
        return status, body
