"""Reception and ethnicity computed set-wise (issue 17) give every unit exactly what it gets alone, on data the
shared demo test (test_setwise.py) lacks: both maps (2022 to a running July 2026, the legacy map ending 30 Jun 2025),
periods still running or partly to come, the commune chair's duty changing from weekly to monthly on 1 Jul 2026,
and petitioners and citizens of many ethnic groups, several per record, representatives, blanks, denunciations.

The heads' duty is judged once per agency for all units (`reception.duties.compliance_many`): it must be
`agency_compliance` for every agency, whatever its days.

Seeded once for the module on Wednesday 15 Jul 2026 and rolled back after it.
"""

from __future__ import annotations

import datetime as dt
import random

import pytest
import time_machine
from django.conf import settings
from django.db import transaction

from petitions.models import Petitioner
from portal.choices import FOREIGN_ETHNICITY, KINH
from portal.models import AdministrativeUnit, Agency
from reception.duties import DUTY_AGENCY_KINDS, agency_compliance, compliance_many
from reception.models import VisitCitizen
from reports.periods import parse_period, standard_periods
from reports.services import report_compute, report_compute_many, units_with_data

AS_OF = dt.date(2026, 7, 15)
NOW = dt.datetime(2026, 7, 15, 2, 0, tzinfo=dt.UTC)  # 9:00 in Hà Nội
# Kinh most often, a few minority groups (more than the five shown), foreigners, and none recorded
GROUPS = [KINH] * 4 + ["02", "03", "05", "06", "07", "08", "08", "09", "10", "12", FOREIGN_ETHNICITY, "", ""]
PERIODS = [
    {"period": "2024"},
    {"period": "2025"},  # both maps: the legacy one until 30 Jun
    {"period": "2025-H2"},
    {"period": "2026"},  # running: the weeks and months after today are not owed yet
    {"period": "2026-07"},  # the running month
    {"period": "2026-Q3"},
    {"date_from": "2026-06-01", "date_to": "2026-07-31"},  # the chair's weekly duty, then the monthly one
    {"date_from": "2026-06-24", "date_to": "2026-07-08"},  # a week begun before, one straddling the change
]


@pytest.fixture(scope="module")
def both_maps(django_db_setup, django_db_blocker):
    """The 2025 organisation, a small register and the reception book on both maps, with people of many groups."""
    from petitions.demo import seed_petitions
    from portal.demo import seed_organisation_current
    from reception.demo import seed_reception

    with django_db_blocker.unblock(), time_machine.travel(NOW, tick=False):
        with transaction.atomic():
            seed_organisation_current(seed=2024, password=settings.DEMO_PASSWORD)
            seed_petitions(seed=2024, as_of=AS_OF, current_map=True)
            seed_reception(seed=2024, as_of=AS_OF, current_map=True)
            _mix_people(random.Random(17))
            # an agency closed down: its head owes nothing, in either computation
            closed = Agency.objects.filter(kind__in=DUTY_AGENCY_KINDS, reception_sessions__isnull=False).first()
            Agency.objects.filter(pk=closed.pk).update(is_active=False)
            yield
            transaction.set_rollback(True)


def _mix_people(rng: random.Random) -> None:
    """Give the demo's people ethnic groups, and some records a second person, now and then the representative:
    the lead person (the representative, else the first recorded) then differs from record to record."""
    for model, link in ((Petitioner, "petition"), (VisitCitizen, "visit")):
        people = list(model.objects.order_by("pk"))
        extra = [
            model(**{f"{link}_id": getattr(p, f"{link}_id")}, full_name="Người thứ hai", search_name="nguoi thu hai")
            for p in people
            if rng.random() < 0.25
        ]
        model.objects.bulk_create(extra, batch_size=2000)
        people += extra
        for person in people:
            person.ethnicity = rng.choice(GROUPS)
            person.is_representative = rng.random() < 0.1
        model.objects.bulk_update(people, ["ethnicity", "is_representative"], batch_size=2000)


@pytest.fixture
def today(both_maps):
    with time_machine.travel(NOW, tick=False):
        yield AS_OF


@pytest.fixture
def units(today, db) -> list[AdministrativeUnit]:
    with_data = list(units_with_data())
    without = [
        unit
        for generation in ("legacy", "2025")
        for unit in AdministrativeUnit.objects.filter(generation=generation, level="commune").exclude(
            pk__in=[u.pk for u in with_data]
        )[:2]
    ]
    return [*with_data, *without]


