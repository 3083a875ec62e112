"""Other seats' mutes and bans, as the room's events tell them (moderation/standing.py): a rule's
mute is not sent over a longer one another seat gave, compared on the platform's clock (not ours);
a viewer the events do not cover is asked about once before a rule's mute, on a crew's connection
only; another seat's unmute drops the rule mutes queued before it, this seat's own heard back does not."""

from __future__ import annotations

import dataclasses

import pytest
from test_enforcement_and_queues import FakeTarget, comment
from test_moderation_faults import drain

from anchor_console.domain.clock import ManualClock
from anchor_console.domain.models import RoomEvent, Viewer
from anchor_console.domain.text import QT_TRANSLATE_NOOP
from anchor_console.moderation.enforcement import LIFTED_MEANWHILE, SILENCED_ALREADY, ActionQueue, Enforcer
from anchor_console.moderation.modlog import ModLog
from anchor_console.moderation.pipeline import Verdict
from anchor_console.moderation.standing import LOADED_MARGIN_S
from anchor_console.moderation.wordlists import Action
from anchor_console.room.room_state import Aspect

AHEAD_S = 7200.0   # the platform's clock is two hours ahead of ours
RULE = Verdict(Action.MUTE, rule="list:diversion", name=QT_TRANSLATE_NOOP("Moderation", "引流"), mute_minutes=10)


class Platform(FakeTarget):
    """Answers what it says of a viewer (`viewer_standing`), counting the questions."""

    def __init__(self) -> None:
        super().__init__()
        self.cards: dict[str, Viewer] = {}
        self.asked: list[str] = []

    async def viewer_standing(self, c):
        self.asked.append(c.user_id)
        return self.cards.get(c.user_id, Viewer(c.user_id, ""))


def on_platform(followed: bool = False):
    clock = ManualClock()
    target = Platform()
    enforcer = Enforcer(target, ModLog(clock), clock)
    enforcer.standings.platform_now = lambda connection_id: clock.now() + AHEAD_S
    if followed:
        enforcer.standings.followed = {"c1"}
    return clock, target, enforcer


def heard(enforcer, c, change: str, *, muted_for: float | None = None, banned: bool = False) -> None:
    """The room's `viewer.updated` for the comment's viewer (any seat's action)."""
    until = None if muted_for is None else enforcer.standings.platform_now("c1") + muted_for
    event = RoomEvent(1, "viewer.updated", c.room_id, 0.0,
                      {"viewer": Viewer(c.user_id, "", muted_until=until, banned=banned), "change": change})
    enforcer.standings.on_room_changed(c.connection_id, Aspect.VIEWER, event)


def mutes(target) -> list:
    return [call for call in target.calls if call[0] in ("mute", "ban")]


@pytest.mark.asyncio
async def test_another_seats_longer_mute_or_ban_is_not_cut_short_on_the_platforms_clock():
    _, target, enforcer = on_platform()
    queue = ActionQueue(enforcer)
    long_muted, short_muted, banned = comment(user="a"), comment(user="b"), comment(user="c")
    queued = [queue.submit(c, RULE) for c in (long_muted, short_muted, banned)]
    assert [d.action for d in queued] == [Action.MUTE] * 3   # nothing heard yet
    heard(enforcer, long_muted, "muted", muted_for=3600)
    heard(enforcer, short_muted, "muted", muted_for=300)     # shorter than the rule's 10 min: it goes
    heard(enforcer, banned, "banned", banned=True)
    await drain(queue)
    assert mutes(target) == [("mute", "b", 600)]
    assert ("delete", long_muted.id) in target.calls and ("delete", banned.id) in target.calls
    assert [e.detail for e in enforcer.modlog.entries if e.comment_id == long_muted.id][-1] == SILENCED_ALREADY
    # A rule's ban still bans a muted viewer; a moderator's own mute is never held back.
    await enforcer.perform(long_muted, Action.BAN, RULE.reason, actor="rule", automatic=True)
    await enforcer.perform(banned, Action.MUTE, RULE.reason, actor="小王", minutes=5)
    assert mutes(target)[1:] == [("ban", "a"), ("mute", "c", 300)]


@pytest.mark.asyncio
async def test_a_viewer_the_events_do_not_cover_is_asked_about_once_on_a_crews_connection_only():
    clock, target, enforcer = on_platform(followed=True)
    enforcer.standings.reloaded("c1")   # the stream loaded now (platform time)
    loaded = enforcer.standings.platform_now("c1")
    old = dataclasses.replace(comment(user="old"), created_at=loaded - 30)   # posted before: unknown
    new = dataclasses.replace(comment(user="new"), created_at=loaded + LOADED_MARGIN_S + 1)
    target.cards["old"] = Viewer("old", "", muted_until=loaded + 3600)
    for c in (old, new, old):
        await enforcer.perform(c, Action.MUTE, RULE.reason, actor="rule", minutes=10, automatic=True)
    assert target.asked == ["old"]   # once: its answer is kept; a newer comment proves the viewer was not muted
    assert mutes(target) == [("mute", "new", 600)]
    # A reload forgets what was heard: asked again. Off the crew's connection: never asked.
    enforcer.standings.reloaded("c1")
    await enforcer.perform(old, Action.MUTE, RULE.reason, actor="rule", minutes=10, automatic=True)
    enforcer.standings.followed = set()
    other = dataclasses.replace(comment(user="elsewhere"), created_at=0.0)
    await enforcer.perform(other, Action.MUTE, RULE.reason, actor="rule", minutes=10, automatic=True)
    assert target.asked == ["old", "old"] and mutes(target)[-1] == ("mute", "elsewhere", 600)


@pytest.mark.asyncio
async def test_another_seats_unmute_drops_the_queued_rule_mutes_and_this_seats_own_does_not():
    _, target, enforcer = on_platform()
    queue = ActionQueue(enforcer)
    first = comment(user="v")
    queue.submit(first, RULE)
    heard(enforcer, first, "unmuted")   # another seat's moderator: leave this viewer alone
    await drain(queue)
    assert mutes(target) == [] and enforcer.modlog.entries[-1].detail == LIFTED_MEANWHILE

    await enforcer.unmute(first, actor="小王")   # this seat's own unmute…
    second = comment(user="v")
    queue.submit(second, RULE)                   # …then a rule's mute decided after it
    heard(enforcer, first, "unmuted")            # the unmute heard back: not another lift
    await drain(queue)
    assert mutes(target) == [("mute", "v", 600)]
