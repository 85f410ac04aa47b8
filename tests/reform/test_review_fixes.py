"""What an independent review of the reform app found, fixed: on time is judged against the deadline in force on
the day the work was done; a confirmed completion counts from its confirmation; the API reads a plan's figures as
the page does; a task list's figures are those of its rows; coordinating agencies come from the plan's subtree;
the home card counts only what the official may decide; a refused step keeps what was typed; a reopened parent
takes its children's progress back, and a child under a closed parent is not reopened."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from portal.models import AdministrativeUnit, Agency
from portal.services import DomainError
from reform import services
from reform.apps import reform_work_panel
from reform.choices import TaskState
from reform.models import Task
from reform.selectors import task_figures, with_state
from tests.reform.conftest import agency_of, make_plan, make_task

pytestmark = pytest.mark.django_db
MOMENT = dt.datetime(2026, 6, 15, 2, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel(MOMENT, tick=False) as traveller:
        yield traveller


def state_of(task, on=None):
    return with_state(Task.objects.filter(pk=task.pk), on).get().state


def test_a_late_completion_reported_after_an_extension_is_still_late(
    province_plan, justice, reform_officer, justice_officer
):
    task = make_task(province_plan, justice, dt.date(2026, 3, 31))
    services.extension_request(
        actor=justice_officer, task=task, requested_deadline=dt.date(2026, 7, 31), reason="Chờ ý kiến Bộ"
    )
    services.extension_decide(actor=reform_officer, task=task, approve=True)  # decided 15/6
    services.task_complete(
        actor=justice_officer,
        task=task,
        evidence_number="1/BC-STP",
        evidence_date=dt.date(2026, 4, 20),
        completed_on=dt.date(2026, 4, 20),  # the work was done on 20/4, when the deadline was still 31/3
    )

    task.refresh_from_db()
    assert task.due_when_completed == dt.date(2026, 3, 31)
    assert state_of(task) == TaskState.COMPLETED_LATE
    assert state_of(task, dt.date(2026, 4, 30)) == TaskState.COMPLETED_LATE


def test_a_confirmed_completion_counts_from_its_confirmation(
    province_committee, justice, reform_officer, justice_officer, frozen_time
):
    plan = make_plan(province_committee, title="Kế hoạch có xác nhận", requires_confirmation=True)
    task = make_task(plan, justice, dt.date(2026, 9, 30))
    services.task_complete(
        actor=justice_officer,
        task=task,
        evidence_number="1/BC-STP",
        evidence_date=dt.date(2026, 6, 1),
        completed_on=dt.date(2026, 6, 1),
    )
    frozen_time.move_to(dt.datetime(2026, 7, 10, 2, 0, tzinfo=dt.UTC))
    services.task_confirm_completion(actor=reform_officer, task=task)

    assert task_figures(plan.tasks.all(), dt.date(2026, 6, 30))["completed"] == 0
    july = task_figures(plan.tasks.all(), dt.date(2026, 7, 10))
    assert july["completed"] == 1 and july["completed_on_time"] == 1  # on time: done on 1/6, due 30/9


def test_the_api_reads_a_plans_figures_as_its_page_does(
    province_plan, justice, dong_phuc, commune_reform_officer, client_for, api_for
):
    make_task(province_plan, agency_of(dong_phuc, "UBND"), dt.date(2026, 10, 31))
    for number in range(3):
        make_task(province_plan, justice, dt.date(2026, 5, 31), title=f"Nhiệm vụ {number}")

    api = api_for(commune_reform_officer).get(f"/api/v1/reform-plans/{province_plan.pk}/").json()
    page = client_for(commune_reform_officer).get(f"/reform/plans/{province_plan.pk}/")

    assert api["task_figures"]["planned"] == page.context["figures"]["planned"] == 4


def test_a_task_lists_figures_count_its_rows(province_plan, justice, home_affairs, justice_officer, client_for):
    parent = make_task(province_plan, home_affairs, dt.date(2026, 10, 31))
    make_task(province_plan, justice, dt.date(2026, 5, 31), parent=parent, title="Nhiệm vụ con 1")
    make_task(province_plan, justice, dt.date(2026, 5, 31), parent=parent, title="Nhiệm vụ con 2")
    client = client_for(justice_officer)

    mine = client.get("/reform/tasks/", {"mine": "on"})
    overdue = client.get("/reform/tasks/", {"state": "overdue"})

    assert mine.context["page"].paginator.count == mine.context["figures"]["planned"] == 2
    assert overdue.context["page"].paginator.count == overdue.context["figures"]["overdue"] == 2


def test_coordinating_agencies_outside_the_plans_subtree_are_refused(dong_phuc, commune_reform_officer, api_for, areas):
    committee = agency_of(dong_phuc, "UBND")
    plan = make_plan(committee, title="Kế hoạch của xã")
    cao_bang = AdministrativeUnit.objects.get(generation="legacy", level="province", code="04")
    elsewhere = Agency.objects.create(
        unit=cao_bang, name="Sở Tư pháp tỉnh Cao Bằng", short_name="STP", kind="department"
    )

    answer = api_for(commune_reform_officer).post(
        "/api/v1/reform-tasks/",
        {
            "plan": plan.pk,
            "area": areas["procedures"].pk,
            "title": "Niêm yết thủ tục",
            "lead_agency": committee.pk,
            "deadline": "2026-10-31",
            "coordinating_agencies": [elsewhere.pk],
        },
        format="json",
    )

    assert answer.status_code == 400
    assert not plan.tasks.exists()
    with pytest.raises(DomainError, match="Cơ quan phối hợp phải thuộc đơn vị có kế hoạch"):
        services.task_create(
            actor=commune_reform_officer,
            plan=plan,
            area=areas["procedures"],
            title="Niêm yết thủ tục",
            lead_agency=committee,
            deadline=dt.date(2026, 10, 31),
            coordinating_agencies=[elsewhere],
        )


def test_the_home_card_counts_only_confirmations_the_official_may_give(
    province_committee, dong_phuc, commune_reform_officer
):
    plan = make_plan(province_committee, title="Kế hoạch có xác nhận", requires_confirmation=True)
    committee = agency_of(dong_phuc, "UBND")
    task = make_task(plan, committee, dt.date(2026, 9, 30))
    services.task_complete(
        actor=commune_reform_officer, task=task, evidence_number="1/BC-UBND", evidence_date=dt.date(2026, 6, 1)
    )

    assert reform_work_panel(commune_reform_officer)["confirmations"] == 0


def test_a_refused_step_shows_the_form_again_as_it_was_typed(province_plan, justice, justice_officer, client_for):
    task = make_task(province_plan, justice, dt.date(2026, 10, 31))

    answer = client_for(justice_officer).post(
        f"/reform/tasks/{task.pk}/complete/",
        {
            "complete-version": task.version,
            "complete-evidence_number": "15/BC-STP",
            "complete-evidence_date": "2026-06-10",
            "complete-completed_on": "2026-07-01",  # in the future
            "complete-note": "Đã ban hành quy chế",
        },
    )

    body = answer.content.decode()
    assert answer.status_code == 200
    assert "15/BC-STP" in body and "Đã ban hành quy chế" in body
    assert "không được sau ngày hôm nay" in body


def test_a_reopened_parent_takes_its_childrens_progress_back(province_plan, justice, home_affairs, reform_officer):
    parent = make_task(province_plan, home_affairs, dt.date(2026, 10, 31))
    child = make_task(province_plan, justice, dt.date(2026, 10, 31), parent=parent, title="Nhiệm vụ con")
    services.task_complete(actor=reform_officer, task=child, evidence_number="1/BC", evidence_date=dt.date(2026, 6, 1))
    services.task_complete(actor=reform_officer, task=parent, evidence_number="2/BC", evidence_date=dt.date(2026, 6, 1))

    services.task_reopen(actor=reform_officer, task=parent, reason="Thiếu sản phẩm")

    parent.refresh_from_db()
    assert parent.progress == 100
    with pytest.raises(DomainError, match="mở lại nhiệm vụ cha trước"):
        services.task_complete(
            actor=reform_officer, task=parent, evidence_number="3/BC", evidence_date=dt.date(2026, 6, 2)
        )
        services.task_reopen(actor=reform_officer, task=child, reason="Sai số liệu")


def test_the_home_cards_pending_extensions_open_exactly_those_tasks(
    province_plan, justice, reform_officer, justice_officer, client_for
):
    asked = [make_task(province_plan, justice, dt.date(2026, 9, 30), title=f"Nhiệm vụ {n}") for n in range(2)]
    make_task(province_plan, justice, dt.date(2026, 9, 30), title="Nhiệm vụ không xin gia hạn")
    for task in asked:
        services.extension_request(
            actor=justice_officer, task=task, requested_deadline=dt.date(2026, 12, 31), reason="Chờ hướng dẫn của Bộ"
        )
    client = client_for(reform_officer)

    home = client.get("/").content.decode()
    card = home[home.index('aria-labelledby="reform-work-title"') :]
    import re

    href, count = re.search(r'href="(/reform/tasks/\?extension_pending=true[^"]*)">(\d+)</a>', card).groups()
    listed = client.get(href.replace("&amp;", "&")).context["page"]
    assert count == "2" and listed.paginator.count == 2
    assert {task.pk for task in listed.object_list} == {task.pk for task in asked}
