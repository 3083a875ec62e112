"""JoinedCalls: a second call for a key in flight gets the first one's result or exception and
never runs itself; once the first is done, the next call runs again."""

from __future__ import annotations

import asyncio

import pytest

from anchor_console.domain.joined_calls import JoinedCalls


@pytest.mark.asyncio
async def test_a_call_for_a_key_in_flight_joins_it():
    calls, gate = [], asyncio.Event()

    async def act(name: str) -> str:
        calls.append(name)
        await gate.wait()
        return name

    joined: JoinedCalls[str] = JoinedCalls()
    first = asyncio.create_task(joined.run("k", lambda: act("first")))
    await asyncio.sleep(0)
    second = asyncio.create_task(joined.run("k", lambda: act("second")))
    other = asyncio.create_task(joined.run("other", lambda: act("other")))
    await asyncio.sleep(0)
    gate.set()
    assert await asyncio.gather(first, second, other) == ["first", "first", "other"]
    assert calls == ["first", "other"]
    assert await joined.run("k", lambda: act("again")) == "again"


@pytest.mark.asyncio
async def test_the_joined_caller_gets_the_exception():
    gate = asyncio.Event()

    async def fail() -> None:
        await gate.wait()
        raise ValueError("refused")

    joined: JoinedCalls[None] = JoinedCalls()
    first = asyncio.create_task(joined.run("k", fail))
    await asyncio.sleep(0)
    second = asyncio.create_task(joined.run("k", fail))
    await asyncio.sleep(0)
    gate.set()
    results = await asyncio.gather(first, second, return_exceptions=True)
    assert [type(r) for r in results] == [ValueError, ValueError]
