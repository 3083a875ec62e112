"""An in-process Studio with its WeChat emulator, on a clock the test moves: token lifetimes,
hand-overs, review times and allowances are checked to the second without sleeping. Requests go
through the same guard and app uvicorn serves (`served`), over Starlette's test client."""

from __future__ import annotations

import warnings
from pathlib import Path

from anchor_console.studio.api import create_app, served
from anchor_console.studio.chaos import Chaos
from anchor_console.studio.demo import ensure_demo_room
from anchor_console.studio.services import Studio
from anchor_console.studio.store import StudioClock
from support.manual_time import ManualTime
from support.postgres import studio_database

with warnings.catch_warnings():   # Starlette's test client warns that it still runs on httpx
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

B = "/wxaapi/broadcast"


class World:
    """One Studio (demo room live, catalog seeded) and WeChat calls into it."""

    def __init__(self, tmp_path: Path) -> None:
        self.time = ManualTime()
        self.studio = Studio(str(studio_database(tmp_path)), clock=StudioClock(base=self.time))
        self.room_id = ensure_demo_room(self.studio)
        self.app = create_app(self.studio, chaos=Chaos())
        self.wechat = self.app.state.wechat
        self.config = self.wechat.config
        self.http = TestClient(served(self.app))
        self.accounts = {"mini": self.wechat.mini_program, "shop": self.wechat.shop}

    def now(self) -> float:
        return self.studio.store.clock.now()

    def stable_token(self, account: str = "mini", *, force: bool = False, **override) -> dict:
        body = {"grant_type": "client_credential", **self.accounts[account], "force_refresh": force, **override}
        return self.http.post("/cgi-bin/stable_token", json=body).json()

    def token(self, account: str = "mini") -> str:
        return self.stable_token(account)["access_token"]

    def call(self, path: str, body: dict | None = None, *, account: str = "mini", method: str = "POST",
             token: str | None = None, **query) -> dict:
        params = {"access_token": token if token is not None else self.token(account), **query}
        if method == "GET":
            return self.http.get(path, params=params).json()
        return self.http.request(method, path, params=params, json=body if body is not None else {}).json()

    def shop(self, path: str, body: dict | None = None, **kw) -> dict:
        return self.call(path, body, account="shop", **kw)

    def new_room(self, products=(1001, 1002, 1003), *, live: bool = True) -> int:
        room = self.studio.rooms.create("测试直播间")
        for pid in products:
            self.studio.shelf.add(room["id"], pid)
        if live:
            self.studio.rooms.start(room["id"])
        return room["id"]

    def viewer(self, nickname: str = "观众") -> int:
        return self.studio.accounts.join_as_viewer(nickname)["viewer_id"]


def errcode(answer: dict) -> int:
    return int(str(answer.get("errcode", 0)))
