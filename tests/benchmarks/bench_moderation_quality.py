"""Benchmark (not a test): how well the shipped rules moderate a live room, and that they leave it
alive.

    python tests/benchmarks/bench_moderation_quality.py [--rate 300] [--seconds 90] [--viewers 20000]

Starts a Studio process (demo room), runs the real comment desk headless (a ConsoleSession, no Qt,
as a moderator, the shipped word lists and rules acting), turns the simulated audience up to `rate`
comments a second for `seconds` with buyers buying (stock topped up; a coupon a third of the way in
and a flash sale at two thirds make bursts), then compares what the desk did — its mod log — with
what Studio's audience generated each comment as (the staff-only ground truth). "Acted on" means
hidden here, held, deleted, or the writer muted or banned for it. Prints one JSON line:

  benign_acted_pct        questions, purchase intent, praise, chatter, emoji and complaints acted on
                          (target ≤ 0.5)
  spam_caught_pct         引流 (contact details, links, other shops) acted on (target ≥ 95)
  buyers_muted_or_banned  viewers a rule muted or banned after they had ordered (target 0)
and the context: benign_acted_by_rule and benign_acted_examples (what to tune), missed_examples
(spam and abuse let through, by text), abuse_caught_pct, flood_hidden_pct (one
viewer's message again and again: hidden here, never more), muted_or_banned_for_flooding (0),
hostile_acted_pct (markup, bidi, zalgo, 2,000-character messages), mutes, bans, deletes, holds and
hides by the rules, orders and buyers, muted_then_bought (muted before their first order), the
room's comments per second in the first and the last ten seconds (it must not fall), per-kind
counts, and comments the desk judged.

The default audience is 20,000 viewers (about one comment a minute each at 300/s, as in a real
room of that rate). With `--viewers 300` every simulated viewer comments once a second and sends
引流 every ~17 s: a stress case in which everyone is also a spammer."""

from __future__ import annotations

import argparse
import asyncio
import collections
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
sys.path.insert(0, str(ROOT / "tests" / "session"))

from headless_rehearsal import NoKeyring  # noqa: E402  (the token is handed over: no real keychain)

BENIGN = ("question", "intent", "praise", "chatter", "emoji", "sensitive")


async def pages(client, url: str, limit: int = 1000, **params) -> list[dict]:
    out, after = [], 0
    while True:
        r = await client.get(url, params={"after_id": after, "limit": limit, **params})
        r.raise_for_status()
        page = r.json()
        if not page["items"]:
            return out
        out.extend(page["items"])
        after = page["next_after_id"]


