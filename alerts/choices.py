"""The conditions a leader can follow on a unit, and the audit verbs of following; labels are Vietnamese."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ConditionKind(models.TextChoices):
    """What can go wrong in a followed unit; each reads one report family's stored figures (alerts.conditions)."""

    RESOLUTION_BELOW_TARGET = "resolution_below_target", _("Tỷ lệ giải quyết vụ việc dưới chỉ tiêu")
    OVERDUE_ABOVE = "overdue_above", _("Số vụ việc quá hạn chưa giải quyết vượt ngưỡng")
    REFORM_OVERDUE = "reform_overdue", _("Có nhiệm vụ cải cách hành chính quá hạn")
    RECEPTION_BELOW_MINIMUM = "reception_below_minimum", _("Chủ tịch xã tiếp công dân chưa đủ số ngày tối thiểu")


# The report family (reports.registry key) each condition reads; a family not installed leaves it unchecked.
FAMILY_OF = {
    ConditionKind.RESOLUTION_BELOW_TARGET: "petitions",
    ConditionKind.OVERDUE_ABOVE: "petitions",
    ConditionKind.REFORM_OVERDUE: "reform",
    ConditionKind.RECEPTION_BELOW_MINIMUM: "reception",
}

# Conditions that take a number N from the leader.
WITH_THRESHOLD = {ConditionKind.OVERDUE_ABOVE}

EVENT_LABELS = {
    "alerts.followed": _("Theo dõi cảnh báo của đơn vị"),
    "alerts.conditions_set": _("Sửa điều kiện cảnh báo"),
    "alerts.unfollowed": _("Thôi theo dõi đơn vị"),
}

NOTIFICATION_VERB = "alerts.condition_met"
