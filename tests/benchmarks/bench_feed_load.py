"""Benchmark (not a test): the real console window under a comment storm.

    python tests/benchmarks/bench_feed_load.py [--rate 2000] [--seconds 60]

Starts a Studio process (demo room), opens the real console window (offscreen unless a display is
set) connected over SSE like a user's, turns the simulated audience up to `rate` comments a second
for `seconds`, with the shipped word lists and rules acting on what they catch, and prints one
JSON line:

  loop_lag_p99_ms   how late a 10 ms asyncio sleep on the Qt event loop wakes, 99th percentile
                    (target ≤ 50 ms)
  e2e_p95_ms        from each comment's creation (Studio's clock, same machine) to the moment its
                    row is in the feed model, 95th percentile (target ≤ 300 ms)
  lost              comments Studio created in the room that never reached the console's comment
                    desk (target 0)
  rss_growth_mb     resident memory after the run minus after the 5 s warm-up
and the context: comments_seen, rows_shown, comments_per_s, loop lag p50/p95/max, the longest
garbage-collector pause, journalled_actions (deletions, mutes and bans the rules sent to Studio)
moderation_given_up (automatic deletions left as local hides because the platform's rate
could not take them all) and search_index_behind (comments stored but not yet in the text
index when the storm ends; searches scan those)."""

from __future__ import annotations

import argparse
import array
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
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_API", "pyside6")
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"  # never the real keychain


