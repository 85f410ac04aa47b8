"""The six states leaders read, derived as of a chosen date (DOMAIN R5.6): completed on time, completed late,
in progress within the deadline, in progress and overdue, due within 7 days, cancelled."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from reform.choices import STATE_TONES, TaskState
from reform.models import Task
from reform.selectors import task_figures, with_state
from reform.services import extension_decide, extension_request, task_cancel, task_complete, task_progress_record
from tests.reform.conftest import make_task

pytestmark = pytest.mark.django_db

# 09:00 in Hà Nội on Monday 15 June 2026.
MOMENT = dt.datetime(2026, 6, 15, 2, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 6, 15)
PAST = dt.date(2026, 5, 1)


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel(MOMENT, tick=False) as traveller:
        yield traveller


def days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


def states(plan, on) -> dict[int, str]:
    return dict(with_state(plan.tasks.all(), on).values_list("pk", "state"))


def state_of(task: Task, on) -> str:
    return with_state(Task.objects.filter(pk=task.pk), on).get().state


def complete(task: Task, actor, on: dt.date) -> None:
    task_complete(actor=actor, task=task, evidence_number="10/BC-STP", evidence_date=on, completed_on=on)


@pytest.fixture
def six_as_of(province_plan, justice, justice_officer, reform_officer):
    """Builds, relative to a day `on` (today or earlier), one task per state and returns {task pk: expected}."""

    def build(on: dt.date) -> dict[int, str]:
        expected = {}

        def task(deadline: dt.date, state: str, title: str) -> Task:
            made = make_task(province_plan, justice, deadline, title=title)
            expected[made.pk] = state
            return made

        complete(task(on + days(10), TaskState.COMPLETED_ON_TIME, "Hoàn thành sớm"), justice_officer, on - days(5))
        complete(task(on - days(5), TaskState.COMPLETED_ON_TIME, "Hoàn thành đúng ngày"), justice_officer, on - days(5))
        complete(task(on - days(10), TaskState.COMPLETED_LATE, "Hoàn thành muộn"), justice_officer, on - days(2))
        started = task(on + days(30), TaskState.IN_PROGRESS, "Đang làm, còn hạn")
        task_progress_record(actor=justice_officer, task=started, progress=40, text="Đã làm 40%")
        task(on + days(8), TaskState.IN_PROGRESS, "Còn 8 ngày")
        task(on - days(1), TaskState.OVERDUE, "Quá hạn 1 ngày")
        task(on + days(7), TaskState.DUE_SOON, "Còn 7 ngày")
        task(on, TaskState.DUE_SOON, "Đến hạn hôm nay")
        gone = task(on + days(20), TaskState.CANCELLED, "Đã hủy")
        task_cancel(actor=reform_officer, task=gone, reason="Không còn phù hợp", cancelled_on=on - days(3))
        return expected

    return build


@pytest.mark.parametrize("on", [PAST, TODAY], ids=["past", "today"])
def test_each_task_is_in_the_state_leaders_expect_as_of_the_day(on, province_plan, six_as_of):
    expected = six_as_of(on)
    assert states(province_plan, on) == expected
    figures = task_figures(province_plan.tasks.all(), on)
    assert figures["states"] == {
        TaskState.COMPLETED_ON_TIME: 2,
        TaskState.COMPLETED_LATE: 1,
        TaskState.IN_PROGRESS: 2,
        TaskState.OVERDUE: 1,
        TaskState.DUE_SOON: 2,
        TaskState.CANCELLED: 1,
    }
    assert figures["as_of"] == on.isoformat()


def test_the_state_defaults_to_today(province_plan, six_as_of):
    expected = six_as_of(TODAY)
    assert dict(with_state(province_plan.tasks.all()).values_list("pk", "state")) == expected


def test_due_within_7_days_ends_on_day_7(province_plan, justice):
    seventh = make_task(province_plan, justice, TODAY + days(7))
    eighth = make_task(province_plan, justice, TODAY + days(8))
    assert state_of(seventh, TODAY) == TaskState.DUE_SOON
    assert state_of(eighth, TODAY) == TaskState.IN_PROGRESS
    # a day later the eighth day is the seventh
    assert state_of(eighth, TODAY + days(1)) == TaskState.DUE_SOON
    # and the day after its deadline it is overdue
    assert state_of(seventh, TODAY + days(8)) == TaskState.OVERDUE


def test_a_task_completed_after_the_day_is_still_open_as_of_that_day(province_plan, justice, justice_officer):
    early = make_task(province_plan, justice, PAST + days(20), title="Hoàn thành sau ngày xem")
    late = make_task(province_plan, justice, PAST - days(2), title="Quá hạn rồi mới hoàn thành")
    complete(early, justice_officer, PAST + days(5))
    complete(late, justice_officer, PAST + days(5))
    assert state_of(early, PAST) == TaskState.IN_PROGRESS
    assert state_of(late, PAST) == TaskState.OVERDUE
    assert state_of(early, PAST + days(5)) == TaskState.COMPLETED_ON_TIME
    assert state_of(late, PAST + days(5)) == TaskState.COMPLETED_LATE
    figures = task_figures(province_plan.tasks.all(), PAST)
    assert (figures["completed"], figures["overdue"], figures["completion_rate"]) == (0, 1, "0.00")


def test_a_task_cancelled_after_the_day_is_still_open_as_of_that_day(province_plan, justice, reform_officer):
    task = make_task(province_plan, justice, PAST + days(3))
    task_cancel(actor=reform_officer, task=task, reason="Sáp nhập đơn vị", cancelled_on=PAST + days(10))
    assert state_of(task, PAST) == TaskState.DUE_SOON
    assert state_of(task, PAST + days(10)) == TaskState.CANCELLED
    assert task_figures(province_plan.tasks.all(), PAST)["planned"] == 1


def test_an_extension_decided_after_the_day_does_not_count_as_of_that_day(
    province_plan, justice, justice_officer, reform_officer
):
    task = make_task(province_plan, justice, PAST - days(1), title="Gia hạn sau ngày xem")
    extension_request(actor=justice_officer, task=task, requested_deadline=TODAY + days(30), reason="Chờ văn bản")
    extension_decide(actor=reform_officer, task=task, approve=True)  # decided today, after PAST
    assert state_of(task, PAST) == TaskState.OVERDUE
    assert state_of(task, TODAY) == TaskState.IN_PROGRESS
    row = with_state(Task.objects.filter(pk=task.pk), PAST).get()
    assert row.deadline_then == PAST - days(1)


def test_an_extension_decided_before_the_day_counts_as_of_that_day(
    frozen_time, province_plan, justice, justice_officer, reform_officer
):
    frozen_time.move_to(dt.datetime(2026, 4, 20, 2, 0, tzinfo=dt.UTC))
    task = make_task(province_plan, justice, dt.date(2026, 4, 25), title="Gia hạn trước ngày xem")
    extension_request(actor=justice_officer, task=task, requested_deadline=dt.date(2026, 5, 20), reason="Chờ văn bản")
    extension_decide(actor=reform_officer, task=task, approve=True)
    frozen_time.move_to(MOMENT)
    assert state_of(task, dt.date(2026, 4, 19)) == TaskState.DUE_SOON  # before the decision: due 25 April
    assert state_of(task, PAST) == TaskState.IN_PROGRESS  # 1 May: due 20 May
    assert state_of(task, dt.date(2026, 5, 15)) == TaskState.DUE_SOON
    assert state_of(task, TODAY) == TaskState.OVERDUE


def test_of_two_extensions_the_one_in_force_on_the_day_counts(
    frozen_time, province_plan, justice, justice_officer, reform_officer
):
    frozen_time.move_to(dt.datetime(2026, 3, 1, 2, 0, tzinfo=dt.UTC))
    task = make_task(province_plan, justice, dt.date(2026, 3, 31))
    extension_request(actor=justice_officer, task=task, requested_deadline=dt.date(2026, 4, 30), reason="Lần 1")
    extension_decide(actor=reform_officer, task=task, approve=True)
    frozen_time.move_to(dt.datetime(2026, 4, 25, 2, 0, tzinfo=dt.UTC))
    extension_request(actor=justice_officer, task=task, requested_deadline=dt.date(2026, 7, 31), reason="Lần 2")
    extension_decide(actor=reform_officer, task=task, approve=True)
    frozen_time.move_to(MOMENT)

    def deadline_then(on):
        return with_state(Task.objects.filter(pk=task.pk), on).get().deadline_then

    assert deadline_then(dt.date(2026, 2, 28)) == dt.date(2026, 3, 31)
    assert deadline_then(dt.date(2026, 4, 1)) == dt.date(2026, 4, 30)
    assert deadline_then(dt.date(2026, 4, 25)) == dt.date(2026, 7, 31)
    assert state_of(task, dt.date(2026, 4, 24)) == TaskState.DUE_SOON


def test_every_state_has_a_colour_and_a_vietnamese_label():
    assert set(STATE_TONES) == set(TaskState)
    assert TaskState.OVERDUE.label == "Đang thực hiện quá hạn"
    assert len(TaskState) == 6
