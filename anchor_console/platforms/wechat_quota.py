"""Daily allowances of the WeChat APIs: what this connection has used today, what the platform
refused, and how often a poller may call without starving the operator's own actions.

WeChat counts calls per API per day and resets at midnight Beijing time (UTC+8). A refusal for the
day (45009) blocks that API until the reset, locally, so nothing is sent in vain; a refusal for the
minute (45011) blocks it for 60 s. Counts are this console's own: other systems on the same AppID
draw on the same counter, which `WeChatClient.sync_quota` reads back from the platform."""

from __future__ import annotations

from dataclasses import dataclass

from anchor_console.domain.clock import Clock, beijing_day, next_beijing_midnight
from anchor_console.domain.models import QuotaUse

MINUTE_BACKOFF_S = 60.0   # 45011 says "try next minute"; waiting less gets refused again

# Documented daily limits (调用额度, per the official page of each API; see the adapters' source notes).
DOCUMENTED_DAILY_LIMITS: dict[str, int] = {
    "/cgi-bin/stable_token": 500_000,
    "/wxa/business/getliveinfo": 100_000,
    "/wxaapi/broadcast/room/create": 10_000,
    "/wxaapi/broadcast/room/editroom": 10_000,
    "/wxaapi/broadcast/room/addgoods": 10_000,
    "/wxaapi/broadcast/room/getsharedcode": 10_000,
    "/wxaapi/broadcast/room/addassistant": 10_000,
    "/wxaapi/broadcast/room/modifyassistant": 10_000,
    "/wxaapi/broadcast/room/getassistantlist": 10_000,
    "/wxaapi/broadcast/room/updatecomment": 10_000,
    "/wxaapi/broadcast/goods/push": 10_000,
    "/wxaapi/broadcast/goods/deleteInRoom": 10_000,
    "/wxaapi/broadcast/goods/sort": 10_000,
    "/wxaapi/broadcast/goods/add": 500,
    "/wxaapi/broadcast/goods/getapproved": 10_000,
}


@dataclass
class _Counter:
    day: int
    used: int = 0
    refused: int = 0
    exhausted_until: float | None = None   # wall clock
    slowed_until: float | None = None      # wall clock


class QuotaBook:
    """Per-API counters for one connection. `poll_share` is the part of an API's daily allowance
    pollers may spend; the rest stays for actions. APIs without a documented limit are planned
    against `assumed_daily_limit` (our own budget, never shown as the platform's)."""

    def __init__(self, clock: Clock, *, limits: dict[str, int] | None = None, poll_share: float = 0.5,
                 assumed_daily_limit: int = 10_000) -> None:
        self.clock = clock
        self.limits = dict(DOCUMENTED_DAILY_LIMITS if limits is None else limits)
        self.poll_share = poll_share
        self.assumed_daily_limit = assumed_daily_limit
        self._counters: dict[str, _Counter] = {}

    # -------------------------------------------------------------- days, Beijing time

    def _day(self, now: float | None = None) -> int:
        return beijing_day(self.clock.now() if now is None else now)

    def next_reset(self) -> float:
        """Epoch seconds of the next midnight, Beijing time."""
        return next_beijing_midnight(self.clock.now())

    def seconds_to_reset(self) -> float:
        return max(1.0, self.next_reset() - self.clock.now())

    def _counter(self, api: str) -> _Counter:
        day = self._day()
        c = self._counters.get(api)
        if c is None or c.day != day:
            c = self._counters[api] = _Counter(day)
        return c

    # -------------------------------------------------------------- accounting

    def record_call(self, api: str) -> None:
        self._counter(api).used += 1

    def record_day_refusal(self, api: str) -> float:
        """45009: blocked until the reset; returns when that is."""
        c = self._counter(api)
        c.refused += 1
        c.exhausted_until = self.next_reset()
        return c.exhausted_until

    def record_minute_refusal(self, api: str) -> float:
        c = self._counter(api)
        c.refused += 1
        c.slowed_until = self.clock.now() + MINUTE_BACKOFF_S
        return MINUTE_BACKOFF_S

    def learn(self, api: str, daily_limit: int, used: int) -> None:
        """The platform's own counter (getApiQuota): adopt it where it knows more than we do."""
        if daily_limit > 0:
            self.limits[api] = daily_limit
        c = self._counter(api)
        c.used = max(c.used, used)

    # -------------------------------------------------------------- before sending

    def blocked_for(self, api: str) -> tuple[str, float] | None:
        """("day", resets_at) or ("minute", seconds left) when nothing may be sent now."""
        c = self._counter(api)
        now = self.clock.now()
        if c.exhausted_until is not None and now < c.exhausted_until:
            return "day", c.exhausted_until
        limit = self.limits.get(api)
        if limit is not None and c.used >= limit:
            return "day", self.next_reset()
        if c.slowed_until is not None and now < c.slowed_until:
            return "minute", c.slowed_until - now
        return None

    def poll_interval(self, api: str, base_s: float, calls_per_poll: int = 1) -> float:
        """How long a poller waits between rounds: its base interval, stretched so that polling
        uses at most `poll_share` of what is left of today's allowance."""
        c = self._counter(api)
        limit = self.limits.get(api, self.assumed_daily_limit)
        poll_budget = limit * self.poll_share - c.used * self.poll_share
        if poll_budget < calls_per_poll:
            return self.seconds_to_reset()
        rounds = poll_budget / max(1, calls_per_poll)
        return max(base_s, self.seconds_to_reset() / rounds)

    # -------------------------------------------------------------- for the console

    def usage(self) -> tuple[QuotaUse, ...]:
        out = []
        for api in sorted(self._counters):
            c = self._counter(api)
            now = self.clock.now()
            out.append(QuotaUse(api=api, used_today=c.used, daily_limit=self.limits.get(api), refused_today=c.refused,
                                exhausted_until=c.exhausted_until if c.exhausted_until and c.exhausted_until > now
                                else None,
                                slowed_until=c.slowed_until if c.slowed_until and c.slowed_until > now else None))
        return tuple(out)
