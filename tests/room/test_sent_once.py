"""One action, one send at a time, one effect: a Send again while the action is still out, a
reconciliation beside a retry, a new room's reconciliation while the old room's send is out, a cue
and a click at once — each joins the send already out. A money action pressed again after no
answer is that action sent again under its key, never a new one beside it."""

from __future__ import annotations

import asyncio

import pytest

from anchor_console.domain.clock import ManualClock
from anchor_console.platforms import errors as pe
from anchor_console.domain.text import QT_TRANSLATE_NOOP
from anchor_console.room.commands import IssueCoupon, PutOnStage
from anchor_console.room.journal import CONFIRMED, FAILED, PENDING, UNKNOWN, ActionJournal, Target
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


# ---------------------------------------------------------------------- pressed again after no answer

@pytest.mark.asyncio
async def test_pressed_again_after_no_answer_sends_that_action_again_under_its_key(tmp_path):
    fake = FakePlatform()
    fake.lose_answer_next = 1   # applied, the answer lost
    room, journal = make_room(tmp_path, fake)
    first = await room.perform(COUPON)
    assert first.status == UNKNOWN and not first.again
    second = await room.perform(COUPON)   # FIRE / Issue pressed again
    key = first.entry.dispatches[0].idempotency_key
    assert second.entry.id == first.entry.id and second.ok and second.again
    assert fake.calls == [key, key] and len(fake.applied) == 1 and len(journal.entries()) == 1


@pytest.mark.asyncio
async def test_after_an_answer_a_press_is_a_new_action(tmp_path):
    fake = FakePlatform()
    room, journal = make_room(tmp_path, fake)
    confirmed = await room.perform(COUPON)
    fake.fail_next = [pe.Conflict(QT_TRANSLATE_NOOP("PlatformError", "Sold out."))]
    failed = await room.perform(COUPON)
    after_failed = await room.perform(COUPON)
    assert (confirmed.status, failed.status, after_failed.status) == (CONFIRMED, FAILED, CONFIRMED)
    assert len({confirmed.entry.id, failed.entry.id, after_failed.entry.id}) == 3
    assert not after_failed.again and len(fake.applied) == 2


@pytest.mark.asyncio
async def test_pressed_again_after_it_was_done_on_one_platform_only_resends_where_it_failed(tmp_path):
    done, refused = FakePlatform("studio", "Studio"), FakePlatform("shop", "Shop")
    room, journal = make_room(tmp_path, done, refused)
    refused.fail_next = [pe.Conflict(QT_TRANSLATE_NOOP("PlatformError", "The room is not live yet."))]
    first = await room.perform(COUPON)
    assert first.status == FAILED and {d.status for d in first.entry.dispatches} == {CONFIRMED, FAILED}
    second = await room.perform(COUPON)   # "Failed: …" read, Issue pressed again
    shop_key = next(d.idempotency_key for d in first.entry.dispatches if d.connection_id == "shop")
    assert second.entry.id == first.entry.id and second.ok and second.again
    assert len(done.applied) == 1 and len(refused.applied) == 1 and refused.calls == [shop_key, shop_key]
    assert len(journal.entries()) == 1
    third = await room.perform(COUPON)    # done everywhere now: a press is a new action
    assert third.entry.id != first.entry.id and len(done.applied) == 2


@pytest.mark.asyncio
async def test_a_platform_that_keeps_refusing_does_not_stop_the_action_being_done_again_later(tmp_path):
    from anchor_console.room.live_room import PARTLY_DONE_OPEN_S

    done, refused = FakePlatform("studio", "Studio"), FakePlatform("shop", "Shop")
    room, journal = make_room(tmp_path, done, refused)
    no = pe.Conflict(QT_TRANSLATE_NOOP("PlatformError", "This coupon template is not on this shop."))
    refused.fail_next = [no, no]
    first = await room.perform(COUPON)
    again = await room.perform(COUPON)    # within the window: the shop's dispatch, resent under its key
    assert again.entry.id == first.entry.id and len(done.applied) == 1
    journal.clock.advance(PARTLY_DONE_OPEN_S + 1)
    later = await room.perform(COUPON)    # ten minutes on: the same coupon, issued again where it works
    assert later.entry.id != first.entry.id and len(done.applied) == 2


@pytest.mark.asyncio
async def test_only_the_same_money_action_on_the_same_connections_is_sent_again(tmp_path):
    a, b = FakePlatform("a", "A"), FakePlatform("b", "B")
    a.lose_answer_next = 1
    room, journal = make_room(tmp_path, a, b)
    unanswered = await room.perform(COUPON)
    assert unanswered.status == UNKNOWN
    other = await room.perform(IssueCoupon("1", 600, 30))      # another quantity: another action
    assert other.entry.id != unanswered.entry.id and not other.again
    # Not money: a second 讲解 is a new action, whatever the first's answer.
    a.lose_answer_next = 1
    stage = await room.perform(PutOnStage("9"))
    assert stage.status == UNKNOWN and (await room.perform(PutOnStage("9"))).entry.id != stage.entry.id
    only_b, _ = make_room(tmp_path, b, journal=journal)         # the same room on fewer connections
    assert (await only_b.perform(COUPON)).entry.id != unanswered.entry.id


# ---------------------------------------------------------------------- a cue and a click

