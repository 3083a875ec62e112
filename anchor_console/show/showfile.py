"""The show file (`*.show.toml`): one human-readable, versioned text format for a run-of-show.

It is TOML, read with the standard library and written by the small deterministic writer below
(fixed key order, Chinese left readable, talking points as multi-line strings), so a show file
diffs well in version control and can be fixed by hand. Loading validates everything and collects
*all* problems, each naming the line, the field path (``segments[3].cues[1].after``, counted from
1 as the editor shows them) and what is wrong. Loading never writes; saving is atomic.

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
    template_id = "1"
    quantity = 500
    valid_minutes = 30

Forward compatibility: any new field bumps `version`; a file with a higher version is refused with
"made by a newer Anchor Console" instead of being half-read (and then saved without the new
fields). Unknown fields in a known version are reported as errors: they are almost always typos."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, Callable

from anchor_console.domain.money import parse_yuan
from anchor_console.domain.text import QT_TRANSLATE_NOOP, Text
from anchor_console.show.atomic_file import write_atomically
from anchor_console.show.durations import TimeOfDayError, parse_time_of_day
from anchor_console.show.model import (
    AnchorMessage,
    Cue,
    CueAction,
    CueMode,
    FeaturedProduct,
    IssueCoupon,
    Segment,
    SetOnSale,
    SetRoomMute,
    Show,
    StageProduct,
    StartFlashSale,
    StartMode,
    Trigger,
    TriggerKind,
    format_clock,
)

FORMAT = "anchor-console-show"
VERSION = 1
SUFFIX = ".show.toml"


@dataclass(frozen=True, slots=True)
class ShowFileProblem:
    message: Text
    line: int | None = None
    column: int | None = None
    path: str = ""  # the field, e.g. "segments[3].cues[1].after"

    def describe(self) -> Text:
        if self.line is not None:
            return QT_TRANSLATE_NOOP("Show", "Line {line}: {problem}").fill(line=self.line, problem=self.message)
        return self.message


class ShowFileError(Exception):
    """A show file that cannot be loaded, with every problem found (at least one)."""

    def __init__(self, problems: list[ShowFileProblem], source: str = "") -> None:
        self.problems = tuple(problems)
        self.source = source
        super().__init__("\n".join(p.describe().english() for p in self.problems))

    @property
    def message(self) -> Text:
        head = QT_TRANSLATE_NOOP("Show", "{file} cannot be opened:").fill(file=self.source or "The show file")
        return QT_TRANSLATE_NOOP("Show", "{head}\n{problems}").fill(
            head=head, problems="\n".join(p.describe().english() for p in self.problems))


# ------------------------------------------------------------------------------------ writing


def _escape(s: str, *, multiline: bool) -> str:
    out = []
    for ch in s:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\n" if multiline else "\\n")
        elif ch == "\t":
            out.append("\t")
        elif ch == "\r":
            out.append("\\r")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)  # Chinese and every other printable character stay as they are
    return "".join(out)


def _string(s: str) -> str:
    if "\n" in s:
        # The newline right after the opening quotes is dropped by TOML, so the text starts on its own line.
        return '"""\n' + _escape(s, multiline=True) + '"""'
    return '"' + _escape(s, multiline=False) + '"'


def _value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, str):
        return _string(v)
    if isinstance(v, time):
        return v.strftime("%H:%M:%S")
    if isinstance(v, date):
        return v.isoformat()
    raise TypeError(type(v))


def _price(fen: int) -> str:
    return f"{fen // 100}.{fen % 100:02d}"


def _action_fields(action: CueAction) -> list[tuple[str, Any]]:
    if isinstance(action, StageProduct):
        return [("action", "stage"), ("product_id", action.product_id), ("product_name", action.product_name)]
    if isinstance(action, SetOnSale):
        return [("action", "on_sale" if action.on_sale else "off_sale"), ("product_id", action.product_id),
                ("product_name", action.product_name)]
    if isinstance(action, IssueCoupon):
        return [("action", "coupon"), ("template_id", action.template_id), ("name", action.name),
                ("quantity", action.quantity), ("valid_minutes", action.valid_minutes)]
    if isinstance(action, StartFlashSale):
        return [("action", "flash_sale"), ("product_id", action.product_id), ("product_name", action.product_name),
                ("sku_id", action.sku_id), ("price", _price(action.sale_price_fen)), ("stock", action.stock),
                ("per_buyer_limit", action.per_buyer_limit), ("countdown", format_clock(action.countdown_s)),
                ("duration", format_clock(action.duration_s))]
    if isinstance(action, SetRoomMute):
        return [("action", "mute_room" if action.muted else "unmute_room")]
    if isinstance(action, AnchorMessage):
        return [("action", "message"), ("text", action.text)]
    raise TypeError(type(action))


def dumps_show(show: Show) -> str:
    """The show as file text; the same show always gives the same bytes."""
    lines = [
        "# Anchor Console show file (直播脚本). Times of day are local; durations are M:SS or H:MM:SS.",
        f"format = {_string(FORMAT)}",
        f"version = {VERSION}",
        "",
        f"title = {_string(show.title)}",
    ]
    if show.date is not None:
        lines.append(f"date = {_value(show.date)}")
    if show.start is not None:
        lines.append(f"start = {_value(show.start)}")
    if show.target_length_s:
        lines.append(f"target_length = {_string(format_clock(show.target_length_s))}")
    for seg in show.segments:
        lines += ["", "[[segments]]", f"id = {_string(seg.id)}", f"title = {_string(seg.title)}",
                  f"duration = {_string(format_clock(seg.duration_s))}",
                  f"start = {_string(seg.start_mode.value)}"]
        if seg.hard_start is not None:
            lines.append(f"at = {_value(seg.hard_start)}")
        if seg.products:
            lines.append("products = [")
            for p in seg.products:
                lines.append(f"  {{ id = {_string(p.id)}, name = {_string(p.name)} }},")
            lines.append("]")
        if seg.talking_points:
            lines.append(f"talking_points = {_string(seg.talking_points)}")
        if seg.notes:
            lines.append(f"notes = {_string(seg.notes)}")
        for cue in seg.cues:
            lines += ["", "[[segments.cues]]", f"id = {_string(cue.id)}", f"when = {_string(cue.trigger.kind.value)}"]
            if cue.trigger.kind is TriggerKind.OFFSET:
                lines.append(f"after = {_string(format_clock(cue.trigger.seconds))}")
            elif cue.trigger.kind is TriggerKind.END and cue.trigger.seconds:
                lines.append(f"before = {_string(format_clock(cue.trigger.seconds))}")
            lines.append(f"mode = {_string(cue.mode.value)}")
            for key, v in _action_fields(cue.action):
                if v == "" and key in ("product_name", "name"):
                    continue  # optional display names; ids are always written, even empty
                lines.append(f"{key} = {_value(v)}")
            if cue.note:
                lines.append(f"note = {_string(cue.note)}")
    return "\n".join(lines) + "\n"


def save_show(show: Show, path: Path) -> None:
    """Write atomically: the old file stays intact until the new one is completely on disk.
    A failure (disk full, no permission) is a ShowFileError; nothing is half-written."""
    path = Path(path)
    try:
        write_atomically(path, dumps_show(show).encode("utf-8"))
    except OSError as exc:
        raise ShowFileError([ShowFileProblem(QT_TRANSLATE_NOOP("Show", "cannot save the file: {reason}").fill(
            reason=exc.strerror or str(exc)))], str(path)) from exc


# ------------------------------------------------------------------------------------ reading

_SYNTAX_POS = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_HEADER = re.compile(r"^\s*\[\[\s*([A-Za-z0-9_.\s]+?)\s*\]\]")
_TABLE = re.compile(r"^\s*\[\s*([A-Za-z0-9_.\s]+?)\s*\]")
_KEY = re.compile(r'^\s*([A-Za-z0-9_-]+|"[^"]*")\s*=\s*(.*)$')
_INLINE_ITEM = re.compile(r"^\s*\{")


def _line_index(text: str) -> dict[str, int]:
    """Field path -> line number, by scanning the text for [[segments]] / [[segments.cues]]
    headers and keys (tomllib does not say where a value came from)."""
    where: dict[str, int] = {}
    table = ""
    seg = cue = 0
    in_multiline = False
    array_key: str | None = None
    array_item = 0
    for n, line in enumerate(text.splitlines(), start=1):
        quotes = line.count('"""') + line.count("'''")
        if in_multiline:
            if quotes % 2:
                in_multiline = False
            continue
        if array_key is not None:
            if _INLINE_ITEM.match(line):
                array_item += 1
                where.setdefault(f"{array_key}[{array_item}]", n)
            if "]" in line and not _INLINE_ITEM.match(line):
                array_key = None
            continue
        m = _HEADER.match(line)
        if m:
            name = re.sub(r"\s+", "", m[1])
            if name == "segments":
                seg, cue = seg + 1, 0
                table = f"segments[{seg}]"
            elif name == "segments.cues":
                cue += 1
                table = f"segments[{seg}].cues[{cue}]"
            else:
                table = name
            where.setdefault(table, n)
            continue
        m = _TABLE.match(line)
        if m and not _KEY.match(line):
            table = re.sub(r"\s+", "", m[1])
            where.setdefault(table, n)
            continue
        m = _KEY.match(line)
        if m:
            key = m[1].strip('"')
            path = f"{table}.{key}" if table else key
            where.setdefault(path, n)
            rest = m[2]
            if rest.count('"""') % 2 or rest.count("'''") % 2:
                in_multiline = True
            elif rest.startswith("[") and "]" not in rest.split("#")[0]:
                array_key, array_item = path, 0
    return where


