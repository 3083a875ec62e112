"""A real Studio process (`--tencent-im CONFIG`) with the IM emulator on a real port: viewers'
messages reach the consoles' SSE stream through IM's after-send callbacks exactly once (IM's
retries dropped), the moderation desk's actions reach the emulator once, and a modest load:
2,000 callbacks a second into one Studio worker reach an SSE consumer with p95 ≤ 300 ms, none lost."""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import threading
import time

import httpx
import pytest

from support.studio import start_studio, wait_until
from support.tencent_im_emulator import (
    ImCallbackSender, RawCallbackConnections, TencentImEmulator, serve_in_thread,
)
from support.tencent_im_world import ADMIN, CALLBACK_TOKEN, GROUP, SDKAPPID, SECRET_KEY

LOAD_RATE = 2000      # callbacks a second
LOAD_SECONDS = 3


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    folder = tmp_path_factory.mktemp("im-live")
    emulator = TencentImEmulator(sdkappid=SDKAPPID, secret_key=SECRET_KEY, admin=ADMIN, clock=time.time)
    emulator.add_group(GROUP)
    im_url, stop_im = serve_in_thread(emulator.app)
    config = folder / "tencent-im.json"
    config.write_text(json.dumps({"sdkappid": SDKAPPID, "admin": ADMIN, "rooms": {"1": GROUP}, "base_url": im_url}))
    saved = {k: os.environ.get(k) for k in ("ANCHOR_STUDIO_IM_SECRET_KEY", "ANCHOR_STUDIO_IM_CALLBACK_TOKEN")}
    os.environ.update(ANCHOR_STUDIO_IM_SECRET_KEY=SECRET_KEY, ANCHOR_STUDIO_IM_CALLBACK_TOKEN=CALLBACK_TOKEN)
    try:
        studio = start_studio(folder, "--demo", "--audience", "0", "--tencent-im", str(config), lasting=True)
    finally:
        for k, v in saved.items():
            os.environ.pop(k) if v is None else os.environ.__setitem__(k, v)
    assert studio.room_id == 1
    yield studio, emulator
    studio.stop()
    stop_im()


class CommentStream:
    """The room's SSE stream read in a thread: each comment.created's text and when it arrived."""

    def __init__(self, studio, room_id: int) -> None:
        self.arrived: dict[str, list[float]] = {}
        self.comments: list[dict] = []
        self._client = httpx.Client(base_url=studio.url, timeout=httpx.Timeout(10, read=120))
        self._response = self._client.send(self._client.build_request(
            "GET", f"/api/v1/rooms/{room_id}/events", headers=studio.headers("moderator")), stream=True)
        assert self._response.status_code == 200
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        try:
            for line in self._response.iter_lines():
                if line.startswith("data: ") and '"comment.created"' in line:
                    comment = json.loads(line[6:])["data"]["comment"]
                    self.arrived.setdefault(comment["text"], []).append(time.monotonic())
                    self.comments.append(comment)
        except (httpx.HTTPError, RuntimeError):
            pass

    def close(self) -> None:
        self._response.close()
        self._client.close()


def callbacks_to(studio, emulator, client: httpx.AsyncClient) -> ImCallbackSender:
    return ImCallbackSender(emulator, client, f"{studio.url}/tencent-im/callback", token=CALLBACK_TOKEN,
                            before_send=False)


@pytest.mark.asyncio
async def test_viewers_messages_reach_the_consoles_stream_once(live):
    studio, emulator = live
    stream = CommentStream(studio, studio.room_id)
    try:
        async with httpx.AsyncClient(timeout=10) as client:
            sender = callbacks_to(studio, emulator, client)
            seqs = [(await sender.send_text(GROUP, f"fan{i}", f"第{i}条弹幕", random=1000 + i))["MsgSeq"]
                    for i in range(20)]
            for seq in seqs[:5]:   # IM sends these again (it did not hear Studio's answer in time)
                assert (await sender.after_send(GROUP, seq)).status_code == 200
        wait_until(lambda: len(stream.comments) >= 20)
        time.sleep(0.3)   # room for a duplicate to show up, were there one
        assert sorted(stream.arrived) == sorted(f"第{i}条弹幕" for i in range(20))
        assert all(len(times) == 1 for times in stream.arrived.values())
        first = next(c for c in stream.comments if c["text"] == "第0条弹幕")
        assert first["user"]["nickname"] == "fan0" and first["user"]["id"].startswith("v") and not first["is_staff"]
    finally:
        stream.close()


