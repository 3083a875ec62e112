"""The console's event loop runs asyncio callbacks only while it runs, like any asyncio loop: Qt
events processed in between (qasync's last pass after run_until_complete, pytest-qt between test
phases) must not step tasks without a running loop (issue #10's wedge)."""

from __future__ import annotations

import asyncio

from anchor_console.ui.shell.event_loop import ConsoleEventLoop


def test_a_wakeup_between_runs_waits_for_the_next_run(qapp):
    loop = ConsoleEventLoop(qapp)
    try:
        event = asyncio.Event()
        woke: list[int] = []

        async def worker() -> None:
            while True:
                await event.wait()
                event.clear()
                woke.append(len(woke) + 1)

        async def start() -> asyncio.Task:
            task = asyncio.get_running_loop().create_task(worker())
            await asyncio.sleep(0.01)
            # The worker's wakeup is scheduled just as the loop stops: it lands outside the run.
            asyncio.get_running_loop().call_soon(event.set)
            return task

        task = loop.run_until_complete(start())
        for _ in range(5):
            qapp.processEvents()  # what pytest-qt does between a test and its teardown
        assert not task.done(), task.exception() if task.done() and not task.cancelled() else "cancelled"
        assert woke == []

        async def settle() -> None:
            await asyncio.sleep(0.05)
            event.set()
            await asyncio.sleep(0.05)

        loop.run_until_complete(settle())
        assert woke == [1, 2] and not task.done()  # woken in the run, then again, still healthy
        task.cancel()
        loop.run_until_complete(asyncio.wait([task], timeout=1))
        assert task.cancelled()
    finally:
        loop.close()


def test_timers_and_debug_mode_behave_as_on_any_loop(qapp):
    loop = ConsoleEventLoop(qapp)
    try:
        loop.set_debug(True)
        order: list[str] = []
        loop.call_later(0.03, order.append, "later")
        handle = loop.call_soon(order.append, "cancelled")
        handle.cancel()
        loop.call_soon(order.append, "soon")
        loop.run_until_complete(asyncio.sleep(0.06))
        assert order == ["soon", "later"]
    finally:
        loop.close()
