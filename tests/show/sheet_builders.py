"""Spreadsheets for the import tests, including the hostile ones no spreadsheet program would write:
cells at the last row Excel has, merges over a whole column or sheet (written straight into the
sheet's XML, since openpyxl itself would create a cell object for every merged cell)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any, Iterable

from openpyxl import Workbook

SCRIPT = [["时间", "环节", "时长", "话术"], ["20:00", "开场", "10分钟", "欢迎"], ["20:10", "讲解", "10分钟", "卖点"]]


def workbook(rows: Iterable[Iterable[Any]], merges: Iterable[str] = ()) -> Workbook:
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(list(row))
    for ref in merges:
        ws.merge_cells(ref)
    return wb


def write_xlsx(path: Path, rows: Iterable[Iterable[Any]], *, merges: Iterable[str] = (), more_rows_xml: str = "",
               merges_xml: Iterable[str] = ()) -> Path:
    """An .xlsx of `rows`; `more_rows_xml` (``<row>`` elements) and `merges_xml` (range refs) go
    straight into the sheet's XML."""
    raw = io.BytesIO()
    workbook(rows, merges).save(raw)
    refs = list(merges_xml)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml" and (more_rows_xml or refs):
                text = data.decode("utf-8").replace("</sheetData>", more_rows_xml + "</sheetData>", 1)
                if refs:
                    cells = "".join(f'<mergeCell ref="{r}"/>' for r in refs)
                    text = text.replace("</sheetData>", f'</sheetData><mergeCells count="{len(refs)}">{cells}</mergeCells>',
                                        1)
                data = text.encode("utf-8")
            dst.writestr(item.filename, data)
    path.write_bytes(out.getvalue())
    return path


def huge_sheets(folder: Path) -> dict[str, Path]:
    """The four sheets that took minutes and gigabytes before reading was bounded."""
    return {
        "10000_columns": write_xlsx(folder / "cols.xlsx", SCRIPT + [[f"c{i}" for i in range(10_000)]]),
        "cell_at_row_1048576": write_xlsx(
            folder / "far.xlsx", SCRIPT,
            more_rows_xml='<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>'),
        "merge_down_a_column": write_xlsx(folder / "column.xlsx", SCRIPT, merges_xml=["D2:D1048576"]),
        "merge_over_the_sheet": write_xlsx(folder / "sheet.xlsx", SCRIPT, merges_xml=["A1:XFD1048576"]),
    }
