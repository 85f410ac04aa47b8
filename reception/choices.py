"""Reception vocabularies (Law 42/2013, Decree 64/2014, Circular 04/2021; DOMAIN section 1)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.dated_rules import LAW_136_2025_FROM


class SessionKind(models.TextChoices):
    REGULAR = "regular", _("Tiếp thường xuyên")
    PERIODIC = "periodic", _("Tiếp định kỳ của thủ trưởng")
    ADHOC = "adhoc", _("Tiếp đột xuất của thủ trưởng")
    DIALOGUE = "dialogue", _("Đối thoại chuyên đề")


class ReceivedBy(models.TextChoices):
    """Form 01/TCD counts the head's own sessions apart from those the head authorised."""

    HEAD = "head", _("Thủ trưởng trực tiếp tiếp")
    AUTHORISED = "authorised", _("Người được ủy quyền tiếp")
    STAFF = "staff", _("Cán bộ tiếp công dân")


class Place(models.TextChoices):
    HEADQUARTERS = "headquarters", _("Trụ sở cơ quan")
    RECEPTION_OFFICE = "reception_office", _("Trụ sở tiếp công dân")
    ONLINE = "online", _("Trực tuyến")


# Online reception exists in law from 1 Jul 2026 (Law 136/2025/QH15, new art. 3a).
ONLINE_RECEPTION_FROM = LAW_136_2025_FROM


class AdhocReason(models.TextChoices):
    """Law 42/2013 art. 18(3): when a head must receive citizens ad hoc."""

    URGENT_COMPLEX = "urgent_complex", _("Vụ việc gay gắt, phức tạp, nhiều người tham gia, liên quan nhiều cơ quan")
    SERIOUS_CONSEQUENCES = "serious_consequences", _("Vụ việc có thể gây hậu quả nghiêm trọng nếu không xử lý kịp thời")


class VisitAction(models.TextChoices):
    ANSWERED = "answered", _("Trả lời, giải thích trực tiếp")
    GUIDED = "guided", _("Hướng dẫn đến cơ quan có thẩm quyền")
    PETITION = "petition", _("Tiếp nhận đơn")
    REFUSED = "refused", _("Từ chối tiếp")


class RefusalGround(models.TextChoices):
    """Law 42/2013 art. 9: the only grounds on which reception may be refused."""

    INCAPACITATED = "incapacitated", _("Say rượu, tâm thần hoặc mất khả năng nhận thức, điều khiển hành vi")
    DISRUPTIVE = "disruptive", _("Đe dọa, xúc phạm, vi phạm nội quy nơi tiếp công dân")
    SETTLED_REPEAT = "settled_repeat", _("Vụ việc đã giải quyết đúng pháp luật nhưng vẫn cố tình khiếu nại kéo dài")
    OTHER_LAW = "other_law", _("Trường hợp khác theo quy định của pháp luật")


DELEGATION_MIN_PEOPLE = 5  # đoàn đông người
MAX_REPRESENTATIVES = 5

EVENT_LABELS = {
    "reception_session.created": _("Ghi sổ buổi tiếp công dân"),
    "reception_session.changed": _("Sửa buổi tiếp công dân"),
    "reception_session.changed_after_day": _("Sửa buổi tiếp sau ngày tiếp"),
    "reception_visit.petition_opened": _("Lượt tiếp chuyển thành đơn"),
    "reception_schedule.published": _("Công bố lịch tiếp công dân"),
}
