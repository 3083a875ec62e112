"""The control API's command arguments: read from a request's JSON body (and its URL's query),
bounded as the console's own forms bound them (Qt-free). A body that does not make a command
raises `BadRequest` with why, in words the console translates (answered "invalid", HTTP 422)."""

from __future__ import annotations

from typing import Any

from anchor_console.domain.giveaways import (
    MAX_CLAIM_WINDOW_S, MAX_COUNTDOWN_S, MAX_KEYWORD_CHARS, MAX_PACKET_MESSAGE, MAX_PRIZE_CHARS,
    MAX_RED_PACKET_COUNT, MAX_RED_PACKET_FEN, MAX_WINNERS, MIN_CLAIM_WINDOW_S, MIN_COUNTDOWN_S, EntryRule,
    Exclusions, LuckyBagSetup, RedPacketSpec, Split,
)
from anchor_console.domain.models import MAX_PER_BUYER, MAX_SALE_COUNTDOWN_S, MAX_SALE_S, MAX_SALE_STOCK, MIN_SALE_S
from anchor_console.domain.models import FlashSaleSpec
from anchor_console.domain.text import QT_TRANSLATE_NOOP, Text

REQUIRED = QT_TRANSLATE_NOOP("ControlApi", "'{name}' is required")
WHOLE = QT_TRANSLATE_NOOP("ControlApi", "'{name}' must be a whole number")
BETWEEN = QT_TRANSLATE_NOOP("ControlApi", "'{name}' must be {low} to {high}")
AT_LEAST = QT_TRANSLATE_NOOP("ControlApi", "'{name}' must be at least {low}")
TOO_LONG = QT_TRANSLATE_NOOP("ControlApi", "'{name}' may have at most {longest} characters")
ONE_OF = QT_TRANSLATE_NOOP("ControlApi", "'{name}' must be one of {values}")
PLAIN = QT_TRANSLATE_NOOP("ControlApi", "'{name}' must be a plain value: text, a number, true, false or null")


class BadRequest(ValueError):
    """The request's arguments do not make a command (answered "invalid", HTTP 422): `why`."""

    def __init__(self, why: Text) -> None:
        super().__init__(why.english())
        self.why = why


def plain(body: dict) -> dict:
    """`body`, whose every argument is a plain value (each command takes only such): a list or an
    object nested in it is said at once (one nested 990 deep broke the coalescing's JSON with a 500)."""
    for name, value in body.items():
        if isinstance(value, (dict, list)):
            raise BadRequest(PLAIN.fill(name=name))
    return body


def int_arg(body: dict, name: str, default: Any = ..., low: int | None = None, high: int | None = None) -> int:
    if name not in body or body[name] is None:
        if default is ...:
            raise BadRequest(REQUIRED.fill(name=name))
        return default
    value = body[name]
    try:   # 2.5 is not a whole number; 1e999 (infinity) and NaN are not numbers int() can take;
        # true is not 1 (a body templated wrong would arm a sale at 1 分)
        if isinstance(value, bool) or isinstance(value, float) and not value.is_integer():
            raise ValueError(value)
        value = int(value)
    except (TypeError, ValueError, OverflowError):
        raise BadRequest(WHOLE.fill(name=name)) from None
    if high is not None and not low <= value <= high:
        raise BadRequest(BETWEEN.fill(name=name, low=low, high=high))
    if low is not None and value < low:
        raise BadRequest(AT_LEAST.fill(name=name, low=low))
    return value


def str_arg(body: dict, name: str, *, required: bool = True, longest: int | None = None) -> str:
    """A text of the body ("" if it may be left out); `longest`: the desk's bound, beyond which the
    platform refuses it."""
    value = body.get(name)
    text = "" if value is None else str(value)
    if required and text == "":
        raise BadRequest(REQUIRED.fill(name=name))
    if longest is not None and len(text) > longest:
        raise BadRequest(TOO_LONG.fill(name=name, longest=longest))
    return text


def bool_arg(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    return bool(value)


def flash_sale_spec(body: dict) -> FlashSaleSpec:
    return FlashSaleSpec(product_id=str_arg(body, "product_id"), sku_id=str_arg(body, "sku_id"),
                         sale_price_fen=int_arg(body, "sale_price_fen", low=1),
                         stock=int_arg(body, "stock", low=1, high=MAX_SALE_STOCK),
                         # the Promotions panel's bounds, which are the platform's: a sale armed outside
                         # them would only fail when FIRE sends it
                         per_buyer_limit=int_arg(body, "per_buyer_limit", 1, low=1, high=MAX_PER_BUYER),
                         countdown_s=int_arg(body, "countdown_s", 0, low=0, high=MAX_SALE_COUNTDOWN_S),
                         duration_s=int_arg(body, "duration_s", 300, low=MIN_SALE_S, high=MAX_SALE_S))


def lucky_bag_setup(body: dict) -> LuckyBagSetup:
    try:
        rule = EntryRule(body.get("rule", "keyword"))
    except ValueError:
        raise BadRequest(ONE_OF.fill(name="rule", values=", ".join(r.value for r in EntryRule))) from None
    if rule is EntryRule.KEYWORD and not body.get("keyword"):
        raise BadRequest(QT_TRANSLATE_NOOP("ControlApi", "'keyword' is required when viewers enter by commenting it"))
    prize = str_arg(body, "prize", longest=MAX_PRIZE_CHARS)
    keyword = str_arg(body, "keyword", required=False, longest=MAX_KEYWORD_CHARS)
    return LuckyBagSetup(prize=prize, winners=int_arg(body, "winners", low=1, high=MAX_WINNERS), rule=rule,
                         keyword=keyword,
                         countdown_s=int_arg(body, "countdown_s", 300, low=MIN_COUNTDOWN_S, high=MAX_COUNTDOWN_S),
                         prize_product_id=str(body.get("prize_product_id", "")), exclusions=Exclusions())


def red_packet_spec(body: dict) -> RedPacketSpec:
    try:
        split = Split(body.get("split", "random"))
    except ValueError:
        raise BadRequest(ONE_OF.fill(name="split", values="random, equal")) from None
    total, count = int_arg(body, "total_fen", low=1, high=MAX_RED_PACKET_FEN), int_arg(body, "count", low=1,
                                                                                    high=MAX_RED_PACKET_COUNT)
    if total < count:
        raise BadRequest(QT_TRANSLATE_NOOP(
            "ControlApi", "'total_fen' must be at least 1 分 for each of the {count} shares").fill(count=count))
    return RedPacketSpec(total, count, split,
                         int_arg(body, "claim_window_s", 300, low=MIN_CLAIM_WINDOW_S, high=MAX_CLAIM_WINDOW_S),
                         str_arg(body, "message", required=False, longest=MAX_PACKET_MESSAGE))
