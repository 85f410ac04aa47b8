"""Enumerations of administrative reform (DOMAIN section 5); labels are Vietnamese source strings."""

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

# "Due within 7 days" (Decision 42/2014/QĐ-TTg's task tracking, DOMAIN R5.6).
DUE_SOON_DAYS = 7


class TaskStatus(models.TextChoices):
    """What the lead agency and the plan's owner record; the six states leaders read are derived (TaskState)."""

    NOT_STARTED = "not_started", _("Chưa triển khai")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    # A completion reported on a plan that requires the owner's confirmation, not yet confirmed.
    REPORTED = "reported", _("Chờ xác nhận hoàn thành")
    COMPLETED = "completed", _("Đã hoàn thành")
    CANCELLED = "cancelled", _("Đã hủy")


OPEN_STATUSES = (TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS, TaskStatus.REPORTED)


class TaskState(models.TextChoices):
    """The six states of a task as of a date (DOMAIN R5.6), in the order leaders read them."""

    COMPLETED_ON_TIME = "completed_on_time", _("Hoàn thành đúng hạn")
    COMPLETED_LATE = "completed_late", _("Hoàn thành quá hạn")
    IN_PROGRESS = "in_progress", _("Đang thực hiện trong hạn")
    OVERDUE = "overdue", _("Đang thực hiện quá hạn")
    DUE_SOON = "due_soon", _("Sắp đến hạn (trong 7 ngày)")
    CANCELLED = "cancelled", _("Đã hủy")


# The colour class of each state on pages (the text is always shown beside it).
STATE_TONES = {
    TaskState.COMPLETED_ON_TIME: "ok",
    TaskState.COMPLETED_LATE: "late",
    TaskState.IN_PROGRESS: "info",
    TaskState.OVERDUE: "danger",
    TaskState.DUE_SOON: "warn",
    TaskState.CANCELLED: "muted",
}


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", _("Chờ quyết định")
    APPROVED = "approved", _("Đã đồng ý")
    REJECTED = "rejected", _("Không đồng ý")


class CompletionStatus(models.TextChoices):
    """A reported completion: counted at once, or awaiting, given or refused the owner's confirmation."""

    ACCEPTED = "accepted", _("Ghi nhận (không cần xác nhận)")
    PENDING = "pending", _("Chờ xác nhận")
    CONFIRMED = "confirmed", _("Đã xác nhận")
    RETURNED = "returned", _("Trả lại")


class IndicatorKind(models.TextChoices):
    PAR_INDEX = "par_index", _("Chỉ số cải cách hành chính (PAR Index)")
    PAPI = "papi", _("Chỉ số hiệu quả quản trị và hành chính công cấp tỉnh (PAPI)")
    SIPAS = "sipas", _("Chỉ số hài lòng về sự phục vụ hành chính (SIPAS)")


# PAPI's eight dimensions since 2018 (DOMAIN R5.4): the components its values are recorded under.
PAPI_DIMENSIONS = {
    "participation": _("Tham gia của người dân ở cấp cơ sở"),
    "transparency": _("Công khai, minh bạch"),
    "accountability": _("Trách nhiệm giải trình với người dân"),
    "corruption_control": _("Kiểm soát tham nhũng trong khu vực công"),
    "procedures": _("Thủ tục hành chính công"),
    "public_services": _("Cung ứng dịch vụ công"),
    "environment": _("Quản trị môi trường"),
    "e_governance": _("Quản trị điện tử"),
}

# SIPAS's five elements of service (DOMAIN R5.7).
SIPAS_ELEMENTS = {
    "access": _("Tiếp cận dịch vụ"),
    "procedures": _("Thủ tục hành chính"),
    "officials": _("Công chức trực tiếp giải quyết công việc"),
    "results": _("Kết quả dịch vụ"),
    "feedback": _("Tiếp nhận, xử lý góp ý, phản ánh, kiến nghị"),
}

# The component recorded as a scheme's overall score.
OVERALL = ""


class OneStopKind(models.TextChoices):
    """What serves procedures in one place (Decree 118/2025/NĐ-CP, DOMAIN R5.5)."""

    COMMUNE_CENTRE = "commune_centre", _("Trung tâm phục vụ hành chính công cấp xã / Bộ phận một cửa cấp xã")
    PROVINCIAL_CENTRE = "provincial_centre", _("Trung tâm phục vụ hành chính công cấp tỉnh")
    AGENCY_DESK = "agency_desk", _("Bộ phận một cửa của cơ quan")


# Areas of reform (Resolution 76/NQ-CP); a province may add, rename or retire them in the admin.
DEFAULT_AREAS = [
    ("institutions", _("Cải cách thể chế")),
    ("procedures", _("Cải cách thủ tục hành chính")),
    ("organisation", _("Cải cách tổ chức bộ máy")),
    ("civil_service", _("Cải cách chế độ công vụ")),
    ("public_finance", _("Cải cách tài chính công")),
    ("digital_government", _("Xây dựng và phát triển Chính quyền điện tử, Chính quyền số")),
]

# The earliest year a plan can be for (Resolution 76/NQ-CP's programme starts in 2021; older plans are
# entered after the fact, so the bound is generous).
FIRST_PLAN_YEAR = 2010


def year_start(year: int) -> dt.date:
    return dt.date(year, 1, 1)


EVENT_LABELS = {
    "reform.plan_created": _("Tạo kế hoạch cải cách hành chính"),
    "reform.plan_updated": _("Sửa kế hoạch cải cách hành chính"),
    "reform.task_created": _("Thêm nhiệm vụ cải cách hành chính"),
    "reform.task_updated": _("Sửa nhiệm vụ cải cách hành chính"),
    "reform.task_progress": _("Cập nhật tiến độ nhiệm vụ"),
    "reform.task_completed": _("Báo cáo hoàn thành nhiệm vụ"),
    "reform.task_completion_confirmed": _("Xác nhận hoàn thành nhiệm vụ"),
    "reform.task_completion_returned": _("Trả lại báo cáo hoàn thành"),
    "reform.task_cancelled": _("Hủy nhiệm vụ"),
    "reform.task_reopened": _("Mở lại nhiệm vụ"),
    "reform.extension_requested": _("Đề nghị gia hạn nhiệm vụ"),
    "reform.extension_approved": _("Đồng ý gia hạn nhiệm vụ"),
    "reform.extension_rejected": _("Không đồng ý gia hạn nhiệm vụ"),
    "reform.tasks_imported": _("Nhập nhiệm vụ từ Excel"),
    "reform.import_requested": _("Tải lên tệp Excel để nhập (cải cách hành chính)"),
    "reform.indicators_imported": _("Nhập chỉ số cải cách hành chính"),
    "reform.indicator_recorded": _("Ghi nhận chỉ số cải cách hành chính"),
    "reform.onestop_recorded": _("Ghi nhận bộ phận một cửa"),
    "reform.export_requested": _("Xuất danh sách nhiệm vụ"),
}
