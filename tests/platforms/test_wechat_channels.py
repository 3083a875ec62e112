"""The WeChat Channels / 微信小店 adapter against WeChat's documented examples (wechat_docs/channels):
requests and parsing per operation; coupon batches and flash sales created exactly once although
the connection drops after sending (in the adapter and through the action journal, also after a
console crash); WeChat's flash-sale rules checked before sending; live figures, sales and claimed
coupons by polling; what the platform cannot do refused by name."""

from __future__ import annotations

import asyncio
import contextlib
import copy
import email.utils
import random

import httpx
import pytest
import pytest_asyncio
from test_conformance import refused
from test_wechat_shared import CREDS, TOKEN, FakeWeChat, Sleeper, answer, doc

from anchor_console.domain.capabilities import ALL_CAPABILITIES, Capability
from anchor_console.domain.clock import ManualClock
from anchor_console.domain.models import CouponKind, CouponState, FlashSaleSpec, FlashSaleState, RoomStatus
from anchor_console.platforms import errors as pe
from anchor_console.platforms.wechat_channels import WeChatChannelsPlatform, beijing_day
from anchor_console.platforms.wechat_client import JsonLinesLedger
from anchor_console.room.commands import IssueCoupon, LaunchFlashSale
from anchor_console.room.journal import CONFIRMED, UNKNOWN, ActionJournal
from anchor_console.room.live_room import Binding, LiveRoom

C = Capability
COUPON = "/channels/ec/coupon"
TASK = "/channels/ec/product/limiteddiscounttask"
EXPORT = answer("channels/getlivelist")["live_items"][0]["export_id"]
TEMPLATE = "12639900"
PRODUCT, SKU = "123456789", "123456001"


class Shop:
    """Coupons and flash-sale tasks as WeChat would keep them, answering with the documented shapes.
    `drop` makes the next create apply and then lose its answer (the connection cut after sending)."""

    def __init__(self, fake: FakeWeChat, clock: ManualClock) -> None:
        self.clock = clock
        template = answer("channels/coupon_get")["coupon"]
        template["status"] = 1   # a saved, never issued coupon: a template
        self.coupons = {TEMPLATE: template}
        self.tasks: list[dict] = []
        self.drop: set[str] = set()
        product = answer("channels/product_get")
        product["product"]["skus"][0].update(sale_price=19900, stock_num=500)   # a product worth a flash sale
        fake.on("/channels/ec/product/get", product)
        for path, handler in ((f"{COUPON}/get_list", self.get_list), (f"{COUPON}/get", self.get),
                              (f"{COUPON}/create", self.create), (f"{COUPON}/update_status", self.update_status),
                              (f"{TASK}/list/get", self.list_tasks), (f"{TASK}/add", self.add),
                              (f"{TASK}/stop", self.stop)):
            fake.on(path, handler)

    def get_list(self, seen):
        ids = [{"coupon_id": cid} for cid, c in self.coupons.items() if c["status"] == seen.body["status"]]
        return {**answer("channels/coupon_get_list"), "coupons": ids, "total_num": len(ids)}

    def get(self, seen):
        return {"errcode": 0, "coupon": copy.deepcopy(self.coupons[seen.body["coupon_id"]])}

    def create(self, seen):
        cid = str(111 + len(self.coupons))
        b = seen.body
        self.coupons[cid] = {"coupon_id": cid, "type": b["type"], "status": 1, "create_time": int(self.clock.now()),
                             "update_time": int(self.clock.now()),
                             "coupon_info": {k: b[k] for k in ("name", "promote_info", "discount_info", "receive_info",
                                                               "valid_info", "ext_info")},
                             "stock_info": {"issued_num": b["receive_info"]["total_num"], "receive_num": 0,
                                            "used_num": 0}}
        if "coupon" in self.drop:
            self.drop.discard("coupon")
            return httpx.RemoteProtocolError("server disconnected without sending a response")
        return {**answer("channels/coupon_create"), "data": {"coupon_id": cid}}

    def update_status(self, seen):
        coupon = self.coupons[seen.body["coupon_id"]]
        if coupon["status"] == seen.body["status"]:
            return {"errcode": 10021001, "errmsg": "优惠券状态不对"}
        coupon["status"] = seen.body["status"]
        return answer("channels/coupon_update_status")

    def list_tasks(self, seen):
        tasks = [t for t in self.tasks if t["status"] == seen.body.get("status", t["status"])]
        return {**answer("channels/task_list"), "limited_discount_tasks": copy.deepcopy(tasks),
                "total_num": len(tasks), "next_key": ""}

    def add(self, seen):
        task_id = str(12345678 + len(self.tasks))
        now = int(self.clock.now())
        self.tasks.append({**copy.deepcopy(seen.body), "task_id": task_id, "create_time": now,
                           "status": 1 if seen.body["start_time"] <= now else 0})
        if "task" in self.drop:
            self.drop.discard("task")
            return httpx.RemoteProtocolError("server disconnected without sending a response")
        return {**answer("channels/task_add"), "task_id": task_id}

    def stop(self, seen):
        for t in self.tasks:
            if t["task_id"] == seen.body["task_id"]:
                if t["status"] == 2:
                    return {"errcode": 10020077, "errmsg": "抢购活动状态不正确"}
                t["status"] = 2
        return answer("channels/task_stop")


