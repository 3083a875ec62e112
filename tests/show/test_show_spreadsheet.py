"""Importing 直播脚本 spreadsheets: each sample sheet gives the segments prep staff meant, the ways
of writing durations and times, column mapping (detected, fuzzy, overridden by hand), 福利 text
turned into suggested cues, and bad files that get a clear error."""

from __future__ import annotations

import csv
import io
from datetime import date, time

import pytest
from openpyxl import Workbook

from anchor_console.show.durations import (
    CLOCK_GUESS, DurationError, TimeOfDayError, parse_duration, parse_time_of_day, parse_time_range,
    seconds_between,
)
from anchor_console.domain.giveaways import EntryRule, LuckyBagSetup, RedPacketSpec, Split
from anchor_console.show.model import (
    AnchorMessage, CueMode, FeaturedProduct, IssueCoupon, SendRedPacket, StartFlashSale, StartLuckyBag,
    StartMode, TriggerKind,
)
from anchor_console.show.perks import RowFacts, suggest_cues
from anchor_console.show.sheet_columns import SheetField, match_columns
from anchor_console.show.sheets import SpreadsheetError
from anchor_console.show.spreadsheet import preview_import
from show_builders import SAMPLES


def summary(show):
    return [(s.title, s.duration_s) for s in show.segments]


def cue_actions(segment):
    return [c.action for c in segment.cues]


# ------------------------------------------------------------------------------- the samples


def test_clothing_sheet_with_title_block_and_merged_cells():
    p = preview_import(SAMPLES / "clothing_spring_launch.xlsx")
    assert p.header_row == 5 and p.sheet == "直播脚本"
    assert p.title_lines[0] == "【简衣良品】春季新品首发专场 直播脚本"
    show = p.show
    assert show.title == "【简衣良品】春季新品首发专场 直播脚本"
    assert show.date == date(2026, 3, 8) and show.start == time(20, 0) and show.target_length_s == 7200
    assert summary(show) == [("开场暖场", 600), ("福利款讲解", 900), ("主推款讲解", 1200), ("试穿展示", 330),
                             ("搭配推荐", 900), ("互动抽奖", 600), ("返场爆款", 1500), ("下播预告", 900)]
    assert show.schedule().length_s == 7200
    tee = show.segments[1]  # 环节 merged over three rows: one segment, three rows of talking points
    assert tee.talking_points.splitlines() == ["面料：新疆长绒棉，240g重磅不透", "版型：微落肩宽松版，遮肉显瘦",
                                               "尺码：S-XL，160/50kg穿M"]
    assert tee.products == (FeaturedProduct("1001", "基础款纯棉白T恤"),)
    assert tee.notes == "上架1号链接，改价39.9\n库存实时报给主播"
    [flash] = cue_actions(tee)
    assert flash == StartFlashSale("1001", "", 3990, 200, 2, 0, 300, "基础款纯棉白T恤")
    # The product and the coupon are merged over 主推款 and 试穿展示: both feature the dress, the coupon once.
    main, tryon = show.segments[2], show.segments[3]
    assert main.products == tryon.products == (FeaturedProduct("1002", "法式碎花连衣裙"),)
    assert [a.name for a in cue_actions(main)] == ["满199减30"] and cue_actions(tryon) == []
    assert "满199减30券 500张" in tryon.notes
    assert show.segments[4].products == (FeaturedProduct("1003", "针织开衫"), FeaturedProduct("1004", "高腰阔腿裤"))
    assert "福利: 两件9折" in show.segments[4].notes  # not understood: kept as text
    lucky = show.segments[5]  # written as 21:10 after a 21:05:30 end: a fixed time with a gap
    assert lucky.start_mode is StartMode.HARD and lucky.hard_start == time(21, 10)
    assert show.schedule().item(lucky.id).gap_before_s == 270
    assert all(s.start_mode is StartMode.SOFT for s in show.segments if s is not lucky)
    opening_bag = cue_actions(show.segments[0])[0]   # "福袋：关注+评论“春天”抽5人送新品"
    assert opening_bag == StartLuckyBag(LuckyBagSetup("新品", 5, EntryRule.KEYWORD, "春天", 300))
    assert all(c.mode is CueMode.CONFIRM and c.trigger.kind is TriggerKind.START for _, c in show.all_cues())
    assert [c.id for _, c in show.all_cues()][:2] == ["seg-01-c1", "seg-02-c1"]
    [col] = [c for c in p.columns if c.header == "序号"]
    assert col.field is None
    assert {c.field for c in p.columns if c.field} == set(SheetField) - {SheetField.PRICE, SheetField.STOCK,
                                                                         SheetField.FIXED_TIME}


