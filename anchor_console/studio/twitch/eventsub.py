"""EventSub over WebSocket as Studio serves it (`/ws`, like wss://eventsub.wss.twitch.tv/ws), fed by
the Studio rooms' own events: a comment in room R is a channel.chat.message notification for the
subscribers of channel 700000000+R, a deleted comment a channel.chat.message_delete.

Per the WebSocket reference (dev.twitch.tv/docs/eventsub/websocket-reference): the first frame is
`session_welcome`; without a subscription within `keepalive_timeout_seconds` the socket is closed
with 4003 (connection unused); when nothing was sent for that long a `session_keepalive` goes out;
inbound text closes with 4001. `reconnect` (a control) sends `session_reconnect` with a
`reconnect_url` to a fresh socket: notifications keep going to the old socket until the new one's
welcome, then its subscriptions move (nothing replayed, nothing resubscribed) and the old one is
closed once its queue is out; the last `redeliver_on_move` notifications are sent again on the new
socket, as Twitch may ("if Twitch is unsure whether you received a notification, it'll resend",
same message id); a client that has not moved within 30 s is closed with 4004. `drop` closes a
socket at once (4000): its subscriptions end (status websocket_disconnected) and what was queued
is lost, as on Twitch — unless `resume_after_drop` (tests only) parks them, so the same user's
resubscription gets what it missed. `revoke` sends
`revocation` for a channel's subscriptions and ends them."""

from __future__ import annotations

import asyncio
import contextlib
import json
import secrets
import uuid
from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, datetime

from fastapi import WebSocket, WebSocketDisconnect

from anchor_console.studio.twitch.core import (
    CHANNEL_BASE, STAFF_BASE, VIEWER_BASE, Identity, TwitchError, message_uuid,
)

CHAT_TYPES = ("channel.chat.message", "channel.chat.message_delete", "channel.chat.clear",
              "channel.chat.clear_user_messages")
MAX_SUBSCRIPTIONS = 300
MAX_TRANSPORTS = 3   # WebSocket connections one user may hold per client id (a 4th's subscribe: 429)
RECONNECT_GRACE_S = 30.0


