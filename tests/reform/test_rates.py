"""Completion and on-time rates of hand-built plans (DOMAIN §0, R5.2, R5.6): completed over planned (the plan
report's, Sơn La 2024: 70/81 = 86.42%) beside completed over fallen due (the Government Office's), cancelled
tasks out of both, sub-tasks not counted, rounded half-up to 2 decimals."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from reform.selectors import rate, task_figures, task_figures_by
from reform.services import task_cancel, task_complete, task_progress_record
from tests.reform.conftest import make_plan, make_task

pytestmark = pytest.mark.django_db

# 09:00 in Hà Nội on Monday 15 June 2026.
MOMENT = dt.datetime(2026, 6, 15, 2, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 6, 15)
PAST_DEADLINE = dt.date(2026, 3, 31)
FUTURE_DEADLINE = dt.date(2026, 11, 30)


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel(MOMENT, tick=False) as traveller:
        yield traveller


def complete(task, actor, on: dt.date = TODAY) -> None:
    task_complete(actor=actor, task=task, evidence_number="30/BC-STP", evidence_date=on, completed_on=on)


def tasks_of(plan, lead, count: int, deadline: dt.date, title: str) -> list:
    return [make_task(plan, lead, deadline, title=f"{title} {n + 1}") for n in range(count)]


def test_70_of_81_tasks_completed_is_86_42_percent(province_committee, justice, justice_officer):
    plan = make_plan(province_committee, year=2026, title="Kế hoạch cải cách hành chính tỉnh năm 2026")
    tasks = tasks_of(plan, justice, 81, PAST_DEADLINE, "Nhiệm vụ")
    for task in tasks[:70]:
        complete(task, justice_officer, dt.date(2026, 3, 20))
    figures = task_figures(plan.tasks.all())
    assert (figures["completed"], figures["planned"]) == (70, 81)
    assert figures["completion_rate"] == "86.42"
    # every task has fallen due, so the Government Office's rate is the same here
    assert (figures["completed_of_due"], figures["fallen_due"], figures["due_completion_rate"]) == (70, 81, "86.42")
    assert figures["overdue"] == 11
    assert figures["on_time_rate"] == "100.00"


def test_cancelled_tasks_leave_both_denominators(province_plan, justice, justice_officer, reform_officer):
    done = tasks_of(province_plan, justice, 3, PAST_DEADLINE, "Đã xong")
    for task in done:
        complete(task, justice_officer, dt.date(2026, 3, 25))
    tasks_of(province_plan, justice, 1, PAST_DEADLINE, "Quá hạn")
    for task in tasks_of(province_plan, justice, 2, PAST_DEADLINE, "Đã hủy"):
        task_cancel(actor=reform_officer, task=task, reason="Không còn phù hợp")
    figures = task_figures(province_plan.tasks.all())
    assert (figures["planned"], figures["cancelled"]) == (4, 2)
    assert figures["completion_rate"] == "75.00"
    assert (figures["completed_of_due"], figures["fallen_due"], figures["due_completion_rate"]) == (3, 4, "75.00")


def test_the_government_office_denominator_counts_tasks_fallen_due(
    province_plan, justice, justice_officer, reform_officer
):
    fallen_due = tasks_of(province_plan, justice, 4, PAST_DEADLINE, "Đã đến hạn")
    for task in fallen_due[:3]:
        complete(task, justice_officer, dt.date(2026, 3, 30))
    tasks_of(province_plan, justice, 6, FUTURE_DEADLINE, "Chưa đến hạn")
    gone = tasks_of(province_plan, justice, 1, PAST_DEADLINE, "Đã hủy")[0]
    task_cancel(actor=reform_officer, task=gone, reason="Không còn phù hợp")
    figures = task_figures(province_plan.tasks.all())
    # the plan report's: 3 of 10 planned; the Government Office's: 3 of the 4 fallen due
    assert (figures["completed"], figures["planned"], figures["completion_rate"]) == (3, 10, "30.00")
    assert (figures["completed_of_due"], figures["fallen_due"], figures["due_completion_rate"]) == (3, 4, "75.00")


def test_a_task_due_today_has_fallen_due(province_plan, justice, justice_officer):
    due_today = make_task(province_plan, justice, TODAY)
    make_task(province_plan, justice, TODAY + dt.timedelta(days=1))
    complete(due_today, justice_officer)
    figures = task_figures(province_plan.tasks.all())
    assert (figures["completed_of_due"], figures["fallen_due"], figures["due_completion_rate"]) == (1, 1, "100.00")


def test_rates_are_none_without_a_denominator(province_plan, justice, reform_officer):
    figures = task_figures(province_plan.tasks.all())
    assert (figures["planned"], figures["completion_rate"], figures["due_completion_rate"]) == (0, None, None)
    task = make_task(province_plan, justice, FUTURE_DEADLINE)
    task_cancel(actor=reform_officer, task=task, reason="Không còn phù hợp")
    figures = task_figures(province_plan.tasks.all())
    assert (figures["completion_rate"], figures["on_time_rate"]) == (None, None)


def test_the_on_time_rate_is_on_time_over_completed(province_plan, justice, justice_officer):
    on_time = tasks_of(province_plan, justice, 3, dt.date(2026, 4, 30), "Đúng hạn")
    late = make_task(province_plan, justice, dt.date(2026, 3, 31), title="Quá hạn")
    for task in on_time:
        complete(task, justice_officer, dt.date(2026, 4, 28))
    complete(late, justice_officer, dt.date(2026, 4, 28))
    make_task(province_plan, justice, FUTURE_DEADLINE, title="Đang làm")
    figures = task_figures(province_plan.tasks.all())
    assert (figures["completed_on_time"], figures["completed_late"]) == (3, 1)
    assert figures["on_time_rate"] == "75.00"
    assert figures["completion_rate"] == "80.00"


def test_one_of_eight_is_exactly_12_50(province_plan, justice, justice_officer):
    tasks = tasks_of(province_plan, justice, 8, PAST_DEADLINE, "Nhiệm vụ")
    complete(tasks[0], justice_officer, dt.date(2026, 3, 1))
    assert task_figures(province_plan.tasks.all())["completion_rate"] == "12.50"


def test_rounding_is_half_up_where_bankers_rounding_differs(province_plan, justice, justice_officer):
    # 1/32 = 3.125 exactly: half-up gives 3.13, banker's rounding 3.12
    tasks = tasks_of(province_plan, justice, 32, PAST_DEADLINE, "Nhiệm vụ")
    complete(tasks[0], justice_officer, dt.date(2026, 3, 1))
    assert task_figures(province_plan.tasks.all())["completion_rate"] == "3.13"


@pytest.mark.parametrize(
    ("numerator", "denominator", "shown"),
    [
        (70, 81, "86.42"),
        (1, 8, "12.50"),
        (2, 3, "66.67"),
        (5, 8, "62.50"),
        (1, 32, "3.13"),  # 3.125: half-up, not banker's 3.12
        (3, 32, "9.38"),  # 9.375
        (1, 16, "6.25"),
        (1, 3, "33.33"),
        (81, 81, "100.00"),
        (0, 5, "0.00"),
    ],
)
def test_rate_rounds_half_up_to_two_decimals(numerator, denominator, shown):
    assert str(rate(numerator, denominator)) == shown


def test_rate_of_nothing_is_none():
    assert rate(0, 0) is None


def test_sub_tasks_do_not_count_in_the_plans_figures(province_plan, home_affairs, justice, justice_officer):
    parent = make_task(province_plan, home_affairs, PAST_DEADLINE, title="Nhiệm vụ lớn")
    subs = [make_task(province_plan, justice, PAST_DEADLINE, parent=parent, title=f"Phần {n}") for n in range(3)]
    for sub in subs:
        complete(sub, justice_officer, dt.date(2026, 3, 1))
    make_task(province_plan, justice, PAST_DEADLINE, title="Nhiệm vụ khác")
    figures = task_figures(province_plan.tasks.all())
    assert (figures["planned"], figures["completed"], figures["completion_rate"]) == (2, 0, "0.00")


def test_figures_by_lead_agency_split_the_same_counts(
    province_plan, home_affairs, justice, justice_officer, reform_officer
):
    for task in tasks_of(province_plan, justice, 2, PAST_DEADLINE, "Tư pháp"):
        complete(task, justice_officer, dt.date(2026, 3, 1))
    mine = tasks_of(province_plan, home_affairs, 3, PAST_DEADLINE, "Nội vụ")
    complete(mine[0], reform_officer, dt.date(2026, 3, 1))
    task_progress_record(actor=reform_officer, task=mine[1], progress=50, text="Một nửa")
    rows = {row["key"]: row for row in task_figures_by(province_plan.tasks.all(), "lead_agency")}
    assert (rows[justice.pk]["completed"], rows[justice.pk]["planned"], rows[justice.pk]["completion_rate"]) == (
        2,
        2,
        "100.00",
    )
    assert (rows[home_affairs.pk]["completed"], rows[home_affairs.pk]["completion_rate"]) == (1, "33.33")
    total = task_figures(province_plan.tasks.all())
    assert total["completion_rate"] == "60.00"


def test_a_plans_figures_leave_other_plans_out(province_committee, province_plan, justice, justice_officer):
    other = make_plan(province_committee, title="Kế hoạch khác")
    complete(make_task(other, justice, PAST_DEADLINE), justice_officer, dt.date(2026, 3, 1))
    make_task(province_plan, justice, PAST_DEADLINE)
    assert task_figures(province_plan.tasks.all())["completion_rate"] == "0.00"
    assert Decimal(task_figures(other.tasks.all())["completion_rate"]) == Decimal("100")
