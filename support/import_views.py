"""The activities' Excel import pages: upload a workbook, follow its job, download the template."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy

from portal.access import own_rows, scoped
from portal.import_jobs import WorkbookUploadForm
from portal.services import DomainError
from portal.sheets import import_limits
from support.importer import activities_template, assignments_of, import_job_create, import_job_report
from support.models import SupportImportJob
from support.scoping import REPORT_PERMISSION

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ActivityImportForm(WorkbookUploadForm):
    file_label = gettext_lazy("Tệp Excel (.xlsx) hoạt động hỗ trợ theo mẫu")

    submit = forms.BooleanField(
        label=gettext_lazy("Gửi xã xác nhận ngay sau khi nhập"),
        required=False,
        help_text=gettext_lazy("Không chọn: các hoạt động được lưu ở trạng thái đang soạn để kiểm tra lại."),
    )

    field_order = ["file", "submit", "dry_run"]


def _reporter(request) -> None:
    """Only an assigned agency's officers import activities (the service checks it again)."""
    if not request.user.has_perm(REPORT_PERMISSION) or not assignments_of(request.user):
        raise PermissionDenied


@scoped
def activity_import(request):
    _reporter(request)
    form = ActivityImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = import_job_create(
                actor=request.user,
                upload=form.cleaned_data["file"],
                dry_run=form.cleaned_data["dry_run"],
                submit=form.cleaned_data["submit"],
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            return redirect("support:import-job", pk=job.pk)
    jobs = SupportImportJob.objects.visible_to(request.user)[:10]
    return render(request, "support/import.html", {"form": form, "limits": import_limits(), "jobs": jobs})


@own_rows
def import_job(request, pk: int):
    """A job's progress and report; only the officer who uploaded it (or a superuser) sees it."""
    job = get_object_or_404(SupportImportJob.objects.visible_to(request.user), pk=pk)
    context = {"job": job, "report": import_job_report(job)}
    template = "support/import_status.html" if request.htmx else "support/import_job.html"
    return render(request, template, context)


@scoped
def import_template(request):
    _reporter(request)
    response = HttpResponse(activities_template(user=request.user), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-hoat-dong-ho-tro-xa.xlsx"'
    return response
