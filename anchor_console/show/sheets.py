"""Reading a spreadsheet file into tables of cells: .xlsx workbooks (every worksheet, merged cells
resolved so a merged cell reads the same in every row it covers) and .csv in UTF-8, UTF-8 with BOM,
GBK/GB18030 or UTF-16, with the delimiter sniffed. What the cells mean is for `sheet_columns` and
`spreadsheet` to find out.

Reading is bounded by what the sheet holds, not by how big it says it is: a workbook is streamed
cell by cell (openpyxl's worksheet parser, without building openpyxl's cell objects), only cells
that hold a value count towards the used range, a merge is kept as a rectangle clipped to that
range, and a sheet beyond MAX_ROWS × MAX_COLUMNS is read in part with a note saying so. Every
failure on a damaged or hostile file is a `SpreadsheetError`; text arrives without control
characters."""

from __future__ import annotations

import bisect
import csv
import io
import logging
import os
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, time
from pathlib import Path
from typing import Any, Iterable

from anchor_console.domain.text import QT_TRANSLATE_NOOP, os_error_words, Text, TextError
from anchor_console.domain.text_encoding import UNKNOWN_ENCODING, UNREADABLE, decode_text
from anchor_console.show.limits import printable

log = logging.getLogger("anchor_console.show.sheets")

MAX_ROWS = 5000              # sheet rows read (a 直播脚本 has tens)
MAX_COLUMNS = 100            # columns read (it has about ten)
MAX_MERGES = 5000            # merged ranges per sheet
MAX_FILE_BYTES = 64 * 1024 * 1024        # a workbook on disk (one with product photos is a few MB)
MAX_CSV_BYTES = 16 * 1024 * 1024         # a CSV file (a run-of-show as text is a few KB)
MAX_UNPACKED_BYTES = 128 * 1024 * 1024   # all XML inside a workbook, unpacked (a zip bomb stops here)
MAX_PART_BYTES = 8 * 1024 * 1024         # one XML part read whole (shared strings, styles)
MAX_SHEET_XML_BYTES = 8 * 1024 * 1024    # worksheet XML parsed, all sheets together; the rest is left out


class SpreadsheetError(TextError):
    """A spreadsheet that cannot be read, and why."""


Merge = tuple[int, int, int, int]  # first row, first column, last row, last column (0-based, inclusive)


@dataclass
class Table:
    """One worksheet (or the CSV file) as rows of cell values over its used range (row i is the
    sheet's row i + 1), and its merged ranges. `notes` say what was left out of a sheet too large to
    read whole."""

    name: str
    rows: list[list[Any]]
    merges: list[Merge] = field(default_factory=list)
    encoding: str = "xlsx"
    notes: list[Text] = field(default_factory=list)
    hidden: bool = False                                  # a worksheet hidden in the workbook
    hidden_rows: set[int] = field(default_factory=set)    # rows hidden in it (0-based, as `rows`)
    # (row, column), 0-based: formulas saved without their result (by a program that does not
    # calculate, a script's openpyxl or pandas): read as empty, and said so
    uncached_formulas: list[tuple[int, int]] = field(default_factory=list)
    # column -> (first rows, merges) sorted by first row, for `anchor`; merges never overlap
    _by_column: dict[int, tuple[list[int], list[Merge]]] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        for m in sorted(self.merges):
            for c in range(m[1], m[3] + 1):
                starts, ranges = self._by_column.setdefault(c, ([], []))
                starts.append(m[0])
                ranges.append(m)

    def cell(self, r: int, c: int) -> Any:
        row = self.rows[r] if r < len(self.rows) else []
        return row[c] if c < len(row) else None

    def anchor(self, r: int, c: int) -> tuple[int, int]:
        """The top-left cell of the merge covering (r, c); (r, c) itself when it is not merged."""
        found = self._by_column.get(c)
        if found is not None:
            i = bisect.bisect_right(found[0], r) - 1
            if i >= 0 and r <= found[1][i][2]:
                return found[1][i][0], found[1][i][1]
        return r, c

    def merged_down(self, r: int, c: int | None) -> bool:
        """Is (r, c) covered by a merge that starts in a row above?"""
        return c is not None and self.anchor(r, c)[0] < r

    def fresh_cells(self, rows: list[int], c: int | None) -> list[tuple[int, Any]]:
        """The cells of column c in these rows, leaving out merge continuations of a cell already read."""
        if c is None:
            return []
        out, seen = [], set()
        for r in rows:
            a = self.anchor(r, c)
            if a in seen:
                continue
            seen.add(a)
            v = self.cell(r, c)
            if not is_blank(v):
                out.append((r, v))
        return out


