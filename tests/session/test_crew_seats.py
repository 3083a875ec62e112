"""Crew seats in sync: three headless sessions (anchor, assistant, moderator, each with their own
staff token, the assistant's console also pressed through its control API) on one real Studio
room — presence with names from the tokens and a dropped seat
shown as gone; every seat's actions in every seat's journal view once, with the right names, a money
action seen in flight; role permissions; team word lists applied live; the auto-moderation lease
moving on when its seat is cut off, with no comment acted on twice; a follower's view of the
caller's 10× rehearsal within 1 s of the caller; GO from a follower asked of the caller, or refused."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import time
from collections import Counter

import httpx
import pytest

from anchor_console.domain.text import QT_TRANSLATE_NOOP
from anchor_console.moderation.desk import CommentState, RulesMode
from anchor_console.moderation.wordlists import lists_to_dict
from anchor_console.room.commands import IssueCoupon, PostComment
from anchor_console.room.journal import CONFIRMED
from anchor_console.session.show_follow import SEGMENTS_EVERY_S
from anchor_console.show.model import AnchorMessage, Cue, CueMode, Segment, Show, Trigger
from anchor_console.show.timeline_types import CueState, RunPhase, SegmentState, TimingStatus
from support.studio import staff_token, studio_settings
from support.viewers import post
from support.waiting import until

NAMES = {"anchor": "王主播", "assistant": "李场控", "moderator": "张房管"}


async def crew_of_three(studio, session_factory, tmp_path):
    """Sessions signed in with staff tokens of their own (the names come from the tokens)."""
    sessions = {}
    for role, name in NAMES.items():
        settings = studio_settings(studio)
        settings.operator_name = ""
        if role == "assistant":   # the assistant's Stream Deck presses keys through its console
            settings.control_api_enabled, settings.control_api_port = True, 0
        sessions[role] = await session_factory(settings, token=staff_token(studio, name, role), home=tmp_path / role)
    await until(lambda: all(len([p for p in s.crew.seats() if not p.gone]) == 3 for s in sessions.values()), 30,
                message="the seats did not all see each other")
    return sessions


@pytest.mark.asyncio
async def test_presence_shared_log_and_roles(session_factory, studio_factory, tmp_path):
    studio = studio_factory("--demo", "--audience", "0")
    crew = await crew_of_three(studio, session_factory, tmp_path)
    anchor, assistant, moderator = crew["anchor"], crew["assistant"], crew["moderator"]

    # Presence: who, with which role, from which machine, since when.
    seen = {p.info.staff_name: p.info for p in anchor.crew.seats()}
    assert set(seen) == set(NAMES.values())
    assert {seen[name].role for name in NAMES.values()} == set(NAMES)
    assert all(info.machine and info.joined_at <= info.last_seen for info in seen.values())

    # Roles: what a role may not do is known before the click, with the reason.
    assert moderator.may("issue_coupon")[0] is False and moderator.may("issue_coupon")[1] is not None
    assert moderator.may("delete_comment") == (True, None)
    assert anchor.may("edit_team_word_lists") == (True, None)
    assert assistant.may("edit_team_word_lists")[0] is False

    # The shared log: an action from each seat shows in every seat's journal view once, with the name.
    money_seen = []
    anchor.crew.log_added.connect(lambda e: money_seen.append(e) if e.money else None)
    texts = {role: f"来自{name}的消息" for role, name in NAMES.items()}
    for role, session in crew.items():
        outcome = await session.room.perform(PostComment(texts[role]), actor=session.operator)
        assert outcome.ok
    coupon = await assistant.room.perform(IssueCoupon("2", 10, 30), actor=assistant.operator)
    assert coupon.ok

    def posts(session):
        return [r for r in session.crew.journal_view() if r.kind == "post_comment"]

    for session in crew.values():
        await until(lambda: len(posts(session)) == 3 and all(r.state == CONFIRMED for r in posts(session)), 10,
                    message="not every seat's action reached every journal")
        rows = posts(session)
        by_text = Counter(r.params["text"] for r in rows)
        assert by_text == Counter(texts.values())   # each once
        for role, text in texts.items():
            (row,) = [r for r in rows if r.params["text"] == text]
            assert row.staff_name == NAMES[role]
            assert row.ours == (session is crew[role])
            assert row.seat_id == crew[role].settings.console_id
    # A key pressed on the assistant's Stream Deck (the control API) is the assistant's action too.
    api = assistant.control_api
    assert api.running, api.problem
    async with httpx.AsyncClient(base_url=api.url, headers={"Authorization": f"Bearer {api.token()}"}) as deck:
        pressed = await deck.post("/api/v1/commands/stage", json={"n": 2})
    assert pressed.status_code == 200 and pressed.json()["status"] == "confirmed", pressed.text
    for session in crew.values():
        await until(lambda: [r.state for r in session.crew.journal_view() if r.kind == "put_on_stage"] == [CONFIRMED],
                    10, message="the key pressed through the control API did not reach every journal once")
        (row,) = [r for r in session.crew.journal_view() if r.kind == "put_on_stage"]
        assert row.staff_name == NAMES["assistant"] and row.ours == (session is assistant)

    # The coupon (money) was shown in flight on the other seats, then settled.
    await until(lambda: any(e.state == CONFIRMED for e in money_seen), 10)
    assert money_seen[0].state == "pending" and money_seen[0].staff_name == NAMES["assistant"]
    assert not anchor.crew.in_flight_money()

    # Team word lists: the anchor edits, the other seats apply them live.
    lists = anchor.desk.lists
    lists.group("diversion").words.append("团队新词")
    lists.group("diversion").words.extend(f"导流词{n:05d}" for n in range(5000))   # more than 64 KB shared
    lists.changed()
    assert await anchor.crew.moderation.publish_word_lists()
    await until(lambda: "团队新词" in moderator.desk.lists.group("diversion").words
                and "团队新词" in assistant.desk.lists.group("diversion").words, 10,
                message="the team's word lists did not reach every seat")
    async with httpx.AsyncClient(base_url=studio.url, headers=studio.headers("assistant")) as c:
        refused = await c.put("/api/v1/word-lists", json={"lists": lists_to_dict(lists)})
    assert refused.status_code == 403
    await team_lists_stay_off_the_seats_own_file(moderator)

    # A seat that drops out (no goodbye: its heartbeats just stop) is shown as gone.
    moderator.tasks.cancel("crew")
    for session in (anchor, assistant):
        await until(lambda: any(p.gone and p.info.staff_name == NAMES["moderator"] for p in session.crew.seats()),
                    20, message="the silent seat was not shown as gone")


async def team_lists_stay_off_the_seats_own_file(seat) -> None:
    """The team's lists are not written over a seat's own file, even when edited here; they are this
    computer's again off the room."""
    desk = seat.desk
    own_file = desk.word_lists_file.read_text() if desk.word_lists_file.exists() else None
    assert desk.team_lists
    await desk.list_edits.changed()   # an edit while the team's lists are in force
    assert (desk.word_lists_file.read_text() if desk.word_lists_file.exists() else None) == own_file
    seat.crew.moderation.attached(None)
    assert not desk.team_lists and "团队新词" not in desk.lists.group("diversion").words


