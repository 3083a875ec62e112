"""The shelf panel: the room's products (thumbnail, name, price, stock, state), 讲解 in one key,
on/off sale, drag to reorder, search, and the catalog with one-click listing.

Keys: 1–9 put product N on stage (from anywhere in the window), Space toggles 讲解 of the
selected product, S toggles its sale, Delete removes it from the shelf; Enter in the catalog lists
the selected product."""

from __future__ import annotations


from PySide6.QtCore import QCoreApplication, QSize, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDialog, QDoubleSpinBox, QFormLayout, QHBoxLayout, QHeaderView, QLineEdit,
    QSizePolicy, QTableView, QTabWidget, QToolButton, QVBoxLayout, QWidget,
)

from anchor_console.domain.capabilities import Capability
from anchor_console.domain.models import Product, ShelfItem
from anchor_console.domain.money import MAX_PRICE_FEN, format_money
from anchor_console.room.commands import (
    AddToShelf, ClearStage, PutOnStage, RemoveFromShelf, ReorderShelf, SetOnSale, SetPrice,
)
from anchor_console.room.room_state import Aspect
from anchor_console.ui.common.feature import FeatureBase
from anchor_console.ui.common.widgets import add_shortcuts, bring_to_front, dialog_buttons, gate, plain_label
from anchor_console.ui.shelf.platform_links_dialog import PlatformLinksDialog
from anchor_console.ui.shelf.shelf_models import (
    AlarmDelegate, ButtonDelegate, CatalogModel, ItemRole, ShelfFilter, ShelfModel,
)


def bar_button(text: str, parent) -> QToolButton:
    """A button of the shelf's bar: as wide as its words (a push button is at least 80 px, and the
    shelf shares a 1366 px screen with two columns)."""
    button = QToolButton(parent)
    button.setText(text)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
    return button


# Rows and the thumbnails in them (a QPixmap decoration is painted at its own size, whatever the
# view's iconSize: the models ask the image cache for thumbnails of exactly these sides).
SHELF_ROW, SHELF_THUMB = 48, 40
CATALOG_ROW, CATALOG_THUMB = 40, 32


