"""Programmes and their phases, rounds with their criteria and councils."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from models_registry.choices import Aggregation, AppliesTo, CouncilRole, RecognitionLevel
from models_registry.models.fields import NON_NEGATIVE, POINTS
from portal.models import AdministrativeUnit, ScopedQuerySet


class Programme(models.Model):
    """A movement: "Dân vận khéo", "Chính quyền thân thiện, vì nhân dân phục vụ", or one a province adds."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên phong trào"), max_length=200)
    short_name = models.CharField(_("tên ngắn"), max_length=60)
    description = models.TextField(_("mô tả"), blank=True)
    is_active = models.BooleanField(_("đang áp dụng"), default=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("phong trào")
        verbose_name_plural = _("phong trào")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.short_name


class Phase(models.Model):
    """A phase of a programme (2021–2025, 2026–2030), reviewed and commended at its end."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("phong trào"), on_delete=models.PROTECT, related_name="phases"
    )
    name = models.CharField(_("giai đoạn"), max_length=40)
    start_year = models.PositiveSmallIntegerField(_("từ năm"))
    end_year = models.PositiveSmallIntegerField(_("đến năm"))

    class Meta:
        verbose_name = _("giai đoạn")
        verbose_name_plural = _("giai đoạn")
        ordering = ["programme", "start_year"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "start_year"], name="phase_unique_start"),
            models.CheckConstraint(
                condition=models.Q(end_year__gte=models.F("start_year")), name="phase_years_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme.short_name} {self.name}"


class RoundQuerySet(ScopedQuerySet):
    def visible_to(self, user) -> RoundQuerySet:
        from models_registry.scoping import round_scope_q

        return self.filter(round_scope_q(user))


class Round(models.Model):
    """A yearly round of a programme launched by a unit: its decision, registration window, criteria and council."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("phong trào"), on_delete=models.PROTECT, related_name="rounds"
    )
    phase = models.ForeignKey(
        Phase, verbose_name=_("giai đoạn"), null=True, blank=True, on_delete=models.PROTECT, related_name="rounds"
    )
    unit = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("đơn vị phát động"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    name = models.CharField(_("tên đợt"), max_length=200)
    launch_number = models.CharField(_("số văn bản phát động"), max_length=60, blank=True)
    launch_date = models.DateField(_("ngày phát động"), null=True, blank=True)
    launch_issuer = models.CharField(_("cơ quan ban hành"), max_length=200, blank=True)
    registration_opens = models.DateField(_("mở đăng ký từ ngày"))
    registration_closes = models.DateField(_("hạn đăng ký"))
    recognition_level = models.CharField(_("cấp công nhận"), max_length=10, choices=RecognitionLevel.choices)
    aggregation = models.CharField(
        _("cách tổng hợp điểm"), max_length=10, choices=Aggregation.choices, default=Aggregation.MEAN
    )
    pass_threshold = models.DecimalField(
        _("điểm đạt"),
        **POINTS,
        validators=NON_NEGATIVE,
        help_text=_("Tổng điểm tổng hợp tối thiểu để hội đồng đề nghị công nhận."),
    )
    spread_threshold = models.DecimalField(
        _("độ chênh cảnh báo"),
        **POINTS,
        validators=NON_NEGATIVE,
        help_text=_(
            "Khi tổng điểm cao nhất và thấp nhất của các thành viên chênh nhau hơn mức này, hồ sơ được đánh dấu."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Counts the saves of the round's set-up: the edit form carries it back, so a stale save is refused.
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = RoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("đợt đăng ký")
        verbose_name_plural = _("đợt đăng ký")
        ordering = ["-year", "programme", "unit__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "unit", "year", "recognition_level"], name="round_unique_per_unit_year"
            ),
            models.CheckConstraint(
                condition=models.Q(registration_closes__gte=models.F("registration_opens")),
                name="round_window_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def max_points(self) -> Decimal:
        return sum((criterion.max_points for criterion in self.criteria.all()), Decimal("0"))


class CriterionGroup(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="criterion_groups")
    name = models.CharField(_("nhóm tiêu chí"), max_length=200)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("nhóm tiêu chí")
        verbose_name_plural = _("nhóm tiêu chí")
        ordering = ["round", "order", "id"]

    def __str__(self) -> str:
        return self.name


class Criterion(models.Model):
    """One criterion of a round: its maximum points (its weight), and, when mandatory, the points that meet it."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="criteria")
    group = models.ForeignKey(
        CriterionGroup,
        verbose_name=_("nhóm"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="criteria",
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    text = models.CharField(_("tiêu chí"), max_length=500)
    guidance = models.TextField(_("hướng dẫn chấm"), blank=True)
    max_points = models.DecimalField(_("điểm tối đa"), **POINTS, validators=[MinValueValidator(Decimal("0.5"))])
    mandatory = models.BooleanField(_("bắt buộc"), default=False)
    min_points = models.DecimalField(
        _("điểm tối thiểu để đạt"),
        **POINTS,
        null=True,
        blank=True,
        validators=NON_NEGATIVE,
        help_text=_("Với tiêu chí bắt buộc: dưới mức này thì không được công nhận, dù tổng điểm cao."),
    )
    applies_to = models.CharField(_("áp dụng cho"), max_length=10, choices=AppliesTo.choices, default=AppliesTo.BOTH)

    class Meta:
        verbose_name = _("tiêu chí")
        verbose_name_plural = _("tiêu chí")
        ordering = ["round", "order", "id"]

    def __str__(self) -> str:
        return self.text

    def applies(self, owner_kind: str) -> bool:
        return self.applies_to == AppliesTo.BOTH or self.applies_to == owner_kind


class CouncilMember(models.Model):
    """A member of a round's evaluation council."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="council")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("thành viên"), on_delete=models.PROTECT, related_name="council_seats"
    )
    role = models.CharField(_("vai trò"), max_length=12, choices=CouncilRole.choices, default=CouncilRole.MEMBER)

    class Meta:
        verbose_name = _("thành viên hội đồng")
        verbose_name_plural = _("hội đồng thẩm định")
        ordering = ["round", "role", "id"]
        constraints = [models.UniqueConstraint(fields=["round", "user"], name="council_member_once")]
        # Given to each seated official by `council_set`, so the menu knows a council member without a query.
        permissions = [("score_models", _("Chấm điểm mô hình (thành viên hội đồng)"))]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"
