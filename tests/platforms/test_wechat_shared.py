"""What both WeChat adapters share, against WeChat's documented answers (tests/platforms/wechat_docs):
the access token (single-flight, renewed, replaced once), errcodes as typed errors, daily and
minute allowances, change-only polling within a quota, the sent-request ledger, and that neither
the secret nor the token ever reaches an exception or a log.

Also home of `FakeWeChat`, the scripted platform the adapter tests use: it answers each API path
from a queue of documented bodies and records every request. Nothing here sleeps for real: time is
a `ManualClock` and `Sleeper` only moves it."""

from __future__ import annotations

import asyncio
import copy
import json
import logging
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from support.doc_examples import doc_examples

from anchor_console.domain.clock import ManualClock
from anchor_console.platforms import errors as pe
from anchor_console.platforms.base import StreamStatus
from anchor_console.domain.log_secrets import scrub
from anchor_console.platforms.wechat_auth import WeChatCredentials, install_token_redaction
from anchor_console.platforms.wechat_client import JsonLinesLedger, MemoryLedger, WeChatClient
from anchor_console.platforms.wechat_polling import ChangeDetector, Feed, Poller, RoomWatch
from anchor_console.platforms.wechat_quota import QuotaBook

DOCS = Path(__file__).parent / "wechat_docs"
SECRET = "APPSECRET-do-not-leak"
CREDS = WeChatCredentials("wx40f8626ddf43d362", SECRET)
TOKEN = "ACCESS_TOKEN"          # what the documented stable_token example hands out
doc = doc_examples(DOCS, ending=".json")     # an example (request and response) by its API's name


def answer(name: str) -> dict:
    return copy.deepcopy(doc(name)["response"])


def error(code: str) -> dict:
    return copy.deepcopy(doc("live/errors")["response"][code])


@dataclass
class Seen:
    method: str
    path: str
    query: dict[str, str]
    body: Any


class FakeWeChat:
    """WeChat as a script: per API path a queue of answers (a dict is sent as HTTP 200 JSON, an
    exception is raised as the network failing, a callable gets the request and returns either);
    the last answer of a queue repeats. Every request is recorded."""

    def __init__(self) -> None:
        self.routes: dict[str, list] = {"/cgi-bin/stable_token": [answer("live/stable_token")]}
        self.requests: list[Seen] = []

    def on(self, path: str, *answers: Any) -> "FakeWeChat":
        self.routes[path] = list(answers)
        return self

    def then(self, path: str, *answers: Any) -> "FakeWeChat":
        self.routes.setdefault(path, []).extend(answers)
        return self

    def sent(self, path: str) -> list[Seen]:
        return [r for r in self.requests if r.path == path]

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(0)   # a network answer takes a turn of the loop: concurrent calls interleave
        body = json.loads(request.content) if request.content else None
        seen = Seen(request.method, request.url.path, dict(request.url.params), body)
        self.requests.append(seen)
        queue = self.routes.get(seen.path)
        if not queue:
            raise AssertionError(f"unexpected request {seen.method} {seen.path}")
        reply = queue.pop(0) if len(queue) > 1 else queue[0]
        if callable(reply):
            reply = reply(seen)
        if isinstance(reply, Exception):
            raise reply
        if isinstance(reply, httpx.Response):
            return reply
        return httpx.Response(200, json=reply)


class Sleeper:
    """An injected sleep: records each wait and moves the clock instead of waiting."""

    def __init__(self, clock: ManualClock) -> None:
        self.clock = clock
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.clock.advance(max(0.0, seconds))
        await asyncio.sleep(0)


@pytest.fixture
def sleeper(clock) -> Sleeper:
    return Sleeper(clock)


@pytest.fixture
def fake() -> FakeWeChat:
    return FakeWeChat()


def make_client(fake: FakeWeChat, clock: ManualClock, sleeper: Sleeper, **kw) -> WeChatClient:
    http = httpx.AsyncClient(transport=httpx.MockTransport(fake))
    return WeChatClient(CREDS, http, platform_name="WeChat test", clock=clock, sleep=sleeper,
                        rng=random.Random(1), **kw)


def assert_no_secrets(exc: BaseException, *tokens: str) -> None:
    for text in (str(exc), repr(exc), getattr(exc, "detail", ""), *map(str, exc.args),
                 getattr(getattr(exc, "message", None), "english", lambda: "")()):
        for secret in (SECRET, *tokens):
            assert secret not in text, (secret, text)


# ---------------------------------------------------------------------------------- the token

