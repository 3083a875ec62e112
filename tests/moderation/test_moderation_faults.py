"""Faults found in review: a wall of text asked as a question, a burst's repeated mutes, undone
false positives that still escalate, a mute or ban lost with a failed delete, and failed deletions
that were neither retried nor shown."""

from __future__ import annotations

import asyncio
import random
import sqlite3

import pytest
from test_enforcement_and_queues import FakeTarget, comment, setup

from anchor_console.domain.clock import ManualClock
from anchor_console.domain.models import Comment
from anchor_console.domain.text import QT_TRANSLATE_NOOP
from anchor_console.moderation.desk import CommentDesk, CommentState
from anchor_console.moderation.room_target import PlatformRefused, RoomTarget
from anchor_console.moderation.enforcement import Enforcer
from anchor_console.moderation.modlog import FAILED, LOGGED, ModLog
from anchor_console.moderation.pipeline import ModerationPipeline
from anchor_console.platforms import errors as pe
from anchor_console.moderation.questions import KEY_CHARS, QuestionBoard
from anchor_console.moderation.wordlists import Action, WordLists


def huge_question(seed: int) -> str:
    rng = random.Random(seed)
    return "".join(chr(0x4E00 + rng.randrange(20000)) for _ in range(100_000)) + "吗?"


def make_desk(tmp_path, **kwargs) -> CommentDesk:
    return CommentDesk(clock=kwargs.pop("clock", ManualClock()), sessions_dir=tmp_path / "sessions",
                       word_lists_file=tmp_path / "w.json", spawn=lambda *a, **k: None, actor=lambda: "mod", **kwargs)


def test_the_board_keys_a_huge_question_on_its_first_characters():
    board = QuestionBoard(ManualClock())
    text = huge_question(1)
    group = board.add(text, kind="question", product_id=None, asker="u1")
    assert group is not None and len(group.key) <= KEY_CHARS and len(group.text) <= 60
    assert all(len(g) == 2 for g in group.bigrams) and len(group.bigrams) < KEY_CHARS
    # The same beginning is the same question, however it goes on.
    again = board.add(text[:KEY_CHARS] + "别的内容吗?", kind="question", product_id=None, asker="u2")
    assert again is group and group.count == 2 and all(len(e) <= 60 for e in group.examples)


def test_the_desk_does_not_put_a_comment_hidden_for_its_length_on_the_board(tmp_path):
    desk = make_desk(tmp_path)
    desk._on_comment(Comment("1", "r", "u1", "n", huge_question(2), 0.0, connection_id="c"), True)
    desk._on_comment(Comment("2", "r", "u2", "n", "XL有吗?", 0.0, connection_id="c"), True)
    while desk.process():
        pass
    assert [g.text for g in desk.questions.top()] == ["XL有吗?"]


async def drain(queue) -> None:
    runner = asyncio.ensure_future(queue.run())
    try:
        while len(queue) or queue.in_flight:
            await asyncio.sleep(0)
    finally:
        runner.cancel()
        await asyncio.gather(runner, return_exceptions=True)


@pytest.mark.asyncio
async def test_a_burst_of_a_second_offence_sends_one_mute_and_deletes_the_rest():
    from anchor_console.moderation.enforcement import ActionQueue

    target = FakeTarget()
    clock, pipeline, modlog, enforcer = setup(target)
    queue = ActionQueue(enforcer)
    first = comment("加微 abc123", user="spam")
    queue.submit(first, pipeline.classify(first))       # offence 1: deleted
    await drain(queue)
    clock.advance(61)
    burst = [comment(f"加微 abc12{i}", user="spam") for i in range(20)]   # offence 2, in one second
    for c in burst:
        queue.submit(c, pipeline.classify(c))
    assert len(queue) == 20
    await drain(queue)
    assert [call for call in target.calls if call[0] == "mute"] == [("mute", "spam", 600)]
    assert sorted(call[1] for call in target.calls if call[0] == "delete") == sorted(
        c.id for c in [first, *burst])
    # Once that mute has gone out, the viewer's next offence is muted again, longer.
    clock.advance(61)
    later = comment("加微 abc999", user="spam")
    queue.submit(later, pipeline.classify(later))
    await drain(queue)
    assert [call for call in target.calls if call[0] == "mute"][-1] == ("mute", "spam", 3600)


