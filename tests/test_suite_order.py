"""The order the suite hands to pytest-xdist: every test once, each worker's share the size
worksteal will send, and the slow tests first in the shares, longest first, spread by length."""

from __future__ import annotations

from support.suite_order import slow_first_in_each_share


class Item:
    def __init__(self, name: str, slow: float | None = None) -> None:
        self.name, self.slow = name, slow

    def get_closest_marker(self, name: str):
        if name != "slow" or self.slow is None:
            return None
        return type("Marker", (), {"args": (self.slow,)})()

    def __repr__(self) -> str:
        return self.name


def test_slow_tests_open_each_share_and_nothing_is_lost():
    items = [Item(f"t{i}") for i in range(20)]
    items[17] = Item("rehearsal", 180)
    items[3] = Item("faults", 70)
    items[11] = Item("fuzz", 40)
    items[12] = Item("quota", 40)
    ordered = slow_first_in_each_share(items, 2)
    assert sorted(map(repr, ordered)) == sorted(map(repr, items))
    first, second = ordered[:10], ordered[10:]       # worksteal: 20 // 2, then the rest
    assert [repr(i) for i in first[:1]] == ["rehearsal"]
    assert [repr(i) for i in second[:3]] == ["faults", "fuzz", "quota"]
    assert all(i.slow is None for i in first[1:] + second[3:])


def test_one_worker_or_more_workers_than_tests_keeps_everything():
    items = [Item("a", 5), Item("b"), Item("c", 50)]
    for workers in (2, 3, 5):
        ordered = slow_first_in_each_share(items, workers)
        assert sorted(map(repr, ordered)) == ["a", "b", "c"]
