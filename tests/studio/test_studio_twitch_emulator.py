"""Studio's Twitch emulator, in process on a clock the test moves: the device-code flow with its
activation page (pending, slow_down, declined, expired), token validation, expiry and single-use
refresh tokens, Helix's strictness (Client-Id, scopes, moderator_id, moderators only, rate-limit
headers and 429) and Twitch's error JSON, moderation acting on the Studio room, and the EventSub
socket (welcome, notifications from the room's comments, reconnect, revocation, inbound traffic)."""

from __future__ import annotations

import re
import warnings

import pytest
from starlette.websockets import WebSocketDisconnect

from anchor_console.platforms.twitch_auth import SCOPES
from anchor_console.studio.api import create_app, served
from anchor_console.studio.chaos import Chaos
from anchor_console.studio.demo import ensure_demo_room
from anchor_console.studio.services import Studio
from anchor_console.studio.twitch import oauth as twitch_oauth
from anchor_console.studio.store import StudioClock
from anchor_console.studio.twitch.core import CHANNEL_BASE, VIEWER_BASE, message_uuid
from support.postgres import studio_database

with warnings.catch_warnings():   # Starlette's test client warns that it still runs on httpx
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

GRANT = "urn:ietf:params:oauth:grant-type:device_code"


class World:
    def __init__(self, tmp_path) -> None:
        self.t = 1_780_000_000.0
        self.studio = Studio(str(studio_database(tmp_path, "studio")), clock=StudioClock(base=lambda: self.t))
        self.room_id = ensure_demo_room(self.studio)
        self.studio.accounts.ensure_default_staff()
        self.app = create_app(self.studio, chaos=Chaos())
        self.twitch = self.app.state.twitch
        self.client_id = self.twitch.identity.client_id
        self.http = TestClient(served(self.app), client=("127.0.0.1", 50000))   # a browser on this computer
        self.channel = str(CHANNEL_BASE + self.room_id)

    def device(self, scopes=SCOPES) -> dict:
        r = self.http.post("/oauth2/device", data={"client_id": self.client_id, "scopes": " ".join(scopes)})
        assert r.status_code == 200, r.text
        return r.json()

    def poll(self, device_code: str):
        return self.http.post("/oauth2/token", data={"client_id": self.client_id, "device_code": device_code,
                                                     "grant_type": GRANT, "scopes": " ".join(SCOPES)})

    def authorize(self, code: dict, login: str | None = None, decision: str = "authorize"):
        page = self.http.get(code["verification_uri"].replace("http://testserver", ""))
        assert page.status_code == 200 and "Authorize" in page.text and code["user_code"] in page.text
        options = {lg: uid for uid, lg in re.findall(r'<option value="(\d+)">[^<]*\((\w+)\)</option>', page.text)}
        return self.http.post("/activate", data={"user_code": code["user_code"], "decision": decision,
                                                 "user_id": options[login or self.twitch.announcement(1)["sign_in_as"]]})

    def sign_in(self, login: str | None = None, scopes=SCOPES) -> dict:
        code = self.device(scopes)
        self.authorize(code, login)
        self.t += code["interval"]
        r = self.poll(code["device_code"])
        assert r.status_code == 200, r.text
        return r.json()

    def helix(self, method: str, path: str, token: dict, *, client_id: str | None = None, **kw):
        headers = {"Authorization": f"Bearer {token['access_token']}", "Client-Id": client_id or self.client_id}
        return self.http.request(method, "/helix" + path, headers=headers, **kw)

    def me(self, token: dict) -> str:
        return self.helix("GET", "/users", token).json()["data"][0]["id"]

    def viewer_comment(self, text: str = "hi") -> tuple[int, int]:
        viewer = self.studio.accounts.create_viewers(["观众"])[0]
        comment = self.studio.comments.add_batch(self.room_id, [(viewer, "观众", text)])[0]
        return viewer, comment["id"]


@pytest.fixture
def world(tmp_path):
    w = World(tmp_path)
    yield w
    w.http.close()