async def a_late_seat_has_the_segments_at_once(studio, session_factory, home) -> None:
    """A seat that joins between two sends of the caller's segment list has it at once (Studio keeps
    the last one sent), not up to SEGMENTS_EVERY_S later."""
    settings = studio_settings(studio)
    settings.operator_name = ""
    late = await session_factory(settings, token=staff_token(studio, "晚到的场控", "moderator"), home=home)
    joined = time.monotonic()
    await until(lambda: late.crew.show.view() is not None and len(late.crew.show.view().segments) == 3, 5,
                message="a seat that joined late has no segments")
    assert time.monotonic() - joined < SEGMENTS_EVERY_S / 2


def deletes_per_comment(studio) -> Counter:
    """From Studio's own event log: how often each comment was deleted."""
    db = sqlite3.connect(f"file:{studio.db_path}?mode=ro", uri=True)
    try:
        rows = db.execute("SELECT data FROM events WHERE type = 'comment.updated'").fetchall()
    finally:
        db.close()
    counts = Counter()
    for (data,) in rows:
        comment = json.loads(data)["comment"]
        if comment.get("deleted"):
            counts[str(comment["id"])] += 1
    return counts


@pytest.mark.asyncio
async def test_moderation_lease_moves_on_without_acting_twice(session_factory, studio_factory, tmp_path):
    studio = studio_factory("--demo", "--audience", "0")
    crew = await crew_of_three(studio, session_factory, tmp_path)
    await until(lambda: sum(s.crew.moderation.holds for s in crew.values()) == 1, 15,
                message="no seat took the moderation lease")
    (holder,) = [s for s in crew.values() if s.crew.moderation.holds]
    others = [s for s in crew.values() if s is not holder]
    assert all(not s.desk.acting_seat for s in others)

    first = [await post(studio, f"加 薇❤信 abc_1234{i} 便宜", nickname=f"引流号{i}") for i in range(4)]
    ids = [str(v["comment"]["id"]) for v in first]
    await until(lambda: all(deletes_per_comment(studio)[i] == 1 for i in ids), 20, message="the holder did not act")

    # The holder is cut off: its heartbeats and lease renewals stop, but its desk still thinks it acts.
    holder.tasks.cancel("crew")
    await until(lambda: sum(s.crew.moderation.holds for s in others) == 1, 20,
                message="the lease did not move on")
    (new_holder,) = [s for s in others if s.crew.moderation.holds]
    second = [await post(studio, f"加 薇❤信 xyz_9876{i} 来", nickname=f"新引流号{i}") for i in range(4)]
    ids2 = [str(v["comment"]["id"]) for v in second]
    await until(lambda: all(deletes_per_comment(studio)[i] == 1 for i in ids2), 20,
                message="the new holder did not act")
    await until(lambda: all(any(e.kind == "delete_comment" and e.params.get("comment_id") == i
                                for e in new_holder.journal.entries(limit=100)) for i in ids2), 10)
    # Settle, then count: Studio deleted each comment once, and no seat even tried a second time.
    await until(lambda: all(len(s.desk.queue) == 0 and s.desk.queue.in_flight == 0 for s in crew.values()), 10)
    counts = deletes_per_comment(studio)
    assert all(counts[i] == 1 for i in ids + ids2), counts
    tries = Counter(e.params["comment_id"] for s in crew.values() for e in s.journal.entries(limit=500)
                    if e.kind == "delete_comment")
    assert all(tries[i] == 1 for i in ids + ids2), tries


