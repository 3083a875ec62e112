"""The extra words to avoid editor reads the list as the checker does (a GBK file saved by a
Chinese Windows editor opens with its words), off the ui thread, and saves it off the ui thread too;
a list it cannot read is said and never overwritten by an empty box."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QWidget

import anchor_console.ui.show.words_dialog as words_dialog
from anchor_console.session.tasks import Tasks
from anchor_console.ui.show.words_dialog import ExtraWordsDialog
from support.held_calls import HeldCall, recorded


@pytest.mark.asyncio
async def test_a_gbk_list_opens_with_its_words_and_saves_as_utf8_off_the_ui_thread(qapp, tmp_path, monkeypatch):
    path = tmp_path / "advertising_law_extra.txt"
    path.write_bytes("最强\n第一品牌".encode("gbk"))
    read = recorded(monkeypatch, words_dialog, "read_word_text")
    written = HeldCall(monkeypatch, words_dialog, "write_atomically")
    window, tasks = QWidget(), Tasks()
    dialog = ExtraWordsDialog(window, path, tasks)
    assert dialog.edit.isReadOnly() and not dialog.save_button.isEnabled()   # nothing to lose until it is read
    await dialog.loading
    assert dialog.edit.toPlainText() == "最强\n第一品牌" and dialog.save_button.isEnabled()
    assert read.threads and read.threads[0] is not threading.main_thread()
    saved = []
    dialog.saved.connect(lambda: saved.append(True))
    dialog.edit.appendPlainText("纯棉")
    saving = dialog.save()
    assert not dialog.save_button.isEnabled()   # a second press writes nothing twice
    written.go_on.set()
    await saving
    assert path.read_text(encoding="utf-8") == "最强\n第一品牌\n纯棉" and saved == [True]
    assert written.threads[0] is not threading.main_thread()


@pytest.mark.asyncio
@pytest.mark.parametrize("damage", ["bytes", "folder"])
async def test_a_list_that_cannot_be_read_is_said_and_left_as_it_is(qapp, tmp_path, damage):
    path = tmp_path / "advertising_law_extra.txt"
    if damage == "bytes":
        path.write_bytes(b"\xff" * 20)
    else:
        path.mkdir()
    window = QWidget()
    dialog = ExtraWordsDialog(window, path, Tasks())
    await dialog.loading
    assert "left as it is" in dialog.error.text() and str(path) in dialog.error.text()
    assert dialog.edit.isReadOnly() and not dialog.save_button.isEnabled()
    assert dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Cancel).isEnabled()
    if damage == "bytes":
        assert path.read_bytes() == b"\xff" * 20
