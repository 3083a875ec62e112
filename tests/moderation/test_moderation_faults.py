"""Faults found in review: a wall of text asked as a question, a burst's repeated mutes, undone
false positives that still escalate, a mute or ban lost with a failed delete, and failed deletions
that were neither retried nor shown."""

from __future__ import annotations

import asyncio
import random

from anchor_console.domain.clock import ManualClock
from anchor_console.domain.models import Comment
from anchor_console.moderation.desk import CommentDesk
from anchor_console.moderation.questions import KEY_CHARS, QuestionBoard


def huge_question(seed: int) -> str:
    rng = random.Random(seed)
    return "".join(chr(0x4E00 + rng.randrange(20000)) for _ in range(100_000)) + "吗?"


def make_desk(tmp_path, **kwargs) -> CommentDesk:
    return CommentDesk(clock=kwargs.pop("clock", ManualClock()), sessions_dir=tmp_path / "sessions",
                       word_lists_file=tmp_path / "w.json", spawn=lambda *a, **k: None, actor=lambda: "mod", **kwargs)


def test_the_board_keys_a_huge_question_on_its_first_characters():
    board = QuestionBoard(ManualClock())
    text = huge_question(1)
    group = board.add(text, kind="question", product_id=None, asker="u1")
    assert group is not None and len(group.key) <= KEY_CHARS and len(group.text) <= 60
    assert all(len(g) == 2 for g in group.bigrams) and len(group.bigrams) < KEY_CHARS
    # The same beginning is the same question, however it goes on.
    again = board.add(text[:KEY_CHARS] + "别的内容吗?", kind="question", product_id=None, asker="u2")
    assert again is group and group.count == 2 and all(len(e) <= 60 for e in group.examples)


def test_the_desk_does_not_put_a_comment_hidden_for_its_length_on_the_board(tmp_path):
    desk = make_desk(tmp_path)
    desk._on_comment(Comment("1", "r", "u1", "n", huge_question(2), 0.0, connection_id="c"), True)
    desk._on_comment(Comment("2", "r", "u2", "n", "XL有吗?", 0.0, connection_id="c"), True)
    while desk.process():
        pass
    assert [g.text for g in desk.questions.top()] == ["XL有吗?"]


def run(coro):
    return asyncio.run(coro)
