"""Reviews in the console: the review (复盘) of a show opens when the show ends, and "Past shows…"
(File menu, Ctrl+Shift+R) lists every recorded show — newest first, rehearsals marked, a record that
cannot be read listed with its problem — and opens the review of any of them."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QColor, QKeySequence
from PySide6.QtWidgets import (
    QDialog, QHBoxLayout, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout,
)

from anchor_console.domain.clock import format_clock
from anchor_console.domain.money import format_money
from anchor_console.domain.text import os_error_words
from anchor_console.session.review_history import PastShow, past_shows
from anchor_console.ui.common.feature import FeatureBase
from anchor_console.ui.common.i18n import count_text, tr_text
from anchor_console.ui.common.widgets import bring_to_front, fit_to_screen, plain_label, plain_tooltip, row_table
from anchor_console.ui.review.review_window import ReviewWindow

log = logging.getLogger("anchor_console.ui.review")


class PastShowsDialog(QDialog):
    def __init__(self, window, open_review) -> None:
        super().__init__(window)
        self.window = window
        self.session = window.session
        self.open_review = open_review
        self.shows: list[PastShow] = []
        self.setObjectName("past-shows")
        self.setWindowTitle(self.tr("Past shows"))
        self.status = plain_label(self.tr("Reading the records…"), self)
        self.table = QTableWidget(self)
        self.table.setColumnCount(7)
        self.table.setHorizontalHeaderLabels([self.tr("Started"), self.tr("Show"), self.tr("Kind"), self.tr("Length"),
                                              self.tr("GMV"), self.tr("Orders"), self.tr("Problem")])
        row_table(self.table, stretch=(), fit=())
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda index: self.open_row(index.row()))
        self.open_button = QPushButton(self.tr("Open review"), self)
        self.open_button.setDefault(True)
        self.open_button.clicked.connect(lambda: self.open_row(self.table.currentRow()))
        close = QPushButton(self.tr("Close"), self)
        close.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        fit_to_screen(self, 900, 520, near=window)

    def reload(self) -> None:
        self.session.tasks.spawn(self._load(), name="past-shows", key="past-shows")

    async def _load(self) -> None:
        try:
            shows = await asyncio.to_thread(past_shows, self.session.paths.show_records)
        except OSError as exc:
            self.status.setText(self.tr("The records cannot be listed: {why}").format(why=os_error_words(exc)))
            return
        self.show_list(shows)

    def show_list(self, shows: list[PastShow]) -> None:
        self.shows = shows
        self.table.setRowCount(len(shows))
        record = self.session.recorder.record   # the show being recorded has not ended: it is on now
        now_on = record.path.resolve() if record is not None else None
        for r, s in enumerate(shows):
            started = datetime.fromtimestamp(s.wall_started_at).strftime("%Y-%m-%d %H:%M") if s.wall_started_at else ""
            kind = self.tr("unreadable") if s.problem else self.tr("rehearsal") if s.rehearsal else self.tr("live")
            if not s.ended and not s.problem:
                kind += self.tr(" (on now)") if s.path.resolve() == now_on else self.tr(" (interrupted)")
            cells = [started, s.title or s.path.stem, kind, format_clock(s.length_s) if s.length_s else "—",
                     format_money(s.totals.get("gmv_fen", 0)) if not s.problem else "",
                     f"{s.totals.get('orders', 0):,}" if not s.problem else "", tr_text(s.problem)]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if s.problem:
                    item.setForeground(QColor("#c62828"))
                    item.setToolTip(plain_tooltip(tr_text(s.problem)))
                elif s.rehearsal:
                    item.setForeground(QColor("#ef6c00"))
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self.status.setText(count_text(len(shows), self.tr("{n} show recorded"), self.tr("{n} shows recorded")) if shows
                            else self.tr("No show has been recorded yet."))
        if shows:
            self.table.selectRow(0)

    def open_row(self, row: int) -> ReviewWindow | None:
        if not 0 <= row < len(self.shows):
            return None
        return self.open_review(self.shows[row].path)

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        self.session.tasks.cancel("past-shows")
        super().closeEvent(event)


class ReviewFeature(FeatureBase):
    def __init__(self, window) -> None:
        self.window = window
        self.session = window.session
        self.reviews: dict[Path, ReviewWindow] = {}
        self.past: PastShowsDialog | None = None
        action = QAction(QCoreApplication.translate("MainWindow", "&Past shows…"), window)
        action.setShortcut(QKeySequence("Ctrl+Shift+R"))
        action.triggered.connect(self.open_past_shows)
        window.add_menu_action("file", action)
        self._unhear = self.session.recorder.ended.connect(self.open_review)

    def open_review(self, path: Path) -> ReviewWindow:
        """The review of the record at `path` (the window already open for it, if any)."""
        path = Path(path)
        review = self.reviews.get(path)
        if review is None:
            review = ReviewWindow(self.window, path)
            review.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
            self.reviews[path] = review
        return bring_to_front(review, focus=True)

    def open_past_shows(self) -> PastShowsDialog:
        if self.past is None:
            self.past = PastShowsDialog(self.window, self.open_review)
        bring_to_front(self.past).reload()
        return self.past

    def stop(self) -> None:
        self._unhear()
        for review in self.reviews.values():
            review.stop()
            review.close()
        if self.past is not None:
            self.past.close()
