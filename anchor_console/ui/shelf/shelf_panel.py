"""The shelf panel: the room's products (thumbnail, name, price, stock, state), 讲解 in one key,
on/off sale, drag to reorder, search, and the catalog with one-click listing.

Keys: 1–9 put product N on stage (from anywhere in the window), Space toggles 讲解 of the
selected product, S toggles its sale, Delete removes it from the shelf."""

from __future__ import annotations

import json

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QMimeData,
    QModelIndex,
    QRect,
    QSize,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from anchor_console.domain.capabilities import Capability
from anchor_console.domain.models import Product, ShelfItem
from anchor_console.domain.money import format_fen
from anchor_console.ui.widgets import gate, plain_label

ROW_MIME = "application/x-anchor-console-shelf-rows"
ItemRole = Qt.ItemDataRole.UserRole + 1


class ShelfModel(QAbstractTableModel):
    NUMBER, PRODUCT, PRICE, STOCK, SOLD, STATE = range(6)
    reorder_requested = Signal(list)   # product ids in the new order

    def __init__(self, images, parent=None) -> None:
        super().__init__(parent)
        self.images = images
        self.items: list[ShelfItem] = []
        self.pending: set[str] = set()
        images.loaded.connect(self._image_loaded)

    def set_items(self, items: list[ShelfItem]) -> None:
        items = list(items)
        if [i.product_id for i in items] != [i.product_id for i in self.items]:
            self.beginResetModel()
            self.items = items
            self.endResetModel()
            return
        # Same products in the same order (stock and sales tick during a show): repaint the rows
        # that changed; a reset would redraw every row and lose the scroll position.
        old, self.items = self.items, items
        changed = [row for row, (before, after) in enumerate(zip(old, items)) if before is not after and before != after]
        if changed:  # one signal: each makes the view measure its columns again
            self.dataChanged.emit(self.index(changed[0], 0), self.index(changed[-1], self.columnCount() - 1))

    def set_pending(self, product_ids: set[str]) -> None:
        if product_ids == self.pending:
            return
        self.pending = set(product_ids)
        if self.items:
            self.dataChanged.emit(self.index(0, self.STATE), self.index(len(self.items) - 1, self.STATE))

    def _image_loaded(self, url: str) -> None:
        for row, item in enumerate(self.items):
            if item.product.image_url == url:
                idx = self.index(row, self.PRODUCT)
                self.dataChanged.emit(idx, idx, [Qt.ItemDataRole.DecorationRole])

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else 6

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return [self.tr("No."), self.tr("Product"), self.tr("Price"), self.tr("Stock"), self.tr("Sold"),
                    self.tr("State")][section]
        return None

    def state_text(self, item: ShelfItem) -> str:
        if item.product_id in self.pending:
            return self.tr("working…")
        if item.on_stage:
            return self.tr("● On stage")
        return self.tr("On sale") if item.on_sale else self.tr("Off sale")

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        item = self.items[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.NUMBER:
                return str(index.row() + 1)
            if col == self.PRODUCT:
                return item.product.name
            if col == self.PRICE:
                return format_fen(item.product.price_fen)
            if col == self.STOCK:
                return str(item.product.stock)
            if col == self.SOLD:
                return str(item.sold)
            if col == self.STATE:
                return self.state_text(item)
        elif role == Qt.ItemDataRole.DecorationRole and col == self.PRODUCT:
            return self.images.rounded(item.product.image_url)
        elif role == Qt.ItemDataRole.ToolTipRole and col == self.PRODUCT:
            stock = self.tr("stock")
            skus = "\n".join(f"{s.name}: {format_fen(s.price_fen)} · {stock} {s.stock}" for s in item.product.skus)
            return f"{item.product.name}\n{item.product.description}\n{skus}"
        elif role == Qt.ItemDataRole.FontRole and item.on_stage:
            font = QFont()
            font.setBold(True)
            return font
        elif role == Qt.ItemDataRole.BackgroundRole and item.on_stage:
            return QBrush(QColor(255, 213, 79, 90))
        elif role == Qt.ItemDataRole.ForegroundRole:
            if col == self.STOCK and item.product.stock < 10:
                return QBrush(QColor("#c62828"))
            if not item.on_sale and col == self.STATE:
                return QBrush(QColor("#757575"))
        elif role == Qt.ItemDataRole.TextAlignmentRole and col in (self.NUMBER, self.PRICE, self.STOCK, self.SOLD):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        elif role == ItemRole:
            return item
        return None

    # drag to reorder -------------------------------------------------------------------
    def flags(self, index):
        base = super().flags(index)
        if index.isValid():
            return base | Qt.ItemFlag.ItemIsDragEnabled
        return base | Qt.ItemFlag.ItemIsDropEnabled

    def supportedDropActions(self):
        return Qt.DropAction.MoveAction

    def mimeTypes(self):
        return [ROW_MIME]

    def mimeData(self, indexes):
        data = QMimeData()
        rows = sorted({i.row() for i in indexes})
        data.setData(ROW_MIME, json.dumps(rows).encode())
        return data

    def canDropMimeData(self, data, action, row, column, parent) -> bool:
        return data.hasFormat(ROW_MIME)

    def dropMimeData(self, data, action, row, column, parent) -> bool:
        if not data.hasFormat(ROW_MIME):
            return False
        rows = json.loads(bytes(data.data(ROW_MIME)).decode())
        if row < 0:
            row = parent.row() if parent.isValid() else len(self.items)
        moving = [self.items[r] for r in rows]
        staying = [it for i, it in enumerate(self.items) if i not in rows]
        insert_at = row - sum(1 for r in rows if r < row)
        new = staying[:insert_at] + moving + staying[insert_at:]
        if [it.product_id for it in new] == [it.product_id for it in self.items]:
            return False
        self.set_items(new)  # optimistic; the platform's shelf event confirms or corrects it
        self.reorder_requested.emit([it.product_id for it in new])
        return False  # we moved the rows ourselves; the view must not remove the source rows


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
        item: ShelfItem = self.sourceModel().items[row]
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


class CatalogModel(QAbstractTableModel):
    """Catalog products that are not on the shelf yet."""

    def __init__(self, images, parent=None) -> None:
        super().__init__(parent)
        self.images = images
        self.products: list[Product] = []
        images.loaded.connect(lambda url: self.layoutChanged.emit())

    def set_products(self, products: list[Product]) -> None:
        if products == self.products:
            return
        self.beginResetModel()
        self.products = list(products)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self.products)

    def columnCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else 4

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return [self.tr("Product"), self.tr("Price"), self.tr("Stock"), ""][section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        p = self.products[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return [p.name, format_fen(p.price_fen), str(p.stock), ""][col]
        if role == Qt.ItemDataRole.DecorationRole and col == 0:
            return self.images.rounded(p.image_url)
        if role == Qt.ItemDataRole.ToolTipRole and col == 0:
            return f"{p.name} · {p.category}\n{p.description}"
        return None


class ShelfPanel(QWidget):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.console = window.console
        self.model = ShelfModel(window.images, self)
        self.model.reorder_requested.connect(self._reorder)
        self.proxy = ShelfFilter(self)
        self.proxy.setSourceModel(self.model)

        self.tabs = QTabWidget(self)
        # --- the shelf
        shelf_page = QWidget(self.tabs)
        bar = QHBoxLayout()
        self.stage_button = QPushButton(self.tr("讲解 (Space)"), shelf_page)
        self.stage_button.setCheckable(True)
        self.stage_button.clicked.connect(self.toggle_stage)
        self.sale_button = QPushButton(self.tr("On/off sale (S)"), shelf_page)
        self.sale_button.clicked.connect(self.toggle_sale)
        self.remove_button = QPushButton(self.tr("Remove"), shelf_page)
        self.price_button = QPushButton(self.tr("Price…"), shelf_page)
        self.price_button.setToolTip(self.tr("Change the price of one of the selected product's SKUs"))
        self.price_button.clicked.connect(self.change_price)
        self.remove_button.clicked.connect(self.remove_selected)
        self.search = QLineEdit(shelf_page)
        self.search.setPlaceholderText(self.tr("Search the shelf…"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        for w in (self.stage_button, self.sale_button, self.price_button, self.remove_button):
            bar.addWidget(w)
        bar.addWidget(self.search, 1)
        self.view = QTableView(shelf_page)
        self.view.setObjectName("shelf-view")
        self.view.setModel(self.proxy)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.view.setDragDropOverwriteMode(False)
        self.view.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.view.setDragEnabled(True)
        self.view.setAcceptDrops(True)
        self.view.setDropIndicatorShown(True)
        self.view.verticalHeader().hide()
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.setIconSize(QSize(40, 40))
        self.view.verticalHeader().setDefaultSectionSize(48)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(ShelfModel.PRODUCT, QHeaderView.ResizeMode.Stretch)
        for col in (ShelfModel.NUMBER, ShelfModel.PRICE, ShelfModel.STOCK, ShelfModel.SOLD, ShelfModel.STATE):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.view.doubleClicked.connect(lambda _i: self.toggle_stage())
        self.view.selectionModel().selectionChanged.connect(lambda *_: self.refresh_buttons())
        self.empty_label = plain_label(self.tr("No products on the shelf yet. Open the Catalog tab and list some."),
                                       shelf_page)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        page_layout = QVBoxLayout(shelf_page)
        page_layout.setContentsMargins(4, 4, 4, 4)
        page_layout.addLayout(bar)
        page_layout.addWidget(self.view, 1)
        page_layout.addWidget(self.empty_label)
        self.tabs.addTab(shelf_page, self.tr("Shelf"))

        # --- the catalog
        catalog_page = QWidget(self.tabs)
        self.catalog_model = CatalogModel(window.images, self)
        self.catalog_view = QTableView(catalog_page)
        self.catalog_view.setObjectName("catalog-view")
        self.catalog_view.setModel(self.catalog_model)
        self.catalog_view.verticalHeader().hide()
        self.catalog_view.setIconSize(QSize(32, 32))
        self.catalog_view.verticalHeader().setDefaultSectionSize(40)
        self.catalog_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list_delegate = ButtonDelegate(self.tr("List"), self.catalog_view)
        self.list_delegate.clicked.connect(self.list_catalog_row)
        self.catalog_view.setItemDelegateForColumn(3, self.list_delegate)
        ch = self.catalog_view.horizontalHeader()
        ch.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2, 3):
            ch.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.catalog_view.doubleClicked.connect(lambda idx: self.list_catalog_row(idx.row()))
        catalog_hint = plain_label(self.tr("One click on List puts a product into the room."), catalog_page)
        cl = QVBoxLayout(catalog_page)
        cl.setContentsMargins(4, 4, 4, 4)
        cl.addWidget(catalog_hint)
        cl.addWidget(self.catalog_view, 1)
        self.tabs.addTab(catalog_page, self.tr("Catalog"))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

        # keys
        for n in range(1, 10):
            sc = QShortcut(QKeySequence(str(n)), window)
            sc.setContext(Qt.ShortcutContext.WindowShortcut)
            sc.activated.connect(lambda n=n: self.stage_number(n))
        for key, slot in (("Space", self.toggle_stage), ("S", self.toggle_sale), ("Delete", self.remove_selected)):
            sc = QShortcut(QKeySequence(key), self.view)
            sc.setContext(Qt.ShortcutContext.WidgetShortcut)
            sc.activated.connect(slot)

        window.actions.pending_changed.connect(self._pending_changed)
        window.catalog.changed.connect(self.refresh_catalog)
        self.refresh()

    # ------------------------------------------------------------------ state

    @property
    def room(self):
        return self.console.room

    def refresh(self) -> None:
        room = self.room
        selected = self.selected_item()
        items = room.state.shelf if room is not None else []
        self.model.set_items(items)
        if selected is not None:
            self.select_product(selected.product_id)
        self.view.setVisible(bool(items))
        self.empty_label.setVisible(not items)
        self.refresh_catalog()
        self.refresh_buttons()

    def refresh_catalog(self) -> None:
        on_shelf = {it.product_id for it in self.model.items}
        products = sorted((p for p in self.window.catalog.products.values() if p.id not in on_shelf),
                          key=lambda p: p.id)
        self.catalog_model.set_products(products)

    def refresh_buttons(self) -> None:
        item = self.selected_item()
        room = self.room
        gate(self.stage_button, room, Capability.STAGE)
        gate(self.sale_button, room, Capability.SALE_TOGGLE)
        gate(self.remove_button, room, Capability.SHELF)
        gate(self.price_button, room, Capability.PRICE)
        gate(self.catalog_view, room, Capability.SHELF)
        if item is None:
            for b in (self.stage_button, self.sale_button, self.remove_button, self.price_button):
                b.setEnabled(False)
        self.stage_button.setChecked(bool(item and item.on_stage))
        self.view.setDragEnabled(bool(room and room.supports(Capability.SORT)) and not self.search.text())

    def _pending_changed(self) -> None:
        actions = self.window.actions
        self.model.set_pending({it.product_id for it in self.model.items
                                if actions.is_pending(f"product:{it.product_id}")})

    def _filter(self, text: str) -> None:
        self.proxy.set_needle(text)
        self.refresh_buttons()

    def selected_item(self) -> ShelfItem | None:
        rows = self.view.selectionModel().selectedRows() if self.view.selectionModel() else []
        if not rows:
            return None
        return self.proxy.data(rows[0], ItemRole)

    def select_product(self, product_id: str) -> None:
        for row, item in enumerate(self.model.items):
            if item.product_id == product_id:
                idx = self.proxy.mapFromSource(self.model.index(row, 0))
                if idx.isValid():
                    self.view.selectRow(idx.row())
                return

    # ------------------------------------------------------------------ actions

    def stage_number(self, n: int) -> None:
        if self.room is None or not self.room.supports(Capability.STAGE):
            return
        items = self.model.items
        if n > len(items):
            self.window.show_status(self.tr("There is no product number {n} on the shelf.").format(n=n), 3000)
            return
        item = items[n - 1]
        self.select_product(item.product_id)
        if not item.on_stage:
            self.window.actions.run("put_on_stage", {"product_id": item.product_id}, gate=f"product:{item.product_id}")

    def toggle_stage(self) -> None:
        item = self.selected_item()
        if item is None or self.room is None or not self.room.supports(Capability.STAGE):
            return
        if item.on_stage:
            self.window.actions.run("clear_stage", {}, gate=f"product:{item.product_id}")
        else:
            self.window.actions.run("put_on_stage", {"product_id": item.product_id}, gate=f"product:{item.product_id}")

    def toggle_sale(self) -> None:
        item = self.selected_item()
        if item is None or self.room is None or not self.room.supports(Capability.SALE_TOGGLE):
            return
        self.window.actions.run("set_on_sale", {"product_id": item.product_id, "on_sale": not item.on_sale},
                                gate=f"product:{item.product_id}")

    def change_price(self) -> None:
        item = self.selected_item()
        if item is None or self.room is None or not self.room.supports(Capability.PRICE):
            return
        dialog = PriceDialog(self, item.product)
        dialog.chosen.connect(lambda sku_id, fen: self.window.actions.run(
            "set_price", {"sku_id": sku_id, "price_fen": fen}, gate=f"product:{item.product_id}"))
        dialog.open()

    def remove_selected(self) -> None:
        item = self.selected_item()
        if item is None or self.room is None or not self.room.supports(Capability.SHELF):
            return
        self.window.actions.run("remove_from_shelf", {"product_id": item.product_id},
                                gate=f"product:{item.product_id}")

    def list_catalog_row(self, row: int) -> None:
        if not 0 <= row < len(self.catalog_model.products) or self.room is None:
            return
        if not self.room.supports(Capability.SHELF):
            return
        product = self.catalog_model.products[row]
        self.window.actions.run("add_to_shelf", {"product_id": product.id}, gate=f"product:{product.id}")

    def _reorder(self, product_ids: list[str]) -> None:
        if self.room is None or not self.room.supports(Capability.SORT):
            self.refresh()
            return
        self.window.actions.run("reorder_shelf", {"product_ids": product_ids}, gate="reorder")


class PriceDialog(QDialog):
    """A new price for one SKU (a money action: confirmed and journalled like a coupon)."""

    chosen = Signal(str, int)   # sku id, price in fen

    def __init__(self, parent, product: Product) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Change price"))
        self.product = product
        self.sku = QComboBox(self)
        for s in product.skus:
            self.sku.addItem(f"{s.name} · {format_fen(s.price_fen)}", (s.id, s.price_fen))
        self.price = QDoubleSpinBox(self)
        self.price.setPrefix("¥")
        self.price.setDecimals(2)
        self.price.setRange(0.01, 1_000_000)
        self.sku.currentIndexChanged.connect(self._sku_changed)
        self._sku_changed()
        form = QFormLayout()
        form.addRow(self.tr("Product"), plain_label(product.name, self))
        form.addRow(self.tr("SKU"), self.sku)
        form.addRow(self.tr("New price"), self.price)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def _sku_changed(self, *_a) -> None:
        data = self.sku.currentData()
        if data:
            self.price.setValue(data[1] / 100)

    def _accept(self) -> None:
        data = self.sku.currentData()
        if data:
            fen = round(self.price.value() * 100)
            if fen != data[1]:
                self.chosen.emit(data[0], fen)
        self.accept()
