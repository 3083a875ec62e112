"""Enforcement order: a rule's mute never cuts short a longer mute (or a ban) already in force, and
a moderator's unmute or unban is not undone by a mute or ban decided before it (queued, or waiting
to be tried again after a rate limit)."""

from __future__ import annotations

import asyncio
import dataclasses

import pytest
from test_enforcement_and_queues import FakeTarget, comment, setup
from test_moderation_faults import drain

from anchor_console.domain.text import QT_TRANSLATE_NOOP
from anchor_console.moderation.enforcement import ActionQueue, Enforcer
from anchor_console.moderation.modlog import LOGGED, ModLog
from anchor_console.moderation.wordlists import Action
from anchor_console.platforms import errors as pe

BY_MOD = QT_TRANSLATE_NOOP("Moderation", "by 小王")


class StudioMutes(FakeTarget):
    """Mutes as Studio and Twitch keep them: a new mute replaces the old one's end."""

    def __init__(self, clock):
        super().__init__()
        self.clock = clock
        self.muted_until: dict[str, float] = {}
        self.banned: set[str] = set()

    async def mute_viewer(self, comment, seconds, reason, *, by):
        await super().mute_viewer(comment, seconds, reason, by=by)
        self.muted_until[comment.user_id] = self.clock.monotonic() + seconds

    async def unmute_viewer(self, comment, reason, *, by):
        await super().unmute_viewer(comment, reason, by=by)
        self.muted_until.pop(comment.user_id, None)

    async def ban_viewer(self, comment, reason, *, by):
        await super().ban_viewer(comment, reason, by=by)
        self.banned.add(comment.user_id)

    async def unban_viewer(self, comment, reason, *, by):
        await self._call("unban", comment.user_id)
        self.banned.discard(comment.user_id)

    def minutes_left(self, user: str) -> float:
        return (self.muted_until[user] - self.clock.monotonic()) / 60


def on_studio():
    """The rules' pipeline and log, a target that keeps mutes as Studio does, its enforcer and queue."""
    clock, pipeline, modlog, _ = setup()
    target = StudioMutes(clock)
    enforcer = Enforcer(target, modlog, clock)
    return clock, pipeline, modlog, target, enforcer, ActionQueue(enforcer)


async def second_offence(queue, pipeline, clock, user="spam"):
    """A viewer's first 引流 comment (deleted), then a second a minute later, for which the ladder
    says: mute 10 min. Returns that comment and what was queued for it."""
    first = comment("加微 abc123", user=user)
    queue.submit(first, pipeline.classify(first))
    await drain(queue)
    clock.advance(61)
    second = comment("加微 abc124", user=user)
    return second, queue.submit(second, pipeline.classify(second))


@pytest.mark.asyncio
async def test_a_rules_shorter_mute_queued_before_a_moderators_longer_one_does_not_cut_it_short():
    clock, pipeline, modlog, target, enforcer, queue = on_studio()
    c, queued = await second_offence(queue, pipeline, clock)
    assert (queued.action, queued.minutes) == (Action.MUTE, 10)
    await enforcer.perform(c, Action.MUTE, BY_MOD, actor="小王", minutes=60)   # the user card, meanwhile
    await drain(queue)
    assert target.minutes_left("spam") == 60
    assert [call for call in target.calls if call[0] == "mute"] == [("mute", "spam", 3600)]
    last = modlog.entries[-1]
    assert (last.action, last.result) == (Action.DELETE, LOGGED)
    assert "already muted for longer or banned" in last.detail.english()


@pytest.mark.asyncio
async def test_a_rule_does_not_mute_over_a_longer_mute_or_a_ban_but_does_over_a_shorter_one():
    clock, pipeline, modlog, target, enforcer, queue = on_studio()
    moderated = comment("广告", user="v")
    await enforcer.perform(moderated, Action.MUTE, BY_MOD, actor="小王", minutes=60)
    c, queued = await second_offence(queue, pipeline, clock, user="v")
    assert queued.action == Action.DELETE and "already being muted or banned" in queued.reason.english()
    await drain(queue)
    assert target.minutes_left("v") == pytest.approx(60 - 61 / 60)   # the moderator's mute, untouched
    # A moderator's mute that has run out no longer stands in the way.
    clock.advance(3600)
    await enforcer.perform(c, Action.MUTE, BY_MOD, actor="小王", minutes=5)
    assert enforcer.silenced_at_least(c, Action.MUTE, 5) and not enforcer.silenced_at_least(c, Action.MUTE, 10)
    await enforcer.perform(c, Action.MUTE, QT_TRANSLATE_NOOP("Moderation", "rule"), actor="list:diversion",
                           minutes=10, automatic=True)
    assert target.minutes_left("v") == 10
    # Banned: a rule neither mutes nor bans again; a moderator still can (the choice is theirs).
    await enforcer.perform(c, Action.BAN, BY_MOD, actor="小王")
    for action in (Action.MUTE, Action.BAN):
        await enforcer.perform(c, action, QT_TRANSLATE_NOOP("Moderation", "rule"), actor="list:abuse",
                               minutes=60, automatic=True)
    assert [call[0] for call in target.calls].count("ban") == 1 and target.minutes_left("v") == 10
    # Unbanned: the rule's mute goes out again.
    await enforcer.unban(c, actor="小王")
    await enforcer.perform(c, Action.MUTE, QT_TRANSLATE_NOOP("Moderation", "rule"), actor="list:abuse",
                           minutes=60, automatic=True)
    assert target.minutes_left("v") == 60