@pytest.mark.asyncio
async def test_a_seat_that_takes_the_lease_over_holds_only_what_nobody_held(session_factory, studio_factory,
                                                                            tmp_path):
    """Seat A holds the lease and holds a comment for review, and A's reviewer approves it; A falls
    silent and seat B takes the lease over. B's catch-up used to hold that comment again (its own
    copy was shown, with the rules' mark): B's review queue filled with what A had dealt with, and the
    approved comment left B's feed. Now each hold is claimed on Studio like a deletion: B holds only
    the comment nobody held (one said while A was cut off)."""
    studio = studio_factory("--demo", "--audience", "0")
    seats = {}
    for role, name in (("moderator", "张房管"), ("assistant", "李场控")):   # A first: A gets the lease
        settings = studio_settings(studio)
        settings.operator_name = ""
        seats[role] = await session_factory(settings, token=staff_token(studio, name, role), home=tmp_path / role)
        if role == "moderator":
            await until(lambda: seats["moderator"].crew.moderation.holds, 15, message="A did not take the lease")
    a, b = seats["moderator"], seats["assistant"]
    await until(lambda: a.crew.moderation.holds and not b.crew.moderation.holds and not b.desk.awaiting_lease, 15)

    held_by_a = str((await post(studio, "拼多多更便宜", nickname="比价甲"))["comment"]["id"])
    await until(lambda: held_by_a in a.desk.review, 15, message="A did not hold the comment")
    await until(lambda: record_of(b.desk, "拼多多更便宜") is not None, 15)
    a.desk.approve(held_by_a)   # A's reviewer: it is fine
    assert record_of(a.desk, "拼多多更便宜").state is CommentState.APPROVED
    assert record_of(b.desk, "拼多多更便宜").state is CommentState.SHOWN   # B only marks it

    # A is cut off (its rules no longer act either); B waits (marking) until a comment nobody held arrives.
    b.desk.rules_mode = RulesMode.MARK
    a.tasks.cancel("crew")
    a.desk.rules_mode = RulesMode.MARK
    await post(studio, "京东更便宜", nickname="比价乙")
    await until(lambda: record_of(b.desk, "京东更便宜") is not None and record_of(a.desk, "京东更便宜") is not None, 15)
    assert len(b.desk.review) == 0
    b.desk.rules_mode = RulesMode.ACT
    await until(lambda: b.crew.moderation.holds, 20, message="the lease did not move on to B")
    left_alone = str(record_of(b.desk, "京东更便宜").comment.id)
    await until(lambda: left_alone in b.desk.review, 15, message="B's catch-up did not hold what nobody held")
    assert record_of(b.desk, "京东更便宜").state is CommentState.HELD
    assert held_by_a not in b.desk.review, "B held again what A had held and approved"
    assert record_of(b.desk, "拼多多更便宜").state is CommentState.SHOWN


