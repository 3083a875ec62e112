"""An in-process Studio with its YouTube emulator, on a clock the test moves, reached over httpx's
ASGI transport (no sockets, no sleeping), and the browser's part of Google's sign-in: read the
consent page, press Allow (or Cancel), follow the redirect to the app's loopback listener."""

from __future__ import annotations

import asyncio
import re
from html import unescape
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx

from anchor_console.domain.clock import ManualClock
from anchor_console.platforms.youtube_auth import YouTubeCredentials, sign_in
from anchor_console.platforms.youtube_live import YouTubeLivePlatform
from anchor_console.platforms.youtube_quota import QuotaBudget
from anchor_console.studio.api import create_app, served
from anchor_console.studio.chaos import Chaos
from anchor_console.studio.demo import ensure_demo_room
from anchor_console.studio.services import Studio
from anchor_console.studio.store import StudioClock
from anchor_console.studio.youtube.core import video_id
from support.postgres import studio_database

BASE = "http://studio.test"
START = 1_780_000_000.0   # 2026-05-28 20:26:40 UTC: 13:26 Pacific, far from midnight


class World:
    def __init__(self, tmp_path: Path, start: float = START) -> None:
        self.clock = ManualClock(start)
        self.studio = Studio(str(studio_database(tmp_path)), clock=StudioClock(base=self.clock.now))
        self.room_id = ensure_demo_room(self.studio)
        self.app = create_app(self.studio, chaos=Chaos())
        self.youtube = self.app.state.youtube
        self.client = self.youtube.client
        self.http = httpx.AsyncClient(transport=httpx.ASGITransport(app=served(self.app)), base_url=BASE)
        self.video = video_id(self.room_id)

    async def aclose(self) -> None:
        await self.http.aclose()

    async def sleep(self, seconds: float) -> None:
        """The adapter's sleep: the clock moves, nothing waits."""
        self.clock.advance(max(0.0, seconds))
        await asyncio.sleep(0)

    async def browser_allows(self, consent_url: str, *, allow: bool = True, grant: str | None = None) -> httpx.Response:
        """What a person does in the browser: open the consent page, press Allow (or Cancel),
        and let the browser follow Google's redirect to the loopback address (a real socket).
        `grant`: the permissions left ticked, when the person unticks some (Google's granular consent)."""
        page = await self.http.get(consent_url)
        assert page.status_code == 200, page.text
        fields = {m.group(1): unescape(m.group(2))
                  for m in re.finditer(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page.text)}
        decision = await self.http.post("/o/oauth2/v2/auth/decision",
                                        data={**fields, "decision": "allow" if allow else "deny",
                                              **({"scope": grant} if grant is not None else {})})
        assert decision.status_code == 302, decision.text
        async with httpx.AsyncClient() as browser:
            return await browser.get(decision.headers["location"])

    async def signed_in(self) -> YouTubeCredentials:
        """The whole sign-in, the browser allowing."""
        opened: list[str] = []
        task = asyncio.create_task(sign_in(self.http, self.client["client_id"], self.client["client_secret"], BASE,
                                           opened.append, timeout_s=30))
        while not opened:
            await asyncio.sleep(0.01)
        await self.browser_allows(opened[0])
        return await task

    def adapter(self, credentials: YouTubeCredentials, **kw) -> YouTubeLivePlatform:
        kw.setdefault("budget", QuotaBudget(self.clock))
        kw.setdefault("sleep", self.sleep)
        return YouTubeLivePlatform("conn", credentials, self.http, base_url=BASE, clock=self.clock, **kw)

    def viewer_comment(self, text: str, nickname: str = "观众") -> tuple[int, int]:
        """(comment id, viewer id) of a new viewer's comment in the demo room."""
        (viewer_id,) = self.studio.accounts.create_viewers([nickname])
        (comment,) = self.studio.comments.add_batch(self.room_id, [(viewer_id, nickname, text)])
        return comment["id"], viewer_id


def query_of(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
