"""Uploads become import jobs: the file is stored, a task imports it, the official follows its page.

Every upload is a job, however small: the request only stores the file, so a large register never
runs inside a web request, and with Celery eager (development, tests) a job has finished by the
time its page opens. The import itself is `petitions_import`, as the official who uploaded it.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation

from petitions.importer.report import ImportReport
from petitions.models import ImportJob, ImportStatus
from portal.models import User
from portal.services import audit_record

logger = logging.getLogger(__name__)

READING_SHARE = 80  # percent of the progress bar for reading and checking; writing takes the rest
STALE_AFTER = dt.timedelta(hours=1)  # a job "running" this long lost its worker (100,000 rows take 2 minutes)


@transaction.atomic
def import_job_create(*, actor: User, upload, dry_run: bool) -> ImportJob:
    """Store an uploaded register and queue its import (after commit, so the worker finds the row)."""
    job = ImportJob(requested_by=actor, filename=upload.name[:255], dry_run=dry_run)
    job.file.save(upload.name, upload, save=False)
    job.save()
    audit_record(
        actor=actor,
        verb="import.requested",
        target=job,
        unit=actor.scope_unit,
        payload={"file": job.filename, "dry_run": dry_run},
    )
    from petitions.tasks import import_petitions_task

    import_petitions_task.delay_on_commit(job.pk)
    return job


def import_job_run(*, job_id: int) -> ImportJob:
    """Run a waiting or failed job; one running or done is left alone, so a repeated task does nothing.

    Running it again after a failure is safe: an import writes all its rows or none, and skips rows
    already present. A job left "running" by a worker that died is taken up again after STALE_AFTER.
    """
    from petitions.importer import petitions_import

    now = timezone.now()
    claimable = Q(status__in=[ImportStatus.PENDING, ImportStatus.FAILED]) | Q(
        status=ImportStatus.RUNNING, started_at__lt=now - STALE_AFTER
    )
    claimed = (
        ImportJob.objects.filter(claimable, pk=job_id)
        .exclude(file="")
        .update(status=ImportStatus.RUNNING, progress=1, rows_read=0, error="", started_at=now)
    )
    job = ImportJob.objects.select_related("requested_by__agency__unit").get(pk=job_id)
    if not claimed:
        return job

    def progress(rows_read: int, fraction: float | None) -> None:
        updates: dict = {"rows_read": rows_read}
        if fraction is not None:
            updates["progress"] = max(1, min(READING_SHARE, round(fraction * READING_SHARE)))
        ImportJob.objects.filter(pk=job_id).update(**updates)

    try:
        with translation.override(settings.LANGUAGE_CODE), job.file.open("rb") as handle:
            report = petitions_import(
                source=handle,
                filename=job.filename,
                actor=job.requested_by,
                dry_run=job.dry_run,
                progress=progress,
            )
    except Exception as error:
        logger.exception("import job %s failed", job_id)
        ImportJob.objects.filter(pk=job_id).update(status=ImportStatus.FAILED, error=str(error)[:500])
        raise
    job.refresh_from_db(fields=["rows_read"])
    job.report = report.as_json()
    job.status, job.progress, job.finished_at = ImportStatus.DONE, 100, timezone.now()
    job.file.delete(save=False)  # the register holds personal data: keep the report, not the file
    job.save(update_fields=["report", "status", "progress", "finished_at", "file"])
    return job


def import_job_report(job: ImportJob) -> ImportReport | None:
    """The report of a finished job, as the importer returned it."""
    return ImportReport.from_json(job.report) if job.status == ImportStatus.DONE else None
