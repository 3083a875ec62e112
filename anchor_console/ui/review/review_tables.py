"""The review's sections as tables of readable text (`Table`): the review window shows them and the
HTML / PDF report prints the same ones, so the two never disagree. Over/under the plan and trends
against earlier shows carry an arrow and a colour; money is yuan, durations a clock."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from PySide6.QtCore import QCoreApplication

from anchor_console.domain.clock import format_clock
from anchor_console.domain.money import format_fen
from anchor_console.domain.text import QT_TRANSLATE_NOOP
from anchor_console.moderation.pipeline import rule_label
from anchor_console.moderation.wordlists import Action
from anchor_console.session.review import CUE_OUTCOMES, GIVEAWAY_STATES, OUTSIDE, SALE_ENDINGS, Review
from anchor_console.ui.common.i18n import tr_text

translate = QCoreApplication.translate  # lupdate finds translate("Review", …) calls

GOOD, BAD, LATE = "#2e7d32", "#c62828", "#ef6c00"
ON_TIME_S = 15  # within 15 s of the plan is on time

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
def action_name(action: str) -> str:
    """A moderation action as the comment desk names it ("delete" → 删除)."""
    try:
        return tr_text(Action[action.upper()].label)
    except KeyError:
        return action


@dataclass
class Cell:
    text: str
    color: str = ""


@dataclass
class Table:
    title: str
    headers: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    note: str = ""
    wide: int = 0  # the column that takes the width left (names, descriptions)

    def add(self, *cells) -> None:
        self.rows.append([c if isinstance(c, Cell) else Cell("" if c is None else str(c)) for c in cells])


def figure_name(figure: str) -> str:
    text = FIGURE_NAMES.get(figure)
    return tr_text(text) if text is not None else figure


def figure_value(figure: str, value: float | None) -> str:
    if value is None:
        return "—"
    if figure.endswith("_fen"):
        return format_fen(int(round(value)))
    if figure.endswith("_s"):
        return format_clock(value)
    return f"{int(round(value)):,}"


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def over_under(seconds: float) -> Cell:
    """Over the plan: red ▲; under: orange ▼; within ON_TIME_S: on time."""
    if abs(seconds) <= ON_TIME_S:
        return Cell(translate("Review", "on time"), GOOD)
    if seconds > 0:
        return Cell(translate("Review", "▲ {t} over").format(t=format_clock(seconds)), BAD)
    return Cell(translate("Review", "▼ {t} under").format(t=format_clock(-seconds)), LATE)


def started_at(review: Review) -> str:
    at = review.overview.wall_started_at
    return datetime.fromtimestamp(at).strftime("%Y-%m-%d %H:%M") if at else "—"


# ---------------------------------------------------------------------------------- sections


def overview_table(r: Review) -> Table:
    o = r.overview
    t = Table(translate("Review", "Overview"), [translate("Review", "Figure"), translate("Review", "Value")], wide=1)
    t.add(translate("Review", "Started"), started_at(r))
    t.add(translate("Review", "Length"), format_clock(o.length_s))
    if o.planned_length_s:
        t.add(translate("Review", "Planned length"), format_clock(o.planned_length_s))
        t.add(translate("Review", "Against the plan"), over_under(o.length_s - o.planned_length_s))
    t.add(translate("Review", "Peak online"), f"{o.peak_online:,}")
    for figure, value in o.totals.items():
        if figure != "online":
            t.add(figure_name(figure), figure_value(figure, value))
    if o.length_s >= 60:
        t.add(figure_name("gmv_per_minute_fen"), format_fen(int(o.totals.get("gmv_fen", 0) * 60 // o.length_s)))
    t.add(translate("Review", "Anchor's commission"), format_fen(r.revenue.total_fen))
    t.add(translate("Review", "Platforms"), ", ".join(o.platforms) or "—")
    if o.figures_lacking:
        t.add(
            translate("Review", "Figures the platforms do not give"),
            ", ".join(figure_name(f) for f in o.figures_lacking),
        )
    if not o.ended:
        t.add(translate("Review", "Ended"), Cell(translate("Review", "no — the record was interrupted"), BAD))
    return t


def comparison_table(r: Review) -> Table:
    t = Table(
        translate("Review", "Compared with earlier shows"),
        [
            translate("Review", "Figure"),
            translate("Review", "This show"),
            translate("Review", "Previous show"),
            translate("Review", "Average before"),
            translate("Review", "Trend"),
        ],
    )
    for trend in r.comparison:
        # More is better for every compared figure except a show's length (neutral: no colour).
        color = "" if trend.figure == "length_s" else GOOD if trend.arrow == "↑" else BAD if trend.arrow == "↓" else ""
        t.add(
            figure_name(trend.figure),
            figure_value(trend.figure, trend.value),
            figure_value(trend.figure, trend.previous),
            figure_value(trend.figure, trend.average),
            Cell(trend.arrow or "—", color),
        )
    if r.comparison and r.comparison[0].previous is None:
        t.note = translate("Review", "No earlier show of the same script or room to compare with.")
    return t


def segments_table(r: Review) -> Table:
    t = Table(
        translate("Review", "Segments"),
        [
            translate("Review", "Segment"),
            translate("Review", "Planned start"),
            translate("Review", "Started"),
            translate("Review", "Planned"),
            translate("Review", "Actual"),
            translate("Review", "Over / under"),
            figure_name("gmv_fen"),
            figure_name("orders"),
            figure_name("buyers"),
            figure_name("comments"),
            translate("Review", "Peak online"),
            translate("Review", "Cues"),
        ],
    )
    for s in r.segments:
        if s.segment_id == OUTSIDE:
            t.add(
                translate("Review", "(outside any segment)"),
                "",
                "",
                "",
                "",
                "",
                format_fen(s.figures["gmv_fen"]),
                s.figures["orders"],
                "",
                s.figures["comments"],
                "",
                "",
            )
            continue
        cues = translate("Review", "{ok} done, {failed} failed, {skipped} skipped").format(
            ok=sum(1 for c in s.cues if c.outcome == "succeeded"), failed=s.failed_cues, skipped=s.skipped_cues
        )
        t.add(
            s.title,
            _clock_or_dash(s.planned_start_t),
            _clock_or_dash(s.actual_start_t),
            format_clock(s.planned_length_s),
            format_clock(s.actual_length_s),
            over_under(s.over_s) if s.actual_start_t is not None else Cell(translate("Review", "not on air"), LATE),
            format_fen(s.figures["gmv_fen"]),
            s.figures["orders"],
            s.buyers,
            s.figures["comments"],
            f"{s.peak_online:,}",
            cues,
        )
    return t


def _clock_or_dash(t: float | None) -> str:
    return "—" if t is None else format_clock(t)


def cues_table(r: Review) -> Table:
    t = Table(
        translate("Review", "Cues"),
        [
            translate("Review", "Segment"),
            translate("Review", "Cue"),
            translate("Review", "Outcome"),
            translate("Review", "At"),
            translate("Review", "Reason"),
            translate("Review", "GMV in 5 min after"),
            translate("Review", "Orders in 5 min after"),
        ],
        wide=1,
    )
    for s in r.segments:
        for c in s.cues:
            color = (
                GOOD
                if c.outcome == "succeeded"
                else BAD
                if c.outcome in ("failed", "outcome_unknown")
                else LATE
                if c.outcome in ("missed", "dismissed")
                else ""
            )
            outcome = CUE_OUTCOMES.get(c.outcome)
            t.add(
                s.title,
                tr_text(c.description),
                Cell(tr_text(outcome) if outcome else c.outcome, color),
                _clock_or_dash(c.at_t),
                tr_text(c.reason) if c.reason is not None else "",
                format_fen(c.gmv_after_fen) if c.outcome == "succeeded" else "",
                c.orders_after if c.outcome == "succeeded" else "",
            )
    return t


PRODUCT_COMMISSION_COLUMN = 9


def products_table(r: Review) -> Table:
    t = Table(
        translate("Review", "Products"),
        [
            translate("Review", "Product"),
            translate("Review", "On stage"),
            translate("Review", "Orders on stage"),
            translate("Review", "GMV on stage"),
            translate("Review", "GMV per minute on stage"),
            translate("Review", "Orders off stage"),
            translate("Review", "GMV off stage"),
            translate("Review", "Pieces"),
            translate("Review", "Stock left"),
            translate("Review", "Commission %"),
            translate("Review", "Commission"),
        ],
    )
    for p in r.products:
        per_minute = p.gmv_per_stage_minute_fen
        t.add(
            p.name or p.product_id,
            format_clock(p.stage_s) if p.stage_s else "—",
            p.orders_on_stage,
            format_fen(p.gmv_on_stage_fen),
            format_fen(per_minute) if per_minute is not None else "—",
            p.orders_off_stage,
            format_fen(p.gmv_off_stage_fen),
            p.units,
            "—" if p.stock_left is None else p.stock_left,
            f"{p.commission_bp / 100:.2f}",
            format_fen(p.commission_fen),
        )
    t.note = translate("Review", "Anchor's commission in all: {total}").format(total=format_fen(r.revenue.total_fen))
    return t


def flash_sales_table(r: Review) -> Table:
    t = Table(
        translate("Review", "Flash sales"),
        [
            translate("Review", "Product"),
            translate("Review", "Price"),
            translate("Review", "Stock"),
            translate("Review", "Sold"),
            translate("Review", "Sell-through"),
            translate("Review", "Live at"),
            translate("Review", "Sold out after"),
            translate("Review", "Ended"),
        ],
    )
    names = {p.product_id: p.name for p in r.products}
    for s in r.flash_sales:
        sold_out = s.sold_out_after_s
        t.add(
            names.get(s.product_id) or s.product_id,
            format_fen(s.price_fen),
            s.stock,
            s.sold,
            percent(s.sell_through),
            _clock_or_dash(s.live_at_t),
            Cell(format_clock(sold_out), GOOD) if sold_out is not None else "—",
            tr_text(SALE_ENDINGS[s.ended_reason]) if s.ended_reason in SALE_ENDINGS else s.ended_reason or "—",
        )
    if not r.flash_sales:
        t.note = translate("Review", "No flash sale in this show.")
    return t


def _giveaway_outcome(state: str) -> str:
    return tr_text(GIVEAWAY_STATES[state]) if state in GIVEAWAY_STATES else state or "—"


def red_packets_table(r: Review) -> Table:
    t = Table(
        translate("Review", "Red packets"),
        [
            translate("Review", "Sent at"),
            translate("Review", "Total"),
            translate("Review", "Shares"),
            translate("Review", "Claimed"),
            translate("Review", "Claimed amount"),
            translate("Review", "Outcome"),
        ],
    )
    for p in r.giveaways.red_packets:
        t.add(format_clock(p.sent_at_t), format_fen(p.total_fen), p.count, p.claimed_count,
              format_fen(p.claimed_fen), _giveaway_outcome(p.state))
    t.note = (translate("Review", "Claimed from red packets in all: {amount}").format(
        amount=format_fen(r.giveaways.red_packets_fen)) if r.giveaways.red_packets
        else translate("Review", "No red packet in this show."))
    return t


def lucky_bags_table(r: Review) -> Table:
    t = Table(
        translate("Review", "Lucky bags"),
        [
            translate("Review", "Prize"),
            translate("Review", "Started at"),
            translate("Review", "Winners"),
            translate("Review", "Entrants"),
            translate("Review", "Drawn at"),
            translate("Review", "Outcome"),
        ],
    )
    for b in r.giveaways.lucky_bags:
        t.add(b.prize, format_clock(b.started_at_t), f"{len(b.winners)} / {b.winners_wanted}", b.entrants,
              _clock_or_dash(b.drawn_at_t), _giveaway_outcome(b.state))
    if not r.giveaways.lucky_bags:
        t.note = translate("Review", "No lucky bag in this show.")
    return t


def coupons_table(r: Review) -> Table:
    c = r.coupons
    t = Table(
        translate("Review", "Coupons"),
        [
            translate("Review", "Batch"),
            translate("Review", "Issued"),
            translate("Review", "Claimed"),
            translate("Review", "Issued at"),
        ],
    )
    for b in c.batches:
        t.add(b.name or b.batch_id, b.quantity, b.claimed, format_clock(b.issued_at_t))
    parts = [translate("Review", "Issued {n}").format(n=c.issued)]
    if c.issued_per_journal is not None:
        parts[0] += translate("Review", " (the action journal says {n})").format(n=c.issued_per_journal)
    parts += [
        translate("Review", "claimed {n}").format(n=c.claimed),
        translate("Review", "used {n}").format(n=c.used),
        translate("Review", "use rate {rate}").format(rate=percent(c.use_rate)),
        translate("Review", "GMV with a coupon {gmv}").format(gmv=format_fen(c.gmv_with_coupon_fen)),
    ]
    t.note = " · ".join(parts)
    return t


def moderation_table(r: Review) -> Table:
    m = r.moderation
    t = Table(
        translate("Review", "Moderation"),
        [
            translate("Review", "Who"),
            translate("Review", "Kind"),
            translate("Review", "Actions"),
            translate("Review", "Failed"),
            translate("Review", "Undone by staff"),
        ],
    )
    for rule in m.rules:
        actions = ", ".join(f"{action_name(a)} {n}" for a, n in sorted(rule.actions.items()))
        t.add(
            tr_text(rule_label(rule.actor)) or rule.actor,   # "list:diversion" is the word list “引流”
            translate("Review", "rule") if rule.by_rule else translate("Review", "staff"),
            actions,
            Cell(str(rule.failed), BAD) if rule.failed else "0",
            Cell(str(rule.undone), LATE) if rule.undone else "0",
        )
    t.note = translate("Review", "{n} actions, {undone} undone (false positives)").format(n=m.actions, undone=m.undone)
    return t


def questions_table(r: Review) -> Table:
    t = Table(
        translate("Review", "Top questions"),
        [translate("Review", "Question"), translate("Review", "Asked"), translate("Review", "Answered")],
    )
    names = {p.product_id: p.name for p in r.products}
    for q in r.moderation.questions:
        text = q.text + (f" ({names.get(q.product_id) or q.product_id})" if q.product_id else "")
        t.add(
            text,
            q.count,
            Cell(translate("Review", "yes"), GOOD) if q.answered else Cell(translate("Review", "no"), BAD),
        )
    if not r.moderation.questions:
        t.note = translate("Review", "No questions were asked.")
    return t


def all_tables(r: Review) -> list[Table]:
    """Every section, in the order the report prints them."""
    return [
        overview_table(r),
        comparison_table(r),
        segments_table(r),
        cues_table(r),
        products_table(r),
        flash_sales_table(r),
        coupons_table(r),
        red_packets_table(r),
        lucky_bags_table(r),
        moderation_table(r),
        questions_table(r),
    ]
