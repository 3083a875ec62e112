"""The simulated audience inside Studio: viewers join and leave, comment at 1–5,000 a second
from a realistic mix, like, claim coupons and buy — following what is on stage, with bursts
when a coupon or a flash sale goes out — enter lucky bags (commenting the keyword, following) and
grab red packets. It can also replay a recorded comment log, and (when `reserving`) reserves
reminders for planned lives (预约), more often as their start nears.

The audience acts through the same services as the HTTP API (so stock, limits, mutes, bans and
the room's chat modes apply to it), in batches per tick so thousands of comments a second stay
cheap. Under slow mode a viewer's comments within the wait are refused, so the room's rate falls;
under followers-only chat or shield mode a share of the viewers (WILLING_TO_FOLLOW) follow the shop
when refused, and comment once they have followed long enough; the rest stay silent. It remembers
what it meant each generated comment as (question, spam, flood… — `GroundTruth`), for staff who
measure moderation against it; viewers and the comment API never see that."""

from __future__ import annotations

import array
import asyncio
import bisect
import collections
import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from anchor_console.studio.comment_log import CommentLog
from anchor_console.studio.errors import ApiError
from anchor_console.studio.services import Studio
from anchor_console.studio.services.chat_modes import ChatModes

log = logging.getLogger("anchor_console.studio.audience")

TICK_S = 0.02
TRUTH_LIMIT = 2_000_000   # generated comments whose kind is remembered per room (~9 bytes each)
POOL_SIZE = 100_000       # simulated viewer accounts per room, reused as people come and go
POOL_GROWTH = 5000        # accounts created per step at most (a big room fills in seconds, Studio never stalls)
# Reservations of a planned live, per second: a trickle days ahead, ten times that on its last day
# (a plan shared the evening before fills up the afternoon of the show).
RESERVE_PER_S_AHEAD = 0.03
RESERVE_LAST_DAY_FACTOR = 10.0
# Under followers-only chat or shield mode, the share of viewers who follow the shop so they can
# comment (each decides at their first refusal), and at most how many follow a tick (one small
# transaction).
WILLING_TO_FOLLOW = 0.4
FOLLOWS_PER_TICK = 20


class GroundTruth:
    """Comment id → the kind the audience generated it as, for the newest TRUTH_LIMIT comments.
    Ids only grow, so two compact arrays and a binary search do."""

    def __init__(self, limit: int = TRUTH_LIMIT) -> None:
        from anchor_console.studio.comment_corpus import KINDS

        self.kinds = KINDS
        self._code = {k: i for i, k in enumerate(KINDS)}
        self.limit = limit
        self.ids = array.array("q")
        self.codes = bytearray()

    def __len__(self) -> int:
        return len(self.ids)

    def record(self, comment_ids: list[int], kinds: list[str]) -> None:
        self.ids.extend(comment_ids)
        self.codes.extend(self._code[k] for k in kinds)
        if len(self.ids) > self.limit:
            drop = len(self.ids) - self.limit * 3 // 4   # trim rarely, not on every batch
            del self.ids[:drop]
            del self.codes[:drop]

    def since(self, after_id: int, limit: int) -> list[tuple[int, str]]:
        start = bisect.bisect_right(self.ids, after_id)
        return [(self.ids[i], self.kinds[self.codes[i]]) for i in range(start, min(start + limit, len(self.ids)))]


@dataclass
class Replay:
    items: list[tuple[float, str, str]]      # (offset s, nickname, text), sorted
    speed: float
    started: float
    position: int = 0


@dataclass
class RoomAudience:
    room_id: int
    enabled: bool = False
    comments_per_s: float = 10.0
    viewers: int = 300
    pool: list[tuple[int, str]] = field(default_factory=list)
    online: list[int] = field(default_factory=list)          # indexes into pool
    carry: float = 0.0
    floods: collections.deque = field(default_factory=collections.deque)  # [viewer idx, text, left, kind]
    stage: dict | None = None
    coupon_claims: list[list] = field(default_factory=list)  # [issue id, claims left, until]
    flash_buys: list[list] = field(default_factory=list)     # [sale id, attempts left, until]
    lucky_bags: list[list] = field(default_factory=list)     # [bag id, rule, keyword, entries left, until]
    red_packets: list[list] = field(default_factory=list)    # [packet id, claims left, until]
    replay: Replay | None = None
    replay_viewers: dict[str, int] = field(default_factory=dict)
    last_stats: float = 0.0
    willing_to_follow: dict[int, bool] = field(default_factory=dict)   # viewer id -> follows if refused
    truth: GroundTruth = field(default_factory=GroundTruth)