@pytest.mark.asyncio
async def test_mute_ban_and_recall_from_the_console_arrive_once(live):
    from anchor_console.platforms.studio import StudioPlatform
    from anchor_console.platforms.transport import Endpoint

    studio, emulator = live
    async with httpx.AsyncClient(timeout=10) as client:
        said = await callbacks_to(studio, emulator, client).send_text(GROUP, "troll", "捣乱", random=4242)
        # the newest page: the module's Studio may have taken the load test's thousands before
        page = (await client.get(f"{studio.url}/api/v1/rooms/1/comments", params={"limit": 1000, "before_id": 10**12},
                                 headers=studio.headers())).json()["items"]
        comment = next(c for c in page if c["text"] == "捣乱")
        console = StudioPlatform("im-test", Endpoint(studio.url, studio.tokens["assistant"]), client)
        for _ in range(2):   # the console repeats an action it is unsure about with the same key
            await console.mute_viewer("1", comment["user"]["id"], 600, key="im-live-mute")
            await console.ban_viewer("1", comment["user"]["id"], key="im-live-ban")
            await console.delete_comment("1", str(comment["id"]), key="im-live-recall")
    wait_until(lambda: all(emulator.successful(c) for c in ("forbid_send_msg", "ban_group_member", "group_msg_recall")))
    time.sleep(1.5)   # past the sender's retry tick: nothing more is sent
    assert [c.body["Members_Account"] for c in emulator.successful("forbid_send_msg")] == [["troll"]]
    assert [c.body["Members_Account"] for c in emulator.successful("ban_group_member")] == [["troll"]]
    assert [c.body["MsgSeqList"] for c in emulator.successful("group_msg_recall")] == [[{"MsgSeq": said["MsgSeq"]}]]
    assert [c.code for c in emulator.calls if c.command != "send_group_msg"] == [0, 0, 0]


@pytest.mark.asyncio
async def test_two_thousand_callbacks_a_second_all_reach_the_stream_once(live):
    """Nothing lost, nothing doubled; the latency is a figure (printed here, measured by
    tests/benchmarks/bench_studio_scale.py), not a timed assertion that a busy machine would fail."""
    studio, emulator = live
    stream = CommentStream(studio, studio.room_id)
    total = LOAD_RATE * LOAD_SECONDS
    sent_at: dict[str, float] = {}
    failures: list[int] = []
    group = emulator.groups[GROUP]
    signer = callbacks_to(studio, emulator, None)
    path = "/tencent-im/callback?" + signer.signed_url("Group.CallbackAfterSendMsg").split("?", 1)[1]
    try:
        async with RawCallbackConnections(studio.url, connections=32) as im:
            async def one(i: int) -> None:
                text, account = f"load-{i}", f"load{i % 500}"
                body = [{"MsgType": "TIMTextElem", "MsgContent": {"Text": text}}]
                seq, _ = group.post(account, 500_000 + i, body, time.time())
                sent_at[text] = time.monotonic()
                status = await im.post(path, json.dumps({
                    "CallbackCommand": "Group.CallbackAfterSendMsg", "GroupId": GROUP, "Type": "AVChatRoom",
                    "From_Account": account, "Operator_Account": account, "Random": 500_000 + i, "MsgSeq": seq,
                    "MsgTime": int(time.time()), "OnlineOnlyFlag": 0, "MsgBody": body}).encode())
                if status != 200:
                    failures.append(status)

            started, tasks, tick = time.monotonic(), [], 0.01
            per_tick = int(LOAD_RATE * tick)
            for step in range(int(LOAD_SECONDS / tick)):
                await asyncio.sleep(max(0.0, started + step * tick - time.monotonic()))
                tasks += [asyncio.create_task(one(step * per_tick + j)) for j in range(per_tick)]
            await asyncio.gather(*tasks)
            offered_s = time.monotonic() - started
        # Counting this test's texts only: the stream replays the room from its start, and the module's
        # Studio has the earlier tests' comments too.
        wait_until(lambda: sum(1 for t in sent_at if t in stream.arrived) >= total, timeout=30)
    finally:
        stream.close()
    lost = total - sum(1 for t in sent_at if t in stream.arrived)
    latencies = sorted((stream.arrived[t][0] - sent_at[t]) * 1000 for t in sent_at if t in stream.arrived)
    p95 = latencies[int(len(latencies) * 0.95) - 1]
    figures = {"workers": 1, "callbacks": total, "callbacks_per_s": round(total / offered_s),
               "e2e_p50_ms": round(statistics.median(latencies), 1), "e2e_p95_ms": round(p95, 1),
               "e2e_max_ms": round(latencies[-1], 1), "lost": lost, "non_200": len(failures)}
    print("\nIM callbacks load:", json.dumps(figures))
    assert lost == 0 and not failures
    assert all(len(v) == 1 for v in stream.arrived.values())


