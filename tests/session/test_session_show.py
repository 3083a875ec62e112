"""The run of show in a session (no window): a live show resumes after a crash at the right
segment without firing a cue twice, a broken show file is reported without changing anything,
edits that cannot apply while live are refused in words, and a dry run stays in its own room."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest

from anchor_console.show import save_show
from anchor_console.show.model import Cue, CueMode, IssueCoupon, Segment, Show, StageProduct, Trigger
from support.studio import on_demo_studio, studio_settings
from support.held_calls import recorded
from support.waiting import until


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
    await until(lambda: len(studio.coupons()) == 1, 10)
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
    assert len(studio.coupons()) == 1  # the coupon cue was not fired again
    assert any("Resumed the running show" in n.text.english() for n in notices)
    second.show.end()


@pytest.mark.asyncio
async def test_the_running_show_is_read_back_off_the_loops_thread_at_connect(session_factory, studio_factory,
                                                                              tmp_path, monkeypatch):
    """The session resumed it on the ui thread as the room connected: its show file, on a network
    disk perhaps, read and parsed there."""
    import threading

    import anchor_console.show.run_state as run_state_module

    studio = studio_factory("--demo", "--audience", "0")
    show = Show("恢复测试", start=dt.time(0, 0), segments=(Segment("seg-a", "第一段", 3600),))
    path = tmp_path / "live.show.toml"
    save_show(show, path)
    first = await session_factory(studio_settings(studio), token=studio.tokens["assistant"])
    assert first.show.load(path) and first.show.start()
    await first.shutdown()  # the console goes away mid-show
    threads = recorded(monkeypatch, run_state_module, "load_show").threads
    second = await session_factory(studio_settings(studio), token=studio.tokens["assistant"], wait_loaded=False)
    await until(lambda: second.show.running, 20, message="the running show was not resumed")
    assert second.show.show == show and second.show.show_path == path
    assert threads and threading.current_thread() not in threads
    second.show.end()


@pytest.mark.asyncio
async def test_a_broken_show_file_says_where_and_changes_nothing(session_factory, studio_factory, tmp_path):
    studio, session = await on_demo_studio(session_factory, studio_factory, "assistant")
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


@pytest.mark.asyncio
async def test_edits_that_cannot_apply_while_live_leave_the_running_show_alone(session_factory, studio_factory,
                                                                               tmp_path):
    """The editor's "Run in the console" with the segment on air deleted used to raise out of the
    slot (TimelineError); now it is said, and the running show goes on unchanged."""
    studio, session = await on_demo_studio(session_factory, studio_factory, "assistant")
    notices = []
    session.notices.connect(notices.append)
    show = Show("编辑测试", start=dt.time(0, 0), segments=(Segment("seg-a", "第一段", 600),
                                                          Segment("seg-b", "第二段", 600)))
    path = tmp_path / "s.show.toml"
    save_show(show, path)
    assert session.show.load(path) and session.show.start(rehearse=True)
    without_the_one_on_air = Show("编辑测试", start=dt.time(0, 0), segments=(Segment("seg-b", "第二段", 600),))
    assert not session.show.set_show(without_the_one_on_air, path)
    assert "segment on air" in notices[-1].text.english()
    assert session.show.show == show and session.show.running
    session.show.end()


@pytest.mark.asyncio
async def test_a_dry_run_happens_in_a_rehearsal_room_and_never_touches_the_live_room(session_factory,
                                                                                    studio_factory, tmp_path):
    studio = studio_factory("--demo", "--audience", "0")
    show = Show("彩排", start=dt.time(0, 0), segments=(
        Segment("seg-a", "第一段", 600, cues=(
            Cue("cue-stage", StageProduct("1003", "连衣裙"), Trigger.at_start(), CueMode.AUTO),
            Cue("cue-coupon", IssueCoupon("2", 50, 10, "无门槛10元券"), Trigger.at_start(), CueMode.AUTO),
            Cue("cue-unfinished", StageProduct("", ""), Trigger.at_start(), CueMode.AUTO))),
    ))
    path = tmp_path / "dry.show.toml"
    save_show(show, path)
    session = await session_factory(studio_settings(studio, confirm_money_actions=False),
                                    token=studio.tokens["assistant"])
    live_key, live_stage = session.room.room_key, session.room.state.stage_product_id
    assert session.show.load(path)
    assert not session.show.start(rehearse=True)          # unfinished cue: a rehearsal here refuses
    assert await session.rehearsal.enter(speed=10)         # a dry run leaves it out and goes on
    room = session.rehearsal.room
    assert session.room is room and room.room_key != live_key
    await until(lambda: room.state.loaded and room.state.stage_product_id == "1003", 15)
    assert [it.product_id for it in room.state.shelf][:1] == ["1003"]
    await until(lambda: any(e.kind == "issue_coupon" and e.status == "confirmed"
                            for e in session.journal.entries()), 10)
    assert studio.coupons() == []                            # the live room got no coupon…
    with httpx.Client(base_url=studio.url, headers=studio.headers("anchor")) as c:
        live_room = c.get(f"/api/v1/rooms/{studio.room_id}").json()
    assert str(live_room.get("stage_product_id") or "") == str(live_stage or "")   # …and no 讲解
    await session.rehearsal.leave()
    assert session.room.room_key == live_key and not session.rehearsal.active
    await until(lambda: session.room.state.loaded, 10)


def studio_clock_speed(studio) -> float:
    with httpx.Client(base_url=studio.url) as c:
        return c.get("/api/v1/health").json()["clock_speed"]


@pytest.mark.asyncio
@pytest.mark.parametrize("dry_run", [False, True], ids=["rehearse-here", "dry-run"])
async def test_closing_mid_rehearsal_puts_the_studio_clock_back(session_factory, studio_factory, tmp_path, dry_run):
    """Studio's clock is the whole server's: a console closed while rehearsing at 10× must not leave
    every room's countdowns, coupon validity and mutes running ten times too fast."""
    studio = studio_factory("--demo", "--audience", "0")
    show = Show("彩排", start=dt.time(0, 0), segments=(Segment("seg-a", "第一段", 600),))
    path = tmp_path / "rehearsal.show.toml"
    save_show(show, path)
    session = await session_factory(studio_settings(studio), token=studio.tokens["assistant"])
    assert session.show.load(path)
    if dry_run:
        assert await session.rehearsal.enter(speed=10)
    else:
        assert session.show.start(rehearse=True, speed=10)
    await until(lambda: studio_clock_speed(studio) == 10, 10, message="the rehearsal did not speed Studio's clock")
    rehearsal_room = session.rehearsal.room.primary.room_id if dry_run else None
    await session.shutdown()   # the console closes mid-rehearsal
    assert studio_clock_speed(studio) == 1
    if dry_run:   # and the dry run's room is over, not left live on the team's Studio
        with httpx.Client(base_url=studio.url, headers=studio.headers("anchor")) as c:
            assert c.get(f"/api/v1/rooms/{rehearsal_room}").json()["status"] == "ended"


