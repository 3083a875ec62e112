"""Broken and odd input never ends in a traceback: damaged workbooks and CSV files give a
SpreadsheetError, damaged show files a ShowFileError, and whatever a sheet holds imports into a
show that the show file can save and load unchanged. The fuzz loop at the end puts every kind of
damaged and hostile input through the public loaders and checks the outcome of each case."""

from __future__ import annotations

import io
import random
import zipfile
from datetime import datetime, time, timedelta

from openpyxl import Workbook
from sheet_builders import huge_sheets, write_xlsx
from show_builders import SAMPLES

from anchor_console.show import sheets
from anchor_console.show.export import export_html, export_xlsx
from anchor_console.show.sheets import MAX_COLUMNS, MAX_ROWS, SpreadsheetError
from anchor_console.show.showfile import ShowFileError, load_show, loads_show
from anchor_console.show.showfile_writer import dumps_show, save_show
from anchor_console.show.spreadsheet import preview_import


def damaged_copy(data: bytes, rng: random.Random) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            part = bytearray(src.read(item.filename))
            if item.filename.endswith(".xml") and rng.random() < 0.4:
                for _ in range(rng.randint(1, 5)):
                    part[rng.randrange(len(part))] = rng.randrange(256)
            dst.writestr(item, bytes(part))
    return out.getvalue()


def test_damaged_workbooks_and_csv_files(tmp_path):
    rng = random.Random(2026)
    workbooks = [p.read_bytes() for p in sorted(SAMPLES.glob("*.xlsx"))]
    for n in range(40):
        path = tmp_path / f"w{n}.xlsx"
        path.write_bytes(damaged_copy(rng.choice(workbooks), rng))
        try:
            preview_import(path)
        except SpreadsheetError as err:
            assert err.message.english()
    csv_bytes = (SAMPLES / "food_newyear_gbk.csv").read_bytes()
    for n in range(100):
        data = bytearray(csv_bytes) if n % 2 else bytearray(rng.randrange(256) for _ in range(rng.randint(0, 300)))
        for _ in range(rng.randint(1, 20)):
            if data:
                data[rng.randrange(len(data))] = rng.randrange(256)
        path = tmp_path / f"c{n}.csv"
        path.write_bytes(bytes(data))
        try:
            preview_import(path)
        except SpreadsheetError:
            pass


def test_damaged_show_files():
    rng = random.Random(8)
    text = (SAMPLES / "sample_30min.show.toml").read_text(encoding="utf-8")
    for _ in range(500):
        chars = list(text)
        for _ in range(rng.randint(1, 4)):
            chars[rng.randrange(len(chars))] = rng.choice(['"', "=", "\n", "[", "]", "1", "x", "", "-", ":", "#", "{"])
        try:
            loads_show("".join(chars))
        except ShowFileError as err:
            assert err.problems


VALUES = [None, "", "20:00-20:10", "10分钟", "abc", "秒杀 ¥9.9 限量10件", "满99减10券 5张", 5, -3, 0.5, 1e12, True,
          datetime(2026, 1, 1, 20), time(0, 10), time(23, 59), timedelta(minutes=5), "25:99", "—", "0'-5'", "合计",
          "福袋", "#DIV/0!", "1001\n1002", "a、b、c", "  ", "ID:77 商品", "１０", "23:50~00:10", '"""\\']
HEADERS = ["时间", "环节", "时长", "商品", "商品ID", "话术", "福利", "备注", "直播价", "库存", "固定时间", "序号"]


def test_whatever_a_sheet_holds_imports_into_a_show_that_saves(tmp_path):
    rng = random.Random(7)
    for n in range(60):
        wb = Workbook()
        ws = wb.active
        for _ in range(rng.randint(0, 3)):
            ws.append([rng.choice(VALUES) for _ in range(rng.randint(0, 3))])
        ws.append(rng.sample(HEADERS, rng.randint(2, len(HEADERS))))
        for _ in range(rng.randint(0, 12)):
            ws.append([rng.choice(VALUES) for _ in HEADERS])
        for _ in range(rng.randint(0, 3)):
            row, col = rng.randint(2, 12), rng.randint(1, 8)
            try:
                ws.merge_cells(start_row=row, start_column=col, end_row=row + rng.randint(0, 3),
                               end_column=col + rng.randint(0, 1))
            except ValueError:
                pass
        path = tmp_path / f"s{n}.xlsx"
        wb.save(path)
        try:
            show = preview_import(path).show
        except SpreadsheetError:
            continue
        assert loads_show(dumps_show(show)) == show


# ------------------------------------------------------------------- the fuzz loop over everything


SAMPLE_TOML = (SAMPLES / "sample_30min.show.toml").read_text(encoding="utf-8")
EXTREMES = ["inf", "-inf", "nan", "1e308", "-1e308", str(2 ** 63), "-1", "0", str(10 ** 40), "9" * 5000, '"0:99"',
            '"99999:00:00"', '""', '"\\u0000\\u001b"', "[[[[1]]]]", "{ a = 1 }", "1979-05-27T07:32:00Z", "true"]


