"""A round's pages: the list, launching and setting up (window, thresholds, criteria, council, assignments),
the council's summary, and the decision that recognises models and names typical ones."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from models_registry import selectors
from models_registry.choices import Outcome, RecognitionLevel, Status
from models_registry.forms import (
    CorrectionForm,
    CouncilFormSet,
    CriterionFormSet,
    DecisionEntryForm,
    DecisionForm,
    RoundForm,
    criteria_from,
    members_from,
    scope_units,
)
from models_registry.models import Decision, Phase, Programme, Round
from models_registry.scoping import runs_movement
from models_registry.services import (
    assignments_make,
    council_proposal,
    council_set,
    criteria_set,
    decision_correct,
    decision_issue,
    model_start_evaluation,
    round_create,
    round_update,
)
from models_registry.services.common import is_movement_office_of
from models_registry.views.common import PAGE_SIZE, call_service, registry_required
from portal.access import scoped
from portal.models import AdministrativeUnit, User
from portal.pagination import querystring_without_page
from portal.scoping import get_visible_or_404

ROUND_FIELDS = tuple(RoundForm.base_fields)


def _round_for(user, round_id: int) -> Round:
    return get_visible_or_404(Round.objects.select_related("programme", "phase", "unit"), user, pk=round_id)


def _office_round(request, round_id: int) -> Round:
    """A round the official runs; one they may only see is refused, one they may not see is missing."""
    round_ = _round_for(request.user, round_id)
    if not is_movement_office_of(request.user, round_):
        raise PermissionDenied
    return round_


@scoped
@registry_required
def round_list(request):
    rounds = (
        Round.objects.visible_to(request.user)
        .select_related("programme", "unit")
        .annotate(
            model_count=Count("models", filter=~Q(models__status__in=[Status.DRAFT, Status.WITHDRAWN])),
            recognized_count=Count(
                "models", filter=Q(models__status__in=[Status.RECOGNIZED, Status.TYPICAL, Status.REPLICATED])
            ),
        )
        .order_by("-year", "programme__order", "unit__path", "id")
    )
    year = request.GET.get("year", "")
    if year.isdigit():
        rounds = rounds.filter(year=int(year))
    page = Paginator(rounds, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "models_registry/round_list.html",
        {
            "page": page,
            "today": timezone.localdate(),
            "year": year,
            "querystring": querystring_without_page(request),
            "may_launch": runs_movement(request.user),
        },
    )


def _round_form(user, data=None, *, round_: Round | None = None, initial=None) -> RoundForm:
    return RoundForm(
        data,
        initial=initial,
        programmes=Programme.objects.filter(is_active=True),
        phases=Phase.objects.select_related("programme"),
        # a round stays at the unit that launched it
        units=scope_units(user) if round_ is None else AdministrativeUnit.objects.filter(pk=round_.unit_id),
        round=round_,
    )


@scoped
@registry_required
def round_create_view(request):
    if not runs_movement(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    scope = request.user.scope_unit
    initial = {
        "year": today.year,
        "registration_opens": today,
        "unit": scope.pk if scope else None,
        "recognition_level": RecognitionLevel.COMMUNE
        if scope is not None and scope.level == "commune"
        else RecognitionLevel.PROVINCE,
    }
    form = _round_form(request.user, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("version", None)  # a new round has none yet
        round_ = call_service(request, round_create, **data)
        if round_ is not None:
            messages.success(request, _("Đã phát động đợt đăng ký với bộ tiêu chí mặc định của phong trào."))
            return redirect("models_registry:round-detail", round_id=round_.pk)
    return render(request, "models_registry/round_form.html", {"form": form})


def _criteria_initial(round_: Round) -> list[dict]:
    return [
        {
            "id": c.pk,
            "group": c.group.name if c.group_id else "",
            "text": c.text,
            "max_points": c.max_points,
            "mandatory": c.mandatory,
            "min_points": c.min_points,
            "applies_to": c.applies_to,
            "guidance": c.guidance,
        }
        for c in round_.criteria.select_related("group")
    ]


def _council_officials(round_: Round):
    """Officials who may sit on the council: those working at the launching unit, and the current members."""
    return (
        User.objects.filter(is_active=True)
        .filter(Q(agency__unit=round_.unit) | Q(council_seats__round=round_))
        .select_related("agency")
        .distinct()
        .order_by("agency__name", "full_name")
    )


def _council_formset(round_: Round, data=None):
    officials = _council_officials(round_)
    initial = [{"user": m.user_id, "role": m.role} for m in round_.council.all()]
    return CouncilFormSet(data, prefix="council", initial=initial, form_kwargs={"officials": officials})


@scoped
@registry_required
def round_detail(request, round_id: int):
    """The round's set-up: launch, window and thresholds, criteria, council, and taking models into scoring."""
    round_ = _round_for(request.user, round_id)
    office = is_movement_office_of(request.user, round_)
    section = request.POST.get("section") if request.method == "POST" else None
    if section and not office:
        raise PermissionDenied
    fixed = RoundForm.FIXED_ON_EDIT
    form = _round_form(
        request.user,
        request.POST if section == "round" else None,
        round_=round_,
        initial={name: getattr(round_, name) for name in ROUND_FIELDS},
    )
    criteria = CriterionFormSet(
        request.POST if section == "criteria" else None, prefix="criteria", initial=_criteria_initial(round_)
    )
    council = _council_formset(round_, request.POST if section == "council" else None)
    # The criteria and council forms carry the round's version as their page was opened (kept on a redisplay).
    posted = request.POST.get("version", "") if section in ("criteria", "council") else ""
    version = int(posted) if posted.isdigit() else None
    done = None
    if section == "round" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k not in fixed}
        done = call_service(request, round_update, round=round_, **fields)
    elif section == "criteria" and criteria.is_valid():
        done = call_service(request, criteria_set, round=round_, criteria=criteria_from(criteria), version=version)
    elif section == "council" and council.is_valid():
        done = call_service(request, council_set, round=round_, members=members_from(council), version=version)
    elif section == "evaluate":
        registered = list(round_.models.filter(status=Status.REGISTERED))
        if not registered:
            messages.info(request, _("Không có hồ sơ nào đang chờ đưa vào thẩm định."))
        else:
            done = call_service(request, model_start_evaluation, models=registered)
    elif section == "assign":
        done = call_service(request, assignments_make, round=round_)
    elif section:
        messages.error(request, _("Chưa lưu được: hãy xem các ô được đánh dấu."))
    if done is not None:
        messages.success(request, _("Đã lưu."))
        return redirect("models_registry:round-detail", round_id=round_.pk)
    counts = dict(round_.models.values_list("status").annotate(n=Count("id")).order_by().values_list("status", "n"))
    return render(
        request,
        "models_registry/round_detail.html",
        {
            "round": round_,
            "office": office,
            "form": form,
            "round_version": version or round_.version,
            "criteria_formset": criteria,
            "council_formset": council,
            "criteria": round_.criteria.select_related("group"),
            "council": round_.council.select_related("user__agency"),
            "counts": [(Status(status).label, counts.get(status, 0)) for status in Status.values],
            "registered": counts.get(Status.REGISTERED, 0),
            "evaluating": counts.get(Status.EVALUATING, 0),
            "decisions": round_.decisions.select_related("corrects"),
            "today": timezone.localdate(),
        },
    )


