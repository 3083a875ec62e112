"""The show editor by keyboard: on the segment list Insert adds a segment, Delete removes it,
Alt+Up/Down move it, Enter and F2 go to its title; on the cue list Delete, Alt+Up/Down and Enter
act on the cue; Ctrl+Shift+A adds a cue, File → Close (Ctrl+W) closes the editor. The keys are
shown in the menus and the buttons' tooltips, and Undo takes back every one of them."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from anchor_console.show.model import AnchorMessage, Cue, Segment, Show
from anchor_console.ui.show.cue_dialog import CueDialog
from support.waiting import until

K = Qt.Key
ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture
def editor(editor):
    editor._imported(Show("键盘", segments=(
        Segment("a", "开场", 300, cues=(Cue("c1", AnchorMessage("一")), Cue("c2", AnchorMessage("二")),
                                       Cue("c3", AnchorMessage("三")))),
        Segment("b", "福利款", 600), Segment("c", "收尾", 300))))
    editor.activateWindow()
    return editor


def titles(editor):
    return [s.title for s in editor.document.show.segments]


async def focused(widget):
    widget.setFocus()
    await until(lambda: QApplication.focusWidget() is widget, 5, message=f"{widget.objectName()} has no focus")
    return widget


@pytest.mark.asyncio
async def test_segments_by_keyboard_each_undone(editor):
    view = await focused(editor.view)
    editor.view.selectRow(1)
    QTest.keyClick(view, K.Key_Up, ALT)
    assert titles(editor) == ["福利款", "开场", "收尾"] and editor.current_segment().title == "福利款"
    QTest.keyClick(view, K.Key_Down, ALT)
    QTest.keyClick(view, K.Key_Down, ALT)
    assert titles(editor) == ["开场", "收尾", "福利款"]
    QTest.keyClick(view, K.Key_Delete)   # no question: Undo is there
    assert titles(editor) == ["开场", "收尾"]
    QTest.keyClick(view, K.Key_Insert)
    assert titles(editor) == ["开场", "收尾", "New segment"]
    assert QApplication.focusWidget() is editor.form.seg_title   # ready to type its title
    for _ in range(5):   # Insert, Delete and the three moves
        editor.undo()
    assert titles(editor) == ["开场", "福利款", "收尾"]
    view = await focused(editor.view)
    editor.view.selectRow(2)
    QTest.keyClick(view, K.Key_F2)
    assert QApplication.focusWidget() is editor.form.seg_title and editor.form.seg_title.selectedText() == "收尾"
    view = await focused(editor.view)
    QTest.keyClick(view, K.Key_Return)
    assert QApplication.focusWidget() is editor.form.seg_title
    # Delete in a text field deletes text, not the segment
    editor.form.seg_title.setCursorPosition(0)
    QTest.keyClick(editor.form.seg_title, K.Key_Delete)
    assert titles(editor) == ["开场", "福利款", "尾"]


@pytest.mark.asyncio
async def test_cues_by_keyboard_and_the_keys_are_shown(editor):
    editor.view.selectRow(0)
    cues = await focused(editor.form.cues)
    cues.setCurrentRow(0)
    QTest.keyClick(cues, K.Key_Down, ALT)
    assert [c.id for c in editor.current_segment().cues] == ["c2", "c1", "c3"]
    assert cues.currentItem().data(Qt.ItemDataRole.UserRole) == "c1"   # still chosen: Alt+Down again moves it on
    QTest.keyClick(cues, K.Key_Down, ALT)
    assert [c.id for c in editor.current_segment().cues] == ["c2", "c3", "c1"]
    QTest.keyClick(cues, K.Key_Up, ALT)
    QTest.keyClick(cues, K.Key_Delete)
    assert [c.id for c in editor.current_segment().cues] == ["c2", "c3"]
    assert cues.currentItem().data(Qt.ItemDataRole.UserRole) == "c3"   # the next one chosen
    editor.undo()
    editor.undo()
    editor.undo()
    editor.undo()
    assert [c.id for c in editor.current_segment().cues] == ["c1", "c2", "c3"]
    cues = await focused(editor.form.cues)
    cues.setCurrentRow(1)
    QTest.keyClick(cues, K.Key_Return)
    dialog = await until(lambda: next((d for d in editor.findChildren(CueDialog) if d.isVisible()), None), 5)
    dialog.reject()
    QTest.keyClick(editor.form.points, K.Key_A, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dialog = await until(lambda: next((d for d in editor.findChildren(CueDialog) if d.isVisible() and d is not dialog),
                                      None), 5, message="Ctrl+Shift+A did not add a cue")
    dialog.reject()
    keys = editor.keys.actions
    assert keys["add_segment"].shortcut().toString() == "Ins"
    assert keys["add_cue"].shortcut().toString() == "Ctrl+Shift+A"
    assert keys["remove_segment"].shortcut().toString() == "Del" and keys["close"].shortcut().toString() == "Ctrl+W"
    assert editor.add_segment_button.toolTip() == "Add segment (Ins, Ctrl+Shift+N)"
    assert editor.segment_buttons[1].toolTip() == "Remove segment (Del)"
    assert editor.form.add_cue_button.toolTip() == "Add cue (Ctrl+Shift+A)"


@pytest.mark.asyncio
async def test_file_close_closes_the_editor(editor):
    editor.document.mark_saved()   # nothing to ask about
    QTest.keyClick(editor.view, K.Key_W, Qt.KeyboardModifier.ControlModifier)
    await until(lambda: not editor.isVisible(), 5, message="Ctrl+W did not close the editor")
