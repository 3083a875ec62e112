"""What a show file may hold — the format, version 1 — and checking a parsed file against it:
every problem is collected (not just the first), each with its field path
(``segments[3].cues[1].after``, counted from 1 as the editor shows them) and what is wrong;
`showfile` adds the line numbers.

Format, version 1::

    format = "anchor-console-show"
    version = 1
    title = "春季新品专场"
    date = 2026-03-08          # optional, TOML local date
    start = 20:00:00           # optional planned start, TOML local time
    target_length = "2:00:00"  # optional; durations are "M:SS" / "H:MM:SS" or whole seconds

    [[segments]]
    id = "seg-open"
    title = "开场福利"
    duration = "10:00"
    start = "soft"             # or "hard" with  at = 20:30:00
    products = [ { id = "1001", name = "法式碎花连衣裙" } ]
    talking_points = \"\"\"
    ...\"\"\"
    notes = "..."

    [[segments.cues]]
    id = "cue-open-coupon"
    when = "offset"            # "start" | "offset" (with after = "2:00") | "end" (optional before = "0:30")
    mode = "confirm"           # "auto" | "confirm" | "manual"
    action = "coupon"          # stage | on_sale | off_sale | coupon | flash_sale | mute_room | unmute_room | message
                               # (version 3: lucky_bag | red_packet)
                               # (version 4: slow_mode | followers_only | shield_on | shield_off | announce)
    template_id = "1"
    quantity = 500
    valid_minutes = 30

Version 2 adds the anchor's commission: `commission_percent = 20` at the top (every product) and
in a product (`{ id = "1001", name = "…", commission_percent = 25 }`); a file without one is still
written as version 1, so older consoles keep opening it.

Version 3 adds lucky-bag and red-packet cues::

    action = "lucky_bag"       # prize, winners, rule ("keyword" with keyword = "666" | "follow" | "ordered" |
    prize = "保温杯"           # "fan_club"), countdown, optional prize_product_id and exclude_staff /
    winners = 5                # exclude_banned / exclude_muted (default true) / exclude_won_today (default false)
    rule = "keyword"
    keyword = "666"
    countdown = "5:00"

    action = "red_packet"      # amount (yuan), count, split ("random" | "equal"), optional claim_window
    amount = "200.00"
    count = 50

A file without such a cue is still written as version 1 or 2.

Version 4 adds chat-mode cues and announcements::

    action = "slow_mode"       # seconds: 0 (off) or 3..120
    seconds = 10
    action = "followers_only"  # minutes followed: 0 (any follower) .. 129600; or off = true
    minutes = 10
    action = "shield_on"       # | "shield_off" (no settings)
    action = "announce"        # text, optional color (primary | blue | green | orange | purple)
    text = "今晚8点抽奖"

A file without such a cue is still written as version 1, 2 or 3.

Version 5 adds a red packet's message (its greeting, at most 60 characters on the platforms)::

    action = "red_packet"
    amount = "88.00"
    count = 20
    message = "感谢大家支持"

A red packet without a message is still written as version 3 or 4.

Forward compatibility: any new field bumps `version`; a file with a higher version is refused with
"made by a newer Anchor Console" instead of being half-read (and then saved without the new
fields). Unknown fields in a known version are reported as errors: they are almost always typos.

Values keep the bounds in `limits` (a segment, a cue's offset and a flash sale at most 24 h, the
target and all segments together at most 3 days, prices up to ¥10,000,000, counts up to 10^8,
ids not empty), so a file that loads can also be scheduled, run and exported."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Any, Callable

from anchor_console.domain.giveaways import (
    MAX_CLAIM_WINDOW_S, MAX_COUNTDOWN_S, MAX_RED_PACKET_COUNT, MAX_WINNERS, EntryRule, Exclusions,
    LuckyBagSetup, RedPacketSpec, Split,
)
from anchor_console.domain.money import parse_yuan
from anchor_console.domain.numbers import is_number, is_whole_number
from anchor_console.domain.text import QT_TRANSLATE_NOOP, Text
from anchor_console.show.durations import TimeOfDayError, parse_time_of_day
from anchor_console.show.limits import (
    MAX_COUNT, MAX_PRICE_FEN, MAX_SEGMENT_S, MAX_SHOW_S, MAX_VALID_MINUTES, count_problem, date_problem,
    duration_problem, price_problem, segments_problem, yuan_to_fen,
)
from anchor_console.domain.models import ANNOUNCEMENT_COLORS, MAX_FOLLOW_MIN, SLOW_MODE_RANGE_S
from anchor_console.show.chat_cues import AnnounceToRoom, SetFollowersOnly, SetShieldMode, SetSlowMode
from anchor_console.show.model import (
    AnchorMessage, Cue, CueAction, CueMode, FeaturedProduct, IssueCoupon, Segment, SendRedPacket, SetOnSale,
    SetRoomMute, Show, StageProduct, StartFlashSale, StartLuckyBag, StartMode, Trigger, TriggerKind,
)

FORMAT = "anchor-console-show"
VERSION = 5


# What a TOML value is, in a message's words; first match wins (a bool is an int, a datetime a date).
_TOML_TYPES: tuple[tuple[type, Text], ...] = (
    (bool, QT_TRANSLATE_NOOP("Show", "true/false")), (int, QT_TRANSLATE_NOOP("Show", "a whole number")),
    (float, QT_TRANSLATE_NOOP("Show", "a decimal number")), (str, QT_TRANSLATE_NOOP("Show", "text")),
    (datetime, QT_TRANSLATE_NOOP("Show", "a date and time")), (date, QT_TRANSLATE_NOOP("Show", "a date")),
    (time, QT_TRANSLATE_NOOP("Show", "a time of day")), (list, QT_TRANSLATE_NOOP("Show", "a list")),
    (dict, QT_TRANSLATE_NOOP("Show", "a table")),
)


# The kinds `get` reads as they are: the type a value must have, and the words for it.
_PLAIN_KINDS: dict[str, tuple[type, Text]] = {
    "str": (str, QT_TRANSLATE_NOOP("Show", "text in quotes")),
    "bool": (bool, QT_TRANSLATE_NOOP("Show", "true or false")),
}


def _toml_type(v: Any) -> Text | str:
    return next((words for kind, words in _TOML_TYPES if isinstance(v, kind)), type(v).__name__)


def _shown(v: Any) -> Text | str:
    """A value as a message quotes it: short, and a list or table only by its kind (a hostile file
    may hold huge or deeply nested ones)."""
    if isinstance(v, (list, dict)):
        return _toml_type(v)
    text = v if isinstance(v, str) else repr(v) if isinstance(v, float) else str(v)
    return text if len(text) <= 40 else text[:40] + "…"


_MISSING = object()


class _Reader:
    """Checks a parsed table against the schema, collecting problems instead of stopping."""

    def __init__(self) -> None:
        self.problems: list[tuple[str, Text]] = []

    def fail(self, path: str, message: Text) -> None:
        self.problems.append((path, message))

    def wrong_type(self, path: str, expected: Text, value: Any) -> None:
        self.fail(path, QT_TRANSLATE_NOOP("Show", "{path}: expected {expected}, found {found}").fill(
            path=path, expected=expected, found=_toml_type(value)))

    def wrong_value(self, path: str, problem: Text) -> None:
        self.fail(path, QT_TRANSLATE_NOOP("Show", "{path}: {problem}").fill(path=path, problem=problem))

    def missing(self, path: str) -> None:
        self.fail(path, QT_TRANSLATE_NOOP("Show", "{path}: this field is required").fill(path=path))

    def unknown_keys(self, table: dict, known: set[str], base: str) -> None:
        for key in table:
            if key not in known:
                self.fail(f"{base}.{key}" if base else key, QT_TRANSLATE_NOOP(
                    "Show", "{path}: unknown field (a typo? known fields here: {known})").fill(
                    path=f"{base}.{key}" if base else key, known=", ".join(sorted(known))))

    def get(self, table: dict, key: str, base: str, kind: str, *, required: bool = False, default: Any = None,
            minimum: int = 0, maximum: int | None = None) -> Any:
        """The value of `key` read as `kind` (str, id, bool, int, duration, date, time or price), or
        `default` when it is missing or wrong (the problem is recorded). Whole numbers are between
        `minimum` and `maximum` (default MAX_COUNT), durations at most `maximum` (default
        MAX_SEGMENT_S)."""
        path = f"{base}.{key}" if base else key
        v = table.get(key, _MISSING)
        if v is _MISSING:
            if required:
                self.missing(path)
            return default
        if kind in _PLAIN_KINDS:
            expected, words = _PLAIN_KINDS[kind]
            if isinstance(v, expected):
                return v
            self.wrong_type(path, words, v)
            return default
        if kind == "id":
            if not isinstance(v, str):
                self.wrong_type(path, _PLAIN_KINDS["str"][1], v)
            elif not v.strip():
                self.fail(path, QT_TRANSLATE_NOOP("Show", "{path}: an id cannot be empty").fill(path=path))
            else:
                return v
            return default
        if kind == "int":
            return self._int(path, v, default, minimum, MAX_COUNT if maximum is None else maximum)
        if kind == "duration":
            return self._duration(path, v, default, MAX_SEGMENT_S if maximum is None else maximum)
        if kind == "date":
            return self._date(path, v, default)
        if kind == "time":
            return self._time(path, v, default)
        if kind == "price":
            return self._price(path, v, default)
        raise AssertionError(kind)

    def _int(self, path: str, v: Any, default: Any, minimum: int, maximum: int) -> Any:
        if not is_whole_number(v):
            self.wrong_type(path, QT_TRANSLATE_NOOP("Show", "a whole number"), v)
            return default
        if v < minimum:
            self.fail(path, QT_TRANSLATE_NOOP("Show", "{path}: must be at least {minimum}, not {value}").fill(
                path=path, minimum=minimum, value=_shown(v)))
            return default
        if (problem := count_problem(v, minimum, maximum)) is not None:
            self.wrong_value(path, problem)
            return default
        return v

    def _date(self, path: str, v: Any, default: Any) -> Any:
        day = v if isinstance(v, date) and not isinstance(v, datetime) else None
        if isinstance(v, str):
            try:
                day = date.fromisoformat(v.strip())
            except ValueError:
                pass
        if day is None:
            self.fail(path, QT_TRANSLATE_NOOP("Show", "{path}: expected a date like 2026-03-08, found {value}").fill(
                path=path, value=_shown(v)))
            return default
        if (problem := date_problem(day)) is not None:
            self.wrong_value(path, problem)
            return default
        return day

    def _time(self, path: str, v: Any, default: Any) -> Any:
        if isinstance(v, time):
            return v.replace(microsecond=0)
        if isinstance(v, str):
            try:
                t = parse_time_of_day(v)
                if t is not None:
                    return t
            except TimeOfDayError:
                pass
        self.fail(path, QT_TRANSLATE_NOOP(
            "Show", "{path}: expected a time of day like 20:30:00, found {value}").fill(path=path, value=_shown(v)))
        return default

    def _price(self, path: str, v: Any, default: Any) -> Any:
        fen: int | None = None
        if is_number(v):
            fen = yuan_to_fen(v)  # checks inf, nan and the bound before multiplying
            if fen is None:
                self.wrong_value(path, price_problem())
                return default
            return fen
        if isinstance(v, str):
            try:
                fen = parse_yuan(v)
            except ValueError:
                pass
        if fen is None:
            self.fail(path, QT_TRANSLATE_NOOP(
                "Show", '{path}: expected a price in yuan like "59.90", found {value}').fill(path=path, value=_shown(v)))
            return default
        if fen > MAX_PRICE_FEN:
            self.wrong_value(path, price_problem())
            return default
        return fen

    def _duration(self, path: str, v: Any, default: Any, maximum: int) -> Any:
        seconds: int | None = None
        if is_whole_number(v):
            seconds = v
        elif isinstance(v, str):
            # M:SS or H:MM:SS, each part after the first below 60 ("0:99" is a typo, not 1:39)
            m = re.fullmatch(r"\s*(?:(\d{1,6}):)?([0-5]?\d):([0-5]\d)\s*", v)
            if m:
                seconds = int(m[1] or 0) * 3600 + int(m[2]) * 60 + int(m[3])
        if seconds is None:
            self.fail(path, QT_TRANSLATE_NOOP(
                "Show", '{path}: “{value}” is not a duration (write minutes:seconds like "10:00", hours:minutes:seconds like "1:30:00", or seconds)').fill(
                path=path, value=_shown(v)))
            return default
        if (problem := duration_problem(seconds, maximum)) is not None:
            self.wrong_value(path, problem)
            return default
        return seconds

    def choice(self, table: dict, key: str, base: str, choices: list[str], *, default: str | None = None) -> str | None:
        path = f"{base}.{key}" if base else key
        v = table.get(key, _MISSING)
        if v is _MISSING:
            if default is None:
                self.missing(path)
            return default
        if v not in choices:
            self.fail(path, QT_TRANSLATE_NOOP("Show", "{path}: “{value}” is not one of: {choices}").fill(
                path=path, value=_shown(v), choices=", ".join(choices)))
            return None
        return v


_TOP_KEYS = {"format", "version", "title", "date", "start", "target_length", "segments", "commission_percent"}
_SEGMENT_KEYS = {"id", "title", "duration", "start", "at", "products", "talking_points", "notes", "cues"}
_CUE_COMMON = {"id", "when", "after", "before", "mode", "action", "note"}
_ACTION_KEYS: dict[str, set[str]] = {
    "stage": {"product_id", "product_name"},
    "on_sale": {"product_id", "product_name"},
    "off_sale": {"product_id", "product_name"},
    "coupon": {"template_id", "name", "quantity", "valid_minutes"},
    "flash_sale": {"product_id", "product_name", "sku_id", "price", "stock", "per_buyer_limit", "countdown",
                   "duration"},
    "mute_room": set(),
    "unmute_room": set(),
    "message": {"text"},
    "lucky_bag": {"prize", "prize_product_id", "winners", "rule", "keyword", "countdown", "exclude_staff",
                  "exclude_banned", "exclude_muted", "exclude_won_today"},
    "red_packet": {"amount", "count", "split", "claim_window", "message"},
    "slow_mode": {"seconds"},
    "followers_only": {"minutes", "off"},
    "shield_on": set(),
    "shield_off": set(),
    "announce": {"text", "color"},
}


def _read_action(r: _Reader, t: dict, base: str, action: str) -> CueAction | None:
    g: Callable[..., Any] = lambda key, kind, **kw: r.get(t, key, base, kind, **kw)  # noqa: E731
    if action == "stage":
        return StageProduct(g("product_id", "str", required=True, default=""), g("product_name", "str", default=""))
    if action in ("on_sale", "off_sale"):
        return SetOnSale(g("product_id", "str", required=True, default=""), action == "on_sale",
                         g("product_name", "str", default=""))
    if action == "coupon":
        return IssueCoupon(g("template_id", "str", required=True, default=""),
                           g("quantity", "int", required=True, default=0),
                           g("valid_minutes", "int", default=30, minimum=1, maximum=MAX_VALID_MINUTES),
                           g("name", "str", default=""))
    if action == "flash_sale":
        # A countdown beyond the platforms' (MAX_SALE_COUNTDOWN_S) is the cue's problem, not the file's.
        return StartFlashSale(
            product_id=g("product_id", "str", required=True, default=""),
            sku_id=g("sku_id", "str", required=True, default=""),
            sale_price_fen=g("price", "price", required=True, default=0),
            stock=g("stock", "int", required=True, default=0),
            per_buyer_limit=g("per_buyer_limit", "int", default=1, minimum=1),
            countdown_s=g("countdown", "duration", default=0), duration_s=g("duration", "duration", default=300),
            product_name=g("product_name", "str", default=""))
    if action in ("mute_room", "unmute_room"):
        return SetRoomMute(action == "mute_room")
    if action == "message":
        return AnchorMessage(g("text", "str", required=True, default=""))
    if action in ("slow_mode", "followers_only", "shield_on", "shield_off", "announce"):
        return _read_chat_cue(r, t, base, action)
    if action == "lucky_bag":
        rule = r.choice(t, "rule", base, [e.value for e in EntryRule], default="keyword")
        return StartLuckyBag(LuckyBagSetup(
            prize=g("prize", "str", required=True, default=""),
            winners=g("winners", "int", default=1, minimum=1, maximum=MAX_WINNERS),
            rule=EntryRule(rule or "keyword"), keyword=g("keyword", "str", default=""),
            countdown_s=g("countdown", "duration", default=300, maximum=MAX_COUNTDOWN_S),
            prize_product_id=g("prize_product_id", "str", default=""),
            exclusions=Exclusions(staff=g("exclude_staff", "bool", default=True),
                                  banned=g("exclude_banned", "bool", default=True),
                                  muted=g("exclude_muted", "bool", default=True),
                                  won_today=g("exclude_won_today", "bool", default=False))))
    if action == "red_packet":
        split = r.choice(t, "split", base, [e.value for e in Split], default="random")
        return SendRedPacket(RedPacketSpec(
            total_fen=g("amount", "price", required=True, default=0),
            count=g("count", "int", required=True, default=1, minimum=1, maximum=MAX_RED_PACKET_COUNT),
            split=Split(split or "random"),
            claim_window_s=g("claim_window", "duration", default=300, maximum=MAX_CLAIM_WINDOW_S),
            message=g("message", "str", default="")))
    return None


def _read_chat_cue(r: _Reader, t: dict, base: str, action: str) -> CueAction | None:
    """Version 4's chat-mode cues and announcements (chat_cues.py); their ranges are checked with the
    cue's problems, as for the other cues."""
    g: Callable[..., Any] = lambda key, kind, **kw: r.get(t, key, base, kind, **kw)  # noqa: E731
    if action == "slow_mode":
        return SetSlowMode(g("seconds", "int", required=True, default=0, minimum=0, maximum=SLOW_MODE_RANGE_S[1]))
    if action == "followers_only":
        off = g("off", "bool", default=False)
        minutes = g("minutes", "int", default=0, minimum=0, maximum=MAX_FOLLOW_MIN)
        return SetFollowersOnly(None if off else minutes)
    if action in ("shield_on", "shield_off"):
        return SetShieldMode(action == "shield_on")
    color = r.choice(t, "color", base, list(ANNOUNCEMENT_COLORS), default="primary")
    return AnnounceToRoom(g("text", "str", required=True, default=""), color or "primary")


