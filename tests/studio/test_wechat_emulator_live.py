"""Mini-program live (小程序直播) on Studio's rooms: the same state through either API — a room
planned through WeChat is a Studio room, goods imported or pushed through WeChat are on the Studio
room's shelf and stage, Studio's own changes show in getliveinfo — and WeChat's rules and errcodes:
room plans (300002, 300034, 300036, 200002), the goods library and its review (300024, 300025,
prices in 元 in, 分 out), a room's goods (300022, 300023, 300027, 300053), pushes (300047, 300049,
300052)."""

from __future__ import annotations

import pytest
from wechat_world import B, World, errcode

LIVEINFO = "/wxa/business/getliveinfo"


@pytest.fixture
def world(tmp_path) -> World:
    return World(tmp_path)


def info_of(world: World, room_id: int) -> dict:
    rooms = world.call(LIVEINFO, {"start": 0, "limit": 100})["room_info"]
    return next(r for r in rooms if r["roomid"] == room_id)


def plan(world: World, **change) -> dict:
    start = int(world.now()) + 3600
    return {"name": "春季上新专场", "coverImg": "media-cover", "startTime": start, "endTime": start + 7200,
            "anchorName": "小美主播", "anchorWechat": "studio_anchor", "shareImg": "media-share",
            "feedsImg": "media-feeds", "type": 1, "closeReplay": 1, **change}


# ---------------------------------------------------------------------------------- rooms

def test_the_demo_room_and_its_shelf_read_as_getliveinfo(world):
    answer = world.call(LIVEINFO, {"start": 0, "limit": 10})
    assert errcode(answer) == 0 and answer["total"] == 1
    (room,) = answer["room_info"]
    studio_shelf = world.studio.shelf.items(world.room_id)
    assert (room["roomid"], room["live_status"], room["name"]) == (world.room_id, 101, "春季上新专场 · 周三晚8点")
    assert [g["goods_id"] for g in room["goods"]] == [i["product_id"] for i in studio_shelf]
    assert room["goods"][0]["price"] == 15900 and room["goods"][0]["price_type"] == 1      # 分


def test_rooms_come_newest_first_in_pages_and_an_empty_page_is_9410000(world):
    ids = [world.new_room(live=False) for _ in range(3)]
    first = world.call(LIVEINFO, {"start": 0, "limit": 2})
    second = world.call(LIVEINFO, {"start": 2, "limit": 2})
    assert [r["roomid"] for r in first["room_info"] + second["room_info"]] == [*reversed(ids), world.room_id]
    assert first["total"] == 4
    assert errcode(world.call(LIVEINFO, {"start": 4, "limit": 2})) == 9410000


def test_a_room_planned_through_wechat_is_a_studio_room_with_its_plan(world):
    answer = world.call(f"{B}/room/create", plan(world))
    assert errcode(answer) == 0 and set(answer) >= {"roomId", "errcode"}
    room_id = answer["roomId"]
    assert world.studio.rooms.get(room_id)["status"] == "scheduled"
    info = info_of(world, room_id)
    p = plan(world)
    assert (info["live_status"], info["start_time"], info["end_time"], info["anchor_name"], info["live_type"],
            info["close_replay"]) == (102, p["startTime"], p["endTime"], "小美主播", 1, 1)
    edited = world.call(f"{B}/room/editroom", {**plan(world, name="秋季上新专场"), "id": room_id})
    assert errcode(edited) == 0 and world.studio.rooms.get(room_id)["title"] == "秋季上新专场"
    world.time.advance(4 * 3600)                             # planned end passed, never started
    assert info_of(world, room_id)["live_status"] == 107
    world.studio.rooms.start(room_id)                        # the anchor streams: Studio's start
    assert info_of(world, room_id)["live_status"] == 101
    assert errcode(world.call(f"{B}/room/editroom", {**plan(world), "id": room_id})) == 300023


@pytest.mark.parametrize("change,code", [
    ({"name": "春"}, 300002), ({"name": "春" * 18}, 300002), ({"anchorName": "美"}, 300034),
    ({"anchorWechat": "someone_unverified"}, 300036), ({"startTime": 0}, 200002), ({"coverImg": None}, 47001)])
