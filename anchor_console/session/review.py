"""The post-show review (复盘), computed without Qt from a show's record (`show_record_file`), the
show as planned (kept in the record) and, optionally, the action journal.

Sections (`Review`): the overview (totals, length, peak online, what the platforms lack), per
segment (planned vs actual start and length, GMV, orders, buyers, comments, peak online, each cue's
fate), per product (time on stage, sales on vs off stage, GMV per minute on stage, stock left),
flash sales (sell-through, time to sell out), coupons (issued, claimed, used, GMV with a coupon),
giveaways (each red packet and lucky bag: when, how much or what, claimed or won, how it ended),
moderation (actions by rule, undone ones, top questions and whether they were answered) and the
anchor's revenue (commission per product). `history` adds the comparison with earlier shows.

Sums are exact: the room's figures are cumulative, so a segment's share is the difference of two
readings and the segments (with the time outside any segment) add up to the show's total, which is
the platform's own total minus its reading when the record began. Money is fen (int)."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from anchor_console.domain.text import QT_TRANSLATE_NOOP, Text, text_from_dict
from anchor_console.room.journal import CONFIRMED, ActionJournal
from anchor_console.session.review_history import compare
from anchor_console.session.show_record_file import FIGURES, FLASH, RecordedOrder, ShowRecordFile, share_baseline
from anchor_console.show.model import Show
from anchor_console.show.showfile import ShowFileError, loads_show

# How the review, its window and its workbook name a cue's outcome and a flash sale's ending.
CUE_OUTCOMES = {
    "succeeded": QT_TRANSLATE_NOOP("Review", "done"),
    "failed": QT_TRANSLATE_NOOP("Review", "failed"),
    "outcome_unknown": QT_TRANSLATE_NOOP("Review", "outcome unknown"),
    "fired": QT_TRANSLATE_NOOP("Review", "fired"),
    "missed": QT_TRANSLATE_NOOP("Review", "missed"),
    "dismissed": QT_TRANSLATE_NOOP("Review", "skipped"),
    "awaiting": QT_TRANSLATE_NOOP("Review", "waiting"),
    "not_reached": QT_TRANSLATE_NOOP("Review", "not reached"),
}
SALE_ENDINGS = {
    "sold_out": QT_TRANSLATE_NOOP("Review", "sold out"),
    "stopped": QT_TRANSLATE_NOOP("Review", "stopped"),
    "expired": QT_TRANSLATE_NOOP("Review", "time up"),
    "room_ended": QT_TRANSLATE_NOOP("Review", "room ended"),
}
GIVEAWAY_STATES = {
    "open": QT_TRANSLATE_NOOP("Review", "open at the end"),
    "finished": QT_TRANSLATE_NOOP("Review", "all claimed"),
    "expired": QT_TRANSLATE_NOOP("Review", "time up"),
    "closed": QT_TRANSLATE_NOOP("Review", "closed, not drawn"),
    "drawn": QT_TRANSLATE_NOOP("Review", "drawn"),
}

OUTSIDE = ""          # the segment id of the time outside any segment (before the first, after the last)
RULE_MARK = ":"       # rule actors look like "list:diversion"; people's names do not
CUE_WINDOW_S = 300    # a cue's effect: the figures in the five minutes after it fired


@dataclass(frozen=True, slots=True)
class Overview:
    title: str
    rehearsal: bool
    wall_started_at: float
    length_s: float
    planned_length_s: float
    totals: dict[str, int]            # FIGURES → the show's share (last reading minus `share_baseline`)
    peak_online: int
    series_points: int
    platforms: tuple[str, ...]
    figures_lacking: tuple[str, ...]
    orders_seen: int                  # orders the record saw one by one (per-product figures use these)
    ended: bool


@dataclass(frozen=True, slots=True)
class CueResult:
    cue_id: str
    description: Text   # translated where it is shown
    outcome: str      # succeeded, failed, outcome_unknown, fired, missed, dismissed, awaiting, not_reached
    at_t: float | None
    reason: Text | None = None
    gmv_after_fen: int = 0    # GMV in the CUE_WINDOW_S after it fired (what the cue brought, roughly)
    orders_after: int = 0


@dataclass(frozen=True, slots=True)
class SegmentResult:
    segment_id: str
    title: str
    planned_start_t: float | None
    planned_length_s: float
    actual_start_t: float | None
    actual_length_s: float
    figures: dict[str, int]           # FIGURES → change while the segment was on air
    buyers: int                       # distinct buyers among the orders seen in it
    peak_online: int
    cues: tuple[CueResult, ...] = ()

    @property
    def aired(self) -> bool:
        """It was on air at some moment of the show (a show stopped early leaves the rest unaired)."""
        return self.actual_start_t is not None

    @property
    def over_s(self) -> float:
        """Positive: it ran over its plan; negative: under."""
        return self.actual_length_s - self.planned_length_s

    @property
    def skipped_cues(self) -> int:
        return sum(1 for c in self.cues if c.outcome in ("missed", "dismissed"))

    @property
    def failed_cues(self) -> int:
        return sum(1 for c in self.cues if c.outcome in ("failed", "outcome_unknown"))


@dataclass(frozen=True, slots=True)
class ProductResult:
    product_id: str
    name: str
    stage_s: float
    orders_on_stage: int
    gmv_on_stage_fen: int
    orders_off_stage: int
    gmv_off_stage_fen: int
    units: int
    stock_left: int | None
    commission_bp: int

    @property
    def gmv_fen(self) -> int:
        return self.gmv_on_stage_fen + self.gmv_off_stage_fen

    @property
    def orders(self) -> int:
        return self.orders_on_stage + self.orders_off_stage

    @property
    def gmv_per_stage_minute_fen(self) -> int | None:
        return int(self.gmv_on_stage_fen * 60 // self.stage_s) if self.stage_s >= 1 else None

    @property
    def commission_fen(self) -> int:
        return self.gmv_fen * self.commission_bp // 10_000


@dataclass(frozen=True, slots=True)
class FlashSaleResult:
    sale_id: str
    product_id: str
    price_fen: int
    stock: int
    sold: int
    live_at_t: float | None
    ended_at_t: float | None
    ended_reason: str

    @property
    def sell_through(self) -> float | None:
        return self.sold / self.stock if self.stock else None

    @property
    def sold_out_after_s(self) -> float | None:
        if self.ended_reason != "sold_out" or self.live_at_t is None or self.ended_at_t is None:
            return None
        return self.ended_at_t - self.live_at_t


@dataclass(frozen=True, slots=True)
class CouponBatchResult:
    batch_id: str
    name: str
    quantity: int
    claimed: int
    issued_at_t: float


@dataclass(frozen=True, slots=True)
class Coupons:
    batches: tuple[CouponBatchResult, ...]
    issued: int                   # coupons issued in the batches the record saw
    issued_per_journal: int | None   # confirmed "issue coupon" actions in the journal (None: no journal)
    claimed: int
    used: int
    gmv_with_coupon_fen: int

    @property
    def use_rate(self) -> float | None:
        return self.used / self.claimed if self.claimed else None


@dataclass(frozen=True, slots=True)
class RedPacketResult:
    packet_id: str
    sent_at_t: float
    total_fen: int
    count: int
    split: str
    claimed_count: int
    claimed_fen: int
    state: str            # open (at the show's end), finished (all claimed) or expired


@dataclass(frozen=True, slots=True)
class LuckyBagResult:
    bag_id: str
    prize: str
    started_at_t: float
    winners_wanted: int
    entrants: int
    winners: tuple[tuple[str, str], ...]    # (user id, nickname)
    drawn_at_t: float | None
    state: str            # open, closed or drawn


@dataclass(frozen=True, slots=True)
class Giveaways:
    red_packets: tuple[RedPacketResult, ...] = ()
    lucky_bags: tuple[LuckyBagResult, ...] = ()

    @property
    def red_packets_fen(self) -> int:
        """What the viewers claimed from the show's red packets."""
        return sum(p.claimed_fen for p in self.red_packets)