def rfc3339(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%S.%f") + "000Z"


@dataclass(eq=False)
class Session:
    id: str
    ws: WebSocket | None
    keepalive: int
    connected_at: str
    queue: asyncio.Queue = field(default_factory=asyncio.Queue)     # (subscription id, frame) or a close
    recent: deque = field(default_factory=lambda: deque(maxlen=64))  # (subscription id, frame) sent
    subscribed: bool = False
    open: bool = True


@dataclass(eq=False)
class Subscription:
    id: str
    type: str
    condition: dict
    user_id: str
    session: Session | None
    created_at: str
    backlog: list = field(default_factory=list)     # parked after a drop (resume_after_drop only)

    def as_dict(self, status: str = "enabled", *, connected_at: bool = True) -> dict:
        """As Create EventSub Subscription answers it; in a notification without connected_at (as
        the documented notification examples show it)."""
        transport = {"method": "websocket", "session_id": self.session.id if self.session else ""}
        if connected_at:
            transport["connected_at"] = self.session.connected_at if self.session else ""
        return {"id": self.id, "status": status, "type": self.type, "version": "1", "condition": self.condition,
                "created_at": self.created_at, "transport": transport, "cost": 0}


class Close:
    def __init__(self, code: int, reason: str, drain: bool) -> None:
        self.code, self.reason, self.drain = code, reason, drain


class Hub:
    def __init__(self, identity: Identity) -> None:
        self.identity = identity
        self.sessions: dict[str, Session] = {}
        self.subscriptions: dict[str, Subscription] = {}
        self.moves: dict[str, Session] = {}            # reconnect token → the session being moved
        self.quiet: set[int] = set()                   # Studio comment ids not to forward (announcements)
        self.background: set[asyncio.Task] = set()     # closes under way (kept referenced until done)
        identity.studio.store.listeners.append(self._studio_event)

    def now_text(self) -> str:
        return rfc3339(self.identity.now())

    # frames ------------------------------------------------------------------------------
    def _frame(self, message_type: str, payload: dict, sub: Subscription | None = None) -> str:
        metadata = {"message_id": str(uuid.uuid4()), "message_type": message_type,
                    "message_timestamp": self.now_text()}
        if sub is not None:
            metadata.update(subscription_type=sub.type, subscription_version="1")
        return json.dumps({"metadata": metadata, "payload": payload}, ensure_ascii=False, separators=(",", ":"))

    def _welcome(self, session: Session, status: str = "connected", reconnect_url: str | None = None) -> str:
        return self._frame("session_welcome" if status == "connected" else "session_reconnect", {"session": {
            "id": session.id, "status": status, "connected_at": session.connected_at,
            "keepalive_timeout_seconds": session.keepalive if status == "connected" else None,
            "reconnect_url": reconnect_url}})

    def notify(self, room_id: int, sub_type: str, event: dict) -> None:
        channel = str(CHANNEL_BASE + room_id)
        event_json = None
        for sub in list(self.subscriptions.values()):
            if sub.type != sub_type or sub.condition.get("broadcaster_user_id") != channel:
                continue
            # Built by hand from encoded parts: a comment storm makes thousands of these a second.
            event_json = event_json or json.dumps(event, ensure_ascii=False, separators=(",", ":"))
            metadata = json.dumps({"message_id": str(uuid.uuid4()), "message_type": "notification",
                                   "message_timestamp": self.now_text(), "subscription_type": sub.type,
                                   "subscription_version": "1"}, separators=(",", ":"))
            frame = (f'{{"metadata":{metadata},"payload":{{"subscription":'
                     f'{json.dumps(sub.as_dict(connected_at=False), separators=(",", ":"))},"event":{event_json}}}}}')
            if sub.session is None:
                sub.backlog.append(frame)
            else:
                sub.session.queue.put_nowait((sub.id, frame))

    # Studio's events → notifications --------------------------------------------------
    def _broadcaster(self, room_id: int) -> dict:
        bid = str(CHANNEL_BASE + room_id)
        return {"broadcaster_user_id": bid, "broadcaster_user_login": f"studio_room_{room_id}",
                "broadcaster_user_name": f"StudioRoom{room_id}"}

    def _chatter(self, user: dict) -> tuple[str, str, str]:
        raw = str(user.get("id", ""))
        base = STAFF_BASE if raw.startswith("s") else VIEWER_BASE
        n = int(raw[1:]) if raw[1:].isdigit() else 0
        login = f"studio_staff_{n}" if raw.startswith("s") else f"viewer_{n}"
        return str(base + n), login, str(user.get("nickname", ""))

    def _studio_event(self, room_id: int, event_type: str, data: dict) -> None:
        if not self.subscriptions or event_type not in ("comment.created", "comment.updated"):
            return
        comment = data.get("comment") or {}
        if comment.get("id") in self.quiet:
            return
        uid, login, name = self._chatter(comment.get("user") or {})
        if event_type == "comment.created":
            badges = [{"set_id": "moderator", "id": "1", "info": ""}] if comment.get("is_staff") else []
            self.notify(room_id, "channel.chat.message", {
                **self._broadcaster(room_id), "chatter_user_id": uid, "chatter_user_login": login,
                "chatter_user_name": name, "message_id": message_uuid(int(comment["id"])),
                "message": {"text": comment.get("text", ""), "fragments": [
                    {"type": "text", "text": comment.get("text", ""), "cheermote": None, "emote": None,
                     "mention": None}]},
                "color": "", "badges": badges, "message_type": "text", "cheer": None, "reply": None,
                "channel_points_custom_reward_id": None, "channel_points_animation_id": None})
        elif comment.get("deleted"):
            self.notify(room_id, "channel.chat.message_delete", {
                **self._broadcaster(room_id), "target_user_id": uid, "target_user_login": login,
                "target_user_name": name, "message_id": message_uuid(int(comment["id"]))})

    def cleared(self, room_id: int, user_id: str | None = None) -> None:
        if user_id is None:
            self.notify(room_id, "channel.chat.clear", self._broadcaster(room_id))
            return
        user = self.identity.user(user_id) or {"login": "", "display_name": ""}
        self.notify(room_id, "channel.chat.clear_user_messages", {
            **self._broadcaster(room_id), "target_user_id": user_id, "target_user_login": user["login"],
            "target_user_name": user["display_name"]})

    # subscriptions (POST /helix/eventsub/subscriptions) ----------------------------------
    def subscribe(self, user_id: str, scopes: tuple[str, ...], body: dict) -> dict:
        sub_type, condition = body.get("type"), body.get("condition") or {}
        transport = body.get("transport") or {}
        if sub_type not in CHAT_TYPES or str(body.get("version")) != "1":
            raise TwitchError(400, "The combination of values in the type and version fields is not valid")
        if transport.get("method") != "websocket":
            raise TwitchError(400, "The transport method must be websocket for a user access token")
        session = self.sessions.get(str(transport.get("session_id", "")))
        if session is None or not session.open:
            raise TwitchError(400, "websocket transport session does not exist or has already disconnected")
        broadcaster = str(condition.get("broadcaster_user_id", ""))
        if self.identity.room_of(broadcaster) is None:
            raise TwitchError(400, "The broadcaster_user_id in the condition is not a valid user")
        if str(condition.get("user_id", "")) != user_id or "user:read:chat" not in scopes:
            raise TwitchError(403, "subscription missing proper authorization")
        condition = {"broadcaster_user_id": broadcaster, "user_id": user_id}
        transports = {s.session for s in self.subscriptions.values()
                      if s.user_id == user_id and s.session is not None and s.session.open}
        if session not in transports and len(transports) >= MAX_TRANSPORTS:
            raise TwitchError(429, "number of websocket transports limit exceeded")
        mine = [s for s in self.subscriptions.values() if s.session is session]
        if len(mine) >= MAX_SUBSCRIPTIONS:
            raise TwitchError(429, "number of websocket subscriptions exceeded")
        for other in self.subscriptions.values():
            if other.type == sub_type and other.condition == condition:
                if other.session is None:           # parked after a drop: resumes here
                    return self._resume(other, session)
                if other.session is session or other.session.open:
                    raise TwitchError(409, "subscription already exists")
        sub = Subscription(str(uuid.uuid4()), sub_type, condition, user_id, session, self.now_text())
        self.subscriptions[sub.id] = sub
        session.subscribed = True
        return self._created(sub)

    def _resume(self, sub: Subscription, session: Session) -> dict:
        sub.session = session
        session.subscribed = True
        for frame in sub.backlog:
            session.queue.put_nowait((sub.id, frame))
        sub.backlog = []
        return self._created(sub)

    def _created(self, sub: Subscription) -> dict:
        return {"data": [sub.as_dict()], "total": len(self.subscriptions), "total_cost": 0, "max_total_cost": 10}

    def list_subscriptions(self, user_id: str) -> dict:
        data = [s.as_dict("enabled" if s.session and s.session.open else "websocket_disconnected")
                for s in self.subscriptions.values() if s.user_id == user_id]
        return {"data": data, "total": len(data), "total_cost": 0, "max_total_cost": 10, "pagination": {}}

    def unsubscribe(self, user_id: str, sub_id: str) -> None:
        sub = self.subscriptions.get(sub_id)
        if sub is None or sub.user_id != user_id:
            raise TwitchError(404, "subscription not found")
        del self.subscriptions[sub_id]

    # chaos ---------------------------------------------------------------------------------
    def reconnect(self, base_ws_url: str) -> int:
        moved = 0
        for session in [s for s in self.sessions.values() if s.open and s not in self.moves.values()]:
            token = secrets.token_urlsafe(16)
            self.moves[token] = session
            url = f"{base_ws_url}/ws?reconnect={token}"
            session.queue.put_nowait((None, self._welcome(session, "reconnecting", url)))
            self.spawn(self._grace_ends(token, session))
            moved += 1
        return moved

    async def _grace_ends(self, token: str, session: Session) -> None:
        """Twitch closes the old socket with 4004 if the client has not moved within 30 seconds."""
        await asyncio.sleep(RECONNECT_GRACE_S)
        if self.moves.pop(token, None) is session and session.open:
            session.queue.put_nowait((None, Close(4004, "reconnect grace time expired", drain=False)))

    def drop(self) -> int:
        dropped = 0
        for session in [s for s in self.sessions.values() if s.open]:
            self._ended(session)      # at once: what is queued is not sent
            self.spawn(self._abort(session))
            dropped += 1
        return dropped

    def spawn(self, coro) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self.background.add(task)
        task.add_done_callback(self.background.discard)

    @staticmethod
    async def _abort(session: Session) -> None:
        with contextlib.suppress(Exception):
            await session.ws.close(4000, "internal server error")

    def revoke(self, status: str, broadcaster_id: str | None = None) -> int:
        revoked = 0
        for sub in list(self.subscriptions.values()):
            if broadcaster_id and sub.condition["broadcaster_user_id"] != broadcaster_id:
                continue
            del self.subscriptions[sub.id]
            if sub.session is not None and sub.session.open:
                ended = sub.as_dict(status, connected_at=False)
                sub.session.queue.put_nowait((None, self._frame("revocation", {"subscription": ended}, sub)))
            revoked += 1
        return revoked

    # the socket ----------------------------------------------------------------------------
    async def serve(self, ws: WebSocket) -> None:
        await ws.accept()
        try:
            keepalive = int(ws.query_params.get("keepalive_timeout_seconds") or self.identity.config.keepalive_s)
        except ValueError:
            keepalive = self.identity.config.keepalive_s
        keepalive = min(600, max(10, keepalive))   # "an invalid, but numeric value" → the nearest valid one
        old = None
        if "reconnect" in ws.query_params:
            old = self.moves.pop(ws.query_params["reconnect"], None)
            if old is None:
                await ws.close(4007, "invalid reconnect")
                return
            keepalive = old.keepalive
        session = Session(secrets.token_hex(12), ws, keepalive, self.now_text())
        self.sessions[session.id] = session
        await ws.send_text(self._welcome(session))
        if old is not None:
            self._take_over(old, session)
        sender = asyncio.create_task(self._send(session))
        try:
            while True:
                message = await ws.receive()
                if message["type"] == "websocket.disconnect":
                    break
                if message.get("text") is not None or message.get("bytes") is not None:
                    session.queue.put_nowait((None, Close(4001, "client sent inbound traffic", drain=False)))
        except (WebSocketDisconnect, RuntimeError):
            pass
        finally:
            sender.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await sender
            self._ended(session)

    def _take_over(self, old: Session, new: Session) -> None:
        redeliver = self.identity.config.redeliver_on_move
        for sub_id, frame in list(old.recent)[-redeliver:] if redeliver else []:
            new.queue.put_nowait((sub_id, frame))
        for sub in self.subscriptions.values():
            if sub.session is old:
                sub.session = new
                new.subscribed = True
        old.queue.put_nowait((None, Close(1000, "moved", drain=True)))

    def _ended(self, session: Session) -> None:
        session.open = False
        self.sessions.pop(session.id, None)
        resume = self.identity.config.resume_after_drop
        pending = []
        while not session.queue.empty():
            pending.append(session.queue.get_nowait())
        for sub in list(self.subscriptions.values()):
            if sub.session is not session:
                continue
            if resume:    # tests only: what this socket was unsure of, and what it never sent, wait for it
                unsure = [f for sid, f in list(session.recent)[-max(1, self.identity.config.redeliver_on_move):]
                          if sid == sub.id]
                sub.backlog = unsure + [f for sid, f in pending if sid == sub.id and isinstance(f, str)]
                sub.session = None
            else:
                del self.subscriptions[sub.id]

    async def _send(self, session: Session) -> None:
        ws = session.ws
        assert ws is not None
        opened = asyncio.get_running_loop().time()
        while True:
            try:   # asyncio.timeout, not wait_for: 3.11's wait_for may swallow a cancellation
                async with asyncio.timeout(session.keepalive):
                    sub_id, item = await session.queue.get()
            except TimeoutError:
                if not session.subscribed and asyncio.get_running_loop().time() - opened >= session.keepalive:
                    item, sub_id = Close(4003, "connection unused", drain=False), None
                else:
                    await ws.send_text(self._frame("session_keepalive", {}))
                    continue
            if isinstance(item, Close):
                if item.drain:
                    while not session.queue.empty():
                        sid, frame = session.queue.get_nowait()
                        if isinstance(frame, str):
                            await ws.send_text(frame)
                            session.recent.append((sid, frame))
                else:
                    session.open = False
                    self._ended(session)
                await ws.close(item.code, item.reason)
                return
            await ws.send_text(item)
            if sub_id is not None:
                session.recent.append((sub_id, item))
