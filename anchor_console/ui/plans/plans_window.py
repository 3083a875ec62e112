"""Live plans (直播预告) in the console: Room → Live plans… (Ctrl+Shift+L) opens the list of planned
lives on every connection that can plan them — start, title, platform, status, subscribers (预约),
the products to list and the run-of-show file — read again every 30 s while it is open (the
subscriber counts move) and whenever the plans change. From it: a new plan, a change to one, its
share poster, its link, and Go live: one confirmed step that lists the plan's products, loads its
show and starts its room, with what came of it told in the window."""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QAction, QColor, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QDialog, QHBoxLayout, QPushButton, QStackedWidget, QTableWidget, QTableWidgetItem, QVBoxLayout,
)

from anchor_console.domain.capabilities import Capability
from anchor_console.domain.events import Subscription
from anchor_console.domain.models import RoomStatus
from anchor_console.domain.text import TextError
from anchor_console.platforms.errors import PlatformError
from anchor_console.session.live_plans import GoLiveSummary, LivePlan, PlanRejected
from anchor_console.ui.common.palette import GREEN, GREY, RED
from anchor_console.ui.common import confirm
from anchor_console.ui.common.feature import FeatureBase
from anchor_console.ui.common.i18n import reasons_text, tr_text
from anchor_console.ui.common.widgets import bring_to_front, fit_to_screen, gate, plain_label, plain_tooltip, row_table
from anchor_console.ui.plans.plan_editor import PlanEditor
from anchor_console.ui.plans.poster_dialog import PosterDialog

log = logging.getLogger("anchor_console.ui.plans")
REFRESH_MS = 30_000
MUTED = GREY