@dataclass(frozen=True, slots=True)
class RuleResult:
    actor: str            # a rule id or a staff member's name
    by_rule: bool
    actions: dict[str, int]   # action → count
    failed: int
    undone: int           # later reversed by staff (approved, unmuted): false positives


@dataclass(frozen=True, slots=True)
class QuestionResult:
    text: str
    count: int
    answered: bool
    product_id: str


@dataclass(frozen=True, slots=True)
class Moderation:
    rules: tuple[RuleResult, ...]
    questions: tuple[QuestionResult, ...]

    @property
    def actions(self) -> int:
        return sum(sum(r.actions.values()) for r in self.rules)

    @property
    def undone(self) -> int:
        return sum(r.undone for r in self.rules)


@dataclass(frozen=True, slots=True)
class Revenue:
    per_product: tuple[tuple[str, str, int, int, int], ...]   # (product id, name, GMV, rate bp, commission)
    total_fen: int


@dataclass
class Review:
    path: Path
    overview: Overview
    segments: tuple[SegmentResult, ...]
    products: tuple[ProductResult, ...]
    flash_sales: tuple[FlashSaleResult, ...]
    coupons: Coupons
    moderation: Moderation
    revenue: Revenue
    series: list[tuple[int, ...]]           # (t, *FIGURES) per second, for the charts
    notes: str = ""
    comparison: list = field(default_factory=list)   # filled by `history.compare`
    giveaways: Giveaways = field(default_factory=Giveaways)

    @property
    def show_segments(self) -> tuple[SegmentResult, ...]:
        """The show's segments, aired or not (not the time outside them)."""
        return tuple(s for s in self.segments if s.segment_id != OUTSIDE)

    @property
    def aired_segments(self) -> tuple[SegmentResult, ...]:
        return tuple(s for s in self.show_segments if s.aired)


