"""Video through Tencent Cloud Live (云直播), off unless `studio --tencent-live-config PATH`:
push/stop callbacks (callbacks.py) and DescribeLiveStreamState with TC3 signing (client.py,
tc3.py) keep each room's video state (video.py), which consoles see in the room ("stream is
live / dropped / forbidden"). Studio already signs the OBS push URL in Tencent's format
(push_url.py); the settings and where the secrets come from: config.py."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import httpx

from anchor_console.studio.tencent_live.callbacks import callback_router
from anchor_console.studio.tencent_live.client import LiveApi
from anchor_console.studio.tencent_live.config import ConfigError, LiveConfig, load_config
from anchor_console.studio.tencent_live.video import RoomVideo, VideoWatch

__all__ = ["ConfigError", "LiveConfig", "TencentLive", "load_config"]


class TencentLive:
    """The feature on one Studio: its room video state, the API client, the checks and the
    callback route (`router()`, mounted by api.create_app)."""

    def __init__(self, studio, config: LiveConfig, *, http: httpx.AsyncClient | None = None,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        self.config = config
        self.video = RoomVideo(studio, poll_interval_s=config.poll_interval_s)
        self.api = LiveApi(config, http=http, clock=studio.store.clock.now, sleep=sleep)
        self.watch = VideoWatch(self.video, self.api)

    def router(self):
        return callback_router(self.config, self.video, self.watch)

    async def aclose(self) -> None:
        await self.watch.settled()
        await self.api.aclose()
