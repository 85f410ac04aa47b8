"""Intake pages: registering a petition at the desk, duplicate hints, importing a register file."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from petitions import selectors
from petitions.forms import (
    ImportForm,
    IntakeForm,
    PetitionerFormSet,
)
from petitions.services import (
    PetitionerData,
    petition_receive,
)
from portal.access import own_rows, reference_data, scoped
from portal.services import DomainError


def _intake_agency(user):
    return user.agency


@scoped
@permission_required("petitions.add_petition", raise_exception=True)
def petition_create(request):
    agency = _intake_agency(request.user)
    if agency is None:
        messages.error(request, _("Tài khoản chưa gắn với cơ quan nên chưa thể tiếp nhận đơn."))
        return redirect("petitions:list")
    form = IntakeForm(request.POST or None)
    people = PetitionerFormSet(request.POST or None, prefix="people")
    if request.method == "POST" and form.is_valid() and people.is_valid():
        data = form.cleaned_data
        petitioners = [
            PetitionerData(**{k: v for k, v in p.items() if k in PetitionerData.__dataclass_fields__})
            for p in people.cleaned_data
            if p and p.get("full_name", "").strip()
        ]
        case = None
        if data.get("join_case"):
            case = selectors.case_by_code(request.user, data["join_case"])
            if case is None:
                form.add_error("join_case", _("Không tìm thấy vụ việc có mã này trong địa bàn của bạn."))
        if not form.errors:
            try:
                petition = petition_receive(
                    actor=request.user,
                    receiving_agency=agency,
                    kind=data["kind"],
                    round=data["round"],
                    channel=data["channel"],
                    received_on=data["received_on"],
                    summary=data["summary"],
                    content=data["content"],
                    field=data["field"],
                    subfield=data.get("subfield", ""),
                    petitioners=petitioners,
                    is_anonymous=data["is_anonymous"],
                    has_specific_evidence=data["has_specific_evidence"],
                    case=case,
                    assignees=[request.user],
                )
            except DomainError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Đã tiếp nhận đơn số %(number)s.") % {"number": petition.register_number})
                return redirect("petitions:detail", pk=petition.pk)
    return render(request, "petitions/petition_form.html", {"form": form, "people": people, "agency": agency})


@scoped
@permission_required("petitions.add_petition", raise_exception=True)
def duplicate_suggestions(request):
    """htmx: likely repeats of the petition being typed in (same person, similar content, last 12 months)."""
    candidates = selectors.duplicate_candidates(
        request.user,
        name=request.GET.get("people-0-full_name", ""),
        id_number=request.GET.get("people-0-id_number", ""),
        summary=request.GET.get("summary", ""),
    )
    return render(request, "petitions/_duplicates.html", {"candidates": candidates})


@own_rows
@permission_required("petitions.add_petition", raise_exception=True)
def import_upload(request):
    """Store the register and hand it to a background job; its page shows progress and the report."""
    from petitions.importer import import_limits
    from petitions.importer.jobs import import_job_create
    from petitions.models import ImportJob

    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = import_job_create(
            actor=request.user, upload=form.cleaned_data["file"], dry_run=form.cleaned_data["dry_run"]
        )
        return redirect("petitions:import-job", job_id=job.pk)
    jobs = ImportJob.objects.filter(requested_by=request.user)[:10]
    return render(request, "petitions/import.html", {"form": form, "limits": import_limits(), "jobs": jobs})


@own_rows
@permission_required("petitions.add_petition", raise_exception=True)
def import_job(request, job_id: int):
    """An import job's progress and report; only the official who uploaded it (or a superuser) sees it."""
    from petitions.importer.jobs import import_job_report
    from petitions.models import ImportJob

    job = get_object_or_404(ImportJob.objects.visible_to(request.user), pk=job_id)
    template = "petitions/import_status.html" if request.htmx else "petitions/import_job.html"
    return render(request, template, {"job": job, "report": import_job_report(job)})


@reference_data
@permission_required("petitions.add_petition", raise_exception=True)
def import_template(request):
    from petitions.importer import import_template_xlsx

    response = HttpResponse(
        import_template_xlsx(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-don.xlsx"'
    return response
