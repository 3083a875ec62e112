"""One show's record on disk: a SQLite file (WAL) next to the journal, written by the recorder
(`show_record`) and read by the review (`review`) and the list of past shows.

What it holds, on one time axis (seconds since the show started, by the run's clock):

  meta     the show as planned (its file text), title, room, run id, start and end, rehearsal or
           not, which figures the platforms lack, the crew's notes, the top questions
  series   one row per second: the room's figures (`FIGURES`), cumulative as the platform reports them
  counts   per product sales and per flash sale sold, a row only when one changes
  orders   every order seen (product, amount, buyer, coupon, flash sale), for per-product and
           per-segment attribution
  events   stage changes, cue firings and outcomes, segment starts and ends, coupon and
           flash-sale changes
  moderation  every moderation action (rule or person, action, result, comment, viewer): a compact
           table of its own, as a spam wave can bring dozens a second

A file that cannot be read as a record is moved aside (``….broken-<time>``), never overwritten.
Money is in fen (int)."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from anchor_console.domain.kept_files import keep_aside
from anchor_console.domain.numbers import is_whole_number
from anchor_console.domain.text import QT_TRANSLATE_NOOP, TextError

FORMAT = "anchor-console-show-record"
VERSION = 1
FIGURES = ("online", "entries", "likes", "comments", "followers", "orders", "gmv_fen", "buyers",
           "coupon_claims", "coupon_uses", "coupon_gmv_fen")
SALE, FLASH = "sale", "flash"


def share_baseline(kept: Any) -> tuple[int, ...]:
    """What each of `FIGURES` is counted from for the show's share of it: the room's figures when the
    show started, as the record keeps them (meta "baseline"; 0 for any a record lacks) — a room sells
    before its show begins. `online` is counted from 0: viewers online are shown as they are."""
    kept = kept or ()
    return tuple(int(kept[i]) if i < len(kept) and f != "online" else 0 for i, f in enumerate(FIGURES))


_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS series(t INTEGER PRIMARY KEY, {", ".join(f"{f} INTEGER NOT NULL" for f in FIGURES)});
CREATE TABLE IF NOT EXISTS counts(t INTEGER NOT NULL, kind TEXT NOT NULL, key TEXT NOT NULL, value INTEGER NOT NULL,
  PRIMARY KEY(kind, key, t)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS orders(id TEXT PRIMARY KEY, t REAL NOT NULL, product_id TEXT NOT NULL,
  quantity INTEGER NOT NULL, amount_fen INTEGER NOT NULL, viewer_id TEXT NOT NULL, coupon INTEGER NOT NULL,
  flash_sale_id TEXT) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS events(seq INTEGER PRIMARY KEY, t REAL NOT NULL, kind TEXT NOT NULL,
  segment_id TEXT NOT NULL DEFAULT '', cue_id TEXT NOT NULL DEFAULT '', product_id TEXT NOT NULL DEFAULT '',
  detail TEXT NOT NULL DEFAULT '{{}}');
CREATE TABLE IF NOT EXISTS actors(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS moderation(t REAL NOT NULL, actor INTEGER NOT NULL, action TEXT NOT NULL,
  result TEXT NOT NULL, comment_id TEXT NOT NULL, user_id TEXT NOT NULL, undoes INTEGER);
"""


class RecordError(TextError):
    """A record file that cannot be opened; `message` says which and why."""


UNREADABLE = QT_TRANSLATE_NOOP("Review", "{file} is not a readable show record ({why})")


def unreadable(path: Path, exc: Exception) -> RecordError:
    """A record that cannot be read, and why: our own words, or the database's (SQLite's are English)."""
    return RecordError(UNREADABLE.fill(file=path.name, why=exc.message if isinstance(exc, RecordError) else str(exc)))


@dataclass(frozen=True, slots=True)
class RecordedEvent:
    t: float
    kind: str
    segment_id: str = ""
    cue_id: str = ""
    product_id: str = ""
    detail: dict | None = None


@dataclass(frozen=True, slots=True)
class RecordedOrder:
    id: str
    t: float
    product_id: str
    quantity: int
    amount_fen: int
    viewer_id: str
    coupon: bool
    flash_sale_id: str | None


