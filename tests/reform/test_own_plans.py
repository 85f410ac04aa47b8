"""At the province, "the unit's own plans" are the People's Committee's plan, not the departments' plans of the same
unit: those count in `subtree`, in the province's own-level row and by agency, and every figure's link opens exactly
the tasks it counts."""

import datetime as dt
import re

import pytest

from portal.models import User
from tests.reform.conftest import complete, make_plan, make_task
from tests.reform.test_family import COUNTS, figures

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("march_2025")]


@pytest.fixture
def leader(db) -> User:
    return User.objects.get(username="tinh.lanhdao")


@pytest.fixture
def committee_and_department_plans(province_committee, home_affairs, justice):
    """2024: the People's Committee's plan (3 tasks, 2 completed) and Sở Nội vụ's own plan (2 tasks, 1 completed)."""
    committee = make_plan(province_committee, year=2024)
    complete(make_task(committee, justice, dt.date(2024, 6, 30)), dt.date(2024, 6, 1))
    complete(make_task(committee, justice, dt.date(2024, 9, 30)), dt.date(2024, 9, 1))
    make_task(committee, justice, dt.date(2024, 11, 30))
    department = make_plan(home_affairs, year=2024, title="Kế hoạch cải cách hành chính của Sở Nội vụ năm 2024")
    complete(make_task(department, home_affairs, dt.date(2024, 5, 31)), dt.date(2024, 5, 20))
    make_task(department, home_affairs, dt.date(2024, 10, 31))
    return {"committee": committee, "department": department}


def test_the_provinces_own_figures_are_its_committees_plan_only(committee_and_department_plans, bac_kan):
    year = figures(bac_kan, "2024")
    assert (year["planned"], year["completed"], year["completion_rate"]) == (3, 2, 66.67)
    assert {row["name"]: row["planned"] for row in year["by_agency"]} == {"Sở Tư pháp tỉnh Bắc Kạn": 3}


def test_the_departments_plans_still_count_in_the_subtree_and_by_agency(committee_and_department_plans, bac_kan):
    subtree = figures(bac_kan, "2024")["subtree"]
    assert (subtree["planned"], subtree["completed"], subtree["completion_rate"]) == (5, 3, 60.0)
    assert {row["name"]: (row["planned"], row["completed"]) for row in subtree["by_agency"]} == {
        "Sở Nội vụ tỉnh Bắc Kạn": (2, 1),
        "Sở Tư pháp tỉnh Bắc Kạn": (3, 2),
    }


def test_the_own_level_row_holds_every_plan_of_the_province_so_children_add_up(committee_and_department_plans, bac_kan):
    year = figures(bac_kan, "2024")
    own = year["children"][-1]
    assert own["own_level"] and (own["planned"], own["completed"]) == (5, 3)
    for key in (*COUNTS, "cancelled", "fallen_due", "completed_of_due"):
        assert sum(row[key] for row in year["children"]) == year["subtree"][key], key


def test_the_api_gives_the_committees_plan_at_the_top_and_both_plans_in_the_subtree(
    committee_and_department_plans, bac_kan, leader, api_for
):
    body = api_for(leader).get(f"/api/v1/reports/reform/?unit={bac_kan.pk}&year=2024").json()
    assert (body["planned"], body["completed"]) == (3, 2)
    assert (body["subtree"]["planned"], body["subtree"]["completed"]) == (5, 3)


def test_the_completed_figure_of_the_own_plans_opens_exactly_the_committees_two_tasks(
    committee_and_department_plans, bac_kan, leader, client_for
):
    client = client_for(leader)
    page = client.get(f"/dashboard/{bac_kan.pk}/?year=2024").content.decode()
    panel = page[page.index('data-figure="reform-completion"') :]
    href, count = re.search(r'href="(/reform/tasks/\?[^"]*figure=completed)">(\d+)</a>', panel).groups()
    listed = client.get(href.replace("&amp;", "&")).context["page"]
    assert count == "2"
    assert listed.paginator.count == 2
    assert {task.plan_id for task in listed.object_list} == {committee_and_department_plans["committee"].pk}
    links = re.findall(r'href="(/reform/tasks/\?[^"]+)">(\d+)</a>', panel)
    for href, count in links:  # the headline, the states, the children and the own level: each its own count
        assert client.get(href.replace("&amp;", "&")).context["page"].paginator.count == int(count), href


def test_the_due_completion_and_on_time_parts_open_exactly_their_tasks(
    committee_and_department_plans, bac_kan, leader, client_for
):
    client = client_for(leader)
    page = client.get(f"/dashboard/{bac_kan.pk}/?year=2024").content.decode()
    card = page[page.index('data-panel="reform"') :]

    for marker, expected in (("figure=fallen_due", 3), ("figure=completed_of_due", 2), ("state=completed_on_time", 2)):
        href, count = re.search(rf'href="(/reform/tasks/\?[^"]*{marker})">(\d+)</a>', card).groups()
        assert int(count) == expected, marker
        assert client.get(href.replace("&amp;", "&")).context["page"].paginator.count == expected, marker
