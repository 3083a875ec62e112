"""The comment feed's right-click menu: what the one-letter keys do, for the mouse, each named with
its key so the keys are learnt from it. Actions this seat's role may not take are shown greyed with
the reason; approve and reject only for a held comment."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QMenu

from anchor_console.moderation.desk import CommentState
from anchor_console.moderation.wordlists import Action
from anchor_console.ui.common.i18n import tr_text

if TYPE_CHECKING:
    from anchor_console.ui.comments.feed_panel import CommentsPanel


def comment_menu(panel: CommentsPanel) -> QMenu | None:
    """The menu for the feed's selected comment (None without one); opened with popup(), never exec()."""
    item = panel.selected()
    if item is None:
        return None
    menu = QMenu(panel.view)
    menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    menu.setObjectName("comment-menu")

    def add(text: str, key: str, slot, kind: str | None = None) -> QAction:
        action = menu.addAction(text)
        action.setShortcut(QKeySequence(key))   # shown beside it; the feed's own shortcut does the work
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        action.setShortcutVisibleInContextMenu(True)
        if kind is not None:
            allowed, why = panel.session.may(kind)
            action.setEnabled(allowed)
            if why is not None:
                action.setToolTip(tr_text(why))
        action.triggered.connect(lambda _checked: slot())   # triggered's `checked` is no argument of theirs
        return action

    add(QCoreApplication.translate("CommentsPanel", "Viewer card…"), "U", panel.open_user_card)
    menu.addSeparator()
    if item.record.state is CommentState.HELD:
        add(QCoreApplication.translate("CommentsPanel", "Approve"), "A", panel.approve)
        add(QCoreApplication.translate("CommentsPanel", "Reject"), "R", panel.reject)
        menu.addSeparator()
    add(QCoreApplication.translate("CommentsPanel", "Delete"), "D", lambda: panel.act(Action.DELETE), "delete_comment")
    add(QCoreApplication.translate("CommentsPanel", "Hide here"), "H", lambda: panel.act(Action.HIDE_LOCAL))
    add(QCoreApplication.translate("CommentsPanel", "Pin"), "P", panel.pin, "pin_comment")
    menu.addSeparator()
    add(QCoreApplication.translate("CommentsPanel", "Mute 10 min"), "M", lambda: panel.act(Action.MUTE, 10),
        "mute_viewer")
    add(QCoreApplication.translate("CommentsPanel", "Mute 60 min"), "Shift+M", lambda: panel.act(Action.MUTE, 60),
        "mute_viewer")
    add(QCoreApplication.translate("CommentsPanel", "Ban"), "B", lambda: panel.act(Action.BAN), "ban_viewer")
    menu.addSeparator()
    text = item.comment.text
    copy = menu.addAction(QCoreApplication.translate("CommentsPanel", "Copy text"))
    copy.triggered.connect(lambda: QGuiApplication.clipboard().setText(text))
    return menu
