"""The session's comments on disk: every comment with its verdict, searchable by text (SQLite FTS5
with the trigram tokenizer, so Chinese needs no word segmentation) and by viewer, while the feed
shows only a bounded window.

Threads: `append()` and `mark()` may be called from any thread (the ui thread, at thousands a
second) — they only queue. A background writer thread (`start()`) commits the queue in one
transaction about every 200 ms. Queries use their own read connection (WAL lets them run while
the writer writes) and are meant to run off the ui thread; they see what has been flushed.

The text index trails the table: indexing is most of the cost of storing a comment (a quarter of
a core at 2,000 comments a second, on a machine where the console and the bundled Studio share
two cores), so the writer indexes for at most `index_budget` of each turn while comments pour
in and catches up when they slow down. A search looks through the index for what it covers and
scans the newer rest — results are the same, only the speed differs."""

from __future__ import annotations

import logging
import re
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from anchor_console.domain.models import Comment
from anchor_console.domain.plain_text import plain_text

log = logging.getLogger("anchor_console.moderation.store")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS comments(
  seq INTEGER PRIMARY KEY, id TEXT NOT NULL, connection_id TEXT NOT NULL, room_id TEXT NOT NULL,
  user_id TEXT NOT NULL, nickname TEXT NOT NULL, text TEXT NOT NULL, created_at REAL NOT NULL,
  action TEXT NOT NULL DEFAULT 'show', rule TEXT NOT NULL DEFAULT '', question INTEGER NOT NULL DEFAULT 0,
  intent INTEGER NOT NULL DEFAULT 0, state TEXT NOT NULL DEFAULT '', is_staff INTEGER NOT NULL DEFAULT 0);
CREATE UNIQUE INDEX IF NOT EXISTS comments_id ON comments(connection_id, id);
CREATE INDEX IF NOT EXISTS comments_user ON comments(user_id, seq);
CREATE VIRTUAL TABLE IF NOT EXISTS comments_text USING fts5(text, content='comments', content_rowid='seq',
  tokenize='trigram');
