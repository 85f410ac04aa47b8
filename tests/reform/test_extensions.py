"""Asking for more time: a later date and a reason, one request at a time, decided by the plan's owner;
an approved extension moves the deadline with its history kept, and "on time" is read against the deadline
in force when the task was completed."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from portal.services import DomainError, NotPermitted
from reform.choices import ExtensionStatus, TaskState
from reform.models import Task
from reform.selectors import task_figures, with_state
from reform.services import extension_decide, extension_request, task_complete
from tests.reform.conftest import make_task, today

pytestmark = pytest.mark.django_db

# 09:00 in Hà Nội on Monday 15 June 2026.
MOMENT = dt.datetime(2026, 6, 15, 2, 0, tzinfo=dt.UTC)
DEADLINE = dt.date(2026, 6, 30)


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel(MOMENT, tick=False) as traveller:
        yield traveller


@pytest.fixture
def task(province_plan, justice):
    return make_task(province_plan, justice, DEADLINE, title="Xây dựng đề án số hóa hồ sơ")


def fresh(task: Task) -> Task:
    return Task.objects.get(pk=task.pk)


def state_of(task: Task, on=None) -> str:
    return with_state(Task.objects.filter(pk=task.pk), on).get().state


# --- the request ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("requested", [DEADLINE, DEADLINE - dt.timedelta(days=1), None])
def test_a_request_needs_a_date_after_the_current_deadline(requested, task, justice_officer):
    with pytest.raises(DomainError, match="phải sau thời hạn hiện tại"):
        extension_request(actor=justice_officer, task=task, requested_deadline=requested, reason="Chờ văn bản")
    assert not task.extensions.exists()


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_request_needs_a_reason(reason, task, justice_officer):
    with pytest.raises(DomainError, match="lý do"):
        extension_request(actor=justice_officer, task=task, requested_deadline=dt.date(2026, 8, 31), reason=reason)
    assert not task.extensions.exists()


def test_a_request_leaves_the_deadline_alone_until_decided(task, justice_officer):
    extension = extension_request(
        actor=justice_officer, task=task, requested_deadline=dt.date(2026, 8, 31), reason="Chờ ý kiến Bộ Tư pháp"
    )
    assert extension.status == ExtensionStatus.PENDING
    assert (extension.previous_deadline, extension.requested_deadline) == (DEADLINE, dt.date(2026, 8, 31))
    assert extension.requested_by == justice_officer
    assert fresh(task).deadline == DEADLINE


def test_only_one_request_is_pending_at_a_time(task, justice_officer):
    extension_request(actor=justice_officer, task=task, requested_deadline=dt.date(2026, 8, 31), reason="Chờ văn bản")
    with pytest.raises(DomainError, match="đang có một đề nghị gia hạn chờ quyết định"):
        extension_request(
            actor=justice_officer, task=task, requested_deadline=dt.date(2026, 9, 30), reason="Cần thêm thời gian"
        )
    assert task.extensions.count() == 1


def test_after_a_decision_a_new_request_may_be_made(task, justice_officer, reform_officer):
    extension_request(actor=justice_officer, task=task, requested_deadline=dt.date(2026, 8, 31), reason="Chờ văn bản")
    extension_decide(actor=reform_officer, task=task, approve=False, note="Không có căn cứ")
    extension_request(
        actor=justice_officer, task=task, requested_deadline=dt.date(2026, 7, 31), reason="Bổ sung căn cứ"
    )
    assert task.extensions.filter(status=ExtensionStatus.PENDING).count() == 1


# --- the decision -----------------------------------------------------------------------------------------


def test_approval_changes_the_deadline_and_keeps_its_history(task, justice_officer, reform_officer):
    extension_request(actor=justice_officer, task=task, requested_deadline=dt.date(2026, 8, 31), reason="Chờ văn bản")
    first = extension_decide(actor=reform_officer, task=task, approve=True, note="Đồng ý")
    extension_request(actor=justice_officer, task=task, requested_deadline=dt.date(2026, 10, 31), reason="Chờ kinh phí")
    second = extension_decide(actor=reform_officer, task=task, approve=True)

    task = fresh(task)
    assert task.deadline == dt.date(2026, 10, 31)
    assert task.original_deadline == DEADLINE
    history = [
        (extension.previous_deadline, extension.granted_deadline, extension.status)
        for extension in task.extensions.order_by("id")
    ]
    assert history == [
        (DEADLINE, dt.date(2026, 8, 31), ExtensionStatus.APPROVED),
        (dt.date(2026, 8, 31), dt.date(2026, 10, 31), ExtensionStatus.APPROVED),
    ]
    assert (first.decided_by, first.decided_on) == (reform_officer, today())
    assert second.decided_by == reform_officer


def test_the_owner_may_grant_less_time_than_asked(task, justice_officer, reform_officer):
    extension_request(actor=justice_officer, task=task, requested_deadline=dt.date(2026, 9, 30), reason="Chờ văn bản")
    granted = extension_decide(actor=reform_officer, task=task, approve=True, deadline=dt.date(2026, 7, 31))
    assert (granted.requested_deadline, granted.granted_deadline) == (dt.date(2026, 9, 30), dt.date(2026, 7, 31))
    assert fresh(task).deadline == dt.date(2026, 7, 31)


def test_a_granted_deadline_not_after_the_current_one_is_refused(task, justice_officer, reform_officer):
    extension_request(actor=justice_officer, task=task, requested_deadline=dt.date(2026, 9, 30), reason="Chờ văn bản")
    with pytest.raises(DomainError, match="phải sau thời hạn hiện tại"):
        extension_decide(actor=reform_officer, task=task, approve=True, deadline=DEADLINE)
    assert task.extensions.get().status == ExtensionStatus.PENDING
    assert fresh(task).deadline == DEADLINE


def test_a_refusal_needs_a_note(task, justice_officer, reform_officer):
    extension_request(actor=justice_officer, task=task, requested_deadline=dt.date(2026, 8, 31), reason="Chờ văn bản")
    with pytest.raises(DomainError, match="lý do không đồng ý"):
        extension_decide(actor=reform_officer, task=task, approve=False, note="  ")
    assert task.extensions.get().status == ExtensionStatus.PENDING


def test_a_refusal_keeps_the_deadline_and_records_the_note(task, justice_officer, reform_officer):
    extension_request(actor=justice_officer, task=task, requested_deadline=dt.date(2026, 8, 31), reason="Chờ văn bản")
    refused = extension_decide(actor=reform_officer, task=task, approve=False, note="Nhiệm vụ trọng tâm, không lùi")
    assert refused.status == ExtensionStatus.REJECTED
    assert refused.decision_note == "Nhiệm vụ trọng tâm, không lùi"
    assert refused.granted_deadline is None
    assert fresh(task).deadline == DEADLINE


def test_the_lead_agency_does_not_decide_its_own_request(task, justice_officer):
    extension_request(actor=justice_officer, task=task, requested_deadline=dt.date(2026, 8, 31), reason="Chờ văn bản")
    with pytest.raises(NotPermitted):
        extension_decide(actor=justice_officer, task=task, approve=True)
    assert fresh(task).deadline == DEADLINE


# --- "on time" against the deadline in force when completed -----------------------------------------------


@pytest.fixture
def extended(province_plan, justice, justice_officer, reform_officer):
    """A task due on 31 May 2026, extended to 30 June 2026."""
    task = make_task(province_plan, justice, dt.date(2026, 5, 31), title="Chuẩn hóa quy trình nội bộ")
    extension_request(actor=justice_officer, task=task, requested_deadline=dt.date(2026, 6, 30), reason="Chờ văn bản")
    extension_decide(actor=reform_officer, task=task, approve=True)
    return fresh(task)


def test_completed_after_the_original_deadline_but_before_the_extended_one_is_on_time(
    province_plan, extended, justice_officer
):
    task_complete(actor=justice_officer, task=extended, evidence_number="20/BC-STP", evidence_date=today())
    assert state_of(extended) == TaskState.COMPLETED_ON_TIME
    figures = task_figures(province_plan.tasks.all())
    assert (figures["completed_on_time"], figures["completed_late"], figures["on_time_rate"]) == (1, 0, "100.00")


def test_completed_on_the_extended_deadline_is_on_time(frozen_time, extended, justice_officer):
    frozen_time.move_to(dt.datetime(2026, 6, 30, 2, 0, tzinfo=dt.UTC))
    task_complete(actor=justice_officer, task=extended, evidence_number="20/BC-STP", evidence_date=today())
    assert state_of(extended) == TaskState.COMPLETED_ON_TIME


def test_completed_after_the_extended_deadline_is_late(frozen_time, province_plan, extended, justice_officer):
    frozen_time.move_to(dt.datetime(2026, 7, 1, 2, 0, tzinfo=dt.UTC))
    task_complete(actor=justice_officer, task=extended, evidence_number="20/BC-STP", evidence_date=today())
    assert state_of(extended) == TaskState.COMPLETED_LATE
    figures = task_figures(province_plan.tasks.all())
    assert (figures["completed_on_time"], figures["completed_late"], figures["on_time_rate"]) == (0, 1, "0.00")


def test_a_task_completed_late_without_extension_is_late(province_plan, justice, justice_officer):
    task = make_task(province_plan, justice, dt.date(2026, 5, 31))
    task_complete(actor=justice_officer, task=task, evidence_number="20/BC-STP", evidence_date=today())
    assert state_of(task) == TaskState.COMPLETED_LATE


def test_on_time_stays_on_time_when_read_later(frozen_time, extended, justice_officer):
    task_complete(actor=justice_officer, task=extended, evidence_number="20/BC-STP", evidence_date=today())
    frozen_time.move_to(dt.datetime(2026, 12, 31, 2, 0, tzinfo=dt.UTC))
    assert state_of(extended) == TaskState.COMPLETED_ON_TIME
    assert state_of(extended, dt.date(2026, 7, 15)) == TaskState.COMPLETED_ON_TIME
