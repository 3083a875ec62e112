"""The bounds every value of a show keeps, wherever it comes from (the show file loader, the
spreadsheet import, the editor), and the characters a show's text may hold.

One set of bounds for all of them is what makes "anything the console can produce, it can save and
reopen" true: a value the loader would refuse never gets into a show in the first place. The
bounds are generous for any real broadcast and small enough that scheduling, exports and the
live timeline never meet an overflow."""

from __future__ import annotations

import math
import re
from datetime import date

from anchor_console.domain.clock import format_clock
from anchor_console.domain.money import MAX_PRICE_FEN, format_money
from anchor_console.domain.numbers import is_number
from anchor_console.domain.text import QT_TRANSLATE_NOOP, Text

MAX_SEGMENT_S = 24 * 3600         # one segment; also a cue's offset into its segment, a flash sale's length
MAX_SHOW_S = 3 * 24 * 3600        # a whole show (the target, and all segments together)
# What a show file may hold for a stock, a coupon quantity, a per-buyer limit and a coupon's validity.
# Wider than a platform takes (domain.models: MAX_SALE_STOCK, MAX_COUPON_QUANTITY…), so that a file
# written with other bounds still opens whole: a cue beyond the platform's is listed among the
# show's problems, and not fired.
MAX_COUNT = 100_000_000
MAX_VALID_MINUTES = 30 * 24 * 60
# Segments in one show (a 直播脚本 has tens): the editor checks the whole show on every keystroke
# and lists every segment, so a show of 100,000 froze the window for seconds at each.
MAX_SEGMENTS = 1000


def duration_problem(seconds: int, maximum: int = MAX_SEGMENT_S) -> Text | None:
    """Why a duration cannot be used (negative, or longer than `maximum`), or None."""
    if seconds < 0:
        return QT_TRANSLATE_NOOP("Show", "a duration cannot be negative")
    if seconds > maximum:
        return QT_TRANSLATE_NOOP("Show", "{value} is longer than the longest allowed ({maximum})").fill(
            value=format_clock(seconds), maximum=format_clock(maximum))
    return None


def segments_problem(count: int) -> Text | None:
    """Why a show cannot have `count` segments, or None."""
    if count > MAX_SEGMENTS:
        return QT_TRANSLATE_NOOP("Show", "a show has at most {max} segments, not {count}").fill(
            max=MAX_SEGMENTS, count=count)
    return None


def count_problem(value: int, minimum: int = 0, maximum: int = MAX_COUNT, *, shown: str = "") -> Text | None:
    """Why a count cannot be used, or None; `shown` is the value as written, when it was text."""
    if not minimum <= value <= maximum:
        return QT_TRANSLATE_NOOP("Show", "{value} is not between {minimum} and {maximum}").fill(
            value=(shown[:20] + "…" if len(shown) > 20 else shown) or value, minimum=minimum, maximum=maximum)
    return None


def yuan_to_fen(yuan: float) -> int | None:
    """A price in yuan as fen, or None when it is not a price a show can hold (not finite,
    negative, or above the bound) — checked before any arithmetic can overflow."""
    if not is_number(yuan) or not math.isfinite(yuan):
        return None
    if not 0 <= yuan <= MAX_PRICE_FEN / 100:
        return None
    return round(yuan * 100)


def price_problem() -> Text:
    return QT_TRANSLATE_NOOP("Show", "a price is between ¥0.00 and {maximum}").fill(
        maximum=format_money(MAX_PRICE_FEN))


# Line breaks as other programs write them (\r\n, \r, Excel's \x0b, Unicode separators) become \n;
# other control characters, lone surrogates and the two non-characters XML refuses are removed.
_BREAKS = re.compile(r"\r\n?|[\x0b\x0c\x85\u2028\u2029]")
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


def printable(text: str) -> str:
    """`text` with only characters every file format and widget accepts (tabs and \n kept)."""
    if text.isprintable():  # the common case, at C speed
        return text
    return _UNPRINTABLE.sub("", _BREAKS.sub("\n", text))


EARLIEST_DATE = date(1970, 1, 1)
LATEST_DATE = date(9000, 12, 31)  # far from datetime's end, so a schedule can always cross midnight


def date_problem(day: date) -> Text | None:
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        return QT_TRANSLATE_NOOP("Show", "{value} is not a date between {earliest} and {latest}").fill(
            value=day.isoformat(), earliest=EARLIEST_DATE.isoformat(), latest=LATEST_DATE.isoformat())
    return None
