"""What a following seat shows of the caller's show, in the window: a rehearsal as one, with its
speed (run-of-show title, mode and speed boxes, the presenter view — on the caller's seat too); the
cues of the segment on air with their state, not messages gathered over the run; and, once the
room's Studio is out of reach, the show as last known, frozen and marked, under a banner saying so.
Also: a join in another role shapes the seat for it, and quitting the console that hosts the
bundled Studio names the seats that lose it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox
from support.studio import on_demo_studio, staff_token, studio_settings
from support.waiting import until
from support.window import find_dialog

from anchor_console.domain.clock import format_countdown
from anchor_console.session.settings import ConnectionSettings, Settings
from anchor_console.session.show_follow import STUDIO_LOST
from anchor_console.show.model import AnchorMessage, Cue, CueMode, Segment, Show, Trigger

translate = QCoreApplication.translate


def two_segment_show() -> Show:
    hello = Cue("cue-hello", AnchorMessage("欢迎来到直播间"), Trigger.at_start(), CueMode.AUTO)
    go = Cue("cue-go", AnchorMessage("现在说优惠码 GO"), Trigger.at_start(), CueMode.CONFIRM)
    second = Cue("cue-b", AnchorMessage("第二段提示"), Trigger.at_start(), CueMode.AUTO)
    by_hand = Cue("cue-b-hand", AnchorMessage("手动提示"), Trigger.at_start(), CueMode.MANUAL)
    return Show(title="跟随测试", segments=(Segment("seg-a", "开场", 600, talking_points="先打招呼", cues=(hello, go)),
                                          Segment("seg-b", "爆款", 600, cues=(second, by_hand))))


def lines(panel) -> list[str]:
    return [panel.cue_list.item(i).text() for i in range(panel.cue_list.count())]


@pytest.mark.asyncio
async def test_a_follower_sees_the_rehearsal_the_segments_cues_and_the_show_as_last_known(console_factory,
                                                                                          studio_factory, tmp_path):
    from anchor_console.ui.crew.crew_panel import CrewFeature
    from anchor_console.ui.show.feature import ShowFeature

    studio = studio_factory("--demo", "--audience", "0")
    seats = {}
    for role, name in (("assistant", "李场控"), ("anchor", "王主播")):
        settings = studio_settings(studio)
        settings.operator_name = ""
        seats[role] = await console_factory(settings, token=staff_token(studio, name, role), home=tmp_path / role)
    caller, follower = seats["assistant"], seats["anchor"]
    await until(lambda: len([p for p in follower.session.crew.seats() if not p.gone]) == 2, 30,
                message="the seats did not see each other")
    shown = follower.window.feature(ShowFeature)
    panel = shown.timeline
    await until(lambda: shown.presenter is not None, 10, message="the anchor's seat has no presenter view")
    leading = caller.window.feature(ShowFeature).open_presenter()

    caller.session.show.set_show(two_segment_show(), None)
    assert caller.session.show.start(rehearse=True, speed=10)
    rehearsing = translate("ShowFollow", "REHEARSAL · {speed}").format(speed="10×")
    await until(lambda: panel.segment_title.text() == f"{rehearsing} · 开场", 10,
                message="the follower does not say the caller rehearses at 10×")
    assert panel.mode.currentData() == "rehearse" and panel.speed.currentData() == 10.0
    assert not panel.mode.isEnabled() and not panel.speed.isEnabled()
    # The presenter views, on both seats: a rehearsal, at its speed, in a band of its own.
    for presenter in (shown.presenter, leading):
        await until(lambda: presenter.mark.isVisibleTo(presenter) and "10×" in presenter.mark.text(), 10,
                    message="a presenter view does not mark the rehearsal and its speed")
        assert presenter.mark.font().pixelSize() >= presenter.title.font().pixelSize() * 0.8   # read from 2 m

    # The cues of the segment on air with their state, as the caller lists them.
    await until(lambda: len(lines(panel)) == 2 and lines(panel)[0].startswith("✓")
                and lines(panel)[1].startswith("▶"), 10, message="the follower does not list the segment's cues")
    assert "欢迎来到直播间" in lines(panel)[0] and "现在说优惠码 GO" in lines(panel)[1]
    caller.session.show.next()
    await until(lambda: len(lines(panel)) == 2 and "第二段提示" in lines(panel)[0] and "手动提示" in lines(panel)[1],
                10, message="the follower's cues are not the segment on air's")
    assert not any("欢迎来到直播间" in line for line in lines(panel))   # nothing of the first segment
    panel._fire_item(panel.cue_list.item(1))   # a followed show's cue is fired on its seat: nothing here

    # Studio out of reach: the show stays as last known, frozen and marked; a banner says why.
    banner = follower.window.feature(CrewFeature).banner
    assert banner.isHidden()
    studio.kill()
    await until(lambda: follower.session.crew.show.stale() is not None, 15,
                message="the follower kept nothing of the show when Studio went")
    lost = follower.session.crew.show.stale()
    assert lost.why == STUDIO_LOST and lost.view.segment_id == "seg-b"
    await until(lambda: panel.show_label.text().startswith("Lost contact with the Studio at"), 5,
                message="the run of show does not say contact was lost")
    assert not banner.isHidden() and "Lost contact with the Studio at" in banner.label.text()
    assert panel.segment_title.text() == f"{rehearsing} · 爆款" and len(lines(panel)) == 2
    frozen = format_countdown(lost.view.remaining_s)
    follower.window.feature(CrewFeature).following.tick()
    assert panel.countdown.text() == frozen and panel.go_box.isHidden()
    assert not panel.start_button.isEnabled()   # the caller may run on: a Start here would run the show twice
    assert "Lost contact" in shown.presenter.mark.text() and shown.presenter.countdown.text() == frozen


@pytest.mark.asyncio
async def test_a_join_in_another_role_shapes_the_seat_for_it(console_factory, studio_factory):
    """The first join of a fresh install is the bundled Studio's assistant seat; joining as the anchor
    later (File → Connections) opens the presenter view all the same. A rejoin in the same role does not."""
    from anchor_console.ui.show.feature import ShowFeature

    _studio, console = await on_demo_studio(console_factory, studio_factory, "assistant")
    crew, show = console.session.crew, console.window.feature(ShowFeature)
    await until(lambda: crew.role == "assistant" and crew.allowed is not None, 20, message="the seat did not join")
    await until(lambda: show.presenter is None, 1)
    crew.role = "anchor"   # joined as the anchor through another connection
    crew.permissions_changed.emit(crew.allowed)
    await until(lambda: show.presenter is not None and show.presenter.isVisible(), 10,
                message="a join as the anchor did not open the presenter view")
    show.presenter.close()
    crew.permissions_changed.emit(crew.allowed)   # a rejoin as the anchor: left as the user made it
    await until(lambda: True, 0.2)
    assert not show.presenter.isVisible()


@pytest.mark.asyncio
async def test_quitting_the_bundled_studios_console_names_the_seats_that_lose_it(console_factory, tmp_path):
    host = await console_factory()            # no configuration: the bundled demo Studio
    await until(lambda: host.window._live() and host.session.studio_info is not None, 30,
                message="the bundled demo room never went live")
    info = host.session.studio_info
    joined = Settings(connections=[ConnectionSettings(id="crew-studio", name="Crew studio", url=info.url,
                                                      room_id=str(info.room_id))], operator_name="")
    await console_factory(joined, token=info.tokens["anchor"], home=tmp_path / "anchor")
    await until(lambda: host.session.seats_on_bundled_studio(), 30, message="the anchor's seat did not join")
    host.window.close()
    box = await until(lambda: find_dialog("confirm-quit"), 5, message="no confirm-quit dialog")
    text = box.text()
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert "stops when the console quits" in text
    assert "Anchor is connected to this computer's Studio and will lose it." in text, text
    assert host.window.isVisible()
