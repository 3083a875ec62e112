"""Studio's Twitch emulator answers in the documented shapes: every answer and WebSocket message
has exactly the fields of Twitch's example for it (tests/platforms/twitch_docs/), nested objects
too — so an adapter that works against the emulator reads what Twitch sends."""

from __future__ import annotations

from pathlib import Path

from support.doc_examples import doc_examples
from test_studio_twitch_emulator import world  # noqa: F401 — the fixture

from anchor_console.studio.twitch.core import VIEWER_BASE

doc = doc_examples(Path(__file__).parents[1] / "platforms" / "twitch_docs")


def shape(value):
    """The field names of a JSON value, nested (lists by their first element)."""
    if isinstance(value, dict):
        return {k: shape(v) for k, v in value.items()}
    if isinstance(value, list):
        return [shape(value[0])] if value else []
    return None


def test_oauth_answers_have_the_documented_fields(world):  # noqa: F811
    assert shape(world.device()) == shape(doc("oauth/device.response.json"))
    code = world.device()
    pending = world.poll(code["device_code"]).json()
    assert pending == doc("oauth/token.authorization_pending.json")
    tokens = world.sign_in()
    assert set(doc("oauth/token.refresh.response.json")) <= set(tokens)
    valid = world.http.get("/oauth2/validate", headers={"Authorization": f"OAuth {tokens['access_token']}"}).json()
    assert set(valid) == set(doc("oauth/validate.response.json"))
    assert world.http.get("/oauth2/validate", headers={"Authorization": "OAuth nope"}).json() == \
        doc("oauth/validate.invalid.json")
    refused = world.http.post("/oauth2/token", data={"client_id": world.client_id, "grant_type": "refresh_token",
                                                     "refresh_token": "nope"}).json()
    assert refused == doc("oauth/token.refresh.invalid.json")


def test_helix_answers_have_the_documented_fields(world):  # noqa: F811
    tokens = world.sign_in()
    params = {"broadcaster_id": world.channel, "moderator_id": world.me(tokens)}
    viewer, _ = world.viewer_comment()
    user = str(VIEWER_BASE + viewer)
    ban = world.helix("POST", "/moderation/bans", tokens, params=params, json={"data": {"user_id": user, "duration": 5}})
    assert shape(ban.json()) == shape(doc("helix/ban_user.response.json"))
    world.helix("DELETE", "/moderation/bans", tokens, params={**params, "user_id": user})
    world.helix("POST", "/moderation/bans", tokens, params=params, json={"data": {"user_id": user}})
    again = world.helix("POST", "/moderation/bans", tokens, params=params, json={"data": {"user_id": user}})
    assert again.json() == doc("helix/ban_user.already_banned.json")
    settings = world.helix("PATCH", "/chat/settings", tokens, params=params, json={"slow_mode": True,
                                                                                  "slow_mode_wait_time": 10})
    assert set(settings.json()["data"][0]) == set(doc("helix/update_chat_settings.response.json")["data"][0])
    shield = world.helix("PUT", "/moderation/shield_mode", tokens, params=params, json={"is_active": False})
    assert shape(shield.json()) == shape(doc("helix/update_shield_mode_status.response.json"))
    sent = world.helix("POST", "/chat/messages", tokens, json={"broadcaster_id": world.channel,
                                                                "sender_id": world.me(tokens), "message": "hi"})
    assert set(doc("helix/send_chat_message.response.json")["data"][0]) <= set(sent.json()["data"][0])


