"""Undo of taking a product off the shelf (the session's `Actions.put_back`): listed again after the
removal is answered, then put back where it was — also when the platform answers the listing
before its shelf event arrives (campaign run 1 on ef4c3c9 caught the product left at the end). And
while the console closes, no action starts and none holds its button."""

from __future__ import annotations

import asyncio

import pytest

from anchor_console.domain.capabilities import Capability
from anchor_console.domain.clock import ManualClock
from anchor_console.domain.events import Event
from anchor_console.domain.models import Product, RoomEvent, ShelfItem
from anchor_console.platforms.base import Platform
from anchor_console.room.commands import RemoveFromShelf
from anchor_console.room.journal import ActionJournal
from anchor_console.room.live_room import Binding, LiveRoom
from anchor_console.session.actions import Actions
from anchor_console.session.tasks import Tasks

PRODUCTS = {pid: Product(pid, f"商品{pid}") for pid in ("a", "b", "c")}


class ShelfPlatform(Platform):
    """Answers shelf calls at once; its shelf events are sent only when the test says so."""
    kind = "shelf-test"
    capabilities = frozenset({Capability.SHELF, Capability.SORT})

    def __init__(self) -> None:
        super().__init__("shelf", "Shelf")
        self.calls: list[tuple[str, object]] = []
        self.removal_answer = asyncio.Event()
        self.removal_answer.set()

    async def add_to_shelf(self, room_id, product_id, *, key):
        self.calls.append(("add", product_id))
        return ShelfItem(PRODUCTS[product_id], 99)

    async def remove_from_shelf(self, room_id, product_id, *, key):
        await self.removal_answer.wait()
        self.calls.append(("remove", product_id))

    async def reorder_shelf(self, room_id, product_ids, *, key):
        self.calls.append(("reorder", tuple(product_ids)))
        return []


def shelf_event(room: LiveRoom, *product_ids: str) -> None:
    """The platform's shelf event, as the room's stream would deliver it."""
    items = [ShelfItem(PRODUCTS[p], i) for i, p in enumerate(product_ids)]
    event = RoomEvent(0, "shelf.changed", "r1", 0.0, {"shelf": items})
    room._notify("shelf", room.state.apply(event), event)


@pytest.fixture
def desk(tmp_path):
    platform = ShelfPlatform()
    journal = ActionJournal(tmp_path / "journal.sqlite", ManualClock(), console_id="console-A")
    room = LiveRoom("room-1", [Binding(platform, "r1")], journal, actor="小王")
    actions = Actions(Tasks(), lambda: room, confirm_money=lambda: False, notices=Event())
    shelf_event(room, "a", "b", "c")
    return platform, room, actions


async def settle(actions: Actions) -> None:
    for _ in range(50):   # the undo is a few steps on the loop, none of them waits for time
        await asyncio.sleep(0)
    await asyncio.sleep(0.01)


@pytest.mark.asyncio
async def test_the_reorder_waits_for_the_shelf_event_that_comes_after_the_answer(desk):
    platform, room, actions = desk
    order = ["a", "b", "c"]
    shelf_event(room, "a", "c")                          # "b" was taken off
    assert actions.put_back("b", order)
    await settle(actions)
    assert platform.calls == [("add", "b")]              # answered, but the room has no row for it yet
    shelf_event(room, "a", "c", "b")                     # the platform's event, late
    await settle(actions)
    assert platform.calls == [("add", "b"), ("reorder", ("a", "b", "c"))]


@pytest.mark.asyncio
async def test_the_listing_waits_for_the_removal_to_be_answered(desk):
    platform, room, actions = desk
    platform.removal_answer.clear()
    assert actions.run(RemoveFromShelf("b"), gate="product:b")
    assert actions.put_back("b", ["a", "b", "c"])
    await settle(actions)
    assert platform.calls == []                          # the removal is still out: nothing added before it
    platform.removal_answer.set()
    await settle(actions)
    shelf_event(room, "a", "c", "b")
    await settle(actions)
    assert platform.calls == [("remove", "b"), ("add", "b"), ("reorder", ("a", "b", "c"))]


@pytest.mark.asyncio
async def test_no_shelf_event_in_time_leaves_the_order_alone(desk):
    platform, room, actions = desk
    shelf_event(room, "a", "c")
    assert actions.put_back("b", ["a", "b", "c"], settle_s=0.05)
    await asyncio.sleep(0.2)
    assert platform.calls == [("add", "b")]              # no reorder of a shelf the room does not have


@pytest.mark.asyncio
async def test_while_closing_no_action_starts_and_none_holds_its_button(desk):
    platform, room, actions = desk
    await actions.tasks.shutdown()
    assert not actions.run(RemoveFromShelf("b"), gate="product:b")
    assert not actions.post_and_pin("XL码有货")
    assert not actions.retry("an-action")
    assert not any(actions.is_pending(g) for g in ("product:b", "answer:XL码有货", "retry:an-action"))
    assert platform.calls == []
