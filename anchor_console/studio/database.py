"""Studio's data layer: which database a `--db` names (a SQLite file, or PostgreSQL by a
`postgresql://…` URL), the connection the services write through, and the few things each engine
does its own way (beginning a transaction, how durable its commit is, what tables and columns it has).

Why psycopg 3, used synchronously, rather than SQLAlchemy 2's async core (see STORAGE.md): Studio's
guarantees rest on "one transaction, on the event-loop thread, with no await inside"; its ~360 SQL
statements are hand-written and called as `db.execute(sql, params)`. psycopg's connection has that
same shape, so the services keep their SQL and their model, and the differences from SQLite are
translated here, once per statement text (cached): `?` placeholders, `INSERT OR IGNORE`, scalar
`MIN(a, b)` / `MAX(a, b)`, SQLite's types in the schema, `lastrowid` (by `RETURNING id`), rows
read by name or position, and SUM's numeric coming back as int.

On SQLite the connection is sqlite3's own, untouched. On PostgreSQL it is `PgConnection` below,
which answers the subset of sqlite3.Connection that Studio uses."""

from __future__ import annotations

import contextlib
import functools
import os
import re
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from anchor_console.studio.errors import ApiError

# Tables whose ids Studio always gives itself (the event log numbers its events in commit order):
# on PostgreSQL their `id` is a plain BIGINT key, not a sequence.
EXPLICIT_ID_TABLES = frozenset({"events"})
# Tables without an id that Studio reads in insertion order (`ORDER BY rowid`): on PostgreSQL they
# get a `rowid` column of their own (no table there has SQLite's hidden one).
ROWID_TABLES = frozenset({"crew_log"})
# The transaction-level advisory lock every writing transaction takes on PostgreSQL: writers queue
# one after another, as SQLite's BEGIN IMMEDIATE makes them do, so every guarantee the services
# built on that (read, decide, write) holds across processes too. A later step may narrow it per room.
WRITER_LOCK = 0x5745_5354   # any fixed number; "STUD"-ish
# How long a writer waits for that lock (or any row lock) before its change fails: SQLite's busy
# timeout in Python's sqlite3, 5 s. The event loop waits that long at worst, never for ever.
LOCK_TIMEOUT = "5s"
# The channel every Studio worker on a database LISTENs on; a writing transaction that recorded events
# NOTIFYs it (in the transaction: sent at commit, never for a rollback). LISTEN/NOTIFY are scoped to
# one database, so this name is already "per Studio database".
EVENTS_CHANNEL = "studio_events"
# A lost connection is opened again at the next statement, but not more often than this (a database
# that is down makes requests fail at once with 503, not each wait for a connect timeout).
RECONNECT_EVERY_S = 0.5
CONNECT_TIMEOUT_S = 2


class DatabaseUnavailable(ApiError, status=503, code="database_unavailable"):
    """The connection to PostgreSQL was lost (or cannot be made again yet): this request fails; the
    next one opens a new connection. A write cut off at its COMMIT may or may not have happened:
    sending it again with the same Idempotency-Key tells, exactly once."""


def is_postgres(target: str) -> bool:
    return target.startswith(("postgresql://", "postgres://"))


def open_database(target: str) -> tuple[Any, "SqliteEngine | PostgresEngine"]:
    """The connection and its engine for a `--db` value: a PostgreSQL URL, else a SQLite path."""
    if is_postgres(target):
        conn = PgConnection(target)
        return conn, PostgresEngine(conn)
    db = sqlite3.connect(target, isolation_level=None, check_same_thread=False)
    db.row_factory = sqlite3.Row
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("PRAGMA foreign_keys=OFF")
    return db, SqliteEngine(db)


def newest_ids(tables: Sequence[str]) -> str:
    """One row: the newest id of each table (0 for an empty one)."""
    return "SELECT " + ", ".join(f"(SELECT COALESCE(MAX(id), 0) FROM {t})" for t in tables)


