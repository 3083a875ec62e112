"""What the comment desk keeps in step with what happens to comments (no Studio, no window): a
question deleted, hidden or held after it was counted leaves the question board (the anchor's
screen shows the most asked), held comments a full review queue let go can still be approved or
rejected, and on a crew room the rules' holds are claimed as fast as a wave brings them — a backlog
past its cap is hidden here only and logged, never left out of sight for minutes."""

from __future__ import annotations

import asyncio
import dataclasses

import pytest

from anchor_console.domain.clock import ManualClock
from anchor_console.domain.models import Comment
from anchor_console.moderation import desk as desk_module
from anchor_console.moderation.desk import CommentDesk, CommentState
from anchor_console.moderation.modlog import FELL_BACK
from anchor_console.moderation.wordlists import Action


def make_desk(tmp_path, clock=None, **kw) -> CommentDesk:
    spawned = []

    def spawn(coro, name=None):
        spawned.append(name)
        coro.close()

    desk = CommentDesk(clock=clock or ManualClock(), sessions_dir=tmp_path / "sessions",
                       word_lists_file=tmp_path / "w.json", spawn=spawn, actor=lambda: "场控", **kw)
    desk.spawned = spawned
    return desk


def say(desk: CommentDesk, comment_id: str, text: str, user: str = "", at: float = 0.0) -> Comment:
    comment = Comment(comment_id, "r", user or f"u{comment_id}", "观众", text, at, connection_id="c")
    desk._on_comment(comment, True)
    return comment


def take_all(desk: CommentDesk) -> None:
    while desk.process():
        pass


# ---------------------------------------------------------------------- the question board

def test_questions_taken_down_leave_the_board_and_the_anchors_screen(tmp_path):
    """Twelve accounts ask the same insulting "question" (on no list); moderators delete every one
    on the platform. The anchor's presenter view kept showing it as the most asked."""
    desk = make_desk(tmp_path)
    trolls = [say(desk, f"t{i}", "主播你脑子有病吗?", user=f"troll{i}") for i in range(12)]
    say(desk, "b", "XL有吗?", user="buyer")
    take_all(desk)
    assert desk.questions.for_presenter(6)[0].count == 12
    told = []
    desk.questions_changed.connect(lambda: told.append(1))
    for comment in trolls[:10]:   # deleted on the platform (this seat, another seat, the platform)
        desk._on_comment(dataclasses.replace(comment, deleted=True), False)
    take_all(desk)
    assert [(g.text, g.count) for g in desk.questions.for_presenter(6)] == [("主播你脑子有病吗?", 2), ("XL有吗?", 1)]
    desk._on_comment(dataclasses.replace(trolls[10], hidden=True), False)   # hidden on the platform
    desk.hidden_here(trolls[11])                                           # hidden in this console
    take_all(desk)
    assert [(g.text, g.count) for g in desk.questions.for_presenter(6)] == [("XL有吗?", 1)]
    assert told and len(desk.questions) == 1


def test_a_question_a_moderator_deletes_or_a_crew_seat_holds_leaves_the_board(tmp_path):
    from anchor_console.room.journal import ActionJournal
    from anchor_console.room.live_room import Binding, LiveRoom
    from room.fake_platform import FakePlatform

    journal = ActionJournal(tmp_path / "journal.sqlite", ManualClock(), console_id="c")
    room = LiveRoom("studio:1", [Binding(FakePlatform("studio"), "1")], journal, actor="me")
    desk = make_desk(tmp_path)
    desk.set_room(room)
    asked = [Comment(str(i), room.primary.room_id, f"u{i}", "观众", "这件有黑色吗", 0.0, connection_id="studio")
             for i in range(3)]
    for comment in asked:
        room.comments.emit(comment, True)
    take_all(desk)
    (group,) = desk.questions.top()
    assert group.count == 3
    desk.perform(desk.by_id[("studio", "0")], Action.DELETE)   # D on the feed's row
    assert group.count == 2
    desk.set_state(asked[1], CommentState.HELD)                # held after it was shown
    assert group.count == 1
    desk.set_state(asked[2], CommentState.SHOWN)               # nothing taken down: still asked
    assert group.count == 1 and desk.questions.top() == [group]
    desk.close()
    journal.close()


# ---------------------------------------------------------------------- held past the review queue

def test_held_comments_a_full_review_queue_let_go_are_still_approved_or_rejected(tmp_path):
    """A flood of held comments overflows the review queue: those that fell off stay held (out of
    the feed, listed under its Held filter) and Approve / Reject on them did nothing."""
    desk = make_desk(tmp_path)
    desk.review.limit = 5
    for i in range(8):   # "去某宝" (competitors list): held for review
        say(desk, str(i), f"去某宝搜 {i}号")
    take_all(desk)
    held = desk.set_filter("held")
    assert len(held) == 8 and len(desk.review) == 5 and desk.review.left_unlisted == 3
    desk.set_filter("all")
    shown = []
    desk.batch_ready.connect(shown.extend)
    oldest, second, third = held[:3]
    assert oldest.comment.id not in desk.review

    desk.approve(oldest.comment.id, oldest)         # A on the Held filter's row
    assert oldest.state is CommentState.APPROVED and shown == [oldest] and desk.review.left_unlisted == 2
    assert desk.modlog.recent(1)[0].action is Action.SHOW
    desk.reject(second.comment.id, second)
    assert second.state is CommentState.DELETING and desk.spawned[-1] == "reject"
    assert desk.review.left_unlisted == 1
    desk.approve(third.comment.id)                  # by id alone: found among the recent comments
    assert third.state is CommentState.APPROVED and desk.review.left_unlisted == 0
    desk.reject(oldest.comment.id, oldest)          # decided already: nothing more
    assert oldest.state is CommentState.APPROVED and desk.spawned.count("reject") == 1
    assert len(desk.review) == 5                    # the queue's own are untouched


