"""Show-caller follow in the window: on a seat that follows another seat's show (`crew.show.following`)
the run-of-show panel and the presenter view draw the caller's show — segment, countdown (run on
this seat's clock from the caller's broadcasts), next segment and cue, messages to the anchor, the
segment table (the caller's segments, the one on air highlighted) — and
this seat's own Start is disabled with the reason. GO on a follower asks the caller's seat (see
`TimelinePanel.go`). Without a crew, or on the caller's own seat, nothing here draws anything."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, QTimer
from PySide6.QtWidgets import QListWidgetItem

from anchor_console.domain.events import unsubscribe_all
from anchor_console.domain.clock import format_clock, format_countdown
from anchor_console.session.show_follow import FollowerView
from anchor_console.show import RunPhase
from anchor_console.ui.common.i18n import tr_text
from anchor_console.ui.common.widgets import plain_tooltip
from anchor_console.ui.crew.roles import staff_name_text

translate = QCoreApplication.translate

TICK_MS = 500


def following_reason(view: FollowerView) -> str:
    return translate("ShowFollow", "Following {name}'s show: it is started and run on that seat.").format(
        name=staff_name_text(view.caller_name))


def render_timeline(panel, view: FollowerView) -> None:
    """The run-of-show panel of a follower."""
    from anchor_console.ui.show.timeline_panel import STATUS_COLORS, offset_text

    live = view.phase is RunPhase.LIVE
    panel.start_button.setEnabled(False)
    panel.start_button.setToolTip(plain_tooltip(following_reason(view)))
    panel.mode.setEnabled(False)
    for w in (panel.end_button, panel.prev_button, panel.next_button, panel.skip_button, panel.extend_button,
              panel.fire_button):
        w.setEnabled(False)
    panel.show_label.setText(translate("ShowFollow", "Following the show called on {name}'s seat").format(
        name=staff_name_text(view.caller_name)))
    if view.phase is RunPhase.ENDED:
        panel.segment_title.setText(translate("TimelinePanel", "The show has ended"))   # the caller's panel's words
    else:
        panel.segment_title.setText(view.segment_title or translate("TimelinePanel", "Not running"))
    if live and view.remaining_s is not None:   # an overrun counts below zero, as on the caller's seat
        panel.countdown.setText(format_countdown(view.remaining_s))
        panel.countdown.setStyleSheet(f"color: {STATUS_COLORS[view.status]};")
        panel.elapsed.setText(translate("ShowFollow", "{elapsed} into the segment").format(
            elapsed=format_clock(view.elapsed_s or 0)))
    else:
        panel.countdown.setText("--:--")
        panel.countdown.setStyleSheet("color: #9e9e9e;")
        panel.elapsed.setText("")
    offset = translate("ShowFollow", "Show: {offset}").format(offset=offset_text(view.show_offset_s))
    panel.offset.setText(offset if live else "")
    parts = [translate("ShowFollow", "Next: {title}").format(title=view.next_title)] if view.next_title else []
    if view.next_cue is not None:
        parts.append(translate("ShowFollow", "next cue: {cue}").format(cue=tr_text(view.next_cue)))
    panel.next_label.setText(" · ".join(parts))
    panel.segments_model.show_timings(view.segments)   # the caller's run of show, read-only here
    if view.awaiting:
        cue_id, text = view.awaiting[0]
        panel._awaiting_id = cue_id
        from anchor_console.ui.show.timeline_panel import cue_action

        asks = translate("ShowFollow", "GO (F9), asks {name}").format(name=staff_name_text(view.caller_name))
        panel.show_go(asks, tr_text(cue_action(text)), tr_text(text))
        panel.dismiss_button.setEnabled(False)   # only the caller's seat dismisses a cue
    else:
        panel._awaiting_id = None
        panel.go_box.hide()
    key = ("follow", view.segment_id, view.messages)
    if key != panel._last_cue_key:
        panel._last_cue_key = key
        panel.cue_list.clear()
        for text in view.messages:
            line = translate("ShowFollow", "To the anchor: {text}").format(text=text)
            panel.cue_list.addItem(QListWidgetItem(line))


def render_presenter(presenter, view: FollowerView) -> None:
    """The presenter view of a follower (the anchor's screen on another machine)."""
    from anchor_console.ui.show.presenter_view import COLORS, DIM

    presenter.title.setText(view.segment_title or translate("PresenterView", "No show running"))
    if view.phase is RunPhase.LIVE and view.remaining_s is not None:
        presenter.countdown.setText(format_countdown(view.remaining_s))
        presenter.countdown.setStyleSheet(f"color: {COLORS[view.status]};")
    else:
        presenter.countdown.setText("--:--" if view.phase is not RunPhase.ENDED else "00:00")
        presenter.countdown.setStyleSheet(f"color: {DIM};")
    presenter.show_offset(view.show_offset_s)
    presenter.next_label.setText(presenter.tr("NEXT: {title}").format(title=view.next_title) if view.next_title
                                 else presenter.tr("Last segment"))
    if presenter._segment_id != ("follow", view.segment_id):
        presenter._segment_id = ("follow", view.segment_id)
        presenter.points.setPlainText(view.talking_points)


class ShowFollowing(QObject):
    """Keeps the follower's timeline and presenter view drawn while this seat follows a caller."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.show = window.session.crew.show
        self._was_following = False
        self._messages_seen = 0
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
        if view is None:
            if self._was_following:   # the caller stopped, or this seat left: back to this seat's own show
                self._was_following = False
                feature.timeline.start_button.setToolTip("")
                feature.timeline.dismiss_button.setEnabled(True)
                feature.timeline._last_cue_key = None
                feature.timeline._show_changed()
                engine = feature.timeline.runner.engine
                feature.timeline.render(engine.snapshot() if engine is not None else None)
                if feature.presenter is not None:
                    feature.presenter.render(None)
            return
        self._was_following = True
        render_timeline(feature.timeline, view)
        if feature.presenter is not None:
            render_presenter(feature.presenter, view)

    def _message(self, text) -> None:
        feature = self._show_feature()
        if feature is not None and feature.presenter is not None:
            feature.presenter.show_message(str(text))

    def stop(self) -> None:
        self._timer.stop()
        unsubscribe_all(self._unsubscribe)
