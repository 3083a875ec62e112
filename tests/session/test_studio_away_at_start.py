"""A console started while its Studio cannot be reached (the team's Studio restarting, the laptop
not yet on the Wi-Fi): once Studio answers, the room follows and so does the catalog — its products
and coupon templates, without which no coupon can be issued."""

from __future__ import annotations

import asyncio

import pytest

from anchor_console.platforms.base import StreamStatus
from support.studio import studio_settings
from support.waiting import until


@pytest.mark.asyncio
async def test_the_catalog_loads_once_a_studio_away_at_start_comes_back(session_factory, studio_factory):
    studio = studio_factory("--demo", "--audience", "0")
    token = studio.tokens["assistant"]
    studio.stop()
    session = await session_factory(studio_settings(studio), token=token, wait_loaded=False)
    await until(lambda: session.room is not None
                and session.room.state.stream_status is StreamStatus.RECONNECTING, 20)
    await asyncio.sleep(1)   # the first loads have failed by now
    assert not session.catalog.templates
    await asyncio.to_thread(studio.start)   # same port and database
    await until(lambda: session.room.state.loaded and session.room.state.stream_status is StreamStatus.LIVE, 30)
    await until(lambda: session.catalog.templates and session.catalog.products, 30,
                message="the catalog never loaded: no products to list, no coupon templates to issue")
