"""What text from viewers (a comment, a nickname) may hold, decided once where it enters the
console, so that the store, its search, the feed, the user card and the exports all see the same
string.

Characters that are not text — NUL and the other C0 controls, DEL, the C1 controls, the two
non-characters, and lone surrogates (a platform's JSON may carry "\\ud800") — become U+FFFD "�":
SQLite's LIKE and its text index stopped reading a comment at a NUL (the rest could not be found),
a lone surrogate failed the whole batch's insert, and spreadsheets refuse them all. Replaced, not
removed: the text on either side is kept apart as it was sent, and whoever reads it sees that
something was there. Tabs and line breaks are text and stay (the feed shows them as spaces).
Direction overrides and zero-width characters are text too and stay as sent (the moderation
flags them and matches through them; the feed shows them as nothing)."""

from __future__ import annotations

import re

_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def plain_text(text: str) -> str:
    """`text` with every character that is not text replaced by U+FFFD."""
    if _NOT_TEXT.search(text) is None:   # nearly every comment: one C-speed scan
        return text
    return _NOT_TEXT.sub("\ufffd", text)
