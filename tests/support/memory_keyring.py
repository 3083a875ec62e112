"""A keyring backend that keeps passwords in a dict: what tests and benchmarks install so that
nothing they do ever reaches a real keychain; `keyring_in_use`, which installs one for a while; and
the keyrings users meet on bad days (locked, an unlock prompt nobody answers, gone away)."""

from __future__ import annotations

from collections.abc import Iterator
import threading
from contextlib import contextmanager

import keyring
import keyring.backend
import keyring.errors


class InMemoryKeyring(keyring.backend.KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.store.get((service, username))

    def set_password(self, service, username, password):
        self.store[(service, username)] = password

    def delete_password(self, service, username):
        if (service, username) not in self.store:
            raise keyring.errors.PasswordDeleteError(username)
        del self.store[(service, username)]


@contextmanager
def keyring_in_use(backend: keyring.backend.KeyringBackend) -> Iterator[keyring.backend.KeyringBackend]:
    """`backend` is the keyring while the block runs; the one before it is again after."""
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


class LockedKeyring(InMemoryKeyring):
    """Secret Service with its unlock prompt dismissed: KeyringLocked on reads and writes, until the
    test unlocks it."""
    locked = True

    def get_password(self, service, username):
        if self.locked:
            raise keyring.errors.KeyringLocked("Failed to unlock the collection!")
        return super().get_password(service, username)

    def set_password(self, service, username, password):
        if self.locked:
            raise keyring.errors.KeyringLocked("Failed to unlock the collection!")
        super().set_password(service, username, password)


class PromptUnanswered(InMemoryKeyring):
    """An unlock prompt nobody answers: reads wait until the test sets `answered` (30 s at most)."""

    def __init__(self) -> None:
        super().__init__()
        self.answered = threading.Event()

    def get_password(self, service, username):
        self.answered.wait(30)
        return super().get_password(service, username)


class GoneAway(keyring.backend.KeyringBackend):
    """Secret Service once its D-Bus is gone (jeepney's connect): every call fails with an OSError,
    not a KeyringError; `calls` counts them."""
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.calls = 0

    def get_password(self, service, username):
        self.calls += 1
        raise FileNotFoundError(2, "No such file or directory")

    set_password = delete_password = get_password


class GoneThenBack(InMemoryKeyring):
    """Secret Service whose D-Bus went away and came back: every call fails with an OSError while
    `gone`, then the keyring works again."""
    gone = True

    def get_password(self, service, username):
        if self.gone:
            raise FileNotFoundError(2, "No such file or directory")
        return super().get_password(service, username)

    def set_password(self, service, username, password):
        if self.gone:
            raise FileNotFoundError(2, "No such file or directory")
        super().set_password(service, username, password)
