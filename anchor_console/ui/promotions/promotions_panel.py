"""The promotions panel: coupons (template → issue into the room with quantity and validity, the
claimed count live) and flash sales (product/SKU, sale price, stock, per-buyer limit, countdown
and duration; arm, then fire; live progress and time left; stop early)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from anchor_console.domain.capabilities import Capability
from anchor_console.domain.clock import format_clock
from anchor_console.domain.models import FlashSaleState
from anchor_console.domain.money import format_fen
from anchor_console.platforms.base import FlashSaleSpec
from anchor_console.room.commands import IssueCoupon, LaunchFlashSale, StopCoupon, StopFlashSale
from anchor_console.room.room_state import Aspect
from anchor_console.ui.common.feature import FeatureBase
from anchor_console.ui.common.widgets import fill_combo, gate, plain_label
from anchor_console.ui.promotions.promotions_models import CouponModel, FlashSaleModel, table_view


class PromotionsPanel(QWidget):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.session = window.session
        self.armed: FlashSaleSpec | None = None

        coupons = self._build_coupons()
        flash = self._build_flash_sales()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(coupons, 2)
        layout.addWidget(flash, 3)

        self._ticker = QTimer(self)  # time left moves every second
        self._ticker.setInterval(1000)
        self._ticker.timeout.connect(self._tick)
        self._ticker.start()
        window.session.catalog.changed.connect(self.refresh_templates)
        window.session.actions.pending_changed.connect(self.refresh_buttons)
        window.session.actions.finished.connect(self._finished)
        self.refresh()

    def _build_coupons(self) -> QGroupBox:
        """Coupons: template, quantity and validity → issue; the batches with their claims."""
        coupons = QGroupBox(self.tr("Coupons"), self)
        self.template = QComboBox(coupons)
        self.template.setObjectName("coupon-template")
        self.template.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.template.setMinimumContentsLength(6)
        self.quantity = QSpinBox(coupons)
        self.quantity.setRange(1, 1_000_000)
        self.quantity.setValue(500)
        self.quantity.setSuffix(self.tr(" pcs"))
        self.validity = QSpinBox(coupons)
        self.validity.setRange(1, 7 * 24 * 60)
        self.validity.setValue(30)
        self.validity.setSuffix(self.tr(" min"))
        self.issue_button = QPushButton(self.tr("Issue coupons"), coupons)
        self.issue_button.setObjectName("issue-coupon")
        self.issue_button.clicked.connect(self.issue_coupon)
        # Two rows, so the panel fits a narrow dock at 1366×768.
        row = QGridLayout()
        row.addWidget(self.template, 0, 0, 1, 4)
        row.addWidget(self.issue_button, 0, 4)
        row.addWidget(plain_label(self.tr("Quantity"), coupons), 1, 0)
        row.addWidget(self.quantity, 1, 1)
        row.addWidget(plain_label(self.tr("Valid"), coupons), 1, 2)
        row.addWidget(self.validity, 1, 3)
        row.setColumnStretch(1, 1)
        row.setColumnStretch(3, 1)
        self.coupon_model = CouponModel(self.session.clock, self)
        self.coupon_view = table_view(coupons, self.coupon_model)
        self.coupon_view.setObjectName("coupon-batches")
        self.stop_coupon_button = QPushButton(self.tr("Stop batch"), coupons)
        self.stop_coupon_button.clicked.connect(self.stop_coupon)
        cl = QVBoxLayout(coupons)
        cl.addLayout(row)
        cl.addWidget(self.coupon_view, 1)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.stop_coupon_button)
        cl.addLayout(bottom)

        return coupons

    def _build_flash_form(self, flash: QGroupBox) -> QFormLayout:
        """What a flash sale will be: product, SKU, price, stock, per-buyer limit, countdown, duration."""
        self.product = QComboBox(flash)
        self.product.setObjectName("flash-product")
        self.product.currentIndexChanged.connect(self._product_changed)
        self.sku = QComboBox(flash)
        self.sku.setObjectName("flash-sku")
        self.sku.currentIndexChanged.connect(self._sku_changed)
        self.regular = plain_label("", flash)
        self.price = QDoubleSpinBox(flash)
        self.price.setObjectName("flash-price")
        self.price.setPrefix("¥")
        self.price.setDecimals(2)
        self.price.setRange(0.01, 1_000_000)
        self.stock = QSpinBox(flash)
        self.stock.setObjectName("flash-stock")
        self.stock.setRange(1, 1_000_000)
        self.stock.setValue(100)
        self.limit = QSpinBox(flash)
        self.limit.setRange(1, 100)
        self.limit.setValue(1)
        self.countdown = QSpinBox(flash)
        self.countdown.setObjectName("flash-countdown")
        self.countdown.setRange(0, 300)
        self.countdown.setValue(10)
        self.countdown.setSuffix(self.tr(" s"))
        self.duration = QSpinBox(flash)
        self.duration.setObjectName("flash-duration")
        self.duration.setRange(10, 24 * 3600)
        self.duration.setSingleStep(30)
        self.duration.setValue(300)
        self.duration.setSuffix(self.tr(" s"))
        form = QFormLayout()
        form.addRow(self.tr("Product"), self.product)
        form.addRow(self.tr("SKU"), self.sku)
        form.addRow(self.tr("Regular price"), self.regular)
        form.addRow(self.tr("Sale price"), self.price)
        form.addRow(self.tr("Stock for the sale"), self.stock)
        form.addRow(self.tr("Per buyer"), self.limit)
        form.addRow(self.tr("Countdown"), self.countdown)
        form.addRow(self.tr("Duration"), self.duration)
        for w in (self.price, self.stock, self.limit, self.countdown, self.duration):
            w.valueChanged.connect(self.disarm)
        return form

    def _build_flash_sales(self) -> QGroupBox:
        """Flash sales: the form, Arm, the armed box with FIRE, the sales with their progress."""
        flash = QGroupBox(self.tr("Flash sale (秒杀)"), self)
        form = self._build_flash_form(flash)
        self.arm_button = QPushButton(self.tr("Arm"), flash)
        self.arm_button.setObjectName("arm-flash-sale")
        self.arm_button.clicked.connect(self.arm)
        self.armed_box = QFrame(flash)
        self.armed_box.setObjectName("armed")
        self.armed_box.setStyleSheet("QFrame#armed { border: 2px solid #c62828; border-radius: 6px; }")
        self.armed_label = plain_label("", self.armed_box)
        self.armed_label.setWordWrap(True)
        self.fire_button = QPushButton(self.tr("FIRE flash sale"), self.armed_box)
        self.fire_button.setObjectName("fire-flash-sale")
        self.fire_button.setStyleSheet("QPushButton { background: #c62828; color: white; font-weight: bold; "
                                       "padding: 8px 16px; } QPushButton:disabled { background: #e0a0a0; }")
        self.fire_button.clicked.connect(self.fire)
        self.disarm_button = QPushButton(self.tr("Disarm"), self.armed_box)
        self.disarm_button.clicked.connect(self.disarm)
        al = QHBoxLayout(self.armed_box)
        al.addWidget(self.armed_label, 1)
        al.addWidget(self.fire_button)
        al.addWidget(self.disarm_button)
        self.armed_box.hide()
        self.flash_model = FlashSaleModel(self.session.catalog, self.session.clock, self)
        self.flash_view = table_view(flash, self.flash_model)
        self.flash_view.setObjectName("flash-sales")
        self.stop_flash_button = QPushButton(self.tr("Stop early"), flash)
        self.stop_flash_button.clicked.connect(self.stop_flash_sale)
        fl = QVBoxLayout(flash)
        top = QHBoxLayout()
        top.addLayout(form, 1)
        fl.addLayout(top)
        arm_row = QHBoxLayout()
        arm_row.addStretch(1)
        arm_row.addWidget(self.arm_button)
        fl.addLayout(arm_row)
        fl.addWidget(self.armed_box)
        fl.addWidget(self.flash_view, 1)
        bottom2 = QHBoxLayout()
        bottom2.addStretch(1)
        bottom2.addWidget(self.stop_flash_button)
        fl.addLayout(bottom2)

        return flash

    def _finished(self, command, outcome) -> None:
        if isinstance(command, LaunchFlashSale) and outcome.ok:
            self.disarm()

    @property
    def room(self):
        return self.session.room

    # ------------------------------------------------------------------ refresh

    def refresh(self) -> None:
        self.refresh_templates()
        self.refresh_products()
        self.refresh_coupons()
        self.refresh_flash_sales()
        self.refresh_buttons()

    def refresh_templates(self) -> None:
        current = self.template.currentData()
        self.template.blockSignals(True)
        self.template.clear()
        for t in self.window.session.catalog.templates.values():
            self.template.addItem(t.name, t.id)
        idx = self.template.findData(current)
        self.template.setCurrentIndex(max(0, idx))
        self.template.blockSignals(False)
        self.refresh_buttons()

    def refresh_products(self) -> None:
        room = self.room
        shelf = room.state.shelf if room is not None else []
        fill_combo(self.product, [(f"{item.position}. {item.product.name}", item.product_id) for item in shelf])
        self._product_changed()  # the same products' stock may have changed

    def _shelf_product(self):
        room = self.room
        pid = self.product.currentData()
        if room is None or pid is None:
            return None
        item = room.state.shelf_item(pid)
        return item.product if item else None

    def _product_changed(self, *_a) -> None:
        self._fill_skus()
        self._sku_changed()

    def _fill_skus(self) -> None:
        product = self._shelf_product()
        stock = self.tr("stock")
        fill_combo(self.sku, [(f"{s.name} · {format_fen(s.price_fen)} · {stock} {s.stock}", s.id)
                              for s in (product.skus if product is not None else ())])

    def _sku_changed(self, *_a) -> None:
        product = self._shelf_product()
        sku = product.sku(self.sku.currentData()) if product and self.sku.currentData() else None
        if sku is None:
            self.regular.setText("—")
        else:
            self.regular.setText(format_fen(sku.price_fen))
            self.price.setMaximum(max(0.01, (sku.price_fen - 1) / 100))
            if self.price.value() * 100 >= sku.price_fen or self.price.value() <= 0.01:
                self.price.setValue(round(sku.price_fen * 0.7) / 100)
            self.stock.setMaximum(max(1, sku.stock))
        self.disarm()

    def refresh_coupons(self) -> None:
        room = self.room
        rows = []
        if room is not None:
            for cid, state in room.states.items():
                rows += [(cid, state.platform_name, c) for c in state.coupons.values()]
        self.coupon_model.show_batches(rows)

    def refresh_flash_sales(self) -> None:
        room = self.room
        rows = []
        if room is not None:
            for cid, state in room.states.items():
                rows += [(cid, state.platform_name, s) for s in state.flash_sales.values()]
        self.flash_model.show_sales(rows)

    def refresh_buttons(self) -> None:
        room = self.room
        actions = self.window.session.actions
        gate(self.issue_button, room, Capability.COUPONS)
        if self.template.count() == 0 or actions.is_pending(IssueCoupon.kind):
            self.issue_button.setEnabled(False)
        self.issue_button.setText(self.tr("Issuing…") if actions.is_pending(IssueCoupon.kind) else self.tr("Issue coupons"))
        gate(self.stop_coupon_button, room, Capability.COUPONS)
        gate(self.arm_button, room, Capability.FLASH_SALES)
        if self.sku.currentData() is None:
            self.arm_button.setEnabled(False)
        gate(self.fire_button, room, Capability.FLASH_SALES)
        firing = actions.is_pending(LaunchFlashSale.kind)
        if firing:
            self.fire_button.setEnabled(False)
        self.fire_button.setText(self.tr("Firing…") if firing else self.tr("FIRE flash sale"))
        gate(self.stop_flash_button, room, Capability.FLASH_SALES)

    def _tick(self) -> None:
        self.coupon_model.tick()
        self.flash_model.tick()

    # ------------------------------------------------------------------ actions

    def issue_coupon(self) -> None:
        template_id = self.template.currentData()
        if template_id is None:
            return
        self.window.session.actions.run(IssueCoupon(template_id, self.quantity.value(), self.validity.value()))

    def _selected(self, view, model):
        rows = view.selectionModel().selectedRows()
        return model.rows[rows[0].row()] if rows else None

    def stop_coupon(self) -> None:
        sel = self._selected(self.coupon_view, self.coupon_model)
        if sel is None:
            return
        cid, _, coupon = sel
        self.window.session.actions.run(StopCoupon(coupon.id), connection_id=cid, gate=f"coupon:{cid}:{coupon.id}")

    def spec(self) -> FlashSaleSpec | None:
        pid, sku_id = self.product.currentData(), self.sku.currentData()
        if pid is None or sku_id is None:
            return None
        return FlashSaleSpec(product_id=pid, sku_id=sku_id, sale_price_fen=round(self.price.value() * 100),
                             stock=self.stock.value(), per_buyer_limit=self.limit.value(),
                             countdown_s=self.countdown.value(), duration_s=self.duration.value())

    def arm(self) -> None:
        spec = self.spec()
        if spec is None:
            return
        product = self._shelf_product()
        sku = product.sku(spec.sku_id) if product else None
        if sku is not None and spec.sale_price_fen >= sku.price_fen:
            self.window.notify(self.tr("The flash-sale price must be below the regular price ({price}).").format(
                price=format_fen(sku.price_fen)), level="warning", timeout_ms=8000)
            return
        self.armed = spec
        self.armed_label.setText(self.tr(
            "Armed: {sku} at {price}, {stock} pieces, {limit} per buyer, countdown {countdown} s, lasts {duration}."
        ).format(sku=self.window.session.catalog.sku_name(spec.sku_id), price=format_fen(spec.sale_price_fen),
                 stock=spec.stock, limit=spec.per_buyer_limit, countdown=spec.countdown_s,
                 duration=format_clock(spec.duration_s)))
        self.armed_box.show()
        self.arm_button.hide()
        self.refresh_buttons()
        self.fire_button.setFocus()

    def disarm(self, *_a) -> None:
        self.armed = None
        self.armed_box.hide()
        self.arm_button.show()

    def fire(self) -> None:
        if self.armed is None:
            return
        # Stays armed until the platform confirms: a cancelled confirmation or a failure can be fired again.
        self.window.session.actions.run(LaunchFlashSale(self.armed))

    def stop_flash_sale(self) -> None:
        sel = self._selected(self.flash_view, self.flash_model)
        if sel is None:
            return
        cid, _, sale = sel
        if sale.state == FlashSaleState.ENDED:
            return
        self.window.session.actions.run(StopFlashSale(sale.id), connection_id=cid, gate=f"flash:{cid}:{sale.id}")

    def stop(self) -> None:
        self._ticker.stop()


class PromotionsFeature(FeatureBase):
    """Coupons and flash sales, in a dock on the right."""

    def __init__(self, window) -> None:
        self.panel = PromotionsPanel(window)
        window.add_dock("promotions", QCoreApplication.translate("MainWindow", "Promotions"), self.panel, Qt.DockWidgetArea.RightDockWidgetArea,
                        scroll=True)

    def refresh(self, dirty: set[Aspect]) -> None:
        if dirty & {Aspect.ROOM, Aspect.SHELF, Aspect.ORDER}:
            self.panel.refresh_products()
        if Aspect.ROOM in dirty:
            self.panel.refresh_buttons()
        if Aspect.COUPONS in dirty:
            self.panel.refresh_coupons()
        if Aspect.FLASH_SALES in dirty:
            self.panel.refresh_flash_sales()

    def stop(self) -> None:
        self.panel.stop()
