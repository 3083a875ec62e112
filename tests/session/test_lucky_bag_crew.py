"""A lucky bag outlives the seat that started it: three headless seats on one real Studio room. The
assistant's seat keeps the bag's seed on the crew's staff-only channel before the bag starts (a
viewer's token, and a moderator's, cannot read it), then its computer dies mid-show; the anchor's
seat, refused while the starter was there, takes the bag over and draws it — the winners follow
from the committed seed, and the starter back at the same moment draws the same, announced once.
A seed that cannot be kept for the crew starts no bag; a room without a crew channel keeps
today's behaviour (only the starting computer draws)."""

from __future__ import annotations

import asyncio
from dataclasses import replace

import httpx
import pytest

from anchor_console.domain import draw
from anchor_console.domain.giveaways import EntryRule, LuckyBagSetup
from anchor_console.platforms.errors import Unavailable
from anchor_console.session import crew_bags
from anchor_console.session.giveaway_store import DRAWN, FAILED, OPEN
from support.waiting import until
from test_crew_seats import NAMES, crew_of_three
from test_giveaways import viewers_comment

SETUP = LuckyBagSetup(prize="保温杯", winners=2, rule=EntryRule.KEYWORD, keyword="666", countdown_s=600)


def seed_answer(studio, headers: dict, commitment: str) -> int:
    return httpx.get(f"{studio.url}/api/v1/rooms/{studio.room_id}/lucky-bag-seeds/{commitment}", headers=headers,
                     timeout=10).status_code


@pytest.mark.asyncio
async def test_a_bag_whose_seat_died_is_drawn_from_another_seat_once(session_factory, studio_factory, tmp_path):
    studio = studio_factory("--demo", "--audience", "0")
    crew = await crew_of_three(studio, session_factory, tmp_path)
    starter, other, moderator = crew["assistant"], crew["anchor"], crew["moderator"]
    started = await starter.giveaways.start_lucky_bag(SETUP)
    assert started.ok and started.bag.shared and started.bag.state == OPEN
    commitment = started.bag.commitment
    entrants = viewers_comment(studio, "666", 5, prefix="接手观众")

    # Staff who run giveaways may read the kept seed; a viewer's token and a moderator's may not.
    viewer = httpx.post(f"{studio.url}/api/v1/viewers", json={"nickname": "好奇的观众"}).json()
    assert seed_answer(studio, {"Authorization": f"Bearer {viewer['token']}"}, commitment) == 403
    assert seed_answer(studio, studio.headers("moderator"), commitment) == 403

    # While its seat is there, the bag is that seat's: the others see it, with whose it is and why not.
    await until(lambda: [b.commitment for b in other.giveaways.crew_bags_now()] == [commitment], 10,
                message="the anchor's seat did not see the assistant's bag")
    seen = other.giveaways.crew_bags_now()[0]
    assert seen.kept.staff_name == NAMES["assistant"] and not seen.may_draw
    assert NAMES["assistant"] in seen.why_not.english()
    refused = await other.giveaways.take_over(commitment)
    assert not refused.ok and NAMES["assistant"] in refused.reason.english()
    mod_view = moderator.giveaways.crew_bags_now()
    assert [b.may_draw for b in mod_view] == [False] and "moderator" in mod_view[0].why_not.english()

    # The assistant's computer dies: no goodbye, its desk stops with it.
    starter.tasks.cancel("giveaways")
    starter.tasks.cancel("crew")
    await until(lambda: other.giveaways.crew_bags_now() and other.giveaways.crew_bags_now()[0].may_draw, 30,
                message="the anchor's seat was not let draw the bag of a seat that went")
    assert other.giveaways.crew_bags_now()[0].starter_gone
    first, second = await asyncio.gather(other.giveaways.take_over(commitment), other.giveaways.take_over(commitment))
    assert first.ok and second.ok and first.bag.local_id == second.bag.local_id   # a double press: one
    taken = first.bag
    assert taken.state == OPEN and taken.started_by == NAMES["assistant"] and taken.seed == started.bag.seed
    assert [b.local_id for b in other.giveaways.bags() if b.commitment == commitment] == [taken.local_id]
    assert other.giveaways.crew_bags_now() == []   # it is this seat's now

    # Drawn from the anchor's seat while the assistant's, back that moment, draws it too: one draw.
    drawn, again = await asyncio.gather(other.giveaways.draw(taken.local_id),
                                        starter.giveaways.draw(started.bag.local_id))
    assert drawn.state == DRAWN and drawn.verified and again.state == DRAWN and again.verified
    assert drawn.winners == again.winners and len(drawn.winners) == 2
    assert drawn.announcement_comment_id == again.announcement_comment_id
    ids = sorted(e.user_id for e in drawn.entrants)
    assert ids == sorted(entrants)
    assert draw.verify(commitment, drawn.seed, ids, 2, [w.user_id for w in drawn.winners])
    with studio.client("anchor") as c:
        bags = c.get(f"/api/v1/rooms/{studio.room_id}/lucky-bags").json()["items"]
        comments = c.get(f"/api/v1/rooms/{studio.room_id}/comments", params={"limit": 200}).json()["items"]
    assert [b["state"] for b in bags] == ["drawn"]
    assert len([m for m in comments if m["is_staff"] and "开奖" in m["text"]]) == 1


