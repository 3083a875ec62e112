"""The keyring as the console meets it when it connects: locked (say so, and offer Reconnect, rather
than "no token, enter one"), waiting on an unlock prompt nobody answered yet (say what it waits
for, keep waiting), gone away (secrets for this session only, said once); and the secrets the
Connections dialog no longer needs, forgotten only once the settings are saved."""

from __future__ import annotations

import asyncio
import dataclasses

import pytest

from anchor_console.session.platform_kinds import WECHAT_CHANNELS, credential_key
from anchor_console.session.settings import ConnectionSettings, Settings
from anchor_console.session.tokens import KEYRING_PATIENCE_S, SERVICE
from support.blocked_files import block
from support.manual_sleep import ManualSleep
from support.memory_keyring import GoneAway, LockedKeyring, PromptUnanswered, keyring_in_use
from support.studio import studio_settings
from support.waiting import until

NOWHERE = "http://127.0.0.1:9"   # nothing listens: what is said about the secrets comes before any answer


def two_shops() -> Settings:
    return Settings(connections=[ConnectionSettings(id="c1", name="Shop A", url=NOWHERE, room_id="r1"),
                                 ConnectionSettings(id="c2", name="Shop B", url=NOWHERE, room_id="r2")])





def heard(session) -> list:
    said = []
    session.notices.connect(said.append)
    return said


@pytest.mark.asyncio
async def test_a_locked_keyring_is_said_as_locked_with_reconnect_not_as_a_missing_token(session_factory,
                                                                                          studio_factory):
    studio = studio_factory("--demo", "--audience", "0")
    with keyring_in_use(LockedKeyring()) as backend:
        backend.store[(SERVICE, "test-studio")] = studio.tokens["assistant"]
        session = await session_factory(studio_settings(studio, connection_name="Shop A"), wait_loaded=False)
        said = heard(session)
        notice = await until(lambda: next((n for n in said if n.key == "connect:token:test-studio"), None), 20,
                             message="nothing was said about the locked keyring")
        text = notice.text.english()
        assert "could not be read" in text and "keyring may be locked" in text and "Shop A" in text, text
        assert "Open Connections" not in text
        [(label, reconnect)] = notice.buttons
        assert label.english() == "Reconnect"
        backend.locked = False   # the user unlocked it
        reconnect()
        await until(lambda: session.room is not None and session.room.state.loaded, 40,
                    message="the room did not load after Reconnect")
        assert session.tokens.known("test-studio") == studio.tokens["assistant"]


@pytest.mark.asyncio
async def test_an_unanswered_unlock_prompt_is_said_and_the_console_keeps_waiting(session_factory):
    sleep = ManualSleep()
    with keyring_in_use(PromptUnanswered()) as backend:
        backend.store[(SERVICE, "c1")] = "token-a"
        backend.store[(SERVICE, "c2")] = "token-b"
        session = await session_factory(two_shops(), wait_loaded=False, sleep=sleep)
        said, cleared = heard(session), []
        session.resolved.connect(cleared.append)
        try:
            await sleep.advance(KEYRING_PATIENCE_S - 1)
            assert not any(n.key == "keyring-wait" for n in said)
            await sleep.advance(1)
            [waiting] = [n for n in said if n.key == "keyring-wait"]
            assert waiting.text.english() == "Waiting for the system keyring to be unlocked…"
            await sleep.advance(600)   # no limit: the prompt may be answered much later
            assert session.room is None and "keyring-wait" not in cleared
        finally:
            backend.answered.set()
        await until(lambda: session.room is not None, 10, message="no room once the keyring answered")
        assert "keyring-wait" in cleared and session.tokens.known("c2") == "token-b"
        assert not any(n.key and n.key.startswith("connect:token:") for n in said)


@pytest.mark.asyncio
async def test_a_keyring_gone_away_means_session_only_secrets_and_the_console_still_connects(session_factory):
    with keyring_in_use(GoneAway()):
        session = await session_factory(two_shops(), wait_loaded=False, sleep=ManualSleep())
        said = heard(session)
        await until(lambda: session.room is not None, 10, message="nothing connected")
        keys = [n.key for n in said]
        assert keys.count("keyring") == 1 and "tokens will not be remembered" in said[keys.index("keyring")].text.english()
        for shop in ("c1", "c2"):
            [gone] = [n for n in said if n.key == f"connect:token:{shop}"]
            assert "keyring is not answering" in gone.text.english()
        assert not any("Something went wrong" in n.text.english() for n in said)
        assert await session.tokens.save("c1", "typed") is False and session.tokens.known("c1") == "typed"


@pytest.mark.asyncio
async def test_secrets_no_longer_used_are_forgotten_only_once_the_settings_are_saved(session_factory,
                                                                                     memory_keyring):
    memory_keyring.store[(SERVICE, "c1")] = "token-a"
    memory_keyring.store[(SERVICE, "c2")] = "token-b"
    session = await session_factory(two_shops(), wait_loaded=False, sleep=ManualSleep())
    shop_a = dataclasses.replace(session.settings.connections[0], kind=WECHAT_CHANNELS)   # another platform now
    memory_keyring.store[(SERVICE, credential_key(shop_a))] = "its-appsecret"
    kept = Settings(connections=[shop_a])
    block(session.paths.settings_file)   # a full disk, say
    with pytest.raises(OSError):
        session.apply_connections(kept, {"c2"})
    await asyncio.sleep(0)
    assert memory_keyring.store[(SERVICE, "c2")] == "token-b"   # the settings still have c2: so has the keyring
    assert memory_keyring.store[(SERVICE, "c1")] == "token-a"   # and c1 on its old platform
    assert [c.id for c in session.settings.connections] == ["c1", "c2"]
    session.paths.settings_file.rmdir()
    forgetting = session.apply_connections(kept, {"c2"})
    await forgetting
    assert set(memory_keyring.store) == {(SERVICE, credential_key(shop_a))}


@pytest.mark.asyncio
async def test_start_does_not_wait_for_the_control_apis_token_in_an_unanswered_keyring(session_factory):
    """The control API's token is read at start too: the window (which opens once start returns) must
    not wait for the keyring's unlock prompt either."""
    settings = two_shops()
    settings.control_api_enabled, settings.control_api_port = True, 0
    with keyring_in_use(PromptUnanswered()) as backend:
        try:
            session = await asyncio.wait_for(session_factory(settings, wait_loaded=False, sleep=ManualSleep()), 10)
            assert not session.control_api.running
        finally:
            backend.answered.set()
        await until(lambda: session.control_api.running, 10, message="the control API did not start")
