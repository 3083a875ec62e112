"""What an edit may change in a show that is running: the engine takes edits while live and keeps
its records by cue id, so a cue already fired must stay in the show doing what it did."""

from __future__ import annotations

from typing import Callable

from anchor_console.domain.text import QT_TRANSLATE_NOOP
from anchor_console.show.model import AnchorMessage, CueAction, Show
from anchor_console.show.timeline_types import TimelineError


def _sent_as(action: CueAction) -> object:
    """What firing `action` does: its platform command (a product's name shown is not part of it),
    or the action itself for what the console starts on its own (a lucky bag, a red packet)."""
    command = action.command()
    return command if command is not None else action


def check_fired_cues_kept(running: Show, edited: Show, fired: Callable[[str], bool]) -> None:
    """Raise TimelineError if `edited` removes a cue fired in this run, or changes what it does (its
    note, mode and timing may change). Records go by cue id: a fired cue whose id now does something
    else — a sheet imported again with a row added above, its ids shifted — would leave the new
    action marked fired and send the old one again under another id. Messages to the anchor are
    free to edit."""
    for _, old in running.all_cues():
        if not fired(old.id) or isinstance(old.action, AnchorMessage):
            continue
        found = edited.find_cue(old.id)
        if found is None:
            raise TimelineError(QT_TRANSLATE_NOOP(
                "Show", "“{cue}” was already fired in this run, so it cannot be removed while live").fill(
                cue=old.describe()))
        if _sent_as(found[1].action) != _sent_as(old.action):
            raise TimelineError(QT_TRANSLATE_NOOP(
                "Show", "“{cue}” was already fired in this run, so an edit cannot change what it does. To send "
                        "other settings, add a new cue and fire it by hand").fill(cue=old.describe()))
