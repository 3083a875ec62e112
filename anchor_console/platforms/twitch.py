"""The Twitch adapter: a channel's chat read through EventSub WebSocket, moderated through Helix.

A room is a Twitch channel, named by its broadcaster's user id; the signed-in user (the token's
owner) is its broadcaster or one of its moderators, and is the `moderator_id` of every moderation
call (Helix requires it to be the token's user). What Twitch offers and the console uses:

  reading chat       EventSub channel.chat.message (+ message_delete, clear, clear_user_messages)
  delete a message   DELETE /moderation/chat?message_id=…       (clear chat: without message_id)
  mute a viewer      POST /moderation/bans with a duration (a timeout, 1 s to 2 weeks)
  ban / unban        POST /moderation/bans without duration / DELETE /moderation/bans
  room-wide mute     emote-only mode (PATCH /chat/settings): the closest Twitch has to "only staff talk"
  slow mode          PATCH /chat/settings slow_mode, slow_mode_wait_time (3–120 s)
  followers-only     PATCH /chat/settings follower_mode, follower_mode_duration (0–129,600 min)
  shield mode        PUT /moderation/shield_mode {"is_active"}  (read: GET, when the room is fetched)
  announcements      POST /chat/announcements {"message", "color"}  (204, no message id)
  post as staff      POST /chat/messages

Chat settings' scopes, as the Helix reference has them: Update Chat Settings needs a user token with
moderator:manage:chat_settings and moderator_id = the token's user (required); Get Chat Settings takes
any token and no scope, and leaves out non_moderator_chat_delay(_duration) and moderator_id unless the
token has moderator:read:chat_settings (the console shows no chat delay, so does not ask for it).

The chat modes are read with the room (its snapshot) and after each change the console makes; the
console does not subscribe to channel.chat_settings.update or channel.shield_mode.begin/end (Studio's
EventSub emulator does not serve them), so a change made on Twitch itself shows on the next fetch.

Twitch has no shop, shelf, coupons, flash sales, giveaways, or hiding a message from others only:
those capabilities are left out and the console disables them with Twitch's reason. Pinning a
message has newer Helix endpoints (seen in the twitch_api crate, not in the research notes):
unconfirmed, so not used yet.

Chat messages and announcements carry no idempotency key on Twitch: a retry with the same key
within this process returns the first answer; after a crash an unanswered chat message may be
sent twice (it is not a money action)."""

from __future__ import annotations

import asyncio
import dataclasses
import time
from collections.abc import AsyncIterator, Callable

import httpx

from anchor_console.domain.capabilities import Capability
from anchor_console.domain.models import (
    ANNOUNCEMENT_COLORS, MAX_ANNOUNCEMENT, ChatModes, Comment, Room, RoomEvent, RoomStatus, Viewer,
    followers_only_ok, slow_mode_ok,
)
from anchor_console.domain.text import QT_TRANSLATE_NOOP, Text
from anchor_console.platforms import errors as pe
from anchor_console.platforms.base import (
    Platform, RoomSnapshot, StatusCallback, StreamStatus,
)
from anchor_console.platforms.twitch_auth import (
    ID_BASE, PLATFORM, VALIDATE_EVERY_S, Sleep, TokenHolder,
)
from anchor_console.platforms.twitch_chat import CHAT_TYPES, RoomChat, twitch_time
from anchor_console.platforms.twitch_client import ALREADY_BANNED, HELIX_BASE, HelixClient
from anchor_console.platforms.twitch_eventsub import (
    EVENTSUB_WS, Connect, EventSubSocket, default_connect,
)

C = Capability
TWITCH_API = "https://api.twitch.tv"
MAX_TIMEOUT_S = 1_209_600           # two weeks (Ban User reference: duration 1–1,209,600)
MAX_REASON = 500
READY_TIMEOUT_S = 15.0
MAX_SOCKETS = 3   # EventSub WebSocket connections a user may hold per client id (Twitch's documented limit)

TIMEOUT_RANGE = QT_TRANSLATE_NOOP("PlatformError", "Twitch timeouts last from 1 second to 2 weeks "
                                                   "(1,209,600 seconds).")
