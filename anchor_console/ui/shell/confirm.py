"""Firing actions from the ui: money actions ask for confirmation (a setting), a button's action
is in flight at most once (its button is disabled meanwhile; the room layer also joins identical
actions), and the outcome is reported honestly — confirmed, failed with the reason in words, or
unknown — with a Retry that reuses the same idempotency key."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from anchor_console.room.journal import CONFIRMED, SKIPPED, UNKNOWN
from anchor_console.room.live_room import ACTIONS, ActionOutcome, jsonable
from anchor_console.ui.describe import describe
from anchor_console.ui.i18n import tr_text

log = logging.getLogger("anchor_console.ui.actions")


class RoomActions(QObject):
    pending_changed = Signal()
    finished = Signal(object)          # ActionOutcome

    def __init__(self, console, window: QWidget) -> None:
        super().__init__(window)
        self.console = console
        self.window = window
        self._pending: dict[str, int] = {}

    def is_pending(self, gate: str) -> bool:
        return self._pending.get(gate, 0) > 0

    def _hold(self, gate: str, delta: int) -> None:
        self._pending[gate] = self._pending.get(gate, 0) + delta
        if self._pending[gate] <= 0:
            del self._pending[gate]
        self.pending_changed.emit()

    def run(self, kind: str, params: dict, *, gate: str | None = None, connection_id: str | None = None,
            origin: str = "manual", confirm_text: str | None = None) -> bool:
        """Start an action; False if it was refused because the same one is still in flight."""
        room = self.console.room
        if room is None:
            self.window.notify(self.tr("Not connected to a room yet."), level="warning")
            return False
        gate = gate or kind
        params = jsonable(params)
        if self.is_pending(gate):
            return False
        self._hold(gate, +1)
        description = describe(kind, params, self.window.catalog)
        if ACTIONS[kind].money and self.console.settings.confirm_money_actions:
            box = QMessageBox(QMessageBox.Icon.Question, self.tr("Confirm"),
                              confirm_text or self.tr("{action}?").format(action=description),
                              QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, self.window)
            box.setTextFormat(Qt.TextFormat.PlainText)
            box.setDefaultButton(QMessageBox.StandardButton.Yes)
            box.button(QMessageBox.StandardButton.Yes).setText(self.tr("Fire"))
            box.setObjectName("confirm-money-action")

            def answered(result: int) -> None:
                box.deleteLater()
                if result == QMessageBox.StandardButton.Yes:
                    self._start(room, kind, params, gate, connection_id, origin, description)
                else:
                    self._hold(gate, -1)

            box.finished.connect(answered)
            box.open()  # never exec(): it would nest a Qt loop inside the asyncio loop
            return True
        self._start(room, kind, params, gate, connection_id, origin, description)
        return True

    def _start(self, room, kind, params, gate, connection_id, origin, description) -> None:
        async def perform() -> None:
            try:
                outcome = await room.perform(kind, params, connection_id=connection_id, origin=origin)
            finally:
                self._hold(gate, -1)
            self.report(outcome, description)

        self.console.tasks.spawn(perform(), name=f"action:{kind}")

    def retry(self, action_id: str, description: str) -> None:
        room = self.console.room
        if room is None:
            return
        gate = f"retry:{action_id}"
        if self.is_pending(gate):
            return
        self._hold(gate, +1)

        async def again() -> None:
            try:
                outcome = await room.retry(action_id)
            finally:
                self._hold(gate, -1)
            self.report(outcome, description)

        self.console.tasks.spawn(again(), name="action:retry")

    def report(self, outcome: ActionOutcome, description: str) -> None:
        self.finished.emit(outcome)
        entry = outcome.entry
        if outcome.status == CONFIRMED:
            self.window.show_status(self.tr("Done: {action}").format(action=description), 4000)
            return
        if outcome.status == SKIPPED:
            reasons = "; ".join(tr_text(r) for _, r in outcome.reasons())
            self.window.notify(self.tr("{action}: {why}").format(action=description, why=reasons), level="warning",
                               timeout_ms=15000)
            return
        lines = []
        for d in entry.dispatches:
            if d.status == CONFIRMED:
                lines.append(self.tr("{platform}: done").format(platform=d.platform))
            elif d.reason is not None:
                lines.append(f"{d.platform}: {tr_text(d.reason)}")
        head = (self.tr("No answer yet for: {action}") if outcome.status == UNKNOWN
                else self.tr("Failed: {action}")).format(action=description)
        self.window.notify(head + "\n" + "\n".join(lines),
                           [(self.tr("Retry"), lambda: self.retry(entry.id, description))],
                           level="warning" if outcome.status == UNKNOWN else "error")
