"""The Twitch adapter fed Twitch's documented example answers and messages verbatim
(tests/platforms/twitch_docs/, sources in its README): Helix through an httpx mock transport, the
EventSub WebSocket through a scripted socket. No network, no sleeping."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from support.doc_examples import doc_examples
from twitch_world import ScriptedSocket

from anchor_console.domain.models import ChatModes
from anchor_console.platforms import errors as pe
from anchor_console.platforms.twitch import TwitchPlatform, chat_modes
from anchor_console.platforms.twitch_auth import TokenHolder, device_sign_in
from anchor_console.platforms.twitch_chat import RoomChat, twitch_time
from anchor_console.platforms.twitch_eventsub import EventSubSocket

DOCS = Path(__file__).parent / "twitch_docs"
doc = doc_examples(DOCS)


def raw(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


class Twitch:
    """A mock of id.twitch.tv and Helix answering with the documented bodies."""

    def __init__(self) -> None:
        self.answers: dict[tuple[str, str], list[httpx.Response]] = {}
        self.requests: list[httpx.Request] = []

    def on(self, method: str, path: str, status: int, body: dict | None, **headers: str) -> None:
        content = json.dumps(body).encode() if body is not None else b""
        self.answers.setdefault((method, path), []).append(httpx.Response(status, content=content, headers=headers))

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answers = self.answers.get((request.method, request.url.path))
        if not answers:
            return httpx.Response(404, json={"error": "Not Found", "status": 404, "message": "no mock"})
        return answers.pop(0) if len(answers) > 1 else answers[0]

    def client(self) -> httpx.AsyncClient:
        """An httpx client whose every request this mock answers."""
        return httpx.AsyncClient(transport=httpx.MockTransport(self))


def signed_in_twitch() -> Twitch:
    twitch = Twitch()
    twitch.on("POST", "/oauth2/token", 200, doc("oauth/token.refresh.response.json"))
    twitch.on("GET", "/oauth2/validate", 200, doc("oauth/validate.response.json"))
    return twitch


@contextlib.asynccontextmanager
async def adapter(twitch: Twitch) -> AsyncIterator[TwitchPlatform]:
    """The Twitch adapter reaching the mock `twitch`, on a client of its own for the block."""
    async with twitch.client() as client:
        yield TwitchPlatform("conn", "wbmytr93xzw8zbg0p1izqyzzc5mbiz", "refresh-1", client,
                             id_base="https://id.twitch.tv", helix_base="https://api.twitch.tv/helix")


@pytest.mark.asyncio
async def test_device_flow_waits_while_pending_then_keeps_the_refresh_token():
    twitch = Twitch()
    twitch.on("POST", "/oauth2/device", 200, doc("oauth/device.response.json"))
    twitch.on("POST", "/oauth2/token", 400, doc("oauth/token.authorization_pending.json"))
    twitch.on("POST", "/oauth2/token", 200, doc("oauth/token.refresh.response.json"))
    waits: list[float] = []
    shown: list[tuple[str, str]] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    async with twitch.client() as client:
        signed = await device_sign_in(client, "client-1", show_code=lambda c, u: shown.append((c, u)),
                                      open_url=lambda url: None, sleep=sleep)
    assert shown == [("ABCDEFGH", "https://www.twitch.tv/activate?public=true&device-code=ABCDEFGH")]
    assert waits == [5.0, 5.0]                           # the documented interval, before each poll
    assert json.loads(signed.secret("client-1")) == {"client_id": "client-1", "refresh_token":
                                                     "eyJfMzUtNDU0OC4MWYwLTQ5MDY5ODY4NGNlMSJ9%asdfasdf="}
    assert "eyJf" not in repr(signed)                     # no secret in a repr (logs)
    polled = [r for r in twitch.requests if r.url.path == "/oauth2/token"]
    assert b"grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Adevice_code" in polled[0].content


@pytest.mark.asyncio
async def test_validation_names_the_user_and_a_refused_refresh_asks_to_sign_in_again():
    twitch = signed_in_twitch()
    async with twitch.client() as client:
        holder = TokenHolder(client, "wbmytr93xzw8zbg0p1izqyzzc5mbiz", "refresh-1")
        token, _ = await holder.current()
        assert token == "1ssjqsqfy6bads1ws7m03gras79zfr"
        assert (holder.owner.user_id, holder.owner.login) == ("141981764", "twitchdev")
        validated = [r for r in twitch.requests if r.url.path == "/oauth2/validate"]
        assert validated[0].headers["Authorization"] == "OAuth 1ssjqsqfy6bads1ws7m03gras79zfr"

        refused = Twitch()
        refused.on("POST", "/oauth2/token", 400, doc("oauth/token.refresh.invalid.json"))
    async with refused.client() as client:
        with pytest.raises(pe.AuthFailed) as info:
            await TokenHolder(client, "c", "stale").current()
    assert "sign in to Twitch again" in info.value.message.english()


@pytest.mark.asyncio
async def test_ban_and_timeout_answers_as_documented():
    twitch = signed_in_twitch()
    twitch.on("POST", "/helix/moderation/bans", 200, doc("helix/ban_user.response.json"))
    async with adapter(twitch) as platform:
        viewer = await platform.mute_viewer("1234", "9876", 300, key="k1")
        assert viewer.muted_until == datetime(2021, 9, 28, 19, 22, 31, tzinfo=UTC).timestamp()
        sent = json.loads(twitch.requests[-1].content)
        assert sent == {"data": {"user_id": "9876", "reason": "", "duration": 300}}
        assert twitch.requests[-1].url.params["moderator_id"] == "141981764"    # the token's user
        assert twitch.requests[-1].headers["Client-Id"] == "wbmytr93xzw8zbg0p1izqyzzc5mbiz"
        twitch.answers[("POST", "/helix/moderation/bans")] = []
        twitch.on("POST", "/helix/moderation/bans", 400, doc("helix/ban_user.already_banned.json"))
        with pytest.raises(pe.Conflict) as info:
            await platform.ban_viewer("1234", "9876", key="k2")
        assert info.value.message.english() == "This viewer is already banned on Twitch."
        with pytest.raises(pe.InvalidRequest):
            await platform.mute_viewer("1234", "9876", 1_209_601, key="k3")   # beyond two weeks: not sent


@pytest.mark.asyncio
async def test_a_ban_whose_answer_was_lost_is_unknown_and_its_resend_finds_it_done():
    """The answer to a ban lost on the way: the ban may have landed, so its outcome is unknown (not
    "not applied"); sent again under its key, Twitch's "already banned" is that first ban."""
    twitch = signed_in_twitch()
    lost = []

    class LosesTheFirstBan(Twitch):
        def __call__(self, request):
            if request.url.path == "/helix/moderation/bans" and not lost:
                lost.append(request)
                raise httpx.ReadTimeout("no answer", request=request)
            return super().__call__(request)
    twitch.__class__ = LosesTheFirstBan
    twitch.on("POST", "/helix/moderation/bans", 400, doc("helix/ban_user.already_banned.json"))
    async with adapter(twitch) as platform:
        with pytest.raises(pe.OutcomeUnknown):
            await platform.ban_viewer("1234", "9876", key="k1")
        viewer = await platform.ban_viewer("1234", "9876", key="k1")   # the journal sends it again
        assert viewer.banned
        with pytest.raises(pe.Conflict):   # a ban of its own on a banned viewer still says so
            await platform.ban_viewer("1234", "9876", key="k2")


