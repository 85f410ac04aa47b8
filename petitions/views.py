"""HTML pages for petitions: thin — parse input, call a selector or a service, render."""

from __future__ import annotations

import datetime as dt
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from petitions import approvals, enforcement, selectors, verification
from petitions.actions import ACTIONS, available_actions
from petitions.approvals import needs_approval, proposal_submit, proposals_approve_batch
from petitions.choices import OPEN_STATUSES, DeadlineState, Kind, Status
from petitions.deadlines import explain_step, state_of
from petitions.filtersets import PetitionFilterSet
from petitions.forms import (
    DocumentForm,
    ImportForm,
    IntakeForm,
    MeasureForm,
    MeasureReportForm,
    PetitionerFormSet,
    SavedFilterForm,
    VerificationAssignForm,
    VerificationStepForm,
    offer_verifiers,
)
from petitions.models import Petition, PetitionDocument, Proposal, SavedFilter
from petitions.services import PetitionerData, petition_document_add, petition_receive
from portal.audit_labels import label_for
from portal.filtersets import offer_scope_units
from portal.models import AuditEvent
from portal.pagination import querystring_without_page
from portal.services import DomainError
from portal.workcalendar import WorkCalendar

PAGE_SIZE = 25


@login_required
@permission_required("petitions.view_petition", raise_exception=True)
def petition_list(request):
    filterset = PetitionFilterSet(
        request.GET or None, queryset=selectors.petitions_visible(request.user), request=request
    )
    offer_scope_units(filterset)  # the HTML list offers the official's own units; the API takes ids
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "petitions/petition_list.html",
        {
            "filterset": filterset,
            "page": page,
            "querystring": querystring_without_page(request),
            "saved_filters": SavedFilter.objects.filter(owner=request.user),
            "save_form": SavedFilterForm(initial={"querystring": querystring_without_page(request)}),
        },
    )


