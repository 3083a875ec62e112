"""Reading the ways prep staff write durations and times in a 直播脚本: "10分钟", "10min", "5'30\"",
"00:10:00", "10:00", "1小时", "1.5h", "半小时", "20:00-20:10", "20点30", full-width digits, and what Excel
stores when someone types "00:10:00" into a cell (a time of day, a fraction of a day, or a number
shown as a date). Anything else is a DurationError / TimeOfDayError, never another exception."""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import datetime, time, timedelta

from anchor_console.domain.text import QT_TRANSLATE_NOOP, Text

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
              "九": 9}


def for_parsing(text: str) -> str:
    """Full-width to half-width (NFKC), lower case, no outer spaces: for parsing only; what is
    shown to people keeps its original characters."""
    return unicodedata.normalize("NFKC", str(text)).strip().lower()


# "1,299" / "12,000" as Excel shows a number with its thousands grouped (not after a decimal point:
# "59.9,100元" is two numbers), and "2万" / "1.5万" (ten thousands) as people write stock and quantities.
_GROUPED = re.compile(r"(?<![\d.])\d{1,3}(?:,\d{3})+(?!\d)")
_WAN = re.compile(r"(?<![\d.])(\d{1,9}(?:\.\d{1,4})?)\s*万")


def plain_numbers(text: str) -> str:
    """`text` with its numbers written out plainly ("¥1,299" -> "¥1299", "1.5万张" -> "15000张"), so
    that a price or a count is read whole instead of as the digits before its comma or 万."""
    text = _GROUPED.sub(lambda m: m[0].replace(",", ""), text)
    return _WAN.sub(lambda m: str(round(float(m[1]) * 10_000)), text)


def _cn_number(text: str) -> float | None:
    """'十' 10, '十五' 15, '四十五' 45, '二' 2, '半' 0.5 — the small numbers in a 时长 cell."""
    if text == "半":
        return 0.5
    if not text or any(c not in _CN_DIGITS and c != "十" for c in text):
        return None
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0)
    if len(text) == 1:
        return _CN_DIGITS[text]
    return None


_UNITS = [
    (3600, r"(?:个)?(?:小时|钟头|hours?|hrs?|h)"),
    (60, r"(?:分钟|分|minutes?|mins?|m)"),
    (1, r"(?:秒钟|秒|seconds?|secs?|s)"),
]
_NUM = r"(\d+(?:\.\d+)?|[零〇一二两三四五六七八九十]+|半)"
_PART = re.compile(r"\s*" + _NUM + r"\s*(" + "|".join(u for _, u in _UNITS) + r")")
_MINUTE_MARK = r"['′’]"
_SECOND_MARK = r"(?:\"|″|′′|”|''|’’)"
_PRIMES = re.compile(r"(?:(\d+)\s*" + _MINUTE_MARK + r")?\s*(?:(\d+)\s*" + _SECOND_MARK + r")?")
_HEDGES = re.compile(r"^(?:约|大约|大概|预计|~|≈)\s*|\s*(?:左右|上下|以内|内)$")


class DurationError(ValueError):
    pass


def _number(text: str) -> float | None:
    return float(text) if text[0].isdigit() else _cn_number(text)


# What a duration cell was read as, when that was a guess the importer should mention.
CLOCK_GUESS = QT_TRANSLATE_NOOP("Show", "a time of day read as minutes:seconds")
DAY_FRACTION_GUESS = QT_TRANSLATE_NOOP("Show", "a number read as Excel's fraction of a day")
DATE_SERIAL_GUESS = QT_TRANSLATE_NOOP("Show", "a number formatted as a date, read as the number")
_EXCEL_DAY_ZERO = datetime(1899, 12, 30)


def parse_duration(value: object, *, bare_unit_s: int = 60) -> tuple[int, Text | None] | None:
    """Seconds from a duration cell, and the guess it was read by (None when there was no guess):
    an Excel time of day like 10:00 read as 10 minutes, Excel's fraction of a day (0:10:00 is
    0.00694), a number shown as a date. None for an empty cell. A bare number is in `bare_unit_s`
    (minutes by default: that is what "时长: 10" means). Raises DurationError for anything that is
    not a duration (including numbers too large to be one)."""
    try:
        parsed = _parse_duration(value, bare_unit_s)
    except DurationError:
        raise
    except (ValueError, OverflowError):  # thousands of digits, inf: not a duration either
        raise DurationError(str(value)[:40]) from None
    if parsed is not None and parsed[0] < 0:
        raise DurationError(str(value)[:40])
    return parsed


def _number_duration(value: float, bare_unit_s: int) -> tuple[int, Text | None]:
    seconds = value * bare_unit_s
    if not math.isfinite(seconds) or value < 0:
        raise DurationError(str(value))
    # Excel keeps 0:10:00 as 0.00694 days; shown without its time format, that is the number a cell
    # holds. Read in minutes it would be a fraction of a second — read it as the time it is.
    if isinstance(value, float) and 0 < value < 1 and abs(seconds - round(seconds)) > 1e-6 \
            and abs(value * 86400 - round(value * 86400)) < 1e-3:
        return int(round(value * 86400)), DAY_FRACTION_GUESS
    return int(round(seconds)), None


