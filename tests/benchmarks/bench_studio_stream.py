"""Benchmark (not a test): Studio's comment stream to one SSE client, as the console reads it.

    python tests/benchmarks/bench_studio_stream.py

(a) events_per_s: the audience at 5,000 comments/s; comment events actually delivered per second
    to one client (StudioPlatform.events: httpx + httpx-sse) over 10 s.
(b) p95_ms_at_2000: at 2,000 comments/s, latency from each comment's creation (server clock, same
    machine) to its receipt, 95th percentile over 10 s.
Prints one JSON line. Targets on a 2-core machine: 5,000/s sustained; p95 < 100 ms at 2,000/s."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from anchor_console.platforms.studio import StudioPlatform  # noqa: E402
from anchor_console.platforms.transport import Endpoint  # noqa: E402


async def measure(url: str, token: str, room_id: str, rate: float, seconds: float) -> tuple[float, list[float]]:
    async with httpx.AsyncClient() as client:
        platform = StudioPlatform("bench", Endpoint(url, token), client)
        headers = {"Authorization": f"Bearer {token}"}
        snap = await platform.snapshot(room_id)
        received: list[tuple[float, float]] = []  # (receive time, created_at)

        async def consume() -> None:
            async for event in platform.events(room_id, last_event_id=snap.last_event_id):
                if event.type == "comment.created":
                    received.append((time.time(), event.data["comment"].created_at))

        task = asyncio.create_task(consume())
        await client.put(f"{url}/api/v1/rooms/{room_id}/audience", headers=headers,
                         json={"enabled": True, "comments_per_s": rate, "viewers": 3000})
        await asyncio.sleep(2.0)  # warm up: the audience fills its viewer pool
        start, count0 = time.time(), len(received)
        await asyncio.sleep(seconds)
        end, count1 = time.time(), len(received)
        await client.put(f"{url}/api/v1/rooms/{room_id}/audience", headers=headers, json={"enabled": False})
        await asyncio.sleep(1.0)
        task.cancel()
        window = [(r - c) * 1000 for r, c in received if start <= r <= end]
        return (count1 - count0) / (end - start), window


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        proc = subprocess.Popen([sys.executable, "-m", "anchor_console", "studio", "--demo", "--audience", "0",
                                 "--db", os.path.join(tmp, "bench.sqlite"), "--exit-with-stdin"], cwd=ROOT,
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        try:
            info = json.loads(proc.stdout.readline())
            url, token, room = info["url"], info["tokens"]["assistant"], str(info["room_id"])
            rate, _ = asyncio.run(measure(url, token, room, 5000, 10.0))
            _, latencies = asyncio.run(measure(url, token, room, 2000, 10.0))
        finally:
            proc.stdin.close()
            proc.wait(10)
    latencies.sort()
    p95 = latencies[int(len(latencies) * 0.95)] if latencies else float("nan")
    p50 = latencies[len(latencies) // 2] if latencies else float("nan")
    print(json.dumps({"events_per_s": round(rate), "p95_ms_at_2000": round(p95, 1), "p50_ms_at_2000": round(p50, 1),
                      "samples_at_2000": len(latencies)}))


if __name__ == "__main__":
    main()