def test_beauty_sheet_with_time_ranges_and_no_duration_column():
    p = preview_import(SAMPLES / "beauty_time_ranges.xlsx")
    show = p.show
    assert p.header_row == 3 and show.date == date(2026, 3, 12) and show.start == time(19, 30)
    assert summary(show) == [("开场+福利预告", 600), ("氨基酸洁面乳", 1200), ("精华讲解", 1200),
                             ("面霜+眼霜组合", 900), ("互动答疑", 300), ("防晒喷雾", 1200), ("返场+下播", 600)]
    assert all(s.start_mode is StartMode.SOFT for s in show.segments)
    assert show.segments[3].products == (FeaturedProduct("", "修护面霜"), FeaturedProduct("", "淡纹眼霜"))
    [flash] = cue_actions(show.segments[2])
    assert (flash.sale_price_fen, flash.stock, flash.countdown_s) == (9900, 100, 30)
    [coupon] = cue_actions(show.segments[5])
    assert coupon == IssueCoupon("", 1000, 10, "无门槛5元")
    assert "直播价: ¥69" in show.segments[1].notes and "库存: 500" in show.segments[1].notes
    assert any("no catalog ID" in w.message.english() for w in p.warnings)
    assert any(w.row == 6 and "no SKU chosen" in w.message.english() for w in p.warnings)


def test_food_sheet_as_gbk_csv():
    p = preview_import(SAMPLES / "food_newyear_gbk.csv")
    assert p.encoding == "gb18030" and p.header_row == 3
    show = p.show
    assert show.title == "三只松果零食旗舰店 年货节直播脚本" and show.date == date(2026, 1, 20)
    assert summary(show) == [("开场", 300), ("坚果礼盒", 900), ("肉脯零食", 600), ("饮品冲调", 720), ("抽奖互动", 480),
                             ("下播", 600)]
    nuts = show.segments[1]  # the blank 环节 row below is more talking points for the same segment
    assert nuts.talking_points == "30袋装，一天一袋，送礼有面\n配料表只有坚果和果干，无添加蔗糖"
    [flash] = cue_actions(show.segments[2])
    assert (flash.sale_price_fen, flash.stock, flash.product_name) == (1990, 300, "猪肉脯 200g")
    assert show.segments[3].products == (FeaturedProduct("", "冻干咖啡"), FeaturedProduct("", "燕麦奶"))


def test_electronics_sheet_with_english_header_and_clock_durations():
    p = preview_import(SAMPLES / "electronics_english_header.xlsx")
    assert p.header_row == 4 and p.sheet == "Rundown"
    assert [c.field for c in p.columns] == [SheetField.TIME, SheetField.SEGMENT, SheetField.DURATION,
                                            SheetField.PRODUCT, SheetField.PRODUCT_ID, SheetField.TALKING_POINTS,
                                            SheetField.PERKS, SheetField.ASSISTANT]
    show = p.show
    assert show.date == date(2026, 4, 18) and show.start == time(19, 0)
    assert summary(show) == [("Opening 开场", 300), ("TWS耳机 发布", 900), ("快充 充电宝", 600), ("Q&A 答疑", 300),
                             ("机械键盘", 1200), ("Wrap-up 返场+下播", 300)]
    assert show.segments[4].products == (FeaturedProduct("2003", "K87 三模机械键盘"), FeaturedProduct("2004", "PBT键帽套装"))
    [flash] = cue_actions(show.segments[1])
    assert (flash.product_id, flash.sale_price_fen, flash.stock, flash.per_buyer_limit) == ("2001", 19900, 500, 1)
    assert not any("was read as" in w.message.english() for w in p.warnings)


def test_utf8_bom_csv_with_relative_minutes():
    p = preview_import(SAMPLES / "jewelry_relative_minutes.csv")
    assert p.encoding == "utf-8-sig" and p.header_row == 1
    assert summary(p.show) == [("开场", 300), ("925银项链", 900), ("珍珠耳环", 720), ("下播", 180)]
    assert p.show.start is None and p.show.title == "jewelry_relative_minutes"