SLOW_RANGE = QT_TRANSLATE_NOOP("PlatformError", "Twitch's slow mode waits 3 to 120 seconds between messages.")
FOLLOW_RANGE = QT_TRANSLATE_NOOP("PlatformError", "Twitch's followers-only chat asks for 0 minutes to 90 days "
                                                  "(129,600 minutes) of following.")
ANNOUNCEMENT_FORM = QT_TRANSLATE_NOOP("PlatformError", "A Twitch announcement has 1 to 500 characters and one of "
                                                       "the colours primary, blue, green, orange or purple.")
MESSAGE_DROPPED = QT_TRANSLATE_NOOP("PlatformError", "Twitch did not post the message: {reason}")
CHANNEL_UNKNOWN = QT_TRANSLATE_NOOP("PlatformError", "Twitch has no channel with this id.")
_REVOKED: dict[str, Text] = {
    "authorization_revoked": QT_TRANSLATE_NOOP("PlatformError", "Twitch stopped sending this channel's chat: the "
                                                                "account's permission for the console was revoked. "
                                                                "Sign in to Twitch again."),
    "moderator_removed": QT_TRANSLATE_NOOP("PlatformError", "Twitch stopped sending this channel's chat: the "
                                                            "signed-in account is no longer a moderator there."),
    "user_removed": QT_TRANSLATE_NOOP("PlatformError", "Twitch stopped sending this channel's chat: the channel's "
                                                       "account was closed or suspended."),
    "version_removed": QT_TRANSLATE_NOOP("PlatformError", "Twitch stopped sending this channel's chat: the "
                                                          "subscription type is no longer supported. Update the "
                                                          "console."),
}
NO_SHOP = QT_TRANSLATE_NOOP("PlatformError", "Twitch has no shop: products, coupons and flash sales stay on the "
                                             "room's other connections.")
_WHY_NOT: dict[Capability, Text] = {
    **dict.fromkeys((C.SHELF, C.STAGE, C.SALE_TOGGLE, C.SORT, C.PRICE, C.COUPONS, C.FLASH_SALES), NO_SHOP),
    C.HIDE_COMMENT: QT_TRANSLATE_NOOP("PlatformError", "Twitch cannot hide a message from viewers only; delete it "
                                                       "instead."),
    C.PIN: QT_TRANSLATE_NOOP("PlatformError", "The console does not pin Twitch messages yet."),
    C.STATS_STREAM: QT_TRANSLATE_NOOP("PlatformError", "Twitch reports no sales figures; only the viewer count, "
                                                       "which the console does not read yet."),
    C.LUCKY_BAGS: QT_TRANSLATE_NOOP("PlatformError", "Twitch has no API for giveaways."),
    C.RED_PACKETS: QT_TRANSLATE_NOOP("PlatformError", "Twitch has no API for giveaways."),
}
REVOKED_OTHER = QT_TRANSLATE_NOOP("PlatformError", "Twitch stopped sending this channel's chat ({reason}).")


def twitch_hosts(url: str) -> tuple[str, str, str]:
    """(Helix base, id.twitch.tv base, EventSub WebSocket URL) for a connection's URL: Twitch's own
    three hosts for https://api.twitch.tv, else one server answering all three (Studio's emulator:
    /helix, /oauth2, /ws)."""
    url = url.rstrip("/")
    if url in (TWITCH_API, HELIX_BASE):
        return HELIX_BASE, ID_BASE, EVENTSUB_WS
    return url + "/helix", url, url.replace("http", "ws", 1) + "/ws"