@pytest.mark.asyncio
async def test_the_token_request_is_the_documented_stable_token_call(fake, clock, sleeper):
    fake.on("/wxa/business/getliveinfo", answer("live/getliveinfo"))
    api = make_client(fake, clock, sleeper)
    await api.call("POST", "/wxa/business/getliveinfo", body={"start": 0, "limit": 10}, safe=True)
    token_call, call = fake.requests
    assert (token_call.method, token_call.path, token_call.query) == ("POST", "/cgi-bin/stable_token", {})
    assert token_call.body == {**doc("live/stable_token")["request"], "appid": CREDS.appid, "secret": SECRET}
    assert call.query == {"access_token": TOKEN}


@pytest.mark.asyncio
async def test_ten_concurrent_calls_after_42001_fetch_one_new_token_and_retry_once_each(fake, clock, sleeper):
    fake.on("/cgi-bin/stable_token", {"access_token": "T1", "expires_in": 7200},
            {"access_token": "T2", "expires_in": 7200})
    fake.on("/wxa/business/getliveinfo",
            lambda seen: error("42001") if seen.query["access_token"] == "T1" else answer("live/getliveinfo"))
    api = make_client(fake, clock, sleeper)
    await api.tokens.current()   # the show has been running: a token is in hand
    fake.requests.clear()
    fake.on("/wxa/business/getliveinfo",
            lambda seen: error("42001") if seen.query["access_token"] == "T1" else answer("live/getliveinfo"))

    results = await asyncio.gather(*(api.call("POST", "/wxa/business/getliveinfo", body={"start": 0, "limit": 10},
                                              safe=True) for _ in range(10)))
    assert all(r["room_info"][0]["roomid"] == 1 for r in results)
    assert len(fake.sent("/cgi-bin/stable_token")) == 1
    calls = fake.sent("/wxa/business/getliveinfo")
    assert [c.query["access_token"] for c in calls].count("T1") == 10
    assert [c.query["access_token"] for c in calls].count("T2") == 10


@pytest.mark.asyncio
async def test_the_token_is_renewed_before_it_expires_without_a_refusal(fake, clock, sleeper):
    fake.on("/cgi-bin/stable_token", {"access_token": "T1", "expires_in": 7200},
            {"access_token": "T2", "expires_in": 7200})
    fake.on("/wxa/business/getliveinfo", answer("live/getliveinfo"))
    api = make_client(fake, clock, sleeper)
    await api.call("POST", "/wxa/business/getliveinfo", body={}, safe=True)
    clock.advance(7200 - 300 + 1)   # inside the last five minutes: WeChat already hands out the next one
    await api.call("POST", "/wxa/business/getliveinfo", body={}, safe=True)
    assert [c.query["access_token"] for c in fake.sent("/wxa/business/getliveinfo")] == ["T1", "T2"]


@pytest.mark.asyncio
async def test_a_token_refused_again_after_renewal_is_a_plain_sign_in_failure(fake, clock, sleeper):
    fake.on("/wxaapi/broadcast/goods/push", error("40001"))
    api = make_client(fake, clock, sleeper)
    with pytest.raises(pe.AuthFailed) as info:
        await api.call("POST", "/wxaapi/broadcast/goods/push", body={"roomId": 6474, "goodsId": 1}, safe=True)
    assert len(fake.sent("/wxaapi/broadcast/goods/push")) == 2   # the first send, one resend: no loop
    assert "fresh one was fetched" in info.value.message.english()
    assert_no_secrets(info.value, TOKEN)


@pytest.mark.asyncio
@pytest.mark.parametrize("code,words", [(40125, "AppSecret"), (40164, "IP whitelist")])
async def test_credentials_refused_say_what_to_fix_and_never_show_the_secret(fake, clock, sleeper, code, words):
    fake.on("/cgi-bin/stable_token", {"errcode": code, "errmsg": f"invalid appsecret {SECRET} rid: 1"}
            if code == 40125 else error(str(code)))
    api = make_client(fake, clock, sleeper)
    with pytest.raises(pe.AuthFailed) as info:
        await api.call("GET", "/wxaapi/broadcast/room/getpushurl", query={"roomId": 6209}, safe=True)
    assert words in info.value.message.english()
    assert_no_secrets(info.value)


@pytest.mark.asyncio
async def test_the_token_is_masked_in_what_httpx_logs(fake, clock, sleeper, caplog):
    install_token_redaction()
    fake.on("/wxa/business/getliveinfo", answer("live/getliveinfo"))
    api = make_client(fake, clock, sleeper)
    with caplog.at_level(logging.DEBUG):
        await api.call("POST", "/wxa/business/getliveinfo", body={}, safe=True)
    assert "getliveinfo" in caplog.text and "access_token=***" in caplog.text
    assert TOKEN not in caplog.text.replace("access_token=***", "") and SECRET not in caplog.text
    assert scrub(f"url?access_token={TOKEN}&x=1", SECRET) == "url?access_token=***&x=1"


