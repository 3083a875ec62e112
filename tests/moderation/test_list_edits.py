"""Word-list edits made live (moderation/list_edits.py): a group's new entries are checked, built
into the matcher and saved in a worker, then swapped in at once. Meanwhile comments are judged by
the lists in force and nothing compiles on the event loop; edits made during a build are applied
by the same task; a refused entry changes nothing; a file that cannot be written is said, and
the lists are in force all the same."""

from __future__ import annotations

import asyncio
import json
import threading

import pytest

from anchor_console.domain.clock import ManualClock
from anchor_console.domain.models import Comment
from anchor_console.moderation.desk import CommentDesk
from anchor_console.moderation.wordlists import Action
from support.list_edits import Gate, make_desk, record_compiles

NEW = "私聊下单"


@pytest.fixture
def compiles(monkeypatch):
    return record_compiles(monkeypatch)


def judged(desk: CommentDesk, text: str, n: int = 0):
    return desk.pipeline.classify_many([Comment(str(n), "r", f"viewer{n}", "观众", text, 0.0)])[0]


def listed(verdict, key: str = "diversion") -> bool:
    return any(m.rule == f"list:{key}" for m in verdict.matches)


@pytest.mark.asyncio
async def test_new_entries_are_built_and_saved_in_a_worker_and_swapped_in_at_once(tmp_path, compiles):
    desk, _ = make_desk(tmp_path)
    gate = desk.list_edits.run = Gate()
    group = desk.lists.group("diversion")
    lines = group.words + ["", f"  {NEW}  "]
    outcomes = []
    compiles.clear()
    task = desk.list_edits.set_words("diversion", lines, done=outcomes.append)
    assert desk.list_edits.busy and desk.pipeline.rebuilding
    # While the worker has not run: comments are judged by the lists in force, none compiled here.
    await asyncio.sleep(0)
    assert not listed(judged(desk, f"{NEW}更便宜", 1)) and not compiles
    gate.open.set()
    await task
    assert gate.calls == ["checked_words", "_build_and_save"]
    assert compiles and all(t is not threading.main_thread() for t in compiles)
    assert outcomes and outcomes[0].refused is None and outcomes[0].problem is None
    assert group.words[-1] == NEW and not desk.list_edits.busy
    verdict = judged(desk, f"{NEW}更便宜", 2)
    assert listed(verdict) and verdict.action is Action.DELETE
    assert len(compiles) == 1   # the comment after the swap: nothing compiled on the loop
    saved = json.loads((tmp_path / "wordlists.json").read_text(encoding="utf-8"))
    assert NEW in next(g for g in saved["groups"] if g["key"] == "diversion")["words"]


@pytest.mark.asyncio
async def test_edits_made_during_a_build_are_applied_by_it_too(tmp_path, compiles):
    desk, tasks = make_desk(tmp_path)
    gate = desk.list_edits.run = Gate()
    compiles.clear()
    first = desk.list_edits.set_words("diversion", [NEW])
    await asyncio.sleep(0)
    # Another edit while the first is being checked: 引流 mutes for 30 minutes now.
    desk.lists.group("diversion").mute_minutes = 30
    second = desk.list_edits.changed()
    assert second is not first and desk.pipeline.building is second
    gate.open.set()
    await asyncio.gather(first, second)
    assert desk.pipeline.compiled.version == desk.lists.version
    assert len(compiles) == 1 and compiles[0] is not threading.main_thread()   # both edits in one build
    verdict = judged(desk, NEW)
    assert listed(verdict) and verdict.mute_minutes == 30
    saved = json.loads((tmp_path / "wordlists.json").read_text(encoding="utf-8"))
    group = next(g for g in saved["groups"] if g["key"] == "diversion")
    assert group["words"] == [NEW] and group["mute_minutes"] == 30
    assert not [t for t in tasks if not t.done()]


@pytest.mark.asyncio
async def test_a_refused_entry_changes_nothing(tmp_path):
    desk, _ = make_desk(tmp_path)
    before, version = list(desk.lists.group("diversion").words), desk.lists.version
    outcomes = []
    await desk.list_edits.set_words("diversion", ["好词", "re:(["], done=outcomes.append)
    assert outcomes[0].refused is not None and "line 2" in outcomes[0].refused.english()
    assert desk.lists.group("diversion").words == before and desk.lists.version == version
    assert not (tmp_path / "wordlists.json").exists()


@pytest.mark.asyncio
async def test_a_file_that_cannot_be_written_is_said_and_the_lists_are_in_force(tmp_path):
    (tmp_path / "not-a-folder").write_text("x", encoding="utf-8")
    desk, _ = make_desk(tmp_path, file=tmp_path / "not-a-folder" / "wordlists.json")
    outcomes = []
    await desk.list_edits.set_words("diversion", [NEW], done=outcomes.append)
    assert outcomes[0].problem is not None and "could not be saved" in outcomes[0].problem.english()
    assert listed(judged(desk, NEW))


@pytest.mark.asyncio
async def test_a_build_that_fails_from_a_bug_leaves_the_lists_in_force_and_the_feed_judging(tmp_path, monkeypatch,
                                                                                             compiles):
    from anchor_console.moderation import list_edits

    desk, _ = make_desk(tmp_path)
    before = judged(desk, "加我微信 abc12345", 1)

    def broken(snapshot):
        raise RuntimeError("a bug in the matcher's build")
    monkeypatch.setattr(list_edits, "compile_lists", broken)
    monkeypatch.setattr(desk.lists, "compile", lambda markers: broken(None))   # the same bug on the loop
    outcomes = []
    await desk.list_edits.set_words("diversion", [NEW], done=outcomes.append)
    assert "could not be applied (RuntimeError)" in outcomes[0].problem.english()
    compiles.clear()
    after = judged(desk, "加我微信 abc12345", 2)   # judged by the lists in force; nothing compiled on the loop
    assert after.action is before.action and not compiles
    assert not listed(judged(desk, NEW, 3))
    monkeypatch.undo()
    await desk.list_edits.set_words("diversion", [NEW, "再来一个"])   # the next edit builds again
    assert listed(judged(desk, NEW, 4))


