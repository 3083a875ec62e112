"""Which worksheet of a workbook an import reads, what it says about the others, and what of the
sheet read cannot be imported (hidden rows, formulas saved without their result).

Without a choice, it is the visible sheet that looks most like a run-of-show (the most columns
recognised in its header row): a first sheet of instructions or a staff roster with a 时间 column
is passed over. A hidden sheet (last week's version kept "just in case") is read only when no
visible one has a header row, and is said to be hidden. Once chosen (by the user, or by the first
read), the same sheet is read again when the header row or a column is changed. The notes name the
sheet read when the workbook has others, and the rows hidden in it, which are not imported."""

from __future__ import annotations

from dataclasses import dataclass

from anchor_console.domain.text import QT_TRANSLATE_NOOP, Text
from anchor_console.show.sheet_columns import find_header
from anchor_console.show.sheets import SpreadsheetError, Table

ROWS_LISTED = 20   # rows listed in a note (then …)


@dataclass(frozen=True, slots=True)
class SheetChoice:
    table: Table
    header_row: int              # 0-based
    notes: tuple[Text, ...]      # for the whole sheet


def _no_header(file: str) -> SpreadsheetError:
    return SpreadsheetError(QT_TRANSLATE_NOOP(
        "Show", "No header row found in {file}: expected columns like 时间, 环节, 时长, 商品, 话术, 福利").fill(file=file))


def _detected(tables: list[Table]) -> tuple[Table, int] | None:
    """The visible sheet whose header row recognises the most columns (the first of equals); a
    hidden one only when no visible sheet has a header row."""
    for group in ([t for t in tables if not t.hidden], [t for t in tables if t.hidden]):
        best: tuple[int, Table, int] | None = None
        for t in group:
            found = find_header(t)
            if found is not None and (best is None or found[1] > best[0]):
                best = (found[1], t, found[0])
        if best is not None:
            return best[1], best[2]
    return None


def choose_sheet(tables: list[Table], *, file: str, sheet: str | None, header_row: int | None) -> SheetChoice:
    """The sheet to read (`sheet` by name, or detected) and its header row (`header_row` from 1, or
    detected); SpreadsheetError when there is no such sheet or no header row."""
    candidates = tables
    if sheet is not None:
        candidates = [t for t in tables if t.name == sheet]
        if not candidates:
            raise SpreadsheetError(QT_TRANSLATE_NOOP("Show", "There is no sheet “{sheet}” in {file}").fill(
                sheet=sheet, file=file))
    chosen = _detected(candidates)
    if header_row is not None:   # on the sheet detection reads (not the first one: a note, a roster)
        visible = [t for t in candidates if not t.hidden] or candidates
        table = chosen[0] if chosen is not None else visible[0] if visible else None
        chosen = (table, header_row - 1) if table is not None else None
    if chosen is None or not chosen[0].rows or not 0 <= chosen[1] < len(chosen[0].rows):
        raise _no_header(file)
    table, hr = chosen
    return SheetChoice(table, hr, tuple(_notes(tables, table, hr)))


def _rows_listed(rows: list[int]) -> str:
    return ", ".join(str(r) for r in rows[:ROWS_LISTED]) + ("…" if len(rows) > ROWS_LISTED else "")


def _notes(tables: list[Table], table: Table, header_row: int) -> list[Text]:
    notes = []
    if len(tables) > 1:
        notes.append(QT_TRANSLATE_NOOP(
            "Show", "Read the sheet “{sheet}”; the workbook has {count} sheets (choose another one to read it)").fill(
            sheet=table.name, count=len(tables)))
    if table.hidden:
        notes.append(QT_TRANSLATE_NOOP("Show", "The sheet “{sheet}” is hidden in the workbook").fill(sheet=table.name))
    hidden = sorted(r + 1 for r in table.hidden_rows if header_row < r < len(table.rows))
    if hidden:
        listed = _rows_listed(hidden)
        notes.append(QT_TRANSLATE_NOOP(
            "Show", "{count} rows hidden in the sheet were not imported (rows {rows})").fill(count=len(hidden), rows=listed))
    return notes


def sheet_list(tables: list[Table]) -> tuple[tuple[str, bool], ...]:
    """(name, hidden) of every sheet a person reads, in the workbook's order: what the import offers."""
    return tuple((t.name, t.hidden) for t in tables)


def uncached_formula_notes(table: Table, header_row: int, headers: dict[int, str]) -> list[tuple[str, Text]]:
    """(column header, note) for each column read (`headers`: index → header) with formulas under
    the header saved without their result — read as empty: a 时长 of "=C3-B3" written by a script
    left every duration out, and talking points made by a formula vanished unsaid."""
    rows: dict[int, list[int]] = {}
    for r, c in table.uncached_formulas:
        if r > header_row and c in headers and r not in table.hidden_rows:
            rows.setdefault(c, []).append(r + 1)
    notes = []
    for c, found in sorted(rows.items()):
        found.sort()
        listed = _rows_listed(found)
        notes.append((headers[c], QT_TRANSLATE_NOOP(
            "Show", "{count} formulas in this column have no saved result and were read as empty (rows {rows}): "
                    "open the file in Excel or WPS and save it there, then import it again").fill(
            count=len(found), rows=listed)))
    return notes