@pytest.mark.asyncio
async def test_no_dry_run_while_a_lucky_bag_is_open_in_the_live_room(session_factory, studio_factory, tmp_path):
    """The bag's draw is this console's (its seed is here): followed away to a rehearsal room, the
    live bag would close with nobody drawing it."""
    from anchor_console.domain.giveaways import EntryRule, LuckyBagSetup
    studio = studio_factory("--demo", "--audience", "0")
    path = tmp_path / "dry.show.toml"
    save_show(Show("彩排", start=dt.time(0, 0), segments=(Segment("seg-a", "第一段", 600),)), path)
    session = await session_factory(studio_settings(studio, confirm_money_actions=False),
                                    token=studio.tokens["assistant"])
    said = []
    session.notices.connect(said.append)
    assert session.show.load(path)
    bag = await session.giveaways.start_lucky_bag(LuckyBagSetup(prize="口红", winners=1, rule=EntryRule.KEYWORD,
                                                                keyword="福袋", countdown_s=600))
    assert bag.ok
    assert not await session.rehearsal.enter(speed=10)
    assert not session.rehearsal.active and "lucky bag is open" in said[-1].text.english()
    await session.giveaways.draw(bag.bag.local_id)
    assert await session.rehearsal.enter(speed=10)
    await session.rehearsal.leave()
