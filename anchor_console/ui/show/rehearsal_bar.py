"""The banner of a dry run: while the console follows a rehearsal room it says so in the middle
of the window — nothing done here reaches the live room — with the simulated audience's rate,
a recorded comment log to play in, and the way back to the live room."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDoubleSpinBox, QFileDialog, QFrame, QPushButton, QVBoxLayout

from anchor_console.domain.audience import DEFAULT_COMMENTS_PER_S, MAX_COMMENTS_PER_S
from anchor_console.ui.common.flow_layout import flow_row
from anchor_console.ui.common.widgets import plain_label


class RehearsalBar(QFrame):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.session = window.session
        self.setObjectName("rehearsal-bar")
        self.setStyleSheet("QFrame#rehearsal-bar { background: #e3f2fd; border: 2px solid #1565c0; "
                           "border-radius: 6px; } QLabel { color: #0d47a1; font-weight: bold; }")
        self.label = plain_label(self.tr("REHEARSAL ROOM — nothing done here reaches the live room"), self, wrap=True)
        self.audience = QDoubleSpinBox(self)
        self.audience.setRange(0, MAX_COMMENTS_PER_S)
        self.audience.setDecimals(0)
        self.audience.setValue(DEFAULT_COMMENTS_PER_S)
        self.audience.setSuffix(self.tr(" comments/s"))
        self.audience.setToolTip(self.tr("The simulated audience of the rehearsal room (0: silent)"))
        self.audience.editingFinished.connect(self._set_audience)
        replay = QPushButton(self.tr("Replay comments…"), self)
        replay.setToolTip(self.tr("Play a recorded comment log (JSON Lines) into the rehearsal room"))
        replay.clicked.connect(self._choose_log)
        leave = QPushButton(self.tr("Leave rehearsal room"), self)
        leave.setObjectName("leave-rehearsal")
        leave.clicked.connect(lambda: self.session.tasks.spawn(self.session.rehearsal.leave(), name="leave-dry-run"))
        # The words above, the controls in a row that wraps: one line of all four needed 549 px, wider
        # than the middle column of a 1280 px window, and far wider than a 1093 px one's.
        controls_row, controls = flow_row(self)
        controls.addWidget(self.audience)
        controls.addWidget(replay)
        controls.addWidget(leave)
        box = QVBoxLayout(self)
        box.setContentsMargins(8, 4, 8, 4)
        box.setSpacing(4)
        box.addWidget(self.label)
        box.addWidget(controls_row)
        self.session.rehearsal.changed.connect(self._changed)
        self.hide()

    def _changed(self, active: bool) -> None:
        self.setVisible(active)
        if active:
            self._set_audience()

    def _set_audience(self) -> None:
        self.session.tasks.spawn(self.session.rehearsal.set_audience(self.audience.value()), name="dry-run-audience",
                                 key="dry-run-audience")

    def _choose_log(self) -> None:
        dialog = QFileDialog(self, self.tr("Replay a comment log"), str(Path.home()),
                             self.tr("Comment logs (*.jsonl *.json *.txt)"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(lambda path: self.session.tasks.spawn(
            self.session.rehearsal.replay(Path(path)), name="dry-run-replay"))
        dialog.open()
