"""The show editor's files: an import is unsaved work (the *, the question before it is dropped,
its recovery copy, its undo); the import dialog offers a workbook's sheets and keeps the one read."""

from __future__ import annotations

import pytest

from anchor_console.show.model import Segment, Show
from support.window import show_of


@pytest.fixture
def editor(editor):
    editor.autosave.quiet_s = 0.0   # the recovery copy at the next tick
    return editor


@pytest.mark.asyncio
async def test_an_imported_show_is_unsaved_work(editor):
    """It was put in as the document's saved show: no *, no question before New/Open dropped it,
    no recovery copy, no undo."""
    imported = Show("导入的脚本", segments=(Segment("seg-01", "开场", 600), Segment("seg-02", "连衣裙", 1200)))
    editor._imported(imported)
    assert editor.document.show == imported and editor.document.dirty
    assert editor.windowTitle().endswith("*") and editor.undo_action.isEnabled()
    assert editor.autosave.due() and await editor.guard_work.keep_edits() and editor.autosave.recovery_path.exists()


@pytest.mark.asyncio
async def test_the_import_dialog_offers_the_workbooks_sheets_and_keeps_the_one_read(editor, tmp_path):
    """No sheet chooser, and a column corrected read the first sheet instead of the one shown."""
    from openpyxl import Workbook

    from anchor_console.ui.show.import_dialog import ImportDialog
    from support.waiting import until

    wb = Workbook()
    wb.active.title = "排班"
    for row in (["时间", "主播", "场控"], ["19:00-23:00", "小美", "阿强"]):
        wb.active.append(row)
    old = wb.create_sheet("上周版本")
    old.sheet_state = "hidden"
    script = wb.create_sheet("直播脚本")
    for row in (["时间", "环节", "时长", "话术"], ["20:00-20:10", "开场", "10", "欢迎"],
                ["20:10-20:30", "连衣裙", "20", "面料"]):
        script.append(row)
    wb.save(tmp_path / "book.xlsx")
    dialog = ImportDialog(editor, None, editor.session.tasks)
    dialog.load(str(tmp_path / "book.xlsx"))
    await until(lambda: dialog.preview is not None, message="no preview")
    assert dialog.preview.sheet == "直播脚本" and dialog.sheet.isVisible()
    offered = [dialog.sheet.itemText(i) for i in range(dialog.sheet.count())]
    assert offered == ["排班", "上周版本 (hidden)", "直播脚本"]
    assert dialog.sheet.currentData() == "直播脚本"
    dialog.columns.cellWidget(3, 1).setCurrentIndex(0)   # 话术: (ignore)
    await until(lambda: dialog.preview is not None, message="no preview after a column change")
    assert dialog.preview.sheet == "直播脚本" and not dialog.preview.show.segments[0].talking_points
    dialog.sheet.setCurrentIndex(0)
    await until(lambda: dialog.preview is not None and dialog.preview.sheet == "排班", message="the chosen sheet")
    dialog.close()


@pytest.mark.asyncio
async def test_unsaved_work_on_a_file_changed_since_is_restored_as_a_new_show(editor, tmp_path):
    """The recovery copy holds the whole show as it was: restored into the file's document and
    saved, it threw away the version another console had saved meanwhile."""
    from PySide6.QtWidgets import QMessageBox

    from anchor_console.domain.clock import ManualClock
    from anchor_console.show import ShowAutosave, load_show, save_show
    from support.waiting import until

    path = tmp_path / "spring.show.toml"
    save_show(Show("春装", segments=(Segment("a", "开场", 600),)), path)
    autosave = ShowAutosave(editor.session.paths.recovery, ManualClock(1_900_000_000.0), source=path)
    mine = Show("A 改的标题", segments=(Segment("a", "开场", 600),))
    autosave.edited(mine)
    assert await autosave.write()                # then this console crashed
    theirs = Show("春装", segments=(Segment("a", "开场", 600), Segment("b", "B 加的抽奖环节", 300)))
    save_show(theirs, path)                      # another console saved meanwhile
    assert await editor.open_path(path)
    box = await until(lambda: next((b for b in editor.findChildren(QMessageBox)
                                    if b.isVisible() and b.objectName() == "offer-recovery"), None))
    assert "was changed since then" in box.text() and "new untitled show" in box.text()
    box.button(QMessageBox.StandardButton.Yes).click()
    await until(lambda: editor.document.show == mine)
    assert editor.document.path is None and editor.document.dirty
    assert load_show(path) == theirs


