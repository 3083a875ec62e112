"""A script that sends a money command, loses the HTTP answer and sends it again later (past the
2 s coalescing) made a second coupon batch. With an Idempotency-Key header the retry is the same
action: it joins it or gets its answer; the same key with other arguments is refused; red packets
and lucky bags take it to the room as their action key (`api:<command>:<key>`)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from types import SimpleNamespace

import httpx
import pytest

from anchor_console.domain.clock import ManualClock
from anchor_console.domain.events import Event
from anchor_console.domain.text import Text
from anchor_console.room.journal import ActionJournal
from anchor_console.room.live_room import Binding, LiveRoom
from anchor_console.session.actions import Actions
from anchor_console.session.control_api import ControlApi, build_app
from anchor_console.session.control_commands import ControlCommands
from anchor_console.session.giveaways import GiveawayResult
from anchor_console.session.tasks import Tasks
from room.fake_platform import FakePlatform

COUPON = {"template_id": "2", "quantity": 7, "valid_minutes": 10}


def coupon_desk(tmp: Path):
    clock, fake = ManualClock(), FakePlatform()
    journal = ActionJournal(tmp / "journal.sqlite", clock, console_id="A")
    room = LiveRoom("room-1", [Binding(fake, "r1")], journal, actor="小王")
    tasks = Tasks()
    actions = Actions(tasks, lambda: room, confirm_money=lambda: False, notices=Event("n"), clock=clock)
    packets = []

    async def send_red_packet(spec, origin, action_key=None):
        packets.append(action_key)
        return GiveawayResult(True)
    session = SimpleNamespace(settings=SimpleNamespace(confirm_money_actions=False), tasks=tasks, room=room,
                              actions=actions, catalog=SimpleNamespace(templates={}), may=lambda kind: (True, None),
                              giveaways=SimpleNamespace(send_red_packet=send_red_packet))
    return ControlCommands(session, now=clock.monotonic), clock, fake, journal, packets


def batches(fake) -> int:
    return len([a for a in fake.applied if a[0] == "issue_coupon"])


@pytest.mark.asyncio
async def test_a_retry_under_the_same_key_is_the_same_coupon_batch():
    with tempfile.TemporaryDirectory() as tmp:
        api, clock, fake, journal, _ = coupon_desk(Path(tmp))
        first = await api.run("issue-coupon", dict(COUPON), idempotency_key="script-42")
        clock.advance(3)   # the script's answer was lost; it sends again, past the coalescing
        again = await api.run("issue-coupon", dict(COUPON), idempotency_key="script-42")
        assert first.status == again.status == "confirmed" and again.coalesced
        assert again.action_id == first.action_id and batches(fake) == 1
        other = await api.run("issue-coupon", {**COUPON, "quantity": 8}, idempotency_key="script-42")
        assert other.status == "invalid" and "Idempotency-Key" in other.reason.english() and batches(fake) == 1
        new = await api.run("issue-coupon", dict(COUPON), idempotency_key="script-43")   # a new key: a new batch
        assert new.status == "confirmed" and new.action_id != first.action_id and batches(fake) == 2
        journal.close()


@pytest.mark.asyncio
async def test_the_key_is_the_coupon_batch_s_after_a_restart_too():
    """The key goes to the journal as the action's key: a console started again (its memory of the
    keys gone) answers the retry with the batch it made, not a second one."""
    with tempfile.TemporaryDirectory() as tmp:
        api, clock, fake, journal, _ = coupon_desk(Path(tmp))
        first = await api.run("issue-coupon", dict(COUPON), idempotency_key="script-44")
        assert journal.keyed("api:issue-coupon:script-44") is not None
        restarted, *_ = coupon_desk(Path(tmp))   # the same journal file, a new console
        restarted.session.room.bindings[0] = Binding(fake, "r1")
        clock.advance(60)
        again = await restarted.run("issue-coupon", dict(COUPON), idempotency_key="script-44")
        assert again.status == "confirmed" and again.action_id == first.action_id and batches(fake) == 1
        journal.close()


@pytest.mark.asyncio
async def test_a_red_packet_takes_the_key_to_the_room_and_a_refusal_is_not_kept():
    with tempfile.TemporaryDirectory() as tmp:
        api, clock, fake, journal, packets = coupon_desk(Path(tmp))
        room = api.session.room
        api.session.room = None   # not connected: refused, nothing happened — the retry is judged afresh
        assert (await api.run("red-packet", {"total_fen": 100, "count": 2}, idempotency_key="k1")).status == "refused"
        api.session.room = room
        sent = await api.run("red-packet", {"total_fen": 100, "count": 2}, idempotency_key="k1")
        assert sent.status == "done" and packets == ["api:red-packet:k1"]
        await api.run("red-packet", {"total_fen": 100, "count": 3})
        assert packets == ["api:red-packet:k1", None]   # no key, no room key
        journal.close()


@pytest.mark.asyncio
@pytest.mark.parametrize("key, ok", [("a" * 100, True), ("a" * 101, False), ("", False), (" k", False),
                                     ("k\u00e9", False), ("order-7:retry.1_x", True)])
async def test_the_header_is_validated(key, ok):
    seen = []

    async def run(name, values, idempotency_key=None):
        seen.append(idempotency_key)
        from anchor_console.session.control_answers import Answer
        return Answer(name, "done")
    session = SimpleNamespace(tasks=Tasks(), translate=Text.english, may=lambda kind: (True, None),
                              tokens=SimpleNamespace(persistent=True, known=lambda key: "t"),
                              settings=SimpleNamespace(confirm_money_actions=False))
    api = ControlApi.__new__(ControlApi)
    api.session, api._token = session, None
    api.commands = ControlCommands(session)
    api.commands.run = run
    transport = httpx.ASGITransport(app=build_app(api))
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
        r = await client.post("/api/v1/commands/issue-coupon", json=COUPON,
                              headers={"Authorization": "Bearer t", "Idempotency-Key": key.encode("utf-8")})
    assert (r.status_code == 200) == ok, r.text
    assert seen == ([key] if ok else [])
    if not ok:
        assert r.json()["status"] == "invalid" and "Idempotency-Key" in r.json()["reason"]
