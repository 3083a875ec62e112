"""Benchmark (not a test): Studio at its edges, as a hostile probe pushes them.

    python tests/benchmarks/bench_studio_edges.py [--fuzz-examples N]

(a) rss_growth_mb: Studio's memory growth while a 200 MB body is sent to it — without a token to
    POST /rooms/{id}/comments, to the open POST /viewers, and chunked with a token (each refused).
(b) half_open_p95_ms: 1,000 half-sent requests held (and re-opened whenever Studio closes one) by
    another process against a Studio under `ulimit -n 1024`; p95 of real requests meanwhile.
(c) sse_close_ms: from `anchor-console studio tokens revoke` returning to that token's open event
    stream ending (median and max of 5).
(d) with --fuzz-examples N: schemathesis with every check and the stateful phase, once per role:
    cases generated and failures.
Prints one JSON line. Targets: (a) < 20 MB; (b) < 1,000 ms; (c) < 1,000 ms; (d) 0 failures."""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import httpx  # noqa: E402

from support import raw_http  # noqa: E402
from support.studio import start_studio, wait_until  # noqa: E402

MB = 1 << 20


def rss_growth(tmp: Path) -> dict[str, float]:
    studio = start_studio(tmp / "rss", "--demo", "--audience", "0")
    try:
        rid = studio.room_id
        cases = {"no_token_comments": (f"/api/v1/rooms/{rid}/comments", {}, False),
                 "open_viewers": ("/api/v1/viewers", {}, False),
                 "token_chunked_comments": (f"/api/v1/rooms/{rid}/comments", studio.headers("moderator"), True)}
        growth = {}
        for name, (path, headers, chunked) in cases.items():
            before = raw_http.rss_bytes(studio.proc.pid)
            result = raw_http.post_streaming(studio.url, path, 200 * MB, headers=headers, chunked=chunked,
                                             watch_pid=studio.proc.pid)
            growth[name] = round((result.peak_rss - before) / MB, 1)
        return growth
    finally:
        studio.stop()


def half_open_p95(tmp: Path, seconds: float = 15.0) -> dict:
    studio = start_studio(tmp / "half", "--demo", "--audience", "0", open_files=1024)
    attack = subprocess.Popen([sys.executable, raw_http.__file__, "half-open", studio.url, "1000", str(seconds)],
                              stdout=subprocess.PIPE, text=True)
    try:
        json.loads(attack.stdout.readline())
        latencies = []
        deadline = time.monotonic() + seconds - 2
        while time.monotonic() < deadline:
            started = time.monotonic()
            with httpx.Client(timeout=10) as fresh:
                fresh.get(f"{studio.url}/api/v1/rooms/{studio.room_id}", headers=studio.headers()).raise_for_status()
            latencies.append(time.monotonic() - started)
            time.sleep(0.05)
        report = json.loads(attack.stdout.readline())
    finally:
        if attack.poll() is None:
            attack.kill()
        studio.stop()
    return {"p95_ms": round(statistics.quantiles(latencies, n=20)[-1] * 1000), "requests": len(latencies), **report}


def sse_close(tmp: Path, rounds: int = 5) -> dict:
    studio = start_studio(tmp / "sse", "--demo", "--audience", "0")
    closes = []
    try:
        for i in range(rounds):
            made = json.loads(subprocess.run(
                [sys.executable, "-m", "anchor_console", "studio", "tokens", "create", "--db", str(studio.db_path),
                 "--name", f"bench{i}", "--role", "moderator"], cwd=ROOT, capture_output=True, text=True).stdout)
            ended: list[float] = []
            client = httpx.Client(base_url=studio.url, timeout=httpx.Timeout(10, read=60))
            response = client.send(client.build_request("GET", f"/api/v1/rooms/{studio.room_id}/events",
                                                        headers={"Authorization": f"Bearer {made['token']}"}),
                                   stream=True)
            def read(response=response, ended=ended) -> None:
                try:
                    for _ in response.iter_lines():
                        pass
                except httpx.HTTPError:
                    pass
                ended.append(time.monotonic())

            threading.Thread(target=read, daemon=True).start()
            time.sleep(0.5)
            subprocess.run([sys.executable, "-m", "anchor_console", "studio", "tokens", "revoke", "--db",
                            str(studio.db_path), str(made["id"])], cwd=ROOT, capture_output=True, check=True)
            revoked = time.monotonic()
            wait_until(lambda: ended, timeout=10)
            closes.append((ended[0] - revoked) * 1000)
            client.close()
    finally:
        studio.stop()
    return {"median_ms": round(statistics.median(closes)), "max_ms": round(max(closes))}


def fuzz(tmp: Path, examples: int) -> dict:
    env = {**os.environ, "STUDIO_FUZZ_EXAMPLES": str(examples), "STUDIO_FUZZ_FULL": "1"}
    r = subprocess.run([sys.executable, "-m", "pytest", "-q", "-s", "-p", "no:cacheprovider", "-k", "all_checks",
                        str(ROOT / "tests" / "studio" / "test_openapi_fuzz.py")], cwd=ROOT, env=env,
                       capture_output=True, text=True)
    found = re.findall(r"schemathesis as (\w+): (\d+) generated, (\d+) passed", r.stdout)
    return {role: {"generated": int(g), "failures": int(g) - int(p)} for role, g, p in found} or {"error": r.stdout[-500:]}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--fuzz-examples", type=int, default=0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = {"rss_growth_mb": rss_growth(Path(tmp)), "half_open_1000_ulimit_1024": half_open_p95(Path(tmp)),
               "sse_close_after_revoke": sse_close(Path(tmp))}
        if args.fuzz_examples:
            out["schemathesis_all_checks"] = fuzz(Path(tmp), args.fuzz_examples)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