@pytest.fixture
def sleeper(clock):
    return Sleeper(clock)


@pytest.fixture
def fake():
    f = FakeWeChat()
    f.on("/channels/livedashboard/getlivelist", answer("channels/getlivelist"))
    f.on("/channels/livedashboard/getlivedata", answer("channels/getlivedata"))
    f.on("/channels/ec/finderlive/getfinderlivenoticerecordlist", answer("channels/notice_records"))
    return f


@pytest.fixture
def shop(fake, clock):
    return Shop(fake, clock)


@pytest_asyncio.fixture
async def http(fake):
    async with httpx.AsyncClient(transport=httpx.MockTransport(fake)) as client:
        yield client


def channels(http, clock, sleeper, **kw) -> WeChatChannelsPlatform:
    return WeChatChannelsPlatform("ch", CREDS, http, clock=clock, sleep=sleeper, rng=random.Random(1), **kw)


def spec(**kw) -> FlashSaleSpec:
    return FlashSaleSpec(**{"product_id": PRODUCT, "sku_id": SKU, "sale_price_fen": 9900, "stock": 50,
                            "countdown_s": 10, "duration_s": 300, **kw})


# ---------------------------------------------------------------------------------- lives, figures

@pytest.mark.asyncio
async def test_lives_figures_and_reservations_come_from_the_documented_answers(http, fake, clock, sleeper):
    platform = channels(http, clock, sleeper)
    rooms = await platform.list_rooms()
    days = [s.body["ds"] for s in fake.sent("/channels/livedashboard/getlivelist")]
    assert days == [beijing_day(clock.now()), beijing_day(clock.now() - 86400)] == [20260101, 20251231]
    data_call = fake.sent("/channels/livedashboard/getlivedata")[0]
    assert (data_call.method, data_call.body, data_call.query["access_token"]) == ("POST", {"export_id": EXPORT}, TOKEN)
    live, reservation = rooms
    assert (live.id, live.status, live.started_at) == (EXPORT, RoomStatus.LIVE, 1234567890.0)
    assert (reservation.id, reservation.title, reservation.status) == ("notice:直播预约id", "描述", RoomStatus.SCHEDULED)
    stats = await platform.stats("current")   # the account's live of today
    assert (stats.online, stats.entries, stats.comments, stats.orders, stats.gmv_fen) == (812, 15230, 966, 37, 123400)


# ---------------------------------------------------------------------------------- coupons

