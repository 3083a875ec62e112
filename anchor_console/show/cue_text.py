"""The one line a cue is written as in an exported run sheet — "2:00 after start: Issue 500 × 满199减30
coupons (valid 30 min) (confirm)" — and reading such a line back when that sheet is imported again,
in English or in the Chinese the console exports in (the zh_CN translations of the same strings in
resources/i18n; a test checks they still match).

A line read back keeps its timing and action; the mode is always confirm, as for every cue an
import suggests (a human checks it before it acts on the room). What the line does not carry (the
SKU, a coupon template's id, a flash sale's limits) is left for the editor, as the warnings say."""

from __future__ import annotations

import re
from typing import Callable

from anchor_console.domain.giveaways import MAX_COUNTDOWN_S, MAX_RED_PACKET_COUNT, EntryRule, LuckyBagSetup, RedPacketSpec
from anchor_console.domain.text import Text
from anchor_console.show.chat_cues import read_chat_cue
from anchor_console.show.limits import (
    MAX_COUNT, MAX_SEGMENT_S, MAX_VALID_MINUTES, yuan_to_fen,
)
from anchor_console.show.model import (
    AnchorMessage, Cue, CueAction, CueMode, FeaturedProduct, IssueCoupon, SendRedPacket, SetOnSale, SetRoomMute,
    StageProduct, StartFlashSale, StartLuckyBag, Trigger,
)

Translate = Callable[[Text], str]


LINE_JOIN = " / "   # a cue's text of several lines (a message to the anchor), on its one line


def cue_line(cue: Cue, tr: Translate) -> str:
    """The line an export writes for a cue (its description and mode, in the user's language). A
    cue cell has a cue a line: text of several lines is joined, or its second line would read back
    as another cue, or as a note."""
    words = LINE_JOIN.join(part.strip() for part in tr(cue.describe()).splitlines() if part.strip())
    return f"{words} ({tr(cue.mode.label)})"


_CLOCK = r"(\d{1,2}:[0-5]\d(?::[0-5]\d)?)"
_SEP = r"\s*[:：]\s*"
_WHEN = [  # (pattern, trigger from the clock text or None)
    (re.compile(r"(?:at segment start|环节开始时)" + _SEP), lambda s: Trigger.at_start()),
    (re.compile(r"(?:" + _CLOCK + r" after start|开始后\s*" + _CLOCK + ")" + _SEP), Trigger.after),
    (re.compile(r"(?:" + _CLOCK + r" before end|结束前\s*" + _CLOCK + ")" + _SEP), Trigger.at_end),
    (re.compile(r"(?:at segment end|环节结束时)" + _SEP), lambda s: Trigger.at_end()),
]
# The modes as cue_line writes them, in English and as the zh_CN translations of CueMode's labels.
_MODES = {**{m.label.english(): m for m in CueMode},
          "自动": CueMode.AUTO, "确认后执行": CueMode.CONFIRM, "手动": CueMode.MANUAL}
_MODE = re.compile(r"\s*[(（](" + "|".join(map(re.escape, _MODES)) + r")[)）]\s*$")
_MESSAGE = re.compile(r"(?:Message to the anchor|提示主播)" + _SEP + r"(.*)", re.S)
_STAGE = re.compile(r"Put (.+) on stage|讲解 (.+)")
_ON_SALE = re.compile(r"Put (.+) on sale|上架 (.+)")
_OFF_SALE = re.compile(r"Take (.+) off sale|下架 (.+)")
_COUPON = re.compile(r"Issue (\d{1,12}) × (.+) coupons \(valid (\d{1,9}) min\)|发放 (\d{1,12}) 张 (.+) 优惠券（有效 (\d{1,9}) 分钟）")
# An amount as the words write it: its digits grouped ("¥1,299.00"), or not (sheets exported before).
_YUAN = r"¥(\d{1,3}(?:,\d{3}){1,3}\.\d{2}|\d{1,12}\.\d{2})"
_FLASH = re.compile(r"Flash sale: (.+) at " + _YUAN + r", (\d{1,12}) in stock|秒杀：(.+) " + _YUAN + r"，库存 (\d{1,12})")
_LUCKY_BAG = re.compile(r"Lucky bag “(.+)”: (\d{1,5}) winners, (.+), draw after " + _CLOCK
                        + r"|福袋“(.+)”：(\d{1,5}) 人中奖，(.+)，" + _CLOCK + " 后开奖")
