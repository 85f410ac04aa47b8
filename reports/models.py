"""Precomputed report snapshots: dashboards and the report API read these, tasks write them."""

from django.conf import settings
from django.db import models
from django.db.models import Case, F, OuterRef, Subquery, When
from django.db.models.functions import Coalesce, Greatest
from django.utils.translation import gettext_lazy as _

from portal.models import AdministrativeUnit, ScopedQuerySet
from reports.choices import ExportStatus, ReportKind  # noqa: F401 - callers import them from here too


class SnapshotQuerySet(ScopedQuerySet):
    unit_field = "unit"

    def with_checked_at(self):
        """Each snapshot with `last_checked_at`: when its figures were last found right. A plain, unlocked snapshot
        the nightly rebuild found unchanged is not rewritten: the rebuild's check of its family and period says it."""
        check = SnapshotCheck.objects.filter(kind=OuterRef("kind"), start=OuterRef("start"), end=OuterRef("end"))
        return self.annotate(
            last_checked_at=Case(
                When(
                    params="",
                    locked_at__isnull=True,
                    then=Greatest("computed_at", Coalesce(Subquery(check.values("checked_at")[:1]), "computed_at")),
                ),
                default=F("computed_at"),
            )
        )


class ReportSnapshot(models.Model):
    """One report family for one unit and period (and parameters), replaced atomically on refresh.

    A leader can lock a closed period: its snapshot is frozen, and later edits to old records are
    reported as changes after the lock instead of silently altering a submitted report.
    """

    kind = models.CharField(_("loại báo cáo"), max_length=20)  # a registered family's key (reports.registry)
    # Indexed first in (unit, kind, period_key) below: an index of its own would only slow the rebuild's writes.
    unit = models.ForeignKey(AdministrativeUnit, on_delete=models.CASCADE, related_name="+", db_index=False)
    period_key = models.CharField(_("kỳ"), max_length=30)
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"))
    params = models.CharField(max_length=100, blank=True, default="")
    data = models.JSONField(default=dict)
    # A digest of `data` as computed (reports.services.figures_fingerprint): a rebuild compares it, not the figures.
    fingerprint = models.CharField(max_length=32, blank=True, default="")
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
            # A family's period first: the rebuild reads and writes a period's snapshots of every unit together.
            models.UniqueConstraint(fields=["kind", "start", "end", "params", "unit"], name="snapshot_unique"),
        ]
        indexes = [models.Index(fields=["unit", "kind", "period_key"])]

    def __str__(self) -> str:
        return f"{self.kind_label} · {self.unit} · {self.period_key}"

    @property
    def checked_at(self):
        """When the figures were last found right ("tính lúc"): computed then, or found unchanged by a rebuild since
        (read with `with_checked_at`; otherwise when they were computed)."""
        return getattr(self, "last_checked_at", None) or self.computed_at

    @property
    def kind_label(self) -> str:
        from reports import registry

        try:
            return str(registry.family(self.kind).label)
        except LookupError:  # a family whose app is no longer installed
            return self.kind


class SnapshotCheck(models.Model):
    """The last time a rebuild of every unit with records (the nightly job) computed a family's plain figures of a
    period and found each stored snapshot right or rewrote it: one row a family and period, not a write per
    snapshot (1.7 million a year nationally; docs/performance.md)."""

    kind = models.CharField(max_length=20)
    start = models.DateField()
    end = models.DateField()
    checked_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "start", "end"], name="snapshot_check_unique")]

    def __str__(self) -> str:
        return f"{self.kind} {self.start}..{self.end} @ {self.checked_at:%Y-%m-%d %H:%M}"


class ExportJobQuerySet(ScopedQuerySet):
    unit_field = "unit"


def _export_path(instance, filename: str) -> str:
    return f"exports/{instance.requested_by_id}/{instance.pk}-{filename}"


class ExportJob(models.Model):
    """An Excel export an official asked for: built by a task, downloaded from a permission-checked view."""

    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(AdministrativeUnit, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("loại"), max_length=30)
    params = models.JSONField(default=dict)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.PENDING
    )
    progress = models.PositiveSmallIntegerField(default=0)
    file = models.FileField(upload_to=_export_path, blank=True)
    error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ExportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("tệp xuất")
        verbose_name_plural = _("tệp xuất")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} · {self.unit} · {self.created_at:%d/%m/%Y %H:%M}"


class RefreshRequest(models.Model):
    """A refresh a change asked for that has not run yet: one row a unit and day (or span), repeats merged.

    The truth behind the cache's debounce: a refresh whose task is lost (the broker was down when it was sent, or
    a worker died with it) stays here until the periodic pick-up (reports.tasks.refresh_pending_task) or the
    nightly rebuild runs it; a refresh that ran removes the rows it covered."""

    unit = models.ForeignKey(AdministrativeUnit, on_delete=models.CASCADE, related_name="+", db_index=False)
    since = models.DateField()
    until = models.DateField()  # `since` again for a change of one day
    span = models.BooleanField(default=False)  # a span (since, until) moves other snapshots than its days do
    requested_at = models.DateTimeField()  # the first request: the pick-up's delay counts from it
    changed_at = models.DateTimeField()  # the last: a refresh that started before it has not covered it

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "since", "until", "span"], name="refresh_request_unique"),
        ]
        indexes = [models.Index(fields=["requested_at"])]

    def __str__(self) -> str:
        days = f"{self.since}..{self.until}" if self.span else f"{self.since}"
        return f"{self.unit_id} {days} @ {self.requested_at:%Y-%m-%d %H:%M}"
