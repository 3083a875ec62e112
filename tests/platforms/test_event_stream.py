"""The event stream under cuts: Studio drops the SSE connection every two seconds while 50,000
comment events flow; the adapter reconnects with Last-Event-ID and delivers each exactly once."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from anchor_console.platforms.base import StreamStatus
from anchor_console.platforms.studio import StudioPlatform
from anchor_console.platforms.transport import Endpoint

pytestmark = pytest.mark.slow
EVENTS = 50_000


def all_comment_ids(studio, room_id: int) -> list[int]:
    ids: list[int] = []
    after = 0
    with httpx.Client(base_url=studio.url, headers=studio.headers("anchor"), timeout=30) as c:
        while True:
            page = c.get(f"/api/v1/rooms/{room_id}/comments", params={"after_id": after, "limit": 1000}).json()
            if not page["items"]:
                return ids
            ids += [item["id"] for item in page["items"]]
            after = ids[-1]


@pytest.mark.asyncio
async def test_cut_streams_lose_nothing_and_double_nothing(studio_factory):
    studio = studio_factory("--demo", "--audience", "0", "--chaos", "--viewers", "800")
    room_id = studio.room_id
    httpx.put(f"{studio.url}/api/v1/_chaos", json={"sse_cut_every_s": 2}, headers=studio.headers()).raise_for_status()
    statuses: list[StreamStatus] = []
    received: list[int] = []
    async with httpx.AsyncClient() as client:
        platform = StudioPlatform("s", Endpoint(studio.url, studio.tokens["assistant"]), client)
        snapshot = await platform.snapshot(str(room_id))

        async def consume() -> None:
            async for event in platform.events(str(room_id), last_event_id=snapshot.last_event_id,
                                               on_status=lambda s, d: statuses.append(s)):
                if event.type == "comment.created":
                    received.append(int(event.data["comment"].id))

        consumer = asyncio.create_task(consume())
        async with httpx.AsyncClient(base_url=studio.url, headers=studio.headers("assistant")) as c:
            r = await c.put(f"/api/v1/rooms/{room_id}/audience",
                            json={"enabled": True, "comments_per_s": 4000, "viewers": 800})
            assert r.status_code == 200
            while len(received) < EVENTS:
                await asyncio.sleep(0.2)
                assert not consumer.done(), consumer.exception()
            await c.put(f"/api/v1/rooms/{room_id}/audience", json={"enabled": False})
        # Drain: wait until nothing new arrives for a second.
        last = -1
        while last != len(received):
            last = len(received)
            await asyncio.sleep(1.0)
        consumer.cancel()
    server = all_comment_ids(studio, room_id)
    assert len(received) >= EVENTS
    assert len(received) == len(set(received)), "an event was delivered twice"
    assert received == sorted(received), "events arrived out of order"
    assert set(received) == set(server), f"lost {len(set(server) - set(received))} events"
    assert statuses.count(StreamStatus.RECONNECTING) >= 3, "the stream was never cut"
