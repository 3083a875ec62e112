"""The review queue: comments held by a rule wait here, oldest first, for a moderator to approve
(shown again) or reject (deleted on the platform, or hidden where it cannot delete)."""

from __future__ import annotations

import asyncio
import collections
import itertools
import logging
import sqlite3
from typing import Callable

from anchor_console.domain.events import Event
from anchor_console.domain.models import Comment
from anchor_console.domain.text import QT_TRANSLATE_NOOP
from anchor_console.moderation.comment_store import CommentStore
from anchor_console.moderation.pipeline import Verdict
from anchor_console.moderation.wordlists import Action

log = logging.getLogger("anchor_console.moderation.review")
LET_GO_KEPT = 50_000   # ids of held comments a full queue let go, remembered to count them off when decided
HELD_BEFORE = QT_TRANSLATE_NOOP("Moderation", "held before the console last closed or left this room")


class ReviewQueue:
    def __init__(self, *, limit: int = 5000) -> None:
        self._held: collections.OrderedDict[str, tuple[Comment, Verdict]] = collections.OrderedDict()
        self.limit = limit
        # Held comments that fell off the end of a full queue (a flood of held spam), undecided: said
        # under the list so a moderator knows some were never looked at (they stay held, in the feed's
        # Held filter while recent, and in the session file). Counted off as they are decided there.
        self.left_unlisted = 0
        self._let_go: collections.OrderedDict[str, None] = collections.OrderedDict()
        self.changed = Event("review.changed")

    def _changed(self) -> None:
        self.changed.emit()

    def hold(self, comment: Comment, verdict: Verdict) -> None:
        self._held[comment.id] = (comment, verdict)
        while len(self._held) > self.limit:   # a flood of held spam: the oldest drop off (still in the store)
            gone, _ = self._held.popitem(last=False)
            self.left_unlisted += 1
            self._let_go[gone] = None
            if len(self._let_go) > LET_GO_KEPT:
                self._let_go.popitem(last=False)
        self._changed()

    def __len__(self) -> int:
        return len(self._held)

    def __contains__(self, comment_id: str) -> bool:
        return comment_id in self._held

    def items(self, limit: int | None = None) -> list[tuple[Comment, Verdict]]:
        """Held comments, oldest first (the first `limit` of them)."""
        return list(itertools.islice(self._held.values(), limit))

    def take(self, comment_id: str) -> tuple[Comment, Verdict] | None:
        """Remove a held comment (to approve or reject it)."""
        item = self._held.pop(comment_id, None)
        if item is not None:
            self._changed()
        return item

    def decided_elsewhere(self, comment_id: str) -> None:
        """A held comment this queue let go was approved or rejected (from the feed's Held filter):
        one fewer left undecided."""
        if comment_id in self._let_go:
            del self._let_go[comment_id]
            self.left_unlisted = max(0, self.left_unlisted - 1)
            self._changed()

    def clear(self) -> None:
        self._let_go.clear()
        if self._held or self.left_unlisted:
            self._held.clear()
            self.left_unlisted = 0
            self._changed()

    def drop(self, comment_id: str) -> None:
        """The comment was deleted elsewhere (another console, the platform)."""
        if self.take(comment_id) is None:
            self.decided_elsewhere(comment_id)

    async def hold_again(self, store: CommentStore, still: Callable[[], bool]) -> None:
        """The comments of this room's session file still held for review (the console closed, or
        followed another room, before a moderator decided): back in the queue — out of the feed
        and out of review they were hidden for good. Read off the ui thread (a day's file may be
        large); `still`: the desk still follows that room."""
        try:
            rows = await asyncio.to_thread(store.recent, limit=self.limit, where="state = ?", args=("held",))
        except sqlite3.Error as exc:   # the file closed meanwhile (another room), or unreadable: nothing to restore
            log.info("held comments not read back: %s", exc)
            return
        if not still():
            return
        for row in rows:
            if row.id not in self._held:
                self._held[row.id] = (row.as_comment(), Verdict(Action.HOLD, rule=row.rule, name=HELD_BEFORE))
        if rows:
            self._changed()
