"""Decisions recognising models, their entries, and commendations."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from models_registry.choices import CommendationForm, Outcome
from models_registry.models.programmes import Phase, Round
from models_registry.models.registry import MobilizationModel, ModelChildQuerySet
from portal.models import AdministrativeUnit, ScopedQuerySet


class DecisionQuerySet(ScopedQuerySet):
    unit_field = "unit"


class Decision(models.Model):
    """The standing body's decision recognising models of a round and naming typical ones.

    Issued decisions are never edited; a correction is a new decision that refers to the one it corrects.
    """

    round = models.ForeignKey(Round, verbose_name=_("đợt"), on_delete=models.PROTECT, related_name="decisions")
    unit = models.ForeignKey(AdministrativeUnit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    number = models.CharField(_("số quyết định"), max_length=60)
    issued_on = models.DateField(_("ngày ký"))
    signer = models.CharField(_("người ký"), max_length=200)
    signer_position = models.CharField(_("chức vụ người ký"), max_length=200, blank=True)
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("đính chính quyết định"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    correction_reason = models.TextField(_("lý do đính chính"), blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("quyết định công nhận")
        verbose_name_plural = _("quyết định công nhận")
        ordering = ["-issued_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["unit", "number", "issued_on"], name="decision_number_once")]

    def __str__(self) -> str:
        return f"{self.number} ({self.issued_on:%d/%m/%Y})"


class DecisionEntry(models.Model):
    """What a decision says of one model; a departure from the council's proposal carries its reason."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="entries")
    model = models.ForeignKey(MobilizationModel, on_delete=models.PROTECT, related_name="decision_entries")
    outcome = models.CharField(_("kết quả"), max_length=20, choices=Outcome.choices)
    departs_from_council = models.BooleanField(_("khác đề nghị của hội đồng"), default=False)
    departure_reason = models.TextField(_("lý do khác đề nghị của hội đồng"), blank=True)

    class Meta:
        verbose_name = _("mô hình trong quyết định")
        verbose_name_plural = _("mô hình trong quyết định")
        ordering = ["decision", "id"]
        constraints = [models.UniqueConstraint(fields=["decision", "model"], name="decision_entry_once")]

    def __str__(self) -> str:
        return f"{self.model} · {self.get_outcome_display()}"


class Commendation(models.Model):
    """A commendation of a recognised model over a phase (its own step, after recognition)."""

    model = models.ForeignKey(MobilizationModel, on_delete=models.PROTECT, related_name="commendations")
    phase = models.ForeignKey(Phase, verbose_name=_("giai đoạn"), on_delete=models.PROTECT, related_name="+")
    form = models.CharField(_("hình thức khen thưởng"), max_length=20, choices=CommendationForm.choices)
    issuer = models.CharField(_("cấp khen thưởng"), max_length=200)
    decision_number = models.CharField(_("số quyết định"), max_length=60)
    decided_on = models.DateField(_("ngày quyết định"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ModelChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("khen thưởng")
        verbose_name_plural = _("khen thưởng")
        ordering = ["-decided_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["model", "phase", "decision_number"], name="commendation_once")]

    def __str__(self) -> str:
        return f"{self.get_form_display()} · {self.decision_number}"
