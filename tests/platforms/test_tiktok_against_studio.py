"""The TikTok Shop adapter against Studio's emulator (in-process): a flash deal is exactly once
across a lost answer and a crash (the ledger notes the create before it leaves; the restarted
console finds the activity by the title that carries the key); the emulator checks the signature
on every call, so a body changed after signing or a computer clock that is off is refused with the
documented code and said clearly; an expired access token is refreshed once; a scope the seller did
not grant is named."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest
from support.tiktok_world import BASE, TestClock, TikTokWorld, world_with_a_live_room
from support.world_fixture import world_fixture

from anchor_console.domain.models import FlashSaleSpec, FlashSaleState
from anchor_console.platforms import errors as pe
from anchor_console.platforms.tiktok_promotions import START_MARGIN_S, title_of
from anchor_console.platforms.tiktok_shop import SHOP_ROOM
from anchor_console.platforms.transport import RetryPolicy
from anchor_console.platforms.wechat_client import JsonLinesLedger
from anchor_console.studio.tiktok.promotions import SHOP_PRINCIPAL

SPEC = FlashSaleSpec("1001", "10012", 9900, 5, 1, 0, 600)
ACTIVITIES_PATH = "/promotion/202309/activities"


world = world_fixture(world_with_a_live_room)


class Faulty(httpx.AsyncBaseTransport):
    """Forwards to Studio; `fault(request)` says "before" (nothing reaches Studio), "after" (Studio
    acts, the answer is lost) or None."""

    def __init__(self, inner: httpx.AsyncBaseTransport, fault) -> None:
        self.inner, self.fault = inner, fault

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        mode = self.fault(request)
        if mode == "before":
            raise httpx.ConnectError("connection refused", request=request)
        if mode == "tamper":
            request = httpx.Request(request.method, request.url, headers=request.headers,
                                    content=request.content.replace(b'"page_size":100', b'"page_size":99'))
        response = await self.inner.handle_async_request(request)
        if mode == "after":
            await response.aread()
            raise httpx.ReadTimeout("no answer", request=request)
        return response


def client_with(world: TikTokWorld, fault) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=Faulty(world.http._transport, fault), base_url=BASE)


def activities_titled(world: TikTokWorld, title: str) -> int:
    return world.studio.store.db.execute("SELECT COUNT(*) FROM tt_activities WHERE title = ?", (title,)).fetchone()[0]


def studio_sales(world: TikTokWorld) -> int:
    return world.studio.store.db.execute("SELECT COUNT(*) FROM flash_sales WHERE sku_id = 10012").fetchone()[0]


# ---------------------------------------------------------------------------------- exactly once

@pytest.mark.asyncio
async def test_a_lost_create_answer_then_a_crash_makes_one_activity(world, tmp_path):
    ledger_path = tmp_path / "ledger.jsonl"
    refresh = world.grant()["refresh_token"]
    lost = client_with(world, lambda r: "after" if r.method == "POST" and r.url.path == ACTIVITIES_PATH else None)
    first = world.adapter(ledger=JsonLinesLedger(ledger_path), refresh_token=refresh, client=lost)
    with pytest.raises(pe.OutcomeUnknown):
        await first.launch_flash_sale(SHOP_ROOM, SPEC, key="cue-42")
    assert activities_titled(world, title_of("cue-42")) == 1     # it was created, the console does not know
    # The console crashes; on restart the journal resends the action with the same key.
    again = world.adapter(ledger=JsonLinesLedger(ledger_path), refresh_token=refresh)
    sale = await again.launch_flash_sale(SHOP_ROOM, SPEC, key="cue-42")
    assert sale.state is FlashSaleState.LIVE and (sale.sku_id, sale.sale_price_fen, sale.stock) == ("10012", 9900, 5)
    assert activities_titled(world, title_of("cue-42")) == 1
    assert studio_sales(world) == 1
    assert (await again.launch_flash_sale(SHOP_ROOM, SPEC, key="cue-42")).id == sale.id
    assert studio_sales(world) == 1
    written = ledger_path.read_text()
    assert title_of("cue-42") in written and refresh not in written and world.app_secret not in written


@pytest.mark.asyncio
async def test_a_crash_before_the_products_were_set_is_finished_on_restart(world, tmp_path):
    ledger_path = tmp_path / "ledger.jsonl"
    refresh = world.grant()["refresh_token"]
    down = client_with(world, lambda r: "before" if r.method == "PUT" else None)
    first = world.adapter(ledger=JsonLinesLedger(ledger_path), refresh_token=refresh, client=down)
    first.api.transport.retry = RetryPolicy(max_attempts=1)
    with pytest.raises(pe.Unavailable):
        await first.launch_flash_sale(SHOP_ROOM, SPEC, key="cue-43")
    again = world.adapter(ledger=JsonLinesLedger(ledger_path), refresh_token=refresh)
    sale = await again.launch_flash_sale(SHOP_ROOM, SPEC, key="cue-43")
    assert sale.state is FlashSaleState.LIVE and activities_titled(world, title_of("cue-43")) == 1
    assert studio_sales(world) == 1


@pytest.mark.asyncio
async def test_a_flash_deal_is_sold_to_the_audience_and_stopped(world):
    adapter = world.adapter()
    sale = await adapter.launch_flash_sale(SHOP_ROOM, SPEC, key="cue-44")
    (studio_sale,) = [s for r in world.studio.rooms.live_room_ids() for s in world.studio.flash_sales.list_in_room(r)]
    assert (studio_sale["sale_price_fen"], studio_sale["stock"], studio_sale["per_buyer_limit"]) == (9900, 5, 1)
    viewer = world.studio.accounts.join_as_viewer("买家")["viewer_id"]
    world.studio.flash_sales.buy(studio_sale["room_id"], studio_sale["id"], viewer, 1)
    stopped = await adapter.stop_flash_sale(SHOP_ROOM, sale.id, key="stop-44")
    assert stopped.state is FlashSaleState.ENDED
    assert world.studio.flash_sales.get(studio_sale["id"])["state"] == "ended"
    again = await adapter.stop_flash_sale(SHOP_ROOM, sale.id, key="stop-44")   # a resend: already deactivated
    assert again.state is FlashSaleState.ENDED


@pytest.mark.asyncio
@pytest.mark.parametrize("off_s", [0, -2])
async def test_a_deal_started_now_begins_a_moment_ahead_and_is_running_when_the_launch_answers(world, off_s):
    """TikTok refuses a begin time in the past (17029005): "start now" sent as this second was
    refused as soon as this computer's clock was a moment behind TikTok's. It begins START_MARGIN_S
    ahead on TikTok's clock (as its answers' Date tells it), and the launch waits that out, so the
    deal it answers is running."""
    created = []

    async def note(request: httpx.Request) -> None:
        if request.method == "POST" and request.url.path == ACTIVITIES_PATH:
            created.append((json.loads(request.content), world.now()))
    world.http.event_hooks["request"].append(note)
    adapter = world.adapter(clock=TestClock(world.time, off_s))
    sale = await adapter.launch_flash_sale(SHOP_ROOM, SPEC, key=f"cue-now{off_s}")
    ((body, sent_at),) = created
    assert body["begin_time"] > sent_at and body["begin_time"] - sent_at == START_MARGIN_S
    assert sale.state is FlashSaleState.LIVE and sale.starts_at == body["begin_time"] <= world.now()


@pytest.mark.asyncio
async def test_a_discount_of_another_type_is_neither_listed_nor_stopped_as_a_flash_deal(world):
    """The shop's fixed-price discount (made in Seller Center) is in the search's answer — it has
    no type filter — but it is no flash deal: not listed, and deactivating it is refused."""
    begin = int(world.now()) + 60
    fixed = (await world.call("POST", ACTIVITIES_PATH, {
        "title": "Summer prices", "activity_type": "FIXED_PRICE", "product_level": "PRODUCT", "begin_time": begin,
        "end_time": begin + 86400}))["data"]["activity_id"]
    await world.call("PUT", f"{ACTIVITIES_PATH}/{fixed}/products", {"products": [{"id": "1002", "skus": [
        {"id": "10021", "activity_price_amount": "1.00", "quantity_limit": -1, "quantity_per_user": -1}]}]})
    adapter = world.adapter()
    sale = await adapter.launch_flash_sale(SHOP_ROOM, SPEC, key="cue-47")
    assert [s.id for s in await adapter.list_flash_sales(SHOP_ROOM)] == [sale.id]
    with pytest.raises(pe.NotFound):
        await adapter.stop_flash_sale(SHOP_ROOM, fixed, key="stop-47")
    assert (await world.call("GET", f"{ACTIVITIES_PATH}/{fixed}"))["data"]["status"] == "NOT_START"


@pytest.mark.asyncio
async def test_a_deal_without_a_stock_cap_may_sell_all_of_the_sku_not_none(world):
    """A flash deal made in Seller Center with no stock cap and no per-buyer limit (-1, as
    update-activity-product's example sends them): it may sell all of the SKU, not "sold out"."""
    begin = int(world.now()) + 60
    deal = (await world.call("POST", ACTIVITIES_PATH, {
        "title": "Seller Center deal", "activity_type": "FLASHSALE", "product_level": "VARIATION",
        "begin_time": begin, "end_time": begin + 600}))["data"]["activity_id"]
    await world.call("PUT", f"{ACTIVITIES_PATH}/{deal}/products", {"products": [{"id": "1001", "skus": [
        {"id": "10012", "activity_price_amount": "99.00", "quantity_limit": -1, "quantity_per_user": -1}]}]})
    (sale,) = await world.adapter().list_flash_sales(SHOP_ROOM)
    stock = world.studio.catalog.sku_row(10012)["stock"]
    assert stock > 0 and (sale.id, sale.stock, sale.per_buyer_limit, sale.remaining) == (deal, stock, stock, stock)


@pytest.mark.asyncio
async def test_coupons_made_elsewhere_are_listed_with_their_limit_and_claims(world):
    """TikTok's API cannot create coupons; the console lists the shop's, read only, in the shape of
    search-coupons-202406's fuller example: the claim limit and how many were claimed."""
    room = world.studio.rooms.live_room_ids()[0]
    template = world.studio.coupons.list_templates()[0]["id"]
    batch = world.studio.coupons.issue(room, template, 20, 30, SHOP_PRINCIPAL)
    viewer = world.studio.accounts.join_as_viewer("领券")["viewer_id"]
    world.studio.coupons.claim(room, batch["id"], viewer)
    coupons = await world.adapter().list_coupons(SHOP_ROOM)
    (coupon,) = [c for c in coupons if c.id == str(batch["id"])]
    assert (coupon.quantity, coupon.claimed, coupon.remaining) == (20, 1, 19)
    assert coupon.valid_until == pytest.approx(batch["valid_until"], abs=1)



@pytest.mark.asyncio
async def test_more_coupons_than_a_page_are_all_listed(world):
    room = world.studio.rooms.live_room_ids()[0]
    template = world.studio.coupons.list_templates()[0]["id"]
    issued = {str(world.studio.coupons.issue(room, template, 5, 30, SHOP_PRINCIPAL)["id"]) for _ in range(130)}
    listed = [c.id for c in await world.adapter().list_coupons(SHOP_ROOM)]
    assert len(listed) == len(set(listed)) and issued <= set(listed)


# ---------------------------------------------------------------------------------- the signature, checked

@pytest.mark.asyncio
async def test_a_body_changed_after_signing_is_refused_as_an_invalid_signature(world):
    tampered = client_with(world, lambda r: "tamper" if r.url.path.endswith("/activities/search") else None)
    adapter = world.adapter(client=tampered)
    with pytest.raises(pe.AuthFailed) as info:
        await adapter.list_flash_sales(SHOP_ROOM)
    assert info.value.code == "106001"
    assert "signature" in info.value.message.english()


class Undated(httpx.AsyncBaseTransport):
    """Forwards to Studio; its answers' Date taken away (a server that sends none)."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        del response.headers["Date"]
        return response


@pytest.mark.asyncio
async def test_a_computer_clock_ten_minutes_off_is_said_plainly_when_no_answer_tells_the_time(world):
    adapter = world.adapter(clock=TestClock(world.time, 600),
                            client=httpx.AsyncClient(transport=Undated(world.http._transport), base_url=BASE))
    with pytest.raises(pe.InvalidRequest) as info:
        await adapter.list_rooms()
    assert info.value.code == "36009004"          # TikTok's overloaded code; its message names the timestamp
    assert "this computer's clock is wrong" in info.value.message.english()


@pytest.mark.asyncio
@pytest.mark.parametrize("off_s", [600, 45, -600])
async def test_a_computer_clock_off_is_set_by_tiktoks_answers_and_requests_are_never_stamped_ahead(world, off_s):
    """TikTok refuses a timestamp over 30 s ahead of its clock or 5 minutes behind. Its answers'
    Date tells how far this computer's clock is off: the refused request is sent once more on
    TikTok's clock, and every later one is stamped on it (never ahead); a deal's times are TikTok's,
    and the adapter's clock reading puts them on this computer's clock."""
    stamps = []

    async def note(request: httpx.Request) -> None:
        stamps.append((int(request.url.params["timestamp"]), world.time()) if "timestamp" in request.url.params
                      else None)
    world.http.event_hooks["request"].append(note)
    adapter = world.adapter(clock=TestClock(world.time, off_s))
    sale = await adapter.launch_flash_sale(SHOP_ROOM, SPEC, key="cue-clock")
    stamps = [s for s in stamps if s]
    refused, *sent = stamps
    assert refused[0] - refused[1] == off_s                     # before any answer: this computer's clock
    assert sent and all(stamp <= now for stamp, now in sent)    # then TikTok's, never ahead of it
    reading = adapter.clock_reading   # what the console counts TikTok's times on
    assert round(reading.platform - reading.local) == -off_s
    assert sale.state is FlashSaleState.LIVE
    # begun half a second ago, on our clock
    assert reading.local_at(sale.starts_at) == pytest.approx(world.time() + off_s - 0.5, abs=1)


@pytest.mark.asyncio
async def test_every_call_is_checked_not_just_the_first(world):
    """A valid signature once does not open the door: each call is signed and checked anew."""
    ok = await world.call("GET", "/authorization/202309/shops", shop=False)
    assert ok["code"] == 0
    stale = await world.call("GET", "/authorization/202309/shops", shop=False, timestamp=world.time() - 301)
    assert stale["code"] == 36009004 and "earlier than 5 minutes" in stale["message"]
    recent = await world.call("GET", "/authorization/202309/shops", shop=False, timestamp=world.time() - 299)
    assert recent["code"] == 0
    forged = await world.call("POST", f"{ACTIVITIES_PATH}/search", {"page_size": 10}, sent_body=b'{"page_size":11}')
    assert forged["code"] == 106001
    wrong_secret = await world.call("GET", "/authorization/202309/shops", shop=False, secret="x" * 40)
    assert wrong_secret["code"] == 106001


# ---------------------------------------------------------------------------------- tokens and scopes

@pytest.mark.asyncio
async def test_an_expired_access_token_is_refreshed_once(world):
    adapter = world.adapter()
    await adapter.list_rooms()
    world.tiktok.gate.expire_access_tokens()
    world.time.advance(1)
    adapter.shop = None
    assert [r.id for r in await adapter.list_rooms()] == [SHOP_ROOM]
    assert adapter.api.tokens.fetches == 2


@pytest.mark.asyncio
async def test_a_scope_the_seller_did_not_grant_is_named(world):
    world.tiktok.config.granted_scopes = ("seller.authorization.info", "seller.product.basic",
                                          "seller.promotion.info")
    adapter = world.adapter()
    with pytest.raises(pe.NotPermitted) as info:
        await adapter.launch_flash_sale(SHOP_ROOM, SPEC, key="cue-45")
    assert info.value.code == "105005" and "scope" in info.value.message.english()


@pytest.mark.asyncio
async def test_the_shops_products_are_studios_catalog_with_skus_prices_and_codes(world):
    products = {p.id: p for p in await world.adapter().products_to_match()}
    card = products["1001"]
    sku = card.sku("10012")
    studio_sku = world.studio.catalog.sku_row(10012)
    assert (sku.price_fen, sku.stock, sku.code) == (studio_sku["price_fen"], studio_sku["stock"], "SKU10012")
    assert card.image_url.startswith(BASE + "/media/")
    assert len(products) == len(world.studio.catalog.list_products())


@pytest.mark.asyncio
async def test_a_new_refresh_token_from_tiktok_goes_to_the_keyring(world):
    world.tiktok.config.rotate_refresh_tokens = True
    kept = []
    old = world.grant()["refresh_token"]
    adapter = world.adapter(refresh_token=old, on_credentials=kept.append)
    await adapter.list_rooms()
    (creds,) = kept
    assert creds.refresh_token not in ("", old) and creds.app_secret == world.app_secret
    again = world.adapter(refresh_token=creds.refresh_token)   # the next start, from the keyring
    assert [r.id for r in await again.list_rooms()] == [SHOP_ROOM]


@pytest.mark.asyncio
async def test_a_deal_that_ends_by_its_time_reaches_the_event_stream(world):
    adapter = world.adapter()
    sale = await adapter.launch_flash_sale(SHOP_ROOM, SPEC, key="cue-46")
    world.time.advance(601)

    async def ended():
        async for event in adapter.events(SHOP_ROOM):
            if event.type == "flash_sale.updated" and event.data["flash_sale"].state is FlashSaleState.ENDED:
                return event.data["flash_sale"]

    done = await asyncio.wait_for(ended(), 10)
    assert done.id == sale.id and done.ended_reason == "expired"


@pytest.mark.asyncio
async def test_over_the_per_second_limit_studio_answers_429_and_the_adapter_waits_as_told(world):
    world.tiktok.config.requests_per_second = 2
    waits: list[float] = []

    async def sleep(seconds: float) -> None:   # no real sleeping: the test clock moves instead
        waits.append(seconds)
        world.time.advance(seconds)

    adapter = world.adapter(sleep=sleep)
    answers = [await world.call("POST", f"{ACTIVITIES_PATH}/search", {"page_size": 1}) for _ in range(3)]
    assert [a["code"] for a in answers] == [0, 0, 36009002]
    world.time.advance(1)
    await adapter.list_rooms()   # the shop (its cipher) first: another API, counted apart
    for _ in range(3):
        await adapter.deals.search(status="ONGOING")
    assert waits and waits[0] >= 1   # Retry-After honoured, then the search went through