def _read_cue(r: _Reader, t: Any, base: str) -> Cue | None:
    if not isinstance(t, dict):
        r.wrong_type(base, QT_TRANSLATE_NOOP("Show", "a [[segments.cues]] table"), t)
        return None
    action = r.choice(t, "action", base, list(_ACTION_KEYS))
    r.unknown_keys(t, _CUE_COMMON | _ACTION_KEYS.get(action or "", set().union(*_ACTION_KEYS.values())), base)
    cue_id = r.get(t, "id", base, "id", required=True, default="")
    when = r.choice(t, "when", base, [k.value for k in TriggerKind], default="start")
    mode = r.choice(t, "mode", base, [m.value for m in CueMode], default="confirm")
    trigger = Trigger()
    if when == "offset":
        trigger = Trigger.after(r.get(t, "after", base, "duration", required=True, default=0))
        if "before" in t:
            r.fail(f"{base}.before", QT_TRANSLATE_NOOP("Show", '{path}: “before” goes with when = "end"').fill(
                path=f"{base}.before"))
    elif when == "end":
        trigger = Trigger.at_end(r.get(t, "before", base, "duration", default=0))
        if "after" in t:
            r.fail(f"{base}.after", QT_TRANSLATE_NOOP("Show", '{path}: “after” goes with when = "offset"').fill(
                path=f"{base}.after"))
    elif when == "start":
        for key in ("after", "before"):
            if key in t:
                r.fail(f"{base}.{key}", QT_TRANSLATE_NOOP(
                    "Show", "{path}: not used when the cue fires at the segment start").fill(path=f"{base}.{key}"))
    act = _read_action(r, t, base, action) if action else None
    note = r.get(t, "note", base, "str", default="")
    if act is None or mode is None or when is None:
        return None
    return Cue(cue_id, act, trigger, CueMode(mode), note)


