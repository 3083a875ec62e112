"""The WeChat adapters against Studio's WeChat emulator when WeChat misbehaves the ways it does:
the access token expires in the middle of a show, a daily or per-minute allowance runs out, a
push (讲解) is still in progress, and the server dies after committing a flash sale but before
answering. Every request on the wire is recorded (what was sent, what WeChat answered), so "no
retry storm" and "no second action" are counted, not assumed."""

from __future__ import annotations

import asyncio
import contextlib
import time

import httpx
import pytest
import pytest_asyncio
from test_conformance import key, live_room, module_studio

from anchor_console.domain.clock import SystemClock
from anchor_console.domain.models import FlashSaleSpec, FlashSaleState
from anchor_console.platforms import errors as pe
from anchor_console.platforms.base import StreamStatus
from anchor_console.platforms.wechat_auth import WeChatCredentials
from anchor_console.platforms.wechat_channels import WeChatChannelsPlatform
from anchor_console.platforms.wechat_client import JsonLinesLedger
from anchor_console.platforms.wechat_live import WeChatLivePlatform
from anchor_console.platforms.wechat_quota import QuotaBook
from anchor_console.studio.wechat.channels import export_id

B = "/wxaapi/broadcast"
TASK = "/channels/ec/product/limiteddiscounttask"
TOKEN = "/cgi-bin/stable_token"
DEFAULTS = {"token_ttl_s": 7200, "daily_limits": {}, "minute_limits": {}, "push_s": 3.0, "reset_quota": True}


@pytest.fixture(scope="module")
def studio(tmp_path_factory):
    with module_studio(tmp_path_factory, "wechat-faults", "--chaos") as s:
        yield s


def settle(studio, **settings) -> dict:
    """Set the emulator (PUT /api/v1/_wechat, a --chaos Studio only)."""
    r = httpx.put(f"{studio.url}/api/v1/_wechat", json=settings, headers=studio.headers("assistant"), timeout=10)
    assert r.status_code == 200, r.text
    return r.json()


@pytest.fixture(autouse=True)
def emulator_defaults(studio):
    settle(studio, **DEFAULTS)
    yield
    settle(studio, **DEFAULTS)


class Wire:
    """Every request the adapter sent and WeChat's errcode for it; optionally expires every token
    just before a chosen request leaves (the token runs out exactly as that action is sent)."""

    def __init__(self, studio) -> None:
        self.studio = studio
        self.seen: list[tuple[str, int | None]] = []
        self.expire_before: set[str] = set()

    async def on_request(self, request: httpx.Request) -> None:
        if request.url.path in self.expire_before:
            self.expire_before.discard(request.url.path)
            assert settle(self.studio, expire_tokens=True)["tokens_expired"] >= 1

    async def on_response(self, response: httpx.Response) -> None:
        await response.aread()
        try:
            code = int(str(response.json().get("errcode", 0) or 0))
        except ValueError:
            code = None
        self.seen.append((response.request.url.path, code))

    def count(self, path: str, errcode: int | None = None) -> int:
        return sum(1 for p, c in self.seen if p == path and (errcode is None or c == errcode))

    def client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(event_hooks={"request": [self.on_request], "response": [self.on_response]})


@pytest_asyncio.fixture
async def wire(studio):
    w = Wire(studio)
    async with w.client() as client:
        w.http = client
        yield w


def live_adapter(studio, client, **kw) -> WeChatLivePlatform:
    return WeChatLivePlatform("mp", WeChatCredentials(studio.wechat["appid"], studio.wechat["secret"]), client,
                              base_url=studio.url, **kw)


def channels_adapter(studio, client, **kw) -> WeChatChannelsPlatform:
    shop = studio.wechat["shop"]
    return WeChatChannelsPlatform("ch", WeChatCredentials(shop["appid"], shop["secret"]), client, base_url=studio.url,
                                  **kw)


def studio_room(studio, room_id: int) -> dict:
    with studio.client("assistant") as c:
        return c.get(f"/api/v1/rooms/{room_id}/snapshot").json()


def open_tasks(studio, product_id: str) -> list[dict]:
    """The shop's waiting and running flash sales of a product, read straight from the emulator."""
    shop = studio.wechat["shop"]
    token = httpx.post(f"{studio.url}{TOKEN}", json={"grant_type": "client_credential", "appid": shop["appid"],
                                                       "secret": shop["secret"]}, timeout=10).json()["access_token"]
    tasks = []
    for status in (0, 1):
        r = httpx.post(f"{studio.url}{TASK}/list/get", params={"access_token": token},
                       json={"status": status, "page_size": 50}, timeout=10).json()
        tasks += [t for t in r["limited_discount_tasks"] if t["product_id"] == product_id]
    return tasks


