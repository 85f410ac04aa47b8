"""The days of the national dataset: working days, their weights (seasons, Tết, the 2020–2021 lockdowns), their
dates and office-hour timestamps, all by ordinal so that the generators do integer arithmetic and look-ups only."""

from __future__ import annotations

import datetime as dt
import random
from bisect import bisect_right
from itertools import accumulate

from portal.workcalendar import WorkCalendar

FIRST_DAY = dt.date(2016, 1, 1)
# Records stop here whatever the wall clock says, so that a scale gives the same rows on any day.
AS_OF = dt.date(2026, 11, 30)
MAP_CHANGE = dt.date(2025, 7, 1)  # portal.dated_rules.TWO_LEVEL_GOVERNMENT_FROM, written here for the generators

# Petitions and visits by month (the year's start and its end are busier; Tết is handled below).
MONTH_WEIGHTS = {
    1: 1.0,
    2: 0.8,
    3: 1.15,
    4: 1.05,
    5: 1.05,
    6: 1.0,
    7: 1.0,
    8: 0.95,
    9: 0.95,
    10: 1.05,
    11: 1.1,
    12: 1.0,
}
WEEKDAY_WEIGHTS = (1.2, 1.05, 1.0, 1.0, 0.85, 0.35, 0.0)  # Monday … Sunday; a make-up Saturday is quiet
YEARLY_GROWTH = 0.025  # the registers grew a little every year (more online channels)
BEFORE_TET, AFTER_TET = 14, 10  # days of the Tết dip on either side of the holiday itself
# The 2020 and 2021 lockdowns (the Prime Minister's Directive 16/CT-TTg): fewer people came or wrote.
LOCKDOWNS = ((dt.date(2020, 4, 1), dt.date(2020, 4, 22), 0.45), (dt.date(2021, 7, 19), dt.date(2021, 9, 30), 0.7))


class Days:
    """Every day from FIRST_DAY to a while after AS_OF: working or not, its weight, its date and timestamps."""

    def __init__(self, *, as_of: dt.date = AS_OF, calendar: WorkCalendar | None = None) -> None:
        calendar = calendar or WorkCalendar()
        self.first = FIRST_DAY.toordinal()
        self.as_of = as_of.toordinal()
        self.map_change = MAP_CHANGE.toordinal()
        # deadlines and late settlements run past the as-of day: keep a year and a half of days after it
        last = (as_of + dt.timedelta(days=550)).toordinal()
        self.dates = [dt.date.fromordinal(n) for n in range(self.first, last + 1)]
        self.text = [d.isoformat() for d in self.dates]
        office = dt.timezone(dt.timedelta(hours=7))  # records are stamped in office hours, Vietnam's time
        self.mornings = [dt.datetime(d.year, d.month, d.day, 8, 30, tzinfo=office) for d in self.dates]
        self.afternoons = [dt.datetime(d.year, d.month, d.day, 15, 0, tzinfo=office) for d in self.dates]
        self.working = [calendar.is_working_day(d) for d in self.dates]
        self.next_working = [0] * len(self.dates)
        following = last
        for index in range(len(self.dates) - 1, -1, -1):
            if self.working[index]:
                following = self.first + index
            self.next_working[index] = following
        tet = {d.year: d for d, name in calendar.national.items() if name == "Tết Nguyên Đán"}
        self.tet = {year: day.toordinal() for year, day in tet.items()}

    # --- conversions ---------------------------------------------------------------------------------------------
    def iso(self, ordinal: int) -> str:
        return self.text[ordinal - self.first]

    def date(self, ordinal: int) -> dt.date:
        return self.dates[ordinal - self.first]

    def year(self, ordinal: int) -> int:
        return self.dates[ordinal - self.first].year

    def working_on_or_after(self, ordinal: int) -> int:
        return self.next_working[ordinal - self.first]

    def is_working(self, ordinal: int) -> bool:
        return self.working[ordinal - self.first]

    # --- how busy each day is ------------------------------------------------------------------------------------
    def weight(self, ordinal: int) -> float:
        """A working day's share of the year's petitions and visits; 0 on days off (Tết, weekends, holidays)."""
        if not self.is_working(ordinal):
            return 0.0
        day = self.date(ordinal)
        weight = MONTH_WEIGHTS[day.month] * WEEKDAY_WEIGHTS[day.weekday()]
        weight *= 1 + YEARLY_GROWTH * (day.year - FIRST_DAY.year)
        tet = self.tet.get(day.year)
        if tet is not None:
            if tet - BEFORE_TET <= ordinal < tet:
                weight *= 0.35 + 0.45 * (tet - ordinal) / BEFORE_TET  # quieter and quieter as Tết comes
            elif tet < ordinal <= tet + AFTER_TET + 7:  # the holiday's week off, then a slow restart
                weight *= 0.5
        for start, end, factor in LOCKDOWNS:
            if start <= day <= end:
                weight *= factor
        return weight

    def allocate(self, total: int) -> list[tuple[int, int]]:
        """`total` records over the working days up to the as-of day, by weight: (ordinal, count) per day, the
        counts summing to `total` exactly (the cumulative target rounded, so no day drifts)."""
        ordinals = list(range(self.first, self.as_of + 1))
        weights = [self.weight(n) for n in ordinals]
        whole = sum(weights)
        days, done, running = [], 0, 0.0
        for ordinal, weight in zip(ordinals, weights, strict=True):
            if not weight:
                continue
            running += weight
            target = round(total * running / whole)
            if target > done:
                days.append((ordinal, target - done))
                done = target
        return days


class ListedCalendar(WorkCalendar):
    """The work calendar's answers for the dataset's days, read from lists (the deadline engine asks millions of
    times); outside those days, the calendar itself answers."""

    def __init__(self, days: Days, calendar: WorkCalendar) -> None:
        self.overrides, self.national = calendar.overrides, calendar.national
        self._calendar, self._first, self._working = calendar, days.first, days.working
        self._reasons = [
            calendar.day_off_reason(d) if not w else "" for d, w in zip(days.dates, days.working, strict=True)
        ]

    def _index(self, day: dt.date) -> int | None:
        index = day.toordinal() - self._first
        return index if 0 <= index < len(self._working) else None

    def is_working_day(self, day: dt.date) -> bool:
        index = self._index(day)
        return self._calendar.is_working_day(day) if index is None else self._working[index]

    def day_off_reason(self, day: dt.date) -> str:
        index = self._index(day)
        return self._calendar.day_off_reason(day) if index is None else self._reasons[index]


class Picker:
    """A weighted draw among items with one random number and a bisection (random.choices recomputes weights)."""

    __slots__ = ("cumulative", "items", "total")

    def __init__(self, items: list, weights: list[float]) -> None:
        if not items:
            raise ValueError("Nothing to pick from")
        self.items = items
        self.cumulative = list(accumulate(weights))
        self.total = self.cumulative[-1]

    def __call__(self, rng: random.Random):
        return self.items[bisect_right(self.cumulative, rng.random() * self.total)]


def picker(weighted: list[tuple]) -> Picker:
    """A Picker over (value, weight) pairs."""
    return Picker([value for value, _weight in weighted], [weight for _value, weight in weighted])
