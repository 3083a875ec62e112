"""Damaged and hostile spreadsheets through the public import: merged 环节 over rows that each have
their own times, absurd dimensions read within bounds, extreme numbers, files that are not what
their name says, odd encodings, values beyond what a show can hold, control characters, and
durations Excel stored as days or dates. Every outcome is a show that saves and reopens, or a
SpreadsheetError — never another exception."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import datetime, time, timedelta

import pytest
from openpyxl import load_workbook
from sheet_builders import SCRIPT, huge_sheets, write_xlsx

from anchor_console.show.export import export_html, export_xlsx
from anchor_console.show.model import FeaturedProduct, Segment, Show, StartFlashSale
from anchor_console.show.sheets import (
    MAX_COLUMNS, MAX_ROWS, SpreadsheetError, read_tables,
)
from anchor_console.show.showfile import loads_show
from anchor_console.show.showfile_writer import dumps_show
from anchor_console.show.spreadsheet import preview_import


def messages(preview) -> list[tuple[int | None, str]]:
    return [(w.row, w.message.english()) for w in preview.warnings]


def reopens(show: Show) -> None:
    assert loads_show(dumps_show(show)) == show


def test_a_merged_segment_over_rows_with_their_own_times_is_one_segment_per_row(tmp_path):
    path = write_xlsx(tmp_path / "s.xlsx", [
        ["时间", "环节", "时长", "话术"],
        ["20:00-20:10", "福利款", "10分钟", "白T"],
        ["20:10-20:20", None, "10分钟", "卫衣"],
        ["20:20-20:30", "下播", "10分钟", "再见"],
    ], merges=["B2:B3"])
    show = preview_import(path).show
    assert [(s.title, s.duration_s, s.talking_points) for s in show.segments] == [
        ("福利款", 600, "白T"), ("福利款", 600, "卫衣"), ("下播", 600, "再见")]
    assert show.schedule().length_s == 1800
    assert all(not s.is_hard for s in show.segments)


# ------------------------------------------------------------------------ absurd dimensions


@pytest.mark.parametrize("case", ["10000_columns", "cell_at_row_1048576", "merge_down_a_column",
                                  "merge_over_the_sheet"])
def test_absurd_dimensions_are_read_within_the_used_range(tmp_path, case):
    path = huge_sheets(tmp_path)[case]
    [table] = read_tables(path)
    # the work is bounded: the table is the used range, capped, and a merge is one rectangle
    assert len(table.rows) <= 4 and all(len(r) <= MAX_COLUMNS for r in table.rows)
    assert len(table.merges) <= 1
    if case == "merge_over_the_sheet":
        with pytest.raises(SpreadsheetError, match="No header row"):  # every cell reads “时间”
            preview_import(path)
        return
    p = preview_import(path)
    assert [s.title for s in p.show.segments][:2] == ["开场", "讲解"]
    reopens(p.show)
    notes = [m for r, m in messages(p) if r is None]
    if case == "10000_columns":
        assert f"more than {MAX_COLUMNS} columns" in notes[0]
    if case == "cell_at_row_1048576":
        assert notes == [f"The sheet has more than {MAX_ROWS} rows; only the first {MAX_ROWS} were read"]


def test_a_merge_down_a_column_keeps_only_what_the_used_range_covers(tmp_path):
    [table] = read_tables(huge_sheets(tmp_path)["merge_down_a_column"])
    assert table.merges == [(1, 3, 2, 3)]
    assert table.anchor(2, 3) == (1, 3) and table.anchor(2, 2) == (2, 2)
    assert table.cell(2, 3) == "欢迎"


# ----------------------------------------------------------------------------- extreme numbers


@pytest.mark.parametrize("number", ["1e308", "-1e308", "1e309", "1e17", "-5", "123456789012345678901234567890"])
def test_extreme_numbers_in_every_column_are_warnings_not_crashes(tmp_path, number):
    """Written into the XML as Excel would store them (1e309 reads as inf)."""
    header = ["时间", "环节", "时长", "商品", "直播价", "库存", "福利", "固定时间"]
    cells = "".join(f'<c r="{col}3"><v>{number}</v></c>' for col in "ACEFH")
    row = f'<row r="3">{cells}<c r="B3" t="inlineStr"><is><t>爆款</t></is></c>' \
          '<c r="G3" t="inlineStr"><is><t>秒杀</t></is></c></row>'
    path = write_xlsx(tmp_path / "n.xlsx", [header, ["20:00", "开场", 10, "白T", 59, 100, "秒杀"]], more_rows_xml=row)
    p = preview_import(path)
    reopens(p.show)
    flagged = {w.column for w in p.warnings if w.row == 3}
    assert {"时长", "直播价", "库存"} <= flagged
    flash = p.show.segments[1].cues[0].action
    assert isinstance(flash, StartFlashSale) and flash.sale_price_fen == 0 and flash.stock == 0


def test_negative_durations_stock_and_huge_prices_are_flagged_and_the_show_reopens(tmp_path):
    path = write_xlsx(tmp_path / "bad.xlsx", [
        ["环节", "时长", "商品", "直播价", "库存", "福利"],
        ["A", timedelta(minutes=-10), "白T", 59, -5, "秒杀"],
        ["B", 10, "卫衣", "¥100000000000000000", 100, "秒杀 ¥99999999999999999 限量100000000000000件"],
        ["C", "30小时", "裙", 59, 100, "满199减30券 99999999999999999999张 有效0分钟"],
    ])
    p = preview_import(path)
    got = messages(p)
    assert any(r == 2 and "“-1 day, 23:50:00” is not a duration" in m for r, m in got)
    assert any(r == 2 and "a stock is between 0 and 100000000" in m for r, m in got)
    assert any(r == 3 and "a price is between ¥0.00 and ¥100,000,000.00" in m for r, m in got)
    assert any(r == 4 and "longer than the longest allowed (24:00:00)" in m for r, m in got)
    assert any(r == 4 and "is not between 0 and 100000000" in m for r, m in got)
    assert [s.duration_s for s in p.show.segments] == [0, 600, 0]
    a, b, c = (s.cues[0].action for s in p.show.segments)
    assert a.stock == 0 and b.sale_price_fen == 0 and b.stock == 0
    assert c.quantity == 0 and c.valid_minutes == 30
    reopens(p.show)


def test_a_show_longer_than_three_days_keeps_only_the_durations_that_fit(tmp_path):
    path = tmp_path / "long.csv"
    path.write_text("环节,时长\n" + "".join(f"{n},24小时\n" for n in "ABCDE"), encoding="utf-8")
    p = preview_import(path)
    assert [s.duration_s for s in p.show.segments] == [86400, 86400, 86400, 0, 0]
    [(row, message)] = [(r, m) for r, m in messages(p) if "longer than" in m]
    assert row == 5 and "From “D” on, the show would be longer than 72:00:00: the durations of 2 segments" in message
    reopens(p.show)


# ----------------------------------------------------------------------- files and encodings


def zip_of(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return out.getvalue()


def test_files_that_are_not_workbooks_are_spreadsheet_errors(tmp_path):
    good = (write_xlsx(tmp_path / "good.xlsx", SCRIPT)).read_bytes()
    bomb = zip_of({"[Content_Types].xml": b"<Types/>", "xl/sharedStrings.xml": b" " * (40 * 1024 * 1024)})
    truncated_parts = zipfile.ZipFile(io.BytesIO(good))
    no_workbook = zip_of({n: truncated_parts.read(n) for n in truncated_parts.namelist() if "workbook" not in n})
    cases = {
        "empty.xlsx": b"", "empty.csv": b"", "png.xlsx": b"\x89PNG\r\n\x1a\n" + b"\x00" * 64,
        "pdf.xlsx": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "csv.xlsx": "时间,环节\n20:00,开场\n".encode(),
        "encrypted.xlsx": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "docx.xlsx": zip_of({"word/document.xml": b"<w/>"}),
        "half.xlsx": good[: len(good) // 2], "bomb.xlsx": bomb, "no_workbook.xlsx": no_workbook,
        "garbage.xlsx": bytes(range(256)) * 64, "notes.txt": b"\xff\xfe\x00",
    }
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
        with pytest.raises(SpreadsheetError) as err:
            preview_import(tmp_path / name)
        assert err.value.message.english(), name
        assert not foreign_words(err.value.message), (name, err.value.message.english())


def foreign_words(text) -> list[str]:
    """The plain strings filled into a Text, nested ones too, other than a file's name: a library's
    English (openpyxl's "There is no item named 'xl/workbook.xml' in the archive") would be one,
    shown untranslated in the Chinese ui."""
    from anchor_console.domain.text import Text

    found = []
    for key, value in text.args.items():
        if isinstance(value, Text):
            found += foreign_words(value)
        elif isinstance(value, str) and key != "file":
            found.append(value)
    return found


def test_a_csv_file_the_csv_module_refuses_is_said_in_our_words(tmp_path):
    """A quote left open swallows the rest of the file into one cell, past the csv module's limit:
    its "field larger than field limit (131072)" reached the user."""
    path = tmp_path / "open_quote.csv"
    path.write_text('环节,时长,话术\n开场,10,"欢迎' + "大家" * 70_000 + "\n", encoding="utf-8")
    with pytest.raises(SpreadsheetError) as err:
        preview_import(path)
    assert err.value.message.english() == (f"open_quote.csv is damaged and cannot be read (a cell holds more than "
                                           f"{csv.field_size_limit()} characters, or a quote is not closed)")
    assert not foreign_words(err.value.message)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "gb18030", "utf-8-sig"])
def test_csv_in_odd_encodings(tmp_path, encoding):
    text = "环节,时长,话术\r\n开场,10分钟,欢迎\r\n讲解,5分钟,卖点\r\n"
    path = tmp_path / "s.csv"
    path.write_bytes(text.encode(encoding))
    p = preview_import(path)
    assert [(s.title, s.duration_s) for s in p.show.segments] == [("开场", 600), ("讲解", 300)]


def test_csv_with_nuls_and_garbage_bytes_reads_or_says_why(tmp_path):
    path = tmp_path / "g.csv"
    path.write_bytes("环节,时长\n开\x00场,10\n".encode())
    p = preview_import(path)
    assert p.show.segments[0].title == "开场"
    reopens(p.show)
    path.write_bytes("环节,时长\n开场,10\n".encode() + b"\xff\xfe\xfd,\x80\x00\x81\n" * 50)
    try:
        reopens(preview_import(path).show)
    except SpreadsheetError as err:
        assert "g.csv" in err.message.english()


# --------------------------------------------------------------------------- control characters


CONTROL = "开\x00场\x01\x07\x1b\x7f\x85\u2028白\x0bT\r\n恤\ud800"


def test_control_characters_are_removed_at_import_and_the_show_exports(tmp_path):
    path = tmp_path / "c.csv"
    buf = io.StringIO()
    csv.writer(buf).writerows([["环节", "时长", "话术"], [CONTROL[:-1], 10, "a\x0cb"]])
    path.write_bytes(buf.getvalue().encode())
    show = preview_import(path).show
    assert show.segments[0].title == "开场  白 T 恤" and show.segments[0].talking_points == "a\nb"
    export_xlsx(show, tmp_path / "out.xlsx")
    reopens(preview_import(tmp_path / "out.xlsx").show)


def test_the_exporters_take_any_text(tmp_path):
    nasty = [CONTROL, "=HYPERLINK(\"http://x\")", "=1+1", "长" * 40_000, "<script>", "\t\r\n"]
    show = Show(CONTROL, segments=tuple(
        Segment(f"s{i}", text, 60, products=(FeaturedProduct("1", text),), talking_points=text, notes=text)
        for i, text in enumerate(nasty)))
    export_xlsx(show, tmp_path / "n.xlsx")
    ws = load_workbook(tmp_path / "n.xlsx").active
    assert ws["D6"].value == "=HYPERLINK(\"http://x\")" and ws["D6"].data_type == "s"
    assert len(ws["D8"].value) == 32767 and ws["D8"].value.endswith("…")
    again = preview_import(tmp_path / "n.xlsx").show
    assert [s.title for s in again.segments][1:3] == ["=HYPERLINK(\"http://x\")", "=1+1"]
    page = export_html(show)
    assert "\x00" not in page and "\ud800" not in page and "&lt;script&gt;" in page
    page.encode("utf-8")


# ------------------------------------------------------------------------ durations as dates


def test_durations_stored_as_days_or_dates_are_read_as_what_they_are(tmp_path):
    path = write_xlsx(tmp_path / "d.xlsx", [
        ["环节", "时长"],
        ["A", 10 / 1440],                    # 0:10:00 as Excel keeps it, without its time format
        ["B", datetime(1900, 1, 10)],        # 10 formatted as a date
        ["C", datetime(1899, 12, 30, 0, 5)],  # 0:05:00 as a date and time
        ["D", datetime(2026, 3, 8)],         # a real date: not a duration
        ["E", 0.5],                          # half a minute, as written
    ])
    p = preview_import(path)
    assert [s.duration_s for s in p.show.segments] == [600, 600, 300, 0, 30]
    got = messages(p)
    assert any(r == 2 and "was read as 10:00 (a number read as Excel's fraction of a day)" in m for r, m in got)
    assert any(r == 3 and "was read as 10:00 (a number formatted as a date" in m for r, m in got)
    assert any(r == 5 and "“2026-03-08” is not a duration" in m for r, m in got)
    assert not any(r in (4, 6) for r, _ in got)


def test_a_duration_cell_formatted_as_a_time_reads_through_the_format(tmp_path):
    wb_path = write_xlsx(tmp_path / "t.xlsx", [["环节", "时长"], ["A", 10 / 1440], ["B", 1 + 10 / 1440]])
    wb = load_workbook(wb_path)
    wb.active["B2"].number_format = "h:mm:ss"
    wb.active["B3"].number_format = "[h]:mm:ss"
    wb.save(wb_path)
    p = preview_import(wb_path)
    assert [s.duration_s for s in p.show.segments] == [600, 0]
    assert any(r == 3 and "longer than the longest allowed" in m for r, m in messages(p))


def test_time_values_beyond_a_day_in_a_time_column_are_warned(tmp_path):
    path = write_xlsx(tmp_path / "r.xlsx", [["时间", "环节"], [time(20, 0), "A"], ["0'-99999999999'", "B"]])
    p = preview_import(path)
    reopens(p.show)
    assert p.show.segments[1].duration_s == 0