class Audience:
    def __init__(self, studio: Studio, rng: random.Random | None = None, corpus=None) -> None:
        self.studio = studio
        self.rng = rng or random.Random()
        if corpus is None:
            from anchor_console.studio.comment_corpus import CommentCorpus

            corpus = CommentCorpus(self.rng)
        self.corpus = corpus
        self.rooms: dict[int, RoomAudience] = {}
        self.reserving = False                       # reserve planned lives (off: counts stay as set)
        self._reserve_carry: dict[int, float] = {}
        studio.store.listeners.append(self._on_event)

    # ------------------------------------------------------------------ control (HTTP API)

    def room(self, room_id: int) -> RoomAudience:
        aud = self.rooms.get(room_id)
        if aud is None:
            aud = self.rooms[room_id] = RoomAudience(room_id)
            self._refresh_stage(aud)
        return aud

    def settings(self, room_id: int) -> dict:
        aud = self.room(room_id)
        return {"enabled": aud.enabled, "comments_per_s": aud.comments_per_s, "viewers": aud.viewers,
                "online": len(aud.online), "replaying": aud.replay is not None,
                "replay_progress": (aud.replay.position / max(1, len(aud.replay.items))) if aud.replay else None}

    def configure(self, room_id: int, *, enabled: bool | None = None, comments_per_s: float | None = None,
                  viewers: int | None = None) -> dict:
        aud = self.room(room_id)
        if enabled is not None:
            aud.enabled = enabled
        if comments_per_s is not None:
            aud.comments_per_s = comments_per_s
        if viewers is not None:
            aud.viewers = viewers
        return self.settings(room_id)

    def ground_truth(self, room_id: int, after_id: int, limit: int) -> dict:
        """What the audience generated each comment after `after_id` as (replayed comments are not
        included: their kind is unknown)."""
        items = self.room(room_id).truth.since(after_id, limit)
        return {"items": [{"id": cid, "kind": kind} for cid, kind in items],
                "next_after_id": items[-1][0] if items else after_id}

    def start_replay(self, room_id: int, comments: CommentLog, speed: float) -> dict:
        aud = self.room(room_id)
        aud.replay = Replay(comments.items, speed, time.monotonic())
        return {"comments": len(comments.items), "duration_s": comments.duration_s / speed, "speed": speed}

    def stop_replay(self, room_id: int) -> dict:
        aud = self.room(room_id)
        aud.replay = None
        return self.settings(room_id)

    # ------------------------------------------------------------------ reacting to the room

    def _on_event(self, room_id: int, event_type: str, data: dict) -> None:
        aud = self.rooms.get(room_id)
        if aud is None:
            return
        now = time.monotonic()
        if event_type in ("stage.changed", "shelf.changed", "product.updated"):
            self._refresh_stage(aud)
        elif event_type == "coupon.issued":
            c = data["coupon"]
            # Most of the room grabs a coupon when it drops: a burst over ~20 s.
            wanted = min(c["quantity"], max(5, int(len(aud.online) * self.rng.uniform(0.3, 0.7))))
            aud.coupon_claims.append([c["id"], wanted, now + 20.0])
        elif event_type == "flash_sale.updated":
            sale = data["flash_sale"]
            if sale["state"] == "live" and not any(b[0] == sale["id"] for b in aud.flash_buys):
                attempts = max(sale["stock"] * 3, int(len(aud.online) * 0.5))
                aud.flash_buys.append([sale["id"], attempts, now + 15.0])
        elif event_type == "lucky_bag.started":
            bag = data["lucky_bag"]
            # Most of the room wants a free prize: half to nine tenths try, most in the first seconds.
            wanted = max(3, int(len(aud.online) * self.rng.uniform(0.5, 0.9)))
            aud.lucky_bags.append([bag["id"], bag["rule"], bag["keyword"], wanted,
                                   now + max(1.0, bag["countdown_s"] / max(self.studio.store.clock.speed, 0.01))])
        elif event_type in ("lucky_bag.closed", "lucky_bag.drawn"):
            aud.lucky_bags = [b for b in aud.lucky_bags if b[0] != data["lucky_bag"]["id"]]
        elif event_type == "red_packet.sent":
            packet = data["red_packet"]
            aud.red_packets.append([packet["id"], min(packet["count"], max(3, int(len(aud.online) * 0.8))),
                                    now + 10.0])

    def _refresh_stage(self, aud: RoomAudience) -> None:
        try:
            room = self.studio.rooms.get(aud.room_id)
            pid = room["stage_product_id"]
            aud.stage = self.studio.catalog.product(pid) if pid else None
        except ApiError:
            aud.stage = None

    # ------------------------------------------------------------------ the loop

    async def run(self) -> None:
        last = time.monotonic()
        while True:
            await asyncio.sleep(TICK_S)
            now = time.monotonic()
            dt, last = min(now - last, 0.5), now
            for aud in list(self.rooms.values()):
                try:
                    self.step(aud, dt, now)
                except Exception:  # the simulator must never take the server down
                    log.exception("audience step failed for room %s", aud.room_id)
            if self.reserving:
                try:
                    self.reserve_step(dt)
                except Exception:
                    log.exception("audience reservations failed")

    def reserve_step(self, dt: float) -> int:
        """New viewers reserve the planned lives not started yet; returns how many reserved."""
        now, made = self.studio.store.clock.now(), 0
        for room_id, starts_at in self.studio.plans.upcoming():
            ahead = max(0.0, starts_at - now)
            rate = RESERVE_PER_S_AHEAD * (RESERVE_LAST_DAY_FACTOR if ahead < 86400 else 1.0)
            carry = self._reserve_carry.get(room_id, 0.0) + rate * dt * self.rng.uniform(0.5, 1.5)
            n, self._reserve_carry[room_id] = int(carry), carry - int(carry)
            if n:
                ids = self.studio.accounts.create_viewers([self.corpus.nickname() for _ in range(n)])
                self.studio.plans.reserve(room_id, ids)
                made += n
        return made

    def step(self, aud: RoomAudience, dt: float, now: float) -> None:
        if not aud.enabled and aud.replay is None and aud.room_id in self.studio.stats.online:
            return   # a paused audience whose count is shown changes nothing: no need to read the room each tick
        room = self.studio.rooms.get(aud.room_id)
        if room["status"] != "live":
            return
        chat = ChatModes.of(room)
        if aud.replay is not None:
            self._replay_step(aud, now, room["mute_all"], chat)
        if not aud.enabled:
            self.studio.stats.online[aud.room_id] = len(aud.online)
            return
        self._drift_online(aud, dt)
        self._comment(aud, dt, room["mute_all"], chat)
        self._shop(aud, dt, now)
        self._giveaways(aud, dt, now, room["mute_all"], chat)

    def _allowed(self, aud: RoomAudience, viewer_ids: list[int], room_muted: bool, chat: ChatModes) -> list[int]:
        """Which of these would-be comments (their authors, in order) the room takes — the API's check.
        Some of those refused by followers-only or shield follow the shop (then wait their time)."""
        refusals = self.studio.moderation.comment_refusals(aud.room_id, viewer_ids, room_muted, chat)
        want_to_follow: list[int] = []
        for viewer_id, code in zip(viewer_ids, refusals):
            if code in ("followers_only", "shield_mode"):
                willing = aud.willing_to_follow.get(viewer_id)
                if willing is None:
                    willing = aud.willing_to_follow[viewer_id] = self.rng.random() < WILLING_TO_FOLLOW
                if willing and viewer_id not in want_to_follow:
                    want_to_follow.append(viewer_id)
        if want_to_follow:
            self.studio.lucky_bags.follow_many(aud.room_id, want_to_follow[:FOLLOWS_PER_TICK])
        return [i for i, code in enumerate(refusals) if code is None]

    def _ensure_pool(self, aud: RoomAudience, size: int) -> None:
        missing = min(size, POOL_SIZE, len(aud.pool) + POOL_GROWTH) - len(aud.pool)
        if missing > 0:
            names = [self.corpus.nickname() for _ in range(missing)]
            ids = self.studio.accounts.create_viewers(names)
            aud.pool.extend(zip(ids, names))

    def _drift_online(self, aud: RoomAudience, dt: float) -> None:
        target = min(aud.viewers, POOL_SIZE)
        self._ensure_pool(aud, target)
        joins = leaves = 0
        # People trickle in and out; the count drifts towards the target.
        gap = target - len(aud.online)
        churn = max(1.0, len(aud.online) * 0.01) * dt
        if gap > 0:
            joins = min(gap, int(max(1.0, gap * 0.5 * dt * 10)))
        elif gap < 0:
            leaves = min(-gap, int(max(1.0, -gap * 0.5 * dt * 10)))
        if self.rng.random() < churn:
            joins += 1
            leaves += 1
        online = set(aud.online)
        for _ in range(min(leaves, len(aud.online))):
            idx = aud.online.pop(self.rng.randrange(len(aud.online)))
            online.discard(idx)
        free = [i for i in range(len(aud.pool)) if i not in online] if joins else []
        for idx in self.rng.sample(free, min(joins, len(free))):
            aud.online.append(idx)
        likes = sum(1 for _ in range(min(50, len(aud.online))) if self.rng.random() < 0.4 * dt)
        follows = sum(1 for _ in range(joins) if self.rng.random() < 0.05)   # about one newcomer in twenty
        if joins or likes:
            self.studio.stats.add_likes(aud.room_id, likes, joins, follows)
        self.studio.stats.online[aud.room_id] = len(aud.online)

    def _context(self, aud: RoomAudience) -> dict:
        st = aud.stage
        return {"product_name": st["name"] if st else None,
                "sku_names": [s["name"] for s in st["skus"]] if st else [],
                "price_fen": st["price_fen"] if st else None,
                "coupon_running": bool(aud.coupon_claims), "flash_sale_running": bool(aud.flash_buys)}

    def _comment(self, aud: RoomAudience, dt: float, room_muted: bool, chat: ChatModes = ChatModes()) -> None:
        if not aud.online:
            return
        aud.carry += aud.comments_per_s * dt
        n, aud.carry = int(aud.carry), aud.carry - int(aud.carry)
        if n <= 0:
            return
        ctx = self._context(aud)
        batch: list[tuple[int, str, str]] = []
        kinds: list[str] = []
        # A flooder repeats one message over the following ticks.
        for _ in range(min(len(aud.floods), max(1, n // 10))):
            flood = aud.floods[0]
            vid, nick = aud.pool[flood[0]]
            batch.append((vid, nick, flood[1]))
            kinds.append(flood[3])
            flood[2] -= 1
            if flood[2] <= 0:
                aud.floods.popleft()
            else:
                aud.floods.rotate(-1)
        while len(batch) < n:
            idx = aud.online[self.rng.randrange(len(aud.online))]
            vid, nick = aud.pool[idx]
            draw = self.corpus.draw(ctx)
            if draw.repeat > 1 and len(aud.floods) < 50:
                aud.floods.append([idx, draw.text, draw.repeat - 1, draw.kind])
            batch.append((vid, nick, draw.text))
            kinds.append(draw.kind)
        allowed = self._allowed(aud, [b[0] for b in batch], room_muted, chat)
        created = self.studio.comments.add_batch(aud.room_id, [batch[i] for i in allowed])
        aud.truth.record([c["id"] for c in created], [kinds[i] for i in allowed])

    def _shop(self, aud: RoomAudience, dt: float, now: float) -> None:
        rng, studio, room_id = self.rng, self.studio, aud.room_id
        online = len(aud.online)
        if not online:
            return
        # Orders follow the stage: the explained product sells, the rest of the shelf trickles.
        if aud.stage and rng.random() < min(0.8, 0.002 * online * dt * 10):
            self._buy(aud, aud.stage)
        elif rng.random() < 0.0003 * online * dt * 10:
            shelf = [it for it in studio.shelf.items(room_id) if it["on_sale"]]
            if shelf:
                self._buy(aud, rng.choice(shelf)["product"])

        def claim(issue_id: int, vid: int) -> None:
            claimed = studio.coupons.claim(room_id, issue_id, vid)
            if aud.stage and rng.random() < 0.4:
                self._buy(aud, aud.stage, viewer_id=vid, claim_id=claimed["claim_id"])

        self._drain(aud, aud.coupon_claims, now, lambda left: min(left, max(1, int(left * dt * 4))
                                                                 if rng.random() < 0.9 else 0),
                    claim, over=("coupon_exhausted", "coupon_unavailable", "room_not_live"))
        self._drain(aud, aud.flash_buys, now, lambda left: min(left, max(1, int(left * dt * 3))),
                    lambda sale_id, vid: studio.flash_sales.buy(room_id, sale_id, vid, 1),
                    over=("sold_out", "flash_sale_ended", "room_not_live"))

    def _drain(self, aud: RoomAudience, bursts: list, now: float, share: Callable[[int], int],
               act: Callable[[int, int], object], *, over: tuple[str, ...]) -> None:
        """Each burst `[target id, left, until]` acts `share(left)` times this tick, each time as a
        random online viewer; a refusal whose code is in `over` ends it, as does its time running out."""
        for burst in list(bursts):
            target, left, until = burst
            k = share(left)
            for _ in range(k):
                vid = aud.pool[aud.online[self.rng.randrange(len(aud.online))]][0]
                try:
                    act(target, vid)
                except ApiError as exc:
                    if exc.code in over:
                        burst[1] = 0
                        break
            burst[1] -= k
            if burst[1] <= 0 or now > until:
                bursts.remove(burst)

    def _giveaways(self, aud: RoomAudience, dt: float, now: float, room_muted: bool,
                   chat: ChatModes = ChatModes()) -> None:
        """Viewers enter open lucky bags (comment the keyword — a burst that fades — or follow and
        enter) and grab red packets."""
        rng, studio, room_id = self.rng, self.studio, aud.room_id
        if not aud.online:
            return
        for bag in list(aud.lucky_bags):
            bag_id, rule, keyword, left, until = bag
            # A third of those still to come act each second: many at once, then a tail.
            k = min(left, max(1, int(left * dt / 3)) if rng.random() < 0.9 else 0)
            bag[3] -= k
            people = [aud.pool[aud.online[rng.randrange(len(aud.online))]] for _ in range(k)]
            if rule == "keyword":
                allowed = self._allowed(aud, [vid for vid, _nick in people], room_muted, chat)
                studio.comments.add_batch(room_id, [(people[i][0], people[i][1], keyword) for i in allowed])
            else:
                for vid, _nick in people:
                    if rule in ("follow", "fan_club") and rng.random() < 0.7:
                        (studio.lucky_bags.join_fan_club if rule == "fan_club" else studio.lucky_bags.follow)(
                            room_id, vid)
                    try:
                        studio.lucky_bags.enter(room_id, bag_id, vid)
                    except ApiError as exc:
                        if exc.code in ("lucky_bag_closed", "room_not_live"):
                            bag[3] = 0
                            break
            if bag[3] <= 0 or now > until:
                aud.lucky_bags.remove(bag)
        for packet in list(aud.red_packets):
            packet_id, left, until = packet
            k = min(left, max(1, int(left * dt * 4)))
            for _ in range(k):
                vid = aud.pool[aud.online[rng.randrange(len(aud.online))]][0]
                try:
                    studio.red_packets.claim(room_id, packet_id, vid)
                    packet[1] -= 1   # only a claim that went through: a viewer who already has a share tries no more
                except ApiError as exc:
                    if exc.code in ("red_packet_empty", "red_packet_expired", "room_not_live"):
                        packet[1] = 0
                        break
            if packet[1] <= 0 or now > until:
                aud.red_packets.remove(packet)

    def _buy(self, aud: RoomAudience, product: dict, *, viewer_id: int | None = None,
             claim_id: int | None = None) -> None:
        skus = [s for s in product["skus"] if s["stock"] > 0]
        if not skus:
            return
        vid = viewer_id or aud.pool[aud.online[self.rng.randrange(len(aud.online))]][0]
        try:
            self.studio.orders.create(aud.room_id, vid, self.rng.choice(skus)["id"],
                                      1 if self.rng.random() < 0.85 else 2, claim_id)
        except ApiError:
            if claim_id is not None:  # threshold not reached etc.: buy without the coupon
                try:
                    self.studio.orders.create(aud.room_id, vid, self.rng.choice(skus)["id"], 1)
                except ApiError:
                    pass

    def _replay_step(self, aud: RoomAudience, now: float, room_muted: bool, chat: ChatModes = ChatModes()) -> None:
        rp = aud.replay
        elapsed = (now - rp.started) * rp.speed
        batch = []
        while rp.position < len(rp.items) and rp.items[rp.position][0] <= elapsed and len(batch) < 5000:
            _, nick, text = rp.items[rp.position]
            rp.position += 1
            vid = aud.replay_viewers.get(nick)
            if vid is None:
                vid = aud.replay_viewers[nick] = self.studio.accounts.create_viewers([nick])[0]
            batch.append((vid, nick, text))
        # A recorded log is replayed as it was said: nobody follows to get through a mode.
        refusals = self.studio.moderation.comment_refusals(aud.room_id, [b[0] for b in batch], room_muted, chat)
        self.studio.comments.add_batch(aud.room_id, [b for b, code in zip(batch, refusals) if code is None])
        if rp.position >= len(rp.items):
            aud.replay = None
