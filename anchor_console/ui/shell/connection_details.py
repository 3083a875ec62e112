"""The connection line's whole message, asked for from the header (a click on it, or Details…):
the header cuts "Could not connect: …" short to fit, and a tooltip goes as the pointer moves.
Here it wraps and can be selected (to copy for support), with the two ways on: Reconnect, and
Connections… to change what is wrong."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QScrollArea, QVBoxLayout

from anchor_console.session.connect_state import RECONNECT
from anchor_console.ui.common.i18n import tr_text
from anchor_console.ui.common.widgets import dialog_buttons, plain_label


class ConnectionDetails(QDialog):
    """`text`: what the header's connection line says, whole; Reconnect and Connections… act for `window`."""

    def __init__(self, text: str, window) -> None:
        super().__init__(window)
        # The words (and translations) the console already has: the Connections form's, the notices'
        # Reconnect, the File menu's Connections….
        self.setWindowTitle(QCoreApplication.translate("ConnectionsDialog", "Connection"))
        self.setObjectName("connection-details")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.window_ = window
        self.message = plain_label(text, self, wrap=True)
        self.message.setObjectName("connection-details-text")
        self.message.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        area = QScrollArea(self)   # a long reason (a path, a server's words) scrolls; the buttons stay
        area.setWidget(self.message)
        area.setWidgetResizable(True)
        area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.buttons = dialog_buttons(self)   # Close
        role = QDialogButtonBox.ButtonRole.ActionRole
        self.reconnect_button = self.buttons.addButton(tr_text(RECONNECT), role)
        self.reconnect_button.setObjectName("connection-details-reconnect")
        self.reconnect_button.clicked.connect(self.reconnect)
        self.connections_button = self.buttons.addButton(
            QCoreApplication.translate("MainWindow", "&Connections…"), role)
        self.connections_button.setObjectName("connection-details-connections")
        self.connections_button.clicked.connect(self.open_connections)
        layout = QVBoxLayout(self)
        layout.addWidget(area, 1)
        layout.addWidget(self.buttons)
        self.resize(480, 200)

    def reconnect(self) -> None:
        self.accept()
        self.window_.session.reconnect()

    def open_connections(self) -> None:
        self.accept()
        self.window_.open_connections()
