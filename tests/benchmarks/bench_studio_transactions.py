"""Benchmark (not a test): what one of Studio's transactions costs on PostgreSQL, in process (no
HTTP, one worker, nothing else writing), as the message table grows the way a live room's does.

    python tests/benchmarks/bench_studio_transactions.py [--messages 20000]

Starts a throwaway PostgreSQL (tests/support/postgres.py), makes a live room whose chat is an IM
group, and times, median and 95th percentile in milliseconds:
  im_batch_{1,10,50}_ms   ImBridge.take_after_send: a batch of IM after-send callbacks becomes
                          comments (duplicate check, comments, their events, the message map, commit)
  order_ms                orders.create: a durable order (stock guard, order, shelf, stats, events)
  duplicate_check_ms      the duplicate check alone, in its own transaction, once the table holds
                          `--messages` messages and before PostgreSQL's first ANALYZE of it (a new
                          database in its first minute: the case that once scanned the whole group)
Prints one JSON line."""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from anchor_console.studio.services import Studio  # noqa: E402
from anchor_console.studio.tencent_im.bridge import ImBridge  # noqa: E402
from anchor_console.studio.tencent_im.config import ImConfig  # noqa: E402
from support.postgres import fresh_postgres_url, stop_cluster, why_not  # noqa: E402

GROUP = "@TGS#bench"


class Chat:
    """IM after-send callback bodies with fresh MsgSeqs, from 200 accounts."""

    def __init__(self) -> None:
        self.seq = 0

    def batch(self, n: int) -> list[dict]:
        bodies = []
        for _ in range(n):
            self.seq += 1
            bodies.append({"GroupId": GROUP, "From_Account": f"fan{self.seq % 200}", "MsgSeq": self.seq,
                           "Random": self.seq, "MsgBody": [{"MsgType": "TIMTextElem",
                                                            "MsgContent": {"Text": f"hello {self.seq}"}}]})
        return bodies


def timed(work, times: int) -> dict[str, float]:
    took = []
    for _ in range(times):
        started = time.perf_counter()
        work()
        took.append((time.perf_counter() - started) * 1000)
    took.sort()
    return {"median": round(statistics.median(took), 3), "p95": round(took[int(len(took) * 0.95)], 3)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=20000)
    args = parser.parse_args()
    reason = why_not()
    if reason:
        print(json.dumps({"error": f"no PostgreSQL here: {reason}"}))
        return
    studio = Studio(fresh_postgres_url())
    try:
        room = studio.rooms.create("压测")["id"]
        studio.catalog.create_product("p", [{"id": 501, "name": "s", "price_fen": 990, "stock": 10**6}], product_id=50)
        studio.shelf.add(room, 50)
        studio.rooms.start(room)
        bridge = ImBridge(studio, ImConfig(sdkappid=1400000001, admin="administrator", secret_key="k",
                                           callback_token="t", rooms={room: GROUP}, base_url="http://127.0.0.1:9"))
        chat = Chat()
        result: dict[str, float | int] = {}
        for n in (1, 10, 50):
            for _ in range(20):   # warm: viewers made, statements prepared
                bridge.take_after_send(chat.batch(n))
            figures = timed(lambda: bridge.take_after_send(chat.batch(n)), 300)
            result[f"im_batch_{n}_ms"], result[f"im_batch_{n}_p95_ms"] = figures["median"], figures["p95"]
        buyers = [studio.accounts.join_as_viewer(f"买家{i}")["viewer_id"] for i in range(50)]
        orders = iter(range(10**9))
        figures = timed(lambda: studio.orders.create(room, buyers[next(orders) % 50], 501, 1), 300)
        result["order_ms"], result["order_p95_ms"] = figures["median"], figures["p95"]
        while chat.seq < args.messages:
            bridge.take_after_send(chat.batch(500))
        keys = iter(range(10**9))

        def check() -> None:
            first = 1 + (next(keys) * 50) % args.messages
            with studio.store.tx():
                bridge.already_taken([(GROUP, seq) for seq in range(first, first + 50)])

        result["duplicate_check_ms"] = timed(check, 200)["median"]
        result["messages"] = chat.seq
        print(json.dumps(result))
    finally:
        studio.store.close()
        stop_cluster()


if __name__ == "__main__":
    main()
