"""The control API's GO goes through the show runner, as the GO button does: it waits for this
seat's claim of the show call and sends nothing once the run has stood down; on a seat following
another's show it asks the caller. It called the engine directly, so a seat taking over a show
whose claim Studio then refused had already fired the held coupon cue the caller fired too."""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path
from types import SimpleNamespace

import pytest

from anchor_console.domain.clock import ManualClock
from anchor_console.domain.events import Event
from anchor_console.domain.text import Text
from anchor_console.room.journal import ActionJournal
from anchor_console.room.live_room import Binding, LiveRoom
from anchor_console.session.control_commands import ControlCommands
from anchor_console.session.tasks import Tasks
from anchor_console.show.model import Cue, CueMode, IssueCoupon, Segment, Show, Trigger
from anchor_console.show.runner import RunFiles, ShowRunner
from anchor_console.show.timeline_types import TakeOver
from room.fake_platform import FakePlatform

SHOW = Show(title="接手", segments=(Segment("seg-a", "爆款", 900, cues=(
    Cue("coupon", IssueCoupon("2", 7, 10, "券"), Trigger.after(30), CueMode.AUTO),)),))


def a_seat_taking_over(tmp: Path, following: bool = False):
    """A seat taking over a gone caller's show: the coupon cue, due at 30 s, is held for GO at 60 s
    while the seat's claim of the show call is still being asked (`answer` lets Studio answer)."""
    clock, studio = ManualClock(), FakePlatform("studio-1", "Studio")
    journal = ActionJournal(tmp / "journal.sqlite", clock, console_id="B")
    room = LiveRoom("studio-1:r1", [Binding(studio, "r1")], journal, actor="B")
    tasks = Tasks()
    runner = ShowRunner(files=RunFiles(tmp / "live.json", tmp / "live_meta.json", tmp / "reh.json"), clock=clock,
                        room=lambda: room, actor=lambda: "B", spawn=tasks.spawn, notices=Event("n"))
    answer = asyncio.Event()
    refusal: list[Text | None] = [Text("", "Another seat on this room is running the show")]

    async def may_call():
        await answer.wait()
        return refusal[0]
    runner.may_call = may_call
    runner.set_show(SHOW, None)
    assert runner.start(taking_over=TakeOver("seg-a", 60.0))
    asked = []

    async def request_go(cue_id):
        asked.append(cue_id)
        return True, None
    session = SimpleNamespace(show=runner, settings=SimpleNamespace(confirm_money_actions=False), tasks=tasks,
                              crew=SimpleNamespace(show=SimpleNamespace(following=following, request_go=request_go)),
                              may=lambda kind: (True, None))
    return ControlCommands(session), runner, studio, answer, refusal, asked, tasks, journal


def coupons(studio) -> int:
    return len([a for a in studio.applied if a[0] == "issue_coupon"])


@pytest.mark.asyncio
async def test_go_waits_for_the_claim_and_sends_nothing_once_the_run_stood_down():
    with tempfile.TemporaryDirectory() as tmp:
        api, runner, studio, answer, _, _, tasks, journal = a_seat_taking_over(Path(tmp))
        await asyncio.sleep(0)
        assert [v.cue_id for v in runner.engine.snapshot().awaiting] == ["coupon"]
        go = asyncio.ensure_future(api.run("go", {}))
        for _ in range(20):
            await asyncio.sleep(0)
        assert coupons(studio) == 0 and not go.done()   # held until Studio answers the claim
        answer.set()   # refused: another seat calls the show
        result = await asyncio.wait_for(go, 5)
        assert result.status == "refused" and "ended before GO" in result.reason.english()
        assert coupons(studio) == 0
        await tasks.shutdown(0.5)
        journal.close()


@pytest.mark.asyncio
async def test_go_sends_once_the_claim_is_granted_and_says_how_it_went():
    with tempfile.TemporaryDirectory() as tmp:
        api, runner, studio, answer, refusal, _, tasks, journal = a_seat_taking_over(Path(tmp))
        refusal[0] = None
        go = asyncio.ensure_future(api.run("go", {}))
        await asyncio.sleep(0.01)
        answer.set()
        result = await asyncio.wait_for(go, 5)
        assert result.status == "done" and result.result["cue_id"] == "coupon" and coupons(studio) == 1
        runner.end()
        await tasks.shutdown(0.5)
        journal.close()


@pytest.mark.asyncio
async def test_on_a_seat_following_another_go_asks_the_caller():
    with tempfile.TemporaryDirectory() as tmp:
        api, runner, studio, answer, _, asked, tasks, journal = a_seat_taking_over(Path(tmp), following=True)
        result = await api.run("go", {})
        assert result.status == "done" and result.result["asked_caller"] and asked == ["coupon"]
        assert coupons(studio) == 0
        answer.set()
        await tasks.shutdown(0.5)
        journal.close()
