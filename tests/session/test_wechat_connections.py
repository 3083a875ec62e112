"""WeChat connections in the session, against WeChat's documented examples (tests/platforms/wechat_docs)
served through httpx.MockTransport: settings keep the AppID and never the AppSecret (that goes to the
keyring under its own key), Test connection says what the account may and may not do (good, wrong
AppID 40013, API not granted 48001, IP not whitelisted 40164), and a console bound to a mini-program
live room and a Channels shop at once routes each action to the platform that can do it."""

from __future__ import annotations

import contextlib
import json

import httpx
import pytest
import pytest_asyncio

from anchor_console.domain.capabilities import Capability
from anchor_console.platforms.wechat_channels import WeChatChannelsPlatform
from anchor_console.platforms.wechat_live import WeChatLivePlatform
from anchor_console.room.commands import IssueCoupon, PutOnStage
from anchor_console.room.journal import CONFIRMED, SKIPPED
from anchor_console.session.connection_check import check_connection
from anchor_console.session.platform_kinds import (
    KINDS, BuildContext, capabilities_of, credential_key, main_connection, problem, shelf_first,
)
from anchor_console.session.settings import ConnectionSettings, load_settings, save_settings
from anchor_console.session.tokens import TokenStore
from support.waiting import until
from support.wechat import (
    APPID, SECRET, TEMPLATE, answer, channels_connection, error, live_connection, wechat, wechat_settings,
)

C = Capability
TOKEN_PATH = "/cgi-bin/stable_token"


@pytest.fixture
def platform(clock):
    return wechat(clock)


@pytest_asyncio.fixture
async def ctx(platform, clock):
    fake, _shop = platform
    async with httpx.AsyncClient(transport=httpx.MockTransport(fake)) as http:
        yield BuildContext(http, clock)


# ---------------------------------------------------------------------------------- settings and keyring

def test_settings_keep_the_appid_and_never_the_secret(tmp_path):
    settings = wechat_settings(live_connection(), channels_connection())
    path = tmp_path / "settings.json"
    save_settings(settings, path)
    raw = path.read_text(encoding="utf-8")
    assert SECRET not in raw and "secret" not in raw.lower() and "token" not in raw.lower()
    loaded, warning = load_settings(path)
    assert warning is None and loaded.connections == settings.connections
    assert [(c.kind, c.appid, c.room_id) for c in loaded.connections] == [
        ("wechat_miniprogram", APPID, "1"), ("wechat_channels", APPID, "current")]


def test_an_old_settings_file_loads_as_studio_connections(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"version": 1, "connections": [
        {"id": "studio-1", "name": "Studio", "url": "http://127.0.0.1:8765", "room_id": "7",
         "profile": "wechat_miniprogram", "enabled": True}]}), encoding="utf-8")
    loaded, warning = load_settings(path)
    (conn,) = loaded.connections
    assert warning is None
    assert (conn.kind, conn.profile, conn.appid, conn.url) == ("studio", "wechat_miniprogram", "", "http://127.0.0.1:8765")
    assert problem(conn) is None


def test_the_appsecret_goes_to_the_keyring_under_its_own_key(memory_keyring):
    tokens = TokenStore()
    live, studio = live_connection(), ConnectionSettings(id="mp", name="Studio", url="http://127.0.0.1:1", room_id="1")
    assert tokens.set(credential_key(live), SECRET)
    assert memory_keyring.store[("anchor-console", "mp:appsecret")] == SECRET
    assert tokens.get(credential_key(studio)) is None   # a Studio token of the same id is another entry


def test_what_a_wechat_connection_needs_is_said_in_words():
    assert "AppID" in problem(live_connection(appid="")).english()
    assert "AppID" in problem(live_connection(appid="not-an-appid")).english()
    assert "live room" in problem(live_connection(room_id="")).english()
    assert "http://" in problem(live_connection(url="api.weixin.qq.com")).english()
    assert problem(channels_connection()) is None
    assert "does not know" in problem(ConnectionSettings(id="x", name="X", kind="douyin")).english()


# ---------------------------------------------------------------------------------- Test connection

@pytest.mark.asyncio
async def test_a_good_mini_program_account_lists_its_rooms_and_says_what_it_cannot_do(ctx, platform):
    fake, _ = platform
    report = await check_connection(live_connection(), SECRET, ctx)
    assert report.ok and [r.id for r in report.rooms] == ["1"]
    assert fake.sent(TOKEN_PATH)[0].body["secret"] == SECRET and fake.sent(TOKEN_PATH)[0].body["appid"] == APPID
    assert report.allowed(C.STAGE) and report.allowed(C.ROOM_MUTE)
    cannot = dict(report.cannot)
    assert "no API for coupons" in cannot[C.COUPONS].english()
    summary = report.summary().english()
    assert "Connected to WeChat: 1 live room(s) found." in summary
    assert "This account may use: live rooms, the goods in a room, 讲解 and the room mute; the goods library." in summary
    assert "小程序直播 cannot: " in summary and "coupons" in summary and "reading comments" in summary
    assert SECRET not in summary


