"""The WeChat mini-program live adapter against WeChat's documented examples (wechat_docs/live):
each operation's request (method, path, access_token, body fields and units) and the parsing of its
documented answer; pushes retried while another push is in progress; a room plan created once
despite a lost answer; what the platform cannot do refused by name; room events by polling."""

from __future__ import annotations

import asyncio
import contextlib
import random

import httpx
import pytest
import pytest_asyncio
from test_conformance import refused
from test_wechat_shared import CREDS, TOKEN, FakeWeChat, Sleeper, answer, doc, error

from anchor_console.domain.capabilities import ALL_CAPABILITIES, Capability
from anchor_console.domain.models import ReviewState, RoomPlan, RoomStatus
from anchor_console.platforms import errors as pe
from anchor_console.platforms.wechat_client import JsonLinesLedger
from anchor_console.platforms.wechat_live import GoodsDraft, PriceType, WeChatLivePlatform
from anchor_console.platforms.wechat_quota import QuotaBook

C = Capability
LIVEINFO = "/wxa/business/getliveinfo"
B = "/wxaapi/broadcast"
OK = {"errcode": 0, "errmsg": "ok"}


@pytest.fixture
def fake() -> FakeWeChat:
    return FakeWeChat().on(LIVEINFO, answer("live/getliveinfo"))


@pytest.fixture
def sleeper(clock) -> Sleeper:
    return Sleeper(clock)


@pytest_asyncio.fixture
async def live(fake, clock, sleeper):
    async with httpx.AsyncClient(transport=httpx.MockTransport(fake)) as http:
        yield WeChatLivePlatform("mp", CREDS, http, clock=clock, sleep=sleeper, rng=random.Random(1))


def last(fake: FakeWeChat, path: str):
    seen = fake.sent(path)[-1]
    assert seen.query.get("access_token") == TOKEN, "every call carries the access token in the query"
    return seen


# ---------------------------------------------------------------------------------- rooms

@pytest.mark.asyncio
async def test_rooms_are_read_from_getliveinfo_and_goods_prices_are_fen(live, fake):
    rooms = await live.list_rooms()
    seen = last(fake, LIVEINFO)
    assert (seen.method, seen.body) == ("POST", {"start": 0, "limit": 100})
    assert [(r.id, r.title, r.status, r.started_at, r.scheduled_at) for r in rooms] == [
        ("1", "直播房间名", RoomStatus.LIVE, 1568128900.0, 1568128900.0)]
    snap = await live.snapshot("1")
    (item,) = snap.shelf
    assert (item.product_id, item.product.name, item.product.price_fen, item.position, item.on_sale) == (
        "256", "茶杯", 1889, 1, True)   # "price": 1889 // 价格（分）


@pytest.mark.asyncio
async def test_an_account_without_rooms_is_an_empty_list(live, fake):
    fake.on(LIVEINFO, {"errcode": 9410000, "errmsg": "empty", "room_info": [], "total": 0})
    assert await live.list_rooms() == []


@pytest.mark.asyncio
async def test_push_url_and_share_code_are_gets_with_the_room_in_the_query(live, fake):
    fake.on(f"{B}/room/getpushurl", answer("live/getpushurl"))
    fake.on(f"{B}/room/getsharedcode", answer("live/getsharedcode"))
    url = await live.push_url("6209")
    seen = last(fake, f"{B}/room/getpushurl")
    assert (seen.method, seen.query["roomId"], seen.body) == ("GET", "6209", None)
    assert url == {"server": "rtmp://wxalivepush.weixin.qq.com/live/",
                   "stream_key": "wx40f8626ddf43d362-6209?txSecret=5da4f0b7b7a6c25b238311de8c81a65a&txTime=5fc4f631",
                   "url": answer("live/getpushurl")["pushAddr"], "expires_at": 0x5fc4f631}
    link = await live.share_link("6209", params="%7B%7D")
    seen = last(fake, f"{B}/room/getsharedcode")
    assert (seen.method, seen.query["roomId"], seen.query["params"]) == ("GET", "6209", "%7B%7D")
    assert link["page_path"] == "plugin-private://wx2b03c6e691cd7370/pages/live-player-plugin?room_id=6209"
    assert link["qr_code_url"].startswith("http://mmbiz.qpic.cn/") and link["poster_url"].endswith("/0")


