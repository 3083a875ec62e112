"""The viewer card opens with Enter on a comment; Enter pressed again closes it. The first of its
buttons (Mute 10 min) was the default, so Enter, Enter deleted and muted an ordinary viewer."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QPushButton

from support.studio import on_demo_studio
from support.viewers import posted_row
from support.waiting import until
from support.window import comments_of


@pytest.mark.asyncio
async def test_enter_twice_on_a_comment_opens_the_card_and_closes_it_and_does_nothing_else(
        console_factory, studio_factory):
    studio, console = await on_demo_studio(console_factory, studio_factory, "moderator")
    window, panel = console.window, comments_of(console.window).feed
    row = await posted_row(studio, panel, "会起球吗", "快乐不胖")
    panel.view.setCurrentIndex(panel.model.index(row))
    panel.view.setFocus()
    QTest.keyClick(panel.view, Qt.Key.Key_Return)
    card = await until(lambda: next((w for w in window.findChildren(QDialog)
                                     if w.objectName() == "user-card" and w.isVisible()), None))
    assert not [b.text() for b in card.findChildren(QPushButton) if b.isDefault() or b.autoDefault()
                if b.text() not in ("Close", "&Close")]
    card.activateWindow()   # as a window manager gives the new window the keyboard
    await until(lambda: QApplication.activeWindow() is card, 5, message="the card never took the keyboard")
    QTest.keyClick(QApplication.focusWidget() or card, Qt.Key.Key_Return)
    await until(lambda: not shiboken6.isValid(card) or not card.isVisible(), 5, message="Enter did not close the card")
    assert not [e for e in console.session.journal.entries(limit=50) if e.kind in ("mute_viewer", "delete_comment")]


@pytest.mark.asyncio
async def test_the_cards_trust_note_follows_whose_rules_act(console_factory, studio_factory):
    """A card opened before the room's first lease answer does not say another seat's rules act
    (nobody knows yet), and while it is open the note follows the lease: this seat set to only
    mark shows it, set to act again hides it. It was decided once, as the card opened: under load
    a card opened in the room's first second said so for good."""
    from anchor_console.moderation.desk import RulesMode
    from anchor_console.ui.comments.user_card import UserCard

    studio, console = await on_demo_studio(console_factory, studio_factory, "moderator")
    session, panel = console.session, comments_of(console.window).feed
    row = await posted_row(studio, panel, "有优惠券吗", "问券")
    record = panel.model.item(row).record
    await until(lambda: session.crew.moderation.holds, 10, message="this seat never took the lease")
    session.desk.acting_seat, session.desk.awaiting_lease = False, True   # as before the first answer
    early = UserCard(console.window, session.desk, record)
    assert early.trust_note.isHidden()
    early.reject()
    await until(lambda: session.desk.acting_seat and not session.desk.awaiting_lease, 10)

    card = UserCard(console.window, session.desk, record)
    card.open()
    assert card.trust_note.isHidden()   # the rules act here
    session.set_rules_mode(RulesMode.MARK)
    await until(lambda: card.trust_note.isVisible(), 10, message="the note did not show for a seat that only marks")
    session.set_rules_mode(RulesMode.ACT)
    await until(lambda: card.trust_note.isHidden(), 10, message="the note stayed once this seat acted again")
    card.reject()
