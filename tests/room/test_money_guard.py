"""The crew's money guard sits in the live room, so every path a money action takes — a click, a
cue, the control API, a lucky bag or red packet — is held back alike while another seat's very
same action is out or just done. Held back is journalled in words, never sent; pressed (or the
cue retried) once the guard lets it through, it goes under its own keys, exactly once."""

from __future__ import annotations

import pytest

from anchor_console.domain.text import QT_TRANSLATE_NOOP
from anchor_console.room.commands import IssueCoupon, PutOnStage
from anchor_console.room.journal import CONFIRMED, FAILED
from fake_platform import FakePlatform
from test_live_room import make_room

ELSEWHERE = QT_TRANSLATE_NOOP("Crew", "sent from another seat")


class Guard:
    def __init__(self) -> None:
        self.holding = True
        self.asked: list[tuple[str, dict, str]] = []

    def __call__(self, kind: str, params: dict, origin: str):
        self.asked.append((kind, params, origin))
        return ELSEWHERE if self.holding else None


@pytest.mark.asyncio
async def test_a_click_held_back_by_the_crew_is_journalled_not_sent_and_a_later_press_is_a_new_action(tmp_path):
    fake = FakePlatform()
    room, journal = make_room(tmp_path, fake)
    room.money_guard = guard = Guard()
    held = await room.perform(IssueCoupon("1", 500, 30))
    assert not held.ok and fake.calls == []
    (d,) = journal.get(held.entry.id).dispatches
    assert d.status == FAILED and d.reason == ELSEWHERE and d.attempts == 0
    guard.holding = False
    sent = await room.perform(IssueCoupon("1", 500, 30))
    assert sent.ok and sent.entry.id != held.entry.id and len(fake.applied) == 1


@pytest.mark.asyncio
async def test_a_cue_held_back_is_sent_on_its_retry_under_its_own_keys_once_the_guard_lets_it(tmp_path):
    fake = FakePlatform()
    room, journal = make_room(tmp_path, fake)
    room.money_guard = guard = Guard()
    coupon, key = IssueCoupon("1", 100, 10), "show:run1:cue:c7"
    held = await room.perform(coupon, origin="cue:run1:c7", action_key=key)
    again = await room.perform(coupon, origin="cue:run1:c7", action_key=key)   # the cue's retry, still held
    assert not held.ok and not again.ok and fake.calls == [] and len(journal.entries()) == 1
    assert guard.asked[0] == ("issue_coupon", coupon.params(), "cue:run1:c7")   # which cue: two cues are two
    guard.holding = False
    sent = await room.perform(coupon, origin="cue:run1:c7", action_key=key)
    assert sent.ok and sent.entry.id == held.entry.id
    assert fake.calls == [held.entry.dispatches[0].idempotency_key]
    assert (await room.perform(coupon, origin="cue:run1:c7", action_key=key)).entry.id == held.entry.id
    assert len(fake.applied) == 1


@pytest.mark.asyncio
async def test_what_may_already_have_left_is_never_held_back_and_non_money_is_never_asked(tmp_path):
    fake = FakePlatform()
    room, journal = make_room(tmp_path, fake)
    key = "show:run1:cue:c8"
    first = await room.perform(IssueCoupon("1", 100, 10), origin="cue:run1:c8", action_key=key)
    assert first.ok
    room.money_guard = guard = Guard()
    # The same cue again after it was sent (a resumed show): confirmed stays confirmed, nothing asked or sent.
    assert (await room.perform(IssueCoupon("1", 100, 10), origin="cue:run1:c8", action_key=key)).ok
    assert await room.perform(PutOnStage("1003"))
    assert guard.asked == [] and len(fake.applied) == 2
    assert journal.get(first.entry.id).dispatches[0].status == CONFIRMED


@pytest.mark.asyncio
async def test_a_cues_money_action_is_told_to_the_crew_before_it_leaves_a_click_is_not_held_for_it(tmp_path):
    """A seat taking the show over must know a cue may be paid already, should this seat go the
    moment it sends it: the room tells the crew first (pending), then sends. A click needs no
    such word (no other seat sends a gone seat's clicks again), nor does a cue that is not money."""
    fake = FakePlatform()
    room, journal = make_room(tmp_path, fake)
    told: list[tuple[str, str, int]] = []

    async def write_ahead(entry):
        told.append((entry.origin, journal.get(entry.id).status, len(fake.calls)))
    room.write_ahead = write_ahead
    key = "show:run1:cue:c7"
    sent = await room.perform(IssueCoupon("1", 100, 10), origin="cue:run1:c7", action_key=key)
    assert sent.ok and told == [("cue:run1:c7", "pending", 0)] and len(fake.calls) == 1
    assert (await room.perform(IssueCoupon("1", 100, 10), origin="cue:run1:c7", action_key=key)).ok
    await room.perform(IssueCoupon("1", 200, 10))
    await room.perform(PutOnStage("p1"), origin="cue:run1:c8", action_key="show:run1:cue:c8")
    assert len(told) == 1   # a repeat under the cue's key, a click and a non-money cue: not told again
