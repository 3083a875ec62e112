"""The room header: title, live badge, connection state and the live figures (online, likes,
comments, orders, GMV) — what an assistant glances at. The connection line is cut short to fit;
when it says something is wrong (could not connect, nothing to connect to, a connection closed),
a click on it (it ends in "Details…" then) asks for the whole message (`details_requested`: the
window shows it with Reconnect and Connections…)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QPainter, QPalette
from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QVBoxLayout, QWidget

from anchor_console.domain.models import ChatModes, RoomStatus
from anchor_console.domain.money import format_money
from anchor_console.platforms.base import StreamStatus
from anchor_console.room.commands import follow_duration
from anchor_console.session.connect_state import CONNECTING, ConnectState, Phase
from anchor_console.session.quota_watch import WARN_AT, local_time, used_up
from anchor_console.ui.common.i18n import tr_text
from anchor_console.ui.common.widgets import ElidedLabel, FigureTile, compact_count, plain_label, plain_tooltip


NAME_PX = 160   # a connection's name at most this wide in the line: its state must stay in sight
TEXT_BEFORE_LINK_PX = 160   # "Details…" is drawn only where it leaves the state this much room


class ConnectionLine(ElidedLabel):
    """The connection state, cut short to fit. While it has more to say (`clickable`) a click
    anywhere on it asks for the whole message, and where the line has the room it ends in a
    link-coloured "Details…" (`link`: drawn in the line's own width — a widget beside it made the
    window 58 px wider than a 1280 px screen; not drawn where it would hide the state itself)."""

    clicked = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__("", parent)
        self.clickable = False
        self.link = ""

    def set_clickable(self, link: str) -> None:
        """`link`: the words at the end that say a click shows more ("" : not clickable)."""
        self.clickable, self.link = bool(link), link
        if link:
            self.setCursor(Qt.CursorShape.PointingHandCursor)
        else:
            self.unsetCursor()
        # Reachable by Tab while it has more to say; Enter or Space then shows it, as a click does.
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus if link else Qt.FocusPolicy.NoFocus)
        self.update()

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if self.clickable and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.clicked.emit()
            return
        super().keyPressEvent(event)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().mouseReleaseEvent(event)
        if self.clickable and event.button() is Qt.MouseButton.LeftButton and self.rect().contains(
                event.position().toPoint()):
            self.clicked.emit()

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        metrics, rect = self.fontMetrics(), self.contentsRect()
        link_width = metrics.horizontalAdvance(" " + self.link) if self.link else 0
        if not self.link or rect.width() - link_width < TEXT_BEFORE_LINK_PX:
            super().paintEvent(event)   # too narrow for both: the state (a click still shows the rest)
            if self.hasFocus():
                focus = QPainter(self)
                focus.setPen(self.palette().color(QPalette.ColorRole.Link))
                focus.drawRect(rect.adjusted(0, 0, -1, -1))
            return
        painter = QPainter(self)
        flags = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextSingleLine)
        text = metrics.elidedText(self.text(), Qt.TextElideMode.ElideRight, rect.width() - link_width)
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawText(rect, flags, text)
        font = QFont(self.font())
        font.setUnderline(True)
        painter.setFont(font)
        painter.setPen(self.palette().color(QPalette.ColorRole.Link))
        link_rect = rect.adjusted(metrics.horizontalAdvance(text + " "), 0, 0, 0)
        painter.drawText(link_rect, flags, self.link)
        if self.hasFocus():   # where the keyboard is: around the link
            painter.drawRect(metrics.boundingRect(link_rect, flags, self.link).adjusted(-2, 0, 1, -1))


class RoomHeader(QWidget):
    """Room title, live badge, connection state and the live figures."""

    details_requested = Signal()   # the connection line's whole message, asked for (`details`)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.title = ElidedLabel("", self)
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.badge = plain_label("", self)
        self.badge.setObjectName("live-badge")
        self.muted_badge = plain_label(self.tr("ROOM MUTED"), self)
        self.muted_badge.setObjectName("muted-badge")
        self.muted_badge.setToolTip(self.tr("Room-wide mute is on: no viewer can comment (Room menu)."))
        self.muted_badge.setStyleSheet("background:#ff6f00; color:white; font-weight:bold; padding:2px 6px; "
                                       "border-radius:3px;")
        self.muted_badge.hide()
        # Slow / followers-only / shield mode, while any is on (Chat modes strip above the comments).
        self.chat_badge = plain_label("", self)
        self.chat_badge.setObjectName("chat-modes-badge")
        self.chat_badge.setStyleSheet("background:#6a1b9a; color:white; font-weight:bold; padding:2px 6px; "
                                      "border-radius:3px;")
        self.chat_badge.hide()
        # The anchor's video on the platform (Studio on Tencent Cloud Live): shown only where followed.
        self.video = plain_label("", self)
        self.video.setObjectName("video-state")
        self.video.hide()
        self.connection = ConnectionLine(self)
        self.connection.setObjectName("connection-state")
        self.connection.setMinimumWidth(16)   # its coloured dot at least; the words are in its tooltip
        self.connection.clicked.connect(self.details_requested)
        self.details = ""        # the whole of what the connection line says (plain text), for `details_requested`
        self.tiles = {key: FigureTile(caption, self, widest=widest) for key, caption, widest in (
            ("online", self.tr("Online"), "88,888"), ("likes", self.tr("Likes"), "88,888"),
            ("comments", self.tr("Comments"), "88,888"), ("orders", self.tr("Orders"), "88,888"),
            ("gmv", self.tr("GMV"), "¥88,888.88"))}
        # Without a room the figures say "—": once connecting failed they make way for why, in a line
        # as tall as they were (the header keeps its height).
        self.connection.setMinimumHeight(max(tile.sizeHint().height() for tile in self.tiles.values()))
        # The title has a line of its own (the middle column is ~550 px on a laptop); the
        # connection state and the figures share the second.
        top = QHBoxLayout()
        top.addWidget(self.badge)
        top.addWidget(self.muted_badge)
        top.addWidget(self.chat_badge)
        top.addWidget(self.video)
        top.addWidget(self.title, 1)
        figures = QHBoxLayout()
        figures.setSpacing(2)   # five tiles and the connection fit the middle column of a 1093 px window
        figures.addWidget(self.connection, 1)
        for tile in self.tiles.values():
            figures.addWidget(tile)
        column = QVBoxLayout(self)
        column.setContentsMargins(6, 2, 6, 1)   # a line or two more for the shelf in a 545-line window
        column.setSpacing(1)
        column.addLayout(top)
        column.addLayout(figures)

    def set_badge(self, status: RoomStatus | None) -> None:
        if status is RoomStatus.LIVE:
            self.badge.setText(self.tr("LIVE"))
            self.badge.setStyleSheet("background:#d32f2f; color:white; font-weight:bold; padding:2px 6px; "
                                     "border-radius:3px;")
        elif status is RoomStatus.ENDED:
            self.badge.setText(self.tr("ENDED"))
            self.badge.setStyleSheet("background:#616161; color:white; padding:2px 6px; border-radius:3px;")
        elif status is RoomStatus.SCHEDULED:
            self.badge.setText(self.tr("NOT LIVE"))
            self.badge.setStyleSheet("background:#1565c0; color:white; padding:2px 6px; border-radius:3px;")
        else:
            self.badge.setText("")
            self.badge.setStyleSheet("")

    def show_video(self, line) -> None:
        """The session's VideoLine (stream_video.py), or None where the video is not followed."""
        self.video.setVisible(line is not None)
        if line is None:
            return
        self.video.setText(tr_text(line.text))
        self.video.setToolTip(plain_tooltip(tr_text(line.tooltip)))
        style = {"ok": "color:#2e7d32; font-weight:bold;",
                 "bad": "background:#c62828; color:white; font-weight:bold; padding:2px 6px; border-radius:3px;",
                 "quiet": "color:#757575;"}.get(line.tone, "color:#ef6c00;")
        self.video.setStyleSheet(style)

    def show_room(self, room) -> None:
        r = room.state.room if room is not None else None
        self.title.setText(r.title if r else self.tr("Not connected"))
        self.set_badge(r.status if r else None)
        self.muted_badge.setVisible(bool(r and r.mute_all))
        self.show_chat_modes(room.chat_modes() if room is not None else ChatModes())

    def show_chat_modes(self, modes: ChatModes) -> None:
        parts = []
        if modes.slow_mode_s > 0:
            parts.append(self.tr("Slow {n} s").format(n=modes.slow_mode_s))
        if modes.followers_only_min == 0:
            parts.append(self.tr("Followers"))
        elif modes.followers_only_min is not None:
            parts.append(self.tr("Followers {duration}").format(duration=tr_text(
                follow_duration(modes.followers_only_min))))
        if modes.shield:
            parts.append(self.tr("Shield"))
        self.chat_badge.setText(" · ".join(parts))
        self.chat_badge.setToolTip(self.tr("Chat modes are on: viewers comment under limits (Chat modes, above the "
                                           "comments)."))
        self.chat_badge.setVisible(bool(parts))

    def show_stats(self, room) -> None:
        if room is None:
            for tile in self.tiles.values():
                tile.set_value("—")
            return
        stats = [s.stats for s in room.states.values()]
        for key in ("online", "likes", "comments", "orders"):
            n = sum(getattr(s, key) for s in stats)
            self.tiles[key].set_value(compact_count(n), f"{n:,}")
        gmv = sum(s.gmv_fen for s in stats)
        exact = format_money(gmv)
        self.tiles["gmv"].set_value(exact if gmv < 10_000_000 else "¥" + compact_count(gmv // 100), exact)

    def show_waiting(self, waiting: ConnectState) -> str:
        """No room: still connecting, failed and why, or nothing to connect to; returns the line."""
        if waiting.phase is Phase.CONNECTING:
            line, color = self.tr("Connecting…"), "#ef6c00"
        elif waiting.phase is Phase.FAILED:
            line, color = self.tr("Could not connect: {reason}").format(reason=tr_text(waiting.reason)), "#c62828"
        else:
            line, color = tr_text(waiting.reason), "#757575"
        self.connection.setText(line)
        self.connection.setStyleSheet(f"color: {color};")
        problem = waiting.phase is not Phase.CONNECTING
        self._say_details(line, problem=problem)
        self._show_figures(not problem)   # "—" everywhere says nothing: their room goes to why
        return line

    def _figures_stale(self, note: str) -> None:
        for tile in self.tiles.values():
            tile.set_stale(note)

    def _show_figures(self, on: bool) -> None:
        for tile in self.tiles.values():
            tile.setVisible(on)

    def _say_details(self, whole: str, *, problem: bool) -> None:
        """The whole message in the tooltip (and for Details…); while it says something is wrong, a
        click on the line shows it (a tooltip is gone as the pointer moves, and cannot be copied)."""
        self.details = whole
        hint = "\n\n" + self.tr("Click for the whole message, Reconnect and Connections.") if problem else ""
        self.connection.setToolTip(plain_tooltip(whole + hint))
        self.connection.set_clickable(self.tr("Details…") if problem else "")

    def _short_name(self, name: str) -> str:
        return self.connection.fontMetrics().elidedText(name, Qt.TextElideMode.ElideRight, NAME_PX)

    def show_stream(self, room, quota=(), waiting: ConnectState = CONNECTING) -> str:
        """Each connection's stream state, coloured by the worst, and the platforms' daily
        allowances in the tooltip (`quota`: the session's `QuotaWatch.report`); without a room,
        `waiting` (the session's connect state). Returns the summary line (state first, a long
        connection name cut short: the state is what must stay in sight)."""
        if room is None:
            return self.show_waiting(waiting)
        self._show_figures(True)
        parts, whole, needs_a_look, fine = [], [], [], []
        worst = StreamStatus.LIVE
        busy = {q.connection_id: q.worst for q in quota}
        words = {StreamStatus.CONNECTING: self.tr("connecting…"), StreamStatus.LIVE: self.tr("connected"),
                 StreamStatus.RECONNECTING: self.tr("reconnecting…"), StreamStatus.RESYNC: self.tr("resyncing…"),
                 StreamStatus.CLOSED: self.tr("disconnected")}
        for cid, state in room.states.items():
            text = words[state.stream_status]
            if state.stream_refused is not None and state.stream_status is not StreamStatus.LIVE:
                # A refused seat (a revoked or expired token) does not come back by waiting: say what to do.
                text = self.tr("{state} — {reason}").format(state=text, reason=tr_text(state.stream_refused))
            if state.stream_status is not StreamStatus.LIVE:
                worst = state.stream_status
            used = busy.get(cid)
            if used is not None and used >= WARN_AT:
                text = self.tr("{state}, quota {percent} %").format(state=text, percent=min(100, int(used * 100)))
            # the state first (a long name is cut, the state stays in sight); no brackets: a name often
            # has its own ("connected (Studio (demo))")
            parts.append(self.tr("{state}: {name}").format(state=text, name=self._short_name(state.platform_name)))
            whole.append(f"{state.platform_name}: {text}")
            if state.stream_status is StreamStatus.LIVE and (used is None or used < WARN_AT):
                # a dot says connected: room for the names at 1366 px
                fine.append(f"● {self._short_name(state.platform_name)}")
            else:
                needs_a_look.append(parts[-1])
        summary = " · ".join(parts)
        if len(fine) > 2:   # three or four names do not fit beside the title: the count (names in the tooltip)
            fine = [self.tr("● {count} connected").format(count=len(fine))]
        line = " · ".join(needs_a_look + fine)   # what needs a look first; every word in the tooltip
        if len(parts) == 1 and fine:
            line = "●"   # one platform, fine: a green dot (the words are in the tooltip and the status bar)
        self._figures_stale("" if worst is StreamStatus.LIVE else self.tr(
            "Last known: a connection is {state} (its figures are not coming in)").format(state=words[worst]))
        quota_worst = max((q.worst for q in quota if q.worst is not None), default=0.0)
        color = "#2e7d32" if worst is StreamStatus.LIVE else ("#c62828" if worst is StreamStatus.CLOSED else "#ef6c00")
        if quota_worst >= 1.0:
            color = "#c62828"
        elif quota_worst >= WARN_AT and worst is StreamStatus.LIVE:
            color = "#ef6c00"
        self.connection.setText(line)
        self.connection.setStyleSheet(f"color: {color};")
        allowances = self.quota_tooltip(quota)   # below the whole line (which the label may cut short)
        said = "\n".join(whole)   # every name whole, one connection a line
        closed = any(state.stream_status is StreamStatus.CLOSED for state in room.states.values())
        self._say_details(f"{said}\n\n{allowances}" if allowances else said, problem=closed)
        return summary

    def _allowance_title(self, q) -> str:
        reset = next((u.resets_at for u in q.uses if u.resets_at is not None), None)
        if any(u.units for u in q.uses):
            return self.tr("{platform} — quota units today (reset at {reset}, this computer's time):").format(
                platform=q.platform, reset=local_time(reset) if reset is not None else "?")
        return self.tr("{platform} — API calls today (reset at midnight, Beijing time):").format(platform=q.platform)

    def quota_tooltip(self, quota) -> str:
        """Per platform, each API's calls today against its daily limit."""
        blocks = []
        for q in quota:
            lines = [self._allowance_title(q)]
            for use in q.uses:
                if use.units and use.daily_limit:
                    line = self.tr("{used} of {limit} units").format(used=f"{use.used_today:,}",
                                                                      limit=f"{use.daily_limit:,}")
                    if use.runs_out_at is not None and not used_up(use):
                        line += self.tr(" — at this pace they run out at {when}").format(
                            when=local_time(use.runs_out_at))
                elif use.daily_limit:
                    line = self.tr("{api}: {used} of {limit}").format(api=use.api, used=f"{use.used_today:,}",
                                                                      limit=f"{use.daily_limit:,}")
                else:
                    line = self.tr("{api}: {used} (no documented limit)").format(api=use.api,
                                                                                used=f"{use.used_today:,}")
                if used_up(use):
                    line += self.tr(" — used up")
                elif use.slowed_until is not None:
                    line += self.tr(" — slowed down for a minute")
                lines.append(line)
            blocks.append("\n".join(lines))
        return "\n\n".join(blocks)
