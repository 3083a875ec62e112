"""The crew dock: who else is on the room (staff name, role, machine, since when, last seen; a seat
that dropped out greyed as gone), which seat runs the automatic moderation rules and which one
calls the show. Without a crew (another platform, an older Studio) a plain line says why.

The crew feature also shapes the seat when it joins in a role it had not joined in before (the first
join of the session, or a join through another connection in another role): the anchor's seat opens the
presenter view, a moderator's brings the comment desk to the front and makes it wide. A rejoin in the
same role leaves the user's layout alone. While the room's Studio is out of reach a banner says so
(`ContactBanner`)."""

from __future__ import annotations

import datetime

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QDockWidget, QTableView, QVBoxLayout, QWidget

from anchor_console.domain.events import unsubscribe_all
from anchor_console.session.seats import SeatPresence
from anchor_console.ui.common.feature import FeatureBase
from anchor_console.ui.common.table_model import RowsModel
from anchor_console.ui.common.widgets import Throttle, every_second, plain_label, row_table
from anchor_console.ui.crew.follow import ContactBanner, ShowFollowing
from anchor_console.ui.crew.roles import role_title, staff_name_text

GREY = QColor("#8a8a8a")


def ago_text(seconds: float) -> str:
    if seconds < 3:
        return QCoreApplication.translate("CrewPanel", "now")
    if seconds < 120:
        return QCoreApplication.translate("CrewPanel", "{n} s ago").format(n=int(seconds))
    return QCoreApplication.translate("CrewPanel", "{n} min ago").format(n=int(seconds // 60))


class SeatsModel(RowsModel[SeatPresence]):
    NAME, ROLE, MACHINE, SINCE, SEEN = range(5)

    def __init__(self, times, parent=None) -> None:
        self.times = times   # the session's PlatformClock: a seat's times are on Studio's wall time
        super().__init__(parent)

    def headers(self) -> list[str]:
        return [self.tr("Name"), self.tr("Role"), self.tr("Machine"), self.tr("Since"), self.tr("Last seen")]

    def cell(self, p: SeatPresence, col: int, role: int):
        if role == Qt.ItemDataRole.DisplayRole:
            info = p.info
            if col == self.NAME:
                name = staff_name_text(info.staff_name, info.role)
                return name + ("  " + self.tr("(this seat)") if p.ours else "")
            if col == self.ROLE:
                return role_title(info.role)
            if col == self.MACHINE:
                return info.machine
            if col == self.SINCE:
                local = info.joined_at - self.times.wall_offset()
                return datetime.datetime.fromtimestamp(local).strftime("%H:%M")
            if col == self.SEEN:
                if p.gone:
                    return self.tr("gone")
                return ago_text(max(0.0, self.times.wall_now() - info.last_seen))
        if role == Qt.ItemDataRole.ForegroundRole and p.gone:
            return GREY
        if role == Qt.ItemDataRole.FontRole and p.ours:
            font = QFont()
            font.setBold(True)
            return font
        return None


class CrewPanel(QWidget):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.setObjectName("crew-panel")
        self.session = window.session
        self.crew = window.session.crew
        self.model = SeatsModel(self.session.platform_clock, self)
        self.view = QTableView(self)
        self.view.setObjectName("crew-seats")
        self.view.setModel(self.model)
        row_table(self.view, stretch=(SeatsModel.NAME, SeatsModel.MACHINE))
        self.none_line = plain_label("", self, wrap=True)
        self.none_line.setObjectName("crew-none")
        self.lease_line = plain_label("", self, wrap=True)
        self.lease_line.setObjectName("crew-lease")
        self.caller_line = plain_label("", self, wrap=True)
        self.caller_line.setObjectName("crew-caller")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.none_line)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.lease_line)
        layout.addWidget(self.caller_line)
        self._throttle = Throttle(250, self.reload, self)
        self._unsubscribe = [self.crew.seats_changed.connect(self._throttle.poke),
                             self.crew.moderation.lease_changed.connect(self._throttle.poke),
                             self.crew.show.followed.connect(self._throttle.poke),
                             self.crew.permissions_changed.connect(self._throttle.poke)]
        self._ticker = every_second(self._tick, self)   # "12 s ago" moves on by itself
        self.reload()

    def stop(self) -> None:
        self._ticker.stop()
        self._throttle.stop()
        unsubscribe_all(self._unsubscribe)

    def _tick(self) -> None:
        if self.isVisible():
            self.model.repaint_column(SeatsModel.SEEN)
            self.caller_line.setText(self.caller_text())

    def reload(self) -> None:
        crew = self.crew
        active = crew.active
        self.none_line.setVisible(not active)
        self.view.setVisible(active)
        self.lease_line.setVisible(active)
        self.caller_line.setVisible(active)
        if not active:
            self.none_line.setText(self.tr(
                "Crews need a Studio room: several consoles (seats) on one room see each other here, share "
                "the journal and follow one show caller. This room has no crew."))
            self.model.set_rows([])
            return
        self.model.set_rows(crew.seats(), identity=lambda p: p.info.seat_id)
        self.lease_line.setText(self.lease_text())
        self.caller_line.setText(self.caller_text())

    def lease_text(self) -> str:
        moderation = self.crew.moderation
        if moderation.holds:
            return self.tr("Automatic moderation rules act on: this seat")
        lease = moderation.lease
        if lease is None or not lease.seat_id:
            return self.tr("Automatic moderation rules act on: no seat (each seat only marks)")
        return self.tr("Automatic moderation rules act on: {name}'s seat").format(
            name=staff_name_text(lease.staff_name))

    def caller_text(self) -> str:
        show = self.crew.show
        if show.calling:
            return self.tr("Show caller: this seat")
        view = show.view()
        if view is not None:
            return self.tr("Show caller: {name}").format(name=staff_name_text(view.caller_name))
        return self.tr("Show caller: none")


