"""The live timeline: runs a `Show` against the wall clock — which segment is on, how much time is
left, whether the show is ahead or behind, and which cues fire when.

Decisions (the behaviour the ui and the presenter view rely on):

* **Segments change only when the operator says so** (`next`, `previous`, `skip`, `end`). The engine
  never cuts a segment off: past its planned end the remaining time goes negative (overrun) and every
  following soft-start segment's projected start moves with it. Hard-start segments keep their time
  of day; the projection shows the gap before one (we are early) or the overlap (we are late).
* **Cues are exactly-once per run.** A cue is recorded as fired (attempted) in the persisted run
  state *before* the executor is awaited, with an action key fixed by (run id, cue id). After a crash
  a cue without a recorded outcome is reported as "fired, outcome unknown" and never sent again by
  the engine; the platform layer's journal reconciles it with the same key.
* **When cues fire.** `start` cues fire on entering the segment, `offset` cues N seconds after its
  actual start, `end` cues when its *planned* end (actual start + duration + extensions, minus
  "before") is reached — not when the operator presses next. Auto cues fire by themselves; confirm
  cues become "awaiting go" (`confirm` fires, `dismiss` drops); manual cues are only listed and are
  fired with `fire_manually`.
* **No surprises.** Auto and confirm cues of a segment that is left early or skipped, or of segments
  never reached when the show ends, become *missed*; they never fire later by themselves (the
  operator may fire a missed cue by hand). Going back with `previous` re-arms the cues of the
  re-entered segment that are still in the future. An auto cue found more than `catch_up_s` past its
  time (after a restart, a stalled ui) waits for a go instead of firing late.
* **No pause.** A live stream does not pause and hard starts are times of day; extend the segment
  instead. Rehearsals pause the `RehearsalClock`.
* **Extend** adds to the current segment only; a negative value shortens it, at most to the time
  already elapsed (remaining 0), never below.

The engine is driven by the caller: `await engine.step()` every 100–250 ms evaluates what is due at
`clock.now()`; operations are synchronous and take effect on the next step. Events go to plain
callbacks (no Qt). `snapshot()` is what the ui and the presenter view draw."""

from __future__ import annotations

import asyncio
import enum
import json
import logging
import uuid
from dataclasses import dataclass, replace
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any, Callable, Iterable, Protocol

from anchor_console.domain.clock import Clock
from anchor_console.domain.text import QT_TRANSLATE_NOOP, Text
from anchor_console.show.atomic_file import write_atomically
from anchor_console.show.model import Cue, CueMode, Segment, Show, plan_schedule, resolve_time_of_day

log = logging.getLogger("anchor_console.show.timeline")

RUN_FORMAT = "anchor-console-run"
RUN_VERSION = 1


# ------------------------------------------------------------------------------ the executor


@dataclass(frozen=True, slots=True)
class CueOutcome:
    ok: bool
    reason: Text | None = None

    @classmethod
    def success(cls) -> CueOutcome:
        return cls(True)

    @classmethod
    def failure(cls, reason: Text) -> CueOutcome:
        return cls(False, reason)


class CueExecutor(Protocol):
    async def execute(self, cue: Cue, *, action_key: str) -> CueOutcome:
        """Carry out the cue's action in the room. `action_key` is the same every time this cue is
        sent in this run (also after a restart), so the journal can make it exactly-once."""


def action_key_for(run_id: str, cue_id: str) -> str:
    return f"show:{run_id}:cue:{cue_id}"


# -------------------------------------------------------------------------------- the states


class RunPhase(enum.Enum):
    READY = "ready"    # not started
    LIVE = "live"
    ENDED = "ended"


class SegmentState(enum.Enum):
    PENDING = "pending"
    CURRENT = "current"
    DONE = "done"
    SKIPPED = "skipped"


class CueState(enum.Enum):
    PENDING = "pending"
    AWAITING = "awaiting"    # due; waiting for the assistant's go
    FIRING = "firing"        # recorded as fired, waiting for the executor's answer
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    UNKNOWN = "unknown"      # fired, outcome not recorded (a crash): the journal reconciles it
    MISSED = "missed"        # not fired: its segment was left early, skipped or never reached
    DISMISSED = "dismissed"  # the assistant declined it

    @property
    def fired(self) -> bool:
        return self in (CueState.FIRING, CueState.SUCCEEDED, CueState.FAILED, CueState.UNKNOWN)


class TimingStatus(enum.Enum):
    NORMAL = "normal"
    WARNING = "warning"  # amber: wrap up
    OVERRUN = "overrun"  # red: past the planned end


