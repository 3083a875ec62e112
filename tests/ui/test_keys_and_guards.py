"""Keys and guards a 场控 relies on: Esc hands the keys back from any text box, F7 / Shift+F7 / F6
step and extend the show, Delete takes a product off the shelf with Undo, and the one-step
destructive actions ask first (room-wide mute, with a loud badge; ending the show; quitting while
live), the money confirmation's default button being the safe one unless chosen otherwise."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox, QPushButton

from anchor_console.room.commands import IssueCoupon
from support.studio import on_demo_studio
from support.waiting import until
from support.window import find_dialog, shelf_of, show_of

SAMPLE = Path(__file__).resolve().parents[1] / "show" / "samples" / "sample_30min.show.toml"


async def answer(name: str, button: QMessageBox.StandardButton) -> QMessageBox:
    box = await until(lambda: find_dialog(name), 5, message=f"no {name} dialog")
    box.button(button).click()
    return box


@pytest.mark.asyncio
async def test_esc_hands_the_number_keys_back_from_a_search_box(console_factory, studio_factory):
    studio, console = await on_demo_studio(console_factory, studio_factory, "assistant")
    window, shelf = console.window, shelf_of(console.window)
    await until(lambda: len(shelf.model.rows) >= 3)
    window.activateWindow()
    shelf.search.setFocus()
    QTest.keyClick(shelf.search, Qt.Key.Key_2)
    assert shelf.search.text() == "2"           # in a text box, digits are typed
    QTest.keyClick(shelf.search, Qt.Key.Key_Escape)
    assert not shelf.search.hasFocus()
    shelf.search.clear()
    third = shelf.model.rows[2].product_id
    QTest.keyClick(window, Qt.Key.Key_3)        # and now 3 puts product 3 on stage
    await until(lambda: console.session.room.state.stage_product_id == third, 10)
    assert next(e for e in console.session.journal.entries() if e.kind == "put_on_stage").origin == "key"


@pytest.mark.asyncio
async def test_f7_steps_the_show_and_f6_extends_the_segment(console_factory, studio_factory, tmp_path):
    studio, console = await on_demo_studio(console_factory, studio_factory, "assistant")
    window, runner = console.window, console.session.show
    shutil.copy(SAMPLE, tmp_path / "s.show.toml")
    assert runner.load(tmp_path / "s.show.toml")
    timeline = show_of(window).timeline
    timeline.mode.setCurrentIndex(timeline.mode.findData("rehearse"))
    timeline.speed.setCurrentIndex(timeline.speed.findData(1.0))
    timeline.start_button.click()
    window.activateWindow()
    current = lambda: runner.engine.snapshot().current.segment_id  # noqa: E731
    segments = [s.id for s in runner.show.segments]
    assert current() == segments[0]
    QTest.keyClick(window, Qt.Key.Key_F7)
    assert current() == segments[1]
    QTest.keyClick(window, Qt.Key.Key_F7, Qt.KeyboardModifier.ShiftModifier)
    assert current() == segments[0]
    before = runner.engine.snapshot().remaining_s
    timeline.extend_spin.setValue(2)
    QTest.keyClick(window, Qt.Key.Key_F6)
    assert runner.engine.snapshot().remaining_s >= before + 119
    # Ending the show asks first; Cancel leaves it running.
    timeline.end_button.click()
    await answer("confirm-end-show", QMessageBox.StandardButton.Cancel)
    assert runner.running
    timeline.end_button.click()
    await answer("confirm-end-show", QMessageBox.StandardButton.Yes)
    assert not runner.running


@pytest.mark.asyncio
async def test_delete_takes_a_product_off_the_shelf_with_undo(console_factory, studio_factory):
    studio, console = await on_demo_studio(console_factory, studio_factory, "assistant")
    window, shelf = console.window, shelf_of(console.window)
    await until(lambda: len(shelf.model.rows) >= 5)
    order = [it.product_id for it in console.session.room.state.shelf]
    gone = order[2]
    shelf.select_product(gone)
    shelf.view.setFocus()
    QTest.keyClick(shelf.view, Qt.Key.Key_Delete)
    await until(lambda: console.session.room.state.shelf_item(gone) is None, 10)
    # Undo is offered once Studio has answered the removal, which may come after the room's event.
    undo = await until(lambda: next((b for frame in window.notifications._frames()
                                     for b in frame.findChildren(QPushButton) if b.text() == "Undo"), None), 10,
                       message="no Undo offered for the removal")
    undo.click()
    await until(lambda: [it.product_id for it in console.session.room.state.shelf] == order, 10,
                message="Undo did not put the product back where it was")


@pytest.mark.asyncio
async def test_room_mute_asks_first_and_shows_loudly(console_factory, studio_factory):
    studio, console = await on_demo_studio(console_factory, studio_factory, "assistant")
    window = console.window
    window.mute_action.trigger()                 # the menu toggle, as an accident would
    box = await answer("confirm-room-mute", QMessageBox.StandardButton.Cancel)
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
    assert not console.session.room.state.room.mute_all and window.header.muted_badge.isHidden()
    window.mute_action.trigger()
    await answer("confirm-room-mute", QMessageBox.StandardButton.Yes)
    await until(lambda: console.session.room.state.room.mute_all, 10)
    await until(lambda: not window.header.muted_badge.isHidden(), 5, message="no ROOM MUTED badge")
    # The room's event can come before Studio's answer; until then the toggle is off (in flight).
    await until(window.mute_action.isEnabled, 10, message="the mute was never answered")
    window.mute_action.trigger()                 # letting the room talk again needs no question
    await until(lambda: not console.session.room.state.room.mute_all, 10)
    await until(lambda: window.header.muted_badge.isHidden(), 5)


@pytest.mark.asyncio
async def test_quitting_while_live_asks_first(console_factory, studio_factory):
    studio, console = await on_demo_studio(console_factory, studio_factory, "assistant")
    window = console.window
    asked_to_close = []
    window.close_requested.connect(lambda: asked_to_close.append(1))
    window.close()                               # Ctrl+Q / the title bar's ✕, with the room live
    await answer("confirm-quit", QMessageBox.StandardButton.Cancel)
    assert not asked_to_close and window.isVisible()
    window.close()
    box = await answer("confirm-quit", QMessageBox.StandardButton.Yes)
    assert "goes on without it" in box.text()    # a Studio of its own: the broadcast outlives the console
    # (the recovery copies' check runs off the UI thread first: the quit follows it)
    await until(lambda: asked_to_close, 5, message="Yes did not quit")


@pytest.mark.asyncio
async def test_quitting_while_live_on_the_bundled_studio_says_it_stops_too(console_factory):
    console = await console_factory()            # no configuration: the bundled demo Studio
    window = console.window
    await until(lambda: window._live(), 30, message="the bundled demo room never went live")
    assert console.session.on_bundled_studio
    window.close()
    box = await answer("confirm-quit", QMessageBox.StandardButton.Cancel)
    assert "stops when the console quits" in box.text() and "goes on without it" not in box.text()
    assert window.isVisible()


@pytest.mark.asyncio
async def test_the_money_confirmation_defaults_to_the_safe_button(console_factory, studio_factory):
    studio, console = await on_demo_studio(console_factory, studio_factory, "assistant")
    actions = console.session.actions
    assert actions.run(IssueCoupon("1", 10, 30))
    box = await until(lambda: find_dialog("confirm-money-action"), 5)
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
    QTest.keyClick(box, Qt.Key.Key_Return)       # Enter does not fire
    await until(lambda: not actions.is_pending(IssueCoupon.kind))
    assert not [e for e in console.session.journal.entries() if e.kind == "issue_coupon"]
    console.session.settings.money_enter_fires = True   # the user chose otherwise
    assert actions.run(IssueCoupon("1", 10, 30))
    box = await until(lambda: find_dialog("confirm-money-action"), 5)
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Yes)
    box.button(QMessageBox.StandardButton.Yes).click()
    await until(lambda: [e for e in console.session.journal.entries() if e.kind == "issue_coupon"], 10)
