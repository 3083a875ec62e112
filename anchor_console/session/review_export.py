"""The review exported to Excel (.xlsx): one sheet per section, native Excel charts (openpyxl
LineChart / BarChart) over the figures on the sheets themselves, so the workbook stays live in
Excel and WPS. A rehearsal's workbook says so in its first cell and in every sheet's title row.

Money is written in yuan as numbers (fen ÷ 100) with a two-decimal format, so sums in Excel are
exact to the fen; the figures are the review's own (`review.Review`). Text from outside (product
names, viewers' questions, a platform's words) is written as text, never a formula, without the
control characters a cell cannot hold (`sheet_text.append_row`)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Callable

from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from anchor_console.domain.clock import format_clock
from anchor_console.domain.text import QT_TRANSLATE_NOOP, Text
from anchor_console.moderation.pipeline import rule_label
from anchor_console.session.review import CUE_OUTCOMES, GIVEAWAY_STATES, OUTSIDE, SALE_ENDINGS, Review
from anchor_console.session.show_record_file import FIGURES
from anchor_console.show.atomic_file import write_atomically
from anchor_console.show.sheet_text import append_row

Translate = Callable[[Text], str]
YUAN = "#,##0.00"
FIGURE_NAMES: dict[str, Text] = {
    "online": QT_TRANSLATE_NOOP("ReviewExport", "Viewers online"),
    "entries": QT_TRANSLATE_NOOP("ReviewExport", "Entries"),
    "likes": QT_TRANSLATE_NOOP("ReviewExport", "Likes"),
    "comments": QT_TRANSLATE_NOOP("ReviewExport", "Comments"),
    "followers": QT_TRANSLATE_NOOP("ReviewExport", "New followers"),
    "orders": QT_TRANSLATE_NOOP("ReviewExport", "Orders"),
    "gmv_fen": QT_TRANSLATE_NOOP("ReviewExport", "GMV (¥)"),
    "buyers": QT_TRANSLATE_NOOP("ReviewExport", "Buyers"),
    "coupon_claims": QT_TRANSLATE_NOOP("ReviewExport", "Coupons claimed"),
    "coupon_uses": QT_TRANSLATE_NOOP("ReviewExport", "Coupons used"),
    "coupon_gmv_fen": QT_TRANSLATE_NOOP("ReviewExport", "GMV with coupon (¥)"),
}


PERCENT = "0.0%"
CHART_STEP_S = 60  # the time charts plot one point a minute (a 4-hour show: 240 points)


def _yuan(fen: int | None):
    return None if fen is None else fen / 100


def _clock(t: float | None) -> str:
    return "" if t is None else format_clock(t)


def _yes_no(tr: Translate, yes: bool) -> str:
    return tr(QT_TRANSLATE_NOOP("ReviewExport", "yes") if yes else QT_TRANSLATE_NOOP("ReviewExport", "no"))


def _sheet(wb: Workbook, review: Review, tr: Translate, title_text: Text, header: list) -> Worksheet:
    """A sheet with the review's title, its own and a bold header row, in the operator's language."""
    title = tr(title_text)
    ws = wb.create_sheet(title)
    rehearsal = tr(QT_TRANSLATE_NOOP("ReviewExport", "REHEARSAL")) + " — " if review.overview.rehearsal else ""
    append_row(ws, [f"{rehearsal}{review.overview.title} — {title}"])
    ws["A1"].font = Font(bold=True, size=12)
    append_row(ws, [tr(h) if isinstance(h, Text) else h for h in header])
    for cell in ws[2]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A3"
    return ws


def _bar_chart(ws: Worksheet, rows: int, *, data_columns: tuple[int, ...], category_column: int) -> BarChart:
    """A bar chart of the sheet's rows (under its two title rows), placed below them; shown only
    when there are rows (an empty one is made but not placed)."""
    chart = BarChart()
    for col in data_columns:
        chart.add_data(Reference(ws, min_col=col, min_row=2, max_row=rows + 2), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=category_column, min_row=3, max_row=rows + 2))
    if rows:
        ws.add_chart(chart, f"A{rows + 5}")
    return chart


def _format_columns(ws: Worksheet, number_format: str, *columns: str) -> None:
    """The cells of `columns` under the sheet's two title rows shown as `number_format` (YUAN, PERCENT)."""
    for col in columns:
        for cell in ws[col][2:]:
            cell.number_format = number_format


