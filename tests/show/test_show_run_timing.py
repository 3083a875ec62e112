"""Run-of-show timing against real time: a sped-up rehearsal's catch-up limit, a dated show run on
another day, and a slow cue that must not hold up the others (the runner sends each in its own task)."""

from __future__ import annotations

from dataclasses import replace
from datetime import time, timedelta

import pytest

from anchor_console.domain.clock import ManualClock
from anchor_console.domain.events import Event
from anchor_console.domain.notice import Level
from anchor_console.show.model import AnchorMessage, Cue, CueMode, IssueCoupon, Segment, Show, Trigger
from anchor_console.show.rehearsal import RehearsalClock
from anchor_console.show.runner import RunFiles, ShowRunner
from anchor_console.show.timeline import TimelineEngine
from anchor_console.show.timeline_types import CueState
from show_builders import DAY, TZ, RecordingExecutor, at


def coupon_then_message() -> Show:
    return Show("t", DAY, time(20, 0), 0, (Segment("A", "A", 600, cues=(
        Cue("coupon", IssueCoupon("1", 10), Trigger.at_start(), CueMode.AUTO),
        Cue("msg", AnchorMessage("say the code"), Trigger.after(5), CueMode.AUTO))),))


class SlowCoupon(RecordingExecutor):
    """The coupon's platform round trip takes `real_s` seconds on `base` (real time)."""

    def __init__(self, base: ManualClock, real_s: float) -> None:
        super().__init__()
        self.base, self.real_s = base, real_s

    async def execute(self, cue, *, action_key):
        if cue.id == "coupon":
            self.base.advance(self.real_s)
        return await super().execute(cue, action_key=action_key)


@pytest.mark.asyncio
async def test_rehearsal_at_ten_times_counts_the_catch_up_limit_in_real_seconds():
    base = ManualClock(at(14, 0))
    rehearsal = RehearsalClock(base, 10.0, start_at=at(20, 0))
    executor = SlowCoupon(base, 1.5)  # 1.5 s real = 15 s of rehearsal time
    engine = TimelineEngine(coupon_then_message(), rehearsal, executor, tz=TZ, run_id="r", catch_up_s=10)
    engine.start()
    await engine.step()
    base.advance(0.2)
    await engine.step()
    assert engine.cue_state("msg") is CueState.SUCCEEDED and executor.fired() == ["coupon", "msg"]


@pytest.mark.asyncio
async def test_rehearsal_still_holds_a_cue_found_late_in_real_seconds():
    base = ManualClock(at(14, 0))
    rehearsal = RehearsalClock(base, 10.0, start_at=at(20, 0))
    executor = SlowCoupon(base, 12)  # the platform stalled for 12 real seconds
    engine = TimelineEngine(coupon_then_message(), rehearsal, executor, tz=TZ, run_id="r", catch_up_s=10)
    engine.start()
    await engine.step()
    await engine.step()
    assert engine.cue_state("msg") is CueState.AWAITING and engine.snapshot().awaiting[0].late


# ------------------------------------------------------------------ a dated show on another day

def runner_for(tmp_path, clock, spawn=None):
    notices = Event("notices")
    seen: list = []
    notices.connect(seen.append)

    def close_it(coro, name="", key=None):
        coro.close()

    runner = ShowRunner(files=RunFiles(tmp_path / "live.json", tmp_path / "meta.json", tmp_path / "reh.json"),
                        clock=clock, room=lambda: None, actor=lambda: "op", spawn=spawn or close_it, notices=notices)
    return runner, seen


def test_a_dated_show_started_the_next_evening_is_planned_for_that_evening():
    engine = TimelineEngine(coupon_then_message(), ManualClock(at(20, 0, day=DAY + timedelta(days=1))),
                            RecordingExecutor(), tz=TZ, run_id="r")
    engine.start()
    snap = engine.snapshot()
    assert engine.dated_another_day == DAY
    assert snap.show_offset_s == 0 and snap.segments[0].planned_start == at(20, 0, day=DAY + timedelta(days=1))


def test_a_dated_show_started_late_on_its_own_evening_keeps_its_date():
    show = replace(coupon_then_message(), start=time(23, 30))
    engine = TimelineEngine(show, ManualClock(at(0, 10, day=DAY + timedelta(days=1))), RecordingExecutor(),
                            tz=TZ, run_id="r")
    engine.start()  # forty minutes late, after midnight: still the show of the 8th
    assert engine.dated_another_day is None and engine.snapshot().show_offset_s == 40 * 60


def test_the_operator_is_told_when_a_dated_show_runs_on_another_day(tmp_path):
    runner, seen = runner_for(tmp_path, ManualClock(at(20, 0, day=DAY + timedelta(days=3))))
    runner.set_show(coupon_then_message(), None)
    assert runner.start()
    [notice] = seen
    assert notice.level is Level.INFO and "2026-03-08" in notice.text.english()
    assert abs(runner.engine.snapshot().show_offset_s) <= 12 * 3600  # the machine's time zone, not three days
