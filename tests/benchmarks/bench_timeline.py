"""How long the timeline engine takes to run a two-hour show on a manual clock (a step and a
snapshot every simulated second, twelve segments, 36 cues). Prints one JSON line:
{"two_hour_show_s": …, "steps_per_s": …}."""

from __future__ import annotations

import asyncio
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "show"))

from show_builders import TZ, RecordingExecutor, clock_at, two_hour_show  # noqa: E402

from anchor_console.show.timeline import TimelineEngine  # noqa: E402
from anchor_console.show.timeline_types import RunPhase  # noqa: E402


async def run(state: Path) -> tuple[float, int]:
    clock = clock_at(20, 0)
    engine = TimelineEngine(two_hour_show(), clock, RecordingExecutor(), state_path=state, tz=TZ)
    began, steps = time.perf_counter(), 0
    engine.start()
    while engine.phase is RunPhase.LIVE:
        await engine.step()
        snap = engine.snapshot()
        if snap.remaining_s is not None and snap.remaining_s <= -15:
            engine.next()
        clock.advance(1)
        steps += 1
    return time.perf_counter() - began, steps


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        took, steps = min(asyncio.run(run(Path(tmp) / f"run{i}.json")) for i in range(3))
    print(json.dumps({"two_hour_show_s": round(took, 3), "steps_per_s": round(steps / took)}))


if __name__ == "__main__":
    main()