@pytest.mark.asyncio
async def test_templates_are_saved_but_unissued_coupons(http, fake, shop, clock, sleeper):
    (template,) = await channels(http, clock, sleeper).list_coupon_templates()
    listed = fake.sent(f"{COUPON}/get_list")[0]
    assert listed.method == "POST" and set(listed.body) == set(doc("channels/coupon_get_list")["request"])
    assert listed.body["status"] == 1
    assert fake.sent(f"{COUPON}/get")[0].body == {"coupon_id": TEMPLATE}
    assert (template.id, template.name, template.kind, template.percent_off) == (TEMPLATE, "scs", CouponKind.PERCENT, 1)


@pytest.mark.asyncio
async def test_issuing_copies_the_template_with_the_batch_size_and_window_then_makes_it_effective(
        http, fake, shop, clock, sleeper):
    platform = channels(http, clock, sleeper)
    batch = await platform.issue_coupon("current", TEMPLATE, 500, 30, key="coupon-1")
    create = fake.sent(f"{COUPON}/create")[0].body
    assert set(create) <= set(doc("channels/coupon_create")["request"])
    now = int(clock.now())
    assert create["receive_info"] == {"start_time": now, "end_time": now + 1800, "total_num": 500,
                                      "limit_num_one_person": 1}
    assert (create["type"], create["name"], create["discount_info"]) == (103, "scs", {"discount_num": 9900})
    assert create["ext_info"]["notes"].startswith("AC:") and create["ext_info"]["notes"].endswith(f":{TEMPLATE}")
    assert fake.sent(f"{COUPON}/update_status")[0].body == {"coupon_id": batch.id, "status": 2}
    assert (batch.quantity, batch.claimed, batch.valid_until, batch.state, batch.template_id) == (
        500, 0, now + 1800.0, CouponState.ACTIVE, TEMPLATE)
    again = await platform.issue_coupon("current", TEMPLATE, 500, 30, key="coupon-1")
    assert again.id == batch.id and len(fake.sent(f"{COUPON}/create")) == 1


async def answer_lost(shop, what: str, request) -> None:
    """Await `request` (a coroutine) while the shop drops its answer to the next `what` ("coupon",
    "task"): the call is made, the console cannot know its outcome."""
    shop.drop.add(what)
    with pytest.raises(pe.OutcomeUnknown):
        await request


@pytest.mark.asyncio
async def test_a_coupon_batch_whose_answer_was_lost_is_found_by_its_mark_not_created_twice(
        http, fake, shop, clock, sleeper):
    platform = channels(http, clock, sleeper)
    await answer_lost(shop, "coupon", platform.issue_coupon("current", TEMPLATE, 200, 10, key="coupon-2"))
    after_crash = channels(http, clock, sleeper)   # a new console process: nothing in memory
    batch = await after_crash.issue_coupon("current", TEMPLATE, 200, 10, key="coupon-2")
    assert len(fake.sent(f"{COUPON}/create")) == 1
    assert batch.state is CouponState.ACTIVE and shop.coupons[batch.id]["status"] == 2


@pytest.mark.asyncio
async def test_a_coupon_from_a_durable_ledger_is_not_searched_for_and_stopping_voids_it(
        http, fake, shop, clock, sleeper, tmp_path):
    platform = channels(http, clock, sleeper, ledger=JsonLinesLedger(tmp_path / "sent.jsonl"))
    batch = await platform.issue_coupon("current", TEMPLATE, 100, 5, key="coupon-3")
    assert fake.sent(f"{COUPON}/get_list") == []   # a key the durable ledger never saw was never sent
    stopped = await platform.stop_coupon("current", batch.id, key="stop-1")
    assert fake.sent(f"{COUPON}/update_status")[-1].body == {"coupon_id": batch.id, "status": 4}
    assert stopped.state is CouponState.ENDED
    assert (await platform.stop_coupon("current", batch.id, key="stop-1")).state is CouponState.ENDED


# ---------------------------------------------------------------------------------- flash sales