# ---------------------------------------------------------------------------------- readings


class Readings:
    """The record's figures as a function of time: `at(t)` is the last reading at or before t."""

    def __init__(self, rows: list[tuple[int, ...]], baseline: tuple[int, ...]) -> None:
        self.rows = rows
        self.times = [r[0] for r in rows]
        self.baseline = baseline

    def at(self, t: float) -> tuple[int, ...]:
        i = bisect.bisect_right(self.times, int(t)) - 1
        return self.rows[i][1:] if i >= 0 else self.baseline

    def last(self) -> tuple[int, ...]:
        return self.rows[-1][1:] if self.rows else self.baseline

    def between(self, start: float, end: float) -> dict[str, int]:
        a, b = self.at(start), self.at(end)
        return {f: b[i] - a[i] for i, f in enumerate(FIGURES)}

    def peak(self, figure: str, start: float, end: float) -> int:
        col = FIGURES.index(figure) + 1
        lo, hi = bisect.bisect_left(self.times, int(start)), bisect.bisect_right(self.times, int(end))
        return max((r[col] for r in self.rows[lo:hi]), default=0)


def _bands(events) -> list[tuple[str, float, float | None]]:
    """(segment id, start, end) in the order they were on air (a segment gone back to appears twice)."""
    bands: list[list] = []
    for e in events:
        if e.kind == "segment_start":
            if bands and bands[-1][2] is None:
                bands[-1][2] = e.t
            bands.append([e.segment_id, e.t, None])
        elif e.kind == "segment_end":
            for b in reversed(bands):
                if b[0] == e.segment_id and b[2] is None:
                    b[2] = e.t
                    break
    return [tuple(b) for b in bands]


def _stage_intervals(events, first: str, end_t: float) -> list[tuple[str, float, float]]:
    out, current, since = [], first or "", 0.0
    for e in events:
        if e.kind == "stage":
            if current:
                out.append((current, since, e.t))
            current, since = e.product_id, e.t
    if current:
        out.append((current, since, end_t))
    return out


def load_plan(meta: dict) -> Show | None:
    text = meta.get("show_text") or ""
    if not text:
        return None
    try:
        return loads_show(text)
    except ShowFileError:
        return None


# ---------------------------------------------------------------------------------- sections


