"""Secrets the keyring would not keep, and getting them into it later: while the keyring refuses
(locked, its service gone away) a secret typed or signed in is held for this session only
(`TokenStore.unsaved`); the notice that says so offers "Try the keyring again", which writes them
into the keyring once the user has unlocked it — nobody types them again. On success the notice
clears (an info for a few seconds says they are saved); on a refusal it says so again, with the
same button. Only names of connections are said, never a secret."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from anchor_console.domain.notice import Level, Notice
from anchor_console.domain.text import QT_TRANSLATE_NOOP, Text
from anchor_console.session.connect_state import RECONNECT
from anchor_console.session.platform_kinds import credential_key
from anchor_console.session.tokens import KEYRING_WAIT, said_if_slow

if TYPE_CHECKING:
    from anchor_console.session.console import ConsoleSession

KEY = "keyring"   # the notice that says the keyring is gone: this one replaces it, with a way out
TRY_AGAIN = QT_TRANSLATE_NOOP("Console", "Try the keyring again")
UNSAVED = QT_TRANSLATE_NOOP(
    "Console", "The system keyring did not keep the secrets of {names}: they are kept only until the console "
               "closes. Unlock the keyring, then press “Try the keyring again”.")
UNSAVED_UNNAMED = QT_TRANSLATE_NOOP(
    "Console", "The system keyring did not keep {n} secret(s): they are kept only until the console closes. "
               "Unlock the keyring, then press “Try the keyring again”.")
STILL_UNSAVED = QT_TRANSLATE_NOOP(
    "Console", "The system keyring still did not keep the secrets of {names}: they are kept only until the "
               "console closes. Unlock the keyring and try again.")
STILL_UNSAVED_UNNAMED = QT_TRANSLATE_NOOP(
    "Console", "The system keyring still did not keep {n} secret(s): they are kept only until the console "
               "closes. Unlock the keyring and try again.")
SAVED_AGAIN = QT_TRANSLATE_NOOP("Console", "The secrets are saved in the system keyring now: they will be "
                                           "remembered after the console closes.")


class UnsavedSecrets:
    """The session's notice about secrets held for this session only, and its "Try the keyring again"."""

    def __init__(self, session: ConsoleSession) -> None:
        self.session = session
        self.task: asyncio.Task | None = None
        session.tokens.unsaved_changed.connect(self.say)

    def _names(self) -> str:
        """The connections whose secret is unsaved, as “Shop A”, “YouTube”; "" if none is known."""
        unsaved = set(self.session.tokens.unsaved)
        return ", ".join(f"“{c.name}”" for c in self.session.settings.connections if credential_key(c) in unsaved)

    def text(self, still: bool = False) -> Text:
        """What the notice says (`still`: after a retry the keyring refused); the Connections dialog says it too."""
        named, unnamed = (STILL_UNSAVED, STILL_UNSAVED_UNNAMED) if still else (UNSAVED, UNSAVED_UNNAMED)
        names = self._names()
        return named.fill(names=names) if names else unnamed.fill(n=len(self.session.tokens.unsaved))

    def say(self, still: bool = False) -> None:
        """Say which secrets are this session's only, with the way to save them, when trying again may
        work (not without any keyring: that is said at start, and nothing can be tried)."""
        tokens = self.session.tokens
        if not tokens.unsaved or not tokens.may_save_again or self.saving:
            return
        self.session.notices.emit(Notice(self.text(still), Level.WARNING, key=KEY,
                                         buttons=((TRY_AGAIN, self.save_again),)))

    @property
    def saving(self) -> bool:
        return self.task is not None and not self.task.done()

    def save_again(self) -> asyncio.Task | None:
        """Write the session-only secrets into the keyring (a task, returned for tests); a second
        press while it waits changes nothing."""
        if not self.saving:
            self.task = self.session.tasks.spawn(self._save_again(), name="keyring-save-again", key="keyring-again")
        return self.task

    async def _save_again(self) -> None:
        session = self.session
        saved = await said_if_slow(session.tokens.save_again(), session.sleep,
                                   lambda: session.notify(KEYRING_WAIT, Level.INFO, key="keyring-wait"),
                                   lambda: session.resolved.emit("keyring-wait"))
        self.task = None   # done: what is said next may offer the button again
        if saved:
            # A keyring that was gone when connecting may hold secrets it could not give then: Reconnect reads them.
            unread = any(session.tokens.unreadable(credential_key(c))
                         for c in session.settings.connections if c.enabled)
            session.notices.emit(Notice(SAVED_AGAIN, Level.INFO, 0 if unread else 8000, key=KEY,
                                        buttons=((RECONNECT, session.reconnect),) if unread else ()))
        else:
            self.say(still=True)
