"""The promotions panel's tables: coupon batches with their claimed count as a bar, and flash
sales with progress and time left (read from the session's clock)."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QApplication, QStyle, QStyledItemDelegate, QStyleOptionProgressBar, QTableView,
)

from anchor_console.domain.clock import Clock, format_clock
from anchor_console.domain.models import CouponIssue, CouponState, FlashSale, FlashSaleState
from anchor_console.domain.money import format_money
from anchor_console.ui.common.table_model import CountdownRows
from anchor_console.ui.common.widgets import row_table


class ProgressDelegate(QStyledItemDelegate):
    """Paints (done, total) as a progress bar with the figures on it."""

    def paint(self, painter, option, index):
        value = index.data(Qt.ItemDataRole.UserRole)
        if not value:
            return super().paint(painter, option, index)
        done, total = value
        bar = QStyleOptionProgressBar()
        bar.rect = QRect(option.rect.adjusted(3, 4, -3, -4))
        bar.minimum, bar.maximum = 0, max(1, total)
        bar.progress = min(done, total)
        bar.text = f"{done}/{total}"
        bar.textVisible = True
        bar.state = QStyle.StateFlag.State_Enabled | QStyle.StateFlag.State_Horizontal
        QApplication.style().drawControl(QStyle.ControlElement.CE_ProgressBar, bar, painter)

    def sizeHint(self, option, index) -> QSize:  # noqa: N802 (Qt's name)
        hint = super().sizeHint(option, index)
        value = index.data(Qt.ItemDataRole.UserRole)
        if not value:
            return hint
        # Room for the bar's figures at their longest ("1234/5000") and a visible bar around them.
        digits = len(str(value[1]))
        width = option.fontMetrics.horizontalAdvance("8" * (2 * digits) + "/") + 36
        return QSize(max(hint.width(), width, 80), hint.height())


class CouponModel(CountdownRows[tuple[str, str, CouponIssue]]):
    """Coupon batches of the room: (connection id, platform name, batch), newest first."""

    COUPON, PLATFORM, CLAIMED, REMAINING, ENDS, STATE = range(6)
    TIME = ENDS

    def headers(self) -> list[str]:
        return [self.tr("Coupon"), self.tr("Platform"), self.tr("Claimed"), self.tr("Left"), self.tr("Ends in"),
                self.tr("State")]

    def show_batches(self, rows) -> None:
        self.set_rows(sorted(rows, key=lambda r: (-r[2].created_at, r[0])), identity=lambda r: (r[0], r[2].id))

    def state_text(self, c: CouponIssue) -> str:
        return {CouponState.ACTIVE: self.tr("Active"), CouponState.EXHAUSTED: self.tr("All claimed"),
                CouponState.ENDED: self.tr("Ended")}[c.state]

    def cell(self, row, col: int, role: int):
        cid, platform, c = row
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.COUPON:
                return c.name
            if col == self.PLATFORM:
                return platform
            if col == self.CLAIMED:
                return f"{c.claimed}/{c.quantity}"
            if col == self.REMAINING:
                return str(c.remaining)
            if col == self.ENDS:
                return format_clock(max(0.0, c.valid_until - self.now(cid))) if c.state == CouponState.ACTIVE else "—"
            if col == self.STATE:
                return self.state_text(c)
        if role == Qt.ItemDataRole.UserRole and col == self.CLAIMED:
            return (c.claimed, c.quantity)
        if role == Qt.ItemDataRole.ForegroundRole and c.state != CouponState.ACTIVE:
            return QColor("#757575")
        return None


class FlashSaleModel(CountdownRows[tuple[str, str, FlashSale]]):
    """Flash sales of the room: (connection id, platform name, sale), live ones first."""

    PRODUCT, PRICE, PROGRESS, TIME, STATE = range(5)

    def __init__(self, catalog, clock: Clock, parent=None) -> None:
        self.catalog = catalog
        super().__init__(clock, parent)

    def headers(self) -> list[str]:
        return [self.tr("Flash sale"), self.tr("Price"), self.tr("Sold"), self.tr("Time"), self.tr("State")]

    def show_sales(self, rows) -> None:
        order = {FlashSaleState.LIVE: 0, FlashSaleState.COUNTDOWN: 1, FlashSaleState.DRAFT: 2, FlashSaleState.ENDED: 3}
        self.set_rows(sorted(rows, key=lambda r: (order[r[2].state], -(r[2].starts_at or 0))),
                      identity=lambda r: (r[0], r[2].id))

    def tick(self) -> None:   # the state moves on with the clock too (live_state)
        if self.rows:
            self.dataChanged.emit(self.index(0, self.TIME), self.index(len(self.rows) - 1, self.STATE))

    def live_state(self, s: FlashSale, connection_id: str | None = None) -> FlashSaleState:
        return s.state_at(self.now(connection_id))

    def cell(self, row, col: int, role: int):
        cid, platform, s = row
        state = self.live_state(s, cid)
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.PRODUCT:
                return f"{self.catalog.sku_name(s.sku_id)} · {platform}"
            if col == self.PRICE:
                return format_money(s.sale_price_fen)
            if col == self.PROGRESS:
                return f"{s.sold}/{s.stock}"
            if col == self.TIME:
                now = self.now(cid)
                if state == FlashSaleState.COUNTDOWN:
                    return self.tr("starts in {t}").format(t=format_clock(max(0.0, (s.starts_at or now) - now)))
                if state == FlashSaleState.LIVE:
                    return self.tr("{t} left").format(t=format_clock(max(0.0, (s.ends_at or now) - now)))
                return "—"
            if col == self.STATE:
                if state == FlashSaleState.ENDED:
                    return {"sold_out": self.tr("Sold out"), "stopped": self.tr("Stopped"),
                            "expired": self.tr("Time up")}.get(s.ended_reason, self.tr("Ended"))
                return {FlashSaleState.DRAFT: self.tr("Draft"), FlashSaleState.COUNTDOWN: self.tr("Countdown"),
                        FlashSaleState.LIVE: self.tr("LIVE")}[state]
        if role == Qt.ItemDataRole.UserRole and col == self.PROGRESS:
            return (s.sold, s.stock)
        if role == Qt.ItemDataRole.FontRole and state == FlashSaleState.LIVE:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole:
            if state == FlashSaleState.ENDED:
                return QColor("#757575")
            if state == FlashSaleState.LIVE and col == self.STATE:
                return QColor("#c62828")
        return None


def table_view(parent, model) -> QTableView:
    view = QTableView(parent)
    view.setModel(model)
    row_table(view)
    view.setItemDelegate(ProgressDelegate(view))
    return view
