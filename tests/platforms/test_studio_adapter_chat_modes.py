"""Studio's chat modes through the Studio adapter, against a real Studio process: PUT
/api/v1/rooms/{id}/chat-modes (partial: one mode changes, the others stay), POST
/api/v1/rooms/{id}/announcements (a staff comment in a colour, once per Idempotency-Key), refusals
in the operator's words (out of range, an ended room), the moderator role may, and a room JSON
without `chat` (an older Studio) reads as all modes off. The conformance suite checks the
capability contract (set, same key, event, off); this file the rest."""

from __future__ import annotations

import httpx
import pytest
import pytest_asyncio
from test_conformance import key, live_room, module_studio, post_viewer_comment

from anchor_console.domain.models import ChatModes
from anchor_console.platforms import errors as pe
from anchor_console.platforms.studio import StudioPlatform
from anchor_console.platforms.studio_json import parse_comment, parse_room
from anchor_console.platforms.transport import Endpoint, RetryPolicy


@pytest.fixture(scope="module")
def studio(tmp_path_factory):
    with module_studio(tmp_path_factory, "studio-chat-modes") as s:
        yield s


@pytest_asyncio.fixture
async def moderator(studio):
    async with httpx.AsyncClient() as client:
        yield StudioPlatform("conn", Endpoint(studio.url, studio.tokens["moderator"]), client,
                             retry=RetryPolicy(max_attempts=2, base_delay=0.05))


def fresh_room(studio) -> str:
    return str(live_room(studio, (), title="chat modes"))


@pytest.mark.asyncio
async def test_modes_change_one_at_a_time_and_the_snapshot_has_them(moderator, studio):
    room_id = fresh_room(studio)
    assert (await moderator.snapshot(room_id)).room.chat == ChatModes()
    await moderator.set_slow_mode(room_id, 10, key=key())
    await moderator.set_followers_only(room_id, 1440, key=key())
    room = await moderator.set_shield_mode(room_id, True, key=key())
    assert room.chat == ChatModes(slow_mode_s=10, followers_only_min=1440, shield=True)
    assert (await moderator.snapshot(room_id)).room.chat == room.chat
    room = await moderator.set_followers_only(room_id, None, key=key())
    assert room.chat == ChatModes(slow_mode_s=10, followers_only_min=None, shield=True)


@pytest.mark.asyncio
async def test_a_viewer_is_held_to_the_modes_the_console_set(moderator, studio):
    room_id = fresh_room(studio)
    await moderator.set_slow_mode(room_id, 60, key=key())
    with httpx.Client(base_url=studio.url, timeout=10) as c:
        v = c.post("/api/v1/viewers", json={"nickname": "观众"}).json()
        auth = {"Authorization": f"Bearer {v['token']}"}
        assert c.post(f"/api/v1/rooms/{room_id}/comments", json={"text": "一"}, headers=auth).status_code == 201
        again = c.post(f"/api/v1/rooms/{room_id}/comments", json={"text": "二"}, headers=auth)
    assert again.status_code == 403 and again.json()["code"] == "slow_mode"
    await moderator.set_slow_mode(room_id, 0, key=key())
    post_viewer_comment(studio, room_id, "慢速模式关了")   # another viewer, and the mode is off


@pytest.mark.asyncio
async def test_refusals_in_the_operators_words(moderator, studio):
    room_id = fresh_room(studio)
    with pytest.raises(pe.InvalidRequest) as info:
        await moderator.set_slow_mode(room_id, 2, key=key())
    assert "3" in info.value.message.english() and "120" in info.value.message.english()
    with pytest.raises(pe.InvalidRequest):
        await moderator.set_followers_only(room_id, 129_601, key=key())
    with pytest.raises(pe.InvalidRequest):
        await moderator.announce(room_id, "hi", "red", key=key())
    with pytest.raises(pe.InvalidRequest):
        await moderator.announce(room_id, "x" * 501, key=key())
    with studio.client("anchor") as c:
        c.post(f"/api/v1/rooms/{room_id}/end")
    with pytest.raises(pe.Conflict) as ended:
        await moderator.set_shield_mode(room_id, True, key=key())
    assert ended.value.message.english() == "The room has ended."


@pytest.mark.asyncio
async def test_an_announcement_is_a_staff_comment_in_its_colour_once_per_key(moderator, studio):
    room_id = fresh_room(studio)
    k = key()
    first = await moderator.announce(room_id, "今晚8点抽奖", "orange", key=k)
    again = await moderator.announce(room_id, "今晚8点抽奖", "orange", key=k)
    assert first == again and first.announcement == "orange" and first.is_staff and first.connection_id == "conn"
    history = await moderator.comment_history(room_id, limit=50)
    assert [c.id for c in history if c.text == "今晚8点抽奖"] == [first.id]
    plain = await moderator.post_comment(room_id, "普通的员工发言", key=key())
    assert plain.announcement is None


def test_an_older_studio_without_chat_modes_still_parses():
    room = parse_room({"id": 7, "title": "旧版", "status": "live", "stage_product_id": None})
    assert room.chat == ChatModes()
    comment = parse_comment({"id": 1, "room_id": 7, "user": {"id": "s1", "nickname": "主播"}, "text": "hi",
                             "created_at": 1.0, "is_staff": True})
    assert comment.announcement is None
    room = parse_room({"id": 7, "title": "新版", "status": "live", "stage_product_id": None,
                       "chat": {"slow_mode_s": 30, "followers_only_min": 0, "shield": True}})
    assert room.chat == ChatModes(30, 0, True)
