"""The show editor's menus and keyboard: File (New, Open, Save, Save as, import, exports, extra words,
Run, Close), Edit (Undo, Redo) and Segment (add, duplicate, remove, move, edit a segment; add, edit,
remove, move a cue; go to the next problem), every one with its key shown in the menu and on the
buttons that do the same.

Keys that mean something else in a text field act only where they are meant: Delete, Alt+Up/Down,
Enter and F2 on the segment list act on the segment, on the cue list on the cue (so Delete in the
talking points still deletes text). Insert and Ctrl+Shift+N (Ctrl+N is New show) add a segment and
Ctrl+Shift+A adds a cue from anywhere in the editor. Every edit here goes to the document, so Undo
takes back each of them (none asks first: Undo is there)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractButton, QMenu, QWidget

Key = QKeySequence.StandardKey



def keys_text(action: QAction) -> str:
    """The action's keys as this platform writes them ("Ctrl+Shift+A", "Del")."""
    return ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts())


def button_for(button: QAbstractButton, action: QAction) -> None:
    """The button says in its tooltip which keys do what it does."""
    keys = keys_text(action)
    what = action.text().replace("&", "").rstrip("…")
    said = QCoreApplication.translate("ShowEditor", "{what} ({keys})").format(what=what, keys=keys)
    button.setToolTip(said if keys else what)


