"""Workbook uploads as import jobs (`portal.import_jobs` runs them, as for the petition register);
the import itself is `models_import`, as the official who uploaded the file."""

from __future__ import annotations

from django.utils.translation import gettext as _

from models_registry.importer.report import ImportReport
from models_registry.models import ModelImportJob
from portal.import_jobs import import_job_execute, import_job_store
from portal.import_jobs import import_job_report as _stored_report
from portal.models import User
from portal.services import NotPermitted

# Percent of the progress bar for reading and checking; registering row by row takes the rest.
READING_SHARE = 50


def import_job_create(*, actor: User, upload, dry_run: bool) -> ModelImportJob:
    """Store an uploaded workbook and queue its import."""
    from models_registry.tasks import import_models_task

    if not actor.has_perm("models_registry.add_mobilizationmodel"):
        raise NotPermitted(_("Bạn không có quyền đăng ký mô hình."))
    return import_job_store(
        job_model=ModelImportJob,
        actor=actor,
        upload=upload,
        dry_run=dry_run,
        verb="model.import_requested",
        task=import_models_task,
    )


def import_run(job_id: int) -> ModelImportJob:
    """Run a waiting or failed job, as the official who uploaded it (a repeated task does nothing)."""
    from models_registry.importer.load import models_import

    return import_job_execute(job_model=ModelImportJob, job_id=job_id, run=models_import, reading_share=READING_SHARE)


def import_job_report(job: ModelImportJob) -> ImportReport | None:
    """The report of a finished job, as the importer returned it."""
    return _stored_report(job, ImportReport)
