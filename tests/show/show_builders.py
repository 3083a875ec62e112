"""Shows, clocks and cue executors for the run-of-show tests."""

from __future__ import annotations

import asyncio
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

from anchor_console.domain.clock import ManualClock
from anchor_console.domain.text import Text
from anchor_console.show.model import (
    AnchorMessage, Cue, CueMode, IssueCoupon, Segment, Show, StageProduct, StartMode, Trigger,
)
from anchor_console.show.timeline import TimelineEngine
from anchor_console.show.timeline_types import CueOutcome

SAMPLES = Path(__file__).parent / "samples"
TZ = timezone(timedelta(hours=8))  # Beijing time: where these shows go live
DAY = date(2026, 3, 8)


def at(hh: int, mm: int = 0, ss: int = 0, *, day: date = DAY) -> float:
    """Epoch seconds of a Beijing time of day."""
    return datetime.combine(day, time(hh, mm, ss), tzinfo=TZ).timestamp()


def clock_at(hh: int, mm: int = 0, ss: int = 0, *, day: date = DAY) -> ManualClock:
    return ManualClock(at(hh, mm, ss, day=day))


class RecordingExecutor:
    """Answers every cue with success (or what `answers` says) and remembers what it was asked."""

    def __init__(self, answers: dict[str, CueOutcome] | None = None) -> None:
        self.calls: list[tuple[str, str]] = []
        self.answers = answers or {}

    async def execute(self, cue: Cue, *, action_key: str) -> CueOutcome:
        self.calls.append((cue.id, action_key))
        return self.answers.get(cue.id, CueOutcome.success())

    def fired(self) -> list[str]:
        return [c for c, _ in self.calls]


class HangingExecutor(RecordingExecutor):
    """Never answers until released: a platform that went silent (or a console about to crash)."""

    def __init__(self) -> None:
        super().__init__()
        self.release = asyncio.Event()
        self.called = asyncio.Event()

    async def execute(self, cue: Cue, *, action_key: str) -> CueOutcome:
        self.calls.append((cue.id, action_key))
        self.called.set()
        await self.release.wait()
        return CueOutcome.success()


class RaisingExecutor(RecordingExecutor):
    async def execute(self, cue: Cue, *, action_key: str) -> CueOutcome:
        self.calls.append((cue.id, action_key))
        raise ConnectionError("platform unreachable")


def failure(reason: str) -> CueOutcome:
    return CueOutcome.failure(Text("Test", reason))


def evening_show() -> Show:
    """20:00 show: A 10 min, B 10 min (soft), C 10 min hard at 20:30 (a 10-minute gap), D 10 min soft."""
    return Show("晚场", DAY, time(20, 0), 3000, (
        Segment("A", "开场", 600, cues=(
            Cue("a-hello", AnchorMessage("欢迎"), Trigger.at_start(), CueMode.AUTO),
            Cue("a-stage", StageProduct("1001", "白T"), Trigger.after(120), CueMode.AUTO),
            Cue("a-coupon", IssueCoupon("1", 500, 30, "满199减30"), Trigger.after(300), CueMode.CONFIRM),
            Cue("a-mute", AnchorMessage("倒数"), Trigger.at_end(30), CueMode.AUTO),
            Cue("a-manual", StageProduct("1002", "连衣裙"), Trigger.at_start(), CueMode.MANUAL),
        )),
        Segment("B", "福利款", 600, cues=(
            Cue("b-stage", StageProduct("1003"), Trigger.at_start(), CueMode.AUTO),
            Cue("b-end", AnchorMessage("下一个"), Trigger.at_end(), CueMode.AUTO),
        )),
        Segment("C", "整点抽奖", 600, StartMode.HARD, time(20, 30), cues=(
            Cue("c-lucky", AnchorMessage("福袋"), Trigger.at_start(), CueMode.CONFIRM),
        )),
        Segment("D", "下播", 600, cues=(
            Cue("d-bye", AnchorMessage("再见"), Trigger.after(60), CueMode.AUTO),
        )),
    ))


def two_hour_show() -> Show:
    segments = []
    for i in range(12):
        cues = (
            Cue(f"s{i}-stage", StageProduct(str(1001 + i)), Trigger.at_start(), CueMode.AUTO),
            Cue(f"s{i}-msg", AnchorMessage("报库存"), Trigger.after(300), CueMode.AUTO),
            Cue(f"s{i}-end", AnchorMessage("下一款"), Trigger.at_end(30), CueMode.AUTO),
        )
        mode, hard = (StartMode.HARD, time(21, 0)) if i == 6 else (StartMode.SOFT, None)
        segments.append(Segment(f"s{i}", f"第{i + 1}款", 600, mode, hard, cues=cues))
    return Show("两小时专场", date(2026, 3, 8), time(20, 0), 7200, tuple(segments))


def engine_for(show=None, clock=None, executor=None, tmp_path=None, **kw):
    clock = clock or clock_at(20, 0)
    executor = executor or RecordingExecutor()
    events = []
    path = tmp_path / "run.json" if tmp_path is not None else None
    engine = TimelineEngine(show or evening_show(), clock, executor, state_path=path, tz=TZ, run_id="run1",
                            listeners=[events.append], **kw)
    return engine, clock, executor, events


def started_engine(show=None, clock=None, executor=None, tmp_path=None, **kw):
    """engine_for(...), with the show started."""
    engine, clock, executor, events = engine_for(show, clock, executor, tmp_path, **kw)
    engine.start()
    return engine, clock, executor, events


def next_after(engine, clock, seconds: float) -> None:
    """`seconds` go by, then the operator presses Next."""
    clock.advance(seconds)
    engine.next()


def kinds(events, *wanted):
    return [(e.kind, e.segment_id or e.cue_id) for e in events if e.kind in wanted]


def timing(snapshot, segment_id):
    return next(t for t in snapshot.segments if t.segment_id == segment_id)