def _read_products(r: _Reader, v: Any, base: str) -> tuple[FeaturedProduct, ...]:
    if not isinstance(v, list):
        r.wrong_type(base, QT_TRANSLATE_NOOP("Show", "a list of products with an id and a name"), v)
        return ()
    out = []
    for i, item in enumerate(v, start=1):
        path = f"{base}[{i}]"
        if not isinstance(item, dict):
            r.wrong_type(path, QT_TRANSLATE_NOOP("Show", "a product with an id and a name"), item)
            continue
        r.unknown_keys(item, {"id", "name", "commission_percent"}, path)
        out.append(FeaturedProduct(r.get(item, "id", path, "str", required=True, default=""),
                                   r.get(item, "name", path, "str", default=""),
                                   _read_commission(r, item, path) if "commission_percent" in item else None))
    return tuple(out)


def _read_commission(r: _Reader, t: dict, base: str) -> int:
    """`commission_percent = 20` or `12.5` (version 2): the anchor's commission, in basis points."""
    v = t.get("commission_percent", 0)
    if not is_number(v) or not 0 <= v <= 100:
        path = f"{base}.commission_percent" if base else "commission_percent"
        r.wrong_value(path, QT_TRANSLATE_NOOP("Show", "{value} is not between {minimum} and {maximum}").fill(
            value=v, minimum=0, maximum=100))
        return 0
    return round(v * 100)