@pytest.mark.asyncio
async def test_a_seed_the_crew_cannot_keep_starts_no_bag(session_factory, studio_factory, tmp_path):
    studio = studio_factory("--demo", "--audience", "0")
    crew = await crew_of_three(studio, session_factory, tmp_path)
    starter = crew["assistant"]
    link = starter.crew.link
    keep = link.keep_seed

    async def away(*args, **kw):
        raise Unavailable("test: the crew channel is away")

    link.keep_seed = away
    refused = await starter.giveaways.start_lucky_bag(SETUP)
    assert not refused.ok and "could not be shared with the other crew seats" in refused.reason.english()
    assert refused.bag.state == FAILED and not refused.bag.shared
    assert await starter.giveaways.past_bags() == []   # nothing went out
    assert not any(e.kind == "start_lucky_bag" for e in starter.journal.entries(limit=50))

    link.keep_seed = keep
    again = await starter.giveaways.start_lucky_bag(SETUP)   # pressed again: a new bag, its seed kept first
    assert again.ok and again.bag.shared and again.bag.commitment != refused.bag.commitment
    assert [b.commitment for b in await starter.giveaways.past_bags()] == [again.bag.commitment]


@pytest.mark.asyncio
async def test_a_room_without_a_crew_channel_keeps_todays_behaviour(session_factory, studio_factory):
    """No crew channel (the platform has none): the bag starts with its seed on this computer only,
    nothing is listed as another seat's, and the desk says who can draw."""
    studio = studio_factory("--demo", "--audience", "0")
    from support.studio import studio_settings
    session = await session_factory(studio_settings(studio), token=studio.tokens["assistant"])
    session.crew.set_room(None)   # as on a platform without a crew API: no link
    assert not session.giveaways.crew_bags.has_crew()
    started = await session.giveaways.start_lucky_bag(SETUP)
    assert started.ok and not started.bag.shared
    assert session.giveaways.crew_bags_now() == []
    assert "Only this computer can draw" in crew_bags.NO_CREW.english()
    assert seed_answer(studio, studio.headers("anchor"), started.bag.commitment) == 404
    drawn = await session.giveaways.draw(started.bag.local_id)
    assert drawn.state == DRAWN and drawn.verified