def hostile_show_texts(rng: random.Random) -> list[str]:
    lines = SAMPLE_TOML.splitlines()
    value_lines = [i for i, ln in enumerate(lines) if " = " in ln and not ln.startswith("#")]
    texts = []
    for _ in range(50):  # a value replaced by an extreme one
        i = rng.choice(value_lines)
        key = lines[i].split(" = ")[0]
        texts.append("\n".join(lines[:i] + [f"{key} = {rng.choice(EXTREMES)}"] + lines[i + 1:]))
    for _ in range(20):  # truncated anywhere
        texts.append(SAMPLE_TOML[: rng.randrange(len(SAMPLE_TOML))])
    for depth in (40, 500, 3000):  # nested deep, in a known field and an unknown one
        texts.append(SAMPLE_TOML.replace('notes = "', f'notes = {"[" * depth}{"]" * depth}\nx = "', 1))
        texts.append(SAMPLE_TOML + f"\nx = {'{ a = ' * depth}1{' }' * depth}\n")
    for _ in range(20):  # control characters and garbage bytes decoded as text
        chars = list(SAMPLE_TOML)
        for _ in range(rng.randint(1, 8)):
            chars.insert(rng.randrange(len(chars)), chr(rng.choice([0, 7, 0x1b, 0x7f, 0x85, 0x2028, 0xfeff, 0xd800])))
        texts.append("".join(chars))
    return texts


def hostile_sheets(folder, rng: random.Random) -> list:
    good = SAMPLES / "clothing_spring_launch.xlsx"
    data = good.read_bytes()
    paths = list(huge_sheets(folder).values())
    for n in range(12):
        cut = folder / f"cut{n}.xlsx"
        cut.write_bytes(data[: rng.randrange(len(data))] if n % 2 else damaged_copy(data, rng))
        paths.append(cut)
    for n in range(16):
        rows = [rng.sample(HEADERS, rng.randint(2, 6))]
        rows += [[rng.choice(VALUES + [1e308, -1e17, 10 ** 30, "_x0007_控制", "=1+1", "９９９９９分钟"])
                  for _ in range(len(rows[0]))] for _ in range(rng.randint(1, 6))]
        far = f'<row r="{rng.choice([6000, 1048576])}"><c r="{rng.choice(["B", "XFD"])}1"><v>1e309</v></c></row>'
        paths.append(write_xlsx(folder / f"h{n}.xlsx", rows, more_rows_xml=far if n % 3 == 0 else "",
                                merges_xml=[rng.choice(["A2:A1048576", "A1:XFD1048576", "B2:C3", "Z9:A1"])]
                                if n % 4 == 0 else []))
    for n, encoding in enumerate(["utf-16", "utf-16-be", "gb18030", "utf-8-sig", "latin-1", "utf-32"] * 2):
        rows = [",".join(rng.sample(HEADERS, 4))] + [
            ",".join(str(rng.choice(VALUES + ["\x00\x07控\x1b制", "1e308", "-1e17"])) for _ in range(4)) for _ in range(5)]
        text = "\n".join(rows).replace("\ud800", "")
        csv_path = folder / f"c{n}.csv"
        csv_path.write_bytes(text.encode(encoding, errors="replace") + (b"\x00\xff" if n % 5 == 0 else b""))
        paths.append(csv_path)
    return paths


class TableMeter:
    """Bounds the work of every read: no table is larger than the caps, whatever the file claims."""

    def __init__(self, monkeypatch) -> None:
        self.largest = 0
        real = sheets.build_table

        def metered(*args, **kwargs):
            table = real(*args, **kwargs)
            area = len(table.rows) * max((len(r) for r in table.rows), default=0)
            self.largest = max(self.largest, area)
            return table
        monkeypatch.setattr(sheets, "build_table", metered)


def saves_and_reloads(show, path) -> None:
    save_show(show, path)
    assert load_show(path) == loads_show(dumps_show(show)) == show


def test_fuzz_every_public_loader_with_damaged_and_hostile_input(tmp_path, monkeypatch):
    rng = random.Random(12)
    meter = TableMeter(monkeypatch)
    outcomes = {"show": 0, "error": 0}
    for n, text in enumerate(hostile_show_texts(rng)):
        try:
            show = loads_show(text)
        except ShowFileError as err:
            assert err.problems and all(p.describe().english() for p in err.problems)
            outcomes["error"] += 1
            continue
        saves_and_reloads(show, tmp_path / f"t{n}.show.toml")
        outcomes["show"] += 1
    for n, path in enumerate(hostile_sheets(tmp_path, rng)):
        try:
            preview = preview_import(path)
        except SpreadsheetError as err:
            assert err.message.english()
            outcomes["error"] += 1
            continue
        assert len(preview.show.segments) <= MAX_ROWS
        saves_and_reloads(preview.show, tmp_path / f"s{n}.show.toml")
        export_xlsx(preview.show, tmp_path / f"x{n}.xlsx")
        export_html(preview.show)
        outcomes["show"] += 1
    assert meter.largest <= MAX_ROWS * MAX_COLUMNS
    assert outcomes["show"] > 20 and outcomes["error"] > 20, outcomes