@pytest.mark.asyncio
async def test_a_mute_that_failed_does_not_stand_in_the_way_of_a_rules_mute():
    clock, pipeline, modlog, _ = setup()
    target = StudioMutes(clock)
    enforcer = Enforcer(target, modlog, clock)
    c = comment(user="v")
    target.fail = True
    await enforcer.perform(c, Action.MUTE, BY_MOD, actor="小王", minutes=60)
    target.fail = False
    await enforcer.perform(c, Action.MUTE, QT_TRANSLATE_NOOP("Moderation", "rule"), actor="list:diversion",
                           minutes=10, automatic=True)
    assert target.minutes_left("v") == 10


class RateLimitedOnce(StudioMutes):
    """Refuses the first mute with a rate limit (the retry waits for `gate`)."""

    def __init__(self, clock):
        super().__init__(clock)
        self.refused = False

    async def mute_viewer(self, comment, seconds, reason, *, by):
        if not self.refused:
            self.refused = True
            raise pe.RateLimited(5.0)
        await super().mute_viewer(comment, seconds, reason, by=by)


@pytest.mark.asyncio
async def test_an_unmute_while_a_mute_waits_to_be_tried_again_is_not_undone():
    clock, pipeline, modlog, _ = setup()
    target = RateLimitedOnce(clock)
    gate = asyncio.Event()
    waited = asyncio.Event()

    async def sleep(seconds):   # the retry's back-off: the moderator presses Unmute meanwhile
        waited.set()
        await gate.wait()

    enforcer = Enforcer(target, modlog, clock, sleep=sleep)
    c = comment(user="v")
    muting = asyncio.ensure_future(enforcer.perform(c, Action.MUTE, QT_TRANSLATE_NOOP("Moderation", "rule"),
                                                    actor="list:diversion", minutes=10, automatic=True))
    await waited.wait()
    await enforcer.unmute(c, actor="小王")
    gate.set()
    await muting
    assert [call[0] for call in target.calls] == ["delete", "unmute"] and "v" not in target.muted_until
    last = modlog.entries[-1]
    assert (last.actor, last.action) == ("list:diversion", Action.DELETE)
    assert "unmuted or unbanned meanwhile" in last.detail.english()


@pytest.mark.asyncio
async def test_a_queued_mute_or_ban_decided_before_an_unmute_is_dropped_and_later_ones_count():
    clock, pipeline, modlog, target, enforcer, queue = on_studio()
    c, queued = await second_offence(queue, pipeline, clock)
    assert queued.action == Action.MUTE
    await enforcer.unmute(c, actor="小王")
    await drain(queue)
    assert [call[0] for call in target.calls].count("mute") == 0
    assert c.id in [call[1] for call in target.calls if call[0] == "delete"]   # the comment still goes
    # The dropped mute does not make the viewer's next offence "already being muted".
    clock.advance(61)
    again = comment("加微 abc125", user="spam")
    decision = queue.submit(again, pipeline.classify(again))
    assert decision.action == Action.MUTE
    await drain(queue)
    assert "spam" in target.muted_until
    # A moderator's own mute after the unmute goes out as usual.
    await enforcer.unmute(again, actor="小王")
    await enforcer.perform(again, Action.MUTE, BY_MOD, actor="小王", minutes=60)
    assert target.minutes_left("spam") == 60


@pytest.mark.asyncio
async def test_what_a_viewer_was_given_is_per_room():
    """A mute in one room does not stop a rule muting the same viewer id in another."""
    clock = setup()[0]
    enforcer = Enforcer(FakeTarget(), ModLog(clock), clock)
    here = comment(user="v")
    elsewhere = dataclasses.replace(comment(user="v"), room_id="2")
    await enforcer.perform(here, Action.MUTE, BY_MOD, actor="小王", minutes=60)
    assert enforcer.silenced_at_least(here, Action.MUTE, 60)
    assert not enforcer.silenced_at_least(elsewhere, Action.MUTE, 1)
