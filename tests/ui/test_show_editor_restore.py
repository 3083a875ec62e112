"""Restoring the unsaved work a crash left in the show editor: the copy is read back and parsed off
the ui thread (the editor says so), put in with what its show file holds now, and removed by the
autosave's worker; a copy that cannot be read back is named, with its line, and nothing changes."""

from __future__ import annotations

import json
import threading

import pytest
from PySide6.QtWidgets import QMessageBox

import anchor_console.ui.show.show_opening as show_opening
from anchor_console.domain.clock import ManualClock
from anchor_console.show import ShowAutosave, load_show, save_show
from anchor_console.show.model import Segment, Show
from anchor_console.show.showfile import file_digest
from support.held_calls import HeldCall
from support.waiting import until


@pytest.fixture
def editor(editor):
    editor.autosave.quiet_s = editor.autosave.max_delay_s = 3600.0   # no copy of its own meanwhile
    return editor


def offer(editor):
    return next((b for b in editor.findChildren(QMessageBox)
                 if b.isVisible() and b.objectName() == "offer-recovery"), None)


async def crashed_with_edits(editor, path, mine: Show):
    """`path` saved, then edited to `mine` in a console that crashed: its recovery copy is left."""
    save_show(Show("春装", segments=(Segment("a", "开场", 600),)), path)
    autosave = ShowAutosave(editor.session.paths.recovery, ManualClock(1_900_000_000.0), source=path)
    autosave.edited(mine)
    assert await autosave.write()
    return autosave.recovery_path


@pytest.mark.asyncio
async def test_unsaved_work_is_read_back_off_the_ui_thread_and_its_copy_removed(editor, tmp_path, monkeypatch):
    path = tmp_path / "spring.show.toml"
    mine = Show("A 改的标题", segments=(Segment("a", "开场", 600),))
    copy = await crashed_with_edits(editor, path, mine)
    held = HeldCall(monkeypatch, show_opening, "read_recovery")
    go_on, reading, threads = held.go_on, held.started, held.threads
    copy_before = json.loads(copy.read_text(encoding="utf-8"))
    assert await editor.open_path(path)
    opened = editor.document
    box = await until(lambda: offer(editor), message="the unsaved work was not offered")
    try:
        box.button(QMessageBox.StandardButton.Yes).click()
        await until(reading.is_set, message="the unsaved work was not read back")
        assert editor.statusBar().currentMessage() == "Restoring the unsaved changes…"
        assert editor.document is opened and not editor.document.dirty   # nothing put in before it is read
        # An edit meanwhile writes no copy of its own: it would go to the copy being read back.
        editor.autosave.quiet_s = editor.autosave.max_delay_s = 0.0
        editor.autosave.edited(Show("读回时改的", segments=(Segment("a", "开场", 600),)))
        assert editor.opening.restoring and editor.autosave.due()
        editor._autosave_tick()
        assert "show-recovery-copy" not in editor.session.tasks.running()
        await editor.autosave.settle()
        assert json.loads(copy.read_text(encoding="utf-8")) == copy_before
    finally:
        go_on.set()
    await until(lambda: editor.document.show == mine, message="the unsaved work was not restored")
    assert threads and threads[0] is not threading.main_thread()
    assert editor.document.path == path and editor.document.dirty
    assert editor.autosave.base_digest == file_digest(path)   # the save-over guard knows the file as it is
    assert editor.statusBar().currentMessage() == ""
    await editor.autosave.settle()
    assert not copy.exists()


@pytest.mark.asyncio
async def test_declined_unsaved_work_is_removed_by_the_autosaves_worker(editor, tmp_path):
    path = tmp_path / "spring.show.toml"
    copy = await crashed_with_edits(editor, path, Show("A 改的标题", segments=(Segment("a", "开场", 600),)))
    assert await editor.open_path(path)
    (await until(lambda: offer(editor))).button(QMessageBox.StandardButton.No).click()
    await until(lambda: offer(editor) is None)
    await editor.autosave.settle()
    assert not copy.exists() and load_show(path).title == "春装" and not editor.document.dirty


@pytest.mark.asyncio
async def test_unsaved_work_that_cannot_be_read_back_is_named_with_its_line_and_nothing_changes(editor, tmp_path):
    path = tmp_path / "spring.show.toml"
    copy = await crashed_with_edits(editor, path, Show("A 改的标题", segments=(Segment("a", "开场", 600),)))
    record = json.loads(copy.read_text(encoding="utf-8"))
    record["show"] = 'format = "anchor-console-show"\nversion = 5\ntitle 春装\n'   # torn
    copy.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    assert await editor.open_path(path)
    opened = editor.document.show
    (await until(lambda: offer(editor))).button(QMessageBox.StandardButton.Yes).click()
    said = await until(lambda: [m for m in editor.notifications.messages() if "could not be read back" in m])
    assert said == [f"The unsaved changes could not be read back from “{copy}”; nothing was changed:\n"
                    "Line 3, column 7: this is not valid TOML (a quote, bracket or “=” is missing or extra)"]
    assert editor.document.show == opened and not editor.document.dirty and editor.document.path == path
    assert editor.statusBar().currentMessage() == ""
    await editor.autosave.settle()
    assert copy.exists()   # left for a human to look at
