"""Opening a show file in the show editor without freezing its window, and offering the unsaved
work a crash left behind.

A show file on a slow or network disk, and the recovery copies looked through beside it, can take
seconds to read and parse: that is done in a worker thread, from a task the session owns (its
failures are said, it is cancelled when the console closes). Meanwhile the editor says which file it
is opening; the show is put in on the ui thread once it is read.

A second file chosen while one is still being read wins: the first read is dropped — the latest
choice is the one the user wants to see (the show the console reopens at start-up, say, replaced by
the file just picked). Closing the editor, or putting another show in (New, Import, a restore),
drops a read under way too: nothing happens when it ends.

Unsaved work a crash left is offered when the editor opens, or with its file; restored, it is read
back off the ui thread the same way, and its copy removed by the autosave's worker."""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtWidgets import QMessageBox

from anchor_console.show import Recovery, ShowFileError, load_show, pending_recoveries, recovery_for
from anchor_console.show.model import Show
from anchor_console.show.showfile import file_digest
from anchor_console.ui.common.i18n import tr_text


@dataclass(frozen=True, slots=True)
class ReadShow:
    """A show file as read from disk, with what the editor needs to put it in."""

    path: Path
    show: Show
    digest: str | None          # what the file held when read: the save-over guard compares with it
    recovery: Recovery | None   # unsaved work on this file left by a crash, unlike what the file holds


def read_show_file(path: Path, recovery_dir: Path) -> ReadShow:
    """In a worker thread: the show file, parsed, and its recovery copy. Raises ShowFileError."""
    show = load_show(path)
    return ReadShow(path, show, file_digest(path), recovery_for(recovery_dir, path))


def read_recovery(recovery: Recovery) -> tuple[Show, str | None]:
    """In a worker thread: the unsaved work, parsed, and what its show file holds now (its digest,
    for the save-over guard). Raises ShowFileError."""
    return recovery.show(), file_digest(recovery.source)