def overwrite_box(editor):
    from PySide6.QtWidgets import QMessageBox

    return next((b for b in editor.findChildren(QMessageBox)
                 if b.isVisible() and b.objectName() == "confirm-overwrite-show"), None)


@pytest.mark.asyncio
async def test_saving_over_a_show_file_saved_elsewhere_since_asks_first(editor, tmp_path):
    """Two consoles with the same show open: the second Save threw the first one's work away, unsaid."""
    from PySide6.QtWidgets import QMessageBox

    from anchor_console.show import load_show, save_show
    from support.waiting import until

    path = tmp_path / "spring.show.toml"
    save_show(Show("春装", segments=(Segment("a", "开场", 600),)), path)
    assert await editor.open_path(path)
    editor.add_segment()
    await editor._write(path)                      # nothing changed elsewhere: no question
    assert overwrite_box(editor) is None and not editor.document.dirty
    theirs = Show("春装", segments=(Segment("a", "开场", 600), Segment("b", "B 加的抽奖环节", 300)))
    save_show(theirs, path)                        # the other console saves
    editor.document.set_show_field("title", "A 改的标题")
    await editor._write(path)
    box = await until(lambda: overwrite_box(editor))
    assert "spring.show.toml" in box.text()
    box.button(QMessageBox.StandardButton.Cancel).click()
    await until(lambda: overwrite_box(editor) is None)
    assert load_show(path) == theirs and editor.document.dirty
    editor.save()
    box = await until(lambda: overwrite_box(editor))
    next(b for b in box.buttons() if b.text() == "Replace it with mine").click()
    await until(lambda: not editor.document.dirty)
    assert load_show(path) == editor.document.show
    editor.document.set_show_field("title", "再改")
    await editor._write(path)                      # the file is as this editor wrote it: no question
    assert overwrite_box(editor) is None and load_show(path).title == "再改"


@pytest.mark.asyncio
async def test_a_pdf_export_that_could_not_be_written_is_said_and_leaves_the_old_file(editor, tmp_path):
    """QPdfWriter fails without a word, and the only check was that the file existed — true of the
    old file (or of a folder in the way): "Exported" was said with yesterday's run sheet on disk."""
    editor._imported(Show("今晚", segments=(Segment("a", "开场", 600),)))
    old = tmp_path / "run.pdf"
    old.write_bytes(b"%PDF-1.4 yesterday")
    assert await editor.export("pdf", old)
    assert old.read_bytes().startswith(b"%PDF") and b"yesterday" not in old.read_bytes()
    in_the_way = tmp_path / "folder.pdf"
    (in_the_way / "inside").mkdir(parents=True)
    assert not await editor.export("pdf", in_the_way)
    assert any("Export failed" in m for m in editor.notifications.messages())
    assert (in_the_way / "inside").is_dir() and not list(tmp_path.glob(".*.tmp"))


def visible_box(widget, name):
    from PySide6.QtWidgets import QMessageBox

    return next((b for b in widget.findChildren(QMessageBox) if b.isVisible() and b.objectName() == name), None)


