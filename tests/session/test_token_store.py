"""Secrets in the keyring, reached from the console's loop without ever blocking it: a keyring
that waits (Secret Service's unlock prompt) holds up only the keyring's own thread."""

from __future__ import annotations

import asyncio
import threading

import keyring
import keyring.backend
import keyring.core
import pytest
from support.memory_keyring import GoneAway, InMemoryKeyring, LockedKeyring, keyring_in_use

from anchor_console.session.tokens import SERVICE, TokenStore


class WaitingKeyring(InMemoryKeyring):
    """Every call waits until the test opens the gate, like an unlock prompt nobody answered yet."""

    def __init__(self) -> None:
        super().__init__()
        self.gate = threading.Event()
        self.calls: list[str] = []

    def get_password(self, service, username):
        self.calls.append(f"get {username}")
        self.gate.wait(30)
        return super().get_password(service, username)

    def set_password(self, service, username, password):
        self.calls.append(f"set {username}")
        self.gate.wait(30)
        super().set_password(service, username, password)


@pytest.fixture
def waiting_keyring():
    with keyring_in_use(WaitingKeyring()) as backend:
        yield backend
        backend.gate.set()


@pytest.mark.asyncio
async def test_a_waiting_keyring_never_stops_the_loop(waiting_keyring):
    waiting_keyring.store[(SERVICE, "shop")] = "s3cret"
    tokens = TokenStore()
    read = asyncio.ensure_future(tokens.read("shop"))
    ticks = 0
    while not waiting_keyring.calls or ticks < 50:   # the loop keeps turning while the keyring waits
        await asyncio.sleep(0)
        ticks += 1
    assert not read.done() and waiting_keyring.calls == ["get shop"]
    waiting_keyring.gate.set()
    assert await read == "s3cret"
    assert tokens.known("shop") == "s3cret"
    assert await tokens.read("shop") == "s3cret" and waiting_keyring.calls == ["get shop"]   # read once


@pytest.mark.asyncio
async def test_saves_are_held_at_once_and_written_in_the_order_asked(waiting_keyring):
    tokens = TokenStore()
    tokens.remember("tw", "refresh-1")
    tokens.remember("tw", "refresh-2")   # a second renewal before the keyring answered the first
    assert await tokens.read("tw") == "refresh-2"
    waiting_keyring.gate.set()
    assert await tokens.save("other", "x") is True   # queued behind both writes: they are done
    assert waiting_keyring.store[(SERVICE, "tw")] == "refresh-2"
    await tokens.forget("tw")
    assert await tokens.read("tw") is None and (SERVICE, "tw") not in waiting_keyring.store


@pytest.mark.asyncio
async def test_a_missing_secret_is_asked_for_once_and_a_failing_keyring_reads_as_none():
    class Broken(keyring.backend.KeyringBackend):
        priority = 1

        def get_password(self, service, username):
            raise keyring.errors.KeyringLocked("locked")

        def set_password(self, service, username, password):
            raise keyring.errors.PasswordSetError("no")

        def delete_password(self, service, username):
            raise keyring.errors.PasswordDeleteError(username)

    with keyring_in_use(Broken()):
        tokens = TokenStore()
        assert await tokens.read("x") is None
        assert await tokens.save("x", "y") is False and tokens.known("x") == "y"   # held for this session
        assert await tokens.keep("k", "v") is False and tokens.known("k") is None   # kept in the keyring or nowhere
    with keyring_in_use(InMemoryKeyring()) as memory:
        tokens = TokenStore()
        assert await tokens.read("none") is None
        memory.store[(SERVICE, "none")] = "late"
        assert await tokens.read("none") is None   # not asked again this session



@pytest.mark.asyncio
async def test_a_keyring_that_fails_otherwise_means_session_only_secrets_said_once():
    with keyring_in_use(GoneAway()) as gone:
        tokens = TokenStore()
        lost = []
        tokens.unavailable.connect(lambda: lost.append(True))
        assert tokens.persistent
        assert await tokens.read("shop") is None
        assert tokens.unreadable("shop") and not tokens.absent("shop")   # it may hold one: not "enter one"
        assert not tokens.persistent and lost == [True]
        assert await tokens.read("other") is None and tokens.unreadable("other")   # not asked: it is gone
        assert await tokens.save("shop", "typed") is False and tokens.known("shop") == "typed"
        assert not tokens.unreadable("shop")
        await tokens.forget("shop")
        tokens.remember("tw", "renewed")
        assert tokens.set("x", "y") is False and tokens.get("x") == "y"
        tokens.delete("x")
        assert gone.calls == 1 and lost == [True]   # from the first failure on, only this session's memory


@pytest.mark.asyncio
async def test_a_keyring_that_does_not_load_is_no_keyring_not_a_crash(monkeypatch):
    # A keyringrc.cfg (or this variable) naming keyrings.alt, set up for other Python tools: it is not
    # installed here, and must never be: no plaintext file holds a secret.
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyrings.alt.file.PlaintextKeyring")
    monkeypatch.setattr(keyring.core, "_keyring_backend", None)
    with pytest.raises(ModuleNotFoundError):
        keyring.get_keyring()
    tokens = TokenStore()
    assert not tokens.persistent and tokens.backend_name == "?"
    assert await tokens.read("shop") is None and tokens.unreadable("shop")
    assert await tokens.save("shop", "typed") is False and await tokens.read("shop") == "typed"
    assert tokens.get("other") is None


@pytest.mark.asyncio
async def test_a_locked_keyring_is_unreadable_not_absent_and_asked_again():
    with keyring_in_use(LockedKeyring()) as backend:
        backend.store[(SERVICE, "shop")] = "s3cret"
        tokens = TokenStore()
        assert await tokens.read("shop") is None
        assert tokens.unreadable("shop") and not tokens.absent("shop") and tokens.persistent   # unlock, then again
        backend.locked = False
        assert await tokens.read("shop") == "s3cret" and not tokens.unreadable("shop")


@pytest.mark.asyncio
async def test_a_keyring_call_that_takes_a_while_is_said_and_unsaid_once_it_answers():
    from support.manual_sleep import ManualSleep

    from anchor_console.session.tokens import KEYRING_PATIENCE_S, said_if_slow

    sleep, said = ManualSleep(), []
    prompt = asyncio.get_running_loop().create_future()
    answer = asyncio.ensure_future(said_if_slow(prompt, sleep, lambda: said.append("say"), lambda: said.append("unsay")))
    await sleep.advance(KEYRING_PATIENCE_S - 0.5)
    assert said == []
    await sleep.advance(0.5)
    assert said == ["say"] and not answer.done()   # it keeps waiting: a prompt answered late still counts
    await sleep.advance(600)
    prompt.set_result("s3cret")
    assert await answer == "s3cret" and said == ["say", "unsay"]
    quick = asyncio.get_running_loop().create_future()
    quick.set_result("fast")
    assert await said_if_slow(quick, sleep, lambda: said.append("say"), lambda: said.append("unsay")) == "fast"
    await sleep.advance(KEYRING_PATIENCE_S)
    assert said == ["say", "unsay"]
