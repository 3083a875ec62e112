"""Writes the sample 直播脚本 spreadsheets used by the import tests, shaped like the ones live-commerce
ops teams really keep: a title block above the header, merged cells, mixed ways of writing
durations and times, GBK CSV exported from Excel on a Chinese Windows machine — and the 30-minute
sample show file (sample_30min.show.toml) used for a 10× rehearsal against Studio. Its products,
SKUs and coupon templates are those of Studio's demo catalog (anchor_console/studio/demo.py:
products 1001–1003 are on the demo shelf, SKU ids are product id × 10 + n, templates 1 and 2).

    .venv/bin/python tests/show/samples/make_samples.py     # rewrites the files beside this script

The files are committed; rerun this only to change them (and update tests/show/test_spreadsheet.py)."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import date, datetime, time
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.worksheet import Worksheet

from anchor_console.show.model import (
    AnchorMessage, Cue, CueMode, FeaturedProduct, IssueCoupon, Segment, SetOnSale, SetRoomMute, Show,
    StageProduct, StartFlashSale, StartMode, Trigger,
)
from anchor_console.show.showfile import loads_show
from anchor_console.show.showfile_writer import dumps_show

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
    """Saved with fixed metadata and zip timestamps, so rerunning this script changes no byte."""
    wb.properties.creator = "运营部"
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    raw = io.BytesIO()
    wb.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            fixed = zipfile.ZipInfo(item.filename, date_time=FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            data = src.read(item.filename)
            if item.filename == "docProps/core.xml":  # openpyxl stamps "modified" with the time of saving
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2026-03-01T12:00:00Z", data)
            dst.writestr(fixed, data)
    (HERE / name).write_bytes(out.getvalue())


def _sheet(title: str) -> tuple[Workbook, Worksheet]:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    return wb, ws


def _merged(ws, cells: str, value: str) -> None:
    """`value` in the first of `cells` ("A1:H1"), merged over all of them."""
    ws[cells.split(":")[0]] = value
    ws.merge_cells(cells)


def _table(ws, header: list[str], rows: list[list]) -> tuple[int, int]:
    """The header row, then the rows under it: (header row, last row)."""
    ws.append(header)
    header_row = ws.max_row
    for row in rows:
        ws.append(row)
    return header_row, header_row + len(rows)


def _finish(wb: Workbook, table: tuple[int, int], widths: tuple[int, ...], name: str) -> None:
    """The table styled, its columns (one a width) sized, the workbook saved as `name`."""
    ws = wb.active
    _style_table(ws, *table, len(widths))
    for col, width in zip("ABCDEFGHI", widths):
        ws.column_dimensions[col].width = width
    _save(wb, name)


def _write_csv(rows: list[list[str]], name: str, encoding: str) -> None:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    (HERE / name).write_bytes(buf.getvalue().encode(encoding))


def clothing() -> None:
    """女装春季上新: title block, 序号 column, 环节/商品/福利 merged over rows, mixed duration styles."""
    wb, ws = _sheet("直播脚本")
    _merged(ws, "A1:I1", "【简衣良品】春季新品首发专场 直播脚本")
    ws["A1"].font = Font(bold=True, size=16)
    ws["A2"], ws["C2"], ws["E2"], ws["G2"] = "直播日期：2026年3月8日", "直播时间：20:00-22:00", "主播：小雅", "场控：阿杰"
    _merged(ws, "A3:I3", "本场目标：GMV 30万，场观 5万，新增粉丝 3000")
    ws.append([])
    header = ["序号", "时间", "环节", "时长", "商品", "商品ID", "讲解要点", "福利", "场控配合"]
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
    table = _table(ws, header, rows)  # the header in row 5
    # rows 6-8: 福利款 merged (序号, 时间, 环节, 时长, 商品, 商品ID, 福利)
    for col in "ABCDEFH":
        ws.merge_cells(f"{col}7:{col}9")
    # the 主推款 product, its ID and its coupon are merged over 主推款 and 试穿展示 (rows 10-11)
    for col in "EFH":
        ws.merge_cells(f"{col}10:{col}11")
    _finish(wb, table, (6, 8, 14, 9, 20, 10, 44, 30, 28), "clothing_spring_launch.xlsx")


def beauty() -> None:
    """美妆护肤: no 时长 column, time ranges in three styles (-, ~, —) and one in full-width digits."""
    wb, ws = _sheet("护肤专场")
    _merged(ws, "A1:H1", "玉容堂 · 春日焕肤专场直播流程")
    _merged(ws, "A2:H2", "2026/3/12 周四 19:30开播")
    header = ["时间段", "流程", "产品", "直播价", "库存", "讲解卖点", "优惠机制", "备注"]
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
    table = _table(ws, header, rows)  # the header in row 3
    _finish(wb, table, (16, 16, 22, 10, 8, 40, 30, 20), "beauty_time_ranges.xlsx")


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
    _write_csv(rows, "food_newyear_gbk.csv", "gbk")


def electronics() -> None:
    """3C数码: English-ish header, durations as "00:10:00" text and as a real Excel time value."""
    wb, ws = _sheet("Rundown")
    _merged(ws, "A1:H1", "极客派 Q2 数码新品发布 Live Rundown")
    _merged(ws, "A2:H2", "Date: 2026-04-18   Host: 阿杰 / 小宇")
    ws.append([])
    header = ["Time", "Segment", "Duration", "Product", "Product ID", "Script", "Promo", "Ops note"]
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
    table = _table(ws, header, rows)  # the header in row 4
    ws.cell(7, 3).number_format = "hh:mm:ss"
    _finish(wb, table, (8, 20, 10, 26, 12, 40, 30, 22), "electronics_english_header.xlsx")


def jewelry_relative() -> None:
    """饰品: UTF-8 CSV with BOM (WPS), relative minute marks instead of clock times."""
    rows = [
        ["流程", "时间", "款式", "卖点", "活动"],
        ["开场", "0'-5'", "", "欢迎新进来的宝宝，今天是饰品专场", "福袋"],
        ["925银项链", "5'-20'", "925银锁骨链", "S925纯银，不掉色不过敏", "秒杀 ¥79 限量150件"],
        ["珍珠耳环", "20'-32'", "淡水珍珠耳环", "天然淡水珍珠，每颗光泽都不一样", "满99减15券 400张"],
        ["下播", "32'-35'", "", "明天继续上新", ""],
    ]
    _write_csv(rows, "jewelry_relative_minutes.csv", "utf-8-sig")


def sample_show() -> None:
    """春装上新 · 30分钟快闪: seven segments, auto/confirm/manual cues, two coupons, one flash sale."""
    cardigan = FeaturedProduct("1001", "春季新款针织开衫")
    jeans = FeaturedProduct("1002", "高腰阔腿牛仔裤")
    dress = FeaturedProduct("1003", "法式碎花连衣裙")
    auto, confirm, manual = CueMode.AUTO, CueMode.CONFIRM, CueMode.MANUAL
    start = Trigger.at_start()

    def stage(cue_id: str, p: FeaturedProduct, trigger: Trigger = start, mode: CueMode = auto, **kw) -> Cue:
        return Cue(cue_id, StageProduct(p.id, p.name), trigger, mode, **kw)

    def on_sale(cue_id: str, p: FeaturedProduct, on: bool, trigger: Trigger = start, mode: CueMode = auto) -> Cue:
        return Cue(cue_id, SetOnSale(p.id, on, p.name), trigger, mode)

    show = Show("【春季上新】女装 · 30分钟快闪专场", date(2026, 3, 20), time(20, 0), 1800, (
        Segment("seg-open", "开场福利预告", 180, talking_points=(
            "欢迎宝宝们来到直播间！\n今天是春装上新快闪专场，一共30分钟，三款新品轮番上。\n"
            "还没点关注的宝宝先点个关注，3分钟后发满199减30的券，关注了才能领。"),
            notes="开播先检查声音和画面；公屏置顶“关注领券”。",
            cues=(Cue("cue-open-hello", AnchorMessage("开场：先引导关注，预告3分钟后发券"), start, auto),)),
        Segment("seg-jeans", "福利款：高腰阔腿牛仔裤", 300, products=(jeans,), talking_points=(
            "垂感好，显腿长，微弹面料，久坐不勒。\n25到29码，平时穿M的宝宝拍27。\n"
            "今天直播间领券下单到手价更低，库存有限，拍完即止。"),
            notes="2号链接；券发出后报一下领取人数。",
            cues=(
                stage("cue-jeans-stage", jeans),
                on_sale("cue-jeans-sale", jeans, True),
                Cue("cue-jeans-coupon", IssueCoupon("1", 500, 30, "满199减30"), Trigger.after(60), confirm,
                    note="主播口播“券来了”再按"),
                Cue("cue-jeans-wrap", AnchorMessage("倒数30秒，准备切连衣裙"), Trigger.at_end(30), auto),
            )),
        Segment("seg-dress", "主推款：法式碎花连衣裙", 360, products=(dress, cardigan), talking_points=(
            "春季限定印花，V领收腰，显瘦又显高。\n雪纺双层，有内衬，不透不闷。\n"
            "外面搭一件针织开衫，通勤和约会都能穿。\n2分钟后开秒杀，129元，限量50件，每人限购2件。"),
            notes="3号链接；秒杀前和主播确认价格。",
            cues=(
                stage("cue-dress-stage", dress),
                Cue("cue-dress-flash", StartFlashSale(dress.id, "10032", 12900, 50, 2, 10, 180, dress.name),
                    Trigger.after(120), confirm, note="M码；倒计时10秒，主播一起倒数"),
                stage("cue-dress-cardigan", cardigan, Trigger.after(270), manual, note="有人问开衫再弹"),
            )),
        Segment("seg-tryon", "试穿展示 + 尺码答疑", 240, products=(dress, cardigan), talking_points=(
            "模特试穿S、M、L三个码，转身看裙摆。\n尺码问题集中回答：160/50kg穿M，腰围偏小的拍大一码。\n"
            "最后1分钟再提醒一下秒杀还剩多少件。"),
            notes="切试穿机位；助播整理评论区尺码问题。",
            cues=(
                Cue("cue-tryon-size", AnchorMessage("尺码：160/50kg穿M，腰围偏小拍大一码"), Trigger.after(30), auto),
                Cue("cue-tryon-mute", SetRoomMute(True), start, manual, note="刷屏严重时再用"),
                Cue("cue-tryon-unmute", SetRoomMute(False), Trigger.at_end(), manual),
            )),
        Segment("seg-set", "搭配推荐：开衫 + 阔腿裤", 300, products=(cardigan, jeans), talking_points=(
            "羊毛混纺针织开衫，柔软不扎，早晚温差大也不怕。\n配高腰阔腿牛仔裤，宽松版型显瘦。\n"
            "两件一起拍用无门槛10元券更划算。"),
            notes="1号、2号链接同时挂。",
            cues=(
                stage("cue-set-stage-cardigan", cardigan),
                on_sale("cue-set-sale-cardigan", cardigan, True),
                Cue("cue-set-coupon", IssueCoupon("2", 300, 15, "无门槛10元券"), Trigger.after(60), confirm),
                stage("cue-set-stage-jeans", jeans, Trigger.after(150)),
            )),
        Segment("seg-lucky", "整点福袋", 180, StartMode.HARD, time(20, 23), talking_points=(
            "福袋来啦！评论区扣“上新”，3分钟后开奖，抽3位宝宝送连衣裙。\n没中的宝宝也别走，马上返场。"),
            notes="福袋在后台手动发；开奖后公屏公布中奖名单。",
            cues=(Cue("cue-lucky-msg", AnchorMessage("福袋已发：评论“上新”参与，3分钟后开奖"), start, confirm),)),
        Segment("seg-close", "返场 + 下播预告", 240, products=(jeans, dress), talking_points=(
            "没抢到的宝宝看过来，牛仔裤和碎花裙再返场一次。\n明晚8点还有春装第二波，点关注不迷路。\n"
            "感谢今天所有宝宝的支持！"),
            notes="下播前1分钟下架连衣裙。",
            cues=(
                stage("cue-close-stage", dress),
                on_sale("cue-close-offsale", dress, False, Trigger.at_end(60), confirm),
                Cue("cue-close-thanks", AnchorMessage("感谢观看，明晚8点见"), Trigger.at_end(20), auto),
            )),
    ))
    assert not show.problems() and show.schedule().length_s == 1800
    text = dumps_show(show)
    assert loads_show(text) == show
    (HERE / "sample_30min.show.toml").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    clothing()
    beauty()
    food_gbk()
    electronics()
    jewelry_relative()
    sample_show()
    print("samples written to", HERE)