@pytest.mark.asyncio
async def test_a_hold_not_yet_claimed_is_not_decided_before_its_claim(tmp_path):
    """Held, but this seat's claim on it is still on its way to Studio (another seat may hold it):
    not approved or rejected here meanwhile."""
    desk = make_desk(tmp_path, sleep=lambda _s: asyncio.sleep(0))
    tasks = []
    desk.spawn = lambda coro, name=None: tasks.append(asyncio.ensure_future(coro)) or tasks[-1]
    answer = asyncio.Event()

    async def claim(comments):
        await answer.wait()
        return {c.id for c in comments}

    desk.claim_holds = claim
    say(desk, "1", "去某宝搜 1号")
    take_all(desk)
    (record,) = desk.recent
    assert record.state is CommentState.HELD and record.claiming
    desk.approve("1", record)
    desk.reject("1", record)
    assert record.state is CommentState.HELD and not desk.modlog.recent(5)
    answer.set()
    await asyncio.gather(*tasks)
    assert "1" in desk.review
    desk.approve("1", record)
    assert record.state is CommentState.APPROVED


# ---------------------------------------------------------------------- a crew seat's claims

async def _wave(tmp_path, per_s: int, seconds: int, answer):
    """`per_s` held comments a second for `seconds` on a crew room whose claims `answer`, in steps of
    0.1 s of the test's clock. Returns the desk, the sizes of the claim requests made, and how many
    comments came."""
    clock = ManualClock()

    async def sleep(s):   # the desk's waits end when the test's clock has moved on
        until = clock.monotonic() + s - 1e-9
        while clock.monotonic() < until:
            await asyncio.sleep(0)

    tasks = []
    desk = make_desk(tmp_path, clock=clock, sleep=sleep)
    desk.spawn = lambda coro, name=None: tasks.append(asyncio.ensure_future(coro)) or tasks[-1]
    desk.review.limit = 100_000
    requests = []

    async def claim(comments):
        requests.append(len(comments))
        return await answer(comments)

    desk.claim_holds = claim
    n = 0
    for _step in range(seconds * 10):
        for _ in range(per_s // 10):
            n += 1
            say(desk, str(n), f"去某宝搜 {n}", at=clock.now())
        take_all(desk)
        for _ in range(5):
            await asyncio.sleep(0)
        clock.advance(0.1)
    for _ in range(5):
        await asyncio.sleep(0)
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    return desk, requests, n


@pytest.mark.asyncio
async def test_a_wave_of_held_comments_is_claimed_as_fast_as_it_comes(tmp_path):
    """500 held comments a second on a crew room: claimed at most 100 per half second (200/s), the
    backlog grew without end and a held comment waited ever longer, out of the feed and not in
    review. While a full batch waits the next request goes after a short gap."""
    async def granted(comments):
        return {c.id for c in comments}

    desk, requests, arrived = await _wave(tmp_path, 500, 30, granted)
    waiting = len(desk._holds_to_claim)
    assert len(desk.review) + waiting == arrived == 15_000
    assert waiting < 500                                   # was 9,000 after 30 s
    assert len(requests) <= 30 * 10 and max(requests) <= desk_module.HOLD_BATCH   # ten requests a second at most


@pytest.mark.asyncio
async def test_holds_waiting_past_the_cap_are_hidden_here_and_logged(tmp_path, monkeypatch):
    """Studio cannot keep up (its answers are slow): at most HOLDS_WAITING wait for a claim; the
    oldest beyond are hidden here only, as the action queue does with deletions, and the mod log says so."""
    monkeypatch.setattr(desk_module, "HOLDS_WAITING", 150)
    never = asyncio.Event()

    async def unanswered(comments):
        await never.wait()
        return set()

    desk, requests, arrived = await _wave(tmp_path, 500, 2, unanswered)
    assert requests == [100]                               # the first claim never came back
    assert len(desk._holds_to_claim) == 150
    hidden = [r for r in desk.recent if r.state is CommentState.HIDDEN]
    assert len(hidden) == arrived - 100 - 150 and not any(r.claiming for r in hidden)
    entry = desk.modlog.recent(1)[0]
    assert entry.result == FELL_BACK and "too many held at once" in entry.detail.english()
    assert len([e for e in desk.modlog.recent(10_000) if e.result == FELL_BACK]) == len(hidden)
