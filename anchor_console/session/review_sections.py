"""The review's sections as tables, said once: each column's header and the kind of value it holds,
each row's values as the review has them (fen, seconds, fractions). The review window and its
HTML/PDF report show them as text (ui/review/review_tables.py); the Excel workbook writes them as
numbers Excel can add up (session/review_export.py). So the screen and the workbook name every
figure alike and never disagree on one.

Marks that tell good from bad (a segment over its plan, a failed cue) are `Tone`s: the screen
colours them, the workbook leaves its numbers plain."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from anchor_console.domain.text import QT_TRANSLATE_NOOP, Text, joined
from anchor_console.moderation.pipeline import rule_label
from anchor_console.moderation.wordlists import Action
from anchor_console.session.review import CUE_OUTCOMES, GIVEAWAY_STATES, OUTSIDE, SALE_ENDINGS, Review
from anchor_console.session.review_history import gmv_per_minute_fen

ON_TIME_S = 15  # within 15 s of the plan is on time


class Kind(enum.Enum):
    """What a column's values are, so that each output writes them its own way (never stored)."""

    TEXT = enum.auto()     # a str, or a Text translated where it is shown
    COUNT = enum.auto()    # a whole number
    MONEY = enum.auto()    # fen: yuan on screen and in the workbook (as a number there)
    LENGTH = enum.auto()   # a duration in seconds: a clock on screen, whole seconds in the workbook
    AT = enum.auto()       # a moment of the show, in seconds from its start: a clock on both
    PERCENT = enum.auto()  # a fraction (0.25 is 25 %)
    OVER = enum.auto()     # seconds over (+) or under (−) a plan: an arrow on screen, seconds in the workbook


class Tone(enum.Enum):
    PLAIN = enum.auto()
    GOOD = enum.auto()
    BAD = enum.auto()
    LATE = enum.auto()


@dataclass(frozen=True, slots=True)
class Column:
    header: Text
    kind: Kind = Kind.TEXT
    key: str = ""          # for the code that finds the column (the commission editor, the workbook's charts)


@dataclass(frozen=True, slots=True)
class Value:
    """A value with its own kind (a column of mixed figures) or a tone; plain values stand as they are."""

    value: Any
    kind: Kind | None = None   # None: the column's
    tone: Tone = Tone.PLAIN


@dataclass
class Section:
    key: str
    title: Text
    columns: list[Column]
    rows: list[list[Any]] = field(default_factory=list)   # a value a column; None: nothing to show
    summary: list[tuple[Text, Value]] = field(default_factory=list)   # the section's totals, labelled
    note: Text | None = None    # a remark on the whole section
    empty: Text | None = None   # what is said instead when there is no row
    wide: int = 0               # the column that takes the width left on screen (names, descriptions)

    def add(self, *values: Any) -> None:
        assert len(values) == len(self.columns), (self.key, len(values), len(self.columns))
        self.rows.append(list(values))

    def total(self, label: Text, value: Any, kind: Kind = Kind.COUNT) -> None:
        self.summary.append((label, Value(value, kind)))

    def column(self, key: str) -> int:
        return next(i for i, c in enumerate(self.columns) if c.key == key)


FIGURE_NAMES = {
    "online": QT_TRANSLATE_NOOP("Review", "Online"),
    "entries": QT_TRANSLATE_NOOP("Review", "Visitors"),
    "likes": QT_TRANSLATE_NOOP("Review", "Likes"),
    "comments": QT_TRANSLATE_NOOP("Review", "Comments"),
    "followers": QT_TRANSLATE_NOOP("Review", "New followers"),
    "orders": QT_TRANSLATE_NOOP("Review", "Orders"),
    "gmv_fen": QT_TRANSLATE_NOOP("Review", "GMV"),
    "buyers": QT_TRANSLATE_NOOP("Review", "Buyers"),
    "coupon_claims": QT_TRANSLATE_NOOP("Review", "Coupons claimed"),
    "coupon_uses": QT_TRANSLATE_NOOP("Review", "Coupons used"),
    "coupon_gmv_fen": QT_TRANSLATE_NOOP("Review", "GMV with a coupon"),
    "length_s": QT_TRANSLATE_NOOP("Review", "Length"),
    "gmv_per_minute_fen": QT_TRANSLATE_NOOP("Review", "GMV per minute"),
}


