"""Settings → Control API: turn the local control API (Stream Deck, Companion, scripts) on or off,
its port, the address to give the keys, and its token — hidden, with Show, Copy and Regenerate.
The token lives in the keyring only (`session.control_api`); without a keyring it cannot be kept,
so the API cannot be turned on, and the box says so. While the keyring is asked (a new token, or
the one kept) Regenerate waits greyed, and past a few seconds the box says what it waits for (an
unlock prompt)."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox, QFormLayout, QGroupBox, QHBoxLayout, QLineEdit, QPushButton, QSpinBox,
)

from anchor_console.session.control_api import NO_KEYRING, TOKEN_KEY, TOKEN_UNREADABLE, api_address
from anchor_console.session.settings import CONTROL_API_PORT, CONTROL_API_PORTS
from anchor_console.session.tokens import KEYRING_WAIT, said_if_slow
from anchor_console.ui.common.clipboard import copy_secret
from anchor_console.ui.common.i18n import tr_text
from anchor_console.ui.common.widgets import plain_label


class ControlApiBox(QGroupBox):
    def __init__(self, session, parent=None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Control API (Stream Deck, Companion, scripts)"))
        self.setObjectName("control-api-settings")
        self.session = session
        self.api = session.control_api
        self.asking = False   # the keyring is being asked for a token: Regenerate waits
        s = session.settings
        self.enabled = QCheckBox(self.tr("Let programs on this computer control the console (Stream Deck, Companion, "
                                         "scripts)"), self)
        self.enabled.setChecked(s.control_api_enabled and self.api.keyring_usable)
        self.port = QSpinBox(self)
        self.port.setRange(*CONTROL_API_PORTS)
        # The port it listens on now, else the settings' (a port out of range: the default, saved as such).
        port = self.api.port if self.api.running else s.control_api_port
        self.port.setValue(port if CONTROL_API_PORTS[0] <= port <= CONTROL_API_PORTS[1] else CONTROL_API_PORT)
        self.url = QLineEdit(self)
        self.url.setReadOnly(True)
        self.token = QLineEdit(self)
        self.token.setReadOnly(True)
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        self.show_token = QPushButton(self.tr("Show"), self)
        self.show_token.setCheckable(True)
        self.show_token.toggled.connect(lambda on: self.token.setEchoMode(
            QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password))
        self.copy_url = QPushButton(self.tr("Copy"), self)
        self.copy_url.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.url.text()))
        self.copy_token = QPushButton(self.tr("Copy"), self)
        self.copy_token.clicked.connect(lambda: copy_secret(self.token.text()))   # out of clipboard histories
        self.regenerate = QPushButton(self.tr("Regenerate"), self)
        self.regenerate.setToolTip(self.tr("A new token: keys and scripts with the old one stop working at once."))
        self.regenerate.clicked.connect(self._regenerate)
        self.note = plain_label("", self, wrap=True)
        # Room for its longest text from the start: a dialog does not grow when a wrapped label does.
        self.note.setMinimumHeight(self.note.fontMetrics().lineSpacing() * 4)
        url_row = QHBoxLayout()
        url_row.addWidget(self.url, 1)
        url_row.addWidget(self.copy_url)
        token_row = QHBoxLayout()
        token_row.addWidget(self.token, 1)
        for button in (self.show_token, self.copy_token, self.regenerate):
            token_row.addWidget(button)
        form = QFormLayout(self)
        form.addRow(self.enabled)
        form.addRow(self.tr("Port"), self.port)
        form.addRow(self.tr("Address"), url_row)
        form.addRow(self.tr("Token"), token_row)
        form.addRow(self.note)
        self.enabled.toggled.connect(self._refresh)
        self.port.valueChanged.connect(self._refresh)
        self._refresh()

    def _refresh(self, *_args, make_token: bool = True) -> None:
        usable = self.api.keyring_usable
        self.enabled.setEnabled(usable)
        on = self.enabled.isChecked() and usable
        token = self.api.token()
        if on and token is None and make_token:   # made (or read) through the keyring's own thread, then shown
            self.session.tasks.spawn(self._after(self.api.ensure_token()), name="control-api-token",
                                     key="control-api-token")
        self.token.setText(token or "")
        self.url.setText(api_address(self.port.value()))
        for widget in (self.port, self.url, self.copy_url):
            widget.setEnabled(on)
        for widget in (self.token, self.show_token, self.copy_token, self.regenerate):
            widget.setEnabled(on and bool(token))
        self.regenerate.setEnabled(self.regenerate.isEnabled() and not self.asking)
        if not usable:
            self.note.setText(self.tr("No system keyring is available, so the API's token cannot be kept and the "
                                      "API cannot be turned on. Install and unlock a keyring to use it."))
        elif on and token is None and not make_token:   # the keyring would not keep one (locked?)
            unreadable = not self.session.tokens.absent(TOKEN_KEY)   # the keyring has one it would not give
            self.note.setText(tr_text(TOKEN_UNREADABLE if unreadable else NO_KEYRING))
        elif self.api.problem is not None and on:
            self.note.setText(tr_text(self.api.problem))
        elif on:
            self.note.setText(self.tr("Keys send POST {url}/commands/… with the token in an “Authorization: "
                                      "Bearer” header (the state stream also takes ?token=). While the console "
                                      "asks before money actions, a money key sends nothing on its first press: "
                                      "press it again within 5 s.").format(url=self.url.text()))
        else:
            self.note.setText(self.tr("Off: nothing listens."))

    def _regenerate(self) -> None:
        if self.asking:   # a second press while the keyring is asked: nothing new
            return
        self.asking = True
        self.regenerate.setEnabled(False)
        self.session.tasks.spawn(self._after(self.api.regenerate_token()), name="control-api-token",
                                 key="control-api-token")

    async def _after(self, keyring_call) -> None:
        self.asking = True
        self.regenerate.setEnabled(False)
        try:
            made = await said_if_slow(keyring_call, self.session.sleep,
                                      lambda: self.note.setText(tr_text(KEYRING_WAIT)), lambda: None)
        finally:
            self.asking = False
        self._refresh(make_token=False)   # not asked again: a keyring that refused once is not pestered
        if made is None and self.api.token() is not None:   # a new token refused: the old one stands
            self.note.setText(self.tr("The keyring would not keep a new token, so the old one still works. "
                                      "Unlock the keyring and try again."))

    def apply(self, settings) -> None:
        """Into the settings being saved (the dialog then starts or stops the API)."""
        settings.control_api_enabled = self.enabled.isChecked() and self.api.keyring_usable
        settings.control_api_port = self.port.value()
