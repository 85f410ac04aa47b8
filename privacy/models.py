"""Personal data (DOMAIN R7): the record of processing per data category, the data subjects' requests, and
the cases and visits de-identified after their retention period."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import AdministrativeUnit, ScopedQuerySet
from privacy.choices import RequestOutcome, RequestStatus, RetentionCategory, Right


class ProcessingRecord(models.Model):
    """One data category the portal processes: what, why, on which legal basis, for whom, where, how long.

    Seeded by a data migration; administrators edit it (privacy.services.processing_record_update)."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    category = models.CharField(_("loại dữ liệu"), max_length=200)
    data_items = models.TextField(_("dữ liệu cụ thể"))
    sensitive = models.BooleanField(_("dữ liệu cá nhân nhạy cảm"), default=False)
    purpose = models.TextField(_("mục đích xử lý"))
    legal_basis = models.TextField(_("căn cứ pháp lý"))
    recipients = models.TextField(_("người, cơ quan được tiếp nhận"))
    storage = models.TextField(_("nơi lưu trữ"))
    retention = models.TextField(_("thời hạn lưu trữ"))
    order = models.PositiveSmallIntegerField(default=0)
    version = models.PositiveIntegerField(default=1, editable=False)  # two administrators editing: portal.concurrency
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("hồ sơ xử lý dữ liệu cá nhân")
        verbose_name_plural = _("hồ sơ xử lý dữ liệu cá nhân")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.category


class DataSubjectRequestQuerySet(ScopedQuerySet):
    unit_field = "unit"

    def overdue(self, today) -> DataSubjectRequestQuerySet:
        return self.filter(status=RequestStatus.OPEN, due_on__lt=today)


class DataSubjectRequest(models.Model):
    """A citizen's request about their own data (to know, access, correct, delete…), received by a unit.

    Who asked is kept to a name and a way to answer: the request is about their data, not more of it."""

    unit = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("đơn vị tiếp nhận"), on_delete=models.PROTECT, related_name="+"
    )
    right = models.CharField(_("quyền yêu cầu"), max_length=20, choices=Right.choices)
    requester_name = models.CharField(_("người yêu cầu"), max_length=150)
    requester_contact = models.CharField(_("cách liên hệ trả lời"), max_length=150, blank=True)
    details = models.TextField(_("nội dung yêu cầu"), blank=True)
    received_on = models.DateField(_("ngày nhận"))
    due_on = models.DateField(_("hạn trả lời"))
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.OPEN, db_index=True
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xử lý"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    outcome = models.CharField(_("kết quả"), max_length=20, choices=RequestOutcome.choices, blank=True)
    outcome_note = models.TextField(_("nội dung trả lời"), blank=True)
    closed_on = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DataSubjectRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("yêu cầu của chủ thể dữ liệu")
        verbose_name_plural = _("yêu cầu của chủ thể dữ liệu")
        ordering = ["-received_on", "-id"]
        indexes = [models.Index(fields=["unit", "status", "due_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open", closed_on__isnull=True, outcome="")
                | (Q(status="closed", closed_on__isnull=False) & ~Q(outcome="")),
                name="subject_request_closed_has_outcome",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_right_display()} · {self.received_on:%d/%m/%Y}"

    def clean(self):
        errors = {}
        if self.received_on and self.due_on and self.due_on < self.received_on:
            errors["due_on"] = _("Hạn trả lời không thể trước ngày nhận.")
        if self.received_on and self.closed_on and self.closed_on < self.received_on:
            errors["closed_on"] = _("Ngày kết thúc không thể trước ngày nhận.")
        if self.received_on and self.received_on > timezone.localdate():
            errors["received_on"] = _("Ngày nhận không thể sau hôm nay.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_overdue(self) -> bool:
        return self.status == RequestStatus.OPEN and self.due_on < timezone.localdate()


class Deidentification(models.Model):
    """A case (or a reception visit without a petition) whose citizens were de-identified after retention.

    One row per object, so the sweep never does the same one twice; what was done is counted, never named."""

    class Kind(models.TextChoices):
        CASE = "case", _("Vụ việc")
        VISIT = "visit", _("Lượt tiếp công dân")

    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField()
    category = models.CharField(_("nhóm dữ liệu"), max_length=20, choices=RetentionCategory.choices)
    unit = models.ForeignKey(AdministrativeUnit, null=True, on_delete=models.SET_NULL, related_name="+")
    counts = models.JSONField(_("số lượng"), default=dict)
    done_at = models.DateTimeField(_("thời điểm"), auto_now_add=True)

    class Meta:
        verbose_name = _("lần xóa định danh")
        verbose_name_plural = _("các lần xóa định danh")
        ordering = ["-done_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="deidentified_once")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.object_id}"
