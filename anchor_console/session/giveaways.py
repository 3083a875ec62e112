"""The giveaways desk (福袋/抽奖 and 红包): lucky bags from set-up to a verified draw, red packets.

A lucky bag: `start_lucky_bag(setup)` makes a secret seed, keeps it durably (`GiveawayStore`)
*before anything leaves*, then starts the bag on the platform with the seed's commitment only
(`StartLuckyBag`, journalled). While it is open, the live entrant count follows the room's events
and its keyword is exempt from the flood rules. When the countdown ends on the session's clock,
the desk closes entry, fetches the frozen entrant list, reveals the seed (`DrawLuckyBag`,
journalled under a key of its own, so it happens once: after a crash the journal resends the same
request, which the platform answers with the same result), recomputes the winners here with
`domain.draw.verify` and keeps the result. `resume()` (at start) finishes whatever a crash left:
a bag committed but not confirmed is started again under the same key (never a second bag), a bag
open past its countdown is drawn with its kept seed, a drawn bag is left alone. Start pressed again
while the latest bag of the same set-up has no answer starts that bag again, not a second one.

A crew (crew_bags.py, which says why this is fair): on a room with a crew channel the seed is kept
for the crew's other seats before the start goes out — a bag whose seed could not be kept there is
not started — and `take_over(commitment)` draws here a bag another seat started once that seat is
gone (or late): the kept seed is read back, checked against the bag's public commitment, kept here,
and the bag is drawn when entry closes (now, if it has). Studio draws a bag once, however many seats
reveal its seed. `crew_bags.bags()` lists the other seats' bags for the panel.

`recheck(bag_id)` verifies any past draw of the room from what the platform published;
`export_winners(bag, path)` writes the winners for fulfilment (.xlsx or .csv). A red packet goes
out through `send_red_packet` (`SendRedPacket`: a money action, exactly once)."""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from anchor_console.domain import draw
from anchor_console.domain.capabilities import Capability
from anchor_console.domain.clock import Clock
from anchor_console.domain.events import Event, Subscription
from anchor_console.domain.notice import Level, Notice
from anchor_console.domain.joined_calls import JoinedCalls
from anchor_console.domain.giveaways import (
    BagState, Entrant, EntryRule, LuckyBag, LuckyBagSetup, RedPacket, RedPacketSpec,
)
from anchor_console.domain.text import QT_TRANSLATE_NOOP, Text
from anchor_console.platforms.errors import PlatformError
from anchor_console.room.commands import DrawLuckyBag, SendRedPacket, StartLuckyBag
from anchor_console.room.journal import CONFIRMED
from anchor_console.room.live_room import NOT_CONNECTED, ActionOutcome, Binding, LiveRoom
from anchor_console.room.room_state import Aspect
from anchor_console.session.money_repeats import REPEAT_NOT_SENT, RecentMoney
from anchor_console.session.giveaway_export import write_winners
from anchor_console.session.giveaway_store import COMMITTED, DRAWN, FAILED, OPEN, GiveawayStore, KeptBag
from anchor_console.session.crew_bags import CrewBags
from anchor_console.session.platform_clock import PlatformClock

log = logging.getLogger("anchor_console.session.giveaways")
CLICK_KEY = "lucky-bag:"   # the store key of a bag started by a click (a cue's bag goes by the cue's key)
TAKEN_KEY = "lucky-bag-taken:"   # …of a bag another seat started and this one took over (by its commitment)

TICK_S = 0.5
NO_PLATFORM = QT_TRANSLATE_NOOP("Giveaways", "No platform of this room can run lucky bags.")


@dataclass(frozen=True, slots=True)
class GiveawayResult:
    """What became of a request to start a bag or send a red packet."""

    ok: bool
    bag: KeptBag | None = None
    outcome: ActionOutcome | None = None
    reason: Text | None = None


@dataclass(frozen=True, slots=True)
class DrawCheck:
    """A past draw re-verified from the platform's published data."""

    bag_id: str
    ok: bool
    reason: Text
    winners: tuple[Entrant, ...] = ()
    entrants: int = 0


