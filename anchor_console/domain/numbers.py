"""What counts as a number in what we are handed: show files, settings, records, spreadsheet
cells, request bodies. Python's bool is an int, and `true` must never pass for 1 (a sale armed at
1 分, a stock of one); these say that once."""

from __future__ import annotations


def is_number(value: object) -> bool:
    """An int or a float, never a bool. Infinity and NaN are numbers here: callers that bound the
    value refuse them with their own message."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def is_whole_number(value: object, *, whole_floats: bool = False) -> bool:
    """An int, never a bool; with `whole_floats`, also a float with nothing after the point (10.0
    from a JSON writer that prints every number as a float; not 2.5, infinity or NaN)."""
    if isinstance(value, float):
        return whole_floats and value.is_integer()
    return isinstance(value, int) and not isinstance(value, bool)
