"""Studio's shared core: the database, the transaction every change runs in, and the per-room
event log each change writes into.

All state lives in SQLite (WAL; the default) or PostgreSQL (`--db postgresql://…`), reached through
database.py (psycopg 3 on PostgreSQL; see STORAGE.md). Each change runs in one transaction on the
server's event-loop thread, with no await inside it, so stock, money and per-buyer limits hold
however many requests arrive at once: the SQL itself also guards them (`... WHERE stock >= ?`), and
writers from other processes queue (SQLite's BEGIN IMMEDIATE; a transaction-level advisory lock on
PostgreSQL). Every change is written as an event in the same transaction and published to the
room's event feed after commit.

Money writes (prices, stock, orders, coupons, flash sales) commit with `tx(durable=True)`: SQLite's
FULL sync or PostgreSQL's synchronous commit, so a confirmed one survives a power loss; other
changes keep WAL's NORMAL sync (PostgreSQL: synchronous_commit off for that transaction), which
survives a crash of Studio but may lose the last moments on a power loss.

Also here: the Studio clock, token hashing and the principal (who is calling), which every
resource service shares."""

from __future__ import annotations

import contextlib
import hashlib
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from anchor_console.domain.plain_text import plain_text
from anchor_console.studio.database import open_database
from anchor_console.studio.event_feed import EventFeed, encode_frame
from anchor_console.studio.migrations import migrate
from anchor_console.studio.permissions import Role

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS staff(
  id INTEGER PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL,
  created_at REAL NOT NULL, disabled INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS access_tokens(
  id INTEGER PRIMARY KEY, token_hash TEXT NOT NULL UNIQUE, staff_id INTEGER, viewer_id INTEGER,
  kind TEXT NOT NULL, label TEXT NOT NULL DEFAULT '', rooms TEXT,
  created_at REAL NOT NULL, expires_at REAL, revoked_at REAL, replaces_id INTEGER, acted_at REAL);
CREATE INDEX IF NOT EXISTS access_tokens_staff ON access_tokens(staff_id);
CREATE TABLE IF NOT EXISTS viewers(
  id INTEGER PRIMARY KEY, nickname TEXT NOT NULL, created_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS room_viewers(
  room_id INTEGER NOT NULL, viewer_id INTEGER NOT NULL,
  muted_until REAL, banned INTEGER NOT NULL DEFAULT 0, comments INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY(room_id, viewer_id));
CREATE TABLE IF NOT EXISTS rooms(
  id INTEGER PRIMARY KEY, title TEXT NOT NULL, status TEXT NOT NULL, created_at REAL NOT NULL,
  started_at REAL, ended_at REAL, mute_all INTEGER NOT NULL DEFAULT 0, stage_product_id INTEGER,
  stream_name TEXT NOT NULL, slow_mode_s INTEGER NOT NULL DEFAULT 0, followers_only_min INTEGER,
  shield INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS products(
  id INTEGER PRIMARY KEY, name TEXT NOT NULL, category TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT '', image TEXT NOT NULL DEFAULT '', created_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS skus(
  id INTEGER PRIMARY KEY, product_id INTEGER NOT NULL, name TEXT NOT NULL,
  price_fen INTEGER NOT NULL CHECK(price_fen >= 0), stock INTEGER NOT NULL CHECK(stock >= 0));
CREATE TABLE IF NOT EXISTS shelf(
  room_id INTEGER NOT NULL, product_id INTEGER NOT NULL, position INTEGER NOT NULL,
  on_sale INTEGER NOT NULL DEFAULT 1, sold INTEGER NOT NULL DEFAULT 0, added_at REAL NOT NULL,
  PRIMARY KEY(room_id, product_id));
CREATE TABLE IF NOT EXISTS coupon_templates(
  id INTEGER PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, amount_fen INTEGER NOT NULL DEFAULT 0,
  threshold_fen INTEGER NOT NULL DEFAULT 0, percent_off INTEGER NOT NULL DEFAULT 0, created_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS coupon_issues(
  id INTEGER PRIMARY KEY, room_id INTEGER NOT NULL, template_id INTEGER NOT NULL,
  quantity INTEGER NOT NULL, claimed INTEGER NOT NULL DEFAULT 0 CHECK(claimed <= quantity),
  valid_until REAL NOT NULL, state TEXT NOT NULL, created_at REAL NOT NULL, created_by INTEGER);
CREATE TABLE IF NOT EXISTS coupon_claims(
  id INTEGER PRIMARY KEY, issue_id INTEGER NOT NULL, viewer_id INTEGER NOT NULL,
  created_at REAL NOT NULL, order_id INTEGER, UNIQUE(issue_id, viewer_id));
CREATE TABLE IF NOT EXISTS flash_sales(
  id INTEGER PRIMARY KEY, room_id INTEGER NOT NULL, product_id INTEGER NOT NULL, sku_id INTEGER NOT NULL,
  sale_price_fen INTEGER NOT NULL, stock INTEGER NOT NULL, sold INTEGER NOT NULL DEFAULT 0 CHECK(sold <= stock),
  per_buyer_limit INTEGER NOT NULL, countdown_s INTEGER NOT NULL, duration_s INTEGER NOT NULL,
  state TEXT NOT NULL, starts_at REAL, ends_at REAL, ended_reason TEXT NOT NULL DEFAULT '',
  created_at REAL NOT NULL, created_by INTEGER);
CREATE TABLE IF NOT EXISTS flash_sale_buyers(
  flash_sale_id INTEGER NOT NULL, viewer_id INTEGER NOT NULL, quantity INTEGER NOT NULL,
  PRIMARY KEY(flash_sale_id, viewer_id));
CREATE TABLE IF NOT EXISTS orders(
  id INTEGER PRIMARY KEY, room_id INTEGER NOT NULL, viewer_id INTEGER NOT NULL, product_id INTEGER NOT NULL,
  sku_id INTEGER NOT NULL, quantity INTEGER NOT NULL, unit_price_fen INTEGER NOT NULL,
  discount_fen INTEGER NOT NULL DEFAULT 0, amount_fen INTEGER NOT NULL, flash_sale_id INTEGER,
  coupon_claim_id INTEGER, created_at REAL NOT NULL);
CREATE INDEX IF NOT EXISTS orders_buyer ON orders(room_id, viewer_id);
CREATE TABLE IF NOT EXISTS comments(
  id INTEGER PRIMARY KEY, room_id INTEGER NOT NULL, viewer_id INTEGER, staff_id INTEGER,
  nickname TEXT NOT NULL, text TEXT NOT NULL, created_at REAL NOT NULL,
  pinned INTEGER NOT NULL DEFAULT 0, hidden INTEGER NOT NULL DEFAULT 0, deleted INTEGER NOT NULL DEFAULT 0,
  announcement TEXT);
CREATE INDEX IF NOT EXISTS comments_room ON comments(room_id, id);
CREATE TABLE IF NOT EXISTS room_stats(
  room_id INTEGER PRIMARY KEY, entries INTEGER NOT NULL DEFAULT 0, likes INTEGER NOT NULL DEFAULT 0,
  comments INTEGER NOT NULL DEFAULT 0, orders INTEGER NOT NULL DEFAULT 0, gmv_fen INTEGER NOT NULL DEFAULT 0,
  followers INTEGER NOT NULL DEFAULT 0, buyers INTEGER NOT NULL DEFAULT 0, coupon_uses INTEGER NOT NULL DEFAULT 0,
  coupon_gmv_fen INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS events(
  id INTEGER PRIMARY KEY, room_id INTEGER NOT NULL, type TEXT NOT NULL, ts REAL NOT NULL, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS events_room ON events(room_id, id);
CREATE TABLE IF NOT EXISTS idempotency(
  scope TEXT NOT NULL, key TEXT NOT NULL, fingerprint TEXT NOT NULL, status INTEGER NOT NULL,
  response TEXT NOT NULL, created_at REAL NOT NULL, PRIMARY KEY(scope, key));
CREATE INDEX IF NOT EXISTS idempotency_age ON idempotency(created_at);
CREATE TABLE IF NOT EXISTS crew_money(terms TEXT NOT NULL, scope TEXT NOT NULL, at REAL NOT NULL);
CREATE INDEX IF NOT EXISTS crew_money_terms ON crew_money(terms, at);
CREATE TABLE IF NOT EXISTS follows(viewer_id INTEGER PRIMARY KEY, room_id INTEGER, created_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS fan_club(viewer_id INTEGER PRIMARY KEY, joined_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS lucky_bags(
  id INTEGER PRIMARY KEY, room_id INTEGER NOT NULL, prize TEXT NOT NULL, prize_product_id INTEGER,
  winners_count INTEGER NOT NULL, rule TEXT NOT NULL, keyword TEXT NOT NULL DEFAULT '', countdown_s INTEGER NOT NULL,
  exclusions TEXT NOT NULL, commitment TEXT NOT NULL, state TEXT NOT NULL, created_at REAL NOT NULL,
  ends_at REAL NOT NULL, closed_at REAL, seed TEXT, drawn_at REAL, winners TEXT,
  announcement_comment_id INTEGER, created_by INTEGER);
CREATE INDEX IF NOT EXISTS lucky_bags_room ON lucky_bags(room_id, id);
CREATE TABLE IF NOT EXISTS lucky_bag_entries(
  bag_id INTEGER NOT NULL, viewer_id INTEGER NOT NULL, nickname TEXT NOT NULL, entered_at REAL NOT NULL,
  excluded TEXT, PRIMARY KEY(bag_id, viewer_id));
CREATE TABLE IF NOT EXISTS lucky_bag_winners(
  bag_id INTEGER NOT NULL, viewer_id INTEGER NOT NULL, drawn_at REAL NOT NULL, PRIMARY KEY(bag_id, viewer_id));
CREATE INDEX IF NOT EXISTS lucky_bag_winners_day ON lucky_bag_winners(viewer_id, drawn_at);
CREATE TABLE IF NOT EXISTS red_packets(
  id INTEGER PRIMARY KEY, room_id INTEGER NOT NULL, total_fen INTEGER NOT NULL, count INTEGER NOT NULL,
  split TEXT NOT NULL, message TEXT NOT NULL DEFAULT '', shares TEXT NOT NULL,
  claimed_count INTEGER NOT NULL DEFAULT 0 CHECK(claimed_count <= count),
  claimed_fen INTEGER NOT NULL DEFAULT 0 CHECK(claimed_fen <= total_fen), state TEXT NOT NULL,
  created_at REAL NOT NULL, ends_at REAL NOT NULL, created_by INTEGER);
CREATE TABLE IF NOT EXISTS red_packet_claims(
  packet_id INTEGER NOT NULL, viewer_id INTEGER NOT NULL, amount_fen INTEGER NOT NULL, created_at REAL NOT NULL,
  PRIMARY KEY(packet_id, viewer_id));
"""

# Tables whose ids Studio gives itself, counting on from the newest: another worker (PostgreSQL) or
# process may have given some since, so each transaction reads the newest ids with its lock (database.py).
LAST_IDS = ("events", "comments")
MAX_INT = 2**53  # ids and counts beyond this are refused before they reach the database


def storable(text: str) -> str:
    """Text every Studio database can store and every client can show: a lone surrogate (JSON may
    carry "\\ud800") cannot be encoded as UTF-8 and would fail the whole transaction it is in, and
    PostgreSQL refuses NUL in text; they and the other characters that are not text become U+FFFD,
    as the console does with what reaches it (`domain.plain_text`)."""
    return plain_text(text)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True, slots=True)
class Principal:
    role: Role
    staff_id: int | None = None
    viewer_id: int | None = None
    name: str = ""
    token_id: int | None = None
    rooms: frozenset[int] | None = None   # the rooms this token may act in; None: every room
    expires_at: float | None = None       # wall-clock time the token stops working; None: never
    acted: bool = True                    # False: a viewer's token that has changed nothing yet (tokens.py)

    def may_enter(self, room_id: int) -> bool:
        return self.rooms is None or room_id in self.rooms

    @property
    def scope(self) -> str:
        return f"s{self.staff_id}" if self.staff_id is not None else f"v{self.viewer_id}"


class StudioClock:
    """Wall clock with a settable speed, so a rehearsal at 10× also runs flash-sale countdowns,
    coupon validity and mutes at 10×."""

    def __init__(self, base: Callable[[], float] = time.time) -> None:
        self._base = base
        self._anchor_real = base()
        self._anchor_studio = self._anchor_real
        self.speed = 1.0

    def now(self) -> float:
        return self._anchor_studio + (self._base() - self._anchor_real) * self.speed

    def set_speed(self, speed: float) -> None:
        now = self.now()
        self._anchor_real = self._base()
        self._anchor_studio = now
        self.speed = speed


class StudioStore:
    """One per Studio: the connection, `tx()` and `emit()`, which every resource service writes through."""

    def __init__(self, db_path: str, *, clock: StudioClock | None = None) -> None:
        self.clock = clock or StudioClock()
        self.db, self.engine = open_database(db_path)
        self.db.executescript(SCHEMA)
        migrate(self.db, self.engine)
        self._next_event_id = (self.db.execute("SELECT COALESCE(MAX(id), 0) FROM events").fetchone()[0]) + 1
        self.feed = EventFeed(floor=self._next_event_id - 1)
        self._pending: list[tuple[int, int, bytes, str, dict]] = []
        self._in_tx = False
        # The newest ids given (by another worker or process too), read as the transaction began.
        self.last_ids: dict[str, int] = {}
        self._durable = False
        self.listeners: list[Callable[[int, str, dict], None]] = []  # in-process observers (audience)

    @property
    def last_event_id(self) -> int:
        """The newest event this process knows of: its own, or another worker's delivered to its feed."""
        return max(self._next_event_id - 1, self.feed.delivered)

    def close(self) -> None:
        self.db.close()

    @contextlib.contextmanager
    def tx(self, *, durable: bool = False) -> Iterator:
        """One transaction; nested calls join the outer one. `durable`: a money write, committed
        with FULL sync. The sync level is fixed when the transaction begins, so a durable change
        nested in another transaction needs the outer one to be durable too (asserted: a missed flag is a bug)."""
        if self._in_tx:  # nested: part of the outer transaction
            assert self._durable or not durable, "a money write nested in a transaction that is not durable"
            yield self.db
            return
        self._in_tx = True
        self._durable = durable
        try:
            self.last_ids = self.engine.begin(durable, last_ids=LAST_IDS)
        except BaseException:
            self._in_tx = self._durable = False
            raise
        self._next_event_id = max(self._next_event_id, self.last_ids["events"] + 1)
        try:
            yield self.db
            self.engine.end(durable, commit=True, notify=self._notice())
        except BaseException:
            first = self._pending[0][1] if self._pending else None
            self._pending.clear()
            if first is not None:   # still under the writers' lock: the next change reuses these ids
                self._next_event_id = first
            self.engine.end(durable, commit=False)
            raise
        finally:
            self._in_tx = False
            self._durable = False
        pending, self._pending = self._pending, []
        if not pending:
            return
        by_room: dict[int, list[tuple[int, bytes]]] = {}
        for room_id, event_id, frame, _type, _data in pending:
            by_room.setdefault(room_id, []).append((event_id, frame))
        self.feed.committed(pending[0][1], pending[-1][1], by_room)
        if self.listeners:
            for room_id, _id, _frame, event_type, data in pending:
                for listener in self.listeners:
                    listener(room_id, event_type, data)

    def _notice(self) -> str | None:
        """The NOTIFY payload of this transaction's events on PostgreSQL (other workers read them from
        the table): `last id:room,room…`, or None when it wrote none (or on SQLite: one process)."""
        if not self._pending or self.engine.name != "postgresql":
            return None
        rooms = sorted({p[0] for p in self._pending})
        return f"{self._pending[-1][1]}:{','.join(map(str, rooms[:20]))}"

    def emit(self, room_id: int, event_type: str, data: dict) -> int:
        """Record an event; must run inside tx(). Subscribers see it once the change commits."""
        return self.emit_many(room_id, event_type, [data])[0]

    def emit_many(self, room_id: int, event_type: str, datas: list[dict]) -> list[int]:
        """Events of one type in one statement (a batch of comments: one round trip to PostgreSQL,
        not one per comment); must run inside tx()."""
        assert self._in_tx, "events are written in the transaction of the change"
        ts = self.clock.now()
        rows, ids = [], []
        for data in datas:
            event_id = self._next_event_id
            self._next_event_id += 1
            envelope = {"id": event_id, "type": event_type, "room_id": room_id, "ts": ts, "data": data}
            rows.append((event_id, room_id, event_type, ts, storable(json.dumps(data, ensure_ascii=False))))
            self._pending.append((room_id, event_id, encode_frame(event_id, event_type, envelope), event_type, data))
            ids.append(event_id)
        if len(rows) == 1:
            self.db.execute("INSERT INTO events(id, room_id, type, ts, data) VALUES (?,?,?,?,?)", rows[0])
        else:
            self.db.executemany("INSERT INTO events(id, room_id, type, ts, data) VALUES (?,?,?,?,?)", rows)
        return ids

    def meta(self, key: str, default: str | None = None) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                        (key, value))

    def events_after(self, room_id: int, last_id: int, limit: int = 2000) -> list[tuple[int, bytes]]:
        rows = self.db.execute("SELECT id, type, ts, data FROM events WHERE room_id = ? AND id > ? ORDER BY id LIMIT ?",
                               (room_id, last_id, limit)).fetchall()
        return [(r["id"], encode_frame(r["id"], r["type"], {"id": r["id"], "type": r["type"], "room_id": room_id,
                                                              "ts": r["ts"], "data": json.loads(r["data"])}))
                for r in rows]

    def prune_events(self, older_than_s: float) -> None:
        """Events are kept for at least a whole show; older ones of ended rooms are dropped."""
        cutoff = self.clock.now() - older_than_s
        with self.tx():
            self.db.execute("DELETE FROM events WHERE ts < ? AND room_id IN (SELECT id FROM rooms WHERE status = 'ended')",
                            (cutoff,))

    def changed_elsewhere(self) -> bool:
        """Whether another process (`anchor-console studio tokens …`) committed to the database
        since the last call: SQLite's data_version, one cheap pragma (PostgreSQL: always maybe)."""
        return self.engine.changed_elsewhere()


@dataclass(eq=False)
class StoreService:
    """What every service of Studio starts from: the store, and the store's connection as `db`."""

    store: StudioStore

    def __post_init__(self) -> None:
        self.db = self.store.db


class EmulatorTables:
    """What a part of a platform emulator starts from: Studio (`studio`) and its `store`, the store's
    connection as `db` with the part's own tables (`schema`, created if missing), and Studio's clock
    (`now`)."""

    schema = ""

    def __init__(self, studio) -> None:   # a services.Studio (which imports this module)
        self.studio = studio
        self.store = studio.store
        self.db = studio.store.db
        self.db.executescript(self.schema)

    def now(self) -> float:
        return self.store.clock.now()