@pytest.mark.asyncio
async def test_chat_settings_shield_mode_and_chat_messages_as_documented():
    twitch = signed_in_twitch()
    twitch.on("PATCH", "/helix/chat/settings", 200, doc("helix/update_chat_settings.response.json"))
    twitch.on("PUT", "/helix/moderation/shield_mode", 200, doc("helix/update_shield_mode_status.response.json"))
    twitch.on("POST", "/helix/chat/messages", 200, doc("helix/send_chat_message.response.json"))
    async with adapter(twitch) as platform:
        settings = await platform.set_chat_settings("1234", slow_s=10)
        assert json.loads(twitch.requests[-1].content) == {"slow_mode": True, "slow_mode_wait_time": 10}
        assert settings["slow_mode_wait_time"] == 10 and settings["emote_mode"] is False
        # the room a change answers with: its chat modes read from the documented answers
        twitch.on("GET", "/helix/users", 200, {"data": [{"id": "1234", "login": "twitchdev",
                                                          "display_name": "TwitchDev"}]})
        twitch.on("GET", "/helix/streams", 200, {"data": [], "pagination": {}})
        twitch.on("GET", "/helix/chat/settings", 200, doc("helix/update_chat_settings.response.json"))
        room = await platform.set_shield_mode("1234", False, key="s1")
        assert json.loads(twitch.requests[-4].content) == {"is_active": False}
        assert room.chat == ChatModes(slow_mode_s=10, followers_only_min=None, shield=False)
        comment = await platform.post_comment("12826", "Hello, world! twitchdevHype", key="k")
        assert comment.id == "abc-123-def" and comment.is_staff
        assert await platform.post_comment("12826", "Hello, world! twitchdevHype", key="k") == comment   # once per key
        assert len([r for r in twitch.requests if r.url.path == "/helix/chat/messages"]) == 1
        twitch.answers[("POST", "/helix/chat/messages")] = []
        twitch.on("POST", "/helix/chat/messages", 200, doc("helix/send_chat_message.rejected.json"))
        with pytest.raises(pe.Conflict) as info:
            await platform.post_comment("12826", "spam", key="k2")
    assert "being checked by mods" in info.value.message.english()


