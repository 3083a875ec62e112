"""The giveaways desk against a real Studio: a keyword lucky bag from set-up to a verified draw
(seed kept before the start, commitment only on the wire, the live entrant count, the keyword
exempt from the flood rules while open, the pinned announcement, winners exported and read back,
any past draw re-checked); a console killed between the commitment and the reveal — or in the
middle of the draw — comes back to the same winners, drawn once; red packets go out exactly once,
and a bag or a packet pressed again after no answer is that one sent again; a platform without
lucky bags says why."""

from __future__ import annotations

import asyncio
import csv
import json

import httpx
import pytest
import pytest_asyncio
from openpyxl import load_workbook

from anchor_console.domain import draw
from anchor_console.domain.clock import ManualClock
from anchor_console.domain.giveaways import EntryRule, LuckyBagSetup, RedPacketSpec, Split
from anchor_console.platforms.errors import OutcomeUnknown
from anchor_console.platforms.studio import StudioPlatform
from anchor_console.platforms.transport import Endpoint
from anchor_console.room.journal import UNKNOWN, ActionJournal
from anchor_console.room.live_room import Binding, LiveRoom
from anchor_console.session.giveaway_store import DRAWN, OPEN, GiveawayStore
from anchor_console.session.giveaways import Giveaways
from support.waiting import until

SETUP = LuckyBagSetup(prize="保温杯", winners=3, rule=EntryRule.KEYWORD, keyword="666", countdown_s=120)


class Console:
    """The parts of a console the desk needs, on files that outlive it (a crash drops this object
    without closing anything; the next one opens the same files)."""

    def __init__(self, studio, folder, clock, http, *, profile: str = "studio", notices=None) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.platform = StudioPlatform("test-studio", Endpoint(studio.url, studio.tokens["assistant"]), http,
                                       profile=profile)
        self.journal = ActionJournal(folder / "journal.sqlite", clock, console_id="console-1")
        self.room = LiveRoom(f"test-studio:{studio.room_id}", [Binding(self.platform, str(studio.room_id))],
                             self.journal, actor="测试员")
        self.keywords: list[frozenset] = []
        self.desk = Giveaways(GiveawayStore(folder / "giveaways.sqlite"), clock, lambda: self.room,
                              actor=lambda: "测试员", exempt_keywords=self.keywords.append, notices=notices)
        self.desk.set_room(self.room)


@pytest_asyncio.fixture
async def http():
    async with httpx.AsyncClient() as client:
        yield client


def viewers_comment(studio, text: str, n: int, prefix: str = "观众") -> list[str]:
    ids = []
    for i in range(n):
        v = httpx.post(f"{studio.url}/api/v1/viewers", json={"nickname": f"{prefix}{i}"}).json()
        r = httpx.post(f"{studio.url}/api/v1/rooms/{studio.room_id}/comments", json={"text": text},
                       headers={"Authorization": f"Bearer {v['token']}"})
        assert r.status_code == 201, r.text
        ids.append(f"v{v['viewer_id']}")
    return ids


def staff_comments(studio) -> list[dict]:
    with studio.client("anchor") as c:
        items = c.get(f"/api/v1/rooms/{studio.room_id}/comments", params={"limit": 500}).json()["items"]
    return [c for c in items if c["is_staff"]]


