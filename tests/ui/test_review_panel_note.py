"""The review list shows the oldest held comments only; what it does not show is said under it —
more waiting than listed, and held comments a full queue let go undecided (a flood of held spam)."""

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
    assert "oldest 2 of 4" in note and "2 more held comments were let go undecided" in note
    panel.stop()
