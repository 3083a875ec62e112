"""The show being edited: `ShowDocument` holds the current `Show`, applies edits as command objects
with undo/redo, merges consecutive typing into the same text field into one undo step, keeps a
dirty flag (the show differs from what was last saved) and tells listeners about every change.

Every command stores the show before and after (shows are immutable, so that is cheap and exact);
ids never change on edit, undo or redo — a duplicated segment gets new ids for itself and its cues."""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from datetime import date, time
from pathlib import Path
from typing import Any, Callable

from anchor_console.domain.events import Event
from anchor_console.domain.numbers import is_whole_number
from anchor_console.domain.text import QT_TRANSLATE_NOOP, Text, TextError
from anchor_console.show.limits import MAX_SEGMENT_S, MAX_SHOW_S, date_problem, segments_problem
from anchor_console.show.model import (
    CUE_ACTIONS, Cue, CueAction, CueMode, FeaturedProduct, Segment, Show, StartMode, Trigger, new_id,
)


class ChangeKind(enum.Enum):
    SHOW = "show"            # a show-level field (title, date, start, target)
    SEGMENTS = "segments"    # segments added, removed or moved
    SEGMENT = "segment"      # a field of one segment
    CUES = "cues"            # cues of one segment added, removed or moved
    CUE = "cue"              # one cue edited
    EVERYTHING = "everything"  # undo/redo of several kinds, or a whole new show
    SAVED = "saved"          # only the dirty flag changed


@dataclass(frozen=True, slots=True)
class DocumentChange:
    kind: ChangeKind
    segment_id: str = ""
    cue_id: str = ""
    field: str = ""


class ShowEditError(TextError, ValueError):
    """An edit the show cannot take, and why."""


SHOW_FIELDS: dict[str, Text] = {
    "title": QT_TRANSLATE_NOOP("Show", "show title"),
    "date": QT_TRANSLATE_NOOP("Show", "show date"),
    "start": QT_TRANSLATE_NOOP("Show", "planned start"),
    "target_length_s": QT_TRANSLATE_NOOP("Show", "target length"),
}
SEGMENT_FIELDS: dict[str, Text] = {
    "title": QT_TRANSLATE_NOOP("Show", "segment title"),
    "duration_s": QT_TRANSLATE_NOOP("Show", "duration"),
    "start_mode": QT_TRANSLATE_NOOP("Show", "start mode"),
    "hard_start": QT_TRANSLATE_NOOP("Show", "fixed start time"),
    "products": QT_TRANSLATE_NOOP("Show", "products"),
    "talking_points": QT_TRANSLATE_NOOP("Show", "talking points"),
    "notes": QT_TRANSLATE_NOOP("Show", "notes"),
}
CUE_FIELDS: dict[str, Text] = {
    "action": QT_TRANSLATE_NOOP("Show", "cue action"),
    "trigger": QT_TRANSLATE_NOOP("Show", "cue timing"),
    "mode": QT_TRANSLATE_NOOP("Show", "cue mode"),
    "note": QT_TRANSLATE_NOOP("Show", "cue note"),
}
_TEXT_FIELDS = {"title", "talking_points", "notes", "note"}  # typing in these merges into one undo step


@dataclass
class _Command:
    description: Text
    before: Show
    after: Show
    change: DocumentChange
    merge_key: tuple | None = None


def _check_show_field(name: str, value: Any) -> None:
    ok = {"title": isinstance(value, str),
          "date": value is None or (isinstance(value, date) and date_problem(value) is None),
          "start": value is None or isinstance(value, time),
          "target_length_s": _whole(value, MAX_SHOW_S)}
    if name not in ok:
        raise ShowEditError(QT_TRANSLATE_NOOP("Show", "A show has no field “{field}”").fill(field=name))
    if not ok[name]:
        raise ShowEditError(QT_TRANSLATE_NOOP("Show", "“{value}” is not a valid {field}").fill(
            value=str(value), field=SHOW_FIELDS[name]))


def _whole(value: Any, maximum: int) -> bool:
    """A whole number of seconds within the bounds a show file keeps (`limits`)."""
    return is_whole_number(value) and 0 <= value <= maximum


def _check_segment_field(name: str, value: Any) -> None:
    checks: dict[str, Callable[[Any], bool]] = {
        "title": lambda v: isinstance(v, str),
        "duration_s": lambda v: _whole(v, MAX_SEGMENT_S),
        "start_mode": lambda v: isinstance(v, StartMode),
        "hard_start": lambda v: v is None or isinstance(v, time),
        "products": lambda v: isinstance(v, (tuple, list)) and all(isinstance(p, FeaturedProduct) for p in v),
        "talking_points": lambda v: isinstance(v, str),
        "notes": lambda v: isinstance(v, str),
    }
    _check_field(checks, SEGMENT_FIELDS, name, value, QT_TRANSLATE_NOOP("Show", "A segment has no field “{field}”"))


