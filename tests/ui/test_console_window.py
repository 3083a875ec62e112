"""The console window driven like an assistant drives it, against real Studio processes."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from anchor_console.domain.models import FlashSaleState
from anchor_console.platforms.base import StreamStatus
from anchor_console.platforms.errors import OutcomeUnknown
from anchor_console.room.journal import CONFIRMED
from support.studio import on_demo_studio, studio_settings
from support.waiting import until
from support.window import armed_bar_of, choose, confirm_money_action, promotions_of, shelf_of


def shelf_ids(window):
    return [it.product_id for it in shelf_of(window).model.rows]


async def http(studio, method, path, role="anchor", **kw):
    async with httpx.AsyncClient(base_url=studio.url, headers=studio.headers(role), timeout=10) as c:
        r = await c.request(method, path, **kw)
        return r


@pytest.mark.asyncio
async def test_list_stage_coupon_and_flash_sale_to_sold_out(console_factory, studio_factory):
    studio, console = await on_demo_studio(console_factory, studio_factory, "assistant")
    window = console.window
    await until(lambda: len(shelf_of(window).model.rows) == 10 and window.session.catalog.products)

    # One click lists a catalog product into the room.
    await until(lambda: shelf_of(window).catalog_model.rows)
    product = shelf_of(window).catalog_model.rows[0]
    shelf_of(window).list_catalog_row(0)
    await until(lambda: product.id in shelf_ids(window), message="listed product did not appear")
    assert product.id not in [p.id for p in shelf_of(window).catalog_model.rows]

    # Key 2 puts product number 2 on stage.
    window.activateWindow()
    second = shelf_of(window).model.rows[1].product_id
    QTest.keyClick(window, Qt.Key.Key_2)
    await until(lambda: console.session.room.state.stage_product_id == second)
    await until(lambda: shelf_of(window).model.rows[1].on_stage)

    # A coupon: confirm, then the batch shows with its claimed count.
    promotions = promotions_of(window)
    promotions.template.setCurrentIndex(promotions.template.findData("2"))
    promotions.quantity.setValue(3)
    promotions.issue_button.click()
    await confirm_money_action()
    await until(lambda: promotions.coupon_model.rows, message="coupon batch not shown")
    _, _, batch = promotions.coupon_model.rows[0]
    assert (batch.quantity, batch.claimed) == (3, 0)

    # A viewer claims: the window follows the stream.
    async with httpx.AsyncClient(base_url=studio.url, timeout=10) as c:
        viewer = (await c.post("/api/v1/viewers", json={"nickname": "买家1"})).json()
        r = await c.post(f"/api/v1/rooms/{studio.room_id}/coupons/{batch.id}/claim",
                         headers={"Authorization": f"Bearer {viewer['token']}"})
        assert r.status_code == 201
    await until(lambda: promotions.coupon_model.rows[0][2].claimed == 1)

    # A flash sale of 3 pieces: arm, fire, confirm; buyers sell it out; the panel says so.
    choose(promotions.flash.product, "1003")
    promotions.flash.stock.setValue(3)
    promotions.flash.countdown.setValue(0)
    promotions.flash.duration.setValue(120)
    promotions.arm_button.click()
    bar = armed_bar_of(window)
    assert console.session.flash_sale.armed is not None and bar.isVisible()
    bar.fire_button.click()
    await confirm_money_action()
    await until(lambda: promotions.flash_model.rows, message="flash sale not shown")
    sale = promotions.flash_model.rows[0][2]
    assert sale.state == FlashSaleState.LIVE and sale.stock == 3
    async with httpx.AsyncClient(base_url=studio.url, timeout=10) as c:
        for i in range(4):
            v = (await c.post("/api/v1/viewers", json={"nickname": f"抢购{i}"})).json()
            await c.post(f"/api/v1/rooms/{studio.room_id}/flash-sales/{sale.id}/buy", json={"quantity": 1},
                         headers={"Authorization": f"Bearer {v['token']}"})
    await until(lambda: promotions.flash_model.rows[0][2].state == FlashSaleState.ENDED)
    final = promotions.flash_model.rows[0][2]
    assert (final.sold, final.ended_reason) == (3, "sold_out")
    idx = promotions.flash_model.index(0, promotions.flash_model.STATE)
    assert promotions.flash_model.data(idx) == "Sold out"

    # Every action is in the journal, confirmed, with who did it.
    entries = console.session.journal.entries()
    kinds = [e.kind for e in entries]
    for kind in ("add_to_shelf", "put_on_stage", "issue_coupon", "launch_flash_sale"):
        assert kind in kinds
    assert all(e.status == CONFIRMED and e.actor == "测试员" for e in entries)


@pytest.mark.asyncio
async def test_double_click_on_issue_fires_once(console_factory, studio_factory):
    studio = studio_factory("--demo", "--audience", "0")
    settings = studio_settings(studio, confirm_money_actions=False)
    console = await console_factory(settings, token=studio.tokens["assistant"])
    promotions = promotions_of(console.window)
    await until(lambda: promotions.template.count() > 0)
    promotions.issue_button.click()
    promotions.issue_button.click()
    promotions.issue_coupon()  # even a click that slips past the disabled button
    await until(lambda: promotions.coupon_model.rows)
    await asyncio.sleep(0.5)
    r = await http(studio, "GET", f"/api/v1/rooms/{studio.room_id}/coupons")
    assert len(r.json()["items"]) == 1
    assert [e.kind for e in console.session.journal.entries()].count("issue_coupon") == 1


@pytest.mark.asyncio
async def test_failure_says_why_and_retry_reuses_the_key(console_factory, studio_factory):
    studio = studio_factory("--demo", "--audience", "0")
    room = (await http(studio, "POST", "/api/v1/rooms", json={"title": "还没开播"})).json()
    settings = studio_settings(studio, room_id=room["id"], confirm_money_actions=False)
    console = await console_factory(settings, token=studio.tokens["assistant"])
    window = console.window
    await until(lambda: promotions_of(window).template.count() > 0)
    promotions_of(window).issue_coupon()
    await until(lambda: window.notifications.messages(), message="no failure notification")
    text = window.notifications.messages()[0]
    assert "The room is not live yet." in text and "Failed" in text
    (entry,) = console.session.journal.entries()
    key = entry.dispatches[0].idempotency_key
    await http(studio, "POST", f"/api/v1/rooms/{room['id']}/start")
    # The notification's Retry button resends with the same key.
    from PySide6.QtWidgets import QPushButton

    retry = next(b for b in window.notifications.findChildren(QPushButton) if b.text() == "Retry")
    retry.click()
    await until(lambda: console.session.journal.get(entry.id).status == CONFIRMED)
    after = console.session.journal.get(entry.id).dispatches[0]
    assert after.idempotency_key == key and after.attempts == 2
    r = await http(studio, "GET", f"/api/v1/rooms/{room['id']}/coupons")
    assert len(r.json()["items"]) == 1


@pytest.mark.asyncio
async def test_unsupported_actions_are_disabled_with_the_platform_named(console_factory, studio_factory):
    studio, console = await on_demo_studio(console_factory, studio_factory, "assistant", profile="wechat_miniprogram",
                                           connection_name="小程序直播")
    promotions = promotions_of(console.window)
    await until(lambda: shelf_of(console.window).model.rows)
    assert not promotions.issue_button.isEnabled()
    assert "小程序直播" in promotions.issue_button.toolTip() and "coupons" in promotions.issue_button.toolTip()
    assert not promotions.arm_button.isEnabled()
    assert shelf_of(console.window).stage_button.toolTip() == "" or "cannot" not in shelf_of(console.window).stage_button.toolTip()


@pytest.mark.asyncio
async def test_bundled_studio_survives_being_killed(console_factory):
    console = await console_factory()  # no configuration: the bundled demo Studio
    window = console.window
    assert console.session.studio is not None and console.session.studio.running
    await until(lambda: len(shelf_of(window).model.rows) >= 5)
    await until(lambda: console.session.room.state.stream_status is StreamStatus.LIVE)
    port = console.session.studio_info.port
    console.session.studio.kill()
    await until(lambda: console.session.room.state.stream_status in (StreamStatus.RECONNECTING, StreamStatus.CONNECTING),
                10, message="the window never said it was reconnecting")
    assert "reconnecting" in window.header.connection.text() or "connecting" in window.header.connection.text()
    await until(lambda: console.session.room.state.stream_status is StreamStatus.LIVE, 40, message="did not recover")
    assert console.session.studio_info.port == port  # same address: nothing to reconfigure
    await until(lambda: "connected" in window.header.connection.toolTip() and "●" in window.header.connection.text(), 5)
    # And it works again.
    target = shelf_of(window).model.rows[2].product_id
    shelf_of(window).stage_number(3)
    await until(lambda: console.session.room.state.stage_product_id == target, 10)


@pytest.mark.asyncio
async def test_layout_persists_between_runs(console_factory, studio_factory, monkeypatch):
    studio = studio_factory("--demo", "--audience", "0")
    settings = studio_settings(studio)
    console = await console_factory(settings, token=studio.tokens["assistant"])
    window = console.window
    window.docks["journal"].hide()
    window.resize(1100, 700)
    window.save_layout()
    from anchor_console.ui.shell.main_window import MainWindow

    again = MainWindow(console.session)
    assert not again.docks["journal"].isVisibleTo(again) and again.docks["promotions"].isVisibleTo(again) is not None
    assert again._layout_restored
    again.allow_close()
    again.close()
    again.deleteLater()
    # Laid out on this taller screen, then opened on a short one (a 1366×768 laptop at 125 %): the
    # docks as saved would not fit it; it gets the short screen's layout, as a first run there has.
    monkeypatch.setattr(MainWindow, "_screen_is_short", lambda self: True)
    short = MainWindow(console.session)
    assert not short._layout_restored
    short.allow_close()
    short.close()
    short.deleteLater()


def test_settings_never_hold_a_token(tmp_path, memory_keyring):
    from anchor_console.session.settings import save_settings

    settings = studio_settings(type("S", (), {"url": "http://127.0.0.1:1", "room_id": 1})())
    path = tmp_path / "settings.json"
    save_settings(settings, path)
    raw = path.read_text()
    assert "token" not in json.loads(raw)["connections"][0]


@pytest.mark.asyncio
async def test_flash_sale_arms_from_the_form_and_fires_with_f8(console_factory, studio_factory):
    studio, console = await on_demo_studio(console_factory, studio_factory, "assistant")
    window = console.window
    form = promotions_of(window).flash
    await until(lambda: form.product.count() > 1)
    # Another product brings its own defaults: 70 % of its price, half of what it holds (at most 100).
    choose(form.product, "1002")
    sku = console.session.room.state.shelf_item("1002").product.sku(form.sku.currentData())
    assert round(form.price.value() * 100) == round(sku.price_fen * 0.7)
    assert form.stock.value() == min(100, sku.stock // 2) and form.stock.maximum() == sku.stock   # headroom
    form.price.setValue(50.0)
    form.stock.setValue(7)
    choose(form.product, "1003")
    other = console.session.room.state.shelf_item("1003").product.sku(form.sku.currentData())
    assert round(form.price.value() * 100) == round(other.price_fen * 0.7) and form.stock.value() != 7
    form.stock.setValue(2)
    form.countdown.setValue(0)
    promotions_of(window).arm_button.click()
    bar = armed_bar_of(window)
    assert bar.isVisible() and "FIRE" in bar.fire_button.text()
    # F8 fires from anywhere in the window, through the money confirmation.
    window.activateWindow()
    QTest.keyClick(window, Qt.Key.Key_F8)
    await confirm_money_action()
    await until(lambda: promotions_of(window).flash_model.rows, message="flash sale not shown")
    entry = next(e for e in console.session.journal.entries() if e.kind == "launch_flash_sale")
    assert entry.origin == "key"
    await until(lambda: not bar.isVisible(), message="still armed after the platform confirmed")
    # Editing the form after arming disarms (what is armed must be what is on screen).
    form.stock.setValue(1)
    choose(form.product, "1006")
    promotions_of(window).arm_button.click()
    assert bar.isVisible()
    form.limit.setValue(2)
    assert not bar.isVisible() and console.session.flash_sale.armed is None


@pytest.mark.asyncio
async def test_an_action_still_out_is_not_offered_again_and_a_press_after_no_answer_says_what_it_sent(
        console_factory, studio_factory):
    from anchor_console.ui.journal.journal_panel import JournalFeature

    studio, console = await on_demo_studio(console_factory, studio_factory, "assistant", confirm_money_actions=False)
    window, session = console.window, console.session
    platform = session.room.primary.platform
    issue, answer, lost = platform.issue_coupon, asyncio.Event(), []

    async def slow_then_lost(*args, **kw):   # Studio issues the batch; the answer is slow, then lost
        batch = await issue(*args, **kw)
        if not lost:
            await answer.wait()
            lost.append(batch)
            raise OutcomeUnknown("answer lost", platform=platform.display_name)
        return batch

    platform.issue_coupon = slow_then_lost
    promotions = promotions_of(window)
    await until(lambda: promotions.template.count() > 0)
    promotions.issue_coupon()
    await until(lambda: session.journal.entries(money_only=True), message="the coupon was not journalled")
    (entry,) = session.journal.entries(money_only=True)
    journal = window.feature(JournalFeature).panel
    window.show_dock("journal")
    await until(lambda: any(e.id == entry.id for e in journal.model.entries), message="the journal does not list it")
    journal.view.selectRow(next(i for i, e in enumerate(journal.model.entries) if e.id == entry.id))
    assert not journal.retry_button.isEnabled() and "Still out" in journal.retry_button.toolTip()
    answer.set()
    await until(lambda: any(m.startswith("No answer yet") for m in window.notifications.messages()),
                message="no answer was not told")
    await until(lambda: journal.retry_button.isEnabled(), message="Send again is not offered once it came back")
    assert "Still out" not in journal.retry_button.toolTip()
    promotions.issue_coupon()   # pressed again: that batch, sent again under its key — and said so
    await until(lambda: "sent again with its key" in window.statusBar().currentMessage(),
                message="the status line does not say the earlier request was sent again")
    assert session.journal.get(entry.id).status == CONFIRMED and len(session.journal.entries(money_only=True)) == 1
    r = await http(studio, "GET", f"/api/v1/rooms/{studio.room_id}/coupons")
    assert len(r.json()["items"]) == 1
