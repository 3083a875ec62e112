"""What the columns of a 直播脚本 spreadsheet hold: the fields the import knows (`SheetField`), the
header words seen in real templates for each (matched by synonym and fuzzily, English too), the
proposed column → field mapping with a confidence, and finding the header row under a title block."""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass

from anchor_console.domain.text import QT_TRANSLATE_NOOP, LabelledEnum
from anchor_console.show.durations import for_parsing
from anchor_console.show.model import FeaturedProduct
from anchor_console.show.sheets import Table, cell_text


class SheetField(LabelledEnum):
    TIME = "time", QT_TRANSLATE_NOOP("Show", "Time")  # 时间: a start time or a range
    SEGMENT = "segment", QT_TRANSLATE_NOOP("Show", "Segment")  # 环节
    DURATION = "duration", QT_TRANSLATE_NOOP("Show", "Duration")  # 时长
    PRODUCT = "product", QT_TRANSLATE_NOOP("Show", "Products")  # 商品 (names)
    PRODUCT_ID = "product_id", QT_TRANSLATE_NOOP("Show", "Product ID")  # 商品ID
    TALKING_POINTS = "talking_points", QT_TRANSLATE_NOOP("Show", "Talking points")  # 话术
    PERKS = "perks", QT_TRANSLATE_NOOP("Show", "Perks and offers")  # 福利 / 优惠
    ASSISTANT = "assistant", QT_TRANSLATE_NOOP("Show", "Notes for the assistant")  # 场控 / 备注
    PRICE = "price", QT_TRANSLATE_NOOP("Show", "Live price")  # 直播价
    STOCK = "stock", QT_TRANSLATE_NOOP("Show", "Stock")  # 库存
    # a hard start (the console's own export writes it)
    FIXED_TIME = "fixed_time", QT_TRANSLATE_NOOP("Show", "Fixed start time")


# What stands in the ID column for a product without one, so the IDs stay in line with the names
# (the export writes it; "-", "—", "/" and "无" are what people write).
NO_ID = "-"
NO_IDS = frozenset((NO_ID, "—", "/", "无"))
_PRODUCT_SPLIT = re.compile(r"[\n、；;|]+")
_ID_IN_NAME = re.compile(r"(?:id|ID|编号|货号)\s*[:：]?\s*([A-Za-z0-9_-]+)")


def product_cells(products: tuple[FeaturedProduct, ...]) -> tuple[str, str]:
    """What the export writes for a segment's products: the names (a product without one by its
    ID), and the IDs in line with them ("" when none has one)."""
    names = "\n".join(p.name or p.id for p in products)
    return names, "\n".join(p.id or NO_ID for p in products) if any(p.id for p in products) else ""


def split_products(names: str, ids: str) -> list[FeaturedProduct]:
    """The products a 商品 cell and its 商品ID cell name (several to a cell: one a line, or split by
    、 ; |), paired in order when the counts agree; an ID may also stand in the name ("货号: A12")."""
    name_list = [n.strip() for n in _PRODUCT_SPLIT.split(names) if n.strip()]
    id_list = [i.strip() for i in re.split(r"[\n、；;|,，\s]+", ids) if i.strip()]
    out = []
    for k, name in enumerate(name_list):
        pid = id_list[k] if len(id_list) == len(name_list) else (id_list[0] if len(id_list) == 1 and k == 0 else "")
        pid = "" if pid in NO_IDS else pid
        if not pid and (m := _ID_IN_NAME.search(name)):
            pid = m[1]
        out.append(FeaturedProduct(pid, name))
    if not name_list:
        out = [FeaturedProduct(i, "") for i in id_list if i not in NO_IDS]
    return out


# Header words seen in real 直播脚本 templates, most specific first (all compared after NFKC + lower).
SYNONYMS: dict[SheetField, tuple[str, ...]] = {
    SheetField.TIME: ("时间", "时段", "时间段", "直播时间", "起止时间", "时间节点", "时间点", "开始时间", "时间安排",
                      "time", "time slot", "slot", "start time", "timing", "clock"),
    SheetField.SEGMENT: ("环节", "流程", "直播环节", "直播流程", "环节名称", "板块", "阶段", "模块", "主题", "环节内容",
                         "segment", "section", "block", "agenda", "rundown", "run of show"),
    SheetField.DURATION: ("时长", "用时", "时间长度", "预计时长", "持续时间", "分钟数", "时长(分钟)", "duration", "length",
                          "mins", "minutes", "runtime"),
    SheetField.PRODUCT: ("商品", "产品", "款式", "品名", "商品名称", "产品名称", "商品信息", "货品", "单品", "宝贝", "链接",
                         "product", "products", "product name", "item", "goods"),
    SheetField.PRODUCT_ID: ("商品id", "商品编号", "货号", "款号", "商品编码", "链接号", "产品id", "产品编号", "product id",
                            "item id", "sku id", "product code", "sku"),
    SheetField.TALKING_POINTS: ("话术", "卖点", "讲解要点", "主播话术", "讲解内容", "讲解话术", "产品卖点", "核心卖点", "脚本",
                                "台词", "口播", "讲解", "内容", "script", "talking points", "key points",
                                "selling points", "pitch", "talk track"),
    SheetField.PERKS: ("福利", "优惠", "活动", "福利机制", "优惠机制", "促销", "福利活动", "优惠活动", "机制", "玩法",
                       "互动福利", "赠品", "promo", "promotion", "promotions", "offer", "offers", "deal", "perks",
                       "giveaway"),
    SheetField.ASSISTANT: ("场控", "助理配合", "助播", "备注", "中控", "场控配合", "助理", "后台配合", "运营配合", "配合事项",
                           "注意事项", "执行", "ops", "ops note", "ops notes", "operator", "notes", "remarks",
                           "assistant", "backstage"),
    SheetField.PRICE: ("价格", "直播价", "到手价", "售价", "活动价", "秒杀价", "现价", "price", "live price", "deal price"),
    SheetField.STOCK: ("库存", "数量", "库存数", "备货", "库存量", "限量", "stock", "qty", "quantity", "inventory"),
    SheetField.FIXED_TIME: ("固定时间", "固定开始时间", "定时开始", "准点", "fixed start time", "fixed time",
                            "hard start", "fixed start"),
}

