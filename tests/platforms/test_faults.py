"""Money actions under faults, against a real Studio process: the server killed mid-request, the
connection dropped after the request was applied, 5xx, 429 and answers slower than the timeout.

Over 500 randomized trials no coupon batch or flash sale is applied twice, none is lost, and the
journal ends with the truth for each."""

from __future__ import annotations

import asyncio
import random
import threading
import time

import httpx
import pytest
from test_conformance import live_room

from anchor_console.domain.clock import SystemClock
from anchor_console.domain.models import FlashSaleSpec
from anchor_console.platforms.studio import StudioPlatform
from anchor_console.platforms.transport import Endpoint, RetryPolicy
from anchor_console.room.journal import CONFIRMED, FAILED, UNKNOWN, ActionJournal
from anchor_console.room.commands import IssueCoupon, LaunchFlashSale
from anchor_console.room.live_room import Binding, LiveRoom

pytestmark = pytest.mark.slow(70)

TRIALS = 500
COUPON_TRIALS = 350


class Resurrector:
    """Restarts Studio (same port, same database) whenever a fault kills it, and hands the new
    start's token to the endpoint, as the console does with its bundled Studio."""

    def __init__(self, studio, endpoint: Endpoint | None = None) -> None:
        self.studio = studio
        self.endpoint = endpoint
        self.restarts = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            proc = self.studio.proc
            if proc is not None and proc.poll() is not None:
                self.studio.proc = None
                self.studio.start(port=self.studio.port)
                if self.endpoint is not None:
                    self.endpoint.token = self.studio.tokens["assistant"]
                self.restarts += 1
                self.chaos(**self.settings)
            time.sleep(0.05)

    settings: dict = {}

    def chaos(self, **settings) -> None:
        self.settings = settings
        for _ in range(100):
            try:
                httpx.put(f"{self.studio.url}/api/v1/_chaos", json=settings, headers=self.studio.headers("assistant"),
                          timeout=5).raise_for_status()
                return
            except httpx.HTTPError:
                time.sleep(0.1)
        raise AssertionError("could not configure chaos")

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)


def server_truth(studio, room_id: int):
    with httpx.Client(base_url=studio.url, headers=studio.headers("anchor"), timeout=10) as c:
        coupons = c.get(f"/api/v1/rooms/{room_id}/coupons").json()["items"]
        sales = c.get(f"/api/v1/rooms/{room_id}/flash-sales").json()["items"]
    return coupons, sales


