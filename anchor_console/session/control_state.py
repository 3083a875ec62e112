"""The console's state as the local control API shows it — a small JSON document for Stream Deck
keys and scripts — and the hub that pushes it to the state stream's subscribers.

`state_of(session, last)` reads the session: the segment and its countdown, the cue waiting for
GO, the stage, the shelf with its stock, the armed flash sale, running sales, the room's mute, open
lucky bags, the money command awaiting its second press and the last action's answer. `StateHub` listens to the session's events (room,
show snapshots, arming, actions, API answers), recomputes the document once per loop turn after a
change and wakes the subscribers only when it differs; each subscriber sends at most
`MAX_RATE_HZ` frames in any second (a change after a quiet moment at once, a busy stream's
changes gathered). `ASYNCAPI` describes
the stream's frames."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import time
from typing import Any, Callable

from anchor_console.domain.events import Subscription, unsubscribe_all
from anchor_console.domain.models import FlashSaleState
from anchor_console.room.room_state import Aspect
from anchor_console.domain.clock import countdown_seconds
from anchor_console.session.settings import CONTROL_API_PORT

MAX_RATE_HZ = 10                 # never more frames in any second: BURST + REFILL_HZ × 1 s
BURST, REFILL_HZ = 3, 7
_QUIET_ASPECTS = {Aspect.COMMENT, Aspect.VIEWER, Aspect.STATS, Aspect.STREAM}   # not in the document


def _stage(room) -> dict | None:
    if room is None or room.state.stage_product_id is None:
        return None
    pid = room.state.stage_product_id
    for n, item in enumerate(room.state.shelf, 1):
        if item.product_id == pid:
            return {"n": n, "product_id": pid, "name": item.product.name}
    return {"n": None, "product_id": pid, "name": None}


def _shelf(room) -> list[dict]:
    if room is None:
        return []
    return [{"n": n, "product_id": it.product_id, "name": it.product.name, "on_sale": it.on_sale,
             "on_stage": it.on_stage, "stock": room.stock_of(it), "sold": it.sold}   # None: no platform says
            for n, it in enumerate(room.state.shelf, 1)]


def _show(session) -> dict:
    engine = session.show.engine
    snap = engine.snapshot() if engine is not None else None
    if snap is None:
        return {"phase": None, "segment": None, "next_segment": None, "countdown_s": None, "go": None}
    segment = None
    if snap.current is not None:
        index = next((i for i, s in enumerate(snap.segments, 1) if s.segment_id == snap.current.segment_id), None)
        segment = {"id": snap.current.segment_id, "title": snap.current.title, "n": index,
                   "of": len(snap.segments), "status": snap.status.value,
                   "elapsed_s": int(snap.elapsed_s or 0)}
    go = None
    if snap.awaiting:
        cue = snap.awaiting[0]
        go = {"cue_id": cue.cue_id, "cue": session.translate(cue.description), "waiting": len(snap.awaiting)}
    countdown = None if snap.remaining_s is None else countdown_seconds(snap.remaining_s)   # as the panels show it
    return {"phase": snap.phase.value, "segment": segment, "next_segment": snap.next.title if snap.next else None,
            "countdown_s": countdown, "go": go}


def _sales(session, room) -> tuple[dict | None, list[dict]]:
    armed = session.flash_sale.armed
    armed_json = None
    if armed is not None:
        item = room.state.shelf_item(armed.product_id) if room is not None else None
        armed_json = {**dataclasses.asdict(armed), "name": item.product.name if item else None}
    running = []
    if room is not None:
        for state in room.states.values():
            for sale in state.flash_sales.values():
                if sale.state in (FlashSaleState.COUNTDOWN, FlashSaleState.LIVE):
                    running.append({"id": sale.id, "product_id": sale.product_id, "state": sale.state.value,
                                    "stock": sale.stock, "sold": sale.sold, "left": max(0, sale.stock - sale.sold),
                                    "starts_at": sale.starts_at, "ends_at": sale.ends_at})
    return armed_json, running


def state_of(session, last, awaiting: dict | None = None) -> dict:
    """The document (no secrets, no personal data beyond product names)."""
    room = session.room
    armed, running = _sales(session, room)
    return {
        "connected": room is not None and room.state.loaded,
        "room": None if room is None or room.state.room is None else {
            "title": room.state.room.title, "status": room.state.room.status.value,
            "muted": room.state.room.mute_all, "slow_mode_s": room.state.room.chat.slow_mode_s,
            "followers_only_min": room.state.room.chat.followers_only_min, "shield": room.state.room.chat.shield},
        **_show(session),
        "stage": _stage(room),
        "shelf": _shelf(room),
        "armed_sale": armed,
        "flash_sales": running,
        "lucky_bags": [{"bag": b.local_id, "prize": b.setup.prize, "state": b.state, "entrants": b.entrant_count,
                        "draw_at": b.due_at} for b in session.giveaways.open_bags()],
        "confirm_money": session.settings.confirm_money_actions,
        "awaiting_confirm": awaiting,
        "last_action": last.to_json(session.translate) if last is not None else None,
    }


class StateHub:
    """The current document and who is waiting for its next version."""

    def __init__(self, session, last: Callable[[], Any], awaiting: Callable[[], dict | None] = lambda: None, *,
                 monotonic: Callable[[], float] = time.monotonic, sleep=asyncio.sleep) -> None:
        self.session = session
        self._last, self._awaiting = last, awaiting
        self._monotonic, self._sleep = monotonic, sleep   # tests: a clock of their own
        self.state: dict = state_of(session, None)
        self._text = json.dumps(self.state, sort_keys=True)
        self.version = 0
        self.changed_at = monotonic()          # when the current version was made
        self._subscribers: set[asyncio.Event] = set()
        self._scheduled = False
        self._unfollow: list[Callable[[], None]] = []
        self._room_heard = Subscription()

    def follow(self) -> None:
        s = self.session
        self._unfollow = [s.room_changed.connect(self._room), s.show.snapshot.connect(lambda _snap: self.mark()),
                          s.flash_sale.changed.connect(lambda *_: self.mark()),
                          s.actions.finished.connect(lambda *_: self.mark()),
                          s.giveaways.changed.connect(lambda *_: self.mark())]
        self._room(s.room)

    def close(self) -> None:
        unsubscribe_all(self._unfollow)
        self._room_heard.stop()
        for event in self._subscribers:
            event.set()

    def _room(self, room) -> None:
        self._room_heard.follow(room.changed if room is not None else None,
                                lambda _c, aspect, _e: None if aspect in _QUIET_ASPECTS else self.mark())
        self.mark()

    def mark(self) -> None:
        """Something may have changed: recompute once this loop turn is over."""
        if self._scheduled:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        self._scheduled = True
        loop.call_soon(self._recompute)

    def _recompute(self) -> None:
        self._scheduled = False
        state = state_of(self.session, self._last(), self._awaiting())
        text = json.dumps(state, sort_keys=True)
        if text == self._text:
            return
        self.state, self._text = state, text
        self.version += 1
        self.changed_at = self._monotonic()
        for event in self._subscribers:
            event.set()

    def current(self) -> dict:
        """The document now (recomputed: a GET between changes is exact)."""
        self._recompute()
        return self.state

    async def frames(self, closed: Callable[[], bool]):
        """Frames for one subscriber: a snapshot first, then the document whenever it changed,
        until `closed()`. Rate: a bucket of BURST frames refilled at REFILL_HZ, so a change after a
        quiet moment goes out at once (a press's answer and the room's echo of it, a few ms apart,
        are two frames, not one held back) and no second ever carries more than MAX_RATE_HZ frames."""
        wake = asyncio.Event()
        self._subscribers.add(wake)
        try:
            sent = self.version
            yield {"type": "snapshot", "version": sent, "state": self.current()}
            tokens, filled_at = float(BURST - 1), self._monotonic()
            while not closed():
                await wake.wait()
                wake.clear()
                if closed():
                    return
                now = self._monotonic()
                tokens, filled_at = min(float(BURST), tokens + (now - filled_at) * REFILL_HZ), now
                if tokens < 1:
                    await self._sleep((1 - tokens) / REFILL_HZ)   # what changes meanwhile goes in this frame
                    wake.clear()
                    now = self._monotonic()
                    tokens, filled_at = min(float(BURST), tokens + (now - filled_at) * REFILL_HZ), now
                if self.version == sent:
                    continue
                tokens -= 1
                sent = self.version
                yield {"type": "state", "version": sent, "state": self.state}
        finally:
            self._subscribers.discard(wake)


ASYNCAPI: dict = {
    "asyncapi": "2.6.0",
    "info": {"title": "Anchor Console state stream", "version": "1",
             "description": "The console's state, pushed on change (at most 10 frames a second). The first frame "
                            "is a full snapshot; every later frame is the full document again, so a client keeps "
                            "only the last one. Authenticate with ?token=… or an 'Authorization: Bearer …' header; "
                            "without it, or with an Origin header (a web page's), the handshake is refused "
                            "(HTTP 403)."},
    "servers": {"local": {"url": "127.0.0.1:{port}", "protocol": "ws",
                          "variables": {"port": {"default": str(CONTROL_API_PORT)}}}},
    "channels": {"/api/v1/state/stream": {"subscribe": {"message": {"oneOf": [
        {"$ref": "#/components/messages/snapshot"}, {"$ref": "#/components/messages/state"}]}}}},
    "components": {
        "messages": {
            "snapshot": {"payload": {"$ref": "#/components/schemas/frame"},
                         "summary": "Sent once, on connect: type = 'snapshot'."},
            "state": {"payload": {"$ref": "#/components/schemas/frame"},
                      "summary": "Sent when the document changed: type = 'state'."},
        },
        "schemas": {
            "frame": {"type": "object", "required": ["type", "version", "state"], "properties": {
                "type": {"type": "string", "enum": ["snapshot", "state"]},
                "version": {"type": "integer", "description": "Grows by one with each change."},
                "state": {"$ref": "#/components/schemas/state"}}},
            "state": {"type": "object", "properties": {
                "connected": {"type": "boolean"},
                "room": {"type": ["object", "null"], "description": "title, status (scheduled/live/ended), muted, "
                                                                   "slow_mode_s (0: off), followers_only_min (null: "
                                                                   "off), shield"},
                "phase": {"type": ["string", "null"], "enum": ["ready", "live", "ended", None]},
                "segment": {"type": ["object", "null"],
                            "description": "id, title, n (1-based), of, status (normal/warning/overrun), elapsed_s"},
                "next_segment": {"type": ["string", "null"]},
                "countdown_s": {"type": ["integer", "null"],
                                "description": "Seconds left in the segment; negative when overrunning."},
                "go": {"type": ["object", "null"], "description": "The cue waiting for GO: cue_id, cue, waiting"},
                "stage": {"type": ["object", "null"], "description": "n (1-based shelf position), product_id, name"},
                "shelf": {"type": "array", "description": "n, product_id, name, on_sale, on_stage, stock, sold"},
                "armed_sale": {"type": ["object", "null"],
                               "description": "The armed flash sale's fields (product_id, sku_id, sale_price_fen, "
                                              "stock, per_buyer_limit, countdown_s, duration_s, name)"},
                "flash_sales": {"type": "array", "description": "Running sales: id, product_id, state (countdown/live), "
                                                               "stock, sold, left, starts_at, ends_at (Unix seconds)"},
                "lucky_bags": {"type": "array", "description": "Open bags: bag, prize, state, entrants, draw_at"},
                "confirm_money": {"type": "boolean",
                                  "description": "While true, a money command's first press is answered 428 and "
                                                 "sends nothing; the same command again (at least 0.4 s and at "
                                                 "most 5 s later) or its confirm_id sends it."},
                "awaiting_confirm": {"type": ["object", "null"],
                                     "description": "The money command awaiting its second press: command, until "
                                                    "(Unix seconds); null when none"},
                "last_action": {"type": ["object", "null"],
                                "description": "The last command's answer (as POST /api/v1/commands/… returns it)"},
            }},
        },
    },
}