def figure_name(figure: str) -> Text:
    return FIGURE_NAMES.get(figure) or Text("", figure)


def figure_kind(figure: str) -> Kind:
    return Kind.MONEY if figure.endswith("_fen") else Kind.LENGTH if figure.endswith("_s") else Kind.COUNT


def _figure(figure: str, value: Any) -> Value:
    return Value(value, figure_kind(figure))


def on_time(seconds_over: float) -> bool:
    return abs(seconds_over) <= ON_TIME_S


def over_under(seconds: float | None) -> Value:
    """Over the plan: bad; under: late; on time (within ON_TIME_S): good."""
    if seconds is None:
        return Value(None, Kind.OVER)
    tone = Tone.GOOD if on_time(seconds) else Tone.BAD if seconds > 0 else Tone.LATE
    return Value(seconds, Kind.OVER, tone)


def started_at(review: Review) -> str:
    at = review.overview.wall_started_at
    return datetime.fromtimestamp(at).strftime("%Y-%m-%d %H:%M") if at else "—"


# ---------------------------------------------------------------------------------- sections


def overview(r: Review) -> Section:
    o = r.overview
    s = Section("overview", QT_TRANSLATE_NOOP("Review", "Overview"), [Column(QT_TRANSLATE_NOOP("Review", "Figure")),
        Column(QT_TRANSLATE_NOOP("Review", "Value"))], wide=1)
    s.add(QT_TRANSLATE_NOOP("Review", "Started"), started_at(r))
    s.add(QT_TRANSLATE_NOOP("Review", "Length"), Value(o.length_s, Kind.LENGTH))
    if o.planned_length_s:
        s.add(QT_TRANSLATE_NOOP("Review", "Planned length"), Value(o.planned_length_s, Kind.LENGTH))
        _against_the_plan(r, s)
    s.add(QT_TRANSLATE_NOOP("Review", "Peak online"), Value(o.peak_online, Kind.COUNT))
    for figure, value in o.totals.items():
        if figure != "online":
            s.add(figure_name(figure), _figure(figure, value))
    per_minute = gmv_per_minute_fen(o.totals.get("gmv_fen", 0), o.length_s)
    if per_minute is not None:
        s.add(figure_name("gmv_per_minute_fen"), Value(per_minute, Kind.MONEY))
    s.add(QT_TRANSLATE_NOOP("Review", "Anchor's commission"), Value(r.revenue.total_fen, Kind.MONEY))
    s.add(QT_TRANSLATE_NOOP("Review", "Platforms"), ", ".join(o.platforms) or "—")
    if o.figures_lacking:
        s.add(QT_TRANSLATE_NOOP("Review", "Figures the platforms do not give"),
              joined([figure_name(f) for f in o.figures_lacking], ", "))
    s.add(QT_TRANSLATE_NOOP("Review", "Seconds recorded"), Value(o.series_points, Kind.COUNT))
    s.add(QT_TRANSLATE_NOOP("Review", "Orders seen one by one"), Value(o.orders_seen, Kind.COUNT))
    s.add(QT_TRANSLATE_NOOP("Review", "Ended"),
          QT_TRANSLATE_NOOP("Review", "yes") if o.ended
          else Value(QT_TRANSLATE_NOOP("Review", "no — the record was interrupted"), tone=Tone.BAD))
    return s


