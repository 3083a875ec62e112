"""Benchmark (not a test): Studio with several workers on PostgreSQL, as a team would run it.

    python tests/benchmarks/bench_studio_scale.py [--workers 3] [--seconds 6] [--rate 40] [--events 50000]

Starts a throwaway PostgreSQL (tests/support/postgres.py: the machine's initdb/pg_ctl) and
`anchor-console studio --workers N --demo` on it, then:

(a) callbacks_per_s: Tencent Cloud IM after-send callbacks (`POST /tencent-im/callback`, signed
    as IM signs them, the room's chat bound to an IM group with `--tencent-im`) Studio takes per
    second, all workers together, from 64 senders as fast as they go (`callbacks_per_s_per_worker`:
    divided by N). Each is a viewer's message IM delivered: it becomes a comment on the consoles'
    stream. `--endpoint comments` measures Studio's own comment input instead.
(b) e2e_p95_ms: from a callback's POST leaving the client to its `comment.created` reaching a
    console's SSE stream (two consoles, on whichever workers the kernel gave them), 95th percentile,
    with the senders paced at `--rate` messages/s in all (default 2000, the issue's figure;
    `e2e_at_rate`).
(c) orders_per_s: orders confirmed per second, 64 buyers at once over the workers (durable commits).
(d) lost: messages answered 201 that a console never got, plus orders answered 201 that are not
    in the database. Must be 0.
(e) with `--presend`: also pre-send callbacks (Group.CallbackBeforeSendMsg), on IM's critical path:
    `presend_per_s` answered by all workers from 128 senders as fast as they go,
    `presend_answer_p95_ms`, and `presend_not_ok` (answers other than "send it": must be 0).
(f) with `--events K`: also SSE consoles following K audience events while one worker is SIGKILLed
    (what tests/studio/test_studio_workers.py checks with -m slow); adds `kill_resume_ok`.

The client runs on the same machine (it shares the cores with Studio and PostgreSQL): the figures
are a floor for Studio alone. Prints one JSON line."""

from __future__ import annotations

import argparse
import asyncio
import collections
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import httpx  # noqa: E402

from anchor_console.studio.server import run_loop  # noqa: E402  (uvloop, as Studio's: the client shares its cores)
from support.postgres import fresh_postgres_url, stop_cluster, why_not  # noqa: E402
from support.tencent_im_emulator import RawCallbackConnections  # noqa: E402

ENDPOINTS = {"im": "POST /tencent-im/callback (Group.CallbackAfterSendMsg)",
             "comments": "POST /api/v1/rooms/{id}/comments (Studio's comment input)"}
POSTERS = 128
BUYERS = 64
IM_APP, IM_GROUP, IM_TOKEN = 1400000001, "@TGS#bench", "bench-callback-token"
_seq = iter(range(1, 10**9))
BENCH_TEXT = re.compile(rb'"text":\s*"(b:\d+:\d+)"')   # a bench message's text in an SSE frame


def im_settings(folder: Path) -> tuple[str, dict]:
    """Studio's --tencent-im file for the demo room (1) and the environment with its secrets. The
    REST base points nowhere: the bench sends no moderation to IM."""
    config = folder / "tencent-im.json"
    config.write_text(json.dumps({"sdkappid": IM_APP, "admin": "administrator", "rooms": {"1": IM_GROUP},
                                  "base_url": "http://127.0.0.1:9"}))
    return str(config), {"ANCHOR_STUDIO_IM_SECRET_KEY": "bench-secret-key", "ANCHOR_STUDIO_IM_CALLBACK_TOKEN": IM_TOKEN}


def im_callback_path(command: str = "Group.CallbackAfterSendMsg") -> str:
    when = str(int(time.time()))
    return ("/tencent-im/callback?" + f"SdkAppid={IM_APP}&CallbackCommand={command}"
            f"&contenttype=json&ClientIP=203.0.113.7&OptPlatform=iOS&RequestTime={when}"
            f"&Sign={hashlib.sha256((IM_TOKEN + when).encode()).hexdigest()}")


