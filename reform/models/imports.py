"""Workbook imports of reform: a plan's appendix of tasks, and indicator scores (the foundation's job)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.models.imports import ImportJobBase, ImportStatus, import_path
from reform.models.plans import Plan

__all__ = ["ImportStatus", "ReformImportJob", "_import_path"]


def _import_path(instance, filename: str) -> str:
    return import_path("imports/reform/", instance, filename)


class ReformImportJob(ImportJobBase):
    """A workbook an official uploaded: a plan's tasks (into `plan`) or indicator scores (no plan)."""

    class Kind(models.TextChoices):
        TASKS = "tasks", _("Nhiệm vụ của kế hoạch")
        INDICATORS = "indicators", _("Chỉ số PAR Index, PAPI, SIPAS")

    kind = models.CharField(_("loại"), max_length=12, choices=Kind.choices, default=Kind.TASKS)
    plan = models.ForeignKey(
        Plan, verbose_name=_("kế hoạch"), null=True, blank=True, on_delete=models.CASCADE, related_name="import_jobs"
    )
    file = models.FileField(upload_to=_import_path, max_length=255, blank=True)

    class Meta(ImportJobBase.Meta):
        verbose_name = _("lần nhập cải cách hành chính")
        verbose_name_plural = _("lần nhập cải cách hành chính")
        indexes = [models.Index(fields=["requested_by", "-created_at"])]