def test_preview_limits_segments_but_keeps_the_whole_show():
    p = preview_import(SAMPLES / "clothing_spring_launch.xlsx", limit=3)
    assert len(p.segments) == 3 and len(p.show.segments) == 8
    assert p.segments == p.show.segments[:3]


# ---------------------------------------------------------------------------- column mapping


def test_mapping_can_be_changed_by_hand_and_rerun():
    p = preview_import(SAMPLES / "clothing_spring_launch.xlsx")
    mapping = p.mapping()
    talking = next(i for i, f in mapping.items() if f is SheetField.TALKING_POINTS)
    notes = next(i for i, f in mapping.items() if f is SheetField.ASSISTANT)
    mapping[talking], mapping[notes] = SheetField.ASSISTANT, SheetField.TALKING_POINTS
    del mapping[next(i for i, f in mapping.items() if f is SheetField.PERKS)]
    again = preview_import(SAMPLES / "clothing_spring_launch.xlsx", mapping=mapping, header_row=5)
    assert again.show.segments[1].notes.startswith("面料：新疆长绒棉")
    assert again.show.segments[1].talking_points.startswith("上架1号链接")
    assert all(not s.cues for s in again.show.segments)
    assert {c.confidence for c in again.columns if c.field} == {1.0}


@pytest.mark.parametrize("headers, live", [
    (["环节", "商品", "价格", "直播价", "福利"], "直播价"),
    (["环节", "商品", "售价", "到手价", "福利"], "到手价"),
    (["segment", "price", "live price"], "live price"),
    (["环节", "价格", "福利"], "价格"),   # the only price there is
])
def test_the_live_price_column_is_the_price_not_the_regular_one_beside_it(headers, live):
    assert [c.header for c in match_columns(headers) if c.field is SheetField.PRICE] == [live]


def test_fuzzy_and_english_headers():
    headers = ["时间段", "直播环节", "时长（分钟）", "商品名称", "商品ID", "主播话术", "福利机制", "场控配合", "直播价",
               "库存数", "日常价", "Duraton", "Talking Points", "图片"]
    got = {m.header: m.field for m in match_columns(headers)}
    assert got["时间段"] is SheetField.TIME and got["直播环节"] is SheetField.SEGMENT
    assert got["时长（分钟）"] is SheetField.DURATION and got["商品名称"] is SheetField.PRODUCT
    assert got["商品ID"] is SheetField.PRODUCT_ID and got["主播话术"] is SheetField.TALKING_POINTS
    assert got["福利机制"] is SheetField.PERKS and got["场控配合"] is SheetField.ASSISTANT
    assert got["直播价"] is SheetField.PRICE and got["库存数"] is SheetField.STOCK
    assert got["日常价"] is None and got["图片"] is None
    assert got["Duraton"] is None  # duration was taken by the better match; one column per field
    assert match_columns(["Duraton", "Script"])[0].field is SheetField.DURATION
    assert 0.5 <= match_columns(["Duraton"])[0].confidence < 1
    assert SheetField.PERKS.label.english() == "Perks and offers"


def write_csv(path, rows, encoding="utf-8"):
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def test_row_warnings_for_what_cannot_be_read(tmp_path):
    path = write_csv(tmp_path / "s.csv", [
        ["环节", "时长", "时间", "话术"],
        ["开场", "一会儿", "20:00", "大家好"],
        ["讲解", "10分钟", "晚上", "卖点"],
        ["收尾", "", "", "再见"],
    ])
    p = preview_import(path)
    rows = {(w.row, w.column): w.message.english() for w in p.warnings}
    assert "“一会儿” is not a duration" in rows[(2, "时长")]
    assert "“晚上” is not a time" in rows[(3, "时间")]
    assert "no duration" in rows[(4, "时长")]
    assert summary(p.show) == [("开场", 0), ("讲解", 600), ("收尾", 0)]


def test_durations_come_from_the_next_start_when_there_is_no_duration(tmp_path):
    path = write_csv(tmp_path / "s.csv", [
        ["时间", "环节", "商品"],
        ["20:00", "开场", ""],
        ["20:05", "", "白T恤"],  # no 环节 but a time: a new segment, titled by its product
        ["20:20", "下播", ""],
    ], encoding="gb18030")
    p = preview_import(path)
    assert summary(p.show) == [("开场", 300), ("白T恤", 900), ("下播", 0)]


