"""The comment feed's list: a bounded window over a fast stream.

Comments arrive thousands a second; the view shows at most `capacity` rows (5,000 by default —
the whole session is in SQLite) and takes them in batches at most ten times a second, one
remove-from-the-top and one append per batch. Hovering the list or scrolling up pauses it: new
comments wait outside the model (so the row under the mouse never moves) and an "N new" button
brings the view back to the newest. Rows are painted as plain text, one line each — a comment
can never become markup, and a hostile string (bidi overrides, zero-width runs, zalgo, 2,000
characters) cannot spill out of its row."""

from __future__ import annotations

import collections
import itertools
from dataclasses import dataclass

from PySide6.QtCore import QAbstractListModel, QEvent, QModelIndex, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QPushButton, QStyle, QStyledItemDelegate, QTableView

from anchor_console.domain.events import Event
from anchor_console.domain.models import Comment
from anchor_console.domain.text import QT_TRANSLATE_NOOP
from anchor_console.moderation.desk import CommentState, DeskComment
from anchor_console.ui.common.display import display_text, time_of_day
from anchor_console.ui.common.i18n import tr_text
from anchor_console.ui.common.widgets import plain_tooltip

@dataclass(slots=True)
class FeedItem:
    """A row of the feed: the desk's record of the comment and its text made safe for one line
    (worked out once, not on every paint)."""

    record: DeskComment
    time_text: str
    nickname: str
    text: str

    @classmethod
    def of(cls, record: DeskComment, local_of=None) -> "FeedItem":
        """`local_of(time, connection id)`: a platform's time on this computer's clock (the session's
        PlatformClock.local_of), so the feed's times agree with the journal's beside it."""
        c = record.comment
        at = local_of(c.created_at, c.connection_id) if local_of is not None else c.created_at
        return cls(record, time_of_day(at), display_text(c.nickname, 24), display_text(c.text))

    @property
    def comment(self) -> Comment:
        return self.record.comment


ItemRole = Qt.ItemDataRole.UserRole + 1
HELD, PINNED, DELETED, HIDDEN = CommentState.HELD, CommentState.PINNED, CommentState.DELETED, CommentState.HIDDEN
DELETING, DELETE_FAILED = CommentState.DELETING, CommentState.DELETE_FAILED


# A comment's badges, in the order they are painted: a short word (问/买/审 in Chinese) that reads
# at a glance in a narrow column, and what it means, for the row's tooltip.
BADGES = {
    "staff": (QT_TRANSLATE_NOOP("FeedDelegate", "Staff"),
              QT_TRANSLATE_NOOP("FeedDelegate", "Staff: written by the room's staff")),
    "announcement": (QT_TRANSLATE_NOOP("FeedDelegate", "Notice"),
                     QT_TRANSLATE_NOOP("FeedDelegate", "Notice: the room's announcement")),
    "held": (QT_TRANSLATE_NOOP("FeedDelegate", "Held"),
             QT_TRANSLATE_NOOP("FeedDelegate", "Held: the viewers do not see it until a moderator lets it through")),
    "pinned": (QT_TRANSLATE_NOOP("FeedDelegate", "Pin"),
               QT_TRANSLATE_NOOP("FeedDelegate", "Pin: pinned at the top of the chat")),
    "flagged": (QT_TRANSLATE_NOOP("FeedDelegate", "!"),
                QT_TRANSLATE_NOOP("FeedDelegate", "!: flagged by a moderation rule")),
    "question": (QT_TRANSLATE_NOOP("FeedDelegate", "Q"),
                 QT_TRANSLATE_NOOP("FeedDelegate", "Q: a viewer's question")),
    "intent": (QT_TRANSLATE_NOOP("FeedDelegate", "Buy"),
               QT_TRANSLATE_NOOP("FeedDelegate", "Buy: the viewer wants to buy")),
}


def badges_of(record: DeskComment) -> list[str]:
    """The keys of BADGES a comment wears."""
    comment, state = record.comment, record.state
    return [key for key, on in (("staff", comment.is_staff), ("announcement", bool(comment.announcement)),
                                ("held", state is HELD), ("pinned", state is PINNED or comment.pinned),
                                ("flagged", record.flagged), ("question", record.question),
                                ("intent", record.intent)) if on]


