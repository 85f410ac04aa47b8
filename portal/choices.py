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


class Region(models.TextChoices):
    """Ethnic-minority and mountain area class of a commune (Decision 33/2020/QĐ-TTg; lists: 861/QĐ-TTg)."""

    NONE = "", _("Không phân vùng")
    I = "I", _("Khu vực I")  # noqa: E741 (the decisions' own name)
    II = "II", _("Khu vực II")
    III = "III", _("Khu vực III")


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


# The 54 ethnic groups of Vietnam with the General Statistics Office codes (Decision 121-TCTK/PPCĐ, 1979).
ETHNIC_GROUPS = [
    ("01", "Kinh"),
    ("02", "Tày"),
    ("03", "Thái"),
    ("04", "Hoa"),
    ("05", "Khơ-me"),
    ("06", "Mường"),
    ("07", "Nùng"),
    ("08", "HMông"),
    ("09", "Dao"),
    ("10", "Gia-rai"),
    ("11", "Ngái"),
    ("12", "Ê-đê"),
    ("13", "Ba-na"),
    ("14", "Xơ-đăng"),
    ("15", "Sán Chay"),
    ("16", "Cơ-ho"),
    ("17", "Chăm"),
    ("18", "Sán Dìu"),
    ("19", "Hrê"),
    ("20", "Mnông"),
    ("21", "Ra-glai"),
    ("22", "Xtiêng"),
    ("23", "Bru-Vân Kiều"),
    ("24", "Thổ"),
    ("25", "Giáy"),
    ("26", "Cơ-tu"),
    ("27", "Gié-Triêng"),
    ("28", "Mạ"),
    ("29", "Khơ-mú"),
    ("30", "Co"),
    ("31", "Tà-ôi"),
    ("32", "Chơ-ro"),
    ("33", "Kháng"),
    ("34", "Xinh-mun"),
    ("35", "Hà Nhì"),
    ("36", "Chu-ru"),
    ("37", "Lào"),
    ("38", "La Chí"),
    ("39", "La Ha"),
    ("40", "Phù Lá"),
    ("41", "La Hủ"),
    ("42", "Lự"),
    ("43", "Lô Lô"),
    ("44", "Chứt"),
    ("45", "Mảng"),
    ("46", "Pà Thẻn"),
    ("47", "Cờ Lao"),
    ("48", "Cống"),
    ("49", "Bố Y"),
    ("50", "Si La"),
    ("51", "Pu Péo"),
    ("52", "Brâu"),
    ("53", "Ơ Đu"),
    ("54", "Rơ-măm"),
]
KINH = "01"
FOREIGN_ETHNICITY = "99"  # a foreign national
ETHNICITY_CHOICES = [*ETHNIC_GROUPS, (FOREIGN_ETHNICITY, "Người nước ngoài")]
