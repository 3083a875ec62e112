"""Prep staff's own words to avoid, on top of the shipped advertising-law list: one word per line,
or word,group,note like the shipped CSV. Saved in the config folder; the editor re-checks at once."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QPlainTextEdit, QVBoxLayout

from anchor_console.ui.common.widgets import dialog_buttons, plain_label


class ExtraWordsDialog(QDialog):
    saved = Signal()

    def __init__(self, parent, path: Path) -> None:
        super().__init__(parent)
        self.path = path
        self.setWindowTitle(self.tr("My extra words to avoid"))
        self.resize(520, 480)
        self.edit = QPlainTextEdit(self)
        try:
            self.edit.setPlainText(path.read_text(encoding="utf-8") if path.exists() else "")
        except (OSError, UnicodeDecodeError):
            self.edit.setPlainText("")
        self.error = plain_label("", self)
        self.error.setStyleSheet("color: #c62828;")
        buttons = dialog_buttons(self, self.save, save=True)
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label(self.tr("One word per line (lines starting with # are comments). They are "
                                             "checked together with the shipped advertising-law list."), self))
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def save(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_name(self.path.name + ".tmp")
            tmp.write_text(self.edit.toPlainText(), encoding="utf-8")
            tmp.replace(self.path)
        except OSError as exc:
            self.error.setText(self.tr("Could not save: {why}").format(why=exc.strerror or str(exc)))
            return
        self.saved.emit()
        self.accept()
