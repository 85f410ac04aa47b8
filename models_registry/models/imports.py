"""Bulk registration from Excel: the upload job (the same job as the petition import's, from the foundation)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.models.imports import ImportJobBase, ImportStatus, import_path

__all__ = ["ImportStatus", "ModelImportJob", "_import_path"]


def _import_path(instance, filename: str) -> str:
    return import_path("imports/models/", instance, filename)


class ModelImportJob(ImportJobBase):
    """A workbook of registrations an official uploaded: imported by a background task, its report kept."""

    file = models.FileField(upload_to=_import_path, max_length=255, blank=True)

    class Meta(ImportJobBase.Meta):
        verbose_name = _("lần nhập mô hình")
        verbose_name_plural = _("lần nhập mô hình")
        indexes = [models.Index(fields=["requested_by", "-created_at"])]