class SqliteEngine:
    """What SQLite does its own way. A money write commits with FULL sync (survives a power loss);
    the others with WAL's NORMAL (survive a crash of Studio)."""

    name = "sqlite"

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self._data_version = self.data_version()

    def begin(self, durable: bool, last_ids: Sequence[str] = ()) -> dict[str, int]:
        """BEGIN IMMEDIATE, then the newest id of each table in `last_ids` (under the write lock)."""
        if durable:   # SQLite fixes the sync level before BEGIN
            self.db.execute("PRAGMA synchronous=FULL")
        self.db.execute("BEGIN IMMEDIATE")
        if not last_ids:
            return {}
        try:
            return dict(zip(last_ids, self.db.execute(newest_ids(last_ids)).fetchone()))
        except BaseException:   # not left inside a transaction nobody will end
            self.db.execute("ROLLBACK")
            raise

    def end(self, durable: bool, commit: bool, notify: str | None = None) -> None:
        try:
            self.db.execute("COMMIT" if commit else "ROLLBACK")
        finally:
            if durable:
                self.db.execute("PRAGMA synchronous=NORMAL")

    def data_version(self) -> int:
        return self.db.execute("PRAGMA data_version").fetchone()[0]

    def changed_elsewhere(self) -> bool:
        version = self.data_version()
        changed, self._data_version = version != self._data_version, version
        return changed

    def has_table(self, name: str) -> bool:
        return self.db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone() \
            is not None

    def columns(self, table: str) -> set[str]:
        return {r[1] for r in self.db.execute(f"PRAGMA table_info({table})").fetchall()}


class PostgresEngine:
    """What PostgreSQL does its own way. Every commit is durable by default (synchronous_commit on);
    a change that is not a money write turns it off for its own transaction, the counterpart of
    SQLite's NORMAL: a crash of PostgreSQL may lose its last moments, never a confirmed money write."""

    name = "postgresql"

    def __init__(self, db: "PgConnection") -> None:
        self.db = db

    def begin(self, durable: bool, last_ids: Sequence[str] = ()) -> dict[str, int]:
        """BEGIN, the writers' lock and the newest id of each table in `last_ids` (read under the
        lock: the ids other workers gave), in one round trip; then the transaction's statements are
        pipelined (PgConnection.start_pipeline) until `end`."""
        sync = "" if durable else "SET LOCAL synchronous_commit TO off;"
        # A statement of their own, after the lock's: a statement reads what had committed when it
        # began, and the lock's may have begun long before another writer's COMMIT let it go.
        newest = ";" + newest_ids(last_ids) if last_ids else ""
        try:
            row = self.db.script_row(f"BEGIN;{sync}SELECT pg_advisory_xact_lock({WRITER_LOCK}){newest}")
        except Exception:   # the lock not had in LOCK_TIMEOUT: leave the aborted transaction
            self.db.execute_script("ROLLBACK")
            raise
        self.db.start_pipeline()
        return {table: int(row[at]) for at, table in enumerate(last_ids)}

    def end(self, durable: bool, commit: bool, notify: str | None = None) -> None:
        """COMMIT, then the events' NOTIFY, with whatever writes are still in the pipeline, in one
        round trip (the server runs them even if this worker dies once they are sent; no NOTIFY for
        a transaction that did not commit: the pipeline stops at the first error), or ROLLBACK.
        After the COMMIT rather than inside the transaction: the notification is only a hint (the
        listeners read the table, event_fanout.py), so it need not share the commit."""
        if not commit:
            self.db.abandon_pipeline()
            self.db.execute_script("ROLLBACK")
            return
        finale = [("COMMIT", None)]
        if notify is not None:   # the payload is digits, a colon and commas (store.py)
            finale.append(("SELECT pg_notify(%s, %s)", (EVENTS_CHANNEL, notify)))
        self.db.finish_pipeline(finale)

    def changed_elsewhere(self) -> bool:
        return True   # no cheap counter of other sessions' commits; the caller's check is one read

    def has_table(self, name: str) -> bool:
        return self.db.execute("SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() "
                               "AND table_name = ?", (name,)).fetchone() is not None

    def columns(self, table: str) -> set[str]:
        return {r[0] for r in self.db.execute("SELECT column_name FROM information_schema.columns "
                                              "WHERE table_schema = current_schema() AND table_name = ?", (table,))}


