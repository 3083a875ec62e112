"""A room on two platforms whose catalogs differ: Room → Products across platforms shows how each
product is linked and what has none; a link made there is saved and a flash sale then reaches both
platforms, each with its own product."""

from __future__ import annotations

import os
from pathlib import Path

import httpx
import pytest
from PySide6.QtWidgets import QComboBox, QDialog

from anchor_console.domain.models import FlashSaleSpec
from anchor_console.room.commands import LaunchFlashSale
from anchor_console.room.platform_ids import Via
from anchor_console.session.settings import ConnectionSettings, Settings
from anchor_console.session.tokens import TokenStore
from support.waiting import until
from support.crawl import action_named
from support.window import find_dialog


def row_of(table, product_id: str) -> int:
    from PySide6.QtCore import Qt

    return next(r for r in range(table.rowCount()) if table.item(r, 0).data(Qt.ItemDataRole.UserRole) == product_id)


@pytest.mark.asyncio
async def test_products_are_linked_across_two_platforms_and_a_flash_sale_reaches_both(
        console_factory, studio_factory, private_home):
    a = studio_factory("--demo", "--audience", "0")
    b = studio_factory("--demo", "--audience", "0", name="shop")
    async with httpx.AsyncClient(base_url=b.url, headers=b.headers("anchor")) as c:   # the other shop names it otherwise
        assert (await c.patch("/api/v1/products/1002", json={"name": "羊毛围巾 冬季款"})).status_code == 200
    settings = Settings(connections=[
        ConnectionSettings(id="mini", name="Mini-program room", url=a.url, room_id=str(a.room_id)),
        ConnectionSettings(id="shop", name="Shop", url=b.url, room_id=str(b.room_id))], operator_name="测试员")
    TokenStore().set("mini", a.tokens["assistant"])
    TokenStore().set("shop", b.tokens["assistant"])
    console = await console_factory(settings)
    window, session = console.window, console.session
    await until(lambda: "shop" in session.room.platform_ids, 30, message="the shop's products were not linked")
    ids = session.room.platform_ids["shop"]
    assert ids.product("1001") == "1001" and ids.products["1001"].via is Via.SAME
    assert "1002" in ids.unlinked_ours
    unlinked = lambda: any("have no match on Shop" in m for m in window.notifications.messages())
    assert unlinked()

    action = action_named(window.menuBar(), "Products across platforms…")
    assert action.isEnabled()
    action.trigger()
    dialog = await until(lambda: find_dialog("platform-links") or next(
        (w for w in window.findChildren(QDialog, "platform-links") if w.isVisible()), None))
    page = dialog.pages.widget(0)
    products = page.products
    r = row_of(products, "1002")
    assert products.item(r, 3).text() == "no match"
    combo: QComboBox = products.cellWidget(r, 2)
    combo.setCurrentIndex(combo.findData("1002"))
    products.selectRow(r)
    assert page.skus.rowCount() == len(session.catalog.products["1002"].skus)
    if os.environ.get("ANCHOR_SHOTS"):
        dialog.grab().save(str(Path(os.environ["ANCHOR_SHOTS"]) / "platform-links.png"))
    dialog._save()
    ids = session.room.platform_ids["shop"]
    assert ids.product("1002") == "1002" and ids.products["1002"].via is Via.EDITED and not ids.unlinked_ours
    assert (private_home / "config" / "platform_links.json").exists()
    await until(lambda: not unlinked(), message="the notice about unlinked products stayed")

    sku = session.catalog.products["1002"].skus[0]
    outcome = await session.room.perform(LaunchFlashSale(FlashSaleSpec("1002", sku.id, sku.price_fen // 2, 2)))
    assert outcome.ok and len(outcome.entry.dispatches) == 2
    for studio in (a, b):
        async with httpx.AsyncClient(base_url=studio.url, headers=studio.headers("assistant")) as c:
            sales = (await c.get(f"/api/v1/rooms/{studio.room_id}/flash-sales")).json()["items"]
        assert [s["product_id"] for s in sales] == [1002] or [str(s["product_id"]) for s in sales] == ["1002"]
