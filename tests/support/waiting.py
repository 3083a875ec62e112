"""Waiting for something to become true, on the running event loop (never a nested Qt loop)."""

from __future__ import annotations

import asyncio
import time


async def until(predicate, timeout: float = 15.0, interval: float = 0.05, message=""):
    """The predicate's value, as soon as it is truthy; an AssertionError after `timeout` seconds.
    `message` says what did not happen; a callable one is asked at the timeout (to say what there
    was instead)."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            said = message() if callable(message) else message
            raise AssertionError(said or f"condition not met within {timeout} s")
        await asyncio.sleep(interval)
