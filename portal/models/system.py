"""Portal-wide plumbing: worker heartbeats, the working-day calendar, inbox notifications, shared catalogs."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.models.units import ScopedQuerySet


class WorkerHeartbeat(models.Model):
    """Last time a background worker proved it runs tasks (shown on /health/)."""

    name = models.CharField(max_length=50, unique=True)
    seen_at = models.DateTimeField()
    hostname = models.CharField(max_length=255, blank=True)

    class Meta:
        verbose_name = _("nhịp tiến trình nền")
        verbose_name_plural = _("nhịp tiến trình nền")

    def __str__(self) -> str:
        return f"{self.name} @ {self.seen_at:%Y-%m-%d %H:%M:%S}"


class CalendarDay(models.Model):
    """An exception to the national holiday calendar: a swapped day off or a make-up working day.

    The `holidays` package knows Tết, Hùng Kings' day, substituted days and make-up Saturdays;
    ad-hoc Government decisions are added here by an administrator (DOMAIN R8.4).
    """

    date = models.DateField(_("ngày"), unique=True)
    is_working_day = models.BooleanField(_("là ngày làm việc"))
    note = models.CharField(_("căn cứ, ghi chú"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("ngày nghỉ, ngày làm bù")
        verbose_name_plural = _("ngày nghỉ, ngày làm bù")
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y}"


class NotificationQuerySet(ScopedQuerySet):
    unit_field = "recipient__agency__unit"  # the inbox itself is the recipient's own (`recipient=user`)

    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """A message in an official's portal inbox (overdue cases, returned proposals, ...).

    `dedupe_key` makes sending idempotent: a sweep that runs twice notifies once.
    """

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    verb = models.CharField(max_length=64)
    message = models.CharField(_("nội dung"), max_length=500)
    url = models.CharField(max_length=255, blank=True)
    dedupe_key = models.CharField(max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "dedupe_key"], name="notification_unique_per_recipient"),
        ]

    def __str__(self) -> str:
        return self.message


class CatalogQuerySet(models.QuerySet):
    def in_force(self, catalog: str, on=None) -> CatalogQuerySet:
        from django.utils import timezone

        day = on or timezone.localdate()
        return self.filter(catalog=catalog, is_active=True).filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day), Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )


class CatalogEntry(models.Model):
    """An entry of a list administrators maintain (verification steps, petition sources, ...), with dates.

    A retired entry keeps its code so that old records still read correctly.
    """

    class Catalog(models.TextChoices):
        VERIFICATION_STEP = "verification_step", _("Bước xác minh")
        PETITION_SOURCE = "petition_source", _("Nguồn đơn")
        CONTENT_FIELD = "content_field", _("Lĩnh vực, nội dung đơn")
        DOCUMENT_TYPE = "document_type", _("Loại tài liệu")
        RESULT_TYPE = "result_type", _("Loại kết quả giải quyết")
        REFUSAL_GROUND = "refusal_ground", _("Căn cứ từ chối tiếp công dân")

    catalog = models.CharField(_("danh mục"), max_length=30, choices=Catalog.choices)
    code = models.SlugField(_("mã"), max_length=40)
    label = models.CharField(_("tên"), max_length=255)
    parent = models.ForeignKey(
        "self", verbose_name=_("thuộc mục"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    is_active = models.BooleanField(_("đang dùng"), default=True)

    objects = CatalogQuerySet.as_manager()

    class Meta:
        verbose_name = _("mục danh mục")
        verbose_name_plural = _("danh mục dùng chung")
        ordering = ["catalog", "order", "label"]
        constraints = [models.UniqueConstraint(fields=["catalog", "code"], name="catalog_entry_unique_code")]

    def __str__(self) -> str:
        return self.label

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        from portal.catalogs import forget_labels

        forget_labels(self.catalog)  # pages read labels from the cache
