"""A row of controls that wraps onto a second line where the column is too narrow for it — a
toolbar in a dock that must fit a 1366×768 laptop at 125 % (1093 logical px) and still show every
control at its full width (nothing elided, nothing behind a menu, Tab order unchanged)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QSizePolicy, QSpacerItem, QWidget, QWidgetItem


class FlowLayout(QLayout):
    """Lays its widgets out left to right at their preferred widths, starting a new line where the
    next one does not fit. Widgets added with `stretch` share what is left of their line. Its least
    width is its widest widget's: the column may be that narrow; its height follows its width."""

    def __init__(self, parent: QWidget | None = None, *, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._stretch: list[int] = []
        self.setContentsMargins(0, 0, 0, 0)
        self.setSpacing(spacing)

    def addWidget(self, widget: QWidget, stretch: int = 0) -> None:  # noqa: N802 (Qt's name)
        self.addChildWidget(widget)
        self._items.append(QWidgetItem(widget))
        self._stretch.append(stretch)
        self.invalidate()

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802
        self._items.append(item)
        self._stretch.append(0)

    def addStretch(self, stretch: int = 1) -> None:  # noqa: N802 (QBoxLayout's name)
        """Room that pushes what follows on its line to the right (nothing where the line is full)."""
        self._items.append(QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum))
        self._stretch.append(stretch)
        self.invalidate()

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        if not 0 <= index < len(self._items):
            return None
        del self._stretch[index]
        return self._items.pop(index)

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802
        return Qt.Orientation.Horizontal

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return self._lay_out(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802
        super().setGeometry(rect)
        self._lay_out(rect, move=True)

    def sizeHint(self) -> QSize:  # noqa: N802
        shown = self._shown()
        margins = self.contentsMargins()
        width = sum(item.sizeHint().width() for item, _s in shown) + self._gaps(shown)
        height = max((item.sizeHint().height() for item, _s in shown), default=0)
        return QSize(width + margins.left() + margins.right(), height + margins.top() + margins.bottom())

    def _gaps(self, line: list[tuple[QLayoutItem, int]]) -> int:
        """The spacing between a line's widgets (a stretch has none of its own)."""
        return self.spacing() * max(0, sum(item.spacerItem() is None for item, _s in line) - 1)

    def minimumSize(self) -> QSize:  # noqa: N802
        shown = self._shown()
        margins = self.contentsMargins()
        width = max((item.minimumSize().width() for item, _s in shown), default=0)
        height = max((item.minimumSize().height() for item, _s in shown), default=0)
        return QSize(width + margins.left() + margins.right(), height + margins.top() + margins.bottom())

    def _shown(self) -> list[tuple[QLayoutItem, int]]:
        """The widgets not hidden, and the stretches (no width of their own, so never a line's cause)."""
        return [(item, stretch) for item, stretch in zip(self._items, self._stretch)
                if not item.isEmpty() or item.spacerItem() is not None]

    def _lines(self, width: int) -> list[list[tuple[QLayoutItem, int]]]:
        """The shown widgets, line by line: as many on a line as fit at their least widths (a row
        that fits squeezed stays one row, as a QHBoxLayout would keep it)."""
        lines: list[list[tuple[QLayoutItem, int]]] = [[]]
        used = 0
        for item, stretch in self._shown():
            if item.spacerItem() is not None:
                lines[-1].append((item, stretch))
                continue
            least = item.minimumSize().width()
            if used and used + self.spacing() + least > width:
                lines.append([])
                used = 0
            used += (self.spacing() if used else 0) + least
            lines[-1].append((item, stretch))
        return [line for line in lines if line]

    def _widths(self, line: list[tuple[QLayoutItem, int]], width: int) -> list[int]:
        """Each widget of a line its least width, then a share of the room up to its preferred one
        (in proportion to what it lacks), then what is left to the stretches."""
        least = [0 if item.spacerItem() is not None else item.minimumSize().width() for item, _s in line]
        lacking = [max(0, item.sizeHint().width() - low) if item.spacerItem() is None else 0
                   for (item, _s), low in zip(line, least)]
        room = max(0, width - sum(least) - self._gaps(line))
        if room < sum(lacking):
            return [low + lack * room // sum(lacking) for low, lack in zip(least, lacking)]
        spare = room - sum(lacking)
        stretches = sum(stretch for _i, stretch in line)
        return [low + lack + (spare * stretch // stretches if stretches else 0)
                for low, lack, (_i, stretch) in zip(least, lacking, line)]

    def _lay_out(self, rect: QRect, *, move: bool) -> int:
        """Places the widgets in `rect` (with `move`); returns the height they take."""
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        y = area.y()
        for line in self._lines(area.width()):
            height = max(item.sizeHint().height() for item, _s in line)
            x = area.x()
            for (item, _s), w in zip(line, self._widths(line, area.width())):
                if move:
                    item.setGeometry(QRect(QPoint(x, y), QSize(w, height)))
                x += w + (self.spacing() if item.spacerItem() is None else 0)
            y += height + self.spacing()
        return y - self.spacing() - area.y() + margins.top() + margins.bottom()


def flow_row(parent: QWidget | None = None, *, spacing: int = 6) -> tuple[QWidget, FlowLayout]:
    """A widget holding a `FlowLayout` (a vertical box lays a widget's height-for-width out, which it
    does not for a child layout of another kind)."""
    holder = QWidget(parent)
    policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
    policy.setHeightForWidth(True)
    holder.setSizePolicy(policy)
    return holder, FlowLayout(holder, spacing=spacing)
