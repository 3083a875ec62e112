"""US Pacific time, where YouTube's quota day turns (midnight Pacific). From the system's time-zone
database where there is one; where there is none (Windows without the tzdata package, a frozen
build), by the US rule itself — daylight saving from the second Sunday of March to the first
Sunday of November, 2:00 local — never a fixed UTC−8, which turned the day an hour late for
eight months of the year."""

from __future__ import annotations

import datetime as dt

_HOUR = dt.timedelta(hours=1)
_STANDARD = dt.timedelta(hours=-8)


def _sunday_on_or_after(day: dt.datetime) -> dt.datetime:
    return day + dt.timedelta(days=(6 - day.weekday()) % 7)


class USPacific(dt.tzinfo):
    """America/Los_Angeles by the rule in force since 2007 (the Python documentation's USTimeZone)."""

    def utcoffset(self, when: dt.datetime | None) -> dt.timedelta:
        return _STANDARD + self.dst(when)

    def dst(self, when: dt.datetime | None) -> dt.timedelta:
        if when is None:
            return dt.timedelta(0)
        start = _sunday_on_or_after(dt.datetime(when.year, 3, 8, 2))    # second Sunday of March, 2:00 standard
        end = _sunday_on_or_after(dt.datetime(when.year, 11, 1, 1))     # first Sunday of November, 1:00 standard
        return _HOUR if start <= when.replace(tzinfo=None) < end else dt.timedelta(0)

    def tzname(self, when: dt.datetime | None) -> str:
        return "PDT" if self.dst(when) else "PST"

    def fromutc(self, when: dt.datetime) -> dt.datetime:
        standard = when + _STANDARD
        start = _sunday_on_or_after(dt.datetime(standard.year, 3, 8, 2))
        end = _sunday_on_or_after(dt.datetime(standard.year, 11, 1, 1))
        return standard + _HOUR if start <= standard.replace(tzinfo=None) < end else standard

    def __repr__(self) -> str:
        return "USPacific()"


def pacific() -> dt.tzinfo:
    try:
        from zoneinfo import ZoneInfo
        return ZoneInfo("America/Los_Angeles")
    except Exception:   # no time-zone database here
        return USPacific()


PACIFIC = pacific()
