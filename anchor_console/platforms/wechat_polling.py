"""A room's event stream made from polling, for platforms that push nothing (both WeChat ones).

Each *feed* reads one thing (the room and its goods, live figures, flash sales…) and says which
events its answer makes; a feed compares what it read with what it saw last (`ChangeDetector`, a
fingerprint like an ETag), so a poll that finds nothing new emits nothing. Feeds wait between
rounds as long as `QuotaBook.poll_interval` says, so polling never spends more than its share of
the day's allowance; a refusal pauses only the feed that met it (a minute for 45011, until midnight
for 45009, ten minutes for an API the account may not use). Changes the console itself just made
are *echoed* at once (`RoomWatch.echo`) instead of waiting for the next poll.

Event ids count up per room from the snapshot's `last_event_id`; there is no history to replay, so
a reconnect resumes with the next change."""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from dataclasses import dataclass, field
from typing import Any, AsyncIterator, Awaitable, Callable

from anchor_console.domain.clock import Clock
from anchor_console.domain.models import RoomEvent
from anchor_console.platforms import errors as pe
from anchor_console.platforms.base import StatusCallback, StreamStatus
from anchor_console.platforms.transport import Sleep
from anchor_console.platforms.wechat_quota import QuotaBook

log = logging.getLogger("anchor_console.platforms.wechat")

REFUSED_PAUSE_S = 600.0     # an API this account may not use: look again in ten minutes
MAX_BACKOFF_S = 300.0
ECHO_KEEP = 200


def fingerprint(value: Any) -> str:
    raw = json.dumps(value, sort_keys=True, ensure_ascii=False, default=repr)
    return hashlib.sha1(raw.encode()).hexdigest()


class ChangeDetector:
    def __init__(self) -> None:
        self._seen: dict[str, str] = {}

    def changed(self, key: str, value: Any) -> bool:
        """True when `value` differs from what was last seen under `key` (and remember it)."""
        fp = fingerprint(value)
        if self._seen.get(key) == fp:
            return False
        self._seen[key] = fp
        return True

    def knows(self, key: str) -> bool:
        return key in self._seen


EventList = list[tuple[str, dict]]


@dataclass
class Feed:
    name: str
    api: str                                   # the quota this feed draws on
    base_interval_s: float
    poll: Callable[[], Awaitable[EventList]]
    calls_per_poll: Callable[[], int] = lambda: 1
    interval_s: Callable[[], float] | None = None   # when the base interval depends on the room (live or not)


@dataclass
class RoomWatch:
    """What has been seen of one room, shared by its snapshot and its event stream."""

    room_id: str
    seen: ChangeDetector = field(default_factory=ChangeDetector)
    last_event_id: int = 0
    echoes: list[tuple[str, dict]] = field(default_factory=list)
    wake: asyncio.Event = field(default_factory=asyncio.Event)
    state: dict = field(default_factory=dict)   # what the adapter keeps per room (stage, mute, tasks…)

    def echo(self, event_type: str, data: dict) -> None:
        self.echoes.append((event_type, data))
        del self.echoes[:-ECHO_KEEP]
        self.wake.set()

    def make(self, event_type: str, data: dict, ts: float) -> RoomEvent:
        self.last_event_id += 1
        return RoomEvent(self.last_event_id, event_type, self.room_id, ts, data)

    async def wait(self, sleep: Sleep, delay: float) -> None:
        """Sleep `delay` seconds (with `sleep`), or less when the console echoes a change of its own."""
        if self.echoes:
            return
        self.wake.clear()
        sleeper = asyncio.ensure_future(sleep(delay))
        waker = asyncio.ensure_future(self.wake.wait())
        try:
            await asyncio.wait({sleeper, waker}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (sleeper, waker):
                task.cancel()
            await asyncio.gather(sleeper, waker, return_exceptions=True)


class Poller:
    def __init__(self, watch: RoomWatch, feeds: list[Feed], *, quota: QuotaBook, clock: Clock, sleep: Sleep,
                 on_status: StatusCallback | None = None) -> None:
        self.watch, self.feeds, self.quota, self.clock, self._sleep = watch, feeds, quota, clock, sleep
        self._notify = on_status or (lambda status, detail: None)
        self._status: tuple[StreamStatus, str] | None = None
        self._due = {f.name: 0.0 for f in feeds}
        self._failures = {f.name: 0 for f in feeds}
        self._trouble: dict[str, str] = {}

    def _set_status(self, status: StreamStatus, detail: str) -> None:
        if self._status != (status, detail):
            self._status = (status, detail)
            self._notify(status, detail)

    async def run(self) -> AsyncIterator[RoomEvent]:
        self._set_status(StreamStatus.CONNECTING, "")
        while True:
            for event in self._drain_echoes():
                yield event
            for feed in self.feeds:
                if self._due[feed.name] > self.clock.monotonic():
                    continue
                events = await self._poll(feed)
                for event_type, data in events:
                    yield self.watch.make(event_type, data, self.clock.now())
            if self._trouble:
                self._set_status(StreamStatus.RECONNECTING, "; ".join(sorted(self._trouble.values())))
            else:
                self._set_status(StreamStatus.LIVE, "")
            await self._wait(max(0.0, min(self._due.values()) - self.clock.monotonic()))

    def _drain_echoes(self) -> list[RoomEvent]:
        pending, self.watch.echoes[:] = list(self.watch.echoes), []
        return [self.watch.make(t, d, self.clock.now()) for t, d in pending]

    async def _poll(self, feed: Feed) -> EventList:
        now = self.clock.monotonic()
        try:
            events = await feed.poll()
        except pe.AuthFailed as exc:
            self._set_status(StreamStatus.CLOSED, exc.message.english())
            raise
        except pe.QuotaExhausted as exc:
            return self._pause(feed, max(1.0, exc.resets_at - self.clock.now()), exc)
        except pe.RateLimited as exc:
            return self._pause(feed, max(exc.retry_after, 1.0), exc)
        except (pe.NotPermitted, pe.InvalidRequest, pe.Conflict) as exc:
            return self._pause(feed, REFUSED_PAUSE_S, exc)
        except pe.PlatformError as exc:   # unreachable or no answer: back off, bounded, per feed
            self._failures[feed.name] += 1
            delay = min(MAX_BACKOFF_S, feed.base_interval_s * 2 ** min(self._failures[feed.name], 6))
            return self._pause(feed, delay, exc)
        self._failures[feed.name] = 0
        self._trouble.pop(feed.name, None)
        base = feed.interval_s() if feed.interval_s else feed.base_interval_s
        self._due[feed.name] = now + self.quota.poll_interval(feed.api, base, feed.calls_per_poll())
        return events

    def _pause(self, feed: Feed, seconds: float, exc: pe.PlatformError) -> EventList:
        log.info("poll %s of room %s: %s (%s); next in %.0fs", feed.name, self.watch.room_id, exc.kind,
                 exc.detail, seconds)
        self._due[feed.name] = self.clock.monotonic() + seconds
        self._trouble[feed.name] = f"{feed.name}: {exc.kind}"
        return []

    async def _wait(self, delay: float) -> None:
        """Sleep until the next feed is due, or until the console echoes a change of its own."""
        await self.watch.wait(self._sleep, delay)