class EditorKeys:
    """Builds the editor's menus and binds its keys; `actions` by name, for the tests."""

    def __init__(self, editor) -> None:
        self.editor = editor
        self.actions: dict[str, QAction] = {}
        bar = editor.menuBar()
        self._file_menu(bar.addMenu(QCoreApplication.translate("ShowEditor", "&File")))
        self._edit_menu(bar.addMenu(QCoreApplication.translate("ShowEditor", "&Edit")))
        self._segment_menu(bar.addMenu(QCoreApplication.translate("ShowEditor", "&Segment")))
        self._tooltips()

    def _act(self, menu: QMenu, name: str, text: str, slot, keys=(), *, on: QWidget | None = None) -> QAction:
        """A menu action; `keys` act anywhere in the editor, or only while `on` has the focus."""
        action = QAction(text, self.editor)
        action.setShortcuts([QKeySequence(k) for k in keys])
        if on is not None:
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            on.addAction(action)
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        self.actions[name] = action
        return action

    def _file_menu(self, menu: QMenu) -> None:
        e = self.editor
        self._act(menu, "new", QCoreApplication.translate("ShowEditor", "&New"),
                  e.new_show, [Key.New])
        self._act(menu, "open", QCoreApplication.translate("ShowEditor", "&Open…"),
                  e.open_dialog, [Key.Open])
        self._act(menu, "save", QCoreApplication.translate("ShowEditor", "&Save"),
                  e.save, [Key.Save])
        self._act(menu, "save_as", QCoreApplication.translate("ShowEditor", "Save &as…"),
                  e.save_as, [Key.SaveAs])
        menu.addSeparator()
        self._act(menu, "import", QCoreApplication.translate("ShowEditor", "&Import a spreadsheet (.xlsx, .csv)…"),
                  e.import_dialog)
        self._act(menu, "export_xlsx", QCoreApplication.translate("ShowEditor", "Export to .xlsx…"),
                  lambda: e.export_dialog("xlsx"))
        self._act(menu, "export_html", QCoreApplication.translate("ShowEditor", "Export printable HTML…"),
                  lambda: e.export_dialog("html"))
        self._act(menu, "export_pdf", QCoreApplication.translate("ShowEditor", "Export PDF…"),
                  lambda: e.export_dialog("pdf"))
        menu.addSeparator()
        self._act(menu, "extra_words", QCoreApplication.translate("ShowEditor", "Edit my extra words to avoid…"),
                  e.edit_extra_words)
        self._act(menu, "run", QCoreApplication.translate("ShowEditor", "Run this show in the console"),
                  e.run_in_console)
        menu.addSeparator()
        self._act(menu, "close", QCoreApplication.translate("ShowEditor", "&Close"),
                  e.close, ["Ctrl+W"])

    def _edit_menu(self, menu: QMenu) -> None:
        e = self.editor
        e.undo_action = self._act(menu, "undo", QCoreApplication.translate("ShowEditor", "&Undo"),
                                  e.undo, [Key.Undo])
        e.redo_action = self._act(menu, "redo", QCoreApplication.translate("ShowEditor", "&Redo"),
                                  e.redo, [Key.Redo])

    def _segment_menu(self, menu: QMenu) -> None:
        e, segments, cues = self.editor, self.editor.view, self.editor.form.cues
        edit = ["F2", "Return", "Enter"]
        self._act(menu, "add_segment", QCoreApplication.translate("ShowEditor", "&Add segment"),
                  e.add_segment, ["Insert", "Ctrl+Shift+N"])
        self._act(menu, "duplicate_segment", QCoreApplication.translate("ShowEditor", "&Duplicate segment"),
                  e.duplicate_segment, ["Ctrl+D"], on=segments)
        self._act(menu, "remove_segment", QCoreApplication.translate("ShowEditor", "&Remove segment"),
                  e.remove_segment, [Key.Delete], on=segments)
        self._act(menu, "segment_up", QCoreApplication.translate("ShowEditor", "Move segment &up"),
                  lambda: e.nudge(-1), ["Alt+Up"], on=segments)
        self._act(menu, "segment_down", QCoreApplication.translate("ShowEditor", "Move segment do&wn"),
                  lambda: e.nudge(1), ["Alt+Down"], on=segments)
        self._act(menu, "edit_segment", QCoreApplication.translate("ShowEditor", "&Edit segment"),
                  self.edit_segment, edit, on=segments)
        menu.addSeparator()
        self._act(menu, "add_cue", QCoreApplication.translate("ShowEditor", "Add &cue…"),
                  e.form.add_cue, ["Ctrl+Shift+A"])
        self._act(menu, "edit_cue", QCoreApplication.translate("ShowEditor", "Edit cue…"),
                  e.form.edit_cue, edit, on=cues)
        self._act(menu, "remove_cue", QCoreApplication.translate("ShowEditor", "Remove cue"),
                  e.form.remove_cue, [Key.Delete], on=cues)
        self._act(menu, "cue_up", QCoreApplication.translate("ShowEditor", "Move cue up"),
                  lambda: self.move_cue(-1), ["Alt+Up"], on=cues)
        self._act(menu, "cue_down", QCoreApplication.translate("ShowEditor", "Move cue down"),
                  lambda: self.move_cue(1), ["Alt+Down"], on=cues)
        menu.addSeparator()
        self._act(menu, "next_problem", QCoreApplication.translate("ShowEditor", "Go to the next &problem"),
                  self.next_problem, ["F4"])

    def _tooltips(self) -> None:
        e, a = self.editor, self.actions
        duplicate, remove, up, down = e.segment_buttons
        for button, name in ((e.add_segment_button, "add_segment"), (duplicate, "duplicate_segment"),
                             (remove, "remove_segment"), (up, "segment_up"), (down, "segment_down"),
                             (e.form.add_cue_button, "add_cue"), (e.form.edit_cue_button, "edit_cue"),
                             (e.form.remove_cue_button, "remove_cue")):
            button_for(button, a[name])

    # ------------------------------------------------------------------ what the keys do beyond the buttons

    def edit_segment(self) -> None:
        """Enter or F2 on a segment: its title, ready to type over (Tab goes on to the other fields)."""
        form = self.editor.form
        if self.editor.current_segment() is not None:
            form.seg_title.setFocus()
            form.seg_title.selectAll()

    def move_cue(self, delta: int) -> None:
        """The chosen cue one place up (-1) or down (1) in its segment, still chosen."""
        e = self.editor
        seg, item = e.current_segment(), e.form.cues.currentItem()
        if seg is None or item is None:
            return
        cue_id = item.data(Qt.ItemDataRole.UserRole)
        index = next((i for i, c in enumerate(seg.cues) if c.id == cue_id), -1) + delta
        if 0 <= index < len(seg.cues):
            e.form.select_cue = cue_id
            e.guard(e.document.move_cue, cue_id, seg.id, index)

    def next_problem(self) -> None:
        """The next segment after the chosen one with a problem (round to the first)."""
        e = self.editor
        ids = [s.id for s in e.document.show.segments]
        flagged = {p.segment_id for p in e.problems}
        at = ids.index(e.segment_id) if e.segment_id in ids else -1
        found = next((i for i in [*range(at + 1, len(ids)), *range(0, at + 1)] if ids[i] in flagged), None)
        if found is not None:
            e.view.selectRow(found)
            e.view.setFocus()
