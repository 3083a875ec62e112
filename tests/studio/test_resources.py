"""Every Studio resource over HTTP: rooms, catalog, shelf and stage, coupons, flash sales,
comments, viewers, room mute, staff, orders, stats and the OBS push URL."""

from __future__ import annotations

import hashlib
import time

import httpx

from support.studio import make_room
from support.viewers import join


def test_room_lifecycle(studio, api):
    room = api.post("/api/v1/rooms", json={"title": "周五专场"})
    assert room.status_code == 201
    rid = room.json()["id"]
    assert api.get(f"/api/v1/rooms/{rid}").json()["status"] == "scheduled"
    assert api.post(f"/api/v1/rooms/{rid}/start").json()["status"] == "live"
    assert api.post(f"/api/v1/rooms/{rid}/start").json()["status"] == "live"  # starting twice is harmless
    ended = api.post(f"/api/v1/rooms/{rid}/end").json()
    assert ended["status"] == "ended" and ended["ended_at"] >= ended["started_at"]
    r = api.post(f"/api/v1/rooms/{rid}/start")
    assert r.status_code == 409 and r.json()["code"] == "room_ended"
    assert any(x["id"] == rid for x in api.get("/api/v1/rooms").json()["items"])
    assert api.get("/api/v1/rooms/999999").status_code == 404


def test_catalog_products_and_skus(api):
    products = api.get("/api/v1/products").json()["items"]
    assert len(products) >= 20
    assert all(p["skus"] and p["image_url"].startswith("/media/") for p in products)
    created = api.post("/api/v1/products", json={"name": "测试围巾", "category": "配饰",
                                                 "skus": [{"name": "灰", "price_fen": 8800, "stock": 5}]})
    assert created.status_code == 201
    p = created.json()
    assert p["price_fen"] == 8800 and p["stock"] == 5
    sku = p["skus"][0]["id"]
    patched = api.patch(f"/api/v1/skus/{sku}", json={"price_fen": 7900, "stock": 9}).json()
    assert patched["skus"][0]["price_fen"] == 7900 and patched["stock"] == 9
    assert api.patch(f"/api/v1/products/{p['id']}", json={"name": "羊绒围巾"}).json()["name"] == "羊绒围巾"
    assert api.patch(f"/api/v1/skus/{sku}", json={"stock": -1}).status_code == 422


def test_shelf_list_sort_sale_and_one_product_on_stage(studio, api):
    rid = make_room(studio, products=(1001, 1002))
    r = api.post(f"/api/v1/rooms/{rid}/shelf", json={"product_id": 1003})
    assert r.status_code == 201 and r.json()["position"] == 3
    assert api.post(f"/api/v1/rooms/{rid}/shelf", json={"product_id": 1003}).json()["code"] == "already_listed"
    order = api.put(f"/api/v1/rooms/{rid}/shelf/order", json={"product_ids": [1003, 1001, 1002]}).json()["items"]
    assert [i["product_id"] for i in order] == [1003, 1001, 1002]
    bad = api.put(f"/api/v1/rooms/{rid}/shelf/order", json={"product_ids": [1003, 1001]})
    assert bad.status_code == 409 and bad.json()["code"] == "order_mismatch"
    # One product on stage at a time, as on the real platforms.
    assert api.put(f"/api/v1/rooms/{rid}/stage", json={"product_id": 1001}).json()["stage_product_id"] == 1001
    occupied = api.put(f"/api/v1/rooms/{rid}/stage", json={"product_id": 1002, "replace": False})
    assert occupied.status_code == 409 and occupied.json()["code"] == "stage_occupied"
    assert api.put(f"/api/v1/rooms/{rid}/stage", json={"product_id": 1002}).json()["stage_product_id"] == 1002
    shelf = {i["product_id"]: i for i in api.get(f"/api/v1/rooms/{rid}/shelf").json()["items"]}
    assert [pid for pid, i in shelf.items() if i["on_stage"]] == [1002]
    # Taking the product on stage off sale ends its 讲解; an off-sale product cannot go on stage.
    api.put(f"/api/v1/rooms/{rid}/shelf/1002/sale", json={"on_sale": False})
    assert api.get(f"/api/v1/rooms/{rid}").json()["stage_product_id"] is None
    refused = api.put(f"/api/v1/rooms/{rid}/stage", json={"product_id": 1002})
    assert refused.status_code == 409 and refused.json()["code"] == "not_on_sale"
    assert api.delete(f"/api/v1/rooms/{rid}/stage").json()["stage_product_id"] is None
    assert api.delete(f"/api/v1/rooms/{rid}/shelf/1003").status_code == 200
    assert [i["product_id"] for i in api.get(f"/api/v1/rooms/{rid}/shelf").json()["items"]] == [1001, 1002]
    assert api.delete(f"/api/v1/rooms/{rid}/shelf/1003").status_code == 404


