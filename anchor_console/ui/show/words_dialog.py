"""Prep staff's own words to avoid, on top of the shipped advertising-law list: a .txt word list
(one word a line; a "[group]" line groups the words after it). Read and saved as every word list
is (`read_word_text`, `write_atomically`) in the config folder; the editor re-checks at once."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPlainTextEdit, QVBoxLayout

from anchor_console.domain.atomic_file import write_atomically
from anchor_console.domain.text import os_error_words
from anchor_console.domain.word_list_file import WordListError, read_word_text

from anchor_console.ui.common.i18n import tr_text
from anchor_console.ui.common.widgets import dialog_buttons, plain_label


class ExtraWordsDialog(QDialog):
    saved = Signal()

    def __init__(self, parent, path: Path) -> None:
        super().__init__(parent)
        self.path = path
        self.setWindowTitle(self.tr("My extra words to avoid"))
        self.resize(520, 480)
        self.edit = QPlainTextEdit(self)
        self.error = plain_label("", self, wrap=True)
        self.error.setStyleSheet("color: #c62828;")
        buttons = dialog_buttons(self, self.save, save=True)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self._load()
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label(self.tr("One word per line (lines starting with # are comments). They are "
                                             "checked together with the shipped advertising-law list."), self))
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _load(self) -> None:
        """The list as the checker reads it (`read_word_text`). A file that cannot be read is said,
        and Save stays off: saving the empty box would erase words the checker still uses."""
        try:
            text = read_word_text(self.path) if self.path.exists() else ""
        except WordListError as exc:
            self.edit.setReadOnly(True)
            self.save_button.setEnabled(False)
            self.error.setText(tr_text(exc.message) + "\n" + self.tr(
                "The list is left as it is: fix or remove the file, then open this again."))
            return
        self.edit.setPlainText(text)

    def save(self) -> None:
        try:
            write_atomically(self.path, self.edit.toPlainText().encode("utf-8"))
        except OSError as exc:
            self.error.setText(self.tr("Could not save: {why}").format(why=os_error_words(exc)))
            return
        self.saved.emit()
        self.accept()
