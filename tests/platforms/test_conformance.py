"""The contract every platform adapter must meet, run against each adapter (here: Studio, and
Studio emulating the real platforms' narrower capability sets; test_wechat_conformance.py runs the
same checks on the WeChat adapters against Studio's WeChat emulator).

For every capability: if the adapter declares it, the action works, a repeat with the same key
has no second effect, and the change arrives on the event stream; if it does not, the call raises
NotSupported naming the platform. Errors are typed."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import uuid

import httpx
import pytest
import pytest_asyncio

from anchor_console.domain import draw
from anchor_console.domain.capabilities import ALL_CAPABILITIES, Capability
from anchor_console.domain.giveaways import EntryRule, LuckyBagSetup, RedPacketSpec
from anchor_console.platforms import errors as pe
from anchor_console.domain.models import FlashSaleSpec
from anchor_console.platforms.base import Platform
from anchor_console.platforms.studio import PROFILES, StudioPlatform
from anchor_console.platforms.transport import Endpoint, RetryPolicy

C = Capability


def key() -> str:
    return uuid.uuid4().hex


async def refusal(error: type[pe.PlatformError], action) -> pe.PlatformError:
    """The error of type `error` that awaiting `action` raises (the test fails if it raises none)."""
    with pytest.raises(error) as info:
        await action
    return info.value


@contextlib.contextmanager
def module_studio(tmp_path_factory, name: str, *args: str):
    """A Studio process with the demo data and no simulated audience (more `args`, e.g. "--chaos"),
    for a whole module's fixture; stopped after."""
    from support.studio import start_studio

    s = start_studio(tmp_path_factory.mktemp(name), "--demo", "--audience", "0", *args, lasting=True)
    try:
        yield s
    finally:
        s.stop()


@pytest.fixture(scope="module")
def studio(tmp_path_factory):
    with module_studio(tmp_path_factory, "conformance") as s:
        yield s


def live_room(studio, products=(1001, 1002, 1003), *, title: str = "conformance") -> int:
    """A started room with these products listed, made through Studio's own API: its Studio id
    (each adapter's test names it as its platform does)."""
    with studio.client("anchor") as c:
        room = c.post("/api/v1/rooms", json={"title": title}).json()
        for pid in products:
            c.post(f"/api/v1/rooms/{room['id']}/shelf", json={"product_id": pid})
        c.post(f"/api/v1/rooms/{room['id']}/start")
    return room["id"]


def fresh_room(studio) -> str:
    return str(live_room(studio))


def post_viewer_comment(studio, room_id: str, text: str) -> str:
    with httpx.Client(base_url=studio.url, timeout=10) as c:
        v = c.post("/api/v1/viewers", json={"nickname": "观众"}).json()
        r = c.post(f"/api/v1/rooms/{room_id}/comments", json={"text": text},
                   headers={"Authorization": f"Bearer {v['token']}"})
        return str(r.json()["id"]), f"v{v['viewer_id']}"


def place_viewer_order(studio, room_id: str, sku_id: str) -> str:
    with httpx.Client(base_url=studio.url, timeout=10) as c:
        v = c.post("/api/v1/viewers", json={"nickname": "买家"}).json()
        r = c.post(f"/api/v1/rooms/{room_id}/orders", json={"sku_id": int(sku_id)},
                   headers={"Authorization": f"Bearer {v['token']}"})
        assert r.status_code == 201, r.text
        return str(r.json()["id"])


@pytest_asyncio.fixture(params=sorted(PROFILES))
async def adapter(request, studio):
    async with httpx.AsyncClient() as client:
        platform = StudioPlatform("conn", Endpoint(studio.url, studio.tokens["assistant"]), client,
                                  profile=request.param, retry=RetryPolicy(max_attempts=2, base_delay=0.05))
        yield platform


async def next_event(platform: Platform, room_id: str, last_id: int, wanted: str, timeout: float = 5.0):
    async def find():
        async with contextlib.aclosing(platform.events(room_id, last_event_id=last_id)) as events:
            async for event in events:
                if event.type == wanted:
                    return event

    return await asyncio.wait_for(find(), timeout)