def _check_cue_field(name: str, value: Any) -> None:
    checks: dict[str, Callable[[Any], bool]] = {
        "action": lambda v: isinstance(v, CUE_ACTIONS),
        "trigger": lambda v: isinstance(v, Trigger) and _whole(v.seconds, MAX_SEGMENT_S),
        "mode": lambda v: isinstance(v, CueMode),
        "note": lambda v: isinstance(v, str),
    }
    _check_field(checks, CUE_FIELDS, name, value, QT_TRANSLATE_NOOP("Show", "A cue has no field “{field}”"))


def _check_segment_count(count: int) -> None:
    if (problem := segments_problem(count)) is not None:
        raise ShowEditError(problem)


def _check_field(checks: dict[str, Callable[[Any], bool]], words: dict, name: str, value: Any,
                 no_such_field: Text) -> None:
    """ShowEditError unless `name` is one of `checks` and its check passes `value`; `words`: the
    fields' names for the user."""
    if name not in checks:
        raise ShowEditError(no_such_field.fill(field=name))
    if not checks[name](value):
        raise ShowEditError(QT_TRANSLATE_NOOP("Show", "“{value}” is not a valid {field}").fill(
            value=str(value), field=words[name]))


class ShowDocument:
    """An undoable show for the editor. Listeners get a `DocumentChange` after every change."""

    def __init__(self, show: Show | None = None, *, path: Path | None = None, history_limit: int = 500) -> None:
        self._show = show or Show("")
        self._saved: Show | None = self._show   # None: never saved as it is
        self.path = Path(path) if path is not None else None
        self._undo: list[_Command] = []
        self._redo: list[_Command] = []
        self._sealed = True
        self._limit = history_limit
        self.changed = Event("show.document")  # (DocumentChange) after every edit, undo, redo or save

    # ------------------------------------------------------------------ state

    @property
    def show(self) -> Show:
        return self._show

    @property
    def dirty(self) -> bool:
        """The show differs from what was last saved (undoing back to it makes it clean again)."""
        return self._show != self._saved

    @classmethod
    def unsaved(cls, show: Show, *, path: Path | None = None, description: Text | None = None) -> ShowDocument:
        """A document holding work not saved yet (an import, restored edits): unsaved from the start
        — the editor's *, the question before it is replaced, the recovery copy — and one undo step
        away from an empty show. (A document made with `show` holds it as saved: an import put in
        that way and then "replaced" by itself changed nothing, and was never saved.)"""
        document = cls(Show(""), path=path)
        document.replace_show(show, description)
        document._saved = None
        return document

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    def undo_text(self) -> Text | None:
        return self._undo[-1].description if self._undo else None

    def redo_text(self) -> Text | None:
        return self._redo[-1].description if self._redo else None

    def _notify(self, change: DocumentChange) -> None:
        self.changed.emit(change)

    def mark_saved(self, path: Path | None = None, show: Show | None = None) -> None:
        """The current show — or `show`, written while edits went on — was written to disk (at
        `path`, if given): edits made since it was taken stay unsaved."""
        self._saved = self._show if show is None else show
        if path is not None:
            self.path = Path(path)
        self._sealed = True  # typing after a save is a new undo step, so undo reaches the saved state
        self._notify(DocumentChange(ChangeKind.SAVED))

    def seal(self) -> None:
        """The next edit starts a new undo step (call when a text field loses focus)."""
        self._sealed = True

    # ------------------------------------------------------------------ applying commands

    def _apply(self, description: Text, after: Show, change: DocumentChange, merge_key: tuple | None = None) -> None:
        if after == self._show:
            return
        top = self._undo[-1] if self._undo else None
        if merge_key is not None and not self._sealed and top is not None and top.merge_key == merge_key:
            top.after = after  # consecutive typing in the same field: one undo step
        else:
            self._undo.append(_Command(description, self._show, after, change, merge_key))
            del self._undo[:-self._limit]
        self._redo.clear()
        self._sealed = merge_key is None
        self._show = after
        self._notify(change)

    def undo(self) -> None:
        self._step(self._undo, self._redo, after=False)

    def redo(self) -> None:
        self._step(self._redo, self._undo, after=True)

    def _step(self, taken_from: list, put_on: list, *, after: bool) -> None:
        """Undo or redo the last change of `taken_from` (nothing when it is empty), which then
        waits on `put_on` to be redone or undone."""
        if not taken_from:
            return
        cmd = taken_from.pop()
        put_on.append(cmd)
        self._show = cmd.after if after else cmd.before
        self._sealed = True
        self._notify(cmd.change)

    # ------------------------------------------------------------------ lookups

    def _segment_index(self, segment_id: str) -> int:
        for i, s in enumerate(self._show.segments):
            if s.id == segment_id:
                return i
        raise ShowEditError(QT_TRANSLATE_NOOP("Show", "There is no segment “{id}” in this show").fill(id=segment_id))

    def _cue_place(self, cue_id: str) -> tuple[int, int]:
        for i, s in enumerate(self._show.segments):
            for j, c in enumerate(s.cues):
                if c.id == cue_id:
                    return i, j
        raise ShowEditError(QT_TRANSLATE_NOOP("Show", "There is no cue “{id}” in this show").fill(id=cue_id))

    def _with_segment(self, index: int, segment: Segment) -> Show:
        segs = list(self._show.segments)
        segs[index] = segment
        return replace(self._show, segments=tuple(segs))

    def _ids(self) -> set[str]:
        return {s.id for s in self._show.segments} | {c.id for _, c in self._show.all_cues()}

    # ------------------------------------------------------------------ show fields

    def set_show_field(self, name: str, value: Any) -> None:
        _check_show_field(name, value)
        self._apply(QT_TRANSLATE_NOOP("Show", "Edit {field}").fill(field=SHOW_FIELDS[name]),
                    replace(self._show, **{name: value}), DocumentChange(ChangeKind.SHOW, field=name),
                    ("show", name) if name in _TEXT_FIELDS else None)

    def replace_show(self, show: Show, description: Text | None = None) -> None:
        """Put a whole new show in (an import, "revert"), undoably."""
        self._apply(description or QT_TRANSLATE_NOOP("Show", "Replace the show"), show,
                    DocumentChange(ChangeKind.EVERYTHING))

    # ------------------------------------------------------------------ segments

    def add_segment(self, title: str = "", duration_s: int = 600, *, index: int | None = None) -> Segment:
        """A new soft-start segment (at the end, or at `index`); returns it (with its new id)."""
        segment = Segment(new_id("seg"), title, duration_s)
        self.insert_segment(segment, index=index)
        return segment

    def insert_segment(self, segment: Segment, *, index: int | None = None) -> Segment:
        """Insert a segment (a paste); ids already in use are replaced by new ones."""
        used = self._ids()
        if segment.id in used or not segment.id:
            segment = replace(segment, id=new_id("seg"))
        used.add(segment.id)
        cues = []
        for c in segment.cues:
            if c.id in used or not c.id:
                c = replace(c, id=new_id("cue"))
            used.add(c.id)
            cues.append(c)
        segment = replace(segment, cues=tuple(cues))
        segs = list(self._show.segments)
        _check_segment_count(len(segs) + 1)
        at = len(segs) if index is None else max(0, min(index, len(segs)))
        segs.insert(at, segment)
        self._apply(QT_TRANSLATE_NOOP("Show", "Add segment “{title}”").fill(title=segment.title),
                    replace(self._show, segments=tuple(segs)), DocumentChange(ChangeKind.SEGMENTS, segment.id))
        return segment

    def remove_segment(self, segment_id: str) -> None:
        i = self._segment_index(segment_id)
        segs = list(self._show.segments)
        gone = segs.pop(i)
        self._apply(QT_TRANSLATE_NOOP("Show", "Remove segment “{title}”").fill(title=gone.title),
                    replace(self._show, segments=tuple(segs)), DocumentChange(ChangeKind.SEGMENTS, segment_id))

    def duplicate_segment(self, segment_id: str) -> Segment:
        """A copy right after the original, with new ids for it and its cues."""
        i = self._segment_index(segment_id)
        original = self._show.segments[i]
        copy = replace(original, id=new_id("seg"), cues=tuple(replace(c, id=new_id("cue")) for c in original.cues))
        segs = list(self._show.segments)
        _check_segment_count(len(segs) + 1)
        segs.insert(i + 1, copy)
        self._apply(QT_TRANSLATE_NOOP("Show", "Duplicate segment “{title}”").fill(title=original.title),
                    replace(self._show, segments=tuple(segs)), DocumentChange(ChangeKind.SEGMENTS, copy.id))
        return copy

    def move_segment(self, segment_id: str, new_index: int) -> None:
        i = self._segment_index(segment_id)
        segs = list(self._show.segments)
        seg = segs.pop(i)
        segs.insert(max(0, min(new_index, len(segs))), seg)
        self._apply(QT_TRANSLATE_NOOP("Show", "Move segment “{title}”").fill(title=seg.title),
                    replace(self._show, segments=tuple(segs)), DocumentChange(ChangeKind.SEGMENTS, segment_id))

    def set_segment_field(self, segment_id: str, name: str, value: Any) -> None:
        """Edit one field: title, duration_s, start_mode, hard_start, products, talking_points, notes.
        Consecutive edits of the same text field merge into one undo step until `seal()`."""
        _check_segment_field(name, value)
        if name == "products":
            value = tuple(value)
        i = self._segment_index(segment_id)
        seg = replace(self._show.segments[i], **{name: value})
        if name == "start_mode" and value is StartMode.SOFT:
            seg = replace(seg, hard_start=None)
        if name == "hard_start" and value is not None:
            seg = replace(seg, start_mode=StartMode.HARD)
        self._apply(QT_TRANSLATE_NOOP("Show", "Edit {field}").fill(field=SEGMENT_FIELDS[name]),
                    self._with_segment(i, seg), DocumentChange(ChangeKind.SEGMENT, segment_id, field=name),
                    ("segment", segment_id, name) if name in _TEXT_FIELDS else None)

    # ------------------------------------------------------------------ cues

    def add_cue(self, segment_id: str, action: CueAction, *, trigger: Trigger | None = None,
                mode: CueMode = CueMode.CONFIRM, note: str = "", index: int | None = None) -> Cue:
        _check_cue_field("action", action)
        if trigger is not None:
            _check_cue_field("trigger", trigger)
        i = self._segment_index(segment_id)
        cue = Cue(new_id("cue"), action, trigger or Trigger.at_start(), mode, note)
        seg = self._show.segments[i]
        cues = list(seg.cues)
        cues.insert(len(cues) if index is None else max(0, min(index, len(cues))), cue)
        self._apply(QT_TRANSLATE_NOOP("Show", "Add cue “{cue}”").fill(cue=action.describe()),
                    self._with_segment(i, replace(seg, cues=tuple(cues))),
                    DocumentChange(ChangeKind.CUES, segment_id, cue.id))
        return cue

    def remove_cue(self, cue_id: str) -> None:
        i, j = self._cue_place(cue_id)
        seg = self._show.segments[i]
        cues = list(seg.cues)
        gone = cues.pop(j)
        self._apply(QT_TRANSLATE_NOOP("Show", "Remove cue “{cue}”").fill(cue=gone.action.describe()),
                    self._with_segment(i, replace(seg, cues=tuple(cues))), DocumentChange(ChangeKind.CUES, seg.id, cue_id))

    def update_cue(self, cue_id: str, **changes: Any) -> None:
        """Edit a cue's action, trigger, mode and/or note. A note typed in merges into one undo step."""
        for name, value in changes.items():
            _check_cue_field(name, value)
        i, j = self._cue_place(cue_id)
        seg = self._show.segments[i]
        cues = list(seg.cues)
        cues[j] = replace(cues[j], **changes)
        key = ("cue", cue_id, "note") if set(changes) == {"note"} else None
        name = next(iter(changes)) if len(changes) == 1 else "action"
        self._apply(QT_TRANSLATE_NOOP("Show", "Edit {field}").fill(field=CUE_FIELDS.get(name, CUE_FIELDS["action"])),
                    self._with_segment(i, replace(seg, cues=tuple(cues))),
                    DocumentChange(ChangeKind.CUE, seg.id, cue_id, name), key)

    def move_cue(self, cue_id: str, segment_id: str, new_index: int) -> None:
        """Move a cue within its segment or to another segment."""
        i, j = self._cue_place(cue_id)
        segs = list(self._show.segments)
        cues = list(segs[i].cues)
        cue = cues.pop(j)
        segs[i] = replace(segs[i], cues=tuple(cues))
        k = next((n for n, s in enumerate(segs) if s.id == segment_id), None)
        if k is None:
            raise ShowEditError(QT_TRANSLATE_NOOP("Show", "There is no segment “{id}” in this show").fill(id=segment_id))
        target = list(segs[k].cues)
        target.insert(max(0, min(new_index, len(target))), cue)
        segs[k] = replace(segs[k], cues=tuple(target))
        self._apply(QT_TRANSLATE_NOOP("Show", "Move cue “{cue}”").fill(cue=cue.action.describe()),
                    replace(self._show, segments=tuple(segs)), DocumentChange(ChangeKind.CUES, segment_id, cue_id))


__all__ = ["ChangeKind", "DocumentChange", "ShowDocument", "ShowEditError", "SEGMENT_FIELDS", "SHOW_FIELDS",
           "CUE_FIELDS"]
