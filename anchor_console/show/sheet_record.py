"""The show's own record inside an .xlsx run sheet the console exports, so that a sheet exported,
edited in Excel or WPS and imported again loses nothing the sheet cannot show: a flash sale's SKU,
per-buyer limit, countdown and length, a coupon's template, a red packet's split and message, a
lucky bag's exclusions, a cue's mode and note, a start time's seconds, the ids. Commission rates
are left out (`without_commissions`).

Export writes the show file text (`dumps_show`) into a hidden worksheet, with its SHA-256. Import
reads the visible sheet as it reads any 直播脚本, then takes from the record only what the sheet
still says the same way: a segment found by its title, a product by its id (or name), a cue whose
line reads back exactly as the recorded cue's line would. What a person changed in the sheet stays
as they wrote it; a cue line they added is a suggestion, as on any import. An import never makes a
cue fire by itself unless both the sheet and the record say "auto".

A record that is damaged, cut short or from a newer console is left aside with a note; the visible
sheet is read as usual."""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass, replace
from datetime import time
from typing import Any, Callable

from anchor_console.domain.text import QT_TRANSLATE_NOOP, Text, TextError
from anchor_console.show.cue_text import cue_line, read_cue_line
from anchor_console.show.model import Cue, CueAction, CueMode, FeaturedProduct, Segment, Show, Trigger
from anchor_console.show.sheet_columns import product_cells, split_products
from anchor_console.show.sheets import Table
from anchor_console.show.sheet_text import put_cell, sheet_text
from anchor_console.show.showfile import loads_show
from anchor_console.show.showfile_writer import dumps_show

log = logging.getLogger("anchor_console.show")

RECORD_SHEET = "Anchor Console record"   # the hidden worksheet's name (never translated: import finds it by name)
_MARKER = "anchor-console-show-record/1"
_CHUNK = 16_000   # characters a cell holds: Excel's 32,767 count UTF-16 units, two for an emoji
_NEAR = 64         # namesake segments compared when rows of the same title moved
_CLOCK = re.compile(r"\d{2}:\d{2}")
SUMMARY_SEPARATOR = " · "   # between the parts of the export's summary line (date, start, lengths)
_LEAD = ">"       # before every chunk, so no chunk is blank or loses its leading spaces

_EXPLAINED = QT_TRANSLATE_NOOP(
    "Show", "Anchor Console keeps the show's full settings here so the run sheet imports back whole. "
            "Edit the run sheet, not this sheet.")
RECORD_UNREADABLE = QT_TRANSLATE_NOOP(
    "Show", "This run sheet's Anchor Console record could not be used ({why}); the sheet was read as any "
            "other run sheet, so cue settings it does not show must be checked in the editor.")
RECORD_USED = QT_TRANSLATE_NOOP(
    "Show", "This run sheet was exported by Anchor Console: {count} cues came back with all their settings "
            "from its record.")


def _storable(dumped: str) -> str:
    """Show file text a cell keeps to the letter: a character a cell would drop (`limits.printable`:
    a zero-width space, a line separator) is written as a TOML escape instead. The writer puts such
    characters only inside basic strings, where the escape means the same."""
    lines = dumped.split("\n")
    for i, line in enumerate(lines):
        if not line.isprintable():   # the common case is printable, checked at C speed
            lines[i] = "".join(c if c == "\t" or c.isprintable() else
                               (f"\\u{ord(c):04X}" if ord(c) <= 0xFFFF else f"\\U{ord(c):08X}") for c in line)
    return "\n".join(lines)


def without_commissions(show: Show) -> Show:
    """`show` as its record keeps it: no commission rates. A run sheet goes to people outside the
    team (a brand sees every brand's products on it), and a hidden sheet is one click from view;
    the rates stay in the show file."""
    return replace(show, commission_bp=0, segments=tuple(
        replace(seg, products=tuple(replace(p, commission_bp=None) for p in seg.products)) for seg in show.segments))


