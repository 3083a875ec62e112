"""The journal lists actions in the order they were written, not by the wall clock: after the clock
is set back (NTP correcting a clock an hour ahead), the action just made is still the newest — the
journal panel loads the newest 1000 and would not have shown it."""

from __future__ import annotations

from anchor_console.domain.clock import ManualClock
from anchor_console.room.journal import ActionJournal, Target

TARGETS = [Target("c1", "Studio", "1")]


class SettableClock(ManualClock):
    def set_back(self, seconds: float) -> None:
        self._wall -= seconds


def test_the_newest_action_is_listed_first_after_the_clock_is_set_back(tmp_path):
    clock = SettableClock()
    journal = ActionJournal(tmp_path / "journal.sqlite", clock, console_id="x")
    for i in range(1200):   # an hour of a busy room's deletions
        clock.advance(3)
        journal.begin("delete_comment", {"comment_id": str(i)}, money=False, actor="a", origin="moderation",
                      room_key="r", targets=TARGETS)
    clock.set_back(3600)
    coupon, _ = journal.begin("issue_coupon", {"template_id": "1", "quantity": 500}, money=True, actor="a",
                              origin="click", room_key="r", targets=TARGETS)
    assert journal.entries(limit=1000)[0].id == coupon.id          # what JournalPanel.reload loads
    assert journal.entries(limit=1, money_only=True)[0].id == coupon.id
    page = journal.entries(limit=500, room_key="r")
    older = journal.entries(limit=500, room_key="r", before_id=page[-1].id)
    assert page[0].id == coupon.id and older[0].params["comment_id"] == str(1200 - 500)
    assert not {e.id for e in page} & {e.id for e in older}
    journal.close()


def test_the_latest_identical_action_is_the_one_written_last_after_the_clock_is_set_back(tmp_path):
    """A double press's second coupon is checked against the latest identical one: after the clock
    is set back, that is still the one just written, not the older one with the later time."""
    clock = SettableClock()
    journal = ActionJournal(tmp_path / "journal.sqlite", clock, console_id="x")
    params = {"template_id": "1", "quantity": 500}
    first, _ = journal.begin("issue_coupon", params, money=True, actor="a", origin="click", room_key="r",
                             targets=TARGETS)
    clock.set_back(3600)
    second, _ = journal.begin("issue_coupon", params, money=True, actor="a", origin="click", room_key="r",
                              targets=TARGETS)
    assert [e.id for e in journal.latest_like("issue_coupon", params)] == [second.id, first.id]
    assert [e.id for e in journal.latest_like("issue_coupon", params, "r")] == [second.id, first.id]
    assert journal.latest_like("issue_coupon", params, "another room") == []
    journal.close()
