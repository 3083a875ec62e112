"""Turning the 福利/优惠 column of a 直播脚本 into suggested cues: "满199减30券 500张" becomes a coupon
cue, "秒杀 ¥59.9 限量100件 每人限购2件" a flash-sale cue, "福袋：关注+评论抽5人" / "抽奖 口令'666' 3人" a
lucky-bag cue (winners, keyword, entry rule and countdown where the text says them), "红包 200元 50个"
a red-packet cue, and what is only a perk's name ("免单") a reminder to the anchor.

Suggestions are always mode=confirm — a human checks the numbers and presses go — and keep the
text they came from in the cue's note. What is not understood stays as text for the segment's
notes; nothing is dropped. A number beyond what a show can hold (a price over the bound in
`limits`, 10^20 coupons) is not used: the field keeps a safe value and a problem says why. Lines
the console's own export wrote ("at segment start: Message to the anchor: …") are read back as the
cues they describe (`cue_text`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from anchor_console.domain.giveaways import (
    MAX_COUNTDOWN_S, MAX_KEYWORD_CHARS, MAX_RED_PACKET_COUNT, MAX_WINNERS, MIN_COUNTDOWN_S, EntryRule, LuckyBagSetup,
    RedPacketSpec, Split,
)
from anchor_console.domain.text import QT_TRANSLATE_NOOP, Text
from anchor_console.show.cue_text import read_cue_line, read_cue_mode
from anchor_console.show.durations import for_parsing, plain_numbers
from anchor_console.show.limits import (
    MAX_COUNT, MAX_SEGMENT_S, MAX_VALID_MINUTES, count_problem, price_problem, yuan_to_fen,
)
from anchor_console.show.model import (
    AnchorMessage, Cue, CueAction, CueMode, FeaturedProduct, IssueCoupon, SendRedPacket, StartFlashSale,
    StartLuckyBag, Trigger,
)

# Items are split at line breaks and semicolons, and at commas or 、 only where a new offer starts:
# "福袋：关注+评论抽5人" is one item, "满199减30券，秒杀¥59.9" two.
_SPLIT = re.compile(r"[\n；;]|(?:，|,|、)(?=\s*(?:满\d|无门槛|\d+元|秒杀|福袋|红包|抽奖|优惠券))")
_COUPON = re.compile(r"券|满\s*\d+(?:\.\d+)?\s*[减-]|立减|无门槛|coupon", re.I)
_FLASH = re.compile(r"秒杀|限时抢|闪购|抢购|flash", re.I)
_LUCKY_BAG = re.compile(r"福袋|抽奖|抽免单|抽\s*\d+\s*(?:人|位|名)|lucky\s*bag|giveaway", re.I)
_RED_PACKET = re.compile(r"红包|red\s*packet", re.I)
_REMINDER = re.compile(r"免单", re.I)
_DETAIL = re.compile(r"\d")  # a fragment with numbers but no keyword details the item before it

_NUM = r"(\d+(?:\.\d+)?)"


@dataclass(frozen=True, slots=True)
class RowFacts:
    """What the rest of the row says, to fill in what the 福利 text leaves out."""

    products: tuple[FeaturedProduct, ...] = ()
    price_fen: int | None = None  # from a 价格/直播价 column
    stock: int | None = None      # from a 库存 column


@dataclass(frozen=True, slots=True)
class PerkSuggestions:
    cues: tuple[Cue, ...]
    leftover: str          # what was not understood (for the segment's notes)
    problems: tuple[Text, ...] = ()  # numbers that were not used, and why
    # cue id -> the mode named by the exported line it was read from ("(auto)"); the cue itself is
    # a suggestion (confirm), but a run sheet's own record may give the mode back (sheet_record)
    line_modes: dict[str, CueMode] = field(default_factory=dict)


class _Numbers:
    """Reads the numbers of one 福利 item within the bounds a show keeps, noting what it refuses."""

    def __init__(self, item: str) -> None:
        self.item = item
        self.problems: list[Text] = []

    def refuse(self, why: Text) -> None:
        self.problems.append(QT_TRANSLATE_NOOP("Show", "“{text}”: {problem}").fill(text=self.item[:60], problem=why))

    def fen(self, number: str) -> int:
        fen = yuan_to_fen(float(number))
        if fen is None:
            self.refuse(price_problem())
            return 0
        return fen

    def whole(self, digits: str, fallback: int, minimum: int = 0, maximum: int = MAX_COUNT) -> int:
        value = int(digits) if len(digits) <= 18 else maximum + 1  # (Python refuses 4,300 digits and more)
        if (problem := count_problem(value, minimum, maximum, shown=digits)) is not None:
            self.refuse(problem)
            return fallback
        return value


def _coupon(item: str, n: _Numbers) -> IssueCoupon:
    t = for_parsing(item)
    name = ""
    if m := re.search(r"满\s*" + _NUM + r"\s*[减-]\s*" + _NUM, t):
        name = f"满{m[1]}减{m[2]}"
    elif m := (re.search(_NUM + r"\s*元?\s*无门槛", t) or re.search(r"无门槛\s*(?:券)?\s*" + _NUM, t)):
        name = f"无门槛{m[1]}元"
    elif m := re.search(r"立减\s*" + _NUM, t):
        name = f"立减{m[1]}元"
    elif m := re.search(_NUM + r"\s*元\s*(?:优惠)?券", t):
        name = f"{m[1]}元券"
    elif m := re.search(_NUM + r"\s*折", t):
        name = f"{m[1]}折券"
    quantity = 0
    if m := (re.search(r"(\d+)\s*张", t) or re.search(r"限量\s*(\d+)", t) or re.search(r"(\d+)\s*份", t)
             or re.search(r"(\d+)\s*[×x]", t)):  # "500 ×": the console's own exported description
        quantity = n.whole(m[1], 0)
    valid = 30
    if m := (re.search(r"有效期?\s*(\d+)\s*(?:分钟|min)", t) or re.search(r"(\d+)\s*(?:分钟|min)\s*(?:内)?有效", t)
             or re.search(r"限时\s*(\d+)\s*(?:分钟|min)", t) or re.search(r"valid\s*(\d+)\s*min", t)):
        valid = n.whole(m[1], 30, 1, MAX_VALID_MINUTES)
    elif m := re.search(r"有效期?\s*(\d+)\s*(?:小时|h)", t):
        valid = (n.whole(m[1], 0, 1, MAX_VALID_MINUTES // 60) * 60) or 30
    return IssueCoupon(template_id="", quantity=quantity, valid_minutes=valid, name=name or item.strip()[:30])


# The price a sale is compared with ("原价¥199 秒杀价¥99"): never the sale's own price.
_REFERENCE_PRICE = re.compile(r"(?:原价|日常价|划线价|吊牌价|专柜价|市场价|零售价)\s*[:：]?\s*[¥$]?\s*" + _NUM + r"\s*元?")


def _flash_sale(item: str, facts: RowFacts, n: _Numbers) -> StartFlashSale:
    t = for_parsing(item)
    price = None
    priced = _REFERENCE_PRICE.sub(" ", t)
    for pattern in (r"[¥$]\s*" + _NUM, r"秒杀价\s*[:：]?\s*" + _NUM, _NUM + r"\s*元", _NUM + r"\s*(?:秒杀|抢)",
                    r"(?:秒杀|抢购)\s*" + _NUM + r"(?!\s*(?:件|单|份|个|组|秒|分钟|人))"):
        if m := re.search(pattern, priced):
            price = n.fen(m[1])
            break
    if price is None:
        price = facts.price_fen or 0
    per_buyer = 1
    if m := re.search(r"限购\s*(\d+)", t):
        per_buyer = n.whole(m[1], 1, 1)
    stock = None
    if m := (re.search(r"限量\s*(\d+)", t) or re.search(r"(\d+)\s*in stock", t)):
        stock = n.whole(m[1], 0)
    else:
        without_limit = re.sub(r"限购\s*\d+\s*(?:件|单|份|个)?", "", t)
        if m := re.search(r"(\d+)\s*(?:件|单|份|个|组)", without_limit):
            stock = n.whole(m[1], 0)
    if stock is None:
        stock = facts.stock or 0
    countdown = 0
    if m := (re.search(r"倒计时\s*(\d+)\s*(?:秒|s)", t) or re.search(r"(\d+)\s*(?:秒|s)\s*倒计时", t)):
        countdown = n.whole(m[1], 0, 0, MAX_SEGMENT_S)   # beyond the platforms' 300 s: the cue's problem
    duration = 300
    if m := re.search(r"(?:持续|时长|开抢)\s*(\d+)\s*(?:分钟|min)", t):
        duration = n.whole(m[1], 5, 1, MAX_SEGMENT_S // 60) * 60
    product = facts.products[0] if facts.products else FeaturedProduct("")
    return StartFlashSale(product.id, "", price, stock, per_buyer, countdown, duration, product.name)


_QUOTED = r"[\'\"“”‘’「」『』]"


def _lucky_bag(item: str, n: _Numbers) -> StartLuckyBag:
    t = for_parsing(item)
    winners = 1
    if m := (re.search(r"抽\s*(\d+)\s*(?:人|位|名|个)?", t) or re.search(r"(\d+)\s*(?:人|位|名)", t)):
        winners = n.whole(m[1], 1, 1, MAX_WINNERS)
    keyword = ""
    if m := (re.search(r"口令\s*[:：]?\s*" + _QUOTED + r"?([^\'\"“”‘’「」『』\s，,；;]+)", t)
             or re.search(r"评论\s*" + _QUOTED + r"([^\'\"“”‘’「」『』]+)" + _QUOTED, t)):
        keyword = m[1][:MAX_KEYWORD_CHARS]
    if keyword:
        rule = EntryRule.KEYWORD
    elif re.search(r"粉丝团|灯牌|fan\s*club", t, re.I):
        rule = EntryRule.FAN_CLUB
    elif re.search(r"下单|购买|已买|买过", t):
        rule = EntryRule.ORDERED
    elif "关注" in t and "评论" not in t:
        rule = EntryRule.FOLLOW
    else:   # "关注+评论": comment to enter (the platform checks one rule); the keyword is the editor's to set
        rule = EntryRule.KEYWORD
    countdown = 300
    if m := re.search(r"(\d+)\s*(?:分钟|min)", t):
        countdown = n.whole(m[1], 5, 1, MAX_COUNTDOWN_S // 60) * 60
    elif m := re.search(r"(\d+)\s*(?:秒|s\b)", t):
        countdown = n.whole(m[1], 300, MIN_COUNTDOWN_S, MAX_COUNTDOWN_S)
    # The prize only when the text names it (奖品/送 …); the segment's product may not be it.
    prize = m[1][:40] if (m := re.search(r"(?:奖品|送)\s*[:：]?\s*([^，,；;\s]+)", t)) else \
        "免单" if "免单" in t else "抽奖" if "抽奖" in t else "福袋"
    return StartLuckyBag(LuckyBagSetup(prize, winners, rule, keyword, countdown))


def _red_packet(item: str, n: _Numbers) -> SendRedPacket:
    t = for_parsing(item)
    total = 0
    if m := (re.search(r"[¥$]\s*" + _NUM, t) or re.search(_NUM + r"\s*(?:元|块)", t)):
        total = n.fen(m[1])
    count = 10
    if m := re.search(r"(\d+)\s*(?:个|份|人|包)", t):
        count = n.whole(m[1], 10, 1, MAX_RED_PACKET_COUNT)
    split = Split.EQUAL if re.search(r"平均|均分|普通|equal", t, re.I) else Split.RANDOM
    return SendRedPacket(RedPacketSpec(total, count, split))


def _items(text: str) -> list[str]:
    """Split a 福利 cell into items; fragments that only add numbers ("限量100件") join the item
    before them. Numbers are written out plainly first: "1,000元" is one number, not a split
    before "000元", and "1万件" is 10000."""
    items: list[str] = []
    for frag in (f.strip(" ，,。") for f in _SPLIT.split(plain_numbers(text or ""))):
        if not frag:
            continue
        keyword = (_COUPON.search(frag) or _FLASH.search(frag) or _LUCKY_BAG.search(frag) or _RED_PACKET.search(frag)
                   or _REMINDER.search(frag))
        if items and not keyword and _DETAIL.search(frag) and re.search(r"张|件|单|份|限|倒计时|有效|分钟", frag):
            items[-1] = f"{items[-1]} {frag}"
        else:
            items.append(frag)
    return items


def suggest_cues(text: str, facts: RowFacts, *, id_prefix: str) -> PerkSuggestions:
    """Suggested cues (mode=confirm, at the segment start unless an exported line says otherwise)
    for a 福利 cell."""
    cues: list[Cue] = []
    leftover: list[str] = []
    problems: list[Text] = []
    line_modes: dict[str, CueMode] = {}
    pending: list[str] = []  # lines of free text, read together (a detail may continue the line before)

    def add(action: CueAction, trigger: Trigger, note: str) -> None:
        cues.append(Cue(f"{id_prefix}{len(cues) + 1}", action, trigger, CueMode.CONFIRM, note=note))

    def flush() -> None:
        for item in _items("\n".join(pending)):
            n = _Numbers(item)
            action: CueAction | None
            if _LUCKY_BAG.search(item):
                action = _lucky_bag(item, n)
            elif _RED_PACKET.search(item):
                action = _red_packet(item, n)
            elif _FLASH.search(item):
                action = _flash_sale(item, facts, n)
            elif _COUPON.search(item):
                action = _coupon(item, n)
            elif _REMINDER.search(item):
                action = AnchorMessage(item)
            else:
                action = None
            problems.extend(n.problems)
            if action is None:
                leftover.append(item)
            else:
                add(action, Trigger.at_start(), item)
        pending.clear()

    for line in (text or "").split("\n"):
        exported = read_cue_line(line, facts.products)
        if exported is None:
            pending.append(line)
            continue
        flush()
        add(exported[1], exported[0], "")  # fully understood: no raw text to keep beside it
        if (mode := read_cue_mode(line)) is not None:
            line_modes[cues[-1].id] = mode
    flush()
    return PerkSuggestions(tuple(cues), "\n".join(leftover), tuple(problems), line_modes)
