"""The test's wall clock as a callable (what Studio's clock and an emulator's signature check
read), moved only by the test."""

from __future__ import annotations

START = 1_780_000_000.0   # 2026-05-28 20:26:40 UTC: 04:26 in Beijing, far from midnight


class ManualTime:
    def __init__(self, start: float = START) -> None:
        self.t = start

    def __call__(self) -> float:
        return self.t

    def advance(self, seconds: float) -> None:
        self.t += seconds
