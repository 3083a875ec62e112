"""The journal panel: every action with its time, who did it from which console, what it was,
where it came from (a click, a cue, a moderation rule) and the result on each platform; failed
and unknown actions can be retried with their original idempotency keys."""

from __future__ import annotations

import datetime

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from anchor_console.room.journal import CONFIRMED, FAILED, PENDING, SKIPPED, UNKNOWN, JournalEntry
from anchor_console.ui.common.feature import FeatureBase
from anchor_console.ui.common.i18n import tr_text
from anchor_console.ui.common.table_model import RowsModel
from anchor_console.ui.common.widgets import Throttle

STATUS_COLORS = {CONFIRMED: "#2e7d32", FAILED: "#c62828", UNKNOWN: "#ef6c00", PENDING: "#1565c0", SKIPPED: "#757575"}


def status_text(status: str) -> str:
    return {
        PENDING: QCoreApplication.translate("Actions", "pending"),
        CONFIRMED: QCoreApplication.translate("Actions", "confirmed"),
        FAILED: QCoreApplication.translate("Actions", "failed"),
        UNKNOWN: QCoreApplication.translate("Actions", "outcome unknown"),
        SKIPPED: QCoreApplication.translate("Actions", "not supported"),
    }.get(status, status)


STATUS_MARK = {PENDING: "…", CONFIRMED: "✓", FAILED: "✗", UNKNOWN: "?", SKIPPED: "–"}


def time_text(at: float, fmt: str = "%H:%M:%S") -> str:
    return datetime.datetime.fromtimestamp(at).strftime(fmt)


class JournalModel(RowsModel[JournalEntry]):
    """The newest actions first, at most LIMIT of them."""

    TIME, WHO, WHAT, ORIGIN, RESULT = range(5)
    LIMIT = 1000

    def __init__(self, catalog, parent=None) -> None:
        self.catalog = catalog
        super().__init__(parent)

    def headers(self) -> list[str]:
        return [self.tr("Time"), self.tr("Who"), self.tr("Action"), self.tr("From"), self.tr("Result")]

    @property
    def entries(self) -> list[JournalEntry]:
        return self.rows

    def merge(self, changed: list[JournalEntry]) -> None:
        """Changed or new entries only: a row is updated in place, a new one goes on top, the
        oldest fall off — no reload of the whole list while a spam wave is being deleted."""
        rows = {e.id: i for i, e in enumerate(self.rows)}
        new = []
        for e in changed:
            row = rows.get(e.id)
            if row is None:
                new.append(e)
            else:
                self.rows[row] = e
                self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))
        if new:
            new.sort(key=lambda e: e.created_at, reverse=True)
            self.beginInsertRows(QModelIndex(), 0, len(new) - 1)
            self.rows[:0] = new
            self.endInsertRows()
        if len(self.rows) > self.LIMIT:
            self.beginRemoveRows(QModelIndex(), self.LIMIT, len(self.rows) - 1)
            del self.rows[self.LIMIT:]
            self.endRemoveRows()

    def origin_text(self, origin: str) -> str:
        if origin in ("click", "manual"):  # "manual": journals written before keys were told apart
            return self.tr("click")
        if origin == "key":
            return self.tr("key")
        if origin.startswith("cue:"):
            return self.tr("cue")
        if origin.startswith("moderation"):
            return self.tr("moderation")
        if origin == "lucky-bag":   # the giveaways desk drawing when the countdown ends
            return self.tr("lucky bag")
        return origin

    def result_text(self, e: JournalEntry) -> str:
        return "  ".join(f"{STATUS_MARK.get(d.status, '')} {d.platform}" for d in e.dispatches)

    def cell(self, e: JournalEntry, col: int, role: int):
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.TIME:
                return time_text(e.created_at)
            if col == self.WHO:
                return e.actor
            if col == self.WHAT:
                return ("¥ " if e.money else "") + tr_text(e.describe(self.catalog))
            if col == self.ORIGIN:
                return self.origin_text(e.origin)
            if col == self.RESULT:
                return self.result_text(e)
        if role == Qt.ItemDataRole.ForegroundRole and col == self.RESULT:
            return QColor(STATUS_COLORS.get(e.status, "#000000"))
        if role == Qt.ItemDataRole.ToolTipRole:
            return status_text(e.status)
        return None


