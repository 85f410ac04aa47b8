"""Working days in Vietnam: the `holidays` calendar (Tết, substituted days, make-up Saturdays)
plus the administrators' table of swapped and make-up days (portal.CalendarDay).

Deadline rules count either calendar or working days (DOMAIN R2.10). Civil Code 2015 art. 147:
the first day is not counted; art. 148: a period ending on a non-working day ends on the next
working day.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays

ONE_DAY = dt.timedelta(days=1)
MIN_YEAR = 1900  # the earliest year an official may ask figures or duty records for


@lru_cache(maxsize=1)
def _national_calendar() -> holidays.HolidayBase:
    return holidays.country_holidays("VN", years=range(2010, 2041))


class WorkCalendar:
    """Which days are working days; build one per batch of computations (it reads the table once)."""

    def __init__(self, overrides: dict[dt.date, bool] | None = None):
        if overrides is None:
            from portal.models import CalendarDay

            overrides = dict(CalendarDay.objects.values_list("date", "is_working_day"))
        self.overrides = overrides
        self.national = _national_calendar()

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        return self.national.is_working_day(day)

    def day_off_reason(self, day: dt.date) -> str:
        if day in self.overrides:
            return ""
        return self.national.get(day) or ""

    def add_working_days(self, start: dt.date, count: int) -> dt.date:
        """The `count`-th working day after `start` (the start day itself is not counted)."""
        day, remaining = start, count
        while remaining > 0:
            day += ONE_DAY
            if self.is_working_day(day):
                remaining -= 1
        return day

    def next_working_day_on_or_after(self, day: dt.date) -> dt.date:
        while not self.is_working_day(day):
            day += ONE_DAY
        return day

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days in (start, end]; negative when end is before start."""
        if end < start:
            return -self.working_days_between(end, start)
        count, day = 0, start
        while day < end:
            day += ONE_DAY
            if self.is_working_day(day):
                count += 1
        return count
