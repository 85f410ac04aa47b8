"""Editing a task refreshes the stored figures it moved: those of the days its old and new deadlines fall on,
and the dashboards of both the agency that led it and the one that leads it now, however long after the year."""

import datetime as dt

import pytest

from reform.family import ReformParams
from reform.services import task_update
from reports.models import ReportSnapshot
from reports.periods import parse_period
from reports.services import report_refresh
from tests.reform.conftest import agency_of

pytestmark = pytest.mark.django_db

YEAR_2024 = parse_period(period="2024")


@pytest.fixture(autouse=True)
def frozen_today(march_2025):
    """10 March 2025: the 2024 plans' year is over, their figures are stored."""
    yield


@pytest.fixture
def announced(monkeypatch):
    """The (unit id, day) pairs each service call announced (portal.changes), one set per announcement."""
    from portal import registry

    calls = []
    original = registry.records_changed

    def spy(changes):
        calls.append(set(changes))
        return original(changes)

    monkeypatch.setattr(registry, "records_changed", spy)
    return calls


def stored(unit, params: str = "") -> dict:
    return ReportSnapshot.objects.get(
        kind="reform", unit=unit, start=YEAR_2024.start, end=YEAR_2024.end, params=params
    ).data


def test_a_deadline_moved_into_next_year_clears_the_overdue_task_from_the_stored_2024_figures(
    plans, bac_kan, reform_officer, announced, django_capture_on_commit_callbacks
):
    assert report_refresh(kind="reform", unit=bac_kan, period=YEAR_2024).data["overdue"] == 1
    overdue = plans["province"].tasks.get(deadline=dt.date(2024, 9, 30))

    with django_capture_on_commit_callbacks(execute=True):
        task_update(actor=reform_officer, task=overdue, original_deadline=dt.date(2025, 1, 31))

    assert stored(bac_kan)["overdue"] == 0
    assert announced == [{(bac_kan.pk, dt.date(2024, 9, 30)), (bac_kan.pk, dt.date(2025, 1, 31))}]


def test_handing_a_task_to_a_district_agency_refreshes_both_agencies_dashboards(
    plans, bac_kan, ba_be, justice, reform_officer, announced, django_capture_on_commit_callbacks
):
    district_committee = agency_of(ba_be, "UBND")
    justice_key = ReformParams(agency_id=justice.pk).to_key()
    district_key = ReformParams(agency_id=district_committee.pk).to_key()
    assert report_refresh(kind="reform", unit=bac_kan, period=YEAR_2024, params=justice_key).data["planned"] == 2
    assert report_refresh(kind="reform", unit=ba_be, period=YEAR_2024, params=district_key).data["planned"] == 2
    task = plans["province"].tasks.get(deadline=dt.date(2024, 9, 30))

    with django_capture_on_commit_callbacks(execute=True):
        task_update(actor=reform_officer, task=task, lead_agency=district_committee)

    assert stored(bac_kan, justice_key)["planned"] == 1
    assert stored(ba_be, district_key)["planned"] == 3
    assert announced == [{(bac_kan.pk, dt.date(2024, 1, 1)), (ba_be.pk, dt.date(2024, 1, 1))}]


def test_a_new_title_moves_no_figure_and_announces_only_today(
    plans, bac_kan, reform_officer, announced, django_capture_on_commit_callbacks
):
    task = plans["province"].tasks.get(deadline=dt.date(2024, 9, 30))

    with django_capture_on_commit_callbacks(execute=True):
        task_update(actor=reform_officer, task=task, title="Rà soát, công bố thủ tục hành chính nội bộ")

    assert announced == [{(bac_kan.pk, dt.date(2025, 3, 10))}]