class TwitchPlatform(Platform):
    kind = "twitch"
    reasons = _WHY_NOT
    capabilities = frozenset({C.ROOMS, C.COMMENT_STREAM, C.DELETE_COMMENT, C.MUTE, C.BAN, C.ROOM_MUTE,
                              C.POST_AS_STAFF, C.SLOW_MODE, C.FOLLOWERS_ONLY, C.SHIELD_MODE, C.ANNOUNCE})
    reports_stock = False
    figures = frozenset()

    def __init__(self, connection_id: str, client_id: str, refresh_token: str, client: httpx.AsyncClient, *,
                 display_name: str = "Twitch", helix_base: str = HELIX_BASE, id_base: str = ID_BASE,
                 eventsub_url: str = EVENTSUB_WS, connect: Connect = default_connect, sleep: Sleep = asyncio.sleep,
                 now: Callable[[], float] = time.time, monotonic: Callable[[], float] = time.monotonic,
                 on_new_secret: Callable[[str], None] | None = None, keepalive_grace_s: float = 5.0) -> None:
        super().__init__(connection_id, display_name)
        self.client = client
        self.tokens = TokenHolder(client, client_id, refresh_token, id_base=id_base, monotonic=monotonic,
                                  on_new_secret=on_new_secret)
        self.helix = HelixClient(client, self.tokens, base_url=helix_base, sleep=sleep, now=now)
        self.eventsub_url = eventsub_url
        self._connect = connect
        self._sleep = sleep
        self._now = now
        self._grace = keepalive_grace_s
        self._chats: dict[str, tuple[RoomChat, EventSubSocket, asyncio.Task]] = {}
        self._answers: dict[str, object] = {}      # idempotency key → first answer (this process)
        self._sent: set[str] = set()               # keys of bans sent (answered or not) in this process
        self._stream_error: dict[str, pe.PlatformError] = {}
        self._listeners: dict[str, set[StatusCallback]] = {}     # events() callers' on_status, per room

    async def verify_credentials(self) -> None:
        await self.tokens.current()

    # the signed-in user ------------------------------------------------------------------
    async def me(self) -> str:
        """The token owner's user id (the `moderator_id` / `sender_id` of every call)."""
        await self.tokens.current()
        assert self.tokens.owner is not None
        return self.tokens.owner.user_id

    async def staff_name(self) -> str | None:
        await self.tokens.current()
        return self.tokens.owner.login if self.tokens.owner else None

    async def aclose(self) -> None:
        tasks = [task for _chat, _socket, task in self._chats.values()]
        self._chats.clear()
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.wait(tasks, timeout=5.0)

    def _remembered(self, key: str):
        return self._answers.get(key)

    def _remember(self, key: str, answer):
        self._answers[key] = answer
        return answer

    # rooms ---------------------------------------------------------------------------------
    async def _users(self, ids: list[str]) -> dict[str, dict]:
        if not ids:
            return {}
        body = await self.helix.call("GET", "/users", params=[("id", i) for i in ids])
        return {u["id"]: u for u in (body or {}).get("data", [])}

    async def _live(self, ids: list[str]) -> set[str]:
        body = await self.helix.call("GET", "/streams", params=[("user_id", i) for i in ids] + [("first", "100")])
        return {s["user_id"] for s in (body or {}).get("data", []) if s.get("type") == "live"}

    async def list_rooms(self) -> list[Room]:
        """The user's own channel and the channels it moderates (Get Moderated Channels, paged)."""
        me = await self.me()
        channels: dict[str, str] = {}
        after = None
        while True:
            params = {"user_id": me, "first": "100", **({"after": after} if after else {})}
            body = await self.helix.call("GET", "/moderation/channels", params=params) or {}
            for ch in body.get("data", []):
                channels[str(ch["broadcaster_id"])] = str(ch.get("broadcaster_name") or ch.get("broadcaster_login"))
            after = (body.get("pagination") or {}).get("cursor")
            if not after:
                break
        if me not in channels:
            users = await self._users([me])
            channels = {me: users.get(me, {}).get("display_name", me), **channels}
        live = await self._live(list(channels)[:100])
        return [Room(cid, title, RoomStatus.LIVE if cid in live else RoomStatus.SCHEDULED)
                for cid, title in channels.items()]

    async def _room(self, room_id: str, *, settings: dict | None = None, shield: bool | None = None) -> Room:
        """The channel as a room, with its chat modes (`settings` / `shield`: just answered by a
        change, so not read again)."""
        users = await self._users([room_id])
        if room_id not in users:
            raise pe.NotFound(CHANNEL_UNKNOWN, detail=f"/users: no user {room_id}", platform=PLATFORM, code="404")
        live = room_id in await self._live([room_id])
        if settings is None:
            settings = await self.chat_settings(room_id)
        if shield is None:
            shield = await self.shield_mode(room_id)
        return Room(room_id, users[room_id].get("display_name") or users[room_id].get("login", room_id),
                    RoomStatus.LIVE if live else RoomStatus.SCHEDULED, mute_all=bool(settings.get("emote_mode")),
                    chat=chat_modes(settings, shield))

    def _room_updated(self, room: Room) -> Room:
        """Tell the room's event stream (if watched) what the room is now, as Studio's room.updated does."""
        if room.id in self._chats:
            self._chats[room.id][0].note("room.updated", {"room": room})
        return room

    async def snapshot(self, room_id: str) -> RoomSnapshot:
        room = await self._room(room_id)
        chat = await self._watch(room_id)
        return RoomSnapshot(room=room, last_event_id=chat.last_id)

    # chat reading --------------------------------------------------------------------------
    async def _watch(self, room_id: str) -> RoomChat:
        """This channel's chat, subscribed (started on first use, kept until aclose)."""
        me = await self.me()       # before the check: nothing awaits between it and the socket's start
        if room_id not in self._chats:
            self._make_room_for_a_socket()
            chat = RoomChat(room_id, self.connection_id, now=self._now)

            async def subscribe(session_id: str) -> None:
                for sub_type in CHAT_TYPES:
                    try:
                        await self.helix.call("POST", "/eventsub/subscriptions", idempotent=True, json={
                            "type": sub_type, "version": "1",
                            "condition": {"broadcaster_user_id": room_id, "user_id": me},
                            "transport": {"method": "websocket", "session_id": session_id}})
                    except pe.Conflict:
                        pass    # 409: this subscription exists already (a retried request that did apply)

            socket = EventSubSocket(self.eventsub_url, subscribe=subscribe,
                                    deliver=lambda t, e, m: chat.take(t, e, m),
                                    on_status=lambda status, detail: self._status(room_id, status, detail),
                                    on_revoked=lambda sub: self._revoked(room_id, chat, sub),
                                    connect=self._connect, sleep=self._sleep, grace_s=self._grace)
            task = asyncio.create_task(self._run_socket(room_id, chat, socket), name=f"twitch-chat-{room_id}")
            self._chats[room_id] = (chat, socket, task)
        chat, socket, task = self._chats[room_id]
        ready = asyncio.create_task(socket.ready.wait())
        done, _ = await asyncio.wait({ready, task}, timeout=READY_TIMEOUT_S, return_when=asyncio.FIRST_COMPLETED)
        ready.cancel()
        if task in done:
            self._chats.pop(room_id, None)
            error = task.exception() if not task.cancelled() else None
            raise error if isinstance(error, pe.PlatformError) else pe.Unavailable(detail=f"chat socket: {error}",
                                                                                   platform=PLATFORM)
        if not done:   # not left trying in the background: the next watch starts afresh
            self._chats.pop(room_id, None)
            task.cancel()
            raise pe.Unavailable(detail="EventSub: not subscribed in time", platform=PLATFORM)
        watched = self._chats.pop(room_id, None)   # (gone if revoked meanwhile)
        if watched is not None:
            self._chats[room_id] = watched        # the most recently watched last
        return chat

    def _make_room_for_a_socket(self) -> None:
        """Twitch allows one user MAX_SOCKETS EventSub sockets per client id: a channel no one reads
        any more (a room switched away from) gives its socket up, the least recently watched first.
        With every socket read, the next subscribe is refused in words (TRANSPORTS_LIMIT)."""
        idle = [rid for rid in self._chats if not self._listeners.get(rid)]
        while len(self._chats) >= MAX_SOCKETS and idle:
            _chat, _socket, task = self._chats.pop(idle.pop(0))
            task.cancel()

    async def _run_socket(self, room_id: str, chat: RoomChat, socket: EventSubSocket) -> None:
        """The socket, and beside it the hourly token validation Twitch requires of an app that
        stays signed in (chat itself makes no Helix calls that would notice a revoked token)."""
        async def keep_validated() -> None:
            while True:
                await asyncio.sleep(VALIDATE_EVERY_S)   # real time on purpose: an hour, cancelled at aclose
                await self.tokens.current()

        tasks = [asyncio.create_task(socket.run()), asyncio.create_task(keep_validated())]
        try:
            done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
            for task in done:
                task.result()
        except pe.PlatformError as exc:
            self._stream_error[room_id] = exc
            chat.note("stream.closed", {"message": exc.message})
            raise
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

    def _status(self, room_id: str, status: StreamStatus, detail: str) -> None:
        for notify in list(self._listeners.get(room_id, ())):
            notify(status, detail)

    def _revoked(self, room_id: str, chat: RoomChat, subscription: dict) -> None:
        reason = str(subscription.get("status", ""))
        message = _REVOKED.get(reason) or REVOKED_OTHER.fill(reason=reason)
        error = pe.NotPermitted(f"EventSub revocation: {subscription.get('type')} {reason}", message=message,
                                platform=PLATFORM, code=reason)
        self._stream_error[room_id] = error
        chat.note("stream.closed", {"message": message})
        watched = self._chats.pop(room_id, None)    # the next watch subscribes anew (or is refused, clearly)
        if watched is not None:
            watched[2].cancel()

    async def events(self, room_id: str, *, last_event_id: int = 0,
                     on_status: StatusCallback | None = None) -> AsyncIterator[RoomEvent]:
        """The channel's chat as room events, resuming after `last_event_id` (ids are this
        connection's own: Twitch numbers nothing)."""
        notify = on_status or (lambda status, detail: None)
        chat = await self._watch(room_id)
        notify(StreamStatus.LIVE, "")
        self._listeners.setdefault(room_id, set()).add(notify)
        try:
            async for event in self._follow(room_id, chat, last_event_id, notify):
                yield event
        finally:
            self._listeners.get(room_id, set()).discard(notify)

    async def _follow(self, room_id: str, chat: RoomChat, last_event_id: int,
                      notify: StatusCallback) -> AsyncIterator[RoomEvent]:
        last = min(last_event_id, chat.last_id)
        while True:
            batch = chat.after(last)
            if batch is None:       # fell behind what is kept: reload and go on from here
                last = chat.last_id
                yield RoomEvent(0, "stream.resync", room_id, self._now(), {})
                continue
            for event in batch:
                last = event.id
                if event.type == "stream.closed":
                    notify(StreamStatus.CLOSED, event.data["message"].english())
                    error = self._stream_error.pop(room_id, None)
                    if error is not None:
                        raise error
                    continue
                yield event
            if not batch:
                async with chat.changed:
                    if chat.last_id == last:
                        await chat.changed.wait()

    async def comment_history(self, room_id: str, *, before_id: str | None = None,
                              limit: int = 100) -> list[Comment]:
        """What this connection received (Twitch keeps no chat history for apps)."""
        chat = await self._watch(room_id)
        comments = list(chat.comments.values())
        if before_id is not None and before_id in chat.comments:
            comments = comments[:comments.index(chat.comments[before_id])]
        return comments[-limit:]

    # moderation ----------------------------------------------------------------------------
    async def _mod_params(self, room_id: str, **extra: str) -> dict:
        return {"broadcaster_id": room_id, "moderator_id": await self.me(), **extra}

    async def delete_comment(self, room_id: str, comment_id: str, *, key: str) -> Comment:
        await self.helix.call("DELETE", "/moderation/chat", params=await self._mod_params(room_id, message_id=comment_id))
        chat = self._chats.get(room_id)
        if chat is not None:
            return chat[0].deleted(comment_id)
        return Comment(comment_id, room_id, "", "", "", self._now(), deleted=True, connection_id=self.connection_id)

    async def clear_chat(self, room_id: str) -> None:
        """Delete every message in the channel's chat (Delete Chat Messages without message_id)."""
        await self.helix.call("DELETE", "/moderation/chat", params=await self._mod_params(room_id))

    async def _ban(self, room_id: str, user_id: str, seconds: int | None, reason: str, key: str) -> dict:
        if (known := self._remembered(key)) is not None:
            return known
        data: dict = {"user_id": user_id, "reason": reason[:MAX_REASON]}
        if seconds is not None:
            data["duration"] = seconds
        sent_before = key in self._sent
        self._sent.add(key)
        try:   # an answer lost on the way is an outcome unknown (the ban may have landed), not "not applied"
            body = await self.helix.call("POST", "/moderation/bans", params=await self._mod_params(room_id),
                                         json={"data": data}, idempotent=False)
        except pe.Conflict as exc:
            if self._remembered(key) is not None:
                return self._remembered(key)
            if sent_before and seconds is None and exc.message == ALREADY_BANNED:
                return self._remember(key, {"user_id": user_id, "end_time": None})   # our first send landed
            raise
        return self._remember(key, (body or {}).get("data", [{}])[0])

    async def mute_viewer(self, room_id: str, user_id: str, seconds: int, *, key: str, reason: str = "") -> Viewer:
        """A Twitch timeout: a ban that ends after `seconds`."""
        if not 1 <= seconds <= MAX_TIMEOUT_S:
            raise pe.InvalidRequest(TIMEOUT_RANGE, detail=f"timeout of {seconds} s", platform=PLATFORM)
        ban = await self._ban(room_id, user_id, int(seconds), reason, key)
        until = twitch_time(str(ban.get("end_time") or ""), self._now() + seconds)
        return Viewer(user_id, "", muted_until=until)

    async def ban_viewer(self, room_id: str, user_id: str, *, key: str, reason: str = "") -> Viewer:
        await self._ban(room_id, user_id, None, reason, key)
        return Viewer(user_id, "", banned=True)

    async def _unban(self, room_id: str, user_id: str, key: str) -> Viewer:
        if self._remembered(key) is None:
            await self.helix.call("DELETE", "/moderation/bans", params=await self._mod_params(room_id, user_id=user_id))
            self._remember(key, True)
        return Viewer(user_id, "")

    async def unmute_viewer(self, room_id: str, user_id: str, *, key: str) -> Viewer:
        return await self._unban(room_id, user_id, key)

    async def unban_viewer(self, room_id: str, user_id: str, *, key: str) -> Viewer:
        return await self._unban(room_id, user_id, key)

    async def get_viewer(self, room_id: str, user_id: str) -> Viewer:
        users = await self._users([user_id])
        if user_id not in users:
            raise pe.NotFound(CHANNEL_UNKNOWN, detail=f"/users: no user {user_id}", platform=PLATFORM, code="404")
        return Viewer(user_id, users[user_id].get("display_name") or users[user_id].get("login", ""))

    # chat modes ----------------------------------------------------------------------------
    async def chat_settings(self, room_id: str) -> dict:
        """slow_mode, slow_mode_wait_time, follower_mode, follower_mode_duration, emote_mode, …"""
        body = await self.helix.call("GET", "/chat/settings", params=await self._mod_params(room_id))
        return ((body or {}).get("data") or [{}])[0]

    async def set_chat_settings(self, room_id: str, *, slow_s: int | None = None, follower_min: int | None = None,
                                emote_only: bool | None = None) -> dict:
        """Slow mode (0: off; else 3–120 s), follower-only mode (None: unchanged; -1: off; else minutes
        followed, 0–129,600), emote-only mode."""
        patch: dict = {}
        if slow_s is not None:
            patch.update({"slow_mode": slow_s > 0, **({"slow_mode_wait_time": slow_s} if slow_s > 0 else {})})
        if follower_min is not None:
            patch.update({"follower_mode": follower_min >= 0,
                          **({"follower_mode_duration": follower_min} if follower_min >= 0 else {})})
        if emote_only is not None:
            patch["emote_mode"] = emote_only
        body = await self.helix.call("PATCH", "/chat/settings", params=await self._mod_params(room_id), json=patch,
                                     idempotent=True)
        return ((body or {}).get("data") or [{}])[0]

    async def set_room_mute(self, room_id: str, muted: bool, *, key: str) -> Room:
        settings = await self.set_chat_settings(room_id, emote_only=muted)
        room = await self._room(room_id, settings=settings)
        return self._room_updated(dataclasses.replace(room, mute_all=bool(settings.get("emote_mode", muted))))

    async def set_slow_mode(self, room_id: str, seconds: int, *, key: str) -> Room:
        """Slow mode (0: off). Setting a mode is idempotent on Twitch: a retry sets it again."""
        if not slow_mode_ok(seconds):
            raise pe.InvalidRequest(SLOW_RANGE, detail=f"slow mode of {seconds} s", platform=PLATFORM)
        settings = await self.set_chat_settings(room_id, slow_s=int(seconds))
        return self._room_updated(await self._room(room_id, settings=settings))

    async def set_followers_only(self, room_id: str, minutes: int | None, *, key: str) -> Room:
        if not followers_only_ok(minutes):
            raise pe.InvalidRequest(FOLLOW_RANGE, detail=f"followers-only of {minutes} min", platform=PLATFORM)
        settings = await self.set_chat_settings(room_id, follower_min=-1 if minutes is None else int(minutes))
        return self._room_updated(await self._room(room_id, settings=settings))

    async def set_shield_mode(self, room_id: str, active: bool, *, key: str) -> Room:
        body = await self.helix.call("PUT", "/moderation/shield_mode", params=await self._mod_params(room_id),
                                     json={"is_active": active}, idempotent=True)
        shield = bool(((body or {}).get("data") or [{}])[0].get("is_active", active))
        return self._room_updated(await self._room(room_id, shield=shield))

    async def shield_mode(self, room_id: str) -> bool:
        body = await self.helix.call("GET", "/moderation/shield_mode", params=await self._mod_params(room_id))
        return bool(((body or {}).get("data") or [{}])[0].get("is_active"))

    # posting -------------------------------------------------------------------------------
    async def announce(self, room_id: str, text: str, color: str = "primary", *, key: str) -> None:
        """A highlighted announcement (colors: primary, blue, green, orange, purple). Twitch answers
        204 with no message (and takes no idempotency key): once per key in this process."""
        if not 1 <= len(text) <= MAX_ANNOUNCEMENT or color not in ANNOUNCEMENT_COLORS:
            raise pe.InvalidRequest(ANNOUNCEMENT_FORM, detail=f"announcement of {len(text)} chars, {color}",
                                    platform=PLATFORM)
        if self._remembered(key) is None:
            await self.helix.call("POST", "/chat/announcements", params=await self._mod_params(room_id),
                                  json={"message": text, "color": color}, idempotent=False)
            self._remember(key, True)

    async def post_comment(self, room_id: str, text: str, *, key: str) -> Comment:
        if (known := self._remembered(key)) is not None:
            return known
        me = await self.me()
        body = await self.helix.call("POST", "/chat/messages", idempotent=False,
                                     json={"broadcaster_id": room_id, "sender_id": me, "message": text})
        sent = ((body or {}).get("data") or [{}])[0]
        if not sent.get("is_sent"):
            reason = (sent.get("drop_reason") or {}).get("message") or "dropped"
            raise pe.Conflict(MESSAGE_DROPPED.fill(reason=reason), detail=f"/chat/messages: {sent.get('drop_reason')}",
                              platform=PLATFORM, code=str((sent.get("drop_reason") or {}).get("code", "")))
        login = self.tokens.owner.login if self.tokens.owner else ""
        comment = Comment(str(sent["message_id"]), room_id, me, login, text, self._now(), is_staff=True,
                          connection_id=self.connection_id)
        return self._remember(key, comment)


def chat_modes(settings: dict, shield: bool) -> ChatModes:
    """Get Chat Settings' answer (+ shield mode) as the room's chat modes: a mode that is off has a
    null duration on Twitch."""
    slow = int(settings.get("slow_mode_wait_time") or 0) if settings.get("slow_mode") else 0
    follow = int(settings.get("follower_mode_duration") or 0) if settings.get("follower_mode") else None
    return ChatModes(slow_mode_s=slow, followers_only_min=follow, shield=bool(shield))
