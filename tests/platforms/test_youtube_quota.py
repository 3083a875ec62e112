"""YouTube's daily units against Studio's emulator on a clock the test moves (nothing sleeps): a
4-hour show at the demo's comment rate never meets quotaExceeded; near the end of the units the
adapter reads the chat more slowly and says so on the stream's status line, deletes become
hiding here only, and when the emulator refuses for the day the adapter stops sending until the
reset (midnight Pacific)."""

from __future__ import annotations

import asyncio
import contextlib

import httpx
import pytest
from support.world_fixture import world_fixture
from support.youtube_world import World

from anchor_console.domain.clock import ManualClock
from anchor_console.platforms import errors as pe
from anchor_console.platforms.base import StreamStatus
from anchor_console.platforms.youtube_auth import YouTubeCredentials
from anchor_console.platforms.youtube_live import YouTubeLivePlatform
from anchor_console.platforms.youtube_quota import LOCAL_ONLY, NORMAL, PAUSED, QUOTA_API, QuotaBudget

DEMO_RATE = 20          # comments a second: Studio's demo audience (server.py: 20.0 unless --audience)
SHOW_S = 4 * 3600     # the show: four hours


world = world_fixture(World)


def test_the_day_is_pacific_and_spend_is_counted_in_documented_units():
    clock = ManualClock(1_780_000_000.0)          # 2026-05-28 13:26:40 PDT
    budget = QuotaBudget(clock)
    budget.spend("liveChatMessages.list")
    budget.spend("liveChatMessages.insert")
    budget.spend("videos.list")
    (use,) = budget.usage()
    assert (use.api, use.used_today, use.daily_limit) == (QUOTA_API, 26, 10_000)
    assert budget.next_reset() == 1_780_038_000.0    # 2026-05-29 00:00 PDT = 07:00 UTC
    clock.advance(budget.seconds_to_reset() + 1)
    assert budget.usage()[0].used_today == 0


def test_polling_stretches_as_units_run_low_and_pauses_at_the_floor():
    clock = ManualClock(1_780_000_000.0)
    budget = QuotaBudget(clock)
    fresh = budget.poll_interval(2.0)
    budget.set_remaining(3000)
    assert budget.mode() == NORMAL and budget.poll_interval(2.0) > fresh * 3
    budget.set_remaining(1200)
    assert budget.mode() == LOCAL_ONLY
    budget.set_remaining(400)
    assert budget.mode() == PAUSED and budget.poll_interval(2.0) == budget.seconds_to_reset()


def test_projected_exhaustion_follows_the_pace():
    clock = ManualClock(1_780_000_000.0)
    budget = QuotaBudget(clock)
    assert budget.projected_exhaustion() is None
    for _ in range(120):                       # 100 units a minute: 10,000 - 600 left ÷ 100/min ≈ 94 min
        budget.spend("liveChatMessages.list")
        clock.advance(3)
    at = budget.projected_exhaustion()
    assert at is not None and 80 * 60 < at - clock.now() < 110 * 60


@pytest.mark.slow(40)
@pytest.mark.watchdog(call=400)
@pytest.mark.asyncio
async def test_a_four_hour_show_at_the_demo_rate_never_meets_quota_exceeded(world):
    credentials = await world.signed_in()
    (viewer,) = world.studio.accounts.create_viewers(["观众"])
    posted = 0

    async def audience_meanwhile(seconds: float) -> None:
        """The adapter's wait: time passes, and the audience comments at the demo's rate meanwhile."""
        nonlocal posted
        n = int(seconds * DEMO_RATE)
        for start in range(0, n, 2000):
            world.studio.comments.add_batch(world.room_id, [(viewer, "观众", f"第{posted + i}条")
                                                            for i in range(start, min(n, start + 2000))])
        posted += n
        await world.sleep(seconds)

    yt = world.adapter(credentials, sleep=audience_meanwhile)
    statuses: list[tuple[StreamStatus, str]] = []
    seen = 0
    end = world.clock.now() + SHOW_S
    async with contextlib.aclosing(yt.events(world.video, on_status=lambda s, d: statuses.append((s, d)))) as events:
        async for event in events:
            assert event.type == "comment.created"
            seen += 1
            if world.clock.now() >= end:
                break
    assert seen >= posted - 2000 > SHOW_S * DEMO_RATE * 0.9        # every comment read, none twice
    assert yt.budget.refused == 0 and yt.budget.used <= yt.budget.daily_limit
    assert world.youtube.quota.used(world.client["client_id"], world.clock.now()) < 10_000
    assert not any(s is StreamStatus.RECONNECTING for s, _ in statuses)
    assert any("reading the chat every" in d for _, d in statuses)   # it said it slowed down


