"""The journal panel: every action with its time, who did it from which console, what it was,
where it came from (a click, a cue, a moderation rule) and the result on each platform; failed
and unknown actions can be retried with their original idempotency keys.

What the comment rules did by themselves (a busy show's hundreds of deletions) is hidden unless
asked for, so that the money actions and the people's own stay in sight; shown, such an action is
said to be the rule's (by its name) and automatic, never the assistant's.

On a crew (several seats on one Studio room) the other seats' actions are listed too, with the
staff member's name and the seat's machine; they are not retried from here. A money action another
seat has fired and not yet settled shows as in flight (and the notification bar says it once), so
nobody fires it again."""

from __future__ import annotations

import datetime

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox, QHeaderView, QPlainTextEdit, QPushButton, QSplitter, QTableView, QVBoxLayout, QWidget,
)

from anchor_console.domain.events import unsubscribe_all
from anchor_console.domain.text import Text
from anchor_console.moderation.pipeline import rule_label
from anchor_console.platforms.studio_crew import CrewLogEntry
from anchor_console.room.commands import Command, UnknownCommand
from anchor_console.room.journal import CONFIRMED, FAILED, MODERATION, PENDING, RULES, SKIPPED, UNKNOWN, JournalEntry
from anchor_console.ui.common.palette import BLUE, GREEN, GREY, ORANGE, RED
from anchor_console.ui.common.feature import FeatureBase
from anchor_console.ui.common.flow_layout import flow_row
from anchor_console.ui.common.i18n import tr_text
from anchor_console.ui.common.table_model import RowsModel
from anchor_console.ui.common.widgets import Throttle, plain_tooltip, row_table
from anchor_console.ui.crew.roles import role_title, staff_name_text

STATUS_COLORS = {CONFIRMED: GREEN, FAILED: RED, UNKNOWN: ORANGE, PENDING: BLUE, SKIPPED: GREY}


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


Row = JournalEntry | CrewLogEntry   # an action of this seat, or the latest state of another seat's


def row_id(e: Row) -> str:
    return e.id if isinstance(e, JournalEntry) else f"{e.seat_id}:{e.action_id}"


def rule_name(e: Row) -> str:
    """The rule that acted, as staff call it ("word list “引流”"); its id if this console does not know it."""
    label = rule_label(e.actor)
    return tr_text(label) if label is not None else e.actor


def local_who(e: JournalEntry) -> str:
    """Who did this seat's action: the person, or the rule that acted by itself."""
    return rule_name(e) if e.by_rules else staff_name_text(e.actor)


def shared_who(e: CrewLogEntry) -> str:
    """Who did another seat's action: its rule (an older seat's entry names none: the seat's person)."""
    return rule_name(e) if e.origin == RULES and e.actor else staff_name_text(e.staff_name, e.role)


def describe_shared(e: CrewLogEntry, catalog) -> Text:
    try:
        return Command.decode(e.kind, e.params).describe(catalog)
    except UnknownCommand:
        return Text("", e.kind)


