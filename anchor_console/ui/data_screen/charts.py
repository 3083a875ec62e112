"""The show's time charts (pyqtgraph), shared by the data screen and the review: one figure over the
show's seconds, the segments as shaded bands and what happened (cues, stage changes, coupons, flash
sales) as thin vertical markers. Renders itself to PNG for the HTML and PDF reports.

Cheap once a second at the end of a four-hour show (the data screen's budget is a few ms): the
series is copied incrementally and reduced to each pixel's low and high (`Envelope`); the show up
to a few minutes ago is one curve redrawn every RECENT_S, the last minutes a short one — the only
one a second redraws; the axes move in round steps, so most seconds leave them alone; bands and
markers are one item each per kind, in opaque colours mixed beforehand."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
from PySide6.QtGui import QColor, QFont

from anchor_console.domain.clock import format_clock

BAND_COLORS = ("#3949ab", "#00897b")      # alternate, so neighbouring segments are told apart
MARKER_COLORS = {"cue_failed": "#ef5350", "cue_outcome_unknown": "#ef5350", "cue_missed": "#ffa726",
                 "cue_dismissed": "#ffa726", "stage": "#ab47bc", "coupon_issued": "#26c6da",
                 "flash_sale": "#ffca28", "overrun_started": "#ef5350"}
MARKER_DEFAULT = "#9ccc65"     # a cue fired or succeeded


RECENT_S = 300          # the short curve redrawn each second holds at most this many seconds
CLOCK_STEPS = (10, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200)


class ClockAxis(pg.AxisItem):
    """Seconds since the show started, written as a clock (1:05:00), ticked on whole minutes
    (or 10 s, 30 s…, whatever keeps the labels apart)."""

    def tickSpacing(self, minVal, maxVal, size):  # noqa: N802,N803 (pyqtgraph's names)
        span = max(1.0, maxVal - minVal)
        most = max(2, int(size / 90))      # a label "1:05:00" needs ~90 px
        step = next((s for s in CLOCK_STEPS if span / s <= most), CLOCK_STEPS[-1] * (1 + int(span / most // 7200)))
        return [(step, 0)]

    def tickStrings(self, values, scale, spacing):  # noqa: N802 (pyqtgraph's name)
        return [format_clock(v) for v in values]


class Envelope:
    """A long series reduced to each bucket's low and high (`per` points a bucket), kept as it grows:
    complete buckets are computed once; the last, partial one each time."""

    def __init__(self) -> None:
        self.per = 0
        self.done = 0                                   # raw points folded into complete buckets
        self.x = np.zeros(0, dtype=np.float64)
        self.y = np.zeros(0, dtype=np.float64)
        self.count = 0                                  # points used in x, y

    def update(self, xs: np.ndarray, ys: np.ndarray, n: int, per: int) -> tuple[np.ndarray, np.ndarray]:
        if per <= 1:
            return xs[:n], ys[:n]
        if per != self.per or n < self.done:
            self.per, self.done, self.count = per, 0, 0
        whole = (n - self.done) // per
        if whole:
            bx, by = self._fold(xs[self.done:self.done + whole * per], ys[self.done:self.done + whole * per], per)
            if self.count + len(bx) > len(self.x):
                self.x = np.resize(self.x, max(1024, 2 * (self.count + len(bx))))
                self.y = np.resize(self.y, len(self.x))
            self.x[self.count:self.count + len(bx)] = bx
            self.y[self.count:self.count + len(by)] = by
            self.count += len(bx)
            self.done += whole * per
        tail_x, tail_y = xs[self.done:n], ys[self.done:n]
        return np.concatenate((self.x[:self.count], tail_x)), np.concatenate((self.y[:self.count], tail_y))

    @staticmethod
    def _fold(xs: np.ndarray, ys: np.ndarray, per: int) -> tuple[np.ndarray, np.ndarray]:
        grid_x, grid_y = xs.reshape(-1, per), ys.reshape(-1, per)
        rows = np.arange(len(grid_y))
        lo, hi = grid_y.argmin(axis=1), grid_y.argmax(axis=1)
        first, second = np.minimum(lo, hi), np.maximum(lo, hi)     # in the order they happened
        x = np.empty(2 * len(rows))
        y = np.empty(2 * len(rows))
        x[0::2], x[1::2] = grid_x[rows, first], grid_x[rows, second]
        y[0::2], y[1::2] = grid_y[rows, first], grid_y[rows, second]
        return x, y


class BandsItem(pg.UIGraphicsItem):
    """Every segment as a shaded band the height of the chart, in one item (a pyqtgraph region per
    band costs two lines' bounds at every paint)."""

    def __init__(self) -> None:
        super().__init__()
        self.spans: list[list] = []      # [start, end (None: on air), QColor]

    def paint(self, painter, *args) -> None:
        view = self.boundingRect()
        for start, end, color in self.spans:
            right = view.right() if end is None else end
            painter.fillRect(QRectF(start, view.top(), right - start, view.height()), color)


class TimeChart(pg.PlotWidget):
    def __init__(self, title: str, color: str, *, dark: bool = True, money: bool = False, width: float = 1,
                 parent=None) -> None:
        self._background = "#121417" if dark else "#ffffff"
        super().__init__(parent=parent, background=self._background,
                         axisItems={"bottom": ClockAxis(orientation="bottom")})
        self.money = money   # values are fen, shown in yuan
        fg = "#d0d4d8" if dark else "#333333"
        self.setTitle(title, color=fg, size="11pt")
        for name in ("left", "bottom"):
            axis = self.getAxis(name)
            axis.setTextPen(fg)
            axis.setPen(fg)
        # The chart paints every pixel of its own: the window's background under it is not painted
        # again at every tick.
        self.viewport().setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setMenuEnabled(False)
        self.setMouseEnabled(x=False, y=False)
        self.hideButtons()
        if not dark:   # the review's charts; a grid's translucent lines cost the data screen's tick
            self.showGrid(x=False, y=True, alpha=0.15)
        plot = self.getPlotItem()
        # The range is set from the series itself: pyqtgraph's auto-range asks every band and marker
        # for its bounds at each paint (most of a tick's time at the end of a four-hour show).
        plot.getViewBox().disableAutoRange()
        # Bare curve items: a PlotDataItem's data set machinery (bounds, log modes, down-sampling we
        # do ourselves) costs more than the drawing, every second.
        self.curve = pg.PlotCurveItem(pen=pg.mkPen(color, width=width))
        self.recent = pg.PlotCurveItem(pen=pg.mkPen(color, width=width))
        for item in (self.curve, self.recent):
            plot.addItem(item)
        self._cut = 0                # raw points drawn by `curve`; the rest by `recent`
        self.envelope = Envelope()
        plot.getViewBox().sigResized.connect(lambda _vb: self._redraw(whole=True))
        self._low, self._high = 0.0, 1.0
        self._range: tuple[float, float, float, float] | None = None   # x start, x end, y low, y high
        # Time from the first second kept (a live room's last hours), not from the show's start (0).
        self.from_first_point = False
        self._dark = dark
        self._x = np.zeros(0, dtype=np.float64)
        self._y = np.zeros(0, dtype=np.float64)
        self._n = 0
        self.bands = BandsItem()
        self.bands.setZValue(-10)
        self.addItem(self.bands, ignoreBounds=True)
        self._markers = 0
        self._ticks: dict[str, tuple[pg.VTickGroup, list[float]]] = {}   # colour → its markers

    def set_text_size(self, px: int) -> None:
        """Tick labels and title readable at the screen's distance (the data screen scales them)."""
        font = QFont()
        font.setPixelSize(px)
        for name in ("left", "bottom"):
            self.getAxis(name).setStyle(tickFont=font)
        # One width for every chart's value axis, so charts stacked on one time axis line up
        # (the GMV chart's labels are wider than the online chart's).
        self.getAxis("left").setWidth(int(px * 5))
        self.getPlotItem().titleLabel.setText(self.getPlotItem().titleLabel.text, size=f"{int(px * 1.2)}px")

    def set_title(self, title: str) -> None:
        """Another title, in the colour and size it has."""
        self.getPlotItem().titleLabel.setText(title)

    def clear_show(self) -> None:
        self.bands.spans.clear()
        self.bands.update()
        for group, _xs in self._ticks.values():
            self.removeItem(group)
        self._ticks.clear()
        self._markers = 0
        self._n = 0
        self._cut = 0
        self._range = None
        self.envelope = Envelope()
        self.curve.setData([], [])
        self.recent.setData([], [])

    # ------------------------------------------------------------------ the series

    def extend(self, times: list[int], values: list[int]) -> None:
        """The series so far: only the points not yet drawn are copied. A series whose oldest
        seconds were dropped (a live room followed for days) is copied again, once."""
        n = len(times)
        if n < self._n or (self._n and n and times[0] != self._x[0]):
            self._n, self._cut = 0, 0
            self.envelope = Envelope()
        if n == self._n:
            return
        if n > len(self._x):
            capacity = max(1024, n * 2)
            self._x = np.resize(self._x, capacity)
            self._y = np.resize(self._y, capacity)
        self._x[self._n:n] = times[self._n:n]
        self._y[self._n:n] = values[self._n:n]
        if self.money:
            self._y[self._n:n] /= 100
        new = self._y[self._n:n]
        if self._n == 0:
            self._low, self._high = float(new.min()), float(new.max())
        else:
            self._low, self._high = min(self._low, float(new.min())), max(self._high, float(new.max()))
        self._n = n
        self._redraw(whole=self._fit(self._x[n - 1]))

    def _redraw(self, *, whole: bool = False) -> None:
        """The show up to a few minutes ago is one curve, reduced to about two points per pixel of
        width (each bucket's low and high, in the order they came) and redrawn every RECENT_S; the
        last minutes are a second, short curve, the only one a second redraws — so a second repaints
        a strip at the right of the chart, not the whole of it."""
        n = self._n
        if n == 0:
            return
        if whole or n - self._cut > RECENT_S or n < self._cut:
            self._cut = max(0, n - 1)
            x_start, x_end = self._range[:2] if self._range else (0.0, float(self._x[n - 1]))
            pixels = max(200, int(self.getPlotItem().getViewBox().width()))
            per = max(1, math.ceil((x_end - x_start) / pixels))
            x, y = self.envelope.update(self._x, self._y, self._cut + 1, per)
            self.curve.setData(x, y, skipFiniteCheck=True)
        self.recent.setData(self._x[self._cut:n], self._y[self._cut:n], skipFiniteCheck=True)

    def _fit(self, last_t: float) -> bool:
        """The show so far with room to grow: time from its start (or, `from_first_point`, the first
        second kept) up to the next round step ahead (a tenth of the span or more), values from 0 to
        a round number above the peak. The axes change only when the curve reaches an edge, so most
        seconds redraw the curve alone."""
        first = float(self._x[0]) if self.from_first_point else 0.0
        step = next((s for s in CLOCK_STEPS if s >= (last_t - first) / 10), CLOCK_STEPS[-1])
        x_start = math.floor(first / step) * step
        x_end = max(x_start + 60.0, math.ceil((float(last_t) + 1) / step) * step)
        low = min(0.0, self._low)
        span = max(1.0, self._high - low)
        unit = 10 ** math.floor(math.log10(span)) / 2
        high = low + math.ceil(span * 1.05 / unit) * unit
        if (x_start, x_end, low, high) == self._range:
            return False
        self._range = (x_start, x_end, low, high)
        self.setRange(xRange=(x_start, x_end), yRange=(low, high), padding=0.02)   # the 0 labels stay in view
        # Now, not at the next paint: items told of a new transform while painting ask for a second paint.
        self.getPlotItem().getViewBox().updateMatrix()
        return True

    def set_bands(self, bands, now_t: float | None = None) -> None:
        """The segments so far (`live_figures.Band`: start_t, end_t None while on air). The one on
        air reaches the chart's right edge, so a second that only moves the clock redraws nothing
        here; the band changes when a segment starts or ends."""
        spans = self.bands.spans
        changed = False
        for i in range(max(0, len(spans) - 1), len(bands)):
            band = bands[i]
            end = band.end_t      # None: on air (drawn to the right edge)
            if i < len(spans):
                changed = changed or spans[i][1] != end
                spans[i][1] = end
            else:
                spans.append([band.start_t, end, self._band_color(i)])
                changed = True
        if changed:
            self.bands.update()

    def _band_color(self, i: int) -> QColor:
        """The band's tint mixed with the background beforehand: an opaque fill paints several times
        faster than a translucent one over the whole chart, every second."""
        return self._mix(BAND_COLORS[i % len(BAND_COLORS)], 0.24 if self._dark else 0.18)

    def _mix(self, color: str, share: float) -> QColor:
        tint, ground = QColor(color), QColor(self._background)
        return QColor(*(int(t * share + g * (1 - share)) for t, g in (
            (tint.red(), ground.red()), (tint.green(), ground.green()), (tint.blue(), ground.blue()))))

    def add_markers(self, markers) -> None:
        """Every marker so far (`live_figures.Marker`: t, kind); those not yet drawn are added, as
        thin dashed lines the height of the chart, one item per colour."""
        changed = set()
        for m in markers[self._markers:]:
            color = MARKER_COLORS.get(m.kind, MARKER_DEFAULT)
            if color not in self._ticks:
                # Solid, mixed with the background beforehand: dashes and translucency cost each paint.
                group = pg.VTickGroup([], yrange=[0, 1], pen=pg.mkPen(self._mix(color, 0.7), width=1))
                group.setZValue(-5)
                self.addItem(group, ignoreBounds=True)
                self._ticks[color] = (group, [])
            self._ticks[color][1].append(m.t)
            changed.add(color)
        for color in changed:
            group, xs = self._ticks[color]
            group.setXVals(list(xs))
        self._markers = len(markers)

    @property
    def band_count(self) -> int:
        return len(self.bands.spans)

    @property
    def marker_count(self) -> int:
        return self._markers

    @property
    def point_count(self) -> int:
        return self._n

    # ------------------------------------------------------------------ for reports

    def to_png(self, width: int = 1000) -> bytes:
        """The chart as a PNG (for the HTML and PDF reports), through pyqtgraph's image exporter."""
        from pyqtgraph.exporters import ImageExporter

        exporter = ImageExporter(self.getPlotItem())
        exporter.parameters()["width"] = width
        image = exporter.export(toBytes=True)
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        buffer.close()
        return bytes(data.data())
