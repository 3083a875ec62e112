"""The snapshot of a live run — what the ui and the presenter view draw — and the time arithmetic
behind it: the plan in epoch seconds, and the projection from the plan and what has happened so
far: done segments at their actual times, the current one running to its planned end (or to now,
when overrunning), pending soft segments following on from it, hard starts at their time of day
with the gap or overlap before them. Pure functions: the engine (`timeline`) hands in its records
and gets the snapshot back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Mapping, Sequence

from anchor_console.domain.text import Text
from anchor_console.show.model import CueMode, Segment, Show, plan_schedule, resolve_time_of_day
from anchor_console.show.run_state import SegmentRecord
from anchor_console.show.timeline_types import CueState, RunPhase, SegmentState, TimingStatus, WarningRule


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


def _local(ts: float, tz: tzinfo | None) -> datetime:
    return datetime.fromtimestamp(ts, tz) if tz is not None else datetime.fromtimestamp(ts).astimezone()


def planned_start_near(show: Show, now: float, tz: tzinfo | None) -> float:
    """The show's planned start as epoch seconds: its date and time, or (no date) the nearest
    occurrence of its time to `now`, or (no time) `now` itself."""
    if show.start is None:
        return now
    here = _local(now, tz)
    if show.date is not None:
        return datetime.combine(show.date, show.start, tzinfo=here.tzinfo).timestamp()
    return resolve_time_of_day(show.start, here).timestamp()


def epoch_plan(show: Show, start: float, tz: tzinfo | None) -> tuple[dict[str, tuple[float, float, bool]], float]:
    """Each segment's planned (start, end, hard start?) in epoch seconds, and the show's planned end."""
    schedule = plan_schedule(show, _local(start, tz))
    plan = {i.segment_id: (i.start.timestamp(), i.end.timestamp(), i.hard) for i in schedule.items}
    return plan, schedule.end.timestamp()


def project_segments(segments: Sequence[Segment], records: Mapping[str, SegmentRecord],
                     plan: Mapping[str, tuple[float, float, bool]], *, now: float, phase: RunPhase,
                     cursor: float | None, planned_start: float) -> list[SegmentTiming]:
    """Every segment's planned, projected and actual times, in show order. `cursor` is where the
    first pending segment starts before the show does (None once it runs: it follows on)."""
    timings: list[SegmentTiming] = []
    for seg in segments:
        rec = records[seg.id]
        ps, pe, hard = plan.get(seg.id, (now, now, False))
        duration = rec.duration(seg)
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
        elif phase is RunPhase.ENDED:
            proj_start = proj_end = None  # never reached
        else:
            base = cursor if cursor is not None else max(now, planned_start)
            if hard:
                # A fixed start is a target, not a promise: running into it, the segment starts
                # when the one before it ends (gap < 0 says by how much it is late).
                proj_start, gap = max(ps, base), ps - base
            else:
                proj_start = base
            proj_end = proj_start + duration
            cursor = proj_end
        timings.append(SegmentTiming(seg.id, seg.title, rec.state, hard, duration, rec.extension_s, ps, pe,
                                     proj_start, proj_end, rec.actual_start, rec.actual_end, gap))
    return timings


def assemble_snapshot(timings: list[SegmentTiming], views: list[CueView], *, now: float, phase: RunPhase,
                      run_id: str, warning: WarningRule, ended_at: float | None,
                      planned_end: float) -> TimelineSnapshot:
    """The snapshot from the segment timings and cue views: what is on now, what comes next, how far
    ahead or behind the show is, and which cues the assistant has to act on."""
    current = next((t for t in timings if t.state is SegmentState.CURRENT), None)
    elapsed = remaining = None
    status = TimingStatus.NORMAL
    if current is not None and current.actual_start is not None:
        elapsed = now - current.actual_start
        remaining = current.duration_s - elapsed
        status = warning.status(remaining, current.duration_s)
    upcoming_segments = [t for t in timings if t.state is SegmentState.PENDING and t.projected_start is not None]
    if current is not None:
        ci = timings.index(current)
        upcoming_segments = [t for t in timings[ci + 1:] if t in upcoming_segments]
    following = upcoming_segments[0] if upcoming_segments else None
    ends = [t.projected_end for t in timings if t.projected_end is not None]
    projected_end = max(ends) if ends else (ended_at or now)
    if phase is RunPhase.ENDED and ended_at is not None:
        projected_end = ended_at
    awaiting = sorted((v for v in views if v.state is CueState.AWAITING), key=lambda v: (v.due_at or 0.0))
    cur_id = current.segment_id if current else None
    manual = [v for v in views if v.segment_id == cur_id and v.mode is CueMode.MANUAL
              and v.state is CueState.PENDING]
    upcoming = sorted((v for v in views if v.segment_id == cur_id and v.mode is not CueMode.MANUAL
                       and v.state is CueState.PENDING), key=lambda v: (v.due_at or 0.0))
    missed = [v for v in views if v.state is CueState.MISSED]
    return TimelineSnapshot(
        now=now, phase=phase, run_id=run_id, current=current, elapsed_s=elapsed,
        remaining_s=remaining, status=status, next=following,
        show_offset_s=projected_end - planned_end, planned_end=planned_end,
        projected_end=projected_end, awaiting=tuple(awaiting), manual=tuple(manual), upcoming=tuple(upcoming),
        missed=tuple(missed), segments=tuple(timings), cues=tuple(views))


__all__ = [
    "CueView", "SegmentTiming", "TimelineSnapshot", "assemble_snapshot", "epoch_plan", "planned_start_near",
    "project_segments",
]
