"""WeChat as the console's tests reach it: the adapters' scripted platform (`FakeWeChat`, the 微信小店
`Shop`) answering with the documented examples of tests/platforms/wechat_docs, set up for a
mini-program live account and a WeChat Channels shop at once, and settings for such connections."""

from __future__ import annotations

import sys
from pathlib import Path

import httpx

_PLATFORM_TESTS = str(Path(__file__).resolve().parents[1] / "platforms")
if _PLATFORM_TESTS not in sys.path:   # the adapters' test helpers live beside their tests
    sys.path.insert(0, _PLATFORM_TESTS)

from test_wechat_channels import TEMPLATE, Shop  # noqa: E402
from test_wechat_shared import SECRET, TOKEN, FakeWeChat, answer, doc, error  # noqa: E402

from anchor_console.domain.clock import ManualClock  # noqa: E402
from anchor_console.session.platform_kinds import credential_key  # noqa: E402
from anchor_console.session.settings import ConnectionSettings, Settings  # noqa: E402
from anchor_console.session.tokens import TokenStore  # noqa: E402

__all__ = ["APPID", "SECRET", "TOKEN", "TEMPLATE", "FakeWeChat", "Shop", "answer", "doc", "error", "wechat",
           "live_connection", "channels_connection", "wechat_settings", "emulated_connections",
           "emulated_console"]

APPID = "wx40f8626ddf43d362"
LIVE_ROOM = "1"   # the room of getliveinfo's documented example


def wechat(clock: ManualClock | None = None) -> tuple[FakeWeChat, Shop]:
    """One scripted WeChat serving both kinds: the mini-program live account's room and goods
    library, and the Channels shop's lives, reservations, coupons, flash sales and orders."""
    fake = FakeWeChat()
    fake.on("/wxa/business/getliveinfo", answer("live/getliveinfo"))
    fake.on("/wxaapi/broadcast/goods/getapproved", answer("live/getapproved"))
    fake.on("/wxaapi/broadcast/goods/push", answer("live/push"))
    fake.on("/channels/livedashboard/getlivelist", answer("channels/getlivelist"))
    fake.on("/channels/livedashboard/getlivedata", answer("channels/getlivedata"))
    fake.on("/channels/ec/finderlive/getfinderlivenoticerecordlist", answer("channels/notice_records"))
    fake.on("/channels/ec/order/list/get", answer("channels/order_list"))
    fake.on("/channels/ec/order/get", answer("channels/order_get"))
    fake.on("/channels/ec/product/list/get", answer("channels/product_list"))
    shop = Shop(fake, clock or ManualClock())
    return fake, shop


def transport(fake: FakeWeChat) -> httpx.MockTransport:
    return httpx.MockTransport(fake)


def live_connection(conn_id: str = "mp", **kw) -> ConnectionSettings:
    return ConnectionSettings(**{"id": conn_id, "name": "小程序直播", "kind": "wechat_miniprogram",
                                 "url": "https://api.weixin.qq.com", "appid": APPID, "room_id": LIVE_ROOM, **kw})


def channels_connection(conn_id: str = "shop", **kw) -> ConnectionSettings:
    return ConnectionSettings(**{"id": conn_id, "name": "视频号小店", "kind": "wechat_channels",
                                 "url": "https://api.weixin.qq.com", "appid": APPID, "room_id": "current", **kw})


def wechat_settings(*connections: ConnectionSettings, **kw) -> Settings:
    return Settings(connections=list(connections), operator_name="场控", **kw)


def emulated_connections(studio) -> tuple[ConnectionSettings, ConnectionSettings, dict[str, str]]:
    """Both WeChat connections pointed at a Studio process's WeChat emulator (its mini-program live
    room and its Channels shop), and each one's AppSecret by connection id."""
    wx = studio.wechat
    live = live_connection(url=studio.url, appid=wx["appid"], room_id=str(wx["live_room_id"]))
    shop = channels_connection(url=studio.url, appid=wx["shop"]["appid"])
    return live, shop, {live.id: wx["secret"], shop.id: wx["shop"]["secret"]}


async def emulated_console(console_factory, studio, *, with_shop: bool = True, **settings):
    """A console (from the `console_factory` fixture, not waited for) on a Studio process's WeChat
    emulator: the mini-program live connection and, `with_shop`, the Channels one, their AppSecrets
    kept in the keyring as the Connections dialog keeps them; `settings`: more of its Settings."""
    live, shop, secrets = emulated_connections(studio)
    connections = (live, shop) if with_shop else (live,)
    for conn in connections:
        TokenStore().set(credential_key(conn), secrets[conn.id])
    return await console_factory(wechat_settings(*connections, **settings), wait_loaded=False)
