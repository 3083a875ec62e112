"""The live figures of the show being recorded (or, with `room_totals`, of the live room while no
show is), for the data screen (no Qt): the current values,
what changed over the last minute, the conversion rates, the series so far, the segment bands and
cue markers, the product on stage with its sales since it went on stage, and the top products.

The recorder (`show_record`) feeds it the room's figures; what it keeps and shows is the show's
share of them (minus the record's baseline, as the review counts them), `online` as it is.
`second` is emitted at most once a second (when a second is written), so a screen redraws at most
once a second whatever the comment rate. Everything a screen reads is plain data (`LiveView`,
lists of ints), cheap to copy.

Rates (None when the divisor is 0), each what its name says — never a share of two counts of
different things (orders over entries, buyers ever over viewers online now: 203 %, 126 %):
  buyer_rate        unique buyers ÷ the audience: the viewers online when the show started plus
                    the entries since (a viewer who came back twice counts twice, so this is a
                    lower bound of the share of viewers who bought)
  orders_per_buyer  orders ÷ unique buyers (how often a buyer comes back to buy)
  gmv_per_mille     GMV (fen) per thousand entries (GPM)
  coupon_use_rate   coupons used ÷ coupons claimed"""

from __future__ import annotations

import bisect
import heapq
from dataclasses import dataclass, field
from pathlib import Path

from anchor_console.domain.events import Event
from anchor_console.session.show_record_file import FIGURES, RecordedEvent, RecordedOrder, ShowRecordFile, share_baseline

MINUTE = 60
_INDEX = {f: i for i, f in enumerate(FIGURES)}
MARKER_KINDS = ("cue_fired", "cue_succeeded", "cue_failed", "cue_missed", "cue_dismissed", "cue_outcome_unknown",
                "stage", "coupon_issued", "flash_sale", "overrun_started")


@dataclass(frozen=True, slots=True)
class Band:
    """A segment on the time axis (end None: on air now)."""

    segment_id: str
    start_t: float
    end_t: float | None


@dataclass(frozen=True, slots=True)
class Marker:
    t: float
    kind: str          # a cue's outcome ("cue_fired", "cue_failed"…), "stage", "coupon_issued", "flash_sale"
    label: str         # cue id, product id or coupon name


@dataclass(frozen=True, slots=True)
class ProductFigures:
    product_id: str
    orders: int
    units: int
    gmv_fen: int


@dataclass(frozen=True, slots=True)
class LiveView:
    """One second of the data screen."""

    t: int
    values: dict[str, int]               # FIGURES → current value
    per_minute: dict[str, int]           # FIGURES → change over the last 60 s (online: now minus then)
    buyer_rate: float | None
    orders_per_buyer: float | None
    gmv_per_mille: float | None
    coupon_use_rate: float | None
    stage_product_id: str | None
    stage_since_t: float | None
    stage_sales: ProductFigures | None   # the product on stage, since it went on stage
    top_products: tuple[ProductFigures, ...]
    room_totals: bool = False            # the live room's own totals, no show recorded (`LiveFigures.room_totals`)


def _ratio(a: int, b: int) -> float | None:
    return a / b if b else None


