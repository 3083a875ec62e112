"""An in-process Studio whose room runs its chat through the Tencent Cloud IM emulator: Studio's
app and IM's emulator talk over httpx.ASGITransport, on one manual wall clock (no real sleeps)."""

from __future__ import annotations

import time
from dataclasses import dataclass

import httpx

from anchor_console.studio.api import create_app, served
from anchor_console.studio.services import Studio
from anchor_console.studio.tencent_im import ImConfig, TencentIm
from anchor_console.studio.tencent_im.sender import command_rate

from support.manual_time import ManualTime
from support.postgres import studio_database
from support.tencent_im_emulator import ImCallbackSender, TencentImEmulator

SDKAPPID = 1400000001
SECRET_KEY = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e"
CALLBACK_TOKEN = "studio-callback-token-for-tests"
ADMIN = "administrator"
GROUP = "@TGS#aStudioRoom1"


def real_start() -> ManualTime:
    """A manual wall clock starting now (IM's signatures are checked against the time they were made)."""
    return ManualTime(float(int(time.time())))


@dataclass
class ImWorld:
    studio: Studio
    im: TencentIm
    emulator: TencentImEmulator
    wall: ManualTime
    room_id: int
    tokens: dict[str, str]
    client: httpx.AsyncClient        # to Studio
    callbacks: ImCallbackSender      # IM's callbacks to Studio

    def headers(self, role: str = "assistant", key: str | None = None) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[role]}", **({"Idempotency-Key": key} if key else {})}

    def comments(self) -> list[dict]:
        return self.studio.comments.list_comments(self.room_id, None, None, 1000)

    async def aclose(self) -> None:
        await self.client.aclose()
        await self.im.client.aclose()
        self.studio.store.close()


def make_world(tmp_path, *, blocked_words: tuple[str, ...] = (), token: str = CALLBACK_TOKEN) -> ImWorld:
    wall = real_start()
    studio = Studio(str(studio_database(tmp_path, "im")))
    tokens = studio.accounts.ensure_default_staff()
    room_id = studio.rooms.create("IM 直播间")["id"]
    studio.rooms.start(room_id)
    emulator = TencentImEmulator(sdkappid=SDKAPPID, secret_key=SECRET_KEY, admin=ADMIN, clock=wall)
    emulator.add_group(GROUP)
    config = ImConfig(sdkappid=SDKAPPID, admin=ADMIN, secret_key=SECRET_KEY, callback_token=token,
                      rooms={room_id: GROUP}, base_url="https://console.tim.qq.com", blocked_words=blocked_words)
    im = TencentIm(studio, config, transport=emulator.transport(), wall=wall)
    im.client.rate = command_rate(config.rate_per_s, clock=wall)
    app = create_app(studio, tencent_im=im)
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app=served(app)), base_url="http://studio")
    callbacks = ImCallbackSender(emulator, client, "http://studio/tencent-im/callback", token=token)
    return ImWorld(studio, im, emulator, wall, room_id, tokens, client, callbacks)
