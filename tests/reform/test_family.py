"""The "reform" report family: a unit's own plans for the period's years and its subtree's, their completion as of
the period's end, by area, by lead agency and by child unit, the children adding up to the subtree."""

import datetime as dt

import pytest

from reports import registry
from reports.models import ReportSnapshot
from reports.periods import parse_period
from reports.services import report_compute, report_refresh, reports_refresh_for_changes
from tests.reform.conftest import agency_of, complete, make_plan, make_task

pytestmark = pytest.mark.django_db

COUNTS = ("planned", "completed", "completed_on_time", "completed_late", "in_progress", "due_soon", "overdue")


@pytest.fixture(autouse=True)
def frozen_today(march_2025):
    """10 March 2025: the 2024 plans were entered after the fact, their year is over."""
    yield


def figures(unit, period: str) -> dict:
    p = parse_period(period=period)
    family = registry.family("reform")
    return family.compute(unit, p.start, p.end, family.parameters())


def test_the_year_figures_count_the_subtree_plans_of_that_year_as_of_its_end(plans, bac_kan):
    year = figures(bac_kan, "2024")["subtree"]
    assert {key: year[key] for key in COUNTS} == {
        "planned": 5,  # the cancelled task is left out
        "completed": 3,
        "completed_on_time": 2,
        "completed_late": 1,
        "in_progress": 1,
        "due_soon": 0,
        "overdue": 1,
    }
    assert year["cancelled"] == 1
    assert year["completion_rate"] == 60.0  # 3 / 5
    assert (year["completed_of_due"], year["fallen_due"], year["completion_rate_due"]) == (3, 4, 75.0)
    assert year["on_time_rate"] == 66.67  # 2 / 3, rounded half-up


def test_the_top_figures_are_the_units_own_plans(plans, bac_kan):
    year = figures(bac_kan, "2024")
    assert year["as_of"] == "2024-12-31"
    # the province's own plan: on time, late, never done (overdue), and the cancelled one left out
    assert (year["planned"], year["completed"], year["overdue"], year["cancelled"]) == (3, 2, 1, 1)
    assert (year["completion_rate"], year["completion_rate_due"], year["on_time_rate"]) == (66.67, 66.67, 50.0)
    agencies = {row["name"]: row for row in year["by_agency"]}
    assert {name: row["planned"] for name, row in agencies.items()} == {
        "Sở Nội vụ tỉnh Bắc Kạn": 1,
        "Sở Tư pháp tỉnh Bắc Kạn": 2,
    }


def test_figures_stand_at_the_end_of_the_period(plans, bac_kan):
    whole = figures(bac_kan, "2024-H1")
    half = whole["subtree"]
    assert whole["as_of"] == "2024-06-30"
    # On 30 June the task cancelled in August was still planned, and the September one still within its deadline.
    assert (half["planned"], half["completed"], half["cancelled"], half["overdue"]) == (6, 2, 0, 0)
    assert half["completion_rate"] == 33.33


def test_a_period_counts_only_the_plans_of_its_years(plans, bac_kan):
    assert (figures(bac_kan, "2023")["planned"], figures(bac_kan, "2023")["subtree"]["completed"]) == (1, 1)
    running = figures(bac_kan, "2025")
    assert running["as_of"] == "2025-03-10"  # a period still running stands at today
    assert running["planned"] == 0 and running["completion_rate"] is None


def test_children_add_up_to_the_province_with_the_own_level_row(plans, bac_kan, ba_be):
    year = figures(bac_kan, "2024")["subtree"]
    children = figures(bac_kan, "2024")["children"]
    own = [row for row in children if row.get("own_level")]
    assert len(own) == 1 and own[0]["name"] == "Cơ quan cấp tỉnh" and own[0] is children[-1]
    assert (own[0]["planned"], own[0]["completed"]) == (3, 2)
    district = next(row for row in children if row["unit"] == ba_be.pk)
    assert (district["name"], district["planned"], district["completed"], district["in_progress"]) == (
        "Huyện Ba Bể",
        2,
        1,
        1,
    )
    assert len(children) == bac_kan.children.count() + 1  # every district, with or without a plan
    for key in (*COUNTS, "cancelled", "fallen_due", "completed_of_due"):
        assert sum(row[key] for row in children) == year[key], key


