"""The review queue: comments held by a rule wait here, oldest first, for a moderator to approve
(shown again) or reject (deleted on the platform, or hidden where it cannot delete)."""

from __future__ import annotations

import collections
import itertools

from anchor_console.domain.events import Event
from anchor_console.domain.models import Comment
from anchor_console.moderation.pipeline import Verdict


class ReviewQueue:
    def __init__(self, *, limit: int = 5000) -> None:
        self._held: collections.OrderedDict[str, tuple[Comment, Verdict]] = collections.OrderedDict()
        self.limit = limit
        self.changed = Event("review.changed")

    def _changed(self) -> None:
        self.changed.emit()

    def hold(self, comment: Comment, verdict: Verdict) -> None:
        self._held[comment.id] = (comment, verdict)
        while len(self._held) > self.limit:   # a flood of held spam: the oldest drop off (still in the store)
            self._held.popitem(last=False)
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

    def clear(self) -> None:
        if self._held:
            self._held.clear()
            self._changed()

    def drop(self, comment_id: str) -> None:
        """The comment was deleted elsewhere (another console, the platform)."""
        self.take(comment_id)
