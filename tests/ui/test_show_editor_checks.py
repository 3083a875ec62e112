"""The show editor checks what prep staff enter: a show with no start says "not set" (it kept the
last show's 20:00 while the segments counted from 0:00); the Check column and the line under the
segments report every problem of a segment (a cue past its end, no title, 0:00, a cue's invalid
terms, a product the catalog does not have); a save with problems left says so, and "Run this
show" asks first. Its banners come one at a time, never push it past its screen, and a file
error is gone once a show is put in."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from anchor_console.domain.models import Product
from anchor_console.show import load_show, save_show
from anchor_console.show.model import Cue, FeaturedProduct, IssueCoupon, Segment, Show, Trigger
from anchor_console.ui.show.editor_models import PlanSegmentsModel
from support.waiting import until
from support.window import find_dialog

CHECK, START = PlanSegmentsModel.CHECK, PlanSegmentsModel.START


def cell(editor, row: int, col: int, role=Qt.ItemDataRole.DisplayRole):
    return editor.model.data(editor.model.index(row, col), role)


def with_catalog(editor, *products: Product) -> None:
    catalog = editor.session.catalog
    catalog.products = {p.id: p for p in products}
    catalog.changed.emit()


@pytest.mark.asyncio
async def test_a_show_with_no_start_says_not_set_and_counts_from_its_start(editor):
    assert editor.has_start.isChecked() and editor.start.text() == "20:00"   # a new show's
    editor._imported(Show("表格里没有时间", segments=(Segment("a", "开场", 300), Segment("b", "福利款", 600))))
    assert not editor.has_start.isChecked() and not editor.start.isEnabled()
    assert editor.start.text() == "not set"
    assert [cell(editor, r, START) for r in range(2)] == ["+0:00", "+5:00"]   # not 00:00 beside a 20:00
    editor.has_start.setChecked(True)   # ticked: a start to change
    assert editor.document.show.start == dt.time(20, 0) and editor.start.isEnabled()
    assert [cell(editor, r, START) for r in range(2)] == ["20:00", "20:05"]
    editor.undo()
    assert editor.document.show.start is None and editor.start.text() == "not set"


@pytest.mark.asyncio
async def test_the_check_column_and_the_line_under_it_say_every_problem(editor):
    with_catalog(editor, Product("1002", "高腰阔腿牛仔裤"))
    late = Cue("c1", IssueCoupon("1", 500, 30, "满199减30"), Trigger.after(25 * 60))
    no_coupons = Cue("c2", IssueCoupon("1", 0, 30, "关注领券"))
    editor._imported(Show("检查", start=dt.time(20, 0), segments=(
        Segment("a", "开场", 300, products=(FeaturedProduct("999999", "不存在的商品XYZ"),)),
        Segment("b", "福利款", 600, products=(FeaturedProduct("1002", "高腰阔腿牛仔裤"),), cues=(late,)),
        Segment("c", "", 0),
        Segment("d", "秒杀", 300, cues=(no_coupons,)),
        Segment("e", "收尾", 300))))
    assert [cell(editor, r, CHECK) for r in range(5)] == ["⚠ 1", "⚠ 1", "⚠ 2", "⚠ 1", ""]
    assert cell(editor, 0, CHECK, Qt.ItemDataRole.ToolTipRole) == "• Product #999999 is not in the catalog"
    assert "past the segment's end at 10:00" in cell(editor, 1, CHECK, Qt.ItemDataRole.ToolTipRole)
    assert cell(editor, 2, CHECK, Qt.ItemDataRole.ToolTipRole) == ("• The segment has no title\n"
                                                                   "• The segment's length is 0:00")
    assert "the quantity must be from 1" in cell(editor, 3, CHECK, Qt.ItemDataRole.ToolTipRole)
    # red where the console would not start the show live with it
    assert cell(editor, 1, CHECK, Qt.ItemDataRole.ForegroundRole).name() == "#c62828"
    assert cell(editor, 2, CHECK, Qt.ItemDataRole.ForegroundRole).name() == "#e65100"
    line = editor.problems_line
    assert line.full_text == "⚠ 5 problems in 4 segments — No. 1 “开场”: Product #999999 is not in the catalog"
    editor.view.selectRow(2)
    assert line.full_text.endswith("— No. 3: The segment has no title")
    # fixed in the form: the mark goes as it is typed
    editor.form.seg_title.setText("抽奖")
    editor.form.seg_title.textEdited.emit("抽奖")
    editor.form.seg_minutes.setValue(2)
    assert cell(editor, 2, CHECK) == ""
    # the catalog gets the product: no longer a problem
    with_catalog(editor, Product("1002", "高腰阔腿牛仔裤"), Product("999999", "不存在的商品XYZ"))
    assert cell(editor, 0, CHECK) == ""


@pytest.mark.asyncio
async def test_a_draft_with_problems_is_saved_and_said_and_run_asks_first(editor, tmp_path):
    editor._imported(Show("草稿", start=dt.time(20, 0), segments=(
        Segment("a", "开场", 300), Segment("b", "福利款", 600, cues=(
            Cue("c1", IssueCoupon("1", 500, 30, "满199减30"), Trigger.after(25 * 60)),)))))
    path = tmp_path / "draft.show.toml"
    await editor._write(path)
    assert not editor.document.dirty and editor.document.path == path
    assert load_show(path).segments[1].cues[0].trigger.seconds == 25 * 60   # saved as it is
    assert "Saved with 1 problems still to fix: see the Check column." in editor.notifications.messages()
    editor.view.selectRow(0)
    editor.run_in_console()
    box = await until(lambda: find_dialog("confirm-run-with-problems"), 5, message="Run did not ask")
    assert "• No. 2 “福利款”: Cue “Issue 500 × 满199减30 coupons (valid 30 min)” is due 25:00" in box.text()
    assert "The console will not start it live" in box.text()
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.No)
    box.button(QMessageBox.StandardButton.No).click()
    assert editor.runner.show_path is None and editor.current_segment().id == "b"   # taken to the problem
    editor.run_in_console()
    box = await until(lambda: find_dialog("confirm-run-with-problems"), 5, message="Run did not ask again")
    box.button(QMessageBox.StandardButton.Yes).click()
    await until(lambda: editor.runner.show_path == path, 10, message="Run anyway did not run it")


@pytest.mark.asyncio
async def test_banners_come_one_at_a_time_stay_on_screen_and_file_errors_go_when_a_show_is_put_in(editor, tmp_path):
    screen = editor.screen().availableGeometry()
    before = editor.size()
    for n in range(3):   # each refused with ten lines of reasons
        broken = tmp_path / f"unknown{n}.show.toml"
        broken.write_text('format = "anchor-console-show"\nversion = 1\ntitle = "x"\n'
                          + "".join(f"field{i} = 1\n" for i in range(12)), encoding="utf-8")
        assert await editor.open_path(broken) is False
    errors = [m for m in editor.notifications.messages() if "could not be opened" in m]
    assert len(errors) == 1 and "unknown2.show.toml" in errors[0]   # the newest replaced the older ones
    assert errors[0].count("\n") == 4 and errors[0].endswith("more lines")   # the rest in its tooltip
    shown = [f for f in editor.notifications._frames() if not f.isHidden()]
    assert len(shown) == 1
    await until(lambda: editor.notifications.height() > 0)
    assert editor.size() == before and editor.frameGeometry().height() <= screen.height()
    assert editor.add_segment_button.isVisible()
    good = tmp_path / "good.show.toml"
    save_show(Show("好的", segments=(Segment("a", "开场", 300),)), good)
    assert await editor.open_path(good)
    assert not [m for m in editor.notifications.messages() if "could not be opened" in m]
    assert await editor.open_path(tmp_path / "unknown0.show.toml") is False
    editor._imported(Show("导入的", segments=(Segment("a", "开场", 300),)))   # an import clears it too
    assert not [m for m in editor.notifications.messages() if "could not be opened" in m]
    assert any(m.startswith("Imported 1 segments") for m in editor.notifications.messages())
