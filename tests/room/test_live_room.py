"""Actions through the live room: journalled before they leave, sent to every bound connection
that can do them, exactly once through double clicks, retries, lost answers and crashes."""

from __future__ import annotations

import asyncio

import pytest

from anchor_console.domain.capabilities import Capability
from anchor_console.domain.clock import ManualClock
from anchor_console.domain.models import RoomEvent
from anchor_console.domain.text import QT_TRANSLATE_NOOP
from anchor_console.platforms import errors as pe
from anchor_console.room.journal import CONFIRMED, FAILED, PENDING, SKIPPED, UNKNOWN, ActionJournal, Target
from anchor_console.room.commands import DeleteComment, IssueCoupon, PutOnStage
from anchor_console.room.live_room import Binding, LiveRoom
from fake_platform import FakePlatform
from support.manual_sleep import ManualSleep


def make_room(tmp_path, *platforms, journal=None):
    journal = journal or ActionJournal(tmp_path / "journal.sqlite", ManualClock(), console_id="console-A")
    bindings = [Binding(p, "r1") for p in platforms]
    return LiveRoom("room-1", bindings, journal, actor="小王"), journal


@pytest.mark.asyncio
async def test_money_action_is_journalled_before_it_leaves(tmp_path):
    fake = FakePlatform()
    fake.gate = asyncio.Event()
    room, journal = make_room(tmp_path, fake)
    task = asyncio.create_task(room.perform(IssueCoupon("1", 500, 30)))
    await asyncio.sleep(0.01)
    (entry,) = journal.entries()
    assert entry.kind == "issue_coupon" and entry.money and entry.actor == "小王" and entry.console_id == "console-A"
    assert entry.dispatches[0].status == PENDING  # written down, not yet answered
    assert fake.calls == [entry.dispatches[0].idempotency_key]
    fake.gate.set()
    outcome = await task
    assert outcome.ok and journal.get(entry.id).dispatches[0].status == CONFIRMED


@pytest.mark.asyncio
async def test_double_click_fires_once(tmp_path):
    fake = FakePlatform()
    fake.gate = asyncio.Event()
    room, journal = make_room(tmp_path, fake)
    clicks = [asyncio.create_task(room.perform(IssueCoupon("1", 500, 30))) for _ in range(5)]
    await asyncio.sleep(0.01)
    fake.gate.set()
    outcomes = await asyncio.gather(*clicks)
    assert len(fake.applied) == 1 and len(fake.calls) == 1
    assert len({o.entry.id for o in outcomes}) == 1 and len(journal.entries()) == 1


@pytest.mark.asyncio
async def test_each_connection_gets_its_own_key_and_result(tmp_path):
    mini = FakePlatform("mini", "WeChat mini-program live", {Capability.STAGE, Capability.SHELF})
    channels = FakePlatform("channels", "WeChat Channels", {Capability.COUPONS, Capability.STAGE})
    room, journal = make_room(tmp_path, mini, channels)
    outcome = await room.perform(PutOnStage("1001"))
    keys = [d.idempotency_key for d in outcome.entry.dispatches]
    assert outcome.ok and len(set(keys)) == 2
    assert mini.applied == channels.applied == [("put_on_stage", {"product_id": "1001"})]
    coupon = await room.perform(IssueCoupon("1", 100, 10))
    by_conn = {d.connection_id: d for d in coupon.entry.dispatches}
    assert by_conn["channels"].status == CONFIRMED
    assert by_conn["mini"].status == SKIPPED
    assert "does not support coupons" in by_conn["mini"].reason.english()
    assert mini.applied == [("put_on_stage", {"product_id": "1001"})]
    assert room.lacking(Capability.COUPONS) == ["WeChat mini-program live"]


@pytest.mark.asyncio
async def test_one_failing_connection_does_not_hide_the_other_result(tmp_path):
    a, b = FakePlatform("a", "A"), FakePlatform("b", "B")
    b.fail_next = [pe.Conflict(QT_TRANSLATE_NOOP("PlatformError", "Sold out."))]
    room, _ = make_room(tmp_path, a, b)
    outcome = await room.perform(IssueCoupon("1", 10, 5))
    states = {d.connection_id: d.status for d in outcome.entry.dispatches}
    assert states == {"a": CONFIRMED, "b": FAILED} and outcome.status == FAILED
    assert ("B", "Sold out.") in [(p, r.english()) for p, r in outcome.reasons()]


