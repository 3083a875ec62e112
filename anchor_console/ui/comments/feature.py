"""Comment moderation in the window: the live feed (left), held comments and the mod log (a tab
beside the journal), and buyer questions (a tab beside promotions). The desk itself runs in the
session (`session.desk`); these are its faces."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt

from anchor_console.ui.comments.feed_panel import CommentsPanel
from anchor_console.ui.comments.questions_panel import QuestionsPanel
from anchor_console.ui.comments.review_panel import ReviewPanel
from anchor_console.room.room_state import Aspect
from anchor_console.ui.common.feature import FeatureBase


class CommentsFeature(FeatureBase):
    def __init__(self, window) -> None:
        desk = window.session.desk
        self.feed = CommentsPanel(window, desk)
        self.review = ReviewPanel(window, desk)
        self.questions = QuestionsPanel(window, desk)
        window.add_dock("comments", QCoreApplication.translate("MainWindow", "Comments"), self.feed,
                        Qt.DockWidgetArea.LeftDockWidgetArea)
        window.add_dock("review", QCoreApplication.translate("MainWindow", "Review and mod log"), self.review,
                        Qt.DockWidgetArea.BottomDockWidgetArea, tab_with="journal", scroll=True)
        window.add_dock("questions", QCoreApplication.translate("MainWindow", "Buyer questions"), self.questions,
                        Qt.DockWidgetArea.RightDockWidgetArea, tab_with="promotions")

    def set_room(self, room) -> None:
        self.feed.room_changed()

    def refresh(self, dirty: set[Aspect]) -> None:
        if Aspect.ROOM in dirty:      # the chat modes, as the platform now has them
            self.feed.chat_modes.refresh()

    def stop(self) -> None:
        for panel in (self.feed, self.review, self.questions):
            panel.stop()
