"""Access tokens live only in the OS keyring — never in settings, show files, logs or exceptions.

On a machine without a usable keyring backend (a headless box picks keyring's `fail` backend,
which raises NoKeyringError) tokens are kept in memory for this session only and the console
tells the user they will not be remembered. We never fall back to a plaintext file."""

from __future__ import annotations

import logging

import keyring
import keyring.errors

log = logging.getLogger("anchor_console.tokens")
SERVICE = "anchor-console"


def keyring_usable() -> bool:
    backend = keyring.get_keyring()
    module = type(backend).__module__
    # fail.Keyring raises on every call; null.Keyring silently drops everything.
    if module.startswith(("keyring.backends.fail", "keyring.backends.null")):
        return False
    chainer = getattr(backend, "backends", None)
    if chainer is not None and not chainer:
        return False
    return True


class TokenStore:
    def __init__(self) -> None:
        self._session: dict[str, str] = {}
        self.persistent = keyring_usable()

    @property
    def backend_name(self) -> str:
        backend = keyring.get_keyring()
        return getattr(backend, "name", type(backend).__name__)

    def get(self, connection_id: str) -> str | None:
        if connection_id in self._session:
            return self._session[connection_id]
        if not self.persistent:
            return None
        try:
            return keyring.get_password(SERVICE, connection_id)
        except keyring.errors.KeyringError as exc:
            log.warning("keyring read failed for a connection: %s", type(exc).__name__)
            return None

    def set(self, connection_id: str, token: str) -> bool:
        """Store a token; True if it will be remembered after the console closes."""
        self._session[connection_id] = token
        if not self.persistent:
            return False
        try:
            keyring.set_password(SERVICE, connection_id, token)
            return True
        except keyring.errors.KeyringError as exc:
            log.warning("keyring write failed: %s", type(exc).__name__)
            return False

    def set_session_only(self, connection_id: str, token: str) -> None:
        """A token that must not outlive the session (the bundled Studio's fresh tokens)."""
        self._session[connection_id] = token

    def delete(self, connection_id: str) -> None:
        self._session.pop(connection_id, None)
        if not self.persistent:
            return
        try:
            keyring.delete_password(SERVICE, connection_id)
        except keyring.errors.PasswordDeleteError:
            pass
        except keyring.errors.KeyringError as exc:
            log.warning("keyring delete failed: %s", type(exc).__name__)