def im_callback_body(who: str, text: str, command: str = "Group.CallbackAfterSendMsg") -> bytes:
    seq = next(_seq)
    return json.dumps({
        "CallbackCommand": command, "GroupId": IM_GROUP, "Type": "AVChatRoom",
        "From_Account": who, "Operator_Account": who, "Random": seq, "MsgSeq": seq, "MsgTime": int(time.time()),
        "OnlineOnlyFlag": 0, "MsgBody": [{"MsgType": "TIMTextElem", "MsgContent": {"Text": text}}]},
        ensure_ascii=False).encode()


async def console(url: str, token: str, room_id: int, after: int, received: dict[str, float],
                  stop: asyncio.Event) -> None:
    """An SSE console: the receive time of every bench message (by its text). It finds the texts in
    the raw stream instead of decoding each event: at 2,000 messages a second, two consoles decoding
    every frame took a good part of a core that Studio shares with them."""
    buffer = b""
    async with httpx.AsyncClient(timeout=httpx.Timeout(30, read=None)) as c:
        async with c.stream("GET", f"{url}/api/v1/rooms/{room_id}/events",
                            headers={"Authorization": f"Bearer {token}", "Last-Event-ID": str(after)}) as r:
            async for chunk in r.aiter_raw():
                buffer += chunk
                end = buffer.rfind(b"\n")
                if end >= 0:   # whole lines only: a text cut between two chunks is read with the next
                    now = time.monotonic()
                    for match in BENCH_TEXT.finditer(buffer, 0, end):
                        received.setdefault(match.group(1).decode(), now)
                    buffer = buffer[end + 1:]
                if stop.is_set():
                    return


async def join(url: str, n: int) -> list[str]:
    gate = asyncio.Semaphore(16)
    async with httpx.AsyncClient(base_url=url, timeout=30) as c:
        async def one(i: int) -> str:
            async with gate:
                return (await c.post("/api/v1/viewers", json={"nickname": f"压测{i}"})).json()["token"]

        return await asyncio.gather(*(one(i) for i in range(n)))


def last_event_id(db_url: str) -> int:
    import psycopg

    with psycopg.connect(db_url, autocommit=True) as conn:
        return conn.execute("SELECT COALESCE(MAX(id), 0) FROM events").fetchone()[0]


async def measure_callbacks(info: dict, seconds: float, rate: float, db_url: str, posters: int,
                            endpoint: str) -> tuple[float, list[float], int]:
    url, room_id, staff = info["url"], info["room_id"], info["tokens"]["assistant"]
    tokens = await join(url, posters) if endpoint == "comments" else [f"fan{n}" for n in range(posters)]
    after = last_event_id(db_url)
    received = [{}, {}]
    stop = asyncio.Event()
    consoles = [asyncio.create_task(console(url, staff, room_id, after, r, stop)) for r in received]
    await asyncio.sleep(1.0)
    sent: dict[str, float] = {}
    ok: list[str] = []
    refused: list[int] = []
    started = time.monotonic()
    deadline = started + seconds

    async def poster(n: int, who: str, send) -> None:
        k = 0
        while time.monotonic() < deadline:
            text = f"b:{n}:{k}"
            k += 1
            sent[text] = time.monotonic()
            status = await send(who, text)
            if status in (200, 201):
                ok.append(text)
            else:
                refused.append(status)
            if rate > 0:   # paced on the clock (message k of sender n at (k·senders + n) / rate)
                await asyncio.sleep(max(0.0, started + (k * posters + n) / rate - time.monotonic()))

    if endpoint == "comments":
        # Each poster keeps its connection: the kernel gave it to one worker; 64 of them spread.
        async def one_poster(n: int, token: str) -> None:
            async with httpx.AsyncClient(base_url=url, timeout=30) as c:
                async def send(who: str, text: str) -> int:
                    return (await c.post(f"/api/v1/rooms/{room_id}/comments", json={"text": text},
                                         headers={"Authorization": f"Bearer {who}"})).status_code
                await poster(n, token, send)
        await asyncio.gather(*(one_poster(n, t) for n, t in enumerate(tokens)))
    else:
        # As IM sends them: many at once over keep-alive connections, hand-written HTTP (an HTTP
        # client library would spend more of the shared cores than Studio does on a callback).
        async with RawCallbackConnections(url, connections=posters) as im:
            async def send(who: str, text: str) -> int:
                return await im.post(im_callback_path(), im_callback_body(who, text))
            await asyncio.gather(*(poster(n, t, send) for n, t in enumerate(tokens)))
    took = time.monotonic() - started
    if refused:
        print(f"messages refused: {collections.Counter(refused)}", file=sys.stderr)
    settle = time.monotonic() + 10
    while any(len(r) < len(ok) for r in received) and time.monotonic() < settle:
        await asyncio.sleep(0.1)
    stop.set()
    for task in consoles:
        task.cancel()
    await asyncio.gather(*consoles, return_exceptions=True)
    latencies = sorted((r[t] - sent[t]) * 1000 for r in received for t in ok if t in r)
    lost = max(sum(1 for t in ok if t not in r) for r in received)
    return len(ok) / took, latencies, lost


