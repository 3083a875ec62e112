"""The promotions panel: coupons (template → issue into the room with quantity and validity, the
claimed count live) and flash sales (product/SKU, sale price, stock, per-buyer limit, countdown
and duration; arm, then fire; live progress and time left; stop early)."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox, QGridLayout, QGroupBox, QHBoxLayout, QPushButton, QSizePolicy, QVBoxLayout, QWidget,
)

from anchor_console.domain.capabilities import Capability
from anchor_console.domain.models import MAX_COUPON_QUANTITY, MAX_COUPON_VALID_MIN, CouponState, FlashSaleState
from anchor_console.room.commands import IssueCoupon, StopCoupon, StopFlashSale
from anchor_console.room.room_state import Aspect
from anchor_console.ui.common.feature import FeatureBase
from anchor_console.session.flash_sale import NO_SALE_RUNNING
from anchor_console.ui.common.i18n import reasons_text, tr_text
from anchor_console.ui.common.widgets import as_wide_as_text, at_the_right, every_second, gate, plain_label, spin_box
from anchor_console.ui.promotions.flash_sale_form import FIRE_KEY, ArmedBar, FlashSaleForm
from anchor_console.ui.promotions.promotions_models import CouponModel, FlashSaleModel, table_view


class PromotionsPanel(QWidget):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.session = window.session
        self.fire_button: QPushButton | None = None   # the armed bar's, once the feature has built it

        coupons = self._build_coupons()
        flash = self._build_flash_sales()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(coupons, 2)
        layout.addWidget(flash, 3)

        self._ticker = every_second(self._tick, self)  # time left moves every second
        window.session.catalog.changed.connect(self.refresh_templates)
        window.session.actions.pending_changed.connect(self.refresh_buttons)
        window.session.flash_sale.changed.connect(lambda *_a: self.refresh_buttons())
        # The control API's "issue-coupon" and "flash-sale/arm" sent without arguments take these forms' values.
        forms = window.session.control_api.commands.forms
        forms["issue-coupon"], forms["flash-sale/arm"] = self.coupon_form, self.flash_sale_form
        self.refresh()

    def _build_coupons(self) -> QGroupBox:
        """Coupons: template, quantity and validity → issue; the batches with their claims."""
        coupons = QGroupBox(self.tr("Coupons"), self)
        self.template = QComboBox(coupons)
        self.template.setObjectName("coupon-template")
        # A long template name widens the list when it opens, not the dock.
        self.template.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.template.setMinimumContentsLength(8)
        self.quantity = spin_box(coupons, 1, MAX_COUPON_QUANTITY, 500, self.tr(" pcs"))
        self.validity = spin_box(coupons, 1, MAX_COUPON_VALID_MIN, 30, self.tr(" min"))
        for box in (self.quantity, self.validity):   # as narrow as their values, not their largest ones:
            box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)   # the window fits 1280 px
        self.issue_button = QPushButton(self.tr("Issue coupons"), coupons)
        self.issue_button.setObjectName("issue-coupon")
        self.issue_button.clicked.connect(self.issue_coupon)
        as_wide_as_text(self.issue_button, also=(self.tr("Issuing…"),))
        # Two rows, so the panel fits a narrow dock at 1280×720; the button beside the template only
        # (under it, it made the quantity row as wide as both: the dock too wide at 1093 px).
        row = QGridLayout()
        template_row = QHBoxLayout()
        template_row.addWidget(self.template, 1)
        template_row.addWidget(self.issue_button)
        row.addLayout(template_row, 0, 0, 1, 4)
        row.addWidget(plain_label(self.tr("Quantity"), coupons), 1, 0)
        row.addWidget(self.quantity, 1, 1)
        row.addWidget(plain_label(self.tr("Valid"), coupons), 1, 2)
        row.addWidget(self.validity, 1, 3)
        row.setColumnStretch(1, 1)
        row.setColumnStretch(3, 1)
        self.coupon_model = CouponModel(self.session.platform_clock, self)   # times on the platform's clock
        self.coupon_view = table_view(coupons, self.coupon_model)
        self.coupon_view.setObjectName("coupon-batches")
        self.stop_coupon_button = QPushButton(self.tr("Stop batch"), coupons)
        self.stop_coupon_button.clicked.connect(self.stop_coupon)
        cl = QVBoxLayout(coupons)
        cl.addLayout(row)
        cl.addWidget(self.coupon_view, 1)
        cl.addLayout(at_the_right(self.stop_coupon_button))

        return coupons

    def _build_flash_sales(self) -> QGroupBox:
        """Flash sales: the form and Arm (FIRE is on the armed bar), the sales with their progress."""
        flash = QGroupBox(self.tr("Flash sale (秒杀)"), self)
        self.flash = FlashSaleForm(self, flash)
        self.arm_button = QPushButton(self.tr("Arm"), flash)
        self.arm_button.setObjectName("arm-flash-sale")
        self.arm_button.setToolTip(self.tr("Check the flash sale against the room and get it ready to fire ({key})")
                                   .format(key=FIRE_KEY))
        self.arm_button.clicked.connect(self.arm)
        self.flash_model = FlashSaleModel(self.session.catalog, self.session.platform_clock, self)
        self.flash_view = table_view(flash, self.flash_model)
        self.flash_view.setObjectName("flash-sales")
        self.stop_flash_button = QPushButton(self.tr("Stop early"), flash)
        self.stop_flash_button.setToolTip(self.tr("Stop the flash sale chosen in the list below now — with none "
                                                  "chosen, the one running"))
        self.stop_flash_button.clicked.connect(self.stop_flash_sale)
        # Stop early on Arm's row, over the list it acts on: under the list it was below the fold of
        # a 1280×720 screen, and the dock had to be scrolled in the middle of a sale.
        actions = at_the_right(self.arm_button)
        actions.insertWidget(0, self.stop_flash_button)
        fl = QVBoxLayout(flash)
        fl.addLayout(self.flash.layout)
        fl.addLayout(actions)
        fl.addWidget(self.flash_view, 1)
        return flash

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
        self.flash.refresh()

    def refresh_coupons(self) -> None:
        self.coupon_model.show_batches(self._rows(lambda state: state.coupons))

    def refresh_flash_sales(self) -> None:
        self.flash_model.show_sales(self._rows(lambda state: state.flash_sales))

    def _rows(self, items_of) -> list[tuple]:
        """(connection id, platform name, item) for each of `items_of(state)` on each of the room's connections."""
        room = self.room
        states = room.states.items() if room is not None else ()
        return [(cid, state.platform_name, item) for cid, state in states for item in items_of(state).values()]

    def refresh_buttons(self) -> None:
        room = self.room
        actions = self.window.session.actions
        gate(self.issue_button, room, Capability.COUPONS, session=self.session, kind="issue_coupon")
        if self.template.count() == 0 or actions.is_pending(IssueCoupon.kind):
            self.issue_button.setEnabled(False)
        self.issue_button.setText(self.tr("Issuing…") if actions.is_sending(IssueCoupon.kind) else self.tr("Issue coupons"))
        gate(self.stop_coupon_button, room, Capability.COUPONS, session=self.session, kind="stop_coupon")
        gate(self.arm_button, room, Capability.FLASH_SALES, session=self.session, kind="launch_flash_sale")
        if self.flash.spec() is None:
            self.arm_button.setEnabled(False)
        armed = self.session.flash_sale.armed is not None
        self.arm_button.setText(self.tr("Arm again") if armed else self.tr("Arm"))
        gate(self.stop_flash_button, room, Capability.FLASH_SALES, session=self.session,
             kind="stop_flash_sale")

    def _tick(self) -> None:
        self.coupon_model.tick()
        self.flash_model.tick()

    # ------------------------------------------------------------------ actions

    def issue_coupon(self) -> None:
        template_id = self.template.currentData()
        if template_id is None:
            return
        self.window.session.actions.run(IssueCoupon(template_id, self.quantity.value(), self.validity.value()))

    def coupon_form(self) -> dict | None:
        """The coupon form's values (for the control API), None when no template is chosen."""
        try:
            template_id = self.template.currentData()
        except RuntimeError:   # the panel is gone (closing)
            return None
        return None if template_id is None else {"template_id": template_id, "quantity": self.quantity.value(),
                                                 "valid_minutes": self.validity.value()}

    def flash_sale_form(self) -> dict | None:
        try:
            spec = self.flash.spec()
        except RuntimeError:
            return None
        return None if spec is None else dataclasses.asdict(spec)

    def _selected(self, view, model):
        rows = view.selectionModel().selectedRows()
        return model.rows[rows[0].row()] if rows else None

    def _stop_chosen(self, view, model, running, ended, choose: str, none: str, over: str, stop, gate: str) -> None:
        """Stop the chosen row — or, in a hurry with no row chosen, the only one `running` — with the
        room command `stop(id)`, gated per connection and item under `gate`. With none to stop, or the
        chosen one `ended`, why is said on the status line (never a button that silently does nothing)."""
        sel = self._selected(view, model)
        on = [row for row in model.rows if running(row[2])]
        if sel is None and len(on) != 1:
            self.window.show_status(choose if on else none, 5000)
            return
        cid, _, item = sel or on[0]
        if ended(item):
            self.window.show_status(over, 5000)
            return
        self.window.session.actions.run(stop(item.id), connection_id=cid, gate=f"{gate}:{cid}:{item.id}")

    def stop_coupon(self) -> None:
        """Stop the chosen batch — or, with no row chosen, the only one active."""
        self._stop_chosen(self.coupon_view, self.coupon_model, lambda c: c.state == CouponState.ACTIVE,
                          lambda c: c.state != CouponState.ACTIVE,
                          self.tr("Choose the coupon batch to stop in the list."),
                          self.tr("No coupon batch is active."), self.tr("That coupon batch has ended already."),
                          StopCoupon, "coupon")

    def arm(self) -> None:
        spec = self.flash.spec()
        if spec is None:
            return
        problems = self.session.flash_sale.arm(spec)
        if problems:
            self.window.notify(self.tr("Not armed: {why}").format(why=reasons_text(problems)),
                               level="warning", timeout_ms=10000, key="flash-sale-not-armed")   # one bar, the latest
        elif self.fire_button is not None:
            # Arm, then FIRE from the keyboard. Only here: a sale armed from elsewhere (the control
            # API) must not take the keys from whatever the assistant is typing — a Space would fire it.
            self.fire_button.setFocus()

    def stop_flash_sale(self) -> None:
        """Stop the chosen sale — or, in a hurry with no row chosen, the only one running."""
        state = self.flash_model.live_state
        self._stop_chosen(self.flash_view, self.flash_model,
                          lambda s: state(s) in (FlashSaleState.COUNTDOWN, FlashSaleState.LIVE),
                          lambda s: state(s) == FlashSaleState.ENDED,
                          self.tr("Choose the flash sale to stop in the list."),
                          tr_text(NO_SALE_RUNNING), self.tr("That flash sale has ended already."),
                          StopFlashSale, "flash")

    def stop(self) -> None:
        self._ticker.stop()


class PromotionsFeature(FeatureBase):
    """Coupons and flash sales, in a dock on the right."""

    def __init__(self, window) -> None:
        self.panel = PromotionsPanel(window)
        self.armed_bar = ArmedBar(window)
        self.panel.fire_button = self.armed_bar.fire_button
        window.add_banner(self.armed_bar)
        window.add_dock("promotions", QCoreApplication.translate("MainWindow", "Promotions"), self.panel, Qt.DockWidgetArea.RightDockWidgetArea,
                        scroll=True)

    def refresh(self, dirty: set[Aspect]) -> None:
        if dirty & {Aspect.ROOM, Aspect.SHELF, Aspect.ORDER}:
            self.panel.refresh_products()
        if Aspect.ROOM in dirty:
            self.panel.refresh_buttons()
            self.armed_bar.refresh()
        if Aspect.COUPONS in dirty:
            self.panel.refresh_coupons()
        if Aspect.FLASH_SALES in dirty:
            self.panel.refresh_flash_sales()

    def stop(self) -> None:
        self.panel.stop()
