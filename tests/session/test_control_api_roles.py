"""The control API applies the seat's crew role as the panels do (`session.may`): a moderator's
Stream Deck cannot issue coupons or arm and fire a sale its Promotions panel has switched off.
It answered 502 "failed" after journalling the attempt and asking the platform."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from anchor_console.domain.text import QT_TRANSLATE_NOOP
from anchor_console.session.control_commands import KINDS, MONEY, ControlCommands
from anchor_console.session.tasks import Tasks
from support.control_api import control_api_client
from support.studio import on_demo_studio
from support.waiting import until

NOT_YOURS = QT_TRANSLATE_NOOP("Crew", "The {role} role may not do this on this room; ask the anchor.").fill(
    role="moderator")


@pytest.mark.asyncio
async def test_a_role_that_may_not_is_refused_before_anything_happens():
    asked, started = [], []

    async def start_lucky_bag(setup, origin, action_key=None):
        started.append(setup)

    session = SimpleNamespace(settings=SimpleNamespace(confirm_money_actions=True), tasks=Tasks(), room=object(),
                              giveaways=SimpleNamespace(start_lucky_bag=start_lucky_bag),
                              may=lambda kind: asked.append(kind) or (False, NOT_YOURS))
    api = ControlCommands(session)
    answer = await api.run("lucky-bag/start", {"prize": "杯", "winners": 1, "rule": "follow"})
    assert answer.status == "refused" and answer.http_status == 403 and answer.reason == NOT_YOURS
    assert asked == ["start_lucky_bag"] and started == [] and api.confirmations.state() is None
    assert api.last is answer   # the key's colour follows
    assert MONEY <= set(KINDS) and {"stage", "flash-sale/arm", "lucky-bag/draw", "announce"} <= set(KINDS)


@pytest.mark.asyncio
async def test_a_moderators_keys_send_no_money(session_factory, studio_factory):
    studio, session = await on_demo_studio(session_factory, studio_factory, "moderator", control_api_enabled=True,
                                           control_api_port=0, confirm_money_actions=False)
    await until(lambda: session.crew.role == "moderator", 10, message="the seat's role was not known")
    assert session.may("issue_coupon")[0] is False and session.may("launch_flash_sale")[0] is False
    async with control_api_client(session) as deck:
        coupon = await deck.post("/api/v1/commands/issue-coupon", json={"template_id": "2", "quantity": 5})
        arm = await deck.post("/api/v1/commands/flash-sale/arm", json={
            "product_id": "1002", "sku_id": "10021", "sale_price_fen": 9900, "stock": 5})
        fire = await deck.post("/api/v1/commands/flash-sale/fire")
    for r in (coupon, arm, fire):
        assert r.status_code == 403 and r.json()["status"] == "refused", r.text
        assert "moderator role may not" in r.json()["reason"] and r.json()["reason_text"]["context"] == "Crew"
    assert session.flash_sale.armed is None
    assert [e.kind for e in session.journal.entries()] == []