@pytest.mark.asyncio
async def test_lost_answer_is_unknown_and_retry_reuses_the_key(tmp_path):
    fake = FakePlatform()
    fake.lose_answer_next = 1
    room, journal = make_room(tmp_path, fake)
    outcome = await room.perform(IssueCoupon("1", 500, 30))
    assert outcome.status == UNKNOWN
    key = outcome.entry.dispatches[0].idempotency_key
    again = await room.retry(outcome.entry.id)
    assert again.ok
    assert fake.calls == [key, key] and len(fake.applied) == 1  # applied once, confirmed on retry


@pytest.mark.asyncio
async def test_cue_with_an_action_key_never_fires_twice(tmp_path):
    fake = FakePlatform()
    room, journal = make_room(tmp_path, fake)
    first = await room.perform(IssueCoupon("1", 100, 10), origin="cue:run1:c7", action_key="show:run1:cue:c7")
    second = await room.perform(IssueCoupon("1", 100, 10), origin="cue:run1:c7", action_key="show:run1:cue:c7")
    assert first.entry.id == second.entry.id and len(fake.calls) == 1 and len(journal.entries()) == 1


@pytest.mark.asyncio
async def test_crash_leaves_unknown_money_action_that_reconciles_with_the_same_key(tmp_path):
    path = tmp_path / "journal.sqlite"
    fake = FakePlatform()
    # Before the crash: the request reached the platform and was applied, the answer never came.
    journal = ActionJournal(path, ManualClock(), console_id="c")
    entry, _ = journal.begin("issue_coupon", {"template_id": "1", "quantity": 500, "valid_minutes": 30}, money=True,
                             actor="小王", origin="manual", room_key="room-1", targets=[Target("fake", "Fake", "r1")])
    key = entry.dispatches[0].idempotency_key
    await fake.issue_coupon("r1", "1", 500, 30, key=key)
    journal.mark(entry.id, "fake", UNKNOWN)
    journal.close()
    # Also a non-money action left pending by the crash.
    journal = ActionJournal(path, ManualClock(), console_id="c")
    stage, _ = journal.begin("put_on_stage", {"product_id": "9"}, money=False, actor="小王", origin="manual",
                             room_key="room-1", targets=[Target("fake", "Fake", "r1")])
    journal.close()
    # Next start.
    room, journal = make_room(tmp_path, fake, journal=ActionJournal(path, ManualClock(), console_id="c"))
    outcomes = await room.reconcile()
    assert [o.status for o in outcomes] == [CONFIRMED]
    assert fake.calls == [key, key] and len(fake.applied) == 1
    assert journal.get(stage.id).dispatches[0].status == UNKNOWN  # a stale 讲解 is not replayed
    assert journal.unresolved(money_only=True) == []


@pytest.mark.asyncio
async def test_unsupported_everywhere_is_journalled_as_skipped(tmp_path):
    fake = FakePlatform(capabilities={Capability.STAGE})
    room, journal = make_room(tmp_path, fake)
    outcome = await room.perform(IssueCoupon("1", 1, 1))
    assert outcome.status == SKIPPED and fake.calls == []


@pytest.mark.asyncio
async def test_comment_actions_go_only_to_the_comment_s_connection(tmp_path):
    a, b = FakePlatform("a", "A"), FakePlatform("b", "B")
    room, _ = make_room(tmp_path, a, b)
    await room.perform(DeleteComment("77"), connection_id="b")
    assert a.applied == [] and b.applied == [("delete_comment", {"comment_id": "77"})]
    with pytest.raises(ValueError):
        await room.perform(DeleteComment("77"))


