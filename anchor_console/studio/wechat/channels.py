"""WeChat Channels (视频号) and its shop (微信小店) on Studio's state: the live dashboard
(getlivelist, getlivedata), live reservations, shop products and orders. Coupons and flash sales
are in `promotions`.

The mapping: a Channels live is a Studio room that has started (its export_id is derived from the
room id; `create_time` is when it started, `ds` the Beijing day of that); its dashboard figures are
the room's live numbers (GMV in 分); a reservation (预约) is a room not started yet; the shop's
products and SKUs are Studio's catalog (sale_price 分, stock_num); its orders are Studio's orders,
all paid (status 20, 待发货), `ext_info.live_id` the export_id of the room they were bought in.

One account (the "shop" AppID) answers both the 视频号助手 APIs (livedashboard, finderlive) and the
微信小店 ones (/channels/ec/…). On WeChat these are two account types with two AppIDs; see the
report of issue #14 (the Channels adapter signs both with one credential)."""

from __future__ import annotations

import base64
import hashlib
import json
import struct
import time
from typing import TYPE_CHECKING

from anchor_console.studio.errors import ApiError
from anchor_console.studio.wechat.core import BEIJING_OFFSET_S, SHOP, Api, Call, image_url
from anchor_console.studio.wechat.errors import WxError, ok
from anchor_console.studio.wechat.fields import id_field, int_field
from anchor_console.studio.wechat.live import openid_of

if TYPE_CHECKING:
    from anchor_console.studio.services import Studio

PRODUCT_BAD = 10020051
ORDER_BAD = 40097
EXPORT_PREFIX = "export/UzFf"
ORDER_BASE = 3_704_612_354_559_700_000     # order ids look like WeChat's 19-digit ones
SHOP_NAME = "Studio 小店"
NOTICE_WORDING = {0: "可用", 1: "已取消", 2: "已使用"}


def export_id(room_id: int) -> str:
    """A live's export_id: opaque like WeChat's, derived from the Studio room id."""
    tail = hashlib.sha256(f"studio-live:{room_id}".encode()).digest()
    raw = struct.pack(">Q", room_id) + tail + tail[:24]
    return EXPORT_PREFIX + base64.urlsafe_b64encode(raw).decode().rstrip("=")


def room_of_export(value: object) -> int | None:
    if not isinstance(value, str) or not value.startswith(EXPORT_PREFIX):
        return None
    try:
        raw = base64.urlsafe_b64decode(value[len(EXPORT_PREFIX):] + "=" * (-len(value) % 4))
    except ValueError:
        return None
    if len(raw) < 8:
        return None
    room_id = struct.unpack(">Q", raw[:8])[0]
    return room_id if export_id(room_id) == value else None


def day_of(ts: float) -> int:
    return int(time.strftime("%Y%m%d", time.gmtime(ts + BEIJING_OFFSET_S)))


def page_key(offset: int) -> str:
    return base64.urlsafe_b64encode(json.dumps({"o": offset}).encode()).decode() if offset else ""


def page_of(items: list, offset: int, size: int) -> tuple[list, str, bool]:
    """The page of `items` that starts at `offset`, the key of the next page ("" when there is
    none) and whether there is one."""
    more = offset + size < len(items)
    return items[offset:offset + size], page_key(offset + size) if more else "", more


def offset_of(key: object, *, code: int) -> int:
    if key in (None, ""):
        return 0
    try:
        return max(0, int(json.loads(base64.urlsafe_b64decode(str(key)))["o"]))
    except (ValueError, KeyError, TypeError):
        raise WxError(code) from None


