"""Uploads become import jobs: the file is stored, a task imports it, the official follows its page.

Every upload is a job, however small: the request only stores the file, so a large workbook never
runs inside a web request, and with Celery eager (development, tests) a job has finished by the time
its page opens. Each app gives its job model, its importer and its task; this module runs them alike.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from django import forms
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.models.imports import ImportJobBase, ImportStatus
from portal.services import audit_record

logger = logging.getLogger(__name__)

STALE_AFTER = dt.timedelta(hours=1)  # a job "running" this long lost its worker (100,000 rows take 2 minutes)

# (rows read so far, fraction of the file read or None)
Progress = Callable[[int, float | None], None]


@dataclass
class ImportReport:
    """What an import did: rows created, rows skipped as already present, or every bad row.

    Errors are (spreadsheet row, column header, message); row 0 stands for the file as a whole.
    """

    created: int = 0
    unchanged: int = 0
    errors: list[tuple[int, str, str]] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def error_lines(self) -> list[str]:
        """Every error as a sentence."""
        lines = []
        for row, column, message in self.errors:
            if row and column:
                lines.append(
                    _("Dòng %(row)s, cột %(column)s: %(message)s") % {"row": row, "column": column, "message": message}
                )
            elif row:
                lines.append(_("Dòng %(row)s: %(message)s") % {"row": row, "message": message})
            else:
                lines.append(message)
        return lines

    def as_json(self) -> dict:
        """What the import job stores and its status page shows."""
        return {
            "ok": self.ok,
            "dry_run": self.dry_run,
            "created": self.created,
            "unchanged": self.unchanged,
            "errors": [list(error) for error in self.errors],
        }

    @classmethod
    def from_json(cls, data: dict) -> ImportReport:
        return cls(
            created=data.get("created", 0),
            unchanged=data.get("unchanged", 0),
            errors=[tuple(error) for error in data.get("errors", [])],
            dry_run=data.get("dry_run", False),
        )


class WorkbookUploadForm(forms.Form):
    """The upload of a workbook to import: .xlsx or CSV within the upload limit (portal.sheets), or a dry run.

    Subclasses name the file (`file_label`) and what to split when it is too large (`too_large`)."""

    file_label = gettext_lazy("Tệp Excel (.xlsx) hoặc CSV (UTF-8)")
    too_large = gettext_lazy("Tệp tối đa %(max)s MB; hãy chia thành nhiều tệp.")

    file = forms.FileField(widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}))
    dry_run = forms.BooleanField(label=gettext_lazy("Chỉ kiểm tra, chưa ghi"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].label = self.file_label

    def clean_file(self):
        from portal.sheets import MAX_UPLOAD_BYTES, MB

        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv)."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(self.too_large % {"max": MAX_UPLOAD_BYTES // MB})
        return upload


@transaction.atomic
def import_job_store(
    *,
    job_model: type[ImportJobBase],
    actor,
    upload,
    dry_run: bool,
    verb: str,
    task,
    fields: dict | None = None,
) -> ImportJobBase:
    """Store an uploaded file as a job, record who asked, and queue `task` after commit (so the worker finds it).

    `fields` are the app's own fields of its job (what the file is imported into)."""
    job = job_model(requested_by=actor, filename=upload.name[:255], dry_run=dry_run, **(fields or {}))
    job.file.save(upload.name, upload, save=False)
    job.save()
    audit_record(
        actor=actor,
        verb=verb,
        target=job,
        unit=actor.scope_unit,
        payload={"file": job.filename, "dry_run": dry_run},
    )
    task.delay_on_commit(job.pk)
    return job


def import_job_execute(
    *,
    job_model: type[ImportJobBase],
    job_id: int,
    run: Callable[..., ImportReport],
    reading_share: int,
) -> ImportJobBase:
    """Run a waiting or failed job; one running or done is left alone, so a repeated task does nothing.

    `run(source=, filename=, actor=, dry_run=, progress=)` is the app's importer, as the official who
    uploaded the file; `reading_share` is the percent of the progress bar its reading and checking take.
    Running again after a failure is safe: an import writes all its rows or none, and skips rows already
    present. A job left "running" by a worker that died is taken up again after STALE_AFTER.
    """
    now = timezone.now()
    claimable = Q(status__in=[ImportStatus.PENDING, ImportStatus.FAILED]) | Q(
        status=ImportStatus.RUNNING, started_at__lt=now - STALE_AFTER
    )
    claimed = (
        job_model.objects.filter(claimable, pk=job_id)
        .exclude(file="")
        .update(status=ImportStatus.RUNNING, progress=1, rows_read=0, error="", started_at=now)
    )
    job = job_model.objects.select_related("requested_by__agency__unit").get(pk=job_id)
    if not claimed:
        return job

    def progress(rows_read: int, fraction: float | None) -> None:
        updates: dict = {"rows_read": rows_read}
        if fraction is not None:
            updates["progress"] = max(1, min(reading_share, round(fraction * reading_share)))
        job_model.objects.filter(pk=job_id).update(**updates)

    try:
        with translation.override(settings.LANGUAGE_CODE), job.file.open("rb") as handle:
            report = run(
                source=handle, filename=job.filename, actor=job.requested_by, dry_run=job.dry_run, progress=progress
            )
    except Exception as error:
        logger.exception("import job %s (%s) failed", job_id, job_model.__name__)
        job_model.objects.filter(pk=job_id).update(status=ImportStatus.FAILED, error=str(error)[:500])
        raise
    job.refresh_from_db(fields=["rows_read"])
    job.report = report.as_json()
    job.status, job.progress, job.finished_at = ImportStatus.DONE, 100, timezone.now()
    job.file.delete(save=False)  # the file holds personal data: keep the report, not the file
    job.save(update_fields=["report", "status", "progress", "finished_at", "file"])
    return job


def import_job_report[ReportT: ImportReport](job: ImportJobBase, report_class: type[ReportT]) -> ReportT | None:
    """The report of a finished job, as the importer returned it."""
    return report_class.from_json(job.report) if job.status == ImportStatus.DONE else None
