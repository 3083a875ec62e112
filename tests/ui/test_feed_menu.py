"""Right-click on a comment: the feed's one-letter keys as a menu, each with its key beside it, for
an operator who moderates with the mouse (there was no menu: only keys nobody was told of)."""

from __future__ import annotations

import pytest

from support.studio import on_demo_studio
from support.viewers import posted_row
from support.waiting import until
from support.window import comments_of


@pytest.mark.asyncio
async def test_the_menu_names_each_action_with_its_key_and_does_it(console_factory, studio_factory):
    studio, console = await on_demo_studio(console_factory, studio_factory, "moderator")
    panel = comments_of(console.window).feed
    row = await posted_row(studio, panel, "加我看看", "路人")
    menu = panel.open_menu(panel.view.visualRect(panel.model.index(row)).center())
    assert menu is not None and panel.selected().comment.text == "加我看看"
    offered = {a.text(): a.shortcut().toString() for a in menu.actions() if not a.isSeparator()}
    assert offered == {"Viewer card…": "U", "Delete": "D", "Hide here": "H", "Pin": "P", "Mute 10 min": "M",
                       "Mute 60 min": "Shift+M", "Ban": "B", "Copy text": ""}
    assert all(a.isEnabled() for a in menu.actions())   # a moderator may do each
    next(a for a in menu.actions() if a.text() == "Delete").trigger()
    menu.close()
    await until(lambda: [e for e in console.session.journal.entries(limit=20) if e.kind == "delete_comment"], 10,
                message="Delete from the menu did not delete")


@pytest.mark.asyncio
async def test_pinning_with_the_p_key_is_journalled_as_a_key(console_factory, studio_factory):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    studio, console = await on_demo_studio(console_factory, studio_factory, "moderator")
    panel = comments_of(console.window).feed
    row = await posted_row(studio, panel, "几点发货", "买家")
    panel.view.setCurrentIndex(panel.model.index(row))
    panel.view.setFocus()
    QTest.keyClick(panel.view, Qt.Key.Key_P)
    pinned = await until(lambda: [e for e in console.session.journal.entries(limit=20) if e.kind == "pin_comment"],
                         10, message="P did not pin")
    assert pinned[0].origin == "key"
    row = await posted_row(studio, panel, "有优惠券吗", "买家")   # and from the menu: a click (not triggered's `checked`)
    menu = panel.open_menu(panel.view.visualRect(panel.model.index(row)).center())
    next(a for a in menu.actions() if a.text() == "Pin").trigger()
    menu.close()
    both = await until(lambda: (lambda p: p if len(p) == 2 else None)(
        [e for e in console.session.journal.entries(limit=20) if e.kind == "pin_comment"]), 10, message="no pin")
    assert sorted(e.origin for e in both) == ["click", "key"]
