"""Bulk registration pages: upload a workbook, follow its job, download the template."""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy

from models_registry.importer import import_job_create, import_job_report, import_limits, import_template, open_rounds
from models_registry.models import ModelImportJob
from portal.access import own_rows
from portal.import_jobs import WorkbookUploadForm
from portal.services import DomainError

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ModelImportForm(WorkbookUploadForm):
    file_label = gettext_lazy("Tệp Excel (.xlsx) theo mẫu")


@own_rows
@permission_required("models_registry.add_mobilizationmodel", raise_exception=True)
def import_upload(request):
    """Store the workbook and hand it to a background job; its page shows progress and the report."""
    form = ModelImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = import_job_create(
                actor=request.user, upload=form.cleaned_data["file"], dry_run=form.cleaned_data["dry_run"]
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            return redirect("models_registry:import-job", job_id=job.pk)
    context = {
        "form": form,
        "limits": import_limits(),
        "jobs": ModelImportJob.objects.visible_to(request.user).filter(requested_by=request.user)[:10],
        "rounds": open_rounds(request.user),
    }
    return render(request, "models_registry/import.html", context)


@own_rows
@permission_required("models_registry.add_mobilizationmodel", raise_exception=True)
def import_job(request, job_id: int):
    """A job's progress and report; only the official who uploaded it (or a superuser) sees it."""
    job = get_object_or_404(ModelImportJob.objects.visible_to(request.user), pk=job_id)
    template = "models_registry/import_status.html" if request.htmx else "models_registry/import_job.html"
    return render(request, template, {"job": job, "report": import_job_report(job)})


@own_rows
@permission_required("models_registry.add_mobilizationmodel", raise_exception=True)
def import_template_download(request):
    """The template, listing the rounds open to this official (so it is theirs, not reference data)."""
    response = HttpResponse(import_template(user=request.user), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="mau-dang-ky-mo-hinh.xlsx"'
    return response
