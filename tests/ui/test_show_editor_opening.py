"""Opening a show file in the show editor (and in the run of show): read and parsed off the ui
thread (a large file or a slow network disk froze the window), the editor saying what it is opening
meanwhile; the latest file chosen wins; a broken file is said in our own words and changes nothing;
closing the editor while a file is read leaves nothing behind."""

from __future__ import annotations

import asyncio
import threading

import pytest

import anchor_console.ui.show.show_opening as show_opening
from anchor_console.show import save_show
from anchor_console.show.model import Segment, Show
from support.held_calls import HeldCall
from support.waiting import until
from support.window import show_of


def held_read(monkeypatch, hold=lambda path: True, module=show_opening) -> HeldCall:
    """`load_show` for the editor, held in its worker thread until `go_on` is set."""
    return HeldCall(monkeypatch, module, "load_show", hold=hold)


def spring(path, title="春装"):
    show = Show(title, segments=(Segment("a", "开场", 600), Segment("b", "连衣裙", 1200)))
    save_show(show, path)
    return show


@pytest.mark.asyncio
async def test_a_show_file_is_read_off_the_ui_thread_and_the_editor_says_it_is_opening(editor, tmp_path,
                                                                                      monkeypatch):
    path = tmp_path / "spring.show.toml"
    show = spring(path)
    held = held_read(monkeypatch)
    before = editor.document
    try:
        opening = editor.open_path(path)
        await until(held.started.is_set, message="the file was not read")
        # the window answers while the file is read: it says so, and the show in it is still there
        assert editor.statusBar().currentMessage() == "Opening “spring.show.toml”…"
        assert editor.statusBar().isVisible()
        assert editor.opening.reading == path and editor.document is before
    finally:
        held.go_on.set()
    assert await opening is True
    assert held.threads and held.threads[0] is not threading.main_thread()
    assert editor.document.show == show and editor.document.path == path and not editor.document.dirty
    assert editor.statusBar().currentMessage() == "" and editor.opening.reading is None
    assert not editor.statusBar().isVisible()   # (an empty bar would not fit a laptop's screen in Chinese)
    assert editor.windowTitle() == "Show editor — spring.show.toml"


@pytest.mark.asyncio
async def test_a_broken_show_file_is_said_in_our_words_and_the_open_show_stays(editor, tmp_path):
    path = tmp_path / "spring.show.toml"
    show = spring(path)
    assert await editor.open_path(path)
    broken = tmp_path / "broken.show.toml"
    broken.write_text('format = "anchor-console-show"\nversion = 5\ntitle 春装\n', encoding="utf-8")
    assert await editor.open_path(broken) is False
    [said] = [m for m in editor.notifications.messages() if "broken.show.toml" in m]
    assert said == ("“broken.show.toml” could not be opened; nothing was changed:\n"
                    "Line 3, column 7: this is not valid TOML (a quote, bracket or “=” is missing or extra)")
    assert "Expected" not in said
    assert editor.document.show == show and editor.document.path == path and not editor.document.dirty
    assert editor.statusBar().currentMessage() == ""


@pytest.mark.asyncio
async def test_closing_the_editor_while_a_file_is_read_leaves_nothing_behind(editor, tmp_path, monkeypatch):
    path = tmp_path / "spring.show.toml"
    spring(path)
    failed = []
    editor.session.tasks.failed.connect(lambda name, exc: failed.append((name, exc)))
    held = held_read(monkeypatch)
    before = editor.document.show
    try:
        opening = editor.open_path(path)
        await until(held.started.is_set, message="the file was not read")
        editor.close()
        assert not editor.isVisible()
    finally:
        held.go_on.set()
    await asyncio.wait([opening])
    assert opening.cancelled() and "show-open" not in editor.session.tasks.running()
    assert editor.document.show == before and editor.document.path is None
    assert not failed and not [m for m in editor.notifications.messages() if "spring" in m]
    assert editor.statusBar().currentMessage() == ""


@pytest.mark.asyncio
async def test_the_latest_file_chosen_wins_over_one_still_being_read(editor, tmp_path, monkeypatch):
    slow, quick = tmp_path / "slow.show.toml", tmp_path / "quick.show.toml"
    spring(slow, "慢的")
    wanted = spring(quick, "后选的")
    held = held_read(monkeypatch, hold=lambda path: path == slow)
    try:
        first = editor.open_path(slow)
        await until(held.started.is_set, message="the first file was not read")
        assert await editor.open_path(quick) is True
    finally:
        held.go_on.set()
    await asyncio.wait([first])
    assert first.cancelled()
    assert editor.document.show == wanted and editor.document.path == quick
    assert editor.statusBar().currentMessage() == ""