def test_a_district_counts_its_own_plans_and_a_commune_has_only_its_own_level(plans, ba_be, dong_phuc):
    district = figures(ba_be, "2024")
    assert (district["planned"], district["completed"], district["completion_rate"]) == (2, 1, 50.0)
    assert district["subtree"]["planned"] == 2  # no commune of Ba Bể has a plan
    assert district["children"][-1]["own_level"] and district["children"][-1]["planned"] == 2
    assert sum(row["planned"] for row in district["children"]) == 2
    commune = figures(dong_phuc, "2024")
    assert commune["planned"] == 0
    assert [row["own_level"] for row in commune["children"]] == [True]


def test_figures_by_area_name_each_area(plans, bac_kan, areas):
    by_area = {row["code"]: row for row in figures(bac_kan, "2024")["subtree"]["by_area"]}
    assert set(by_area) == {"procedures", "institutions", "digital_government"}
    assert by_area["procedures"]["name"] == areas["procedures"].name
    assert (by_area["procedures"]["planned"], by_area["procedures"]["completed"]) == (3, 1)
    assert by_area["procedures"]["cancelled"] == 1
    assert by_area["institutions"]["completed_late"] == 1
    assert sum(row["planned"] for row in by_area.values()) == 5


def test_figures_take_a_fixed_handful_of_queries(
    plans, bac_kan, province_committee, justice, django_assert_max_num_queries
):
    with django_assert_max_num_queries(11):
        figures(bac_kan, "2024")
    for day in range(1, 20):
        make_task(plans["province"], justice, dt.date(2024, 7, day))
    make_plan(agency_of(bac_kan, "STP"), year=2024, title="Kế hoạch của Sở Tư pháp")
    with django_assert_max_num_queries(11):
        assert figures(bac_kan, "2024")["subtree"]["planned"] == 24


def test_the_family_is_registered_with_its_export_and_stores_as_a_snapshot(plans, bac_kan, ba_be):
    family = registry.family("reform")
    assert family.api is not None and len(family.panels) == 2
    assert registry.export("reform-task-list").per_period is False
    assert {bac_kan.path, ba_be.path} <= set(family.recorded_paths())
    snapshot = report_refresh(kind="reform", unit=bac_kan, period=parse_period(period="2024"))
    snapshot.refresh_from_db()  # the figures went through JSON
    assert snapshot.data["subtree"]["completed"] == 3 and snapshot.data["children"][-1]["own_level"] is True
    assert snapshot.data == report_compute(kind="reform", unit=bac_kan, period=parse_period(period="2024"))


def test_a_completion_dated_in_may_refreshes_the_later_snapshots_of_the_plan_year(plans, bac_kan, ba_be):
    q4 = parse_period(period="2024-Q4")
    before = report_refresh(kind="reform", unit=bac_kan, period=q4).data["subtree"]["completed"]
    open_task = plans["district"].tasks.get(deadline=dt.date(2025, 6, 30))
    complete(open_task, dt.date(2024, 5, 12))
    # what the refresh after commit does with the (unit, day) the service announced
    reports_refresh_for_changes(changes=[(ba_be, dt.date(2024, 5, 12))])
    stored = ReportSnapshot.objects.get(kind="reform", unit=bac_kan, start=q4.start, end=q4.end)
    assert stored.data["subtree"]["completed"] == before + 1


def test_a_neighbouring_district_counts_none_of_another_districts_plan(plans, bac_kan, ba_be):
    neighbour = bac_kan.children.exclude(pk=ba_be.pk).order_by("code").first()
    assert figures(neighbour, "2024")["planned"] == 0


def test_a_task_entered_after_its_year_moves_that_years_stored_figures(
    plans, bac_kan, justice, django_capture_on_commit_callbacks
):
    year = parse_period(period="2024")
    assert report_refresh(kind="reform", unit=bac_kan, period=year).data["planned"] == 3
    with django_capture_on_commit_callbacks(execute=True):  # 10 March 2025: the 2024 plan gets one more task
        make_task(plans["province"], justice, dt.date(2024, 12, 15))
    stored = ReportSnapshot.objects.get(kind="reform", unit=bac_kan, start=year.start, end=year.end, params="")
    assert stored.data["planned"] == 4