@pytest.mark.asyncio
async def test_unmuting_a_false_positive_takes_its_offence_off_the_ladder():
    target = FakeTarget()
    clock, pipeline, modlog, enforcer = setup(target)
    steps = []
    for i in range(3):
        c = comment(f"加微 abc12{i}", user="v")
        d = enforcer.decide(c, pipeline.classify(c))
        steps.append((d.action, d.minutes))
        if d.action == Action.MUTE:
            await enforcer.unmute(c, actor="mod")    # staff: that mute was a mistake
        clock.advance(120)
    # delete, mute 10 (undone), then mute 10 again — not 60 minutes, and a ban after it.
    assert [a for a, _ in steps] == [Action.DELETE, Action.MUTE, Action.MUTE] and steps[2][1] == 10
    assert enforcer.escalation.offences("v", clock.monotonic()) == 1   # both mutes were undone


def test_approving_a_comment_takes_back_the_offence_it_counted():
    clock, pipeline, modlog, enforcer = setup()
    c = comment("加微 abc123", user="v")
    enforcer.decide(c, pipeline.classify(c))
    assert enforcer.escalation.offences("v", clock.monotonic()) == 1
    enforcer.forgive(c)
    assert enforcer.escalation.offences("v", clock.monotonic()) == 0


class Sleeps:
    """A fake sleep: says how long the enforcer would have waited, and waits for nothing."""

    def __init__(self):
        self.waits: list[float] = []

    async def __call__(self, seconds):
        self.waits.append(seconds)


class RefusingTarget(FakeTarget):
    """Refuses deletes with the errors given (in turn), then deletes."""

    def __init__(self, *errors):
        super().__init__()
        self.errors = list(errors)

    async def delete_comment(self, comment, reason, *, by):
        if self.errors:
            raise self.errors.pop(0)
        await super().delete_comment(comment, reason, by=by)


def with_target(target, sleep=None):
    clock = ManualClock()
    pipeline = ModerationPipeline(WordLists.defaults(), clock)
    modlog = ModLog(clock)
    return pipeline, modlog, Enforcer(target, modlog, clock, sleep=sleep or Sleeps())


@pytest.mark.asyncio
async def test_a_ban_goes_out_even_when_the_delete_fails_and_each_has_its_own_log_line():
    target = RefusingTarget(RuntimeError("platform error 500"))
    pipeline, modlog, enforcer = with_target(target)
    c = comment(user="troll")
    await enforcer.perform(c, Action.BAN, QT_TRANSLATE_NOOP("Moderation", "rule"), actor="rule")
    assert target.calls == [("ban", "troll")] and target.settled == [(c.id, False)]
    assert [(e.action, e.result) for e in reversed(modlog.recent(10))] == [(Action.DELETE, FAILED),
                                                                          (Action.BAN, LOGGED)]


@pytest.mark.asyncio
async def test_a_delete_of_a_comment_the_platform_removed_already_counts_as_done():
    target = RefusingTarget(pe.NotFound(QT_TRANSLATE_NOOP("PlatformError", "No such comment.")))
    pipeline, modlog, enforcer = with_target(target)
    c = comment(user="troll")
    await enforcer.perform(c, Action.MUTE, QT_TRANSLATE_NOOP("Moderation", "rule"), actor="rule", minutes=10)
    assert target.calls == [("mute", "troll", 600)] and target.settled == [(c.id, True)]
    assert [(e.action, e.result) for e in reversed(modlog.recent(10))] == [(Action.DELETE, LOGGED),
                                                                          (Action.MUTE, LOGGED)]


@pytest.mark.asyncio
async def test_a_refused_delete_is_tried_again_after_the_wait_the_rate_limit_asks():
    sleeps = Sleeps()
    target = RefusingTarget(pe.RateLimited(5.0), pe.Unavailable(QT_TRANSLATE_NOOP("PlatformError", "Down.")))
    pipeline, modlog, enforcer = with_target(target, sleeps)
    c = comment()
    await enforcer.perform(c, Action.DELETE, QT_TRANSLATE_NOOP("Moderation", "rule"), actor="rule")
    assert target.calls == [("delete", c.id)] and sleeps.waits == [5.0, 2.0]
    assert modlog.recent(1)[0].result == LOGGED and target.settled == []
    # Refused for good (three tries), or for a reason that will not pass: the log says failed.
    target.errors = [pe.RateLimited(1.0)] * 3 + [pe.NotPermitted(QT_TRANSLATE_NOOP("PlatformError", "No."))]
    await enforcer.perform(c, Action.DELETE, QT_TRANSLATE_NOOP("Moderation", "rule"), actor="rule")
    await enforcer.perform(c, Action.DELETE, QT_TRANSLATE_NOOP("Moderation", "rule"), actor="rule")
    assert sleeps.waits == [5.0, 2.0, 1.0, 2.0] and target.settled == [(c.id, False), (c.id, False)]
    assert [e.result for e in modlog.recent(2)] == [FAILED, FAILED]


