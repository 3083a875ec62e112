"""A server (or a proxy in front of it) that drops the event stream right after each hello: the
adapter backs off further on each drop instead of reconnecting several times a second for ever."""

from __future__ import annotations

import random

import httpx
import pytest

from anchor_console.platforms.studio import StudioPlatform
from anchor_console.platforms.transport import Endpoint


class _Enough(Exception):
    pass


async def waits_between_connections(answer, connections: int = 12) -> list[float]:
    """The adapter's waits before each reconnection of a stream that `answer` serves and ends."""
    delays: list[float] = []

    async def sleep(seconds: float) -> None:
        delays.append(seconds)
        if len(delays) >= connections:
            raise _Enough

    async with httpx.AsyncClient(transport=httpx.MockTransport(answer)) as client:
        platform = StudioPlatform("s", Endpoint("http://studio.test", "t"), client, sleep=sleep,
                                  rng=random.Random(7))
        with pytest.raises(_Enough):
            async for _ in platform.events("1"):
                pass
    return delays


@pytest.mark.asyncio
async def test_a_stream_dropped_after_every_hello_backs_off():
    connects = []

    def answer(request: httpx.Request) -> httpx.Response:
        connects.append(request)
        return httpx.Response(200, headers={"content-type": "text/event-stream"},
                              content=b'event: hello\ndata: {"last_event_id": 0}\n\n')

    delays = await waits_between_connections(answer)
    assert len(connects) == 12
    # Each drop waits longer (capped at 5 s): a dozen drops wait well over the 0.1-0.5 s of the first.
    assert sum(delays[-6:]) > 6.0, delays


@pytest.mark.asyncio
async def test_a_stream_that_delivers_events_between_drops_reconnects_at_once():
    """A stream that works (delivers events) and is cut keeps reconnecting quickly: nothing is missed for long."""
    served = iter(range(1, 100))

    def answer(request: httpx.Request) -> httpx.Response:
        n = next(served)
        frame = (f'event: hello\ndata: {{"last_event_id": {n - 1}}}\n\n'
                 f'id: {n}\nevent: stats\ndata: {{"type": "x.other", "room_id": 1, "ts": 1.0, "data": {{}}}}\n\n')
        return httpx.Response(200, headers={"content-type": "text/event-stream"}, content=frame.encode())

    delays = await waits_between_connections(answer)
    assert max(delays) <= 0.5, delays
