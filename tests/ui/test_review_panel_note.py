"""The review list shows the oldest held comments only; what it does not show is said under it —
more waiting than listed, and held comments a full queue let go (a flood of held spam), with where
they can still be approved or rejected: the feed's Held filter."""

from __future__ import annotations

from types import SimpleNamespace

from anchor_console.domain.clock import ManualClock
from anchor_console.domain.events import Event
from anchor_console.domain.models import Comment
from anchor_console.moderation.pipeline import ModerationPipeline
from anchor_console.moderation.review import ReviewQueue
from anchor_console.moderation.wordlists import WordLists
from anchor_console.ui.comments import review_panel
from anchor_console.ui.comments.review_panel import ReviewPanel


def test_the_note_under_the_held_list_says_what_it_does_not_show(qtbot, monkeypatch):
    monkeypatch.setattr(review_panel, "SHOWN_HELD", 2)
    desk = SimpleNamespace(review=ReviewQueue(limit=4),
                           modlog=SimpleNamespace(added=Event("modlog.added"), recent=lambda n: []))
    panel = ReviewPanel(None, desk)
    qtbot.addWidget(panel)
    panel.show()
    assert panel.held_note.isHidden()
    verdict = ModerationPipeline(WordLists.defaults(), ManualClock()).classify(
        Comment("0", "1", "u", "比价", "去某宝搜", 0.0))
    for i in range(6):
        desk.review.hold(Comment(str(i + 1), "1", f"u{i}", "比价", "去某宝搜", 0.0), verdict)
    panel.refresh_held()
    assert panel.held.count() == 2 and not panel.held_note.isHidden()
    note = panel.held_note.text()
    assert "oldest 2 of 4" in note and "2 more held comments did not fit here" in note and "Held filter" in note
    panel.stop()


def test_held_comments_wrap_with_their_reason_on_a_line_of_its_own(qtbot):
    """A held comment and why it was held, whole, in a narrow dock: no sideways scroll bar, nothing
    cut at the right edge."""
    from PySide6.QtCore import Qt

    desk = SimpleNamespace(review=ReviewQueue(limit=20),
                           modlog=SimpleNamespace(added=Event("modlog.added"), recent=lambda n: []))
    panel = ReviewPanel(None, desk)
    qtbot.addWidget(panel)
    panel.resize(320, 400)
    panel.show()
    verdict = ModerationPipeline(WordLists.defaults(), ManualClock()).classify(
        Comment("0", "1", "u", "比价", "去某宝搜", 0.0))
    for i in range(6):
        desk.review.hold(Comment(str(i + 1), "1", f"u{i}", "比价党的长长的昵称",
                                 "淘宝旗舰店只要89，拼多多更便宜，同款才99，去某宝搜一下就知道了", 0.0), verdict)
    panel.refresh_held()
    held = panel.held
    assert held.count() == 6 and held.wordWrap()
    assert held.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    first = held.item(0).text().split("\n")
    assert len(first) == 2 and first[1].strip().startswith("—"), first   # the reason, on its own line
    qtbot.waitUntil(lambda: held.visualItemRect(held.item(0)).height() > 2 * held.fontMetrics().height())
    for i in range(held.count()):
        assert held.visualItemRect(held.item(i)).right() <= held.viewport().width(), i
    panel.stop()
