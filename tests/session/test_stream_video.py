"""The console hears the room's video from Studio on Tencent Cloud Live (no window): a push
callback reads "stream is live"; a stop callback that DescribeLiveStreamState confirms reads
"stream dropped — since …" and tells the assistant with a notice, withdrawn when the anchor is
back; a forbidden stream is an error notice; the end of the show withdraws them."""

from __future__ import annotations

import pytest
import pytest_asyncio

from anchor_console.domain.clock import ManualClock
from anchor_console.domain.events import Event
from anchor_console.domain.models import RoomEvent, VideoState
from anchor_console.domain.notice import Level
from anchor_console.platforms.studio import StudioPlatform
from anchor_console.platforms.transport import Endpoint
from anchor_console.room.journal import ActionJournal
from anchor_console.room.live_room import Binding, LiveRoom
from anchor_console.session.stream_video import NOTICE_KEY, StreamVideo, clock_time
from support.tencent_live_world import BASE, TencentLiveWorld


class ConsoleSide:
    """The room as a console follows it, fed by what Studio commits (as its event stream would)."""

    def __init__(self, world: TencentLiveWorld, tmp_path) -> None:
        self.world = world
        tmp_path.mkdir(parents=True, exist_ok=True)
        tokens = world.studio.accounts.ensure_default_staff()
        self.platform = StudioPlatform("studio", Endpoint(BASE, tokens["assistant"]), world.http)
        self.journal = ActionJournal(tmp_path / "journal.sqlite", ManualClock(), console_id="test")
        self.room = LiveRoom(f"studio:{world.room_id}", [Binding(self.platform, str(world.room_id))], self.journal,
                             actor="场控")
        self.notices, self.resolved, self.lines = [], [], []
        notices, resolved = Event(), Event()
        notices.connect(self.notices.append)
        resolved.connect(self.resolved.append)
        self.video = StreamVideo(notices, resolved)
        self.video.changed.connect(self.lines.append)
        world.studio.store.listeners.append(self._deliver)

    def _deliver(self, room_id: int, event_type: str, data: dict) -> None:
        if room_id != self.world.room_id:
            return
        event = RoomEvent(0, event_type, str(room_id), self.world.time(), self.platform._domain_data(event_type, data))
        aspect = self.room.state.apply(event)
        if aspect is not None:
            self.room._notify("studio", aspect, event)

    def said(self) -> str | None:
        line = self.video.line()
        return line.text.english() if line is not None else None


@pytest_asyncio.fixture
async def side(tmp_path):
    world = TencentLiveWorld(tmp_path)
    side = ConsoleSide(world, tmp_path)
    await side.room.reload("studio")
    side.video.set_room(side.room)
    yield side
    await world.aclose()


@pytest.mark.asyncio
async def test_push_then_a_confirmed_stop_reads_live_then_dropped_with_a_notice(side):
    world = side.world
    assert side.said() is None   # not followed until Tencent says something
    await world.tencent.push(world.stream)
    assert side.said() == "stream is live"
    assert side.lines[-1].state is VideoState.LIVE and side.notices == []

    world.time.advance(95)
    stopped_at = world.time()
    world.emulator.set_state(world.stream, "inactive")
    await world.tencent.stop(world.stream)
    assert side.said() == "stream is live"   # a stop alone is not a drop: Tencent is asked first
    await world.live.watch.settled()
    assert side.said() == f"stream dropped — since {clock_time(stopped_at)}"
    assert side.lines[-1].tone == "bad"
    [notice] = side.notices
    assert notice.level is Level.WARNING and notice.key == NOTICE_KEY + "stream"
    assert clock_time(stopped_at) in notice.text.english()

    world.time.advance(40)
    await world.tencent.push(world.stream, sequence="again")
    assert side.said() == "stream is live"
    assert side.resolved == [NOTICE_KEY] and len(side.notices) == 1


@pytest.mark.asyncio
async def test_a_forbidden_stream_is_an_error_and_the_end_of_the_show_withdraws_it(side):
    world = side.world
    await world.tencent.push(world.stream)
    world.emulator.set_state(world.stream, "forbid")
    world.time.advance(60)
    await world.live.watch.check_due()
    assert side.said() == "stream forbidden by the platform"
    assert [n.level for n in side.notices] == [Level.ERROR]
    world.studio.rooms.end(world.room_id)
    assert side.resolved == [NOTICE_KEY]
    assert side.said() == "stream forbidden by the platform"   # the line stays: it is still what Tencent says


@pytest.mark.asyncio
async def test_a_reload_brings_the_video_with_the_room(side, tmp_path):
    world = side.world
    await world.tencent.push(world.stream)
    fresh = ConsoleSide(world, tmp_path / "second")
    await fresh.room.reload("studio")
    fresh.video.set_room(fresh.room)
    assert fresh.said() == "stream is live"   # a console that starts mid-show sees it from the snapshot
