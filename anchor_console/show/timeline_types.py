"""The vocabulary of a live run, shared by the engine (`timeline`), its snapshot
(`timeline_snapshot`), its run-state file (`run_state`) and the ui: the phases and states of
segments and cues, the warning rule, the events the engine emits, the executor protocol a cue is
sent through, and the timeline's errors."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Callable, Protocol

from anchor_console.domain.text import Text, TextError
from anchor_console.show.model import Cue

# Within this many seconds of its plan a running show is on time (the timeline, the presenter view
# and the crew say so, and colour it so).
ON_TIME_WITHIN_S = 30


def on_time(show_offset_s: float) -> bool:
    return abs(show_offset_s) < ON_TIME_WITHIN_S

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


@dataclass(frozen=True, slots=True)
class TakeOver:
    """Where another seat's live run of this show stood when that seat went: the segment on air,
    seconds into it, and the cues it had fired by then (cue id, state value), so a cue that seat
    fired early by hand is not sent again here under this run's own key."""

    segment_id: str
    elapsed_s: float
    fired: tuple[tuple[str, str], ...] = ()


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


class TimelineError(TextError):
    """An operation that does not apply now (e.g. "previous" on the first segment)."""


class RunStateError(TimelineError):
    """A run-state file that cannot be resumed."""


__all__ = [
    "CueExecutor", "CueOutcome", "CueState", "EventKind", "Listener", "RunPhase", "RunStateError", "SegmentState",
    "TakeOver", "TimelineError", "TimelineEvent", "TimingStatus", "WarningRule", "action_key_for",
]