def _read_segment(r: _Reader, t: Any, base: str) -> Segment | None:
    if not isinstance(t, dict):
        r.wrong_type(base, QT_TRANSLATE_NOOP("Show", "a [[segments]] table"), t)
        return None
    r.unknown_keys(t, _SEGMENT_KEYS, base)
    seg_id = r.get(t, "id", base, "id", required=True, default="")
    title = r.get(t, "title", base, "str", required=True, default="")
    duration = r.get(t, "duration", base, "duration", required=True, default=0)
    mode = r.choice(t, "start", base, [m.value for m in StartMode], default="soft")
    at = r.get(t, "at", base, "time")
    if mode == "hard" and at is None and "at" not in t:
        r.fail(f"{base}.at", QT_TRANSLATE_NOOP("Show", "{path}: a hard start needs a time of day (at = 20:30:00)").fill(
            path=f"{base}.at"))
    if mode == "soft" and "at" in t:
        r.fail(f"{base}.at", QT_TRANSLATE_NOOP("Show", '{path}: a time is only used with start = "hard"').fill(
            path=f"{base}.at"))
    products = _read_products(r, t["products"], f"{base}.products") if "products" in t else ()
    talking = r.get(t, "talking_points", base, "str", default="")
    notes = r.get(t, "notes", base, "str", default="")
    cues_raw = t.get("cues", [])
    cues = []
    if not isinstance(cues_raw, list):
        r.wrong_type(f"{base}.cues", QT_TRANSLATE_NOOP("Show", "[[segments.cues]] tables"), cues_raw)
    else:
        for j, c in enumerate(cues_raw, start=1):
            cue = _read_cue(r, c, f"{base}.cues[{j}]")
            if cue is not None:
                cues.append(cue)
    return Segment(seg_id, title, duration, StartMode(mode or "soft"), at if mode == "hard" else None, products,
                   talking, notes, tuple(cues))


