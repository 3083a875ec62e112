"""What a part of the window is to the window (qutebrowser's narrow plug-in API): a `Feature` is
built with the window, adds its docks and menu actions through it, hears when the room changes
and which aspects of it changed, and stops when the console closes. The registry of features is
`ui/shell/features.py`."""

from __future__ import annotations

from typing import Protocol

from anchor_console.room.live_room import LiveRoom
from anchor_console.room.room_state import Aspect


class Feature(Protocol):
    def set_room(self, room: LiveRoom | None) -> None:
        """Another room (or none): forget what belonged to the old one."""

    def refresh(self, dirty: set[Aspect]) -> None:
        """These aspects of the room changed (called at most ~5 times a second)."""

    def stop(self) -> None:
        """The console is closing: stop timers before the services they read go away."""

    async def edits_at_risk(self) -> str | None:
        """Before the console quits: why edits made here would be lost by quitting now (not saved,
        and not kept anywhere to be offered again), or None when nothing would be."""

    async def finish(self) -> None:
        """The console is closing, after `stop`: finish writing what must outlive it (awaited)."""


class FeatureBase:
    """A feature that needs none of the hooks overrides none of them."""

    def set_room(self, room: LiveRoom | None) -> None:
        pass

    def refresh(self, dirty: set[Aspect]) -> None:
        pass

    def stop(self) -> None:
        pass

    async def edits_at_risk(self) -> str | None:
        return None

    async def finish(self) -> None:
        pass
