"""Fire mashed: the clicks after the money confirmation closed do not land on the shelf under it —
two of them there were a double click, which put the product under the box on stage."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from anchor_console.room.commands import IssueCoupon
from support.studio import on_demo_studio
from support.waiting import until
from support.window import find_dialog, shelf_of


def double_click(widget, pos) -> None:
    """Press, release, press as a double click, release: as a mouse sends them, with the screen
    position the guard goes by (QTest's offscreen events carry another)."""
    left = Qt.MouseButton.LeftButton
    at, screen = QPointF(pos), QPointF(widget.mapToGlobal(pos))
    up, T = Qt.MouseButton.NoButton, QEvent.Type
    for kind, buttons in ((T.MouseButtonPress, left), (T.MouseButtonRelease, up), (T.MouseButtonDblClick, left),
                          (T.MouseButtonRelease, up)):
        QApplication.sendEvent(widget, QMouseEvent(kind, at, screen, left, buttons, Qt.KeyboardModifier.NoModifier))


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
        row = shelf.view.visualRect(shelf.model.index(1, 0)).center()
        under = shelf.view.viewport().mapToGlobal(row)   # the box over the second row, as a box lies over a panel
        box.move(under.x() - box.width() // 2, under.y() - box.height() // 2)
        box.button(QMessageBox.StandardButton.Yes).click()
        await until(lambda: guards, 5, message="no guard after the box closed")
        double_click(shelf.view.viewport(), row)
        assert not toggled
        elsewhere = shelf.view.viewport().mapFromGlobal(box.frameGeometry().bottomRight()) + QPoint(40, 40)
        if shelf.view.viewport().rect().contains(elsewhere) and shelf.view.indexAt(elsewhere).isValid():
            double_click(shelf.view.viewport(), elsewhere)   # away from where the box was: it goes through
            assert toggled
            toggled.clear()
        await until(lambda: not guards[0].active, 5, message="the guard never went")
        double_click(shelf.view.viewport(), row)
        assert toggled
    finally:
        click_guard.ClickThroughGuard.__init__ = made