@pytest.mark.parametrize("kind", ["reception", "ethnicity"])
@pytest.mark.parametrize("period", PERIODS, ids=lambda p: "..".join(p.values()))
def test_every_unit_of_both_maps_gets_what_it_would_get_alone(units, kind, period):
    period = parse_period(**period)

    together = report_compute_many(kind=kind, units=units, period=period)

    assert {u.generation for u in units} == {"legacy", "2025"} and len(units) > 100
    for unit in units:
        assert together[unit.pk] == report_compute(kind=kind, unit=unit, period=period), (unit.path, period)


def test_the_records_reach_many_groups_and_the_duty_is_owed(units):
    """The data above tests something: several minority groups beyond the five shown, and heads owing days."""
    province = next(u for u in units if u.level == "province" and u.generation == "legacy")
    figures = report_compute_many(kind="ethnicity", units=[province], period=parse_period(period="2024"))
    other = next(row for row in figures[province.pk]["groups"] if row["key"] == "other_minority")
    assert len(other["codes"]) >= 2 and other["petitions"] and other["visits"]
    successor = next(u for u in units if u.level == "province" and u.generation == "2025")
    reception = report_compute_many(kind="reception", units=[successor], period=parse_period(period="2026"))
    assert 0 < reception[successor.pk]["counted_head_days"] < reception[successor.pk]["required_head_days"]


WINDOWS = [
    (dt.date(2026, 6, 1), dt.date(2026, 7, 31)),
    (dt.date(2026, 6, 17), dt.date(2026, 7, 15)),  # begins mid-week and mid-month
    (dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
    (dt.date(2026, 7, 1), dt.date(2026, 7, 1)),
    (dt.date(2026, 7, 2), dt.date(2026, 7, 2)),  # no week nor month begins in it
]


@pytest.mark.parametrize("start,end", WINDOWS)
def test_the_duty_of_many_agencies_is_each_agencys_own(both_maps, db, start, end):
    agencies = list(Agency.objects.filter(kind__in=DUTY_AGENCY_KINDS).select_related("unit").order_by("pk"))
    rng = random.Random(start.toordinal())
    window = (end - start).days + 10
    # days around the window too, repeated now and then (as several sessions on one day)
    held = {
        agency.pk: [start + dt.timedelta(days=rng.randrange(-5, window)) for _ in range(rng.choice([0, 1, 3, 30]))]
        for agency in agencies
    }

    together = compliance_many(agencies, start=start, end=end, held=held)

    assert {agency.unit.level for agency in agencies} == {"province", "district", "commune"}
    for agency in agencies:
        assert together[agency.pk] == agency_compliance(agency, start=start, end=end, held_dates=held[agency.pk])


@pytest.mark.parametrize("today", [dt.date(2026, 6, 20), dt.date(2025, 3, 31), dt.date(2027, 1, 4)])
def test_the_duty_of_a_years_periods_at_once_is_what_each_period_judged_alone_gives(both_maps, db, today):
    """The rebuild judges every head's duty for a year's periods from cumulative sums (`duty_figures_by_period`):
    each period's figures must be those of `compliance_many` over the period's owed days and its own days only,
    with weeks straddling its end, weeks and months over before today, and the 2025 change of duties inside."""
    from reception.duties import DUTY_FIGURES, duty_figures_by_period

    agencies = list(Agency.objects.filter(kind__in=DUTY_AGENCY_KINDS).select_related("unit").order_by("pk"))
    periods = [(p.start, p.end) for year in (2025, 2026) for p in standard_periods(year)] + WINDOWS
    rng = random.Random(today.toordinal())
    span = (dt.date(2027, 1, 10) - dt.date(2024, 12, 20)).days
    held = {
        agency.pk: sorted(
            {dt.date(2024, 12, 20) + dt.timedelta(days=rng.randrange(span)) for _ in range(rng.choice([0, 2, 40, 300]))}
        )
        for agency in agencies
    }

    at_once = list(duty_figures_by_period(agencies, periods, held=held, today=today))

    assert len(at_once) == len(periods)
    for (start, end), figures in zip(periods, at_once, strict=True):
        own_days = {pk: [d for d in days if start <= d <= end] for pk, days in held.items()}
        alone = compliance_many(agencies, start=start, end=min(end, max(start, today)), held=own_days)
        for agency in agencies:
            result = alone[agency.pk]
            ended = [p for p in result.periods if p.end < today]
            expected = (
                result.required,
                result.counted,
                result.held_days if result.required else 0,
                sum(p.required for p in ended),
                sum(p.counted for p in ended),
            )
            assert dict(zip(DUTY_FIGURES, figures[agency.pk], strict=True)) == dict(
                zip(DUTY_FIGURES, expected, strict=True)
            ), (agency.pk, start, end)
