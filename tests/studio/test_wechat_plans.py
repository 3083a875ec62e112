"""Live plans through WeChat mini-program live, end to end in one process: the adapter uploads the
cover (media/upload, multipart) and plans the room on Studio's WeChat emulator, and each rule the
emulator enforces (room/create's errcodes) reaches the operator as the rule in words — an expired
cover's media id (40007, after 3 days), a start the emulator's clock puts in the past (200002), an
anchor not real-name verified (300036) — while nothing is sent for what the adapter can check."""

from __future__ import annotations

import httpx
import pytest
import pytest_asyncio
from wechat_world import World

from anchor_console.domain.models import RoomPlan, RoomStatus
from anchor_console.platforms import errors as pe
from anchor_console.platforms.wechat_auth import WeChatCredentials
from anchor_console.platforms.wechat_live import WeChatLivePlatform
from anchor_console.studio.api import served

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
       b"\x00\x00\x00\x0cIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")


class SkewedClock:
    """The console's clock: the emulator's, `behind` seconds late (a computer whose clock is off)."""

    def __init__(self, world: World, behind: float = 0.0) -> None:
        self.world, self.behind = world, behind

    def now(self) -> float:
        return self.world.now() - self.behind

    def monotonic(self) -> float:
        return self.world.time()


@pytest.fixture
def world(tmp_path) -> World:
    return World(tmp_path)


@pytest_asyncio.fixture
async def client(world):
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=served(world.app))) as c:
        yield c


def live(world: World, client: httpx.AsyncClient, behind: float = 0.0) -> WeChatLivePlatform:
    creds = WeChatCredentials(world.wechat.mini_program["appid"], world.wechat.mini_program["secret"])
    return WeChatLivePlatform("wx", creds, client, base_url="http://studio", clock=SkewedClock(world, behind))


def plan(world: World, cover: str, **change) -> RoomPlan:
    start = world.now() + 3600
    fields = dict(title="春季上新专场", starts_at=start, ends_at=start + 7200, anchor_name="小美主播",
                  anchor_account="studio_anchor", cover_image=cover, share_image=cover, feeds_image=cover)
    return RoomPlan(**{**fields, **change})


@pytest.mark.asyncio
async def test_a_plan_with_an_uploaded_cover_is_a_scheduled_room(world, client):
    adapter = live(world, client)
    cover = await adapter.upload_image(PNG, "封面.png", key="k1")
    room = await adapter.schedule_room(plan(world, cover), key="plan-1")
    assert room.status is RoomStatus.SCHEDULED and world.studio.rooms.get(int(room.id))["status"] == "scheduled"
    (planned,) = [p for p in await adapter.list_plans() if p.room.id == room.id]
    assert (planned.plan.anchor_name, planned.subscribers) == ("小美主播", None)
    assert cover in planned.cover_url
    with pytest.raises(pe.InvalidRequest) as info:
        await adapter.upload_image(b"GIF89a", "x.gif", key="k2")          # checked before sending
    assert "PNG or JPEG" in info.value.message.english()


@pytest.mark.asyncio
async def test_an_expired_cover_is_refused_in_words(world, client):
    adapter = live(world, client)
    cover = await adapter.upload_image(PNG, "cover.png", key="k1")
    world.time.advance(3 * 86400 + 60)                                     # a media id lives 3 days
    adapter = live(world, client)
    with pytest.raises(pe.InvalidRequest) as info:
        await adapter.schedule_room(plan(world, cover), key="plan-2")
    assert info.value.code == "40007"
    assert info.value.message.english() == ("The live plan breaks a WeChat rule: the cover or share image is not a "
                                            "valid WeChat media id: upload it again (an uploaded image is valid for "
                                            "3 days)")
    assert len(world.studio.rooms.list_rooms()) == 1                       # the demo room only


@pytest.mark.asyncio
async def test_times_the_emulator_refuses_are_the_time_rule_in_words(world, client):
    adapter = live(world, client, behind=1800)     # the console thinks it is half an hour earlier
    p = plan(world, "", starts_at=world.now() - 1800 + 900, ends_at=world.now() - 1800 + 900 + 3600)
    with pytest.raises(pe.InvalidRequest) as info:
        await adapter.schedule_room(p, key="plan-3")
    assert info.value.code == "200002"
    assert "at least 10 minutes from now and within 6 months, and a live must last from 30 minutes" in \
        info.value.message.english()


@pytest.mark.asyncio
async def test_an_unverified_anchor_and_the_rules_checked_before_sending(world, client):
    adapter = live(world, client)
    with pytest.raises(pe.Conflict) as info:
        await adapter.schedule_room(plan(world, "", anchor_account="nobody_verified"), key="plan-4")
    assert info.value.code == "300036" and "real-name verified" in info.value.message.english()
    with pytest.raises(pe.InvalidRequest) as info:
        await adapter.schedule_room(plan(world, "", title="春"), key="plan-5")
    assert info.value.code == "plan_name" and "3 to 17 Chinese characters" in info.value.message.english()


def test_the_emulator_refuses_uploads_as_wechat_does(world):
    token = world.token()
    url = "/cgi-bin/media/upload"
    answer = world.http.post(url, params={"access_token": token, "type": "image"},
                             files={"media": ("a.txt", b"hello", "text/plain")}).json()
    assert answer["errcode"] == 40005
    assert world.http.post(url, params={"access_token": token, "type": "voice"},
                           files={"media": ("a.png", PNG, "image/png")}).json()["errcode"] == 40004
    assert world.http.post(url, params={"access_token": token, "type": "image"},
                           files={"other": ("a.png", PNG, "image/png")}).json()["errcode"] == 41005
    ok = world.http.post(url, params={"access_token": token, "type": "image"},
                         files={"media": ("a.png", PNG, "image/png")}).json()
    assert set(ok) == {"type", "media_id", "created_at"} and ok["type"] == "image"
