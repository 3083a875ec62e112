"""The shipped rules and a buyer's ordinary questions: a vitamin, a yoga top, a parcel or order
number, a vivo phone, 去死皮, a fans group or a rebate asked about are shown, not deleted as
contact details or abuse (a deletion counts as an offence: the buyer climbed the mute ladder).
And the evasions the folding claims: a later WeChat id, traditional characters, formal numerals,
accents and small capitals."""

from __future__ import annotations

import pytest

from anchor_console.domain.clock import ManualClock
from anchor_console.domain.models import Comment
from anchor_console.moderation.pipeline import ModerationPipeline
from anchor_console.moderation.wordlists import Action, WordLists

_n = 0


def verdict(text: str):
    global _n
    _n += 1
    pipeline = ModerationPipeline(WordLists.defaults(), ManualClock())
    return pipeline.classify(Comment(str(_n), "1", f"u{_n}", "观众", text, 0.0, connection_id="c1"))


@pytest.mark.parametrize("question", [
    "这个奶粉有添加维生素吗？", "瑜伽V领上衣还有吗", "顺丰单号SF1456789012345怎么还没到",
    "订单号 2406151380012345 什么时候发货", "vivo x100能用吗", "nvidia rtx4090有货吗", "这个能去死皮吗",
    "有返现吗", "是代购吗", "怎么进群", "下单要填手机号吗", "客服联系方式是什么", "怎么免费领",
])
def test_a_buyer_s_question_is_shown(question):
    v = verdict(question)
    assert v.action is Action.SHOW, (question, [m.rule for m in v.matches])


@pytest.mark.parametrize("spam", [
    "very good 薇❤信:abc12345 有好货", "壹叁捌零零壹叁捌零零零", "加我 138 0013 8000", "1 13800138000",
    "腦殘", "進群領紅包", "維信 abc12345", "fúck you", "ᴠx abc123", "加维信abc123",
])
def test_an_evasion_is_caught(spam):
    assert verdict(spam).action is not Action.SHOW, spam


def test_the_board_keeps_sizes_links_and_colours_apart_and_fillers_aside():
    """"XL有吗" and "XXL有吗" share most of their bigrams: counted as one question, the anchor
    answered the wrong size. Questions that differ in a size, a number or a colour stay apart;
    ones that differ in filler words ("这一款", "一下") are one."""
    from anchor_console.moderation.questions import QuestionBoard

    board = QuestionBoard(ManualClock())
    asked = ["XL有吗", "XXL有吗", "S码有吗", "M码有吗", "L码有吗", "1号链接多少钱", "2号链接多少钱", "红色有吗",
             "黑色有吗", "160斤穿什么码", "100斤穿什么码"]
    for n, text in enumerate(asked):
        board.add(text, kind="question", product_id=None, asker=f"u{n}")
    assert sorted(g.count for g in board.top(20)) == [1] * len(asked)
    board.add("这一款有吗", kind="question", product_id=None, asker="a")
    board.add("这款有吗", kind="question", product_id=None, asker="b")
    board.add("请问XL有吗", kind="question", product_id=None, asker="c")
    counts = {g.text: g.count for g in board.top(20)}
    assert counts["这一款有吗"] == 2 and counts["XL有吗"] == 2
