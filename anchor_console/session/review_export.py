"""The review exported to Excel (.xlsx): a sheet per section of the review (`review_sections`, the
same tables the review window shows), then the per-product revenue, the crew's notes and the
figures minute by minute, with native Excel charts (openpyxl LineChart / BarChart) over the figures
on the sheets themselves, so the workbook stays live in Excel and WPS. A rehearsal's workbook says
so in its first cell and in every sheet's title row.

Money is written in yuan as numbers (fen ÷ 100) with a two-decimal format, so sums in Excel are
exact to the fen; durations in whole seconds; moments of the show as a clock. Text from outside
(product names, viewers' questions, a platform's words) is written as text, never a formula,
without the control characters a cell cannot hold (`sheet_text.append_row`)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any, Callable

from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from anchor_console.domain.clock import format_clock
from anchor_console.domain.text import QT_TRANSLATE_NOOP, Text
from anchor_console.session.review import Review
from anchor_console.session.review_sections import Kind, Section, Value, all_sections, figure_kind, figure_name
from anchor_console.session.show_record_file import FIGURES
from anchor_console.domain.atomic_file import write_atomically
from anchor_console.show.sheet_text import append_row

Translate = Callable[[Text], str]
YUAN = "#,##0.00"
PERCENT = "0.0%"
FORMATS = {Kind.MONEY: YUAN, Kind.PERCENT: PERCENT}
UNITS = {Kind.MONEY: QT_TRANSLATE_NOOP("ReviewExport", "{header} (¥)"),
         Kind.LENGTH: QT_TRANSLATE_NOOP("ReviewExport", "{header} (s)"),
         Kind.OVER: QT_TRANSLATE_NOOP("ReviewExport", "{header} (s)")}
CHART_STEP_S = 60  # the time charts plot one point a minute (a 4-hour show: 240 points)
MAX_SHEET_TITLE = 31  # Excel's limit


def _written(value: Any, kind: Kind, tr: Translate) -> Any:
    """A section's value as the workbook holds it: numbers stay numbers (money in yuan)."""
    if value is None or isinstance(value, Text):
        return None if value is None else tr(value)
    if kind is Kind.MONEY:
        return value / 100
    if kind in (Kind.LENGTH, Kind.OVER):
        return round(value)
    return format_clock(value) if kind is Kind.AT else value


def _labelled(text: Text, kind: Kind, tr: Translate) -> str:
    """A header or a row's label, with the unit its values are written in."""
    unit = UNITS.get(kind)
    return tr(unit.fill(header=text)) if unit is not None else tr(text)


def _sheet(wb: Workbook, review: Review, tr: Translate, title_text: Text, header: list) -> Worksheet:
    """A sheet with the review's title, its own and a bold header row, in the operator's language."""
    title = tr(title_text)
    ws = wb.create_sheet(title[:MAX_SHEET_TITLE])
    rehearsal = tr(QT_TRANSLATE_NOOP("ReviewExport", "REHEARSAL")) + " — " if review.overview.rehearsal else ""
    append_row(ws, [f"{rehearsal}{review.overview.title} — {title}"])
    ws["A1"].font = Font(bold=True, size=12)
    append_row(ws, [tr(h) if isinstance(h, Text) else h for h in header])
    for cell in ws[2]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A3"
    return ws


def _write_row(ws: Worksheet, values: list[Any], kinds: list[Kind], tr: Translate) -> None:
    cells = [(v.value, v.kind or k) if isinstance(v, Value) else (v, k) for v, k in zip(values, kinds)]
    append_row(ws, [_written(v, k, tr) for v, k in cells])
    for column, (_, kind) in enumerate(cells, start=1):
        if kind in FORMATS:
            ws.cell(ws.max_row, column).number_format = FORMATS[kind]


def _labelled_row(ws: Worksheet, label: Text, value: Any, tr: Translate) -> None:
    """A label, with the unit its value is written in, and the value: an overview figure, a total."""
    kind = value.kind if isinstance(value, Value) and value.kind is not None else Kind.TEXT
    _write_row(ws, [_labelled(label, kind, tr), value], [Kind.TEXT, kind], tr)


def _section_sheet(wb: Workbook, r: Review, tr: Translate, section: Section) -> Worksheet:
    """A section as a sheet: its columns (with their units) and rows, then its remarks and totals."""
    ws = _sheet(wb, r, tr, section.title, [_labelled(c.header, c.kind, tr) for c in section.columns])
    kinds = [c.kind for c in section.columns]
    for row in section.rows:
        _write_row(ws, row, kinds, tr)
    remarks = [section.note] + ([section.empty] if not section.rows else [])
    remarks = [text for text in remarks if text is not None]
    if remarks or section.summary:
        append_row(ws, [])
    for text in remarks:
        append_row(ws, [tr(text)])
    for label, value in section.summary:
        _labelled_row(ws, label, value, tr)
    return ws


def _bar_chart(ws: Worksheet, rows: int, *, data_columns: tuple[int, ...], category_column: int) -> BarChart:
    """A bar chart of the sheet's rows (under its two title rows), placed below them; shown only
    when there are rows (an empty one is made but not placed)."""
    chart = BarChart()
    for col in data_columns:
        chart.add_data(Reference(ws, min_col=col, min_row=2, max_row=rows + 2), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=category_column, min_row=3, max_row=rows + 2))
    if rows:
        ws.add_chart(chart, f"A{rows + 5 + 3}")
    return chart


