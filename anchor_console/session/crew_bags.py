"""Lucky bags and the crew (no Qt): a bag's seed kept for the other seats, so that a bag whose
starting seat dies mid-show can still be drawn from another seat of the room.

On a room with a crew (Studio: `CrewSeats.link`), the desk keeps each new bag's seed on the room's
staff-only crew channel *before* the bag's commitment goes out (`share`); a bag whose seed could not
be kept there is not started (nothing left the console; the operator presses Start again). Studio
lets only staff who run giveaways (anchor, assistant) keep or read a seed; viewers and moderators
cannot, and no seed goes on the room's event stream (studio/services/crew_seeds.py).

Why this keeps the draw fair: the commitment (sha256 of the seed) is public before entry opens and
fixes the seed; the seat that starts a bag knows its seed from the start, so other staff knowing it
too gives no one anything the starter did not already have. Viewers still cannot learn it before the
reveal, and after it anyone can check the seed against the commitment and recompute the winners.

`bags()` lists the other seats' bags not drawn yet, with whose they are and whether this seat may
draw them now (`CrewBag.may_draw`). A bag stays its starting seat's while that seat is on the
room: it draws it when entry closes. This seat may draw it once that seat is gone (left, or silent
past Studio's timeout: the crew's presence, seats.py), or when entry closed more than STARTER_LATE_S
ago and it is still not drawn (its seat hangs). Entry closed when the platform's `lucky_bag.closed`
said, else at the bag's end (`ends_at`) — both on the platform's clock, which the grace is counted
on too (a rehearsal's 10× Studio runs it at its speed) — the show does not wait for a prize nobody draws, and two seats drawing changes
nothing (Studio draws a bag once: the same seed gives the same winners, announced once). Before
then, a second seat drawing would only surprise the crew, and drawing early would cut the countdown
viewers were promised. A room without a crew channel keeps today's behaviour: only the computer that
started a bag can draw it (`NO_CREW` says so).

The bags and kept seeds come on the room's events; Studio's lists of them are read (`relist`) only
where events may have been missed: when the room is followed, after its stream was reloaded (a
resync), and before a bag is taken over."""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from anchor_console.domain.clock import Clock
from anchor_console.domain.giveaways import BagState, LuckyBag
from anchor_console.domain.text import QT_TRANSLATE_NOOP, Text
from anchor_console.platforms.errors import PlatformError
from anchor_console.platforms.studio_crew import KeptSeed, StudioCrew
from anchor_console.room.live_room import LiveRoom
from anchor_console.room.room_state import Aspect

if TYPE_CHECKING:
    from anchor_console.session.giveaway_store import KeptBag
    from anchor_console.session.seats import CrewSeats

log = logging.getLogger("anchor_console.session.crew_bags")
STARTER_LATE_S = 15.0   # a bag still not drawn this long after entry closed may be drawn from another seat
RELIST_AFTER_FAILURE_S = 5.0   # Studio's lists that could not be read are read again after this long

_STAGE = {BagState.OPEN: 0, BagState.CLOSED: 1, BagState.DRAWN: 2}

NO_CREW = QT_TRANSLATE_NOOP("Giveaways", "Only this computer can draw the lucky bags it starts: this platform has "
                                         "no crew channel to share their seeds with other seats.")
NOT_SHARED = QT_TRANSLATE_NOOP("Giveaways", "Its seed was not shared with the crew, so only the computer that "
                                            "started it can draw it.")
STARTER_DRAWS = QT_TRANSLATE_NOOP("Giveaways", "{name}'s seat draws it when entry closes. If that seat goes away, "
                                               "you can draw it here.")
NOT_ON_CREW = QT_TRANSLATE_NOOP("Giveaways", "This seat has not joined the room's crew yet.")
SHARE_FAILED = QT_TRANSLATE_NOOP("Giveaways", "Its seed could not be shared with the other crew seats ({why}). "
                                              "Nothing was sent; press Start again.")


