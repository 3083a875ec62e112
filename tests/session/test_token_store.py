"""Secrets in the keyring, reached from the console's loop without ever blocking it: a keyring
that waits (Secret Service's unlock prompt) holds up only the keyring's own thread."""

from __future__ import annotations

import asyncio
import threading

import keyring
import keyring.backend
import pytest
from support.memory_keyring import InMemoryKeyring, keyring_in_use

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