class CrewFeature(FeatureBase):
    """The crew dock (tabbed with the journal), the shaping of the seat for its role, the lost-contact banner."""

    def __init__(self, window) -> None:
        self.window = window
        self.panel = CrewPanel(window)
        self.dock: QDockWidget = window.add_dock("crew", QCoreApplication.translate("MainWindow", "Crew"), self.panel,
                                                 Qt.DockWidgetArea.BottomDockWidgetArea, tab_with="journal",
                                                 scroll=True)
        self._shaped_for: str | None = None   # the role the seat was last shaped for
        self._unsubscribe = window.session.crew.permissions_changed.connect(self._joined)
        self.following = ShowFollowing(window)
        self.banner = ContactBanner(window)
        window.add_banner(self.banner)

    def _joined(self, allowed) -> None:
        """On a join in another role than the seat was last shaped for (the first join of the session,
        or a join as the anchor through File → Connections after the bundled Studio's assistant seat):
        shape the seat for it. A rejoin in the same role does not, so the user's own layout is not
        fought over."""
        crew = self.window.session.crew
        role = crew.role
        if allowed is None or role is None or role == self._shaped_for:
            return
        self._shaped_for = role
        QTimer.singleShot(0, lambda: self.shape_seat(role))

    def shape_seat(self, role: str) -> None:
        if role == "anchor":
            from anchor_console.ui.show.feature import ShowFeature
            show = self.window.features.get(ShowFeature)
            opener = getattr(show, "open_presenter", None)
            if callable(opener):
                opener()
        elif role == "moderator":
            dock = self.window.docks.get("comments")
            if dock is not None:
                dock.show()
                dock.raise_()
                self.window.resizeDocks([dock], [max(520, self.window.width() // 2)], Qt.Orientation.Horizontal)

    def stop(self) -> None:
        self._unsubscribe()
        self.following.stop()
        self.banner.stop()
        self.panel.stop()
