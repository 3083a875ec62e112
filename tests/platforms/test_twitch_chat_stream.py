"""Reading Twitch chat through EventSub WebSocket, against Studio's emulator over real sockets:
50,000 chat messages with a `session_reconnect` and a dropped socket in the middle arrive each
exactly once, in order of sending within each socket; a `revocation` ends the stream with a clear
message; the keepalive watchdog starts a dead socket over."""

from __future__ import annotations

import asyncio
import contextlib
import time

import httpx
import pytest
from twitch_world import channel_of, control, make_adapter, sign_in
from test_conformance import module_studio, post_viewer_comment

from anchor_console.platforms import errors as pe
from anchor_console.platforms.base import StreamStatus

COUNT = 50_000


@pytest.fixture(scope="module")
def studio(tmp_path_factory):
    with module_studio(tmp_path_factory, "twitch-stream", "--chaos") as s:
        control(s, device_interval_s=0)
        yield s


def socket_of(adapter, channel: str):
    return adapter._chats[channel][1]


@pytest.mark.asyncio
async def test_50000_messages_through_a_reconnect_and_a_drop_none_lost_none_doubled(studio):
    # A dropped socket's subscriptions end on Twitch, and what is said meanwhile is not sent to
    # anyone; the emulator's test switch keeps it for the resubscription so that the adapter's own
    # part — reconnecting, resubscribing, deduplicating what is resent — is what is measured.
    control(studio, resume_after_drop=True, redeliver_on_move=3)
    async with httpx.AsyncClient() as client:
        adapter = make_adapter(studio, client, await sign_in(studio, client))
        channel = channel_of(studio, studio.room_id)
        statuses: list[StreamStatus] = []
        start = (await adapter.snapshot(channel)).last_event_id
        texts: list[str] = []
        done = asyncio.Event()

        async def read() -> None:
            async with contextlib.aclosing(adapter.events(channel, last_event_id=start,
                                                          on_status=lambda s, d: statuses.append(s))) as events:
                async for event in events:
                    if event.type == "comment.created" and event.data["comment"].nickname == "burst":
                        texts.append(event.data["comment"].text)
                        if len(texts) >= COUNT:
                            done.set()

        reader = asyncio.create_task(read())
        started = time.monotonic()
        control(studio, burst={"room_id": studio.room_id, "count": COUNT, "reconnect_at": 15_000, "drop_at": 35_000})
        try:
            await asyncio.wait_for(done.wait(), 180)
        finally:
            reader.cancel()
            elapsed = time.monotonic() - started
            socket = socket_of(adapter, channel)
            await adapter.aclose()
            control(studio, resume_after_drop=False)
    assert len(texts) == COUNT, f"{len(texts)} messages in {elapsed:.1f}s"
    assert set(texts) == {f"m{i}" for i in range(COUNT)}          # none lost, none doubled
    assert socket.handovers == 1 and socket.sessions == 2          # moved once, started over once
    assert socket.ids.duplicates >= 3                              # the emulator resent some; none got through


@pytest.mark.asyncio
async def test_a_revocation_ends_the_stream_with_a_clear_message(studio):
    async with httpx.AsyncClient() as client:
        adapter = make_adapter(studio, client, await sign_in(studio, client))
        channel = channel_of(studio, studio.room_id)
        start = (await adapter.snapshot(channel)).last_event_id
        control(studio, revoke="moderator_removed")

        async def drain():
            async for _event in adapter.events(channel, last_event_id=start):
                pass

        with pytest.raises(pe.NotPermitted) as info:
            await asyncio.wait_for(drain(), 10)
        await adapter.aclose()
    assert info.value.code == "moderator_removed"
    assert "no longer a moderator" in info.value.message.english()


@pytest.mark.asyncio
async def test_after_a_drop_with_an_expired_token_the_adapter_renews_it_and_subscribes_again(studio):
    """As on Twitch: what was said while the socket was down is gone; the adapter says it is
    reconnecting, renews the token that expired meanwhile (401 → refresh), subscribes on a new
    session, and what is said afterwards arrives."""
    async with httpx.AsyncClient() as client:
        adapter = make_adapter(studio, client, await sign_in(studio, client))
        channel = channel_of(studio, studio.room_id)
        statuses: list[StreamStatus] = []
        start = (await adapter.snapshot(channel)).last_event_id
        refreshes = adapter.tokens.refreshes
        control(studio, expire_tokens=True, drop=True)
        texts: list[str] = []

        async def read() -> None:
            async with contextlib.aclosing(adapter.events(channel, last_event_id=start,
                                                          on_status=lambda s, d: statuses.append(s))) as events:
                async for event in events:
                    if event.type == "comment.created":
                        texts.append(event.data["comment"].text)
                        return

        reader = asyncio.create_task(read())
        socket = socket_of(adapter, channel)
        for _ in range(500):
            await asyncio.sleep(0.01)
            if socket.sessions == 2 and socket.ready.is_set():
                break
        post_viewer_comment(studio, studio.room_id, "又来了")
        await asyncio.wait_for(reader, 10)
        await adapter.aclose()
    assert texts == ["又来了"] and socket.sessions == 2
    assert adapter.tokens.refreshes == refreshes + 1
    assert StreamStatus.RECONNECTING in statuses and statuses[-1] is StreamStatus.LIVE
