"""`asyncio.sleep` on the test's time, for a session or an engine that takes its sleep as a parameter:
each wait is recorded with the name of the task that asked for it, and ends only when the test moves
time past it (`advance`). A back-off of seconds takes none, and a loop paced by it (a heartbeat, a
reconnect) never spins: it waits until the test lets time pass."""

from __future__ import annotations

import asyncio
import heapq
import itertools
import time


class ManualSleep:
    def __init__(self) -> None:
        self.now = 0.0
        self.asked: list[tuple[str, float]] = []   # (task name, seconds), in the order asked
        self._waiting: list[tuple[float, int, asyncio.Future]] = []
        self._order = itertools.count()            # equal due times wake in the order they were asked

    async def __call__(self, seconds: float) -> None:
        task = asyncio.current_task()
        self.asked.append((task.get_name() if task is not None else "", seconds))
        wake = asyncio.get_running_loop().create_future()
        heapq.heappush(self._waiting, (self.now + seconds, next(self._order), wake))
        await wake

    def asked_by(self, task_name: str) -> list[float]:
        """The waits a task asked for (tasks are named by whoever spawned them: "catalog", "crew"…)."""
        return [seconds for name, seconds in self.asked if name == task_name]

    async def advance(self, seconds: float) -> None:
        """Move time on: the waits due by then end, earliest first, and each woken task runs on until
        it waits again (on this sleep, or on anything else: the network, a queue)."""
        until = self.now + seconds
        await self._let_run()   # tasks started meanwhile get to their first wait
        while self._waiting and self._waiting[0][0] <= until:
            due, _, wake = heapq.heappop(self._waiting)
            self.now = due
            if not wake.done():   # not a cancelled waiter's
                wake.set_result(None)
                await self._let_run()
        self.now = until

    async def advance_until(self, predicate, timeout: float, step: float = 1.0, message: str = "") -> None:
        """Move time on a step at a time until `predicate` holds, a moment of real time between steps
        for what talks to a real process (an AssertionError after `timeout` real seconds)."""
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                raise AssertionError(message or f"condition not met within {timeout} s")
            await self.advance(step)
            await asyncio.sleep(0.05)

    @staticmethod
    async def _let_run() -> None:
        """A few turns of the loop: what the woken tasks do without I/O is done when `advance` returns."""
        for _ in range(5):
            await asyncio.sleep(0)
