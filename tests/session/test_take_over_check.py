"""The seat that took a show over, before it sends a money cue: what it finds on each platform,
and what it makes of it (adopt, send, or ask the operator) — with platforms of its own making."""

from __future__ import annotations

import pytest

from anchor_console.domain.capabilities import Capability as C
from anchor_console.domain.models import CouponIssue, FlashSale, FlashSaleSpec, FlashSaleState
from anchor_console.domain.text import Text
from anchor_console.platforms.errors import PlatformError
from anchor_console.platforms.studio_crew import CrewLogEntry
from anchor_console.room.journal import PENDING
from anchor_console.session.show_follow import LeftShow
from anchor_console.session.take_over_check import TakeOverCheck
from anchor_console.show.chat_cues import AnnounceToRoom
from anchor_console.show.model import (Cue, CueMode, IssueCoupon, Segment, Show, StartFlashSale,
                                       Trigger)

SAID_AT, TOOK_OVER_AT = 1000.0, 1010.0


class Platform:
    def __init__(self, name: str, coupons=(), sales=(), can_list=True) -> None:
        self.display_name, self.connection_id = name, name
        self.coupons, self.sales, self.can_list = list(coupons), list(sales), can_list

    def supports(self, capability) -> bool:
        return capability in (C.COUPONS, C.FLASH_SALES)

    async def list_coupons(self, room_id):
        if not self.can_list:
            raise PlatformError(Text("no answer", ""))
        return self.coupons

    async def list_flash_sales(self, room_id):
        return self.sales


class Binding:
    def __init__(self, platform) -> None:
        self.platform, self.room_id, self.connection_id = platform, "r1", platform.connection_id


class Room:
    def __init__(self, *platforms) -> None:
        self.bindings = [Binding(p) for p in platforms]
        self.primary = self.bindings[0]
        self.platform_ids = {}


class Seats:
    def __init__(self, room) -> None:
        self.room, self.shared, self.not_applied, self.said = room, {}, set(), []

    def notify(self, text, level=None) -> None:
        self.said.append(text.english())


def coupon(at: float, template="3", quantity=9, minutes=15) -> CouponIssue:
    return CouponIssue("c", "r1", template, "券", quantity, 0, at + minutes * 60, created_at=at)


CUE = Cue("coupon-c", IssueCoupon("3", 9, 15, "券"), Trigger.at_start(), CueMode.AUTO)
TWIN = Cue("coupon-twin", IssueCoupon("3", 9, 15, "券"), Trigger.at_start(), CueMode.AUTO)
SALE = FlashSaleSpec("p1", "s1", 990, 50)
SALE_CUE = Cue("sale", StartFlashSale(*(getattr(SALE, f) for f in ("product_id", "sku_id", "sale_price_fen", "stock"))),
               Trigger.at_start(), CueMode.AUTO)
SHOW = Show(title="t", segments=(Segment("a", "A", 600, cues=(TWIN,)), Segment("b", "B", 600, cues=(CUE, SALE_CUE))))


def check(*platforms, fired=()) -> TakeOverCheck:
    left = LeftShow("李场控", "a", "A", 0.0, 0.0, tuple(fired), "seat-a", "run-a", SAID_AT)
    return TakeOverCheck(Seats(Room(*platforms)), left, "run-b", TOOK_OVER_AT)


@pytest.mark.asyncio
async def test_what_the_seat_taking_over_makes_of_the_platforms():
    # Made in the window: adopted, said; made before the gone seat's last word or after the take-over: sent.
    found = check(Platform("Studio", [coupon(SAID_AT + 0.5)]))
    assert (await found.vet(CUE, SHOW)).ok and "was not sent again" in found.seats.said[0]
    assert await check(Platform("Studio", [coupon(SAID_AT - 60), coupon(TOOK_OVER_AT + 30)])).vet(CUE, SHOW) is None
    assert await check(Platform("Studio", [coupon(SAID_AT + 1, quantity=10)])).vet(CUE, SHOW) is None
    # Another cue of the very same terms the gone seat said it fired may be what was found: asked.
    twin = check(Platform("Studio", [coupon(SAID_AT + 1)]), fired=[("coupon-twin", "succeeded")])
    held = await twin.vet(CUE, SHOW)
    assert held is not None and not held.ok and "may have sent" in held.reason.english()
    assert await twin.vet(CUE, SHOW) is None   # Retry: the operator's answer sends it
    # Two platforms: found on one only, or one cannot say — asked; on none — sent.
    assert not (await check(Platform("Studio", [coupon(SAID_AT + 1)]), Platform("WeChat")).vet(CUE, SHOW)).ok
    assert not (await check(Platform("Studio"), Platform("WeChat", can_list=False)).vet(CUE, SHOW)).ok
    assert await check(Platform("Studio"), Platform("WeChat")).vet(CUE, SHOW) is None
    # A flash sale: launched in the window (its countdown counted back) adopted; a draft never paid.
    launched = FlashSale(**{f: getattr(SALE, f) for f in SALE.__dataclass_fields__}, id="f", room_id="r1",
                         state=FlashSaleState.LIVE, starts_at=SAID_AT + 1)
    draft = FlashSale(**{f: getattr(SALE, f) for f in SALE.__dataclass_fields__}, id="d", room_id="r1")
    assert (await check(Platform("Studio", sales=[launched])).vet(SALE_CUE, SHOW)).ok
    assert await check(Platform("Studio", sales=[draft])).vet(SALE_CUE, SHOW) is None
    # Not money: never looked for.
    assert await check(Platform("Studio", can_list=False)).vet(
        Cue("say", AnnounceToRoom("hi"), Trigger.at_start(), CueMode.AUTO), SHOW) is None


@pytest.mark.asyncio
async def test_found_nowhere_the_gone_seats_written_ahead_entry_holds_nothing_back():
    found_nowhere = check(Platform("Studio"))
    shared = found_nowhere.seats.shared
    shared["seat-a:1"] = CrewLogEntry("seat-a", "1", "issue_coupon", {}, PENDING, True, "李场控", "assistant", "m",
                                      "cue:run-a:coupon-c", SAID_AT + 1)
    shared["seat-a:2"] = CrewLogEntry("seat-a", "2", "issue_coupon", {}, PENDING, True, "李场控", "assistant", "m",
                                      "cue:run-a:other", SAID_AT + 1)
    assert await found_nowhere.vet(CUE, SHOW) is None
    assert found_nowhere.seats.not_applied == {"seat-a:1"}


@pytest.mark.asyncio
async def test_what_this_run_sent_after_the_take_over_is_not_taken_for_the_gone_seats():
    """A batch of the same terms made just after the take-over (this run's own coupon-twin, say) is
    this run's, not the gone seat's: the cue is sent, not adopted."""
    assert await check(Platform("Studio", [coupon(TOOK_OVER_AT + 0.5)])).vet(CUE, SHOW) is None
