"""A bool is never a number (a templated `true` must not arm a sale at 1 分); whole floats only
where a reader asks for them."""

from __future__ import annotations

import math

import pytest

from anchor_console.domain.numbers import is_number, is_whole_number


@pytest.mark.parametrize("value, number, whole, whole_or_float", [
    (3, True, True, True),
    (0, True, True, True),
    (-2, True, True, True),
    (10.0, True, False, True),
    (2.5, True, False, False),
    (math.inf, True, False, False),
    (math.nan, True, False, False),
    (True, False, False, False),
    (False, False, False, False),
    ("3", False, False, False),
    (None, False, False, False),
])
def test_what_counts_as_a_number(value, number, whole, whole_or_float):
    assert is_number(value) is number
    assert is_whole_number(value) is whole
    assert is_whole_number(value, whole_floats=True) is whole_or_float
