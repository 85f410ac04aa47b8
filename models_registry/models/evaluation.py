"""The council's assignments and score sheets."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from models_registry.models.fields import NON_NEGATIVE, POINTS
from models_registry.models.programmes import CouncilMember, Criterion
from models_registry.models.registry import MobilizationModel, ModelChildQuerySet


class Assignment(models.Model):
    """A model given to a council member to score; a member of the model's own agency or unit is recused."""

    model = models.ForeignKey(MobilizationModel, on_delete=models.CASCADE, related_name="assignments")
    member = models.ForeignKey(CouncilMember, on_delete=models.CASCADE, related_name="assignments")
    recused = models.BooleanField(_("không chấm (xung đột lợi ích)"), default=False)
    recusal_reason = models.CharField(_("lý do không chấm"), max_length=300, blank=True)
    submitted_at = models.DateTimeField(_("nộp phiếu lúc"), null=True, blank=True)
    total = models.DecimalField(_("tổng điểm của thành viên"), **POINTS, null=True, blank=True)
    comment = models.TextField(_("nhận xét chung"), blank=True)
    assigned_at = models.DateTimeField(auto_now_add=True)

    objects = ModelChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("phân công chấm điểm")
        verbose_name_plural = _("phân công chấm điểm")
        ordering = ["model", "member"]
        constraints = [models.UniqueConstraint(fields=["model", "member"], name="assignment_once")]

    def __str__(self) -> str:
        return f"{self.member.user} · {self.model}"


class Score(models.Model):
    """One member's points and comment for one criterion of one model."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    points = models.DecimalField(_("điểm"), **POINTS, validators=NON_NEGATIVE)
    comment = models.TextField(_("nhận xét"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("điểm")
        verbose_name_plural = _("điểm")
        ordering = ["assignment", "criterion__order", "criterion_id"]
        constraints = [models.UniqueConstraint(fields=["assignment", "criterion"], name="score_once")]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.points}"
