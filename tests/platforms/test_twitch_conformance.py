"""The conformance suite (test_conformance.py) on the Twitch adapter, pointed at Studio's Twitch
emulator — only the base URLs differ from production. Twitch names things its own way (a channel
is its broadcaster's user id, a message a UUID, a viewer a numeric user id), so the suite's helper
that posts a viewer comment answers in Twitch's ids. Then: errors are typed and say what to do
(a refused sign-in, a missing scope named, an account that moderates nothing, a timeout too long),
and the Helix rate-limit bucket is honoured."""

from __future__ import annotations

import time

import httpx
import pytest
import pytest_asyncio
import test_conformance
from test_conformance import (
    every_capability, key, live_room, module_studio, post_viewer_comment, works_or_is_refused_by_name,
)
from twitch_world import channel_of, control, make_adapter, press_authorize, sign_in

from anchor_console.domain.capabilities import Capability
from anchor_console.platforms import errors as pe
from anchor_console.platforms.twitch import TwitchPlatform
from anchor_console.platforms.twitch_auth import (
    SCOPES, poll_device_token, request_device_code,
)
from anchor_console.studio.twitch.core import VIEWER_BASE, message_uuid

C = Capability


@pytest.fixture(scope="module")
def studio(tmp_path_factory):
    with module_studio(tmp_path_factory, "twitch-conformance", "--chaos") as s:
        control(s, device_interval_s=0)
        yield s


@pytest.fixture(scope="module")
def keyring(studio):
    """The keyring entry of one sign-in, kept current: a public client's refresh token is
    replaced on every refresh (single use), and the adapter hands over the new one."""
    import asyncio

    async def signed():
        async with httpx.AsyncClient() as client:
            return await sign_in(studio, client)

    return {"secret": asyncio.run(signed())}


def signed_adapter(studio, client, keyring, **kw):
    return make_adapter(studio, client, keyring["secret"], on_new_secret=lambda s: keyring.update(secret=s), **kw)


def fresh_channel(studio) -> str:
    return channel_of(studio, live_room(studio, ()))


def post_viewer_comment_on_twitch(studio, channel: str, text: str) -> tuple[str, str]:
    """The suite's helper, answering as Twitch names the message and the viewer."""
    comment_id, viewer = post_viewer_comment(studio, str(int(channel) - 700_000_000), text)
    return message_uuid(int(comment_id)), str(VIEWER_BASE + int(viewer[1:]))


@pytest_asyncio.fixture
async def adapter(studio, keyring, monkeypatch):
    monkeypatch.setattr(test_conformance, "post_viewer_comment", post_viewer_comment_on_twitch)
    async with httpx.AsyncClient() as client:
        platform = signed_adapter(studio, client, keyring)
        yield platform
        await platform.aclose()


@pytest.mark.asyncio
@every_capability
async def test_capability_works_or_is_refused_by_name(adapter, studio, cap):
    await works_or_is_refused_by_name(adapter, cap, studio, fresh_channel(studio))


def test_twitch_declares_what_it_has_and_no_commerce():
    assert TwitchPlatform.capabilities == {C.ROOMS, C.COMMENT_STREAM, C.DELETE_COMMENT, C.MUTE, C.BAN, C.ROOM_MUTE,
                                           C.POST_AS_STAFF, C.SLOW_MODE, C.FOLLOWERS_ONLY, C.SHIELD_MODE,
                                           C.ANNOUNCE}


@pytest.mark.asyncio
async def test_errors_are_typed_and_say_what_to_do(adapter, studio):
    channel = fresh_channel(studio)
    with pytest.raises(pe.NotFound):
        await adapter.snapshot("999999")
    _, viewer = post_viewer_comment_on_twitch(studio, channel, "hi")
    with pytest.raises(pe.Conflict) as info:
        await adapter.unban_viewer(channel, viewer, key=key())
    assert info.value.message.english() == "This viewer is not banned or timed out on Twitch."
    with pytest.raises(pe.InvalidRequest):
        await adapter.mute_viewer(channel, viewer, 0, key=key())
    async with httpx.AsyncClient() as client:
        stale = TwitchPlatform("x", studio.twitch["client_id"], "not-a-refresh-token", client,
                               helix_base=studio.url + "/helix", id_base=studio.url)
        with pytest.raises(pe.AuthFailed) as auth:
            await stale.list_rooms()
        assert "sign in to Twitch again" in auth.value.message.english()
        visitor = make_adapter(studio, client, await sign_in(studio, client, user_login="studio_visitor"))
        with pytest.raises(pe.NotPermitted) as refused:
            await visitor.ban_viewer(channel, viewer, key=key())
        assert refused.value.code == "403" and "not a moderator" in refused.value.message.english()


@pytest.mark.asyncio
async def test_a_missing_scope_is_named(studio):
    async with httpx.AsyncClient() as client:
        scopes = tuple(s for s in SCOPES if s != "moderator:manage:banned_users")
        code = await request_device_code(client, studio.twitch["client_id"], id_base=studio.url, scopes=scopes)
        await press_authorize(client, code.verification_uri, code.user_code, user_login=studio.twitch["sign_in_as"])

        async def no_wait(_s: float) -> None:
            return None

        signed = await poll_device_token(client, studio.twitch["client_id"], code, id_base=studio.url, scopes=scopes,
                                         sleep=no_wait)
        platform = make_adapter(studio, client, signed.secret(studio.twitch["client_id"]))
        channel = fresh_channel(studio)
        _, viewer = post_viewer_comment_on_twitch(studio, channel, "hi")
        with pytest.raises(pe.NotPermitted) as info:
            await platform.ban_viewer(channel, viewer, key=key())
    assert "moderator:manage:banned_users" in info.value.message.english()
    assert "sign in to Twitch again" in info.value.message.english()


@pytest.mark.asyncio
async def test_the_rate_limit_bucket_is_honoured(studio, keyring):
    """At 5 points a minute: after the fifth call (Ratelimit-Remaining 0) the next one waits for
    Ratelimit-Reset before it is sent; a 429 (the bucket spent by another program) waits for Reset
    and is retried once; a second 429 is reported as rate limited."""
    waits: list[float] = []
    refill = [True]

    async def sleep(seconds: float) -> None:   # recorded, not slept; Twitch's bucket refills meanwhile
        waits.append(seconds)
        if refill[0]:
            control(studio, reset_rate_limit=True)

    control(studio, rate_limit_per_min=5, reset_rate_limit=True)
    try:
        async with httpx.AsyncClient() as client:
            platform = signed_adapter(studio, client, keyring, sleep=sleep)
            channel = fresh_channel(studio)
            await platform.me()                       # sign-in traffic is id.twitch.tv's, not Helix's
            for _ in range(5):
                await platform.chat_settings(channel)
            bucket = platform.helix.bucket
            assert (bucket.limit, bucket.remaining) == (5, 0) and waits == []
            reset = bucket.reset_at
            await platform.chat_settings(channel)     # waits first, then goes
            assert len(waits) == 1 and waits[0] == pytest.approx(reset - time.time(), abs=2)

            for _ in range(4):                        # spent to 0 again, but we are told nothing of it
                await platform.chat_settings(channel)
            bucket.remaining = None
            await platform.chat_settings(channel)     # 429 → wait for Reset → retried once
            assert len(waits) == 2

            refill[0] = False
            for _ in range(4):
                await platform.chat_settings(channel)
            bucket.remaining = None
            with pytest.raises(pe.RateLimited):
                await platform.chat_settings(channel)  # 429, waited, 429 again
            assert len(waits) == 3
    finally:
        control(studio, rate_limit_per_min=800, reset_rate_limit=True)
