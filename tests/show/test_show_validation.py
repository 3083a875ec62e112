"""What the editor's Check column says about a segment, read from show.validation (no Qt): listed
advertising-law words, a cue past the segment's end, an empty title, a 0:00 length, a cue whose
terms are not valid, a product the catalog does not have or that is not linked — each typed and
said in words; only the problems the console would refuse a live start for block a run."""

from __future__ import annotations

from anchor_console.show import WordList, check_show
from anchor_console.show.catalog_links import CatalogNames
from anchor_console.show.compliance import ListedWord
from anchor_console.show.model import (
    AnchorMessage, Cue, FeaturedProduct, IssueCoupon, Segment, Show, StageProduct, Trigger,
)
from anchor_console.show.validation import ProblemKind, segment_problems, show_problems

CATALOG = CatalogNames({"1002": "高腰阔腿牛仔裤"}, {"1": "满199减30"})


def kinds(problems):
    return [p.kind for p in problems]


def test_a_sound_segment_has_no_problems():
    seg = Segment("a", "福利款", 600, products=(FeaturedProduct("1002", "高腰阔腿牛仔裤"),),
                  cues=(Cue("c1", IssueCoupon("1", 500, 30, "满199减30"), Trigger.after(300)),))
    assert segment_problems(seg, catalog=CATALOG) == []


def test_a_cue_past_the_end_an_empty_title_and_a_zero_length_are_each_said():
    late = Cue("c1", IssueCoupon("1", 500, 30, "满199减30"), Trigger.after(25 * 60))
    [problem] = segment_problems(Segment("a", "福利款", 600, cues=(late,)))
    assert problem.kind is ProblemKind.CUE_AFTER_END and problem.cue_id == "c1" and problem.blocks_run
    assert problem.message.english() == ("Cue “Issue 500 × 满199减30 coupons (valid 30 min)” is due 25:00 after "
                                         "the start, past the segment's end at 10:00")
    empty = segment_problems(Segment("b", "  ", 0))
    assert kinds(empty) == [ProblemKind.EMPTY_TITLE, ProblemKind.ZERO_LENGTH]
    assert [p.message.english() for p in empty] == ["The segment has no title", "The segment's length is 0:00"]
    assert not any(p.blocks_run for p in empty)   # a draft: for a human to look at
    early = segment_problems(Segment("c", "收尾", 180, cues=(Cue("c2", AnchorMessage("谢谢"), Trigger.at_end(300)),)))
    assert kinds(early) == [ProblemKind.CUE_BEFORE_START] and not early[0].blocks_run


def test_a_cue_with_invalid_terms_is_a_problem_of_its_segment():
    seg = Segment("a", "开场", 300, cues=(Cue("c1", IssueCoupon("", 0, 30, "关注领券")),))
    problems = segment_problems(seg)
    assert kinds(problems) == [ProblemKind.CUE_TERMS, ProblemKind.CUE_TERMS] and all(p.blocks_run for p in problems)
    assert problems[1].message.english() == ("Cue “Issue 0 × 关注领券 coupons (valid 30 min)”: the quantity must be "
                                             "from 1 to 1,000,000")


def test_a_product_not_in_the_catalog_is_said_once_and_an_unlinked_one_too():
    seg = Segment("a", "开场", 300,
                  products=(FeaturedProduct("999999", "不存在的商品XYZ"), FeaturedProduct("", "神秘产品")),
                  cues=(Cue("c1", StageProduct("999999", "不存在的商品XYZ")), Cue("c2", StageProduct("888", "别的"))))
    problems = segment_problems(seg, catalog=CATALOG)
    assert [p.message.english() for p in problems] == [
        "Product #999999 is not in the catalog", "Product “神秘产品” is not linked to the catalog",
        "Product #888 is not in the catalog"]
    assert problems[2].cue_id == "c2"
    # no catalog (not connected): an ID cannot be told unknown
    assert kinds(segment_problems(seg)) == [ProblemKind.UNLINKED_PRODUCT]
    assert kinds(segment_problems(seg, catalog=CatalogNames())) == [ProblemKind.UNLINKED_PRODUCT]


def test_the_shows_problems_include_listed_words_in_script_order():
    words = WordList([ListedWord("最低价", "极限词", "不得使用")])
    show = Show("全网最低价专场", segments=(Segment("a", "开场", 0), Segment("b", "最低价", 300)))
    problems = show_problems(show, findings=check_show(show, words))
    assert [(p.segment_id, p.kind) for p in problems] == [
        ("", ProblemKind.LISTED_WORDS), ("a", ProblemKind.ZERO_LENGTH), ("b", ProblemKind.LISTED_WORDS)]
    assert problems[2].message.english() == "segment title: “最低价” (极限词): 不得使用"


def test_a_show_the_console_would_not_start_for_its_start_times_says_so_and_blocks_a_run():
    """What `Show.problems()` refuses a live start for is in the Check too: a fixed-time segment with
    no planned start for the show, and a fixed-time segment with no time."""
    import datetime as dt

    from anchor_console.show.model import StartMode

    fixed = Segment("a", "开场", 600, start_mode=StartMode.HARD, hard_start=dt.time(21, 0))
    untimed = Segment("b", "爆款", 600, start_mode=StartMode.HARD)
    show = Show("专场", start=None, segments=(fixed, untimed))
    problems = show_problems(show)
    assert [(p.segment_id, p.kind) for p in problems] == [("", ProblemKind.NO_START_TIME),
                                                          ("b", ProblemKind.NO_START_TIME)]
    assert all(p.blocks_run for p in problems) and len(show.problems()) == 2
    assert show_problems(Show("专场", start=dt.time(20, 0), segments=(fixed,))) == []
