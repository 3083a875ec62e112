"""One EventSub WebSocket session to Twitch: connect, subscribe, keep it alive, move it when Twitch
asks, start it over when it drops — delivering each notification once.

The protocol (dev.twitch.tv/docs/eventsub/handling-websocket-events, websocket-reference; twurple's
eventsub-ws EventSubWsSocket handles it the same way):

* the first frame is `session_welcome` with `payload.session.id` and `keepalive_timeout_seconds`;
  subscriptions are created for that session id (by `subscribe`, over Helix) within that time;
* `session_keepalive` when nothing else was sent for that long: if *no* frame at all arrives within
  it (plus a little grace), the connection is presumed dead and started over (the watchdog);
* `notification` carries `payload.subscription` and `payload.event`; delivery is at-least-once, so
  notifications are deduplicated by `metadata.message_id`;
* `session_reconnect` carries `payload.session.reconnect_url`: we connect there while still reading
  the old socket; the new socket's welcome takes over (its subscriptions come along, nothing is
  resubscribed), and the old one is read until Twitch closes it, so no message in flight is lost;
* `revocation` says a subscription ended (`payload.subscription.status`, e.g.
  `authorization_revoked`, `moderator_removed`): `on_revoked` decides what the user is told;
* a socket that closes without a reconnect (or that the watchdog gives up on) takes its
  subscriptions with it: a fresh socket is opened and `subscribe` runs again for the new session.

The client never sends frames (Twitch closes with 4001 on inbound traffic), so the websockets
library's own pings are off; it still answers Twitch's pings."""

from __future__ import annotations

import asyncio
import json
import logging
import random
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any

import websockets

from anchor_console.platforms.base import StreamStatus
from anchor_console.platforms.errors import PlatformError

log = logging.getLogger("anchor_console.platforms.twitch")

EVENTSUB_WS = "wss://eventsub.wss.twitch.tv/ws"
WELCOME_TIMEOUT_S = 10.0
DEDUPE_WINDOW = 200_000
Connect = Callable[[str], Awaitable[Any]]


async def default_connect(url: str):
    return await websockets.connect(url, ping_interval=None, max_size=2 ** 20, open_timeout=10)


class _Dropped(Exception):
    pass


class MessageIds:
    """The ids of the last `window` notifications, to drop redeliveries."""

    def __init__(self, window: int = DEDUPE_WINDOW) -> None:
        self.window = window
        self._ids: OrderedDict[str, None] = OrderedDict()
        self.duplicates = 0

    def first_time(self, message_id: str) -> bool:
        if message_id in self._ids:
            self.duplicates += 1
            return False
        self._ids[message_id] = None
        if len(self._ids) > self.window:
            self._ids.popitem(last=False)
        return True


