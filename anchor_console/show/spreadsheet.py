"""Importing the 直播脚本 prep staff already keep in a spreadsheet (.xlsx, or .csv in UTF-8, UTF-8
with BOM, GBK/GB18030 or UTF-16).

Real sheets have a title block above the header row (the header row is found, not assumed),
columns named in many ways (时间/时段, 环节/流程, 时长, 商品/产品/款式, 话术/卖点, 福利/优惠,
场控/备注, 价格/直播价, 库存 — matched by synonyms and fuzzily, English too), merged cells (a 环节
merged over rows is one segment with several rows of talking points — unless each row has a time
or duration of its own; a product merged over several segments features in each; a 福利 merged
over several segments is suggested once), and every way of writing a duration or a time range
(see `durations`).

Whatever a cell holds, the show produced keeps the bounds of `limits` (the show file loader's):
a duration, price or count out of bounds is not used and its row is flagged, so an imported
show can always be saved and reopened.

`preview_import` returns an `ImportPreview`: the header row found, the proposed column → field
mapping with a confidence, the parsed segments and per-row warnings. The caller may correct the
mapping (or the header row) and call it again. The whole show is in `preview.show`, linked to the
room's catalog where that is certain (`catalog_links`).

Reading the file is `sheets`, what the columns hold is `sheet_columns`; this module finds the
title block and turns the rows under the header into the show."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, Mapping

from anchor_console.domain.numbers import is_number
from anchor_console.domain.text import QT_TRANSLATE_NOOP, Text
from anchor_console.show.catalog_links import CatalogLinks, CatalogNames, LinkChoice, ProductMismatch, link_to_catalog
from anchor_console.show.durations import (
    DurationError, TimeOfDayError, add_seconds, for_parsing, parse_duration, parse_time_of_day,
    parse_time_range, seconds_between, plain_numbers,
)
from anchor_console.show.limits import (
    MAX_COUNT, MAX_SEGMENTS, MAX_SHOW_S, count_problem, date_problem, duration_problem, price_problem,
    segments_problem, yuan_to_fen,
)
from anchor_console.show.model import Cue, FeaturedProduct, Segment, Show, StartMode, format_clock
from anchor_console.show.perks import RowFacts, suggest_cues
from anchor_console.show.sheet_record import (
    RECORD_UNREADABLE, RECORD_USED, LineModes, RecordError, read_record, restore, split_record,
)
from anchor_console.show.sheet_choice import choose_sheet, sheet_list, uncached_formula_notes
from anchor_console.show.sheet_columns import (
    ColumnMatch, SheetField, header_key, match_columns, split_products,
)
from anchor_console.show.sheets import SpreadsheetError, Table, cell_text, is_blank, read_tables

_TOTAL_ROW = re.compile(r"^(合计|总计|小计|total)\b", re.I)
_JOINED_FIELDS = (SheetField.TALKING_POINTS, SheetField.ASSISTANT)   # two such columns: both read


@dataclass(frozen=True, slots=True)
class ImportWarning:
    row: int | None         # the spreadsheet's own row number (from 1); None for the whole sheet
    column: str             # the header of the column concerned, "" if none
    message: Text


@dataclass(frozen=True, slots=True)
class ImportPreview:
    source: str
    sheet: str
    encoding: str               # for CSV; "xlsx" otherwise
    header_row: int             # from 1, as the spreadsheet numbers rows
    title_lines: tuple[str, ...]  # the title block above the header
    columns: tuple[ColumnMatch, ...]
    segments: tuple[Segment, ...]  # the first `limit` segments
    show: Show                  # everything, linked to the catalog where that is certain
    warnings: tuple[ImportWarning, ...]
    mismatches: tuple[ProductMismatch, ...] = ()  # products whose sheet ID names another catalog product
    segment_rows: dict[str, int] = field(default_factory=dict)  # segment id -> its first sheet row
    sheets: tuple[tuple[str, bool], ...] = ()   # (name, hidden) of the workbook's sheets, to choose from

    def mapping(self) -> dict[int, SheetField]:
        return {c.index: c.field for c in self.columns if c.field is not None}


# ------------------------------------------------------------------------------ title block


_DATE = re.compile(r"(20\d{2})\s*[年/.\-]\s*(\d{1,2})\s*[月/.\-]\s*(\d{1,2})")
# "target 2:00:00" / "目标 2:00:00" as the console's export writes it, "目标时长：2小时" as people do
_TARGET = re.compile(r"(?:target|目标时长|目标)\s*[:：]?\s*([^\s·|,，;；]+)")


@dataclass
class _TitleBlock:
    lines: list[str]
    day: date | None = None
    span: tuple[time, time | None] | None = None  # "直播时间：20:00-22:00"
    target_s: int | None = None                   # written as such

    def read_target(self, text: str) -> None:
        for candidate in _TARGET.findall(for_parsing(text)):
            try:
                parsed = parse_duration(candidate)
            except DurationError:
                continue  # "目标：GMV 30万" is another kind of target
            if parsed is not None and 0 < parsed[0] and duration_problem(parsed[0], MAX_SHOW_S) is None:
                self.target_s = parsed[0]
                return

    @property
    def target(self) -> int:
        if self.target_s is not None:
            return self.target_s
        return seconds_between(*self.span) if self.span is not None and self.span[1] is not None else 0


def _title_block(table: Table, header_row: int) -> _TitleBlock:
    block = _TitleBlock([])
    lines = block.lines
    day: date | None = None
    span = None
    for r in range(header_row):
        seen: set[tuple[int, int]] = set()
        for c, v in enumerate(table.rows[r]):
            anchor = table.anchor(r, c)
            if anchor in seen or is_blank(v) or anchor[0] != r:
                continue
            seen.add(anchor)
            if isinstance(v, (date, datetime)) and day is None:
                day = v.date() if isinstance(v, datetime) else v
                day = day if date_problem(day) is None else None
            text = cell_text(v)
            lines.append(text)
            if block.target_s is None:
                block.read_target(text)
            m = _DATE.search(for_parsing(text))
            if m and day is None:
                try:
                    day = date(int(m[1]), int(m[2]), int(m[3]))
                except ValueError:
                    pass
            if span is None:
                for candidate in re.findall(r"\d{1,2}\s*[:：点]\s*\d{0,2}\s*(?:-|~|—+|–|至|到|～|〜)\s*\d{1,2}\s*[:：点]\s*\d{0,2}",
                                            text):
                    try:
                        span = parse_time_range(candidate)
                        break
                    except TimeOfDayError:
                        continue
    block.day, block.span = day, span
    return block


# ------------------------------------------------------------------------------ rows → segments


def _bare_unit(header: str) -> int:
    h = for_parsing(header)
    if re.search(r"秒|sec|\(s\)", h):
        return 1
    if re.search(r"小时|hour|\(h\)", h):
        return 3600
    return 60


def _price_fen(v: Any) -> int | None:
    """Fen from a price cell; None when it holds no number. ValueError for a number that is not a
    price a show can hold (negative, above the bound, inf)."""
    if is_number(v):
        yuan: float = v
    else:
        m = re.search(r"(-?\d+(?:\.\d+)?)", plain_numbers(for_parsing(cell_text(v))))
        if not m:
            return None
        yuan = float(m[1])
    fen = yuan_to_fen(yuan)
    if fen is None:
        raise ValueError(yuan)
    return fen


def _stock(v: Any) -> int | None:
    """A stock count from its cell; None when it holds no number, ValueError when it is not a count
    a show can hold."""
    if is_number(v):
        if not math.isfinite(v) or count_problem(int(v)) is not None:
            raise ValueError(v)
        return int(v)
    m = re.search(r"(-?\d+)", plain_numbers(for_parsing(cell_text(v))))
    if not m:
        return None
    if len(m[1]) > 18 or count_problem(int(m[1])) is not None:
        raise ValueError(m[1])
    return int(m[1])


def _time_span(table: Table, rows: list[int], c: int | None, warn) -> tuple[time | None, time | None, int | None]:
    """(start, end, relative_seconds) from the time cells of a group's rows: the first cell gives
    the start, the last the end. A relative range like "0'-10'" (minutes into the show) gives only a
    length."""
    start = end = None
    relative = None
    for r, v in table.fresh_cells(rows, c):
        try:
            span = parse_time_range(v)
        except TimeOfDayError:
            parts = re.split(r"\s*(?:-|~|—+|–|至|到)\s*", for_parsing(cell_text(v)))
            try:
                a = parse_duration(parts[0]) if len(parts) == 2 else None
                b = parse_duration(parts[1]) if len(parts) == 2 else None
            except DurationError:
                a = b = None
            if a is not None and b is not None:
                relative = (relative or 0) + max(0, b[0] - a[0])
            else:
                warn(r, c, QT_TRANSLATE_NOOP("Show", "“{text}” is not a time or a time range (like 20:00-20:10)").fill(
                    text=cell_text(v)))
            continue
        if span is None:
            continue
        if start is None:
            start = span[0]
        end = span[1]
    return start, end, relative


@dataclass
class _Group:
    """The sheet rows of one segment, and what was read from them."""

    rows: list[int]
    start: time | None = None
    duration: int | None = None
    duration_unreadable: bool = False


class _SheetReader:
    """Turns the rows under the header into segments, in passes: rows → groups (one per segment),
    each group → a segment, then missing durations, fixed times, and soft vs hard starts."""

    def __init__(self, table: Table, header_row: int, columns: list[ColumnMatch], source: Path) -> None:
        self.table, self.header_row, self.source = table, header_row, source
        self.headers = {c.index: c.header for c in columns}
        self.warnings: list[ImportWarning] = []
        # Each field's columns, left to right: text fields read them all (卖点 and 话术 both as
        # talking points); any other field reads the first, and the others are said to be unused.
        self.all_cols: dict[SheetField, list[int]] = {}
        for c in sorted(columns, key=lambda c: c.index):
            if c.field is not None:
                self.all_cols.setdefault(c.field, []).append(c.index)
        self.col: dict[SheetField, int] = {f: cols[0] for f, cols in self.all_cols.items()}
        for f, cols in self.all_cols.items():
            for extra in cols[1:] if f not in _JOINED_FIELDS else ():
                self.warn(None, extra, QT_TRANSLATE_NOOP(
                    "Show", "This column is not used: “{used}” is read as {field}").fill(
                    used=self.headers.get(cols[0], ""), field=f.label))
        self.perk_cells_used: set[tuple[int, int]] = set()
        self.segment_rows: dict[str, int] = {}  # segment id -> its first sheet row (from 1)
        self.line_modes: LineModes = {}         # cue id -> the mode its exported line names
        self.title_lines: list[str] = []

    def warn(self, r: int | None, c: int | None, message: Text) -> None:
        self.warnings.append(ImportWarning(None if r is None else r + 1, self.headers.get(c, "") if c is not None else "",
                                           message))

    def cells(self, rows: list[int], f: SheetField) -> list[tuple[int, Any]]:
        return self.table.fresh_cells(rows, self.col.get(f))

    def joined_cells(self, rows: list[int], f: SheetField) -> list[tuple[int, Any]]:
        """The cells of every column read as `f`, column by column."""
        return [cell for c in self.all_cols.get(f, ()) for cell in self.table.fresh_cells(rows, c)]

    def read(self) -> tuple[Show, list[ImportWarning]]:
        groups = self.group_rows()
        if len(groups) > MAX_SEGMENTS:  # a show holds no more (the show file loader's bound)
            self.warn(groups[MAX_SEGMENTS].rows[0], self.col.get(SheetField.SEGMENT), QT_TRANSLATE_NOOP(
                "Show", "From this row on, the sheet is not read: {problem}").fill(problem=segments_problem(len(groups))))
            groups = groups[:MAX_SEGMENTS]
        shared = self.shared_time_ranges(groups)
        segments = [self.segment(i, g, shared) for i, g in enumerate(groups)]
        self.fill_missing_durations(groups, segments)
        self.keep_show_length(groups, segments)
        self.apply_fixed_times(groups, segments)
        block = _title_block(self.table, self.header_row)
        show_start = next((g.start for g in groups if g.start is not None), None)
        if block.span is not None and (show_start is None or (groups and groups[0].start is None)):
            show_start = block.span[0]
        self.settle_starts(groups, segments, show_start)
        self.segment_rows = {seg.id: g.rows[0] + 1 for seg, g in zip(segments, groups)}
        self.title_lines = block.lines
        title = next((ln for ln in block.lines if ln), self.source.stem)
        return Show(title, block.day, show_start, block.target, tuple(segments)), self.warnings

    def group_rows(self) -> list[_Group]:
        table, headers = self.table, self.headers
        seg_c, time_c, dur_c = (self.col.get(f) for f in (SheetField.SEGMENT, SheetField.TIME, SheetField.DURATION))
        header_keys = [header_key(h) for h in headers.values()]
        groups: list[_Group] = []
        for r in range(self.header_row + 1, len(table.rows)):
            row = table.rows[r]
            if r in table.hidden_rows or all(is_blank(v) for v in row):   # hidden: cut by the planner (noted)
                continue
            first = next((cell_text(v) for v in row if not is_blank(v)), "")
            if _TOTAL_ROW.match(for_parsing(first)):
                continue
            if len(row) == len(header_keys) and all(header_key(cell_text(v)) == k for v, k in zip(row, header_keys)):
                continue  # the header repeated (long sheets printed over pages)
            # A 环节 merged over rows is one segment with several rows of talking points — unless a
            # row has a time or a duration of its own: then each row is a segment of that title.
            blank = [c is None or is_blank(table.cell(r, c)) or table.merged_down(r, c) for c in (seg_c, time_c, dur_c)]
            if groups and all(blank):
                groups[-1].rows.append(r)  # no new segment, time or duration: more of the same segment
            else:
                groups.append(_Group([r]))
        return groups

    def shared_time_ranges(self, groups: list[_Group]) -> dict[tuple[int, int], list[int]]:
        """Time cells (merge anchors) → the groups they cover: a range merged over several
        segments is shared out equally between them."""
        shared: dict[tuple[int, int], list[int]] = {}
        time_c = self.col.get(SheetField.TIME)
        if time_c is not None:
            for gi, g in enumerate(groups):
                shared.setdefault(self.table.anchor(g.rows[0], time_c), []).append(gi)
        return shared

    def read_duration(self, g: _Group) -> int | None:
        dur_c = self.col.get(SheetField.DURATION)
        unit = _bare_unit(self.headers.get(dur_c, "")) if dur_c is not None else 60
        total: int | None = None
        for r, v in self.cells(g.rows, SheetField.DURATION):
            if self.table.anchor(r, dur_c)[0] < g.rows[0]:  # type: ignore[arg-type]
                continue  # merged down from an earlier segment: counted there
            try:
                parsed = parse_duration(v, bare_unit_s=unit)
            except DurationError:
                self.warn(r, dur_c, QT_TRANSLATE_NOOP(
                    "Show", "“{text}” is not a duration (like 10分钟, 10:00 or 1.5h)").fill(text=cell_text(v)))
                g.duration_unreadable = True
                continue
            if parsed is None:
                continue
            seconds, guess = parsed
            if (problem := duration_problem(seconds)) is not None:
                self.warn(r, dur_c, QT_TRANSLATE_NOOP("Show", "“{text}”: {problem}").fill(
                    text=cell_text(v)[:60], problem=problem))
                g.duration_unreadable = True
                continue
            if guess is not None:
                self.warn(r, dur_c, QT_TRANSLATE_NOOP("Show", "“{text}” was read as {duration} ({guess}); check it").fill(
                    text=cell_text(v), duration=format_clock(seconds), guess=guess))
            total = (total or 0) + seconds
        return total

    def read_products(self, rows: list[int]) -> list[FeaturedProduct]:
        """A merged product cell features in every segment it covers."""
        name_cells = self.cells(rows, SheetField.PRODUCT)
        id_cells = self.cells(rows, SheetField.PRODUCT_ID)
        products: list[FeaturedProduct] = []
        if name_cells:
            for r, v in name_cells:
                ids = next((cell_text(iv) for ir, iv in id_cells if ir == r), "")
                if not ids and len(name_cells) == 1 and id_cells:
                    ids = "\n".join(cell_text(iv) for _, iv in id_cells)
                products += split_products(cell_text(v), ids)
        else:
            for _, v in id_cells:
                products += split_products("", cell_text(v))
        return list(dict.fromkeys(products))

    def segment(self, gi: int, g: _Group, shared: dict[tuple[int, int], list[int]]) -> Segment:
        seg_id = f"seg-{gi + 1:02d}"
        time_c = self.col.get(SheetField.TIME)
        start, end, relative = _time_span(self.table, g.rows, time_c, self.warn)
        share = shared.get(self.table.anchor(g.rows[0], time_c), [gi]) if time_c is not None else [gi]
        duration = self.read_duration(g)
        if duration is None and start is not None and end is not None:
            duration = seconds_between(start, end) // len(share)
            if len(share) > 1 and share[0] == gi:
                self.warn(g.rows[0], time_c, QT_TRANSLATE_NOOP(
                    "Show", "One time range covers {count} segments; it was shared out equally").fill(count=len(share)))
        if duration is None and relative is not None:
            duration = relative
        if duration is not None and (problem := duration_problem(duration)) is not None:
            self.warn(g.rows[0], self.col.get(SheetField.DURATION, time_c), problem)
            duration, g.duration_unreadable = None, True
        g.start = start if share[0] == gi else None
        g.duration = duration

        products = self.read_products(g.rows)
        title = " ".join(cell_text(v).replace("\n", " ") for _, v in self.cells(g.rows, SheetField.SEGMENT)[:1]).strip()
        title = title or "、".join(p.label for p in products) or f"#{gi + 1}"
        talking = "\n".join(cell_text(v) for _, v in self.joined_cells(g.rows, SheetField.TALKING_POINTS))
        notes = [cell_text(v) for _, v in self.joined_cells(g.rows, SheetField.ASSISTANT)]
        price = self.first_number(g.rows, SheetField.PRICE, _price_fen, price_problem())
        stock = self.first_number(g.rows, SheetField.STOCK, _stock, QT_TRANSLATE_NOOP(
            "Show", "a stock is between 0 and {max}").fill(max=MAX_COUNT))
        for f in (SheetField.PRICE, SheetField.STOCK):
            notes += [f"{self.headers[self.col[f]]}: {cell_text(v)}" for _, v in self.cells(g.rows, f)]
        cues, perk_notes = self.suggested_cues(seg_id, g.rows, RowFacts(tuple(products), price, stock))
        return Segment(seg_id, title, duration or 0, StartMode.SOFT, None, tuple(products), talking,
                       "\n".join(n for n in notes + perk_notes if n), tuple(cues))

    def first_number(self, rows: list[int], f: SheetField, read: Any, why: Text | None) -> int | None:
        """The number in the first cell of column `f` in these rows; a number out of bounds is
        not used (the row is flagged; the cell's text stays in the notes)."""
        for r, v in self.cells(rows, f)[:1]:
            try:
                return read(v)
            except ValueError:
                self.warn(r, self.col[f], QT_TRANSLATE_NOOP("Show", "“{text}” is not used: {problem}").fill(
                    text=cell_text(v)[:60], problem=why))
        return None

    def suggested_cues(self, seg_id: str, rows: list[int], facts: RowFacts) -> tuple[list[Cue], list[str]]:
        """Cues suggested by the 福利 column; a 福利 cell merged over several segments suggests its
        cues once (in the first), and is a note in the others."""
        perks_c = self.col.get(SheetField.PERKS)
        cues: list[Cue] = []
        notes: list[str] = []
        if perks_c is None:
            return cues, notes
        label = self.headers[perks_c]
        for r, v in self.cells(rows, SheetField.PERKS):
            anchor = self.table.anchor(r, perks_c)
            if anchor in self.perk_cells_used:
                notes.append(f"{label}: {cell_text(v)}")
                continue
            self.perk_cells_used.add(anchor)
            got = suggest_cues(cell_text(v), facts, id_prefix=f"{seg_id}-c")
            for c in got.cues:
                cues.append(replace(c, id=f"{seg_id}-c{len(cues) + 1}"))
                if c.id in got.line_modes:
                    self.line_modes[cues[-1].id] = got.line_modes[c.id]
            for problem in got.problems:
                self.warn(r, perks_c, problem)
            if got.leftover:
                notes.append(f"{label}: {got.leftover}")
        return cues, notes  # what the cues still miss is said once they are linked to the catalog

    def fill_missing_durations(self, groups: list[_Group], segments: list[Segment]) -> None:
        """No duration written: up to the next segment's start time, or a warning."""
        column = self.col.get(SheetField.DURATION, self.col.get(SheetField.TIME))
        for i, g in enumerate(groups):
            if g.duration is not None:
                continue
            nxt = groups[i + 1].start if i + 1 < len(groups) else None
            if g.start is not None and nxt is not None:
                segments[i] = replace(segments[i], duration_s=seconds_between(g.start, nxt))
            elif not g.duration_unreadable:
                self.warn(g.rows[0], column, QT_TRANSLATE_NOOP(
                    "Show", "“{title}” has no duration; set one in the editor").fill(title=segments[i].title))

    def keep_show_length(self, groups: list[_Group], segments: list[Segment]) -> None:
        """All segments together stay within MAX_SHOW_S: a duration that would go beyond is not used
        (one warning, at the first such segment)."""
        total, dropped, first = 0, 0, None
        for i, seg in enumerate(segments):
            if total + seg.duration_s > MAX_SHOW_S:
                first = i if first is None else first
                dropped += 1
                segments[i] = replace(seg, duration_s=0)
            total += segments[i].duration_s
        if first is not None:
            self.warn(groups[first].rows[0], self.col.get(SheetField.DURATION), QT_TRANSLATE_NOOP(
                "Show", "From “{title}” on, the show would be longer than {max}: the durations of {count} segments "
                "were not used").fill(title=segments[first].title, max=format_clock(MAX_SHOW_S), count=dropped))

    def apply_fixed_times(self, groups: list[_Group], segments: list[Segment]) -> None:
        """Fixed start times written as such (the console's own export) are hard starts."""
        fixed_c = self.col.get(SheetField.FIXED_TIME)
        for i, g in enumerate(groups):
            for r, v in self.cells(g.rows, SheetField.FIXED_TIME)[:1]:
                try:
                    fixed = parse_time_of_day(v)
                except TimeOfDayError:
                    self.warn(r, fixed_c, QT_TRANSLATE_NOOP("Show", "“{text}” is not a time of day").fill(
                        text=cell_text(v)))
                    continue
                if fixed is not None:
                    segments[i] = replace(segments[i], start_mode=StartMode.HARD, hard_start=fixed)
                    g.start = g.start or fixed

    @staticmethod
    def settle_starts(groups: list[_Group], segments: list[Segment], show_start: time | None) -> None:
        """A written start time that does not follow on from the previous segment (a gap or an
        overlap of a minute or more) is a fixed time; otherwise the segment just follows."""
        cursor = show_start
        for i, g in enumerate(groups):
            seg, s = segments[i], g.start
            if s is not None and cursor is not None and i > 0 and not seg.is_hard:
                drift = seconds_between(cursor, s)
                drift = drift - 86400 if drift > 43200 else drift
                if abs(drift) >= 60:
                    segments[i] = seg = replace(seg, start_mode=StartMode.HARD, hard_start=s)
            base = s if (s is not None and (seg.is_hard or i == 0)) else cursor
            if base is not None:
                cursor = add_seconds(base, seg.duration_s)


def preview_import(path: Path, *, mapping: dict[int, SheetField | None] | None = None, header_row: int | None = None,
                   sheet: str | None = None, limit: int = 10, catalog: CatalogNames | None = None,
                   link_choices: Mapping[tuple[str, str], LinkChoice] | None = None) -> ImportPreview:
    """Read a 直播脚本 spreadsheet. `header_row` (from 1) and `mapping` (column index → field, for
    every column to use) override what was detected; `sheet` picks a worksheet by name (see
    `sheet_choice` for which one is read without it; pass the preview's `sheet` back). With the
    room's `catalog`, products and coupon cues are linked where that is certain and ID/name
    mismatches are returned in `mismatches`, settled by `link_choices` (see `catalog_links`)."""
    path = Path(path)
    tables, record = split_record(read_tables(path))
    choice = choose_sheet(tables, file=path.name, sheet=sheet, header_row=header_row)
    table, hr = choice.table, choice.header_row
    headers = [cell_text(v) for v in table.rows[hr]]
    if mapping is None:
        columns = match_columns(headers)
    else:
        columns = [ColumnMatch(i, h, mapping.get(i), 1.0 if mapping.get(i) else 0.0) for i, h in enumerate(headers)]
    if not any(c.field for c in columns):
        raise SpreadsheetError(QT_TRANSLATE_NOOP("Show", "No column of {file} is used; choose what the columns hold").fill(
            file=path.name))
    reader = _SheetReader(table, hr, columns, path)
    show, warnings = reader.read()
    if record is not None:
        show = _restored(show, record, reader, warnings)
    links = link_to_catalog(show, catalog or CatalogNames(), link_choices)
    notes = [ImportWarning(None, "", note) for note in choice.notes]
    used = {c: reader.headers.get(c, "") for cols in reader.all_cols.values() for c in cols}
    notes += [ImportWarning(None, header, note) for header, note in uncached_formula_notes(table, hr, used)]
    return ImportPreview(str(path), table.name, table.encoding, hr + 1, tuple(reader.title_lines),
                         tuple(columns), links.show.segments[:limit], links.show,
                         tuple(notes + _final_warnings(reader, table, links, warnings)), links.mismatches,
                         reader.segment_rows, sheet_list(tables))


def _restored(show: Show, record: Table, reader: _SheetReader, warnings: list[ImportWarning]) -> Show:
    """The show with what the console's own record in the workbook keeps and the sheet cannot show;
    the reader's segment rows follow the ids given back, and the notes say what the record did."""
    try:
        recorded = read_record(record)
    except RecordError as exc:
        warnings.append(ImportWarning(None, "", RECORD_UNREADABLE.fill(why=exc.message)))
        return show
    back = restore(show, recorded, reader.line_modes, reader.title_lines)
    reader.segment_rows = {back.renamed.get(k, k): row for k, row in reader.segment_rows.items()}
    if back.cues_restored:
        warnings.append(ImportWarning(None, "", RECORD_USED.fill(count=back.cues_restored)))
    return back.show


def _final_warnings(reader: _SheetReader, table: Table, links: CatalogLinks,
                    warnings: list[ImportWarning]) -> list[ImportWarning]:
    """The sheet's notes and what linking found first, then every row's warnings in sheet order —
    with what the suggested cues still miss once linked (a template found needs no warning)."""
    show = links.show
    notes = [ImportWarning(None, "", note) for note in table.notes]
    product_column = reader.headers.get(reader.col.get(SheetField.PRODUCT_ID, reader.col.get(SheetField.PRODUCT)), "")
    notes += [ImportWarning(reader.segment_rows.get(mm.segment_ids[0]), product_column, mm.message)
              for mm in links.mismatches]
    notes += [ImportWarning(reader.segment_rows.get(u.segment_ids[0]), product_column, u.message) for u in links.unknown]
    unlinked = sum(1 for s in show.segments for p in s.products if not p.id)
    if unlinked:
        notes.append(ImportWarning(None, "", QT_TRANSLATE_NOOP(
            "Show", "{count} products have no catalog ID yet; link them to the catalog in the editor").fill(
            count=unlinked)))
    perks_column = reader.headers.get(reader.col.get(SheetField.PERKS), "")
    for seg, cue in show.all_cues():
        warnings += [ImportWarning(reader.segment_rows.get(seg.id), perks_column, QT_TRANSLATE_NOOP(
            "Show", "Suggested cue “{cue}”: {problem}").fill(cue=cue.action.describe(), problem=problem))
            for problem in cue.action.problems()]
    return notes + sorted(warnings, key=lambda w: w.row or 0)
