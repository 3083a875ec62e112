"""Exports: the .xlsx run sheet imports back to the same segments, and the printable HTML is
self-contained, escaped and carries the computed times, talking points and cues."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import time

import pytest
from openpyxl import load_workbook

from anchor_console.domain.text import Text
from anchor_console.show.export import export_html, export_xlsx, save_html
from anchor_console.show.model import AnchorMessage, Cue, Segment, Show, StartMode
from anchor_console.show.showfile import load_show
from anchor_console.show.spreadsheet import preview_import
from show_builders import SAMPLES

SHEETS = ["clothing_spring_launch.xlsx", "beauty_time_ranges.xlsx", "food_newyear_gbk.csv",
          "electronics_english_header.xlsx", "jewelry_relative_minutes.csv"]

CHINESE = {"No.": "序号", "Time": "时间", "Duration": "时长", "Segment": "环节", "Products": "商品",
           "Product ID": "商品ID", "Talking points": "话术", "Perks and offers": "福利",
           "Notes for the assistant": "场控备注", "Cues": "中控动作"}


def to_chinese(text: Text) -> str:
    """Stands in for the ui's translator (only the column names matter here)."""
    return CHINESE.get(text.template) or text.english()


def same_segments(a: Show, b: Show) -> None:
    assert [(s.title, s.duration_s, s.start_mode, s.hard_start, s.products, s.talking_points) for s in a.segments] \
        == [(s.title, s.duration_s, s.start_mode, s.hard_start, s.products, s.talking_points) for s in b.segments]


@pytest.mark.parametrize("name", SHEETS)
@pytest.mark.parametrize("translate", [Text.english, to_chinese])
def test_export_then_import_gives_the_same_segments(tmp_path, name, translate):
    original = preview_import(SAMPLES / name).show
    path = tmp_path / "out.xlsx"
    export_xlsx(original, path, translate=translate)
    again = preview_import(path).show
    same_segments(original, again)
    assert again.title == original.title and again.start == original.start


def test_the_sample_show_survives_an_xlsx_round_trip(tmp_path):
    show = load_show(SAMPLES / "sample_30min.show.toml")
    export_xlsx(show, tmp_path / "s.xlsx", translate=to_chinese)
    again = preview_import(tmp_path / "s.xlsx").show
    same_segments(show, again)
    assert again.date == show.date and again.start == time(20, 0)


def test_the_xlsx_looks_like_a_run_sheet(tmp_path):
    show = load_show(SAMPLES / "sample_30min.show.toml")
    export_xlsx(show, tmp_path / "s.xlsx", translate=to_chinese)
    ws = load_workbook(tmp_path / "s.xlsx").active
    assert ws["A1"].value == show.title and "A1:J1" in [str(r) for r in ws.merged_cells.ranges]
    assert ws["A2"].value.startswith("2026-03-20 · 20:00 · planned 30:00")
    assert [c.value for c in ws[4]] == ["序号", "时间", "时长", "环节", "商品", "商品ID", "话术", "福利", "场控备注",
                                        "Fixed start time"]  # only because this show has a hard start
    assert ws.cell(10, 10).value == "20:23:00" and ws.cell(9, 10).value is None
    assert [ws.cell(r, 2).value for r in (5, 6, 10)] == ["20:00-20:03", "20:03-20:08", "20:23-20:26"]
    assert ws.cell(5, 3).value == "3:00" and ws.cell(6, 6).value == "1002"
    assert ws.cell(6, 7).alignment.wrap_text and ws.column_dimensions["G"].width >= 40
    assert ws.freeze_panes == "A5"
    assert "Issue 500 × 满199减30 coupons (valid 30 min) (confirm)" in ws.cell(6, 8).value


def test_html_is_self_contained_escaped_and_printable(tmp_path):
    show = load_show(SAMPLES / "sample_30min.show.toml")
    evil = Segment("evil", "<script>alert(1)</script>", 60, talking_points="a & b\n<b>不加粗</b>",
                   notes='"引号" \'单引号\'', cues=(Cue("e1", AnchorMessage("<img src=x onerror=alert(1)>")),))
    show = replace(show, title="春装 <上新> & 福利", segments=show.segments + (evil,))
    page = export_html(show)
    assert page.startswith("<!DOCTYPE html>") and "@page { size: A4" in page
    assert "<script>" not in page and "<img" not in page and "<b>不加粗" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "a &amp; b<br>&lt;b&gt;不加粗&lt;/b&gt;" in page
    assert "&quot;引号&quot; &#x27;单引号&#x27;" in page and "春装 &lt;上新&gt; &amp; 福利" in page
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", page)  # nothing fetched from outside
    assert "20:00-20:03" in page and "欢迎宝宝们来到直播间！<br>" in page
    assert "Flash sale: 法式碎花连衣裙 at ¥129.00, 50 in stock (confirm)" in page
    save_html(show, tmp_path / "run.html")
    assert (tmp_path / "run.html").read_text(encoding="utf-8") == page


def test_html_marks_fixed_times_gaps_and_overlaps():
    show = Show("硬开始", None, time(20, 0), 0, (
        Segment("a", "A", 600),
        Segment("b", "B", 600, StartMode.HARD, time(20, 15)),
        Segment("c", "C", 600, StartMode.HARD, time(20, 20)),
    ))
    page = export_html(show)
    assert "Gap of 5:00 before the fixed start" in page
    assert "Overlaps the previous segment by 5:00" in page
    assert page.count("fixed time") == 2


def test_a_show_without_a_start_time_exports_durations_only(tmp_path):
    show = Show("无时间", None, None, 0, (Segment("a", "A", 300), Segment("b", "B", 420)))
    export_xlsx(show, tmp_path / "x.xlsx")
    ws = load_workbook(tmp_path / "x.xlsx").active
    assert ws.cell(5, 2).value is None and ws.cell(6, 3).value == "7:00"
    same_segments(show, replace(preview_import(tmp_path / "x.xlsx").show, segments=tuple(
        replace(s, id=o.id) for s, o in zip(preview_import(tmp_path / "x.xlsx").show.segments, show.segments))))
