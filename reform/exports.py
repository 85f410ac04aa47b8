"""The Excel export of the task list: one row per task, as filtered on the page, for the requester's scope.

The reports app runs it as a logged job (the "reform" family declares it, see reform/family.py): the job carries
the list's query string, read with the same TaskFilterSet as the page and the API over the tasks the requester
may see. Rows are streamed into a write-only workbook in a fixed number of queries (the tasks with their plan,
area and lead agency, and their coordinating agencies per chunk); text typed by users stays text (portal.xlsx).
"""

from __future__ import annotations

import datetime as dt

from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.xlsx import RequestOf, filters_described, list_workbook
from reform.choices import TaskState, TaskStatus
from reform.filtersets import TaskFilterSet
from reform.models import Task
from reform.selectors import with_state

TASK_LIST_EXPORT = "reform-task-list"  # the export's key (ExportJob.kind)
VIEW_PERMISSION = "reform.view_task"
MAX_ROWS = 200_000  # as the reports app's other list exports
CHUNK = 2000


def _headers() -> list[tuple[str, int]]:
    return [
        (_("STT"), 8),
        (_("Kế hoạch"), 40),
        (_("Lĩnh vực"), 28),
        (_("Nội dung nhiệm vụ"), 60),
        (_("Cơ quan chủ trì"), 30),
        (_("Cơ quan phối hợp"), 36),
        (_("Thời hạn ban đầu"), 13),
        (_("Thời hạn"), 13),
        (_("Tình trạng"), 22),
        (_("Theo dõi thời hạn"), 26),
        (_("Tiến độ (%)"), 10),
        (_("Ngày hoàn thành"), 13),
        (_("Văn bản minh chứng"), 28),
        (_("Đơn vị"), 24),
    ]


def task_filterset(user, querystring: str) -> TaskFilterSet:
    """The list's FilterSet over the tasks `user` may see, bound to the page's query string."""
    query = QueryDict(querystring or "")
    tasks = Task.objects.visible_to(user) if user.has_perm(VIEW_PERMISSION) else Task.objects.none()
    return TaskFilterSet(query or None, queryset=tasks, request=RequestOf(user))


def _evidence(task: Task) -> str:
    if not task.evidence_number:
        return ""
    if task.evidence_date is None:
        return task.evidence_number
    return _("%(number)s ngày %(date)s") % {"number": task.evidence_number, "date": f"{task.evidence_date:%d/%m/%Y}"}


def task_workbook(*, user, querystring: str, on: dt.date | None = None) -> bytes:
    """The .xlsx of the task list filtered by `querystring`, for `user`'s scope, with the six states as of `on`."""
    filterset = task_filterset(user, querystring)
    on = on or (filterset.as_of() if filterset.is_valid() else timezone.localdate())  # the list's `on`, if any
    tasks = (
        with_state(filterset.qs, on)
        .select_related("plan__unit", "area", "lead_agency")
        .prefetch_related("coordinating_agencies")
    )
    # Labels translated once per file, not once per cell.
    states = {value: str(label) for value, label in TaskState.choices}
    statuses = {value: str(label) for value, label in TaskStatus.choices}
    rows = (
        [
            task.number or str(index),
            str(task.plan),
            task.area.name,
            task.title,
            task.lead_agency.name,
            ", ".join(agency.name for agency in task.coordinating_agencies.all()),
            task.original_deadline,
            task.deadline,
            statuses.get(task.status, task.status),
            states.get(task.state, task.state),
            task.progress,
            task.completed_on,
            _evidence(task),
            task.plan.unit.name,
        ]
        for index, task in enumerate(tasks[: MAX_ROWS + 1].iterator(chunk_size=CHUNK), start=1)
    )
    return list_workbook(
        sheet_title=_("Nhiệm vụ"),
        lines=[
            _("Danh sách nhiệm vụ cải cách hành chính"),
            _("Điều kiện lọc: %(filters)s") % {"filters": filters_described(filterset)},
            _("Theo dõi thời hạn tính đến ngày %(date)s") % {"date": f"{on:%d/%m/%Y}"},
        ],
        headers=_headers(),
        rows=rows,
        max_rows=MAX_ROWS,
        overflow=_("Danh sách chỉ gồm %(count)s nhiệm vụ đầu tiên; hãy lọc hẹp hơn.") % {"count": MAX_ROWS},
    )


def task_list(job) -> bytes:
    """The reports app's builder of a list export: `job` carries the requester and the list's query string."""
    return task_workbook(user=job.requested_by, querystring=job.params.get("querystring", ""))
