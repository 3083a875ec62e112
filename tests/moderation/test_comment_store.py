"""The session store (moderation/comment_store.py): every comment of a session in SQLite, written
in batches from any thread, searched by text (a full-text index that trails the table in a storm)
and by viewer, read back with its room and state, hostile text kept as written."""

from __future__ import annotations

import threading

import pytest

from anchor_console.domain.models import Comment
from anchor_console.moderation.comment_store import CommentStore

def test_store_batches_searches_and_follows_states(tmp_path):
    store = CommentStore(tmp_path / "session.sqlite")
    for i in range(2000):
        store.append(Comment(str(i), "1", f"u{i % 7}", "n", f"第{i}条 XL有吗" if i % 2 else f"普通评论{i}", float(i),
                             connection_id="c1"), question=bool(i % 2))
    assert store.count() == 0  # queued, not yet written
    assert store.flush() == 2000
    assert store.count() == 2000
    found = store.search("XL有吗")
    assert len(found) == 500 and all("XL有吗" in s.text for s in found)  # the default limit, newest first
    assert found[0].seq > found[-1].seq
    assert [s.text for s in store.search("普通评论19")][:1] == ["普通评论1998"]
    assert len(store.search("有吗", limit=10)) == 10  # two characters: LIKE
    user = store.by_user("u3")
    assert user and all(s.user_id == "u3" for s in user) and user[0].seq < user[-1].seq
    store.mark(Comment("5", "1", "u5", "n", "x", 0.0, connection_id="c1"), "deleted")
    store.flush()
    assert next(s for s in store.by_user("u5") if s.id == "5").state == "deleted"
    store.close()


def test_a_comment_read_back_from_the_session_file_knows_its_room(tmp_path):
    """A search result older than the desk's memory is moderated from the session file: the desk
    acts only on a comment of the room it follows, so the comment read back must name its room."""
    store = CommentStore(tmp_path / "r.sqlite")
    store.append(Comment("7", "room-42", "u", "n", "这件外套真不错", 0.0, connection_id="c1"))
    store.flush()
    (found,) = store.search("外套")
    assert found.as_comment().room_id == "room-42" and found.as_comment().connection_id == "c1"
    store.close()


def test_search_finds_the_same_whether_or_not_the_index_has_caught_up(tmp_path):
    """The text index trails the table during a storm: searches still see every comment."""
    store = CommentStore(tmp_path / "i.sqlite")
    for i in range(1000):
        store.append(Comment(str(i), "1", "u", "n", f"第{i}条 XL有吗" if i % 3 == 0 else f"闲聊{i}", float(i),
                             connection_id="c1"))
    store.flush()
    expected = [str(i) for i in range(999, -1, -1) if i % 3 == 0]
    assert store.indexed_upto == 0
    assert [s.id for s in store.search("XL有吗", limit=1000)] == expected          # all by scanning
    assert store.index_some(0.0) == 256 and store.indexed_upto == 256           # one step, however short the budget
    assert [s.id for s in store.search("XL有吗", limit=1000)] == expected          # index + scan, no doubles
    assert [s.id for s in store.search("xl有吗", limit=5)] == expected[:5]        # either way case-blind
    while store.index_some(1.0):
        pass
    assert store.indexed_upto == 1000
    assert [s.id for s in store.search("XL有吗", limit=1000)] == expected          # all from the index
    store.close()
    again = CommentStore(tmp_path / "i.sqlite")                                   # progress is kept in the file
    assert again.indexed_upto == 1000 and len(again.search("XL有吗", limit=1000)) == len(expected)
    again.close()


