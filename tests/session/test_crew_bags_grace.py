"""Another seat's lucky bag, on the test's clock (session/crew_bags.py): the starter's grace runs from
the bag's end on the platform's clock — a rehearsal's 10× Studio, two hours ahead of ours — or from
its `lucky_bag.closed`, not from when this seat first looked; Studio's lists are read when the room
is followed and after its stream reloads, not every 30 s, and the seats come from the crew's presence."""

from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace

import pytest

from anchor_console.domain.clock import ClockReading, ManualClock
from anchor_console.domain.giveaways import BagState, LuckyBag, LuckyBagSetup
from anchor_console.domain.models import RoomEvent
from anchor_console.domain.text import QT_TRANSLATE_NOOP
from anchor_console.platforms.studio_crew import KeptSeed, SeatInfo
from anchor_console.room.room_state import Aspect
from anchor_console.platforms.errors import Unavailable
from anchor_console.session.crew_bags import RELIST_AFTER_FAILURE_S, STARTER_LATE_S, CrewBags
from anchor_console.session.seats import SeatPresence

SPEED, AHEAD_S = 10.0, 7200.0
CONN = "studio"


class World:
    """One crew room: the starter's seat is there, this seat is another; the platform's clock is ours
    read at 10× from two hours ahead."""

    def __init__(self) -> None:
        self.clock = ManualClock()
        reading = ClockReading(self.clock.now(), self.clock.now() + AHEAD_S, SPEED)
        self.asked: list[str] = []
        self.listed: list[LuckyBag] = []
        self.state = SimpleNamespace(lucky_bags={})
        platform = SimpleNamespace(list_lucky_bags=self._list_bags, clock_reading=reading)
        self.room = SimpleNamespace(primary=SimpleNamespace(connection_id=CONN, platform=platform, room_id="1"),
                                    states={CONN: self.state})
        link = SimpleNamespace(kept_seeds=self._kept_seeds)
        starter = SeatInfo("seat-starter", "李场控", "assistant", "pc-1", 0.0, 0.0)
        self.crew = SimpleNamespace(
            link=link, room=self.room, seat_id="seat-me", active=True, seats_listed=True,
            presence={"seat-starter": SeatPresence(starter, ours=False)}, may=lambda kind: (True, None),
            times=SimpleNamespace(now_for=lambda connection_id: reading.at(self.clock.now())))
        self.bags = CrewBags(lambda: self.crew, self.clock)
        self.bags.set_room(self.room)
        self.bags.on_room_event(CONN, Aspect.CREW, RoomEvent(1, "crew_seed.kept", "1", 0.0, {
            "kept": KeptSeed("c1", "seat-starter", "李场控")}))

    async def _kept_seeds(self):
        self.asked.append("kept_seeds")
        return []

    async def _list_bags(self, room_id):
        self.asked.append("lucky_bags")
        return self.listed

    def platform_now(self) -> float:
        return self.crew.times.now_for(CONN)

    def bag(self, state: BagState = BagState.OPEN, ends_in: float = 60.0) -> LuckyBag:
        return LuckyBag("b1", "1", LuckyBagSetup("保温杯", 1, keyword="666"), "c1", state,
                        created_at=self.platform_now(), ends_at=self.platform_now() + ends_in)

    def may_draw(self) -> bool:
        [seen] = self.bags.bags(set())
        return seen.may_draw

    def wait(self, platform_seconds: float) -> None:
        self.clock.advance(platform_seconds / SPEED)


async def away():
    raise Unavailable(QT_TRANSLATE_NOOP("PlatformError", "Studio is away."))


def test_the_starters_grace_runs_from_the_bags_end_on_the_platforms_clock():
    world = World()
    world.state.lucky_bags["b1"] = world.bag(ends_in=60)
    assert not world.may_draw()                    # open: its seat draws it when entry closes
    world.wait(60 + STARTER_LATE_S - 1)            # its end passed on the platform's clock; grace not over
    assert not world.may_draw()
    world.wait(1)
    assert world.may_draw()                        # 7.5 s of ours: the platform's 75 s

    # First looked at long after the end: late at once, not STARTER_LATE_S after the first look.
    world = World()
    world.state.lucky_bags["b1"] = world.bag(ends_in=60)
    world.wait(60 + STARTER_LATE_S)
    assert world.may_draw()


def test_entry_closed_early_counts_from_its_closed_event_or_from_when_it_was_seen_closed():
    world = World()
    bag = world.bag(ends_in=600)
    world.state.lucky_bags["b1"] = bag
    world.wait(100)
    closed = replace(bag, state=BagState.CLOSED)
    world.state.lucky_bags["b1"] = closed
    world.bags.on_room_event(CONN, Aspect.GIVEAWAYS, RoomEvent(2, "lucky_bag.closed", "1", world.platform_now() - 10,
                                                               {"lucky_bag": closed}))
    world.wait(STARTER_LATE_S - 11)
    assert not world.may_draw()
    world.wait(1)
    assert world.may_draw()                        # from the platform's close, 10 s before it was heard

    world = World()                                # its event missed: listed closed, before its end
    world.state.lucky_bags["b1"] = replace(world.bag(ends_in=600), state=BagState.CLOSED)
    world.wait(100)
    assert not world.may_draw()                    # seen closed now: the grace starts now
    world.wait(STARTER_LATE_S)
    assert world.may_draw()


@pytest.mark.asyncio
async def test_studios_lists_are_read_when_events_may_have_been_missed_and_the_seats_come_from_presence():
    world = World()
    await world.bags.relist()
    assert world.asked == ["kept_seeds", "lucky_bags"]   # the room just followed
    world.clock.advance(3600)
    await world.bags.relist()
    assert len(world.asked) == 2                         # no poll: the events keep it current
    world.bags.on_room_event(CONN, Aspect.ROOM, None)    # the stream reloaded: events may be missed
    await world.bags.relist()
    await world.bags.relist()
    assert len(world.asked) == 4
    await world.bags.relist(now=True)                    # before a take-over
    assert len(world.asked) == 6

    kept_seeds = world.crew.link.kept_seeds
    world.crew.link.kept_seeds = away
    world.bags.on_room_event(CONN, Aspect.ROOM, None)
    await world.bags.relist()                            # not read: read again RELIST_AFTER_FAILURE_S later
    world.crew.link.kept_seeds = kept_seeds
    world.clock.advance(RELIST_AFTER_FAILURE_S - 1)
    await world.bags.relist()
    assert len(world.asked) == 6
    world.clock.advance(1)
    await world.bags.relist()
    assert len(world.asked) == 8

    world.state.lucky_bags["b1"] = world.bag(ends_in=600)
    assert not world.may_draw()
    world.crew.presence.clear()                          # the starter's seat is no longer on the crew's list
    [seen] = world.bags.bags(set())
    assert seen.may_draw and seen.starter_gone
    world.crew.seats_listed = False                      # …not read yet since this seat joined: not known gone
    assert not world.may_draw()
