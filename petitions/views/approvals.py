"""The approver's queue and decisions on proposals (trình – duyệt)."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from petitions import selectors
from petitions.actions import ACTIONS
from petitions.deadlines import state_of
from petitions.models import Petition, Proposal
from petitions.services import (
    approvals,
)
from petitions.services.approvals import proposals_approve_batch
from portal.access import scoped
from portal.pages import safe_next
from portal.services import DomainError
from portal.workcalendar import WorkCalendar


@scoped
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
    queue = approvals.proposals_with_details(with_deadline_state_for_proposals(approvals.approval_queue(request.user)))
    return render(
        request, "petitions/approvals.html", {"queue": queue, "labels": {k: a.label for k, a in ACTIONS.items()}}
    )


@scoped
@require_POST
def proposal_decide(request, proposal_id: int, decision: str):
    """One decision on one proposal, from the petition's page or a row of the queue."""
    comments = request.POST.get("comments", "")
    decide = {
        "approve": approvals.proposal_approve,
        "return": approvals.proposal_return,
        "reject": approvals.proposal_reject,
    }.get(decision)
    visible = Proposal.objects.filter(pk=proposal_id, petition__in=Petition.objects.visible_to(request.user))
    if decide is None or not visible.exists():
        raise Http404  # a proposal on a petition outside the scope looks like a missing one
    next_url = safe_next(request, "")
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


@scoped
@permission_required("petitions.view_petition", raise_exception=True)
def proposal_draft(request, proposal_id: int):
    proposal = get_object_or_404(Proposal, pk=proposal_id)
    proposal.petition = selectors.petition_for(request.user, proposal.petition_id)
    if not proposal.draft or not selectors.draft_visible(request.user, proposal):
        raise Http404
    return FileResponse(proposal.draft.open("rb"), as_attachment=True, filename=proposal.draft.name.rsplit("/", 1)[-1])
