"""Petition vocabularies and the workflow, as data (STYLE 5)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    COMPLAINT = "complaint", _("Khiếu nại")
    DENUNCIATION = "denunciation", _("Tố cáo")
    RECOMMENDATION = "recommendation", _("Kiến nghị")
    REFLECTION = "reflection", _("Phản ánh")


class Channel(models.TextChoices):
    RECEPTION = "reception", _("Qua tiếp công dân")
    MAIL = "mail", _("Qua bưu chính, nộp trực tiếp")
    ONLINE = "online", _("Trực tuyến")
    TRANSFER = "transfer", _("Cơ quan khác chuyển đến")


class Field(models.TextChoices):
    """Content categories of report forms 01–04/XLD."""

    LAND_HOUSING = "land_housing", _("Đất đai, nhà cửa")
    POLICY = "policy", _("Chế độ, chính sách")
    OFFICIALS = "officials", _("Công chức, công vụ")
    CORRUPTION = "corruption", _("Tham nhũng")
    JUDICIAL = "judicial", _("Tư pháp")
    PARTY_MASS_ORG = "party_mass_org", _("Đảng, đoàn thể")
    OTHER = "other", _("Khác")


class Outcome(models.TextChoices):
    """What processing decided (DOMAIN R2.4): accept within authority, or guide/transfer/urge/store."""

    ACCEPTED = "accepted", _("Thụ lý")
    GUIDED = "guided", _("Hướng dẫn")
    TRANSFERRED = "transferred", _("Chuyển đơn")
    URGED = "urged", _("Đôn đốc")
    STORED = "stored", _("Lưu đơn")


class Complexity(models.TextChoices):
    NORMAL = "normal", _("Bình thường")
    COMPLEX = "complex", _("Phức tạp")
    VERY_COMPLEX = "very_complex", _("Đặc biệt phức tạp")


class SettlementForm(models.TextChoices):
    DECISION = "decision", _("Ban hành quyết định, kết luận")
    WITHDRAWN = "withdrawn", _("Rút đơn sau giải thích, thuyết phục")


class ComplaintResult(models.TextChoices):
    RIGHT = "right", _("Khiếu nại đúng")
    PARTLY_RIGHT = "partly_right", _("Đúng một phần")
    WRONG = "wrong", _("Khiếu nại sai")


class Status(models.TextChoices):
    RECEIVED = "received", _("Mới tiếp nhận")
    CLASSIFIED = "classified", _("Đã phân loại")
    PROCESSED = "processed", _("Đã xử lý (không thụ lý)")
    ACCEPTED = "accepted", _("Đã thụ lý")
    VERIFYING = "verifying", _("Đang xác minh")
    PAUSED = "paused", _("Tạm đình chỉ")
    SETTLED = "settled", _("Đã giải quyết")
    PUBLISHED = "published", _("Đã công khai")
    CLOSED = "closed", _("Kết thúc")


# The whole workflow in one table; services consult it before any change.
TRANSITIONS: dict[str, set[str]] = {
    Status.RECEIVED: {Status.CLASSIFIED},
    Status.CLASSIFIED: {Status.CLASSIFIED, Status.ACCEPTED, Status.PROCESSED},
    Status.PROCESSED: {Status.CLOSED},
    Status.ACCEPTED: {Status.VERIFYING, Status.PAUSED, Status.SETTLED},
    Status.VERIFYING: {Status.PAUSED, Status.SETTLED},
    Status.PAUSED: {Status.ACCEPTED, Status.VERIFYING},
    Status.SETTLED: {Status.PUBLISHED, Status.CLOSED},
    Status.PUBLISHED: {Status.CLOSED},
    Status.CLOSED: set(),
}

OPEN_STATUSES = [Status.RECEIVED, Status.CLASSIFIED, Status.ACCEPTED, Status.VERIFYING, Status.PAUSED]
SETTLING_STATUSES = [Status.ACCEPTED, Status.VERIFYING, Status.PAUSED]
INTAKE_STATUSES = [Status.RECEIVED, Status.CLASSIFIED]


class DeadlineState(models.TextChoices):
    ON_TRACK = "on_track", _("Trong hạn")
    DUE_SOON = "due_soon", _("Sắp đến hạn")
    OVERDUE = "overdue", _("Quá hạn")


class DeadlineEvent(models.TextChoices):
    NOTICE = "notice", _("Thông báo kết quả xử lý đơn")
    ACCEPTANCE = "acceptance", _("Thụ lý")
    TRANSFER = "transfer", _("Chuyển đơn")
    SETTLEMENT = "settlement", _("Giải quyết")
    PUBLICATION = "publication", _("Công khai quyết định giải quyết khiếu nại")


class DayType(models.TextChoices):
    CALENDAR = "calendar", _("Ngày (theo lịch)")
    WORKING = "working", _("Ngày làm việc")


class StartEvent(models.TextChoices):
    RECEIVED = "received", _("Ngày nhận đơn")
    ACCEPTED = "accepted", _("Ngày thụ lý")
    SETTLED = "settled", _("Ngày ban hành quyết định")


class DocumentType(models.TextChoices):
    PETITION_SCAN = "petition_scan", _("Bản chụp đơn")
    EVIDENCE = "evidence", _("Tài liệu, chứng cứ")
    NOTICE = "notice", _("Thông báo")
    DECISION = "decision", _("Quyết định, kết luận")
    MINUTES = "minutes", _("Biên bản")
    OTHER = "other", _("Khác")


DUE_SOON_WORKING_DAYS = 5


# How each audit verb of a petition reads on its timeline.
EVENT_LABELS = {
    "petition.received": _("Tiếp nhận đơn"),
    "petition.lookup_code_renewed": _("Cấp lại mã tra cứu đơn"),
    "petition.classified": _("Phân loại đơn"),
    "petition.accepted": _("Thụ lý"),
    "petition.guided": _("Hướng dẫn người gửi đơn"),
    "petition.transferred": _("Chuyển đơn"),
    "petition.urged": _("Đôn đốc giải quyết"),
    "petition.stored": _("Lưu đơn"),
    "petition.transfer_reply": _("Nhận văn bản phúc đáp"),
    "petition.verification_started": _("Bắt đầu xác minh"),
    "petition.extended": _("Gia hạn giải quyết"),
    "petition.paused": _("Tạm đình chỉ"),
    "petition.resumed": _("Tiếp tục giải quyết"),
    "petition.settled": _("Ban hành quyết định, kết luận"),
    "petition.withdrawn": _("Rút đơn"),
    "petition.published": _("Công khai quyết định"),
    "petition.closed": _("Kết thúc"),
    "petition.reopened": _("Khiếu nại lần hai"),
    "petition.assigned": _("Giao cán bộ xử lý"),
    "petition.document_added": _("Thêm tài liệu"),
    "petition.identity_viewed": _("Xem danh tính người tố cáo"),
    "petition.overdue": _("Quá hạn"),
    "petition.remote_area_changed": _("Thời hạn thay đổi theo vùng sâu, vùng xa"),
    "petition.imported": _("Nhập từ sổ Excel"),
    "import.requested": _("Tải lên sổ đơn để nhập"),
    "petition.verification_assigned": _("Giao xác minh"),
    "petition.verification_step": _("Ghi bước xác minh"),
    "petition.verification_concluded": _("Báo cáo kết quả xác minh"),
    "petition.measure_added": _("Thêm biện pháp thi hành"),
    "petition.measure_reported": _("Cập nhật kết quả thi hành"),
    "petition.proposal_submitted": _("Trình duyệt"),
    "petition.proposal_approved": _("Duyệt tờ trình"),
    "petition.proposal_returned": _("Trả lại tờ trình"),
    "petition.proposal_rejected": _("Không duyệt tờ trình"),
    "approval_delegate.created": _("Ủy quyền cho cấp phó"),
    "approval_delegate.changed": _("Sửa ủy quyền cho cấp phó"),
    "approval_delegate.deleted": _("Thôi ủy quyền cho cấp phó"),
}
