"""Text from outside (nicknames, comments, product names, a platform's words) made safe for a
spreadsheet: the winners, review and run-sheet exports (.xlsx and .csv).

Excel runs a cell that starts with "=" as a formula (a nickname `=HYPERLINK(...)` becomes a live
link), and a CSV cell starting with = + - @ tab or CR likewise (OWASP "CSV injection"); openpyxl
refuses control characters outright, so one nickname with an escape in it would fail the whole
export. Here text keeps only characters a cell can hold (`limits.printable`), within Excel's
32,767 per cell, and is always written as text."""

from __future__ import annotations

from typing import Any, Iterable

from anchor_console.show.limits import printable

EXCEL_CELL_CHARS = 32_767
# The starts a spreadsheet reads as a formula in a CSV file (OWASP CSV injection guidance).
CSV_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def sheet_text(text: str) -> str:
    """`text` with only the characters a cell can hold, cut with "…" at Excel's length per cell."""
    text = printable(text)
    return text if len(text) <= EXCEL_CELL_CHARS else text[:EXCEL_CELL_CHARS - 1] + "…"


def put_cell(ws: Any, row: int, column: int, value: object) -> Any:
    """Write `value` into a cell of the openpyxl worksheet `ws`, text always as text (never a
    formula or an error code). Returns the cell."""
    if not isinstance(value, str):
        return ws.cell(row, column, value)
    cell = ws.cell(row, column, sheet_text(value))
    cell.data_type = "s"   # openpyxl would write "=…" as a formula and "#N/A" as an error
    return cell


def append_row(ws: Any, values: Iterable[object]) -> None:
    """`ws.append(values)`, every text written as text (as `put_cell` does)."""
    from openpyxl.cell.cell import Cell

    def cell(value: object) -> object:
        if not isinstance(value, str):
            return value
        text = Cell(ws, value=sheet_text(value))
        text.data_type = "s"
        return text

    ws.append([cell(v) for v in values])


def csv_row(values: Iterable[object]) -> list[object]:
    """A row for `csv.writer` in which no text can start a formula: a text that would is written
    after a "'" (what Excel shows as a text marker), and characters a sheet cannot hold are left out."""
    row: list[object] = []
    for value in values:
        if isinstance(value, str):
            value = sheet_text(value)
            # also after leading blanks and line breaks (sheet_text turned a "\r" into "\n"): a
            # spreadsheet may trim them and read the rest as a formula
            if value.startswith(CSV_FORMULA_STARTS) or value.lstrip(" \t\r\n").startswith(CSV_FORMULA_STARTS):
                value = "'" + value
        row.append(value)
    return row
