"""Orders: a viewer buys a SKU from the shelf, optionally with a claimed coupon. Stock, the
product's sales on the shelf and the room's order count and GMV change in the same transaction."""

from __future__ import annotations

from dataclasses import dataclass

from anchor_console.studio.errors import Conflict, named_in_body
from anchor_console.studio.services.catalog import Catalog
from anchor_console.studio.services.coupons import Coupons
from anchor_console.studio.services.moderation import Moderation
from anchor_console.studio.services.rooms import RoomService
from anchor_console.studio.services.shelf import Shelf

ORDER_FIELDS = ("id", "room_id", "viewer_id", "product_id", "sku_id", "quantity", "unit_price_fen", "discount_fen",
                "amount_fen", "flash_sale_id", "coupon_claim_id", "created_at")


@dataclass(eq=False)
class Orders(RoomService):
    catalog: Catalog
    shelf: Shelf
    coupons: Coupons
    moderation: Moderation

    def record(self, room_id: int, viewer_id: int, product_id: int, sku_id: int, quantity: int,
               unit_price_fen: int, discount_fen: int, *, flash_sale_id: int | None = None,
               coupon_claim_id: int | None = None) -> dict:
        """Within a purchase's transaction, once stock is taken: the order, its sales and its event."""
        amount = max(0, unit_price_fen * quantity - discount_fen)
        now = self.store.clock.now()
        first = self.db.execute("SELECT 1 FROM orders WHERE room_id = ? AND viewer_id = ? LIMIT 1",
                                (room_id, viewer_id)).fetchone() is None
        order_id = self.db.execute(
            "INSERT INTO orders(room_id, viewer_id, product_id, sku_id, quantity, unit_price_fen, discount_fen, "
            "amount_fen, flash_sale_id, coupon_claim_id, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (room_id, viewer_id, product_id, sku_id, quantity, unit_price_fen, discount_fen, amount, flash_sale_id,
             coupon_claim_id, now)).lastrowid
        self.db.execute("UPDATE shelf SET sold = sold + ? WHERE room_id = ? AND product_id = ?",
                        (quantity, room_id, product_id))
        # The review's figures are counted here, in the order's transaction, so they always add up.
        used = coupon_claim_id is not None
        self.db.execute("UPDATE room_stats SET orders = orders + 1, gmv_fen = gmv_fen + ?, buyers = buyers + ?, "
                        "coupon_uses = coupon_uses + ?, coupon_gmv_fen = coupon_gmv_fen + ? WHERE room_id = ?",
                        (amount, int(first), int(used), amount if used else 0, room_id))
        order = {"id": order_id, "room_id": room_id, "viewer_id": viewer_id, "product_id": product_id,
                 "sku_id": sku_id, "quantity": quantity, "unit_price_fen": unit_price_fen,
                 "discount_fen": discount_fen, "amount_fen": amount, "flash_sale_id": flash_sale_id,
                 "coupon_claim_id": coupon_claim_id, "created_at": now}
        self.store.emit(room_id, "order.created", {"order": order})
        return order

    def create(self, room_id: int, viewer_id: int, sku_id: int, quantity: int,
               coupon_claim_id: int | None = None) -> dict:
        self.rooms.require_live(room_id)
        self.moderation.refuse_banned(room_id, viewer_id)
        sku = self.catalog.sku_row(sku_id)
        if sku is None:
            raise Conflict(f"SKU {sku_id} does not exist.", code="sku_unknown")   # named in the body
        with named_in_body():
            listed = self.shelf.row(room_id, sku["product_id"])
        if not listed["on_sale"]:
            raise Conflict("This product is off sale.", code="not_on_sale")
        discount = 0
        with self.store.tx(durable=True):
            if coupon_claim_id is not None:
                discount = self.coupons.discount(room_id, viewer_id, coupon_claim_id, sku["price_fen"] * quantity)
            if self.db.execute("UPDATE skus SET stock = stock - ? WHERE id = ? AND stock >= ?",
                               (quantity, sku_id, quantity)).rowcount != 1:
                raise Conflict("Not enough stock.", code="sold_out")
            order = self.record(room_id, viewer_id, sku["product_id"], sku_id, quantity, sku["price_fen"],
                                discount, coupon_claim_id=coupon_claim_id)
            if coupon_claim_id is not None:
                self.coupons.mark_used(coupon_claim_id, order["id"])
            self.catalog.emit_product_changed(sku["product_id"])
        return order

    def list_orders(self, room_id: int, after_id: int, limit: int) -> list[dict]:
        self.rooms.row(room_id)
        return [{k: r[k] for k in ORDER_FIELDS} for r in self.db.execute(
            "SELECT * FROM orders WHERE room_id = ? AND id > ? ORDER BY id LIMIT ?", (room_id, after_id, limit))]