def record_of(desk, text: str):
    return next((r for r in desk.recent if r.comment.text == text), None)


def rehearsal_show() -> Show:
    go_cue = Cue("cue-go", AnchorMessage("现在说优惠码 GO"), Trigger.at_start(), CueMode.CONFIRM)
    hello = Cue("cue-hello", AnchorMessage("欢迎来到直播间"), Trigger.at_start(), CueMode.AUTO)
    return Show(title="跟随测试", segments=(
        Segment("seg-a", "开场", 600, talking_points="先打招呼", cues=(hello, go_cue)),
        Segment("seg-b", "爆款", 600),
        Segment("seg-c", "收尾", 600)))


@pytest.mark.asyncio
async def test_follower_stays_within_a_second_of_the_caller_and_asks_for_go(session_factory, studio_factory,
                                                                             tmp_path):
    studio = studio_factory("--demo", "--audience", "0")
    crew = await crew_of_three(studio, session_factory, tmp_path)
    caller, follower, presenter = crew["assistant"], crew["moderator"], crew["anchor"]
    caller.show.set_show(rehearsal_show(), None)
    assert caller.show.start(rehearse=True, speed=10)
    await until(lambda: follower.crew.show.view() is not None and presenter.crew.show.view() is not None, 10,
                message="the followers heard nothing of the caller's show")

    def skew(seat) -> float | None:
        snap, view = caller.show.engine.snapshot(), seat.crew.show.view()
        if view is None or snap.current is None or view.segment_id != snap.current.segment_id:
            return None
        return abs(snap.remaining_s - view.remaining_s)

    skews = []
    deadline = time.monotonic() + 3.0
    while time.monotonic() < deadline:   # 30 s of show time at 10×
        skews += [s for s in (skew(follower), skew(presenter)) if s is not None]
        await asyncio.sleep(0.1)   # sampling the two clocks, not waiting for an event
    assert len(skews) >= 10 and max(skews) <= 1.0, skews
    view = presenter.crew.show.view()
    assert view.segment_title == "开场" and view.next_title == "爆款" and view.caller_name == NAMES["assistant"]
    assert "欢迎来到直播间" in view.messages
    assert [cue for cue, _ in view.awaiting] == ["cue-go"]
    assert view.phase is RunPhase.LIVE and view.talking_points == "先打招呼" and view.status is TimingStatus.NORMAL

    # The caller's segment list reaches the followers, the one on air marked.
    def segments(seat) -> list[tuple[str, str, SegmentState]]:
        view = seat.crew.show.view()
        return [(t.segment_id, t.title, t.state) for t in view.segments] if view is not None else []

    await until(lambda: segments(follower) == [("seg-a", "开场", SegmentState.CURRENT),
                                               ("seg-b", "爆款", SegmentState.PENDING),
                                               ("seg-c", "收尾", SegmentState.PENDING)], 10,
                message="the follower has not the caller's segments")
    planned = {t.segment_id: t for t in caller.show.engine.snapshot().segments}
    for t in follower.crew.show.view().segments:
        assert abs(t.planned_start - planned[t.segment_id].planned_start) <= 1
        assert t.duration_s == 600
    assert follower.crew.show.view().segments[0].actual_start is not None
    # While the segments stay as they are, broadcasts carry the list's version only: the follower keeps its list.
    heard: list[dict] = []
    on_event = follower.crew.show.on_event

    def listening(kind, data):
        if kind == "show_state.changed":
            heard.append(data["call"].state)
        on_event(kind, data)

    follower.crew.show.on_event = listening
    await until(lambda: any("segments" not in s and s.get("segments_v") for s in heard), 10,
                message="every broadcast carries the whole segment list")
    assert len(follower.crew.show.view().segments) == 3

    await a_late_seat_has_the_segments_at_once(studio, session_factory, tmp_path / "late")

    # GO pressed on a follower: the caller's seat presses it.
    assert await follower.crew.show.request_go("cue-go") == (True, None)
    await until(lambda: caller.show.engine.cue_state("cue-go").fired, 10, message="the caller did not press GO")
    await until(lambda: "现在说优惠码 GO" in (presenter.crew.show.view().messages or ()), 10)

    # The next segment reaches the followers within a second.
    caller.show.next()
    await until(lambda: follower.crew.show.view().segment_id == "seg-b", 1.5, message="the follower lagged")
    assert skew(follower) is None or skew(follower) <= 1.0
    await until(lambda: [state for _id, _title, state in segments(follower)]
                == [SegmentState.DONE, SegmentState.CURRENT, SegmentState.PENDING], 10,
                message="the follower's segments did not move on with the caller")

    # The caller takes no GO from followers: refused, with the reason.
    caller.crew.show.followers_go = "refuse"
    await until(lambda: follower.crew.show.view().followers_go == "refuse", 10)
    ok, why = await follower.crew.show.request_go("cue-go")
    assert not ok and why is not None
    assert caller.show.engine.cue_state("cue-go") is not CueState.PENDING


