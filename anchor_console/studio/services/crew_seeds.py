"""Lucky-bag seeds kept for the crew: the staff-only copy that lets another seat of the room draw a
bag whose starting seat is gone (a crashed laptop mid-show, a prize promised).

The seat that starts a bag keeps its seed here *before* the bag's commitment goes to the room
(`keep`), under the room and the commitment. Only staff who may run giveaways (`giveaway.manage`:
anchor, assistant) may keep or read a seed; viewers cannot, nor moderators, and no seed ever goes
on the room's event stream: `crew_seed.kept` names the bag's commitment, prize and starting seat
only, so the other seats know whose bag it is. A seed is checked against its commitment when it is
kept, so a seat that reads it back draws the very bag it was committed for.

Why this keeps the draw fair: the commitment is public before entry opens, and the seed is fixed
by it (sha256). The seat that starts a bag knows its seed from the start; staff sharing it change
nothing for viewers — the winners still follow from the frozen entrant list and the one seed that
matches the published commitment, which anyone can check after the reveal."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass

from anchor_console.domain import draw
from anchor_console.studio.errors import Conflict, Invalid, NotFound
from anchor_console.studio.services.crew import Crew
from anchor_console.studio.services.rooms import Rooms
from anchor_console.studio.store import Principal, StoreService, storable

_SCHEMA = """
CREATE TABLE IF NOT EXISTS crew_seeds(
  room_id INTEGER NOT NULL, commitment TEXT NOT NULL, seed TEXT NOT NULL, seat_id TEXT NOT NULL,
  staff_id INTEGER, staff_name TEXT NOT NULL, machine TEXT NOT NULL, prize TEXT NOT NULL, kept_at REAL NOT NULL,
  PRIMARY KEY(room_id, commitment));
"""
_PUBLIC = "commitment, seat_id, staff_name, machine, prize, kept_at"


@dataclass(eq=False)
class CrewSeeds(StoreService):
    rooms: Rooms
    crew: Crew
    wall: Callable[[], float] = time.time

    def __post_init__(self) -> None:
        super().__post_init__()
        self.db.executescript(_SCHEMA)

    @staticmethod
    def _public(r: sqlite3.Row) -> dict:
        return {"commitment": r["commitment"], "seat_id": r["seat_id"], "staff_name": r["staff_name"],
                "machine": r["machine"], "prize": r["prize"], "kept_at": r["kept_at"]}

    def keep(self, room_id: int, who: Principal, seat_id: str, commitment: str, seed: str, *,
             machine: str = "", prize: str = "") -> dict:
        """Keep the seed of a bag about to start from `seat_id` (the caller's own seat). Keeping it
        again (a retry after a lost answer) answers the same; the seed must match the commitment."""
        self.rooms.row(room_id)
        try:
            matches = draw.commitment(seed) == commitment
        except draw.BadSeed:
            raise Invalid("The seed must be 64 hexadecimal digits (32 bytes).", code="bad_seed") from None
        if not matches:
            raise Conflict("This seed does not match the commitment it is kept under.", code="seed_mismatch")
        self.crew.seat_of(room_id, who, seat_id)
        with self.store.tx(durable=True):   # a seed the crew counts on must survive a power cut
            found = self.db.execute(f"SELECT {_PUBLIC} FROM crew_seeds WHERE room_id = ? AND commitment = ?",
                                    (room_id, commitment)).fetchone()
            if found is not None:   # the commitment fixes the seed: the same one, kept already
                return self._public(found)
            self.db.execute("INSERT INTO crew_seeds(room_id, commitment, seed, seat_id, staff_id, staff_name, machine, "
                            "prize, kept_at) VALUES (?,?,?,?,?,?,?,?,?)",
                            (room_id, commitment, seed, seat_id, who.staff_id, who.name, storable(machine),
                             storable(prize), self.wall()))
            kept = self._public(self.db.execute(f"SELECT {_PUBLIC} FROM crew_seeds WHERE room_id = ? AND "
                                                "commitment = ?", (room_id, commitment)).fetchone())
            self.store.emit(room_id, "crew_seed.kept", kept)   # never the seed: the stream is every staff's
        return kept

    def listed(self, room_id: int) -> dict:
        """The bags whose seeds the crew keeps: whose they are, never the seeds."""
        self.rooms.row(room_id)
        rows = self.db.execute(f"SELECT {_PUBLIC} FROM crew_seeds WHERE room_id = ? ORDER BY kept_at, commitment",
                               (room_id,)).fetchall()
        return {"items": [self._public(r) for r in rows]}

    def seed(self, room_id: int, commitment: str) -> dict:
        """One kept seed, for the seat that draws the bag."""
        self.rooms.row(room_id)
        r = self.db.execute(f"SELECT {_PUBLIC}, seed FROM crew_seeds WHERE room_id = ? AND commitment = ?",
                            (room_id, commitment)).fetchone()
        if r is None:
            raise NotFound("No seat of this room kept the seed of a lucky bag with this commitment.",
                           code="seed_not_kept")
        return {**self._public(r), "seed": r["seed"]}
