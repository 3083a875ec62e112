"""Reading a spreadsheet file into tables of cells: .xlsx workbooks (every worksheet, merged cells
resolved so a merged cell reads the same in every row it covers) and .csv in UTF-8, UTF-8 with BOM
or GBK/GB18030, with the delimiter sniffed. What the cells mean is for `sheet_columns` and
`spreadsheet` to find out."""

from __future__ import annotations

import csv
import io
import warnings
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, time
from pathlib import Path
from typing import Any

from anchor_console.domain.text import QT_TRANSLATE_NOOP, Text
from anchor_console.domain.text_encoding import decode_text


class SpreadsheetError(Exception):
    def __init__(self, message: Text) -> None:
        self.message = message
        super().__init__(message.english())


@dataclass
class Table:
    """One worksheet (or the CSV file) as rows of cell values, trimmed of empty rows and columns at
    the end."""

    name: str
    rows: list[list[Any]]
    merged_from: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)  # covered cell -> anchor
    encoding: str = "xlsx"

    def cell(self, r: int, c: int) -> Any:
        row = self.rows[r] if r < len(self.rows) else []
        return row[c] if c < len(row) else None

    def anchor(self, r: int, c: int) -> tuple[int, int]:
        return self.merged_from.get((r, c), (r, c))

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
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, datetime):
        return v.strftime("%Y-%m-%d %H:%M") if v.time() != time(0) else v.date().isoformat()
    if isinstance(v, time):
        return v.strftime("%H:%M")
    return str(v).strip()


def _trim(rows: list[list[Any]]) -> list[list[Any]]:
    while rows and all(is_blank(v) for v in rows[-1]):
        rows.pop()
    width = max((max((i + 1 for i, v in enumerate(r) if not is_blank(v)), default=0) for r in rows), default=0)
    return [list(r[:width]) + [None] * (width - len(r[:width])) for r in rows]


def _read_xlsx(path: Path) -> list[Table]:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about every odd style; the user cannot act on it
            wb = openpyxl.load_workbook(path, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, OSError) as exc:
        raise SpreadsheetError(QT_TRANSLATE_NOOP(
            "Show", "{file} is not a readable .xlsx workbook ({reason}). Old .xls files: save them as .xlsx first.").fill(
            file=path.name, reason=str(exc) or type(exc).__name__)) from None
    except Exception as exc:  # a damaged workbook can fail anywhere inside openpyxl (XML, types, missing parts)
        raise SpreadsheetError(QT_TRANSLATE_NOOP(
            "Show", "{file} is damaged and cannot be read ({reason})").fill(
            file=path.name, reason=str(exc) or type(exc).__name__)) from None
    tables = []
    for ws in wb.worksheets:
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
        merged: dict[tuple[int, int], tuple[int, int]] = {}
        for rng in ws.merged_cells.ranges:
            r0, c0 = rng.min_row - 1, rng.min_col - 1
            if r0 >= len(rows):
                continue
            value = rows[r0][c0] if c0 < len(rows[r0]) else None
            for r in range(r0, min(rng.max_row, len(rows))):
                for c in range(c0, rng.max_col):
                    if (r, c) == (r0, c0):
                        continue
                    while len(rows[r]) <= c:
                        rows[r].append(None)
                    rows[r][c] = value  # a merged cell reads the same in every row it covers
                    merged[(r, c)] = (r0, c0)
        tables.append(Table(ws.title, _trim(rows), merged))
    wb.close()
    return tables


def _read_csv(path: Path) -> list[Table]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SpreadsheetError(QT_TRANSLATE_NOOP("Show", "Cannot read {file}: {reason}").fill(
            file=path.name, reason=exc.strerror or str(exc))) from None
    text, encoding = decode_text(raw)
    sample = text[:8192]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    try:
        rows = [list(r) for r in csv.reader(io.StringIO(text, newline=""), dialect)]
    except csv.Error as exc:
        raise SpreadsheetError(QT_TRANSLATE_NOOP("Show", "{file} is damaged and cannot be read ({reason})").fill(
            file=path.name, reason=str(exc))) from None
    return [Table(path.stem, _trim(rows), {}, encoding)]


def read_tables(path: Path) -> list[Table]:
    path = Path(path)
    suffix = path.suffix.lower()
    if not path.exists():
        raise SpreadsheetError(QT_TRANSLATE_NOOP("Show", "{file} does not exist").fill(file=str(path)))
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    if suffix in (".csv", ".txt", ".tsv"):
        return _read_csv(path)
    raise SpreadsheetError(QT_TRANSLATE_NOOP("Show", "{file}: only .xlsx and .csv spreadsheets can be imported").fill(
        file=path.name))
