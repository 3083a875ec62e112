"""Where the console keeps each lucky bag's secret seed and what became of the bag: a small SQLite
file beside the action journal.

The seed is written (FULL sync: it survives a power cut) *before* the bag's commitment leaves for
the platform, so a console killed at any moment between starting a bag and drawing it comes back
with the very seed it committed to and draws the same winners. A bag moves
committed (seed kept, start maybe sent) → open (the platform's bag id known) → drawn (result kept)
or failed (the platform refused the start, or its seed could not be kept for the crew first).

A bag started on a room with a crew is `shared` once its seed is kept on the crew's staff-only
channel (giveaways.py says why that is fair); a bag this seat took over from another seat whose
starter is gone names that seat's staff member (`started_by`)."""

from __future__ import annotations

import json
import sqlite3
import threading
from dataclasses import dataclass, replace
from pathlib import Path

from anchor_console.domain.giveaways import Entrant, LuckyBagSetup
from anchor_console.room.commands import jsonable, lucky_bag_setup

COMMITTED, OPEN, DRAWN, FAILED = "committed", "open", "drawn", "failed"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS lucky_bags(
  local_id TEXT PRIMARY KEY, action_key TEXT NOT NULL UNIQUE, room_key TEXT NOT NULL, connection_id TEXT NOT NULL,
  setup TEXT NOT NULL, seed TEXT NOT NULL, commitment TEXT NOT NULL, state TEXT NOT NULL, created_at REAL NOT NULL,
  bag_id TEXT, due_at REAL, entrant_count INTEGER NOT NULL DEFAULT 0, entrants TEXT, winners TEXT,
  verified INTEGER, drawn_at REAL, announcement_comment_id TEXT, shared INTEGER NOT NULL DEFAULT 0,
  started_by TEXT NOT NULL DEFAULT '');
"""
# Columns a file written by an older console lacks (added on open).
_ADDED = {"shared": "INTEGER NOT NULL DEFAULT 0", "started_by": "TEXT NOT NULL DEFAULT ''"}


@dataclass(frozen=True, slots=True)
class KeptBag:
    """A lucky bag as this console knows it (the seed stays in this process until the draw)."""

    local_id: str
    action_key: str                # the start's journal key (a cue's, or one of our own)
    room_key: str
    connection_id: str
    setup: LuckyBagSetup
    seed: str
    commitment: str
    state: str = COMMITTED
    created_at: float = 0.0
    bag_id: str | None = None      # the platform's id, once the start is confirmed
    due_at: float | None = None    # when entry closes, on the session's clock
    entrant_count: int = 0
    entrants: tuple[Entrant, ...] = ()   # the frozen list the draw ran on
    winners: tuple[Entrant, ...] = ()
    verified: bool | None = None   # the winners recomputed here from the revealed seed matched
    drawn_at: float | None = None
    announcement_comment_id: str | None = None
    shared: bool = False           # its seed is kept for the crew: another seat can draw it
    started_by: str = ""           # taken over: the staff member whose seat started it ("" if this seat)

    @property
    def revealed_seed(self) -> str | None:
        """The seed, once it is public (drawn); None before — what a panel may show."""
        return self.seed if self.state == DRAWN else None


def _people(raw: str | None) -> tuple[Entrant, ...]:
    return tuple(Entrant(str(p["user_id"]), str(p.get("nickname", ""))) for p in json.loads(raw)) if raw else ()


class GiveawayStore:
    def __init__(self, path: Path | str) -> None:
        self._lock = threading.Lock()
        self.db = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
        self.db.row_factory = sqlite3.Row
        try:
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=FULL")   # a kept seed must survive a power cut
            self.db.executescript(_SCHEMA)
            have = {r["name"] for r in self.db.execute("PRAGMA table_info(lucky_bags)")}
            for column, declared in _ADDED.items():
                if column not in have:
                    self.db.execute(f"ALTER TABLE lucky_bags ADD COLUMN {column} {declared}")
        except sqlite3.DatabaseError:
            self.db.close()   # so that a damaged file can be moved aside (Windows moves no open file)
            raise

    def close(self) -> None:
        self.db.close()

    def add(self, bag: KeptBag) -> KeptBag:
        """Keep a new bag's seed; a bag already kept under the same action key is returned instead
        (a cue fired again after a crash reuses the seed it committed to)."""
        with self._lock:
            self.db.execute(
                "INSERT OR IGNORE INTO lucky_bags(local_id, action_key, room_key, connection_id, setup, seed, "
                "commitment, state, created_at, started_by) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (bag.local_id, bag.action_key, bag.room_key, bag.connection_id,
                 json.dumps(jsonable(bag.setup), ensure_ascii=False), bag.seed, bag.commitment, bag.state,
                 bag.created_at, bag.started_by))
        found = self.by_action_key(bag.action_key)
        assert found is not None
        return found

    def save(self, bag: KeptBag) -> KeptBag:
        with self._lock:
            self.db.execute(
                "UPDATE lucky_bags SET state = ?, bag_id = ?, due_at = ?, entrant_count = ?, entrants = ?, winners = ?, "
                "verified = ?, drawn_at = ?, announcement_comment_id = ?, shared = ? WHERE local_id = ?",
                (bag.state, bag.bag_id, bag.due_at, bag.entrant_count,
                 json.dumps(jsonable(list(bag.entrants)), ensure_ascii=False) if bag.entrants else None,
                 json.dumps(jsonable(list(bag.winners)), ensure_ascii=False) if bag.winners else None,
                 None if bag.verified is None else int(bag.verified), bag.drawn_at, bag.announcement_comment_id,
                 int(bag.shared), bag.local_id))
        return bag

    def take_key(self, bag: KeptBag, action_key: str) -> KeptBag:
        """A cue takes over a clicked bag whose start has no answer yet: found under the cue's key
        from now on (a resumed show, a retry), never started a second time beside it."""
        with self._lock:
            self.db.execute("UPDATE lucky_bags SET action_key = ? WHERE local_id = ?", (action_key, bag.local_id))
        return replace(bag, action_key=action_key)

    @staticmethod
    def _bag(r: sqlite3.Row) -> KeptBag:
        return KeptBag(r["local_id"], r["action_key"], r["room_key"], r["connection_id"],
                       lucky_bag_setup(json.loads(r["setup"])), r["seed"], r["commitment"], r["state"],
                       r["created_at"], r["bag_id"], r["due_at"], r["entrant_count"], _people(r["entrants"]),
                       _people(r["winners"]), None if r["verified"] is None else bool(r["verified"]),
                       r["drawn_at"], r["announcement_comment_id"], bool(r["shared"]), r["started_by"])

    def by_action_key(self, action_key: str) -> KeptBag | None:
        r = self.db.execute("SELECT * FROM lucky_bags WHERE action_key = ?", (action_key,)).fetchone()
        return self._bag(r) if r else None

    def get(self, local_id: str) -> KeptBag | None:
        r = self.db.execute("SELECT * FROM lucky_bags WHERE local_id = ?", (local_id,)).fetchone()
        return self._bag(r) if r else None

    def of_room(self, room_key: str) -> list[KeptBag]:
        """The room's bags, oldest first."""
        return [self._bag(r) for r in self.db.execute(
            "SELECT * FROM lucky_bags WHERE room_key = ? ORDER BY created_at, rowid", (room_key,))]