def test_money_entries_wait_for_the_disk_and_the_rest_do_not(tmp_path):
    journal = ActionJournal(tmp_path / "journal.sqlite", ManualClock(), console_id="c")
    target = [Target("c1", "Studio", "1")]
    sync = lambda: journal.db.execute("PRAGMA synchronous").fetchone()[0]  # noqa: E731  2 = FULL, 1 = NORMAL
    coupon, _ = journal.begin("issue_coupon", {"template_id": "1"}, money=True, actor="a", origin="manual",
                              room_key="r", targets=target)
    assert sync() == 2
    delete, _ = journal.begin("delete_comment", {"comment_id": "9"}, money=False, actor="a", origin="moderation",
                              room_key="r", targets=target)
    assert sync() == 1
    journal.mark(coupon.id, "c1", CONFIRMED)
    assert sync() == 2
    journal.mark(delete.id, "c1", CONFIRMED)
    assert sync() == 1
    journal.close()


def test_many_entries_at_once_come_with_their_dispatches(tmp_path):
    """The journal panel takes in the entries a spam wave changed in a few queries."""
    journal = ActionJournal(tmp_path / "journal.sqlite", ManualClock(), console_id="c")
    targets = [Target("c1", "Studio", "1"), Target("c2", "Studio 2", "9")]
    ids = [journal.begin("delete_comment", {"comment_id": str(i)}, money=False, actor="a", origin="moderation",
                         room_key="r", targets=targets)[0].id for i in range(1200)]
    journal.mark(ids[700], "c2", CONFIRMED)
    many = {e.id: e for e in journal.get_many([*ids, "no-such-action"])}
    assert set(many) == set(ids)
    assert all(many[i] == journal.get(i) for i in (ids[0], ids[700], ids[-1]))
    assert [d.status for d in many[ids[700]].dispatches] == ["pending", CONFIRMED]
    assert journal.get_many([]) == []
    journal.close()


class GappyPlatform(FakePlatform):
    """A stream that loses a stretch it cannot replay (a resync), and the orders placed meanwhile."""

    def __init__(self):
        super().__init__()
        self.connects = 0
        self.asked_after: list[str | None] = []

    async def snapshot(self, room_id):
        from anchor_console.domain.models import Room
        from anchor_console.platforms.base import RoomSnapshot

        return RoomSnapshot(room=Room(id=room_id, title="r"), shelf=[], coupons=[], flash_sales=[])

    async def orders_after(self, room_id, after_id):
        self.asked_after.append(after_id)
        return [order(n) for n in (2, 3)]

    async def events(self, room_id, *, last_event_id=0, on_status=None):
        from anchor_console.domain.models import RoomEvent

        self.connects += 1
        if self.connects == 1:
            yield RoomEvent(1, "order.created", room_id, 1.0, {"order": order(1)})
            yield RoomEvent(0, "stream.resync", room_id, 0.0, {})
        else:   # order 3 streamed after the reload as well as fetched: counted once
            yield RoomEvent(9, "order.created", room_id, 3.0, {"order": order(3)})
            await asyncio.Event().wait()


def order(n: int):
    from anchor_console.domain.models import Order

    return Order(str(n), "r1", "v1", "p1", "s1", 1, 100 * n, float(n))


@pytest.mark.asyncio
async def test_orders_placed_while_the_stream_could_not_replay_are_fetched_and_counted_once(tmp_path):
    from anchor_console.room.room_state import Aspect

    fake = GappyPlatform()
    room, _journal = make_room(tmp_path, fake)
    seen: list[str] = []
    room.changed.connect(lambda _c, aspect, event: aspect is Aspect.ORDER and seen.append(event.data["order"].id))
    follow = asyncio.create_task(room.follow())
    for _ in range(100):
        await asyncio.sleep(0)
        if len(seen) >= 3:
            break
    follow.cancel()
    with pytest.raises(asyncio.CancelledError):
        await follow
    assert seen == ["1", "2", "3"] and fake.asked_after == ["1"]


class BrokenStreamPlatform(GappyPlatform):
    """A stream whose adapter fails on its first connection with an error it did not foresee (an
    event it could not read), then streams orders."""

    async def events(self, room_id, *, last_event_id=0, on_status=None):
        self.connects += 1
        if self.connects == 1:
            raise KeyError("text")
        yield RoomEvent(self.connects, "order.created", room_id, 1.0, {"order": order(self.connects)})
        await asyncio.Event().wait()


