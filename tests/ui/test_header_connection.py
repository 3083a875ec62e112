"""The header's connection line says where connecting stands: without a room, why (it said
"Connecting…" for ever under "Not connected"); with one, each connection's state first and its
name cut short — a 180-character name hid "disconnected — …", the only sign of a token gone
mid-show. What the line cuts short is reachable whole: in its tooltip, and — while it says something
is wrong — from a click on it or on Details… beside it, with Reconnect and Connections…; the header
is no taller for it, at 1280×650 too. Screenshots: ANCHOR_SHOTS=/some/dir pytest …"""

from __future__ import annotations


import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from anchor_console.domain.text import QT_TRANSLATE_NOOP as T
from anchor_console.platforms.base import StreamStatus
from anchor_console.session.connect_state import NO_USABLE_CONNECTION, ConnectState, Phase
from anchor_console.session.paths import Paths
from anchor_console.session.settings import ConnectionSettings, Settings
from anchor_console.ui.shell.header import RoomHeader
from support.screenshots import shot
from support.studio import studio_settings
from support.waiting import until

SMALL = (1280, 650)   # a 1280×720 screen, less a taskbar and a title bar (test_window_fits)
LONG_REASON = ("Studio cannot open its database /home/主播/.local/share/anchor-console/bundled-studio/"
               "studio.sqlite3: it is a folder, not a file. Move it aside or choose another place.")
LONG_NAME = "旗舰店主号·" + "Spring launch night main shop account " * 5


def test_without_a_room_the_line_says_connecting_failed_or_nothing_to_connect(qapp):
    header = RoomHeader()
    assert header.show_stream(None) == "Connecting…"
    line = header.show_stream(None, (), ConnectState(Phase.FAILED, T("Console", "Studio: port in use")))
    assert line == "Could not connect: Studio: port in use" and "c62828" in header.connection.styleSheet()
    assert header.show_stream(None, (), ConnectState(Phase.NOTHING_TO_CONNECT, NO_USABLE_CONNECTION)) == \
        "No connection can be used; open Connections."


def test_what_the_line_cuts_short_is_in_its_tooltip_and_a_click_away(qapp):
    header = RoomHeader()
    header.resize(700, header.sizeHint().height())
    asked = []
    header.details_requested.connect(lambda: asked.append(True))
    header.show_stream(None)
    height, least = header.sizeHint().height(), header.minimumSizeHint().width()
    assert not header.connection.clickable and header.connection.link == ""
    QTest.mouseClick(header.connection, Qt.MouseButton.LeftButton)
    assert asked == []   # "Connecting…" has nothing more to say
    line = header.show_stream(None, (), ConnectState(Phase.FAILED, T("Console", LONG_REASON)))
    assert line == f"Could not connect: {LONG_REASON}" and header.details == line
    assert LONG_REASON in header.connection.toolTip() and "Click for the whole message" in header.connection.toolTip()
    assert header.connection.clickable and header.connection.link == "Details…"
    QTest.mouseClick(header.connection, Qt.MouseButton.LeftButton)
    assert asked == [True]
    # From the keyboard too: Tab reaches the line while it has more to say, Enter or Space shows it.
    assert header.connection.focusPolicy() == Qt.FocusPolicy.StrongFocus
    QTest.keyClick(header.connection, Qt.Key.Key_Return)
    QTest.keyClick(header.connection, Qt.Key.Key_Space)
    assert asked == [True, True, True]
    assert header.sizeHint().height() == height and header.minimumSizeHint().width() <= least   # no taller, no wider
    assert not any(tile.isVisibleTo(header) for tile in header.tiles.values())   # "—" made way for why
    header.show_stream(None, (), ConnectState(Phase.NOTHING_TO_CONNECT, NO_USABLE_CONNECTION))
    assert header.connection.clickable and header.details == "No connection can be used; open Connections."
    header.show_stream(None)
    assert not header.connection.clickable and all(tile.isVisibleTo(header) for tile in header.tiles.values())
    assert header.connection.focusPolicy() == Qt.FocusPolicy.NoFocus   # nothing more to say: not a stop for Tab


@pytest.mark.asyncio
async def test_a_bundled_studio_that_cannot_start_is_named_in_the_header(console_factory, private_home, qapp):
    from anchor_console.ui.common.i18n import install_translations

    install_translations(qapp, "en")
    db = Paths.for_user({"ANCHOR_CONSOLE_HOME": str(private_home)}).bundled_studio_db
    db.mkdir(parents=True)   # Studio cannot open a folder as its database
    console = await console_factory(wait_loaded=False)
    window = console.window
    await until(lambda: console.session.connect_state.phase is Phase.FAILED, 40, message="the start never failed")
    await until(lambda: "Could not connect" in window.header.connection.text(), 5,
                message=window.header.connection.text())
    assert f"Studio cannot open its database {db}" in window.header.connection.toolTip()
    assert "Connecting" not in window.header.connection.text()
    await shot(window, "header-studio-failed")
    await the_details_say_it_whole_with_reconnect_and_connections(console, f"Studio cannot open its database {db}")