@scoped
@registry_required
def council_summary(request, round_id: int):
    """The council's results: combined score, spread and flag, recusals, sheets in, mandatory criteria, rank."""
    round_ = _round_for(request.user, round_id)
    if not is_movement_office_of(request.user, round_):
        # The council scores independently: its members do not read the combined result.
        raise PermissionDenied
    rows = selectors.council_summary(round_)
    return render(
        request,
        "models_registry/council_summary.html",
        {
            "round": round_,
            "rows": rows,
            "council": round_.council.select_related("user__agency"),
            "office": True,
        },
    )


# The outcomes a decision may give a model, by where it stands.
OUTCOMES_BY_STATUS = {
    Status.EVALUATING: Outcome.choices,
    Status.RECOGNIZED: [(Outcome.TYPICAL, Outcome.TYPICAL.label)],
}


def _decision_rows(round_: Round, data=None) -> list[dict]:
    models = (
        round_.models.filter(status__in=list(OUTCOMES_BY_STATUS))
        .select_related("unit", "registering_agency", "round")
        .order_by("council_rank", "-score", "name")
    )
    rows = []
    for model in models:
        proposal = council_proposal(model)
        rows.append(
            {
                "model": model,
                "proposal": Outcome(proposal).label if proposal else None,
                "form": DecisionEntryForm(data, prefix=f"m{model.pk}", outcomes=OUTCOMES_BY_STATUS[model.status]),
            }
        )
    return rows