@pytest.mark.asyncio
async def test_a_flash_sale_is_added_with_the_documented_fields_in_fen(http, fake, shop, clock, sleeper):
    platform = channels(http, clock, sleeper)
    sale = await platform.launch_flash_sale("current", spec(), key="sale-1")
    assert fake.sent("/channels/ec/product/get")[0].body == {"product_id": PRODUCT, "data_type": 1}
    assert [s.body for s in fake.sent(f"{TASK}/list/get")] == [{"status": 0, "page_size": 50},
                                                                {"status": 1, "page_size": 50}]
    add = fake.sent(f"{TASK}/add")[0]
    now = int(clock.now())
    assert set(add.body) == set(doc("channels/task_add")["request"])
    assert add.body == {"product_id": PRODUCT, "start_time": now + 10, "end_time": now + 310,
                        "limited_discount_skus": [{"sku_id": SKU, "sale_price": 9900, "sale_stock": 50}]}
    assert (sale.id, sale.state, sale.sale_price_fen, sale.stock, sale.starts_at, sale.ends_at) == (
        "12345678", FlashSaleState.COUNTDOWN, 9900, 50, now + 10.0, now + 310.0)
    assert sale.per_buyer_limit == 0   # the API sets no per-buyer limit: shown as none, not as asked
    again = await platform.launch_flash_sale("current", spec(), key="sale-1")
    assert again.id == sale.id and len(fake.sent(f"{TASK}/add")) == 1


@pytest.mark.asyncio
async def test_times_sent_to_wechat_are_on_its_clock_as_its_answers_date_says(fake, shop, clock, sleeper):
    """This computer's clock 5 minutes fast: a flash sale "in 10 s" and a coupon batch claimable
    from now are stamped on WeChat's clock (its answers' Date), not begun 5 minutes late; the
    adapter's clock reading says how far WeChat's clock is off, so countdowns count on it."""
    behind_s = 300

    async def dated(request: httpx.Request) -> httpx.Response:
        response = await fake(request)
        response.headers["Date"] = email.utils.formatdate(clock.now() - behind_s, usegmt=True)
        return response

    async with httpx.AsyncClient(transport=httpx.MockTransport(dated)) as http:
        platform = channels(http, clock, sleeper)
        assert platform.clock_reading is None   # nothing heard yet: this computer's clock
        sale = await platform.launch_flash_sale("current", spec(), key="sale-1")
        wechat_now = int(clock.now()) - behind_s
        assert fake.sent(f"{TASK}/add")[0].body["start_time"] in (wechat_now + 10, wechat_now + 9)
        assert sale.state is FlashSaleState.COUNTDOWN
        reading = platform.clock_reading
        assert reading is not None and round(reading.platform - reading.local) == -behind_s
        await platform.issue_coupon("current", TEMPLATE, 100, 30, key="coupon-1")
        receive = fake.sent(f"{COUPON}/create")[0].body["receive_info"]
        assert receive["start_time"] in (wechat_now, wechat_now - 1)
        assert receive["end_time"] - receive["start_time"] == 30 * 60


@pytest.mark.asyncio
@pytest.mark.parametrize("change,regular,words", [
    ({"duration_s": 90000}, 19900, "lasts from one second to 24 hours"),
    ({"sale_price_fen": 500}, 1000, "regular price (¥10.00) must be above ¥10.00"),
    ({"sale_price_fen": 17000}, 19900, "between 10% and 85% of the regular price (¥19.90 to ¥169.15)"),
    ({"sale_price_fen": 1500}, 1800, "at least ¥10.00 below the regular price (at most ¥8.00)"),
    ({"sale_price_fen": 1000}, 19900, "between 10% and 85%"),
    ({"stock": 501}, 19900, "from 1 to the SKU's current stock (500)"),
])
async def test_flash_sale_rules_are_checked_before_sending_in_plain_words(
        http, fake, shop, clock, sleeper, change, regular, words):
    fake.routes["/channels/ec/product/get"][0]["product"]["skus"][0]["sale_price"] = regular
    with pytest.raises(pe.InvalidRequest) as info:
        await channels(http, clock, sleeper).launch_flash_sale("current", spec(**change), key="k")
    assert info.value.message.english().startswith("This flash sale breaks a WeChat Channels rule: ")
    assert words in info.value.message.english()
    assert fake.sent(f"{TASK}/add") == []


