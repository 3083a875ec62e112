"""The extra words to avoid editor reads the list as the checker does (a GBK file saved by a
Chinese Windows editor opens with its words), and a list it cannot read is said and never
overwritten by an empty box."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QWidget

from anchor_console.ui.show.words_dialog import ExtraWordsDialog


def test_a_gbk_list_opens_with_its_words_and_saves_as_utf8(qapp, tmp_path):
    path = tmp_path / "advertising_law_extra.txt"
    path.write_bytes("最强\n第一品牌".encode("gbk"))
    window = QWidget()
    dialog = ExtraWordsDialog(window, path)
    assert dialog.edit.toPlainText() == "最强\n第一品牌" and dialog.save_button.isEnabled()
    dialog.edit.appendPlainText("纯棉")
    dialog.save()
    assert path.read_text(encoding="utf-8") == "最强\n第一品牌\n纯棉"


@pytest.mark.parametrize("damage", ["bytes", "folder"])
def test_a_list_that_cannot_be_read_is_said_and_left_as_it_is(qapp, tmp_path, damage):
    path = tmp_path / "advertising_law_extra.txt"
    if damage == "bytes":
        path.write_bytes(b"\xff" * 20)
    else:
        path.mkdir()
    window = QWidget()
    dialog = ExtraWordsDialog(window, path)
    assert "left as it is" in dialog.error.text() and str(path) in dialog.error.text()
    assert dialog.edit.isReadOnly() and not dialog.save_button.isEnabled()
    assert dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Cancel).isEnabled()
    if damage == "bytes":
        assert path.read_bytes() == b"\xff" * 20
