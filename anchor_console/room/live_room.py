"""A live room as the console operates it: bound to one or more platform connections (a show sold
through WeChat mini-program live and WeChat Channels at once, say), kept current from their event
streams, and the single place actions go through.

Every action is journalled before it leaves, goes to every bound connection that supports it,
and each connection's result is journalled separately. A second identical action while the
first is still in flight joins the first (a double click never fires twice; for money, a cue and
a click at once too); a retry or a reconciliation resends with the stored idempotency keys, and
joins a send of the same action still out instead of sending it beside it. A money action pressed
again while its latest identical action is pending or has no answer sends that one again, under
its keys: it may well have been applied, so a new key could apply it twice."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import json
import logging
import random
from dataclasses import dataclass
from typing import Any, Awaitable, Callable

from anchor_console.domain.capabilities import Capability
from anchor_console.domain.events import Event
from anchor_console.domain.joined_calls import JoinedCalls
from anchor_console.domain.models import ChatModes, Product, RoomEvent, RoomStats, ShelfItem
from anchor_console.domain.text import QT_TRANSLATE_NOOP, Text
from anchor_console.platforms.base import Platform, StreamStatus
from anchor_console.platforms.transport import Sleep
from anchor_console.platforms.errors import (
    AuthFailed, NotFound, NotPermitted, NotSupported, PlatformError, QuotaExhausted,
)
from anchor_console.room.commands import Command, UnknownCommand, jsonable
from anchor_console.room.journal import (
    CONFIRMED, FAILED, PENDING, SKIPPED, UNKNOWN, ActionJournal, JournalEntry, Target,
)
from anchor_console.room.platform_ids import PlatformIds, Unlinked
from anchor_console.room.room_state import Aspect, RoomState

log = logging.getLogger("anchor_console.room")
# Said by whatever would act on the room while there is none (a button, a cue, the control API).
NOT_CONNECTED = QT_TRANSLATE_NOOP("Room", "Not connected to a room yet.")
CLOSED_UNANSWERED = QT_TRANSLATE_NOOP("Journal", "The console closed before the platform answered.")
TOO_OLD_TO_RESEND = QT_TRANSLATE_NOOP(
    "Journal", "No answer came, and it is too old to send again safely (the platform may have forgotten its "
               "key and would apply it twice). Check on the platform whether it was applied.")
OVERTAKEN = QT_TRANSLATE_NOOP(
    "Journal", "Not sent again: the same thing was set again since, and sending this older one would undo it.")
ENDED_STREAM_MAX_WAIT_S = 300.0   # a room whose stream keeps ending at once is looked at again this often
# Money actions left without an answer are resent under their keys (at a connect, or pressed again)
# only this long: platforms keep keys for a limited time (Studio a week; others may keep them less).
RESEND_WINDOW_S = 24 * 3600.0
STILL_UNKNOWN = QT_TRANSLATE_NOOP(
    "Journal", "Sent again, but the platform could not take it now (out of reach, asking us to wait, or refusing "
               "before reading it). An earlier attempt may have been applied, so it stays unknown; sending it again "
               "is safe.")


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
    again: bool = False   # an earlier identical action without an answer, sent again (not a new one)

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

    def refusal(self) -> dict[str, Any]:
        """How the first refused dispatch was refused: {"error": kind ("not_found", "rate_limited"…),
        "retryable": bool, "retry_after": seconds or None}; empty if none says."""
        return next((d.result for d in self.entry.dispatches
                     if d.status != CONFIRMED and isinstance(d.result, dict) and "error" in d.result), {})


# A money action done on some connections and refused on others is pressed again to finish it
# (its refused dispatches resent under their keys) for this long; later, a press is a new action:
# one platform refusing for good must not stop the same coupon from being issued again an hour on.
PARTLY_DONE_OPEN_S = 600.0


def same_press(kind: str, params: dict, connection_id: str | None) -> tuple[str, str | None, str]:
    """What makes two presses the same action: its kind, where it goes, its terms."""
    return kind, connection_id, json.dumps(Command.terms_of(kind, params), sort_keys=True)


async def _nothing_to_tell(entry: JournalEntry) -> None:
    """No crew: a cue's money action has nobody to be told of before it leaves."""