class ShowRecordFile:
    """Open (or create) one record. `writable=False` opens it for the review only."""

    def __init__(self, path: Path, *, writable: bool = True) -> None:
        self.path = Path(path)
        self._actors: dict[str, int] = {}
        existed = self.path.exists()
        if not writable and not existed:
            raise RecordError(QT_TRANSLATE_NOOP("Review", "{file}: no such show record").fill(file=self.path.name))
        try:
            self.db = self._connect(writable)
            if existed:
                self._check()
        except (sqlite3.DatabaseError, RecordError, ValueError) as exc:   # ValueError: a meta value not JSON
            self._close_quietly()
            if not writable:
                raise unreadable(self.path, exc) from exc
            keep_aside(self.path)   # a new record is started; the broken one is kept
            self.db = self._connect(writable)
        if writable and self.meta("format") is None:    # a new record (or a fresh one beside a broken file)
            self.set_meta(format=FORMAT, version=VERSION)
            self.commit()

    def _connect(self, writable: bool) -> sqlite3.Connection:
        db = sqlite3.connect(str(self.path), isolation_level=None, check_same_thread=False)
        if writable:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.executescript(_SCHEMA)
            db.execute("BEGIN")
        return db

    def _check(self) -> None:
        row = self.db.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
        if row is None or json.loads(row[0]) != FORMAT:
            raise RecordError(QT_TRANSLATE_NOOP("Review", "not a show record"))
        version = self.meta("version") or 0
        if not is_whole_number(version):
            raise RecordError(QT_TRANSLATE_NOOP("Review", "its version is not a whole number ({version})").fill(
                version=str(version)[:40]))
        if version > VERSION:
            raise RecordError(QT_TRANSLATE_NOOP("Review", "made by a newer Anchor Console (record version {version})").fill(
                version=version))

    def _close_quietly(self) -> None:
        try:
            self.db.close()
        except Exception:  # noqa: BLE001 - it is being put aside anyway
            pass

    def close(self) -> None:
        if self.db.in_transaction:
            self.db.execute("COMMIT")
        self.db.close()

    def commit(self) -> None:
        """Make what was written since the last commit durable (the recorder does it each second)."""
        if self.db.in_transaction:
            self.db.execute("COMMIT")
        self.db.execute("BEGIN")

    # ------------------------------------------------------------------ meta

    def meta(self, key: str, default: Any = None) -> Any:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else default

    def set_meta(self, **values: Any) -> None:
        self.db.executemany("INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = "
                            "excluded.value", [(k, json.dumps(v, ensure_ascii=False)) for k, v in values.items()])

    def all_meta(self) -> dict[str, Any]:
        return {k: json.loads(v) for k, v in self.db.execute("SELECT key, value FROM meta")}

    # ------------------------------------------------------------------ writing

    def write_second(self, t: int, figures: tuple[int, ...]) -> None:
        self.db.execute(f"INSERT OR REPLACE INTO series(t, {', '.join(FIGURES)}) VALUES "
                        f"({', '.join('?' * (len(FIGURES) + 1))})", (t, *figures))

    def write_counts(self, t: int, kind: str, changed: dict[str, int]) -> None:
        self.db.executemany("INSERT OR REPLACE INTO counts(t, kind, key, value) VALUES (?,?,?,?)",
                            [(t, kind, k, v) for k, v in changed.items()])

    def write_order(self, o: RecordedOrder) -> None:
        self.db.execute("INSERT OR IGNORE INTO orders(id, t, product_id, quantity, amount_fen, viewer_id, coupon, "
                        "flash_sale_id) VALUES (?,?,?,?,?,?,?,?)",
                        (o.id, o.t, o.product_id, o.quantity, o.amount_fen, o.viewer_id, int(o.coupon),
                         o.flash_sale_id))

    def write_event(self, e: RecordedEvent) -> None:
        self.db.execute("INSERT INTO events(t, kind, segment_id, cue_id, product_id, detail) VALUES (?,?,?,?,?,?)",
                        (e.t, e.kind, e.segment_id, e.cue_id, e.product_id,
                         json.dumps(e.detail or {}, ensure_ascii=False, default=str)))

    def _actor_id(self, actor: str) -> int:
        actor_id = self._actors.get(actor)
        if actor_id is None:
            self.db.execute("INSERT OR IGNORE INTO actors(name) VALUES (?)", (actor,))
            actor_id = self._actors[actor] = self.db.execute("SELECT id FROM actors WHERE name = ?",
                                                             (actor,)).fetchone()[0]
        return actor_id

    def write_moderation(self, t: float, actor: str, action: str, result: str, comment_id: str,
                         user_id: str, undoes: str | None = None) -> None:
        """One action; `undoes`: the rule whose action on this comment or viewer it reverses."""
        self.db.execute("INSERT INTO moderation(t, actor, action, result, comment_id, user_id, undoes) "
                        "VALUES (?,?,?,?,?,?,?)", (round(t, 1), self._actor_id(actor), action, result, comment_id,
                                                   user_id, self._actor_id(undoes) if undoes else None))

    def rule_that_acted(self, comment_id: str, user_id: str, rule_mark: str = ":") -> str | None:
        """The last rule that acted on this comment (or muted or banned this viewer): a full look,
        for what the recorder no longer remembers (after a restart)."""
        row = self.db.execute(
            "SELECT a.name FROM moderation m JOIN actors a ON a.id = m.actor WHERE instr(a.name, ?) > 0 "
            "AND m.action != 'show' AND (m.comment_id = ? OR (m.user_id = ? AND m.action IN ('mute', 'ban'))) "
            "ORDER BY m.rowid DESC LIMIT 1", (rule_mark, comment_id, user_id)).fetchone()
        return row[0] if row else None

    # ------------------------------------------------------------------ reading

    def moderation_counts(self) -> list[tuple[str, str, int, int]]:
        """(actor, action, how many, how many failed), reversals ("show") left out."""
        return self.db.execute(
            "SELECT a.name, m.action, COUNT(*), SUM(m.result = 'failed') FROM moderation m JOIN actors a "
            "ON a.id = m.actor WHERE m.action != 'show' GROUP BY m.actor, m.action").fetchall()

    def moderation_undone(self) -> dict[str, int]:
        """Rule → how many of its actions staff reversed (approved, unmuted): its false positives."""
        return dict(self.db.execute("SELECT a.name, COUNT(*) FROM moderation m JOIN actors a ON a.id = m.undoes "
                                    "GROUP BY m.undoes").fetchall())

    def series(self) -> list[tuple[int, ...]]:
        """(t, *FIGURES) per recorded second, in time order."""
        return self.db.execute(f"SELECT t, {', '.join(FIGURES)} FROM series ORDER BY t").fetchall()

    def last_second(self) -> tuple[int, ...] | None:
        return self.db.execute(f"SELECT t, {', '.join(FIGURES)} FROM series ORDER BY t DESC LIMIT 1").fetchone()

    def length_s(self) -> float:
        """How long the show ran: its length when it ended; a show that never ended (the console
        was closed hard, or crashed) ran up to its last recorded second or event. The review and
        the list of past shows both take it from here."""
        last = self.last_second()
        event = self.db.execute("SELECT t FROM events ORDER BY seq DESC LIMIT 1").fetchone()
        return max(float(self.meta("length_s") or 0.0), last[0] + 1.0 if last else 0.0, event[0] if event else 0.0)

    def counts(self, kind: str) -> dict[str, list[tuple[int, int]]]:
        """key → [(t, value)…] in time order, for `SALE` (units per product) or `FLASH` (sold per sale)."""
        out: dict[str, list[tuple[int, int]]] = {}
        for key, t, value in self.db.execute("SELECT key, t, value FROM counts WHERE kind = ? ORDER BY key, t",
                                             (kind,)):
            out.setdefault(key, []).append((t, value))
        return out

    def orders(self) -> list[RecordedOrder]:
        return [RecordedOrder(r[0], r[1], r[2], r[3], r[4], r[5], bool(r[6]), r[7]) for r in self.db.execute(
            "SELECT id, t, product_id, quantity, amount_fen, viewer_id, coupon, flash_sale_id FROM orders ORDER BY t")]

    def events(self) -> list[RecordedEvent]:
        rows = self.db.execute("SELECT t, kind, segment_id, cue_id, product_id, detail FROM events ORDER BY seq")
        return [RecordedEvent(r[0], r[1], r[2], r[3], r[4], json.loads(r[5])) for r in rows]
