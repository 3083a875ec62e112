"""The mod log: every moderation action — by a rule or by a person — with its time, who did it,
the comment and viewer, the action, the reason and the result (done, fell back to hiding
locally, failed). Kept in memory, bounded."""

from __future__ import annotations

import collections
import itertools
from dataclasses import dataclass

from anchor_console.domain.clock import Clock
from anchor_console.domain.events import Event
from anchor_console.domain.models import Comment
from anchor_console.domain.text import Text
from anchor_console.moderation.wordlists import Action

LOGGED, FELL_BACK, FAILED = "done", "fell_back", "failed"


@dataclass(frozen=True, slots=True)
class ModLogEntry:
    at: float
    actor: str            # a rule id ("list:diversion", "detector:phone") or a staff member's name
    comment_id: str
    user_id: str
    nickname: str
    text: str
    action: Action
    reason: Text
    result: str           # LOGGED, FELL_BACK or FAILED
    detail: Text | None = None
    dry_run: bool = False
    seq: int = 0          # numbers the entries of one log, for lists that show what is new


class ModLog:
    def __init__(self, clock: Clock, *, limit: int = 20_000) -> None:
        self.clock = clock
        self.entries: collections.deque[ModLogEntry] = collections.deque(maxlen=limit)
        self.added = Event("modlog.added")  # (ModLogEntry)
        self._seq = 0

    def add(self, actor: str, comment: Comment, action: Action, reason: Text, result: str, *,
            detail: Text | None = None, dry_run: bool = False) -> ModLogEntry:
        self._seq += 1
        entry = ModLogEntry(self.clock.now(), actor, comment.id, comment.user_id, comment.nickname,
                            comment.text[:300], action, reason, result, detail, dry_run, self._seq)
        self.entries.append(entry)
        self.added.emit(entry)
        return entry

    def clear(self) -> None:
        self.entries.clear()

    def for_user(self, user_id: str) -> list[ModLogEntry]:
        return [e for e in self.entries if e.user_id == user_id]

    def recent(self, limit: int = 500) -> list[ModLogEntry]:
        """The newest `limit` entries, newest first."""
        return list(itertools.islice(reversed(self.entries), limit))
