"""A flash sale on the anchor's presenter view: a band of its own beside the product on stage, with
a big countdown to its start, then to its end, the sale price and how many are left — readable
from a couple of metres, not one item among the stage figures."""

from __future__ import annotations

import pytest

from anchor_console.domain.models import FlashSaleSpec
from anchor_console.domain.money import format_money
from anchor_console.room.commands import LaunchFlashSale
from support.screenshots import shot
from support.studio import on_demo_studio
from support.waiting import until
from support.window import show_of


def count_seconds(text: str) -> int:
    minutes, seconds = text.split(":")
    return int(minutes) * 60 + int(seconds)


@pytest.mark.asyncio
async def test_a_flash_sale_has_its_own_band_with_countdown_price_and_stock(console_factory, studio_factory):
    studio, console = await on_demo_studio(console_factory, studio_factory, "assistant")
    session = console.session
    room = session.room
    await until(lambda: room.state.stage_product_id, 10, message="nothing on stage")
    presenter = show_of(console.window).open_presenter()
    presenter.resize(1280, 720)
    assert presenter.flash_band.isHidden()   # no sale, no band
    pid = room.state.stage_product_id
    sku = room.flash_sale_product(pid).skus[0]
    price = sku.price_fen * 7 // 10
    session.settings.confirm_money_actions = False
    assert session.actions.run(LaunchFlashSale(FlashSaleSpec(pid, sku.id, price, 20, 1, countdown_s=3,
                                                             duration_s=120)))
    await until(lambda: presenter.flash_band.isVisible(), 10, message="no flash sale band")
    assert 0 < count_seconds(presenter.flash_countdown.text()) <= 3, presenter.flash_countdown.text()
    assert presenter.flash_price.text() == format_money(price)
    assert presenter.flash_left.text() == presenter.tr("{left} of {stock} left").format(left=20, stock=20)
    assert format_money(price) not in presenter.stage_figures.text()   # said once, in its band
    # Big: the countdown is the largest text after the segment's, the price as large as the product's name.
    size = lambda label: label.font().pixelSize()   # noqa: E731
    assert size(presenter.flash_countdown) >= 0.1 * presenter.height() > size(presenter.stage_name)
    assert size(presenter.flash_price) >= size(presenter.stage_name)
    assert not presenter.flash_band.property("live")
    await shot(presenter, "presenter flash sale soon")
    # It opens: the band counts down to its end now.
    await until(lambda: presenter.flash_band.property("live"), 15, message="the sale did not go live on the band")
    assert 100 < count_seconds(presenter.flash_countdown.text()) <= 120, presenter.flash_countdown.text()
    assert presenter.flash_caption.text() == presenter.tr("FLASH SALE ON · ends in")
    await shot(presenter, "presenter flash sale on")
    presenter.close()