def rss_mb() -> float:
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class IdSet:
    """Which (numeric) comment ids have been seen: one bit each."""

    def __init__(self) -> None:
        self.bits = bytearray()
        self.count = 0
        self.other: set[str] = set()  # ids that are not numbers (none from Studio)

    def add(self, comment_id: str) -> None:
        if not comment_id.isdigit():
            self.other.add(comment_id)
            return
        n = int(comment_id)
        if n // 8 >= len(self.bits):
            self.bits.extend(bytes(max(n // 8 + 1 - len(self.bits), 1 << 16)))
        if not self.bits[n // 8] & (1 << (n % 8)):
            self.bits[n // 8] |= 1 << (n % 8)
            self.count += 1

    def __contains__(self, comment_id: str) -> bool:
        if not comment_id.isdigit():
            return comment_id in self.other
        n = int(comment_id)
        return n // 8 < len(self.bits) and bool(self.bits[n // 8] & (1 << (n % 8)))

    def __len__(self) -> int:
        return self.count + len(self.other)


def pct(values, q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * q))]


class MemoryKeyring:
    """Built on first use: keyring is imported inside the benchmark, like everything from the app."""

    @staticmethod
    def install() -> None:
        import keyring

        from tests.support.memory_keyring import InMemoryKeyring

        keyring.set_keyring(InMemoryKeyring())


async def open_console(url: str, tokens: dict, room_id: str):
    """The console on the room, as a moderator, in a 1366×768 window, loaded."""
    from PySide6.QtWidgets import QApplication

    from anchor_console.session.settings import ConnectionSettings, Settings
    from anchor_console.ui.shell.console_app import ConsoleApp

    MemoryKeyring.install()
    settings = Settings(connections=[ConnectionSettings(id="bench", name="Studio", url=url, room_id=room_id,
                                                        profile="studio")], operator_name="bench")
    console = ConsoleApp(QApplication.instance(), settings, argparse.Namespace(smoke_test=False, lang="zh_CN"))
    console.session.tokens.set("bench", tokens["moderator"])
    await console.start()
    while console.session.room is None or not console.session.room.state.loaded:
        await asyncio.sleep(0.05)
    console.window.resize(1366, 768)
    console.window.show()
    return console


class Measures:
    """What the benchmark records while `on`: loop lag, end-to-end latency of shown rows, GC pauses.
    Compact records (a bitmap of ids, arrays of floats): a set of 300,000 id strings would itself add
    ~30 MB to the resident memory being measured."""

    def __init__(self) -> None:
        self.on = False
        self.seen = IdSet()
        self.latencies = array.array("f")
        self.lags = array.array("f")
        self.shown = 0
        self.gc_pauses: list[float] = []
        self._gc_start = 0.0

    def flushed(self, items) -> None:
        now = time.time()
        self.shown += len(items)
        if self.on:
            self.latencies.extend((now - i.comment.created_at) * 1000 for i in items)

    async def probe(self) -> None:
        while True:
            t = time.perf_counter()
            await asyncio.sleep(0.010)
            if self.on:
                self.lags.append((time.perf_counter() - t - 0.010) * 1000)

    def gc_callback(self, phase, info) -> None:
        if phase == "start":
            self._gc_start = time.perf_counter()
        elif self.on:
            self.gc_pauses.append((time.perf_counter() - self._gc_start) * 1000)


async def server_comment_ids(client, room_id: str) -> set[str]:
    ids: set[str] = set()
    after = 0
    while True:
        page = (await client.get(f"/api/v1/rooms/{room_id}/comments",
                                 params={"after_id": after, "limit": 1000})).json()
        if not page["items"]:
            return ids
        ids.update(str(c["id"]) for c in page["items"])
        after = page["next_after_id"]


async def run(url: str, tokens: dict, room_id: str, rate: float, seconds: float) -> dict:
    import gc

    import httpx

    from anchor_console.ui.comments.feature import CommentsFeature

    console = await open_console(url, tokens, room_id)
    session, m = console.session, Measures()
    session.room.comments.connect(lambda c, is_new: is_new and m.seen.add(c.id))
    console.window.feature(CommentsFeature).feed.model.appended.connect(m.flushed)
    probe_task = asyncio.ensure_future(m.probe())
    gc.callbacks.append(m.gc_callback)
    headers = {"Authorization": f"Bearer {tokens['assistant']}"}
    async with httpx.AsyncClient(base_url=url, headers=headers, timeout=30) as client:
        await client.put(f"/api/v1/rooms/{room_id}/audience",
                         json={"enabled": True, "comments_per_s": rate, "viewers": 60_000})  # ~0.03 comments/s each, as in a big room
        await asyncio.sleep(5.0)  # warm-up: the viewer pool fills, caches settle
        rss0 = rss_mb()
        seen0, t0 = len(m.seen), time.time()
        m.on = True
        await asyncio.sleep(seconds)
        m.on = False
        seen1, t1 = len(m.seen), time.time()
        rss1 = rss_mb()
        store = session.desk.store
        index_behind = store.written - store.indexed_upto if store is not None else 0
        await client.put(f"/api/v1/rooms/{room_id}/audience", json={"enabled": False})
        await asyncio.sleep(3.0)  # the tail of the stream arrives
        server_ids = await server_comment_ids(client, room_id)
    probe_task.cancel()
    gc.callbacks.remove(m.gc_callback)
    actions = len(session.journal.entries(limit=100_000))
    queue = session.desk.queue
    await console.shutdown()
    lags, latencies = m.lags, m.latencies
    return {"loop_lag_p99_ms": round(pct(lags, 0.99), 1), "e2e_p95_ms": round(pct(latencies, 0.95), 1),
            "lost": sum(1 for i in server_ids if i not in m.seen), "rss_growth_mb": round(rss1 - rss0, 1),
            "comments_per_s": round((seen1 - seen0) / (t1 - t0)), "comments_seen": len(m.seen),
            "rows_shown": m.shown, "e2e_p50_ms": round(pct(latencies, 0.5), 1),
            "loop_lag_p50_ms": round(pct(lags, 0.5), 1), "loop_lag_p95_ms": round(pct(lags, 0.95), 1),
            "loop_lag_max_ms": round(max(lags, default=float("nan")), 1),
            "gc_pause_max_ms": round(max(m.gc_pauses, default=0.0), 1),
            "journalled_actions": actions, "moderation_given_up": queue.given_up,
            "search_index_behind": index_behind}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rate", type=float, default=2000)
    parser.add_argument("--seconds", type=float, default=60)
    args = parser.parse_args()
    import logging

    logging.basicConfig(level=logging.ERROR)  # refused moderation requests under the storm are expected
    from PySide6.QtWidgets import QApplication

    from anchor_console.ui.shell.event_loop import ConsoleEventLoop

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["ANCHOR_CONSOLE_HOME"] = os.path.join(tmp, "home")  # a private journal and settings
        proc = subprocess.Popen([sys.executable, "-m", "anchor_console", "studio", "--demo", "--audience", "0",
                                 "--db", os.path.join(tmp, "bench.sqlite"), "--exit-with-stdin"], cwd=ROOT,
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        try:
            info = json.loads(proc.stdout.readline())
            app = QApplication.instance() or QApplication([])
            app.setQuitOnLastWindowClosed(False)
            with asyncio.Runner(loop_factory=lambda: ConsoleEventLoop(app)) as runner:
                result = runner.run(run(info["url"], info["tokens"], str(info["room_id"]), args.rate, args.seconds))
        finally:
            proc.stdin.close()
            proc.wait(10)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
