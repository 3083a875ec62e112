"""The live timeline: runs a `Show` against the clock — which segment is on, how much time is
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
  operator may fire a missed cue by hand). Going back with `previous` re-arms the cues the
  re-entered segment missed by being left: those still ahead fire on time, one whose time went by
  meanwhile (Next pressed twice, its start cue never sent) is due at once. An auto cue found more than `catch_up_s` past its
  time (after a restart, a stalled ui) waits for a go instead of firing late; that limit is real
  seconds, also in a sped-up rehearsal.
* **A dated show started on another day** (the same running order the next evening) is planned
  for the day it starts, as a show without a date is: `dated_another_day` says so.
* **Time within the run is monotonic.** Segment starts, due times, countdowns and lateness advance
  with `clock.monotonic()` from the wall time the engine was made (or resumed) at, so a wall clock
  set back or forward while live moves none of them; hard starts, being times of day, are reached by
  the wall clock.
* **No pause.** A live stream does not pause and hard starts are times of day; extend the segment
  instead. Rehearsals pause the `RehearsalClock`.
* **Extend** adds to the current segment only; a negative value shortens it, at most to the time
  already elapsed (remaining 0), never below.

The engine is driven by the caller: every 100–250 ms `take_due()` evaluates what is due now, and
each due auto cue is sent by `send_due` (the runner gives each its own task; `await engine.step()`
does both, one cue after the other). Operations are synchronous and take effect on the next step.
Events go to plain callbacks (no Qt). `snapshot()` is what the ui and the presenter view draw.

This module is the engine itself; its vocabulary (states, events, errors, the executor protocol) is
`timeline_types`, the plan and the snapshot's projection `timeline_snapshot`, the records it keeps
and the run-state file they are written to `run_state`."""

from __future__ import annotations

import asyncio
import logging
import math
import uuid
from dataclasses import replace
from datetime import date, tzinfo
from pathlib import Path
from typing import Any, Iterable

from anchor_console.domain.clock import Clock
from anchor_console.domain.events import Event
from anchor_console.domain.text import QT_TRANSLATE_NOOP, Text
from anchor_console.show.live_edits import check_fired_cues_kept
from anchor_console.show.model import Cue, CueMode, Segment, Show
from anchor_console.show.run_state import (
    RUN_FORMAT, RUN_VERSION, CueRecord, SegmentRecord, check_ids, damaged, read_run_state, restore_records,
    running_show, write_run_state,
)
from anchor_console.show.showfile_writer import dumps_show
from anchor_console.show.timeline_snapshot import (
    CueView, TimelineSnapshot, assemble_snapshot, epoch_plan, planned_start_near, project_segments,
)
from anchor_console.show.timeline_types import (
    CueExecutor, CueOutcome, CueState, EventKind, Listener, RunPhase, RunStateError, SegmentState, TakeOver,
    TimelineError, TimelineEvent, WarningRule, action_key_for,
)

log = logging.getLogger("anchor_console.show.timeline")


