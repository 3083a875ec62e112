"""An in-process Studio following its rooms' video on Tencent Cloud Live, with the strict Live
emulator (API and callback sender) on the same manual clock: no port, no sleeping."""

from __future__ import annotations

from pathlib import Path

import httpx

from anchor_console.studio.api import create_app, served
from anchor_console.studio.demo import ensure_demo_room
from anchor_console.studio.services import Studio
from anchor_console.studio.store import StudioClock
from anchor_console.studio.tencent_live import LiveConfig, TencentLive
from support.manual_time import ManualTime
from support.postgres import studio_database
from support.tencent_live_emulator import CallbackSender, LiveApiEmulator

BASE = "http://studio.test"
SECRET_ID = "AKIDtestSecretId0123456789EXAMPLE"
SECRET_KEY = "testSecretKey0123456789EXAMPLE"
CALLBACK_KEY = "testCallbackKey42"
DOMAIN = "push.example.com"


class TencentLiveWorld:
    def __init__(self, tmp_path: Path, *, poll_interval_s: float = 60.0, requests_per_s: float = 20.0,
                 time: ManualTime | None = None) -> None:
        """`time`: another world's clock, for a second worker on the same database (same `tmp_path`)."""
        self.time = time or ManualTime()
        self.slept: list[float] = []
        self.studio = Studio(str(studio_database(tmp_path)), clock=StudioClock(base=self.time))
        self.room_id = ensure_demo_room(self.studio)
        self.stream = self.studio.rooms.push_info(self.room_id)[0]
        self.emulator = LiveApiEmulator(clock=self.time, secrets={SECRET_ID: SECRET_KEY}, domain=DOMAIN)
        self.config = LiveConfig(push_domain=DOMAIN, poll_interval_s=poll_interval_s, requests_per_s=requests_per_s,
                                 secret_id=SECRET_ID, secret_key=SECRET_KEY, callback_key=CALLBACK_KEY)
        self.live = TencentLive(self.studio, self.config, http=self.emulator.http(), sleep=self.sleep)
        self.app = create_app(self.studio, tencent_live=self.live)
        self.http = httpx.AsyncClient(transport=httpx.ASGITransport(app=served(self.app)), base_url=BASE)
        self.tencent = CallbackSender(self.http, self.config.callback_path, CALLBACK_KEY, clock=self.time,
                                      sleep=self.sleep, domain=DOMAIN)

    async def sleep(self, seconds: float) -> None:
        """What the client and the sender sleep: the manual clock moves instead."""
        self.slept.append(seconds)
        self.time.advance(seconds)

    async def stop_callback(self, stream: str | None = None, **fields) -> int:
        """Tencent's stop callback of `stream` (the room's by default) with these fields, sent to Studio:
        its HTTP status, once the check of the stream's state that a stop starts has settled."""
        status = await self.tencent.stop(stream or self.stream, **fields)
        await self.live.watch.settled()
        return status

    async def aclose(self) -> None:
        await self.live.aclose()
        await self.http.aclose()
        self.studio.store.close()

    def video(self, room_id: int | None = None) -> dict | None:
        return self.studio.rooms.get(room_id or self.room_id)["video"]

    def video_events(self, room_id: int | None = None) -> list[dict | None]:
        """The video of every room.updated event of the room, oldest first."""
        import json

        rows = self.studio.store.db.execute("SELECT data FROM events WHERE room_id = ? AND type = 'room.updated' "
                                            "ORDER BY id", (room_id or self.room_id,)).fetchall()
        return [json.loads(r["data"])["room"].get("video") for r in rows]
