"""The live comment feed: filters, search over the whole session, test mode, pause on hover and
one-key moderation of the selected comment, and the same by right-click (feed_menu.py).

Keys: ↑/↓ move, D delete, M mute 10 min, Shift+M mute 60 min, B ban, P pin, H hide here,
A approve (held), R reject (held), U or Enter the viewer's card."""

from __future__ import annotations

import asyncio

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QComboBox, QHBoxLayout, QLineEdit, QMenu, QPushButton, QSizePolicy, QVBoxLayout, QWidget,
)

from anchor_console.domain.capabilities import Capability
from anchor_console.moderation.desk import CommentDesk, CommentState, RulesMode
from anchor_console.moderation.wordlists import Action
from anchor_console.room.commands import PinComment
from anchor_console.ui.comments.chat_modes import ChatModesBar
from anchor_console.ui.comments.feed_menu import comment_menu
from anchor_console.ui.comments.feed_view import FeedItem, FeedModel, FeedView, ItemRole
from anchor_console.ui.comments.user_card import UserCard
from anchor_console.ui.comments.word_lists_dialog import WordListsDialog
from anchor_console.ui.common.i18n import count_text, tr_text
from anchor_console.ui.crew.roles import staff_name_text
from anchor_console.ui.common.widgets import add_shortcuts, plain_label, why_not_text