def _overview(wb: Workbook, r: Review, tr: Translate) -> None:
    o = r.overview
    ws = wb.active
    ws.title = tr(QT_TRANSLATE_NOOP("ReviewExport", "Overview"))
    append_row(
        ws,
        [
            tr(QT_TRANSLATE_NOOP("ReviewExport", "REHEARSAL"))
            if o.rehearsal
            else tr(QT_TRANSLATE_NOOP("ReviewExport", "Live show")),
            o.title,
        ]
    )
    ws["A1"].font = Font(bold=True, size=12)
    rows = [
        (tr(QT_TRANSLATE_NOOP("ReviewExport", "Length")), format_clock(o.length_s)),
        (tr(QT_TRANSLATE_NOOP("ReviewExport", "Planned length")), format_clock(o.planned_length_s)),
        (tr(QT_TRANSLATE_NOOP("ReviewExport", "Peak online")), o.peak_online),
        (tr(QT_TRANSLATE_NOOP("ReviewExport", "Seconds recorded")), o.series_points),
        (tr(QT_TRANSLATE_NOOP("ReviewExport", "Orders seen one by one")), o.orders_seen),
        (
            tr(QT_TRANSLATE_NOOP("ReviewExport", "Ended")),
            tr(QT_TRANSLATE_NOOP("ReviewExport", "yes"))
            if o.ended
            else tr(QT_TRANSLATE_NOOP("ReviewExport", "no (interrupted)")),
        ),
        (tr(QT_TRANSLATE_NOOP("ReviewExport", "Platforms")), ", ".join(o.platforms)),
        (tr(QT_TRANSLATE_NOOP("ReviewExport", "Figures the platforms lack")), ", ".join(o.figures_lacking)),
        (tr(QT_TRANSLATE_NOOP("ReviewExport", "Anchor's commission (¥)")), _yuan(r.revenue.total_fen)),
    ]
    money_rows = {len(rows) + 1}  # the commission (rows start at 2, after the title)
    for f, v in o.totals.items():
        if f.endswith("_fen"):
            money_rows.add(len(rows) + 2)
        rows.append((tr(FIGURE_NAMES[f]) if f in FIGURE_NAMES else f, _yuan(v) if f.endswith("_fen") else v))
    for row in rows:
        append_row(ws, list(row))
    for n in money_rows:
        ws.cell(n, 2).number_format = YUAN
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["B"].width = 24


def _segments(wb: Workbook, r: Review, tr: Translate) -> None:
    ws = _sheet(wb, r, tr, QT_TRANSLATE_NOOP("ReviewExport", "Segments"),
        [QT_TRANSLATE_NOOP("ReviewExport", "Segment"), QT_TRANSLATE_NOOP("ReviewExport", "Planned start"),
         QT_TRANSLATE_NOOP("ReviewExport", "Actual start"), QT_TRANSLATE_NOOP("ReviewExport", "Planned length (s)"),
         QT_TRANSLATE_NOOP("ReviewExport", "Actual length (s)"),
         QT_TRANSLATE_NOOP("ReviewExport", "Over (+) / under (−) (s)"),
         QT_TRANSLATE_NOOP("ReviewExport", "GMV (¥)"), QT_TRANSLATE_NOOP("ReviewExport", "Orders"),
         QT_TRANSLATE_NOOP("ReviewExport", "Buyers"), QT_TRANSLATE_NOOP("ReviewExport", "Comments"),
         QT_TRANSLATE_NOOP("ReviewExport", "Peak online"), QT_TRANSLATE_NOOP("ReviewExport", "Cues fired"),
         QT_TRANSLATE_NOOP("ReviewExport", "Cues skipped"), QT_TRANSLATE_NOOP("ReviewExport", "Cues failed")])
    for s in r.segments:
        fired = sum(1 for c in s.cues if c.outcome in ("succeeded", "fired", "failed", "outcome_unknown"))
        append_row(
            ws,
            [
                s.title
                or (
                    tr(QT_TRANSLATE_NOOP("ReviewExport", "(outside the run of show)"))
                    if s.segment_id == OUTSIDE
                    else s.segment_id
                ),
                _clock(s.planned_start_t),
                _clock(s.actual_start_t),
                round(s.planned_length_s),
                round(s.actual_length_s),
                round(s.over_s),
                _yuan(s.figures["gmv_fen"]),
                s.figures["orders"],
                s.buyers,
                s.figures["comments"],
                s.peak_online,
                fired,
                s.skipped_cues,
                s.failed_cues,
            ]
        )
    _format_columns(ws, YUAN, "G")
    chart = _bar_chart(ws, len(r.segments), data_columns=(7,), category_column=1)
    chart.title, chart.y_axis.title = tr(QT_TRANSLATE_NOOP("ReviewExport", "GMV per segment (¥)")), "¥"


