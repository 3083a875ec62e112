"""The header's connection line says where connecting stands: without a room, why (it said
"Connecting…" for ever under "Not connected"); with one, each connection's state first and its
name cut short — a 180-character name hid "disconnected — …", the only sign of a token gone
mid-show. Screenshots: ANCHOR_SHOTS=/some/dir pytest …"""

from __future__ import annotations

import pytest

from anchor_console.domain.text import QT_TRANSLATE_NOOP as T
from anchor_console.platforms.base import StreamStatus
from anchor_console.session.connect_state import NO_USABLE_CONNECTION, ConnectState, Phase
from anchor_console.session.paths import Paths
from anchor_console.session.settings import ConnectionSettings, Settings
from anchor_console.ui.shell.header import RoomHeader
from support.screenshots import shot
from support.studio import studio_settings
from support.waiting import until

LONG_NAME = "旗舰店主号·" + "Spring launch night main shop account " * 5


def test_without_a_room_the_line_says_connecting_failed_or_nothing_to_connect(qapp):
    header = RoomHeader()
    assert header.show_stream(None) == "Connecting…"
    line = header.show_stream(None, (), ConnectState(Phase.FAILED, T("Console", "Studio: port in use")))
    assert line == "Could not connect: Studio: port in use" and "c62828" in header.connection.styleSheet()
    assert header.show_stream(None, (), ConnectState(Phase.NOTHING_TO_CONNECT, NO_USABLE_CONNECTION)) == \
        "No connection can be used; open Connections."


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