def _lookup_line(where: dict[str, int], path: str) -> int | None:
    while path:
        if path in where:
            return where[path]
        cut = max(path.rfind("."), path.rfind("["))
        path = path[:cut] if cut > 0 else ""
    return None


def _toml_type(v: Any) -> str:
    if isinstance(v, bool):
        return "true/false"
    if isinstance(v, int):
        return "a whole number"
    if isinstance(v, float):
        return "a decimal number"
    if isinstance(v, str):
        return "text"
    if isinstance(v, datetime):
        return "a date and time"
    if isinstance(v, date):
        return "a date"
    if isinstance(v, time):
        return "a time of day"
    if isinstance(v, list):
        return "a list"
    if isinstance(v, dict):
        return "a table"
    return type(v).__name__


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

    def missing(self, path: str) -> None:
        self.fail(path, QT_TRANSLATE_NOOP("Show", "{path}: this field is required").fill(path=path))

    def unknown_keys(self, table: dict, known: set[str], base: str) -> None:
        for key in table:
            if key not in known:
                self.fail(f"{base}.{key}" if base else key, QT_TRANSLATE_NOOP(
                    "Show", "{path}: unknown field (a typo? known fields here: {known})").fill(
                    path=f"{base}.{key}" if base else key, known=", ".join(sorted(known))))

    def get(self, table: dict, key: str, base: str, kind: str, *, required: bool = False, default: Any = None,
            minimum: int | None = None) -> Any:
        path = f"{base}.{key}" if base else key
        v = table.get(key, _MISSING)
        if v is _MISSING:
            if required:
                self.missing(path)
            return default
        if kind == "str":
            if not isinstance(v, str):
                self.wrong_type(path, QT_TRANSLATE_NOOP("Show", "text in quotes"), v)
                return default
            return v
        if kind == "bool":
            if not isinstance(v, bool):
                self.wrong_type(path, QT_TRANSLATE_NOOP("Show", "true or false"), v)
                return default
            return v
        if kind == "int":
            if isinstance(v, bool) or not isinstance(v, int):
                self.wrong_type(path, QT_TRANSLATE_NOOP("Show", "a whole number"), v)
                return default
            if minimum is not None and v < minimum:
                self.fail(path, QT_TRANSLATE_NOOP("Show", "{path}: must be at least {minimum}, not {value}").fill(
                    path=path, minimum=minimum, value=v))
                return default
            return v
        if kind == "duration":
            return self._duration(path, v, default)
        if kind == "date":
            if isinstance(v, date) and not isinstance(v, datetime):
                return v
            if isinstance(v, str):
                try:
                    return date.fromisoformat(v.strip())
                except ValueError:
                    pass
            self.fail(path, QT_TRANSLATE_NOOP("Show", "{path}: expected a date like 2026-03-08, found {value}").fill(
                path=path, value=str(v)))
            return default
        if kind == "time":
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
                "Show", "{path}: expected a time of day like 20:30:00, found {value}").fill(path=path, value=str(v)))
            return default
        if kind == "price":
            try:
                if isinstance(v, bool):
                    raise ValueError
                if isinstance(v, (int, float)):
                    fen = round(v * 100)
                else:
                    fen = parse_yuan(str(v))
                if fen < 0:
                    raise ValueError
                return fen
            except (ValueError, TypeError):
                self.fail(path, QT_TRANSLATE_NOOP(
                    "Show", '{path}: expected a price in yuan like "59.90", found {value}').fill(path=path, value=str(v)))
                return default
        raise AssertionError(kind)

    def _duration(self, path: str, v: Any, default: Any) -> Any:
        if isinstance(v, int) and not isinstance(v, bool):
            if v < 0:
                self.fail(path, QT_TRANSLATE_NOOP("Show", "{path}: a duration cannot be negative").fill(path=path))
                return default
            return v
        if isinstance(v, str):
            m = re.fullmatch(r"\s*(?:(\d+):)?(\d+):(\d{2})\s*", v)
            if m:
                return int(m[1] or 0) * 3600 + int(m[2]) * 60 + int(m[3])
        self.fail(path, QT_TRANSLATE_NOOP(
            "Show", '{path}: “{value}” is not a duration (write minutes:seconds like "10:00", or seconds)').fill(
            path=path, value=str(v)))
        return default

    def choice(self, table: dict, key: str, base: str, choices: list[str], *, default: str | None = None) -> str | None:
        path = f"{base}.{key}" if base else key
        v = table.get(key, _MISSING)
        if v is _MISSING:
            if default is None:
                self.missing(path)
            return default
        if v not in choices:
            self.fail(path, QT_TRANSLATE_NOOP("Show", "{path}: “{value}” is not one of: {choices}").fill(
                path=path, value=str(v), choices=", ".join(choices)))
            return None
        return v


