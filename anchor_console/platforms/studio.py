"""The Studio adapter: every capability, over Studio's HTTP API and its per-room SSE stream.

A Studio connection can also emulate a real platform's narrower capability set (a rehearsal of a
WeChat mini-program live show, say): the adapter then refuses what that platform could not do,
exactly as the real adapter would."""

from __future__ import annotations

import asyncio
import json
import logging
import random
from typing import Any, AsyncIterator

import httpx
from httpx_sse import aconnect_sse

from anchor_console.domain.capabilities import ALL_CAPABILITIES, Capability
from anchor_console.domain.models import (
    ALL_FIGURES,
    Comment,
    CouponIssue,
    CouponKind,
    CouponState,
    CouponTemplate,
    FlashSale,
    FlashSaleState,
    Order,
    Product,
    Room,
    RoomEvent,
    RoomStats,
    RoomStatus,
    ShelfItem,
    Sku,
    Viewer,
)
from anchor_console.domain.giveaways import Entrant, LuckyBag, LuckyBagSetup, RedPacket, RedPacketSpec
from anchor_console.domain.text import QT_TRANSLATE_NOOP, Text
from anchor_console.platforms import errors as pe
from anchor_console.platforms.studio_giveaways import parse_lucky_bag, parse_red_packet
from anchor_console.platforms.base import FlashSaleSpec, Platform, RoomSnapshot, StatusCallback, StreamStatus
from anchor_console.platforms.transport import Endpoint, RequestRate, RetryPolicy, Transport

log = logging.getLogger("anchor_console.platforms.studio")

C = Capability
# What the real platforms expose through official server APIs (../shared/research/platform-apis.md §0).
PROFILES: dict[str, tuple[Text, frozenset[Capability]]] = {
    "studio": (QT_TRANSLATE_NOOP("Platform", "Studio"), ALL_CAPABILITIES),
    "wechat_miniprogram": (QT_TRANSLATE_NOOP("Platform", "WeChat mini-program live"),
                           frozenset({C.ROOMS, C.SHELF, C.STAGE, C.SALE_TOGGLE, C.SORT, C.ROOM_MUTE})),
    "wechat_channels": (QT_TRANSLATE_NOOP("Platform", "WeChat Channels"),
                        frozenset({C.ROOMS, C.COUPONS, C.FLASH_SALES, C.STATS_STREAM})),
    "youtube": (QT_TRANSLATE_NOOP("Platform", "YouTube Live"),
                frozenset({C.ROOMS, C.COMMENT_STREAM, C.DELETE_COMMENT, C.MUTE, C.BAN, C.POST_AS_STAFF})),
    "twitch": (QT_TRANSLATE_NOOP("Platform", "Twitch"),
               frozenset({C.ROOMS, C.COMMENT_STREAM, C.DELETE_COMMENT, C.MUTE, C.BAN, C.POST_AS_STAFF,
                          C.ROOM_MUTE})),
}