CREATE TABLE IF NOT EXISTS store_meta(key TEXT PRIMARY KEY, value INTEGER NOT NULL);
"""
INDEX_STEP = 256  # comments indexed per transaction
# While the disk refuses writes (full, removed, read-only): the newest comments wait in memory, up to
# this many (about 100 MB; 500 a second for seven minutes), and a write is tried every few seconds.
# Older ones are given up and counted: a disk full for hours must not take the console's memory too.
MAX_UNWRITTEN = 200_000
FAILING_RETRY_S = 5.0
FAILURE_LOG_S = 60.0    # one log line a minute while writes keep failing, not one a turn


_SURROGATE = re.compile("[\ud800-\udfff]")


def storable(text: str) -> str:
    """`text` as SQLite can take it: a lone surrogate (a platform's JSON may carry one, "\\ud800")
    becomes U+FFFD — unencodable, it failed the whole batch's insert, the good comments around it
    too. Anything else is kept as written. (A comment's text and name hold no lone surrogate by
    now — `domain.plain_text` — but its ids are the platform's, kept as sent.)"""
    return text if text.isascii() else _SURROGATE.sub("\ufffd", text)


@dataclass(frozen=True, slots=True)
class StoredComment:
    seq: int
    id: str
    connection_id: str
    user_id: str
    nickname: str
    text: str
    created_at: float
    action: str
    rule: str
    question: bool
    intent: bool
    state: str
    is_staff: bool
    room_id: str = ""    # the platform's room it was said in (a moderator's action checks it is this one)

    def as_comment(self) -> Comment:
        return Comment(self.id, self.room_id, self.user_id, self.nickname, self.text, self.created_at,
                       is_staff=self.is_staff, connection_id=self.connection_id)


class CommentStore:
    def __init__(self, path: Path | str, *, flush_interval: float = 0.2, index_budget: float = 0.02,
                 idle_index_budget: float = 0.1) -> None:
        self.path = str(path)
        self.flush_interval = flush_interval
        self.index_budget = index_budget            # seconds of indexing per turn while comments arrive
        self.idle_index_budget = idle_index_budget  # … and while they do not
        self._lock = threading.Lock()
        self._rows: list[tuple] = []
        self._marks: list[tuple[str, str, str]] = []
        self._write = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._write.execute("PRAGMA journal_mode=WAL")
        self._write.execute("PRAGMA synchronous=NORMAL")
        triggered = self._write.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = 'comments_ai'").fetchone()
        self._write.executescript(_SCHEMA)
        row = self._write.execute("SELECT value FROM store_meta WHERE key = 'indexed_upto'").fetchone()
        if row is None:
            # A file from an earlier version indexed every row as it was written (a trigger).
            upto = self._write.execute("SELECT COALESCE(MAX(seq), 0) FROM comments").fetchone()[0] if triggered else 0
            self._write.execute("DROP TRIGGER IF EXISTS comments_ai")
            self._write.execute("INSERT INTO store_meta(key, value) VALUES ('indexed_upto', ?)", (upto,))
            row = (upto,)
        self.indexed_upto: int = row[0]   # comments up to this seq are in the text index
        self._read = sqlite3.connect(self.path, check_same_thread=False)
        self._read.row_factory = sqlite3.Row
        # Reads come from the ui thread and from workers (the user card, held comments read back):
        # closing the connection under a worker's read crashed the process (a segfault in sqlite3).
        self._read_lock = threading.Lock()
        self._write_lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.written = 0
        self.failing: str | None = None   # why writing fails, while it does (the desk tells the operator)
        self.lost = 0                     # comments given up while the disk refused them
        self._failure_logged_at = -FAILURE_LOG_S

    # ------------------------------------------------------------------ writing (any thread)

    def append(self, comment: Comment, *, action: str = "show", rule: str = "", question: bool = False,
               intent: bool = False, state: str = "") -> None:
        row = (storable(comment.id), comment.connection_id, comment.room_id, storable(comment.user_id),
               storable(comment.nickname), storable(comment.text), comment.created_at, action, rule, int(question),
               int(intent), state, int(comment.is_staff))
        with self._lock:
            self._rows.append(row)

    def mark(self, comment: Comment, state: str) -> None:
        """A comment was deleted, hidden, held, approved…: its state in the store follows."""
        with self._lock:
            self._marks.append((state, comment.connection_id, comment.id))

    def flush(self) -> int:
        """Write what is waiting. Returns only once everything appended before the call is in the
        file: the rows are taken under the write lock, so a flush on the ui thread (a viewer card,
        a search) waits out the writer thread's batch in flight instead of reading without it."""
        with self._write_lock:
            return self._write_waiting()

    def _write_waiting(self) -> int:
        with self._lock:
            rows, self._rows = self._rows, []
            marks, self._marks = self._marks, []
        if not rows and not marks:
            return 0
        try:
            self._write.execute("BEGIN")
            self._write.executemany(
                "INSERT OR IGNORE INTO comments(id, connection_id, room_id, user_id, nickname, text, created_at, "
                "action, rule, question, intent, state, is_staff) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
            self._write.executemany("UPDATE comments SET state = ? WHERE connection_id = ? AND id = ?", marks)
            self._write.execute("COMMIT")
        except Exception as exc:   # noqa: BLE001 — a disk's error or a value SQLite refuses: never the writer's end
            self._failed(exc, len(rows))
            try:
                self._write.execute("ROLLBACK")
            except sqlite3.Error:
                pass
            with self._lock:  # kept for the next try: nothing is lost to a busy disk…
                self._rows[:0] = rows
                self._marks[:0] = marks
                over = len(self._rows) - MAX_UNWRITTEN
                if over > 0:  # …until a disk that stays full would cost the memory too
                    del self._rows[:over]
                    self.lost += over
                del self._marks[:max(0, len(self._marks) - MAX_UNWRITTEN)]
            return 0
        if self.failing is not None:
            log.warning("writing comments works again (%d given up meanwhile)", self.lost)
            self.failing = None
        self.written += len(rows)
        return len(rows)

    def _failed(self, exc: Exception, count: int) -> None:
        now, first = time.monotonic(), self.failing is None
        self.failing = str(exc)
        if first:
            log.exception("writing %d comments failed", count)
        elif now - self._failure_logged_at >= FAILURE_LOG_S:
            log.error("writing comments still fails (%s): %d waiting, %d given up", exc, count, self.lost)
        else:
            return
        self._failure_logged_at = now

    def index_some(self, budget: float) -> int:
        """Index comments not yet in the text index, for about `budget` seconds at most (at
        least one step). Returns how many."""
        deadline = time.perf_counter() + budget
        done = 0
        with self._write_lock:
            while True:
                rows = self._write.execute("SELECT seq, text FROM comments WHERE seq > ? ORDER BY seq LIMIT ?",
                                           (self.indexed_upto, INDEX_STEP)).fetchall()
                if not rows:
                    break
                try:
                    self._write.execute("BEGIN")
                    self._write.executemany("INSERT INTO comments_text(rowid, text) VALUES (?, ?)", rows)
                    self._write.execute("UPDATE store_meta SET value = ? WHERE key = 'indexed_upto'", (rows[-1][0],))
                    self._write.execute("COMMIT")
                except sqlite3.Error:
                    log.exception("indexing comments failed")
                    try:
                        self._write.execute("ROLLBACK")
                    except sqlite3.Error:
                        pass
                    break
                self.indexed_upto = rows[-1][0]
                done += len(rows)
                if len(rows) < INDEX_STEP or time.perf_counter() >= deadline:
                    break
        return done

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="comment-store", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self.flush_interval if self.failing is None else FAILING_RETRY_S):
            written = self.flush()
            if self.failing is None:
                self.index_some(self.index_budget if written else self.idle_index_budget)

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5)
            self._thread = None
        self.flush()
        with self._write_lock:
            self._write.close()
        with self._read_lock:   # after a read still going in a worker; later reads raise sqlite3.ProgrammingError
            self._read.close()

    # ------------------------------------------------------------------ reading (ui thread)

    def _rows_of(self, sql: str, args: tuple) -> list[StoredComment]:
        with self._read_lock:
            rows = self._read.execute(sql, args).fetchall()
        # plain_text: a NUL stored by an earlier version reads back as one stored today would
        return [StoredComment(r["seq"], r["id"], r["connection_id"], r["user_id"], plain_text(r["nickname"]),
                              plain_text(r["text"]),
                              r["created_at"], r["action"], r["rule"], bool(r["question"]), bool(r["intent"]),
                              r["state"], bool(r["is_staff"]), r["room_id"]) for r in rows]

    def search(self, text: str, *, limit: int = 500) -> list[StoredComment]:
        """Comments containing `text` (newest first). Three or more characters use the trigram
        index for the comments it covers and scan the newer ones; shorter queries scan."""
        text = plain_text(text).strip()   # read as a comment's text is (a pasted NUL finds a stored one)
        if not text:
            return []
        escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        like = f"%{escaped}%"
        if len(text) >= 3:
            upto = self.indexed_upto
            found = self._rows_of("SELECT * FROM comments WHERE seq > ? AND text LIKE ? ESCAPE '\\' "
                                  "ORDER BY seq DESC LIMIT ?", (upto, like, limit))
            if len(found) >= limit:
                return found
            query = '"' + text.replace('"', '""') + '"'
            try:
                return found + self._rows_of(
                    "SELECT c.* FROM comments_text t JOIN comments c ON c.seq = t.rowid "
                    "WHERE comments_text MATCH ? AND c.seq <= ? ORDER BY c.seq DESC LIMIT ?",
                    (query, upto, limit - len(found)))
            except sqlite3.OperationalError:
                pass
        return self._rows_of("SELECT * FROM comments WHERE text LIKE ? ESCAPE '\\' ORDER BY seq DESC LIMIT ?",
                             (like, limit))

    def by_user(self, user_id: str, *, limit: int = 1000) -> list[StoredComment]:
        """A viewer's comments this session, oldest first (for the user card)."""
        return self._rows_of("SELECT * FROM (SELECT * FROM comments WHERE user_id = ? ORDER BY seq DESC LIMIT ?) "
                             "ORDER BY seq", (user_id, limit))

    def recent(self, *, limit: int = 5000, where: str = "", args: tuple = ()) -> list[StoredComment]:
        """The newest comments (oldest first) matching a filter — to refill the feed window."""
        clause = f"WHERE {where}" if where else ""
        return self._rows_of(f"SELECT * FROM (SELECT * FROM comments {clause} ORDER BY seq DESC LIMIT ?) ORDER BY seq",
                             (*args, limit))

    def count(self) -> int:
        with self._read_lock:
            return self._read.execute("SELECT COUNT(*) FROM comments").fetchone()[0]
