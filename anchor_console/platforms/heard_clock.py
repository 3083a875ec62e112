"""How an adapter learns its platform's clock from the platform's answers: what its
`Platform.clock_reading` is made of.

  DateClock       the `Date` header of every answer, whole seconds (TikTok Shop: its requests are
                  stamped on its clock, and its deals' times are on it)
  RoundTripClock  the platform's time to the millisecond in an answer, from the quickest of the last
                  few round trips (Studio's crew answers: its wall time, which its seats, its shared
                  log and a followed show's broadcasts are on)"""

from __future__ import annotations

import email.utils

import httpx

from anchor_console.domain.clock import Clock, ClockReading

STEADY_S = 2.0      # a Date-learnt offset the console counts on moves only when it is off by more
ROUND_TRIPS = 12    # the round trips an offset is taken from (the quickest of them)


def answer_time(response: httpx.Response) -> float | None:
    """When the server sent the answer, by its `Date` header (epoch seconds), or None."""
    try:
        sent = email.utils.parsedate_to_datetime(response.headers.get("Date", ""))
    except (TypeError, ValueError, IndexError):
        return None
    return sent.timestamp() if sent.tzinfo is not None else None


class DateClock:
    """A platform's clock as its answers' `Date` headers tell it.

    `offset_s`: its clock minus ours as the last Date says (a lower bound: the Date is cut to the
    second and was set before the answer travelled): requests are stamped with it (`now()`), so
    never ahead of the platform. `reading`: what the console counts the platform's times on —
    whole seconds, moved only when `offset_s` is off it by more than STEADY_S (the Date's rounding
    must not make each poll's countdown jump a second); None while that is within STEADY_S of ours."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.offset_s = 0.0
        self.reading: ClockReading | None = None
        self._steady_s = 0.0

    def heard(self, response: httpx.Response) -> None:
        sent = answer_time(response)
        if sent is None:
            return
        local = self.clock.now()
        self.offset_s = sent - local
        if abs(self.offset_s - self._steady_s) > STEADY_S:
            self._steady_s = float(round(self.offset_s))
            self.reading = ClockReading(local, local + self._steady_s)

    def now(self) -> float:
        """The platform's time as far as its answers told it (never later than its own)."""
        return self.clock.now() + self.offset_s


class RoundTripClock:
    """A platform's time minus ours (`offset_s`; None until heard), from answers that say it to the
    millisecond: the quickest of the last ROUND_TRIPS round trips (a slow answer says little about
    when the platform read its clock)."""

    def __init__(self) -> None:
        self.offset_s: float | None = None
        self._samples: list[tuple[float, float]] = []   # (round trip, offset)

    def heard(self, sent: float, received: float, platform_time: float) -> None:
        """An answer saying `platform_time`, to a request sent at `sent` and answered at `received` (ours)."""
        sample = (received - sent, platform_time - (sent + received) / 2)
        self._samples = (self._samples + [sample])[-ROUND_TRIPS:]
        self.offset_s = min(self._samples)[1]
