"""Precomputed report snapshots: dashboards and the report API read these, tasks write them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.models import AdministrativeUnit, ScopedQuerySet


class ReportKind(models.TextChoices):
    PETITIONS = "petitions", _("Xử lý, giải quyết đơn")
    RECEPTION = "reception", _("Tiếp công dân")


class SnapshotQuerySet(ScopedQuerySet):
    unit_field = "unit"


class ReportSnapshot(models.Model):
    """One report family for one unit and period (and parameters), replaced atomically on refresh.

    A leader can lock a closed period: its snapshot is frozen, and later edits to old records are
    reported as changes after the lock instead of silently altering a submitted report.
    """

    kind = models.CharField(_("loại báo cáo"), max_length=20, choices=ReportKind.choices)
    unit = models.ForeignKey(AdministrativeUnit, on_delete=models.CASCADE, related_name="+")
    period_key = models.CharField(_("kỳ"), max_length=30)
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"))
    params = models.CharField(max_length=100, blank=True, default="")
    data = models.JSONField(default=dict)
    computed_at = models.DateTimeField(_("tính lúc"))
    locked_at = models.DateTimeField(_("khóa lúc"), null=True, blank=True)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_after_lock = models.JSONField(default=dict, blank=True)

    objects = SnapshotQuerySet.as_manager()

    class Meta:
        verbose_name = _("số liệu báo cáo")
        verbose_name_plural = _("số liệu báo cáo")
        constraints = [
            models.UniqueConstraint(fields=["kind", "unit", "start", "end", "params"], name="snapshot_unique"),
        ]
        indexes = [models.Index(fields=["unit", "kind", "period_key"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.unit} · {self.period_key}"
