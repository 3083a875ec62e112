"""Exporting a show for people who do not run the console: an .xlsx run sheet in the shape prep
staff already use (merged title row, computed start times, readable widths, wrapped text — and it
imports back whole: a hidden sheet keeps what the run sheet cannot show, see `sheet_record`), and
a self-contained printable HTML run sheet (A4, print CSS) that the ui turns into a PDF with Qt.

Labels are `Text`s; pass the ui's translate function (`tr_text`) to get them in the user's
language. Without one they are English.

Any text a show holds can be exported: control characters are left out (`limits.printable`), text
in the workbook stays text (never a formula Excel would run) and is cut with "…" beyond Excel's
32,767 characters per cell (`sheet_text`), and both exports take time linear in the show."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Callable

from anchor_console.domain.text import QT_TRANSLATE_NOOP, Text
from anchor_console.domain.atomic_file import write_atomically
from anchor_console.show.cue_text import cue_line
from anchor_console.show.limits import printable
from anchor_console.show.model import PlannedSegment, Schedule, Segment, Show, format_clock
from anchor_console.show.sheet_columns import SheetField, product_cells
from anchor_console.show.sheet_record import SUMMARY_SEPARATOR, write_record
from anchor_console.show.sheet_text import put_cell

Translate = Callable[[Text], str]
Planned = dict[str, PlannedSegment]  # segment id -> its planned times (Schedule.item is a linear search)


_NUMBER = QT_TRANSLATE_NOOP("Show", "No.")
_FIXED = QT_TRANSLATE_NOOP("Show", "fixed time")
_FOOTER = QT_TRANSLATE_NOOP("Show", "Run sheet from Anchor Console")
_SHEET_TITLE = QT_TRANSLATE_NOOP("Show", "Run sheet")   # the workbook's tab, in the user's language
_COLUMNS: list[tuple[Text, float]] = [  # label, width in characters
    (_NUMBER, 5),
    (SheetField.TIME.label, 13),
    (SheetField.DURATION.label, 9),
    (SheetField.SEGMENT.label, 18),
    (SheetField.PRODUCT.label, 22),
    (SheetField.PRODUCT_ID.label, 11),
    (SheetField.TALKING_POINTS.label, 46),
    (SheetField.PERKS.label, 36),
    (SheetField.ASSISTANT.label, 28),
]
_FIXED_COLUMN = (SheetField.FIXED_TIME.label, 11)  # only for shows with hard starts


def _schedule(show: Show) -> Schedule | None:
    return show.schedule() if show.start is not None else None


def _planned(schedule: Schedule | None) -> Planned:
    return {i.segment_id: i for i in schedule.items} if schedule else {}


def _time_range(planned: Planned, seg: Segment) -> str:
    item = planned.get(seg.id)
    if item is None:
        return ""
    return f"{item.start:%H:%M}-{item.end:%H:%M}"


def _summary(show: Show, schedule: Schedule | None, tr: Translate) -> str:
    parts = []
    if show.date is not None:
        parts.append(show.date.isoformat())
    if show.start is not None:
        parts.append(show.start.strftime("%H:%M"))
    length = schedule.length_s if schedule else sum(s.duration_s for s in show.segments)
    parts.append(tr(QT_TRANSLATE_NOOP("Show", "planned {length}").fill(length=format_clock(length))))
    if show.target_length_s:
        parts.append(tr(QT_TRANSLATE_NOOP("Show", "target {length}").fill(length=format_clock(show.target_length_s))))
    return SUMMARY_SEPARATOR.join(parts)


def _cue_lines(seg: Segment, tr: Translate) -> list[str]:
    return [cue_line(c, tr) for c in seg.cues]


def export_xlsx(show: Show, path: Path, *, translate: Translate = Text.english) -> None:
    """Write the run sheet as .xlsx (atomically)."""
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    tr = translate
    schedule = _schedule(show)
    planned = _planned(schedule)
    columns = _COLUMNS + ([_FIXED_COLUMN] if any(s.is_hard for s in show.segments) else [])
    wb = Workbook()
    ws = wb.active
    ws.title = tr(_SHEET_TITLE)[:31]   # Excel's longest tab name
    width = len(columns)
    put_cell(ws, 1, 1, show.title).font = Font(bold=True, size=15)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    put_cell(ws, 2, 1, _summary(show, schedule, tr))
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    header_row = 4
    thin = Side(style="thin", color="999999")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    for c, (label, chars) in enumerate(columns, start=1):
        cell = put_cell(ws, header_row, c, tr(label))
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="FCE4D6")
        cell.border, cell.alignment = box, Alignment(wrap_text=True, vertical="center")
        ws.column_dimensions[get_column_letter(c)].width = chars
    for i, seg in enumerate(show.segments, start=1):
        r = header_row + i
        values = [
            i,
            _time_range(planned, seg),
            format_clock(seg.duration_s),  # text, so Excel does not turn "10:00" into ten o'clock
            seg.title,
            *product_cells(seg.products),
            seg.talking_points,
            "\n".join(_cue_lines(seg, tr)),
            seg.notes,
        ]
        if len(columns) > len(_COLUMNS):
            values.append(seg.hard_start.strftime("%H:%M:%S") if seg.is_hard else "")  # type: ignore[union-attr]
        for c, v in enumerate(values, start=1):
            cell = put_cell(ws, r, c, v)
            cell.border, cell.alignment = box, wrap
            if c in (2, 3, 6, 10):
                cell.number_format = "@"
    ws.freeze_panes = ws.cell(header_row + 1, 1)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header_row}:{header_row}"
    write_record(wb, show, tr)
    buf = io.BytesIO()
    wb.save(buf)
    write_atomically(Path(path), buf.getvalue())


_CSS = """
@page { size: A4 landscape; margin: 12mm; }
* { box-sizing: border-box; }
body { font-family: "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif;
       font-size: 10pt; color: #111; margin: 0; }
h1 { font-size: 16pt; margin: 0 0 2mm 0; }
p.meta { margin: 0 0 4mm 0; color: #444; }
table { width: 100%; border-collapse: collapse; }
thead { display: table-header-group; }
tr { page-break-inside: avoid; break-inside: avoid; }
th, td { border: 0.3mm solid #888; padding: 1.5mm 2mm; vertical-align: top; text-align: left; }
th { background: #fce4d6; }
td.time { white-space: nowrap; font-variant-numeric: tabular-nums; }
td.seg b { font-size: 11pt; }
.products { color: #333; margin-top: 1mm; }
.hard { color: #b00020; font-weight: bold; }
tr.gap td { background: #f4f4f4; color: #555; font-style: italic; }
ul { margin: 0; padding-left: 4mm; }
footer { margin-top: 4mm; color: #777; font-size: 8pt; }
@media screen { body { margin: 10mm; } }
"""


def _h(text: str) -> str:
    """HTML-escaped, line breaks kept."""
    return html.escape(printable(text), quote=True).replace("\n", "<br>")


def export_html(show: Show, *, translate: Translate = Text.english, lang: str = "zh-CN") -> str:
    """A self-contained printable run sheet (no scripts, no external files)."""
    tr = translate
    schedule = _schedule(show)
    planned = _planned(schedule)
    heads = [_NUMBER, SheetField.TIME.label, SheetField.DURATION.label, SheetField.SEGMENT.label,
             SheetField.TALKING_POINTS.label, QT_TRANSLATE_NOOP("Show", "Cues"), SheetField.ASSISTANT.label]
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{_h(lang)}"><head><meta charset="utf-8">',
        f"<title>{_h(show.title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{_h(show.title)}</h1>",
        f'<p class="meta">{_h(_summary(show, schedule, tr))}</p>',
        "<table><thead><tr>" + "".join(f"<th>{_h(tr(h))}</th>" for h in heads) + "</tr></thead><tbody>",
    ]
    for i, seg in enumerate(show.segments, start=1):
        item = planned.get(seg.id)
        if item is not None and item.hard and abs(item.gap_before_s) >= 1:
            if item.gap_before_s > 0:
                note = QT_TRANSLATE_NOOP("Show", "Gap of {time} before the fixed start").fill(
                    time=format_clock(item.gap_before_s))
            else:
                note = QT_TRANSLATE_NOOP("Show", "Overlaps the previous segment by {time}").fill(
                    time=format_clock(-item.gap_before_s))
            out.append(f'<tr class="gap"><td></td><td colspan="{len(heads) - 1}">{_h(tr(note))}</td></tr>')
        time_cell = _h(_time_range(planned, seg))
        if seg.is_hard:
            time_cell += f'<br><span class="hard">{_h(tr(_FIXED))}</span>'
        products = ""
        if seg.products:
            products = '<div class="products">' + _h("、".join(p.label for p in seg.products)) + "</div>"
        cues = ""
        if seg.cues:
            cues = "<ul>" + "".join(f"<li>{_h(line)}</li>" for line in _cue_lines(seg, tr)) + "</ul>"
        out.append(
            "<tr>"
            f"<td>{i}</td>"
            f'<td class="time">{time_cell}</td>'
            f'<td class="time">{_h(format_clock(seg.duration_s))}</td>'
            f'<td class="seg"><b>{_h(seg.title)}</b>{products}</td>'
            f"<td>{_h(seg.talking_points)}</td>"
            f"<td>{cues}</td>"
            f"<td>{_h(seg.notes)}</td>"
            "</tr>")
    out.append("</tbody></table>")
    out.append(f"<footer>{_h(tr(_FOOTER))}</footer>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def save_html(show: Show, path: Path, *, translate: Translate = Text.english, lang: str = "zh-CN") -> None:
    write_atomically(Path(path), export_html(show, translate=translate, lang=lang).encode("utf-8", errors="replace"))
