"""The run of show in the window: the live timeline (a tab beside promotions), the presenter view
for the anchor's screen (F10) and the show editor (Ctrl+E). The show itself runs in the session
(`session.show`); these are its faces."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence

from anchor_console.ui.common.feature import FeatureBase
from anchor_console.ui.common.widgets import bring_to_front
from anchor_console.ui.show.presenter_view import PresenterView
from anchor_console.ui.show.rehearsal_bar import RehearsalBar
from anchor_console.ui.show.timeline_panel import TimelinePanel

log = logging.getLogger("anchor_console.ui.show")


class ShowFeature(FeatureBase):
    def __init__(self, window) -> None:
        self.window = window
        self.runner = window.session.show
        self.timeline = TimelinePanel(window, self.runner, self.open_editor)
        # At 1366×768 there is no room for a fourth column: the run of show shares a tab with promotions.
        window.add_dock("timeline", QCoreApplication.translate("MainWindow", "Run of show"), self.timeline,
                        Qt.DockWidgetArea.RightDockWidgetArea, tab_with="promotions", scroll=True)   # 545 lines: GO waiting
        self.runner.show_changed.connect(lambda: window.show_dock("timeline"))
        self.rehearsal_bar = RehearsalBar(window)
        window.add_banner(self.rehearsal_bar)
        self.presenter: PresenterView | None = None
        self.editor = None
        editor_action = QAction(QCoreApplication.translate("MainWindow", "Show &editor…"), window)
        editor_action.setShortcut(QKeySequence("Ctrl+E"))
        editor_action.triggered.connect(self.open_editor)
        presenter_action = QAction(QCoreApplication.translate("MainWindow", "&Presenter view"), window)
        presenter_action.setShortcut(QKeySequence("F10"))
        presenter_action.triggered.connect(self.open_presenter)
        window.add_menu_action("file", editor_action)
        window.add_menu_action("view", presenter_action)

    def open_presenter(self) -> PresenterView:
        if self.presenter is None:
            self.presenter = PresenterView(self.window, self.runner)
            self.presenter.place()
        return bring_to_front(self.presenter)

    def open_editor(self):
        from anchor_console.ui.show.show_editor import ShowEditor

        if self.editor is None:
            self.editor = ShowEditor(self.window, self.runner)
            if self.runner.show_path is not None:
                self.editor.open_path(self.runner.show_path)
        return bring_to_front(self.editor, focus=True)

    async def edits_at_risk(self) -> str | None:
        if self.editor is None:
            return None
        waiting = QCoreApplication.translate("MainWindow", "Quitting once the show is saved…")
        if self.editor.saving is not None:   # (a slow network disk: the quit waits for it, and says so)
            self.window.show_status(waiting)
        try:
            return await self.editor.guard_work.edits_at_risk()
        finally:
            if self.window.statusBar().currentMessage() == waiting:
                self.window.statusBar().clearMessage()

    async def finish(self) -> None:
        """A save under way is written, and the editor's last edits are in their recovery copy,
        before the console is gone (closing the editor in `stop` could not wait for the disk)."""
        if self.editor is not None:
            await self.editor.guard_work.saves_done()
            autosave = self.editor.autosave
            if self.editor.document.dirty and not await autosave.write():
                log.warning("the show editor's last edits could not be kept: %s", autosave.failure)
            await autosave.settle()

    def stop(self) -> None:
        if self.presenter is not None:
            self.presenter.stop()
        if self.editor is not None:
            # The console is closing: the editor (a window of its own) goes too; `finish` then keeps
            # its last edits recoverable — its recovery copy waits for a pause in typing. (Edits that
            # could not be kept were asked about before the quit: nothing is asked now.)
            self.editor.guard_work.close_anyway()
            self.editor.stop_autosave()