@pytest.mark.asyncio
async def test_one_task_per_product_and_the_right_sku_are_checked_before_sending(http, fake, shop, clock, sleeper):
    platform = channels(http, clock, sleeper)
    with pytest.raises(pe.InvalidRequest) as info:
        await platform.launch_flash_sale("current", spec(sku_id="999"), key="k1")
    assert info.value.message.english() == "That SKU does not belong to this product."
    await platform.launch_flash_sale("current", spec(), key="k2")
    with pytest.raises(pe.Conflict) as info:
        await platform.launch_flash_sale("current", spec(sale_price_fen=9800), key="k3")
    assert "only one per product is allowed" in info.value.message.english()
    assert len(fake.sent(f"{TASK}/add")) == 1


@pytest.mark.asyncio
async def test_a_flash_sale_add_cut_off_is_reconciled_by_listing_tasks(http, fake, shop, clock, sleeper):
    platform = channels(http, clock, sleeper)
    await answer_lost(shop, "task", platform.launch_flash_sale("current", spec(), key="sale-2"))
    sale = await platform.launch_flash_sale("current", spec(), key="sale-2")
    assert len(fake.sent(f"{TASK}/add")) == 1 and sale.id == shop.tasks[0]["task_id"]


@pytest.mark.asyncio
async def test_a_retry_of_a_sale_that_already_sold_down_its_stock_adopts_it_rather_than_refusing(
        http, fake, shop, clock, sleeper):
    platform = channels(http, clock, sleeper)
    await answer_lost(shop, "task", platform.launch_flash_sale("current", spec(countdown_s=0), key="sale-7"))
    fake.routes["/channels/ec/product/get"][0]["product"]["skus"][0]["stock_num"] = 12   # it sold meanwhile
    sale = await platform.launch_flash_sale("current", spec(countdown_s=0), key="sale-7")
    assert sale.state is FlashSaleState.LIVE and len(fake.sent(f"{TASK}/add")) == 1


@pytest.mark.asyncio
async def test_the_journal_reconciles_a_killed_add_by_listing_never_a_second_task(
        http, fake, shop, clock, sleeper, tmp_path):
    """kill -9 on the platform side while the add is in flight: the task exists, the answer is lost;
    then the console itself dies. The next start reconciles from the journal and adopts the task."""
    path = tmp_path / "journal.sqlite"
    journal = ActionJournal(path, clock, console_id="before")
    room = LiveRoom("show", [Binding(channels(http, clock, sleeper), "current")], journal, actor="assistant")
    shop.drop.add("task")
    outcome = await room.perform(LaunchFlashSale(spec()))
    assert outcome.status == UNKNOWN
    journal.close()

    journal = ActionJournal(path, clock, console_id="after")
    room = LiveRoom("show", [Binding(channels(http, clock, sleeper), "current")], journal, actor="assistant")
    (reconciled,) = await room.reconcile()
    assert reconciled.status == CONFIRMED
    assert len(fake.sent(f"{TASK}/add")) == 1 and len(shop.tasks) == 1
    assert reconciled.results()["ch"]["id"] == shop.tasks[0]["task_id"]
    again = await room.retry(reconciled.entry.id)
    assert again.status == CONFIRMED and len(fake.sent(f"{TASK}/add")) == 1
    journal.close()


@pytest.mark.asyncio
async def test_a_coupon_action_retried_through_the_journal_applies_once(http, fake, shop, clock, sleeper, tmp_path):
    journal = ActionJournal(tmp_path / "journal.sqlite", clock, console_id="c")
    room = LiveRoom("show", [Binding(channels(http, clock, sleeper), "current")], journal, actor="assistant")
    shop.drop.add("coupon")
    outcome = await room.perform(IssueCoupon(TEMPLATE, 300, 15))
    assert outcome.status == UNKNOWN
    outcome = await room.retry(outcome.entry.id)
    assert outcome.status == CONFIRMED and len(fake.sent(f"{COUPON}/create")) == 1
    journal.close()