_CONFLICTS: dict[str, Text] = {
    "stage_occupied": QT_TRANSLATE_NOOP("PlatformError", "Another product is already on stage."),
    "not_on_sale": QT_TRANSLATE_NOOP("PlatformError", "This product is off sale; put it on sale first."),
    "room_not_live": QT_TRANSLATE_NOOP("PlatformError", "The room is not live yet."),
    "room_ended": QT_TRANSLATE_NOOP("PlatformError", "The room has ended."),
    "sold_out": QT_TRANSLATE_NOOP("PlatformError", "Sold out."),
    "already_listed": QT_TRANSLATE_NOOP("PlatformError", "This product is already on the shelf."),
    "coupon_unavailable": QT_TRANSLATE_NOOP("PlatformError", "This coupon batch is no longer active."),
    "coupon_exhausted": QT_TRANSLATE_NOOP("PlatformError", "All coupons of this batch have been claimed."),
    "flash_sale_running": QT_TRANSLATE_NOOP("PlatformError", "A flash sale of this product is already running."),
    "flash_sale_ended": QT_TRANSLATE_NOOP("PlatformError", "This flash sale has ended."),
    "flash_sale_not_started": QT_TRANSLATE_NOOP("PlatformError", "This flash sale has not started yet."),
    "buyer_limit_reached": QT_TRANSLATE_NOOP("PlatformError", "The buyer has reached the per-buyer limit."),
    "comment_deleted": QT_TRANSLATE_NOOP("PlatformError", "The comment has been deleted."),
    "self_removal": QT_TRANSLATE_NOOP("PlatformError", "You cannot remove your own account."),
    "seed_mismatch": QT_TRANSLATE_NOOP("PlatformError", "The revealed seed does not match the lucky bag's published "
                                                        "commitment."),
    "lucky_bag_open": QT_TRANSLATE_NOOP("PlatformError", "Entry to this lucky bag is still open."),
    "lucky_bag_closed": QT_TRANSLATE_NOOP("PlatformError", "Entry to this lucky bag has closed."),
    "red_packet_empty": QT_TRANSLATE_NOOP("PlatformError", "All of this red packet has been claimed."),
    "red_packet_expired": QT_TRANSLATE_NOOP("PlatformError", "This red packet has expired."),
}
_INVALID: dict[str, Text] = {
    "price_not_lower": QT_TRANSLATE_NOOP("PlatformError", "The flash-sale price must be below the regular price."),
    "stock_insufficient": QT_TRANSLATE_NOOP("PlatformError", "There is not enough stock for this flash sale."),
    "sku_mismatch": QT_TRANSLATE_NOOP("PlatformError", "That SKU does not belong to this product."),
    "order_mismatch": QT_TRANSLATE_NOOP("PlatformError", "The shelf changed meanwhile; reload and sort again."),
    "red_packet_too_small": QT_TRANSLATE_NOOP("PlatformError", "A red packet needs at least 1 分 per share."),
}


TOKEN_EXPIRED = QT_TRANSLATE_NOOP("PlatformError", "Sign-in failed: the access token has expired. Ask the anchor for "
                                                   "a new one and enter it in Connections.")


def studio_error(response: httpx.Response) -> pe.PlatformError:
    try:
        body = response.json()
        code, message = str(body.get("code", "")), str(body.get("message", ""))
    except (ValueError, AttributeError):
        code, message = "", response.text[:200]
    status = response.status_code
    detail = f"HTTP {status} {code}: {message}"
    raw = Text("PlatformError", message or f"HTTP {status}")
    if status == 401:
        return pe.AuthFailed(detail, code=code, message=TOKEN_EXPIRED if code == "token_expired" else None)
    if status == 403:
        return pe.NotPermitted(detail, code=code)
    if status == 404:
        return pe.NotFound(raw, detail=detail, code=code)
    # Studio answers a refusal that depends on current state (price_not_lower…) with 409 and one
    # of the request's form with 422; older Studios sent some of the former as 422: one table.
    if status == 409:
        return pe.Conflict(_CONFLICTS.get(code) or _INVALID.get(code, raw), detail=detail, code=code)
    if status in (400, 405, 408, 413, 415, 422):
        return pe.InvalidRequest(_INVALID.get(code) or _CONFLICTS.get(code, raw), detail=detail, code=code)
    if status == 429:
        try:
            retry_after = float(response.headers.get("Retry-After", "1"))
        except ValueError:
            retry_after = 1.0
        return pe.RateLimited(retry_after, detail=detail, code=code)
    if status == 503:
        return pe.Unavailable(detail, code=code)
    return pe.OutcomeUnknown(detail, code=code)


# ---------------------------------------------------------------------- JSON → domain


def _s(value: Any) -> str:
    return "" if value is None else str(value)


def parse_room(d: dict) -> Room:
    return Room(id=_s(d["id"]), title=d["title"], status=RoomStatus(d["status"]), started_at=d.get("started_at"),
                ended_at=d.get("ended_at"), mute_all=bool(d.get("mute_all")),
                stage_product_id=_s(d["stage_product_id"]) if d.get("stage_product_id") is not None else None)


def parse_product(d: dict, base_url: str = "") -> Product:
    image = d.get("image_url") or ""
    if image.startswith("/"):
        image = base_url.rstrip("/") + image
    return Product(id=_s(d["id"]), name=d["name"], category=d.get("category", ""),
                   description=d.get("description", ""), image_url=image,
                   skus=tuple(Sku(id=_s(s["id"]), product_id=_s(s["product_id"]), name=s["name"],
                                  price_fen=int(s["price_fen"]), stock=int(s["stock"])) for s in d.get("skus", ())))


