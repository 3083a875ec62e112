"""A keyring that refused secrets mid-session (locked, gone away) and works again: the secrets held
for this session only are written into it from "Try the keyring again" — nobody types them again —
the notice clears on success and says so again on a refusal; a secret never shows in a notice, a
log line or the settings file."""

from __future__ import annotations

import logging

import keyring.backends.fail
import pytest
from support.manual_sleep import ManualSleep
from support.memory_keyring import GoneThenBack, LockedKeyring, keyring_in_use
from support.waiting import until

from anchor_console.domain.notice import Level
from anchor_console.session.settings import ConnectionSettings, Settings
from anchor_console.session.tokens import SERVICE, TokenStore

NOWHERE = "http://127.0.0.1:9"   # nothing listens: the secrets are the subject
SECRET = "s3cret-typed-once"


@pytest.mark.asyncio
async def test_secrets_a_locked_keyring_refused_are_saved_once_it_is_unlocked():
    with keyring_in_use(LockedKeyring()) as backend:
        tokens = TokenStore()
        changed = []
        tokens.unsaved_changed.connect(lambda: changed.append(True))
        assert await tokens.save("shop", SECRET) is False and tokens.known("shop") == SECRET
        tokens.set_session_only("bundled", "fresh")   # the bundled Studio's: never offered to the keyring
        tokens.remember("tw", "renewed")
        await until_unsaved(tokens, ["shop", "tw"])
        assert changed == [True, True] and tokens.persistent and tokens.may_save_again
        assert await tokens.save_again() is False and tokens.unsaved == ["shop", "tw"]   # still locked
        backend.locked = False   # the user unlocked it
        assert await tokens.save_again() is True and tokens.unsaved == []
        assert backend.store == {(SERVICE, "shop"): SECRET, (SERVICE, "tw"): "renewed"}
        assert await tokens.save_again() is True   # nothing left: nothing asked


async def until_unsaved(tokens: TokenStore, ids: list[str]) -> None:
    # remember's write answers from the keyring's thread
    await until(lambda: tokens.unsaved == ids, 5, message=f"unsaved: {tokens.unsaved}, expected {ids}")


@pytest.mark.asyncio
async def test_a_secret_forgotten_or_saved_later_is_no_longer_unsaved():
    with keyring_in_use(LockedKeyring()) as backend:
        tokens = TokenStore()
        await tokens.save("a", "1")
        await tokens.save("b", "2")
        await tokens.forget("b")
        assert tokens.unsaved == ["a"]
        backend.locked = False
        assert await tokens.save("a", "1-new") is True and tokens.unsaved == []


@pytest.mark.asyncio
async def test_a_keyring_that_came_back_is_used_again_from_the_retry_on():
    with keyring_in_use(GoneThenBack()) as backend:
        tokens = TokenStore()
        assert await tokens.read("shop") is None and not tokens.persistent   # gone: this session's memory only
        assert await tokens.save("shop", SECRET) is False and tokens.unsaved == ["shop"]
        assert await tokens.save_again() is False and not tokens.persistent
        backend.gone = False
        assert await tokens.save_again() is True and tokens.persistent
        assert backend.store[(SERVICE, "shop")] == SECRET
        assert await tokens.save("other", "x") is True   # written, not held back as without a keyring


@pytest.mark.asyncio
async def test_without_any_keyring_there_is_nothing_to_try_again():
    with keyring_in_use(keyring.backends.fail.Keyring()):
        tokens = TokenStore()
        assert await tokens.save("shop", SECRET) is False and tokens.unsaved == ["shop"]
        assert not tokens.may_save_again and await tokens.save_again() is False


def last_about_the_keyring(said: list):
    return [n for n in said if n.key == "keyring"][-1]


def two_shops() -> Settings:
    return Settings(connections=[ConnectionSettings(id="c1", name="Shop A", url=NOWHERE, room_id="r1"),
                                 ConnectionSettings(id="c2", name="Shop B", url=NOWHERE, room_id="r2")])


