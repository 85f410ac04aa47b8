"""Sub-tasks: a parent's progress is the weighted average of its children that were not cancelled, with the
weights normalised, so a parent never passes 100%; a parent is completed only after its children, and
cancelling it cancels its open children."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from portal.services import DomainError
from reform.choices import TaskStatus
from reform.models import Task
from reform.selectors import weighted_progress
from reform.services import (
    rolled_up_progress,
    task_cancel,
    task_complete,
    task_progress_record,
    task_reopen,
    task_update,
)
from tests.reform.conftest import make_task, today

pytestmark = pytest.mark.django_db

# 09:00 in Hà Nội on Monday 15 June 2026.
MOMENT = dt.datetime(2026, 6, 15, 2, 0, tzinfo=dt.UTC)
DEADLINE = dt.date(2026, 11, 30)


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel(MOMENT, tick=False) as traveller:
        yield traveller


@pytest.fixture
def parent(province_plan, home_affairs):
    return make_task(province_plan, home_affairs, DEADLINE, title="Sắp xếp tổ chức bộ máy", area="organisation")


def child(parent: Task, lead, weight, title: str) -> Task:
    return make_task(parent.plan, lead, DEADLINE, parent=parent, weight=weight, title=title, area="organisation")


def progress_of(task: Task) -> int:
    return Task.objects.values_list("progress", flat=True).get(pk=task.pk)


def complete(task: Task, actor) -> None:
    task_complete(actor=actor, task=task, evidence_number="12/BC-SNV", evidence_date=today())


def test_weighted_normalised_rollup_leaves_the_cancelled_child_out(parent, justice, justice_officer, reform_officer):
    done = child(parent, justice, 1, "Rà soát chức năng")
    halfway = child(parent, justice, 3, "Xây dựng đề án")
    dropped = child(parent, justice, 2, "Sáp nhập phòng")
    complete(done, justice_officer)
    task_progress_record(actor=justice_officer, task=halfway, progress=20, text="Đã lập dự thảo")
    task_progress_record(actor=justice_officer, task=dropped, progress=90, text="Gần xong")
    task_cancel(actor=reform_officer, task=dropped, reason="Không còn phù hợp")
    # (1×100 + 3×20) / (1 + 3) = 40
    assert progress_of(parent) == 40
    assert rolled_up_progress(Task.objects.get(pk=parent.pk)) == 40
    assert Task.objects.get(pk=parent.pk).status == TaskStatus.IN_PROGRESS


def test_the_rollup_follows_each_change_of_a_child(parent, justice, justice_officer, reform_officer):
    first = child(parent, justice, 1, "Bước 1")
    second = child(parent, justice, 1, "Bước 2")
    assert progress_of(parent) == 0
    task_progress_record(actor=justice_officer, task=first, progress=50, text="Một nửa")
    assert progress_of(parent) == 25
    complete(first, justice_officer)
    assert progress_of(parent) == 50
    task_update(actor=reform_officer, task=second, weight=3)
    assert progress_of(parent) == 25  # 100×1 / 4
    task_cancel(actor=reform_officer, task=second, reason="Gộp vào bước 1")
    assert progress_of(parent) == 100


@pytest.mark.parametrize("weights", [(5, 7), ("2.5", "0.5", "4")])
def test_a_parent_never_passes_100_percent(weights, parent, justice, justice_officer):
    children = [child(parent, justice, weight, f"Phần {n}") for n, weight in enumerate(weights)]
    for task in children:
        complete(task, justice_officer)
    assert progress_of(parent) == 100


def test_a_parents_progress_is_not_updated_by_hand(parent, home_affairs, reform_officer):
    child(parent, home_affairs, 1, "Bước 1")
    with pytest.raises(DomainError, match="tính từ các nhiệm vụ con"):
        task_progress_record(actor=reform_officer, task=parent, progress=70, text="Ước tính")
    assert progress_of(parent) == 0


def test_a_parent_cannot_be_completed_while_a_child_is_open(parent, justice, justice_officer, reform_officer):
    done = child(parent, justice, 1, "Bước 1")
    open_child = child(parent, justice, 1, "Bước 2")
    complete(done, justice_officer)
    with pytest.raises(DomainError, match="Còn nhiệm vụ con chưa hoàn thành"):
        complete(parent, reform_officer)
    assert Task.objects.get(pk=parent.pk).status == TaskStatus.IN_PROGRESS
    # once the open child is cancelled, the parent can be completed
    task_cancel(actor=reform_officer, task=open_child, reason="Không cần nữa")
    complete(parent, reform_officer)
    assert Task.objects.get(pk=parent.pk).status == TaskStatus.COMPLETED


def test_cancelling_a_parent_cancels_its_open_children(parent, justice, justice_officer, reform_officer):
    done = child(parent, justice, 1, "Bước 1")
    started = child(parent, justice, 1, "Bước 2")
    untouched = child(parent, justice, 1, "Bước 3")
    complete(done, justice_officer)
    task_progress_record(actor=justice_officer, task=started, progress=30, text="Đã bắt đầu")
    task_cancel(actor=reform_officer, task=parent, reason="Đơn vị đã sáp nhập")
    statuses = dict(Task.objects.filter(parent=parent).values_list("pk", "status"))
    assert statuses == {
        done.pk: TaskStatus.COMPLETED,
        started.pk: TaskStatus.CANCELLED,
        untouched.pk: TaskStatus.CANCELLED,
    }
    assert Task.objects.get(pk=started.pk).cancel_reason == "Đơn vị đã sáp nhập"


def test_no_sub_task_is_added_under_a_cancelled_parent_or_below_a_sub_task(parent, justice, reform_officer):
    sub = child(parent, justice, 1, "Bước 1")
    with pytest.raises(DomainError, match="một cấp"):
        child(sub, justice, 1, "Bước 1.1")
    task_cancel(actor=reform_officer, task=parent, reason="Không còn phù hợp")
    with pytest.raises(DomainError, match="đã hoàn thành hoặc đã hủy"):
        child(Task.objects.get(pk=parent.pk), justice, 1, "Bước 2")  # as a page loads it


def test_reopening_a_child_lowers_the_parents_progress(parent, justice, justice_officer, reform_officer):
    first = child(parent, justice, 1, "Bước 1")
    child(parent, justice, 1, "Bước 2")
    complete(first, justice_officer)
    assert progress_of(parent) == 50
    task_reopen(actor=reform_officer, task=first, reason="Sản phẩm chưa đạt")
    assert progress_of(parent) == 0


def test_the_plans_progress_bar_is_weighted_over_its_top_level_tasks(
    province_plan, parent, home_affairs, justice, justice_officer, reform_officer
):
    first = child(parent, justice, 1, "Bước 1")
    child(parent, justice, 1, "Bước 2")
    complete(first, justice_officer)  # parent at 50
    other = make_task(province_plan, home_affairs, DEADLINE, weight=3, title="Số hóa hồ sơ")
    task_progress_record(actor=reform_officer, task=other, progress=10, text="Đã khởi động")
    gone = make_task(province_plan, home_affairs, DEADLINE, weight=10, title="Đã hủy")
    task_cancel(actor=reform_officer, task=gone, reason="Không còn phù hợp")
    # (1×50 + 3×10) / 4 = 20; the sub-tasks and the cancelled task are not counted again
    assert weighted_progress(province_plan.tasks.all()) == 20