def test_what_the_body_names_and_studio_lacks_is_a_409_and_what_the_path_names_a_404(studio, api):
    """A 404 says the URL names nothing (the room is gone); a product, template or seat the body
    names that is not there is a refusal as things stand, with its own code (a fuzzer that created
    the room and got a 404 back called the room lost)."""
    rid = make_room(studio)
    answers = {
        "product_unknown": api.post(f"/api/v1/rooms/{rid}/shelf", json={"product_id": 999999}),
        "not_on_shelf": api.put(f"/api/v1/rooms/{rid}/stage", json={"product_id": 999999}),
        "coupon_template_unknown": api.post(f"/api/v1/rooms/{rid}/coupons", json={
            "template_id": 999999, "quantity": 10, "valid_minutes": 10}),
        "seat_gone": api.post(f"/api/v1/rooms/{rid}/moderation-lease", json={"seat_id": "nobody"}),
    }
    assert {code: (a.status_code, a.json()["code"]) for code, a in answers.items()} == {
        code: (409, code) for code in answers}
    assert api.put("/api/v1/rooms/999999/stage", json={"product_id": 1001}).status_code == 404
    assert api.post("/api/v1/rooms/999999/moderation-lease", json={"seat_id": "nobody"}).status_code == 404
    assert api.put(f"/api/v1/rooms/{rid}/seats/nobody").json()["code"] == "seat_gone"   # the path's seat: 404
    assert api.put(f"/api/v1/rooms/{rid}/seats/nobody").status_code == 404


def test_stage_needs_a_live_room(studio, api):
    rid = make_room(studio, live=False)
    r = api.put(f"/api/v1/rooms/{rid}/stage", json={"product_id": 1001})
    assert r.status_code == 409 and r.json()["code"] == "room_not_live"


def test_coupons_issue_claim_exhaust_and_expire(studio, api):
    rid = make_room(studio)
    templates = api.get("/api/v1/coupon-templates").json()["items"]
    assert {t["kind"] for t in templates} >= {"cash", "threshold", "percent"}
    t = api.post("/api/v1/coupon-templates", json={"name": "满300减50", "kind": "threshold", "amount_fen": 5000,
                                                   "threshold_fen": 30000}).json()
    issue = api.post(f"/api/v1/rooms/{rid}/coupons", json={"template_id": t["id"], "quantity": 2,
                                                            "valid_minutes": 10})
    assert issue.status_code == 201
    batch = issue.json()
    assert (batch["quantity"], batch["claimed"], batch["state"]) == (2, 0, "active")
    a, b, c = join(studio), join(studio), join(studio)
    url = f"{studio.url}/api/v1/rooms/{rid}/coupons/{batch['id']}/claim"
    assert httpx.post(url, headers=a["headers"]).status_code == 201
    again = httpx.post(url, headers=a["headers"])
    assert again.status_code == 409 and again.json()["code"] == "already_claimed"
    assert httpx.post(url, headers=b["headers"]).status_code == 201
    late = httpx.post(url, headers=c["headers"])
    assert late.status_code == 409 and late.json()["code"] == "coupon_exhausted"   # all claimed, not "unavailable"
    got = api.get(f"/api/v1/rooms/{rid}/coupons/{batch['id']}").json()
    assert (got["claimed"], got["state"]) == (2, "exhausted")
    # Validity runs out (at 20× studio time).
    short = api.post(f"/api/v1/rooms/{rid}/coupons", json={"template_id": 2, "quantity": 5, "valid_minutes": 1}).json()
    api.put("/api/v1/studio/clock", json={"speed": 20})
    try:
        time.sleep(3.2)
        assert api.get(f"/api/v1/rooms/{rid}/coupons/{short['id']}").json()["state"] == "ended"
    finally:
        api.put("/api/v1/studio/clock", json={"speed": 1})
    stopped = api.post(f"/api/v1/rooms/{rid}/coupons", json={"template_id": 2, "quantity": 5, "valid_minutes": 30}).json()
    assert api.post(f"/api/v1/rooms/{rid}/coupons/{stopped['id']}/stop").json()["state"] == "ended"


