"""WeChat Channels and its shop on Studio's state: a 限时抢购 task added through WeChat is a flash
sale in the live room that lists the product, bought by viewers, its orders read back at the sale
price with the live's export_id; a coupon made effective is a batch in the live room, its claims
counted in stock_info; the dashboard's figures are the room's. And the shop's rules, enforced on
the server as on WeChat: flash-sale times, prices, stock and one task per product (10020051,
10020052, 10020076, 10020077); the coupon status flow (10021001, 10021037)."""

from __future__ import annotations

import json

import pytest
from wechat_world import World, errcode

from anchor_console.studio.wechat.channels import ORDER_BASE, day_of, export_id
from anchor_console.studio.wechat.promotions import NATIVE_TASK_BASE

TASK = "/channels/ec/product/limiteddiscounttask"
COUPON = "/channels/ec/coupon"


@pytest.fixture
def world(tmp_path) -> World:
    return World(tmp_path)


def task(world: World, product: str = "1001", sku: str = "10012", price: int = 9900, stock: int = 5, *,
         start: int | None = None, length: int = 600) -> dict:
    begin = int(world.now()) if start is None else start
    return world.shop(f"{TASK}/add", {"product_id": product, "start_time": begin, "end_time": begin + length,
                                      "limited_discount_skus": [{"sku_id": sku, "sale_price": price,
                                                                 "sale_stock": stock}]})


def tasks(world: World, status: int | None = None) -> list[dict]:
    body = {"page_size": 50, **({"status": status} if status is not None else {})}
    return world.shop(f"{TASK}/list/get", body)["limited_discount_tasks"]


# ---------------------------------------------------------------------------------- flash sales

def test_a_task_is_a_flash_sale_in_the_live_room_and_its_orders_read_back_at_the_sale_price(world):
    added = task(world)
    assert errcode(added) == 0 and isinstance(added["task_id"], str)
    (listed,) = tasks(world, 1)
    assert (listed["task_id"], listed["product_id"], listed["status"]) == (added["task_id"], "1001", 1)
    (sale,) = world.studio.flash_sales.list_in_room(world.room_id)
    assert (sale["product_id"], sale["sku_id"], sale["sale_price_fen"], sale["stock"], sale["state"]) == (
        1001, 10012, 9900, 5, "live")
    bought = world.studio.flash_sales.buy(world.room_id, sale["id"], world.viewer(), 2)
    now = int(world.now())
    ids = world.shop("/channels/ec/order/list/get", {"update_time_range": {"start_time": now - 60, "end_time": now},
                                                     "page_size": 100})
    assert ids["order_id_list"] == [str(ORDER_BASE + bought["id"])] and ids["has_more"] is False
    order = world.shop("/channels/ec/order/get", {"order_id": ids["order_id_list"][0]})["order"]
    (line,) = order["order_detail"]["product_infos"]
    assert (order["status"], line["product_id"], line["sku_id"], line["sku_cnt"], line["sale_price"],
            line["market_price"]) == (20, "1001", "10012", 2, 9900, 15900)
    assert order["order_detail"]["ext_info"]["live_id"] == export_id(world.room_id)
    assert order["order_detail"]["price_info"]["order_price"] == 19800


def test_a_task_counts_down_runs_and_ends_with_its_studio_sale(world):
    begin = int(world.now()) + 300
    assert errcode(task(world, start=begin, length=600)) == 0
    assert [t["status"] for t in tasks(world)] == [0]
    assert world.studio.flash_sales.list_in_room(world.room_id)[0]["state"] == "countdown"
    world.time.advance(300)
    assert [t["status"] for t in tasks(world)] == [1]
    world.time.advance(600)
    assert [t["status"] for t in tasks(world)] == [2]
    assert world.studio.flash_sales.list_in_room(world.room_id)[0]["state"] == "ended"


