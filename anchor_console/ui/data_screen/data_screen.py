"""The data screen (数据大屏): a window for a second monitor with the show's figures as they happen —
big numbers with their change over the last minute, the four conversion rates, the online and GMV
curves with the segments as bands and the cues as markers, the product on stage with its sales
since it went on stage, and the top products.

It reads `session.recorder.live` (`live_figures.LiveFigures`), which emits at most once a second;
the screen draws at most once a second too (a rehearsal's fast clock can bring several seconds at
once: the last one wins) and not at all while hidden. Opens full screen on another screen when
there is one; F11 toggles full screen, text scales with the window.

While no show is recorded, it shows the live room's own figures (those the room header shows),
sampled once a second from the room and charted from when the screen was opened (or the room
connected); a small line says so. What only a recorded show has — segments, cue markers, sales
since a product went on stage, the top products — waits for a show. The room's charts keep their
last ROOM_KEPT_S: a screen left open for days does not grow without bound."""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QAction, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame, QGridLayout, QHBoxLayout, QSizePolicy, QVBoxLayout, QWidget,
)

from anchor_console.domain.events import unsubscribe_all
from anchor_console.domain.clock import Clock, format_clock
from anchor_console.domain.money import format_money
from anchor_console.domain.text import QT_TRANSLATE_NOOP
from anchor_console.session.live_figures import LiveFigures, LiveView
from anchor_console.session.show_record import figures_of
from anchor_console.session.review_sections import Kind, figure_kind
from anchor_console.ui.common.display import display_text
from anchor_console.ui.common.feature import FeatureBase
from anchor_console.ui.common.i18n import count_text, tr_text
from anchor_console.ui.common.widgets import LiveText, bring_to_front, fit_to_screen, plain_label, show_on_second_screen
from anchor_console.ui.data_screen.charts import TimeChart

BG, FG, DIM, TILE = "#121417", "#f5f5f5", "#9aa0a6", "#1e2227"
UP, DOWN = "#66bb6a", "#ef5350"
ONLINE_COLOR, GMV_COLOR = "#4fc3f7", "#ffca28"
TOP_SHOWN = 5
ROOM_KEPT_S = 4 * 3600   # the live room's charts (no show recorded): its last four hours…
ROOM_TRIM_S = 3600       # …dropped an hour at a time, so the charts copy their series again hourly, not each second

# (figure, caption); what a figure is (money, a count) is review_sections.figure_kind's
BIG_NUMBERS = (
    ("gmv_fen", QT_TRANSLATE_NOOP("DataScreen", "GMV")),
    ("online", QT_TRANSLATE_NOOP("DataScreen", "Online now")),
    ("orders", QT_TRANSLATE_NOOP("DataScreen", "Orders")),
    ("buyers", QT_TRANSLATE_NOOP("DataScreen", "Buyers")),
    ("entries", QT_TRANSLATE_NOOP("DataScreen", "Visitors")),
    ("comments", QT_TRANSLATE_NOOP("DataScreen", "Comments")),
)
RATES = (   # the `LiveView` attribute, its caption, what it is (the tile's tooltip)
    ("buyer_rate", QT_TRANSLATE_NOOP("DataScreen", "Buyers ÷ audience"),
     QT_TRANSLATE_NOOP("DataScreen", "Unique buyers ÷ the viewers the show reached: those online when it "
                                     "started plus every entry since (a viewer who came back counts again).")),
    ("orders_per_buyer", QT_TRANSLATE_NOOP("DataScreen", "Orders per buyer"),
     QT_TRANSLATE_NOOP("DataScreen", "Orders ÷ unique buyers: how often a buyer ordered.")),
    ("gmv_per_mille", QT_TRANSLATE_NOOP("DataScreen", "GMV per 1,000 visitors"),
     QT_TRANSLATE_NOOP("DataScreen", "GMV ÷ entries into the room since the show started, × 1,000 (GPM).")),
    ("coupon_use_rate", QT_TRANSLATE_NOOP("DataScreen", "Coupons used ÷ claimed"),
     QT_TRANSLATE_NOOP("DataScreen", "Orders paid with a coupon ÷ coupons claimed.")),
)


