"""Show-caller follow in the window: on a seat that follows another seat's show (`crew.show.following`)
the run-of-show panel and the presenter view draw the caller's show — segment, countdown (run on
this seat's clock from the caller's broadcasts), a rehearsal as one with its speed, next segment and
cue, the cues of the segment on air with their state, the segment table (the caller's segments, the
one on air highlighted) — and this seat's own Start is disabled with the reason. GO on a follower
asks the caller's seat (see `TimelinePanel.go`). When contact with the show is lost (the room's
Studio out of reach, the caller's seat gone) both keep the show as last known, frozen and marked
so; the `ContactBanner` says Studio is out of reach. Without a crew, or on the caller's own seat,
nothing here draws anything."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, QTimer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QListWidgetItem

from anchor_console.domain.events import unsubscribe_all
from anchor_console.domain.clock import format_clock, format_countdown
from anchor_console.session.show_follow import STUDIO_LOST, FollowerView, LostContact
from anchor_console.show import RunPhase
from anchor_console.ui.common.i18n import tr_text
from anchor_console.ui.common.widgets import plain_label, plain_tooltip
from anchor_console.ui.crew.roles import staff_name_text
from anchor_console.ui.show.timeline_panel import clock_of

translate = QCoreApplication.translate

TICK_MS = 500
GREY = "#9e9e9e"


def following_reason(view: FollowerView) -> str:
    return translate("ShowFollow", "Following {name}'s show: it is started and run on that seat.").format(
        name=staff_name_text(view.caller_name))


def lost_text(lost: LostContact) -> str:
    """Why the show drawn is only as last known, and since when."""
    if lost.why == STUDIO_LOST:
        return translate("ShowFollow", "Lost contact with the Studio at {time} — showing what was last "
                                       "known").format(time=clock_of(lost.at))
    return translate("ShowFollow", "{name}'s seat left at {time} — showing what was last known").format(
        name=staff_name_text(lost.view.caller_name), time=clock_of(lost.at))


def rehearsal_text(view: FollowerView) -> str:
    from anchor_console.ui.show.presenter_view import speed_text

    return translate("ShowFollow", "REHEARSAL · {speed}").format(speed=speed_text(view.speed))


def render_timeline(panel, view: FollowerView, lost: LostContact | None = None) -> None:
    """The run-of-show panel of a follower; `lost`: the show as last known (frozen, marked, no GO)."""
    from anchor_console.ui.show.timeline_panel import STATUS_COLORS, offset_text

    live = view.phase is RunPhase.LIVE
    if lost is None:
        panel.start_button.setEnabled(False)
        panel.start_button.setToolTip(plain_tooltip(following_reason(view)))
    elif lost.why == STUDIO_LOST:   # the caller may well run on: a Start here would run the show twice
        panel.start_button.setEnabled(False)
        panel.start_button.setToolTip(plain_tooltip(lost_text(lost)))
    else:   # its caller left: nobody runs the show any more, this seat's Start (a take-over) is its own again
        panel.start_button.setEnabled(panel.runner.show is not None)
        panel.start_button.setToolTip("")
    panel.mode.setEnabled(False)
    for w in (panel.end_button, panel.prev_button, panel.next_button, panel.skip_button, panel.extend_button,
              panel.fire_button):
        w.setEnabled(False)
    if lost is not None:
        panel.show_label.setText(lost_text(lost))
        panel.show_label.setStyleSheet("color: #c62828; font-weight: bold;")
    else:
        panel.show_label.setText(translate("ShowFollow", "Following the show called on {name}'s seat").format(
            name=staff_name_text(view.caller_name)))
        panel.show_label.setStyleSheet("")
    if view.phase is RunPhase.ENDED:
        panel.segment_title.setText(translate("TimelinePanel", "The show has ended"))   # the caller's panel's words
    else:
        title = view.segment_title or translate("TimelinePanel", "Not running")
        panel.segment_title.setText(f"{rehearsal_text(view)} · {title}" if view.rehearsal and live else title)
    if live and view.remaining_s is not None:   # an overrun counts below zero, as on the caller's seat
        panel.countdown.setText(format_countdown(view.remaining_s))
        panel.countdown.setStyleSheet(f"color: {GREY if lost is not None else STATUS_COLORS[view.status]};")
        panel.elapsed.setText(translate("ShowFollow", "{elapsed} into the segment").format(
            elapsed=format_clock(view.elapsed_s or 0)))
    else:
        panel.countdown.setText("--:--")
        panel.countdown.setStyleSheet(f"color: {GREY};")
        panel.elapsed.setText("")
    offset = translate("ShowFollow", "Show: {offset}").format(offset=offset_text(view.show_offset_s))
    panel.offset.setText(offset if live else "")
    parts = [translate("ShowFollow", "Next: {title}").format(title=view.next_title)] if view.next_title else []
    if view.next_cue is not None:
        parts.append(translate("ShowFollow", "next cue: {cue}").format(cue=tr_text(view.next_cue)))
    panel.next_label.setText(" · ".join(parts))
    panel.segments_model.show_timings(view.segments)   # the caller's run of show, read-only here
    if view.awaiting and lost is None:
        cue_id, text = view.awaiting[0]
        panel._awaiting_id = cue_id
        from anchor_console.ui.show.timeline_panel import cue_action

        asks = translate("ShowFollow", "GO (F9), asks {name}").format(name=staff_name_text(view.caller_name))
        panel.show_go(asks, tr_text(cue_action(text)), tr_text(text))
        panel.dismiss_button.setEnabled(False)   # only the caller's seat dismisses a cue
    else:
        panel._awaiting_id = None
        panel.go_box.hide()
    render_cues(panel, view)


def render_cues(panel, view: FollowerView) -> None:
    """The cues of the segment on air with their state, as the caller's seat lists them (redrawn only
    when one changed). They cannot be fired here: the caller's seat fires them."""
    from anchor_console.ui.show.timeline_panel import cue_line

    key = ("follow", view.segment_id, tuple((c.cue_id, c.state) for c in view.cues))
    if key == panel._last_cue_key:
        return
    panel._last_cue_key = key
    panel.cue_list.clear()
    for cue in view.cues:
        item = QListWidgetItem(cue_line(cue.state, cue.due_at, cue.mode, cue.description))
        if cue.reason is not None:
            item.setToolTip(plain_tooltip(tr_text(cue.reason)))
        panel.cue_list.addItem(item)


