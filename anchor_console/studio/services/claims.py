"""What a viewer's claim of something handed out in a room — a coupon of a batch, a share of a red
packet — must pass before it is taken, the same for each: the room is live, the viewer is not
banned from it, the thing is neither used up nor closed, and it is this viewer's first claim of it."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from anchor_console.studio.errors import Conflict
from anchor_console.studio.services.moderation import Moderation
from anchor_console.studio.services.rooms import Rooms


def claimable(rooms: Rooms, moderation: Moderation, room_id: int, viewer_id: int, read: Callable[[], dict], *,
              open_state: str, used_up_state: str, used_up: Conflict, closed: Conflict) -> dict:
    """The thing (`read()`, after the room and the viewer passed) if a viewer may claim it now;
    `used_up` when its state is `used_up_state` (those who came too late are told so), `closed`
    when it is otherwise not `open_state`."""
    rooms.require_live(room_id)
    moderation.refuse_banned(room_id, viewer_id)
    thing = read()
    if thing["state"] == used_up_state:
        raise used_up
    if thing["state"] != open_state:
        raise closed
    return thing


def refuse_second_claim(db: sqlite3.Connection, claims: str, of: str, thing_id: int, viewer_id: int,
                        message: str) -> None:
    """Within the claim's transaction: Conflict `already_claimed` (saying `message`) when the
    viewer's claim of that thing is in table `claims` (keyed by column `of`) already."""
    if db.execute(f"SELECT 1 FROM {claims} WHERE {of} = ? AND viewer_id = ?", (thing_id, viewer_id)).fetchone():
        raise Conflict(message, code="already_claimed")
