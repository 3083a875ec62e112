"""Benchmark (not a test): the local control API of a headless console session on a loopback Studio.

    python tests/benchmarks/bench_control_api.py [--presses 100] [--pushes 40]

(a) press_to_confirmed_p95_ms: an API money command (issue-coupon, a different quantity each press
    so none coalesce) from the HTTP request to its answer "confirmed" — the journal written, Studio
    called and answered. The console is set not to ask before money actions: with it asking, a money
    key needs a second press 0.4–5 s after the first (control_confirm), which is the operator's time.
(b) state_push_p95_ms: a "stage" press to the state-stream frame that shows the new product on
    stage (the command, Studio's event stream back to the console, the hub, the WebSocket), one
    press every 0.35 s (outside the coalescing window and the 10/s rate limit).
    button_to_confirmed_*: the same action from a button (Actions.launch, no HTTP), for comparison:
    money actions wait for two fsyncs of the journal and one of Studio's database (--shm: none).
(c) presses_200_actions: 200 concurrent presses of one issue-coupon → journal entries made (1), over
    16 connections (the API takes 32 at most: control_server.MAX_CONNECTIONS).
Prints one JSON line. Targets on a 2-core machine: (a) ≤ 50 ms, (b) ≤ 100 ms."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
import keyring  # noqa: E402
import websockets  # noqa: E402

from anchor_console.room.commands import IssueCoupon  # noqa: E402
from anchor_console.session.console import ConsoleSession  # noqa: E402
from anchor_console.session.paths import Paths  # noqa: E402
from anchor_console.session.settings import ConnectionSettings, Settings  # noqa: E402
from tests.support.memory_keyring import InMemoryKeyring  # noqa: E402


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return round(values[min(len(values) - 1, int(len(values) * q))], 1) if values else float("nan")


async def run(info: dict, home: str, presses: int, pushes: int) -> dict:
    settings = Settings(connections=[ConnectionSettings(id="bench", name="Studio", url=info["url"],
                                                        room_id=str(info["room_id"]))],
                        operator_name="bench", control_api_enabled=True, control_api_port=0,
                        confirm_money_actions=False)
    session = ConsoleSession(settings, Paths.for_user({"ANCHOR_CONSOLE_HOME": home}))
    session.tokens.set("bench", info["tokens"]["assistant"])
    await session.start()
    try:
        while session.room is None or not session.room.state.loaded:
            await asyncio.sleep(0.05)
        api = session.control_api
        token = api.token()
        async with httpx.AsyncClient(base_url=api.url, headers={"Authorization": f"Bearer {token}"},
                                     timeout=20, limits=httpx.Limits(max_connections=16)) as client:
            confirmed = []
            for i in range(presses):
                started = time.perf_counter()
                r = await client.post("/api/v1/commands/issue-coupon",
                                      json={"template_id": "2", "quantity": i + 1, "valid_minutes": 5})
                if r.json()["status"] == "confirmed":
                    confirmed.append((time.perf_counter() - started) * 1000)
            button = []   # the same action from a button (Actions, no HTTP): what the API adds is the rest
            for i in range(presses):
                started = time.perf_counter()
                task = session.actions.launch(IssueCoupon("2", 1000 + i, 5), origin="bench", confirmed=True)
                if task is not None and (await task).ok:
                    button.append((time.perf_counter() - started) * 1000)
            shelf = [p["product_id"] for p in session.control_api.hub.current()["shelf"]]
            pushed = []
            url = api.url.replace("http", "ws") + f"/api/v1/state/stream?token={token}"
            async with websockets.connect(url) as ws:
                await ws.recv()   # the snapshot
                for i in range(pushes):
                    product = shelf[i % len(shelf)]
                    if session.room.state.stage_product_id == product:
                        continue
                    await asyncio.sleep(0.35)
                    started = time.perf_counter()
                    await client.post("/api/v1/commands/stage", json={"product_id": product})
                    while True:
                        frame = json.loads(await asyncio.wait_for(ws.recv(), 10))
                        if (frame["state"]["stage"] or {}).get("product_id") == product:
                            pushed.append((time.perf_counter() - started) * 1000)
                            break
            before = [e.kind for e in session.journal.entries()].count("issue_coupon")
            body = {"template_id": "2", "quantity": 999, "valid_minutes": 5}
            started = time.perf_counter()
            await asyncio.gather(*(client.post("/api/v1/commands/issue-coupon", json=body) for _ in range(200)))
            burst_s = time.perf_counter() - started
            made = [e.kind for e in session.journal.entries()].count("issue_coupon") - before
    finally:
        await session.shutdown()
    return {"press_to_confirmed_p95_ms": pct(confirmed, 0.95), "state_push_p95_ms": pct(pushed, 0.95),
            "press_to_confirmed_p50_ms": pct(confirmed, 0.5), "state_push_p50_ms": pct(pushed, 0.5),
            "button_to_confirmed_p50_ms": pct(button, 0.5), "button_to_confirmed_p95_ms": pct(button, 0.95),
            "presses": len(confirmed), "pushes": len(pushed), "presses_200_actions": made,
            "presses_200_took_s": round(burst_s, 2)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--presses", type=int, default=100)
    parser.add_argument("--pushes", type=int, default=40)
    parser.add_argument("--shm", action="store_true",
                        help="the journal and Studio's database on /dev/shm (no fsync cost: the API's own share)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    keyring.set_keyring(InMemoryKeyring())  # never a real keychain
    with tempfile.TemporaryDirectory(dir="/dev/shm" if args.shm else None) as tmp:
        proc = subprocess.Popen([sys.executable, "-m", "anchor_console", "studio", "--demo", "--audience", "0",
                                 "--db", os.path.join(tmp, "bench.sqlite"), "--exit-with-stdin"], cwd=ROOT,
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        try:
            info = json.loads(proc.stdout.readline())
            result = asyncio.run(run(info, os.path.join(tmp, "home"), args.presses, args.pushes))
        finally:
            proc.stdin.close()
            proc.wait(10)
    result["storage"] = "shm" if args.shm else "disk"
    print(json.dumps(result))


if __name__ == "__main__":
    main()
