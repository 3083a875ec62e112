"""Live rooms: create, start and end a show, and the checks every room-scoped change makes first
(the room exists, is live, has not ended); `RoomService` is what the room-scoped services
(comments, coupons, orders, …) build on."""

from __future__ import annotations

import secrets
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field

from anchor_console.studio.errors import Conflict, NotFound
from anchor_console.studio.services.chat_modes import ChatModes
from anchor_console.studio.store import StoreService


@dataclass(eq=False)
class Rooms(StoreService):
    _closers: tuple[Callable[[int], None], ...] = field(default=(), init=False, repr=False)
    _starters: tuple[Callable[[int], None], ...] = field(default=(), init=False, repr=False)
    _describers: tuple[Callable[[int], dict], ...] = field(default=(), init=False, repr=False)
    _chat_relay: Callable[[int, str, dict], None] | None = field(default=None, init=False, repr=False)

    def close_with(self, *closers: Callable[[int], None]) -> None:
        """What ending a room also ends, in this order, in the same transaction (its running flash
        sales and active coupons). Those services build on rooms, so they are handed in once built."""
        self._closers = closers

    def start_with(self, *starters: Callable[[int], None]) -> None:
        """What starting a scheduled room also does, in the same transaction (its plan's reminders)."""
        self._starters = starters

    def describe_with(self, *describers: Callable[[int], dict]) -> None:
        """What else every answer about a room says (its plan), from services built on rooms."""
        self._describers = describers

    def describe_also_with(self, describer: Callable[[int], dict]) -> None:
        """One more describer, from a feature Studio runs only when configured (Tencent Cloud Live)."""
        self._describers = (*self._describers, describer)

    def relay_chat_with(self, relay: Callable[[int, str, dict], None]) -> None:
        """Who else hears a room's moderation changes (mute, ban, recall, room-wide mute, staff post,
        pin), inside their transaction: the Tencent Cloud IM bridge, when a room's chat runs there."""
        self._chat_relay = relay

    def relay_chat(self, room_id: int, action: str, **args) -> None:
        if self._chat_relay is not None:
            self._chat_relay(room_id, action, args)

    def row(self, room_id: int) -> sqlite3.Row:
        row = self.db.execute("SELECT * FROM rooms WHERE id = ?", (room_id,)).fetchone()
        if row is None:
            raise NotFound(f"Room {room_id} does not exist.")
        return row

    def get(self, room_id: int) -> dict:
        r = self.row(room_id)
        room = {"id": r["id"], "title": r["title"], "status": r["status"], "created_at": r["created_at"],
                "started_at": r["started_at"], "ended_at": r["ended_at"], "mute_all": bool(r["mute_all"]),
                "stage_product_id": r["stage_product_id"], "chat": ChatModes.of(r).as_dict()}
        for describe in self._describers:
            room.update(describe(room_id))
        return room

    def list_rooms(self) -> list[dict]:
        return [self.get(r["id"]) for r in self.db.execute("SELECT id FROM rooms ORDER BY id")]

    def live_room_ids(self) -> list[int]:
        return [r["id"] for r in self.db.execute("SELECT id FROM rooms WHERE status = 'live'").fetchall()]

    def create(self, title: str) -> dict:
        with self.store.tx():
            room_id = self.db.execute(
                "INSERT INTO rooms(title, status, created_at, stream_name) VALUES (?, 'scheduled', ?, ?)",
                (title, self.store.clock.now(), "studio_" + secrets.token_hex(6))).lastrowid
            self.db.execute("INSERT INTO room_stats(room_id) VALUES (?)", (room_id,))
            self.store.emit(room_id, "room.updated", {"room": self.get(room_id)})
        return self.get(room_id)

    def rename(self, room_id: int, title: str) -> dict:
        """A new title for a room that has not ended (WeChat's editroom)."""
        with self.store.tx():
            self.require_not_ended(room_id)
            self.db.execute("UPDATE rooms SET title = ? WHERE id = ?", (title, room_id))
            self.store.emit(room_id, "room.updated", {"room": self.get(room_id)})
        return self.get(room_id)

    def start(self, room_id: int) -> dict:
        with self.store.tx():
            status = self.row(room_id)["status"]
            if status == "ended":
                raise Conflict("This room has ended; create a new room for a new show.", code="room_ended")
            if status != "live":
                self._moved(room_id, "status = 'live', started_at = ?", self._starters)
        return self.get(room_id)

    def end(self, room_id: int) -> dict:
        with self.store.tx(durable=True):   # it ends the room's flash sales and coupons
            if self.row(room_id)["status"] != "ended":
                self._moved(room_id, "status = 'ended', ended_at = ?, stage_product_id = NULL", self._closers)
        return self.get(room_id)

    def _moved(self, room_id: int, columns: str, hooks: tuple[Callable[[int], None], ...]) -> None:
        """The room goes live or ends (`columns`, now in their `?`): the services that keep
        something per room hear it (`hooks`), then everyone does."""
        self.db.execute(f"UPDATE rooms SET {columns} WHERE id = ?", (self.store.clock.now(), room_id))
        for hook in hooks:
            hook(room_id)
        self.store.emit(room_id, "room.updated", {"room": self.get(room_id)})

    def require_live(self, room_id: int) -> sqlite3.Row:
        r = self.row(room_id)
        if r["status"] != "live":
            raise Conflict("The room is not live." if r["status"] == "scheduled" else "The room has ended.",
                           code="room_not_live")
        return r

    def require_not_ended(self, room_id: int) -> sqlite3.Row:
        r = self.row(room_id)
        if r["status"] == "ended":
            raise Conflict("The room has ended.", code="room_ended")
        return r

    def push_info(self, room_id: int) -> tuple[str, str]:
        r = self.row(room_id)
        return r["stream_name"], r["title"]


@dataclass(eq=False)
class RoomService(StoreService):
    """What a service whose every change is about one room starts from: the rooms it checks first
    (exists, live, not ended)."""
    rooms: Rooms

    def _row_in_room(self, table: str, row_id: int, room_id: int | None, missing: str) -> sqlite3.Row:
        """Row `row_id` of `table` if it is the room's (any room's, `room_id` None); NotFound saying
        `missing` otherwise — one room's ids are not found from another room."""
        r = self.db.execute(f"SELECT * FROM {table} WHERE id = ?", (row_id,)).fetchone()
        if r is None or (room_id is not None and r["room_id"] != room_id):
            raise NotFound(missing)
        return r

    def _rows_in_room(self, table: str, room_id: int, catch_up: Callable[[], None]) -> list[sqlite3.Row]:
        """The room's rows of `table` (its coupon batches, flash sales, …), oldest first: the room is
        checked first, then `catch_up` brings the rows up to date (expiry, state changes due)."""
        self.rooms.row(room_id)
        catch_up()
        return self.db.execute(f"SELECT * FROM {table} WHERE room_id = ? ORDER BY id", (room_id,)).fetchall()
