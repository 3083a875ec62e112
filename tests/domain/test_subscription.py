"""Subscription: following another event drops the one heard before; stop drops it."""

from __future__ import annotations

from anchor_console.domain.events import Event, Subscription


def test_following_another_event_stops_hearing_the_first():
    heard: list[str] = []
    first, second = Event("first"), Event("second")
    sub = Subscription()
    assert not sub.active
    sub.follow(first, heard.append)
    first.emit("a")
    sub.follow(second, heard.append)
    first.emit("b")
    second.emit("c")
    assert heard == ["a", "c"] and len(first) == 0 and sub.active
    sub.follow(None, heard.append)
    second.emit("d")
    assert heard == ["a", "c"] and not sub.active and len(second) == 0
    sub.stop()   # stopping twice is harmless
