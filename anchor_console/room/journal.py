"""The action journal: every action an assistant, a cue or a moderation rule takes, written down
*before* the request leaves, then updated with what each platform answered.

One action (the intent: "issue 500 满199减30 coupons") has one dispatch per bound platform
connection, each with its own idempotency key and its own result: pending → confirmed, failed
(with the reason) or unknown (no answer). Unknown money actions are reconciled on the next start by
retrying with the same key — never a fresh one. The journal is SQLite in the user data dir and
is queried by the journal panel and the post-show review (who did what, from which console, on
which platform).

One action is sent at most once at a time in this session (`send_once`), whichever room, retry or
reconciliation sends it: a second send of an action still out joins the first."""

from __future__ import annotations

import contextlib
import json
import logging
import sqlite3
import threading
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from anchor_console.domain.clock import Clock
from anchor_console.domain.events import Event
from anchor_console.domain.joined_calls import JoinedCalls
from anchor_console.domain.text import QT_TRANSLATE_NOOP, Text, TextError, text_from_dict, text_to_dict
from anchor_console.room.commands import Command, Ids, Names, UnknownCommand

log = logging.getLogger("anchor_console.journal")
PENDING, CONFIRMED, FAILED, UNKNOWN, SKIPPED = "pending", "confirmed", "failed", "unknown", "skipped"
# Where a moderation action came from: a person's click, key, viewer card or review queue
# (journalled under their name), or a comment rule acting by itself (under the rule's: "list:diversion").
MODERATION, RULES = "moderation", "rules"
_BY_RULES = "(origin = 'rules')"   # as the index actions_by_rules has it, word for word (else it is not used)
_CHUNK = 500  # ids per "IN (…)" query, well under SQLite's limit on parameters
Sent = TypeVar("Sent")


def _listed(money_only: bool, without_rules: bool) -> str:
    """The condition the panel's filters add to a query of actions (`entries` and `get_many` alike)."""
    if money_only:
        return " AND money = 1"   # (never a rule's)
    # As the index says it: read along it, newest first.
    return f" AND {_BY_RULES} = 0" if without_rules else ""


_SCHEMA = """
CREATE TABLE IF NOT EXISTS actions(
  id TEXT PRIMARY KEY, created_at REAL NOT NULL, kind TEXT NOT NULL, money INTEGER NOT NULL,
  room_key TEXT NOT NULL, params TEXT NOT NULL, actor TEXT NOT NULL, console_id TEXT NOT NULL,
  origin TEXT NOT NULL, action_key TEXT UNIQUE);
CREATE INDEX IF NOT EXISTS actions_time ON actions(created_at);
CREATE INDEX IF NOT EXISTS actions_like ON actions(room_key, kind, created_at);
-- The same action whatever the room was called (its connections changed): a money kind's few entries
CREATE INDEX IF NOT EXISTS actions_kind ON actions(kind, created_at);
-- "Money actions only": a few money actions among a million deletions, found without a scan
CREATE INDEX IF NOT EXISTS actions_money ON actions(money, created_at);
-- "Hide the rules' actions": the rest, newest first, without stepping over a million rules' deletions
-- (this index's entries of one value are in rowid order: the panel's newest thousand are its last)
CREATE INDEX IF NOT EXISTS actions_by_rules ON actions((origin = 'rules'));
CREATE TABLE IF NOT EXISTS dispatches(
  action_id TEXT NOT NULL, connection_id TEXT NOT NULL, platform TEXT NOT NULL, platform_room_id TEXT NOT NULL,
  idempotency_key TEXT NOT NULL, status TEXT NOT NULL, reason TEXT, result TEXT, attempts INTEGER NOT NULL DEFAULT 0,
  updated_at REAL NOT NULL, PRIMARY KEY(action_id, connection_id));
CREATE INDEX IF NOT EXISTS dispatches_open ON dispatches(status);
"""


