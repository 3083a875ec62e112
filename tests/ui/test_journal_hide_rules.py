"""The journal panel hides what the comment rules did by themselves (on at first: a busy show's
deletions would bury the money actions and the people's own), and shows it, when asked, as the
rule's — by the rule's name, marked automatic — never as the assistant's. A row written before
viewers were named by nickname still reads, by the viewer's id."""

from __future__ import annotations

import pytest

from support.journal import confirmed
from support.studio import on_demo_studio
from support.viewers import post
from support.waiting import until


@pytest.mark.asyncio
async def test_the_rules_actions_are_hidden_until_asked_for_and_then_the_rule_s(console_factory, studio_factory):
    from anchor_console.moderation.pipeline import rule_label
    from anchor_console.room.journal import MODERATION, Target
    from anchor_console.ui.common.i18n import tr_text
    from anchor_console.ui.journal.journal_panel import JournalFeature, JournalModel

    studio, console = await on_demo_studio(console_factory, studio_factory, "moderator")
    window, session = console.window, console.session
    panel = window.feature(JournalFeature).panel
    window.show_dock("journal")
    assert panel.hide_rules.isChecked() and panel.hide_rules.text() == "Hide the rules' actions"
    # A person's mute as journals kept it before the nickname: the viewer by their id.
    old, _ = session.journal.begin("mute_viewer", {"user_id": "v267", "seconds": 600}, money=False, actor="老张",
                                   origin=MODERATION, room_key=session.room.room_key,
                                   targets=[Target("old", "Studio", "1")])
    spam = await post(studio, "加 薇❤信 abc_12345 便宜", nickname="引流号")
    deleted = await until(lambda: confirmed(session, "delete_comment", comment_id=str(spam["comment"]["id"])),
                          message="the rule did not delete")

    def rows():
        return {e.id: r for r, e in enumerate(panel.model.entries)}

    def cell(row: int, col: int) -> str:
        return panel.model.data(panel.model.index(row, col))

    await until(lambda: old.id in rows(), message="the person's mute is not listed")
    assert deleted.id not in rows()
    assert cell(rows()[old.id], JournalModel.WHAT) == "Mute viewer v267 for 10 min"
    assert cell(rows()[old.id], JournalModel.WHO) == "老张"

    panel.hide_rules.click()   # shown: the rule's, by its name, automatic
    await until(lambda: deleted.id in rows(), message="the rule's deletion is not listed once asked for")
    row = rows()[deleted.id]
    rule = tr_text(rule_label(deleted.actor))
    assert cell(row, JournalModel.WHO) == rule and rule != session.operator
    assert cell(row, JournalModel.ORIGIN) == "rule (automatic)"
    assert cell(row, JournalModel.WHAT) == "Delete 引流号: “加 薇❤信 abc_12345 便宜”"
    panel.view.selectRow(row)
    details = panel.details.toPlainText()
    assert f"· {rule} ·" in details and details.splitlines()[1].endswith("· rule (automatic)"), details
    assert session.operator not in details

    panel.hide_rules.click()   # hidden again
    await until(lambda: deleted.id not in rows(), message="the rule's deletion is still listed")
    assert old.id in rows()


def test_another_seats_rule_action_is_the_rules_not_that_seats_person(qapp):
    """The shared log says who acted by the seat's journal: a rule there is named as the rule here;
    an older seat's entry, naming none, stays its person's."""
    from PySide6.QtCore import Qt

    from anchor_console.platforms.studio_crew import CrewLogEntry, parse_log_entry
    from anchor_console.room.journal import RULES
    from anchor_console.ui.journal.journal_panel import JournalModel

    by_rule = parse_log_entry({"seat_id": "s2", "action_id": "a1", "kind": "delete_comment", "state": "confirmed",
                               "staff_name": "李场控", "role": "assistant", "origin": RULES, "actor": "list:abuse"})
    older = CrewLogEntry("s2", "a2", "delete_comment", {}, "confirmed", False, "李场控", "assistant", "pc", RULES, 0.0)
    model = JournalModel(catalog=None)
    model.set_rows([by_rule, older])
    who = [model.data(model.index(r, model.WHO), Qt.ItemDataRole.DisplayRole) for r in range(2)]
    assert who[0] == "word list “辱骂”" and "李场控" in who[1]
