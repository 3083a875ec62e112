"""Fire mashed: the clicks after the money confirmation closed do not land on the shelf under it —
two of them there were a double click, which put the product under the box on stage."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from anchor_console.room.commands import IssueCoupon
from support.studio import on_demo_studio
from support.waiting import until
from support.window import find_dialog, shelf_of


def double_click(widget, pos) -> None:
    """Press, release, then the double click: as a mouse sends it (an item view acts on the second
    press only where the first one pressed)."""
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos)
    QTest.mouseDClick(widget, Qt.MouseButton.LeftButton, pos=pos)


@pytest.mark.asyncio
async def test_clicks_right_after_fire_do_not_land_under_the_box_and_later_ones_do(console_factory, studio_factory):
    from anchor_console.ui.common import click_guard

    studio, console = await on_demo_studio(console_factory, studio_factory, "assistant")
    shelf = shelf_of(console.window)
    await until(lambda: len(shelf.model.rows) >= 3)
    toggled = []
    shelf.toggle_stage = lambda: toggled.append(1)   # what a double click on a shelf row does
    guards = []
    made = click_guard.ClickThroughGuard.__init__

    def kept(self, *args, **kwargs):
        made(self, *args, **kwargs)
        guards.append(self)

    click_guard.ClickThroughGuard.__init__ = kept
    try:
        assert console.session.actions.run(IssueCoupon("1", 10, 30))
        box = await until(lambda: find_dialog("confirm-money-action"), 5)
        box.button(QMessageBox.StandardButton.Yes).click()
        await until(lambda: guards, 5, message="no guard after the box closed")
        row = shelf.view.visualRect(shelf.model.index(1, 0)).center()
        double_click(shelf.view.viewport(), row)
        assert not toggled
        await until(lambda: not guards[0].active, 5, message="the guard never went")
        double_click(shelf.view.viewport(), row)
        assert toggled
    finally:
        click_guard.ClickThroughGuard.__init__ = made
