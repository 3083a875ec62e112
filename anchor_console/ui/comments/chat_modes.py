"""The Chat modes strip above the comment feed: slow mode, followers-only chat, shield mode and an
inline announcement editor — the moderators' controls for a storm in the chat.

Each control is gated as the Room menu's room-wide mute is: by the bound platforms (disabled, the
tooltip naming those that lack it and why), by the seat's crew role, and while its own action is in
flight. Each shows the room's current mode as the platform reports it (`LiveRoom.chat_modes`), so a
change made by another seat or on the platform shows up here too."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QToolButton, QVBoxLayout, QWidget

from anchor_console.domain.capabilities import Capability
from anchor_console.domain.models import ANNOUNCEMENT_COLORS, MAX_ANNOUNCEMENT, ChatModes
from anchor_console.domain.text import QT_TRANSLATE_NOOP
from anchor_console.room.commands import Announce, SetFollowersOnly, SetShieldMode, SetSlowMode, follow_duration
from anchor_console.ui.common.flow_layout import flow_row
from anchor_console.ui.common.i18n import tr_text
from anchor_console.ui.common.widgets import add_shortcuts, gate

SLOW_CHOICES = (0, 3, 5, 10, 30, 60, 120)                   # seconds; 0: off
OFF = -1                                                    # followers-only off (a combo's data cannot be None)
FOLLOW_CHOICES = (OFF, 0, 10, 30, 60, 1440, 10080)          # minutes followed; 0: any follower
# Each announcement colour by name (the bar's and the cue editor's), whatever order the platform lists them in.
COLOR_NAMES = {"primary": QT_TRANSLATE_NOOP("ChatModesBar", "Primary"),
               "blue": QT_TRANSLATE_NOOP("ChatModesBar", "Blue"),
               "green": QT_TRANSLATE_NOOP("ChatModesBar", "Green"),
               "orange": QT_TRANSLATE_NOOP("ChatModesBar", "Orange"),
               "purple": QT_TRANSLATE_NOOP("ChatModesBar", "Purple")}


def compact(box: QComboBox, chars: int = 6) -> QComboBox:
    """A combo whose longest entry does not set the comment column's width."""
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(chars)
    return box


def follow_label(minutes: int) -> str:
    """A followers-only choice, its duration as the header and the journal write it ("7 d")."""
    if minutes == OFF:
        return QCoreApplication.translate("ChatModesBar", "Followers: off")
    if minutes == 0:
        return QCoreApplication.translate("ChatModesBar", "Followers: any")
    return QCoreApplication.translate("ChatModesBar", "Followers: {duration}").format(
        duration=tr_text(follow_duration(minutes)))


