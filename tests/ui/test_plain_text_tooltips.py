"""Comments, nicknames and names from platforms are plain text in tooltips and labels too: Qt
draws a tooltip (and an AutoText label) as rich text when its first line looks like a tag, so a
nickname "<img src=…>" must reach the screen escaped, exactly as typed."""

from __future__ import annotations

import types

from PySide6 import QtGui
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument

from anchor_console.domain.models import Comment, Product
from anchor_console.moderation.desk import DeskComment
from anchor_console.moderation.questions import QuestionGroup
from anchor_console.room.platform_ids import PlatformIds
from anchor_console.ui.comments.feed_view import FeedItem, FeedModel
from anchor_console.ui.comments.questions_panel import QuestionsModel
from anchor_console.ui.common.widgets import ElidedLabel, plain_tooltip
from anchor_console.ui.shelf.platform_links_dialog import ConnectionLinks

NICK = '<b>BIG</b><img src="file:///etc/x.png">'
TEXT = 'hello <i>x</i>  &amp; <a href="http://evil.example">领奖</a>'


def shown(tooltip: str) -> str:
    """The text a tooltip puts on screen, decided as Qt decides it (QToolTip: AutoText)."""
    if not QtGui.Qt.mightBeRichText(tooltip):
        return tooltip
    doc = QTextDocument()
    doc.setHtml(tooltip)
    return doc.toPlainText()


def test_a_hostile_nickname_and_comment_show_literally_in_the_feed_tooltip(qapp):
    model = FeedModel(capacity=50, flush_ms=100)
    model.push(FeedItem.of(DeskComment(Comment("1", "r", "u1", NICK, TEXT, 0.0))))
    model.flush()
    tip = model.data(model.index(0), Qt.ItemDataRole.ToolTipRole)
    assert shown(tip) == f"{NICK} (u1)\n{TEXT}"


def test_a_hostile_question_shows_literally_in_its_tooltip(qapp):
    model = QuestionsModel(types.SimpleNamespace(product_name=lambda pid: pid))
    model.set_rows([QuestionGroup(1, '<img src="x"><b>XL有吗</b>', "k", frozenset(), "question",
                                  examples=["<u>M呢</u>"])])
    tip = model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole)
    assert shown(tip) == '<img src="x"><b>XL有吗</b>\n<u>M呢</u>'


def test_an_elided_label_shows_a_room_title_literally_and_so_does_its_tooltip(qapp):
    label = ElidedLabel(NICK)
    assert label.textFormat() == Qt.TextFormat.PlainText and label.text() == NICK
    assert shown(label.toolTip()) == NICK


def test_their_product_names_are_plain_text_in_the_links_page(qapp):
    ids = PlatformIds("shop", "<b>Shop</b>", {}, {}, {}, unlinked_theirs=("9",))
    page = ConnectionLinks(None, ids, [], [Product("9", NICK)], [], [])
    assert page.unlinked.textFormat() == Qt.TextFormat.PlainText and NICK in page.unlinked.text()


def test_ordinary_tooltips_are_left_as_they_are():
    for text in ("", "Viewers online", "3 > 2 & 1 < 2", "3 > 2\n<b>second line</b>"):
        assert plain_tooltip(text) == text


def test_another_seats_name_and_machine_show_literally_in_the_journal_tooltip(qapp):
    from anchor_console.platforms.studio_crew import CrewLogEntry
    from anchor_console.ui.journal.journal_panel import JournalModel

    model = JournalModel(catalog=None)
    model.set_rows([CrewLogEntry("s2", "a1", "put_on_stage", {"product_id": "1"}, "confirmed", False, NICK,
                                 "assistant", "<i>pc</i>", "manual", 0.0)])
    tip = model.data(model.index(0, model.WHO), Qt.ItemDataRole.ToolTipRole)
    assert shown(tip).startswith(f"{NICK}'s seat on <i>pc</i>: ")


def test_a_comment_with_a_nul_shows_all_its_text_in_the_feed_and_its_tooltip(qapp):
    """What came after a NUL is shown, with a visible mark where the NUL was — the same string the
    search finds — and direction overrides change nothing on screen."""
    model = FeedModel(capacity=50, flush_ms=100)
    model.push(FeedItem.of(DeskComment(Comment("1", "r", "u1", "名\x00字", "前面\x00后面\u202e的秘密", 0.0))))
    model.flush()
    row = model.data(model.index(0))
    assert "前面\ufffd后面的秘密" in row and "名\ufffd字" in row and "\x00" not in row and "\u202e" not in row
    tip = shown(model.data(model.index(0), Qt.ItemDataRole.ToolTipRole))
    assert "前面\ufffd后面的秘密" in tip and "\x00" not in tip and "\u202e" not in tip
