"""One petition's page: its facts, deadlines, history and documents, and the workflow steps on it."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from petitions import selectors, workflow
from petitions.actions import ACTIONS, available_actions
from petitions.choices import Kind, Status
from petitions.deadlines import explain_step, state_of
from petitions.forms import (
    DocumentForm,
    MeasureForm,
    MeasureReportForm,
    VerificationStepForm,
)
from petitions.models import Petition, PetitionDocument
from petitions.services import (
    approvals,
    petition_document_add,
)
from petitions.services.approvals import needs_approval, proposal_submit
from petitions.views.settlement import verification_form_for
from portal import registry
from portal.access import scoped
from portal.audit_labels import label_for
from portal.models import AuditEvent
from portal.services import DomainError
from portal.workcalendar import WorkCalendar


@scoped
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
    proposals = list(petition.proposals.select_related("submitted_by", "decided_by"))
    for proposal in proposals:
        proposal.petition = petition  # who decides is read once for the page (`authority_of`)
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
            "verification_form": verification_form_for(request.user, petition),
            "step_form": VerificationStepForm(prefix="vstep")
            if request.user.has_perm("petitions.change_petition") and workflow.open_verification(petition) is not None
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
            if request.user.has_perm("petitions.change_petition") and not workflow.measure_refusal(petition)
            else None,
            "proposals": proposals,
            "action_labels": {k: a.label for k, a in ACTIONS.items()},
            "can_decide": {
                p.pk
                for p in proposals
                if p.status == "submitted" and approvals.may_approve(request.user, petition, p.step)
            },
            "open_drafts": {p.pk for p in proposals if p.draft and selectors.draft_visible(request.user, p)},
            "record_links": registry.record_links("petitions.petition", request.user, petition),
            "settled_on_time": bool(
                petition.settled_on and petition.settlement_due and petition.settled_on <= petition.settlement_due
            ),
        },
    )


def _status_label(value: str) -> str:
    return Status(value).label if value in Status.values else value


@scoped
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


@scoped
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


@scoped
@permission_required("petitions.view_petition", raise_exception=True)
def document_download(request, pk: int, document_id: int):
    petition = selectors.petition_for(request.user, pk)
    document = get_object_or_404(PetitionDocument, pk=document_id, petition=petition)
    if document.confidential and not selectors.identity_visible(request.user, petition):
        raise Http404
    if document.confidential:
        selectors.petition_identity_viewed(actor=request.user, petition=petition)
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.file.name.rsplit("/", 1)[-1])