NOT_SENT_UNJOURNALLED = QT_TRANSLATE_NOOP("Journal", "Not sent: the action journal cannot be written ({why}).")
ANSWER_UNJOURNALLED = QT_TRANSLATE_NOOP(
    "Journal", "What became of an action could not be written to the action journal ({why}); the console "
               "checks that action again at the next start.")
_WHY = {"SQLITE_FULL": QT_TRANSLATE_NOOP("Journal", "disk full"),
        "SQLITE_READONLY": QT_TRANSLATE_NOOP("Journal", "read-only"),
        "SQLITE_BUSY": QT_TRANSLATE_NOOP("Journal", "in use by another program"),
        "SQLITE_LOCKED": QT_TRANSLATE_NOOP("Journal", "in use by another program"),
        "SQLITE_IOERR": QT_TRANSLATE_NOOP("Journal", "disk error"),
        "SQLITE_CANTOPEN": QT_TRANSLATE_NOOP("Journal", "disk error")}


class JournalUnwritable(TextError):
    """The journal could not be written (a full disk, a read-only or failing one). Raised by
    `begin` before anything is sent — the house rule is journalled first, so nothing goes — and by
    `mark` after an answer came (the action stays pending: the next start checks it)."""

    def __init__(self, message: Text, why: Text, *, nothing_sent: bool) -> None:
        super().__init__(message)
        self.why = why
        self.nothing_sent = nothing_sent


def _why_unwritable(exc: sqlite3.Error) -> Text:
    name = getattr(exc, "sqlite_errorname", "") or ""
    for prefix, words in _WHY.items():
        if name.startswith(prefix):   # SQLITE_IOERR_WRITE, SQLITE_READONLY_DBMOVED…
            return words
    return Text("", name or type(exc).__name__)


@dataclass(frozen=True, slots=True)
class Target:
    connection_id: str
    platform: str          # display name, e.g. "Studio" or "WeChat mini-program live"
    platform_room_id: str


@dataclass(frozen=True, slots=True)
class Dispatch:
    action_id: str
    connection_id: str
    platform: str
    platform_room_id: str
    idempotency_key: str
    status: str
    reason: Text | None
    result: Any
    attempts: int
    updated_at: float


@dataclass(frozen=True, slots=True)
class JournalEntry:
    id: str
    created_at: float
    kind: str
    money: bool
    room_key: str
    params: dict
    actor: str
    console_id: str
    origin: str
    action_key: str | None
    dispatches: tuple[Dispatch, ...] = field(default_factory=tuple)

    @property
    def by_rules(self) -> bool:
        """Done by a comment rule by itself: `actor` names the rule ("list:diversion"), not a person."""
        return self.origin == RULES

    def describe(self, names: Names = Ids()) -> Text:
        """The action in words (its kind, if this version of the console does not know it)."""
        try:
            return Command.decode(self.kind, self.params).describe(names)
        except UnknownCommand:
            return Text("", self.kind)

    @property
    def status(self) -> str:
        """The action's overall state: the worst of its dispatches."""
        states = {d.status for d in self.dispatches}
        for s in (UNKNOWN, PENDING, FAILED):
            if s in states:
                return s
        return CONFIRMED if CONFIRMED in states else SKIPPED


def _text_to_json(text: Text | None) -> str | None:
    """A reason as stored: `text_to_dict`'s JSON, so that its nested texts are translated when shown
    (journals from before kept them as their English, which `text_from_dict` shows as it is)."""
    return None if text is None else json.dumps(text_to_dict(text), ensure_ascii=False)


def _text_from_json(raw: str | None) -> Text | None:
    return text_from_dict(json.loads(raw)) if raw else None


def _params_json(params: dict) -> str:
    """An action's parameters as stored: one encoding, so that `latest_like` finds the same
    parameters by the stored text."""
    return json.dumps(params, ensure_ascii=False, sort_keys=True)


