"""Chat-mode and announcement cues in a run of show: each fires the room command of its name, says
what is wrong with it, and the cue dialog writes and reads them back."""

from __future__ import annotations

import pytest

from anchor_console.room import commands
from anchor_console.show.chat_cues import AnnounceToRoom, SetFollowersOnly, SetShieldMode, SetSlowMode
from anchor_console.show.cues import cue_command
from anchor_console.domain.text import Text
from anchor_console.show.cue_text import cue_line, read_cue_line
from anchor_console.show.model import Cue, CueMode, Segment, Trigger
from support.shipped_chinese import shipped_chinese


@pytest.mark.parametrize("action, command, words", [
    (SetSlowMode(10), commands.SetSlowMode(10), "Slow mode: 10 s"),
    (SetSlowMode(0), commands.SetSlowMode(0), "Slow mode off"),
    (SetFollowersOnly(None), commands.SetFollowersOnly(None), "Followers-only chat off"),
    (SetFollowersOnly(0), commands.SetFollowersOnly(0), "Followers-only chat: any follower"),
    (SetFollowersOnly(30), commands.SetFollowersOnly(30), "Followers-only chat: followed for 30 min"),
    (SetShieldMode(True), commands.SetShieldMode(True), "Shield mode on"),
    (SetShieldMode(False), commands.SetShieldMode(False), "Shield mode off"),
    (AnnounceToRoom("今晚8点抽奖", "blue"), commands.Announce("今晚8点抽奖", "blue"), "Announce to the room: 今晚8点抽奖"),
], ids=lambda v: v if isinstance(v, str) else None)
def test_each_cue_fires_its_command_and_reads_well(action, command, words):
    assert cue_command(Cue("c", action)) == command
    assert action.describe().english() == words and action.problems() == []


def test_problems_are_said():
    assert SetSlowMode(2).problems() and SetSlowMode(121).problems()
    assert SetFollowersOnly(129_601).problems()
    assert [p.english() for p in AnnounceToRoom("").problems()] == ["the announcement is empty"]
    assert AnnounceToRoom("x" * 501).problems() and AnnounceToRoom("hi", "red").problems()


class NoCatalog:
    products: dict = {}
    templates: dict = {}


@pytest.mark.gui
@pytest.mark.parametrize("action", [SetSlowMode(30), SetSlowMode(45), SetFollowersOnly(None), SetFollowersOnly(1440),
                                    SetShieldMode(True), SetShieldMode(False), AnnounceToRoom("福利来了", "green")],
                         ids=repr)
def test_the_cue_dialog_reads_and_writes_them(qapp, action):
    from anchor_console.ui.show.cue_dialog import CueDialog

    segment = Segment("s", "开场", 600)
    dialog = CueDialog(None, NoCatalog(), segment, Cue("c", action, Trigger.after(30)))
    assert dialog.action() == action
    dialog.deleteLater()


@pytest.mark.gui
def test_a_new_cue_from_the_dialog(qapp):
    from anchor_console.ui.show.cue_dialog import CueDialog

    dialog = CueDialog(None, NoCatalog(), Segment("s", "开场", 600))
    dialog.kind.setCurrentIndex(dialog.kind.findData("slow_mode"))
    assert dialog.action() == SetSlowMode(10) and not dialog.slow.isHidden()
    dialog.kind.setCurrentIndex(dialog.kind.findData("announce"))
    dialog.announcement.setText("  关注主播  ")
    assert dialog.action() == AnnounceToRoom("关注主播", "primary")
    assert dialog.slow.isHidden() and not dialog.announcement.isHidden()
    dialog.deleteLater()


@pytest.mark.gui
def test_a_followers_only_duration_reads_as_the_header_and_the_journal_write_it(qapp):
    """The cue dialog and the chat-mode strip had tables of their own ("1 week", "2880 min") where
    the header badge and the journal said "7 d" and "2 d"."""
    from anchor_console.ui.comments.chat_modes import follow_label
    from anchor_console.ui.show.cue_dialog import CueDialog

    dialog = CueDialog(None, NoCatalog(), Segment("s", "开场", 600), Cue("c", SetFollowersOnly(2880)))
    choices = [dialog.followers.itemText(i) for i in range(dialog.followers.count())]
    assert choices == ["off", "any follower", "10 min", "30 min", "1 h", "1 d", "7 d", "2 d"]
    assert follow_label(10080) == "Followers: 7 d"
    dialog.deleteLater()


@pytest.mark.parametrize("translate", [Text.english, shipped_chinese], ids=["english", "chinese"])
def test_exported_chat_mode_lines_read_back(translate):
    """A run sheet exported in either language is imported with its chat-mode cues (an
    announcement's colour is not in the line and reads back as the default)."""
    for action in (SetSlowMode(10), SetSlowMode(0), SetFollowersOnly(None), SetFollowersOnly(0),
                   SetFollowersOnly(30), SetFollowersOnly(60), SetFollowersOnly(10080), SetShieldMode(True),
                   SetShieldMode(False), AnnounceToRoom("今晚8点抽奖：关注主播不迷路")):
        cue = Cue("c1", action, Trigger.after(75), CueMode.CONFIRM)
        line = cue_line(cue, translate)
        assert read_cue_line(line) == (cue.trigger, cue.action), line