@dataclass(frozen=True, slots=True)
class CrewBag:
    """A lucky bag another seat started and nobody has drawn yet, as this seat sees it."""

    bag: LuckyBag                 # the platform's
    connection_id: str
    kept: KeptSeed | None         # whose bag it is; None: its seed was not shared with the crew
    starter_gone: bool = False
    may_draw: bool = False
    why_not: Text | None = None   # why this seat may not draw it now

    @property
    def commitment(self) -> str:
        return self.bag.commitment


class CrewBags:
    def __init__(self, crew: Callable[[], "CrewSeats | None"], clock: Clock) -> None:
        self._crew = crew
        self.clock = clock
        self._room: LiveRoom | None = None
        self._kept: dict[str, KeptSeed] = {}      # commitment -> a seed some seat kept (no seed)
        self._listed: dict[str, LuckyBag] = {}    # bag id -> as the platform last listed it
        # commitment -> when entry closed, on the platform's clock: as its `lucky_bag.closed` said, or
        # (closed before its end, that event missed) when this seat first saw it closed
        self._closed_at: dict[str, float] = {}
        self._stale = True                        # events may have been missed: Studio's lists are read
        self._retry_at: float | None = None       # (our clock) after lists that could not be read

    # ------------------------------------------------------------------ the room

    def set_room(self, room: LiveRoom | None) -> None:
        self._room = room
        self._kept, self._listed, self._closed_at = {}, {}, {}
        self._stale, self._retry_at = True, None

    def on_room_event(self, connection_id: str, aspect: Aspect, event) -> None:
        """A seed kept by a seat (the crew's `crew_seed.kept`: whose bag, never the seed), a bag's entry
        closed (its time), or the crew connection's stream reloaded (events may have been missed)."""
        room = self._room
        if room is None or connection_id != room.primary.connection_id:
            return
        if aspect is Aspect.CREW and event is not None and event.type == "crew_seed.kept":
            kept: KeptSeed = event.data["kept"]
            self._kept[kept.commitment] = kept
        elif aspect is Aspect.GIVEAWAYS and event is not None and event.type == "lucky_bag.closed" and event.ts:
            commitment = event.data["lucky_bag"].commitment   # (the platform's time: before any seen here)
            self._closed_at[commitment] = min(event.ts, self._closed_at.get(commitment, event.ts))
        elif aspect is Aspect.ROOM and event is None:
            self._stale = True

    def link_for(self, room: LiveRoom, connection_id: str) -> StudioCrew | None:
        """The crew channel a bag on `connection_id` is shared through: the room's crew is its
        primary platform's; a bag on another of its platforms has none."""
        crew = self._crew()
        if crew is None or crew.link is None or crew.room is not room or room.primary.connection_id != connection_id:
            return None
        return crew.link

    def has_crew(self) -> bool:
        room = self._room
        return room is not None and self.link_for(room, room.primary.connection_id) is not None

    async def share(self, link: StudioCrew, bag: "KeptBag") -> Text | None:
        """Keep `bag`'s seed for the crew: None once kept, else why not (in words)."""
        crew = self._crew()
        try:
            await link.keep_seed(crew.seat_id, bag.commitment, bag.seed, machine=crew.machine, prize=bag.setup.prize)
        except PlatformError as exc:
            log.info("lucky bag %s: seed not kept for the crew: %s", bag.local_id, exc.detail)
            return SHARE_FAILED.fill(why=exc.message)
        return None

    async def seed_of(self, connection_id: str, commitment: str) -> KeptSeed:
        """The kept seed of a bag (raises PlatformError when it cannot be read)."""
        room = self._room
        link = self.link_for(room, connection_id) if room is not None else None
        if link is None:
            raise PlatformError(NO_CREW, detail="no crew channel")
        return await link.kept_seed(commitment)

    async def relist(self, *, now: bool = False) -> None:
        """The room's kept seeds and its bags as the platform lists them, where events may have been
        missed (the room just followed, its stream reloaded) or `now` (before a bag is taken over);
        what cannot be read is read again RELIST_AFTER_FAILURE_S later."""
        room = self._room
        at = self.clock.now()
        if room is None or not self.has_crew() or not self._crew().may("draw_lucky_bag")[0] or (
                not now and (not self._stale or (self._retry_at is not None and at < self._retry_at))):
            return   # (a moderator's seat reads no seeds: it draws no bags)
        self._stale, self._retry_at = False, None
        link, primary = self.link_for(room, room.primary.connection_id), room.primary
        try:
            kept = await link.kept_seeds()
            listed = await primary.platform.list_lucky_bags(primary.room_id)
        except PlatformError as exc:
            log.info("the crew's lucky bags: %s", exc.detail)
            if room is self._room:
                self._stale, self._retry_at = True, at + RELIST_AFTER_FAILURE_S
            return
        if room is not self._room:
            return
        self._kept.update((k.commitment, k) for k in kept)
        self._listed = {b.id: b for b in listed}

    # ------------------------------------------------------------------ the other seats' bags

    def _heard(self) -> dict[str, LuckyBag]:
        """The crew connection's bags: as listed, updated by what its events said since."""
        room = self._room
        if room is None:
            return {}
        state = room.states.get(room.primary.connection_id)
        heard = dict(self._listed)
        for bag_id, bag in (state.lucky_bags if state is not None else {}).items():
            listed = heard.get(bag_id)   # the further along wins: an event missed in a reconnect
            if listed is None or _STAGE[bag.state] >= _STAGE[listed.state]:
                heard[bag_id] = bag
        return heard

    def bags(self, ours: set[str]) -> list[CrewBag]:
        """The crew connection's bags not drawn yet whose commitment is not one of `ours` (this
        seat's bags), oldest first."""
        room = self._room
        if room is None or not self.has_crew():
            return []
        crew = self._crew()
        connection_id = room.primary.connection_id
        out = []
        for bag in sorted(self._heard().values(), key=lambda b: b.created_at):
            if bag.state is BagState.DRAWN or bag.commitment in ours:
                continue
            out.append(self._judge(crew, bag, connection_id))
        return out

    def _entry_closed_at(self, bag: LuckyBag, now: float) -> float | None:
        """When entry to the bag closed, on the platform's clock (`now` is its time); None: still open."""
        closed = self._closed_at.get(bag.commitment)
        if closed is not None:
            return closed
        ends_at = bag.ends_at if bag.ends_at > 0 else math.inf
        if bag.state is BagState.OPEN:   # closes at its end (Studio closes it then), draw or no draw
            return ends_at if ends_at <= now else None
        if ends_at <= now:
            return ends_at
        # Closed before its end, its event missed (listed after a reload): from when this seat saw it so.
        return self._closed_at.setdefault(bag.commitment, now)

    def find(self, commitment: str, ours: set[str]) -> CrewBag | None:
        return next((b for b in self.bags(ours) if b.commitment == commitment), None)

    def _judge(self, crew: "CrewSeats", bag: LuckyBag, connection_id: str) -> CrewBag:
        kept = self._kept.get(bag.commitment)
        allowed, role_may_not = crew.may("draw_lucky_bag")
        if not allowed:   # a moderator's seat: it cannot read the seeds either
            return CrewBag(bag, connection_id, kept, why_not=role_may_not)
        if kept is None:
            return CrewBag(bag, connection_id, None, why_not=NOT_SHARED)
        if not crew.active:
            return CrewBag(bag, connection_id, kept, why_not=NOT_ON_CREW)
        presence = crew.presence.get(kept.seat_id)
        # A seat not among the room's seats as the crew last listed them is gone; before its first
        # list (this seat joined a moment ago) it is not known to be.
        gone = presence.gone if presence is not None else crew.seats_listed
        now = crew.times.now_for(connection_id)
        closed = self._entry_closed_at(bag, now)
        late = closed is not None and now - closed >= STARTER_LATE_S
        if gone or late or kept.seat_id == crew.seat_id:   # our own seat's, lost from this computer's file
            return CrewBag(bag, connection_id, kept, starter_gone=gone, may_draw=True)
        return CrewBag(bag, connection_id, kept, why_not=STARTER_DRAWS.fill(name=kept.staff_name or kept.machine))