def test_flash_sale_countdown_live_progress_limit_and_stop(studio, api):
    rid = make_room(studio)
    bad = api.post(f"/api/v1/rooms/{rid}/flash-sales", json={"product_id": 1001, "sku_id": 10011,
                                                            "sale_price_fen": 15900, "stock": 5})
    assert bad.status_code == 409 and bad.json()["code"] == "price_not_lower"
    too_many = api.post(f"/api/v1/rooms/{rid}/flash-sales", json={"product_id": 1001, "sku_id": 10011,
                                                                 "sale_price_fen": 9900, "stock": 10**6})
    assert too_many.status_code == 409 and too_many.json()["code"] == "stock_insufficient"
    assert api.post(f"/api/v1/rooms/{rid}/flash-sales", json={"product_id": 1001, "sku_id": 10011,
                                                              "sale_price_fen": 9900, "stock": 5,
                                                              "countdown_s": 301}).status_code == 422
    sale = api.post(f"/api/v1/rooms/{rid}/flash-sales", json={
        "product_id": 1001, "sku_id": 10011, "sale_price_fen": 9900, "stock": 3, "per_buyer_limit": 2,
        "countdown_s": 20, "duration_s": 60}).json()
    assert sale["state"] == "draft"
    sale = api.post(f"/api/v1/rooms/{rid}/flash-sales/{sale['id']}/start").json()
    assert sale["state"] == "countdown" and sale["ends_at"] - sale["starts_at"] == 60
    buyer = join(studio)
    buy = f"{studio.url}/api/v1/rooms/{rid}/flash-sales/{sale['id']}/buy"
    early = httpx.post(buy, json={"quantity": 1}, headers=buyer["headers"])
    assert early.status_code == 409 and early.json()["code"] == "flash_sale_not_started"
    api.put("/api/v1/studio/clock", json={"speed": 20})
    try:
        time.sleep(1.3)  # 26 studio seconds: past the countdown
        assert api.get(f"/api/v1/rooms/{rid}/flash-sales/{sale['id']}").json()["state"] == "live"
    finally:
        api.put("/api/v1/studio/clock", json={"speed": 1})
    assert httpx.post(buy, json={"quantity": 2}, headers=buyer["headers"]).status_code == 201
    over = httpx.post(buy, json={"quantity": 1}, headers=buyer["headers"])
    assert over.status_code == 409 and over.json()["code"] == "buyer_limit_reached"
    progress = api.get(f"/api/v1/rooms/{rid}/flash-sales/{sale['id']}").json()
    assert (progress["sold"], progress["stock"]) == (2, 3)
    stopped = api.post(f"/api/v1/rooms/{rid}/flash-sales/{sale['id']}/stop").json()
    assert (stopped["state"], stopped["ended_reason"]) == ("ended", "stopped")
    late = httpx.post(buy, json={"quantity": 1}, headers=join(studio)["headers"])
    assert late.status_code == 409 and late.json()["code"] == "flash_sale_ended"


