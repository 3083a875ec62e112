"""A money action pressed twice in a row with no confirmation box between (the setting is off and
a local platform answers in milliseconds) is a double click: the second press is not sent, and
said; a moment later the same action can be done again, and at once after another action of its
kind (a price set to 99 and back to 89). With the box on, the box is the guard."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest

from anchor_console.domain.clock import ManualClock
from anchor_console.domain.events import Event
from anchor_console.room.commands import IssueCoupon
from anchor_console.room.journal import ActionJournal
from anchor_console.room.live_room import Binding, LiveRoom
from anchor_console.session.actions import Actions
from anchor_console.session.money_repeats import MONEY_REPEAT_S
from anchor_console.session.tasks import Tasks

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "room"))
from fake_platform import FakePlatform  # noqa: E402

COUPON = IssueCoupon("1", 500, 30)


def seat(tmp_path, *, box: bool):
    clock = ManualClock()
    platform = FakePlatform()
    room = LiveRoom("room-1", [Binding(platform, "r1")], ActionJournal(tmp_path / "j.sqlite", clock,
                                                                       console_id="c"), actor="小王")
    notices, said = Event("notices"), []
    notices.connect(said.append)
    actions = Actions(Tasks(), lambda: room, confirm_money=lambda: box, notices=notices, clock=clock)

    async def yes(command):
        return True
    actions.confirm = yes
    return actions, platform, clock, said


@pytest.mark.asyncio
async def test_a_second_press_right_after_the_answer_is_not_sent_and_said(tmp_path):
    actions, platform, clock, said = seat(tmp_path, box=False)
    await actions.launch(COUPON)
    assert actions.launch(COUPON) is None                     # the double click's second press
    assert len(platform.applied) == 1 and "not sent" in said[-1].text.english()
    clock.advance(MONEY_REPEAT_S)
    await actions.launch(COUPON)                              # a moment later: a second batch, meant
    assert len(platform.applied) == 2
    await actions.launch(IssueCoupon("1", 100, 30))           # another coupon at once: its own action
    assert len(platform.applied) == 3


@pytest.mark.asyncio
async def test_an_action_done_again_after_another_of_its_kind_is_sent(tmp_path):
    """As a price set to 99 and back to 89 at once: the press before was another action."""
    actions, platform, clock, said = seat(tmp_path, box=False)
    for quantity in (500, 100, 500):
        await actions.launch(IssueCoupon("1", quantity, 30))
    assert len(platform.applied) == 3 and said == []
    assert actions.launch(IssueCoupon("1", 500, 30)) is None   # but the same one twice is a double click


@pytest.mark.asyncio
async def test_with_the_confirmation_box_each_confirmed_press_is_sent(tmp_path):
    actions, platform, _, _ = seat(tmp_path, box=True)
    await actions.launch(COUPON)
    await actions.launch(COUPON)
    await asyncio.sleep(0)
    assert len(platform.applied) == 2


@pytest.mark.asyncio
async def test_a_press_confirmed_elsewhere_right_after_a_click_is_a_double_press(tmp_path):
    """A button, then a Stream Deck key a moment later (the control API confirms its own presses):
    the box on screen guarded only the button's press."""
    actions, platform, _, said = seat(tmp_path, box=True)
    await actions.launch(COUPON)
    assert actions.launch(COUPON, origin="api", confirmed=True) is None
    assert len(platform.applied) == 1 and "not sent" in said[-1].text.english()


@pytest.mark.asyncio
async def test_a_red_packet_or_a_lucky_bag_pressed_twice_is_sent_once(tmp_path):
    from anchor_console.domain.giveaways import EntryRule, LuckyBagSetup, RedPacketSpec, Split
    from anchor_console.session.giveaway_store import GiveawayStore
    from anchor_console.session.giveaways import Giveaways
    actions, platform, clock, _ = seat(tmp_path, box=False)
    room = actions._room()
    giveaways = Giveaways(GiveawayStore(tmp_path / "giveaways.sqlite"), clock, lambda: room, actor=lambda: "小王")
    giveaways.set_room(room)
    packet = RedPacketSpec(total_fen=20000, count=50, split=Split.RANDOM, claim_window_s=300)
    bag = LuckyBagSetup(prize="口红", winners=1, rule=EntryRule.KEYWORD, keyword="福袋", countdown_s=300)
    assert (await giveaways.send_red_packet(packet)).ok and (await giveaways.start_lucky_bag(bag)).ok
    again = [await giveaways.send_red_packet(packet), await giveaways.start_lucky_bag(bag)]
    assert [r.ok for r in again] == [False, False] and "not sent" in again[0].reason.english()
    assert sorted(a[0] for a in platform.applied) == ["send_red_packet", "start_lucky_bag"]
    clock.advance(MONEY_REPEAT_S)
    assert (await giveaways.send_red_packet(packet)).ok and len(platform.applied) == 3
