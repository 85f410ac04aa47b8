"""Completing a task: evidence, the completion date, the owner's confirmation, and the progress updates before it."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from portal.services import DomainError
from reform.choices import CompletionStatus, TaskState, TaskStatus
from reform.selectors import task_figures, with_state
from reform.services import task_complete, task_confirm_completion, task_progress_record, task_return_completion
from tests.reform.conftest import make_plan, make_task, today

pytestmark = pytest.mark.django_db

# 09:00 in Hà Nội on Monday 15 June 2026.
MOMENT = dt.datetime(2026, 6, 15, 2, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel(MOMENT, tick=False) as traveller:
        yield traveller


@pytest.fixture
def task(province_plan, justice):
    return make_task(province_plan, justice, dt.date(2026, 9, 30), title="Rà soát văn bản quy phạm pháp luật")


@pytest.fixture
def confirmed_plan(province_committee):
    return make_plan(province_committee, title="Kế hoạch cải cách hành chính có xác nhận", requires_confirmation=True)


@pytest.fixture
def confirmed_task(confirmed_plan, justice):
    return make_task(confirmed_plan, justice, dt.date(2026, 9, 30), title="Công bố danh mục thủ tục hành chính")


def state_of(task, on=None) -> str:
    return with_state(type(task).objects.filter(pk=task.pk), on).get().state


# --- evidence ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("number", ["", "   ", None])
def test_completion_without_an_evidence_number_is_refused(number, task, justice_officer):
    with pytest.raises(DomainError, match="số văn bản minh chứng"):
        task_complete(actor=justice_officer, task=task, evidence_number=number, evidence_date=today())
    task.refresh_from_db()
    assert task.status == TaskStatus.NOT_STARTED
    assert not task.completions.exists()


def test_completion_without_an_evidence_date_is_refused(task, justice_officer):
    with pytest.raises(DomainError, match="ngày của văn bản minh chứng"):
        task_complete(actor=justice_officer, task=task, evidence_number="15/BC-STP", evidence_date=None)
    task.refresh_from_db()
    assert task.status == TaskStatus.NOT_STARTED


def test_completion_with_evidence_is_recorded_on_the_task(task, justice_officer):
    completion = task_complete(
        actor=justice_officer,
        task=task,
        evidence_number=" 15/BC-STP ",
        evidence_date=dt.date(2026, 6, 12),
        note="Đã ban hành báo cáo rà soát",
    )
    task.refresh_from_db()
    assert task.status == TaskStatus.COMPLETED
    assert task.progress == 100
    assert (task.evidence_number, task.evidence_date) == ("15/BC-STP", dt.date(2026, 6, 12))
    assert completion.reported_by == justice_officer
    assert completion.status == CompletionStatus.ACCEPTED
    assert list(task.completions.all()) == [completion]


# --- the completion date ----------------------------------------------------------------------------------


def test_the_completion_date_defaults_to_today(task, justice_officer):
    task_complete(actor=justice_officer, task=task, evidence_number="15/BC-STP", evidence_date=today())
    task.refresh_from_db()
    assert task.completed_on == dt.date(2026, 6, 15)


def test_an_earlier_completion_date_is_kept_for_plans_entered_after_the_fact(
    province_committee, justice, reform_officer
):
    last_year = make_plan(province_committee, year=2025)
    task = make_task(last_year, justice, dt.date(2025, 6, 30))
    task_complete(
        actor=reform_officer,
        task=task,
        evidence_number="88/BC-STP",
        evidence_date=dt.date(2025, 6, 20),
        completed_on=dt.date(2025, 6, 20),
    )
    task.refresh_from_db()
    assert task.completed_on == dt.date(2025, 6, 20)
    assert state_of(task) == TaskState.COMPLETED_ON_TIME


def test_a_completion_date_in_the_future_is_refused(task, justice_officer):
    with pytest.raises(DomainError, match="không được sau ngày hôm nay"):
        task_complete(
            actor=justice_officer,
            task=task,
            evidence_number="15/BC-STP",
            evidence_date=today(),
            completed_on=dt.date(2026, 6, 16),
        )
    task.refresh_from_db()
    assert task.status == TaskStatus.NOT_STARTED


def test_a_completion_date_before_the_plans_year_is_refused(task, justice_officer):
    with pytest.raises(DomainError, match="trước năm của kế hoạch"):
        task_complete(
            actor=justice_officer,
            task=task,
            evidence_number="15/BC-STP",
            evidence_date=dt.date(2025, 12, 31),
            completed_on=dt.date(2025, 12, 31),
        )
    # the first day of the plan's year is fine
    task_complete(
        actor=justice_officer,
        task=task,
        evidence_number="15/BC-STP",
        evidence_date=dt.date(2026, 1, 1),
        completed_on=dt.date(2026, 1, 1),
    )
    task.refresh_from_db()
    assert task.completed_on == dt.date(2026, 1, 1)


# --- confirmation -----------------------------------------------------------------------------------------


def test_without_confirmation_the_lead_agencys_completion_counts_at_once(province_plan, task, justice_officer):
    task_complete(actor=justice_officer, task=task, evidence_number="15/BC-STP", evidence_date=today())
    figures = task_figures(province_plan.tasks.all())
    assert (figures["completed"], figures["planned"], figures["completion_rate"]) == (1, 1, "100.00")


def test_with_confirmation_a_reported_task_does_not_count_until_confirmed(
    confirmed_plan, confirmed_task, justice_officer, reform_officer
):
    completion = task_complete(
        actor=justice_officer, task=confirmed_task, evidence_number="15/BC-STP", evidence_date=today()
    )
    confirmed_task.refresh_from_db()
    assert confirmed_task.status == TaskStatus.REPORTED
    assert completion.status == CompletionStatus.PENDING
    figures = task_figures(confirmed_plan.tasks.all())
    assert (figures["completed"], figures["completion_rate"]) == (0, "0.00")
    assert state_of(confirmed_task) == TaskState.IN_PROGRESS

    task_confirm_completion(actor=reform_officer, task=confirmed_task)
    confirmed_task.refresh_from_db()
    completion.refresh_from_db()
    assert confirmed_task.status == TaskStatus.COMPLETED
    assert completion.status == CompletionStatus.CONFIRMED
    assert completion.decided_by == reform_officer
    figures = task_figures(confirmed_plan.tasks.all())
    assert (figures["completed"], figures["completion_rate"]) == (1, "100.00")
    assert state_of(confirmed_task) == TaskState.COMPLETED_ON_TIME


def test_a_confirmed_completion_keeps_the_day_the_lead_agency_reported(
    frozen_time, confirmed_task, justice_officer, reform_officer
):
    task_complete(actor=justice_officer, task=confirmed_task, evidence_number="15/BC-STP", evidence_date=today())
    frozen_time.move_to(dt.datetime(2026, 6, 22, 2, 0, tzinfo=dt.UTC))
    task_confirm_completion(actor=reform_officer, task=confirmed_task)
    confirmed_task.refresh_from_db()
    assert confirmed_task.completed_on == dt.date(2026, 6, 15)


def test_a_returned_completion_carries_its_reason_and_the_task_is_in_progress_again(
    confirmed_plan, confirmed_task, justice_officer, reform_officer
):
    task_progress_record(actor=justice_officer, task=confirmed_task, progress=80, text="Đã trình dự thảo")
    completion = task_complete(
        actor=justice_officer, task=confirmed_task, evidence_number="15/BC-STP", evidence_date=today()
    )
    task_return_completion(actor=reform_officer, task=confirmed_task, reason="Thiếu quyết định công bố")
    completion.refresh_from_db()
    confirmed_task.refresh_from_db()
    assert completion.status == CompletionStatus.RETURNED
    assert completion.return_reason == "Thiếu quyết định công bố"
    assert confirmed_task.status == TaskStatus.IN_PROGRESS
    assert confirmed_task.progress < 100
    assert confirmed_task.completed_on is None
    assert task_figures(confirmed_plan.tasks.all())["completed"] == 0
    # the lead agency can report it again
    task_complete(actor=justice_officer, task=confirmed_task, evidence_number="16/BC-STP", evidence_date=today())
    confirmed_task.refresh_from_db()
    assert confirmed_task.status == TaskStatus.REPORTED


@pytest.mark.parametrize("reason", ["", "  "])
def test_a_completion_is_not_returned_without_a_reason(reason, confirmed_task, justice_officer, reform_officer):
    task_complete(actor=justice_officer, task=confirmed_task, evidence_number="15/BC-STP", evidence_date=today())
    with pytest.raises(DomainError, match="lý do"):
        task_return_completion(actor=reform_officer, task=confirmed_task, reason=reason)
    confirmed_task.refresh_from_db()
    assert confirmed_task.status == TaskStatus.REPORTED


def test_a_plan_managers_own_completion_needs_no_confirmation(confirmed_plan, confirmed_task, reform_officer):
    completion = task_complete(
        actor=reform_officer, task=confirmed_task, evidence_number="15/BC-STP", evidence_date=today()
    )
    confirmed_task.refresh_from_db()
    assert confirmed_task.status == TaskStatus.COMPLETED
    assert completion.status == CompletionStatus.ACCEPTED
    assert task_figures(confirmed_plan.tasks.all())["completed"] == 1


def test_confirmation_is_off_by_default(province_plan):
    assert province_plan.requires_confirmation is False


# --- progress updates -------------------------------------------------------------------------------------


def test_progress_updates_are_listed_on_the_task_newest_first(frozen_time, task, justice_officer):
    task_progress_record(actor=justice_officer, task=task, progress=20, text="Đã lập danh mục văn bản")
    frozen_time.move_to(dt.datetime(2026, 6, 16, 2, 0, tzinfo=dt.UTC))
    task_progress_record(
        actor=justice_officer, task=task, progress=55, text="Đã rà soát 55 văn bản", document_number="40/STP-VP"
    )
    task.refresh_from_db()
    assert (task.status, task.progress) == (TaskStatus.IN_PROGRESS, 55)
    listed = [
        (update.progress, update.text, update.document_number, update.reported_by) for update in task.updates.all()
    ]
    assert listed == [
        (55, "Đã rà soát 55 văn bản", "40/STP-VP", justice_officer),
        (20, "Đã lập danh mục văn bản", "", justice_officer),
    ]


def test_progress_update_needs_what_was_done(task, justice_officer):
    with pytest.raises(DomainError, match="kết quả thực hiện"):
        task_progress_record(actor=justice_officer, task=task, progress=20, text=" ")
    assert not task.updates.exists()


@pytest.mark.parametrize("progress", [-1, 101])
def test_progress_outside_0_to_100_is_refused(progress, task, justice_officer):
    with pytest.raises(DomainError):
        task_progress_record(actor=justice_officer, task=task, progress=progress, text="Đã thực hiện")
    assert not task.updates.exists()


def test_progress_100_through_a_progress_update_is_refused_completion_needs_evidence(task, justice_officer):
    with pytest.raises(DomainError, match="minh chứng"):
        task_progress_record(actor=justice_officer, task=task, progress=100, text="Đã xong")
    task.refresh_from_db()
    assert (task.status, task.progress) == (TaskStatus.NOT_STARTED, 0)
    assert not task.updates.exists()
