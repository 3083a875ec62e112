"""Connecting Twitch as the console does, end to end against Studio's emulator: the `twitch`
connection kind's sign-in shows the code and opens the activation page, the user types the code
and presses Authorize there, the keyring gets the sign-in (and no access token), and the adapter
built from it reads the channel's chat. Also: the keepalive watchdog starts a silent socket over
and subscribes again."""

from __future__ import annotations

import asyncio
import contextlib
import json

import httpx
import pytest
from twitch_world import ScriptedSocket, channel_of, control, press_authorize
from test_conformance import module_studio, post_viewer_comment

from anchor_console.domain.clock import SystemClock
from anchor_console.platforms.twitch_eventsub import EventSubSocket
from anchor_console.session.platform_kinds import (
    KINDS, TWITCH, BuildContext, SignInContext, build_platform, problem,
)
from anchor_console.session.settings import ConnectionSettings


@pytest.fixture(scope="module")
def studio(tmp_path_factory):
    with module_studio(tmp_path_factory, "twitch-sign-in", "--chaos") as s:
        control(s, device_interval_s=0)
        yield s


@pytest.mark.asyncio
async def test_sign_in_through_the_connection_kind_then_read_chat(studio):
    conn = ConnectionSettings(id="tw", name="我的 Twitch", kind=TWITCH, url=studio.url,
                              room_id=channel_of(studio, studio.room_id), appid=studio.twitch["client_id"])
    assert problem(conn) is None
    shown: list[tuple[str, str]] = []
    pressed: list[asyncio.Task] = []
    kept: list[tuple[str, str]] = []
    async with httpx.AsyncClient() as client:
        def open_url(url: str) -> None:   # the browser: the user types the code shown and presses Authorize
            code = shown[-1][0]
            pressed.append(asyncio.ensure_future(press_authorize(client, url, code,
                                                                 user_login=studio.twitch["sign_in_as"])))

        ctx = SignInContext(http=client, clock=SystemClock(), open_url=open_url,
                            show_code=lambda code, url: shown.append((code, url)))
        secret = await KINDS[TWITCH].sign_in(conn, ctx)
        assert "Success" in (await pressed[0]).text
        assert set(json.loads(secret)) == {"client_id", "refresh_token"}      # no access token kept

        platform = build_platform(conn, secret, BuildContext(http=client, clock=SystemClock(),
                                                             keep_secret=lambda cid, s: kept.append((cid, s))))
        try:
            assert await platform.staff_name() == studio.twitch["sign_in_as"]
            assert kept and kept[-1][0] == "tw"                               # the renewed sign-in, for the keyring
            start = (await platform.snapshot(conn.room_id)).last_event_id
            post_viewer_comment(studio, studio.room_id, "来了")

            async def first_comment():
                async with contextlib.aclosing(platform.events(conn.room_id, last_event_id=start)) as events:
                    async for event in events:
                        if event.type == "comment.created":
                            return event.data["comment"]

            comment = await asyncio.wait_for(first_comment(), 10)
            assert (comment.text, comment.nickname, comment.connection_id) == ("来了", "观众", "tw")
        finally:
            await platform.aclose()


def test_a_twitch_connection_needs_its_client_id():
    conn = ConnectionSettings(id="tw", name="Twitch", kind=TWITCH, url="https://api.twitch.tv", room_id="141981764",
                              appid="wx123")
    assert "Client ID" in problem(conn).english()


def silent_socket(session_id: str) -> ScriptedSocket:
    """Welcomes, then says nothing (a connection that died without closing)."""
    return ScriptedSocket([json.dumps({"metadata": {"message_id": session_id, "message_type": "session_welcome",
                                                    "message_timestamp": "2026-01-01T00:00:00Z"},
                                       "payload": {"session": {"id": session_id, "status": "connected",
                                                               "keepalive_timeout_seconds": 0.05,
                                                               "reconnect_url": None}}})])


