"""The room header: title, live badge, connection state and the live figures (online, likes,
comments, orders, GMV) — what an assistant glances at."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QVBoxLayout, QWidget

from anchor_console.domain.models import RoomStatus
from anchor_console.domain.money import format_fen
from anchor_console.platforms.base import StreamStatus
from anchor_console.ui.common.widgets import FigureTile, plain_label


class RoomHeader(QWidget):
    """Room title, live badge, connection state and the live figures."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.title = plain_label("", self)
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.badge = plain_label("", self)
        self.badge.setObjectName("live-badge")
        self.connection = plain_label("", self)
        self.connection.setObjectName("connection-state")
        self.tiles = {key: FigureTile(caption, self) for key, caption in (
            ("online", self.tr("Online")), ("likes", self.tr("Likes")), ("comments", self.tr("Comments")),
            ("orders", self.tr("Orders")), ("gmv", self.tr("GMV")))}
        left = QVBoxLayout()
        left.setSpacing(2)
        top = QHBoxLayout()
        top.addWidget(self.badge)
        top.addWidget(self.title, 1)
        left.addLayout(top)
        left.addWidget(self.connection)
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 6, 8, 2)
        row.addLayout(left, 1)
        for tile in self.tiles.values():
            row.addWidget(tile)

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

    def show_room(self, room) -> None:
        r = room.state.room if room is not None else None
        self.title.setText(r.title if r else self.tr("Not connected"))
        self.set_badge(r.status if r else None)

    def show_stats(self, room) -> None:
        if room is None:
            for tile in self.tiles.values():
                tile.set_value("—")
            return
        stats = [s.stats for s in room.states.values()]
        self.tiles["online"].set_value(f"{sum(s.online for s in stats):,}")
        self.tiles["likes"].set_value(f"{sum(s.likes for s in stats):,}")
        self.tiles["comments"].set_value(f"{sum(s.comments for s in stats):,}")
        self.tiles["orders"].set_value(f"{sum(s.orders for s in stats):,}")
        self.tiles["gmv"].set_value(format_fen(sum(s.gmv_fen for s in stats)))

    def show_stream(self, room) -> str:
        """Each connection's stream state, coloured by the worst; returns the summary line."""
        if room is None:
            self.connection.setText(self.tr("Connecting…"))
            return ""
        parts = []
        worst = StreamStatus.LIVE
        for state in room.states.values():
            text = {StreamStatus.CONNECTING: self.tr("connecting…"), StreamStatus.LIVE: self.tr("connected"),
                    StreamStatus.RECONNECTING: self.tr("reconnecting…"), StreamStatus.RESYNC: self.tr("resyncing…"),
                    StreamStatus.CLOSED: self.tr("disconnected")}[state.stream_status]
            if state.stream_status is not StreamStatus.LIVE:
                worst = state.stream_status
            parts.append(f"{state.platform_name}: {text}")
        summary = " · ".join(parts)
        color = "#2e7d32" if worst is StreamStatus.LIVE else ("#c62828" if worst is StreamStatus.CLOSED else "#ef6c00")
        self.connection.setText(summary)
        self.connection.setStyleSheet(f"color: {color};")
        return summary