@pytest.mark.asyncio
async def test_a_new_show_put_in_while_a_file_is_read_is_not_replaced_by_it(editor, tmp_path, monkeypatch):
    path = tmp_path / "spring.show.toml"
    spring(path)
    held = held_read(monkeypatch)
    try:
        opening = editor.open_path(path)
        await until(held.started.is_set, message="the file was not read")
        editor.new_show()   # nothing unsaved: put in at once, and the latest choice
    finally:
        held.go_on.set()
    await asyncio.wait([opening])
    assert opening.cancelled() and editor.document.path is None
    assert editor.statusBar().currentMessage() == ""


@pytest.mark.asyncio
async def test_edits_made_while_a_file_is_read_are_asked_about_before_it_replaces_them(editor, tmp_path,
                                                                                       monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    path = tmp_path / "spring.show.toml"
    show = spring(path)
    held = held_read(monkeypatch)
    try:
        opening = editor.open_path(path)
        await until(held.started.is_set, message="the file was not read")
        editor.add_segment()   # typed into the show still in the editor while the file is read
        edited = editor.document.show
    finally:
        held.go_on.set()
    assert await opening is True
    box = await until(lambda: next((b for b in editor.findChildren(QMessageBox)
                                    if b.isVisible() and b.objectName() == "confirm-unsaved-show"), None))
    assert editor.document.show == edited and editor.document.dirty   # nothing replaced before the answer
    box.button(QMessageBox.StandardButton.Discard).click()
    await until(lambda: editor.document.path == path)
    assert editor.document.show == show and not editor.document.dirty


@pytest.mark.asyncio
async def test_the_run_of_show_reads_a_show_file_off_the_ui_thread(console_factory, tmp_path, monkeypatch):
    """Its "Open show…" read the file on the ui thread, as the editor did."""
    import anchor_console.show.runner as runner_module

    console = await console_factory(wait_loaded=False)
    panel, runner = show_of(console.window).timeline, console.session.show
    path = tmp_path / "spring.show.toml"
    show = spring(path)
    held = held_read(monkeypatch, module=runner_module)
    try:
        loading = panel.load(path)
        await until(held.started.is_set, message="the file was not read")
        assert panel.show_label.text() == "Opening “spring.show.toml”…" and runner.show is None
    finally:
        held.go_on.set()
    assert await loading is True
    assert held.threads and held.threads[0] is not threading.main_thread()
    assert runner.show == show and runner.show_path == path and panel.show_label.text() == "春装 — spring.show.toml"
    broken = tmp_path / "broken.show.toml"
    broken.write_text('format = "anchor-console-show"\nversion = 5\ntitle 春装\n', encoding="utf-8")
    assert await panel.load(broken) is False
    [said] = [m for m in console.window.notifications.messages() if "broken.show.toml" in m]
    assert "Line 3, column 7: this is not valid TOML (a quote, bracket or “=” is missing or extra)" in said
    assert runner.show == show and runner.show_path == path and panel.show_label.text() == "春装 — spring.show.toml"


@pytest.mark.asyncio
async def test_the_run_of_show_says_it_resumes_a_show_read_off_the_ui_thread(console_factory, tmp_path, monkeypatch):
    """At connect, the show the console stopped in was read back on the ui thread (its show file on
    a network disk froze the window). Now the panel says it is resuming, Start waits, and the run
    comes back once the files are read in a worker."""
    import anchor_console.show.run_state as run_state_module
    from anchor_console.domain.events import Event
    from anchor_console.show.runner import ShowRunner

    console = await console_factory()
    panel, runner = show_of(console.window).timeline, console.session.show
    path = tmp_path / "spring.show.toml"
    show = spring(path)
    crashed = ShowRunner(files=runner.files, clock=runner.clock, room=lambda: None, actor=lambda: "op",
                         spawn=lambda coro, **_: coro.close(), notices=Event("notices"))
    crashed.set_show(show, path)
    assert crashed.start()   # its run state and meta file are left behind, as a crash leaves them
    runner.set_show(show, path)   # (loaded here too: Start would otherwise be off anyway)
    held = held_read(monkeypatch, module=run_state_module)
    try:
        resuming = console.session.tasks.spawn(runner.resume(), name="show-resume", key="show-resume")
        await until(held.started.is_set, message="the run's show file was not read")
        assert panel.show_label.text() == "Resuming the show that was running…"
        assert not panel.start_button.isEnabled() and not runner.running
    finally:
        held.go_on.set()
    assert await resuming is True
    assert held.threads and held.threads[0] is not threading.main_thread()
    assert runner.running and runner.show == show and panel.show_label.text() == "春装 — spring.show.toml"
    await until(panel.end_button.isEnabled, message="the resumed run was not shown")
    assert not panel.start_button.isEnabled()
    runner.end()
