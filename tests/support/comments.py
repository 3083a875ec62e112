"""A viewer's comment for tests that only care what it says: each one from a viewer of its own."""

from __future__ import annotations

import itertools

from anchor_console.domain.models import Comment

_numbers = itertools.count(1)


def a_comment(text: str) -> Comment:
    n = next(_numbers)
    return Comment(str(n), "1", f"u{n}", "观众", text, 0.0, connection_id="c1")