def test_a_cue_the_caller_sends_is_translated_on_each_seat_nested_texts_too():
    from anchor_console.domain.text import QT_TRANSLATE_NOOP, text_from_dict, text_to_dict

    when = QT_TRANSLATE_NOOP("Show", "at segment start")
    cue = QT_TRANSLATE_NOOP("Show", "{when}: {what}").fill(when=when, what="福袋")
    back = text_from_dict(json.loads(json.dumps(text_to_dict(cue))))
    assert back == cue and back.args["when"] == when   # not "at segment start" frozen in English


@pytest.mark.asyncio
async def test_followers_stop_following_a_show_the_caller_ended(session_factory, studio_factory, tmp_path):
    """The caller ends its show: the followers hear it and are back on their own show (their countdown
    ran on with the segment as if still live, and their own Start stayed off, for good)."""
    studio = studio_factory("--demo", "--audience", "0")
    crew = await crew_of_three(studio, session_factory, tmp_path)
    caller, followers = crew["assistant"], (crew["moderator"], crew["anchor"])
    caller.show.set_show(rehearsal_show(), None)
    assert caller.show.start(rehearse=True, speed=10)
    await until(lambda: all(f.crew.show.view() is not None for f in followers), 10,
                message="the followers heard nothing of the caller's show")
    heard_end = []
    followers[0].crew.show.followed.connect(heard_end.append)
    caller.show.end()
    await until(lambda: not any(f.crew.show.following for f in followers), 5,
                message="the followers still follow a show that has ended")
    assert all(f.crew.show.view() is None for f in followers) and heard_end[-1] is None
    # The caller's next show is followed again.
    assert caller.show.start(rehearse=True, speed=10)
    await until(lambda: all(f.crew.show.following and f.crew.show.view() is not None for f in followers), 10,
                message="the caller's next show is not followed")
    # Its end is said even if Studio did not take the first word of it: no later snapshot would say it.
    from anchor_console.platforms.errors import Unavailable

    link = caller.crew.link
    real_publish, refused = link.publish_show, []

    async def publish_show(seat_id, state, followers_go):
        if state.get("phase") == "ended" and not refused:
            refused.append(state)
            raise Unavailable()
        return await real_publish(seat_id, state, followers_go)

    link.publish_show = publish_show
    caller.show.end()
    await until(lambda: not any(f.crew.show.following for f in followers), 5,
                message="the followers missed the end of the show when its first broadcast failed")
    assert refused


