"""The console's own files found damaged at start (a disk fault, a half-copied backup): the action
journal and the lucky-bag store are kept aside and started afresh, the word lists fall back to
what can be read — and each is said in a notice at start, instead of the console not starting."""

from __future__ import annotations

import asyncio
import os
import sqlite3

import pytest

from anchor_console.domain.clock import ManualClock
from anchor_console.session.console import ConsoleSession
from anchor_console.session.damaged_files import open_giveaway_store, open_journal
from anchor_console.session.paths import Paths
from anchor_console.session.settings import ConnectionSettings, Settings


def damage(path) -> bytes:
    data = os.urandom(8192)
    path.write_bytes(data)
    return data


def test_a_damaged_journal_is_kept_aside_and_a_new_one_started(tmp_path):
    path = tmp_path / "journal.sqlite"
    data = damage(path)
    journal, said = open_journal(path, ManualClock(), console_id="c")
    try:
        assert journal.entries() == []
        (kept,) = tmp_path.glob("journal.sqlite.broken-*")
        assert kept.read_bytes() == data
        assert str(kept) in said.english() and "check them on the platform" in said.english()
    finally:
        journal.close()


def test_a_damaged_giveaway_store_is_kept_aside_and_a_good_one_is_opened_as_it_is(tmp_path):
    damage(tmp_path / "giveaways.sqlite")
    store, said = open_giveaway_store(tmp_path / "giveaways.sqlite")
    store.close()
    (kept,) = tmp_path.glob("giveaways.sqlite.broken-*")
    assert str(kept) in said.english() and "Lucky bags started before" in said.english()
    store, said = open_giveaway_store(tmp_path / "giveaways.sqlite")   # the fresh one opens as it is
    store.close()
    assert said is None and len(list(tmp_path.glob("giveaways.sqlite.broken-*"))) == 1


def test_a_journal_that_cannot_be_opened_for_another_reason_is_not_moved(tmp_path):
    path = tmp_path / "journal.sqlite"
    path.mkdir()                               # not a damaged file: nothing this console may move
    with pytest.raises(sqlite3.OperationalError):
        open_journal(path, ManualClock(), console_id="c")
    assert path.is_dir() and list(tmp_path.glob("journal.sqlite.broken-*")) == []


async def offline_session(paths: Paths) -> tuple[ConsoleSession, list]:
    """A started console on a Studio nobody answers, and the notices it gives."""
    unreachable = ConnectionSettings(id="s", name="Studio", url="http://127.0.0.1:9", room_id="1")
    session = ConsoleSession(Settings(connections=[unreachable]), paths)
    notices = []
    session.notices.connect(notices.append)
    await session.start()
    return session, notices


@pytest.mark.asyncio
async def test_the_console_starts_and_says_what_it_found_damaged(private_home, memory_keyring):
    paths = Paths.for_user({"ANCHOR_CONSOLE_HOME": str(private_home)}).create()
    damage(paths.journal_file)
    damage(paths.giveaways_file)
    paths.word_lists_file.write_text('{"version": 1, "groups": [{"key": "vip", "name": "VIP", "action": "HOLD", '
                                     '"mute_minutes": 1e999, "words": ["a"]}]}', encoding="utf-8")
    session, notices = await offline_session(paths)
    try:
        said = [n.text.english() for n in notices]
        assert any("action journal could not be read" in s and "journal.sqlite.broken-" in s for s in said)
        assert any("lucky-bag file could not be read" in s and "giveaways.sqlite.broken-" in s for s in said)
        assert any("VIP: mute_minutes" in s for s in said)
        assert session.desk.lists.group("vip").mute_minutes == 10
    finally:
        await session.shutdown()