@pytest.mark.asyncio
async def test_a_sale_that_ended_before_the_retry_is_found_among_ended_tasks(
        http, fake, shop, clock, sleeper, tmp_path):
    ledger = JsonLinesLedger(tmp_path / "sent.jsonl")
    await answer_lost(shop, "task",
                      channels(http, clock, sleeper, ledger=ledger).launch_flash_sale("current", spec(), key="sale-3"))
    clock.advance(3600)
    shop.tasks[0]["status"] = 2   # it ran its five minutes while the console was down
    restarted = channels(http, clock, sleeper, ledger=JsonLinesLedger(tmp_path / "sent.jsonl"))
    sale = await restarted.launch_flash_sale("current", spec(), key="sale-3")
    assert sale.state is FlashSaleState.ENDED and len(fake.sent(f"{TASK}/add")) == 1


@pytest.mark.asyncio
async def test_an_identical_sale_this_console_never_sent_is_running_already_not_this_actions(
        http, fake, shop, clock, sleeper, tmp_path):
    platform = channels(http, clock, sleeper, ledger=JsonLinesLedger(tmp_path / "sent.jsonl"))
    await platform.launch_flash_sale("current", spec(), key="sale-a")   # sent, on record
    with pytest.raises(pe.Conflict) as info:   # the same terms pressed as a new action: never sent before
        await platform.launch_flash_sale("current", spec(), key="sale-b")
    assert info.value.code == "flash_sale_running" and len(fake.sent(f"{TASK}/add")) == 1


@pytest.mark.asyncio
async def test_stopping_a_sale_is_final_and_safe_to_resend(http, fake, shop, clock, sleeper):
    platform = channels(http, clock, sleeper)
    sale = await platform.launch_flash_sale("current", spec(countdown_s=0), key="sale-4")
    stopped = await platform.stop_flash_sale("current", sale.id, key="stop")
    assert fake.sent(f"{TASK}/stop")[0].body == {"task_id": sale.id}
    assert set(fake.sent(f"{TASK}/stop")[0].body) == set(doc("channels/task_stop")["request"])
    assert stopped.state is FlashSaleState.ENDED
    assert (await platform.stop_flash_sale("current", sale.id, key="stop")).state is FlashSaleState.ENDED


@pytest.mark.asyncio
async def test_the_documented_task_list_parses_into_flash_sales(http, fake, clock, sleeper):
    fake.on(f"{TASK}/list/get", lambda seen: answer("channels/task_list") if seen.body["status"] == 0
            else {"errcode": 0, "errmsg": "ok", "limited_discount_tasks": [], "total_num": 0})
    first, second = await channels(http, clock, sleeper).list_flash_sales("current")
    assert (second.id, second.product_id, second.sku_id, second.sale_price_fen, second.stock, second.state) == (
        "12345677", "12345678001", "1234567890001", 200, 10, FlashSaleState.COUNTDOWN)
    assert (second.duration_s, second.starts_at) == (1662293399 - 1660046940, 1660046940.0)
    assert first.id == "12345688"   # sorted by start


# ---------------------------------------------------------------------------------- orders, events

