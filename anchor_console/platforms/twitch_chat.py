"""A Twitch channel's chat as room events: EventSub notifications turned into domain values, kept
in order under local event ids so that `Platform.events(last_event_id=…)` can resume, and the
recent messages kept for `comment_history` (Twitch has no chat-history API: the history is what
this connection received since it started watching the channel).

Notification shapes (Twitch EventSub subscription types reference, "Channel Chat Message Event",
"Channel Chat Message Delete Event", "Channel Chat Clear Event", "Channel Chat Clear User Messages
Event"; tests/platforms/twitch_docs/ holds the documented examples)."""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime

from anchor_console.domain.models import Comment, RoomEvent

STAFF_BADGES = frozenset({"broadcaster", "moderator", "staff", "admin"})
CHAT_TYPES = ("channel.chat.message", "channel.chat.message_delete", "channel.chat.clear",
              "channel.chat.clear_user_messages")


def twitch_time(text: str, default: float = 0.0) -> float:
    """RFC 3339 with nanoseconds ("2023-07-19T14:56:51.634234626Z") as epoch seconds."""
    if not text:
        return default
    text = text.replace("Z", "+00:00")
    if "." in text:
        head, rest = text.split(".", 1)
        digits = "".join(ch for ch in rest if ch.isdigit())
        zone = rest[len(digits):]
        text = f"{head}.{digits[:6]}{zone}"
    try:
        return datetime.fromisoformat(text).timestamp()
    except ValueError:
        return default


def chat_comment(event: dict, connection_id: str, ts: float) -> Comment:
    badges = {b.get("set_id") for b in event.get("badges") or () if isinstance(b, dict)}
    message = event.get("message") or {}
    return Comment(id=str(event["message_id"]), room_id=str(event["broadcaster_user_id"]),
                   user_id=str(event["chatter_user_id"]),
                   nickname=str(event.get("chatter_user_name") or event.get("chatter_user_login") or ""),
                   text=str(message.get("text", "")), created_at=ts,
                   is_staff=bool(badges & STAFF_BADGES) or event["chatter_user_id"] == event["broadcaster_user_id"],
                   connection_id=connection_id)


class RoomChat:
    """One channel's chat events, numbered from 1, and its recent messages."""

    def __init__(self, room_id: str, connection_id: str, *, keep_events: int = 100_000,
                 keep_comments: int = 5_000, now: Callable[[], float]) -> None:
        self.room_id = room_id
        self.connection_id = connection_id
        self._now = now
        self.keep_events = keep_events
        self.events: list[RoomEvent] = []   # trimmed by halves (cheap slicing by id)
        self.last_id = 0
        self.comments: OrderedDict[str, Comment] = OrderedDict()
        self.keep_comments = keep_comments
        self.changed = asyncio.Condition()
        self._wake_pending = False
        self._notifiers: set[asyncio.Future] = set()

    def _add(self, event_type: str, data: dict, ts: float) -> None:
        self.last_id += 1
        self.events.append(RoomEvent(self.last_id, event_type, self.room_id, ts, data))
        if len(self.events) > self.keep_events:
            del self.events[:len(self.events) // 2]

    def remember(self, comment: Comment) -> None:
        self.comments[comment.id] = comment
        self.comments.move_to_end(comment.id)
        while len(self.comments) > self.keep_comments:
            self.comments.popitem(last=False)

    def deleted(self, message_id: str, user_id: str = "", nickname: str = "") -> Comment:
        known = self.comments.get(message_id)
        if known is None:
            known = Comment(message_id, self.room_id, user_id, nickname, "", self._now(),
                            connection_id=self.connection_id)
        gone = Comment(known.id, known.room_id, known.user_id, known.nickname, known.text, known.created_at,
                       known.is_staff, False, known.hidden, True, known.connection_id)
        self.comments[message_id] = gone
        return gone

    def take(self, subscription_type: str, event: dict, metadata: dict) -> None:
        """One deduplicated notification of this channel."""
        ts = twitch_time(str(metadata.get("message_timestamp", "")), self._now())
        if subscription_type == "channel.chat.message":
            comment = chat_comment(event, self.connection_id, ts)
            self.remember(comment)
            self._add("comment.created", {"comment": comment}, ts)
        elif subscription_type == "channel.chat.message_delete":
            comment = self.deleted(str(event["message_id"]), str(event.get("target_user_id", "")),
                                   str(event.get("target_user_name", "")))
            self._add("comment.updated", {"comment": comment}, ts)
        elif subscription_type == "channel.chat.clear_user_messages":
            user = str(event.get("target_user_id", ""))
            for mid in [m for m, c in self.comments.items() if c.user_id == user and not c.deleted]:
                self._add("comment.updated", {"comment": self.deleted(mid)}, ts)
        elif subscription_type == "channel.chat.clear":
            for mid in [m for m, c in self.comments.items() if not c.deleted]:
                self._add("comment.updated", {"comment": self.deleted(mid)}, ts)
            self._add("comments.cleared", {}, ts)
        self._wake()

    def note(self, event_type: str, data: dict) -> None:
        """A change this connection made itself (e.g. chat settings) that Twitch does not push."""
        self._add(event_type, data, self._now())
        self._wake()

    def _wake(self) -> None:
        # Many notifications arrive per loop turn: one wake-up for all of them.
        if not self._wake_pending:
            self._wake_pending = True
            asyncio.get_running_loop().call_soon(self._start_notify)

    def _start_notify(self) -> None:
        # asyncio holds tasks weakly: one nobody refers to may be collected before it notifies,
        # and the stream would wait for the next message to wake.
        task = asyncio.ensure_future(self._notify())
        self._notifiers.add(task)
        task.add_done_callback(self._notifiers.discard)

    async def _notify(self) -> None:
        self._wake_pending = False
        async with self.changed:
            self.changed.notify_all()

    def after(self, last_id: int) -> list[RoomEvent] | None:
        """Events after `last_id`; None when some of them are no longer kept (the caller resyncs)."""
        if last_id >= self.last_id:
            return []
        first = self.events[0].id if self.events else self.last_id + 1
        if last_id + 1 < first:
            return None
        return self.events[last_id + 1 - first:]
