"""Register uploads as import jobs (`portal.import_jobs` runs them); the import itself is `petitions_import`."""

from __future__ import annotations

from petitions.importer.report import ImportReport
from petitions.models import ImportJob
from portal.import_jobs import import_job_execute, import_job_store
from portal.import_jobs import import_job_report as _stored_report
from portal.models import User

READING_SHARE = 80  # percent of the progress bar for reading and checking; writing takes the rest


def import_job_create(*, actor: User, upload, dry_run: bool) -> ImportJob:
    """Store an uploaded register and queue its import."""
    from petitions.tasks import import_petitions_task

    return import_job_store(
        job_model=ImportJob,
        actor=actor,
        upload=upload,
        dry_run=dry_run,
        verb="import.requested",
        task=import_petitions_task,
    )


def import_job_run(*, job_id: int) -> ImportJob:
    """Run a waiting or failed job, as the official who uploaded it (a repeated task does nothing)."""
    from petitions.importer import petitions_import

    return import_job_execute(job_model=ImportJob, job_id=job_id, run=petitions_import, reading_share=READING_SHARE)


def import_job_report(job: ImportJob) -> ImportReport | None:
    """The report of a finished job, as the importer returned it."""
    return _stored_report(job, ImportReport)
