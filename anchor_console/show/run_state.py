"""The run state of a live show: what happened to each segment and cue in one run (the engine's
records, keyed by id), written as JSON after every change and read back to resume after a restart.

The exactly-once promise for cues rests on this file: the engine records a cue as firing before it
is sent, so a cue found still firing on resume was cut off by a crash — its outcome is unknown and
the engine never sends it again (the platform layer's journal reconciles it)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from anchor_console.domain.json_file import UnreadableJson, read_json_file
from anchor_console.domain.text import QT_TRANSLATE_NOOP, os_error_words, Text, text_from_dict, text_to_dict
from anchor_console.domain.atomic_file import write_atomically
from anchor_console.show.model import AnchorMessage, Cue, Segment, Show
from anchor_console.show.showfile import ShowFileError, load_show, loads_show
from anchor_console.show.timeline_types import CueState, RunStateError, SegmentState, TimelineError

RUN_FORMAT = "anchor-console-run"
RUN_VERSION = 1


def check_ids(show: Show) -> None:
    """Run state is keyed by id: a show with a repeated id cannot be run (the file loader and
    `Show.problems()` report it before it gets here)."""
    ids = [s.id for s in show.segments] + [c.id for _, c in show.all_cues()]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        raise TimelineError(QT_TRANSLATE_NOOP("Show", "The show cannot run: the id “{id}” is used twice").fill(
            id=repeated[0]))


@dataclass
class SegmentRecord:
    state: SegmentState = SegmentState.PENDING
    actual_start: float | None = None
    actual_end: float | None = None
    extension_s: float = 0.0
    warned: bool = False
    overran: bool = False
    hard_reached: bool = False

    def duration(self, seg: Segment) -> float:
        """The segment's planned duration plus extensions (a shortened one never below 0)."""
        return max(0.0, seg.duration_s + self.extension_s)

    def entry(self, seg: Segment, plan: tuple[float | None, float | None, bool]) -> dict:
        """The segment's entry in the file: planned vs actual."""
        ps, pe, hard = plan
        return {"id": seg.id, "title": seg.title, "state": self.state.value, "hard": hard,
                "planned_start": ps, "planned_end": pe, "duration_s": seg.duration_s,
                "actual_start": self.actual_start, "actual_end": self.actual_end,
                "extension_s": self.extension_s, "warned": self.warned, "overran": self.overran,
                "hard_reached": self.hard_reached}

    def restore(self, item: dict) -> None:
        self.state = SegmentState(item["state"])
        self.actual_start, self.actual_end = item.get("actual_start"), item.get("actual_end")
        self.extension_s = float(item.get("extension_s", 0.0))
        self.warned, self.overran = bool(item.get("warned")), bool(item.get("overran"))
        self.hard_reached = bool(item.get("hard_reached"))


