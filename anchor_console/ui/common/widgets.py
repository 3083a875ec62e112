"""Small widgets shared by the panels: the notification bar, figure tiles for the live stats,
a plain-text label and tooltip, an eliding label and live text that never relayouts, and
capability gating (disable what no bound platform can do, and say which platform lacks it)."""

from __future__ import annotations

import html
from typing import Callable, TypeVar

from PySide6 import QtGui
from PySide6.QtCore import QCoreApplication, QLocale, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QFontMetrics, QGuiApplication, QKeySequence, QPainter, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDialogButtonBox, QFrame, QHBoxLayout, QHeaderView, QLabel, QListWidget,
    QListWidgetItem, QPushButton, QSizePolicy, QSpinBox, QToolButton, QVBoxLayout, QWidget,
)

from anchor_console.domain.capabilities import Capability
from anchor_console.ui.common.i18n import tr_text

ShownWindow = TypeVar("ShownWindow", bound=QWidget)


class Throttle(QTimer):
    """Runs `slot` once, `interval_ms` after the first `poke()`; pokes in between join that run.

    For lists redrawn from a stream of changes: unlike a debounce that every change restarts,
    a steady stream cannot starve it."""

    def __init__(self, interval_ms: int, slot: Callable[[], None], parent: QWidget) -> None:
        super().__init__(parent)
        self.setSingleShot(True)
        self.setInterval(interval_ms)
        self.timeout.connect(slot)

    def poke(self, *_args) -> None:
        if not self.isActive():
            self.start()


def every_second(slot: Callable[[], None], parent: QWidget) -> QTimer:
    """A started timer that runs `slot` once a second (time left, "12 s ago", autosave) until
    stopped or until `parent` goes."""
    timer = QTimer(parent)
    timer.setInterval(1000)
    timer.timeout.connect(slot)
    timer.start()
    return timer


class ListMirror:
    """Keeps a QListWidget showing a list of keyed rows that changes a little at a time (held
    comments, the mod log) without rebuilding it: rows that went are taken out, new ones are
    added at the top or the bottom, and the rest — and the selection — stay as they are.

    Rebuilding a few hundred items on every change cost tens of milliseconds on the ui thread."""

    def __init__(self, widget: QListWidget) -> None:
        self.widget = widget
        self.keys: list = []

    def sync(self, keys: list, make: Callable[[int], QListWidgetItem]) -> None:
        """Show `keys` in this order; `make(i)` builds the item for keys[i] when it is new."""
        widget = self.widget
        wanted = set(keys)
        for row in range(len(self.keys) - 1, -1, -1):
            if self.keys[row] not in wanted:
                del self.keys[row]
                widget.takeItem(row)
        kept = self.keys
        start = keys.index(kept[0]) if kept else 0
        if keys[start:start + len(kept)] != kept:  # moved about: build it again
            widget.clear()
            self.keys = []
            start, kept = 0, []
        for i in range(start):
            widget.insertItem(i, make(i))
        for i in range(start + len(kept), len(keys)):
            widget.addItem(make(i))
        self.keys = list(keys)


def fill_combo(combo: QComboBox, entries: list[tuple[str, object]]) -> None:
    """Show `entries` (label, data) in a combo box, keeping the current choice. Changes in place
    when the same choices are offered again (stock figures ticking during a show), so an open
    drop-down is not closed under the operator."""
    if [combo.itemData(i) for i in range(combo.count())] == [data for _label, data in entries]:
        for i, (label, _data) in enumerate(entries):
            if combo.itemText(i) != label:
                combo.setItemText(i, label)
        return
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    for label, data in entries:
        combo.addItem(label, data)
    index = combo.findData(current)
    combo.setCurrentIndex(index if index >= 0 else (0 if combo.count() else -1))
    combo.blockSignals(False)


def spin_box(parent: QWidget | None, low: int, high: int, value: int, suffix: str = "", *, step: int = 1) -> QSpinBox:
    """A whole-number field from `low` to `high` starting at `value`, its unit (" min", " s") after it."""
    box = QSpinBox(parent)
    box.setRange(low, high)
    box.setValue(value)
    box.setSingleStep(step)
    if suffix:
        box.setSuffix(suffix)
    return box


