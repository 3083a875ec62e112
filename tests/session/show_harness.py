"""A show run against a real Studio in this process, on an injected clock, for the recorder and
review tests: Studio's own services and HTTP API (through httpx's ASGI transport, so the console's
Studio adapter, live room, journal, show runner and cue executor are the real ones), its events
handed to the live room as its event stream would, and a small seeded audience that comments,
likes, follows, buys, claims and uses coupons and joins flash sales. Nothing sleeps: each call of
`second()` moves the clock one second and does what Studio's ticker and the console do in it."""

from __future__ import annotations

import contextlib
import random
import shutil
import tempfile
from dataclasses import replace
from pathlib import Path

import httpx

from anchor_console.domain.clock import ManualClock
from anchor_console.domain.events import Event
from anchor_console.domain.models import RoomEvent
from anchor_console.platforms.studio import StudioPlatform
from anchor_console.platforms.transport import Endpoint
from anchor_console.room.journal import ActionJournal
from anchor_console.room.live_room import Binding, LiveRoom
from anchor_console.room.room_state import Aspect
from anchor_console.session.show_record import ShowRecorder
from anchor_console.show.model import (
    Cue, CueMode, FeaturedProduct, IssueCoupon, Segment, Show, StageProduct, StartFlashSale, Trigger,
)
from anchor_console.show.runner import RunFiles, ShowRunner
from anchor_console.studio.api import create_app
from anchor_console.studio.errors import ApiError
from anchor_console.studio.services import Studio
from anchor_console.studio.store import StudioClock

PRODUCTS = {501: ("连衣裙", 19900), 502: ("防晒霜", 8900), 503: ("运动鞋", 39900), 504: ("保温杯", 5900)}
COUPON_TEMPLATE = 7


def fast_folder(fallback: Path) -> Path:
    """Studio commits every order with a full sync; on tmpfs that costs nothing (4 h in seconds).
    The caller removes it."""
    shm = Path("/dev/shm")
    return Path(tempfile.mkdtemp(dir=shm)) if shm.is_dir() else fallback


@contextlib.asynccontextmanager
async def show_on_console(fallback: Path, **options):
    """An `InProcessShow` (with `options`) in a fast folder, loaded, with its console; closed and
    its folder removed afterwards."""
    folder = fast_folder(fallback)
    h = InProcessShow(folder / "run", ManualClock(), **options)
    try:
        await h.load()
        h.console()
        yield h
    finally:
        await h.close()
        if folder != fallback:
            shutil.rmtree(folder, ignore_errors=True)


