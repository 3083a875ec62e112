"""The live timeline panel (the assistant's run of show): the current segment with a countdown that
turns amber then red, the show ahead/behind, the next segment; previous/next/skip/extend; the big
GO button for a confirm cue (hotkey F9); manual cues to fire by hand; rehearsal at 1×–10×."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QComboBox, QFileDialog, QFrame, QGridLayout, QHBoxLayout, QLineEdit, QListWidget, QListWidgetItem,
    QPushButton, QSizePolicy, QTableView, QToolButton, QVBoxLayout, QWidget,
)

from anchor_console.show import CueState, RunPhase, SegmentState, TimingStatus
from anchor_console.show.timeline_types import on_time
from anchor_console.domain.clock import format_clock, format_countdown
from anchor_console.domain.text import Text
from anchor_console.ui.common.palette import AMBER, BLUE, GREEN, RED
from anchor_console.ui.common.i18n import tr_text
from anchor_console.ui.common.table_model import RowsModel
from anchor_console.ui.common.flow_layout import flow_row
from anchor_console.ui.common.widgets import add_shortcuts, as_wide_as_text, plain_label, plain_tooltip, row_table, wrapped_list, spin_box
from anchor_console.ui.common import confirm

STATUS_COLORS = {TimingStatus.NORMAL: GREEN, TimingStatus.WARNING: AMBER, TimingStatus.OVERRUN: RED}


def clock_of(ts: float | None) -> str:
    return dt.datetime.fromtimestamp(ts).strftime("%H:%M") if ts is not None else "—"


def offset_text(seconds: float) -> str:
    if on_time(seconds):
        return QCoreApplication.translate("TimelinePanel", "on time")
    if seconds > 0:
        return QCoreApplication.translate("TimelinePanel", "{t} behind").format(t=format_clock(seconds))
    return QCoreApplication.translate("TimelinePanel", "{t} ahead").format(t=format_clock(-seconds))


def cue_action(description: Text) -> Text:
    """What a cue does, without when ("1:00 after start: Issue 500 × 满199减30 coupons" → "Issue 500 ×
    满199减30 coupons"): a cue's line is its trigger and its action (`Cue.describe`); any other text
    (an older record's plain line) is itself."""
    if isinstance(description, Text) and description.template == "{when}: {action}":
        action = description.args.get("action")
        if isinstance(action, Text):
            return action
        if isinstance(action, str) and action:
            return Text("", action)
    return description


CUE_MARKS = {CueState.PENDING: "·", CueState.AWAITING: "▶", CueState.FIRING: "…", CueState.SUCCEEDED: "✓",
             CueState.FAILED: "✗", CueState.UNKNOWN: "?", CueState.MISSED: "–", CueState.DISMISSED: "×"}


def cue_line(state: CueState, due_at: float | None, mode, description: Text) -> str:
    """A cue of the segment on air as the list shows it: "✓ 20:12 [confirm] 1:00 after start: …"."""
    due = clock_of(due_at) if due_at else ""
    return f"{CUE_MARKS[state]} {due} [{tr_text(mode.label)}] {tr_text(description)}"


class TimelineSegmentsModel(RowsModel):
    """How the running show is going, segment by segment: planned and projected starts, state."""

    def headers(self) -> list[str]:
        return [self.tr("Segment"), self.tr("Planned"), self.tr("Now"), self.tr("Length"), self.tr("State")]

    def show_timings(self, rows) -> None:
        self.set_rows(rows, identity=lambda t: (t.segment_id, t.state))

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and index.isValid() and index.column() == 0:
            t = self.rows[index.row()]
            return f"{index.row() + 1}. {t.title}" + (" ◆" if t.hard else "")
        return super().data(index, role)

    def cell(self, t, col: int, role: int):
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 1:
                return clock_of(t.planned_start)
            if col == 2:
                return clock_of(t.projected_start) if t.projected_start is not None else "—"
            if col == 3:
                return format_clock(t.duration_s)
            if col == 4:
                return {SegmentState.PENDING: self.tr("to come"), SegmentState.CURRENT: self.tr("ON AIR"),
                        SegmentState.DONE: self.tr("done"), SegmentState.SKIPPED: self.tr("skipped")}[t.state]
        if role == Qt.ItemDataRole.FontRole and t.state is SegmentState.CURRENT:
            f = QFont()
            f.setBold(True)
            return f
        if role == Qt.ItemDataRole.ForegroundRole:
            if t.state in (SegmentState.DONE, SegmentState.SKIPPED):
                return QColor("#9e9e9e")
            if col == 2 and t.start_delta_s is not None and t.state is SegmentState.PENDING:
                if t.gap_before_s < 0:
                    return QColor("#c62828")  # a hard start we will overrun
                return QColor("#ef6c00") if t.start_delta_s > 30 else None
        if role == Qt.ItemDataRole.BackgroundRole and t.state is SegmentState.CURRENT:
            return QColor(255, 243, 224)
        if role == Qt.ItemDataRole.ToolTipRole and t.hard and t.gap_before_s:
            return (self.tr("Fixed start; {gap} gap before it").format(gap=format_clock(t.gap_before_s))
                    if t.gap_before_s > 0 else
                    self.tr("Fixed start; the show runs {late} into it").format(late=format_clock(-t.gap_before_s)))
        return None


class TimelinePanel(QWidget):
    def __init__(self, window, runner, open_editor) -> None:
        super().__init__(window)
        self.window = window
        self.session = window.session
        self.runner = runner
        self._open_editor = open_editor
        top = self._build_controls()
        self._build_card()
        nav = self._build_navigation()
        self._build_go_box()
        self._build_cue_list()
        msg_row = self._build_message()
        self._build_segments()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.show_label)
        layout.addLayout(top)
        layout.addWidget(self.card)
        layout.addWidget(nav)
        layout.addWidget(self.go_box)
        cues_row = QHBoxLayout()
        cues_row.addWidget(plain_label(self.tr("Cues in this segment"), self), 1)
        cues_row.addWidget(self.fire_button)
        layout.addLayout(cues_row)
        layout.addWidget(self.cue_list)
        layout.addLayout(msg_row)
        layout.addWidget(self.segments_view, 1)

        keys = (("F9", self.go), ("F7", self.runner.next), ("Shift+F7", self.runner.previous),
                ("F6", lambda: self.runner.extend(self.extend_spin.value() * 60)))
        add_shortcuts(self.window, keys, window=True)

        runner.snapshot.connect(self.render)
        runner.show_changed.connect(self._show_changed)
        runner.resuming_changed.connect(self._resuming_changed)
        self._last_cue_key = None
        self._show_changed()
        self.render(None)


    def _build_controls(self) -> QVBoxLayout:
        """Open, edit, rehearse (at what speed), start and end the show."""
        self.show_label = plain_label(self.tr("No show loaded"), self, wrap=True)
        open_button = QPushButton(self.tr("Open show…"), self)
        open_button.clicked.connect(self.open_show)
        self.edit_button = QPushButton(self.tr("Edit…"), self)
        self.edit_button.clicked.connect(self._open_editor)
        self.mode = QComboBox(self)
        self.mode.setObjectName("show-mode")
        for key, label in (("live", self.tr("Live")), ("rehearse", self.tr("Rehearse here")),
                           ("dry_run", self.tr("Dry run"))):
            self.mode.addItem(label, key)
        self.mode.setToolTip(self.tr(
            "Live: the show runs for real and is resumed after a restart.\n"
            "Rehearse here: faster, against this room (e.g. a Studio room), not resumed.\n"
            "Dry run: faster, in a rehearsal room of its own with a simulated audience; nothing reaches the "
            "live room, and cues that are not finished are left out."))
        self.mode.currentIndexChanged.connect(lambda _i: self._mode_changed())
        self.speed = QComboBox(self)
        for s in (1, 2, 5, 10):
            self.speed.addItem(f"{s}×", float(s))
        self.speed.setCurrentIndex(3)
        self.speed.currentIndexChanged.connect(lambda _i: self.runner.set_speed(self.speed.currentData()))
        self.start_button = QPushButton(self.tr("Start show"), self)
        self.start_button.setObjectName("start-show")
        self.start_button.clicked.connect(self.start)
        self.end_button = QPushButton(self.tr("End show"), self)
        self.end_button.clicked.connect(lambda: confirm.end_show(self.window, self.runner))
        # Two rows: the column is ~420 px on a 1366 px screen.
        # The mode and the speed go under Open and Edit where the column is narrow (1093 px window).
        first_line, first = flow_row(self)
        second = QHBoxLayout()
        as_wide_as_text(open_button, self.edit_button, self.start_button, self.end_button)
        first.addWidget(open_button)
        first.addWidget(self.edit_button)
        first.addStretch(1)
        first.addWidget(self.mode)
        first.addWidget(self.speed)
        second.addWidget(self.start_button)
        second.addWidget(self.end_button)
        second.addStretch(1)
        top = QVBoxLayout()
        top.addWidget(first_line)
        top.addLayout(second)
        return top

    def _build_card(self) -> None:
        """The current segment, big: title, countdown, elapsed, ahead/behind, what comes next."""
        self.card = QFrame(self)
        self.card.setObjectName("timeline-card")
        self.segment_title = plain_label("", self.card)
        f = QFont(self.segment_title.font())
        f.setPointSizeF(f.pointSizeF() * 1.4)
        f.setBold(True)
        self.segment_title.setFont(f)
        self.segment_title.setWordWrap(True)
        self.countdown = plain_label("--:--", self.card)
        self.countdown.setObjectName("countdown")
        cf = QFont(self.countdown.font())
        cf.setPointSizeF(cf.pointSizeF() * 3.2)
        cf.setBold(True)
        cf.setStyleHint(QFont.StyleHint.Monospace)
        self.countdown.setFont(cf)
        self.countdown.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.elapsed = plain_label("", self.card)
        self.offset = plain_label("", self.card)
        self.offset.setObjectName("show-offset")
        self.next_label = plain_label("", self.card, wrap=True)
        grid = QGridLayout(self.card)
        grid.addWidget(self.segment_title, 0, 0, 1, 1)
        grid.addWidget(self.countdown, 0, 1, 2, 1)
        grid.addWidget(self.elapsed, 1, 0)
        grid.addWidget(self.offset, 2, 0)
        grid.addWidget(self.next_label, 3, 0, 1, 2)
        grid.setColumnStretch(0, 1)


    def _build_navigation(self) -> QWidget:
        """Previous, next, skip the next segment, extend this one."""
        self.prev_button = QToolButton(self)   # a glyph: a push button would be 80 px wide for it
        self.prev_button.setText("◀")
        self.prev_button.setAccessibleName(self.tr("Previous segment"))
        self.prev_button.setToolTip(self.tr("Previous segment (Shift+F7)"))
        self.prev_button.clicked.connect(self.runner.previous)
        self.next_button = QPushButton(self.tr("Next ▶ (F7)"), self)
        self.next_button.setObjectName("next-segment")
        self.next_button.setToolTip(self.tr("Next segment (F7)"))
        self.next_button.clicked.connect(self.runner.next)
        self.skip_button = QPushButton(self.tr("Skip next"), self)
        self.skip_button.clicked.connect(self.skip_next)
        self.extend_spin = spin_box(self, -30, 60, 1, self.tr(" min"))
        self.extend_button = QPushButton(self.tr("Extend (F6)"), self)
        self.extend_button.setToolTip(self.tr("Give this segment more time (F6); a negative value shortens it"))
        self.extend_button.clicked.connect(lambda: self.runner.extend(self.extend_spin.value() * 60))
        as_wide_as_text(self.next_button, self.skip_button, self.extend_button)
        # Extend goes under the rest where the column is narrow (1093 px window), not off its edge.
        line, nav = flow_row(self)
        for w in (self.prev_button, self.next_button, self.skip_button):
            nav.addWidget(w)
        nav.addStretch(1)
        nav.addWidget(self.extend_spin)
        nav.addWidget(self.extend_button)
        return line

    def _build_go_box(self) -> None:
        """The GO button for the cue that waits for a go (F9), and under it, whole, what that cue does:
        the assistant sees which coupon or sale they fire before they press."""
        self.go_box = QFrame(self)
        self.go_box.setObjectName("go-box")
        self.go_button = QPushButton(self.go_box)
        self.go_button.setObjectName("go-cue")
        self.go_button.setMinimumHeight(48)
        gf = QFont(self.go_button.font())
        gf.setPointSizeF(gf.pointSizeF() * 1.3)
        gf.setBold(True)
        self.go_button.setFont(gf)
        self.go_button.setStyleSheet("QPushButton { background: #2e7d32; color: white; border-radius: 6px; "
                                     "padding: 6px 12px; text-align: left; }")
        self.go_button.clicked.connect(self.go)
        self.go_button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.go_button.setMinimumWidth(160)
        self.dismiss_button = QPushButton(self.tr("Dismiss"), self.go_box)
        self.dismiss_button.clicked.connect(self.dismiss)
        # The cue's action in full, wrapped: a long one makes the box taller, never the panel wider.
        self.go_cue = plain_label("", self.go_box, wrap=True)
        self.go_cue.setObjectName("go-cue-text")
        cf = QFont(self.go_cue.font())
        cf.setPointSizeF(cf.pointSizeF() * 1.15)
        cf.setBold(True)
        self.go_cue.setFont(cf)
        self.go_cue.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.go_cue.setStyleSheet("color: #1b5e20; border-left: 4px solid #2e7d32; padding-left: 6px;")
        gl = QGridLayout(self.go_box)
        gl.setContentsMargins(0, 0, 0, 0)
        gl.addWidget(self.go_button, 0, 0)
        gl.addWidget(self.dismiss_button, 0, 1)
        gl.addWidget(self.go_cue, 1, 0, 1, 2)
        gl.setColumnStretch(0, 1)
        self.go_box.hide()
        self._awaiting_id: str | None = None

    def show_go(self, button: str, cue: str, tooltip: str) -> None:
        """The GO box for a cue: `button` on the button, `cue` (what it does) in full under it."""
        self.go_button.setText(button)
        self.go_cue.setText(cue)
        self.go_button.setToolTip(plain_tooltip(tooltip))
        self.go_cue.setToolTip(plain_tooltip(tooltip))
        self.go_box.show()


    def _build_cue_list(self) -> None:
        """The cues of this segment; one can be fired by hand."""
        self.cue_list = wrapped_list(QListWidget(self))
        self.cue_list.setObjectName("segment-cues")
        self.cue_list.setMaximumHeight(120)
        self.cue_list.setMinimumHeight(44)
        self.cue_list.itemDoubleClicked.connect(self._fire_item)
        self.fire_button = QPushButton(self.tr("Fire selected cue"), self)
        self.fire_button.clicked.connect(lambda: self._fire_item(self.cue_list.currentItem()))


    def _build_message(self) -> QHBoxLayout:
        """A message to the anchor, for the presenter view."""
        self.message = QLineEdit(self)
        self.message.setPlaceholderText(self.tr("Message to the anchor (shown on the presenter view)…"))
        self.message.returnPressed.connect(self.send_message)
        send = QPushButton(self.tr("Send"), self)
        send.clicked.connect(self.send_message)
        msg_row = QHBoxLayout()
        msg_row.addWidget(self.message, 1)
        msg_row.addWidget(send)

        return msg_row

    def _build_segments(self) -> None:
        """All segments with planned and projected starts."""
        self.segments_model = TimelineSegmentsModel(self)
        self.segments_view = QTableView(self)
        self.segments_view.setModel(self.segments_model)
        self.segments_view.setMinimumHeight(60)
        row_table(self.segments_view, fit=(1, 2, 3, 4), editable=True)


    # ------------------------------------------------------------------ rendering

    def _mode_changed(self) -> None:
        self.speed.setEnabled(self.mode.currentData() != "live")

    def start(self) -> None:
        if self.session.crew.show.following:   # the button is off then; F-keys and scripts land here
            return
        mode, speed = self.mode.currentData(), self.speed.currentData()
        if mode == "dry_run":
            if not self.session.rehearsal.available():
                self.window.notify(self.tr("A dry run needs a Studio connection: this platform has no rehearsal "
                                           "rooms. Rehearse here instead."), level="warning", timeout_ms=10000)
                return
            self.session.tasks.spawn(self.session.rehearsal.enter(speed, translate=tr_text), name="dry-run",
                                     key="dry-run")
        else:   # a live show another seat ran until it went goes on from where it stands
            self.runner.start(rehearse=mode == "rehearse", speed=speed,
                              taking_over=self.session.crew.show.take_over_point(self.runner.show))

    def _show_changed(self) -> None:
        r = self.runner
        if r.resuming:   # (a file opened meanwhile is refused: the run coming back wins)
            self.show_label.setText(self.tr("Resuming the show that was running…"))
        elif r.show is None:
            self.show_label.setText(self.tr("No show loaded: open a show file (.show.toml) or write one in the "
                                            "editor."))
        else:
            name = r.show_path.name if r.show_path else self.tr("(not saved)")
            self.show_label.setText(f"{r.show.title} — {name}")

    def _resuming_changed(self, resuming: bool) -> None:
        """A show the console stopped in is read back (off the ui thread): said, and Start waits."""
        self._show_changed()
        engine = self.runner.engine
        self.render(engine.snapshot() if engine is not None else None)

    def render(self, snap) -> None:
        r = self.runner
        if snap is None:   # a show loaded, not started: its segments as planned, not an empty list
            snap = r.preview()
        live = snap is not None and snap.phase is RunPhase.LIVE
        self.start_button.setEnabled(r.show is not None and not live and not r.resuming
                                     and not self.session.crew.show.following)
        self.mode.setEnabled(not live)
        self.end_button.setEnabled(live)
        for w in (self.prev_button, self.next_button, self.skip_button, self.extend_button, self.fire_button):
            w.setEnabled(live)
        if snap is None:
            self.segment_title.setText(self.tr("Not running"))
            self.countdown.setText("--:--")
            self.countdown.setStyleSheet("color: #9e9e9e;")
            self.elapsed.setText("")
            self.offset.setText("")
            self.next_label.setText("")
            self.go_box.hide()
            self.cue_list.clear()
            self._last_cue_key = None   # the next snapshot fills the list again, even one like the last
            self.segments_model.show_timings([])
            return
        self.segments_model.show_timings(snap.segments)
        if snap.phase is RunPhase.READY:
            first = snap.segments[0] if snap.segments else None
            self.segment_title.setText(self.tr("Ready: {n} segments, planned {length}").format(
                n=len(snap.segments), length=format_clock(snap.planned_end - (first.planned_start if first else 0))))
            self.countdown.setText("--:--")
            self.countdown.setStyleSheet("color: #9e9e9e;")
            self.elapsed.setText("")
            self.offset.setText("")
        elif snap.phase is RunPhase.ENDED:
            self.segment_title.setText(self.tr("The show has ended"))
            self.countdown.setText("00:00")
            self.countdown.setStyleSheet("color: #9e9e9e;")
        if snap.current is not None and snap.remaining_s is not None:
            index = next((i for i, t in enumerate(snap.segments) if t.segment_id == snap.current.segment_id), 0)
            prefix = self.tr("REHEARSAL · ") if r.rehearsing else ""
            self.segment_title.setText(f"{prefix}{index + 1}/{len(snap.segments)} {snap.current.title}")
            self.countdown.setText(format_countdown(snap.remaining_s))
            self.countdown.setStyleSheet(f"color: {STATUS_COLORS[snap.status]};")
            self.elapsed.setText(self.tr("{elapsed} of {planned}").format(
                elapsed=format_clock(snap.elapsed_s or 0), planned=format_clock(snap.current.duration_s)))
        if snap.phase is not RunPhase.READY:
            text = offset_text(snap.show_offset_s)
            self.offset.setText(self.tr("Show: {offset} · ends {time}").format(offset=text,
                                                                             time=clock_of(snap.projected_end)))
            color = GREEN if on_time(snap.show_offset_s) else (RED if snap.show_offset_s > 0 else BLUE)
            self.offset.setStyleSheet(f"color: {color}; font-weight: bold;")
        if snap.next is not None:
            how = self.tr("fixed start") if snap.next.hard else self.tr("follows on")
            self.next_label.setText(self.tr("Next: {title} at {time} ({how})").format(
                title=snap.next.title, time=clock_of(snap.next.projected_start), how=how))
        else:
            self.next_label.setText(self.tr("Next: —") if snap.phase is RunPhase.LIVE else "")
        # The GO button: the oldest cue awaiting confirmation.
        if snap.awaiting:
            view = snap.awaiting[0]
            self._awaiting_id = view.cue_id
            more = len(snap.awaiting) - 1
            button = self.tr("GO (F9)")
            if more:
                button += "  " + self.tr("(+{n} waiting)").format(n=more)
            self.show_go(button, tr_text(cue_action(view.description)), tr_text(view.description))
        else:
            self._awaiting_id = None
            self.go_box.hide()
        self._render_cues(snap)

    def _render_cues(self, snap) -> None:
        """The cues of the segment on air, redrawn only when one of them changed."""
        cue_key = tuple((v.cue_id, v.state) for v in snap.cues if snap.current and v.segment_id == snap.current.segment_id)
        if cue_key != self._last_cue_key:
            self._last_cue_key = cue_key
            self.cue_list.clear()
            for v in snap.cues:
                if snap.current is None or v.segment_id != snap.current.segment_id:
                    continue
                item = QListWidgetItem(cue_line(v.state, v.due_at, v.mode, v.description))
                item.setData(Qt.ItemDataRole.UserRole, (v.cue_id, v.state))
                if v.reason is not None:
                    item.setToolTip(plain_tooltip(tr_text(v.reason)))
                self.cue_list.addItem(item)

    # ------------------------------------------------------------------ actions

    def go(self) -> None:
        if self._awaiting_id is None:
            return
        follow = self.session.crew.show
        if follow.following:   # another seat calls the show: GO asks that seat (or is refused, with why)
            self.session.tasks.spawn(self._ask_caller(self._awaiting_id), name="crew-go", key="crew-go")
            return
        self.runner.confirm(self._awaiting_id)

    async def _ask_caller(self, cue_id: str) -> None:
        asked, why = await self.session.crew.show.request_go(cue_id)
        if asked:
            self.window.show_status(self.tr("GO asked of the show caller's seat"), 5000)
        else:
            self.window.notify(self.tr("GO was not asked: {why}").format(why=tr_text(why) if why else ""),
                               level="warning", timeout_ms=10000, key="crew-go")

    def dismiss(self) -> None:
        if self._awaiting_id is not None:
            self.runner.dismiss(self._awaiting_id)

    def _fire_item(self, item) -> None:
        if item is None or item.data(Qt.ItemDataRole.UserRole) is None:   # a followed show's: fired on its seat
            return
        cue_id, state = item.data(Qt.ItemDataRole.UserRole)
        if state in (CueState.FAILED, CueState.UNKNOWN):
            self.runner.retry(cue_id)
        elif state is CueState.AWAITING:
            self.runner.confirm(cue_id)
        elif not state.fired:
            self.runner.fire(cue_id)

    def skip_next(self) -> None:
        engine = self.runner.engine
        if engine is None:
            return
        snap = engine.snapshot()
        if snap.next is not None:
            self.runner.skip(snap.next.segment_id)

    def send_message(self) -> None:
        text = self.message.text().strip()
        if text:
            self.runner.anchor_message.emit(text)
            self.message.clear()
            self.window.show_status(self.tr("Sent to the presenter view"), 3000)

    def open_show(self) -> None:
        start = str(self.runner.show_path.parent) if self.runner.show_path else str(Path.home())
        dialog = QFileDialog(self, self.tr("Open a show"), start, self.tr("Shows (*.show.toml *.toml)"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(lambda path: self.load(Path(path)))
        dialog.open()

    def load(self, path: Path):
        """Load a show file to run, read off the ui thread (a newer choice replaces a read under
        way); the label says which file is being opened meanwhile. The task, for tests."""
        self.show_label.setText(self.tr("Opening “{file}”…").format(file=path.name))
        return self.session.tasks.spawn(self._load(path), name="show-load", key="timeline-show-load")

    async def _load(self, path: Path) -> bool:
        try:
            return await self.runner.open(path)
        finally:
            if not asyncio.current_task().cancelling():   # (replaced by a newer read: that one says it opens)
                self._show_changed()   # the show loaded, or the one before it (its problems are said)
