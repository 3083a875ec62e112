"""A room's live numbers: viewers online (kept current by the audience), entries, likes,
comments, orders, GMV and sales per product; a `stats` event carries them every second."""

from __future__ import annotations

from dataclasses import dataclass, field

from anchor_console.studio.services.rooms import Rooms
from anchor_console.studio.store import StudioStore


@dataclass(eq=False)
class Stats:
    store: StudioStore
    rooms: Rooms
    # room -> viewers online (the audience keeps it current)
    online: dict[int, int] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        self.db = self.store.db

    def add_likes(self, room_id: int, likes: int, entries: int) -> None:
        self.db.execute("UPDATE room_stats SET likes = likes + ?, entries = entries + ? WHERE room_id = ?",
                        (likes, entries, room_id))

    def of_room(self, room_id: int) -> dict:
        self.rooms.row(room_id)
        s = self.db.execute("SELECT * FROM room_stats WHERE room_id = ?", (room_id,)).fetchone()
        sales = {str(r["product_id"]): r["sold"] for r in
                 self.db.execute("SELECT product_id, sold FROM shelf WHERE room_id = ? AND sold > 0", (room_id,))}
        return {"online": self.online.get(room_id, 0), "entries": s["entries"], "likes": s["likes"],
                "comments": s["comments"], "orders": s["orders"], "gmv_fen": s["gmv_fen"], "sales": sales}

    def emit(self, room_id: int) -> None:
        with self.store.tx():
            self.store.emit(room_id, "stats", {"stats": self.of_room(room_id)})
