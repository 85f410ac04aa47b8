"""The nightly rebuild computes the reform figures set-wise (issue 17): every unit's plain figures of a period from
one grouped query over the tasks, summed up the unit tree. A leader must see exactly what the unit-by-unit
computation gives: the top (the committee's plans), `subtree`, the rows by area and by lead agency, and the
children, for every unit with plans (Bắc Kạn's 2024 history, Thái Nguyên's current plan), for units without any,
and as of every day a period stands at (a past period's end, or today while it runs).

Seeded once for the module on 20 Nov 2026, as tests/reform/test_demo.py does, and rolled back after it.
"""

from __future__ import annotations

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.choices import Generation, Level
from portal.models import AdministrativeUnit
from portal.unit_rows import ancestor_paths
from reform.demo import seed_reform
from reform.family import ReformParams
from reports import registry
from reports.periods import parse_period
from reports.services import report_compute, report_compute_many
from tests.demo_data import AS_OF, MOMENT, demo_loaded

# Past periods stand at their end (a deadline then: the extensions granted by that day), running ones at today
# (the stored deadline); a custom range reads the plans of two years.
PERIODS = {
    "2024": {"period": "2024"},
    "2024-Q3": {"period": "2024-Q3"},
    "2024-03": {"period": "2024-03"},
    "2024-H1": {"period": "2024-H1"},
    "2024-9M": {"period": "2024-9M"},
    "2023": {"period": "2023"},
    "2025-H2": {"period": "2025-H2"},
    "2026": {"period": "2026"},  # still running: as of today
    "2026-Q4": {"period": "2026-Q4"},
    "2026-05": {"period": "2026-05"},
    "2024-07..2025-06": {"date_from": "2024-07-01", "date_to": "2025-06-30"},
}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with demo_loaded(django_db_blocker, lambda: seed_reform(seed=2024, as_of=AS_OF, current_map=True)) as created:
        yield created


@pytest.fixture
def today(demo, db):
    with time_machine.travel(MOMENT, tick=False):
        yield AS_OF


@pytest.fixture
def units(today) -> list[AdministrativeUnit]:
    """Every unit with plans in its subtree, then a few without: communes of both maps and another province."""
    paths = {ancestor for path in registry.family("reform").recorded_paths() for ancestor in ancestor_paths(path)}
    with_plans = list(AdministrativeUnit.objects.filter(path__in=paths).order_by("path"))
    others = AdministrativeUnit.objects.exclude(path__in=paths)
    without = [
        *others.filter(generation=Generation.LEGACY, level=Level.COMMUNE).order_by("path")[:3],
        *others.filter(generation=Generation.CURRENT, level=Level.COMMUNE).order_by("path")[:3],
        *others.filter(level=Level.PROVINCE).order_by("path")[:1],
    ]
    return [*with_plans, *without]


def test_the_demo_has_plans_on_both_maps(units):
    with_plans = [u for u in units if u.generation == Generation.LEGACY and u.level == Level.DISTRICT]
    assert len(units) > 15 and with_plans
    assert any(u.generation == Generation.CURRENT and u.level == Level.PROVINCE for u in units)


@pytest.mark.parametrize("key", PERIODS)
def test_every_unit_gets_what_it_would_get_alone(units, key):
    period = parse_period(**PERIODS[key])

    together = report_compute_many(kind="reform", units=units, period=period)

    for unit in units:
        assert together[unit.pk] == report_compute(kind="reform", unit=unit, period=period), (unit.path, key)


def test_the_figures_have_something_to_compare(units):
    """The equivalence is not won on empty figures: the year's plans have tasks in every state and breakdown."""
    together = report_compute_many(kind="reform", units=units, period=parse_period(period="2024"))

    province = next(u for u in units if u.generation == Generation.LEGACY and u.level == Level.PROVINCE)
    figures = together[province.pk]
    assert (figures["planned"], figures["completed"]) == (81, 70)
    assert figures["by_area"] and figures["by_agency"] and figures["subtree"]["by_agency"]
    assert figures["subtree"]["planned"] > figures["planned"]
    assert sum(row["planned"] for row in figures["children"]) == figures["subtree"]["planned"]


def test_the_default_parameters_are_the_plain_snapshots(units):
    unit, period = units[0], parse_period(period="2024-Q3")

    alone = registry.family("reform").compute(unit, period.start, period.end, ReformParams())

    assert registry.family("reform").compute_many([unit], period.start, period.end)[unit.pk] == alone


@pytest.mark.parametrize("key", ["2024", "2026"])
def test_the_queries_do_not_grow_with_the_units(units, key, django_assert_max_num_queries):
    period = parse_period(period=key)

    with CaptureQueriesContext(connection) as few:
        report_compute_many(kind="reform", units=units[:3], period=period)
    with django_assert_max_num_queries(len(few.captured_queries) + 1):  # children come 500 units a query
        report_compute_many(kind="reform", units=units, period=period)
    assert len(few.captured_queries) <= 4  # the tasks, the areas, the agencies, the children
