"""The Connections dialog while it waits: Test connection says it is testing, and past a few seconds
that it waits for the keyring (an unlock prompt), then goes back to what it said; closing the dialog
cancels the wait. A device-code sign-in says it waits for the sign-in under the code. Save is greyed
while it saves. The keyring row offers "Try the keyring again" for secrets a locked keyring refused,
greyed while it tries (a second press does nothing), and says where secrets are kept once it took them.
Settings → Control API greys Regenerate while the keyring is asked, and says what it waits for."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from anchor_console.session.control_api import TOKEN_KEY
from anchor_console.session.tokens import KEYRING_PATIENCE_S, SERVICE
from support.manual_sleep import ManualSleep
from support.memory_keyring import InMemoryKeyring, LockedKeyring, PromptUnanswered, keyring_in_use
from support.screenshots import shot
from support.waiting import until
from support.connections import dialog_over_an_unanswered_keyring, two_shops
from support.window import open_connections

WAITING = "Waiting for the system keyring to be unlocked…"
SECRET = "the-second-token-typed-once"



@pytest.mark.asyncio
async def test_test_connection_says_it_waits_for_the_keyring_and_closing_cancels_it(console_factory):
    with keyring_in_use(PromptUnanswered()) as backend:
        try:
            console, session, sleep, dialog = await dialog_over_an_unanswered_keyring(console_factory, backend)
            dialog.fetch.click()
            assert dialog.result.text() == "Testing the connection…" and dialog.fetch.text() == "Cancel test"
            await sleep.advance(KEYRING_PATIENCE_S - 1)
            assert dialog.result.text() == "Testing the connection…"
            await sleep.advance(1)
            assert dialog.result.text() == WAITING and dialog.fetch.running()
            await sleep.advance(600)   # no limit: the prompt may be answered much later
            assert dialog.result.text() == WAITING
            dialog.fetch.click()   # Cancel test
            await until(lambda: not dialog.fetch.running(), 5, message="Cancel test did not cancel it")
            assert dialog.result.text() == "Test cancelled." and dialog.fetch.text() == "Test connection"
            dialog.fetch.click()
            await sleep.advance(KEYRING_PATIENCE_S)
            assert dialog.result.text() == WAITING
            task = dialog.fetch.task
            dialog.reject()   # closing cancels the wait
            await until(lambda: task.done(), 5, message="closing left the test waiting")
            assert task.cancelled() and "test-connection" not in session.tasks.running()
        finally:
            backend.answered.set()
        dialog = open_connections(console)
        dialog.fetch.click()
        await sleep.advance(KEYRING_PATIENCE_S)   # the keyring answers at once now: nothing to say of it
        await until(lambda: not dialog.fetch.running(), 20, message="the test did not end")
        assert WAITING not in dialog.result.text() and dialog.result.text() not in ("", "Testing the connection…")
        dialog.reject()


@pytest.mark.asyncio
async def test_a_device_code_sign_in_says_what_it_waits_for_under_the_code(console_factory):
    console = await console_factory(two_shops(), wait_loaded=False)
    dialog = open_connections(console)
    dialog._show_code("WDJB-MJHT", "https://www.twitch.tv/activate")
    assert dialog.result.text() == ("Type the code WDJB-MJHT at https://www.twitch.tv/activate\n"
                                    "Waiting for the sign-in…")
    dialog.reject()


@pytest.mark.asyncio
async def test_save_is_greyed_while_it_waits_for_the_keyring(console_factory):
    with keyring_in_use(PromptUnanswered()) as backend:
        try:
            console = await console_factory(two_shops(), wait_loaded=False)
            console.session.sleep = ManualSleep()
            dialog = open_connections(console)
            save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
            saving = dialog.save()
            assert not save.isEnabled() and dialog.save() is None   # a second press changes nothing
        finally:
            backend.answered.set()
        await saving
        assert not dialog.isVisible()


@pytest.mark.asyncio
async def test_the_keyring_row_tries_the_keyring_again_for_secrets_it_refused(console_factory):
    with keyring_in_use(LockedKeyring()) as backend:
        backend.locked = False
        backend.store[(SERVICE, "c1")] = "token-a"
        console = await console_factory(two_shops(), wait_loaded=False)
        session = console.session
        dialog = open_connections(console)
        row = dialog.keyring_row
        assert not row.try_again.isVisibleTo(dialog) and "Tokens are stored in the system keyring" in row.note.text()
        dialog.reject()
        backend.locked = True   # locked mid-session
        assert await session.tokens.save("second", SECRET) is False
        dialog = open_connections(console)
        row = dialog.keyring_row
        assert row.try_again.isVisibleTo(dialog) and row.try_again.text() == "Try the keyring again"
        assert "did not keep the secrets of “备用直播间”" in row.note.text() and SECRET not in row.note.text()
        await shot(dialog, "connections-keyring-try-again")
        row.try_again.click()   # still locked
        assert not row.try_again.isEnabled() and row.note.text() == "Saving the secrets in the system keyring…"
        row.try_again.click()   # a second press while it tries: nothing more
        first = session.unsaved_secrets.task
        await until(lambda: row.try_again.isEnabled(), 10, message="the retry did not end")
        assert first.done() and "did not keep the secrets of “备用直播间”" in row.note.text()
        backend.locked = False   # unlocked
        row.try_again.click()
        await until(lambda: not row.try_again.isVisibleTo(dialog), 10, message="the secrets were not saved")
        assert "Tokens are stored in the system keyring" in row.note.text()
        assert backend.store[(SERVICE, "second")] == SECRET and session.tokens.unsaved == []
        dialog.reject()


class SlowWrites(InMemoryKeyring):
    """Writes wait while the test holds `gate` closed (an unlock prompt for a write)."""

    def __init__(self) -> None:
        super().__init__()
        self.gate = threading.Event()
        self.gate.set()

    def set_password(self, service, username, password):
        self.gate.wait(30)
        super().set_password(service, username, password)


@pytest.mark.asyncio
async def test_regenerate_is_greyed_while_the_keyring_is_asked(console_factory):
    from anchor_console.ui.settings.settings_dialog import SettingsDialog

    with keyring_in_use(SlowWrites()) as backend:
        console = await console_factory(two_shops(), wait_loaded=False)
        session = console.session
        session.sleep = sleep = ManualSleep()
        dialog = SettingsDialog(session, console.window)
        dialog.open()
        box = dialog.control_api
        box.enabled.setChecked(True)
        await until(lambda: box.token.text() and box.regenerate.isEnabled(), 10, message="no token was made")
        token = box.token.text()
        backend.gate.clear()
        try:
            box.regenerate.click()
            assert not box.regenerate.isEnabled()
            box._regenerate()   # a second press, had it got through: nothing new is asked
            await sleep.advance(KEYRING_PATIENCE_S)
            assert box.note.text() == WAITING and not box.regenerate.isEnabled()
        finally:
            backend.gate.set()
        await until(lambda: box.token.text() != token, 10, message="the token was not regenerated")
        assert box.regenerate.isEnabled() and box.note.text() != WAITING
        assert backend.store[(SERVICE, TOKEN_KEY)] == box.token.text() == session.control_api.token()
        dialog.reject()