def render_presenter(presenter, view: FollowerView, lost: LostContact | None = None) -> None:
    """The presenter view of a follower (the anchor's screen on another machine)."""
    from anchor_console.ui.show.presenter_view import COLORS, DIM, LOST_MARK

    live = view.phase is RunPhase.LIVE
    if lost is not None:
        presenter.set_mark(lost_text(lost), LOST_MARK)
    else:
        presenter.set_mark(presenter.rehearsal_mark(view.speed) if view.rehearsal and live else "")
    presenter.title.setText(view.segment_title or translate("PresenterView", "No show running"))
    if live and view.remaining_s is not None:
        presenter.countdown.setText(format_countdown(view.remaining_s))
        presenter.countdown.setStyleSheet(f"color: {DIM if lost is not None else COLORS[view.status]};")
    else:
        presenter.countdown.setText("--:--" if view.phase is not RunPhase.ENDED else "00:00")
        presenter.countdown.setStyleSheet(f"color: {DIM};")
    presenter.show_offset(view.show_offset_s)
    presenter.next_label.setText(presenter.tr("NEXT: {title}").format(title=view.next_title) if view.next_title
                                 else presenter.tr("Last segment"))
    if presenter._segment_id != ("follow", view.segment_id):
        presenter._segment_id = ("follow", view.segment_id)
        presenter.points.setPlainText(view.talking_points)