def _cues(wb: Workbook, r: Review, tr: Translate) -> None:
    cues = _sheet(wb, r, tr, QT_TRANSLATE_NOOP("ReviewExport", "Cues"),
        [QT_TRANSLATE_NOOP("ReviewExport", "Segment"), QT_TRANSLATE_NOOP("ReviewExport", "Cue"),
         QT_TRANSLATE_NOOP("ReviewExport", "Outcome"), QT_TRANSLATE_NOOP("ReviewExport", "At"),
         QT_TRANSLATE_NOOP("ReviewExport", "Reason"),
         QT_TRANSLATE_NOOP("ReviewExport", "GMV in the 5 min after (¥)"),
         QT_TRANSLATE_NOOP("ReviewExport", "Orders in the 5 min after")])
    for s in r.segments:
        for c in s.cues:
            append_row(
                cues,
                [
                    s.title,
                    tr(c.description),
                    tr(CUE_OUTCOMES[c.outcome]) if c.outcome in CUE_OUTCOMES else c.outcome,
                    _clock(c.at_t),
                    tr(c.reason) if c.reason is not None else "",
                    _yuan(c.gmv_after_fen),
                    c.orders_after,
                ]
            )
    _format_columns(cues, YUAN, "F")


def _products(wb: Workbook, r: Review, tr: Translate) -> None:
    ws = _sheet(wb, r, tr, QT_TRANSLATE_NOOP("ReviewExport", "Products"),
        [QT_TRANSLATE_NOOP("ReviewExport", "Product id"), QT_TRANSLATE_NOOP("ReviewExport", "Product"),
         QT_TRANSLATE_NOOP("ReviewExport", "Time on stage (s)"),
         QT_TRANSLATE_NOOP("ReviewExport", "Orders on stage"),
         QT_TRANSLATE_NOOP("ReviewExport", "GMV on stage (¥)"),
         QT_TRANSLATE_NOOP("ReviewExport", "Orders off stage"),
         QT_TRANSLATE_NOOP("ReviewExport", "GMV off stage (¥)"),
         QT_TRANSLATE_NOOP("ReviewExport", "GMV per minute on stage (¥)"),
         QT_TRANSLATE_NOOP("ReviewExport", "Units"), QT_TRANSLATE_NOOP("ReviewExport", "Stock left"),
         QT_TRANSLATE_NOOP("ReviewExport", "Commission rate"), QT_TRANSLATE_NOOP("ReviewExport", "Commission (¥)")])
    for p in r.products:
        append_row(
            ws,
            [
                p.product_id,
                p.name,
                round(p.stage_s),
                p.orders_on_stage,
                _yuan(p.gmv_on_stage_fen),
                p.orders_off_stage,
                _yuan(p.gmv_off_stage_fen),
                _yuan(p.gmv_per_stage_minute_fen),
                p.units,
                p.stock_left,
                p.commission_bp / 10_000,
                _yuan(p.commission_fen),
            ]
        )
    _format_columns(ws, YUAN, "E", "G", "H", "L")
    _format_columns(ws, PERCENT, "K")
    chart = _bar_chart(ws, len(r.products), data_columns=(5, 7), category_column=2)
    chart.type, chart.grouping, chart.overlap = "bar", "stacked", 100
    chart.title = tr(QT_TRANSLATE_NOOP("ReviewExport", "GMV on and off stage (¥)"))


