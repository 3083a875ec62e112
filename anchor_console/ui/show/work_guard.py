"""The questions the show editor asks before work could be lost, kept apart from the editor's
window: saving over a show file that was saved elsewhere since it was opened here (two consoles,
two windows, a copy from a colleague — the last save used to win without a word)."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from anchor_console.show.showfile import file_digest


class WorkGuard(QObject):
    """Remembers what the show file held when it was opened or last saved here."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self._known: tuple[Path, str | None] | None = None   # (file, SHA-256 of its bytes then)

    def file_is(self, path: Path | None, digest: str | None = None) -> None:
        """The document's file as opened or just written (`digest` of the bytes written; read when None)."""
        self._known = None if path is None else (Path(path), digest if digest is not None else file_digest(path))

    def changed_elsewhere(self, path: Path) -> bool:
        """Was `path` — the file the document was opened from or last saved to — written since?
        (A file removed meanwhile is simply written again.)"""
        if self._known is None or self._known[0] != Path(path) or self._known[1] is None:
            return False
        now = file_digest(path)
        return now is not None and now != self._known[1]

    def ask_overwrite(self, path: Path, overwrite: Callable[[], None], save_as: Callable[[], None]) -> QMessageBox:
        """Saving over a file changed elsewhere: overwrite it, save under another name, or not now
        (the default; nothing is lost either way, the edits stay in the editor)."""
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("The show file was changed elsewhere"),
                          self.tr("“{file}” was saved from somewhere else (another console or window) since you "
                                  "opened or saved it here. Saving now replaces that version with yours.").format(
                              file=path.name), QMessageBox.StandardButton.Cancel, self._window)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setObjectName("confirm-overwrite-show")
        replace = box.addButton(self.tr("Replace it with mine"), QMessageBox.ButtonRole.DestructiveRole)
        elsewhere = box.addButton(self.tr("Save as another file…"), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)

        def answered(_result: int) -> None:
            if box.clickedButton() is replace:
                overwrite()
            elif box.clickedButton() is elsewhere:
                save_as()

        box.finished.connect(answered)
        box.open()
        return box
