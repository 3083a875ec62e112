"""The Connections dialog and the keyring: a removal that could not be saved keeps the removed
connection's secret (it used to be deleted before the save failed: a WeChat AppSecret cannot be
read back, only reset), and Save with a keyring waiting for its unlock prompt says what it waits
for instead of doing nothing, then goes on once the keyring answers."""

from __future__ import annotations


import pytest

from anchor_console.session.settings import ConnectionSettings, Settings
from anchor_console.session.tokens import KEYRING_PATIENCE_S, SERVICE
from support.blocked_files import block
from support.manual_sleep import ManualSleep
from support.memory_keyring import PromptUnanswered, keyring_in_use
from support.waiting import until
from support.window import open_connections

NOWHERE = "http://127.0.0.1:9"   # the dialog is the subject: nothing needs to answer


def two_shops() -> Settings:
    return Settings(connections=[ConnectionSettings(id="c1", name="Shop A", url=NOWHERE, room_id="r1"),
                                 ConnectionSettings(id="second", name="备用直播间", url=NOWHERE, room_id="r2")])


@pytest.mark.asyncio
async def test_a_removal_that_was_not_saved_keeps_the_secret(console_factory, memory_keyring):
    memory_keyring.store[(SERVICE, "c1")] = "token-a"
    memory_keyring.store[(SERVICE, "second")] = "the-second-token"
    console = await console_factory(two_shops(), wait_loaded=False)
    session = console.session
    block(session.paths.settings_file)   # a full disk, say
    dialog = open_connections(console)
    dialog.list.setCurrentRow(1)
    dialog.remove_connection()
    await dialog.save()
    assert dialog.isVisible() and "could not be saved" in dialog.result.text()
    assert [c.id for c in session.settings.connections] == ["c1", "second"]
    assert memory_keyring.store[(SERVICE, "second")] == "the-second-token"
    session.paths.settings_file.rmdir()   # writable again
    await dialog.save()
    assert not dialog.isVisible() and [c.id for c in session.settings.connections] == ["c1"]
    await until(lambda: (SERVICE, "second") not in memory_keyring.store, 5, message="the removed secret stayed")
    assert memory_keyring.store[(SERVICE, "c1")] == "token-a"



@pytest.mark.asyncio
async def test_save_says_it_waits_for_the_keyring_and_goes_on_once_it_answers(console_factory):
    with keyring_in_use(PromptUnanswered()) as backend:
        backend.store[(SERVICE, "c1")] = "token-a"
        try:
            console = await console_factory(two_shops(), wait_loaded=False)
            session = console.session
            session.sleep = sleep = ManualSleep()   # the dialog's patience on the test's time
            dialog = open_connections(console)
            dialog.name.setText("主直播间")
            dialog.name.textEdited.emit("主直播间")
            saving = dialog.save()
            await sleep.advance(KEYRING_PATIENCE_S)
            assert dialog.result.text() == "Waiting for the system keyring to be unlocked…"
            assert dialog.isVisible() and not saving.done()
            await sleep.advance(600)
            assert not saving.done() and session.settings.connections[0].name == "Shop A"
        finally:
            backend.answered.set()
        await saving
        assert not dialog.isVisible() and session.settings.connections[0].name == "主直播间"
        assert dialog.result.text() == ""
