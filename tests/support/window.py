"""The console window as a test reaches it: its features, dialogs it opens, confirmations."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QMessageBox

from support.waiting import until


def find_dialog(object_name: str):
    for w in QApplication.topLevelWidgets():
        if w.objectName() == object_name and w.isVisible():
            return w
    return None


async def confirm_money_action(timeout: float = 5.0) -> None:
    box = await until(lambda: find_dialog("confirm-money-action"), timeout, message="no confirmation dialog")
    box.button(QMessageBox.StandardButton.Yes).click()


# The window's features, as a test reaches them ------------------------------------------------

def shelf_of(window):
    from anchor_console.ui.shelf.shelf_panel import ShelfFeature

    return window.feature(ShelfFeature).panel


def promotions_of(window):
    from anchor_console.ui.promotions.promotions_panel import PromotionsFeature

    return window.feature(PromotionsFeature).panel


def comments_of(window):
    from anchor_console.ui.comments.feature import CommentsFeature

    return window.feature(CommentsFeature)


def show_of(window):
    from anchor_console.ui.show.feature import ShowFeature

    return window.feature(ShowFeature)


def armed_bar_of(window):
    from anchor_console.ui.promotions.promotions_panel import PromotionsFeature

    return window.feature(PromotionsFeature).armed_bar


def open_connections(console):
    """The console's Connections dialog, open."""
    from anchor_console.ui.settings.connections_dialog import ConnectionsDialog

    dialog = ConnectionsDialog(console.session, console.window)
    dialog.open()
    return dialog


def choose(combo, data) -> None:
    """Pick an entry the way a person does (activated, not only the current index)."""
    index = combo.findData(data)
    assert index >= 0, f"{data!r} is not offered"
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def type_into(line, text: str) -> None:
    """Type the way a person does (textEdited, not only the text set: it is what dialogs listen to)."""
    line.setText(text)
    line.textEdited.emit(text)