async def stream_position(platform: Platform, room_id: str) -> int:
    """The room's last event id before an action: read on the side for Studio (the adapter under
    test starts fresh), through the adapter itself for platforms whose events it makes by polling."""
    if isinstance(platform, StudioPlatform):
        platform = StudioPlatform("probe", platform.endpoint, platform.client)
    return (await platform.snapshot(room_id)).last_event_id


async def exercise(platform: Platform, cap: Capability, studio, room_id: str) -> None:
    """Run one capability; returns only if it worked (idempotently, with an event)."""
    last = await stream_position(platform, room_id)
    k = key()
    if not (await exercise_room_and_money(platform, cap, room_id, last, k)
            or await exercise_chat_modes(platform, cap, room_id, last, k)
            or await exercise_comments_and_rest(platform, cap, studio, room_id, last, k)):
        raise AssertionError(f"no conformance check for {cap}")   # a new capability needs one


async def exercise_room_and_money(platform: Platform, cap: Capability, room_id: str, last: int, k: str) -> bool:
    if cap is C.ROOMS:
        rooms = await platform.list_rooms()
        assert any(r.id == room_id for r in rooms)
    elif cap is C.SHELF:
        item = await platform.add_to_shelf(room_id, "1004", key=k)
        again = await platform.add_to_shelf(room_id, "1004", key=k)
        assert item == again and item.product_id == "1004"
        assert len([i for i in await platform.get_shelf(room_id) if i.product_id == "1004"]) == 1
        await next_event(platform, room_id, last, "shelf.changed")
    elif cap is C.STAGE:
        room = await platform.put_on_stage(room_id, "1002", key=k)
        assert room.stage_product_id == "1002"
        event = await next_event(platform, room_id, last, "stage.changed")
        assert event.data["product_id"] == "1002"
    elif cap is C.SALE_TOGGLE:
        item = await platform.set_on_sale(room_id, "1003", False, key=k)
        assert not item.on_sale
        await next_event(platform, room_id, last, "shelf.changed")
        await platform.set_on_sale(room_id, "1003", True, key=key())
    elif cap is C.SORT:
        shelf = await platform.get_shelf(room_id) if platform.supports(C.SHELF) else []
        ids = [i.product_id for i in shelf] or ["1001", "1002", "1003"]
        new = list(reversed(ids))
        items = await platform.reorder_shelf(room_id, new, key=k)
        assert [i.product_id for i in items] == new
    elif cap is C.PRICE:
        product = await platform.set_price("10011", 15800, key=k)
        assert product.sku("10011").price_fen == 15800
        await platform.set_price("10011", 15900, key=key())
    elif cap is C.COUPONS:
        templates = await platform.list_coupon_templates()
        issue = await platform.issue_coupon(room_id, templates[0].id, 7, 5, key=k)
        again = await platform.issue_coupon(room_id, templates[0].id, 7, 5, key=k)
        assert issue.id == again.id
        assert [c.id for c in await platform.list_coupons(room_id)].count(issue.id) == 1
        await next_event(platform, room_id, last, "coupon.issued")
    elif cap is C.FLASH_SALES:
        spec = FlashSaleSpec("1001", "10012", 9900, 5, 1, 0, 60)
        sale = await platform.launch_flash_sale(room_id, spec, key=k)
        again = await platform.launch_flash_sale(room_id, spec, key=k)
        assert sale.id == again.id and sale.state.value == "live"
        stopped = await platform.stop_flash_sale(room_id, sale.id, key=key())
        assert stopped.state.value == "ended"
        await next_event(platform, room_id, last, "flash_sale.updated")
    else:
        return False
    return True


