"""TikTok Shop promotion activities on Studio's state, and the shop's coupons (read only).

An activity is created with its title (unique in the shop, at most 50 characters), type, product
level and begin/end times; it is DRAFT until products are set (PUT …/products, a "set to": the
products sent replace those before), then NOT_START, ONGOING and EXPIRED by its times, or
DEACTIVATED when deactivated (which cannot be undone). A FLASHSALE activity's SKUs are flash sales
in the Studio room that is live and lists the product (as WeChat's 限时抢购 tasks are:
studio/wechat/promotions.py), with the activity's times, price, stock cap (`quantity_limit`) and
per-buyer limit (`quantity_per_user`), so the simulated audience buys them.

Rules enforced (TikTok's own are only partly documented; these are Studio's reading of them):
begin_time not in the past (TikTok's 17029005: none of a second allowed) and before end_time, a flash sale at
most 3 days; activity prices above zero and below the SKU's price; quantity_limit from 1 to the
SKU's stock (or -1: all of it); quantity_per_user 1 or more (or -1: no limit)."""

from __future__ import annotations

import json

from anchor_console.studio.permissions import Role
from anchor_console.studio.store import EmulatorTables, Principal
from anchor_console.studio.tiktok.core import (
    catalog_product, ACTIVITY_NOT_FOUND, ACTIVITY_RULE, ACTIVITY_STATE, BAD_DURATION, BEGIN_IN_PAST,
    INVALID_PARAMS, PRODUCT_NOT_FOUND, TITLE_TAKEN, Call, TtError,
)

FIRST_ACTIVITY_ID = 7_136_104_329_798_256_000
TYPES = frozenset({"FIXED_PRICE", "DIRECT_DISCOUNT", "FLASHSALE", "SHIPPING_DISCOUNT", "BUY_MORE_SAVE_MORE"})
LEVELS = frozenset({"PRODUCT", "VARIATION", "SHOP"})
STATUSES = ("DRAFT", "NOT_START", "ONGOING", "EXPIRED", "DEACTIVATED", "NOT_EFFECTIVE")
FLASH_MAX_S = 3 * 86400
SHOP_PRINCIPAL = Principal(role=Role.ASSISTANT, name="TikTok Shop")

SCHEMA = """
CREATE TABLE IF NOT EXISTS tt_activities(
  activity_id INTEGER PRIMARY KEY, title TEXT NOT NULL UNIQUE, activity_type TEXT NOT NULL,
  product_level TEXT NOT NULL, begin_time INTEGER NOT NULL, end_time INTEGER NOT NULL, create_time INTEGER NOT NULL,
  update_time INTEGER NOT NULL, deactivated INTEGER NOT NULL DEFAULT 0, products TEXT NOT NULL DEFAULT '[]');
CREATE TABLE IF NOT EXISTS tt_activity_sales(
  activity_id INTEGER NOT NULL, sku_id INTEGER NOT NULL, flash_sale_id INTEGER NOT NULL,
  PRIMARY KEY(activity_id, sku_id, flash_sale_id));
"""


def money(fen: int) -> str:
    return f"{fen / 100:.2f}"


def fen_of(amount) -> int:
    try:
        value = round(float(str(amount)) * 100)
    except (TypeError, ValueError):
        raise TtError(INVALID_PARAMS) from None
    return int(value)


def _int(body: dict, name: str, *, default: int | None = None) -> int:
    value = body.get(name, default)
    if isinstance(value, bool) or value is None:
        raise TtError(INVALID_PARAMS)
    try:
        return int(str(value))
    except ValueError:
        raise TtError(INVALID_PARAMS) from None


def page_of(items: list, fields: dict) -> tuple[list, dict]:
    """One page of `items` as TikTok's searches answer it (`fields`: the query or body holding
    `page_size`, 1–100, default 20, and `page_token`: here the offset this emulator handed out):
    the page, and its `total_count` and `next_page_token` ("" on the last page)."""
    size = _int(fields, "page_size", default=20)
    offset = _int({"o": fields.get("page_token") or 0}, "o")
    if not 1 <= size <= 100 or offset < 0:
        raise TtError(INVALID_PARAMS)
    more = offset + size < len(items)
    return items[offset:offset + size], {"total_count": len(items),
                                         "next_page_token": str(offset + size) if more else ""}


