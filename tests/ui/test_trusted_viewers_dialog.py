"""All trusted viewers in one list (from the word lists dialog): who, on which platform account,
since when; Stop trusting takes one off — kept, and the rules act on them again."""

from __future__ import annotations

import os

from anchor_console.domain.clock import ManualClock
from anchor_console.domain.models import Comment
from anchor_console.moderation.desk import CommentDesk
from anchor_console.moderation.trusted_viewers import TrustedViewers
from anchor_console.ui.comments.trusted_viewers_dialog import TrustedViewersDialog


def test_the_list_shows_every_trusted_viewer_and_stops_trusting_one(qtbot, tmp_path):
    path = tmp_path / "trusted_viewers.json"
    desk = CommentDesk(clock=ManualClock(), sessions_dir=tmp_path / "s", word_lists_file=tmp_path / "w.json",
                       spawn=lambda coro, **k: coro.close(), actor=lambda: "小王", trusted_file=path)
    dialog = TrustedViewersDialog(None, desk, lambda c: {"studio": "Studio"}.get(c, c))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.list.isHidden() and not dialog.empty.isHidden() and not dialog.stop.isEnabled()
    for uid, name in (("u1", "品牌官方号"), ("u2", "老顾客小李")):
        desk.allow(Comment("c" + uid, "r1", uid, name, "hi", 0.0, connection_id="studio"))
    dialog._refill()
    texts = [dialog.list.item(i).text() for i in range(dialog.list.count())]
    assert texts[0].startswith("品牌官方号 · u1 · Studio · since 2026-01-01") and len(texts) == 2
    if os.environ.get("ANCHOR_SHOTS"):
        dialog.grab().save(os.path.join(os.environ["ANCHOR_SHOTS"], "trusted-viewers.png"))
    dialog.list.setCurrentRow(0)
    dialog.stop.click()
    assert dialog.list.count() == 1 and "u1" not in desk.pipeline.allow_list
    assert TrustedViewers(path).user_ids(["studio"]) == {"u2"}