@dataclass
class CueRecord:
    state: CueState = CueState.PENDING
    due_at: float | None = None
    fired_at: float | None = None
    outcome_at: float | None = None
    reason: Text | None = None
    late: bool = False
    fired_by: str = ""       # auto | confirm | manual | retry
    attempts: int = 0
    missed_because: str = ""  # left | skipped | not_reached

    def entry(self, seg: Segment, cue: Cue, description: str, action_key: str) -> dict:
        """The cue's entry in the file: when it fired, by whom, and its outcome."""
        return {"id": cue.id, "segment_id": seg.id, "mode": cue.mode.value, "action": cue.action.kind,
                "description": description, "state": self.state.value, "due_at": self.due_at,
                "fired_at": self.fired_at, "outcome_at": self.outcome_at,
                "reason": text_to_dict(self.reason) if self.reason is not None else None, "late": self.late,
                "fired_by": self.fired_by, "attempts": self.attempts, "missed_because": self.missed_because,
                "action_key": action_key}

    def restore(self, item: dict) -> bool:
        """Take the recorded state back; True if the cue was cut off while firing (now unknown)."""
        self.state = CueState(item["state"])
        self.due_at, self.fired_at, self.outcome_at = item.get("due_at"), item.get("fired_at"), item.get("outcome_at")
        self.reason = text_from_dict(item.get("reason"))
        self.late, self.fired_by = bool(item.get("late")), str(item.get("fired_by", ""))
        self.attempts, self.missed_because = int(item.get("attempts", 0)), str(item.get("missed_because", ""))
        if self.state is not CueState.FIRING:
            return False
        self.state = CueState.UNKNOWN
        self.reason = QT_TRANSLATE_NOOP("Show", "The console stopped before the platform answered")
        return True

    def fired_elsewhere(self, state: str) -> None:
        """Fired by the seat this run took over from: recorded with that seat's outcome, so it is
        not sent again here (a failed one may be retried; one whose outcome that seat had not heard
        yet is unknown)."""
        self.state = {CueState.SUCCEEDED.value: CueState.SUCCEEDED,
                      CueState.FAILED.value: CueState.FAILED}.get(state, CueState.UNKNOWN)
        self.fired_by = "other_seat"
        if self.state is not CueState.SUCCEEDED:
            self.reason = QT_TRANSLATE_NOOP("Show", "Fired on the seat that ran the show before this one took over")

    def rearm(self, missed_because: str) -> None:
        """A cue missed for this reason is pending again (the reason no longer holds)."""
        if self.state is CueState.MISSED and self.missed_because == missed_because:
            self.state, self.missed_because = CueState.PENDING, ""


def restore_records(data: dict, segments: dict[str, SegmentRecord], cues: dict[str, CueRecord]) -> list[str]:
    """Take the file's entries back into the records of the segments and cues still in the show;
    returns the ids of the cues cut off while firing."""
    for item in data.get("segments", []):
        rec = segments.get(item["id"])
        if rec is not None:  # None: the segment was removed from the show since
            rec.restore(item)
    unknown = []
    for item in data.get("cues", []):
        crec = cues.get(item["id"])
        if crec is not None and crec.restore(item):
            unknown.append(item["id"])
    return unknown


def damaged(path: Path, exc: Exception) -> RunStateError:
    """The run state at `path` cannot be taken back: `exc` says what in it is wrong."""
    return RunStateError(QT_TRANSLATE_NOOP("Show", "The run-state file {path} is damaged: {reason}").fill(
        path=str(path), reason=str(exc)[:200]))


def running_show(data: dict, path: Path, show_file: Show | None) -> Show:
    """The show the run was running. Its own text is kept in the run state: a show file saved over
    while live, or a sheet imported again (its cue ids are positional), must not put a cue already
    sent under a new id, pending, to be sent again. A run state of an older console has no text: the
    show file's show is taken then only if every cue fired in the run is still in it as it was."""
    text = data.get("show")
    if isinstance(text, str):
        try:
            return loads_show(text, source=str(path))
        except ShowFileError as exc:
            raise damaged(path, exc) from None
    if show_file is None:
        raise RunStateError(QT_TRANSLATE_NOOP("Show", "The run-state file {path} does not say which show ran").fill(
            path=str(path)))
    for item in data.get("cues", []):
        if not isinstance(item, dict) or item.get("action") == AnchorMessage.kind or item.get("state") not in _FIRED:
            continue
        found = show_file.find_cue(str(item.get("id")))
        if found is None or found[1].describe().english() != item.get("description"):
            raise RunStateError(QT_TRANSLATE_NOOP(
                "Show", "The show file was changed while the show was running, so the run was not resumed: "
                        "“{cue}”, already fired, is no longer in it as it was, and could be sent again").fill(
                cue=str(item.get("description", ""))))
    return show_file


CANNOT_RESUME = QT_TRANSLATE_NOOP("Show", "Cannot resume the show from {path}: {reason}")
_FIRED = {state.value for state in CueState if state.fired}


