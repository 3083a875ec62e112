"""Studio's crew service on an injected wall clock: a silent seat is gone after the timeout; the
moderation lease is granted when free or expired and renewed by its holder only; a comment is
claimed once, by the lease holder only; the shared log keeps one entry per (seat, action, state);
a follower's GO is refused with a reason when the caller says so."""

from __future__ import annotations

import pytest

from anchor_console.studio.errors import Conflict, Forbidden, NotFound
from anchor_console.studio.permissions import Role
from anchor_console.studio.services import Studio
from anchor_console.studio.services.crew import LEASE_TTL_S, SEAT_TIMEOUT_S
from anchor_console.studio.store import Principal
from support.manual_time import ManualTime
from support.postgres import studio_database


@pytest.fixture
def crew(tmp_path):
    studio = Studio(str(studio_database(tmp_path, "crew")))
    room = studio.rooms.create("crew")["id"]
    wall = ManualTime()
    studio.crew.wall = wall
    yield studio, room, wall
    studio.store.close()


def who(staff_id: int, name: str, role: Role = Role.MODERATOR) -> Principal:
    return Principal(role, staff_id=staff_id, name=name)


def events(studio, room, kind):
    return [e for e in studio.store.db.execute("SELECT type, data FROM events WHERE room_id = ? ORDER BY id",
                                               (room,)) if e["type"] == kind]


def test_presence_times_out_on_the_wall_clock(crew):
    studio, room, wall = crew
    a, b = who(1, "甲"), who(2, "乙")
    studio.crew.join(room, a, "seat-a", "laptop-a")
    studio.crew.join(room, b, "seat-b", "laptop-b")
    wall.advance(SEAT_TIMEOUT_S - 1)
    studio.crew.heartbeat(room, a, "seat-a")
    wall.advance(2)
    assert [s["seat_id"] for s in studio.crew.seats(room)["items"]] == ["seat-a"]
    assert len(events(studio, room, "seat.left")) == 1
    with pytest.raises(NotFound):
        studio.crew.heartbeat(room, b, "seat-b")


def two_seats_a_holding(studio, room) -> tuple[Principal, Principal]:
    """Seats "seat-a" (甲) and "seat-b" (乙) on the room, the lease 甲's."""
    a, b = who(1, "甲"), who(2, "乙")
    studio.crew.join(room, a, "seat-a", "")
    studio.crew.join(room, b, "seat-b", "")
    assert studio.crew.acquire_lease(room, a, "seat-a")["granted"]
    return a, b


def test_lease_and_claims(crew):
    studio, room, wall = crew
    a, b = two_seats_a_holding(studio, room)
    assert not studio.crew.acquire_lease(room, b, "seat-b")["granted"]
    assert studio.crew.claim(room, a, "seat-a", "c1", "auto")["granted"]
    assert not studio.crew.claim(room, b, "seat-b", "c2", "auto")["granted"]   # not the holder
    wall.advance(LEASE_TTL_S + 0.1)
    studio.crew.heartbeat(room, a, "seat-a")
    studio.crew.heartbeat(room, b, "seat-b")
    assert studio.crew.acquire_lease(room, b, "seat-b")["granted"]          # expired: moves on
    assert not studio.crew.claim(room, b, "seat-b", "c1", "auto")["granted"]   # acted on already
    assert not studio.crew.claim(room, a, "seat-a", "c3", "auto")["granted"]   # the old holder is out
    assert studio.crew.claim(room, b, "seat-b", "c3", "auto")["granted"]
    assert len(events(studio, room, "moderation_lease.changed")) == 2


def test_claims_in_one_request_are_each_a_claim(crew):
    """A wave of held comments claimed at once: each id as a claim of its own, the ids granted."""
    studio, room, wall = crew
    a, b = two_seats_a_holding(studio, room)
    assert studio.crew.claim(room, a, "seat-a", "c1", "auto")["granted"]
    granted = studio.crew.claim_many(room, a, "seat-a", ["c1", "c2", "c2", "c3"], "auto")
    assert granted == {"granted": ["c1", "c2", "c3"]}
    assert studio.crew.claim_many(room, b, "seat-b", ["c4"], "auto") == {"granted": []}   # not the holder
    wall.advance(LEASE_TTL_S + 0.1)
    studio.crew.heartbeat(room, b, "seat-b")
    assert studio.crew.acquire_lease(room, b, "seat-b")["granted"]
    assert studio.crew.claim_many(room, b, "seat-b", ["c2", "c4"], "auto") == {"granted": ["c4"]}   # c2: a's


