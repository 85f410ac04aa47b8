"""Tasks of a plan, their progress updates, completions and extensions (each kept as history)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.models import Agency, ScopedQuerySet
from portal.text import fold
from reform.choices import CompletionStatus, ExtensionStatus, TaskStatus
from reform.models.plans import Area, Plan

PERCENT = [MinValueValidator(0), MaxValueValidator(100)]


def _evidence_path(instance, filename: str) -> str:
    import uuid

    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"reform/{instance.task_id}/{uuid.uuid4().hex}.{extension}"


class AttachedFile(models.Model):
    """An optional file checked by portal.uploads (its bytes decide the type) and served by a checked view."""

    file = models.FileField(_("tệp"), upload_to=_evidence_path, max_length=255, blank=True)
    filename = models.CharField(_("tên tệp"), max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True, editable=False)
    size = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        abstract = True


class TaskQuerySet(ScopedQuerySet):
    unit_field = "plan__unit"

    def visible_to(self, user) -> TaskQuerySet:
        from reform.scoping import task_scope_q

        return self.filter(task_scope_q(user))

    def search(self, text: str) -> TaskQuerySet:
        """Tasks whose number, title or product holds `text` (accents and case ignored)."""
        return self.filter(search_text__contains=fold(text))


class Task(models.Model):
    """A task of a plan: who leads it, by when, what it produces; a sub-task breaks its parent's work down."""

    plan = models.ForeignKey(Plan, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="tasks")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("thuộc nhiệm vụ"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    area = models.ForeignKey(Area, verbose_name=_("lĩnh vực"), on_delete=models.PROTECT, related_name="tasks")
    number = models.CharField(_("số thứ tự"), max_length=20, blank=True)
    title = models.TextField(_("nội dung nhiệm vụ"))
    lead_agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan chủ trì"), on_delete=models.PROTECT, related_name="reform_tasks_led"
    )
    coordinating_agencies = models.ManyToManyField(
        Agency, verbose_name=_("cơ quan phối hợp"), related_name="reform_tasks_coordinated", blank=True
    )
    original_deadline = models.DateField(_("thời hạn ban đầu"))
    deadline = models.DateField(_("thời hạn"), help_text=_("Thời hạn đang có hiệu lực, sau các lần gia hạn."))
    expected_output = models.CharField(_("sản phẩm"), max_length=500, blank=True)
    weight = models.DecimalField(
        _("trọng số"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    status = models.CharField(
        _("tình trạng"), max_length=12, choices=TaskStatus.choices, default=TaskStatus.NOT_STARTED, db_index=True
    )
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0, validators=PERCENT)
    completed_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    # The day the completion counts from: the completion date, or the owner's confirmation when it came later.
    counted_on = models.DateField(_("tính hoàn thành từ ngày"), null=True, blank=True)
    # The deadline in force on the day the task was completed: "on time" is measured against it.
    due_when_completed = models.DateField(_("thời hạn khi hoàn thành"), null=True, blank=True)
    evidence_number = models.CharField(_("số văn bản minh chứng"), max_length=60, blank=True)
    evidence_date = models.DateField(_("ngày văn bản minh chứng"), null=True, blank=True)
    cancelled_on = models.DateField(_("ngày hủy"), null=True, blank=True)
    cancel_reason = models.CharField(_("lý do hủy"), max_length=500, blank=True)
    notes = models.TextField(_("ghi chú"), blank=True)
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    search_text = models.TextField(editable=False, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("nhiệm vụ cải cách hành chính")
        verbose_name_plural = _("nhiệm vụ cải cách hành chính")
        ordering = ["plan", "order", "id"]
        indexes = [
            models.Index(fields=["plan", "status"]),
            models.Index(fields=["lead_agency", "status"]),
            models.Index(fields=["deadline"]),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="reform_task_progress_max"),
            models.CheckConstraint(condition=models.Q(weight__gt=0), name="reform_task_weight_positive"),
        ]

    def __str__(self) -> str:
        label = self.title if len(self.title) <= 80 else f"{self.title[:79]}…"
        return f"{self.number} {label}".strip()

    def save(self, *args, **kwargs):
        self.search_text = fold(f"{self.number} {self.title} {self.expected_output}")
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)


class TaskProgress(AttachedFile):
    """A progress update by the lead agency: the percentage reached, what was done, an optional document."""

    task = models.ForeignKey(Task, verbose_name=_("nhiệm vụ"), on_delete=models.CASCADE, related_name="updates")
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), validators=PERCENT)
    text = models.TextField(_("kết quả thực hiện"))
    document_number = models.CharField(_("số văn bản"), max_length=60, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người cập nhật"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reported_at = models.DateTimeField(_("cập nhật lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("cập nhật tiến độ")
        verbose_name_plural = _("cập nhật tiến độ")
        ordering = ["-reported_at", "-id"]

    def __str__(self) -> str:
        return f"{self.task} · {self.progress}%"


class TaskCompletion(AttachedFile):
    """A completion reported with its evidence; on a plan requiring confirmation, the owner confirms or returns it."""

    task = models.ForeignKey(Task, verbose_name=_("nhiệm vụ"), on_delete=models.CASCADE, related_name="completions")
    completed_on = models.DateField(_("ngày hoàn thành"))
    evidence_number = models.CharField(_("số văn bản minh chứng"), max_length=60)
    evidence_date = models.DateField(_("ngày văn bản minh chứng"))
    note = models.TextField(_("kết quả, sản phẩm"), blank=True)
    status = models.CharField(_("tình trạng"), max_length=10, choices=CompletionStatus.choices)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người báo cáo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reported_at = models.DateTimeField(_("báo cáo lúc"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xác nhận"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("xác nhận lúc"), null=True, blank=True)
    return_reason = models.TextField(_("lý do trả lại"), blank=True)

    class Meta:
        verbose_name = _("báo cáo hoàn thành")
        verbose_name_plural = _("báo cáo hoàn thành")
        ordering = ["-reported_at", "-id"]

    def __str__(self) -> str:
        return f"{self.task} · {self.evidence_number}"


class TaskExtension(models.Model):
    """A request to move a task's deadline, decided by the plan's owner; approved ones are the deadline's history."""

    task = models.ForeignKey(Task, verbose_name=_("nhiệm vụ"), on_delete=models.CASCADE, related_name="extensions")
    previous_deadline = models.DateField(_("thời hạn trước khi gia hạn"))
    requested_deadline = models.DateField(_("thời hạn đề nghị"))
    granted_deadline = models.DateField(_("thời hạn được gia hạn"), null=True, blank=True)
    reason = models.TextField(_("lý do"))
    status = models.CharField(
        _("tình trạng"), max_length=10, choices=ExtensionStatus.choices, default=ExtensionStatus.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người đề nghị"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("đề nghị lúc"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người quyết định"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("quyết định lúc"), null=True, blank=True)
    decided_on = models.DateField(_("ngày quyết định"), null=True, blank=True)
    decision_note = models.TextField(_("ý kiến"), blank=True)

    class Meta:
        verbose_name = _("đề nghị gia hạn")
        verbose_name_plural = _("đề nghị gia hạn")
        ordering = ["-requested_at", "-id"]
        constraints = [
            # One open request at a time per task.
            models.UniqueConstraint(
                fields=["task"], condition=models.Q(status="pending"), name="reform_extension_one_pending"
            )
        ]

    def __str__(self) -> str:
        return f"{self.task} · {self.requested_deadline:%d/%m/%Y}"