def test_eventsub_messages_have_the_documented_fields(world):  # noqa: F811
    tokens = world.sign_in()
    me = world.me(tokens)
    with world.http.websocket_connect("/ws") as ws:
        welcome = ws.receive_json()
        assert shape(welcome) == shape(doc("eventsub/session_welcome.json"))
        for sub_type in ("channel.chat.message", "channel.chat.message_delete"):
            world.helix("POST", "/eventsub/subscriptions", tokens, json={
                "type": sub_type, "version": "1", "condition": {"broadcaster_user_id": world.channel, "user_id": me},
                "transport": {"method": "websocket", "session_id": welcome["payload"]["session"]["id"]}})
        _, comment = world.viewer_comment("hello")
        note = ws.receive_json()
        documented = doc("eventsub/channel.chat.message.payload.json")
        assert set(note["payload"]["event"]) == set(documented["event"])
        assert set(note["payload"]["event"]["message"]["fragments"][0]) == \
            set(documented["event"]["message"]["fragments"][0])
        assert set(note["payload"]["subscription"]) == set(documented["subscription"])
        assert set(note["payload"]["subscription"]["transport"]) == set(documented["subscription"]["transport"])
        assert set(note["metadata"]) == set(doc("eventsub/revocation.json")["metadata"])
        world.studio.comments.delete(world.room_id, comment)
        deleted = ws.receive_json()
        assert set(deleted["payload"]["event"]) == set(doc("eventsub/channel.chat.message_delete.payload.json")["event"])
        assert world.http.put("/api/v1/_twitch", json={"reconnect": True}, headers=anchor(world)).status_code == 200
        moving = ws.receive_json()
        assert shape(moving) == shape(doc("eventsub/session_reconnect.json"))


def anchor(w) -> dict:
    return {"Authorization": f"Bearer {w.studio.accounts.ensure_default_staff()['anchor']}"}


# Get Chat Settings' documented example (dev.twitch.tv/docs/api/reference/#get-chat-settings, as
# the twitch-api-swagger copy of the page has it): the delay fields are there "only if the request
# specifies a user access token that includes the moderator:read:chat_settings scope and the user
# in the moderator_id query parameter is one of the broadcaster's moderators".
GET_EXAMPLE = {"broadcaster_id": "713936733", "slow_mode": False, "slow_mode_wait_time": None, "follower_mode": True,
               "follower_mode_duration": 0, "subscriber_mode": False, "emote_mode": False, "unique_chat_mode": False,
               "non_moderator_chat_delay": True, "non_moderator_chat_delay_duration": 4}
DELAY = {"non_moderator_chat_delay", "non_moderator_chat_delay_duration"}


def test_get_chat_settings_shows_the_chat_delay_only_to_a_moderator_with_the_read_scope(world):  # noqa: F811
    def fields(token, **query) -> set[str]:
        answer = world.helix("GET", "/chat/settings", token, params={"broadcaster_id": world.channel, **query})
        assert answer.status_code == 200, answer.text
        return set(answer.json()["data"][0])

    public = set(GET_EXAMPLE) - DELAY
    console = world.sign_in()                       # the console's scopes: no moderator:read:chat_settings
    assert fields(console) == public
    assert fields(console, moderator_id=world.me(console)) == public
    reader = world.sign_in(scopes=("moderator:read:chat_settings",))
    assert fields(reader, moderator_id=world.me(reader)) == set(GET_EXAMPLE) | {"moderator_id"}
    assert fields(reader) == public | {"moderator_id"}   # moderator_id comes with the scope; the delay needs it named
    visitor = world.sign_in("studio_visitor", scopes=("moderator:read:chat_settings",))
    # Not a moderator: no 403 on a read, no chat delay; moderator_id comes with the scope alone.
    assert fields(visitor, moderator_id=world.me(visitor)) == public | {"moderator_id"}


def test_the_chat_delay_is_set_as_documented(world):  # noqa: F811
    tokens = world.sign_in()
    params = {"broadcaster_id": world.channel, "moderator_id": world.me(tokens)}

    def patch(body: dict):
        return world.helix("PATCH", "/chat/settings", tokens, params=params, json=body)

    on = patch({"non_moderator_chat_delay": True, "non_moderator_chat_delay_duration": 4}).json()["data"][0]
    assert (on["non_moderator_chat_delay"], on["non_moderator_chat_delay_duration"]) == (True, 4)
    assert patch({"non_moderator_chat_delay": True, "non_moderator_chat_delay_duration": 5}).status_code == 400
    assert patch({"non_moderator_chat_delay": True}).status_code == 400     # "must be set to a valid value"
    off = patch({"non_moderator_chat_delay": False}).json()["data"][0]
    assert (off["non_moderator_chat_delay"], off["non_moderator_chat_delay_duration"]) == (False, None)