@pytest.mark.asyncio
async def test_near_exhaustion_polling_slows_and_deletes_hide_here_only(world):
    yt = world.adapter(await world.signed_in())
    statuses: list[str] = []
    cid, _ = world.viewer_comment("加v123456")
    async with contextlib.aclosing(yt.events(world.video, on_status=lambda s, d: statuses.append(d))) as events:
        await events.__anext__()
        yt.budget.set_remaining(1200)          # what the day's spend left
        world.viewer_comment("还有吗")
        await events.__anext__()
    assert "deleted messages are now hidden here only" in statuses[-1]
    hidden = await yt.delete_comment(world.video, f"LCC.sc{cid}", key="k")
    assert hidden.hidden and not hidden.deleted
    assert not world.studio.comments._row(world.room_id, cid)["deleted"]   # nothing was sent to YouTube


@pytest.mark.asyncio
async def test_the_emulator_refusing_for_the_day_stops_everything_until_midnight_pacific(world):
    yt = world.adapter(await world.signed_in())
    await yt.snapshot(world.video)
    world.youtube.quota.set_remaining(world.client["client_id"], 3, world.clock.now())
    with pytest.raises(pe.QuotaExhausted) as info:
        await yt.post_comment(world.video, "今晚福利", key="k1")
    assert info.value.code == "quotaExceeded" and "Pacific" in info.value.message.english()
    assert info.value.resets_at == yt.budget.next_reset()
    assert yt.quota_usage()[0].exhausted_until == yt.budget.next_reset()
    sent = world.youtube.quota.used(world.client["client_id"], world.clock.now())
    with pytest.raises(pe.QuotaExhausted):       # refused here: nothing more reaches YouTube today
        await yt.list_rooms()
    assert world.youtube.quota.used(world.client["client_id"], world.clock.now()) == sent
    world.clock.advance(yt.budget.seconds_to_reset() + 1)
    assert await yt.list_rooms()

VIDEO, CHAT = "abcdefghijk", "Cg0KC2FiY2RlZmdoaWpr"


def on_a_live_video(chat):
    """Google's answers for a signed-in channel with a live video whose chat answers `chat`."""
    def answer(request):
        if request.url.path == "/token":
            return httpx.Response(200, json={"access_token": "ya29.x", "expires_in": 3599})
        if request.url.path.endswith("/videos"):
            return httpx.Response(200, json={"items": [{"id": VIDEO, "liveStreamingDetails": {"activeLiveChatId": CHAT}}]})
        return chat(request)
    return answer


def test_each_attempt_sent_is_counted_as_google_bills_it_a_retried_one_too():
    """"All API requests, including invalid requests, incur a quota cost" (determine_quota_cost): a
    list retried after two 503s is billed three times; the local count said once."""
    sent = []

    @on_a_live_video
    def answer(request):
        p = request.url.path
        sent.append(p)
        if len(sent) < 3:
            return httpx.Response(503, json={"error": {"code": 503, "message": "backend",
                                                       "errors": [{"reason": "backendError"}]}})
        return httpx.Response(200, json={"items": [], "pollingIntervalMillis": 5000, "nextPageToken": "a"})

    async def main():
        async def no_wait(_):
            return None
        async with httpx.AsyncClient(transport=httpx.MockTransport(answer)) as client:
            yt = YouTubeLivePlatform("c", YouTubeCredentials("id", "s", "1//r"), client, base_url="https://yt.test",
                                     clock=ManualClock(), sleep=no_wait)
            await yt.comment_history(VIDEO)
            return yt.budget.by_method.get("liveChatMessages.list", 0)
    counted = asyncio.run(main())
    assert counted == 5 * len(sent), f"{len(sent)} list requests sent (Google bills {5 * len(sent)}), counted {counted}"


def test_a_full_page_still_waits_the_polling_interval_youtube_asks_for():
    """"pollingIntervalMillis indicates how long your API client should wait before requesting
    additional results" (liveChatMessages/list): a full page of 2,000 was polled again at once."""
    waits = []
    n = [0]

    @on_a_live_video
    def answer(request):
        n[0] += 1
        items = [{"id": f"m{n[0]}-{i}", "snippet": {"type": "textMessageEvent", "displayMessage": "hi"},
                  "authorDetails": {"channelId": "UCx", "displayName": "x"}} for i in range(2000)]
        return httpx.Response(200, json={"items": items, "pollingIntervalMillis": 3000, "nextPageToken": f"t{n[0]}"})

    async def main():
        async def sleep(s):
            waits.append(s)
        async with httpx.AsyncClient(transport=httpx.MockTransport(answer)) as client:
            yt = YouTubeLivePlatform("c", YouTubeCredentials("id", "s", "1//r"), client, base_url="https://yt.test",
                                     clock=ManualClock(), sleep=sleep)
            stream = yt.events(VIDEO)
            got = 0
            async for _ in stream:
                got += 1
                if got >= 4001:
                    break
            await stream.aclose()
    asyncio.run(main())
    assert n[0] >= 3
    long_waits = [w for w in waits if w >= 3.0]
    assert len(long_waits) >= n[0] - 1, f"{n[0]} polls with only {len(long_waits)} waits of pollingIntervalMillis between them"
