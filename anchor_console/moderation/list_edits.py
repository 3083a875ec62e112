"""Word-list edits made during a live show, applied without holding the event loop (no Qt).

With 50,000 imported words, checking the entries, building the matcher and writing the lists file
take about half a second: all three run in a worker thread (`run`, asyncio.to_thread). The loop
only puts the checked entries in place, takes a snapshot and swaps the built matcher in, so the
comments that arrive meanwhile are judged by the lists in force and none by a half-built matcher.
Edits made while one is being applied are picked up by the same task before it ends: one build
and one file write at a time. The task belongs to the session, not to the dialog that asked for
it: closing the dialog loses nothing."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Awaitable, Callable

from anchor_console.domain.text import QT_TRANSLATE_NOOP, os_error_words, Text
from anchor_console.domain.word_list_file import WordListError
from anchor_console.moderation.pipeline import ModerationPipeline, compile_lists
from anchor_console.moderation.wordlists import (
    CompiledLists, ImportReport, WordLists, checked_words, read_file, save_word_lists,
)

log = logging.getLogger("anchor_console.moderation.list_edits")
Runner = Callable[..., Awaitable[Any]]     # run(function, *args) in a worker: asyncio.to_thread
Done = Callable[["Applied"], None]
NOT_SAVED = QT_TRANSLATE_NOOP("Moderation", "The lists are in use but could not be saved ({why}); they are saved "
                                            "with your next change.")
NOT_APPLIED = QT_TRANSLATE_NOOP("Moderation", "The lists could not be applied ({why}); your entries are kept here.")
NOT_EXPORTED = QT_TRANSLATE_NOOP("Moderation", "The lists could not be exported to {file} ({why}).")
REPLACED = QT_TRANSLATE_NOOP("Moderation", "The lists in force changed while your entries were being checked (the "
                                           "crew's lists came in, or left); your entries were not applied and are "
                                           "kept here.")


@dataclass
class Applied:
    """How an edit went: refused (nothing changed), or in force, with warnings about its entries
    and whether the file could not be written (it is written again with the next edit)."""

    warnings: list[Text] = field(default_factory=list)
    refused: Text | None = None
    problem: Text | None = None
    imported: ImportReport | None = None   # an import's entries added, by group


class ListEdits:
    """The desk's word lists edited live: one background task at a time builds and saves them."""

    def __init__(self, lists: WordLists, pipeline: ModerationPipeline, *, spawn: Callable[..., Any],
                 file: Callable[[], Path | None], run: Runner = asyncio.to_thread) -> None:
        self.lists = lists
        self.pipeline = pipeline
        self._spawn = spawn
        self._file = file        # where the lists are saved now; None: not on this computer (a crew's)
        self.run = run
        self.task: asyncio.Future | None = None
        # The version built and saved last: an edit that waited for another may find itself applied.
        self._applied_version = lists.version

    @property
    def busy(self) -> bool:
        return self.task is not None and not self.task.done()

    async def finish(self, timeout: float) -> None:
        """At close, before the session's tasks are cancelled: the edit under way is applied and saved,
        so an Apply pressed just before quitting is kept."""
        if self.busy:
            done, _ = await asyncio.wait([self.task], timeout=timeout)
            if not done:
                log.warning("the word lists were still being applied after %s s", timeout)
        file = self._file()
        if self._applied_version != self.lists.version and file is not None:
            _save(self.lists, file)   # edited in place, not built yet: kept for the next start

    def set_words(self, key: str, lines: list[str], done: Done | None = None) -> asyncio.Future | None:
        """A group's entries as typed or pasted: checked, put in force and saved. `done(Applied)` is
        called on the loop once the comments are judged by them (or they were refused)."""
        return self._start(lambda: self._set_words(key, lines), done, lambda: self._set_words_now(key, lines))

    def import_file(self, path: Path, default_group: str | None, done: Done | None = None) -> asyncio.Future | None:
        """A .txt or .csv file's entries added (read and parsed in a worker: 50,000 lines), then built and saved."""
        return self._start(lambda: self._import(path, default_group), done,
                           lambda: self._import_now(path, default_group))

    def export(self, path: Path, done: Callable[[Text | None], None]) -> None:
        """The lists as they are now, written to a .txt or .csv file in a worker; `done(None)` once
        written, or `done(why not)`."""
        snapshot = self.lists.snapshot()

        async def write() -> None:
            try:
                await self.run(snapshot.export, path)
            except OSError as exc:
                log.warning("word lists not exported to %s: %s", path, exc)
                done(NOT_EXPORTED.fill(file=path.name, why=os_error_words(exc)))
            else:
                done(None)

        self._spawn(write(), name="export-word-lists")

    def changed(self, done: Done | None = None) -> asyncio.Future | None:
        """The lists were edited in place (an action, a group, an import): build and save them."""
        self.lists.changed()
        return self._start(lambda: self._apply(Applied()), done, lambda: self._save_now(Applied()))

    def _start(self, work: Callable[[], Awaitable[Applied]], done: Done | None,
               now: Callable[[], Applied]) -> asyncio.Future | None:
        previous = self.task if self.busy else None
        task = self._spawn(self._after(previous, work), name="apply-word-lists")
        if not isinstance(task, asyncio.Future):   # not started (the session is closing): done here
            outcome = now()
            if done is not None:
                done(outcome)
            return None
        self.task = self.pipeline.building = task
        if done is not None:
            task.add_done_callback(lambda t: t.cancelled() or done(t.result()))
        return task

    async def _after(self, previous: asyncio.Future | None, work: Callable[[], Awaitable[Applied]]) -> Applied:
        if previous is not None:   # one apply at a time (asyncio.wait: cancelling this one leaves that one be)
            await asyncio.wait([previous])
        try:
            return await work()
        except Exception as exc:  # a bug must leave the lists in force and say so, not a dialog busy for ever
            log.exception("applying the word lists failed")
            self.pipeline.build_failed = self.lists.version   # the lists in force stay (see pipeline)
            return Applied(problem=NOT_APPLIED.fill(why=type(exc).__name__))

    async def _set_words(self, key: str, lines: list[str]) -> Applied:
        groups, group = self.lists.groups, self.lists.group(key)
        if group is None:
            return Applied()
        try:
            words, warnings = await self.run(checked_words, lines, group.name, group.min_length)
        except WordListError as exc:
            return Applied(refused=exc.message)
        if self._replaced(groups):
            return Applied(refused=REPLACED)
        group.words = words
        self.lists.changed()
        return await self._apply(Applied(warnings))

    async def _import(self, path: Path, default_group: str | None) -> Applied:
        groups = self.lists.groups
        try:
            rows = await self.run(read_file, path)
        except WordListError as exc:
            return Applied(refused=exc.message)
        if self._replaced(groups):
            return Applied(refused=REPLACED)
        report = self.lists.add_rows(rows, default_group or Path(path).stem)
        return await self._apply(Applied(report.warnings, imported=report))

    def _replaced(self, groups: list) -> bool:
        """The crew's lists came in (or left) since `groups` were the lists in force (crew_moderation.py
        swaps the whole list): what was read or checked for those is not the new ones' to take."""
        return self.lists.groups is not groups

    def _import_now(self, path: Path, default_group: str | None) -> Applied:
        try:
            report = self.lists.import_file(path, default_group)
        except WordListError as exc:
            return Applied(refused=exc.message)
        return self._save_now(Applied(report.warnings, imported=report))

    async def _apply(self, outcome: Applied) -> Applied:
        """Build and save until the lists in force are the lists as edited (edits made meanwhile too)."""
        while self._applied_version != self.lists.version:
            snapshot = self.lists.snapshot()
            compiled, outcome.problem = await self.run(_build_and_save, snapshot, self._file())
            self.pipeline.install(compiled)
            self._applied_version = snapshot.version   # not saved: said, and saved with the next edit
        return outcome

    def _set_words_now(self, key: str, lines: list[str]) -> Applied:
        group = self.lists.group(key)
        if group is None:
            return Applied()
        try:
            warnings = self.lists.set_words(key, lines)
        except WordListError as exc:
            return Applied(refused=exc.message)
        return self._save_now(Applied(warnings))

    def _save_now(self, outcome: Applied) -> Applied:
        file = self._file()
        outcome.problem = _save(self.lists, file) if file is not None else None
        return outcome


def _build_and_save(snapshot: WordLists, file: Path | None) -> tuple[CompiledLists, Text | None]:
    """In a worker: write the lists file (first: an edit is kept even if the build fails), then
    compile the matcher. Returns it and, if the file could not be written, why."""
    problem = _save(snapshot, file) if file is not None else None
    return compile_lists(snapshot), problem


def _save(lists: WordLists, file: Path) -> Text | None:
    try:
        save_word_lists(lists, file)
    except OSError as exc:
        log.warning("word lists not saved to %s: %s", file, exc)
        return NOT_SAVED.fill(why=os_error_words(exc))
    return None
