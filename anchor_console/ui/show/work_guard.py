"""The questions the show editor asks before work could be lost, kept apart from the editor's
window: saving over a show file that was saved elsewhere since it was opened here (two consoles,
two windows, a copy from a colleague — the last save used to win without a word), and closing
with edits that are neither saved nor kept in a recovery copy (a full disk), or while the show is
still being saved — and the writing of that copy, off the ui thread, saying when it fails."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from anchor_console.show.autosave import ShowAutosave
from anchor_console.show.showfile import file_digest


class WorkGuard(QObject):
    """Remembers what the show file held when it was opened or last saved here, and asks before
    the editor closes with edits at risk."""

    def __init__(self, window: QWidget, autosave: ShowAutosave) -> None:
        super().__init__(window)
        self._window = window     # the show editor
        self._autosave = autosave   # knows the file and what it held when opened or last saved here
        self.closing_anyway = False   # the console quits: nothing is asked (it was, before the quit)
        self._kept_for_close = False  # the recovery copy was written for this close: let it through

    def changed_elsewhere(self, path: Path) -> bool:
        """Was `path` — the file the document was opened from or last saved to — written since?
        (A file removed meanwhile is simply written again.)"""
        known, then = self._autosave.source, self._autosave.base_digest
        if known is None or known != Path(path) or then is None:
            return False
        now = file_digest(path)
        return now is not None and now != then

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

    async def keep_edits(self) -> bool:
        """Write the recovery copy of the edits so far; True when they are kept. One that cannot be
        written is said once (until a copy is written again), not every second."""
        editor = self._window
        failing = editor.autosave.failure is not None
        kept = await editor.autosave.write()
        if editor.autosave.failure is not None and not failing:
            editor.notifications.notify(QCoreApplication.translate(   # said by the editor, as it always was
                "ShowEditor", "The recovery copy of your edits could not be written ({why}): save the show to keep "
                              "them safe.").format(why=editor.autosave.failure), level="warning", key="autosave")
        return kept

    def _unkept(self) -> bool:
        editor = self._window
        return editor.document.dirty and editor.autosave.has_unwritten_edits

    async def saves_done(self) -> bool:
        """Wait for the save under way, and any that follows it (a save to a slow network disk
        takes a while; the window answers meanwhile); False when the last one did not write the
        show (it failed, said in the editor, or asks before writing over a file changed elsewhere)."""
        saved = True
        while (saving := self._window.saving) is not None:
            await asyncio.wait([saving])
            saved = not saving.cancelled() and saving.exception() is None and saving.result() is True
        return saved

    async def edits_at_risk(self) -> str | None:
        """Why the editor's edits would be lost if the console quit now — not saved, and their
        recovery copy cannot be written (a full disk) — or None when they are saved or kept. A save
        under way is finished first (quitting cut it off, the edits it was writing neither saved nor
        in a copy yet); the copy is written then (off the ui thread) if it is not yet."""
        await self.saves_done()
        if self._unkept() and not await self.keep_edits():
            return self._window.autosave.failure or ""
        return None

    def may_close(self) -> bool:
        """For the editor's closeEvent: True to close now. Edits not yet in a recovery copy keep the
        window open until the copy is written, then it closes; edits no copy can keep are asked
        about (closing used to flush the recovery copy and ignore that it failed)."""
        if self.closing_anyway:
            return True
        if self._window.saving is not None:   # closed once it is written; a failed save keeps it open
            self._window.session.tasks.spawn(self._close_once_saved(), name="show-editor-close",
                                             key="show-editor-close")
            return False
        if self._kept_for_close or not self._unkept():
            self._kept_for_close = False
            return True
        checking = self._window.session.tasks.spawn(self._close_once_kept(), name="show-editor-close",
                                                    key="show-editor-close")
        return checking is None   # nothing starts while the console shuts down: it keeps the copy itself

    async def _close_once_saved(self) -> None:
        """Closing while the show is written: the editor stays until the save ends — with its
        failure said in it, the edits in it — then closes as it would have (edits made meanwhile
        kept in a copy, or asked about)."""
        if await self.saves_done():
            self._window.close()

    async def _close_once_kept(self) -> None:
        editor = self._window
        why = await self.edits_at_risk()
        if why is None:
            self._kept_for_close = True
            editor.close()
            return
        self.ask_close(why, save=lambda: editor.save_then(editor.close), close_anyway=self.close_anyway)

    def close_anyway(self) -> None:
        """Close the editor without a question (the console quits: asked before, when it had to be)."""
        self.closing_anyway = True
        self._window.close()

    def ask_close(self, why: str, save: Callable[[], None], close_anyway: Callable[[], None]) -> QMessageBox:
        """Closing the editor with edits no recovery copy could keep: save them, close anyway, or
        not now (the default)."""
        buttons = QMessageBox.StandardButton
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Unsaved changes"),
                          self.tr("The show has changes that are not saved, and no recovery copy of them could be "
                                  "written ({why}). Save them before closing?").format(why=why or "?"),
                          buttons.Save | buttons.Discard | buttons.Cancel, self._window)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setObjectName("confirm-close-losing-edits")
        box.setDefaultButton(buttons.Cancel)

        def answered(result: int) -> None:
            if result == buttons.Save:
                save()
            elif result == buttons.Discard:
                close_anyway()

        box.finished.connect(answered)
        box.open()
        return box