class JournalModel(RowsModel[Row]):
    """The newest actions first, at most LIMIT of them."""

    TIME, WHO, WHAT, ORIGIN, RESULT = range(5)
    LIMIT = 1000

    def __init__(self, catalog, parent=None, times=None) -> None:
        self.catalog = catalog
        self.times = times   # the session's PlatformClock: another seat's times are on Studio's wall time
        super().__init__(parent)

    def at(self, e: Row) -> float:
        if isinstance(e, JournalEntry):
            return e.created_at
        return e.at - (self.times.wall_offset() if self.times is not None else 0.0)

    def headers(self) -> list[str]:
        return [self.tr("Time"), self.tr("Who"), self.tr("Action"), self.tr("From"), self.tr("Result")]

    @property
    def entries(self) -> list[Row]:
        return self.rows

    def merge(self, changed: list[Row]) -> None:
        """Changed or new entries only: a row is updated in place, a new one goes on top, the
        oldest fall off — no reload of the whole list while a spam wave is being deleted."""
        rows = {row_id(e): i for i, e in enumerate(self.rows)}
        new = []
        for e in changed:
            row = rows.get(row_id(e))
            if row is None:
                new.append(e)
            else:
                self.rows[row] = e
                self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))
        if new:
            new.sort(key=self.at, reverse=True)
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
        if origin == RULES:   # a comment rule, by itself
            return self.tr("rule (automatic)")
        if origin.startswith(MODERATION):
            return self.tr("moderation")
        if origin == "lucky-bag":   # the giveaways desk drawing when the countdown ends
            return self.tr("lucky bag")
        return origin

    def result_text(self, e: JournalEntry) -> str:
        return "  ".join(f"{STATUS_MARK.get(d.status, '')} {d.platform}" for d in e.dispatches)

    def shared_cell(self, e: CrewLogEntry, col: int, role: int):
        """Another seat's action: who and from which seat; a pending money action is in flight there."""
        in_flight = e.money and e.state == PENDING
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.TIME:
                return time_text(self.at(e))
            if col == self.WHO:
                return shared_who(e)
            if col == self.WHAT:
                return ("¥ " if e.money else "") + tr_text(describe_shared(e, self.catalog))
            if col == self.ORIGIN:
                return self.tr("{origin} · {machine}").format(origin=self.origin_text(e.origin), machine=e.machine)
            if col == self.RESULT:
                if in_flight:
                    return self.tr("in flight on {name}'s seat").format(name=staff_name_text(e.staff_name, e.role))
                return f"{STATUS_MARK.get(e.state, '')} {status_text(e.state)}"
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == self.RESULT:
                return QColor("#ef6c00" if in_flight else STATUS_COLORS.get(e.state, "#000000"))
            return QColor("#5f6368")
        if role == Qt.ItemDataRole.ToolTipRole:
            seat = self.tr("{name}'s seat on {machine}: {status}").format(   # names from other seats
                name=staff_name_text(e.staff_name, e.role), machine=e.machine, status=status_text(e.state))
            if col == self.WHAT:   # the whole action: a cell shows one line of it
                return plain_tooltip(f"{self.shared_cell(e, col, Qt.ItemDataRole.DisplayRole)}\n{seat}")
            return plain_tooltip(seat)
        return None

    def cell(self, e: Row, col: int, role: int):
        if isinstance(e, CrewLogEntry):
            return self.shared_cell(e, col, role)
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.TIME:
                return time_text(e.created_at)
            if col == self.WHO:
                return local_who(e)
            if col == self.WHAT:
                return ("¥ " if e.money else "") + tr_text(e.describe(self.catalog))
            if col == self.ORIGIN:
                return self.origin_text(e.origin)
            if col == self.RESULT:
                return self.result_text(e)
        if role == Qt.ItemDataRole.ForegroundRole and col == self.RESULT:
            return QColor(STATUS_COLORS.get(e.status, "#000000"))
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == self.WHAT:   # the whole action: a cell shows one line of it
                return plain_tooltip(f"{self.cell(e, col, Qt.ItemDataRole.DisplayRole)}\n{status_text(e.status)}")
            if col == self.RESULT and e.dispatches:   # each platform's result in words
                return plain_tooltip("\n".join(f"{STATUS_MARK.get(d.status, '')} {d.platform}: {status_text(d.status)}"
                                                for d in e.dispatches))
            return plain_tooltip(status_text(e.status))
        return None