def test_excel_time_values_in_a_duration_column_are_read_with_care(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["环节", "时长"])
    ws.append(["A", time(0, 10)])
    ws.append(["B", time(10, 0)])  # someone typed 10:00 meaning ten minutes; Excel made it 10 a.m.
    ws.append(["C", 15])
    path = tmp_path / "t.xlsx"
    wb.save(path)
    p = preview_import(path)
    assert summary(p.show) == [("A", 600), ("B", 600), ("C", 900)]
    assert [w.row for w in p.warnings if "was read as" in w.message.english()] == [3]


def test_a_time_range_merged_over_several_segments_is_shared(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["时间", "环节"])
    ws.append(["20:00-20:30", "A"])
    ws.append([None, "B"])
    ws.append([None, "C"])
    ws.append(["20:30-20:40", "D"])
    ws.merge_cells("A2:A4")
    path = tmp_path / "t.xlsx"
    wb.save(path)
    p = preview_import(path)
    assert summary(p.show) == [("A", 600), ("B", 600), ("C", 600), ("D", 600)]
    assert all(s.start_mode is StartMode.SOFT for s in p.show.segments)
    assert any("shared out equally" in w.message.english() for w in p.warnings)


def test_header_repeats_and_total_rows_are_ignored(tmp_path):
    path = write_csv(tmp_path / "s.csv", [
        ["环节", "时长"], ["A", "5"], ["环节", "时长"], ["B", "5"], ["合计", "10"],
    ])
    assert summary(preview_import(path).show) == [("A", 300), ("B", 300)]


# --------------------------------------------------------------------------------- bad files


def test_bad_files_get_a_clear_error(tmp_path):
    cases = {
        "broken.xlsx": b"PK\x03\x04 not really a zip",
        "old.xls": b"\xd0\xcf\x11\xe0",
        "notes.csv": "随便写的几行字\n没有表头\n".encode("utf-8"),
        "empty.csv": b"",
    }
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
        with pytest.raises(SpreadsheetError) as err:
            preview_import(tmp_path / name)
        assert err.value.message.english(), name
    with pytest.raises(SpreadsheetError, match="does not exist"):
        preview_import(tmp_path / "missing.xlsx")
    with pytest.raises(SpreadsheetError, match="no sheet"):
        preview_import(SAMPLES / "clothing_spring_launch.xlsx", sheet="Sheet9")
    with pytest.raises(SpreadsheetError, match="No column"):
        preview_import(SAMPLES / "clothing_spring_launch.xlsx", mapping={})


# ------------------------------------------------------------------------ durations & times


@pytest.mark.parametrize("text, seconds", [
    ("10分钟", 600), ("10min", 600), ("10 mins", 600), ("5'30\"", 330), ("5′30″", 330), ("00:10:00", 600),
    ("10:00", 600), ("1小时", 3600), ("1.5h", 5400), ("1h30m", 5400), ("1小时30分钟", 5400), ("半小时", 1800),
    ("一个半小时", 5400), ("1小时半", 5400), ("十五分钟", 900), ("90s", 90), ("90秒", 90), ("约10分钟", 600),
    ("１０分钟", 600), ("10分钟左右", 600), ("１：３０：００", 5400), ("45''", 45), ("3'", 180), ("一刻钟", 900),
    ("10", 600), (10, 600), (2.5, 150),
])
def test_durations(text, seconds):
    assert parse_duration(text)[0] == seconds


def test_duration_units_and_bad_durations():
    assert parse_duration("90", bare_unit_s=1) == (90, None)
    assert parse_duration(None) is None and parse_duration("  ") is None
    assert parse_duration(time(0, 15)) == (900, None) and parse_duration(time(1, 30)) == (5400, None)
    assert parse_duration(time(5, 30)) == (330, CLOCK_GUESS)
    for bad in ("一会儿", "10分钟x", "abc", -5, True, "1:2:3:4"):
        with pytest.raises(DurationError):
            parse_duration(bad)


@pytest.mark.parametrize("text, start, end", [
    ("20:00-20:10", time(20), time(20, 10)), ("20:00~20:10", time(20), time(20, 10)),
    ("20:00—20:10", time(20), time(20, 10)), ("20:00——20:10", time(20), time(20, 10)),
    ("２０：００－２０：１０", time(20), time(20, 10)), ("20:00 至 20:10", time(20), time(20, 10)),
    ("20点-20点30分", time(20), time(20, 30)), ("20点半", time(20, 30), None), ("8:30pm", time(20, 30), None),
    ("23:50-00:10", time(23, 50), time(0, 10)), ("20:00:30", time(20, 0, 30), None),
])
def test_time_ranges(text, start, end):
    assert parse_time_range(text) == (start, end)


