"""The crew's money guard, seat by seat without a Studio: what another seat's shared log holds back
here — a lucky bag of the same set-up (each seat's commitment differs, the terms do not), an action
whose answer that seat never got (it may have been paid) for as long as that seat would send it
again itself, a refused action sent again from the journal or a cue's Retry — and what it does not:
a send that failed there, or a different cue of the show."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from anchor_console.domain.clock import ManualClock
from anchor_console.domain.giveaways import EntryRule, LuckyBagSetup
from anchor_console.platforms import errors as pe
from anchor_console.platforms.studio_crew import CrewLogEntry, SeatInfo
from anchor_console.room import commands as rc
from anchor_console.room.journal import ActionJournal
from anchor_console.room.live_room import Binding, LiveRoom
from anchor_console.session.giveaway_store import GiveawayStore
from anchor_console.session.giveaways import Giveaways
from anchor_console.session.seats import MONEY_ELSEWHERE_S, UNKNOWN_ELSEWHERE_S, CrewSeats, SeatPresence
from anchor_console.session.tasks import Tasks

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "room"))
from fake_platform import FakePlatform  # noqa: E402

COUPON = rc.IssueCoupon("2", 7, 10)
SETUP = LuckyBagSetup(prize="口红", winners=1, rule=EntryRule.KEYWORD, keyword="福袋", countdown_s=300)


def seat(tmp_path):
    clock = ManualClock()
    platform = FakePlatform()
    room = LiveRoom("room-1", [Binding(platform, "r1")],
                    ActionJournal(tmp_path / "journal.sqlite", clock, console_id="seat-A"), actor="小王")
    tasks = Tasks()
    crew = CrewSeats(journal=room.journal, clock=clock, seat_id="seat-A", spawn=tasks.spawn, cancel=tasks.cancel)
    room.money_guard = crew.money_elsewhere   # as crew.set_room installs it
    return clock, platform, room, crew


def other_seat(crew, clock, command, state="confirmed", origin="click"):
    n = len(crew.shared)
    crew.shared[f"seat-B:{n}"] = CrewLogEntry("seat-B", str(n), command.kind, command.params(), state, True,
                                              "李场控", "assistant", "pc-B", origin, clock.now())


def sent(platform, kind):
    return [a for a in platform.applied if a[0] == kind]


@pytest.mark.asyncio
async def test_a_lucky_bag_of_the_same_set_up_as_another_seat_s_is_held_back(tmp_path):
    clock, platform, room, crew = seat(tmp_path)
    giveaways = Giveaways(GiveawayStore(tmp_path / "giveaways.sqlite"), clock, lambda: room, actor=lambda: "小王")
    giveaways.set_room(room)
    other_seat(crew, clock, rc.StartLuckyBag(SETUP, "their-commitment"), state="pending")
    result = await giveaways.start_lucky_bag(SETUP)
    assert not result.ok and "not sent again from here" in result.reason.english()
    assert sent(platform, "start_lucky_bag") == []


@pytest.mark.asyncio
async def test_an_unanswered_action_elsewhere_holds_back_longer_and_a_failed_one_not_at_all(tmp_path):
    clock, platform, room, crew = seat(tmp_path)
    other_seat(crew, clock, COUPON, state="unknown")
    clock.advance(MONEY_ELSEWHERE_S + 1)
    assert not (await room.perform(COUPON)).ok
    clock.advance(UNKNOWN_ELSEWHERE_S)
    assert (await room.perform(COUPON)).ok
    crew.shared.clear()
    other_seat(crew, clock, COUPON, state="failed")
    assert crew.money_elsewhere(COUPON.kind, COUPON.params()) is None


@pytest.mark.asyncio
async def test_an_action_still_out_when_its_seat_went_holds_back_as_an_unanswered_one_not_for_good(tmp_path):
    """Seat B crashed with a coupon batch out: no answer will ever come from it. While B is there its
    pending press holds this seat's back however long it takes; once B is gone, for as long as an
    unanswered one would (it may have been paid), then no more — the show goes on."""
    clock, platform, room, crew = seat(tmp_path)
    b = SeatInfo("seat-B", "李场控", "assistant", "pc-B", clock.now(), clock.now())
    crew.presence["seat-B"] = SeatPresence(b, ours=False)
    other_seat(crew, clock, COUPON, state="pending")
    clock.advance(UNKNOWN_ELSEWHERE_S + 1)
    assert not (await room.perform(COUPON)).ok        # B is there: its answer may still come
    crew.presence["seat-B"] = SeatPresence(b, ours=False, gone=True)
    assert (await room.perform(COUPON)).ok and len(sent(platform, "issue_coupon")) == 1
    crew.shared.clear()
    other_seat(crew, clock, COUPON, state="pending")  # B's press, just before it went
    clock.advance(MONEY_ELSEWHERE_S + 1)
    assert crew.money_elsewhere(COUPON.kind, COUPON.params()) is not None
    clock.advance(UNKNOWN_ELSEWHERE_S)
    assert crew.money_elsewhere(COUPON.kind, COUPON.params()) is None


@pytest.mark.asyncio
async def test_a_refused_action_sent_again_asks_the_crew_first(tmp_path):
    clock, platform, room, crew = seat(tmp_path)
    platform.fail_next = [pe.RateLimited(1.0, platform="Fake"), pe.RateLimited(1.0, platform="Fake")]
    refused = await room.perform(COUPON)
    cue = await room.perform(COUPON, origin="cue:run1:c1", action_key="show:run1:cue:c1")
    assert refused.status == cue.status == "failed"
    other_seat(crew, clock, COUPON)                       # seat B issues the same coupon meanwhile
    assert not (await room.retry(refused.entry.id)).ok    # the journal's Send again
    assert not (await room.perform(COUPON, origin="cue:run1:c1", action_key="show:run1:cue:c1")).ok   # cue Retry
    assert sent(platform, "issue_coupon") == []
    clock.advance(MONEY_ELSEWHERE_S + 1)
    assert (await room.retry(refused.entry.id)).ok and len(sent(platform, "issue_coupon")) == 1


def test_two_different_cues_with_the_same_terms_are_two_actions_a_click_and_a_cue_are_one(tmp_path):
    clock, platform, room, crew = seat(tmp_path)
    other_seat(crew, clock, COUPON, origin="cue:runB:coupon-b")
    assert crew.money_elsewhere(COUPON.kind, COUPON.params(), "cue:runA:coupon-c") is None
    assert crew.money_elsewhere(COUPON.kind, COUPON.params(), "cue:runA:coupon-b") is not None
    assert crew.money_elsewhere(COUPON.kind, COUPON.params(), "click") is not None


def test_a_reconnect_to_the_same_room_keeps_what_the_other_seats_sent(tmp_path):
    """A network blip rejoins the same room: until the rejoin has fetched the shared log again, the
    presses another seat just made must still hold this seat's back; another room starts afresh."""
    clock, platform, room, crew = seat(tmp_path)
    crew.set_room(room)
    other_seat(crew, clock, COUPON)
    again = LiveRoom("room-1", [Binding(platform, "r1")], room.journal, actor="小王")   # the same room, reconnected
    crew.set_room(again)
    assert again.money_guard(COUPON.kind, COUPON.params(), "click") is not None
    crew.set_room(LiveRoom("room-2", [Binding(platform, "r2")], room.journal, actor="小王"))
    assert crew.money_elsewhere(COUPON.kind, COUPON.params()) is None
