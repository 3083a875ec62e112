"""The anchor's presenter view: a separate window for a second screen, readable from three metres —
a big countdown, the product on stage with live price, stock and coupons left, a flash sale about
to open or running in a band of its own (its own big countdown, the sale price, what is left), talking points,
messages from the assistant, the next segment and the top buyer questions. A sold-out or
off-sale product on stage is flagged loudly, advertising-law words in the talking points are
marked, a rehearsal is marked as one with its speed (its countdown runs that much faster), and the
view opens full screen on another screen when there is one. F11 toggles full screen; text scales with
the window."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QFont, QKeySequence, QShortcut, QTextCharFormat
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from anchor_console.domain.models import CouponState, FlashSaleState
from anchor_console.domain.money import format_money
from anchor_console.show import RunPhase, TimingStatus
from anchor_console.show.timeline_types import on_time
from anchor_console.domain.clock import format_clock, format_countdown
from anchor_console.ui.common.display import display_text
from anchor_console.ui.common.widgets import fit_to_screen, plain_label, show_on_second_screen
from anchor_console.ui.show.editor_models import ComplianceHighlighter

COLORS = {TimingStatus.NORMAL: "#66bb6a", TimingStatus.WARNING: "#ffca28", TimingStatus.OVERRUN: "#ef5350"}
BG, FG, DIM = "#121417", "#f5f5f5", "#9aa0a6"
BAND, SOLD_OUT = "#1e2227", "#b71c1c"
# The flash sale's band: dark amber while it counts down to its start, dark green while it sells.
SALE_SOON, SALE_LIVE = ("#3d2e05", "#ffca28"), ("#0f3318", "#66bb6a")
# The band over the countdown: a rehearsal (blue), or a followed show this seat lost contact with (red).
REHEARSAL_MARK, LOST_MARK = "#1565c0", "#b71c1c"
ScaledWidget = TypeVar("ScaledWidget", bound=QWidget)


def speed_text(speed: float) -> str:
    """A rehearsal's speed as the speed box says it: "10×", "1.5×"."""
    return f"{speed:g}×"


