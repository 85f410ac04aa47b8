"""Compliance with the heads' personal reception duty, on hand-built calendars."""

import datetime as dt

from portal.choices import AgencyKind, Level
from reception.duties import compliance


def commune(start, end, held):
    return compliance(
        agency_kind=AgencyKind.PEOPLES_COMMITTEE, level=Level.COMMUNE, start=start, end=end, held_dates=held
    )


def test_commune_chair_before_july_2026_must_receive_every_week():
    # June 2026 has four weeks that start on a Monday inside it: 1, 8, 15, 22 (29 Jun starts one too).
    result = commune(
        dt.date(2026, 6, 1), dt.date(2026, 6, 30), [dt.date(2026, 6, 2), dt.date(2026, 6, 3), dt.date(2026, 6, 16)]
    )
    assert [p.start for p in result.periods] == [dt.date(2026, 6, d) for d in (1, 8, 15, 22, 29)]
    assert result.required == 5 and result.counted == 2 and result.held_days == 3
    assert result.rate == 40.0
    assert [p.start for p in result.shortfall_periods] == [
        dt.date(2026, 6, 8),
        dt.date(2026, 6, 22),
        dt.date(2026, 6, 29),
    ]


def test_commune_chair_from_july_2026_must_receive_twice_a_month():
    held = [dt.date(2026, 7, 6), dt.date(2026, 7, 20), dt.date(2026, 8, 3)]
    result = commune(dt.date(2026, 7, 1), dt.date(2026, 8, 31), held)
    assert [(p.start, p.required, p.counted) for p in result.periods] == [
        (dt.date(2026, 7, 1), 2, 2),
        (dt.date(2026, 8, 1), 2, 1),
    ]
    assert result.rate == 75.0


def test_a_year_across_the_rule_change_uses_both_rules():
    result = commune(dt.date(2026, 1, 1), dt.date(2026, 12, 31), [])
    weekly = [p for p in result.periods if p.duty.per == "week"]
    monthly = [p for p in result.periods if p.duty.per == "month"]
    assert len(weekly) == 26  # Mondays from 5 Jan to 29 Jun 2026
    assert len(monthly) == 6 and result.required == 26 + 12
    assert result.rate == 0.0


def test_extra_days_in_one_month_do_not_make_up_for_another():
    held = [dt.date(2026, 9, d) for d in (1, 2, 3, 4)]
    result = compliance(
        agency_kind=AgencyKind.PEOPLES_COMMITTEE,
        level=Level.PROVINCE,
        start=dt.date(2026, 9, 1),
        end=dt.date(2026, 10, 31),
        held_dates=held,
    )
    assert (result.required, result.counted, result.held_days, result.rate) == (2, 1, 4, 50.0)


def test_district_duty_ends_with_the_district_level():
    result = compliance(
        agency_kind=AgencyKind.PEOPLES_COMMITTEE,
        level=Level.DISTRICT,
        start=dt.date(2025, 5, 1),
        end=dt.date(2025, 8, 31),
        held_dates=[dt.date(2025, 5, 5), dt.date(2025, 5, 19)],
    )
    assert [p.start for p in result.periods] == [dt.date(2025, 5, 1), dt.date(2025, 6, 1)]
    assert result.required == 4 and result.counted == 2


def test_department_heads_monthly_and_nothing_required_means_no_rate():
    result = compliance(
        agency_kind=AgencyKind.DEPARTMENT,
        level=Level.PROVINCE,
        start=dt.date(2024, 1, 1),
        end=dt.date(2024, 12, 31),
        held_dates=[dt.date(2024, m, 10) for m in range(1, 13)],
    )
    assert result.rate == 100.0
    none = compliance(
        agency_kind=AgencyKind.FATHERLAND_FRONT,
        level=Level.PROVINCE,
        start=dt.date(2024, 1, 1),
        end=dt.date(2024, 12, 31),
        held_dates=[],
    )
    assert none.required == 0 and none.rate is None
