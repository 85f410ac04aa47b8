"""Readable labels for audit verbs; each app registers its own in AppConfig.ready()."""

from django.utils.translation import gettext_lazy as _

LABELS: dict[str, str] = {
    "official.created": _("Tạo tài khoản cán bộ"),
    "official.roles_set": _("Giao vai trò"),
    "agency.created": _("Thêm cơ quan"),
    "agency.changed": _("Sửa thông tin cơ quan"),
    "user.created": _("Tạo tài khoản (quản trị)"),
    "user.changed": _("Sửa tài khoản (quản trị)"),
    "administrativeunit.changed": _("Sửa đơn vị hành chính"),
    "unit.status_recorded": _("Cập nhật phân loại đơn vị (khu vực, vùng)"),
    "unit.remote_area_changed": _("Đơn vị thay đổi vùng sâu, vùng xa"),
    "calendarday.created": _("Thêm ngày nghỉ, ngày làm bù"),
    "calendarday.changed": _("Sửa ngày nghỉ, ngày làm bù"),
    "user.password_changed": _("Đặt lại mật khẩu (quản trị)"),
    "auth.login_locked": _("Tạm khóa đăng nhập do nhập sai nhiều lần"),
    "identity.keys_rotated": _("Mã hóa lại thông tin công dân bằng khóa mới"),
}


def register(labels: dict[str, str]) -> None:
    LABELS.update(labels)


def label_for(verb: str) -> str:
    return LABELS.get(verb, verb)


# The verbs' first words, as the inspectors' filter names them; a word without a label is shown as itself.
FAMILY_LABELS: dict[str, str] = {
    "petition": _("Đơn thư"),
    "approval_delegate": _("Ủy quyền duyệt đơn"),
    "deadline_rule": _("Thời hạn giải quyết"),
    "reception_session": _("Buổi tiếp công dân"),
    "reception_visit": _("Lượt tiếp công dân"),
    "reception_schedule": _("Lịch tiếp công dân"),
    "model": _("Mô hình dân vận khéo"),
    "round": _("Đợt đăng ký mô hình"),
    "score": _("Chấm điểm mô hình"),
    "commendation": _("Khen thưởng mô hình"),
    "decision": _("Quyết định (công nhận, công khai)"),
    "reform": _("Cải cách hành chính"),
    "support": _("Hỗ trợ xã khó khăn"),
    "alerts": _("Theo dõi, cảnh báo"),
    "report": _("Báo cáo"),
    "export": _("Xuất dữ liệu"),
    "import": _("Nhập dữ liệu"),
    "official": _("Cán bộ"),
    "user": _("Tài khoản"),
    "auth": _("Đăng nhập"),
    "agency": _("Cơ quan"),
    "unit": _("Đơn vị hành chính"),
    "administrativeunit": _("Đơn vị hành chính (quản trị)"),
    "calendarday": _("Lịch ngày nghỉ"),
}
