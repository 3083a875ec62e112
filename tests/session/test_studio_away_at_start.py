"""A console started while its Studio cannot be reached (the team's Studio restarting, the laptop
not yet on the Wi-Fi): once Studio answers, the room follows and so does the catalog — its products
and coupon templates, without which no coupon can be issued. The console asks again ever later
(2, 4, 8, then every 15 s); the session's waits are on the test's time, so none of it is waited."""

from __future__ import annotations

import asyncio

import pytest

from anchor_console.domain.models import CouponKind, CouponTemplate, Product
from anchor_console.platforms import errors as pe
from anchor_console.platforms.base import StreamStatus
from anchor_console.room.live_room import Binding, LiveRoom
from anchor_console.session.console import ConsoleSession
from anchor_console.session.paths import Paths
from anchor_console.session.settings import Settings
from room.fake_platform import FakePlatform
from support.manual_sleep import ManualSleep
from support.studio import studio_settings


class StudioAwayAtFirst(FakePlatform):
    """A Studio whose catalog cannot be read the first `away` times, then can."""

    def __init__(self, away: int) -> None:
        super().__init__("studio", "Studio")
        self.away, self.reads = away, 0

    async def products_to_match(self):
        self.reads += 1
        if self.reads <= self.away:
            raise pe.Unavailable("connection refused")
        return [Product("p1", "羊毛围巾")]

    async def list_coupon_templates(self):
        return [CouponTemplate("t1", "满100减10", CouponKind.THRESHOLD, amount_fen=1000, threshold_fen=10000)]


@pytest.mark.asyncio
async def test_the_catalog_is_asked_for_ever_later_until_studio_answers(private_home):
    sleep = ManualSleep()
    session = ConsoleSession(Settings(), Paths.for_user({"ANCHOR_CONSOLE_HOME": str(private_home)}), sleep=sleep)
    studio = StudioAwayAtFirst(away=6)
    try:
        session.switch_room(LiveRoom("studio:1", [Binding(studio, "1")], session.journal, actor="场控", sleep=sleep))
        while not session.catalog.products and sleep.now < 120:
            await sleep.advance(1)
        assert sleep.asked_by("catalog") == [2, 4, 8, 15, 15, 15]   # twice as long each time, at most 15 s
        assert studio.reads == 7 and sleep.now == 2 + 4 + 8 + 15 + 15 + 15   # read again the moment each wait ended
        assert set(session.catalog.products) == {"p1"} and set(session.catalog.templates) == {"t1"}
    finally:
        await session.shutdown()


@pytest.mark.asyncio
async def test_the_catalog_loads_once_a_studio_away_at_start_comes_back(session_factory, studio_factory):
    studio = studio_factory("--demo", "--audience", "0")
    token = studio.tokens["assistant"]
    studio.stop()
    sleep = ManualSleep()
    session = await session_factory(studio_settings(studio), token=token, wait_loaded=False, sleep=sleep)
    # The adapter's own retries wait on the session's time too (jittered fractions of a second, in the
    # same task): a tenth of a second at a time until the room reconnects and the catalog's first read
    # has failed, and it waits its whole 2 s.
    def back_offs() -> list[float]:
        return [s for s in sleep.asked_by("catalog") if float(s).is_integer()]

    await sleep.advance_until(lambda: session.room is not None and back_offs()
                              and session.room.state.stream_status is StreamStatus.RECONNECTING, 20, step=0.1,
                              message="the first catalog read did not fail, or the room did not reconnect")
    assert not session.catalog.templates and back_offs() == [2]
    await asyncio.to_thread(studio.start)   # same port and database
    await sleep.advance_until(lambda: session.room.state.loaded and session.catalog.templates
                              and session.catalog.products
                              and session.room.state.stream_status is StreamStatus.LIVE, 30, step=0.5,
                              message="the catalog never loaded: no products to list, no coupon templates to issue")
    assert back_offs() == [2]   # read again as soon as its wait ended, and loaded
