"""Outside text made safe for a spreadsheet: always a text cell, never a formula or an error code,
only characters a cell can hold; in a CSV, never the start of a formula."""

from __future__ import annotations

from openpyxl import Workbook

from anchor_console.show.sheet_text import EXCEL_CELL_CHARS, append_row, csv_row, put_cell, sheet_text


def test_text_cells_stay_text_whatever_they_start_with():
    ws = Workbook().active
    append_row(ws, ["=1+1", "#N/A", 3, None, "\x01=2"])
    append_row(ws, ["second row"])
    assert [c.data_type for c in ws[1]][:3] == ["s", "s", "n"] and ws["E1"].value == "=2"
    assert ws["E1"].data_type == "s" and ws["A2"].value == "second row"
    assert put_cell(ws, 5, 1, "=A1").data_type == "s" and put_cell(ws, 5, 2, 1.5).data_type == "n"


def test_sheet_text_keeps_what_a_cell_can_hold():
    assert sheet_text("小\x1b明\x00\x08\ttab\nline") == "小明\ttab\nline"
    long = sheet_text("长" * 40_000)
    assert len(long) == EXCEL_CELL_CHARS and long.endswith("…")


def test_a_csv_row_never_starts_a_formula():
    assert csv_row(["=1", "+1", "-1", "@A", "\tx", "a=b", 5, None, "\x1b=1"]) == [
        "'=1", "'+1", "'-1", "'@A", "'\tx", "a=b", 5, None, "'=1"]


def test_a_csv_text_after_blanks_or_a_line_break_never_starts_a_formula():
    """A nickname "\\r=cmd|…": sheet_text makes the "\\r" a "\\n", and a spreadsheet that trims it
    would read a formula."""
    assert csv_row(["\r=cmd|' /C calc'!A0", "\n+1", "  @A", "a\n=b"]) == [
        "'\n=cmd|' /C calc'!A0", "'\n+1", "'  @A", "a\n=b"]
