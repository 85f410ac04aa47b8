"""Enumerations of the models registry (DOMAIN section 4); labels are Vietnamese source strings."""

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

# Rounds recognised at district level ended with the districts (two-level government from this day).
DISTRICT_LEVEL_ENDS = dt.date(2025, 7, 1)


class Field(models.TextChoices):
    """The four fields a model is built in (R4.1)."""

    ECONOMY = "economy", _("Kinh tế")
    CULTURE_SOCIETY = "culture_society", _("Văn hóa - xã hội")
    DEFENCE_SECURITY = "defence_security", _("Quốc phòng - an ninh")
    POLITICAL_SYSTEM = "political_system", _("Xây dựng hệ thống chính trị")


class OwnerKind(models.TextChoices):
    """A model (mô hình) belongs to a collective; an example (điển hình) to an individual (R4.2)."""

    COLLECTIVE = "collective", _("Tập thể")
    INDIVIDUAL = "individual", _("Cá nhân")


class CollectiveKind(models.TextChoices):
    AGENCY = "agency", _("Cơ quan, đơn vị")
    UNIT = "unit", _("Xã, phường, đặc khu")
    PARTY_CELL = "party_cell", _("Chi bộ thôn, tổ dân phố")
    RESIDENTIAL_AREA = "residential_area", _("Khu dân cư, thôn, bản")
    ORGANISATION = "organisation", _("Tổ chức, đoàn thể, hội")
    SCHOOL = "school", _("Trường học, đơn vị sự nghiệp")
    OTHER = "other", _("Khác")


class RecognitionLevel(models.TextChoices):
    """Who recognises the round's models (R4.4); district is kept for rounds before 1 July 2025 only."""

    COMMUNE = "commune", _("Cấp xã (cơ sở)")
    DISTRICT = "district", _("Cấp huyện (trước 01/7/2025)")
    PROVINCE = "province", _("Cấp tỉnh")


class Aggregation(models.TextChoices):
    MEAN = "mean", _("Điểm trung bình")
    MEDIAN = "median", _("Điểm trung vị")


class AppliesTo(models.TextChoices):
    BOTH = "both", _("Tập thể và cá nhân")
    COLLECTIVE = "collective", _("Tập thể")
    INDIVIDUAL = "individual", _("Cá nhân")


class CouncilRole(models.TextChoices):
    CHAIR = "chair", _("Chủ tịch hội đồng")
    VICE_CHAIR = "vice_chair", _("Phó Chủ tịch hội đồng")
    MEMBER = "member", _("Ủy viên")
    SECRETARY = "secretary", _("Thư ký")


class Status(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    REGISTERED = "registered", _("Đã đăng ký")
    RETURNED = "returned", _("Trả lại để bổ sung")
    EVALUATING = "evaluating", _("Đang thẩm định")
    RECOGNIZED = "recognized", _("Được công nhận")
    NOT_RECOGNIZED = "not_recognized", _("Không được công nhận")
    TYPICAL = "typical", _("Tiêu biểu")
    REPLICATED = "replicated", _("Đã nhân rộng")
    WITHDRAWN = "withdrawn", _("Đã rút")


# Statuses that count as recognised (the funnel's second step) and as typical (its third).
RECOGNIZED_STATUSES = frozenset({Status.RECOGNIZED, Status.TYPICAL, Status.REPLICATED})
TYPICAL_STATUSES = frozenset({Status.TYPICAL, Status.REPLICATED})
# The registrant may still edit the registration.
EDITABLE_STATUSES = frozenset({Status.DRAFT, Status.RETURNED})
# No document is added while the dossier waits for or is under evaluation (the council scores it as submitted).
DOCUMENTS_CLOSED_STATUSES = frozenset({Status.WITHDRAWN, Status.REGISTERED, Status.EVALUATING})


class Outcome(models.TextChoices):
    """What a decision says of one model."""

    RECOGNIZED = "recognized", _("Công nhận")
    TYPICAL = "typical", _("Công nhận và chọn tiêu biểu")
    NOT_RECOGNIZED = "not_recognized", _("Không công nhận")


class ForceRole(models.TextChoices):
    LEAD = "lead", _("Chủ trì")
    COORDINATING = "coordinating", _("Phối hợp")
    PARTICIPATING = "participating", _("Tham gia")


class DocumentKind(models.TextChoices):
    DOCUMENT = "document", _("Văn bản")
    PHOTO = "photo", _("Hình ảnh")
    EVIDENCE = "evidence", _("Minh chứng")


class CommendationForm(models.TextChoices):
    PRIME_MINISTER_MERIT = "pm_merit", _("Bằng khen của Thủ tướng Chính phủ")
    PROVINCE_MERIT = "province_merit", _("Bằng khen của Chủ tịch UBND tỉnh")
    PARTY_MERIT = "party_merit", _("Bằng khen của Ban Thường vụ Tỉnh ủy")
    CERTIFICATE_OF_MERIT = "certificate", _("Giấy khen")
    OTHER = "other", _("Hình thức khác")


EVENT_LABELS = {
    "model.created": _("Tạo mô hình"),
    "model.updated": _("Sửa mô hình"),
    "model.submitted": _("Đăng ký mô hình"),
    "model.returned": _("Trả lại mô hình"),
    "model.withdrawn": _("Rút mô hình"),
    "model.evaluation_started": _("Đưa mô hình vào thẩm định"),
    "model.self_assessed": _("Tự đánh giá theo tiêu chí"),
    "model.document_added": _("Thêm tài liệu, minh chứng"),
    "model.published": _("Công khai mô hình tiêu biểu"),
    "model.unpublished": _("Thôi công khai mô hình"),
    "model.replicated": _("Ghi nhận nhân rộng"),
    "model.replication_dropped": _("Bỏ ghi nhận nhân rộng (mô hình sao chép đã đổi mô hình gốc)"),
    "model.imported": _("Nhập mô hình từ Excel"),
    "model.exported": _("Xuất danh sách mô hình ra Excel"),
    "model.import_requested": _("Tải lên tệp Excel để nhập mô hình"),
    "round.created": _("Tạo đợt đăng ký"),
    "round.updated": _("Sửa đợt đăng ký"),
    "round.council_set": _("Lập hội đồng thẩm định"),
    "round.assigned": _("Phân công chấm điểm"),
    "score.submitted": _("Nộp phiếu chấm điểm"),
    "score.recused": _("Thành viên hội đồng không chấm (tránh xung đột lợi ích)"),
    "decision.issued": _("Ban hành quyết định công nhận"),
    "decision.corrected": _("Ban hành quyết định đính chính"),
    "commendation.recorded": _("Ghi nhận khen thưởng"),
}
