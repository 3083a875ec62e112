"""The show editor for prep staff (运营/编导): segments with drag reorder and computed start times,
the total against the target length, products picked from the room's catalog, talking points
checked against the advertising-law word list as you type, every segment's problems in its Check
column and the line under the list (show.validation: a cue past its end, no title, 0:00, a cue's
invalid terms, a product the catalog lacks), a cue editor, undo/redo, the keyboard (editor_keys),
autosave with crash recovery, spreadsheet import with a column-mapping preview, and export to
.xlsx, HTML and PDF.

A show with problems is saved when asked (a draft may be incomplete: the editor says what is left);
"Run this show" asks first, listing them — the console itself refuses a live start for the problems
marked red (a cue past its end or not valid, a fixed start with no time); a dry run leaves unfinished
cues out."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from pathlib import Path

from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QDateEdit, QFileDialog, QFrame, QHBoxLayout, QLineEdit, QMainWindow, QMessageBox,
    QPushButton, QScrollArea, QSplitter, QTableView, QTimeEdit, QVBoxLayout, QWidget,
)

from anchor_console.show import (
    ChangeKind, Finding, SegmentProblem, ShowAutosave, ShowDocument, ShowEditError, ShowFileError, check_show,
    save_show, show_problems,
)
from anchor_console.domain.clock import format_clock
from anchor_console.show.limits import MAX_SHOW_S
from anchor_console.show.model import Show
from anchor_console.ui.common.i18n import reasons_text, tr_text
from anchor_console.ui.common.widgets import every_second, fit_to_screen, plain_label, row_table, spin_box
from anchor_console.ui.show.editor_keys import EditorKeys
from anchor_console.ui.show.editor_models import PlanSegmentsModel
from anchor_console.ui.show.editor_notices import EditorNotices, ProblemsLine, ask_before_run
from anchor_console.ui.show.import_dialog import catalog_names
from anchor_console.ui.show.segment_form import SegmentForm
from anchor_console.ui.show.show_export import ask_where_to_export, export_show
from anchor_console.ui.show.show_opening import ReadShow, ShowOpening
from anchor_console.ui.show.work_guard import WorkGuard

log = logging.getLogger("anchor_console.ui.editor")


class ShowEditor(QMainWindow):
    def __init__(self, main_window, runner) -> None:
        super().__init__(None)
        self.main = main_window
        self.session = main_window.session
        self.runner = runner
        self.setObjectName("show-editor")
        self.document = ShowDocument(Show(title=self.tr("New show"), start=dt.time(20, 0)))
        self.document.changed.connect(self._changed)
        self.autosave = ShowAutosave(self.session.paths.recovery, self.session.clock)
        self.guard_work = WorkGuard(self, self.autosave)
        self.opening = ShowOpening(self)   # the show file being read, off the ui thread
        self._saving: asyncio.Task | None = None   # the save under way (the next one waits for it)
        problem = tr_text(self.session.staff_words.problem)
        self.findings: list[Finding] = []
        self.problems: list[SegmentProblem] = []   # every segment's (show.validation), as of the last reload
        self._catalog = catalog_names(self.session.catalog)   # asked whether a product ID is there
        self._checked: tuple[object, dict] = (None, {})   # (word list, each text's findings) of the last check
        self._loading = False
        self.segment_id: str | None = None

        header = self._build_header()
        left = self._build_segment_list()
        # ---- segment details: they scroll on a short screen rather than hold the editor taller than
        # it (a banner above them takes its height from them, not from the screen)
        self.form = SegmentForm(self)
        right = QScrollArea(self)
        right.setWidget(self.form)
        right.setWidgetResizable(True)
        right.setFrameShape(QFrame.Shape.NoFrame)

        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        central = QWidget(self)
        self.notifications = EditorNotices(central)
        cl = QVBoxLayout(central)
        cl.addLayout(header)
        cl.addWidget(self.notifications)
        cl.addWidget(split, 1)
        self.setCentralWidget(central)
        # The status bar ("Opening…", "Saving…") shows only while it has something to say: in Chinese
        # on a 768 px laptop the editor has no 20 px to spare for an empty one.
        status = self.statusBar()
        status.hide()
        status.messageChanged.connect(lambda text: status.setVisible(bool(text)))
        if problem:
            self.notifications.notify(problem, level="warning", key="show-editor:words")

        self.keys = EditorKeys(self)
        self._autosave_timer = every_second(self._autosave_tick, self)
        self.session.catalog.changed.connect(self._catalog_changed)
        fit_to_screen(self, 1200, 780, near=main_window)
        self.form.refresh_products(self.session.catalog)
        self._reload_all()
        self.opening.offer_unsaved_new_show()

    def _catalog_changed(self) -> None:
        self.form.refresh_products(self.session.catalog)
        self._catalog = catalog_names(self.session.catalog)
        self._reload_all(keep_editors=True)   # a product may be in the catalog now, or gone from it

    def _autosave_tick(self) -> None:
        """The recovery copy, written off the ui thread a little after each edit."""
        if not self.opening.restoring and self.autosave.due():
            self.session.tasks.spawn(self.guard_work.keep_edits(), name="show-recovery-copy")

    def stop_autosave(self) -> None:
        """The console is closing: no more copies on a timer (the feature writes the last one)."""
        self._autosave_timer.stop()

    def _show_total(self, show: Show) -> None:
        """The total against the target — and the gaps before fixed starts and the overlaps into
        them, which the total alone hides (45 minutes of nothing can make a plan "on target")."""
        schedule = show.schedule()
        length = schedule.length_s
        parts = [self.tr("Total {total}").format(total=format_clock(length))]
        if show.target_length_s:
            diff = length - show.target_length_s
            if abs(diff) < 1:
                parts.append(self.tr("on target"))
            elif diff > 0:
                parts.append(self.tr("{d} over target").format(d=format_clock(diff)))
            else:
                parts.append(self.tr("{d} under target").format(d=format_clock(-diff)))
        gaps = [i.gap_before_s for i in schedule.gaps_and_overlaps() if i.gap_before_s > 0]
        overlaps = [-i.gap_before_s for i in schedule.gaps_and_overlaps() if i.gap_before_s < 0]
        if gaps:
            parts.append(self.tr("{n} gap(s) before fixed starts, {t} in all").format(
                n=len(gaps), t=format_clock(sum(gaps))))
        if overlaps:
            parts.append(self.tr("{n} overlap(s) into fixed starts, {t} in all").format(
                n=len(overlaps), t=format_clock(sum(overlaps))))
        self.total.setText(" · ".join(parts))
        warn = bool(gaps or overlaps) or (show.target_length_s and length > show.target_length_s)
        self.total.setStyleSheet("color: #c62828; font-weight: bold;" if warn else "font-weight: bold;")

    def _build_header(self) -> QHBoxLayout:
        """The show's title, date, planned start, target length and the computed total."""
        self.title = QLineEdit(self)
        self.title.textEdited.connect(lambda t: self._set_show("title", t))
        self.has_date = QCheckBox(self.tr("Date"), self)
        self.date = QDateEdit(self)
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.has_date.toggled.connect(self._date_changed)
        self.date.dateChanged.connect(lambda _d: self._date_changed(self.has_date.isChecked()))
        # A show may have no start time (a sheet without one): the box says "not set" then, not the
        # last show's 20:00 while the segments count from 0:00.
        self.has_start = QCheckBox(self.tr("Start"), self)
        self.has_start.toggled.connect(self._start_ticked)
        self.start = QTimeEdit(self)
        self.start.setDisplayFormat("HH:mm")
        self.start.timeChanged.connect(lambda t: self._set_show("start", dt.time(t.hour(), t.minute())))
        self.target = spin_box(self, 0, MAX_SHOW_S // 60, 0, self.tr(" min"))
        self.target.setSpecialValueText(self.tr("no target"))
        self.target.valueChanged.connect(lambda v: self._set_show("target_length_s", v * 60))
        self.total = plain_label("", self)
        self.total.setObjectName("show-total")
        header = QHBoxLayout()
        header.addWidget(plain_label(self.tr("Show"), self))
        header.addWidget(self.title, 2)
        header.addWidget(self.has_date)
        header.addWidget(self.date)
        header.addWidget(self.has_start)
        header.addWidget(self.start)
        header.addWidget(plain_label(self.tr("Target"), self))
        header.addWidget(self.target)
        header.addWidget(self.total, 1)
        return header

    def _build_segment_list(self) -> QWidget:
        """The segments (drag to reorder) with the buttons that add, copy, remove and move them."""
        self.model = PlanSegmentsModel(self)
        self.model.move_requested.connect(self._move_segment)
        self.view = QTableView(self)
        self.view.setObjectName("segments-view")
        self.view.setModel(self.model)
        row_table(self.view, stretch=(PlanSegmentsModel.TITLE,))
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.view.setDragDropOverwriteMode(False)
        self.view.setDropIndicatorShown(True)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        buttons = QHBoxLayout()
        for text, slot in ((self.tr("Add segment"), self.add_segment), (self.tr("Duplicate"), self.duplicate_segment),
                           (self.tr("Remove"), self.remove_segment), (self.tr("Up"), lambda: self.nudge(-1)),
                           (self.tr("Down"), lambda: self.nudge(1))):
            b = QPushButton(text, self)
            b.clicked.connect(slot)
            buttons.addWidget(b)
        # Of a chosen segment: off with none (an empty show), Up and Down off at the ends.
        self.segment_buttons = [buttons.itemAt(i).widget() for i in range(1, 5)]
        self.add_segment_button = buttons.itemAt(0).widget()
        buttons.addStretch(1)
        self.problems_line = ProblemsLine(self)
        left = QWidget(self)
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.view, 1)
        ll.addWidget(self.problems_line)
        ll.addLayout(buttons)
        return left

    # ------------------------------------------------------------------ document

    def _changed(self, change) -> None:
        self.autosave.edited(self.document.show)
        self._reload_all(keep_editors=True)
        if change.kind is ChangeKind.SAVED:
            self._saved_with_problems()

    def _saved_with_problems(self) -> None:
        """A save: a file problem said before is over; problems left in the show are said (a draft
        is saved as it is)."""
        self.notifications.file_problems_over()
        self.notifications.clear("show-editor:saved")
        if self.problems:
            self.notifications.notify(self.tr("Saved with {n} problems still to fix: see the Check column.").format(
                n=len(self.problems)), level="warning", key="show-editor:saved", timeout_ms=15000)

    def _reload_all(self, keep_editors: bool = False) -> None:
        show = self.document.show
        words = self.word_list
        if self._checked[0] is not words:   # other words (the extra words edited): nothing of the last check holds
            self._checked = (words, {})
        self.findings = check_show(show, words, last=self._checked[1]) if words is not None else []
        self.problems = show_problems(show, findings=self.findings, catalog=self._catalog)
        selected = self.segment_id
        self.model.set_show(show, self.problems)
        if selected and show.segment(selected):
            row = show.index_of(selected)
            self.view.blockSignals(True)
            self.view.selectRow(row)
            self.view.blockSignals(False)
        elif show.segments:
            self.segment_id = show.segments[0].id
            self.view.selectRow(0)
        else:
            self.segment_id = None
        self._loading = True
        if self.title.text() != show.title:
            self.title.setText(show.title)
        self.has_date.setChecked(show.date is not None)
        self.date.setEnabled(show.date is not None)
        # No date: today stands greyed there (what ticking Date gives), not Qt's 2000-01-01.
        day = show.date or dt.date.fromtimestamp(self.session.clock.now())
        self.date.setDate(QDate(day.year, day.month, day.day))
        self._show_start(show)
        self.target.setValue(show.target_length_s // 60)
        self._loading = False
        self._show_total(show)
        self._show_problems()
        self.undo_action.setEnabled(self.document.can_undo)
        self.redo_action.setEnabled(self.document.can_redo)
        undo_text = self.document.undo_text()
        self.undo_action.setText(self.tr("&Undo {what}").format(what=tr_text(undo_text)) if undo_text
                                 else self.tr("&Undo"))
        redo_text = self.document.redo_text()
        self.redo_action.setText(self.tr("&Redo {what}").format(what=tr_text(redo_text)) if redo_text
                                 else self.tr("&Redo"))
        self._update_title()
        self._enable_segment_buttons()
        self.form.load(self.current_segment(), self.findings)

    def _show_start(self, show: Show) -> None:
        """The planned start, or "not set" greyed (the box shows it at its lowest time, 00:00)."""
        self.has_start.setChecked(show.start is not None)
        self.start.setEnabled(show.start is not None)
        self.start.setSpecialValueText("" if show.start is not None else self.tr("not set"))
        self.start.updateGeometry()   # as wide as "not set" asks
        start = show.start or dt.time(0, 0)
        self.start.setTime(QTime(start.hour, start.minute))

    def _show_problems(self) -> None:
        self.problems_line.show_problems(self.problems, self.segment_id, self._numbers())

    def _numbers(self) -> dict[str, tuple[int, str]]:
        """Each segment's (row number, title): where a problem is, in words."""
        return {s.id: (i + 1, s.title) for i, s in enumerate(self.document.show.segments)}

    def _enable_segment_buttons(self) -> None:
        show = self.document.show
        at = show.index_of(self.segment_id) if self.segment_id and show.segment(self.segment_id) else -1
        duplicate, remove, up, down = self.segment_buttons
        for button in (duplicate, remove):
            button.setEnabled(at >= 0)
        up.setEnabled(at > 0)
        down.setEnabled(0 <= at < len(show.segments) - 1)

    def _update_title(self) -> None:
        name = self.document.path.name if self.document.path else self.tr("untitled")
        mark = "*" if self.document.dirty else ""
        self.setWindowTitle(self.tr("Show editor — {name}{mark}").format(name=name, mark=mark))

    def _selection_changed(self) -> None:
        rows = self.view.selectionModel().selectedRows()
        seg = self.model.segment_at(rows[0].row()) if rows else None
        self.segment_id = seg.id if seg else None
        self._enable_segment_buttons()
        self.document.seal()  # typing into another segment is a new undo step
        self.form.load(self.current_segment(), self.findings)
        self._show_problems()

    def current_segment(self):
        return self.document.show.segment(self.segment_id) if self.segment_id else None

    # ------------------------------------------------------------------ edits

    def guard(self, fn, *args, **kw):
        try:
            return fn(*args, **kw)
        except ShowEditError as exc:
            self.notifications.notify(tr_text(exc.message), level="warning", timeout_ms=8000)
            return None

    def _set_show(self, name: str, value) -> None:
        if not self._loading:
            self.guard(self.document.set_show_field, name, value)

    def _start_ticked(self, on: bool) -> None:
        if not self._loading:   # ticked: the house's usual start, as for a new show
            self._set_show("start", dt.time(20, 0) if on else None)

    def _date_changed(self, on: bool) -> None:
        if self._loading:
            return
        self.date.setEnabled(on)
        d = self.date.date()
        self._set_show("date", dt.date(d.year(), d.month(), d.day()) if on else None)

    def add_segment(self) -> None:
        index = self.document.show.index_of(self.segment_id) + 1 if self.segment_id else None
        seg = self.guard(self.document.add_segment, self.tr("New segment"), 600, index=index)
        if seg is not None:
            self.segment_id = seg.id
            self._reload_all()
            self.form.seg_title.setFocus()
            self.form.seg_title.selectAll()

    def duplicate_segment(self) -> None:
        if self.segment_id:
            seg = self.guard(self.document.duplicate_segment, self.segment_id)
            if seg is not None:
                self.segment_id = seg.id
                self._reload_all()

    def remove_segment(self) -> None:
        if self.segment_id:
            index = self.document.show.index_of(self.segment_id)
            self.guard(self.document.remove_segment, self.segment_id)
            segs = self.document.show.segments
            self.segment_id = segs[min(index, len(segs) - 1)].id if segs else None
            self._reload_all()

    def _move_segment(self, segment_id: str, index: int) -> None:
        self.guard(self.document.move_segment, segment_id, index)

    def nudge(self, delta: int) -> None:
        """The chosen segment one place up (-1) or down (1)."""
        if self.segment_id:
            index = self.document.show.index_of(self.segment_id) + delta
            if 0 <= index < len(self.document.show.segments):
                self._move_segment(self.segment_id, index)

    def undo(self) -> None:
        self.document.undo()

    def redo(self) -> None:
        self.document.redo()

    # ------------------------------------------------------------------ files

    def open_path(self, path: Path) -> asyncio.Task | None:
        """Open a show file: read off the ui thread, then put in (unsaved work on it left by a crash
        offered), or its problems listed and nothing changed. The task (True when opened), for tests."""
        return self.opening.open(path)

    def put_in_read(self, read: ReadShow, document: ShowDocument, show: Show) -> None:
        """A show file read (`document` holding `show` when the read began): it replaces the show in
        the editor — asked first if that was edited while the file was read."""
        def put_in() -> None:
            self._set_document(ShowDocument(read.show, path=read.path), digest=read.digest)
            if read.recovery is not None:
                self.opening.offer_recovery(read.recovery)

        if not self.document.dirty or (self.document is document and self.document.show is show):
            put_in()
        else:
            self.unless_unsaved(put_in)

    def _set_document(self, document: ShowDocument, digest: str | None = None) -> None:
        """`digest`: of what the document's file holds, when known (read with it off the ui thread)."""
        self.opening.drop()   # the latest show put in wins over a file still being read
        self.autosave.discard()
        self.document = document
        self.document.changed.connect(self._changed)
        self.autosave.set_source(document.path, digest)
        if document.dirty:   # unsaved work from the start (an import, restored edits): kept recoverable
            self.autosave.edited(document.show)
        self.segment_id = None
        self.notifications.file_problems_over()   # a show put in: what failed with a file before is over
        self._reload_all()

    def unless_unsaved(self, then) -> None:
        """Before the show in the editor is replaced (New, Open, Import): unsaved edits are saved
        or dropped by choice — Cancel keeps them and does nothing (the default)."""
        if not self.document.dirty:
            then()
            return
        buttons = QMessageBox.StandardButton
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Unsaved changes"),
                          self.tr("“{title}” has changes that are not saved. Save them first?").format(
                              title=self.document.show.title),
                          buttons.Save | buttons.Discard | buttons.Cancel, self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setDefaultButton(buttons.Cancel)
        box.setObjectName("confirm-unsaved-show")

        def answered(result: int) -> None:
            if result == buttons.Save:
                self.save_then(then)
            elif result == buttons.Discard:
                then()

        box.finished.connect(answered)
        box.open()

    def restore(self, recovery, show: Show, *, as_new: bool = False, digest: str | None = None) -> None:
        """Put the unsaved work a crash left (`show`, read from `recovery`) in the editor; `digest`:
        of what its show file holds now (read with it, off the ui thread)."""
        if as_new:
            self._set_document(ShowDocument.unsaved(show))
            self.opening.discard(recovery)
            self.notifications.notify(self.tr("Restored the unsaved changes as a new untitled show; “{file}” was "
                                              "not changed. Save them under a name of their own.").format(
                file=recovery.source.name), level="info", timeout_ms=15000)
            return
        if recovery.source is None or self.document.path is None or \
                self.document.path.resolve() != recovery.source.resolve():
            self._set_document(ShowDocument.unsaved(show, path=recovery.source), digest=digest)
        else:
            self.document.replace_show(show)  # dirty: restored work is unsaved until saved
        self.opening.discard(recovery)
        self.notifications.notify(self.tr("Restored the unsaved changes. Save to keep them."), level="info",
                                  timeout_ms=10000)

    def new_show(self) -> None:
        self.unless_unsaved(lambda: self._set_document(ShowDocument(Show(title=self.tr("New show"),
                                                                         start=dt.time(20, 0)))))

    def open_dialog(self) -> None:
        self.unless_unsaved(self._open_dialog)

    def _open_dialog(self) -> None:
        dialog = QFileDialog(self, self.tr("Open a show"), str(self._folder()), self.tr("Shows (*.show.toml *.toml)"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(lambda p: self.open_path(Path(p)))
        dialog.open()

    def _folder(self) -> Path:
        return self.document.path.parent if self.document.path is not None else Path.home()

    def save(self) -> None:
        self.save_then(None)

    def save_as(self) -> None:
        self._save_as()

    def _save_as(self, then=None) -> None:
        """The save dialog; `then` runs once the show is written."""
        name = (self.document.show.title or "show").replace("/", "-") + ".show.toml"
        dialog = QFileDialog(self, self.tr("Save the show"), str(self._folder() / name),
                             self.tr("Shows (*.show.toml)"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("show.toml")
        dialog.fileSelected.connect(lambda p: self._write(Path(p), then))
        dialog.open()

    def _write(self, path: Path, then=None, *, over_changes: bool = False) -> asyncio.Task | None:
        """Save to `path` off the ui thread (a large show takes a while to check and write), then
        run `then`; one save after another, never two at once. The task, for tests."""
        previous = self.saving
        self._saving = self.session.tasks.spawn(self._save(path, then, previous, over_changes), name="show-save")
        return self._saving

    @property
    def saving(self) -> asyncio.Task | None:
        """The save under way, if any (closing and quitting wait for it: WorkGuard)."""
        return self._saving if self._saving is not None and not self._saving.done() else None

    async def _save(self, path: Path, then, previous: asyncio.Task | None, over_changes: bool) -> bool:
        """A file saved elsewhere since it was opened or saved here is not written over without
        asking (`then` waits for the answer). Edits made while the show is written stay unsaved.
        True once the show is written."""
        if previous is not None:
            await asyncio.wait([previous])
        document = self.document
        if not over_changes and await asyncio.to_thread(self.guard_work.changed_elsewhere, path):
            self.guard_work.ask_overwrite(path, lambda: self._write(path, then, over_changes=True),
                                          lambda: self._save_as(then))
            return False
        show = document.show
        self.statusBar().showMessage(self.tr("Saving…"))
        try:
            digest = await asyncio.to_thread(save_show, show, path)
        except ShowFileError as exc:
            self.statusBar().clearMessage()
            self.notifications.notify(self.tr("The show was not saved: {why}").format(
                why=reasons_text(p.describe() for p in exc.problems[:3])))
            return False
        if self.document is not document:   # another show was put in meanwhile: this one is written, and gone
            return True
        document.mark_saved(path, show)
        self.autosave.saved(path, digest)
        if document.dirty:   # edited while it was written: those edits are kept recoverable
            self.autosave.edited(document.show)
        self._update_title()
        self.statusBar().showMessage(self.tr("Saved {file}").format(file=str(path)), 5000)
        if then is not None:
            then()
        return True

    def import_dialog(self) -> None:
        self.unless_unsaved(self._import_dialog)

    def _import_dialog(self) -> None:
        from anchor_console.ui.show.import_dialog import ImportDialog

        dialog = ImportDialog(self, self.session.catalog, self.session.tasks)
        dialog.imported.connect(self._imported)
        dialog.start()

    def _imported(self, show: Show) -> None:
        self._set_document(ShowDocument.unsaved(show))   # an import is unsaved work
        self.notifications.notify(self.tr("Imported {n} segments. Check the products (link them to the catalog) and "
                                          "the suggested cues, then save.").format(n=len(show.segments)),
                                  level="info", timeout_ms=15000)

    def export_dialog(self, kind: str) -> None:
        ask_where_to_export(self, kind)

    def export(self, kind: str, path: Path):
        """Export to `path` off the ui thread; the task, for tests."""
        return self.session.tasks.spawn(export_show(self, kind, path), name="show-export", key=f"show-export:{kind}")

    def edit_extra_words(self) -> None:
        from anchor_console.ui.show.words_dialog import ExtraWordsDialog

        dialog = ExtraWordsDialog(self, self.session.paths.show_words_file)
        dialog.saved.connect(self._words_saved)
        dialog.open()

    @property
    def word_list(self):
        return self.session.staff_words.word_list

    def _words_saved(self) -> None:
        self.session.staff_words.reload()
        if self.session.staff_words.problem is not None:
            self.notifications.notify(tr_text(self.session.staff_words.problem), level="warning")
        self.form.highlighter.rehighlight()
        self._reload_all()

    def run_in_console(self) -> None:
        """Asked first while the show has problems (No, the default, shows the first of them)."""
        if not self.problems:
            self._run()
            return
        ask_before_run(self, self.problems, self._numbers(), self._run)

    def _run(self) -> None:
        if self.document.path is None:
            self.notifications.notify(self.tr("Save the show first, so a running show can be resumed after a "
                                              "restart."), level="warning", timeout_ms=10000)
            self._save_as(self._run_saved)   # saved where asked, it runs: the user asked to run it
            return
        if self.document.dirty:
            self._write(self.document.path, self._run_saved)
        else:
            self._run_saved()

    def _run_saved(self) -> None:
        if self.runner.set_show(self.document.show, self.document.path):
            self.main.show_dock("timeline")

    def closeEvent(self, event) -> None:
        if self.guard_work.may_close():   # unsaved edits: kept recoverable, or asked about
            self.opening.stop()           # a file still being read is not put in a closed editor
            super().closeEvent(event)
        else:
            event.ignore()

    def save_then(self, then) -> None:
        """Save (asking where, for a show never saved), then run `then`."""
        if self.document.path is None:
            self._save_as(then)
        else:
            self._write(self.document.path, then)