async def measure_presend(info: dict, seconds: float, posters: int) -> tuple[float, float, int]:
    """Group.CallbackBeforeSendMsg from `posters` senders as fast as they go (IM waits for each
    answer before it delivers the message): answers a second, their p95 in ms, and how many were
    not "send it" (ErrorCode 0 with HTTP 200; the bench's texts break no rule)."""
    command = "Group.CallbackBeforeSendMsg"
    took_ms: list[float] = []
    refused = 0
    deadline = time.monotonic() + seconds
    async with RawCallbackConnections(info["url"], connections=posters) as im:
        async def sender(n: int) -> None:
            nonlocal refused
            k = 0
            while time.monotonic() < deadline:
                k += 1
                began = time.monotonic()
                status, answer = await im.answer(im_callback_path(command),
                                                 im_callback_body(f"fan{n}", f"p:{n}:{k}", command))
                took_ms.append((time.monotonic() - began) * 1000)
                refused += status != 200 or b'"ErrorCode":0' not in answer.replace(b" ", b"")
        started = time.monotonic()
        await asyncio.gather(*(sender(n) for n in range(posters)))
    took_ms.sort()
    p95 = took_ms[int(len(took_ms) * 0.95)] if took_ms else float("nan")
    return len(took_ms) / (time.monotonic() - started), p95, refused


async def measure_orders(info: dict, seconds: float, db_url: str) -> tuple[float, int]:
    url = info["url"]
    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {info['tokens']['anchor']}"}, timeout=30) as c:
        product = c.post("/api/v1/products", json={"name": "压测商品", "skus": [
            {"name": "均码", "price_fen": 990, "stock": 1_000_000}]}).json()
        room = c.post("/api/v1/rooms", json={"title": "压测直播间"}).json()
        c.post(f"/api/v1/rooms/{room['id']}/shelf", json={"product_id": product["id"]})
        c.post(f"/api/v1/rooms/{room['id']}/start")
    sku_id = product["skus"][0]["id"]
    tokens = await join(url, BUYERS)
    confirmed: list[int] = []
    refused: list[int] = []
    deadline = time.monotonic() + seconds

    async def buyer(token: str) -> None:
        async with httpx.AsyncClient(base_url=url, timeout=30) as c:
            while time.monotonic() < deadline:
                r = await c.post(f"/api/v1/rooms/{room['id']}/orders", json={"sku_id": sku_id, "quantity": 1},
                                 headers={"Authorization": f"Bearer {token}"})
                if r.status_code == 201:
                    confirmed.append(r.json()["id"])
                else:
                    refused.append(r.status_code)

    started = time.monotonic()
    await asyncio.gather(*(buyer(t) for t in tokens))
    took = time.monotonic() - started
    if refused:
        print(f"orders refused: {collections.Counter(refused)}", file=sys.stderr)
    import psycopg

    with psycopg.connect(db_url, autocommit=True) as conn:
        stored = {r[0] for r in conn.execute("SELECT id FROM orders WHERE room_id = %s", (room["id"],))}
    return len(confirmed) / took, sum(1 for o in confirmed if o not in stored)


