"""The Helix endpoints the console calls, on Studio's rooms (paths, fields, scopes and error
messages as in the Helix reference, dev.twitch.tv/docs/api/reference):

  GET    /helix/users                       id= (repeatable) or the token's user
  GET    /helix/streams                     user_id= (repeatable): live Studio rooms
  GET    /helix/moderation/channels         user_id= (the token's): every Studio room   user:read:moderated_channels
  POST   /helix/moderation/bans             ban, or timeout with duration 1–1209600     moderator:manage:banned_users
  DELETE /helix/moderation/bans             unban (400 "… is not banned")              moderator:manage:banned_users
  DELETE /helix/moderation/chat             one message, or all (clear chat)           moderator:manage:chat_messages
  GET    /helix/chat/settings               any token; the chat delay only with moderator:read:chat_settings
  PATCH  /helix/chat/settings               slow/follower/emote-only...               moderator:manage:chat_settings
  GET    /helix/moderation/shield_mode                                                 moderator:read:shield_mode
  PUT    /helix/moderation/shield_mode                                                 moderator:manage:shield_mode
  POST   /helix/chat/announcements          204                                        moderator:manage:announcements
  POST   /helix/chat/messages               posted as the Studio staff account         user:write:chat
  POST/GET/DELETE /helix/eventsub/subscriptions (eventsub.py)

`moderator_id` (and `sender_id`) must be the token's user (401, as Twitch answers), and that user
must moderate the channel (403). A timeout is Studio's mute, a ban Studio's ban; deleting a
message deletes the Studio comment. Slow mode, follower mode and shield mode are the Studio room's
chat modes (slow_mode_wait_time ↔ slow_mode_s, follower_mode_duration ↔ followers_only_min,
is_active ↔ shield): set here or through Studio's API, they are one mode, enforced on every viewer
comment (the simulated audience's too); emote-only is the room's mute-all. An announcement is a
Studio announcement comment in its color. Subscriber mode, unique chat and the chat delay (2, 4 or
6 s; Studio has no such rules) and who last turned shield mode on are kept here. Get Chat Settings
refuses no moderator: a reader without moderator:read:chat_settings, or not a moderator, gets the
settings without the chat delay and moderator_id, as the Helix reference describes."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from anchor_console.studio.errors import ApiError
from anchor_console.studio.permissions import Role
from anchor_console.studio.store import Principal
from anchor_console.studio.twitch.core import (
    CHANNEL_BASE, GateRefusal, Identity, Token, TwitchError, comment_of, message_uuid,
)
from anchor_console.studio.twitch.eventsub import Hub, rfc3339

MAX_TIMEOUT = 1_209_600
BODY_LIMIT = 16 * 1024          # a 500-character chat message is at most 2 KB; Studio's guard reads this
NOT_MODERATOR = "The user in moderator_id is not one of the broadcaster's moderators."
READ_SETTINGS = "moderator:read:chat_settings"
CHAT_DELAYS = (2, 4, 6)         # seconds, the only values Update Chat Settings takes
Handler = Callable[[Token, Request, dict], Awaitable[tuple[int, dict | None]]]


def _one(query: dict, name: str) -> str:
    value = query.get(name)
    if not value:
        raise TwitchError(400, f"Missing required parameter \"{name}\"")
    return value


def _chat_delay(body: dict) -> dict:
    """The chat delay a PATCH sets: on needs its duration ("If non_moderator_chat_delay is true, the
    non_moderator_chat_delay_duration field must be set to a valid value"), off clears it."""
    if not bool(body["non_moderator_chat_delay"]):
        return {"non_moderator_chat_delay": False, "non_moderator_chat_delay_duration": None}
    duration = body.get("non_moderator_chat_delay_duration")
    if isinstance(duration, bool) or duration not in CHAT_DELAYS:
        raise TwitchError(400, "The value in non_moderator_chat_delay_duration is not valid (2, 4 or 6).")
    return {"non_moderator_chat_delay": True, "non_moderator_chat_delay_duration": duration}


class Helix:
    def __init__(self, identity: Identity, hub: Hub) -> None:
        self.identity = identity
        self.studio = identity.studio
        self.hub = hub
        self.chat_modes: dict[int, dict] = {}
        self.shield: dict[int, dict] = {}

    def router(self) -> APIRouter:
        router = APIRouter()
        m = "moderator:manage:"
        for path, method, scope, handler in (
                ("/users", "GET", None, self.users), ("/streams", "GET", None, self.streams),
                ("/moderation/channels", "GET", "user:read:moderated_channels", self.moderated_channels),
                ("/moderation/bans", "POST", m + "banned_users", self.ban),
                ("/moderation/bans", "DELETE", m + "banned_users", self.unban),
                ("/moderation/chat", "DELETE", m + "chat_messages", self.delete_messages),
                ("/chat/settings", "GET", None, self.get_settings),
                ("/chat/settings", "PATCH", m + "chat_settings", self.patch_settings),
                ("/moderation/shield_mode", "GET", None, self.get_shield),
                ("/moderation/shield_mode", "PUT", m + "shield_mode", self.put_shield),
                ("/chat/announcements", "POST", m + "announcements", self.announce),
                ("/chat/messages", "POST", "user:write:chat", self.send_message),
                ("/eventsub/subscriptions", "POST", None, self.subscribe),
                ("/eventsub/subscriptions", "GET", None, self.subscriptions),
                ("/eventsub/subscriptions", "DELETE", None, self.unsubscribe)):
            router.add_api_route("/helix" + path, self._endpoint(scope, handler), methods=[method],
                                 include_in_schema=False, name=f"twitch_{method}_{path}")
        return router

    def _endpoint(self, scope: str | None, handler: Handler):
        async def endpoint(request: Request):
            try:
                token, headers = self.identity.admit(request, scope)
            except GateRefusal as refusal:
                return refusal.error.response(refusal.headers)
            try:
                status, body = await handler(token, request, dict(request.query_params))
            except TwitchError as error:
                return error.response(headers)
            except ApiError as error:       # Studio refused (room ended, …): Twitch says 400 with the reason
                return TwitchError(400, error.message).response(headers)
            if body is None:
                return Response(status_code=status, headers=headers)
            return JSONResponse(body, status_code=status, headers=headers)
        endpoint.body_limit = BODY_LIMIT   # type: ignore[attr-defined]  # read by limits.RequestGuard
        return endpoint

    async def _json(self, request: Request) -> dict:
        try:
            body = json.loads(await request.body() or b"{}")
        except ValueError:
            raise TwitchError(400, "Malformed request body") from None
        if not isinstance(body, dict):
            raise TwitchError(400, "Malformed request body")
        return body

    def _moderated(self, token: Token, query: dict, who: str = "moderator_id") -> int:
        """The Studio room of `broadcaster_id`, after Twitch's checks on the moderator."""
        broadcaster = _one(query, "broadcaster_id")
        moderator = _one(query, who)
        if moderator != token.user_id:
            raise TwitchError(401, f"The ID in {who} must match the user ID found in the request's OAuth token.")
        room = self.identity.room_of(broadcaster)
        if room is None:
            raise TwitchError(400, "The ID in broadcaster_id is not valid.")
        if not self.identity.moderates(token.user_id, broadcaster):
            raise TwitchError(403, NOT_MODERATOR)
        return room

    # users and channels --------------------------------------------------------------------
    async def users(self, token: Token, request: Request, query: dict):
        ids = request.query_params.getlist("id") or [token.user_id]
        if len(ids) > 100:
            raise TwitchError(400, "The number of id and login query parameters exceeds 100.")
        return 200, {"data": [u for u in map(self.identity.user, ids) if u]}

    async def streams(self, token: Token, request: Request, query: dict):
        data = []
        for uid in request.query_params.getlist("user_id"):
            room = self.identity.room_of(uid)
            row = self.studio.rooms.get(room) if room is not None else None
            if row and row["status"] == "live":
                data.append({"id": str(9_000_000_000 + room), "user_id": uid, "user_login": f"studio_room_{room}",
                             "user_name": f"StudioRoom{room}", "game_id": "", "game_name": "", "type": "live",
                             "title": row["title"], "viewer_count": 0,
                             "started_at": rfc3339(row.get("started_at") or 0)[:19] + "Z", "language": "zh",
                             "thumbnail_url": "", "tag_ids": [], "tags": [], "is_mature": False})
        return 200, {"data": data, "pagination": {}}

    async def moderated_channels(self, token: Token, request: Request, query: dict):
        if _one(query, "user_id") != token.user_id:
            raise TwitchError(400, "The ID in user_id must match the user ID found in the request's OAuth token.")
        if self.identity.staff_id(token.user_id) is None:
            return 200, {"data": [], "pagination": {}}
        first = min(100, max(1, int(query.get("first") or 20)))
        after = int(query.get("after") or 0)
        rows = self.studio.store.db.execute("SELECT id FROM rooms WHERE id > ? ORDER BY id LIMIT ?",
                                            (after, first + 1)).fetchall()
        data = [{"broadcaster_id": str(CHANNEL_BASE + r["id"]), "broadcaster_login": f"studio_room_{r['id']}",
                 "broadcaster_name": f"StudioRoom{r['id']}"} for r in rows[:first]]
        more = len(rows) > first
        return 200, {"data": data, "pagination": {"cursor": str(rows[first - 1]["id"])} if more else {}}

    # bans and timeouts ---------------------------------------------------------------------
    async def ban(self, token: Token, request: Request, query: dict):
        room = self._moderated(token, query)
        data = (await self._json(request)).get("data")
        if not isinstance(data, dict) or not data.get("user_id"):
            raise TwitchError(400, "Missing required parameter \"user_id\"")
        user_id, duration = str(data["user_id"]), data.get("duration")
        if len(str(data.get("reason", ""))) > 500:
            raise TwitchError(400, "The text in the reason field is too long.")
        if duration is not None and (not isinstance(duration, int) or not 1 <= duration <= MAX_TIMEOUT):
            raise TwitchError(400, "The value in the duration field is not valid.")
        viewer = self.identity.viewer_id(user_id)
        if viewer is None:
            raise TwitchError(400, "The user specified in the user_id field may not be banned.")
        card = self.studio.moderation.viewer_card(room, viewer)
        if card["banned"]:
            raise TwitchError(400, "user is already banned")   # the Ban User page's example
        now = self.identity.now()
        if duration is None:
            self.studio.moderation.ban(room, viewer)
            end = None
        else:
            self.studio.moderation.mute(room, viewer, duration)
            end = rfc3339(now + duration)
        return 200, {"data": [{"broadcaster_id": str(CHANNEL_BASE + room), "moderator_id": token.user_id,
                               "user_id": user_id, "created_at": rfc3339(now), "end_time": end}]}

    async def unban(self, token: Token, request: Request, query: dict):
        room = self._moderated(token, query)
        viewer = self.identity.viewer_id(_one(query, "user_id"))
        card = self.studio.moderation.viewer_card(room, viewer) if viewer is not None else None
        if card is None or not (card["banned"] or card["muted_until"]):
            raise TwitchError(400, "user is not banned")
        if card["banned"]:
            self.studio.moderation.ban(room, viewer, False)
        if card["muted_until"]:
            self.studio.moderation.unmute(room, viewer)
        return 204, None

    async def delete_messages(self, token: Token, request: Request, query: dict):
        room = self._moderated(token, query)
        message_id = query.get("message_id")
        if message_id is None:
            return self._clear(room)
        cid = comment_of(message_id)
        row = self.studio.store.db.execute("SELECT staff_id, created_at FROM comments WHERE id = ? AND room_id = ?",
                                           (cid, room)).fetchone() if cid is not None else None
        if row is None or self.identity.now() - row["created_at"] > 6 * 3600:
            raise TwitchError(404, "The ID in message_id was not found.")
        if row["staff_id"] is not None:
            raise TwitchError(400, "You may not delete another moderator's messages.")
        self.studio.comments.delete(room, cid)
        return 204, None

    def _clear(self, room: int):
        with self.studio.store.tx():
            self.studio.store.db.execute("UPDATE comments SET deleted = 1, pinned = 0 WHERE room_id = ? "
                                         "AND created_at > ?", (room, self.identity.now() - 6 * 3600))
        self.hub.cleared(room)
        return 204, None

    # chat settings and shield mode --------------------------------------------------------
    def _settings(self, room: int, moderator_id: str | None, delay: bool) -> dict:
        """The room's chat settings; moderator_id only for a reader with moderator:read:chat_settings,
        the chat delay only if that reader also moderates the channel (`delay`)."""
        kept = self.chat_modes.setdefault(room, {"subscriber_mode": False, "unique_chat_mode": False,
                                                 "non_moderator_chat_delay": False,
                                                 "non_moderator_chat_delay_duration": None})
        studio_room = self.studio.rooms.get(room)
        chat = studio_room["chat"]
        data = {"broadcaster_id": str(CHANNEL_BASE + room),
                "slow_mode": chat["slow_mode_s"] > 0, "slow_mode_wait_time": chat["slow_mode_s"] or None,
                "follower_mode": chat["followers_only_min"] is not None,
                "follower_mode_duration": chat["followers_only_min"],
                **kept, "emote_mode": bool(studio_room["mute_all"])}
        if not delay:
            data.pop("non_moderator_chat_delay")
            data.pop("non_moderator_chat_delay_duration")
        if moderator_id is not None:
            data["moderator_id"] = moderator_id
        return data

    async def get_settings(self, token: Token, request: Request, query: dict):
        """Any token reads; moderator_id is answered to a user token with moderator:read:chat_settings,
        and the chat delay if the user in moderator_id also moderates the channel (Get Chat Settings)
        — otherwise they are left out, not refused."""
        broadcaster = _one(query, "broadcaster_id")
        room = self.identity.room_of(broadcaster)
        if room is None:
            raise TwitchError(400, "The ID in broadcaster_id is not valid.")
        moderator = query.get("moderator_id")
        if moderator and moderator != token.user_id:
            raise TwitchError(401, "The ID in moderator_id must match the user ID found in the request's OAuth token.")
        scoped = READ_SETTINGS in token.scopes and bool(token.user_id)
        delay = scoped and bool(moderator) and self.identity.moderates(token.user_id, broadcaster)
        return 200, {"data": [self._settings(room, token.user_id if scoped else None, delay)]}

    async def patch_settings(self, token: Token, request: Request, query: dict):
        room = self._moderated(token, query)
        body = await self._json(request)
        modes = self._settings(room, token.user_id, True)
        wait = body.get("slow_mode_wait_time")
        if wait is not None and (not isinstance(wait, int) or not 3 <= wait <= 120):
            raise TwitchError(400, "The value in slow_mode_wait_time is not valid (3-120).")
        follow = body.get("follower_mode_duration")
        if follow is not None and (not isinstance(follow, int) or not 0 <= follow <= 129_600):
            raise TwitchError(400, "The value in follower_mode_duration is not valid (0-129600).")
        delay = _chat_delay(body) if "non_moderator_chat_delay" in body else {}
        stored = self.chat_modes[room]
        for name in ("subscriber_mode", "unique_chat_mode"):
            if name in body:
                stored[name] = bool(body[name])
        stored.update(delay)
        changes: dict = {}
        if "slow_mode" in body or wait is not None:
            changes["slow_mode_s"] = (wait or 30) if bool(body.get("slow_mode", True)) else 0
        if "follower_mode" in body or follow is not None:
            changes["followers_only_min"] = (follow or 0) if bool(body.get("follower_mode", True)) else None
        if changes:
            self.studio.moderation.set_chat_modes(room, **changes)
        if "emote_mode" in body and bool(body["emote_mode"]) != modes["emote_mode"]:
            self.studio.moderation.set_mute_all(room, bool(body["emote_mode"]))
        return 200, {"data": [self._settings(room, token.user_id, True)]}

    async def get_shield(self, token: Token, request: Request, query: dict):
        if not ({"moderator:read:shield_mode", "moderator:manage:shield_mode"} & set(token.scopes)):
            raise TwitchError(401, "Missing scope: moderator:read:shield_mode")
        room = self._moderated(token, query)
        return 200, {"data": [self._shield(room)]}

    def _shield(self, room: int) -> dict:
        """Whether it is on is the Studio room's; who last turned it on, and when, is kept here."""
        who = self.shield.get(room) or {"moderator_id": "", "moderator_login": "", "moderator_name": "",
                                        "last_activated_at": ""}
        return {"is_active": self.studio.rooms.get(room)["chat"]["shield"], **who}

    async def put_shield(self, token: Token, request: Request, query: dict):
        room = self._moderated(token, query)
        body = await self._json(request)
        if not isinstance(body.get("is_active"), bool):
            raise TwitchError(400, "Missing required parameter \"is_active\"")
        user = self.identity.user(token.user_id) or {"login": "", "display_name": ""}
        self.studio.moderation.set_chat_modes(room, shield=body["is_active"])
        previous = self.shield.get(room, {}).get("last_activated_at", "")
        self.shield[room] = {"moderator_id": token.user_id, "moderator_login": user["login"],
                             "moderator_name": user["display_name"],
                             "last_activated_at": rfc3339(self.identity.now()) if body["is_active"] else previous}
        return 200, {"data": [self._shield(room)]}

    # posting -------------------------------------------------------------------------------
    def _staff_principal(self, token: Token) -> Principal:
        staff = self.identity.staff_id(token.user_id)
        row = self.studio.accounts.staff(staff)
        return Principal(Role(row["role"]), staff_id=staff, name=row["name"])

    async def announce(self, token: Token, request: Request, query: dict):
        room = self._moderated(token, query)
        body = await self._json(request)
        text = str(body.get("message", ""))
        if not text or len(text) > 500:
            raise TwitchError(400, "The message field is required and may be at most 500 characters.")
        color = body.get("color", "primary")
        if color not in ("blue", "green", "orange", "purple", "primary"):
            raise TwitchError(400, "The value in color is not valid.")
        comment = self.studio.comments.post(room, self._staff_principal(token), text, announcement=color)
        self.hub.quiet.add(comment["id"])   # Twitch shows announcements as a notice, not a chat message
        return 204, None

    async def send_message(self, token: Token, request: Request, query: dict):
        body = await self._json(request)
        room = self._moderated(token, {"broadcaster_id": str(body.get("broadcaster_id", "")),
                                       "sender_id": str(body.get("sender_id", ""))}, who="sender_id")
        text = str(body.get("message", ""))
        if not text or len(text) > 500:
            raise TwitchError(400, "The message field is required and may be at most 500 characters.")
        if self.studio.rooms.get(room)["status"] != "live":
            return 200, {"data": [{"message_id": "", "is_sent": False, "drop_reason": {
                "code": "channel_settings", "message": "The channel is not live."}}]}
        comment = self.studio.comments.post(room, self._staff_principal(token), text)
        return 200, {"data": [{"message_id": message_uuid(comment["id"]), "is_sent": True, "drop_reason": None}]}

    # EventSub subscriptions ----------------------------------------------------------------
    async def subscribe(self, token: Token, request: Request, query: dict):
        return 202, self.hub.subscribe(token.user_id, token.scopes, await self._json(request))

    async def subscriptions(self, token: Token, request: Request, query: dict):
        return 200, self.hub.list_subscriptions(token.user_id)

    async def unsubscribe(self, token: Token, request: Request, query: dict):
        self.hub.unsubscribe(token.user_id, _one(query, "id"))
        return 204, None
