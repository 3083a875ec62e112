"""The data screen with no show recorded shows the live room: the figures the room header shows,
charted from when the screen was opened, with a line saying it is the live room, not a recorded
show (it showed "—" in every tile and empty 0–1.0 charts while the room sold ¥80k with 300
online). A recorded show takes the screen over, and the room comes back when it ends. The room's
charts keep their last hours only. Screenshots: ANCHOR_SHOTS=/some/dir pytest …"""

from __future__ import annotations

import dataclasses

import pytest
from support.screenshots import shot

from anchor_console.domain.clock import ManualClock
from anchor_console.session.show_record_file import FIGURES
from anchor_console.ui.data_screen.data_screen import ROOM_KEPT_S, ROOM_TRIM_S, DataScreen


def set_room_figures(room, **figures: int) -> None:
    """The primary platform reports these figures (as its stats push would)."""
    state = room.states[room.primary.connection_id]
    state.stats = dataclasses.replace(state.stats, **figures)


def live_room_screen(console) -> tuple[DataScreen, ManualClock]:
    clock = ManualClock()
    screen = DataScreen(console.window, wall=clock)
    screen.resize(1280, 720)
    screen.show()
    return screen, clock


def seconds(screen: DataScreen, clock: ManualClock, n: int) -> None:
    for _ in range(n):
        clock.advance(1)
        screen.sample_room()
    screen.refresh()        # what the once-a-second draw does


@pytest.mark.asyncio
async def test_with_no_show_the_data_screen_shows_the_live_room_as_the_header_does(console_factory):
    console = await console_factory()
    room = console.session.room
    assert not console.session.recorder.recording
    set_room_figures(room, online=300, gmv_fen=80_000_00, orders=420, buyers=350, entries=5_000, comments=1_234)
    screen, clock = live_room_screen(console)
    try:
        seconds(screen, clock, 1)
        stats = room.stats()
        assert screen.tiles["online"].value.text() == f"{stats.online:,}" == "300"
        assert screen.tiles["gmv_fen"].value.text() == "¥80,000.00"
        assert screen.tiles["orders"].value.text() == "420" and screen.tiles["comments"].value.text() == "1,234"
        header = console.window.header
        header.show_stats(room)                      # the header says the same
        assert header.tiles["online"].value.text() == "300" and header.tiles["gmv"].value.text() == "¥80,000.00"
        # It says what it shows: the live room, not a recorded show; what a show adds is waited for.
        assert screen.source.isVisible() and "Live room, not recorded" in screen.source.text()
        assert "No show" in screen.clock.text() and "run of show" in screen.stage_figures.text()
        assert screen.rate_tiles["orders_per_buyer"].value.text() == f"{420 / 350:.2f}"
        assert screen.rate_tiles["buyer_rate"].value.text() == f"{350 / 5000 * 100:.1f}%"   # entries are the audience
        # The change over the last minute is what the screen saw, not the room's total since it went live.
        assert "+¥0.00 in the last minute" == screen.tiles["gmv_fen"].note.text()
        for second in range(1, 90):
            set_room_figures(room, gmv_fen=80_000_00 + second * 100, online=300 + second)
            seconds(screen, clock, 1)
        assert screen.tiles["gmv_fen"].note.text() == "+¥60.00 in the last minute"
        assert screen.online_chart.point_count == screen.gmv_chart.point_count == 91   # from the screen's opening
        assert screen.online_chart.band_count == 0 and screen.online_chart.marker_count == 0
        assert "room's total" in screen.gmv_chart.getPlotItem().titleLabel.text
        await shot(screen, "data-screen-live-room")
    finally:
        screen.stop()
        screen.close()


@pytest.mark.asyncio
async def test_a_recorded_show_takes_the_screen_over_and_the_room_comes_back_when_it_ends(console_factory):
    console = await console_factory()
    room = console.session.room
    set_room_figures(room, online=300, gmv_fen=80_000_00)
    screen, clock = live_room_screen(console)
    try:
        seconds(screen, clock, 5)
        assert screen.online_chart.point_count == 6     # the second it opened, and five more
        recorder = console.session.recorder
        live = recorder.live
        live.reset()                                   # a show begins: its own share, from 0
        recorder.started.emit(None)
        live.add_second(0, tuple(0 for _ in FIGURES))
        row = dict.fromkeys(FIGURES, 0) | {"online": 310, "gmv_fen": 12_00}
        live.add_second(1, tuple(row[f] for f in FIGURES))
        seconds(screen, clock, 1)                      # the room is still sampled, not shown
        screen.refresh()
        assert screen.showing_show and not screen.source.isVisible()
        assert screen.tiles["gmv_fen"].value.text() == "¥12.00"
        assert screen.online_chart.point_count == 2
        assert "since the show started" in screen.gmv_chart.getPlotItem().titleLabel.text
        recorder.ended.emit(None)
        assert not screen.showing_show and screen.source.isVisible()
        assert screen.tiles["gmv_fen"].value.text() == "¥80,000.00"
        assert screen.online_chart.point_count == 7    # the room's curve, which went on meanwhile
    finally:
        screen.stop()
        screen.close()


@pytest.mark.asyncio
async def test_the_live_rooms_charts_keep_their_last_hours_only(console_factory):
    """A screen left open on a live room for days: its series and curves stay bounded."""
    console = await console_factory()
    room = console.session.room
    screen, clock = live_room_screen(console)
    try:
        live = screen.room_live
        longest = 0
        for hour in range(7):
            for _ in range(3600):
                clock.advance(1)
                screen.sample_room()
            set_room_figures(room, online=100 + hour)
            screen.refresh()
            longest = max(longest, len(live.times))
            assert screen.online_chart.point_count == len(live.times)
        assert longest <= ROOM_KEPT_S + ROOM_TRIM_S + 1
        assert live.times[-1] - live.times[0] <= ROOM_KEPT_S + ROOM_TRIM_S
        assert live.times[-1] == 7 * 3600
        x_start, x_end = screen.online_chart._range[:2]
        assert x_start >= live.times[0] - 3600 and x_end >= live.times[-1]   # the hours kept, not from 0
    finally:
        screen.stop()
        screen.close()
