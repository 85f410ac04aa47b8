"""What every upload-and-import job has: the file's owner, status, progress and the report it left.

Apps that import workbooks (the petition register, bulk model registrations) make a concrete job from
`ImportJobBase`, adding the file field (each stores under its own folder); `portal.import_jobs` runs them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("Đang chờ")
    RUNNING = "running", _("Đang nhập")
    DONE = "done", _("Hoàn thành")
    FAILED = "failed", _("Lỗi")


class ImportJobQuerySet(models.QuerySet):
    def visible_to(self, user) -> ImportJobQuerySet:
        """A job is the uploader's own (its report quotes rows of their file); superusers see all."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        return self if user.is_superuser else self.filter(requested_by=user)


class ImportJobBase(models.Model):
    """A file an official uploaded, imported by a background task; its report is kept for them.

    The stored file is deleted once the import has run (it holds personal data); a job that failed
    keeps it so that the task can be run again.
    """

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người nhập"), on_delete=models.CASCADE, related_name="+"
    )
    filename = models.CharField(_("tên tệp"), max_length=255)
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

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.filename} · {self.requested_by} · {self.created_at:%d/%m/%Y %H:%M}"


def import_path(folder: str, instance: ImportJobBase, filename: str) -> str:
    """Where an uploaded file is stored: not under its uploaded name, which may carry a person's name
    (it is kept in `filename` anyway)."""
    import uuid

    extension = filename.rsplit(".", 1)[-1].lower()
    extension = extension if extension in ("xlsx", "csv") else "bin"
    return f"{folder}{instance.requested_by_id}/{uuid.uuid4().hex}.{extension}"
