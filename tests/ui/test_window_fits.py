"""The window fits a 13-inch laptop (1366×768, less a taskbar and a title bar) in both languages,
through the states that used to push it wider or taller: the catalog tab, a journal entry's
details, a running show with a cue waiting for GO, an armed flash sale, notices, a long room
title. The comment column leaves a comment at least ~320 px of text. It fits a 1280×720 screen
as well: its least size does, and at that size (unmaximized, 1280 px wide) every dock still has
its least width and a comment its ~320 px. And the same states fit the most common cheap laptop,
1366×768 at 125 % scaling (1093×614 logical px, 1093×545 less a taskbar and a title bar), in the
layout a first run there gets: nothing narrower than it needs, a comment ~280 px of text, the
shelf three rows under the armed flash sale, every button in view or scrolled to."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import httpx
import pytest
from PySide6.QtWidgets import QDockWidget

from anchor_console.domain.notice import Level, Notice
from anchor_console.domain.text import QT_TRANSLATE_NOOP
from support.screenshots import save_shot, shot
from support.studio import on_demo_studio, studio_settings
from support.viewers import post
from support.waiting import until
from support.window import armed_bar_of, comments_of, promotions_of, shelf_of, show_of

SAMPLE = Path(__file__).resolve().parents[1] / "show" / "samples" / "sample_30min.show.toml"
DESKTOP = 70   # what a taskbar and a title bar take from the 768 lines
SMALL = (1280, 720 - DESKTOP)   # a 1280×720 screen, less the same
NARROW = (1093, 545)   # a 1366×768 laptop at 125 % (1093×614 logical px), less a taskbar and a title bar
LONG_TITLE = ("春季上新专场·周三晚8点·全场满199减30·新品首发·限时秒杀·主播带你逛工厂·福利不停·"
              "Spring launch night, flash sales every half hour")


def check_fits(window, state: str) -> None:
    screen = window.screen().availableGeometry()
    frame = window.frameGeometry()
    least = window.minimumSizeHint().expandedTo(window.minimumSize())
    docks = {d.objectName(): (d.width(), d.minimumSizeHint().width()) for d in window.findChildren(QDockWidget)
             if d.isVisible()}
    save_shot(window, state)   # to look at each state
    where = f"{state}: window {frame.width()}×{frame.height()}, at least {least.width()}×{least.height()}; {docks}"
    assert screen.contains(frame), where
    assert least.width() <= screen.width() and least.height() <= screen.height() - DESKTOP, where
    assert_comment_room(window, state)


def assert_comment_room(window, state: str, least: int = 320) -> None:
    feed = comments_of(window).feed.view
    text_width = feed.viewport().width() - (12 if feed._delegate.two_lines else 260)
    assert text_width >= least, f"{state}: a comment gets {text_width} px"


async def check_fits_1280(window, state: str, also=None, *, front: str = "promotions", narrow_also=None) -> None:
    """`state` in a window of 1280 px by 650 (a 1280×720 screen less a taskbar and a title bar):
    each dock as wide as it needs, a comment its room; the window maximized again after. Then the
    same at 1093×545 (`check_fits_narrow`)."""
    await asyncio.sleep(0.1)   # the window's layout catches up with what just changed (as on screen)
    check_fits(window, state)
    least = window.minimumSizeHint().expandedTo(window.minimumSize())
    assert least.width() <= SMALL[0] and least.height() <= SMALL[1], f"{state}: at least {least.width()}×{least.height()}"
    window.showNormal()
    window.resize(*SMALL)
    await until(lambda: window.width() == SMALL[0] and window.height() == SMALL[1], message="not resized")
    await asyncio.sleep(0.2)   # the docks lay out
    cut = {d.objectName(): (d.width(), d.minimumSizeHint().width()) for d in window.findChildren(QDockWidget)
           if d.isVisible() and d.width() < d.minimumSizeHint().width()}
    assert not cut, f"{state} at 1280 px: docks narrower than they need {cut}"
    assert window.centralWidget().width() >= window.centralWidget().minimumSizeHint().width(), state
    assert_comment_room(window, f"{state} at 1280 px")
    if also is not None:   # what this state must show at that size too
        also()
    save_shot(window, f"{state} at 1280")
    window.showMaximized()
    screen = window.screen().availableGeometry()
    await until(lambda: window.width() == screen.width(), message="not maximized again")
    await check_fits_narrow(window, state, front, narrow_also)


async def check_fits_narrow(window, state: str, front: str = "promotions", also=None) -> None:
    """`state` in a window of 1093×545 (a 1366×768 laptop at 125 %), laid out as a first run there
    lays it out (View ▸ Reset layout does the same: the journal's tabs behind Comments), `front` the
    dock in front in the right column: the window's least size fits, no dock is narrower than it
    needs, the middle has its least size, a comment ~280 px of text; then maximized again, laid out
    as before."""
    window.showNormal()
    window.resize(*NARROW)   # as short as the usual layout goes (the journal's strip under the shelf)…
    window.reset_layout(short=True)   # …then the layout a first run on that screen gets
    window.resize(*NARROW)
    await until(lambda: window.width() == NARROW[0] and window.height() == NARROW[1], message=lambda: (
        f"{state}: not resized to {NARROW[0]}×{NARROW[1]}: {window.width()}×{window.height()}, at least "
        f"{window.minimumSizeHint().width()}×{window.minimumSizeHint().height()}"))
    window.show_dock(front)
    await asyncio.sleep(0.2)   # the docks lay out
    where = f"{state} at 1093×545"
    assert window.is_short(), where   # what View ▸ Reset layout would lay out now
    least = window.minimumSizeHint().expandedTo(window.minimumSize())
    assert least.width() <= NARROW[0] and least.height() <= NARROW[1], f"{where}: at least {least.width()}×{least.height()}"
    assert (window.width(), window.height()) == NARROW, f"{where}: pushed to {window.width()}×{window.height()}"
    comments, journal = window.docks["comments"], window.docks["journal"]
    assert window.tabifiedDockWidgets(comments) and journal in window.tabifiedDockWidgets(comments), where
    # (a dock behind a tab is moved out of sight, not hidden)
    assert journal.visibleRegion().isEmpty() and not comments.visibleRegion().isEmpty(), f"{where}: comments not in front"
    cut = {d.objectName(): (d.width(), d.minimumSizeHint().width()) for d in window.findChildren(QDockWidget)
           if d.isVisible() and d.width() < d.minimumSizeHint().width()}
    assert not cut, f"{where}: docks narrower than they need {cut}"
    middle = window.centralWidget()
    assert middle.width() >= middle.minimumSizeHint().width(), f"{where}: the middle is {middle.width()} px"
    assert middle.height() >= middle.minimumSizeHint().height(), f"{where}: the middle is {middle.height()} lines"
    assert_comment_room(window, where, least=280)
    if also is not None:
        also()
    save_shot(window, f"{state} at 1093")
    window.showMaximized()
    screen = window.screen().availableGeometry()
    await until(lambda: window.width() == screen.width(), message="not maximized again")
    window.reset_layout()
    window.show_dock(front)
    await asyncio.sleep(0.2)   # the docks lay out
    assert not window.tabifiedDockWidgets(window.docks["comments"]), f"{state}: the journal is not back under the shelf"


@pytest.mark.slow(15)
@pytest.mark.parametrize("lang", ["en", "zh_CN"])
@pytest.mark.asyncio
async def test_the_window_fits_a_laptop_screen(console_factory, studio_factory, qapp, lang, tmp_path):
    from anchor_console.ui.common.i18n import install_translations

    install_translations(qapp, lang)
    try:
        studio, console = await on_demo_studio(console_factory, studio_factory, "assistant", audience=50)
        window, session = console.window, console.session
        await until(lambda: len(shelf_of(window).model.rows) >= 5 and comments_of(window).feed.model.items())
        await check_fits_1280(window, "loaded")
        shelf_of(window).tabs.setCurrentIndex(1)
        check_fits(window, "catalog tab")
        shelf_of(window).tabs.setCurrentIndex(0)
        await journal_details_fit(window)
        show_path = await running_show_fits(window, session, tmp_path)
        await promotions_and_notices_fit(window, session)
        await giveaways_fit(window)
        room = await long_room_title_fits(window, session, studio)
        await dialogs_fit(window, session, studio, show_path, room)
    finally:
        install_translations(qapp, "en")


async def journal_details_fit(window) -> None:
    from anchor_console.ui.journal.journal_panel import JournalFeature

    journal = window.feature(JournalFeature).panel
    shelf_of(window).select_product("1002")
    shelf_of(window).toggle_stage()
    await until(lambda: journal.model.rows)
    journal.view.selectRow(0)
    assert journal.details.isVisible()
    check_fits(window, "journal details")


async def running_show_fits(window, session, tmp_path) -> Path:
    show_path = tmp_path / "sample.show.toml"
    shutil.copy(SAMPLE, show_path)
    assert session.show.load(show_path)
    timeline = show_of(window).timeline
    timeline.mode.setCurrentIndex(timeline.mode.findData("rehearse"))
    timeline.start_button.click()
    session.show.next()
    await until(lambda: timeline.go_box.isVisible(), 20, message="no GO button")
    await check_fits_1280(window, "running show, GO waiting", front="timeline",
                          narrow_also=lambda: in_view_or_scrolled_to(window, "timeline", timeline.go_button))
    return show_path


async def promotions_and_notices_fit(window, session) -> None:
    promotions = promotions_of(window)
    window.show_dock("promotions")
    await until(lambda: promotions.flash.product.count() > 1)
    promotions.flash.stock.setValue(1)
    promotions.arm_button.click()
    armed = armed_bar_of(window).label.text()
    assert "1 pieces" not in armed and "{" not in armed, armed   # one piece, said as one
    from anchor_console.room.commands import IssueCoupon
    session.settings.confirm_money_actions = False
    assert session.actions.run(IssueCoupon("1", 50, 30))
    await until(lambda: promotions.coupon_model.rows, message="the coupon batch did not show")
    for i in range(4):
        session.notices.emit(Notice(QT_TRANSLATE_NOOP("Test", f"A notice that is long enough to wrap on a "
                                                               f"narrow column, number {i}."), Level.WARNING))
    await check_fits_1280(window, "armed flash sale and notices",
                          lambda: (shelf_has_room(window, 3), promotion_buttons_in_view(window)),
                          narrow_also=lambda: (shelf_has_room(window, 3), promotion_buttons_reachable(window)))
    # The coupon's Claimed bar has room for its figures; the comment rate line is not clipped.
    claimed = promotions.coupon_view.columnWidth(promotions.coupon_model.CLAIMED)
    assert claimed >= promotions.coupon_view.fontMetrics().horizontalAdvance("50/50") + 30, claimed
    rate = comments_of(window).feed.rate
    assert rate.width() >= rate.fontMetrics().horizontalAdvance(rate.text()), rate.text()
    bar = window.notifications
    assert len(bar.messages()) == 4 and sum(f.isVisible() for f in bar._frames()) == 2
    assert bar.more.isVisible() and "2" in bar.more.text()
    bar.more.click()   # the operator asks for all of them
    assert sum(f.isVisible() for f in bar._frames()) == 4
    bar.more.click()


def shelf_has_room(window, rows: int) -> None:
    """In a short window with notices and an armed flash sale the shelf showed one and a half rows:
    it keeps `rows` whole rows in view (the journal under it gives way), the newest notice and the
    armed sale's terms stay readable, and the rest of the notices wait behind "N more"."""
    view = shelf_of(window).view
    whole = view.viewport().height() // view.verticalHeader().defaultSectionSize()
    assert whole >= rows, f"the shelf shows {whole} whole rows ({view.viewport().height()} px)"
    bar = window.notifications
    assert bar._frames()[0].isVisible() and bar.more.isVisible()
    armed = armed_bar_of(window).label
    assert armed.isVisible() and armed.height() >= armed.heightForWidth(armed.width()), "the armed terms are cut"


def in_view_or_scrolled_to(window, dock: str, button) -> None:
    """`button` of a dock whose form scrolls is in view, or comes into view as the keyboard's focus
    would bring it (a 545-line window cannot show every field of a long form at once)."""
    scroll = window.docks[dock].widget()
    assert button.isVisibleTo(scroll), f"{button.text()} is hidden"
    scroll.ensureWidgetVisible(button)
    corner = button.mapTo(scroll, button.rect().bottomRight())
    assert scroll.rect().contains(corner), f"{button.text()} cannot be scrolled to: {corner} in {scroll.rect()}"
    assert button.width() >= button.minimumSizeHint().width(), f"{button.text()} is cut: {button.width()} px"
    scroll.verticalScrollBar().setValue(0)


def promotion_buttons_reachable(window) -> None:
    """In a 545-line window the promotions form scrolls: every button of it is scrolled to."""
    promotions = promotions_of(window)
    for button in (promotions.issue_button, promotions.stop_coupon_button, promotions.arm_button,
                   promotions.stop_flash_button):
        in_view_or_scrolled_to(window, "promotions", button)


def promotion_buttons_in_view(window) -> None:
    """Stop early was below the fold of the promotions dock at 1280×720: a sale had to be stopped
    by scrolling first. Every button of the dock is in view without scrolling."""
    promotions = promotions_of(window)
    scroll = window.docks["promotions"].widget()
    assert scroll.verticalScrollBar().value() == 0
    for button in (promotions.issue_button, promotions.stop_coupon_button, promotions.arm_button,
                   promotions.stop_flash_button):
        corner = button.mapTo(scroll, button.rect().bottomRight())
        assert scroll.rect().contains(corner), f"{button.text()} is below the fold: {corner} in {scroll.rect()}"


async def giveaways_fit(window) -> None:
    from anchor_console.ui.giveaways.giveaways_panel import GiveawaysFeature

    panel = window.feature(GiveawaysFeature).panel
    window.show_dock("giveaways")

    def bag_buttons_in_view() -> None:   # not cut off at the dock's bottom edge
        if panel.tabs.currentIndex() != 0:
            return
        for button in (panel.draw_button, panel.copy_button, panel.export_button, panel.recheck_button):
            scroll = window.docks["giveaways"].widget()
            corner = button.mapTo(scroll, button.rect().bottomRight())
            assert scroll.rect().contains(corner), f"{button.text()} is cut off: {corner} in {scroll.rect()}"

    def bag_buttons_reachable() -> None:
        if panel.tabs.currentIndex() == 0:
            for button in (panel.draw_button, panel.copy_button, panel.export_button, panel.recheck_button):
                in_view_or_scrolled_to(window, "giveaways", button)

    for tab in range(panel.tabs.count()):
        panel.tabs.setCurrentIndex(tab)
        bag_buttons_in_view()
        await check_fits_1280(window, f"giveaways tab {tab}", bag_buttons_in_view, front="giveaways",
                              narrow_also=bag_buttons_reachable)
    window.show_dock("promotions")


async def long_room_title_fits(window, session, studio) -> dict:
    async with httpx.AsyncClient(base_url=studio.url, headers=studio.headers("anchor")) as c:
        r = await c.post("/api/v1/rooms", json={"title": LONG_TITLE})
        assert r.status_code == 201, r.text
        room = r.json()
        assert (await c.post(f"/api/v1/rooms/{room['id']}/start")).status_code == 200
    session.show.end()
    session.apply_settings(studio_settings(studio, room_id=room["id"]))
    await until(lambda: session.room is not None and session.room.state.room is not None
                and session.room.state.room.title == LONG_TITLE, 30)
    window._refresh_dirty()
    check_fits(window, "long room title")
    assert window.header.title.toolTip() == LONG_TITLE
    return room


async def dialogs_fit(window, session, studio, show_path, room) -> None:
    # The show editor and the dialogs a 场控 opens fit as well.
    from anchor_console.ui.comments.user_card import UserCard
    from anchor_console.ui.comments.word_lists_dialog import WordListsDialog
    from anchor_console.ui.plans.plan_editor import PlanEditor
    from anchor_console.ui.plans.plans_window import PlansWindow
    from anchor_console.ui.show.import_dialog import ImportDialog

    from anchor_console.ui.show.cue_dialog import CueDialog

    editor = show_of(window).open_editor()
    assert await editor.open_path(show_path)
    lucky_bag_cue = CueDialog(editor, session.catalog, editor.document.show.segments[0])
    lucky_bag_cue.kind.setCurrentIndex(lucky_bag_cue.kind.findData("lucky_bag"))
    others = [editor, lucky_bag_cue, show_of(window).open_presenter(), ImportDialog(window, session.catalog, session.tasks),
              WordListsDialog(window, session.desk), PlansWindow(window), PlanEditor(window, session)]
    await post(studio, "这件有XL吗?我平时穿L,肩宽比较宽,想问一下主播会不会小", nickname="长评论的观众", room_id=room["id"])
    await until(lambda: comments_of(window).feed.model.items(), 20)
    others.append(UserCard(window, session.desk, comments_of(window).feed.model.items()[-1].record))
    for other in others:
        other.show()
        screen = other.screen().availableGeometry()
        least = other.minimumSizeHint()
        what = f"{type(other).__name__}: {other.frameGeometry()} at least {least.width()}×{least.height()}"
        assert screen.contains(other.frameGeometry()), what
        assert least.width() <= screen.width() and least.height() <= screen.height() - DESKTOP, what
        await shot(other, type(other).__name__)   # as the user sees it, once it has laid out (and read)
        other.close()