def test_device_flow_through_the_activation_page(world):
    code = world.device()
    assert code["interval"] == 5 and code["expires_in"] == 1800
    assert code["verification_uri"].endswith(f"/activate?public=true&device-code={code['user_code']}")
    assert world.poll(code["device_code"]).json() == {"status": 400, "message": "authorization_pending"}
    assert world.poll(code["device_code"]).json()["message"] == "slow_down"      # polled before the interval
    assert "Success" in world.authorize(code).text
    world.t += 5
    tokens = world.poll(code["device_code"]).json()
    assert set(tokens) == {"access_token", "expires_in", "refresh_token", "scope", "token_type"}
    assert tokens["token_type"] == "bearer" and tokens["scope"] == list(SCOPES)
    assert world.poll(code["device_code"]).json()["message"] == "invalid device code"   # used once

    declined = world.device()
    world.authorize(declined, decision="decline")
    world.t += 5
    assert world.poll(declined["device_code"]).json()["message"] == "access_denied"
    late = world.device()
    world.t += 1801
    assert world.poll(late["device_code"]).json() == {"status": 400, "message": "expired_token"}
    assert world.http.post("/activate", data={"user_code": "WRONG", "decision": "authorize"}).status_code == 400
    # From another computer (an exposed Studio) nobody can pick an account to sign in as.
    elsewhere = TestClient(served(world.app), client=("192.0.2.7", 50000))
    refused = elsewhere.post("/activate", data={"user_code": late["user_code"], "decision": "authorize"})
    assert refused.status_code == 403 and "only from a browser on the computer" in refused.text
    # Nor see the page, which lists every staff member's name, login and id.
    page = elsewhere.get(code["verification_uri"].replace("http://testserver", ""))
    assert page.status_code == 403 and "studio_staff_" not in page.text and "<option" not in page.text


def test_device_codes_are_capped_and_expired_ones_swept(world, monkeypatch):
    # Only the public client_id is needed for a device code: a stranger must not fill memory with them.
    monkeypatch.setattr(twitch_oauth, "MAX_LIVE_GRANTS", 3)
    first = [world.device() for _ in range(3)]
    refused = world.http.post("/oauth2/device", data={"client_id": world.client_id, "scopes": "chat:read"})
    assert refused.status_code == 429 and refused.json() == {"status": 429, "message": "Too Many Requests"}
    world.t += 1801                                   # the three expire: room again
    late = world.device()
    assert world.poll(first[0]["device_code"]).json()["message"] == "expired_token"   # still answered so a while
    world.t += 1800
    world.device()                                    # a TTL past expiry they are gone
    assert set(world.twitch.oauth.grants).isdisjoint(c["device_code"] for c in first)
    assert len(world.twitch.oauth.grants) == 2 and late["device_code"] in world.twitch.oauth.grants


