"""While the console asks before money actions, a money command through the control API is sent
only on a second press: the first is answered 428 with a one-time confirm_id and the state says it
awaits (a Companion key turns amber); the same command again 0.4–5 s later, or its confirm_id,
sends it. "confirm": true in the request skips nothing (the shipped COUPON key carried it, so one
bump of the key paid out)."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

import pytest

from anchor_console.session.control_state import state_of
from test_lucky_bag_money import api_on as lucky_bags_api

BAG = {"prize": "保温杯", "winners": 1, "rule": "keyword", "keyword": "666"}


def api_on(confirm_money: bool = True):
    return lucky_bags_api(confirm_money)   # a lucky bag: the money command the API's own desk starts


@pytest.mark.asyncio
async def test_confirm_true_skips_nothing_and_a_second_press_sends():
    api, started, now = api_on()
    first = await api.run("lucky-bag/start", {**BAG, "confirm": True})
    assert first.status == "awaiting_confirm" and first.http_status == 428 and started == []
    assert first.result["confirm_id"] and "Press the same key again" in first.reason.english()
    assert api.confirmations.state() == {"command": "lucky-bag/start", "until": pytest.approx(
        api.confirmations.awaiting.until)}
    assert api.last is first   # the stream's last_action says it awaits too
    now[0] += 0.1    # a bounce or a held key: still the first press
    bounce = await api.run("lucky-bag/start", dict(BAG))
    assert bounce.status == "awaiting_confirm" and bounce.coalesced and started == []
    now[0] += 1.0    # pressed again, deliberately
    second = await api.run("lucky-bag/start", dict(BAG))
    assert second.status == "done" and len(started) == 1
    assert api.confirmations.state() is None


@pytest.mark.asyncio
async def test_a_script_confirms_with_the_confirm_id_and_only_once():
    api, started, now = api_on()
    first = await api.run("lucky-bag/start", dict(BAG))
    confirm_id = first.result["confirm_id"]
    assert (await api.run("lucky-bag/start", {"confirm_id": "guess"})).status == "refused" and started == []
    sent = await api.run("lucky-bag/start", {"confirm_id": confirm_id})   # at once: a script needs no pause
    assert sent.status == "done" and len(started) == 1 and started[0].prize == "保温杯"
    now[0] += 10     # long after: a confirm_id is good for one action
    again = await api.run("lucky-bag/start", {"confirm_id": confirm_id})
    assert again.status == "refused" and again.http_status == 409 and len(started) == 1


@pytest.mark.asyncio
async def test_an_unconfirmed_press_runs_out_and_another_press_replaces_it():
    api, started, now = api_on()
    await api.run("lucky-bag/start", dict(BAG))
    now[0] += 6      # past the window: this press is a first press again
    assert (await api.run("lucky-bag/start", dict(BAG))).status == "awaiting_confirm" and started == []
    now[0] += 1
    other = {**BAG, "prize": "耳机"}   # another bag pressed meanwhile: it waits instead, the first is gone
    assert (await api.run("lucky-bag/start", other)).status == "awaiting_confirm"
    now[0] += 1
    assert (await api.run("lucky-bag/start", dict(BAG))).status == "awaiting_confirm" and started == []


@pytest.mark.asyncio
async def test_the_state_says_when_the_wait_ran_out(monkeypatch):
    from anchor_console.session import control_confirm
    monkeypatch.setattr(control_confirm, "WINDOW_S", 0.05)
    api, started, now = api_on()
    await api.run("lucky-bag/start", dict(BAG))
    await asyncio.sleep(0.2)
    assert api.last.status == "refused" and "not confirmed" in api.last.reason.english() and started == []


@pytest.mark.asyncio
async def test_a_press_that_could_not_be_sent_is_refused_before_it_awaits_a_second():
    api, started, _ = api_on()
    api.session.flash_sale = SimpleNamespace(armed=None)
    fire = await api.run("flash-sale/fire", {})
    assert fire.status == "refused" and "No flash sale is armed" in fire.reason.english()
    bad = await api.run("lucky-bag/start", {"prize": "杯", "winners": 0})
    assert bad.status == "invalid" and api.confirmations.state() is None


@pytest.mark.asyncio
async def test_without_the_policy_one_press_sends():
    api, started, _ = api_on(confirm_money=False)
    assert (await api.run("lucky-bag/start", dict(BAG))).status == "done" and len(started) == 1


def test_the_state_document_carries_what_awaits():
    session = SimpleNamespace(room=None, settings=SimpleNamespace(confirm_money_actions=True),
                              show=SimpleNamespace(engine=None), flash_sale=SimpleNamespace(armed=None),
                              giveaways=SimpleNamespace(open_bags=lambda: []))
    awaiting = {"command": "issue-coupon", "until": 1.0}
    assert state_of(session, None, awaiting)["awaiting_confirm"] == awaiting
    assert state_of(session, None)["awaiting_confirm"] is None
