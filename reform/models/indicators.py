"""Indicators scored from outside (PAR Index, PAPI, SIPAS) and the one-stop points serving procedures."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.models import AdministrativeUnit, Agency, ScopedQuerySet
from reform.choices import IndicatorKind, OneStopKind


class IndicatorValue(models.Model):
    """One imported score: a unit's value of an indicator (or one of its areas, dimensions, elements) for a year.

    Schemes change (PAR Index by Decision 1150/QĐ-BNV, then 876/QĐ-BNV), so each value carries its scheme
    and that year's maximum points rather than being read against a fixed list (DOMAIN R5.7).
    """

    unit = models.ForeignKey(AdministrativeUnit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("năm"))
    kind = models.CharField(_("chỉ số"), max_length=12, choices=IndicatorKind.choices)
    scheme = models.CharField(_("bộ tiêu chí"), max_length=60, blank=True, help_text=_("Ví dụ: 876/QĐ-BNV."))
    component = models.CharField(
        _("mã thành phần"), max_length=60, blank=True, help_text=_("Để trống: điểm tổng của chỉ số.")
    )
    component_label = models.CharField(_("lĩnh vực, nội dung thành phần"), max_length=200, blank=True)
    score = models.DecimalField(_("điểm"), max_digits=8, decimal_places=2, validators=[MinValueValidator(0)])
    max_points = models.DecimalField(
        _("điểm tối đa"), max_digits=8, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    rank = models.PositiveSmallIntegerField(_("xếp hạng"), null=True, blank=True)
    source = models.CharField(_("nguồn"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhập"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("nhập lúc"), auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("chỉ số cải cách hành chính")
        verbose_name_plural = _("chỉ số cải cách hành chính")
        ordering = ["kind", "unit__path", "year", "component"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "kind", "scheme", "component"], name="reform_indicator_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(max_points__isnull=True) | models.Q(score__lte=models.F("max_points")),
                name="reform_indicator_within_max",
            ),
        ]

    def __str__(self) -> str:
        part = f" · {self.component_label or self.component}" if self.component else ""
        return f"{self.get_kind_display()} {self.year} · {self.unit}{part}"


class OneStopPoint(models.Model):
    """A one-stop desk or public-administration service centre: where it serves and since when."""

    unit = models.ForeignKey(AdministrativeUnit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("cơ quan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="one_stop_points",
        help_text=_("Bộ phận một cửa của một cơ quan; để trống với trung tâm của xã, của tỉnh."),
    )
    kind = models.CharField(_("loại"), max_length=20, choices=OneStopKind.choices)
    name = models.CharField(_("tên"), max_length=200)
    opened_on = models.DateField(_("hoạt động từ"))
    closed_on = models.DateField(_("ngừng hoạt động từ"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("bộ phận một cửa")
        verbose_name_plural = _("bộ phận một cửa, trung tâm phục vụ hành chính công")
        ordering = ["unit__path", "kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True) | models.Q(closed_on__gt=models.F("opened_on")),
                name="reform_onestop_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.name
