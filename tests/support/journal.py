"""Looking up what a session's action journal holds, as the tests wait for it."""

from __future__ import annotations

from anchor_console.room.journal import CONFIRMED


def confirmed(session, kind: str, **params):
    """The journal's `kind` action with these params that the platform confirmed (None: none yet)."""
    return next((e for e in session.journal.entries(limit=50) if e.kind == kind and e.status == CONFIRMED
                 and all(e.params.get(k) == v for k, v in params.items())), None)