class Channels:
    def __init__(self, studio: Studio) -> None:
        self.studio = studio
        self.db = studio.store.db

    def now(self) -> float:
        return self.studio.store.clock.now()

    def apis(self) -> list[Api]:
        k = frozenset({SHOP})
        return [Api("/channels/livedashboard/getlivelist", "POST", k, self.live_list),
                Api("/channels/livedashboard/getlivedata", "POST", k, self.live_data),
                Api("/channels/ec/finderlive/getfinderlivenoticerecordlist", "POST", k, self.notices),
                Api("/channels/ec/product/get", "POST", k, self.product_get),
                Api("/channels/ec/product/list/get", "POST", k, self.product_list),
                Api("/channels/ec/order/list/get", "POST", k, self.order_list),
                Api("/channels/ec/order/get", "POST", k, self.order_get)]

    # ------------------------------------------------------------------ lives

    def live_list(self, call: Call) -> dict:
        ds = int_field(call.body, "ds", code=1, low=10_000_101, high=99_991_231)
        if ds < 20240101:
            raise WxError(5)
        items = [{"export_id": export_id(r["id"]), "create_time": int(r["started_at"])}
                 for r in self.db.execute("SELECT id, started_at FROM rooms WHERE started_at IS NOT NULL ORDER BY "
                                          "started_at DESC") if day_of(r["started_at"]) == ds]
        return ok(trace_id=self._trace(), live_items=items, has_more=False)

    @staticmethod
    def _trace() -> str:
        raw = hashlib.sha256(str(time.time_ns()).encode()).hexdigest()
        return f"{raw[:8]}-{raw[8:12]}-{raw[12:16]}-{raw[16:20]}-{raw[20:32]}"

    def live_data(self, call: Call) -> dict:
        room_id = room_of_export(call.body.get("export_id"))
        room = self.db.execute("SELECT * FROM rooms WHERE id = ?", (room_id,)).fetchone() if room_id else None
        if room is None or room["started_at"] is None:
            raise WxError(1)
        stats = self.studio.stats.of_room(room_id)
        living = room["status"] == "live"
        duration = int((room["ended_at"] or self.now()) - room["started_at"])
        watch = max(1, stats["entries"])
        summary = {"total_gmv": stats["gmv_fen"], "total_pay_pv": stats["orders"], "total_pay_uv": stats["buyers"],
                   "online_audience_count": stats["online"], "cumulative_audience_count": stats["entries"],
                   "new_comment_count": stats["comments"], "new_follow_count": stats["followers"]}

        def index(value: int) -> dict:
            return {"n": 10, "last_n_mins_value": value, "last_2n_to_n_mins_value": value, "last_n_mins_percentile": 50,
                    "value": value, "percentile": 50}

        return ok(trace_id=self._trace(),
                  live_dashboard_data={"live_dashboard_data": {}, "live_duration": duration,
                                       "start_time": int(room["started_at"])},
                  live_comparison_index={"is_living": living, "on_air": {
                      "recommend_effective_new_watch_2_uv_over_impression_uv": index(100),
                      "average_watch_seconds": index(min(duration, 600)),
                      "comment_uv_over_new_watch_uv": index(stats["comments"] * 1000 // watch),
                      "like_uv_over_new_watch_uv": index(stats["likes"] * 1000 // watch)}},
                  live_ec_data_summary=json.dumps(summary),
                  live_ec_conversion_metric="{}", live_ec_profile="{}", live_distribution_channel="{}",
                  single_live_ec_spu_data_page_v2="{}")

    def notices(self, call: Call) -> dict:
        notices = []
        for r in self.db.execute("SELECT r.id, r.title, r.created_at, p.start_time FROM rooms r LEFT JOIN wx_rooms p "
                                 "ON p.room_id = r.id WHERE r.status = 'scheduled' ORDER BY r.id"):
            start = r["start_time"] if r["start_time"] is not None else int(r["created_at"])
            notices.append({"notice_id": f"finderlivenotice-{r['id']}", "status": 0, "status_wording": NOTICE_WORDING[0],
                            "start_time": str(int(start)), "description": r["title"], "nickname": SHOP_NAME,
                            "head_url": ""})
        return {"errcode": "0", "errmsg": "ok", "live_notice_list": notices}   # errcode a string, as documented

    # ------------------------------------------------------------------ products

    def shop_product(self, product: dict, base_url: str) -> dict:
        image = image_url(product, base_url)
        skus = [{"sku_id": str(s["id"]), "out_sku_id": "", "thumb_img": image, "sale_price": s["price_fen"],
                 "stock_num": s["stock"], "sku_code": f"SKU{s['id']}",
                 "sku_attrs": [{"attr_key": "规格", "attr_value": s["name"]}], "status": 0} for s in product["skus"]]
        return {"product_id": str(product["id"]), "out_product_id": "", "title": product["name"],
                "head_imgs": [image] if image else [], "status": 5, "skus": skus,
                "min_price": product["price_fen"], "spu_code": f"SPU{product['id']}"}

    def product(self, product_id: int) -> dict:
        try:
            return self.studio.catalog.product(product_id)
        except ApiError:
            raise WxError(10020052) from None

    def product_get(self, call: Call) -> dict:
        pid = id_field(call.body, "product_id", code=PRODUCT_BAD)
        data_type = int_field(call.body, "data_type", code=PRODUCT_BAD, default=1, low=1, high=3)
        shown = self.shop_product(self.product(pid), call.base_url)
        out = {}
        if data_type in (1, 3):
            out["product"] = shown
        if data_type in (2, 3):
            out["edit_product"] = shown
        return ok(**out)

    def product_list(self, call: Call) -> dict:
        status = int_field(call.body, "status", code=PRODUCT_BAD, default=5)
        size = int_field(call.body, "page_size", code=PRODUCT_BAD, low=1, high=30)
        offset = offset_of(call.body.get("next_key"), code=PRODUCT_BAD)
        ids = [str(r[0]) for r in self.db.execute("SELECT id FROM products ORDER BY id")] if status == 5 else []
        page, next_key, _more = page_of(ids, offset, size)
        return ok(product_ids=page, next_key=next_key, total_num=len(ids))

    # ------------------------------------------------------------------ orders

    def order_list(self, call: Call) -> dict:
        window = call.body.get("update_time_range") or call.body.get("create_time_range")
        if not isinstance(window, dict):
            raise WxError(ORDER_BAD)
        start = int_field(window, "start_time", code=ORDER_BAD, low=0)
        end = int_field(window, "end_time", code=ORDER_BAD, low=0)
        if end < start or end - start > 7 * 86400:
            raise WxError(ORDER_BAD)
        size = int_field(call.body, "page_size", code=ORDER_BAD, low=1, high=100)
        offset = offset_of(call.body.get("next_key"), code=ORDER_BAD)
        ids = [str(ORDER_BASE + r[0]) for r in self.db.execute(
            "SELECT id FROM orders WHERE created_at >= ? AND created_at <= ? ORDER BY id", (start, end + 0.999))]
        page, next_key, more = page_of(ids, offset, size)
        return ok(order_id_list=page, next_key=next_key, has_more=more)

    def order_get(self, call: Call) -> dict:
        oid = id_field(call.body, "order_id", code=ORDER_BAD)
        row = self.db.execute("SELECT * FROM orders WHERE id = ?", (oid - ORDER_BASE,)).fetchone() \
            if oid > ORDER_BASE else None
        if row is None:
            raise WxError(ORDER_BAD, "order not exist")
        product = self.studio.catalog.product(row["product_id"])
        sku = next((s for s in product["skus"] if s["id"] == row["sku_id"]), {"name": "", "price_fen": 0})
        image = image_url(product, call.base_url)
        created = int(row["created_at"])
        gross = row["unit_price_fen"] * row["quantity"]
        return ok(order={
            "order_id": str(oid), "status": 20, "create_time": created, "update_time": created,
            "order_detail": {
                "product_infos": [{"product_id": str(row["product_id"]), "sku_id": str(row["sku_id"]),
                                   "sku_cnt": row["quantity"], "on_aftersale_sku_cnt": 0, "finish_aftersale_sku_cnt": 0,
                                   "title": product["name"], "thumb_img": image, "sale_price": row["unit_price_fen"],
                                   "market_price": sku["price_fen"],
                                   "sku_attrs": [{"attr_key": "规格", "attr_value": sku["name"]}]}],
                "pay_info": {"prepay_id": f"wx{created}{oid % 10**8:08d}", "transaction_id": f"42{oid % 10**17:017d}",
                             "prepay_time": created, "pay_time": created, "payment_method": 1},
                "price_info": {"product_price": gross, "order_price": row["amount_fen"], "freight": 0,
                               "discounted_price": row["discount_fen"], "is_discounted": row["discount_fen"] > 0},
                "coupon_info": {"user_coupon_id": str(row["coupon_claim_id"] or "")},
                "ext_info": {"customer_notes": "", "merchant_notes": "", "finder_id": "", "live_id": export_id(row["room_id"]),
                             "order_scene": 2}},
            "aftersale_detail": {"aftersale_order_list": [], "on_aftersale_order_cnt": 0},
            "openid": openid_of(f"viewer:{row['viewer_id']}")})