def _flash_sales(wb: Workbook, r: Review, tr: Translate) -> None:
    fs = _sheet(wb, r, tr, QT_TRANSLATE_NOOP("ReviewExport", "Flash sales"),
        [QT_TRANSLATE_NOOP("ReviewExport", "Sale"), QT_TRANSLATE_NOOP("ReviewExport", "Product id"),
         QT_TRANSLATE_NOOP("ReviewExport", "Price (¥)"), QT_TRANSLATE_NOOP("ReviewExport", "Stock"),
         QT_TRANSLATE_NOOP("ReviewExport", "Sold"), QT_TRANSLATE_NOOP("ReviewExport", "Sell-through"),
         QT_TRANSLATE_NOOP("ReviewExport", "Live at"), QT_TRANSLATE_NOOP("ReviewExport", "Ended at"),
         QT_TRANSLATE_NOOP("ReviewExport", "Why it ended"), QT_TRANSLATE_NOOP("ReviewExport", "Sold out after (s)")])
    for s in r.flash_sales:
        append_row(
            fs,
            [
                s.sale_id,
                s.product_id,
                _yuan(s.price_fen),
                s.stock,
                s.sold,
                s.sell_through,
                _clock(s.live_at_t),
                _clock(s.ended_at_t),
                tr(SALE_ENDINGS[s.ended_reason]) if s.ended_reason in SALE_ENDINGS else s.ended_reason,
                round(s.sold_out_after_s) if s.sold_out_after_s is not None else None,
            ]
        )
    _format_columns(fs, YUAN, "C")
    _format_columns(fs, PERCENT, "F")


def _coupons(wb: Workbook, r: Review, tr: Translate) -> None:
    c = r.coupons
    ws = _sheet(wb, r, tr, QT_TRANSLATE_NOOP("ReviewExport", "Coupons"),
        [QT_TRANSLATE_NOOP("ReviewExport", "Batch"), QT_TRANSLATE_NOOP("ReviewExport", "Name"),
         QT_TRANSLATE_NOOP("ReviewExport", "Quantity"), QT_TRANSLATE_NOOP("ReviewExport", "Claimed"),
         QT_TRANSLATE_NOOP("ReviewExport", "Issued at")])
    for b in c.batches:
        append_row(ws, [b.batch_id, b.name, b.quantity, b.claimed, format_clock(b.issued_at_t)])
    append_row(ws, [])
    append_row(ws, [tr(QT_TRANSLATE_NOOP("ReviewExport", "Issued")), c.issued])
    append_row(ws, [tr(QT_TRANSLATE_NOOP("ReviewExport", "Issued (journal)")), c.issued_per_journal])
    append_row(ws, [tr(QT_TRANSLATE_NOOP("ReviewExport", "Claimed")), c.claimed])
    append_row(ws, [tr(QT_TRANSLATE_NOOP("ReviewExport", "Used")), c.used])
    append_row(ws, [tr(QT_TRANSLATE_NOOP("ReviewExport", "Claim → use")), c.use_rate])
    ws.cell(ws.max_row, 2).number_format = PERCENT
    append_row(ws, [tr(QT_TRANSLATE_NOOP("ReviewExport", "GMV with coupon (¥)")), _yuan(c.gmv_with_coupon_fen)])
    ws.cell(ws.max_row, 2).number_format = YUAN


def _names(winners: tuple[tuple[str, str], ...], shown: int = 50) -> str:
    """The first winners by name (a cell holds at most 32,767 characters; the winners' own export
    lists them all)."""
    names = "、".join(name or uid for uid, name in winners[:shown])
    return names + (f" … +{len(winners) - shown}" if len(winners) > shown else "")


