"""Every state count on a plan's page opens the task list with exactly that many tasks, as of the same day."""

import datetime as dt
import re

import pytest

from reform.choices import TaskState
from reform.services import task_cancel, task_complete
from tests.reform.conftest import make_task, today

pytestmark = pytest.mark.django_db


def test_each_state_count_opens_a_list_of_exactly_that_many_tasks(
    province_plan, home_affairs, justice, reform_officer, client_for
):
    done = make_task(province_plan, home_affairs, today() + dt.timedelta(days=20))
    task_complete(actor=reform_officer, task=done, evidence_number="15/BC-SNV", evidence_date=today())
    parent = make_task(province_plan, justice, today() - dt.timedelta(days=2), title="Nhiệm vụ có nhiệm vụ con")
    make_task(province_plan, justice, today() - dt.timedelta(days=2), parent=parent, title="Nhiệm vụ con quá hạn")
    make_task(province_plan, justice, today() + dt.timedelta(days=3))
    gone = make_task(province_plan, justice, today() + dt.timedelta(days=60))
    task_cancel(actor=reform_officer, task=gone, reason="Không còn phù hợp")
    client = client_for(reform_officer)

    page = client.get(f"/reform/plans/{province_plan.pk}/").content.decode()
    links = re.findall(r'href="([^"]*state=(\w+))"><strong data-state-count="\w+">(\d+)</strong>', page)

    assert {state for _href, state, _count in links} == set(TaskState.values)
    for href, state, count in links:
        listed = client.get(href.replace("&amp;", "&")).context["page"].paginator.count
        assert listed == int(count), (state, href)
    counts = {state: int(count) for _href, state, count in links}
    assert counts[TaskState.OVERDUE] == 1  # the parent; its overdue sub-task feeds it and is not counted
    assert counts[TaskState.CANCELLED] == 1