class Giveaways:
    def __init__(self, store: GiveawayStore, clock: Clock, room: Callable[[], LiveRoom | None], *,
                 actor: Callable[[], str], exempt_keywords: Callable[[frozenset[str]], None] = lambda k: None,
                 notices: Event | None = None, sleep=asyncio.sleep, crew: Callable[[], object] = lambda: None,
                 times: PlatformClock | None = None) -> None:
        self.store = store
        self.clock = clock
        self._room = room
        self._times = times or PlatformClock(clock, room)   # the session's: a bag's platform times on ours
        self._actor = actor
        self._exempt = exempt_keywords
        self._notices = notices
        self._sleep = sleep
        self._money_done = RecentMoney(clock)        # a double press of a red packet or a bag is one
        self._bags: dict[str, KeptBag] = {}          # local id -> the open or recent bags of this room
        self._drawing: JoinedCalls[KeptBag] = JoinedCalls()
        self._taking: JoinedCalls[GiveawayResult] = JoinedCalls()
        self.crew_bags = CrewBags(crew, clock)   # the seeds kept for the crew, the other seats' bags
        self._room_key: str | None = None
        self._room_heard = Subscription()
        self.changed = Event("giveaways.changed")     # (KeptBag): a bag started, counted, closed, drawn or failed
        self.drawn = Event("giveaways.drawn")         # (KeptBag): a draw finished (see `verified`)
        self.red_packets = Event("giveaways.red_packets")   # (RedPacket): sent, claimed, expired

    # ------------------------------------------------------------------ the room

    def bags(self) -> list[KeptBag]:
        """This room's bags as the console knows them, oldest first."""
        return sorted(self._bags.values(), key=lambda b: b.created_at)

    def open_bags(self) -> list[KeptBag]:
        return [b for b in self.bags() if b.state in (COMMITTED, OPEN)]

    def set_room(self, room: LiveRoom | None) -> None:
        """Follow this room's giveaways (the session calls it whenever the room changes)."""
        self._room_key = room.room_key if room is not None else None
        self._bags = {b.local_id: b for b in self.store.of_room(room.room_key)} if room is not None else {}
        self.crew_bags.set_room(room)
        self._room_heard.follow(room.changed if room is not None else None, self._on_room_changed)
        self._keywords_changed()

    def _on_room_changed(self, connection_id: str, aspect: Aspect, event) -> None:
        self.crew_bags.on_room_event(connection_id, aspect, event)
        if aspect is not Aspect.GIVEAWAYS or event is None:
            return
        data = event.data
        if "red_packet" in data:
            self.red_packets.emit(data["red_packet"])
            return
        bag_id = data["lucky_bag"].id if "lucky_bag" in data else data.get("lucky_bag_id")
        count = data["lucky_bag"].entrant_count if "lucky_bag" in data else data.get("entrant_count")
        for bag in list(self._bags.values()):
            if bag.bag_id != bag_id or bag.connection_id != connection_id or bag.state != OPEN:
                continue
            if event.type == "lucky_bag.closed" and (bag.due_at is None or bag.due_at > self.clock.now()):
                # The platform's countdown ended first (a rehearsal runs its clock faster): draw now.
                self._update(replace(bag, due_at=self.clock.now(), entrant_count=count or 0))
            elif count is not None and count != bag.entrant_count:
                self._update(replace(bag, entrant_count=count), save=False)

    def _binding(self, room: LiveRoom, capability: Capability, connection_id: str | None = None) -> Binding | None:
        for b in room.bindings:
            if (connection_id is None or b.connection_id == connection_id) and b.platform.supports(capability):
                return b
        return None

    def _room_that_can(self, capability: Capability, nowhere: Text) -> tuple[LiveRoom, Binding] | GiveawayResult:
        """The room and the binding of its platform that can do `capability`, or the refusal that says
        why not (`nowhere`: no platform of the room can at all)."""
        room = self._room()
        if room is None:
            return GiveawayResult(False, reason=NOT_CONNECTED)
        binding = self._binding(room, capability)
        if binding is None:
            reasons = [why for _, why in room.why_not(capability) if why is not None]
            return GiveawayResult(False, reason=reasons[0] if reasons else nowhere)
        return room, binding

    def _update(self, bag: KeptBag, *, save: bool = True) -> KeptBag:
        if save:
            self.store.save(bag)
        if bag.room_key == self._room_key:
            self._bags[bag.local_id] = bag
        self.changed.emit(bag)
        return bag

    def _keywords_changed(self) -> None:
        self._exempt(frozenset(b.setup.keyword for b in self._bags.values()
                               if b.state in (COMMITTED, OPEN) and b.setup.rule is EntryRule.KEYWORD and b.setup.keyword))

    # ------------------------------------------------------------------ lucky bags

    async def start_lucky_bag(self, setup: LuckyBagSetup, *, origin: str = "click",
                              action_key: str | None = None) -> GiveawayResult:
        """Keep a fresh seed, then open the bag with its commitment. Under a cue's `action_key` a
        second call (a retry, a resumed show) reuses the kept seed and the journal's entry."""
        found = self._room_that_can(Capability.LUCKY_BAGS, NO_PLATFORM)
        if isinstance(found, GiveawayResult):
            return found
        room, binding = found
        if action_key is None or self.store.by_action_key(action_key) is None:
            earlier = self._unanswered_bag(setup, binding.connection_id)
            if earlier is not None and action_key is not None and earlier.action_key.startswith(CLICK_KEY):
                # the show's cue for a bag clicked a moment ago, its start unanswered: that bag, its
                # seed and its journal entry, found under the cue's key from now on — never a second
                return await self._open(room, self._update(self.store.take_key(earlier, action_key), save=False),
                                        origin)
            if earlier is not None and action_key is None:   # pressed again after no answer: that bag
                return await self._open(room, earlier, origin)
        if action_key is None and self._money_done.just_done(StartLuckyBag(setup, ""), binding.connection_id):
            return GiveawayResult(False, reason=REPEAT_NOT_SENT)
        local_id = uuid.uuid4().hex
        seed = draw.new_seed()
        bag = self.store.add(KeptBag(local_id, action_key or f"{CLICK_KEY}{local_id}:start", room.room_key,
                                     binding.connection_id, setup, seed, draw.commitment(seed),
                                     created_at=self.clock.now()))
        if bag.state in (OPEN, DRAWN):   # this cue's bag started before: never a second one
            return GiveawayResult(True, bag)
        # New, not confirmed yet, or refused before (the room was not live, say): (re)sent under the
        # same journal key with the same kept seed — kept for the crew first.
        self._bags[bag.local_id] = bag
        self._keywords_changed()
        opened = await self._open(room, bag, origin, nothing_sent=bag.local_id == local_id or bag.state == FAILED)
        if opened.ok and action_key is None:
            self._money_done.done(StartLuckyBag(setup, ""), binding.connection_id)
        return opened

    @staticmethod
    def _started_already(room: LiveRoom, command: StartLuckyBag) -> ActionOutcome | None:
        """A clicked bag's start the journal has confirmed meanwhile (its Send again, or the
        reconciliation at a connect) while this desk still waits for the answer: that answer. The
        commitment makes the start one entry; sent again it would be a new action — a second bag."""
        done = next((e for e in room.journal.latest_like(command.kind, command.params(), room.room_key)
                     if e.status == CONFIRMED), None)
        return ActionOutcome(done, again=True) if done is not None else None

    def _unanswered_bag(self, setup: LuckyBagSetup, connection_id: str) -> KeptBag | None:
        """The latest bag of this set-up on this connection, if its start has no answer yet."""
        same = [b for b in self.bags() if b.setup == setup and b.connection_id == connection_id]
        return same[-1] if same and same[-1].state == COMMITTED else None

    async def _share(self, room: LiveRoom, bag: KeptBag, *, nothing_sent: bool) -> KeptBag | GiveawayResult:
        """The bag with its seed kept for the crew (as it is on a room without a crew channel), or
        the refusal of a bag of which nothing left: it fails (pressed again, it is a new bag). One
        whose start may have left already (kept by an older console, unshared) is resent all the same:
        the crew channel never holds back what may be out."""
        link = None if bag.shared else self.crew_bags.link_for(room, bag.connection_id)
        if link is None:
            return bag
        why = await self.crew_bags.share(link, bag)
        if why is None:
            return self._update(replace(bag, shared=True))
        if not nothing_sent:
            return bag
        bag = self._update(replace(bag, state=FAILED))
        self._keywords_changed()
        return GiveawayResult(False, bag, reason=why)

    async def _open(self, room: LiveRoom, bag: KeptBag, origin: str, *, nothing_sent: bool = False
                    ) -> GiveawayResult:
        shared = await self._share(room, bag, nothing_sent=nothing_sent)
        if isinstance(shared, GiveawayResult):
            return shared
        bag = shared
        # A click's start is journalled as a click (no key of its own there): a cue meeting it while
        # it is unanswered adopts that entry (LiveRoom), sending it once under its idempotency keys.
        key = None if bag.action_key.startswith(CLICK_KEY) else bag.action_key
        command = StartLuckyBag(bag.setup, bag.commitment)
        outcome = self._started_already(room, command) if key is None else None
        if outcome is None:
            outcome = await room.perform(command, origin=origin, action_key=key, connection_id=bag.connection_id,
                                         actor=self._actor())
        if outcome.ok:
            result = outcome.results()[bag.connection_id]
            due = self.clock.now() + bag.setup.countdown_s if bag.due_at is None else bag.due_at
            if origin == "resume" or outcome.again:
                # an answer that came late (the start resent after a restart): the bag's own end, not
                # a whole countdown from now — Studio closed it meanwhile and the draw waited an hour
                ends = result.get("ends_at")
                if isinstance(ends, (int, float)) and not isinstance(ends, bool):
                    due = min(due, float(ends))
            bag = self._update(replace(bag, state=OPEN, bag_id=str(result["id"]), due_at=due,
                                       entrant_count=int(result.get("entrant_count", 0))))
        elif outcome.status == "failed":
            bag = self._update(replace(bag, state=FAILED))
        else:   # no answer: resent with the same key by resume() or the next tick
            self.changed.emit(bag)
        self._keywords_changed()
        first = next((why for _, why in outcome.reasons()), None)
        return GiveawayResult(outcome.ok, bag, outcome, None if outcome.ok else first)

    async def resume(self) -> None:
        """Finish what a crash or a lost answer left: starts not confirmed are sent again with
        their keys; bags past their countdown are drawn."""
        room = self._room()
        if room is None:
            return
        for bag in list(self._bags.values()):
            if bag.room_key != room.room_key:
                continue
            try:
                if bag.state == COMMITTED:
                    await self._open(room, bag, "resume")
                elif bag.state == OPEN and bag.due_at is not None and bag.due_at <= self.clock.now():
                    await self.draw(bag.local_id)
            except PlatformError as exc:   # tried again on the next tick
                log.info("lucky bag %s not finished yet: %s", bag.local_id, exc.detail)

    async def tick(self) -> None:
        """Draw the bags whose countdown has ended (and retry what is left open); list the crew's
        bags now and then."""
        await self.crew_bags.relist()
        await self.resume()

    async def run(self) -> None:
        """Until cancelled: resume, then tick (the session runs this as an owned task)."""
        while True:
            try:
                await self.tick()
            except Exception:   # a bug here must not stop the next draw; the bags stay kept
                log.exception("giveaways tick failed")
            await self._sleep(TICK_S)

    async def draw(self, local_id: str) -> KeptBag:
        """Close entry, fetch the frozen entrants, reveal the seed, verify the winners here. Two
        calls at once share one draw; a drawn bag is returned as it is."""
        return await self._drawing.run(local_id, lambda: self._draw(local_id))

    async def _draw(self, local_id: str) -> KeptBag:
        bag = self._bags.get(local_id) or self.store.get(local_id)
        room = self._room()
        if bag is None or bag.state != OPEN or room is None:
            return bag
        binding = room.binding(bag.connection_id)
        if binding is None:
            return bag
        platform, room_id = binding.platform, binding.room_id
        await platform.close_lucky_bag(room_id, bag.bag_id, key=f"{bag.action_key}:close")
        entrants = tuple(await platform.lucky_bag_entrants(room_id, bag.bag_id))
        outcome = await room.perform(DrawLuckyBag(bag.bag_id, bag.seed), origin="lucky-bag",
                                     action_key=f"lucky-bag:{bag.local_id}:draw", connection_id=bag.connection_id,
                                     actor=self._actor())
        if outcome.status != CONFIRMED:
            raise _draw_failed(outcome)
        result = outcome.results()[bag.connection_id]
        winners = tuple(Entrant(str(w["user_id"]), str(w.get("nickname", ""))) for w in result.get("winners") or ())
        verified = draw.verify(bag.commitment, bag.seed, [e.user_id for e in entrants], bag.setup.winners,
                               [w.user_id for w in winners])
        bag = self._update(replace(bag, state=DRAWN, entrants=entrants, winners=winners, verified=verified,
                                   entrant_count=len(entrants), drawn_at=self.clock.now(),
                                   announcement_comment_id=_s(result.get("announcement_comment_id"))))
        self._keywords_changed()
        if not verified:
            log.error("lucky bag %s: the platform's winners do not follow from the seed", bag.bag_id)
            if self._notices is not None:
                self._notices.emit(Notice(QT_TRANSLATE_NOOP(
                    "Giveaways", "Lucky bag “{prize}”: the winners the platform announced do not follow from the "
                                 "revealed seed and the entrant list. Check the draw before shipping any prize.")
                    .fill(prize=bag.setup.prize), Level.ERROR))
        self.drawn.emit(bag)
        return bag

    # ------------------------------------------------------------------ another seat's bags

    def _ours(self) -> set[str]:
        return {b.commitment for b in self._bags.values() if b.state != FAILED}

    def crew_bags_now(self):
        """The other seats' bags not drawn yet (crew_bags.CrewBag), with whether this seat may draw them."""
        return self.crew_bags.bags(self._ours())

    async def take_over(self, commitment: str) -> GiveawayResult:
        """Draw here the bag another seat started (see crew_bags.py for when): its seed read back
        from the crew, checked against the bag's commitment, kept here; drawn now if entry has
        closed, else when it closes. Two presses take it over once."""
        return await self._taking.run(commitment, lambda: self._take_over(commitment))

    async def _take_over(self, commitment: str) -> GiveawayResult:
        room = self._room()
        if room is None:
            return GiveawayResult(False, reason=NOT_CONNECTED)
        mine = next((b for b in self._bags.values() if b.commitment == commitment and b.state != FAILED), None)
        if mine is None:
            await self.crew_bags.relist(now=True)   # judged on what Studio says now: whose, and whether gone
            other = self.crew_bags.find(commitment, self._ours())
            if other is None:
                return GiveawayResult(False, reason=QT_TRANSLATE_NOOP(
                    "Giveaways", "This lucky bag is drawn already, or no longer in this room."))
            if not other.may_draw:
                return GiveawayResult(False, reason=other.why_not)
            try:
                kept = await self.crew_bags.seed_of(other.connection_id, commitment)
            except PlatformError as exc:
                return GiveawayResult(False, reason=exc.message)
            if not _seed_of(kept.seed, commitment):
                return GiveawayResult(False, reason=QT_TRANSLATE_NOOP(
                    "Giveaways", "The crew's copy of this bag's seed does not match its commitment; it cannot be "
                                 "drawn from here."))
            mine = self._adopt(room, other, kept.seed, kept.staff_name or kept.machine)
        if mine.state == OPEN and mine.due_at is not None and mine.due_at <= self.clock.now():
            try:
                mine = await self.draw(mine.local_id)
            except PlatformError as exc:   # kept here: the next tick draws it again
                return GiveawayResult(False, mine, reason=exc.message)
        return GiveawayResult(True, mine)

    def _adopt(self, room: LiveRoom, other, seed: str, started_by: str) -> KeptBag:
        """Keep another seat's bag here (durably, its seed with it) as open: drawn like this seat's own."""
        bag, now = other.bag, self.clock.now()
        # open: when the platform said entry closes (its `lucky_bag.closed` draws it sooner, as for our own),
        # on this session's clock as due_at is — ends_at is on the platform's (Studio's runs ahead after a rehearsal)
        ends = (self._times.local_of(bag.ends_at, other.connection_id) if bag.ends_at
                else now + bag.setup.countdown_s)
        due = min(now + bag.setup.countdown_s, ends) if bag.state is BagState.OPEN else now
        kept = self.store.add(KeptBag(uuid.uuid4().hex, f"{TAKEN_KEY}{bag.commitment}", room.room_key,
                                      other.connection_id, bag.setup, seed, bag.commitment, created_at=now,
                                      started_by=started_by))
        kept = self._update(replace(kept, state=OPEN, bag_id=bag.id, due_at=due, entrant_count=bag.entrant_count,
                                    shared=True))
        self._keywords_changed()
        log.info("lucky bag %s taken over from %s's seat", bag.id, started_by)
        return kept

    # ------------------------------------------------------------------ checking and exporting

    async def past_bags(self, connection_id: str | None = None) -> list[LuckyBag]:
        """Every lucky bag of the room on the platform, past ones too."""
        room = self._room()
        binding = self._binding(room, Capability.LUCKY_BAGS, connection_id) if room else None
        if binding is None:
            return []
        return await binding.platform.list_lucky_bags(binding.room_id)

    async def recheck(self, bag_id: str, connection_id: str | None = None) -> DrawCheck:
        """Re-verify a past draw from what the platform published: the revealed seed against the
        commitment, the winners against the frozen entrant list."""
        room = self._room()
        binding = self._binding(room, Capability.LUCKY_BAGS, connection_id) if room else None
        if binding is None:
            return DrawCheck(bag_id, False, NO_PLATFORM)
        bag = await binding.platform.lucky_bag(binding.room_id, bag_id)
        if bag.state is not BagState.DRAWN or not bag.seed:
            return DrawCheck(bag_id, False, QT_TRANSLATE_NOOP("Giveaways", "This lucky bag has not been drawn yet."))
        entrants = await binding.platform.lucky_bag_entrants(binding.room_id, bag_id)
        ids = [e.user_id for e in entrants]
        if draw.commitment(bag.seed) != bag.commitment:
            return DrawCheck(bag_id, False, QT_TRANSLATE_NOOP(
                "Giveaways", "The revealed seed does not match the commitment published before the draw."),
                bag.winners, len(ids))
        if not draw.verify(bag.commitment, bag.seed, ids, bag.setup.winners, bag.winner_ids):
            return DrawCheck(bag_id, False, QT_TRANSLATE_NOOP(
                "Giveaways", "The winners do not follow from the revealed seed and the entrant list."),
                bag.winners, len(ids))
        return DrawCheck(bag_id, True, QT_TRANSLATE_NOOP(
            "Giveaways", "Verified: {winners} winner(s) among {entrants} entrants follow from the published seed.")
            .fill(winners=len(bag.winners), entrants=len(ids)), bag.winners, len(ids))

    def export_winners(self, bag: KeptBag, path: Path | str, tr: Callable[[Text], str] = Text.english) -> Path:
        """The winners for fulfilment: .xlsx, or .csv (UTF-8 with BOM, for Excel) by the suffix;
        `tr` translates the column titles (the ui passes its tr_text)."""
        return write_winners(bag, Path(path), tr)

    # ------------------------------------------------------------------ red packets

    async def room_red_packets(self) -> list[RedPacket]:
        """The room's red packets with their claimed count and amount (sent ones; the event
        `red_packets` follows them live)."""
        room = self._room()
        binding = self._binding(room, Capability.RED_PACKETS) if room else None
        return await binding.platform.list_red_packets(binding.room_id) if binding else []

    async def send_red_packet(self, spec: RedPacketSpec, *, origin: str = "click",
                              action_key: str | None = None) -> GiveawayResult:
        """Send a red packet on the room's one platform that can (money: journalled, exactly once)."""
        found = self._room_that_can(Capability.RED_PACKETS, QT_TRANSLATE_NOOP(
            "Giveaways", "No platform of this room can send red packets."))
        if isinstance(found, GiveawayResult):
            return found
        room, binding = found
        command = SendRedPacket(spec)
        if action_key is None and self._money_done.just_done(command, binding.connection_id):
            return GiveawayResult(False, reason=REPEAT_NOT_SENT)
        outcome = await room.perform(command, origin=origin, action_key=action_key,
                                     connection_id=binding.connection_id, actor=self._actor())
        if outcome.ok and action_key is None:
            self._money_done.done(command, binding.connection_id)
        first = next((why for _, why in outcome.reasons()), None)
        return GiveawayResult(outcome.ok, outcome=outcome, reason=None if outcome.ok else first)


def _seed_of(seed: str | None, commitment: str) -> bool:
    """Whether `seed` is the one `commitment` was made from."""
    try:
        return bool(seed) and draw.commitment(seed) == commitment
    except draw.BadSeed:
        return False


def _s(value) -> str | None:
    return None if value is None else str(value)


def _draw_failed(outcome: ActionOutcome) -> PlatformError:
    """Why a draw did not go through (tried again on the next tick, with the same journal key)."""
    first = next((why for _, why in outcome.reasons()), None)
    return PlatformError(first if isinstance(first, Text) else QT_TRANSLATE_NOOP(
        "Giveaways", "The platform did not confirm the draw; it will be tried again."), detail=f"draw {outcome.status}")
