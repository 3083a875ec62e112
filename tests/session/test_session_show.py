"""The run of show in a session (no window): a live show resumes after a crash at the right
segment without firing a cue twice, and a broken show file is reported without changing
anything."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest

from anchor_console.show import save_show
from anchor_console.show.model import Cue, CueMode, IssueCoupon, Segment, Show, StageProduct, Trigger
from support.studio import studio_settings
from support.waiting import until


def coupons(studio):
    with httpx.Client(base_url=studio.url, headers=studio.headers("anchor")) as c:
        return c.get(f"/api/v1/rooms/{studio.room_id}/coupons").json()["items"]


@pytest.mark.asyncio
async def test_a_live_show_resumes_after_a_crash_without_firing_twice(session_factory, studio_factory, tmp_path):
    studio = studio_factory("--demo", "--audience", "0")
    show = Show("恢复测试", start=dt.time(0, 0), segments=(
        Segment("seg-a", "第一段", 3600, cues=(
            Cue("cue-coupon", IssueCoupon("2", 77, 10, "无门槛10元券"), Trigger.at_start(), CueMode.AUTO),)),
        Segment("seg-b", "第二段", 600, cues=(
            Cue("cue-stage", StageProduct("1002", "牛仔裤"), Trigger.at_start(), CueMode.AUTO),)),
    ))
    path = tmp_path / "live.show.toml"
    save_show(show, path)
    first = await session_factory(studio_settings(studio), token=studio.tokens["assistant"])
    assert first.show.load(path)
    first.show.start()
    await until(lambda: len(coupons(studio)) == 1, 10)
    first.show.next()
    await until(lambda: first.room.state.stage_product_id == "1002", 10)
    await first.shutdown()  # the console goes away mid-show

    notices = []
    second = await session_factory(studio_settings(studio), token=studio.tokens["assistant"], wait_loaded=False)
    second.notices.connect(notices.append)
    await until(lambda: second.show.running, 20, message="the running show was not resumed")
    assert second.show.engine.snapshot().current.segment_id == "seg-b"
    for _ in range(5):
        await second.show.engine.step()
    assert len(coupons(studio)) == 1  # the coupon cue was not fired again
    assert any("Resumed the running show" in n.text.english() for n in notices)
    second.show.end()


@pytest.mark.asyncio
async def test_a_broken_show_file_says_where_and_changes_nothing(session_factory, studio_factory, tmp_path):
    studio = studio_factory("--demo", "--audience", "0")
    session = await session_factory(studio_settings(studio), token=studio.tokens["assistant"])
    notices = []
    session.notices.connect(notices.append)
    bad = tmp_path / "bad.show.toml"
    bad.write_text('format = "anchor-console-show"\nversion = 1\ntitle = "x"\n[[segments]]\nid = "a"\n'
                   'title = "开场"\nduration = "ten minutes"\n', encoding="utf-8")
    before = bad.read_bytes()
    assert not session.show.load(bad)
    message = notices[0].text.english()
    assert "bad.show.toml" in message and "7" in message
    assert bad.read_bytes() == before and session.show.show is None
