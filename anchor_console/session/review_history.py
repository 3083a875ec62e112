"""Past shows: the list the review window opens from, and the comparison of a show with the
earlier shows of the same script (same show file or title) or, failing that, of the same room —
each figure with its trend against the previous show and the average of the earlier ones.

A record that cannot be read is listed with its problem instead of hiding the others."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from anchor_console.domain.numbers import is_number
from anchor_console.domain.text import QT_TRANSLATE_NOOP, Text
from anchor_console.session.show_record import record_summary
from anchor_console.session.show_record_file import RecordError, share_baseline, unreadable

COMPARED = ("gmv_fen", "orders", "buyers", "comments", "followers", "coupon_claims")
UP, DOWN, FLAT = "↑", "↓", "→"
FLAT_WITHIN = 0.02    # changes within 2 % are "about the same"
LATEST_S = 32_503_680_000.0   # the year 3000: a start time or length beyond it is not one a record holds


@dataclass(frozen=True, slots=True)
class PastShow:
    path: Path
    title: str
    show_path: str
    room_key: str
    wall_started_at: float
    length_s: float
    rehearsal: bool
    ended: bool
    totals: dict[str, int]        # the show's share of each figure
    problem: Text | None = None   # a record that could not be read says why

    @property
    def gmv_per_minute_fen(self) -> int | None:
        return gmv_per_minute_fen(self.totals.get("gmv_fen", 0), self.length_s)


def gmv_per_minute_fen(gmv_fen: int, length_s: float) -> int | None:
    """GMV per minute of a show; None for one shorter than a minute (a rate over seconds says little).
    The review's overview and its comparison with earlier shows both give this one."""
    return int(gmv_fen * 60 // length_s) if length_s >= 60 else None


@dataclass(frozen=True, slots=True)
class Trend:
    figure: str
    value: float
    previous: float | None
    average: float | None
    arrow: str                    # UP, DOWN or FLAT against the previous show ("" without one)


def _past_show(path: Path) -> PastShow:
    """One record as listed; one that cannot be read (not a record, damaged pages, meta of the
    wrong type) is listed with its problem."""
    try:
        return _read_past_show(path)
    except (RecordError, sqlite3.DatabaseError, ValueError, TypeError) as exc:
        try:
            modified = path.stat().st_mtime
        except OSError:   # gone since the folder was listed
            modified = 0.0
        problem = exc.message if isinstance(exc, RecordError) else unreadable(path, exc).message
        return PastShow(path, path.stem, "", "", modified, 0.0, False, False, {}, problem)


START_TIME = QT_TRANSLATE_NOOP("Review", "its start time is not a usable number ({value})")
LENGTH = QT_TRANSLATE_NOOP("Review", "its length is not a usable number ({value})")


def _seconds(value: object, what: Text, path: Path) -> float:
    """A time or a length from a record's meta: a number a date can be made of, else RecordError."""
    if not is_number(value) or not 0 <= value <= LATEST_S:
        raise unreadable(path, RecordError(what.fill(value=str(value)[:40])))
    return float(value)


def _read_past_show(path: Path) -> PastShow:
    m = record_summary(path)
    last = m.get("totals") or {}
    totals = {f: v - b for (f, v), b in zip(last.items(), share_baseline(m.get("baseline")))}
    length = m.get("length_s") or 0.0     # record_summary: up to the last second of a show that never ended
    return PastShow(path, str(m.get("title") or ""), str(m.get("show_path") or ""), str(m.get("room_key") or ""),
                    _seconds(m.get("wall_started_at") or 0.0, START_TIME, path), _seconds(length, LENGTH, path),
                    bool(m.get("rehearsal")), m.get("ended_at") is not None, totals)


def past_shows(folder: Path) -> list[PastShow]:
    """Every recorded show, newest first."""
    shows = [_past_show(p) for p in Path(folder).glob("*.sqlite")]
    return sorted(shows, key=lambda s: s.wall_started_at, reverse=True)


def earlier_of_same(show: PastShow, shows: list[PastShow], *, include_rehearsals: bool = False) -> list[PastShow]:
    """The earlier shows of the same script (show file, else title); without any, of the same room.
    Newest first. Rehearsals are compared only with rehearsals unless asked."""
    earlier = [s for s in shows if s.wall_started_at < show.wall_started_at and not s.problem
               and (include_rehearsals or s.rehearsal == show.rehearsal)]
    same_script = [s for s in earlier if (show.show_path and s.show_path == show.show_path)
                   or (show.title and s.title == show.title)]
    return same_script or [s for s in earlier if show.room_key and s.room_key == show.room_key]


def _arrow(value: float, previous: float | None) -> str:
    if previous is None:
        return ""
    if previous == 0:
        return FLAT if value == 0 else UP
    change = (value - previous) / abs(previous)
    return FLAT if abs(change) <= FLAT_WITHIN else UP if change > 0 else DOWN


def compare(path: Path, folder: Path) -> list[Trend]:
    """The show at `path` against its earlier shows (see `earlier_of_same`)."""
    shows = past_shows(folder)
    me = next((s for s in shows if s.path == Path(path)), None) or _past_show(Path(path))
    earlier = earlier_of_same(me, shows)
    out = []
    figures = [(f, lambda s, f=f: float(s.totals.get(f, 0))) for f in COMPARED]
    figures += [("length_s", lambda s: s.length_s), ("gmv_per_minute_fen", lambda s: s.gmv_per_minute_fen)]
    for name, value_of in figures:
        value = value_of(me)
        if value is None:   # no such figure for this show (GMV per minute of a show under a minute)
            continue
        known = [v for v in map(value_of, earlier) if v is not None]
        previous = value_of(earlier[0]) if earlier else None
        average = sum(known) / len(known) if known else None
        out.append(Trend(name, float(value), previous, average, _arrow(value, previous)))
    return out
