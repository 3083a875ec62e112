"""Settings (confirmation of money actions, language, operator name, demo audience, the control
API: `control_api_box`) and the OBS push-URL dialog."""

from __future__ import annotations

import copy

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QDoubleSpinBox, QFormLayout, QHBoxLayout, QLineEdit, QPushButton,
    QVBoxLayout,
)

from anchor_console.domain.audience import MAX_COMMENTS_PER_S
from anchor_console.domain.text import os_error_words
from anchor_console.platforms.errors import PlatformError
from anchor_console.ui.common.clipboard import copy_secret
from anchor_console.ui.common.i18n import tr_text
from anchor_console.ui.common.widgets import dialog_buttons, plain_label
from anchor_console.ui.settings.control_api_box import ControlApiBox
from anchor_console.ui.crew.roles import staff_name_text


class SettingsDialog(QDialog):
    def __init__(self, session, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        self.session = session
        s = session.settings
        self.confirm = QCheckBox(self.tr("Ask before coupons, flash sales and price changes"), self)
        self.confirm.setChecked(s.confirm_money_actions)
        self.enter_fires = QCheckBox(self.tr("In that question, Enter fires (otherwise Enter cancels)"), self)
        self.enter_fires.setChecked(s.money_enter_fires)
        self.confirm.toggled.connect(self.enter_fires.setEnabled)
        self.enter_fires.setEnabled(s.confirm_money_actions)
        self.operator = QLineEdit(s.operator_name, self)
        self.operator.setPlaceholderText(staff_name_text(session.operator))   # a seeded seat: its role's title
        self.language = QComboBox(self)
        self.language.addItem(self.tr("Follow the system"), "")
        self.language.addItem("简体中文", "zh_CN")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(max(0, self.language.findData(s.language)))
        self.audience = QDoubleSpinBox(self)
        self.audience.setRange(0, MAX_COMMENTS_PER_S)
        self.audience.setDecimals(0)
        self.audience.setSuffix(self.tr(" comments/s"))
        self.audience.setValue(s.bundled_studio_audience)
        form = QFormLayout()
        form.addRow("", self.confirm)
        form.addRow("", self.enter_fires)
        form.addRow(self.tr("Your name in the journal"), self.operator)
        form.addRow(self.tr("Language (after restart)"), self.language)
        form.addRow(self.tr("Demo audience (bundled Studio)"), self.audience)
        self.followers_go = QComboBox(self)
        self.followers_go.setObjectName("followers-go")
        self.followers_go.addItem(self.tr("ask this seat, which presses it"), "ask")
        self.followers_go.addItem(self.tr("is refused, with the reason"), "refuse")
        self.followers_go.setCurrentIndex(max(0, self.followers_go.findData(s.followers_go)))
        self.followers_go.setToolTip(self.tr("When this seat runs the show for a crew on a Studio room"))
        form.addRow(self.tr("GO pressed on a following seat"), self.followers_go)
        self.control_api = ControlApiBox(session, self)
        self.problem = plain_label("", self, wrap=True)
        self.problem.setObjectName("settings-problem")
        self.problem.hide()
        buttons = dialog_buttons(self, self.save, save=True)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.control_api)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.setMinimumWidth(min(680, self.screen().availableGeometry().width() - 40))

    def save(self) -> None:
        from anchor_console.session.settings import save_settings

        s = copy.deepcopy(self.session.settings)
        s.confirm_money_actions = self.confirm.isChecked()
        s.money_enter_fires = self.enter_fires.isChecked()
        s.operator_name = self.operator.text().strip()
        s.language = self.language.currentData()
        before = s.bundled_studio_audience
        s.bundled_studio_audience = self.audience.value()
        s.followers_go = self.followers_go.currentData()
        self.control_api.apply(s)
        try:
            save_settings(s, self.session.paths.settings_file)
        except OSError as exc:   # a full disk, a read-only folder: say so, and change nothing
            self.problem.setText(self.tr("The settings could not be saved ({error}); nothing was changed.").format(
                error=os_error_words(exc)))
            self.problem.show()
            return
        self.session.crew.show.followers_go = s.followers_go
        self.session.settings = s
        if self.session.room is not None:
            self.session.room.actor = self.session.operator
        session = self.session

        async def control_api() -> None:   # started or stopped as the box says (the dialog is gone by then)
            problem = await session.control_api.apply()
            if problem is not None:
                session.notify(problem, key="control-api")

        session.tasks.spawn(control_api(), name="control-api-settings")
        if s.bundled_studio_audience != before and s.uses_bundled_studio and session.room is not None \
                and not session.rehearsal.active:
            session.tasks.spawn(self._set_demo_audience(session, session.room.primary, s.bundled_studio_audience),
                                name="demo-audience")
        self.accept()

    @staticmethod
    async def _set_demo_audience(session, primary, comments_per_s: float) -> None:
        """The demo room's audience talks at the new rate now, not from the next start."""
        try:
            await primary.platform.set_audience(primary.room_id, enabled=comments_per_s > 0,
                                                comments_per_s=comments_per_s or None)
        except PlatformError as exc:
            session.notify(exc.message, key="demo-audience")


class PushUrlDialog(QDialog):
    """The signed RTMP address OBS pushes to (server + stream key)."""

    def __init__(self, session, room, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Push URL for OBS"))
        self.resize(640, 200)
        self.server = QLineEdit(self)
        self.server.setReadOnly(True)
        self.key = QLineEdit(self)
        self.key.setReadOnly(True)
        self.key.setEchoMode(QLineEdit.EchoMode.PasswordEchoOnEdit)
        self.note = plain_label(self.tr("Loading…"), self, wrap=True)
        copy_server = QPushButton(self.tr("Copy"), self)
        copy_server.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.server.text()))
        copy_key = QPushButton(self.tr("Copy"), self)
        copy_key.clicked.connect(lambda: copy_secret(self.key.text()))   # anyone with it can broadcast here
        form = QFormLayout()
        r1 = QHBoxLayout()
        r1.addWidget(self.server, 1)
        r1.addWidget(copy_server)
        r2 = QHBoxLayout()
        r2.addWidget(self.key, 1)
        r2.addWidget(copy_key)
        form.addRow(self.tr("Server"), r1)
        form.addRow(self.tr("Stream key"), r2)
        buttons = dialog_buttons(self)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(buttons)

        async def load() -> None:
            try:
                info = await room.primary.platform.push_url(room.primary.room_id)
            except PlatformError as exc:
                self.note.setText(tr_text(exc.message))
                return
            self.server.setText(info.get("server", ""))
            self.key.setText(info.get("stream_key", ""))
            self.note.setText(self.tr("In OBS: Settings → Stream → Service “Custom”, paste the server and the "
                                      "stream key. The key is secret: anyone with it can broadcast to this room."))

        session.tasks.spawn(load(), name="push-url")
