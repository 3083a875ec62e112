"""A room's chat modes in Studio (slow mode, followers-only, shield) and announcements, in process on
a clock the test moves: the routes (partial updates, ranges, permissions, idempotency, the room's
JSON and its event), each refusal of a viewer's comment (staff never refused), the Twitch
emulator's chat settings and shield mode being the same modes, the simulated audience under them,
and an older database gaining the columns. Runs on PostgreSQL too with `--studio-db postgresql`."""

from __future__ import annotations

import json
import random
import sqlite3
import warnings

import pytest

from anchor_console.studio.api import create_app, served
from anchor_console.studio.audience import Audience
from anchor_console.studio.demo import ensure_demo_room
from anchor_console.studio.migrations import SCHEMA_VERSION
from anchor_console.studio.services import Studio
from anchor_console.studio.store import StudioClock
from support.postgres import studio_database

with warnings.catch_warnings():   # Starlette's test client warns that it still runs on httpx
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

OFF = {"slow_mode_s": 0, "followers_only_min": None, "shield": False}


class World:
    def __init__(self, tmp_path, name: str = "studio") -> None:
        self.t = 1_780_000_000.0
        self.studio = Studio(str(studio_database(tmp_path, name)), clock=StudioClock(base=lambda: self.t))
        self.room_id = ensure_demo_room(self.studio)
        self.tokens = self.studio.accounts.ensure_default_staff()
        self.app = create_app(self.studio)
        self.http = TestClient(served(self.app))
        self.base = f"/api/v1/rooms/{self.room_id}"

    def as_role(self, role: str) -> dict:
        return {"Authorization": f"Bearer {self.tokens[role]}"}

    def modes(self, body: dict, role: str = "moderator", key: str | None = None, room_id: int | None = None):
        headers = {**self.as_role(role), **({"Idempotency-Key": key} if key else {})}
        return self.http.put(f"/api/v1/rooms/{room_id or self.room_id}/chat-modes", json=body, headers=headers)

    def viewer(self, nickname: str = "观众") -> dict:
        v = self.studio.accounts.join_as_viewer(nickname)
        return {**v, "headers": {"Authorization": f"Bearer {v['token']}"}}

    def comment(self, who: dict, text: str = "hi"):
        return self.http.post(f"{self.base}/comments", json={"text": text}, headers=who["headers"])

    def staff_comment(self, role: str = "moderator", text: str = "staff"):
        return self.http.post(f"{self.base}/comments", json={"text": text}, headers=self.as_role(role))

    def events(self, event_type: str) -> list[dict]:
        rows = self.studio.store.db.execute("SELECT data FROM events WHERE room_id = ? AND type = ? ORDER BY id",
                                            (self.room_id, event_type)).fetchall()
        return [json.loads(r[0]) for r in rows]


def opened(world):
    """`world` (this file's or the Twitch emulator tests') for one test, then its test client and
    its Studio's store closed."""
    yield world
    world.http.close()
    world.studio.store.close()


@pytest.fixture
def world(tmp_path):
    yield from opened(World(tmp_path))


# ---------------------------------------------------------------------------- the routes

def test_the_room_json_has_its_chat_modes_and_a_put_changes_only_what_it_names(world):
    assert world.http.get(world.base, headers=world.as_role("assistant")).json()["chat"] == OFF
    assert world.modes({"slow_mode_s": 10}).json()["chat"] == {**OFF, "slow_mode_s": 10}
    assert world.modes({"followers_only_min": 5}).json()["chat"] == {**OFF, "slow_mode_s": 10,
                                                                    "followers_only_min": 5}
    assert world.modes({"shield": True}).json()["chat"] == {"slow_mode_s": 10, "followers_only_min": 5, "shield": True}
    assert world.modes({"followers_only_min": None}).json()["chat"] == {**OFF, "slow_mode_s": 10, "shield": True}
    assert world.modes({}).json()["chat"] == {**OFF, "slow_mode_s": 10, "shield": True}   # nothing named: unchanged
    assert world.modes({"slow_mode_s": 0, "shield": False, "followers_only_min": 0}).json()["chat"] == \
        {**OFF, "followers_only_min": 0}
    listed = world.http.get("/api/v1/rooms", headers=world.as_role("anchor")).json()["items"]
    assert [r["chat"] for r in listed if r["id"] == world.room_id] == [{**OFF, "followers_only_min": 0}]
    snapshot = world.http.get(f"{world.base}/snapshot", headers=world.as_role("moderator")).json()
    assert snapshot["room"]["chat"] == {**OFF, "followers_only_min": 0}


