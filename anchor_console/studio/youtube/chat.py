"""The YouTube Data API v3 paths the adapter calls, answered on Studio's rooms:
`GET /youtube/v3/liveBroadcasts|videos|channels`, `GET|POST|DELETE /youtube/v3/liveChat/messages`,
`POST|DELETE /youtube/v3/liveChat/bans`, `GET /youtube/v3/liveChat/moderators`.

The signed-in channel owns every Studio room (a broadcast each, `video_id`); a room's comments are
its chat's messages — the simulated audience's included — newest pages by `nextPageToken`, with
`pollingIntervalMillis`; a delete deletes the Studio comment, a temporary ban mutes the viewer for
its `banDurationSeconds` and a permanent one bans, so the Studio audience and every console see it;
moderation by anyone (Studio's own API too) comes back in the chat as `messageDeletedEvent` and
`userBannedEvent` items, as YouTube shows it.
Each request passes the gate first: the bearer token (401 authError), the scope (403
insufficientPermissions), the day's units (403 quotaExceeded), then its parameters."""

from __future__ import annotations

import base64
import hashlib
from typing import TYPE_CHECKING, Any

from fastapi import Request, Response

from anchor_console.studio.errors import ApiError
from anchor_console.studio.permissions import Role
from anchor_console.studio.store import Principal
from anchor_console.studio.youtube.core import (
    WRITE_SCOPES, Quota, YouTubeConfig, YouTubeError, auth_error, bad_request, ban_id, chat_id, comment_of_message,
    message_id, parse_ban, person_of_channel, rfc3339, room_of_chat, room_of_video, staff_channel, video_id,
    viewer_channel,
)
from anchor_console.studio.youtube.oauth import OAuth

if TYPE_CHECKING:
    from anchor_console.studio.services import Studio

OWNER_NAME = "Studio 主播"
LIFECYCLE = {"scheduled": "ready", "live": "live", "ended": "complete"}
BROADCAST_CONTENT = {"scheduled": "upcoming", "live": "live", "ended": "none"}
MESSAGE_MAX = 200


def etag(value: Any) -> str:
    return base64.urlsafe_b64encode(hashlib.sha1(repr(value).encode()).digest()[:15]).decode()


def page_token(kind: str, *numbers: int) -> str:
    """An opaque page token, as YouTube's are: what kind of list it pages (`lb` broadcasts, `sc`
    chat messages) and where the next page starts."""
    return base64.urlsafe_b64encode(":".join((kind, *map(str, numbers))).encode()).decode().rstrip("=")


def token_numbers(token: str, kind: str, count: int) -> tuple[int, ...]:
    """The `count` numbers a page token of `kind` stands for (chat messages: the last comment id
    and the last moderation record; broadcasts: where the page starts); 400 invalidPageToken for
    a token this emulator did not make."""
    try:
        parts = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode().split(":")
    except (ValueError, UnicodeDecodeError):
        parts = []
    if len(parts) != count + 1 or parts[0] != kind or not all(p.isdigit() for p in parts[1:]):
        raise bad_request("invalidPageToken", "The request specifies an invalid page token.")
    return tuple(int(p) for p in parts[1:])


