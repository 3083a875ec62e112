"""The show editor's small things: the segment buttons act on a chosen segment (off in an empty
show, Up and Down off at the ends); a show with no date shows today greyed, not 2000-01-01."""

from __future__ import annotations

import datetime as dt

import pytest

from anchor_console.show.model import Segment, Show
from support.window import show_of


@pytest.mark.asyncio
async def test_segment_buttons_follow_the_chosen_segment_and_no_date_shows_today(console_factory):
    console = await console_factory(wait_loaded=False)
    editor = show_of(console.window).open_editor()
    try:
        editor._imported(Show("空的", segments=()))
        assert not any(b.isEnabled() for b in editor.segment_buttons)   # Duplicate, Remove, Up, Down
        assert not editor.date.isEnabled() and not editor.has_date.isChecked()
        today = dt.date.fromtimestamp(console.session.clock.now())
        assert editor.date.date().toPython() == today
        editor._imported(Show("两段", segments=(Segment("a", "开场", 600), Segment("b", "连衣裙", 600))))
        editor.view.selectRow(0)
        duplicate, remove, up, down = editor.segment_buttons
        assert (duplicate.isEnabled(), remove.isEnabled(), up.isEnabled(), down.isEnabled()) == (True, True, False, True)
        editor.view.selectRow(1)
        assert (up.isEnabled(), down.isEnabled()) == (True, False)
    finally:
        editor.close()