# ---------------------------------------------------------------------------------- allowances

@pytest.mark.asyncio
async def test_45009_is_done_for_today_said_plainly_and_nothing_more_is_sent(fake, clock, sleeper):
    fake.on("/wxaapi/broadcast/goods/push", error("45009"), {"errcode": 0, "errmsg": "ok"})
    api = make_client(fake, clock, sleeper)
    for _ in range(3):
        with pytest.raises(pe.QuotaExhausted) as info:
            await api.call("POST", "/wxaapi/broadcast/goods/push", body={"roomId": 6474, "goodsId": 1}, safe=True)
    assert len(fake.sent("/wxaapi/broadcast/goods/push")) == 1   # no retry storm
    assert "resets at midnight, Beijing time" in info.value.message.english()
    use = {u.api: u for u in api.quota.usage()}["/wxaapi/broadcast/goods/push"]
    assert (use.used_today, use.refused_today, use.daily_limit) == (1, 1, 10_000)
    assert use.exhausted_until == info.value.resets_at == api.quota.next_reset()
    assert (use.exhausted_until + 8 * 3600) % 86400 == 0   # midnight in Beijing
    clock.advance(info.value.resets_at - clock.now() + 1)
    await api.call("POST", "/wxaapi/broadcast/goods/push", body={"roomId": 6474, "goodsId": 1}, safe=True)


@pytest.mark.asyncio
async def test_45011_backs_off_a_full_minute_without_sending(fake, clock, sleeper):
    fake.on("/wxa/business/getliveinfo", error("45011"), answer("live/getliveinfo"))
    api = make_client(fake, clock, sleeper)
    with pytest.raises(pe.RateLimited) as info:
        await api.call("POST", "/wxa/business/getliveinfo", body={}, safe=True)
    assert info.value.retry_after >= 60
    clock.advance(30)
    with pytest.raises(pe.RateLimited) as again:
        await api.call("POST", "/wxa/business/getliveinfo", body={}, safe=True)
    assert again.value.retry_after == pytest.approx(30)
    assert len(fake.sent("/wxa/business/getliveinfo")) == 1
    clock.advance(31)
    await api.call("POST", "/wxa/business/getliveinfo", body={}, safe=True)
    assert sleeper.waits == []   # waiting is the caller's (or the poller's) choice, never a blocked call


@pytest.mark.asyncio
async def test_the_platforms_own_counter_is_read_back(fake, clock, sleeper):
    fake.on("/cgi-bin/openapi/quota/get", {**answer("live/quota_get"),
                                            "quota": {"daily_limit": 500, "used": 498, "remain": 2}})
    api = make_client(fake, clock, sleeper)
    await api.sync_quota("/wxaapi/broadcast/goods/add")
    assert fake.sent("/cgi-bin/openapi/quota/get")[0].body == {"cgi_path": "/wxaapi/broadcast/goods/add"}
    use = {u.api: u for u in api.quota.usage()}["/wxaapi/broadcast/goods/add"]
    assert (use.used_today, use.daily_limit, use.remaining) == (498, 500, 2)


def test_polling_spends_at_most_its_share_of_what_is_left(clock):
    book = QuotaBook(clock, limits={"/x": 1000}, poll_share=0.5)
    day_left = book.seconds_to_reset()
    assert book.poll_interval("/x", 10) == pytest.approx(max(10, day_left / 500))
    for _ in range(999):
        book.record_call("/x")
    assert book.poll_interval("/x", 10) == pytest.approx(day_left)   # nothing left to poll with today
    clock.advance(day_left + 1)
    assert book.poll_interval("/x", 10) == pytest.approx(max(10, book.seconds_to_reset() / 500))


# ---------------------------------------------------------------------------------- errcodes

@pytest.mark.asyncio
async def test_48001_explains_the_missing_permission(fake, clock, sleeper):
    fake.on("/channels/livedashboard/getlivelist", error("48001"))
    api = make_client(fake, clock, sleeper)
    with pytest.raises(pe.NotPermitted) as info:
        await api.call("POST", "/channels/livedashboard/getlivelist", body={"ds": 20240612}, safe=True)
    assert "开放场景" in info.value.message.english() and info.value.code == "48001"


