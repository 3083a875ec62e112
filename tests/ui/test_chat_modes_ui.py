"""The Chat modes strip above the comment feed, driven like a moderator drives it against a real
Studio: slow mode, followers-only chat, shield mode and an announcement go through the journal,
the room shows them (the header too), a change made elsewhere shows up, and a platform without the
capability leaves the control disabled with its name in the tooltip."""

from __future__ import annotations

import httpx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from support.journal import confirmed
from support.studio import on_demo_studio
from support.waiting import until
from support.window import choose, comments_of


def modes(console):
    return console.session.room.state.room.chat


@pytest.mark.asyncio
async def test_moderator_sets_slow_mode_and_the_room_and_header_show_it(console_factory, studio_factory):
    studio, console = await on_demo_studio(console_factory, studio_factory, "moderator")
    window = console.window
    bar = comments_of(window).feed.chat_modes
    await until(lambda: bar.slow.isEnabled(), 15, message=f"slow mode stays disabled: {bar.slow.toolTip()}")
    assert window.header.chat_badge.isHidden()
    choose(bar.slow, 10)
    assert not bar.slow.isEnabled() and bar.slow.currentData() == 10    # in flight: the pick shown, not pressable
    entry = await until(lambda: confirmed(console.session, "set_slow_mode"), 15, message="slow mode not confirmed")
    assert entry.params == {"seconds": 10}
    await until(lambda: modes(console).slow_mode_s == 10, 10, message="the room does not say slow mode")
    await until(lambda: not window.header.chat_badge.isHidden(), 5, message="no chat-modes badge")
    assert window.header.chat_badge.text() == "Slow 10 s"
    await until(lambda: bar.slow.isEnabled() and bar.slow.currentData() == 10, 5)

    # followers-only and shield from the strip; the badge names them all
    choose(bar.followers, 10)
    await until(lambda: modes(console).followers_only_min == 10, 10, message="followers-only did not show")
    await until(lambda: bar.shield.isEnabled(), 5)
    bar.shield.click()
    assert not bar.shield.isEnabled() and bar.shield.isChecked()
    await until(lambda: modes(console).shield, 10, message="shield mode did not show")
    await until(lambda: window.header.chat_badge.text() == "Slow 10 s · Followers 10 min · Shield", 5,
                message=window.header.chat_badge.text())


@pytest.mark.asyncio
async def test_a_change_made_elsewhere_shows_up(console_factory, studio_factory):
    studio, console = await on_demo_studio(console_factory, studio_factory, "moderator")
    window = console.window
    bar = comments_of(window).feed.chat_modes
    await until(lambda: console.session.room is not None and console.session.room.state.loaded, 15)
    with httpx.Client(base_url=studio.url, timeout=10,
                      headers={"Authorization": f"Bearer {studio.tokens['anchor']}"}) as c:   # another seat
        r = c.put(f"/api/v1/rooms/{studio.room_id}/chat-modes", json={"slow_mode_s": 20, "shield": True})
        assert r.status_code == 200, r.text
    await until(lambda: bar.shield.isChecked() and bar.slow.currentData() == 20, 10,
                message="the strip does not show the room's modes")
    assert "20" in bar.slow.currentText()      # a value the list does not offer is shown as it is
    await until(lambda: window.header.chat_badge.text() == "Slow 20 s · Shield", 5)


@pytest.mark.asyncio
async def test_announcement_from_the_inline_editor(console_factory, studio_factory):
    studio, console = await on_demo_studio(console_factory, studio_factory, "moderator")
    bar = comments_of(console.window).feed.chat_modes
    await until(lambda: bar.announce.isEnabled(), 15, message=bar.announce.toolTip())
    bar.announce.click()
    assert bar.editor.isVisible() and bar.announce_text.hasFocus()
    choose(bar.announce_color, "orange")
    notices = []
    console.session.notices.connect(notices.append)
    bar.announce_text.setText("这是全网最低价")         # an advertising-law word: held back, kept for editing
    QTest.keyClick(bar.announce_text, Qt.Key.Key_Return)
    assert notices and notices[-1].key == "staff-words" and "全网最低价" in notices[-1].text.english()
    assert bar.editor.isVisible() and bar.announce_text.text() == "这是全网最低价"
    assert not [e for e in console.session.journal.entries(limit=50) if e.kind == "announce"]
    bar.announce_text.setText("今晚8点抽奖")
    QTest.keyClick(bar.announce_text, Qt.Key.Key_Return)
    entry = await until(lambda: confirmed(console.session, "announce"), 15, message="announcement not confirmed")
    assert entry.params == {"text": "今晚8点抽奖", "color": "orange"}
    assert not bar.editor.isVisible() and bar.announce_text.text() == ""
    feed = comments_of(console.window).feed
    item = await until(lambda: next((i for i in feed.model.items() if i.comment.text == "今晚8点抽奖"), None), 10)
    assert item.comment.announcement == "orange" and item.comment.is_staff


@pytest.mark.asyncio
async def test_disabled_with_the_platform_named_where_it_is_missing(console_factory, studio_factory):
    studio, console = await on_demo_studio(console_factory, studio_factory, "moderator", profile="wechat_miniprogram",
                                           connection_name="小程序直播")
    bar = comments_of(console.window).feed.chat_modes
    await until(lambda: console.session.room is not None and console.session.room.state.loaded, 15)
    bar.refresh()
    name = console.session.room.primary.platform.display_name
    for widget, capability in ((bar.slow, "slow mode"), (bar.followers, "followers-only chat"),
                               (bar.shield, "shield mode"), (bar.announce, "announcements")):
        assert not widget.isEnabled(), widget.objectName()
        assert name in widget.toolTip() and capability in widget.toolTip(), widget.toolTip()
    assert console.window.header.chat_badge.isHidden()