class JournalPanel(QWidget):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.session = window.session
        self.model = JournalModel(window.session.catalog, self)
        self.view = QTableView(self)
        self.view.setObjectName("journal-view")
        self.view.setModel(self.model)
        self.view.verticalHeader().hide()
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        h = self.view.horizontalHeader()
        h.setSectionResizeMode(JournalModel.WHAT, QHeaderView.ResizeMode.Stretch)
        for col in (JournalModel.TIME, JournalModel.WHO, JournalModel.ORIGIN, JournalModel.RESULT):
            h.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        # Sized from the visible rows, not all 1,000: otherwise every new entry re-measures every
        # row's text (measured: 100+ ms on the ui thread per update during a spam wave).
        h.setResizeContentsPrecision(0)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self.show_details())
        self.details = QPlainTextEdit(self)  # plain text: platform messages are never rendered as rich text
        self.details.setReadOnly(True)
        self.details.setMaximumBlockCount(200)
        self.details.setMinimumHeight(40)
        self.money_only = QCheckBox(self.tr("Money actions only"), self)
        self.money_only.toggled.connect(lambda _: self.reload())
        self.retry_button = QPushButton(self.tr("Send again"), self)
        self.retry_button.setToolTip(self.tr("Send what failed or got no answer again: the platform applies it "
                                             "once, never twice."))
        self.retry_button.clicked.connect(self.retry_selected)
        bar = QHBoxLayout()
        bar.addWidget(self.money_only)
        bar.addStretch(1)
        bar.addWidget(self.retry_button)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.view)
        split.addWidget(self.details)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        self.details.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(split, 1)
        # Many journal writes in a burst (a spam wave's deletions): the changed entries are merged
        # about three times a second.
        self._reload_timer = Throttle(300, self._apply_changes, self)
        window.session.journal.changed.connect(self._changed)
        self._changed_ids: set[str] = set()
        self.reload()

    def stop(self) -> None:
        self._reload_timer.stop()
        self._stopped = True

    def _changed(self, action_id: str) -> None:
        self._changed_ids.add(action_id)
        self._reload_timer.poke()

    def _apply_changes(self) -> None:
        journal = self.session.journal
        ids, self._changed_ids = self._changed_ids, set()
        if journal is None or getattr(self, "_stopped", False) or not ids:
            return
        money_only = self.money_only.isChecked()
        changed = [e for e in journal.get_many(ids) if e.money or not money_only]
        selected = self.selected()
        self.model.merge(changed)
        if selected is not None and selected.id in ids:
            self.show_details()

    def reload(self) -> None:
        journal = self.session.journal
        self._changed_ids.clear()
        if journal is None or getattr(self, "_stopped", False):
            return
        selected = self.selected()
        self.model.set_rows(journal.entries(limit=JournalModel.LIMIT, money_only=self.money_only.isChecked()))
        if selected is not None:
            for row, e in enumerate(self.model.entries):
                if e.id == selected.id:
                    self.view.selectRow(row)
                    break
        self.show_details()

    def selected(self) -> JournalEntry | None:
        sm = self.view.selectionModel()
        rows = sm.selectedRows() if sm else []
        return self.model.entries[rows[0].row()] if rows and rows[0].row() < len(self.model.entries) else None

    def show_details(self) -> None:
        e = self.selected()
        if e is None:
            self.details.setPlainText("")
            self.details.hide()  # the list gets the room until an action is selected
            self.retry_button.setEnabled(False)
            return
        self.details.show()
        lines = [tr_text(e.describe(self.session.catalog)),
                 self.tr("{time} · {who} · console {console} · {origin}").format(
                     time=time_text(e.created_at, "%Y-%m-%d %H:%M:%S"),
                     who=e.actor, console=e.console_id, origin=self.model.origin_text(e.origin)), ""]
        for d in e.dispatches:
            line = f"{STATUS_MARK.get(d.status, '')} {d.platform}: {status_text(d.status)}"
            if d.reason is not None:
                line += f" — {tr_text(d.reason)}"
            if d.idempotency_key:
                line += "  " + self.tr("(key …{tail}, {n} attempt(s))").format(tail=d.idempotency_key[-8:],
                                                                             n=d.attempts)
            lines.append(line)
        self.details.setPlainText("\n".join(lines))
        self.retry_button.setEnabled(any(d.status in (FAILED, UNKNOWN, PENDING) for d in e.dispatches))

    def retry_selected(self) -> None:
        e = self.selected()
        if e is not None:
            self.session.actions.retry(e.id)


class JournalFeature(FeatureBase):
    """Every action, in a strip along the bottom."""

    def __init__(self, window) -> None:
        self.panel = JournalPanel(window)
        window.add_dock("journal", QCoreApplication.translate("MainWindow", "Journal"), self.panel,
                        Qt.DockWidgetArea.BottomDockWidgetArea)

    def stop(self) -> None:
        self.panel.stop()
