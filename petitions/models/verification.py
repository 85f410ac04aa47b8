"""Verifications (xác minh) of a petition and the steps recorded for each."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from petitions.models.petitions import Petition, PetitionChildQuerySet
from portal.models import Agency, ScopedQuerySet


class Verification(models.Model):
    """A verification (xác minh) assigned to an agency or a team, with its own deadline inside the settlement one."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="verifications")
    agency = models.ForeignKey(Agency, verbose_name=_("cơ quan xác minh"), on_delete=models.PROTECT, related_name="+")
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("trưởng đoàn"), on_delete=models.PROTECT, related_name="+"
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("thành viên"), blank=True, related_name="+"
    )
    assigned_on = models.DateField(_("ngày giao"))
    due_on = models.DateField(_("hạn xác minh"))
    conclusion = models.TextField(_("kết quả xác minh"), blank=True)
    concluded_on = models.DateField(_("ngày báo cáo"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    objects = PetitionChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("xác minh")
        verbose_name_plural = _("xác minh")
        ordering = ["-assigned_on", "-id"]

    def __str__(self) -> str:
        return f"{self.petition.register_number} · {self.agency}"


def _step_path(instance, filename: str) -> str:
    return f"verifications/{instance.verification_id}/{filename}"


class VerificationStepQuerySet(ScopedQuerySet):
    unit_field = "verification__petition__unit"


class VerificationStep(models.Model):
    """One recorded step of a verification: working with the parties, documents, site inspection, dialogue."""

    verification = models.ForeignKey(Verification, on_delete=models.CASCADE, related_name="steps")
    step = models.ForeignKey("portal.CatalogEntry", verbose_name=_("bước"), on_delete=models.PROTECT, related_name="+")
    happened_on = models.DateField(_("ngày"))
    minutes = models.TextField(_("biên bản, nội dung"), blank=True)
    document = models.FileField(_("tài liệu"), upload_to=_step_path, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    objects = VerificationStepQuerySet.as_manager()

    class Meta:
        verbose_name = _("bước xác minh")
        verbose_name_plural = _("bước xác minh")
        ordering = ["happened_on", "id"]

    def __str__(self) -> str:
        return f"{self.step} · {self.happened_on}"