class Row:
    """A result row read by position or by (case-insensitive) column name, like sqlite3.Row."""

    __slots__ = ("_values", "_index")

    def __init__(self, values: Sequence, index: dict[str, int]) -> None:
        self._values = tuple(values)
        self._index = index

    def __getitem__(self, key):
        if isinstance(key, str):
            return self._values[self._index[key.lower()]]
        return self._values[key]

    def __iter__(self) -> Iterator:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __eq__(self, other) -> bool:
        return tuple(self) == tuple(other) if isinstance(other, (Row, tuple)) else NotImplemented

    def __hash__(self) -> int:
        return hash(self._values)

    def __repr__(self) -> str:
        return f"Row{self._values!r}"

    def keys(self) -> list[str]:
        return list(self._index)


def _row_factory(cursor):
    names = [c.name.lower() for c in cursor.description or ()]
    index = {n: i for i, n in enumerate(names)}
    return lambda values: Row(values, index)


class PgCursor:
    """The answer to one statement, shaped as sqlite3.Cursor: rows, rowcount and lastrowid. In a
    transaction's pipeline its answer may not have come yet: reading it syncs the pipeline first."""

    def __init__(self, cursor, rows: list | None = None, lastrowid: int | None = None,
                 settle: Callable[[], None] | None = None) -> None:
        self._cursor = cursor
        self._rows = rows
        self.lastrowid = lastrowid
        self._settle = settle

    def _answered(self):
        if self._settle is not None:
            if self._cursor.pgresult is None:
                self._settle()
            self._settle = None
        return self._cursor

    @property
    def rowcount(self) -> int:
        return self._answered().rowcount

    def fetchone(self):
        if self._rows is not None:
            return self._rows.pop(0) if self._rows else None
        cursor = self._answered()
        return cursor.fetchone() if cursor.description else None

    def fetchall(self) -> list:
        if self._rows is not None:
            rows, self._rows = self._rows, []
            return rows
        cursor = self._answered()
        return cursor.fetchall() if cursor.description else []

    def __iter__(self) -> Iterator:
        return iter(self.fetchall())