def _against_the_plan(r: Review, s: Section) -> None:
    """What aired held against the plan of what aired, and what did not air said apart: a dry run
    stopped after two segments of seven, both long over, was shorter than the whole plan and read
    "4:09 under" — ahead of schedule — when it ran 17:51 late."""
    planned, aired = r.show_segments, r.aired_segments
    over = sum(seg.over_s for seg in aired)
    if len(aired) == len(planned):
        s.add(QT_TRANSLATE_NOOP("Review", "Against the plan"), over_under(over if aired else None))
        return
    s.add(QT_TRANSLATE_NOOP("Review", "Segments aired"), Value(
        QT_TRANSLATE_NOOP("Review", "{aired} of {planned}; {missing} not aired").fill(
            aired=len(aired), planned=len(planned), missing=len(planned) - len(aired)), tone=Tone.LATE))
    if aired:
        s.add(QT_TRANSLATE_NOOP("Review", "Planned length of the aired segments"),
              Value(sum(seg.planned_length_s for seg in aired), Kind.LENGTH))
        s.add(QT_TRANSLATE_NOOP("Review", "Aired segments against their plan"), over_under(over))


def comparison(r: Review) -> Section:
    s = Section("comparison", QT_TRANSLATE_NOOP("Review", "Compared with earlier shows"), [
        Column(QT_TRANSLATE_NOOP("Review", "Figure")),
        Column(QT_TRANSLATE_NOOP("Review", "This show")),
        Column(QT_TRANSLATE_NOOP("Review", "Previous show")),
        Column(QT_TRANSLATE_NOOP("Review", "Average before")),
        Column(QT_TRANSLATE_NOOP("Review", "Trend"))])
    for trend in r.comparison:
        # More is better for every compared figure except a show's length (neutral: no colour).
        tone = (Tone.PLAIN if trend.figure == "length_s" else Tone.GOOD if trend.arrow == "↑"
                else Tone.BAD if trend.arrow == "↓" else Tone.PLAIN)
        s.add(figure_name(trend.figure), _figure(trend.figure, trend.value), _figure(trend.figure, trend.previous),
              _figure(trend.figure, trend.average), Value(trend.arrow or "—", tone=tone))
    if r.comparison and r.comparison[0].previous is None:
        s.note = QT_TRANSLATE_NOOP("Review", "No earlier show of the same script or room to compare with.")
    return s


NOT_ON_AIR = QT_TRANSLATE_NOOP("Review", "not on air")


def segments(r: Review) -> Section:
    s = Section("segments", QT_TRANSLATE_NOOP("Review", "Segments"), [
        Column(QT_TRANSLATE_NOOP("Review", "Segment")),
        Column(QT_TRANSLATE_NOOP("Review", "Planned start"), Kind.AT),
        Column(QT_TRANSLATE_NOOP("Review", "Actual start"), Kind.AT),
        Column(QT_TRANSLATE_NOOP("Review", "Planned"), Kind.LENGTH),
        Column(QT_TRANSLATE_NOOP("Review", "Actual"), Kind.LENGTH),
        Column(QT_TRANSLATE_NOOP("Review", "Over / under"), Kind.OVER),
        Column(figure_name("gmv_fen"), Kind.MONEY, "gmv"),
        Column(figure_name("orders"), Kind.COUNT), Column(figure_name("buyers"), Kind.COUNT),
        Column(figure_name("comments"), Kind.COUNT),
        Column(QT_TRANSLATE_NOOP("Review", "Peak online"), Kind.COUNT),
        Column(QT_TRANSLATE_NOOP("Review", "Cues done"), Kind.COUNT),
        Column(QT_TRANSLATE_NOOP("Review", "Cues skipped"), Kind.COUNT),
        Column(QT_TRANSLATE_NOOP("Review", "Cues failed"), Kind.COUNT)])
    for seg in r.segments:
        f = seg.figures
        if seg.segment_id == OUTSIDE:
            s.add(QT_TRANSLATE_NOOP("Review", "(outside any segment)"), None, None, None, None, None, f["gmv_fen"],
                  f["orders"], None, f["comments"], None, None, None, None)
            continue
        aired = seg.actual_start_t is not None
        s.add(seg.title, seg.planned_start_t, seg.actual_start_t, seg.planned_length_s, seg.actual_length_s,
              over_under(seg.over_s) if aired else Value(NOT_ON_AIR, Kind.TEXT, Tone.LATE),
              f["gmv_fen"], f["orders"], seg.buyers, f["comments"], seg.peak_online,
              sum(1 for c in seg.cues if c.outcome == "succeeded"), seg.skipped_cues, seg.failed_cues)
    return s


