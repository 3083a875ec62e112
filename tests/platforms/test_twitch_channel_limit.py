"""Twitch lets one user hold at most 3 EventSub WebSocket connections per client id (a 4th
connection's subscribe: 429 "number of websocket transports limit exceeded"); Studio's emulator
refuses so too. The adapter reads each channel on a socket of its own, so a channel nobody reads
any more (a room switched away from) gives its socket up for the next; with three channels being
read, a fourth is refused in words — not a reconnect every second that blames the network."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from anchor_console.platforms import errors as pe
from test_conformance import module_studio
from twitch_world import channel_of, control, make_adapter, sign_in


@pytest.fixture(scope="module")
def studio(tmp_path_factory):
    with module_studio(tmp_path_factory, "twitch-limit", "--chaos") as s:
        control(s, device_interval_s=0)
        yield s


def four_channels(studio) -> list[str]:
    rooms = [studio.room_id]
    with studio.client("anchor") as c:
        for n in range(3):
            r = c.post("/api/v1/rooms", json={"title": f"频道{n}"})
            assert r.status_code == 201, r.text
            rooms.append(r.json()["id"])
    return [channel_of(studio, room) for room in rooms]


@pytest.mark.asyncio
async def test_a_channel_no_longer_read_gives_its_socket_up_and_a_fourth_read_at_once_is_refused(studio):
    channels = four_channels(studio)
    async with httpx.AsyncClient() as client:
        adapter = make_adapter(studio, client, await sign_in(studio, client))
        try:
            for channel in channels:   # one after the other, as rooms are switched: each one's chat arrives
                await adapter.snapshot(channel)
            assert list(adapter._chats) == channels[1:]   # the first, read by nobody, gave its socket up

            readers = [asyncio.create_task(_read(adapter, channel)) for channel in channels[1:]]
            await asyncio.sleep(0.5)
            with pytest.raises(pe.NotPermitted) as refused:
                await adapter.snapshot(channels[0])   # three channels being read: a fourth is one too many
            assert "at most 3 channels" in refused.value.message.english()
            for task in readers:
                task.cancel()
            await asyncio.gather(*readers, return_exceptions=True)
        finally:
            await adapter.aclose()


async def _read(adapter, channel: str) -> None:
    async for _event in adapter.events(channel):
        pass
