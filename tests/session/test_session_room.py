"""A running session (no window) and its room against real Studio processes: other consoles'
actions arrive at once, an action in flight is never sent twice, a failure says why and its
retry reuses the idempotency key, money actions wait for the confirmation policy, and the
bundled Studio is brought back when it dies."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from anchor_console.platforms.base import StreamStatus
from anchor_console.room.commands import IssueCoupon, PutOnStage
from anchor_console.room.journal import CONFIRMED, FAILED
from support.manual_sleep import ManualSleep
from support.studio import on_demo_studio, studio_settings
from support.waiting import until


async def http(studio, method, path, role="anchor", **kw):
    async with httpx.AsyncClient(base_url=studio.url, headers=studio.headers(role), timeout=10) as c:
        return await c.request(method, path, **kw)


@pytest.mark.asyncio
async def test_another_consoles_action_arrives_within_a_second(session_factory, studio_factory):
    studio, session = await on_demo_studio(session_factory, studio_factory, "assistant")
    started = asyncio.get_running_loop().time()
    assert (await http(studio, "PUT", f"/api/v1/rooms/{studio.room_id}/stage", json={"product_id": 1006})).status_code == 200
    await until(lambda: session.room.state.stage_product_id == "1006", 5)
    assert asyncio.get_running_loop().time() - started < 1.0


@pytest.mark.asyncio
async def test_one_gate_one_action_in_flight(session_factory, studio_factory):
    studio, session = await on_demo_studio(session_factory, studio_factory, "assistant", confirm_money_actions=False)
    actions = session.actions
    assert actions.run(IssueCoupon("2", 10, 30))
    assert not actions.run(IssueCoupon("2", 10, 30))          # a double click
    assert actions.is_pending(IssueCoupon.kind)
    await until(lambda: not actions.is_pending(IssueCoupon.kind))
    r = await http(studio, "GET", f"/api/v1/rooms/{studio.room_id}/coupons")
    assert len(r.json()["items"]) == 1
    assert [e.kind for e in session.journal.entries()].count("issue_coupon") == 1


@pytest.mark.asyncio
async def test_money_waits_for_the_confirmation_policy(session_factory, studio_factory):
    studio, session = await on_demo_studio(session_factory, studio_factory, "assistant")
    asked, answers = [], [False, True]

    async def confirm(command):
        asked.append(command)
        return answers.pop(0)

    session.actions.confirm = confirm
    finished = []
    session.actions.finished.connect(lambda command, outcome: finished.append(outcome))
    session.actions.run(IssueCoupon("2", 5, 30))
    await until(lambda: not session.actions.is_pending(IssueCoupon.kind))
    assert len(asked) == 1 and not finished                    # declined: nothing sent, nothing journalled
    assert not session.journal.entries()
    session.actions.run(PutOnStage("1002"))                  # not money: never asked
    session.actions.run(IssueCoupon("2", 5, 30))
    await until(lambda: len(finished) == 2)
    assert len(asked) == 2 and all(o.status == CONFIRMED for o in finished)


@pytest.mark.asyncio
async def test_a_failure_says_why_and_its_retry_reuses_the_key(session_factory, studio_factory):
    studio = studio_factory("--demo", "--audience", "0")
    room = (await http(studio, "POST", "/api/v1/rooms", json={"title": "还没开播"})).json()
    session = await session_factory(studio_settings(studio, room_id=room["id"], confirm_money_actions=False),
                                    token=studio.tokens["assistant"])
    finished = []
    session.actions.finished.connect(lambda command, outcome: finished.append(outcome))
    session.actions.run(IssueCoupon("2", 5, 30))
    await until(lambda: finished)
    (entry,) = session.journal.entries()
    assert entry.status == FAILED and entry.dispatches[0].reason.english() == "The room is not live yet."
    key = entry.dispatches[0].idempotency_key
    await http(studio, "POST", f"/api/v1/rooms/{room['id']}/start")
    assert session.actions.retry(entry.id)
    await until(lambda: session.journal.get(entry.id).status == CONFIRMED)
    after = session.journal.get(entry.id).dispatches[0]
    assert after.idempotency_key == key and after.attempts == 2
    r = await http(studio, "GET", f"/api/v1/rooms/{room['id']}/coupons")
    assert len(r.json()["items"]) == 1


@pytest.mark.asyncio
async def test_the_bundled_studio_is_brought_back(session_factory):
    sleep = ManualSleep()   # the session's waits, the one before a restart too, are on the test's time
    session = await session_factory(sleep=sleep)  # no configuration: the bundled demo Studio
    assert session.studio is not None and session.studio.running
    await until(lambda: session.room.state.stream_status is StreamStatus.LIVE)
    secret = session.studio_info.tokens["assistant"]   # this start's: in no repr (a log's, a debugger's)
    assert secret not in repr(session.studio_info) and secret not in repr(session.studio)
    port = session.studio_info.port
    session.studio.kill()
    await until(lambda: session.room.state.stream_status in (StreamStatus.RECONNECTING, StreamStatus.CONNECTING),
                10, message="the session never noticed")
    await until(lambda: sleep.asked_by("watch-bundled-studio"), 10, message="the exit was not noticed")
    assert sleep.asked_by("watch-bundled-studio") == [0.5] and not session.studio.running   # a moment first
    await sleep.advance(0.5)
    await until(lambda: session.studio.running, 40, message="not restarted")
    await sleep.advance_until(lambda: session.room.state.stream_status is StreamStatus.LIVE, 40,
                              message="did not recover")
    assert session.studio_info.port == port  # same address: nothing to reconfigure
    target = session.room.state.shelf[2].product_id
    assert (await session.room.perform(PutOnStage(target))).ok  # and it works again
    await until(lambda: session.room.state.stage_product_id == target, 10)


@pytest.mark.asyncio
async def test_staff_posts_are_checked_against_the_advertising_law(session_factory, studio_factory):
    """What the crew posts is held back when it has 极限词, with a notice naming them and a
    "Send anyway"; clean text goes out and is pinned. Viewers' comments are not checked."""
    studio, session = await on_demo_studio(session_factory, studio_factory, "assistant")
    notices = []
    session.notices.connect(notices.append)
    assert not session.actions.post_and_pin("这是全网最低价,最好的面料")
    notice = notices[-1]
    assert notice.key == "staff-words" and "全网最低价" in notice.text.english() and "最好" in notice.text.english()
    assert not [e for e in session.journal.entries() if e.kind == "post_comment"]
    # The crew's own words count as well, once saved.
    session.paths.show_words_file.write_text("秒杀价\n", encoding="utf-8")
    session.staff_words.reload()
    assert not session.actions.post_and_pin("今晚秒杀价见")

    notice.buttons[0][1]()   # Send anyway: the operator read it and decided
    await until(lambda: [e for e in session.journal.entries() if e.kind == "post_comment" and e.status == CONFIRMED])
    assert session.actions.post_and_pin("XL码有货,下单备注尺码")
    await until(lambda: len([e for e in session.journal.entries() if e.kind == "post_comment"
                             and e.status == CONFIRMED]) == 2)
    await until(lambda: len([e for e in session.journal.entries() if e.kind == "pin_comment"]) == 2)


