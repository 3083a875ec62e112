"""微信小店 coupons and 限时抢购 (flash-sale tasks) on Studio's coupons and flash sales.

Coupons: every Studio coupon template is offered as a shop coupon saved but not issued (status 1,
未生效; type 104 直减, 102 满减 or 103 折扣 by its kind). A coupon made effective (status 2) while a
room is live is issued into that room as a Studio batch of `receive_info.total_num`, claimable until
`receive_info.end_time` (its terms become, or find, a Studio template); its `stock_info` then counts
the room's claims (issued_num what is left, receive_num claimed but unused, used_num used). Status
flows as documented: 1 → 2, 4, 5; 2 → 4, 5; 3, 4 → 5; anything else is 10021001 (优惠券状态不对).
A coupon whose claim window has passed, or whose batch ended, reads as 3 (已过期).

Flash sales: a task is one product's discount on some of its SKUs between start_time and end_time:
0 not started, 1 running, 2 ended (by time, or stopped — which cannot be undone). The add rules are
the documented ones, enforced here as on WeChat: start from now (ten minutes' slack) within a year,
at most 24 hours long; each SKU's regular price above ¥10, the sale price 1–8.5折 of it and at
least ¥10 below, the sale stock from 1 to the SKU's stock (10020051 参数有误); one waiting or running
task per product (10020077 — WeChat's page cuts its list of add errors after 10020052, and 10020077,
"抢购活动状态不正确", is the code the task APIs answer for a task in the wrong state). A task reaches
the room where its product is listed and live: each SKU becomes a Studio flash sale there, with
the task's times, so viewers buy it and the order shows at the sale price. Studio's own flash sales
(started through Studio's API) are tasks too, one SKU each, ids from NATIVE_TASK_BASE."""

from __future__ import annotations

import json
import math


from anchor_console.studio.errors import ApiError
from anchor_console.studio.permissions import Role
from anchor_console.studio.store import EmulatorTables, Principal
from anchor_console.studio.wechat.channels import PRODUCT_BAD, offset_of, page_key, page_of
from anchor_console.studio.wechat.core import SHOP, Api, Call
from anchor_console.studio.wechat.errors import WxError, ok
from anchor_console.studio.wechat.fields import dicts_field, id_field, int_field, str_field

COUPON_BAD = 40097
FIRST_COUPON_ID = 10_000_001
FIRST_TASK_ID = 20_000_001
NATIVE_TASK_BASE = 90_000_000_000
SHOP_PRINCIPAL = Principal(role=Role.ASSISTANT, name="微信小店")
COUPON_TYPES = frozenset({1, 2, 3, 4, 101, 102, 103, 104})
NEXT_STATUS = {1: {2, 4, 5}, 2: {4, 5}, 3: {5}, 4: {5}, 5: set()}

SCHEMA = """
CREATE TABLE IF NOT EXISTS wx_coupons(
  coupon_id INTEGER PRIMARY KEY, type INTEGER NOT NULL, status INTEGER NOT NULL, info TEXT NOT NULL,
  create_time INTEGER NOT NULL, update_time INTEGER NOT NULL, seeded_from INTEGER, issue_id INTEGER);
CREATE TABLE IF NOT EXISTS wx_tasks(
  task_id INTEGER PRIMARY KEY, product_id INTEGER NOT NULL, start_time INTEGER NOT NULL, end_time INTEGER NOT NULL,
  create_time INTEGER NOT NULL, stopped_at REAL, skus TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS wx_task_sales(
  task_id INTEGER NOT NULL, sku_id INTEGER NOT NULL, flash_sale_id INTEGER NOT NULL, PRIMARY KEY(task_id, sku_id));
"""


def _template_terms(t: dict) -> tuple[int, dict]:
    """A Studio template as a shop coupon's (type, discount_info)."""
    if t["kind"] == "cash":
        return 104, {"discount_fee": t["amount_fen"]}
    if t["kind"] == "threshold":
        return 102, {"discount_condition": {"product_price": t["threshold_fen"]}, "discount_fee": t["amount_fen"]}
    return 103, {"discount_num": (100 - t["percent_off"]) * 100}


