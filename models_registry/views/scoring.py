"""A council member's pages: the models assigned to them with their progress, and one score sheet."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from models_registry import selectors, workflow
from models_registry.forms import ScoreForm, SheetForm
from models_registry.models import Assignment
from models_registry.services import score_sheet_save
from models_registry.views.common import PAGE_SIZE, call_service
from portal.access import scoped
from portal.pagination import querystring_without_page


@scoped
def my_scoring(request):
    """Only the models given to this official to score; every signed-in official may open it (it may be empty)."""
    assignments = selectors.my_assignments(request.user, include_recused=True)
    page = Paginator(assignments, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "models_registry/my_scoring.html",
        {"page": page, "querystring": querystring_without_page(request)},
    )


def _own_assignment(user, assignment_id: int) -> Assignment:
    """The member's own sheet; another member's looks like a missing one."""
    try:
        return (
            Assignment.objects.visible_to(user)
            .select_related("model__round__programme", "model__unit", "model__registering_agency", "member")
            .prefetch_related("scores")
            .get(pk=assignment_id, member__user=user)
        )
    except Assignment.DoesNotExist as exc:
        raise Http404 from exc


@scoped
def score_sheet(request, assignment_id: int):
    assignment = _own_assignment(request.user, assignment_id)
    model = assignment.model
    criteria = [c for c in model.round.criteria.select_related("group") if c.applies(model.owner_kind)]
    stored = {score.criterion_id: score for score in assignment.scores.all()}
    open_for_scoring = not assignment.recused and workflow.refusal("score", model) is None
    data = request.POST if request.method == "POST" and open_for_scoring else None
    rows = [
        (
            criterion,
            ScoreForm(
                data,
                prefix=f"c{criterion.pk}",
                criterion=criterion,
                initial={"points": stored[criterion.pk].points, "comment": stored[criterion.pk].comment}
                if criterion.pk in stored
                else {},
            ),
        )
        for criterion in criteria
    ]
    sheet = SheetForm(data, initial={"comment": assignment.comment})
    if data is not None:
        if sheet.is_valid() and all(form.is_valid() for _criterion, form in rows):
            submit = request.POST.get("intent") == "submit"
            saved = call_service(
                request,
                score_sheet_save,
                assignment=assignment,
                scores={
                    criterion.pk: (form.cleaned_data["points"], form.cleaned_data["comment"])
                    for criterion, form in rows
                },
                comment=sheet.cleaned_data["comment"],
                submit=submit,
            )
            if saved is not None:
                messages.success(request, _("Đã nộp phiếu chấm điểm.") if saved.submitted_at else _("Đã lưu phiếu."))
                return redirect("models_registry:score-sheet", assignment_id=assignment.pk)
        else:
            messages.error(request, _("Phiếu chấm chưa hợp lệ; xem các ô được đánh dấu."))
    return render(
        request,
        "models_registry/score_sheet.html",
        {
            "assignment": assignment,
            "model": model,
            "rows": rows,
            "sheet": sheet,
            "open_for_scoring": open_for_scoring,
            "closed_reason": workflow.refusal("score", model),
            "scored": len(stored),
            "max_total": sum((c.max_points for c in criteria), 0),
            "assessments": {a.criterion_id: a for a in model.self_assessments.select_related("evidence")},
        },
    )
