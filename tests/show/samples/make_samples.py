"""Writes the sample 直播脚本 spreadsheets used by the import tests, shaped like the ones live-commerce
ops teams really keep: a title block above the header, merged cells, mixed ways of writing
durations and times, GBK CSV exported from Excel on a Chinese Windows machine.

    .venv/bin/python tests/show/samples/make_samples.py     # rewrites the files beside this script

The files are committed; rerun this only to change them (and update tests/show/test_spreadsheet.py)."""

from __future__ import annotations

import csv
import io
from datetime import datetime, time
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

HERE = Path(__file__).resolve().parent
THIN = Side(style="thin", color="999999")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill("solid", fgColor="FCE4D6")
FIXED_TIME = datetime(2026, 3, 1, 12, 0, 0)  # workbook metadata, so the files are reproducible


def _style_table(ws, header_row: int, last_row: int, width: int) -> None:
    for r in range(header_row, last_row + 1):
        for c in range(1, width + 1):
            cell = ws.cell(r, c)
            cell.border = BOX
            cell.alignment = Alignment(wrap_text=True, vertical="center")
            if r == header_row:
                cell.font = Font(bold=True)
                cell.fill = HEAD_FILL


def _save(wb: Workbook, name: str) -> None:
    wb.properties.creator = "运营部"
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    wb.save(HERE / name)


def clothing() -> None:
    """女装春季上新: title block, 序号 column, 环节/商品/福利 merged over rows, mixed duration styles."""
    wb = Workbook()
    ws = wb.active
    ws.title = "直播脚本"
    ws["A1"] = "【简衣良品】春季新品首发专场 直播脚本"
    ws.merge_cells("A1:I1")
    ws["A1"].font = Font(bold=True, size=16)
    ws["A2"], ws["C2"], ws["E2"], ws["G2"] = "直播日期：2026年3月8日", "直播时间：20:00-22:00", "主播：小雅", "场控：阿杰"
    ws["A3"] = "本场目标：GMV 30万，场观 5万，新增粉丝 3000"
    ws.merge_cells("A3:I3")
    header = ["序号", "时间", "环节", "时长", "商品", "商品ID", "讲解要点", "福利", "场控配合"]
    ws.append([])
    ws.append(header)  # row 5
    rows = [
        [1, "20:00", "开场暖场", "10分钟", None, None,
         "欢迎宝宝们来到简衣良品直播间！\n今天春季新品首发，福利一波接一波，先点个关注不迷路",
         "福袋：关注+评论“春天”抽5人送新品", "开播即上福袋；公屏置顶引导关注"],
        [2, "20:10", "福利款讲解", "15min", "基础款纯棉白T恤", "1001",
         "面料：新疆长绒棉，240g重磅不透", "秒杀 ¥39.9 限量200件 每人限购2件", "上架1号链接，改价39.9"],
        [None, None, None, None, None, None, "版型：微落肩宽松版，遮肉显瘦", None, "库存实时报给主播"],
        [None, None, None, None, None, None, "尺码：S-XL，160/50kg穿M", None, None],
        [3, "20:25", "主推款讲解", "20分钟", "法式碎花连衣裙", "1002",
         "春季限定印花，V领收腰设计\n雪纺双层，不透不闷", "满199减30券 500张", "讲解时挂2号链接"],
        [4, "20:45", "试穿展示", "5'30\"", None, None, "模特试穿S/M/L三个码，转身展示裙摆", None, "切换试穿机位"],
        [5, "20:51", "搭配推荐", "15分钟", "针织开衫\n高腰阔腿裤", "1003\n1004",
         "开衫+连衣裙叠穿，通勤约会都可以\n阔腿裤垂感好，显腿长", "两件9折", "3号4号链接同时上架"],
        [6, "21:10", "互动抽奖", "10分钟", None, None, "整点抽奖，评论区扣“想要”", "抽奖送同款连衣裙3条",
         "截图抽奖，公屏公布中奖名单"],
        [7, "21:20", "返场爆款", "25分钟", "基础款纯棉白T恤\n法式碎花连衣裙", "1001\n1002",
         "没抢到的宝宝看过来，白T和碎花裙返场", "无门槛10元券 1000张", "补库存后再上架"],
        [8, "21:45", "下播预告", "15分钟", None, None, "感谢今天的宝宝们！明晚8点不见不散", None, "下播前10分钟提醒主播"],
    ]
    for row in rows:
        ws.append(row)
    # rows 6-8: 福利款 merged (序号, 时间, 环节, 时长, 商品, 商品ID, 福利)
    for col in "ABCDEFH":
        ws.merge_cells(f"{col}7:{col}9")
    # the 主推款 product, its ID and its coupon are merged over 主推款 and 试穿展示 (rows 10-11)
    for col in "EFH":
        ws.merge_cells(f"{col}10:{col}11")
    _style_table(ws, 5, 5 + len(rows), len(header))
    for col, width in zip("ABCDEFGHI", (6, 8, 14, 9, 20, 10, 44, 30, 28)):
        ws.column_dimensions[col].width = width
    _save(wb, "clothing_spring_launch.xlsx")