class ShelfPanel(QWidget):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.session = window.session
        self.model = ShelfModel(window.images, self, thumb_size=SHELF_THUMB, stock_of=self._stock_of)
        self.model.reorder_requested.connect(self._reorder)
        self.proxy = ShelfFilter(self)
        self.proxy.setSourceModel(self.model)

        self.tabs = QTabWidget(self)
        self._build_shelf_page()
        self._build_catalog_page()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

        self._install_keys()
        window.session.actions.pending_changed.connect(self._pending_changed)
        window.session.catalog.changed.connect(self.refresh_catalog)
        self.refresh()

    def _build_shelf_page(self) -> None:
        """The shelf: buttons for the selected product, search, the table (drag to reorder)."""
        shelf_page = QWidget(self.tabs)
        bar = QHBoxLayout()
        # The State column's words ("On stage"): one term for 讲解 in English. Its key is in the tooltip:
        # "Put on stage (Space)" would make the window wider than a 1280 px screen.
        self.stage_button = bar_button(self.tr("Put on stage"), shelf_page)
        self._stage_tip = self.tr("Put the selected product on stage (讲解), or take it off the stage when it is "
                                  "on (Space)")
        self.stage_button.setToolTip(self._stage_tip)
        self.stage_button.setCheckable(True)
        self.stage_button.clicked.connect(self.toggle_stage)
        self.sale_button = bar_button(self.tr("On/off sale (S)"), shelf_page)
        self.sale_button.clicked.connect(self.toggle_sale)
        self.remove_button = bar_button(self.tr("Remove"), shelf_page)
        self.price_button = bar_button(self.tr("Price…"), shelf_page)
        self.price_button.setToolTip(self.tr("Change the price of one of the selected product's SKUs"))
        self.price_button.clicked.connect(self.change_price)
        self.remove_button.clicked.connect(self.remove_selected)
        self.search = QLineEdit(shelf_page)
        self.search.setPlaceholderText(self.tr("Search the shelf…"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.search.setMinimumWidth(60)   # the buttons beside it keep their words in a 1093 px window
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
        self.view.setIconSize(QSize(SHELF_THUMB, SHELF_THUMB))
        self.view.verticalHeader().setDefaultSectionSize(SHELF_ROW)
        # The shelf is what the 场控 works from: in a short window the journal under it gives way
        # (docks yield to the middle's least height) before the shelf shows fewer than three rows.
        self.view.setMinimumHeight(self.view.horizontalHeader().sizeHint().height() + 3 * SHELF_ROW
                                   + 2 * self.view.frameWidth())
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(ShelfModel.PRODUCT, QHeaderView.ResizeMode.Stretch)
        for col in (ShelfModel.NUMBER, ShelfModel.PRICE, ShelfModel.STOCK, ShelfModel.SOLD, ShelfModel.STATE):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.alarm_delegate = AlarmDelegate(self.view)   # sold out and low stock stay red on a selected row
        for col in (ShelfModel.STOCK, ShelfModel.STATE):
            self.view.setItemDelegateForColumn(col, self.alarm_delegate)
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


    def _build_catalog_page(self) -> None:
        """The catalog: products not listed yet, each with a List button."""
        catalog_page = QWidget(self.tabs)
        self.catalog_model = CatalogModel(self.window.images, self, thumb_size=CATALOG_THUMB)
        self.catalog_view = QTableView(catalog_page)
        self.catalog_view.setObjectName("catalog-view")
        self.catalog_view.setModel(self.catalog_model)
        self.catalog_view.verticalHeader().hide()
        self.catalog_view.setIconSize(QSize(CATALOG_THUMB, CATALOG_THUMB))
        self.catalog_view.verticalHeader().setDefaultSectionSize(CATALOG_ROW)
        self.catalog_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list_delegate = ButtonDelegate(self.tr("List"), self.catalog_view)
        self.list_delegate.clicked.connect(self.list_catalog_row)
        self.catalog_view.setItemDelegateForColumn(3, self.list_delegate)
        ch = self.catalog_view.horizontalHeader()
        ch.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2, 3):
            ch.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.catalog_view.doubleClicked.connect(lambda idx: self.list_catalog_row(idx.row()))
        catalog_hint = plain_label(self.tr("One click on List puts a product into the room."), catalog_page, wrap=True)
        cl = QVBoxLayout(catalog_page)
        cl.setContentsMargins(4, 4, 4, 4)
        cl.addWidget(catalog_hint)
        cl.addWidget(self.catalog_view, 1)
        self.tabs.addTab(catalog_page, self.tr("Catalog"))


    def _install_keys(self) -> None:
        """1–9 from anywhere in the window; Space, S and Delete on the shelf table; Enter on the catalog."""
        add_shortcuts(self.window, [(str(n), lambda n=n: self.stage_number(n, origin="key")) for n in range(1, 10)],
                      window=True)
        add_shortcuts(self.view, [(key, lambda slot=slot: slot(origin="key"))
                                  for key, slot in (("Space", self.toggle_stage), ("S", self.toggle_sale),
                                                    ("Delete", self.remove_selected))])
        # The catalog's List button cannot take the focus: Enter lists the selected product.
        add_shortcuts(self.catalog_view, [(key, self.list_current_catalog_row) for key in ("Return", "Enter")])


    # ------------------------------------------------------------------ state

    @property
    def room(self):
        return self.session.room

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
        on_shelf = {it.product_id for it in self.model.rows}
        products = sorted((p for p in self.window.session.catalog.products.values() if p.id not in on_shelf),
                          key=lambda p: p.id)
        self.catalog_model.set_products(products)

    def refresh_buttons(self) -> None:
        item = self.selected_item()
        room = self.room
        gate(self.stage_button, room, Capability.STAGE, base_tooltip=self._stage_tip, session=self.session,
             kind="put_on_stage")
        gate(self.sale_button, room, Capability.SALE_TOGGLE, session=self.session, kind="set_on_sale")
        gate(self.remove_button, room, Capability.SHELF, session=self.session, kind="remove_from_shelf")
        gate(self.price_button, room, Capability.PRICE, session=self.session, kind="set_price")
        gate(self.catalog_view, room, Capability.SHELF, session=self.session, kind="add_to_shelf")
        if item is None:
            for b in (self.stage_button, self.sale_button, self.remove_button, self.price_button):
                b.setEnabled(False)
        self.stage_button.setChecked(bool(item and item.on_stage))
        self.view.setDragEnabled(bool(room and room.supports(Capability.SORT)) and not self.search.text())

    def _pending_changed(self) -> None:
        actions = self.window.session.actions
        self.model.set_pending({it.product_id for it in self.model.rows
                                if actions.is_pending(f"product:{it.product_id}")})
        self.refresh_buttons()   # a refused 讲解 leaves its button as the room is, not as it was clicked

    def _filter(self, text: str) -> None:
        self.proxy.set_needle(text)
        self.refresh_buttons()

    def selected_item(self) -> ShelfItem | None:
        rows = self.view.selectionModel().selectedRows() if self.view.selectionModel() else []
        if not rows:
            return None
        return self.proxy.data(rows[0], ItemRole)

    def _stock_of(self, item: ShelfItem) -> int | None:
        return item.product.stock if self.room is None else self.room.stock_of(item)

    def select_product(self, product_id: str) -> None:
        for row, item in enumerate(self.model.rows):
            if item.product_id == product_id:
                idx = self.proxy.mapFromSource(self.model.index(row, 0))
                if idx.isValid():
                    self.view.selectRow(idx.row())
                return

    # ------------------------------------------------------------------ actions

    def stage_number(self, n: int, origin: str = "click") -> None:
        if self.room is None or not self.room.supports(Capability.STAGE):
            return
        items = self.model.rows
        if n > len(items):
            self.window.show_status(self.tr("There is no product number {n} on the shelf.").format(n=n), 3000)
            return
        item = items[n - 1]
        self.select_product(item.product_id)
        if not item.on_stage:
            self._run(PutOnStage(item.product_id), item.product_id, origin)

    def toggle_stage(self, *_a, origin: str = "click") -> None:
        item = self.selected_item()
        if item is None or self.room is None or not self.room.supports(Capability.STAGE):
            return
        self._run(ClearStage() if item.on_stage else PutOnStage(item.product_id), item.product_id, origin)

    def toggle_sale(self, *_a, origin: str = "click") -> None:
        item = self.selected_item()
        if item is None or self.room is None or not self.room.supports(Capability.SALE_TOGGLE):
            return
        self._run(SetOnSale(item.product_id, not item.on_sale), item.product_id, origin)

    def change_price(self) -> None:
        item = self.selected_item()
        if item is None or self.room is None or not self.room.supports(Capability.PRICE):
            return
        dialog = PriceDialog(self, item.product, live_price=lambda sku_id: self._live_price(item.product_id, sku_id))
        dialog.chosen.connect(lambda sku_id, fen: self._run(SetPrice(sku_id, fen), item.product_id))
        dialog.open()

    def _live_price(self, product_id: str, sku_id: str) -> int | None:
        item = self.room.state.shelf_item(product_id) if self.room is not None else None
        sku = item.product.sku(sku_id) if item is not None else None
        return sku.price_fen if sku is not None else None

    def remove_selected(self, *_a, origin: str = "click") -> None:
        """Off the shelf at once — one key, so it can be undone for a while: the product goes back
        where it was. Said (with Undo) once the platform has taken it off; a refusal is told as
        every failed action is, with nothing to undo."""
        item = self.selected_item()
        if item is None or self.room is None or not self.room.supports(Capability.SHELF):
            return
        order = [it.product_id for it in self.model.rows]
        removal = self.window.session.actions.launch(RemoveFromShelf(item.product_id),
                                                     gate=f"product:{item.product_id}", origin=origin)
        if removal is not None:   # None: its row is still busy with the last action, nothing was sent
            removal.add_done_callback(lambda task: self._removed(task, item, order))

    def _removed(self, removal, item: ShelfItem, order: list[str]) -> None:
        outcome = None if removal.cancelled() or removal.exception() else removal.result()
        if outcome is None or not outcome.ok:   # declined, refused or no answer: not "taken off"
            return
        self.window.notify(self.tr("“{product}” was taken off the shelf.").format(product=item.product.name),
                           [(self.tr("Undo"), lambda: self.window.session.actions.put_back(item.product_id, order))],
                           level="info", timeout_ms=20000)

    def list_current_catalog_row(self) -> None:
        index = self.catalog_view.currentIndex()
        if index.isValid():
            self.list_catalog_row(index.row())

    def list_catalog_row(self, row: int) -> None:
        if not 0 <= row < len(self.catalog_model.rows) or self.room is None:
            return
        if not self.room.supports(Capability.SHELF):
            return
        product = self.catalog_model.rows[row]
        self._run(AddToShelf(product.id), product.id)

    def _reorder(self, product_ids: list[str]) -> None:
        if self.room is None or not self.room.supports(Capability.SORT):
            self.refresh()
            return
        self.window.session.actions.run(ReorderShelf(tuple(product_ids)), gate="reorder")

    def _run(self, command, product_id: str, origin: str = "click") -> bool:
        """One action per product row at a time (its row says "working…" meanwhile); False if
        refused because the row's last action is still out."""
        return self.window.session.actions.run(command, gate=f"product:{product_id}", origin=origin)


class PriceDialog(QDialog):
    """A new price for one SKU (a money action: confirmed and journalled like a coupon)."""

    chosen = Signal(str, int)   # sku id, price in fen

    def __init__(self, parent, product: Product, *, live_price=None) -> None:
        super().__init__(parent)
        # The price as the room has it when OK is pressed: it may have changed while the dialog was open.
        self.live_price = live_price or (lambda sku_id: None)
        self.setWindowTitle(self.tr("Change price"))
        self.product = product
        self.sku = QComboBox(self)
        for s in product.skus:
            self.sku.addItem(f"{s.name} · {format_money(s.price_fen)}", (s.id, s.price_fen))
        self.price = QDoubleSpinBox(self)
        self.price.setPrefix("¥")
        self.price.setDecimals(2)
        self.price.setRange(0, MAX_PRICE_FEN / 100)   # as Studio takes: no price it shows is clamped
        self.sku.currentIndexChanged.connect(self._sku_changed)
        self._sku_changed()
        form = QFormLayout()
        form.addRow(self.tr("Product"), plain_label(product.name, self))
        form.addRow(self.tr("SKU"), self.sku)
        form.addRow(self.tr("New price"), self.price)
        buttons = dialog_buttons(self, self._accept)
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
            now = self.live_price(data[0])
            if fen != (data[1] if now is None else now):
                self.chosen.emit(data[0], fen)
        self.accept()


class ShelfFeature(FeatureBase):
    """The shelf in the middle of the window."""

    def __init__(self, window) -> None:
        self.window = window
        self.panel = ShelfPanel(window)
        window.set_central_panel(self.panel)
        self.links_action = QAction(QCoreApplication.translate("ShelfFeature", "Products across platforms…"), window)
        self.links_action.setObjectName("platform-links")
        self.links_action.setToolTip(QCoreApplication.translate(
            "ShelfFeature", "Which product and coupon on each platform of the room is the catalog's one"))
        self.links_action.setEnabled(False)
        self.links_action.triggered.connect(self.open_platform_links)
        window.add_menu_action("room", self.links_action)
        self.links_dialog: PlatformLinksDialog | None = None

    def set_room(self, room) -> None:
        self.links_action.setEnabled(room is not None and len(room.bindings) > 1)

    def open_platform_links(self) -> PlatformLinksDialog:
        if self.links_dialog is None or not self.links_dialog.isVisible():
            self.links_dialog = PlatformLinksDialog(self.window)
        return bring_to_front(self.links_dialog)

    def refresh(self, dirty: set[Aspect]) -> None:
        if dirty & {Aspect.ROOM, Aspect.SHELF, Aspect.ORDER}:
            self.panel.refresh()
