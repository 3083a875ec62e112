"""The YouTube Data API's daily quota as one connection spends it: what each call costs, the day's
spend, when it would run out at the present pace, and how the adapter degrades before it does.

YouTube counts *units* per Google Cloud project per day (10,000 by default), reset at midnight
Pacific time; every request costs at least one unit, a refused one too. The costs below are the
documented ones: liveChatMessages.list "has a quota cost of 5 units" (its reference page,
developers.google.com/youtube/v3/live/docs/liveChatMessages/list); videos.list 1 and
liveBroadcasts.list 5 per the quota calculator (developers.google.com/youtube/v3/determine_quota_cost).
The moderation writes (message insert/delete, bans, moderators) are **unconfirmed** in this pass
(the calculator's live-streaming rows were not readable; research notes: insert 20, older
calculator 50 for bans): they are planned at 50, on the safe side, except insert at 20.

How the budget degrades, in this order (each step is said on the stream's status line):
  1. chat polling is planned so it lasts: it spreads what is left above the floor over the next
     `horizon_s` (4 h, a long show), never faster than YouTube's `pollingIntervalMillis`;
  2. below `local_only_below` of the day's units, deleting a message hides it here only (the
     remaining units stay for bans and staff posts);
  3. at the floor (`poll_floor`), polling pauses until midnight Pacific;
  4. a call that the remaining units cannot pay is not sent (`QuotaExhausted`), and a
     `quotaExceeded` answer blocks everything until the reset."""

from __future__ import annotations

import datetime as dt
from collections import deque

from anchor_console.domain.clock import Clock
from anchor_console.domain.models import QuotaUse

from anchor_console.domain.pacific_time import PACIFIC   # midnight Pacific, with daylight saving

DEFAULT_DAILY_UNITS = 10_000
QUOTA_API = "YouTube Data API v3 (units)"

# Cost in units of each call the adapter makes (see the module docstring for which are confirmed).
COSTS: dict[str, int] = {
    "videos.list": 1,
    "channels.list": 1,
    "liveBroadcasts.list": 5,
    "liveChatMessages.list": 5,
    "liveChatMessages.insert": 20,
    "liveChatMessages.delete": 50,
    "liveChatBans.insert": 50,
    "liveChatBans.delete": 50,
    "liveChatModerators.list": 50,
}

NORMAL, SLOW, LOCAL_ONLY, PAUSED, EXHAUSTED = "normal", "slow", "local_only", "paused", "exhausted"
PROJECTION_WINDOW_S = 900.0


class QuotaBudget:
    """One project's units for one connection (the console cannot see other apps on the same
    project: a `quotaExceeded` from YouTube is believed at once)."""

    def __init__(self, clock: Clock, *, daily_limit: int = DEFAULT_DAILY_UNITS, horizon_s: float = 4 * 3600,
                 local_only_below: float = 0.15, poll_floor: float = 0.05) -> None:
        self.clock = clock
        self.daily_limit = daily_limit
        self.horizon_s = horizon_s
        self.local_only_below = local_only_below
        self.poll_floor = poll_floor
        self._day: dt.date | None = None
        self.used = 0
        self.refused = 0
        self.exhausted_until: float | None = None
        self._recent: deque[tuple[float, int]] = deque()
        self.by_method: dict[str, int] = {}

    # ------------------------------------------------------------------ Pacific days

    def _today(self) -> dt.date:
        return dt.datetime.fromtimestamp(self.clock.now(), PACIFIC).date()

    def next_reset(self) -> float:
        """Epoch seconds of the next midnight, Pacific time."""
        tomorrow = self._today() + dt.timedelta(days=1)
        return dt.datetime.combine(tomorrow, dt.time(0), PACIFIC).timestamp()

    def seconds_to_reset(self) -> float:
        return max(1.0, self.next_reset() - self.clock.now())

    def _roll(self) -> None:
        today = self._today()
        if today != self._day:
            self._day, self.used, self.refused, self.exhausted_until = today, 0, 0, None
            self._recent.clear()
            self.by_method.clear()

    # ------------------------------------------------------------------ accounting

    @property
    def remaining(self) -> int:
        self._roll()
        if self.exhausted_until is not None and self.clock.now() < self.exhausted_until:
            return 0
        return max(0, self.daily_limit - self.used)

    def affordable(self, method: str) -> bool:
        return self.remaining >= COSTS.get(method, 1)

    def spend(self, method: str) -> None:
        self._roll()
        cost = COSTS.get(method, 1)
        self.used += cost
        self.by_method[method] = self.by_method.get(method, 0) + cost
        now = self.clock.now()
        self._recent.append((now, cost))
        while self._recent and self._recent[0][0] < now - PROJECTION_WINDOW_S:
            self._recent.popleft()

    def refused_for_the_day(self) -> float:
        """YouTube answered quotaExceeded: nothing more is sent before the reset; returns when."""
        self._roll()
        self.refused += 1
        self.exhausted_until = self.next_reset()
        return self.exhausted_until

    def set_remaining(self, units: int) -> None:
        """What YouTube's console says is left (the operator may know better than our count)."""
        self._roll()
        self.used = max(0, self.daily_limit - units)

    # ------------------------------------------------------------------ degrading

    def mode(self) -> str:
        left = self.remaining
        if left <= 0:
            return EXHAUSTED
        if left <= self.poll_floor * self.daily_limit:
            return PAUSED
        if left < self.local_only_below * self.daily_limit:
            return LOCAL_ONLY
        return NORMAL

    def poll_interval(self, server_s: float, method: str = "liveChatMessages.list") -> float:
        """How long to wait before the next chat poll: YouTube's own interval, stretched so the
        units above the floor last `horizon_s` (or to the reset, if sooner); until the reset
        when polling must pause."""
        cost = COSTS.get(method, 1)
        budget = self.remaining - self.poll_floor * self.daily_limit
        if budget < cost:
            return self.seconds_to_reset()
        horizon = min(self.horizon_s, self.seconds_to_reset())
        return max(server_s, horizon / (budget / cost))

    def projected_exhaustion(self) -> float | None:
        """When the units run out at the pace of the last 15 minutes (epoch seconds), or None if
        they last until the reset."""
        self._roll()
        now = self.clock.now()
        if self.remaining <= 0:
            return now
        spent = sum(cost for t, cost in self._recent if t >= now - PROJECTION_WINDOW_S)
        if not spent or not self._recent:
            return None
        elapsed = max(60.0, now - self._recent[0][0])
        at = now + self.remaining / (spent / elapsed)
        return at if at < self.next_reset() else None

    def usage(self) -> tuple[QuotaUse, ...]:
        self._roll()
        now = self.clock.now()
        return (QuotaUse(api=QUOTA_API, used_today=self.used, daily_limit=self.daily_limit,
                         refused_today=self.refused, units=True, resets_at=self.next_reset(),
                         runs_out_at=self.projected_exhaustion(),
                         exhausted_until=self.exhausted_until if self.exhausted_until and self.exhausted_until > now
                         else None),)