@login_required
@permission_required("petitions.view_petition", raise_exception=True)
def my_work(request):
    petitions = selectors.my_work(request.user)
    page = Paginator(petitions, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = {state: 0 for state in DeadlineState}
    counts.update({row["deadline_state"]: row["n"] for row in selectors.my_work_counts(request.user)})
    returned = Proposal.objects.filter(
        submitted_by=request.user, status__in=["returned", "rejected"], petition__status__in=OPEN_STATUSES
    ).select_related("petition", "decided_by")
    return render(
        request,
        "petitions/my_work.html",
        {
            "page": page,
            "counts": counts,
            "querystring": "",
            "returned": returned[:20],
            "labels": {k: a.label for k, a in ACTIONS.items()},
        },
    )


def _intake_agency(user):
    return user.agency


@login_required
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


@login_required
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


@login_required
@permission_required("petitions.view_petition", raise_exception=True)
def petition_detail(request, pk: int):
    petition = selectors.petition_for(request.user, pk)
    calendar = WorkCalendar()
    today = timezone.localdate()
    deadlines = [
        {
            "event": item["event"],
            "due": dt.date.fromisoformat(item["due"]),
            "rule_name": item["rule_name"],
            "legal_basis": item["legal_basis"],
            "steps": [explain_step(step) for step in item["steps"]],
        }
        for item in petition.deadlines.values()
    ]
    show_identity = request.GET.get("show") == "identity" or not petition.is_confidential
    may_see_identity = selectors.identity_visible(request.user, petition)
    petitioners = selectors.petitioners_shown(request.user, petition) if show_identity else None
    documents = petition.documents.all()
    if not may_see_identity:
        documents = documents.filter(confidential=False)
    events = AuditEvent.objects.filter(
        target_type=ContentType.objects.get_for_model(Petition), target_id=str(petition.pk)
    ).select_related("actor")
    timeline = [
        {
            "at": e.created_at,
            "actor": e.actor,
            "label": label_for(e.verb),
            "before": _status_label(e.before),
            "after": _status_label(e.after),
        }
        for e in events.order_by("created_at", "id")
    ]
    actions = [
        (a, a.form(initial={"version": petition.version}, prefix=a.name))
        for a in available_actions(request.user, petition)
    ]
    for action, action_form in actions:
        if action.prepare:
            action.prepare(action_form, petition)
    proposing = {a.name for a, _f in actions if needs_approval(request.user, petition, a.name)}
    return render(
        request,
        "petitions/petition_detail.html",
        {
            "petition": petition,
            "deadlines": deadlines,
            "petitioners": petitioners,
            "may_see_identity": may_see_identity,
            "show_identity": show_identity,
            "deadline_state": state_of(petition.deadline, today=today, calendar=calendar),
            "documents": documents,
            "timeline": timeline,
            "actions": actions,
            "case_petitions": petition.case.petitions.exclude(pk=petition.pk).order_by("received_on")[:20],
            "document_form": DocumentForm() if request.user.has_perm("petitions.change_petition") else None,
            "Kind": Kind,
            "proposing": proposing,
            "verifications": petition.verifications.select_related("agency", "lead").prefetch_related(
                "members", "steps__step"
            ),
            "verification_form": _verification_form(request.user, petition),
            "step_form": VerificationStepForm(prefix="vstep")
            if request.user.has_perm("petitions.change_petition")
            and petition.verifications.filter(concluded_on__isnull=True).exists()
            else None,
            "measures": [
                (
                    m,
                    MeasureReportForm(
                        prefix=f"m{m.pk}", initial={"done_amount": m.done_amount, "done_on": m.done_on, "note": m.note}
                    ),
                )
                for m in petition.measures.all()
            ],
            "measure_form": MeasureForm(prefix="measure")
            if request.user.has_perm("petitions.change_petition") and petition.settled_on
            else None,
            "proposals": petition.proposals.select_related("submitted_by", "decided_by"),
            "action_labels": {k: a.label for k, a in ACTIONS.items()},
            "can_decide": {
                p.pk
                for p in petition.proposals.all()
                if p.status == "submitted" and approvals.may_approve(request.user, petition, p.step)
            },
            "settled_on_time": bool(
                petition.settled_on and petition.settlement_due and petition.settled_on <= petition.settlement_due
            ),
        },
    )


def _status_label(value: str) -> str:
    return Status(value).label if value in Status.values else value


@login_required
@require_POST
def petition_action(request, pk: int, action: str):
    """One workflow step; who may take it is decided by `available_actions` (and again by the service)."""
    petition = selectors.petition_for(request.user, pk)
    spec = ACTIONS.get(action)
    if spec is not None and spec.allowed is None and not request.user.has_perm("petitions.change_petition"):
        raise PermissionDenied
    if spec is None or spec not in available_actions(request.user, petition):
        raise Http404
    form = spec.form(request.POST, prefix=spec.name)
    if spec.prepare:
        spec.prepare(form, petition)
    if not form.is_valid():
        errors = "; ".join(
            f"{form.fields[k].label if k in form.fields else ''}: {' '.join(v)}".strip(": ")
            for k, v in form.errors.items()
        )
        messages.error(
            request, _("Chưa thực hiện được “%(action)s”: %(errors)s") % {"action": spec.label, "errors": errors}
        )
        return redirect("petitions:detail", pk=pk)
    try:
        if needs_approval(request.user, petition, spec.name):
            proposal_submit(
                actor=request.user,
                petition=petition,
                step=spec.name,
                cleaned=form.cleaned_data,
                note=request.POST.get("proposal_note", ""),
                draft=request.FILES.get("draft"),
            )
            messages.success(request, _("Đã trình lãnh đạo duyệt: %(action)s.") % {"action": spec.label})
            return redirect("petitions:detail", pk=pk)
        result = spec.run(request.user, petition, form.cleaned_data)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("petitions:detail", pk=pk)
    messages.success(request, _("Đã thực hiện: %(action)s.") % {"action": spec.label})
    return redirect("petitions:detail", pk=result.pk)


@login_required
@permission_required("petitions.view_petition", raise_exception=True)
def approval_queue(request):
    """The approver's queue, most urgent first; routine proposals can be approved together."""
    if request.method == "POST":
        ids = [int(i) for i in request.POST.getlist("proposal") if re.fullmatch(r"[0-9]{1,18}", i)]
        approved, errors = proposals_approve_batch(actor=request.user, proposal_ids=ids)
        if approved:
            messages.success(request, _("Đã duyệt %(n)s tờ trình.") % {"n": approved})
        for error in errors:
            messages.error(request, error)
        return redirect("petitions:approvals")
    queue = with_deadline_state_for_proposals(approvals.approval_queue(request.user))
    return render(
        request, "petitions/approvals.html", {"queue": queue, "labels": {k: a.label for k, a in ACTIONS.items()}}
    )


@login_required
@require_POST
def proposal_decide(request, proposal_id: int, decision: str):
    comments = request.POST.get("comments", "")
    decide = {
        "approve": approvals.proposal_approve,
        "return": approvals.proposal_return,
        "reject": approvals.proposal_reject,
    }.get(decision)
    visible = Proposal.objects.filter(pk=proposal_id, petition__in=Petition.objects.visible_to(request.user))
    if decide is None or not visible.exists():
        raise Http404  # a proposal on a petition outside the scope looks like a missing one
    next_url = request.POST.get("next", "")
    if not next_url.startswith("/") or next_url.startswith("//"):
        next_url = ""  # only paths of this site
    try:
        proposal = decide(actor=request.user, proposal_id=proposal_id, comments=comments)
        messages.success(
            request,
            _("Tờ trình đơn %(number)s: %(status)s.")
            % {"number": proposal.petition.register_number, "status": proposal.get_status_display()},
        )
    except Proposal.DoesNotExist as error:
        raise Http404 from error
    except DomainError as error:
        messages.error(request, str(error))
    return redirect(next_url or "petitions:approvals")


def with_deadline_state_for_proposals(queue):
    today = timezone.localdate()
    calendar = WorkCalendar()
    rows = list(queue)
    for proposal in rows:
        proposal.deadline_state = state_of(proposal.petition.deadline, today=today, calendar=calendar)
        proposal.waiting = timezone.now() - proposal.submitted_at
    return rows


@login_required
@permission_required("petitions.change_petition", raise_exception=True)
@require_POST
def document_upload(request, pk: int):
    petition = selectors.petition_for(request.user, pk)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            petition_document_add(
                actor=request.user,
                petition_id=petition.pk,
                uploaded_file=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
                doc_type=form.cleaned_data["doc_type"],
                confidential=form.cleaned_data["confidential"],
            )
            messages.success(request, _("Đã tải lên tài liệu."))
        except DomainError as error:
            messages.error(request, str(error))
    else:
        messages.error(request, _("Tài liệu chưa hợp lệ: %(errors)s") % {"errors": form.errors.as_text()})
    return redirect("petitions:detail", pk=pk)


@login_required
@permission_required("petitions.view_petition", raise_exception=True)
def document_download(request, pk: int, document_id: int):
    petition = selectors.petition_for(request.user, pk)
    document = get_object_or_404(PetitionDocument, pk=document_id, petition=petition)
    if document.confidential and not selectors.identity_visible(request.user, petition):
        raise Http404
    if document.confidential:
        selectors.petition_identity_viewed(actor=request.user, petition=petition)
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.file.name.rsplit("/", 1)[-1])


