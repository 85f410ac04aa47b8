"""Workbook uploads as import jobs (`portal.import_jobs` runs them, as for the petition register): the import
itself is `tasks_import` into the job's plan, or `indicators_import`, as the official who uploaded the file."""

from __future__ import annotations

from functools import partial

from django.utils.translation import gettext as _

from portal.import_jobs import import_job_execute, import_job_store
from portal.import_jobs import import_job_report as _stored_report
from portal.models import User
from portal.services import DomainError, NotPermitted
from reform.importer.load import indicators_import_checked, plan_import_checked
from reform.importer.report import ImportReport
from reform.models import Plan, ReformImportJob

# Percent of the progress bar for reading and checking; writing row by row takes the rest.
READING_SHARE = 50


def import_job_create(*, actor: User, upload, dry_run: bool, kind: str, plan: Plan | None = None) -> ReformImportJob:
    """Store an uploaded workbook and queue its import: a plan's tasks (the plan's managers only), or scores."""
    from reform.tasks import import_reform_task

    if kind == ReformImportJob.Kind.TASKS:
        if plan is None:
            raise DomainError(_("Hãy chọn kế hoạch để nhập nhiệm vụ."))
        plan = plan_import_checked(actor, plan)
    elif kind == ReformImportJob.Kind.INDICATORS:
        indicators_import_checked(actor)
        plan = None
    else:
        raise NotPermitted(_("Loại tệp nhập không hợp lệ."))
    return import_job_store(
        # The shared job stores the uploader, file and dry run; what the file is for is ours to add.
        job_model=ReformImportJob,
        fields={"kind": kind, "plan": plan},
        actor=actor,
        upload=upload,
        dry_run=dry_run,
        verb="reform.import_requested",
        task=import_reform_task,
    )


def import_run(job_id: int) -> ReformImportJob:
    """Run a waiting or failed job, as the official who uploaded it (a repeated task does nothing)."""
    from reform.importer.load import indicators_import, tasks_import

    kind, plan_id = ReformImportJob.objects.values_list("kind", "plan_id").get(pk=job_id)
    importer = partial(tasks_import, plan=plan_id) if kind == ReformImportJob.Kind.TASKS else indicators_import

    def run(**kwargs) -> ImportReport:
        try:
            return importer(**kwargs)
        except DomainError as error:  # e.g. the official no longer manages the plan: the report says so
            return ImportReport(dry_run=kwargs.get("dry_run", False), errors=[(0, "", str(error))])

    return import_job_execute(job_model=ReformImportJob, job_id=job_id, run=run, reading_share=READING_SHARE)


def import_job_report(job: ReformImportJob) -> ImportReport | None:
    """The report of a finished job, as the importer returned it."""
    return _stored_report(job, ImportReport)
