"""A room's chat modes — slow mode, followers-only chat, shield mode (Twitch has them all; so does
Studio) — and the check that refuses a viewer's comment under them.

The modes live on the room's row (`rooms.slow_mode_s`, `followers_only_min`, `shield`), so they
are part of every answer about the room and of its `room.updated` event.

The check is made for every viewer comment, the simulated audience's thousands a second included,
so it is built for batches:
  slow mode       each viewer's last comment time in the room is kept in memory (`_last`), noted
                  when comments are added. On PostgreSQL with several workers, the comments other
                  workers add reach this map through their `comment.created` events read from the
                  table (event_feed.table_listeners), within moments: a viewer sending two comments
                  to two workers inside those few milliseconds may get both through once. That is
                  acceptable for a rate limit that is about seconds, and saves an index on the
                  comments table every audience comment would have to maintain. After a restart the
                  map is empty: a viewer's first comment is never refused by slow mode.
  followers-only  one query per batch on `follows` (the shop's follows: a viewer follows the shop
  and shield      once, in whichever of its rooms — `follows.viewer_id` is the key — so a follow made
                  in an earlier show counts), and for shield one on `orders` (this room's buyers,
                  under the orders_buyer index). Only while such a mode is on, and exact on every
                  worker."""

from __future__ import annotations

from dataclasses import dataclass

from anchor_console.domain import models
from anchor_console.domain.models import MAX_FOLLOW_MIN, SLOW_MODE_RANGE_S
from anchor_console.studio.errors import Invalid
from anchor_console.studio.store import StoreService

SLOW_MODE_RANGE = SLOW_MODE_RANGE_S      # seconds; 0 is off (the console's limits: domain.models)
FOLLOWERS_ONLY_RANGE = (0, MAX_FOLLOW_MIN)  # minutes of following; None is off
SLOW_MODE_RULE = f"must be 0 (off) or {SLOW_MODE_RANGE[0]}..{SLOW_MODE_RANGE[1]} seconds"
FOLLOWERS_ONLY_RULE = f"must be null (off) or 0..{MAX_FOLLOW_MIN} minutes"
_SQL_CHUNK = 500            # ids per IN (...): well under any engine's limit of parameters
_FORGET_AFTER = 50_000      # viewers remembered per room before those past any slow mode are dropped

REFUSALS = {"slow_mode": "Slow mode is on: wait a little before you comment again.",
            "followers_only": "Only followers can comment in this room right now.",
            "shield_mode": "Shield mode is on: only followers and buyers can comment in this room right now."}


def slow_mode_ok(value: object) -> bool:
    """The console's rule (domain.models), for a value from a request body: a whole number, not a bool."""
    return type(value) is int and models.slow_mode_ok(value)


def followers_only_ok(value: object) -> bool:
    return value is None or (type(value) is int and models.followers_only_ok(value))


@dataclass(frozen=True, slots=True)
class ChatModes:
    slow_mode_s: int = 0                  # 0: off
    followers_only_min: int | None = None  # None: off; 0: any follower
    shield: bool = False

    @classmethod
    def of(cls, room) -> ChatModes:
        """From the room's row, or from the room's JSON (`room["chat"]`)."""
        if isinstance(room, dict):
            chat = room.get("chat") or {}
            return cls(chat.get("slow_mode_s") or 0, chat.get("followers_only_min"), bool(chat.get("shield")))
        return cls(room["slow_mode_s"] or 0, room["followers_only_min"], bool(room["shield"]))

    def as_dict(self) -> dict:
        return {"slow_mode_s": self.slow_mode_s, "followers_only_min": self.followers_only_min, "shield": self.shield}

    @property
    def any_on(self) -> bool:
        return bool(self.slow_mode_s) or self.followers_only_min is not None or self.shield

    def changed(self, **changes) -> ChatModes:
        """These modes with `changes` (only the keys given), each checked against its range."""
        if "slow_mode_s" in changes and not slow_mode_ok(changes["slow_mode_s"]):
            raise Invalid(f"slow_mode_s {SLOW_MODE_RULE}.")
        if "followers_only_min" in changes and not followers_only_ok(changes["followers_only_min"]):
            raise Invalid(f"followers_only_min {FOLLOWERS_ONLY_RULE}.")
        if "shield" in changes and not isinstance(changes["shield"], bool):
            raise Invalid("shield must be true or false.")
        return ChatModes(changes.get("slow_mode_s", self.slow_mode_s),
                         changes.get("followers_only_min", self.followers_only_min),
                         changes.get("shield", self.shield))


