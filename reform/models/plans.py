"""Reform areas and plans: a unit's yearly plan, issued by a decision, grouped by area."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.models import AdministrativeUnit, Agency, ScopedQuerySet
from reform.choices import FIRST_PLAN_YEAR


class Area(models.Model):
    """An area of reform (institutions, procedures, …); administrators keep the list."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên lĩnh vực"), max_length=200)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    is_active = models.BooleanField(_("đang áp dụng"), default=True)

    class Meta:
        verbose_name = _("lĩnh vực cải cách")
        verbose_name_plural = _("lĩnh vực cải cách")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


class PlanQuerySet(ScopedQuerySet):
    def visible_to(self, user) -> PlanQuerySet:
        from reform.scoping import plan_scope_q

        return self.filter(plan_scope_q(user))


class Plan(models.Model):
    """A unit's administrative-reform plan for a year (the province's, an agency's or a commune's own)."""

    unit = models.ForeignKey(AdministrativeUnit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    owner_agency = models.ForeignKey(
        Agency,
        verbose_name=_("cơ quan ban hành"),
        on_delete=models.PROTECT,
        related_name="reform_plans",
        help_text=_("Cơ quan có kế hoạch: quyết định gia hạn và xác nhận hoàn thành nhiệm vụ."),
    )
    year = models.PositiveSmallIntegerField(
        _("năm"), validators=[MinValueValidator(FIRST_PLAN_YEAR), MaxValueValidator(2100)]
    )
    title = models.CharField(_("tên kế hoạch"), max_length=300)
    decision_number = models.CharField(_("số quyết định, văn bản ban hành"), max_length=60, blank=True)
    decision_date = models.DateField(_("ngày ban hành"), null=True, blank=True)
    decision_signer = models.CharField(_("người ký"), max_length=150, blank=True)
    source_documents = models.TextField(
        _("căn cứ"),
        blank=True,
        help_text=_("Nghị quyết 76/NQ-CP, kế hoạch của tỉnh, chỉ thị… mỗi văn bản một dòng."),
    )
    areas = models.ManyToManyField(Area, verbose_name=_("lĩnh vực"), related_name="plans", blank=True)
    requires_confirmation = models.BooleanField(
        _("cần xác nhận hoàn thành"),
        default=False,
        help_text=_("Nhiệm vụ chỉ được tính là hoàn thành khi cơ quan ban hành kế hoạch xác nhận."),
    )
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
    # Counts the saves of the plan's header: the edit form carries it back, so a stale save is refused.
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("kế hoạch cải cách hành chính")
        verbose_name_plural = _("kế hoạch cải cách hành chính")
        ordering = ["-year", "unit__path", "owner_agency__name", "id"]
        indexes = [models.Index(fields=["year", "unit"])]
        constraints = [
            models.UniqueConstraint(fields=["owner_agency", "year", "title"], name="reform_plan_unique_title")
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"