_KEYWORD_RULE = re.compile(r"comment “(.+)”|评论“(.+)”")
# The entry rules as the zh_CN translations of EntryRule's labels name them.
_RULES_ZH = {"关注直播间": EntryRule.FOLLOW, "本场下过单": EntryRule.ORDERED, "粉丝团成员": EntryRule.FAN_CLUB}
_RED_PACKET = re.compile(r"Red packet: " + _YUAN + r" in (\d{1,12}) shares|红包：" + _YUAN + r" 分成 (\d{1,12}) 份")
_MUTE = {"Mute the whole room": True, "全员禁言": True, "Unmute the room": False, "解除全员禁言": False}


def _seconds(clock: str) -> int:
    parts = [int(p) for p in clock.split(":")]
    return parts[0] * 60 + parts[1] if len(parts) == 2 else parts[0] * 3600 + parts[1] * 60 + parts[2]


def _groups(m: re.Match) -> list[str]:
    """The groups of whichever alternative (English or Chinese) matched."""
    return [g for g in m.groups() if g is not None]


def _product(label: str, products: tuple[FeaturedProduct, ...]) -> tuple[str, str]:
    """(id, name) of the product an exported line names: one of the row's products if it is there
    (by name, or by id when it has no name), else the name alone, unlinked."""
    for p in products:
        if label == p.name or (not p.name and label == p.id):
            return p.id, p.name
    return "", label


def _action(text: str, products: tuple[FeaturedProduct, ...]) -> CueAction | None:
    if m := _MESSAGE.fullmatch(text):
        return AnchorMessage(m[1])
    if text in _MUTE:
        return SetRoomMute(_MUTE[text])
    if (chat := read_chat_cue(text)) is not None:
        return chat
    if m := _STAGE.fullmatch(text):
        return StageProduct(*_product(_groups(m)[0], products))
    for pattern, on_sale in ((_ON_SALE, True), (_OFF_SALE, False)):
        if m := pattern.fullmatch(text):
            pid, name = _product(_groups(m)[0], products)
            return SetOnSale(pid, on_sale, name)
    if m := _COUPON.fullmatch(text):
        quantity, name, minutes = _groups(m)
        if int(quantity) <= MAX_COUNT and 1 <= int(minutes) <= MAX_VALID_MINUTES:
            return IssueCoupon("", int(quantity), int(minutes), name)
    if m := _LUCKY_BAG.fullmatch(text):
        return _lucky_bag(*_groups(m))
    if m := _RED_PACKET.fullmatch(text):
        yuan, shares = _groups(m)
        fen, count = yuan_to_fen(float(yuan.replace(",", ""))), int(shares)
        return SendRedPacket(RedPacketSpec(fen, count)) if fen is not None and count <= MAX_RED_PACKET_COUNT else None
    if m := _FLASH.fullmatch(text):
        label, price, stock = _groups(m)
        fen = yuan_to_fen(float(price.replace(",", "")))
        if fen is not None and int(stock) <= MAX_COUNT:
            pid, name = _product(label, products)
            return StartFlashSale(pid, "", fen, int(stock), product_name=name)
    return None


def _lucky_bag(prize: str, winners: str, rule: str, countdown: str) -> StartLuckyBag | None:
    seconds = _seconds(countdown)
    if seconds > MAX_COUNTDOWN_S:
        return None
    if m := _KEYWORD_RULE.fullmatch(rule):
        return StartLuckyBag(LuckyBagSetup(prize, int(winners), EntryRule.KEYWORD, _groups(m)[0], seconds))
    found = next((r for r in EntryRule if r.label.english() == rule), None) or _RULES_ZH.get(rule)
    return StartLuckyBag(LuckyBagSetup(prize, int(winners), found, "", seconds)) if found else None


def read_cue_line(line: str, products: tuple[FeaturedProduct, ...] = ()) -> tuple[Trigger, CueAction] | None:
    """The timing and action of a line an export wrote (see `cue_line`); None for any other text."""
    text = _MODE.sub("", line.strip())
    for pattern, trigger in _WHEN:
        if m := pattern.match(text):
            clock = next((g for g in m.groups() if g is not None), None)
            seconds = _seconds(clock) if clock else 0
            action = _action(text[m.end():].strip(), products) if seconds <= MAX_SEGMENT_S else None
            return (trigger(seconds), action) if action is not None else None
    return None


def read_cue_mode(line: str) -> CueMode | None:
    """The mode an exported line names at its end ("(auto)", "（确认后执行）"); None if it names none."""
    m = _MODE.search(line.strip())
    return _MODES[m[1]] if m else None