def _cue_tone(outcome: str) -> Tone:
    if outcome == "succeeded":
        return Tone.GOOD
    if outcome in ("failed", "outcome_unknown"):
        return Tone.BAD
    return Tone.LATE if outcome in ("missed", "dismissed") else Tone.PLAIN


def cues(r: Review) -> Section:
    s = Section("cues", QT_TRANSLATE_NOOP("Review", "Cues"), [
        Column(QT_TRANSLATE_NOOP("Review", "Segment")),
        Column(QT_TRANSLATE_NOOP("Review", "Cue")),
        Column(QT_TRANSLATE_NOOP("Review", "Outcome")),
        Column(QT_TRANSLATE_NOOP("Review", "At"), Kind.AT),
        Column(QT_TRANSLATE_NOOP("Review", "Reason")),
        Column(QT_TRANSLATE_NOOP("Review", "GMV in 5 min after"), Kind.MONEY),
        Column(QT_TRANSLATE_NOOP("Review", "Orders in 5 min after"), Kind.COUNT)], wide=1)
    for seg in r.segments:
        for c in seg.cues:
            done = c.outcome == "succeeded"
            s.add(seg.title, c.description, Value(CUE_OUTCOMES.get(c.outcome) or c.outcome, tone=_cue_tone(c.outcome)),
                  c.at_t, c.reason, c.gmv_after_fen if done else None, c.orders_after if done else None)
    return s


def products(r: Review) -> Section:
    s = Section("products", QT_TRANSLATE_NOOP("Review", "Products"), [
        Column(QT_TRANSLATE_NOOP("Review", "Product id")),
        Column(QT_TRANSLATE_NOOP("Review", "Product"), key="name"),
        Column(QT_TRANSLATE_NOOP("Review", "On stage"), Kind.LENGTH),
        Column(QT_TRANSLATE_NOOP("Review", "Orders on stage"), Kind.COUNT),
        Column(QT_TRANSLATE_NOOP("Review", "GMV on stage"), Kind.MONEY, "gmv_on"),
        Column(QT_TRANSLATE_NOOP("Review", "GMV per minute on stage"), Kind.MONEY),
        Column(QT_TRANSLATE_NOOP("Review", "Orders off stage"), Kind.COUNT),
        Column(QT_TRANSLATE_NOOP("Review", "GMV off stage"), Kind.MONEY, "gmv_off"),
        Column(QT_TRANSLATE_NOOP("Review", "Pieces"), Kind.COUNT),
        Column(QT_TRANSLATE_NOOP("Review", "Stock left"), Kind.COUNT),
        Column(QT_TRANSLATE_NOOP("Review", "Commission %"), Kind.PERCENT, "commission_rate"),
        Column(QT_TRANSLATE_NOOP("Review", "Commission"), Kind.MONEY)], wide=1)
    for p in r.products:
        s.add(p.product_id, p.name, p.stage_s or None, p.orders_on_stage, p.gmv_on_stage_fen,
              p.gmv_per_stage_minute_fen, p.orders_off_stage, p.gmv_off_stage_fen, p.units, p.stock_left,
              p.commission_bp / 10_000, p.commission_fen)
    s.total(QT_TRANSLATE_NOOP("Review", "Anchor's commission in all"), r.revenue.total_fen, Kind.MONEY)
    return s


