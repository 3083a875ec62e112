"""Clocks are injected: engines never read the wall clock themselves, so tests can run a
two-hour show in milliseconds. Also the one way a duration or a countdown is written."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Protocol


# WeChat's day — its quotas' day, and a quota's day where a platform does not say otherwise — runs
# from midnight to midnight, Beijing time (UTC+8, no summer time).
BEIJING_OFFSET_S = 8 * 3600
DAY_S = 86400


def beijing_day(epoch_s: float) -> int:
    """The number of the Beijing-time day `epoch_s` falls in."""
    return int((epoch_s + BEIJING_OFFSET_S) // DAY_S)


def next_beijing_midnight(epoch_s: float) -> float:
    """Epoch seconds of the first midnight, Beijing time, after `epoch_s`."""
    return (beijing_day(epoch_s) + 1) * DAY_S - BEIJING_OFFSET_S

class Clock(Protocol):
    def now(self) -> float:
        """Wall-clock time, epoch seconds (for hard starts and journal timestamps)."""

    def monotonic(self) -> float:
        """Seconds from an arbitrary origin, never going backwards (for countdowns)."""


class SystemClock:
    def now(self) -> float:
        return time.time()

    def monotonic(self) -> float:
        return time.monotonic()


@dataclass(frozen=True, slots=True)
class ClockReading:
    """A platform's clock as read once: its time `platform` when ours said `local`, and the speed it
    runs at (Studio runs at a rehearsal's 10×). Its time later, on our clock, is `at(now)`.

    `wall`: the platform's real time when ours said `local`, where it keeps one apart from that
    clock (Studio's seats and shared log are on it: a rehearsal speeds its clock up, and leaves it
    ahead at 1× afterwards). None: the same as `platform`."""

    local: float
    platform: float
    speed: float = 1.0
    wall: float | None = None

    def at(self, local_now: float) -> float:
        return self.platform + (local_now - self.local) * self.speed

    def wall_at(self, local_now: float) -> float:
        """The platform's real time when ours says `local_now` (it runs at real speed)."""
        return (self.platform if self.wall is None else self.wall) + (local_now - self.local)

    def local_at(self, platform_time: float) -> float:
        """When our clock reaches `platform_time` on the platform's clock (as it runs now)."""
        return self.local + (platform_time - self.platform) / self.speed


class ManualClock:
    """A clock that only moves when told to; wall and monotonic time move together."""

    def __init__(self, start: float = 1_767_225_600.0) -> None:  # 2026-01-01T00:00:00Z
        self._wall = start
        self._mono = 1000.0

    def now(self) -> float:
        return self._wall

    def monotonic(self) -> float:
        return self._mono

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("a clock cannot go backwards")
        self._wall += seconds
        self._mono += seconds


def whole_seconds(seconds: float) -> int:
    """Whole seconds as format_clock shows them (rounded; below zero in an overrun): a countdown
    given as a number (the control API) reads as the clock does."""
    whole = int(round(abs(seconds)))
    return -whole if seconds < 0 else whole


def countdown_seconds(remaining: float) -> int:
    """The whole seconds a countdown shows: counted up, so it reads 0:00 only once the time is up
    (0.4 s left is 0:01, not a 0:00 that invites pressing Next before an "at segment end" cue)."""
    return math.ceil(remaining) + 0   # + 0: -0 reads 0


def format_countdown(remaining: float) -> str:
    """A segment's time left as a clock: '0:01' until it is up, then '0:00', '-0:01'… in an overrun."""
    return format_clock(countdown_seconds(remaining))


def format_clock(seconds: float) -> str:
    """600 -> '10:00', 3725 -> '1:02:05', -75 -> '-1:15' (a countdown or a duration)."""
    sign = "-" if seconds < 0 else ""
    s = abs(whole_seconds(seconds))
    h, rem = divmod(s, 3600)
    m, sec = divmod(rem, 60)
    return f"{sign}{h}:{m:02d}:{sec:02d}" if h else f"{sign}{m}:{sec:02d}"