@pytest.mark.parametrize("body,says", [
    ({"slow_mode_s": 1}, "3..120"), ({"slow_mode_s": 121}, "3..120"), ({"slow_mode_s": -5}, "3..120"),
    ({"followers_only_min": -1}, "0..129600"), ({"followers_only_min": 129_601}, "0..129600"),
    ({"slow_mode_s": True}, "slow_mode_s"), ({"slow_mode_s": "30"}, "slow_mode_s"), ({"slow_mode_s": None}, "slow_mode_s"),
    ({"shield": "yes"}, "shield"), ({"emote_mode": True}, "emote_mode")])
def test_a_mode_out_of_its_range_is_422_saying_the_range(world, body, says):
    refused = world.modes(body)
    assert refused.status_code == 422 and refused.json()["code"] == "invalid"
    assert says in refused.json()["message"]
    assert world.studio.rooms.get(world.room_id)["chat"] == OFF


def test_staff_set_the_modes_a_viewer_may_not_and_an_ended_room_refuses(world):
    viewer = world.viewer()
    refused = world.http.put(f"{world.base}/chat-modes", json={"shield": True}, headers=viewer["headers"])
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden"
    for role in ("moderator", "assistant", "anchor"):
        assert world.modes({"slow_mode_s": 30}, role=role).status_code == 200
    world.studio.rooms.end(world.room_id)
    ended = world.modes({"slow_mode_s": 60})
    assert ended.status_code == 409 and ended.json()["code"] == "room_ended"
    assert world.http.put("/api/v1/rooms/9999/chat-modes", json={"shield": True},
                          headers=world.as_role("moderator")).status_code == 404


def test_a_change_emits_room_updated_with_the_modes_and_a_replayed_key_applies_once(world):
    before = len(world.events("room.updated"))
    first = world.modes({"slow_mode_s": 20, "shield": True}, key="modes-1")
    again = world.modes({"slow_mode_s": 20, "shield": True}, key="modes-1")
    assert first.status_code == again.status_code == 200 and first.json() == again.json()
    updates = world.events("room.updated")
    assert len(updates) == before + 1
    assert updates[-1]["room"]["chat"] == {**OFF, "slow_mode_s": 20, "shield": True}
    reused = world.modes({"slow_mode_s": 30}, key="modes-1")
    assert reused.status_code == 422 and reused.json()["code"] == "idempotency_key_reused"
    world.modes({"slow_mode_s": 20})                      # no change: no event
    assert len(world.events("room.updated")) == before + 1


# ---------------------------------------------------------------------------- a viewer's comment

def test_slow_mode_refuses_a_viewer_until_the_wait_is_over(world):
    world.modes({"slow_mode_s": 30})
    alice, bob = world.viewer("alice"), world.viewer("bob")
    assert world.comment(alice).status_code == 201
    world.t += 12
    refused = world.comment(alice)
    assert refused.status_code == 403
    assert refused.json() == {"code": "slow_mode", "message": "Slow mode is on: you can comment again in 18 s.",
                              "retry_after_s": 18}
    assert refused.headers["Retry-After"] == "18"
    assert world.comment(bob).status_code == 201            # per viewer
    world.t += 17.5
    assert world.comment(alice).json()["retry_after_s"] == 1   # 0.5 s left: rounded up
    world.t += 0.5
    assert world.comment(alice).status_code == 201
    world.modes({"slow_mode_s": 0})
    assert world.comment(alice).status_code == 201           # off: at once