def _studio_terms(ctype: int, discount: dict) -> tuple[str, int, int, int]:
    """A shop coupon's terms as a Studio template's (kind, amount_fen, threshold_fen, percent_off)."""
    kind = ctype % 100
    if kind == 4:
        return "cash", int(discount.get("discount_fee") or 0), 0, 0
    if kind == 2:
        return ("threshold", int(discount.get("discount_fee") or 0),
                int((discount.get("discount_condition") or {}).get("product_price") or 0), 0)
    return "percent", 0, 0, max(1, min(90, 100 - int(discount.get("discount_num") or 10000) // 100))


class Promotions(EmulatorTables):
    schema = SCHEMA

    def apis(self) -> list[Api]:
        k = frozenset({SHOP})
        c, t = "/channels/ec/coupon", "/channels/ec/product/limiteddiscounttask"
        return [Api(f"{c}/create", "POST", k, self.coupon_create), Api(f"{c}/get", "POST", k, self.coupon_get),
                Api(f"{c}/get_list", "POST", k, self.coupon_list),
                Api(f"{c}/update_status", "POST", k, self.coupon_status),
                Api(f"{t}/add", "POST", k, self.task_add), Api(f"{t}/list/get", "POST", k, self.task_list),
                Api(f"{t}/stop", "POST", k, self.task_stop)]

    # ------------------------------------------------------------------ coupons

    def sync_templates(self) -> None:
        """Each Studio template not yet offered becomes a saved, unissued shop coupon."""
        seeded = {r[0] for r in self.db.execute("SELECT seeded_from FROM wx_coupons WHERE seeded_from IS NOT NULL")}
        fresh = [t for t in self.studio.coupons.list_templates() if t["id"] not in seeded]
        if not fresh:
            return
        now = int(self.now())
        with self.store.tx():
            for t in fresh:
                ctype, discount = _template_terms(t)
                info = {"name": t["name"], "promote_info": {"promote_type": 1}, "discount_info": discount,
                        "receive_info": {"start_time": now, "end_time": now + 30 * 86400, "limit_num_one_person": 1,
                                         "total_num": 1000},
                        "valid_info": {"valid_type": 2, "valid_day_num": 7}}
                self._insert_coupon(ctype, 1, info, now, seeded_from=t["id"])

    def _insert_coupon(self, ctype: int, status: int, info: dict, now: int, *, seeded_from: int | None = None) -> int:
        next_id = max(FIRST_COUPON_ID, (self.db.execute("SELECT MAX(coupon_id) FROM wx_coupons").fetchone()[0] or 0) + 1)
        self.db.execute("INSERT INTO wx_coupons(coupon_id, type, status, info, create_time, update_time, seeded_from) "
                        "VALUES (?,?,?,?,?,?,?)",
                        (next_id, ctype, status, json.dumps(info, ensure_ascii=False), now, now, seeded_from))
        return next_id

    def _coupon_row(self, body: dict):
        cid = id_field(body, "coupon_id", code=COUPON_BAD)
        self.sync_templates()
        row = self.db.execute("SELECT * FROM wx_coupons WHERE coupon_id = ?", (cid,)).fetchone()
        if row is None:
            raise WxError(10021037)
        return row

    def _batch(self, row):
        if row["issue_id"] is None:
            return None
        try:
            return self.studio.coupons.batch(row["issue_id"])
        except ApiError:
            return None

    def _status(self, row, batch: dict | None) -> int:
        status = row["status"]
        if status == 2:
            end = int((json.loads(row["info"]).get("receive_info") or {}).get("end_time") or 0)
            if (batch is not None and batch["state"] == "ended") or (end and self.now() >= end):
                return 3
        return status

    def coupon_view(self, row) -> dict:
        info = json.loads(row["info"])
        total = int((info.get("receive_info") or {}).get("total_num") or 0)
        batch = self._batch(row)
        claimed = batch["claimed"] if batch else 0
        used = self.db.execute("SELECT COUNT(*) FROM coupon_claims WHERE issue_id = ? AND order_id IS NOT NULL",
                               (row["issue_id"],)).fetchone()[0] if batch else 0
        return {"coupon_id": str(row["coupon_id"]), "type": row["type"], "status": self._status(row, batch),
                "create_time": row["create_time"], "update_time": row["update_time"], "coupon_info": info,
                "stock_info": {"issued_num": max(0, total - claimed), "receive_num": claimed - used, "used_num": used}}

    def coupon_create(self, call: Call) -> dict:
        b = call.body
        ctype = int_field(b, "type", code=COUPON_BAD)
        if ctype not in COUPON_TYPES:
            raise WxError(COUPON_BAD)
        name = str_field(b, "name", code=COUPON_BAD, max_len=60)
        discount = b.get("discount_info")
        receive = b.get("receive_info")
        if not isinstance(discount, dict) or not isinstance(receive, dict):
            raise WxError(COUPON_BAD)
        kind = ctype % 100
        fee = int_field(discount, "discount_fee", code=COUPON_BAD, default=0, low=0)
        num = int_field(discount, "discount_num", code=COUPON_BAD, default=0, low=0)
        condition = discount.get("discount_condition") or {}
        if not isinstance(condition, dict):
            raise WxError(COUPON_BAD)
        floor = int_field(condition, "product_price", code=COUPON_BAD, default=0, low=0)
        if (kind in (2, 4) and fee <= 0) or (kind == 2 and floor <= fee) or (kind in (1, 3) and not 0 < num < 10000):
            raise WxError(COUPON_BAD)
        start = int_field(receive, "start_time", code=COUPON_BAD, low=0)
        end = int_field(receive, "end_time", code=COUPON_BAD, low=0)
        int_field(receive, "total_num", code=COUPON_BAD, low=1, high=100_000_000)
        int_field(receive, "limit_num_one_person", code=COUPON_BAD, default=1, low=1)
        if end <= start:
            raise WxError(COUPON_BAD)
        valid = b.get("valid_info")
        if not isinstance(valid, dict):
            raise WxError(COUPON_BAD)
        if int_field(valid, "valid_type", code=COUPON_BAD, low=1, high=2) == 2:
            int_field(valid, "valid_day_num", code=COUPON_BAD, low=1)
        info = {k: b[k] for k in ("promote_info", "discount_info", "receive_info", "valid_info", "ext_info") if k in b}
        info["name"] = name
        now = int(self.now())
        with self.store.tx(durable=True):
            cid = self._insert_coupon(ctype, 1, info, now)
        return ok(data={"coupon_id": str(cid)})

    def coupon_get(self, call: Call) -> dict:
        return ok(coupon=self.coupon_view(self._coupon_row(call.body)))

    def coupon_list(self, call: Call) -> dict:
        self.sync_templates()
        status = int_field(call.body, "status", code=COUPON_BAD, default=0, low=0, high=5)
        page = int_field(call.body, "page", code=COUPON_BAD, default=1, low=1)
        size = int_field(call.body, "page_size", code=COUPON_BAD, default=10, low=1, high=200)
        rows = self.db.execute("SELECT * FROM wx_coupons ORDER BY coupon_id DESC").fetchall()
        ids = [str(r["coupon_id"]) for r in rows if not status or self._status(r, self._batch(r)) == status]
        chosen = ids[(page - 1) * size:page * size]
        return ok(coupons=[{"coupon_id": c} for c in chosen], total_num=len(ids), page_ctx=page_key(page * size))

    def coupon_status(self, call: Call) -> dict:
        row = self._coupon_row(call.body)
        wanted = int_field(call.body, "status", code=COUPON_BAD, low=2, high=5)
        if wanted == 3:
            raise WxError(COUPON_BAD)
        current = self._status(row, self._batch(row))
        if wanted not in NEXT_STATUS[current]:
            raise WxError(10021001)
        with self.store.tx(durable=True):
            issue_id = row["issue_id"]
            if wanted == 2:
                issue_id = self._issue(row)
            elif self._batch(row) is not None and self._batch(row)["state"] != "ended":
                batch = self._batch(row)
                self.studio.coupons.stop(batch["room_id"], batch["id"])
            self.db.execute("UPDATE wx_coupons SET status = ?, update_time = ?, issue_id = ? WHERE coupon_id = ?",
                            (wanted, int(self.now()), issue_id, row["coupon_id"]))
        return ok()

    def _issue(self, row) -> int | None:
        """A coupon made effective while a room is live: a batch of it in that room (else none)."""
        live = self.db.execute("SELECT id FROM rooms WHERE status = 'live' ORDER BY started_at DESC LIMIT 1").fetchone()
        info = json.loads(row["info"])
        receive = info.get("receive_info") or {}
        minutes = math.ceil((int(receive.get("end_time") or 0) - self.now()) / 60)
        if live is None or minutes < 1:
            return None
        kind, amount, threshold, percent = _studio_terms(row["type"], info.get("discount_info") or {})
        template = next((t for t in self.studio.coupons.list_templates()
                         if (t["kind"], t["amount_fen"], t["threshold_fen"], t["percent_off"]) ==
                         (kind, amount, threshold, percent)), None)
        if template is None:
            template = self.studio.coupons.create_template(str(info.get("name") or "优惠券"), kind, amount, threshold,
                                                           percent)
        batch = self.studio.coupons.issue(live["id"], template["id"], int(receive.get("total_num") or 1), minutes,
                                          SHOP_PRINCIPAL)
        return batch["id"]

    # ------------------------------------------------------------------ flash sales

    def _task_status(self, row) -> int:
        now = self.now()
        if row["stopped_at"] is not None or now >= row["end_time"]:
            return 2
        return 0 if now < row["start_time"] else 1

    def tasks(self) -> list[dict]:
        """Every task, the shop's and Studio's own, newest first."""
        out = []
        for r in self.db.execute("SELECT * FROM wx_tasks"):
            out.append({"task_id": str(r["task_id"]), "product_id": str(r["product_id"]), "status": self._task_status(r),
                        "create_time": r["create_time"], "start_time": r["start_time"], "end_time": r["end_time"],
                        "limited_discount_skus": json.loads(r["skus"])})
        self.studio.flash_sales.advance()
        for s in self.db.execute("SELECT * FROM flash_sales WHERE state != 'draft' AND id NOT IN "
                                 "(SELECT flash_sale_id FROM wx_task_sales)"):
            out.append({"task_id": str(NATIVE_TASK_BASE + s["id"]), "product_id": str(s["product_id"]),
                        "status": {"countdown": 0, "live": 1}.get(s["state"], 2), "create_time": int(s["created_at"]),
                        "start_time": int(s["starts_at"] or s["created_at"]), "end_time": int(s["ends_at"] or 0),
                        "limited_discount_skus": [{"sku_id": str(s["sku_id"]), "sale_price": s["sale_price_fen"],
                                                   "sale_stock": s["stock"]}]})
        return sorted(out, key=lambda t: (-t["create_time"], -int(t["task_id"])))

    def task_add(self, call: Call) -> dict:
        b = call.body
        pid = id_field(b, "product_id", code=PRODUCT_BAD)
        start = int_field(b, "start_time", code=PRODUCT_BAD, low=0)
        end = int_field(b, "end_time", code=PRODUCT_BAD, low=0)
        skus = dicts_field(b, "limited_discount_skus", code=PRODUCT_BAD)
        wanted = [(id_field(s, "sku_id", code=PRODUCT_BAD), int_field(s, "sale_price", code=PRODUCT_BAD, low=1),
                   int_field(s, "sale_stock", code=PRODUCT_BAD, low=1)) for s in skus]
        try:
            product = self.studio.catalog.product(pid)
        except ApiError:
            raise WxError(10020052) from None
        now = self.now()
        year = 365 * 86400
        if not (now - 600 <= start <= now + year and now < end <= now + year and start < end <= start + 86400):
            raise WxError(PRODUCT_BAD)
        by_id = {s["id"]: s for s in product["skus"]}
        if len({w[0] for w in wanted}) != len(wanted):
            raise WxError(PRODUCT_BAD)
        for sku_id, price, stock in wanted:
            sku = by_id.get(sku_id)
            if sku is None:
                raise WxError(PRODUCT_BAD)
            regular = sku["price_fen"]
            if (regular <= 1000 or not -(-regular // 10) <= price <= regular * 85 // 100 or regular - price < 1000
                    or stock > sku["stock"]):
                raise WxError(PRODUCT_BAD)
        if any(t["product_id"] == str(pid) and t["status"] in (0, 1) for t in self.tasks()):
            raise WxError(10020077)
        room = self.db.execute("SELECT r.id FROM rooms r JOIN shelf s ON s.room_id = r.id WHERE r.status = 'live' AND "
                               "s.product_id = ? ORDER BY r.started_at DESC LIMIT 1", (pid,)).fetchone()
        stored = [{"sku_id": str(s), "sale_price": p, "sale_stock": n} for s, p, n in wanted]
        with self.store.tx(durable=True):
            task_id = max(FIRST_TASK_ID, (self.db.execute("SELECT MAX(task_id) FROM wx_tasks").fetchone()[0] or 0) + 1)
            self.db.execute("INSERT INTO wx_tasks(task_id, product_id, start_time, end_time, create_time, skus) "
                            "VALUES (?,?,?,?,?,?)", (task_id, pid, start, end, int(now), json.dumps(stored)))
            if room is not None:
                for sku_id, price, stock in wanted:
                    sale = self.studio.flash_sales.schedule(room["id"], pid, sku_id, price, stock, stock, start, end,
                                                            SHOP_PRINCIPAL)
                    self.db.execute("INSERT INTO wx_task_sales(task_id, sku_id, flash_sale_id) VALUES (?,?,?)",
                                    (task_id, sku_id, sale["id"]))
        return ok(task_id=str(task_id))

    def task_list(self, call: Call) -> dict:
        status = int_field(call.body, "status", code=PRODUCT_BAD, low=0, high=2) \
            if call.body.get("status") is not None else None
        size = int_field(call.body, "page_size", code=PRODUCT_BAD, default=10, low=1, high=50)
        offset = offset_of(call.body.get("next_key"), code=PRODUCT_BAD)
        chosen = [t for t in self.tasks() if status is None or t["status"] == status]
        page, next_key, _more = page_of(chosen, offset, size)
        return ok(limited_discount_tasks=page, next_key=next_key, total_num=len(chosen))

    def task_stop(self, call: Call) -> dict:
        task_id = id_field(call.body, "task_id", code=PRODUCT_BAD)
        if task_id >= NATIVE_TASK_BASE:
            sale = self.db.execute("SELECT * FROM flash_sales WHERE id = ? AND state != 'draft'",
                                   (task_id - NATIVE_TASK_BASE,)).fetchone()
            if sale is None:
                raise WxError(10020076)
            self.studio.flash_sales.advance()
            if self.studio.flash_sales.get(sale["id"])["state"] == "ended":
                raise WxError(10020077)
            self.studio.flash_sales.stop(sale["room_id"], sale["id"])
            return ok()
        row = self.db.execute("SELECT * FROM wx_tasks WHERE task_id = ?", (task_id,)).fetchone()
        if row is None:
            raise WxError(10020076)
        if self._task_status(row) == 2:
            raise WxError(10020077)
        with self.store.tx(durable=True):
            self.db.execute("UPDATE wx_tasks SET stopped_at = ? WHERE task_id = ?", (self.now(), task_id))
            for link in self.db.execute("SELECT flash_sale_id FROM wx_task_sales WHERE task_id = ?", (task_id,)).fetchall():
                sale = self.studio.flash_sales.get(link[0])
                if sale["state"] != "ended":
                    self.studio.flash_sales.stop(sale["room_id"], sale["id"])
        return ok()
