"""A room's video on Tencent Cloud Live: what the push/stop callbacks and DescribeLiveStreamState
say about the room's stream, kept per room and sent to consoles as part of the room.

States: "live" (the anchor's push is up), "dropped" (it was live and stopped while the room is
still live — the anchor's network, OBS closed), "forbidden" (the platform forbids the stream:
StreamState forbid), "idle" (stopped while the room is not live: a rehearsal push, or after the
show). A change goes out as the room's `room.updated` event, whose room carries
`video: {state, since}` (every answer about the room does, through Rooms.describe_also_with).

Tencent's advice (DescribeLiveStreamState's API page, and the SDK's docstring of it): judge the
anchor online if any source says so, and treat a failed query as online. So a stop callback
alone does not drop the stream: it asks DescribeLiveStreamState, and only "inactive" makes it
"dropped" ("active": a new push is already up; an error: keep the state and ask again on the
slow schedule). Without a stop callback (lost: Studio was down through Tencent's 12 retries)
two "inactive" answers in a row on the slow schedule drop it. Callbacks carry their own time:
one older than the last heard (a late retry) changes nothing. That time is not signed (the
sign covers only t), so one that is not finite or more than a day from now is replaced by the
receive time, and a state's `since` is never later than when it was heard.

The state lives in Studio's database (table tencent_live_video, created if missing), so any
worker may take a callback and any may run the slow check: a check claims the room by moving
its `checked_at` in a transaction first, so workers do not all ask at once."""

from __future__ import annotations

import asyncio
import logging
import math
from collections.abc import Awaitable, Callable

from anchor_console.studio.store import EmulatorTables
from anchor_console.studio.tencent_live.client import LiveApi, LiveApiError

log = logging.getLogger("anchor_console.studio.tencent_live")

LIVE, DROPPED, FORBIDDEN, IDLE = "live", "dropped", "forbidden", "idle"
INACTIVE_CHECKS_TO_DROP = 2   # without a stop callback
TRUSTED_SKEW_S = 24 * 3600    # a callback's event_time further from now than this is not believed


def trusted_time(event_time: float, now: float) -> float:
    """A callback's event_time if believable, else `now` (when it was received)."""
    if not math.isfinite(event_time) or abs(event_time - now) > TRUSTED_SKEW_S:
        return now
    return event_time