class CommentsPanel(QWidget):
    def __init__(self, window, desk: CommentDesk) -> None:
        super().__init__(window)
        self.window = window
        self.session = window.session
        self.desk = desk
        capacity = window.session.settings.feed_rows or 5000
        # New rows land about 7 times a second: smooth to read, and each repaint is paid for fewer times.
        self.model = FeedModel(capacity=capacity, flush_ms=150, parent=self)
        self.view = FeedView(self.model, self)
        self.filter = QComboBox(self)
        self.filter.setObjectName("feed-filter")
        for key, label in (("all", self.tr("All")), ("questions", self.tr("Questions")),
                           ("intent", self.tr("Want to buy")), ("flagged", self.tr("Flagged")),
                           ("held", self.tr("Held")), ("user", self.tr("This viewer")),
                           ("product", self.tr("While this product was on stage"))):
            self.filter.addItem(label, key)
        self.filter.currentIndexChanged.connect(self._filter_changed)
        # The longest filter name must not set the column's width.
        self.filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.filter.setMinimumContentsLength(8)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search the whole session…"))
        self.search.setClearButtonEnabled(True)
        self.search.returnPressed.connect(self.run_search)
        self.search.textChanged.connect(lambda t: not t and self._filter_changed())
        self.rules_mode = self._rules_mode_box(desk)
        # On a crew, one seat's rules act (the lease holder); on the others they only mark.
        self.lease_line = plain_label("", self, wrap=True)
        self.lease_line.setObjectName("rules-lease")
        self.lease_line.setStyleSheet("color: #8a5300;")
        self.lease_line.hide()
        self.rate = plain_label("", self)
        self.rate.setObjectName("feed-rate")
        # A line of its own under the feed: never clipped, never a reason for the column to widen.
        self.rate.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.rate.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.search.setMinimumWidth(80)
        # A room on platforms without a comment API (WeChat) has no feed: say so, and where to look.
        self.no_feed = plain_label("", self, wrap=True)
        self.no_feed.setObjectName("feed-unavailable")
        self.no_feed.hide()
        # Slow / followers-only / shield / announce: the moderators' controls for a storm.
        self.chat_modes = ChatModesBar(window, self)
        lists = QPushButton(self.tr("Word lists…"), self)
        lists.clicked.connect(self.open_word_lists)
        top = QHBoxLayout()
        top.addWidget(self.filter)
        top.addWidget(self.search, 1)
        second = QHBoxLayout()
        second.addWidget(self.rules_mode, 1)
        second.addWidget(lists)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addLayout(second)
        layout.addWidget(self.chat_modes)
        layout.addWidget(self.lease_line)
        layout.addWidget(self.no_feed)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.rate)
        self.view.doubleClicked.connect(lambda _i: self.open_user_card())
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self.open_menu)
        keys = [("D", lambda: self.act(Action.DELETE)), ("Delete", lambda: self.act(Action.DELETE)),
                ("M", lambda: self.act(Action.MUTE, 10)), ("Shift+M", lambda: self.act(Action.MUTE, 60)),
                ("B", lambda: self.act(Action.BAN)), ("H", lambda: self.act(Action.HIDE_LOCAL)),
                ("P", lambda: self.pin(origin="key")), ("A", self.approve), ("R", self.reject), ("U", self.open_user_card),
                ("Return", self.open_user_card)]
        add_shortcuts(self.view, keys)
        desk.batch_ready.connect(self._batch)
        desk.comment_changed.connect(self._comment_changed)
        desk.rate_changed.connect(self._rate)
        self._unsubscribe_lease = self.session.crew.moderation.lease_changed.connect(self.show_lease)

    def _rules_mode_box(self, desk: CommentDesk) -> QComboBox:
        """Whether this console's rules act, only mark, or are tested (one console a room acts)."""
        box = QComboBox(self)
        box.setObjectName("rules-mode")
        for mode in RulesMode:
            box.addItem(tr_text(mode.label), mode)
        box.setCurrentIndex(box.findData(desk.rules_mode))
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        box.setMinimumContentsLength(10)
        box.setToolTip(self.tr(
            "Only one console per room should let the rules act; on the others they only mark comments "
            "(flags and badges) and you act by hand.\nTest mode: the rules say in the mod log what they would "
            "do; nothing is deleted, muted or held."))
        box.activated.connect(lambda _i: self.session.set_rules_mode(box.currentData()))
        return box

    def _comment_changed(self, comment_id: str) -> None:
        self.model.changed(comment_id)
        row = self.model.row_of(comment_id)
        item = self.model.item(row) if row is not None else self.model.find_pending(comment_id)
        # Held after it was shown (a crew seat that took the lease over catches up): out of the feed,
        # the moderator's place and selection kept (not the whole feed rebuilt and scrolled down).
        if item is not None and item.record.state is CommentState.HELD and self.filter.currentData() != "held":
            self.model.drop(comment_id)

    def show_lease(self, lease=None, holds: bool = False) -> None:
        """Whose seat the automatic rules act on, when it is not this one."""
        moderation = self.session.crew.moderation
        lease, holds = moderation.lease, moderation.holds
        other = self.session.crew.active and not holds and lease is not None and bool(lease.seat_id) \
            and lease.seat_id != self.session.crew.seat_id
        self.lease_line.setText(self.tr("Rules act on {name}'s seat; here they only mark.").format(
            name=staff_name_text(lease.staff_name)) if other else "")
        self.lease_line.setVisible(other)

    def room_changed(self) -> None:
        """Another room: its feed starts empty (the desk put the old room's comments away)."""
        room = self.session.room
        note = why_not_text(room, Capability.COMMENT_STREAM) if room is not None else ""
        self.no_feed.setText(note if room is not None and not room.supports(Capability.COMMENT_STREAM) else "")
        self.no_feed.setVisible(bool(self.no_feed.text()))
        self.view.itemDelegate().set_sources({
            b.connection_id: b.platform.kind for b in (room.bindings if room is not None else ())
            if Capability.COMMENT_STREAM in b.platform.capabilities})
        self._filter_changed()
        # A new room's feed runs live from its first comment: a pause the old room's rows left
        # (scrolled up, the pointer over it) would hold the new room's comments back unseen.
        self.view.jump_to_newest()
        self.show_lease()
        self.chat_modes.refresh()

    def _batch(self, records) -> None:
        push, local_of = self.model.push, self.session.platform_clock.local_of
        for record in records:
            push(FeedItem.of(record, local_of))

    def _rate(self, per_s: float) -> None:
        self.rate.setText(self.tr("{rate:.0f}/s · {total}").format(rate=per_s, total=self.desk.total))
        self.rate.setToolTip(self.tr("{rate:.0f} comments/s · {total} this session").format(rate=per_s,
                                                                                           total=self.desk.total))

    def selected(self):
        idx = self.view.currentIndex()
        return self.model.data(idx, ItemRole) if idx.isValid() else None

    def _filter_changed(self, *_a) -> None:
        key = self.filter.currentData()
        item = self.selected()
        user = item.comment.user_id if (key == "user" and item is not None) else self.desk.filter_user
        room = self.session.room
        product = room.state.stage_product_id if (key == "product" and room is not None) else None
        self.model.replace_all([FeedItem.of(r, self.session.platform_clock.local_of)
                                for r in self.desk.set_filter(key, user=user, product=product)])
        self.view.scrollToBottom()

    def run_search(self) -> None:
        text = self.search.text().strip()
        store = self.desk.store
        if not text or store is None:
            return

        async def search() -> None:
            # Off the ui thread: a short query over a long session scans the table.
            limit = self.model.capacity   # (read here: the panel itself never goes to the worker thread)
            found = await asyncio.to_thread(lambda: (store.flush(), store.search(text, limit=limit))[1])
            if self.search.text().strip() != text:
                return  # the operator typed on; a newer search (or none) applies
            self.desk.filter = "search"  # new comments do not join a search result
            local_of = self.session.platform_clock.local_of
            self.model.replace_all([FeedItem.of(self.desk.found(s), local_of) for s in reversed(found)])
            self.window.show_status(count_text(len(found), self.tr("{n} comment contains “{text}”"),
                                               self.tr("{n} comments contain “{text}”"), text=text), 5000)

        self.session.tasks.spawn(search(), name="comment-search", key="comment-search")

    def act(self, action: Action, minutes: int = 10) -> None:
        item = self.selected()
        kind = {Action.DELETE: "delete_comment", Action.MUTE: "mute_viewer", Action.BAN: "ban_viewer"}.get(action)
        allowed, why = self.session.may(kind) if kind is not None else (True, None)
        if not allowed:   # this seat's role may not: say why instead of failing on the platform
            self.window.show_status(tr_text(why) if why is not None else "", 5000)
            return
        if item is not None:
            self.desk.perform(item.record, action, minutes=minutes)

    def pin(self, *, origin: str = "click") -> None:
        item = self.selected()
        if item is not None:
            c = item.comment
            self.session.actions.run(PinComment(c.id), connection_id=c.connection_id, gate=f"pin:{c.id}",
                                     origin=origin)   # the journal tells the P key from a click

    def approve(self) -> None:
        item = self.selected()
        if item is not None:
            self.desk.approve(item.comment.id, item.record)   # (the record: one the review queue let go)

    def reject(self) -> None:
        item = self.selected()
        if item is not None:
            self.desk.reject(item.comment.id, item.record)

    def open_user_card(self) -> None:
        item = self.selected()
        if item is not None:
            UserCard(self.window, self.desk, item.record).open()

    def open_menu(self, pos: QPoint) -> QMenu | None:
        """The right-click menu of the comment under `pos` (selected first); the menu, for tests."""
        index = self.view.indexAt(pos)
        if index.isValid():
            self.view.setCurrentIndex(index)
        menu = comment_menu(self)
        if menu is not None:
            menu.popup(self.view.viewport().mapToGlobal(pos))
        return menu

    def open_word_lists(self) -> None:
        WordListsDialog(self.window, self.desk).open()

    def stop(self) -> None:
        self._unsubscribe_lease()
        self.chat_modes.stop()
        self.model.stop()
