"""Money actions a closed console left without an answer in another room (or in this room with other
connections) are not resent by this room, which cannot reach them: they are said at connect, so
nobody believes them settled."""

from __future__ import annotations

import asyncio

import pytest

from anchor_console.domain.clock import SystemClock
from anchor_console.room.commands import IssueCoupon
from anchor_console.room.journal import ActionJournal, Target
from anchor_console.session.console import ConsoleSession
from anchor_console.session.paths import Paths
from support.studio import studio_settings
from support.waiting import until


@pytest.mark.asyncio
async def test_money_actions_left_open_in_another_room_are_said_at_connect(private_home, memory_keyring,
                                                                           studio_factory):
    studio = studio_factory("--demo", "--audience", "0")
    paths = Paths.for_user({"ANCHOR_CONSOLE_HOME": str(private_home)})
    paths.journal_file.parent.mkdir(parents=True, exist_ok=True)
    journal = ActionJournal(paths.journal_file, SystemClock(), console_id="console-A")
    coupon = IssueCoupon("1", 500, 30)
    journal.begin(coupon.kind, coupon.params(), money=True, actor="小王", origin="click", room_key="another-room",
                  targets=[Target("gone", "WeChat Channels", "r9")])
    journal.close()
    settings = studio_settings(studio)
    session = ConsoleSession(settings, paths, sleep=asyncio.sleep)
    for conn in settings.connections:
        session.tokens.set(conn.id, studio.tokens["assistant"])
    said = []
    session.notices.connect(said.append)
    try:
        await session.start()
        await until(lambda: any(n.key == "open-elsewhere" for n in said), 30,
                    message="the open money action of another room was not said")
        [notice] = [n for n in said if n.key == "open-elsewhere"]
        assert "1 money action(s) of another room are still without an answer" in notice.text.english()
        assert journal_entries_unchanged(paths)
    finally:
        await session.shutdown()


def journal_entries_unchanged(paths: Paths) -> bool:
    journal = ActionJournal(paths.journal_file, SystemClock(), console_id="console-A")
    try:
        [entry] = [e for e in journal.entries() if e.room_key == "another-room"]
        return entry.status == "pending" and entry.dispatches[0].attempts == 0
    finally:
        journal.close()
