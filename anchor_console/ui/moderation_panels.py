"""The comment panels: the live feed (filters, search, keyboard moderation, pause on hover), the
review queue with the mod log, the buyer-question queue, the user card and the word lists.

Feed keys: ↑/↓ move, D delete, M mute 10 min, Shift+M mute 60 min, B ban, P pin, H hide here,
A approve (held), R reject (held), U or Enter user card."""

from __future__ import annotations

import asyncio

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, Qt, QTimer
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from anchor_console.domain.capabilities import Capability
from anchor_console.moderation.wordlists import Action, WordListError
from anchor_console.ui.comment_desk import CommentDesk
from anchor_console.ui.feed_view import FeedModel, FeedView, ItemRole, display_text, make_item, time_of_day
from anchor_console.ui.i18n import tr_text
from anchor_console.ui.widgets import ListMirror, Throttle, plain_label


def actor_label(actor: str) -> str:
    """A person's name as is; a rule id ("detector:repeat", "list:diversion") as "rule"."""
    if actor.startswith(("detector:", "list:")):
        return QCoreApplication.translate("Moderation", "rule")
    return actor


def state_label(state: str) -> str:
    labels = {"held": QCoreApplication.translate("CommentState", "held"),
              "hidden": QCoreApplication.translate("CommentState", "hidden here"),
              "deleted": QCoreApplication.translate("CommentState", "deleted"),
              "deleting": QCoreApplication.translate("CommentState", "deleting"),
              "approved": QCoreApplication.translate("CommentState", "approved"),
              "pinned": QCoreApplication.translate("CommentState", "pinned")}
    return labels.get(state, state)


# ====================================================================== the feed


class CommentsPanel(QWidget):
    def __init__(self, window, desk: CommentDesk) -> None:
        super().__init__(window)
        self.window = window
        self.desk = desk
        capacity = getattr(window.console.settings, "feed_rows", 5000) or 5000
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
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search the whole session…"))
        self.search.setClearButtonEnabled(True)
        self.search.returnPressed.connect(self.run_search)
        self.search.textChanged.connect(lambda t: not t and self._filter_changed())
        self.test_mode = QCheckBox(self.tr("Test mode"), self)
        self.test_mode.setToolTip(self.tr("Rules only say what they would do; nothing is deleted, muted or held."))
        self.test_mode.toggled.connect(self._test_mode)
        self.rate = plain_label("", self)
        self.rate.setObjectName("feed-rate")
        # The rate line is informative, never a reason for the window to be wider than 1366 px.
        self.rate.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.search.setMinimumWidth(80)
        lists = QPushButton(self.tr("Word lists…"), self)
        lists.clicked.connect(self.open_word_lists)
        top = QHBoxLayout()
        top.addWidget(self.filter)
        top.addWidget(self.search, 1)
        second = QHBoxLayout()
        second.addWidget(self.test_mode)
        second.addWidget(self.rate, 1)
        second.addWidget(lists)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addLayout(second)
        layout.addWidget(self.view, 1)
        self.view.doubleClicked.connect(lambda _i: self.open_user_card())
        keys = [("D", lambda: self.act(Action.DELETE)), ("Delete", lambda: self.act(Action.DELETE)),
                ("M", lambda: self.act(Action.MUTE, 10)), ("Shift+M", lambda: self.act(Action.MUTE, 60)),
                ("B", lambda: self.act(Action.BAN)), ("H", lambda: self.act(Action.HIDE_LOCAL)),
                ("P", self.pin), ("A", self.approve), ("R", self.reject), ("U", self.open_user_card),
                ("Return", self.open_user_card)]
        for key, slot in keys:
            sc = QShortcut(QKeySequence(key), self.view)
            sc.setContext(Qt.ShortcutContext.WidgetShortcut)
            sc.activated.connect(slot)
        desk.batch_ready.connect(self._batch)
        desk.item_changed.connect(self.model.changed)
        desk.rate_changed.connect(self._rate)

    def _batch(self, items) -> None:
        for item in items:
            self.model.push(item)

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
        room = self.window.console.room
        product = room.state.stage_product_id if (key == "product" and room is not None) else None
        self.model.replace_all(self.desk.set_filter(key, user=user, product=product))
        self.view.scrollToBottom()

    def run_search(self) -> None:
        text = self.search.text().strip()
        store = self.desk.store
        if not text or store is None:
            return

        async def search() -> None:
            # Off the ui thread: a short query over a long session scans the table.
            found = await asyncio.to_thread(lambda: (store.flush(), store.search(text, limit=self.model.capacity))[1])
            if self.search.text().strip() != text:
                return  # the operator typed on; a newer search (or none) applies
            self.desk.filter = "search"  # new comments do not join a search result
            self.model.replace_all([make_item(s.as_comment()) for s in reversed(found)])
            self.window.show_status(self.tr("{n} comments contain “{text}”").format(n=len(found), text=text), 5000)

        self.window.console.tasks.spawn(search(), name="comment-search", key="comment-search")

    def _test_mode(self, on: bool) -> None:
        self.desk.pipeline.test_mode = on

    def act(self, action: Action, minutes: int = 10) -> None:
        item = self.selected()
        if item is not None:
            self.desk.perform(item, action, minutes=minutes)

    def pin(self) -> None:
        item = self.selected()
        if item is not None:
            self.desk.pin(item)

    def approve(self) -> None:
        item = self.selected()
        if item is not None:
            self.desk.approve(item.comment.id)

    def reject(self) -> None:
        item = self.selected()
        if item is not None:
            self.desk.reject(item.comment.id)

    def open_user_card(self) -> None:
        item = self.selected()
        if item is not None:
            UserCard(self.window, self.desk, item).open()

    def open_word_lists(self) -> None:
        WordListsDialog(self.window, self.desk).open()

    def stop(self) -> None:
        self.model._timer.stop()