def plan(clock, **kw) -> RoomPlan:
    start = clock.now() + 3600
    fields = dict(title="测试直播房间1", starts_at=start, ends_at=start + 7200, anchor_name="zefzhang1",
                  anchor_account="WxgQiao_04", cover_image="", sub_anchor_account="WxgQiao_03",
                  creator_account="test_creater",
                  share_image="hw7zsntcr0rE-RBfBAaF553DqBk-J02UtWsP8VqrUh3tKu3jO_JwEO8n1cWTJ5TN",
                  feeds_image="hw7zsntcr0rE-RBfBAaF553DqBk-J02UtWsP8VqrUh3tKu3jO_JwEO8n1cWTJ5TN",
                  public_in_feeds=True, push_stream=True, replay_closed=True, customer_service_closed=False)
    return RoomPlan(**{**fields, **kw})


@pytest.mark.asyncio
async def test_a_live_plan_is_created_with_the_documented_fields(live, fake, clock, tmp_path):
    live.ledger = JsonLinesLedger(tmp_path / "sent.jsonl")
    fake.on(f"{B}/room/create", answer("live/createroom"))
    room = await live.schedule_room(plan(clock), key="plan-1")
    seen = last(fake, f"{B}/room/create")
    documented = doc("live/createroom")["request"]
    assert set(seen.body) == set(documented)
    assert {k: v for k, v in seen.body.items() if k not in ("startTime", "endTime")} == {
        k: v for k, v in documented.items() if k not in ("startTime", "endTime")}
    assert seen.body["endTime"] - seen.body["startTime"] == 7200
    assert (room.id, room.status, room.scheduled_at) == ("33", RoomStatus.SCHEDULED, clock.now() + 3600)
    assert fake.sent(LIVEINFO) == []   # a durable ledger knew this key was never sent: no look-up


@pytest.mark.asyncio
async def test_a_live_plan_is_edited_with_the_documented_fields(live, fake, clock):
    fake.on(f"{B}/room/editroom", answer("live/editroom"))
    room = await live.edit_room("1", plan(clock), key="edit-1")
    seen = last(fake, f"{B}/room/editroom")
    assert set(seen.body) == set(doc("live/editroom")["request"]) and seen.body["id"] == 1
    assert room.id == "1"


@pytest.mark.asyncio
async def test_a_live_plan_whose_answer_was_lost_is_found_not_created_twice(live, fake, clock):
    p = plan(clock)
    made = {"name": p.title, "roomid": 34, "start_time": int(p.starts_at), "end_time": int(p.ends_at),
            "live_status": 102, "goods": []}

    def create_then_drop(seen):
        fake.on(LIVEINFO, {**answer("live/getliveinfo"), "room_info": [made], "total": 1})
        return httpx.RemoteProtocolError("server disconnected")

    fake.on(LIVEINFO, {**answer("live/getliveinfo"), "room_info": [], "total": 0})
    fake.on(f"{B}/room/create", create_then_drop)
    with pytest.raises(pe.OutcomeUnknown):
        await live.schedule_room(p, key="plan-2")
    room = await live.schedule_room(p, key="plan-2")
    assert room.id == "34" and len(fake.sent(f"{B}/room/create")) == 1


@pytest.mark.asyncio
async def test_plan_rules_are_checked_before_sending(live, fake, clock):
    with pytest.raises(pe.InvalidRequest) as info:
        await live.schedule_room(plan(clock, starts_at=clock.now() + 60, ends_at=clock.now() + 4000), key="k")
    assert "at least 10 minutes from now" in info.value.message.english()
    with pytest.raises(pe.InvalidRequest) as info:
        await live.schedule_room(plan(clock, title="AB"), key="k")
    assert "3 to 17 Chinese characters" in info.value.message.english()
    assert fake.sent(f"{B}/room/create") == []


@pytest.mark.asyncio
async def test_an_unverified_anchor_is_a_clear_refusal_with_the_qr_code_kept(live, fake, clock, tmp_path):
    live.ledger = JsonLinesLedger(tmp_path / "sent.jsonl")
    fake.on(f"{B}/room/create", {**answer("live/createroom"), "errcode": 300036})
    with pytest.raises(pe.Conflict) as info:
        await live.schedule_room(plan(clock), key="k")
    assert "real-name verified" in info.value.message.english()
    assert "qrcode_url=https://res.wx.qq.com/op_res/" in info.value.detail


# ---------------------------------------------------------------------------------- goods in the room