def read_live_meta(path: Path) -> Path:
    """The show file a live run is of, from the run's meta file; RunStateError when it cannot say."""
    try:
        meta = read_json_file(path)
    except UnreadableJson as exc:
        raise RunStateError(CANNOT_RESUME.fill(path=str(path), reason=exc.message)) from None
    if not isinstance(meta, dict) or not isinstance(meta.get("show_path"), str):
        raise RunStateError(QT_TRANSLATE_NOOP("Show", "{path} is not a show run-state file").fill(path=str(path)))
    return Path(meta["show_path"])


def write_live_meta(path: Path, show_path: Path | None) -> None:
    """Which show file the live run is of (atomically: a torn file would stop the resume)."""
    write_atomically(path, json.dumps({"show_path": str(show_path or "")}).encode("utf-8"))


def write_run_state(path: Path, data: dict) -> None:
    """Atomically, so a crash mid-write leaves the previous state, never a torn file."""
    encoded = json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")
    try:
        write_atomically(path, encoded)
    except OSError as exc:
        raise TimelineError(QT_TRANSLATE_NOOP("Show", "Cannot save the show's run state to {path}: {reason}").fill(
            path=str(path), reason=os_error_words(exc))) from exc


def read_run_state(path: Path) -> dict:
    """The file's data, checked to be a run state this version can resume (its entries are
    checked as the engine takes them back)."""
    try:
        data = read_json_file(path)
    except UnreadableJson as exc:
        raise RunStateError(CANNOT_RESUME.fill(path=str(path), reason=exc.message)) from None
    if not isinstance(data, dict) or data.get("format") != RUN_FORMAT:
        raise RunStateError(QT_TRANSLATE_NOOP("Show", "{path} is not a show run-state file").fill(path=str(path)))
    if not isinstance(data.get("version"), int) or data["version"] > RUN_VERSION:
        raise RunStateError(QT_TRANSLATE_NOOP(
            "Show", "{path} was written by a newer Anchor Console").fill(path=str(path)))
    return data


@dataclass(frozen=True)
class RunLeft:
    """A live run the console stopped in, as its files on disk say (read off the ui thread: the
    show file may be on a slow network disk)."""

    show_path: Path | None             # the show file the run is of (None: the meta file cannot say)
    file_show: Show | None             # what that file holds now (None: gone, or unreadable)
    file_error: ShowFileError | None   # why it could not be read — the first thing wrong, if the run cannot go on
    state: dict | None = None          # the run state (None: it cannot be resumed, `problem` says why)
    show: Show | None = None           # the show the run was running
    problem: Exception | None = None   # why the run cannot be resumed

    @property
    def read(self) -> tuple[dict, Show] | None:
        """The run state and its show, for `TimelineEngine.resume`."""
        return (self.state, self.show) if self.state is not None and self.show is not None else None


def read_run_left(state_path: Path, meta_path: Path) -> RunLeft | None:
    """The live run the console stopped in, read and parsed — its meta file, show file and run
    state — or None when none was running. May run in any thread."""
    if not (state_path.exists() and meta_path.exists()):
        return None
    show_path: Path | None = None
    file_show: Show | None = None
    file_error: ShowFileError | None = None
    try:
        show_path = read_live_meta(meta_path)
        try:
            file_show = load_show(show_path)
        except ShowFileError as exc:   # the run state holds the show it ran: only an older one needs the file
            file_error = exc
        state = read_run_state(state_path)
        return RunLeft(show_path, file_show, file_error, state, running_show(state, state_path, file_show))
    except (OSError, ValueError, KeyError, TimelineError) as exc:
        return RunLeft(show_path, file_show, file_error, problem=exc)
    except (TypeError, AttributeError) as exc:   # entries of the wrong shape (an older or damaged state)
        return RunLeft(show_path, file_show, file_error, problem=damaged(state_path, exc))


__all__ = [
    "RUN_FORMAT", "RUN_VERSION", "CueRecord", "RunLeft", "SegmentRecord", "check_ids", "damaged", "read_run_left",
    "read_run_state", "restore_records", "read_live_meta", "running_show", "write_live_meta", "write_run_state",
]