def eventsub_socket(connect, subscribe) -> EventSubSocket:
    """An EventSub socket on these connect and subscribe steps that delivers nowhere and starts over at once."""
    async def no_backoff(_s: float) -> None:
        await asyncio.sleep(0)

    return EventSubSocket("wss://x/ws", subscribe=subscribe, deliver=lambda *a: None, connect=connect,
                          sleep=no_backoff, grace_s=0.05)


@pytest.mark.asyncio
async def test_the_keepalive_watchdog_starts_a_silent_socket_over():
    subscribed: list[str] = []
    sockets = iter([silent_socket("s1"), silent_socket("s2"), silent_socket("s3")])

    async def connect(url: str):
        return next(sockets)

    async def subscribe(session_id: str) -> None:
        subscribed.append(session_id)

    socket = eventsub_socket(connect, subscribe)
    task = asyncio.create_task(socket.run())
    try:
        for _ in range(200):
            await asyncio.sleep(0.01)     # the watchdog's own timeout is real time: 0.1 s here
            if len(subscribed) >= 2:
                break
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
    assert subscribed[:2] == ["s1", "s2"] and socket.sessions >= 2


@pytest.mark.asyncio
async def test_a_passing_subscribe_failure_is_retried_a_refusal_ends_the_socket():
    from anchor_console.platforms import errors as pe

    answers = [pe.Unavailable(detail="503"), None, pe.NotPermitted("403")]
    tried: list[str] = []

    async def subscribe(session_id: str) -> None:
        tried.append(session_id)
        answer = answers.pop(0)
        if answer is not None:
            raise answer

    async def connect(url: str):
        return silent_socket(f"s{len(tried) + 1}")

    socket = eventsub_socket(connect, subscribe)
    with pytest.raises(pe.NotPermitted):
        await asyncio.wait_for(socket.run(), 5)
    assert tried == ["s1", "s2", "s3"] and socket.sessions == 1   # the one that got subscribed


@pytest.mark.asyncio
async def test_a_subscribe_that_keeps_failing_backs_off():
    """A session counts once it is subscribed: a subscribe that fails each time (Twitch refusing a
    transport for a while) waits longer each round, not a reconnect a moment."""
    from anchor_console.platforms import errors as pe

    waits: list[float] = []

    async def subscribe(session_id: str) -> None:
        raise pe.Unavailable(detail="503")

    async def connect(url: str):
        return silent_socket(f"s{len(waits) + 1}")

    async def record(seconds: float) -> None:
        waits.append(seconds)
        if len(waits) == 6:
            raise asyncio.CancelledError
        await asyncio.sleep(0)

    socket = EventSubSocket("wss://x/ws", subscribe=subscribe, deliver=lambda *a: None, connect=connect,
                            sleep=record, grace_s=0.05, rng=__import__("random").Random(1))
    with pytest.raises(asyncio.CancelledError):
        await socket.run()
    assert waits[0] == 0 and all(w > 0 for w in waits[1:]) and socket.sessions == 0


@pytest.mark.asyncio
async def test_a_studio_restart_keeps_the_console_signed_in(tmp_path):
    """Studio keeps its Twitch application and refresh tokens: after a restart the adapter's
    access token is refused once, renewed with the refresh token, and work goes on."""
    from support.studio import start_studio
    from twitch_world import make_adapter, sign_in

    s = start_studio(tmp_path / "restart", "--demo", "--audience", "0", "--chaos")
    try:
        control(s, device_interval_s=0)
        async with httpx.AsyncClient() as client:
            platform = make_adapter(s, client, await sign_in(s, client))
            channel = channel_of(s, s.room_id)
            assert any(r.id == channel for r in await platform.list_rooms())
            client_id = s.twitch["client_id"]
            s.stop()
            s.start()
            assert s.twitch["client_id"] == client_id
            refreshes = platform.tokens.refreshes
            assert any(r.id == channel for r in await platform.list_rooms())
            assert platform.tokens.refreshes == refreshes + 1
    finally:
        s.stop()