# Get Chat Settings' example answer (dev.twitch.tv/docs/api/reference/#get-chat-settings, as the
# twitch-api-swagger copy of the page has it; not a fixture file, since it is used only here).
GET_CHAT_SETTINGS = {"broadcaster_id": "713936733", "slow_mode": False, "slow_mode_wait_time": None,
                     "follower_mode": True, "follower_mode_duration": 0, "subscriber_mode": False,
                     "emote_mode": False, "unique_chat_mode": False, "non_moderator_chat_delay": True,
                     "non_moderator_chat_delay_duration": 4}


@pytest.mark.asyncio
async def test_chat_settings_are_read_and_changed_as_documented():
    twitch = signed_in_twitch()
    twitch.on("GET", "/helix/chat/settings", 200, {"data": [GET_CHAT_SETTINGS]})
    twitch.on("PATCH", "/helix/chat/settings", 200, doc("helix/update_chat_settings.response.json"))
    async with adapter(twitch) as platform:
        read = await platform.chat_settings("713936733")
        assert chat_modes(read, False) == ChatModes(slow_mode_s=0, followers_only_min=0, shield=False)
        # moderator_id is optional on a read; given, it "must match the user ID in the user access token"
        assert dict(twitch.requests[-1].url.params) == {"broadcaster_id": "713936733", "moderator_id": "141981764"}
        # without moderator:read:chat_settings Twitch leaves the delay fields out: the modes read the same
        public = {k: v for k, v in GET_CHAT_SETTINGS.items() if not k.startswith("non_moderator")}
        assert chat_modes(public, False) == chat_modes(read, False)
        await platform.set_chat_settings("1234", follower_min=-1)
        assert json.loads(twitch.requests[-1].content) == {"follower_mode": False}     # the page's Example 1
        assert dict(twitch.requests[-1].url.params) == {"broadcaster_id": "1234", "moderator_id": "141981764"}
        # "To set the … follower_mode_duration … you must set the corresponding … follower_mode field to true";
        # to remove a wait, the mode goes false without its duration
        await platform.set_chat_settings("1234", slow_s=0, follower_min=30, emote_only=True)
        assert json.loads(twitch.requests[-1].content) == {"slow_mode": False, "follower_mode": True,
                                                           "follower_mode_duration": 30, "emote_mode": True}


@pytest.mark.asyncio
@pytest.mark.parametrize("status, message, error, says", [
    (400, "If slow_mode is true, the slow_mode_wait_time field must be set to a valid value.", pe.InvalidRequest,
     "Twitch refused the request"),
    (401, "The user access token must include the moderator:manage:chat_settings scope.", pe.NotPermitted,
     "lacks the permission “moderator:manage:chat_settings”"),
    (401, "The ID in the moderator_id query parameter must match the user ID in the user access token.",
     pe.NotPermitted, "the moderator of this request is someone else"),
    (403, "The user in the moderator_id query parameter must have moderator privileges in the broadcaster's "
          "channel.", pe.NotPermitted, "not a moderator of this channel")])
async def test_update_chat_settings_refusals_as_documented(status, message, error, says):
    """Update Chat Settings' response codes, each in the page's words: none is worth a token refresh."""
    twitch = signed_in_twitch()
    reason = {400: "Bad Request", 401: "Unauthorized", 403: "Forbidden"}[status]
    twitch.on("PATCH", "/helix/chat/settings", status, {"error": reason, "status": status, "message": message})
    async with adapter(twitch) as platform:
        with pytest.raises(error) as info:
            await platform.set_slow_mode("1234", 10, key="k")
    assert says in info.value.message.english()
    assert [r.url.path for r in twitch.requests].count("/oauth2/token") == 1   # signed in once, not refreshed


def notification(payload_file: str, message_id: str) -> str:
    """A notification frame around a documented payload (the metadata is ours)."""
    payload = doc(payload_file)
    return json.dumps({"metadata": {"message_id": message_id, "message_type": "notification",
                                    "message_timestamp": "2024-02-24T17:17:50.123456789Z",
                                    "subscription_type": payload["subscription"]["type"],
                                    "subscription_version": "1"}, "payload": payload})


