"""Waiting for something to become true, on the running event loop (never a nested Qt loop)."""

from __future__ import annotations

import asyncio
import time


async def until(predicate, timeout: float = 15.0, interval: float = 0.05, message: str = ""):
    """The predicate's value, as soon as it is truthy; an AssertionError after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(message or f"condition not met within {timeout} s")
        await asyncio.sleep(interval)