@pytest.mark.asyncio
async def test_one_connection_s_broken_stream_reconnects_and_never_ends_the_others(tmp_path):
    from anchor_console.platforms.base import StreamStatus
    from anchor_console.room.room_state import Aspect

    broken, steady = BrokenStreamPlatform(), GappyPlatform()
    broken.connection_id, steady.connection_id = "broken", "steady"
    journal = ActionJournal(tmp_path / "journal.sqlite", ManualClock(), console_id="c")
    sleep = ManualSleep()
    room = LiveRoom("room-1", [Binding(broken, "r1"), Binding(steady, "r1")], journal, actor="小王", sleep=sleep)
    statuses: list[tuple[StreamStatus, str]] = []
    orders: list[str] = []

    def heard(connection_id, aspect, event):
        if aspect is Aspect.STREAM and connection_id == "broken":
            statuses.append((room.states["broken"].stream_status, room.states["broken"].stream_detail))
        if aspect is Aspect.ORDER:
            orders.append(connection_id)

    room.changed.connect(heard)
    follow = asyncio.create_task(room.follow())
    for _ in range(100):
        await asyncio.sleep(0)
        if "steady" in orders and sleep.asked_by("follow-broken"):
            break
    (back_off,) = sleep.asked_by("follow-broken")   # on the room's sleep: the test's time, not the wall's
    assert 0.2 <= back_off <= 1.0 and broken.connects == 1 and "steady" in orders
    await sleep.advance(back_off)
    assert not follow.done(), "one connection's failure ended the room's streams"
    assert statuses[0][0] is StreamStatus.RECONNECTING and "KeyError" in statuses[0][1]
    assert broken.connects == 2 and "broken" in orders and "steady" in orders   # reconnected; the other went on
    follow.cancel()
    with pytest.raises(asyncio.CancelledError):
        await follow


async def followed_for(tmp_path, fake, seconds: float, step: float = 1.0, stop=lambda room: False):
    """The room of `fake` followed for `seconds` of the room's own time (no real waiting)."""
    sleep = ManualSleep()
    journal = ActionJournal(tmp_path / "journal.sqlite", ManualClock(), console_id="c")
    room = LiveRoom("room-1", [Binding(fake, "r1")], journal, actor="小王", sleep=sleep)
    follow = asyncio.create_task(room.follow())
    while sleep.now < seconds and not stop(room):
        await sleep.advance(step)
    follow.cancel()
    with pytest.raises(asyncio.CancelledError):
        await follow
    return room, sleep



class RefusedAtFirst(GappyPlatform):
    """A connection whose token the platform refuses twice (then the operator puts a good one in)."""

    refusals = 2

    async def snapshot(self, room_id):
        if self.refusals:
            self.refusals -= 1
            raise pe.AuthFailed("token revoked")
        return await super().snapshot(room_id)


@pytest.mark.asyncio
async def test_a_refused_connection_is_tried_again_ever_more_slowly_on_the_rooms_time(tmp_path):
    from anchor_console.room.room_state import Aspect

    fake, sleep = RefusedAtFirst(), ManualSleep()
    journal = ActionJournal(tmp_path / "journal.sqlite", ManualClock(), console_id="c")
    room = LiveRoom("room-1", [Binding(fake, "r1")], journal, actor="小王", sleep=sleep)
    orders: list[str] = []
    room.changed.connect(lambda _c, aspect, event: aspect is Aspect.ORDER and orders.append(event.data["order"].id))
    follow = asyncio.create_task(room.follow())
    while not orders and sleep.now < 60:
        await sleep.advance(1)
    follow.cancel()
    with pytest.raises(asyncio.CancelledError):
        await follow
    assert sleep.asked_by("follow-fake") == [2.0, 4.0] and sleep.now == 6   # 2 s more after each refusal
    assert orders[0] == "1"   # followed once the token is good


class RoomGone(GappyPlatform):
    """A room the platform no longer has (removed, or Studio reset)."""

    async def snapshot(self, room_id):
        raise pe.NotFound(QT_TRANSLATE_NOOP("PlatformError", "Studio no longer has this."))