def test_slow_mode_counts_per_room(world, tmp_path):
    other = world.studio.rooms.create("另一个直播间")["id"]
    world.studio.rooms.start(other)
    world.modes({"slow_mode_s": 60})
    world.modes({"slow_mode_s": 60}, room_id=other)
    alice = world.viewer("alice")
    assert world.comment(alice).status_code == 201
    there = world.http.post(f"/api/v1/rooms/{other}/comments", json={"text": "hi"}, headers=alice["headers"])
    assert there.status_code == 201


def test_followers_only_needs_a_follow_old_enough(world):
    world.modes({"followers_only_min": 10})
    carol = world.viewer("carol")
    refused = world.comment(carol)
    assert refused.status_code == 403 and refused.json()["code"] == "followers_only"
    assert "Only followers" in refused.json()["message"]
    assert world.http.post(f"{world.base}/follow", headers=carol["headers"]).status_code == 200
    world.t += 9 * 60
    assert world.comment(carol).json()["code"] == "followers_only"     # followed 9 minutes ago: too new
    world.t += 60
    assert world.comment(carol).status_code == 201                     # 10 minutes
    world.modes({"followers_only_min": 0})
    dave = world.viewer("dave")
    world.http.post(f"{world.base}/follow", headers=dave["headers"])
    assert world.comment(dave).status_code == 201                      # 0: any follower, at once


def test_shield_mode_lets_followers_and_buyers_comment_only(world):
    world.modes({"shield": True})
    follower, buyer, stranger = world.viewer("follower"), world.viewer("buyer"), world.viewer("stranger")
    world.http.post(f"{world.base}/follow", headers=follower["headers"])
    bought = world.http.post(f"{world.base}/orders", json={"sku_id": 10011}, headers=buyer["headers"])
    assert bought.status_code == 201, bought.text
    assert world.comment(follower).status_code == 201
    assert world.comment(buyer).status_code == 201
    refused = world.comment(stranger)
    assert refused.status_code == 403 and refused.json()["code"] == "shield_mode"
    assert "Shield mode" in refused.json()["message"]


def test_staff_are_never_limited_and_other_refusals_come_first(world):
    world.modes({"slow_mode_s": 120, "followers_only_min": 129_600, "shield": True})
    for _ in range(3):
        assert world.staff_comment("moderator").status_code == 201
    assert world.staff_comment("anchor").status_code == 201
    viewer = world.viewer()
    world.http.put(f"{world.base}/mute-all", json={"muted": True}, headers=world.as_role("moderator"))
    assert world.comment(viewer).json()["code"] == "room_muted"


# ---------------------------------------------------------------------------- announcements

def test_an_announcement_is_a_staff_comment_with_its_color(world):
    made = world.http.post(f"{world.base}/announcements", json={"text": "今晚 8 点抽奖", "color": "purple"},
                           headers=world.as_role("moderator"), )
    assert made.status_code == 201
    comment = made.json()
    assert comment["announcement"] == "purple" and comment["is_staff"] and comment["text"] == "今晚 8 点抽奖"
    assert world.events("comment.created")[-1]["comment"]["announcement"] == "purple"
    plain = world.http.post(f"{world.base}/announcements", json={"text": "hello"}, headers=world.as_role("anchor"))
    assert plain.json()["announcement"] == "primary"
    assert world.staff_comment().json()["announcement"] is None
    listed = world.http.get(f"{world.base}/comments", headers=world.as_role("assistant")).json()["items"]
    assert [c["announcement"] for c in listed[-3:]] == ["purple", "primary", None]
    viewer = world.viewer()
    assert world.http.post(f"{world.base}/announcements", json={"text": "hi"},
                           headers=viewer["headers"]).status_code == 403
    for bad in ({"text": "hi", "color": "red"}, {"text": ""}, {"text": "长" * 501}):
        assert world.http.post(f"{world.base}/announcements", json=bad,
                               headers=world.as_role("moderator")).status_code == 422


