"""The shelf's table models: the room's products (drag to reorder), the catalog of products not
listed yet, the search filter, and the "List" button painted in a cell."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QEvent, QRect, QSize, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionButton

from anchor_console.domain.models import Product, ShelfItem
from anchor_console.domain.money import format_money
from anchor_console.ui.common.table_model import ReorderableRows, RowsModel
from anchor_console.ui.common.widgets import plain_tooltip

ItemRole = Qt.ItemDataRole.UserRole + 1
AlarmRole = Qt.ItemDataRole.UserRole + 2   # True: a cell that says something is wrong (sold out, stock low)
SOLD_OUT_BG, LOW_STOCK = QColor("#c62828"), QColor("#c62828")
LOW_STOCK_BELOW = 10


class ShelfModel(ReorderableRows[ShelfItem]):
    NUMBER, PRODUCT, PRICE, STOCK, SOLD, STATE = range(6)
    reorder_requested = Signal(list)   # product ids in the new order

    def __init__(self, images, parent=None, *, thumb_size: int = 40,
                 stock_of: Callable[[ShelfItem], int | None] = lambda item: item.product.stock) -> None:
        super().__init__(parent)
        self.images = images
        self.thumb_size = thumb_size   # the thumbnails' side: as the view's rows hold them
        # Pieces left (None: nobody says); the shelf panel knows better for a room on two platforms.
        self.stock_of = stock_of
        self.pending: set[str] = set()
        images.loaded.connect(self._image_loaded)

    def headers(self) -> list[str]:
        return [self.tr("No."), self.tr("Product"), self.tr("Price"), self.tr("Stock"), self.tr("Sold"),
                self.tr("State")]

    def set_items(self, items: list[ShelfItem]) -> None:
        self.set_rows(items, identity=lambda item: item.product_id)

    def set_pending(self, product_ids: set[str]) -> None:
        if product_ids == self.pending:
            return
        self.pending = set(product_ids)
        self.repaint_column(self.STATE)

    def _image_loaded(self, url: str) -> None:
        for row, item in enumerate(self.rows):
            if item.product.image_url == url:
                idx = self.index(row, self.PRODUCT)
                self.dataChanged.emit(idx, idx, [Qt.ItemDataRole.DecorationRole])

    def sold_out(self, item: ShelfItem) -> bool:
        stock = self.stock_of(item)
        return stock is not None and stock <= 0

    def state_text(self, item: ShelfItem) -> str:
        if item.product_id in self.pending:
            return self.tr("working…")
        if self.sold_out(item):   # said before anything else: the anchor must move on from it
            return self.tr("● Sold out") if item.on_stage else self.tr("Sold out")
        if item.on_stage:
            return self.tr("● On stage")
        return self.tr("On sale") if item.on_sale else self.tr("Off sale")

    def alarm(self, item: ShelfItem, col: int) -> bool:
        """The cells that warn: a sold-out product's State, a low stock's figure."""
        if col == self.STATE:
            return item.product_id not in self.pending and self.sold_out(item)
        if col == self.STOCK:
            stock = self.stock_of(item)
            return stock is not None and stock < LOW_STOCK_BELOW
        return False

    def cell(self, item: ShelfItem, col: int, role: int):
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.PRODUCT:
                return item.product.name
            if col == self.PRICE:
                return format_money(item.product.price_fen)
            if col == self.STOCK:
                stock = self.stock_of(item)
                return "—" if stock is None else str(stock)
            if col == self.SOLD:
                return str(item.sold)
            if col == self.STATE:
                return self.state_text(item)
        elif role == Qt.ItemDataRole.DecorationRole and col == self.PRODUCT:
            return self.images.rounded(item.product.image_url, self.thumb_size)
        elif role == Qt.ItemDataRole.ToolTipRole and col == self.PRODUCT:
            stock = self.tr("stock")
            skus = "\n".join(f"{s.name}: {format_money(s.price_fen)} · {stock} {s.stock}" for s in item.product.skus)
            return plain_tooltip(f"{item.product.name}\n{item.product.description}\n{skus}")
        elif role == Qt.ItemDataRole.ToolTipRole and col == self.STATE and self.alarm(item, col):
            return (self.tr("Sold out while on stage: put another product on stage") if item.on_stage
                    else self.tr("Sold out: no stock left"))
        elif role == Qt.ItemDataRole.FontRole and (item.on_stage or self.alarm(item, col)):
            font = QFont()
            font.setBold(True)
            return font
        elif role == Qt.ItemDataRole.BackgroundRole:
            if col == self.STATE and self.alarm(item, col):
                return QBrush(SOLD_OUT_BG)
            if item.on_stage:
                return QBrush(QColor(255, 213, 79, 90))
        elif role == Qt.ItemDataRole.ForegroundRole:
            if self.alarm(item, col):
                return QBrush(QColor("white")) if col == self.STATE else QBrush(LOW_STOCK)
            if not item.on_sale and col == self.STATE:
                return QBrush(QColor("#757575"))
        elif role == AlarmRole:
            return self.alarm(item, col)
        elif role == Qt.ItemDataRole.TextAlignmentRole and col in (self.NUMBER, self.PRICE, self.STOCK, self.SOLD):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        elif role == ItemRole:
            return item
        return None

    def rows_dropped(self, rows: list[int], before_row: int) -> None:
        moving = [self.rows[r] for r in rows]
        staying = [it for i, it in enumerate(self.rows) if i not in rows]
        insert_at = before_row - sum(1 for r in rows if r < before_row)
        new = staying[:insert_at] + moving + staying[insert_at:]
        if [it.product_id for it in new] != [it.product_id for it in self.rows]:
            self.set_items(new)  # optimistic; the platform's shelf event confirms or corrects it
            self.reorder_requested.emit([it.product_id for it in new])


class AlarmDelegate(QStyledItemDelegate):
    """Paints a warning cell (AlarmRole) as if its row were not selected: the selection's colour
    would hide a sold-out product's red State and a low stock's red figure on the very row the
    assistant has chosen — most often the product on stage."""

    def initStyleOption(self, option, index) -> None:  # noqa: N802 (Qt's name)
        super().initStyleOption(option, index)
        if index.data(AlarmRole):
            option.state &= ~QStyle.StateFlag.State_Selected


class ShelfFilter(QSortFilterProxyModel):
    needle = ""

    def set_needle(self, text: str) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt >= 6.10; invalidateFilter() is deprecated there
            self.beginFilterChange()
            self.needle = text.strip().lower()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.needle = text.strip().lower()
            self.invalidateFilter()

    def filterAcceptsRow(self, row, parent) -> bool:
        needle = self.needle
        if not needle:
            return True
        item: ShelfItem = self.sourceModel().rows[row]
        hay = " ".join([item.product.name, item.product.category, item.product.id,
                        *(s.name for s in item.product.skus)]).lower()
        return needle in hay


class ButtonDelegate(QStyledItemDelegate):
    """A push button painted in a cell; clicking it emits `clicked(row)`."""

    clicked = Signal(int)

    def __init__(self, caption: str, parent=None) -> None:
        super().__init__(parent)
        self.caption = caption

    def paint(self, painter, option, index):
        button = QStyleOptionButton()
        button.rect = option.rect.adjusted(4, 4, -4, -4)
        button.text = self.caption
        button.state = QStyle.StateFlag.State_Enabled | QStyle.StateFlag.State_Raised
        QApplication.style().drawControl(QStyle.ControlElement.CE_PushButton, button, painter)

    def sizeHint(self, option, index):
        return QSize(option.fontMetrics.horizontalAdvance(self.caption) + 28, option.fontMetrics.height() + 14)

    def editorEvent(self, event, model, option, index):
        if event.type() == QEvent.Type.MouseButtonRelease and QRect(option.rect).contains(event.position().toPoint()):
            self.clicked.emit(index.row())
            return True
        return False


class CatalogModel(RowsModel[Product]):
    """Catalog products that are not on the shelf yet."""

    def __init__(self, images, parent=None, *, thumb_size: int = 32) -> None:
        super().__init__(parent)
        self.images = images
        self.thumb_size = thumb_size
        images.loaded.connect(lambda url: self.layoutChanged.emit())

    def headers(self) -> list[str]:
        return [self.tr("Product"), self.tr("Price"), self.tr("Stock"), ""]

    def set_products(self, products: list[Product]) -> None:
        if products != self.rows:
            self.set_rows(products)

    def cell(self, p: Product, col: int, role: int):
        if role == Qt.ItemDataRole.DisplayRole:
            return [p.name, format_money(p.price_fen), str(p.stock), ""][col]
        if role == Qt.ItemDataRole.DecorationRole and col == 0:
            return self.images.rounded(p.image_url, self.thumb_size)
        if role == Qt.ItemDataRole.ToolTipRole and col == 0:
            return plain_tooltip(f"{p.name} · {p.category}\n{p.description}")
        return None