class RoomVideo(EmulatorTables):
    schema = """
    CREATE TABLE IF NOT EXISTS tencent_live_video(
      room_id INTEGER PRIMARY KEY, state TEXT NOT NULL, since REAL NOT NULL,
      sequence TEXT NOT NULL DEFAULT '', event_time REAL NOT NULL DEFAULT 0,
      stop_heard_at REAL, inactive_checks INTEGER NOT NULL DEFAULT 0, checked_at REAL);
    """

    def __init__(self, studio, *, poll_interval_s: float = 60.0) -> None:
        super().__init__(studio)
        self.poll_interval_s = poll_interval_s
        studio.rooms.describe_also_with(self.describe)

    def describe(self, room_id: int) -> dict:
        r = self.db.execute("SELECT state, since FROM tencent_live_video WHERE room_id = ?", (room_id,)).fetchone()
        if r is None:
            return {"video": None}
        since = r["since"]
        if since is None or not math.isfinite(since):   # a row written before event_time was checked
            since = self.now()
        return {"video": {"state": r["state"], "since": since}}

    def room_of_stream(self, stream_name: str) -> int | None:
        r = self.db.execute("SELECT id FROM rooms WHERE stream_name = ?", (stream_name,)).fetchone()
        return r["id"] if r is not None else None

    def stream_of_room(self, room_id: int) -> str:
        return self.studio.rooms.row(room_id)["stream_name"]

    # ------------------------------------------------------------------ what is heard

    def heard_push(self, room_id: int, event_time: float, sequence: str) -> bool:
        """A push-start callback: the stream is live. False: older than what was heard."""
        return self._heard(room_id, event_time, sequence,
                           lambda row, at: (LIVE, {"stop_heard_at": None, "inactive_checks": 0}))

    def heard_stop(self, room_id: int, event_time: float, sequence: str) -> bool:
        """A stop callback: noted; True if DescribeLiveStreamState should now be asked."""
        return self._heard(room_id, event_time, sequence,
                           lambda row, at: (row["state"] if row is not None else IDLE, {"stop_heard_at": at}))

    def _heard(self, room_id: int, event_time: float, sequence: str,
               change: Callable[..., tuple[str, dict]]) -> bool:
        """A callback sent at `event_time` (see trusted_time): False if older than the last heard,
        else the room's row gets the state and columns `change(row, at)` gives — `row` as it was
        (None before the room's first callback), `at` when it happened, never later than now."""
        now = self.now()
        event_time = trusted_time(event_time, now)
        with self.store.tx():
            row = self._row(room_id)
            if self._older(row, event_time, now):
                return False
            at = min(event_time, now)
            state, columns = change(row, at)
            self._upsert(room_id, row, state, at, sequence=sequence, event_time=event_time, **columns)
        return True

    @staticmethod
    def _older(row, event_time: float, now: float) -> bool:
        """Whether a callback is older than the last heard; a stored time that could not be
        trusted now (written before event_time was checked) does not hold later ones back."""
        if row is None:
            return False
        last = row["event_time"]
        return last is not None and trusted_time(last, now) == last and event_time < last

    def checked(self, room_id: int, stream_state: str) -> str:
        """DescribeLiveStreamState's answer for the room's stream; returns the state now. The
        answer counts as the room's slow check too, whichever worker asked and why."""
        now = self.now()
        with self.store.tx():
            row = self._row(room_id)
            state = row["state"] if row is not None else IDLE
            inactive = row["inactive_checks"] if row is not None else 0
            stop_at = row["stop_heard_at"] if row is not None else None
            if stream_state == "forbid":
                self._upsert(room_id, row, FORBIDDEN, now, checked_at=now)
                return FORBIDDEN
            if stream_state == "active":
                self._upsert(room_id, row, LIVE, now, inactive_checks=0, stop_heard_at=None, checked_at=now)
                return LIVE
            inactive += 1
            if state in (LIVE, FORBIDDEN) and (stop_at is not None or inactive >= INACTIVE_CHECKS_TO_DROP):
                gone = DROPPED if self.studio.rooms.row(room_id)["status"] == "live" else IDLE
                self._upsert(room_id, row, gone, stop_at if stop_at is not None else now, inactive_checks=inactive, checked_at=now)
                return gone
            if state == DROPPED and self.studio.rooms.row(room_id)["status"] != "live":
                self._upsert(room_id, row, IDLE, now, inactive_checks=inactive, checked_at=now)
                return IDLE
            self._upsert(room_id, row, state, now, inactive_checks=inactive, checked_at=now)
            return state

    def claim_due(self) -> list[int]:
        """Rooms whose stream should be asked about now (live rooms whose video is followed, not
        asked within the poll interval); each is claimed for this worker in the same transaction."""
        now = self.now()
        with self.store.tx():
            rows = self.db.execute(
                "SELECT v.room_id FROM tencent_live_video v JOIN rooms r ON r.id = v.room_id "
                "WHERE r.status = 'live' AND (v.state IN ('live', 'dropped', 'forbidden') OR v.stop_heard_at IS NOT NULL) "
                "AND (v.checked_at IS NULL OR v.checked_at <= ?) ORDER BY v.room_id",
                (now - self.poll_interval_s,)).fetchall()
            due = [r["room_id"] for r in rows]
            for room_id in due:
                self.db.execute("UPDATE tencent_live_video SET checked_at = ? WHERE room_id = ?", (now, room_id))
        return due

    # ------------------------------------------------------------------ the table

    def _row(self, room_id: int):
        self.studio.rooms.row(room_id)   # NotFound for a room that does not exist
        return self.db.execute("SELECT * FROM tencent_live_video WHERE room_id = ?", (room_id,)).fetchone()

    def _upsert(self, room_id: int, row, state: str, at: float, **columns) -> None:
        """Write the room's row; a new state gets `since` = `at` and goes out to consoles."""
        changed = row is None or row["state"] != state
        values = {"state": state, "since": at if changed else row["since"], **columns}
        if row is None:
            names = ["room_id", *values]
            self.db.execute(f"INSERT INTO tencent_live_video({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
                            (room_id, *values.values()))
        else:
            self.db.execute(f"UPDATE tencent_live_video SET {', '.join(f'{k} = ?' for k in values)} WHERE room_id = ?",
                            (*values.values(), room_id))
        if changed:
            self.store.emit(room_id, "room.updated", {"room": self.studio.rooms.get(room_id)})


class VideoWatch:
    """Asks DescribeLiveStreamState: right after a stop callback, and on the slow schedule while
    a room is live. `settled()` waits for the checks a callback started (tests, shutdown)."""

    def __init__(self, video: RoomVideo, api: LiveApi) -> None:
        self.video = video
        self.api = api
        self._checks: set[asyncio.Task] = set()

    def check_soon(self, room_id: int) -> None:
        task = asyncio.get_running_loop().create_task(self.check(room_id), name=f"tencent-live-check-{room_id}")
        self._checks.add(task)
        task.add_done_callback(self._checks.discard)

    async def settled(self) -> None:
        while self._checks:
            await asyncio.gather(*tuple(self._checks), return_exceptions=True)

    async def check(self, room_id: int) -> str | None:
        """Ask about the room's stream and apply the answer; None if Tencent could not say."""
        try:
            answer = await self.api.stream_state(self.video.stream_of_room(room_id))
        except LiveApiError as exc:
            log.warning("DescribeLiveStreamState for room %s failed: %s", room_id, exc)
            return None
        return self.video.checked(room_id, answer)

    async def check_due(self) -> None:
        for room_id in self.video.claim_due():
            await self.check(room_id)

    async def run(self, sleep: Callable[[float], Awaitable[None]] = asyncio.sleep, tick_s: float = 5.0) -> None:
        """The slow schedule, until cancelled: every `tick_s`, the rooms due (see claim_due)."""
        while True:
            await sleep(tick_s)
            try:
                await self.check_due()
            except Exception:   # noqa: BLE001 - one bad round never stops the schedule
                log.exception("the Tencent Cloud Live check failed")
