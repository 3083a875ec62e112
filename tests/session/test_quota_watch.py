"""The platforms' daily allowances as the operator hears of them: a warning when an API passes 80 %
of its allowance, an error when it is used up (or WeChat refused it for the day), each once per API
and day, against the mini-program live adapter's own counts (WeChat's documented answers through
httpx.MockTransport; time is a ManualClock)."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from anchor_console.domain.clock import ManualClock
from anchor_console.domain.notice import Level
from anchor_console.platforms import errors as pe
from anchor_console.platforms.wechat_quota import QuotaBook
from anchor_console.room.journal import ActionJournal
from anchor_console.room.live_room import Binding, LiveRoom
from anchor_console.session.platform_kinds import BuildContext, build_platform
from anchor_console.session.quota_watch import QuotaWatch
from support.wechat import SECRET, error, live_connection, wechat

LIVEINFO = "/wxa/business/getliveinfo"


@pytest.mark.asyncio
async def test_an_api_near_its_limit_warns_once_and_a_used_up_one_is_an_error(tmp_path):
    clock = ManualClock()
    fake, _shop = wechat(clock)
    notices, resolved = [], []
    watch = QuotaWatch(clock, notices.append, resolved.append)
    changes = []
    watch.changed.connect(lambda: changes.append(1))
    async with httpx.AsyncClient(transport=httpx.MockTransport(fake)) as http:
        ctx = BuildContext(http, clock, quota_books={"mp": QuotaBook(clock, limits={LIVEINFO: 10})})
        platform = build_platform(live_connection(), SECRET, ctx)
        room = LiveRoom("mp:1", [Binding(platform, "1")], ActionJournal(tmp_path / "j.sqlite", clock, console_id="c"),
                        actor="场控")
        for _ in range(7):
            await platform.list_rooms()
        (report,) = watch.check(room)
        assert report.platform == "小程序直播" and report.worst == 0.7 and notices == [] and changes == [1]
        await platform.list_rooms()
        watch.check(room)
        watch.check(room)
        (warning,) = notices
        assert warning.level is Level.WARNING and warning.key == f"quota:mp:{LIVEINFO}"
        assert "小程序直播 has used 8 of today's 10 calls to /wxa/business/getliveinfo (80 %)" in warning.text.english()

        fake.on(LIVEINFO, error("45009"))      # another system on the AppID drew on the same counter
        with pytest.raises(pe.QuotaExhausted):
            await platform.list_rooms()
        watch.check(room)
        assert [n.level for n in notices] == [Level.WARNING, Level.ERROR]
        assert notices[-1].key == warning.key and "is used up" in notices[-1].text.english()
        watch.check(room)
        assert len(notices) == 2 and changes == [1, 1, 1]

        clock.advance(86400)                     # a new day in Beijing: the counts start again
        (report,) = watch.check(room)
        assert report.worst is None or report.worst < 0.8
        assert len(notices) == 2 and resolved == [f"quota:mp:{LIVEINFO}"]   # yesterday's notice is taken down


def test_a_room_without_allowances_reports_nothing():
    watch = QuotaWatch(ManualClock(), lambda n: None)
    assert watch.check(None) == []


def test_youtube_units_warn_with_their_own_words_reset_and_pace(tmp_path):
    """YouTube counts quota units that reset at midnight Pacific: the warning says units and when the
    day resets (this computer's time), and the header's tooltip when they run out at this pace."""
    from anchor_console.domain.models import QuotaUse
    from anchor_console.session.quota_watch import ConnectionQuota

    clock = ManualClock()
    notices = []
    watch = QuotaWatch(clock, notices.append)
    reset, runs_out = clock.now() + 5 * 3600, clock.now() + 2 * 3600
    use = QuotaUse(api="youtube.quota", used_today=8_200, daily_limit=10_000, units=True, resets_at=reset,
                   runs_out_at=runs_out)
    watch._maybe_say(ConnectionQuota("yt", "YouTube", (use,)), use, use.day_ends_at(clock.now()))
    (warning,) = notices
    text = warning.text.english()
    assert "8200 of today's 10000 quota units (82 %)" in text and "calls" not in text
    from anchor_console.session.quota_watch import local_time
    assert local_time(reset) in text and "Beijing" not in text


def test_an_allowance_keeps_its_own_day_youtubes_ends_at_its_reset_not_at_beijing_midnight():
    """YouTube's units reset at midnight, Pacific time (15:00 or 16:00 in Beijing). The watch used to
    count every allowance's day in Beijing time: "used up" came down at Beijing midnight and was
    said again at once, and YouTube's new day said nothing until the next Beijing midnight."""
    from types import SimpleNamespace

    from anchor_console.domain.clock import BEIJING_OFFSET_S, next_beijing_midnight
    from anchor_console.domain.models import QuotaUse

    clock = ManualClock(start=next_beijing_midnight(1_800_000_000) - 3600)   # 23:00 in Beijing
    pacific_midnight = clock.now() + 16 * 3600                                # 15:00 the next day there
    uses = [QuotaUse(api="youtube.quota", used_today=10_000, daily_limit=10_000, units=True,
                     resets_at=pacific_midnight)]
    platform = SimpleNamespace(display_name="YouTube", quota_usage=lambda: tuple(uses))
    room = SimpleNamespace(bindings=[SimpleNamespace(connection_id="yt", platform=platform)])
    notices, resolved = [], []
    watch = QuotaWatch(clock, notices.append, resolved.append)
    watch.check(room)
    assert [n.level for n in notices] == [Level.ERROR]
    clock.advance(2 * 3600)                                   # 01:00 in Beijing: YouTube's day goes on
    assert (clock.now() + BEIJING_OFFSET_S) % 86400 < 2 * 3600
    watch.check(room)
    assert len(notices) == 1 and resolved == []
    clock.advance(14 * 3600 + 60)                             # past YouTube's reset: a new day, nothing used yet
    uses[0] = QuotaUse(api="youtube.quota", used_today=0, daily_limit=10_000, units=True,
                       resets_at=pacific_midnight + 86400)
    watch.check(room)
    assert resolved == ["quota:yt:youtube.quota"] and len(notices) == 1
    uses[0] = QuotaUse(api="youtube.quota", used_today=8_500, daily_limit=10_000, units=True,
                       resets_at=pacific_midnight + 86400)
    watch.check(room)                                         # the same YouTube day, the same Beijing day
    assert [n.level for n in notices] == [Level.ERROR, Level.WARNING]


@pytest.mark.asyncio
async def test_the_watch_looks_every_15_seconds_on_the_sessions_time():
    """The watch waits between looks through the sleep it is given: a test's time, not the wall's."""
    from types import SimpleNamespace

    from anchor_console.domain.models import QuotaUse
    from support.manual_sleep import ManualSleep

    sleep, notices = ManualSleep(), []
    watch = QuotaWatch(ManualClock(), notices.append, sleep=sleep)
    used_up_today = QuotaUse(api=LIVEINFO, used_today=10, daily_limit=10)
    platform = SimpleNamespace(display_name="小程序直播", quota_usage=lambda: (used_up_today,))
    room = SimpleNamespace(bindings=[SimpleNamespace(connection_id="mp", platform=platform)])
    follow = asyncio.create_task(watch.follow(lambda: room), name="quota-watch")
    await sleep.advance(14)
    assert notices == []
    await sleep.advance(1)
    assert [n.level for n in notices] == [Level.ERROR]
    follow.cancel()
    with pytest.raises(asyncio.CancelledError):
        await follow
    assert sleep.asked_by("quota-watch") == [15.0, 15.0]