def beauty() -> None:
    """美妆护肤: no 时长 column, time ranges in three styles (-, ~, —) and one in full-width digits."""
    wb = Workbook()
    ws = wb.active
    ws.title = "护肤专场"
    ws["A1"] = "玉容堂 · 春日焕肤专场直播流程"
    ws.merge_cells("A1:H1")
    ws["A2"] = "2026/3/12 周四 19:30开播"
    ws.merge_cells("A2:H2")
    header = ["时间段", "流程", "产品", "直播价", "库存", "讲解卖点", "优惠机制", "备注"]
    ws.append(header)  # row 3
    rows = [
        ["19:30-19:40", "开场+福利预告", None, None, None, "今天所有产品都有赠品，下单备注直播间", "福袋", "主播到位，灯光检查"],
        ["19:40~20:00", "氨基酸洁面乳", "氨基酸洁面乳 120g", "¥69", 500,
         "温和不紧绷，敏感肌可用\n绵密泡沫，洗完不拔干", "满99减10券 300张", None],
        ["20:00—20:20", "精华讲解", "玻尿酸保湿精华 30ml", "129元", 300,
         "三重玻尿酸，补水锁水一步到位\n这是全网最低价，错过等一年", "秒杀价99元 限量100件 倒计时30秒", "改价前和主播确认"],
        ["２０：２０－２０：３５", "面霜+眼霜组合", "修护面霜\n淡纹眼霜", "199", 200,
         "面霜眼霜组合，一套解决干纹", "买面霜送眼霜小样", None],
        ["20:35-20:40", "互动答疑", None, None, None, "回答肤质问题，引导加粉丝团", None, "助播整理评论区问题"],
        ["20:40-21:00", "防晒喷雾", "清透防晒喷雾 SPF50", "¥59.9", 800,
         "清爽不油腻，补涂方便", "无门槛5元券 1000张 限时10分钟", None],
        ["21:00-21:10", "返场+下播", None, None, None, "没抢到的宝宝明天再来，关注主播不迷路", "红包雨", None],
    ]
    for row in rows:
        ws.append(row)
    _style_table(ws, 3, 3 + len(rows), len(header))
    for col, width in zip("ABCDEFGH", (16, 16, 22, 10, 8, 40, 30, 20)):
        ws.column_dimensions[col].width = width
    _save(wb, "beauty_time_ranges.xlsx")