class ContactBanner(QFrame):
    """Across the middle of the window while the room's Studio is out of reach: since when, and what
    that means here (the header's cut-off "reconnecting…" is easily missed)."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.setObjectName("crew-contact-lost")
        self.setStyleSheet("QFrame#crew-contact-lost { background: #ffebee; border: 2px solid #c62828; "
                           "border-radius: 6px; } QLabel { color: #b71c1c; font-weight: bold; }")
        self.label = plain_label("", self, wrap=True)
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 8, 4)
        row.addWidget(self.label, 1)
        crew = window.session.crew
        self._unsubscribe = crew.contact_changed.connect(self.changed)
        self.changed(crew.contact_lost_at)

    def changed(self, lost_at: float | None) -> None:
        if lost_at is not None:
            self.label.setText(translate("ShowFollow", "Lost contact with the Studio at {time} — reconnecting. "
                                                       "Until it is back, actions on the room fail and the other "
                                                       "seats are not seen.").format(
                time=clock_of(lost_at)))
        self.setVisible(lost_at is not None)

    def stop(self) -> None:
        self._unsubscribe()


class ShowFollowing(QObject):
    """Keeps the follower's timeline and presenter view drawn while this seat follows a caller."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.show = window.session.crew.show
        self._was_following = False
        self._own_mode: tuple[int, int] | None = None   # this seat's mode and speed boxes, while it follows
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self.tick)
        self._timer.start()
        self._unsubscribe = [self.show.followed.connect(lambda _view: self.tick()),
                             self.show.anchor_message.connect(self._message)]

    def _show_feature(self):
        from anchor_console.ui.show.feature import ShowFeature

        return self.window.features.get(ShowFeature)

    def tick(self) -> None:
        feature = self._show_feature()
        if feature is None:
            return
        view = self.show.view() if self.show.following else None
        lost = self.show.stale() if view is None else None
        if lost is not None:
            view = lost.view
        if view is None:
            if self._was_following:   # the caller stopped, or this seat left: back to this seat's own show
                self._was_following = False
                self._show_mode(feature.timeline, None)
                feature.timeline.start_button.setToolTip("")
                feature.timeline.show_label.setStyleSheet("")
                feature.timeline.dismiss_button.setEnabled(True)
                feature.timeline._last_cue_key = None
                feature.timeline._show_changed()
                engine = feature.timeline.runner.engine
                feature.timeline.render(engine.snapshot() if engine is not None else None)
                if feature.presenter is not None:
                    feature.presenter.render(None)
            return
        self._was_following = True
        self._show_mode(feature.timeline, view)
        render_timeline(feature.timeline, view, lost)
        if feature.presenter is not None:
            render_presenter(feature.presenter, view, lost)

    def _show_mode(self, panel, view: FollowerView | None) -> None:
        """The mode and speed boxes say the caller's (a rehearsal at 10×, not "Live") while this seat
        follows; this seat's own choice is back when it stops. Set quietly: this seat runs nothing."""
        if view is not None and self._own_mode is None:
            self._own_mode = (panel.mode.currentIndex(), panel.speed.currentIndex())
        if view is None:
            own, self._own_mode = self._own_mode, None
            if own is None or panel.runner.running:   # a take-over runs as the boxes say: they stay
                return
            mode, speed = own
        else:
            mode = max(0, panel.mode.findData("rehearse" if view.rehearsal else "live"))
            speed = panel.speed.findData(float(view.speed))
            speed = speed if speed >= 0 else panel.speed.currentIndex()
        for box, index in ((panel.mode, mode), (panel.speed, speed)):
            box.blockSignals(True)
            box.setCurrentIndex(index)
            box.blockSignals(False)
        panel.speed.setEnabled(view is None and panel.mode.currentData() != "live")

    def _message(self, text) -> None:
        feature = self._show_feature()
        if feature is not None and feature.presenter is not None:
            feature.presenter.show_message(str(text))

    def stop(self) -> None:
        self._timer.stop()
        unsubscribe_all(self._unsubscribe)