def test_an_announcement_key_replays_without_a_second_comment(world):
    headers = {**world.as_role("moderator"), "Idempotency-Key": "ann-1"}
    first = world.http.post(f"{world.base}/announcements", json={"text": "上新", "color": "green"}, headers=headers)
    again = world.http.post(f"{world.base}/announcements", json={"text": "上新", "color": "green"}, headers=headers)
    assert first.status_code == again.status_code == 201 and first.json() == again.json()
    assert sum(1 for e in world.events("comment.created") if e["comment"]["text"] == "上新") == 1


# ---------------------------------------------------------------------------- the Twitch emulator

@pytest.fixture
def twitch(tmp_path):
    from test_studio_twitch_emulator import World as TwitchWorld

    yield from opened(TwitchWorld(tmp_path))


def _studio_put(w, body: dict):
    token = w.studio.accounts.ensure_default_staff()["moderator"]
    return w.http.put(f"/api/v1/rooms/{w.room_id}/chat-modes", json=body, headers={"Authorization": f"Bearer {token}"})


def test_twitch_chat_settings_are_the_studio_rooms_modes(twitch):
    tokens = twitch.sign_in()
    params = {"broadcaster_id": twitch.channel, "moderator_id": twitch.me(tokens)}
    patched = twitch.helix("PATCH", "/chat/settings", tokens, params=params,
                           json={"slow_mode": True, "slow_mode_wait_time": 10, "follower_mode": True,
                                 "follower_mode_duration": 30, "subscriber_mode": True}).json()["data"][0]
    assert (patched["slow_mode"], patched["slow_mode_wait_time"]) == (True, 10)
    assert (patched["follower_mode"], patched["follower_mode_duration"]) == (True, 30)
    assert patched["subscriber_mode"] is True                      # kept by the emulator
    assert twitch.studio.rooms.get(twitch.room_id)["chat"] == {"slow_mode_s": 10, "followers_only_min": 30,
                                                              "shield": False}
    # …and the other way: Studio's own API, read back through Helix.
    assert _studio_put(twitch, {"slow_mode_s": 0, "followers_only_min": None}).status_code == 200
    settings = twitch.helix("GET", "/chat/settings", tokens, params={"broadcaster_id": twitch.channel}).json()
    got = settings["data"][0]
    assert (got["slow_mode"], got["slow_mode_wait_time"], got["follower_mode"], got["follower_mode_duration"]) == \
        (False, None, False, None)
    assert got["subscriber_mode"] is True
    _studio_put(twitch, {"slow_mode_s": 45})
    got = twitch.helix("GET", "/chat/settings", tokens, params={"broadcaster_id": twitch.channel}).json()["data"][0]
    assert (got["slow_mode"], got["slow_mode_wait_time"]) == (True, 45)
    # Twitch's own defaults: slow mode on without a wait is 30 s; follower mode without a duration is 0.
    twitch.helix("PATCH", "/chat/settings", tokens, params=params, json={"slow_mode": True, "follower_mode": True})
    assert twitch.studio.rooms.get(twitch.room_id)["chat"]["slow_mode_s"] == 30
    assert twitch.studio.rooms.get(twitch.room_id)["chat"]["followers_only_min"] == 0
    off = twitch.helix("PATCH", "/chat/settings", tokens, params=params, json={"slow_mode": False}).json()["data"][0]
    assert off["slow_mode_wait_time"] is None and twitch.studio.rooms.get(twitch.room_id)["chat"]["slow_mode_s"] == 0