async def exercise_chat_modes(platform: Platform, cap: Capability, room_id: str, last: int, k: str) -> bool:
    """Slow mode, followers-only chat and shield mode: set (the room says so, and its event too),
    set again with the same key (no harm), then off; an announcement is posted once per key."""
    if cap is C.SLOW_MODE:
        assert (await platform.set_slow_mode(room_id, 10, key=k)).chat.slow_mode_s == 10
        assert (await platform.set_slow_mode(room_id, 10, key=k)).chat.slow_mode_s == 10
        event = await next_event(platform, room_id, last, "room.updated")
        assert event.data["room"].chat.slow_mode_s == 10
        assert (await platform.set_slow_mode(room_id, 0, key=key())).chat.slow_mode_s == 0
    elif cap is C.FOLLOWERS_ONLY:
        assert (await platform.set_followers_only(room_id, 10, key=k)).chat.followers_only_min == 10
        event = await next_event(platform, room_id, last, "room.updated")
        assert event.data["room"].chat.followers_only_min == 10
        assert (await platform.set_followers_only(room_id, 0, key=key())).chat.followers_only_min == 0
        assert (await platform.set_followers_only(room_id, None, key=key())).chat.followers_only_min is None
    elif cap is C.SHIELD_MODE:
        assert (await platform.set_shield_mode(room_id, True, key=k)).chat.shield
        event = await next_event(platform, room_id, last, "room.updated")
        assert event.data["room"].chat.shield
        assert not (await platform.set_shield_mode(room_id, False, key=key())).chat.shield
    elif cap is C.ANNOUNCE:
        first = await platform.announce(room_id, "今晚8点抽奖", "purple", key=k)
        again = await platform.announce(room_id, "今晚8点抽奖", "purple", key=k)
        if first is not None:     # a platform that answers with the message (Studio; Twitch answers 204)
            assert first.id == again.id and first.is_staff and first.announcement == "purple"
            assert [c.id for c in await platform.comment_history(room_id, limit=50)].count(first.id) == 1
    else:
        return False
    return True


async def exercise_comments_and_rest(platform: Platform, cap: Capability, studio, room_id: str, last: int,
                                     k: str) -> bool:
    if cap is C.COMMENT_STREAM:
        cid, _ = post_viewer_comment(studio, room_id, "有XL吗")
        event = await next_event(platform, room_id, last, "comment.created")
        assert event.data["comment"].text == "有XL吗" and event.data["comment"].connection_id == "conn"
        history = await platform.comment_history(room_id, limit=50)
        assert cid in [c.id for c in history]
    elif cap is C.HIDE_COMMENT:
        cid, _ = post_viewer_comment(studio, room_id, "hide me")
        assert (await platform.hide_comment(room_id, cid, key=k)).hidden
    elif cap is C.DELETE_COMMENT:
        cid, _ = post_viewer_comment(studio, room_id, "加v123456")
        assert (await platform.delete_comment(room_id, cid, key=k)).deleted
        await next_event(platform, room_id, last, "comment.updated")
    elif cap is C.MUTE:
        _, user = post_viewer_comment(studio, room_id, "spam")
        viewer = await platform.mute_viewer(room_id, user, 600, key=k)
        assert viewer.muted_until is not None
        assert (await platform.unmute_viewer(room_id, user, key=key())).muted_until is None
    elif cap is C.BAN:
        _, user = post_viewer_comment(studio, room_id, "troll")
        assert (await platform.ban_viewer(room_id, user, key=k)).banned
        assert not (await platform.unban_viewer(room_id, user, key=key())).banned
    elif cap is C.ROOM_MUTE:
        assert (await platform.set_room_mute(room_id, True, key=k)).mute_all
        assert not (await platform.set_room_mute(room_id, False, key=key())).mute_all
    elif cap is C.PIN:
        cid, _ = post_viewer_comment(studio, room_id, "XL有吗")
        assert (await platform.pin_comment(room_id, cid, True, key=k)).pinned
    elif cap is C.POST_AS_STAFF:
        comment = await platform.post_comment(room_id, "今晚福利:满199减30", key=k)
        again = await platform.post_comment(room_id, "今晚福利:满199减30", key=k)
        assert comment.id == again.id and comment.is_staff
    elif cap is C.STATS_STREAM:
        stats = await platform.stats(room_id)
        assert stats.online >= 0
        before = await platform.orders_after(room_id, None)   # what a stream gap is caught up with
        if before is not None:
            placed = place_viewer_order(studio, room_id, "10011")
            after = await platform.orders_after(room_id, before[-1].id if before else None)
            assert [(o.id, o.sku_id) for o in after] == [(placed, "10011")]
    elif cap is C.LUCKY_BAGS:
        await exercise_lucky_bags(platform, studio, room_id, last, k)
    elif cap is C.RED_PACKETS:
        packet = await platform.send_red_packet(room_id, RedPacketSpec(1000, 10), key=k)
        again = await platform.send_red_packet(room_id, RedPacketSpec(1000, 10), key=k)
        assert packet.id == again.id and [p.id for p in await platform.list_red_packets(room_id)] == [packet.id]
        assert (await platform.red_packet(room_id, packet.id)).spec.total_fen == 1000
        event = await next_event(platform, room_id, last, "red_packet.sent")
        assert event.data["red_packet"].id == packet.id
    elif cap is C.REHEARSAL_ROOMS:
        room = await platform.create_rehearsal_room("排练", ["1001", "1002"], key=k)
        again = await platform.create_rehearsal_room("排练", ["1001", "1002"], key=k)
        assert room.id == again.id and room.id != room_id and room.status.value == "live"
        assert [it.product_id for it in (await platform.snapshot(room.id)).shelf] == ["1001", "1002"]
        assert (await platform.set_audience(room.id, enabled=False))["enabled"] is False
        log = '{"t": 0, "nickname": "回放观众", "text": "开始了吗"}\n'.encode()
        assert await platform.replay_comments(room.id, log, speed=20)
    elif cap is C.LIVE_PLANS:
        await exercise_live_plans(platform)
    else:
        return False
    return True