class PgConnection:
    """A PostgreSQL connection in autocommit mode (Studio's store says BEGIN and COMMIT itself)
    answering what Studio asks of a sqlite3.Connection: execute, executemany, executescript.

    Inside a transaction its statements are pipelined (libpq's pipeline mode): a write whose answer
    nobody reads is sent without waiting for it, and the lot goes with the COMMIT. A statement
    whose rows or rowcount are read syncs the pipeline then, so the services read what they always
    read; an error in a write surfaces at the next sync, at the latest the COMMIT, and the store
    rolls the transaction back as before. A comment batch is three round trips, not nine."""

    def __init__(self, url: str, *, role: str = "studio") -> None:
        self._url = url
        self._role = role
        self._trace: Callable[[str], None] | None = None
        self._next_attempt = 0.0
        self._pipeline: Any = None            # psycopg's Pipeline, while a transaction runs
        self._pipeline_block: Any = None      # the context manager that made it
        self._conn = self._connect()
        self.serial_tables: set[str] = {r[0] for r in self._conn.execute(
            "SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema() "
            "AND column_name = 'id' AND column_default LIKE 'nextval(%'")}

    def _connect(self):
        import psycopg   # only a PostgreSQL Studio needs it

        # application_name: which worker (pid) holds which connection, in pg_stat_activity.
        conn = psycopg.connect(self._url, autocommit=True, row_factory=_row_factory, connect_timeout=CONNECT_TIMEOUT_S,
                               application_name=f"{self._role}-{os.getpid()}")
        _adapt(conn)
        conn.execute(f"SET lock_timeout = '{LOCK_TIMEOUT}'")
        return conn

    @property
    def backend_pid(self) -> int:
        return self._conn.info.backend_pid

    def _live(self):
        """The connection, opened again if it was lost (at most every RECONNECT_EVERY_S)."""
        if not self._conn.closed:
            return self._conn
        now = time.monotonic()
        if now < self._next_attempt:
            raise DatabaseUnavailable("The database is unreachable; try again in a moment.",
                                      headers={"Retry-After": "1"})
        self._next_attempt = now + RECONNECT_EVERY_S
        try:
            self._conn = self._connect()
        except Exception as exc:
            raise DatabaseUnavailable("The database is unreachable; try again in a moment.",
                                      headers={"Retry-After": "1"}) from exc
        return self._conn

    def _run(self, text: str, params):
        """One statement; a lost connection becomes DatabaseUnavailable (503) and is dropped, so the
        next statement connects again. Other errors (a lock not had in time, a constraint) pass as they are."""
        conn = self._live()
        try:
            return conn.execute(text, params)
        except Exception as exc:
            self._if_lost(conn, exc)
            raise

    def _if_lost(self, conn, exc: Exception) -> None:
        """If `exc` lost the connection: drop it and raise DatabaseUnavailable instead (else return)."""
        if not (conn.closed or conn.broken):
            return
        self._pipeline = self._pipeline_block = None
        try:
            conn.close()
        finally:
            self._next_attempt = 0.0
        raise DatabaseUnavailable("The connection to the database was lost; try again.",
                                  headers={"Retry-After": "1"}) from exc

    # ------------------------------------------------------------------ a transaction's pipeline

    def start_pipeline(self) -> None:
        block = self._live().pipeline()
        self._pipeline = block.__enter__()
        self._pipeline_block = block

    def _sync(self) -> None:
        """Send what the pipeline holds and read every answer (raises the first statement's error)."""
        conn = self._conn
        if self._pipeline is None:   # a cursor read after its transaction ended: nothing is pending
            return
        try:
            self._pipeline.sync()
        except Exception as exc:
            self._if_lost(conn, exc)
            raise

    def finish_pipeline(self, finale: Sequence[tuple[str, Sequence | None]] = ()) -> None:
        """`finale` (COMMIT, NOTIFY) after the pipeline's statements, then leave pipeline mode: one
        round trip for the lot. Raises the first error among them (the transaction is then aborted)."""
        block, conn = self._pipeline_block, self._conn
        if block is None:   # none was started: one statement after another
            for sql, params in finale:
                if self._trace:
                    self._trace(sql)
                self._run(sql, params)
            return
        self._pipeline = self._pipeline_block = None
        try:
            for sql, params in finale:
                if self._trace:
                    self._trace(sql)
                conn.execute(sql, params)
        except BaseException as exc:
            self._leave(block)
            if isinstance(exc, Exception):
                self._if_lost(conn, exc)
            raise
        try:
            block.__exit__(None, None, None)
        except Exception as exc:
            self._if_lost(conn, exc)
            raise

    def abandon_pipeline(self) -> None:
        """Leave pipeline mode for a ROLLBACK: whatever the pipeline raises now is already being handled."""
        block, self._pipeline, self._pipeline_block = self._pipeline_block, None, None
        if block is not None:
            self._leave(block)

    def _leave(self, block) -> None:
        try:
            block.__exit__(None, None, None)
        except Exception:   # the error the caller is already raising, or a lost connection
            if self._conn.broken:
                self._conn.close()
                self._next_attempt = 0.0

    def _settle(self) -> Callable[[], None] | None:
        return self._sync if self._pipeline is not None else None

    @contextlib.contextmanager
    def _no_pipeline(self) -> Iterator[None]:
        """A simple query (several statements, no parameters) cannot go in a pipeline: sync and leave
        it for that query, then pipeline again (DDL in a migration's transaction, say)."""
        if self._pipeline is None:
            yield
            return
        self.finish_pipeline()
        yield
        self.start_pipeline()

    def set_trace_callback(self, trace: Callable[[str], None] | None) -> None:
        self._trace = trace

    def close(self) -> None:
        self._conn.close()

    def execute_script(self, sql: str) -> None:
        """Statements without parameters, sent as they are (one round trip)."""
        if self._trace:
            self._trace(sql)
        with self._no_pipeline():
            self._run(sql, None)   # no parameters: psycopg reads no placeholders

    def script_row(self, sql: str):
        """Statements without parameters in one round trip, like execute_script; the last one's first row."""
        if self._trace:
            self._trace(sql)
        with self._no_pipeline():
            cursor = self._run(sql, None)
            while cursor.nextset():
                pass
            return cursor.fetchone()

    def executescript(self, script: str) -> None:
        """SQLite DDL (CREATE TABLE / INDEX … IF NOT EXISTS), with its types made PostgreSQL's; run
        under the writers' lock, so two Studios opening one database do not race on it."""
        ddl = translate_ddl(script)
        self.serial_tables |= set(_SERIAL.findall(ddl))
        if self._live().info.transaction_status == 0:   # idle: a transaction of its own
            ddl = f"BEGIN;SELECT pg_advisory_xact_lock({WRITER_LOCK});{ddl};COMMIT"
        self.execute_script(ddl)

    def execute(self, sql: str, params: Sequence | None = None) -> PgCursor:
        if sql.lstrip().upper().startswith(("ALTER TABLE", "CREATE TABLE")):
            self.execute_script(translate_ddl(sql))
            return PgCursor(_NoRows())
        text, table = translate(sql, params is not None)
        wants_id = table in self.serial_tables and " RETURNING " not in text.upper()
        if wants_id:
            text += " RETURNING id"
        if self._trace:
            self._trace(text)
        cursor = self._run(text, _storable(params) if params is not None else None)
        if wants_id:
            rows = PgCursor(cursor, settle=self._settle()).fetchall()
            return PgCursor(cursor, [], rows[-1][0] if rows else None)
        return PgCursor(cursor, settle=self._settle())

    def executemany(self, sql: str, seq: Iterable[Sequence]) -> PgCursor:
        text, _table = translate(sql, True)
        if self._trace:
            self._trace(text)
        conn = self._live()
        cursor = conn.cursor()
        try:
            cursor.executemany(text, [_storable(p) for p in seq])
        except Exception as exc:
            self._if_lost(conn, exc)
            raise
        return PgCursor(cursor, settle=self._settle())


