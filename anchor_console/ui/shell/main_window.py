"""The console window: the room header with live figures, notifications, the shelf in the middle
and docks around it. What goes in it is the feature registry's business (`features.py`); the
window gives features a narrow API — docks, menu actions, messages — tells them when the room
changes and when its aspects change (at most ~5 times a second), and stops them on close. Dock
layout and window size persist between runs."""

from __future__ import annotations

import asyncio
import logging
from typing import TypeVar

from PySide6.QtCore import QEvent, QObject, QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication, QDockWidget, QMainWindow, QMenu, QScrollArea, QStyle, QTabBar, QVBoxLayout, QWidget,
)

from anchor_console.domain.capabilities import Capability
from anchor_console.domain.events import Subscription
from anchor_console.domain.models import RoomStatus
from anchor_console.domain.notice import Notice
from anchor_console.room.commands import StartRoom
from anchor_console.room.live_room import LiveRoom
from anchor_console.room.room_state import Aspect
from anchor_console.session.console import ConsoleSession
from anchor_console.ui.common.i18n import tr_text
from anchor_console.ui.common.images import ImageCache
from anchor_console.ui.common.widgets import NotificationBar, Throttle, gate, plain_label
from anchor_console.ui.common import confirm
from anchor_console.ui.shell.features import FEATURES, Feature
from anchor_console.ui.shell.header import RoomHeader

log = logging.getLogger("anchor_console.ui.window")
LAYOUT_VERSION = 2   # 2: full-height side columns (layouts saved before are not restored)
SHORT_WINDOW = 680   # lines: shorter than a maximized window on a 768-line laptop screen
# Lines: a window (or a screen's, less a title bar) shorter than this — a 1366×768 laptop at 125 %
# leaves ~545 — gets the narrow layout: the journal's strip under the shelf (with Crew and Review)
# becomes tabs behind Comments, so the shelf keeps its rows under the armed flash sale.
NARROW_LAYOUT_HEIGHT = 620
TITLE_BAR = 30
F = TypeVar("F", bound=Feature)
ALL_ASPECTS = frozenset({Aspect.ROOM, Aspect.SHELF, Aspect.COUPONS, Aspect.FLASH_SALES, Aspect.STATS, Aspect.STREAM})



class VerticalScroll(QScrollArea):
    """Scrolls a tall form up and down only. Its minimum width is the form's (a plain scroll area
    with the horizontal bar off would let the dock be narrower and clip the form's right edge —
    seen in English at 1366 px: "Issue coupon" and the flash sale's "Arm" cut off)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:   # the form's least width changed (a row wrapped):
            self.updateGeometry()                        # the dock's follows
        return super().event(event)

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        inner = self.widget()
        if inner is None:
            return hint
        width = inner.minimumSizeHint().width() + self.verticalScrollBar().sizeHint().width()
        return QSize(max(hint.width(), width), hint.height())

class KeepsItsLines(QObject):
    """Keeps a banner as tall as its wrapped words need at its width. A wrapping label's least
    height is one line: in a narrow window (1093 px) the armed flash sale's terms take four, the
    middle column's least height did not count them and the shelf under the banner was cut to one
    and a half rows while the journal kept its height."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Resize and isinstance(watched, QWidget):
            layout = watched.layout()
            need = layout.totalHeightForWidth(watched.width()) if layout is not None and layout.hasHeightForWidth() else 0
            if need != watched.minimumHeight():
                watched.setMinimumHeight(need)
        return False


