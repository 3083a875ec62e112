"""Text from outside (comments, nicknames, product names from a platform) made safe to show on
one line, and times of day as the feed shows them. Plain Python: the painting stays plain text."""

from __future__ import annotations

import re
import time

# Characters that change how *other* text is laid out or hide themselves: shown as nothing.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u00ad\u034f\u180e]")
_COMBINING_RUN = re.compile("([\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f])"
                            "[\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f\u2028\u2029]")


_MARK_PAIR = re.compile("[\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]{2}")


def display_text(text: str, limit: int = 300) -> str:
    """One safe line for display: no bidi/zero-width tricks, zalgo cut to one mark per letter,
    newlines as spaces, long texts cut (the full text stays in the store and the user card)."""
    # Nearly every comment is printable, has no stacked marks and is short: one C-speed check
    # each instead of three substitutions.
    if (text.isprintable() and len(text) <= limit and "\u034f" not in text  # printable, yet invisible
            and _MARK_PAIR.search(text) is None):
        return text
    text = _CONTROL.sub(" ", text.replace("\n", " ").replace("\r", " "))
    text = _INVISIBLE.sub("", text)
    text = _COMBINING_RUN.sub(r"\1", text)
    return text if len(text) <= limit else text[:limit] + "…"


_last_second: list = [0, ""]  # the last second formatted: a busy feed gets hundreds of comments per second


def time_of_day(at: float) -> str:
    """Local "HH:MM:SS" of a timestamp."""
    second = int(at)
    if second != _last_second[0]:
        _last_second[0], _last_second[1] = second, time.strftime("%H:%M:%S", time.localtime(second))
    return _last_second[1]