def planned_show(hours: float = 4.0, segments: int = 8) -> Show:
    """`segments` equal segments over `hours`, each putting one product on stage, issuing a coupon
    batch and running a flash sale of 30 pieces; commission 20 % on the show, 30 % on product 503."""
    length = int(hours * 3600 // segments)
    out = []
    for i in range(segments):
        pid = list(PRODUCTS)[i % len(PRODUCTS)]
        name = PRODUCTS[pid][0]
        cues = (Cue(f"cue-stage-{i}", StageProduct(str(pid), name), Trigger.at_start(), CueMode.AUTO),
                Cue(f"cue-coupon-{i}", IssueCoupon(str(COUPON_TEMPLATE), 40, 20, "满100减5"),
                    Trigger.after(min(120, length // 4)), CueMode.AUTO),
                Cue(f"cue-flash-{i}", StartFlashSale(str(pid), str(pid * 10 + 1), PRODUCTS[pid][1] // 2, 30,
                                                     countdown_s=5, duration_s=min(600, length // 3),
                                                     product_name=name),
                    Trigger.after(min(300, length // 2)), CueMode.AUTO),
                Cue(f"cue-manual-{i}", StageProduct(str(pid), name), Trigger.at_end(), CueMode.MANUAL))
        product = FeaturedProduct(str(pid), name, 3000 if pid == 503 else None)
        out.append(Segment(f"seg-{i}", f"第{i + 1}段 {name}", length, products=(product,), cues=cues))
    return Show("长测专场", target_length_s=int(hours * 3600), segments=tuple(out), commission_bp=2000)


class InProcessShow:
    def __init__(self, folder: Path, clock: ManualClock, *, seed: int = 7, orders_per_s: float = 0.6) -> None:
        self.folder = folder
        self.clock = clock
        self.rng = random.Random(seed)
        self.orders_per_s = orders_per_s
        folder.mkdir(parents=True, exist_ok=True)
        self.studio = Studio(str(folder / "studio.sqlite"), clock=StudioClock(base=clock.now))
        tokens = self.studio.accounts.ensure_default_staff()
        for pid, (name, price) in PRODUCTS.items():
            self.studio.catalog.create_product(name, [{"id": pid * 10 + 1, "name": "默认", "price_fen": price,
                                                       "stock": 1_000_000}], product_id=pid)
        self.studio.coupons.create_template("满100减5", "threshold", 500, 10000, template_id=COUPON_TEMPLATE)
        self.room_id = self.studio.rooms.create("长测直播间")["id"]
        for pid in PRODUCTS:
            self.studio.shelf.add(self.room_id, pid)
        self.studio.rooms.start(self.room_id)
        self.viewers = [self.studio.accounts.join_as_viewer(f"观众{i}")["viewer_id"] for i in range(400)]
        self.http = httpx.AsyncClient(transport=httpx.ASGITransport(app=create_app(self.studio)),
                                      base_url="http://studio")
        self.platform = StudioPlatform("studio", Endpoint("http://studio", tokens["assistant"]), self.http)
        self.journal = ActionJournal(folder / "journal.sqlite", clock, console_id="test")
        self.room = LiveRoom(f"studio:{self.room_id}", [Binding(self.platform, str(self.room_id))], self.journal,
                             actor="场控")
        self.studio.store.listeners.append(self._studio_event)
        self.claims: list[tuple[int, int]] = []     # (claim id, viewer id) not used yet
        self.recorder: ShowRecorder | None = None
        self.runner: ShowRunner | None = None

    # ------------------------------------------------------------------ the console side

    def console(self) -> tuple[ShowRunner, ShowRecorder]:
        """A console's runner and recorder (again after a "crash": same files, same run)."""
        files = RunFiles(self.folder / "run.json", self.folder / "run.meta.json", self.folder / "rehearsal.json")
        self.runner = ShowRunner(files=files, clock=self.clock, room=lambda: self.room, actor=lambda: "场控",
                                 spawn=self._spawn, notices=Event())
        self.recorder = ShowRecorder(self.folder / "shows", self.clock)
        self.recorder.set_room(self.room)
        self.recorder.attach(runner=self.runner)
        return self.runner, self.recorder

    def _spawn(self, coro, **_kw) -> None:
        coro.close()   # the runner's tick loop and cue tasks: the test steps the engine itself

    async def load(self) -> None:
        await self.room.reload("studio")

    def _studio_event(self, room_id: int, event_type: str, data: dict) -> None:
        """What the room's event stream would deliver, delivered at once."""
        if room_id != self.room_id:
            return
        event = RoomEvent(0, event_type, str(room_id), self.clock.now(), self.platform._domain_data(event_type, data))
        aspect = self.room.state.apply(event)
        if aspect is not None and aspect is not Aspect.COMMENT:
            self.room._notify("studio", aspect, event)

    # ------------------------------------------------------------------ one second

    async def second(self) -> None:
        self.clock.advance(1.0)
        self.studio.flash_sales.advance()
        self.studio.coupons.expire()
        self._audience()
        self.studio.stats.emit(self.room_id)
        if self.runner is not None and self.runner.engine is not None:
            await self.runner.engine.step()
        if self.recorder is not None:
            self.recorder.tick()

    def _audience(self) -> None:
        rng, studio, room = self.rng, self.studio, self.room_id
        studio.stats.online[room] = 200 + int(100 * rng.random())
        studio.stats.add_likes(room, rng.randrange(5), rng.randrange(3), int(rng.random() < 0.05))
        if rng.random() < 0.5:
            vid = rng.choice(self.viewers)
            studio.comments.add_batch(room, [(vid, f"观众{vid}", "多少钱？")])
        stage = studio.rooms.get(room)["stage_product_id"]
        if rng.random() < self.orders_per_s:
            pid = int(stage) if stage and rng.random() < 0.7 else rng.choice(list(PRODUCTS))
            self._order(rng.choice(self.viewers), pid)
        for batch in studio.coupons.list_batches(room):
            if batch["state"] == "active" and rng.random() < 0.5:
                try:
                    vid = rng.choice(self.viewers)
                    self.claims.append((studio.coupons.claim(room, batch["id"], vid)["claim_id"], vid))
                except ApiError:
                    pass
        if self.claims and rng.random() < 0.2:
            claim, vid = self.claims.pop()
            self._order(vid, int(stage) if stage else 501, claim)
        for sale in studio.flash_sales.list_in_room(room):
            if sale["state"] == "live" and rng.random() < 0.6:
                try:
                    studio.flash_sales.buy(room, sale["id"], rng.choice(self.viewers), 1)
                except ApiError:
                    pass

    def _order(self, viewer: int, pid: int, claim: int | None = None) -> None:
        try:
            self.studio.orders.create(self.room_id, viewer, pid * 10 + 1, 1 + int(self.rng.random() < 0.2), claim)
        except ApiError:
            pass

    # ------------------------------------------------------------------ Studio's own totals

    def totals(self) -> dict:
        db = self.studio.store.db
        orders, gmv, buyers = db.execute("SELECT COUNT(*), COALESCE(SUM(amount_fen), 0), COUNT(DISTINCT viewer_id) "
                                         "FROM orders WHERE room_id = ?", (self.room_id,)).fetchone()
        claims = db.execute("SELECT COUNT(*) FROM coupon_claims c JOIN coupon_issues i ON i.id = c.issue_id "
                            "WHERE i.room_id = ?", (self.room_id,)).fetchone()[0]
        used, coupon_gmv = db.execute("SELECT COUNT(*), COALESCE(SUM(amount_fen), 0) FROM orders WHERE room_id = ? "
                                      "AND coupon_claim_id IS NOT NULL", (self.room_id,)).fetchone()
        issued = db.execute("SELECT COALESCE(SUM(quantity), 0) FROM coupon_issues WHERE room_id = ?",
                            (self.room_id,)).fetchone()[0]
        per_product = {str(r[0]): r[1] for r in db.execute(
            "SELECT product_id, SUM(amount_fen) FROM orders WHERE room_id = ? GROUP BY product_id", (self.room_id,))}
        return {"orders": orders, "gmv_fen": gmv, "buyers": buyers, "coupon_claims": claims, "coupon_uses": used,
                "coupon_gmv_fen": coupon_gmv, "coupons_issued": issued, "per_product_gmv": per_product}

    async def close(self) -> None:
        if self.recorder is not None:
            self.recorder.close()
        await self.http.aclose()
        self.journal.close()
        self.studio.store.close()


def with_rate(show: Show, product_id: str, bp: int) -> Show:
    """The show with a commission rate on one product (in its first segment)."""
    segs = []
    for seg in show.segments:
        segs.append(replace(seg, products=tuple(replace(p, commission_bp=bp) if p.id == product_id else p
                                                for p in seg.products)))
    return replace(show, segments=tuple(segs))


async def run_show(h: InProcessShow, show: Show, *, deviations: tuple[int, ...] = (60, -45, 0, 30),
                   stop_after_s: int | None = None) -> None:
    """Run `show` live to its end, the assistant pressing Next at each segment's planned end moved
    by a deviation in turn (over, under…); stops early (a "crash") after `stop_after_s` seconds."""
    from anchor_console.show.showfile_writer import save_show

    runner = h.runner
    if runner.engine is None:
        path = h.folder / "show.toml"
        save_show(show, path)
        runner.set_show(show, path)
        assert runner.start()
    elapsed = int(h.clock.now() - runner.engine.started_at)
    for i, seg in enumerate(show.segments):
        done_before = sum(s.duration_s + deviations[k % len(deviations)] for k, s in enumerate(show.segments[:i]))
        end = done_before + seg.duration_s + deviations[i % len(deviations)]
        while elapsed < end:
            if stop_after_s is not None and elapsed >= stop_after_s:
                return
            await h.second()
            elapsed += 1
        if i + 1 < len(show.segments) and runner.engine.current_id == seg.id:
            runner.next()
    runner.end()