def _nothing_applied(entry: JournalEntry) -> bool:
    """Nothing of it can have been applied: refused or held back on every connection (a pending or
    unknown dispatch may have been: only its answer was lost). Sending it again is a new payment."""
    return all(d.status in (FAILED, SKIPPED) for d in entry.dispatches)


def _partly_done(entry: JournalEntry) -> bool:
    """Confirmed on some connections and refused on others (one room on two coupon platforms)."""
    states = {d.status for d in entry.dispatches}
    return CONFIRMED in states and FAILED in states


class LiveRoom:
    def __init__(self, room_key: str, bindings: list[Binding], journal: ActionJournal, *, actor: str,
                 rng: random.Random | None = None, sleep: Sleep = asyncio.sleep) -> None:
        if not bindings:
            raise ValueError("a live room needs at least one platform connection")
        self.room_key = room_key
        self.bindings = list(bindings)
        self.journal = journal
        self.actor = actor
        self.states = {b.connection_id: RoomState(b.connection_id, b.platform.display_name) for b in bindings}
        self.changed = Event("room.changed")      # (connection id, Aspect, RoomEvent or None)
        self.comments = Event("room.comments")    # (Comment, is_new): new and changed comments
        self._in_flight: JoinedCalls[ActionOutcome] = JoinedCalls()
        self._rng = rng or random.Random()
        self._sleep = sleep   # the streams' reconnect back-off (tests pass a sleep of their own)
        # Our (the primary connection's) ids → each other connection's; without an entry, ids are
        # taken to be shared (two connections to one system).
        self.platform_ids: dict[str, PlatformIds] = {}
        # Why a new money action must not leave from here now (another seat of the crew has just sent
        # the very same one: each seat has its own journal and keys, so both would be paid), or None.
        # Set by the crew (session/seats.py); asked for clicks, cues, the control API and giveaways alike.
        self.money_guard: Callable[[str, dict, str], Text | None] = lambda kind, params, origin: None
        # A show cue's new money action, told to the crew before it leaves (session/seats.py): a
        # seat taking the show over, should this one go now, must know it may be paid already.
        self.write_ahead: Callable[[JournalEntry], Awaitable[None]] = _nothing_to_tell

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

    def why_not(self, capability: Capability) -> list[tuple[str, Text | None]]:
        """Each bound platform that cannot do this, with its own reason (None: it gives none)."""
        return [(b.platform.display_name, b.platform.unsupported_reason(capability)) for b in self.bindings
                if not b.platform.supports(capability)]

    def chat_modes(self) -> ChatModes:
        """The room's chat modes, each as the first connection that can set it reports it (the
        primary's when it can): what the Chat modes strip and the header show."""
        def of(capability: Capability) -> ChatModes:
            for b in self.bindings:
                room = self.states[b.connection_id].room
                if b.platform.supports(capability) and room is not None:
                    return room.chat
            return ChatModes()

        return ChatModes(slow_mode_s=of(Capability.SLOW_MODE).slow_mode_s,
                         followers_only_min=of(Capability.FOLLOWERS_ONLY).followers_only_min,
                         shield=of(Capability.SHIELD_MODE).shield)

    def flash_sale_product(self, product_id: str) -> Product | None:
        """A shelf product as the platform that runs the room's flash sales sells it (SKUs, prices,
        stock): the shelf's own, or — when only another platform of the room runs them (a Channels
        shop beside a mini-program room) — that platform's linked product."""
        item = self.state.shelf_item(product_id)
        if item is None or self.primary.platform.supports(Capability.FLASH_SALES):
            return item.product if item else None
        for b in self.bindings[1:]:
            ids = self.platform_ids.get(b.connection_id)
            theirs = ids.their_product(product_id) if ids and b.platform.supports(Capability.FLASH_SALES) else None
            if theirs is not None:
                return theirs
        return item.product

    def stock_of(self, item: ShelfItem) -> int | None:
        """A shelf item's stock as the shelf platform reports it — or, where it does not (WeChat
        mini-program live: the stock is in the merchant's shop), the linked product's where the
        room sells; None if nobody says."""
        if self.primary.platform.reports_stock:
            return item.product.stock
        selling = self.flash_sale_product(item.product_id)
        return selling.stock if selling is not None and selling is not item.product else None

    def stats(self) -> RoomStats:
        """The room's figures over all its platforms: each figure summed over the platforms that
        report it (two audiences watch one show), sales in the catalog's product ids."""
        numbers: dict[str, int] = {}
        sales: dict[str, int] = {}
        flash: dict[str, int] = {}
        for b in self.bindings:
            figures, stats = b.platform.figures, self.states[b.connection_id].stats
            for f in dataclasses.fields(RoomStats):
                if f.name in figures and f.name not in ("sales", "flash_sale_sold"):
                    numbers[f.name] = numbers.get(f.name, 0) + getattr(stats, f.name)
            if "sales" in figures:
                for pid, n in stats.sales.items():
                    ours = self.ours_for_product(b.connection_id, pid)
                    sales[ours] = sales.get(ours, 0) + n
            for sale_id, n in stats.flash_sale_sold.items():
                flash[sale_id if b is self.primary else f"{b.connection_id}:{sale_id}"] = n
        return RoomStats(**numbers, sales=sales, flash_sale_sold=flash)

    def ours_for_product(self, connection_id: str, product_id: str) -> str:
        """A platform's product id in the catalog's ids (as is where the ids are shared or unlinked)."""
        ids = self.platform_ids.get(connection_id) if connection_id != self.primary.connection_id else None
        return (ids.ours_for_product(product_id) or product_id) if ids is not None else product_id

    def platform_name(self, connection_id: str) -> str:
        b = self.binding(connection_id)
        return b.platform.display_name if b else connection_id

    # ------------------------------------------------------------------ actions

    async def perform(self, command: Command, *, origin: str = "click", action_key: str | None = None,
                      connection_id: str | None = None, actor: str | None = None) -> ActionOutcome:
        if command.per_connection and connection_id is None:
            raise ValueError(f"{command.kind} acts on one connection: say which")
        params = command.params()
        coalesce = action_key or same_press(command.kind, params, connection_id)
        return await self._in_flight.run(coalesce, lambda: self._perform(command, params, origin, action_key,
                                                                         connection_id, actor or self.actor))

    async def _perform(self, command: Command, params: dict, origin: str, action_key: str | None,
                       connection_id: str | None, actor: str) -> ActionOutcome:
        bindings = [b for b in self.bindings if connection_id is None or b.connection_id == connection_id]
        targets, skipped = [], []
        for b in bindings:
            target = Target(b.connection_id, b.platform.display_name, b.room_id)
            if b.platform.supports(command.capability):
                targets.append(target)
            else:
                skipped.append((target, b.platform.unsupported_reason(command.capability)
                                or NotSupported(command.capability, b.platform.display_name).message))
        keyed = self.journal.keyed(action_key) if action_key is not None else None
        if keyed is not None:
            # The same action again (a cue's retry, or a resumed show): never a second effect —
            # what was confirmed stays confirmed, the rest is resent with its stored keys.
            if command.money and _nothing_applied(keyed) and self._held_elsewhere(keyed):
                return ActionOutcome(self.journal.get(keyed.id))
            return await self._send_open(keyed, states=(PENDING, UNKNOWN, FAILED))
        if command.money:
            earlier = self._unanswered(command.kind, params, {(b.connection_id, b.room_id) for b in bindings},
                                       action_key)
            if earlier is not None:
                return await self._send_open(earlier, states=(PENDING, UNKNOWN, FAILED) if _partly_done(earlier)
                                             else (PENDING, UNKNOWN), again=not self.journal.in_flight(earlier.id))
        entry, created = self.journal.begin(command.kind, params, money=command.money, actor=actor, origin=origin,
                                            room_key=self.room_key, targets=targets, skipped=skipped,
                                            action_key=action_key)
        if command.money and created and self._held_elsewhere(entry):
            return ActionOutcome(self.journal.get(entry.id))
        if command.money and created and origin.startswith("cue:"):
            await self.write_ahead(entry)
        return await self._send_open(entry, states=(PENDING, UNKNOWN) if created else (PENDING, UNKNOWN, FAILED),
                                     fresh=created)

    def _held_elsewhere(self, entry: JournalEntry) -> bool:
        """Journal a money action another seat has just sent as not sent from here (why, on each of
        its connections), True; False when nothing holds it back. Pressed again once the other seat's
        is done and MONEY_ELSEWHERE_S old, it goes (a cue's retry under its own keys too)."""
        why = self.money_guard(entry.kind, entry.params, entry.origin)
        if why is None:
            return False
        for d in entry.dispatches:
            if d.status in (PENDING, FAILED):
                self.journal.mark(entry.id, d.connection_id, FAILED, reason=why)
        return True

    def _unanswered(self, kind: str, params: dict, targets: set[tuple[str, str]], action_key: str | None
                    ) -> JournalEntry | None:
        """The latest identical money action to the same rooms on the same connections (whatever
        this room was called when it was begun: enabling another connection renames it), if it is
        still pending, without an answer or done on some connections only — the one to send again
        (its failed dispatches with their keys) instead of a new one beside it, which would apply
        twice where it was done. One older than RESEND_WINDOW_S is history: a press is new."""
        for entry in self.journal.latest_like(kind, params):
            if {(d.connection_id, d.platform_room_id) for d in entry.dispatches} != targets:
                continue
            if self.journal.clock.now() - entry.created_at > RESEND_WINDOW_S:
                return None
            partly = _partly_done(entry) and self.journal.clock.now() - entry.created_at < PARTLY_DONE_OPEN_S
            if entry.status not in (PENDING, UNKNOWN) and not partly:
                return None   # answered everywhere (or partly, long ago): pressing it again is a new action
            if action_key is None:
                return entry
            if entry.action_key is None:
                # A cue meeting a click's action: the cue's key names it, so a resumed show finds it.
                self.journal.adopt_key(entry.id, action_key)
                return entry
            # Another cue's action: joined while it is out, otherwise this cue is an action of its own.
            return entry if self.journal.in_flight(entry.id) else None
        return None

    async def retry(self, action_id: str) -> ActionOutcome:
        """Resend what did not succeed, with the same idempotency keys (joining the send of it
        still out, if any) — a refused money action only if the crew's guard lets it go now."""
        entry = self.journal.get(action_id)
        if entry.money and _nothing_applied(entry) and self._held_elsewhere(entry):
            return ActionOutcome(self.journal.get(action_id))
        return await self._send_open(entry, states=(PENDING, UNKNOWN, FAILED))

    async def _send_open(self, entry: JournalEntry, states: tuple[str, ...], *, again: bool = False,
                         fresh: bool = False) -> ActionOutcome:
        """Send the entry's dispatches in `states` — or, if the entry is being sent already (by
        this room or another on the same journal), wait for that send instead."""
        try:
            await self.journal.send_once(entry.id, lambda: self._send_now(entry.id, states, fresh))
        except asyncio.CancelledError:
            task = asyncio.current_task()
            if task is None or task.cancelling():
                raise
            # Only the send this joined was cancelled (its console closing): the journal says what it left.
        return ActionOutcome(self.journal.get(entry.id), again)

    async def _send_now(self, action_id: str, states: tuple[str, ...], fresh: bool = False) -> None:
        """`fresh`: the entry was begun by this very press, so nothing of it can have left before."""
        entry = self.journal.get(action_id)   # as it is now: a send it waited for may have answered some
        todo = [d for d in entry.dispatches if d.status in states]
        try:
            command = Command.decode(entry.kind, entry.params)
        except UnknownCommand as exc:  # written by another version of the console
            log.error("%s", exc)
            for d in todo:
                self.journal.mark(entry.id, d.connection_id, d.status, reason=QT_TRANSLATE_NOOP(
                    "Journal", "This version of the console cannot resend this action."))
            return
        await asyncio.gather(*(self._send(entry, command, d, maybe_applied=not fresh and d.status in (PENDING, UNKNOWN))
                               for d in todo))

    async def _send(self, entry: JournalEntry, command: Command, dispatch, *, maybe_applied: bool = False) -> None:
        """`maybe_applied`: an earlier attempt under this key may have been applied (no answer came,
        or the console closed before one did) — then only a refusal of the request itself says it
        failed; a platform out of reach, slowing us down or refusing before it looks at the request
        leaves it unknown, never failed: a failed money action is pressed again under a new key."""
        binding = self.binding(dispatch.connection_id)
        if binding is None:
            self.journal.mark(entry.id, dispatch.connection_id, dispatch.status, reason=QT_TRANSLATE_NOOP(
                "Journal", "This connection is no longer part of the room; it cannot be retried from here."))
            return
        ids = self.platform_ids.get(dispatch.connection_id)
        try:
            if ids is not None and binding is not self.primary:
                command = ids.translate(command)
            result = await command.send(binding.platform, dispatch.platform_room_id, dispatch.idempotency_key)
        except Unlinked as exc:   # nothing sent: linking the product and retrying sends it
            self.journal.mark(entry.id, dispatch.connection_id, FAILED, reason=exc.message)
        except PlatformError as exc:
            # What kind of refusal, for whoever decides whether to try again (moderation's retries).
            refusal = {"error": exc.kind, "retryable": exc.retryable, "retry_after": getattr(exc, "retry_after", None)}
            still_unknown = maybe_applied and (exc.retryable or isinstance(exc, (AuthFailed, QuotaExhausted)))
            reason = STILL_UNKNOWN if still_unknown else exc.message
            self.journal.mark(entry.id, dispatch.connection_id, UNKNOWN if exc.outcome_unknown or still_unknown
                              else FAILED, reason=reason, result=refusal, attempt=True)
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
        pending are marked unknown for the operator to judge — replaying a stale 讲解 would be wrong.
        A money action still being sent (by the room this one replaced, on a reconnect) is joined,
        never sent beside itself; another action still out is not the crash's to judge. An action
        is this room's when it went to one of its rooms on one of its connections, whatever the
        room was called then. A money action older than RESEND_WINDOW_S, or one a later action has
        overtaken (a price set again since), is not resent: it is said in the journal instead."""
        outcomes = []
        mine = {(b.connection_id, b.room_id) for b in self.bindings}
        for entry in self.journal.unresolved(money_only=False):
            if entry.room_key != self.room_key and not {(d.connection_id, d.platform_room_id)
                                                        for d in entry.dispatches} & mine:
                continue
            if not entry.money and self.journal.in_flight(entry.id):
                continue
            if not entry.money:
                self._leave_open(entry, (PENDING,), UNKNOWN, CLOSED_UNANSWERED)
            elif self.journal.clock.now() - entry.created_at > RESEND_WINDOW_S:
                self._leave_open(entry, (PENDING, UNKNOWN), UNKNOWN, TOO_OLD_TO_RESEND)
            elif self._overtaken(entry):
                self._leave_open(entry, (PENDING, UNKNOWN), FAILED, OVERTAKEN)
            else:
                outcomes.append(await self._send_open(entry, states=(PENDING, UNKNOWN)))
        return outcomes

    def _leave_open(self, entry: JournalEntry, states: tuple[str, ...], status: str, reason: Text) -> None:
        """Not sent again: its dispatches in `states` say why, once (each connect would say it again)."""
        for d in entry.dispatches:
            if d.status in states and d.reason != reason:
                self.journal.mark(entry.id, d.connection_id, status, reason=reason)

    def _overtaken(self, entry: JournalEntry) -> bool:
        """A later action of the entry's kind setting the same thing (Command.sets) was done since."""
        try:
            sets = Command.registry[entry.kind].sets
        except KeyError:
            return False
        if not sets:
            return False
        same = {name: entry.params.get(name) for name in sets}
        return any(e.status == CONFIRMED and all(e.params.get(n) == v for n, v in same.items())
                   for e in self.journal.later_of_kind(entry.id))

    # ------------------------------------------------------------------ following the room

    async def aclose(self) -> None:
        """Release every bound adapter (its sockets and background tasks: a Twitch chat socket, say)
        once the console is done with this room."""
        for b in self.bindings:
            try:
                await b.platform.aclose()
            except Exception:  # noqa: BLE001 - one adapter failing to close never keeps the others open
                log.warning("closing the adapter of %s failed", b.connection_id, exc_info=True)

    async def follow(self) -> None:
        """Keep every connection's state current from its event stream, until cancelled (the
        session runs this as one owned task; cancelling it stops every stream). A connection whose
        stream fails — however — reconnects on its own; the others go on."""
        async with asyncio.TaskGroup() as group:
            for b in self.bindings:
                group.create_task(self._follow(b), name=f"follow-{b.connection_id}")

    def _notify(self, connection_id: str, aspect: Aspect, payload: Any = None) -> None:
        self.changed.emit(connection_id, aspect, payload)

    def _set_stream(self, state: RoomState, status: StreamStatus, detail: str, refused: Text | None = None) -> None:
        """`refused`: the platform's refusal of this seat in its words (a revoked token, and what to do),
        kept through the retries until a stream is live again."""
        if status is StreamStatus.LIVE:
            refused = None
        elif refused is None:
            refused = state.stream_refused
        if (state.stream_status, state.stream_detail, state.stream_refused) != (status, detail, refused):
            state.stream_status, state.stream_detail, state.stream_refused = status, detail, refused
            self._notify(state.connection_id, Aspect.STREAM, None)

    async def reload(self, connection_id: str) -> None:
        b = self.binding(connection_id)
        state = self.states[connection_id]
        state.load(await b.platform.snapshot(b.room_id))
        for aspect in (Aspect.ROOM, Aspect.SHELF, Aspect.COUPONS, Aspect.FLASH_SALES, Aspect.STATS):
            self._notify(connection_id, aspect, None)

    async def _catch_up_orders(self, b: Binding, state: RoomState) -> None:
        """The orders placed while the stream could not follow, one by one as if streamed, so the
        show record's per-product figures stay whole (the totals come with the reloaded stats)."""
        for order in await b.platform.orders_after(b.room_id, state.last_order_id) or ():
            event = RoomEvent(0, "order.created", b.room_id, order.created_at, {"order": order})
            if state.apply(event) is Aspect.ORDER:
                self._notify(b.connection_id, Aspect.ORDER, event)

    async def _follow(self, b: Binding) -> None:
        state = self.states[b.connection_id]
        failures = 0
        ended = 0     # streams in a row the platform ended by itself (a chat that is over)
        gap = False   # the stream could not replay what it missed
        while True:
            try:
                if ended > 1:   # ended again at once: opened ever more slowly (YouTube bills every call)
                    await self._sleep(min(ENDED_STREAM_MAX_WAIT_S, 5.0 * 2 ** min(ended - 2, 6)))
                await self.reload(b.connection_id)
                if gap:
                    await self._catch_up_orders(b, state)
                    gap = False
                failures = 0
                # Closed at once on a resync, not whenever the collector finds it: a stream holds a
                # connection.
                async with contextlib.aclosing(b.platform.events(
                        b.room_id, last_event_id=state.last_event_id,
                        on_status=lambda s, d: self._set_stream(state, s, d))) as events:
                    heard = False
                    async for event in events:
                        heard = True
                        aspect = state.apply(event)
                        if aspect is Aspect.RESYNC:
                            gap = True
                            break
                        if aspect is Aspect.COMMENT:
                            self.comments.emit(event.data["comment"], event.type == "comment.created")
                        if aspect is not None:
                            self._notify(b.connection_id, aspect, event)
                ended = 0 if heard else ended + 1   # the platform ended it (a chat that is over) with nothing said
            except (AuthFailed, NotPermitted, NotFound) as exc:   # refused, or the room gone: said, not "reconnecting"
                self._set_stream(state, StreamStatus.CLOSED, exc.message.english(), refused=exc.message)
                failures += 1
                await self._sleep(min(30.0, 2.0 * failures))  # until the operator fixes the token
            except Exception as exc:  # noqa: BLE001 - one connection's failure never ends the others' streams
                failures += 1
                if isinstance(exc, PlatformError):
                    detail = exc.detail
                else:   # an adapter's bug (an event it could not read): reconnected like a dropped stream
                    detail = f"the stream failed unexpectedly ({type(exc).__name__}); reconnecting"
                    log.warning("the stream of %s failed unexpectedly", b.platform.display_name, exc_info=True)
                self._set_stream(state, StreamStatus.RECONNECTING, detail)
                await self._sleep(self._rng.uniform(0.2, min(5.0, 0.5 * 2 ** min(failures, 4))))