class FeedModel(QAbstractListModel):
    """Bounded list of FeedItems; appends in timed batches; pausable."""

    new_while_paused = Signal(int)   # how many are waiting
    flushed = Signal(int)            # rows appended by the last flush

    def __init__(self, capacity: int = 5000, flush_ms: int = 100, parent=None) -> None:
        super().__init__(parent)
        self.capacity = capacity
        self._rows: collections.deque[FeedItem] = collections.deque()
        self._pending: collections.deque[FeedItem] = collections.deque(maxlen=capacity)
        # comment id -> its item waiting in `_pending`: a change to a comment during a pause (a spam
        # wave's deletions, hundreds a second) finds it at once, not by scanning thousands waiting.
        self._waiting: dict[str, FeedItem] = {}
        self._first_seq = 0           # seq of row 0; row of an item = its seq - first seq
        self._seq_of: dict[str, int] = {}
        self._pauses: set[str] = set()
        self._timer = QTimer(self)
        self._timer.setInterval(flush_ms)
        self._timer.timeout.connect(self.flush)
        self._timer.start()
        self.appended = Event("feed.appended")   # (the FeedItems a flush added; for measuring latency)

    def stop(self) -> None:
        self._timer.stop()

    # -- input --------------------------------------------------------------------------
    def push(self, item: FeedItem) -> None:
        if len(self._pending) == self.capacity:   # full: the oldest waiting goes (as the deque's maxlen would)
            self._forget_waiting(self._pending.popleft())
        self._pending.append(item)
        self._waiting[item.comment.id] = item

    def _forget_waiting(self, item: FeedItem) -> None:
        if self._waiting.get(item.comment.id) is item:
            del self._waiting[item.comment.id]

    def pending_count(self) -> int:
        return len(self._pending)

    @property
    def paused(self) -> bool:
        return bool(self._pauses)

    def pause(self, reason: str) -> None:
        self._pauses.add(reason)

    def resume(self, reason: str) -> None:
        self._pauses.discard(reason)
        if not self._pauses:
            self.flush()

    def flush(self) -> None:
        if not self._pending:
            return
        if self._pauses:
            self.new_while_paused.emit(len(self._pending))
            return
        batch = list(self._pending)
        self._pending.clear()
        self._waiting.clear()
        overflow = len(self._rows) + len(batch) - self.capacity
        if overflow >= len(self._rows) and self._rows:
            # The batch alone fills the window: one reset is cheaper than remove + insert.
            self.beginResetModel()
            for item in self._rows:
                self._seq_of.pop(item.comment.id, None)
            self._first_seq += len(self._rows)
            self._rows.clear()
            self._append(batch[-self.capacity:], dropped=len(batch) - self.capacity)
            self.endResetModel()
        else:
            if overflow > 0:
                self.beginRemoveRows(QModelIndex(), 0, overflow - 1)
                for _ in range(overflow):
                    self._seq_of.pop(self._rows.popleft().comment.id, None)
                self._first_seq += overflow
                self.endRemoveRows()
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(batch) - 1)
            self._append(batch)
            self.endInsertRows()
        self.new_while_paused.emit(0)
        self.flushed.emit(len(batch))
        self.appended.emit(batch)

    def _append(self, items: list[FeedItem], dropped: int = 0) -> None:
        if dropped > 0:
            self._first_seq += dropped
        seq = self._first_seq + len(self._rows)
        for item in items:
            self._rows.append(item)
            self._seq_of[item.comment.id] = seq
            seq += 1

    def clear(self) -> None:
        self.replace_all([])

    def replace_all(self, items: list[FeedItem]) -> None:
        """A new filter: show these (oldest first) instead; nothing waits to be shown."""
        self.beginResetModel()
        self._rows.clear()
        self._pending.clear()
        self._waiting.clear()
        self._seq_of.clear()
        self._first_seq = 0
        self._append(items[-self.capacity:])
        self.endResetModel()

    # -- lookup and updates --------------------------------------------------------------
    def row_of(self, comment_id: str) -> int | None:
        seq = self._seq_of.get(comment_id)
        return None if seq is None else seq - self._first_seq

    def item(self, row: int) -> FeedItem | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def find_pending(self, comment_id: str) -> FeedItem | None:
        return self._waiting.get(comment_id)

    def drop(self, comment_id: str) -> None:
        """Take one comment out (held after it was shown): the rows around it stay where they are."""
        if self._waiting.pop(comment_id, None) is not None:   # rare: one pass over those waiting
            self._pending = collections.deque((it for it in self._pending if it.comment.id != comment_id),
                                              maxlen=self.capacity)
        row = self.row_of(comment_id)
        if row is None:
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        del self._seq_of[comment_id]
        for item in itertools.islice(self._rows, row, None):   # each one row up
            self._seq_of[item.comment.id] -= 1
        self.endRemoveRows()

    def changed(self, comment_id: str) -> None:
        row = self.row_of(comment_id)
        if row is not None:
            idx = self.index(row)
            self.dataChanged.emit(idx, idx)

    def items(self) -> list[FeedItem]:
        return list(self._rows)

    # -- Qt model ------------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        item = self._rows[index.row()]
        if role == ItemRole:
            return item
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{item.time_text} {item.nickname}: {item.text}"
        if role == Qt.ItemDataRole.ToolTipRole:
            # Each on a line of its own, as the row shows it: no override turns the tooltip around.
            tip = (f"{display_text(item.comment.nickname)} ({display_text(item.comment.user_id)})\n"
                   f"{display_text(item.comment.text, 500)}")
            why = item.record.verdict.reason if item.record.verdict is not None else None
            # Translated when the tooltip is asked for, not for every comment as it arrives.
            tip += f"\n— {tr_text(why)}" if why is not None else ""
            badges = "\n".join(tr_text(BADGES[key][1]) for key in badges_of(item.record))
            return plain_tooltip(tip + (f"\n\n{badges}" if badges else ""))
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{item.nickname}: {item.text}"
        return None