def food_gbk() -> None:
    """零食年货节: a CSV saved by Excel on Chinese Windows (GBK), bare-minute durations, a blank
    环节 cell where the original sheet had a merge."""
    rows = [
        ["三只松果零食旗舰店 年货节直播脚本", "", "", "", "", "", "", "", ""],
        ["日期", "2026-01-20", "主播", "大刘", "", "", "", "", ""],
        ["时段", "环节", "时长（分钟）", "商品", "讲解要点", "福利", "价格", "库存", "备注"],
        ["18:00", "开场", "5", "", "年货节开场，介绍今天的爆款清单", "福袋", "", "", "测试声音画面"],
        ["18:05", "坚果礼盒", "15", "每日坚果礼盒 750g", "30袋装，一天一袋，送礼有面", "满159减20券 800张", "89.9",
         "1000", "1号链接"],
        ["", "", "", "", "配料表只有坚果和果干，无添加蔗糖", "", "", "", ""],
        ["18:20", "肉脯零食", "10", "猪肉脯 200g", "精选猪后腿肉，现烤现发", "秒杀 ￥19.9 限量300件", "29.9", "600",
         "秒杀前倒数"],
        ["18:30", "饮品冲调", "12", "冻干咖啡\n燕麦奶", "3秒速溶，冷热都能冲", "第二件半价", "49", "400", ""],
        ["18:42", "抽奖互动", "8", "", "评论区扣“年货”抽免单", "抽免单5人", "", "", "截图抽奖"],
        ["18:50", "下播", "10", "", "明天同一时间，年货节第二场", "", "", "", ""],
    ]
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    (HERE / "food_newyear_gbk.csv").write_bytes(buf.getvalue().encode("gbk"))


def electronics() -> None:
    """3C数码: English-ish header, durations as "00:10:00" text and as a real Excel time value."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Rundown"
    ws["A1"] = "极客派 Q2 数码新品发布 Live Rundown"
    ws.merge_cells("A1:H1")
    ws["A2"] = "Date: 2026-04-18   Host: 阿杰 / 小宇"
    ws.merge_cells("A2:H2")
    ws.append([])
    header = ["Time", "Segment", "Duration", "Product", "Product ID", "Script", "Promo", "Ops note"]
    ws.append(header)  # row 4
    rows = [
        ["19:00", "Opening 开场", "00:05:00", None, None, "欢迎来到极客派直播间，今晚三款新品首发", "福袋", "OBS切开场画面"],
        ["19:05", "TWS耳机 发布", "00:15:00", "极客派 Air3 降噪耳机", "2001",
         "主动降噪-45dB，续航36小时\n现场对比降噪效果", "秒杀 ¥199 限量500件 每人限购1件", "打开降噪演示音频"],
        ["19:20", "快充 充电宝", time(0, 10), "65W 氮化镓充电宝", "2002", "一台充三台设备，笔记本也能充",
         "满299减40券 300张", None],
        ["19:30", "Q&A 答疑", "0:05:00", None, None, "回答兼容性问题（iPhone/安卓都支持）", None, "助播整理问题"],
        ["19:35", "机械键盘", "00:20:00", "K87 三模机械键盘\nPBT键帽套装", "2003\n2004",
         "热插拔轴体，三模连接\n键帽单独买也很划算", "无门槛20元券 200张", "键盘敲击声收音"],
        ["19:55", "Wrap-up 返场+下播", "00:05:00", None, None, "感谢观看，新品链接保留到明天中午", None, None],
    ]
    for row in rows:
        ws.append(row)
    ws.cell(7, 3).number_format = "hh:mm:ss"
    _style_table(ws, 4, 4 + len(rows), len(header))
    for col, width in zip("ABCDEFGH", (8, 20, 10, 26, 12, 40, 30, 22)):
        ws.column_dimensions[col].width = width
    _save(wb, "electronics_english_header.xlsx")


def jewelry_relative() -> None:
    """饰品: UTF-8 CSV with BOM (WPS), relative minute marks instead of clock times."""
    rows = [
        ["流程", "时间", "款式", "卖点", "活动"],
        ["开场", "0'-5'", "", "欢迎新进来的宝宝，今天是饰品专场", "福袋"],
        ["925银项链", "5'-20'", "925银锁骨链", "S925纯银，不掉色不过敏", "秒杀 ¥79 限量150件"],
        ["珍珠耳环", "20'-32'", "淡水珍珠耳环", "天然淡水珍珠，每颗光泽都不一样", "满99减15券 400张"],
        ["下播", "32'-35'", "", "明天继续上新", ""],
    ]
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    (HERE / "jewelry_relative_minutes.csv").write_bytes(buf.getvalue().encode("utf-8-sig"))


if __name__ == "__main__":
    clothing()
    beauty()
    food_gbk()
    electronics()
    jewelry_relative()
    print("samples written to", HERE)
