"""The disk under the action journal fills up mid-show. Nothing is sent (journalled first is the
house rule), and it is said in words — "the action journal cannot be written (disk full)" — not
hidden behind SQLite's "cannot rollback - no transaction is active": SQLite has already rolled the
write back itself when the disk is full, and a second ROLLBACK raised that instead."""

from __future__ import annotations

import pytest

from anchor_console.domain.clock import ManualClock
from anchor_console.room.commands import IssueCoupon
from anchor_console.room.journal import ActionJournal, JournalUnwritable, Target
from anchor_console.room.live_room import Binding, LiveRoom
from fake_platform import FakePlatform

TARGETS = [Target("fake", "Fake", "r1")]


def fill_disk(journal: ActionJournal) -> None:
    """No page beyond those the file has: the first write that needs one fails with SQLITE_FULL,
    as on a full disk."""
    pages = journal.db.execute("PRAGMA page_count").fetchone()[0]
    journal.db.execute(f"PRAGMA max_page_count = {pages}")


def free_disk(journal: ActionJournal) -> None:
    journal.db.execute("PRAGMA max_page_count = 1073741823")


def delete(journal: ActionJournal, n: int):
    return journal.begin("delete_comment", {"comment_id": str(n) * 200}, money=False, actor="a",
                         origin="moderation", room_key="room-1", targets=TARGETS)


def test_a_full_disk_is_said_as_such_and_the_journal_writes_again_once_space_is_freed(tmp_path):
    journal = ActionJournal(tmp_path / "journal.sqlite", ManualClock(), console_id="c")
    trouble = []
    journal.trouble.connect(trouble.append)
    fill_disk(journal)
    with pytest.raises(JournalUnwritable) as caught:
        for n in range(1000):
            delete(journal, n)
    assert caught.value.message.english() == "Not sent: the action journal cannot be written (disk full)."
    assert caught.value.nothing_sent and caught.value.__cause__.sqlite_errorname == "SQLITE_FULL"
    written = len(journal.entries(limit=1000))
    with pytest.raises(JournalUnwritable):
        delete(journal, 999)
    assert [t.english() for t in trouble] == ["disk full"]   # said once, not at every write
    assert not journal.db.in_transaction and len(journal.entries(limit=1000)) == written
    free_disk(journal)
    delete(journal, 1000)
    assert trouble[-1] is None and len(journal.entries(limit=1000)) == written + 1
    journal.close()


@pytest.mark.asyncio
async def test_a_money_press_on_a_full_disk_sends_nothing_and_says_why(tmp_path):
    journal = ActionJournal(tmp_path / "journal.sqlite", ManualClock(), console_id="c")
    fake = FakePlatform()
    room = LiveRoom("room-1", [Binding(fake, "r1")], journal, actor="小王")
    fill_disk(journal)
    with pytest.raises(JournalUnwritable) as caught:
        for quantity in range(1, 1000):
            await room.perform(IssueCoupon("1", quantity, 30))
    assert "(disk full)" in caught.value.message.english()
    if caught.value.nothing_sent:   # the press met the full disk when journalling: nothing went
        assert caught.value.message.english().startswith("Not sent:")
        assert len(fake.applied) == quantity - 1 == len(journal.entries(limit=1000))
    else:   # sent, and its answer could not be written: pending, for the next start to check
        assert len(fake.applied) == quantity and journal.unresolved()[0].params["quantity"] == quantity
    journal.close()
