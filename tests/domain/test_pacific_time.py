"""Midnight Pacific without a time-zone database (Windows without tzdata, a frozen build): the US
rule itself gives the same times as the database — a fixed UTC−8 turned YouTube's quota day an
hour late from March to November."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from anchor_console.domain.pacific_time import USPacific


def test_the_hand_made_rule_agrees_with_the_database_hour_by_hour_across_the_changes():
    ours, db = USPacific(), ZoneInfo("America/Los_Angeles")
    start = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc).timestamp()
    for hour in range(0, 2 * 366 * 24, 1):   # two years, every hour (both changes, twice)
        t = start + hour * 3600 + 1800
        assert dt.datetime.fromtimestamp(t, ours).replace(tzinfo=None) == \
            dt.datetime.fromtimestamp(t, db).replace(tzinfo=None), dt.datetime.fromtimestamp(t, db)
    for day in (dt.date(2026, 3, 8), dt.date(2026, 7, 1), dt.date(2026, 11, 1), dt.date(2026, 12, 1)):
        midnight = dt.datetime.combine(day, dt.time(0))
        assert midnight.replace(tzinfo=ours).timestamp() == midnight.replace(tzinfo=db).timestamp()