class TimelineEngine:
    """Runs one show once (one run id). See the module docstring for the rules."""

    def __init__(self, show: Show, clock: Clock, executor: CueExecutor, *, state_path: Path | None = None,
                 run_id: str | None = None, warning: WarningRule = WarningRule(), catch_up_s: float = 10.0,
                 tz: tzinfo | None = None, listeners: Iterable[Listener] = ()) -> None:
        check_ids(show)
        self.show = show
        self.clock = clock
        self.executor = executor
        self.state_path = Path(state_path) if state_path is not None else None
        self.run_id = run_id or uuid.uuid4().hex[:12]
        self.warning = warning
        self.catch_up_s = catch_up_s
        self.tz = tz
        self.happened = Event("timeline")  # (TimelineEvent): everything the engine does, as it does it
        for listener in listeners:
            self.happened.connect(listener)
        self._descriptions: dict[str, tuple[Cue, Text]] = {}  # cues are immutable: describe once, not every frame
        self._version = 0  # bumped on every state change; the snapshot's cue views are rebuilt only then
        self._cue_views: tuple[int, list[CueView]] = (-1, [])
        self._show_text: tuple[Show | None, str] = (None, "")  # the show as file text, written once per show
        self.phase = RunPhase.READY
        self.started_at: float | None = None
        self.ended_at: float | None = None
        self.current_id: str | None = None
        self.dated_another_day: date | None = None  # the show's date, when it was started on another day
        self._segments: dict[str, SegmentRecord] = {s.id: SegmentRecord() for s in show.segments}
        self._cues: dict[str, CueRecord] = {c.id: CueRecord() for _, c in show.all_cues()}
        # Run time: epoch seconds that advance with the monotonic clock, so a wall clock set back or
        # forward while live moves no due time, countdown or lateness (hard starts keep the wall clock).
        self._time_anchor = (clock.now(), clock.monotonic())
        self._persisted_offset = 0.0   # run time minus wall time as last written (re-applied on resume)
        self.planned_start = planned_start_near(show, clock.now(), tz)
        self._replan()

    # ------------------------------------------------------------------ helpers

    def _replan(self) -> None:
        self._plan, self._planned_end = epoch_plan(self.show, self.planned_start, self.tz)

    def _segment(self, segment_id: str) -> Segment:
        seg = self.show.segment(segment_id)
        if seg is None:
            raise TimelineError(QT_TRANSLATE_NOOP("Show", "There is no segment “{id}” in this show").fill(id=segment_id))
        return seg

    def _now(self) -> float:
        wall, mono = self._time_anchor
        return wall + (self.clock.monotonic() - mono)

    def _real_seconds(self, clock_seconds: float) -> float:
        """Clock seconds as seconds of real time: a rehearsal clock runs `speed` times faster, and a
        platform's round trip takes real time, so limits on lateness are counted in real seconds."""
        speed = getattr(self.clock, "speed", 1.0)
        return clock_seconds / speed if speed > 0 else clock_seconds

    def _due_at(self, seg: Segment, cue: Cue) -> float | None:
        rec = self._segments[seg.id]
        if rec.actual_start is None:
            return None
        return rec.actual_start + cue.trigger.offset_in(rec.duration(seg))

    # ------------------------------------------------------------------ events & persistence

    def _emit(self, kind: EventKind, **kw: Any) -> None:
        # A broken view must not stop the show: Event logs a subscriber that raises.
        self.happened.emit(TimelineEvent(kind, self._now(), **kw))

    def run_state(self) -> dict:
        """The run as plain data (what is persisted): planned vs actual per segment, every cue's
        fire time and outcome — the post-show review reads this."""
        segments = [self._segments[seg.id].entry(seg, self._plan.get(seg.id, (None, None, False)))
                    for seg in self.show.segments]
        cues = [self._cues[cue.id].entry(seg, cue, self._describe(cue).english(), action_key_for(self.run_id, cue.id))
                for seg, cue in self.show.all_cues()]
        return {"format": RUN_FORMAT, "version": RUN_VERSION, "run_id": self.run_id, "show_title": self.show.title,
                "phase": self.phase.value, "planned_start": self.planned_start, "planned_end": self._planned_end,
                "started_at": self.started_at, "ended_at": self.ended_at, "current": self.current_id,
                "segments": segments, "cues": cues, "run_minus_wall": self._now() - self.clock.now(),
                "show": self._text_of_show()}

    def _text_of_show(self) -> str:
        """The running show's own text: resumed from, whatever the show file says by then."""
        if self._show_text[0] is not self.show:
            self._show_text = (self.show, dumps_show(self.show))
        return self._show_text[1]

    def _persist(self) -> None:
        """Every state change ends here: written to disk before anything else happens."""
        self._version += 1
        if self.state_path is not None:
            state = self.run_state()
            write_run_state(self.state_path, state)
            self._persisted_offset = state["run_minus_wall"]

    # ------------------------------------------------------------------ resume

    @classmethod
    def resume(cls, path: Path, show: Show | None, clock: Clock, executor: CueExecutor, *,
               read: tuple[dict, Show] | None = None, **options: Any) -> TimelineEngine:
        """Continue a run after a restart from its run-state file, with the show it was running (kept
        in that file; `show`, the show file's, only for a run state without it). Cues recorded as
        fired without an outcome become "fired, outcome unknown" and are not sent again. `read`: the
        run state and the show it ran, read and parsed already (off the ui thread: `read_run_left`)."""
        path = Path(path)
        data, ran = read if read is not None else (read_run_state(path), None)
        try:
            if ran is None:
                ran = running_show(data, path, show)
            engine = cls(ran, clock, executor, state_path=path, run_id=str(data["run_id"]), **options)
            engine._restore(data)
        except RunStateError:
            raise
        except (KeyError, TypeError, ValueError, AttributeError) as exc:   # entries of the wrong shape
            raise damaged(path, exc) from None
        return engine

    def _restore(self, data: dict) -> None:
        self.phase = RunPhase(data["phase"])
        self.planned_start = float(data["planned_start"])
        self.started_at = data.get("started_at")
        self.ended_at = data.get("ended_at")
        offset = data.get("run_minus_wall")
        if isinstance(offset, (int, float)) and not isinstance(offset, bool) and math.isfinite(offset):
            # the run's own time goes on where it was: a wall clock corrected while live (time sync)
            # and then a restart would otherwise shift every due time and countdown by the correction
            self._time_anchor = (self.clock.now() + offset, self.clock.monotonic())
        self._replan()
        unknown = restore_records(data, self._segments, self._cues)
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

    def start(self, *, taking_over: TakeOver | None = None) -> None:
        """Go live now (however late or early against the plan: soft segments follow the actual start).
        `taking_over`: where another seat's run of this show stopped (that seat is gone): this run
        goes on from there — the cues that seat fired are recorded fired, the segments before it are
        done and their other cues missed, and a cue of it already due is held for a go, as the gone
        seat may have fired it after it last said what it fired."""
        if self.phase is not RunPhase.READY:
            raise TimelineError(QT_TRANSLATE_NOOP("Show", "The show has already started"))
        now = self._now()
        today = planned_start_near(replace(self.show, date=None), now, self.tz)
        if self.show.date is not None and today != self.planned_start:
            self.dated_another_day = self.show.date  # the same running order, another evening
        if self.show.date is None or self.dated_another_day is not None:
            self.planned_start = today
            self._replan()
        self.phase, self.started_at = RunPhase.LIVE, now
        self._emit(EventKind.SHOW_STARTED)
        first = self._next_pending_after(-1)
        if taking_over is not None:
            self._take_over(taking_over, now)
        elif first is None:
            self._finish(now)
        else:
            self._enter(first, now)
        self._persist()

    def _take_over(self, point: TakeOver, now: float) -> None:
        seg = self._segment(point.segment_id)
        for cue_id, state in point.fired:
            if cue_id in self._cues:
                self._cues[cue_id].fired_elsewhere(state)
        for before in self.show.segments[:self.show.index_of(seg.id)]:
            self._segments[before.id].state = SegmentState.DONE   # aired on the seat that is gone
            self._miss(before, "taken_over")
        self._enter(seg, now - max(0.0, point.elapsed_s))
        for cue in seg.cues:
            rec, due = self._cues[cue.id], self._due_at(seg, cue)
            if rec.state is CueState.PENDING and cue.mode is not CueMode.MANUAL and due is not None and due <= now:
                rec.state, rec.due_at, rec.late = CueState.AWAITING, due, cue.mode is CueMode.AUTO
                self._emit(EventKind.CUE_AWAITING, segment_id=seg.id, cue_id=cue.id)

    def next(self) -> None:
        """End the current segment now and start the next one (or end the show after the last)."""
        self._require_live()
        now = self._now()
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
        original start; the cues leaving it missed are armed again."""
        if self.phase is RunPhase.READY:
            raise TimelineError(QT_TRANSLATE_NOOP("Show", "The show has not started"))
        upto = self.show.index_of(self.current_id) if self.current_id else len(self.show.segments)
        back = next((s for s in reversed(self.show.segments[:upto])
                     if self._segments[s.id].state is SegmentState.DONE), None)
        if back is None:
            raise TimelineError(QT_TRANSLATE_NOOP("Show", "This is the first segment"))
        left = self.current_id or ""
        if self.current_id is not None:
            seg = self._segment(self.current_id)
            self._segments[seg.id] = SegmentRecord()
            for cue in seg.cues:
                if self._cues[cue.id].state is CueState.AWAITING:
                    self._cues[cue.id].state = CueState.PENDING
        if self.phase is RunPhase.ENDED:
            self.phase, self.ended_at = RunPhase.LIVE, None
            for _, cue in self.show.all_cues():
                self._cues[cue.id].rearm("not_reached")
        rec = self._segments[back.id]
        rec.state, rec.actual_end = SegmentState.CURRENT, None
        self.current_id = back.id
        for cue in back.cues:   # what leaving it missed: due again (take_due holds one long past for a go)
            self._cues[cue.id].rearm("left")
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
            self._cues[cue.id].rearm("skipped")
        self._persist()

    def extend(self, seconds: float) -> float:
        """Lengthen (or, negative, shorten) the current segment; returns the change applied.
        Shortening stops at the time already elapsed: the segment then ends now."""
        self._require_live()
        seg = self._segment(self.current_id)  # type: ignore[arg-type]
        rec = self._segments[seg.id]
        now = self._now()
        effective = rec.duration(seg)
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
        now = self._now()
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
        check_ids(show)
        check_fired_cues_kept(self.show, show, lambda cue_id: self._cues[cue_id].state.fired)
        self.show = show
        for seg in show.segments:
            self._segments.setdefault(seg.id, SegmentRecord())
        for _, cue in show.all_cues():
            self._cues.setdefault(cue.id, CueRecord())
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
        rec.state, rec.fired_at, rec.fired_by = CueState.FIRING, self._now(), fired_by
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
                error=type(exc).__name__))   # a bug of ours: its name, not its English (the log has it)
        rec.state = CueState.SUCCEEDED if outcome.ok else CueState.FAILED
        rec.outcome_at, rec.reason = self._now(), outcome.reason
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
        """Evaluate what is due now and send the due auto cues one after the other;
        returns the outcomes of the cues fired. Safe to call again while an earlier step is still
        waiting for an executor: a cue is claimed before it is awaited."""
        outcomes = []
        for cue_id in self.take_due():
            outcome = await self.send_due(cue_id)
            if outcome is not None:
                outcomes.append((cue_id, outcome))
        return outcomes

    def take_due(self) -> list[str]:
        """Evaluate what is due now: timing events, confirm cues (set awaiting), auto cues
        found too late (held for a go). Returns the ids of the auto cues to send now, in order; each
        is sent by `send_due`, which the runner runs in its own task so a slow cue holds up no other."""
        if self.phase is not RunPhase.LIVE or self.current_id is None:
            return []
        now = self._now()
        seg = self._segment(self.current_id)
        changed = self._timing_events(seg, now)
        if self.state_path is not None and abs(now - self.clock.now() - self._persisted_offset) > 1.0:
            changed = True   # the wall clock was set: written, so a restart keeps the run's time
        due: list[tuple[float, int, Cue]] = []
        for order, cue in enumerate(seg.cues):
            crec = self._cues[cue.id]
            if crec.state is not CueState.PENDING or cue.mode is CueMode.MANUAL:
                continue
            at = self._due_at(seg, cue)
            if at is None or now < at:
                continue
            crec.due_at = at
            late = self._real_seconds(now - at) > self.catch_up_s
            if cue.mode is CueMode.CONFIRM or late:
                crec.state, crec.late, changed = CueState.AWAITING, late and cue.mode is CueMode.AUTO, True
                self._emit(EventKind.CUE_AWAITING, segment_id=seg.id, cue_id=cue.id)
            else:
                due.append((at, order, cue))
        if changed:
            self._persist()
        return [cue.id for _, _, cue in sorted(due, key=lambda d: (d[0], d[1]))]

    async def send_due(self, cue_id: str) -> CueOutcome | None:
        """Send an auto cue `take_due` returned, if it is still pending and due in the segment on
        air; None if not (a concurrent step, the operator or a segment change got there first)."""
        found = self.show.find_cue(cue_id)
        if found is None or self.phase is not RunPhase.LIVE or found[0].id != self.current_id:
            return None
        seg, cue = found
        due = self._due_at(seg, cue)
        if self._cues[cue_id].state is not CueState.PENDING or cue.mode is not CueMode.AUTO \
                or due is None or self._now() < due:
            return None
        return await self._execute(seg, cue, "auto")

    def _timing_events(self, seg: Segment, now: float) -> bool:
        """The current segment's warning and overrun, and hard starts reached; True if any is new."""
        rec = self._segments[seg.id]
        changed = False
        duration = rec.duration(seg)
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
                    and self.clock.now() >= planned[0]:  # a time of day: the wall clock says when
                lrec.hard_reached, changed = True, True
                self._emit(EventKind.HARD_START_REACHED, segment_id=later.id)
        return changed

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
        now = self._now()
        cursor: float | None = None
        if self.phase is RunPhase.READY:
            start = planned_start_near(self.show, now, self.tz) if self.show.date is None else self.planned_start
            cursor = max(now, start)
        timings = project_segments(self.show.segments, self._segments, self._plan, now=now, phase=self.phase,
                                   cursor=cursor, planned_start=self.planned_start)
        if self._cue_views[0] != self._version:
            self._cue_views = (self._version, [self._cue_view(s, c) for s, c in self.show.all_cues()])
        return assemble_snapshot(timings, self._cue_views[1], now=now, phase=self.phase, run_id=self.run_id,
                                 warning=self.warning, ended_at=self.ended_at, planned_end=self._planned_end)

    def cue_state(self, cue_id: str) -> CueState:
        return self._cues[cue_id].state


__all__ = ["TimelineEngine"]