# Painting runs for every visible row several times a second during a storm, so everything that
# does not depend on the row is computed once: PySide's enum arithmetic and QFont/QFontMetrics
# construction cost more than the drawing itself.
_LINE = int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextSingleLine
            | Qt.TextFlag.TextForceLeftToRight)
_CENTER = int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextSingleLine)
_SELECTED = QStyle.StateFlag.State_Selected
_ELIDE = Qt.TextElideMode.ElideRight
_LTR = Qt.LayoutDirection.LeftToRight
_NO_PEN = Qt.PenStyle.NoPen
_HIGHLIGHT = QPalette.ColorRole.Highlight
_HIGHLIGHTED_TEXT = QPalette.ColorRole.HighlightedText
_TEXT = QPalette.ColorRole.Text
_BACKGROUNDS = {"held": QColor(255, 236, 179), "flagged": QColor(255, 224, 204), "pinned": QColor(252, 228, 236),
                "question": QColor(227, 242, 253), "intent": QColor(232, 245, 233),
                "announcement": QColor(237, 231, 246)}
_MUTED = QColor("#9e9e9e")
_NICK = QColor("#37474f")
_WHITE = QColor("white")
NICK_WIDTH = 140


class _Fonts:
    """The fonts and measures one row needs, for one base font."""

    def __init__(self, font: QFont) -> None:
        self.font = QFont(font)
        self.metrics = QFontMetrics(font)
        self.bold = QFont(font)
        self.bold.setBold(True)
        self.bold_metrics = QFontMetrics(self.bold)
        self.struck = QFont(font)
        self.struck.setStrikeOut(True)
        self.time_width = self.metrics.horizontalAdvance("00:00:00")
        self.line_height = self.metrics.height() + 8
        self.two_line_height = 2 * self.metrics.height() + 10
        # No character is wider than this (CJK ideographs and emoji are about one em): a text
        # shorter than width / widest needs no eliding, which spares measuring most comments.
        self.widest = max(self.metrics.height(), self.bold_metrics.horizontalAdvance("\u56fd")) + 2
        self.badge_widths: dict[str, int] = {}


