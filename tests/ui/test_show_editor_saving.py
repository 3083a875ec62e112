"""Saving in the show editor: the show is written off the ui thread (a slow network disk froze the
window), and neither closing the editor nor quitting the console cuts a save under way off — the
editor closes once it is written, stays open with the failure said when it is not, and the quit
waits for it, saying so."""

from __future__ import annotations

import threading

import pytest
import pytest_asyncio

import anchor_console.ui.show.show_editor as show_editor
from anchor_console.show import ShowFileError, load_show, save_show
from anchor_console.show.model import Segment, Show
from support.held_calls import HeldCall
from support.waiting import until
from support.window import show_of


@pytest_asyncio.fixture
async def console(console_factory):
    return await console_factory(wait_loaded=False)


@pytest_asyncio.fixture
async def editor(console, tmp_path):
    editor = show_of(console.window).open_editor()
    path = tmp_path / "spring.show.toml"
    save_show(Show("春装", segments=(Segment("a", "开场", 600),)), path)
    assert await editor.open_path(path)
    editor.document.set_show_field("title", "改过的标题")
    assert await editor.guard_work.keep_edits()   # in a recovery copy: closing alone would not wait now
    yield editor
    editor.guard_work.close_anyway()


def held_write(monkeypatch, fails: Exception | None = None) -> HeldCall:
    """`save_show` for the editor, held in its worker thread until `go_on` is set; then it writes,
    or raises `fails`."""
    return HeldCall(monkeypatch, show_editor, "save_show", fails=fails)


@pytest.mark.asyncio
async def test_closing_the_editor_while_it_saves_waits_for_the_save(editor, monkeypatch):
    held = held_write(monkeypatch)
    path = editor.document.path
    try:
        editor.save()
        await until(held.started.is_set, message="the show was not written")
        assert editor.statusBar().currentMessage() == "Saving…"
        editor.close()
        assert editor.isVisible() and editor.document.dirty   # not closed with the save unfinished
    finally:
        held.go_on.set()
    await until(lambda: not editor.isVisible(), message="the editor did not close once saved")
    assert held.threads[0] is not threading.main_thread()
    assert load_show(path).title == "改过的标题" and not editor.document.dirty


@pytest.mark.asyncio
async def test_a_save_that_fails_while_closing_keeps_the_editor_open_and_says_why(editor, monkeypatch):
    from anchor_console.domain.text import QT_TRANSLATE_NOOP
    from anchor_console.show.showfile import ShowFileProblem

    full = ShowFileProblem(QT_TRANSLATE_NOOP("Show", "cannot save the file: {reason}").fill(reason="disk full"))
    held = held_write(monkeypatch, fails=ShowFileError([full]))
    try:
        editor.save()
        await until(held.started.is_set, message="the show was not written")
        editor.close()
    finally:
        held.go_on.set()
    said = await until(lambda: [m for m in editor.notifications.messages() if "not saved" in m])
    assert said == ["The show was not saved: cannot save the file: disk full"]
    assert editor.isVisible() and editor.document.dirty and editor.document.show.title == "改过的标题"
    assert load_show(editor.document.path).title == "春装"


@pytest.mark.asyncio
async def test_quitting_while_the_show_is_saved_waits_for_the_save_and_says_so(console, editor, monkeypatch):
    window = console.window
    quit_asked: list = []
    window.close_requested.connect(lambda: quit_asked.append(1))
    held = held_write(monkeypatch)
    try:
        editor.save()
        await until(held.started.is_set, message="the show was not written")
        checking = window.quit_unless_edits_at_risk()
        await until(lambda: window.statusBar().currentMessage() == "Quitting once the show is saved…",
                    message=window.statusBar().currentMessage())
        assert not quit_asked and not checking.done()
    finally:
        held.go_on.set()
    await checking
    assert quit_asked and load_show(editor.document.path).title == "改过的标题" and not editor.document.dirty
    assert window.statusBar().currentMessage() != "Quitting once the show is saved…"
