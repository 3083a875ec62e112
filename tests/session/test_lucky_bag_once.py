"""A lucky bag is opened once: a clicked bag whose start had no answer, then confirmed by the
journal (its Send again, or the reconciliation at a connect) while the giveaways desk still waited,
is that bag — the desk's next tick takes the journal's answer instead of sending a new start (a
second bag on the platform, under a new key)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from anchor_console.domain.clock import ManualClock
from anchor_console.domain.giveaways import EntryRule, LuckyBagSetup
from anchor_console.room.journal import ActionJournal
from anchor_console.room.live_room import Binding, LiveRoom
from anchor_console.session.giveaway_store import OPEN, GiveawayStore
from anchor_console.session.giveaways import Giveaways

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "room"))
from fake_platform import FakePlatform  # noqa: E402

SETUP = LuckyBagSetup(prize="口红", winners=1, rule=EntryRule.KEYWORD, keyword="福袋", countdown_s=300)


@pytest.mark.parametrize("confirmed_by", ["send again", "reconcile"])
@pytest.mark.asyncio
async def test_a_clicked_bag_confirmed_by_the_journal_is_not_started_again(tmp_path, confirmed_by):
    clock = ManualClock()
    platform = FakePlatform()
    room = LiveRoom("room-1", [Binding(platform, "r1")],
                    ActionJournal(tmp_path / "journal.sqlite", clock, console_id="seat-A"), actor="小王")
    giveaways = Giveaways(GiveawayStore(tmp_path / "giveaways.sqlite"), clock, lambda: room, actor=lambda: "小王")
    giveaways.set_room(room)
    platform.lose_answer_next = 1
    first = await giveaways.start_lucky_bag(SETUP)
    assert first.outcome.status == "unknown"
    if confirmed_by == "send again":
        assert (await room.retry(first.outcome.entry.id)).ok
    else:
        assert [o.ok for o in await room.reconcile()] == [True]
    await giveaways.tick()
    (bag,) = giveaways.bags()
    assert bag.state == OPEN and bag.bag_id == "bag1"
    assert [a[0] for a in platform.applied] == ["start_lucky_bag"]