PNG_1PX = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS"
           b"\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")


async def exercise_live_plans(platform: Platform) -> None:
    """Plan a live with an uploaded cover (a WeChat-valid plan: every platform's rules), once per
    key; it is listed, can be edited, and has a share link."""
    import time

    from anchor_console.domain.models import RoomPlan

    cover = await platform.upload_image(PNG_1PX, "cover.png", key=key())
    start = time.time() + 3600
    plan = RoomPlan(title="春季上新专场", starts_at=start, ends_at=start + 7200, anchor_name="小美主播",
                    anchor_account="studio_anchor", cover_image=cover, share_image=cover, feeds_image=cover)
    k = key()
    room = await platform.schedule_room(plan, key=k)
    again = await platform.schedule_room(plan, key=k)
    assert room.id == again.id and room.status.value == "scheduled"
    planned = {p.room.id: p for p in await platform.list_plans()}
    assert planned[room.id].plan.anchor_name == "小美主播"
    assert planned[room.id].plan.starts_at == pytest.approx(start, abs=1)
    edited = await platform.edit_room(room.id, dataclasses.replace(plan, title="秋季上新专场"), key=key())
    assert edited.title == "秋季上新专场"
    link = await platform.share_link(room.id)
    assert link.get("url") or link.get("page_path")
async def exercise_lucky_bags(platform: Platform, studio, room_id: str, last: int, k: str) -> None:
    seed = draw.new_seed()
    setup = LuckyBagSetup("口红", 1, EntryRule.KEYWORD, "冲", 600)
    bag = await platform.start_lucky_bag(room_id, setup, draw.commitment(seed), key=k)
    again = await platform.start_lucky_bag(room_id, setup, draw.commitment(seed), key=k)
    assert bag.id == again.id and bag.seed is None and bag.setup == setup
    event = await next_event(platform, room_id, last, "lucky_bag.started")
    assert event.data["lucky_bag"].commitment == draw.commitment(seed)
    _, user = post_viewer_comment(studio, room_id, "冲冲冲")
    assert (await platform.lucky_bag(room_id, bag.id)).entrant_count == 1
    closed = await platform.close_lucky_bag(room_id, bag.id, key=key())
    assert closed.state.value == "closed"
    assert [e.user_id for e in await platform.lucky_bag_entrants(room_id, bag.id)] == [user]
    drawn = await platform.draw_lucky_bag(room_id, bag.id, seed, key=key())
    assert drawn.seed == seed and drawn.winner_ids == (user,)
    assert [b.id for b in await platform.list_lucky_bags(room_id)] == [bag.id]