def test_orders_with_coupons_stats_and_stock(studio, api):
    rid = make_room(studio)
    buyer = join(studio, "买家")
    before = api.get("/api/v1/products/1002").json()["skus"][0]
    issue = api.post(f"/api/v1/rooms/{rid}/coupons", json={"template_id": 2, "quantity": 10, "valid_minutes": 30}).json()
    claim = httpx.post(f"{studio.url}/api/v1/rooms/{rid}/coupons/{issue['id']}/claim", headers=buyer["headers"]).json()
    order = httpx.post(f"{studio.url}/api/v1/rooms/{rid}/orders", headers=buyer["headers"],
                       json={"sku_id": before["id"], "quantity": 2, "coupon_claim_id": claim["claim_id"]})
    assert order.status_code == 201
    o = order.json()
    assert o["amount_fen"] == before["price_fen"] * 2 - 1000 and o["discount_fen"] == 1000
    reuse = httpx.post(f"{studio.url}/api/v1/rooms/{rid}/orders", headers=buyer["headers"],
                       json={"sku_id": before["id"], "quantity": 1, "coupon_claim_id": claim["claim_id"]})
    assert reuse.status_code == 409 and reuse.json()["code"] == "coupon_used"
    after = api.get("/api/v1/products/1002").json()["skus"][0]
    assert after["stock"] == before["stock"] - 2
    stats = api.get(f"/api/v1/rooms/{rid}/stats").json()
    assert stats["orders"] == 1 and stats["gmv_fen"] == o["amount_fen"] and stats["sales"] == {"1002": 2}
    assert set(stats) >= {"online", "entries", "likes", "comments", "orders", "gmv_fen", "sales"}
    orders = api.get(f"/api/v1/rooms/{rid}/orders").json()["items"]
    assert [x["id"] for x in orders] == [o["id"]]
    api.put(f"/api/v1/rooms/{rid}/shelf/1002/sale", json={"on_sale": False})
    off = httpx.post(f"{studio.url}/api/v1/rooms/{rid}/orders", headers=buyer["headers"],
                     json={"sku_id": before["id"], "quantity": 1})
    assert off.status_code == 409 and off.json()["code"] == "not_on_sale"


def test_comments_history_staff_pin_hide_delete(studio, api):
    rid = make_room(studio)
    viewer = join(studio, "小鹿")
    ids = []
    for i in range(5):
        r = httpx.post(f"{studio.url}/api/v1/rooms/{rid}/comments", json={"text": f"评论{i}"},
                       headers=viewer["headers"])
        assert r.status_code == 201
        ids.append(r.json()["id"])
    staff = api.post(f"/api/v1/rooms/{rid}/comments", json={"text": "今晚福利满199减30"}).json()
    assert staff["is_staff"] and staff["user"]["id"].startswith("s")
    page1 = api.get(f"/api/v1/rooms/{rid}/comments", params={"limit": 3}).json()
    page2 = api.get(f"/api/v1/rooms/{rid}/comments", params={"after_id": page1["next_after_id"], "limit": 3}).json()
    assert [c["id"] for c in page1["items"] + page2["items"]] == ids + [staff["id"]]
    back = api.get(f"/api/v1/rooms/{rid}/comments", params={"before_id": ids[3], "limit": 2}).json()
    assert [c["id"] for c in back["items"]] == ids[1:3]
    assert api.put(f"/api/v1/rooms/{rid}/comments/{ids[0]}/pin").json()["pinned"]
    api.put(f"/api/v1/rooms/{rid}/comments/{ids[1]}/pin")
    pinned = [c for c in api.get(f"/api/v1/rooms/{rid}/comments").json()["items"] if c["pinned"]]
    assert [c["id"] for c in pinned] == [ids[1]]  # one pinned comment at a time
    assert not api.delete(f"/api/v1/rooms/{rid}/comments/{ids[1]}/pin").json()["pinned"]
    assert api.put(f"/api/v1/rooms/{rid}/comments/{ids[2]}/hidden", json={"hidden": True}).json()["hidden"]
    assert api.delete(f"/api/v1/rooms/{rid}/comments/{ids[3]}").json()["deleted"]
    refused = api.put(f"/api/v1/rooms/{rid}/comments/{ids[3]}/pin")
    assert refused.status_code == 409 and refused.json()["code"] == "comment_deleted"