def parse_shelf_item(d: dict, base_url: str = "") -> ShelfItem:
    return ShelfItem(product=parse_product(d["product"], base_url), position=int(d["position"]),
                     on_sale=bool(d["on_sale"]), on_stage=bool(d["on_stage"]), sold=int(d.get("sold", 0)))


def parse_template(d: dict) -> CouponTemplate:
    return CouponTemplate(id=_s(d["id"]), name=d["name"], kind=CouponKind(d["kind"]),
                          amount_fen=int(d.get("amount_fen", 0)), threshold_fen=int(d.get("threshold_fen", 0)),
                          percent_off=int(d.get("percent_off", 0)))


def parse_coupon(d: dict) -> CouponIssue:
    return CouponIssue(id=_s(d["id"]), room_id=_s(d["room_id"]), template_id=_s(d["template_id"]), name=d["name"],
                       quantity=int(d["quantity"]), claimed=int(d["claimed"]), valid_until=float(d["valid_until"]),
                       state=CouponState(d["state"]), created_at=float(d.get("created_at", 0)))


def parse_flash_sale(d: dict) -> FlashSale:
    return FlashSale(id=_s(d["id"]), room_id=_s(d["room_id"]), product_id=_s(d["product_id"]),
                     sku_id=_s(d["sku_id"]), sale_price_fen=int(d["sale_price_fen"]), stock=int(d["stock"]),
                     sold=int(d["sold"]), per_buyer_limit=int(d["per_buyer_limit"]),
                     countdown_s=int(d["countdown_s"]), duration_s=int(d["duration_s"]),
                     state=FlashSaleState(d["state"]), starts_at=d.get("starts_at"), ends_at=d.get("ends_at"),
                     ended_reason=d.get("ended_reason") or "")


def parse_comment(d: dict, connection_id: str = "") -> Comment:
    user = d.get("user") or {}
    return Comment(id=_s(d["id"]), room_id=_s(d["room_id"]), user_id=_s(user.get("id")),
                   nickname=str(user.get("nickname", "")), text=str(d["text"]), created_at=float(d["created_at"]),
                   is_staff=bool(d.get("is_staff")), pinned=bool(d.get("pinned")), hidden=bool(d.get("hidden")),
                   deleted=bool(d.get("deleted")), connection_id=connection_id)


def parse_order(d: dict) -> Order:
    return Order(id=_s(d["id"]), room_id=_s(d["room_id"]), viewer_id=f"v{d['viewer_id']}", product_id=_s(d["product_id"]),
                 sku_id=_s(d["sku_id"]), quantity=int(d["quantity"]), amount_fen=int(d["amount_fen"]),
                 created_at=float(d["created_at"]),
                 flash_sale_id=_s(d["flash_sale_id"]) if d.get("flash_sale_id") is not None else None,
                 coupon_claim_id=_s(d["coupon_claim_id"]) if d.get("coupon_claim_id") is not None else None)


def parse_viewer(d: dict) -> Viewer:
    return Viewer(id=_s(d["id"]), nickname=d["nickname"], muted_until=d.get("muted_until"),
                  banned=bool(d.get("banned")))


def parse_stats(d: dict) -> RoomStats:
    return RoomStats(online=int(d.get("online", 0)), entries=int(d.get("entries", 0)), likes=int(d.get("likes", 0)),
                     comments=int(d.get("comments", 0)), orders=int(d.get("orders", 0)),
                     gmv_fen=int(d.get("gmv_fen", 0)), sales={str(k): int(v) for k, v in (d.get("sales") or {}).items()},
                     followers=int(d.get("followers", 0)), buyers=int(d.get("buyers", 0)),
                     coupon_claims=int(d.get("coupon_claims", 0)), coupon_uses=int(d.get("coupon_uses", 0)),
                     coupon_gmv_fen=int(d.get("coupon_gmv_fen", 0)),
                     flash_sale_sold={str(k): int(v) for k, v in (d.get("flash_sale_sold") or {}).items()})


