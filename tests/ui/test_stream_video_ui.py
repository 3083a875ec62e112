"""The window shows the room's video as Studio follows it on Tencent Cloud Live: a real Studio
process with --tencent-live-config, the strict Live API emulator served on loopback, and Tencent's
callbacks posted to Studio. Push → "stream is live" in the header; stop, confirmed inactive by
DescribeLiveStreamState → "stream dropped — since …" and a notice the assistant cannot miss."""

from __future__ import annotations

import hashlib
import json
import os
import socket
import threading
import time
from pathlib import Path

import httpx
import pytest
import uvicorn

from support.studio import studio_settings
from support.tencent_live_emulator import LiveApiEmulator
from support.waiting import until

DOMAIN = "push.example.com"
SECRET_ID, SECRET_KEY, CALLBACK_KEY = "AKIDuiTestSecretId", "uiTestSecretKey", "uiTestCallbackKey"


class ServedEmulator:
    """The Live API emulator on a loopback port, served from a thread (it is on the real clock)."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.emulator = LiveApiEmulator(clock=time.time, secrets={SECRET_ID: SECRET_KEY}, domain=DOMAIN,
                                        host=f"127.0.0.1:{self.port}")
        self.server = uvicorn.Server(uvicorn.Config(self.emulator.app, log_level="warning", lifespan="off"))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(5)


def callback(event_type: int, stream: str) -> dict:
    t = int(time.time()) + 600
    return {"app": DOMAIN, "appname": "live", "stream_id": stream, "channel_id": stream, "event_type": event_type,
            "event_time": int(time.time()), "sequence": "42", "t": t,
            "sign": hashlib.md5(f"{CALLBACK_KEY}{t}".encode()).hexdigest()}


def live_settings(folder: Path, port: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    files = {}
    for name, value in (("secret_id", SECRET_ID), ("secret_key", SECRET_KEY), ("callback_key", CALLBACK_KEY)):
        (folder / name).write_text(value)
        files[f"{name}_file"] = str(folder / name)
    path = folder / "tencent-live.json"
    path.write_text(json.dumps({"push_domain": DOMAIN, "endpoint": f"http://127.0.0.1:{port}", **files}))
    return path


@pytest.mark.asyncio
async def test_the_header_shows_the_stream_live_then_dropped(console_factory, studio_factory, tmp_path):
    served = ServedEmulator()
    try:
        settings = live_settings(tmp_path / "live", served.port)
        studio = studio_factory("--demo", "--audience", "0", "--push-domain", DOMAIN, "--tencent-live-config", str(settings))
        with studio.client("anchor") as c:
            push = c.get(f"/api/v1/rooms/{studio.room_id}/push-url").json()
        stream = push["stream_key"].split("?")[0]
        console = await console_factory(studio_settings(studio), token=studio.tokens["assistant"])
        window = console.window
        label = window.header.video
        assert label.isHidden()   # nothing heard from Tencent yet

        r = httpx.post(studio.url + "/tencent-live/callback", json=callback(1, stream), timeout=10)
        assert r.status_code == 200 and r.json() == {"code": 0}
        await until(lambda: label.isVisible() and label.text() == "stream is live", 20,
                    message="the header did not show the stream live")

        served.emulator.set_state(stream, "inactive")
        assert httpx.post(studio.url + "/tencent-live/callback", json=callback(0, stream), timeout=10).status_code == 200
        await until(lambda: label.text().startswith("stream dropped — since "), 20,
                    message="the header did not show the stream dropped")
        frames = window.notifications._frames()
        assert any(f.property("key") == "video:stream" for f in frames), "no notice of the drop"
        assert [c["action"] for c in served.emulator.calls] == ["DescribeLiveStreamState"]
        assert served.emulator.errors() == []
        if os.environ.get("ANCHOR_SHOTS"):
            window.grab().save(str(Path(os.environ["ANCHOR_SHOTS"]) / "stream-dropped.png"))

        forged = callback(1, stream)
        forged["sign"] = "0" * 32
        assert httpx.post(studio.url + "/tencent-live/callback", json=forged, timeout=10).status_code == 403
    finally:
        served.stop()
