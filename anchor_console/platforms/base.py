"""The one async interface the console drives every platform through.

An adapter declares what its connection can do (`capabilities`); every method that needs a
capability the platform lacks raises `NotSupported` naming the platform, so the ui can disable
the action with a tooltip instead of failing at the worst moment. Mutating methods take an
idempotency `key`: the action journal writes it down before the request leaves, and a retry or a
reconciliation after a crash sends the same key again, never a fresh one."""

from __future__ import annotations

import abc
import enum
from dataclasses import dataclass, field
from typing import Any, AsyncIterator, Callable, Mapping

from anchor_console.domain.capabilities import Capability
from anchor_console.domain.clock import ClockReading
from anchor_console.domain.giveaways import Entrant, LuckyBag, LuckyBagSetup, RedPacket, RedPacketSpec
from anchor_console.domain.text import Text
from anchor_console.domain.models import (
    BASIC_FIGURES, Comment, CouponIssue, CouponTemplate, FlashSale, FlashSaleSpec, Order, PlannedLive, Product,
    QuotaUse, Room, RoomEvent, RoomPlan, RoomStats, ShelfItem, Viewer,
)
from anchor_console.platforms.errors import NotSupported


class StreamStatus(enum.Enum):
    CONNECTING = "connecting"
    LIVE = "live"
    RECONNECTING = "reconnecting"
    RESYNC = "resync"          # the platform lost our place (e.g. a reset server): reload the snapshot
    CLOSED = "closed"


@dataclass(frozen=True, slots=True)
class RoomSnapshot:
    """Everything a console shows about a room, consistent with `last_event_id`."""

    room: Room
    shelf: tuple[ShelfItem, ...] = ()
    coupons: tuple[CouponIssue, ...] = ()
    flash_sales: tuple[FlashSale, ...] = ()
    stats: RoomStats = field(default_factory=RoomStats)
    pinned_comment: Comment | None = None
    last_event_id: int = 0


StatusCallback = Callable[[StreamStatus, str], None]