_TOP_KEYS = {"format", "version", "title", "date", "start", "target_length", "segments"}
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
                           g("quantity", "int", required=True, default=0, minimum=0),
                           g("valid_minutes", "int", default=30, minimum=1), g("name", "str", default=""))
    if action == "flash_sale":
        countdown = g("countdown", "duration", default=0)
        if countdown > 300:
            r.fail(f"{base}.countdown", QT_TRANSLATE_NOOP(
                "Show", "{path}: a flash-sale countdown is 0 to 300 seconds").fill(path=f"{base}.countdown"))
        return StartFlashSale(
            product_id=g("product_id", "str", required=True, default=""),
            sku_id=g("sku_id", "str", required=True, default=""),
            sale_price_fen=g("price", "price", required=True, default=0),
            stock=g("stock", "int", required=True, default=0, minimum=0),
            per_buyer_limit=g("per_buyer_limit", "int", default=1, minimum=1),
            countdown_s=countdown, duration_s=g("duration", "duration", default=300),
            product_name=g("product_name", "str", default=""))
    if action in ("mute_room", "unmute_room"):
        return SetRoomMute(action == "mute_room")
    if action == "message":
        return AnchorMessage(g("text", "str", required=True, default=""))
    return None


def _read_cue(r: _Reader, t: Any, base: str) -> Cue | None:
    if not isinstance(t, dict):
        r.wrong_type(base, QT_TRANSLATE_NOOP("Show", "a [[segments.cues]] table"), t)
        return None
    action = r.choice(t, "action", base, list(_ACTION_KEYS))
    r.unknown_keys(t, _CUE_COMMON | _ACTION_KEYS.get(action or "", set().union(*_ACTION_KEYS.values())), base)
    cue_id = r.get(t, "id", base, "str", required=True, default="")
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
        r.unknown_keys(item, {"id", "name"}, path)
        out.append(FeaturedProduct(r.get(item, "id", path, "str", required=True, default=""),
                                   r.get(item, "name", path, "str", default="")))
    return tuple(out)