def test_viewers_mute_unmute_ban_and_room_mute(studio, api):
    rid = make_room(studio)
    v = join(studio, "刷屏的人")
    post = lambda: httpx.post(f"{studio.url}/api/v1/rooms/{rid}/comments", json={"text": "hi"},  # noqa: E731
                              headers=v["headers"])
    assert post().status_code == 201
    who = f"v{v['viewer_id']}"
    muted = api.put(f"/api/v1/rooms/{rid}/viewers/{who}/mute", json={"duration_s": 600}).json()
    assert muted["muted_until"] > time.time() + 500
    r = post()
    assert r.status_code == 403 and r.json()["code"] == "muted"
    assert api.delete(f"/api/v1/rooms/{rid}/viewers/{who}/mute").json()["muted_until"] is None
    assert post().status_code == 201
    api.put(f"/api/v1/rooms/{rid}/mute-all", json={"muted": True})
    r = post()
    assert r.status_code == 403 and r.json()["code"] == "room_muted"
    assert api.post(f"/api/v1/rooms/{rid}/comments", json={"text": "主播说话"}).status_code == 201  # staff still can
    api.put(f"/api/v1/rooms/{rid}/mute-all", json={"muted": False})
    assert api.put(f"/api/v1/rooms/{rid}/viewers/{who}/ban").json()["banned"]
    r = post()
    assert r.status_code == 403 and r.json()["code"] == "banned"
    assert not api.delete(f"/api/v1/rooms/{rid}/viewers/{who}/ban").json()["banned"]
    assert api.get(f"/api/v1/rooms/{rid}/viewers/{who}").json()["nickname"] == "刷屏的人"
    # A short mute lifts by itself.
    api.put(f"/api/v1/rooms/{rid}/viewers/{who}/mute", json={"duration_s": 1})
    time.sleep(1.1)
    assert post().status_code == 201


def test_staff_accounts_and_roles(studio):
    with studio.client("anchor") as anchor:
        created = anchor.post("/api/v1/staff", json={"name": "小李", "role": "moderator"})
        assert created.status_code == 201
        token = created.json()["token"]
        me = httpx.get(f"{studio.url}/api/v1/me", headers={"Authorization": f"Bearer {token}"}).json()
        assert me["role"] == "moderator" and me["name"] == "小李"
        assert any(s["name"] == "小李" for s in anchor.get("/api/v1/staff").json()["items"])
        assert anchor.delete(f"/api/v1/staff/{created.json()['id']}").status_code == 200
        gone = httpx.get(f"{studio.url}/api/v1/me", headers={"Authorization": f"Bearer {token}"})
        assert gone.status_code == 401
        own = anchor.get("/api/v1/me").json()["staff_id"]
        assert anchor.delete(f"/api/v1/staff/{own}").json()["code"] == "self_removal"


def test_push_url_is_signed_the_tencent_way(studio, api):
    info = api.get(f"/api/v1/rooms/{studio.room_id}/push-url").json()
    assert info["url"].startswith("rtmp://") and info["url"] == info["server"] + info["stream_key"]
    stream, query = info["stream_key"].split("?")
    params = dict(p.split("=") for p in query.split("&"))
    assert params["txTime"] == format(info["expires_at"], "X") and params["txTime"].isupper()
    expected = hashlib.md5(f"studio-demo-push-key{stream}{params['txTime']}".encode()).hexdigest()
    assert params["txSecret"] == expected
    assert info["expires_at"] > time.time() + 3600
