"""Importing a 直播脚本 spreadsheet (.xlsx, .csv): the detected header row and column meanings are
shown with a preview of the segments they produce; prep staff fix any column by hand and see the
preview again before importing.

Products and coupon cues are linked to the room's catalog where that is certain; a product whose
sheet ID names another catalog product is listed with a warning and left unlinked until the user
chooses (use the ID, link by name, or leave it unlinked). A file that cannot be read says why in
the dialog, whatever went wrong.

The sheet is read off the ui thread (openpyxl took 5 s for a 5,000-row workbook picked by mistake,
and the preview is read again for every column changed): the dialog says it is reading, and a
newer choice replaces a read still under way."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFileDialog, QHBoxLayout, QHeaderView, QListWidget, QPushButton,
    QSpinBox, QTableWidget, QTableWidgetItem, QVBoxLayout,
)

from anchor_console.show import CatalogNames, LinkChoice, SheetField, SpreadsheetError, preview_import
from anchor_console.domain.clock import format_clock
from anchor_console.ui.common.i18n import tr_text
from anchor_console.ui.common.widgets import fit_to_screen, plain_label, wrapped_list

log = logging.getLogger("anchor_console.ui.import")


def catalog_names(catalog) -> CatalogNames:
    """What the room's catalog calls things; empty when there is no catalog (not connected)."""
    if catalog is None:
        return CatalogNames()
    return CatalogNames({str(i): p.name for i, p in catalog.products.items()},
                        {str(i): t.name for i, t in catalog.templates.items()})


