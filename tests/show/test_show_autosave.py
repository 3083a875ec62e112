"""Crash recovery while editing: a recovery copy follows edits, survives a crash, can be restored,
and disappears on a clean save or close."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from anchor_console.domain.clock import ManualClock
from anchor_console.show.autosave import RECOVERY_SUFFIX, RETRY_AFTER_S, ShowAutosave, pending_recoveries, recovery_for
from anchor_console.show.showfile import load_show
from anchor_console.show.showfile_writer import save_show
from show_builders import SAMPLES


async def tick(autosave: ShowAutosave) -> bool:
    """What the editor does each second: write the copy if one is due."""
    return autosave.due() and await autosave.write()


def setup(tmp_path):
    path = tmp_path / "shows" / "春装.show.toml"
    show = load_show(SAMPLES / "sample_30min.show.toml")
    save_show(show, path)
    return path, show, tmp_path / "recovery", ManualClock()


@pytest.mark.asyncio
async def test_a_recovery_copy_follows_edits_after_a_pause(tmp_path):
    path, show, folder, clock = setup(tmp_path)
    autosave = ShowAutosave(folder, clock, source=path, quiet_s=2, max_delay_s=15)
    edited = replace(show, title="春装（改）")
    autosave.edited(edited)
    assert not await tick(autosave)  # still typing
    clock.advance(1)
    assert not await tick(autosave)
    clock.advance(1)
    assert await tick(autosave) and autosave.recovery_path.exists()
    assert not await tick(autosave)  # nothing new
    assert not autosave.has_unwritten_edits


@pytest.mark.asyncio
async def test_non_stop_editing_is_saved_at_least_every_max_delay(tmp_path):
    path, show, folder, clock = setup(tmp_path)
    autosave = ShowAutosave(folder, clock, source=path, quiet_s=2, max_delay_s=15)
    writes = 0
    for n in range(40):  # an edit every second for 40 s, never a 2-second pause
        autosave.edited(replace(show, title=f"v{n}"))
        clock.advance(1)
        writes += await tick(autosave)
    assert writes == 2


@pytest.mark.asyncio
async def test_after_a_crash_the_unsaved_work_is_found_and_restored(tmp_path):
    path, show, folder, clock = setup(tmp_path)
    autosave = ShowAutosave(folder, clock, source=path)
    edited = replace(show, title="春装（没保存）")
    autosave.edited(edited)
    await autosave.write()
    del autosave  # the crash
    [rec] = pending_recoveries(folder)
    assert rec.source == path and rec.differs_from_source and not rec.source_changed
    found = recovery_for(folder, path)
    assert found is not None and found.show() == edited
    assert load_show(path) == show  # the file itself was never touched
    found.discard()
    assert pending_recoveries(folder) == []


@pytest.mark.asyncio
async def test_a_clean_save_or_close_removes_the_copy(tmp_path):
    path, show, folder, clock = setup(tmp_path)
    autosave = ShowAutosave(folder, clock, source=path)
    autosave.edited(replace(show, title="改"))
    await autosave.write()
    save_show(replace(show, title="改"), path)
    autosave.saved()
    await autosave.settle()   # the copy is removed by the worker, after any copy before it
    assert pending_recoveries(folder) == []
    autosave.edited(replace(show, title="再改"))
    await autosave.write()
    autosave.discard()  # closed without saving: the user chose to drop the changes
    await autosave.settle()
    assert pending_recoveries(folder) == []


@pytest.mark.asyncio
async def test_save_as_moves_the_copy_to_the_new_name(tmp_path):
    path, show, folder, clock = setup(tmp_path)
    autosave = ShowAutosave(folder, clock)  # a new, never saved show
    autosave.edited(show)
    await autosave.write()
    [rec] = pending_recoveries(folder)
    assert rec.source is None and rec.recovery_path.name.startswith("untitled-")
    assert recovery_for(folder, None).show() == show
    other = tmp_path / "shows" / "另存.show.toml"
    save_show(show, other)
    autosave.saved(other)
    await autosave.settle()
    assert pending_recoveries(folder) == []
    autosave.edited(replace(show, title="另存后再改"))
    await autosave.write()
    assert recovery_for(folder, other).show().title == "另存后再改"


@pytest.mark.asyncio
async def test_the_file_changed_elsewhere_is_flagged(tmp_path):
    path, show, folder, clock = setup(tmp_path)
    autosave = ShowAutosave(folder, clock, source=path)
    autosave.edited(replace(show, title="我的修改"))
    await autosave.write()
    save_show(replace(show, title="同事的修改"), path)  # someone saved the same file meanwhile
    rec = recovery_for(folder, path)
    assert rec.source_changed and rec.differs_from_source


@pytest.mark.asyncio
async def test_a_copy_identical_to_the_file_is_not_offered(tmp_path):
    path, show, folder, clock = setup(tmp_path)
    autosave = ShowAutosave(folder, clock, source=path)
    autosave.edited(show)
    await autosave.write()
    assert recovery_for(folder, path) is None
    assert len(pending_recoveries(folder)) == 1


@pytest.mark.asyncio
async def test_damaged_leftovers_are_skipped_not_deleted(tmp_path):
    folder = tmp_path / "recovery"
    folder.mkdir()
    (folder / "broken.recovery.json").write_text("{half a file", encoding="utf-8")
    (folder / "other.recovery.json").write_text(json.dumps({"format": "something else"}), encoding="utf-8")
    assert pending_recoveries(folder) == []
    assert pending_recoveries(tmp_path / "no-such-folder") == []
    assert (folder / "broken.recovery.json").exists()


@pytest.mark.asyncio
async def test_a_copy_that_cannot_be_written_keeps_the_edits_says_why_and_is_tried_again_later(tmp_path):
    """A full disk, or the recovery folder taken by a file: no error every second, the edits stay
    waiting, and the copy is written once the folder can take it."""
    path, show, folder, clock = setup(tmp_path)
    folder.write_text("not a folder")
    autosave = ShowAutosave(folder, clock, source=path, quiet_s=2, max_delay_s=15)
    autosave.edited(replace(show, title="春装（改）"))
    clock.advance(2)
    assert not await tick(autosave) and autosave.failure and autosave.has_unwritten_edits
    folder.unlink()
    clock.advance(RETRY_AFTER_S - 1)
    assert not await tick(autosave)   # not tried again every second
    clock.advance(1)
    assert await tick(autosave) and autosave.failure is None and autosave.recovery_path.exists()


@pytest.mark.asyncio
async def test_recovery_copies_of_the_wrong_shape_are_skipped(tmp_path):
    """Valid JSON of another shape, or nested deeper than json reads: an AttributeError or a
    RecursionError out of pending_recoveries, and the show editor could not be opened at all."""
    for n, body in enumerate(["[]", '"x"', "[" * 100_000 + "]" * 100_000,
                              '{"format": "anchor-console-show-recovery", "show": "", "source": 5}']):
        (tmp_path / f"s{n}-0123456789abcdef{RECOVERY_SUFFIX}").write_text(body, encoding="utf-8")
    found = pending_recoveries(tmp_path)
    assert [r.source for r in found] == [None]   # the last is a copy of an untitled show, its source unreadable


class SlowDisk:
    """write_atomically held in the worker until the test lets it go; which thread wrote what."""

    def __init__(self, monkeypatch) -> None:
        import threading

        import anchor_console.show.autosave as autosave_module

        self.started, self.go_on = threading.Event(), threading.Event()
        self.threads: list[int] = []
        real = autosave_module.write_atomically

        def slow(path, data):
            self.threads.append(threading.get_ident())
            self.started.set()
            self.go_on.wait(10)
            real(path, data)

        monkeypatch.setattr(autosave_module, "write_atomically", slow)

    async def writing(self) -> None:
        import asyncio

        assert await asyncio.to_thread(self.started.wait, 10)


@pytest.mark.asyncio
async def test_the_copy_is_written_off_the_callers_thread_and_a_later_one_is_never_overwritten(tmp_path, monkeypatch):
    """The copy was written (JSON, fsync) on the ui thread, a large show freezing the editor each
    pause in typing. Now a worker writes it; a copy asked for while one is being written lands
    after it, even when whoever waited for the first gave up (the console closing)."""
    import asyncio
    import threading

    path, show, folder, clock = setup(tmp_path)
    autosave = ShowAutosave(folder, clock, source=path)
    disk = SlowDisk(monkeypatch)
    autosave.edited(replace(show, title="第一版"))
    first = asyncio.ensure_future(autosave.write())
    await disk.writing()                                   # the loop runs on while the disk is slow
    assert disk.threads[0] != threading.get_ident() and autosave.has_unwritten_edits
    autosave.edited(replace(show, title="第二版"))
    second = asyncio.ensure_future(autosave.write())
    await asyncio.sleep(0)
    first.cancel()                                         # its waiter gone; the copy is still written, first
    disk.go_on.set()
    assert await second and not autosave.has_unwritten_edits
    await autosave.settle()
    assert recovery_for(folder, path).show().title == "第二版"


@pytest.mark.asyncio
async def test_a_copy_being_written_when_the_show_is_saved_does_not_come_back(tmp_path, monkeypatch):
    """Saved (or dropped) while a copy was on its way to the disk: the copy lands, then goes —
    never offered at the next start as unsaved work."""
    import asyncio

    path, show, folder, clock = setup(tmp_path)
    autosave = ShowAutosave(folder, clock, source=path)
    disk = SlowDisk(monkeypatch)
    autosave.edited(replace(show, title="改"))
    writing = asyncio.ensure_future(autosave.write())
    await disk.writing()
    save_show(replace(show, title="改"), path)
    autosave.saved(path)
    disk.go_on.set()
    assert await writing
    await autosave.settle()
    assert pending_recoveries(folder) == [] and not autosave.has_unwritten_edits


@pytest.mark.asyncio
async def test_edits_whose_copy_failed_wait_again_unless_newer_ones_do(tmp_path):
    """A copy that failed keeps its edits waiting for the next try — but never in place of edits
    made while it was being written."""
    import asyncio

    path, show, folder, clock = setup(tmp_path)
    folder.write_text("not a folder")
    autosave = ShowAutosave(folder, clock, source=path, quiet_s=2, max_delay_s=15)
    autosave.edited(replace(show, title="旧"))
    failing = asyncio.ensure_future(autosave.write())
    await asyncio.sleep(0)
    autosave.edited(replace(show, title="新"))            # typed while the copy was failing
    assert not await failing and autosave.failure
    clock.advance(RETRY_AFTER_S)
    folder.unlink()
    assert await tick(autosave) and recovery_for(folder, path).show().title == "新"