def _segments(plan: Show | None, meta: dict, readings: Readings, events, orders: list[RecordedOrder],
              end_t: float) -> tuple[SegmentResult, ...]:
    bands = [(sid, s, e if e is not None else end_t) for sid, s, e in _bands(events)]
    planned: dict[str, tuple[float, float]] = {}
    if plan is not None:
        schedule = plan.schedule(datetime.fromtimestamp(meta.get("started_at") or 0))
        for item in schedule.items:
            planned[item.segment_id] = ((item.start - schedule.start).total_seconds(), item.duration_s)
    order_times = [o.t for o in orders]
    ids = [s.id for s in plan.segments] if plan else []
    ids += [sid for sid, _, _ in bands if sid not in ids]
    cue_events = _cue_outcomes(events)
    out = []
    for sid in ids:
        mine = [(s, e) for b_id, s, e in bands if b_id == sid]
        figures = {f: 0 for f in FIGURES}
        buyers: set[str] = set()
        peak = 0
        for s, e in mine:
            for f, v in readings.between(s, e).items():
                figures[f] += v
            lo, hi = bisect.bisect_left(order_times, s), bisect.bisect_left(order_times, e)
            buyers.update(o.viewer_id for o in orders[lo:hi])
            peak = max(peak, readings.peak("online", s, e))
        seg = plan.segment(sid) if plan else None
        cues = tuple(_cue_result(c, cue_events, readings) for c in seg.cues) if seg else ()
        p_start, p_len = planned.get(sid, (None, float(seg.duration_s) if seg else 0.0))
        out.append(SegmentResult(sid, seg.title if seg else sid, p_start, p_len, mine[0][0] if mine else None,
                                 sum(e - s for s, e in mine), figures, len(buyers), peak, cues))
    outside = _outside(bands, readings, end_t)
    if any(outside.values()):
        out.append(SegmentResult(OUTSIDE, "", None, 0.0, None, 0.0, outside, 0, 0))
    return tuple(out)


def _outside(bands, readings: Readings, end_t: float) -> dict[str, int]:
    """What happened outside every segment, so the segments and this add up to the total."""
    total = {f: readings.last()[i] - readings.baseline[i] for i, f in enumerate(FIGURES)}
    for _, s, e in bands:
        for f, v in readings.between(s, e).items():
            total[f] -= v
    return total


def _cue_outcomes(events) -> dict[str, tuple[str, float, Text | None]]:
    out: dict[str, tuple[str, float, Text | None]] = {}
    for e in events:
        if e.kind.startswith("cue_") and e.cue_id:
            out[e.cue_id] = (e.kind[4:], e.t, text_from_dict((e.detail or {}).get("reason")))
    return out


def _cue_result(cue, outcomes, readings: Readings) -> CueResult:
    outcome, at, reason = outcomes.get(cue.id, ("not_reached", None, None))
    after = readings.between(at, at + CUE_WINDOW_S) if at is not None and outcome == "succeeded" else {}
    return CueResult(cue.id, cue.describe(), outcome, at, reason, after.get("gmv_fen", 0),
                     after.get("orders", 0))


def _products(plan: Show | None, meta: dict, events, orders: list[RecordedOrder], end_t: float,
              commission: dict[str, int]) -> tuple[ProductResult, ...]:
    shelf = {p["id"]: p for p in (meta.get("shelf_at_end") or meta.get("shelf_at_start") or [])}
    names = {pid: p.get("name", "") for pid, p in shelf.items()}
    if plan is not None:
        for seg in plan.segments:
            for p in seg.products:
                names.setdefault(p.id, p.name)
    intervals = _stage_intervals(events, meta.get("stage_at_start", ""), end_t)
    ids = list(dict.fromkeys([*(p for p in names if p), *(o.product_id for o in orders),
                              *(pid for pid, _, _ in intervals)]))
    by_product: dict[str, list[tuple[float, float]]] = {}
    for pid, s, e in intervals:
        by_product.setdefault(pid, []).append((s, e))
    orders_of: dict[str, list[RecordedOrder]] = {}
    for o in orders:
        orders_of.setdefault(o.product_id, []).append(o)
    out = []
    for pid in ids:
        spans = by_product.get(pid, [])
        on = [0, 0]
        off = [0, 0]
        units = 0
        for o in orders_of.get(pid, ()):
            bucket = on if any(s <= o.t < e for s, e in spans) else off
            bucket[0] += 1
            bucket[1] += o.amount_fen
            units += o.quantity
        rate = commission.get(pid, plan.commission_bp_of(pid) if plan else 0)
        stock = shelf[pid].get("stock") if pid in shelf else None
        out.append(ProductResult(pid, names.get(pid, ""), sum(e - s for s, e in spans), on[0], on[1], off[0], off[1],
                                 units, stock, rate))
    return tuple(out)