@pytest.mark.asyncio
async def test_two_seats_starting_the_show_at_once_run_it_once(session_factory, studio_factory, tmp_path):
    """Two seats press Start before either has heard the other (or one comes back from a crash and
    resumes while another runs the show): Studio takes one call, the other seat's run stands down
    before its first step — no cue fires twice — and says why."""
    studio = studio_factory("--demo", "--audience", "0")
    crew = await crew_of_three(studio, session_factory, tmp_path)
    seats = (crew["assistant"], crew["moderator"])
    said = {id(seat): [] for seat in seats}
    for seat in seats:
        seat.notices.connect(said[id(seat)].append)
        seat.show.set_show(rehearsal_show(), None)
    assert all(seat.show.start(rehearse=True, speed=10) for seat in seats)
    await until(lambda: sum(seat.show.running for seat in seats) == 1, 10, message="both seats still run the show")
    [caller] = [seat for seat in seats if seat.show.running]
    [other] = [seat for seat in seats if seat is not caller]
    await until(lambda: caller.show.engine.cue_state("cue-hello") is CueState.SUCCEEDED, 10)
    assert other.show.engine.cue_state("cue-hello") is not CueState.SUCCEEDED   # never stepped
    assert any("Another seat on this room is running the show" in n.text.english() for n in said[id(other)])
    await until(lambda: other.crew.show.following, 10, message="the seat that stood down does not follow")
    caller.show.end()


@pytest.mark.asyncio
async def test_a_seat_that_stands_down_leaves_the_callers_show_as_it_is(session_factory, studio_factory, tmp_path):
    """A seat's Start while another seat calls the show: its run stands down, once, and its end is
    not broadcast — the followers never see the show called by the seat that stood down, nor ended."""
    studio = studio_factory("--demo", "--audience", "0")
    crew = await crew_of_three(studio, session_factory, tmp_path)
    caller, late, watcher = crew["assistant"], crew["moderator"], crew["anchor"]
    calls = []
    watcher.crew.show.followed.connect(lambda view: calls.append(view.caller_seat if view is not None else None))
    caller.show.set_show(rehearsal_show(), None)
    assert caller.show.start(rehearse=True, speed=10)
    await until(lambda: watcher.crew.show.following, 10, message="the watcher does not follow the caller")
    said = []
    late.notices.connect(said.append)
    late.show.set_show(rehearsal_show(), None)
    assert late.show.start(rehearse=True, speed=10)
    await until(lambda: not late.show.running, 10, message="the late seat's run did not stand down")
    before = len(calls)
    await asyncio.sleep(2.5)   # the caller's broadcasts go on (one a second)
    assert set(calls[before:]) == {caller.settings.console_id} and watcher.crew.show.following
    assert sum("Another seat on this room" in n.text.english() for n in said) == 1
    caller.show.end()