@pytest.mark.asyncio
@pytest.mark.parametrize("action,path,fixture", [
    (lambda p: p.put_on_stage("6474", "1", key="k"), "/goods/push", "live/push"),
    (lambda p: p.set_on_sale("6474", "1", False, key="k"), "/goods/onsale", "live/onsale"),
    (lambda p: p.remove_from_shelf("6474", "1", key="k"), "/goods/deleteInRoom", "live/deleteinroom"),
    (lambda p: p.reorder_shelf("6474", ["123", "234"], key="k"), "/goods/sort", "live/sort"),
    (lambda p: p.set_room_mute("6474", True, key="k"), "/room/updatecomment", "live/updatecomment"),
    (lambda p: p.add_assistant("6474", "testwechat", "testnick", key="k"), "/room/addassistant",
     "live/addassistant"),
], ids=["push", "onsale", "deleteInRoom", "sort", "updatecomment", "addassistant"])
async def test_room_actions_send_exactly_the_documented_request(live, fake, action, path, fixture):
    fake.on(LIVEINFO, {**answer("live/getliveinfo"),
                       "room_info": [{**answer("live/getliveinfo")["room_info"][0], "roomid": 6474}]})
    fake.on(B + path, answer(fixture))
    await action(live)
    seen = last(fake, B + path)
    assert (seen.method, seen.body) == ("POST", doc(fixture)["request"])


@pytest.mark.asyncio
async def test_importing_goods_sends_ids_and_room_and_a_resend_imports_nothing_twice(live, fake):
    empty = {**answer("live/getliveinfo"), "room_info": [{**answer("live/getliveinfo")["room_info"][0], "goods": []}]}
    fake.on(LIVEINFO, empty, answer("live/getliveinfo"))   # the room lists the goods once imported
    fake.on(f"{B}/room/addgoods", answer("live/addgoods"))
    item = await live.add_to_shelf("1", "256", key="k")
    seen = last(fake, f"{B}/room/addgoods")
    assert seen.body == {"ids": [256], "roomId": 1}
    assert set(seen.body) == set(doc("live/addgoods")["request"])
    assert item.product_id == "256" and item.product.price_fen == 1889
    assert await live.add_to_shelf("1", "256", key="k") == item
    assert len(fake.sent(f"{B}/room/addgoods")) == 1


@pytest.mark.asyncio
@pytest.mark.parametrize("call,path,code", [
    (lambda p: p.put_on_stage("1", "256", key="k"), "/goods/push", "300047"),
    (lambda p: p.set_on_sale("1", "256", False, key="k"), "/goods/onsale", "300049"),
])
async def test_another_push_in_progress_is_waited_out_and_retried(live, fake, sleeper, call, path, code):
    fake.on(B + path, error(code), error(code), OK)
    await call(live)
    assert len(fake.sent(B + path)) == 3
    assert sleeper.waits[:2] == [1.0, 2.0]   # short waits, no failure shown


@pytest.mark.asyncio
async def test_a_push_that_stays_busy_is_a_clear_conflict(live, fake):
    fake.on(f"{B}/goods/push", error("300047"))
    with pytest.raises(pe.Conflict) as info:
        await live.put_on_stage("1", "256", key="k")
    assert info.value.message.english() == "WeChat is still pushing another product; try again in a moment."
    assert len(fake.sent(f"{B}/goods/push")) == 4   # the first try and three waits, then the operator decides


@pytest.mark.asyncio
async def test_stage_and_mute_are_what_this_console_set(live, fake):
    fake.on(f"{B}/goods/push", OK)
    fake.on(f"{B}/room/updatecomment", OK)
    room = await live.put_on_stage("1", "256", key="k")
    assert room.stage_product_id == "256"
    assert (await live.set_room_mute("1", True, key="k2")).mute_all
    with pytest.raises(pe.Conflict):
        fake.on(f"{B}/goods/push", OK)
        await live.put_on_stage("1", "257", key="k3", replace=False)


# ---------------------------------------------------------------------------------- assistants, roles

@pytest.mark.asyncio
async def test_assistants_and_members_are_parsed_from_the_documented_answers(live, fake):
    fake.on(f"{B}/room/getassistantlist", answer("live/getassistantlist"))
    fake.on(f"{B}/role/getrolelist", answer("live/getrolelist"))
    (a,) = await live.list_assistants("6491")
    seen = last(fake, f"{B}/room/getassistantlist")
    assert (seen.method, seen.query["roomId"]) == ("GET", "6491")
    assert (a.account, a.nickname, a.openid, a.updated_at) == ("wechat", "nickname", "o7esq5K76p47O-ien1kuaVAuSsvw",
                                                               1601199369.0)
    (m,) = await live.list_members()
    seen = last(fake, f"{B}/role/getrolelist")
    assert seen.method == "GET" and {"role", "offset", "limit"} <= set(seen.query)
    assert (m.account, m.roles, m.updated_at) == ("o0****0o", (2, 3), 1600340080.0)


