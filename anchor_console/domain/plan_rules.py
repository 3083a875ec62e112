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

TITLE_LENGTH = QT_TRANSLATE_NOOP("LivePlans", "The title must be {low} to {high} characters.")
START_PAST = QT_TRANSLATE_NOOP("LivePlans", "The start must be in the future.")
START_TOO_FAR = QT_TRANSLATE_NOOP("LivePlans", "The start may be at most a year ahead.")
END_BEFORE_START = QT_TRANSLATE_NOOP("LivePlans", "The end must be after the start.")
TOO_LONG = QT_TRANSLATE_NOOP("LivePlans", "A live may last at most 24 hours.")
ANCHOR_LENGTH = QT_TRANSLATE_NOOP("LivePlans", "The anchor's name may have at most {n} characters.")
DESCRIPTION_LENGTH = QT_TRANSLATE_NOOP("LivePlans", "The description may have at most {n} characters.")


@dataclass(frozen=True, slots=True)
class BrokenRule:
    code: str       # Studio's error code for it (`plan_title_length`, …)
    words: Text


def broken_rules(title: str, starts_at: float, ends_at: float, anchor_name: str, description: str,
                 now: float) -> list[BrokenRule]:
    """Every rule the plan breaks, in the order Studio checks them."""
    broken: list[BrokenRule] = []
    if not TITLE_MIN <= len(title) <= TITLE_MAX:
        broken.append(BrokenRule("plan_title_length", TITLE_LENGTH.fill(low=TITLE_MIN, high=TITLE_MAX)))
    if starts_at <= now:
        broken.append(BrokenRule("plan_start_past", START_PAST))
    elif starts_at > now + FURTHEST_S:
        broken.append(BrokenRule("plan_start_too_far", START_TOO_FAR))
    if ends_at <= starts_at:
        broken.append(BrokenRule("plan_end_before_start", END_BEFORE_START))
    elif ends_at - starts_at > LONGEST_S:
        broken.append(BrokenRule("plan_too_long", TOO_LONG))
    if len(anchor_name) > ANCHOR_MAX:
        broken.append(BrokenRule("plan_anchor_length", ANCHOR_LENGTH.fill(n=ANCHOR_MAX)))
    if len(description) > DESCRIPTION_MAX:
        broken.append(BrokenRule("plan_description_length", DESCRIPTION_LENGTH.fill(n=DESCRIPTION_MAX)))
    return broken
