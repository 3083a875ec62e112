"""The assistant's money desk — the flash-sale form and the shelf — following the room."""

from __future__ import annotations

import httpx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from support.screenshots import shot
from support.studio import on_demo_studio
from support.waiting import until
from support.window import armed_bar_of, choose, promotions_of, shelf_of, show_of


async def patch_sku(studio, sku_id, **body):
    async with httpx.AsyncClient(base_url=studio.url, headers=studio.headers("anchor"), timeout=10) as c:
        r = await c.patch(f"/api/v1/skus/{sku_id}", json=body)
        assert r.status_code == 200, r.text


async def assistant_seat(console_factory, studio_factory):
    """Studio's demo room at the assistant's seat, money actions sent without a confirmation box:
    (studio, console)."""
    return await on_demo_studio(console_factory, studio_factory, "assistant", confirm_money_actions=False)


async def flash_sale_form_on(console_factory, studio_factory, product_id: str):
    """The assistant's seat on Studio's demo room with the flash sale form on `product_id`:
    (studio, console, promotions panel)."""
    studio, console = await on_demo_studio(console_factory, studio_factory, "assistant")
    promotions = promotions_of(console.window)
    await until(lambda: promotions.flash.product.count() > 1)
    choose(promotions.flash.product, product_id)
    return studio, console, promotions


