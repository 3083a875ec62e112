"""The one observer type of the Qt-free layers (napari's evented models, without Qt).

An engine declares what it announces as `Event`s — `room.changed = Event()` — and anyone
subscribes with `connect(fn)`; `emit(*args)` calls every subscriber in order, on the emitter's
thread (the asyncio loop's). A subscriber that raises is logged and the others still run: a
broken panel must not stop the comment stream. The ui connects its widgets the same way, so no
engine knows about Qt."""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Callable

log = logging.getLogger("anchor_console.events")


class Event:
    __slots__ = ("name", "_subscribers")

    def __init__(self, name: str = "") -> None:
        self.name = name
        self._subscribers: list[Callable[..., Any]] = []

    def connect(self, subscriber: Callable[..., Any]) -> Callable[[], None]:
        """Call `subscriber(*args)` on every emit; returns a function that disconnects it."""
        self._subscribers.append(subscriber)
        return lambda: self.disconnect(subscriber)

    def disconnect(self, subscriber: Callable[..., Any]) -> None:
        try:
            self._subscribers.remove(subscriber)
        except ValueError:
            pass

    def emit(self, *args: Any) -> None:
        for subscriber in tuple(self._subscribers):
            try:
                subscriber(*args)
            except Exception:
                log.exception("a subscriber of %s failed", self.name or "an event")

    def __len__(self) -> int:
        return len(self._subscribers)

    def __repr__(self) -> str:
        return f"<Event {self.name or '?'} ({len(self._subscribers)} subscribers)>"


def unsubscribe_all(unsubscribes: list[Callable[[], None]]) -> None:
    """Call each of the functions `connect` returned, and forget them (the list is emptied)."""
    for unsubscribe in unsubscribes:
        unsubscribe()
    unsubscribes.clear()


class Subscription:
    """One subscription that is replaced as a whole — to the room of the moment, say: `follow`
    drops the one before; `stop` drops it."""

    __slots__ = ("_stop",)

    def __init__(self) -> None:
        self._stop: Callable[[], None] | None = None

    @property
    def active(self) -> bool:
        return self._stop is not None

    def follow(self, event: Event | None, subscriber: Callable[..., Any]) -> None:
        """Hear `event` with `subscriber` from now on (nothing, `event` None), and no longer what
        was heard before."""
        self.stop()
        if event is not None:
            self._stop = event.connect(subscriber)

    def stop(self) -> None:
        if self._stop is not None:
            stop, self._stop = self._stop, None
            stop()


async def until(event: Event, ready: Callable[[], bool], timeout: float) -> bool:
    """Waits at most `timeout` seconds for `ready()` to hold, checking it whenever `event` fires
    (no polling); answers whether it holds."""
    if ready():
        return True
    done = asyncio.get_running_loop().create_future()

    def check(*_args: Any) -> None:
        if not done.done() and ready():
            done.set_result(True)
    disconnect = event.connect(check)
    try:
        return await asyncio.wait_for(done, timeout)
    except asyncio.TimeoutError:
        return ready()
    finally:
        disconnect()
