"""Lucky-bag and red-packet cues: what they say, what is missing before they can run, the exported
line read back (in English and in the shipped Chinese), and the room command a red packet fires."""

from __future__ import annotations

import pytest

from anchor_console.domain.giveaways import EntryRule, LuckyBagSetup, RedPacketSpec, Split
from anchor_console.domain.text import Text
from anchor_console.room import commands
from anchor_console.show.cue_text import cue_line, read_cue_line
from anchor_console.show.cues import cue_command
from anchor_console.show.model import Cue, CueMode, SendRedPacket, StartLuckyBag, Trigger
from support.shipped_chinese import shipped_chinese


def test_giveaway_cues_describe_themselves_and_say_what_is_missing():
    bag = StartLuckyBag(LuckyBagSetup("保温杯", 5, EntryRule.KEYWORD, "666", 120))
    assert bag.describe().english() == "Lucky bag “保温杯”: 5 winners, comment “666”, draw after 2:00"
    assert bag.problems() == []
    follow = StartLuckyBag(LuckyBagSetup("口红", 1, EntryRule.FOLLOW, "", 60))
    assert "follow the room" in follow.describe().english()
    unfinished = StartLuckyBag(LuckyBagSetup(" ", 0, EntryRule.KEYWORD, "", 1))
    assert len(unfinished.problems()) == 4
    packet = SendRedPacket(RedPacketSpec(20000, 50))
    assert packet.describe().english() == "Red packet: ¥200.00 in 50 shares" and packet.problems() == []
    assert [p.english() for p in SendRedPacket(RedPacketSpec(5, 6)).problems()] == [
        "the amount must be at least 1 分 per share"]


@pytest.mark.parametrize("translate", [Text.english, shipped_chinese], ids=["english", "chinese"])
def test_exported_giveaway_lines_read_back(translate):
    for action in (StartLuckyBag(LuckyBagSetup("保温杯", 5, EntryRule.KEYWORD, "扣1", 300)),
                   StartLuckyBag(LuckyBagSetup("免单", 2, EntryRule.ORDERED, "", 90)),
                   StartLuckyBag(LuckyBagSetup("口红", 1, EntryRule.FAN_CLUB, "", 600)),
                   SendRedPacket(RedPacketSpec(8800, 8))):
        cue = Cue("c1", action, Trigger.after(75), CueMode.CONFIRM)
        line = cue_line(cue, translate)
        assert read_cue_line(line) == (cue.trigger, cue.action), line


def test_a_red_packet_cue_fires_the_money_command_and_a_lucky_bag_goes_through_the_desk():
    command = cue_command(Cue("c", SendRedPacket(RedPacketSpec(1000, 10, Split.EQUAL))))
    assert isinstance(command, commands.SendRedPacket) and command.money and command.per_connection
    assert cue_command(Cue("c", StartLuckyBag(LuckyBagSetup("x", 1)))) is None   # the seed is the desk's
    journalled = commands.Command.decode(command.kind, command.params())
    assert journalled == command
    bag = commands.StartLuckyBag(LuckyBagSetup("x", 2, EntryRule.KEYWORD, "666"), "ab" * 32)
    assert commands.Command.decode(bag.kind, bag.params()) == bag
    assert "seed" not in bag.params()