# ====================================================================== review and mod log

SHOWN_HELD = 200


class ReviewPanel(QWidget):
    def __init__(self, window, desk: CommentDesk) -> None:
        super().__init__(window)
        self.desk = desk
        self.tabs = QTabWidget(self)
        self.held = QListWidget(self)
        self.held.setObjectName("review-queue")
        approve = QPushButton(self.tr("Approve (A)"), self)
        approve.clicked.connect(self.approve)
        reject = QPushButton(self.tr("Reject (R)"), self)
        reject.clicked.connect(self.reject)
        page = QWidget(self)
        pl = QVBoxLayout(page)
        pl.setContentsMargins(0, 0, 0, 0)
        pl.addWidget(self.held, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(approve)
        row.addWidget(reject)
        pl.addLayout(row)
        self.tabs.addTab(page, self.tr("Held for review"))
        self.log = QListWidget(self)
        self.log.setObjectName("mod-log")
        self.tabs.addTab(self.log, self.tr("Mod log"))
        self._log_dirty = self._held_dirty = True
        self._held_rows = ListMirror(self.held)
        self._log_rows = ListMirror(self.log)
        self.tabs.currentChanged.connect(self._tab_shown)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.tabs)
        for key, slot in (("A", self.approve), ("R", self.reject)):
            sc = QShortcut(QKeySequence(key), self.held)
            sc.setContext(Qt.ShortcutContext.WidgetShortcut)
            sc.activated.connect(slot)
        self._log_timer = Throttle(300, self.refresh_log, self)
        # Held spam can arrive by the hundred a second: the list redraws at most once a second.
        self._held_timer = Throttle(1000, self.refresh_held, self)
        desk.review_changed.connect(self._held_timer.poke)
        desk.modlog_changed.connect(self._log_timer.poke)
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
        if not self.held.isVisible():
            self._held_dirty = True  # drawn when it is looked at
            return
        self._held_dirty = False
        held = self.desk.review.items(SHOWN_HELD)  # oldest first: work from the top

        def make(i: int) -> QListWidgetItem:
            comment, verdict = held[i]
            why = tr_text(verdict.reason) if verdict.reason else ""
            item = QListWidgetItem(f"{time_of_day(comment.created_at)} {display_text(comment.nickname, 20)}: "
                                   f"{display_text(comment.text, 120)}   — {why}")
            item.setData(Qt.ItemDataRole.UserRole, comment.id)
            return item

        self._held_rows.sync([comment.id for comment, _v in held], make)
        if self.held.currentRow() < 0 and self.held.count():
            self.held.setCurrentRow(0)

    def refresh_log(self) -> None:
        if not self.log.isVisible():
            self._log_dirty = True  # drawn when it is looked at
            return
        self._log_dirty = False
        entries = self.desk.modlog.recent(300)

        def make(i: int) -> QListWidgetItem:
            e = entries[i]
            result = {"done": "✓", "fell_back": "↘", "failed": "✗"}.get(e.result, "")
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


