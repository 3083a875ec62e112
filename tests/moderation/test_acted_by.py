"""Every moderation request says whose doing it is: a rule's verdict (the rule, acting by itself,
straight or through the action queue), or a person's click, unmute or unban (their name) — the
journal keeps the two apart by it (moderation/room_target.py)."""

from __future__ import annotations

import asyncio

import pytest

from anchor_console.domain.text import QT_TRANSLATE_NOOP
from anchor_console.moderation.enforcement import ActedBy, ActionQueue
from anchor_console.moderation.wordlists import Action
from support.waiting import until
from test_enforcement_and_queues import FakeTarget, comment, offend, setup


class Recording(FakeTarget):
    """Notes whose each request was, beside what it was."""

    def __init__(self):
        super().__init__()
        self.by: list[tuple[str, ActedBy]] = []

    async def delete_comment(self, comment, reason, *, by):
        self.by.append(("delete", by))
        await super().delete_comment(comment, reason, by=by)

    async def mute_viewer(self, comment, seconds, reason, *, by):
        self.by.append(("mute", by))
        await super().mute_viewer(comment, seconds, reason, by=by)

    async def unmute_viewer(self, comment, reason, *, by):
        self.by.append(("unmute", by))
        await super().unmute_viewer(comment, reason, by=by)

    async def unban_viewer(self, comment, reason, *, by):
        self.by.append(("unban", by))


@pytest.mark.asyncio
async def test_a_rule_s_requests_are_the_rule_s_and_a_person_s_are_theirs():
    target = Recording()
    clock, pipeline, modlog, enforcer = setup(target)
    spam = await offend(enforcer, pipeline, clock, 2, every=120)   # the ladder: deleted, then deleted and muted
    rule = modlog.entries[-1].actor
    assert rule.startswith("list:")
    assert target.by == [("delete", ActedBy(rule, rule=True))] * 2 + [("mute", ActedBy(rule, rule=True))]

    target.by.clear()
    await enforcer.perform(spam, Action.DELETE, QT_TRANSLATE_NOOP("Moderation", "manual"), actor="小王")
    await enforcer.unmute(spam, actor="小王")
    await enforcer.unban(spam, actor="小王")
    assert target.by == [("delete", ActedBy("小王")), ("unmute", ActedBy("小王")), ("unban", ActedBy("小王"))]


@pytest.mark.asyncio
async def test_what_the_action_queue_sends_is_the_rule_s():
    target = Recording()
    clock, pipeline, modlog, enforcer = setup(target)
    queue = ActionQueue(enforcer, workers=1)
    runner = asyncio.ensure_future(queue.run())
    try:
        spam = comment()
        decision = queue.submit(spam, pipeline.classify(spam))
        await until(lambda: target.by, message="the queue sent nothing")
        assert decision.actor.startswith("list:") and target.by == [("delete", ActedBy(decision.actor, rule=True))]
    finally:
        runner.cancel()
        await asyncio.gather(runner, return_exceptions=True)