@pytest.mark.asyncio
@pytest.mark.parametrize("cue_first", [True, False])
async def test_a_cue_and_a_click_at_once_are_one_action(tmp_path, cue_first):
    fake = FakePlatform()
    fake.gate = asyncio.Event()
    room, journal = make_room(tmp_path, fake)
    cue = lambda: asyncio.create_task(room.perform(COUPON, origin="cue:run1:c7", action_key="show:run1:c7"))  # noqa: E731
    click = lambda: asyncio.create_task(room.perform(COUPON, origin="click"))  # noqa: E731
    first = cue() if cue_first else click()
    await settle(lambda: fake.calls)
    second = click() if cue_first else cue()
    await settle()
    fake.gate.set()
    outcomes = await asyncio.gather(first, second)
    assert len(fake.applied) == 1 and len(journal.entries()) == 1
    assert {o.entry.id for o in outcomes} == {journal.entries()[0].id} and all(o.ok for o in outcomes)
    # Either way the cue's key names the action: the resumed show does not fire it again.
    assert journal.keyed("show:run1:c7").id == journal.entries()[0].id
    resumed = await room.perform(COUPON, origin="cue:run1:c7", action_key="show:run1:c7")
    assert resumed.ok and len(fake.calls) == 1


@pytest.mark.asyncio
async def test_a_cue_after_an_unanswered_click_sends_that_click_again(tmp_path):
    fake = FakePlatform()
    fake.lose_answer_next = 1
    room, journal = make_room(tmp_path, fake)
    click = await room.perform(COUPON)
    cue = await room.perform(COUPON, origin="cue:run1:c7", action_key="show:run1:c7")
    assert cue.entry.id == click.entry.id and cue.ok and len(fake.applied) == 1
    assert journal.keyed("show:run1:c7").id == click.entry.id


@pytest.mark.asyncio
async def test_two_cues_of_the_same_coupon_are_two_actions(tmp_path):
    """Planned twice in the run of show: the second cue is an action of its own, even after the
    first had no answer (the first is resent under its own key when its cue is retried)."""
    fake = FakePlatform()
    fake.lose_answer_next = 1
    room, journal = make_room(tmp_path, fake)
    first = await room.perform(COUPON, origin="cue:run1:c7", action_key="show:run1:c7")
    second = await room.perform(COUPON, origin="cue:run1:c9", action_key="show:run1:c9")
    assert first.status == UNKNOWN and second.ok and second.entry.id != first.entry.id
    assert len(fake.applied) == 2


@pytest.mark.asyncio
async def test_an_unknown_money_action_resent_into_an_outage_stays_unknown_and_is_never_sent_under_a_new_key(
        tmp_path):
    """Its answer lost (it was applied), pressed again while the platform is out of reach (or asks us to
    wait): that says nothing of the first attempt, so it stays unknown — marked failed, the next press
    began a new action under a new key, and the coupons were issued twice."""
    fake = FakePlatform()
    room, journal = make_room(tmp_path, fake)
    fake.lose_answer_next = 1
    first = await room.perform(IssueCoupon("2", 7, 10))
    for outage in (pe.Unavailable("ConnectError", platform="Fake"), pe.RateLimited(3.0, platform="Fake")):
        fake.fail_next = [outage]
        again = await room.perform(IssueCoupon("2", 7, 10))
        assert again.entry.id == first.entry.id and again.status == UNKNOWN
        assert "may have been applied" in again.entry.dispatches[0].reason.english()
    done = await room.perform(IssueCoupon("2", 7, 10))
    assert done.ok and done.entry.id == first.entry.id and len(fake.applied) == 1
    assert {fake.calls.count(k) for k in set(fake.calls)} == {4} and len(journal.entries()) == 1
    # A fresh press that cannot reach the platform was never applied anywhere: failed, as before.
    fake.fail_next = [pe.Unavailable("ConnectError", platform="Fake")]
    assert (await room.perform(IssueCoupon("3", 1, 10))).status == FAILED


@pytest.mark.asyncio
async def test_reconcile_leaves_what_is_too_old_or_overtaken_and_finds_the_room_under_its_new_name(tmp_path):
    """At a connect, unanswered money actions are resent under their keys — but not a day later (the
    platform may have forgotten the key and would apply it twice), not a price set again since (it
    would undo the later one), and a room renamed by enabling another connection is still the room."""
    from anchor_console.room.commands import SetPrice
    from anchor_console.room.live_room import RESEND_WINDOW_S
    fake = FakePlatform()
    room, journal = make_room(tmp_path, fake)
    fake.lose_answer_next = 1
    old = await room.perform(IssueCoupon("2", 7, 10))
    journal.clock.advance(RESEND_WINDOW_S + 1)
    fake.lose_answer_next = 1
    price = await room.perform(SetPrice("sku-1", 8900))
    assert (await room.perform(SetPrice("sku-1", 9900))).ok
    fake.lose_answer_next = 1
    recent = await room.perform(IssueCoupon("3", 5, 10))
    calls = len(fake.calls)

    other = FakePlatform("wechat", "WeChat Channels")
    renamed = LiveRoom("room-1+wechat:r9", [Binding(fake, "r1"), Binding(other, "r9")], journal, actor="小王")
    outcomes = await renamed.reconcile()
    assert [o.entry.id for o in outcomes] == [recent.entry.id] and outcomes[0].ok
    assert len(fake.calls) == calls + 1
    assert journal.get(old.entry.id).status == UNKNOWN
    assert "too old to send again" in journal.get(old.entry.id).dispatches[0].reason.english()
    assert journal.get(price.entry.id).status == FAILED
    assert "would undo it" in journal.get(price.entry.id).dispatches[0].reason.english()
    # Pressed again a day on, the old coupon is a new action (its old key is not trusted any more).
    again = await renamed.perform(IssueCoupon("2", 7, 10), connection_id="fake")
    assert again.entry.id != old.entry.id
