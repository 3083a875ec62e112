"""The question board when it is full and when questions are taken down: a busy room's 2,000
distinct "N号还有吗" groups do not make every further question a comparison with all of them (the
ui thread stalled), grouping stays what it was, and a question deleted, hidden or held after it was
counted is taken back, so the anchor's screen never shows it as the most asked."""

from __future__ import annotations

import random

from anchor_console.domain.clock import ManualClock
from anchor_console.moderation.questions import QuestionBoard, _bigrams, _specifics, question_key


def _full_board(n: int = 2000) -> tuple[QuestionBoard, random.Random]:
    rng = random.Random(1)
    board = QuestionBoard(ManualClock())
    for i in range(n):
        board.add(f"{rng.randrange(1, 10**5)}号还有吗", kind="question", product_id=None, asker=f"u{i}")
    return board, rng


def test_a_full_board_compares_a_question_with_a_handful_of_groups():
    """_SAME folds 还有吗/有没有/有货吗 into "有吗", so nearly every group shares that bigram: each new
    question was scored against all 2,000 groups (1 ms a question; 500 a second ate 60 % of the
    loop). Groups asking about another number are never candidates now."""
    board, rng = _full_board()
    assert len(board) > 1900
    before = board.compared
    for i in range(500):
        board.add(f"{rng.randrange(1, 10**5)}号有没有", kind="question", product_id=None, asker=f"v{i}")
    assert board.compared - before < 500 * 3   # was about 500 x 2,000
    group = board.add("37号还有吗", kind="question", product_id=None, asker="a")
    assert board.add("37号有没有", kind="question", product_id=None, asker="b") is group
    assert board.add("请问37号还有货吗", kind="question", product_id=None, asker="c") is group
    assert board.add("38号还有吗", kind="question", product_id=None, asker="d") is not group
    assert group.count == 3


def _best_by_scanning_all(board: QuestionBoard, text: str, kind: str):
    """The grouping as it was: every group of the kind and specifics scored on all its bigrams."""
    key = question_key(text)
    grams, specifics = _bigrams(key), _specifics(key)
    scores = []
    for group in board._groups.values():
        if group.kind != kind or group.specifics != specifics:
            continue
        shared = len(grams & group.bigrams)
        scores.append(shared / (len(grams) + len(group.bigrams) - shared))
    return max((s for s in scores if s >= board.threshold), default=None)


def test_the_index_finds_as_alike_a_group_as_scanning_every_group_would():
    """Looking up only a question's rarer bigrams loses no match: whenever some group is alike
    enough, the one chosen is as alike as the best of all groups."""
    rng = random.Random(7)
    words = ["有吗", "还有吗", "多少钱", "能退吗", "包邮吗", "显瘦吗", "起球吗", "什么面料", "几号链接", "怎么买",
             "适合送人吗", "会掉色吗", "有优惠吗", "发什么快递", "能便宜点吗", "是正品吗", "尺码偏大吗"]
    items = ["", "这件", "外套", "裤子", "XL", "S码", "红色", "黑色", "1号", "2号", "连衣裙", "卫衣", "主播身上的"]
    board = QuestionBoard(ManualClock())
    for n in range(3000):
        text = rng.choice(items) + rng.choice(["", "宝宝", "请问"]) + rng.choice(words) + rng.choice(["", "?", "呀"])
        kind = rng.choice(["question", "question", "intent"])
        best = _best_by_scanning_all(board, text, kind)
        exact = board._by_key.get((kind, question_key(text)))
        group = board.add(text, kind=kind, product_id=None, asker=f"u{n}")
        if exact is not None or best is None:
            continue   # the same words again (one group), or nothing alike enough: a new group
        key = question_key(text)
        shared = len(_bigrams(key) & group.bigrams)
        assert shared / (len(_bigrams(key)) + len(group.bigrams) - shared) == best, text


def test_a_question_taken_down_no_longer_counts_and_an_empty_group_goes():
    board = QuestionBoard(ManualClock())
    for i in range(12):
        board.add("主播你脑子有病吗?", kind="question", product_id="p1", asker=f"troll{i}", comment_key=("c", f"t{i}"))
    buyer = board.add("XL有吗?", kind="question", product_id="p1", asker="buyer", comment_key=("c", "b"))
    assert board.for_presenter(6)[0].count == 12
    changes = []
    board.changed.connect(lambda: changes.append(1))
    assert all(board.withdraw(("c", f"t{i}")) for i in range(12))
    assert [(g.text, g.count) for g in board.for_presenter(6)] == [("XL有吗?", 1)] and len(board) == 1
    assert changes and not board.withdraw(("c", "t0"))   # taken back once
    assert not board.withdraw(("c", "never counted"))
    assert buyer.count == 1


def test_a_viewer_who_asked_twice_still_asks_when_one_of_the_two_is_deleted():
    board = QuestionBoard(ManualClock())
    group = board.add("XL有吗", kind="question", product_id="p1", asker="a", comment_key="1")
    board.add("XL还有吗", kind="question", product_id="p2", asker="a", comment_key="2")   # still one viewer
    board.add("请问XL有没有呀", kind="question", product_id="p2", asker="b", comment_key="3")
    board.add("XL有吗?", kind="question", product_id="p2", asker="c", comment_key="4")
    assert group.count == 3 and group.product_id == "p2"   # on stage when most of it was asked
    board.withdraw("1")
    assert group.count == 3 and group.text == "请问XL有没有呀"   # "a" still asks, in comment 2
    board.withdraw("3")
    board.withdraw("4")
    assert group.count == 1 and group.product_id == "p1"
    board.withdraw("2")
    assert len(board) == 0


def test_the_first_askers_words_go_with_their_comment():
    """The group's text is how its first asker put it: taken down, the group shows another asker's words."""
    board = QuestionBoard(ManualClock())
    group = board.add("XL有吗呆瓜", kind="question", product_id=None, asker="a", comment_key="1")
    board.add("XL有吗呀", kind="question", product_id=None, asker="b", comment_key="2")
    assert group.count == 2 and group.examples == ["XL有吗呀"]
    board.withdraw("1")
    assert group.count == 1 and group.text == "XL有吗呀" and group.examples == []