class FeedDelegate(QStyledItemDelegate):
    """Paints one comment per row: time, badges, nickname, text — plain text only. In a narrow
    column (`two_lines`) the text gets a line of its own, the column's full width, so a moderator
    reads what was said rather than "Kiki211 在…"."""

    BADGE_COLORS = {"question": QColor("#1565c0"), "intent": QColor("#2e7d32"), "flagged": QColor("#e65100"),
                    "held": QColor("#f9a825"), "staff": QColor("#6a1b9a"), "pinned": QColor("#ad1457"),
                    "announcement": QColor("#4527a0")}

    FAILED_COLOR = QColor("#c62828")   # the tag on a comment the platform would not delete

    # Platform tags, when one room reads comments from several platforms: which chat each came from.
    SOURCE_COLORS = (QColor("#455a64"), QColor("#c62828"), QColor("#6a1b9a"), QColor("#00838f"), QColor("#ef6c00"))

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._fonts: _Fonts | None = None
        self._font_key = ""
        self.two_lines = False
        self.sources: dict[str, tuple[str, QColor]] = {}   # connection id -> (tag, colour); empty: one source
        # Translated once: the language is chosen before any window opens, and rows are painted often.
        self.badges = {key: (tr_text(BADGES[key][0]), color) for key, color in self.BADGE_COLORS.items()}

    SOURCE_TAGS = {"studio": "ST", "youtube": "YT", "twitch": "TW", "tiktok_shop": "TT", "wechat_miniprogram": "WX",
                   "wechat_channels": "WX"}

    def set_sources(self, kinds: dict[str, str]) -> None:
        """The room's comment sources (connection id -> platform kind): tagged only if more than one;
        two connections of one kind are numbered."""
        tags: dict[str, tuple[str, QColor]] = {}
        for i, (cid, kind) in enumerate(kinds.items()):
            tag = self.SOURCE_TAGS.get(kind, kind[:2].upper())
            same = sum(1 for t, _c in tags.values() if t.rstrip("0123456789") == tag)
            tags[cid] = (f"{tag}{same + 1}" if same else tag, self.SOURCE_COLORS[i % len(self.SOURCE_COLORS)])
        self.sources = tags if len(tags) > 1 else {}

    def fonts(self, font: QFont) -> _Fonts:
        key = font.key()
        if self._fonts is None or key != self._font_key:
            self._fonts, self._font_key = _Fonts(font), key
        return self._fonts

    def row_height(self, font: QFont) -> int:
        f = self.fonts(font)
        return f.two_line_height if self.two_lines else f.line_height

    def sizeHint(self, option, index) -> QSize:
        return QSize(200, self.row_height(option.font))

    def paint(self, painter: QPainter, option, index) -> None:
        item: FeedItem = index.data(ItemRole)
        if item is None:
            return
        f = self.fonts(option.font)
        rect = option.rect
        x, y, right = rect.left() + 4, rect.top(), rect.right()
        h = f.line_height if not self.two_lines else f.metrics.height() + 4   # the first line
        palette = option.palette
        selected = bool(option.state & _SELECTED)
        record = item.record
        state = record.state
        painter.save()
        painter.setClipRect(rect)  # nothing a comment contains may draw outside its row
        painter.setLayoutDirection(_LTR)  # a comment's own direction marks cannot flip the row
        if selected:
            painter.fillRect(rect, palette.color(_HIGHLIGHT))
        else:
            background = ("held" if state is HELD else "flagged" if record.flagged else
                          "pinned" if record.highlight or state is PINNED else
                          "question" if record.question else "intent" if record.intent else
                          "announcement" if item.comment.announcement else None)
            if background is not None:
                painter.fillRect(rect, _BACKGROUNDS[background])
        text_color = palette.color(_HIGHLIGHTED_TEXT if selected else _TEXT)
        painter.setPen(text_color if selected else _MUTED)
        painter.drawText(QRect(x, y, f.time_width + 2, h), _LINE, item.time_text)
        x += f.time_width + 8
        comment = item.comment
        source = self.sources.get(comment.connection_id)
        if source is not None:
            x = self._tag(painter, f, x, y, h, source[0], source[1]) + 2
        for key in badges_of(record):
            label, color = self.badges[key]
            x = self._tag(painter, f, x, y, h, label, color)
        if state is DELETE_FAILED:   # still up for the viewers: said in words, not struck through
            x = self._tag(painter, f, x, y, h, tr_text(state.label), self.FAILED_COLOR)
        painter.setFont(f.bold)
        nick = item.nickname
        if len(nick) * f.widest > NICK_WIDTH:
            nick = f.bold_metrics.elidedText(nick, _ELIDE, NICK_WIDTH)
        nick_width = f.bold_metrics.horizontalAdvance(nick)
        painter.setPen(text_color if selected else _NICK)
        painter.drawText(QRect(x, y, nick_width + 2, h), _LINE, nick)
        x += nick_width + 6
        if self.two_lines:  # the text on a line of its own, under the name
            x, y, h = rect.left() + 12, y + h, rect.bottom() + 1 - (y + h)
        if state is DELETED or state is HIDDEN or state is DELETING:   # (being deleted: struck at once)
            painter.setFont(f.struck)
            painter.setPen(_MUTED)
        else:
            painter.setFont(f.font)
            painter.setPen(text_color)
        text = item.text
        room = max(10, right - x - 4)
        if len(text) * f.widest > room:
            text = f.metrics.elidedText(text, _ELIDE, room)
        painter.drawText(QRect(x, y, right - x, h), _LINE, text)
        painter.restore()


    @staticmethod
    def _tag(painter: QPainter, f: _Fonts, x: int, y: int, h: int, label: str, color: QColor) -> int:
        """A small coloured tag at x; returns where the next thing starts."""
        w = f.badge_widths.get(label)
        if w is None:
            w = f.badge_widths[label] = f.metrics.horizontalAdvance(label) + 8
        badge = QRect(x, y + 3, w, h - 6)
        painter.setPen(_NO_PEN)
        painter.setBrush(color)
        painter.drawRoundedRect(badge, 3, 3)
        painter.setPen(_WHITE)
        painter.drawText(badge, _CENTER, label)
        return x + w + 4


