"""Studio's emulation of Twitch: id.twitch.tv's device-code sign-in, the Helix moderation and chat
endpoints, and EventSub over WebSocket — on Studio's own rooms, staff and viewers, so the console's
Twitch adapter pointed at Studio instead of api.twitch.tv / id.twitch.tv / eventsub.wss.twitch.tv
works unchanged (one base URL for all three: `/helix/...`, `/oauth2/...`, `/ws`).

The demo room is a channel (broadcaster 700000000 + room id); its viewers' comments arrive as
channel.chat.message notifications; bans, timeouts and deletions act on the room's moderation.
Strict like Twitch: its error JSON `{"error", "status", "message"}`, scopes, token expiry,
`moderator_id` = the token's user, the rate-limit bucket with its headers and 429.

Modules:
  core      the application (client id), users, tokens, the bucket, the gate
  oauth     /oauth2/device, /oauth2/token, /oauth2/validate, /oauth2/revoke, the /activate page
  helix     /helix/... (moderation, chat settings, shield mode, announcements, chat messages)
  eventsub  the `/ws` socket and its subscriptions, fed by Studio's room events
  control   `PUT /api/v1/_twitch` (with `studio --chaos` only): reconnect, drop, revoke, settings,
            a fast chat burst"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fastapi import APIRouter, WebSocket

from anchor_console.studio.twitch.core import CHANNEL_BASE, Identity, TwitchConfig
from anchor_console.studio.twitch.eventsub import Hub
from anchor_console.studio.twitch.helix import Helix
from anchor_console.studio.twitch.oauth import OAuth

if TYPE_CHECKING:
    from anchor_console.studio.services import Studio


class TwitchEmulator:
    def __init__(self, studio: Studio, *, config: TwitchConfig | None = None) -> None:
        self.studio = studio
        self.config = config or TwitchConfig()
        self.identity = Identity(studio, self.config)
        self.hub = Hub(self.identity)
        self.oauth = OAuth(self.identity)
        self.helix = Helix(self.identity, self.hub)

    def router(self) -> APIRouter:
        router = APIRouter()
        for part in (self.oauth.router(), self.helix.router()):
            router.routes.extend(part.routes)

        async def eventsub_ws(websocket: WebSocket):
            await self.hub.serve(websocket)

        router.add_api_websocket_route("/ws", eventsub_ws, name="twitch_eventsub_ws")
        return router

    def announcement(self, room_id: int) -> dict:
        """The `twitch` part of Studio's start-up line: the application's client id (a public
        client: no secret), the demo room's channel, and the account to authorize as."""
        anchor = self.identity.anchor_user()
        return {"client_id": self.identity.client_id, "broadcaster_id": str(CHANNEL_BASE + room_id),
                "broadcaster_login": f"studio_room_{room_id}", "sign_in_as": anchor["login"],
                "user_id": anchor["id"]}

    def settings(self) -> dict:
        c = self.config
        return {"token_ttl_s": c.token_ttl_s, "device_code_ttl_s": c.device_code_ttl_s,
                "device_interval_s": c.device_interval_s, "rate_limit_per_min": c.rate_limit_per_min,
                "keepalive_s": c.keepalive_s, "redeliver_on_move": c.redeliver_on_move,
                "resume_after_drop": c.resume_after_drop}
