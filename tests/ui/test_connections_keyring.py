"""The Connections dialog and the keyring: a removal that could not be saved keeps the removed
connection's secret (it used to be deleted before the save failed: a WeChat AppSecret cannot be
read back, only reset), and Save with a keyring waiting for its unlock prompt says what it waits
for instead of doing nothing, then goes on once the keyring answers."""

from __future__ import annotations


import pytest

from anchor_console.session.tokens import KEYRING_PATIENCE_S, SERVICE
from support.blocked_files import block
from support.memory_keyring import PromptUnanswered, keyring_in_use
from support.waiting import until
from support.connections import dialog_over_an_unanswered_keyring, two_shops
from support.window import open_connections




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
        try:
            console, session, sleep, dialog = await dialog_over_an_unanswered_keyring(console_factory, backend)
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