class EventSubSocket:
    def __init__(self, url: str, *, subscribe: Callable[[str], Awaitable[None]],
                 deliver: Callable[[str, dict, dict], None],
                 on_status: Callable[[StreamStatus, str], None] = lambda s, d: None,
                 on_revoked: Callable[[dict], None] = lambda subscription: None,
                 connect: Connect = default_connect, sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
                 rng: random.Random | None = None, grace_s: float = 5.0) -> None:
        self.url = url
        self._subscribe = subscribe
        self._deliver = deliver          # (subscription type, event, metadata)
        self._on_status = on_status
        self._on_revoked = on_revoked
        self._connect = connect
        self._sleep = sleep
        self._rng = rng or random.Random()
        self.grace_s = grace_s
        self.ids = MessageIds()
        self.session_id = ""
        self.sessions = 0                # fresh sessions (each subscribed anew)
        self.handovers = 0               # session_reconnect handovers
        self.ready = asyncio.Event()     # set once subscribed; cleared while reconnecting

    async def run(self) -> None:
        """Until cancelled; a `subscribe` that fails for good (a PlatformError that is not
        retryable) ends it with that error."""
        failures = 0
        while True:
            self._on_status(StreamStatus.CONNECTING if failures == 0 else StreamStatus.RECONNECTING, "")
            started = self.sessions
            try:
                await self._session()
                reason = "socket closed"
            except _Dropped as exc:
                reason = str(exc)
            except (TimeoutError, OSError, websockets.WebSocketException) as exc:
                reason = f"{type(exc).__name__}: {exc}"
            except PlatformError as exc:      # subscribing failed: a passing fault is retried
                if not exc.retryable:
                    raise
                reason = exc.detail
            self.ready.clear()
            # A session that got going starts the count afresh: the first retry after it is at once.
            failures = 1 if self.sessions > started else failures + 1
            delay = 0.0 if failures == 1 else self._rng.uniform(0.1, min(10.0, 0.5 * 2 ** min(failures, 5)))
            log.info("Twitch EventSub socket lost (%s); reconnecting in %.1fs", reason, delay)
            self._on_status(StreamStatus.RECONNECTING, reason)
            await self._sleep(delay)

    async def _session(self) -> None:
        queue: asyncio.Queue = asyncio.Queue()
        sockets: dict[int, Any] = {}
        readers: list[asyncio.Task] = []

        async def open_socket(url: str) -> int:
            gen = len(sockets) + 1
            sockets[gen] = await self._connect(url)
            readers.append(asyncio.create_task(self._read(sockets[gen], gen, queue)))
            return gen

        current = await open_socket(self.url)
        moving_to: int | None = None
        keepalive: float | None = None
        try:
            while True:
                timeout = WELCOME_TIMEOUT_S if keepalive is None else keepalive + self.grace_s
                try:   # asyncio.timeout, not wait_for: 3.11's wait_for may swallow a cancellation
                    async with asyncio.timeout(timeout):
                        gen, raw = await queue.get()
                except TimeoutError:
                    raise _Dropped("no message within the keepalive timeout") from None
                if raw is None:
                    if gen == moving_to or (gen == current and moving_to is None):
                        raise _Dropped("socket closed")
                    continue        # the old socket of a handover, closed by Twitch as documented
                try:
                    message = json.loads(raw)
                except (ValueError, RecursionError):   # unreadable: this socket cannot be trusted further
                    raise _Dropped("unreadable message") from None
                kind = message.get("metadata", {}).get("message_type")
                if kind == "session_welcome":
                    session = message["payload"]["session"]
                    keepalive = float(session.get("keepalive_timeout_seconds") or 10)
                    if gen == moving_to:
                        current, moving_to = gen, None
                        self.session_id = session["id"]
                        self.handovers += 1
                    elif gen == current:
                        self.session_id = session["id"]
                        await self._subscribe(self.session_id)
                        self.sessions += 1   # counted once subscribed: a subscribe that keeps failing backs off
                        self.ready.set()
                        self._on_status(StreamStatus.LIVE, "")
                elif kind == "notification":
                    metadata = message["metadata"]
                    if self.ids.first_time(str(metadata.get("message_id", ""))):
                        payload = message["payload"]
                        self._deliver(str(payload["subscription"]["type"]), payload["event"], metadata)
                elif kind == "session_reconnect":
                    url = message["payload"]["session"]["reconnect_url"]
                    log.info("Twitch asked to move the EventSub session")
                    moving_to = await open_socket(url)
                elif kind == "revocation":
                    self._on_revoked(message["payload"]["subscription"])
                # session_keepalive: its arrival already fed the watchdog
        finally:
            for task in readers:
                task.cancel()
            for ws in sockets.values():
                try:   # politely, but never waiting long for a server that does not answer
                    await asyncio.wait_for(ws.close(), 2.0)
                except (TimeoutError, Exception):   # noqa: BLE001 — a dead socket fails any way
                    pass

    @staticmethod
    async def _read(ws, gen: int, queue: asyncio.Queue) -> None:
        try:
            async for raw in ws:
                queue.put_nowait((gen, raw))
        except websockets.ConnectionClosed:
            pass
        finally:
            queue.put_nowait((gen, None))