def _entries_from(rows) -> list[dict]:
    return [
        {
            "model": row["model"],
            "outcome": row["form"].cleaned_data["outcome"],
            "departure_reason": row["form"].cleaned_data["departure_reason"],
        }
        for row in rows
        if row["form"].cleaned_data.get("outcome")
    ]


@scoped
@registry_required
def decision_page(request, round_id: int):
    """Choose the models, say per row what the decision says of each (the council's proposal beside it),
    enter the number, date and signer, and issue it in one step."""
    round_ = _office_round(request, round_id)
    data = request.POST if request.method == "POST" else None
    form = DecisionForm(data, initial={"issued_on": timezone.localdate()})
    rows = _decision_rows(round_, data)
    if data is not None and form.is_valid() and all(row["form"].is_valid() for row in rows):
        entries = _entries_from(rows)
        if not entries:
            messages.error(request, _("Hãy chọn kết quả cho ít nhất một mô hình."))
        else:
            decision = call_service(request, decision_issue, round=round_, entries=entries, **form.cleaned_data)
            if decision is not None:
                messages.success(
                    request,
                    _("Đã ban hành quyết định số %(number)s cho %(count)s mô hình.")
                    % {"number": decision.number, "count": len(entries)},
                )
                return redirect("models_registry:round-detail", round_id=round_.pk)
    return render(
        request,
        "models_registry/decision_form.html",
        {"round": round_, "form": form, "rows": rows, "correcting": None},
    )


@scoped
@registry_required
def decision_correction(request, round_id: int, decision_id: int):
    """A correction of an issued decision: a new decision that names the models whose outcome changes."""
    round_ = _office_round(request, round_id)
    try:
        original = Decision.objects.visible_to(request.user).get(pk=decision_id, round=round_)
    except Decision.DoesNotExist as exc:
        raise Http404 from exc
    data = request.POST if request.method == "POST" else None
    form = CorrectionForm(data, initial={"issued_on": timezone.localdate()})
    entries_of = original.entries.select_related("model__unit", "model__registering_agency", "model__round")
    rows = [
        {
            "model": entry.model,
            "current": entry.get_outcome_display(),
            "proposal": None,
            "form": DecisionEntryForm(data, prefix=f"m{entry.model_id}", outcomes=Outcome.choices),
        }
        for entry in entries_of
    ]
    if data is not None and form.is_valid() and all(row["form"].is_valid() for row in rows):
        entries = _entries_from(rows)
        cleaned = dict(form.cleaned_data)
        cleaned.pop("note", None)
        decision = call_service(request, decision_correct, original=original, entries=entries, **cleaned)
        if decision is not None:
            messages.success(
                request, _("Đã ban hành quyết định đính chính số %(number)s.") % {"number": decision.number}
            )
            return redirect("models_registry:round-detail", round_id=round_.pk)
    return render(
        request,
        "models_registry/decision_form.html",
        {"round": round_, "form": form, "rows": rows, "correcting": original},
    )
