"""An in-process Studio with its TikTok Shop emulator, on a clock the test moves (Studio's clock
and the wall clock the signature's timestamp is checked against are the same test clock), and the
TikTok Shop adapter wired to it over `httpx.ASGITransport`: no port, no sleeping."""

from __future__ import annotations

import asyncio
import email.utils
import json
from pathlib import Path

import httpx

from anchor_console.platforms.tiktok_client import TikTokCredentials, sign
from anchor_console.platforms.tiktok_shop import TikTokShopPlatform
from anchor_console.studio.api import create_app, served
from anchor_console.studio.demo import ensure_demo_room
from anchor_console.studio.services import Studio
from anchor_console.studio.store import StudioClock
from support.manual_time import ManualTime
from support.postgres import studio_database
from anchor_console.studio.tiktok import TikTokEmulator

BASE = "http://studio.test"


class TestClock:
    """The domain Clock protocol on the same manual time (`off_s`: this computer's clock that far
    ahead of TikTok's, or behind)."""

    __test__ = False   # imported by test modules: not a test class

    def __init__(self, time: ManualTime, off_s: float = 0.0) -> None:
        self.time, self.off_s = time, off_s

    def now(self) -> float:
        return self.time() + self.off_s

    def monotonic(self) -> float:   # the client's rate limiter refills by it, as the world's sleep moves it
        return self.time()


class Dated(httpx.AsyncBaseTransport):
    """Studio as uvicorn serves it: every answer carries a `Date`, from the wall clock the gate
    checks timestamps against (here the test clock), as TikTok's gateway's answers do."""

    def __init__(self, inner: httpx.AsyncBaseTransport, wall) -> None:
        self.inner, self.wall = inner, wall

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        response.headers["Date"] = email.utils.formatdate(self.wall(), usegmt=True)
        return response


class TikTokWorld:
    def __init__(self, tmp_path: Path) -> None:
        self.time = ManualTime()
        self.clock = TestClock(self.time)
        self.studio = Studio(str(studio_database(tmp_path)), clock=StudioClock(base=self.time))
        self.room_id = ensure_demo_room(self.studio)
        self.tiktok = TikTokEmulator(self.studio, wall=self.time)
        self.app = create_app(self.studio, tiktok=self.tiktok)
        self.http = httpx.AsyncClient(transport=Dated(httpx.ASGITransport(app=served(self.app)), self.time),
                                      base_url=BASE)
        info = self.tiktok.announcement()
        self.app_key, self.app_secret, self.cipher = info["app_key"], info["app_secret"], info["shop"]["cipher"]

    async def aclose(self) -> None:
        await self.http.aclose()

    def now(self) -> float:
        return self.studio.store.clock.now()

    def grant(self) -> dict:
        """Tokens as a seller authorization gives them (the page's code traded at once)."""
        code = self.tiktok.gate.new_code(self.app_key)
        return self.tiktok.gate.token_get({"app_key": self.app_key, "app_secret": self.app_secret,
                                          "auth_code": code, "grant_type": "authorized_code"})

    async def sleep(self, seconds: float) -> None:
        """The adapter's waits (a deal started now waits for its begin; retries; polling): the test
        clock moves instead (by a millisecond at least: a smaller step is lost on an epoch time held
        in a float, and a rate limiter asking for it would wait forever), and the loop lets the rest run."""
        self.time.advance(max(seconds, 0.001))
        await asyncio.sleep(0)

    def adapter(self, *, ledger=None, refresh_token: str | None = None, secret: str | None = None,
                client: httpx.AsyncClient | None = None, **kw) -> TikTokShopPlatform:
        kw.setdefault("sleep", self.sleep)
        creds = TikTokCredentials(self.app_key, secret or self.app_secret,
                                  refresh_token if refresh_token is not None else self.grant()["refresh_token"])
        kw.setdefault("clock", self.clock)
        return TikTokShopPlatform("conn", creds, client or self.http, base_url=BASE, ledger=ledger, sales_poll_s=0.01,
                                  **kw)

    async def call(self, method: str, path: str, body: dict | None = None, *, token: str | None = None,
                   timestamp: float | None = None, shop: bool = True, secret: str | None = None,
                   sent_body: bytes | None = None, **query) -> dict:
        """A hand-signed request (to test the gate): `sent_body` replaces the signed bytes."""
        raw = json.dumps(body, separators=(",", ":")).encode() if body is not None else b""
        q = {"app_key": self.app_key, "timestamp": str(int(self.time() if timestamp is None else timestamp)),
             **({"shop_cipher": self.cipher} if shop else {}), **{k: str(v) for k, v in query.items()}}
        q["sign"] = sign(secret or self.app_secret, path, q, raw)
        headers = {"x-tts-access-token": token if token is not None else self.grant()["access_token"],
                   "Content-Type": "application/json"}
        r = await self.http.request(method, path, params=q, content=sent_body if sent_body is not None else raw,
                                    headers=headers)
        return r.json()

    def new_room(self, products=(1001, 1002, 1003)) -> int:
        room = self.studio.rooms.create("TikTok 测试直播间")
        for pid in products:
            self.studio.shelf.add(room["id"], pid)
        self.studio.rooms.start(room["id"])
        return room["id"]


def world_with_a_live_room(tmp_path: Path) -> TikTokWorld:
    """A world whose Studio also has a started room with products on its shelf (new_room): the
    world of the tests against the emulator, which run the shop's activities in a live room."""
    world = TikTokWorld(tmp_path)
    world.new_room()
    return world
