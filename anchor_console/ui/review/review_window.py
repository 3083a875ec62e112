"""The review window (复盘) of one recorded show: the overview with the comparison against earlier
shows and the online and GMV charts (segments as bands, cues as markers), then a tab per section —
segments and their cues, products (commission editable, kept with the record), flash sales and
coupons, red packets and lucky bags, moderation and questions — and the crew's notes, saved with the show. Exports the review
to .xlsx (`review_export`), HTML (charts embedded) and PDF.

Reading the record, saving and exporting run on worker threads through tracked tasks; a record
that cannot be read says so in the window instead of raising."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView, QDoubleSpinBox, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QPlainTextEdit,
    QPushButton, QSplitter, QTableWidget, QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget,
)

from anchor_console.domain.clock import format_clock
from anchor_console.domain.text import os_error_words
from anchor_console.session.live_figures import LiveFigures
from anchor_console.session.review import (
    Review, compute_review, save_notes, set_commission,
)
from anchor_console.session import review_sections as sections
from anchor_console.session.review_export import export_xlsx
from anchor_console.session.show_record_file import FIGURES, RecordError
from anchor_console.ui.common.i18n import tr_text
from anchor_console.ui.common.widgets import fit_to_screen, plain_label
from anchor_console.ui.data_screen.charts import TimeChart
from anchor_console.ui.review import review_tables as tables
from anchor_console.ui.review.review_report import write_html, write_pdf

log = logging.getLogger("anchor_console.ui.review")
ONLINE, GMV = FIGURES.index("online") + 1, FIGURES.index("gmv_fen") + 1


def _why(exc: Exception) -> str:
    """A record's own words for what is wrong with it (translated), else the system's."""
    return tr_text(exc.message) if isinstance(exc, RecordError) else os_error_words(exc)


def load_review(path: Path, journal, folder: Path) -> tuple[Review, LiveFigures]:
    """On a worker thread: the review, and the record's bands and markers for the charts."""
    review = compute_review(path, journal=journal, history=folder)
    marks = LiveFigures()
    marks.load(path)
    return review, marks


RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
WIDE_CAP_CHARS = 48   # the name column at most this many digits wide: its figures stay near it


class ReviewTable(QTableWidget):
    """A section's table: figures right-aligned; its wide column (names, descriptions) as wide as
    its text, up to a cap and down to what the window leaves it — stretched, a cue's name took a
    1920 px window's width and left its figures at the far edge."""

    wide = -1
    natural = 0   # the wide column's width for its text

    def fit_wide(self) -> None:
        if not 0 <= self.wide < self.columnCount():
            return
        others = sum(self.columnWidth(c) for c in range(self.columnCount()) if c != self.wide)
        room = self.viewport().width() - others
        cap = self.fontMetrics().horizontalAdvance("0") * WIDE_CAP_CHARS
        self.setColumnWidth(self.wide, max(120, min(self.natural, cap, room)))

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.fit_wide()


def fill_table(widget: ReviewTable, table: tables.Table) -> None:
    widget.clear()
    widget.setColumnCount(len(table.headers))
    widget.setHorizontalHeaderLabels(table.headers)
    widget.setRowCount(len(table.rows))
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row):
            item = QTableWidgetItem(cell.text)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            if cell.color:
                item.setForeground(QColor(cell.color))
            if cell.right:
                item.setTextAlignment(RIGHT)
            widget.setItem(r, c, item)
    widget.resizeColumnsToContents()
    header = widget.horizontalHeader()
    for c in range(len(table.headers)):
        header.setSectionResizeMode(c, QHeaderView.ResizeMode.Interactive)
    widget.wide = table.wide
    widget.natural = widget.columnWidth(table.wide) if 0 <= table.wide < len(table.headers) else 0
    widget.fit_wide()


def table_widget(parent: QWidget) -> ReviewTable:
    widget = ReviewTable(parent)
    widget.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    widget.setAlternatingRowColors(True)
    widget.verticalHeader().hide()
    widget.horizontalHeader().setStretchLastSection(False)
    return widget


