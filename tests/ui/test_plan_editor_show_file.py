"""The plan editor's run-of-show file: read and checked off the ui thread (a show on a network disk
froze the dialog as the file was chosen), the row saying it is being read and OK waiting for it; a
broken file is named with its line, and the plan typed so far stays."""

from __future__ import annotations

import threading

import pytest
import pytest_asyncio

import anchor_console.session.live_plans as live_plans
from anchor_console.show import save_show
from anchor_console.show.model import Segment, Show
from support.held_calls import HeldCall, recorded
from support.waiting import until


@pytest_asyncio.fixture
async def editor(console_factory):
    from anchor_console.ui.plans.plan_editor import PlanEditor

    console = await console_factory(wait_loaded=False)
    editor = PlanEditor(console.window, console.session)
    editor.open()
    yield editor
    editor.reject()


@pytest.mark.asyncio
async def test_the_run_of_show_file_is_read_off_the_ui_thread_and_ok_waits_for_it(editor, tmp_path, monkeypatch):
    path = tmp_path / "plan.show.toml"
    save_show(Show("春季上新 · 流程", segments=(Segment("a", "开场", 600),)), path)
    editor.title.setText("春季上新专场")
    held = HeldCall(monkeypatch, live_plans, "load_show")
    try:
        editor.show_file.set_path(str(path))
        await until(held.started.is_set, message="the show file was not read")
        assert editor.show_file.name.text() == "plan.show.toml (reading…)"
        assert not editor.check() and not editor.ok.isEnabled()
        assert editor.save() is None   # (Enter pressed meanwhile: nothing is sent)
    finally:
        held.go_on.set()
    await until(lambda: not editor._show_reading, message="the show file's check did not end")
    assert held.threads and held.threads[0] is not threading.main_thread()
    assert editor.show_file.name.text() == "plan.show.toml"
    assert "plan.show.toml" not in editor.problems.text()


@pytest.mark.asyncio
async def test_a_broken_run_of_show_file_is_named_with_its_line_and_the_plan_stays(editor, tmp_path):
    broken = tmp_path / "broken.show.toml"
    broken.write_text('format = "anchor-console-show"\nversion = 5\ntitle 春装\n', encoding="utf-8")
    editor.title.setText("春季上新专场")
    editor.show_file.set_path(str(broken))
    said = "The run-of-show file “broken.show.toml” cannot be used: Line 3, column 7: this is not valid TOML"
    await until(lambda: said in editor.problems.text(), message=editor.problems.text())
    assert editor.problems.isVisible() and not editor.ok.isEnabled()
    assert editor.title.text() == "春季上新专场" and editor.show_file.path == str(broken)
    assert editor.show_file.name.text() == "broken.show.toml"
    editor.show_file.set_path("")   # cleared: nothing to read, nothing said about it
    await until(lambda: "broken.show.toml" not in editor.problems.text(), message=editor.problems.text())
    assert not editor._show_reading


@pytest.mark.asyncio
async def test_the_cover_file_is_measured_off_the_ui_thread_with_its_preview(editor, tmp_path, monkeypatch):
    """Its size (for WeChat's 2 MB) was asked of the disk on the ui thread at every change."""
    from PySide6.QtGui import QColor, QImage

    import anchor_console.ui.plans.plan_editor as plan_editor

    cover = tmp_path / "cover.png"
    image = QImage(320, 240, QImage.Format.Format_RGB32)
    image.fill(QColor("#3c8dbc"))
    assert image.save(str(cover), "PNG")
    threads = recorded(monkeypatch, plan_editor, "file_size").threads
    editor.cover.set_path(str(cover))
    assert editor.cover_preview.text() == "reading…"
    await until(lambda: not editor.cover_preview.pixmap().isNull(), message="the cover is not shown")
    assert threads and threading.main_thread() not in threads
    assert editor._cover_bytes == cover.stat().st_size and not editor._cover_unreadable
