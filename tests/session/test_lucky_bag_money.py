"""A lucky bag gives a prize away: it is money, like a red packet. The control API refuses to start
one before a second press while the console asks before money actions, and a press 1 s after
the one that sent it is the same press (the money window, 2 s) — one bag; the journal writes its start
as money (the disk sync that survives a power cut, the "money actions only" filter)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from anchor_console.domain.clock import ManualClock
from anchor_console.domain.giveaways import LuckyBagSetup
from anchor_console.room.commands import StartLuckyBag
from anchor_console.room.journal import ActionJournal, Target
from anchor_console.session.control_commands import COALESCE_S, MONEY, ControlCommands
from anchor_console.session.giveaways import GiveawayResult
from anchor_console.session.tasks import Tasks

BAG = {"prize": "iPhone", "winners": 1, "rule": "keyword", "keyword": "666"}


def api_on(confirm_money: bool) -> tuple[ControlCommands, list, list]:
    started, now = [], [0.0]

    async def start_lucky_bag(setup, origin, action_key=None):
        started.append(setup)
        return GiveawayResult(True)

    session = SimpleNamespace(settings=SimpleNamespace(confirm_money_actions=confirm_money), tasks=Tasks(),
                              room=object(), giveaways=SimpleNamespace(start_lucky_bag=start_lucky_bag),
                              may=lambda kind: (True, None))
    return ControlCommands(session, now=lambda: now[0]), started, now


@pytest.mark.asyncio
async def test_the_control_api_starts_a_lucky_bag_only_when_confirmed_and_once_per_press():
    assert StartLuckyBag.money and "lucky-bag/start" in MONEY
    api, started, now = api_on(confirm_money=True)
    awaiting = await api.run("lucky-bag/start", {**BAG, "confirm": True})
    assert awaiting.status == "awaiting_confirm" and awaiting.http_status == 428 and started == []
    now[0] += 1.0
    first = await api.run("lucky-bag/start", dict(BAG))   # the second press sends it
    now[0] += 1.0                                        # a Stream Deck double press, 1 s apart
    second = await api.run("lucky-bag/start", dict(BAG))
    assert first.status == second.status == "done" and second.coalesced and len(started) == 1
    now[0] += COALESCE_S[True] + 0.1                     # a new press after the money window: a new bag
    assert (await api.run("lucky-bag/start", dict(BAG))).status == "awaiting_confirm"
    now[0] += 1.0
    await api.run("lucky-bag/start", dict(BAG))
    assert len(started) == 2


@pytest.mark.asyncio
async def test_without_the_policy_a_lucky_bag_needs_no_confirm():
    api, started, _ = api_on(confirm_money=False)
    assert (await api.run("lucky-bag/start", dict(BAG))).status == "done" and len(started) == 1


def test_the_journal_writes_a_lucky_bag_start_as_money(tmp_path):
    journal = ActionJournal(tmp_path / "journal.sqlite", ManualClock(), console_id="c")
    try:
        command = StartLuckyBag(LuckyBagSetup("保温杯", 1), "ab" * 32)
        entry, _ = journal.begin(command.kind, command.params(), money=command.money, actor="a", origin="click",
                                 room_key="r", targets=[Target("s", "Studio", "1")])
        assert entry.money
        assert [e.id for e in journal.unresolved(money_only=True)] == [entry.id]
    finally:
        journal.close()