def is_blank(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def cell_text(v: Any) -> str:
    """A cell as the text a person sees in it (whole numbers without ".0", dates and times short)."""
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        return str(int(v))
    if isinstance(v, datetime):
        return v.strftime("%Y-%m-%d %H:%M") if v.time() != time(0) else v.date().isoformat()
    if isinstance(v, time):
        return v.strftime("%H:%M")
    return str(v).strip()


def _clean(v: Any) -> Any:
    return printable(v) if isinstance(v, str) else v


def _too_large_note(rows: int, columns: int) -> list[Text]:
    notes = []
    if rows > MAX_ROWS:
        notes.append(QT_TRANSLATE_NOOP("Show", "The sheet has more than {max} rows; only the first {max} were read")
                     .fill(max=MAX_ROWS))
    if columns > MAX_COLUMNS:
        notes.append(QT_TRANSLATE_NOOP(
            "Show", "The sheet has more than {max} columns; only the first {max} were read").fill(max=MAX_COLUMNS))
    return notes


def build_table(name: str, cells: Iterable[tuple[int, int, Any]], merges: Iterable[Merge] = (),
                encoding: str = "xlsx") -> Table:
    """A table over the used range of `cells` ((row, column, value), 0-based, any order): blank
    cells do not count, rows and columns beyond the caps are left out (with a note), and merges are
    clipped to the used range; a merged range reads its first cell's value everywhere."""
    values: dict[tuple[int, int], Any] = {}
    last_row = last_column = -1
    for r, c, v in cells:
        if is_blank(v):
            continue
        last_row, last_column = max(last_row, r), max(last_column, c)
        if r < MAX_ROWS and c < MAX_COLUMNS:
            values[(r, c)] = _clean(v)
    notes = _too_large_note(last_row + 1, last_column + 1)
    height = max((r + 1 for r, _ in values), default=0)
    width = max((c + 1 for _, c in values), default=0)
    rows: list[list[Any]] = [[None] * width for _ in range(height)]
    for (r, c), v in values.items():
        rows[r][c] = v
    kept: list[Merge] = []
    last_in_column: dict[int, int] = {}  # column -> last row of the merges kept there (sorted by first row)
    for count, (r0, c0, r1, c1) in enumerate(sorted(merges)):
        if count >= MAX_MERGES:
            notes.append(QT_TRANSLATE_NOOP("Show", "Only the first {max} merged ranges were read").fill(max=MAX_MERGES))
            break
        r1, c1 = min(r1, height - 1), min(c1, width - 1)
        if r0 < 0 or c0 < 0 or r0 > r1 or c0 > c1 or (r0, c0) == (r1, c1):
            continue
        if any(last_in_column.get(c, -1) >= r0 for c in range(c0, c1 + 1)):
            continue  # overlaps a merge already kept: Excel cannot make one, so it is damage
        kept.append((r0, c0, r1, c1))
        value = rows[r0][c0]
        for r in range(r0, r1 + 1):
            rows[r][c0:c1 + 1] = [value] * (c1 + 1 - c0)
        for c in range(c0, c1 + 1):
            last_in_column[c] = r1
    return Table(name, rows, kept, encoding, notes)


# ------------------------------------------------------------------------------------- .xlsx


# Why a file cannot be read, in our words: openpyxl's and the csv module's English ("There is no item
# named 'xl/workbook.xml' in the archive", "field larger than field limit (131072)") reached the user
# even in the Chinese ui. Their own words go to the log.
_PARTS_DAMAGED = QT_TRANSLATE_NOOP("Show", "parts of the workbook are missing or damaged")
_CELL_TOO_LONG = QT_TRANSLATE_NOOP("Show", "a cell holds more than {max} characters, or a quote is not closed")


def _damaged(path: Path, exc: BaseException, reason: Text = _PARTS_DAMAGED) -> SpreadsheetError:
    log.info("spreadsheet %s cannot be read: %s: %s", path.name, type(exc).__name__, str(exc)[:300])
    return SpreadsheetError(QT_TRANSLATE_NOOP("Show", "{file} is damaged and cannot be read ({reason})").fill(
        file=path.name, reason=reason))


def _not_a_workbook(path: Path, reason: str | Text) -> SpreadsheetError:
    return SpreadsheetError(QT_TRANSLATE_NOOP(
        "Show", "{file} is not a readable .xlsx workbook ({reason}). Old .xls files: save them as .xlsx first.").fill(
        file=path.name, reason=reason))


def _check_archive(path: Path) -> None:
    """Refuse what is not a zip, or unpacks to far more than a spreadsheet's XML could be (a part's
    declared size is also the most that zipfile unpacks of it)."""
    with open(path, "rb") as fh:
        head = fh.read(8)
    if head.startswith(b"\xd0\xcf\x11\xe0"):  # an OLE container: an old .xls, or a password-protected .xlsx
        raise _not_a_workbook(path, QT_TRANSLATE_NOOP("Show", "an old .xls file or a password-protected workbook"))
    if not head.startswith(b"PK"):
        raise _not_a_workbook(path, QT_TRANSLATE_NOOP("Show", "it is not a zip archive"))
    with zipfile.ZipFile(path) as archive:
        parts = [i for i in archive.infolist() if i.filename.endswith((".xml", ".rels"))]
    whole = [i.file_size for i in parts if not i.filename.startswith("xl/worksheets/")]
    unpacked = sum(i.file_size for i in parts)
    if unpacked > MAX_UNPACKED_BYTES or max(whole, default=0) > MAX_PART_BYTES:
        raise SpreadsheetError(QT_TRANSLATE_NOOP(
            "Show", "{file} unpacks to {size} MB of sheet data, more than a run-of-show can hold").fill(
            file=path.name, size=max(unpacked, 1024 * 1024) // (1024 * 1024)))


class _Metered:
    """A sheet's XML stream that ends when the shared budget of MAX_SHEET_XML_BYTES is spent."""

    def __init__(self, raw: Any, budget: list[int]) -> None:
        self.raw, self.budget = raw, budget

    def read(self, n: int = -1) -> bytes:
        wanted = self.budget[0] if n is None or n < 0 else min(n, self.budget[0])
        data = self.raw.read(wanted) if wanted > 0 else b""
        self.budget[0] -= len(data)
        return data


_MERGE_CELL = re.compile(rb'<(?:\w+:)?mergeCell\s[^>]*?ref="([A-Za-z]{1,3}[0-9]{1,7}:[A-Za-z]{1,3}[0-9]{1,7})"[^>]*>')


def _parser(src: Any, ws: Any, wb: Any, uncached: list[tuple[int, int]]) -> Any:
    """openpyxl's worksheet parser reading results (not formulas), noting in `uncached` the
    formula cells saved without one (0-based)."""
    from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser

    class Parser(WorkSheetParser):
        def parse_cell(self, element: Any) -> dict:
            cell = super().parse_cell(element)
            if cell["value"] is None and element.find(FORMULA_TAG) is not None and len(uncached) < MAX_ROWS:
                uncached.append((cell["row"] - 1, cell["column"] - 1))
            return cell

    return Parser(src, ws._shared_strings, data_only=True, epoch=wb.epoch, date_formats=wb._date_formats,
                  timedelta_formats=wb._timedelta_formats)


def _sheet_cells(ws: Any, wb: Any, budget: list[int], hidden_rows: set[int],
                 uncached: list[tuple[int, int]]) -> Iterable[tuple[int, int, Any]]:
    """The cells of a read-only worksheet as (row, column, value), 0-based, streamed by openpyxl's
    own worksheet parser (ReadOnlyWorksheet would pad every missing row and column). Rows come in
    order, so the stream stops after the first row past MAX_ROWS: a sheet claiming a million rows
    costs no more than its first MAX_ROWS; and it stops where the byte `budget` runs out. The rows
    hidden in the sheet are put in `hidden_rows`, formulas without a result in `uncached`."""
    with ws._get_source() as src:
        parser = _parser(_Metered(src, budget), ws, wb, uncached)
        try:
            for index, row in parser.parse():
                if (parser.row_dimensions.pop(str(index), None) or {}).get("hidden") in ("1", "true"):
                    hidden_rows.add(index - 1)
                for cell in row:
                    yield cell["row"] - 1, cell["column"] - 1, cell["value"]
                if index > MAX_ROWS:
                    break
        except Exception:
            if budget[0] > 0:
                raise
            # the budget ran out mid-sheet, so the XML ends unclosed: the rows before stand


def _sheet_merges(ws: Any) -> list[Merge]:
    """The merged ranges of a worksheet. They come after all the rows, so they are found by a byte
    scan of the sheet's XML (fast, and unaffected by where the cell stream stopped)."""
    from openpyxl.utils.cell import range_boundaries

    merges, tail = [], b""
    with ws._get_source() as src:
        while chunk := src.read(1 << 20):
            data = tail + chunk
            for m in _MERGE_CELL.finditer(data):
                try:
                    c0, r0, c1, r1 = range_boundaries(m[1].decode("ascii"))
                except ValueError:
                    continue  # a damaged range: its cells still read, unmerged
                merges.append((r0 - 1, c0 - 1, r1 - 1, c1 - 1))
            cut = data.rfind(b"<", max(0, len(data) - 300))  # an element cut by the chunk's end
            tail = data[cut:] if cut >= 0 and b">" not in data[cut:] else b""
    return merges


def _read_xlsx(path: Path) -> list[Table]:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        _check_archive(path)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about every odd style; the user cannot act on it
            wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
            try:
                tables = []
                budget = [MAX_SHEET_XML_BYTES]
                for ws in wb.worksheets:
                    hidden_rows: set[int] = set()
                    uncached: list[tuple[int, int]] = []
                    tables.append(build_table(ws.title, _sheet_cells(ws, wb, budget, hidden_rows, uncached),
                                              _sheet_merges(ws)))
                    tables[-1].hidden = getattr(ws, "sheet_state", "visible") != "visible"
                    tables[-1].hidden_rows, tables[-1].uncached_formulas = hidden_rows, uncached
                    if budget[0] <= 0:
                        tables[-1].notes.append(QT_TRANSLATE_NOOP(
                            "Show", "The workbook holds more than {size} MB of cells; only the first part was read").fill(
                            size=MAX_SHEET_XML_BYTES // (1024 * 1024)))
                        break
            finally:
                wb.close()
    except SpreadsheetError:
        raise
    except (InvalidFileException, zipfile.BadZipFile, KeyError) as exc:
        log.info("spreadsheet %s is not a workbook: %s: %s", path.name, type(exc).__name__, str(exc)[:300])
        raise _not_a_workbook(path, _PARTS_DAMAGED) from None
    except OSError as exc:
        raise SpreadsheetError(QT_TRANSLATE_NOOP("Show", "Cannot read {file}: {reason}").fill(
            file=path.name, reason=os_error_words(exc))) from None
    except Exception as exc:  # a damaged workbook can fail anywhere inside openpyxl (XML, types, missing parts)
        raise _damaged(path, exc) from None
    return tables


# --------------------------------------------------------------------------------------- .csv


def _decode(raw: bytes) -> tuple[str, str]:
    """UTF-16/32 by their byte-order mark (Excel's "Unicode text" is UTF-16), or UTF-16 without one
    when the NUL bytes (which UTF-8 and GBK text never has) sit on one side of the byte pairs, as
    the high bytes of commas and line breaks do; everything else as `decode_text` reads it."""
    for bom, encoding in ((b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
                          (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if raw.startswith(bom):
            return raw[len(bom):].decode(encoding, errors="replace"), encoding
    sample = raw[:4096]
    odd, even = sample[1::2].count(0), sample[0::2].count(0)
    if odd + even >= 2 and (odd >= 9 * even or even >= 9 * odd):
        encoding = "utf-16-le" if odd > even else "utf-16-be"
        return raw.decode(encoding, errors="replace"), encoding
    return decode_text(raw)


def _csv_cells(rows: Iterable[list[str]]) -> Iterable[tuple[int, int, Any]]:
    for r, row in enumerate(rows):
        if r > MAX_ROWS:  # one past the cap, so the note says there was more
            break
        for c, v in enumerate(row[:MAX_COLUMNS + 1]):
            yield r, c, v


def _read_csv(path: Path) -> list[Table]:
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_CSV_BYTES + 1)
    except OSError as exc:
        raise SpreadsheetError(QT_TRANSLATE_NOOP("Show", "Cannot read {file}: {reason}").fill(
            file=path.name, reason=os_error_words(exc))) from None
    if len(raw) > MAX_CSV_BYTES:
        raise _too_large(path, MAX_CSV_BYTES)
    text, encoding = _decode(raw)
    if encoding == UNREADABLE:
        raise SpreadsheetError(UNKNOWN_ENCODING.fill(file=path.name))
    text = text.replace("\x00", "")  # the csv module refuses NUL; a NUL is never content
    try:
        # Only the delimiter is taken from the sniffer: its guesses at quoting (doublequote=False on
        # a cell of '"爆款"', which Excel writes as '"""爆款"""') read stray quotes into the text.
        delimiter = csv.Sniffer().sniff(text[:8192], delimiters=",\t;").delimiter
    except csv.Error:
        delimiter = ","
    try:
        return [build_table(path.stem, _csv_cells(csv.reader(io.StringIO(text, newline=""), csv.excel,
                                                             delimiter=delimiter)),
                            encoding=encoding)]
    except csv.Error as exc:   # (a cell past the csv module's limit: a quote left open swallows the rest)
        raise _damaged(path, exc, _CELL_TOO_LONG.fill(max=csv.field_size_limit())) from None


def _too_large(path: Path, limit: int = MAX_FILE_BYTES) -> SpreadsheetError:
    return SpreadsheetError(QT_TRANSLATE_NOOP(
        "Show", "{file} is larger than {size} MB, more than a run-of-show can be").fill(
        file=path.name, size=limit // (1024 * 1024)))


def read_tables(path: Path) -> list[Table]:
    path = Path(path)
    suffix = path.suffix.lower()
    if not path.exists():
        raise SpreadsheetError(QT_TRANSLATE_NOOP("Show", "{file} does not exist").fill(file=str(path)))
    if suffix not in (".xlsx", ".xlsm", ".csv", ".txt", ".tsv"):
        raise SpreadsheetError(QT_TRANSLATE_NOOP(
            "Show", "{file}: only .xlsx and .csv spreadsheets can be imported").fill(file=path.name))
    try:
        size = os.path.getsize(path)
    except OSError as exc:
        raise SpreadsheetError(QT_TRANSLATE_NOOP("Show", "Cannot read {file}: {reason}").fill(
            file=path.name, reason=os_error_words(exc))) from None
    if size > MAX_FILE_BYTES:
        raise _too_large(path)
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    return _read_csv(path)