@pytest.mark.asyncio
async def test_system_busy_is_retried_for_reads_and_unknown_for_creates(fake, clock, sleeper):
    fake.on("/wxa/business/getliveinfo", error("-1"), answer("live/getliveinfo"))
    fake.on("/wxaapi/broadcast/goods/add", error("-1"), answer("live/goods_add"))
    api = make_client(fake, clock, sleeper)
    assert (await api.call("POST", "/wxa/business/getliveinfo", body={}, safe=True))["total"] == 1
    with pytest.raises(pe.OutcomeUnknown):
        await api.call("POST", "/wxaapi/broadcast/goods/add", body=doc("live/goods_add")["request"])
    assert len(fake.sent("/wxaapi/broadcast/goods/add")) == 1


@pytest.mark.asyncio
async def test_a_dropped_connection_on_a_create_is_unknown_and_not_resent(fake, clock, sleeper):
    fake.on("/wxaapi/broadcast/goods/add", httpx.RemoteProtocolError("server disconnected"))
    api = make_client(fake, clock, sleeper)
    with pytest.raises(pe.OutcomeUnknown) as info:
        await api.call("POST", "/wxaapi/broadcast/goods/add", body=doc("live/goods_add")["request"])
    assert len(fake.sent("/wxaapi/broadcast/goods/add")) == 1
    assert_no_secrets(info.value, TOKEN)


# ---------------------------------------------------------------------------------- the ledger

def test_the_json_lines_ledger_survives_a_restart_and_a_torn_line(tmp_path):
    path = tmp_path / "wechat-sent.jsonl"
    ledger = JsonLinesLedger(path)
    ledger.put("k1", {"kind": "flash_sale", "body": {"start_time": 1}})
    ledger.put("k1", {"kind": "flash_sale", "body": {"start_time": 1}, "task_id": "9"})
    with path.open("a", encoding="utf-8") as f:
        f.write('{"key": "k2", "rec')   # the crash cut this line
    again = JsonLinesLedger(path)
    assert again.durable and again.get("k1")["task_id"] == "9" and again.get("k2") is None
    assert SECRET not in path.read_text(encoding="utf-8")
    assert not MemoryLedger.durable


# ---------------------------------------------------------------------------------- polling

def test_change_detection_is_by_content():
    seen = ChangeDetector()
    assert seen.changed("room", {"a": 1, "b": [1, 2]})
    assert not seen.changed("room", {"b": [1, 2], "a": 1})
    assert seen.changed("room", {"a": 2, "b": [1, 2]})


@pytest.mark.asyncio
async def test_polls_that_find_nothing_new_emit_nothing_and_stay_within_the_budget(clock, sleeper):
    values = iter([1, 1, 1, 2, 2, 3] + [3] * 1000)
    calls = []
    watch = RoomWatch("r1")
    book = QuotaBook(clock, limits={"/poll": 200}, poll_share=0.5)

    async def poll():
        calls.append(clock.now())
        book.record_call("/poll")
        value = next(values)
        return [("stats", {"v": value})] if watch.seen.changed("v", value) else []

    statuses = []
    poller = Poller(watch, [Feed("v", "/poll", 5.0, poll)], quota=book, clock=clock, sleep=sleeper,
                    on_status=lambda s, d: statuses.append(s))
    events = poller.run()
    got = [await events.__anext__() for _ in range(3)]
    await events.aclose()
    assert [e.data["v"] for e in got] == [1, 2, 3] and [e.id for e in got] == [1, 2, 3]
    assert len(calls) == 6                      # six polls, three changes, three events
    gaps = [b - a for a, b in zip(calls, calls[1:])]
    assert min(gaps) >= book.seconds_to_reset() / 100 * 0.9   # 100 polls a day at most, not one each 5 s
    assert statuses[:2] == [StreamStatus.CONNECTING, StreamStatus.LIVE]


@pytest.mark.asyncio
async def test_a_refused_feed_pauses_alone_and_the_console_echo_is_immediate(clock, sleeper):
    watch = RoomWatch("r1")
    book = QuotaBook(clock)
    polls = {"a": 0, "b": 0}

    async def poll_a():
        polls["a"] += 1
        raise pe.RateLimited(60, detail="45011")

    async def poll_b():
        polls["b"] += 1
        return []

    poller = Poller(watch, [Feed("a", "/a", 5, poll_a), Feed("b", "/b", 5, poll_b)], quota=book, clock=clock,
                    sleep=sleeper)
    events = poller.run()
    task = asyncio.ensure_future(events.__anext__())
    for _ in range(50):
        await asyncio.sleep(0)
        if clock.monotonic() > 1000 + 55:
            break
    watch.echo("stage.changed", {"product_id": "256"})
    event = await asyncio.wait_for(task, 5)
    await events.aclose()
    assert event.type == "stage.changed" and event.data == {"product_id": "256"}
    assert polls["a"] == 1 and polls["b"] >= 5   # a waits its minute out; b keeps its pace
