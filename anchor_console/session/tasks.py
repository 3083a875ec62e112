"""Named, owned, cancellable background work on the asyncio loop.

Every coroutine the session or the ui starts goes through `Tasks.spawn`: it keeps a strong
reference, gives it a name, cancels the previous task with the same key (typing in a search box
restarts the search), announces failures (`failed`, shown to the user), and `shutdown()` cancels
and awaits everything on exit, with a bound. Distilled from FeelUOwn's task.py and Electrum's
shutdown drain."""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Coroutine

from anchor_console.domain.events import Event

log = logging.getLogger("anchor_console.session.tasks")


class Tasks:
    def __init__(self) -> None:
        self._tasks: set[asyncio.Task] = set()
        self._keyed: dict[str, asyncio.Task] = {}
        self.failed = Event("tasks.failed")  # (task name, exception): a task ended with an error
        self._closing = False

    def spawn(self, coro: Coroutine[Any, Any, Any], *, name: str, key: str | None = None) -> asyncio.Task | None:
        """Start `coro` as a task; while shutting down nothing new starts and None is returned."""
        if self._closing:
            coro.close()
            log.debug("not starting %s: shutting down", name)
            return None
        if key is not None:
            previous = self._keyed.get(key)
            if previous is not None and not previous.done():
                previous.cancel()
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # Qt painting after the loop stopped (closing, test teardown)
            coro.close()
            log.debug("not starting %s: no running loop", name)
            return None
        task = loop.create_task(coro, name=name)
        self._tasks.add(task)
        if key is not None:
            self._keyed[key] = task
        task.add_done_callback(lambda t: self._done(t, key))
        return task

    def _done(self, task: asyncio.Task, key: str | None) -> None:
        self._tasks.discard(task)
        if key is not None and self._keyed.get(key) is task:
            del self._keyed[key]
        if task.cancelled():
            return
        exc = task.exception()
        if exc is not None:
            log.error("task %s failed", task.get_name(), exc_info=exc)
            self.failed.emit(task.get_name(), exc)

    def cancel(self, key: str) -> None:
        """Cancel the task started under `key`, if one is running (it ends on its next await)."""
        task = self._keyed.get(key)
        if task is not None and not task.done():
            task.cancel()

    def running(self) -> list[str]:
        return sorted(t.get_name() for t in self._tasks if not t.done())

    def is_idle(self) -> bool:
        return not any(not t.done() for t in self._tasks)

    async def shutdown(self, timeout: float = 3.0) -> list[str]:
        """Cancel everything and wait; returns the names of tasks that would not stop."""
        self._closing = True
        return await cancel_and_wait([t for t in self._tasks if not t.done()], timeout)


async def cancel_and_wait(tasks, timeout: float = 3.0, *, grace: float = 1.0, again_every: float = 0.25) -> list[str]:
    """Cancel `tasks` and wait for them, at most `timeout` seconds; returns the names of those
    still running. A task can swallow a cancellation (a library's cancel scope, a `finally` that
    awaits): after `grace` seconds for clean-up, stragglers are cancelled again every
    `again_every` seconds until the time is up."""
    pending = {t for t in tasks if not t.done()}
    if not pending:
        return []
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    wait = grace
    while pending:
        for t in pending:
            t.cancel()
        left = deadline - loop.time()
        if left <= 0:
            break
        done, pending = await asyncio.wait(pending, timeout=min(wait, left))
        wait = again_every
        for t in done:
            if not t.cancelled() and t.exception() is not None:
                log.warning("task %s ended with %r while being cancelled", t.get_name(), t.exception())
    return sorted(t.get_name() for t in pending)