class MainWindow(QMainWindow):
    close_requested = Signal()

    def __init__(self, session: ConsoleSession) -> None:
        super().__init__()
        self.session = session
        self._may_close = False
        self._room: LiveRoom | None = None
        self._room_heard = Subscription()
        self.setWindowTitle(self.tr("Anchor Console"))   # zh: 中控台 · Anchor Console
        self.setObjectName("main-window")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # Esc gives it the focus, so its keys work
        self.setDockOptions(QMainWindow.DockOption.AnimatedDocks | QMainWindow.DockOption.AllowTabbedDocks
                            | QMainWindow.DockOption.AllowNestedDocks)
        # Comments (left) and promotions / run of show (right) run the full height; the journal
        # sits under the shelf. On a 768-line screen the columns need the height more.
        self.setCorner(Qt.Corner.BottomLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
        self.images = ImageCache(session, size=64, parent=self)
        self.docks: dict[str, QDockWidget] = {}
        self.dock_areas: dict[str, Qt.DockWidgetArea] = {}
        self.tab_groups: list[list[str]] = []   # docks that share one area as tabs (first one in front)

        self._banner_lines = KeepsItsLines(self)
        central = QWidget(self)
        self.header = RoomHeader(central)
        self.notifications = NotificationBar(central)
        self._central = QVBoxLayout(central)
        self._central.setContentsMargins(0, 0, 0, 0)
        self._central.setSpacing(2)
        self._central.addWidget(self.header)
        self._central.addWidget(self.notifications)
        self.setCentralWidget(central)
        self.stream_label = plain_label("", self)
        self.statusBar().addPermanentWidget(self.stream_label)
        self._build_menus()

        self.features: dict[type, Feature] = {}
        for feature_class in FEATURES:
            self.features[feature_class] = feature_class(self)
        self._finish_view_menu()

        # Many events in a burst (orders, claims) refresh each part at most ~5 times a second.
        self._dirty: set[Aspect] = set()
        self._refresh_timer = Throttle(200, self._refresh_dirty, self)
        session.room_changed.connect(self.set_room)
        session.status.connect(lambda text, ms: self.show_status(tr_text(text), ms))
        session.notices.connect(self.show_notice)
        session.resolved.connect(self.notifications.clear)
        session.video.changed.connect(self.header.show_video)
        session.quota.changed.connect(self._refresh_stream)
        session.connect_state_changed.connect(lambda _state: self._refresh_stream())   # no room: why (the header)
        self.header.details_requested.connect(self.show_connection_details)
        self.connection_details = None   # the header's connection message, while it is open
        session.actions.pending_changed.connect(self._gate_room_actions)   # the room menu waits for its action
        # What this seat's crew role may do changed (joined, another role): every button is gated again.
        session.crew.permissions_changed.connect(self._permissions_changed)
        session.actions.finished.connect(lambda command, outcome: confirm.report_outcome(self, command, outcome))
        session.actions.confirm = lambda command: confirm.ask_to_fire(self, command)
        screen = self.screen().availableGeometry() if self.screen() else None
        # A laptop screen is used whole (a 场控 runs nothing else beside the console).
        self.start_maximized = screen is not None and (screen.width() < 1600 or screen.height() < 900)
        if screen is not None:
            self.resize(min(2200, int(screen.width() * 0.94)), min(1400, int(screen.height() * 0.92)))
        else:
            self.resize(1280, 720)
        self.restore_layout()
        self.set_room(None)
        # Esc in any box of this window hands the keys back (1–9, Space, the F-keys): focus goes
        # to the window, whatever box it was in (a search keeps its text). Text boxes do not
        # claim Esc, so a window shortcut sees it first.
        hand_back = QShortcut(QKeySequence("Escape"), self)
        hand_back.setContext(Qt.ShortcutContext.WindowShortcut)
        hand_back.activated.connect(self.take_focus)

    def take_focus(self) -> None:
        focused = QApplication.focusWidget()
        if focused is not None and focused is not self:
            focused.clearFocus()
        self.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # ------------------------------------------------------------------ what features use

    def feature(self, feature_class: type[F]) -> F:
        return self.features[feature_class]  # type: ignore[return-value]

    def set_central_panel(self, widget: QWidget) -> None:
        self._central.addWidget(widget, 1)

    def add_banner(self, widget: QWidget) -> None:
        """Something that must stay in view whatever dock is in front (the armed flash sale): in
        the middle column, under the notifications."""
        self._central.insertWidget(self._central.indexOf(self.notifications) + 1, widget)
        widget.installEventFilter(self._banner_lines)

    def add_dock(self, key: str, title: str, widget: QWidget, area: Qt.DockWidgetArea, *,
                 tab_with: str | None = None, scroll: bool = False) -> QDockWidget:
        if scroll:  # at 1366×768 a long form scrolls instead of pushing the window taller
            area_widget = VerticalScroll(self)
            area_widget.setWidget(widget)
            widget = area_widget
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock-{key}")
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable)
        self.addDockWidget(area, dock)
        self.dock_areas[key] = area
        self.docks[key] = dock
        if tab_with is not None and tab_with in self.docks:
            self.tabifyDockWidget(self.docks[tab_with], dock)
            self.docks[tab_with].raise_()
            group = next((g for g in self.tab_groups if g[0] == tab_with), None)
            if group is None:
                self.tab_groups.append([tab_with, key])
            else:
                group.append(key)
        return dock

    def add_menu_action(self, menu: str, action: QAction) -> None:
        """`menu`: "file" (above Quit), "room" or "view"."""
        if menu == "file":
            self.file_menu.insertAction(self.quit_action, action)
        elif menu == "room":
            self.room_menu.addAction(action)
        else:
            self._view_actions.append(action)

    def show_dock(self, key: str) -> None:
        dock = self.docks.get(key)
        if dock is not None:
            dock.show()
            dock.raise_()

    def notify(self, text: str, actions=(), *, level: str = "error", timeout_ms: int = 0,
               key: str | None = None) -> None:
        self.notifications.notify(text, list(actions), level=level, timeout_ms=timeout_ms, key=key)

    def show_notice(self, notice: Notice) -> None:
        self.notify(tr_text(notice.text), [(tr_text(label), callback) for label, callback in notice.buttons],
                    level=notice.level.value, timeout_ms=notice.timeout_ms, key=notice.key)

    def show_status(self, text: str, timeout_ms: int = 0) -> None:
        self.statusBar().showMessage(text, timeout_ms)

    # ------------------------------------------------------------------ layout

    def _layout_settings(self) -> QSettings:
        return QSettings(str(self.session.paths.window_layout_file), QSettings.Format.IniFormat)

    def save_layout(self) -> None:
        s = self._layout_settings()
        s.setValue("version", LAYOUT_VERSION)
        s.setValue("geometry", self.saveGeometry())
        s.setValue("state", self.saveState(LAYOUT_VERSION))
        s.setValue("short_screen", self._screen_is_short())
        s.sync()

    def restore_layout(self) -> None:
        s = self._layout_settings()
        self._layout_restored = False
        if int(s.value("version", 0) or 0) != LAYOUT_VERSION:
            return
        geometry, state = s.value("geometry"), s.value("state")
        if geometry is not None and self.restoreGeometry(geometry):
            self.start_maximized = self.isMaximized()
        if state is not None and not (self._screen_is_short() and not s.value("short_screen", False, type=bool)):
            self._layout_restored = self.restoreState(state, LAYOUT_VERSION)
        # else the docks as laid out on a taller screen (the journal a strip under the shelf) would not
        # fit this one: a short screen's layout instead, as its first run has it

    def default_dock_sizes(self) -> None:
        """First run: comments a column wide enough to read, its chat modes in one line (~30 %, 384 px
        at least), promotions and the run of show
        a column (~33 %), the shelf the middle, the journal a strip under it. A narrow window (a
        1366×768 laptop at 125 %: 1093 px) cannot give each its usual least: the shelf and the right
        column get theirs, the comments all the rest (a comment keeps a readable line)."""
        width, height = self.width(), self.height()
        columns = [(key, share, least) for key, share, least in (("comments", 0.29, 384), ("promotions", 0.33, 420))
                   if key in self.docks]
        sizes = [max(least, int(width * share)) for _k, share, least in columns]
        room = width - self.centralWidget().minimumSizeHint().width() - len(columns) * self._separator()
        if len(columns) == 2 and sum(sizes) > room:
            right = self._column_least(Qt.DockWidgetArea.RightDockWidgetArea)
            sizes = [max(room - right, self.docks["comments"].minimumSizeHint().width()), right]
        self.resizeDocks([self.docks[k] for k, _s, _l in columns], sizes, Qt.Orientation.Horizontal)
        journal = self.docks.get("journal")
        if journal is not None and self.dockWidgetArea(journal) == Qt.DockWidgetArea.BottomDockWidgetArea:
            self.resizeDocks([journal], [max(150, int(height * 0.26))], Qt.Orientation.Vertical)

    def _separator(self) -> int:
        return self.style().pixelMetric(QStyle.PixelMetric.PM_DockWidgetSeparatorExtent, None, self) + 2

    def _column_least(self, area: Qt.DockWidgetArea) -> int:
        """The least width of the docks in `area` (tabs in one column: the widest of them)."""
        return max((dock.minimumSizeHint().width() for dock in self.docks.values()
                    if self.dockWidgetArea(dock) == area and not dock.isFloating() and not dock.isHidden()), default=0)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        # A short window (a 1280×720 screen) keeps the newest notice in view, the others behind
        # "N more": each one shown there is a shelf row fewer.
        self.notifications.show_at_most(1 if self.height() < SHORT_WINDOW else NotificationBar.SHOWN)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if not getattr(self, "_sized_once", False):
            self._sized_once = True
            if not self._layout_restored:
                self.fit_short_window()
                QTimer.singleShot(0, self.default_dock_sizes)

    def reset_layout(self, short: bool | None = None) -> None:
        """Every dock back where it starts; `short`: the layout of a short window (None: if this one is)."""
        short = self.is_short() if short is None else short
        # A dock that goes into tabs goes straight there: added to its area first, the right
        # column's four were stacked one above the other for a moment, and their least heights
        # made an unmaximized window taller than the screen.
        size = None if self.isMaximized() or self.isFullScreen() else self.size()
        tabbed = {key for group in self.tab_groups for key in group[1:]}
        if short:
            tabbed |= set(self._journal_group())
        for key, dock in self.docks.items():
            dock.setFloating(False)
            dock.show()
            if key not in tabbed:
                self.addDockWidget(self.dock_areas.get(key, Qt.DockWidgetArea.LeftDockWidgetArea), dock)
        for group in self.tab_groups:
            if short and group == self._journal_group():
                continue   # behind Comments, below
            docks = [self.docks[k] for k in group if k in self.docks]
            for other in docks[1:]:
                self.tabifyDockWidget(docks[0], other)
            if docks:
                docks[0].raise_()
        if short:
            self.fit_short_window(short=True)
        if size is not None:   # a moment of the re-docking made it taller (a screen's height, at 1093×545)
            self.layout().activate()   # its least size as it is now, not as it was a moment ago
            self.resize(size)
        QTimer.singleShot(0, self.default_dock_sizes)

    def _screen_is_short(self) -> bool:
        """The screen the window is on, less a title bar, is shorter than NARROW_LAYOUT_HEIGHT."""
        screen = self.screen()
        return screen is not None and screen.availableGeometry().height() - TITLE_BAR < NARROW_LAYOUT_HEIGHT

    def is_short(self) -> bool:
        """The window, or the screen it is on (less a title bar), is shorter than NARROW_LAYOUT_HEIGHT:
        at the first run the window may not be maximized yet."""
        return self.height() < NARROW_LAYOUT_HEIGHT or self._screen_is_short()

    def fit_short_window(self, short: bool | None = None) -> None:
        """The default layout of a short window: the journal and its tabs behind Comments (comments
        in front), not a strip under the shelf — three rows of the shelf, the armed flash sale and a
        notice do not fit above it in ~545 lines, and the comment column keeps its full height."""
        if not (self.is_short() if short is None else short) or "comments" not in self.docks or "journal" not in self.docks:
            return
        for key in self._journal_group():
            if key in self.docks and not self.docks[key].isFloating():
                self.tabifyDockWidget(self.docks["comments"], self.docks[key])
        self.docks["comments"].raise_()
        QTimer.singleShot(0, self._tabs_say_their_names)

    def _journal_group(self) -> list[str]:
        return next((g for g in self.tab_groups if g[0] == "journal"), ["journal"])

    def _tabs_say_their_names(self) -> None:
        """Dock tabs in a narrow column show their whole names, with arrows to the ones beyond: cut
        short they said "Jo…" and "C…" beside "Review and mo…" (Qt shares the room by length)."""
        for bar in self.findChildren(QTabBar, options=Qt.FindChildOption.FindDirectChildrenOnly):
            bar.setElideMode(Qt.TextElideMode.ElideNone)
            bar.setUsesScrollButtons(True)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu(self.tr("&File"))
        connections = QAction(self.tr("&Connections…"), self)
        connections.triggered.connect(self.open_connections)
        self.file_menu.addAction(connections)
        prefs = QAction(self.tr("&Settings…"), self)
        prefs.setShortcut(QKeySequence.StandardKey.Preferences)
        prefs.triggered.connect(self.open_settings)
        self.file_menu.addAction(prefs)
        self.file_menu.addSeparator()
        self.quit_action = QAction(self.tr("&Quit"), self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        self.file_menu.addAction(self.quit_action)

        self.room_menu = bar.addMenu(self.tr("&Room"))
        actions = self.session.actions
        self.start_action = QAction(self.tr("Start the live room"), self)
        self.start_action.triggered.connect(lambda: actions.run(StartRoom()))
        self.end_action = QAction(self.tr("End the live room"), self)
        self.end_action.triggered.connect(lambda: confirm.end_room(self))
        self.mute_action = QAction(self.tr("Room-wide mute"), self)
        self.mute_action.setCheckable(True)
        self.mute_action.triggered.connect(lambda on: confirm.room_mute(self, on))
        self.push_action = QAction(self.tr("Push URL for OBS…"), self)
        self.push_action.triggered.connect(self.show_push_url)
        # The header's connection line whole, from the keyboard too (the line itself is a click target).
        self.status_action = QAction(self.tr("Connection status…"), self)
        self.status_action.triggered.connect(self.show_connection_details)
        for a in (self.start_action, self.end_action, self.mute_action, self.push_action, self.status_action):
            self.room_menu.addAction(a)
        self.view_menu: QMenu = bar.addMenu(self.tr("&View"))
        self._view_actions: list[QAction] = []
        help_menu = bar.addMenu(self.tr("&Help"))
        about = QAction(self.tr("About Anchor Console"), self)
        about.triggered.connect(lambda: confirm.about(self))
        help_menu.addAction(about)

    def _finish_view_menu(self) -> None:
        for dock in self.docks.values():
            self.view_menu.addAction(dock.toggleViewAction())
        for action in self._view_actions:
            self.view_menu.addAction(action)
        self.view_menu.addSeparator()
        reset = QAction(self.tr("Reset layout"), self)
        reset.triggered.connect(lambda: self.reset_layout())
        self.view_menu.addAction(reset)

    # ------------------------------------------------------------------ the room

    def set_room(self, room: LiveRoom | None) -> None:
        self._room = room
        self._room_heard.follow(room.changed if room is not None else None, self._on_room_event)
        for feature in self.features.values():
            feature.set_room(room)
        self._dirty |= ALL_ASPECTS
        self._refresh_dirty()

    def _permissions_changed(self, _allowed) -> None:
        self._dirty |= ALL_ASPECTS
        self._refresh_timer.poke()

    def _on_room_event(self, connection_id: str, aspect: Aspect, event) -> None:
        # Called for every event of the room (thousands a second in a busy one): keep it lean.
        if aspect is Aspect.COMMENT or aspect is Aspect.VIEWER:
            return
        if aspect is Aspect.STREAM:
            self._refresh_stream()  # connection state is shown at once
            return
        self._dirty.add(aspect)
        self._refresh_timer.poke()

    def _refresh_dirty(self) -> None:
        dirty, self._dirty = self._dirty, set()
        for feature in self.features.values():
            feature.refresh(dirty)
        if Aspect.ROOM in dirty:
            self._refresh_room()
        if Aspect.STATS in dirty or Aspect.ORDER in dirty:
            self.header.show_stats(self._room)
        if Aspect.STREAM in dirty:
            self._refresh_stream()

    def _refresh_room(self) -> None:
        room = self._room
        self.header.show_room(room)
        r = room.state.room if room is not None else None
        self.mute_action.setChecked(bool(r and r.mute_all))
        self._gate_room_actions()

    def _gate_room_actions(self) -> None:
        """The Room menu's actions: what the platform, the crew role and the actions in flight allow."""
        room = self._room
        r = room.state.room if room is not None else None
        gate(self.mute_action, room, Capability.ROOM_MUTE, session=self.session, kind="set_room_mute")
        if self.session.actions.is_pending("set_room_mute"):   # muting or unmuting: answered first
            self.mute_action.setEnabled(False)
        gate(self.start_action, room, Capability.ROOMS, session=self.session, kind="start_room")
        gate(self.end_action, room, Capability.ROOMS, session=self.session, kind="end_room")
        gate(self.push_action, room, Capability.ROOMS)
        if r is not None:
            self.start_action.setEnabled(self.start_action.isEnabled() and r.status is RoomStatus.SCHEDULED)
            self.end_action.setEnabled(self.end_action.isEnabled() and r.status is RoomStatus.LIVE)

    def _refresh_stream(self) -> None:
        self.stream_label.setText(self.header.show_stream(self._room, self.session.quota.report(self._room),
                                                          self.session.connect_state))

    # ------------------------------------------------------------------ dialogs

    def open_connections(self) -> None:
        from anchor_console.ui.settings.connections_dialog import ConnectionsDialog

        ConnectionsDialog(self.session, self).open()

    def show_connection_details(self) -> None:
        """The header's connection line whole (it is cut short to fit), with Reconnect and Connections…."""
        from shiboken6 import isValid

        from anchor_console.ui.shell.connection_details import ConnectionDetails

        shown = self.connection_details
        if shown is not None and isValid(shown) and shown.isVisible():   # a second click: the one open, up to date
            shown.message.setText(self.header.details)
            shown.raise_()
            return
        self.connection_details = ConnectionDetails(self.header.details, self)   # deleted on close
        self.connection_details.open()

    def open_settings(self) -> None:
        from anchor_console.ui.settings.settings_dialog import SettingsDialog

        SettingsDialog(self.session, self).open()

    def show_push_url(self) -> None:
        from anchor_console.ui.settings.settings_dialog import PushUrlDialog

        if self._room is not None:
            PushUrlDialog(self.session, self._room, self).open()

    # ------------------------------------------------------------------ closing

    def stop_features(self) -> None:
        """Shutting down: timers stop before the services they read are closed."""
        self._refresh_timer.stop()
        for feature in self.features.values():
            feature.stop()

    def allow_close(self) -> None:
        self._may_close = True

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self._may_close:
            event.accept()
            return
        # The console's main coroutine drives shutdown; the window closes when it is done.
        event.ignore()
        live = self._live()
        if live or self.session.seats_on_bundled_studio():   # other seats lose this computer's Studio too
            confirm.quit_while_live(self, live)
        else:
            self.quit_unless_edits_at_risk()

    def quit_unless_edits_at_risk(self) -> asyncio.Task | None:
        """Quit, unless edits would be lost by it (a show's edits whose recovery copy cannot be
        written): then asked first — the shutdown coroutine that follows can ask nothing. The task
        (recovery copies are written off the ui thread), for tests."""
        return self.session.tasks.spawn(self._quit_unless_edits_at_risk(), name="quit-check", key="quit-check")

    async def _quit_unless_edits_at_risk(self) -> None:
        for feature in list(self.features.values()):
            why = await feature.edits_at_risk()
            if why is not None:
                confirm.quit_losing_edits(self, why)
                return
        self.close_requested.emit()

    async def finish_features(self) -> None:
        """Shutting down, after `stop_features`: what the panels still write (a recovery copy) is
        written before the console is gone."""
        for feature in list(self.features.values()):
            await feature.finish()

    def _live(self) -> bool:
        """The room is broadcasting or a live show is running: closing would leave it unattended."""
        room = self._room
        live_room = room is not None and room.state.room is not None and room.state.room.status is RoomStatus.LIVE
        show = self.session.show
        return live_room or (show.running and not show.rehearsing)