def test_shared_log_once_per_state_and_go_refused(crew):
    studio, room, wall = crew
    a, b = who(1, "甲", Role.ASSISTANT), who(2, "乙")
    studio.crew.join(room, a, "seat-a", "laptop-a")
    studio.crew.join(room, b, "seat-b", "")
    entry = {"action_id": "x1", "kind": "issue_coupon", "params": {}, "state": "pending", "money": True}
    assert studio.crew.log(room, a, "seat-a", [entry])["new"] == 1
    assert studio.crew.log(room, a, "seat-a", [entry, {**entry, "state": "confirmed"}])["new"] == 1
    logged = studio.crew.log_entries(room)["items"]
    assert [(e["state"], e["staff_name"], e["machine"]) for e in logged] == [
        ("confirmed", "甲", "laptop-a"), ("pending", "甲", "laptop-a")]
    # A seat swept after a silence (a busy laptop) still says where its entries came from.
    wall.advance(SEAT_TIMEOUT_S + 1)
    assert studio.crew.seats(room)["items"] == []
    studio.crew.log(room, a, "seat-a", [{**entry, "action_id": "x2"}], "laptop-a")
    assert studio.crew.log_entries(room)["items"][0]["machine"] == "laptop-a"
    studio.crew.join(room, a, "seat-a", "laptop-a")
    studio.crew.join(room, b, "seat-b", "")
    with pytest.raises(Conflict):
        studio.crew.request_go(room, b, "seat-b", "cue")    # nobody calls the show
    studio.crew.set_show_state(room, a, "seat-a", {"segment_id": "s1"}, "refuse")
    with pytest.raises(Conflict) as refused:
        studio.crew.request_go(room, b, "seat-b", "cue")
    assert refused.value.code == "go_refused"
    studio.crew.set_show_state(room, a, "seat-a", {"segment_id": "s1"}, "ask")
    assert studio.crew.request_go(room, b, "seat-b", "cue")["caller_seat"] == "seat-a"


def test_a_seat_is_its_staff_accounts_own(crew):
    """Seat ids are listed to the whole crew: another staff member joining, leasing, claiming,
    calling the show or leaving with the anchor's seat id is refused; the anchor re-joining its
    own seat (a console started again, with a new token of the same account) is not."""
    studio, room, wall = crew
    anchor, mod = who(1, "主播", Role.ANCHOR), who(2, "房管")
    studio.crew.join(room, anchor, "anchor-seat", "laptop")
    assert studio.crew.acquire_lease(room, anchor, "anchor-seat")["granted"]
    with pytest.raises(Conflict) as taken:
        studio.crew.join(room, mod, "anchor-seat", "mod")
    assert taken.value.code == "seat_taken"
    refusals = [lambda: studio.crew.acquire_lease(room, mod, "anchor-seat"),
                lambda: studio.crew.claim(room, mod, "anchor-seat", "c1", "delete"),
                lambda: studio.crew.set_show_state(room, mod, "anchor-seat", {"segment_id": "s1"}, "ask"),
                lambda: studio.crew.log(room, mod, "anchor-seat", [{"action_id": "x", "kind": "k", "state": "pending"}]),
                lambda: studio.crew.leave(room, mod, "anchor-seat")]
    for refused in refusals:
        with pytest.raises(Forbidden) as forbidden:
            refused()
        assert forbidden.value.code == "seat_not_yours"
    with pytest.raises(Conflict) as gone:   # a seat must be on the room; named in the body: 409, not 404
        studio.crew.claim(room, mod, "mod-seat", "c1", "delete")
    assert gone.value.code == "seat_gone"
    seat = studio.crew.seats(room)["items"][0]
    assert (seat["staff_name"], seat["machine"]) == ("主播", "laptop")
    assert studio.crew.lease(room)["seat_id"] == "anchor-seat"
    assert studio.crew.claim(room, anchor, "anchor-seat", "c1", "delete")["granted"]
    again = Principal(Role.ANCHOR, staff_id=1, name="主播", token_id=99)
    wall.advance(1)
    assert studio.crew.join(room, again, "anchor-seat", "laptop")["joined_at"] == seat["joined_at"]
    assert studio.crew.heartbeat(room, again, "anchor-seat")["staff_name"] == "主播"
    wall.advance(SEAT_TIMEOUT_S + 1)                                       # gone: the id is free again
    assert studio.crew.join(room, mod, "anchor-seat", "mod")["staff_name"] == "房管"
    assert studio.crew.leave(room, mod, "anchor-seat")["left"] is True


