"""The WeChat Channels (视频号) / 微信小店 adapter: the account's lives and reservations, live figures
from the 直播大屏 dashboard, shop coupons and flash sales (`wechat_promotions`), and the orders that
measure a flash sale — with events made by polling (`wechat_polling`).

What it cannot do, because the platform has no server API for it: anything about the live room's
product list (小黄车: listing, 讲解, on/off sale, order), reading or moderating comments, muting,
starting or ending a live. Coupons are the shop's, not pushed into a room (no 直播间发券 API).

Room ids: a live's `export_id` from the dashboard; `current` (or a reservation's `notice:<id>`)
means "this account's live of today", resolved once the live exists — bind that before the show.

Sources, cross-checked (paths, methods, fields, units):
  POST /channels/livedashboard/getlivelist {ds}   doc/channels/API/livedashboard/getlivelist; WxJava
       LiveListParam/LiveListResponse; SKIT ChannelsLiveDashboardGetLiveList*.json
  POST /channels/livedashboard/getlivedata {export_id}  doc/channels/API/livedashboard/getlivedata (nested
       objects may arrive as JSON strings: WxJava convertLiveDataResponse); WxJava LiveEcDataSummary
       (total_gmv in 分, online_audience_count, cumulative_audience_count, new_comment_count, total_pay_pv)
  POST /channels/ec/finderlive/getfinderlivenoticerecordlist {}  doc/channels/API/live/
       getfinderlivenoticerecordlist (errcode "0" as a string; start_time a string); SKIT sample
  POST /channels/ec/product/get {product_id, data_type}, /channels/ec/product/list/get {status,
       page_size, next_key}  doc/store/shop/API/product/get (sale_price 分, stock_num, sku_code); SKIT samples
  POST /channels/ec/order/list/get {update_time_range ≤ 7 days, page_size ≤ 100, next_key},
       /channels/ec/order/get {order_id}  doc/store/API/order/list_get and order/get (ext_info.live_id,
       product_infos[].sale_price 分, sku_cnt); SKIT ChannelsECOrder*.json
  coupons and flash sales: see wechat_promotions."""

from __future__ import annotations

import asyncio
import json
import random
import time
from dataclasses import dataclass, replace
from typing import Any, AsyncIterator

import httpx

from anchor_console.domain.capabilities import Capability
from anchor_console.domain.clock import BEIJING_OFFSET_S, Clock
from anchor_console.domain.models import (
    CouponIssue, CouponState, CouponTemplate, FlashSale, FlashSaleState, Order, Product, Room, RoomEvent,
    RoomStats, RoomStatus, Sku,
)
from anchor_console.domain.text import QT_TRANSLATE_NOOP, Text
from anchor_console.platforms import errors as pe
from anchor_console.domain.models import FlashSaleSpec
from anchor_console.platforms.base import RoomSnapshot, StatusCallback
from anchor_console.platforms.transport import Sleep
from anchor_console.platforms.wechat_auth import WeChatCredentials
from anchor_console.platforms.wechat_client import API_BASE, MemoryLedger, SentLedger, WeChatPlatform
from anchor_console.platforms.wechat_polling import Feed, Poller
from anchor_console.platforms.wechat_promotions import (
    COUPON, TASK, Promotions, coupon_issue, flash_sale, sale_sku,
)
from anchor_console.platforms.wechat_quota import QuotaBook

C = Capability
NAME = QT_TRANSLATE_NOOP("Platform", "WeChat Channels")
CURRENT = "current"
LIVELIST = "/channels/livedashboard/getlivelist"
LIVEDATA = "/channels/livedashboard/getlivedata"
NOTICES = "/channels/ec/finderlive/getfinderlivenoticerecordlist"
ORDER_LIST = "/channels/ec/order/list/get"
ORDER_GET = "/channels/ec/order/get"
PAID = frozenset({20, 21, 30, 100})     # paid: to ship, partly shipped, shipped, done
ORDER_DETAILS_PER_ROUND = 30
ORDERS_AFTER_SALE_S = 600               # keep counting a sale's orders this long after it ends

NOT_FROM_CONSOLE = QT_TRANSLATE_NOOP("PlatformError", "WeChat Channels cannot do this from the console: a live "
                                                      "starts and ends in the 视频号 app or 直播伴侣.")
