"""A plan or a task edited by two officials at once: the second is told to reload (issue 18)."""

import datetime as dt

import pytest

from reform.models import Task
from reform.services import plan_update, task_update
from tests.reform.conftest import agency_of, make_plan, make_task, today
from tests.stale_saves import EditPage, one_won, race, stale_page_scenario

PAGES = [
    EditPage(
        route="reform:plan_update",
        record="province_plan",
        official="reform_officer",
        field="title",
        first="Kế hoạch cải cách hành chính (bản sửa thứ nhất)",
        second="Kế hoạch cải cách hành chính (bản sửa thứ hai)",
        read=lambda plan: plan.title,
    ),
    EditPage(
        route="reform:task_update",
        record="stale_task",
        official="reform_officer",
        field="notes",
        first="Ghi chú của người thứ nhất",
        second="Ghi chú của người thứ hai",
        read=lambda task: task.notes,
    ),
]


@pytest.fixture
def stale_task(province_plan, justice) -> Task:
    return make_task(province_plan, justice, today() + dt.timedelta(days=30), title="Rà soát văn bản")


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES, ids=str)
def test_the_second_official_saving_a_stale_page_is_told_to_reload(page, request):
    stale_page_scenario(page, request)


def test_a_stale_plan_through_the_api_is_a_409_and_keeps_the_other_save(api_for, reform_officer, province_plan):
    api = api_for(reform_officer)
    loaded = api.get(f"/api/v1/reform-plans/{province_plan.pk}/").json()["version"]
    first = api.patch(f"/api/v1/reform-plans/{province_plan.pk}/", {"title": "Bản thứ nhất", "version": loaded})
    assert first.status_code == 200 and first.json()["version"] == loaded + 1
    stale = api.patch(f"/api/v1/reform-plans/{province_plan.pk}/", {"title": "Bản thứ hai", "version": loaded})
    assert stale.status_code == 409 and "tải lại trang" in stale.json()["detail"]
    province_plan.refresh_from_db()
    assert province_plan.title == "Bản thứ nhất"


@pytest.mark.django_db(transaction=True)
def test_two_connections_saving_one_plan_at_once_one_wins(rebuilt_world):
    from portal.models import AdministrativeUnit, User

    officer = User.objects.get(username="tinh.cchc")
    plan = make_plan(agency_of(AdministrativeUnit.objects.get(pk=officer.agency.unit_id), "UBND"))
    titles = ["Kế hoạch A", "Kế hoạch B"]
    winner = one_won(race(lambda i: plan_update(actor=officer, plan=plan, version=plan.version, title=titles[i])))
    plan.refresh_from_db()
    assert (plan.title, plan.version) == (winner.title, 2)


@pytest.mark.django_db(transaction=True)
def test_two_connections_saving_one_task_at_once_one_wins(rebuilt_world):
    from portal.models import AdministrativeUnit, User

    officer = User.objects.get(username="tinh.cchc")
    unit = AdministrativeUnit.objects.get(pk=officer.agency.unit_id)
    task = make_task(make_plan(agency_of(unit, "UBND")), agency_of(unit, "STP"), today() + dt.timedelta(days=30))
    notes = ["Ghi chú A", "Ghi chú B"]
    winner = one_won(race(lambda i: task_update(actor=officer, task=task.pk, version=task.version, notes=notes[i])))
    task.refresh_from_db()
    assert (task.notes, task.version) == (winner.notes, 2)