def _flash_sales(record: ShowRecordFile, events) -> tuple[FlashSaleResult, ...]:
    sold_by_sale = {k: v[-1][1] for k, v in record.counts(FLASH).items()}
    sales: dict[str, dict] = {}
    for e in events:
        if e.kind != "flash_sale":
            continue
        d = e.detail or {}
        s = sales.setdefault(d["id"], {"product_id": e.product_id, "live": None, "ended": None, "reason": ""})
        s.update(price=d.get("price_fen", 0), stock=d.get("stock", 0), sold=d.get("sold", 0))
        if d.get("state") == "live" and s["live"] is None:
            s["live"] = e.t
        elif d.get("state") == "ended":
            s["ended"], s["reason"] = e.t, d.get("reason", "")
    return tuple(FlashSaleResult(sid, s["product_id"], s["price"], s["stock"], max(s["sold"], sold_by_sale.get(sid, 0)),
                                 s["live"], s["ended"], s["reason"]) for sid, s in sales.items())


def _coupons(events, totals: dict[str, int], journal_issued: int | None) -> Coupons:
    batches: dict[str, CouponBatchResult] = {}
    for e in events:
        if e.kind in ("coupon_issued", "coupon_updated"):
            d = e.detail or {}
            first = batches.get(d["id"])
            batches[d["id"]] = CouponBatchResult(d["id"], d.get("name", ""), d.get("quantity", 0), d.get("claimed", 0),
                                                 first.issued_at_t if first else e.t)
    return Coupons(tuple(batches.values()), sum(b.quantity for b in batches.values()), journal_issued,
                   totals["coupon_claims"], totals["coupon_uses"], totals["coupon_gmv_fen"])


def _giveaways(events) -> Giveaways:
    """Each red packet and lucky bag as its last recorded change left it (first seen: sent, started)."""
    packets: dict[tuple, RedPacketResult] = {}
    bags: dict[tuple, LuckyBagResult] = {}
    for e in events:
        d = e.detail or {}
        key = (d.get("connection", ""), d.get("id"))
        if e.kind == "red_packet":
            first = packets.get(key)
            packets[key] = RedPacketResult(str(d.get("id")), first.sent_at_t if first else e.t, d.get("total_fen", 0),
                                           d.get("count", 0), d.get("split", ""), d.get("claimed_count", 0),
                                           d.get("claimed_fen", 0), d.get("state", ""))
        elif e.kind == "lucky_bag":
            first = bags.get(key)
            drawn = first.drawn_at_t if first and first.drawn_at_t is not None else (
                e.t if d.get("state") == "drawn" else None)
            bags[key] = LuckyBagResult(str(d.get("id")), d.get("prize", ""), first.started_at_t if first else e.t,
                                       d.get("winners_wanted", 0), d.get("entrants", 0),
                                       tuple((w["user_id"], w.get("nickname", "")) for w in d.get("winners") or ()),
                                       drawn, d.get("state", ""))
    return Giveaways(tuple(packets.values()), tuple(bags.values()))


def _moderation(record: ShowRecordFile, meta: dict) -> Moderation:
    per_actor: dict[str, dict] = {}
    for actor, action, count, failed in record.moderation_counts():
        row = per_actor.setdefault(actor, {"actions": {}, "failed": 0, "undone": 0})
        row["actions"][action] = count
        row["failed"] += failed or 0
    for rule, undone in record.moderation_undone().items():
        per_actor.setdefault(rule, {"actions": {}, "failed": 0, "undone": 0})["undone"] = undone
    rules = tuple(RuleResult(a, RULE_MARK in a, r["actions"], r["failed"], r["undone"])
                  for a, r in sorted(per_actor.items(), key=lambda kv: -sum(kv[1]["actions"].values())))
    questions = tuple(QuestionResult(q["text"], q["count"], q["answered"], q.get("product_id", ""))
                      for q in meta.get("questions") or [])
    return Moderation(rules, questions)