@dataclass(eq=False)
class ChatModeGate(StoreService):
    """Who may comment under a room's chat modes (staff are never asked): see the module's notes."""

    def __post_init__(self) -> None:
        super().__post_init__()
        self._last: dict[int, dict[int, float]] = {}   # room -> viewer -> Studio time of their last comment
        self._trim_at: dict[int, int] = {}              # room -> the size at which `_last` is trimmed next
        self.store.feed.table_listeners.append(self._on_table_event)

    def _on_table_event(self, room_id: int, event_type: str, data: dict) -> None:
        """Another worker's comment (PostgreSQL, several workers): it counts for slow mode here too."""
        if event_type != "comment.created":
            return
        comment = data.get("comment") or {}
        user = str((comment.get("user") or {}).get("id", ""))
        if user.startswith("v") and user[1:].isdigit() and not comment.get("is_staff"):
            self.noted(room_id, [int(user[1:])], float(comment.get("created_at") or self.store.clock.now()))

    def noted(self, room_id: int, viewer_ids: list[int], at: float) -> None:
        """These viewers commented in the room at `at` (Studio's clock)."""
        last = self._last.setdefault(room_id, {})
        for viewer_id in viewer_ids:
            if last.get(viewer_id, 0.0) < at:
                last[viewer_id] = at
        if len(last) > self._trim_at.get(room_id, _FORGET_AFTER):   # nobody waits longer than the longest slow mode
            cutoff = at - SLOW_MODE_RANGE[1]
            kept = self._last[room_id] = {v: t for v, t in last.items() if t > cutoff}
            self._trim_at[room_id] = max(_FORGET_AFTER, 2 * len(kept))   # not again at the next batch

    def slow_mode_wait(self, room_id: int, viewer_id: int, modes: ChatModes) -> float:
        """Seconds until the viewer may comment again under slow mode (0: now)."""
        if not modes.slow_mode_s:
            return 0.0
        last = self._last.get(room_id, {}).get(viewer_id)
        if last is None:
            return 0.0
        return max(0.0, last + modes.slow_mode_s - self.store.clock.now())

    def refusals(self, room_id: int, viewer_ids: list[int], modes: ChatModes) -> list[str | None]:
        """For each would-be comment of a batch (in order), None or the mode refusing it. Under slow
        mode a viewer twice in one batch is refused the second time."""
        if not modes.any_on or not viewer_ids:
            return [None] * len(viewer_ids)
        followed_at = self._followed_at(viewer_ids) if modes.followers_only_min is not None or modes.shield else {}
        buyers = self._buyers(room_id, [v for v in viewer_ids if v not in followed_at]) if modes.shield else set()
        now = self.store.clock.now()
        seen: set[int] = set()
        answers: list[str | None] = []
        for viewer_id in viewer_ids:
            if modes.shield and viewer_id not in followed_at and viewer_id not in buyers:
                answers.append("shield_mode")
            elif modes.followers_only_min is not None and (
                    viewer_id not in followed_at or now - followed_at[viewer_id] < modes.followers_only_min * 60):
                answers.append("followers_only")
            elif modes.slow_mode_s and (viewer_id in seen or self.slow_mode_wait(room_id, viewer_id, modes) > 0):
                answers.append("slow_mode")
            else:
                answers.append(None)
                seen.add(viewer_id)
        return answers

    def _followed_at(self, viewer_ids: list[int]) -> dict[int, float]:
        found: dict[int, float] = {}
        unique = sorted(set(viewer_ids))
        for at in range(0, len(unique), _SQL_CHUNK):
            part = unique[at:at + _SQL_CHUNK]
            for row in self.db.execute(f"SELECT viewer_id, created_at FROM follows WHERE viewer_id IN "
                                       f"({','.join('?' * len(part))})", part).fetchall():
                found[row[0]] = row[1]
        return found

    def _buyers(self, room_id: int, viewer_ids: list[int]) -> set[int]:
        found: set[int] = set()
        unique = sorted(set(viewer_ids))
        for at in range(0, len(unique), _SQL_CHUNK):
            part = unique[at:at + _SQL_CHUNK]
            found.update(r[0] for r in self.db.execute(
                f"SELECT DISTINCT viewer_id FROM orders WHERE room_id = ? AND viewer_id IN "
                f"({','.join('?' * len(part))})", (room_id, *part)).fetchall())
        return found
