"""Statutory time limits as data: what the deadline engine (petitions.deadlines) reads."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from petitions.choices import DayType, DeadlineEvent, Kind, StartEvent


class DeadlineRule(models.Model):
    """One statutory time limit, as data with its legal basis and the dates it is in force.

    Administrators correct a number here, not in code (DOMAIN section 0 and derived requirement 1).
    """

    code = models.SlugField(_("mã quy tắc"), max_length=50)
    name = models.CharField(_("tên"), max_length=200)
    kind = models.CharField(
        _("loại đơn"),
        max_length=20,
        choices=Kind.choices,
        blank=True,
        help_text=_("Để trống: áp dụng cho mọi loại đơn."),
    )
    round = models.PositiveSmallIntegerField(_("lần khiếu nại"), null=True, blank=True)
    event = models.CharField(_("mốc"), max_length=20, choices=DeadlineEvent.choices)
    start_event = models.CharField(_("tính từ"), max_length=20, choices=StartEvent.choices)
    day_type = models.CharField(_("loại ngày"), max_length=10, choices=DayType.choices)
    days = models.PositiveSmallIntegerField(_("số ngày"))
    complex_days = models.PositiveSmallIntegerField(_("số ngày (phức tạp)"), null=True, blank=True)
    remote_days = models.PositiveSmallIntegerField(_("số ngày (vùng sâu, vùng xa)"), null=True, blank=True)
    remote_complex_days = models.PositiveSmallIntegerField(
        _("số ngày (vùng sâu, vùng xa, phức tạp)"), null=True, blank=True
    )
    extension_days = models.PositiveSmallIntegerField(_("mỗi lần gia hạn tối đa (ngày)"), null=True, blank=True)
    effective_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    effective_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=255)

    class Meta:
        verbose_name = _("quy tắc thời hạn")
        verbose_name_plural = _("quy tắc thời hạn")
        ordering = ["event", "kind", "round", "effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["code", "effective_from"], name="deadline_rule_unique_version"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if self.effective_from and self.effective_to and self.effective_to < self.effective_from:
            raise ValidationError({"effective_to": _("Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực.")})
