"""The YouTube Live adapter: a broadcast's live chat — read by polling, moderated (delete, time out,
ban, unban), posted in as the channel — over the YouTube Data API v3, within its daily quota.

A room is a broadcast, named by its video id. Its chat is found with `videos.list
?part=liveStreamingDetails` (`activeLiveChatId`); `liveBroadcasts.list?mine=true` lists the
channel's broadcasts. The chat is read with `liveChat/messages` honouring `pollingIntervalMillis`
and `nextPageToken` (kept per room, so a reconnect resumes where it was), every message once by
its id. A mute is a temporary ban (`banDurationSeconds`), a ban a permanent one; unmute and unban
delete the ban this console made (YouTube's ban id, kept in the connection's ledger so it
survives a restart). What YouTube lacks — commerce, a room-wide
mute, pinning, hiding a message — is left out of the capabilities.

Quota (youtube_quota.QuotaBudget): each call is charged before it leaves; polling slows so the
units last, deletes become local-only hiding near the end, and the stream's status line says so.

Sources: developers.google.com/youtube/v3/live/docs (liveChatMessages list/insert/delete,
liveChatBans insert/delete, liveChatModerators list, liveBroadcasts list) and videos.list;
google-api-python-client docs/dyn/youtube_v3.liveChatMessages.html for the resource fields
(snippet.type, textMessageDetails.messageText, displayMessage, authorDetails.isChatOwner/
isChatModerator, messageDeletedDetails.deletedMessageId). `streamList` (gRPC) is not used:
not verifiable here."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import logging
import random
from collections import OrderedDict
from typing import Any, AsyncIterator

import httpx

from anchor_console.domain.capabilities import Capability
from anchor_console.domain.clock import Clock, SystemClock
from anchor_console.domain.models import Comment, QuotaUse, Room, RoomEvent, RoomStats, RoomStatus, Viewer
from anchor_console.domain.text import QT_TRANSLATE_NOOP, Text
from anchor_console.platforms import errors as pe
from anchor_console.platforms.base import Platform, RoomSnapshot, StatusCallback, StreamStatus
from anchor_console.platforms.transport import Sleep
from anchor_console.platforms.wechat_client import MemoryLedger, SentLedger
from anchor_console.platforms.wechat_polling import RoomWatch
from anchor_console.platforms.youtube_auth import YouTubeCredentials
from anchor_console.platforms.youtube_client import YouTubeClient
from anchor_console.platforms.youtube_quota import LOCAL_ONLY, NORMAL, QuotaBudget

log = logging.getLogger("anchor_console.platforms.youtube")
C = Capability
NAME = QT_TRANSLATE_NOOP("Platform", "YouTube Live")
SEEN_KEEP = 5000
HISTORY_KEEP = 1000
DEFAULT_POLL_S = 5.0
MAX_PAGE = 2000
# liveBroadcasts.list pages read at most (50 broadcasts and 5 quota units a page): a channel's
# past broadcasts are listed too, and years of them must not cost a day's quota at each listing.
BROADCAST_PAGES = 4
LIFECYCLE = {"live": RoomStatus.LIVE, "liveStarting": RoomStatus.LIVE, "testing": RoomStatus.LIVE,
             "testStarting": RoomStatus.LIVE, "complete": RoomStatus.ENDED, "revoked": RoomStatus.ENDED}
NO_COMMERCE = QT_TRANSLATE_NOOP("PlatformError", "YouTube Live has no API for products, coupons, flash sales or "
                                                 "draws: sell through your own shop and link it in the description.")
NO_CHAT_MODES = QT_TRANSLATE_NOOP("PlatformError", "YouTube's API cannot change the chat's modes; turn on slow mode "
                                                   "or subscribers-only chat in YouTube Studio.")
_REASONS: dict[Capability, Text] = {
    **dict.fromkeys((C.SHELF, C.STAGE, C.SALE_TOGGLE, C.SORT, C.PRICE, C.COUPONS, C.FLASH_SALES, C.LUCKY_BAGS,
                     C.RED_PACKETS), NO_COMMERCE),
    **dict.fromkeys((C.SLOW_MODE, C.FOLLOWERS_ONLY), NO_CHAT_MODES),
    C.ROOM_MUTE: QT_TRANSLATE_NOOP("PlatformError", "YouTube has no room-wide mute; time out or ban single viewers, "
                                                    "or turn on slow mode in YouTube Studio."),
    C.PIN: QT_TRANSLATE_NOOP("PlatformError", "YouTube's API cannot pin a chat message; pin it in YouTube Studio."),
    C.HIDE_COMMENT: QT_TRANSLATE_NOOP("PlatformError", "YouTube cannot hide a single message; delete it instead."),
    C.STATS_STREAM: QT_TRANSLATE_NOOP("PlatformError", "The console reads no live figures from YouTube."),
}
NO_CHAT = QT_TRANSLATE_NOOP("PlatformError", "This YouTube broadcast has no live chat right now (it has not started, "
                                             "has ended, or its chat is turned off).")
CHAT_OVER = QT_TRANSLATE_NOOP("PlatformError", "The YouTube live chat has ended: the broadcast is over.")
UNKNOWN_BAN = QT_TRANSLATE_NOOP("PlatformError", "This console did not make this ban (YouTube lifts a ban only by "
                                                 "the id it gave the one who made it); lift it in YouTube Studio.")


def epoch(stamp: Any) -> float | None:
    """An RFC 3339 time as YouTube writes it ("2026-01-01T12:00:00.123Z")."""
    if not stamp:
        return None
    try:
        return dt.datetime.fromisoformat(str(stamp).replace("Z", "+00:00")).timestamp()
    except ValueError:
        return None


def room_of(video_id: str, snippet: dict, status: dict | None = None, details: dict | None = None) -> Room:
    """A broadcast (liveBroadcasts.list) or a video (videos.list with liveStreamingDetails) as a Room."""
    details = details or {}
    if status is not None:
        state = LIFECYCLE.get(str(status.get("lifeCycleStatus", "")), RoomStatus.SCHEDULED)
    elif details.get("actualEndTime"):
        state = RoomStatus.ENDED
    elif details.get("actualStartTime"):
        state = RoomStatus.LIVE
    else:
        state = RoomStatus.SCHEDULED
    return Room(id=video_id, title=str(snippet.get("title", "")), status=state,
                started_at=epoch(snippet.get("actualStartTime") or details.get("actualStartTime")),
                ended_at=epoch(snippet.get("actualEndTime") or details.get("actualEndTime")),
                scheduled_at=epoch(snippet.get("scheduledStartTime") or details.get("scheduledStartTime")))


class YouTubeLivePlatform(Platform):
    kind = "youtube"
    reasons = _REASONS
    capabilities = frozenset({C.ROOMS, C.COMMENT_STREAM, C.DELETE_COMMENT, C.MUTE, C.BAN, C.POST_AS_STAFF})
    reports_stock = False
    figures = frozenset({"online"})

    def __init__(self, connection_id: str, credentials: YouTubeCredentials, client: httpx.AsyncClient, *,
                 display_name: str | None = None, base_url: str = "", clock: Clock | None = None,
                 sleep: Sleep = asyncio.sleep, rng: random.Random | None = None,
                 budget: QuotaBudget | None = None, ledger: SentLedger | None = None) -> None:
        super().__init__(connection_id, display_name or NAME.english())
        self.clock = clock or SystemClock()
        self._sleep = sleep
        self.api = YouTubeClient(credentials, client, platform_name=self.display_name, base_url=base_url,
                                 clock=self.clock, sleep=sleep, rng=rng, budget=budget)
        self.budget = self.api.budget
        self._watches: dict[str, RoomWatch] = {}
        self._chats: dict[str, str] = {}
        self._done: dict[str, Any] = {}                   # idempotency key -> the answer given
        self._bans: dict[tuple[str, str], tuple[str, float | None]] = {}   # (room, channel) -> (ban id, until)
        # YouTube lifts a ban only by the id its insert answered, and lists no bans: the ids are kept
        # on disk (the session's ledger for this connection) so an unban works after a restart.
        self._ban_book: SentLedger = ledger or MemoryLedger()

    async def verify_credentials(self) -> None:
        await self.api.tokens.current()

    def quota_usage(self) -> tuple[QuotaUse, ...]:
        return self.budget.usage()

    def _watch(self, room_id: str) -> RoomWatch:
        watch = self._watches.get(room_id)
        if watch is None:
            watch = self._watches[room_id] = RoomWatch(room_id)
            watch.state.update(seen=OrderedDict(), page_token=None, names={})
        return watch

    async def staff_name(self) -> str | None:
        data = await self.api.call("channels.list", "GET", "/channels", params={"part": "snippet", "mine": "true"},
                                   safe=True)
        items = data.get("items") or []
        return str(items[0].get("snippet", {}).get("title", "")) or None if items else None

    # ------------------------------------------------------------------ rooms

    async def list_rooms(self) -> list[Room]:
        """The channel's broadcasts, page by page (`nextPageToken`), up to BROADCAST_PAGES pages.
        `broadcastType=all`: YouTube's default (`event`) leaves out the persistent broadcast that
        YouTube Studio's "Stream now" goes live in."""
        rooms: list[Room] = []
        page: dict = {}
        for _ in range(BROADCAST_PAGES):
            data = await self.api.call("liveBroadcasts.list", "GET", "/liveBroadcasts",
                                       params={"part": "id,snippet,status", "mine": "true", "broadcastType": "all",
                                               "maxResults": 50, **page}, safe=True)
            for item in data.get("items") or []:
                snippet = item.get("snippet") or {}
                if snippet.get("liveChatId"):
                    self._chats[str(item["id"])] = str(snippet["liveChatId"])
                rooms.append(room_of(str(item.get("id", "")), snippet, item.get("status") or {}))
            if not data.get("nextPageToken"):
                return rooms
            page = {"pageToken": str(data["nextPageToken"])}
        log.info("YouTube: the channel has more than %d broadcasts; only those were listed", len(rooms))
        return rooms

    async def _video(self, room_id: str) -> dict:
        data = await self.api.call("videos.list", "GET", "/videos",
                                   params={"part": "snippet,liveStreamingDetails", "id": room_id}, safe=True)
        items = data.get("items") or []
        if not items:
            raise pe.NotFound(QT_TRANSLATE_NOOP("PlatformError", "YouTube cannot find this broadcast."),
                              detail=f"videos.list: no video {room_id}", platform=self.display_name,
                              code="videoNotFound")
        item = items[0]
        chat = (item.get("liveStreamingDetails") or {}).get("activeLiveChatId")
        if chat:
            self._chats[room_id] = str(chat)
        return item

    async def snapshot(self, room_id: str) -> RoomSnapshot:
        item = await self._video(room_id)
        details = item.get("liveStreamingDetails") or {}
        viewers = int(details.get("concurrentViewers") or 0)
        return RoomSnapshot(room=room_of(room_id, item.get("snippet") or {}, details=details),
                            stats=RoomStats(online=viewers), last_event_id=self._watch(room_id).last_event_id)

    async def _chat_id(self, room_id: str) -> str:
        chat = self._chats.get(room_id)
        if chat is None:
            await self._video(room_id)
            chat = self._chats.get(room_id)
        if chat is None:
            raise pe.Conflict(NO_CHAT, detail=f"{room_id}: no activeLiveChatId", platform=self.display_name,
                              code="liveChatNotFound")
        return chat

    # ------------------------------------------------------------------ reading the chat

    def _comment(self, room_id: str, item: dict) -> Comment | None:
        snippet, author = item.get("snippet") or {}, item.get("authorDetails") or {}
        if snippet.get("type") not in ("textMessageEvent", "superChatEvent", "superStickerEvent", None):
            return None
        text = (snippet.get("textMessageDetails") or {}).get("messageText") or snippet.get("displayMessage") or ""
        staff = bool(author.get("isChatOwner") or author.get("isChatModerator"))
        return Comment(id=str(item.get("id", "")), room_id=room_id,
                       user_id=str(author.get("channelId") or snippet.get("authorChannelId") or ""),
                       nickname=str(author.get("displayName", "")), text=str(text),
                       created_at=epoch(snippet.get("publishedAt")) or self.clock.now(), is_staff=staff,
                       connection_id=self.connection_id)

    def _remember(self, watch: RoomWatch, comment: Comment) -> bool:
        """Note a message; False if it was seen already (YouTube may repeat one across pages)."""
        seen: OrderedDict = watch.state["seen"]
        if comment.id in seen:
            return False
        seen[comment.id] = comment
        while len(seen) > SEEN_KEEP:
            seen.popitem(last=False)
        if comment.user_id:
            watch.state["names"][comment.user_id] = comment.nickname
        return True

    def _read_page(self, watch: RoomWatch, data: dict) -> list[tuple[str, dict]]:
        events: list[tuple[str, dict]] = []
        seen: OrderedDict = watch.state["seen"]
        for item in data.get("items") or []:
            snippet = item.get("snippet") or {}
            if snippet.get("type") == "messageDeletedEvent":
                gone = str((snippet.get("messageDeletedDetails") or {}).get("deletedMessageId", ""))
                if gone in seen and not seen[gone].deleted:
                    seen[gone] = _replace(seen[gone], deleted=True)
                    events.append(("comment.updated", {"comment": seen[gone]}))
                continue
            comment = self._comment(watch.room_id, item)
            if comment is not None and comment.id and self._remember(watch, comment):
                events.append(("comment.created", {"comment": comment}))
        watch.state["page_token"] = data.get("nextPageToken") or watch.state["page_token"]
        return events

    async def _poll(self, watch: RoomWatch, chat_id: str) -> tuple[list[tuple[str, dict]], float, bool, bool]:
        """One page: (events, YouTube's interval in s, whether more is waiting, whether the chat is
        over: `offlineAt` set)."""
        params = {"liveChatId": chat_id, "part": "id,snippet,authorDetails", "maxResults": MAX_PAGE}
        if watch.state["page_token"]:
            params["pageToken"] = watch.state["page_token"]
        data = await self.api.call("liveChatMessages.list", "GET", "/liveChat/messages", params=params, safe=True)
        events = self._read_page(watch, data)
        server_s = max(0.0, float(data.get("pollingIntervalMillis") or DEFAULT_POLL_S * 1000) / 1000)
        return events, server_s, len(data.get("items") or []) >= MAX_PAGE, bool(data.get("offlineAt"))

    def _quota_words(self, interval: float, server_s: float) -> str:
        """The status line's word on the quota, '' while polling at YouTube's own pace with units
        to spare: the day's spend, the slower pace, local-only deletes, the projected end."""
        b = self.budget
        used = f"{b.used:,} of {b.daily_limit:,} units used today"
        mode = b.mode()
        at = b.projected_exhaustion()
        if mode == NORMAL and interval <= server_s * 1.5 and at is None:
            return ""
        if interval >= b.seconds_to_reset() - 1:
            return f"YouTube quota nearly spent ({used}): chat reading paused until midnight Pacific time"
        words = f"YouTube quota ({used})"
        if interval > server_s * 1.5:
            words += f": reading the chat every {round(interval)} s so today's units last"
        if mode == LOCAL_ONLY:
            words += "; deleted messages are now hidden here only"
        if at is not None:
            words += f"; at this pace they run out in about {max(1, round((at - self.clock.now()) / 60))} min"
        return words

    def events(self, room_id: str, *, last_event_id: int = 0,
               on_status: StatusCallback | None = None) -> AsyncIterator[RoomEvent]:
        return self._events(str(room_id), on_status or (lambda s, d: None))

    async def _events(self, room_id: str, notify: StatusCallback) -> AsyncIterator[RoomEvent]:
        watch = self._watch(room_id)
        notify(StreamStatus.CONNECTING, "")
        said = None
        while True:
            for event_type, data in watch.echoes[:]:
                watch.echoes.remove((event_type, data))
                yield watch.make(event_type, data, self.clock.now())
            try:
                chat_id = await self._chat_id(room_id)
                events, server_s, more, over = await self._poll(watch, chat_id)
            except pe.AuthFailed as exc:
                notify(StreamStatus.CLOSED, exc.message.english())
                raise
            except pe.QuotaExhausted as exc:
                notify(StreamStatus.RECONNECTING, exc.message.english())
                await self._wait(watch, max(1.0, exc.resets_at - self.clock.now()))
                continue
            except pe.Conflict as exc:   # no chat (yet), or it ended: asked again when the room reopens it
                self._chats.pop(room_id, None)
                notify(StreamStatus.CLOSED, exc.message.english())
                return
            for event_type, data in events:
                yield watch.make(event_type, data, self.clock.now())
            if over:   # the stream went offline: a new chat id, if it comes back, is looked up again
                self._chats.pop(room_id, None)
                notify(StreamStatus.CLOSED, CHAT_OVER.english())
                return
            # A full page means more is waiting, but YouTube still asks for its interval between polls.
            interval = server_s if more else self.budget.poll_interval(server_s)
            words = self._quota_words(interval, server_s)
            if words != said or said is None:
                said = words
                notify(StreamStatus.LIVE, words)
            await self._wait(watch, interval)

    async def _wait(self, watch: RoomWatch, delay: float) -> None:
        """Until the next poll, or until the console's own change is to be echoed."""
        if delay > 0:
            await watch.wait(self._sleep, delay)

    async def comment_history(self, room_id: str, *, before_id: str | None = None, limit: int = 100) -> list[Comment]:
        """What this console has read of the chat (YouTube keeps no history to page back in)."""
        watch = self._watch(str(room_id))
        if not watch.state["seen"]:
            for event_type, data in (await self._poll(watch, await self._chat_id(str(room_id))))[0]:
                watch.echo(event_type, data)
        comments = [c for c in watch.state["seen"].values()]
        if before_id is not None and before_id in watch.state["seen"]:
            comments = comments[:comments.index(watch.state["seen"][before_id])]
        return comments[-limit:][-HISTORY_KEEP:]

    # ------------------------------------------------------------------ acting in the chat

    def _known(self, room_id: str, comment_id: str) -> Comment:
        seen = self._watch(room_id).state["seen"]
        return seen.get(comment_id) or Comment(id=comment_id, room_id=room_id, user_id="", nickname="", text="",
                                               created_at=self.clock.now(), connection_id=self.connection_id)

    def _updated(self, room_id: str, comment: Comment) -> Comment:
        watch = self._watch(room_id)
        if comment.id in watch.state["seen"]:
            watch.state["seen"][comment.id] = comment
        watch.echo("comment.updated", {"comment": comment})
        return comment

    async def post_comment(self, room_id: str, text: str, *, key: str) -> Comment:
        if key in self._done:
            return self._done[key]
        chat_id = await self._chat_id(str(room_id))
        body = {"snippet": {"liveChatId": chat_id, "type": "textMessageEvent",
                            "textMessageDetails": {"messageText": text}}}
        data = await self.api.call("liveChatMessages.insert", "POST", "/liveChat/messages",
                                   params={"part": "snippet"}, body=body)
        snippet = data.get("snippet") or {}
        comment = Comment(id=str(data.get("id", "")), room_id=str(room_id),
                          user_id=str(snippet.get("authorChannelId", "")), nickname=self.display_name, text=text,
                          created_at=epoch(snippet.get("publishedAt")) or self.clock.now(), is_staff=True,
                          connection_id=self.connection_id)
        self._done[key] = comment
        watch = self._watch(str(room_id))
        if self._remember(watch, comment):
            watch.echo("comment.created", {"comment": comment})
        return comment

    async def delete_comment(self, room_id: str, comment_id: str, *, key: str) -> Comment:
        """Delete on YouTube; near the end of the day's quota, hide here only (and say so)."""
        room_id, comment_id = str(room_id), str(comment_id)
        if key in self._done:
            return self._done[key]
        comment = self._known(room_id, comment_id)
        if self.budget.mode() != NORMAL or not self.budget.affordable("liveChatMessages.delete"):
            result = self._updated(room_id, _replace(comment, hidden=True))
        else:
            try:
                await self.api.call("liveChatMessages.delete", "DELETE", "/liveChat/messages",
                                    params={"id": comment_id}, safe=True)
            except pe.NotFound:
                if not comment.deleted:
                    raise
            result = self._updated(room_id, _replace(comment, deleted=True))
        self._done[key] = result
        return result

    async def _ban(self, room_id: str, user_id: str, seconds: int | None, key: str) -> Viewer:
        if key in self._done:
            return self._done[key]
        snippet: dict[str, Any] = {"liveChatId": await self._chat_id(room_id),
                                   "type": "temporary" if seconds else "permanent",
                                   "bannedUserDetails": {"channelId": user_id}}
        if seconds:
            snippet["banDurationSeconds"] = int(seconds)
        data = await self.api.call("liveChatBans.insert", "POST", "/liveChat/bans", params={"part": "snippet"},
                                   body={"snippet": snippet})
        until = self.clock.now() + seconds if seconds else None
        self._keep_ban(room_id, user_id, (str(data.get("id", "")), until))
        viewer = self._viewer(room_id, user_id)
        self._done[key] = viewer
        return viewer

    async def _lift(self, room_id: str, user_id: str, key: str) -> Viewer:
        if key in self._done:
            return self._done[key]
        ban = self._ban_made(room_id, user_id)
        if ban is None:
            raise pe.NotFound(UNKNOWN_BAN, detail=f"no ban of {user_id} made here", platform=self.display_name,
                              code="liveChatBanNotFound")
        try:
            await self.api.call("liveChatBans.delete", "DELETE", "/liveChat/bans", params={"id": ban[0]}, safe=True)
        except pe.NotFound:
            pass    # lifted already (or expired): the wanted state
        self._keep_ban(room_id, user_id, None)
        viewer = self._viewer(room_id, user_id)
        self._done[key] = viewer
        return viewer

    def _keep_ban(self, room_id: str, user_id: str, ban: tuple[str, float | None] | None) -> None:
        if ban is None:
            self._bans.pop((room_id, user_id), None)
        else:
            self._bans[(room_id, user_id)] = ban
        self._ban_book.put(f"ban:{room_id}:{user_id}", {"id": ban[0], "until": ban[1]} if ban else {"id": ""})

    def _ban_made(self, room_id: str, user_id: str) -> tuple[str, float | None] | None:
        """The ban this console made on the viewer (from memory, or the ledger after a restart)."""
        ban = self._bans.get((room_id, user_id))
        if ban is None:
            kept = self._ban_book.get(f"ban:{room_id}:{user_id}") or {}
            if kept.get("id"):
                ban = self._bans[(room_id, user_id)] = (str(kept["id"]), kept.get("until"))
        return ban

    def _viewer(self, room_id: str, user_id: str) -> Viewer:
        name = self._watch(room_id).state["names"].get(user_id, "")
        ban = self._ban_made(room_id, user_id)
        if ban is None:
            return Viewer(user_id, name)
        _ban_id, until = ban
        if until is not None and until <= self.clock.now():
            return Viewer(user_id, name)
        return Viewer(user_id, name, muted_until=until, banned=until is None)

    async def get_viewer(self, room_id: str, user_id: str) -> Viewer:
        return self._viewer(str(room_id), user_id)

    async def mute_viewer(self, room_id: str, user_id: str, seconds: int, *, key: str) -> Viewer:
        return await self._ban(str(room_id), user_id, max(1, int(seconds)), key)

    async def unmute_viewer(self, room_id: str, user_id: str, *, key: str) -> Viewer:
        return await self._lift(str(room_id), user_id, key)

    async def ban_viewer(self, room_id: str, user_id: str, *, key: str) -> Viewer:
        return await self._ban(str(room_id), user_id, None, key)

    async def unban_viewer(self, room_id: str, user_id: str, *, key: str) -> Viewer:
        return await self._lift(str(room_id), user_id, key)

    async def moderators(self, room_id: str) -> list[tuple[str, str]]:
        """The chat's moderators: (channel id, display name)."""
        data = await self.api.call("liveChatModerators.list", "GET", "/liveChat/moderators",
                                   params={"liveChatId": await self._chat_id(str(room_id)), "part": "snippet"},
                                   safe=True)
        out = []
        for item in data.get("items") or []:
            details = (item.get("snippet") or {}).get("moderatorDetails") or {}
            out.append((str(details.get("channelId", "")), str(details.get("displayName", ""))))
        return out

    def quota_projection(self) -> float | None:
        """When today's units run out at the present pace (epoch seconds), or None."""
        return self.budget.projected_exhaustion()


def _replace(comment: Comment, **change: Any) -> Comment:
    return dataclasses.replace(comment, **change)