class _NoRows:
    rowcount = -1
    description = None


def _storable(params: Sequence) -> Sequence:
    # PostgreSQL's text cannot hold U+0000, which SQLite stores; it becomes U+FFFD.
    return [p.replace("\x00", "\ufffd") if isinstance(p, str) and "\x00" in p else p for p in params]


def _adapt(conn) -> None:
    """Python bools go as 0/1 (Studio's flags are INTEGER columns); numeric (SUM of BIGINT,
    AVG) comes back as int when whole, else float, as SQLite answers."""
    from psycopg.adapt import Dumper, Loader

    int8 = conn.adapters.types["int8"].oid

    class BoolAsInt(Dumper):
        oid = int8

        def dump(self, obj) -> bytes:
            return b"1" if obj else b"0"

    class NumericAsNumber(Loader):
        def load(self, data) -> int | float:
            text = bytes(data)
            return int(text) if text.lstrip(b"-").isdigit() else float(text)

    conn.adapters.register_dumper(bool, BoolAsInt)
    conn.adapters.register_loader("numeric", NumericAsNumber)


_TYPES = [(re.compile(r"\bid INTEGER PRIMARY KEY\b"), "id BIGSERIAL PRIMARY KEY"),
          (re.compile(r"\bINTEGER\b"), "BIGINT"), (re.compile(r"\bREAL\b"), "DOUBLE PRECISION"),
          (re.compile(r"\bBLOB\b"), "BYTEA")]