@pytest.mark.asyncio
async def test_a_team_larger_than_a_page_is_read_30_at_a_time(live, fake):
    """getrolelist pages at most 30 members (its documented largest `limit`): a page of 100 asked
    for came back with 30, taken for the last — members 31 on were never listed."""
    team = [{"headingimg": "", "nickname": f"成员{n}", "openid": f"o{n}", "roleList": [3],
             "updateTimestamp": "1600340080", "username": f"u{n}"} for n in range(45)]

    def page(seen):
        offset, limit = int(seen.query["offset"]), min(int(seen.query["limit"]), 30)
        return {"errcode": 0, "total": len(team), "list": team[offset:offset + limit]}
    fake.on(f"{B}/role/getrolelist", page)
    members = await live.list_members()
    assert [m.account for m in members] == [f"u{n}" for n in range(45)]
    assert {s.query["limit"] for s in fake.sent(f"{B}/role/getrolelist")} == {"30"}


# ---------------------------------------------------------------------------------- the goods library

@pytest.mark.asyncio
async def test_the_library_lists_every_review_state_with_prices_in_fen(live, fake):
    fake.on(f"{B}/goods/getapproved", lambda seen: answer("live/getapproved") if seen.query["status"] == "2"
            else {"errcode": 0, "total": 0, "goods": []})
    products = await live.list_products()
    statuses = [s.query["status"] for s in fake.sent(f"{B}/goods/getapproved")]
    assert statuses == ["2", "1", "0", "3"]
    assert all(s.method == "GET" and s.query["offset"] == "0" and s.query["limit"] == "100"
               for s in fake.sent(f"{B}/goods/getapproved"))
    (p,) = products
    assert (p.id, p.name, p.price_fen, p.review, p.image_url) == ("9", "xxxxx", 12300, ReviewState.APPROVED, "xxxx")


@pytest.mark.asyncio
async def test_review_states_come_from_the_warehouse(live, fake):
    fake.on("/wxa/business/getgoodswarehouse", answer("live/getgoodswarehouse"))
    (p,) = await live.review_states(["1"])
    assert last(fake, "/wxa/business/getgoodswarehouse").body == doc("live/getgoodswarehouse")["request"]
    assert (p.id, p.review) == ("9", ReviewState.IN_REVIEW)


@pytest.mark.asyncio
async def test_goods_are_submitted_in_yuan_and_a_lost_answer_never_submits_twice(live, fake, tmp_path):
    draft = GoodsDraft(name="TIT茶杯", cover_media_id="ZuYVNKk9sMP1X4m7FXdcDCKra251KDZTjS502UTV7gwalgLZXcrOhG6oNYX6c7AR",
                       page_path="pages/index/index", price_fen=9950)
    library = {"errcode": 0, "total": 0, "goods": []}
    fake.on(f"{B}/goods/getapproved", lambda seen: library)

    def add_then_drop(seen):
        library.update(total=1, goods=[{"goodsId": 51, "coverImgUrl": "x", "name": "TIT茶杯", "price": 9950,
                                        "url": "pages/index/index", "priceType": 1, "price2": 0, "thirdPartyTag": 2}])
        return httpx.ReadTimeout("no answer")

    fake.on(f"{B}/goods/add", add_then_drop)
    with pytest.raises(pe.OutcomeUnknown):
        await live.submit_goods(draft, key="goods-1")
    sent = fake.sent(f"{B}/goods/add")[0].body
    assert sent == {"goodsInfo": {**doc("live/goods_add")["request"]["goodsInfo"], "thirdPartyAppid": ""}}
    done = await live.submit_goods(draft, key="goods-1")
    assert done.goods_id == "51" and len(fake.sent(f"{B}/goods/add")) == 1

    fake.on(f"{B}/goods/add", answer("live/goods_add"))
    live.ledger = JsonLinesLedger(tmp_path / "sent.jsonl")
    ranged = GoodsDraft(name="茶杯组", cover_media_id="m", page_path="p", price_fen=9950,
                        price_type=PriceType.RANGE, price2_fen=15050)
    done = await live.submit_goods(ranged, key="goods-2")
    assert (done.goods_id, done.audit_id) == ("51", "525022786")
    info = fake.sent(f"{B}/goods/add")[-1].body["goodsInfo"]
    assert (info["priceType"], info["price"], info["price2"]) == (2, 99.5, 150.5)


