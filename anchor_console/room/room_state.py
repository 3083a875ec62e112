"""What the console knows about a room on one platform connection, kept current by the event
stream: the room, the shelf and the product on stage, coupon batches, flash sales, live figures, and
the lucky bags and red packets seen since the console started.

`apply()` takes the platform layer's domain events (see `anchor_console.platforms.base`) and says
which part changed, so the ui refreshes only that part."""

from __future__ import annotations

import enum
from dataclasses import replace

from anchor_console.domain.giveaways import LuckyBag, RedPacket
from anchor_console.domain.models import (
    Comment, CouponIssue, FlashSale, Room, RoomEvent, RoomStats, ShelfItem,
)
from anchor_console.domain.text import Text
from anchor_console.platforms.base import RoomSnapshot, StreamStatus
from anchor_console.platforms.studio_crew import is_crew_event


class Aspect(enum.Enum):
    ROOM = "room"
    SHELF = "shelf"
    COUPONS = "coupons"
    FLASH_SALES = "flash_sales"
    STATS = "stats"
    COMMENT = "comment"
    VIEWER = "viewer"
    ORDER = "order"
    STREAM = "stream"
    RESYNC = "resync"
    GIVEAWAYS = "giveaways"    # a lucky bag or a red packet changed
    CREW = "crew"              # seats in sync: presence, shared log, lease, word lists, show caller
    RELAY = "relay"            # the platform could not pass a confirmed change on to viewers' chat service


ORDERS_REMEMBERED = 5000   # order ids kept to tell a re-fetched order from a new one


class RoomState:
    def __init__(self, connection_id: str, platform_name: str) -> None:
        self.connection_id = connection_id
        self.platform_name = platform_name
        self.room: Room | None = None
        self.shelf: list[ShelfItem] = []
        self.coupons: dict[str, CouponIssue] = {}
        self.flash_sales: dict[str, FlashSale] = {}
        self.stats = RoomStats()
        self.pinned: Comment | None = None
        self.lucky_bags: dict[str, LuckyBag] = {}      # seen on the event stream since the console started
        self.red_packets: dict[str, RedPacket] = {}
        self.last_event_id = 0
        self.last_order_id: str | None = None
        # An order streamed and fetched after a gap counts once. Only the latest are remembered (a
        # gap's catch-up starts after the last order seen): a 4-hour show's every order id would not be.
        self._orders_seen: dict[str, None] = {}
        self.stream_status = StreamStatus.CONNECTING
        self.stream_detail = ""
        self.stream_refused: Text | None = None   # why the platform refuses this seat (a revoked token), in words
        self.loaded = False

    def load(self, snap: RoomSnapshot) -> None:
        self.room = snap.room
        self.shelf = sorted(snap.shelf, key=lambda it: it.position)
        self.coupons = {c.id: c for c in snap.coupons}
        self.flash_sales = {f.id: f for f in snap.flash_sales}
        self.stats = snap.stats
        self.pinned = snap.pinned_comment
        self.last_event_id = snap.last_event_id
        self.loaded = True

    @property
    def stage_product_id(self) -> str | None:
        return self.room.stage_product_id if self.room else None

    def shelf_item(self, product_id: str) -> ShelfItem | None:
        return next((it for it in self.shelf if it.product_id == product_id), None)

    def apply(self, event: RoomEvent) -> Aspect | None:
        if event.id:
            self.last_event_id = max(self.last_event_id, event.id)
        kind, data = event.type, event.data
        if kind == "stream.resync":
            self.loaded = False
            return Aspect.RESYNC
        if kind == "room.updated":
            self.room = data["room"]
            self._mark_stage()
            return Aspect.ROOM
        if kind == "shelf.changed":
            self.shelf = sorted(data["shelf"], key=lambda it: it.position)
            return Aspect.SHELF
        if kind == "stage.changed":
            if self.room is not None:
                self.room = replace(self.room, stage_product_id=data["product_id"])
            self._mark_stage()
            return Aspect.SHELF
        if kind == "product.updated":
            product = data["product"]
            self.shelf = [replace(it, product=product) if it.product_id == product.id else it for it in self.shelf]
            return Aspect.SHELF
        if kind in ("coupon.issued", "coupon.updated"):
            coupon = data["coupon"]
            self.coupons[coupon.id] = coupon
            return Aspect.COUPONS
        if kind == "flash_sale.updated":
            sale = data["flash_sale"]
            self.flash_sales[sale.id] = sale
            return Aspect.FLASH_SALES
        if kind == "stats":
            self.stats = data["stats"]
            return Aspect.STATS
        if kind == "order.created":
            order = data["order"]
            if order.id in self._orders_seen:
                return None
            self._orders_seen[order.id] = None
            if len(self._orders_seen) > ORDERS_REMEMBERED:
                del self._orders_seen[next(iter(self._orders_seen))]
            self.last_order_id = order.id
            self.shelf = [replace(it, sold=it.sold + order.quantity) if it.product_id == order.product_id else it
                          for it in self.shelf]
            return Aspect.ORDER
        if kind in ("comment.created", "comment.updated"):
            comment = data["comment"]
            if comment.pinned:
                self.pinned = comment
            elif self.pinned is not None and self.pinned.id == comment.id:
                self.pinned = None
            return Aspect.COMMENT
        if kind == "viewer.updated":
            return Aspect.VIEWER
        if kind.startswith("lucky_bag."):
            if "lucky_bag" in data:
                self.lucky_bags[data["lucky_bag"].id] = data["lucky_bag"]
            elif (bag := self.lucky_bags.get(data.get("lucky_bag_id", ""))) is not None:
                self.lucky_bags[bag.id] = replace(bag, entrant_count=data["entrant_count"])
            return Aspect.GIVEAWAYS
        if kind.startswith("red_packet.") and "red_packet" in data:
            self.red_packets[data["red_packet"].id] = data["red_packet"]
            return Aspect.GIVEAWAYS
        if is_crew_event(kind):
            return Aspect.CREW
        if kind == "chat_relay.failed":
            return Aspect.RELAY
        return None

    def _mark_stage(self) -> None:
        stage = self.stage_product_id
        self.shelf = [it if it.on_stage == (it.product_id == stage) else replace(it, on_stage=it.product_id == stage)
                      for it in self.shelf]