_REASONS: dict[Capability, Text] = {
    **dict.fromkeys((C.SHELF, C.STAGE, C.SALE_TOGGLE, C.SORT), QT_TRANSLATE_NOOP(
        "PlatformError", "WeChat Channels has no API for the live room's product list or 讲解; use the 视频号 live "
                         "console (直播中控台).")),
    **dict.fromkeys((C.COMMENT_STREAM, C.HIDE_COMMENT, C.DELETE_COMMENT, C.MUTE, C.BAN, C.PIN, C.ROOM_MUTE,
                     C.POST_AS_STAFF, C.SLOW_MODE, C.FOLLOWERS_ONLY, C.SHIELD_MODE, C.ANNOUNCE), QT_TRANSLATE_NOOP(
        "PlatformError", "WeChat Channels has no API to read or moderate live comments.")),
    C.LIVE_PLANS: QT_TRANSLATE_NOOP("PlatformError", "WeChat Channels has no API to create or edit a live notice "
                                                     "(直播预告); make it in 视频号助手."),
    C.LUCKY_BAGS: QT_TRANSLATE_NOOP("PlatformError", "WeChat Channels has no API for lucky bags (福袋) or draws; "
                                                     "start them in the 视频号 live console (直播中控台)."),
    C.RED_PACKETS: QT_TRANSLATE_NOOP("PlatformError", "WeChat Channels has no API for red packets (红包); send them "
                                                      "in the 视频号 app."),
}


@dataclass(frozen=True, slots=True)
class Reservation:
    """A live reservation (预约). Status: 0 open, 1 cancelled, 2 used."""

    notice_id: str
    status: int
    status_text: str
    starts_at: float | None
    description: str


def json_object(value: Any) -> dict:
    """A nested dashboard object, which WeChat may send as a JSON string."""
    if isinstance(value, dict):
        return value
    if isinstance(value, str) and value.strip().startswith("{"):
        try:
            parsed = json.loads(value)
            return parsed if isinstance(parsed, dict) else {}
        except (ValueError, RecursionError):
            return {}
    return {}


def beijing_day(ts: float) -> int:
    """yyyymmdd of `ts` in Beijing time (the dashboard's `ds`)."""
    return int(time.strftime("%Y%m%d", time.gmtime(ts + BEIJING_OFFSET_S)))


def _living(data: dict) -> bool:
    return bool(json_object(data.get("live_comparison_index")).get("is_living"))


def parse_stats(data: dict, sales: dict[str, int] | None = None) -> RoomStats:
    s = json_object(data.get("live_ec_data_summary"))
    return RoomStats(online=int(s.get("online_audience_count") or 0),
                     entries=int(s.get("cumulative_audience_count") or 0),
                     comments=int(s.get("new_comment_count") or 0), orders=int(s.get("total_pay_pv") or 0),
                     gmv_fen=int(s.get("total_gmv") or 0), sales=dict(sales or {}),
                     followers=int(s.get("new_follow_count") or 0), buyers=int(s.get("total_pay_uv") or 0))


def parse_live_room(room_id: str, data: dict, created: float = 0.0) -> Room:
    board = json_object(data.get("live_dashboard_data"))
    living = bool(json_object(data.get("live_comparison_index")).get("is_living"))
    start = float(board.get("start_time") or created or 0) or None
    duration = float(board.get("live_duration") or 0)
    title = time.strftime("%Y-%m-%d %H:%M", time.gmtime(start + BEIJING_OFFSET_S)) if start else ""
    return Room(id=room_id, title=title, status=RoomStatus.LIVE if living else RoomStatus.ENDED, started_at=start,
                ended_at=None if living or not start else start + duration, scheduled_at=start)


def parse_shop_product(p: dict) -> Product:
    pid = str(p.get("product_id", ""))

    def sku(s: dict) -> Sku:
        attrs = " ".join(str(a.get("attr_value", "")) for a in s.get("sku_attrs") or [])
        return Sku(id=str(s.get("sku_id", "")), product_id=pid, name=attrs or str(p.get("title", "")),
                   price_fen=int(s.get("sale_price") or 0), stock=int(s.get("stock_num") or 0),
                   code=str(s.get("sku_code") or ""))

    return Product(id=pid, name=str(p.get("title", "")), skus=tuple(sku(s) for s in p.get("skus") or []),
                   image_url=str((p.get("head_imgs") or [""])[0]), code=str(p.get("spu_code") or ""))


