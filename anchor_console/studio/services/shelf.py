"""A room's shelf (the products listed in it, in order, on or off sale) and its stage: the one
product being presented (讲解) right now."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from anchor_console.studio.errors import Conflict, NotFound, named_in_body
from anchor_console.studio.services.catalog import Catalog
from anchor_console.studio.services.rooms import RoomService


@dataclass(eq=False)
class Shelf(RoomService):
    catalog: Catalog

    def items(self, room_id: int) -> list[dict]:
        stage = self.rooms.row(room_id)["stage_product_id"]
        rows = self.db.execute("SELECT * FROM shelf WHERE room_id = ? ORDER BY position", (room_id,)).fetchall()
        return [self._item(r, stage) for r in rows]

    def _item(self, row: sqlite3.Row, stage: int | None) -> dict:
        return {"product": self.catalog.product(row["product_id"]), "product_id": row["product_id"],
                "position": row["position"], "on_sale": bool(row["on_sale"]), "on_stage": row["product_id"] == stage,
                "sold": row["sold"]}

    def _current_item(self, room_id: int, product_id: int) -> dict:
        return self._item(self.row(room_id, product_id), self.rooms.row(room_id)["stage_product_id"])

    def row(self, room_id: int, product_id: int) -> sqlite3.Row:
        row = self.db.execute("SELECT * FROM shelf WHERE room_id = ? AND product_id = ?", (room_id, product_id)).fetchone()
        if row is None:
            raise NotFound(f"Product {product_id} is not on this room's shelf.", code="not_on_shelf")
        return row

    def _emit_shelf(self, room_id: int) -> None:
        self.store.emit(room_id, "shelf.changed", {"shelf": self.items(room_id)})

    def add(self, room_id: int, product_id: int, on_sale: bool = True) -> dict:
        self.rooms.require_not_ended(room_id)
        with named_in_body():
            self.catalog.product(product_id)
        with self.store.tx():
            if self.db.execute("SELECT 1 FROM shelf WHERE room_id = ? AND product_id = ?", (room_id, product_id)).fetchone():
                raise Conflict("This product is already on the shelf.", code="already_listed")
            position = self.db.execute("SELECT COALESCE(MAX(position), 0) + 1 FROM shelf WHERE room_id = ?",
                                       (room_id,)).fetchone()[0]
            self.db.execute("INSERT INTO shelf(room_id, product_id, position, on_sale, added_at) VALUES (?,?,?,?,?)",
                            (room_id, product_id, position, int(on_sale), self.store.clock.now()))
            self._emit_shelf(room_id)
        return self._current_item(room_id, product_id)

    def remove(self, room_id: int, product_id: int) -> None:
        self.rooms.require_not_ended(room_id)
        self.row(room_id, product_id)
        with self.store.tx():
            self.db.execute("DELETE FROM shelf WHERE room_id = ? AND product_id = ?", (room_id, product_id))
            if self.rooms.row(room_id)["stage_product_id"] == product_id:
                self._set_stage(room_id, None)
            self._renumber(room_id)
            self._emit_shelf(room_id)

    def _renumber(self, room_id: int) -> None:
        ids = [r[0] for r in self.db.execute("SELECT product_id FROM shelf WHERE room_id = ? ORDER BY position", (room_id,))]
        self._set_positions(room_id, ids)

    def _set_positions(self, room_id: int, product_ids: list[int]) -> None:
        for pos, pid in enumerate(product_ids, start=1):
            self.db.execute("UPDATE shelf SET position = ? WHERE room_id = ? AND product_id = ?", (pos, room_id, pid))

    def reorder(self, room_id: int, product_ids: list[int]) -> list[dict]:
        self.rooms.require_not_ended(room_id)
        current = [r[0] for r in self.db.execute("SELECT product_id FROM shelf WHERE room_id = ?", (room_id,))]
        if sorted(current) != sorted(product_ids):
            # The shelf may have changed since the caller read it: a conflict with its state.
            raise Conflict("The new order must list every product on the shelf exactly once.", code="order_mismatch")
        with self.store.tx():
            self._set_positions(room_id, product_ids)
            self._emit_shelf(room_id)
        return self.items(room_id)

    def set_on_sale(self, room_id: int, product_id: int, on_sale: bool) -> dict:
        self.rooms.require_not_ended(room_id)
        self.row(room_id, product_id)
        with self.store.tx():
            self.db.execute("UPDATE shelf SET on_sale = ? WHERE room_id = ? AND product_id = ?",
                            (int(on_sale), room_id, product_id))
            if not on_sale and self.rooms.row(room_id)["stage_product_id"] == product_id:
                self._set_stage(room_id, None)
            self._emit_shelf(room_id)
        return self._current_item(room_id, product_id)

    # ------------------------------------------------------------------ stage

    def put_on_stage(self, room_id: int, product_id: int, replace: bool = True) -> dict:
        r = self.rooms.require_live(room_id)
        with named_in_body():
            row = self.row(room_id, product_id)
        if not row["on_sale"]:
            raise Conflict("A product that is off sale cannot be put on stage.", code="not_on_sale")
        current = r["stage_product_id"]
        if current == product_id:
            return self.rooms.get(room_id)
        if current is not None and not replace:
            raise Conflict(f"Product {current} is already on stage.", code="stage_occupied",
                           extra={"stage_product_id": current})
        with self.store.tx():
            self._set_stage(room_id, product_id)
        return self.rooms.get(room_id)

    def clear_stage(self, room_id: int) -> dict:
        self.rooms.require_not_ended(room_id)
        with self.store.tx():
            if self.rooms.row(room_id)["stage_product_id"] is not None:
                self._set_stage(room_id, None)
        return self.rooms.get(room_id)

    def _set_stage(self, room_id: int, product_id: int | None) -> None:
        previous = self.rooms.row(room_id)["stage_product_id"]
        self.db.execute("UPDATE rooms SET stage_product_id = ? WHERE id = ?", (product_id, room_id))
        self.store.emit(room_id, "stage.changed", {"product_id": product_id, "previous_product_id": previous})
