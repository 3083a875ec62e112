"""Crew seats in the window: two consoles on one Studio room with staff tokens of their own (an
assistant and a moderator). Each lists the other in its crew dock (name, role, machine, last seen);
an action on one appears in the other's journal with the staff name and the seat's machine, not
retryable there; a money action another seat has in flight is shown as such and said once in the
notification bar; the moderator's coupon button is disabled with the reason; the lease line names
the seat the automatic rules act on, and the comment desk of the other seat says its rules only
mark; the anchor's seat opens the presenter view once. Screenshots of the two seats side by side:
ANCHOR_SHOTS=/some/dir pytest …"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QPoint, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from support.studio import staff_token, studio_settings
from support.waiting import until

from anchor_console.platforms.studio_crew import CrewLogEntry
from anchor_console.room.commands import PostComment
from anchor_console.room.journal import PENDING
from anchor_console.show.model import AnchorMessage, Cue, CueMode, Segment, Show, Trigger

NAMES = {"assistant": "李场控", "moderator": "张房管"}


def parts(window):
    from anchor_console.ui.comments.feature import CommentsFeature
    from anchor_console.ui.crew.crew_panel import CrewFeature
    from anchor_console.ui.journal.journal_panel import JournalFeature
    from anchor_console.ui.promotions.promotions_panel import PromotionsFeature

    return (window.feature(CrewFeature).panel, window.feature(JournalFeature).panel,
            window.feature(PromotionsFeature).panel, window.feature(CommentsFeature).feed)


def column(model, col: int) -> list[str]:
    return [str(model.data(model.index(r, col)) or "") for r in range(model.rowCount())]


async def two_seats(console_factory, studio, tmp_path):
    consoles = {}
    for role, name in NAMES.items():
        settings = studio_settings(studio)
        settings.operator_name = ""
        consoles[role] = await console_factory(settings, token=staff_token(studio, name, role), home=tmp_path / role)
    await until(lambda: all(len([p for p in c.session.crew.seats() if not p.gone]) == 2 for c in consoles.values()),
                30, message="the seats did not see each other")
    return consoles


async def side_by_side(consoles, name: str) -> None:
    """Both windows in one image, the assistant's left and the moderator's right."""
    if not os.environ.get("ANCHOR_SHOTS"):
        return
    await asyncio.sleep(0.5)     # the layout catches up
    shots = [c.window.grab().toImage() for c in consoles]
    image = QImage(sum(s.width() for s in shots) + 12, max(s.height() for s in shots), QImage.Format.Format_RGB32)
    image.fill(QColor("#404040"))
    painter = QPainter(image)
    x = 0
    for s in shots:
        painter.drawImage(QPoint(x, 0), s)
        x += s.width() + 12
    painter.end()
    folder = Path(os.environ["ANCHOR_SHOTS"])
    folder.mkdir(parents=True, exist_ok=True)
    image.save(str(folder / f"{QLocale().name()}-{name}.png"))


def test_a_staff_account_without_a_name_of_its_own_is_shown_by_its_role(qapp):
    """Studio seeds its staff accounts as "场控 Assistant" and the like: the console shows such a
    seat by its role's title in the interface language (not cut to "场控 …" in the journal), and
    a name the staff member chose as it is."""
    from anchor_console.studio.services.accounts import DEFAULT_STAFF
    from anchor_console.ui.crew.roles import STUDIO_SEED_NAMES, role_title, staff_name_text

    assert STUDIO_SEED_NAMES == {name: role.value for role, name in DEFAULT_STAFF}   # in step with Studio
    assert staff_name_text("场控 Assistant") == role_title("assistant") == "Assistant"
    assert staff_name_text("房管 Moderator", "moderator") == "Moderator"
    assert staff_name_text("", "anchor") == "Anchor"
    assert staff_name_text("李场控", "assistant") == "李场控"
    assert role_title("owner") == "owner"   # a role this console does not know: as the platform says it


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
@pytest.mark.asyncio
async def test_two_seats_see_each_other(console_factory, studio_factory, qapp, tmp_path, lang):
    from anchor_console.ui.common.i18n import install_translations

    install_translations(qapp, lang)
    try:
        studio = studio_factory("--demo", "--audience", "0")
        consoles = await two_seats(console_factory, studio, tmp_path)
        await seats_in_sync(consoles)
    finally:
        install_translations(qapp, "en")


async def seats_in_sync(consoles) -> None:
    from anchor_console.ui.crew.crew_panel import SeatsModel
    from anchor_console.ui.crew.roles import role_title
    from anchor_console.ui.journal.journal_panel import JournalModel

    if QLocale().language() is QLocale.Language.English:
        assert role_title("assistant") == "Assistant"
    assistant, moderator = consoles["assistant"], consoles["moderator"]
    for c in consoles.values():
        c.window.resize(1366, 768)
        c.window.show()
        c.window.show_dock("crew")
    a_crew, a_journal, a_promotions, a_feed = parts(assistant.window)
    m_crew, m_journal, m_promotions, m_feed = parts(moderator.window)

    # Presence: each lists the other, with the name and role from the token; this seat marked.
    for panel, me, other in ((a_crew, "李场控", "张房管"), (m_crew, "张房管", "李场控")):
        await until(lambda p=panel: len(column(p.model, SeatsModel.NAME)) == 2, 10, message="a seat is not listed")
        names = column(panel.model, SeatsModel.NAME)
        assert any(n.startswith(me) and n != me for n in names)   # "(this seat)" beside our own name
        assert other in names
        assert all(column(panel.model, SeatsModel.MACHINE))
        # The role's title in the interface language, not the platform's lowercase value.
        roles = sorted(column(panel.model, SeatsModel.ROLE))
        assert roles == sorted([role_title("assistant"), role_title("moderator")])
        assert all(column(panel.model, SeatsModel.SEEN))
        assert panel.none_line.isHidden()

    # Roles: the moderator may not issue coupons — disabled before the click, with the reason.
    await until(lambda: not m_promotions.issue_button.isEnabled() and m_promotions.issue_button.toolTip(), 10,
                message="the moderator's coupon button is not gated")
    assert moderator.session.may("issue_coupon")[0] is False
    assert a_promotions.issue_button.toolTip() == "" or assistant.session.may("issue_coupon")[0]

    # The shared log: the assistant's comment shows in the moderator's journal with the name.
    outcome = await assistant.session.room.perform(PostComment("助理的消息"), actor=assistant.session.operator)
    assert outcome.ok
    await until(lambda: "李场控" in column(m_journal.model, JournalModel.WHO), 10,
                message="the assistant's action did not reach the moderator's journal")
    row = column(m_journal.model, JournalModel.WHO).index("李场控")
    assert assistant.session.crew.machine in column(m_journal.model, JournalModel.ORIGIN)[row]
    m_journal.view.selectRow(row)
    assert not m_journal.retry_button.isEnabled()

    # A money action another seat has in flight: shown as such, and said once in the notification bar.
    seat = assistant.session.crew.seat_id
    pending = CrewLogEntry(seat, "flash-1", "issue_coupon", {"template_id": "2", "quantity": 10, "valid_minutes": 30},
                           PENDING, True, "李场控", "assistant", assistant.session.crew.machine, "click",
                           moderator.session.crew.studio_now())
    moderator.session.crew._take_shared(pending)
    await until(lambda: any("李场控" in t for t in column(m_journal.model, JournalModel.RESULT)), 5,
                message="the pending money action is not shown in flight")
    assert sum("李场控" in m for m in moderator.window.notifications.messages()) == 1

    # One auto-moderation seat: the lease line names the holder; the other desk says its rules only mark.
    await until(lambda: a_crew.crew.moderation.holds or m_crew.crew.moderation.holds, 15,
                message="no seat took the moderation lease")
    holder, other = (a_crew, m_crew) if a_crew.crew.moderation.holds else (m_crew, a_crew)
    other_feed = m_feed if other is m_crew else a_feed
    holder_name = holder.crew.me.staff_name
    await until(lambda: holder_name in other.lease_line.text() and other_feed.lease_line.isVisible(), 10,
                message="the other seat does not name the lease holder")
    assert holder_name not in holder.lease_line.text()
    assert holder_name in other_feed.lease_line.text()
    assert other_feed.rules_mode.isEnabled()
    await side_by_side([assistant, moderator], "crew-two-seats")

    # The moderator's seat: the comment desk in front and wide (once, on joining).
    comments = moderator.window.docks["comments"]
    assert comments.isVisible() and comments.width() >= 400
    moderator.window.show_dock("journal")
    assistant.window.show_dock("journal")
    await side_by_side([assistant, moderator], "crew-journal")
    await follow_the_caller(assistant, moderator)


def rehearsal_show() -> Show:
    go_cue = Cue("cue-go", AnchorMessage("现在说优惠码 GO"), Trigger.at_start(), CueMode.CONFIRM)
    hello = Cue("cue-hello", AnchorMessage("欢迎来到直播间"), Trigger.at_start(), CueMode.AUTO)
    return Show(title="跟随测试", segments=(
        Segment("seg-a", "开场", 600, talking_points="先打招呼", cues=(hello, go_cue)),
        Segment("seg-b", "爆款", 600)))


async def follow_the_caller(caller, follower) -> None:
    """The assistant runs the show; the moderator's run of show follows it, its Start is off with
    the reason, and its GO asks the caller's seat."""
    from anchor_console.ui.show.feature import ShowFeature

    caller.session.show.set_show(rehearsal_show(), None)
    assert caller.session.show.start(rehearse=True, speed=1)
    panel = follower.window.feature(ShowFeature).timeline
    follower.window.show_dock("timeline")
    follower.window.show_dock("crew")
    caller.window.show_dock("crew")
    rehearsing = QCoreApplication.translate("ShowFollow", "REHEARSAL · {speed}").format(speed="1×")
    await until(lambda: panel.segment_title.text() == f"{rehearsing} · 开场" and panel.go_box.isVisible(), 10,
                message="the follower's run of show does not follow the caller (a rehearsal, at 1×)")
    assert panel.countdown.text() != "--:--" and "爆款" in panel.next_label.text()
    assert "李场控" in panel.go_button.text() and "现在说优惠码 GO" in panel.go_cue.text()
    assert not panel.start_button.isEnabled() and "李场控" in panel.start_button.toolTip()
    # The welcome cue is sent in its own task after the snapshot that opened the segment, so its
    # message to the anchor reaches the follower in a later broadcast.
    await until(lambda: any("欢迎来到直播间" in panel.cue_list.item(i).text() for i in range(panel.cue_list.count())),
                10, message="the caller's message to the anchor does not reach the follower")
    # The segment table: the caller's segments, read-only, the one on air highlighted as for a local show.
    model = panel.segments_model

    def cell(row: int, col: int, role=Qt.ItemDataRole.DisplayRole):
        return model.data(model.index(row, col), role)

    await until(lambda: model.rowCount() == 2, 10, message="the follower's segment table stays empty")
    assert [cell(0, 0), cell(1, 0)] == ["1. 开场", "2. 爆款"]
    assert cell(0, 4) == model.tr("ON AIR") and cell(1, 4) == model.tr("to come")
    assert cell(0, 3) == "10:00" and cell(0, 2) != "—" and cell(1, 2) == "—"
    assert cell(0, 0, Qt.ItemDataRole.FontRole).bold() and cell(0, 0, Qt.ItemDataRole.BackgroundRole) is not None
    assert cell(1, 0, Qt.ItemDataRole.BackgroundRole) is None
    assert not model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsEditable
    crew_panel = parts(follower.window)[0]
    await until(lambda: "李场控" in crew_panel.caller_line.text(), 5, message="the caller is not named")
    await side_by_side([caller, follower], "crew-follow")
    panel.go_button.click()
    await until(lambda: caller.session.show.engine.cue_state("cue-go").fired, 10,
                message="GO on the follower did not reach the caller")
    caller.session.crew.show.followers_go = "refuse"
    await until(lambda: follower.session.crew.show.view().followers_go == "refuse", 10)
    panel._awaiting_id = "cue-go"
    panel.go()
    await until(lambda: any("GO" in m for m in follower.window.notifications.messages()), 10,
                message="a refused GO is not explained")
    # Following stops (the caller ends its show and this seat lets go of it): the table is this seat's
    # own show again, and none runs here. A broadcast already on its way may land once more: let go again.
    caller.session.show.end()

    def let_go() -> bool:
        follower.session.crew.show.call = None
        return model.rowCount() == 0

    await until(let_go, 10, message="the caller's segments stayed after following stopped")


@pytest.mark.asyncio
async def test_the_anchors_seat_opens_the_presenter_view_once(console_factory, studio_factory):
    from support.studio import on_demo_studio

    from anchor_console.ui.show.feature import ShowFeature

    _studio, console = await on_demo_studio(console_factory, studio_factory, "anchor")
    show = console.window.feature(ShowFeature)
    await until(lambda: show.presenter is not None and show.presenter.isVisible(), 20,
                message="the anchor's seat did not open the presenter view")
    show.presenter.close()
    console.session.crew.permissions_changed.emit(console.session.crew.allowed)   # a rejoin: not again
    await asyncio.sleep(0)
    assert not show.presenter.isVisible()
