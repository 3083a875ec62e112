"""A rule's reason as staff read it (viewer card, review list, journal): the words that matched are
quoted; a count (how many messages, times or viewers) is said as a count, never quoted as if the
viewer had written it."""

from __future__ import annotations

from anchor_console.domain.clock import ManualClock
from anchor_console.domain.models import Comment
from anchor_console.moderation.pipeline import ModerationPipeline
from anchor_console.moderation.wordlists import WordLists


def comment(text: str, user: str) -> Comment:
    return Comment(id=f"{user}-{text}-{id(text)}", room_id="r", user_id=user, nickname=user, text=text, created_at=0.0)


def test_a_flood_says_how_many_messages_and_a_repeat_how_many_times():
    clock = ManualClock()
    pipeline = ModerationPipeline(WordLists.defaults(), clock)
    for second in range(6):
        clock.advance(1)
        others = [comment(f"第{second}秒的评论{i}", f"viewer{second}-{i}") for i in range(3)]
        flood = pipeline.classify_many([*others, comment("主播看我", "flooder")])[-1]
    assert flood.rule == "detector:flood"
    words = flood.reason.english()
    assert words.startswith("flooding (too many messages): ") and words.endswith(" messages in a short time")
    assert "“" not in words
    clock.advance(60)
    for _ in range(3):
        clock.advance(5)
        repeat = pipeline.classify(comment("主播回复我一下好不好", "repeater"))
    assert repeat.rule == "detector:repeat"
    assert repeat.reason.english() == "the same message again and again: sent 3 times"


def test_words_that_matched_are_still_quoted():
    pipeline = ModerationPipeline(WordLists.defaults(), ManualClock())
    verdict = pipeline.classify(comment("加我微信 abc12345 有优惠", "spammer"))
    assert verdict.reason is not None and "“" in verdict.reason.english()
