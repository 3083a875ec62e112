"""The console window: the room header with live figures, notifications, the shelf in the middle,
and docks for promotions, the journal and the other panels. Dock layout and window size persist
between runs."""

from __future__ import annotations

import logging

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QFont, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QMainWindow,
    QMenu,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from anchor_console import APP_NAME
from anchor_console.domain.capabilities import Capability
from anchor_console.domain.models import RoomStatus
from anchor_console.domain.money import format_fen
from anchor_console.platforms.base import StreamStatus
from anchor_console.room.room_state import Aspect
from anchor_console.settings import config_dir
from anchor_console.ui.actions import RoomActions
from anchor_console.ui.catalog import Catalog
from anchor_console.ui.images import ImageCache
from anchor_console.ui.widgets import FigureTile, NotificationBar, Throttle, gate, plain_label

log = logging.getLogger("anchor_console.ui.window")
LAYOUT_VERSION = 1


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


class MainWindow(QMainWindow):
    close_requested = Signal()

    def __init__(self, console) -> None:
        super().__init__()
        self.console = console
        self._may_close = False
        self.setWindowTitle(APP_NAME + " · 中控台")
        self.setObjectName("main-window")
        self.setDockOptions(QMainWindow.DockOption.AnimatedDocks | QMainWindow.DockOption.AllowTabbedDocks
                            | QMainWindow.DockOption.AllowNestedDocks)
        self.images = ImageCache(console, size=64, parent=self)
        self.catalog = Catalog(self)
        self.actions = RoomActions(console, self)
        self.panels: dict[str, QWidget] = {}
        self.docks: dict[str, QDockWidget] = {}
        self.extra_actions: list[tuple[str, QAction]] = []   # ("file" | "room" | "view", action)
        self.dock_areas: dict[str, Qt.DockWidgetArea] = {}
        self.tab_groups: list[list[str]] = []   # docks that share one area as tabs (first one in front)

        from anchor_console.ui.journal_panel import JournalPanel
        from anchor_console.ui.promotions_panel import PromotionsPanel
        from anchor_console.ui.shelf_panel import ShelfPanel

        central = QWidget(self)
        self.header = RoomHeader(central)
        self.notifications = NotificationBar(central)
        self.shelf = ShelfPanel(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.header)
        layout.addWidget(self.notifications)
        layout.addWidget(self.shelf, 1)
        self.setCentralWidget(central)

        self.promotions = PromotionsPanel(self)
        promotions_scroll = QScrollArea(self)  # at 1366×768 the form must scroll, not push the window taller
        promotions_scroll.setWidgetResizable(True)
        promotions_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        promotions_scroll.setWidget(self.promotions)
        promotions_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.journal_panel = JournalPanel(self)
        self.add_dock("promotions", self.tr("Promotions"), promotions_scroll, Qt.DockWidgetArea.RightDockWidgetArea)
        self.panels["promotions"] = self.promotions
        self.add_dock("journal", self.tr("Journal"), self.journal_panel, Qt.DockWidgetArea.BottomDockWidgetArea)
        self._extra_panels()

        self.stream_label = plain_label("", self)
        self.statusBar().addPermanentWidget(self.stream_label)
        self._build_menus()

        # Many events in a burst (orders, claims) refresh each part at most ~5 times a second.
        self._dirty: set[Aspect] = set()
        self._refresh_timer = Throttle(200, self._refresh_dirty, self)

        console.room_changed.connect(self.set_room)
        console.status_message.connect(self.show_status)
        console.problem.connect(self._problem)
        screen = self.screen().availableGeometry() if self.screen() else None
        if screen is not None:
            self.resize(min(2200, int(screen.width() * 0.94)), min(1400, int(screen.height() * 0.92)))
        else:
            self.resize(1280, 720)
        self.restore_layout()
        self.set_room(None)

    def _extra_panels(self) -> None:
        """Panels of the other capabilities (comments, run of show) plug in here when present."""
        try:
            from anchor_console.ui.panels import install_panels
        except ImportError:
            return
        install_panels(self)

    # ------------------------------------------------------------------ docks and layout

    def add_dock(self, key: str, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock-{key}")
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable)
        self.addDockWidget(area, dock)
        self.dock_areas[key] = area
        self.docks[key] = dock
        self.panels[key] = widget
        return dock

    def _layout_settings(self) -> QSettings:
        return QSettings(str(config_dir() / "window.ini"), QSettings.Format.IniFormat)

    def save_layout(self) -> None:
        s = self._layout_settings()
        s.setValue("version", LAYOUT_VERSION)
        s.setValue("geometry", self.saveGeometry())
        s.setValue("state", self.saveState(LAYOUT_VERSION))
        s.sync()

    def restore_layout(self) -> None:
        s = self._layout_settings()
        self._layout_restored = False
        if int(s.value("version", 0) or 0) != LAYOUT_VERSION:
            return
        geometry, state = s.value("geometry"), s.value("state")
        if geometry is not None:
            self.restoreGeometry(geometry)
        if state is not None:
            self._layout_restored = self.restoreState(state, LAYOUT_VERSION)

    def default_dock_sizes(self) -> None:
        """First run: the shelf gets most of the window, the journal a strip, promotions a column."""
        width, height = self.width(), self.height()
        if "promotions" in self.docks:
            self.resizeDocks([self.docks["promotions"]], [max(380, int(width * 0.34))], Qt.Orientation.Horizontal)
        if "journal" in self.docks:
            self.resizeDocks([self.docks["journal"]], [max(140, int(height * 0.22))], Qt.Orientation.Vertical)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not getattr(self, "_sized_once", False):
            self._sized_once = True
            if not self._layout_restored:
                QTimer.singleShot(0, self.default_dock_sizes)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        connections = QAction(self.tr("&Connections…"), self)
        connections.triggered.connect(self.open_connections)
        file_menu.addAction(connections)
        prefs = QAction(self.tr("&Settings…"), self)
        prefs.setShortcut(QKeySequence.StandardKey.Preferences)
        prefs.triggered.connect(self.open_settings)
        file_menu.addAction(prefs)
        file_menu.addSeparator()
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        for where, action in self.extra_actions:
            if where == "file":
                file_menu.insertAction(quit_action, action)
        self.room_menu = bar.addMenu(self.tr("&Room"))
        self.start_action = QAction(self.tr("Start the live room"), self)
        self.start_action.triggered.connect(lambda: self.actions.run("start_room", {}))
        self.end_action = QAction(self.tr("End the live room"), self)
        self.end_action.triggered.connect(self.confirm_end_room)
        self.mute_action = QAction(self.tr("Room-wide mute"), self)
        self.mute_action.setCheckable(True)
        self.mute_action.triggered.connect(lambda on: self.actions.run("set_room_mute", {"muted": on}))
        self.push_action = QAction(self.tr("Push URL for OBS…"), self)
        self.push_action.triggered.connect(self.show_push_url)
        for a in (self.start_action, self.end_action, self.mute_action, self.push_action):
            self.room_menu.addAction(a)

        self.view_menu: QMenu = bar.addMenu(self.tr("&View"))
        for dock in self.docks.values():
            self.view_menu.addAction(dock.toggleViewAction())
        for where, action in self.extra_actions:
            if where == "view":
                self.view_menu.addAction(action)
            elif where == "room":
                self.room_menu.addAction(action)
        self.view_menu.addSeparator()
        reset = QAction(self.tr("Reset layout"), self)
        reset.triggered.connect(self.reset_layout)
        self.view_menu.addAction(reset)

        help_menu = bar.addMenu(self.tr("&Help"))
        about = QAction(self.tr("About Anchor Console"), self)
        about.triggered.connect(self.show_about)
        help_menu.addAction(about)

    def show_dock(self, key: str) -> None:
        dock = self.docks.get(key)
        if dock is not None:
            dock.show()
            dock.raise_()

    def open_show_editor(self) -> None:
        opener = getattr(self, "_open_show_editor", None)
        if opener is not None:
            opener()

    def reset_layout(self) -> None:
        for key, dock in self.docks.items():
            dock.setFloating(False)
            dock.show()
            self.addDockWidget(self.dock_areas.get(key, Qt.DockWidgetArea.LeftDockWidgetArea), dock)
        for group in self.tab_groups:
            docks = [self.docks[k] for k in group if k in self.docks]
            for other in docks[1:]:
                self.tabifyDockWidget(docks[0], other)
            if docks:
                docks[0].raise_()
        QTimer.singleShot(0, self.default_dock_sizes)

    # ------------------------------------------------------------------ messages

    def notify(self, text: str, actions=(), *, level: str = "error", timeout_ms: int = 0) -> None:
        self.notifications.notify(text, list(actions), level=level, timeout_ms=timeout_ms)

    def _problem(self, text: str) -> None:
        self.notify(text)

    def show_status(self, text: str, timeout_ms: int = 0) -> None:
        self.statusBar().showMessage(text, timeout_ms)

    # ------------------------------------------------------------------ the room

    def set_room(self, room) -> None:
        if room is not None:
            room.listeners.append(self._on_room_event)
            self.console.tasks.spawn(self.catalog.refresh(room), name="catalog", key="catalog")
        else:
            self.catalog.clear()
        for aspect in (Aspect.ROOM, Aspect.SHELF, Aspect.COUPONS, Aspect.FLASH_SALES, Aspect.STATS, Aspect.STREAM):
            self._dirty.add(aspect)
        self._refresh_dirty()
        for panel in self.panels.values():
            hook = getattr(panel, "set_room", None)
            if hook is not None:
                hook(room)

    def _on_room_event(self, connection_id: str, aspect: Aspect, event) -> None:
        # Called for every event of the room (thousands a second in a busy one): keep it lean.
        if aspect is Aspect.COMMENT or aspect is Aspect.VIEWER or self.console.room is None:
            return
        if aspect is Aspect.STREAM:
            self._refresh_stream()  # connection state is shown at once
            return
        self._dirty.add(aspect)
        self._refresh_timer.poke()

    def _refresh_dirty(self) -> None:
        dirty, self._dirty = self._dirty, set()
        if Aspect.ROOM in dirty or Aspect.SHELF in dirty or Aspect.ORDER in dirty:
            self.shelf.refresh()
            self.promotions.refresh_products()
        if Aspect.ROOM in dirty:
            self.promotions.refresh_buttons()
            self._refresh_room_header()
        if Aspect.COUPONS in dirty:
            self.promotions.refresh_coupons()
        if Aspect.FLASH_SALES in dirty:
            self.promotions.refresh_flash_sales()
        if Aspect.STATS in dirty or Aspect.ORDER in dirty:
            self._refresh_stats()
        if Aspect.STREAM in dirty:
            self._refresh_stream()

    def _refresh_room_header(self) -> None:
        room = self.console.room
        state = room.state if room is not None else None
        r = state.room if state is not None else None
        self.header.title.setText(r.title if r else self.tr("Not connected"))
        self.header.set_badge(r.status if r else None)
        self.mute_action.setChecked(bool(r and r.mute_all))
        gate(self.mute_action, room, Capability.ROOM_MUTE)
        gate(self.start_action, room, Capability.ROOMS)
        gate(self.end_action, room, Capability.ROOMS)
        gate(self.push_action, room, Capability.ROOMS)
        if r is not None:
            self.start_action.setEnabled(self.start_action.isEnabled() and r.status is RoomStatus.SCHEDULED)
            self.end_action.setEnabled(self.end_action.isEnabled() and r.status is RoomStatus.LIVE)

    def _refresh_stats(self) -> None:
        room = self.console.room
        if room is None:
            for tile in self.header.tiles.values():
                tile.set_value("—")
            return
        stats = [s.stats for s in room.states.values()]
        self.header.tiles["online"].set_value(f"{sum(s.online for s in stats):,}")
        self.header.tiles["likes"].set_value(f"{sum(s.likes for s in stats):,}")
        self.header.tiles["comments"].set_value(f"{sum(s.comments for s in stats):,}")
        self.header.tiles["orders"].set_value(f"{sum(s.orders for s in stats):,}")
        self.header.tiles["gmv"].set_value(format_fen(sum(s.gmv_fen for s in stats)))

    def _refresh_stream(self) -> None:
        room = self.console.room
        if room is None:
            self.header.connection.setText(self.tr("Connecting…"))
            self.stream_label.setText("")
            return
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
        self.header.connection.setText(summary)
        self.header.connection.setStyleSheet(f"color: {color};")
        self.stream_label.setText(summary)

    # ------------------------------------------------------------------ dialogs

    def open_connections(self) -> None:
        from anchor_console.ui.connections_dialog import ConnectionsDialog

        dialog = ConnectionsDialog(self.console, self)
        dialog.open()

    def open_settings(self) -> None:
        from anchor_console.ui.settings_dialog import SettingsDialog

        SettingsDialog(self.console, self).open()

    def confirm_end_room(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("End the live room"),
                          self.tr("End the live broadcast now? Viewers can no longer buy, and this cannot be undone."),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.finished.connect(lambda r: r == QMessageBox.StandardButton.Yes and self.actions.run("end_room", {}))
        box.open()

    def show_push_url(self) -> None:
        from anchor_console.ui.settings_dialog import PushUrlDialog

        room = self.console.room
        if room is not None:
            PushUrlDialog(self.console, room, self).open()

    def show_about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        from anchor_console import __version__

        box = QMessageBox(QMessageBox.Icon.Information, self.tr("About Anchor Console"),
                          self.tr("Anchor Console {version}").format(version=__version__) + "\n" + self.tr(
                              "A console for live-commerce broadcasts: shelf and 讲解, coupons and flash sales, run of "
                              "show, comment moderation."), QMessageBox.StandardButton.Ok, self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.open()

    # ------------------------------------------------------------------ closing

    def stop_panels(self) -> None:
        """Shutting down: timers stop before the services they read are closed."""
        self._refresh_timer.stop()
        for obj in [*self.panels.values(), getattr(self, "show_runner", None), getattr(self, "presenter", None),
                    getattr(self, "show_editor", None)]:
            stop = getattr(obj, "stop", None)
            if callable(stop):
                stop()

    def allow_close(self) -> None:
        self._may_close = True

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._may_close:
            event.accept()
            return
        # The console's main coroutine drives shutdown; the window closes when it is done.
        event.ignore()
        self.close_requested.emit()

