"""The Excel export of the task list: one row per task, as filtered on the page, for the requester's scope.

The reports app runs it as a logged job (the "reform" family declares it, see reform/family.py): the job carries
the list's query string, read with the same TaskFilterSet as the page and the API over the tasks the requester
may see. Rows are streamed into a write-only workbook in a fixed number of queries (the tasks with their plan,
area and lead agency, and their coordinating agencies per chunk); text typed by users stays text (portal.xlsx).
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from django import forms
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.xlsx import safe_row
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


class _Request:
    """What the FilterSet reads from a request: the user (plans offered, "my agency's tasks")."""

    def __init__(self, user) -> None:
        self.user = user


def task_filterset(user, querystring: str) -> TaskFilterSet:
    """The list's FilterSet over the tasks `user` may see, bound to the page's query string."""
    query = QueryDict(querystring or "")
    tasks = Task.objects.visible_to(user) if user.has_perm(VIEW_PERMISSION) else Task.objects.none()
    return TaskFilterSet(query or None, queryset=tasks, request=_Request(user))


def filters_described(filterset: TaskFilterSet) -> str:
    """The filters applied, as the page's form names them ("Năm: 2024; Lĩnh vực: …"); invalid values are ignored
    by the list and so are not named."""
    if not filterset.is_bound:
        return _("Không lọc")
    filterset.errors  # noqa: B018 (validates the form, which fills cleaned_data)
    parts = []
    for name, field in filterset.form.fields.items():
        value = filterset.form.cleaned_data.get(name)
        if value in (None, "", False) or name in filterset.form.errors:
            continue
        if value is True:
            parts.append(str(field.label))
            continue
        if isinstance(value, Decimal):  # a year: 2024, not 2024.0
            value = int(value) if value == value.to_integral_value() else value
        if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
            value = dict(field.choices).get(value, value)  # the label, not the stored value
        shown = str(value)
        parts.append(f"{field.label}: {shown}")
    return "; ".join(parts) or _("Không lọc")


def _dated(sheet, value: dt.date | None):
    """A date cell that Excel shows as dd/mm/yyyy (a write-only sheet takes styled cells)."""
    if value is None:
        return None
    from openpyxl.cell.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = "dd/mm/yyyy"
    return cell


def _evidence(task: Task) -> str:
    if not task.evidence_number:
        return ""
    if task.evidence_date is None:
        return task.evidence_number
    return _("%(number)s ngày %(date)s") % {"number": task.evidence_number, "date": f"{task.evidence_date:%d/%m/%Y}"}


def task_workbook(*, user, querystring: str, on: dt.date | None = None) -> bytes:
    """The .xlsx of the task list filtered by `querystring`, for `user`'s scope, with the six states as of `on`."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

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

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Nhiệm vụ"))
    headers = _headers()
    for index, (_title, width) in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A3"
    sheet.append(
        safe_row(
            sheet,
            [
                _("Danh sách nhiệm vụ cải cách hành chính"),
                _("Điều kiện lọc: %(filters)s") % {"filters": filters_described(filterset)},
                _("Theo dõi thời hạn tính đến ngày %(date)s") % {"date": f"{on:%d/%m/%Y}"},
            ],
        )
    )
    sheet.append([title for title, _width in headers])
    written = 0
    for task in tasks[: MAX_ROWS + 1].iterator(chunk_size=CHUNK):
        if written == MAX_ROWS:
            sheet.append([_("Danh sách chỉ gồm %(count)s nhiệm vụ đầu tiên; hãy lọc hẹp hơn.") % {"count": MAX_ROWS}])
            break
        written += 1
        sheet.append(
            safe_row(
                sheet,
                [
                    task.number or str(written),
                    str(task.plan),
                    task.area.name,
                    task.title,
                    task.lead_agency.name,
                    ", ".join(agency.name for agency in task.coordinating_agencies.all()),
                    _dated(sheet, task.original_deadline),
                    _dated(sheet, task.deadline),
                    statuses.get(task.status, task.status),
                    states.get(task.state, task.state),
                    task.progress,
                    _dated(sheet, task.completed_on),
                    _evidence(task),
                    task.plan.unit.name,
                ],
            )
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def task_list(job) -> bytes:
    """The reports app's builder of a list export: `job` carries the requester and the list's query string."""
    return task_workbook(user=job.requested_by, querystring=job.params.get("querystring", ""))