@pytest.mark.asyncio
async def test_the_flash_sale_form_follows_its_sku_selling_out_and_coming_back(console_factory, studio_factory):
    studio, console, promotions = await flash_sale_form_on(console_factory, studio_factory, "1003")
    window, room, form = console.window, console.session.room, promotions.flash
    sku_id = form.sku.currentData()
    sku = room.state.shelf_item("1003").product.sku(sku_id)
    assert form.stock.value() == min(100, sku.stock // 2)   # headroom for the orders before Arm

    await patch_sku(studio, sku_id, stock=0)   # sold out while the form is open
    await until(lambda: "stock 0" in form.sku.currentText(), message="the SKU list did not follow")
    assert (form.stock.value(), form.stock.maximum()) == (0, 0)
    promotions.arm_button.click()
    assert console.session.flash_sale.armed is None
    assert any("sold out" in m for m in window.notifications.messages())

    await patch_sku(studio, sku_id, stock=250, price_fen=sku.price_fen * 2)   # restocked, dearer
    await until(lambda: "stock 250" in form.sku.currentText(), message="the SKU list did not follow")
    assert (form.stock.value(), form.stock.maximum()) == (100, 250)
    assert form.price.maximum() == (sku.price_fen * 2 - 1) / 100
    form.price.setValue((sku.price_fen + 100) / 100)   # above the old price, below the new one
    assert round(form.price.value() * 100) == sku.price_fen + 100


@pytest.mark.asyncio
async def test_a_product_chosen_offers_a_size_that_can_still_sell_and_one_not_armed_bar(
        console_factory, studio_factory):
    """Its first SKU sold out: choosing the product offers the first SKU with stock, not the sold-out
    one at stock 0; Arm refused again and again says so in one bar, not a growing pile."""
    studio, console, promotions = await flash_sale_form_on(console_factory, studio_factory, "1003")
    window, room, form = console.window, console.session.room, promotions.flash
    skus = room.state.shelf_item("1003").product.skus
    assert len(skus) > 1 and skus[1].stock > 0
    await patch_sku(studio, skus[0].id, stock=0)
    await until(lambda: room.state.shelf_item("1003").product.skus[0].stock == 0)
    choose(form.product, "1002")
    choose(form.product, "1003")
    assert form.sku.currentData() == skus[1].id and form.stock.value() > 0
    form.sku.setCurrentIndex(0)   # the operator's choice stands, sold out or not
    assert form.sku.currentData() == skus[0].id
    for _ in range(3):
        promotions.arm_button.click()
    assert console.session.flash_sale.armed is None
    assert len([m for m in window.notifications.messages() if m.startswith("Not armed")]) == 1


async def studio_call(studio, method, path, **kw):
    async with httpx.AsyncClient(base_url=studio.url, headers=studio.headers("anchor"), timeout=10) as c:
        r = await c.request(method, f"/api/v1/rooms/{studio.room_id}{path}", **kw)
        assert r.status_code < 300, r.text


@pytest.mark.asyncio
async def test_a_refused_stage_leaves_the_button_as_the_room_is_and_says_why(console_factory, studio_factory):
    studio, console = await assistant_seat(console_factory, studio_factory)
    window, room = console.window, console.session.room
    shelf = shelf_of(window)
    await until(lambda: len(shelf.model.rows) > 3)
    item = shelf.model.rows[2]
    await studio_call(studio, "PUT", f"/shelf/{item.product_id}/sale", json={"on_sale": False})
    await until(lambda: not room.state.shelf_item(item.product_id).on_sale)
    shelf.select_product(item.product_id)
    assert not shelf.stage_button.isChecked()
    shelf.stage_button.click()   # the platform refuses: it is off sale
    await until(lambda: any(e.kind == "put_on_stage" and e.status not in ("pending", "sending")
                            for e in console.session.journal.entries()), message="no answer journalled")
    await until(lambda: not console.session.actions.is_pending(f"product:{item.product_id}"))
    assert room.state.stage_product_id != item.product_id
    assert not shelf.stage_button.isChecked()


@pytest.mark.asyncio
async def test_the_presenter_shows_the_stock_the_shelf_shows_where_the_platform_does_not_report_it(
        console_factory, studio_factory):
    from support.wechat import emulated_console

    studio = studio_factory("--demo", "--audience", "0")
    console = await emulated_console(console_factory, studio, confirm_money_actions=False)
    window, session = console.window, console.session
    await until(lambda: session.room is not None and all(s.loaded for s in session.room.states.values())
                and "shop" in session.room.platform_ids and session.room.state.shelf, 40,
                message="the room on both WeChat platforms did not load")
    shelf = shelf_of(window)
    item = next(it for it in session.room.state.shelf if it.on_sale and (shelf._stock_of(it) or 0) > 0)

    def selected() -> bool:   # the panel draws the room's shelf a moment after the room has it
        shelf.select_product(item.product_id)
        chosen = shelf.selected_item()
        return shelf.room is not None and chosen is not None and chosen.product_id == item.product_id

    await until(selected, 10, message="the product cannot be chosen on the shelf")
    shelf.toggle_stage()
    await until(lambda: session.room.state.stage_product_id == item.product_id, 20, message="not on stage")
    presenter = show_of(window).open_presenter()
    presenter.render_stage()
    stock = shelf._stock_of(session.room.state.shelf_item(item.product_id))
    assert presenter.stage_alarm.isHidden(), presenter.stage_alarm.text()
    assert f"Stock {stock}" in presenter.stage_figures.text()


@pytest.mark.asyncio
async def test_enter_in_the_catalog_lists_the_selected_product(console_factory, studio_factory):
    studio, console = await on_demo_studio(console_factory, studio_factory, "assistant")
    window, shelf = console.window, shelf_of(console.window)
    await until(lambda: len(shelf.model.rows) == 10 and len(shelf.catalog_model.rows) > 1)
    window.activateWindow()
    shelf.tabs.setCurrentIndex(shelf.tabs.indexOf(shelf.catalog_view.parentWidget()))
    shelf.catalog_view.setFocus()
    shelf.catalog_view.selectRow(1)
    product = shelf.catalog_model.rows[1]
    QTest.keyClick(shelf.catalog_view, Qt.Key.Key_Return)   # no mouse: the List button takes no focus
    await until(lambda: console.session.room.state.shelf_item(product.id) is not None, 10,
                message="Enter did not list the product")
    await until(lambda: [e.origin for e in console.session.journal.entries() if e.kind == "add_to_shelf"], 10,
                message="the listing was not journalled")


@pytest.mark.asyncio
async def test_a_refused_removal_offers_no_undo_and_does_not_say_it_was_taken_off(console_factory, studio_factory):
    from anchor_console.domain.text import Text
    from anchor_console.platforms.errors import Conflict

    studio, console = await on_demo_studio(console_factory, studio_factory, "assistant")
    window, shelf, session = console.window, shelf_of(console.window), console.session
    await until(lambda: len(shelf.model.rows) >= 3)
    platform = session.room.primary.platform

    async def refused(*_a, **_kw):
        raise Conflict(Text("", "A product with a running flash sale cannot be removed."), platform="Studio")

    platform.remove_from_shelf = refused
    item = shelf.model.rows[1]
    shelf.select_product(item.product_id)
    shelf.view.setFocus()
    QTest.keyClick(shelf.view, Qt.Key.Key_Delete)
    await until(lambda: any(m.startswith("Failed") for m in window.notifications.messages()), 10,
                message="the refusal was not told")
    assert session.room.state.shelf_item(item.product_id) is not None
    assert not [m for m in window.notifications.messages() if "taken off the shelf" in m]


@pytest.mark.asyncio
async def test_a_sale_armed_from_elsewhere_does_not_take_the_keys_from_what_the_assistant_types(
        console_factory, studio_factory):
    from PySide6.QtWidgets import QApplication

    from anchor_console.domain.models import FlashSaleSpec

    studio, console = await assistant_seat(console_factory, studio_factory)
    window, session, shelf = console.window, console.session, shelf_of(console.window)
    await until(lambda: len(shelf.model.rows) >= 3)
    item = session.room.state.shelf_item("1003")
    sku = item.product.skus[0]
    window.activateWindow()
    shelf.search.setFocus()
    QTest.keyClicks(shelf.search, "XL")
    # Armed through the control API (a stream deck, another tool) while the assistant types.
    assert session.flash_sale.arm(FlashSaleSpec("1003", sku.id, sku.price_fen // 2, 1)) == []
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    assert shelf.search.text() == "XL "
    assert not session.actions.is_pending("launch_flash_sale")
    assert not [e for e in session.journal.entries() if e.kind == "launch_flash_sale"]
    # Armed from the form, FIRE takes the focus: Arm, then Space, from the keyboard.
    session.flash_sale.disarm()
    promotions = promotions_of(window)
    choose(promotions.flash.product, "1003")
    promotions.arm_button.setFocus()
    QTest.keyClick(promotions.arm_button, Qt.Key.Key_Space)
    assert session.flash_sale.armed is not None
    assert QApplication.focusWidget() is armed_bar_of(window).fire_button


async def stop_with_no_row_chosen(window, stop_button, view, model, ended, what: str) -> None:
    """`stop_button` pressed in a hurry, with no row of `view` chosen, stops the only running one
    (`model`'s first row reaches the `ended` state); pressed again with that ended row chosen, it
    says so. `what`: the button, as a failure names it."""
    view.clearSelection()
    stop_button.click()
    await until(lambda: model.rows[0][2].state == ended, 10, message=f"{what} did nothing")
    view.selectRow(0)
    stop_button.click()
    assert "ended already" in window.statusBar().currentMessage()


@pytest.mark.asyncio
async def test_stop_early_with_no_row_chosen_stops_the_only_running_sale_or_says_what_to_choose(
        console_factory, studio_factory):
    from anchor_console.domain.models import FlashSaleState

    studio, console = await assistant_seat(console_factory, studio_factory)
    window = console.window
    promotions = promotions_of(window)
    await until(lambda: promotions.flash.product.count() > 1)
    promotions.stop_flash_button.click()   # nothing running: it says so
    assert "No flash sale is running" in window.statusBar().currentMessage()
    choose(promotions.flash.product, "1003")
    promotions.flash.stock.setValue(2)
    promotions.flash.countdown.setValue(0)
    promotions.arm_button.click()
    armed_bar_of(window).fire_button.click()
    model = promotions.flash_model
    # Listed as soon as Studio has it; running once the room says so (a moment later on a busy machine).
    await until(lambda: model.rows and model.live_state(model.rows[0][2]) == FlashSaleState.LIVE, 10,
                message="the flash sale is not listed as running")
    await stop_with_no_row_chosen(window, promotions.stop_flash_button, promotions.flash_view, model,
                                  FlashSaleState.ENDED, "Stop early")
    assert model.rows[0][2].ended_reason == "stopped"


@pytest.mark.asyncio
async def test_a_price_set_back_while_the_price_dialog_was_open_is_sent(console_factory, studio_factory):
    from PySide6.QtWidgets import QDialogButtonBox

    from anchor_console.ui.shelf.shelf_panel import PriceDialog

    studio, console = await assistant_seat(console_factory, studio_factory)
    room, shelf = console.session.room, shelf_of(console.window)
    await until(lambda: len(shelf.model.rows) >= 3)
    item = shelf.model.rows[0]
    sku = item.product.skus[0]
    shelf.select_product(item.product_id)
    shelf.change_price()
    dialog = next(w for w in shelf.findChildren(PriceDialog) if w.isVisible())
    assert round(dialog.price.value() * 100) == sku.price_fen
    # Another seat changes the price meanwhile; this assistant wants the old one back.
    await patch_sku(studio, sku.id, price_fen=sku.price_fen + 1000)
    await until(lambda: room.state.shelf_item(item.product_id).product.sku(sku.id).price_fen == sku.price_fen + 1000)
    dialog.price.setValue(sku.price_fen / 100)
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    await until(lambda: room.state.shelf_item(item.product_id).product.sku(sku.id).price_fen == sku.price_fen, 10,
                message="the price was not set back")


@pytest.mark.asyncio
async def test_stop_batch_with_no_row_chosen_stops_the_only_active_batch_or_says_what_to_choose(
        console_factory, studio_factory):
    from anchor_console.domain.models import CouponState

    studio, console = await assistant_seat(console_factory, studio_factory)
    window = console.window
    promotions = promotions_of(window)
    await until(lambda: promotions.template.count() > 0)
    promotions.stop_coupon_button.click()   # nothing issued: it says so
    assert "No coupon batch is active" in window.statusBar().currentMessage()
    promotions.issue_coupon()
    await until(lambda: promotions.coupon_model.rows, 10, message="the batch is not listed")
    await stop_with_no_row_chosen(window, promotions.stop_coupon_button, promotions.coupon_view,
                                  promotions.coupon_model, CouponState.ENDED, "Stop batch")


@pytest.mark.asyncio
async def test_a_sold_out_product_on_stage_says_so_on_the_shelf_even_when_selected(console_factory, studio_factory):
    """Sold out on stage: the State column says it (not "On stage"), in white on red, and the
    selection's colour does not cover it on the chosen row; a low stock stays red there too."""
    from anchor_console.ui.shelf.shelf_models import AlarmRole, SOLD_OUT_BG

    studio, console = await assistant_seat(console_factory, studio_factory)
    window, room = console.window, console.session.room
    shelf = shelf_of(window)
    await until(lambda: room.state.stage_product_id and shelf.model.rows, 10, message="nothing on stage")
    pid = room.state.stage_product_id
    for sku in room.state.shelf_item(pid).product.skus:
        await patch_sku(studio, sku.id, stock=0)
    model = shelf.model
    row = next(i for i, it in enumerate(model.rows) if it.product_id == pid)
    state = lambda: model.data(model.index(row, model.STATE))   # noqa: E731
    await until(lambda: state() == model.tr("● Sold out"), 10, message="the shelf does not say sold out")
    index = model.index(row, model.STATE)
    assert model.data(index, AlarmRole) and model.data(model.index(row, model.STOCK), AlarmRole)
    assert "another product" in model.data(index, Qt.ItemDataRole.ToolTipRole)
    shelf.select_product(pid)
    # One English term for 讲解: the button puts a product "on stage", as the State column says.
    assert shelf.stage_button.text() == "Put on stage" and "(Space)" in shelf.stage_button.toolTip()
    view = shelf.view
    assert view.selectionModel().isRowSelected(shelf.proxy.mapFromSource(index).row())
    # Drawn as the assistant sees it: the State cell red, not the selection's colour.
    rect = view.visualRect(shelf.proxy.mapFromSource(index))
    picture = view.viewport().grab().toImage()
    colour = picture.pixelColor(rect.left() + 2, rect.center().y())
    assert colour.red() > 150 and colour.green() < 80 and colour.blue() < 80, colour.name()
    assert colour.name() == SOLD_OUT_BG.name()
    await shot(window, "shelf-sold-out-on-stage-selected")