def _read_top_level(r: _Reader, data: dict) -> Show | None:
    fmt = data.get("format", _MISSING)
    if fmt != FORMAT:
        r.fail("format", QT_TRANSLATE_NOOP(
            "Show", 'This is not an Anchor Console show file (expected format = "{expected}")').fill(expected=FORMAT))
        return None
    version = data.get("version", _MISSING)
    if version is _MISSING or isinstance(version, bool) or not isinstance(version, int) or version < 1:
        r.fail("version", QT_TRANSLATE_NOOP("Show", "version: expected a whole number like {version}").fill(
            version=VERSION))
        return None
    if version > VERSION:
        r.fail("version", QT_TRANSLATE_NOOP(
            "Show", "This show was made by a newer Anchor Console (file version {found}; this app reads version {supported}). Update Anchor Console to open it.").fill(found=version, supported=VERSION))
        return None
    r.unknown_keys(data, _TOP_KEYS, "")
    title = r.get(data, "title", "", "str", required=True, default="")
    day = r.get(data, "date", "", "date")
    start = r.get(data, "start", "", "time")
    target = r.get(data, "target_length", "", "duration", default=0, maximum=MAX_SHOW_S)
    raw_segments = data.get("segments", [])
    segments = []
    if not isinstance(raw_segments, list):
        r.wrong_type("segments", QT_TRANSLATE_NOOP("Show", "[[segments]] tables"), raw_segments)
    elif (problem := segments_problem(len(raw_segments))) is not None:
        r.fail("segments", problem)   # not read one by one: that alone would take seconds
    else:
        for i, t in enumerate(raw_segments, start=1):
            seg = _read_segment(r, t, f"segments[{i}]")
            if seg is not None:
                segments.append(seg)
    seen: dict[str, str] = {}
    for i, seg in enumerate(segments, start=1):
        if seg.id and seg.id in seen:
            r.fail(f"segments[{i}].id", QT_TRANSLATE_NOOP("Show", "{path}: id “{id}” is already used by {other}").fill(
                path=f"segments[{i}].id", id=seg.id, other=seen[seg.id]))
        seen.setdefault(seg.id, f"segments[{i}]")
        for j, cue in enumerate(seg.cues, start=1):
            path = f"segments[{i}].cues[{j}].id"
            if cue.id and cue.id in seen:
                r.fail(path, QT_TRANSLATE_NOOP("Show", "{path}: id “{id}” is already used by {other}").fill(
                    path=path, id=cue.id, other=seen[cue.id]))
            seen.setdefault(cue.id, f"segments[{i}].cues[{j}]")
    if (problem := duration_problem(sum(s.duration_s for s in segments), MAX_SHOW_S)) is not None:
        r.fail("segments", QT_TRANSLATE_NOOP("Show", "All segments together: {problem}").fill(problem=problem))
    return Show(title, day, start, target, tuple(segments), _read_commission(r, data, ""))


def read_show(data: dict) -> tuple[Show | None, list[tuple[str, Text]]]:
    """The show in parsed TOML, and every problem found as (field path, message); the show is
    None when the file is not a show file this version can read."""
    r = _Reader()
    show = _read_top_level(r, data)
    return show, r.problems
