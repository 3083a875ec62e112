"""The show editor's parts that are not the window: the plan's segment table (planned starts,
gaps before fixed starts, each segment's problems in its Check column, drag to reorder) and the advertising-law word
highlighter of the text fields (the presenter view marks talking points with it too)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QSyntaxHighlighter, QTextCharFormat, QTextDocument

from anchor_console.domain.clock import format_clock
from anchor_console.show import SegmentProblem
from anchor_console.show.model import Segment, Show
from anchor_console.ui.common.i18n import tr_text
from anchor_console.ui.common.table_model import ReorderableRows
from anchor_console.ui.common.widgets import plain_tooltip


class PlanSegmentsModel(ReorderableRows[Segment]):
    """The segments of the show being written, with planned start times and each segment's
    problems (show.validation; the live timeline has its own model of how the show is going). A
    show with no start time gives each segment's start from the show's start ("+13:00")."""

    NUMBER, START, TITLE, LENGTH, PRODUCTS, CUES, CHECK = range(7)
    move_requested = Signal(str, int)   # segment id, new index

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.show: Show | None = None
        self.starts: dict[str, dt.datetime] = {}
        self.first_start: dt.datetime | None = None   # the schedule's start, for a show with no start time
        self.problems: dict[str, list[SegmentProblem]] = {}
        self.gaps: dict[str, float] = {}

    def headers(self) -> list[str]:
        return [self.tr("No."), self.tr("Start"), self.tr("Segment"), self.tr("Length"), self.tr("Products"),
                self.tr("Cues"), self.tr("Check")]

    def set_show(self, show: Show, problems: list[SegmentProblem]) -> None:
        self.show = show
        schedule = show.schedule()
        self.starts = {i.segment_id: i.start for i in schedule.items}
        self.first_start = schedule.start if show.start is None else None
        self.gaps = {i.segment_id: i.gap_before_s for i in schedule.items if i.hard}
        self.problems = {}
        for p in problems:
            self.problems.setdefault(p.segment_id, []).append(p)
        self.beginResetModel()
        self.rows = list(show.segments)
        self.endResetModel()

    def segment_at(self, row: int):
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def cell(self, seg: Segment, col: int, role: int):
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.START:
                start = self.starts.get(seg.id)
                if start is not None and self.first_start is not None and not seg.is_hard:
                    return "+" + format_clock((start - self.first_start).total_seconds())
                text = start.strftime("%H:%M") if start else ""
                return ("◆ " + text) if seg.is_hard else text
            if col == self.TITLE:
                return seg.title
            if col == self.LENGTH:
                return format_clock(seg.duration_s)
            if col == self.PRODUCTS:
                return "、".join(p.label for p in seg.products)
            if col == self.CUES:
                return str(len(seg.cues)) if seg.cues else ""
            if col == self.CHECK:
                n = len(self.problems.get(seg.id, ()))
                return f"⚠ {n}" if n else ""
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == self.CHECK:   # red: the console would not start the show live with it
                return QColor("#c62828" if any(p.blocks_run for p in self.problems.get(seg.id, ())) else "#e65100")
            if col == self.START and self.gaps.get(seg.id, 0) < 0:
                return QColor("#c62828")
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == self.START and seg.id in self.gaps:
                gap = self.gaps[seg.id]
                if gap > 0:
                    return self.tr("Fixed start: {gap} gap before it").format(gap=format_clock(gap))
                if gap < 0:
                    return self.tr("Fixed start: the previous segments run {late} into it").format(
                        late=format_clock(-gap))
            if col == self.CHECK and self.problems.get(seg.id):
                return plain_tooltip("\n".join("• " + tr_text(p.message) for p in self.problems[seg.id]))
        return None

    def rows_dropped(self, rows: list[int], before_row: int) -> None:
        old = rows[0]
        new = before_row - 1 if before_row > old else before_row
        if new != old:
            self.move_requested.emit(self.rows[old].id, max(0, min(new, len(self.rows) - 1)))


class ComplianceHighlighter(QSyntaxHighlighter):
    """Marks advertising-law words in a text field as the prep staff types."""

    def __init__(self, document: QTextDocument, editor, fmt: QTextCharFormat | None = None) -> None:
        super().__init__(document)
        self.editor = editor   # anything with a `word_list`
        if fmt is None:
            fmt = QTextCharFormat()
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
            fmt.setUnderlineColor(QColor("#d32f2f"))
            fmt.setBackground(QColor(255, 235, 238))
        self.fmt = fmt

    def highlightBlock(self, text: str) -> None:
        words = self.editor.word_list
        if words is None or not text:
            return
        for start, end, _word in words.find(text):
            self.setFormat(start, end - start, self.fmt)
