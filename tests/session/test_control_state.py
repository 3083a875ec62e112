"""The control API's state stream, on a clock of the test's own (no Studio, no wall time): a storm of
changes never makes more than 10 frames in any second, the last change is never lost, and a change
after a quiet moment goes out at once."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

import pytest

from anchor_console.domain.text import Text
from anchor_console.session.control_state import MAX_RATE_HZ, StateHub


class Counter:
    def __init__(self) -> None:
        self.n = 0

    def to_json(self, _translate=None) -> dict:
        return {"n": self.n}


def quiet_session() -> SimpleNamespace:
    return SimpleNamespace(room=None, show=SimpleNamespace(engine=None), flash_sale=SimpleNamespace(armed=None),
                           giveaways=SimpleNamespace(open_bags=lambda: []),
                           settings=SimpleNamespace(confirm_money_actions=True), translate=Text.english)


async def turns(n: int = 5) -> None:
    for _ in range(n):
        await asyncio.sleep(0)


@pytest.mark.asyncio
async def test_a_storm_of_changes_is_rate_limited_and_the_last_one_arrives():
    now = [100.0]

    async def sleep(seconds: float) -> None:
        now[0] += seconds
        await asyncio.sleep(0)

    last = Counter()
    hub = StateHub(quiet_session(), lambda: last, monotonic=lambda: now[0], sleep=sleep)
    frames: list[tuple[float, int | None]] = []
    closed = False

    async def subscriber() -> None:
        async for frame in hub.frames(lambda: closed):
            frames.append((now[0], (frame["state"]["last_action"] or {}).get("n")))

    task = asyncio.create_task(subscriber())
    await turns()
    for _ in range(300):             # 300 changes over 3 s
        last.n += 1
        hub.mark()
        now[0] += 0.01
        await turns()
    await sleep(1.0)
    await turns(20)
    assert frames[-1][1] == 300, "the last change was not sent"
    times = [t for t, _ in frames]
    busiest = max(sum(1 for t in times if start <= t < start + 1.0) for start in times)
    assert busiest <= MAX_RATE_HZ, f"{busiest} frames in one second"
    assert len(frames) >= 20          # ... and it kept sending while the storm went on

    now[0] += 5.0                     # quiet, then one change: sent without waiting
    last.n += 1
    hub.mark()
    at = now[0]
    await turns(20)
    assert frames[-1] == (at, 301)
    closed = True
    hub.close()
    await task