def _parse_duration(value: object, bare_unit_s: int) -> tuple[int, Text | None] | None:
    if value is None:
        return None
    if isinstance(value, bool):
        raise DurationError(str(value))
    if isinstance(value, timedelta):
        return int(round(value.total_seconds())), None
    if isinstance(value, datetime):
        if value.time() == time(0):
            if value.year > 1900:  # a real date in a duration column
                raise DurationError(value.date().isoformat())
            # a number Excel shows as a date (10 shows as 1900-01-10): its serial is the number
            days = (value - _EXCEL_DAY_ZERO).days - (1 if value < datetime(1900, 3, 1) else 0)
            return _number_duration(days, bare_unit_s)[0], DATE_SERIAL_GUESS
        value = value.time()
    if isinstance(value, time):
        # Excel turns a typed "10:00" into the time of day 10:00. A live segment is rarely two hours
        # or more, so from 2:00 up (whole minutes) it is read as minutes:seconds, and said so.
        h, m, s = value.hour, value.minute, value.second
        if h >= 2 and s == 0:
            return h * 60 + m, CLOCK_GUESS
        return h * 3600 + m * 60 + s, None
    if isinstance(value, (int, float)):
        return _number_duration(value, bare_unit_s)
    text = _HEDGES.sub("", _HEDGES.sub("", for_parsing(str(value))).strip()).strip()
    if not text:
        return None
    m = re.fullmatch(r"(\d+):([0-5]?\d):([0-5]\d)", text)
    if m:
        return int(m[1]) * 3600 + int(m[2]) * 60 + int(m[3]), None
    m = re.fullmatch(r"(\d+):([0-5]?\d)", text)
    if m:  # in a duration column "10:00" is ten minutes, "5:30" five and a half
        return int(m[1]) * 60 + int(m[2]), None
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return _number_duration(float(text), bare_unit_s)[0], None
    m = _PRIMES.fullmatch(text)
    if m and (m[1] or m[2]):  # 5'30"
        return int(m[1] or 0) * 60 + int(m[2] or 0), None
    m = re.fullmatch(_NUM + r"\s*个半\s*(?:小时|钟头)", text)  # 一个半小时 = 1.5 h
    if m and _number(m[1]) is not None:
        return _whole_seconds((_number(m[1]) + 0.5) * 3600), None  # type: ignore[operator]
    if text in ("刻钟", "一刻钟"):
        return 900, None
    total, pos = 0.0, 0
    while pos < len(text):
        pm = _PART.match(text, pos)
        if not pm:
            break
        number = _number(pm[1])
        if number is None:
            raise DurationError(str(value))
        total += number * next(u for u, pattern in _UNITS if re.fullmatch(pattern, pm[2]))
        pos = pm.end()
    rest = text[pos:].strip()
    if pos and rest in ("", "半"):
        if rest == "半":  # "1小时半"
            total += 1800
        return _whole_seconds(total), None
    raise DurationError(str(value))


def _whole_seconds(seconds: float) -> int:
    if not math.isfinite(seconds):
        raise DurationError(str(seconds))
    return int(round(seconds))


_TIME = r"(\d{1,2})\s*(?::|点|时|\.)\s*(\d{1,2})?\s*(?::\s*(\d{1,2}))?\s*(?:分)?\s*(am|pm)?"
_TIME_RE = re.compile(r"^" + _TIME + r"$")
_HOUR_ONLY = re.compile(r"^(\d{1,2})\s*(点|时)\s*(半)?$")
_RANGE_SEP = r"\s*(?:-+|~+|—+|–|―|－|至|到|〜|→)\s*"


class TimeOfDayError(ValueError):
    pass


def parse_time_of_day(value: object) -> time | None:
    """'20:00', '20：00', '20点30', '20点半', '8:30pm', an Excel time -> time. None when empty."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.time().replace(microsecond=0)
    if isinstance(value, time):
        return value.replace(microsecond=0)
    text = for_parsing(str(value))
    if not text:
        return None
    m = _HOUR_ONLY.match(text)
    if m:
        return _make_time(int(m[1]), 30 if m[3] else 0, 0, None, value)
    m = _TIME_RE.match(text.replace("半", "30"))
    if not m:
        raise TimeOfDayError(str(value))
    return _make_time(int(m[1]), int(m[2] or 0), int(m[3] or 0), m[4], value)


def _make_time(h: int, m: int, s: int, ampm: str | None, original: object) -> time:
    if ampm == "pm" and h < 12:
        h += 12
    if ampm == "am" and h == 12:
        h = 0
    if h == 24 and m == 0 and s == 0:
        h = 0
    if not (0 <= h < 24 and 0 <= m < 60 and 0 <= s < 60):
        raise TimeOfDayError(str(original))
    return time(h, m, s)


def parse_time_range(value: object) -> tuple[time, time | None] | None:
    """'20:00-20:10' / '20:00~20:10' / '20:00—20:10' / '20点至20点10分' -> (start, end); a single
    time gives (start, None); None for an empty cell. Raises TimeOfDayError otherwise."""
    if value is None:
        return None
    if isinstance(value, (time, datetime)):
        return parse_time_of_day(value), None  # type: ignore[return-value]
    text = for_parsing(str(value))
    if not text:
        return None
    parts = re.split(_RANGE_SEP, text, maxsplit=1)
    if len(parts) == 2 and parts[0] and parts[1]:
        start, end = parse_time_of_day(parts[0]), parse_time_of_day(parts[1])
        assert start is not None and end is not None
        return start, end
    start = parse_time_of_day(text)
    assert start is not None
    return start, None


def seconds_between(start: time, end: time) -> int:
    """Length of a range of times of day; a range crossing midnight (23:50-00:10) is 20 minutes."""
    a = start.hour * 3600 + start.minute * 60 + start.second
    b = end.hour * 3600 + end.minute * 60 + end.second
    return (b - a) % 86400


def add_seconds(t: time, seconds: int) -> time:
    total = (t.hour * 3600 + t.minute * 60 + t.second + seconds) % 86400
    return time(total // 3600, total % 3600 // 60, total % 60)
