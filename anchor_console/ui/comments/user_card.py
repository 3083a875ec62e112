"""The viewer's card: everything they said this session, what moderation did to them so far,
mute/unmute/ban, and trusting them (rules never act on a trusted viewer)."""

from __future__ import annotations

import asyncio
import sqlite3

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextOption
from PySide6.QtWidgets import (
    QCheckBox, QDialog, QDialogButtonBox, QHBoxLayout, QListWidget, QPlainTextEdit, QPushButton, QVBoxLayout,
)
from shiboken6 import isValid

from anchor_console.moderation.desk import CommentDesk, CommentState, DeskComment, RulesMode
from anchor_console.moderation.wordlists import Action
from anchor_console.ui.comments.review_panel import RESULT_MARKS, actor_label
from anchor_console.ui.common.display import display_text, time_of_day
from anchor_console.ui.common.i18n import tr_text
from anchor_console.ui.common.widgets import dialog_buttons, fit_to_screen, plain_label, plain_tooltip, wrapped_list

WHOLE_COMMENT = 10_000   # the card shows a comment whole (the feed cuts it), up to this many characters


def state_note(stored_state: str) -> str:
    """"   [deleted]" after a comment that is not simply shown (as stored in the session file)."""
    try:
        state = CommentState(stored_state)
    except ValueError:
        return ""
    return "" if state is CommentState.SHOWN else f"   [{tr_text(state.label)}]"


class UserCard(QDialog):
    def __init__(self, window, desk: CommentDesk, record: DeskComment) -> None:
        super().__init__(window)
        self.desk = desk
        self.record = record
        c = record.comment
        self.setWindowTitle(self.tr("Viewer: {name}").format(name=display_text(c.nickname, 30)))
        self.setObjectName("user-card")
        # One card a viewer looked at: a moderator opens hundreds in a show, none is used again.
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        fit_to_screen(self, 560, 520)
        room = window.session.room
        platform = room.platform_name(c.connection_id) if room is not None else c.connection_id
        head = plain_label(f"{c.nickname}  ·  {c.user_id}  ·  {platform}", self, wrap=True)
        self.comments = QPlainTextEdit(self)  # plain text: a viewer's words are never markup
        self.comments.setReadOnly(True)
        # a spammer's 300-character link or "aaaa…" wraps too, instead of a sideways scroll
        self.comments.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.actions = wrapped_list(QListWidget(self))
        if desk.store is not None:
            self.comments.setPlainText(self.tr("Reading this viewer's comments…"))
            window.session.tasks.spawn(self._read_comments(c.user_id), name="user-card", key=f"user-card:{id(self)}")
        self.show_actions()
        buttons = QHBoxLayout()
        for text, slot, kind in (
                (self.tr("Mute 10 min"), lambda: desk.perform(record, Action.MUTE, minutes=10), "mute_viewer"),
                (self.tr("Mute 60 min"), lambda: desk.perform(record, Action.MUTE, minutes=60), "mute_viewer"),
                (self.tr("Unmute"), lambda: desk.unmute(record), "unmute_viewer"),
                (self.tr("Ban"), lambda: desk.perform(record, Action.BAN), "ban_viewer"),
                (self.tr("Unban"), lambda: desk.unban(record), "unban_viewer")):
            b = QPushButton(text, self)
            b.setAutoDefault(False)   # Enter closes the card: the Enter that opened it, pressed again, muted
            b.clicked.connect(slot)
            allowed, why = window.session.may(kind)   # a crew role that may not: off, with the reason
            b.setEnabled(allowed)
            b.setToolTip(plain_tooltip(tr_text(why)) if why is not None else "")   # a role name from Studio
            buttons.addWidget(b)
        self.allow = QCheckBox(self.tr("Trusted viewer: rules never act on them"), self)
        self.allow.setChecked(desk.trusted.is_trusted(c.connection_id, c.user_id))
        self.allow.toggled.connect(lambda on: desk.allow(c, on))
        # Trust is this computer's: where another seat's console runs the rules, it must trust them too.
        self.trust_note = plain_label(self.tr("The rules act on another seat's console on this room: trust the "
                                              "viewer there too."), self, wrap=True)
        self.show_trust_note()
        close = dialog_buttons(self)
        close.button(QDialogButtonBox.StandardButton.Close).setDefault(True)
        layout = QVBoxLayout(self)
        layout.addWidget(head)
        layout.addWidget(plain_label(self.tr("Comments this session"), self))
        layout.addWidget(self.comments, 2)
        layout.addWidget(plain_label(self.tr("Moderation so far"), self))
        layout.addWidget(self.actions, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.allow)
        layout.addWidget(self.trust_note)
        layout.addWidget(close)
        # The card speaks of one room's viewer: another room (or none) closes it.
        unsubscribe = window.session.room_changed.connect(lambda _room: self.reject())
        # What the buttons (or a rule, or another moderator) do to the viewer shows while the card is open.
        unsubscribe_log = desk.modlog.added.connect(
            lambda e: e.user_id == c.user_id and self.show_actions())
        # Whose rules act can change while the card is open (the room's first lease answer, another
        # seat taking the lease over, this seat set to only mark): the note follows.
        unsubscribe_lease = window.session.crew.moderation.lease_changed.connect(
            lambda _lease, _holds: self.show_trust_note())
        self.finished.connect(lambda _r: (unsubscribe(), unsubscribe_log(), unsubscribe_lease()))

    def show_trust_note(self) -> None:
        """The note that trusting here is not enough, where another seat's rules act. Not while the
        room's first lease answer is on its way: nobody knows yet which seat acts."""
        desk = self.desk
        self.trust_note.setVisible(desk.rules_mode is RulesMode.MARK
                                   or not (desk.acting_seat or desk.awaiting_lease))

    async def _read_comments(self, user_id: str) -> None:
        """The viewer's comments, read off the ui thread: the store's writer may be busy with a
        storm's batch (or a failing disk), and a double click must not wait for it."""
        store = self.desk.store
        try:
            rows = await asyncio.to_thread(lambda: (store.flush(), store.by_user(user_id, limit=1000))[1])
        except sqlite3.Error as exc:
            text = self.tr("This viewer's comments could not be read ({why}).").format(why=type(exc).__name__)
        else:
            # One line each, as the feed shows them: a line break in a comment would look like another
            # comment (with a time of its own), and a direction override would turn its line around.
            text = "\n".join(f"{time_of_day(s.created_at)}  {display_text(s.text, WHOLE_COMMENT)}"
                              + state_note(s.state) for s in rows)
        if isValid(self):   # closed meanwhile: nothing to show it in
            self.comments.setPlainText(text)

    def show_actions(self) -> None:
        """The viewer's moderation so far, each with how it went (as the mod log has it)."""
        self.actions.clear()
        for e in self.desk.modlog.for_user(self.record.comment.user_id):
            result = RESULT_MARKS.get(e.result, "")
            detail = f" ({tr_text(e.detail)})" if e.detail else ""
            self.actions.addItem(f"{time_of_day(e.at)} {result} {tr_text(e.action.label)} — {tr_text(e.reason)}"
                                 f"{detail} · {actor_label(e.actor)}")
        if self.actions.count() == 0:
            self.actions.addItem(self.tr("No moderation actions yet"))