def test_room_plans_that_break_a_rule_are_refused(world, change, code):
    body = plan(world, **change)
    if code == 200002:
        body["startTime"], body["endTime"] = int(world.now()) + 60, int(world.now()) + 3660
    answer = world.call(f"{B}/room/create", body)
    assert errcode(answer) == code
    if code == 300036:
        assert answer["qrcode_url"].startswith("https://res.wx.qq.com/op_res/")
    if code == 200002:
        assert answer["errmsg"].startswith("parameter startTime or endTime is invalid rid: ")
    assert len(world.studio.rooms.list_rooms()) == 1


def test_push_url_share_code_and_unknown_rooms(world):
    push = world.call(f"{B}/room/getpushurl", method="GET", roomId=world.room_id)
    appid = world.wechat.mini_program["appid"]
    assert push["pushAddr"].startswith(f"rtmp://push.studio.local/live/{appid}-{world.room_id}?txSecret=")
    share = world.call(f"{B}/room/getsharedcode", method="GET", roomId=world.room_id)
    assert share["pagePath"].endswith(f"pages/live-player-plugin?room_id={world.room_id}")
    missing = world.call(f"{B}/room/getpushurl", method="GET", roomId=999)
    assert errcode(missing) == 300022 and missing["errmsg"].startswith("roomid is not exsit rid: ")


# ---------------------------------------------------------------------------------- goods in a room

def test_goods_imported_pushed_and_changed_through_wechat_are_studios_shelf_and_stage(world):
    room = world.new_room()
    world.config.push_s = 0                                            # pushes settle at once here
    assert errcode(world.call(f"{B}/room/addgoods", {"ids": [1004, 1005], "roomId": room})) == 0
    assert errcode(world.call(f"{B}/goods/push", {"roomId": room, "goodsId": 1004})) == 0
    assert world.studio.rooms.get(room)["stage_product_id"] == 1004
    assert errcode(world.call(f"{B}/goods/onsale", {"roomId": room, "goodsId": 1005, "onSale": 0})) == 0
    assert errcode(world.call(f"{B}/goods/sort", {"roomId": room, "goods": [{"goodsId": "1005"}, {"goodsId": "1001"}]})) == 0
    assert errcode(world.call(f"{B}/goods/deleteInRoom", {"roomId": room, "goodsId": 1002})) == 0
    assert errcode(world.call(f"{B}/room/updatecomment", {"roomId": room, "banComment": 1})) == 0
    shelf = world.studio.shelf.items(room)
    assert [(i["product_id"], i["on_sale"]) for i in shelf] == [(1005, False), (1001, True), (1003, True), (1004, True)]
    assert world.studio.rooms.get(room)["mute_all"] is True
    world.studio.shelf.remove(room, 1003)                               # and Studio's own changes show in WeChat
    assert [g["goods_id"] for g in info_of(world, room)["goods"]] == [1005, 1001, 1004]


def test_import_rules(world):
    room = world.new_room()
    call = lambda ids, r=room: errcode(world.call(f"{B}/room/addgoods", {"ids": ids, "roomId": r}))  # noqa: E731
    assert call([999999]) == 300024
    assert call([1001]) == 300027                                      # already in the room
    assert call([1004], r=999) == 300022
    ended = world.new_room()
    world.studio.rooms.end(ended)
    assert call([1004], r=ended) == 300023
    assert [i["product_id"] for i in world.studio.shelf.items(room)] == [1001, 1002, 1003]


def test_push_rules_and_a_push_in_progress(world):
    room = world.new_room()
    push = lambda gid, r=room: errcode(world.call(f"{B}/goods/push", {"roomId": r, "goodsId": gid}))  # noqa: E731
    assert push(1004) == 300053                                        # not in this room
    assert push(999999) == 300024
    assert push(1001, r=world.new_room(live=False)) == 300023          # not live
    world.studio.shelf.set_on_sale(room, 1003, False)
    assert push(1003) == 300052
    world.config.push_s = 3
    assert push(1001) == 0
    busy = world.call(f"{B}/goods/push", {"roomId": room, "goodsId": 1002})
    assert busy == {"errcode": 300047, "errmsg": "已有商品正在推送，请稍后再试"}
    sale = world.call(f"{B}/goods/onsale", {"roomId": room, "goodsId": 1002, "onSale": 0})
    assert sale == {"errcode": 300049, "errmsg": "商品推送过程中不允许上下架"}
    assert world.studio.rooms.get(room)["stage_product_id"] == 1001
    world.time.advance(3)
    assert push(1002) == 0 and world.studio.rooms.get(room)["stage_product_id"] == 1002