class PresenterView(QWidget):
    def __init__(self, window, runner) -> None:
        super().__init__(None, Qt.WindowType.Window)
        self.window = window
        self.session = window.session
        self.runner = runner
        self.setObjectName("presenter-view")
        self.setWindowTitle(self.tr("Presenter view"))
        self.setStyleSheet(f"QWidget#presenter-view {{ background: {BG}; }} QLabel {{ color: {FG}; }}"
                           f" QFrame#band {{ background: {BAND}; border-radius: 10px; }}"
                           f" QFrame#band[alarm=\"true\"] {{ background: {SOLD_OUT}; }}"
                           f" QFrame#flash-band {{ background: {SALE_SOON[0]}; border-radius: 10px; }}"
                           f" QFrame#flash-band[live=\"true\"] {{ background: {SALE_LIVE[0]}; }}")
        # Each text's font size as a share of the view's height, given where the text is made,
        # so a new label cannot be left out of the scaling (_scale_fonts applies them).
        self._font_shares: list[tuple[QWidget, float]] = []
        self.title = self._label(0.055, bold=True)
        self.title.setWordWrap(True)
        self.countdown = self._label(0.16, bold=True)
        self.countdown.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.offset = self._label(0.03, color=DIM)
        self.offset.setAlignment(Qt.AlignmentFlag.AlignRight)
        # Readable from across the studio: not on air, and the countdown runs at the rehearsal's speed.
        self.mark = self._label(0.05, bold=True)
        self.mark.setObjectName("presenter-mark")
        self.mark.setWordWrap(True)
        self.mark.hide()

        self._build_stage_band()
        self._build_flash_band()
        middle = self._build_middle()

        self.message = self._label(0.045, bold=True)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("QLabel { background: #ffca28; color: #111; border-radius: 8px; padding: 8px; }")
        self.message.hide()
        self.next_label = self._label(0.032, color=DIM)
        self.next_label.setWordWrap(True)

        head = QGridLayout()
        head.addWidget(self.title, 0, 0)
        head.addWidget(self.countdown, 0, 1, 2, 1)
        head.addWidget(self.offset, 1, 0)
        head.setColumnStretch(0, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(12)
        layout.addWidget(self.mark)
        layout.addLayout(head)
        bands = QHBoxLayout()
        bands.setSpacing(12)
        bands.addWidget(self.stage_band, 3)
        bands.addWidget(self.flash_band, 2)
        layout.addLayout(bands)
        layout.addLayout(middle, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.next_label)

        QShortcut(QKeySequence("F11"), self, activated=self.toggle_full_screen)
        QShortcut(QKeySequence("Escape"), self, activated=lambda: self.isFullScreen() and self.showNormal())
        self._message_text: str | None = None
        self._unsubscribe_runner = [runner.snapshot.connect(self.render),
                                    runner.anchor_message.connect(self.show_message),
                                    runner.anchor_message_withdrawn.connect(self.withdraw_message)]
        self._message_timer = QTimer(self)
        self._message_timer.setSingleShot(True)
        self._message_timer.timeout.connect(self.message.hide)
        self._figures_timer = QTimer(self)
        self._figures_timer.setInterval(500)
        self._figures_timer.timeout.connect(self.render_stage)
        self._figures_timer.timeout.connect(self.render_flash_sale)
        self._figures_timer.start()
        # Questions change with every comment: read twice a second, like the figures.
        self._figures_timer.timeout.connect(self.render_questions)
        self._segment_id = None
        fit_to_screen(self, 1280, 720, near=window)
        self._scale_fonts()
        self.render(None)
        self.render_stage()
        self.render_flash_sale()
        self.render_questions()

    def _build_stage_band(self) -> None:
        """The product on stage with its live price, stock, coupons left and flash sale."""
        self.stage_band = QFrame(self)
        self.stage_band.setObjectName("band")
        self.stage_caption = self._label(0.022, color=DIM)
        self.stage_caption.setText(self.tr("ON STAGE"))
        self.stage_name = self._label(0.05, bold=True)
        self.stage_name.setWordWrap(True)
        self.stage_figures = self._label(0.038)
        self.stage_figures.setWordWrap(True)
        self.stage_alarm = self._label(0.05, bold=True)   # SOLD OUT / OFF SALE: move on to the next product
        self.stage_alarm.hide()
        sb = QVBoxLayout(self.stage_band)
        sb.addWidget(self.stage_caption)
        top = QHBoxLayout()
        top.addWidget(self.stage_name, 1)
        top.addWidget(self.stage_alarm, 0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        sb.addLayout(top)
        sb.addWidget(self.stage_figures)

    def _build_flash_band(self) -> None:
        """A flash sale about to open or selling: when (big), at what price, how many are left."""
        self.flash_band = QFrame(self)
        self.flash_band.setObjectName("flash-band")
        self.flash_caption = self._label(0.026, bold=True)
        self.flash_caption.setWordWrap(True)
        self.flash_countdown = self._label(0.11, bold=True)
        self.flash_price = self._label(0.06, bold=True)
        self.flash_left = self._label(0.04)
        self.flash_left.setWordWrap(True)
        fb = QGridLayout(self.flash_band)
        fb.addWidget(self.flash_caption, 0, 0, 1, 2)
        fb.addWidget(self.flash_countdown, 1, 0, 2, 1)
        fb.addWidget(self.flash_price, 1, 1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom)
        fb.addWidget(self.flash_left, 2, 1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        fb.setColumnStretch(0, 1)
        self.flash_band.hide()

    def _build_middle(self) -> QHBoxLayout:
        """Talking points, large, beside the buyers' top questions."""
        self.points = self._sized(QPlainTextEdit(self), 0.04)  # talking points: plain text, large, scrollable
        self.points.setReadOnly(True)
        self.points.setFrameShape(QFrame.Shape.NoFrame)
        self.points.setStyleSheet(f"QPlainTextEdit {{ background: {BG}; color: {FG}; }}")
        marked = QTextCharFormat()   # advertising-law words: the anchor sees them before saying them
        marked.setBackground(QColor("#7f1d1d"))
        marked.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
        marked.setUnderlineColor(QColor("#ff8a80"))
        self.highlighter = ComplianceHighlighter(self.points.document(), self, marked)
        self._unsubscribe_words = self.session.staff_words.changed.connect(self.highlighter.rehighlight)
        self.questions_caption = self._label(0.022, color=DIM)
        self.questions_caption.setText(self.tr("BUYERS ASK"))
        self.questions = self._label(0.034)
        self.questions.setWordWrap(True)
        self.questions.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        qcol = QVBoxLayout()
        qcol.addWidget(self.questions_caption)
        qcol.addWidget(self.questions, 1)
        middle = QHBoxLayout()
        middle.addWidget(self.points, 3)
        middle.addLayout(qcol, 2)
        return middle

    @property
    def word_list(self):
        return self.session.staff_words.word_list

    def place(self) -> None:
        show_on_second_screen(self, self.window)

    def _sized(self, widget: ScaledWidget, share: float) -> ScaledWidget:
        """`widget`, its font to be `share` of the view's height."""
        self._font_shares.append((widget, share))
        return widget

    def _label(self, share: float, *, bold: bool = False, color: str | None = None) -> QLabel:
        """A label whose font is `share` of the view's height."""
        label = self._sized(plain_label("", self), share)
        if bold:
            f = QFont(label.font())
            f.setBold(True)
            label.setFont(f)
        if color:
            label.setStyleSheet(f"color: {color};")
        return label

    # ------------------------------------------------------------------ sizing

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._scale_fonts()

    def _scale_fonts(self) -> None:
        """Sizes follow the window: at 1080 lines the countdown is ~1/5 of the height."""
        h = max(360, self.height())
        for widget, share in self._font_shares:
            f = QFont(widget.font())
            f.setPixelSize(max(12, int(h * share)))
            widget.setFont(f)

    def toggle_full_screen(self) -> None:
        self.showNormal() if self.isFullScreen() else self.showFullScreen()

    # ------------------------------------------------------------------ content

    def set_mark(self, text: str, color: str = REHEARSAL_MARK) -> None:
        """The band over the countdown (a rehearsal, a lost contact); empty, none."""
        if text != self.mark.text() or self.mark.isHidden() == bool(text):
            self.mark.setText(text)
            self.mark.setStyleSheet(f"QLabel {{ background: {color}; color: white; border-radius: 8px; "
                                    f"padding: 6px 12px; }}")
            self.mark.setVisible(bool(text))

    def rehearsal_mark(self, speed: float) -> str:
        return self.tr("REHEARSAL · {speed} — not on air").format(speed=speed_text(speed))

    def render(self, snap) -> None:
        runner = self.runner
        rehearsal = runner.rehearsal_clock
        live = snap is not None and snap.phase is RunPhase.LIVE
        self.set_mark(self.rehearsal_mark(rehearsal.speed) if rehearsal is not None and live else "")
        if snap is None or snap.phase is RunPhase.READY:
            title = runner.show.title if runner.show else self.tr("No show running")
            self.title.setText(title)
            self.countdown.setText("--:--")
            self.countdown.setStyleSheet(f"color: {DIM};")
            self.offset.setText("")
            self.next_label.setText("")
            self._set_segment(None)
            return
        if snap.phase is RunPhase.ENDED:
            self.title.setText(self.tr("The show has ended — thank you!"))
            self.countdown.setText("00:00")
            self.countdown.setStyleSheet(f"color: {DIM};")
            self.next_label.setText("")
            self._set_segment(None)
            return
        if snap.current is not None and snap.remaining_s is not None:
            self.title.setText(snap.current.title)
            self.countdown.setText(format_countdown(snap.remaining_s))
            self.countdown.setStyleSheet(f"color: {COLORS[snap.status]};")
            self._set_segment(snap.current.segment_id)
        self.show_offset(snap.show_offset_s)
        if snap.next is not None:
            self.next_label.setText(self.tr("NEXT: {title}").format(title=snap.next.title))
        else:
            self.next_label.setText(self.tr("Last segment"))

    def show_offset(self, off: float) -> None:
        """How far the show is behind (`off` > 0) or ahead of its plan; near it, on time (timeline_types.on_time)."""
        if on_time(off):
            self.offset.setText(self.tr("Show on time"))
        elif off > 0:
            self.offset.setText(self.tr("Show {t} behind").format(t=format_clock(off)))
        else:
            self.offset.setText(self.tr("Show {t} ahead").format(t=format_clock(-off)))

    def _set_segment(self, segment_id: str | None) -> None:
        if segment_id == self._segment_id:
            return
        self._segment_id = segment_id
        seg = self.runner.show.segment(segment_id) if (segment_id and self.runner.show) else None
        self.points.setPlainText(seg.talking_points if seg else "")

    def render_stage(self) -> None:
        room = self.session.room
        state = room.state if room is not None else None
        pid = state.stage_product_id if state is not None else None
        item = state.shelf_item(pid) if (state is not None and pid) else None
        if item is None:
            self.stage_name.setText(self.tr("Nothing on stage"))
            self.stage_figures.setText("")
            self._set_alarm("")
            return
        p = item.product
        stock = room.stock_of(item)   # as the shelf shows it: None where the platform does not say
        if stock is not None and stock <= 0:
            self._set_alarm(self.tr("SOLD OUT"))
        elif not item.on_sale:
            self._set_alarm(self.tr("OFF SALE"))
        else:
            self._set_alarm("")
        parts = [self.tr("Price {price}").format(price=format_money(p.price_fen)),
                 self.tr("Stock {stock}").format(stock="—" if stock is None else stock)]
        coupons_left = sum(c.remaining for s in room.states.values() for c in s.coupons.values()
                           if c.state is CouponState.ACTIVE)
        if coupons_left:
            parts.append(self.tr("Coupons left {n}").format(n=coupons_left))
        self.stage_name.setText(p.name)
        self.stage_figures.setText("  ·  ".join(parts))

    def render_flash_sale(self) -> None:
        """The flash sale to talk about: one selling before one counting down, the stage product's
        before another's; none, no band."""
        room = self.session.room
        stage = room.state.stage_product_id if room is not None else None
        clock = self.session.platform_clock   # a sale's times are on its platform's clock (10× in a rehearsal)
        sales = [(sale, state, now) for cid, s in (room.states.items() if room is not None else ())
                 for now in (clock.now_for(cid),) for sale in s.flash_sales.values()
                 if (state := sale.state_at(now)) in (FlashSaleState.LIVE, FlashSaleState.COUNTDOWN)]
        if not sales:
            self.flash_band.hide()
            return
        sale, state, now = min(sales, key=lambda ss: (ss[1] is not FlashSaleState.LIVE, ss[0].product_id != stage,
                                                      ss[0].starts_at or 0))
        live = state is FlashSaleState.LIVE
        item = room.state.shelf_item(sale.product_id)
        name = item.product.name if item is not None else self.session.catalog.sku_name(sale.sku_id)
        if live:
            caption = self.tr("FLASH SALE ON · ends in")
            left = (sale.ends_at or now) - now
        else:
            caption = self.tr("FLASH SALE · starts in")
            left = (sale.starts_at or now) - now
        if sale.product_id != stage:   # the anchor talks about another product: say which this is
            caption = f"{caption}  ·  {display_text(name, 30)}"
        self.flash_caption.setText(caption)
        self.flash_countdown.setText(format_countdown(max(0.0, left)))
        self.flash_countdown.setStyleSheet(f"color: {(SALE_LIVE if live else SALE_SOON)[1]};")
        self.flash_price.setText(format_money(sale.sale_price_fen))
        self.flash_left.setText(self.tr("{left} of {stock} left").format(left=sale.remaining, stock=sale.stock))
        if self.flash_band.property("live") != live:
            self.flash_band.setProperty("live", live)
            self.flash_band.style().unpolish(self.flash_band)
            self.flash_band.style().polish(self.flash_band)
        self.flash_band.show()

    def _set_alarm(self, text: str) -> None:
        if text == self.stage_alarm.text() and self.stage_alarm.isHidden() == (not text):
            return
        self.stage_alarm.setText(text)
        self.stage_alarm.setVisible(bool(text))
        # Grey on the alarm's red is barely legible (2.5:1): the caption turns white with it.
        self.stage_caption.setStyleSheet(f"color: {FG if text else DIM};")
        self.stage_band.setProperty("alarm", bool(text))
        self.stage_band.style().unpolish(self.stage_band)
        self.stage_band.style().polish(self.stage_band)

    def show_message(self, text: str) -> None:
        self._message_text = text
        self.message.setText(self.tr("FROM THE ASSISTANT: {text}").format(text=display_text(text, 300)))
        self.message.show()
        self._message_timer.start(60_000)

    def withdraw_message(self, text: str) -> None:
        """Taken down before its minute is up, if it is still the one shown (a later one stays)."""
        if self._message_text == text:
            self._message_text = None
            self._message_timer.stop()
            self.message.hide()

    def render_questions(self) -> None:
        """The buyer questions sent here, then those about the product on stage, then the most asked."""
        room = self.session.room
        stage = room.state.stage_product_id if room is not None else None
        groups = self.session.desk.questions.for_presenter(6, stage_product_id=stage)
        if not groups:
            self.questions.setText(self.tr("(no questions yet)"))
            return
        self.questions.setText("\n".join(f"{display_text(g.text, 40)}  ×{g.count}" for g in groups))

    def stop(self) -> None:
        self._unsubscribe_words()
        for unsubscribe in self._unsubscribe_runner:
            unsubscribe()
        self._figures_timer.stop()
        self._message_timer.stop()
