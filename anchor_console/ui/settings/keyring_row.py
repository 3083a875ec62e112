"""The Connections dialog's keyring row: where secrets are kept (the system keyring, or this session
only), and — when the keyring refused some mid-session (locked, gone away) — which, with "Try the
keyring again" to save them once it is unlocked: the same as the window's notice
(`session.unsaved_secrets`), for who dismissed it. A press while it waits changes nothing."""

from __future__ import annotations

import asyncio

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget
from shiboken6 import isValid

from anchor_console.session.unsaved_secrets import TRY_AGAIN
from anchor_console.ui.common.i18n import tr_text
from anchor_console.ui.common.widgets import plain_label

AGAIN_KEY = "connections-keyring-again"


class KeyringRow(QWidget):
    def __init__(self, session, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("connections-keyring")
        self.session = session
        self.note = plain_label("", self, wrap=True)
        self.try_again = QPushButton(tr_text(TRY_AGAIN), self)
        self.try_again.setObjectName("keyring-try-again")
        self.try_again.clicked.connect(self.save_again)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.note, 1)
        row.addWidget(self.try_again, 0, Qt.AlignmentFlag.AlignTop)
        self.refresh()

    def refresh(self) -> None:
        tokens, unsaved = self.session.tokens, self.session.unsaved_secrets
        offered = bool(tokens.unsaved) and tokens.may_save_again
        self.try_again.setVisible(offered or unsaved.saving)
        self.try_again.setEnabled(not unsaved.saving)
        if unsaved.saving:
            text = self.tr("Saving the secrets in the system keyring…")
        elif offered:
            text = tr_text(unsaved.text())
        elif tokens.persistent:   # the dialog's own words (its translations) from before this row was apart
            text = QCoreApplication.translate("ConnectionsDialog", "Tokens are stored in the system keyring "
                                                                   "({backend}).").format(backend=tokens.backend_name)
        else:
            text = QCoreApplication.translate("ConnectionsDialog", "No system keyring is available: tokens are kept "
                                                                   "only until the console closes.")
        self.note.setText(text)

    def save_again(self) -> None:
        saving = self.session.unsaved_secrets.save_again()
        self.refresh()
        if saving is not None:
            self.session.tasks.spawn(self._after(saving), name="connections-keyring-again", key=AGAIN_KEY)

    async def _after(self, saving: asyncio.Task) -> None:
        await asyncio.wait({saving})   # the session's work: closing the dialog does not cancel it
        if isValid(self):
            self.refresh()

    def stop(self) -> None:
        """The dialog closes: nothing is shown here any more (the saving itself goes on)."""
        self.session.tasks.cancel(AGAIN_KEY)
