"""Chat through Tencent Cloud IM (an AVChatRoom live group per room), off unless configured
(`anchor-console studio --tencent-im CONFIG`):

  config     the config file and the secrets from the environment (ImConfig)
  usersig    UserSig (TLSSigAPIv2), made for each REST call; read back by the emulator
  presend    the pre-send word lists: the team's shared lists and the config's blocked words
  bridge     callbacks → comments (deduplicated), moderation changes → the outbox
  sender     the outbox → IM's REST API, exactly once, within IM's rate limit
  callbacks  the callback route (SdkAppid, Sign and RequestTime checked)

`TencentIm` puts them together for one Studio: `in_front_of(app)` answers the callback path before
Studio's app (api.served), `run()` is the sender's task."""

from __future__ import annotations

from typing import TYPE_CHECKING

import httpx

from anchor_console.studio.tencent_im.bridge import ImBridge
from anchor_console.studio.tencent_im.callbacks import CallbackRoute
from anchor_console.studio.tencent_im.config import ImConfig, ImConfigError, load_config
from anchor_console.studio.tencent_im.sender import ImRestClient, OutboxSender, command_rate

if TYPE_CHECKING:
    from anchor_console.studio.services import Studio

__all__ = ["ImConfig", "ImConfigError", "TencentIm", "load_config"]


class TencentIm:
    def __init__(self, studio: Studio, config: ImConfig, *, transport: httpx.AsyncBaseTransport | None = None,
                 wall=None, workers: int = 1) -> None:
        """`workers`: how many Studio workers send (`--workers N`); IM's limit is the app's, so each
        worker keeps to its share of it."""
        import time

        wall = wall or time.time
        self.config = config
        self.bridge = ImBridge(studio, config)
        self.bridge.install()
        self.client = ImRestClient(config, transport=transport, wall=wall,
                                   rate=command_rate(config.rate_per_s / max(1, workers)))
        self.sender = OutboxSender(self.bridge, self.client, wall)
        self.callbacks = CallbackRoute(self.bridge, wall=wall)

    def in_front_of(self, app):
        return self.callbacks.in_front_of(app)

    async def run(self) -> None:
        try:
            await self.sender.run()
        finally:
            await self.client.aclose()
