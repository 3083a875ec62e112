"""A rehearsal against Studio's WeChat emulator: both WeChat connections with their API base URL set
to a real Studio process (the emulator serves api.weixin.qq.com's paths), checked with Test
connection and then bound into one room by the session, as the operator would before a real show."""

from __future__ import annotations

import httpx
import pytest

from anchor_console.domain.capabilities import Capability
from anchor_console.domain.clock import SystemClock
from anchor_console.session.connection_check import check_connection
from anchor_console.session.platform_kinds import BuildContext, credential_key
from support.waiting import until
from support.wechat import emulated_connections, wechat_settings


@pytest.mark.asyncio
async def test_a_rehearsal_points_both_wechat_connections_at_studios_emulator(studio_factory, private_home):
    from anchor_console.session.console import ConsoleSession
    from anchor_console.session.paths import Paths

    studio = studio_factory("--demo", "--audience", "0")
    live, shop, secrets = emulated_connections(studio)

    async with httpx.AsyncClient(timeout=10) as http:
        ctx = BuildContext(http, SystemClock())
        report = await check_connection(live, secrets[live.id], ctx)
        assert report.ok, report.summary().english()
        assert live.room_id in [r.id for r in report.rooms] and report.allowed(Capability.STAGE)
        report = await check_connection(shop, secrets[shop.id], ctx)
        assert report.ok and report.allowed(Capability.COUPONS), report.summary().english()
        wrong = await check_connection(live, "not-the-secret", ctx)
        assert not wrong.ok and "AppID or AppSecret" in wrong.summary().english()

    session = ConsoleSession(wechat_settings(live, shop), Paths.for_user({"ANCHOR_CONSOLE_HOME": str(private_home)}))
    for conn in (live, shop):
        session.tokens.set(credential_key(conn), secrets[conn.id])
    await session.start()
    try:
        await until(lambda: session.room is not None and all(s.loaded for s in session.room.states.values()), 30,
                    message="the rehearsal room did not load")
        assert [b.connection_id for b in session.room.bindings] == ["mp", "shop"]
        assert session.room.state.shelf, "the emulated mini-program room lists the Studio room's products"
        assert session.room.supports(Capability.COUPONS) and session.room.supports(Capability.STAGE)
    finally:
        await session.shutdown()