def test_sort_and_delete_refuse_goods_not_in_the_room(world):
    room = world.new_room()
    assert errcode(world.call(f"{B}/goods/sort", {"roomId": room, "goods": [{"goodsId": "1009"}]})) == 300053
    assert errcode(world.call(f"{B}/goods/deleteInRoom", {"roomId": room, "goodsId": 1009})) == 300053
    assert errcode(world.call(f"{B}/goods/onsale", {"roomId": room, "goodsId": 1001, "onSale": 2})) == 47001


# ---------------------------------------------------------------------------------- the goods library

def test_goods_added_in_yuan_are_reviewed_then_listable_and_cost_fen(world):
    world.config.review_s = 600
    added = world.call(f"{B}/goods/add", {"goodsInfo": {"coverImgUrl": "media-1", "name": "TIT茶杯", "priceType": 1,
                                                        "price": 99.5, "url": "pages/index/index"}})
    assert errcode(added) == 0 and isinstance(added["goodsId"], int) and isinstance(added["auditId"], int)
    gid = added["goodsId"]
    assert world.studio.catalog.product(gid)["skus"][0]["price_fen"] == 9950       # 99.5 元
    in_review = world.call(f"{B}/goods/getapproved", method="GET", status=1, offset=0, limit=100)["goods"]
    assert [(g["goodsId"], g["price"], g["thirdPartyTag"]) for g in in_review] == [(gid, 9950, 2)]
    room = world.new_room()
    assert errcode(world.call(f"{B}/room/addgoods", {"ids": [gid], "roomId": room})) == 300025
    state = world.call("/wxa/business/getgoodswarehouse", {"goods_ids": [gid, 1001]})["goods"]
    assert [(g["goods_id"], g["audit_status"]) for g in state] == [(gid, 1), (1001, 2)]
    world.time.advance(600)
    assert errcode(world.call(f"{B}/room/addgoods", {"ids": [gid], "roomId": room})) == 0
    assert gid in [i["product_id"] for i in world.studio.shelf.items(room)]


@pytest.mark.parametrize("info,code", [
    ({"name": "超长的商品名称超过十四个汉字的限制了"}, 300002), ({"price": 0}, 200002), ({"price": 9.999}, 200002),
    ({"priceType": 2, "price2": 50}, 200002), ({"url": ""}, 47001)])
def test_goods_that_break_a_rule_are_refused(world, info, code):
    base = {"coverImgUrl": "media-1", "name": "茶杯", "priceType": 1, "price": 99.5, "url": "pages/index/index"}
    assert errcode(world.call(f"{B}/goods/add", {"goodsInfo": {**base, **info}})) == code
    assert errcode(world.call(f"{B}/goods/add", {})) == 200002


def test_assistants_and_the_live_team(world):
    room = world.room_id
    users = [{"username": "helper_a", "nickname": "小助手"}]
    assert errcode(world.call(f"{B}/room/addassistant", {"roomId": room, "users": users})) == 0
    assert errcode(world.call(f"{B}/room/modifyassistant", {"roomId": room, "username": "helper_a",
                                                            "nickname": "助手A"})) == 0
    listed = world.call(f"{B}/room/getassistantlist", method="GET", roomId=room)
    assert (listed["count"], listed["maxCount"], listed["list"][0]["nickname"]) == (1, 10, "助手A")
    assert errcode(world.call(f"{B}/room/removeassistant", {"roomId": room, "username": "helper_a"})) == 0
    team = world.call(f"{B}/role/getrolelist", method="GET", role=-1, offset=0, limit=30)
    assert team["total"] == 3 and {m["username"] for m in team["list"]} == {"st****in", "st****or", "st****ps"}
    assert errcode(world.call(f"{B}/role/addrole", {"username": "new_anchor", "role": 2})) == 0
    anchors = world.call(f"{B}/role/getrolelist", method="GET", role=2)
    assert anchors["total"] == 2
    assert errcode(world.call(f"{B}/room/create", plan(world, anchorWechat="new_anchor"))) == 0   # now verified