class ReviewWindow(QWidget):
    def __init__(self, window, path: Path) -> None:
        super().__init__(None, Qt.WindowType.Window)
        self.window = window
        self.session = window.session
        self.path = Path(path)
        self.review: Review | None = None
        self.setObjectName("review-window")
        self.setWindowTitle(self.tr("Review"))
        self.heading = plain_label(self.tr("Reading the record…"), self)
        f = self.heading.font()
        f.setPointSizeF(f.pointSizeF() * 1.4)
        f.setBold(True)
        self.heading.setFont(f)
        self.badge = plain_label(self.tr("REHEARSAL"), self)
        self.badge.setStyleSheet("QLabel { background: #ef6c00; color: white; font-weight: bold;"
                                 " border-radius: 4px; padding: 2px 8px; }")
        self.badge.hide()
        self.status = plain_label("", self, wrap=True)
        self.xlsx_button = QPushButton(self.tr("Export to Excel…"), self)
        self.html_button = QPushButton(self.tr("Export to HTML…"), self)
        self.pdf_button = QPushButton(self.tr("Export to PDF…"), self)
        self.xlsx_button.clicked.connect(lambda: self.choose_export("xlsx"))
        self.html_button.clicked.connect(lambda: self.choose_export("html"))
        self.pdf_button.clicked.connect(lambda: self.choose_export("pdf"))
        head = QHBoxLayout()
        head.addWidget(self.heading, 1)
        head.addWidget(self.badge)
        for b in (self.xlsx_button, self.html_button, self.pdf_button):
            b.setEnabled(False)
            head.addWidget(b)
        self.tabs = QTabWidget(self)
        self.tabs.hide()
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.status)
        layout.addWidget(self.tabs, 1)
        self._build_tabs()
        fit_to_screen(self, 1280, 760, near=window)
        self.reload()

    # ------------------------------------------------------------------ the tabs

    def _build_tabs(self) -> None:
        overview = QWidget(self)
        self.overview_table, self.comparison_table = table_widget(overview), table_widget(overview)
        self.online_chart = TimeChart(self.tr("Online"), "#1565c0", dark=False, parent=overview)
        self.gmv_chart = TimeChart(self.tr("GMV (¥, since the show started)"), "#ef6c00", dark=False, money=True,
                                   parent=overview)
        left = QSplitter(Qt.Orientation.Vertical, overview)
        for table in (self.overview_table, self.comparison_table):
            left.addWidget(self._captioned(table, left))
        right = QSplitter(Qt.Orientation.Vertical, overview)
        right.addWidget(self.online_chart)
        right.addWidget(self.gmv_chart)
        split = QSplitter(Qt.Orientation.Horizontal, overview)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        QVBoxLayout(overview).addWidget(split)
        self.tabs.addTab(overview, self.tr("Overview"))

        self.segments_table, self.cues_table = self._tab_of_two(self.tr("Segments and cues"))
        self.products_table = table_widget(self)
        self.revenue_label = plain_label("", self)
        products = QWidget(self)
        box = QVBoxLayout(products)
        box.addWidget(self.products_table, 1)
        box.addWidget(self.revenue_label)
        self.tabs.addTab(products, self.tr("Products and commission"))
        self.flash_table, self.coupons_table = self._tab_of_two(self.tr("Flash sales and coupons"))
        self.red_packets_table, self.lucky_bags_table = self._tab_of_two(self.tr("Red packets and lucky bags"))
        self.moderation_table, self.questions_table = self._tab_of_two(self.tr("Moderation and questions"))

        notes = QWidget(self)
        self.notes = QPlainTextEdit(notes)
        self.notes.setPlaceholderText(self.tr("What went well, what to change next time…"))
        self.save_notes_button = QPushButton(self.tr("Save notes"), notes)
        self.save_notes_button.clicked.connect(self.save_notes)
        self.notes_status = plain_label("", notes)
        row = QHBoxLayout()
        row.addWidget(self.notes_status, 1)
        row.addWidget(self.save_notes_button)
        box = QVBoxLayout(notes)
        box.addWidget(self.notes, 1)
        box.addLayout(row)
        self.tabs.addTab(notes, self.tr("Notes"))
        self.notes_labels: dict[QTableWidget, QLabel] = {}

    def _tab_of_two(self, title: str) -> tuple[QTableWidget, QTableWidget]:
        page = QWidget(self)
        split = QSplitter(Qt.Orientation.Vertical, page)
        first, second = table_widget(split), table_widget(split)
        for w in (first, second):
            split.addWidget(self._captioned(w, split))
        QVBoxLayout(page).addWidget(split)
        self.tabs.addTab(page, title)
        return first, second

    @staticmethod
    def _captioned(table: QTableWidget, parent: QWidget) -> QWidget:
        """The table under its section's title, with the section's note under it."""
        holder = QWidget(parent)
        box = QVBoxLayout(holder)
        box.setContentsMargins(0, 0, 0, 0)
        caption = plain_label("", holder)
        caption.setStyleSheet("font-weight: bold;")
        note = plain_label("", holder, wrap=True)
        box.addWidget(caption)
        box.addWidget(table, 1)
        box.addWidget(note)
        table.setProperty("caption", caption)
        table.setProperty("note", note)
        return holder

    # ------------------------------------------------------------------ loading

    def reload(self) -> None:
        self.session.tasks.spawn(self._load(), name="review-load", key=f"review-load:{self.path}")

    async def _load(self) -> None:
        try:
            review, marks = await asyncio.to_thread(load_review, self.path, self.session.journal,
                                                    self.session.paths.show_records)
        except RecordError as exc:
            self.show_problem(self.tr("This show's record cannot be read: {why}").format(why=tr_text(exc.message)))
            return
        except Exception as exc:   # a record from a newer or damaged console: say so, keep the console up
            log.exception("reviewing %s failed", self.path)
            self.show_problem(self.tr("The review could not be made: {why}").format(why=type(exc).__name__))
            return
        self.show_review(review, marks)

    def show_problem(self, text: str) -> None:
        self.heading.setText(self.path.name)
        self.status.setText(text)
        self.status.setStyleSheet("color: #c62828;")
        self.tabs.hide()

    def show_review(self, review: Review, marks: LiveFigures) -> None:
        first = self.review is None
        self.review = review
        o = review.overview
        title = o.title or self.tr("Untitled show")
        self.heading.setText(self.tr("Review: {title}").format(title=title))
        self.setWindowTitle(self.tr("Review: {title}").format(title=title))
        self.badge.setVisible(o.rehearsal)
        self.status.setStyleSheet("")
        self.status.setText(self.tr("{started} · {length} · a rehearsal: its figures are not a live show's").format(
            started=sections.started_at(review), length=format_clock(o.length_s)) if o.rehearsal else
            "{started} · {length}".format(started=sections.started_at(review), length=format_clock(o.length_s)))
        for widget, section in ((self.overview_table, sections.overview), (self.comparison_table, sections.comparison),
                                (self.segments_table, sections.segments), (self.cues_table, sections.cues),
                                (self.flash_table, sections.flash_sales), (self.coupons_table, sections.coupons),
                                (self.red_packets_table, sections.red_packets),
                                (self.lucky_bags_table, sections.lucky_bags),
                                (self.moderation_table, sections.moderation),
                                (self.questions_table, sections.questions)):
            self._fill(widget, tables.as_table(section(review)))
        self._fill_products(review)
        if first:
            self.notes.setPlainText(review.notes)
            self._draw_charts(review, marks)
        for b in (self.xlsx_button, self.html_button, self.pdf_button):
            b.setEnabled(True)
        self.tabs.show()

    def _fill(self, widget: QTableWidget, table: tables.Table) -> None:
        fill_table(widget, table)
        caption, note = widget.property("caption"), widget.property("note")
        if caption is not None:
            caption.setText(table.title)
        if note is not None:
            note.setText(table.note)
            note.setVisible(bool(table.note))

    def _draw_charts(self, review: Review, marks: LiveFigures) -> None:
        rows = review.series
        times = [r[0] for r in rows]
        base_gmv = rows[-1][GMV] - review.overview.totals.get("gmv_fen", 0) if rows else 0
        end_t = review.overview.length_s
        for chart, values in ((self.online_chart, [r[ONLINE] for r in rows]),
                              (self.gmv_chart, [r[GMV] - base_gmv for r in rows])):
            chart.clear_show()
            chart.extend(times, values)
            chart.set_bands(marks.bands, end_t)
            chart.add_markers(marks.markers)

    # ------------------------------------------------------------------ commission

    def _fill_products(self, review: Review) -> None:
        section = sections.products(review)
        table = tables.as_table(section)
        self._fill(self.products_table, table)
        self.revenue_label.setText(table.note)
        column = section.column("commission_rate")
        for r, p in enumerate(review.products):
            box = QDoubleSpinBox(self.products_table)
            box.setRange(0.0, 100.0)
            box.setDecimals(2)
            box.setSuffix(" %")
            box.setValue(p.commission_bp / 100)
            box.setObjectName(f"commission-{p.product_id}")
            box.editingFinished.connect(lambda pid=p.product_id, b=box: self.change_commission(pid, b.value()))
            self.products_table.setCellWidget(r, column, box)
        self.products_table.resizeColumnToContents(column)

    def change_commission(self, product_id: str, percent: float) -> None:
        bp = int(round(percent * 100))
        current = next((p.commission_bp for p in self.review.products if p.product_id == product_id), None)
        if current == bp:
            return
        self.session.tasks.spawn(self._save_commission(product_id, bp), name="review-commission",
                                 key=f"review-commission:{self.path}:{product_id}")

    async def _save_commission(self, product_id: str, bp: int) -> None:
        try:
            await asyncio.to_thread(set_commission, self.path, {product_id: bp})
        except (RecordError, OSError) as exc:
            self.status.setText(self.tr("The commission could not be saved: {why}").format(why=_why(exc)))
            return
        self.reload()   # the revenue follows the new rate

    # ------------------------------------------------------------------ notes

    def save_notes(self) -> None:
        self.session.tasks.spawn(self._save_notes(self.notes.toPlainText()), name="review-notes",
                                 key=f"review-notes:{self.path}")

    async def _save_notes(self, text: str) -> None:
        try:
            await asyncio.to_thread(save_notes, self.path, text)
        except (RecordError, OSError) as exc:
            self.notes_status.setText(self.tr("The notes could not be saved: {why}").format(why=_why(exc)))
            return
        self.notes_status.setText(self.tr("Notes saved with the show."))

    # ------------------------------------------------------------------ exports

    def choose_export(self, kind: str) -> None:
        """A save dialog that does not block (the console keeps running behind it)."""
        filters = {"xlsx": self.tr("Excel workbooks (*.xlsx)"), "html": self.tr("Web pages (*.html)"),
                   "pdf": self.tr("PDF documents (*.pdf)")}
        suggested = str(Path.home() / f"{self.path.stem}-review.{kind}")
        dialog = QFileDialog(self, self.tr("Export the review"), suggested, filters[kind])
        dialog.setObjectName("review-export-dialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix(kind)
        dialog.fileSelected.connect(lambda p: self.export(kind, Path(p)))
        dialog.open()

    def chart_images(self) -> dict[str, bytes]:
        return {self.tr("Online"): self.online_chart.to_png(), self.tr("GMV (¥)"): self.gmv_chart.to_png()}

    def export(self, kind: str, path: Path):
        """Export to `path` (a task; returns it, for tests)."""
        if self.review is None:
            return None
        return self.session.tasks.spawn(self._export(kind, path), name="review-export",
                                        key=f"review-export:{self.path}:{kind}")

    async def _export(self, kind: str, path: Path) -> None:
        review, notes = self.review, self.notes.toPlainText()
        self.status.setText(self.tr("Exporting…"))
        try:
            if kind == "xlsx":
                await asyncio.to_thread(export_xlsx, review, path, translate=tr_text)
            else:
                charts = self.chart_images()   # rendered here: widgets belong to the ui thread
                write = write_html if kind == "html" else write_pdf
                await asyncio.to_thread(write, review, charts, notes, path)
        except OSError as exc:
            self.status.setText(self.tr("The review could not be exported: {why}").format(why=os_error_words(exc)))
            return
        except Exception as exc:  # noqa: BLE001 - a bug of ours: said here, not left at "Exporting…"
            log.exception("exporting the review as %s failed", kind)
            self.status.setText(self.tr("The review could not be exported: {why}").format(why=type(exc).__name__))
            return
        self.status.setText(self.tr("Exported to {path}").format(path=str(path)))

    def stop(self) -> None:
        """Closed: what it was still reading, saving or exporting is cancelled."""
        keys = [f"review-load:{self.path}", f"review-notes:{self.path}"]
        keys += [f"review-export:{self.path}:{kind}" for kind in ("xlsx", "html", "pdf")]
        keys += [f"review-commission:{self.path}:{p.product_id}" for p in (self.review.products if self.review else ())]
        for key in keys:
            self.session.tasks.cancel(key)

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        self.stop()
        super().closeEvent(event)