@pytest.mark.asyncio
async def test_a_keyword_lucky_bag_is_drawn_verified_announced_and_exported(studio_factory, tmp_path, http):
    studio = studio_factory("--demo", "--audience", "0")
    clock = ManualClock()
    console = Console(studio, tmp_path, clock, http)
    desk = console.desk
    follow = asyncio.create_task(console.room.follow())
    try:
        started = await desk.start_lucky_bag(SETUP)
        assert started.ok, started.reason
        bag = started.bag
        assert bag.state == OPEN and bag.revealed_seed is None
        kept = desk.store.get(bag.local_id)
        assert kept.seed and draw.commitment(kept.seed) == bag.commitment
        entry = console.journal.entries()[0]
        assert entry.kind == "start_lucky_bag" and kept.seed not in json.dumps(entry.params)
        assert console.keywords[-1] == frozenset({"666"})
        on_platform = await console.platform.lucky_bag(str(studio.room_id), bag.bag_id)
        assert on_platform.commitment == bag.commitment and on_platform.seed is None

        entrants = viewers_comment(studio, "666", 7)
        await until(lambda: desk.bags()[0].entrant_count == 7, 15, message="the live count did not follow")
        await desk.tick()
        assert desk.bags()[0].state == OPEN                 # the countdown has not ended
        clock.advance(SETUP.countdown_s)
        await desk.tick()
        drawn = desk.bags()[0]
        assert drawn.state == DRAWN and drawn.verified is True and console.keywords[-1] == frozenset()
        assert [w.user_id for w in drawn.winners] == draw.draw_winners(kept.seed, entrants, 3)
        assert sorted(e.user_id for e in drawn.entrants) == sorted(entrants)
        announcement = [c for c in staff_comments(studio) if "保温杯" in c["text"]]
        assert len(announcement) == 1 and announcement[0]["pinned"]
        assert str(announcement[0]["id"]) == drawn.announcement_comment_id

        check = await desk.recheck(drawn.bag_id)
        assert check.ok and len(check.winners) == 3 and check.entrants == 7
        past = await desk.past_bags()
        assert [b.id for b in past] == [drawn.bag_id] and past[0].seed == kept.seed

        xlsx = desk.export_winners(drawn, tmp_path / "winners.xlsx")
        rows = list(load_workbook(xlsx).active.iter_rows(values_only=True))
        assert rows[0][:3] == ("No.", "User ID", "Nickname")
        assert [r[1] for r in rows[1:]] == [w.user_id for w in drawn.winners] and rows[1][6] == kept.seed
        csv_path = desk.export_winners(drawn, tmp_path / "winners.csv")
        with open(csv_path, encoding="utf-8-sig", newline="") as fh:
            read = list(csv.reader(fh))
        assert [r[2] for r in read[1:]] == [w.nickname for w in drawn.winners]
        with pytest.raises(ValueError):
            desk.export_winners(drawn, tmp_path / "winners.pdf")
    finally:
        follow.cancel()


async def bag_started(studio_factory, tmp_path, http):
    """A quiet demo Studio and a console on it that has just started SETUP's bag:
    (studio, clock, console, the start's result)."""
    studio = studio_factory("--demo", "--audience", "0")
    clock = ManualClock()
    console = Console(studio, tmp_path, clock, http)
    return studio, clock, console, await console.desk.start_lucky_bag(SETUP)


@pytest.mark.asyncio
async def test_a_crash_between_commitment_and_reveal_resumes_to_the_same_winners(studio_factory, tmp_path, http):
    studio, clock, first, started = await bag_started(studio_factory, tmp_path, http)
    seed = first.desk.store.get(started.bag.local_id).seed
    entrants = viewers_comment(studio, "我要666", 5)
    del first                                             # kill -9: nothing closed, nothing flushed by us

    clock.advance(SETUP.countdown_s + 30)
    second = Console(studio, tmp_path, clock, http)
    await second.desk.resume()
    drawn = second.desk.bags()[0]
    assert drawn.state == DRAWN and drawn.verified
    assert [w.user_id for w in drawn.winners] == draw.draw_winners(seed, entrants, 3)
    await second.desk.tick()
    assert [e.kind for e in second.journal.entries()].count("draw_lucky_bag") == 1


