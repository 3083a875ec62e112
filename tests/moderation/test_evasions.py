"""Evasions found in review, through the whole pipeline: whole-word entries spelt out or struck
through, look-alike letters and digits, traditional spellings, emoji-only comments built from
joined emoji, and the direction isolates Android puts around names (harmless: not held)."""

from __future__ import annotations

import pytest

from anchor_console.moderation.pipeline import ModerationPipeline
from anchor_console.moderation.wordlists import Action, WordGroup, WordLists
from support.comments import a_comment as comment

@pytest.mark.parametrize("text,entry", [
    ("f u c k you", "=fuck"), ("f.u.c.k you", "=fuck"), ("f-u-c-k", "=fuck"), ("fu ck", "=fuck"),
    ("f\u0336u\u0336c\u0336k\u0336 you", "=fuck"), ("İDIOT", "=idiot"), ("you ɪᴅɪᴏᴛ", "=idiot"),
    ("i.d.i.o.t", "=idiot"), ("c n m", "=cnm"), ("c-n-m", "=cnm"), ("n m s l", "=nmsl"), ("t m d", "=tmd"),
    ("s.b", "=sb"), ("主播 s*b", "=sb"),
])
def test_whole_word_entries_spelt_out_or_marked_are_caught(pipeline, text, entry):
    v = pipeline.classify(comment(text))
    assert (v.rule, v.detail, v.action) == ("list:abuse", entry, Action.DELETE)


@pytest.mark.parametrize("text", [
    "was bad", "it's b grade", "plan b", "U S B 接口", "U.S.B", "尺寸 W x H", "30 w x 20 h cm", "长 W x 高 H",
    "有 S M L 码吗", "A B C D 选哪个", "J. S. Bach", "cn m码", "is hit", "a s b c",
    "sbs size is fine", "buckfast", "scunthorpe", "this hit",
])
def test_letters_that_merely_sit_side_by_side_are_not_a_whole_word(pipeline, text):
    v = pipeline.classify(comment(text))
    assert v.action <= Action.HIGHLIGHT, v.matches


def test_a_whole_word_spelt_out_must_not_go_on_into_a_longer_spelling(clock):
    lists = WordLists([WordGroup("abuse", "abuse", Action.DELETE, words=["=scam", "=usb"])])
    pipeline = ModerationPipeline(lists, clock)
    assert pipeline.classify(comment("s.c.a.m!")).action == Action.DELETE
    assert pipeline.classify(comment("a s c a m")).action == Action.SHOW      # "ascam", not "scam"
    assert pipeline.classify(comment("s c a m s")).action == Action.SHOW
    assert pipeline.classify(comment("u s b")).action == Action.DELETE        # three letters spaced out


@pytest.mark.parametrize("text,entry", [
    ("傻X主播", "傻x"), ("傻x", "傻x"), ("傻叉", "傻叉"), ("你妈死了", "你妈死了"), ("cao你妈", "cao你妈"), ("CAO你妈", "cao你妈"),
])
def test_the_common_chinese_abuse_written_with_letters_or_stand_ins_is_caught(pipeline, text, entry):
    v = pipeline.classify(comment(text))
    assert (v.rule, v.detail, v.action) == ("list:abuse", entry, Action.DELETE)


@pytest.mark.parametrize("evasion,plain", [
    ("🆂🅱主播", "sb主播"), ("🅢🅑主播", "sb主播"), ("加🇻🇽 abc", "加vx abc"), ("ꜱʙ主播", "sb主播"),
    ("草泥馬", "草泥马"), ("尼瑪", "尼玛"), ("醜八怪", "丑八怪"), ("煞筆", "煞笔"), ("閒魚有", "闲鱼有"),
    ("別家更便宜", "别家更便宜"), ("消協", "消协"),
])
def test_look_alikes_and_traditional_spellings_get_what_the_plain_spelling_gets(pipeline, evasion, plain):
    v, p = pipeline.classify(comment(evasion)), pipeline.classify(comment(plain))
    assert p.action >= Action.HIGHLIGHT and (v.action, v.rule) == (p.action, p.rule)


@pytest.mark.parametrize("number", ["١٣٨٠٠١٣٨٠٠٠", "१३८००१३८०००", "1️⃣3️⃣8️⃣0️⃣0️⃣1️⃣3️⃣8️⃣0️⃣0️⃣0️⃣"])
def test_a_phone_number_in_other_digits_is_a_phone_number(pipeline, number):
    assert "detector:phone" in [m.rule for m in pipeline.classify(comment(f"打 {number}")).matches]


@pytest.mark.parametrize("text", [
    "👨\u200d👩\u200d👧\u200d👦" * 5, "⭐" * 12, "1\ufe0f\u20e3" * 10, "🧑\u200d🧑\u200d🧒" * 4, "👍" * 10,
    "🏳\ufe0f\u200d🌈" * 5, "👩🏽\u200d💻" * 5,
])
def test_emoji_only_comments_count_every_code_point_an_emoji_is_made_of(pipeline, text):
    v = pipeline.classify(comment(text))
    assert "detector:emoji" in [m.rule for m in v.matches]


@pytest.mark.parametrize("text", ["好看好看 ⭐⭐ 主播今天真美呀", "买了3️⃣件 很喜欢这个颜色哦", "👍 质量很好 下次还来买"])
def test_a_few_emoji_in_words_are_not_mostly_emoji(pipeline, text):
    assert "detector:emoji" not in [m.rule for m in pipeline.classify(comment(text)).matches]


@pytest.mark.parametrize("text", ["\u2068小美\u2069 这件好看", "@\u2068Kiki\u2069 好看", "\u2066abc\u2069 包邮吗"])
def test_direction_isolates_around_names_are_not_held(pipeline, text):
    v = pipeline.classify(comment(text))
    assert "detector:bidi" not in [m.rule for m in v.matches] and v.action < Action.HOLD


@pytest.mark.parametrize("mark", ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e"])
def test_direction_overrides_and_embeddings_still_are(pipeline, mark):
    v = pipeline.classify(comment(f"好价{mark}看这里"))
    assert v.rule == "detector:bidi" and v.action == Action.HOLD
