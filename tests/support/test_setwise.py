"""The nightly rebuild computes the support figures set-wise (issue 17): every unit's figures of a period from a
fixed handful of grouped queries. Each unit must get exactly what it gets alone: the same communes, agencies
(distinct per row, and inactive as judged over the unit's whole subtree), activities, kinds and child rows.

The demo (35 region III communes of Tỉnh Thái Nguyên, on the 2025 map) has no districts, so the module adds a few
records on the legacy map of Bắc Kạn, where a province has districts: one agency assigned in two districts that
delivered lately in one only, an agency with nothing, a commune leaving region III in September, an assignment
ended in June, and a kind of support no longer used. Seeded once on 20 Nov 2026, rolled back after the module.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.models import AdministrativeUnit, Agency
from portal.unit_status import unit_status_record
from reports.periods import parse_period
from reports.services import report_compute, report_compute_many
from support.family import SUPPORT
from support.models import ActivityType
from support.services import ActivityData, activity_confirm, activity_record, assignment_create, assignment_end
from tests.demo_data import AS_OF, demo_loaded, units_with_records

# a year, the running quarter and an ended one, the running month and one to come, a half year, nine months, the
# year before any assignment
PERIODS = ("2026", "2026-Q4", "2026-Q3", "2026-11", "2026-12", "2026-H1", "2026-9M", "2025")
PAC_NAM, BA_BE = "legacy/06/060/", "legacy/06/061/"


def _delivered(assignment, activity_type: ActivityType, day: dt.date, value: int, quantity=None) -> None:
    data = ActivityData(
        activity_type=activity_type,
        date=day,
        description="Hỗ trợ của cơ quan phụ trách",
        in_kind_vnd=value,
        quantity=quantity,
    )
    activity_confirm(actor=None, activity=activity_record(actor=None, assignment=assignment, data=data, submit=True))


def _legacy_records() -> None:
    """Bắc Kạn's agencies supporting communes of Pác Nặm and Ba Bể (see the module's docstring)."""
    pac_nam = list(AdministrativeUnit.objects.filter(parent__path=PAC_NAM).order_by("code")[:2])
    ba_be = AdministrativeUnit.objects.filter(parent__path=BA_BE).order_by("code").first()
    for commune in (*pac_nam, ba_be):
        unit_status_record(actor=None, unit=commune, valid_from=dt.date(2021, 6, 4), region="III")
    unit_status_record(actor=None, unit=pac_nam[1], valid_from=dt.date(2026, 9, 1), region="II")  # leaves region III
    health, school, bank = Agency.objects.filter(unit__path="legacy/06/", is_active=True).order_by("pk")[:3]
    decided = {"year": 2026, "decision_number": "12/QĐ-UBND", "decision_date": dt.date(2026, 1, 5)}
    in_pac_nam, _second, in_ba_be = assignment_create(actor=None, agency=health, communes=[*pac_nam, ba_be], **decided)
    assignment_create(actor=None, agency=school, communes=[pac_nam[0]], **decided)  # assigned, nothing delivered
    [ended] = assignment_create(actor=None, agency=bank, communes=[ba_be], **decided)
    medical = ActivityType.objects.get(code="medical")
    retired = ActivityType.objects.create(code="retired-kind", name="Loại hỗ trợ cũ", quantity_unit="tấn", order=99)
    _delivered(in_pac_nam, medical, dt.date(2026, 10, 12), 45_000_000, quantity=Decimal("320"))
    _delivered(in_pac_nam, retired, dt.date(2026, 5, 3), 7_500_000, quantity=Decimal("2.50"))
    _delivered(in_ba_be, medical, dt.date(2026, 3, 2), 5_000_000)  # Ba Bể: nothing in the last 90 days
    _delivered(ended, medical, dt.date(2026, 2, 14), 3_000_000)
    assignment_end(actor=None, assignment=ended, on=dt.date(2026, 6, 30), reason="Cơ quan được giao nhiệm vụ khác.")
    ActivityType.objects.filter(pk=retired.pk).update(is_active=False)  # no longer offered; its activity still counts


@pytest.fixture(scope="module")
def records(django_db_setup, django_db_blocker):
    from support.demo import seed_support

    def seed():
        seed_support(seed=2024, as_of=AS_OF)
        _legacy_records()

    with demo_loaded(django_db_blocker, seed):
        yield


@pytest.fixture
def units(records, db) -> list[AdministrativeUnit]:
    """Every province, district and commune under which a commune is assigned, then a few with none."""
    with_records = list(units_with_records(SUPPORT.recorded_paths()))
    prefixes = [unit.path for unit in with_records]
    without = [
        *AdministrativeUnit.objects.filter(parent__path=BA_BE).exclude(path__in=prefixes)[:2],
        *AdministrativeUnit.objects.filter(level="district", parent__path="legacy/06/").exclude(path__in=prefixes)[:1],
        *AdministrativeUnit.objects.filter(level="commune", generation="current").exclude(path__in=prefixes)[:2],
    ]
    return [*with_records, *without]


@pytest.mark.parametrize("key", PERIODS)
def test_every_unit_gets_what_it_would_get_alone(units, key):
    period = parse_period(period=key)

    together = report_compute_many(kind="support", units=units, period=period)

    assert len(units) > 40
    for unit in units:
        assert together[unit.pk] == report_compute(kind="support", unit=unit, period=period), (unit.path, key)


def test_an_agency_quiet_in_one_district_is_active_in_the_provinces_row_of_it(units):
    """The rule both computations keep: an agency is inactive when it delivered nothing lately anywhere in the
    subtree of the figures' unit, and a child's row is judged with its parent's figures."""
    together = report_compute_many(kind="support", units=units, period=parse_period(period="2026-Q4"))
    by_path = {unit.path: together[unit.pk] for unit in units}

    ba_be_row = next(row for row in by_path["legacy/06/"]["children"] if row["code"] == "061")
    assert (ba_be_row["agencies"], ba_be_row["inactive_agencies"]) == (1, 0)  # it delivered in Pác Nặm lately
    assert (by_path[BA_BE]["agencies"], by_path[BA_BE]["inactive_agencies"]) == (1, 1)  # the bank's ended
    assert "retired-kind" not in by_path["legacy/06/"]["by_type"]  # a kind no longer offered, nothing in Q4


def test_a_kind_no_longer_offered_is_listed_where_it_was_delivered(units):
    together = report_compute_many(kind="support", units=units, period=parse_period(period="2026"))
    by_path = {unit.path: together[unit.pk] for unit in units}

    assert by_path[PAC_NAM]["by_type"]["retired-kind"] == {
        "label": "Loại hỗ trợ cũ",
        "quantity_unit": "tấn",
        "activities": 1,
        "value_vnd": 7_500_000,
        "quantity": 2.5,
    }
    assert "retired-kind" not in by_path[BA_BE]["by_type"]


def test_the_queries_do_not_grow_with_the_units(units, django_assert_max_num_queries):
    period = parse_period(period="2026")

    with CaptureQueriesContext(connection) as few:
        report_compute_many(kind="support", units=units[:3], period=period)
    with django_assert_max_num_queries(len(few.captured_queries) + 1):  # children come 500 units a query
        report_compute_many(kind="support", units=units, period=period)