class StudioPlatform(Platform):
    kind = "studio"
    figures = ALL_FIGURES

    def __init__(self, connection_id: str, endpoint: Endpoint, client: httpx.AsyncClient, *,
                 profile: str = "studio", display_name: str | None = None,
                 retry: RetryPolicy = RetryPolicy(), timeout: httpx.Timeout | float = httpx.Timeout(10.0, connect=3.0),
                 rate: RequestRate | None = None, sleep=asyncio.sleep, rng: random.Random | None = None) -> None:
        label, caps = PROFILES.get(profile, PROFILES["studio"])
        name = display_name or (label.english() if profile == "studio" else f"Studio ({label.english()})")
        super().__init__(connection_id, name)
        self.profile = profile
        self.capabilities = caps
        self.endpoint = endpoint
        self.client = client
        self._sleep = sleep
        self._rng = rng or random.Random()
        self.transport = Transport(client, endpoint, studio_error, platform_name=name, timeout=timeout,
                                   retry=retry, rate=rate or RequestRate(50, 100), sleep=sleep, rng=self._rng)

    def _need(self, capability: Capability) -> None:
        if capability not in self.capabilities:
            raise self._unsupported(capability)

    async def _get(self, path: str, **params: Any) -> Any:
        return await self.transport.request("GET", path, params={k: v for k, v in params.items() if v is not None})

    async def _send(self, method: str, path: str, key: str, json: Any = None) -> Any:
        return await self.transport.request(method, path, json=json, key=key)

    @property
    def base_url(self) -> str:
        return self.endpoint.base_url

    async def staff_name(self) -> str | None:
        me = await self._get("/api/v1/me")
        return str(me.get("name") or "") or None

    # rooms ---------------------------------------------------------------------------
    async def list_rooms(self) -> list[Room]:
        return [parse_room(r) for r in (await self._get("/api/v1/rooms"))["items"]]

    async def snapshot(self, room_id: str) -> RoomSnapshot:
        d = await self._get(f"/api/v1/rooms/{room_id}/snapshot")
        return RoomSnapshot(room=parse_room(d["room"]),
                            shelf=tuple(parse_shelf_item(i, self.base_url) for i in d["shelf"]),
                            coupons=tuple(parse_coupon(c) for c in d["coupons"]),
                            flash_sales=tuple(parse_flash_sale(f) for f in d["flash_sales"]),
                            stats=parse_stats(d["stats"]),
                            pinned_comment=parse_comment(d["pinned_comment"], self.connection_id)
                            if d.get("pinned_comment") else None,
                            last_event_id=int(d["last_event_id"]))

    async def start_room(self, room_id: str, *, key: str) -> Room:
        return parse_room(await self._send("POST", f"/api/v1/rooms/{room_id}/start", key))

    async def end_room(self, room_id: str, *, key: str) -> Room:
        return parse_room(await self._send("POST", f"/api/v1/rooms/{room_id}/end", key))

    async def push_url(self, room_id: str) -> dict:
        return await self._get(f"/api/v1/rooms/{room_id}/push-url")

    # catalog and shelf -----------------------------------------------------------------
    async def list_products(self) -> list[Product]:
        self._need(C.SHELF)
        return [parse_product(p, self.base_url) for p in (await self._get("/api/v1/products"))["items"]]

    async def set_price(self, sku_id: str, price_fen: int, *, key: str) -> Product:
        self._need(C.PRICE)
        return parse_product(await self._send("PATCH", f"/api/v1/skus/{sku_id}", key, {"price_fen": price_fen}),
                             self.base_url)

    async def get_shelf(self, room_id: str) -> list[ShelfItem]:
        self._need(C.SHELF)
        return [parse_shelf_item(i, self.base_url) for i in (await self._get(f"/api/v1/rooms/{room_id}/shelf"))["items"]]

    async def add_to_shelf(self, room_id: str, product_id: str, *, key: str) -> ShelfItem:
        self._need(C.SHELF)
        return parse_shelf_item(await self._send("POST", f"/api/v1/rooms/{room_id}/shelf", key,
                                                 {"product_id": int(product_id)}), self.base_url)

    async def remove_from_shelf(self, room_id: str, product_id: str, *, key: str) -> None:
        self._need(C.SHELF)
        await self._send("DELETE", f"/api/v1/rooms/{room_id}/shelf/{product_id}", key)

    async def reorder_shelf(self, room_id: str, product_ids: list[str], *, key: str) -> list[ShelfItem]:
        self._need(C.SORT)
        d = await self._send("PUT", f"/api/v1/rooms/{room_id}/shelf/order", key,
                             {"product_ids": [int(p) for p in product_ids]})
        return [parse_shelf_item(i, self.base_url) for i in d["items"]]

    async def set_on_sale(self, room_id: str, product_id: str, on_sale: bool, *, key: str) -> ShelfItem:
        self._need(C.SALE_TOGGLE)
        return parse_shelf_item(await self._send("PUT", f"/api/v1/rooms/{room_id}/shelf/{product_id}/sale", key,
                                                 {"on_sale": on_sale}), self.base_url)

    async def put_on_stage(self, room_id: str, product_id: str, *, key: str, replace: bool = True) -> Room:
        self._need(C.STAGE)
        return parse_room(await self._send("PUT", f"/api/v1/rooms/{room_id}/stage", key,
                                           {"product_id": int(product_id), "replace": replace}))

    async def clear_stage(self, room_id: str, *, key: str) -> Room:
        self._need(C.STAGE)
        return parse_room(await self._send("DELETE", f"/api/v1/rooms/{room_id}/stage", key))

    # coupons and flash sales -----------------------------------------------------------
    async def list_coupon_templates(self) -> list[CouponTemplate]:
        self._need(C.COUPONS)
        return [parse_template(t) for t in (await self._get("/api/v1/coupon-templates"))["items"]]

    async def list_coupons(self, room_id: str) -> list[CouponIssue]:
        self._need(C.COUPONS)
        return [parse_coupon(c) for c in (await self._get(f"/api/v1/rooms/{room_id}/coupons"))["items"]]

    async def issue_coupon(self, room_id: str, template_id: str, quantity: int, valid_minutes: int, *,
                           key: str) -> CouponIssue:
        self._need(C.COUPONS)
        return parse_coupon(await self._send("POST", f"/api/v1/rooms/{room_id}/coupons", key, {
            "template_id": int(template_id), "quantity": quantity, "valid_minutes": valid_minutes}))

    async def stop_coupon(self, room_id: str, issue_id: str, *, key: str) -> CouponIssue:
        self._need(C.COUPONS)
        return parse_coupon(await self._send("POST", f"/api/v1/rooms/{room_id}/coupons/{issue_id}/stop", key))

    async def list_flash_sales(self, room_id: str) -> list[FlashSale]:
        self._need(C.FLASH_SALES)
        return [parse_flash_sale(f) for f in (await self._get(f"/api/v1/rooms/{room_id}/flash-sales"))["items"]]

    async def launch_flash_sale(self, room_id: str, spec: FlashSaleSpec, *, key: str) -> FlashSale:
        self._need(C.FLASH_SALES)
        # Two requests, two keys derived from the action's one: a retry re-finds the same sale.
        draft = await self._send("POST", f"/api/v1/rooms/{room_id}/flash-sales", f"{key}:create", {
            "product_id": int(spec.product_id), "sku_id": int(spec.sku_id), "sale_price_fen": spec.sale_price_fen,
            "stock": spec.stock, "per_buyer_limit": spec.per_buyer_limit, "countdown_s": spec.countdown_s,
            "duration_s": spec.duration_s})
        return parse_flash_sale(await self._send("POST", f"/api/v1/rooms/{room_id}/flash-sales/{draft['id']}/start",
                                                 f"{key}:start"))

    async def stop_flash_sale(self, room_id: str, sale_id: str, *, key: str) -> FlashSale:
        self._need(C.FLASH_SALES)
        return parse_flash_sale(await self._send("POST", f"/api/v1/rooms/{room_id}/flash-sales/{sale_id}/stop", key))

    # lucky bags and red packets ---------------------------------------------------------
    async def start_lucky_bag(self, room_id: str, setup: LuckyBagSetup, commitment: str, *, key: str) -> LuckyBag:
        self._need(C.LUCKY_BAGS)
        ex = setup.exclusions
        body = {"prize": setup.prize, "winners": setup.winners, "rule": setup.rule.value, "keyword": setup.keyword,
                "countdown_s": setup.countdown_s, "commitment": commitment,
                "exclusions": {"staff": ex.staff, "banned": ex.banned, "muted": ex.muted, "won_today": ex.won_today}}
        if setup.prize_product_id.isdigit():
            body["prize_product_id"] = int(setup.prize_product_id)
        return parse_lucky_bag(await self._send("POST", f"/api/v1/rooms/{room_id}/lucky-bags", key, body))

    async def lucky_bag(self, room_id: str, bag_id: str) -> LuckyBag:
        self._need(C.LUCKY_BAGS)
        return parse_lucky_bag(await self._get(f"/api/v1/rooms/{room_id}/lucky-bags/{bag_id}"))

    async def list_lucky_bags(self, room_id: str) -> list[LuckyBag]:
        self._need(C.LUCKY_BAGS)
        return [parse_lucky_bag(b) for b in (await self._get(f"/api/v1/rooms/{room_id}/lucky-bags"))["items"]]

    async def close_lucky_bag(self, room_id: str, bag_id: str, *, key: str) -> LuckyBag:
        self._need(C.LUCKY_BAGS)
        return parse_lucky_bag(await self._send("POST", f"/api/v1/rooms/{room_id}/lucky-bags/{bag_id}/close", key))

    async def lucky_bag_entrants(self, room_id: str, bag_id: str) -> list[Entrant]:
        self._need(C.LUCKY_BAGS)
        d = await self._get(f"/api/v1/rooms/{room_id}/lucky-bags/{bag_id}/entrants")
        return [Entrant(_s(e["user_id"]), str(e.get("nickname", ""))) for e in d["items"]]

    async def draw_lucky_bag(self, room_id: str, bag_id: str, seed: str, *, key: str) -> LuckyBag:
        self._need(C.LUCKY_BAGS)
        return parse_lucky_bag(await self._send("POST", f"/api/v1/rooms/{room_id}/lucky-bags/{bag_id}/draw", key,
                                                {"seed": seed}))

    async def send_red_packet(self, room_id: str, spec: RedPacketSpec, *, key: str) -> RedPacket:
        self._need(C.RED_PACKETS)
        return parse_red_packet(await self._send("POST", f"/api/v1/rooms/{room_id}/red-packets", key, {
            "total_fen": spec.total_fen, "count": spec.count, "split": spec.split.value,
            "claim_window_s": spec.claim_window_s, "message": spec.message}))

    async def red_packet(self, room_id: str, packet_id: str) -> RedPacket:
        self._need(C.RED_PACKETS)
        return parse_red_packet(await self._get(f"/api/v1/rooms/{room_id}/red-packets/{packet_id}"))

    async def list_red_packets(self, room_id: str) -> list[RedPacket]:
        self._need(C.RED_PACKETS)
        return [parse_red_packet(p) for p in (await self._get(f"/api/v1/rooms/{room_id}/red-packets"))["items"]]

    # comments and viewers --------------------------------------------------------------
    async def comment_history(self, room_id: str, *, before_id: str | None = None,
                              limit: int = 100) -> list[Comment]:
        self._need(C.COMMENT_STREAM)
        d = await self._get(f"/api/v1/rooms/{room_id}/comments", before_id=before_id, limit=limit)
        return [parse_comment(c, self.connection_id) for c in d["items"]]

    async def post_comment(self, room_id: str, text: str, *, key: str) -> Comment:
        self._need(C.POST_AS_STAFF)
        return parse_comment(await self._send("POST", f"/api/v1/rooms/{room_id}/comments", key, {"text": text}),
                             self.connection_id)

    async def pin_comment(self, room_id: str, comment_id: str, pinned: bool, *, key: str) -> Comment:
        self._need(C.PIN)
        return parse_comment(await self._send("PUT" if pinned else "DELETE",
                                              f"/api/v1/rooms/{room_id}/comments/{comment_id}/pin", key),
                             self.connection_id)

    async def hide_comment(self, room_id: str, comment_id: str, *, key: str) -> Comment:
        self._need(C.HIDE_COMMENT)
        return parse_comment(await self._send("PUT", f"/api/v1/rooms/{room_id}/comments/{comment_id}/hidden", key,
                                              {"hidden": True}), self.connection_id)

    async def delete_comment(self, room_id: str, comment_id: str, *, key: str) -> Comment:
        self._need(C.DELETE_COMMENT)
        return parse_comment(await self._send("DELETE", f"/api/v1/rooms/{room_id}/comments/{comment_id}", key),
                             self.connection_id)

    async def get_viewer(self, room_id: str, user_id: str) -> Viewer:
        return parse_viewer(await self._get(f"/api/v1/rooms/{room_id}/viewers/{user_id}"))

    async def mute_viewer(self, room_id: str, user_id: str, seconds: int, *, key: str) -> Viewer:
        self._need(C.MUTE)
        return parse_viewer(await self._send("PUT", f"/api/v1/rooms/{room_id}/viewers/{user_id}/mute", key,
                                             {"duration_s": seconds}))

    async def unmute_viewer(self, room_id: str, user_id: str, *, key: str) -> Viewer:
        self._need(C.MUTE)
        return parse_viewer(await self._send("DELETE", f"/api/v1/rooms/{room_id}/viewers/{user_id}/mute", key))

    async def ban_viewer(self, room_id: str, user_id: str, *, key: str) -> Viewer:
        self._need(C.BAN)
        return parse_viewer(await self._send("PUT", f"/api/v1/rooms/{room_id}/viewers/{user_id}/ban", key))

    async def unban_viewer(self, room_id: str, user_id: str, *, key: str) -> Viewer:
        self._need(C.BAN)
        return parse_viewer(await self._send("DELETE", f"/api/v1/rooms/{room_id}/viewers/{user_id}/ban", key))

    async def set_room_mute(self, room_id: str, muted: bool, *, key: str) -> Room:
        self._need(C.ROOM_MUTE)
        return parse_room(await self._send("PUT", f"/api/v1/rooms/{room_id}/mute-all", key, {"muted": muted}))

    async def create_rehearsal_room(self, title: str, product_ids: list[str], *, key: str) -> Room:
        self._need(C.REHEARSAL_ROOMS)
        room = parse_room(await self._send("POST", "/api/v1/rooms", f"{key}:room", {"title": title}))
        for pid in product_ids:
            try:
                await self._send("POST", f"/api/v1/rooms/{room.id}/shelf", f"{key}:shelf:{pid}",
                                 {"product_id": int(pid) if pid.isdigit() else pid})
            except pe.PlatformError as exc:  # a product the catalog lacks: rehearse without it
                log.info("rehearsal room %s: product %s not listed (%s)", room.id, pid, exc.kind)
        return parse_room(await self._send("POST", f"/api/v1/rooms/{room.id}/start", f"{key}:start"))

    async def set_audience(self, room_id: str, *, enabled: bool, comments_per_s: float | None = None) -> dict:
        self._need(C.REHEARSAL_ROOMS)
        body = {"enabled": enabled, **({"comments_per_s": comments_per_s} if comments_per_s is not None else {})}
        return await self.transport.request("PUT", f"/api/v1/rooms/{room_id}/audience", json=body, idempotent=True)

    async def replay_comments(self, room_id: str, log: bytes, *, speed: float = 1.0) -> dict:
        self._need(C.REHEARSAL_ROOMS)
        return await self.transport.request("POST", f"/api/v1/rooms/{room_id}/audience/replay", content=log,
                                            params={"speed": speed}, idempotent=False)

    async def set_clock_speed(self, speed: float) -> None:
        """Studio only: run the server's clock (countdowns, validity, mutes) at a rehearsal's speed."""
        await self.transport.request("PUT", "/api/v1/studio/clock", json={"speed": speed}, idempotent=True)

    async def stats(self, room_id: str) -> RoomStats:
        self._need(C.STATS_STREAM)
        return parse_stats(await self._get(f"/api/v1/rooms/{room_id}/stats"))

    # the event stream ------------------------------------------------------------------
    async def events(self, room_id: str, *, last_event_id: int = 0,
                     on_status: StatusCallback | None = None) -> AsyncIterator[RoomEvent]:
        """SSE with automatic reconnect: resumes from the last event id; drops duplicates."""
        last = last_event_id
        failures = 0
        notify = on_status or (lambda status, detail: None)
        timeout = httpx.Timeout(connect=3.0, read=45.0, write=10.0, pool=5.0)  # the server pings every 15 s
        while True:
            notify(StreamStatus.CONNECTING if failures == 0 else StreamStatus.RECONNECTING,
                   "" if failures == 0 else f"attempt {failures + 1}")
            reason = ""
            try:
                headers = self.transport.headers()
                headers["Accept"] = "text/event-stream"
                if last:
                    headers["Last-Event-ID"] = str(last)
                url = self.transport.url(f"/api/v1/rooms/{room_id}/events")
                async with aconnect_sse(self.client, "GET", url, headers=headers, timeout=timeout) as source:
                    if source.response.status_code != 200:
                        await source.response.aread()
                        error = studio_error(source.response)
                        if not error.retryable:
                            notify(StreamStatus.CLOSED, error.detail)
                            raise error
                        raise _Retry(error.detail)
                    async for sse in source.aiter_sse():
                        if sse.event == "hello":
                            server_last = int(json.loads(sse.data).get("last_event_id", 0))
                            if server_last < last:  # the platform was reset: our place is gone
                                log.warning("studio event ids went back (%s < %s): resync", server_last, last)
                                last = server_last
                                yield RoomEvent(0, "stream.resync", room_id, 0.0, {})
                            failures = 0
                            notify(StreamStatus.LIVE, "")
                            continue
                        if sse.event == "resync":  # too far behind to replay: reload, go on from here
                            last = int(json.loads(sse.data).get("last_event_id", last))
                            yield RoomEvent(0, "stream.resync", room_id, 0.0, {})
                            continue
                        if not sse.id:
                            continue
                        event_id = int(sse.id)
                        if event_id <= last:
                            continue  # a duplicate after a reconnect
                        envelope = json.loads(sse.data)
                        last = event_id
                        yield RoomEvent(event_id, envelope["type"], _s(envelope["room_id"]), float(envelope["ts"]),
                                        self._domain_data(envelope["type"], envelope["data"]))
                reason = "stream ended"
            except _Retry as exc:
                reason = str(exc)
            except (httpx.TransportError, httpx.StreamError) as exc:
                reason = f"{type(exc).__name__}: {exc}"
            failures += 1
            delay = self._rng.uniform(0.1, min(5.0, 0.25 * 2 ** min(failures, 5)))
            log.info("event stream of room %s interrupted (%s); reconnecting in %.1fs", room_id, reason, delay)
            notify(StreamStatus.RECONNECTING, reason)
            await self._sleep(delay)


    def _domain_data(self, event_type: str, data: dict) -> dict:
        """Studio's JSON payload → domain values (the room layer never sees platform JSON)."""
        if "comment" in data:
            return {"comment": parse_comment(data["comment"], self.connection_id)}
        if event_type == "stats":
            return {"stats": parse_stats(data["stats"])}
        if event_type == "room.updated":
            return {"room": parse_room(data["room"])}
        if event_type == "shelf.changed":
            return {"shelf": tuple(parse_shelf_item(i, self.base_url) for i in data["shelf"])}
        if event_type == "stage.changed":
            pid = data.get("product_id")
            return {"product_id": _s(pid) if pid is not None else None}
        if event_type == "product.updated":
            return {"product": parse_product(data["product"], self.base_url)}
        if event_type in ("coupon.issued", "coupon.updated"):
            return {"coupon": parse_coupon(data["coupon"])}
        if event_type == "flash_sale.updated":
            return {"flash_sale": parse_flash_sale(data["flash_sale"])}
        if event_type == "order.created":
            return {"order": parse_order(data["order"])}
        if event_type == "viewer.updated":
            return {"viewer": parse_viewer(data["viewer"]), "change": data.get("change", "")}
        if event_type in ("lucky_bag.started", "lucky_bag.closed", "lucky_bag.drawn"):
            return {"lucky_bag": parse_lucky_bag(data["lucky_bag"])}
        if event_type == "lucky_bag.entered":
            return {"lucky_bag_id": _s(data["lucky_bag_id"]), "entrant_count": int(data["entrant_count"])}
        if event_type in ("red_packet.sent", "red_packet.updated"):
            return {"red_packet": parse_red_packet(data["red_packet"])}
        if event_type == "red_packet.claimed":
            viewer = data.get("viewer") or {}
            return {"red_packet": parse_red_packet(data["red_packet"]), "amount_fen": int(data["amount_fen"]),
                    "viewer": Entrant(_s(viewer.get("id")), str(viewer.get("nickname", "")))}
        return dict(data)


class _Retry(Exception):
    pass