def parse_order_lines(order: dict, room_id: str) -> list[Order]:
    detail = order.get("order_detail") or {}
    lines = detail.get("product_infos") or []
    oid = str(order.get("order_id", ""))
    return [Order(id=oid if len(lines) == 1 else f"{oid}#{n + 1}", room_id=room_id,
                  viewer_id=str(order.get("openid", "")), product_id=str(line.get("product_id", "")),
                  sku_id=str(line.get("sku_id", "")), quantity=int(line.get("sku_cnt") or 0),
                  amount_fen=int(line.get("sale_price") or 0) * int(line.get("sku_cnt") or 0),
                  created_at=float(order.get("create_time") or 0)) for n, line in enumerate(lines)]


class WeChatChannelsPlatform(WeChatPlatform):
    name, reasons = NAME, _REASONS
    kind = "wechat_channels"
    # The live dashboard's figures (no likes; followers and paying buyers beside the basic ones).
    figures = frozenset({"online", "entries", "comments", "orders", "gmv_fen", "sales", "followers", "buyers"})
    capabilities = frozenset({C.ROOMS, C.COUPONS, C.FLASH_SALES, C.STATS_STREAM})

    def __init__(self, connection_id: str, credentials: WeChatCredentials, client: httpx.AsyncClient, *,
                 display_name: str | None = None, base_url: str = API_BASE, clock: Clock | None = None,
                 sleep: Sleep = asyncio.sleep, rng: random.Random | None = None, quota: QuotaBook | None = None,
                 ledger: SentLedger | None = None, stats_poll_s: float = 15.0, sales_poll_s: float = 10.0,
                 coupon_poll_s: float = 20.0, orders_poll_s: float = 15.0, idle_poll_s: float = 120.0) -> None:
        super().__init__(connection_id, credentials, client, display_name=display_name, base_url=base_url,
                         clock=clock, sleep=sleep, rng=rng, quota=quota)
        self.promotions = Promotions(self.api, ledger or MemoryLedger())
        self.stats_poll_s, self.sales_poll_s, self.coupon_poll_s = stats_poll_s, sales_poll_s, coupon_poll_s
        self.orders_poll_s, self.idle_poll_s = orders_poll_s, idle_poll_s

    # ------------------------------------------------------------------ lives and reservations

    async def _lives(self) -> list[dict]:
        """Today's and yesterday's e-commerce lives (a show may cross midnight), newest first."""
        now = self.api.server_now()
        items: dict[str, dict] = {}
        for ds in (beijing_day(now), beijing_day(now - 86400)):
            data = await self.api.call("POST", LIVELIST, body={"ds": ds}, safe=True)
            for item in data.get("live_items") or []:
                if item.get("export_id"):
                    items.setdefault(str(item["export_id"]), item)
        return sorted(items.values(), key=lambda i: -int(i.get("create_time") or 0))

    async def _live_data(self, export_id: str) -> dict:
        return await self.api.call("POST", LIVEDATA, body={"export_id": export_id}, safe=True)

    async def _resolve(self, room_id: str) -> tuple[str | None, dict, float]:
        """(export_id, its dashboard data, created) of the room; `current` and reservations mean the
        account's live of today: the one on air, else the latest."""
        watch = self._watch(room_id)
        if room_id.startswith("export/"):
            return room_id, await self._live_data(room_id), 0.0
        fetched: dict[str, dict] = {}   # the known live's data is not fetched twice in one poll
        known = watch.state.get("export_id")
        if known:
            data = fetched[known] = await self._live_data(known)
            if _living(data):
                return known, data, watch.state.get("created", 0.0)
        lives = await self._lives()
        chosen: tuple[str | None, dict, float] = (None, {}, 0.0)
        for item in lives:
            export_id = str(item["export_id"])
            data = fetched.get(export_id) or await self._live_data(export_id)
            living = _living(data)
            if chosen[0] is None or living:
                chosen = (export_id, data, float(item.get("create_time") or 0))
            if living:
                break
        watch.state["export_id"], watch.state["created"] = chosen[0], chosen[2]
        return chosen

    async def reservations(self) -> list[Reservation]:
        data = await self.api.call("POST", NOTICES, body={}, safe=True)
        out = []
        for n in data.get("live_notice_list") or []:
            start = str(n.get("start_time") or "")
            out.append(Reservation(notice_id=str(n.get("notice_id", "")), status=int(n.get("status") or 0),
                                   status_text=str(n.get("status_wording", "")),
                                   starts_at=float(start) if start.isdigit() else None,
                                   description=str(n.get("description", ""))))
        return out

    async def list_rooms(self) -> list[Room]:
        rooms = []
        for item in await self._lives():
            export_id = str(item["export_id"])
            data = await self._live_data(export_id)
            rooms.append(parse_live_room(export_id, data, float(item.get("create_time") or 0)))
        for r in await self.reservations():
            if r.status == 0:
                rooms.append(Room(id=f"notice:{r.notice_id}", title=r.description, status=RoomStatus.SCHEDULED,
                                  scheduled_at=r.starts_at))
        return rooms

    async def _room_and_stats(self, room_id: str) -> tuple[Room, RoomStats]:
        export_id, data, created = await self._resolve(room_id)
        sales = self._watch(room_id).state.setdefault("sales_by_product", {})
        if export_id is None:
            return Room(id=room_id, title="", status=RoomStatus.SCHEDULED), RoomStats(sales=dict(sales))
        return parse_live_room(room_id, data, created), parse_stats(data, sales)

    async def stats(self, room_id: str) -> RoomStats:
        return (await self._room_and_stats(room_id))[1]

    async def snapshot(self, room_id: str) -> RoomSnapshot:
        room, stats = await self._room_and_stats(room_id)
        coupons = await self.list_coupons(room_id)
        sales = await self.list_flash_sales(room_id)
        watch = self._watch(room_id)
        watch.seen.changed("room", room)
        watch.seen.changed("stats", stats)
        for c in coupons:
            watch.seen.changed(f"coupon:{c.id}", c)
        for s in sales:
            watch.seen.changed(f"sale:{s.id}", s)
        return RoomSnapshot(room=room, coupons=tuple(coupons), flash_sales=tuple(sales), stats=stats,
                            last_event_id=watch.last_event_id)

    async def start_room(self, room_id: str, *, key: str) -> Room:
        raise pe.InvalidRequest(NOT_FROM_CONSOLE, detail="start_room: no server API", platform=self.display_name,
                                code="not_via_api")

    async def end_room(self, room_id: str, *, key: str) -> Room:
        raise pe.InvalidRequest(NOT_FROM_CONSOLE, detail="end_room: no server API", platform=self.display_name,
                                code="not_via_api")

    # ------------------------------------------------------------------ shop products (for mapping, validation)

    async def shop_product(self, product_id: str) -> Product:
        data = await self.api.call("POST", "/channels/ec/product/get", safe=True,
                                   body={"product_id": str(product_id), "data_type": 1})
        return parse_shop_product(data.get("product") or {})

    async def products_to_match(self) -> list[Product]:
        return await self.shop_products()

    async def shop_products(self, status: int = 5, limit: int = 300) -> list[Product]:
        """Listed products (status 5 上架) with their SKUs and the merchant's SKU codes."""
        ids: list[str] = []
        next_key = ""
        while len(ids) < limit:
            body = {"status": status, "page_size": 30, **({"next_key": next_key} if next_key else {})}
            data = await self.api.call("POST", "/channels/ec/product/list/get", body=body, safe=True)
            page = [str(i) for i in data.get("product_ids") or []]
            ids += page
            next_key = str(data.get("next_key") or "")
            if len(page) < 30 or not next_key or len(ids) >= int(data.get("total_num") or 0):
                break
        return [await self.shop_product(pid) for pid in ids[:limit]]

    # ------------------------------------------------------------------ coupons

    async def list_coupon_templates(self) -> list[CouponTemplate]:
        return await self.promotions.templates()

    async def list_coupons(self, room_id: str) -> list[CouponIssue]:
        batches = await self.promotions.batches(room_id)
        self._watch(room_id).state.setdefault("coupons", set()).update(c.id for c in batches)
        return batches

    async def issue_coupon(self, room_id: str, template_id: str, quantity: int, valid_minutes: int, *,
                           key: str) -> CouponIssue:
        issue = await self.promotions.issue(room_id, template_id, quantity, valid_minutes, key)
        watch = self._watch(room_id)
        watch.state.setdefault("coupons", set()).add(issue.id)
        watch.seen.changed(f"coupon:{issue.id}", issue)
        watch.echo("coupon.issued", {"coupon": issue})
        return issue

    async def stop_coupon(self, room_id: str, issue_id: str, *, key: str) -> CouponIssue:
        issue = await self.promotions.stop_coupon(room_id, issue_id)
        watch = self._watch(room_id)
        watch.seen.changed(f"coupon:{issue.id}", issue)
        watch.echo("coupon.updated", {"coupon": issue})
        return issue

    # ------------------------------------------------------------------ flash sales

    def _sales(self, room_id: str) -> dict[str, FlashSale]:
        return self._watch(room_id).state.setdefault("sales", {})

    async def list_flash_sales(self, room_id: str) -> list[FlashSale]:
        """Waiting and running tasks, and those this console saw end."""
        known = self._sales(room_id)
        for task in await self.promotions.open_tasks():
            sale = flash_sale(task, room_id, self.promotions.sold.get(str(task["task_id"]), 0))
            known[sale.id] = sale
        return sorted(known.values(), key=lambda s: s.starts_at or 0)

    async def launch_flash_sale(self, room_id: str, spec: FlashSaleSpec, *, key: str) -> FlashSale:
        sku = await sale_sku(spec, self.shop_product, platform=self.display_name)
        sale = await self.promotions.launch(room_id, spec, key, regular_fen=sku.price_fen, stock=sku.stock)
        self._sale_changed(room_id, sale)
        return sale

    async def stop_flash_sale(self, room_id: str, sale_id: str, *, key: str) -> FlashSale:
        sale = await self.promotions.stop_sale(room_id, sale_id)
        self._sale_changed(room_id, replace(sale, state=FlashSaleState.ENDED))
        return self._sales(room_id)[sale.id]

    def _sale_changed(self, room_id: str, sale: FlashSale) -> None:
        watch = self._watch(room_id)
        self._sales(room_id)[sale.id] = sale
        watch.seen.changed(f"sale:{sale.id}", sale)
        watch.echo("flash_sale.updated", {"flash_sale": sale})

    # ------------------------------------------------------------------ orders

    async def order_ids(self, since: float, until: float, *, max_pages: int = 5) -> list[str]:
        """Orders updated (created, paid…) in [since, until]; WeChat allows at most 7 days."""
        ids: list[str] = []
        next_key = ""
        for _ in range(max_pages):
            body: dict[str, Any] = {"update_time_range": {"start_time": int(since), "end_time": int(until)},
                                    "page_size": 100, **({"next_key": next_key} if next_key else {})}
            data = await self.api.call("POST", ORDER_LIST, body=body, safe=True)
            ids += [str(i) for i in data.get("order_id_list") or []]
            next_key = str(data.get("next_key") or "")
            if not data.get("has_more") or not next_key:
                break
        return ids

    async def order(self, order_id: str) -> dict:
        return (await self.api.call("POST", ORDER_GET, body={"order_id": str(order_id)}, safe=True)).get("order") or {}

    def _count_sale(self, room_id: str, order: dict, lines: list[Order]) -> list[FlashSale]:
        """A paid order line of a sale's SKU, at its price, inside its time, adds to its sold count."""
        changed = []
        created = float(order.get("create_time") or 0)
        details = (order.get("order_detail") or {}).get("product_infos") or []
        for line, info in zip(lines, details):
            for sale in list(self._sales(room_id).values()):
                if (line.sku_id == sale.sku_id and int(info.get("sale_price") or 0) == sale.sale_price_fen
                        and (sale.starts_at or 0) <= created <= (sale.ends_at or created)):
                    self.promotions.sold[sale.id] = self.promotions.sold.get(sale.id, 0) + line.quantity
                    updated = replace(sale, sold=self.promotions.sold[sale.id])
                    self._sales(room_id)[sale.id] = updated
                    changed.append(updated)
        return changed

    # ------------------------------------------------------------------ events, by polling

    def events(self, room_id: str, *, last_event_id: int = 0,
               on_status: StatusCallback | None = None) -> AsyncIterator[RoomEvent]:
        """Live figures (dashboard, every `stats_poll_s` while live), flash sales (task list, every
        `sales_poll_s`), claimed coupons (one read per active batch, every `coupon_poll_s`) and,
        while a flash sale runs, its orders (`orders_poll_s`); all stretched to the quotas."""
        watch = self._watch(room_id)
        watch.last_event_id = max(watch.last_event_id, last_event_id)
        feeds = [
            Feed("stats", LIVEDATA, self.stats_poll_s, lambda: self._poll_stats(room_id),
                 interval_s=lambda: self.stats_poll_s if watch.state.get("live") else self.idle_poll_s),
            Feed("flash_sales", f"{TASK}/list/get", self.sales_poll_s, lambda: self._poll_sales(room_id),
                 calls_per_poll=lambda: 2),
            Feed("coupons", f"{COUPON}/get", self.coupon_poll_s, lambda: self._poll_coupons(room_id),
                 calls_per_poll=lambda: max(1, len(watch.state.get("coupons") or ()))),
            Feed("orders", ORDER_GET, self.orders_poll_s, lambda: self._poll_orders(room_id),
                 calls_per_poll=lambda: ORDER_DETAILS_PER_ROUND // 3),
        ]
        return Poller(watch, feeds, quota=self.api.quota, clock=self.clock, sleep=self._sleep,
                      on_status=on_status).run()

    async def _poll_stats(self, room_id: str) -> list[tuple[str, dict]]:
        watch = self._watch(room_id)
        room, stats = await self._room_and_stats(room_id)
        watch.state["live"] = room.status is RoomStatus.LIVE
        out = []
        if watch.seen.changed("room", room):
            out.append(("room.updated", {"room": room}))
        if watch.seen.changed("stats", stats):
            out.append(("stats", {"stats": stats}))
        return out

    async def _poll_sales(self, room_id: str) -> list[tuple[str, dict]]:
        watch = self._watch(room_id)
        known = self._sales(room_id)
        open_ids = set()
        for task in await self.promotions.open_tasks():
            sale = flash_sale(task, room_id, self.promotions.sold.get(str(task["task_id"]), 0))
            open_ids.add(sale.id)
            known[sale.id] = sale
        gone = [s for s in known.values() if s.id not in open_ids and s.state is not FlashSaleState.ENDED]
        for sale in gone:   # no longer waiting or running: it ended (or was stopped elsewhere)
            known[sale.id] = replace(sale, state=FlashSaleState.ENDED)
        return [("flash_sale.updated", {"flash_sale": s}) for s in known.values()
                if watch.seen.changed(f"sale:{s.id}", s)]

    async def _poll_coupons(self, room_id: str) -> list[tuple[str, dict]]:
        watch = self._watch(room_id)
        tracked: set[str] = watch.state.setdefault("coupons", set())
        out = []
        for coupon_id in sorted(tracked):
            batch = coupon_issue(await self.promotions.coupon(coupon_id), room_id, self.api.server_now())
            if watch.seen.changed(f"coupon:{batch.id}", batch):
                out.append(("coupon.updated", {"coupon": batch}))
            if batch.state is not CouponState.ACTIVE:
                tracked.discard(coupon_id)   # ended or exhausted: nothing more to watch
        return out

    async def _poll_orders(self, room_id: str) -> list[tuple[str, dict]]:
        watch = self._watch(room_id)
        now = self.api.server_now()   # the sales' times and the orders' update times are WeChat's
        running = [s for s in self._sales(room_id).values()
                   if (s.starts_at or now) <= now <= (s.ends_at or now) + ORDERS_AFTER_SALE_S]
        if not running:
            return []   # orders are read only to measure a flash sale: no sale, no cost
        since = max(watch.state.get("orders_until", 0.0) - 120, min(s.starts_at or now for s in running) - 60,
                    now - 7 * 86400 + 60)
        seen: set[str] = watch.state.setdefault("orders_seen", set())
        queue: list[str] = watch.state.setdefault("orders_queue", [])
        queue += [i for i in await self.order_ids(since, now) if i not in seen and i not in queue]
        watch.state["orders_until"] = now
        export_id = watch.state.get("export_id") or (room_id if room_id.startswith("export/") else None)
        out: list[tuple[str, dict]] = []
        for order_id in list(queue[:ORDER_DETAILS_PER_ROUND]):
            order = await self.order(order_id)
            queue.remove(order_id)
            if int(order.get("status") or 0) not in PAID:
                continue   # unpaid: it comes back through update_time_range once paid
            seen.add(order_id)
            lines = parse_order_lines(order, room_id)
            for sale in self._count_sale(room_id, order, lines):
                if watch.seen.changed(f"sale:{sale.id}", sale):
                    out.append(("flash_sale.updated", {"flash_sale": sale}))
            live_id = str(((order.get("order_detail") or {}).get("ext_info") or {}).get("live_id") or "")
            if export_id is None or live_id == export_id:
                by_product = watch.state.setdefault("sales_by_product", {})
                for line in lines:
                    by_product[line.product_id] = by_product.get(line.product_id, 0) + line.quantity
                    out.append(("order.created", {"order": line}))
        return out
