"""Held comments waiting for a moderator (approve with A, reject with R) and the mod log: every
moderation action with its reason and result, newest first. Both lists change by the row and
are drawn only when looked at."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QPushButton, QTabWidget, QVBoxLayout, QWidget

from anchor_console.moderation.desk import CommentDesk
from anchor_console.ui.common.display import display_text, time_of_day
from anchor_console.ui.common.i18n import tr_text
from anchor_console.ui.common.widgets import ListMirror, Throttle, add_shortcuts, at_the_right, wrapped_list


def actor_label(actor: str) -> str:
    """A person's name as is; a rule id ("detector:repeat", "list:diversion") as "rule"."""
    if actor.startswith(("detector:", "list:")):
        return QCoreApplication.translate("Moderation", "rule")
    return actor


SHOWN_HELD = 200
RESULT_MARKS = {"done": "✓", "fell_back": "↘", "failed": "✗"}   # how a mod-log entry went, at a glance


class ReviewPanel(QWidget):
    def __init__(self, window, desk: CommentDesk) -> None:
        super().__init__(window)
        self.desk = desk
        self.tabs = QTabWidget(self)
        # Items wrap at the list's width, the reason on a line of its own: nothing runs off the
        # right edge behind a sideways scroll bar.
        self.held = wrapped_list(QListWidget(self))
        self.held.setObjectName("review-queue")
        approve = QPushButton(self.tr("Approve (A)"), self)
        approve.clicked.connect(self.approve)
        reject = QPushButton(self.tr("Reject (R)"), self)
        reject.clicked.connect(self.reject)
        page = QWidget(self)
        pl = QVBoxLayout(page)
        pl.setContentsMargins(0, 0, 0, 0)
        pl.addWidget(self.held, 1)
        # What the list does not show: held comments past the first SHOWN_HELD, and those a full
        # queue let go (a flood of held spam), decided from the feed's Held filter.
        self.held_note = QLabel(self)
        self.held_note.setObjectName("review-queue-note")
        self.held_note.setWordWrap(True)
        self.held_note.hide()
        pl.addWidget(self.held_note)
        pl.addLayout(at_the_right(approve, reject))
        self.tabs.addTab(page, self.tr("Held for review"))
        self.log = wrapped_list(QListWidget(self))
        self.log.setObjectName("mod-log")
        self.tabs.addTab(self.log, self.tr("Mod log"))
        self._log_dirty = self._held_dirty = True
        self._held_rows = ListMirror(self.held)
        self._log_rows = ListMirror(self.log)
        self.tabs.currentChanged.connect(self._tab_shown)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.tabs)
        add_shortcuts(self.held, (("A", self.approve), ("R", self.reject)))
        self._log_timer = Throttle(300, self.refresh_log, self)
        # Held spam can arrive by the hundred a second: the list redraws at most once a second.
        self._held_timer = Throttle(1000, self.refresh_held, self)
        desk.review.changed.connect(self._held_timer.poke)
        desk.modlog.added.connect(self._log_timer.poke)
        self.refresh_held()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self._tab_shown)

    def _tab_shown(self, *_a) -> None:
        if self._held_dirty:
            self.refresh_held()
        if self._log_dirty:
            self.refresh_log()

    def refresh_held(self) -> None:
        self.tabs.setTabText(0, self.tr("Held for review ({n})").format(n=len(self.desk.review)))
        self._say_unlisted()
        if not self.held.isVisible():
            self._held_dirty = True  # drawn when it is looked at
            return
        self._held_dirty = False
        held = self.desk.review.items(SHOWN_HELD)  # oldest first: work from the top

        def make(i: int) -> QListWidgetItem:
            comment, verdict = held[i]
            why = tr_text(verdict.reason) if verdict.reason else ""
            line = (f"{time_of_day(comment.created_at)} {display_text(comment.nickname, 20)}: "
                    f"{display_text(comment.text, 120)}")
            item = QListWidgetItem(f"{line}\n    — {why}" if why else line)
            item.setData(Qt.ItemDataRole.UserRole, comment.id)
            return item

        self._held_rows.sync([comment.id for comment, _v in held], make)
        if self.held.currentRow() < 0 and self.held.count():
            self.held.setCurrentRow(0)

    def _say_unlisted(self) -> None:
        review, said = self.desk.review, []
        if len(review) > SHOWN_HELD:
            said.append(self.tr("The oldest {shown} of {n} are listed; each decision brings the next one up.").format(
                shown=SHOWN_HELD, n=len(review)))
        if review.left_unlisted:
            said.append(self.tr("{n} more held comments did not fit here (at most {limit}). Recent ones are under the "
                                "feed's Held filter, where A approves and R rejects; older ones stay out of the "
                                "feed.").format(n=review.left_unlisted, limit=review.limit))
        self.held_note.setText(" ".join(said))
        self.held_note.setVisible(bool(said))

    def refresh_log(self) -> None:
        if not self.log.isVisible():
            self._log_dirty = True  # drawn when it is looked at
            return
        self._log_dirty = False
        entries = self.desk.modlog.recent(300)

        def make(i: int) -> QListWidgetItem:
            e = entries[i]
            result = RESULT_MARKS.get(e.result, "")
            test = self.tr("[test] ") if e.dry_run else ""
            detail = f" ({tr_text(e.detail)})" if e.detail else ""
            item = QListWidgetItem(f"{time_of_day(e.at)} {result} {test}{tr_text(e.action.label)} · "
                                   f"{display_text(e.nickname, 16)}: {display_text(e.text, 60)} — "
                                   f"{tr_text(e.reason)}{detail} · {actor_label(e.actor)}")
            if e.result == "failed":
                item.setForeground(QColor("#c62828"))
            return item

        self._log_rows.sync([e.seq for e in entries], make)

    def _current(self) -> str | None:
        item = self.held.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def approve(self) -> None:
        cid = self._current()
        if cid:
            self.desk.approve(cid)
            self._next()

    def reject(self) -> None:
        cid = self._current()
        if cid:
            self.desk.reject(cid)
            self._next()

    def _next(self) -> None:
        """One key per decision: the next held comment is selected at once."""
        row = self.held.currentRow()
        self.refresh_held()
        self.held.setCurrentRow(min(row, self.held.count() - 1))

    def stop(self) -> None:
        self._held_timer.stop()
        self._log_timer.stop()
