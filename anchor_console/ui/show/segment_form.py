"""The show editor's right side: one segment's title, length, start (after the previous one or at
a fixed time), products from the room's catalog, talking points with advertising-law words
marked as you type, notes for the assistant, and its cues. Every edit goes to the editor's
document (undoable); the form is reloaded from it."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, QTime
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox, QFormLayout, QHBoxLayout, QLineEdit, QListWidget, QListWidgetItem, QPlainTextEdit, QPushButton,
    QRadioButton, QTimeEdit, QVBoxLayout, QWidget,
)

from anchor_console.show import CheckedField, FeaturedProduct, StartMode
from anchor_console.show.limits import MAX_SEGMENT_S
from anchor_console.ui.common.i18n import tr_text
from anchor_console.ui.common.widgets import plain_label, wrapped_list, spin_box
from anchor_console.ui.show.editor_models import ComplianceHighlighter


class SegmentForm(QWidget):
    def __init__(self, editor) -> None:
        super().__init__(editor)
        self.editor = editor
        self._loading = False
        self.select_cue: str | None = None   # the cue to choose when the list is shown next
        self._build_fields()
        self._build_lists()
        self._lay_out()

    def _build_fields(self) -> None:
        self.seg_title = QLineEdit(self)
        self.seg_title.textEdited.connect(lambda t: self._set_segment("title", t))
        self.seg_minutes = spin_box(self, 0, MAX_SEGMENT_S // 60, 0, self.tr(" min"))
        self.seg_seconds = spin_box(self, 0, 59, 0, self.tr(" s"))
        self.seg_minutes.valueChanged.connect(self._duration_changed)
        self.seg_seconds.valueChanged.connect(self._duration_changed)
        self.soft = QRadioButton(self.tr("After the previous segment"), self)
        self.hard = QRadioButton(self.tr("At a fixed time"), self)
        self.hard_time = QTimeEdit(self)
        self.hard_time.setDisplayFormat("HH:mm")
        self.soft.toggled.connect(self._start_mode_changed)
        self.hard_time.timeChanged.connect(self._start_mode_changed)
        self.points = QPlainTextEdit(self)
        self.points.setObjectName("talking-points")
        self.points.setPlaceholderText(self.tr("Talking points (话术) for the anchor…"))
        self.points.textChanged.connect(lambda: self._set_segment("talking_points", self.points.toPlainText()))
        self.highlighter = ComplianceHighlighter(self.points.document(), self.editor)
        # The talking points are what this form is for: on a 768-line screen the lists around
        # them are kept short so the points get the height.
        self.points.setMinimumHeight(96)
        self.notes = QPlainTextEdit(self)
        self.notes.setPlaceholderText(self.tr("Notes for the assistant (场控)…"))
        self.notes.setMaximumHeight(56)
        self.notes.textChanged.connect(lambda: self._set_segment("notes", self.notes.toPlainText()))

    def _build_lists(self) -> None:
        self.products = QListWidget(self)
        self.products.setMaximumHeight(66)
        self.product_pick = QComboBox(self)
        self.product_pick.setEditable(False)
        self.product_pick.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        # room for a name and its id beside the buttons (it was cut to "春季新款针织开衫 (#10("); a longer
        # name widens the drop-down, not the editor, and the tooltip says it whole
        self.product_pick.setMinimumContentsLength(18)
        self.product_pick.currentTextChanged.connect(self.product_pick.setToolTip)
        self.cues = wrapped_list(QListWidget(self))
        self.cues.setObjectName("cue-list")
        self.cues.setMaximumHeight(88)
        self.cues.itemDoubleClicked.connect(lambda _i: self.edit_cue())
        self.findings_list = wrapped_list(QListWidget(self))
        self.findings_list.setObjectName("compliance-findings")
        self.findings_list.setMaximumHeight(66)
        self.findings_list.itemDoubleClicked.connect(self._goto_finding)

    def _button_row(self, *buttons: tuple[str, object]) -> QHBoxLayout:
        row = QHBoxLayout()
        for text, slot in buttons:
            button = QPushButton(text, self)
            button.clicked.connect(slot)
            row.addWidget(button)
        return row

    def _lay_out(self) -> None:
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
        prow = self._button_row((self.tr("Add product"), self.add_product), (self.tr("Remove product"),
                                                                            self.remove_product))
        prow.insertWidget(0, self.product_pick, 1)
        form.addRow(self.tr("Products"), self.products)
        form.addRow("", prow)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(plain_label(self.tr("Talking points"), self))
        layout.addWidget(self.points, 2)
        layout.addWidget(plain_label(self.tr("Advertising-law check (double-click to jump)"), self))
        layout.addWidget(self.findings_list)
        layout.addWidget(plain_label(self.tr("Notes for the assistant"), self))
        layout.addWidget(self.notes)
        layout.addWidget(plain_label(self.tr("Cues"), self))
        layout.addWidget(self.cues)
        crow = self._button_row((self.tr("Add cue…"), self.add_cue), (self.tr("Edit cue…"), self.edit_cue),
                                (self.tr("Remove cue"), self.remove_cue))
        # (their tooltips name their keys: editor_keys)
        self.add_cue_button, self.edit_cue_button, self.remove_cue_button = (crow.itemAt(i).widget() for i in range(3))
        crow.addStretch(1)
        layout.addLayout(crow)

    # ------------------------------------------------------------------ showing a segment

    def load(self, seg, findings) -> None:
        self.setEnabled(seg is not None)
        self._loading = True
        try:
            if seg is None:
                for w in (self.seg_title, self.points, self.notes, self.cues, self.products):
                    w.clear()
                return
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
            self._show_products(seg)
            self._show_cues(seg)
            self._show_findings(seg, findings)
        finally:
            self._loading = False

    def _show_products(self, seg) -> None:
        self.products.clear()
        for p in seg.products:
            item = QListWidgetItem(f"{p.label}" + (f"  (#{p.id})" if p.id else "  " + self.tr("(not linked)")))
            item.setData(Qt.ItemDataRole.UserRole, p.id)
            self.products.addItem(item)

    def _show_cues(self, seg) -> None:
        """The segment's cues, the one chosen before still chosen (a cue moved or edited with the
        keyboard stays where the keys are), or the one `select_cue` names."""
        current = self.cues.currentItem()
        chosen = self.select_cue or (current.data(Qt.ItemDataRole.UserRole) if current is not None else None)
        self.select_cue = None
        self.cues.clear()
        for cue in seg.cues:
            item = QListWidgetItem(f"[{tr_text(cue.mode.label)}] {tr_text(cue.describe())}")
            item.setData(Qt.ItemDataRole.UserRole, cue.id)
            problems = cue.action.problems()
            if problems:
                item.setForeground(QColor("#c62828"))
                item.setToolTip("\n".join(tr_text(p) for p in problems))
            self.cues.addItem(item)
            if cue.id == chosen:
                self.cues.setCurrentItem(item)

    def _show_findings(self, seg, findings) -> None:
        self.findings_list.clear()
        for f in findings:
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

    def refresh_products(self, catalog) -> None:
        self.product_pick.clear()
        for p in sorted(catalog.products.values(), key=lambda p: p.id):
            self.product_pick.addItem(f"{p.name} (#{p.id})", p.id)

    # ------------------------------------------------------------------ edits

    @property
    def _segment_id(self) -> str | None:
        return self.editor.segment_id

    def _set_segment(self, name: str, value) -> None:
        if not self._loading and self._segment_id:
            self.editor.guard(self.editor.document.set_segment_field, self._segment_id, name, value)

    def _duration_changed(self, *_a) -> None:
        self._set_segment("duration_s", self.seg_minutes.value() * 60 + self.seg_seconds.value())

    def _start_mode_changed(self, *_a) -> None:
        if self._loading or not self._segment_id:
            return
        self.hard_time.setEnabled(self.hard.isChecked())
        set_field = self.editor.document.set_segment_field
        if self.hard.isChecked():
            t = self.hard_time.time()
            self.editor.guard(set_field, self._segment_id, "hard_start", dt.time(t.hour(), t.minute()))
            self.editor.guard(set_field, self._segment_id, "start_mode", StartMode.HARD)
        else:
            self.editor.guard(set_field, self._segment_id, "start_mode", StartMode.SOFT)

    def add_product(self) -> None:
        seg = self.editor.current_segment()
        pid = self.product_pick.currentData()
        if seg is None or pid is None or any(p.id == pid for p in seg.products):
            return
        product = self.editor.session.catalog.products[pid]
        self._set_segment("products", tuple(seg.products) + (FeaturedProduct(product.id, product.name),))

    def remove_product(self) -> None:
        seg = self.editor.current_segment()
        row = self.products.currentRow()
        if seg is None or not 0 <= row < len(seg.products):
            return
        self._set_segment("products", tuple(p for i, p in enumerate(seg.products) if i != row))

    def _open_cue_dialog(self, seg, cue) -> None:
        from anchor_console.ui.show.cue_dialog import CueDialog

        editor = self.editor
        dialog = CueDialog(editor, editor.session.catalog, seg, cue)
        if cue is None:
            dialog.accepted_cue.connect(lambda action, trigger, mode, note: editor.guard(
                editor.document.add_cue, seg.id, action, trigger=trigger, mode=mode, note=note))
        else:
            dialog.accepted_cue.connect(lambda action, trigger, mode, note: editor.guard(
                editor.document.update_cue, cue.id, action=action, trigger=trigger, mode=mode, note=note))
        dialog.open()

    def add_cue(self) -> None:
        seg = self.editor.current_segment()
        if seg is not None:
            self._open_cue_dialog(seg, None)

    def edit_cue(self) -> None:
        seg = self.editor.current_segment()
        item = self.cues.currentItem()
        if seg is not None and item is not None:
            self._open_cue_dialog(seg, seg.cue(item.data(Qt.ItemDataRole.UserRole)))

    def remove_cue(self) -> None:
        item = self.cues.currentItem()
        if item is not None:
            row = self.cues.row(item)   # the next cue is chosen then (Delete again removes it)
            after = self.cues.item(row + 1) or self.cues.item(row - 1)
            self.select_cue = after.data(Qt.ItemDataRole.UserRole) if after is not None else None
            self.editor.guard(self.editor.document.remove_cue, item.data(Qt.ItemDataRole.UserRole))

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