def test_stopping_ends_the_task_and_the_sale_for_good(world):
    task_id = task(world)["task_id"]
    assert errcode(world.shop(f"{TASK}/stop", {"task_id": task_id})) == 0
    assert [t["status"] for t in tasks(world)] == [2]
    assert world.studio.flash_sales.list_in_room(world.room_id)[0]["state"] == "ended"
    assert errcode(world.shop(f"{TASK}/stop", {"task_id": task_id})) == 10020077
    assert errcode(world.shop(f"{TASK}/stop", {"task_id": "123"})) == 10020076
    assert errcode(task(world)) == 0                                   # ended: the product may have a new one


def test_one_waiting_or_running_task_per_product(world):
    assert errcode(task(world, start=int(world.now()) + 3600)) == 0
    refused = task(world, sku="10011", price=9000)
    assert errcode(refused) == 10020077 and refused["errmsg"].startswith("抢购活动状态不正确 rid: ")
    assert len(tasks(world)) == 1 and len(world.studio.flash_sales.list_in_room(world.room_id)) == 1


def test_studios_own_flash_sales_are_tasks_too(world):
    sale = world.studio.flash_sales.create(world.room_id, 1002, 10021, 8000, 3, 1, 0, 300,
                                           world.studio.accounts.authenticate(world.studio.accounts
                                                                              .ensure_default_staff()["assistant"]))
    world.studio.flash_sales.start(world.room_id, sale["id"])
    (native,) = tasks(world, 1)
    assert (native["task_id"], native["product_id"], native["limited_discount_skus"]) == (
        str(NATIVE_TASK_BASE + sale["id"]), "1002", [{"sku_id": "10021", "sale_price": 8000, "sale_stock": 3}])
    assert errcode(task(world, product="1002", sku="10022", price=8000)) == 10020077
    assert errcode(world.shop(f"{TASK}/stop", {"task_id": native["task_id"]})) == 0
    assert world.studio.flash_sales.get(sale["id"])["state"] == "ended"


def cheap_product(world: World) -> str:
    product = world.studio.catalog.create_product("旅行小样", [{"name": "5ml", "price_fen": 1000, "stock": 50}])
    return str(product["id"])


@pytest.mark.parametrize("case", ["start_past", "too_long", "ends_first", "cheap", "over_85", "under_10",
                                  "saving", "stock", "foreign_sku", "no_skus"])
def test_flash_sale_rules_are_enforced_on_the_server(world, case):
    now = int(world.now())
    args = {"start_past": dict(start=now - 700), "too_long": dict(length=86401), "ends_first": dict(length=0),
            "over_85": dict(price=13516), "under_10": dict(price=1589), "stock": dict(stock=121),
            "foreign_sku": dict(sku="10021"), "saving": dict(product="1014", sku="10141", price=3391),
            "cheap": dict(product=cheap_product(world) if case == "cheap" else "", sku="", price=500)}.get(case, {})
    if case == "cheap":
        args["sku"] = str(world.studio.catalog.product(int(args["product"]))["skus"][0]["id"])
    if case == "no_skus":
        answer = world.shop(f"{TASK}/add", {"product_id": "1001", "start_time": now, "end_time": now + 60,
                                            "limited_discount_skus": []})
    else:
        answer = task(world, **args)
    assert errcode(answer) == 10020051
    assert answer["errmsg"].startswith("参数有误，请检查请求参数是否正确 rid: ")
    assert tasks(world) == [] and world.studio.flash_sales.list_in_room(world.room_id) == []


def test_the_edges_of_the_rules_are_allowed(world):
    assert errcode(task(world, price=13515, start=int(world.now()) - 590, length=86400)) == 0   # 8.5折, 10 min slack
    assert errcode(task(world, product="1014", sku="10141", price=2990)) == 0                 # exactly ¥10 off
    assert errcode(task(world, product="999999", sku="1")) == 10020052


# ---------------------------------------------------------------------------------- coupons