@pytest.mark.asyncio
async def test_a_crash_in_the_middle_of_the_draw_never_draws_twice(studio_factory, tmp_path, http):
    studio, clock, first, started = await bag_started(studio_factory, tmp_path, http)
    viewers_comment(studio, "666", 6)
    clock.advance(SETUP.countdown_s)

    def crash(bag):   # the draw went out and was confirmed; the console died before keeping it
        if bag.state == DRAWN:
            raise KeyboardInterrupt("killed")
        return bag
    first.desk.store.save = crash
    with pytest.raises(KeyboardInterrupt):
        await first.desk.tick()
    with studio.client("anchor") as c:
        on_studio = c.get(f"/api/v1/rooms/{studio.room_id}/lucky-bags/{started.bag.bag_id}").json()
    assert on_studio["state"] == "drawn"
    del first

    second = Console(studio, tmp_path, clock, http)
    assert second.desk.bags()[0].state == OPEN            # what the crash left behind
    await second.desk.resume()
    drawn = second.desk.bags()[0]
    assert drawn.state == DRAWN and drawn.verified
    assert [w.user_id for w in drawn.winners] == [w["user_id"] for w in on_studio["winners"]]
    assert len([c for c in staff_comments(studio) if "保温杯" in c["text"]]) == 1
    draws = [e for e in second.journal.entries() if e.kind == "draw_lucky_bag"]
    assert len(draws) == 1 and draws[0].dispatches[0].attempts == 1


@pytest.mark.asyncio
async def test_a_red_packet_goes_out_once_and_a_platform_without_giveaways_says_why(studio_factory, tmp_path, http):
    studio = studio_factory("--demo", "--audience", "0")
    console = Console(studio, tmp_path, ManualClock(), http)
    spec = RedPacketSpec(total_fen=20000, count=50, split=Split.RANDOM, claim_window_s=300)
    sent = await console.desk.send_red_packet(spec, action_key="cue:run:red")
    again = await console.desk.send_red_packet(spec, action_key="cue:run:red")
    assert sent.ok and again.ok and sent.outcome.entry.id == again.outcome.entry.id
    assert sent.outcome.entry.money
    packets = await console.desk.room_red_packets()
    assert len(packets) == 1 and packets[0].spec.total_fen == 20000 and packets[0].claimed_count == 0

    wechat = Console(studio, tmp_path / "wechat", ManualClock(), http, profile="wechat_channels")
    refused = await wechat.desk.start_lucky_bag(SETUP)
    assert not refused.ok and "lucky bags" in refused.reason.english()
    assert wechat.desk.bags() == []   # no seed kept for a bag that cannot start
    refused = await wechat.desk.send_red_packet(spec)
    assert not refused.ok and refused.reason is not None


@pytest.mark.asyncio
async def test_winners_that_do_not_follow_from_the_seed_are_flagged(studio_factory, tmp_path, http):
    """A platform that announced other winners than the seed gives is caught here and said loudly."""
    from dataclasses import replace

    from anchor_console.domain.events import Event

    studio = studio_factory("--demo", "--audience", "0")
    clock, notices = ManualClock(), Event()
    said = []
    notices.connect(said.append)
    console = Console(studio, tmp_path, clock, http, notices=notices)
    honest = console.platform.draw_lucky_bag

    async def dishonest(room_id, bag_id, seed, *, key):
        bag = await honest(room_id, bag_id, seed, key=key)
        return replace(bag, winners=tuple(reversed(bag.winners)))

    console.platform.draw_lucky_bag = dishonest
    await console.desk.start_lucky_bag(SETUP)
    viewers_comment(studio, "666", 4)
    clock.advance(SETUP.countdown_s)
    await console.desk.tick()
    drawn = console.desk.bags()[0]
    assert drawn.state == DRAWN and drawn.verified is False
    assert "do not follow from the revealed seed" in said[0].text.english()


def lose_one_answer(platform, name: str) -> None:
    """The platform applies the first such request, but its answer never comes back."""
    real, lost = getattr(platform, name), []

    async def answer_lost_once(*args, **kw):
        result = await real(*args, **kw)
        if not lost:
            lost.append(result)
            raise OutcomeUnknown("answer lost", platform=platform.display_name)
        return result

    setattr(platform, name, answer_lost_once)


