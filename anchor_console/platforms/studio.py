"""The Studio adapter: every capability, over Studio's HTTP API and its per-room SSE stream.

A Studio connection can also emulate a real platform's narrower capability set (a rehearsal of a
WeChat mini-program live show, say): the adapter then refuses what that platform could not do,
exactly as the real adapter would."""

from __future__ import annotations

import asyncio
import json
import logging
import math
import random
from dataclasses import replace
from typing import Any, AsyncIterator

import httpx
from httpx_sse import aconnect_sse

from anchor_console.domain.capabilities import ALL_CAPABILITIES, Capability
from anchor_console.domain.clock import Clock, ClockReading, SystemClock
from anchor_console.domain.numbers import is_number
from anchor_console.domain.models import (
    ALL_FIGURES, Comment, CouponIssue, CouponTemplate, FlashSale, Order, PlannedLive, Product, Room,
    RoomEvent, RoomPlan, RoomStats, ShelfItem, Viewer,
)
from anchor_console.domain.giveaways import Entrant, LuckyBag, LuckyBagSetup, RedPacket, RedPacketSpec
from anchor_console.domain.text import QT_TRANSLATE_NOOP, Text
from anchor_console.platforms import errors as pe
from anchor_console.platforms.studio_json import (
    id_text, parse_comment, parse_coupon, parse_flash_sale, parse_lucky_bag, parse_order,
    parse_planned, parse_product, parse_red_packet, parse_room, parse_shelf_item, parse_stats, parse_template,
    parse_viewer, plan_body,
)
from anchor_console.platforms.heard_clock import RoundTripClock
from anchor_console.platforms.studio_crew import StudioCrew, is_crew_event, parse_crew_event
from anchor_console.domain.models import FlashSaleSpec
from anchor_console.platforms.base import Platform, RoomSnapshot, StatusCallback, StreamStatus
from anchor_console.platforms.studio_errors import studio_error
from anchor_console.platforms.transport import Endpoint, RequestRate, RetryPolicy, Transport

log = logging.getLogger("anchor_console.platforms.studio")

C = Capability
# What the real platforms expose through official server APIs (../shared/research/platform-apis.md §0).
# YouTube, Twitch and TikTok Shop have no profile: Studio emulates their APIs and the console
# connects to those with the real adapters (platforms/youtube_*, twitch*, tiktok_*). A connection
# saved with an old "youtube" or "twitch" profile opens as plain Studio.
PROFILES: dict[str, tuple[Text, frozenset[Capability]]] = {
    "studio": (QT_TRANSLATE_NOOP("Platform", "Studio"), ALL_CAPABILITIES),
    "wechat_miniprogram": (QT_TRANSLATE_NOOP("Platform", "WeChat mini-program live"),
                           frozenset({C.ROOMS, C.SHELF, C.STAGE, C.SALE_TOGGLE, C.SORT, C.ROOM_MUTE, C.LIVE_PLANS})),
    "wechat_channels": (QT_TRANSLATE_NOOP("Platform", "WeChat Channels"),
                        frozenset({C.ROOMS, C.COUPONS, C.FLASH_SALES, C.STATS_STREAM})),
}


def studio_profile(profile: str) -> tuple[Text, frozenset[Capability]]:
    """A Studio connection's profile: its label and what it can do (an unknown or old one: plain Studio)."""
    return PROFILES.get(profile, PROFILES["studio"])


