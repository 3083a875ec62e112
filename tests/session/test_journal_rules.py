"""The journal tells a person's moderation from the rules' own: a rule's deletion is journalled
under the rule's name (as the mod log names it) with origin "rules", a person's under their name
with origin "moderation"; a viewer is named by the nickname the assistant saw; and the journal's
query leaves the rules' actions out when asked, without stepping over them one by one."""

from __future__ import annotations

import pytest

from anchor_console.domain.clock import ManualClock
from anchor_console.moderation.pipeline import rule_label
from anchor_console.moderation.wordlists import Action
from anchor_console.room.commands import BanViewer, Command, MuteViewer, UnbanViewer, UnmuteViewer
from anchor_console.room.journal import MODERATION, RULES, ActionJournal, Target
from support.journal import confirmed
from support.studio import on_demo_studio
from support.viewers import post
from support.waiting import until


@pytest.mark.asyncio
async def test_a_rule_s_deletion_is_the_rule_s_and_a_person_s_mute_is_theirs(session_factory, studio_factory):
    studio, session = await on_demo_studio(session_factory, studio_factory, "moderator")
    desk = session.desk
    spammer = await post(studio, "加 薇❤信 abc_12345 便宜", nickname="引流号")
    comment_id = str(spammer["comment"]["id"])
    deleted = await until(lambda: confirmed(session, "delete_comment", comment_id=comment_id),
                          message="the rule did not delete")
    by_the_rule = next(e for e in desk.modlog.recent(20) if e.comment_id == comment_id)
    assert deleted.origin == RULES and deleted.by_rules
    assert deleted.actor == by_the_rule.actor and rule_label(deleted.actor) is not None   # "list:diversion"
    assert deleted.actor != session.operator
    assert deleted.describe().english() == "Delete 引流号: “加 薇❤信 abc_12345 便宜”"

    # The moderator mutes the same viewer from the feed: theirs, by their name, the viewer by nickname.
    record = next(r for r in desk.recent if r.comment.id == comment_id)
    desk.perform(record, Action.MUTE, minutes=10)
    muted = await until(lambda: confirmed(session, "mute_viewer", user_id=record.comment.user_id),
                        message="the moderator's mute was not done")
    assert muted.origin == MODERATION and not muted.by_rules and muted.actor == session.operator == "测试员"
    assert muted.params["nickname"] == "引流号"
    assert muted.describe().english() == "Mute viewer 引流号 for 10 min"

    # …and deletes a comment no rule minds: theirs too.
    chat = await post(studio, "主播好漂亮", nickname="路人")
    said = await until(lambda: next((r for r in desk.recent if r.comment.id == str(chat["comment"]["id"])), None),
                       message="the comment did not reach the desk")
    desk.perform(said, Action.DELETE)
    removed = await until(lambda: confirmed(session, "delete_comment", comment_id=said.comment.id),
                          message="the moderator's delete was not done")
    assert removed.origin == MODERATION and removed.actor == "测试员"
    assert removed.describe().english() == "Delete 路人: “主播好漂亮”"

    # Without the rules' actions, the person's stay and the rule's goes — chosen by the query.
    kept = [e.id for e in session.journal.entries(limit=50, without_rules=True)]
    assert muted.id in kept and removed.id in kept and deleted.id not in kept
    assert deleted.id in [e.id for e in session.journal.entries(limit=50)]
    assert [e.id for e in session.journal.get_many([muted.id, deleted.id], without_rules=True)] == [muted.id]


def test_viewer_actions_read_with_and_without_a_nickname():
    """Journals written before the nickname was kept still read: by the viewer's platform id."""
    old = {"mute_viewer": {"user_id": "v267", "seconds": 600}, "unmute_viewer": {"user_id": "v267"},
           "ban_viewer": {"user_id": "v267"}, "unban_viewer": {"user_id": "v267"}}
    assert [Command.decode(k, p).describe().english() for k, p in old.items()] == [
        "Mute viewer v267 for 10 min", "Unmute viewer v267", "Ban viewer v267", "Unban viewer v267"]
    named = [MuteViewer("v267", 3600, "阿花"), UnmuteViewer("v267", "阿花"), BanViewer("v267", "阿花"),
             UnbanViewer("v267", "阿花")]
    assert [c.describe().english() for c in named] == [
        "Mute viewer 阿花 for 60 min", "Unmute viewer 阿花", "Ban viewer 阿花", "Unban viewer 阿花"]
    # Kept in the journal's params, read back; the same viewer is the same action whatever they are called.
    assert Command.decode("ban_viewer", named[2].params()) == named[2]
    assert Command.terms_of("ban_viewer", named[2].params()) == Command.terms_of("ban_viewer", old["ban_viewer"])


def test_the_journal_leaves_the_rules_actions_out_along_its_index(tmp_path):
    """Hiding the rules' actions is a query on an index, newest first: a journal of a thousand
    rules' deletions and a few people's actions gives the people's without a scan."""
    clock = ManualClock()
    journal = ActionJournal(tmp_path / "j.sqlite", clock, console_id="c")
    target = [Target("c1", "Studio", "1")]
    people = []
    for i in range(1000):
        clock.advance(1)
        origin, actor = (MODERATION, "阿明") if i % 250 == 0 else ("click", "阿明") if i % 250 == 1 \
            else (RULES, "list:diversion")
        entry, _ = journal.begin("delete_comment", {"comment_id": str(i)}, money=False, actor=actor, origin=origin,
                                 room_key="r", targets=target)
        if origin != RULES:
            people.append(entry.id)
    assert [e.id for e in journal.entries(limit=5, without_rules=True)] == people[::-1][:5]
    assert len(journal.entries(limit=2000)) == 1000 and len(journal.entries(limit=2000, without_rules=True)) == 8
    assert [e.id for e in journal.entries(limit=3, without_rules=True, before_id=people[-3])] == people[::-1][3:6]
    asked: list[str] = []   # the query as SQLite ran it (its values filled in)
    journal.db.set_trace_callback(asked.append)
    journal.entries(limit=5, without_rules=True)
    journal.db.set_trace_callback(None)
    query = next(q for q in asked if q.startswith("SELECT * FROM actions"))
    plan = " ".join(row[3] for row in journal.db.execute("EXPLAIN QUERY PLAN " + query))
    assert "actions_by_rules" in plan and "TEMP B-TREE" not in plan, plan
    journal.close()