def _giveaways(wb: Workbook, r: Review, tr: Translate) -> None:
    def outcome(state: str) -> str:
        return tr(GIVEAWAY_STATES[state]) if state in GIVEAWAY_STATES else state

    ws = _sheet(wb, r, tr, QT_TRANSLATE_NOOP("ReviewExport", "Red packets"),
        [QT_TRANSLATE_NOOP("ReviewExport", "Red packet"), QT_TRANSLATE_NOOP("ReviewExport", "Sent at"),
         QT_TRANSLATE_NOOP("ReviewExport", "Total (¥)"), QT_TRANSLATE_NOOP("ReviewExport", "Shares"),
         QT_TRANSLATE_NOOP("ReviewExport", "Claimed"), QT_TRANSLATE_NOOP("ReviewExport", "Claimed (¥)"),
         QT_TRANSLATE_NOOP("ReviewExport", "Outcome")])
    for p in r.giveaways.red_packets:
        append_row(ws, [p.packet_id, format_clock(p.sent_at_t), _yuan(p.total_fen), p.count, p.claimed_count,
                        _yuan(p.claimed_fen), outcome(p.state)])
    _format_columns(ws, YUAN, "C", "F")
    ws = _sheet(wb, r, tr, QT_TRANSLATE_NOOP("ReviewExport", "Lucky bags"),
        [QT_TRANSLATE_NOOP("ReviewExport", "Lucky bag"), QT_TRANSLATE_NOOP("ReviewExport", "Prize"),
         QT_TRANSLATE_NOOP("ReviewExport", "Started at"), QT_TRANSLATE_NOOP("ReviewExport", "Winners wanted"),
         QT_TRANSLATE_NOOP("ReviewExport", "Entrants"), QT_TRANSLATE_NOOP("ReviewExport", "Drawn at"),
         QT_TRANSLATE_NOOP("ReviewExport", "Outcome"), QT_TRANSLATE_NOOP("ReviewExport", "Winners")])
    for b in r.giveaways.lucky_bags:
        append_row(ws, [b.bag_id, b.prize, format_clock(b.started_at_t), b.winners_wanted, b.entrants,
                        _clock(b.drawn_at_t), outcome(b.state),
                        _names(b.winners)])


def _moderation(wb: Workbook, r: Review, tr: Translate) -> None:
    actions = sorted({a for rule in r.moderation.rules for a in rule.actions})
    ws = _sheet(wb, r, tr, QT_TRANSLATE_NOOP("ReviewExport", "Moderation"),
        [QT_TRANSLATE_NOOP("ReviewExport", "Rule or person"), QT_TRANSLATE_NOOP("ReviewExport", "By a rule"),
         *actions, QT_TRANSLATE_NOOP("ReviewExport", "Failed"),
         QT_TRANSLATE_NOOP("ReviewExport", "Undone (false positives)")])
    for rule in r.moderation.rules:
        append_row(
            ws,
            [
                tr(label) if (label := rule_label(rule.actor)) is not None else rule.actor,
                _yes_no(tr, rule.by_rule),
                *(rule.actions.get(a, 0) for a in actions),
                rule.failed,
                rule.undone,
            ]
        )
    qs = _sheet(wb, r, tr, QT_TRANSLATE_NOOP("ReviewExport", "Questions"),
        [QT_TRANSLATE_NOOP("ReviewExport", "Question"), QT_TRANSLATE_NOOP("ReviewExport", "Viewers asking"),
         QT_TRANSLATE_NOOP("ReviewExport", "Answered"), QT_TRANSLATE_NOOP("ReviewExport", "Product on stage")])
    for q in r.moderation.questions:
        append_row(
            qs,
            [
                q.text,
                q.count,
                _yes_no(tr, q.answered),
                q.product_id,
            ]
        )