async def promotions(client, room_id: str, seconds: float) -> None:
    """Buyers buy all along; a coupon and a flash sale make the bursts a real room has."""
    shelf = (await client.get(f"/api/v1/rooms/{room_id}/shelf")).json()["items"]
    for item in shelf:   # stock to spare: buyers keep buying for the whole run
        for sku in item["product"]["skus"]:
            await client.patch(f"/api/v1/skus/{sku['id']}", json={"stock": 1_000_000})
    await asyncio.sleep(seconds / 3)
    await client.post(f"/api/v1/rooms/{room_id}/coupons", json={"template_id": 2, "quantity": 2000,
                                                                "valid_minutes": 30})
    await asyncio.sleep(seconds / 3)
    product = next((it["product"] for it in shelf if it["on_sale"]), None)
    if product is not None:
        sku = product["skus"][0]
        sale = await client.post(f"/api/v1/rooms/{room_id}/flash-sales", json={
            "product_id": product["id"], "sku_id": sku["id"], "sale_price_fen": max(1, sku["price_fen"] // 2),
            "stock": 300, "countdown_s": 0, "duration_s": 60})
        if sale.status_code < 300:
            await client.post(f"/api/v1/rooms/{room_id}/flash-sales/{sale.json()['id']}/start")


async def run(url: str, tokens: dict, room_id: str, home: str, rate: float, seconds: float, viewers: int) -> dict:
    """Drive the room and the desk; what happened, raw: mod-log entries, ground truth, orders."""
    import httpx

    from anchor_console.session.console import ConsoleSession
    from anchor_console.session.paths import Paths
    from anchor_console.session.settings import ConnectionSettings, Settings

    settings = Settings(connections=[ConnectionSettings(id="studio", name="Studio", url=url, room_id=room_id)],
                        operator_name="bench")
    session = ConsoleSession(settings, Paths.for_user({"ANCHOR_CONSOLE_HOME": home}),
                             tokens=NoKeyring(tokens["moderator"]))
    await session.start()
    entries: list = []
    totals: list[int] = []
    try:
        while session.room is None or not session.room.state.loaded:
            await asyncio.sleep(0.05)
        desk = session.desk
        desk.modlog.added.connect(entries.append)
        headers = {"Authorization": f"Bearer {tokens['assistant']}"}
        async with httpx.AsyncClient(base_url=url, headers=headers, timeout=30) as client:
            r = await client.put(f"/api/v1/rooms/{room_id}/audience",
                                 json={"enabled": True, "comments_per_s": rate, "viewers": viewers})
            r.raise_for_status()
            shopping = asyncio.ensure_future(promotions(client, room_id, seconds))
            for _ in range(int(seconds)):
                await asyncio.sleep(1.0)
                totals.append(desk.total)
            await client.put(f"/api/v1/rooms/{room_id}/audience", json={"enabled": False})
            await shopping
            await asyncio.sleep(3.0)   # the stream's tail reaches the desk…
            while desk._pending or len(desk.queue) or desk.queue.in_flight:
                await asyncio.sleep(0.2)   # …and the rules' actions are done
            truth = await pages(client, f"/api/v1/rooms/{room_id}/audience/ground-truth", limit=10_000)
            orders = await pages(client, f"/api/v1/rooms/{room_id}/orders")
            comments = await pages(client, f"/api/v1/rooms/{room_id}/comments")
        judged = desk.total
    finally:
        await session.shutdown()
    texts = {str(c["id"]): c.get("text", "") for c in comments}
    return {"entries": entries, "truth": truth, "orders": orders, "totals": totals, "judged": judged, "texts": texts}


def score(entries: list, truth: list[dict], orders: list[dict], totals: list[int],
          texts: dict[str, str] | None = None) -> dict:
    """What the desk did against what each comment was: the figures printed."""
    from anchor_console.moderation.wordlists import Action

    kind_of = {str(t["id"]): t["kind"] for t in truth}
    first_order: dict[str, float] = {}
    for o in orders:
        user = f"v{o['viewer_id']}"
        first_order[user] = min(first_order.get(user, o["created_at"]), o["created_at"])
    acted: set[str] = set()
    benign_rules: collections.Counter = collections.Counter()   # which rules acted on benign comments
    benign_texts: collections.Counter = collections.Counter()   # …and on which texts
    punished: dict[str, float] = {}   # viewer -> first time a rule muted or banned them
    by_action: collections.Counter = collections.Counter()
    for e in entries:
        if e.dry_run or e.action < Action.HIDE_LOCAL:
            continue
        acted.add(e.comment_id)
        if kind_of.get(e.comment_id) in BENIGN:
            benign_rules[e.actor] += 1
            benign_texts[f"{e.actor}: {(texts or {}).get(e.comment_id, '?')[:40]}"] += 1
        by_action[e.action.name.lower()] += 1
        if e.action in (Action.MUTE, Action.BAN):
            punished.setdefault(e.user_id, e.at)
    counts = collections.Counter(kind_of.values())
    hit = collections.Counter(kind for cid, kind in kind_of.items() if cid in acted)
    for_flooding = sum(1 for e in entries if e.action in (Action.MUTE, Action.BAN) and not e.dry_run
                       and e.actor in ("detector:flood", "detector:repeat"))

    def pct(kinds) -> float:
        total = sum(counts[k] for k in kinds)
        return round(100.0 * sum(hit[k] for k in kinds) / total, 2) if total else float("nan")

    return {
        "benign_acted_pct": pct(BENIGN), "spam_caught_pct": pct(("spam",)),
        "buyers_muted_or_banned": sum(1 for u, t in punished.items() if u in first_order and first_order[u] < t),
        "abuse_caught_pct": pct(("abuse",)), "flood_hidden_pct": pct(("flood",)),
        "muted_or_banned_for_flooding": for_flooding, "hostile_acted_pct": pct(("hostile",)),
        "mutes": by_action["mute"], "bans": by_action["ban"], "deletes": by_action["delete"],
        "holds": by_action["hold"], "hides": by_action["hide_local"],
        "benign_acted": sum(hit[k] for k in BENIGN), "benign": sum(counts[k] for k in BENIGN),
        "benign_acted_by_rule": dict(benign_rules),
        "benign_acted_examples": dict(benign_texts.most_common(8)),
        # spam and abuse the rules let through, most frequent first (what to add to the lists)
        "missed_examples": dict(collections.Counter(
            f"{kind}: {(texts or {}).get(cid, '?')[:40]}" for cid, kind in kind_of.items()
            if kind in ("spam", "abuse") and cid not in acted).most_common(8)),
        "orders": len(orders), "buyers": len(first_order),
        "muted_then_bought": sum(1 for u in punished if u in first_order),
        "room_per_s_first_10s": round((totals[min(10, len(totals) - 1)] - totals[0]) / 10, 1),
        "room_per_s_last_10s": round((totals[-1] - totals[-11]) / 10, 1) if len(totals) > 11 else None,
        "simulated": len(kind_of), "kinds": dict(counts), "acted_by_kind": dict(hit),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rate", type=float, default=300)
    parser.add_argument("--seconds", type=float, default=90)
    parser.add_argument("--viewers", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    with tempfile.TemporaryDirectory() as tmp:
        seed = ["--seed", str(args.seed)] if args.seed is not None else []
        proc = subprocess.Popen([sys.executable, "-m", "anchor_console", "studio", "--demo", "--audience", "0",
                                 "--db", os.path.join(tmp, "bench.sqlite"), "--exit-with-stdin", *seed], cwd=ROOT,
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        try:
            info = json.loads(proc.stdout.readline())
            started = time.monotonic()
            raw = asyncio.run(run(info["url"], info["tokens"], str(info["room_id"]), os.path.join(tmp, "home"),
                                  args.rate, args.seconds, args.viewers))
            result = score(raw["entries"], raw["truth"], raw["orders"], raw["totals"], raw["texts"])
            result.update(comments_judged=raw["judged"], rate=args.rate, seconds=args.seconds, viewers=args.viewers)
            result["took_s"] = round(time.monotonic() - started, 1)
            result["pyside_imported"] = any(m.split(".")[0] in ("PySide6", "shiboken6") for m in sys.modules)
        finally:
            proc.stdin.close()
            proc.wait(10)
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
