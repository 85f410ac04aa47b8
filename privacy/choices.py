"""Vocabularies of the personal-data app: the data subject's rights, a request's states and outcomes, the
retention categories, the placeholder left where a name was, and how the audit trail reads (STYLE 5)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# What a de-identified citizen is called from then on: fixed, so nothing of the person survives in it.
PLACEHOLDER_NAME = "Công dân (đã xóa định danh)"


class Right(models.TextChoices):
    """The data subject's rights (Decree 13/2023 listed 11; Law 91/2025 keeps them, its article numbers cần
    xác minh)."""

    KNOW = "know", _("Được biết về việc xử lý dữ liệu")
    CONSENT = "consent", _("Đồng ý hoặc không đồng ý")
    ACCESS = "access", _("Truy cập, xem dữ liệu")
    CORRECT = "correct", _("Chỉnh sửa dữ liệu")
    WITHDRAW = "withdraw", _("Rút lại sự đồng ý")
    DELETE = "delete", _("Xóa dữ liệu")
    RESTRICT = "restrict", _("Hạn chế xử lý")
    PROVIDE = "provide", _("Được cung cấp dữ liệu")
    OBJECT = "object", _("Phản đối xử lý")
    COMPLAIN = "complain", _("Khiếu nại, tố cáo, khởi kiện")
    COMPENSATION = "compensation", _("Yêu cầu bồi thường thiệt hại")
    OTHER = "other", _("Yêu cầu khác")


class RequestStatus(models.TextChoices):
    OPEN = "open", _("Đang xử lý")
    CLOSED = "closed", _("Đã kết thúc")


class RequestOutcome(models.TextChoices):
    FULFILLED = "fulfilled", _("Đã đáp ứng")
    PARTLY = "partly", _("Đáp ứng một phần")
    REFUSED = "refused", _("Từ chối (có lý do)")
    WITHDRAWN = "withdrawn", _("Công dân rút yêu cầu")


class RetentionCategory(models.TextChoices):
    """What the retention sweep de-identifies, each with its own years (settings.PRIVACY_RETENTION_YEARS)."""

    PETITIONS = "petitions", _("Người khiếu nại, kiến nghị, phản ánh")
    DENUNCIATIONS = "denunciations", _("Người tố cáo")
    RECEPTION = "reception", _("Công dân đến tiếp công dân")


EVENT_LABELS = {
    "privacy.record_changed": _("Sửa hồ sơ xử lý dữ liệu cá nhân"),
    "privacy.request_created": _("Ghi nhận yêu cầu của chủ thể dữ liệu"),
    "privacy.request_closed": _("Kết thúc yêu cầu của chủ thể dữ liệu"),
    "privacy.case_deidentified": _("Xóa định danh vụ việc hết thời hạn lưu trữ"),
    "privacy.visits_deidentified": _("Xóa định danh lượt tiếp công dân hết thời hạn lưu trữ"),
}