@dataclass(eq=False)
class LiveFigures:
    times: list[int] = field(default_factory=list)
    columns: dict[str, list[int]] = field(default_factory=lambda: {f: [] for f in FIGURES})
    bands: list[Band] = field(default_factory=list)
    markers: list[Marker] = field(default_factory=list)
    flash_states: dict = field(default_factory=dict)
    stage_product_id: str | None = None
    stage_since_t: float | None = None
    baseline: tuple[int, ...] = (0,) * len(FIGURES)    # the room's figures when the show started
    # Fed the live room's own totals (since it went live) while no show is recorded, not a show's
    # share: its entries already count the viewers online at the first second.
    room_totals: bool = False
    _by_product: dict[str, list[int]] = field(default_factory=dict)     # id → [orders, units, gmv]
    _stage_base: list[int] | None = None
    view: LiveView | None = None

    def __post_init__(self) -> None:
        self.second = Event("live.second")   # (LiveView), at most once a second

    # ------------------------------------------------------------------ fed by the recorder

    def reset(self, record: ShowRecordFile | None = None, *, stage: str | None = None) -> None:
        """A new record (or one resumed: what it holds so far is loaded)."""
        self.times.clear()
        for col in self.columns.values():
            col.clear()
        self.bands.clear()
        self.markers.clear()
        self.flash_states.clear()
        self._by_product.clear()
        self.view = None
        self.stage_product_id, self.stage_since_t, self._stage_base = stage, 0.0 if stage else None, None
        self.baseline = (0,) * len(FIGURES)
        if record is None:
            return
        self.baseline = share_baseline(record.meta("baseline"))
        for row in record.series():
            self._append(row[0], row[1:])
        # In time order, as they happened: a stage change counts its product's sales from there on,
        # so the orders before it must be in and those after it not yet.
        for _, _, item in heapq.merge(((e.t, 0, e) for e in record.events()),
                                      ((o.t, 1, o) for o in record.orders()), key=lambda x: x[:2]):
            if isinstance(item, RecordedOrder):
                self.order(item)
                continue
            self.event(item)
            if item.kind == "stage":
                self.set_stage(item.product_id or None, item.t)

    def load(self, path: Path) -> None:
        """`reset` to all that the record file at `path` holds, read without writing (a review's
        charts, a screen shown a past show)."""
        record = ShowRecordFile(path, writable=False)
        try:
            self.reset(record)
        finally:
            record.close()

    def _append(self, t: int, figures) -> tuple[int, ...]:
        """Keep one second, as the show's share (as the review counts it): the room's totals
        minus what it had when the show started — a room sells before its show begins."""
        share = tuple(v - b for v, b in zip(figures, self.baseline))
        self.times.append(t)
        for f, v in zip(FIGURES, share):
            self.columns[f].append(v)
        return share

    def add_second(self, t: int, figures: tuple[int, ...]) -> None:
        """A second was written (the room's figures): append it, compute the view, emit `second`."""
        figures = self._append(t, figures)
        self.view = self._compute(t, figures)
        self.second.emit(self.view)

    def order(self, o: RecordedOrder) -> None:
        row = self._by_product.setdefault(o.product_id, [0, 0, 0])
        row[0] += 1
        row[1] += o.quantity
        row[2] += o.amount_fen

    def set_stage(self, product_id: str | None, t: float) -> None:
        self.stage_product_id, self.stage_since_t = product_id, t
        self._stage_base = list(self._by_product.get(product_id, [0, 0, 0])) if product_id else None

    def event(self, e: RecordedEvent) -> None:
        if e.kind == "segment_start":
            self.bands.append(Band(e.segment_id, e.t, None))
        elif e.kind == "segment_end":
            for i in range(len(self.bands) - 1, -1, -1):
                if self.bands[i].segment_id == e.segment_id and self.bands[i].end_t is None:
                    self.bands[i] = Band(e.segment_id, self.bands[i].start_t, e.t)
                    break
        elif e.kind == "flash_sale" and e.detail:
            # Resumed after a crash: the sales' last states are known, so their next update is not
            # recorded as a change again.
            self.flash_states[(e.detail.get("connection", ""), e.detail.get("id"))] = e.detail.get("state")
        if e.kind in MARKER_KINDS:
            detail = e.detail or {}
            label = e.cue_id or e.product_id or str(detail.get("name") or detail.get("id") or "")
            self.markers.append(Marker(e.t, e.kind, label))

    # ------------------------------------------------------------------ what the screen reads

    def _compute(self, t: int, figures: tuple[int, ...]) -> LiveView:
        values = dict(zip(FIGURES, figures))
        back = self._index_at_or_before(t - MINUTE)
        if back is None and self.room_totals and self.times:
            back = 0    # followed for less than a minute: the change since the first second, not the room's total
        per_minute = {f: values[f] - self.columns[f][back] if back is not None else values[f] for f in FIGURES}
        stage = self.stage_product_id
        stage_sales = None
        if stage:
            now = self._by_product.get(stage, [0, 0, 0])
            base = self._stage_base or [0, 0, 0]
            stage_sales = ProductFigures(stage, now[0] - base[0], now[1] - base[1], now[2] - base[2])
        return LiveView(t, values, per_minute,
                        buyer_rate=_ratio(values["buyers"], self.audience(values)),
                        orders_per_buyer=_ratio(values["orders"], values["buyers"]),
                        gmv_per_mille=(values["gmv_fen"] * 1000 / values["entries"]) if values["entries"] else None,
                        coupon_use_rate=_ratio(values["coupon_uses"], values["coupon_claims"]),
                        stage_product_id=stage, stage_since_t=self.stage_since_t if stage else None,
                        stage_sales=stage_sales, top_products=self.top_products(), room_totals=self.room_totals)

    def audience(self, values: dict[str, int]) -> int:
        """The viewers the show reached: those online at its first second, and every entry since
        (`entries` is the show's share, counted from its start)."""
        if self.room_totals:
            return values["entries"]
        return (self.columns["online"][0] if self.times else 0) + values["entries"]

    def _index_at_or_before(self, t: int) -> int | None:
        i = bisect.bisect_right(self.times, t) - 1
        return i if i >= 0 else None

    def top_products(self, n: int = 5) -> tuple[ProductFigures, ...]:
        ranked = sorted(self._by_product.items(), key=lambda kv: (-kv[1][2], kv[0]))[:n]
        return tuple(ProductFigures(pid, *row) for pid, row in ranked)

    def forget_before(self, t: int) -> None:
        """Drop the seconds before `t`: a live room followed for days keeps its last hours only."""
        i = bisect.bisect_left(self.times, t)
        if i:
            del self.times[:i]
            for col in self.columns.values():
                del col[:i]

    def series(self, figure: str) -> tuple[list[int], list[int]]:
        """(seconds, values) of one figure so far, for a plot."""
        return self.times, self.columns[figure]