_SERIAL = re.compile(r"CREATE TABLE IF NOT EXISTS (\w+)\(\s*id BIGSERIAL")
# SQLite's rowid: an INSERT that gives `id` as NULL gets the next one, and one that gives a larger
# id moves the counter past it. A BIGSERIAL column does neither; this trigger does both.
_ROWID_FUNCTION = """CREATE OR REPLACE FUNCTION studio_rowid() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE seq text := pg_get_serial_sequence(TG_TABLE_NAME, 'id');
BEGIN
  IF NEW.id IS NULL THEN NEW.id := nextval(seq);
  ELSIF NEW.id > COALESCE(pg_sequence_last_value(seq::regclass), 0) THEN PERFORM setval(seq, NEW.id);
  END IF;
  RETURN NEW;
END $$"""


@functools.lru_cache(maxsize=64)
def translate_ddl(script: str) -> str:
    for name in EXPLICIT_ID_TABLES:   # ids given by Studio: no sequence
        script = re.sub(rf"(CREATE TABLE IF NOT EXISTS {name}\(\s*)id INTEGER PRIMARY KEY",
                        r"\1id BIGINT PRIMARY KEY", script)
    for name in ROWID_TABLES:
        script = re.sub(rf"(CREATE TABLE IF NOT EXISTS {name}\(\s*)", r"\1rowid BIGSERIAL, ", script)
    for pattern, replacement in _TYPES:
        script = pattern.sub(replacement, script)
    tables = _SERIAL.findall(script)
    if tables:
        script = script.rstrip().rstrip(";") + ";\n" + _ROWID_FUNCTION + ";\n" + "".join(
            f"CREATE OR REPLACE TRIGGER {t}_rowid BEFORE INSERT ON {t} FOR EACH ROW EXECUTE FUNCTION studio_rowid();\n"
            for t in tables)
    return script


_INSERT = re.compile(r"^\s*INSERT\s+(OR\s+IGNORE\s+)?INTO\s+(\w+)", re.IGNORECASE)
_SCALAR = re.compile(r"\b(MIN|MAX)\(", re.IGNORECASE)


@functools.lru_cache(maxsize=2048)
def translate(sql: str, with_params: bool) -> tuple[str, str | None]:
    """A statement in SQLite's SQL as PostgreSQL's, and the table it inserts into (None if it is
    not an INSERT)."""
    insert = _INSERT.match(sql)
    table = insert.group(2).lower() if insert else None
    text = _scalar_min_max(sql)
    if insert and insert.group(1):
        text = re.sub(r"INSERT\s+OR\s+IGNORE\s+INTO", "INSERT INTO", text, count=1, flags=re.IGNORECASE)
        returning = re.search(r"\sRETURNING\s", text, re.IGNORECASE)
        at = returning.start() if returning else len(text)
        text = f"{text[:at]} ON CONFLICT DO NOTHING{text[at:]}"
    if with_params:
        text = _placeholders(text)
    return text, table


def _placeholders(sql: str) -> str:
    """`?` → `%s` and `%` → `%%`, outside quoted strings."""
    out, quote = [], ""
    for ch in sql:
        if quote:
            out.append("%%" if ch == "%" else ch)
            if ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
            out.append(ch)
        elif ch == "?":
            out.append("%s")
        else:
            out.append("%%" if ch == "%" else ch)
    return "".join(out)


def _scalar_min_max(sql: str) -> str:
    """SQLite's two-argument MIN(a, b) / MAX(a, b) are PostgreSQL's LEAST / GREATEST (the
    one-argument aggregates stay)."""
    out, pos = [], 0
    for m in _SCALAR.finditer(sql):
        depth, i, top_comma = 1, m.end(), False
        while i < len(sql) and depth:
            depth += {"(": 1, ")": -1}.get(sql[i], 0)
            top_comma |= depth == 1 and sql[i] == ","
            i += 1
        if top_comma:
            out.append(sql[pos:m.start()])
            out.append("LEAST(" if m.group(1).upper() == "MIN" else "GREATEST(")
            pos = m.end()
    out.append(sql[pos:])
    return "".join(out)