def stop_all_tasks(studio, product_id: str) -> None:
    shop = studio.wechat["shop"]
    token = httpx.post(f"{studio.url}{TOKEN}", json={"grant_type": "client_credential", "appid": shop["appid"],
                                                       "secret": shop["secret"]}, timeout=10).json()["access_token"]
    for t in open_tasks(studio, product_id):
        httpx.post(f"{studio.url}{TASK}/stop", params={"access_token": token}, json={"task_id": t["task_id"]},
                   timeout=10)


# ---------------------------------------------------------------------------------- the token

@pytest.mark.asyncio
async def test_a_token_expiring_as_a_push_is_sent_is_replaced_and_the_push_applies_once(studio, wire):
    live = live_adapter(studio, wire.http)
    room = live_room(studio)
    await live.snapshot(str(room))                     # the show runs: a token in hand
    wire.expire_before = {f"{B}/goods/push", f"{B}/room/updatecomment"}
    staged = await live.put_on_stage(str(room), "1002", key=key())
    muted = await live.set_room_mute(str(room), True, key=key())
    assert staged.stage_product_id == "1002" and muted.mute_all       # no failure the operator sees
    for path in (f"{B}/goods/push", f"{B}/room/updatecomment"):
        assert (wire.count(path, 42001), wire.count(path, 0), wire.count(path)) == (1, 1, 2)
    assert wire.count(TOKEN) == 3                                     # the first, and one per expiry
    snap = studio_room(studio, room)
    assert snap["room"]["stage_product_id"] == 1002 and snap["room"]["mute_all"] is True


@pytest.mark.asyncio
async def test_a_token_expiring_as_a_flash_sale_and_a_coupon_are_created_makes_each_once(studio, wire):
    channels = channels_adapter(studio, wire.http)
    room = live_room(studio, (1005,))
    templates = await channels.list_coupon_templates()
    wire.expire_before = {f"{TASK}/add", "/channels/ec/coupon/create"}
    sale = await channels.launch_flash_sale(export_id(room), FlashSaleSpec("1005", "10052", 19900, 4, 1, 0, 120),
                                            key=key())
    batch = await channels.issue_coupon(export_id(room), templates[0].id, 20, 10, key=key())
    assert sale.state is FlashSaleState.LIVE and batch.quantity == 20
    for path in (f"{TASK}/add", "/channels/ec/coupon/create"):
        assert (wire.count(path, 42001), wire.count(path, 0)) == (1, 1)
    assert [t["task_id"] for t in open_tasks(studio, "1005")] == [sale.id]
    snap = studio_room(studio, room)
    assert [(s["product_id"], s["sku_id"], s["sale_price_fen"]) for s in snap["flash_sales"]] == [(1005, 10052, 19900)]
    assert [(c["quantity"], c["state"]) for c in snap["coupons"]] == [(20, "active")]
    stop_all_tasks(studio, "1005")


@pytest.mark.asyncio
async def test_a_short_lived_token_is_renewed_before_use_without_a_refusal(studio, wire):
    settle(studio, token_ttl_s=2)
    live = live_adapter(studio, wire.http)
    room = live_room(studio)
    await live.snapshot(str(room))
    await asyncio.sleep(2.5)                          # the token ran out while the show was quiet
    await live.put_on_stage(str(room), "1003", key=key())
    assert wire.count(TOKEN) == 2
    assert not [c for _, c in wire.seen if c in (40001, 42001)]


# ---------------------------------------------------------------------------------- allowances

@pytest.mark.asyncio
async def test_a_used_up_daily_allowance_is_said_plainly_and_nothing_more_is_sent(studio, wire):
    settle(studio, daily_limits={f"{B}/goods/push": 2}, push_s=0)
    live = live_adapter(studio, wire.http)
    room = live_room(studio)
    await live.put_on_stage(str(room), "1001", key=key())
    await live.put_on_stage(str(room), "1002", key=key())
    for _ in range(4):
        with pytest.raises(pe.QuotaExhausted) as info:
            await live.put_on_stage(str(room), "1003", key=key())
    words = info.value.message.english()
    assert "allowance" in words and "midnight, Beijing time" in words and "Nothing was sent" in words
    assert (wire.count(f"{B}/goods/push"), wire.count(f"{B}/goods/push", 45009)) == (3, 1)   # no retry storm
    assert studio_room(studio, room)["room"]["stage_product_id"] == 1002                  # the refused one did nothing
    quota = (await live.api.call("POST", "/cgi-bin/openapi/quota/get", body={"cgi_path": f"{B}/goods/push"},
                                 safe=True))["quota"]
    assert quota == {"daily_limit": 2, "used": 2, "remain": 0}                            # refusals are not counted
    other = await live.get_shelf(str(room))                                              # other APIs go on
    assert [i.product_id for i in other] == ["1001", "1002", "1003"]


