"""Fixed vocabularies of the reports app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportKind(models.TextChoices):
    """The keys of the families registered for petitions and reception (reports/families.py).

    Snapshots take any registered family's key (reports.registry); these two are named here for callers.
    """

    PETITIONS = "petitions", _("Xử lý, giải quyết đơn")
    RECEPTION = "reception", _("Tiếp công dân")


class ExportStatus(models.TextChoices):
    PENDING = "pending", _("Đang chờ")
    RUNNING = "running", _("Đang tạo")
    DONE = "done", _("Hoàn thành")
    FAILED = "failed", _("Lỗi")