def test_a_claim_repeated_after_a_lost_answer_is_still_its_seats(crew):
    """The holder's claim reached Studio but its answer was lost (its network dropped); the client
    sends it again once the network is back, after the lease has moved on (and its seat may be gone).
    The comment is that seat's to act on: the repeat is granted (it was refused, and the new holder is
    refused too: nobody acted on the comment)."""
    studio, room, wall = crew
    a, b = two_seats_a_holding(studio, room)
    assert studio.crew.claim(room, a, "seat-a", "c1", "auto")["granted"]       # the answer is lost
    wall.advance(LEASE_TTL_S + 0.1)
    studio.crew.heartbeat(room, a, "seat-a")
    studio.crew.heartbeat(room, b, "seat-b")
    assert studio.crew.acquire_lease(room, b, "seat-b")["granted"]
    assert studio.crew.claim(room, a, "seat-a", "c1", "auto")["granted"]       # the same claim again
    assert not studio.crew.claim(room, b, "seat-b", "c1", "auto")["granted"]   # once, by seat A
    assert not studio.crew.claim(room, a, "seat-a", "c2", "auto")["granted"]   # a new one: not the holder
    for _ in range(2):                                                         # seat A is gone by the retry
        wall.advance(SEAT_TIMEOUT_S / 2 + 0.5)
        studio.crew.heartbeat(room, b, "seat-b")
    assert [s["seat_id"] for s in studio.crew.seats(room)["items"]] == ["seat-b"]
    assert studio.crew.claim(room, a, "seat-a", "c1", "auto")["granted"]
    with pytest.raises(Conflict) as gone:
        studio.crew.claim(room, a, "seat-a", "c3", "auto")                     # anything new: join again
    assert gone.value.code == "seat_gone"


def test_a_kept_seed_is_its_seats_and_a_bag_drawn_twice_is_announced_once(crew):
    """A seed is kept from the caller's own seat (another account's seat is refused) and under the
    commitment it matches; two draws of one bag (its starter's and a seat that took it over) draw
    and announce once, the second answering the same."""
    from anchor_console.domain import draw

    studio, room, wall = crew
    a, b = who(1, "甲", Role.ASSISTANT), who(2, "乙", Role.ANCHOR)
    studio.crew.join(room, a, "seat-a", "laptop-a")
    seed = draw.new_seed()
    commitment = draw.commitment(seed)
    with pytest.raises(Forbidden):
        studio.crew_seeds.keep(room, b, "seat-a", commitment, seed)
    kept = studio.crew_seeds.keep(room, a, "seat-a", commitment, seed, machine="laptop-a", prize="口红")
    assert (kept["seat_id"], kept["staff_name"], kept["prize"]) == ("seat-a", "甲", "口红")
    assert [e["data"] for e in events(studio, room, "crew_seed.kept")] and seed not in str(
        [dict(e) for e in events(studio, room, "crew_seed.kept")])
    with pytest.raises(Conflict):
        studio.crew_seeds.keep(room, a, "seat-a", draw.commitment(draw.new_seed()), seed)
    assert studio.crew_seeds.seed(room, commitment)["seed"] == seed
    with pytest.raises(NotFound):
        studio.crew_seeds.seed(room + 1000, commitment)

    studio.rooms.start(room)
    bag = studio.lucky_bags.start(room, prize="口红", prize_product_id=None, winners_count=1, rule="follow",
                                  keyword="", countdown_s=60, exclusions={}, commitment=commitment, by=a)
    bags, entrants, other = studio.lucky_bags, studio.lucky_bags.entrants, {}

    def another_worker_draws_meanwhile(room_id, bag_id):   # between this draw's look and its write
        if not other:
            other["drawing"] = True
            other["drawn"] = bags.draw(room_id, bag_id, seed, b)
        return entrants(room_id, bag_id)

    bags.entrants = another_worker_draws_meanwhile
    first = bags.draw(room, bag["id"], seed, a)
    assert first == other["drawn"] and first["state"] == "drawn"
    assert bags.draw(room, bag["id"], seed, a) == first
    assert len(events(studio, room, "lucky_bag.drawn")) == 1
    assert len(events(studio, room, "comment.pinned")) <= 1