# ====================================================================== buyer questions


class QuestionsModel(QAbstractTableModel):
    def __init__(self, window, parent=None) -> None:
        super().__init__(parent)
        self.window = window
        self.groups = []

    def set_groups(self, groups) -> None:
        self.beginResetModel()
        self.groups = list(groups)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self.groups)

    def columnCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else 3

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return [self.tr("Asked"), self.tr("Times"), self.tr("Product on stage")][section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        g = self.groups[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == 0:
                return ("★ " if g.sent_to_presenter else "") + display_text(g.text, 40)
            if index.column() == 1:
                return f"×{g.count}"
            if index.column() == 2:
                return self.window.catalog.product_name(g.product_id) if g.product_id else "—"
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join(display_text(e, 60) for e in [g.text, *g.examples])
        if role == Qt.ItemDataRole.ForegroundRole and g.answered:
            return QColor("#9e9e9e")
        return None


class QuestionsPanel(QWidget):
    def __init__(self, window, desk: CommentDesk) -> None:
        super().__init__(window)
        self.window = window
        self.desk = desk
        self.kind = QComboBox(self)
        self.kind.addItem(self.tr("Questions"), "question")
        self.kind.addItem(self.tr("Want to buy"), "intent")
        self.kind.currentIndexChanged.connect(lambda _i: self.refresh())
        self.model = QuestionsModel(window, self)
        self.view = QTableView(self)
        self.view.setObjectName("question-groups")
        self.view.setModel(self.model)
        self.view.verticalHeader().hide()
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        to_presenter = QPushButton(self.tr("To presenter view"), self)
        to_presenter.setToolTip(self.tr("Show this question on the anchor's screen"))
        to_presenter.clicked.connect(self.send_to_presenter)
        self.answer = QLineEdit(self)
        self.answer.setPlaceholderText(self.tr("Answer to post and pin, e.g. XL有货,拍2号链接"))
        self.answer.returnPressed.connect(self.post_answer)
        answer = QPushButton(self.tr("Post and pin"), self)
        answer.clicked.connect(self.post_answer)
        done = QPushButton(self.tr("Answered"), self)
        done.clicked.connect(self.mark_answered)
        row = QHBoxLayout()
        row.addWidget(self.kind)
        row.addStretch(1)
        row.addWidget(to_presenter)
        row.addWidget(done)
        row2 = QHBoxLayout()
        row2.addWidget(self.answer, 1)
        row2.addWidget(answer)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(row)
        layout.addWidget(self.view, 1)
        layout.addLayout(row2)
        # Groups change with every question: once a second is plenty.
        self._refresh = Throttle(1000, self.refresh, self)
        desk.questions_changed.connect(self._refresh.poke)
        self.refresh()

    def refresh(self) -> None:
        selected = self.selected()
        self.model.set_groups(self.desk.questions.top(30, kind=self.kind.currentData()))
        if selected is not None:
            for row, g in enumerate(self.model.groups):
                if g.id == selected.id:
                    self.view.selectRow(row)
        presenter = getattr(self.window, "presenter", None)
        if presenter is not None:
            presenter.set_questions(self.top_for_presenter())

    def top_for_presenter(self) -> list[tuple[str, int]]:
        chosen = [g for g in self.desk.questions.top(30) if g.sent_to_presenter]
        rest = [g for g in self.desk.questions.top(6) if not g.sent_to_presenter]
        return [(g.text, g.count) for g in (chosen + rest)[:6]]

    def selected(self):
        rows = self.view.selectionModel().selectedRows() if self.view.selectionModel() else []
        return self.model.groups[rows[0].row()] if rows and rows[0].row() < len(self.model.groups) else None

    def send_to_presenter(self) -> None:
        g = self.selected()
        if g is None:
            return
        g.sent_to_presenter = True
        self.window.show_runner.anchor_message.emit(self.tr("Buyers ask: {q} (×{n})").format(q=g.text, n=g.count))
        self.refresh()

    def mark_answered(self) -> None:
        g = self.selected()
        if g is not None:
            self.desk.questions.mark_answered(g.id)
            self.refresh()

    def post_answer(self) -> None:
        text = self.answer.text().strip()
        room = self.window.console.room
        if not text or room is None:
            return
        g = self.selected()
        self.answer.clear()
        actions = self.window.actions

        async def post_and_pin() -> None:
            outcome = await room.perform("post_comment", {"text": text}, origin="manual",
                                         actor=self.window.console.operator)
            for connection_id, result in outcome.results().items():
                if result and room.supports(Capability.PIN, connection_id):
                    await room.perform("pin_comment", {"comment_id": result["id"], "pinned": True},
                                       connection_id=connection_id, actor=self.window.console.operator)
            actions.report(outcome, self.tr("Post answer: {text}").format(text=text))

        self.window.console.tasks.spawn(post_and_pin(), name="post-answer")
        if g is not None:
            self.desk.questions.mark_answered(g.id)
            self.refresh()


# ====================================================================== the user card


class UserCard(QDialog):
    def __init__(self, window, desk: CommentDesk, item) -> None:
        super().__init__(window)
        self.desk = desk
        self.item = item
        c = item.comment
        self.setWindowTitle(self.tr("Viewer: {name}").format(name=display_text(c.nickname, 30)))
        self.setObjectName("user-card")
        self.resize(560, 520)
        room = window.console.room
        platform = room.platform_name(c.connection_id) if room is not None else c.connection_id
        head = plain_label(f"{c.nickname}  ·  {c.user_id}  ·  {platform}", self)
        head.setWordWrap(True)
        self.comments = QPlainTextEdit(self)  # plain text: a viewer's words are never markup
        self.comments.setReadOnly(True)
        self.actions = QListWidget(self)
        store = desk.store
        if store is not None:
            store.flush()
            rows = store.by_user(c.user_id, limit=1000)
            self.comments.setPlainText("\n".join(f"{time_of_day(s.created_at)}  {s.text}" + (f"   [{state_label(s.state)}]" if s.state else "")
                                                 for s in rows))
        for e in desk.modlog.for_user(c.user_id):
            self.actions.addItem(f"{time_of_day(e.at)} {tr_text(e.action.label)} — {tr_text(e.reason)} · {actor_label(e.actor)}")
        if self.actions.count() == 0:
            self.actions.addItem(self.tr("No moderation actions yet"))
        buttons = QHBoxLayout()
        for text, slot in ((self.tr("Mute 10 min"), lambda: desk.perform(item, Action.MUTE, minutes=10)),
                           (self.tr("Mute 60 min"), lambda: desk.perform(item, Action.MUTE, minutes=60)),
                           (self.tr("Unmute"), lambda: desk.unmute(item)),
                           (self.tr("Ban"), lambda: desk.perform(item, Action.BAN))):
            b = QPushButton(text, self)
            b.clicked.connect(slot)
            buttons.addWidget(b)
        self.allow = QCheckBox(self.tr("Trusted viewer: rules never act on them"), self)
        self.allow.setChecked(c.user_id in desk.pipeline.allow_list)
        self.allow.toggled.connect(lambda on: desk.allow(c.user_id, on))
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(head)
        layout.addWidget(plain_label(self.tr("Comments this session"), self))
        layout.addWidget(self.comments, 2)
        layout.addWidget(plain_label(self.tr("Moderation so far"), self))
        layout.addWidget(self.actions, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.allow)
        layout.addWidget(close)


# ====================================================================== word lists


class WordListsDialog(QDialog):
    """Groups of words, each with its action; edits apply at once. Import/export .txt and .csv;
    a test box shows which rule a sample comment would trigger."""

    def __init__(self, window, desk: CommentDesk) -> None:
        super().__init__(window)
        self.desk = desk
        self.lists = desk.lists
        self.setWindowTitle(self.tr("Word lists"))
        self.setObjectName("word-lists")
        self.resize(820, 560)
        self.groups = QListWidget(self)
        self.groups.currentRowChanged.connect(self._show)
        self.action = QComboBox(self)
        for a in Action:
            self.action.addItem(tr_text(a.label), a)
        self.action.currentIndexChanged.connect(self._action_changed)
        self.minutes = QSpinBox(self)
        self.minutes.setRange(1, 7 * 24 * 60)
        self.minutes.setSuffix(self.tr(" min"))
        self.minutes.valueChanged.connect(self._action_changed)
        self.enabled = QCheckBox(self.tr("In use"), self)
        self.enabled.toggled.connect(self._action_changed)
        self.words = QPlainTextEdit(self)
        self.words.setPlaceholderText(self.tr("One entry per line. “=word” matches a Latin word only as a whole word; "
                                              "“re:” starts a regular expression."))
        self.apply_words = QPushButton(self.tr("Apply"), self)
        self.apply_words.clicked.connect(self._words_changed)
        self.error = plain_label("", self)
        self.error.setStyleSheet("color: #c62828;")
        self.error.setWordWrap(True)
        self.sample = QLineEdit(self)
        self.sample.setPlaceholderText(self.tr("Try a comment: which rule would fire?"))
        self.sample.textChanged.connect(self._try)
        self.result = plain_label("", self)
        self.result.setWordWrap(True)
        add = QPushButton(self.tr("New group"), self)
        add.clicked.connect(self._add_group)
        imp = QPushButton(self.tr("Import…"), self)
        imp.clicked.connect(self._import)
        exp = QPushButton(self.tr("Export…"), self)
        exp.clicked.connect(self._export)
        left = QVBoxLayout()
        left.addWidget(self.groups, 1)
        left_buttons = QHBoxLayout()
        for b in (add, imp, exp):
            left_buttons.addWidget(b)
        left.addLayout(left_buttons)
        right = QVBoxLayout()
        row = QHBoxLayout()
        row.addWidget(plain_label(self.tr("Action"), self))
        row.addWidget(self.action)
        row.addWidget(plain_label(self.tr("Mute for"), self))
        row.addWidget(self.minutes)
        row.addWidget(self.enabled)
        row.addStretch(1)
        right.addLayout(row)
        right.addWidget(self.words, 1)
        apply_row = QHBoxLayout()
        apply_row.addWidget(self.error, 1)
        apply_row.addWidget(self.apply_words)
        right.addLayout(apply_row)
        right.addWidget(self.sample)
        right.addWidget(self.result)
        body = QHBoxLayout()
        body.addLayout(left, 1)
        body.addLayout(right, 2)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(close)
        self._loading = False
        self._refill()

    def _refill(self, select: int = 0) -> None:
        self.groups.blockSignals(True)
        self.groups.clear()
        for g in self.lists.groups:
            self.groups.addItem(f"{g.name} ({len(g.words)}) → {tr_text(g.action.label)}")
        self.groups.blockSignals(False)
        self.groups.setCurrentRow(min(select, self.groups.count() - 1))
        self._show(self.groups.currentRow())

    def _group(self):
        row = self.groups.currentRow()
        return self.lists.groups[row] if 0 <= row < len(self.lists.groups) else None

    def _show(self, _row: int) -> None:
        g = self._group()
        if g is None:
            return
        self._loading = True
        self.action.setCurrentIndex(self.action.findData(g.action))
        self.minutes.setValue(g.mute_minutes)
        self.enabled.setChecked(g.enabled)
        self.words.setPlainText("\n".join(g.words))
        self.error.setText("")
        self._loading = False

    def _save(self) -> None:
        self.lists.changed()
        self.desk.save_word_lists()
        row = self.groups.currentRow()
        self._refill(row)

    def _action_changed(self, *_a) -> None:
        g = self._group()
        if g is None or self._loading:
            return
        g.action, g.mute_minutes, g.enabled = self.action.currentData(), self.minutes.value(), self.enabled.isChecked()
        self._save()

    def _words_changed(self) -> None:
        g = self._group()
        if g is None:
            return
        try:
            self.lists.set_words(g.key, self.words.toPlainText().splitlines())
        except WordListError as exc:
            self.error.setText(tr_text(exc.message))
            return
        self._save()

    def _add_group(self) -> None:
        self.lists.add_group(self.tr("New group"), Action.HOLD)
        self._save()
        self._refill(len(self.lists.groups) - 1)

    def _import(self) -> None:
        dialog = QFileDialog(self, self.tr("Import words"), "", self.tr("Word lists (*.txt *.csv)"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)

        def chosen(path: str) -> None:
            try:
                n = self.lists.import_file(path, default_group=self._group().name if self._group() else None)
            except WordListError as exc:
                self.error.setText(tr_text(exc.message))
                return
            self._save()
            self.error.setText(self.tr("{n} entries imported").format(n=n))

        dialog.fileSelected.connect(chosen)
        dialog.open()

    def _export(self) -> None:
        dialog = QFileDialog(self, self.tr("Export words"), "wordlists.csv", self.tr("Word lists (*.txt *.csv)"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.fileSelected.connect(lambda p: self.lists.export(p))
        dialog.open()

    def _try(self, text: str) -> None:
        from anchor_console.domain.models import Comment
        from anchor_console.moderation.pipeline import ModerationPipeline

        if not text:
            self.result.setText("")
            return
        probe = ModerationPipeline(self.lists, self.desk.clock)  # its own flood state: a test changes nothing
        v = probe.classify(Comment("test", "", "test-user", "", text, 0.0))
        if not v.matches:
            self.result.setText(self.tr("No rule fires: shown.") + (self.tr(" (a question)") if v.question else ""))
            return
        lines = [self.tr("Would {action}: {why}").format(action=tr_text(v.action.label), why=tr_text(v.reason))]
        for m in v.matches:
            lines.append(f"· {tr_text(m.name)} → {tr_text(m.action.label)} ({m.detail})")
        self.result.setText("\n".join(lines))


# ====================================================================== installing


def install_moderation(window) -> None:
    desk = CommentDesk(window.console, window)
    window.comment_desk = desk
    window.comments = CommentsPanel(window, desk)
    window.review = ReviewPanel(window, desk)
    window.questions = QuestionsPanel(window, desk)
    window.add_dock("comments", QCoreApplication.translate("MainWindow", "Comments"), window.comments,
                    Qt.DockWidgetArea.LeftDockWidgetArea)
    review_dock = window.add_dock("review", QCoreApplication.translate("MainWindow", "Review and mod log"),
                                  window.review, Qt.DockWidgetArea.BottomDockWidgetArea)
    window.tabifyDockWidget(window.docks["journal"], review_dock)
    window.docks["journal"].raise_()
    window.tab_groups.append(["journal", "review"])
    questions_dock = window.add_dock("questions", QCoreApplication.translate("MainWindow", "Buyer questions"),
                                     window.questions, Qt.DockWidgetArea.RightDockWidgetArea)
    if "timeline" in window.docks:
        window.tabifyDockWidget(window.docks["timeline"], questions_dock)
        window.docks["promotions"].raise_()
        for group in window.tab_groups:
            if group[0] == "promotions":
                group.append("questions")
    window.question_groups = window.questions.top_for_presenter
    window.panels["comment_desk"] = desk  # so its stop() runs at shutdown