def format_figure(figure: str, value: int) -> str:
    return format_money(value) if figure_kind(figure) is Kind.MONEY else f"{value:,}"


def format_delta(figure: str, delta: int) -> str:
    sign = "+" if delta >= 0 else "−"
    amount = format_figure(figure, abs(delta))
    text = QCoreApplication.translate("DataScreen", "{sign}{amount} in the last minute")
    return text.format(sign=sign, amount=amount)


def format_rate(name: str, value: float | None) -> str:
    if value is None:
        return "—"
    if name == "gmv_per_mille":
        return format_money(round(value))
    if name == "orders_per_buyer":
        return f"{value:.2f}"
    return f"{value * 100:.1f}%"


class Tile(QFrame):
    """A caption, a big value and, under it, a smaller line (the minute's change)."""

    def __init__(self, caption: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("tile")
        self.caption = plain_label(caption, self)
        self.caption.setStyleSheet(f"color: {DIM};")
        self.caption.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.value = LiveText("—", self, shrink=True)   # a figure drawn smaller rather than cut
        self.value.set_color(FG)
        self.note = LiveText("", self)
        self.note.set_color(DIM)
        for text in (self.value, self.note):
            text.set_ground(TILE)
        self._color = DIM
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(2)
        layout.addWidget(self.caption)
        layout.addWidget(self.value)
        layout.addWidget(self.note)

    def set(self, value: str, note: str = "", color: str = DIM) -> None:
        self.value.setText(value)
        self.note.setText(note)
        if color != self._color:
            self._color = color
            self.note.set_color(color)


class DataScreen(QWidget):
    def __init__(self, window, *, wall: Clock | None = None) -> None:
        """`wall`: the clock of the live room's charts (the session's; tests move one by hand)."""
        super().__init__(None, Qt.WindowType.Window)
        self.window = window
        self.session = window.session
        self.live = self.session.recorder.live
        self.setObjectName("data-screen")
        self.setWindowTitle(self.tr("Data screen"))
        self.setStyleSheet(f"QWidget#data-screen {{ background: {BG}; }} QLabel {{ color: {FG}; }}"
                           f" QFrame#tile, QFrame#side {{ background: {TILE}; border-radius: 8px; }}")
        head = self._build_head()
        numbers = QGridLayout()
        numbers.setSpacing(8)
        self.tiles: dict[str, Tile] = {}
        for i, (figure, caption) in enumerate(BIG_NUMBERS):
            self.tiles[figure] = Tile(tr_text(caption), self)
            numbers.addWidget(self.tiles[figure], 0, i)
            numbers.setColumnStretch(i, 1)
        rates = QHBoxLayout()
        rates.setSpacing(8)
        self.rate_tiles: dict[str, Tile] = {}
        for name, caption, meaning in RATES:
            self.rate_tiles[name] = Tile(tr_text(caption), self)
            self.rate_tiles[name].setToolTip(tr_text(meaning))
            rates.addWidget(self.rate_tiles[name], 1)

        self.online_chart = TimeChart(self.tr("Online"), ONLINE_COLOR, parent=self)
        self.gmv_chart = TimeChart(self.tr("GMV (¥, since the show started)"), GMV_COLOR, money=True, parent=self)
        charts = QVBoxLayout()
        charts.addWidget(self.online_chart, 1)
        charts.addWidget(self.gmv_chart, 1)

        middle = QHBoxLayout()
        middle.setSpacing(12)
        middle.addLayout(charts, 3)
        middle.addLayout(self._build_side(), 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(10)
        layout.addLayout(head)
        layout.addWidget(self.source)
        layout.addLayout(numbers)
        layout.addLayout(rates)
        layout.addLayout(middle, 1)

        QShortcut(QKeySequence("F11"), self, activated=self.toggle_full_screen)
        QShortcut(QKeySequence("Escape"), self, activated=lambda: self.isFullScreen() and self.showNormal())
        self._pending: LiveView | None = None
        self._drawn_at = 0.0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._draw_pending)
        self._record_names: dict[str, str] = {}
        # The live room's own figures while no show is recorded, sampled here once a second.
        self.room_live = LiveFigures(room_totals=True)
        self.wall = wall or self.session.clock
        self._room_followed = None
        self._room_since = 0.0
        self._room_since_text = ""
        self._show_over = False            # the recorded show ended: the live room again
        self._charted: LiveFigures | None = None
        self._room_timer = QTimer(self)
        self._room_timer.setInterval(1000)
        self._room_timer.timeout.connect(self.sample_room)
        recorder = self.session.recorder
        self._unhear = [self.live.second.connect(self.on_second),
                        self.room_live.second.connect(self.on_room_second),
                        recorder.started.connect(lambda _record: self.clear_show()),
                        recorder.ended.connect(lambda _path: self._on_show_ended())]
        self._read_record_names()
        fit_to_screen(self, 1280, 720, near=window)
        self._scale_fonts()
        self.sample_room()
        self._room_timer.start()
        self.refresh()

    def _build_head(self) -> QHBoxLayout:
        """The heading, the show's clock (or what there is to show) and, under them, what the
        figures are when no show is recorded: the live room's (hidden during a show)."""
        self.heading = plain_label(self.tr("Data screen"), self)
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        self.clock = LiveText("", self, align=right)
        self.source = LiveText("", self, align=right)
        for text, color in ((self.clock, FG), (self.source, DIM)):
            text.set_color(color)
            text.set_ground(BG)
        self.source.hide()
        head = QHBoxLayout()
        head.addWidget(self.heading, 1)
        head.addWidget(self.clock, 1)
        return head

    def _build_side(self) -> QVBoxLayout:
        """The product on stage and the top products, beside the charts."""
        self.stage_box = QFrame(self)
        self.stage_box.setObjectName("side")
        self.stage_caption = plain_label(self.tr("ON STAGE"), self.stage_box)
        self.stage_caption.setStyleSheet(f"color: {DIM};")
        top_left = Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft
        self.stage_name = LiveText("", self.stage_box, lines=2, align=top_left)
        self.stage_figures = LiveText("", self.stage_box, lines=2, align=top_left)
        box = QVBoxLayout(self.stage_box)
        for w in (self.stage_caption, self.stage_name, self.stage_figures):
            box.addWidget(w)
        self.top_box = QFrame(self)
        self.top_box.setObjectName("side")
        self.top_caption = plain_label(self.tr("TOP PRODUCTS"), self.top_box)
        self.top_caption.setStyleSheet(f"color: {DIM};")
        self.top_list = LiveText("", self.top_box, lines=2 * TOP_SHOWN, align=top_left)
        top = QVBoxLayout(self.top_box)
        top.addWidget(self.top_caption)
        top.addWidget(self.top_list, 1)
        for text in (self.stage_name, self.stage_figures, self.top_list):
            text.set_color(FG)
            text.set_ground(TILE)
        side = QVBoxLayout()
        side.setSpacing(12)
        side.addWidget(self.stage_box)
        side.addWidget(self.top_box, 1)
        return side

    # ------------------------------------------------------------------ placing and sizing

    def place(self) -> None:
        show_on_second_screen(self, self.window)

    def toggle_full_screen(self) -> None:
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._scale_fonts()

    def _scale_fonts(self) -> None:
        """Readable from a few metres: sizes follow the window's height (and width, for the tiles)."""
        h, w = max(self.height(), 400), max(self.width(), 640)
        big = max(14, min(int(h / 20), int(w / len(BIG_NUMBERS) / 7)))
        small = max(10, int(big * 0.42))
        for tile in (*self.tiles.values(), *self.rate_tiles.values()):
            self._font(tile.value, big if tile in self.tiles.values() else int(big * 0.7), bold=True)
            self._font(tile.caption, small)
            self._font(tile.note, small)
        self._font(self.heading, int(big * 0.7), bold=True)
        self._font(self.clock, int(big * 0.7), bold=True)
        self._font(self.source, small)
        self._font(self.stage_caption, small)
        self._font(self.top_caption, small)
        self._font(self.stage_name, int(big * 0.6), bold=True)
        self._font(self.stage_figures, int(small * 1.2))
        self._font(self.top_list, int(small * 1.2))
        for chart in (self.online_chart, self.gmv_chart):
            chart.set_text_size(max(11, int(small * 0.95)))

    @staticmethod
    def _font(label: QWidget, px: int, bold: bool = False) -> None:
        f = QFont(label.font())
        f.setPixelSize(max(9, px))
        f.setBold(bold)
        if f != label.font():
            label.setFont(f)

    # ------------------------------------------------------------------ what it shows

    def on_second(self, view: LiveView) -> None:
        """At most one draw a second, none while hidden (shown again, it draws the latest)."""
        self._pending = view
        if not self.isVisible() or self._timer.isActive():
            return
        wait_ms = int(max(0.0, 1.0 - (time.monotonic() - self._drawn_at)) * 1000)
        self._timer.start(wait_ms)

    def on_room_second(self, view: LiveView) -> None:
        if not self.showing_show:
            self.on_second(view)

    def _draw_pending(self) -> None:
        view, self._pending = self._pending, None
        if view is not None:
            self.refresh()   # the latest of what is shown now (a show may have begun meanwhile)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        self.refresh()

    @property
    def showing_show(self) -> bool:
        """A show's figures are shown (being recorded, or resumed); else the live room's."""
        return self.live.view is not None and not self._show_over

    def refresh(self) -> None:
        """Draw what there is to show: the show's figures, else the live room's, else how to get some."""
        if self.showing_show:
            self.render(self.live.view)
        else:
            self.render(self.room_live.view)

    def sample_room(self) -> None:
        """Once a second: the live room's figures now, as the header shows them (a room switched to
        starts its charts again; a room not loaded yet adds nothing)."""
        room = self.session.room
        if room is not self._room_followed:
            self._room_followed = room
            self.room_live.reset()
            if self._charted is self.room_live:
                self._charted = None    # another room's curves start again
            self._room_since = self.wall.monotonic()
            self._room_since_text = time.strftime("%H:%M", time.localtime(self.wall.now()))
            if not self.showing_show:
                self.refresh()
        if room is None or not room.state.loaded:
            return
        live = self.room_live
        t = int(self.wall.monotonic() - self._room_since)
        if live.times and t <= live.times[-1]:
            return
        if live.times and t - live.times[0] > ROOM_KEPT_S + ROOM_TRIM_S:
            live.forget_before(t - ROOM_KEPT_S)
        live.add_second(t, figures_of(room.stats()))

    def _on_show_ended(self) -> None:
        self._show_over = True
        self.refresh()

    def _read_record_names(self) -> None:
        """The shelf as the show began (kept in its record): names of products since taken off."""
        record = self.session.recorder.record
        shelf = (record.meta("shelf_at_start") or []) if record is not None else []
        self._record_names = {str(p.get("id")): p.get("name", "") for p in shelf}

    def clear_show(self) -> None:
        self._show_over = False
        self._read_record_names()
        for chart in (self.online_chart, self.gmv_chart):
            chart.clear_show()
        self._charted = None
        self.refresh()

    def render(self, view: LiveView | None) -> None:
        self._drawn_at = time.monotonic()
        if view is None:
            self.clock.setText(self.tr("No show is being recorded"))
            self.source.hide()
            for tile in (*self.tiles.values(), *self.rate_tiles.values()):
                tile.set("—")
            # Not "Nothing on stage" (a product may well be): what to do to see figures here.
            self.stage_name.setText("")
            self.stage_figures.setText(self.tr("Start a show in the run of show: its figures appear here."))
            self.top_list.setText("")
            return
        self._render_numbers(view)
        if view.room_totals:
            self._render_room(view)
            return
        self.source.hide()
        rehearsal = self.session.show.rehearsing
        self.clock.setText((self.tr("REHEARSAL") + "  ·  " if rehearsal else "") + format_clock(view.t))
        self._render_stage(view)
        self._render_charts(self.live, view.t)

    def _render_numbers(self, view: LiveView) -> None:
        for figure, tile in self.tiles.items():
            delta = view.per_minute.get(figure, 0)
            tile.set(format_figure(figure, view.values.get(figure, 0)), format_delta(figure, delta),
                     UP if delta > 0 else DOWN if delta < 0 else DIM)
        for name, tile in self.rate_tiles.items():
            tile.set(format_rate(name, getattr(view, name)))

    def _render_room(self, view: LiveView) -> None:
        """The live room with no show recorded: its figures and curves, and a line saying so; the
        side keeps what a show would add."""
        self.clock.setText(self.tr("No show is being recorded"))
        self.source.setText(self.tr("Live room, not recorded · charts since {time}").format(time=self._room_since_text))
        self.source.show()
        self.stage_name.setText("")
        self.stage_figures.setText(self.tr("Start the run of show for its segments, cues and sales."))
        self.top_list.setText("")
        self._render_charts(self.room_live, view.t)

    def _render_charts(self, live: LiveFigures, now_t: float) -> None:
        if live is not self._charted:   # the show's figures after the room's, or back: each its own curves
            self._charted = live
            for chart in (self.online_chart, self.gmv_chart):
                chart.clear_show()
                chart.from_first_point = live.room_totals
            self.gmv_chart.set_title(self.tr("GMV (¥, the room's total)") if live.room_totals
                                     else self.tr("GMV (¥, since the show started)"))
        self.online_chart.extend(live.times, live.columns["online"])
        self.gmv_chart.extend(live.times, live.columns["gmv_fen"])
        for chart in (self.online_chart, self.gmv_chart):
            chart.set_bands(live.bands, now_t)
            chart.add_markers(live.markers)

    def product_name(self, product_id: str) -> str:
        room = self.session.room
        item = room.state.shelf_item(product_id) if room is not None else None
        if item is not None:
            name = item.product.name
        elif product_id in self.session.catalog.products or product_id not in self._record_names:
            name = self.session.catalog.product_name(product_id)
        else:
            name = self._record_names[product_id]
        return display_text(name or product_id, 40)

    def _render_stage(self, view: LiveView) -> None:
        if view.stage_product_id:
            self.stage_name.setText(self.product_name(view.stage_product_id))
            s = view.stage_sales
            since = format_clock(view.t - (view.stage_since_t or 0))
            self.stage_figures.setText(self.tr("{orders} · {units} · {gmv} in {since}").format(
                orders=self.orders(s.orders if s else 0),
                units=count_text(s.units if s else 0, self.tr("{n} piece"), self.tr("{n} pieces")),
                gmv=format_money(s.gmv_fen if s else 0), since=since))
        else:
            self.stage_name.setText(self.tr("Nothing on stage"))
            self.stage_figures.setText("")
        lines = [f"{i}. {self.product_name(p.product_id)}\n    {format_money(p.gmv_fen)} · "
                 + self.orders(p.orders) for i, p in enumerate(view.top_products[:TOP_SHOWN], 1)]
        text = "\n".join(lines) or self.tr("(no orders yet)")
        self.top_list.setText(text)

    def orders(self, n: int) -> str:
        return count_text(n, self.tr("{n} order"), self.tr("{n} orders"))

    def stop(self) -> None:
        self._timer.stop()
        self._room_timer.stop()
        unsubscribe_all(self._unhear)


class DataScreenFeature(FeatureBase):
    """The View menu's "Data screen" (F12)."""

    def __init__(self, window) -> None:
        self.window = window
        self.screen: DataScreen | None = None
        action = QAction(QCoreApplication.translate("MainWindow", "&Data screen"), window)
        action.setShortcut(QKeySequence("F12"))
        action.triggered.connect(self.open_screen)
        window.add_menu_action("view", action)

    def open_screen(self) -> DataScreen:
        if self.screen is None:
            self.screen = DataScreen(self.window)
            self.screen.place()
        return bring_to_front(self.screen)

    def stop(self) -> None:
        if self.screen is not None:
            self.screen.stop()
            self.screen.close()