def journal_coupons_issued(journal: ActionJournal, room_key: str, start: float, end: float) -> int:
    """Coupons the journal says were issued (confirmed) in the room between two wall-clock times."""
    issued, before_id = 0, None
    while True:     # newest first (as written), a page at a time, back to the show's start
        page = journal.entries(limit=500, before_id=before_id, room_key=room_key)
        for entry in page:
            if entry.created_at < start - 1:
                return issued
            if entry.created_at <= end + 1 and entry.kind == "issue_coupon" and entry.status == CONFIRMED:
                issued += int(entry.params.get("quantity", 0))
        if not page:
            return issued
        before_id = page[-1].id


# ---------------------------------------------------------------------------------- the review


def compute_review(path: Path, *, journal: ActionJournal | None = None,
                   commission: dict[str, int] | None = None, history: Path | None = None) -> Review:
    """The review of one record. `journal`: cross-check the coupons issued; `commission`: product id
    → basis points, over the show file's and the record's rates; `history`: the folder of records
    to compare with (`review_history.compare`)."""
    review = _compute(path, journal, commission)
    if history is not None:
        review.comparison = compare(path, history)
    return review


def _compute(path: Path, journal: ActionJournal | None, commission: dict[str, int] | None) -> Review:
    record = ShowRecordFile(path, writable=False)
    try:
        meta = record.all_meta()
        rows = record.series()
        events = record.events()
        orders = record.orders()
        baseline = share_baseline(meta.get("baseline"))
        readings = Readings(rows, baseline)
        end_t = record.length_s()
        plan = load_plan(meta)
        rates = {**(meta.get("commission_bp") or {}), **(commission or {})}
        totals = {f: readings.last()[i] - baseline[i] for i, f in enumerate(FIGURES)}
        products = _products(plan, meta, events, orders, end_t, rates)
        journal_issued = None
        if journal is not None:
            wall0 = meta.get("wall_started_at") or 0.0
            journal_issued = journal_coupons_issued(journal, meta.get("room_key", ""), wall0, wall0 + end_t + 60)
        overview = Overview(meta.get("title", ""), bool(meta.get("rehearsal")), meta.get("wall_started_at") or 0.0,
                            end_t, float(sum(s.duration_s for s in plan.segments)) if plan else 0.0, totals,
                            readings.peak("online", 0, end_t), len(rows), tuple(meta.get("platforms") or ()),
                            tuple(meta.get("figures_lacking") or ()), len(orders), meta.get("ended_at") is not None)
        per_product = tuple((p.product_id, p.name, p.gmv_fen, p.commission_bp, p.commission_fen) for p in products)
        return Review(Path(path), overview, _segments(plan, meta, readings, events, orders, end_t), products,
                      _flash_sales(record, events), _coupons(events, totals, journal_issued),
                      _moderation(record, meta), Revenue(per_product, sum(p[4] for p in per_product)), rows,
                      meta.get("notes") or "", giveaways=_giveaways(events))
    finally:
        record.close()


def save_notes(path: Path, notes: str) -> None:
    """The crew's conclusions, kept with the show's record."""
    ShowRecordFile(path, writable=False).close()   # a clear error for a file that is no record
    record = ShowRecordFile(path)
    try:
        record.set_meta(notes=notes)
    finally:
        record.close()


def set_commission(path: Path, rates: dict[str, int]) -> None:
    """Commission rates (product id → basis points) decided after the show, kept with its record."""
    ShowRecordFile(path, writable=False).close()
    record = ShowRecordFile(path)
    try:
        record.set_meta(commission_bp={**(record.meta("commission_bp") or {}), **rates})
    finally:
        record.close()
