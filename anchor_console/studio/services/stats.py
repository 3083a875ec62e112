"""A room's live numbers: viewers online (kept current by the audience), entries, likes,
comments, new followers, orders, GMV, unique buyers, coupons claimed and used (and the GMV paid
with one), sales per product and sold per flash sale; a `stats` event carries them every second.
Counters are kept in `room_stats` by the change that moves them (an order counts its buyer and
coupon in its own transaction), so reading them each second costs a few row lookups."""

from __future__ import annotations

from dataclasses import dataclass, field

from anchor_console.studio.services.rooms import RoomService


@dataclass(eq=False)
class Stats(RoomService):
    # room -> viewers online (the audience keeps it current)
    online: dict[int, int] = field(default_factory=dict, init=False)

    def add_likes(self, room_id: int, likes: int, entries: int, followers: int = 0) -> None:
        self.db.execute("UPDATE room_stats SET likes = likes + ?, entries = entries + ?, followers = followers + ? "
                        "WHERE room_id = ?", (likes, entries, followers, room_id))

    def of_room(self, room_id: int) -> dict:
        self.rooms.row(room_id)
        s = self.db.execute("SELECT * FROM room_stats WHERE room_id = ?", (room_id,)).fetchone()
        sales = {str(r["product_id"]): r["sold"] for r in
                 self.db.execute("SELECT product_id, sold FROM shelf WHERE room_id = ? AND sold > 0", (room_id,))}
        claims = self.db.execute("SELECT COALESCE(SUM(claimed), 0) FROM coupon_issues WHERE room_id = ?",
                                 (room_id,)).fetchone()[0]
        flash = {str(r["id"]): r["sold"] for r in
                 self.db.execute("SELECT id, sold FROM flash_sales WHERE room_id = ? AND state != 'draft'", (room_id,))}
        return {"online": self.online.get(room_id, 0), "entries": s["entries"], "likes": s["likes"],
                "comments": s["comments"], "orders": s["orders"], "gmv_fen": s["gmv_fen"], "sales": sales,
                "followers": s["followers"], "buyers": s["buyers"], "coupon_claims": claims,
                "coupon_uses": s["coupon_uses"], "coupon_gmv_fen": s["coupon_gmv_fen"], "flash_sale_sold": flash}

    def emit(self, room_id: int) -> None:
        with self.store.tx():
            self.store.emit(room_id, "stats", {"stats": self.of_room(room_id)})
