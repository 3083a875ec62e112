"""Calls that join the one already running: while the call for a key is in flight, another call
for the same key waits for its result (or its exception) instead of acting a second time — two
presses of one button that reach the room together, two draws of one lucky bag."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable
from typing import Generic, TypeVar

Result = TypeVar("Result")


class JoinedCalls(Generic[Result]):
    def __init__(self) -> None:
        self._running: dict[Hashable, asyncio.Future] = {}

    def running(self, key: Hashable) -> bool:
        """Whether the call for `key` is in flight now."""
        return key in self._running

    async def run(self, key: Hashable, call: Callable[[], Awaitable[Result]]) -> Result:
        """`call()`'s result, or that of the call for `key` still running (a joined caller that is
        cancelled does not cancel it)."""
        running = self._running.get(key)
        if running is not None:
            return await asyncio.shield(running)
        future = asyncio.get_running_loop().create_future()
        self._running[key] = future
        try:
            result = await call()
        except BaseException as exc:
            if not future.done():
                future.set_exception(exc)
                future.exception()  # joined callers get it; nobody else needs to retrieve it
            raise
        else:
            future.set_result(result)
            return result
        finally:
            self._running.pop(key, None)
