"""The Connections dialog and the window with WeChat connections, against WeChat's documented examples
served through httpx.MockTransport (no network, no Studio process): adding each kind (the AppSecret to
the keyring, never the settings file), Test connection (what the account may and may not do; a wrong
AppID; cancelled while it waits), actions a platform cannot do disabled with its reason, and the
daily allowances beside the connection state."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest
import pytest_asyncio

from anchor_console.session.platform_kinds import credential_key
from support.waiting import until
from support.window import choose, comments_of, promotions_of, shelf_of, type_into
from support.wechat import SECRET, channels_connection, live_connection, wechat, wechat_settings

TOKEN_PATH = "/cgi-bin/stable_token"
LIVEINFO = "/wxa/business/getliveinfo"


class Hold:
    """Makes chosen API paths wait until released (a slow WeChat), in front of the scripted one."""

    def __init__(self, fake) -> None:
        self.fake = fake
        self.paths: set[str] = set()
        self.release = asyncio.Event()

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path in self.paths:
            await self.release.wait()
        return await self.fake(request)


@pytest.fixture
def platform():
    return wechat()


@pytest_asyncio.fixture
async def console(qapp, private_home, memory_keyring, platform):
    """A session on the scripted WeChat, with its window; closed as the console closes it."""
    from anchor_console.session.console import ConsoleSession
    from anchor_console.session.paths import Paths
    from anchor_console.ui.shell.main_window import MainWindow

    fake, _shop = platform
    hold = Hold(fake)
    made = []
    quits = qapp.quitOnLastWindowClosed()
    qapp.setQuitOnLastWindowClosed(False)   # as the console runs (ui/shell/app.py): a closed dialog is no quit

    async def make(settings, *, window: bool = False):
        session = ConsoleSession(settings, Paths.for_user({"ANCHOR_CONSOLE_HOME": str(private_home)}),
                                 http_transport=httpx.MockTransport(hold))
        session.hold = hold
        for conn in settings.connections:
            session.tokens.set(credential_key(conn), SECRET)
        win = MainWindow(session) if window else None
        made.append((session, win))
        await session.start()
        await until(lambda: session.room is not None and session.room.state.loaded, 20,
                    message="the WeChat room did not load")
        return session, win

    yield make
    hold.release.set()
    for session, win in made:
        if win is not None:
            win.stop_features()
        await session.shutdown()
        if win is not None:
            win.allow_close()
            win.close()
            win.deleteLater()
    qapp.setQuitOnLastWindowClosed(quits)


def open_dialog(session):
    from anchor_console.ui.settings.connections_dialog import ConnectionsDialog

    dialog = ConnectionsDialog(session)
    dialog.open()
    return dialog


async def live_connection_dialog(console):
    """A console session with the mini-program live connection, and its Connections dialog open."""
    session, _ = await console(wechat_settings(live_connection()))
    return session, open_dialog(session)


def close(dialog) -> None:
    dialog.reject()
    dialog.deleteLater()


@pytest.mark.asyncio
async def test_each_kind_is_added_with_its_secret_in_the_keyring_only(console, memory_keyring):
    session, dialog = await live_connection_dialog(console)

    dialog.add_connection()
    choose(dialog.platform, "wechat_miniprogram")
    assert dialog.appid.isVisibleTo(dialog) and not dialog.url.isVisibleTo(dialog)
    assert dialog.form.labelForField(dialog.token).text() == "AppSecret"
    assert not dialog.api_base.isVisibleTo(dialog)
    dialog.advanced.setChecked(True)
    assert dialog.api_base.isVisibleTo(dialog) and dialog.api_base.text() == "https://api.weixin.qq.com"
    type_into(dialog.api_base, "http://127.0.0.1:8765")    # a rehearsal against Studio's emulator
    type_into(dialog.name, "第二个小程序")
    type_into(dialog.appid, "wx1234567890abcdef")
    type_into(dialog.token, "live-secret-1")
    dialog.room.setEditText("6209")
    live_id = dialog.current().id

    dialog.add_connection()
    choose(dialog.platform, "wechat_channels")
    assert dialog.room.currentData() == "current"          # the account's live of today
    type_into(dialog.appid, "wxabcdef1234567890")
    type_into(dialog.token, "shop-secret-2")
    shop_id = dialog.current().id

    dialog.add_connection()
    choose(dialog.platform, "studio/wechat_channels")       # Studio, rehearsing Channels' limits
    assert "rehearse" in dialog.platform.currentText()
    assert dialog.url.isVisibleTo(dialog) and not dialog.appid.isVisibleTo(dialog)
    type_into(dialog.token, "studio-token-3")
    dialog.room.setEditText("3")
    studio_id = dialog.current().id

    await dialog.save()
    assert not dialog.isVisible()
    store = memory_keyring.store
    assert store[("anchor-console", f"{live_id}:appsecret")] == "live-secret-1"
    assert store[("anchor-console", f"{shop_id}:appsecret")] == "shop-secret-2"
    assert store[("anchor-console", studio_id)] == "studio-token-3"
    raw = session.paths.settings_file.read_text(encoding="utf-8")
    assert not any(s in raw for s in ("live-secret-1", "shop-secret-2", "studio-token-3", SECRET))
    saved = {c["id"]: c for c in json.loads(raw)["connections"]}
    assert (saved[live_id]["kind"], saved[live_id]["appid"], saved[live_id]["url"], saved[live_id]["room_id"]) == (
        "wechat_miniprogram", "wx1234567890abcdef", "http://127.0.0.1:8765", "6209")
    assert (saved[shop_id]["kind"], saved[shop_id]["room_id"], saved[shop_id]["url"]) == (
        "wechat_channels", "current", "https://api.weixin.qq.com")
    assert (saved[studio_id]["kind"], saved[studio_id]["profile"]) == ("studio", "wechat_channels")
    dialog.deleteLater()


@pytest.mark.asyncio
async def test_a_connection_missing_its_appid_is_not_saved(console):
    session, dialog = await live_connection_dialog(console)
    dialog.add_connection("wechat_channels")
    type_into(dialog.token, "shop-secret")
    await dialog.save()
    assert dialog.isVisible() and "needs its AppID" in dialog.result.text()
    assert len(session.settings.connections) == 1
    close(dialog)


@pytest.mark.asyncio
async def test_test_connection_lists_the_rooms_and_says_what_the_account_may_do(console, platform):
    fake, _ = platform
    session, dialog = await live_connection_dialog(console)
    dialog.fetch.click()
    text = await until(lambda: "Connected to WeChat" in dialog.result.text() and dialog.result.text())
    assert "This account may use: live rooms" in text and "cannot: " in text and "no API for coupons" in text
    assert dialog.room.findData("1") >= 0 and dialog.current().room_id == "1"
    assert dialog.fetch.text() == "Test connection"

    fake.on(TOKEN_PATH, {"errcode": 40013, "errmsg": "invalid appid"})   # the check signs in afresh
    dialog.fetch.click()
    text = await until(lambda: "Could not connect" in dialog.result.text() and dialog.result.text())
    assert "WeChat refused the AppID or AppSecret" in text and SECRET not in text
    close(dialog)


@pytest.mark.asyncio
async def test_a_waiting_test_can_be_cancelled_and_closing_cancels_it(console, platform):
    fake, _ = platform
    session, _ = await console(wechat_settings(live_connection()))
    session.hold.paths.add(LIVEINFO)
    dialog = open_dialog(session)
    dialog.fetch.click()
    await until(lambda: dialog.fetch.text() == "Cancel test")
    await until(lambda: len(fake.sent(TOKEN_PATH)) == 2)   # the check's own sign-in: it is on its way
    dialog.fetch.click()
    await until(lambda: dialog.result.text() == "Test cancelled." and dialog.fetch.text() == "Test connection", 3,
                message=f"{dialog.result.text()!r} {dialog.fetch.text()!r} {session.tasks.running()}")
    dialog.fetch.click()
    await until(lambda: "test-connection" in session.tasks.running())
    dialog.reject()
    await until(lambda: "test-connection" not in session.tasks.running(), message="closing left the test running")
    dialog.deleteLater()


@pytest.mark.asyncio
async def test_what_wechat_cannot_do_is_disabled_with_the_platform_and_why(console):
    session, window = await console(wechat_settings(live_connection()), window=True)
    promotions = promotions_of(window)
    await until(lambda: shelf_of(window).model.rows)
    assert not promotions.issue_button.isEnabled()
    tip = promotions.issue_button.toolTip()
    assert "Not available on 小程序直播: coupons." in tip
    assert "小程序直播: WeChat mini-program live has no API for coupons or flash sales" in tip
    assert not promotions.arm_button.isEnabled() and "no API for coupons" in promotions.arm_button.toolTip()
    shelf = shelf_of(window)
    assert shelf.stage_button.isEnabled() or "cannot" not in shelf.stage_button.toolTip()
    feed = comments_of(window).feed
    assert feed.no_feed.isVisibleTo(window) and "小程序直播: WeChat mini-program live has no API to read comments" in \
        feed.no_feed.text()


@pytest.mark.asyncio
async def test_both_platforms_in_one_room_skip_what_one_cannot_do(console):
    session, window = await console(wechat_settings(live_connection(), channels_connection()), window=True)
    await until(lambda: all(s.loaded for s in session.room.states.values()))
    promotions = promotions_of(window)
    await until(lambda: promotions.issue_button.toolTip())
    tip = promotions.issue_button.toolTip()
    assert "Skipped on 小程序直播 (not supported there): coupons." in tip and "no API for coupons" in tip
    note = comments_of(window).feed.no_feed.text()   # neither WeChat platform has a comment API
    assert "Not available on 小程序直播, 视频号小店: reading comments." in note
    assert "视频号小店: WeChat Channels has no API to read or moderate live comments." in note


@pytest.mark.asyncio
async def test_quota_use_is_shown_beside_the_connection_and_warned_of(console):
    session, window = await console(wechat_settings(live_connection()), window=True)
    session.quota.check(session.room)
    tip = window.header.connection.toolTip()
    assert "小程序直播 — API calls today (reset at midnight, Beijing time):" in tip
    assert "/wxa/business/getliveinfo: " in tip and " of 100,000" in tip
    book = session._quota_books["mp"]
    used = next(u.used_today for u in book.usage() if u.api == LIVEINFO)
    book.limits[LIVEINFO] = used                      # today's allowance reached
    session.quota.check(session.room)
    assert "quota 100 %" in window.header.connection.text()
    assert "/wxa/business/getliveinfo: " in window.header.connection.toolTip() and "used up" in \
        window.header.connection.toolTip()
    await until(lambda: any("today's allowance for /wxa/business/getliveinfo is used up" in m
                            for m in window.notifications.messages()))


@pytest.mark.asyncio
async def test_switching_platform_keeps_the_emulator_address_and_drops_a_secret_typed_for_the_other(console):
    session, dialog = await live_connection_dialog(console)
    dialog.add_connection()
    choose(dialog.platform, "wechat_miniprogram")
    dialog.advanced.setChecked(True)
    type_into(dialog.api_base, "http://127.0.0.1:9000")
    type_into(dialog.token, "typed-for-mini-program")
    choose(dialog.platform, "wechat_channels")             # WeChat to WeChat: same API base
    c = dialog.current()
    assert (c.kind, c.url, c.room_id) == ("wechat_channels", "http://127.0.0.1:9000", "current")
    assert c.id not in dialog.new_tokens and dialog.token.text() == ""
    assert dialog.name.text() == "WeChat Channels shop"    # the default name follows the platform
    choose(dialog.platform, "studio")
    assert (dialog.current().url, dialog.current().room_id) == ("http://127.0.0.1:8000", "")   # Studio's example,
    close(dialog)                                                                          # not the control API's port


@pytest.mark.asyncio
async def test_the_order_of_connections_chooses_the_main_one_and_can_be_changed(console):
    """The first connection that can list products is the main one (its shelf is the console's);
    the list says which it is, and Move up / Move down change it before anything is saved."""
    session, _ = await console(wechat_settings(channels_connection(), live_connection()))
    assert session.room.primary.connection_id == "mp"   # Channels lists no products: the live room's shelf
    dialog = open_dialog(session)
    try:
        rows = lambda: [dialog.list.item(i).text() for i in range(dialog.list.count())]   # noqa: E731
        assert rows() == ["视频号小店", "小程序直播 (main)"]
        assert "shelf" in dialog.list.item(1).toolTip() and dialog.order_note.isVisible()
        dialog.add_connection()                                   # a Studio lists products too: after the live room
        assert rows()[1:] == ["小程序直播 (main)", dialog.settings.connections[2].name]
        assert dialog.list.currentRow() == 2 and not dialog.down_button.isEnabled()
        dialog.up_button.click()
        dialog.up_button.click()                                  # to the top: now the first that lists products
        assert dialog.list.currentRow() == 0 and not dialog.up_button.isEnabled()
        assert [c.id for c in dialog.settings.connections][1:] == ["shop", "mp"]
        assert rows()[0].endswith("(main)") and rows()[2] == "小程序直播"
        dialog.down_button.click()
        assert dialog.list.currentRow() == 1 and rows()[1].endswith("(main)")
        dialog.list.setCurrentRow(1)
        dialog.enabled.setChecked(False)                          # off: the live room is the main one again
        assert rows()[1].endswith("(off)") and rows()[2] == "小程序直播 (main)"
        assert [c.id for c in session.settings.connections] == ["shop", "mp"]   # nothing applied before Save
    finally:
        close(dialog)
