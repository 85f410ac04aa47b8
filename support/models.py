"""Agencies assigned to support disadvantaged communes, their yearly plans, and the activities the communes confirm.

An assignment (year, agency → commune, by a decision) is never edited away: a reassignment ends it and
starts the next one, linked to it. Activities are the agency's reports of what it delivered; they count
in every figure only once the commune confirms them (ActivityStatus.CONFIRMED).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.models import AdministrativeUnit, Agency, ScopedQuerySet
from portal.models.imports import ImportJobBase, import_path
from support.choices import ActivityStatus, FileKind

FIRST_YEAR = 2015


class ActivityType(models.Model):
    """A kind of support (houses, roads, medical examinations…); administrators keep the list."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("loại hỗ trợ"), max_length=200)
    quantity_unit = models.CharField(
        _("đơn vị tính số lượng"), max_length=40, blank=True, help_text=_("căn, km, lượt người… (trống: không đếm)")
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    is_active = models.BooleanField(_("đang áp dụng"), default=True)

    class Meta:
        verbose_name = _("loại hỗ trợ")
        verbose_name_plural = _("loại hỗ trợ")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


class AssignmentQuerySet(ScopedQuerySet):
    unit_field = "commune"

    def visible_to(self, user) -> AssignmentQuerySet:
        from support.scoping import assignment_scope_q

        return self.filter(assignment_scope_q(user))

    def in_force(self, on) -> AssignmentQuerySet:
        return self.filter(starts_on__lte=on).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))