@pytest.mark.asyncio
async def test_eventsub_welcome_notifications_reconnect_and_revocation_as_documented():
    chat = RoomChat("141981764", "conn", now=lambda: 0.0)
    revoked: list[dict] = []
    subscribed: list[str] = []
    first = ScriptedSocket([raw("eventsub/session_welcome.json"), raw("eventsub/session_keepalive.json"),
                            notification("eventsub/channel.chat.message.payload.json", "n1"),
                            notification("eventsub/channel.chat.message.payload.json", "n1"),   # redelivered
                            raw("eventsub/session_reconnect.json")])
    welcome_again = doc("eventsub/session_welcome.json")
    welcome_again["payload"]["session"]["id"] = "AQoQexAWVYKSTIu4ec_2VAxyuhAB"
    second = ScriptedSocket([json.dumps(welcome_again),
                             notification("eventsub/channel.chat.message_delete.payload.json", "n2"),
                             raw("eventsub/revocation.json")])
    urls: list[str] = []

    async def connect(url: str):
        urls.append(url)
        return first if len(urls) == 1 else second

    async def subscribe(session_id: str) -> None:
        subscribed.append(session_id)

    socket = EventSubSocket("wss://eventsub.wss.twitch.tv/ws", subscribe=subscribe, deliver=chat.take,
                            on_revoked=revoked.append, connect=connect)
    task = asyncio.create_task(socket.run())
    for _ in range(200):
        await asyncio.sleep(0)
        if revoked:
            break
    await first.close()    # Twitch closes the old socket after the handover
    for _ in range(20):
        await asyncio.sleep(0)
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)

    assert urls == ["wss://eventsub.wss.twitch.tv/ws", "wss://eventsub.wss.twitch.tv?..."]
    assert subscribed == ["AQoQILE98gtqShGmLD7AM6yJThAB"]          # the handover keeps the subscriptions
    assert socket.session_id == "AQoQexAWVYKSTIu4ec_2VAxyuhAB" and socket.ids.duplicates == 1
    created = [e.data["comment"] for e in chat.events if e.type == "comment.created"]
    assert [(c.id, c.user_id, c.nickname, c.text) for c in created] == [
        ("9d0bcb5e-ee31-4b09-b72f-66eb94ce061e", "129546453", "nerixyz", "Hello, World! DinoDance")]
    assert created[0].created_at == twitch_time("2024-02-24T17:17:50.123456789Z")
    deleted = [e.data["comment"] for e in chat.events if e.type == "comment.updated"]
    assert [(c.id, c.user_id, c.deleted) for c in deleted] == [("ab24e0b0-2260-4bac-94e4-05eedd4ecd0e", "7734", True)]
    assert [r["status"] for r in revoked] == ["authorization_revoked"]


@pytest.mark.asyncio
async def test_clear_events_delete_what_was_received():
    chat = RoomChat("1337", "conn", now=lambda: 0.0)
    message = doc("eventsub/channel.chat.message.payload.json")["event"]
    for i, user in enumerate(("7734", "7734", "42")):
        chat.take("channel.chat.message", {**message, "broadcaster_user_id": "1337", "chatter_user_id": user,
                                           "message_id": f"m{i}"}, {})
    chat.take("channel.chat.clear_user_messages", doc("eventsub/channel.chat.clear_user_messages.payload.json")["event"],
              {})
    assert [c.id for c in chat.comments.values() if c.deleted] == ["m0", "m1"]
    chat.take("channel.chat.clear", doc("eventsub/channel.chat.clear.payload.json")["event"], {})
    assert all(c.deleted for c in chat.comments.values()) and chat.events[-1].type == "comments.cleared"


@pytest.mark.asyncio
async def test_no_token_reaches_a_log_or_an_error(caplog):
    caplog.set_level("DEBUG")
    twitch = signed_in_twitch()
    twitch.on("POST", "/helix/moderation/bans", 401, {"error": "Unauthorized", "status": 401,
                                                      "message": "Invalid OAuth token"})
    async with adapter(twitch) as platform:
        with pytest.raises(pe.AuthFailed) as info:
            await platform.ban_viewer("1234", "9876", key="k")
    secrets = ("1ssjqsqfy6bads1ws7m03gras79zfr", "eyJfMzUtNDU0OC4MWYwLTQ5MDY5ODY4NGNlMSJ9", "refresh-1")
    seen = caplog.text + str(info.value) + info.value.detail + repr(platform.tokens)
    assert not [s for s in secrets if s in seen]
    assert "renewed" in info.value.message.english()     # refused again after one refresh: sign in again