def dialog_buttons(dialog, on_accept=None, *, save: bool = False) -> QDialogButtonBox:
    """OK (or Save) and Cancel wired to the dialog; with no `on_accept`, just Close."""
    B = QDialogButtonBox.StandardButton
    if on_accept is None:
        buttons = QDialogButtonBox(B.Close, dialog)
    else:
        buttons = QDialogButtonBox((B.Save if save else B.Ok) | B.Cancel, dialog)
        buttons.accepted.connect(on_accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def fit_to_screen(window: QWidget, width: int, height: int, *, near: QWidget | None = None) -> None:
    """Size a window or dialog `width`×`height`, or as much of it as the screen has room for
    (less a title bar), on the screen of `near` (its parent by default)."""
    screen = (near or window.parentWidget() or window).screen()
    if screen is None:
        window.resize(width, height)
        return
    area = screen.availableGeometry()
    w, h = min(width, area.width()), min(height, area.height() - 40)
    window.resize(w, h)
    window.move(area.left() + (area.width() - w) // 2, area.top() + max(0, (area.height() - 40 - h) // 2))


def bring_to_front(window: ShownWindow, *, focus: bool = False) -> ShownWindow:
    """A window shown (again) above the others, and returned; `focus`: made the active one too (not
    for a view on the anchor's screen, which must not take the keyboard from the console)."""
    window.show()
    window.raise_()
    if focus:
        window.activateWindow()
    return window


def at_the_right(*widgets: QWidget) -> QHBoxLayout:
    """A row holding `widgets` at its right end (a panel's buttons under its list or form)."""
    row = QHBoxLayout()
    row.addStretch(1)
    for widget in widgets:
        row.addWidget(widget)
    return row


def as_wide_as_text(*buttons: QPushButton, also: tuple[str, ...] = ()) -> None:
    """Buttons that may be as narrow as their words: a push button is never narrower than ~80 px in
    most styles, and a row of short ones ("Edit…", "Skip next", 编辑…) then set the width of the
    column they are in — a dock at 1366×768 at 125 % (1093 logical px) did not fit beside the others.
    Where there is room they keep their usual width; the words are never cut (`also`: other words a
    button says at times, "Issuing…"). 16 px: the style's margins and frame around the words (Fusion's
    and Windows' push buttons)."""
    for button in buttons:
        button.ensurePolished()
        metrics = button.fontMetrics()
        words = max(metrics.horizontalAdvance(text.replace("&", "")) for text in (button.text(), *also))
        button.setMinimumWidth(words + 16)


def add_shortcuts(owner: QWidget, keys, *, window: bool = False) -> None:
    """Each `(key sequence, slot)` of `keys` as a shortcut of `owner`: while it has the focus, or
    (`window`) anywhere in its window."""
    context = Qt.ShortcutContext.WindowShortcut if window else Qt.ShortcutContext.WidgetShortcut
    for key, slot in keys:
        shortcut = QShortcut(QKeySequence(key), owner)
        shortcut.setContext(context)
        shortcut.activated.connect(slot)


def plain_label(text: str = "", parent: QWidget | None = None, *, wrap: bool = False) -> QLabel:
    """A QLabel that never interprets its text as rich text (comments, names from platforms);
    `wrap`: its words wrap onto more lines."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    if wrap:
        label.setWordWrap(True)
    return label


def wrapped_list(view: QListWidget) -> QListWidget:
    """A list whose long items wrap onto more lines at the list's width, instead of running off
    its right edge behind a sideways scroll bar (a cue's price and stock, why a rule did not mute)."""
    view.setWordWrap(True)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setResizeMode(QListWidget.ResizeMode.Adjust)   # a narrower list wraps again
    return view


def plain_tooltip(text: str) -> str:
    """`text` as a tooltip that shows it literally. Qt draws a tooltip as rich text when it
    `mightBeRichText` (a tag on its first line), so a nickname "<img src=…>" would be drawn, not
    shown: such a text is escaped, its spaces and lines kept; any other is left as it is. For
    every tooltip that carries text from outside (viewers, platforms, the crew)."""
    if not QtGui.Qt.mightBeRichText(text):
        return text
    return '<p style="white-space:pre-wrap">' + html.escape(text, quote=False) + "</p>"


def row_table(view: QAbstractItemView, *, stretch: tuple[int, ...] = (0,), fit: tuple[int, ...] | None = None,
              editable: bool = False) -> QAbstractItemView:
    """A table read row by row: no row numbers, whole rows selected one at a time, cells not
    edited in place (unless `editable`); the `stretch` columns share the width, the `fit` ones
    (default: all the others) are as wide as their contents."""
    view.verticalHeader().hide()
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    if not editable:
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    header = view.horizontalHeader()
    columns = view.model().columnCount() if view.model() is not None else view.columnCount()
    for col in range(columns) if fit is None else fit:
        if col not in stretch:
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
    for col in stretch:
        header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
    return view


class LiveText(QWidget):
    """Plain text that changes every second without ever asking for a new layout: a QLabel's
    setText invalidates its parent's layout (a relayout of a whole data screen a tick); this one
    only repaints itself. Its height is the font's line height times `lines`; its width comes from
    the layout. Never rich text; what does not fit is elided (one line) or cut (several) — a
    `shrink` line (a big figure: "¥146463…" hides the amount) is first drawn smaller, to 60 %."""

    def __init__(self, text: str = "", parent: QWidget | None = None, *, lines: int = 1, shrink: bool = False,
                 align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter) -> None:
        super().__init__(parent)
        self._text = text
        self._lines = lines
        self._shrink = shrink
        self._align = align
        self._color: QColor | None = None
        self._ground: QColor | None = None
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def text(self) -> str:
        return self._text

    def setText(self, text: str) -> None:  # noqa: N802 (QLabel's name, so it reads like one)
        if text != self._text:
            self._text = text
            self.update()

    def set_color(self, color: str | None) -> None:
        self._color = QColor(color) if color else None
        self.update()

    def set_ground(self, color: str) -> None:
        """Paint this background itself (the colour of what it sits on): a change then repaints this
        text alone, not the rounded tile and the window under it."""
        self._ground = QColor(color)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.update()

    def line_height(self) -> int:
        fm = QFontMetrics(self.font())
        return max(fm.height(), fm.boundingRect("万Ågy").height()) + 2   # CJK fallback glyphs are taller

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(10, self.line_height() * self._lines)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(0, self.line_height())

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        if self._ground is not None:
            painter.fillRect(event.rect(), self._ground)
        painter.setPen(self._color or self.palette().color(self.foregroundRole()))
        rect = self.contentsRect()
        if self._lines == 1:
            font, text = self.fitted()
            painter.setFont(font)
            painter.drawText(rect, int(self._align), text)
        else:
            painter.drawText(rect, int(self._align | Qt.TextFlag.TextWordWrap), self._text)
        painter.end()

    def fitted(self) -> tuple[QFont, str]:
        """The font and the text a one-line text is drawn with at its present width."""
        font, width = self.font(), self.contentsRect().width()
        needed = QFontMetrics(font).horizontalAdvance(self._text)
        if self._shrink and needed > width > 0 and font.pixelSize() > 0:
            font = QFont(font)
            font.setPixelSize(max(int(font.pixelSize() * 0.6), int(font.pixelSize() * width / needed)))
        return font, QFontMetrics(font).elidedText(self._text, Qt.TextElideMode.ElideRight, width)


class ElidedLabel(QLabel):
    """A one-line plain-text label that shows what fits and "…" (the whole text in its tooltip):
    a long room title or connection name never makes the window wider."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(40)
        self.setText(text)

    def setText(self, text: str) -> None:  # noqa: N802 (Qt's name)
        super().setText(text)
        self.setToolTip(plain_tooltip(text))

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(self.minimumWidth(), super().minimumSizeHint().height())

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        rect = self.contentsRect()
        text = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, rect.width())
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawText(rect, int(self.alignment() | Qt.TextFlag.TextSingleLine), text)


def compact_count(n: int) -> str:
    """A figure that keeps its tile's width: 98,765 as is; 123,456 as 12.3万 (or 123.5k in English)."""
    if n < 100_000:
        return f"{n:,}"
    if QLocale().language() == QLocale.Language.Chinese:
        return f"{n / 100_000_000:.2f}亿" if n >= 100_000_000 else f"{n / 10_000:.1f}万"
    return f"{n / 1_000_000:.2f}M" if n >= 1_000_000 else f"{n / 1_000:.1f}k"


class NotificationBar(QWidget):
    """Messages the operator must see (a failed money action, a dead connection), each with
    optional buttons such as Retry. Newest on top; at most a handful kept."""

    MAX = 4
    SHOWN = 2   # more would push the shelf off a 768-line screen: the rest wait behind "N more"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(6, 4, 6, 0)
        outer.setSpacing(2)
        self._layout = QVBoxLayout()
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(4)
        outer.addLayout(self._layout)
        self.more = QToolButton(self)
        self.more.setObjectName("notifications-more")
        self.more.setAutoRaise(True)
        self.more.setCheckable(True)
        self.more.toggled.connect(lambda _on: self._arrange())
        outer.addWidget(self.more, 0, Qt.AlignmentFlag.AlignRight)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)  # never more than it needs
        self.shown = self.SHOWN   # notices in view before "N more" (fewer in a short window: `show_at_most`)
        self.hide()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        # The window's middle column does not ask for height-for-width: answer for the width we have,
        # or wrapped notices get the height they would need at their narrowest.
        hint = super().sizeHint()
        hint.setHeight(self._needed_height(self.width() if self.width() > 0 else hint.width()))
        return hint

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        # The same height: the layout's own figure, cached, still counted a notice just folded
        # behind "N more" — a blank above the button.
        hint = super().minimumSizeHint()
        hint.setHeight(self.sizeHint().height())
        return hint

    def _needed_height(self, width: int) -> int:
        """The notices shown (not those behind "N more"), wrapped at `width`, and the button."""
        margins = self.layout().contentsMargins()
        inner = max(1, width - margins.left() - margins.right())
        frames = [f for f in self._frames() if not f.isHidden()]
        height = sum(f.heightForWidth(inner) if f.hasHeightForWidth() else f.sizeHint().height() for f in frames)
        height += self._layout.spacing() * max(0, len(frames) - 1)
        if not self.more.isHidden():
            height += (self.layout().spacing() if frames else 0) + self.more.sizeHint().height()
        return height + margins.top() + margins.bottom()

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self.updateGeometry()

    def notify(self, text: str, actions: list[tuple[str, Callable[[], None]]] = (), *, level: str = "error",
               timeout_ms: int = 0, key: str | None = None) -> QFrame:
        """Show a message; one with the same `key` — or, without a key, the same text — is
        replaced rather than stacked."""
        for old in self._frames():
            if (key is not None and old.property("key") == key) or (key is None and self._text(old) == text):
                self._dismiss(old)
        frame = QFrame(self)
        frame.setProperty("key", key)
        frame.setObjectName("notification")
        colors = {"error": ("#fdecea", "#b3261e"), "warning": ("#fff4e5", "#8a5300"), "info": ("#e8f1fd", "#174ea6")}
        bg, fg = colors.get(level, colors["info"])
        frame.setStyleSheet(f"QFrame#notification {{ background: {bg}; border: 1px solid {fg}; border-radius: 4px; }}"
                            f" QLabel {{ color: {fg}; }}")
        row = QHBoxLayout(frame)
        row.setContentsMargins(8, 4, 4, 4)
        label = plain_label(text, frame)
        label.setWordWrap(True)
        # A new size policy drops the height-for-width flag setWordWrap set: keep it, or the bar asks
        # for no height and a notice of two lines shows one and a half.
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        label.setSizePolicy(policy)
        # A wrapped label asks for the height it needs at its narrowest: keep that a few lines.
        label.setMinimumWidth(300)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row.addWidget(label, 1)
        for caption, callback in actions:
            button = QPushButton(caption, frame)

            def clicked(_=False, cb=callback, f=frame):
                self._dismiss(f)
                cb()

            button.clicked.connect(clicked)
            row.addWidget(button)
        close = QToolButton(frame)
        close.setText("✕")
        close.setToolTip(QCoreApplication.translate("NotificationBar", "Dismiss"))
        close.setAutoRaise(True)
        close.clicked.connect(lambda _=False, f=frame: self._dismiss(f))
        row.addWidget(close)
        self._layout.insertWidget(0, frame)
        while self._layout.count() > self.MAX:
            old = self._layout.itemAt(self._layout.count() - 1).widget()
            self._dismiss(old)
        self.more.setChecked(False)
        self._arrange()
        self.show()
        if timeout_ms:
            # Tied to the frame: dismissed (and deleted) before then, the timer goes with it.
            QTimer.singleShot(timeout_ms, frame, lambda f=frame: self._dismiss(f))
        return frame

    def _dismiss(self, frame: QFrame | None) -> None:
        if frame is None or frame.parent() is not self:
            return
        self._layout.removeWidget(frame)
        frame.setParent(None)
        frame.deleteLater()
        self._arrange()
        if self._layout.count() == 0:
            self.hide()

    def show_at_most(self, count: int) -> None:
        """How many notices are in view before "N more" (the newest first)."""
        if count != self.shown:
            self.shown = count
            self._arrange()

    def _arrange(self) -> None:
        frames = self._frames()
        hidden = 0 if self.more.isChecked() else max(0, len(frames) - self.shown)
        for i, frame in enumerate(frames):
            frame.setVisible(self.more.isChecked() or i < self.shown)
        if self.more.isChecked():
            self.more.setText(QCoreApplication.translate("NotificationBar", "Show fewer ▴"))
        else:
            self.more.setText(QCoreApplication.translate("NotificationBar", "{n} more ▾").format(n=hidden))
        self.more.setVisible(len(frames) > self.shown)
        self.updateGeometry()   # the column lays the bar out again at its new height

    def clear(self, prefix: str) -> None:
        """The problems under keys starting with `prefix` are over."""
        for frame in self._frames():
            key = frame.property("key")
            if isinstance(key, str) and key.startswith(prefix):
                self._dismiss(frame)

    def _frames(self) -> list[QFrame]:
        return [self._layout.itemAt(i).widget() for i in range(self._layout.count())]

    @staticmethod
    def _text(frame: QFrame) -> str:
        label = frame.findChild(QLabel)
        return label.text() if label else ""

    def messages(self) -> list[str]:
        return [self._text(frame) for frame in self._frames()]


class FigureTile(QFrame):
    """One live figure (online, likes, GMV…) readable at a glance."""

    def __init__(self, caption: str, parent: QWidget | None = None, *, widest: str = "88,888") -> None:
        super().__init__(parent)
        self.setObjectName("figure")
        self.setStyleSheet("QFrame#figure { border: 1px solid palette(mid); border-radius: 4px; }")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(3, 1, 3, 1)   # five of them and the connection fit a 1093 px window
        layout.setSpacing(0)
        self.value = plain_label("—", self)
        font = QFont(self.value.font())
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.value.setFont(font)
        self.caption = plain_label(caption, self)
        self.caption.setStyleSheet("color: palette(placeholder-text);")
        self._exact = self._stale = ""   # the exact figure, and why it is only as last known
        # As wide as its widest figure will be, whatever it shows now: the header does not
        # move, and the window never grows because the numbers did.
        self.value.setMinimumWidth(QFontMetrics(font).horizontalAdvance(widest) + 2)
        self.value.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)

    def set_value(self, text: str, exact: str = "") -> None:
        self.value.setText(text)
        self._exact = exact if exact != text else ""
        self._say_tooltip()

    def set_stale(self, note: str) -> None:
        """`note`: why the figure is only as last known (it is greyed, the note in its tooltip); ""
        once it is live again. A frozen figure must not read as a live one."""
        if note == self._stale:
            return
        self._stale = note
        self.value.setStyleSheet("color: palette(placeholder-text);" if note else "")
        self._say_tooltip()

    def _say_tooltip(self) -> None:
        self.setToolTip("\n".join(t for t in (self._exact, self._stale) if t))


def why_not_text(room, capability: Capability) -> str:
    """Which bound platforms cannot do `capability` and, where a platform says, why ("" when all can)."""
    lacking = room.why_not(capability)
    if not lacking:
        return ""
    names = QCoreApplication.translate("gate", ", ").join(name for name, _reason in lacking)
    if room.supports(capability):
        note = QCoreApplication.translate("gate", "Skipped on {platforms} (not supported there): {capability}.")
    else:
        note = QCoreApplication.translate("gate", "Not available on {platforms}: {capability}.")
    lines = [note.format(platforms=names, capability=tr_text(capability.label))]
    for name, reason in lacking:
        if reason is not None:
            lines.append(QCoreApplication.translate("gate", "{platform}: {reason}").format(
                platform=name, reason=tr_text(reason)))
    return "\n".join(lines)


def gate(widget: QWidget, room, capability: Capability, *, base_tooltip: str = "",
         session=None, kind: str | None = None) -> None:
    """Enable `widget` only if a bound connection can do `capability`; the tooltip names the
    platforms that lack it and, where a platform says, why (WeChat has no API for it…). With
    `session` and `kind` (a journalled action's kind), the seat's crew role must allow it too
    (`session.may(kind)`): otherwise disabled, with the reason in the tooltip."""
    if room is None:
        widget.setEnabled(False)
        widget.setToolTip(plain_tooltip(base_tooltip))
        return
    allowed, why = session.may(kind) if session is not None and kind is not None else (True, None)
    widget.setEnabled(room.supports(capability) and allowed)
    notes = [n for n in (why_not_text(room, capability), tr_text(why) if why is not None else "") if n]
    note = "\n".join(notes)
    widget.setToolTip(plain_tooltip(f"{base_tooltip}\n{note}" if base_tooltip and note else (note or base_tooltip)))


def second_screen(window_screen, screens: list) -> object | None:
    """The screen for a view the anchor or the crew watch from afar (presenter view, data screen):
    the largest one that is not the console's, if any."""
    others = [s for s in screens if s is not window_screen]
    if not others:
        return None
    return max(others, key=lambda s: s.geometry().width() * s.geometry().height())


def show_on_second_screen(view: QWidget, console: QWidget) -> None:
    """Full screen on another screen when there is one; else a window beside the console."""
    screen = second_screen(console.screen(), QGuiApplication.screens())
    if screen is None:
        view.show()
        return
    view.setScreen(screen)
    view.setGeometry(screen.availableGeometry())
    view.showFullScreen()
