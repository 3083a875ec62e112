"""Which worksheet an import reads: the one that looks most like a run-of-show, not a first sheet
of instructions or a staff roster; a hidden sheet only when nothing visible has a header; the same
sheet again when a column or the header row is changed; hidden rows left out — and the notes say
which sheet was read and which rows were left out."""

from __future__ import annotations

from openpyxl import Workbook

from anchor_console.show.spreadsheet import preview_import

SCRIPT = [["春装专场 直播脚本"], [], ["时间", "环节", "时长", "商品", "话术", "福利"],
          ["20:00-20:10", "开场", "10", "", "欢迎", ""],
          ["20:10-20:20", "红包环节", "10", "", "", "红包 200元 50个"],
          ["20:20-20:40", "连衣裙讲解", "20", "法式碎花连衣裙", "面料好", ""]]


def book(path, first: list[list], *, first_hidden: bool = False, hide_rows: tuple[int, ...] = ()):
    wb = Workbook()
    a = wb.active
    a.title = "说明"
    for row in first:
        a.append(row)
    if first_hidden:
        a.sheet_state = "hidden"
    b = wb.create_sheet("直播脚本")
    for row in SCRIPT:
        b.append(row)
    for r in hide_rows:
        b.row_dimensions[r].hidden = True
    wb.active = 1
    wb.save(path)
    return path


def notes(preview):
    return [w.message.english() for w in preview.warnings if w.row is None]


def titles(preview):
    return [s.title for s in preview.show.segments]


def test_a_roster_sheet_before_the_run_sheet_is_passed_over_and_the_sheet_read_is_named(tmp_path):
    """A first sheet with 时间 and 场控 columns has a header row too: it was imported (one "#1" segment)."""
    p = preview_import(book(tmp_path / "a.xlsx", [["时间", "主播", "场控"], ["19:00-23:00", "小美", "阿强"]]))
    assert p.sheet == "直播脚本" and titles(p) == ["开场", "红包环节", "连衣裙讲解"]
    assert p.sheets == (("说明", False), ("直播脚本", False))
    assert "Read the sheet “直播脚本”; the workbook has 2 sheets (choose another one to read it)" in notes(p)
    roster = preview_import(tmp_path / "a.xlsx", sheet="说明")
    assert roster.sheet == "说明"


def test_a_column_or_header_row_changed_reads_the_same_sheet_again(tmp_path):
    """With the header row given, the first sheet was read: "No header row found" after any change."""
    path = book(tmp_path / "b.xlsx", [["填表说明：时长按分钟填写"], ["第二行说明", "更多"]])
    first = preview_import(path)
    mapping = first.mapping()
    mapping.pop(5)
    for again in (preview_import(path, mapping=mapping, header_row=first.header_row),
                  preview_import(path, header_row=first.header_row)):
        assert again.sheet == "直播脚本" and titles(again) == titles(first)


def test_a_hidden_sheet_is_read_only_when_nothing_visible_has_a_header(tmp_path):
    old = [["时间", "环节", "时长"], ["20:00-20:10", "旧开场", "10"]]
    p = preview_import(book(tmp_path / "c.xlsx", old, first_hidden=True))
    assert p.sheet == "直播脚本" and p.sheets[0] == ("说明", True)
    only_hidden = Workbook()
    only_hidden.active.title = "上周版本"
    for row in old:
        only_hidden.active.append(row)
    only_hidden.create_sheet("空白")
    only_hidden.active.sheet_state = "hidden"
    only_hidden.active = 1
    only_hidden.save(tmp_path / "d.xlsx")
    p = preview_import(tmp_path / "d.xlsx")
    assert p.sheet == "上周版本" and "The sheet “上周版本” is hidden in the workbook" in notes(p)


def test_rows_hidden_in_the_sheet_are_not_imported_and_say_so(tmp_path):
    """A segment the planner cut by hiding its row came back, with its ¥200 red packet."""
    p = preview_import(book(tmp_path / "e.xlsx", [["说明"]], hide_rows=(5,)))
    assert titles(p) == ["开场", "连衣裙讲解"] and not any(s.cues for s in p.show.segments)
    assert "1 rows hidden in the sheet were not imported (rows 5)" in notes(p)


def test_formulas_saved_without_their_result_are_said_with_their_rows(tmp_path):
    """A 时长 of "=C3-B3" written by a script (openpyxl, pandas) has no saved result: every
    duration read as empty (only "has no duration" said) and talking points made by a formula
    vanished without a word. A formula in a column not read is not mentioned."""
    wb = Workbook()
    for row in (["环节", "时长", "话术", "无关"], ["开场", "=10", '="欢迎宝宝们"', "=1+1"],
                ["连衣裙", 20, '="面料讲解"', "=2"], ["收尾", "=5", "谢谢", ""]):
        wb.active.append(row)
    wb.save(tmp_path / "f.xlsx")
    p = preview_import(tmp_path / "f.xlsx")
    said = [(w.column, w.message.english()) for w in p.warnings if w.row is None]
    assert ("时长", "2 formulas in this column have no saved result and were read as empty (rows 2, 4): open the "
                    "file in Excel or WPS and save it there, then import it again") in said
    assert any(column == "话术" and "(rows 2, 3)" in note for column, note in said)
    assert not any(column == "无关" for column, _ in said)
