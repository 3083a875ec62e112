"""The show editor's files: an import is unsaved work (the *, the question before it is dropped,
its recovery copy, its undo)."""

from __future__ import annotations

import pytest
import pytest_asyncio

from anchor_console.show.model import Segment, Show
from support.window import show_of


@pytest_asyncio.fixture
async def editor(console_factory):
    console = await console_factory(wait_loaded=False)
    editor = show_of(console.window).open_editor()
    editor.autosave.quiet_s = 0.0   # the recovery copy at the next tick
    yield editor
    editor.close()


@pytest.mark.asyncio
async def test_an_imported_show_is_unsaved_work(editor):
    """It was put in as the document's saved show: no *, no question before New/Open dropped it,
    no recovery copy, no undo."""
    imported = Show("导入的脚本", segments=(Segment("seg-01", "开场", 600), Segment("seg-02", "连衣裙", 1200)))
    editor._imported(imported)
    assert editor.document.show == imported and editor.document.dirty
    assert editor.windowTitle().endswith("*") and editor.undo_action.isEnabled()
    assert editor.autosave.tick() and editor.autosave.recovery_path.exists()