@pytest.mark.asyncio
async def test_money_actions_are_exactly_once_under_faults(studio_factory, tmp_path):
    studio = studio_factory("--demo", "--audience", "0", "--chaos")
    room_id = live_room(studio, (1001, 1002, 1003, 1004, 1005), title="fault trials")
    with studio.client("anchor") as c:
        c.patch("/api/v1/skus/10011", json={"stock": 100000})
    endpoint = Endpoint(studio.url, studio.tokens["assistant"])
    life = Resurrector(studio, endpoint)
    faults = dict(fail_before=0.08, rate_limit=0.05, fail_after=0.08, drop_after=0.08, delay_after=0.04,
                  delay_s=1.2, kill_after=0.015, seed=20261125)
    life.chaos(**faults)
    rng = random.Random(7)
    journal = ActionJournal(tmp_path / "journal.sqlite", SystemClock(), console_id="fault-test")
    try:
        sent: list[str] = []

        async def count(request: httpx.Request) -> None:
            if request.method == "POST" and request.url.path.endswith("/coupons"):
                sent.append(request.headers["Idempotency-Key"])

        async with httpx.AsyncClient(event_hooks={"request": [count]}) as client:
            platform = StudioPlatform("studio", endpoint, client, timeout=httpx.Timeout(0.8, connect=0.5),
                                      retry=RetryPolicy(max_attempts=3, base_delay=0.02, max_delay=0.2, budget_s=3,
                                                        max_rate_limit_wait=1.5), rng=rng)
            room = LiveRoom("faults", [Binding(platform, str(room_id))], journal, actor="chaos")
            expected_coupons: dict[int, str] = {}   # quantity -> action id
            expected_sales: dict[int, str] = {}     # sale price -> action id
            for trial in range(TRIALS):
                if trial < COUPON_TRIALS:
                    quantity = 1000 + trial
                    outcome = await room.perform(IssueCoupon("2", quantity, 30))
                    expected_coupons[quantity] = outcome.entry.id
                else:
                    price = 1000 + trial
                    spec = FlashSaleSpec("1001", "10011", price, 1, 1, 0, 3600)
                    outcome = await room.perform(LaunchFlashSale(spec))
                    expected_sales[price] = outcome.entry.id
                # What a console does with an answerless action: resend with the same key until the
                # platform tells the truth (here within the trial; after a crash, on the next start).
                # Bounded by time, not by tries: a killed Studio takes seconds to come back on a busy box.
                deadline = time.monotonic() + 60
                while journal.get(outcome.entry.id).status != CONFIRMED and time.monotonic() < deadline:
                    await asyncio.sleep(0.1)
                    outcome = await room.retry(outcome.entry.id)
                assert outcome.status == CONFIRMED, (trial, outcome.entry.dispatches)
                if trial >= COUPON_TRIALS:
                    # Only one flash sale per product may run: stop it, without faults.
                    sale_id = outcome.results()["studio"]["id"]
                    life.chaos()
                    await platform.stop_flash_sale(str(room_id), sale_id, key=f"stop-{sale_id}")
                    life.chaos(**faults)
    finally:
        life.chaos()
        life.stop()

    coupons, sales = server_truth(studio, room_id)
    by_quantity: dict[int, int] = {}
    for c in coupons:
        by_quantity[c["quantity"]] = by_quantity.get(c["quantity"], 0) + 1
    assert by_quantity == {q: 1 for q in expected_coupons}, "a coupon batch was lost or applied twice"
    by_price: dict[int, int] = {}
    for s in sales:
        by_price[s["sale_price_fen"]] = by_price.get(s["sale_price_fen"], 0) + 1
    assert by_price == {p: 1 for p in expected_sales}, "a flash sale was lost or applied twice"
    # The journal tells the truth: each action confirmed, with the id the platform really has.
    coupon_ids = {c["quantity"]: str(c["id"]) for c in coupons}
    for quantity, action_id in expected_coupons.items():
        entry = journal.get(action_id)
        assert entry.status == CONFIRMED
        assert str(entry.dispatches[0].result["id"]) == coupon_ids[quantity]
    sale_ids = {s["sale_price_fen"]: str(s["id"]) for s in sales}
    for price, action_id in expected_sales.items():
        assert str(journal.get(action_id).dispatches[0].result["id"]) == sale_ids[price]
    # The faults really happened: many requests were sent more than once (always with their key).
    assert len(sent) > COUPON_TRIALS * 1.15 and len(set(sent)) == COUPON_TRIALS, (len(sent), len(set(sent)))
    assert life.restarts >= 1


@pytest.mark.asyncio
async def test_unknown_actions_left_by_a_crash_reconcile_on_the_next_start(studio_factory, tmp_path):
    """A console crashed after sending: one coupon reached the platform (applied, answer lost), one
    never left. The next start resends both with their stored keys: each applies exactly once."""
    studio = studio_factory("--demo", "--audience", "0")
    path = tmp_path / "journal.sqlite"
    async with httpx.AsyncClient() as client:
        platform = StudioPlatform("studio", Endpoint(studio.url, studio.tokens["assistant"]), client)
        journal = ActionJournal(path, SystemClock(), console_id="before-crash")
        from anchor_console.room.journal import Target

        target = [Target("studio", "Studio", str(studio.room_id))]
        applied, _ = journal.begin("issue_coupon", {"template_id": "1", "quantity": 11, "valid_minutes": 9},
                                   money=True, actor="a", origin="manual", room_key="r", targets=target)
        never_sent, _ = journal.begin("issue_coupon", {"template_id": "1", "quantity": 22, "valid_minutes": 9},
                                      money=True, actor="a", origin="manual", room_key="r", targets=target)
        await platform.issue_coupon(str(studio.room_id), "1", 11, 9, key=applied.dispatches[0].idempotency_key)
        journal.mark(applied.id, "studio", UNKNOWN)
        journal.close()  # the crash

        journal = ActionJournal(path, SystemClock(), console_id="after-restart")
        room = LiveRoom("r", [Binding(platform, str(studio.room_id))], journal, actor="a")
        outcomes = await room.reconcile()
        assert sorted(o.status for o in outcomes) == [CONFIRMED, CONFIRMED]
        assert journal.unresolved() == []
    coupons, _ = server_truth(studio, studio.room_id)
    assert sorted(c["quantity"] for c in coupons) == [11, 22]
    assert FAILED not in {journal.get(applied.id).status, journal.get(never_sent.id).status}