# ---------------------------------------------------------------------------------- what it cannot do

@pytest.mark.asyncio
@pytest.mark.parametrize("cap", sorted(ALL_CAPABILITIES - WeChatLivePlatform.capabilities, key=lambda c: c.value),
                         ids=lambda c: c.value)
async def test_what_the_platform_cannot_do_is_refused_by_name(live, fake, cap):
    error_ = await refused(live, cap, "1")
    assert error_.capability is cap
    assert "WeChat mini-program live" in error_.message.english() and cap.label.english() in error_.message.english()
    if cap is not C.REHEARSAL_ROOMS and cap is not C.PRICE:
        assert "WeChat mini-program live" in live.unsupported_reason(cap).english()
    assert fake.requests == []


@pytest.mark.asyncio
async def test_starting_ending_and_ending_a_push_are_not_console_actions(live, fake):
    for call in (live.start_room("1", key="k"), live.end_room("1", key="k"), live.clear_stage("1", key="k")):
        with pytest.raises(pe.InvalidRequest) as info:
            await call
        assert info.value.code == "not_via_api" and "when the anchor starts" in info.value.message.english()


# ---------------------------------------------------------------------------------- events

@pytest.mark.asyncio
async def test_room_events_come_from_polling_only_when_something_changed(live, fake, clock):
    room = answer("live/getliveinfo")["room_info"][0]
    states = iter([room, room, room, {**room, "goods": []}, {**room, "goods": []}, {**room, "live_status": 103}])
    fake.on(LIVEINFO, lambda seen: {**answer("live/getliveinfo"), "room_info": [next(states, states_end)]})
    states_end = {**room, "live_status": 103}
    snap = await live.snapshot("1")
    statuses = []
    async with contextlib.aclosing(live.events("1", last_event_id=snap.last_event_id,
                                               on_status=lambda s, d: statuses.append(s))) as events:
        first = await asyncio.wait_for(events.__anext__(), 5)
        second = await asyncio.wait_for(events.__anext__(), 5)
    assert (first.type, first.data["shelf"]) == ("shelf.changed", ())
    assert second.type == "room.updated" and second.data["room"].status is RoomStatus.ENDED
    assert [first.id, second.id] == [1, 2]
    assert len(fake.sent(LIVEINFO)) == 6   # one snapshot, five polls: two unchanged polls emitted nothing


@pytest.mark.asyncio
async def test_a_push_is_echoed_at_once_not_after_the_next_poll(live, fake, clock):
    fake.on(f"{B}/goods/push", OK)
    snap = await live.snapshot("1")
    async with contextlib.aclosing(live.events("1", last_event_id=snap.last_event_id)) as events:
        await live.put_on_stage("1", "256", key="k")
        event = await asyncio.wait_for(events.__anext__(), 5)
    assert (event.type, event.data) == ("stage.changed", {"product_id": "256"})


@pytest.mark.asyncio
async def test_polling_stays_within_its_share_of_getliveinfo(fake, clock, sleeper):
    book = QuotaBook(clock, limits={LIVEINFO: 1000}, poll_share=0.5)
    async with httpx.AsyncClient(transport=httpx.MockTransport(fake)) as http:
        live = WeChatLivePlatform("mp", CREDS, http, clock=clock, sleep=sleeper, quota=book, live_poll_s=1.0)
        start, day_left = clock.now(), book.seconds_to_reset()
        room = answer("live/getliveinfo")["room_info"][0]
        counter = iter(range(10_000))
        fake.on(LIVEINFO, lambda seen: {**answer("live/getliveinfo"),
                                        "room_info": [{**room, "name": f"r{next(counter)}"}]})
        async with contextlib.aclosing(live.events("1")) as events:
            for _ in range(20):
                await asyncio.wait_for(events.__anext__(), 5)
    polls, elapsed = len(fake.sent(LIVEINFO)), clock.now() - start
    assert polls == 19   # the first poll is new in both room and shelf: two events
    # Half of the 1,000 a day is the pollers': 500 spread over what is left of the day, not one a second.
    assert elapsed >= 18 * day_left / 500 * 0.95