def coupon_body(world: World, total: int = 50, minutes: int = 30) -> dict:
    now = int(world.now())
    return {"type": 102, "name": "满199减30", "promote_info": {"promote_type": 1},
            "discount_info": {"discount_condition": {"product_price": 19900}, "discount_fee": 3000},
            "receive_info": {"start_time": now, "end_time": now + minutes * 60, "total_num": total,
                             "limit_num_one_person": 1},
            "valid_info": {"valid_type": 2, "valid_day_num": 1}, "ext_info": {"notes": "AC:test"}}


def test_studio_templates_are_offered_as_saved_coupons(world):
    ids = world.shop(f"{COUPON}/get_list", {"status": 1, "page": 1, "page_size": 100})["coupons"]
    coupons = [world.shop(f"{COUPON}/get", {"coupon_id": c["coupon_id"]})["coupon"] for c in ids]
    terms = sorted((c["type"], c["coupon_info"]["name"], json.dumps(c["coupon_info"]["discount_info"])) for c in coupons)
    assert terms == sorted([
        (102, "满199减30", json.dumps({"discount_condition": {"product_price": 19900}, "discount_fee": 3000})),
        (104, "无门槛10元券", json.dumps({"discount_fee": 1000})), (103, "全场9折券", json.dumps({"discount_num": 9000})),
        (102, "满99减15", json.dumps({"discount_condition": {"product_price": 9900}, "discount_fee": 1500}))])


def test_an_effective_coupon_is_a_batch_in_the_live_room_and_counts_its_claims(world):
    cid = world.shop(f"{COUPON}/create", coupon_body(world))["data"]["coupon_id"]
    assert world.shop(f"{COUPON}/get", {"coupon_id": cid})["coupon"]["status"] == 1
    assert world.studio.coupons.list_batches(world.room_id) == []
    assert errcode(world.shop(f"{COUPON}/update_status", {"coupon_id": cid, "status": 2})) == 0
    (batch,) = world.studio.coupons.list_batches(world.room_id)
    assert (batch["quantity"], batch["template_id"], batch["state"]) == (50, 1, "active")   # 满199减30's terms
    viewer = world.viewer()
    claim = world.studio.coupons.claim(world.room_id, batch["id"], viewer)
    coupon = world.shop(f"{COUPON}/get", {"coupon_id": cid})["coupon"]
    assert (coupon["status"], coupon["stock_info"]) == (2, {"issued_num": 49, "receive_num": 1, "used_num": 0})
    world.studio.orders.create(world.room_id, viewer, 10031, 1, claim["claim_id"])            # ¥199 dress
    assert world.shop(f"{COUPON}/get", {"coupon_id": cid})["coupon"]["stock_info"] == {
        "issued_num": 49, "receive_num": 0, "used_num": 1}
    assert errcode(world.shop(f"{COUPON}/update_status", {"coupon_id": cid, "status": 4})) == 0
    assert world.shop(f"{COUPON}/get", {"coupon_id": cid})["coupon"]["status"] == 4
    assert world.studio.coupons.list_batches(world.room_id)[0]["state"] == "ended"
    again = world.shop(f"{COUPON}/update_status", {"coupon_id": cid, "status": 2})
    assert errcode(again) == 10021001 and again["errmsg"].startswith("优惠券状态不对 rid: ")


def test_coupon_status_rules(world):
    assert errcode(world.shop(f"{COUPON}/get", {"coupon_id": "99"})) == 10021037
    cid = world.shop(f"{COUPON}/create", coupon_body(world, minutes=5))["data"]["coupon_id"]
    assert errcode(world.shop(f"{COUPON}/update_status", {"coupon_id": cid, "status": 3})) == 40097
    assert errcode(world.shop(f"{COUPON}/update_status", {"coupon_id": cid, "status": 2})) == 0
    world.time.advance(5 * 60)
    assert world.shop(f"{COUPON}/get", {"coupon_id": cid})["coupon"]["status"] == 3          # claim window over
    assert errcode(world.shop(f"{COUPON}/update_status", {"coupon_id": cid, "status": 4})) == 10021001
    assert errcode(world.shop(f"{COUPON}/update_status", {"coupon_id": cid, "status": 5})) == 0
    bad = coupon_body(world)
    bad["discount_info"]["discount_condition"]["product_price"] = 3000      # 满30减30
    assert errcode(world.shop(f"{COUPON}/create", bad)) == 40097