@dataclass(frozen=True, slots=True)
class WarningRule:
    """Amber for the last `seconds` of a segment, but never for more than the last `fraction` of it
    (so a two-minute segment is not amber half the time). Either may be None to leave it out."""

    seconds: float | None = 60.0
    fraction: float | None = 0.1

    def window(self, duration_s: float) -> float:
        parts = []
        if self.seconds is not None:
            parts.append(self.seconds)
        if self.fraction is not None:
            parts.append(self.fraction * duration_s)
        return max(0.0, min(parts)) if parts else 0.0

    def status(self, remaining_s: float, duration_s: float) -> TimingStatus:
        if remaining_s < 0:
            return TimingStatus.OVERRUN
        if remaining_s <= self.window(duration_s):
            return TimingStatus.WARNING
        return TimingStatus.NORMAL


class EventKind(enum.Enum):
    SHOW_STARTED = "show_started"
    SEGMENT_CHANGED = "segment_changed"
    TIMING_WARNING = "timing_warning"
    OVERRUN_STARTED = "overrun_started"
    HARD_START_REACHED = "hard_start_reached"  # a hard start's time came while an earlier segment is on
    CUE_AWAITING = "cue_awaiting"
    CUE_FIRED = "cue_fired"                    # recorded as attempted; the executor is being awaited
    CUE_SUCCEEDED = "cue_succeeded"
    CUE_FAILED = "cue_failed"
    CUE_OUTCOME_UNKNOWN = "cue_outcome_unknown"
    CUE_MISSED = "cue_missed"
    CUE_DISMISSED = "cue_dismissed"
    SHOW_ENDED = "show_ended"


@dataclass(frozen=True, slots=True)
class TimelineEvent:
    kind: EventKind
    at: float
    segment_id: str = ""
    cue_id: str = ""
    previous_segment_id: str = ""
    reason: Text | None = None


Listener = Callable[[TimelineEvent], None]


class TimelineError(Exception):
    """An operation that does not apply now (e.g. "previous" on the first segment)."""

    def __init__(self, message: Text) -> None:
        self.message = message
        super().__init__(message.english())


class RunStateError(TimelineError):
    """A run-state file that cannot be resumed."""


# ---------------------------------------------------------------------------------- snapshot


@dataclass(frozen=True, slots=True)
class SegmentTiming:
    segment_id: str
    title: str
    state: SegmentState
    hard: bool
    duration_s: float           # planned duration plus extensions
    extension_s: float
    planned_start: float        # epoch seconds, from the planned schedule
    planned_end: float
    projected_start: float | None  # actual when started; None for skipped (and unreached after the end)
    projected_end: float | None
    actual_start: float | None
    actual_end: float | None
    gap_before_s: float         # pending hard starts: > 0 a gap before it, < 0 we will be late (overlap)

    @property
    def start_delta_s(self) -> float | None:
        """Projected (or actual) start minus planned start: > 0 later than planned."""
        return None if self.projected_start is None else self.projected_start - self.planned_start


@dataclass(frozen=True, slots=True)
class CueView:
    cue_id: str
    segment_id: str
    mode: CueMode
    state: CueState
    description: Text
    due_at: float | None
    fired_at: float | None
    outcome_at: float | None
    reason: Text | None
    late: bool                  # an auto cue held for a go because it was found too late
    action_key: str


@dataclass(frozen=True, slots=True)
class TimelineSnapshot:
    now: float
    phase: RunPhase
    run_id: str
    current: SegmentTiming | None
    elapsed_s: float | None
    remaining_s: float | None   # negative when overrunning
    status: TimingStatus
    next: SegmentTiming | None  # the next segment to come, with its projected start (and gap/overlap)
    show_offset_s: float        # projected show end minus planned end: > 0 behind, < 0 ahead
    planned_end: float
    projected_end: float
    awaiting: tuple[CueView, ...]   # confirm cues waiting for go (the big button), oldest first
    manual: tuple[CueView, ...]     # manual cues of the current segment not fired yet
    upcoming: tuple[CueView, ...]   # auto/confirm cues of the current segment still to come
    missed: tuple[CueView, ...]
    segments: tuple[SegmentTiming, ...]
    cues: tuple[CueView, ...]


# ---------------------------------------------------------------------------- run records


@dataclass
class _SegmentRecord:
    state: SegmentState = SegmentState.PENDING
    actual_start: float | None = None
    actual_end: float | None = None
    extension_s: float = 0.0
    warned: bool = False
    overran: bool = False
    hard_reached: bool = False


@dataclass
class _CueRecord:
    state: CueState = CueState.PENDING
    due_at: float | None = None
    fired_at: float | None = None
    outcome_at: float | None = None
    reason: Text | None = None
    late: bool = False
    fired_by: str = ""       # auto | confirm | manual | retry
    attempts: int = 0
    missed_because: str = ""  # left | skipped | not_reached


def _text_to_json(t: Text | None) -> Any:
    if t is None:
        return None
    args = {}
    for k, v in t.args.items():
        args[k] = _text_to_json(v) if isinstance(v, Text) else v if isinstance(v, (str, int, float, bool)) else str(v)
    return {"context": t.context, "template": t.template, "args": args}


