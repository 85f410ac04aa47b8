"""The "reform" report family: a unit's plans for the period's years, their completion as of the period's end,
by area and by child unit, the children adding up to the unit."""

import datetime as dt

import pytest
import time_machine

from portal.models import User
from reform.services import task_cancel, task_complete
from reports import registry
from reports.models import ReportSnapshot
from reports.periods import parse_period
from reports.services import report_compute, report_refresh, reports_refresh_for_changes
from tests.reform.conftest import agency_of, make_plan, make_task

pytestmark = pytest.mark.django_db

COUNTS = ("planned", "completed", "completed_on_time", "completed_late", "in_progress", "due_soon", "overdue")


@pytest.fixture(autouse=True)
def frozen_today():
    """10 March 2025: the 2024 plans were entered after the fact, their year is over."""
    with time_machine.travel(dt.datetime(2025, 3, 10, 3, 0, tzinfo=dt.UTC), tick=False):
        yield


def complete(task, on: dt.date):
    # The plan's reform officer reports it (actor=None fails: TaskCompletion.reported_by is not blank=True).
    officer = User.objects.get(username="tinh.cchc" if task.plan.unit.level == "province" else "huyen.cchc")
    task_complete(actor=officer, task=task, evidence_number=f"{task.pk}/BC-UBND", evidence_date=on, completed_on=on)


@pytest.fixture
def plans(province_committee, home_affairs, justice, ba_be):
    """Bắc Kạn's 2024 plan (four tasks, one cancelled), Ba Bể's 2024 plan (two tasks) and the province's 2023 plan."""
    province = make_plan(province_committee, year=2024)
    on_time = make_task(province, home_affairs, dt.date(2024, 6, 30), area="procedures")
    complete(on_time, dt.date(2024, 6, 20))
    late = make_task(province, justice, dt.date(2024, 3, 31), area="institutions")
    complete(late, dt.date(2024, 5, 10))
    make_task(province, justice, dt.date(2024, 9, 30), area="procedures")  # never done: overdue at the year's end
    dropped = make_task(province, justice, dt.date(2024, 10, 31), area="procedures")
    task_cancel(actor=None, task=dropped, reason="Không còn phù hợp", cancelled_on=dt.date(2024, 8, 1))

    district_committee = agency_of(ba_be, "UBND")
    district = make_plan(district_committee, year=2024)
    done = make_task(district, district_committee, dt.date(2024, 11, 30), area="digital_government")
    complete(done, dt.date(2024, 11, 15))
    make_task(district, district_committee, dt.date(2025, 6, 30), area="procedures")  # runs into next year

    earlier = make_plan(province_committee, year=2023)
    complete(make_task(earlier, home_affairs, dt.date(2023, 12, 31)), dt.date(2023, 12, 1))
    return {"province": province, "district": district, "earlier": earlier}


def figures(unit, period: str) -> dict:
    p = parse_period(period=period)
    return registry.family("reform").compute(unit, p.start, p.end, registry.Params())


def test_the_year_figures_count_the_subtree_plans_of_that_year_as_of_its_end(plans, bac_kan):
    year = figures(bac_kan, "2024")
    assert year["as_of"] == "2024-12-31"
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
    assert year["completion_rate"] == "60.00"  # 3 / 5
    assert (year["completed_of_due"], year["fallen_due"], year["due_completion_rate"]) == (3, 4, "75.00")
    assert year["on_time_rate"] == "66.67"  # 2 / 3, rounded half-up


def test_figures_stand_at_the_end_of_the_period(plans, bac_kan):
    half = figures(bac_kan, "2024-H1")
    assert half["as_of"] == "2024-06-30"
    # On 30 June the task cancelled in August was still planned, and the September one still within its deadline.
    assert (half["planned"], half["completed"], half["cancelled"], half["overdue"]) == (6, 2, 0, 0)
    assert half["completion_rate"] == "33.33"


def test_a_period_counts_only_the_plans_of_its_years(plans, bac_kan):
    assert (figures(bac_kan, "2023")["planned"], figures(bac_kan, "2023")["completed"]) == (1, 1)
    running = figures(bac_kan, "2025")
    assert running["as_of"] == "2025-03-10"  # a period still running stands at today
    assert running["planned"] == 0 and running["completion_rate"] is None


def test_children_add_up_to_the_province_with_the_own_level_row(plans, bac_kan, ba_be):
    year = figures(bac_kan, "2024")
    children = year["children"]
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
    assert (district["planned"], district["completed"], district["completion_rate"]) == (2, 1, "50.00")
    assert district["children"][-1]["own_level"] and district["children"][-1]["planned"] == 2
    assert sum(row["planned"] for row in district["children"]) == 2
    commune = figures(dong_phuc, "2024")
    assert commune["planned"] == 0
    assert [row["own_level"] for row in commune["children"]] == [True]


def test_figures_by_area_name_each_area(plans, bac_kan, areas):
    by_area = {row["code"]: row for row in figures(bac_kan, "2024")["by_area"]}
    assert set(by_area) == {"procedures", "institutions", "digital_government"}
    assert by_area["procedures"]["name"] == areas["procedures"].name
    assert (by_area["procedures"]["planned"], by_area["procedures"]["completed"]) == (3, 1)
    assert by_area["procedures"]["cancelled"] == 1
    assert by_area["institutions"]["completed_late"] == 1
    assert sum(row["planned"] for row in by_area.values()) == 5


def test_figures_take_a_fixed_handful_of_queries(
    plans, bac_kan, province_committee, justice, django_assert_max_num_queries
):
    with django_assert_max_num_queries(5):
        figures(bac_kan, "2024")
    for day in range(1, 20):
        make_task(plans["province"], justice, dt.date(2024, 7, day))
    make_plan(agency_of(bac_kan, "STP"), year=2024, title="Kế hoạch của Sở Tư pháp")
    with django_assert_max_num_queries(5):
        assert figures(bac_kan, "2024")["planned"] == 24


def test_the_family_is_registered_with_its_export_and_stores_as_a_snapshot(plans, bac_kan, ba_be):
    family = registry.family("reform")
    assert family.api is None and family.panels == ()
    assert registry.export("reform-task-list").per_period is False
    assert {bac_kan.path, ba_be.path} <= set(family.recorded_paths())
    snapshot = report_refresh(kind="reform", unit=bac_kan, period=parse_period(period="2024"))
    snapshot.refresh_from_db()  # the figures went through JSON
    assert snapshot.data["completed"] == 3 and snapshot.data["children"][-1]["own_level"] is True
    assert snapshot.data == report_compute(kind="reform", unit=bac_kan, period=parse_period(period="2024"))


def test_a_completion_dated_in_may_refreshes_the_later_snapshots_of_the_plan_year(plans, bac_kan, ba_be):
    q4 = parse_period(period="2024-Q4")
    before = report_refresh(kind="reform", unit=bac_kan, period=q4).data["completed"]
    open_task = plans["district"].tasks.get(deadline=dt.date(2025, 6, 30))
    complete(open_task, dt.date(2024, 5, 12))
    # what the refresh after commit does with the (unit, day) the service announced
    reports_refresh_for_changes(changes=[(ba_be, dt.date(2024, 5, 12))])
    stored = ReportSnapshot.objects.get(kind="reform", unit=bac_kan, start=q4.start, end=q4.end)
    assert stored.data["completed"] == before + 1


def test_a_neighbouring_district_counts_none_of_another_districts_plan(plans, bac_kan, ba_be):
    neighbour = bac_kan.children.exclude(pk=ba_be.pk).order_by("code").first()
    assert figures(neighbour, "2024")["planned"] == 0