def test_twitch_slow_mode_is_enforced_on_studio_viewers(twitch):
    tokens = twitch.sign_in()
    params = {"broadcaster_id": twitch.channel, "moderator_id": twitch.me(tokens)}
    twitch.helix("PATCH", "/chat/settings", tokens, params=params, json={"slow_mode": True, "slow_mode_wait_time": 60})
    v = twitch.studio.accounts.join_as_viewer("观众")
    headers = {"Authorization": f"Bearer {v['token']}"}
    path = f"/api/v1/rooms/{twitch.room_id}/comments"
    assert twitch.http.post(path, json={"text": "1"}, headers=headers).status_code == 201
    assert twitch.http.post(path, json={"text": "2"}, headers=headers).json()["code"] == "slow_mode"


def test_twitch_shield_mode_is_the_studio_rooms_shield(twitch):
    tokens = twitch.sign_in()
    params = {"broadcaster_id": twitch.channel, "moderator_id": twitch.me(tokens)}
    on = twitch.helix("PUT", "/moderation/shield_mode", tokens, params=params, json={"is_active": True}).json()["data"][0]
    assert on["is_active"] is True and on["moderator_id"] == twitch.me(tokens) and on["last_activated_at"]
    assert twitch.studio.rooms.get(twitch.room_id)["chat"]["shield"] is True
    assert _studio_put(twitch, {"shield": False}).json()["chat"]["shield"] is False
    got = twitch.helix("GET", "/moderation/shield_mode", tokens, params=params).json()["data"][0]
    assert got["is_active"] is False and got["last_activated_at"] == on["last_activated_at"]
    _studio_put(twitch, {"shield": True})
    assert twitch.helix("GET", "/moderation/shield_mode", tokens, params=params).json()["data"][0]["is_active"] is True


def test_a_twitch_announcement_is_a_studio_announcement(twitch):
    tokens = twitch.sign_in()
    params = {"broadcaster_id": twitch.channel, "moderator_id": twitch.me(tokens)}
    sent = twitch.helix("POST", "/chat/announcements", tokens, params=params, json={"message": "上新啦", "color": "blue"})
    assert sent.status_code == 204
    newest = twitch.studio.comments.list_comments(twitch.room_id, None, None, 1000)[-1]
    assert newest["text"] == "上新啦" and newest["announcement"] == "blue" and newest["is_staff"]
    twitch.helix("POST", "/chat/announcements", tokens, params=params, json={"message": "默认"})
    assert twitch.studio.comments.list_comments(twitch.room_id, None, None, 1000)[-1]["announcement"] == "primary"


# ---------------------------------------------------------------------------- the simulated audience

def _run_audience(world: World, room_id: int, seconds: float, audience: Audience | None = None,
                  seed: int = 7, dt: float = 0.1) -> tuple[Audience, list]:
    """The audience of one room for `seconds` of Studio time (its clock moved by the test), seeded;
    the viewer comments it made meanwhile."""
    audience = audience or Audience(world.studio, rng=random.Random(seed))
    aud = audience.room(room_id)
    audience.configure(room_id, enabled=True, comments_per_s=20, viewers=40)
    before = world.studio.comments.list_comments(room_id, None, None, 100_000)
    for step in range(int(seconds / dt)):
        world.t += dt
        audience.step(aud, dt, world.t)
    after_id = before[-1]["id"] if before else 0
    comments = [c for c in world.studio.comments.list_comments(room_id, after_id, None, 100_000) if not c["is_staff"]]
    return audience, comments


def _live_room(world: World, title: str, **modes) -> int:
    room_id = world.studio.rooms.create(title)["id"]
    world.studio.rooms.start(room_id)
    if modes:
        world.studio.moderation.set_chat_modes(room_id, **modes)
    return room_id


def test_the_audience_comments_less_under_slow_mode_and_never_faster_than_it(world):
    _, free = _run_audience(world, _live_room(world, "free"), 30)
    _, slow = _run_audience(world, _live_room(world, "slow", slow_mode_s=20), 30)
    assert len(free) > 400                       # 20 a second for 30 s
    assert 0 < len(slow) < len(free) / 3, (len(slow), len(free))
    last: dict[str, float] = {}
    for c in slow:
        who = c["user"]["id"]
        assert who not in last or c["created_at"] - last[who] >= 20
        last[who] = c["created_at"]


