"""Per-room event fan-out for the SSE stream.

Every event is first written to SQLite (so a client can resume from any id of the show), then
published here as a pre-encoded SSE frame. Subscribers *pull* by last event id, so a slow client
never makes the server buffer for it, and a client that falls behind the in-memory window is
served from the database instead (or told to resync, if it is very far behind: routes/live.py).

Each room keeps at most `max_bytes` of frames in memory (16 MB, some 30,000 comment events): when
it has more, the older half goes and the database serves it."""

from __future__ import annotations

import asyncio
import bisect
import json
from collections.abc import Callable

# JSON is ASCII-escaped on purpose: line splitters in SSE clients (httpx uses str.splitlines)
# would otherwise break a frame on U+2028, U+0085 or \x1c inside a hostile comment.


def encode_frame(event_id: int, event_type: str, envelope: dict) -> bytes:
    data = json.dumps(envelope, ensure_ascii=True, separators=(",", ":"))
    return f"id: {event_id}\nevent: {event_type}\ndata: {data}\n\n".encode("ascii")


MAX_ROOM_BYTES = 16 * 1024 * 1024


class RoomFeed:
    def __init__(self, floor: int, max_bytes: int = MAX_ROOM_BYTES) -> None:
        # Events with id <= floor that are not in memory must be read from the database.
        self.floor = floor
        self.max_bytes = max_bytes
        self.bytes = 0
        self._ids: list[int] = []
        self._frames: list[bytes] = []
        self._waiters: list[asyncio.Future] = []

    @property
    def last_id(self) -> int:
        return self._ids[-1] if self._ids else self.floor

    def publish(self, items: list[tuple[int, bytes]]) -> None:
        for event_id, frame in items:
            self._ids.append(event_id)
            self._frames.append(frame)
            self.bytes += len(frame)
        if self.bytes > self.max_bytes:
            self._trim()
        self.wake()

    def _trim(self) -> None:
        """Down to half the budget (trimming rarely keeps publishing cheap)."""
        cut, kept = 0, self.bytes
        while cut < len(self._frames) and kept > self.max_bytes // 2:
            kept -= len(self._frames[cut])
            cut += 1
        self.floor = self._ids[cut - 1]
        del self._ids[:cut]
        del self._frames[:cut]
        self.bytes = kept

    def wake(self) -> None:
        """Every subscriber waiting for events looks again (new events, or its stream is closing)."""
        waiters, self._waiters = self._waiters, []
        for fut in waiters:
            if not fut.done():
                fut.set_result(None)

    def since(self, last_id: int, limit: int = 2000) -> tuple[list[bytes], int] | None:
        """Frames after `last_id` (at most `limit`) and the new last id; None if the caller must
        read from the database first."""
        if last_id < self.floor:
            return None
        start = bisect.bisect_right(self._ids, last_id)
        end = min(len(self._ids), start + limit)
        if start >= end:
            return [], last_id
        return self._frames[start:end], self._ids[end - 1]

    async def wait(self, timeout: float) -> bool:
        fut = asyncio.get_running_loop().create_future()
        self._waiters.append(fut)
        try:
            await asyncio.wait_for(fut, timeout)
            return True
        except asyncio.TimeoutError:
            return False
        finally:
            if fut in self._waiters:
                self._waiters.remove(fut)


class EventFeed:
    """Every room's feed, and the order events enter them in.

    One process alone (SQLite, or an in-process Studio) publishes each commit's events as it
    commits them. With several workers on PostgreSQL (`ordered`, set by the event fan-out,
    event_fanout.py) another worker's events arrive later, read from the table: the ids are one
    sequence across the workers, given under the writers' lock in commit order, so a worker must
    not deliver its own commit (ids a..b) before every event below `a` is delivered. `delivered` is
    that high-water mark: everything at or below it is in the feeds, in id order; a commit that
    finds a hole below it waits in `held` until the fan-out has read the hole from the table."""

    def __init__(self, floor: int) -> None:
        self._floor = floor
        self._rooms: dict[int, RoomFeed] = {}
        self.delivered = floor
        self.ordered = False
        self.wants_catch_up: Callable[[], None] | None = None   # the fan-out: read the table now
        self._held: list[tuple[int, int, dict[int, list[tuple[int, bytes]]]]] = []
        # Told (room id, type, data) of each event that reaches the feeds from the table (another
        # worker's, or now and then this one's own again): for caches that must follow every worker's
        # changes (a ban made on another worker). Each must be idempotent.
        self.table_listeners: list[Callable[[int, str, dict], None]] = []

    def room(self, room_id: int) -> RoomFeed:
        feed = self._rooms.get(room_id)
        if feed is None:
            feed = self._rooms[room_id] = RoomFeed(self._floor)
        return feed

    def publish(self, room_id: int, items: list[tuple[int, bytes]]) -> None:
        self.room(room_id).publish(items)

    def committed(self, first: int, last: int, by_room: dict[int, list[tuple[int, bytes]]]) -> None:
        """This process committed events `first`..`last` (contiguous): published now, unless
        (several workers) some event below `first` is not delivered yet."""
        if not self.ordered or first == self.delivered + 1:
            for room_id, items in by_room.items():
                self.room(room_id).publish(items)
            self.delivered = max(self.delivered, last)
            return
        if last <= self.delivered:   # already read from the table by the fan-out
            return
        self._held.append((first, last, by_room))
        if self.wants_catch_up is not None:
            self.wants_catch_up()

    def take(self, rows: list[tuple[int, int, bytes, str, dict]]) -> None:
        """Events read from the table (`(id, room_id, frame, type, data)`, in id order, with no hole:
        see event_fanout.py), any worker's: those not delivered yet go in; then held commits that now follow on."""
        by_room: dict[int, list[tuple[int, bytes]]] = {}
        fresh = [row for row in rows if row[0] > self.delivered]
        for event_id, room_id, frame, _type, _data in fresh:
            by_room.setdefault(room_id, []).append((event_id, frame))
            self.delivered = event_id
        for room_id, items in by_room.items():
            self.room(room_id).publish(items)
        self._release_held()
        for _id, room_id, _frame, event_type, data in fresh:
            for listener in self.table_listeners:
                listener(room_id, event_type, data)

    def _release_held(self) -> None:
        """Held commits that now follow on (or overlap what the table gave: only their newer part)."""
        self._held.sort(key=lambda h: h[0])
        while self._held and self._held[0][0] <= self.delivered + 1:
            _first, last, by_room = self._held.pop(0)
            if last <= self.delivered:
                continue
            for room_id, items in by_room.items():
                newer = [item for item in items if item[0] > self.delivered]
                if newer:
                    self.room(room_id).publish(newer)
            self.delivered = last

    @property
    def held(self) -> int:
        return len(self._held)