@pytest.mark.asyncio
async def test_followers_stop_following_when_the_callers_seat_is_gone(session_factory, studio_factory, tmp_path):
    """The caller's console falls silent mid-show (a crash, its network gone): once its seat is shown as
    gone the followers are back on their own show, not on a countdown nobody runs any more."""
    studio = studio_factory("--demo", "--audience", "0")
    crew = await crew_of_three(studio, session_factory, tmp_path)
    caller, follower = crew["assistant"], crew["moderator"]
    caller.show.set_show(rehearsal_show(), None)
    assert caller.show.start(rehearse=True, speed=10)
    await until(lambda: follower.crew.show.view() is not None, 10, message="the follower heard nothing")
    caller.tasks.cancel("crew")
    await until(lambda: any(p.gone and p.info.staff_name == NAMES["assistant"] for p in follower.crew.seats()), 20,
                message="the silent seat was not shown as gone")
    await until(lambda: not follower.crew.show.following, 2,
                message="the follower still follows the show of a seat that is gone")
    assert follower.crew.show.view() is None


@pytest.mark.asyncio
async def test_a_seat_that_rejoins_while_studio_flickers_stays_on_the_crew(session_factory, studio_factory,
                                                                          tmp_path):
    """Studio lost the seat (a restart) and, rejoining, the list of seats could not be read (Studio
    flickered again): the seat stays on the crew — heartbeats, lease and shared log go on. (It left the
    crew for good, silently: the other seats showed it gone until the room was switched.)"""
    from anchor_console.domain.text import Text
    from anchor_console.platforms.errors import NotFound, Unavailable

    studio = studio_factory("--demo", "--audience", "0")
    settings = studio_settings(studio)
    session = await session_factory(settings, token=staff_token(studio, NAMES["moderator"], "moderator"),
                                    home=tmp_path / "m")
    await until(lambda: session.crew.active and session.crew.moderation.holds, 15, message="the seat did not join")
    link = session.crew.link
    real_heartbeat, real_seats = link.heartbeat, link.seats
    trouble = {"heartbeat": 1, "seats": 1}
    beats = []

    async def heartbeat(seat_id):
        beats.append(seat_id)
        if trouble["heartbeat"]:
            trouble["heartbeat"] -= 1
            raise NotFound(Text("", "seat gone"))
        return await real_heartbeat(seat_id)

    async def seats():
        if not trouble["heartbeat"] and trouble["seats"]:
            trouble["seats"] -= 1
            raise Unavailable()
        return await real_seats()

    link.heartbeat, link.seats = heartbeat, seats
    await until(lambda: not trouble["seats"], 10, message="the trouble did not happen")
    count = len(beats)
    await until(lambda: len(beats) >= count + 2, 10, message="the seat stopped sending heartbeats")
    assert session.crew.active and "crew" in session.tasks.running()


class CrewAwayAtFirst:
    """A room's crew API whose Studio refuses the first `away` joins, then counts the heartbeats."""

    def __init__(self, away: int, refusal=None) -> None:
        self.away, self.joins, self.beats, self.refusal = away, 0, 0, refusal

    def seat(self, seat_id: str, machine: str = "laptop"):
        from anchor_console.platforms.studio_crew import SeatInfo

        return SeatInfo(seat_id, NAMES["moderator"], "moderator", machine, 0.0, 0.0)

    async def join(self, seat_id, machine):
        from anchor_console.platforms.errors import Unavailable

        self.joins += 1
        if self.joins <= self.away:   # Studio out of reach at first, then (with `refusal`) refusing
            raise self.refusal if self.refusal is not None and self.joins > 1 else Unavailable("connection refused")
        return self.seat(seat_id, machine), {"now": 0.0, "may": ["comment.moderate"]}

    async def heartbeat(self, seat_id):
        self.beats += 1
        return {"now": 0.0}

    async def seats(self):
        return [self.seat("seat-1")]

    async def log_entries(self):
        return []

    async def word_lists(self):
        return {}


