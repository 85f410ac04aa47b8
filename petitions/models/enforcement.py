"""Measures a settled case orders, and how far their enforcement has got."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from petitions.models.petitions import Petition, PetitionChildQuerySet


class MeasureKind(models.TextChoices):
    """Measures a settlement decision or denunciation conclusion orders (form 02/KQGQ)."""

    RECOVER_MONEY = "recover_money", _("Thu hồi tiền cho Nhà nước")
    RECOVER_LAND = "recover_land", _("Thu hồi đất cho Nhà nước")
    RETURN_MONEY = "return_money", _("Trả lại tiền cho tổ chức, cá nhân")
    RETURN_LAND = "return_land", _("Trả lại đất cho tổ chức, cá nhân")
    DISCIPLINE = "discipline", _("Xử lý kỷ luật")
    INVESTIGATION = "investigation", _("Chuyển cơ quan điều tra")
    OTHER = "other", _("Biện pháp khác")


class EnforcementMeasure(models.Model):
    """One measure ordered by a settled case, who must carry it out, by when, and what was done."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="measures")
    kind = models.CharField(_("biện pháp"), max_length=20, choices=MeasureKind.choices)
    description = models.CharField(_("nội dung"), max_length=500)
    responsible = models.CharField(_("cơ quan, người thực hiện"), max_length=255)
    due_on = models.DateField(_("thời hạn"))
    ordered_amount = models.DecimalField(
        _("số phải thực hiện (triệu đồng, m² hoặc người)"), max_digits=14, decimal_places=2, default=0
    )
    done_amount = models.DecimalField(_("số đã thực hiện"), max_digits=14, decimal_places=2, default=0)
    done_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    note = models.CharField(_("kết quả, ghi chú"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PetitionChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("biện pháp thi hành")
        verbose_name_plural = _("biện pháp thi hành")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.petition.register_number}"

    def clean(self):
        if self.done_amount > self.ordered_amount and self.ordered_amount:
            raise ValidationError({"done_amount": _("Số đã thực hiện không thể vượt số phải thực hiện.")})

    @property
    def is_overdue(self) -> bool:
        from django.utils import timezone

        return self.done_on is None and self.due_on < timezone.localdate()
