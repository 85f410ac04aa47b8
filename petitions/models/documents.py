"""Scans and documents attached to a petition."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from petitions.choices import DocumentType
from petitions.models.petitions import Petition, PetitionChildQuerySet


def _document_path(instance: PetitionDocument, filename: str) -> str:
    return f"petitions/{instance.petition_id}/{filename}"


class PetitionDocument(models.Model):
    """A scan or document of a petition; a denunciation's documents are confidential like its identity."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("tên tài liệu"), max_length=200)
    doc_type = models.CharField(
        _("loại tài liệu"), max_length=20, choices=DocumentType.choices, default=DocumentType.OTHER
    )
    file = models.FileField(_("tệp"), upload_to=_document_path)
    content_type = models.CharField(max_length=100, editable=False)
    size = models.PositiveIntegerField(editable=False)
    confidential = models.BooleanField(_("mật"), default=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = PetitionChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("tài liệu")
        verbose_name_plural = _("tài liệu")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.title