def _read_segment(r: _Reader, t: Any, base: str) -> Segment | None:
    if not isinstance(t, dict):
        r.wrong_type(base, QT_TRANSLATE_NOOP("Show", "a [[segments]] table"), t)
        return None
    r.unknown_keys(t, _SEGMENT_KEYS, base)
    seg_id = r.get(t, "id", base, "str", required=True, default="")
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


def _read_show(r: _Reader, data: dict) -> Show | None:
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
    target = r.get(data, "target_length", "", "duration", default=0)
    raw_segments = data.get("segments", [])
    segments = []
    if not isinstance(raw_segments, list):
        r.wrong_type("segments", QT_TRANSLATE_NOOP("Show", "[[segments]] tables"), raw_segments)
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
    return Show(title, day, start, target, tuple(segments))


def loads_show(text: str, *, source: str = "") -> Show:
    """Parse show file text. Raises ShowFileError listing every problem with its line."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        m = _SYNTAX_POS.search(msg)
        line, col = (int(m[1]), int(m[2])) if m else (None, None)
        detail = _SYNTAX_POS.sub("", msg)
        raise ShowFileError([ShowFileProblem(
            QT_TRANSLATE_NOOP("Show", "not valid TOML: {detail} (column {column})").fill(detail=detail, column=col)
            if col is not None else QT_TRANSLATE_NOOP("Show", "not valid TOML: {detail}").fill(detail=detail),
            line, col)], source) from None
    r = _Reader()
    show = _read_show(r, data)
    if r.problems or show is None:
        where = _line_index(text)
        problems = [ShowFileProblem(msg, _lookup_line(where, path), None, path) for path, msg in r.problems]
        problems.sort(key=lambda p: (p.line is None, p.line or 0))
        raise ShowFileError(problems, source)
    return show


def load_show(path: Path) -> Show:
    """Read a show file. The file is only read, never changed; every failure is a ShowFileError."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ShowFileError([ShowFileProblem(QT_TRANSLATE_NOOP("Show", "cannot read the file: {reason}").fill(
            reason=exc.strerror or str(exc)))], str(path)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ShowFileError([ShowFileProblem(QT_TRANSLATE_NOOP(
            "Show", "the file is not UTF-8 text (was it saved by another program?)"), line)], str(path)) from None
    return loads_show(text, source=str(path))