async def the_details_say_it_whole_with_reconnect_and_connections(console, reason: str) -> None:
    """Details… shows the whole message, at 1280×650 too (the header no taller); Connections… opens
    them, Reconnect connects again."""
    window, header = console.window, console.window.header
    height = header.height()
    window.showNormal()
    window.resize(*SMALL)
    await until(lambda: window.width() == SMALL[0] and window.height() == SMALL[1],
                message=f"not resized: {window.size()}, at least {window.minimumSizeHint()}")
    await until(lambda: header.connection.link == "Details…" and header.height() == height, 5,   # the docks lay out
                message=f"link {header.connection.link!r}, header {header.height()} px (was {height})")
    line = header.connection
    link_room = line.fontMetrics().horizontalAdvance(" Details……………")
    assert line.isVisible() and line.contentsRect().width() >= link_room, line.contentsRect()   # drawn whole
    assert window.centralWidget().width() >= window.centralWidget().minimumSizeHint().width()
    await shot(window, "header-studio-failed at 1280")
    QTest.mouseClick(line, Qt.MouseButton.LeftButton)
    details = window.connection_details
    assert details.isVisible() and reason in details.message.text()
    assert details.message.text() == header.details
    await shot(details, "header-connection-details")
    QTest.mouseClick(line, Qt.MouseButton.LeftButton)   # a second click: the same one, not two
    assert window.connection_details is details
    details.connections_button.click()
    from anchor_console.ui.settings.connections_dialog import ConnectionsDialog

    [dialog] = [d for d in window.findChildren(ConnectionsDialog) if d.isVisible()]
    dialog.reject()
    QTest.mouseClick(line, Qt.MouseButton.LeftButton)
    states = []
    console.session.connect_state_changed.connect(states.append)
    window.connection_details.reconnect_button.click()
    await until(lambda: len(states) >= 2, 40, message=f"no reconnect: {states}")   # Connecting…, then why not
    assert states[0].phase is Phase.CONNECTING and states[-1].phase is Phase.FAILED
    window.showMaximized()


@pytest.mark.asyncio
async def test_a_connection_that_cannot_be_used_is_said_not_connecting(console_factory, qapp):
    from anchor_console.ui.common.i18n import install_translations

    install_translations(qapp, "en")
    unknown = ConnectionSettings(id="x", name="Tomorrow's platform", kind="teleport", url="http://127.0.0.1:9",
                                 room_id="1")
    console = await console_factory(Settings(connections=[unknown]), wait_loaded=False)
    await until(lambda: console.session.connect_state.phase is Phase.NOTHING_TO_CONNECT, 20)
    await until(lambda: "open Connections" in console.window.header.connection.text(), 5,
                message=console.window.header.connection.text())


@pytest.mark.asyncio
async def test_a_long_connection_name_leaves_its_state_in_sight(console_factory, studio_factory, qapp):
    from anchor_console.ui.common.i18n import install_translations

    install_translations(qapp, "en")
    studio = studio_factory("--demo", "--audience", "0")
    console = await console_factory(studio_settings(studio, connection_name=LONG_NAME), token="not-a-token",
                                    wait_loaded=False)
    window = console.window
    await until(lambda: console.session.room is not None
                and console.session.room.state.stream_status is StreamStatus.CLOSED, 30,
                message="the refused token was not noticed")
    await until(lambda: window.header.connection.text().startswith("disconnected"), 5,
                message=window.header.connection.text())
    assert "…" in window.header.connection.text() and LONG_NAME not in window.header.connection.text()
    assert window.stream_label.text().startswith("disconnected — ")
    assert f"{LONG_NAME}: disconnected — " in window.header.connection.toolTip()   # the whole name, said
    await shot(window, "header-long-connection-name")
    assert window.header.connection.link == "Details…"   # closed: a look needed, a click away
    QTest.mouseClick(window.header.connection, Qt.MouseButton.LeftButton)
    assert f"{LONG_NAME}: disconnected — " in window.connection_details.message.text()
    await shot(window.connection_details, "header-connection-details-refused")
    window.connection_details.reject()


def test_the_figures_are_greyed_as_last_known_while_a_connection_is_not_coming_in(qapp):
    """Reconnecting, the header's figures stop moving: they are greyed and say they are last known,
    not left to read as live; connected again, they are live again."""
    from types import SimpleNamespace

    header = RoomHeader()
    state = SimpleNamespace(stream_status=StreamStatus.LIVE, stream_refused=None, platform_name="Studio")
    room = SimpleNamespace(states={"c1": state})
    header.show_stream(room)
    assert all(t.value.styleSheet() == "" and "Last known" not in t.toolTip() for t in header.tiles.values())
    state.stream_status = StreamStatus.RECONNECTING
    header.show_stream(room)
    for tile in header.tiles.values():
        assert "placeholder-text" in tile.value.styleSheet()
        assert tile.toolTip().startswith("Last known: a connection is reconnecting…")
    header.tiles["online"].set_value("1.2万", "12,345")   # a figure's exact value stays in its tooltip
    assert header.tiles["online"].toolTip().splitlines()[0] == "12,345"
    state.stream_status = StreamStatus.LIVE
    header.show_stream(room)
    assert header.tiles["online"].value.styleSheet() == "" and header.tiles["online"].toolTip() == "12,345"
