"""Prep staff's own words to avoid, on top of the shipped advertising-law list: one word per line,
or word,group,note like the shipped CSV. Saved in the config folder; the editor re-checks at once."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPlainTextEdit, QVBoxLayout

from anchor_console.domain.text import os_error_words
from anchor_console.domain.text_encoding import UNREADABLE, decode_text

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
        """The list as the checker reads it (UTF-8, or the GBK/UTF-16 a Chinese Windows editor
        saves). A file that cannot be read is said, and Save stays off: saving the empty box would
        erase words the checker still uses."""
        try:
            data = self.path.read_bytes() if self.path.exists() else b""
        except OSError as exc:
            self._unreadable(os_error_words(exc))
            return
        text, encoding = decode_text(data)
        if encoding == UNREADABLE:
            self._unreadable(self.tr("its encoding is not one the console reads"))
            return
        self.edit.setPlainText(text)

    def _unreadable(self, why: str) -> None:
        self.edit.setReadOnly(True)
        self.save_button.setEnabled(False)
        self.error.setText(self.tr("{file} could not be read ({why}). It is left as it is; fix or remove it, "
                                   "then open this again.").format(file=str(self.path), why=why))

    def save(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_name(self.path.name + ".tmp")
            tmp.write_text(self.edit.toPlainText(), encoding="utf-8")
            tmp.replace(self.path)
        except OSError as exc:
            self.error.setText(self.tr("Could not save: {why}").format(why=os_error_words(exc)))
            return
        self.saved.emit()
        self.accept()
