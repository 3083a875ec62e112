"""Twitch's chat modes through the adapter, against Studio's Twitch emulator: slow mode and
followers-only chat (Update Chat Settings), shield mode (Update Shield Mode Status) and
announcements (Send Chat Announcement). The room carries its modes when it is fetched — a change
made on Twitch itself shows on the next fetch (the emulator serves no chat-settings EventSub) — and
after each change the console makes, with a room.updated on the room's stream; out-of-range values
are refused before anything is sent; an announcement goes out once per key."""

from __future__ import annotations

import httpx
import pytest
import pytest_asyncio
from test_conformance import key, live_room, module_studio, next_event
from twitch_world import channel_of, control, make_adapter, sign_in

from anchor_console.domain.models import ChatModes
from anchor_console.platforms import errors as pe
from anchor_console.studio.twitch.core import CHANNEL_BASE


@pytest.fixture(scope="module")
def studio(tmp_path_factory):
    with module_studio(tmp_path_factory, "twitch-chat-modes", "--chaos") as s:
        control(s, device_interval_s=0)
        yield s


@pytest_asyncio.fixture
async def twitch(studio):
    async with httpx.AsyncClient() as client:
        platform = make_adapter(studio, client, await sign_in(studio, client))
        yield platform
        await platform.aclose()


def fresh_channel(studio) -> str:
    return channel_of(studio, live_room(studio, (), title="chat modes"))


def staff_texts(studio, channel: str) -> list[str]:
    with studio.client("anchor") as c:
        page = c.get(f"/api/v1/rooms/{int(channel) - CHANNEL_BASE}/comments", params={"limit": 200}).json()
    return [c["text"] for c in page["items"] if c.get("is_staff")]


@pytest.mark.asyncio
async def test_each_mode_is_set_shown_and_streamed(twitch, studio):
    channel = fresh_channel(studio)
    snap = await twitch.snapshot(channel)
    assert snap.room.chat == ChatModes()
    room = await twitch.set_slow_mode(channel, 30, key=key())
    assert room.chat.slow_mode_s == 30 and room.title      # the whole room, not only its modes
    event = await next_event(twitch, channel, snap.last_event_id, "room.updated")
    assert event.data["room"].chat.slow_mode_s == 30
    room = await twitch.set_followers_only(channel, 0, key=key())
    assert room.chat == ChatModes(slow_mode_s=30, followers_only_min=0)
    room = await twitch.set_shield_mode(channel, True, key=key())
    assert room.chat == ChatModes(slow_mode_s=30, followers_only_min=0, shield=True)
    off = [await twitch.set_slow_mode(channel, 0, key=key()), await twitch.set_followers_only(channel, None, key=key()),
           await twitch.set_shield_mode(channel, False, key=key())]
    assert off[-1].chat == ChatModes()
    assert not off[-1].mute_all


@pytest.mark.asyncio
async def test_a_change_made_on_twitch_shows_on_the_next_fetch(twitch, studio):
    channel = fresh_channel(studio)
    await twitch.snapshot(channel)
    async with httpx.AsyncClient() as client:   # another moderator's app
        other = make_adapter(studio, client, await sign_in(studio, client))
        await other.set_chat_settings(channel, slow_s=45, follower_min=1440)
        await other.set_shield_mode(channel, True, key=key())
        await other.aclose()
    assert (await twitch.snapshot(channel)).room.chat == ChatModes(slow_mode_s=45, followers_only_min=1440, shield=True)


@pytest.mark.asyncio
async def test_room_mute_keeps_the_chat_modes(twitch, studio):
    channel = fresh_channel(studio)
    await twitch.set_slow_mode(channel, 10, key=key())
    muted = await twitch.set_room_mute(channel, True, key=key())
    assert muted.mute_all and muted.chat.slow_mode_s == 10
    assert not (await twitch.set_room_mute(channel, False, key=key())).mute_all


@pytest.mark.asyncio
async def test_out_of_range_is_refused_before_it_is_sent(twitch, studio):
    channel = fresh_channel(studio)
    for call in (lambda: twitch.set_slow_mode(channel, 2, key=key()),
                 lambda: twitch.set_slow_mode(channel, 121, key=key()),
                 lambda: twitch.set_followers_only(channel, 129_601, key=key()),
                 lambda: twitch.announce(channel, "", key=key()),
                 lambda: twitch.announce(channel, "x" * 501, key=key()),
                 lambda: twitch.announce(channel, "hi", "red", key=key())):
        with pytest.raises(pe.InvalidRequest) as info:
            await call()
        assert "Twitch" in info.value.message.english()
    assert (await twitch.snapshot(channel)).room.chat == ChatModes()


@pytest.mark.asyncio
async def test_an_announcement_goes_out_once_per_key(twitch, studio):
    channel = fresh_channel(studio)
    k = key()
    assert await twitch.announce(channel, "今晚8点抽奖", "purple", key=k) is None    # Twitch answers 204
    await twitch.announce(channel, "今晚8点抽奖", "purple", key=k)                  # a retry: not sent again
    await twitch.announce(channel, "今晚8点抽奖", "purple", key=key())              # a new press: sent
    assert staff_texts(studio, channel).count("今晚8点抽奖") == 2
