"""Studio's emulation of YouTube Live's chat API and Google's OAuth for installed apps, on Studio's
own rooms, viewers and comments.

Studio answers, on its own port, the paths the console's YouTube adapter calls — Google's OAuth
(`/o/oauth2/v2/auth` consent page, `/token`) and `/youtube/v3/…` (liveBroadcasts, videos,
channels, liveChat/messages, liveChat/bans, liveChat/moderators) — so an adapter pointed at Studio
instead of Google works unchanged. Every Studio room is a broadcast of the one emulated channel;
its comments, the simulated audience's included, are the chat; deletes and bans act on the Studio
room's moderation, so Studio's audience and every console see them.

Strict like Google: its error envelope, its OAuth errors, token expiry (401), scopes (403
insufficientPermissions), the day's units (403 quotaExceeded, Pacific days). One Desktop-app
OAuth client is made on first start and kept; its id and secret are on Studio's start-up line.

Modules:
  core     names (video, chat, channel, message, ban ids), the error envelope, settings, quota
  oauth    the consent page, the decision redirect, the token endpoint (PKCE), bearer tokens
  chat     the YouTube Data API v3 paths
  control  `PUT /api/v1/_youtube` (with `studio --chaos` only): quota left, token lifetime, polling"""

from __future__ import annotations

from typing import TYPE_CHECKING, Awaitable, Callable

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from anchor_console.studio.youtube.chat import Chat
from anchor_console.studio.youtube.core import Quota, YouTubeConfig, YouTubeError, chat_id, video_id
from anchor_console.studio.youtube.oauth import OAuth

if TYPE_CHECKING:
    from anchor_console.studio.services import Studio

V3 = "/youtube/v3"


class YouTubeEmulator:
    def __init__(self, studio: Studio, config: YouTubeConfig | None = None) -> None:
        self.studio = studio
        self.config = config or YouTubeConfig()
        self.oauth = OAuth(studio, self.config)
        self.quota = Quota(self.config)
        self.chat = Chat(studio, self.config, self.oauth, self.quota)
        self.client = self.oauth.ensure_client()

    def router(self) -> APIRouter:
        router = APIRouter()
        routes: list[tuple[str, str, Callable[[Request], Awaitable]]] = [
            ("/o/oauth2/v2/auth", "GET", self.oauth.consent),
            ("/o/oauth2/v2/auth/decision", "POST", self.oauth.decision),
            ("/token", "POST", self.oauth.token),
            (V3 + "/liveBroadcasts", "GET", self.chat.broadcasts),
            (V3 + "/videos", "GET", self.chat.videos),
            (V3 + "/channels", "GET", self.chat.channels),
            (V3 + "/liveChat/messages", "GET", self.chat.list_messages),
            (V3 + "/liveChat/messages", "POST", self.chat.insert_message),
            (V3 + "/liveChat/messages", "DELETE", self.chat.delete_message),
            (V3 + "/liveChat/bans", "POST", self.chat.insert_ban),
            (V3 + "/liveChat/bans", "DELETE", self.chat.delete_ban),
            (V3 + "/liveChat/moderators", "GET", self.chat.moderators),
        ]
        for path, method, handler in routes:
            router.add_api_route(path, self._endpoint(handler, path, method), methods=[method],
                                 include_in_schema=False)
        return router

    @staticmethod
    def _endpoint(handler, path: str, method: str):
        async def endpoint(request: Request):
            try:
                answer = await handler(request)
            except YouTubeError as exc:
                return exc.response()
            # A chat page is plain JSON already: straight out, without FastAPI's encoder walking it.
            return JSONResponse(answer) if isinstance(answer, dict) else answer
        endpoint.__name__ = "youtube_" + method.lower() + path.strip("/").replace("/", "_").replace(".", "_")
        return endpoint

    def announcement(self, room_id: int) -> dict:
        """The `youtube` part of Studio's start-up line: the OAuth client and the demo room as a
        broadcast (video id) and its chat."""
        return {**self.client, "video_id": video_id(room_id), "live_chat_id": chat_id(room_id)}

    def settings(self) -> dict:
        c = self.config
        return {"daily_limit": c.daily_limit, "token_ttl_s": c.token_ttl_s, "polling_interval_ms": c.polling_interval_ms,
                "remaining_units": c.daily_limit - self.quota.used(self.client["client_id"], self.studio.store.clock.now())}
