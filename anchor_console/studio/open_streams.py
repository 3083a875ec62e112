"""The event streams open right now, by the token that opened each, so a token that stops working
stops its streams too: revoked here (a staff member removed), revoked by another process
(`anchor-console studio tokens revoke`, seen through the database within SWEEP_S), or expired.

A closed stream gets a last frame (`event: closed`, with the reason as `{code, message}`) and ends;
the client's reconnect is then refused with 401."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from anchor_console.studio.event_feed import EventFeed
from anchor_console.studio.services.tokens import Tokens
from anchor_console.studio.store import Principal, StudioStore

SWEEP_S = 0.25

CLOSE_REASONS = {
    "token_revoked": "The access token of this stream was revoked.",
    "token_expired": "The access token of this stream has expired.",
}


@dataclass(eq=False)
class StreamHandle:
    room_id: int
    token_id: int | None
    expires_at: float | None
    closed: str | None = None   # why the stream must end (a CLOSE_REASONS key), once it must

    def closing_frame(self) -> bytes:
        body = {"code": self.closed, "message": CLOSE_REASONS.get(self.closed or "", "")}
        return f"event: closed\ndata: {json.dumps(body)}\n\n".encode("ascii")


@dataclass(eq=False)
class OpenStreams:
    store: StudioStore
    tokens: Tokens
    wall: Callable[[], float] = time.time
    _by_token: dict[int | None, set[StreamHandle]] = field(default_factory=dict)
    _revision: str | None = None

    def __post_init__(self) -> None:
        self.tokens.revoked_listeners.append(self.close_tokens)
        self._revision = self.store.meta("tokens_revision")

    @property
    def feed(self) -> EventFeed:
        return self.store.feed

    def __len__(self) -> int:
        return sum(len(s) for s in self._by_token.values())

    def open(self, principal: Principal, room_id: int) -> StreamHandle:
        handle = StreamHandle(room_id, principal.token_id, principal.expires_at)
        self._by_token.setdefault(principal.token_id, set()).add(handle)
        return handle

    def release(self, handle: StreamHandle) -> None:
        streams = self._by_token.get(handle.token_id)
        if streams is not None:
            streams.discard(handle)
            if not streams:
                del self._by_token[handle.token_id]

    def close_tokens(self, token_ids: set[int], reason: str = "token_revoked") -> int:
        closed = 0
        for token_id in token_ids:
            for handle in self._by_token.get(token_id, ()):
                if handle.closed is None:
                    handle.closed = reason
                    self.feed.room(handle.room_id).wake()
                    closed += 1
        return closed

    def sweep(self) -> None:
        """From the server's ticker: close streams whose token expired, or was revoked by another
        process (a changed `tokens_revision`, read only when the database changed elsewhere)."""
        if not self._by_token:
            return
        now = self.wall()
        expired = {h.token_id for hs in self._by_token.values() for h in hs
                   if h.expires_at is not None and h.expires_at <= now and h.token_id is not None}
        if expired:
            self.close_tokens(expired, "token_expired")
        if self.store.changed_elsewhere():
            revision = self.store.meta("tokens_revision")
            if revision != self._revision:
                self._revision = revision
                ids = {t for t in self._by_token if t is not None}
                self.close_tokens(ids - self.tokens.still_valid(ids))
