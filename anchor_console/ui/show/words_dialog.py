"""Prep staff's own words to avoid, on top of the shipped advertising-law list: a .txt word list
(one word a line; a "[group]" line groups the words after it). Read and saved as every word list
is (`read_word_text`, `write_atomically`) in the config folder, off the ui thread (the folder may be
on a slow disk); the editor re-checks at once."""

from __future__ import annotations

import asyncio
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPlainTextEdit, QVBoxLayout
from shiboken6 import isValid

from anchor_console.domain.atomic_file import write_atomically
from anchor_console.domain.text import os_error_words
from anchor_console.domain.word_list_file import WordListError, read_word_text

from anchor_console.ui.common.i18n import tr_text
from anchor_console.ui.common.widgets import dialog_buttons, plain_label


class ExtraWordsDialog(QDialog):
    saved = Signal()

    def __init__(self, parent, path: Path, tasks) -> None:
        super().__init__(parent)
        self.path, self.tasks = path, tasks
        self.setWindowTitle(self.tr("My extra words to avoid"))
        self.resize(520, 480)
        self.edit = QPlainTextEdit(self)
        self.error = plain_label("", self, wrap=True)
        self.error.setStyleSheet("color: #c62828;")
        buttons = dialog_buttons(self, self.save, save=True)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        # Nothing to edit or save until the list is read: saving the empty box would erase it.
        self.edit.setReadOnly(True)
        self.save_button.setEnabled(False)
        self.loading = tasks.spawn(self._load(), name="show-words-read", key="show-words-read")
        self.finished.connect(lambda _result: self.loading is not None and self.loading.cancel())
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label(self.tr("One word per line (lines starting with # are comments). They are "
                                             "checked together with the shipped advertising-law list."), self))
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    async def _load(self) -> None:
        """The list as the checker reads it (`read_word_text`). A file that cannot be read is said,
        and Save stays off: saving the empty box would erase words the checker still uses."""
        try:
            # The path alone goes to the worker, never the dialog: a Qt object whose last reference
            # drops in another thread is destroyed there (Qt warns, and may crash later).
            text = await asyncio.to_thread(_read_list, self.path)
        except WordListError as exc:
            self.error.setText(tr_text(exc.message) + "\n" + self.tr(
                "The list is left as it is: fix or remove the file, then open this again."))
            return
        self.edit.setPlainText(text)
        self.edit.setReadOnly(False)
        self.save_button.setEnabled(True)

    def save(self) -> "asyncio.Task | None":
        """Written off the ui thread; Save waits meanwhile (a second press writes nothing twice). The
        task, for tests."""
        self.save_button.setEnabled(False)
        return self.tasks.spawn(self._save(self.edit.toPlainText()), name="show-words-save")

    async def _save(self, text: str) -> None:
        try:
            await asyncio.to_thread(write_atomically, self.path, text.encode("utf-8"))
        except OSError as exc:
            if not isValid(self):
                return
            self.error.setText(self.tr("Could not save: {why}").format(why=os_error_words(exc)))
            self.save_button.setEnabled(True)
            return
        if isValid(self):   # (closed meanwhile by Cancel: the words are written all the same)
            self.saved.emit()
            self.accept()


def _read_list(path: Path) -> str:
    """The list's text, as the checker reads it ("" while there is none yet)."""
    return read_word_text(path) if path.exists() else ""