def flash_sales(r: Review) -> Section:
    s = Section("flash_sales", QT_TRANSLATE_NOOP("Review", "Flash sales"), [
        Column(QT_TRANSLATE_NOOP("Review", "Sale")),
        Column(QT_TRANSLATE_NOOP("Review", "Product")),
        Column(QT_TRANSLATE_NOOP("Review", "Price"), Kind.MONEY),
        Column(QT_TRANSLATE_NOOP("Review", "Stock"), Kind.COUNT),
        Column(QT_TRANSLATE_NOOP("Review", "Sold"), Kind.COUNT),
        Column(QT_TRANSLATE_NOOP("Review", "Sell-through"), Kind.PERCENT),
        Column(QT_TRANSLATE_NOOP("Review", "Live at"), Kind.AT),
        Column(QT_TRANSLATE_NOOP("Review", "Ended at"), Kind.AT),
        Column(QT_TRANSLATE_NOOP("Review", "Why it ended")),
        Column(QT_TRANSLATE_NOOP("Review", "Sold out after"), Kind.LENGTH)],
        empty=QT_TRANSLATE_NOOP("Review", "No flash sale in this show."), wide=1)
    names = {p.product_id: p.name for p in r.products}
    for sale in r.flash_sales:
        sold_out = sale.sold_out_after_s
        s.add(sale.sale_id, names.get(sale.product_id) or sale.product_id, sale.price_fen, sale.stock, sale.sold,
              sale.sell_through, sale.live_at_t, sale.ended_at_t,
              SALE_ENDINGS.get(sale.ended_reason) or sale.ended_reason or None,
              Value(sold_out, tone=Tone.GOOD) if sold_out is not None else None)
    return s


def coupons(r: Review) -> Section:
    c = r.coupons
    s = Section("coupons", QT_TRANSLATE_NOOP("Review", "Coupons"), [
        Column(QT_TRANSLATE_NOOP("Review", "Batch")),
        Column(QT_TRANSLATE_NOOP("Review", "Name")),
        Column(QT_TRANSLATE_NOOP("Review", "Issued"), Kind.COUNT),
        Column(QT_TRANSLATE_NOOP("Review", "Claimed"), Kind.COUNT),
        Column(QT_TRANSLATE_NOOP("Review", "Issued at"), Kind.AT)],
        wide=1)
    for b in c.batches:
        s.add(b.batch_id, b.name, b.quantity, b.claimed, b.issued_at_t)
    s.total(QT_TRANSLATE_NOOP("Review", "Issued"), c.issued)
    if c.issued_per_journal is not None:
        s.total(QT_TRANSLATE_NOOP("Review", "Issued, by the action journal"), c.issued_per_journal)
    s.total(QT_TRANSLATE_NOOP("Review", "Claimed"), c.claimed)
    s.total(QT_TRANSLATE_NOOP("Review", "Used"), c.used)
    s.total(QT_TRANSLATE_NOOP("Review", "Use rate"), c.use_rate, Kind.PERCENT)
    s.total(QT_TRANSLATE_NOOP("Review", "GMV with a coupon"), c.gmv_with_coupon_fen, Kind.MONEY)
    return s


def _giveaway_outcome(state: str) -> Any:
    return GIVEAWAY_STATES.get(state) or state or None


def red_packets(r: Review) -> Section:
    s = Section("red_packets", QT_TRANSLATE_NOOP("Review", "Red packets"), [
        Column(QT_TRANSLATE_NOOP("Review", "Red packet")),
        Column(QT_TRANSLATE_NOOP("Review", "Sent at"), Kind.AT),
        Column(QT_TRANSLATE_NOOP("Review", "Total"), Kind.MONEY),
        Column(QT_TRANSLATE_NOOP("Review", "Shares"), Kind.COUNT),
        Column(QT_TRANSLATE_NOOP("Review", "Claimed"), Kind.COUNT),
        Column(QT_TRANSLATE_NOOP("Review", "Claimed amount"), Kind.MONEY),
        Column(QT_TRANSLATE_NOOP("Review", "Outcome"))],
        empty=QT_TRANSLATE_NOOP("Review", "No red packet in this show."))
    for p in r.giveaways.red_packets:
        s.add(p.packet_id, p.sent_at_t, p.total_fen, p.count, p.claimed_count, p.claimed_fen,
              _giveaway_outcome(p.state))
    if r.giveaways.red_packets:
        s.total(QT_TRANSLATE_NOOP("Review", "Claimed from red packets in all"), r.giveaways.red_packets_fen,
                Kind.MONEY)
    return s


def _names(winners: tuple[tuple[str, str], ...], shown: int = 50) -> str:
    """The first winners by name (a workbook cell holds at most 32,767 characters; the winners'
    own export lists them all)."""
    names = "、".join(name or uid for uid, name in winners[:shown])
    return names + (f" … +{len(winners) - shown}" if len(winners) > shown else "")


