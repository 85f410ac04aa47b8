"""Enumerations of support for disadvantaged communes; labels are Vietnamese source strings."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# Province coverage counts the communes with a confirmed activity in the quarter; an assigned agency with
# none confirmed for this many days is highlighted as inactive.
INACTIVE_DAYS = 90


class ActivityStatus(models.TextChoices):
    """An activity counts only once the commune that received it confirms it."""

    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Chờ xã xác nhận")
    CONFIRMED = "confirmed", _("Xã đã xác nhận")
    RETURNED = "returned", _("Xã trả lại")


EDITABLE_STATUSES = (ActivityStatus.DRAFT, ActivityStatus.RETURNED)


class FileKind(models.TextChoices):
    PHOTO = "photo", _("Ảnh")
    DOCUMENT = "document", _("Tài liệu")


# The kinds of support Sơn La's 2024 report lists (seed 004); administrators keep the list (ActivityType).
DEFAULT_ACTIVITY_TYPES = [
    # code, name, unit of the quantity
    ("guidance", "Hỗ trợ chuyên môn, hướng dẫn khoa học kỹ thuật", "lượt"),
    ("money_goods", "Hỗ trợ tiền, vật tư, vật liệu, trang thiết bị", ""),
    ("labour", "Ngày công làm đường, thủy lợi, vệ sinh, điện chiếu sáng, nước sạch", "ngày công"),
    ("roads", "Làm đường giao thông nông thôn", "km"),
    ("seedlings_livestock", "Cây giống, con giống", ""),
    ("houses", "Nhà tình nghĩa, xóa nhà tạm, nhà dột nát", "căn"),
    ("schools", "Trường học, bếp ăn bán trú", "công trình"),
    ("visits_gifts", "Thăm hỏi, tặng quà gia đình chính sách, học sinh nghèo", "suất quà"),
    ("medical", "Khám bệnh, cấp thuốc miễn phí", "lượt người"),
    ("training_law", "Tập huấn, tuyên truyền phổ biến pháp luật", "lớp"),
    ("other", "Hỗ trợ khác", ""),
]

EVENT_LABELS = {
    "support.assignment_created": _("Phân công cơ quan phụ trách xã"),
    "support.assignment_ended": _("Kết thúc phân công phụ trách xã"),
    "support.assignment_reassigned": _("Phân công lại cơ quan phụ trách xã"),
    "support.plan_item_saved": _("Cập nhật kế hoạch hỗ trợ"),
    "support.plan_item_deleted": _("Xóa nội dung kế hoạch hỗ trợ"),
    "support.activity_saved": _("Cập nhật hoạt động hỗ trợ"),
    "support.activity_submitted": _("Gửi xã xác nhận hoạt động hỗ trợ"),
    "support.activity_confirmed": _("Xã xác nhận hoạt động hỗ trợ"),
    "support.activity_returned": _("Xã trả lại hoạt động hỗ trợ"),
    "support.import_requested": _("Tải lên tệp hoạt động hỗ trợ"),
    "support.activities_imported": _("Nhập hoạt động hỗ trợ từ Excel"),
}
