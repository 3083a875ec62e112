"""Connections: add, edit and remove platform connections — a Studio server (URL, token, room),
WeChat mini-program live or WeChat Channels / 微信小店 (AppID, AppSecret, live room), OAuth platforms
(client id, client secret, Sign in… in the browser) — and Test connection, which signs in and says
what the account may and may not do.

Secrets (a Studio token, a WeChat AppSecret) go to the OS keyring only; the rest is saved in the
settings file. What a kind needs and how it is checked lives in the session layer
(`platform_kinds`, `connection_check`); this dialog only shows it."""

from __future__ import annotations

import asyncio
import copy
import uuid

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QFrame, QHBoxLayout, QLineEdit, QListWidget,
    QListWidgetItem, QPushButton, QScrollArea, QToolButton, QVBoxLayout, QWidget,
)

from anchor_console.domain.models import RoomStatus
from anchor_console.domain.text import os_error_words
from anchor_console.platforms.errors import PlatformError
from anchor_console.session.connection_check import check_connection
from anchor_console.session.platform_kinds import (
    CHANNELS_CURRENT_ROOM, KINDS, REHEARSAL_PROFILES, STUDIO, STUDIO_URL, WECHAT_API, SignInContext, WECHAT_CHANNELS,
    credential_key, kind_of, main_connection, problem, same_room_as, url_problem,
)
from anchor_console.session.settings import ConnectionSettings
from anchor_console.session.tokens import KEYRING_WAIT, pasted_secret, said_if_slow
from anchor_console.ui.common.i18n import tr_text
from anchor_console.ui.common.widgets import dialog_buttons, fit_to_screen, plain_label
from anchor_console.ui.settings.keyring_row import KeyringRow
from anchor_console.ui.settings.task_button import TaskButton

CHECK_KEY = "test-connection"
SIGN_IN_KEY = "connection-sign-in"
SECRETS_KEY = "connections-secrets"


def platform_choice(conn: ConnectionSettings) -> str:
    """The Platform list's entry for a connection: its kind, or a Studio rehearsal profile."""
    if conn.kind == STUDIO and conn.profile in REHEARSAL_PROFILES:
        return f"{STUDIO}/{conn.profile}"
    return conn.kind


