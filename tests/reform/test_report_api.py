"""GET /api/v1/reports/reform/ answers the contract of issue 14, and the leader screen's reform figures open exactly
the tasks behind them."""

import datetime as dt
import re

import pytest

from portal.models import User
from tests.reform.conftest import complete
from tests.reform.test_family import COUNTS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("march_2025")]

CONTRACT = {
    "planned",
    "completed",
    "completed_on_time",
    "completed_late",
    "in_progress",
    "overdue",
    "due_soon",
    "cancelled",
    "completion_rate",
    "completion_rate_due",
    "on_time_rate",
    "by_area",
    "by_agency",
}


@pytest.fixture
def leader(db) -> User:
    return User.objects.get(username="tinh.lanhdao")


def answer(api_for, user, query: str):
    return api_for(user).get(f"/api/v1/reports/reform/?{query}")


def test_the_answer_holds_the_units_own_plans_its_subtree_and_its_children(plans, bac_kan, ba_be, leader, api_for):
    response = answer(api_for, leader, f"unit={bac_kan.pk}&year=2024")
    assert response.status_code == 200
    body = response.json()
    assert CONTRACT <= set(body) and CONTRACT <= set(body["subtree"])
    assert (body["from"], body["to"], body["as_of"]) == ("2024-01-01", "2024-12-31", "2024-12-31")
    assert (body["planned"], body["completed"], body["completion_rate"]) == (3, 2, 66.67)  # the province's own plan
    assert (body["subtree"]["planned"], body["subtree"]["completed"], body["subtree"]["completion_rate"]) == (
        5,
        3,
        60.0,
    )
    assert body["subtree"]["completion_rate_due"] == 75.0 and body["subtree"]["on_time_rate"] == 66.67
    district = next(row for row in body["children"] if row["unit"] == ba_be.pk)
    assert (district["planned"], district["completed"]) == (2, 1)
    for key in COUNTS:
        assert sum(row[key] for row in body["children"]) == body["subtree"][key], key


def test_rates_are_null_when_their_denominator_is_zero(plans, dong_phuc, api_for):
    commune_leader = User.objects.get(username="xa.lanhdao")
    body = answer(api_for, commune_leader, f"unit={dong_phuc.pk}&year=2024").json()
    assert body["planned"] == 0
    assert (body["completion_rate"], body["completion_rate_due"], body["on_time_rate"]) == (None, None, None)


def test_as_of_reads_the_states_on_that_day(plans, bac_kan, leader, api_for):
    body = answer(api_for, leader, f"unit={bac_kan.pk}&year=2024&as_of=2024-06-30").json()
    assert body["as_of"] == "2024-06-30"
    # on 30 June the late task was done (10 May), the on-time one too (20 June); the cancelled one still planned
    assert (body["subtree"]["planned"], body["subtree"]["completed"], body["subtree"]["cancelled"]) == (6, 2, 0)
    default = answer(api_for, leader, f"unit={bac_kan.pk}&year=2024&as_of=2024-12-31").json()
    assert default == answer(api_for, leader, f"unit={bac_kan.pk}&year=2024").json()  # the year's end: the same


@pytest.mark.parametrize(
    "query, field",
    [
        ("year=2024&as_of=2023-12-31", "as_of"),  # outside the plans' year
        ("year=2025&as_of=2025-12-31", "as_of"),  # after today (10 March 2025)
        ("as_of=2024-06-30", "as_of"),  # no year
        ("year=2024&period=2024-Q1", "period"),  # two ways of saying the period
        ("year=1999", "year"),
    ],
)
def test_a_wrong_query_is_a_clear_400(plans, bac_kan, leader, api_for, query, field):
    response = answer(api_for, leader, f"unit={bac_kan.pk}&{query}")
    assert response.status_code == 400
    assert field in response.json()


def test_a_unit_outside_the_officials_subtree_is_not_found(plans, bac_kan, api_for):
    district_leader = User.objects.get(username="huyen.lanhdao")
    assert answer(api_for, district_leader, f"unit={bac_kan.pk}&year=2024").status_code == 404


def test_every_reform_figure_of_the_leader_screen_opens_exactly_its_tasks(plans, bac_kan, leader, client_for):
    client = client_for(leader)
    page = client.get(f"/dashboard/{bac_kan.pk}/?year=2024").content.decode()
    panel = page[page.index('data-figure="reform-completion"') :]
    links = re.findall(r'href="(/reform/tasks/\?[^"]+)">(\d+)</a>', panel)
    assert len(links) >= 20  # the headline, the six states twice, the children
    assert any("state=overdue" in href for href, _n in links)
    for href, count in links:
        listed = client.get(href.replace("&amp;", "&")).context["page"].paginator.count
        assert listed == int(count), href


def test_the_leader_screen_shows_the_reform_trend_over_years(plans, bac_kan, leader, client_for):
    page = client_for(leader).get(f"/dashboard/{bac_kan.pk}/?year=2024").content.decode()
    trend = page[page.index('data-trend="reform"') :]
    trend = trend[: trend.index("</table>")]
    assert [int(y) for y in re.findall(r">(20\d\d)</td>", trend)] == [2020, 2021, 2022, 2023, 2024]
    shown = re.sub(r"<[^>]+>", "", trend)  # the figures are links to their tasks
    assert "2 / 3" in shown and "1 / 1" in shown  # 2024's own plan, and 2023's


def test_a_completion_moves_the_stored_figures_the_api_reads(
    plans, bac_kan, leader, api_for, django_capture_on_commit_callbacks
):
    before = answer(api_for, leader, f"unit={bac_kan.pk}&year=2024").json()["subtree"]["completed"]
    open_task = plans["district"].tasks.get(deadline=dt.date(2025, 6, 30))
    with django_capture_on_commit_callbacks(execute=True):  # the refresh the service asks for after commit
        complete(open_task, dt.date(2024, 5, 12))
    after = answer(api_for, leader, f"unit={bac_kan.pk}&year=2024").json()["subtree"]["completed"]
    assert after == before + 1


def test_a_completion_the_owner_must_confirm_counts_from_its_confirmation(
    province_committee, justice, justice_officer, leader, api_for, bac_kan
):
    import time_machine

    from reform.services import task_complete, task_confirm_completion
    from tests.reform.conftest import make_plan, make_task

    plan = make_plan(province_committee, year=2024, title="Kế hoạch số hóa có xác nhận", requires_confirmation=True)
    task = make_task(plan, justice, dt.date(2024, 9, 30))
    on = dt.date(2024, 6, 1)  # reported by the lead agency, which the plan's owner must confirm
    task_complete(actor=justice_officer, task=task, evidence_number="7/BC-STP", evidence_date=on, completed_on=on)
    with time_machine.travel(dt.datetime(2024, 7, 10, 2, 0, tzinfo=dt.UTC), tick=False):
        task_confirm_completion(actor=User.objects.get(username="tinh.cchc"), task=task)

    def completed(day: str) -> tuple[int, int]:
        body = answer(api_for, leader, f"unit={bac_kan.pk}&year=2024&as_of={day}").json()
        return body["completed"], body["completed_on_time"]

    assert completed("2024-06-30") == (0, 0)  # reported on 1 June, not confirmed yet
    assert completed("2024-07-31") == (1, 1)  # confirmed on 10 July; on time: done 1 June, due 30 September
