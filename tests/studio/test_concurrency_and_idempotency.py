"""Stock, money and limits under concurrency; Idempotency-Key semantics."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from support.studio import make_room


async def viewers(studio, n: int) -> list[dict]:
    # Bounded: httpx's pool slows down quadratically with a thousand queued requests.
    gate = asyncio.Semaphore(20)
    async with httpx.AsyncClient(base_url=studio.url, timeout=30) as c:
        async def one(i: int):
            async with gate:
                return await c.post("/api/v1/viewers", json={"nickname": f"买家{i}"})

        got = await asyncio.gather(*(one(i) for i in range(n)))
    return [r.json() for r in got]


@pytest.mark.asyncio
async def test_1000_concurrent_buyers_on_stock_100_sell_exactly_100(studio):
    rid = make_room(studio, products=(1004,))
    with studio.client("assistant") as api:
        sku_before = api.get("/api/v1/products/1004").json()["skus"][1]
        sale = api.post(f"/api/v1/rooms/{rid}/flash-sales", json={
            "product_id": 1004, "sku_id": sku_before["id"], "sale_price_fen": 2900, "stock": 100,
            "per_buyer_limit": 1, "countdown_s": 0, "duration_s": 600}).json()
        api.post(f"/api/v1/rooms/{rid}/flash-sales/{sale['id']}/start")
    buyers = await viewers(studio, 1000)
    limits = httpx.Limits(max_connections=1000, max_keepalive_connections=0)
    async with httpx.AsyncClient(base_url=studio.url, timeout=60, limits=limits) as c:
        start = asyncio.Event()

        async def buy(v):
            await start.wait()
            return await c.post(f"/api/v1/rooms/{rid}/flash-sales/{sale['id']}/buy", json={"quantity": 1},
                                headers={"Authorization": f"Bearer {v['token']}"})

        tasks = [asyncio.create_task(buy(v)) for v in buyers]
        await asyncio.sleep(0.1)
        start.set()
        results = await asyncio.gather(*tasks)
    codes = [r.status_code for r in results]
    assert codes.count(201) == 100
    # Everyone who came too late hears "sold out", not "the sale has ended".
    assert {r.json()["code"] for r in results if r.status_code != 201} == {"sold_out"}
    with studio.client("assistant") as api:
        final = api.get(f"/api/v1/rooms/{rid}/flash-sales/{sale['id']}").json()
        sku_after = api.get("/api/v1/products/1004").json()["skus"][1]
        orders = api.get(f"/api/v1/rooms/{rid}/orders", params={"limit": 1000}).json()["items"]
    assert (final["sold"], final["state"], final["ended_reason"]) == (100, "ended", "sold_out")
    assert sku_after["stock"] == sku_before["stock"] - 100 >= 0
    assert len(orders) == 100 and len({o["viewer_id"] for o in orders}) == 100


@pytest.mark.asyncio
async def test_per_buyer_limit_holds_under_a_burst_from_one_buyer(studio):
    rid = make_room(studio)
    with studio.client("assistant") as api:
        sale = api.post(f"/api/v1/rooms/{rid}/flash-sales", json={
            "product_id": 1001, "sku_id": 10013, "sale_price_fen": 9900, "stock": 50, "per_buyer_limit": 2,
            "countdown_s": 0, "duration_s": 600}).json()
        api.post(f"/api/v1/rooms/{rid}/flash-sales/{sale['id']}/start")
    (buyer,) = await viewers(studio, 1)
    async with httpx.AsyncClient(base_url=studio.url, timeout=30) as c:
        results = await asyncio.gather(*(c.post(f"/api/v1/rooms/{rid}/flash-sales/{sale['id']}/buy",
                                                json={"quantity": 1},
                                                headers={"Authorization": f"Bearer {buyer['token']}"})
                                         for _ in range(20)))
    ok = [r for r in results if r.status_code == 201]
    limited = [r for r in results if r.status_code == 409 and r.json()["code"] == "buyer_limit_reached"]
    rate_limited = [r for r in results if r.status_code == 429]
    assert len(ok) == 2 and len(ok) + len(limited) + len(rate_limited) == 20


@pytest.mark.asyncio
async def test_coupon_claims_never_exceed_the_quantity(studio):
    rid = make_room(studio)
    with studio.client("assistant") as api:
        batch = api.post(f"/api/v1/rooms/{rid}/coupons", json={"template_id": 2, "quantity": 30,
                                                                "valid_minutes": 10}).json()
    buyers = await viewers(studio, 200)
    async with httpx.AsyncClient(base_url=studio.url, timeout=30) as c:
        results = await asyncio.gather(*(c.post(f"/api/v1/rooms/{rid}/coupons/{batch['id']}/claim",
                                                headers={"Authorization": f"Bearer {v['token']}"}) for v in buyers))
    assert [r.status_code for r in results].count(201) == 30
    with studio.client("assistant") as api:
        assert api.get(f"/api/v1/rooms/{rid}/coupons/{batch['id']}").json()["claimed"] == 30


def test_repeat_with_the_same_key_returns_the_first_result_without_a_second_effect(studio):
    rid = make_room(studio)
    body = {"template_id": 1, "quantity": 500, "valid_minutes": 30}
    with studio.client("assistant") as api:
        first = api.post(f"/api/v1/rooms/{rid}/coupons", json=body, headers={"Idempotency-Key": "fire-1"})
        second = api.post(f"/api/v1/rooms/{rid}/coupons", json=body, headers={"Idempotency-Key": "fire-1"})
        assert first.status_code == second.status_code == 201 and first.json() == second.json()
        assert len(api.get(f"/api/v1/rooms/{rid}/coupons").json()["items"]) == 1
        other = api.post(f"/api/v1/rooms/{rid}/coupons", json={**body, "quantity": 1},
                         headers={"Idempotency-Key": "fire-1"})
        assert other.status_code == 422 and other.json()["code"] == "idempotency_key_reused"
        # Keys are per account: another staff member's same key is a different request.
    with studio.client("anchor") as anchor:
        assert anchor.post(f"/api/v1/rooms/{rid}/coupons", json={**body, "quantity": 499},
                           headers={"Idempotency-Key": "fire-1"}).status_code == 201
        assert len(anchor.get(f"/api/v1/rooms/{rid}/coupons").json()["items"]) == 2


def test_the_same_money_action_from_another_seat_a_moment_later_is_refused_not_paid_twice(studio):
    """Two seats of a crew press the same coupon at once, each under its own key, before either
    console hears of the other's: the second is refused in words. The same seat pressing again
    (a second batch meant) and viewers' orders are not this guard's."""
    rid = make_room(studio)
    body = {"template_id": 1, "quantity": 300, "valid_minutes": 30}
    with studio.client("assistant") as assistant, studio.client("anchor") as anchor:
        assert assistant.post(f"/api/v1/rooms/{rid}/coupons", json=body,
                              headers={"Idempotency-Key": "seat-a-1"}).status_code == 201
        refused = anchor.post(f"/api/v1/rooms/{rid}/coupons", json=body, headers={"Idempotency-Key": "seat-b-1"})
        assert refused.status_code == 409 and refused.json()["code"] == "same_money_action_elsewhere"
        assert assistant.post(f"/api/v1/rooms/{rid}/coupons", json=body,
                              headers={"Idempotency-Key": "seat-a-2"}).status_code == 201
        assert anchor.post(f"/api/v1/rooms/{rid}/coupons", json={**body, "quantity": 299},
                           headers={"Idempotency-Key": "seat-b-2"}).status_code == 201
        assert len(anchor.get(f"/api/v1/rooms/{rid}/coupons").json()["items"]) == 3


@pytest.mark.asyncio
async def test_concurrent_requests_with_one_key_have_one_effect(studio):
    rid = make_room(studio)
    spec = {"product_id": 1002, "sku_id": 10021, "sale_price_fen": 9900, "stock": 5, "countdown_s": 0,
            "duration_s": 600}
    async with httpx.AsyncClient(base_url=studio.url, headers=studio.headers("assistant", "same-key"),
                                 timeout=30) as c:
        results = await asyncio.gather(*(c.post(f"/api/v1/rooms/{rid}/flash-sales", json=spec) for _ in range(25)))
    assert {r.status_code for r in results} == {201}
    assert len({r.json()["id"] for r in results}) == 1
    with studio.client("assistant") as api:
        assert len(api.get(f"/api/v1/rooms/{rid}/flash-sales").json()["items"]) == 1


def test_a_refusal_is_not_stored_so_the_same_key_succeeds_once_the_cause_is_fixed(studio):
    rid = make_room(studio, live=False)
    body = {"template_id": 1, "quantity": 5, "valid_minutes": 30}
    with studio.client("assistant") as api:
        refused = api.post(f"/api/v1/rooms/{rid}/coupons", json=body, headers={"Idempotency-Key": "retry-me"})
        assert refused.status_code == 409 and refused.json()["code"] == "room_not_live"
        api.post(f"/api/v1/rooms/{rid}/start")
        ok = api.post(f"/api/v1/rooms/{rid}/coupons", json=body, headers={"Idempotency-Key": "retry-me"})
        assert ok.status_code == 201
        again = api.post(f"/api/v1/rooms/{rid}/coupons", json=body, headers={"Idempotency-Key": "retry-me"})
        assert again.json() == ok.json()
        assert len(api.get(f"/api/v1/rooms/{rid}/coupons").json()["items"]) == 1