class ConnectionsDialog(QDialog):
    def __init__(self, session, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Connections"))
        self.setObjectName("connections-dialog")
        self.session = session
        self.settings = copy.deepcopy(session.settings)
        self.new_tokens: dict[str, str] = {}      # connection id -> the secret typed (saved to the keyring on Save)
        self.removed: set[str] = set()
        self._saving: asyncio.Task | None = None
        self._closed = False
        fit_to_screen(self, 800, 520)

        left = self._build_list()
        self._build_form()

        body = QHBoxLayout()
        body.addLayout(left, 1)
        body.addWidget(self.form_box, 2)
        self.buttons = dialog_buttons(self, self.save, save=True)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(self.buttons)
        self.finished.connect(self._closing)
        self._loading = False
        self._refill()
        # Which connections have a saved secret: read from the keyring off the loop's way, once.
        self.session.tasks.spawn(self._read_secrets(), name="connections-secrets", key=SECRETS_KEY)

    async def _read_secrets(self, show: bool = True) -> None:
        for c in self.settings.connections:
            await self.session.tokens.read(credential_key(c))
        if show and not self._closed:
            self._show_rows()

    def _build_list(self) -> QVBoxLayout:
        """The connections, with Add and Remove, and what happens when there are none."""
        self.list = QListWidget(self)
        self.list.currentRowChanged.connect(self._show)
        self.list.currentRowChanged.connect(lambda _row: self._label_rows())   # Move up / down
        add = QPushButton(self.tr("Add"), self)
        add.clicked.connect(lambda: self.add_connection())
        self.remove_button = QPushButton(self.tr("Remove"), self)
        self.remove_button.clicked.connect(self.remove_connection)
        self.up_button = self._move_button(Qt.ArrowType.UpArrow, self.tr("Move up"), -1)
        self.down_button = self._move_button(Qt.ArrowType.DownArrow, self.tr("Move down"), 1)
        left = QVBoxLayout()
        left.addWidget(self.list, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        buttons.addWidget(self.up_button)
        buttons.addWidget(self.down_button)
        left.addLayout(buttons)
        self.order_note = plain_label(self.tr(
            "The first connection that can list products is the main one: the console shows its shelf, video and "
            "crew. Move a connection up or down to choose."), self, wrap=True)
        left.addWidget(self.order_note)
        self.bundled_note = plain_label(self.tr(
            "No connection is set up, so the console runs the bundled Studio with a demo room. Add a connection "
            "to drive your own Studio server or a WeChat account."), self, wrap=True)
        left.addWidget(self.bundled_note)
        return left

    def _build_form(self) -> None:
        """The selected connection: name, platform, where and how to sign in, the room."""
        self.form_box = QWidget(self)
        column = QVBoxLayout(self.form_box)
        column.setContentsMargins(0, 0, 0, 0)
        self.form = form = QFormLayout()
        column.addLayout(form)
        self.name = QLineEdit(self.form_box)
        self.platform = QComboBox(self.form_box)
        self.platform.setObjectName("connection-platform")
        for kind in KINDS.values():
            self.platform.addItem(tr_text(kind.label), kind.key)
        self.platform.insertSeparator(self.platform.count())
        for profile, label in REHEARSAL_PROFILES.items():
            self.platform.addItem(tr_text(label), f"{STUDIO}/{profile}")
        self.platform.setToolTip(self.tr("A real platform, or a Studio connection that behaves like one (only that "
                                         "platform's capabilities): useful to rehearse a show for it."))
        self.appid = QLineEdit(self.form_box)
        self.appid.setPlaceholderText("wx…")
        self.appid.setToolTip(self.tr("The AppID from the WeChat admin console (开发管理 → 开发设置)."))
        self.url = QLineEdit(self.form_box)
        self.url.setPlaceholderText(STUDIO_URL)
        self.token = QLineEdit(self.form_box)
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        self.room = QComboBox(self.form_box)
        self.room.setEditable(True)
        self.room.lineEdit().setPlaceholderText(self.tr("room id (Test connection lists them)"))
        self.room.setToolTip(self.tr("The room this connection follows, by its id on the platform. Test connection "
                                     "lists the rooms the account can reach, with their titles."))
        self.fetch = TaskButton(self.tr("Test connection"), self.tr("Cancel test"), self.session.tasks,
                                CHECK_KEY, self.form_box)
        self.fetch.setObjectName("test-connection")
        self.fetch.clicked.connect(self.test_connection)
        self.sign_in_button = TaskButton(self.tr("Sign in…"), self.tr("Cancel sign-in"), self.session.tasks,
                                         SIGN_IN_KEY, self.form_box)
        self.sign_in_button.setObjectName("connection-sign-in")
        self.sign_in_button.setToolTip(self.tr("Opens your browser to allow the console access; the sign-in is "
                                               "kept in the system keyring."))
        self.sign_in_button.clicked.connect(self.sign_in)
        self.enabled = QCheckBox(self.tr("Use this connection"), self.form_box)
        self.advanced = QCheckBox(self.tr("Show advanced settings"), self.form_box)
        self.api_base = QLineEdit(self.form_box)
        self.api_base.setPlaceholderText(WECHAT_API)
        self.api_base.setToolTip(self.tr("Where the WeChat API is reached: {url}, or Studio's WeChat emulator "
                                         "(http://127.0.0.1:PORT) to rehearse without the real account.").format(
            url=WECHAT_API))
        result_area = self._result_area()
        self.room_row = QHBoxLayout()
        self.room_row.addWidget(self.room, 1)
        self.room_row.addWidget(self.fetch)
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Platform"), self.platform)
        form.addRow(self.tr("AppID"), self.appid)
        form.addRow(self.tr("Server URL"), self.url)
        form.addRow(self.tr("Access token"), self.token)
        form.addRow("", self.sign_in_button)
        form.addRow(self.tr("Room"), self.room_row)
        form.addRow("", self.enabled)
        form.addRow("", self.advanced)
        form.addRow(self.tr("API base URL"), self.api_base)
        self.keyring_row = KeyringRow(self.session, self.form_box)   # where secrets are kept; Try the keyring again
        form.addRow("", self.keyring_row)
        column.addWidget(result_area, 1)
        for w in (self.name, self.url, self.appid, self.api_base):
            w.textEdited.connect(self._store)
        self.token.textEdited.connect(self._token_edited)
        self.room.editTextChanged.connect(self._store)
        self.platform.currentIndexChanged.connect(self._platform_changed)
        self.enabled.toggled.connect(self._store)
        self.advanced.toggled.connect(lambda _on: self._show_rows())

    def _result_area(self) -> QScrollArea:
        """What Test connection found: it can run to a dozen lines, so it scrolls and the form stays put."""
        self.result = plain_label("", self.form_box)
        self.result.setObjectName("connection-test-result")
        self.result.setWordWrap(True)
        self.result.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)   # to copy for support
        area = QScrollArea(self.form_box)
        area.setWidget(self.result)
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        return area

    # ------------------------------------------------------------------ the list

    def _move_button(self, arrow: Qt.ArrowType, name: str, step: int) -> QToolButton:
        button = QToolButton(self)
        button.setArrowType(arrow)
        button.setToolTip(name)
        button.setAccessibleName(name)
        button.clicked.connect(lambda: self.move_connection(step))
        return button

    def _item_text(self, c: ConnectionSettings, main: ConnectionSettings | None) -> str:
        if not c.enabled:
            return self.tr("{name} (off)").format(name=c.name)
        return self.tr("{name} (main)").format(name=c.name) if c is main else c.name

    def _label_rows(self) -> None:
        """Each row's name, with which is off and which is the main connection (that can change with any edit)."""
        main = main_connection(self.settings.connections)
        # Said only when there is a choice: a single connection is the main one.
        marked = main if sum(c.enabled for c in self.settings.connections) > 1 else None
        for row, c in enumerate(self.settings.connections):
            item = self.list.item(row)
            if item is not None:
                item.setText(self._item_text(c, marked))
                item.setToolTip(self.tr("The main connection: the console shows its shelf, video and crew.")
                                if c is marked else "")
        self.bundled_note.setVisible(not any(c.enabled for c in self.settings.connections))   # as the console decides
        row, count = self.list.currentRow(), len(self.settings.connections)
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < count - 1)
        self.order_note.setVisible(count > 1)

    def _refill(self, select: int = 0) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for _c in self.settings.connections:
            self.list.addItem(QListWidgetItem())
        self.list.blockSignals(False)
        has = bool(self.settings.connections)
        self.form_box.setEnabled(has)
        self.remove_button.setEnabled(has)
        if has:
            self.list.setCurrentRow(min(select, len(self.settings.connections) - 1))
            self._show(self.list.currentRow())
        self._label_rows()

    def current(self) -> ConnectionSettings | None:
        row = self.list.currentRow()
        return self.settings.connections[row] if 0 <= row < len(self.settings.connections) else None

    def _has_secret(self, c: ConnectionSettings) -> bool:
        """Typed, or saved: read, or in a keyring that would not say (locked; none asked for then)."""
        key, tokens = credential_key(c), self.session.tokens
        return c.id in self.new_tokens or bool(tokens.known(key)) or tokens.unreadable(key)

    def _show(self, row: int) -> None:
        self._cancel_check()
        self._cancel_sign_in()
        c = self.current()
        if c is None:
            return
        self._loading = True
        self.name.setText(c.name)
        self.platform.setCurrentIndex(max(0, self.platform.findData(platform_choice(c))))
        self.appid.setText(c.appid)
        self.url.setText(c.url if c.kind == STUDIO else "")
        self.api_base.setText(c.url if c.kind != STUDIO else "")
        default_api = kind_of(c).default_url if kind_of(c) is not None else WECHAT_API
        self.advanced.setChecked(c.kind != STUDIO and c.url.rstrip("/") not in ("", default_api))
        self.token.clear()
        self.room.clear()
        if c.kind == WECHAT_CHANNELS:
            self.room.addItem(tr_text(CHANNELS_CURRENT_ROOM), "current")
        if self.room.findData(c.room_id) < 0 and (known := self._known_room(c)) is not None:
            self.room.addItem(known, c.room_id)   # "1 · 春季上新专场", not a bare "1" until a test
        index = self.room.findData(c.room_id)
        if index >= 0:
            self.room.setCurrentIndex(index)
        else:
            self.room.setEditText(c.room_id)
        self.enabled.setChecked(c.enabled)
        self.result.setText("")
        self._show_rows()
        self._loading = False

    def _known_room(self, c: ConnectionSettings) -> str | None:
        """The connection's room as "id · title" when the console follows it now (its title known)."""
        room = self.session.room
        binding = room.binding(c.id) if room is not None and c.room_id else None
        state = room.states.get(c.id) if binding is not None and binding.room_id == c.room_id else None
        title = state.room.title if state is not None and state.room is not None else ""
        return f"{c.room_id} · {title}" if title else None

    def _show_rows(self) -> None:
        """The rows the selected connection's platform uses, labelled for it."""
        c = self.current()
        kind = kind_of(c) if c is not None else None
        studio = kind is None or kind.key == STUDIO
        self.form.setRowVisible(self.appid, not studio)
        self.form.setRowVisible(self.url, studio)
        self.form.setRowVisible(self.advanced, not studio)
        self.form.setRowVisible(self.api_base, not studio and self.advanced.isChecked())
        oauth = kind is not None and kind.sign_in is not None
        self.form.setRowVisible(self.sign_in_button, oauth)
        self.form.labelForField(self.appid).setText(tr_text(kind.appid_label) if kind is not None else self.tr("AppID"))
        self.appid.setPlaceholderText(kind.appid_placeholder if kind is not None else "wx…")
        self.appid.setToolTip(tr_text(kind.appid_hint.fill(name=c.name)) if kind is not None and kind.appid_hint
                              is not None and c is not None else "")
        self.form.setRowVisible(self.token, kind is None or kind.typed_credential)
        self.api_base.setPlaceholderText(kind.default_url if kind is not None and not studio else WECHAT_API)
        credential = tr_text(kind.credential) if kind is not None else self.tr("Access token")
        self.form.labelForField(self.token).setText(credential)
        self.form.labelForField(self.room_row).setText(self.tr("Room") if studio else self.tr("Live room"))
        has = c is not None and self._has_secret(c)
        if has:
            self.token.setPlaceholderText(self.tr("saved — type to replace"))
        else:
            self.token.setPlaceholderText(self.tr("paste the token") if studio else self.tr(
                "paste the client secret, then Sign in…") if oauth else self.tr("paste the AppSecret"))

    # ------------------------------------------------------------------ editing

    def _store(self, *_a) -> None:
        if self._loading:
            return
        c = self.current()
        if c is None:
            return
        c.name = self.name.text().strip() or self.tr("Connection")
        c.appid = self.appid.text().strip()
        default_api = kind_of(c).default_url if kind_of(c) is not None else WECHAT_API
        c.url = self.url.text().strip() if c.kind == STUDIO else (self.api_base.text().strip() or default_api)
        index = self.room.currentIndex()
        room = self.room.currentData() if index >= 0 and self.room.currentText() == self.room.itemText(index) else None
        c.room_id = str(room) if room is not None else self.room.currentText().strip()
        c.enabled = self.enabled.isChecked()
        if secret := pasted_secret(self.token.text()):   # nothing but invisible characters: nothing typed
            self.new_tokens[c.id] = secret
        self._label_rows()

    def _token_edited(self, text: str) -> None:
        """A secret typed and then erased is not saved: the one saved before stands."""
        c = self.current()
        if c is not None and not text.strip() and not self._loading:
            self.new_tokens.pop(c.id, None)
        self._store()

    def _platform_changed(self, _index: int) -> None:
        if self._loading:
            return
        c = self.current()
        choice = self.platform.currentData()
        if c is None or not choice:
            return
        kind, _, profile = str(choice).partition("/")
        if kind != c.kind:
            before, after = KINDS.get(c.kind), KINDS[kind]
            if before is None or c.name in (tr_text(before.default_name), before.default_name.english()):
                c.name = tr_text(after.default_name)
            if before is None or before.default_url != after.default_url:
                c.url = after.default_url   # WeChat to WeChat keeps its API base (Studio's emulator, say)
            c.room_id = after.default_room
            self.new_tokens.pop(c.id, None)   # a token typed for one platform is no secret of another
        c.kind, c.profile = kind, profile or STUDIO
        self._show(self.list.currentRow())
        self._label_rows()   # the main connection is the first that can list products: the platform decides

    def add_connection(self, kind: str = STUDIO) -> None:
        new = KINDS[kind]
        self.settings.connections.append(ConnectionSettings(
            id="conn-" + uuid.uuid4().hex[:8], name=tr_text(new.default_name), kind=kind, url=new.default_url,
            room_id=new.default_room))
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

    def move_connection(self, step: int) -> None:
        """The selected connection one place up (-1) or down (1): the order decides the main connection
        (the first that can list products)."""
        row, conns = self.list.currentRow(), self.settings.connections
        to = row + step
        if not (0 <= row < len(conns) and 0 <= to < len(conns)):
            return
        conns[row], conns[to] = conns[to], conns[row]
        self._refill(select=to)

    # ------------------------------------------------------------------ Test connection

    def test_connection(self) -> None:
        """Start the check (or, while one runs, cancel it); the answer appears below the form."""
        if self.fetch.running():
            self._cancel_check()
            self.result.setText(self.tr("Test cancelled."))
            return
        c = self.current()
        if c is None:
            return
        if (wrong_url := url_problem(c)) is not None:
            self.result.setText(tr_text(wrong_url))
            return
        self.result.setText(self.tr("Testing the connection…"))
        self.fetch.start(self._run_check(copy.deepcopy(c), self.new_tokens.get(c.id)), name="test-connection")

    async def _run_check(self, conn: ConnectionSettings, typed: str | None) -> None:
        try:
            secret = typed or await self._keyring(self.session.tokens.read(credential_key(conn))) or ""
            kind = kind_of(conn)
            if kind is not None and kind.uses_appid and not (conn.appid and secret):
                if not self._closed:
                    self.result.setText(self.tr("Enter the AppID and the AppSecret first."))
                return
            report = await check_connection(conn, secret, self.session.platform_context())
        finally:
            # Cancelled: whoever cancelled has said so (and may have started another check).
            if not self._closed:
                self.fetch.ended()
        if self._closed:
            return
        c = self.current()
        if c is None or c.id != conn.id:
            return
        summary = tr_text(report.summary())
        if report.ok and not self._offer_rooms(c, report.rooms):
            summary += "\n" + self.tr("There is no room “{room}” among them: choose one from the list.").format(
                room=c.room_id)
        self.result.setText(summary)

    def _offer_rooms(self, c: ConnectionSettings, rooms) -> bool:
        """Fill the room list with what the check found; whether the room typed before is among them."""
        current = c.room_id
        self._loading = True
        self.room.clear()
        if c.kind == WECHAT_CHANNELS:
            self.room.addItem(tr_text(CHANNELS_CURRENT_ROOM), "current")
        status = {RoomStatus.LIVE: self.tr("live"), RoomStatus.SCHEDULED: self.tr("not started"),
                  RoomStatus.ENDED: self.tr("ended")}
        for r in rooms:
            state = status.get(r.status, r.status.value)
            self.room.addItem(f"{r.id} · {r.title} ({state})" if r.title else f"{r.id} ({state})", r.id)
        self._loading = False
        index = self.room.findData(current)
        if index < 0 and current:
            self.room.setEditText(current)
        else:
            self.room.setCurrentIndex(index if index >= 0 else self.room.count() - 1)
        self._store()
        return index >= 0 or not current

    # ------------------------------------------------------------------ Sign in (OAuth kinds)

    def sign_in(self) -> None:
        """Start the kind's browser sign-in (or, while one runs, cancel it); the refresh token it
        brings back goes to the keyring under the connection's credential key."""
        if self.sign_in_button.running():
            self._cancel_sign_in()
            self.result.setText(self.tr("Sign-in cancelled."))
            return
        c = self.current()
        kind = kind_of(c) if c is not None else None
        if kind is None or kind.sign_in is None:
            return
        if not c.appid:
            self.result.setText(self.tr("Enter the client ID first."))
            return
        note = tr_text(kind.sign_in_note) if kind.sign_in_note is not None else ""
        self.result.setText(self.tr("Waiting for you to allow access in the browser…") + (" " + note if note else ""))
        self.sign_in_button.start(self._run_sign_in(copy.deepcopy(c), self.new_tokens.get(c.id)), name="sign-in")

    async def _run_sign_in(self, conn: ConnectionSettings, typed: str | None) -> None:
        shared = self.session.platform_context()
        try:
            credential = typed or await self._keyring(self.session.tokens.read(credential_key(conn))) or ""
            ctx = SignInContext(shared.http, shared.clock, open_url=lambda url: QDesktopServices.openUrl(QUrl(url)),
                                show_code=self._show_code, credential=credential)
            secret = await kind_of(conn).sign_in(conn, ctx)
        except PlatformError as exc:
            if not self._closed:
                self.result.setText(tr_text(exc.message))
            return
        finally:
            if not self._closed:
                self.sign_in_button.ended()
        self.new_tokens[conn.id] = secret     # Save keeps it too (not the bare secret typed before)
        current = self.current()
        if not self._closed and current is not None and current.id == conn.id:
            self.token.clear()   # the secret typed is in the sign-in now: a later edit must not save it over it
        tokens = self.session.tokens
        saved = await self._keyring(tokens.save(credential_key(conn), secret)) or not tokens.persistent
        if not self._closed:
            self.result.setText(self.tr("Signed in. The sign-in is kept in the system keyring.") if saved else
                                self.tr("Signed in, but the keyring could not keep it: it lasts until the console "
                                        "closes."))
            self._show_rows()
            self.keyring_row.refresh()   # Try the keyring again, once it is unlocked

    def _show_code(self, code: str, url: str) -> None:
        if not self._closed:
            self.result.setText(self.tr("Type the code {code} at {url}").format(code=code, url=url) + "\n"
                                + self.tr("Waiting for the sign-in…"))

    def _cancel_sign_in(self) -> None:
        if self.sign_in_button.cancel(relabel=not self._closed):
            self.sign_in_button.task = None    # cancelling: a click from now on starts a new sign-in

    def _cancel_check(self) -> None:
        self.fetch.cancel(relabel=not self._closed)

    def _closing(self, _result: int) -> None:
        self._cancel_check()
        self._cancel_sign_in()
        self.keyring_row.stop()
        self._closed = True

    # ------------------------------------------------------------------ saving

    def save(self):
        """Check, keep the secrets in the keyring and apply (a task; returns it, for tests)."""
        if self._saving is not None and not self._saving.done():   # a second click while the first saves
            return None
        self._saving = self.session.tasks.spawn(self._save(), name="connections-save")
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        if self._saving is not None:   # Save waits (the keyring): greyed until it is done
            save.setEnabled(False)
            self._saving.add_done_callback(lambda _task: save.setEnabled(True) if not self._closed else None)
        return self._saving

    async def _keyring(self, step):
        """A keyring call (of Save, Test connection, Sign in…); past a few seconds the dialog says what it
        waits for (an unlock prompt), and once it answers, what it said before (unless something new)."""
        waiting, before = tr_text(KEYRING_WAIT), ""

        def say() -> None:
            nonlocal before
            if not self._closed:
                before = self.result.text()
                self.result.setText(waiting)

        def unsay() -> None:
            if not self._closed and self.result.text() == waiting:
                self.result.setText(before)
        return await said_if_slow(step, self.session.sleep, say, unsay)

    async def _save(self) -> None:
        tokens = self.session.tokens
        await self._keyring(self._read_secrets(show=False))   # read when the dialog opened, unless still under way
        if self._closed:
            return
        for c in self.settings.connections:
            if not c.enabled:
                continue
            reason = problem(c)
            if reason is None and kind_of(c).uses_appid and not self._has_secret(c):
                reason = (self.tr("“{name}” is not signed in: press Sign in….").format(name=c.name)
                          if kind_of(c).sign_in is not None else
                          self.tr("“{name}” needs its AppSecret.").format(name=c.name))
            earlier = self.settings.connections[:self.settings.connections.index(c)]
            twin = same_room_as(c, [x for x in earlier if x.enabled]) if reason is None else None
            if twin is not None:   # every action would reach that room twice, a coupon too
                reason = self.tr("“{name}” reaches the same room as “{other}”: turn one of them off or remove "
                                 "it.").format(name=c.name, other=twin.name)
            if reason is not None:
                self.list.setCurrentRow(self.settings.connections.index(c))
                self.result.setText(reason if isinstance(reason, str) else tr_text(reason))
                return
        for c in self.settings.connections:
            token = self.new_tokens.get(c.id)
            if token and not await self._keyring(tokens.save(credential_key(c), token)) and tokens.persistent:
                self.result.setText(self.tr("The token could not be saved in the keyring; it is kept for this "
                                            "session only."))
        if self._closed:   # closed meanwhile: the secrets are kept, the settings were not applied
            return
        try:   # secrets no longer used are forgotten only once the settings are saved
            self.session.apply_connections(self.settings, self.removed)
        except OSError as exc:   # a full disk, a read-only folder: the dialog stays, with what was typed
            self.result.setText(self.tr("The connections could not be saved ({error}); the console goes on with "
                                        "the ones it had.").format(error=os_error_words(exc)))
            return
        self.accept()