class ImportDialog(QDialog):
    imported = Signal(object)   # Show

    def __init__(self, parent, catalog, tasks) -> None:
        super().__init__(parent)
        self._tasks = tasks      # the session's: a read still under way is cancelled on close
        self._task_key = f"show-import:{id(self)}"
        self._columns_pending = False   # a read that brings new columns was replaced: the next one shows them
        self.setWindowTitle(self.tr("Import a run-of-show spreadsheet"))
        self.setObjectName("import-dialog")
        fit_to_screen(self, 900, 680)
        self.path: Path | None = None
        self.preview = None
        self.catalog = catalog   # the room's catalog (None when not connected: nothing is linked)
        self.link_choices: dict[tuple[str, str], LinkChoice] = {}
        self._link_keys: list[tuple[str, str]] = []
        self.file_label = plain_label("", self)
        self._sheet: str | None = None   # the worksheet read (detected first, then kept or chosen)
        self.sheet = QComboBox(self)
        self.sheet.setObjectName("import-sheet")
        self.sheet.setToolTip(self.tr("The sheet of the workbook to import"))
        self.sheet.hide()
        self.sheet.currentIndexChanged.connect(self._sheet_chosen)
        self.header_row = QSpinBox(self)
        self.header_row.setRange(1, 200)
        self.header_row.setPrefix(self.tr("Header row "))
        self.header_row.valueChanged.connect(lambda _v: self.refresh(use_mapping=False))
        choose = QPushButton(self.tr("Choose file…"), self)
        choose.clicked.connect(self.start)
        top = QHBoxLayout()
        top.addWidget(self.file_label, 1)
        top.addWidget(self.sheet)
        top.addWidget(self.header_row)
        top.addWidget(choose)
        self.columns = QTableWidget(0, 3, self)
        self.columns.setObjectName("column-mapping")
        self.columns.setHorizontalHeaderLabels([self.tr("Column in the sheet"), self.tr("Means"),
                                                self.tr("Confidence")])
        self.columns.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.columns.verticalHeader().hide()
        self.segments = QTableWidget(0, 5, self)
        self.segments.setObjectName("import-preview")
        self.segments.setHorizontalHeaderLabels([self.tr("Segment"), self.tr("Length"), self.tr("Products"),
                                                 self.tr("Cues"), self.tr("Talking points")])
        self.segments.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.segments.verticalHeader().hide()
        self.links_label = plain_label(self.tr(
            "These products' IDs name other catalog products, so they were not linked. Choose for each:"), self)
        self.links = QTableWidget(0, 4, self)
        self.links.setObjectName("product-links")
        self.links.setHorizontalHeaderLabels([self.tr("Row"), self.tr("In the sheet"), self.tr("The catalog's product"),
                                              self.tr("Link")])
        fit, share = QHeaderView.ResizeMode.ResizeToContents, QHeaderView.ResizeMode.Stretch   # names share the room
        for column, mode in enumerate((fit, share, share, fit)):
            self.links.horizontalHeader().setSectionResizeMode(column, mode)
        self.links.verticalHeader().hide()
        self.links.setMaximumHeight(120)
        self.warnings = wrapped_list(QListWidget(self))   # a warning names a row, a product and what to do
        self.warnings.setObjectName("import-warnings")
        self.warnings.setMaximumHeight(110)
        self.summary = plain_label("", self, wrap=True)
        self.buttons = QDialogButtonBox(self)
        self.import_button = self.buttons.addButton(self.tr("Import"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._import)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(plain_label(self.tr("Columns (change what a column means if it was guessed wrong):"), self))
        layout.addWidget(self.columns, 2)
        layout.addWidget(self.summary)
        layout.addWidget(self.segments, 3)
        layout.addWidget(self.links_label)
        layout.addWidget(self.links)
        layout.addWidget(plain_label(self.tr("Warnings"), self))
        layout.addWidget(self.warnings)
        layout.addWidget(self.buttons)
        self.links_label.hide()
        self.links.hide()
        self.import_button.setEnabled(False)
        key = self._task_key   # closed or gone: a read under way is dropped, not shown in a dead dialog
        self.finished.connect(lambda _r: tasks.cancel(key))
        self.destroyed.connect(lambda *_: tasks.cancel(key))

    def start(self) -> None:
        dialog = QFileDialog(self.parent(), self.tr("Import a spreadsheet"), str(Path.home()),
                             self.tr("Spreadsheets (*.xlsx *.csv)"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(self.load)
        dialog.open()

    def load(self, path: str) -> None:
        self.path = Path(path)
        self.link_choices = {}
        self._sheet = None
        self._show_sheets(())
        self.file_label.setText(self.path.name)
        self._clear_preview()   # another file: the last one's preview goes while this one is read
        self.refresh(use_mapping=False, detect=True)
        if not self.isVisible():
            self.open()

    def mapping(self) -> dict[int, SheetField | None]:
        out = {}
        for row in range(self.columns.rowCount()):
            combo = self.columns.cellWidget(row, 1)
            out[combo.property("column")] = combo.currentData()
        return out

    def refresh(self, *, use_mapping: bool = True, detect: bool = False) -> None:
        """Read the sheet again with the header row and columns as chosen now (in the background)."""
        if self.path is None:
            return
        self.preview = None
        self.import_button.setEnabled(False)
        self.summary.setText(self.tr("Reading {file}…").format(file=self.path.name))
        new_columns = not use_mapping or self._columns_pending
        self._columns_pending = new_columns
        self._tasks.spawn(self._read(self.path, self.mapping() if use_mapping else None,
                                     None if detect else self.header_row.value(), new_columns, self._sheet),
                          name="show-import-preview", key=self._task_key)

    def _sheet_chosen(self, _index: int) -> None:
        name = self.sheet.currentData()
        if name is not None and name != self._sheet:
            self._sheet = name
            self.refresh(use_mapping=False, detect=True)   # another sheet: its own header row and columns

    def _show_sheets(self, sheets) -> None:
        """The workbook's sheets to choose from (none shown for a single sheet or a CSV file)."""
        self.sheet.blockSignals(True)
        self.sheet.clear()
        for name, hidden in sheets:
            self.sheet.addItem(self.tr("{sheet} (hidden)").format(sheet=name) if hidden else name, name)
        self.sheet.setCurrentIndex(max(0, self.sheet.findData(self._sheet)))
        self.sheet.blockSignals(False)
        self.sheet.setVisible(len(sheets) > 1)

    async def _read(self, path: Path, mapping, header_row: int | None, new_columns: bool, sheet: str | None) -> None:
        names, choices = catalog_names(self.catalog), dict(self.link_choices)
        try:
            p = await asyncio.to_thread(preview_import, path, mapping=mapping, header_row=header_row, sheet=sheet,
                                        limit=30, catalog=names, link_choices=choices)
        except SpreadsheetError as exc:
            self._cannot_read(tr_text(exc.message))
        except Exception as exc:  # a reader bug must not become a traceback or a dead dialog
            log.exception("importing %s failed", path)
            self._cannot_read(self.tr("{file} could not be read ({error}).").format(file=path.name,
                                                                                   error=type(exc).__name__))
        else:
            self._columns_pending = False
            self._show_preview(p, new_columns)

    def _cannot_read(self, why: str) -> None:
        """Say in the dialog why the file cannot be read; nothing can be imported from it."""
        self._columns_pending = False
        self.summary.setText(why)
        self._clear_preview()

    def _clear_preview(self) -> None:
        self.preview = None
        self.segments.setRowCount(0)
        self.links.setRowCount(0)
        self._link_keys = []
        self.links.hide()
        self.links_label.hide()
        self.warnings.clear()
        self.import_button.setEnabled(False)

    def _show_preview(self, p, new_columns: bool) -> None:
        self.preview = p
        self._sheet = p.sheet   # read again with a column or the header row changed: this sheet, not the first
        self._show_sheets(p.sheets)
        self.header_row.blockSignals(True)
        self.header_row.setValue(p.header_row)
        self.header_row.blockSignals(False)
        if new_columns:
            self._show_columns(p)
        show = p.show
        self.summary.setText(self.tr("{n} segments, {length} in total{title}").format(
            n=len(show.segments), length=format_clock(sum(s.duration_s for s in show.segments)),
            title=f" — {show.title}" if show.title else ""))
        self.segments.setRowCount(len(p.segments))
        for row, seg in enumerate(p.segments):
            cells = [seg.title, format_clock(seg.duration_s), "、".join(x.label for x in seg.products),
                     str(len(seg.cues)) if seg.cues else "", seg.talking_points.replace("\n", " ")[:120]]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.segments.setItem(row, c, item)
        self._show_links(p)
        self.warnings.clear()
        for w in p.warnings:
            where = self.tr("row {row}").format(row=w.row) if w.row else self.tr("sheet")
            self.warnings.addItem(f"{where}{' · ' + w.column if w.column else ''}: {tr_text(w.message)}")
        self.import_button.setEnabled(bool(show.segments))

    def _show_columns(self, p) -> None:
        self.columns.setRowCount(len(p.columns))
        for row, col in enumerate(p.columns):
            self.columns.setItem(row, 0, QTableWidgetItem(col.header or f"#{col.index + 1}"))
            combo = QComboBox(self.columns)
            combo.setProperty("column", col.index)
            combo.addItem(self.tr("(ignore)"), None)
            for f in SheetField:
                combo.addItem(tr_text(f.label), f)
            combo.setCurrentIndex(max(0, combo.findData(col.field)))
            combo.currentIndexChanged.connect(lambda _i: self.refresh(use_mapping=True))
            self.columns.setCellWidget(row, 1, combo)
            self.columns.setItem(row, 2, QTableWidgetItem(f"{col.confidence:.0%}" if col.field else ""))

    def _show_links(self, p) -> None:
        """One row per product whose sheet ID names another catalog product, with the choice."""
        keys = [mm.key for mm in p.mismatches]
        self.links.setVisible(bool(keys))
        self.links_label.setVisible(bool(keys))
        if keys == self._link_keys:
            return  # the same products: the boxes already show the choices (one may be emitting now)
        self._link_keys = keys
        self.links.setRowCount(len(p.mismatches))
        for row, mm in enumerate(p.mismatches):
            first = p.segment_rows.get(mm.segment_ids[0])
            texts = [str(first or ""), f"{mm.sheet_name} (ID {mm.sheet_id})", f"#{mm.sheet_id} {mm.catalog_name}"]
            for c, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.links.setItem(row, c, item)
            combo = QComboBox(self.links)
            for choice in mm.choices:
                label = tr_text(choice.label)
                if choice is LinkChoice.BY_NAME:
                    label += f" (#{mm.name_match_id})"
                combo.addItem(label, choice)
            combo.setCurrentIndex(max(0, combo.findData(mm.choice)))
            combo.currentIndexChanged.connect(
                lambda _i, key=mm.key, box=combo: self._choose_link(key, box.currentData()))
            self.links.setCellWidget(row, 3, combo)

    def _choose_link(self, key: tuple[str, str], choice: LinkChoice) -> None:
        self.link_choices[key] = choice
        self.refresh(use_mapping=True)

    def _import(self) -> None:
        if self.preview is not None and self.preview.show.segments:
            self.imported.emit(self.preview.show)
            self.accept()
