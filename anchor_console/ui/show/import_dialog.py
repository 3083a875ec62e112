"""Importing a 直播脚本 spreadsheet (.xlsx, .csv): the detected header row and column meanings are
shown with a preview of the segments they produce; prep staff fix any column by hand and see the
preview again before importing."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QListWidget,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from anchor_console.show import SheetField, SpreadsheetError, preview_import
from anchor_console.domain.clock import format_clock
from anchor_console.ui.common.i18n import tr_text
from anchor_console.ui.common.widgets import plain_label


class ImportDialog(QDialog):
    imported = Signal(object)   # Show

    def __init__(self, parent) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Import a run-of-show spreadsheet"))
        self.setObjectName("import-dialog")
        self.resize(900, 620)
        self.path: Path | None = None
        self.preview = None
        self.file_label = plain_label("", self)
        self.header_row = QSpinBox(self)
        self.header_row.setRange(1, 200)
        self.header_row.setPrefix(self.tr("Header row "))
        self.header_row.valueChanged.connect(lambda _v: self.refresh(use_mapping=False))
        choose = QPushButton(self.tr("Choose file…"), self)
        choose.clicked.connect(self.start)
        top = QHBoxLayout()
        top.addWidget(self.file_label, 1)
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
        self.warnings = QListWidget(self)
        self.warnings.setMaximumHeight(110)
        self.summary = plain_label("", self)
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
        layout.addWidget(plain_label(self.tr("Warnings"), self))
        layout.addWidget(self.warnings)
        layout.addWidget(self.buttons)
        self.import_button.setEnabled(False)

    def start(self) -> None:
        dialog = QFileDialog(self.parent(), self.tr("Import a spreadsheet"), str(Path.home()),
                             self.tr("Spreadsheets (*.xlsx *.csv)"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(self.load)
        dialog.open()

    def load(self, path: str) -> None:
        self.path = Path(path)
        self.file_label.setText(self.path.name)
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
        if self.path is None:
            return
        try:
            self.preview = preview_import(self.path, mapping=self.mapping() if use_mapping else None,
                                          header_row=None if detect else self.header_row.value(), limit=30)
        except SpreadsheetError as exc:
            self.preview = None
            self.summary.setText(tr_text(exc.message))
            self.import_button.setEnabled(False)
            return
        p = self.preview
        self.header_row.blockSignals(True)
        self.header_row.setValue(p.header_row)
        self.header_row.blockSignals(False)
        if not use_mapping:
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
        self.warnings.clear()
        for w in p.warnings:
            where = self.tr("row {row}").format(row=w.row) if w.row else self.tr("sheet")
            self.warnings.addItem(f"{where}{' · ' + w.column if w.column else ''}: {tr_text(w.message)}")
        self.import_button.setEnabled(bool(show.segments))

    def _import(self) -> None:
        if self.preview is not None and self.preview.show.segments:
            self.imported.emit(self.preview.show)
            self.accept()