def _revenue_and_trends(wb: Workbook, r: Review, tr: Translate) -> None:
    ws = _sheet(wb, r, tr, QT_TRANSLATE_NOOP("ReviewExport", "Revenue"),
        [QT_TRANSLATE_NOOP("ReviewExport", "Product id"), QT_TRANSLATE_NOOP("ReviewExport", "Product"),
         QT_TRANSLATE_NOOP("ReviewExport", "GMV (¥)"), QT_TRANSLATE_NOOP("ReviewExport", "Commission rate"),
         QT_TRANSLATE_NOOP("ReviewExport", "Commission (¥)")])
    for pid, name, gmv, bp, fen in r.revenue.per_product:
        append_row(ws, [pid, name, _yuan(gmv), bp / 10_000, _yuan(fen)])
    append_row(
        ws,
        [
            tr(QT_TRANSLATE_NOOP("ReviewExport", "Total")),
            "",
            _yuan(sum(p[2] for p in r.revenue.per_product)),
            None,
            _yuan(r.revenue.total_fen),
        ]
    )
    _format_columns(ws, YUAN, "C", "E")
    _format_columns(ws, PERCENT, "D")
    if r.comparison:
        cmp = _sheet(wb, r, tr, QT_TRANSLATE_NOOP("ReviewExport", "Compared"),
            [QT_TRANSLATE_NOOP("ReviewExport", "Figure"), QT_TRANSLATE_NOOP("ReviewExport", "This show"),
             QT_TRANSLATE_NOOP("ReviewExport", "Previous show"),
             QT_TRANSLATE_NOOP("ReviewExport", "Average of earlier"), QT_TRANSLATE_NOOP("ReviewExport", "Trend")])
        for t in r.comparison:
            append_row(cmp, [t.figure, t.value, t.previous, t.average, t.arrow])
    notes = _sheet(wb, r, tr, QT_TRANSLATE_NOOP("ReviewExport", "Notes"),
        [QT_TRANSLATE_NOOP("ReviewExport", "The crew's conclusions")])
    append_row(notes, [r.notes])
    notes.column_dimensions["A"].width = 100


def _series(wb: Workbook, r: Review, tr: Translate) -> None:
    """One row a minute (the last reading of each minute), with the time charts beside it."""
    ws = _sheet(wb, r, tr, QT_TRANSLATE_NOOP("ReviewExport", "Per minute"),
        [QT_TRANSLATE_NOOP("ReviewExport", "Minute"), *FIGURES])
    rows, last_minute = [], None
    for row in r.series:
        minute = row[0] // CHART_STEP_S
        if minute == last_minute:
            rows[-1] = row
        else:
            rows.append(row)
            last_minute = minute
    for row in rows:
        append_row(ws, [row[0] // CHART_STEP_S, *(_yuan(v) if f.endswith("_fen") else v for f, v in zip(FIGURES, row[1:]))])
    n = len(rows)
    if not n:
        return
    for i, (figure, anchor) in enumerate((("online", "N3"), ("gmv_fen", "N20"))):
        chart = LineChart()
        chart.title = (
            tr(QT_TRANSLATE_NOOP("ReviewExport", "Viewers online"))
            if figure == "online"
            else tr(QT_TRANSLATE_NOOP("ReviewExport", "GMV (¥, cumulative)"))
        )
        chart.x_axis.title = tr(QT_TRANSLATE_NOOP("ReviewExport", "minute"))
        col = FIGURES.index(figure) + 2
        chart.add_data(Reference(ws, min_col=col, min_row=2, max_row=n + 2), titles_from_data=True)
        chart.set_categories(Reference(ws, min_col=1, min_row=3, max_row=n + 2))
        ws.add_chart(chart, anchor)


def export_xlsx(review: Review, path: Path, *, translate: Translate = Text.english) -> Path:
    """Write the workbook in the operator's language (`translate`: the ui's tr for a Text; English
    without one); returns its path (written whole or not at all)."""
    wb = Workbook()
    for section in (_overview, _segments, _cues, _products, _flash_sales, _coupons, _giveaways, _moderation,
                    _revenue_and_trends, _series):
        section(wb, review, translate)
    data = io.BytesIO()
    wb.save(data)
    path = Path(path)
    write_atomically(path, data.getvalue())
    return path
