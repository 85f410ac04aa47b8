"""Excel import pages: upload a plan's appendix of tasks (or indicator scores), follow its job, download a template."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy

from portal.access import own_rows, scoped
from portal.import_jobs import WorkbookUploadForm
from portal.services import DomainError
from reform.importer import (
    import_job_create,
    import_job_report,
    import_limits,
    indicators_template,
    managed_plans,
    tasks_template,
)
from reform.models import ReformImportJob

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TASKS_PERMISSION = "reform.add_task"
INDICATORS_PERMISSION = "reform.add_indicatorvalue"
PERMISSION_OF = {ReformImportJob.Kind.TASKS: TASKS_PERMISSION, ReformImportJob.Kind.INDICATORS: INDICATORS_PERMISSION}


class TaskImportForm(WorkbookUploadForm):
    file_label = gettext_lazy("Tệp Excel (.xlsx) phụ lục nhiệm vụ theo mẫu")

    plan = forms.ModelChoiceField(label=gettext_lazy("Kế hoạch"), queryset=None, empty_label=None)

    field_order = ["plan", "file", "dry_run"]

    def __init__(self, *args, plans, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans
        self.fields["plan"].label_from_instance = lambda plan: f"{plan.year} · {plan.title} · {plan.unit.name}"


class IndicatorImportForm(WorkbookUploadForm):
    file_label = gettext_lazy("Tệp Excel (.xlsx) điểm chỉ số theo mẫu")


def _recent_jobs(user, kind: str):
    return ReformImportJob.objects.visible_to(user).filter(kind=kind).select_related("plan")[:10]


def _created(request, form, *, kind: str, plan=None):
    try:
        job = import_job_create(
            actor=request.user,
            upload=form.cleaned_data["file"],
            dry_run=form.cleaned_data["dry_run"],
            kind=kind,
            plan=plan,
        )
    except DomainError as error:
        form.add_error(None, str(error))
        return None
    return redirect("reform:import-job", pk=job.pk)


@scoped
@permission_required(TASKS_PERMISSION, raise_exception=True)
def import_tasks(request):
    """Pick one of the plans the official manages, upload its appendix; a background job imports it."""
    plans = managed_plans(request.user)
    initial = {}
    chosen = request.GET.get("plan", "")
    if chosen.isdigit():
        initial["plan"] = plans.filter(pk=int(chosen)).first()
    form = TaskImportForm(request.POST or None, request.FILES or None, plans=plans, initial=initial)
    if request.method == "POST" and form.is_valid():
        if response := _created(request, form, kind=ReformImportJob.Kind.TASKS, plan=form.cleaned_data["plan"]):
            return response
    context = {
        "form": form,
        "limits": import_limits(),
        "has_plans": plans.exists(),
        "selected_plan": initial.get("plan"),
        "jobs": _recent_jobs(request.user, ReformImportJob.Kind.TASKS),
    }
    return render(request, "reform/import.html", context)


@own_rows
@permission_required(INDICATORS_PERMISSION, raise_exception=True)
def import_indicators(request):
    """Upload indicator scores (PAR Index, PAPI, SIPAS) for units of the official's scope."""
    form = IndicatorImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        if response := _created(request, form, kind=ReformImportJob.Kind.INDICATORS):
            return response
    context = {
        "form": form,
        "limits": import_limits(),
        "jobs": _recent_jobs(request.user, ReformImportJob.Kind.INDICATORS),
    }
    return render(request, "reform/import_indicators.html", context)


@own_rows
def import_job(request, pk: int):
    """A job's progress and report; only the official who uploaded it (or a superuser) sees it."""
    job = get_object_or_404(ReformImportJob.objects.visible_to(request.user).select_related("plan"), pk=pk)
    if not request.user.has_perm(PERMISSION_OF.get(job.kind, TASKS_PERMISSION)):
        raise PermissionDenied
    context = {"job": job, "report": import_job_report(job)}
    template = "reform/import_status.html" if request.htmx else "reform/import_job.html"
    return render(request, template, context)


@scoped
def import_template(request):
    """The template: for `?plan=` it lists that plan's areas and agencies; `?kind=indicators` the scores' one."""
    if request.GET.get("kind") == ReformImportJob.Kind.INDICATORS:
        if not request.user.has_perm(INDICATORS_PERMISSION):
            raise PermissionDenied
        content, name = indicators_template(user=request.user), "mau-nhap-chi-so-cchc.xlsx"
    else:
        if not request.user.has_perm(TASKS_PERMISSION):
            raise PermissionDenied
        plan = None
        chosen = request.GET.get("plan", "")
        if chosen:
            plan = managed_plans(request.user).filter(pk=int(chosen) if chosen.isdigit() else 0).first()
            if plan is None:
                raise Http404
        content = tasks_template(user=request.user, plan=plan)
        name = f"mau-phu-luc-nhiem-vu-{plan.year}.xlsx" if plan else "mau-phu-luc-nhiem-vu.xlsx"
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