@pytest.mark.asyncio
async def test_a_room_that_is_gone_is_said_not_reconnected_to_in_silence(tmp_path):
    from anchor_console.platforms.base import StreamStatus

    room, _ = await followed_for(tmp_path, RoomGone(), 5)
    state = room.state
    assert state.stream_status is StreamStatus.CLOSED and "no longer has this" in state.stream_refused.english()


def test_money_actions_only_are_found_without_reading_every_action(tmp_path):
    """The journal panel's "Money actions only" in a journal of a million moderation deletions:
    an index finds the few money actions (a scan took 368 ms at 1 M rows on the ui thread)."""
    journal = ActionJournal(tmp_path / "journal.sqlite", ManualClock(), console_id="c")
    statements: list[str] = []
    journal.db.set_trace_callback(statements.append)
    journal.entries(limit=1000, money_only=True)
    journal.db.set_trace_callback(None)
    (query,) = [s for s in statements if s.startswith("SELECT * FROM actions")]
    plan = journal.db.execute("EXPLAIN QUERY PLAN " + query).fetchall()
    assert any("actions_money" in row[3] for row in plan) and not any("SCAN actions" in row[3] for row in plan)
    journal.close()


@pytest.mark.asyncio
async def test_a_refusal_says_its_kind_and_how_long_to_wait(tmp_path):
    """Moderation retries a rate-limited delete after the wait asked, and counts a not-found one as done."""
    fake = FakePlatform()
    fake.fail_next = [pe.RateLimited(7.0), pe.NotFound(QT_TRANSLATE_NOOP("PlatformError", "No such comment."))]
    room, _ = make_room(tmp_path, fake)
    limited = await room.perform(DeleteComment("c1", "甲: 加微"), connection_id="fake")
    assert not limited.ok and limited.refusal() == {"error": "rate_limited", "retryable": True, "retry_after": 7.0}
    gone = await room.perform(DeleteComment("c2", "乙: 加微"), connection_id="fake")
    assert gone.refusal()["error"] == "not_found" and not gone.refusal()["retryable"]
    assert (await room.perform(DeleteComment("c3", "丙: 你好"), connection_id="fake")).refusal() == {}


def test_a_dispatchs_reason_is_kept_to_be_translated_nested_texts_too_and_an_older_journals_still_reads(tmp_path):
    journal = ActionJournal(tmp_path / "journal.sqlite", ManualClock(), console_id="c")
    entry, _ = journal.begin("put_on_stage", {"product_id": "9"}, money=False, actor="小王", origin="manual",
                             room_key="room-1", targets=[Target("fake", "Fake", "r1")])
    reason = QT_TRANSLATE_NOOP("PlatformError", "{platform} refused: {why}").fill(
        platform="Fake", why=QT_TRANSLATE_NOOP("PlatformError", "Sold out."))
    journal.mark(entry.id, "fake", FAILED, reason=reason)
    assert journal.get(entry.id).dispatches[0].reason == reason
    # An older console kept the nested text as its English: shown as it is.
    journal.db.execute("UPDATE dispatches SET reason = ?", (
        '{"context": "PlatformError", "template": "{platform} refused: {why}", '
        '"args": {"platform": "Fake", "why": "Sold out."}}',))
    assert journal.get(entry.id).dispatches[0].reason.english() == "Fake refused: Sold out."
    journal.close()


class ChatOver(GappyPlatform):
    """A stream the platform ends at once, saying nothing (a YouTube chat that is over)."""

    async def events(self, room_id, *, last_event_id=0, on_status=None):
        self.connects += 1
        return
        yield


@pytest.mark.asyncio
async def test_a_stream_that_keeps_ending_at_once_is_opened_again_ever_more_slowly(tmp_path):
    """YouTube bills every call: a chat that is over, reopened back-to-back, spent the day's quota in
    minutes. The first reopening is at once (a server restarting ends its streams too)."""
    fake = ChatOver()
    _, sleep = await followed_for(tmp_path, fake, 1000, step=5)
    waits = sleep.asked_by("follow-fake")
    assert waits[:5] == [5.0, 10.0, 20.0, 40.0, 80.0] and max(waits) == 300.0
    assert fake.connects <= 12   # in 1,000 s; back-to-back it was thousands
