"""The show editor for prep staff (运营/编导): segments with drag reorder and computed start times,
the total against the target length, products picked from the room's catalog, talking points
checked against the advertising-law word list as you type, a cue editor, undo/redo, autosave with
crash recovery, spreadsheet import with a column-mapping preview, and export to .xlsx, HTML and PDF."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QDate, QMimeData, QModelIndex, Qt, QTime, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QKeySequence, QPageLayout, QPageSize, QPdfWriter, QSyntaxHighlighter, \
    QTextCharFormat, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from anchor_console.domain.clock import SystemClock
from anchor_console.settings import config_dir, data_dir
from anchor_console.show import (
    CheckedField,
    FeaturedProduct,
    Finding,
    ShowAutosave,
    ShowDocument,
    ShowEditError,
    ShowFileError,
    SpreadsheetError,
    StartMode,
    WordList,
    WordListError,
    check_show,
    export_html,
    export_xlsx,
    load_show,
    recovery_for,
    save_html,
    save_show,
)
from anchor_console.show.model import Show, format_clock
from anchor_console.ui.i18n import tr_text
from anchor_console.ui.widgets import NotificationBar, plain_label

log = logging.getLogger("anchor_console.ui.editor")
SEGMENT_MIME = "application/x-anchor-console-segment"
EXTRA_WORDS = "advertising_law_extra.txt"


def extra_words_path() -> Path:
    return config_dir() / EXTRA_WORDS


def load_word_list() -> tuple[WordList | None, str]:
    extra = extra_words_path()
    try:
        return WordList.load(extra if extra.exists() else None), ""
    except WordListError as exc:
        try:
            return WordList.load(None), tr_text(exc.message)
        except WordListError as exc2:
            return None, tr_text(exc2.message)


class SegmentsModel(QAbstractTableModel):
    """The segments of the document, with planned start times and compliance counts."""

    NUMBER, START, TITLE, LENGTH, PRODUCTS, CUES, CHECK = range(7)
    move_requested = Signal(str, int)   # segment id, new index

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.show: Show | None = None
        self.starts: dict[str, dt.datetime] = {}
        self.findings: dict[str, int] = {}
        self.gaps: dict[str, float] = {}

    def set_show(self, show: Show, findings: list[Finding]) -> None:
        self.beginResetModel()
        self.show = show
        schedule = show.schedule()
        self.starts = {i.segment_id: i.start for i in schedule.items}
        self.gaps = {i.segment_id: i.gap_before_s for i in schedule.items if i.hard}
        self.findings = {}
        for f in findings:
            self.findings[f.segment_id] = self.findings.get(f.segment_id, 0) + 1
        self.endResetModel()

    def segment_at(self, row: int):
        return self.show.segments[row] if self.show and 0 <= row < len(self.show.segments) else None

    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() or self.show is None else len(self.show.segments)

    def columnCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else 7

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return [self.tr("No."), self.tr("Start"), self.tr("Segment"), self.tr("Length"), self.tr("Products"),
                    self.tr("Cues"), self.tr("Check")][section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        seg = self.segment_at(index.row()) if index.isValid() else None
        if seg is None:
            return None
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.NUMBER:
                return str(index.row() + 1)
            if col == self.START:
                start = self.starts.get(seg.id)
                text = start.strftime("%H:%M") if start else ""
                return ("◆ " + text) if seg.is_hard else text
            if col == self.TITLE:
                return seg.title
            if col == self.LENGTH:
                return format_clock(seg.duration_s)
            if col == self.PRODUCTS:
                return "、".join(p.label for p in seg.products)
            if col == self.CUES:
                return str(len(seg.cues)) if seg.cues else ""
            if col == self.CHECK:
                n = self.findings.get(seg.id, 0)
                return f"⚠ {n}" if n else ""
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == self.CHECK:
                return QColor("#e65100")
            if col == self.START and self.gaps.get(seg.id, 0) < 0:
                return QColor("#c62828")
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == self.START and seg.id in self.gaps:
                gap = self.gaps[seg.id]
                if gap > 0:
                    return self.tr("Fixed start: {gap} gap before it").format(gap=format_clock(gap))
                if gap < 0:
                    return self.tr("Fixed start: the previous segments run {late} into it").format(
                        late=format_clock(-gap))
            if col == self.CHECK and self.findings.get(seg.id):
                return self.tr("Advertising-law words found: see the list below the talking points")
        return None

    def flags(self, index):
        base = super().flags(index)
        if index.isValid():
            return base | Qt.ItemFlag.ItemIsDragEnabled
        return base | Qt.ItemFlag.ItemIsDropEnabled

    def supportedDropActions(self):
        return Qt.DropAction.MoveAction

    def mimeTypes(self):
        return [SEGMENT_MIME]

    def mimeData(self, indexes):
        data = QMimeData()
        rows = sorted({i.row() for i in indexes})
        if rows:
            data.setData(SEGMENT_MIME, self.show.segments[rows[0]].id.encode())
        return data

    def dropMimeData(self, data, action, row, column, parent):
        if not data.hasFormat(SEGMENT_MIME) or self.show is None:
            return False
        seg_id = bytes(data.data(SEGMENT_MIME)).decode()
        if row < 0:
            row = parent.row() if parent.isValid() else len(self.show.segments)
        old = self.show.index_of(seg_id)
        new = row - 1 if row > old else row
        if new != old:
            self.move_requested.emit(seg_id, max(0, min(new, len(self.show.segments) - 1)))
        return False


class ComplianceHighlighter(QSyntaxHighlighter):
    """Marks advertising-law words in a text field as the prep staff types."""

    def __init__(self, document: QTextDocument, editor) -> None:
        super().__init__(document)
        self.editor = editor
        self.fmt = QTextCharFormat()
        self.fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
        self.fmt.setUnderlineColor(QColor("#d32f2f"))
        self.fmt.setBackground(QColor(255, 235, 238))

    def highlightBlock(self, text: str) -> None:
        words = self.editor.word_list
        if words is None or not text:
            return
        for start, end, _word in words.find(text):
            self.setFormat(start, end - start, self.fmt)


class ShowEditor(QMainWindow):
    def __init__(self, main_window, runner) -> None:
        super().__init__(None)
        self.main = main_window
        self.console = main_window.console
        self.runner = runner
        self.setObjectName("show-editor")
        self.document = ShowDocument(Show(title=self.tr("New show"), start=dt.time(20, 0)))
        self.document.add_listener(self._changed)
        self.autosave = ShowAutosave(data_dir() / "recovery", SystemClock())
        self.word_list, problem = load_word_list()
        self.findings: list[Finding] = []
        self._loading = False
        self._segment_id: str | None = None

        # ---- show header
        self.title = QLineEdit(self)
        self.title.textEdited.connect(lambda t: self._set_show("title", t))
        self.has_date = QCheckBox(self.tr("Date"), self)
        self.date = QDateEdit(self)
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.has_date.toggled.connect(self._date_changed)
        self.date.dateChanged.connect(lambda _d: self._date_changed(self.has_date.isChecked()))
        self.start = QTimeEdit(self)
        self.start.setDisplayFormat("HH:mm")
        self.start.timeChanged.connect(lambda t: self._set_show("start", dt.time(t.hour(), t.minute())))
        self.target = QSpinBox(self)
        self.target.setRange(0, 24 * 60)
        self.target.setSuffix(self.tr(" min"))
        self.target.setSpecialValueText(self.tr("no target"))
        self.target.valueChanged.connect(lambda v: self._set_show("target_length_s", v * 60))
        self.total = plain_label("", self)
        self.total.setObjectName("show-total")
        header = QHBoxLayout()
        header.addWidget(plain_label(self.tr("Show"), self))
        header.addWidget(self.title, 2)
        header.addWidget(self.has_date)
        header.addWidget(self.date)
        header.addWidget(plain_label(self.tr("Start"), self))
        header.addWidget(self.start)
        header.addWidget(plain_label(self.tr("Target"), self))
        header.addWidget(self.target)
        header.addWidget(self.total, 1)

        # ---- segment list
        self.model = SegmentsModel(self)
        self.model.move_requested.connect(self._move_segment)
        self.view = QTableView(self)
        self.view.setObjectName("segments-view")
        self.view.setModel(self.model)
        self.view.verticalHeader().hide()
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.view.setDragDropOverwriteMode(False)
        self.view.setDropIndicatorShown(True)
        h = self.view.horizontalHeader()
        h.setSectionResizeMode(SegmentsModel.TITLE, QHeaderView.ResizeMode.Stretch)
        for col in (0, 1, 3, 4, 5, 6):
            h.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        buttons = QHBoxLayout()
        for text, slot in ((self.tr("Add segment"), self.add_segment), (self.tr("Duplicate"), self.duplicate_segment),
                           (self.tr("Remove"), self.remove_segment), (self.tr("Up"), lambda: self._nudge(-1)),
                           (self.tr("Down"), lambda: self._nudge(1))):
            b = QPushButton(text, self)
            b.clicked.connect(slot)
            buttons.addWidget(b)
        buttons.addStretch(1)
        left = QWidget(self)
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.view, 1)
        ll.addLayout(buttons)

        # ---- segment details
        right = QWidget(self)
        self.seg_title = QLineEdit(right)
        self.seg_title.textEdited.connect(lambda t: self._set_segment("title", t))
        self.seg_minutes = QSpinBox(right)
        self.seg_minutes.setRange(0, 600)
        self.seg_minutes.setSuffix(self.tr(" min"))
        self.seg_seconds = QSpinBox(right)
        self.seg_seconds.setRange(0, 59)
        self.seg_seconds.setSuffix(self.tr(" s"))
        self.seg_minutes.valueChanged.connect(self._duration_changed)
        self.seg_seconds.valueChanged.connect(self._duration_changed)
        self.soft = QRadioButton(self.tr("After the previous segment"), right)
        self.hard = QRadioButton(self.tr("At a fixed time"), right)
        self.hard_time = QTimeEdit(right)
        self.hard_time.setDisplayFormat("HH:mm")
        self.soft.toggled.connect(self._start_mode_changed)
        self.hard_time.timeChanged.connect(self._start_mode_changed)
        self.products = QListWidget(right)
        self.products.setMaximumHeight(90)
        self.product_pick = QComboBox(right)
        self.product_pick.setEditable(False)
        add_product = QPushButton(self.tr("Add product"), right)
        add_product.clicked.connect(self.add_product)
        remove_product = QPushButton(self.tr("Remove product"), right)
        remove_product.clicked.connect(self.remove_product)
        self.points = QPlainTextEdit(right)
        self.points.setObjectName("talking-points")
        self.points.setPlaceholderText(self.tr("Talking points (话术) for the anchor…"))
        self.points.textChanged.connect(lambda: self._set_segment("talking_points", self.points.toPlainText()))
        self.highlighter = ComplianceHighlighter(self.points.document(), self)
        self.notes = QPlainTextEdit(right)
        self.notes.setPlaceholderText(self.tr("Notes for the assistant (场控)…"))
        self.notes.setMaximumHeight(70)
        self.notes.textChanged.connect(lambda: self._set_segment("notes", self.notes.toPlainText()))
        self.cues = QListWidget(right)
        self.cues.setObjectName("cue-list")
        self.cues.setMaximumHeight(110)
        self.cues.itemDoubleClicked.connect(lambda _i: self.edit_cue())
        add_cue = QPushButton(self.tr("Add cue…"), right)
        add_cue.clicked.connect(self.add_cue)
        edit_cue = QPushButton(self.tr("Edit cue…"), right)
        edit_cue.clicked.connect(self.edit_cue)
        remove_cue = QPushButton(self.tr("Remove cue"), right)
        remove_cue.clicked.connect(self.remove_cue)
        self.findings_list = QListWidget(right)
        self.findings_list.setObjectName("compliance-findings")
        self.findings_list.setMaximumHeight(90)
        self.findings_list.itemDoubleClicked.connect(self._goto_finding)
        form = QFormLayout()
        form.addRow(self.tr("Title"), self.seg_title)
        dur = QHBoxLayout()
        dur.addWidget(self.seg_minutes)
        dur.addWidget(self.seg_seconds)
        dur.addStretch(1)
        form.addRow(self.tr("Length"), dur)
        start_row = QHBoxLayout()
        start_row.addWidget(self.soft)
        start_row.addWidget(self.hard)
        start_row.addWidget(self.hard_time)
        start_row.addStretch(1)
        form.addRow(self.tr("Starts"), start_row)
        prow = QHBoxLayout()
        prow.addWidget(self.product_pick, 1)
        prow.addWidget(add_product)
        prow.addWidget(remove_product)
        form.addRow(self.tr("Products"), self.products)
        form.addRow("", prow)
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addLayout(form)
        rl.addWidget(plain_label(self.tr("Talking points"), right))
        rl.addWidget(self.points, 2)
        rl.addWidget(plain_label(self.tr("Advertising-law check (double-click to jump)"), right))
        rl.addWidget(self.findings_list)
        rl.addWidget(plain_label(self.tr("Notes for the assistant"), right))
        rl.addWidget(self.notes)
        rl.addWidget(plain_label(self.tr("Cues"), right))
        rl.addWidget(self.cues)
        crow = QHBoxLayout()
        crow.addWidget(add_cue)
        crow.addWidget(edit_cue)
        crow.addWidget(remove_cue)
        crow.addStretch(1)
        rl.addLayout(crow)
        self.detail = right

        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        central = QWidget(self)
        self.notifications = NotificationBar(central)
        cl = QVBoxLayout(central)
        cl.addLayout(header)
        cl.addWidget(self.notifications)
        cl.addWidget(split, 1)
        self.setCentralWidget(central)
        if problem:
            self.notifications.notify(problem, level="warning")

        self._build_menus()
        self._autosave_timer = QTimer(self)
        self._autosave_timer.setInterval(1000)
        self._autosave_timer.timeout.connect(self.autosave.tick)
        self._autosave_timer.start()
        self.main.catalog.changed.connect(self._refresh_products)
        self.resize(1200, 780)
        self._refresh_products()
        self._reload_all()

    # ------------------------------------------------------------------ menus

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))

        def act(menu, text, slot, shortcut=None):
            a = QAction(text, self)
            if shortcut is not None:
                a.setShortcut(shortcut)
            a.triggered.connect(slot)
            menu.addAction(a)
            return a

        act(file_menu, self.tr("&New"), self.new_show, QKeySequence.StandardKey.New)
        act(file_menu, self.tr("&Open…"), self.open_dialog, QKeySequence.StandardKey.Open)
        act(file_menu, self.tr("&Save"), self.save, QKeySequence.StandardKey.Save)
        act(file_menu, self.tr("Save &as…"), self.save_as, QKeySequence.StandardKey.SaveAs)
        file_menu.addSeparator()
        act(file_menu, self.tr("&Import a spreadsheet (.xlsx, .csv)…"), self.import_dialog)
        act(file_menu, self.tr("Export to .xlsx…"), lambda: self.export_dialog("xlsx"))
        act(file_menu, self.tr("Export printable HTML…"), lambda: self.export_dialog("html"))
        act(file_menu, self.tr("Export PDF…"), lambda: self.export_dialog("pdf"))
        file_menu.addSeparator()
        act(file_menu, self.tr("Edit my extra words to avoid…"), self.edit_extra_words)
        act(file_menu, self.tr("Run this show in the console"), self.run_in_console)
        edit_menu = bar.addMenu(self.tr("&Edit"))
        self.undo_action = act(edit_menu, self.tr("&Undo"), self.undo, QKeySequence.StandardKey.Undo)
        self.redo_action = act(edit_menu, self.tr("&Redo"), self.redo, QKeySequence.StandardKey.Redo)

    # ------------------------------------------------------------------ document

    def _changed(self, change) -> None:
        self.autosave.edited(self.document.show)
        self._reload_all(keep_editors=True)

    def _reload_all(self, keep_editors: bool = False) -> None:
        show = self.document.show
        self.findings = check_show(show, self.word_list) if self.word_list is not None else []
        selected = self._segment_id
        self.model.set_show(show, self.findings)
        if selected and show.segment(selected):
            row = show.index_of(selected)
            self.view.blockSignals(True)
            self.view.selectRow(row)
            self.view.blockSignals(False)
        elif show.segments:
            self._segment_id = show.segments[0].id
            self.view.selectRow(0)
        else:
            self._segment_id = None
        self._loading = True
        if self.title.text() != show.title:
            self.title.setText(show.title)
        self.has_date.setChecked(show.date is not None)
        self.date.setEnabled(show.date is not None)
        if show.date is not None:
            self.date.setDate(QDate(show.date.year, show.date.month, show.date.day))
        if show.start is not None:
            self.start.setTime(QTime(show.start.hour, show.start.minute))
        self.target.setValue(show.target_length_s // 60)
        self._loading = False
        schedule = show.schedule()
        length = schedule.length_s
        text = self.tr("Total {total}").format(total=format_clock(length))
        if show.target_length_s:
            diff = length - show.target_length_s
            if abs(diff) < 1:
                text += " · " + self.tr("exactly on target")
            elif diff > 0:
                text += " · " + self.tr("{d} over target").format(d=format_clock(diff))
            else:
                text += " · " + self.tr("{d} under target").format(d=format_clock(-diff))
        self.total.setText(text)
        self.total.setStyleSheet("color: #c62828; font-weight: bold;" if show.target_length_s
                                 and length > show.target_length_s else "font-weight: bold;")
        self.undo_action.setEnabled(self.document.can_undo)
        self.redo_action.setEnabled(self.document.can_redo)
        undo_text = self.document.undo_text()
        self.undo_action.setText(self.tr("&Undo {what}").format(what=tr_text(undo_text)) if undo_text
                                 else self.tr("&Undo"))
        redo_text = self.document.redo_text()
        self.redo_action.setText(self.tr("&Redo {what}").format(what=tr_text(redo_text)) if redo_text
                                 else self.tr("&Redo"))
        self._update_title()
        self._load_segment(keep_editors)

    def _update_title(self) -> None:
        name = self.document.path.name if self.document.path else self.tr("untitled")
        mark = "*" if self.document.dirty else ""
        self.setWindowTitle(self.tr("Show editor — {name}{mark}").format(name=name, mark=mark))

    def _selection_changed(self) -> None:
        rows = self.view.selectionModel().selectedRows()
        seg = self.model.segment_at(rows[0].row()) if rows else None
        self._segment_id = seg.id if seg else None
        self.document.seal()  # typing into another segment is a new undo step
        self._load_segment(False)

    def _current(self):
        return self.document.show.segment(self._segment_id) if self._segment_id else None

    def _load_segment(self, keep_editors: bool) -> None:
        seg = self._current()
        self.detail.setEnabled(seg is not None)
        self._loading = True
        try:
            if seg is None:
                for w in (self.seg_title,):
                    w.clear()
                self.points.clear()
                self.notes.clear()
                self.cues.clear()
                self.products.clear()
                return
            if not keep_editors or self.seg_title.text() != seg.title:
                if self.seg_title.text() != seg.title:
                    self.seg_title.setText(seg.title)
            self.seg_minutes.setValue(seg.duration_s // 60)
            self.seg_seconds.setValue(seg.duration_s % 60)
            self.soft.setChecked(seg.start_mode is StartMode.SOFT)
            self.hard.setChecked(seg.start_mode is StartMode.HARD)
            self.hard_time.setEnabled(seg.start_mode is StartMode.HARD)
            if seg.hard_start is not None:
                self.hard_time.setTime(QTime(seg.hard_start.hour, seg.hard_start.minute))
            if self.points.toPlainText() != seg.talking_points:
                self.points.setPlainText(seg.talking_points)
            if self.notes.toPlainText() != seg.notes:
                self.notes.setPlainText(seg.notes)
            self.products.clear()
            for p in seg.products:
                item = QListWidgetItem(f"{p.label}" + (f"  (#{p.id})" if p.id else "  " + self.tr("(not linked)")))
                item.setData(Qt.ItemDataRole.UserRole, p.id)
                self.products.addItem(item)
            self.cues.clear()
            for cue in seg.cues:
                item = QListWidgetItem(f"[{tr_text(cue.mode.label)}] {tr_text(cue.describe())}")
                item.setData(Qt.ItemDataRole.UserRole, cue.id)
                problems = cue.action.problems()
                if problems:
                    item.setForeground(QColor("#c62828"))
                    item.setToolTip("\n".join(tr_text(p) for p in problems))
                self.cues.addItem(item)
            self.findings_list.clear()
            for f in self.findings:
                if f.segment_id not in (seg.id, ""):
                    continue
                item = QListWidgetItem(f"{tr_text(f.field.label)}: {tr_text(f.message)}")
                item.setData(Qt.ItemDataRole.UserRole, (f.field.value, f.start, f.end))
                item.setForeground(QColor("#b71c1c"))
                self.findings_list.addItem(item)
            if self.findings_list.count() == 0:
                ok = QListWidgetItem(self.tr("✓ No advertising-law words found in this segment"))
                ok.setForeground(QColor("#2e7d32"))
                ok.setData(Qt.ItemDataRole.UserRole, None)
                self.findings_list.addItem(ok)
        finally:
            self._loading = False

    # ------------------------------------------------------------------ edits

    def _guard(self, fn, *args, **kw):
        try:
            return fn(*args, **kw)
        except ShowEditError as exc:
            self.notifications.notify(tr_text(exc.message), level="warning", timeout_ms=8000)
            return None

    def _set_show(self, name: str, value) -> None:
        if not self._loading:
            self._guard(self.document.set_show_field, name, value)

    def _date_changed(self, on: bool) -> None:
        if self._loading:
            return
        self.date.setEnabled(on)
        d = self.date.date()
        self._set_show("date", dt.date(d.year(), d.month(), d.day()) if on else None)

    def _set_segment(self, name: str, value) -> None:
        if not self._loading and self._segment_id:
            self._guard(self.document.set_segment_field, self._segment_id, name, value)

    def _duration_changed(self, *_a) -> None:
        self._set_segment("duration_s", self.seg_minutes.value() * 60 + self.seg_seconds.value())

    def _start_mode_changed(self, *_a) -> None:
        if self._loading or not self._segment_id:
            return
        self.hard_time.setEnabled(self.hard.isChecked())
        if self.hard.isChecked():
            t = self.hard_time.time()
            self._guard(self.document.set_segment_field, self._segment_id, "hard_start", dt.time(t.hour(), t.minute()))
            self._guard(self.document.set_segment_field, self._segment_id, "start_mode", StartMode.HARD)
        else:
            self._guard(self.document.set_segment_field, self._segment_id, "start_mode", StartMode.SOFT)

    def add_segment(self) -> None:
        index = self.document.show.index_of(self._segment_id) + 1 if self._segment_id else None
        seg = self._guard(self.document.add_segment, self.tr("New segment"), 600, index=index)
        if seg is not None:
            self._segment_id = seg.id
            self._reload_all()
            self.seg_title.setFocus()
            self.seg_title.selectAll()

    def duplicate_segment(self) -> None:
        if self._segment_id:
            seg = self._guard(self.document.duplicate_segment, self._segment_id)
            if seg is not None:
                self._segment_id = seg.id
                self._reload_all()

    def remove_segment(self) -> None:
        if self._segment_id:
            index = self.document.show.index_of(self._segment_id)
            self._guard(self.document.remove_segment, self._segment_id)
            segs = self.document.show.segments
            self._segment_id = segs[min(index, len(segs) - 1)].id if segs else None
            self._reload_all()

    def _move_segment(self, segment_id: str, index: int) -> None:
        self._guard(self.document.move_segment, segment_id, index)

    def _nudge(self, delta: int) -> None:
        if self._segment_id:
            index = self.document.show.index_of(self._segment_id) + delta
            if 0 <= index < len(self.document.show.segments):
                self._move_segment(self._segment_id, index)

    def _refresh_products(self) -> None:
        self.product_pick.clear()
        for p in sorted(self.main.catalog.products.values(), key=lambda p: p.id):
            self.product_pick.addItem(f"{p.name} (#{p.id})", p.id)

    def add_product(self) -> None:
        seg = self._current()
        pid = self.product_pick.currentData()
        if seg is None or pid is None or any(p.id == pid for p in seg.products):
            return
        product = self.main.catalog.products[pid]
        self._set_segment("products", tuple(seg.products) + (FeaturedProduct(product.id, product.name),))

    def remove_product(self) -> None:
        seg = self._current()
        row = self.products.currentRow()
        if seg is None or not 0 <= row < len(seg.products):
            return
        self._set_segment("products", tuple(p for i, p in enumerate(seg.products) if i != row))

    def add_cue(self) -> None:
        seg = self._current()
        if seg is None:
            return
        from anchor_console.ui.cue_dialog import CueDialog

        dialog = CueDialog(self, self.main.catalog, seg, None)
        dialog.accepted_cue.connect(lambda action, trigger, mode, note: self._guard(
            self.document.add_cue, seg.id, action, trigger=trigger, mode=mode, note=note))
        dialog.open()

    def edit_cue(self) -> None:
        seg = self._current()
        item = self.cues.currentItem()
        if seg is None or item is None:
            return
        cue = seg.cue(item.data(Qt.ItemDataRole.UserRole))
        from anchor_console.ui.cue_dialog import CueDialog

        dialog = CueDialog(self, self.main.catalog, seg, cue)
        dialog.accepted_cue.connect(lambda action, trigger, mode, note: self._guard(
            self.document.update_cue, cue.id, action=action, trigger=trigger, mode=mode, note=note))
        dialog.open()

    def remove_cue(self) -> None:
        item = self.cues.currentItem()
        if item is not None:
            self._guard(self.document.remove_cue, item.data(Qt.ItemDataRole.UserRole))

    def _goto_finding(self, item) -> None:
        data = item.data(Qt.ItemDataRole.UserRole)
        if not data:
            return
        field, start, end = data
        if field == CheckedField.TALKING_POINTS.value:
            cursor = self.points.textCursor()
            cursor.setPosition(start)
            cursor.setPosition(end, cursor.MoveMode.KeepAnchor)
            self.points.setTextCursor(cursor)
            self.points.setFocus()
        elif field == CheckedField.SEGMENT_TITLE.value:
            self.seg_title.setSelection(start, end - start)
            self.seg_title.setFocus()

    def undo(self) -> None:
        self.document.undo()

    def redo(self) -> None:
        self.document.redo()

    # ------------------------------------------------------------------ files

    def open_path(self, path: Path) -> bool:
        try:
            show = load_show(path)
        except ShowFileError as exc:
            lines = [tr_text(p.describe()) for p in exc.problems[:10]]
            self.notifications.notify(self.tr("“{file}” could not be opened; nothing was changed:").format(
                file=Path(path).name) + "\n" + "\n".join(lines))
            return False
        self._set_document(ShowDocument(show, path=Path(path)))
        recovery = recovery_for(data_dir() / "recovery", Path(path))
        if recovery is not None and recovery.differs_from_source:
            self._offer_recovery(recovery)
        return True

    def _set_document(self, document: ShowDocument) -> None:
        self.autosave.discard()
        self.document = document
        self.document.add_listener(self._changed)
        self.autosave.set_source(document.path)
        self._segment_id = None
        self._reload_all()

    def _offer_recovery(self, recovery) -> None:
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Unsaved work found"),
                          self.tr("There are unsaved changes to this show from {time} (the console closed before "
                                  "they were saved). Restore them?").format(
                              time=dt.datetime.fromtimestamp(recovery.written_at).strftime("%Y-%m-%d %H:%M")),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setTextFormat(Qt.TextFormat.PlainText)

        def answered(result: int) -> None:
            if result == QMessageBox.StandardButton.Yes:
                try:
                    self.document.replace_show(recovery.show())
                except ShowFileError as exc:
                    self.notifications.notify(tr_text(exc.problems[0].describe()) if exc.problems else str(exc))
                    return
                self.notifications.notify(self.tr("Restored the unsaved changes. Save to keep them."), level="info",
                                          timeout_ms=10000)
            recovery.discard()

        box.finished.connect(answered)
        box.open()

    def new_show(self) -> None:
        self._set_document(ShowDocument(Show(title=self.tr("New show"), start=dt.time(20, 0))))

    def open_dialog(self) -> None:
        dialog = QFileDialog(self, self.tr("Open a show"), str(self._folder()), self.tr("Shows (*.show.toml *.toml)"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(lambda p: self.open_path(Path(p)))
        dialog.open()

    def _folder(self) -> Path:
        if self.document.path is not None:
            return self.document.path.parent
        return Path.home()

    def save(self) -> None:
        if self.document.path is None:
            self.save_as()
            return
        self._write(self.document.path)

    def save_as(self) -> None:
        name = (self.document.show.title or "show").replace("/", "-") + ".show.toml"
        dialog = QFileDialog(self, self.tr("Save the show"), str(self._folder() / name),
                             self.tr("Shows (*.show.toml)"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("show.toml")
        dialog.fileSelected.connect(lambda p: self._write(Path(p)))
        dialog.open()

    def _write(self, path: Path) -> bool:
        try:
            save_show(self.document.show, path)
        except ShowFileError as exc:
            self.notifications.notify(self.tr("The show was not saved: {why}").format(
                why="; ".join(tr_text(p.describe()) for p in exc.problems[:3])))
            return False
        self.document.mark_saved(path)
        self.autosave.saved(path)
        self._update_title()
        self.statusBar().showMessage(self.tr("Saved {file}").format(file=str(path)), 5000)
        return True

    def import_dialog(self) -> None:
        from anchor_console.ui.import_dialog import ImportDialog

        dialog = ImportDialog(self)
        dialog.imported.connect(self._imported)
        dialog.start()

    def _imported(self, show: Show) -> None:
        self._set_document(ShowDocument(show))
        self.document.replace_show(show)  # dirty: an import is unsaved work
        self.notifications.notify(self.tr("Imported {n} segments. Check the products (link them to the catalog) and "
                                          "the suggested cues, then save.").format(n=len(show.segments)),
                                  level="info", timeout_ms=15000)

    def export_dialog(self, kind: str) -> None:
        filters = {"xlsx": self.tr("Excel workbook (*.xlsx)"), "html": self.tr("Web page (*.html)"),
                   "pdf": self.tr("PDF (*.pdf)")}
        base = (self.document.show.title or "show").replace("/", "-")
        dialog = QFileDialog(self, self.tr("Export"), str(self._folder() / f"{base}.{kind}"), filters[kind])
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix(kind)
        dialog.fileSelected.connect(lambda p: self.export(kind, Path(p)))
        dialog.open()

    def export(self, kind: str, path: Path) -> bool:
        show = self.document.show
        try:
            if kind == "xlsx":
                export_xlsx(show, path, translate=tr_text)
            elif kind == "html":
                save_html(show, path, translate=tr_text)
            else:
                write_pdf(export_html(show, translate=tr_text), path)
        except (OSError, ShowFileError, SpreadsheetError) as exc:
            message = tr_text(exc.message) if hasattr(exc, "message") else str(exc)
            self.notifications.notify(self.tr("Export failed: {why}").format(why=message))
            return False
        self.statusBar().showMessage(self.tr("Exported {file}").format(file=str(path)), 5000)
        return True

    def edit_extra_words(self) -> None:
        from anchor_console.ui.words_dialog import ExtraWordsDialog

        dialog = ExtraWordsDialog(self, extra_words_path())
        dialog.saved.connect(self._words_saved)
        dialog.open()

    def _words_saved(self) -> None:
        self.word_list, problem = load_word_list()
        if problem:
            self.notifications.notify(problem, level="warning")
        self.highlighter.rehighlight()
        self._reload_all()

    def run_in_console(self) -> None:
        if self.document.path is None:
            self.notifications.notify(self.tr("Save the show first, so a running show can be resumed after a "
                                              "restart."), level="warning", timeout_ms=10000)
            self.save_as()
            return
        if self.document.dirty and not self._write(self.document.path):
            return
        self.runner.set_show(self.document.show, self.document.path)
        self.main.show_dock("timeline")

    def closeEvent(self, event) -> None:
        self.autosave.flush()  # closing with unsaved edits: keep them recoverable
        super().closeEvent(event)


def write_pdf(html: str, path: Path) -> None:
    """The printable run sheet as an A4 PDF, through Qt's own text layout."""
    doc = QTextDocument()
    doc.setHtml(html)  # our own export, every user string already escaped: not user-controlled markup
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageOrientation(QPageLayout.Orientation.Landscape)
    writer.setResolution(150)
    doc.setPageSize(writer.pageLayout().paintRectPixels(writer.resolution()).size().toSizeF())
    doc.print_(writer)
    if not path.exists():
        raise OSError(f"nothing was written to {path}")

