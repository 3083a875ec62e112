"""The product catalog: products and their SKUs (price in fen, stock). A change to a product is
announced in every room whose shelf holds it."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from anchor_console.studio.errors import Invalid, NotFound
from anchor_console.studio.store import StoreService


@dataclass(eq=False)
class Catalog(StoreService):
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
            raise NotFound(f"Product {product_id} does not exist.", code="product_unknown")
        return self._product_dict(row)

    def list_products(self) -> list[dict]:
        return [self._product_dict(r) for r in self.db.execute("SELECT * FROM products ORDER BY id")]

    def sku_row(self, sku_id: int) -> sqlite3.Row | None:
        return self.db.execute("SELECT * FROM skus WHERE id = ?", (sku_id,)).fetchone()

    def create_product(self, name: str, skus: list[dict], *, category: str = "", description: str = "",
                       image: str = "", product_id: int | None = None) -> dict:
        if not skus:
            raise Invalid("A product needs at least one SKU.")
        with self.store.tx(durable=True):
            pid = self.db.execute(
                "INSERT INTO products(id, name, category, description, image, created_at) VALUES (?,?,?,?,?,?)",
                (product_id, name, category, description, image, self.store.clock.now())).lastrowid
            for s in skus:
                self.db.execute("INSERT INTO skus(id, product_id, name, price_fen, stock) VALUES (?,?,?,?,?)",
                                (s.get("id"), pid, s["name"], s["price_fen"], s["stock"]))
        return self.product(pid)

    def update_product(self, product_id: int, fields: dict) -> dict:
        self.product(product_id)
        editable = {k: v for k, v in fields.items() if k in ("name", "category", "description") and v is not None}
        with self.store.tx():
            for k, v in editable.items():
                self.db.execute(f"UPDATE products SET {k} = ? WHERE id = ?", (v, product_id))
            self.emit_product_changed(product_id)
        return self.product(product_id)

    def update_sku(self, sku_id: int, *, price_fen: int | None = None, stock: int | None = None) -> dict:
        row = self.sku_row(sku_id)
        if row is None:
            raise NotFound(f"SKU {sku_id} does not exist.", code="sku_unknown")
        with self.store.tx(durable=True):
            if price_fen is not None:
                self.db.execute("UPDATE skus SET price_fen = ? WHERE id = ?", (price_fen, sku_id))
            if stock is not None:
                self.db.execute("UPDATE skus SET stock = ? WHERE id = ?", (stock, sku_id))
            self.emit_product_changed(row["product_id"])
        return self.product(row["product_id"])

    def emit_product_changed(self, product_id: int) -> None:
        """Within a change's transaction: the product's new state to every room that lists it."""
        product = self.product(product_id)
        for r in self.db.execute("SELECT room_id FROM shelf WHERE product_id = ?", (product_id,)).fetchall():
            self.store.emit(r["room_id"], "product.updated", {"product": product})