@pytest.mark.asyncio
async def test_a_wrong_appid_is_explained(ctx, platform):
    fake, _ = platform
    fake.on(TOKEN_PATH, {"errcode": 40013, "errmsg": "invalid appid rid: 64f9c769-2eaacf26-025cf424"})
    report = await check_connection(live_connection(), SECRET, ctx)
    assert not report.ok and report.rooms == ()
    summary = report.summary().english()
    assert summary.startswith("Could not connect: WeChat refused the AppID or AppSecret.") and SECRET not in summary
    assert fake.sent("/wxa/business/getliveinfo") == []


@pytest.mark.asyncio
async def test_an_address_not_whitelisted_is_explained(ctx, platform):
    fake, _ = platform
    fake.on(TOKEN_PATH, error("40164"))
    report = await check_connection(channels_connection(), SECRET, ctx)
    assert not report.ok
    assert "IP whitelist" in report.summary().english()


@pytest.mark.asyncio
async def test_an_api_not_granted_names_where_to_switch_it_on(ctx, platform):
    fake, _ = platform
    fake.on("/wxa/business/getliveinfo", error("48001"))
    report = await check_connection(live_connection(), SECRET, ctx)
    assert report.ok and report.allowed(C.STAGE) is False
    refused = report.areas[0].refusal.english()
    assert "has not granted this account the API" in refused and "48001" in refused
    assert "mp.weixin.qq.com → 功能 → 直播" in refused
    summary = report.summary().english()
    assert "Not allowed — live rooms, the goods in a room, 讲解 and the room mute:" in summary
    assert "This account may use: the goods library." in summary


@pytest.mark.asyncio
async def test_a_channels_shop_is_checked_area_by_area(ctx, platform):
    fake, _ = platform
    fake.on("/channels/ec/coupon/get_list", error("48001"))
    report = await check_connection(channels_connection(), SECRET, ctx)
    assert report.ok
    assert report.allowed(C.FLASH_SALES) and report.allowed(C.STATS_STREAM) and report.allowed(C.COUPONS) is False
    summary = report.summary().english()
    assert "Not allowed — shop coupons: " in summary and "视频号助手 → 开放能力 → 开放场景" in summary
    assert "A service provider also needs permission set 132." in summary
    export = answer("channels/getlivelist")["live_items"][0]["export_id"]
    assert [r.id for r in report.rooms] == [export, "notice:直播预约id"]
    assert "no API for the live room's product list" in dict(report.cannot)[C.STAGE].english()


# ---------------------------------------------------------------------------------- the console

@pytest_asyncio.fixture
async def wechat_session(private_home, memory_keyring, platform):
    from anchor_console.session.console import ConsoleSession
    from anchor_console.session.paths import Paths

    fake, _shop = platform
    sessions = []

    async def make(settings):
        session = ConsoleSession(settings, Paths.for_user({"ANCHOR_CONSOLE_HOME": str(private_home)}),
                                 http_transport=httpx.MockTransport(fake))
        session.seen = []
        session.notices.connect(session.seen.append)
        for conn in settings.connections:
            session.tokens.set(credential_key(conn), SECRET)
        sessions.append(session)
        await session.start()
        await until(lambda: session.room is not None and all(s.loaded for s in session.room.states.values()), 20,
                    message="the WeChat room did not load")
        return session

    yield make
    for session in sessions:
        await session.shutdown()


@pytest.mark.asyncio
async def test_one_room_on_both_wechat_platforms_routes_each_action_where_it_can_go(wechat_session, platform):
    fake, shop = platform
    # Channels first in the settings: the mini-program room still leads (its shelf is the one shown).
    session = await wechat_session(wechat_settings(channels_connection(), live_connection(),
                                                   confirm_money_actions=False))
    room = session.room
    assert [type(b.platform) for b in room.bindings] == [WeChatLivePlatform, WeChatChannelsPlatform]
    assert [b.room_id for b in room.bindings] == ["1", "current"]
    assert [i.product_id for i in room.state.shelf] == ["256"]

    stage = await room.perform(PutOnStage("256"))
    by_conn = {d.connection_id: d for d in stage.entry.dispatches}
    assert by_conn["mp"].status == CONFIRMED and fake.sent("/wxaapi/broadcast/goods/push")[-1].body == {
        "roomId": 1, "goodsId": 256}
    assert by_conn["shop"].status == SKIPPED
    assert "no API for the live room's product list" in by_conn["shop"].reason.english()

    coupon = await room.perform(IssueCoupon(TEMPLATE, 100, 30))
    by_conn = {d.connection_id: d for d in coupon.entry.dispatches}
    assert by_conn["shop"].status == CONFIRMED and len(fake.sent("/channels/ec/coupon/create")) == 1
    assert by_conn["mp"].status == SKIPPED and "no API for coupons" in by_conn["mp"].reason.english()
    assert not [m for m in fake.requests if SECRET in json.dumps(m.query)]
    assert not [n for n in session.seen if "went wrong" in n.text.english()], [n.text.english() for n in session.seen]


