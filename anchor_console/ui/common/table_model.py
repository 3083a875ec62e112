"""The one base of the console's table models: a list of rows, column headers declared once, and
one method per model that says how a cell reads (`cell`).

`set_rows` repaints in place when the rows are the same things in the same order (stock and
sales tick every second during a show: a reset would redraw every row and lose the scroll
position and selection) and resets only when the rows themselves changed."""

from __future__ import annotations

import json
from typing import Any, Callable, Generic, Iterable, TypeVar

from PySide6.QtCore import QAbstractTableModel, QMimeData, QModelIndex, Qt

from anchor_console.domain.clock import Clock

Row = TypeVar("Row")
Display = Qt.ItemDataRole.DisplayRole


class RowsModel(QAbstractTableModel, Generic[Row]):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[Row] = []
        self._columns = len(self.headers())  # asked for on every paint: counted once

    # what a subclass says ----------------------------------------------------------------
    def headers(self) -> list[str]:
        """Column titles, translated (called when the view asks, so a language change shows)."""
        raise NotImplementedError

    def cell(self, row: Row, column: int, role: int) -> Any:
        """What the view shows for `role` in this cell (None: nothing special)."""
        raise NotImplementedError

    # the rest ----------------------------------------------------------------------------
    def set_rows(self, rows: Iterable[Row], *, identity: Callable[[Row], Any] | None = None) -> None:
        """Show `rows`. With `identity`, rows that are the same things in the same order as now are
        updated in place (only the rows that differ are repainted)."""
        rows = list(rows)
        same = (identity is not None and len(rows) == len(self.rows)
                and all(identity(a) == identity(b) for a, b in zip(self.rows, rows)))
        if not same:
            self.beginResetModel()
            self.rows = rows
            self.endResetModel()
            return
        old, self.rows = self.rows, rows
        changed = [i for i, (before, after) in enumerate(zip(old, rows)) if before is not after and before != after]
        if changed:  # one signal: each one makes the view measure its columns again
            self.dataChanged.emit(self.index(changed[0], 0), self.index(changed[-1], self.columnCount() - 1))

    def repaint_column(self, column: int) -> None:
        """A column that reads the clock (time left, countdowns) changes every second."""
        if self.rows:
            self.dataChanged.emit(self.index(0, column), self.index(len(self.rows) - 1, column))

    def row_at(self, index: QModelIndex) -> Row | None:
        return self.rows[index.row()] if index.isValid() and 0 <= index.row() < len(self.rows) else None

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 (Qt's name)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else self._columns

    def headerData(self, section, orientation, role=Display):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Display:
            headers = self.headers()
            return headers[section] if 0 <= section < len(headers) else None
        return None

    def data(self, index, role=Display):
        row = self.row_at(index)
        return None if row is None else self.cell(row, index.column(), role)


class CountdownRows(RowsModel[Row]):
    """Rows with a column that counts down (`TIME`: time left, ends in): `tick()`, called every
    second, repaints it. Their times are on a platform's clock: `clock` is the session's
    `PlatformClock` (a platform's time by connection), or any clock."""

    TIME: int

    def __init__(self, clock: Clock, parent=None) -> None:
        self.clock = clock
        super().__init__(parent)

    def now(self, connection_id: str | None = None) -> float:
        """Now on the clock of the platform (`connection_id`; the room's first) a row's times are on."""
        now_for = getattr(self.clock, "now_for", None)
        return now_for(connection_id) if now_for is not None else self.clock.now()

    def tick(self) -> None:
        self.repaint_column(self.TIME)


class ReorderableRows(RowsModel[Row]):
    """Rows the user drags into another order. The model never moves rows itself on a drop (the
    view would then remove the source rows): it tells `rows_dropped(rows, before_row)` and the
    owner changes the order where it lives (a platform, a document), which comes back here.
    Column `NUMBER` shows each row's place in that order (1, 2, …)."""

    mime_type: str = "application/x-anchor-console-rows"
    NUMBER: int | None = None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and index.isValid() and index.column() == self.NUMBER:
            return str(index.row() + 1)
        return super().data(index, role)

    def rows_dropped(self, rows: list[int], before_row: int) -> None:
        raise NotImplementedError

    def flags(self, index):
        base = super().flags(index)
        if index.isValid():
            return base | Qt.ItemFlag.ItemIsDragEnabled
        return base | Qt.ItemFlag.ItemIsDropEnabled

    def supportedDropActions(self):  # noqa: N802
        return Qt.DropAction.MoveAction

    def mimeTypes(self):  # noqa: N802
        return [self.mime_type]

    def mimeData(self, indexes):  # noqa: N802
        data = QMimeData()
        data.setData(self.mime_type, json.dumps(sorted({i.row() for i in indexes})).encode())
        return data

    def canDropMimeData(self, data, action, row, column, parent) -> bool:  # noqa: N802
        return data.hasFormat(self.mime_type)

    def dropMimeData(self, data, action, row, column, parent) -> bool:  # noqa: N802
        if not data.hasFormat(self.mime_type):
            return False
        rows = json.loads(bytes(data.data(self.mime_type)).decode())
        if row < 0:
            row = parent.row() if parent.isValid() else len(self.rows)
        if rows:
            self.rows_dropped(rows, row)
        return False
