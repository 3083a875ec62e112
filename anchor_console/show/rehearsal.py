"""Rehearsal time: a clock that runs a show at 1×–10× speed (and can be paused), so prep staff can
walk through a two-hour script in twelve minutes against Studio. The timeline engine does not know
it is rehearsing: it just reads this clock."""

from __future__ import annotations

from anchor_console.domain.clock import Clock

MIN_SPEED = 1.0
MAX_SPEED = 10.0


class RehearsalClock:
    """Scales the time elapsed on `base` by `speed`. Elapsed time is measured on the base clock's
    monotonic time (never jumps); `start_at` sets the simulated wall time it starts from — usually
    the show's planned start, so hard starts at 20:30 happen in a 14:00 rehearsal."""

    def __init__(self, base: Clock, speed: float = 1.0, *, start_at: float | None = None) -> None:
        self._base = base
        self._check(speed)
        self._speed = float(speed)
        self._paused = False
        self._anchor_base = base.monotonic()
        self._anchor_wall = base.now() if start_at is None else float(start_at)
        self._anchor_mono = self._anchor_base

    @staticmethod
    def _check(speed: float) -> None:
        if not MIN_SPEED <= speed <= MAX_SPEED:
            raise ValueError(f"rehearsal speed must be between {MIN_SPEED:g}× and {MAX_SPEED:g}×, not {speed}")

    def _elapsed(self) -> float:
        if self._paused:
            return 0.0
        return (self._base.monotonic() - self._anchor_base) * self._speed

    def now(self) -> float:
        return self._anchor_wall + self._elapsed()

    def monotonic(self) -> float:
        return self._anchor_mono + self._elapsed()

    def _rebase(self) -> None:
        self._anchor_wall, self._anchor_mono = self.now(), self.monotonic()
        self._anchor_base = self._base.monotonic()

    @property
    def speed(self) -> float:
        return self._speed

    @property
    def paused(self) -> bool:
        return self._paused

    def set_speed(self, speed: float) -> None:
        """Change speed mid-rehearsal; time already elapsed is kept."""
        self._check(speed)
        self._rebase()
        self._speed = float(speed)

    def pause(self) -> None:
        if not self._paused:
            self._rebase()
            self._paused = True

    def resume(self) -> None:
        if self._paused:
            self._anchor_base = self._base.monotonic()
            self._paused = False
