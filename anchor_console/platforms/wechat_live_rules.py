"""WeChat mini-program live's documented rules for a planned room (room/create, room/editroom) and a
goods-library product: the numbers, the check of a plan against them and the words for a broken
rule, filled from the same numbers. The adapter (wechat_live.py) and the live-plan editor check a
plan before it is sent."""

from __future__ import annotations

from anchor_console.domain.models import RoomPlan
from anchor_console.domain.text import QT_TRANSLATE_NOOP, Text

# room/create's and the goods library's documented rules; widths count a Chinese character as 2
# (text_width). The rule words below are filled from these numbers.
NAME_WIDTH = (6, 34)                      # the room name: 3–17 Chinese characters
ANCHOR_WIDTH = (4, 30)                    # the anchor's name: 2–15
START_AHEAD_S = (600, 183 * 86400)        # the start: 10 minutes to about 6 months ahead
LIVE_LENGTH_S = (1800, 86400)             # a live: 30 minutes to 24 hours
GOODS_NAME_WIDTH = 28                     # a product name: at most 14
_START = QT_TRANSLATE_NOOP("PlatformError", "the start must be at least {minutes} minutes from now and within "
                                            "{months} months").fill(minutes=START_AHEAD_S[0] // 60,
                                                                    months=round(START_AHEAD_S[1] / (30.5 * 86400)))
_LENGTH = QT_TRANSLATE_NOOP("PlatformError", "a live must last from {minutes} minutes to {hours} hours").fill(
    minutes=LIVE_LENGTH_S[0] // 60, hours=LIVE_LENGTH_S[1] // 3600)
RULES = {
    "name": QT_TRANSLATE_NOOP("PlatformError", "the room name must be {low} to {high} Chinese characters (a Latin "
                                               "letter counts half)").fill(low=NAME_WIDTH[0] // 2,
                                                                           high=NAME_WIDTH[1] // 2),
    "anchor": QT_TRANSLATE_NOOP("PlatformError", "the anchor's name must be {low} to {high} Chinese characters (a "
                                                 "Latin letter counts half)").fill(low=ANCHOR_WIDTH[0] // 2,
                                                                                   high=ANCHOR_WIDTH[1] // 2),
    "start": _START,
    "length": _LENGTH,
    "goods_name": QT_TRANSLATE_NOOP("PlatformError", "a product name may have at most {high} Chinese characters (a "
                                                     "Latin letter counts half)").fill(high=GOODS_NAME_WIDTH // 2),
    "price": QT_TRANSLATE_NOOP("PlatformError", "the price must be above zero, and a range or discount needs a "
                                                "second price"),
    "times": QT_TRANSLATE_NOOP("PlatformError", "{start}, and {length}").fill(start=_START, length=_LENGTH),
    "image": QT_TRANSLATE_NOOP("PlatformError", "the cover or share image is not a valid WeChat media id: upload it "
                                                "again (an uploaded image is valid for 3 days)"),
    "feeds_image": QT_TRANSLATE_NOOP("PlatformError", "the feeds image (购物直播频道封面) is not valid"),
    "image_type": QT_TRANSLATE_NOOP("PlatformError", "an image must be a PNG or JPEG file of at most 2 MB"),
}
IMAGE_TYPES = ((b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff", "image/jpeg"))
IMAGE_MAX = 2 * 1024 * 1024    # media/upload takes 10 MB, but room/create asks a cover of at most 2 MB
# What room/create and room/editroom answer for a broken rule (200002: either time rule).
PLAN_ERRCODES = {300002: "name", 300034: "anchor", 200002: "times", 40007: "image", 300037: "feeds_image"}


def text_width(s: str) -> int:
    """WeChat counts a Chinese character as 2 and a Latin one as 1."""
    return sum(1 if ord(ch) < 128 else 2 for ch in s)


def broken_plan_rules(plan: RoomPlan, now: float) -> list[str]:
    """Which of room/create's rules the plan breaks (keys of the rule words, in the form's order):
    the name 3–17 Chinese characters and the anchor's 2–15 (a Latin letter counts half), the start
    10 minutes to 6 months ahead, 30 minutes to 24 hours long."""
    broken = []
    if not NAME_WIDTH[0] <= text_width(plan.title) <= NAME_WIDTH[1]:
        broken.append("name")
    if not ANCHOR_WIDTH[0] <= text_width(plan.anchor_name) <= ANCHOR_WIDTH[1]:
        broken.append("anchor")
    if not now + START_AHEAD_S[0] <= plan.starts_at <= now + START_AHEAD_S[1]:
        broken.append("start")
    if not LIVE_LENGTH_S[0] <= plan.ends_at - plan.starts_at <= LIVE_LENGTH_S[1]:
        broken.append("length")
    return broken


def plan_rule_words(rule: str) -> Text:
    return RULES[rule]
