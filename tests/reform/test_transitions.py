"""Every step of a reform task's lifecycle from each status, who may take it, and the audit trail it leaves.

The steps are those of `reform.workflow`: what a status does not allow is refused with a message the official
reads (the DomainError's text is what pages and the API show), and pages offer exactly the steps allowed.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType

from portal.choices import Role
from portal.models import AuditEvent, User
from portal.services import DomainError, NotFound, NotPermitted, official_create
from reform.choices import ExtensionStatus, TaskStatus
from reform.models import Task
from reform.services import (
    extension_decide,
    extension_request,
    plan_update,
    task_cancel,
    task_complete,
    task_confirm_completion,
    task_progress_record,
    task_reopen,
    task_return_completion,
    task_update,
)
from reform.workflow import USER_STEPS, offered_steps, refusal
from tests.reform.conftest import agency_of, make_plan, make_task, today

pytestmark = pytest.mark.django_db

# 09:00 in Hà Nội on Monday 15 June 2026: mid-year, so deadlines fall on either side of today.
MOMENT = dt.datetime(2026, 6, 15, 2, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel(MOMENT, tick=False) as traveller:
        yield traveller


@pytest.fixture
def confirmed_plan(province_committee):
    """A province plan whose completions the owner confirms (so a task can be "reported")."""
    return make_plan(province_committee, title="Kế hoạch cải cách hành chính có xác nhận", requires_confirmation=True)


@pytest.fixture
def justice_task(confirmed_plan, justice):
    return make_task(confirmed_plan, justice, today() + dt.timedelta(days=45), title="Rà soát văn bản quy phạm")


@pytest.fixture
def environment_officer(bac_kan) -> User:
    """An officer of another department (Sở Tài nguyên và Môi trường) of the same province."""
    return official_create(
        actor=None,
        username="stnmt.chuyenvien",
        full_name="Hoàng Văn Nam",
        agency=agency_of(bac_kan, "STNMT"),
        position="Chuyên viên",
        roles=[Role.DEPARTMENT_OFFICER],
        password="demo12345",
    )


def put_in(task: Task, status: str, lead: User) -> Task:
    """Bring the task to `status` the way users do (the lead agency reports, the plan's manager completes
    without confirmation and cancels)."""
    manager = User.objects.get(username="tinh.cchc")
    if status == TaskStatus.IN_PROGRESS:
        task_progress_record(actor=lead, task=task, progress=30, text="Đã rà soát 30 văn bản")
    elif status == TaskStatus.REPORTED:
        task_complete(actor=lead, task=task, evidence_number="25/BC-STP", evidence_date=today())
    elif status == TaskStatus.COMPLETED:
        task_complete(actor=manager, task=task, evidence_number="25/BC-STP", evidence_date=today())
    elif status == TaskStatus.CANCELLED:
        task_cancel(actor=manager, task=task, reason="Không còn phù hợp")
    task.refresh_from_db()
    assert task.status == status
    return task


def take(step: str, actor: User | None, task: Task):
    """Take `step` on `task` through its service, with valid input."""
    if step == "update_progress":
        return task_progress_record(actor=actor, task=task, progress=60, text="Đã hoàn thành dự thảo báo cáo")
    if step == "complete":
        return task_complete(actor=actor, task=task, evidence_number="30/BC-STP", evidence_date=today())
    if step == "confirm":
        return task_confirm_completion(actor=actor, task=task)
    if step == "return_completion":
        return task_return_completion(actor=actor, task=task, reason="Minh chứng chưa đầy đủ")
    if step == "request_extension":
        deadline = Task.objects.get(pk=task.pk).deadline  # the one in force now
        return extension_request(
            actor=actor, task=task, requested_deadline=deadline + dt.timedelta(days=30), reason="Chờ ý kiến Bộ"
        )
    if step == "decide_extension":
        return extension_decide(actor=actor, task=task, approve=True)
    if step == "cancel":
        return task_cancel(actor=actor, task=task, reason="Không còn phù hợp")
    if step == "reopen":
        return task_reopen(actor=actor, task=task, reason="Cần bổ sung sản phẩm")
    raise AssertionError(step)


# What each status allows (decide_extension also needs a pending request: tested on its own below).
ALLOWED = {
    TaskStatus.NOT_STARTED: {"update_progress", "complete", "request_extension", "cancel"},
    TaskStatus.IN_PROGRESS: {"update_progress", "complete", "request_extension", "cancel"},
    TaskStatus.REPORTED: {"confirm", "return_completion", "cancel"},
    TaskStatus.COMPLETED: {"reopen"},
    TaskStatus.CANCELLED: {"reopen"},
}
# Where a plan manager's step leaves the task (request_extension keeps the status).
TARGET = {
    "update_progress": TaskStatus.IN_PROGRESS,
    "complete": TaskStatus.COMPLETED,  # a manager's own completion needs no confirmation
    "confirm": TaskStatus.COMPLETED,
    "return_completion": TaskStatus.IN_PROGRESS,
    "cancel": TaskStatus.CANCELLED,
    "reopen": TaskStatus.IN_PROGRESS,
}
STEPS_WITHOUT_DECIDE = [step for step in USER_STEPS if step != "decide_extension"]
CASES = [(status, step) for status in ALLOWED for step in STEPS_WITHOUT_DECIDE]


@pytest.mark.parametrize(("status", "step"), CASES, ids=[f"{status}-{step}" for status, step in CASES])
def test_each_step_from_each_status_is_taken_or_refused_with_a_reason(
    status, step, justice_task, justice_officer, reform_officer
):
    task = put_in(justice_task, status, justice_officer)
    if step in ALLOWED[status]:
        take(step, reform_officer, task)
        task.refresh_from_db()
        assert task.status == TARGET.get(step, status)
        if step == "request_extension":
            assert task.extensions.filter(status=ExtensionStatus.PENDING).count() == 1
    else:
        expected = refusal(step, task)
        assert expected  # the page shows this text, so there must be one
        version = task.version
        with pytest.raises(DomainError) as refused:
            take(step, reform_officer, task)
        assert str(refused.value) == expected
        task.refresh_from_db()
        assert (task.status, task.version) == (status, version)


@pytest.mark.parametrize("status", list(ALLOWED))
def test_pages_offer_a_plan_manager_exactly_the_steps_the_status_allows(
    status, justice_task, justice_officer, reform_officer
):
    task = put_in(justice_task, status, justice_officer)
    assert offered_steps(task, reform_officer) == [step for step in USER_STEPS if step in ALLOWED[status]]


def test_refusals_say_what_is_wrong_in_vietnamese(justice_task, justice_officer, reform_officer):
    task = put_in(justice_task, TaskStatus.IN_PROGRESS, justice_officer)
    with pytest.raises(DomainError, match="Chỉ mở lại nhiệm vụ đã hoàn thành hoặc đã hủy"):
        task_reopen(actor=reform_officer, task=task, reason="Mở lại")
    with pytest.raises(DomainError, match="Chỉ xác nhận nhiệm vụ đã báo cáo hoàn thành"):
        task_confirm_completion(actor=reform_officer, task=task)
    with pytest.raises(DomainError, match="Chỉ trả lại báo cáo hoàn thành đang chờ xác nhận"):
        task_return_completion(actor=reform_officer, task=task, reason="Chưa đạt")
    put_in(task, TaskStatus.COMPLETED, justice_officer)
    with pytest.raises(DomainError, match="Chỉ đề nghị gia hạn nhiệm vụ chưa hoàn thành"):
        take("request_extension", justice_officer, task)


def test_an_extension_is_decided_only_while_one_is_pending(justice_task, justice_officer, reform_officer):
    with pytest.raises(DomainError, match="không có đề nghị gia hạn nào chờ quyết định"):
        extension_decide(actor=reform_officer, task=justice_task, approve=True)
    assert "decide_extension" not in offered_steps(justice_task, reform_officer)

    take("request_extension", justice_officer, justice_task)
    assert "decide_extension" in offered_steps(justice_task, reform_officer)
    assert "request_extension" not in offered_steps(justice_task, justice_officer)
    extension_decide(actor=reform_officer, task=justice_task, approve=True)
    assert justice_task.extensions.get().status == ExtensionStatus.APPROVED


def test_no_extension_is_decided_on_a_completed_task(justice_task, justice_officer, reform_officer):
    take("request_extension", justice_officer, justice_task)
    put_in(justice_task, TaskStatus.COMPLETED, justice_officer)
    # completing closes the open request: there is nothing left to decide
    assert not justice_task.extensions.filter(status=ExtensionStatus.PENDING).exists()
    with pytest.raises(DomainError):
        extension_decide(actor=reform_officer, task=justice_task, approve=True)


# --- who may take each step -------------------------------------------------------------------------------

LEAD_STEPS = ["update_progress", "complete", "request_extension"]
MANAGER_STEPS = {
    "confirm": TaskStatus.REPORTED,
    "return_completion": TaskStatus.REPORTED,
    "cancel": TaskStatus.IN_PROGRESS,
    "reopen": TaskStatus.COMPLETED,
    "decide_extension": TaskStatus.NOT_STARTED,
}


@pytest.mark.parametrize("step", LEAD_STEPS)
def test_the_lead_agencys_officer_reports_on_the_task(step, justice_task, justice_officer):
    take(step, justice_officer, justice_task)
    justice_task.refresh_from_db()
    assert justice_task.status != TaskStatus.CANCELLED


@pytest.mark.parametrize("step", list(MANAGER_STEPS))
def test_the_lead_agencys_officer_cannot_take_the_plan_managers_steps(
    step, justice_task, justice_officer, reform_officer
):
    task = put_in(justice_task, MANAGER_STEPS[step], justice_officer)
    if step == "decide_extension":
        take("request_extension", justice_officer, task)
    with pytest.raises(NotPermitted):
        take(step, justice_officer, task)
    # the plan's manager may
    take(step, reform_officer, task)


@pytest.mark.parametrize("step", [*LEAD_STEPS, *MANAGER_STEPS])
def test_an_official_of_another_agency_may_see_but_not_act(step, justice_task, justice_officer, environment_officer):
    task = put_in(justice_task, MANAGER_STEPS.get(step, TaskStatus.NOT_STARTED), justice_officer)
    if step == "decide_extension":
        take("request_extension", justice_officer, task)
    assert Task.objects.visible_to(environment_officer).filter(pk=task.pk).exists()
    version = Task.objects.get(pk=task.pk).version
    with pytest.raises(NotPermitted):
        take(step, environment_officer, task)
    assert Task.objects.get(pk=task.pk).version == version


def test_pages_offer_each_official_only_their_own_steps(
    justice_task, justice_officer, reform_officer, environment_officer, province_leader
):
    assert offered_steps(justice_task, justice_officer) == LEAD_STEPS
    assert offered_steps(justice_task, reform_officer) == ["update_progress", "complete", "request_extension", "cancel"]
    assert offered_steps(justice_task, environment_officer) == []
    assert offered_steps(justice_task, province_leader) == []


@pytest.fixture
def commune_task(dong_phuc):
    """A task of Xã Đồng Phúc's own plan, led by its People's Committee."""
    committee = agency_of(dong_phuc, "UBND")
    plan = make_plan(committee, title="Kế hoạch cải cách hành chính xã Đồng Phúc")
    return make_task(plan, committee, today() + dt.timedelta(days=20), title="Niêm yết thủ tục hành chính")


@pytest.fixture
def neighbour_reform_officer(db) -> User:
    """xa2.cchc: the reform officer of the neighbouring Xã Hoàng Trĩ."""
    return User.objects.get(username="xa2.cchc")


@pytest.mark.parametrize("step", USER_STEPS)
def test_another_communes_official_finds_no_such_task(step, commune_task, neighbour_reform_officer):
    with pytest.raises(NotFound):
        take(step, neighbour_reform_officer, commune_task)
    assert offered_steps(commune_task, neighbour_reform_officer) == []


def test_the_communes_reform_officer_manages_the_communes_own_plan(commune_task, commune_reform_officer):
    assert "cancel" in offered_steps(commune_task, commune_reform_officer)
    take("request_extension", commune_reform_officer, commune_task)
    extension_decide(actor=commune_reform_officer, task=commune_task, approve=True)
    commune_task.refresh_from_db()
    assert commune_task.deadline == today() + dt.timedelta(days=50)


def test_an_official_of_the_lead_agency_without_the_right_to_report_cannot(commune_task, commune_officer_a):
    # xa.xulydon works at the commune's People's Committee (the lead agency) but handles petitions
    with pytest.raises(NotPermitted):
        take("update_progress", commune_officer_a, commune_task)
    assert offered_steps(commune_task, commune_officer_a) == []


# --- the audit trail ---------------------------------------------------------------------------------------


def trail(task: Task) -> list[tuple[str, int | None]]:
    events = AuditEvent.objects.filter(
        target_type=ContentType.objects.get_for_model(Task), target_id=str(task.pk)
    ).order_by("id")
    return [(event.verb, event.actor_id) for event in events]


def test_every_change_to_a_task_is_audited_with_who_and_what(justice_task, justice_officer, reform_officer):
    task = justice_task
    lead, manager = justice_officer.pk, reform_officer.pk
    task_update(actor=reform_officer, task=task, expected_output="Báo cáo kết quả rà soát")
    take("update_progress", justice_officer, task)
    take("request_extension", justice_officer, task)
    extension_decide(actor=reform_officer, task=task, approve=True)
    take("request_extension", justice_officer, task)
    extension_decide(actor=reform_officer, task=task, approve=False, note="Đã gia hạn một lần")
    take("complete", justice_officer, task)
    take("return_completion", reform_officer, task)
    take("complete", justice_officer, task)
    take("confirm", reform_officer, task)
    take("reopen", reform_officer, task)
    take("cancel", reform_officer, task)

    assert trail(task) == [
        ("reform.task_created", None),
        ("reform.task_updated", manager),
        ("reform.task_progress", lead),
        ("reform.extension_requested", lead),
        ("reform.extension_approved", manager),
        ("reform.extension_requested", lead),
        ("reform.extension_rejected", manager),
        ("reform.task_completed", lead),
        ("reform.task_completion_returned", manager),
        ("reform.task_completed", lead),
        ("reform.task_completion_confirmed", manager),
        ("reform.task_reopened", manager),
        ("reform.task_cancelled", manager),
    ]


def test_audited_status_changes_record_before_and_after(justice_task, justice_officer, reform_officer):
    take("complete", justice_officer, justice_task)
    take("confirm", reform_officer, justice_task)
    events = AuditEvent.objects.filter(target_id=str(justice_task.pk), verb__startswith="reform.task_completion")
    confirmed = events.get(verb="reform.task_completion_confirmed")
    assert (confirmed.before, confirmed.after) == (TaskStatus.REPORTED, TaskStatus.COMPLETED)
    assert confirmed.unit == justice_task.plan.unit
    reported = AuditEvent.objects.get(target_id=str(justice_task.pk), verb="reform.task_completed")
    assert (reported.before, reported.after) == (TaskStatus.NOT_STARTED, TaskStatus.REPORTED)
    assert reported.payload["evidence"] == "30/BC-STP"


def test_an_extension_request_is_audited_with_both_deadlines(justice_task, justice_officer):
    take("request_extension", justice_officer, justice_task)
    event = AuditEvent.objects.get(target_id=str(justice_task.pk), verb="reform.extension_requested")
    assert event.actor == justice_officer
    assert event.before == justice_task.deadline.isoformat()
    assert event.after == (justice_task.deadline + dt.timedelta(days=30)).isoformat()


def test_a_refused_step_leaves_no_trace_in_the_audit(justice_task, justice_officer, environment_officer):
    before = trail(justice_task)
    with pytest.raises(NotPermitted):
        take("update_progress", environment_officer, justice_task)
    with pytest.raises(DomainError):
        take("reopen", justice_officer, justice_task)
    assert trail(justice_task) == before


def test_plan_changes_are_audited(confirmed_plan, reform_officer):
    plan_update(actor=reform_officer, plan=confirmed_plan, decision_signer="Lê Văn Bình")
    verbs = AuditEvent.objects.filter(target_id=str(confirmed_plan.pk), verb__startswith="reform.plan").order_by("id")
    assert [(event.verb, event.actor_id) for event in verbs] == [
        ("reform.plan_created", None),
        ("reform.plan_updated", reform_officer.pk),
    ]