# Words that name a field only loosely: beside a column named exactly (价格 beside 直播价, the regular
# price beside the live one), the exact one is the field.
_LOOSE = frozenset({"价格", "售价", "现价", "price"})

MIN_CONFIDENCE = 0.5
_HEADER_SCAN_ROWS = 30


@dataclass(frozen=True, slots=True)
class ColumnMatch:
    index: int              # 0-based column
    header: str             # as written in the sheet
    field: SheetField | None
    confidence: float       # 0..1; 1.0 for a mapping set by hand


def header_key(text: str) -> str:
    t = for_parsing(text)
    t = re.sub(r"[\s:：*#/\\]+", "", t) if re.search(r"[\u4e00-\u9fff]", t) else re.sub(r"[\s_:*#]+", " ", t).strip()
    return re.sub(r"[(\[][^)\]]*[)\]]", "", t).strip() or t


def _score(header: str, synonym: str) -> float:
    if not header:
        return 0.0
    if header == synonym:
        return 1.0
    if synonym in header:
        return 0.6 + 0.4 * len(synonym) / len(header)
    if len(synonym) >= 3 and len(header) >= 3 and 0.6 <= len(header) / len(synonym) <= 1.67:
        matcher = difflib.SequenceMatcher(None, header, synonym)
        if matcher.real_quick_ratio() >= 0.75 and matcher.quick_ratio() >= 0.75:
            ratio = matcher.ratio()
            if ratio >= 0.75:
                return ratio * 0.7
    return 0.0


@functools.lru_cache(maxsize=4096)  # header detection asks about the same cell texts again and again
def _best_field(header: str) -> tuple[tuple[float, SheetField, bool], ...]:
    """(score, field, matched only a loose word) for each field the header may name, best first."""
    key = header_key(header)
    out = []
    for f, words in SYNONYMS.items():
        best, loose = max(((_score(key, w), w in _LOOSE) for w in words), key=lambda x: (x[0], not x[1]),
                          default=(0.0, False))
        if best >= MIN_CONFIDENCE:
            out.append((round(best, 3), f, loose))
    return tuple(sorted(out, key=lambda x: -x[0]))


def match_columns(headers: list[str]) -> list[ColumnMatch]:
    """Propose a field for each header: the best (column, field) pairs first, one column per field."""
    order = list(SheetField)
    pairs = [(score, loose, i, f) for i, h in enumerate(headers) for score, f, loose in _best_field(h)]
    # best first; ties: a header named exactly before a loose one, then the leftmost column, then field order
    pairs.sort(key=lambda p: (-p[0], p[1], p[2], order.index(p[3])))
    taken_cols: dict[int, tuple[SheetField, float]] = {}
    taken_fields: set[SheetField] = set()
    for score, _loose, i, f in pairs:
        if i in taken_cols or f in taken_fields:
            continue
        taken_cols[i] = (f, score)
        taken_fields.add(f)
    return [ColumnMatch(i, h, *(taken_cols.get(i, (None, 0.0)))) for i, h in enumerate(headers)]


def find_header(table: Table) -> tuple[int, int] | None:
    """(row, fields): the row (0-based) that looks most like a header — the most distinct fields
    recognised — and how many; None when no row has two."""
    best, best_row = 1, None
    for r in range(min(len(table.rows), _HEADER_SCAN_ROWS)):
        cells = [cell_text(v) for v in table.rows[r]]
        if sum(1 for c in cells if c) < 2:
            continue
        fields = {f for c in cells if len(c) <= 20 for s, f, _ in _best_field(c)[:1] if s >= 0.75}
        if len(fields) > best:
            best, best_row = len(fields), r
    return None if best_row is None else (best_row, best)
