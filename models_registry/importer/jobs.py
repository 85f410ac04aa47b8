"""Uploads become import jobs: the file is stored, a task imports it, the official follows its page.

As with the petition import, every upload is a job however small, so a province's workbook never
runs inside a web request; with Celery eager (development, tests) a job has finished by the time
its page opens. The import itself is `models_import`, as the official who uploaded the file.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from models_registry.importer.report import ImportReport
from models_registry.models import ImportStatus, ModelImportJob
from portal.models import User
from portal.services import NotPermitted, audit_record

logger = logging.getLogger(__name__)

# Percent of the progress bar for reading and checking; registering row by row takes the rest.
READING_SHARE = 50
STALE_AFTER = dt.timedelta(hours=1)  # a job "running" this long lost its worker


@transaction.atomic
def import_job_create(*, actor: User, upload, dry_run: bool) -> ModelImportJob:
    """Store an uploaded workbook and queue its import (after commit, so the worker finds the row)."""
    if not actor.has_perm("models_registry.add_mobilizationmodel"):
        raise NotPermitted(_("Bạn không có quyền đăng ký mô hình."))
    job = ModelImportJob(requested_by=actor, filename=upload.name[:255], dry_run=dry_run)
    job.file.save(upload.name, upload, save=False)
    job.save()
    audit_record(
        actor=actor,
        verb="model.import_requested",
        target=job,
        unit=actor.scope_unit,
        payload={"file": job.filename, "dry_run": dry_run},
    )
    from models_registry.tasks import import_models_task

    import_models_task.delay_on_commit(job.pk)
    return job


def import_run(job_id: int) -> ModelImportJob:
    """Run a waiting or failed job; one running or done is left alone, so a repeated task does nothing.

    Running it again after a failure is safe: an import registers all its rows or none, and skips
    rows already registered. A job left "running" by a worker that died is taken up after STALE_AFTER.
    """
    from models_registry.importer.load import models_import

    now = timezone.now()
    claimable = Q(status__in=[ImportStatus.PENDING, ImportStatus.FAILED]) | Q(
        status=ImportStatus.RUNNING, started_at__lt=now - STALE_AFTER
    )
    claimed = (
        ModelImportJob.objects.filter(claimable, pk=job_id)
        .exclude(file="")
        .update(status=ImportStatus.RUNNING, progress=1, rows_read=0, error="", started_at=now)
    )
    job = ModelImportJob.objects.select_related("requested_by__agency__unit").get(pk=job_id)
    if not claimed:
        return job

    def progress(rows_read: int, fraction: float | None) -> None:
        updates: dict = {"rows_read": rows_read}
        if fraction is not None:
            updates["progress"] = max(1, min(READING_SHARE, round(fraction * READING_SHARE)))
        ModelImportJob.objects.filter(pk=job_id).update(**updates)

    try:
        with translation.override(settings.LANGUAGE_CODE), job.file.open("rb") as handle:
            report = models_import(
                source=handle, filename=job.filename, actor=job.requested_by, dry_run=job.dry_run, progress=progress
            )
    except Exception as error:
        logger.exception("model import job %s failed", job_id)
        ModelImportJob.objects.filter(pk=job_id).update(status=ImportStatus.FAILED, error=str(error)[:500])
        raise
    job.refresh_from_db(fields=["rows_read"])
    job.report = report.as_json()
    job.status, job.progress, job.finished_at = ImportStatus.DONE, 100, timezone.now()
    job.file.delete(save=False)  # the workbook names individuals: keep the report, not the file
    job.save(update_fields=["report", "status", "progress", "finished_at", "file"])
    return job


def import_job_report(job: ModelImportJob) -> ImportReport | None:
    """The report of a finished job, as the importer returned it."""
    return ImportReport.from_json(job.report) if job.status == ImportStatus.DONE else None