class Promotions(EmulatorTables):
    schema = SCHEMA

    def status(self, row) -> str:
        now = self.now()
        if row["deactivated"]:
            return "DEACTIVATED"
        if now >= row["end_time"]:
            return "EXPIRED"
        if row["products"] == "[]":
            return "DRAFT"
        return "NOT_START" if now < row["begin_time"] else "ONGOING"

    def view(self, row) -> dict:
        return {"activity_id": str(row["activity_id"]), "title": row["title"], "activity_type": row["activity_type"],
                "product_level": row["product_level"], "status": self.status(row), "duration_type": "FIXED",
                "begin_time": row["begin_time"], "end_time": row["end_time"], "create_time": row["create_time"],
                "update_time": row["update_time"], "products": json.loads(row["products"])}

    def _row(self, activity_id: str):
        if not str(activity_id).isdigit():
            raise TtError(ACTIVITY_NOT_FOUND)
        row = self.db.execute("SELECT * FROM tt_activities WHERE activity_id = ?", (int(activity_id),)).fetchone()
        if row is None:
            raise TtError(ACTIVITY_NOT_FOUND)
        return row

    # ------------------------------------------------------------------ the APIs

    def create(self, call: Call) -> dict:
        b = call.body
        title = b.get("title")
        if not isinstance(title, str) or not 1 <= len(title) <= 50:
            raise TtError(INVALID_PARAMS)
        if b.get("activity_type") not in TYPES or b.get("product_level") not in LEVELS:
            raise TtError(INVALID_PARAMS)
        begin, end = _int(b, "begin_time"), _int(b, "end_time")
        limits = b.get("participation_limit", [])
        if not isinstance(limits, list) or any(not isinstance(x, dict) for x in limits):
            raise TtError(INVALID_PARAMS)
        if begin < self.now():
            raise TtError(BEGIN_IN_PAST)
        now = int(self.now())
        if end <= begin or (b["activity_type"] == "FLASHSALE" and end - begin > FLASH_MAX_S):
            raise TtError(BAD_DURATION)
        if self.db.execute("SELECT 1 FROM tt_activities WHERE title = ?", (title,)).fetchone():
            raise TtError(TITLE_TAKEN)
        with self.store.tx(durable=True):
            next_id = max(FIRST_ACTIVITY_ID,
                          (self.db.execute("SELECT MAX(activity_id) FROM tt_activities").fetchone()[0] or 0) + 1)
            self.db.execute("INSERT INTO tt_activities(activity_id, title, activity_type, product_level, begin_time, "
                            "end_time, create_time, update_time) VALUES (?,?,?,?,?,?,?,?)",
                            (next_id, title, b["activity_type"], b["product_level"], begin, end, now, now))
        row = self._row(str(next_id))
        return {"activity_id": str(next_id), "create_time": now, "update_time": now, "status": self.status(row)}

    def get(self, call: Call) -> dict:
        return self.view(self._row(call.path_params["activity_id"]))

    def search(self, call: Call) -> dict:
        """search-activities-202309: filtered by `status` and `activity_title` only — the documented
        request (SKIT's PromotionSearchActivitiesRequest) has no type filter, so an `activity_type`
        sent along is ignored and activities of every type are listed, as TikTok lists them."""
        b = call.body
        status, title = b.get("status"), b.get("activity_title")
        if status is not None and status not in STATUSES:
            raise TtError(INVALID_PARAMS)
        rows = self.db.execute("SELECT * FROM tt_activities ORDER BY activity_id DESC").fetchall()
        chosen = [r for r in rows if (status is None or self.status(r) == status)
                  and (title is None or r["title"] == title)]
        page, paging = page_of(chosen, b)
        return {"activities": [{k: v for k, v in self.view(r).items() if k != "products"} for r in page], **paging}

    def set_products(self, call: Call) -> dict:
        row = self._row(call.path_params["activity_id"])
        if self.status(row) not in ("DRAFT", "NOT_START", "ONGOING"):
            raise TtError(ACTIVITY_STATE)
        products = call.body.get("products")
        if not isinstance(products, list) or not products or any(not isinstance(p, dict) for p in products):
            raise TtError(INVALID_PARAMS)
        stored = [self._product(p) for p in products]
        now = int(self.now())
        with self.store.tx(durable=True):
            self.db.execute("UPDATE tt_activities SET products = ?, update_time = ? WHERE activity_id = ?",
                            (json.dumps(stored), now, row["activity_id"]))
            if row["activity_type"] == "FLASHSALE":
                self._sync_sales(self._row(str(row["activity_id"])))
        return {"activity_id": str(row["activity_id"]), "update_time": now, "success": True}

    def _product(self, p: dict) -> dict:
        """One product of the request, checked against Studio's catalog, as stored and shown."""
        pid = str(p.get("id", ""))
        product = catalog_product(self.studio, pid)
        by_id = {str(s["id"]): s for s in product["skus"]}
        skus = p.get("skus")
        if not isinstance(skus, list) or not skus or any(not isinstance(s, dict) for s in skus):
            raise TtError(INVALID_PARAMS)
        out = []
        for s in skus:
            sku = by_id.get(str(s.get("id", "")))
            if sku is None:
                raise TtError(PRODUCT_NOT_FOUND)
            price = fen_of(s.get("activity_price_amount"))
            limit = _int(s, "quantity_limit", default=-1)
            per_user = _int(s, "quantity_per_user", default=-1)
            if not 0 < price < sku["price_fen"] or limit == 0 or limit < -1 or limit > sku["stock"] \
                    or per_user == 0 or per_user < -1:
                raise TtError(ACTIVITY_RULE)
            out.append({"id": str(sku["id"]), "activity_price": {"amount": money(price), "currency": "GBP"},
                        "quantity_limit": limit, "quantity_per_user": per_user})
        return {"id": pid, "quantity_limit": -1, "quantity_per_user": -1, "skus": out}

    def deactivate(self, call: Call) -> dict:
        row = self._row(call.path_params["activity_id"])
        if self.status(row) not in ("DRAFT", "NOT_START", "ONGOING"):
            raise TtError(ACTIVITY_STATE)
        now = int(self.now())
        with self.store.tx(durable=True):
            self.db.execute("UPDATE tt_activities SET deactivated = 1, update_time = ? WHERE activity_id = ?",
                            (now, row["activity_id"]))
            self._stop_sales(row["activity_id"])
        return {"activity_id": str(row["activity_id"]), "update_time": now}

    # ------------------------------------------------------------------ Studio's flash sales

    def _stop_sales(self, activity_id: int, keep: set[int] = frozenset()) -> None:
        for link in self.db.execute("SELECT flash_sale_id FROM tt_activity_sales WHERE activity_id = ?",
                                    (activity_id,)).fetchall():
            sale = self.studio.flash_sales.get(link[0])
            if sale["id"] not in keep and sale["state"] in ("countdown", "live"):
                self.studio.flash_sales.stop(sale["room_id"], sale["id"])

    def _sync_sales(self, row) -> None:
        """The activity's SKUs as flash sales in the live room listing their product; a SKU whose
        terms did not change keeps its sale (a repeated PUT is no second sale)."""
        self.studio.flash_sales.advance()
        current = {}
        for link in self.db.execute("SELECT * FROM tt_activity_sales WHERE activity_id = ?",
                                    (row["activity_id"],)).fetchall():
            sale = self.studio.flash_sales.get(link["flash_sale_id"])
            if sale["state"] in ("countdown", "live"):
                current[(sale["sku_id"], sale["sale_price_fen"], sale["stock"], sale["per_buyer_limit"])] = sale["id"]
        keep: set[int] = set()
        for product in json.loads(row["products"]):
            pid = int(product["id"])
            room = self.db.execute("SELECT r.id FROM rooms r JOIN shelf s ON s.room_id = r.id WHERE r.status = 'live' "
                                   "AND s.product_id = ? ORDER BY r.started_at DESC LIMIT 1", (pid,)).fetchone()
            for s in product["skus"]:
                sku = self.studio.catalog.sku_row(int(s["id"]))
                stock = sku["stock"] if s["quantity_limit"] == -1 else s["quantity_limit"]
                per_user = stock if s["quantity_per_user"] == -1 else s["quantity_per_user"]
                terms = (int(s["id"]), fen_of(s["activity_price"]["amount"]), stock, per_user)
                if terms in current:
                    keep.add(current[terms])
                    continue
                if room is None:
                    continue
                sale = self.studio.flash_sales.schedule(room["id"], pid, terms[0], terms[1], stock, per_user,
                                                        row["begin_time"], row["end_time"], SHOP_PRINCIPAL)
                keep.add(sale["id"])
                self.db.execute("INSERT OR IGNORE INTO tt_activity_sales(activity_id, sku_id, flash_sale_id) "
                                "VALUES (?,?,?)", (row["activity_id"], terms[0], sale["id"]))
        self._stop_sales(row["activity_id"], keep)

    # ------------------------------------------------------------------ coupons, read only

    def coupons(self, call: Call) -> dict:
        """Studio's coupon batches in live rooms, as the shop's coupons (TikTok: made in Seller Center)."""
        batches = [batch for room_id in self.studio.rooms.live_room_ids()
                   for batch in self.studio.coupons.list_batches(room_id)]
        page, paging = page_of(batches, call.query)
        return {"coupons": [self._coupon_view(batch) for batch in page], **paging}

    @staticmethod
    def _coupon_view(batch: dict) -> dict:
        """A batch in the shape of search-coupons-202406's fuller example (the SKIT SDK's copy of the
        page: `id`, a claim window, usage limits; create_time in milliseconds), with the claims
        (`usage_stats`) that get-coupon-202406's example carries — the search example has none."""
        start, end = int(batch.get("created_at") or 0), int(batch.get("valid_until") or 0)
        return {"id": str(batch["id"]), "title": batch["name"],
                "status": "ONGOING" if batch["state"] == "active" else "EXPIRED",
                "display_type": "LIVE", "creation_source": "SELLER_CENTER", "product_scope": "FULL_SHOP",
                "create_time": start * 1000, "update_time": start * 1000,
                "claim_duration": {"start_time": start, "end_time": end},
                "usage_limits": {"total_claim_limit": batch["quantity"]},
                "usage_stats": {"claimed_count": batch["claimed"]}}
