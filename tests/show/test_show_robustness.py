"""Broken and odd input never ends in a traceback: damaged workbooks and CSV files give a
SpreadsheetError, damaged show files a ShowFileError, and whatever a sheet holds imports into a
show that the show file can save and load unchanged."""

from __future__ import annotations

import io
import random
import zipfile
from datetime import datetime, time, timedelta

from openpyxl import Workbook

from anchor_console.show.sheets import SpreadsheetError
from anchor_console.show.showfile import ShowFileError, loads_show
from anchor_console.show.showfile_writer import dumps_show
from anchor_console.show.spreadsheet import preview_import
from show_builders import SAMPLES


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