@pytest.mark.asyncio
async def test_a_used_up_minute_allowance_waits_the_minute_out_without_sending(studio, wire):
    while 60 - time.time() % 60 < 8:                  # Studio counts by the clock's minute: not across one
        await asyncio.sleep(0.5)
    settle(studio, minute_limits={"/wxa/business/getliveinfo": 3})
    live = live_adapter(studio, wire.http)
    for _ in range(3):
        await live.list_rooms()
    for _ in range(3):
        with pytest.raises(pe.RateLimited) as info:
            await live.list_rooms()
    assert info.value.retry_after >= 50
    assert (wire.count("/wxa/business/getliveinfo"), wire.count("/wxa/business/getliveinfo", 45011)) == (4, 1)


@pytest.mark.asyncio
async def test_a_poller_that_meets_a_used_up_allowance_pauses_instead_of_polling_on(studio, wire):
    settle(studio, daily_limits={"/wxa/business/getliveinfo": 1})
    # A local budget that never stretches the pace (it would, by the time left to midnight): the
    # refusal is the server's, and the poller learns of it only from the 45009.
    roomy = QuotaBook(SystemClock(), limits={"/wxa/business/getliveinfo": 10**9})
    live = live_adapter(studio, wire.http, live_poll_s=0.1, idle_poll_s=0.1, quota=roomy)
    room = live_room(studio)
    statuses: list[tuple[StreamStatus, str]] = []

    async def read():
        async with contextlib.aclosing(live.events(str(room), on_status=lambda s, d: statuses.append((s, d)))) as ev:
            async for _ in ev:
                pass

    reader = asyncio.ensure_future(read())
    await asyncio.sleep(1.5)
    reader.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await reader
    assert wire.count("/wxa/business/getliveinfo") == 2          # one poll, one refusal, then quiet
    assert (StreamStatus.RECONNECTING, "room: quota_exhausted") in statuses


# ---------------------------------------------------------------------------------- a push in progress

@pytest.mark.asyncio
async def test_a_push_in_progress_is_waited_out_and_the_next_push_and_sale_change_succeed(studio, wire):
    settle(studio, push_s=0.8)
    live = live_adapter(studio, wire.http)
    room = live_room(studio)
    await live.put_on_stage(str(room), "1001", key=key())
    room_now = await live.put_on_stage(str(room), "1002", key=key())        # 300047 first, then through
    item = await live.set_on_sale(str(room), "1001", False, key=key())      # 300049 first, then through
    assert room_now.stage_product_id == "1002" and not item.on_sale
    assert (wire.count(f"{B}/goods/push", 300047), wire.count(f"{B}/goods/push", 0)) == (1, 2)
    assert (wire.count(f"{B}/goods/onsale", 300049), wire.count(f"{B}/goods/onsale", 0)) == (1, 1)
    snap = studio_room(studio, room)
    assert snap["room"]["stage_product_id"] == 1002
    assert {i["product_id"]: i["on_sale"] for i in snap["shelf"]}[1001] is False


# ---------------------------------------------------------------------------------- a crash mid-create

@pytest.mark.asyncio
@pytest.mark.parametrize("console", ["same_adapter_retries", "console_restarted_with_its_ledger"])
async def test_studio_killed_after_committing_a_flash_sale_is_reconciled_without_a_second_task(tmp_path, console):
    from support.studio import start_studio

    studio = start_studio(tmp_path / "studio", "--demo", "--audience", "0", "--chaos")
    try:
        r = httpx.put(f"{studio.url}/api/v1/_chaos", json={"kill_after_paths": [f"{TASK}/add"]},
                      headers=studio.headers("assistant"), timeout=10)
        assert r.status_code == 200, r.text
        spec = FlashSaleSpec("1001", "10012", 9900, 5, 1, 0, 300)
        action = key()
        wire = Wire(studio)
        async with wire.client() as client:
            first = channels_adapter(studio, client, ledger=JsonLinesLedger(tmp_path / "wechat-sent.jsonl"))
            with pytest.raises(pe.PlatformError) as lost:
                await first.launch_flash_sale("current", spec, key=action)
            assert lost.value.outcome_unknown                # sent, no answer: the journal will reconcile
            assert wire.count(f"{TASK}/add") == 0            # the answer never came
            assert studio.proc.wait(10) in (-9, 137)         # SIGKILL, after the commit
            studio.start(port=studio.port)                   # the same database, the same address
            again = first if console == "same_adapter_retries" else channels_adapter(
                studio, client, ledger=JsonLinesLedger(tmp_path / "wechat-sent.jsonl"))
            sale = await again.launch_flash_sale("current", spec, key=action)
            twice = await again.launch_flash_sale("current", spec, key=action)
        assert sale.id == twice.id and sale.state is FlashSaleState.LIVE
        assert wire.count(f"{TASK}/add") == 0                # reconciled by listing, never added again
        assert [t["task_id"] for t in open_tasks(studio, "1001")] == [sale.id]
        sales = studio_room(studio, studio.room_id)["flash_sales"]
        assert [(s["product_id"], s["state"]) for s in sales] == [(1001, "live")]
    finally:
        studio.stop()
