"""Access tokens live only in the OS keyring — never in settings, show files, logs or exceptions.

On a machine without a usable keyring backend (a headless box picks keyring's `fail` backend,
which raises NoKeyringError) tokens are kept in memory for this session only and the console
tells the user they will not be remembered. We never fall back to a plaintext file. A backend
that fails with something else than a KeyringError (a keyring configuration naming a module
that is not installed; Secret Service once its D-Bus is gone, an OSError) is no keyring either:
at start, or from the call that failed on (`unavailable` says so once).

A secret the keyring refused (locked, gone, none at all) is held for this session only and listed
in `unsaved` (its key, never its value); `save_again` writes those into the keyring once it works
again (the user unlocked it), without anyone typing them again.

A read that fails is not an absent secret: `unreadable` tells "the keyring would not say" (a
locked keyring, one that went away) from `absent`, "the keyring has none".

On the console's loop the keyring is reached only through the async calls (`read`, `save`,
`forget`, `remember`): a keyring backend may block — Secret Service waits, with no time limit,
for the user to answer its unlock prompt — so every call is made in turn on one daemon thread of
its own, and what was read is remembered for the session. The plain calls (`get`, `set`,
`delete`) block; they are for code off the loop (tests, command-line tools)."""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
import unicodedata
from typing import Any, Awaitable, Callable, TypeVar

import keyring
import keyring.errors

from anchor_console.domain.events import Event
from anchor_console.domain.text import QT_TRANSLATE_NOOP

log = logging.getLogger("anchor_console.tokens")
SERVICE = "anchor-console"
KEYRING_PATIENCE_S = 3.0   # a keyring answers in milliseconds; longer, it waits for its unlock prompt
KEYRING_WAIT = QT_TRANSLATE_NOOP("Console", "Waiting for the system keyring to be unlocked…")
T = TypeVar("T")


def pasted_secret(text: str) -> str:
    """A secret as typed or pasted, without what copying from a chat app brings along: spaces at
    its ends and invisible characters anywhere (a zero-width space, a byte-order mark)."""
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf").strip()


def keyring_usable() -> bool | None:
    """True if the keyring can keep secrets; False if there is none (keyring's `fail` or `null`
    backend); None if its backend failed to load (a configuration naming a module that is not
    installed, Secret Service without its D-Bus): it may hold secrets this session cannot read."""
    try:
        backend = keyring.get_keyring()
    except Exception as exc:  # noqa: BLE001 (a broken keyring is no keyring, not a crash)
        log.warning("no usable keyring: %s", type(exc).__name__)
        return None
    module = type(backend).__module__
    # fail.Keyring raises on every call; null.Keyring silently drops everything.
    if module.startswith(("keyring.backends.fail", "keyring.backends.null")):
        return False
    chainer = getattr(backend, "backends", None)
    if chainer is not None and not chainer:
        return False
    return True


class KeyringThread:
    """One daemon thread that makes the keyring calls in the order they were asked for. A call
    that never returns (an unanswered unlock prompt) holds up later calls, never the window, and
    does not stop the console from exiting (the thread is a daemon)."""

    def __init__(self) -> None:
        self._calls: queue.SimpleQueue = queue.SimpleQueue()
        self._thread: threading.Thread | None = None

    def call(self, fn: Callable[..., Any], *args: Any) -> asyncio.Future:
        """`fn(*args)` on the keyring thread; its result (or exception) as a future of this loop."""
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="keyring", daemon=True)
            self._thread.start()
        self._calls.put((loop, future, fn, args))
        return future

    def _run(self) -> None:
        while True:
            loop, future, fn, args = self._calls.get()
            try:
                outcome: tuple[bool, Any] = (True, fn(*args))
            except Exception as exc:  # noqa: BLE001 (handed to the awaiting coroutine)
                outcome = (False, exc)
            try:
                loop.call_soon_threadsafe(_settle, future, outcome)
            except RuntimeError:   # that loop has closed: nobody is waiting any more
                pass


def _settle(future: asyncio.Future, outcome: tuple[bool, Any]) -> None:
    if future.done():   # the caller stopped waiting (cancelled)
        return
    ok, value = outcome
    if ok:
        future.set_result(value)
    else:
        future.set_exception(value)