@contextlib.asynccontextmanager
async def live_session_without_a_secret(private_home):
    """A started session on the mini-program live connection whose every WeChat call is refused for a
    wrong AppSecret (48001), and the notices it has given: (session, seen)."""
    from anchor_console.session.console import ConsoleSession
    from anchor_console.session.paths import Paths

    session = ConsoleSession(wechat_settings(live_connection()), Paths.for_user({"ANCHOR_CONSOLE_HOME": str(private_home)}),
                             http_transport=httpx.MockTransport(lambda r: httpx.Response(200, json=error("48001"))))
    seen = []
    session.notices.connect(seen.append)
    await session.start()
    try:
        yield session, seen
    finally:
        await session.shutdown()


@pytest.mark.asyncio
async def test_a_connection_without_its_appsecret_is_named(private_home):
    async with live_session_without_a_secret(private_home) as (_, seen):
        await until(lambda: any("No AppSecret for “小程序直播”" in n.text.english() for n in seen), 10)


@pytest.mark.asyncio
async def test_without_a_keyring_the_operator_hears_the_appsecrets_are_forgotten(private_home, monkeypatch):
    import anchor_console.session.tokens as ts

    monkeypatch.setattr(ts, "keyring_usable", lambda: False)
    async with live_session_without_a_secret(private_home) as (_, seen):
        assert any(n.key == "keyring" and "WeChat AppSecrets will not be remembered" in n.text.english() for n in seen)


def test_what_a_connection_can_do_is_known_before_it_is_built_and_orders_the_bindings():
    """The first connection that lists products is the main one (its shelf is the console's); a Studio
    rehearsing Channels lists none; the others keep the user's order."""
    assert all(kind.platform.kind == kind.key for kind in KINDS.values())   # each kind names its own adapter
    shop, live = channels_connection(), live_connection()
    rehearse = ConnectionSettings(id="r", name="Rehearse Channels", url="http://127.0.0.1:9", room_id="1",
                                  profile="wechat_channels")
    studio = ConnectionSettings(id="s", name="Studio", url="http://127.0.0.1:9", room_id="1")
    assert capabilities_of(shop) == WeChatChannelsPlatform.capabilities
    assert C.SHELF in capabilities_of(studio) and C.SHELF not in capabilities_of(rehearse)
    assert [c.id for c in shelf_first([shop, rehearse, live, studio])] == ["mp", "s", "shop", "r"]
    assert main_connection([shop, rehearse, studio, live]) is studio
    studio.enabled = False
    assert main_connection([shop, rehearse, studio, live]) is live
    live.enabled = False
    assert main_connection([shop, rehearse, studio, live]) is shop   # none lists products: the first on


def test_a_url_that_cannot_be_reached_is_said_before_any_test_in_the_kinds_words():
    from anchor_console.session.platform_kinds import STUDIO, WECHAT_CHANNELS, problem, url_problem

    studio = ConnectionSettings(id="s", name="排练", kind=STUDIO, url="127.0.0.1:8000", room_id="1")
    assert url_problem(studio).english() == "The server URL of “排练” must start with http:// or https://."
    assert problem(studio) == url_problem(studio)
    channels = ConnectionSettings(id="c", name="视频号", kind=WECHAT_CHANNELS, url="api.weixin.qq.com",
                                  appid="wx1234567890abcdef", room_id="1")
    assert "must start with http:// or https:// (normally https://api.weixin.qq.com)" in url_problem(channels).english()
    assert url_problem(ConnectionSettings(id="t", name="x", kind=STUDIO, url="https://studio.example")) is None


@pytest.mark.asyncio
async def test_a_token_pasted_with_an_invisible_character_is_said_by_the_connection_test():
    from anchor_console.domain.clock import ManualClock
    from anchor_console.session.platform_kinds import STUDIO

    conn = ConnectionSettings(id="s", name="排练", kind=STUDIO, url="http://127.0.0.1:9", room_id="1")
    async with httpx.AsyncClient() as http:
        report = await check_connection(conn, "tok\u200ben", BuildContext(http=http, clock=ManualClock()))
    assert not report.ok and "paste it again" in report.failure.english()


def test_a_connections_ledger_is_one_for_the_session_across_reconnects(tmp_path):
    from anchor_console.domain.clock import ManualClock

    ledgers: dict = {}
    contexts = [BuildContext(http=None, clock=ManualClock(), ledger_dir=tmp_path, ledgers=ledgers) for _ in range(2)]
    first, again = (ctx.ledger("视频号 1") for ctx in contexts)
    assert first is again   # what the old adapter notes after a reconnect, the new one sees
    first.put("k-1", {"mark": "m"})
    assert again.get("k-1") == {"mark": "m"} and contexts[0].ledger("other") is not first
