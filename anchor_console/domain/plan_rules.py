"""The rules a live plan (直播预告) keeps on Studio — its limits and the words of each broken rule —
in one place for both sides: Studio's plans service refuses a plan that breaks one (the first, with
its code), and the console's live plans check a plan against them before anything is sent (all of
them at once, for the operator). A platform's own stricter rules are its adapter's."""

from __future__ import annotations

from dataclasses import dataclass

from anchor_console.domain.text import QT_TRANSLATE_NOOP, Text

TITLE_MIN, TITLE_MAX = 2, 60
ANCHOR_MAX, DESCRIPTION_MAX = 40, 2000
LONGEST_S, FURTHEST_S = 24 * 3600, 366 * 86400
COVER_MAX_BYTES = 5 * 1024 * 1024   # a plan's cover image (PNG or JPEG)

# Each rule by Studio's error code, with the words that say it is broken.
WORDS: dict[str, Text] = {
    "plan_title_length": QT_TRANSLATE_NOOP("LivePlans", "The title must be {low} to {high} characters."),
    "plan_start_past": QT_TRANSLATE_NOOP("LivePlans", "The start must be in the future."),
    "plan_start_too_far": QT_TRANSLATE_NOOP("LivePlans", "The start may be at most a year ahead."),
    "plan_end_before_start": QT_TRANSLATE_NOOP("LivePlans", "The end must be after the start."),
    "plan_too_long": QT_TRANSLATE_NOOP("LivePlans", "A live may last at most 24 hours."),
    "plan_anchor_length": QT_TRANSLATE_NOOP("LivePlans", "The anchor's name may have at most {n} characters."),
    "plan_description_length": QT_TRANSLATE_NOOP("LivePlans", "The description may have at most {n} characters."),
    "image_too_large": QT_TRANSLATE_NOOP("LivePlans", "The cover image may be at most {mb} MB."),
}
# The limits a rule's words name.
_LIMITS: dict[str, dict[str, int]] = {"plan_title_length": {"low": TITLE_MIN, "high": TITLE_MAX},
                                      "plan_anchor_length": {"n": ANCHOR_MAX},
                                      "plan_description_length": {"n": f"{DESCRIPTION_MAX:,}"},
                                      "image_too_large": {"mb": COVER_MAX_BYTES // (1024 * 1024)}}


def rule_words(code: str) -> Text:
    """The words for the rule Studio names by `code` (a key of WORDS), its limits filled in."""
    return WORDS[code].fill(**_LIMITS.get(code, {}))


@dataclass(frozen=True, slots=True)
class BrokenRule:
    code: str       # Studio's error code for it (`plan_title_length`, …)
    words: Text


def broken_rules(title: str, starts_at: float, ends_at: float, anchor_name: str, description: str,
                 now: float) -> list[BrokenRule]:
    """Every rule the plan breaks, in the order Studio checks them."""
    broken: list[str] = []
    if not TITLE_MIN <= len(title) <= TITLE_MAX:
        broken.append("plan_title_length")
    if starts_at <= now:
        broken.append("plan_start_past")
    elif starts_at > now + FURTHEST_S:
        broken.append("plan_start_too_far")
    if ends_at <= starts_at:
        broken.append("plan_end_before_start")
    elif ends_at - starts_at > LONGEST_S:
        broken.append("plan_too_long")
    if len(anchor_name) > ANCHOR_MAX:
        broken.append("plan_anchor_length")
    if len(description) > DESCRIPTION_MAX:
        broken.append("plan_description_length")
    return [BrokenRule(code, rule_words(code)) for code in broken]
