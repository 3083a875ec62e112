"""Crew seats in sync: several consoles ("seats") on one room.

  presence         who is on the room (staff name and role from the token, machine, since when,
                   last seen); a seat that stops sending heartbeats is gone after SEAT_TIMEOUT_S.
                   A seat is its staff account's: another account cannot join with its id while
                   it is on the room (409), nor leave, lease, claim or call the show from it (403)
  shared room log  every seat's actions, one entry per (seat, action, state), for every seat to show
  moderation lease the one seat that runs the automatic rules (TTL LEASE_TTL_S, renewed by its
                   holder) and the claims that make a comment acted on once, whoever holds the lease
  team word lists  one set of lists for the team (the anchor edits them), announced to every room
  show caller      the seat running the timeline publishes where the show is; followers' GO
                   presses are passed to it (or refused, as the caller chose)

Presence and lease times are Studio's *wall* time, not the Studio clock: a rehearsal speeds that
clock up tenfold, and a seat must not be declared gone because the show is rehearsed.
Everything announces itself on the room's event stream (`seat.*`, `crew_log.entry`,
`moderation_lease.changed`, `word_lists.changed`, `show_state.changed`, `show_request.created`)."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from anchor_console.studio.errors import Conflict, Forbidden, NotFound
from anchor_console.studio.services.rooms import Rooms
from anchor_console.studio.store import Principal, StoreService, storable

SEAT_TIMEOUT_S = 6.0
LEASE_TTL_S = 3.0
GO_POLICIES = ("ask", "refuse")
SEAT_GONE = "This seat is not on the room (gone after a silence); join again."

_SCHEMA = """
CREATE TABLE IF NOT EXISTS crew_log(
  room_id INTEGER NOT NULL, seat_id TEXT NOT NULL, action_id TEXT NOT NULL, state TEXT NOT NULL,
  entry TEXT NOT NULL, created_at REAL NOT NULL, PRIMARY KEY(room_id, seat_id, action_id, state));
CREATE TABLE IF NOT EXISTS moderation_claims(
  room_id INTEGER NOT NULL, comment_id TEXT NOT NULL, action TEXT NOT NULL, seat_id TEXT NOT NULL,
  created_at REAL NOT NULL, PRIMARY KEY(room_id, comment_id, action));
CREATE TABLE IF NOT EXISTS crew_seats(
  room_id INTEGER NOT NULL, seat_id TEXT NOT NULL, staff_id INTEGER, staff_name TEXT NOT NULL,
  role TEXT NOT NULL, machine TEXT NOT NULL, joined_at REAL NOT NULL, last_seen REAL NOT NULL,
  PRIMARY KEY(room_id, seat_id));
