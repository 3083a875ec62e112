"""The flash sale's two steps on screen: the form that arms one (product, SKU, price, stock,
per-buyer limit, countdown, duration) and the armed bar with FIRE — in the window's middle
column, above the shelf, so it is in view whichever dock is in front (F8 fires it too, the money
confirmation applies).

The form changes only when the operator changes it: stock and orders ticking in during a show
refresh the figures shown, never the values typed in, and never disarm — except that the sale's
stock is held to what the SKU has left (0 once it sells out). Choosing another product
or SKU puts that SKU's defaults in (70 % of its price; half the pieces it holds, at most 100 —
headroom for the orders that come in before Arm), and a product's first SKU that still has stock."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox, QDoubleSpinBox, QFormLayout, QFrame, QHBoxLayout, QPushButton, QWidget,
)

from anchor_console.domain.capabilities import Capability
from anchor_console.domain.clock import format_clock
from anchor_console.domain.money import MAX_PRICE_FEN, format_money
from anchor_console.domain.models import (
    MAX_PER_BUYER, MAX_SALE_COUNTDOWN_S, MAX_SALE_S, MAX_SALE_STOCK, MIN_SALE_S, FlashSaleSpec,
)
from anchor_console.room.commands import LaunchFlashSale
from anchor_console.ui.common.i18n import count_text, tr_text
from anchor_console.ui.common.widgets import fill_combo, gate, plain_label, spin_box

FIRE_KEY = "F8"


def default_stock(left: int) -> int:
    """The sale's stock first offered: half of what the SKU has left, at most 100 — not all of it,
    which the orders coming in during a show sell below before Arm is pressed (0 when sold out)."""
    return min(100, max(1, left // 2)) if left > 0 else 0


class FlashSaleForm:
    """The fields of the form, in a QFormLayout of the promotions panel."""

    def __init__(self, panel, parent: QWidget) -> None:
        self.panel = panel
        self.session = panel.session
        self._setting = False
        self.product = QComboBox(parent)
        self.product.setObjectName("flash-product")
        self.product.activated.connect(self._product_chosen)
        self.sku = QComboBox(parent)
        self.sku.setObjectName("flash-sku")
        self.sku.activated.connect(self._sku_chosen)
        self.regular = plain_label("", parent)
        self.price = QDoubleSpinBox(parent)
        self.price.setObjectName("flash-price")
        self.price.setPrefix("¥")
        self.price.setDecimals(2)
        self.price.setRange(0.01, MAX_PRICE_FEN / 100)
        self.stock = spin_box(parent, 1, MAX_SALE_STOCK, 100)
        self.stock.setObjectName("flash-stock")
        self.limit = spin_box(parent, 1, MAX_PER_BUYER, 1)
        s = QCoreApplication.translate("PromotionsPanel", " s")
        self.countdown = spin_box(parent, 0, MAX_SALE_COUNTDOWN_S, 10, s)
        self.countdown.setObjectName("flash-countdown")
        self.duration = spin_box(parent, MIN_SALE_S, MAX_SALE_S, 300, s, step=30)
        self.duration.setObjectName("flash-duration")
        self.layout = QFormLayout()
        rows = ((QCoreApplication.translate("PromotionsPanel", "Product"), self.product),
                (QCoreApplication.translate("PromotionsPanel", "SKU"), self.sku),
                (QCoreApplication.translate("PromotionsPanel", "Regular price"), self.regular),
                (QCoreApplication.translate("PromotionsPanel", "Sale price"), self.price),
                (QCoreApplication.translate("PromotionsPanel", "Stock for the sale"), self.stock),
                (QCoreApplication.translate("PromotionsPanel", "Per buyer"), self.limit),
                (QCoreApplication.translate("PromotionsPanel", "Countdown"), self.countdown),
                (QCoreApplication.translate("PromotionsPanel", "Duration"), self.duration))
        for label, widget in rows:
            self.layout.addRow(label, widget)
        for box in (self.price, self.stock, self.limit, self.countdown, self.duration):
            box.valueChanged.connect(self._edited)

    def _edited(self, *_a) -> None:
        """The operator changed what the sale will be: what was armed is not what is on screen."""
        if not self._setting:
            self.session.flash_sale.disarm()

    # ------------------------------------------------------------------ the room moves

    def refresh(self) -> None:
        """Products and stock changed: the lists follow; what the operator set stays."""
        room = self.session.room
        shelf = room.state.shelf if room is not None else []
        had = self.product.currentData()
        fill_combo(self.product, [(f"{item.position}. {item.product.name}", item.product_id) for item in shelf])
        self._fill_skus()
        if self.product.currentData() != had:  # the first product, or the chosen one left the shelf
            self._put_defaults()
        else:
            self._follow_sku()
        self._show_regular()

    def _follow_sku(self) -> None:
        """The chosen SKU's stock or price moved: the bounds follow it. The sale's stock cannot be
        more than the SKU holds (0 once it is sold out, so Arm says why); a sale price typed in
        stays — Arm says when it is no longer below the regular price."""
        sku = self._sku()
        if sku is None:
            return
        self._setting = True
        try:
            self.price.setMaximum(max(0.01, (sku.price_fen - 1) / 100, self.price.value()))
            was_sold_out = self.stock.maximum() == 0
            self.stock.setRange(min(1, sku.stock), sku.stock)
            if was_sold_out and sku.stock:  # back in stock: the default again, not 1
                self.stock.setValue(default_stock(sku.stock))
        finally:
            self._setting = False

    def _shelf_product(self):
        """The chosen shelf product as the platform running flash sales sells it (its SKUs)."""
        room, pid = self.session.room, self.product.currentData()
        return room.flash_sale_product(pid) if (room is not None and pid is not None) else None

    def _sku(self):
        product, sku_id = self._shelf_product(), self.sku.currentData()
        return product.sku(sku_id) if (product is not None and sku_id is not None) else None

    def _fill_skus(self) -> None:
        product = self._shelf_product()
        stock = QCoreApplication.translate("PromotionsPanel", "stock")
        fill_combo(self.sku, [(f"{s.name} · {format_money(s.price_fen)} · {stock} {s.stock}", s.id)
                              for s in (product.skus if product is not None else ())])

    def _show_regular(self) -> None:
        sku = self._sku()
        self.regular.setText(format_money(sku.price_fen) if sku else "—")

    # ------------------------------------------------------------------ the operator chooses

    def _product_chosen(self, *_a) -> None:
        self._fill_skus()
        product = self._shelf_product()
        skus = product.skus if product is not None else ()
        chosen = self.sku.currentIndex()
        if 0 <= chosen < len(skus) and skus[chosen].stock <= 0:   # a size that can still sell, if one can
            in_stock = next((i for i, sku in enumerate(skus) if sku.stock > 0), chosen)
            self.sku.blockSignals(True)
            self.sku.setCurrentIndex(in_stock)
            self.sku.blockSignals(False)
        self._sku_chosen()
        self.session.flash_sale.disarm()

    def _sku_chosen(self, *_a) -> None:
        self._put_defaults()
        self._show_regular()
        self.panel.refresh_buttons()

    def _put_defaults(self) -> None:
        sku = self._sku()
        if sku is None:
            return
        self._setting = True
        try:
            self.price.setMaximum(max(0.01, (sku.price_fen - 1) / 100))
            self.price.setValue(max(0.01, round(sku.price_fen * 0.7) / 100))
            self.stock.setRange(min(1, sku.stock), sku.stock)
            self.stock.setValue(default_stock(sku.stock))
        finally:
            self._setting = False

    def spec(self) -> FlashSaleSpec | None:
        pid, sku_id = self.product.currentData(), self.sku.currentData()
        if pid is None or sku_id is None:
            return None
        return FlashSaleSpec(product_id=pid, sku_id=sku_id, sale_price_fen=round(self.price.value() * 100),
                             stock=self.stock.value(), per_buyer_limit=self.limit.value(),
                             countdown_s=self.countdown.value(), duration_s=self.duration.value())


class ArmedBar(QFrame):
    """What is armed, FIRE (F8) and Disarm — shown while a flash sale is armed."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.session = window.session
        self.setObjectName("armed")
        self.setStyleSheet("QFrame#armed { border: 2px solid #c62828; border-radius: 6px; background: #fff4f4; }")
        self.label = plain_label("", self, wrap=True)
        self.fire_button = QPushButton(self.tr("FIRE flash sale ({key})").format(key=FIRE_KEY), self)
        self.fire_button.setObjectName("fire-flash-sale")
        self.fire_button.setStyleSheet("QPushButton { background: #c62828; color: white; font-weight: bold; "
                                       "padding: 8px 16px; } QPushButton:disabled { background: #e0a0a0; }")
        self.fire_button.clicked.connect(self.fire)
        self.disarm_button = QPushButton(self.tr("Disarm"), self)
        self.disarm_button.clicked.connect(lambda: self.session.flash_sale.disarm())
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 8, 4)
        row.addWidget(self.label, 1)
        row.addWidget(self.fire_button)
        row.addWidget(self.disarm_button)
        key = QShortcut(QKeySequence(FIRE_KEY), window)
        key.setContext(Qt.ShortcutContext.WindowShortcut)
        key.activated.connect(lambda: self.fire(origin="key"))
        self.session.flash_sale.changed.connect(self._changed)
        self.session.actions.pending_changed.connect(self.refresh)
        self.hide()

    def fire(self, *_a, origin: str = "click") -> None:
        if not self.session.flash_sale.fire(origin=origin):
            if self.session.flash_sale.armed is None:
                self.window.show_status(self.tr("Arm a flash sale first (Promotions)."), 4000)

    def _changed(self, spec, why) -> None:
        if spec is None:
            self.hide()
            if why is not None:
                self.window.notify(self.tr("Flash sale disarmed: {why}").format(why=tr_text(why)), level="warning",
                                   timeout_ms=15000)
            return
        pieces = count_text(spec.stock, self.tr("{n} piece"), self.tr("{n} pieces"))   # not "1 pieces"
        self.label.setText(self.tr(
            "Armed: {sku} at {price}, {pieces}, {limit} per buyer, countdown {countdown} s, lasts {duration}."
        ).format(sku=self.session.catalog.sku_name(spec.sku_id), price=format_money(spec.sale_price_fen),
                 pieces=pieces, limit=spec.per_buyer_limit, countdown=spec.countdown_s,
                 duration=format_clock(spec.duration_s)))
        self.show()
        self.refresh()

    def refresh(self) -> None:
        gate(self.fire_button, self.session.room, Capability.FLASH_SALES, session=self.session,
             kind="launch_flash_sale")
        if self.session.actions.is_pending(LaunchFlashSale.kind):   # asked (the box is up) or out
            self.fire_button.setEnabled(False)
        firing = self.session.actions.is_sending(LaunchFlashSale.kind)
        self.fire_button.setText(self.tr("Firing…") if firing else self.tr("FIRE flash sale ({key})").format(
            key=FIRE_KEY))