class StudioPlatform(Platform):
    kind = "studio"
    figures = ALL_FIGURES

    def __init__(self, connection_id: str, endpoint: Endpoint, client: httpx.AsyncClient, *,
                 profile: str = "studio", display_name: str | None = None,
                 retry: RetryPolicy = RetryPolicy(), timeout: httpx.Timeout | float = httpx.Timeout(10.0, connect=3.0),
                 rate: RequestRate | None = None, sleep=asyncio.sleep, rng: random.Random | None = None,
                 clock: Clock | None = None) -> None:
        label, caps = studio_profile(profile)
        name = display_name or (label.english() if profile == "studio" else f"Studio ({label.english()})")
        super().__init__(connection_id, name)
        self.profile = profile
        self.capabilities = caps
        self.endpoint = endpoint
        self.client = client
        self._sleep = sleep
        self._rng = rng or random.Random()
        self._unreadable_kinds: set[str] = set()   # the kinds of malformed events logged already
        self._clock = clock or SystemClock()
        # Studio's clock as last read (its time, its speed): a rehearsal runs it at 10×, and leaves it
        # ahead of real time once back at 1×. None until read. `_read_at`: Studio's wall time when it
        # said it (an answer that left before a later one must not undo it).
        self._studio_clock: ClockReading | None = None
        self._read_at = -math.inf
        self._wall = RoundTripClock()   # Studio's wall time, from the crew's answers
        self.transport = Transport(client, endpoint, studio_error, platform_name=name, timeout=timeout,
                                   retry=retry, rate=rate or RequestRate(50, 100), sleep=sleep, rng=self._rng)

    def _need(self, capability: Capability) -> None:
        if capability not in self.capabilities:
            raise self._unsupported(capability)

    async def _get(self, path: str, **params: Any) -> Any:
        return await self.transport.request("GET", path, params={k: v for k, v in params.items() if v is not None})

    async def _items(self, path: str, **params: Any) -> list:
        """A list endpoint's entries: Studio answers {"items": [...]}."""
        return (await self._get(path, **params))["items"]

    async def _send(self, method: str, path: str, key: str, json: Any = None) -> Any:
        return await self.transport.request(method, path, json=json, key=key)

    @property
    def base_url(self) -> str:
        return self.endpoint.base_url

    async def staff_name(self) -> str | None:
        me = await self._get("/api/v1/me")
        return str(me.get("name") or "") or None

    def crew(self, room_id: str) -> StudioCrew:
        return StudioCrew(self.transport, room_id, clock=self._clock, heard=self._heard_crew)

    @property
    def clock_reading(self) -> ClockReading | None:
        """Studio's clock (from its answers to a clock change, its health and each crew answer) with
        its wall time beside it (seats, the shared log: from the crew's answers, to the millisecond)."""
        read, wall = self._studio_clock, self._wall.offset_s
        return read if read is None or wall is None else replace(read, wall=read.local + wall)

    # rooms ---------------------------------------------------------------------------
    async def list_rooms(self) -> list[Room]:
        return [parse_room(r) for r in await self._items("/api/v1/rooms")]

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

    # live plans ------------------------------------------------------------------------
    async def schedule_room(self, plan: RoomPlan, *, key: str) -> Room:
        self._need(C.LIVE_PLANS)
        return parse_room(await self._send("POST", "/api/v1/plans", key, plan_body(plan)))

    async def edit_room(self, room_id: str, plan: RoomPlan, *, key: str) -> Room:
        self._need(C.LIVE_PLANS)
        return parse_room(await self._send("PUT", f"/api/v1/rooms/{room_id}/plan", key, plan_body(plan)))

    async def list_plans(self) -> list[PlannedLive]:
        self._need(C.LIVE_PLANS)
        return [parse_planned(r, self.base_url) for r in await self._items("/api/v1/plans")]

    async def upload_image(self, data: bytes, filename: str, *, key: str) -> str:
        self._need(C.LIVE_PLANS)
        # A second upload of the same file after a lost answer only leaves an unused copy: safe to retry.
        d = await self.transport.request("POST", "/api/v1/media", content=data, idempotent=True)
        return str(d["media_id"])

    async def share_link(self, room_id: str) -> dict:
        """Studio's public share page of the room (what a poster's QR code opens)."""
        room = await self._get(f"/api/v1/rooms/{room_id}")
        page = (room.get("plan") or {}).get("watch_url") or f"/watch/{room_id}"
        return {"url": self.base_url.rstrip("/") + page, "qr_code_url": "", "page_path": "", "poster_url": ""}

    # catalog and shelf -----------------------------------------------------------------
    async def list_products(self) -> list[Product]:
        self._need(C.SHELF)
        return [parse_product(p, self.base_url) for p in await self._items("/api/v1/products")]

    async def set_price(self, sku_id: str, price_fen: int, *, key: str) -> Product:
        self._need(C.PRICE)
        return parse_product(await self._send("PATCH", f"/api/v1/skus/{sku_id}", key, {"price_fen": price_fen}),
                             self.base_url)

    async def get_shelf(self, room_id: str) -> list[ShelfItem]:
        self._need(C.SHELF)
        return [parse_shelf_item(i, self.base_url) for i in await self._items(f"/api/v1/rooms/{room_id}/shelf")]

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
        return [parse_template(t) for t in await self._items("/api/v1/coupon-templates")]

    async def list_coupons(self, room_id: str) -> list[CouponIssue]:
        self._need(C.COUPONS)
        return [parse_coupon(c) for c in await self._items(f"/api/v1/rooms/{room_id}/coupons")]

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
        return [parse_flash_sale(f) for f in await self._items(f"/api/v1/rooms/{room_id}/flash-sales")]

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
        return [parse_lucky_bag(b) for b in await self._items(f"/api/v1/rooms/{room_id}/lucky-bags")]

    async def close_lucky_bag(self, room_id: str, bag_id: str, *, key: str) -> LuckyBag:
        self._need(C.LUCKY_BAGS)
        return parse_lucky_bag(await self._send("POST", f"/api/v1/rooms/{room_id}/lucky-bags/{bag_id}/close", key))

    async def lucky_bag_entrants(self, room_id: str, bag_id: str) -> list[Entrant]:
        self._need(C.LUCKY_BAGS)
        entrants = await self._items(f"/api/v1/rooms/{room_id}/lucky-bags/{bag_id}/entrants")
        return [Entrant(id_text(e["user_id"]), str(e.get("nickname", ""))) for e in entrants]

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
        return [parse_red_packet(p) for p in await self._items(f"/api/v1/rooms/{room_id}/red-packets")]

    # comments and viewers --------------------------------------------------------------
    async def comment_history(self, room_id: str, *, before_id: str | None = None,
                              limit: int = 100) -> list[Comment]:
        self._need(C.COMMENT_STREAM)
        comments = await self._items(f"/api/v1/rooms/{room_id}/comments", before_id=before_id, limit=limit)
        return [parse_comment(c, self.connection_id) for c in comments]

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

    async def _chat_modes(self, room_id: str, key: str, change: dict) -> Room:
        return parse_room(await self._send("PUT", f"/api/v1/rooms/{room_id}/chat-modes", key, change))

    async def set_slow_mode(self, room_id: str, seconds: int, *, key: str) -> Room:
        self._need(C.SLOW_MODE)
        return await self._chat_modes(room_id, key, {"slow_mode_s": int(seconds)})

    async def set_followers_only(self, room_id: str, minutes: int | None, *, key: str) -> Room:
        self._need(C.FOLLOWERS_ONLY)
        return await self._chat_modes(room_id, key, {"followers_only_min": None if minutes is None else int(minutes)})

    async def set_shield_mode(self, room_id: str, active: bool, *, key: str) -> Room:
        self._need(C.SHIELD_MODE)
        return await self._chat_modes(room_id, key, {"shield": bool(active)})

    async def announce(self, room_id: str, text: str, color: str = "primary", *, key: str) -> Comment:
        self._need(C.ANNOUNCE)
        return parse_comment(await self._send("POST", f"/api/v1/rooms/{room_id}/announcements", key,
                                              {"text": text, "color": color}), self.connection_id)

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
        sent = self._clock.now()
        answer = await self.transport.request("PUT", "/api/v1/studio/clock", json={"speed": speed}, idempotent=True)
        self._learn_clock(sent, self._clock.now(), answer, "speed")

    async def read_clock(self) -> ClockReading | None:
        """Studio's time and the speed its clock runs at now (`clock_reading`)."""
        sent = self._clock.now()
        answer = await self._get("/api/v1/health")
        self._learn_clock(sent, self._clock.now(), answer, "clock_speed")
        return self.clock_reading

    def _heard_crew(self, sent: float, received: float, answer: dict) -> None:
        """A crew answer: Studio's wall time (`now`), and its clock beside it (`clock`: time, speed)."""
        now, clock = answer.get("now"), answer.get("clock")
        if is_number(now) and math.isfinite(now):
            self._wall.heard(sent, received, float(now))
        if isinstance(clock, dict):
            self._learn_clock(sent, received, {**clock, "now": now}, "speed")

    def _learn_clock(self, sent: float, received: float, answer: Any, speed_key: str) -> None:
        """The clock an answer gives ("time" and its speed), read when Studio's wall time said `now`
        (placed on ours by the quickest round trips), else halfway through this round trip."""
        if not isinstance(answer, dict):
            return
        at, speed, now = answer.get("time"), answer.get(speed_key, 1.0), answer.get("now")
        if not (is_number(at) and is_number(speed) and math.isfinite(at) and 0 < speed <= 100):
            return
        said_at = float(now) if is_number(now) and math.isfinite(now) else None
        if said_at is not None and said_at < self._read_at:   # overtaken by a later answer
            return
        wall = self._wall.offset_s
        local = said_at - wall if said_at is not None and wall is not None else (sent + received) / 2
        self._studio_clock = ClockReading(local, float(at), float(speed))
        self._read_at = said_at if said_at is not None else self._read_at

    async def stats(self, room_id: str) -> RoomStats:
        self._need(C.STATS_STREAM)
        return parse_stats(await self._get(f"/api/v1/rooms/{room_id}/stats"))

    async def orders_after(self, room_id: str, after_id: str | None) -> list[Order]:
        self._need(C.STATS_STREAM)
        orders: list[Order] = []
        after = int(after_id or 0)
        while True:
            page = await self._get(f"/api/v1/rooms/{room_id}/orders", after_id=after, limit=1000)
            orders += [parse_order(d) for d in page["items"]]
            if not page["items"] or int(page["next_after_id"]) == after:
                return orders
            after = int(page["next_after_id"])

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
                headers = self.transport.headers()   # AuthFailed for a token no request can carry
                headers["Accept"] = "text/event-stream"
                if last:
                    headers["Last-Event-ID"] = str(last)
                url = self.transport.url(f"/api/v1/rooms/{room_id}/events")
                async with aconnect_sse(self.client, "GET", url, headers=headers, timeout=timeout) as source:
                    if source.response.status_code != 200:
                        await source.response.aread()
                        error = studio_error(source.response)
                        if not error.retryable:
                            raise error
                        raise _Retry(error.detail)
                    async for sse in source.aiter_sse():
                        if sse.event == "hello":
                            server_last = _announced_last(sse.data, 0)
                            if server_last < last:  # the platform was reset: our place is gone
                                log.warning("studio event ids went back (%s < %s): resync", server_last, last)
                                last = server_last
                                yield RoomEvent(0, "stream.resync", room_id, 0.0, {})
                            notify(StreamStatus.LIVE, "")
                            continue
                        if sse.event == "resync":  # too far behind to replay: reload, go on from here
                            last = _announced_last(sse.data, last)
                            yield RoomEvent(0, "stream.resync", room_id, 0.0, {})
                            continue
                        if not sse.id or not sse.id.isdigit():
                            continue
                        event_id = int(sse.id)
                        if event_id <= last:
                            continue  # a duplicate after a reconnect
                        last = event_id   # one that cannot be read is skipped, not asked for again
                        try:
                            envelope = json.loads(sse.data)
                            kind = envelope["type"]
                            event = RoomEvent(event_id, kind, id_text(envelope["room_id"]), float(envelope["ts"]),
                                              self._domain_data(kind, envelope["data"]))
                        except (KeyError, TypeError, ValueError, AttributeError, RecursionError) as exc:
                            self._unreadable(sse.event, exc)
                            continue
                        # The backoff starts over once a stream delivers, not at its hello: one dropped
                        # after every hello (a flapping proxy) is retried ever more slowly, not 3 times a second.
                        failures = 0
                        yield event
                reason = "stream ended"
            except pe.PlatformError as error:   # refused (or a token no request can carry): retrying cannot help
                notify(StreamStatus.CLOSED, error.detail)
                raise
            except _Retry as exc:
                reason = str(exc)
            except (httpx.TransportError, httpx.StreamError) as exc:
                reason = f"{type(exc).__name__}: {exc}"
            failures += 1
            delay = self._rng.uniform(0.1, min(5.0, 0.25 * 2 ** min(failures, 5)))
            log.info("event stream of room %s interrupted (%s); reconnecting in %.1fs", room_id, reason, delay)
            notify(StreamStatus.RECONNECTING, reason)
            await self._sleep(delay)


    def _unreadable(self, kind: str, exc: Exception) -> None:
        """A malformed event is skipped — it never stops the stream — and said once per kind,
        without its payload (a comment's text, a viewer's id)."""
        if kind not in self._unreadable_kinds and len(self._unreadable_kinds) < 50:
            self._unreadable_kinds.add(kind)
            log.warning("skipped a %r event of %s that could not be read (%s); further ones are skipped silently",
                        kind[:60], self.display_name, type(exc).__name__)

    def _domain_data(self, event_type: str, data: dict) -> dict:
        """Studio's JSON payload → domain values (the room layer never sees platform JSON)."""
        if is_crew_event(event_type):
            return parse_crew_event(event_type, data)
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
            return {"product_id": id_text(pid) if pid is not None else None}
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
            return {"lucky_bag_id": id_text(data["lucky_bag_id"]), "entrant_count": int(data["entrant_count"])}
        if event_type in ("red_packet.sent", "red_packet.updated"):
            return {"red_packet": parse_red_packet(data["red_packet"])}
        if event_type == "red_packet.claimed":
            viewer = data.get("viewer") or {}
            return {"red_packet": parse_red_packet(data["red_packet"]), "amount_fen": int(data["amount_fen"]),
                    "viewer": Entrant(id_text(viewer.get("id")), str(viewer.get("nickname", "")))}
        return dict(data)


class _Retry(Exception):
    pass


def _announced_last(data: str, default: int) -> int:
    """The event id a hello or resync names (`default` if it names none readable)."""
    try:
        return int(json.loads(data).get("last_event_id", default))
    except (TypeError, ValueError, AttributeError, RecursionError):
        return default