@pytest.mark.asyncio
async def test_a_bundled_studio_that_does_not_start_says_why_in_the_interface_language(tmp_path):
    """The console's notice "内置 Studio 无法启动（{error}）" was filled with our own English sentence
    ("Studio exited before it was ready", "Studio did not start within 30 s")."""
    from anchor_console.session.bundled_studio import StudioProcess, StudioStartError
    from support.shipped_chinese import shipped_chinese

    studio = StudioProcess(db_path=tmp_path / "studio.sqlite", extra_args=("--no-such-option",))
    with pytest.raises(StudioStartError) as refused:
        await studio.start(timeout=30)
    chinese = shipped_chinese(refused.value.message)
    assert "Studio" in chinese and "exited" not in chinese and "ready" not in chinese, chinese


@pytest.mark.asyncio
async def test_an_action_on_a_product_gone_from_the_shelf_is_refused_in_the_consoles_words(session_factory,
                                                                                            studio_factory):
    """Another seat took the product off the shelf a moment ago: Studio's refusal used to be shown as
    its English message ("Product 1003 is not on this room's shelf.") on a Chinese console."""
    from support.shipped_chinese import ZH

    studio, session = await on_demo_studio(session_factory, studio_factory, "assistant")
    outcome = await session.room.perform(PutOnStage("999999"))
    [(_platform, why)] = outcome.reasons()
    assert outcome.status == FAILED and (why.context, why.template) in ZH, why
