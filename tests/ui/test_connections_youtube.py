"""The Connections dialog with a YouTube connection, against Studio's YouTube emulator in process
(httpx's ASGI transport; the browser is httpx too): Sign in… opens the consent page, Allow brings
the sign-in back, and the keyring — never the settings — holds the client secret and the refresh
token; the button is only there for kinds that sign in, and Cancel stops a sign-in that waits."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest
import pytest_asyncio
from support.waiting import until
from support.window import choose, type_into
from support.youtube_world import BASE, World

from anchor_console.session.platform_kinds import YOUTUBE, credential_key
from anchor_console.session.settings import ConnectionSettings, Settings


class ServerApart(httpx.AsyncBaseTransport):
    """Studio's app in a task of its own per request, as a server is: cancelling the console's
    request (closing a room) does not cancel the server's work halfway (Starlette's middleware
    would then answer instead of letting the cancellation through)."""

    def __init__(self, app) -> None:
        self.inner = httpx.ASGITransport(app=app)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await asyncio.shield(asyncio.ensure_future(self.inner.handle_async_request(request)))


class Browser:
    """Stands in for QDesktopServices: remembers what the console asked to open."""

    def __init__(self) -> None:
        self.opened: list[str] = []

    def openUrl(self, url) -> bool:   # noqa: N802 - Qt's name
        self.opened.append(url.toString())
        return True


@pytest_asyncio.fixture
async def signed_in_session(qapp, private_home, memory_keyring, tmp_path, monkeypatch):
    from anchor_console.session.console import ConsoleSession
    from anchor_console.session.paths import Paths
    from anchor_console.ui.settings import connections_dialog

    quits = qapp.quitOnLastWindowClosed()
    qapp.setQuitOnLastWindowClosed(False)   # as the console runs (ui/shell/app.py): a closed dialog is no quit
    world = World(tmp_path)
    browser = Browser()
    monkeypatch.setattr(connections_dialog, "QDesktopServices", browser)
    credentials = await world.signed_in()
    conn = ConnectionSettings(id="yt", name="YouTube", kind=YOUTUBE, url=BASE, appid=credentials.client_id,
                              room_id=world.video)
    session = ConsoleSession(Settings(connections=[conn], operator_name="场控"),
                             Paths.for_user({"ANCHOR_CONSOLE_HOME": str(private_home)}),
                             http_transport=ServerApart(world.http._transport.app))
    session.tokens.set(credential_key(conn), credentials.keyring_value())
    await session.start()
    await until(lambda: session.room is not None and session.room.state.loaded, 20, message="no YouTube room")
    yield session, world, browser
    await session.shutdown()
    await world.aclose()
    qapp.setQuitOnLastWindowClosed(quits)


@pytest.mark.asyncio
async def test_sign_in_from_the_dialog_keeps_the_refresh_token_in_the_keyring_only(signed_in_session):
    from anchor_console.ui.settings.connections_dialog import ConnectionsDialog

    session, world, browser = signed_in_session
    dialog = ConnectionsDialog(session)
    dialog.open()
    assert not dialog.sign_in_button.isVisibleTo(dialog) or dialog.current().kind == YOUTUBE
    dialog.add_connection()
    assert not dialog.sign_in_button.isVisibleTo(dialog)          # Studio: a token is typed, nobody signs in
    choose(dialog.platform, YOUTUBE)
    assert dialog.sign_in_button.isVisibleTo(dialog)
    assert dialog.form.labelForField(dialog.appid).text() == "Client ID"
    dialog.advanced.setChecked(True)
    type_into(dialog.api_base, BASE)
    type_into(dialog.appid, world.client["client_id"])
    type_into(dialog.token, world.client["client_secret"])
    dialog.room.setEditText(world.video)
    conn = dialog.current()
    dialog.sign_in_button.click()
    await until(lambda: browser.opened, 10, message="the browser was not opened")
    assert "Manage your YouTube account" in dialog.result.text()   # why the permission is asked
    await world.browser_allows(browser.opened[0])
    await until(lambda: dialog.result.text().startswith("Signed in"), 10, message=dialog.result.text())
    kept = json.loads(session.tokens.get(credential_key(conn)))
    assert kept["refresh_token"].startswith("1//") and kept["client_secret"] == world.client["client_secret"]
    type_into(dialog.name, "周三晚场")   # an edit after signing in saved the bare client secret over the sign-in
    dialog.enabled.setChecked(False)   # the broadcast connected already: a second connection on to it is refused
    await dialog.save()
    saved = (session.paths.settings_file.read_text(encoding="utf-8")
             if hasattr(session.paths, "settings_file") else "")
    assert kept["refresh_token"] not in saved and world.client["client_secret"] not in saved
    assert json.loads(session.tokens.get(credential_key(conn)))["refresh_token"] == kept["refresh_token"]


@pytest.mark.asyncio
async def test_a_waiting_sign_in_is_cancelled_by_its_button_and_by_closing(signed_in_session):
    from anchor_console.ui.settings.connections_dialog import ConnectionsDialog

    session, world, browser = signed_in_session
    dialog = ConnectionsDialog(session)
    dialog.open()
    assert dialog.current().kind == YOUTUBE
    dialog.sign_in_button.click()
    await until(lambda: browser.opened, 10, message="the browser was not opened")
    assert dialog.sign_in_button.text() == "Cancel sign-in"
    dialog.sign_in_button.click()
    assert dialog.result.text() == "Sign-in cancelled." and dialog.sign_in_button.text() == "Sign in…"
    dialog.sign_in_button.click()
    await until(lambda: len(browser.opened) == 2, 10, message="no second sign-in")
    task = dialog.sign_in_button.task
    dialog.reject()
    await asyncio.sleep(0.05)
    assert task.done() and task.cancelled()
    dialog.deleteLater()
