"""Studio's emulation of WeChat's live-commerce server APIs, on Studio's own state.

Studio answers the WeChat paths the console's WeChat adapters call — `POST /cgi-bin/stable_token`,
`/wxa/business/*` and `/wxaapi/broadcast/*` (mini-program live), `/channels/livedashboard/*`,
`/channels/ec/*` (WeChat Channels and its shop) — on its own port, so an adapter pointed at Studio
instead of https://api.weixin.qq.com works unchanged. They run on the same rooms, shelf, catalog,
coupons, flash sales and orders as Studio's own API: a product imported through WeChat is on the
Studio room's shelf, a flash sale added through WeChat is sold in the room, and so on.

Strict like WeChat: its envelopes and units, its methods, its tokens and allowances, its rules
and errcodes (see each module). Two accounts are made on first start and kept: a mini-program
(小程序直播) and a shop (视频号 / 微信小店); their AppIDs and AppSecrets are on Studio's start-up line.

Modules:
  errors      the envelope, errcodes and WeChat's errmsg texts
  fields      reading request fields as WeChat's gateway does
  core        accounts, access tokens, daily and per-minute allowances, the gate every request passes
  media       temporary media (素材): image uploads, the media ids room plans name
  live        mini-program live: rooms, goods in a room, push (讲解), mute, assistants, roles, goods library
  channels    WeChat Channels: live dashboard, reservations, shop products, orders
  promotions  shop coupons and 限时抢购 flash-sale tasks
  control     `PUT /api/v1/_wechat` (with `studio --chaos` only): short token lifetimes, low allowances,
              expiring every token now — what tests need"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fastapi import APIRouter, Request

from anchor_console.studio.wechat.channels import Channels, export_id
from anchor_console.studio.wechat.core import (
    MINI_PROGRAM, QUOTA_GET, SHOP, STABLE_TOKEN, Api, Gate, WeChatConfig,
)
from anchor_console.studio.wechat.live import Live
from anchor_console.studio.wechat.media import Media
from anchor_console.studio.wechat.promotions import Promotions

if TYPE_CHECKING:
    from anchor_console.studio.services import Studio

DEMO_ANCHOR = "studio_anchor"


class WeChatEmulator:
    def __init__(self, studio: Studio, *, push_domain: str = "push.studio.local",
                 push_key: str = "studio-demo-push-key", config: WeChatConfig | None = None) -> None:
        self.studio = studio
        self.config = config or WeChatConfig()
        self.gate = Gate(studio, self.config)
        self.media = Media(studio)
        self.live = Live(self.gate, studio, self.config, push_domain=push_domain, push_key=push_key,
                         media=self.media)
        self.channels = Channels(studio)
        self.promotions = Promotions(studio)
        both = frozenset({MINI_PROGRAM, SHOP})
        for api in (Api(STABLE_TOKEN, "POST", both, lambda call: {}), Api(QUOTA_GET, "POST", both, self.gate.quota_get),
                    *self.media.apis(), *self.live.apis(), *self.channels.apis(), *self.promotions.apis()):
            self.gate.apis[api.path] = api
        self.mini_program = self.gate.ensure_app(MINI_PROGRAM, "Studio 小程序")
        self.shop = self.gate.ensure_app(SHOP, "Studio 小店")
        self.live.seed_demo_team()
        self.promotions.sync_templates()

    def router(self) -> APIRouter:
        """Every WeChat path, answering GET and POST alike (the wrong one gets WeChat's 43001/43002)."""
        router = APIRouter()
        for api in self.gate.apis.values():
            router.add_api_route(api.path, self._endpoint(api), methods=["GET", "POST"], include_in_schema=False)
        return router

    def _endpoint(self, api: Api):
        async def endpoint(request: Request):
            return await self.gate.serve(api, request)
        endpoint.body_limit = api.body_limit   # type: ignore[attr-defined]  # read by limits.RequestGuard
        endpoint.__name__ = "wechat_" + api.path.strip("/").replace("/", "_")
        return endpoint

    def announcement(self, room_id: int) -> dict:
        """The `wechat` part of Studio's start-up line: the accounts and the demo room as each
        adapter names it (a mini-program roomid; a Channels export_id)."""
        return {**self.mini_program, "live_room_id": room_id, "anchor_wechat": DEMO_ANCHOR,
                "shop": {**self.shop, "live_export_id": export_id(room_id)}}

    def settings(self) -> dict:
        c = self.config
        return {"token_ttl_s": c.token_ttl_s, "force_refresh_gap_s": c.force_refresh_gap_s,
                "force_refresh_per_day": c.force_refresh_per_day, "daily_limits": dict(c.daily_limits),
                "minute_limits": dict(c.minute_limits), "push_s": c.push_s, "review_s": c.review_s}
