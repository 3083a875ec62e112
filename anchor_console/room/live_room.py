"""A live room as the console operates it: bound to one or more platform connections (a show sold
through WeChat mini-program live and WeChat Channels at once, say), kept current from their event
streams, and the single place actions go through.

Every action is journalled before it leaves, goes to every bound connection that supports it,
and each connection's result is journalled separately. A second identical action while the
first is still in flight joins the first (a double click never fires twice); a retry or a
reconciliation resends with the stored idempotency keys."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import enum
import json
import logging
import random
from dataclasses import dataclass
from typing import Any, Awaitable, Callable

from anchor_console.domain.capabilities import Capability
from anchor_console.domain.models import Comment
from anchor_console.domain.text import QT_TRANSLATE_NOOP, Text
from anchor_console.platforms.base import FlashSaleSpec, Platform, StreamStatus
from anchor_console.platforms.errors import AuthFailed, NotPermitted, NotSupported, PlatformError
from anchor_console.room.journal import (
    CONFIRMED,
    FAILED,
    PENDING,
    UNKNOWN,
    ActionJournal,
    JournalEntry,
    Target,
)
from anchor_console.room.room_state import Aspect, RoomState
from anchor_console.tasks import cancel_and_wait

log = logging.getLogger("anchor_console.room")
C = Capability
Call = Callable[[Platform, str, dict, str], Awaitable[Any]]


@dataclass(frozen=True, slots=True)
class ActionKind:
    capability: Capability
    money: bool
    call: Call
    per_connection: bool = False   # acts on something that exists on one connection only (a comment)


def _spec(params: dict) -> FlashSaleSpec:
    return FlashSaleSpec(**params["spec"])


ACTIONS: dict[str, ActionKind] = {
    "start_room": ActionKind(C.ROOMS, False, lambda p, r, a, k: p.start_room(r, key=k)),
    "end_room": ActionKind(C.ROOMS, False, lambda p, r, a, k: p.end_room(r, key=k)),
    "add_to_shelf": ActionKind(C.SHELF, False, lambda p, r, a, k: p.add_to_shelf(r, a["product_id"], key=k)),
    "remove_from_shelf": ActionKind(C.SHELF, False,
                                    lambda p, r, a, k: p.remove_from_shelf(r, a["product_id"], key=k)),
    "reorder_shelf": ActionKind(C.SORT, False, lambda p, r, a, k: p.reorder_shelf(r, a["product_ids"], key=k)),
    "set_on_sale": ActionKind(C.SALE_TOGGLE, False,
                              lambda p, r, a, k: p.set_on_sale(r, a["product_id"], a["on_sale"], key=k)),
    "put_on_stage": ActionKind(C.STAGE, False, lambda p, r, a, k: p.put_on_stage(r, a["product_id"], key=k)),
    "clear_stage": ActionKind(C.STAGE, False, lambda p, r, a, k: p.clear_stage(r, key=k)),
    "set_price": ActionKind(C.PRICE, True, lambda p, r, a, k: p.set_price(a["sku_id"], a["price_fen"], key=k)),
    "issue_coupon": ActionKind(C.COUPONS, True, lambda p, r, a, k: p.issue_coupon(
        r, a["template_id"], a["quantity"], a["valid_minutes"], key=k)),
    "stop_coupon": ActionKind(C.COUPONS, False, lambda p, r, a, k: p.stop_coupon(r, a["issue_id"], key=k), True),
    "launch_flash_sale": ActionKind(C.FLASH_SALES, True, lambda p, r, a, k: p.launch_flash_sale(r, _spec(a), key=k)),
    "stop_flash_sale": ActionKind(C.FLASH_SALES, False,
                                  lambda p, r, a, k: p.stop_flash_sale(r, a["sale_id"], key=k), True),
    "set_room_mute": ActionKind(C.ROOM_MUTE, False, lambda p, r, a, k: p.set_room_mute(r, a["muted"], key=k)),
    "post_comment": ActionKind(C.POST_AS_STAFF, False, lambda p, r, a, k: p.post_comment(r, a["text"], key=k)),
    "pin_comment": ActionKind(C.PIN, False,
                              lambda p, r, a, k: p.pin_comment(r, a["comment_id"], a.get("pinned", True), key=k), True),
    "hide_comment": ActionKind(C.HIDE_COMMENT, False, lambda p, r, a, k: p.hide_comment(r, a["comment_id"], key=k),
                               True),
    "delete_comment": ActionKind(C.DELETE_COMMENT, False,
                                 lambda p, r, a, k: p.delete_comment(r, a["comment_id"], key=k), True),
    "mute_viewer": ActionKind(C.MUTE, False,
                              lambda p, r, a, k: p.mute_viewer(r, a["user_id"], a["seconds"], key=k), True),
    "unmute_viewer": ActionKind(C.MUTE, False, lambda p, r, a, k: p.unmute_viewer(r, a["user_id"], key=k), True),
    "ban_viewer": ActionKind(C.BAN, False, lambda p, r, a, k: p.ban_viewer(r, a["user_id"], key=k), True),
    "unban_viewer": ActionKind(C.BAN, False, lambda p, r, a, k: p.unban_viewer(r, a["user_id"], key=k), True),
}

MONEY_KINDS = frozenset(k for k, v in ACTIONS.items() if v.money)


@dataclass(frozen=True, slots=True)
class Binding:
    platform: Platform
    room_id: str          # the room's id on that platform

    @property
    def connection_id(self) -> str:
        return self.platform.connection_id


@dataclass(frozen=True, slots=True)
class ActionOutcome:
    entry: JournalEntry

    @property
    def status(self) -> str:
        return self.entry.status

    @property
    def ok(self) -> bool:
        return self.entry.status == CONFIRMED

    def results(self) -> dict[str, Any]:
        return {d.connection_id: d.result for d in self.entry.dispatches if d.status == CONFIRMED}

    def reasons(self) -> list[tuple[str, Text]]:
        return [(d.platform, d.reason) for d in self.entry.dispatches if d.reason is not None]


def jsonable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    return value


Listener = Callable[[str, Aspect, Any], None]          # (connection id, aspect, event or None)
CommentListener = Callable[[Comment, bool], None]      # (comment, is_new)


class LiveRoom:
    def __init__(self, room_key: str, bindings: list[Binding], journal: ActionJournal, *, actor: str,
                 rng: random.Random | None = None) -> None:
        if not bindings:
            raise ValueError("a live room needs at least one platform connection")
        self.room_key = room_key
        self.bindings = list(bindings)
        self.journal = journal
        self.actor = actor
        self.states = {b.connection_id: RoomState(b.connection_id, b.platform.display_name) for b in bindings}
        self.listeners: list[Listener] = []
        self.comment_listeners: list[CommentListener] = []
        self._in_flight: dict[Any, asyncio.Future] = {}
        self._tasks: list[asyncio.Task] = []
        self._rng = rng or random.Random()

    # ------------------------------------------------------------------ what the room can do

    @property
    def primary(self) -> Binding:
        return self.bindings[0]

    @property
    def state(self) -> RoomState:
        """The primary connection's view (its shelf is the one the console shows)."""
        return self.states[self.primary.connection_id]

    def binding(self, connection_id: str) -> Binding | None:
        return next((b for b in self.bindings if b.connection_id == connection_id), None)

    def supports(self, capability: Capability, connection_id: str | None = None) -> bool:
        if connection_id is not None:
            b = self.binding(connection_id)
            return b is not None and b.platform.supports(capability)
        return any(b.platform.supports(capability) for b in self.bindings)

    def lacking(self, capability: Capability) -> list[str]:
        """Display names of bound platforms that cannot do this (for tooltips and notes)."""
        return [b.platform.display_name for b in self.bindings if not b.platform.supports(capability)]

    def platform_name(self, connection_id: str) -> str:
        b = self.binding(connection_id)
        return b.platform.display_name if b else connection_id

    # ------------------------------------------------------------------ actions

    async def perform(self, kind: str, params: dict, *, origin: str = "manual", action_key: str | None = None,
                      connection_id: str | None = None, actor: str | None = None) -> ActionOutcome:
        spec = ACTIONS[kind]
        if spec.per_connection and connection_id is None:
            raise ValueError(f"{kind} acts on one connection: say which")
        params = jsonable(params)
        coalesce = action_key or (kind, connection_id, json.dumps(params, sort_keys=True))
        running = self._in_flight.get(coalesce)
        if running is not None:
            return await asyncio.shield(running)
        future = asyncio.get_running_loop().create_future()
        self._in_flight[coalesce] = future
        try:
            outcome = await self._perform(kind, spec, params, origin, action_key, connection_id, actor or self.actor)
        except BaseException as exc:
            if not future.done():
                future.set_exception(exc)
                future.exception()  # joined callers get it; nobody else needs to retrieve it
            raise
        else:
            future.set_result(outcome)
            return outcome
        finally:
            self._in_flight.pop(coalesce, None)

    async def _perform(self, kind: str, spec: ActionKind, params: dict, origin: str, action_key: str | None,
                       connection_id: str | None, actor: str) -> ActionOutcome:
        bindings = [b for b in self.bindings if connection_id is None or b.connection_id == connection_id]
        targets, skipped = [], []
        for b in bindings:
            target = Target(b.connection_id, b.platform.display_name, b.room_id)
            if b.platform.supports(spec.capability):
                targets.append(target)
            else:
                skipped.append((target, NotSupported(spec.capability, b.platform.display_name).message))
        entry, created = self.journal.begin(kind, params, money=spec.money, actor=actor, origin=origin,
                                            room_key=self.room_key, targets=targets, skipped=skipped,
                                            action_key=action_key)
        if not created:
            # The same action again (a cue's retry, or a resumed show): never a second effect —
            # what was confirmed stays confirmed, the rest is resent with its stored keys.
            return await self._send_open(entry, states=(PENDING, UNKNOWN, FAILED))
        return await self._send_open(entry, states=(PENDING, UNKNOWN))

    async def retry(self, action_id: str) -> ActionOutcome:
        """Resend what did not succeed, with the same idempotency keys."""
        return await self._send_open(self.journal.get(action_id), states=(PENDING, UNKNOWN, FAILED))

    async def _send_open(self, entry: JournalEntry, states: tuple[str, ...]) -> ActionOutcome:
        spec = ACTIONS[entry.kind]
        todo = [d for d in entry.dispatches if d.status in states]
        await asyncio.gather(*(self._send(entry, spec, d) for d in todo))
        return ActionOutcome(self.journal.get(entry.id))

    async def _send(self, entry: JournalEntry, spec: ActionKind, dispatch) -> None:
        binding = self.binding(dispatch.connection_id)
        if binding is None:
            self.journal.mark(entry.id, dispatch.connection_id, dispatch.status, reason=QT_TRANSLATE_NOOP(
                "Journal", "This connection is no longer part of the room; it cannot be retried from here."))
            return
        try:
            result = await spec.call(binding.platform, dispatch.platform_room_id, entry.params,
                                     dispatch.idempotency_key)
        except PlatformError as exc:
            self.journal.mark(entry.id, dispatch.connection_id, UNKNOWN if exc.outcome_unknown else FAILED,
                              reason=exc.message, attempt=True)
            log.info("%s on %s: %s (%s)", entry.kind, binding.platform.display_name, exc.kind, exc.detail)
        except asyncio.CancelledError:
            self.journal.mark(entry.id, dispatch.connection_id, UNKNOWN, attempt=True, reason=QT_TRANSLATE_NOOP(
                "Journal", "Interrupted before the platform answered; it may or may not have been applied."))
            raise
        except Exception as exc:  # an adapter bug must not leave the journal pending forever
            log.exception("%s on %s failed unexpectedly", entry.kind, binding.platform.display_name)
            self.journal.mark(entry.id, dispatch.connection_id, UNKNOWN, attempt=True, reason=QT_TRANSLATE_NOOP(
                "Journal", "Unexpected error ({error}); the action may or may not have been applied.").fill(
                error=type(exc).__name__))
        else:
            self.journal.mark(entry.id, dispatch.connection_id, CONFIRMED, result=jsonable(result), attempt=True)

    async def reconcile(self) -> list[ActionOutcome]:
        """After a crash: money actions left pending/unknown are resent with their stored keys
        (the platform applies each at most once and tells us the truth); other actions left
        pending are marked unknown for the operator to judge — replaying a stale 讲解 would be wrong."""
        outcomes = []
        for entry in self.journal.unresolved(money_only=False):
            if entry.room_key != self.room_key:
                continue
            if entry.money:
                outcomes.append(await self._send_open(entry, states=(PENDING, UNKNOWN)))
            else:
                for d in entry.dispatches:
                    if d.status == PENDING:
                        self.journal.mark(entry.id, d.connection_id, UNKNOWN, reason=QT_TRANSLATE_NOOP(
                            "Journal", "The console closed before the platform answered."))
        return outcomes

    # convenience for the ui and the cues --------------------------------------------------
    def put_on_stage(self, product_id: str, **kw):
        return self.perform("put_on_stage", {"product_id": product_id}, **kw)

    def clear_stage(self, **kw):
        return self.perform("clear_stage", {}, **kw)

    def add_to_shelf(self, product_id: str, **kw):
        return self.perform("add_to_shelf", {"product_id": product_id}, **kw)

    def remove_from_shelf(self, product_id: str, **kw):
        return self.perform("remove_from_shelf", {"product_id": product_id}, **kw)

    def reorder_shelf(self, product_ids: list[str], **kw):
        return self.perform("reorder_shelf", {"product_ids": list(product_ids)}, **kw)

    def set_on_sale(self, product_id: str, on_sale: bool, **kw):
        return self.perform("set_on_sale", {"product_id": product_id, "on_sale": on_sale}, **kw)

    def set_price(self, sku_id: str, price_fen: int, **kw):
        return self.perform("set_price", {"sku_id": sku_id, "price_fen": price_fen}, **kw)

    def issue_coupon(self, template_id: str, quantity: int, valid_minutes: int, **kw):
        return self.perform("issue_coupon", {"template_id": template_id, "quantity": quantity,
                                             "valid_minutes": valid_minutes}, **kw)

    def launch_flash_sale(self, spec: FlashSaleSpec, **kw):
        return self.perform("launch_flash_sale", {"spec": spec}, **kw)

    def set_room_mute(self, muted: bool, **kw):
        return self.perform("set_room_mute", {"muted": muted}, **kw)

    # ------------------------------------------------------------------ following the room

    def start(self) -> None:
        for b in self.bindings:
            self._tasks.append(asyncio.create_task(self._follow(b), name=f"follow-{b.connection_id}"))

    async def aclose(self, timeout: float = 3.0) -> None:
        """Stop following the platforms; returns within `timeout` whatever a stream does."""
        tasks, self._tasks = self._tasks, []
        stuck = await cancel_and_wait(tasks, timeout)
        if stuck:
            log.warning("room %s: streams that would not stop: %s", self.room_key, stuck)

    def _notify(self, connection_id: str, aspect: Aspect, payload: Any = None) -> None:
        for listener in list(self.listeners):
            try:
                listener(connection_id, aspect, payload)
            except Exception:
                log.exception("room listener failed")

    def _set_stream(self, state: RoomState, status: StreamStatus, detail: str) -> None:
        if (state.stream_status, state.stream_detail) != (status, detail):
            state.stream_status, state.stream_detail = status, detail
            self._notify(state.connection_id, Aspect.STREAM, None)

    async def reload(self, connection_id: str) -> None:
        b = self.binding(connection_id)
        state = self.states[connection_id]
        state.load(await b.platform.snapshot(b.room_id))
        for aspect in (Aspect.ROOM, Aspect.SHELF, Aspect.COUPONS, Aspect.FLASH_SALES, Aspect.STATS):
            self._notify(connection_id, aspect, None)

    async def _follow(self, b: Binding) -> None:
        state = self.states[b.connection_id]
        failures = 0
        while True:
            try:
                await self.reload(b.connection_id)
                failures = 0
                # Closed at once on a resync, not whenever the collector finds it: a stream holds a
                # connection.
                async with contextlib.aclosing(b.platform.events(
                        b.room_id, last_event_id=state.last_event_id,
                        on_status=lambda s, d: self._set_stream(state, s, d))) as events:
                    async for event in events:
                        aspect = state.apply(event)
                        if aspect is Aspect.RESYNC:
                            break
                        if aspect is Aspect.COMMENT:
                            comment = event.data["comment"]
                            is_new = event.type == "comment.created"
                            for listener in list(self.comment_listeners):
                                try:
                                    listener(comment, is_new)
                                except Exception:
                                    log.exception("comment listener failed")
                        if aspect is not None:
                            self._notify(b.connection_id, aspect, event)
            except (AuthFailed, NotPermitted) as exc:
                self._set_stream(state, StreamStatus.CLOSED, exc.message.english())
                failures += 1
                await asyncio.sleep(min(30.0, 2.0 * failures))  # until the operator fixes the token
            except PlatformError as exc:
                failures += 1
                self._set_stream(state, StreamStatus.RECONNECTING, exc.detail)
                await asyncio.sleep(self._rng.uniform(0.2, min(5.0, 0.5 * 2 ** min(failures, 4))))
