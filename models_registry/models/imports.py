"""Bulk registration from Excel: the upload job and its status."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# The same upload job as the petition import (petitions.models.ImportJob), kept here because the
# registry may not import petitions.


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("Đang chờ")
    RUNNING = "running", _("Đang nhập")
    DONE = "done", _("Hoàn thành")
    FAILED = "failed", _("Lỗi")


class ModelImportJobQuerySet(models.QuerySet):
    def visible_to(self, user) -> ModelImportJobQuerySet:
        """A job is the uploader's own (its report quotes their rows); superusers see all."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        return self if user.is_superuser else self.filter(requested_by=user)


def _import_path(instance: ModelImportJob, filename: str) -> str:
    import uuid

    # Not the uploaded name: it may carry a person's name, and it is kept in `filename` anyway.
    extension = filename.rsplit(".", 1)[-1].lower()
    extension = extension if extension in ("xlsx", "csv") else "bin"
    return f"imports/models/{instance.requested_by_id}/{uuid.uuid4().hex}.{extension}"


class ModelImportJob(models.Model):
    """A workbook of registrations an official uploaded: imported by a background task, its report kept.

    The stored file is deleted once the import has run (it names individuals); a job that failed
    keeps it so that the task can be run again.
    """

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người nhập"), on_delete=models.CASCADE, related_name="+"
    )
    filename = models.CharField(_("tên tệp"), max_length=255)
    file = models.FileField(upload_to=_import_path, max_length=255, blank=True)
    dry_run = models.BooleanField(_("chỉ kiểm tra"), default=False)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.PENDING
    )
    progress = models.PositiveSmallIntegerField(_("tiến độ"), default=0)
    rows_read = models.PositiveIntegerField(_("số dòng đã đọc"), default=0)
    report = models.JSONField(_("kết quả"), default=dict, blank=True)
    error = models.CharField(_("lỗi"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    started_at = models.DateTimeField(_("bắt đầu lúc"), null=True, blank=True)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)

    objects = ModelImportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("lần nhập mô hình")
        verbose_name_plural = _("lần nhập mô hình")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["requested_by", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.filename} · {self.requested_by} · {self.created_at:%d/%m/%Y %H:%M}"
