"""Properties of the deadline engine over any start date, any rule of the table and any override table.

tests/petitions/test_deadlines.py checks dates worked out by hand and a few properties over 2024–2027
with the national calendar only. These draw the start from the whole calendar the portal knows
(2011–2039), the rule from every row of the default table (every kind, round and event), and an
administrators' table of swapped days (weekdays made days off, Saturdays and Sundays made working
days), and check the rules of DOMAIN §0, R2.10 and §8 against a calendar written out here
independently of portal.workcalendar. No database: the override table is given explicitly.

Each test says which change to the engine would make it fail.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import holidays
from hypothesis import given, settings
from hypothesis import strategies as st

from petitions.choices import Complexity, DayType, DeadlineEvent
from petitions.deadlines import PAUSE_STOPS_CLOCK_FROM, RuleRow, compute_deadline
from petitions.rule_defaults import DEFAULT_RULES
from portal.workcalendar import WorkCalendar

ONE_DAY = dt.timedelta(days=1)
# About 70 rule and date draws a second: the whole file stays within a few seconds.
PROPERTY = settings(max_examples=150, deadline=None, database=None)


def rule_row(spec: dict) -> RuleRow:
    values = {f.name: spec.get(f.name) for f in dataclasses.fields(RuleRow)}
    values["kind"] = spec.get("kind") or ""
    return RuleRow(**values)


RULES = [rule_row(spec) for spec in DEFAULT_RULES]
NATIONAL = holidays.country_holidays("VN", years=range(2010, 2041))

# Leave the last year of the calendar as room for the longest limit (70 days, two 30-day extensions, pauses).
STARTS = st.dates(min_value=dt.date(2011, 1, 1), max_value=dt.date(2039, 6, 30))
ANY_RULE = st.sampled_from(RULES)
WORKING_RULES = st.sampled_from([r for r in RULES if r.day_type == DayType.WORKING])
CALENDAR_RULES = st.sampled_from([r for r in RULES if r.day_type == DayType.CALENDAR])
SETTLEMENT_RULES = st.sampled_from([r for r in RULES if r.event == DeadlineEvent.SETTLEMENT])
COMPLEXITIES = st.sampled_from(list(Complexity.values))


def is_working_day(day: dt.date, overrides: dict[dt.date, bool]) -> bool:
    """The oracle: an override decides; otherwise Monday–Friday and not a holiday, or a make-up Saturday."""
    if day in overrides:
        return overrides[day]
    if day in NATIONAL.weekend_workdays:
        return True
    return day.weekday() < 5 and day not in NATIONAL


@st.composite
def override_tables(draw, around: dt.date | None = None) -> dict[dt.date, bool]:
    """Up to eight swapped days near `around` (or anywhere): weekdays off, weekend days working."""
    if around is None:
        days = st.dates(min_value=dt.date(2011, 1, 1), max_value=dt.date(2039, 12, 31))
    else:
        days = st.integers(min_value=0, max_value=120).map(lambda n: around + dt.timedelta(days=n))
    table = {}
    for day in draw(st.lists(days, max_size=8)):
        table[day] = day.weekday() >= 5  # a swap: the weekday becomes a day off, the weekend day a working day
    return table


def limit_date(rule: RuleRow, start: dt.date, calendar: WorkCalendar, complexity: str) -> dt.date:
    """The end of the plain limit, before extensions, pauses and rolling forward (the engine's own step)."""
    item = compute_deadline(rule, start, calendar=calendar, complexity=complexity)
    return dt.date.fromisoformat(next(s["date"] for s in item.steps if s["op"] in ("add_working", "add_calendar")))


@st.composite
def start_and_overrides(draw):
    start = draw(STARTS)
    return start, draw(override_tables(around=start))


# --- a deadline is a working day, after its start ---------------------------------------------


@PROPERTY
@given(case=start_and_overrides(), rule=ANY_RULE, complexity=COMPLEXITIES, remote=st.booleans())
def test_no_deadline_falls_on_a_day_off_whatever_the_start_the_rule_and_the_swapped_days(
    case, rule, complexity, remote
):
    """Fails if the roll-forward to the next working day were dropped (calendar-day rules), if working days
    stopped skipping holidays or weekends, or if the administrators' table were ignored."""
    start, overrides = case
    item = compute_deadline(
        rule, start, calendar=WorkCalendar(overrides=overrides), complexity=complexity, remote=remote
    )
    assert is_working_day(item.due, overrides), (item.due, item.due.strftime("%A"), NATIONAL.get(item.due))
    assert item.due > start


@PROPERTY
@given(case=start_and_overrides(), rule=WORKING_RULES, complexity=COMPLEXITIES)
def test_a_working_day_limit_is_the_nth_working_day_after_the_start(case, rule, complexity):
    """Fails if the start day were counted (Civil Code art. 147), or if a holiday, weekend or swapped day off
    were counted as a working day."""
    start, overrides = case
    item = compute_deadline(rule, start, calendar=WorkCalendar(overrides=overrides), complexity=complexity)
    days = [start + ONE_DAY * n for n in range(1, (item.due - start).days + 1)]
    working = [day for day in days if is_working_day(day, overrides)]
    expected = rule.complex_days if complexity != Complexity.NORMAL and rule.complex_days else rule.days
    assert len(working) == expected
    assert working[-1] == item.due  # the n-th working day itself, not a day later


@PROPERTY
@given(case=start_and_overrides(), rule=CALENDAR_RULES, complexity=COMPLEXITIES, remote=st.booleans())
def test_a_calendar_day_limit_moves_only_past_days_off(case, rule, complexity, remote):
    """Fails if a calendar-day limit skipped weekends as working days do, or if it rolled past a working day."""
    start, overrides = case
    item = compute_deadline(
        rule, start, calendar=WorkCalendar(overrides=overrides), complexity=complexity, remote=remote
    )
    raw_end = start + dt.timedelta(days=next(s["days"] for s in item.steps if s["op"] == "add_calendar"))
    assert item.due >= raw_end
    assert all(not is_working_day(raw_end + ONE_DAY * n, overrides) for n in range((item.due - raw_end).days))


# --- later starts, extensions and pauses never bring a deadline forward ------------------------


@PROPERTY
@given(
    first=STARTS,
    gap=st.integers(min_value=0, max_value=60),
    rule=ANY_RULE,
    complexity=COMPLEXITIES,
    remote=st.booleans(),
    overrides=override_tables(),
)
def test_a_later_start_never_gives_an_earlier_deadline(first, gap, rule, complexity, remote, overrides):
    """Fails if the date depended on the start other than by counting forward from it: say a roll-forward
    that jumped a fixed two days (Saturday to Monday, but Sunday to Tuesday), or a limit picked by weekday."""
    calendar = WorkCalendar(overrides=overrides)
    second = first + dt.timedelta(days=gap)
    earlier = compute_deadline(rule, first, calendar=calendar, complexity=complexity, remote=remote)
    later = compute_deadline(rule, second, calendar=calendar, complexity=complexity, remote=remote)
    assert earlier.due <= later.due


@PROPERTY
@given(start=STARTS, rule=ANY_RULE, overrides=override_tables())
def test_a_complex_case_or_a_remote_area_never_gets_less_time(start, rule, overrides):
    """Fails if the complex or remote-area limits were read from the wrong column (one shorter than normal)."""
    calendar = WorkCalendar(overrides=overrides)

    def due(complexity: str, remote: bool) -> dt.date:
        return compute_deadline(rule, start, calendar=calendar, complexity=complexity, remote=remote).due

    for remote in (False, True):
        assert due(Complexity.NORMAL, remote) <= due(Complexity.COMPLEX, remote) == due(Complexity.VERY_COMPLEX, remote)
    for complexity in Complexity.values:
        assert due(complexity, False) <= due(complexity, True)


@PROPERTY
@given(
    start=STARTS,
    rule=SETTLEMENT_RULES,
    complexity=COMPLEXITIES,
    extensions=st.lists(st.integers(min_value=1, max_value=30), max_size=2),
    extra=st.integers(min_value=1, max_value=30),
    overrides=override_tables(),
)
def test_each_extension_pushes_the_settlement_later(start, rule, complexity, extensions, extra, overrides):
    """Fails if an extension's days were not added, were subtracted, or only the last extension counted."""
    calendar = WorkCalendar(overrides=overrides)

    def due(days: list[int]) -> dt.date:
        decisions = [(n, f"{i}/QĐ-UBND") for i, n in enumerate(days, 1)]
        return compute_deadline(rule, start, calendar=calendar, complexity=complexity, extensions=decisions).due

    without, with_extensions, with_one_more = due([]), due(extensions), due([*extensions, extra])
    assert without <= with_extensions <= with_one_more
    # Every granted day counts: no earlier than the plain limit plus all the extensions (then rolled forward).
    limit_end = limit_date(rule, start, calendar, complexity)
    assert with_one_more >= limit_end + dt.timedelta(days=sum(extensions) + extra)
    assert is_working_day(with_one_more, overrides)


@PROPERTY
@given(
    start=STARTS,
    rule=SETTLEMENT_RULES,
    offset=st.integers(min_value=0, max_value=60),
    length=st.integers(min_value=0, max_value=60),
    longer=st.integers(min_value=1, max_value=30),
    overrides=override_tables(),
)
def test_a_pause_never_brings_the_settlement_forward_and_a_longer_one_counts_more(
    start, rule, offset, length, longer, overrides
):
    """From 1 Jul 2026 a temporary suspension stops the clock (R2.12): fails if paused days were not added, or
    were added for a pause that began before that day; a longer pause must never give an earlier date."""
    calendar = WorkCalendar(overrides=overrides)
    began = start + dt.timedelta(days=offset)

    def due(pauses) -> dt.date:
        return compute_deadline(rule, start, calendar=calendar, pauses=pauses).due

    without = due([])
    short = due([(began, began + dt.timedelta(days=length))])
    long = due([(began, began + dt.timedelta(days=length + longer))])
    assert without <= short <= long
    if began < PAUSE_STOPS_CLOCK_FROM:
        assert without == short == long  # before the law of 2025 took effect the clock kept running
    else:  # every paused day counts
        assert long >= limit_date(rule, start, calendar, Complexity.NORMAL) + dt.timedelta(days=length + longer)


# --- the calendar itself -----------------------------------------------------------------------


@PROPERTY
@given(case=start_and_overrides(), count=st.integers(min_value=0, max_value=40))
def test_one_more_working_day_is_always_a_later_working_day(case, count):
    """Fails if add_working_days could stop on a day off, or count the start day."""
    start, overrides = case
    calendar = WorkCalendar(overrides=overrides)
    nth, next_one = calendar.add_working_days(start, count), calendar.add_working_days(start, count + 1)
    assert next_one > nth
    assert is_working_day(next_one, overrides)
    assert calendar.working_days_between(start, next_one) == count + 1
    assert all(not is_working_day(nth + ONE_DAY * n, overrides) for n in range(1, (next_one - nth).days))


@PROPERTY
@given(start=STARTS, rule=WORKING_RULES, data=st.data())
def test_a_weekday_declared_off_inside_the_period_pushes_a_working_day_deadline_later(start, rule, data):
    """A swapped day off (CalendarDay) inside the counted days costs one working day: fails if the engine
    read only the national calendar."""
    before = compute_deadline(rule, start, calendar=WorkCalendar(overrides={})).due
    counted = [start + ONE_DAY * n for n in range(1, (before - start).days + 1)]
    day = data.draw(st.sampled_from([d for d in counted if is_working_day(d, {})]))
    swapped = WorkCalendar(overrides={day: False})
    after = compute_deadline(rule, start, calendar=swapped).due
    assert after > before
    assert after == swapped.add_working_days(before, 1)