def test_under_followers_only_the_audience_follows_then_comments(world):
    room_id = _live_room(world, "followers", followers_only_min=1)
    audience, early = _run_audience(world, room_id, 30, seed=11)
    assert early == []                            # nobody has followed for a minute yet
    followers = world.studio.store.db.execute("SELECT COUNT(*) FROM follows WHERE room_id = ?", (room_id,)).fetchone()[0]
    assert followers > 0
    _, later = _run_audience(world, room_id, 60, audience)
    assert len(later) > 50
    followed = {r[0] for r in world.studio.store.db.execute("SELECT viewer_id FROM follows").fetchall()}
    assert {int(c["user"]["id"][1:]) for c in later} <= followed


def test_under_shield_the_audience_comments_only_as_followers_or_buyers(world):
    room_id = _live_room(world, "shield", shield=True)
    _, comments = _run_audience(world, room_id, 30, seed=5)
    db = world.studio.store.db
    allowed = {r[0] for r in db.execute("SELECT viewer_id FROM follows").fetchall()} | \
              {r[0] for r in db.execute("SELECT viewer_id FROM orders WHERE room_id = ?", (room_id,)).fetchall()}
    assert comments and {int(c["user"]["id"][1:]) for c in comments} <= allowed


# ---------------------------------------------------------------------------- an older database

def test_an_older_database_gains_the_chat_mode_columns_all_off(tmp_path):
    path = tmp_path / "old.sqlite"
    studio = Studio(str(path))
    room_id = studio.rooms.create("旧直播间")["id"]
    studio.store.close()
    db = sqlite3.connect(path)
    for table, column in (("rooms", "slow_mode_s"), ("rooms", "followers_only_min"), ("rooms", "shield"),
                          ("comments", "announcement")):
        db.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    db.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
    db.commit()
    db.close()
    studio = Studio(str(path))
    try:
        assert studio.rooms.get(room_id)["chat"] == OFF
        assert studio.store.meta("schema_version") == str(SCHEMA_VERSION)   # 4 and every step after it
    finally:
        studio.store.close()


# ---------------------------------------------------------------------------- chat through Tencent Cloud IM

@pytest.mark.asyncio
async def test_a_room_chatting_through_im_keeps_its_slow_mode_and_shield(tmp_path):
    from support.tencent_im_world import GROUP, make_world

    im = make_world(tmp_path)
    try:
        im.studio.moderation.set_chat_modes(im.room_id, slow_mode_s=120)
        assert (await im.callbacks.send_text(GROUP, "im_viewer", "first", random=1))["sent"] is True
        assert (await im.callbacks.send_text(GROUP, "im_viewer", "again", random=2))["sent"] is False
        assert (await im.callbacks.send_text(GROUP, "im_other", "hello", random=3))["sent"] is True
        im.studio.moderation.set_chat_modes(im.room_id, slow_mode_s=0, shield=True)
        assert (await im.callbacks.send_text(GROUP, "im_other", "raid", random=4))["sent"] is False
        assert [c["text"] for c in im.comments()] == ["first", "hello"]
    finally:
        await im.aclose()


def test_slow_mode_forgets_viewers_past_the_longest_wait(world, monkeypatch):
    from anchor_console.studio.services import chat_modes

    monkeypatch.setattr(chat_modes, "_FORGET_AFTER", 10)
    gate = world.studio.moderation.chat_gate
    gate.noted(world.room_id, list(range(1, 10)), world.t)
    world.t += 121
    gate.noted(world.room_id, [100, 101], world.t)     # past the limit: those older than 120 s go
    assert set(gate._last[world.room_id]) == {100, 101}
    slow = chat_modes.ChatModes(slow_mode_s=120)
    assert gate.slow_mode_wait(world.room_id, 100, slow) == 120 and gate.slow_mode_wait(world.room_id, 1, slow) == 0
