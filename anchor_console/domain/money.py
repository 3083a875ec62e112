"""Money in the console is always an integer number of fen (分): no float ever holds a price."""

from __future__ import annotations

import re

# The highest price or amount (fen) Studio takes — a SKU's price, a coupon's amount and threshold — and
# so the highest the console's price fields offer: a field narrower than a price it shows would clamp
# that price, and send the clamped one.
MAX_PRICE_FEN = 10**10   # ¥100,000,000.00
_YUAN = re.compile(r"^\s*[¥￥]?\s*(\d{1,3}(?:,\d{3}){1,2}|\d{1,9})(?:\.(\d{0,2}))?\s*(?:元)?\s*$")


def format_money(fen: int, *, symbol: str = "¥") -> str:
    """An amount as the console writes it, its digits grouped like the counts beside it: 9859500 ->
    '¥98,595.00'; whole yuan keep two decimals so columns line up. A run sheet's cue words carry it,
    and an import reads it back grouped or not (show.cue_text)."""
    sign = "-" if fen < 0 else ""
    fen = abs(int(fen))
    return f"{sign}{symbol}{fen // 100:,}.{fen % 100:02d}"


def parse_yuan(text: str) -> int:
    """'¥12.5' / '12.50元' / '12' / '¥1,299.00' (as the console writes it) -> fen. Raises
    ValueError with the offending text."""
    m = _YUAN.match(text or "")
    if not m:
        raise ValueError(f"not an amount of money: {text!r}")
    whole, frac = m.group(1).replace(",", ""), (m.group(2) or "")
    return int(whole) * 100 + int(frac.ljust(2, "0") or 0)
