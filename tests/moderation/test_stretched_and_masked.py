"""Listed words written stretched ("fuuuuck", "shiiiit", "sbbb主播") or with letters masked ("f*ck",
"sh!t", "f_ck", "b1tch") are the listed word; words with real double letters, prices, "f.o.b",
links and Chinese punctuation are not; and a flag is not the letters it is spelt with."""

from __future__ import annotations

import time

import pytest

from anchor_console.domain.normalize import fold, skeleton
from anchor_console.moderation.pipeline import ModerationPipeline
from anchor_console.moderation.spellings import MaskedWords, StretchedWords, collapsed
from anchor_console.moderation.wordlists import Action, WordGroup, WordLists
from support.comments import a_comment as comment

@pytest.mark.parametrize("text,entry", [
    ("fuuuuck", "=fuck"), ("fuuuck you", "=fuck"), ("ffffuck", "=fuck"), ("fuckkkk!!", "=fuck"), ("fuuck", "=fuck"),
    ("FUUUUCK主播", "=fuck"), ("主播fuuuuck", "=fuck"), ("shiiiit", "=shit"), ("shiiit!!!", "=shit"),
    ("idiooooot", "=idiot"), ("stuuupid", "=stupid"), ("bitchhhh", "=bitch"), ("sbbb", "=sb"), ("sssb", "=sb"),
    ("cnmmm", "=cnm"), ("f" + "u" * 30 + "ck", "=fuck"),
])
def test_stretched_letters_are_the_listed_word(pipeline, text, entry):
    v = pipeline.classify(comment(text))
    assert (v.rule, v.detail, v.action) == ("list:abuse", entry, Action.DELETE)


@pytest.mark.parametrize("text,entry", [
    ("f*ck", "=fuck"), ("f**k", "=fuck"), ("F*CK!!!", "=fuck"), ("...f*ck", "=fuck"), ("f*ck you", "=fuck"),
    ("主播f*ck", "=fuck"), ("f_ck", "=fuck"), ("f-ck", "=fuck"), ("f.ck", "=fuck"), ("fu*k", "=fuck"), ("f@ck", "=fuck"),
    ("f#ck", "=fuck"), ("f❤ck", "=fuck"), ("f*cccck", "=fuck"), ("sh!t", "=shit"), ("sh*t", "=shit"), ("s**t", "=shit"),
    ("sh1t", "=shit"), ("5hit", "=shit"), ("$hit", "=shit"), ("b*tch", "=bitch"), ("b!tch", "=bitch"),
    ("b1tch", "=bitch"), ("id**t", "=idiot"), ("1d10t", "=idiot"), ("st*pid", "=stupid"), ("n*sl", "=nmsl"),
    ("f*cking", "=fucking"),
    # "x" for the masked letters, as the Chinese internet writes it
    ("fxxk", "=fuck"), ("FXXK!!", "=fuck"), ("主播fxxk", "=fuck"), ("fxck you", "=fuck"), ("...fxxk", "=fuck"),
    ("ffxxk", "=fuck"), ("shxt", "=shit"), ("bxtch", "=bitch"), ("fxxking", "=fucking"),
])
def test_masked_letters_are_the_listed_word(pipeline, text, entry):
    v = pipeline.classify(comment(text))
    assert (v.rule, v.detail, v.action) == ("list:abuse", entry, Action.DELETE)


@pytest.mark.parametrize("text", [
    "sbbb主播", "傻bbb", "加vvv 123abc",
])
def test_plain_entries_with_latin_letters_are_found_stretched_too(pipeline, text):
    assert pipeline.classify(comment(text)).action == Action.DELETE


