"""What a viewer's claim of something handed out in a room — a coupon of a batch, a share of a red
packet — must pass before it is taken, the same for each: the room is live, the viewer is not
banned from it, the thing is neither used up nor closed, and it is this viewer's first claim of it.
Each kind says its tables, states and answers once (`ClaimRules`)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

from anchor_console.studio.errors import Conflict
from anchor_console.studio.services.moderation import Moderation
from anchor_console.studio.services.rooms import Rooms


@dataclass(frozen=True, slots=True)
class ClaimRules:
    """How one kind of thing is claimed. Its claims are kept in table `claims`, keyed by column
    `of`; it may be claimed in `open_state`; in `used_up_state` those who came too late hear
    `used_up`, in any other state `closed` (each a message and its code); a viewer's second claim
    hears `already`."""

    claims: str
    of: str
    open_state: str
    used_up_state: str
    used_up: tuple[str, str]
    closed: tuple[str, str]
    already: str

    def used_up_error(self) -> Conflict:
        """The answer to a claim that finds the last one taken (in its state, or within its update)."""
        return Conflict(self.used_up[0], code=self.used_up[1])

    def claimable(self, rooms: Rooms, moderation: Moderation, room_id: int, viewer_id: int,
                  read: Callable[[], dict]) -> dict:
        """The thing (`read()`, after the room and the viewer passed) if a viewer may claim it now."""
        rooms.require_live(room_id)
        moderation.refuse_banned(room_id, viewer_id)
        thing = read()
        if thing["state"] == self.used_up_state:
            raise self.used_up_error()
        if thing["state"] != self.open_state:
            raise Conflict(self.closed[0], code=self.closed[1])
        return thing

    def refuse_second_claim(self, db: sqlite3.Connection, thing_id: int, viewer_id: int) -> None:
        """Within the claim's transaction: Conflict `already_claimed` when the viewer's claim of
        that thing is kept already."""
        if db.execute(f"SELECT 1 FROM {self.claims} WHERE {self.of} = ? AND viewer_id = ?",
                      (thing_id, viewer_id)).fetchone():
            raise Conflict(self.already, code="already_claimed")
