"""The review's sections (`session.review_sections`) as tables of readable text (`Table`): the
review window shows them and the HTML / PDF report prints the same ones, so the two never disagree;
the Excel workbook writes the same sections as numbers. Over/under the plan and trends against
earlier shows carry an arrow and a colour; money is yuan, durations a clock."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QCoreApplication

from anchor_console.domain.clock import format_clock
from anchor_console.domain.money import format_money
from anchor_console.domain.text import Text
from anchor_console.session.review import Review
from anchor_console.session.review_sections import (
    Kind, Section, Tone, Value, all_sections, on_time,
)
from anchor_console.ui.common.palette import GREEN, ORANGE, RED
from anchor_console.ui.common.i18n import tr_text

translate = QCoreApplication.translate  # lupdate finds translate("Review", …) calls

GOOD, BAD, LATE = GREEN, RED, ORANGE
COLORS = {Tone.GOOD: GOOD, Tone.BAD: BAD, Tone.LATE: LATE, Tone.PLAIN: ""}


@dataclass
class Cell:
    text: str
    color: str = ""
    right: bool = False   # a figure (money, a count, a share, a time): right-aligned, digits under digits


# The kinds of value written as figures, aligned at the right of their column.
FIGURES = {Kind.COUNT, Kind.MONEY, Kind.PERCENT, Kind.LENGTH, Kind.AT, Kind.OVER}


@dataclass
class Table:
    title: str
    headers: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    note: str = ""
    wide: int = 0  # the column that takes the width left (names, descriptions)


def shown(value: Any, kind: Kind) -> str:
    """A section's value as the screen shows it; nothing to show is a dash (blank for text)."""
    if value is None:
        return "" if kind is Kind.TEXT else "—"
    if isinstance(value, Text):
        return tr_text(value)
    if kind is Kind.COUNT:
        return f"{int(round(value)):,}"
    if kind is Kind.MONEY:
        return format_money(int(round(value)))
    if kind in (Kind.LENGTH, Kind.AT):
        return format_clock(value)
    if kind is Kind.PERCENT:
        return f"{value * 100:.1f}%"
    if kind is Kind.OVER:
        if on_time(value):
            return translate("Review", "on time")
        if value > 0:
            return translate("Review", "▲ {t} over").format(t=format_clock(value))
        return translate("Review", "▼ {t} under").format(t=format_clock(-value))
    return str(value)


def _cell(value: Any, kind: Kind) -> Cell:
    if isinstance(value, Value):
        kind = value.kind or kind
        return Cell(shown(value.value, kind), COLORS[value.tone], _is_figure(value.value, kind))
    return Cell(shown(value, kind), right=_is_figure(value, kind))


def _is_figure(value: Any, kind: Kind) -> bool:
    return kind in FIGURES and not isinstance(value, Text)


def as_table(section: Section) -> Table:
    kinds = [c.kind for c in section.columns]
    notes = [tr_text(section.note)] if section.note is not None else []
    notes += [translate("Review", "{label}: {value}").format(label=tr_text(label), value=_cell(v, Kind.COUNT).text)
              for label, v in section.summary]
    if not section.rows and section.empty is not None:
        notes.append(tr_text(section.empty))
    return Table(tr_text(section.title), [tr_text(c.header) for c in section.columns],
                 [[_cell(v, k) for v, k in zip(row, kinds)] for row in section.rows], " · ".join(notes), section.wide)


def all_tables(r: Review) -> list[Table]:
    """Every section, in the order the report prints them."""
    return [as_table(s) for s in all_sections(r)]
