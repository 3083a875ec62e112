"""One action, one send at a time, one effect: a Send again while the action is still out, a
reconciliation beside a retry, a new room's reconciliation while the old room's send is out —
each joins the send already out."""

from __future__ import annotations

import asyncio

import pytest

from anchor_console.domain.clock import ManualClock
from anchor_console.room.commands import IssueCoupon
from anchor_console.room.journal import CONFIRMED, PENDING, UNKNOWN, ActionJournal, Target
from anchor_console.room.live_room import Binding, LiveRoom
from fake_platform import FakePlatform

COUPON = IssueCoupon("1", 500, 30)


def make_room(tmp_path, *platforms, journal=None):
    journal = journal or ActionJournal(tmp_path / "journal.sqlite", ManualClock(), console_id="console-A")
    return LiveRoom("room-1", [Binding(p, "r1") for p in platforms], journal, actor="小王"), journal


async def settle(condition=lambda: False, rounds: int = 50) -> None:
    """Let the loop run the tasks started (no real time passes)."""
    for _ in range(rounds):
        if condition():
            return
        await asyncio.sleep(0)


def crash_left(journal: ActionJournal):
    """A coupon journalled as pending by a console that died before sending it."""
    entry, _ = journal.begin(COUPON.kind, COUPON.params(), money=True, actor="小王", origin="click",
                             room_key="room-1", targets=[Target("fake", "Fake", "r1")])
    return entry


# ---------------------------------------------------------------------- resends join the send still out

@pytest.mark.asyncio
async def test_send_again_while_the_action_is_out_joins_it(tmp_path):
    fake = FakePlatform()
    fake.gate = asyncio.Event()
    room, journal = make_room(tmp_path, fake)
    told: list[str] = []
    journal.changed.connect(told.append)
    first = asyncio.create_task(room.perform(COUPON))
    await settle(lambda: fake.calls)
    (entry,) = journal.entries()
    assert entry.status == PENDING and journal.in_flight(entry.id)   # the journal panel offers no Send again
    again = asyncio.create_task(room.retry(entry.id))
    await settle()
    assert len(fake.calls) == 1, "Send again sent the action beside itself"
    fake.gate.set()
    outcomes = await asyncio.gather(first, again)
    assert [o.status for o in outcomes] == [CONFIRMED, CONFIRMED] and len(fake.calls) == 1
    assert not journal.in_flight(entry.id) and told[-1] == entry.id   # said when it came back


@pytest.mark.asyncio
async def test_reconciliation_and_send_again_at_once_send_a_crash_left_action_once(tmp_path):
    fake = FakePlatform()
    fake.gate = asyncio.Event()
    room, journal = make_room(tmp_path, fake)
    entry = crash_left(journal)
    both = asyncio.gather(room.reconcile(), room.retry(entry.id))
    await settle(lambda: fake.calls)
    fake.gate.set()
    (reconciled,), retried = await both
    assert reconciled.status == retried.status == CONFIRMED
    assert fake.calls == [entry.dispatches[0].idempotency_key]


@pytest.mark.asyncio
async def test_a_new_room_s_reconciliation_joins_the_old_room_s_send(tmp_path):
    """A reconnect (new settings) makes a new room on the same journal while the old room's coupon
    is still out: its reconciliation waits for that send instead of sending it again."""
    old_fake, new_fake = FakePlatform(), FakePlatform()
    old_fake.gate = asyncio.Event()
    old, journal = make_room(tmp_path, old_fake)
    out = asyncio.create_task(old.perform(COUPON))
    await settle(lambda: old_fake.calls)
    new, _ = make_room(tmp_path, new_fake, journal=journal)
    reconciling = asyncio.create_task(new.reconcile())
    await settle()
    assert new_fake.calls == [] and not reconciling.done()
    old_fake.gate.set()
    (joined,) = await reconciling
    assert joined.status == CONFIRMED and (await out).entry.id == joined.entry.id
    assert len(old_fake.calls) == 1 and new_fake.calls == []


@pytest.mark.asyncio
async def test_a_joined_send_that_is_cancelled_leaves_the_joiner_the_journal_s_word(tmp_path):
    fake = FakePlatform()
    fake.gate = asyncio.Event()
    room, journal = make_room(tmp_path, fake)
    out = asyncio.create_task(room.perform(COUPON))
    await settle(lambda: fake.calls)
    (entry,) = journal.entries()
    joined = asyncio.create_task(room.retry(entry.id))
    await settle()
    out.cancel()   # the console closing under the first send
    outcome = await joined
    assert outcome.status == UNKNOWN and out.cancelled() and len(fake.calls) == 1