def write_record(wb: Any, show: Show, translate: Callable[[Text], str]) -> None:
    """Add the hidden record of `show` (its show file text, without commissions) to the openpyxl
    workbook `wb`."""
    dumped = _storable(dumps_show(without_commissions(show)))
    ws = wb.create_sheet(RECORD_SHEET)
    ws.sheet_state = "hidden"
    put_cell(ws, 1, 1, _MARKER)
    put_cell(ws, 1, 2, hashlib.sha256(dumped.encode()).hexdigest())
    put_cell(ws, 2, 1, translate(_EXPLAINED))
    for i in range(0, len(dumped), _CHUNK):
        put_cell(ws, 3 + i // _CHUNK, 1, _LEAD + dumped[i:i + _CHUNK])


def split_record(tables: list[Table]) -> tuple[list[Table], Table | None]:
    """The worksheets a person reads, and the record among them (None without one)."""
    record = next((t for t in tables if t.name == RECORD_SHEET), None)
    return [t for t in tables if t is not record], record


class RecordError(TextError):
    """Why a record cannot be used (said in the import's notes)."""


def read_record(table: Table) -> Show:
    """The show kept in a record worksheet; RecordError when it is not whole or does not parse."""
    rows = table.rows
    head = rows[0] if rows else []
    if not head or head[0] != _MARKER or len(head) < 2 or not isinstance(head[1], str):
        raise RecordError(QT_TRANSLATE_NOOP("Show", "it is not a record this version of the console reads"))
    chunks = [row[0] for row in rows[2:] if row and isinstance(row[0], str)]
    if table.notes or not all(c.startswith(_LEAD) for c in chunks):
        raise RecordError(QT_TRANSLATE_NOOP(
            "Show", "it is incomplete: the workbook is larger than the console reads, or the record was cut"))
    text = "".join(c[len(_LEAD):] for c in chunks)
    if hashlib.sha256(text.encode()).hexdigest() != head[1]:
        raise RecordError(QT_TRANSLATE_NOOP("Show", "it was changed outside the console"))
    try:
        return loads_show(text)
    except Exception as exc:   # a newer console's record, or one this version cannot parse
        log.info("run sheet record not used: %s", type(exc).__name__)
        raise RecordError(QT_TRANSLATE_NOOP("Show", "it does not read as a show")) from None


@dataclass
class Restored:
    show: Show
    renamed: dict[str, str]   # segment id as the sheet read it -> the id it has now
    cues_restored: int        # cues that came back with all their settings


LineModes = dict[str, CueMode]   # a read cue's id -> the mode its line in the sheet named
CueKey = tuple[Trigger, CueAction] | None   # a cue as its exported line reads back


def restore(read: Show, recorded: Show, line_modes: LineModes, title_lines: list[str]) -> Restored:
    """`read` (the visible sheet, as imported) with what `recorded` knows and the sheet cannot show.
    `title_lines`: the lines above the sheet's header (the export's summary line among them)."""
    pairs = _pair_segments(read, recorded)
    restored = [_restore_segment(seg, match, line_modes) if match else (seg, set()) for seg, match in pairs]
    taken: set[str] = set()   # the ids the record gives back: a segment or cue read only from the sheet takes another
    for (_, match), (new, kept) in zip(pairs, restored):
        taken |= kept | ({new.id} if match else set())
    segments, renamed = [], {}
    for (seg, match), (new, kept) in zip(pairs, restored):
        new = _fresh_ids(new, kept, taken, restored_segment=match is not None)
        renamed[seg.id] = new.id
        segments.append(new)
    show = replace(read, segments=tuple(segments), start=_start(read.start, recorded.start, _summary_start(title_lines)),
                   title=_recorded_if_shown(recorded.title, read.title))
    return Restored(show, renamed, sum(len(ids) for _, ids in restored))


def _pair_segments(read: Show, recorded: Show) -> list[tuple[Segment, Segment | None]]:
    """Each segment of the sheet with the recorded one it still is: the same title as the importer
    reads it, and of several such (rows moved), the one whose cues the sheet still has most of."""
    by_title: dict[str, list[Segment]] = {}
    for i, r in enumerate(recorded.segments):
        by_title.setdefault(_title_as_read(r, i), []).append(r)
    recorded_keys: dict[int, list[CueKey]] = {}   # id(segment) -> its cues' keys, read once

    def score(r: Segment, keys: set) -> int:
        if id(r) not in recorded_keys:
            recorded_keys[id(r)] = _keys(r, r.products)
        return sum(1 for key in recorded_keys[id(r)] if key in keys)

    pairs: list[tuple[Segment, Segment | None]] = []
    for seg in read.segments:
        same = by_title.get(seg.title)
        if not same:
            pairs.append((seg, None))
            continue
        keys = {(c.trigger, c.action) for c in seg.cues}
        # the first of equals; rows move a little, so the next _NEAR namesakes are enough to look at
        best = same[0] if len(same) == 1 else max(same[:_NEAR], key=lambda r: score(r, keys))
        same.remove(best)
        pairs.append((seg, best))
    return pairs


def _title_as_read(seg: Segment, index: int) -> str:
    """The title the importer gives this segment's row: its title on one line, else its products'
    names, else its number (spreadsheet._SheetReader.segment)."""
    return _shown(seg.title, one_line=True) or "、".join(p.label for p in seg.products) or f"#{index + 1}"


def _keys(recorded: Segment, products: tuple[FeaturedProduct, ...]) -> list[CueKey]:
    """Each recorded cue as its line reads back against the sheet row's products (in either
    language the console exports in; see cue_text)."""
    return [read_cue_line(_shown(cue_line(c, Text.english)), products) for c in recorded.cues]


def _summary_start(title_lines: list[str]) -> str | None:
    """The start "HH:MM" the export's summary line shows ("2026-03-08 · 20:00 · planned 1:30:00");
    None if no line shows one. (The importer takes the first time written, a fixed start perhaps.)"""
    for line in title_lines:
        found = next((part for part in line.split(SUMMARY_SEPARATOR) if _CLOCK.fullmatch(part)), None)
        if found is not None:
            return found
    return None


def _start(read: time | None, recorded: time | None, shown: str | None) -> time | None:
    """The recorded start (with its seconds, or none) where the summary line still shows it."""
    if recorded is None:
        return None if shown is None else read
    return recorded if shown == recorded.strftime("%H:%M") else read


def _restore_segment(seg: Segment, recorded: Segment, line_modes: LineModes) -> tuple[Segment, set[str]]:
    """The segment with the recorded id, products and cues where the sheet still says the same;
    and the ids of the cues that came back from the record."""
    products = _restore_products(seg.products, recorded.products)
    # A cue on a product the segment featured keeps it only if the sheet still features that product
    # (an ID changed in the sheet must not leave the cue selling the old one).
    dropped = {p.id for p in recorded.products} - {p.id for p in products} - {""}
    unused: dict[CueKey, list[Cue]] = {}
    for key, r in zip(_keys(recorded, seg.products), recorded.cues):
        if getattr(r.action, "product_id", "") not in dropped:
            unused.setdefault(key, []).append(r)
    cues, restored_ids = [], set()
    for cue in seg.cues:
        same = unused.get((cue.trigger, cue.action))
        if not same:
            cues.append(cue)
            continue
        match = same.pop(0)
        cues.append(replace(match, mode=_mode(line_modes.get(cue.id), match.mode)))
        restored_ids.add(match.id)
    return replace(seg, id=recorded.id, products=products, cues=tuple(cues), title=recorded.title,
                   talking_points=_recorded_if_shown(recorded.talking_points, seg.talking_points),
                   notes=_recorded_if_shown(recorded.notes, seg.notes)), restored_ids


def _shown(recorded: str, *, one_line: bool = False) -> str:
    """`recorded` as the sheet shows it once read: the characters a cell cannot hold left out, a
    text beyond Excel's cell cut with "…", a title on one line."""
    shown = sheet_text(recorded)
    return (shown.replace("\n", " ") if one_line else shown).strip()


def _recorded_if_shown(recorded: str, read: str) -> str:
    """The recorded text where the sheet still shows it unchanged (it may have been cut there)."""
    return recorded if _shown(recorded) == read else read


def _restore_products(read: tuple[FeaturedProduct, ...],
                      recorded: tuple[FeaturedProduct, ...]) -> tuple[FeaturedProduct, ...]:
    """The recorded products where the sheet's cells still read as the export wrote them (a name
    with 、 or ; in it reads as two products), else each product the sheet still has."""
    names, ids = product_cells(recorded)
    if list(dict.fromkeys(split_products(_shown(names), _shown(ids)))) == list(read):
        return recorded
    return tuple(_restore_product(p, recorded) for p in read)


def _restore_product(p: FeaturedProduct, recorded: tuple[FeaturedProduct, ...]) -> FeaturedProduct:
    """The recorded product the sheet's still is: the same ID (the export writes a product without
    a name by its ID, so either may stand in the name column), or the same name where neither has
    an ID."""
    for r in recorded:
        if p.id and r.id == p.id and p.name in (r.name, r.id):
            return r
        if not p.id and not r.id and p.name == r.name:
            return r
    return p


def _mode(line_mode: CueMode | None, recorded: CueMode) -> CueMode:
    """The mode a restored cue gets: the sheet's, except that only a cue the record also has as
    "auto" fires by itself (an import never arms a cue on the sheet's word alone)."""
    if line_mode is None or (line_mode is CueMode.AUTO and recorded is not CueMode.AUTO):
        return CueMode.CONFIRM
    return line_mode


def _fresh_ids(seg: Segment, kept: set[str], taken: set[str], *, restored_segment: bool) -> Segment:
    """`seg` with ids no other segment or cue of the show has; a restored segment keeps its id and
    its restored cues theirs (`kept`)."""
    def fresh(wanted: str) -> str:
        n, candidate = 1, wanted
        while candidate in taken:
            n += 1
            candidate = f"{wanted}-{n}"
        taken.add(candidate)
        return candidate

    cues = tuple(c if c.id in kept else replace(c, id=fresh(c.id)) for c in seg.cues)
    return replace(seg, id=seg.id if restored_segment else fresh(seg.id), cues=cues)
