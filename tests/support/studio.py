"""Real Studio processes for tests: started on a free loopback port, read back from the one JSON
line Studio prints, stopped (or killed) by the test."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from anchor_console.session.settings import ConnectionSettings, Settings

from support import studio_forks, watchdog
from support.postgres import studio_database

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class RunningStudio:
    db_path: Path | str   # a SQLite file, or a PostgreSQL URL (a run with --studio-db postgresql)
    args: list[str]
    log_path: Path
    proc: subprocess.Popen | None = None
    open_files: int | None = None   # the process's open-files limit (`ulimit -n`), if set
    url: str = ""
    room_id: int = 0
    tokens: dict[str, str] = field(default_factory=dict)
    # The WeChat emulator's accounts: {"appid", "secret", "live_room_id", "anchor_wechat",
    # "shop": {"appid", "secret", "live_export_id"}} (see anchor_console/studio/wechat).
    wechat: dict = field(default_factory=dict)
    # The Twitch emulator: {"client_id", "broadcaster_id", "broadcaster_login", "sign_in_as", "user_id"}.
    twitch: dict = field(default_factory=dict)
    # The YouTube emulator's OAuth client and the demo room: {"client_id", "client_secret", "video_id",
    # "live_chat_id"} (see anchor_console/studio/youtube).
    youtube: dict = field(default_factory=dict)
    # The TikTok Shop emulator's app and shop: {"app_key", "app_secret", "service_id", "redirect_uri",
    # "shop": {"id", "name", "cipher"}} (see anchor_console/studio/tiktok).
    tiktok: dict = field(default_factory=dict)

    @property
    def port(self) -> int:
        return int(self.url.rsplit(":", 1)[1])

    def headers(self, role: str = "assistant", key: str | None = None) -> dict[str, str]:
        h = {"Authorization": f"Bearer {self.tokens[role]}"}
        if key:
            h["Idempotency-Key"] = key
        return h

    def client(self, role: str = "assistant", **kw) -> httpx.Client:
        return httpx.Client(base_url=self.url, headers=self.headers(role), timeout=kw.pop("timeout", 10.0), **kw)

    def coupons(self) -> list[dict]:
        """The demo room's coupon batches, as its anchor reads them from Studio's API."""
        with self.client("anchor") as c:
            return c.get(f"/api/v1/rooms/{self.room_id}/coupons").json()["items"]

    def start(self, *, port: int | None = None, timeout: float = 60.0) -> "RunningStudio":
        """Start it and read what it says once it listens. `timeout` is a hang guard: a cold start
        (no warm parent to fork) on a busy 2-core laptop, importing everything, can take half a minute."""
        cmd = [sys.executable, "-m", "anchor_console", "studio", "--db", str(self.db_path), "--exit-with-stdin",
               "--port", str(port if port is not None else (self.port if self.url else 0)), *self.args]
        log = open(self.log_path, "ab")
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        warm = studio_forks.warm_parent(self.log_path.parent)
        if warm is not None:   # forked from a parent that has Studio imported: a tenth of the start time
            self.proc = studio_forks.ForkedProcess(warm, cmd[3:], ROOT, env, log.fileno(), self.open_files)
        else:
            self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, cwd=ROOT,
                                         env=env, preexec_fn=self._limit_open_files if self.open_files else None)
        log.close()
        line: list[bytes] = []
        reader = threading.Thread(target=lambda: line.append(self.proc.stdout.readline()), daemon=True)
        reader.start()
        reader.join(timeout)
        if not line or not line[0]:
            self.kill()
            raise RuntimeError(f"Studio did not start; log:\n{self.log_path.read_text(errors='replace')[-3000:]}")
        info = json.loads(line[0])
        if "url" not in info:
            self.kill()
            raise RuntimeError(f"Studio refused to start: {info}")
        self.url, self.room_id, self.tokens = info["url"], int(info["room_id"]), info["tokens"]
        self.wechat = info.get("wechat", {})
        self.twitch = info.get("twitch", {})
        self.youtube = info.get("youtube", {})
        self.tiktok = info.get("tiktok", {})
        return self

    def _limit_open_files(self) -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_NOFILE, (self.open_files, self.open_files))

    def stop(self) -> None:
        if self.proc is not None:
            watchdog.lasting_children.discard(self.proc.pid)
        if self.proc is not None and self.proc.poll() is None:
            try:
                self.proc.stdin.close()
                self.proc.wait(5)
            except (subprocess.TimeoutExpired, OSError):
                self.proc.kill()
                self.proc.wait(5)
        self.proc = None

    def kill(self) -> None:
        if self.proc is not None:
            watchdog.lasting_children.discard(self.proc.pid)
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(5)
        self.proc = None


def start_studio(tmp_path: Path, *args: str, name: str = "studio", lasting: bool = False,
                 open_files: int | None = None) -> RunningStudio:
    """Start Studio with its own database under tmp_path; extra args e.g. "--demo", "--audience", "0".
    `lasting`: a module- or session-scoped fixture owns it, so it may outlive a test (not a leak).
    `open_files`: run it under `ulimit -n open_files` (POSIX)."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    studio = RunningStudio(db_path=studio_database(tmp_path, name), args=list(args), log_path=tmp_path / f"{name}.log",
                           open_files=open_files)
    studio.start()
    if lasting:
        watchdog.lasting_children.add(studio.proc.pid)
    return studio


def wait_until(predicate, timeout: float = 10.0, interval: float = 0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError("condition not met in time")


def staff_token(studio, name: str, role: str) -> str:
    """A staff account of its own on this Studio (what a crew member signs in with): its token."""
    with studio.client("anchor") as c:
        made = c.post("/api/v1/staff", json={"name": name, "role": role})
    assert made.status_code == 201, made.text
    return made.json()["token"]


def studio_settings(studio, *, profile: str = "studio", room_id: int | None = None, connection_name: str = "Studio",
                    **kw) -> Settings:
    """Settings of a console connected to this test Studio's room (or another room of it), as the
    platform `profile` and under the name the console shows for the connection."""
    return Settings(connections=[ConnectionSettings(id="test-studio", name=connection_name, url=studio.url,
                                                    room_id=str(room_id or studio.room_id), profile=profile)],
                    operator_name="测试员", **kw)


async def on_demo_studio(factory, studio_factory, role: str, *, audience: int = 0, **settings):
    """A fresh demo Studio with `audience` simulated viewers, and what `factory` (console_factory or
    session_factory) makes of studio_settings(studio, **settings), signed in as `role`: (studio, it)."""
    studio = studio_factory("--demo", "--audience", str(audience))
    return studio, await factory(studio_settings(studio, **settings), token=studio.tokens[role])


_titles = itertools.count(1)


def make_room(studio, products=(1001, 1002, 1003), live: bool = True) -> int:
    with studio.client("anchor") as c:
        room = c.post("/api/v1/rooms", json={"title": f"测试直播间 {next(_titles)}"})
        assert room.status_code == 201, room.text
        room_id = room.json()["id"]
        for pid in products:
            r = c.post(f"/api/v1/rooms/{room_id}/shelf", json={"product_id": pid})
            assert r.status_code == 201, r.text
        if live:
            assert c.post(f"/api/v1/rooms/{room_id}/start").status_code == 200
    return room_id