async def refused(platform: Platform, cap: Capability, room_id: str) -> pe.NotSupported:
    calls = {
        C.SHELF: lambda: platform.add_to_shelf(room_id, "1004", key=key()),
        C.STAGE: lambda: platform.put_on_stage(room_id, "1001", key=key()),
        C.SALE_TOGGLE: lambda: platform.set_on_sale(room_id, "1001", False, key=key()),
        C.SORT: lambda: platform.reorder_shelf(room_id, ["1001"], key=key()),
        C.PRICE: lambda: platform.set_price("10011", 100, key=key()),
        C.COUPONS: lambda: platform.issue_coupon(room_id, "1", 1, 1, key=key()),
        C.FLASH_SALES: lambda: platform.launch_flash_sale(room_id, FlashSaleSpec("1001", "10011", 1, 1), key=key()),
        C.COMMENT_STREAM: lambda: platform.comment_history(room_id),
        C.HIDE_COMMENT: lambda: platform.hide_comment(room_id, "1", key=key()),
        C.DELETE_COMMENT: lambda: platform.delete_comment(room_id, "1", key=key()),
        C.MUTE: lambda: platform.mute_viewer(room_id, "v1", 60, key=key()),
        C.BAN: lambda: platform.ban_viewer(room_id, "v1", key=key()),
        C.ROOM_MUTE: lambda: platform.set_room_mute(room_id, True, key=key()),
        C.SLOW_MODE: lambda: platform.set_slow_mode(room_id, 10, key=key()),
        C.FOLLOWERS_ONLY: lambda: platform.set_followers_only(room_id, 10, key=key()),
        C.SHIELD_MODE: lambda: platform.set_shield_mode(room_id, True, key=key()),
        C.ANNOUNCE: lambda: platform.announce(room_id, "x", key=key()),
        C.PIN: lambda: platform.pin_comment(room_id, "1", True, key=key()),
        C.POST_AS_STAFF: lambda: platform.post_comment(room_id, "x", key=key()),
        C.STATS_STREAM: lambda: platform.stats(room_id),
        C.REHEARSAL_ROOMS: lambda: platform.create_rehearsal_room("排练", ["1001"], key=key()),
        C.LIVE_PLANS: lambda: platform.list_plans(),
        C.LUCKY_BAGS: lambda: platform.start_lucky_bag(room_id, LuckyBagSetup("x", 1), "0" * 64, key=key()),
        C.RED_PACKETS: lambda: platform.send_red_packet(room_id, RedPacketSpec(100, 1), key=key()),
    }
    with pytest.raises(pe.NotSupported) as info:
        await calls[cap]()
    return info.value


async def works_or_is_refused_by_name(adapter: Platform, cap: Capability, studio, room_id: str) -> None:
    """A capability the adapter declares works; one it lacks is refused, naming the platform and
    the capability (every adapter has rooms)."""
    if adapter.supports(cap):
        await exercise(adapter, cap, studio, room_id)
    elif cap is not C.ROOMS:
        error = await refused(adapter, cap, room_id)
        assert error.capability is cap
        assert adapter.display_name in error.message.english()
        assert cap.label.english() in error.message.english()


every_capability = pytest.mark.parametrize("cap", sorted(ALL_CAPABILITIES, key=lambda c: c.value),
                                           ids=lambda c: c.value)


@pytest.mark.asyncio
@every_capability
async def test_capability_works_or_is_refused_by_name(adapter, studio, cap):
    await works_or_is_refused_by_name(adapter, cap, studio, fresh_room(studio))


@pytest.mark.asyncio
async def test_errors_are_typed(adapter, studio):
    room_id = fresh_room(studio)
    with pytest.raises(pe.NotFound):
        await adapter.snapshot("999999")
    bad = StudioPlatform("bad", Endpoint(studio.url, "not-a-token"), adapter.client)
    with pytest.raises(pe.AuthFailed):
        await bad.list_rooms()
    if adapter.supports(C.STAGE) and adapter.supports(C.SALE_TOGGLE):
        await adapter.set_on_sale(room_id, "1002", False, key=key())
        with pytest.raises(pe.Conflict) as info:
            await adapter.put_on_stage(room_id, "1002", key=key())
        assert info.value.code == "not_on_sale"
        assert info.value.message.english() == "This product is off sale; put it on sale first."
    moderator = StudioPlatform("mod", Endpoint(studio.url, studio.tokens["moderator"]), adapter.client)
    with pytest.raises(pe.NotPermitted):
        await moderator.issue_coupon(room_id, "1", 1, 1, key=key())
