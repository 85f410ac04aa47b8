"""Enumerations of the organisation structure; labels are Vietnamese source strings."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Generation(models.TextChoices):
    """Which administrative map a unit belongs to."""

    CURRENT = "2025", _("Hai cấp (từ 01/7/2025)")
    LEGACY = "legacy", _("Ba cấp (trước 01/7/2025)")


class Level(models.TextChoices):
    PROVINCE = "province", _("Tỉnh")
    DISTRICT = "district", _("Huyện")
    COMMUNE = "commune", _("Xã")


# Official codes are zero-padded strings of a fixed width per level (Decision 19/2025/QĐ-TTg).
CODE_WIDTH = {Level.PROVINCE: 2, Level.DISTRICT: 3, Level.COMMUNE: 5}


class AgencyKind(models.TextChoices):
    PEOPLES_COMMITTEE = "peoples_committee", _("Ủy ban nhân dân")
    DEPARTMENT = "department", _("Sở, ban, ngành")
    RECEPTION_OFFICE = "reception_office", _("Ban Tiếp công dân")
    INSPECTORATE = "inspectorate", _("Thanh tra")
    PARTY_COMMITTEE = "party_committee", _("Cấp ủy, Ban Dân vận")
    FATHERLAND_FRONT = "fatherland_front", _("Mặt trận Tổ quốc")
    SOCIO_POLITICAL = "socio_political", _("Tổ chức chính trị - xã hội")
    OTHER = "other", _("Khác")


class Role(models.TextChoices):
    """Roles are Django groups; the value is the group's stable key."""

    RECEPTION_OFFICER = "reception_officer", _("Cán bộ tiếp công dân")
    PETITION_HANDLER = "petition_handler", _("Cán bộ xử lý đơn")
    DEPARTMENT_OFFICER = "department_officer", _("Cán bộ phụ trách mô hình")
    REFORM_OFFICER = "reform_officer", _("Cán bộ cải cách hành chính")
    LEADER = "leader", _("Lãnh đạo")
    INSPECTOR = "inspector", _("Thanh tra, giám sát (chỉ xem)")
    ADMINISTRATOR = "administrator", _("Quản trị hệ thống")
