"""The clicks that follow a confirmation closing: for a double-click's time they do not land on the
window under it. An operator mashing Fire sends the second and third clicks to whatever lay under
the box — two of them on a shelf row are a double click, which put that product on stage."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

_MOUSE = (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease, QEvent.Type.MouseButtonDblClick)


class ClickThroughGuard(QObject):
    """Swallows mouse presses on `window` for `ms` (a double-click interval by default), then goes."""

    def __init__(self, window: QWidget, ms: int | None = None) -> None:
        super().__init__(window)
        self._window = window
        self.active = True
        QApplication.instance().installEventFilter(self)
        QTimer.singleShot(ms if ms is not None else QApplication.doubleClickInterval(), self.end)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        return (event.type() in _MOUSE and isinstance(watched, QWidget)
                and watched.window() is self._window)

    def end(self) -> None:
        if self.active:
            self.active = False
            QApplication.instance().removeEventFilter(self)
            self.deleteLater()


def guard_clicks_after(window: QWidget) -> ClickThroughGuard | None:
    """A guard for `window` (a top-level window: the box's parent's), or None without one."""
    # QWidget.window, not window.window(): a panel or dialog may keep its main window as `window`
    top = QWidget.window(window) if isinstance(window, QWidget) else None
    return ClickThroughGuard(top) if top is not None else None
