"""An .xlsx run sheet the console exported imports back whole — every setting the sheet cannot show
comes back from the workbook's hidden record — while what a person changed in the sheet stays as
they wrote it, and a record that is damaged or tampered with is left aside with a note."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time
from pathlib import Path

import pytest
from openpyxl import load_workbook

from anchor_console.domain.giveaways import EntryRule, Exclusions, LuckyBagSetup, RedPacketSpec, Split
from anchor_console.domain.text import Text
from anchor_console.show.chat_cues import AnnounceToRoom, SetSlowMode
from anchor_console.show.export import export_xlsx
from anchor_console.show.model import (
    AnchorMessage, Cue, CueMode, FeaturedProduct, IssueCoupon, Segment, SendRedPacket, SetOnSale, Show,
    StageProduct, StartFlashSale, StartLuckyBag, StartMode, Trigger,
)
from anchor_console.show.sheet_record import RECORD_SHEET, without_commissions
from anchor_console.show.spreadsheet import preview_import
from test_show_round_trip import to_chinese


def full_show() -> Show:
    """A show using what a run sheet's columns cannot carry: modes, notes, SKUs, limits, templates,
    splits, exclusions, colours, commissions and a start time with seconds."""
    white = FeaturedProduct("1001", "基础款白T恤", commission_bp=1500)
    dress = FeaturedProduct("1002", "", commission_bp=None)
    return Show("春季上新专场", date(2026, 3, 8), time(20, 0, 30), 3600, (
        Segment("open", "开场暖场", 600, talking_points="欢迎\n先点关注", notes="上福袋", cues=(
            Cue("bag", StartLuckyBag(LuckyBagSetup(
                "白T恤一件", 3, EntryRule.KEYWORD, "我要白T", 180, prize_product_id="1001",
                exclusions=Exclusions(staff=True, banned=False, muted=True, won_today=True))),
                Trigger.after(30), CueMode.AUTO, note="抽奖前报一下规则"),
            Cue("slow", SetSlowMode(15), Trigger.at_end(60), CueMode.MANUAL),
            Cue("hello", AnnounceToRoom("欢迎来到直播间", "purple"), Trigger.at_start(), CueMode.AUTO),
        )),
        Segment("tee", "福利款", 930, products=(white,), cues=(
            Cue("stage", StageProduct(white.id, white.name), mode=CueMode.AUTO),
            Cue("sale", SetOnSale(white.id, True, white.name), Trigger.after(5), CueMode.AUTO),
            Cue("flash", StartFlashSale(white.id, "sku-white-m", 3990, 200, 2, 10, 600, white.name),
                Trigger.after(120), CueMode.CONFIRM, note="倒计时口播"),
        )),
        Segment("main", "主推款", 1200, StartMode.HARD, time(20, 30), products=(white, dress), cues=(
            Cue("coupon", IssueCoupon("tpl-199-30", 500, 15, "满199减30"), mode=CueMode.CONFIRM),
            Cue("packet", SendRedPacket(RedPacketSpec(8888, 20, Split.EQUAL, 120, "谢谢大家")), Trigger.at_end(30)),
            Cue("msg", AnchorMessage("讲一下面料"), Trigger.after(60), CueMode.AUTO),
        )),
        Segment("bye", "下播", 300, notes="下播前提醒"),
    ), commission_bp=1000)


def exported(tmp_path: Path, show: Show, translate=Text.english) -> Path:
    path = tmp_path / "run.xlsx"
    export_xlsx(show, path, translate=translate)
    return path


def edit(path: Path, change) -> None:
    """Open the workbook as Excel would, let `change` edit the run sheet, save it."""
    wb = load_workbook(path)
    change(wb["Run sheet"], wb)
    wb.save(path)


def cell(ws, title: str, column: int):
    row = next(r for r in range(5, ws.max_row + 1) if ws.cell(r, 4).value == title)
    return ws.cell(row, column)


PERKS, NOTES, DURATION = 8, 9, 3


@pytest.mark.parametrize("translate", [Text.english, to_chinese], ids=["english", "chinese"])
def test_an_exported_sheet_imports_back_as_the_same_show_cycle_after_cycle(tmp_path, translate):
    show = without_commissions(full_show())   # the rates stay out of a run sheet (next test)
    for cycle in range(3):
        again = preview_import(exported(tmp_path, show, translate)).show
        assert again == show, f"cycle {cycle}"
        show = again


def test_the_record_is_a_hidden_sheet_without_commission_rates_and_the_import_says_it_was_used(tmp_path):
    path = exported(tmp_path, full_show())
    import zipfile
    assert b"commission" not in b"".join(zipfile.ZipFile(path).read(n) for n in zipfile.ZipFile(path).namelist())
    wb = load_workbook(path)
    assert wb.sheetnames == ["Run sheet", RECORD_SHEET]
    assert wb[RECORD_SHEET].sheet_state == "hidden" and wb.active.title == "Run sheet"
    preview = preview_import(path)
    assert preview.sheet == "Run sheet"
    assert [w.message.english() for w in preview.warnings] == [
        "This run sheet was exported by Anchor Console: 9 cues came back with all their settings from its record."]


def test_what_a_person_changed_in_the_sheet_stays_as_they_wrote_it(tmp_path):
    path = exported(tmp_path, full_show())

    def change(ws, wb):
        cell(ws, "主推款", DURATION).value = "25:00"
        perks = cell(ws, "主推款", PERKS)
        perks.value = perks.value.replace("Issue 500 ×", "Issue 300 ×")
        cell(ws, "下播", NOTES).value = "下播前十分钟提醒"
        cell(ws, "福利款", 4).value = "福利款 白T"     # renamed: nothing to restore it from
    edit(path, change)
    show, before = preview_import(path).show, full_show()
    main = show.segments[2]
    assert main.id == "main" and main.duration_s == 1500
    coupon = next(c for c in main.cues if isinstance(c.action, IssueCoupon))
    assert (coupon.action.quantity, coupon.action.template_id, coupon.note) == (300, "", "")   # a suggestion again
    assert [c for c in main.cues if c is not coupon] == [c for c in before.segments[2].cues if c.id != "coupon"]
    assert show.segments[3].notes == "下播前十分钟提醒"
    renamed = show.segments[1]
    assert renamed.title == "福利款 白T" and renamed.cues[2].action == StartFlashSale(
        "1001", "", 3990, 200, product_name="基础款白T恤")   # read from the line alone
    assert all(c.mode is CueMode.CONFIRM for c in renamed.cues)
    assert show.problems() == [p for p in show.problems() if "used twice" not in p.message.english()]


def test_a_sheet_never_arms_a_cue_the_record_does_not_have_as_auto(tmp_path):
    path = exported(tmp_path, full_show())

    def change(ws, wb):
        perks = cell(ws, "福利款", PERKS)
        perks.value = perks.value.replace("(confirm)", "(auto)").replace("on stage (auto)", "on stage (manual)")
    edit(path, change)
    tee = preview_import(path).show.segments[1]
    assert {c.id: c.mode for c in tee.cues} == {
        "stage": CueMode.MANUAL, "sale": CueMode.AUTO, "flash": CueMode.CONFIRM}


def test_rows_moved_and_added_keep_their_records_and_get_ids_of_their_own(tmp_path):
    path = exported(tmp_path, full_show())

    def change(ws, wb):
        ws.move_range("D5:I5", rows=10)   # 开场暖场's cells go below the last segment
        ws.cell(16, 3).value = "10:00"
        ws.cell(16, 4).value = "open"      # a new segment titled like an old id
        ws.cell(16, 8).value = "at segment start: Message to the anchor: 新环节 (confirm)"
    edit(path, change)
    show = preview_import(path).show
    by_title = {s.title: s for s in show.segments}
    assert by_title["开场暖场"] == replace(without_commissions(full_show()).segments[0],
                                       duration_s=by_title["开场暖场"].duration_s)
    ids = [s.id for s in show.segments] + [c.id for _, c in show.all_cues()]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("damage", ["text", "hash", "marker", "rows"])
def test_a_damaged_record_is_left_aside_and_the_sheet_read_as_usual(tmp_path, damage):
    path = exported(tmp_path, full_show())
    wb = load_workbook(path)
    record = wb[RECORD_SHEET]
    if damage == "text":
        record.cell(3, 1).value = record.cell(3, 1).value.replace("满199减30", "满199减50")
    elif damage == "hash":
        record.cell(1, 2).value = "0" * 64
    elif damage == "marker":
        record.cell(1, 1).value = "anchor-console-show-record/99"
    else:
        record.delete_rows(3)
    wb.save(path)
    preview = preview_import(path)
    assert "could not be used" in preview.warnings[0].message.english()
    coupon = preview.show.segments[2].cues[0]
    assert coupon.action.template_id == "" and coupon.mode is CueMode.CONFIRM
    assert preview.show.segments[0].id == "seg-01"


def test_a_record_that_no_longer_parses_is_left_aside(tmp_path):
    import hashlib
    path = exported(tmp_path, full_show())
    wb = load_workbook(path)
    record = wb[RECORD_SHEET]
    text = "format = 'nonsense'"
    record.cell(1, 2).value = hashlib.sha256(text.encode()).hexdigest()
    record.delete_rows(3, record.max_row)
    record.cell(3, 1).value = ">" + text
    wb.save(path)
    preview = preview_import(path)
    assert "could not be used" in preview.warnings[0].message.english()
    assert [s.title for s in preview.show.segments] == [s.title for s in full_show().segments]


def test_text_a_cell_cannot_hold_and_a_long_show_survive(tmp_path):
    tricky = "零\u200b宽\u2028行\u3000空格 _x0041_ \\ \"引号\" 🎁"
    show = replace(without_commissions(full_show()), title="专场" + tricky)
    show = replace(show, segments=(replace(show.segments[0], talking_points=tricky + "\n" + "长" * 70_000),)
                   + show.segments[1:])
    again = preview_import(exported(tmp_path, show)).show
    assert again == show
    assert len(load_workbook(tmp_path / "run.xlsx")["Run sheet"].cell(5, 7).value) == 32_767   # cut there


def test_a_product_id_changed_in_the_sheet_leaves_no_cue_selling_the_old_one(tmp_path):
    path = exported(tmp_path, full_show())
    edit(path, lambda ws, wb: setattr(cell(ws, "福利款", 6), "value", "2002"))
    tee = preview_import(path).show.segments[1]
    assert [p.id for p in tee.products] == ["2002"]
    assert {c.action.product_id for c in tee.cues} == {"2002"} and all(c.mode is CueMode.CONFIRM for c in tee.cues)
    assert tee.cues[2].action.sku_id == ""   # the recorded SKU was the old product's


def _twins(first: str, second: str) -> Show:
    """Two segments of the same title, told apart by their coupon."""
    def twin(seg_id: str, name: str, template: str) -> Segment:
        return Segment(seg_id, "抽奖", 300, cues=(
            Cue(f"{seg_id}-c", IssueCoupon(template, 100, 10, name), mode=CueMode.AUTO, note=name),))
    return Show("两次抽奖", None, time(20, 0), 0, (twin("x1", first, "tpl-1"), twin("x2", second, "tpl-2")))


def test_rows_of_the_same_title_swapped_keep_their_own_records(tmp_path):
    show = _twins("满100减10", "满200减30")
    path = exported(tmp_path, show)
    edit(path, lambda ws, wb: ws.move_range("A5:I5", rows=2) or ws.move_range("A6:I6", rows=-1)
         or ws.move_range("A7:I7", rows=-1))
    again = preview_import(path).show
    assert [s.id for s in again.segments] == ["x2", "x1"]
    assert [s.cues[0] for s in again.segments] == [show.segments[1].cues[0], show.segments[0].cues[0]]


def test_a_segment_without_a_title_keeps_its_record(tmp_path):
    white = FeaturedProduct("1001", "白T")
    show = Show("无题", None, None, 0, (
        Segment("a", "", 300, products=(white,), cues=(Cue("a1", StageProduct("1001", "白T"), mode=CueMode.AUTO),)),
        Segment("w", "白T", 300, products=(white,), cues=(Cue("w1", IssueCoupon("tpl", 5, 10, "满1减1"),
                                                                mode=CueMode.AUTO),)),
    ))
    assert preview_import(exported(tmp_path, show)).show == show


def test_the_start_comes_back_as_recorded_even_when_the_first_written_time_is_a_fixed_start(tmp_path):
    hard = Segment("h", "整点", 600, StartMode.HARD, time(20, 30))
    for start in (None, time(20, 0), time(19, 59, 30)):
        show = Show("定时", None, start, 0, (Segment("s", "开场", 600), hard))
        assert preview_import(exported(tmp_path, show)).show == show, start


def test_linked_and_unlinked_products_of_one_segment_keep_their_ids(tmp_path):
    products = (FeaturedProduct("", "赠品"), FeaturedProduct("2", "连衣裙"), FeaturedProduct("3", "开衫"))
    show = Show("混合", None, None, 0, (Segment("m", "搭配", 300, products=products, cues=(
        Cue("m1", StageProduct("2", "连衣裙"), mode=CueMode.AUTO),)),))
    path = exported(tmp_path, show)
    assert preview_import(path).show == show
    wb = load_workbook(path)
    del wb[RECORD_SHEET]
    wb.save(path)
    assert [p.id for p in preview_import(path).show.segments[0].products] == ["", "2", "3"]   # the sheet alone too


def test_a_workbook_of_only_a_record_is_refused_in_words(tmp_path):
    from anchor_console.show.sheets import SpreadsheetError

    path = exported(tmp_path, full_show())
    wb = load_workbook(path)
    del wb["Run sheet"]
    wb[RECORD_SHEET].sheet_state = "visible"   # a workbook shows one sheet at least
    wb.save(path)
    for header_row in (None, 4):
        with pytest.raises(SpreadsheetError):
            preview_import(path, header_row=header_row)


def test_product_names_the_sheet_would_split_come_back_whole(tmp_path):
    products = (FeaturedProduct("7", "红、蓝两色"), FeaturedProduct("", "A;B 套装"), FeaturedProduct("9", " 留白 "))
    show = Show("名称", None, None, 0, (Segment("n", "多色", 300, products=products, cues=(
        Cue("n1", StageProduct("7", "红、蓝两色"), mode=CueMode.AUTO),)),))
    assert preview_import(exported(tmp_path, show)).show == show


@pytest.mark.parametrize("translate", [Text.english, to_chinese], ids=["english", "chinese"])
def test_a_message_of_several_lines_stays_one_cue(tmp_path, translate):
    """A message to the anchor written on several lines (in a show file) is one line of the sheet's
    cue cell: it comes back whole from the record, and as one cue (its lines joined) without it."""
    show = without_commissions(full_show())
    main = show.segments[2]
    cues = main.cues[:2] + (replace(main.cues[2], action=AnchorMessage("讲一下面料\n再报一次库存")),)
    show = replace(show, segments=show.segments[:2] + (replace(main, cues=cues),) + show.segments[3:])
    path = exported(tmp_path, show, translate)
    assert preview_import(path).show == show
    wb = load_workbook(path)
    del wb[RECORD_SHEET]
    wb.save(path)
    again = preview_import(path).show.segments[2]
    assert [c.action for c in again.cues if isinstance(c.action, AnchorMessage)] == [
        AnchorMessage("讲一下面料 / 再报一次库存")]
    assert "再报一次库存" not in again.notes