def test_times_of_day():
    assert parse_time_of_day("24:00") == time(0, 0)
    assert seconds_between(time(23, 50), time(0, 10)) == 1200
    for bad in ("25:00", "晚上", "20:61"):
        with pytest.raises(TimeOfDayError):
            parse_time_of_day(bad)


# ------------------------------------------------------------------------------ 福利 → cues


PRODUCT = RowFacts((FeaturedProduct("1002", "连衣裙"),), price_fen=8900, stock=300)


@pytest.mark.parametrize("text, expected", [
    ("满199减30券 500张", [IssueCoupon("", 500, 30, "满199减30")]),
    ("无门槛5元券 1000张 限时10分钟", [IssueCoupon("", 1000, 10, "无门槛5元")]),
    ("10元无门槛券，限量200张，有效期1小时", [IssueCoupon("", 200, 60, "无门槛10元")]),
    ("秒杀 ¥59.9 限量100件", [StartFlashSale("1002", "", 5990, 100, 1, 0, 300, "连衣裙")]),
    ("9.9秒杀 100份", [StartFlashSale("1002", "", 990, 100, 1, 0, 300, "连衣裙")]),
    ("秒杀价69元，限量200单，每人限购2件，倒计时30秒，持续5分钟",
     [StartFlashSale("1002", "", 6900, 200, 2, 30, 300, "连衣裙")]),
    ("秒杀", [StartFlashSale("1002", "", 8900, 300, 1, 0, 300, "连衣裙")]),  # price and stock from the row
    # beyond the platforms' 300 s: kept as written, and the cue's problem says so (it was cut to 300)
    ("秒杀 ¥59.9 倒计时600秒", [StartFlashSale("1002", "", 5990, 300, 1, 600, 300, "连衣裙")]),
    ("福袋", [StartLuckyBag(LuckyBagSetup("福袋", 1))]),
    ("满199减30券500张；秒杀¥59.9限量100件\n福袋：关注+评论抽5人",
     [IssueCoupon("", 500, 30, "满199减30"), StartFlashSale("1002", "", 5990, 100, 1, 0, 300, "连衣裙"),
      StartLuckyBag(LuckyBagSetup("福袋", 5, EntryRule.KEYWORD, "", 300))]),
    ("抽奖 口令'666' 3人", [StartLuckyBag(LuckyBagSetup("抽奖", 3, EntryRule.KEYWORD, "666", 300))]),
    ("关注抽3位 送保温杯 倒计时2分钟", [StartLuckyBag(LuckyBagSetup("保温杯", 3, EntryRule.FOLLOW, "", 120))]),
    ("粉丝团福袋 抽2人", [StartLuckyBag(LuckyBagSetup("福袋", 2, EntryRule.FAN_CLUB))]),
    ("下单抽免单 1人", [StartLuckyBag(LuckyBagSetup("免单", 1, EntryRule.ORDERED))]),
    ("红包 200元 50个", [SendRedPacket(RedPacketSpec(20000, 50, Split.RANDOM))]),
    ("平均红包 ¥88 8个", [SendRedPacket(RedPacketSpec(8800, 8, Split.EQUAL))]),
    ("免单", [AnchorMessage("免单")]),
])
def test_perks_become_suggested_confirm_cues(text, expected):
    got = suggest_cues(text, PRODUCT, id_prefix="c")
    assert [c.action for c in got.cues] == expected
    assert all(c.mode is CueMode.CONFIRM and c.note for c in got.cues)
    assert got.leftover == ""


@pytest.mark.parametrize("text, expected", [
    # Thousands written with a comma, as Excel shows them: not ¥1.00 and 1 in stock
    ("秒杀 ¥1,299 限量1,000件", [StartFlashSale("1002", "", 129900, 1000, 1, 0, 300, "连衣裙")]),
    ("红包 1,000元 50个", [SendRedPacket(RedPacketSpec(100000, 50, Split.RANDOM))]),
    ("满1,000减200券 1,500张", [IssueCoupon("", 1500, 30, "满1000减200")]),
    ("秒杀¥59.9,100元无门槛券", [StartFlashSale("1002", "", 5990, 300, 1, 0, 300, "连衣裙"),
                             IssueCoupon("", 0, 30, "无门槛100元")]),
    # and with 万 (ten thousand): not 1 in stock, not 0 coupons
    ("秒杀 ¥99 限量1万件", [StartFlashSale("1002", "", 9900, 10000, 1, 0, 300, "连衣裙")]),
    ("满300减50券 1.5万张", [IssueCoupon("", 15000, 30, "满300减50")]),
])
def test_perk_numbers_with_thousands_separators_or_wan(text, expected):
    got = suggest_cues(text, PRODUCT, id_prefix="c")
    assert [c.action for c in got.cues] == expected
    assert got.leftover == "" and got.problems == ()