def _overview(wb: Workbook, r: Review, tr: Translate, section: Section) -> None:
    """The first sheet: "Live show" (or REHEARSAL) and the title, then the figures, each with its unit."""
    ws = wb.active
    ws.title = tr(section.title)[:MAX_SHEET_TITLE]
    live = QT_TRANSLATE_NOOP("ReviewExport", "REHEARSAL") if r.overview.rehearsal else QT_TRANSLATE_NOOP(
        "ReviewExport", "Live show")
    append_row(ws, [tr(live), r.overview.title])
    ws["A1"].font = Font(bold=True, size=12)
    for label, value in section.rows:
        _labelled_row(ws, label, value, tr)
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["B"].width = 24


def _sections(wb: Workbook, r: Review, tr: Translate) -> None:
    for section in all_sections(r):
        if section.key == "overview":
            _overview(wb, r, tr, section)
            continue
        if section.key == "comparison" and not section.rows:
            continue
        ws = _section_sheet(wb, r, tr, section)
        if section.key == "segments":
            chart = _bar_chart(ws, len(section.rows), data_columns=(section.column("gmv") + 1,), category_column=1)
            chart.title, chart.y_axis.title = tr(QT_TRANSLATE_NOOP("ReviewExport", "GMV per segment (¥)")), "¥"
        elif section.key == "products":
            chart = _bar_chart(ws, len(section.rows), data_columns=(section.column("gmv_on") + 1,
                                                                    section.column("gmv_off") + 1),
                               category_column=section.column("name") + 1)
            chart.type, chart.grouping, chart.overlap = "bar", "stacked", 100
            chart.title = tr(QT_TRANSLATE_NOOP("ReviewExport", "GMV on and off stage (¥)"))


def _revenue_and_notes(wb: Workbook, r: Review, tr: Translate) -> None:
    ws = _sheet(wb, r, tr, QT_TRANSLATE_NOOP("ReviewExport", "Revenue"), [
        QT_TRANSLATE_NOOP("Review", "Product id"), QT_TRANSLATE_NOOP("Review", "Product"),
        _labelled(figure_name("gmv_fen"), Kind.MONEY, tr), QT_TRANSLATE_NOOP("Review", "Commission %"),
        _labelled(QT_TRANSLATE_NOOP("Review", "Commission"), Kind.MONEY, tr)])
    kinds = [Kind.TEXT, Kind.TEXT, Kind.MONEY, Kind.PERCENT, Kind.MONEY]
    for pid, name, gmv, bp, fen in r.revenue.per_product:
        _write_row(ws, [pid, name, gmv, bp / 10_000, fen], kinds, tr)
    _write_row(ws, [QT_TRANSLATE_NOOP("ReviewExport", "Total"), "", sum(p[2] for p in r.revenue.per_product), None,
                    r.revenue.total_fen], kinds, tr)
    notes = _sheet(wb, r, tr, QT_TRANSLATE_NOOP("ReviewExport", "Notes"),
        [QT_TRANSLATE_NOOP("ReviewExport", "The crew's conclusions")])
    append_row(notes, [r.notes])
    notes.column_dimensions["A"].width = 100


def _series(wb: Workbook, r: Review, tr: Translate) -> None:
    """One row a minute (the last reading of each minute), with the time charts beside it."""
    ws = _sheet(wb, r, tr, QT_TRANSLATE_NOOP("ReviewExport", "Per minute"),
        [QT_TRANSLATE_NOOP("ReviewExport", "Minute"), *(_labelled(figure_name(f), figure_kind(f), tr) for f in FIGURES)])
    rows, last_minute = [], None
    for row in r.series:
        minute = row[0] // CHART_STEP_S
        if minute == last_minute:
            rows[-1] = row
        else:
            rows.append(row)
            last_minute = minute
    kinds = [Kind.COUNT, *(figure_kind(f) for f in FIGURES)]
    for row in rows:
        _write_row(ws, [row[0] // CHART_STEP_S, *row[1:]], kinds, tr)
    n = len(rows)
    if not n:
        return
    for figure, anchor in (("online", "N3"), ("gmv_fen", "N20")):
        chart = LineChart()
        chart.title = tr(figure_name("online") if figure == "online"
                         else QT_TRANSLATE_NOOP("ReviewExport", "GMV (¥, cumulative)"))
        chart.x_axis.title = tr(QT_TRANSLATE_NOOP("ReviewExport", "minute"))
        col = FIGURES.index(figure) + 2
        chart.add_data(Reference(ws, min_col=col, min_row=2, max_row=n + 2), titles_from_data=True)
        chart.set_categories(Reference(ws, min_col=1, min_row=3, max_row=n + 2))
        ws.add_chart(chart, anchor)


def export_xlsx(review: Review, path: Path, *, translate: Translate = Text.english) -> Path:
    """Write the workbook in the operator's language (`translate`: the ui's tr for a Text; English
    without one); returns its path (written whole or not at all)."""
    wb = Workbook()
    for part in (_sections, _revenue_and_notes, _series):
        part(wb, review, translate)
    data = io.BytesIO()
    wb.save(data)
    path = Path(path)
    write_atomically(path, data.getvalue())
    return path
