"""Small widgets shared by the panels: the notification bar, figure tiles for the live stats,
a plain-text label, and capability gating (disable what no bound platform can do, and say which
platform lacks it)."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from anchor_console.domain.capabilities import Capability
from anchor_console.ui.common.i18n import tr_text


class Throttle(QTimer):
    """Runs `slot` once, `interval_ms` after the first `poke()`; pokes in between join that run.

    For lists redrawn from a stream of changes: unlike a debounce that every change restarts,
    a steady stream cannot starve it."""

    def __init__(self, interval_ms: int, slot: Callable[[], None], parent: QWidget) -> None:
        super().__init__(parent)
        self.setSingleShot(True)
        self.setInterval(interval_ms)
        self.timeout.connect(slot)

    def poke(self, *_args) -> None:
        if not self.isActive():
            self.start()


class ListMirror:
    """Keeps a QListWidget showing a list of keyed rows that changes a little at a time (held
    comments, the mod log) without rebuilding it: rows that went are taken out, new ones are
    added at the top or the bottom, and the rest — and the selection — stay as they are.

    Rebuilding a few hundred items on every change cost tens of milliseconds on the ui thread."""

    def __init__(self, widget: QListWidget) -> None:
        self.widget = widget
        self.keys: list = []

    def sync(self, keys: list, make: Callable[[int], QListWidgetItem]) -> None:
        """Show `keys` in this order; `make(i)` builds the item for keys[i] when it is new."""
        widget = self.widget
        wanted = set(keys)
        for row in range(len(self.keys) - 1, -1, -1):
            if self.keys[row] not in wanted:
                del self.keys[row]
                widget.takeItem(row)
        kept = self.keys
        start = keys.index(kept[0]) if kept else 0
        if keys[start:start + len(kept)] != kept:  # moved about: build it again
            widget.clear()
            self.keys = []
            start, kept = 0, []
        for i in range(start):
            widget.insertItem(i, make(i))
        for i in range(start + len(kept), len(keys)):
            widget.addItem(make(i))
        self.keys = list(keys)


def fill_combo(combo: QComboBox, entries: list[tuple[str, object]]) -> None:
    """Show `entries` (label, data) in a combo box, keeping the current choice. Changes in place
    when the same choices are offered again (stock figures ticking during a show), so an open
    drop-down is not closed under the operator."""
    if [combo.itemData(i) for i in range(combo.count())] == [data for _label, data in entries]:
        for i, (label, _data) in enumerate(entries):
            if combo.itemText(i) != label:
                combo.setItemText(i, label)
        return
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    for label, data in entries:
        combo.addItem(label, data)
    index = combo.findData(current)
    combo.setCurrentIndex(index if index >= 0 else (0 if combo.count() else -1))
    combo.blockSignals(False)


def dialog_buttons(dialog, on_accept=None, *, save: bool = False) -> QDialogButtonBox:
    """OK (or Save) and Cancel wired to the dialog; with no `on_accept`, just Close."""
    B = QDialogButtonBox.StandardButton
    if on_accept is None:
        buttons = QDialogButtonBox(B.Close, dialog)
    else:
        buttons = QDialogButtonBox((B.Save if save else B.Ok) | B.Cancel, dialog)
        buttons.accepted.connect(on_accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def plain_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    """A QLabel that never interprets its text as rich text (comments, names from platforms)."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    return label


class NotificationBar(QWidget):
    """Messages the operator must see (a failed money action, a dead connection), each with
    optional buttons such as Retry. Newest on top; at most a handful kept."""

    MAX = 4

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(6, 4, 6, 0)
        self._layout.setSpacing(4)
        self.hide()

    def notify(self, text: str, actions: list[tuple[str, Callable[[], None]]] = (), *, level: str = "error",
               timeout_ms: int = 0) -> QFrame:
        frame = QFrame(self)
        frame.setObjectName("notification")
        colors = {"error": ("#fdecea", "#b3261e"), "warning": ("#fff4e5", "#8a5300"), "info": ("#e8f1fd", "#174ea6")}
        bg, fg = colors.get(level, colors["info"])
        frame.setStyleSheet(f"QFrame#notification {{ background: {bg}; border: 1px solid {fg}; border-radius: 4px; }}"
                            f" QLabel {{ color: {fg}; }}")
        row = QHBoxLayout(frame)
        row.setContentsMargins(8, 4, 4, 4)
        label = plain_label(text, frame)
        label.setWordWrap(True)
        label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.MinimumExpanding)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row.addWidget(label, 1)
        for caption, callback in actions:
            button = QPushButton(caption, frame)

            def clicked(_=False, cb=callback, f=frame):
                self._dismiss(f)
                cb()

            button.clicked.connect(clicked)
            row.addWidget(button)
        close = QToolButton(frame)
        close.setText("✕")
        close.setToolTip(QCoreApplication.translate("NotificationBar", "Dismiss"))
        close.setAutoRaise(True)
        close.clicked.connect(lambda _=False, f=frame: self._dismiss(f))
        row.addWidget(close)
        self._layout.insertWidget(0, frame)
        while self._layout.count() > self.MAX:
            old = self._layout.itemAt(self._layout.count() - 1).widget()
            self._dismiss(old)
        self.show()
        if timeout_ms:
            QTimer.singleShot(timeout_ms, lambda f=frame: self._dismiss(f))
        return frame

    def _dismiss(self, frame: QFrame | None) -> None:
        if frame is None or frame.parent() is not self:
            return
        self._layout.removeWidget(frame)
        frame.setParent(None)
        frame.deleteLater()
        if self._layout.count() == 0:
            self.hide()

    def messages(self) -> list[str]:
        out = []
        for i in range(self._layout.count()):
            frame = self._layout.itemAt(i).widget()
            label = frame.findChild(QLabel)
            out.append(label.text() if label else "")
        return out


class FigureTile(QFrame):
    """One live figure (online, likes, GMV…) readable at a glance."""

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("figure")
        self.setStyleSheet("QFrame#figure { border: 1px solid palette(mid); border-radius: 4px; }")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 2, 8, 2)
        layout.setSpacing(0)
        self.value = plain_label("—", self)
        font = QFont(self.value.font())
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.value.setFont(font)
        self.caption = plain_label(caption, self)
        self.caption.setStyleSheet("color: palette(placeholder-text);")
        layout.addWidget(self.value)
        layout.addWidget(self.caption)

    def set_value(self, text: str) -> None:
        self.value.setText(text)


def gate(widget: QWidget, room, capability: Capability, *, base_tooltip: str = "") -> None:
    """Enable `widget` only if a bound connection can do `capability`; the tooltip names the
    platforms that lack it."""
    if room is None:
        widget.setEnabled(False)
        widget.setToolTip(base_tooltip)
        return
    lacking = room.lacking(capability)
    can = room.supports(capability)
    widget.setEnabled(can)
    if not lacking:
        widget.setToolTip(base_tooltip)
        return
    names = QCoreApplication.translate("gate", ", ").join(lacking)
    if can:
        note = QCoreApplication.translate("gate", "{platforms} cannot do {capability}; it will be skipped there.")
    else:
        note = QCoreApplication.translate("gate", "Not available: {platforms} cannot do {capability}.")
    note = note.format(platforms=names, capability=tr_text(capability.label))
    widget.setToolTip(f"{base_tooltip}\n{note}" if base_tooltip else note)