@pytest.mark.asyncio
async def test_orders_of_a_running_sale_count_as_sold_and_arrive_as_events(http, fake, shop, clock, sleeper):
    platform = channels(http, clock, sleeper)
    order = answer("channels/order_get")
    order["order"]["create_time"] = int(clock.now()) + 5
    product = fake.routes["/channels/ec/product/get"][0]["product"]
    product["skus"][0].update(sku_id="23424", sale_price=3500)
    sale = await platform.launch_flash_sale("current", spec(sku_id="23424", sale_price_fen=2000, countdown_s=0),
                                            key="sale-5")
    fake.on("/channels/ec/order/list/get", {**answer("channels/order_list"), "has_more": False,
                                            "order_id_list": ["37423523451235145"]})
    fake.on("/channels/ec/order/get", order)
    snap = await platform.snapshot("current")
    events = []
    async with contextlib.aclosing(platform.events("current", last_event_id=snap.last_event_id)) as stream:
        while not any(e.type == "order.created" for e in events):
            events.append(await asyncio.wait_for(stream.__anext__(), 5))
    listing = fake.sent("/channels/ec/order/list/get")[0].body
    assert set(listing) == {"update_time_range", "page_size"} and listing["page_size"] == 100
    assert listing["update_time_range"]["end_time"] - listing["update_time_range"]["start_time"] <= 7 * 86400
    assert fake.sent("/channels/ec/order/get")[0].body == doc("channels/order_get")["request"]
    sold = [e.data["flash_sale"] for e in events if e.type == "flash_sale.updated"]
    assert sold and sold[-1].id == sale.id and sold[-1].sold == 10
    (created,) = [e.data["order"] for e in events if e.type == "order.created"]
    assert (created.id, created.product_id, created.sku_id, created.quantity, created.amount_fen,
            created.viewer_id) == ("37423523451235145", "234245", "23424", 10, 20000, "OPENID")


@pytest.mark.asyncio
async def test_figures_and_claims_are_polled_and_only_changes_emitted(http, fake, shop, clock, sleeper):
    platform = channels(http, clock, sleeper)
    batch = await platform.issue_coupon("current", TEMPLATE, 100, 60, key="coupon-4")
    snap = await platform.snapshot("current")
    shop.coupons[batch.id]["stock_info"].update(issued_num=90, receive_num=7, used_num=3)
    data = answer("channels/getlivedata")
    data["live_ec_data_summary"] = data["live_ec_data_summary"].replace('"total_gmv": 123400', '"total_gmv": 130000')
    fake.on("/channels/livedashboard/getlivedata", data)
    got = {}
    async with contextlib.aclosing(platform.events("current", last_event_id=snap.last_event_id)) as stream:
        while {"stats", "coupon.updated"} - set(got):
            event = await asyncio.wait_for(stream.__anext__(), 5)
            got.setdefault(event.type, event)
    assert got["stats"].data["stats"].gmv_fen == 130000
    assert got["coupon.updated"].data["coupon"].claimed == 10
    assert "room.updated" not in got   # the room did not change: nothing said about it
    assert fake.sent("/channels/ec/order/list/get") == []   # no sale running: orders cost nothing


# ---------------------------------------------------------------------------------- what it cannot do

@pytest.mark.asyncio
@pytest.mark.parametrize("cap", sorted(ALL_CAPABILITIES - WeChatChannelsPlatform.capabilities - {C.REHEARSAL_ROOMS,
                                                                                              C.PRICE},
                                       key=lambda c: c.value), ids=lambda c: c.value)
async def test_what_the_platform_cannot_do_is_refused_by_name(http, fake, clock, sleeper, cap):
    platform = channels(http, clock, sleeper)
    error = await refused(platform, cap, "current")
    assert error.capability is cap and "WeChat Channels" in error.message.english()
    assert "WeChat Channels has no API" in platform.unsupported_reason(cap).english()
    assert fake.requests == []


@pytest.mark.asyncio
async def test_quota_use_is_shown_per_api(http, fake, shop, clock, sleeper):
    platform = channels(http, clock, sleeper)
    await platform.launch_flash_sale("current", spec(), key="sale-6")
    use = {u.api: u for u in platform.quota_usage()}
    assert use[f"{TASK}/add"].used_today == 1 and use[f"{TASK}/list/get"].used_today == 2
    assert use["/cgi-bin/stable_token"].daily_limit == 500_000 and use[f"{TASK}/add"].daily_limit is None
