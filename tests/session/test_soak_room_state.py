"""A long, busy show: what the room's state keeps per order stays bounded (a 4-hour show with
orders every second used to keep every order id it had ever seen), while an order fetched again
after a stream gap still counts once."""

from __future__ import annotations

from anchor_console.domain.models import Order, RoomEvent
from anchor_console.room.room_state import Aspect, RoomState

REMEMBERED = 5000   # room_state.ORDERS_REMEMBERED


def order_event(n: int) -> RoomEvent:
    order = Order(f"order-{n}", "1", f"viewer-{n % 400}", "501", "5011", 1, 19900, float(n))
    return RoomEvent(n + 1, "order.created", "1", float(n), {"order": order})


def test_order_ids_kept_are_bounded_over_a_long_show():
    state = RoomState("studio", "Studio")
    orders = 4 * 3600 * 5   # four hours at five orders a second
    for n in range(orders):
        assert state.apply(order_event(n)) is Aspect.ORDER
    assert len(state._orders_seen) <= REMEMBERED
    # Re-fetched after a gap (the catch-up starts after the last order seen): still counted once.
    assert state.apply(order_event(orders - 1)) is None
    assert state.apply(order_event(orders - REMEMBERED // 2)) is None
    assert state.last_order_id == f"order-{orders - 1}"
