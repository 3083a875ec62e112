"""One room on both WeChat platforms, emulated by a real Studio process: the mini-program live
connection carries the shelf, 讲解 and the room-wide mute, the Channels one a coupon and a flash
sale — each action reaches the platform that can do it, in its own ids, and Studio's room shows
the result."""

from __future__ import annotations

import os
from pathlib import Path

import httpx
import pytest

from anchor_console.domain.models import FlashSaleSpec
from anchor_console.room.commands import AddToShelf, IssueCoupon, LaunchFlashSale, SetRoomMute
from anchor_console.room.journal import CONFIRMED, SKIPPED
from support.waiting import until
from support.wechat import emulated_console
from support.window import shelf_of


def done(session, kind: str) -> dict[str, str] | None:
    """Each connection's status for the latest action of this kind, once none is pending."""
    entry = next((e for e in session.journal.entries(limit=50) if e.kind == kind), None)
    if entry is None or any(d.status == "pending" for d in entry.dispatches):
        return None
    return {d.connection_id: d.status for d in entry.dispatches}


@pytest.mark.asyncio
async def test_a_room_on_both_wechat_platforms_works_from_the_console(console_factory, studio_factory):
    studio = studio_factory("--demo", "--audience", "0")
    console = await emulated_console(console_factory, studio, confirm_money_actions=False)
    window, session = console.window, console.session
    await until(lambda: session.room is not None and all(s.loaded for s in session.room.states.values())
                and session.catalog.products and "shop" in session.room.platform_ids, 40,
                message="the room on both WeChat platforms did not load")
    assert [b.connection_id for b in session.room.bindings] == ["mp", "shop"]
    shelf = shelf_of(window)
    on_shelf = {i.product_id for i in session.room.state.shelf}
    new = next(p for p in session.catalog.products.values() if p.id not in on_shelf)

    assert session.actions.run(AddToShelf(new.id))
    assert await until(lambda: done(session, "add_to_shelf")) == {"mp": CONFIRMED, "shop": SKIPPED}
    await until(lambda: new.id in {i.product_id for i in shelf.model.rows}, 20, message="not on the shelf")
    shelf.select_product(new.id)
    assert shelf.selected_item().product_id == new.id
    shelf.toggle_stage()                                     # 讲解, as a click
    assert await until(lambda: done(session, "put_on_stage")) == {"mp": CONFIRMED, "shop": SKIPPED}

    template = next(iter(session.catalog.templates))
    assert session.actions.run(IssueCoupon(template, 20, 30))
    assert await until(lambda: done(session, "issue_coupon"), 20) == {"mp": SKIPPED, "shop": CONFIRMED}
    selling = session.room.flash_sale_product(new.id)   # the flash sale runs on Channels: its SKUs
    assert selling is not None and selling is not session.room.state.shelf_item(new.id).product
    sku = max(selling.skus, key=lambda s: s.stock)
    assert session.actions.run(LaunchFlashSale(FlashSaleSpec(new.id, sku.id, sku.price_fen * 7 // 10, 1,
                                                             duration_s=600)))
    flash = await until(lambda: done(session, "launch_flash_sale"), 20)
    assert flash == {"mp": SKIPPED, "shop": CONFIRMED}, [(d.status, d.reason and d.reason.english()) for d in session.journal.entries(limit=1)[0].dispatches]
    assert session.actions.run(SetRoomMute(True))
    assert await until(lambda: done(session, "set_room_mute")) == {"mp": CONFIRMED, "shop": SKIPPED}

    # What Studio's own room shows: one state behind both emulated platforms.
    async with httpx.AsyncClient(base_url=studio.url, headers=studio.headers("assistant")) as c:
        room = (await c.get(f"/api/v1/rooms/{studio.room_id}")).json()
        coupons = (await c.get(f"/api/v1/rooms/{studio.room_id}/coupons")).json()["items"]
        sales = (await c.get(f"/api/v1/rooms/{studio.room_id}/flash-sales")).json()["items"]
    assert str(room["stage_product_id"]) == new.id and room["mute_all"]
    assert len(coupons) == 1 and [str(s["product_id"]) for s in sales] == [new.id]
    await until(lambda: session.room.states["mp"].room.mute_all, 20, message="the mute did not show")
    if os.environ.get("ANCHOR_SHOTS"):
        window.grab().save(str(Path(os.environ["ANCHOR_SHOTS"]) / "wechat-room.png"))