@pytest.mark.parametrize("text", [
    # real double letters, and stretching of words that are not listed
    "good", "so gooood", "book", "boooook", "Mississippi", "coooool", "cool~~~", "hello!!!", "yyds", "yyyyds",
    "xxl有吗", "XXXL有吗", "shoot", "sheet", "shift", "duck", "fork", "ssb", "cnmm", "vvx",
    # prices, sizes, codes, links, punctuation
    "9.9元", "9.9元包邮吗", "f.o.b", "f.o.b价多少", "v1.0", "3.5mm", "2xl", "iphone15", "e.g.", "abc_def", "f/w",
    "i'm ok", "don't", "it's", "好看。。。", "好看。。。主播。。。", "哈哈哈哈哈", "1111", "666666", "s b",
    # masked too much to tell, or the first letter masked
    "f***", "****", "*uck", "$#!t", "f*k", "sh--t",
    # words with an x in them, and x masking too much or the first letter
    "taxi", "next", "text", "sexy", "flex", "box", "xxl", "xxxl码", "fxxx", "xuck", "fxk", "fx*k", "max1", "a.fxxk",
    # flags: an emoji, not letters
    "🇸🇧", "🇨🇳M码有吗", "🇺🇸🇸🇧", "🇨🇳🇨🇳加油", "🇫🇺🇨🇰",
])
def test_benign_text_that_looks_alike_is_left_alone(pipeline, text):
    v = pipeline.classify(comment(text))
    assert v.action <= Action.HIGHLIGHT, v.matches


def test_the_masked_step_is_for_whole_words_of_four_letters_or_more(clock):
    lists = WordLists([WordGroup("abuse", "abuse", Action.DELETE, words=["=ass", "=scam", "scum"])])
    pipeline = ModerationPipeline(lists, clock)
    assert pipeline.classify(comment("sc*m")).action == Action.DELETE      # "=scam", four letters
    assert pipeline.classify(comment("a*s")).action == Action.SHOW         # "=ass": three letters, too short
    assert pipeline.classify(comment("s*um")).action == Action.SHOW        # "scum" is a plain entry


def test_a_listed_double_letter_may_be_stretched_but_not_dropped(clock):
    lists = WordLists([WordGroup("g", "g", Action.HOLD, words=["=good", "loot"])])
    pipeline = ModerationPipeline(lists, clock)
    assert pipeline.classify(comment("goooood")).action == Action.HOLD
    assert pipeline.classify(comment("god")).action == Action.SHOW
    assert pipeline.classify(comment("looooot")).action == Action.HOLD
    assert pipeline.classify(comment("lot")).action == Action.SHOW


def test_a_stretched_whole_word_must_stand_together(clock):
    lists = WordLists([WordGroup("abuse", "abuse", Action.DELETE, words=["=scam"])])
    pipeline = ModerationPipeline(lists, clock)
    assert pipeline.classify(comment("scaaaam!")).action == Action.DELETE
    assert pipeline.classify(comment("scaaaams")).action == Action.SHOW   # goes on into a longer word
    assert pipeline.classify(comment("s c a a a m")).action == Action.SHOW


def test_an_entry_found_two_ways_is_one_hit(pipeline):
    v = pipeline.classify(comment("fuuuck f*ck fuck"))
    assert [m.detail for m in v.matches] == ["=fuck"]


@pytest.mark.parametrize("unit", ["a", "a*", "f*", "fuuuck ", "f*ck ", "sbbb ", "aab", "a1", "s"])
def test_a_huge_hostile_comment_of_stretched_or_masked_letters_is_classified_at_once(pipeline, unit):
    text = unit * (100_000 // len(unit))
    start = time.perf_counter()
    pipeline.classify(comment(text))
    assert time.perf_counter() - start < 0.5


def test_collapsing_counts_only_latin_letters():
    assert collapsed("fuuuck哈哈哈1111") == ("fuck哈哈哈1111", [1, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1])


def test_stretched_and_masked_find_their_entries_directly():
    stretched, masked = StretchedWords(), MaskedWords()
    for key in ("fuck", "qq号", "傻逼"):
        stretched.add(key, key)
        masked.add(key, key)
    stretched.build()
    assert [p for _, _, p in stretched.find(skeleton(fold("fuuuck")))] == ["fuck"]
    assert [p for _, _, p in stretched.find(skeleton(fold("qqqq号")))] == ["qq号"]
    assert list(stretched.find(skeleton(fold("q号")))) == []                 # a listed double is never dropped
    assert masked.find(fold("f*ck")) == ["fuck"] and masked.find(fold("qq*号")) == []
