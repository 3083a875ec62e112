"""Events fanned out between Studio workers on one PostgreSQL database: LISTEN on the events
channel, read what other workers committed from the event table, put it in this worker's feeds.

Every writing transaction that records events NOTIFYs `studio_events` at its commit (store.py,
database.py) with a small payload, `last id:rooms`. Here a thread of this worker holds a
connection of its own that LISTENs; on a notification with an id above what this worker has
delivered it reads `events WHERE id > delivered ORDER BY id` and hands the rows to the event loop
(`EventFeed.take`), which publishes them to the rooms' SSE subscribers.

Why the table read is complete and in order: ids are given under the writers' lock (one writing
transaction at a time across all workers, STORAGE.md), read from MAX(id) after the previous
writer committed; so the events visible at any moment are every id up to some n, with no
hole that fills in later. A read of "everything above what I delivered" is exactly the next events,
in order — a notification only says when to look. The payload is a hint, and a lost one costs
nothing but latency: the thread also looks every CATCH_UP_EVERY_S, and after every (re)connect.

Why a thread with a blocking psycopg connection rather than an async task: Studio's own
connection is synchronous on the event loop (STORAGE.md); this one must never wait behind it, nor
make the loop wait for it. psycopg's `notifies()` blocks in the thread only; the rows cross to the
loop with `call_soon_threadsafe`."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import threading
import time

from anchor_console.studio.database import CONNECT_TIMEOUT_S, EVENTS_CHANNEL
from anchor_console.studio.event_feed import EventFeed, encode_frame

log = logging.getLogger("anchor_console.studio.fanout")

PAGE = 5000
WAIT_S = 0.2              # how long one wait for notifications lasts (also how soon `stop` is seen)
CATCH_UP_EVERY_S = 2.0    # a look at the table even without a notification (a lost hint costs no more)
RETRY_S = (0.1, 0.25, 0.5, 1.0, 2.0)   # waits between attempts to connect again


class EventFanout:
    """One per worker: the LISTEN connection's thread, feeding `feed` on `loop`."""

    def __init__(self, url: str, feed: EventFeed, loop: asyncio.AbstractEventLoop) -> None:
        self._url = url
        self._feed = feed
        self._loop = loop
        self._stop = threading.Event()
        self._kick = threading.Event()
        self._hint = 0          # the highest id a notification named
        self._fetched = 0       # the highest id this thread handed to the loop
        self.connected = threading.Event()
        self.backend_pid: int | None = None
        self.reconnects = 0
        self._thread = threading.Thread(target=self._run, name="studio-fanout", daemon=True)

    def start(self) -> None:
        self._feed.ordered = True
        self._feed.wants_catch_up = self._kick.set
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(WAIT_S * 5)

    def _run(self) -> None:
        failures = 0
        while not self._stop.is_set():
            conn = None
            try:
                conn = self._connect()
                failures = 0
                self._listen(conn)
            except Exception as exc:   # the connection lost (or not made): again, after a pause
                self.connected.clear()
                log.warning("event fan-out: connection to the database lost (%s); reconnecting",
                            type(exc).__name__)
                self._stop.wait(RETRY_S[min(failures, len(RETRY_S) - 1)])
                failures += 1
                self.reconnects += 1
            finally:
                if conn is not None:
                    conn.close()

    def _connect(self):
        import psycopg

        conn = psycopg.connect(self._url, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S,
                               application_name=f"studio-listen-{os.getpid()}")
        # Only notifies() (no handler): psycopg keeps notifications that arrive during a query for it.
        conn.execute(f"LISTEN {EVENTS_CHANNEL}")
        self.backend_pid = conn.info.backend_pid
        return conn

    def _noted(self, notify) -> None:
        head = notify.payload.split(":", 1)[0]
        if head.isdigit():
            self._hint = max(self._hint, int(head))

    def _listen(self, conn) -> None:
        # Listening first, then reading: whatever committed before LISTEN took effect is in the table.
        self._catch_up(conn)
        self.connected.set()
        looked = time.monotonic()
        while not self._stop.is_set():
            for notify in conn.notifies(timeout=WAIT_S, stop_after=1):
                self._noted(notify)
            now = time.monotonic()
            if self._hint > self._after() or self._kick.is_set() or now - looked > CATCH_UP_EVERY_S:
                self._kick.clear()
                looked = now
                self._catch_up(conn)

    def _after(self) -> int:
        # `delivered` is an int the loop replaces; reading it from this thread is atomic.
        return max(self._fetched, self._feed.delivered)

    def _catch_up(self, conn) -> None:
        while True:
            after = self._after()
            rows = conn.execute("SELECT id, room_id, type, ts, data FROM events WHERE id > %s ORDER BY id LIMIT %s",
                                (after, PAGE)).fetchall()
            if not rows:
                return
            batch = []
            for event_id, room_id, event_type, ts, text in rows:
                data = json.loads(text)
                envelope = {"id": event_id, "type": event_type, "room_id": room_id, "ts": ts, "data": data}
                batch.append((event_id, room_id, encode_frame(event_id, event_type, envelope), event_type, data))
            try:
                self._loop.call_soon_threadsafe(self._feed.take, batch)
            except RuntimeError:   # the loop is closed: Studio is stopping
                self._stop.set()
                return
            self._fetched = rows[-1][0]
            if len(rows) < PAGE:
                return