class ActionJournal:
    def __init__(self, path: Path | str, clock: Clock, *, console_id: str) -> None:
        self.clock = clock
        self.console_id = console_id
        self._lock = threading.Lock()
        self.db = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
        self.db.row_factory = sqlite3.Row
        try:
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.executescript(_SCHEMA)
            self._synchronous = ""
            self._durable(True)
        except sqlite3.DatabaseError:
            self.db.close()   # so that a damaged file can be moved aside (Windows moves no open file)
            raise
        self.changed = Event("journal.changed")  # (action id) after every change, and when it goes out or comes back
        # (Text) why it cannot be written, once when that starts; (None) once it is written again.
        self.trouble = Event("journal.trouble")
        self._failing = False
        self._sending: JoinedCalls[Any] = JoinedCalls()   # action ids being sent now

    def close(self) -> None:
        self.db.close()

    def _durable(self, money: bool) -> None:
        """FULL for money: a money action written as pending must survive a power cut, not just a
        crash, so its commit waits for the disk. NORMAL for the rest (moderation, stage, shelf):
        still crash-safe in WAL mode, and a comment storm's hundreds of deletions a second do
        not each wait for an fsync on the ui thread."""
        mode = "FULL" if money else "NORMAL"
        if mode != self._synchronous:
            self.db.execute(f"PRAGMA synchronous={mode}")
            self._synchronous = mode

    def _notify(self, action_id: str) -> None:
        self.changed.emit(action_id)

    @contextlib.contextmanager
    def _writing(self, failed: Text, *, nothing_sent: bool):
        """A write, whose failure (the disk full…) is JournalUnwritable with `failed` saying what it
        means; the transaction is rolled back only if SQLite has not already done so itself — a
        ROLLBACK of none raised "no transaction is active" and hid the real cause."""
        try:
            yield
        except sqlite3.Error as exc:
            if self.db.in_transaction:
                try:
                    self.db.execute("ROLLBACK")
                except sqlite3.Error as again:
                    log.error("journal rollback failed: %s", again)
            if not isinstance(exc, sqlite3.OperationalError) and type(exc) is not sqlite3.DatabaseError:
                raise   # a constraint or a closed journal: a bug, not the disk
            why = _why_unwritable(exc)
            log.error("journal not written: %s (%s)", exc, getattr(exc, "sqlite_errorname", ""))
            if not self._failing:
                self._failing = True
                self.trouble.emit(why)
            raise JournalUnwritable(failed.fill(why=why), why, nothing_sent=nothing_sent) from exc
        except BaseException:
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            raise
        if self._failing:
            self._failing = False
            self.trouble.emit(None)

    def begin(self, kind: str, params: dict, *, money: bool, actor: str, origin: str, room_key: str,
              targets: list[Target], skipped: list[tuple[Target, Text]] = (), action_key: str | None = None
              ) -> tuple[JournalEntry, bool]:
        """Write the action and a pending dispatch per target before anything is sent.

        With an `action_key` (a cue of a running show), the same key always names the same
        action: the existing entry is returned and `created` is False, so it is never sent twice."""
        with self._lock:
            if action_key is not None:
                row = self.db.execute("SELECT id FROM actions WHERE action_key = ?", (action_key,)).fetchone()
                if row is not None:
                    return self.get(row["id"]), False
            action_id = uuid.uuid4().hex
            now = self.clock.now()
            with self._writing(NOT_SENT_UNJOURNALLED, nothing_sent=True):
                self._durable(money)
                self.db.execute("BEGIN IMMEDIATE")
                self.db.execute(
                    "INSERT INTO actions(id, created_at, kind, money, room_key, params, actor, console_id, origin, "
                    "action_key) VALUES (?,?,?,?,?,?,?,?,?,?)",
                    (action_id, now, kind, int(money), room_key, _params_json(params),
                     actor, self.console_id, origin, action_key))
                for t in targets:
                    self.db.execute(
                        "INSERT INTO dispatches(action_id, connection_id, platform, platform_room_id, idempotency_key, "
                        "status, updated_at) VALUES (?,?,?,?,?,?,?)",
                        (action_id, t.connection_id, t.platform, t.platform_room_id,
                         f"ac-{action_id}-{len(t.connection_id)}-{t.connection_id}"[:200], PENDING, now))
                for t, why in skipped:
                    self.db.execute(
                        "INSERT INTO dispatches(action_id, connection_id, platform, platform_room_id, idempotency_key, "
                        "status, reason, updated_at) VALUES (?,?,?,?,?,?,?,?)",
                        (action_id, t.connection_id, t.platform, t.platform_room_id, "", SKIPPED, _text_to_json(why),
                         now))
                self.db.execute("COMMIT")
        self._notify(action_id)
        return self.get(action_id), True

    def mark(self, action_id: str, connection_id: str, status: str, *, reason: Text | None = None,
             result: Any = None, attempt: bool = False) -> None:
        with self._lock, self._writing(ANSWER_UNJOURNALLED, nothing_sent=False):
            row = self.db.execute("SELECT money FROM actions WHERE id = ?", (action_id,)).fetchone()
            self._durable(bool(row["money"]) if row is not None else True)
            self.db.execute(
                "UPDATE dispatches SET status = ?, reason = ?, result = ?, attempts = attempts + ?, updated_at = ? "
                "WHERE action_id = ? AND connection_id = ?",
                (status, _text_to_json(reason), json.dumps(result, ensure_ascii=False, default=str)
                 if result is not None else None, int(attempt), self.clock.now(), action_id, connection_id))
        self._notify(action_id)

    def keyed(self, action_key: str) -> JournalEntry | None:
        """The action journalled under this action key (a cue's), if any."""
        row = self.db.execute("SELECT * FROM actions WHERE action_key = ?", (action_key,)).fetchone()
        return self._entry(row) if row is not None else None

    def adopt_key(self, action_id: str, action_key: str) -> None:
        """Name an action without a key by `action_key` from now on (a cue that joined a click's
        identical action: a resumed show then finds that action, not none)."""
        with self._lock:
            self.db.execute("UPDATE actions SET action_key = ? WHERE id = ? AND action_key IS NULL",
                            (action_key, action_id))

    def latest_like(self, kind: str, params: dict, room_key: str | None = None, *, limit: int = 20
                    ) -> list[JournalEntry]:
        """The newest actions of this kind with exactly these parameters (in this room, or in any:
        the caller compares their dispatches), newest first — in the order written, as
        `later_of_kind`: a wall clock set back must not make an older action the latest."""
        rows = self.db.execute("SELECT * FROM actions WHERE kind = ? AND params = ? AND (? IS NULL OR room_key = ?) "
                               "ORDER BY rowid DESC LIMIT ?",
                               (kind, _params_json(params), room_key, room_key, limit)).fetchall()
        return self._entries_of(rows)

    def later_of_kind(self, action_id: str, *, limit: int = 200) -> list[JournalEntry]:
        """Actions of the same kind begun after this one (in the order written: a wall clock set
        back must not reorder them), oldest first."""
        rows = self.db.execute(
            "SELECT b.* FROM actions a JOIN actions b ON b.kind = a.kind AND b.rowid > a.rowid WHERE a.id = ? "
            "ORDER BY b.rowid LIMIT ?", (action_id, limit)).fetchall()
        return self._entries_of(rows)

    def in_flight(self, action_id: str) -> bool:
        """Whether this session is sending the action now (from any room): not to be offered again."""
        return self._sending.running(action_id)

    async def send_once(self, action_id: str, send: Callable[[], Awaitable[Sent]]) -> Sent:
        """`send()`, unless the action is being sent already — a retry while it is out, the new
        room's reconciliation while the old room's send is still out: then that send's result. A
        platform whose check-before-create is not atomic never sees one key twice at once."""
        joining = self.in_flight(action_id)

        async def announced() -> Sent:
            self._notify(action_id)   # out now: the journal panel stops offering to send it again
            return await send()

        try:
            return await self._sending.run(action_id, announced)
        finally:
            if not joining:
                self._notify(action_id)   # back: it may be offered again

    @staticmethod
    def _dispatch(r: sqlite3.Row) -> Dispatch:
        return Dispatch(r["action_id"], r["connection_id"], r["platform"], r["platform_room_id"],
                        r["idempotency_key"], r["status"], _text_from_json(r["reason"]),
                        json.loads(r["result"]) if r["result"] else None, r["attempts"], r["updated_at"])

    def _dispatches(self, action_id: str) -> tuple[Dispatch, ...]:
        rows = self.db.execute("SELECT * FROM dispatches WHERE action_id = ? ORDER BY rowid", (action_id,)).fetchall()
        return tuple(self._dispatch(r) for r in rows)

    def _entry(self, r: sqlite3.Row, dispatches: tuple[Dispatch, ...] | None = None) -> JournalEntry:
        return JournalEntry(r["id"], r["created_at"], r["kind"], bool(r["money"]), r["room_key"],
                            json.loads(r["params"]), r["actor"], r["console_id"], r["origin"], r["action_key"],
                            self._dispatches(r["id"]) if dispatches is None else dispatches)

    def get(self, action_id: str) -> JournalEntry:
        row = self.db.execute("SELECT * FROM actions WHERE id = ?", (action_id,)).fetchone()
        if row is None:
            raise KeyError(action_id)
        return self._entry(row)

    def entries(self, *, limit: int = 500, before_id: str | None = None, room_key: str | None = None,
                money_only: bool = False, without_rules: bool = False) -> list[JournalEntry]:
        """Newest first, in the order written (a wall clock set back must not push the newest
        actions past the panel's limit); `before_id`: the page written before that action;
        `without_rules`: not what the comment rules did by themselves (a busy show's hundreds of
        deletions, left out by the query so that the limit holds the people's and cues' actions)."""
        sql, args = "SELECT * FROM actions WHERE 1 = 1", []
        if before_id is not None:
            sql += " AND rowid < (SELECT rowid FROM actions WHERE id = ?)"
            args.append(before_id)
        if room_key is not None:
            sql += " AND room_key = ?"
            args.append(room_key)
        sql += _listed(money_only, without_rules)
        sql += " ORDER BY rowid DESC LIMIT ?"
        args.append(limit)
        return self._entries_of(self.db.execute(sql, args).fetchall())

    def get_many(self, action_ids, *, money_only: bool = False, without_rules: bool = False) -> list[JournalEntry]:
        """The entries of these actions (unknown ids are left out), in no particular order; only
        those `entries` would list with the same `money_only` and `without_rules`."""
        ids = list(action_ids)
        rows = []
        which = _listed(money_only, without_rules)
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start:start + _CHUNK]
            rows += self.db.execute(f"SELECT * FROM actions WHERE id IN ({','.join('?' * len(chunk))}){which}",
                                    chunk).fetchall()
        return self._entries_of(rows)

    def _entries_of(self, rows: list[sqlite3.Row]) -> list[JournalEntry]:
        # The dispatches of all of them in a few queries, not one per action (the journal panel
        # takes in hundreds of entries a second while a spam wave is being deleted).
        dispatches: dict[str, list[Dispatch]] = {}
        ids = [r["id"] for r in rows]
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start:start + _CHUNK]
            marks = ",".join("?" * len(chunk))
            for d in self.db.execute(f"SELECT * FROM dispatches WHERE action_id IN ({marks}) ORDER BY rowid", chunk):
                dispatches.setdefault(d["action_id"], []).append(self._dispatch(d))
        return [self._entry(r, tuple(dispatches.get(r["id"], ()))) for r in rows]

    def unresolved(self, *, money_only: bool = True) -> list[JournalEntry]:
        """Actions with a dispatch still pending or unknown (oldest first): what a crash left open."""
        sql = ("SELECT DISTINCT a.* FROM actions a JOIN dispatches d ON d.action_id = a.id "
               "WHERE d.status IN ('pending', 'unknown')")
        if money_only:
            sql += " AND a.money = 1"
        return [self._entry(r) for r in self.db.execute(sql + " ORDER BY a.created_at").fetchall()]
