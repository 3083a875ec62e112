"""Show editor → Run this show in the console: a show never saved is saved where the user says,
and then runs (it stopped at the save, and a second press was needed)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QFileDialog

from anchor_console.show.model import Segment, Show
from support.waiting import until
from support.window import show_of


@pytest.mark.asyncio
async def test_an_unsaved_show_is_saved_then_run(console_factory, tmp_path):
    console = await console_factory(wait_loaded=False)
    editor = show_of(console.window).open_editor()
    try:
        editor._imported(Show("导入的脚本", segments=(Segment("seg-01", "开场", 600),)))
        editor.run_in_console()
        dialog = await until(lambda: next((d for d in editor.findChildren(QFileDialog) if d.isVisible()), None),
                             5, message="no save dialog")
        path = tmp_path / "imported.show.toml"
        dialog.fileSelected.emit(str(path))
        dialog.close()
        runner = editor.runner
        await until(lambda: runner.show_path == path, 10, message="saved, but not run")
        assert path.exists() and runner.show.title == "导入的脚本" and not editor.document.dirty
    finally:
        editor.close()