@pytest.mark.asyncio
async def test_the_notice_offers_to_try_the_keyring_again_and_clears_once_it_takes_them(session_factory, caplog):
    caplog.set_level(logging.DEBUG)
    with keyring_in_use(LockedKeyring()) as backend:
        backend.locked = False
        backend.store[(SERVICE, "c1")] = "token-a"
        session = await session_factory(two_shops(), wait_loaded=False, sleep=ManualSleep())
        said = []
        session.notices.connect(said.append)
        await until(lambda: session.tokens.known("c1") and session.tokens.absent("c2"), 10,
                    message="the start did not read the keyring")
        backend.locked = True   # locked again mid-session (the screen locked, say)
        assert await session.tokens.save("c2", SECRET) is False   # as the Connections dialog's Save does
        session.apply_connections(session.settings, set())
        notice = last_about_the_keyring(said)
        assert notice.key == "keyring" and notice.level is Level.WARNING
        text = notice.text.english()
        assert "did not keep the secrets of “Shop B”" in text and "Shop A" not in text, text
        [(label, try_again)] = notice.buttons
        assert label.english() == "Try the keyring again"
        try_again()
        assert session.unsaved_secrets.save_again() is session.unsaved_secrets.task   # a second press: the same wait
        await session.unsaved_secrets.task
        still = last_about_the_keyring(said)
        assert still.key == "keyring" and "still did not keep the secrets of “Shop B”" in still.text.english()
        assert [b[0].english() for b in still.buttons] == ["Try the keyring again"]
        backend.locked = False   # unlocked
        await still.buttons[0][1]()
        saved = last_about_the_keyring(said)
        assert saved.key == "keyring" and saved.level is Level.INFO and not saved.buttons
        assert "saved in the system keyring" in saved.text.english()
        assert backend.store[(SERVICE, "c2")] == SECRET and session.tokens.unsaved == []
        session.apply_connections(session.settings, set())
        assert last_about_the_keyring(said) is saved   # nothing unsaved: nothing said again
    assert not any(SECRET in n.text.english() for n in said)
    assert SECRET not in caplog.text and SECRET not in session.paths.settings_file.read_text(encoding="utf-8")


@pytest.mark.asyncio
async def test_a_keyring_gone_mid_session_is_offered_again_once_it_refused_a_secret(session_factory):
    with keyring_in_use(GoneThenBack()) as backend:
        backend.gone = False
        session = await session_factory(two_shops(), wait_loaded=False, sleep=ManualSleep())
        said = []
        session.notices.connect(said.append)
        await until(lambda: session.tokens.absent("c1") and session.tokens.absent("c2"), 10,
                    message="the start did not read the keyring")
        backend.gone = True
        assert await session.tokens.save("c1", SECRET) is False
        [lost, unsaved] = [n for n in said if n.key == "keyring"]   # gone, then what it did not keep
        assert "will not be remembered" in lost.text.english() and not lost.buttons
        assert "“Shop A”" in unsaved.text.english() and unsaved.buttons
        backend.gone = False
        await unsaved.buttons[0][1]()
        assert last_about_the_keyring(said).level is Level.INFO and backend.store[(SERVICE, "c1")] == SECRET
        assert session.tokens.persistent


@pytest.mark.asyncio
async def test_a_keyring_back_after_a_connect_it_failed_offers_reconnect_with_the_saved_secrets(session_factory):
    with keyring_in_use(GoneThenBack()) as backend:
        backend.store[(SERVICE, "c2")] = "token-b"   # kept from before; the keyring is gone at start
        session = await session_factory(two_shops(), wait_loaded=False, sleep=ManualSleep())
        said = []
        session.notices.connect(said.append)
        await until(lambda: session.tokens.unreadable("c2"), 10, message="the connect did not try the keyring")
        assert await session.tokens.save("c1", SECRET) is False   # typed again in Connections
        session.apply_connections(session.settings, set())
        backend.gone = False
        await last_about_the_keyring(said).buttons[0][1]()
        saved = last_about_the_keyring(said)
        assert "saved in the system keyring" in saved.text.english() and saved.timeout_ms == 0
        [(label, reconnect)] = saved.buttons
        assert label.english() == "Reconnect"
        reconnect()
        await until(lambda: session.tokens.known("c2") == "token-b", 10, message="Reconnect did not read it")
