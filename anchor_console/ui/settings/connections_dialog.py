"""Connections: add, edit and remove platform connections (Studio URL + token + room today).
Tokens go to the OS keyring only; the rest is saved in the settings file."""

from __future__ import annotations

import copy
import uuid

import httpx
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from anchor_console.platforms.errors import PlatformError
from anchor_console.platforms.studio import PROFILES, StudioPlatform
from anchor_console.platforms.transport import Endpoint, RetryPolicy
from anchor_console.session.settings import ConnectionSettings
from anchor_console.ui.common.i18n import tr_text
from anchor_console.ui.common.widgets import dialog_buttons, plain_label


class ConnectionsDialog(QDialog):
    def __init__(self, session, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Connections"))
        self.setObjectName("connections-dialog")
        self.session = session
        self.settings = copy.deepcopy(session.settings)
        self.new_tokens: dict[str, str] = {}
        self.removed: set[str] = set()
        self.resize(760, 440)

        left = self._build_list()
        self._build_form()

        body = QHBoxLayout()
        body.addLayout(left, 1)
        body.addWidget(self.form_box, 2)
        self.buttons = dialog_buttons(self, self.save, save=True)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(self.buttons)
        self._loading = False
        self._refill()

    def _build_list(self) -> QVBoxLayout:
        """The connections, with Add and Remove, and what happens when there are none."""
        self.list = QListWidget(self)
        self.list.currentRowChanged.connect(self._show)
        add = QPushButton(self.tr("Add"), self)
        add.clicked.connect(self.add_connection)
        self.remove_button = QPushButton(self.tr("Remove"), self)
        self.remove_button.clicked.connect(self.remove_connection)
        left = QVBoxLayout()
        left.addWidget(self.list, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(self.remove_button)
        left.addLayout(buttons)
        self.bundled_note = plain_label(self.tr(
            "No connection is set up, so the console runs the bundled Studio with a demo room. Add a connection "
            "to drive your own Studio server."), self)
        self.bundled_note.setWordWrap(True)
        left.addWidget(self.bundled_note)
        return left

    def _build_form(self) -> None:
        """The selected connection: name, platform, server, token (to the keyring), room."""
        self.form_box = QWidget(self)
        form = QFormLayout(self.form_box)
        self.name = QLineEdit(self.form_box)
        self.profile = QComboBox(self.form_box)
        for key, (label, _caps) in PROFILES.items():
            text = tr_text(label) if key == "studio" else self.tr("Studio, as {platform}").format(platform=tr_text(label))
            self.profile.addItem(text, key)
        self.profile.setToolTip(self.tr("A Studio connection can behave like a real platform, with only that "
                                        "platform's capabilities: useful to rehearse a show for it."))
        self.url = QLineEdit(self.form_box)
        self.url.setPlaceholderText("http://127.0.0.1:8765")
        self.token = QLineEdit(self.form_box)
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        self.room = QComboBox(self.form_box)
        self.room.setEditable(True)
        self.fetch = QPushButton(self.tr("Test and list rooms"), self.form_box)
        self.fetch.clicked.connect(self.test_connection)
        self.enabled = QCheckBox(self.tr("Use this connection"), self.form_box)
        self.result = plain_label("", self.form_box)
        self.result.setWordWrap(True)
        room_row = QHBoxLayout()
        room_row.addWidget(self.room, 1)
        room_row.addWidget(self.fetch)
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Platform"), self.profile)
        form.addRow(self.tr("Server URL"), self.url)
        form.addRow(self.tr("Access token"), self.token)
        form.addRow(self.tr("Room"), room_row)
        form.addRow("", self.enabled)
        form.addRow("", self.result)
        keyring_note = (self.tr("Tokens are stored in the system keyring ({backend}).").format(
            backend=self.session.tokens.backend_name) if self.session.tokens.persistent else self.tr(
            "No system keyring is available: tokens are kept only until the console closes."))
        note = plain_label(keyring_note, self.form_box)
        note.setWordWrap(True)
        form.addRow("", note)
        for w in (self.name, self.url):
            w.textEdited.connect(self._store)
        self.token.textEdited.connect(self._store)
        self.room.editTextChanged.connect(self._store)
        self.profile.currentIndexChanged.connect(self._store)
        self.enabled.toggled.connect(self._store)

    def _refill(self, select: int = 0) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for c in self.settings.connections:
            item = QListWidgetItem(c.name if c.enabled else self.tr("{name} (off)").format(name=c.name))
            self.list.addItem(item)
        self.list.blockSignals(False)
        has = bool(self.settings.connections)
        self.form_box.setEnabled(has)
        self.remove_button.setEnabled(has)
        self.bundled_note.setVisible(not any(c.enabled for c in self.settings.connections))
        if has:
            self.list.setCurrentRow(min(select, len(self.settings.connections) - 1))
            self._show(self.list.currentRow())

    def current(self) -> ConnectionSettings | None:
        row = self.list.currentRow()
        return self.settings.connections[row] if 0 <= row < len(self.settings.connections) else None

    def _show(self, row: int) -> None:
        c = self.current()
        if c is None:
            return
        self._loading = True
        self.name.setText(c.name)
        self.profile.setCurrentIndex(max(0, self.profile.findData(c.profile)))
        self.url.setText(c.url)
        self.token.clear()
        has_token = c.id in self.new_tokens or bool(self.session.tokens.get(c.id))
        self.token.setPlaceholderText(self.tr("saved — type to replace") if has_token else self.tr("paste the token"))
        self.room.clear()
        self.room.setEditText(c.room_id)
        self.enabled.setChecked(c.enabled)
        self.result.setText("")
        self._loading = False

    def _store(self, *_a) -> None:
        if self._loading:
            return
        c = self.current()
        if c is None:
            return
        c.name = self.name.text().strip() or self.tr("Connection")
        c.profile = self.profile.currentData()
        c.url = self.url.text().strip()
        room = self.room.currentData() if self.room.currentIndex() >= 0 and \
            self.room.currentText() == self.room.itemText(self.room.currentIndex()) else None
        c.room_id = str(room) if room is not None else self.room.currentText().strip()
        c.enabled = self.enabled.isChecked()
        if self.token.text():
            self.new_tokens[c.id] = self.token.text().strip()
        item = self.list.currentItem()
        if item is not None:
            item.setText(c.name if c.enabled else self.tr("{name} (off)").format(name=c.name))
        self.bundled_note.setVisible(not any(x.enabled for x in self.settings.connections))

    def add_connection(self) -> None:
        self.settings.connections.append(ConnectionSettings(id="conn-" + uuid.uuid4().hex[:8],
                                                            name=self.tr("My Studio"), url="http://127.0.0.1:8765"))
        self._refill(select=len(self.settings.connections) - 1)
        self.name.setFocus()
        self.name.selectAll()

    def remove_connection(self) -> None:
        c = self.current()
        if c is None:
            return
        self.removed.add(c.id)
        self.new_tokens.pop(c.id, None)
        self.settings.connections.remove(c)
        self._refill()

    def test_connection(self) -> None:
        c = self.current()
        if c is None:
            return
        token = self.new_tokens.get(c.id) or self.session.tokens.get(c.id) or ""
        url = c.url
        if not url.startswith(("http://", "https://")):
            self.result.setText(self.tr("The server URL must start with http:// or https://."))
            return
        self.result.setText(self.tr("Connecting…"))
        self.fetch.setEnabled(False)

        async def probe() -> None:
            platform = StudioPlatform(c.id, Endpoint(url, token), self.session.http,
                                      retry=RetryPolicy(max_attempts=1), timeout=httpx.Timeout(5.0, connect=3.0))
            try:
                rooms = await platform.list_rooms()
            except PlatformError as exc:
                self.result.setText(tr_text(exc.message))
                return
            finally:
                self.fetch.setEnabled(True)
            current = c.room_id
            self.room.clear()
            for r in rooms:
                self.room.addItem(f"{r.id} · {r.title} ({r.status.value})", r.id)
            idx = self.room.findData(current)
            self.room.setCurrentIndex(idx if idx >= 0 else (self.room.count() - 1))
            self._store()
            self.result.setText(self.tr("Connected: {n} room(s) found.").format(n=len(rooms)))

        self.session.tasks.spawn(probe(), name="test-connection", key="test-connection")

    def save(self) -> None:
        for c in self.settings.connections:
            if c.enabled and not (c.url.startswith(("http://", "https://")) and c.room_id):
                self.list.setCurrentRow(self.settings.connections.index(c))
                self.result.setText(self.tr("“{name}” needs a server URL (http:// or https://) and a room.").format(
                    name=c.name))
                return
        for conn_id, token in self.new_tokens.items():
            if not self.session.tokens.set(conn_id, token) and self.session.tokens.persistent:
                self.result.setText(self.tr("The token could not be saved in the keyring; it is kept for this "
                                            "session only."))
        for conn_id in self.removed:
            self.session.tokens.delete(conn_id)
        self.session.apply_settings(self.settings)
        self.accept()