class Chat:
    def __init__(self, studio: Studio, config: YouTubeConfig, oauth: OAuth, quota: Quota) -> None:
        self.studio, self.config, self.oauth, self.quota = studio, config, oauth, quota
        # What moderation did in each room, by anyone (a console, Studio's own API): YouTube shows it
        # in the chat as messageDeletedEvent / userBannedEvent items. (seq, kind, details), in memory.
        self._moderation: dict[int, list[tuple[int, str, dict]]] = {}
        self._seq = 0
        studio.store.listeners.append(self._on_event)

    def _on_event(self, room_id: int, event_type: str, data: dict) -> None:
        if event_type == "comment.updated" and data["comment"]["deleted"]:
            record = ("messageDeletedEvent", {"deletedMessageId": message_id(data["comment"]["id"])})
        elif event_type == "viewer.updated" and data.get("change") in ("muted", "banned"):
            viewer = data["viewer"]
            channel = viewer_channel(int(str(viewer["id"])[1:]))
            details = {"bannedUserDetails": {"channelId": channel, "displayName": viewer["nickname"],
                                             "channelUrl": f"http://www.youtube.com/channel/{channel}",
                                             "profileImageUrl": ""},
                       "banType": "temporary" if data["change"] == "muted" else "permanent"}
            if data["change"] == "muted":
                details["banDurationSeconds"] = int(data.get("duration_s") or 0)
            record = ("userBannedEvent", details)
        else:
            return
        self._seq += 1
        kept = self._moderation.setdefault(room_id, [])
        kept.append((self._seq, *record))
        del kept[:-500]

    def now(self) -> float:
        return self.studio.store.clock.now()

    def gate(self, request: Request, method: str, *, write: bool = False) -> str:
        """The caller's client id, once its token, scope and quota let the call through."""
        found = self.oauth.authenticate(request.headers.get("Authorization", ""))
        if found is None:
            raise auth_error()
        client_id, scopes = found
        if write and not scopes & WRITE_SCOPES:
            raise YouTubeError(403, "insufficientPermissions", "Request had insufficient authentication scopes.",
                               "global")
        self.quota.charge(client_id, method, self.now())
        return client_id

    def _owner(self) -> Principal:
        """The channel that owns the broadcasts: Studio's (first) anchor."""
        query = "SELECT id, name FROM staff WHERE role = 'anchor' AND disabled = 0 ORDER BY id LIMIT 1"
        row = self.studio.store.db.execute(query).fetchone()
        if row is None:
            self.studio.accounts.find_or_create_staff(OWNER_NAME, Role.ANCHOR)
            row = self.studio.store.db.execute(query).fetchone()
        return Principal(Role.ANCHOR, staff_id=row["id"], name=row["name"])

    def _room(self, room_id: int | None) -> dict | None:
        """Studio's room under a chat's or video's id, or None when there is none."""
        try:
            return self.studio.rooms.get(room_id) if room_id is not None else None
        except ApiError:
            return None

    def _live_room(self, chat: str | None, *, reading: bool = False) -> int:
        if not chat:
            raise bad_request("liveChatIdRequired", "The request must specify a liveChatId.")
        room_id = room_of_chat(chat)
        room = self._room(room_id)
        if room is None:
            raise YouTubeError(404, "liveChatNotFound", "The live chat that you are trying to access cannot be found.")
        if room["status"] == "ended" and not reading:
            raise YouTubeError(403, "liveChatEnded", "The specified live chat is no longer live.")
        if room["status"] == "scheduled":
            raise YouTubeError(403, "liveChatDisabled", "Live chat is not enabled for the specified broadcast.")
        return int(room_id)

    @staticmethod
    def _parts(request: Request, allowed: set[str]) -> set[str]:
        parts = {p.strip() for p in request.query_params.get("part", "").split(",") if p.strip()}
        if not parts:
            raise bad_request("missingRequiredParameter", "No filter selected. Expected one of: part")
        if not parts <= allowed:
            raise bad_request("unknownPart", f"'{','.join(sorted(parts - allowed))}'")
        return parts

    # ------------------------------------------------------------------ broadcasts and videos

    def _broadcast(self, room: dict, parts: set[str]) -> dict:
        vid = video_id(room["id"])
        out: dict[str, Any] = {"kind": "youtube#liveBroadcast", "etag": etag(room), "id": vid}
        if "snippet" in parts:
            out["snippet"] = {"publishedAt": rfc3339(room["created_at"]), "channelId": staff_channel(self._owner().staff_id),
                              "title": room["title"], "description": "", "isDefaultBroadcast": False,
                              "scheduledStartTime": rfc3339(room.get("scheduled_at") or room["created_at"]),
                              **({"actualStartTime": rfc3339(room["started_at"])} if room["started_at"] else {}),
                              **({"actualEndTime": rfc3339(room["ended_at"])} if room["ended_at"] else {}),
                              **({"liveChatId": chat_id(room["id"])} if room["status"] != "ended" else {})}
        if "status" in parts:
            out["status"] = {"lifeCycleStatus": LIFECYCLE.get(room["status"], "created"), "privacyStatus": "public",
                             "recordingStatus": "recording" if room["status"] == "live" else "notRecording"}
        return out

    async def broadcasts(self, request: Request):
        self.gate(request, "liveBroadcasts.list")
        parts = self._parts(request, {"id", "snippet", "status", "contentDetails"})
        q = request.query_params
        if q.get("mine") != "true" and not q.get("id"):
            raise bad_request("missingRequiredParameter", "No filter selected. Expected one of: id, mine")
        kind = q.get("broadcastType", "event")     # YouTube's default; Studio's rooms are all events
        if kind not in ("all", "event", "persistent"):
            raise bad_request("invalidValue", f"Invalid value for broadcastType: {kind}")
        ids = {room_of_video(v) for v in q.get("id", "").split(",") if v} if q.get("id") else None
        rooms = [r for r in reversed(self.studio.rooms.list_rooms())
                 if (ids is None or r["id"] in ids) and kind != "persistent"]
        limit = max(0, min(50, int(q.get("maxResults") or 5)))
        start = token_numbers(q["pageToken"], "lb", 1)[0] if q.get("pageToken") else 0
        items = [self._broadcast(r, parts) for r in rooms[start:start + limit]]
        pages = {**({"prevPageToken": page_token("lb", max(0, start - limit))} if start else {}),
                 **({"nextPageToken": page_token("lb", start + limit)} if start + limit < len(rooms) else {})}
        return {"kind": "youtube#liveBroadcastListResponse", "etag": etag(items), **pages,
                "pageInfo": {"totalResults": len(rooms), "resultsPerPage": limit}, "items": items}

    async def videos(self, request: Request):
        self.gate(request, "videos.list")
        parts = self._parts(request, {"id", "snippet", "liveStreamingDetails", "status", "statistics"})
        items = []
        for vid in [v for v in request.query_params.get("id", "").split(",") if v][:50]:
            room_id = room_of_video(vid)
            room = self._room(room_id)
            if room is None:
                continue
            item: dict[str, Any] = {"kind": "youtube#video", "etag": etag(room), "id": vid}
            if "snippet" in parts:
                item["snippet"] = {"publishedAt": rfc3339(room["created_at"]), "title": room["title"],
                                   "channelId": staff_channel(self._owner().staff_id), "channelTitle": OWNER_NAME,
                                   "liveBroadcastContent": BROADCAST_CONTENT.get(room["status"], "none")}
            if "liveStreamingDetails" in parts:
                details = {"scheduledStartTime": rfc3339(room.get("scheduled_at") or room["created_at"])}
                if room["started_at"]:
                    details["actualStartTime"] = rfc3339(room["started_at"])
                if room["ended_at"]:
                    details["actualEndTime"] = rfc3339(room["ended_at"])
                if room["status"] == "live":
                    details["concurrentViewers"] = str(self.studio.stats.of_room(room["id"]).get("online", 0))
                    details["activeLiveChatId"] = chat_id(room["id"])
                item["liveStreamingDetails"] = details
            items.append(item)
        return {"kind": "youtube#videoListResponse", "etag": etag(items),
                "pageInfo": {"totalResults": len(items), "resultsPerPage": len(items)}, "items": items}

    async def channels(self, request: Request):
        self.gate(request, "channels.list")
        self._parts(request, {"id", "snippet"})
        owner = self._owner()
        item = {"kind": "youtube#channel", "etag": etag(owner.staff_id), "id": staff_channel(owner.staff_id),
                "snippet": {"title": OWNER_NAME, "description": "Studio's emulated channel"}}
        return {"kind": "youtube#channelListResponse", "etag": etag(item),
                "pageInfo": {"totalResults": 1, "resultsPerPage": 5}, "items": [item]}

    # ------------------------------------------------------------------ chat messages

    def _moderation_items(self, room_id: int, after_seq: int, owner_id: int) -> list[dict]:
        items = []
        for seq, kind, details in self._moderation.get(room_id, ()):
            if seq <= after_seq:
                continue
            key = "messageDeletedDetails" if kind == "messageDeletedEvent" else "userBannedDetails"
            items.append({"kind": "youtube#liveChatMessage", "etag": etag((room_id, seq)), "id": f"LCE.{seq}",
                          "snippet": {"type": kind, "liveChatId": chat_id(room_id),
                                      "authorChannelId": staff_channel(owner_id), "publishedAt": rfc3339(self.now()),
                                      "hasDisplayContent": False, key: details}})
        return items

    def _message(self, c: dict, parts: set[str], owner_id: int) -> dict:
        kind, number = c["user"]["id"][0], int(c["user"]["id"][1:])
        channel = viewer_channel(number) if kind == "v" else staff_channel(number)
        out: dict[str, Any] = {"kind": "youtube#liveChatMessage", "etag": etag((c["id"], c["text"])),
                               "id": message_id(c["id"])}
        if "snippet" in parts:
            out["snippet"] = {"type": "textMessageEvent", "liveChatId": chat_id(c["room_id"]),
                              "authorChannelId": channel, "publishedAt": rfc3339(c["created_at"]),
                              "hasDisplayContent": True, "displayMessage": c["text"],
                              "textMessageDetails": {"messageText": c["text"]}}
        if "authorDetails" in parts:
            out["authorDetails"] = {"channelId": channel, "channelUrl": f"http://www.youtube.com/channel/{channel}",
                                    "displayName": c["user"]["nickname"], "profileImageUrl": "",
                                    "isVerified": False, "isChatOwner": kind == "s" and number == owner_id,
                                    "isChatSponsor": False, "isChatModerator": kind == "s" and number != owner_id}
        return out

    async def list_messages(self, request: Request):
        self.gate(request, "liveChatMessages.list")
        parts = self._parts(request, {"id", "snippet", "authorDetails"})
        q = request.query_params
        room_id = self._live_room(q.get("liveChatId"), reading=True)
        limit = int(q.get("maxResults") or 500) if (q.get("maxResults") or "500").isdigit() else -1
        if not 200 <= limit <= 2000:
            raise bad_request("invalidValue", "maxResults must be between 200 and 2000.")
        db = self.studio.store.db
        newest = db.execute("SELECT COALESCE(MAX(id), 0) FROM comments WHERE room_id = ?", (room_id,)).fetchone()[0]
        seq_now = self._seq
        owner = self._owner().staff_id
        if q.get("pageToken"):
            after, seen_seq = token_numbers(q["pageToken"], "sc", 2)
            rows = self.studio.comments.list_comments(room_id, after, None, limit)
            moderation = self._moderation_items(room_id, seen_seq, owner)
        else:   # the first page: the recent history (what was moderated before it is not replayed)
            after, moderation = newest, []
            rows = self.studio.comments.list_comments(room_id, None, newest + 1, min(limit, self.config.history))
        last = rows[-1]["id"] if rows else after
        items = [self._message(c, parts, owner) for c in rows if not c["deleted"] and not c["hidden"]] + moderation
        room = self.studio.rooms.get(room_id)
        answer = {"kind": "youtube#liveChatMessageListResponse", "etag": etag((room_id, last, seq_now)),
                  "pollingIntervalMillis": self.config.polling_interval_ms,
                  "pageInfo": {"totalResults": len(items), "resultsPerPage": len(items)},
                  "nextPageToken": page_token("sc", last, seq_now), "items": items}
        if room["status"] == "ended":
            answer["offlineAt"] = rfc3339(room["ended_at"])
        return answer

    async def _body(self, request: Request) -> dict:
        try:
            body = await request.json()
        except ValueError:
            body = None
        if not isinstance(body, dict) or not isinstance(body.get("snippet"), dict):
            raise bad_request("parseError", "Parse Error")
        return body["snippet"]

    async def insert_message(self, request: Request):
        self.gate(request, "liveChatMessages.insert", write=True)
        parts = self._parts(request, {"id", "snippet", "authorDetails"})
        snippet = await self._body(request)
        room_id = self._live_room(snippet.get("liveChatId"))
        if snippet.get("type") != "textMessageEvent":
            raise bad_request("invalidValue", "Only textMessageEvent messages can be inserted here.")
        text = (snippet.get("textMessageDetails") or {}).get("messageText")
        if not isinstance(text, str) or not text.strip() or len(text) > MESSAGE_MAX:
            raise bad_request("messageTextInvalid", "The message text is invalid or too long.")
        owner = self._owner()
        comment = self.studio.comments.post(room_id, owner, text)
        return self._message(comment, parts, owner.staff_id)

    def _comment_row(self, mid: str):
        cid = comment_of_message(mid)
        row = self.studio.store.db.execute("SELECT * FROM comments WHERE id = ?", (cid,)).fetchone() if cid else None
        if row is None or row["deleted"]:
            raise YouTubeError(404, "liveChatMessageNotFound", "The specified chat message cannot be found.")
        return row

    async def delete_message(self, request: Request):
        self.gate(request, "liveChatMessages.delete", write=True)
        row = self._comment_row(request.query_params.get("id", ""))
        self._live_room(chat_id(row["room_id"]))
        if row["staff_id"] is not None and row["staff_id"] != self._owner().staff_id:
            raise YouTubeError(403, "modificationNotAllowed", "Messages of moderators cannot be deleted.")
        self.studio.comments.delete(row["room_id"], row["id"])
        return Response(status_code=204)

    # ------------------------------------------------------------------ bans and moderators

    def _viewer(self, channel: Any) -> int:
        person = person_of_channel(channel) if isinstance(channel, str) else None
        if person is None:
            raise bad_request("invalidValue", "bannedUserDetails.channelId is not a valid channel.")
        if person[0] == "s":
            raise YouTubeError(403, "modificationNotAllowed", "The owner and moderators of a chat cannot be banned.")
        try:
            self.studio.accounts.viewer_row(person[1])
        except ApiError:
            raise YouTubeError(404, "channelNotFound", "The channel to ban cannot be found.") from None
        return person[1]

    async def insert_ban(self, request: Request):
        self.gate(request, "liveChatBans.insert", write=True)
        self._parts(request, {"id", "snippet"})
        snippet = await self._body(request)
        room_id = self._live_room(snippet.get("liveChatId"))
        kind = snippet.get("type")
        if kind not in ("temporary", "permanent"):
            raise bad_request("invalidValue", "snippet.type must be temporary or permanent.")
        viewer_id = self._viewer((snippet.get("bannedUserDetails") or {}).get("channelId"))
        out = {"liveChatId": chat_id(room_id), "type": kind}
        if kind == "temporary":
            seconds = snippet.get("banDurationSeconds", 300)
            if not isinstance(seconds, int) or seconds <= 0:
                raise bad_request("invalidValue", "banDurationSeconds must be a positive number.")
            card = self.studio.moderation.mute(room_id, viewer_id, seconds)
            out["banDurationSeconds"] = seconds
        else:
            card = self.studio.moderation.ban(room_id, viewer_id)
        channel = viewer_channel(viewer_id)
        out["bannedUserDetails"] = {"channelId": channel, "channelUrl": f"http://www.youtube.com/channel/{channel}",
                                    "displayName": card["nickname"], "profileImageUrl": ""}
        bid = ban_id(room_id, viewer_id, kind)
        return {"kind": "youtube#liveChatBan", "etag": etag((bid, self.now())), "id": bid, "snippet": out}

    async def delete_ban(self, request: Request):
        self.gate(request, "liveChatBans.delete", write=True)
        parsed = parse_ban(request.query_params.get("id", ""))
        missing = YouTubeError(404, "liveChatBanNotFound", "The specified ban cannot be found.")
        if parsed is None:
            raise missing
        room_id, viewer_id, kind = parsed
        self._live_room(chat_id(room_id))
        card = self.studio.moderation.viewer_card(room_id, viewer_id)
        if kind == "temporary" and card["muted_until"] is not None:
            self.studio.moderation.unmute(room_id, viewer_id)
        elif kind == "permanent" and card["banned"]:
            self.studio.moderation.ban(room_id, viewer_id, False)
        else:
            raise missing
        return Response(status_code=204)

    async def moderators(self, request: Request):
        self.gate(request, "liveChatModerators.list")
        self._parts(request, {"id", "snippet"})
        room_id = self._live_room(request.query_params.get("liveChatId"), reading=True)
        rows = self.studio.store.db.execute("SELECT id, name FROM staff WHERE role IN ('assistant', 'moderator') "
                                            "AND disabled = 0 ORDER BY id").fetchall()
        items = [{"kind": "youtube#liveChatModerator", "etag": etag(r["id"]), "id": f"LCM.{room_id}.{r['id']}",
                  "snippet": {"liveChatId": chat_id(room_id),
                              "moderatorDetails": {"channelId": staff_channel(r["id"]), "displayName": r["name"],
                                                   "channelUrl": f"http://www.youtube.com/channel/"
                                                                 f"{staff_channel(r['id'])}",
                                                   "profileImageUrl": ""}}} for r in rows]
        return {"kind": "youtube#liveChatModeratorListResponse", "etag": etag(items),
                "pageInfo": {"totalResults": len(items), "resultsPerPage": len(items)}, "items": items}
