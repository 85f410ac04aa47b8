"""The nightly rebuild computes the models funnel set-wise (issue 17): every unit's figures of a period from a fixed
handful of grouped queries. Each unit must get exactly what it gets alone: the same funnel, breakdowns by field,
level, owner kind and programme, and the same child rows, for the demo registry's units and for units without models.

The demo registry (Bắc Kạn 2022–2024 on the legacy map, its 2025 friendly-government round, this year's rounds on
the 2025 map) is seeded once for the module on 20 Nov 2026, and rolled back after it.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from models_registry.family import MODELS
from models_registry.selectors import FUNNEL_STAGES
from portal.models import AdministrativeUnit
from reports.periods import parse_period
from reports.services import report_compute, report_compute_many
from tests.demo_data import AS_OF, demo_loaded, units_with_records

# a year, quarters (the decisions' one, and one with nothing dated in it), a month, a half year, nine months; the
# reform's year and the running year on the 2025 map
PERIODS = ("2024", "2023-Q4", "2023-Q3", "2022-03", "2023-H1", "2024-9M", "2025", "2026", "2026-Q4")
EMPTY = ("2023-Q3",)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    from models_registry.demo import seed_models

    with demo_loaded(django_db_blocker, lambda: seed_models(seed=2024, as_of=AS_OF)) as created:
        yield created


@pytest.fixture
def units(demo, db) -> list[AdministrativeUnit]:
    """Every province, district and commune under which a model is placed, then a few with none."""
    with_models = list(units_with_records(MODELS.recorded_paths()))
    prefixes = [unit.path for unit in with_models]
    without = [
        *AdministrativeUnit.objects.filter(level="commune", generation="legacy").exclude(path__in=prefixes)[:3],
        *AdministrativeUnit.objects.filter(level="commune", generation="current").exclude(path__in=prefixes)[:2],
        *AdministrativeUnit.objects.filter(level="province").exclude(path__in=prefixes)[:1],
    ]
    return [*with_models, *without]


@pytest.mark.parametrize("key", PERIODS)
def test_every_unit_gets_what_it_would_get_alone(units, key):
    period = parse_period(period=key)

    together = report_compute_many(kind="models", units=units, period=period)

    assert len(units) > 100
    counted = any(together[unit.pk][stage] for unit in units for stage in FUNNEL_STAGES)
    assert counted == (key not in EMPTY)
    for unit in units:
        assert together[unit.pk] == report_compute(kind="models", unit=unit, period=period), (unit.path, key)


def test_the_queries_do_not_grow_with_the_units(units, django_assert_max_num_queries):
    period = parse_period(period="2024")

    with CaptureQueriesContext(connection) as few:
        report_compute_many(kind="models", units=units[:3], period=period)
    with django_assert_max_num_queries(len(few.captured_queries) + 1):  # children come 500 units a query
        report_compute_many(kind="models", units=units, period=period)


def test_all_the_periods_in_one_pass_give_what_each_gives_alone(units):
    """The nightly rebuild asks for a year's 20 standard periods (and other years' beside them) in one pass."""
    from reports.periods import standard_periods
    from reports.services import report_compute_periods

    periods = [*standard_periods(2024), *(parse_period(period=key) for key in PERIODS)]

    one_pass = list(report_compute_periods(kind="models", units=units, periods=periods))

    assert len(one_pass) == len(periods)
    for period, together in zip(periods, one_pass, strict=True):
        assert together == report_compute_many(kind="models", units=units, period=period), period.key
        some = [u for u in units if u.level == "province"][:2]
        for unit in some:
            assert together[unit.pk] == report_compute(kind="models", unit=unit, period=period), (unit.path, period.key)


def test_the_one_pass_queries_do_not_grow_with_the_periods(units, django_assert_max_num_queries):
    from reports.periods import standard_periods
    from reports.services import report_compute_periods

    with CaptureQueriesContext(connection) as one:
        list(report_compute_periods(kind="models", units=units, periods=[parse_period(period="2024")]))
    with django_assert_max_num_queries(len(one.captured_queries)):
        list(report_compute_periods(kind="models", units=units, periods=standard_periods(2024)))