class FeedView(QTableView):
    """The list widget: one comment per row; sticks to the newest comment unless the operator
    hovers or scrolls up.

    A one-column table rather than a QListView: QListView lays out every row again on each
    insert or removal (5,000 rows x a Python `rowCount()` call each, ~25 ms per batch), while a
    table with fixed row heights only works out the rows it paints."""

    def __init__(self, model: FeedModel, parent=None) -> None:
        super().__init__(parent)
        self.feed = model
        self.setModel(model)
        self.setObjectName("feed-view")
        self._delegate = FeedDelegate(self)
        self.setItemDelegate(self._delegate)
        for header in (self.horizontalHeader(), self.verticalHeader()):
            header.hide()
        self.horizontalHeader().setStretchLastSection(True)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self._stick = True
        self._fit_rows()
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setCornerButtonEnabled(False)
        self.setTabKeyNavigation(False)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setMouseTracking(True)
        self.pause_on_hover = True
        self.new_button = QPushButton(self)
        self.new_button.setObjectName("feed-new")
        self.new_button.setStyleSheet("QPushButton { background: #1565c0; color: white; border-radius: 12px; "
                                      "padding: 4px 12px; font-weight: bold; }")
        self.new_button.hide()
        self.new_button.clicked.connect(self.jump_to_newest)
        model.new_while_paused.connect(self._show_waiting)
        model.rowsInserted.connect(self._rows_inserted)
        model.modelReset.connect(self._rows_inserted)
        self.verticalScrollBar().valueChanged.connect(self._scrolled)

    # Below this width a one-line row leaves a comment less than ~320 px: give it a second line.
    TWO_LINES_BELOW = 640

    def _fit_rows(self) -> None:
        self._delegate.two_lines = self.viewport().width() < self.TWO_LINES_BELOW
        height = self._delegate.row_height(self.font())
        if height != self.verticalHeader().defaultSectionSize():
            self.verticalHeader().setMinimumSectionSize(1)
            self.verticalHeader().setDefaultSectionSize(height)
            if self._stick:
                self.scrollToBottom()

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._fit_rows()
        super().changeEvent(event)

    def moveCursor(self, action, modifiers):
        # A list, not a table: Home and End go to the first and last comment.
        if action in (QAbstractItemView.CursorAction.MoveHome, QAbstractItemView.CursorAction.MoveEnd):
            modifiers = modifiers | Qt.KeyboardModifier.ControlModifier
        return super().moveCursor(action, modifiers)

    def _show_waiting(self, count: int) -> None:
        if count <= 0:
            self.new_button.hide()
            return
        # What waits is bounded by the feed's rows (older ones could not be shown): at that bound, "N+".
        full = count >= self.feed.capacity
        self.new_button.setText(self.tr("{n} new ↓").format(n=f"{self.feed.capacity}+" if full else count))
        self.new_button.adjustSize()
        self._place_button()
        self.new_button.show()
        self.new_button.raise_()

    def _place_button(self) -> None:
        vp = self.viewport().geometry()
        b = self.new_button
        b.move(vp.center().x() - b.width() // 2, vp.bottom() - b.height() - 8)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_rows()
        self._place_button()

    def _rows_inserted(self, *_a) -> None:
        if self._stick:
            self.scrollToBottom()

    def _scrolled(self, value: int) -> None:
        bar = self.verticalScrollBar()
        at_bottom = value >= bar.maximum() - 2
        if at_bottom and not self._stick:
            self._stick = True
            self.feed.resume("scroll")
        elif not at_bottom and self._stick and bar.maximum() > 0 and self.feed.rowCount() > 0:
            self._stick = False
            self.feed.pause("scroll")

    def jump_to_newest(self) -> None:
        self._stick = True
        self.feed.resume("scroll")
        self.feed.resume("hover")
        self.scrollToBottom()
        self.new_button.hide()

    def enterEvent(self, event) -> None:
        if self.pause_on_hover:
            self.feed.pause("hover")
        super().enterEvent(event)

    def leaveEvent(self, event) -> None:
        self.feed.resume("hover")
        super().leaveEvent(event)

    def event(self, e) -> bool:
        if e.type() == QEvent.Type.WindowDeactivate:
            self.feed.resume("hover")
        return super().event(e)
