"""The undoable show document: every edit undoes and redoes exactly, typing merges into one step,
ids stay stable, the dirty flag follows the saved state, and listeners hear about everything."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import pytest

from anchor_console.show.editing import ChangeKind, ShowDocument, ShowEditError
from anchor_console.show.model import (
    AnchorMessage, CueMode, FeaturedProduct, IssueCoupon, Segment, Show, StageProduct, StartMode, Trigger,
)
from anchor_console.show.showfile import load_show
from show_builders import SAMPLES, evening_show


@pytest.fixture
def doc():
    return ShowDocument(evening_show())


def titles(doc):
    return [s.title for s in doc.show.segments]


def test_add_remove_duplicate_move_and_undo_them_all(doc):
    history = [doc.show]
    new = doc.add_segment("加播", 300, index=1)
    history.append(doc.show)
    assert titles(doc) == ["开场", "加播", "福利款", "整点抽奖", "下播"] and new.id.startswith("seg-")
    copy = doc.duplicate_segment("A")
    history.append(doc.show)
    assert titles(doc)[:2] == ["开场", "开场"] and copy.id != "A"
    assert {c.id for c in copy.cues}.isdisjoint({c.id for c in doc.show.segment("A").cues})
    assert [c.action for c in copy.cues] == [c.action for c in doc.show.segment("A").cues]
    doc.move_segment("D", 0)
    history.append(doc.show)
    assert titles(doc)[0] == "下播"
    doc.remove_segment("B")
    history.append(doc.show)
    assert "福利款" not in titles(doc)
    for expected in reversed(history[:-1]):
        doc.undo()
        assert doc.show == expected
    assert not doc.can_undo and not doc.dirty
    for expected in history[1:]:
        doc.redo()
        assert doc.show == expected
    assert not doc.can_redo


def test_typing_in_a_text_field_is_one_undo_step_until_sealed(doc):
    for text in ("欢", "欢迎", "欢迎来到", "欢迎来到直播间"):
        doc.set_segment_field("A", "talking_points", text)
    assert doc.undo_text().english() == "Edit talking points"
    doc.undo()
    assert doc.show.segment("A").talking_points == ""
    doc.redo()
    assert doc.show.segment("A").talking_points == "欢迎来到直播间"
    doc.seal()  # the field lost focus
    doc.set_segment_field("A", "talking_points", "欢迎来到直播间！")
    doc.undo()
    assert doc.show.segment("A").talking_points == "欢迎来到直播间"
    # A different field, or another segment, is a new step.
    doc.set_segment_field("A", "title", "开场1")
    doc.set_segment_field("B", "title", "福利1")
    doc.set_segment_field("B", "title", "福利12")
    doc.undo()
    assert doc.show.segment("B").title == "福利款" and doc.show.segment("A").title == "开场1"


def test_non_text_fields_never_merge(doc):
    doc.set_segment_field("A", "duration_s", 700)
    doc.set_segment_field("A", "duration_s", 800)
    doc.undo()
    assert doc.show.segment("A").duration_s == 700


def test_hard_and_soft_starts_stay_consistent(doc):
    doc.set_segment_field("B", "hard_start", time(20, 15))
    assert doc.show.segment("B").start_mode is StartMode.HARD
    doc.set_segment_field("B", "start_mode", StartMode.SOFT)
    assert doc.show.segment("B").hard_start is None


def test_dirty_follows_the_saved_state(doc, tmp_path):
    assert not doc.dirty
    doc.set_show_field("title", "晚场（改）")
    assert doc.dirty
    doc.mark_saved(tmp_path / "x.show.toml")
    assert not doc.dirty and doc.path == tmp_path / "x.show.toml"
    doc.set_show_field("title", "晚场（再改）")  # after a save, typing is a new step
    assert doc.dirty
    doc.undo()
    assert not doc.dirty  # back at what is on disk
    doc.undo()
    assert doc.dirty and doc.show.title == "晚场"
    doc.redo()
    assert not doc.dirty


def test_show_fields(doc):
    doc.set_show_field("date", date(2026, 3, 9))
    doc.set_show_field("start", time(19, 30))
    doc.set_show_field("target_length_s", 3600)
    assert (doc.show.date, doc.show.start, doc.show.target_length_s) == (date(2026, 3, 9), time(19, 30), 3600)
    with pytest.raises(ShowEditError):
        doc.set_show_field("target_length_s", -1)
    with pytest.raises(ShowEditError):
        doc.set_show_field("colour", "red")


def test_cues_add_edit_move_remove(doc):
    cue = doc.add_cue("B", IssueCoupon("2", 300, 15, "无门槛10元"), trigger=Trigger.after(60), index=0)
    assert doc.show.segment("B").cues[0] == cue and cue.mode is CueMode.CONFIRM
    doc.update_cue(cue.id, mode=CueMode.AUTO, trigger=Trigger.at_end(30))
    assert doc.show.find_cue(cue.id)[1].mode is CueMode.AUTO
    doc.update_cue(cue.id, note="主")
    doc.update_cue(cue.id, note="主播说完")
    doc.undo()
    assert doc.show.find_cue(cue.id)[1].note == ""
    doc.move_cue(cue.id, "D", 5)
    assert doc.show.segment("D").cues[-1].id == cue.id and doc.show.segment("B").cue(cue.id) is None
    doc.remove_cue(cue.id)
    assert doc.show.find_cue(cue.id) is None
    doc.undo()
    doc.undo()
    assert doc.show.segment("B").cues[0].id == cue.id  # the id never changes
    with pytest.raises(ShowEditError):
        doc.update_cue(cue.id, mode="auto")
    with pytest.raises(ShowEditError):
        doc.add_cue("B", "stage product 1001")
    with pytest.raises(ShowEditError):
        doc.remove_cue("nope")
    with pytest.raises(ShowEditError):
        doc.move_cue(cue.id, "nope", 0)


def test_pasted_segments_get_fresh_ids_only_when_needed(doc):
    a = doc.show.segment("A")
    pasted = doc.insert_segment(a)
    assert pasted.id != "A" and all(c.id not in {x.id for x in a.cues} for c in pasted.cues)
    doc.undo()
    fresh = doc.insert_segment(a.__class__("new-id", "新环节", 60))
    assert fresh.id == "new-id"


def test_products_edit(doc):
    doc.set_segment_field("B", "products", [FeaturedProduct("1003", "针织开衫")])
    assert doc.show.segment("B").products == (FeaturedProduct("1003", "针织开衫"),)
    with pytest.raises(ShowEditError):
        doc.set_segment_field("B", "products", ["1003"])
    with pytest.raises(ShowEditError):
        doc.set_segment_field("B", "duration_s", "10分钟")
    with pytest.raises(ShowEditError):
        doc.set_segment_field("nope", "title", "x")


def test_listeners_hear_every_change(doc):
    heard = []
    remove = doc.changed.connect(heard.append)
    doc.set_segment_field("A", "notes", "灯光")
    cue = doc.add_cue("A", StageProduct("1001"))
    doc.undo()
    doc.mark_saved()
    doc.move_segment("A", 3)
    assert [(c.kind, c.segment_id) for c in heard] == [
        (ChangeKind.SEGMENT, "A"), (ChangeKind.CUES, "A"), (ChangeKind.CUES, "A"), (ChangeKind.SAVED, ""),
        (ChangeKind.SEGMENTS, "A")]
    assert heard[0].field == "notes" and heard[1].cue_id == cue.id
    remove()
    doc.undo()
    assert len(heard) == 5


def test_an_edit_that_changes_nothing_is_not_an_undo_step(doc):
    doc.set_segment_field("A", "title", "开场")
    assert not doc.can_undo and not doc.dirty


def test_replace_show_is_undoable():
    doc = ShowDocument()
    imported = load_show(SAMPLES / "sample_30min.show.toml")
    doc.replace_show(imported)
    assert doc.show == imported and doc.dirty
    doc.undo()
    assert doc.show.segments == () and not doc.dirty


def test_history_is_bounded():
    doc = ShowDocument(evening_show(), history_limit=3)
    for n in range(10):
        doc.set_segment_field("A", "duration_s", 100 + n)
    for _ in range(10):
        doc.undo()
    assert doc.show.segment("A").duration_s == 106


def test_new_cue_actions_are_any_of_the_six():
    doc = ShowDocument(evening_show())
    cue = doc.add_cue("A", AnchorMessage("说优惠码"), mode=CueMode.MANUAL, note="备用")
    assert doc.show.find_cue(cue.id)[1].note == "备用"


def test_work_not_saved_yet_is_unsaved_from_the_start_and_undoable():
    """An import was put in as the document's saved show and then "replaced" by itself: nothing
    changed, so no *, no question before it was dropped, no recovery copy, no undo."""
    imported = Show("导入的脚本", segments=(Segment("seg-01", "开场", 600),))
    doc = ShowDocument.unsaved(imported)
    assert doc.show == imported and doc.dirty and doc.can_undo and doc.path is None
    doc.undo()
    assert doc.show == Show("") and doc.dirty
    doc.redo()
    doc.mark_saved(Path("x.show.toml"))
    assert not doc.dirty
    assert ShowDocument.unsaved(Show("")).dirty   # even work that equals an empty show