class ShowOpening(QObject):
    """The one show file being read for the editor, if any."""

    def __init__(self, editor) -> None:
        super().__init__(editor)
        self._editor = editor   # the show editor
        self._key = f"show-open:{id(self)}"
        self._current: asyncio.Task | None = None   # the read under way
        self.reading: Path | None = None            # its file
        self._restoring: asyncio.Task | None = None   # unsaved work a crash left, being read back

    def open(self, path: Path) -> asyncio.Task | None:
        """Read `path` in the background, then put it in the editor; a read under way is dropped.
        The task (True once the show is in, False when the file could not be opened), for tests;
        None while the console shuts down."""
        path, editor = Path(path), self._editor
        task = editor.session.tasks.spawn(self._open(path, editor.document, editor.document.show),
                                          name="show-open", key=self._key)
        if task is not None:
            self._current, self.reading = task, path
            editor.statusBar().showMessage(QCoreApplication.translate("ShowEditor", "Opening “{file}”…").format(
                file=path.name))
        return task

    @property
    def restoring(self) -> bool:
        """Unsaved work a crash left is being read back: its copy's path is the one the editor's own
        copies go to, so none is written meanwhile (it would replace the work being restored)."""
        return self._restoring is not None and not self._restoring.done()

    def drop(self) -> None:
        """Another show is put in: a read under way (of a file, or of unsaved work) is dropped, unsaid."""
        if self._current is not None:
            self._current.cancel()
            self._over()
        restoring = self._restoring
        if restoring is not None and not restoring.done() and restoring is not asyncio.current_task():
            restoring.cancel()

    def stop(self) -> None:
        """The editor closes: nothing read meanwhile is put in it, or offered."""
        self.drop()
        self._editor.session.tasks.cancel(f"show-untitled:{self._key}")

    def _over(self) -> None:
        self._current = self.reading = None
        self._editor.statusBar().clearMessage()

    async def _open(self, path: Path, document, show: Show) -> bool:
        editor = self._editor
        try:
            read = await asyncio.to_thread(read_show_file, path, editor.session.paths.recovery)
        except ShowFileError as exc:
            lines = [tr_text(p.describe()) for p in exc.problems[:10]]
            editor.notifications.notify(QCoreApplication.translate(
                "ShowEditor", "“{file}” could not be opened; nothing was changed:").format(
                file=path.name) + "\n" + "\n".join(lines))
            return False
        finally:
            if self._current is asyncio.current_task():   # (a newer read, or a drop, has taken over)
                self._over()
        editor.put_in_read(read, document, show)
        return True

    # ------------------------------------------------------------------ unsaved work left by a crash

    def offer_unsaved_new_show(self) -> None:
        """A show never saved has no file to reopen: its recovery copy, left by a crash or by
        quitting with unsaved edits, is offered when the editor opens, as a new show (the recovery
        folder is read off the ui thread)."""
        self._editor.session.tasks.spawn(self._offer_untitled(), name="show-unsaved-new-show",
                                         key=f"show-untitled:{self._key}")

    async def _offer_untitled(self) -> None:
        found = await asyncio.to_thread(pending_recoveries, self._editor.session.paths.recovery)
        untitled = [r for r in found if r.source is None]
        if untitled:
            self.offer_recovery(untitled[0])

    def offer_recovery(self, recovery: Recovery) -> QMessageBox:
        """Restore unsaved work left by a crash. Work on a file changed since (saved from another
        console, copied over) is restored as a new untitled show: saved over the file, it would
        throw the other version away, as the copy holds the whole show as it was then."""
        editor = self._editor
        when = dt.datetime.fromtimestamp(recovery.written_at).strftime("%Y-%m-%d %H:%M")
        as_new = recovery.source is not None and recovery.source_changed
        if as_new:
            text = QCoreApplication.translate(
                "ShowEditor", "There are unsaved changes to this show from {time} (the console closed before they "
                              "were saved), but “{file}” was changed since then, elsewhere. Restore them as a new "
                              "untitled show? The file stays as it is now.").format(
                time=when, file=recovery.source.name)
        else:
            text = QCoreApplication.translate(
                "ShowEditor", "There are unsaved changes to this show from {time} (the console closed before "
                              "they were saved). Restore them?").format(time=when)
        box = QMessageBox(QMessageBox.Icon.Question, QCoreApplication.translate("ShowEditor", "Unsaved work found"),
                          text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, editor)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setObjectName("offer-recovery")

        def answered(result: int) -> None:
            if result == QMessageBox.StandardButton.Yes:
                self.restore(recovery, as_new=as_new)
            else:
                self.discard(recovery)

        box.finished.connect(answered)
        box.open()
        return box

    def restore(self, recovery: Recovery, *, as_new: bool) -> asyncio.Task | None:
        """Yes to the unsaved work: read back off the ui thread (a large show takes a moment to
        parse), the editor saying so, then put in — asked first if the show in it has unsaved edits.
        The task (True once read), for tests; a second Yes replaces the first."""
        editor = self._editor
        task = editor.session.tasks.spawn(self._restore(recovery, as_new), name="show-restore",
                                          key=f"show-restore:{self._key}")
        if task is not None:
            self._restoring = task
            editor.statusBar().showMessage(restoring_words())
        return task

    async def _restore(self, recovery: Recovery, as_new: bool) -> bool:
        editor = self._editor
        try:
            show, digest = await asyncio.to_thread(read_recovery, recovery)
        except ShowFileError as exc:   # the copy is left where it is: a human may still want it
            lines = [tr_text(p.describe()) for p in exc.problems[:10]]
            editor.notifications.notify("\n".join([QCoreApplication.translate(
                "ShowEditor", "The unsaved changes could not be read back from “{file}”; nothing was changed:").format(
                file=str(recovery.recovery_path)), *lines]))
            return False
        finally:
            if editor.statusBar().currentMessage() == restoring_words():
                editor.statusBar().clearMessage()
        editor.unless_unsaved(lambda: editor.restore(recovery, show, as_new=as_new, digest=digest))
        return True

    def discard(self, recovery: Recovery) -> None:
        """The unsaved work is declined, or restored: its copy is removed off the ui thread."""
        self._editor.autosave.remove_left_copy(recovery)


def restoring_words() -> str:
    """What the status bar says while unsaved work is read back (in the language of the moment)."""
    return QCoreApplication.translate("ShowEditor", "Restoring the unsaved changes…")
