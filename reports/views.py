"""Dashboards for leaders: province, district, commune; each number drills down to its records."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.access import own_rows, scoped
from portal.models import AdministrativeUnit, Agency
from portal.pagination import querystring_without_page
from portal.scoping import unit_in_scope
from portal.services import DomainError, NotFound
from reports import registry
from reports.engine import predecessor_provinces
from reports.exports import LIST_EXPORT, export_downloaded, export_request
from reports.filtersets import ExportJobFilterSet, export_kinds
from reports.models import ExportJob, ExportStatus
from reports.periods import Period, parse_period, period_asked
from reports.selectors import dashboard
from reports.services import report_lock_period

PERIOD_CHOICES = ["", "H1", "H2", "9M", "Q1", "Q2", "Q3", "Q4"]
EXPORTS_PAGE_SIZE = 30


class DashboardPeriodForm(forms.Form):
    """The dashboard's period: a year and an optional part, or a from/to range (the National Assembly's year)."""

    year = forms.CharField(required=False)
    part = forms.CharField(required=False)

    def __init__(self, data):
        super().__init__(data)
        # "from" and "to" are the names in the URL; neither can be a class attribute.
        self.fields["from"] = forms.CharField(required=False)
        self.fields["to"] = forms.CharField(required=False)

    def clean(self):
        data = super().clean()
        part = data.get("part", "")
        year = data.get("year") or default_period().key  # nothing asked: the current year, up to today
        try:
            if data.get("from") or data.get("to"):
                data["period"] = period_asked(date_from=data.get("from"), date_to=data.get("to"))
            else:
                data["period"] = period_asked(period=f"{year}-{part}" if part else year)
        except DomainError as error:
            raise forms.ValidationError(str(error)) from error
        return data


def default_period() -> Period:
    """What a dashboard opens on: the current year, whose figures run from 1 January to today.

    It is the standard period of the year (the snapshot the nightly job keeps), not a range ending
    today: no record is dated after today, so both hold the same figures.
    """
    return parse_period(period=str(timezone.localdate().year))


def breadcrumbs(user, unit: AdministrativeUnit) -> list[dict]:
    """The units above `unit`, each a link only if the user may open its dashboard (those above the
    user's own unit are named, not linked: their dashboard would answer 404)."""
    return [{"unit": ancestor, "link": unit_in_scope(user, ancestor)} for ancestor in unit.ancestors()]


@scoped
def dashboard_view(request, unit_id: int | None = None, agency_id: int | None = None):
    user = request.user
    agency = None
    if agency_id is not None:  # an agency's dashboard: what that agency handles and receives
        agency = get_object_or_404(Agency.objects.select_related("unit"), pk=agency_id)
        unit_id = agency.unit_id
    if unit_id is None:
        unit = user.scope_unit or AdministrativeUnit.objects.filter(parent=None).order_by("path").first()
    else:
        unit = get_object_or_404(AdministrativeUnit, pk=unit_id)
    if unit is None or not unit_in_scope(user, unit):
        raise Http404
    form = DashboardPeriodForm(request.GET)
    if form.is_valid():
        period, part = form.cleaned_data["period"], form.cleaned_data["part"]
    else:  # the message shows in the filter form, over the figures the dashboard opens on
        period, part = default_period(), ""
    today = timezone.localdate()
    predecessors = predecessor_provinces(unit)
    with_legacy = bool(predecessors) and request.GET.get("legacy") == "1"
    board = dashboard(unit, period, user=user, with_legacy=with_legacy, agency=agency)
    return render(
        request,
        "reports/dashboard.html",
        {
            "board": board,  # its panels come from the registered report families
            "unit": unit,
            "agency": agency,
            "agencies": Agency.objects.filter(unit=unit, is_active=True).order_by("kind", "name"),
            "breadcrumbs": breadcrumbs(user, unit),
            "year": period.start.year,
            "part": part,
            "parts": PERIOD_CHOICES,
            "years": range(today.year, 2019, -1),
            "forms": [(key, export.label) for key, export in registry.exports().items() if export.per_period],
            "predecessors": predecessors,
            "period_closed": period.end < today,
            "until_today": today if period.start <= today <= period.end else None,  # a period still running
            "mq": f"&metric_from={period.start.isoformat()}&metric_to={period.end.isoformat()}",
            "custom_from": request.GET.get("from", ""),
            "custom_to": request.GET.get("to", ""),
            "period_form": form,
            "with_legacy": with_legacy,
        },
    )


@scoped
@require_POST
def export_form(request, unit_id: int):
    unit = get_object_or_404(AdministrativeUnit, pk=unit_id)
    period = request.POST.get("year", "") + (f"-{request.POST['part']}" if request.POST.get("part") else "")
    try:
        job = export_request(
            actor=request.user, unit=unit, kind=request.POST.get("form", ""), params={"period": period}
        )
    except NotFound as error:
        raise Http404 from error  # outside the scope, as the dashboard of that unit answers
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("reports:dashboard")
    return redirect("reports:export", job_id=job.pk)


@scoped
@require_POST
def export_list(request, kind: str = LIST_EXPORT):
    """Export the list on screen (same FilterSet, same query string) for the official's scope."""
    unit = request.user.scope_unit
    if unit is None:
        raise Http404
    job = export_request(
        actor=request.user, unit=unit, kind=kind, params={"querystring": request.POST.get("querystring", "")}
    )
    return redirect("reports:export", job_id=job.pk)


@scoped
@require_POST
def export_declared_list(request):
    """Export a list a later app declared in its report family; the form posts the export's `kind`."""
    export = registry.export(request.POST.get("kind", ""))
    if export is None or export.per_period:
        raise Http404  # lists only: an official form is asked for from a dashboard, for a unit and a period
    if export.permission and not request.user.has_perm(export.permission):
        raise PermissionDenied
    return export_list(request, kind=export.key)


def _own_job(request, job_id: int) -> ExportJob:
    return get_object_or_404(ExportJob.objects.select_related("unit"), pk=job_id, requested_by=request.user)


@own_rows
def export_status(request, job_id: int):
    job = _own_job(request, job_id)
    template = "reports/_export_status.html" if request.htmx else "reports/export.html"
    return render(request, template, {"job": job, "done": job.status == ExportStatus.DONE})


@own_rows
def export_history(request):
    """The official's own exports, newest first, filtered and paged like every list."""
    mine = ExportJob.objects.filter(requested_by=request.user).select_related("unit")
    filterset = ExportJobFilterSet(request.GET or None, queryset=mine, request=request)
    page = Paginator(filterset.qs, EXPORTS_PAGE_SIZE).get_page(request.GET.get("page"))
    labels = dict(export_kinds())
    for job in page:
        job.label = labels.get(job.kind, job.kind)  # an export whose family is gone keeps its key
    return render(
        request,
        "reports/export_list.html",
        {"filterset": filterset, "page": page, "querystring": querystring_without_page(request)},
    )


@own_rows
def export_download(request, job_id: int):
    job = _own_job(request, job_id)
    if job.status != ExportStatus.DONE or not job.file:
        raise Http404
    export_downloaded(actor=request.user, job=job)
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=job.file.name.rsplit("/", 1)[-1])


@scoped
@require_POST
def lock_period(request, unit_id: int):
    """A leader signs off a closed period: its figures are frozen."""
    unit = get_object_or_404(AdministrativeUnit, pk=unit_id)
    if not unit_in_scope(request.user, unit) or not request.user.has_perm("reports.change_reportsnapshot"):
        raise Http404
    year, part = request.POST.get("year", ""), request.POST.get("part", "")
    try:
        period = period_asked(period=f"{year}-{part}" if part else year)
        report_lock_period(actor=request.user, unit=unit, period=period)
        messages.success(request, _("Đã khóa số liệu kỳ %(period)s.") % {"period": period.key})
    except DomainError as error:
        messages.error(request, str(error))
    return redirect(f"{reverse('reports:unit-dashboard', args=[unit.pk])}?{urlencode({'year': year, 'part': part})}")
