"""Register files uploaded for import by a background task, and their reports."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.models.imports import ImportJobBase, ImportJobQuerySet, ImportStatus, import_path

__all__ = ["ImportJob", "ImportJobQuerySet", "ImportStatus", "_import_path"]


def _import_path(instance, filename: str) -> str:
    return import_path("imports/", instance, filename)


class ImportJob(ImportJobBase):
    """A register file an official uploaded: imported by a background task, its report kept for them."""

    file = models.FileField(upload_to=_import_path, max_length=255, blank=True)

    class Meta(ImportJobBase.Meta):
        verbose_name = _("lần nhập sổ đơn")
        verbose_name_plural = _("lần nhập sổ đơn")
        indexes = [models.Index(fields=["requested_by", "-created_at"])]