class Platform(abc.ABC):
    """A connection to one platform account. Adapters override what their platform can do."""

    kind: str = "platform"
    capabilities: frozenset[Capability] = frozenset()
    reports_stock: bool = True   # False: stock lives elsewhere (WeChat mini-program live: in the merchant's shop)
    # Which `RoomStats` fields this platform reports (the post-show review says which it lacks).
    figures: frozenset[str] = BASIC_FIGURES
    # Why a capability is missing, in the operator's words; what it leaves out, "{platform} does
    # not support {capability}" says enough.
    reasons: Mapping[Capability, Text] = {}
    # The platform's clock as its answers told it (its time, its speed, its wall time): the times it
    # gives — a flash sale's start, a coupon's, a red packet's or a lucky bag's end — are on it, and
    # time left is counted on it (session/platform_clock.py). None: nothing learnt, counted on ours.
    clock_reading: ClockReading | None = None

    def __init__(self, connection_id: str, display_name: str) -> None:
        self.connection_id = connection_id
        self.display_name = display_name

    def supports(self, capability: Capability) -> bool:
        return capability in self.capabilities

    def _unsupported(self, capability: Capability) -> NotSupported:
        return NotSupported(capability, self.display_name)

    def unsupported_reason(self, capability: Capability) -> Text | None:
        """Why this platform cannot do that, in the operator's words (a tooltip beside the
        disabled action); None where "{platform} does not support {capability}" says enough."""
        return self.reasons.get(capability)

    def quota_usage(self) -> tuple[QuotaUse, ...]:
        """Today's use of the platform's daily allowances, per API (empty: no allowances)."""
        return ()

    async def aclose(self) -> None:
        """Release connections; the adapter is unusable afterwards."""

    async def verify_credentials(self) -> None:
        """Prove the credentials work (an access token is made from them) before anything else is
        tried, raising the platform's error (Test connection says it first). Default: nothing to prove
        beforehand."""

    async def staff_name(self) -> str | None:
        """The name of the staff member this connection's credentials belong to (the journal's
        "who"), or None where the platform does not say."""
        return None

    async def read_clock(self) -> ClockReading | None:
        """Ask the platform its time now where it has a way to say it (Studio); the others learn it
        from their answers as they come, or not at all: `clock_reading` as it is."""
        return self.clock_reading

    def crew(self, room_id: str) -> Any:
        """The crew API of this room (seats in sync: platforms/studio_crew.py), or None where the
        platform has none (only Studio has)."""
        return None

    # rooms ---------------------------------------------------------------------------
    async def list_rooms(self) -> list[Room]:
        raise self._unsupported(Capability.ROOMS)

    async def snapshot(self, room_id: str) -> RoomSnapshot:
        raise self._unsupported(Capability.ROOMS)

    async def start_room(self, room_id: str, *, key: str) -> Room:
        raise self._unsupported(Capability.ROOMS)

    async def end_room(self, room_id: str, *, key: str) -> Room:
        raise self._unsupported(Capability.ROOMS)

    async def push_url(self, room_id: str) -> dict:
        raise self._unsupported(Capability.ROOMS)

    async def share_link(self, room_id: str) -> dict:
        """Where viewers join the room: {"url" (a web link), "qr_code_url", "page_path", "poster_url"}
        (what is known)."""
        raise self._unsupported(Capability.ROOMS)

    async def schedule_room(self, plan: RoomPlan, *, key: str) -> Room:
        """Create a room for a later live; a retry with the same key never creates a second one."""
        raise self._unsupported(Capability.ROOMS)

    async def edit_room(self, room_id: str, plan: RoomPlan, *, key: str) -> Room:
        raise self._unsupported(Capability.ROOMS)

    async def list_plans(self) -> list[PlannedLive]:
        """Lives planned on this account that have not ended, soonest first, with their subscriber
        counts where the platform reports them."""
        raise self._unsupported(Capability.LIVE_PLANS)

    async def upload_image(self, data: bytes, filename: str, *, key: str) -> str:
        """An image for a live plan (its cover): the platform's reference to it, for
        `RoomPlan.cover_image` (WeChat: a media id valid three days)."""
        raise self._unsupported(Capability.LIVE_PLANS)

    # catalog and shelf -----------------------------------------------------------------
    async def list_products(self) -> list[Product]:
        raise self._unsupported(Capability.SHELF)

    async def products_to_match(self) -> list[Product]:
        """The products this platform sells, with their merchant codes, for linking the console's
        catalog to them (a platform without a room shelf may still sell: a shop's products)."""
        return await self.list_products() if self.supports(Capability.SHELF) else []

    async def set_price(self, sku_id: str, price_fen: int, *, key: str) -> Product:
        raise self._unsupported(Capability.PRICE)

    async def get_shelf(self, room_id: str) -> list[ShelfItem]:
        raise self._unsupported(Capability.SHELF)

    async def add_to_shelf(self, room_id: str, product_id: str, *, key: str) -> ShelfItem:
        raise self._unsupported(Capability.SHELF)

    async def remove_from_shelf(self, room_id: str, product_id: str, *, key: str) -> None:
        raise self._unsupported(Capability.SHELF)

    async def reorder_shelf(self, room_id: str, product_ids: list[str], *, key: str) -> list[ShelfItem]:
        raise self._unsupported(Capability.SORT)

    async def set_on_sale(self, room_id: str, product_id: str, on_sale: bool, *, key: str) -> ShelfItem:
        raise self._unsupported(Capability.SALE_TOGGLE)

    async def put_on_stage(self, room_id: str, product_id: str, *, key: str, replace: bool = True) -> Room:
        raise self._unsupported(Capability.STAGE)

    async def clear_stage(self, room_id: str, *, key: str) -> Room:
        raise self._unsupported(Capability.STAGE)

    # coupons and flash sales -----------------------------------------------------------
    async def list_coupon_templates(self) -> list[CouponTemplate]:
        raise self._unsupported(Capability.COUPONS)

    async def list_coupons(self, room_id: str) -> list[CouponIssue]:
        raise self._unsupported(Capability.COUPONS)

    async def issue_coupon(self, room_id: str, template_id: str, quantity: int, valid_minutes: int, *,
                           key: str) -> CouponIssue:
        raise self._unsupported(Capability.COUPONS)

    async def stop_coupon(self, room_id: str, issue_id: str, *, key: str) -> CouponIssue:
        raise self._unsupported(Capability.COUPONS)

    async def list_flash_sales(self, room_id: str) -> list[FlashSale]:
        raise self._unsupported(Capability.FLASH_SALES)

    async def launch_flash_sale(self, room_id: str, spec: FlashSaleSpec, *, key: str) -> FlashSale:
        """Create and start a flash sale as one exactly-once action."""
        raise self._unsupported(Capability.FLASH_SALES)

    async def stop_flash_sale(self, room_id: str, sale_id: str, *, key: str) -> FlashSale:
        raise self._unsupported(Capability.FLASH_SALES)

    # lucky bags and red packets ---------------------------------------------------------
    async def start_lucky_bag(self, room_id: str, setup: LuckyBagSetup, commitment: str, *, key: str) -> LuckyBag:
        """Open a lucky bag with the commitment (sha256 of the seed) published; never the seed."""
        raise self._unsupported(Capability.LUCKY_BAGS)

    async def lucky_bag(self, room_id: str, bag_id: str) -> LuckyBag:
        """A bag's state and live entrant count."""
        raise self._unsupported(Capability.LUCKY_BAGS)

    async def list_lucky_bags(self, room_id: str) -> list[LuckyBag]:
        """The room's bags, past ones too (with their revealed seeds and winners, to re-check)."""
        raise self._unsupported(Capability.LUCKY_BAGS)

    async def close_lucky_bag(self, room_id: str, bag_id: str, *, key: str) -> LuckyBag:
        """End entry now and freeze the entrant list (a closed bag is left as it is)."""
        raise self._unsupported(Capability.LUCKY_BAGS)

    async def lucky_bag_entrants(self, room_id: str, bag_id: str) -> list[Entrant]:
        """The frozen entrant list of a closed or drawn bag, in the order the draw uses."""
        raise self._unsupported(Capability.LUCKY_BAGS)

    async def draw_lucky_bag(self, room_id: str, bag_id: str, seed: str, *, key: str) -> LuckyBag:
        """Reveal the seed; the platform checks it and draws (again: the same result)."""
        raise self._unsupported(Capability.LUCKY_BAGS)

    async def send_red_packet(self, room_id: str, spec: RedPacketSpec, *, key: str) -> RedPacket:
        raise self._unsupported(Capability.RED_PACKETS)

    async def red_packet(self, room_id: str, packet_id: str) -> RedPacket:
        raise self._unsupported(Capability.RED_PACKETS)

    async def list_red_packets(self, room_id: str) -> list[RedPacket]:
        raise self._unsupported(Capability.RED_PACKETS)

    # comments and viewers --------------------------------------------------------------
    async def comment_history(self, room_id: str, *, before_id: str | None = None,
                              limit: int = 100) -> list[Comment]:
        raise self._unsupported(Capability.COMMENT_STREAM)

    async def post_comment(self, room_id: str, text: str, *, key: str) -> Comment:
        raise self._unsupported(Capability.POST_AS_STAFF)

    async def pin_comment(self, room_id: str, comment_id: str, pinned: bool, *, key: str) -> Comment:
        raise self._unsupported(Capability.PIN)

    async def hide_comment(self, room_id: str, comment_id: str, *, key: str) -> Comment:
        raise self._unsupported(Capability.HIDE_COMMENT)

    async def delete_comment(self, room_id: str, comment_id: str, *, key: str) -> Comment:
        raise self._unsupported(Capability.DELETE_COMMENT)

    async def get_viewer(self, room_id: str, user_id: str) -> Viewer:
        raise self._unsupported(Capability.MUTE)

    async def mute_viewer(self, room_id: str, user_id: str, seconds: int, *, key: str) -> Viewer:
        raise self._unsupported(Capability.MUTE)

    async def unmute_viewer(self, room_id: str, user_id: str, *, key: str) -> Viewer:
        raise self._unsupported(Capability.MUTE)

    async def ban_viewer(self, room_id: str, user_id: str, *, key: str) -> Viewer:
        raise self._unsupported(Capability.BAN)

    async def unban_viewer(self, room_id: str, user_id: str, *, key: str) -> Viewer:
        raise self._unsupported(Capability.BAN)

    async def set_room_mute(self, room_id: str, muted: bool, *, key: str) -> Room:
        raise self._unsupported(Capability.ROOM_MUTE)

    # chat modes: who may comment how often -----------------------------------------------
    async def set_slow_mode(self, room_id: str, seconds: int, *, key: str) -> Room:
        """Slow mode: each viewer waits `seconds` between comments (0: off; platforms allow 3–120)."""
        raise self._unsupported(Capability.SLOW_MODE)

    async def set_followers_only(self, room_id: str, minutes: int | None, *, key: str) -> Room:
        """Followers-only chat: None off, 0 any follower, N followed for at least N minutes."""
        raise self._unsupported(Capability.FOLLOWERS_ONLY)

    async def set_shield_mode(self, room_id: str, active: bool, *, key: str) -> Room:
        """Shield mode: the room closes to drive-by accounts during a raid."""
        raise self._unsupported(Capability.SHIELD_MODE)

    async def announce(self, room_id: str, text: str, color: str = "primary", *, key: str) -> Comment | None:
        """A highlighted staff announcement, posted once per key (None: the platform returns no
        message of it, e.g. Twitch)."""
        raise self._unsupported(Capability.ANNOUNCE)

    # rehearsal (Studio only) ------------------------------------------------------------
    async def create_rehearsal_room(self, title: str, product_ids: list[str], *, key: str) -> Room:
        """A live room apart from the real one, with these products listed, to rehearse in."""
        raise self._unsupported(Capability.REHEARSAL_ROOMS)

    async def set_audience(self, room_id: str, *, enabled: bool, comments_per_s: float | None = None) -> dict:
        raise self._unsupported(Capability.REHEARSAL_ROOMS)

    async def replay_comments(self, room_id: str, log: bytes, *, speed: float = 1.0) -> dict:
        """Replay a recorded comment log (JSON Lines of {"t", "nickname", "text"}) into the room."""
        raise self._unsupported(Capability.REHEARSAL_ROOMS)

    async def set_clock_speed(self, speed: float) -> None:
        """Run the platform's own clock (countdowns, validity, mutes) at a rehearsal's speed."""
        raise self._unsupported(Capability.REHEARSAL_ROOMS)

    # live figures and the event stream -------------------------------------------------
    async def stats(self, room_id: str) -> RoomStats:
        raise self._unsupported(Capability.STATS_STREAM)

    async def orders_after(self, room_id: str, after_id: str | None) -> list[Order] | None:
        """The room's orders after that one (all with None), oldest first: what a stream that
        could not replay a gap missed. None: this platform cannot list them (a polling adapter
        has no such gaps: it reads its orders itself)."""
        return None

    def events(self, room_id: str, *, last_event_id: int = 0,
               on_status: StatusCallback | None = None) -> AsyncIterator[RoomEvent]:
        """Every change in the room, in order, each exactly once, resuming after reconnects."""
        raise self._unsupported(Capability.COMMENT_STREAM)
