"""Flash sales (秒杀): armed as a draft for one SKU of a listed product (price, stock, per-buyer
limit, countdown, duration), fired into countdown → live → ended, bought from while live."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from anchor_console.studio.errors import Conflict, named_in_body
from anchor_console.studio.services.catalog import Catalog
from anchor_console.studio.services.moderation import Moderation
from anchor_console.studio.services.orders import Orders
from anchor_console.studio.services.rooms import RoomService
from anchor_console.studio.services.shelf import Shelf
from anchor_console.studio.store import Principal

SALE_FIELDS = ("id", "room_id", "product_id", "sku_id", "sale_price_fen", "stock", "sold", "per_buyer_limit",
               "countdown_s", "duration_s", "state", "starts_at", "ends_at", "ended_reason", "created_at")


@dataclass(eq=False)
class FlashSales(RoomService):
    catalog: Catalog
    shelf: Shelf
    orders: Orders
    moderation: Moderation

    @staticmethod
    def _sale_dict(r: sqlite3.Row) -> dict:
        return {k: r[k] for k in SALE_FIELDS}

    def _row(self, sale_id: int, room_id: int | None = None) -> sqlite3.Row:
        return self._row_in_room("flash_sales", sale_id, room_id, f"Flash sale {sale_id} does not exist in this room.")

    def get(self, sale_id: int, room_id: int | None = None) -> dict:
        self.advance()
        return self._sale_dict(self._row(sale_id, room_id))

    def list_in_room(self, room_id: int) -> list[dict]:
        return [self._sale_dict(r) for r in self._rows_in_room("flash_sales", room_id, self.advance)]

    def create(self, room_id: int, product_id: int, sku_id: int, sale_price_fen: int, stock: int,
               per_buyer_limit: int, countdown_s: int, duration_s: int, by: Principal) -> dict:
        self.rooms.require_not_ended(room_id)
        with named_in_body():
            self.shelf.row(room_id, product_id)
        sku = self.db.execute("SELECT * FROM skus WHERE id = ? AND product_id = ?", (sku_id, product_id)).fetchone()
        if sku is None:
            raise Conflict(f"SKU {sku_id} does not belong to product {product_id}.", code="sku_mismatch")
        # These depend on the SKU as it is now, not on the request's form: 409, not 422.
        if sale_price_fen >= sku["price_fen"]:
            raise Conflict("The flash-sale price must be below the regular price.", code="price_not_lower")
        if stock > sku["stock"]:
            raise Conflict(f"Only {sku['stock']} in stock for this SKU.", code="stock_insufficient")
        with self.store.tx(durable=True):
            sale_id = self.db.execute(
                "INSERT INTO flash_sales(room_id, product_id, sku_id, sale_price_fen, stock, per_buyer_limit, "
                "countdown_s, duration_s, state, created_at, created_by) VALUES (?,?,?,?,?,?,?,?, 'draft', ?, ?)",
                (room_id, product_id, sku_id, sale_price_fen, stock, per_buyer_limit, countdown_s, duration_s,
                 self.store.clock.now(), by.staff_id)).lastrowid
            sale = self._sale_dict(self._row(sale_id))
            self.store.emit(room_id, "flash_sale.updated", {"flash_sale": sale})
        return sale

    def schedule(self, room_id: int, product_id: int, sku_id: int, sale_price_fen: int, stock: int,
                 per_buyer_limit: int, starts_at: float, ends_at: float, by: Principal) -> dict:
        """A sale fixed to absolute times (a WeChat Channels 限时抢购 that reaches this room), in
        countdown or live at once; the caller has checked its rules. Within a durable transaction."""
        now = self.store.clock.now()
        with self.store.tx(durable=True):
            sale_id = self.db.execute(
                "INSERT INTO flash_sales(room_id, product_id, sku_id, sale_price_fen, stock, per_buyer_limit, "
                "countdown_s, duration_s, state, starts_at, ends_at, created_at, created_by) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (room_id, product_id, sku_id, sale_price_fen, stock, per_buyer_limit, max(0, int(starts_at - now)),
                 max(1, int(ends_at - starts_at)), "countdown" if starts_at > now else "live", starts_at, ends_at,
                 now, by.staff_id)).lastrowid
            self._emit(sale_id)
        return self._sale_dict(self._row(sale_id))

    def start(self, room_id: int, sale_id: int) -> dict:
        self.rooms.require_live(room_id)
        sale = self.get(sale_id, room_id)
        if sale["state"] != "draft":
            if sale["state"] in ("countdown", "live"):
                return sale
            raise Conflict("This flash sale has ended; create a new one.", code="flash_sale_ended")
        running = self.db.execute("SELECT id FROM flash_sales WHERE room_id = ? AND product_id = ? AND "
                                  "state IN ('countdown', 'live') AND id != ?",
                                  (room_id, sale["product_id"], sale_id)).fetchone()
        if running:
            raise Conflict("Another flash sale of this product is running.", code="flash_sale_running")
        with self.store.tx(durable=True):
            starts = self.store.clock.now() + sale["countdown_s"]
            self.db.execute("UPDATE flash_sales SET state = ?, starts_at = ?, ends_at = ? WHERE id = ?",
                            ("countdown" if sale["countdown_s"] > 0 else "live", starts, starts + sale["duration_s"],
                             sale_id))
            self._emit(sale_id)
        return self.get(sale_id)

    def stop(self, room_id: int, sale_id: int) -> dict:
        sale = self.get(sale_id, room_id)
        if sale["state"] == "ended":
            return sale
        with self.store.tx(durable=True):
            self._end(sale_id, "stopped")
        return self.get(sale_id)

    def end_running(self, room_id: int) -> None:
        """Within the room's ending: its sales in countdown or live end."""
        for fs in self.db.execute("SELECT id FROM flash_sales WHERE room_id = ? AND state IN ('countdown', 'live')",
                                  (room_id,)).fetchall():
            self._end(fs["id"], "room_ended")

    def _end(self, sale_id: int, reason: str) -> None:
        self.db.execute("UPDATE flash_sales SET state = 'ended', ended_reason = ?, ends_at = MIN(COALESCE(ends_at, ?), ?) "
                        "WHERE id = ?", (reason, self.store.clock.now(), self.store.clock.now(), sale_id))
        self._emit(sale_id)

    def _emit(self, sale_id: int) -> None:
        r = self._row(sale_id)
        self.store.emit(r["room_id"], "flash_sale.updated", {"flash_sale": self._sale_dict(r)})

    def advance(self) -> None:
        """Countdown → live → ended as time passes (called on every read and by a ticker)."""
        now = self.store.clock.now()
        due = self.db.execute("SELECT id, state, starts_at, ends_at FROM flash_sales WHERE "
                              "(state = 'countdown' AND starts_at <= ?) OR (state = 'live' AND ends_at <= ?)",
                              (now, now)).fetchall()
        if not due:
            return
        with self.store.tx():
            for r in due:
                if r["ends_at"] <= now:
                    self._end(r["id"], "expired")
                else:
                    self.db.execute("UPDATE flash_sales SET state = 'live' WHERE id = ?", (r["id"],))
                    self._emit(r["id"])

    def buy(self, room_id: int, sale_id: int, viewer_id: int, quantity: int) -> dict:
        self.rooms.require_live(room_id)
        self.moderation.refuse_banned(room_id, viewer_id)
        sale = self.get(sale_id, room_id)
        if sale["state"] == "countdown" or sale["state"] == "draft":
            raise Conflict("The flash sale has not started yet.", code="flash_sale_not_started")
        if sale["state"] == "ended":
            if sale["ended_reason"] == "sold_out":   # the ones who came too late: it sold out
                raise Conflict("Sold out.", code="sold_out")
            raise Conflict("The flash sale has ended.", code="flash_sale_ended")
        with self.store.tx(durable=True):
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
                            "ON CONFLICT(flash_sale_id, viewer_id) DO UPDATE SET quantity = flash_sale_buyers.quantity + excluded.quantity",
                            (sale_id, viewer_id, quantity))
            order = self.orders.record(room_id, viewer_id, sale["product_id"], sale["sku_id"], quantity,
                                       sale["sale_price_fen"], 0, flash_sale_id=sale_id)
            r = self._row(sale_id)
            if r["sold"] >= r["stock"]:
                self._end(sale_id, "sold_out")
            else:
                self._emit(sale_id)
            self.catalog.emit_product_changed(sale["product_id"])
        return order
