"""While a money confirmation is up, the button that asked for it is off but does not say the action
is out ("Firing…", "Sending…", "Issuing…"): nothing is, and Cancel sends nothing."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from support.studio import on_demo_studio
from support.waiting import until
from support.window import armed_bar_of, find_dialog, promotions_of


def giveaways_of(window):
    from anchor_console.ui.giveaways.giveaways_panel import GiveawaysFeature

    return window.feature(GiveawaysFeature).panel


async def asked_then_cancelled(button, idle_text: str) -> None:
    button.click()
    box = await until(lambda: find_dialog("confirm-money-action"), 5, message="no money confirmation")
    assert not button.isEnabled() and button.text() == idle_text
    box.button(QMessageBox.StandardButton.Cancel).click()
    await until(lambda: button.isEnabled(), 5, message="the button stayed off after Cancel")
    assert button.text() == idle_text


@pytest.mark.asyncio
async def test_buttons_say_what_they_do_while_their_confirmation_is_up(console_factory, studio_factory):
    studio, console = await on_demo_studio(console_factory, studio_factory, "assistant")
    window = console.window
    promotions = promotions_of(window)
    await until(lambda: promotions.template.count() > 0 and promotions.flash.product.count() > 1)
    await asked_then_cancelled(promotions.issue_button, "Issue coupons")
    promotions.flash.countdown.setValue(0)
    promotions.arm_button.click()
    bar = armed_bar_of(window)
    await until(lambda: console.session.flash_sale.armed is not None, 5, message="not armed")
    await asked_then_cancelled(bar.fire_button, "FIRE flash sale (F8)")
    panel = giveaways_of(window)
    panel.tabs.setCurrentIndex(1)
    panel.packet_form.total.setValue(12.34)
    panel.packet_form.count.setValue(5)
    await asked_then_cancelled(panel.send_button, "Send red packet…")
    assert not [e for e in console.session.journal.entries(limit=20) if e.money]