@pytest.mark.asyncio
async def test_a_seat_that_joins_later_draws_a_bag_its_hung_starter_left_undrawn(session_factory, studio_factory,
                                                                                 tmp_path, monkeypatch):
    """The starter's seat is still on the room but its desk hangs past the end of entry: a seat that
    joined after the bag started (it learns of it from Studio's lists, not from events it saw) may
    draw it once entry closed STARTER_LATE_S ago, and draws it at once — the committed seed's winners."""
    from support.studio import staff_token, studio_settings

    monkeypatch.setattr(crew_bags, "STARTER_LATE_S", 0.0)
    studio = studio_factory("--demo", "--audience", "0")
    settings = studio_settings(studio)
    settings.operator_name = ""
    starter = await session_factory(settings, token=staff_token(studio, "李场控", "assistant"), home=tmp_path / "a")
    started = await starter.giveaways.start_lucky_bag(SETUP)
    assert started.ok and started.bag.shared
    entrants = viewers_comment(studio, "666", 3, prefix="迟到观众")
    starter.tasks.cancel("giveaways")   # hangs: its seat stays on the room, its desk draws nothing

    settings = studio_settings(studio)
    settings.operator_name = ""
    late = await session_factory(settings, token=staff_token(studio, "王主播", "anchor"), home=tmp_path / "b")
    await until(lambda: late.crew.active and [b.commitment for b in late.giveaways.crew_bags_now()]
                == [started.bag.commitment], 15, message="the seat that joined later does not list the bag")
    seen = late.giveaways.crew_bags_now()[0]   # entry still open: drawn here only if its seat is gone
    assert seen.may_draw == seen.starter_gone   # (a heavily loaded machine may starve its heartbeats)
    platform, room_id = late.room.primary.platform, late.room.primary.room_id
    await platform.close_lucky_bag(room_id, started.bag.bag_id, key="test-close")   # entry closes
    await until(lambda: late.giveaways.crew_bags_now() and late.giveaways.crew_bags_now()[0].may_draw, 15,
                message="the late starter's bag was not offered")
    taken = await late.giveaways.take_over(started.bag.commitment)
    assert taken.ok and taken.bag.state == DRAWN and taken.bag.verified
    assert sorted(e.user_id for e in taken.bag.entrants) == sorted(entrants)
    assert draw.verify(started.bag.commitment, started.bag.seed, sorted(entrants), 2,
                       [w.user_id for w in taken.bag.winners])


def test_a_giveaways_file_of_an_older_console_gains_the_crew_columns(tmp_path):
    """A file written before bags were shared with the crew opens; its bags read as not shared, and a
    bag kept now remembers that it was shared and whose seat it was taken over from."""
    import sqlite3

    from anchor_console.session.giveaway_store import GiveawayStore, KeptBag

    path = tmp_path / "giveaways.sqlite"
    old = sqlite3.connect(path)
    old.executescript("""CREATE TABLE lucky_bags(
      local_id TEXT PRIMARY KEY, action_key TEXT NOT NULL UNIQUE, room_key TEXT NOT NULL, connection_id TEXT NOT NULL,
      setup TEXT NOT NULL, seed TEXT NOT NULL, commitment TEXT NOT NULL, state TEXT NOT NULL, created_at REAL NOT NULL,
      bag_id TEXT, due_at REAL, entrant_count INTEGER NOT NULL DEFAULT 0, entrants TEXT, winners TEXT,
      verified INTEGER, drawn_at REAL, announcement_comment_id TEXT);""")
    seed = draw.new_seed()
    old.execute("INSERT INTO lucky_bags(local_id, action_key, room_key, connection_id, setup, seed, commitment, state, "
                "created_at) VALUES ('a', 'k', 'r', 'c', ?, ?, ?, 'open', 1)",
                ('{"prize": "杯", "winners": 1, "rule": "follow"}', seed, draw.commitment(seed)))
    old.commit()
    old.close()
    store = GiveawayStore(path)
    try:
        kept = store.get("a")
        assert kept.state == OPEN and not kept.shared and kept.started_by == ""
        store.save(replace(kept, shared=True))
        assert store.get("a").shared
        taken = store.add(KeptBag("b", "lucky-bag-taken:x", "r", "c", kept.setup, seed, kept.commitment,
                                  started_by="李场控"))
        assert taken.started_by == "李场控" and store.get("b").started_by == "李场控"
    finally:
        store.close()