def test_store_appends_from_several_threads(tmp_path):
    store = CommentStore(tmp_path / "s.sqlite", flush_interval=0.01)
    store.start()

    def writer(k):
        for i in range(1000):
            store.append(Comment(f"{k}-{i}", "1", "u", "n", "t", 0.0, connection_id="c"))

    threads = [threading.Thread(target=writer, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    store.close()
    again = CommentStore(tmp_path / "s.sqlite")
    assert again.count() == 4000
    again.close()


def test_hostile_text_is_stored_as_written(tmp_path):
    """Markup and direction overrides are text: stored and read back as sent (a NUL is not text:
    see the next test)."""
    store = CommentStore(tmp_path / "h.sqlite")
    hostile = "<img src=x onerror=alert(1)>\u202e反转\u2066隔离\u2069\u200b零宽"
    store.append(Comment("1", "1", "u", "<b>名</b>", hostile, 0.0, connection_id="c"))
    store.flush()
    [row] = store.by_user("u")
    assert row.text == hostile and row.nickname == "<b>名</b>"
    assert [r.text for r in store.search("反转")] == [hostile]
    store.close()


HOSTILE = [  # (as a platform sent it, as the console keeps it)
    ("前面\x00后面的秘密内容", "前面\ufffd后面的秘密内容"),           # a NUL hid the rest from the search
    ("加\x01微\x1b[31m信\x7f号\x85码\x9f", "加\ufffd微\ufffd[31m信\ufffd号\ufffd码\ufffd"),
    ("半个\ud800字\udfff", "半个\ufffd字\ufffd"),                   # lone surrogates, from JSON
    ("换行\n制表\t回车\r也是文字", "换行\n制表\t回车\r也是文字"),    # kept: text (shown as spaces)
    ("\u202e申退款\u202c", "\u202e申退款\u202c"),                   # kept: flagged and shown without
]


@pytest.mark.parametrize("indexed", [False, True])
def test_a_comment_with_a_nul_or_other_controls_is_stored_and_found_in_full(tmp_path, indexed):
    """SQLite's LIKE and its text index stop reading at a NUL: "前面\\0后面的秘密内容" was found by
    "前面" only. What is not text becomes U+FFFD where the comment is made, so the store, the
    search, the feed and the exports all hold the same string, and every word of it is found."""
    store = CommentStore(tmp_path / "h.sqlite")
    for n, (sent, _kept) in enumerate(HOSTILE):
        store.append(Comment(str(n), "1", f"u{n}", f"名\x00{n}", sent, float(n), connection_id="c"))
    assert store.flush() == len(HOSTILE) and store.failing is None
    if indexed:
        store.index_some(1.0)
        assert store.indexed_upto == len(HOSTILE)
    for n, (_sent, kept) in enumerate(HOSTILE):
        [row] = store.by_user(f"u{n}")
        assert row.text == kept and row.nickname == f"名\ufffd{n}"
    assert [r.text for r in store.search("后面的秘密内容")] == [HOSTILE[0][1]]
    assert [r.text for r in store.search("秘密")] == [HOSTILE[0][1]]          # short: the scan
    assert [r.text for r in store.search("前面\x00后面")] == [HOSTILE[0][1]]  # a query is read the same way
    assert [r.text for r in store.search("[31m信")] == [HOSTILE[1][1]]
    assert [r.text for r in store.search("半个")] == [HOSTILE[2][1]]
    assert [r.text for r in store.search("也是文字")] == [HOSTILE[3][1]]
    assert [r.text for r in store.search("申退款")] == [HOSTILE[4][1]]
    store.close()


def test_a_nul_in_a_session_file_written_before_is_read_back_as_text(tmp_path):
    """Rows an earlier version stored with the NUL in them read back as today's would."""
    import sqlite3

    store = CommentStore(tmp_path / "old.sqlite")
    store.close()
    with sqlite3.connect(tmp_path / "old.sqlite") as raw:
        raw.execute("INSERT INTO comments(id, connection_id, room_id, user_id, nickname, text, created_at) "
                    "VALUES ('1', 'c', '1', 'u', ?, ?, 1.0)", ("n\x00", "a\x00b"))
    store = CommentStore(tmp_path / "old.sqlite")
    [row] = store.by_user("u")
    assert (row.nickname, row.text) == ("n\ufffd", "a\ufffdb") and row.as_comment().text == "a\ufffdb"
    store.close()


def test_a_session_file_from_the_earlier_version_keeps_its_index(tmp_path):
    """Earlier versions indexed each comment as it was written (a trigger): nothing is indexed twice."""
    import sqlite3

    from anchor_console.moderation import comment_store

    path = tmp_path / "old.sqlite"
    db = sqlite3.connect(path)
    db.executescript(comment_store._SCHEMA.split("CREATE TABLE IF NOT EXISTS store_meta")[0] + """
        CREATE TRIGGER comments_ai AFTER INSERT ON comments BEGIN
          INSERT INTO comments_text(rowid, text) VALUES (new.seq, new.text);
        END;""")
    db.executemany("INSERT INTO comments(id, connection_id, room_id, user_id, nickname, text, created_at) "
                   "VALUES (?, 'c', '1', 'u', 'n', ?, 0)", [(str(i), f"旧评论{i} XL有吗") for i in range(10)])
    db.commit()
    db.close()
    store = CommentStore(path)
    assert store.indexed_upto == 10 and store.index_some(1.0) == 0
    store.append(Comment("new", "1", "u", "n", "新评论 XL有吗", 1.0, connection_id="c"))
    store.flush()
    assert len(store.search("XL有吗")) == 11
    store.close()


class _HeldWrites:
    """The store's write connection, holding its inserts until `go` is set (a batch in flight)."""

    def __init__(self, connection):
        self.connection, self.writing, self.go = connection, threading.Event(), threading.Event()

    def execute(self, *args):
        return self.connection.execute(*args)

    def executemany(self, sql, rows):
        if sql.startswith("INSERT"):
            self.writing.set()
            self.go.wait(10)
        return self.connection.executemany(sql, rows)

    def close(self):
        self.connection.close()


def test_a_flush_returns_only_once_the_writer_threads_batch_in_flight_is_written(tmp_path):
    """The viewer card flushes, then reads the viewer's comments: when the writer thread had just
    taken them and was still writing, the card's flush found nothing to do and the card showed an
    empty history."""
    store = CommentStore(tmp_path / "f.sqlite")
    store._write = held = _HeldWrites(store._write)
    store.append(Comment("1", "1", "u", "n", "第一句", 0.0, connection_id="c"))
    writer = threading.Thread(target=store.flush)
    writer.start()
    assert held.writing.wait(10)
    seen: list = []
    card = threading.Thread(target=lambda: (store.flush(), seen.extend(store.by_user("u"))))
    card.start()
    card.join(0.3)          # the card's flush must wait for the batch, not read around it
    held.go.set()
    writer.join(10)
    card.join(10)
    assert [s.text for s in seen] == ["第一句"]
    store.close()


def test_a_lone_surrogate_loses_no_comment(tmp_path):
    """A platform's JSON may carry a lone surrogate ("\ud800"): unencodable, it failed the whole
    batch's insert (the good comments too) and ended the writer thread, unsaid. It is kept as U+FFFD."""
    store = CommentStore(tmp_path / "h.sqlite")
    store.append(Comment("1", "1", "u1", "n", "前面的好评论", 1.0, connection_id="c1"))
    store.append(Comment("2", "1", "u2", "坏\ud800名", "半个\udc00字", 2.0, connection_id="c1"))
    store.append(Comment("3", "1", "u3", "n", "后面的好评论", 3.0, connection_id="c1"))
    assert store.flush() == 3 and store.failing is None
    assert [s.text for s in store.by_user("u2")] == ["半个\ufffd字"]
    store.close()


@pytest.mark.asyncio
async def test_comments_held_when_the_console_closed_are_back_in_review(tmp_path):
    """Held for review, then the console closed (or followed another room) before a moderator
    decided: out of the feed and out of review, they were hidden for good."""
    from anchor_console.moderation.review import HELD_BEFORE, ReviewQueue

    store = CommentStore(tmp_path / "r.sqlite")
    store.append(Comment("1", "1", "u1", "n", "主播看我主页", 1.0, connection_id="c1"), action="hold",
                 rule="list:diversion", state="held")
    store.append(Comment("2", "1", "u2", "n", "XL有吗", 2.0, connection_id="c1"))
    store.flush()
    store.close()
    again = CommentStore(tmp_path / "r.sqlite")
    queue = ReviewQueue()
    await queue.hold_again(again, lambda: True)
    [(comment, verdict)] = queue.items()
    assert comment.text == "主播看我主页" and verdict.reason == HELD_BEFORE and verdict.rule == "list:diversion"
    again.close()


def test_closing_while_workers_read_never_crashes_and_later_reads_are_refused(tmp_path):
    """The desk moves to another room (closing the store) while a worker reads its held comments
    back: closing the shared read connection under the read crashed the process (a segfault)."""
    import sqlite3

    store = CommentStore(tmp_path / "s.sqlite")
    for i in range(20_000):
        store.append(Comment(str(i), "r1", f"u{i % 50}", "观众", f"评论 {i}", float(i), connection_id="c"))
    store.flush()
    outcomes: list[str] = []
    started = threading.Barrier(5)

    def reader() -> None:
        started.wait()
        try:
            for _ in range(200):
                store.recent(limit=5000, where="state = ?", args=("held",))
                store.by_user("u7")
        except sqlite3.Error as exc:
            outcomes.append(type(exc).__name__)
        else:
            outcomes.append("done")

    threads = [threading.Thread(target=reader) for _ in range(4)]
    for t in threads:
        t.start()
    started.wait()
    store.close()
    for t in threads:
        t.join(30)
    assert len(outcomes) == 4 and set(outcomes) <= {"ProgrammingError", "done"}
    with pytest.raises(sqlite3.ProgrammingError):
        store.recent()


def test_a_hostile_comment_from_a_platforms_json_is_one_string_in_store_search_and_export(tmp_path):
    """From JSON (where "\\u0000" and a lone "\\ud800" can arrive) to the store, its search and a
    spreadsheet cell: the same text everywhere, none of it lost, nothing refused."""
    import json

    from openpyxl import Workbook

    from anchor_console.platforms.studio_json import parse_comment
    from anchor_console.show.sheet_text import put_cell

    body = json.loads('{"id": 7, "room_id": 1, "user": {"id": 3, "nickname": "\\u202eevil\\u0000"}, '
                      '"text": "\\u0000\\u0007藏起来的\\ud800后半句\\u009b31m", "created_at": 1.0}')
    comment = parse_comment(body, "c")
    assert comment.text == "\ufffd\ufffd藏起来的\ufffd后半句\ufffd31m" and comment.nickname == "\u202eevil\ufffd"
    store = CommentStore(tmp_path / "j.sqlite")
    store.append(comment)
    assert store.flush() == 1
    assert [r.text for r in store.search("后半句")] == [comment.text]
    assert store.by_user("3")[0].nickname == comment.nickname
    ws = Workbook().active
    assert put_cell(ws, 1, 1, comment.text).value == comment.text   # openpyxl refused a control character
    store.close()
