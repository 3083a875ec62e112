"""The review exported to Excel (.xlsx): one sheet per section, native Excel charts (openpyxl
LineChart / BarChart) over the figures on the sheets themselves, so the workbook stays live in
Excel and WPS. A rehearsal's workbook says so in its first cell and in every sheet's title row.

Money is written in yuan as numbers (fen ÷ 100) with a two-decimal format, so sums in Excel are
exact to the fen; the figures are the review's own (`review.Review`)."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from anchor_console.domain.clock import format_clock
from anchor_console.session.review import OUTSIDE, Review
from anchor_console.session.show_record_file import FIGURES

YUAN = "#,##0.00"
PERCENT = "0.0%"
CHART_STEP_S = 60      # the time charts plot one point a minute (a 4-hour show: 240 points)


def _yuan(fen: int | None):
    return None if fen is None else fen / 100


def _sheet(wb: Workbook, title: str, review: Review, header: list[str]) -> Worksheet:
    ws = wb.create_sheet(title)
    ws.append([f"{'REHEARSAL — ' if review.overview.rehearsal else ''}{review.overview.title} — {title}"])
    ws["A1"].font = Font(bold=True, size=12)
    ws.append(header)
    for cell in ws[2]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A3"
    return ws


def _money_columns(ws: Worksheet, *columns: str) -> None:
    for col in columns:
        for cell in ws[col][2:]:
            cell.number_format = YUAN


def _overview(wb: Workbook, r: Review) -> None:
    o = r.overview
    ws = wb.active
    ws.title = "Overview"
    ws.append(["REHEARSAL" if o.rehearsal else "Live show", o.title])
    ws["A1"].font = Font(bold=True, size=12)
    rows = [("Length", format_clock(o.length_s)), ("Planned length", format_clock(o.planned_length_s)),
            ("Peak online", o.peak_online), ("Seconds recorded", o.series_points),
            ("Orders seen one by one", o.orders_seen), ("Ended", "yes" if o.ended else "no (interrupted)"),
            ("Platforms", ", ".join(o.platforms)), ("Figures the platforms lack", ", ".join(o.figures_lacking)),
            ("Anchor's commission (¥)", _yuan(r.revenue.total_fen))]
    rows += [(f, _yuan(v) if f.endswith("_fen") else v) for f, v in o.totals.items()]
    for row in rows:
        ws.append(list(row))
    for row in ws.iter_rows(min_row=2):
        if str(row[0].value).endswith("_fen") or str(row[0].value).startswith("Anchor's"):
            row[1].number_format = YUAN
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["B"].width = 24


def _segments(wb: Workbook, r: Review) -> None:
    ws = _sheet(wb, "Segments", r, ["Segment", "Planned start", "Actual start", "Planned length (s)",
                                    "Actual length (s)", "Over (+) / under (−) (s)", "GMV (¥)", "Orders", "Buyers",
                                    "Comments", "Peak online", "Cues fired", "Cues skipped", "Cues failed"])
    for s in r.segments:
        fired = sum(1 for c in s.cues if c.outcome in ("succeeded", "fired", "failed", "outcome_unknown"))
        ws.append([s.title or ("(outside the run of show)" if s.segment_id == OUTSIDE else s.segment_id),
                   format_clock(s.planned_start_t) if s.planned_start_t is not None else "",
                   format_clock(s.actual_start_t) if s.actual_start_t is not None else "",
                   round(s.planned_length_s), round(s.actual_length_s), round(s.over_s),
                   _yuan(s.figures["gmv_fen"]), s.figures["orders"], s.buyers, s.figures["comments"], s.peak_online,
                   fired, s.skipped_cues, s.failed_cues])
    _money_columns(ws, "G")
    n = len(r.segments)
    if n:
        chart = BarChart()
        chart.title, chart.y_axis.title = "GMV per segment (¥)", "¥"
        chart.add_data(Reference(ws, min_col=7, min_row=2, max_row=n + 2), titles_from_data=True)
        chart.set_categories(Reference(ws, min_col=1, min_row=3, max_row=n + 2))
        ws.add_chart(chart, f"A{n + 5}")
    cues = _sheet(wb, "Cues", r, ["Segment", "Cue", "Outcome", "At", "Reason", "GMV in the 5 min after (¥)",
                                  "Orders in the 5 min after"])
    for s in r.segments:
        for c in s.cues:
            cues.append([s.title, c.description.english(), c.outcome,
                         format_clock(c.at_t) if c.at_t is not None else "",
                         c.reason.english() if c.reason is not None else "", _yuan(c.gmv_after_fen), c.orders_after])
    _money_columns(cues, "F")


def _products(wb: Workbook, r: Review) -> None:
    ws = _sheet(wb, "Products", r, ["Product id", "Product", "Time on stage (s)", "Orders on stage",
                                    "GMV on stage (¥)", "Orders off stage", "GMV off stage (¥)",
                                    "GMV per minute on stage (¥)", "Units", "Stock left", "Commission rate",
                                    "Commission (¥)"])
    for p in r.products:
        ws.append([p.product_id, p.name, round(p.stage_s), p.orders_on_stage, _yuan(p.gmv_on_stage_fen),
                   p.orders_off_stage, _yuan(p.gmv_off_stage_fen), _yuan(p.gmv_per_stage_minute_fen), p.units,
                   p.stock_left, p.commission_bp / 10_000, _yuan(p.commission_fen)])
    _money_columns(ws, "E", "G", "H", "L")
    for cell in ws["K"][2:]:
        cell.number_format = PERCENT
    n = len(r.products)
    if n:
        chart = BarChart()
        chart.type, chart.grouping, chart.overlap = "bar", "stacked", 100
        chart.title = "GMV on and off stage (¥)"
        for col in (5, 7):
            chart.add_data(Reference(ws, min_col=col, min_row=2, max_row=n + 2), titles_from_data=True)
        chart.set_categories(Reference(ws, min_col=2, min_row=3, max_row=n + 2))
        ws.add_chart(chart, f"A{n + 5}")
    fs = _sheet(wb, "Flash sales", r, ["Sale", "Product id", "Price (¥)", "Stock", "Sold", "Sell-through",
                                       "Live at", "Ended at", "Why it ended", "Sold out after (s)"])
    for s in r.flash_sales:
        fs.append([s.sale_id, s.product_id, _yuan(s.price_fen), s.stock, s.sold, s.sell_through,
                   format_clock(s.live_at_t) if s.live_at_t is not None else "",
                   format_clock(s.ended_at_t) if s.ended_at_t is not None else "", s.ended_reason,
                   round(s.sold_out_after_s) if s.sold_out_after_s is not None else None])
    _money_columns(fs, "C")
    for cell in fs["F"][2:]:
        cell.number_format = PERCENT


def _coupons(wb: Workbook, r: Review) -> None:
    c = r.coupons
    ws = _sheet(wb, "Coupons", r, ["Batch", "Name", "Quantity", "Claimed", "Issued at"])
    for b in c.batches:
        ws.append([b.batch_id, b.name, b.quantity, b.claimed, format_clock(b.issued_at_t)])
    ws.append([])
    ws.append(["Issued", c.issued])
    ws.append(["Issued (journal)", c.issued_per_journal])
    ws.append(["Claimed", c.claimed])
    ws.append(["Used", c.used])
    ws.append(["Claim → use", c.use_rate])
    ws.cell(ws.max_row, 2).number_format = PERCENT
    ws.append(["GMV with coupon (¥)", _yuan(c.gmv_with_coupon_fen)])
    ws.cell(ws.max_row, 2).number_format = YUAN


def _moderation(wb: Workbook, r: Review) -> None:
    actions = sorted({a for rule in r.moderation.rules for a in rule.actions})
    ws = _sheet(wb, "Moderation", r, ["Rule or person", "By a rule", *actions, "Failed", "Undone (false positives)"])
    for rule in r.moderation.rules:
        ws.append([rule.actor, "yes" if rule.by_rule else "no", *(rule.actions.get(a, 0) for a in actions),
                   rule.failed, rule.undone])
    qs = _sheet(wb, "Questions", r, ["Question", "Viewers asking", "Answered", "Product on stage"])
    for q in r.moderation.questions:
        qs.append([q.text, q.count, "yes" if q.answered else "no", q.product_id])


def _revenue_and_trends(wb: Workbook, r: Review) -> None:
    ws = _sheet(wb, "Revenue", r, ["Product id", "Product", "GMV (¥)", "Commission rate", "Commission (¥)"])
    for pid, name, gmv, bp, fen in r.revenue.per_product:
        ws.append([pid, name, _yuan(gmv), bp / 10_000, _yuan(fen)])
    ws.append(["Total", "", _yuan(sum(p[2] for p in r.revenue.per_product)), None, _yuan(r.revenue.total_fen)])
    _money_columns(ws, "C", "E")
    for cell in ws["D"][2:]:
        cell.number_format = PERCENT
    if r.comparison:
        cmp = _sheet(wb, "Compared", r, ["Figure", "This show", "Previous show", "Average of earlier", "Trend"])
        for t in r.comparison:
            cmp.append([t.figure, t.value, t.previous, t.average, t.arrow])
    notes = _sheet(wb, "Notes", r, ["The crew's conclusions"])
    notes.append([r.notes])
    notes.column_dimensions["A"].width = 100


def _series(wb: Workbook, r: Review) -> None:
    """One row a minute (the last reading of each minute), with the time charts beside it."""
    ws = _sheet(wb, "Per minute", r, ["Minute", *FIGURES])
    rows, last_minute = [], None
    for row in r.series:
        minute = row[0] // CHART_STEP_S
        if minute == last_minute:
            rows[-1] = row
        else:
            rows.append(row)
            last_minute = minute
    for row in rows:
        ws.append([row[0] // CHART_STEP_S, *(_yuan(v) if f.endswith("_fen") else v for f, v in zip(FIGURES, row[1:]))])
    n = len(rows)
    if not n:
        return
    for i, (figure, anchor) in enumerate((("online", "N3"), ("gmv_fen", "N20"))):
        chart = LineChart()
        chart.title = "Viewers online" if figure == "online" else "GMV (¥, cumulative)"
        chart.x_axis.title = "minute"
        col = FIGURES.index(figure) + 2
        chart.add_data(Reference(ws, min_col=col, min_row=2, max_row=n + 2), titles_from_data=True)
        chart.set_categories(Reference(ws, min_col=1, min_row=3, max_row=n + 2))
        ws.add_chart(chart, anchor)


def export_xlsx(review: Review, path: Path) -> Path:
    """Write the workbook; returns its path (written to a temporary name first, then moved)."""
    wb = Workbook()
    _overview(wb, review)
    _segments(wb, review)
    _products(wb, review)
    _coupons(wb, review)
    _moderation(wb, review)
    _revenue_and_trends(wb, review)
    _series(wb, review)
    path = Path(path)
    partial = path.with_name(path.name + ".partial")
    wb.save(partial)
    partial.replace(path)
    return path
