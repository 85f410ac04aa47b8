"""The Excel exports of the support lists: the assignments and the activities, as filtered on the page.

The reports app runs them as logged jobs with progress (the "support" family declares them, support/family.py):
the job carries the list's query string, read with the list's own FilterSet over what the requester may see.
Rows are streamed in a fixed number of queries; text typed by users stays text (portal.xlsx).
"""

from __future__ import annotations

from django.http import QueryDict
from django.utils.translation import gettext as _

from portal.xlsx import RequestOf, filters_described, list_workbook
from support.choices import ActivityStatus
from support.filtersets import ActivityFilterSet, AssignmentFilterSet
from support.models import Activity, Assignment
from support.scoping import may_open_support
from support.selectors import with_delivery

ASSIGNMENT_LIST_EXPORT = "support-assignment-list"
ACTIVITY_LIST_EXPORT = "support-activity-list"
MAX_ROWS = 200_000
CHUNK = 2000


def _bound(filterset_class, queryset, user, querystring: str):
    query = QueryDict(querystring or "")
    return filterset_class(query or None, queryset=queryset, request=RequestOf(user))


def assignment_workbook(*, user, querystring: str) -> bytes:
    """The assignments list filtered by `querystring`, for `user`'s scope, with what each delivered."""
    visible = Assignment.objects.visible_to(user) if may_open_support(user) else Assignment.objects.none()
    visible = with_delivery(visible.select_related("agency", "commune"))
    filterset = _bound(AssignmentFilterSet, visible, user, querystring)
    assignments = filterset.qs.order_by("-year", "commune__path", "agency__name")
    rows = (
        [
            index,
            assignment.year,
            assignment.commune.name,
            assignment.agency.name,
            assignment.decision_number,
            assignment.decision_date,
            assignment.starts_on,
            assignment.ends_on,
            assignment.confirmed,
            assignment.waiting,
            assignment.value_vnd,
        ]
        for index, assignment in enumerate(assignments[: MAX_ROWS + 1].iterator(chunk_size=CHUNK), start=1)
    )
    return list_workbook(
        sheet_title=_("Phân công"),
        lines=[
            _("Danh sách phân công hỗ trợ xã đặc biệt khó khăn"),
            _("Điều kiện lọc: %(filters)s") % {"filters": filters_described(filterset)},
        ],
        headers=[
            (_("STT"), 6),
            (_("Năm"), 7),
            (_("Xã"), 26),
            (_("Cơ quan phụ trách"), 40),
            (_("Số quyết định"), 18),
            (_("Ngày quyết định"), 13),
            (_("Phụ trách từ ngày"), 13),
            (_("Đến ngày"), 13),
            (_("Hoạt động đã xác nhận"), 12),
            (_("Chờ xác nhận"), 12),
            (_("Giá trị đã xác nhận (đồng)"), 18),
        ],
        rows=rows,
        max_rows=MAX_ROWS,
        overflow=_("Danh sách chỉ gồm %(count)s dòng đầu tiên; hãy lọc hẹp hơn.") % {"count": MAX_ROWS},
    )


def activity_workbook(*, user, querystring: str) -> bytes:
    """The activities list filtered by `querystring`, for `user`'s scope; the key lets a corrected file update them."""
    visible = Activity.objects.visible_to(user) if may_open_support(user) else Activity.objects.none()
    visible = visible.select_related("activity_type", "assignment__agency", "assignment__commune")
    filterset = _bound(ActivityFilterSet, visible, user, querystring)
    statuses = {value: str(label) for value, label in ActivityStatus.choices}
    activities = filterset.qs.order_by("-date", "-id")
    rows = (
        [
            index,
            activity.date,
            activity.assignment.commune.name,
            activity.assignment.agency.name,
            activity.activity_type.name,
            activity.description,
            activity.money_vnd,
            activity.in_kind_vnd,
            activity.quantity,
            activity.beneficiaries,
            activity.beneficiaries_female,
            activity.beneficiaries_ethnic_minority,
            statuses.get(activity.status, activity.status),
            activity.return_reason,
            activity.import_key,
        ]
        for index, activity in enumerate(activities[: MAX_ROWS + 1].iterator(chunk_size=CHUNK), start=1)
    )
    return list_workbook(
        sheet_title=_("Hoạt động"),
        lines=[
            _("Danh sách hoạt động hỗ trợ xã đặc biệt khó khăn"),
            _("Điều kiện lọc: %(filters)s") % {"filters": filters_described(filterset)},
        ],
        headers=[
            (_("STT"), 6),
            (_("Ngày thực hiện"), 13),
            (_("Xã"), 24),
            (_("Cơ quan phụ trách"), 36),
            (_("Loại hỗ trợ"), 30),
            (_("Nội dung"), 60),
            (_("Tiền mặt (đồng)"), 16),
            (_("Hiện vật quy đổi (đồng)"), 16),
            (_("Số lượng"), 10),
            (_("Số người hưởng lợi"), 10),
            (_("Trong đó nữ"), 10),
            (_("Trong đó người dân tộc thiểu số"), 12),
            (_("Trạng thái"), 16),
            (_("Lý do trả lại"), 30),
            (_("Mã nhập"), 16),
        ],
        rows=rows,
        max_rows=MAX_ROWS,
        overflow=_("Danh sách chỉ gồm %(count)s dòng đầu tiên; hãy lọc hẹp hơn.") % {"count": MAX_ROWS},
    )


def assignment_list(job) -> bytes:
    return assignment_workbook(user=job.requested_by, querystring=job.params.get("querystring", ""))


def activity_list(job) -> bytes:
    return activity_workbook(user=job.requested_by, querystring=job.params.get("querystring", ""))