def _text_from_json(d: Any) -> Text | None:
    if not isinstance(d, dict):
        return None
    args = {k: (_text_from_json(v) if isinstance(v, dict) else v) for k, v in dict(d.get("args", {})).items()}
    return Text(str(d.get("context", "")), str(d.get("template", "")), args)


# -------------------------------------------------------------------------------- the engine


class TimelineEngine:
    """Runs one show once (one run id). See the module docstring for the rules."""

    def __init__(self, show: Show, clock: Clock, executor: CueExecutor, *, state_path: Path | None = None,
                 run_id: str | None = None, warning: WarningRule = WarningRule(), catch_up_s: float = 10.0,
                 tz: tzinfo | None = None, listeners: Iterable[Listener] = ()) -> None:
        self._check_ids(show)
        self.show = show
        self.clock = clock
        self.executor = executor
        self.state_path = Path(state_path) if state_path is not None else None
        self.run_id = run_id or uuid.uuid4().hex[:12]
        self.warning = warning
        self.catch_up_s = catch_up_s
        self.tz = tz
        self._listeners: list[Listener] = list(listeners)
        self._descriptions: dict[str, tuple[Cue, Text]] = {}  # cues are immutable: describe once, not every frame
        self._version = 0  # bumped on every state change; the snapshot's cue views are rebuilt only then
        self._cue_views: tuple[int, list[CueView]] = (-1, [])
        self.phase = RunPhase.READY
        self.started_at: float | None = None
        self.ended_at: float | None = None
        self.current_id: str | None = None
        self._segments: dict[str, _SegmentRecord] = {s.id: _SegmentRecord() for s in show.segments}
        self._cues: dict[str, _CueRecord] = {c.id: _CueRecord() for _, c in show.all_cues()}
        self.planned_start = self._planned_start_near(clock.now())
        self._plan: dict[str, tuple[float, float, bool]] = {}
        self._replan()

    @staticmethod
    def _check_ids(show: Show) -> None:
        """Run state is keyed by id: a show with a repeated id cannot be run (the file loader and
        `Show.problems()` report it before it gets here)."""
        ids = [s.id for s in show.segments] + [c.id for _, c in show.all_cues()]
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        if repeated:
            raise TimelineError(QT_TRANSLATE_NOOP("Show", "The show cannot run: the id “{id}” is used twice").fill(
                id=repeated[0]))

    # ------------------------------------------------------------------ time helpers

    def _local(self, ts: float) -> datetime:
        return datetime.fromtimestamp(ts, self.tz) if self.tz is not None else datetime.fromtimestamp(ts).astimezone()

    def _planned_start_near(self, now: float) -> float:
        """The show's planned start as epoch seconds: its date and time, or (no date) the nearest
        occurrence of its time to `now`, or (no time) `now` itself."""
        if self.show.start is None:
            return now
        here = self._local(now)
        if self.show.date is not None:
            return datetime.combine(self.show.date, self.show.start, tzinfo=here.tzinfo).timestamp()
        return resolve_time_of_day(self.show.start, here).timestamp()

    def _replan(self) -> None:
        schedule = plan_schedule(self.show, self._local(self.planned_start))
        self._plan = {i.segment_id: (i.start.timestamp(), i.end.timestamp(), i.hard) for i in schedule.items}
        self._planned_end = schedule.end.timestamp()

    def _segment(self, segment_id: str) -> Segment:
        seg = self.show.segment(segment_id)
        if seg is None:
            raise TimelineError(QT_TRANSLATE_NOOP("Show", "There is no segment “{id}” in this show").fill(id=segment_id))
        return seg

    def _effective_duration(self, seg: Segment) -> float:
        return max(0.0, seg.duration_s + self._segments[seg.id].extension_s)

    def _due_at(self, seg: Segment, cue: Cue) -> float | None:
        rec = self._segments[seg.id]
        if rec.actual_start is None:
            return None
        return rec.actual_start + cue.trigger.offset_in(self._effective_duration(seg))

    # ------------------------------------------------------------------ events & persistence

    def add_listener(self, listener: Listener) -> Callable[[], None]:
        """Call `listener(event)` on every event; returns a function that removes it."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def _emit(self, kind: EventKind, **kw: Any) -> None:
        event = TimelineEvent(kind, self.clock.now(), **kw)
        for listener in list(self._listeners):
            try:
                listener(event)
            except Exception:  # a broken view must not stop the show
                log.exception("timeline listener failed on %s", kind.value)

    def run_state(self) -> dict:
        """The run as plain data (what is persisted): planned vs actual per segment, every cue's
        fire time and outcome — the post-show review reads this."""
        segments = []
        for seg in self.show.segments:
            rec = self._segments[seg.id]
            ps, pe, hard = self._plan.get(seg.id, (None, None, False))
            segments.append({"id": seg.id, "title": seg.title, "state": rec.state.value, "hard": hard,
                             "planned_start": ps, "planned_end": pe, "duration_s": seg.duration_s,
                             "actual_start": rec.actual_start, "actual_end": rec.actual_end,
                             "extension_s": rec.extension_s, "warned": rec.warned, "overran": rec.overran,
                             "hard_reached": rec.hard_reached})
        cues = []
        for seg, cue in self.show.all_cues():
            rec = self._cues[cue.id]
            cues.append({"id": cue.id, "segment_id": seg.id, "mode": cue.mode.value, "action": cue.action.kind,
                         "description": self._describe(cue).english(), "state": rec.state.value, "due_at": rec.due_at,
                         "fired_at": rec.fired_at, "outcome_at": rec.outcome_at,
                         "reason": _text_to_json(rec.reason), "late": rec.late, "fired_by": rec.fired_by,
                         "attempts": rec.attempts, "missed_because": rec.missed_because,
                         "action_key": action_key_for(self.run_id, cue.id)})
        return {"format": RUN_FORMAT, "version": RUN_VERSION, "run_id": self.run_id, "show_title": self.show.title,
                "phase": self.phase.value, "planned_start": self.planned_start, "planned_end": self._planned_end,
                "started_at": self.started_at, "ended_at": self.ended_at, "current": self.current_id,
                "segments": segments, "cues": cues}

    def _persist(self) -> None:
        """Every state change ends here: written to disk before anything else happens."""
        self._version += 1
        if self.state_path is None:
            return
        data = json.dumps(self.run_state(), ensure_ascii=False, indent=1).encode("utf-8")
        try:
            write_atomically(self.state_path, data)
        except OSError as exc:
            raise TimelineError(QT_TRANSLATE_NOOP("Show", "Cannot save the show's run state to {path}: {reason}").fill(
                path=str(self.state_path), reason=exc.strerror or str(exc))) from exc

    # ------------------------------------------------------------------ resume

    @classmethod
    def resume(cls, path: Path, show: Show, clock: Clock, executor: CueExecutor, **options: Any) -> TimelineEngine:
        """Continue a run after a restart from its run-state file. Cues recorded as fired without an
        outcome become "fired, outcome unknown" and are not sent again."""
        path = Path(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            raise RunStateError(QT_TRANSLATE_NOOP("Show", "Cannot resume the show from {path}: {reason}").fill(
                path=str(path), reason=getattr(exc, "strerror", None) or str(exc))) from None
        if not isinstance(data, dict) or data.get("format") != RUN_FORMAT:
            raise RunStateError(QT_TRANSLATE_NOOP("Show", "{path} is not a show run-state file").fill(path=str(path)))
        if not isinstance(data.get("version"), int) or data["version"] > RUN_VERSION:
            raise RunStateError(QT_TRANSLATE_NOOP(
                "Show", "{path} was written by a newer Anchor Console").fill(path=str(path)))
        try:
            engine = cls(show, clock, executor, state_path=path, run_id=str(data["run_id"]), **options)
            engine._restore(data)
        except RunStateError:
            raise
        except (KeyError, TypeError, ValueError) as exc:
            raise RunStateError(QT_TRANSLATE_NOOP("Show", "The run-state file {path} is damaged: {reason}").fill(
                path=str(path), reason=str(exc))) from None
        return engine

    def _restore(self, data: dict) -> None:
        self.phase = RunPhase(data["phase"])
        self.planned_start = float(data["planned_start"])
        self.started_at = data.get("started_at")
        self.ended_at = data.get("ended_at")
        self._replan()
        for item in data.get("segments", []):
            rec = self._segments.get(item["id"])
            if rec is None:
                continue  # the segment was removed from the show since
            rec.state = SegmentState(item["state"])
            rec.actual_start, rec.actual_end = item.get("actual_start"), item.get("actual_end")
            rec.extension_s = float(item.get("extension_s", 0.0))
            rec.warned, rec.overran = bool(item.get("warned")), bool(item.get("overran"))
            rec.hard_reached = bool(item.get("hard_reached"))
        unknown = []
        for item in data.get("cues", []):
            rec = self._cues.get(item["id"])
            if rec is None:
                continue
            rec.state = CueState(item["state"])
            rec.due_at, rec.fired_at, rec.outcome_at = item.get("due_at"), item.get("fired_at"), item.get("outcome_at")
            rec.reason = _text_from_json(item.get("reason"))
            rec.late, rec.fired_by = bool(item.get("late")), str(item.get("fired_by", ""))
            rec.attempts, rec.missed_because = int(item.get("attempts", 0)), str(item.get("missed_because", ""))
            if rec.state is CueState.FIRING:
                rec.state = CueState.UNKNOWN
                rec.reason = QT_TRANSLATE_NOOP("Show", "The console stopped before the platform answered")
                unknown.append(item["id"])
        current = data.get("current")
        self.current_id = current if current in self._segments else None
        if self.phase is RunPhase.LIVE and self.current_id is None:
            raise RunStateError(QT_TRANSLATE_NOOP(
                "Show", "The segment that was on air (“{id}”) is no longer in the show").fill(id=str(current)))
        self._persist()
        for cue_id in unknown:
            seg, _ = self.show.find_cue(cue_id)  # type: ignore[misc]
            self._emit(EventKind.CUE_OUTCOME_UNKNOWN, segment_id=seg.id, cue_id=cue_id,
                       reason=self._cues[cue_id].reason)

    # ------------------------------------------------------------------ operations

    def _require_live(self) -> None:
        if self.phase is not RunPhase.LIVE:
            raise TimelineError(QT_TRANSLATE_NOOP("Show", "The show is not running"))

    def _enter(self, seg: Segment, now: float, *, previous: str = "") -> None:
        rec = self._segments[seg.id]
        rec.state = SegmentState.CURRENT
        rec.actual_start, rec.actual_end = now, None
        rec.extension_s, rec.warned, rec.overran = 0.0, False, False
        self.current_id = seg.id
        self._emit(EventKind.SEGMENT_CHANGED, segment_id=seg.id, previous_segment_id=previous)

    def _miss(self, seg: Segment, why: str, *, include_awaiting: bool = True) -> None:
        for cue in seg.cues:
            rec = self._cues[cue.id]
            open_auto = rec.state is CueState.PENDING and cue.mode is not CueMode.MANUAL
            if open_auto or (include_awaiting and rec.state is CueState.AWAITING):
                rec.state, rec.missed_because = CueState.MISSED, why
                self._emit(EventKind.CUE_MISSED, segment_id=seg.id, cue_id=cue.id)

    def _leave_current(self, now: float) -> Segment | None:
        if self.current_id is None:
            return None
        seg = self._segment(self.current_id)
        rec = self._segments[seg.id]
        rec.state, rec.actual_end = SegmentState.DONE, now
        self._miss(seg, "left")
        self.current_id = None
        return seg

    def _next_pending_after(self, index: int) -> Segment | None:
        for seg in self.show.segments[index + 1:]:
            if self._segments[seg.id].state is SegmentState.PENDING:
                return seg
        return None

    def start(self) -> None:
        """Go live now (however late or early against the plan: soft segments follow the actual start)."""
        if self.phase is not RunPhase.READY:
            raise TimelineError(QT_TRANSLATE_NOOP("Show", "The show has already started"))
        now = self.clock.now()
        if self.show.date is None:
            self.planned_start = self._planned_start_near(now)
            self._replan()
        self.phase, self.started_at = RunPhase.LIVE, now
        self._emit(EventKind.SHOW_STARTED)
        first = self._next_pending_after(-1)
        if first is None:
            self._finish(now)
        else:
            self._enter(first, now)
        self._persist()

    def next(self) -> None:
        """End the current segment now and start the next one (or end the show after the last)."""
        self._require_live()
        now = self.clock.now()
        left = self._leave_current(now)
        index = self.show.index_of(left.id) if left is not None else -1
        following = self._next_pending_after(index)
        if following is None:
            self._finish(now)
        else:
            self._enter(following, now, previous=left.id if left else "")
        self._persist()

    def previous(self) -> None:
        """Go back to the segment before (a "next" pressed too early). It continues from its
        original start; its cues still in the future are armed again."""
        if self.phase is RunPhase.READY:
            raise TimelineError(QT_TRANSLATE_NOOP("Show", "The show has not started"))
        now = self.clock.now()
        upto = self.show.index_of(self.current_id) if self.current_id else len(self.show.segments)
        back = next((s for s in reversed(self.show.segments[:upto])
                     if self._segments[s.id].state is SegmentState.DONE), None)
        if back is None:
            raise TimelineError(QT_TRANSLATE_NOOP("Show", "This is the first segment"))
        left = self.current_id or ""
        if self.current_id is not None:
            seg = self._segment(self.current_id)
            self._segments[seg.id] = _SegmentRecord()
            for cue in seg.cues:
                if self._cues[cue.id].state is CueState.AWAITING:
                    self._cues[cue.id].state = CueState.PENDING
        if self.phase is RunPhase.ENDED:
            self.phase, self.ended_at = RunPhase.LIVE, None
            for seg in self.show.segments:
                for cue in seg.cues:
                    rec = self._cues[cue.id]
                    if rec.state is CueState.MISSED and rec.missed_because == "not_reached":
                        rec.state, rec.missed_because = CueState.PENDING, ""
        rec = self._segments[back.id]
        rec.state, rec.actual_end = SegmentState.CURRENT, None
        self.current_id = back.id
        for cue in back.cues:
            crec = self._cues[cue.id]
            due = self._due_at(back, cue)
            if crec.state is CueState.MISSED and crec.missed_because == "left" and due is not None and due > now:
                crec.state, crec.missed_because = CueState.PENDING, ""
        self._emit(EventKind.SEGMENT_CHANGED, segment_id=back.id, previous_segment_id=left)
        self._persist()

    def skip(self, segment_id: str) -> None:
        """Leave out a segment that has not started; its auto/confirm cues are listed as missed."""
        seg = self._segment(segment_id)
        rec = self._segments[segment_id]
        if rec.state is not SegmentState.PENDING:
            raise TimelineError(QT_TRANSLATE_NOOP(
                "Show", "Only a segment that has not started can be skipped (“{title}”)").fill(title=seg.title))
        rec.state = SegmentState.SKIPPED
        self._miss(seg, "skipped")
        self._persist()

    def unskip(self, segment_id: str) -> None:
        """Put a skipped segment back (only one still ahead of the current segment)."""
        seg = self._segment(segment_id)
        rec = self._segments[segment_id]
        if rec.state is not SegmentState.SKIPPED:
            raise TimelineError(QT_TRANSLATE_NOOP("Show", "“{title}” is not skipped").fill(title=seg.title))
        if self.phase is RunPhase.ENDED or (
                self.current_id is not None and self.show.index_of(segment_id) < self.show.index_of(self.current_id)):
            raise TimelineError(QT_TRANSLATE_NOOP("Show", "“{title}” is behind us already").fill(title=seg.title))
        rec.state = SegmentState.PENDING
        for cue in seg.cues:
            crec = self._cues[cue.id]
            if crec.state is CueState.MISSED and crec.missed_because == "skipped":
                crec.state, crec.missed_because = CueState.PENDING, ""
        self._persist()

    def extend(self, seconds: float) -> float:
        """Lengthen (or, negative, shorten) the current segment; returns the change applied.
        Shortening stops at the time already elapsed: the segment then ends now."""
        self._require_live()
        seg = self._segment(self.current_id)  # type: ignore[arg-type]
        rec = self._segments[seg.id]
        now = self.clock.now()
        effective = self._effective_duration(seg)
        if seconds >= 0:
            new = effective + seconds
        else:
            elapsed = now - (rec.actual_start or now)
            new = max(effective + seconds, min(effective, elapsed), 0.0)
        applied = new - effective
        rec.extension_s += applied
        remaining = (rec.actual_start or now) + new - now
        if remaining >= 0:
            rec.overran = False
        if remaining > self.warning.window(new):
            rec.warned = False
        self._persist()
        return applied

    def end(self) -> None:
        """End the show now (the current segment ends; segments not reached keep their plan)."""
        self._require_live()
        now = self.clock.now()
        self._leave_current(now)
        self._finish(now)
        self._persist()

    def _finish(self, now: float) -> None:
        self.phase, self.ended_at, self.current_id = RunPhase.ENDED, now, None
        for seg in self.show.segments:
            if self._segments[seg.id].state is SegmentState.PENDING:
                self._miss(seg, "not_reached")
        self._emit(EventKind.SHOW_ENDED)

    def replace_show(self, show: Show) -> None:
        """Take edits made while live. Segments and cues are matched by id: what already happened
        is kept, new ones start pending. The current segment cannot be removed."""
        if self.current_id is not None and show.segment(self.current_id) is None:
            raise TimelineError(QT_TRANSLATE_NOOP("Show", "The segment on air cannot be removed while live"))
        self._check_ids(show)
        self.show = show
        for seg in show.segments:
            self._segments.setdefault(seg.id, _SegmentRecord())
        for _, cue in show.all_cues():
            self._cues.setdefault(cue.id, _CueRecord())
        self._replan()
        self._persist()

    # ------------------------------------------------------------------ cues

    def _find_cue(self, cue_id: str) -> tuple[Segment, Cue]:
        found = self.show.find_cue(cue_id)
        if found is None:
            raise TimelineError(QT_TRANSLATE_NOOP("Show", "There is no cue “{id}” in this show").fill(id=cue_id))
        return found

    async def _execute(self, seg: Segment, cue: Cue, fired_by: str) -> CueOutcome:
        rec = self._cues[cue.id]
        before = replace(rec)
        rec.state, rec.fired_at, rec.fired_by = CueState.FIRING, self.clock.now(), fired_by
        rec.attempts += 1
        rec.outcome_at, rec.reason = None, None
        try:
            self._persist()  # recorded as attempted BEFORE it leaves: a crash now never causes a second send
        except TimelineError:
            self._cues[cue.id] = before  # not recorded, so not sent: it can be fired once the disk is back
            raise
        self._emit(EventKind.CUE_FIRED, segment_id=seg.id, cue_id=cue.id)
        try:
            outcome = await self.executor.execute(cue, action_key=action_key_for(self.run_id, cue.id))
            if not isinstance(outcome, CueOutcome):
                outcome = CueOutcome.failure(QT_TRANSLATE_NOOP("Show", "The cue got no clear answer"))
        except asyncio.CancelledError:
            raise  # shutting down: the state stays "firing" and is reported as unknown on resume
        except Exception as exc:
            log.exception("cue %s failed", cue.id)
            outcome = CueOutcome.failure(QT_TRANSLATE_NOOP("Show", "The cue could not be sent: {error}").fill(
                error=str(exc) or type(exc).__name__))
        rec.state = CueState.SUCCEEDED if outcome.ok else CueState.FAILED
        rec.outcome_at, rec.reason = self.clock.now(), outcome.reason
        self._persist()
        self._emit(EventKind.CUE_SUCCEEDED if outcome.ok else EventKind.CUE_FAILED, segment_id=seg.id,
                   cue_id=cue.id, reason=outcome.reason)
        return outcome

    async def confirm(self, cue_id: str) -> CueOutcome:
        """The assistant pressed go on a cue awaiting confirmation."""
        seg, cue = self._find_cue(cue_id)
        if self._cues[cue_id].state is not CueState.AWAITING:
            raise TimelineError(QT_TRANSLATE_NOOP("Show", "“{cue}” is not waiting for a go").fill(cue=cue.describe()))
        return await self._execute(seg, cue, "confirm")

    def dismiss(self, cue_id: str) -> None:
        """Decline a cue awaiting confirmation; it stays listed as dismissed and can be fired by hand."""
        seg, cue = self._find_cue(cue_id)
        rec = self._cues[cue_id]
        if rec.state is not CueState.AWAITING:
            raise TimelineError(QT_TRANSLATE_NOOP("Show", "“{cue}” is not waiting for a go").fill(cue=cue.describe()))
        rec.state = CueState.DISMISSED
        self._persist()
        self._emit(EventKind.CUE_DISMISSED, segment_id=seg.id, cue_id=cue_id)

    async def fire_manually(self, cue_id: str) -> CueOutcome:
        """Fire any cue that has not been fired in this run (manual, missed, dismissed, early)."""
        seg, cue = self._find_cue(cue_id)
        if self._cues[cue_id].state.fired:
            raise TimelineError(QT_TRANSLATE_NOOP(
                "Show", "“{cue}” was already fired in this show; use retry if it failed").fill(cue=cue.describe()))
        return await self._execute(seg, cue, "manual")

    async def retry(self, cue_id: str) -> CueOutcome:
        """Send a failed (or unknown) cue again with the same action key: the journal makes sure it
        applies at most once."""
        seg, cue = self._find_cue(cue_id)
        if self._cues[cue_id].state not in (CueState.FAILED, CueState.UNKNOWN):
            raise TimelineError(QT_TRANSLATE_NOOP("Show", "“{cue}” has not failed").fill(cue=cue.describe()))
        return await self._execute(seg, cue, "retry")

    # ------------------------------------------------------------------ the step

    async def step(self) -> list[tuple[str, CueOutcome]]:
        """Evaluate what is due at clock.now(): timing events, auto cues (fired, in order), confirm
        cues (set awaiting). Returns the outcomes of the cues fired. Safe to call again while an
        earlier step is still waiting for an executor: a cue is claimed before it is awaited."""
        if self.phase is not RunPhase.LIVE or self.current_id is None:
            return []
        now = self.clock.now()
        seg = self._segment(self.current_id)
        rec = self._segments[seg.id]
        changed = False
        duration = self._effective_duration(seg)
        remaining = (rec.actual_start or now) + duration - now
        if not rec.warned and 0 <= remaining <= self.warning.window(duration):
            rec.warned, changed = True, True
            self._emit(EventKind.TIMING_WARNING, segment_id=seg.id)
        if not rec.overran and remaining < 0:
            rec.overran = rec.warned = True
            changed = True
            self._emit(EventKind.OVERRUN_STARTED, segment_id=seg.id)
        index = self.show.index_of(seg.id)
        for later in self.show.segments[index + 1:]:
            lrec = self._segments[later.id]
            planned = self._plan.get(later.id)
            if lrec.state is SegmentState.PENDING and later.is_hard and planned and not lrec.hard_reached \
                    and now >= planned[0]:
                lrec.hard_reached, changed = True, True
                self._emit(EventKind.HARD_START_REACHED, segment_id=later.id)
        due: list[tuple[float, int, Cue]] = []
        for order, cue in enumerate(seg.cues):
            crec = self._cues[cue.id]
            if crec.state is not CueState.PENDING or cue.mode is CueMode.MANUAL:
                continue
            at = self._due_at(seg, cue)
            if at is None or now < at:
                continue
            crec.due_at = at
            late = now - at > self.catch_up_s
            if cue.mode is CueMode.CONFIRM or late:
                crec.state, crec.late, changed = CueState.AWAITING, late and cue.mode is CueMode.AUTO, True
                self._emit(EventKind.CUE_AWAITING, segment_id=seg.id, cue_id=cue.id)
            else:
                due.append((at, order, cue))
        if changed:
            self._persist()
        outcomes = []
        for _, _, cue in sorted(due, key=lambda d: (d[0], d[1])):
            if self._cues[cue.id].state is not CueState.PENDING:
                continue  # a concurrent step (or the operator) got to it first
            outcomes.append((cue.id, await self._execute(seg, cue, "auto")))
        return outcomes

    # ------------------------------------------------------------------ the snapshot

    def _describe(self, cue: Cue) -> Text:
        known = self._descriptions.get(cue.id)
        if known is None or known[0] is not cue:
            known = self._descriptions[cue.id] = (cue, cue.describe())
        return known[1]

    def _cue_view(self, seg: Segment, cue: Cue) -> CueView:
        rec = self._cues[cue.id]
        due = rec.due_at
        if due is None and rec.state is CueState.PENDING:
            due = self._due_at(seg, cue)
        return CueView(cue.id, seg.id, cue.mode, rec.state, self._describe(cue), due, rec.fired_at, rec.outcome_at,
                       rec.reason, rec.late, action_key_for(self.run_id, cue.id))

    def snapshot(self) -> TimelineSnapshot:
        now = self.clock.now()
        timings: list[SegmentTiming] = []
        cursor: float | None = None
        if self.phase is RunPhase.READY:
            cursor = max(now, self._planned_start_near(now) if self.show.date is None else self.planned_start)
        for seg in self.show.segments:
            rec = self._segments[seg.id]
            ps, pe, hard = self._plan.get(seg.id, (now, now, False))
            duration = self._effective_duration(seg)
            gap = 0.0
            proj_start: float | None
            proj_end: float | None
            if rec.state is SegmentState.SKIPPED:
                proj_start = proj_end = None
            elif rec.state is SegmentState.DONE:
                proj_start, proj_end = rec.actual_start, rec.actual_end
                cursor = rec.actual_end
            elif rec.state is SegmentState.CURRENT:
                proj_start = rec.actual_start
                proj_end = max(now, (rec.actual_start or now) + duration)
                cursor = proj_end
            elif self.phase is RunPhase.ENDED:
                proj_start = proj_end = None  # never reached
            else:
                base = cursor if cursor is not None else max(now, self.planned_start)
                if hard:
                    proj_start, gap = ps, ps - base
                else:
                    proj_start = base
                proj_end = proj_start + duration
                cursor = proj_end
            timings.append(SegmentTiming(seg.id, seg.title, rec.state, hard, duration, rec.extension_s, ps, pe,
                                         proj_start, proj_end, rec.actual_start, rec.actual_end, gap))
        current = next((t for t in timings if t.state is SegmentState.CURRENT), None)
        elapsed = remaining = None
        status = TimingStatus.NORMAL
        if current is not None and current.actual_start is not None:
            elapsed = now - current.actual_start
            remaining = current.duration_s - elapsed
            status = self.warning.status(remaining, current.duration_s)
        upcoming_segments = [t for t in timings if t.state is SegmentState.PENDING and t.projected_start is not None]
        if current is not None:
            ci = timings.index(current)
            upcoming_segments = [t for t in timings[ci + 1:] if t in upcoming_segments]
        following = upcoming_segments[0] if upcoming_segments else None
        ends = [t.projected_end for t in timings if t.projected_end is not None]
        projected_end = max(ends) if ends else (self.ended_at or now)
        if self.phase is RunPhase.ENDED and self.ended_at is not None:
            projected_end = self.ended_at
        if self._cue_views[0] != self._version:
            self._cue_views = (self._version, [self._cue_view(s, c) for s, c in self.show.all_cues()])
        views = self._cue_views[1]
        awaiting = sorted((v for v in views if v.state is CueState.AWAITING), key=lambda v: (v.due_at or 0.0))
        cur_id = current.segment_id if current else None
        manual = [v for v in views if v.segment_id == cur_id and v.mode is CueMode.MANUAL
                  and v.state is CueState.PENDING]
        upcoming = sorted((v for v in views if v.segment_id == cur_id and v.mode is not CueMode.MANUAL
                           and v.state is CueState.PENDING), key=lambda v: (v.due_at or 0.0))
        missed = [v for v in views if v.state is CueState.MISSED]
        return TimelineSnapshot(
            now=now, phase=self.phase, run_id=self.run_id, current=current, elapsed_s=elapsed,
            remaining_s=remaining, status=status, next=following,
            show_offset_s=projected_end - self._planned_end, planned_end=self._planned_end,
            projected_end=projected_end, awaiting=tuple(awaiting), manual=tuple(manual), upcoming=tuple(upcoming),
            missed=tuple(missed), segments=tuple(timings), cues=tuple(views))

    def cue_state(self, cue_id: str) -> CueState:
        return self._cues[cue_id].state

    def segment_state(self, segment_id: str) -> SegmentState:
        return self._segments[segment_id].state


__all__ = [
    "CueExecutor", "CueOutcome", "CueState", "CueView", "EventKind", "RunPhase", "RunStateError", "SegmentState",
    "SegmentTiming", "TimelineEngine", "TimelineError", "TimelineEvent", "TimelineSnapshot", "TimingStatus",
    "WarningRule", "action_key_for",
]
