"""Settings → Control API: turning it on makes and shows a token (hidden until Show), Copy copies
it, Regenerate replaces it, Save starts the API on the chosen port (and turning it off stops it);
the dialog still fits the laptop screen; without a keyring the API cannot be turned on."""

from __future__ import annotations

import os
from pathlib import Path

import socket

import httpx
import keyring.errors
import pytest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLineEdit

from anchor_console.session.control_api import TOKEN_KEY
from support.studio import on_demo_studio
from support.waiting import until


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.asyncio
async def test_the_control_api_page(console_factory, studio_factory, memory_keyring, qapp):
    from anchor_console.ui.settings.settings_dialog import SettingsDialog

    studio, console = await on_demo_studio(console_factory, studio_factory, "assistant")
    session = console.session
    dialog = SettingsDialog(session, console.window)
    dialog.open()
    box = dialog.control_api
    assert not box.enabled.isChecked() and not box.regenerate.isEnabled() and box.token.text() == ""
    box.enabled.setChecked(True)
    await until(lambda: box.token.text(), 10, message="no token was made")   # through the keyring's thread
    token = box.token.text()
    assert token and memory_keyring.store[("anchor-console", TOKEN_KEY)] == token
    assert box.token.echoMode() is QLineEdit.EchoMode.Password
    box.show_token.click()
    assert box.token.echoMode() is QLineEdit.EchoMode.Normal
    box.copy_token.click()
    assert QApplication.clipboard().text() == token
    box.regenerate.click()
    await until(lambda: box.token.text() != token, 10, message="the token was not regenerated")
    assert session.control_api.token() == box.token.text()
    port = free_port()
    box.port.setValue(port)
    assert box.url.text() == f"http://127.0.0.1:{port}/api/v1"
    screen = dialog.screen().availableGeometry()
    assert dialog.sizeHint().height() <= screen.height() and dialog.sizeHint().width() <= screen.width()
    if os.environ.get("ANCHOR_SHOTS"):   # ANCHOR_SHOTS=/some/dir pytest … saves what it looks like
        dialog.grab().save(str(Path(os.environ["ANCHOR_SHOTS"]) / "settings-control-api.png"))
    # Calling the show for a crew: GO pressed on a following seat is refused (kept in the settings).
    dialog.followers_go.setCurrentIndex(dialog.followers_go.findData("refuse"))
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()
    await until(lambda: session.control_api.running, message="Save did not start the control API")
    assert session.settings.followers_go == "refuse" and session.crew.show.followers_go == "refuse"
    assert session.settings.control_api_enabled and session.settings.control_api_port == port
    assert box.token.text() not in session.paths.settings_file.read_text(encoding="utf-8")
    async with httpx.AsyncClient() as client:
        r = await client.get(f"http://127.0.0.1:{port}/api/v1/state",
                             headers={"Authorization": f"Bearer {session.control_api.token()}"})
        assert r.status_code == 200 and r.json()["connected"]

    dialog = SettingsDialog(session, console.window)
    dialog.open()
    assert dialog.control_api.enabled.isChecked()
    dialog.control_api.enabled.setChecked(False)
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()
    await until(lambda: not session.control_api.running, message="turning it off did not stop it")


@pytest.mark.asyncio
async def test_without_a_keyring_it_cannot_be_turned_on(console_factory, studio_factory, monkeypatch):
    from anchor_console.ui.settings.settings_dialog import SettingsDialog

    studio, console = await on_demo_studio(console_factory, studio_factory, "assistant")
    monkeypatch.setattr(console.session.tokens, "persistent", False)
    dialog = SettingsDialog(console.session, console.window)
    dialog.open()
    box = dialog.control_api
    assert not box.enabled.isEnabled() and "keyring" in box.note.text()
    assert await console.session.control_api.start(free_port()) is not None
    assert not console.session.control_api.running
    dialog.reject()


@pytest.mark.asyncio
async def test_a_keyring_that_will_not_keep_the_token_leaves_the_api_off(console_factory, studio_factory,
                                                                        memory_keyring, monkeypatch):
    from anchor_console.ui.settings.settings_dialog import SettingsDialog

    studio, console = await on_demo_studio(console_factory, studio_factory, "assistant")
    session = console.session
    kept = memory_keyring.set_password
    writes = []

    def locked(*args):   # a locked Secret Service whose unlock prompt was dismissed
        writes.append(args)
        raise keyring.errors.KeyringLocked("locked")

    monkeypatch.setattr(memory_keyring, "set_password", locked)
    dialog = SettingsDialog(session, console.window)
    dialog.open()
    box = dialog.control_api
    box.enabled.setChecked(True)
    await until(lambda: "could not be kept" in box.note.text(), 10, message="the refusal was not said")
    assert box.token.text() == "" and not box.copy_token.isEnabled() and len(writes) == 1   # asked once
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()
    await until(lambda: session.control_api.problem is not None, message="Save did not try the API")
    # No token the next start would not know: a key set up with it would stop working then.
    assert not session.control_api.running and session.control_api.token() is None
    assert ("anchor-console", TOKEN_KEY) not in memory_keyring.store

    monkeypatch.setattr(memory_keyring, "set_password", kept)   # unlocked: a token is made and kept
    assert await session.control_api.apply() is None and session.control_api.running
    token = session.control_api.token()
    monkeypatch.setattr(memory_keyring, "set_password", locked)
    dialog = SettingsDialog(session, console.window)
    dialog.open()
    dialog.control_api.regenerate.click()
    await until(lambda: "old one still works" in dialog.control_api.note.text(), 10,
                message="a refused regeneration was not said")
    assert session.control_api.token() == token == memory_keyring.store[("anchor-console", TOKEN_KEY)]
    dialog.reject()