@pytest.mark.asyncio
async def test_a_rules_mode_that_cannot_be_saved_still_applies_and_says_so(private_home, memory_keyring):
    """A full disk or a locked settings file: the seat stops acting at once (two seats must not both
    delete), and is told the choice will not last past this run — not an 'unexpected error'."""
    from anchor_console.moderation.desk import RulesMode
    from support.blocked_files import block

    paths = Paths.for_user({"ANCHOR_CONSOLE_HOME": str(private_home)}).create()
    session, notices = await offline_session(paths)
    try:
        block(paths.settings_file)
        session.set_rules_mode(RulesMode.MARK)
        assert session.desk.rules_mode is RulesMode.MARK
        assert any("could not be saved for the next start" in n.text.english() for n in notices)
    finally:
        await session.shutdown()


@pytest.mark.asyncio
async def test_a_step_of_the_shutdown_that_fails_leaves_the_rest_to_close(private_home, memory_keyring, caplog):
    """A full disk under a rehearsal's last run-state write (say): logged, and the journal, the
    comment store and the HTTP client are closed all the same."""
    paths = Paths.for_user({"ANCHOR_CONSOLE_HOME": str(private_home)}).create()
    session, _notices = await offline_session(paths)

    async def fails(*_args, **_kwargs):
        raise OSError(28, "No space left on device")
    session.show.stop_rehearsing = fails
    await session.shutdown()
    assert "shutting down: rehearsal failed" in caplog.text
    assert session.http is None or session.http.is_closed
    with pytest.raises(sqlite3.ProgrammingError):   # closed
        session.journal.entries()


@pytest.mark.asyncio
@pytest.mark.parametrize("name", ["platform_links_file", "live_plans_file"])
async def test_a_file_nested_deeper_than_json_reads_is_kept_aside_and_the_console_starts(
        private_home, memory_keyring, name):
    """'[[[[…' a hundred thousand deep made json raise RecursionError out of ConsoleSession():
    no window at all. It is an unreadable file like any other: kept aside, said, started empty."""
    paths = Paths.for_user({"ANCHOR_CONSOLE_HOME": str(private_home)}).create()
    path = getattr(paths, name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("[" * 100_000, encoding="utf-8")
    session, notices = await offline_session(paths)
    try:
        (kept,) = path.parent.glob(path.name + ".unreadable-*")
        assert any(str(kept) in n.text.english() for n in notices)
    finally:
        await session.shutdown()


@pytest.mark.asyncio
async def test_a_money_press_on_a_full_disk_says_it_was_not_sent_and_why(private_home, memory_keyring):
    """Not "Something went wrong (OperationalError)…details are in the log file" (the log cannot be
    written either): the press is answered in words, and the session says the rules stop too."""
    import sys
    from pathlib import Path

    from anchor_console.room.commands import IssueCoupon
    from anchor_console.room.journal import JournalUnwritable
    from anchor_console.room.live_room import Binding, LiveRoom
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "room"))
    from fake_platform import FakePlatform
    from test_journal_disk_full import fill_disk

    session = ConsoleSession(Settings(), Paths.for_user({"ANCHOR_CONSOLE_HOME": str(private_home)}))
    notices = []
    session.notices.connect(notices.append)
    try:
        fake = FakePlatform()
        session.room = LiveRoom("room-1", [Binding(fake, "r1")], session.journal, actor="小王")
        fill_disk(session.journal)
        with pytest.raises(JournalUnwritable) as caught:
            for quantity in range(1, 1000):
                await session.actions.launch(IssueCoupon("1", quantity, 30), confirmed=True)
        await asyncio.sleep(0)   # the task's done callback
        said = [n.text.english() for n in notices]
        assert caught.value.message.english() in said and "(disk full)" in caught.value.message.english()
        assert any("no action is sent, and the rules delete nothing" in s for s in said)
        assert not any("Something went wrong" in s for s in said)
        if caught.value.nothing_sent:   # "Not sent: the action journal cannot be written (disk full)."
            assert len(fake.applied) == quantity - 1 == len(session.journal.entries(limit=1000))
        else:   # sent, but its answer not written: left pending, for the next start to check
            assert len(fake.applied) == quantity and session.journal.unresolved()[0].params["quantity"] == quantity
    finally:
        session.room = None
        await session.shutdown()