class RefusingRoom(RoomTarget):
    """The live room answering every moderation request with a 429."""

    def __init__(self, desk) -> None:
        super().__init__(desk, None)

    def _current(self):
        return self   # the room the desk follows, as far as this test goes

    def supports(self, capability, connection_id):
        return True

    async def _perform(self, command, comment, by):
        raise PlatformRefused(QT_TRANSLATE_NOOP("PlatformError", "Slow down."), kind="rate_limited",
                              retryable=True, retry_after=3.0)


@pytest.mark.asyncio
async def test_a_rule_s_delete_the_platform_keeps_refusing_is_retried_then_shown_as_not_deleted(tmp_path):
    sleeps = Sleeps()
    desk = make_desk(tmp_path, sleep=sleeps)
    desk.enforcer.target = RefusingRoom(desk)
    changed = []
    desk.comment_changed.connect(changed.append)
    desk._on_comment(Comment("c1", "r", "spam", "n", "加微信 abc123", 0.0, connection_id="x"), True)
    desk.process()
    record = desk.by_id[("x", "c1")]
    assert record.state is CommentState.DELETING
    await drain(desk.queue)
    assert record.state is CommentState.DELETE_FAILED and "c1" in changed
    assert sleeps.waits == [3.0, 3.0]
    assert desk.modlog.recent(1)[0].result == FAILED


class DiskFull:
    """The store's write connection on a full disk: every write is refused as SQLite refuses it."""

    def execute(self, sql, *args):
        if sql.startswith("ROLLBACK"):
            return None
        raise sqlite3.OperationalError("database or disk is full")

    executemany = execute


def test_a_disk_that_stays_full_costs_at_most_the_newest_comments_not_the_memory(tmp_path, monkeypatch):
    """Unwritten comments wait in memory for the disk, but only the newest MAX_UNWRITTEN: a disk
    full for hours would otherwise take 500 B a comment (3.6 GB in four hours at 500/s)."""
    from anchor_console.moderation import comment_store

    monkeypatch.setattr(comment_store, "MAX_UNWRITTEN", 100)
    store = comment_store.CommentStore(tmp_path / "s.sqlite")
    working, store._write = store._write, DiskFull()
    for i in range(250):
        store.append(Comment(str(i), "r", "u", "n", f"评论{i}", float(i), connection_id="c"))
    assert store.flush() == 0 and store.failing == "database or disk is full"
    assert len(store._rows) == 100 and store.lost == 150
    assert store._rows[0][0] == "150"          # the newest kept
    store._write = working                      # space freed
    assert store.flush() == 100 and store.failing is None and store.count() == 100
    store.close()


def test_the_desk_says_once_when_comments_cannot_be_saved_and_once_when_they_can(tmp_path):
    desk = make_desk(tmp_path)
    desk.set_room(None)
    said = []
    desk.store_trouble.connect(said.append)
    desk.store = type("Store", (), {"failing": None})()
    desk._watch_store()
    desk.store.failing = "database or disk is full"
    desk._watch_store()
    desk._watch_store()
    desk.store.failing = None
    desk._watch_store()
    assert len(said) == 2 and "disk is full" in said[0].english() and said[1] is None


def test_a_wall_clock_set_back_does_not_bunch_a_viewer_s_comments():
    """Time sync sets the PC's clock back two minutes: the flood window (and the escalation ladder)
    run on the monotonic clock, so a viewer posting every 3 s is not taken for a flood (the window
    never restarted, its count climbing with every comment)."""
    from anchor_console.moderation.pipeline import ModerationPipeline
    from anchor_console.moderation.wordlists import WordLists

    class SetBack(ManualClock):
        def set_wall(self, delta: float) -> None:
            self._wall += delta

    clock = SetBack()
    pipeline = ModerationPipeline(WordLists.defaults(), clock)
    for n in range(24):
        if n == 8:
            clock.set_wall(-120)
        for k in range(5):   # the room: other viewers, a comment each
            pipeline.classify(Comment(f"o{n}-{k}", "1", f"o{n}-{k}", "n", "好看", clock.now(), connection_id="c1"))
        v = pipeline.classify(Comment(f"c{n}", "1", "calm", "n", f"这件第{n}次问了，有XL吗", clock.now(),
                                      connection_id="c1"))
        assert v.action is Action.SHOW, (n, v.rule)
        clock.advance(3)