class ChatModesBar(QWidget):
    def __init__(self, window, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.window = window
        self.session = window.session
        self.slow = compact(QComboBox(self), 7)
        self.slow.setObjectName("slow-mode")
        for seconds in SLOW_CHOICES:
            self.slow.addItem(self.tr("Slow: off") if seconds == 0 else self.tr("Slow: {n} s").format(n=seconds),
                              seconds)
        self.slow.activated.connect(self._slow_picked)
        self.followers = compact(QComboBox(self), 9)
        self.followers.setObjectName("followers-only")
        for minutes in FOLLOW_CHOICES:
            self.followers.addItem(follow_label(minutes), minutes)
        self.followers.activated.connect(self._followers_picked)
        self.shield = QToolButton(self)
        self.shield.setObjectName("shield-mode")
        self.shield.setText(self.tr("Shield"))
        self.shield.setCheckable(True)
        self.shield.clicked.connect(self._shield_clicked)
        self.announce = QToolButton(self)
        self.announce.setObjectName("announce")
        self.announce.setText(self.tr("Announce…"))
        self.announce.setCheckable(True)
        self.announce.toggled.connect(self._editor_toggled)
        self.editor = self._announcement_editor()
        # One line where the column has the room; Announce… (and Shield) wrap under the modes in a
        # narrow one (1093 px: the comment column keeps its text width instead).
        line, row = flow_row(self)
        row.addWidget(self.slow, 1)
        row.addWidget(self.followers, 1)
        row.addWidget(self.shield)
        row.addWidget(self.announce)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(line)
        column.addWidget(self.editor)
        self._unsubscribe = self.session.actions.pending_changed.connect(self.refresh)
        self.refresh()

    def _announcement_editor(self) -> QWidget:
        """Text and colour in a line under the strip (no modal dialog: the loop must keep running)."""
        editor = QWidget(self)
        editor.setObjectName("announce-editor")
        self.announce_text = QLineEdit(editor)
        self.announce_text.setObjectName("announce-text")
        self.announce_text.setMaxLength(MAX_ANNOUNCEMENT)
        self.announce_text.setPlaceholderText(self.tr("Announcement to the whole room, Enter sends"))
        self.announce_text.returnPressed.connect(self.send_announcement)
        add_shortcuts(self.announce_text, [("Escape", lambda: self.announce.setChecked(False))])
        self.announce_color = compact(QComboBox(editor), 5)
        self.announce_color.setObjectName("announce-color")
        for color in ANNOUNCEMENT_COLORS:
            self.announce_color.addItem(tr_text(COLOR_NAMES[color]), color)
        self.announce_send = QToolButton(editor)
        self.announce_send.setObjectName("announce-send")
        self.announce_send.setText(self.tr("Announce"))
        self.announce_send.clicked.connect(self.send_announcement)
        line = QHBoxLayout(editor)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.announce_text, 1)
        line.addWidget(self.announce_color)
        line.addWidget(self.announce_send)
        editor.hide()
        return editor

    # ------------------------------------------------------------------ what the room has now

    def refresh(self) -> None:
        """Gate each control and show the room's current modes (called when the room or the actions
        in flight change)."""
        room = self.session.room
        pending = self.session.actions.is_pending
        tips = {
            self.slow: self.tr("Slow mode: how long each viewer waits between comments."),
            self.followers: self.tr("Followers-only chat: only viewers who have followed the room at least this "
                                    "long may comment."),
            self.shield: self.tr("Shield mode: during a raid, the room closes to drive-by accounts."),
            self.announce: self.tr("A highlighted announcement to the whole room."),
        }
        for widget, capability, kind in ((self.slow, Capability.SLOW_MODE, SetSlowMode.kind),
                                         (self.followers, Capability.FOLLOWERS_ONLY, SetFollowersOnly.kind),
                                         (self.shield, Capability.SHIELD_MODE, SetShieldMode.kind),
                                         (self.announce, Capability.ANNOUNCE, Announce.kind)):
            gate(widget, room, capability, base_tooltip=tips[widget], session=self.session, kind=kind)
            if pending(kind):   # answered first: a second pick would race the first
                widget.setEnabled(False)
        self.editor.setEnabled(self.announce.isEnabled())
        if not self.announce.isEnabled() and self.announce.isChecked() and not pending(Announce.kind):
            self.announce.setChecked(False)
        modes = room.chat_modes() if room is not None else ChatModes()
        if not pending(SetSlowMode.kind):      # while in flight, the pick stays shown
            self._show(self.slow, modes.slow_mode_s, self.tr("Slow: {n} s").format(n=modes.slow_mode_s))
        if not pending(SetFollowersOnly.kind):
            follow = OFF if modes.followers_only_min is None else modes.followers_only_min
            self._show(self.followers, follow, follow_label(follow))
        if not pending(SetShieldMode.kind):
            self.shield.setChecked(modes.shield)

    @staticmethod
    def _show(box: QComboBox, value: int, label: str) -> None:
        """Select `value`, adding it when the platform has one the list does not offer (set elsewhere)."""
        index = box.findData(value)
        if index < 0:
            box.addItem(label, value)
            index = box.count() - 1
        if box.currentIndex() != index:
            box.blockSignals(True)
            box.setCurrentIndex(index)
            box.blockSignals(False)

    # ------------------------------------------------------------------ the operator's picks

    def _run(self, command) -> None:
        self.session.actions.run(command)
        self.refresh()      # disabled until answered; refused (not connected): what the room has

    def _slow_picked(self, index: int) -> None:
        seconds = int(self.slow.itemData(index))
        if self.session.room is not None and seconds == self.session.room.chat_modes().slow_mode_s:
            return
        self._run(SetSlowMode(seconds))

    def _followers_picked(self, index: int) -> None:
        data = int(self.followers.itemData(index))
        minutes = None if data == OFF else data
        if self.session.room is not None and minutes == self.session.room.chat_modes().followers_only_min:
            return
        self._run(SetFollowersOnly(minutes))

    def _shield_clicked(self, checked: bool) -> None:
        self._run(SetShieldMode(bool(checked)))

    def _editor_toggled(self, shown: bool) -> None:
        self.editor.setVisible(shown)
        if shown:
            self.announce_text.setFocus()

    def send_announcement(self) -> None:
        text = self.announce_text.text().strip()
        if not text or not self.announce.isEnabled():
            return
        color = str(self.announce_color.currentData())
        if self.session.actions.announce(text, color):
            self.announce_text.clear()
            self.announce.setChecked(False)
        # Held back for advertising-law words: the text stays for editing (the notice offers Send anyway).
        self.refresh()

    def stop(self) -> None:
        self._unsubscribe()