@pytest.mark.asyncio
async def test_the_crews_lists_are_applied_but_not_saved_here(tmp_path):
    desk, _ = make_desk(tmp_path)
    desk.team_lists = True
    await desk.list_edits.set_words("diversion", [NEW])
    assert listed(judged(desk, NEW)) and not (tmp_path / "wordlists.json").exists()


def test_a_closing_session_applies_and_saves_at_once(tmp_path):
    """Nothing new starts while the session shuts down: the edit is applied there and then."""
    desk = CommentDesk(clock=ManualClock(), sessions_dir=tmp_path / "sessions",
                       word_lists_file=tmp_path / "wordlists.json", spawn=lambda coro, **_kw: coro.close(),
                       actor=lambda: "场控")
    outcomes = []
    assert desk.list_edits.set_words("diversion", [NEW], done=outcomes.append) is None
    assert outcomes[0].refused is None and listed(judged(desk, NEW))
    assert NEW in (tmp_path / "wordlists.json").read_text(encoding="utf-8")


@pytest.mark.asyncio
async def test_the_crews_lists_coming_in_and_going_are_built_in_a_worker(tmp_path, compiles):
    """A crew room's lists (session/crew_moderation.py) replace this computer's, and come back off the
    room: both swaps are built off the loop, the crew's are not written to this computer's file."""
    from types import SimpleNamespace

    from anchor_console.moderation.wordlists import lists_to_dict
    from anchor_console.session.crew_moderation import CrewModeration

    desk, _ = make_desk(tmp_path)
    team = lists_to_dict(desk.lists)
    next(g for g in team["groups"] if g["key"] == "diversion")["words"] = [NEW]

    class Link:
        async def word_lists(self):
            return {"version": 2, "lists": team, "staff_name": "主播"}

    crew = CrewModeration(SimpleNamespace(seat_id="seat-1", link=None))
    crew.attach_desk(desk)
    compiles.clear()
    await crew._apply_team_lists(Link())
    assert desk.team_lists and desk.list_edits.busy and not compiles   # nothing built on the loop
    await desk.list_edits.task
    assert listed(judged(desk, NEW)) and len(compiles) == 1 and compiles[0] is not threading.main_thread()
    assert not (tmp_path / "wordlists.json").exists()
    crew.attached(None)   # off the crew's room: this computer's lists again
    assert not desk.team_lists and desk.list_edits.busy
    await desk.list_edits.task
    assert not listed(judged(desk, NEW)) and all(t is not threading.main_thread() for t in compiles)


@pytest.mark.asyncio
async def test_entries_checked_while_the_crews_lists_came_in_are_not_written_into_the_crews(tmp_path):
    """An Apply whose entries are being checked when the crew's lists replace this computer's is
    refused (the editor keeps them): the crew's group of the same name is not changed on this seat."""
    import copy

    desk, _ = make_desk(tmp_path)
    gate = desk.list_edits.run = Gate()
    outcomes = []
    task = desk.list_edits.set_words("diversion", [NEW], done=outcomes.append)
    await asyncio.sleep(0)
    team = copy.deepcopy(desk.lists.groups)   # the crew's lists come in meanwhile (crew_moderation.py)
    desk.lists.groups, desk.team_lists = team, True
    crews = list(desk.lists.group("diversion").words)
    gate.open.set()
    await task
    assert outcomes[0].refused is not None and "crew" in outcomes[0].refused.english()
    assert desk.lists.group("diversion").words == crews and NEW not in crews


@pytest.mark.asyncio
async def test_an_apply_pressed_just_before_quitting_is_kept(tmp_path, private_home):
    """The session waits for the edit under way before it cancels its tasks: the lists are saved."""
    from anchor_console.session.console import ConsoleSession
    from anchor_console.session.paths import Paths
    from anchor_console.session.settings import Settings

    session = ConsoleSession(Settings(), Paths.for_user({"ANCHOR_CONSOLE_HOME": str(private_home)}))
    gate = session.desk.list_edits.run = Gate()
    session.desk.list_edits.set_words("diversion", [NEW])
    asyncio.get_running_loop().call_later(0.05, gate.open.set)   # the checks take a moment
    await session.shutdown()
    assert gate.calls == ["checked_words", "_build_and_save"]
    assert NEW in session.paths.word_lists_file.read_text(encoding="utf-8")


@pytest.mark.asyncio
async def test_an_import_read_while_the_crews_lists_came_in_is_not_added_to_the_crews(tmp_path):
    import copy

    path = tmp_path / "more.txt"
    path.write_text("[引流]\n" + NEW + "\n", encoding="utf-8")
    desk, _ = make_desk(tmp_path)
    gate = desk.list_edits.run = Gate()
    outcomes = []
    task = desk.list_edits.import_file(path, None, done=outcomes.append)
    await asyncio.sleep(0)
    desk.lists.groups, desk.team_lists = copy.deepcopy(desk.lists.groups), True   # the crew's lists come in
    gate.open.set()
    await task
    assert outcomes[0].refused is not None and outcomes[0].imported is None
    assert NEW not in desk.lists.group("diversion").words