def test_tokens_validate_expire_and_refresh_once(world):
    tokens = world.sign_in()
    valid = world.http.get("/oauth2/validate", headers={"Authorization": f"OAuth {tokens['access_token']}"}).json()
    assert valid["client_id"] == world.client_id and valid["scopes"] == list(SCOPES)
    assert valid["login"] == world.twitch.announcement(1)["sign_in_as"] and valid["expires_in"] == 14400
    world.t += 14401
    expired = world.helix("GET", "/users", tokens)
    assert expired.status_code == 401
    assert expired.json() == {"error": "Unauthorized", "status": 401, "message": "Invalid OAuth token"}
    assert world.http.get("/oauth2/validate", headers={"Authorization": f"OAuth {tokens['access_token']}"}).json() == \
        {"status": 401, "message": "invalid access token"}
    form = {"client_id": world.client_id, "grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]}
    renewed = world.http.post("/oauth2/token", data=form).json()
    assert world.helix("GET", "/users", renewed).status_code == 200
    again = world.http.post("/oauth2/token", data=form)
    assert again.status_code == 400 and again.json()["message"] == "Invalid refresh token"   # single use


def test_helix_is_strict(world):
    tokens = world.sign_in()
    me = world.me(tokens)
    viewer, _ = world.viewer_comment()
    params = {"broadcaster_id": world.channel, "moderator_id": me}
    ban = {"data": {"user_id": str(VIEWER_BASE + viewer), "duration": 60}}
    assert world.helix("POST", "/moderation/bans", tokens, client_id="someone-else", params=params,
                       json=ban).json()["message"] == "Client ID and OAuth token do not match"
    mismatch = world.helix("POST", "/moderation/bans", tokens, params={**params, "moderator_id": "123"}, json=ban)
    assert mismatch.status_code == 401 and "must match the user ID" in mismatch.json()["message"]
    too_long = world.helix("POST", "/moderation/bans", tokens, params=params,
                           json={"data": {**ban["data"], "duration": 1_209_601}})
    assert too_long.status_code == 400
    narrow = world.sign_in(scopes=("user:read:chat",))
    missing = world.helix("POST", "/moderation/bans", narrow, params={**params, "moderator_id": world.me(narrow)},
                          json=ban)
    assert missing.json() == {"error": "Unauthorized", "status": 401,
                              "message": "Missing scope: moderator:manage:banned_users"}
    visitor = world.sign_in("studio_visitor")
    refused = world.helix("POST", "/moderation/bans", visitor, params={**params, "moderator_id": world.me(visitor)},
                          json=ban)
    assert refused.status_code == 403 and refused.json()["error"] == "Forbidden"
    ok = world.helix("POST", "/moderation/bans", tokens, params=params, json=ban)
    assert ok.status_code == 200 and ok.headers["Ratelimit-Limit"] == "800"
    assert int(ok.headers["Ratelimit-Remaining"]) < 800 and int(ok.headers["Ratelimit-Reset"]) > world.t


def test_the_bucket_runs_out_with_429(world):
    tokens = world.sign_in()
    world.twitch.config.rate_limit_per_min = 3
    answers = [world.helix("GET", "/users", tokens) for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert answers[2].headers["Ratelimit-Remaining"] == "0" and answers[3].headers["Ratelimit-Remaining"] == "0"
    assert answers[3].json() == {"error": "Too Many Requests", "status": 429, "message": "Too Many Requests"}
    world.t = (int(answers[3].headers["Ratelimit-Reset"]))
    assert world.helix("GET", "/users", tokens).status_code == 200


def test_moderation_acts_on_the_studio_room(world):
    tokens = world.sign_in()
    params = {"broadcaster_id": world.channel, "moderator_id": world.me(tokens)}
    viewer, comment = world.viewer_comment("加v123456")
    user = str(VIEWER_BASE + viewer)
    timed = world.helix("POST", "/moderation/bans", tokens, params=params, json={"data": {"user_id": user, "duration": 600}})
    assert timed.json()["data"][0]["end_time"] is not None
    assert world.studio.moderation.viewer_card(world.room_id, viewer)["muted_until"] == world.t + 600
    assert world.helix("DELETE", "/moderation/bans", tokens, params={**params, "user_id": user}).status_code == 204
    assert world.helix("DELETE", "/moderation/bans", tokens, params={**params, "user_id": user}).json()["message"] == \
        "user is not banned"
    world.helix("POST", "/moderation/bans", tokens, params=params, json={"data": {"user_id": user}})
    assert world.studio.moderation.viewer_card(world.room_id, viewer)["banned"]
    assert world.helix("POST", "/moderation/bans", tokens, params=params,
                       json={"data": {"user_id": user}}).json()["message"] == "user is already banned"
    deleted = world.helix("DELETE", "/moderation/chat", tokens, params={**params, "message_id": message_uuid(comment)})
    assert deleted.status_code == 204
    assert world.studio.comments.list_comments(world.room_id, None, comment + 1, 1)[0]["deleted"]
    settings = world.helix("PATCH", "/chat/settings", tokens, params=params, json={"emote_mode": True}).json()
    assert settings["data"][0]["emote_mode"] is True and world.studio.rooms.get(world.room_id)["mute_all"]
    sent = world.helix("POST", "/chat/messages", tokens, json={"broadcaster_id": world.channel,
                                                                "sender_id": world.me(tokens), "message": "欢迎"})
    assert sent.json()["data"][0]["is_sent"] is True


def test_eventsub_socket(world):
    tokens = world.sign_in()
    me = world.me(tokens)
    with world.http.websocket_connect("/ws?keepalive_timeout_seconds=5") as ws:
        welcome = ws.receive_json()
        session = welcome["payload"]["session"]
        assert welcome["metadata"]["message_type"] == "session_welcome"
        assert session["status"] == "connected" and session["keepalive_timeout_seconds"] == 10   # clamped to 10–600
        body = {"type": "channel.chat.message", "version": "1",
                "condition": {"broadcaster_user_id": world.channel, "user_id": me},
                "transport": {"method": "websocket", "session_id": session["id"]}}
        created = world.helix("POST", "/eventsub/subscriptions", tokens, json=body)
        assert created.status_code == 202 and created.json()["data"][0]["status"] == "enabled"
        assert world.helix("POST", "/eventsub/subscriptions", tokens, json=body).status_code == 409
        other = world.helix("POST", "/eventsub/subscriptions", tokens,
                            json={**body, "condition": {**body["condition"], "user_id": "1"}})
        assert other.status_code == 403
        viewer, comment = world.viewer_comment("有XL吗")
        note = ws.receive_json()
        assert note["metadata"]["message_type"] == "notification"
        assert note["metadata"]["subscription_type"] == "channel.chat.message"
        event = note["payload"]["event"]
        assert (event["chatter_user_id"], event["message_id"], event["message"]["text"]) == \
            (str(VIEWER_BASE + viewer), message_uuid(comment), "有XL吗")
        assert world.http.put("/api/v1/_twitch", json={"reconnect": True}, headers=world_anchor(world)).status_code == 200
        moving = ws.receive_json()
        assert moving["metadata"]["message_type"] == "session_reconnect"
        url = moving["payload"]["session"]["reconnect_url"]
        with world.http.websocket_connect(url.split("testserver", 1)[1]) as moved:
            assert moved.receive_json()["metadata"]["message_type"] == "session_welcome"
            world.viewer_comment("还在吗")
            texts = set()
            for _ in range(4):    # the last few resent (same ids), then the new one
                frame = moved.receive_json()
                texts.add(frame["payload"]["event"]["message"]["text"])
                if "还在吗" in texts:
                    break
            assert "还在吗" in texts
            assert world.http.put("/api/v1/_twitch", json={"revoke": "moderator_removed"}, headers=world_anchor(world)).status_code == 200
            revoked = moved.receive_json()
            assert revoked["metadata"]["message_type"] == "revocation"
            assert revoked["payload"]["subscription"]["status"] == "moderator_removed"
            moved.send_text("hello")
            with pytest.raises(WebSocketDisconnect) as closed:
                while True:
                    moved.receive_json()
            assert closed.value.code == 4001                 # "client sent inbound traffic"


def world_anchor(world) -> dict:
    token = world.studio.accounts.ensure_default_staff()["anchor"]
    return {"Authorization": f"Bearer {token}"}


def test_a_long_chat_message_passes_studios_request_guard(world):
    tokens = world.sign_in()
    text = "直播间福利" * 100                          # 500 characters, 1,500 bytes
    sent = world.helix("POST", "/chat/messages", tokens, json={"broadcaster_id": world.channel,
                                                                "sender_id": world.me(tokens), "message": text})
    assert sent.status_code == 200 and sent.json()["data"][0]["is_sent"] is True
    too_long = world.helix("POST", "/chat/messages", tokens, json={"broadcaster_id": world.channel,
                                                                    "sender_id": world.me(tokens), "message": text + "!"})
    assert too_long.status_code == 400 and too_long.json()["status"] == 400