@pytest.mark.asyncio
async def test_closing_or_quitting_with_edits_no_recovery_copy_can_keep_asks_first(console_factory, tmp_path):
    """Closing flushed the recovery copy and ignored that it failed (a full disk): the window closed,
    the console quit, and the edits were gone without a word."""
    from PySide6.QtWidgets import QMessageBox

    from support.waiting import until

    console = await console_factory(wait_loaded=False)
    window = console.window
    editor = show_of(window).open_editor()
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the recovery folder should be", encoding="utf-8")
    editor.autosave.recovery_dir = blocked
    editor.add_segment()                                   # edited a moment ago: no copy written yet
    editor.close()
    box = await until(lambda: visible_box(editor, "confirm-close-losing-edits"))
    assert "no recovery copy of them could be written (File exists)" in box.text()
    box.button(QMessageBox.StandardButton.Cancel).click()
    await until(lambda: visible_box(editor, "confirm-close-losing-edits") is None)
    assert editor.isVisible() and editor.document.dirty
    quits = []
    window.close_requested.connect(lambda: quits.append(True))
    window.close()
    box = await until(lambda: visible_box(window, "confirm-quit-losing-edits"))
    box.button(QMessageBox.StandardButton.Cancel).click()
    await until(lambda: visible_box(window, "confirm-quit-losing-edits") is None)
    assert not quits and editor.document.dirty
    editor.autosave.recovery_dir = tmp_path / "recovery"   # the disk has room again: nothing is asked
    window.close()
    await until(lambda: quits, message="the quit was not let through")
    editor.close()
    assert not editor.isVisible()


@pytest.mark.asyncio
async def test_a_show_is_written_off_the_ui_thread_and_edits_made_meanwhile_stay_unsaved(editor, tmp_path,
                                                                                          monkeypatch):
    """A large show took seconds to check and write, the editor frozen all the while."""
    import threading

    import anchor_console.ui.show.show_editor as show_editor_module
    from anchor_console.show import load_show, save_show
    from support.waiting import until

    writing, go_on, ui_thread = threading.Event(), threading.Event(), threading.get_ident()
    threads = []

    def slow_save(show, path):
        threads.append(threading.get_ident())
        writing.set()
        go_on.wait(10)
        return save_show(show, path)

    monkeypatch.setattr(show_editor_module, "save_show", slow_save)
    path = tmp_path / "s.show.toml"
    editor._imported(Show("春装", segments=(Segment("a", "开场", 600),)))
    saving = editor._write(path)
    await until(writing.is_set)
    written = editor.document.show
    editor.document.set_show_field("title", "写的时候改的")   # the window answers while the show is written
    go_on.set()
    await saving
    assert threads and threads[0] != ui_thread
    assert load_show(path) == written and editor.document.dirty and editor.windowTitle().endswith("*")
    monkeypatch.undo()
    await editor._write(path)
    assert not editor.document.dirty and load_show(path).title == "写的时候改的"


@pytest.mark.asyncio
async def test_the_recovery_copy_is_written_off_the_ui_thread_and_a_failed_one_is_said(editor, tmp_path, monkeypatch):
    """The copy (a whole show, JSON, fsync) was written on the ui thread at each pause in typing."""
    import threading

    import anchor_console.show.autosave as autosave_module
    from support.waiting import until

    threads, real = [], autosave_module.write_atomically
    monkeypatch.setattr(autosave_module, "write_atomically",
                        lambda path, data: (threads.append(threading.get_ident()), real(path, data)))
    editor.add_segment()
    editor._autosave_tick()                                  # the editor's second timer: the copy is due
    await until(lambda: editor.autosave.recovery_path.exists() and not editor.autosave.has_unwritten_edits)
    assert threads and threading.get_ident() not in threads
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the recovery folder should be", encoding="utf-8")
    editor.autosave.recovery_dir = blocked
    editor.add_segment()
    editor._autosave_tick()
    await until(lambda: any(m.startswith("The recovery copy of your edits could not be written")
                            for m in editor.notifications.messages()), message="the failed copy was not said")
    assert editor.autosave.has_unwritten_edits               # kept waiting for the next try