@pytest.mark.asyncio
async def test_arm_and_coupon_without_arguments_take_the_promotions_forms(console_factory, studio_factory):
    from support.window import choose, promotions_of

    studio, console = await on_demo_studio(console_factory, studio_factory, "assistant", control_api_enabled=True,
                                           control_api_port=0, confirm_money_actions=False)
    session = console.session
    panel = promotions_of(console.window)
    await until(lambda: panel.flash.product.findData("1002") >= 0 and panel.template.currentData() is not None)
    choose(panel.flash.product, "1002")
    panel.quantity.setValue(33)
    api = session.control_api
    async with httpx.AsyncClient(base_url=api.url, headers={"Authorization": f"Bearer {api.token()}"}) as client:
        armed = (await client.post("/api/v1/commands/flash-sale/arm")).json()
        assert armed["status"] == "done", armed
        assert session.flash_sale.armed == panel.flash.spec()
        issued = (await client.post("/api/v1/commands/issue-coupon")).json()
        assert issued["status"] == "confirmed", issued
    entry = next(e for e in session.journal.entries() if e.kind == "issue_coupon")
    assert entry.params["quantity"] == 33 and entry.origin == "api"
    # Listening on a port the settings did not name (0: any free one): the page shows that one, and
    # saving keeps it — it showed 8765, and Save moved the API there under the keys' feet.
    from anchor_console.ui.settings.settings_dialog import SettingsDialog
    dialog = SettingsDialog(session, console.window)
    dialog.open()
    assert dialog.control_api.url.text() == f"{api.url}/api/v1"
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()
    await until(lambda: session.settings.control_api_port == api.port and api.running, message="the API moved")


@pytest.mark.parametrize("platform, marks", [
    ("win32", {'application/x-qt-windows-mime;value="ExcludeClipboardContentFromMonitorProcessing"': b"\1\0\0\0",
               'application/x-qt-windows-mime;value="CanIncludeInClipboardHistory"': b"\0\0\0\0",
               'application/x-qt-windows-mime;value="CanUploadToCloudClipboard"': b"\0\0\0\0"}),
    ("darwin", {"application/x-nspasteboard-concealed-type": b"secret"}),
    ("linux", {"x-kde-passwordManagerHint": b"secret"}),
])
def test_a_copied_token_is_marked_for_clipboard_histories_to_leave_out(qapp, platform, marks):
    from anchor_console.ui.common.clipboard import secret_mime

    mime = secret_mime("tok-123", platform)
    assert mime.text() == "tok-123"
    assert {name: bytes(mime.data(name)) for name in marks} == marks


@pytest.mark.asyncio
async def test_copy_token_marks_it_and_takes_it_off_the_clipboard_again(console_factory, studio_factory,
                                                                       memory_keyring, qapp, monkeypatch):
    """Copy put the token on the clipboard as plain text, for clipboard managers and Windows'
    clipboard history (synced to the cloud) to keep for good."""
    from anchor_console.ui.common import clipboard
    from anchor_console.ui.settings.settings_dialog import SettingsDialog

    monkeypatch.setattr(clipboard, "CLEAR_AFTER_MS", 200)
    studio, console = await on_demo_studio(console_factory, studio_factory, "assistant")
    dialog = SettingsDialog(console.session, console.window)
    dialog.open()
    box = dialog.control_api
    box.enabled.setChecked(True)
    await until(lambda: box.token.text(), 10, message="no token was made")
    box.copy_token.click()
    board = QApplication.clipboard()
    assert board.text() == box.token.text() and bytes(board.mimeData().data("x-kde-passwordManagerHint")) == b"secret"
    await until(lambda: board.text() == "", 5, message="the token stayed on the clipboard")
    box.copy_token.click()
    board.setText("something the operator copied since")   # theirs is not cleared
    import asyncio
    await asyncio.sleep(0.4)
    assert board.text() == "something the operator copied since"
    dialog.reject()
