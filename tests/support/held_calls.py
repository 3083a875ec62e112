"""A function of the product replaced, for a test, by one that records the thread each call runs
in and (unless told otherwise) holds the call there until the test lets it go: to see a read or a
write happen off the ui thread while the window and the loop go on."""

from __future__ import annotations

import threading
from typing import Any, Callable


class HeldCall:
    """`target.name` replaced by this (undone by `monkeypatch`). Each call: its thread recorded in
    `threads`; where `hold(*args)` says so, `started` set and the call held until `go_on` is set (10 s
    at most); then `fails` raised if given, else the real function's answer."""

    def __init__(self, monkeypatch, target: Any, name: str, *, hold: Callable[..., bool] = lambda *args: True,
                 fails: Exception | None = None) -> None:
        self.go_on, self.started = threading.Event(), threading.Event()
        self.threads: list[threading.Thread] = []
        self._real = getattr(target, name)
        self._hold, self.fails = hold, fails
        monkeypatch.setattr(target, name, self)

    def __call__(self, *args, **kwargs):
        self.threads.append(threading.current_thread())
        if self._hold(*args):
            self.started.set()
            self.go_on.wait(10)
        if self.fails is not None:
            raise self.fails
        return self._real(*args, **kwargs)


def recorded(monkeypatch, target: Any, name: str) -> HeldCall:
    """`target.name` with the thread of each call recorded, never held."""
    return HeldCall(monkeypatch, target, name, hold=lambda *args: False)