@pytest.mark.asyncio
@pytest.mark.parametrize("refused", [False, True])
async def test_a_seat_joins_on_its_back_off_and_beats_on_the_sessions_time(tmp_path, refused):
    """Joining again after a refusal, and each heartbeat, waits through the seat's sleep: a test's time.
    Studio out of reach for a moment is not said; a refusal that lasts (a seat taken by another
    account's console: a copied settings folder) is said once, with the platform's words."""
    from anchor_console.domain.clock import ManualClock
    from anchor_console.domain.events import Event
    from anchor_console.platforms.errors import Conflict
    from anchor_console.room.journal import ActionJournal
    from anchor_console.session.seats import HEARTBEAT_S, CrewSeats
    from support.manual_sleep import ManualSleep

    taken = Conflict(QT_TRANSLATE_NOOP("PlatformError", "Another staff member's console holds this seat."))
    sleep, link = ManualSleep(), CrewAwayAtFirst(away=3, refusal=taken if refused else None)
    journal, notices, said = ActionJournal(tmp_path / "journal.sqlite", ManualClock(), console_id="c"), Event("n"), []
    notices.connect(said.append)
    seats = CrewSeats(journal=journal, clock=ManualClock(), seat_id="seat-1", spawn=lambda coro, **_: coro.close(),
                      cancel=lambda _key: None, sleep=sleep, notices=notices)
    run = asyncio.create_task(seats.run(link), name="crew")
    try:
        while seats.me is None and sleep.now < 30:
            await sleep.advance(0.5)
        assert sleep.asked_by("crew") == [0.5, 1.0, 1.5] and link.joins == 4 and sleep.now == 3.0
        assert seats.role == "moderator" and link.beats == 0
        await sleep.advance(HEARTBEAT_S)
        assert link.beats == 1 and sleep.asked_by("crew-heartbeat") == [HEARTBEAT_S, HEARTBEAT_S]
        if refused:
            [notice] = said
            assert "could not join" in notice.text.english() and "holds this seat" in notice.text.english()
        else:
            assert said == []
    finally:
        run.cancel()
        with pytest.raises(asyncio.CancelledError):
            await run
        seats.close()
        journal.close()


@pytest.mark.asyncio
async def test_the_moderation_lease_is_renewed_on_the_sessions_time():
    """The lease's renewal waits through the seat's sleep, as its heartbeats do: a test's time."""
    from types import SimpleNamespace

    from anchor_console.moderation.desk import RulesMode
    from anchor_console.platforms.studio_crew import LeaseInfo
    from anchor_console.session.crew_moderation import LEASE_RENEW_S, CrewModeration
    from support.manual_sleep import ManualSleep

    sleep, asked = ManualSleep(), []

    class Link:
        async def word_lists(self):
            return {"version": 0, "lists": None}

        async def acquire_lease(self, seat_id):
            asked.append(seat_id)
            return LeaseInfo("seat-2", "其他场控", None, granted=False)

    crew = CrewModeration(SimpleNamespace(seat_id="seat-1", sleep=sleep, link=None))
    crew.attach_desk(SimpleNamespace(rules_mode=RulesMode.ACT))
    run = asyncio.create_task(crew.run(Link()), name="lease")
    try:
        await sleep.advance(0)
        assert asked == ["seat-1"] and crew.lease.seat_id == "seat-2" and not crew.holds
        await sleep.advance(3 * LEASE_RENEW_S)
        assert len(asked) == 4 and sleep.asked_by("lease") == [LEASE_RENEW_S] * 4
    finally:
        run.cancel()
        with pytest.raises(asyncio.CancelledError):
            await run
