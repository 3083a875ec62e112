"""Trusted viewers, all of them: who the automatic rules never act on, on which platform account and
since when — and Stop trusting, for one trusted by mistake who may not comment again."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout

from anchor_console.moderation.desk import CommentDesk
from anchor_console.ui.common.display import display_text
from anchor_console.ui.common.widgets import dialog_buttons, fit_to_screen, plain_label


class TrustedViewersDialog(QDialog):
    def __init__(self, parent, desk: CommentDesk, platform_name=lambda connection_id: connection_id) -> None:
        super().__init__(parent)
        self.desk = desk
        self._platform_name = platform_name
        self.setWindowTitle(self.tr("Trusted viewers"))
        self.setObjectName("trusted-viewers")
        fit_to_screen(self, 520, 420)
        self.list = QListWidget(self)
        self.empty = plain_label(self.tr("No trusted viewers. Trust one from a viewer's card (double-click a "
                                         "comment): the automatic rules then never act on them."), self, wrap=True)
        self.stop = QPushButton(self.tr("Stop trusting"), self)
        self.stop.clicked.connect(self._stop_trusting)
        self.list.currentRowChanged.connect(lambda row: self.stop.setEnabled(row >= 0))
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.stop)
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label(self.tr("The automatic rules never act on these viewers, in any room on the "
                                             "same platform account. You still can, by hand."), self, wrap=True))
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty)
        layout.addLayout(row)
        layout.addWidget(dialog_buttons(self))
        self._refill()

    def _refill(self) -> None:
        self.list.clear()
        for v in self.desk.trusted.viewers():
            since = time.strftime("%Y-%m-%d", time.localtime(v.since))
            item = QListWidgetItem(self.tr("{nickname} · {id} · {platform} · since {date}").format(
                nickname=display_text(v.nickname, 40), id=display_text(v.user_id, 40),
                platform=self._platform_name(v.connection_id), date=since))
            item.setData(Qt.ItemDataRole.UserRole, v)
            self.list.addItem(item)
        self.empty.setVisible(self.list.count() == 0)
        self.list.setVisible(self.list.count() > 0)
        self.stop.setEnabled(self.list.currentRow() >= 0)

    def _stop_trusting(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        row = self.list.currentRow()
        self.desk.distrust(item.data(Qt.ItemDataRole.UserRole))
        self._refill()
        if self.list.count():
            self.list.setCurrentRow(min(row, self.list.count() - 1))
