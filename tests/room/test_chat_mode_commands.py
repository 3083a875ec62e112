"""The chat-mode commands (slow mode, followers-only chat, shield mode, announcements): how the
journal writes and reads them back, how they read to an operator, what they need and which
platform method carries them."""

from __future__ import annotations

import asyncio

import pytest

from anchor_console.domain.capabilities import Capability
from anchor_console.domain.models import ChatModes, Room
from anchor_console.platforms import errors as pe
from anchor_console.platforms.base import Platform
from anchor_console.room.commands import (
    Announce, Command, SetFollowersOnly, SetShieldMode, SetSlowMode, follow_duration,
)
from anchor_console.session.seats import NEEDS

C = Capability

WORDS = [
    (SetSlowMode(10), "Slow mode: 10 s between comments"),
    (SetSlowMode(0), "Slow mode off"),
    (SetFollowersOnly(None), "Followers-only chat off"),
    (SetFollowersOnly(0), "Followers-only chat: any follower"),
    (SetFollowersOnly(10), "Followers-only chat: followed for 10 min"),
    (SetFollowersOnly(60), "Followers-only chat: followed for 1 h"),
    (SetFollowersOnly(10080), "Followers-only chat: followed for 7 d"),
    (SetFollowersOnly(90), "Followers-only chat: followed for 90 min"),
    (SetShieldMode(True), "Shield mode on"),
    (SetShieldMode(False), "Shield mode off"),
    (Announce("今晚8点抽奖,别走开", "purple"), "Announce: 今晚8点抽奖,别走开"),
]


@pytest.mark.parametrize("command, words", WORDS, ids=[w for _c, w in WORDS])
def test_journal_round_trip_and_wording(command, words):
    assert command.describe().english() == words
    again = Command.decode(command.kind, command.params())
    assert again == command and again.describe().english() == words


def test_what_they_need_and_carry():
    assert (SetSlowMode.kind, SetFollowersOnly.kind, SetShieldMode.kind, Announce.kind) == \
        ("set_slow_mode", "set_followers_only", "set_shield_mode", "announce")
    assert [c.capability for c in (SetSlowMode, SetFollowersOnly, SetShieldMode, Announce)] == \
        [C.SLOW_MODE, C.FOLLOWERS_ONLY, C.SHIELD_MODE, C.ANNOUNCE]
    assert not any(c.money or c.per_connection for c in (SetSlowMode, SetFollowersOnly, SetShieldMode, Announce))
    assert {NEEDS[c.kind] for c in (SetSlowMode, SetFollowersOnly, SetShieldMode)} == {"room.chat_modes"}
    assert NEEDS[Announce.kind] == "comment.post"
    assert Announce("x").params() == {"text": "x", "color": "primary"}
    assert Command.decode("set_followers_only", {"minutes": None}) == SetFollowersOnly(None)
    assert follow_duration(1440).english() == "1 d" and follow_duration(45).english() == "45 min"


def test_every_command_kind_has_a_crew_permission():
    assert set(Command.registry) <= set(NEEDS)


class Bare(Platform):
    kind = "bare"


class Recorder(Platform):
    kind = "recorder"
    capabilities = frozenset({C.SLOW_MODE, C.FOLLOWERS_ONLY, C.SHIELD_MODE, C.ANNOUNCE})

    def __init__(self) -> None:
        super().__init__("rec", "Recorder")
        self.calls: list[tuple] = []

    async def set_slow_mode(self, room_id, seconds, *, key):
        self.calls.append(("slow", room_id, seconds, key))
        return Room(room_id, "r", chat=ChatModes(slow_mode_s=seconds))

    async def set_followers_only(self, room_id, minutes, *, key):
        self.calls.append(("followers", room_id, minutes, key))
        return Room(room_id, "r", chat=ChatModes(followers_only_min=minutes))

    async def set_shield_mode(self, room_id, active, *, key):
        self.calls.append(("shield", room_id, active, key))
        return Room(room_id, "r", chat=ChatModes(shield=active))

    async def announce(self, room_id, text, color="primary", *, key):
        self.calls.append(("announce", room_id, text, color, key))


def test_sent_to_the_platform_method_with_the_key():
    platform = Recorder()

    async def send_all():
        await SetSlowMode(30).send(platform, "r1", "k1")
        await SetFollowersOnly(None).send(platform, "r1", "k2")
        await SetShieldMode(True).send(platform, "r1", "k3")
        await Announce("hi", "green").send(platform, "r1", "k4")

    asyncio.run(send_all())
    assert platform.calls == [("slow", "r1", 30, "k1"), ("followers", "r1", None, "k2"), ("shield", "r1", True, "k3"),
                              ("announce", "r1", "hi", "green", "k4")]


@pytest.mark.parametrize("command", [SetSlowMode(10), SetFollowersOnly(10), SetShieldMode(True), Announce("x")],
                         ids=lambda c: c.kind)
def test_a_platform_without_it_refuses_by_name(command):
    with pytest.raises(pe.NotSupported) as info:
        asyncio.run(command.send(Bare("b", "Bare platform"), "r1", "k"))
    assert info.value.capability is command.capability
    assert "Bare platform" in info.value.message.english()
    assert command.capability.label.english() in info.value.message.english()


def test_modes_default_off():
    assert Room("1", "t").chat == ChatModes(0, None, False) and not ChatModes().any_on
    assert ChatModes(followers_only_min=0).any_on