def test_a_config_studio_cannot_use_stops_it_with_the_reason_and_no_secret(tmp_path):
    import subprocess
    import sys

    config = tmp_path / "tencent-im.json"
    config.write_text(json.dumps({"sdkappid": SDKAPPID, "admin": ADMIN, "rooms": {"1": GROUP},
                                  "secret_key": "an-inline-secret"}))
    done = subprocess.run([sys.executable, "-m", "anchor_console", "studio", "--db", str(tmp_path / "s.sqlite"),
                           "--tencent-im", str(config)], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "ANCHOR_STUDIO_IM_SECRET_KEY": SECRET_KEY})
    assert done.returncode == 2 and "must not be in the file" in json.loads(done.stdout)["error"]   # like every refusal
    assert "an-inline-secret" not in done.stderr + done.stdout and SECRET_KEY not in done.stderr + done.stdout


def test_studio_beyond_loopback_refuses_im_without_a_callback_token(tmp_path, monkeypatch):
    # Without the token a callback is checked only by SdkAppid, which is public: anyone could post
    # comments under any name. On loopback (tests, a rehearsal) Studio may run without one.
    # (server.run prints the refusal and returns 2, as for every refusal before start.)
    from anchor_console.cli import build_parser
    from anchor_console.studio import server

    monkeypatch.setenv("ANCHOR_STUDIO_IM_SECRET_KEY", SECRET_KEY)
    monkeypatch.delenv("ANCHOR_STUDIO_IM_CALLBACK_TOKEN", raising=False)
    config = tmp_path / "tencent-im.json"
    config.write_text(json.dumps({"sdkappid": SDKAPPID, "admin": ADMIN, "rooms": {"1": GROUP}}))
    exposed = ["studio", "--db", str(tmp_path / "s.sqlite"), "--tencent-im", str(config), "--host", "0.0.0.0",
               "--expose"]
    args = build_parser().parse_args(exposed)
    error = server._exposure_refusal(args) or server._im_settings_refusal(args) or ""
    assert "no IM callback token" in error and "ANCHOR_STUDIO_IM_CALLBACK_TOKEN" in error
    loopback = build_parser().parse_args(["studio", "--tencent-im", str(config)])
    assert server._im_settings_refusal(loopback) is None and loopback.im_settings.callback_token == ""
    monkeypatch.setenv("ANCHOR_STUDIO_IM_CALLBACK_TOKEN", CALLBACK_TOKEN)
    assert server._im_settings_refusal(build_parser().parse_args(exposed)) is None