@login_required
@require_POST
def saved_filter_create(request):
    form = SavedFilterForm(request.POST)
    if form.is_valid():
        SavedFilter.objects.update_or_create(
            owner=request.user,
            name=form.cleaned_data["name"],
            defaults={"querystring": form.cleaned_data["querystring"]},
        )
        messages.success(request, _("Đã lưu bộ lọc."))
    return redirect(f"{reverse('petitions:list')}?{form.data.get('querystring', '')}")


@login_required
@require_POST
def saved_filter_delete(request, filter_id: int):
    SavedFilter.objects.filter(owner=request.user, pk=filter_id).delete()
    return redirect("petitions:list")


@login_required
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


@login_required
@permission_required("petitions.add_petition", raise_exception=True)
def import_job(request, job_id: int):
    """An import job's progress and report; only the official who uploaded it (or a superuser) sees it."""
    from petitions.importer.jobs import import_job_report
    from petitions.models import ImportJob

    job = get_object_or_404(ImportJob.objects.visible_to(request.user), pk=job_id)
    template = "petitions/import_status.html" if request.htmx else "petitions/import_job.html"
    return render(request, template, {"job": job, "report": import_job_report(job)})


@login_required
@permission_required("petitions.add_petition", raise_exception=True)
def import_template(request):
    from petitions.importer import import_template_xlsx

    response = HttpResponse(
        import_template_xlsx(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-don.xlsx"'
    return response


@login_required
@permission_required("petitions.view_petition", raise_exception=True)
def proposal_draft(request, proposal_id: int):
    proposal = get_object_or_404(Proposal, pk=proposal_id)
    petition = selectors.petition_for(request.user, proposal.petition_id)
    if not proposal.draft or (petition.is_confidential and not selectors.identity_visible(request.user, petition)):
        raise Http404
    return FileResponse(proposal.draft.open("rb"), as_attachment=True, filename=proposal.draft.name.rsplit("/", 1)[-1])


@login_required
@permission_required("petitions.change_petition", raise_exception=True)
@require_POST
def measure_add(request, pk: int):
    petition = selectors.petition_for(request.user, pk)
    form = MeasureForm(request.POST, prefix="measure")
    if not form.is_valid():
        messages.error(request, _("Biện pháp chưa hợp lệ: %(errors)s") % {"errors": form.errors.as_text()})
        return redirect("petitions:detail", pk=pk)
    try:
        enforcement.measure_add(
            actor=request.user,
            petition=petition,
            **{**form.cleaned_data, "ordered_amount": form.cleaned_data.get("ordered_amount") or 0},
        )
        messages.success(request, _("Đã thêm biện pháp thi hành."))
    except DomainError as error:
        messages.error(request, str(error))
    return redirect("petitions:detail", pk=pk)


@login_required
@permission_required("petitions.change_petition", raise_exception=True)
@require_POST
def measure_report(request, pk: int, measure_id: int):
    petition = selectors.petition_for(request.user, pk)
    get_object_or_404(petition.measures, pk=measure_id)
    form = MeasureReportForm(request.POST, prefix=f"m{measure_id}")
    if not form.is_valid():
        messages.error(request, _("Kết quả chưa hợp lệ: %(errors)s") % {"errors": form.errors.as_text()})
        return redirect("petitions:detail", pk=pk)
    try:
        enforcement.measure_report(actor=request.user, measure_id=measure_id, **form.cleaned_data)
        messages.success(request, _("Đã cập nhật kết quả thi hành."))
    except DomainError as error:
        messages.error(request, str(error))
    return redirect("petitions:detail", pk=pk)


@login_required
@require_POST
def verification_assign(request, pk: int):
    """The head (or a designated deputy) gives the case to a verifying team; the service decides who may."""
    petition = selectors.petition_for(request.user, pk)
    form = VerificationAssignForm(request.POST, prefix="verification")
    offer_verifiers(form, petition)
    if not form.is_valid():
        messages.error(request, _("Chưa giao được xác minh: %(errors)s") % {"errors": form.errors.as_text()})
        return redirect("petitions:detail", pk=pk)
    try:
        verification.verification_assign(actor=request.user, petition=petition, **form.cleaned_data)
        messages.success(request, _("Đã giao xác minh."))
    except DomainError as error:
        messages.error(request, str(error))
    return redirect("petitions:detail", pk=pk)


@login_required
@permission_required("petitions.change_petition", raise_exception=True)
@require_POST
def verification_step(request, pk: int):
    petition = selectors.petition_for(request.user, pk)
    current = petition.verifications.filter(concluded_on__isnull=True).first()
    form = VerificationStepForm(request.POST, request.FILES, prefix="vstep")
    if current is None or not form.is_valid():
        messages.error(request, _("Chưa ghi được bước xác minh: %(errors)s") % {"errors": form.errors.as_text()})
        return redirect("petitions:detail", pk=pk)
    try:
        data = form.cleaned_data
        verification.verification_step_record(
            actor=request.user,
            verification=current,
            step_code=data["step"],
            happened_on=data["happened_on"],
            minutes=data["minutes"],
            document=data.get("document"),
        )
        messages.success(request, _("Đã ghi bước xác minh."))
    except DomainError as error:
        messages.error(request, str(error))
    return redirect("petitions:detail", pk=pk)


def _verification_form(user, petition):
    from petitions.authority import VERIFICATION_STEP, may_decide

    if petition.status not in (Status.ACCEPTED, Status.VERIFYING) or not may_decide(user, petition, VERIFICATION_STEP):
        return None
    if petition.verifications.filter(concluded_on__isnull=True).exists():
        return None
    form = VerificationAssignForm(prefix="verification")
    offer_verifiers(form, petition)
    return form