def start(db_url: str, workers: int, *extra: str, env: dict | None = None) -> tuple[subprocess.Popen, dict]:
    proc = subprocess.Popen([sys.executable, "-m", "anchor_console", "studio", "--db", db_url,
                             "--workers", str(workers), "--demo", "--exit-with-stdin", *extra], cwd=ROOT, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env={**os.environ, **(env or {})})
    return proc, json.loads(proc.stdout.readline())


def kill_and_resume(workers: int, events: int) -> bool:
    """The slow test's scenario, as a figure: True when every console saw all `events` once, in order."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "0", "-m", "slow",
                           "tests/studio/test_studio_workers.py", "-k", f"killed and {events}"], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    return done.returncode == 0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=6.0)
    parser.add_argument("--rate", type=float, default=2000.0, help="messages/s in all while latency is measured")
    parser.add_argument("--endpoint", choices=sorted(ENDPOINTS), default="im", help="what a message arrives through")
    parser.add_argument("--loop", choices=("asyncio", "uvloop"), default="uvloop",
                        help="Studio's event loop (and the client's); a team runs uvloop (CAPACITY.md)")
    parser.add_argument("--events", type=int, default=0, help="also run the kill-and-resume scenario (50000)")
    parser.add_argument("--presend", action="store_true",
                        help="also measure pre-send callbacks (Group.CallbackBeforeSendMsg), senders already known")
    args = parser.parse_args()
    reason = why_not()
    if reason:
        print(json.dumps({"error": f"no PostgreSQL here: {reason}"}))
        return
    db_url = fresh_postgres_url()
    folder = Path(tempfile.mkdtemp(prefix="bench-scale-"))
    config, env = im_settings(folder)
    proc, info = start(db_url, args.workers, "--audience", "0", "--tencent-im", config, "--loop", args.loop, env=env)
    try:
        # Throughput: 64 senders as fast as they go. Latency: senders paced at --rate in all (a
        # saturated client would measure its own queue, not Studio).
        callbacks, _, lost_busy = run_loop(measure_callbacks(info, args.seconds, 0, db_url, POSTERS, args.endpoint), args.loop)
        paced, latencies, lost_paced = run_loop(measure_callbacks(info, args.seconds, args.rate, db_url, POSTERS,
                                                                 args.endpoint), args.loop)
        lost_messages = lost_busy + lost_paced
        if args.presend:   # after the after-send phases: the senders are viewers every worker knows
            presend = run_loop(measure_presend(info, args.seconds, POSTERS), args.loop)
        orders, lost_orders = run_loop(measure_orders(info, args.seconds, db_url), args.loop)
    finally:
        proc.stdin.close()
        proc.wait(15)
        stop_cluster()
    p95 = latencies[int(len(latencies) * 0.95)] if latencies else float("nan")
    result = {"workers": args.workers, "callbacks_per_s": round(callbacks),
              "callbacks_per_s_per_worker": round(callbacks / args.workers), "orders_per_s": round(orders),
              "e2e_p95_ms": round(p95, 1), "lost": lost_messages + lost_orders,
              "callbacks_endpoint": ENDPOINTS[args.endpoint], "e2e_at_rate": args.rate,
              "e2e_achieved_rate": round(paced), "nproc": os.cpu_count(), "loop": args.loop}
    if args.presend:
        result.update({"presend_per_s": round(presend[0]), "presend_answer_p95_ms": round(presend[1], 1),
                       "presend_not_ok": presend[2]})
    if args.events:
        result["kill_resume_ok"] = kill_and_resume(args.workers, args.events)
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