@pytest.mark.asyncio
async def test_pressed_again_after_no_answer_a_bag_or_a_red_packet_goes_out_once(studio_factory, tmp_path, http):
    studio = studio_factory("--demo", "--audience", "0")
    console = Console(studio, tmp_path, ManualClock(), http)
    room_id = str(studio.room_id)
    bags_before = len(await console.platform.list_lucky_bags(room_id))
    lose_one_answer(console.platform, "start_lucky_bag")
    lose_one_answer(console.platform, "send_red_packet")
    first = await console.desk.start_lucky_bag(SETUP)
    assert not first.ok and first.outcome.status == UNKNOWN
    second = await console.desk.start_lucky_bag(SETUP)       # Start pressed again: that bag, not a second
    assert second.ok and second.bag.local_id == first.bag.local_id and len(console.desk.bags()) == 1
    assert len(await console.platform.list_lucky_bags(room_id)) == bags_before + 1
    spec = RedPacketSpec(total_fen=20000, count=50, split=Split.RANDOM, claim_window_s=300)
    sent = await console.desk.send_red_packet(spec)
    assert not sent.ok and sent.outcome.status == UNKNOWN
    again = await console.desk.send_red_packet(spec)          # Send pressed again: that packet, under its key
    assert again.ok and again.outcome.again and again.outcome.entry.id == sent.outcome.entry.id
    assert len(await console.desk.room_red_packets()) == 1


@pytest.mark.asyncio
async def test_a_cue_for_a_bag_clicked_a_moment_ago_without_an_answer_takes_that_bag_over(studio_factory, tmp_path,
                                                                                          http):
    """The operator pressed Start, the answer was lost; the show's cue for the same bag then fired
    with its own key. It takes the clicked bag over (its seed, its journal entry, found under the
    cue's key from then on): one bag on the platform, not two prizes."""
    studio = studio_factory("--demo", "--audience", "0")
    console = Console(studio, tmp_path, ManualClock(), http)
    room_id = str(studio.room_id)
    bags_before = len(await console.platform.list_lucky_bags(room_id))
    lose_one_answer(console.platform, "start_lucky_bag")
    clicked = await console.desk.start_lucky_bag(SETUP)
    assert clicked.outcome.status == UNKNOWN
    cue = await console.desk.start_lucky_bag(SETUP, origin="cue:r:c1", action_key="show:run1:cue:c1")
    assert cue.ok and cue.bag.local_id == clicked.bag.local_id and cue.bag.action_key == "show:run1:cue:c1"
    await console.desk.tick()
    again = await console.desk.start_lucky_bag(SETUP, origin="cue:r:c1", action_key="show:run1:cue:c1")   # a retry
    assert again.bag.local_id == clicked.bag.local_id and len(console.desk.bags()) == 1
    assert len(await console.platform.list_lucky_bags(room_id)) == bags_before + 1


@pytest.mark.asyncio
async def test_a_bag_whose_start_is_answered_after_a_restart_and_is_closed_already_is_drawn_then(studio_factory,
                                                                                                 tmp_path, http):
    """The start's answer was lost and the console went down; Studio closed the bag at the end of
    its countdown. The resumed console learns the bag from the resent start: drawn at once, not
    a whole countdown later (an hour for a long bag) while Studio shows it closed."""
    import time

    studio = studio_factory("--demo", "--audience", "0")
    clock = ManualClock(time.time())
    first = Console(studio, tmp_path, clock, http)
    setup = LuckyBagSetup(prize="杯", winners=1, rule=EntryRule.KEYWORD, keyword="666", countdown_s=5)
    lose_one_answer(first.platform, "start_lucky_bag")
    assert (await first.desk.start_lucky_bag(setup)).outcome.status == UNKNOWN
    viewers_comment(studio, "666", 2)
    del first
    await asyncio.sleep(5.5)   # the console is down; Studio's countdown (real time) ends
    clock.advance(5.5)
    second = Console(studio, tmp_path, clock, http)
    await second.desk.resume()
    bag = second.desk.bags()[0]
    assert bag.due_at is not None and bag.due_at <= clock.now()
    await second.desk.tick()
    assert second.desk.bags()[0].state == DRAWN