def test_a_coupon_made_effective_with_no_room_live_reaches_no_room(world):
    world.studio.rooms.end(world.room_id)
    cid = world.shop(f"{COUPON}/create", coupon_body(world))["data"]["coupon_id"]
    assert errcode(world.shop(f"{COUPON}/update_status", {"coupon_id": cid, "status": 2})) == 0
    coupon = world.shop(f"{COUPON}/get", {"coupon_id": cid})["coupon"]
    assert coupon["status"] == 2 and coupon["stock_info"]["issued_num"] == 50


# ---------------------------------------------------------------------------------- lives, products

def test_the_dashboard_lists_todays_lives_and_reads_the_rooms_figures(world):
    ds = day_of(world.now())
    lives = world.shop("/channels/livedashboard/getlivelist", {"ds": ds})
    assert [i["export_id"] for i in lives["live_items"]] == [export_id(world.room_id)]
    assert errcode(world.shop("/channels/livedashboard/getlivelist", {"ds": 20231231})) == 5
    assert errcode(world.shop("/channels/livedashboard/getlivelist", {"ds": "today"})) == 1
    viewer = world.viewer()
    world.studio.orders.create(world.room_id, viewer, 10011, 2)
    data = world.shop("/channels/livedashboard/getlivedata", {"export_id": export_id(world.room_id)})
    summary = json.loads(data["live_ec_data_summary"])
    assert (summary["total_gmv"], summary["total_pay_pv"], summary["total_pay_uv"]) == (31800, 1, 1)
    assert data["live_comparison_index"]["is_living"] is True
    world.time.advance(1800)
    world.studio.rooms.end(world.room_id)
    ended = world.shop("/channels/livedashboard/getlivedata", {"export_id": export_id(world.room_id)})
    assert ended["live_comparison_index"]["is_living"] is False
    assert ended["live_dashboard_data"]["live_duration"] == 1800
    assert errcode(world.shop("/channels/livedashboard/getlivedata", {"export_id": export_id(999)})) == 1


def test_reservations_are_rooms_not_started_yet(world):
    room = world.new_room(live=False)
    answer = world.shop("/channels/ec/finderlive/getfinderlivenoticerecordlist", {})
    assert answer["errcode"] == "0"                                         # a string, as documented
    (notice,) = answer["live_notice_list"]
    assert notice["status"] == 0 and notice["start_time"].isdigit() and notice["description"] == "测试直播间"
    world.studio.rooms.start(room)
    assert world.shop("/channels/ec/finderlive/getfinderlivenoticerecordlist", {})["live_notice_list"] == []


def test_shop_products_are_the_catalog_in_fen_with_stock(world):
    product = world.shop("/channels/ec/product/get", {"product_id": "1001", "data_type": 1})["product"]
    assert [(s["sku_id"], s["sale_price"], s["stock_num"]) for s in product["skus"]] == [
        ("10011", 15900, 80), ("10012", 15900, 120), ("10013", 15900, 100), ("10014", 15900, 60)]
    assert errcode(world.shop("/channels/ec/product/get", {"product_id": "999999"})) == 10020052
    assert errcode(world.shop("/channels/ec/product/get", {"product_id": "abc"})) == 10020051
    first = world.shop("/channels/ec/product/list/get", {"status": 5, "page_size": 10})
    second = world.shop("/channels/ec/product/list/get", {"status": 5, "page_size": 30, "next_key": first["next_key"]})
    assert first["total_num"] == 22 and len(first["product_ids"]) == 10 and len(second["product_ids"]) == 12
    assert second["next_key"] == ""
    assert errcode(world.shop("/channels/ec/order/list/get", {"page_size": 10, "update_time_range": {
        "start_time": 0, "end_time": 8 * 86400}})) == 40097                 # at most 7 days