CREATE TABLE IF NOT EXISTS moderation_leases(
  room_id INTEGER NOT NULL PRIMARY KEY, seat_id TEXT NOT NULL, staff_name TEXT NOT NULL, expires_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS show_calls(
  room_id INTEGER NOT NULL PRIMARY KEY, caller_seat TEXT NOT NULL, staff_name TEXT NOT NULL,
  followers_go TEXT NOT NULL, state TEXT NOT NULL, segments_v TEXT, segments TEXT);
"""


@dataclass
class Seat:
    seat_id: str
    staff_id: int | None
    staff_name: str
    role: str
    machine: str
    joined_at: float
    last_seen: float

    def public(self) -> dict:
        return {"seat_id": self.seat_id, "staff_name": self.staff_name, "role": self.role, "machine": self.machine,
                "joined_at": self.joined_at, "last_seen": self.last_seen}


@dataclass
class Lease:
    seat_id: str
    staff_name: str
    expires_at: float


@dataclass
class ShowCall:
    caller_seat: str
    staff_name: str
    followers_go: str
    state: dict = field(default_factory=dict)


_SEAT = "SELECT seat_id, staff_id, staff_name, role, machine, joined_at, last_seen FROM crew_seats"


@dataclass(eq=False)
class Crew(StoreService):
    """Presence, lease and show call live in tables, not in this process: with `--workers N` the
    seats of one crew reach different workers, and every worker must see the same crew (the
    writers' lock makes each read-then-write one step across workers)."""

    rooms: Rooms
    wall: Callable[[], float] = time.time

    def __post_init__(self) -> None:
        super().__post_init__()
        self.db.executescript(_SCHEMA)

    # ------------------------------------------------------------------ presence

    def _sweep(self, room_id: int) -> None:
        """Seats not heard from within SEAT_TIMEOUT_S are gone (checked whenever the room's crew is asked)."""
        if not self._stale(room_id):   # the common case: a read, no write
            return
        with self.store.tx():   # again under the writers' lock: another worker may have swept them
            for seat in self._stale(room_id):
                self.db.execute("DELETE FROM crew_seats WHERE room_id = ? AND seat_id = ?", (room_id, seat.seat_id))
                self.store.emit(room_id, "seat.left", {"seat": seat.public(), "reason": "timeout"})

    def _stale(self, room_id: int) -> list[Seat]:
        rows = self.db.execute(f"{_SEAT} WHERE room_id = ? AND last_seen < ?",
                               (room_id, self.wall() - SEAT_TIMEOUT_S)).fetchall()
        return [Seat(*r) for r in rows]

    def _seat(self, room_id: int, seat_id: str) -> Seat | None:
        row = self.db.execute(f"{_SEAT} WHERE room_id = ? AND seat_id = ?", (room_id, seat_id)).fetchone()
        return Seat(*row) if row else None

    def _own(self, room_id: int, who: Principal, seat_id: str, *, present: bool = True) -> Seat | None:
        """The caller's seat. A seat is its staff account's: acting from another's is refused (403),
        whoever lists the seat ids; one not on the room is refused too when `present`, else None."""
        seat = self._seat(room_id, seat_id)
        if seat is None and present:   # named in the body: 409 (a 404 would say the room is gone)
            raise Conflict(SEAT_GONE, code="seat_gone")
        if seat is not None and seat.staff_id != who.staff_id:
            raise Forbidden(f"Seat {seat_id} is {seat.staff_name}'s; act from your own seat.", code="seat_not_yours")
        return seat

    def seat_of(self, room_id: int, who: Principal, seat_id: str) -> Seat | None:
        """The caller's seat named in a body (None when it is not on the room now); another
        account's is refused (403), as every crew change from a seat (crew_seeds.py asks)."""
        return self._own(room_id, who, seat_id, present=False)

    def seats(self, room_id: int) -> dict:
        self.rooms.row(room_id)
        self._sweep(room_id)
        rows = self.db.execute(f"{_SEAT} WHERE room_id = ? ORDER BY joined_at, seat_id", (room_id,)).fetchall()
        return {"items": [Seat(*r).public() for r in rows], "now": self.wall(), "timeout_s": SEAT_TIMEOUT_S}

    def join(self, room_id: int, who: Principal, seat_id: str, machine: str) -> dict:
        self.rooms.row(room_id)
        self._sweep(room_id)
        now = self.wall()
        seat = Seat(seat_id, who.staff_id, who.name, who.role.value, storable(machine), now, now)
        with self.store.tx():
            previous = self._seat(room_id, seat_id)
            if previous is not None and previous.staff_id != who.staff_id:   # live: swept above
                raise Conflict(f"Seat {seat_id} is {previous.staff_name}'s, on the room now; join with a seat id "
                               "of your own.", code="seat_taken")
            if previous is not None:
                seat.joined_at = previous.joined_at
            self.db.execute("INSERT INTO crew_seats(room_id, seat_id, staff_id, staff_name, role, machine, joined_at, "
                            "last_seen) VALUES (?,?,?,?,?,?,?,?) ON CONFLICT(room_id, seat_id) DO UPDATE SET "
                            "staff_id = excluded.staff_id, staff_name = excluded.staff_name, role = excluded.role, "
                            "machine = excluded.machine, last_seen = excluded.last_seen",
                            (room_id, seat_id, seat.staff_id, seat.staff_name, seat.role, seat.machine, now, now))
            self.store.emit(room_id, "seat.updated" if previous else "seat.joined", {"seat": seat.public()})
        return {**seat.public(), "now": now, "timeout_s": SEAT_TIMEOUT_S}

    def heartbeat(self, room_id: int, who: Principal, seat_id: str) -> dict:
        self._sweep(room_id)
        with self.store.tx():   # one step: another worker's sweep cannot slip between the look and the write
            seat = self._seat(room_id, seat_id)
            if seat is None or seat.staff_id != who.staff_id:   # the seat the URL names
                raise NotFound(SEAT_GONE, code="seat_gone")
            seat.last_seen = self.wall()
            self.db.execute("UPDATE crew_seats SET last_seen = ? WHERE room_id = ? AND seat_id = ?",
                            (seat.last_seen, room_id, seat_id))
        return {**seat.public(), "now": seat.last_seen, "timeout_s": SEAT_TIMEOUT_S}

    def leave(self, room_id: int, who: Principal, seat_id: str) -> dict:
        with self.store.tx():
            seat = self._own(room_id, who, seat_id, present=False)
            if seat is not None:
                self.db.execute("DELETE FROM crew_seats WHERE room_id = ? AND seat_id = ?", (room_id, seat_id))
                self.store.emit(room_id, "seat.left", {"seat": seat.public(), "reason": "left"})
            if self.db.execute("DELETE FROM moderation_leases WHERE room_id = ? AND seat_id = ?",
                               (room_id, seat_id)).rowcount:
                self.store.emit(room_id, "moderation_lease.changed", {"seat_id": None, "staff_name": "",
                                                                      "expires_at": None})
        return {"seat_id": seat_id, "left": seat is not None}

    # ------------------------------------------------------------------ shared room log

    def log(self, room_id: int, who: Principal, seat_id: str, entries: list[dict], machine: str = "") -> dict:
        """Entries of one seat, each kept once per (seat, action id, state): a repeat (a retry after a
        lost answer) is a no-op. Each new one is announced as `crew_log.entry`. The machine is the
        seat's as it joined; a seat swept after a silence (a busy laptop) names its own."""
        self.rooms.row(room_id)
        seat = self._own(room_id, who, seat_id, present=False)   # a seat gone a moment may still send its log
        now = self.wall()
        new = 0
        with self.store.tx():
            for entry in entries:
                full = {**entry, "seat_id": seat_id, "staff_name": who.name, "role": who.role.value,
                        "machine": seat.machine if seat else storable(machine), "at": now}
                cur = self.db.execute("INSERT OR IGNORE INTO crew_log(room_id, seat_id, action_id, state, entry, "
                                      "created_at) VALUES (?,?,?,?,?,?)",
                                      (room_id, seat_id, entry["action_id"], entry["state"],
                                       storable(json.dumps(full, ensure_ascii=False)), now))
                if cur.rowcount:
                    new += 1
                    self.store.emit(room_id, "crew_log.entry", {"entry": full})
        return {"new": new}

    def log_entries(self, room_id: int, limit: int = 500) -> dict:
        rows = self.db.execute("SELECT entry FROM crew_log WHERE room_id = ? ORDER BY rowid DESC LIMIT ?",
                               (room_id, limit)).fetchall()
        return {"items": [json.loads(r["entry"]) for r in rows]}

    # ------------------------------------------------------------------ moderation lease

    def _lease(self, room_id: int) -> Lease | None:
        row = self.db.execute("SELECT seat_id, staff_name, expires_at FROM moderation_leases WHERE room_id = ?",
                              (room_id,)).fetchone()
        return Lease(*row) if row else None

    def lease(self, room_id: int) -> dict:
        lease = self._lease(room_id)
        if lease is None or lease.expires_at <= self.wall():
            return {"seat_id": None, "staff_name": "", "expires_at": None, "ttl_s": LEASE_TTL_S}
        return {"seat_id": lease.seat_id, "staff_name": lease.staff_name, "expires_at": lease.expires_at,
                "ttl_s": LEASE_TTL_S}

    def acquire_lease(self, room_id: int, who: Principal, seat_id: str) -> dict:
        """Granted (or renewed) if free, expired or already this seat's, to the seat's own account
        while it is on the room; else the holder is named."""
        self.rooms.row(room_id)
        self._sweep(room_id)
        with self.store.tx():   # one step across workers: two seats asking at once get one answer
            now = self.wall()
            lease = self._lease(room_id)
            if lease is not None and lease.seat_id != seat_id and lease.expires_at > now \
                    and self._seat(room_id, lease.seat_id) is not None:
                return {**self.lease(room_id), "granted": False}
            self._own(room_id, who, seat_id)
            moved = lease is None or lease.seat_id != seat_id or lease.expires_at <= now
            self.db.execute("INSERT INTO moderation_leases(room_id, seat_id, staff_name, expires_at) VALUES (?,?,?,?) "
                            "ON CONFLICT(room_id) DO UPDATE SET seat_id = excluded.seat_id, "
                            "staff_name = excluded.staff_name, expires_at = excluded.expires_at",
                            (room_id, seat_id, who.name, now + LEASE_TTL_S))
            if moved:
                self.store.emit(room_id, "moderation_lease.changed",
                                {"seat_id": seat_id, "staff_name": who.name, "expires_at": now + LEASE_TTL_S})
        return {**self.lease(room_id), "granted": True}

    def claim(self, room_id: int, who: Principal, seat_id: str, comment_id: str, action: str) -> dict:
        """The lease holder claims acting on a comment; the first claim of (comment, action) wins,
        so a comment is never acted on twice, even by a seat that takes the lease over. A claim already
        this seat's stays granted after the lease moved on: it is the same claim sent again after its
        answer was lost (a dropped network: by then the seat may be gone from the room too), and
        refusing it left the comment acted on by nobody."""
        with self.store.tx():
            seat = self._own(room_id, who, seat_id, present=False)
            holder = self.db.execute("SELECT seat_id FROM moderation_claims WHERE room_id = ? AND comment_id = ? "
                                     "AND action = ?", (room_id, comment_id, action)).fetchone()
            if holder is not None:
                return {"granted": holder["seat_id"] == seat_id, "reason": "claimed"}
            if seat is None:
                raise Conflict(SEAT_GONE, code="seat_gone")
            lease = self._lease(room_id)
            if lease is None or lease.seat_id != seat_id or lease.expires_at <= self.wall():
                return {"granted": False, "reason": "not_lease_holder"}
            cur = self.db.execute("INSERT OR IGNORE INTO moderation_claims(room_id, comment_id, action, seat_id, "
                                  "created_at) VALUES (?,?,?,?,?)", (room_id, comment_id, action, seat_id, self.wall()))
        if cur.rowcount:
            return {"granted": True}
        holder = self.db.execute("SELECT seat_id FROM moderation_claims WHERE room_id = ? AND comment_id = ? "
                                 "AND action = ?", (room_id, comment_id, action)).fetchone()
        return {"granted": holder["seat_id"] == seat_id, "reason": "claimed"}

    def claim_many(self, room_id: int, who: Principal, seat_id: str, comment_ids: list[str],
                   action: str) -> dict:
        """Each of `comment_ids` claimed as `claim` does; the ids granted."""
        granted = [c for c in dict.fromkeys(comment_ids) if self.claim(room_id, who, seat_id, c, action)["granted"]]
        return {"granted": granted}

    # ------------------------------------------------------------------ team word lists

    def word_lists(self) -> dict:
        raw = self.store.meta("team_word_lists")
        return json.loads(raw) if raw else {"version": 0, "lists": None, "staff_name": "", "updated_at": None}

    def set_word_lists(self, who: Principal, lists: dict) -> dict:
        current = self.word_lists()
        new = {"version": int(current["version"]) + 1, "lists": lists, "staff_name": who.name,
               "updated_at": self.wall()}
        with self.store.tx():
            self.store.set_meta("team_word_lists", storable(json.dumps(new, ensure_ascii=False)))
            for (room_id,) in self.db.execute("SELECT DISTINCT room_id FROM crew_seats").fetchall():
                self.store.emit(room_id, "word_lists.changed", {"version": new["version"],
                                                                "staff_name": who.name})
        return new

    # ------------------------------------------------------------------ show caller

    def _call(self, room_id: int) -> tuple[ShowCall, tuple[str, list] | None] | None:
        """The room's show call and the caller's segment list as last sent ((version, rows)): broadcasts
        carry that list only when it changes, so a seat that joins later reads it here."""
        row = self.db.execute("SELECT caller_seat, staff_name, followers_go, state, segments_v, segments FROM show_calls "
                              "WHERE room_id = ?", (room_id,)).fetchone()
        if row is None:
            return None
        kept = (row["segments_v"], json.loads(row["segments"])) if row["segments_v"] else None
        return ShowCall(row["caller_seat"], row["staff_name"], row["followers_go"], json.loads(row["state"])), kept

    def show_state(self, room_id: int, *, with_segments: bool = False) -> dict:
        found = self._call(room_id)
        if found is None:
            return {"caller_seat": None, "staff_name": "", "followers_go": "ask", "state": {}}
        call, kept = found
        state = call.state
        if with_segments and kept is not None and "segments" not in state and kept[0] == state.get("segments_v"):
            state = {**state, "segments": kept[1]}
        return {"caller_seat": call.caller_seat, "staff_name": call.staff_name, "followers_go": call.followers_go,
                "state": state}

    def set_show_state(self, room_id: int, who: Principal, seat_id: str, state: dict, followers_go: str) -> dict:
        """The room's show call from the seat that runs the show. One seat calls a show at a time: while
        another seat on the room calls one that has not ended, a seat's running show is refused (409
        show_called_elsewhere), so two seats never both fire its cues (a seat back from a crash, two
        Starts in one second)."""
        self.rooms.row(room_id)
        self._sweep(room_id)
        self._own(room_id, who, seat_id)
        segments = None
        if isinstance(state.get("segments"), list) and state.get("segments_v"):
            segments = (str(state["segments_v"]), storable(json.dumps(state["segments"], ensure_ascii=False)))
        with self.store.tx():
            if not self._one_caller(room_id, seat_id, state):   # a late word of a seat that stood down
                return {**self.show_state(room_id), "wall": self.wall()}
            self.db.execute(
                "INSERT INTO show_calls(room_id, caller_seat, staff_name, followers_go, state, segments_v, segments) "
                "VALUES (?,?,?,?,?,?,?) ON CONFLICT(room_id) DO UPDATE SET caller_seat = excluded.caller_seat, "
                "staff_name = excluded.staff_name, followers_go = excluded.followers_go, state = excluded.state"
                + (", segments_v = excluded.segments_v, segments = excluded.segments" if segments else ""),
                (room_id, seat_id, who.name, followers_go, storable(json.dumps(state, ensure_ascii=False)),
                 *(segments or (None, None))))
            published = {**self.show_state(room_id), "wall": self.wall()}
            self.store.emit(room_id, "show_state.changed", published)
        return published

    def _one_caller(self, room_id: int, seat_id: str, state: dict) -> bool:
        """Whether this seat's call is the room's to keep (in the writers' lock): a running show's call
        is refused while another seat on the room calls one; an ended one is then let be (False), so
        it never replaces the live call."""
        found = self._call(room_id)
        if found is None:
            return True
        call = found[0]
        another = (call.caller_seat not in (None, seat_id) and call.state.get("phase") not in (None, "ended")
                   and self._seat(room_id, call.caller_seat) is not None)
        if not another:
            return True
        if state.get("phase") == "ended":
            return False
        raise Conflict(f"{call.staff_name} (seat {call.caller_seat}) is calling the show on this room.",
                       code="show_called_elsewhere")

    def request_go(self, room_id: int, who: Principal, seat_id: str, cue_id: str) -> dict:
        self._own(room_id, who, seat_id, present=False)
        found = self._call(room_id)
        call = found[0] if found else None
        if call is None or self._seat(room_id, call.caller_seat) is None:
            raise Conflict("No seat is calling the show on this room.", code="no_show_caller")
        if call.followers_go == "refuse":
            raise Conflict(f"The show caller ({call.staff_name}) presses GO themselves; ask them.",
                           code="go_refused")
        request = {"request_id": uuid.uuid4().hex, "from_seat": seat_id, "staff_name": who.name, "cue_id": cue_id,
                   "caller_seat": call.caller_seat}
        with self.store.tx():
            self.store.emit(room_id, "show_request.created", request)
        return request
