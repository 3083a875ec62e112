"""The clicks that follow a confirmation closing: for a double-click's time, those that land where the
box was do not reach the window under it. An operator mashing Fire sends the second and third clicks
to whatever lay under the box — two of them on a shelf row are a double click, which put that
product on stage. A click elsewhere in the window (the operator moving on at once) goes through."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, QTimer
from PySide6.QtWidgets import QApplication, QWidget

_MOUSE = (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease, QEvent.Type.MouseButtonDblClick)


class ClickThroughGuard(QObject):
    """Swallows mouse presses on `window` inside `area` (screen coordinates: where the box was) for
    `ms` (a double-click interval by default), then goes."""

    def __init__(self, window: QWidget, area: QRect, ms: int | None = None) -> None:
        super().__init__(window)
        self._window = window
        self._area = area
        self.active = True
        QApplication.instance().installEventFilter(self)
        QTimer.singleShot(ms if ms is not None else QApplication.doubleClickInterval(), self.end)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        return (event.type() in _MOUSE and isinstance(watched, QWidget) and watched.window() is self._window
                and self._area.contains(event.globalPosition().toPoint()))

    def end(self) -> None:
        if self.active:
            self.active = False
            QApplication.instance().removeEventFilter(self)
            self.deleteLater()


def guard_clicks_after(box: QWidget) -> ClickThroughGuard | None:
    """A guard where `box` (a confirmation, closing now) was, on the window it was asked over."""
    parent = box.parentWidget()
    # QWidget.window, not parent.window(): a panel or dialog may keep its main window as `window`
    top = QWidget.window(parent) if isinstance(parent, QWidget) else None
    return ClickThroughGuard(top, box.frameGeometry()) if top is not None else None