class JournalPanel(QWidget):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.session = window.session
        self.crew = window.session.crew
        self.model = JournalModel(window.session.catalog, self, times=window.session.platform_clock)
        self.view = QTableView(self)
        self.view.setObjectName("journal-view")
        self.view.setModel(self.model)
        row_table(self.view, stretch=(JournalModel.WHAT,), fit=())
        # One line a row, elided, the whole text in the tooltip: a wrapped "✓ Studio (demo)" made
        # rows two lines tall and clipped, and a short window showed two of them.
        self.view.setWordWrap(False)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        rows = self.view.verticalHeader()
        rows.setMinimumSectionSize(1)
        rows.setDefaultSectionSize(self.view.fontMetrics().height() + 8)
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self._fitted: dict[int, set[str]] = {col: set() for col in self.FIT_CAPS}
        self._size_columns()
        self.view.selectionModel().selectionChanged.connect(lambda *_: self.show_details())
        self.details = QPlainTextEdit(self)  # plain text: platform messages are never rendered as rich text
        self.details.setReadOnly(True)
        self.details.setMaximumBlockCount(200)
        self.details.setMinimumHeight(40)
        self.money_only = QCheckBox(self.tr("Money actions only"), self)
        self.money_only.toggled.connect(lambda _: self.reload())
        # On at first: in a busy show the rules' own deletions would bury everything else here (the
        # Mod log tab beside the held comments has them all, with their reasons).
        self.hide_rules = QCheckBox(self.tr("Hide the rules' actions"), self)
        self.hide_rules.setObjectName("journal-hide-rules")
        self.hide_rules.setToolTip(self.tr("Leave out what the comment rules deleted, muted or banned by "
                                           "themselves; a person's moderation stays listed."))
        self.hide_rules.setChecked(True)
        self.hide_rules.toggled.connect(lambda _: self.reload())
        self.retry_button = QPushButton(self.tr("Send again"), self)
        self._retry_tip = self.tr("Send what failed or got no answer again: the platform applies it "
                                  "once, never twice.")
        self.retry_button.setToolTip(self._retry_tip)
        self.retry_button.clicked.connect(self.retry_selected)
        bar_row, bar = flow_row(self)   # wraps in a narrow column (tabbed behind Comments at 1093 px)
        bar.addWidget(self.money_only)
        bar.addWidget(self.hide_rules, 1)
        bar.addWidget(self.retry_button)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.view)
        split.addWidget(self.details)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        self.details.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(bar_row)
        layout.addWidget(split, 1)
        # Many journal writes in a burst (a spam wave's deletions): the changed entries are merged
        # about three times a second.
        self._reload_timer = Throttle(300, self._apply_changes, self)
        window.session.journal.changed.connect(self._changed)
        self._changed_ids: set[str] = set()
        self._changed_shared: dict[str, CrewLogEntry] = {}
        self._told_in_flight: set[str] = set()
        self._unsubscribe_crew = [self.crew.log_added.connect(self._shared_added),
                                  self.crew.seats_changed.connect(self._seats_changed)]
        self._seat_count = 0
        self.reload()

    def stop(self) -> None:
        self._reload_timer.stop()
        self._stopped = True
        unsubscribe_all(self._unsubscribe_crew)

    def _changed(self, action_id: str) -> None:
        self._changed_ids.add(action_id)
        self._reload_timer.poke()

    def _seats_changed(self, seats: list) -> None:
        if not seats and self._seat_count:   # another room, or none: the other seats' rows go
            self._seat_count = 0
            self.reload()
        self._seat_count = len(seats)

    def _shared_added(self, entry: CrewLogEntry) -> None:
        key = row_id(entry)
        self._changed_shared[key] = entry
        self._reload_timer.poke()
        if entry.money and entry.state == PENDING and key not in self._told_in_flight:
            self._told_in_flight.add(key)
            action = tr_text(describe_shared(entry, self.session.catalog))
            self.window.notify(self.tr("In flight on {name}'s seat: {action}. Do not fire it again here.").format(
                name=staff_name_text(entry.staff_name, entry.role), action=action),
                               level="warning", timeout_ms=15000, key=f"crew-in-flight:{key}")

    def _apply_changes(self) -> None:
        journal = self.session.journal
        ids, self._changed_ids = self._changed_ids, set()
        shared, self._changed_shared = list(self._changed_shared.values()), {}
        if journal is None or getattr(self, "_stopped", False) or not (ids or shared):
            return
        money_only, without_rules = self.money_only.isChecked(), self.hide_rules.isChecked()
        changed: list[Row] = journal.get_many(ids, money_only=money_only, without_rules=without_rules) if ids else []
        changed += [e for e in shared if self._lists(e)]
        selected = self.selected()
        self.model.merge(changed)
        self._fit_texts(changed)
        if selected is not None and (row_id(selected) in ids or any(row_id(e) == row_id(selected) for e in shared)):
            self.show_details()

    def reload(self) -> None:
        journal = self.session.journal
        self._changed_ids.clear()
        if journal is None or getattr(self, "_stopped", False):
            return
        selected = self.selected()
        rows: list[Row] = list(journal.entries(limit=JournalModel.LIMIT, money_only=self.money_only.isChecked(),
                                               without_rules=self.hide_rules.isChecked()))
        rows += [e for e in self.crew.shared.values() if self._lists(e)]
        rows.sort(key=self.model.at, reverse=True)
        self.model.set_rows(rows[:JournalModel.LIMIT])
        self._fit_texts(self.model.entries)
        if selected is not None:
            for row, e in enumerate(self.model.entries):
                if row_id(e) == row_id(selected):
                    self.view.selectRow(row)
                    break
        self.show_details()

    def _lists(self, e: CrewLogEntry) -> bool:
        """Whether another seat's action is listed under the filters (this seat's are chosen by the query)."""
        if self.money_only.isChecked():
            return e.money
        return not (self.hide_rules.isChecked() and e.origin == RULES)

    def selected(self) -> Row | None:
        sm = self.view.selectionModel()
        rows = sm.selectedRows() if sm else []
        return self.model.entries[rows[0].row()] if rows and rows[0].row() < len(self.model.entries) else None

    def _size_columns(self) -> None:
        """Time, Who, From and Result as wide as what they hold, from the font: sized to their contents
        they were measured on the rows in view only (measuring 1,000 costs 100+ ms an update in a spam
        wave), so a journal filled while its dock was behind another came up with columns of "1…".
        A longer name, machine or platform widens its column as it comes (`_fit_texts`). They can be
        dragged wider; the action takes the rest."""
        header = self.view.horizontalHeader()
        cell, head = self.view.fontMetrics(), header.fontMetrics()
        pad = self._pad()
        m = self.model
        samples = {
            JournalModel.TIME: ["88:88:88"],
            JournalModel.WHO: ["测试员工"],   # a staff name of four characters
            JournalModel.ORIGIN: [m.origin_text(o) for o in ("click", "key", "cue:", MODERATION, RULES, "lucky-bag")],
            JournalModel.RESULT: [f"{STATUS_MARK[CONFIRMED]} Studio", f"{STATUS_MARK[UNKNOWN]} TikTok"],
        }
        for col, texts in samples.items():
            title = m.headerData(col, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) or ""
            width = max([head.horizontalAdvance(str(title))] + [cell.horizontalAdvance(t) for t in texts]) + pad
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(col, width)

    # The most a column widens by itself for what it holds, in characters of the view's font (a
    # wider one can be dragged): the action keeps the rest of a journal under a 1280 px window's shelf.
    FIT_CAPS = {JournalModel.WHO: ("国", 8), JournalModel.ORIGIN: ("x", 18), JournalModel.RESULT: ("x", 18)}

    def _fit_texts(self, rows: list[Row]) -> None:
        """Widen Who, From and Result to a name, a machine or a platform they have not held before, up
        to FIT_CAPS. Only texts not seen before are measured: a spam wave writes hundreds of rows of a
        few names each."""
        model, header, metrics = self.model, self.view.horizontalHeader(), self.view.fontMetrics()
        display = Qt.ItemDataRole.DisplayRole
        for col, (char, count) in self.FIT_CAPS.items():
            seen = self._fitted[col]
            new = {text for e in rows if (text := model.cell(e, col, display)) and text not in seen}
            if not new:
                continue
            seen |= new
            cap = metrics.horizontalAdvance(char) * count
            want = min(cap, max(metrics.horizontalAdvance(t) for t in new) + self._pad())
            if want > header.sectionSize(col):
                header.resizeSection(col, want)

    def _pad(self) -> int:
        return 2 * self.view.style().pixelMetric(self.view.style().PixelMetric.PM_FocusFrameHMargin) + 12

    def show_details(self) -> None:
        e = self.selected()
        self.retry_button.setToolTip(self._retry_tip)
        if e is None:
            self.details.setPlainText("")
            self.details.hide()  # the list gets the room until an action is selected
            self.retry_button.setEnabled(False)
            return
        self.details.show()
        if isinstance(e, CrewLogEntry):
            self.retry_button.setEnabled(False)   # another seat's action: only that seat sends it again
            self.details.setPlainText("\n".join([
                tr_text(describe_shared(e, self.session.catalog)),
                self.tr("{time} · {who} ({role}) · seat on {machine} · {origin}").format(
                    time=time_text(self.model.at(e), "%Y-%m-%d %H:%M:%S"), who=shared_who(e),
                    role=role_title(e.role),
                    machine=e.machine, origin=self.model.origin_text(e.origin)),
                status_text(e.state),
                self.tr("Another seat's action: it can only be sent again from that seat.")]))
            return
        lines = [tr_text(e.describe(self.session.catalog)),
                 self.tr("{time} · {who} · console {console} · {origin}").format(
                     time=time_text(e.created_at, "%Y-%m-%d %H:%M:%S"),
                     who=local_who(e), console=e.console_id,
                     origin=self.model.origin_text(e.origin)), ""]
        for d in e.dispatches:
            line = f"{STATUS_MARK.get(d.status, '')} {d.platform}: {status_text(d.status)}"
            if d.reason is not None:
                line += f" — {tr_text(d.reason)}"
            if d.idempotency_key:
                line += "  " + self.tr("(key …{tail}, {n} attempt(s))").format(tail=d.idempotency_key[-8:],
                                                                             n=d.attempts)
            lines.append(line)
        self.details.setPlainText("\n".join(lines))
        journal = self.session.journal
        out = journal is not None and journal.in_flight(e.id)   # being sent now: a second send would only join it
        self.retry_button.setEnabled(not out and any(d.status in (FAILED, UNKNOWN, PENDING) for d in e.dispatches))
        if out:
            self.retry_button.setToolTip(self.tr("Still out: this console is waiting for the platform's answer to it."))

    def retry_selected(self) -> None:
        e = self.selected()
        if isinstance(e, JournalEntry):
            self.session.actions.retry(e.id)


class JournalFeature(FeatureBase):
    """Every action, in a strip along the bottom."""

    def __init__(self, window) -> None:
        self.panel = JournalPanel(window)
        # The strip under the shelf gives way to it in a short window: its panels scroll then.
        window.add_dock("journal", QCoreApplication.translate("MainWindow", "Journal"), self.panel,
                        Qt.DockWidgetArea.BottomDockWidgetArea, scroll=True)

    def stop(self) -> None:
        self.panel.stop()