class TokenStore:
    def __init__(self) -> None:
        self._session: dict[str, str] = {}
        self._unset: set[str] = set()   # read from the keyring and not there: not asked again
        self._unreadable: set[str] = set()   # the keyring's last read failed (locked, gone)
        self._unsaved: set[str] = set()   # held for this session only: the keyring refused them
        self._keyring = KeyringThread()
        usable = keyring_usable()
        self.persistent = bool(usable)
        self._lost = usable is None   # reads fail as unreadable, not absent
        self._no_backend = usable is False   # keyring's fail or null backend: nothing to try again
        self.unavailable = Event("tokens.unavailable")   # () once, when a working keyring stops working
        self.unsaved_changed = Event("tokens.unsaved_changed")   # () a secret became session-only

    @property
    def backend_name(self) -> str:
        try:
            backend = keyring.get_keyring()
        except Exception:  # noqa: BLE001 (said as no keyring: `persistent` is False then)
            return "?"
        return getattr(backend, "name", type(backend).__name__)

    def _failed(self, what: str, exc: BaseException) -> None:
        """A keyring call failed: logged by kind, never with the exception's text (a backend may put
        the secret in it). Anything but a KeyringError means the backend itself is broken: from now on
        tokens are kept for the session only, as without a keyring."""
        log.warning("keyring %s failed: %s", what, type(exc).__name__)
        broken = not isinstance(exc, keyring.errors.KeyringError) or isinstance(exc, keyring.errors.NoKeyringError)
        if broken and self.persistent:
            self.persistent, self._lost = False, True
            self.unavailable.emit()

    def get(self, connection_id: str) -> str | None:
        if connection_id in self._session:
            return self._session[connection_id]
        if not self.persistent:
            return None
        try:
            return keyring.get_password(SERVICE, connection_id)
        except Exception as exc:  # noqa: BLE001 (see _failed)
            self._failed("read", exc)
            return None

    def set(self, connection_id: str, token: str) -> bool:
        """Store a token; True if it will be remembered after the console closes."""
        self._session[connection_id] = token
        saved = False
        if self.persistent:
            try:
                keyring.set_password(SERVICE, connection_id, token)
                saved = True
            except Exception as exc:  # noqa: BLE001 (see _failed)
                self._failed("write", exc)
        self._mark(connection_id, saved)
        return saved

    def _mark(self, connection_id: str, saved: bool) -> None:
        """Whether the keyring has the secret held for `connection_id`, or this session only."""
        if saved:
            self._unsaved.discard(connection_id)
        elif connection_id not in self._unsaved:
            self._unsaved.add(connection_id)
            self.unsaved_changed.emit()

    def set_session_only(self, connection_id: str, token: str) -> None:
        """A token that must not outlive the session (the bundled Studio's fresh tokens)."""
        self._session[connection_id] = token
        self._unsaved.discard(connection_id)   # never offered to the keyring

    def delete(self, connection_id: str) -> None:
        self._session.pop(connection_id, None)
        self._unsaved.discard(connection_id)
        if not self.persistent:
            return
        try:
            keyring.delete_password(SERVICE, connection_id)
        except keyring.errors.PasswordDeleteError:
            pass
        except Exception as exc:  # noqa: BLE001 (see _failed)
            self._failed("delete", exc)

    # ------------------------------------------------------------------ on the loop

    def known(self, connection_id: str) -> str | None:
        """What this session already holds for the id (read or saved), without asking the keyring."""
        return self._session.get(connection_id)

    def absent(self, connection_id: str) -> bool:
        """The keyring was read and has nothing for the id (not: it could not be read)."""
        return connection_id in self._unset and connection_id not in self._session

    def unreadable(self, connection_id: str) -> bool:
        """The keyring's last read for the id failed (locked, or gone): it may well hold one."""
        return connection_id in self._unreadable and connection_id not in self._session

    async def read(self, connection_id: str) -> str | None:
        if connection_id in self._session:
            return self._session[connection_id]
        if connection_id in self._unset:
            return None
        if not self.persistent:
            if self._lost:   # the keyring that went away may well hold it
                self._unreadable.add(connection_id)
            return None
        try:
            value = await self._keyring.call(keyring.get_password, SERVICE, connection_id)
        except Exception as exc:  # noqa: BLE001 (see _failed; a locked keyring is asked again next time)
            self._unreadable.add(connection_id)
            self._failed("read", exc)
            return None
        self._unreadable.discard(connection_id)
        if value is None:
            self._unset.add(connection_id)
        else:
            self._session.setdefault(connection_id, value)   # a save made meanwhile is newer
        return self._session.get(connection_id)

    async def save(self, connection_id: str, token: str) -> bool:
        """Store a token; True if it will be remembered after the console closes."""
        self._session[connection_id] = token
        self._unset.discard(connection_id)
        saved = await self._write(connection_id, token)
        if self._session.get(connection_id) == token:   # not replaced or forgotten meanwhile
            self._mark(connection_id, saved)
        return saved

    async def keep(self, connection_id: str, token: str) -> bool:
        """Store a token in the keyring or nowhere (unlike `save`, nothing is held for the session
        when the keyring refuses): for a token handed to other programs, which must still work
        after the console restarts (the control API's). True if the keyring has it."""
        if not await self._write(connection_id, token):
            return False
        self._session[connection_id] = token
        self._unset.discard(connection_id)
        self._unsaved.discard(connection_id)
        return True

    async def _write(self, connection_id: str, token: str) -> bool:
        """True if the keyring took the token (a refusal is logged, without the token)."""
        if not self.persistent:
            return False
        try:
            await self._keyring.call(keyring.set_password, SERVICE, connection_id, token)
            return True
        except Exception as exc:  # noqa: BLE001 (see _failed)
            self._failed("write", exc)
            return False

    def remember(self, connection_id: str, token: str) -> None:
        """Save without waiting for the keyring (a renewed sign-in, from an adapter's callback):
        held at once for this session, written to the keyring after any call before it."""
        self._session[connection_id] = token
        self._unset.discard(connection_id)
        if not self.persistent:
            self._mark(connection_id, False)
            return
        written = self._keyring.call(keyring.set_password, SERVICE, connection_id, token)
        written.add_done_callback(lambda future: self._written(future, connection_id, token))

    def _written(self, future: asyncio.Future, connection_id: str, token: str) -> None:
        if future.cancelled():
            return
        if future.exception() is not None:
            self._failed("write", future.exception())
        if self._session.get(connection_id) == token:   # not replaced or forgotten meanwhile
            self._mark(connection_id, future.exception() is None)

    async def forget(self, connection_id: str) -> None:
        self._session.pop(connection_id, None)
        self._unsaved.discard(connection_id)
        self._unset.add(connection_id)
        if not self.persistent:
            return
        try:
            await self._keyring.call(keyring.delete_password, SERVICE, connection_id)
        except keyring.errors.PasswordDeleteError:
            pass
        except Exception as exc:  # noqa: BLE001 (see _failed)
            self._failed("delete", exc)

    # ------------------------------------------------------------------ session-only secrets

    @property
    def unsaved(self) -> list[str]:
        """The ids whose secret this session holds but the keyring refused (locked, gone, none)."""
        return sorted(k for k in self._unsaved if k in self._session)

    @property
    def may_save_again(self) -> bool:
        """A keyring is set up (locked or gone away, perhaps): trying it again may work. Not so with
        keyring's fail or null backend (nothing installed, or keyring turned off)."""
        return not self._no_backend

    async def save_again(self) -> bool:
        """Write the secrets held for this session only into the keyring (unlocked since, or back);
        True if the keyring has them all now. On the first refusal it stops: those not written stay
        this session's only (and a keyring that is gone stays gone). Logged by kind, never with a secret."""
        if not self.may_save_again:
            return False
        wrote = False
        for connection_id in self.unsaved:
            token = self._session.get(connection_id)
            if token is None:   # forgotten while an earlier one was written
                continue
            try:
                await self._keyring.call(keyring.set_password, SERVICE, connection_id, token)
            except Exception as exc:  # noqa: BLE001 (said as "still refused"; a backend may put the secret in it)
                log.warning("keyring write (again) failed: %s", type(exc).__name__)
                return False
            wrote = True
            if self._session.get(connection_id) == token:   # a newer one saved meanwhile is that save's own
                self._unsaved.discard(connection_id)
        if wrote and not self.persistent:   # it works again: read and write it from now on
            self.persistent, self._lost = True, False
            log.info("the keyring works again")
        return not self.unsaved


async def said_if_slow(step: Awaitable[T], sleep: Callable[[float], Awaitable[None]], say: Callable[[], None],
                       unsay: Callable[[], None], patience: float = KEYRING_PATIENCE_S) -> T:
    """What `step` (a keyring call) gives; if it has not answered after `patience` seconds (an
    unlock prompt nobody answered yet), `say` is called, and `unsay` once it answers. The wait itself
    has no limit: a prompt answered late is still answered."""
    answer = asyncio.ensure_future(step)
    said = False

    async def be_patient() -> None:
        nonlocal said
        await sleep(patience)
        if not answer.done():
            said = True
            say()

    timer = asyncio.ensure_future(be_patient())
    try:
        return await answer
    finally:
        timer.cancel()
        if said:
            unsay()