def test_price_and_stock_columns_with_thousands_separators_or_wan(tmp_path):
    path = write_csv(tmp_path / "s.csv", [
        ["环节", "时长", "商品", "直播价", "库存", "福利"],
        ["爆款", "10分钟", "羽绒服", "¥1,299.00", "1,000件", "秒杀"],
        ["福利款", "10分钟", "T恤", "59.9元", "2万", "秒杀"],
    ])
    sales = [s.cues[0].action for s in preview_import(path).show.segments]
    assert [(sale.sale_price_fen, sale.stock) for sale in sales] == [(129900, 1000), (5990, 20000)]


@pytest.mark.parametrize("text, price_fen", [
    ("原价¥199 秒杀价¥99 限量100件", 9900),
    ("原价199元 秒杀99元", 9900),
    ("日常价¥299，直播秒杀¥199", 19900),
    ("秒杀 ¥99（划线价¥159）", 9900),
    ("秒杀价：¥69 吊牌价 ¥399", 6900),
])
def test_a_flash_sale_is_at_its_sale_price_not_the_original_one(text, price_fen):
    got = suggest_cues(text, PRODUCT, id_prefix="c")
    assert [c.action.sale_price_fen for c in got.cues] == [price_fen]


def test_perks_that_are_not_understood_stay_as_text():
    got = suggest_cues("买一送一\n第二件半价；满199减30券 500张", PRODUCT, id_prefix="c")
    assert [type(c.action) for c in got.cues] == [IssueCoupon]
    assert got.leftover == "买一送一\n第二件半价"


def test_two_columns_read_as_one_text_field_are_both_kept(tmp_path):
    """卖点 and 话术 both set to talking points (备注 and 场控配合 to notes): the last column won and
    the other's text was left out, unsaid. Another field read from two columns says which is unused."""
    path = write_csv(tmp_path / "s.csv", [
        ["时间", "环节", "时长", "卖点", "话术", "备注", "场控配合", "时长2"],
        ["20:00-20:10", "连衣裙", "10", "法式碎花，收腰显瘦", "宝宝们看这个面料", "2号链接", "到点上架，报库存",
         "99"]])
    first = preview_import(path)
    mapping = first.mapping()
    mapping[4], mapping[6], mapping[7] = SheetField.TALKING_POINTS, SheetField.ASSISTANT, SheetField.DURATION
    seg = preview_import(path, mapping=mapping, header_row=first.header_row).show.segments[0]
    assert seg.talking_points == "法式碎花，收腰显瘦\n宝宝们看这个面料"
    assert seg.notes == "2号链接\n到点上架，报库存" and seg.duration_s == 600
    warnings = preview_import(path, mapping=mapping, header_row=first.header_row).warnings
    assert [(w.row, w.column, w.message.english()) for w in warnings] == [
        (None, "时长2", "This column is not used: “时长” is read as Duration")]


def test_quoted_text_in_a_csv_file_comes_back_as_written(tmp_path):
    """A cell of "爆款" in quotes (Excel doubles them): the sniffer guessed doublequote=False and the
    talking points read with two stray quotes at the end. Only the delimiter is taken from it now."""
    rows = [["时间", "环节", "时长", "福利", "话术"], ["20:00-20:01", "开场", "1", "", '"爆款"'],
            ["20:01-20:02", "连衣裙", "4", "", "尺码S;M;L"],
            ["20:02-20:03", "牛仔裤", "6", "拍1发2，包邮", "欢迎"]]
    for delimiter in (",", "\t"):
        path = tmp_path / "s.csv"
        with open(path, "w", newline="", encoding="utf-8-sig") as fh:
            csv.writer(fh, delimiter=delimiter).writerows(rows)
        show = preview_import(path).show
        assert [s.talking_points for s in show.segments] == ['"爆款"', "尺码S;M;L", "欢迎"], delimiter