class Assignment(models.Model):
    """An agency put in charge of supporting a commune for a year, by a decision."""

    year = models.PositiveSmallIntegerField(
        _("năm"), validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(2100)]
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan phụ trách"), on_delete=models.PROTECT, related_name="support_assignments"
    )
    commune = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("xã được hỗ trợ"), on_delete=models.PROTECT, related_name="+"
    )
    decision_number = models.CharField(_("số quyết định phân công"), max_length=60)
    decision_date = models.DateField(_("ngày quyết định"))
    starts_on = models.DateField(_("phụ trách từ ngày"))
    ends_on = models.DateField(_("phụ trách đến ngày"), null=True, blank=True)
    end_reason = models.CharField(_("lý do kết thúc"), max_length=500, blank=True)
    previous = models.OneToOneField(
        "self",
        verbose_name=_("phân công trước"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="next",
        help_text=_("Phân công mà phân công này thay thế (phân công lại)."),
    )
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("phân công hỗ trợ xã")
        verbose_name_plural = _("phân công hỗ trợ xã")
        ordering = ["-year", "commune__path", "agency__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "agency", "commune"],
                condition=Q(ends_on__isnull=True),
                name="support_one_open_assignment",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="support_assignment_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["year", "commune"]), models.Index(fields=["agency", "year"])]

    def __str__(self) -> str:
        return f"{self.agency} → {self.commune} ({self.year})"


class PlanItem(models.Model):
    """One line of an assignment's yearly support plan: what, how much, for how many people."""

    assignment = models.ForeignKey(
        Assignment, verbose_name=_("phân công"), on_delete=models.CASCADE, related_name="plan_items"
    )
    activity_type = models.ForeignKey(
        ActivityType, verbose_name=_("loại hỗ trợ"), on_delete=models.PROTECT, related_name="+"
    )
    target = models.CharField(_("nội dung, mục tiêu"), max_length=500)
    planned_value_vnd = models.PositiveBigIntegerField(_("giá trị dự kiến (đồng)"), default=0)
    planned_quantity = models.DecimalField(
        _("số lượng dự kiến"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    people_to_reach = models.PositiveIntegerField(_("số người dự kiến hưởng lợi"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("nội dung kế hoạch hỗ trợ")
        verbose_name_plural = _("kế hoạch hỗ trợ")
        ordering = ["assignment", "order", "id"]

    def __str__(self) -> str:
        return self.target


class ActivityQuerySet(ScopedQuerySet):
    unit_field = "assignment__commune"

    def visible_to(self, user) -> ActivityQuerySet:
        from support.scoping import activity_scope_q

        return self.filter(activity_scope_q(user))

    def confirmed(self) -> ActivityQuerySet:
        return self.filter(status=ActivityStatus.CONFIRMED)


class Activity(models.Model):
    """What an assigned agency delivered to the commune on a day, as its officer reported it."""

    assignment = models.ForeignKey(
        Assignment, verbose_name=_("phân công"), on_delete=models.PROTECT, related_name="activities"
    )
    plan_item = models.ForeignKey(
        PlanItem,
        verbose_name=_("thuộc kế hoạch"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
    )
    activity_type = models.ForeignKey(
        ActivityType, verbose_name=_("loại hỗ trợ"), on_delete=models.PROTECT, related_name="+"
    )
    date = models.DateField(_("ngày thực hiện"))
    description = models.TextField(_("nội dung"), max_length=4000)
    money_vnd = models.PositiveBigIntegerField(_("tiền mặt (đồng)"), default=0)
    in_kind_vnd = models.PositiveBigIntegerField(_("hiện vật quy đổi (đồng)"), default=0)
    quantity = models.DecimalField(_("số lượng"), max_digits=12, decimal_places=2, null=True, blank=True)
    beneficiaries = models.PositiveIntegerField(_("số người hưởng lợi"), null=True, blank=True)
    beneficiaries_female = models.PositiveIntegerField(_("trong đó nữ"), null=True, blank=True)
    beneficiaries_ethnic_minority = models.PositiveIntegerField(
        _("trong đó người dân tộc thiểu số"), null=True, blank=True
    )
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=ActivityStatus.choices, default=ActivityStatus.DRAFT
    )
    submitted_at = models.DateTimeField(_("gửi xác nhận lúc"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xác nhận"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("xác nhận lúc"), null=True, blank=True)
    return_reason = models.CharField(_("lý do trả lại"), max_length=500, blank=True)
    import_key = models.CharField(
        _("mã dòng nhập"), max_length=60, blank=True, help_text=_("Khóa của dòng trong tệp Excel đã nhập.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhập"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("nhập lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("hoạt động hỗ trợ")
        verbose_name_plural = _("hoạt động hỗ trợ")
        ordering = ["-date", "-id"]
        permissions = [("confirm_activity", _("Xác nhận hoạt động hỗ trợ xã đã nhận"))]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "import_key"], condition=~Q(import_key=""), name="support_activity_import_key"
            ),
            models.CheckConstraint(
                condition=Q(beneficiaries_female__isnull=True)
                | Q(beneficiaries__isnull=True)
                | Q(beneficiaries_female__lte=models.F("beneficiaries")),
                name="support_female_within_beneficiaries",
            ),
        ]
        indexes = [models.Index(fields=["status", "date"]), models.Index(fields=["assignment", "status", "date"])]

    def __str__(self) -> str:
        return f"{self.activity_type} — {self.date:%d/%m/%Y}"

    @property
    def value_vnd(self) -> int:
        return self.money_vnd + self.in_kind_vnd


def _file_path(instance, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"support/{instance.activity_id}/{uuid.uuid4().hex}.{extension}"


class ActivityFile(models.Model):
    """A photo or document of an activity, checked by portal.uploads (its bytes decide the type)."""

    activity = models.ForeignKey(Activity, verbose_name=_("hoạt động"), on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(_("loại"), max_length=10, choices=FileKind.choices, default=FileKind.PHOTO)
    file = models.FileField(_("tệp"), upload_to=_file_path, max_length=255)
    filename = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(max_length=100, editable=False)
    size = models.PositiveIntegerField(default=0, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("tệp của hoạt động hỗ trợ")
        verbose_name_plural = _("tệp của hoạt động hỗ trợ")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.filename


def _import_path(instance, filename: str) -> str:
    return import_path("imports/support/", instance, filename)


class SupportImportJob(ImportJobBase):
    """A workbook of activities an agency's officer uploaded; a row already imported (same key) is updated."""

    submit = models.BooleanField(_("gửi xã xác nhận sau khi nhập"), default=False)
    file = models.FileField(upload_to=_import_path, max_length=255, blank=True)

    class Meta(ImportJobBase.Meta):
        verbose_name = _("lần nhập hoạt động hỗ trợ")
        verbose_name_plural = _("lần nhập hoạt động hỗ trợ")
        indexes = [models.Index(fields=["requested_by", "-created_at"])]
