"""Trusted viewers are kept: trusted on the user card, the rules leave them alone in tomorrow's room
on the same platform account too (ids are the platform's: kept per connection), the file is saved
off the loop in the order of the changes, and a broken file is moved aside and said, never lost."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from anchor_console.domain.clock import ManualClock
from anchor_console.domain.models import Comment
from anchor_console.moderation.desk import CommentDesk
from anchor_console.moderation.trusted_viewers import TrustedViewer, TrustedViewers


def viewer(uid: str, connection: str = "studio") -> TrustedViewer:
    return TrustedViewer(connection, uid, f"观众{uid}", 1.0)


@pytest.mark.asyncio
async def test_trusted_viewers_are_saved_in_order_and_read_back_by_connection(tmp_path):
    path = tmp_path / "trusted_viewers.json"
    trusted = TrustedViewers(path)
    for uid in ("u1", "u2", "u3"):
        trusted.set(viewer(uid), True)
    trusted.set(viewer("u2"), False)
    trusted.set(viewer("u9", "wechat"), True)
    await trusted.aclose()
    again = TrustedViewers(path)
    assert again.user_ids(["studio"]) == {"u1", "u3"} and again.user_ids(["wechat"]) == {"u9"}
    assert again.is_trusted("studio", "u1") and not again.is_trusted("wechat", "u1")
    assert [v.nickname for v in again.viewers()][:1] == ["观众u1"] and again.warning is None


def test_a_broken_file_is_moved_aside_and_said(tmp_path):
    path = tmp_path / "trusted_viewers.json"
    for broken in ("{not json", "[]", json.dumps({"connections": {"studio": ["u1"]}})):
        path.write_text(broken, encoding="utf-8")
        trusted = TrustedViewers(path)
        assert trusted.user_ids(["studio"]) == set() and trusted.warning is not None
        assert "kept as" in trusted.warning.english() and not path.exists()
    assert len(list(tmp_path.glob("trusted_viewers.json.unreadable-*"))) >= 1


def test_a_save_that_fails_is_said_and_the_trust_holds_for_the_session(tmp_path):
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    trusted = TrustedViewers(blocked / "trusted_viewers.json")   # its folder is a file: cannot save
    said = []
    trusted.save_failed.connect(said.append)
    trusted.set(viewer("u1"), True)   # no event loop here: saved at once
    assert trusted.is_trusted("studio", "u1") and "could not be saved" in said[0].english()


def test_the_desk_trusts_a_viewer_for_the_room_and_the_next_one_on_the_same_connection(tmp_path):
    path = tmp_path / "trusted_viewers.json"

    def desk():
        return CommentDesk(clock=ManualClock(), sessions_dir=tmp_path / "sessions", word_lists_file=tmp_path / "w.json",
                           spawn=lambda coro, **k: coro.close(), actor=lambda: "小王", trusted_file=path)

    first = desk()
    comment = Comment("c1", "r1", "u7", "老顾客", "我的单号 13800138000", 0.0, connection_id="studio")
    first.allow(comment, True)
    assert "u7" in first.pipeline.allow_list
    later = desk()
    room = SimpleNamespace(room_key="studio:r2", bindings=[SimpleNamespace(connection_id="studio")],
                           comments=_Events(), changed=_Events())
    later._follow = lambda room: None
    later.set_room(room)
    assert later.pipeline.allow_list == {"u7"}
    later.allow(comment, False)
    assert TrustedViewers(path).user_ids(["studio"]) == set()
    later.close()


class _Events:
    def connect(self, _f):
        return lambda: None