class PlansWindow(QDialog):
    """Not modal: the room keeps running beside it."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.session = window.session
        self.plans: tuple[LivePlan, ...] = ()
        self.editor: PlanEditor | None = None
        self.poster: PosterDialog | None = None
        self._sticky = False
        self._going_live = False    # a go live under way: not pressed again, whatever re-reads the list
        self.setObjectName("live-plans")
        self.setWindowTitle(self.tr("Live plans"))
        self.table = QTableWidget(0, 7, self)
        self.table.setObjectName("live-plans-table")
        self.table.setHorizontalHeaderLabels([self.tr("When"), self.tr("Title"), self.tr("Platform"),
                                              self.tr("Status"), self.tr("Subscribers"), self.tr("Products"),
                                              self.tr("Run of show")])
        row_table(self.table, stretch=(1,))
        self.table.horizontalHeaderItem(4).setToolTip(self.tr("Viewers who asked to be reminded (预约)"))
        self.table.itemSelectionChanged.connect(self.refresh_buttons)
        self.table.doubleClicked.connect(lambda _index: self.edit_plan())
        # Two strings, not one with "\n" in it: lupdate keeps "\n" as written and it would never match.
        self.empty = plain_label(self.tr("No live is planned yet.") + "\n\n" + self.tr(
            "A live plan (直播预告) announces a show ahead: its title, cover and time "
            "appear on the platform, viewers subscribe to be reminded when it starts, and you can share a poster "
            "with a QR code to the room. The console keeps the products to list and the run of show with the "
            "plan, so Go live lists them, loads the show and starts the room in one step."), self)
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setContentsMargins(40, 20, 40, 20)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.table)
        self.pages.addWidget(self.empty)
        self.status = plain_label(self.tr("Reading the plans…"), self, wrap=True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._build_buttons()
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.status)
        layout.addLayout(self.button_row)
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.reload)
        self._plans_heard = Subscription()       # the plans changing, while it is open
        fit_to_screen(self, 1000, 520, near=window)
        self.refresh_buttons()

    def _build_buttons(self) -> None:
        self.new_button = QPushButton(self.tr("New plan…"), self)
        self.edit_button = QPushButton(self.tr("Edit…"), self)
        self.poster_button = QPushButton(self.tr("Poster…"), self)
        self.link_button = QPushButton(self.tr("Copy link"), self)
        self.go_button = QPushButton(self.tr("Go live…"), self)
        self.refresh_button = QPushButton(self.tr("Refresh"), self)
        close = QPushButton(self.tr("Close"), self)
        self.new_button.clicked.connect(self.new_plan)
        self.edit_button.clicked.connect(self.edit_plan)
        self.poster_button.clicked.connect(self.open_poster)
        self.link_button.clicked.connect(self.copy_link)
        self.go_button.clicked.connect(self.ask_go_live)
        self.refresh_button.clicked.connect(self.reload)
        close.clicked.connect(self.close)
        self.button_row = QHBoxLayout()
        for b in (self.new_button, self.edit_button, self.poster_button, self.link_button, self.go_button):
            self.button_row.addWidget(b)
        self.button_row.addStretch(1)
        self.button_row.addWidget(self.refresh_button)
        self.button_row.addWidget(close)

    # ------------------------------------------------------------------ the list

    def reload(self):
        """Read the plans again (a task; returned, for tests)."""
        return self.session.tasks.spawn(self._load(), name="live-plans", key="live-plans-refresh")

    async def _load(self) -> None:
        try:
            await self.session.live_plans.refresh()
        except PlatformError as exc:
            self.say(self.tr("The plans could not be read from {platform}: {why}").format(
                platform=exc.platform or self.tr("a platform"), why=tr_text(exc.message)), RED)
            return
        if not self.session.live_plans.platforms():
            self.say(self.tr("No connection of this room can plan lives."), RED)

    def say(self, text: str, color: str = MUTED, *, sticky: bool = False) -> None:
        """A line under the list; a `sticky` one (what an action did) stays until the next action's,
        others give way to the count of plans when the list is read again."""
        self.status.setText(text)
        self.status.setStyleSheet(f"QLabel {{ color: {color}; }}")
        self._sticky = sticky

    def show_plans(self, plans: tuple[LivePlan, ...]) -> None:
        chosen = self.selected()
        self.plans = tuple(plans)
        self.table.setRowCount(len(self.plans))
        catalog = self.session.catalog
        for r, p in enumerate(self.plans):
            start, end = datetime.fromtimestamp(p.plan.starts_at), datetime.fromtimestamp(p.plan.ends_at)
            starts = f"{start:%Y-%m-%d %H:%M}–{end:%H:%M}" if end.date() == start.date() else \
                f"{start:%Y-%m-%d %H:%M}–{end:%m-%d %H:%M}"
            subscribers = "—" if p.subscribers is None else f"{p.subscribers:,}"
            show = Path(p.extras.show_file).name if p.extras.show_file else "—"
            cells = [starts, p.plan.title, p.platform_name, self.status_text(p.status), subscribers,
                     str(len(p.extras.product_ids)) if p.extras.product_ids else "—", show]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c in (4, 5):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if p.status is RoomStatus.LIVE:
                    item.setForeground(QColor(GREEN))
                elif p.status is RoomStatus.ENDED:
                    item.setForeground(QColor(MUTED))
                self.table.setItem(r, c, item)
            self.table.item(r, 1).setToolTip(plain_tooltip(p.plan.title))
            self.table.item(r, 5).setToolTip(plain_tooltip("\n".join(catalog.product_name(pid)
                                                                      for pid in p.extras.product_ids)))
            self.table.item(r, 6).setToolTip(plain_tooltip(p.extras.show_file))
        self.pages.setCurrentWidget(self.table if self.plans else self.empty)
        keys = [p.key for p in self.plans]
        if chosen is not None and chosen.key in keys:
            self.table.selectRow(keys.index(chosen.key))
        elif self.plans:
            self.table.selectRow(0)
        if not self._sticky:
            self.say(self.tr("{n} plan(s); subscriber counts are read every 30 s while this window is open.").format(
                n=len(self.plans)))
        self.refresh_buttons()

    def status_text(self, status: RoomStatus) -> str:
        return {RoomStatus.SCHEDULED: self.tr("planned"), RoomStatus.LIVE: self.tr("live"),
                RoomStatus.ENDED: self.tr("ended")}[status]

    def selected(self) -> LivePlan | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        row = rows[0].row() if rows else -1
        return self.plans[row] if 0 <= row < len(self.plans) else None

    def refresh_buttons(self) -> None:
        plan = self.selected()
        can_plan = bool(self.session.live_plans.platforms())
        scheduled = plan is not None and plan.status is RoomStatus.SCHEDULED and not self._going_live
        self.new_button.setEnabled(can_plan)
        self.new_button.setToolTip("" if can_plan else self.tr("No connection of this room can plan lives."))
        self.edit_button.setEnabled(scheduled)
        self.go_button.setEnabled(scheduled)
        for b in (self.poster_button, self.link_button):
            b.setEnabled(plan is not None and plan.status is not RoomStatus.ENDED)

    # ------------------------------------------------------------------ new, edit, poster, link

    def new_plan(self) -> PlanEditor:
        return self._open_editor(None)

    def edit_plan(self) -> PlanEditor | None:
        plan = self.selected()
        if plan is None or plan.status is not RoomStatus.SCHEDULED:
            return None
        return self._open_editor(plan)

    def _open_editor(self, plan: LivePlan | None) -> PlanEditor:
        if self.editor is not None and self.editor.isVisible():
            self.editor.reject()
        self.editor = PlanEditor(self, self.session, plan)
        self.editor.accepted.connect(lambda editor=self.editor: self._saved(editor))
        self.editor.open()
        return self.editor

    def _saved(self, editor: PlanEditor) -> None:
        saved = editor.saved
        if saved is not None:
            self.say(self.tr("Saved the plan “{title}”.").format(title=saved.plan.title), GREEN, sticky=True)
            keys = [p.key for p in self.plans]
            if saved.key in keys:
                self.table.selectRow(keys.index(saved.key))

    def open_poster(self) -> PosterDialog | None:
        plan = self.selected()
        if plan is None:
            return None
        if self.poster is not None and self.poster.isVisible():
            self.poster.reject()
        self.poster = PosterDialog(self, self.session, plan)
        self.poster.open()
        return self.poster

    def copy_link(self):
        plan = self.selected()
        if plan is None:
            return None
        return self.session.tasks.spawn(self._copy_link(plan), name="plan-link", key="live-plans-link")

    async def _copy_link(self, plan: LivePlan) -> None:
        try:
            link = await self.session.live_plans.share_link(plan)
        except PlanRejected as exc:
            self.say(self.tr("The link could not be had: {why}").format(
                why=reasons_text(exc.problems)), RED, sticky=True)
            return
        if not link:
            self.say(self.tr("{platform} has no link to this room.").format(platform=plan.platform_name), RED,
                     sticky=True)
            return
        QGuiApplication.clipboard().setText(link)
        self.say(self.tr("Copied: {link}").format(link=link), GREEN, sticky=True)

    # ------------------------------------------------------------------ going live

    def go_live_text(self, plan: LivePlan) -> str:
        catalog = self.session.catalog
        lines = [self.tr("Go live from “{title}” now? In one step the console will:").format(title=plan.plan.title)]
        products = plan.extras.product_ids
        if products:
            names = "、".join(catalog.product_name(pid) for pid in products[:8])
            more = self.tr(" and {n} more").format(n=len(products) - 8) if len(products) > 8 else ""
            lines.append(self.tr("• list {n} product(s) on the shelf (those already there are skipped): "
                                 "{names}{more}").format(n=len(products), names=names, more=more))
        else:
            lines.append(self.tr("• list no products (the plan has none)"))
        if plan.extras.show_file:
            lines.append(self.tr("• load the run of show “{file}”").format(file=Path(plan.extras.show_file).name))
        platform = self.session.live_plans.platform(plan.connection_id)
        if platform is not None and self.session.live_plans.is_wechat(platform):
            lines.append(self.tr("• WeChat rooms are started from the phone or OBS: the console cannot start "
                                 "it (the summary will say so)"))
        else:
            lines.append(self.tr("• start the room on {platform}: viewers can watch and buy, and subscribers "
                                 "are reminded").format(platform=plan.platform_name))
        return "\n".join(lines[:1]) + "\n\n" + "\n".join(lines[1:]) + "\n\n" + self.tr(
            "The console follows this room from then on.")

    def ask_go_live(self) -> None:
        plan = self.selected()
        if plan is None or plan.status is not RoomStatus.SCHEDULED or self._going_live:
            return
        confirm.go_live_from_plan(self, self.go_live_text(plan), lambda: self.go_live(plan))

    def go_live(self, plan: LivePlan):
        """After the confirmation (a task; returned, for tests). A second go while one is under way
        is none: it would cancel the first halfway (the same task key)."""
        if self._going_live:
            return None
        self._going_live = True
        self.refresh_buttons()
        self.say(self.tr("Going live from “{title}”…").format(title=plan.plan.title), sticky=True)
        task = self.session.tasks.spawn(self._go_live(plan), name="plan-go-live", key="live-plans-go-live")
        if task is None:   # not started (shutting down)
            self._going_live = False
        return task

    async def _go_live(self, plan: LivePlan) -> None:
        try:
            summary: GoLiveSummary = await self.session.live_plans.go_live(plan)
        except Exception as exc:   # never left saying "Going live…": what stopped it, then the session's report
            why = tr_text(exc.message) if isinstance(exc, TextError) else type(exc).__name__
            self.say(self.tr("Going live from “{title}” did not finish ({error}); the journal shows what was "
                             "done.").format(title=plan.plan.title, error=why), RED, sticky=True)
            raise
        finally:
            self._going_live = False
            self.refresh_buttons()
        text = tr_text(summary.describe())
        if summary.started and not summary.problems and not summary.not_listed:
            self.say(text, GREEN, sticky=True)
            self.window.show_status(self.tr("Live from the plan “{title}”.").format(title=plan.plan.title), 8000)
        else:
            self.say(text, RED, sticky=True)

    # ------------------------------------------------------------------ open and close

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if not self._plans_heard.active:
            self._plans_heard.follow(self.session.live_plans.changed, self.show_plans)
            known = self.session.live_plans.listing()
            if known:         # else "Reading the plans…" until they are read (not "none planned" at once)
                self.show_plans(known)
        self.timer.start()

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        self.stop()
        super().closeEvent(event)

    def done(self, result: int) -> None:
        self.stop()
        super().done(result)

    def stop(self) -> None:
        self.timer.stop()
        self._plans_heard.stop()
        for key in ("live-plans-refresh", "live-plans-link"):
            self.session.tasks.cancel(key)
        for child in (self.editor, self.poster):
            if child is not None and child.isVisible():
                child.reject()


class PlansFeature(FeatureBase):
    """Room → Live plans…: enabled where a connection of the room can plan lives (the tooltip says
    which cannot, and why)."""

    def __init__(self, window) -> None:
        self.window = window
        self.dialog: PlansWindow | None = None
        self.action = QAction(QCoreApplication.translate("MainWindow", "&Live plans…"), window)
        self.action.setObjectName("live-plans")
        self.action.setShortcut(QKeySequence("Ctrl+Shift+L"))
        self.action.triggered.connect(self.open_plans)
        window.add_menu_action("room", self.action)
        self.set_room(None)

    def set_room(self, room) -> None:
        gate(self.action, room, Capability.LIVE_PLANS, base_tooltip=QCoreApplication.translate(
            "MainWindow", "Plan lives ahead (直播预告): subscribers, share poster, go live in one step"))

    def open_plans(self) -> PlansWindow:
        if self.dialog is None:
            self.dialog = PlansWindow(self.window)
        bring_to_front(self.dialog, focus=True).reload()
        return self.dialog

    def stop(self) -> None:
        if self.dialog is not None:
            self.dialog.close()