def lucky_bags(r: Review) -> Section:
    s = Section("lucky_bags", QT_TRANSLATE_NOOP("Review", "Lucky bags"), [
        Column(QT_TRANSLATE_NOOP("Review", "Lucky bag")),
        Column(QT_TRANSLATE_NOOP("Review", "Prize")),
        Column(QT_TRANSLATE_NOOP("Review", "Started at"), Kind.AT),
        Column(QT_TRANSLATE_NOOP("Review", "Winners wanted"), Kind.COUNT),
        Column(QT_TRANSLATE_NOOP("Review", "Entrants"), Kind.COUNT),
        Column(QT_TRANSLATE_NOOP("Review", "Drawn at"), Kind.AT),
        Column(QT_TRANSLATE_NOOP("Review", "Outcome")),
        Column(QT_TRANSLATE_NOOP("Review", "Winners"))],
        empty=QT_TRANSLATE_NOOP("Review", "No lucky bag in this show."), wide=7)
    for b in r.giveaways.lucky_bags:
        s.add(b.bag_id, b.prize, b.started_at_t, b.winners_wanted, b.entrants, b.drawn_at_t,
              _giveaway_outcome(b.state), _names(b.winners))
    return s


def moderation(r: Review) -> Section:
    m = r.moderation
    actions = sorted({a for rule in m.rules for a in rule.actions})
    s = Section("moderation", QT_TRANSLATE_NOOP("Review", "Moderation"), [
        Column(QT_TRANSLATE_NOOP("Review", "Rule or person")), Column(QT_TRANSLATE_NOOP("Review", "Kind")),
        *(Column(Action[a.upper()].label if a.upper() in Action.__members__ else Text("", a), Kind.COUNT)
          for a in actions),
        Column(QT_TRANSLATE_NOOP("Review", "Failed"), Kind.COUNT),
        Column(QT_TRANSLATE_NOOP("Review", "Undone by staff"), Kind.COUNT)])
    for rule in m.rules:
        s.add(rule_label(rule.actor) or rule.actor,   # "list:diversion" is the word list “引流”
              QT_TRANSLATE_NOOP("Review", "rule") if rule.by_rule else QT_TRANSLATE_NOOP("Review", "staff"),
              *(rule.actions.get(a, 0) for a in actions),
              Value(rule.failed, tone=Tone.BAD if rule.failed else Tone.PLAIN),
              Value(rule.undone, tone=Tone.LATE if rule.undone else Tone.PLAIN))
    s.total(QT_TRANSLATE_NOOP("Review", "Actions"), m.actions)
    s.total(QT_TRANSLATE_NOOP("Review", "Undone (false positives)"), m.undone)
    return s


def questions(r: Review) -> Section:
    s = Section("questions", QT_TRANSLATE_NOOP("Review", "Questions"), [
        Column(QT_TRANSLATE_NOOP("Review", "Question")),
        Column(QT_TRANSLATE_NOOP("Review", "Asked"), Kind.COUNT),
        Column(QT_TRANSLATE_NOOP("Review", "Answered")),
        Column(QT_TRANSLATE_NOOP("Review", "Product on stage"))],
        empty=QT_TRANSLATE_NOOP("Review", "No questions were asked."))
    names = {p.product_id: p.name for p in r.products}
    for q in r.moderation.questions:
        answered = (Value(QT_TRANSLATE_NOOP("Review", "yes"), tone=Tone.GOOD) if q.answered
                    else Value(QT_TRANSLATE_NOOP("Review", "no"), tone=Tone.BAD))
        s.add(q.text, q.count, answered, (names.get(q.product_id) or q.product_id) or None)
    return s


def all_sections(r: Review) -> list[Section]:
    """Every section, in the order the report and the workbook give them."""
    return [overview(r), comparison(r), segments(r), cues(r), products(r), flash_sales(r), coupons(r),
            red_packets(r), lucky_bags(r), moderation(r), questions(r)]
