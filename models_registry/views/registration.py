"""Registering a model: creating and editing the registration, and its self-assessment."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from models_registry import selectors, workflow
from models_registry.forms import AssessmentForm, ForceFormSet, ModelForm, forces_from
from models_registry.models import MobilizationModel, Round
from models_registry.scoping import runs_movement
from models_registry.services import model_create, model_submit, model_update, self_assessment_save
from models_registry.services.common import is_movement_office_of, is_registrant
from models_registry.views.common import call_service, document_form
from portal.access import scoped
from portal.services import DomainError

ADD_MODELS = "models_registry.add_mobilizationmodel"
CHANGE_MODELS = "models_registry.change_mobilizationmodel"


def _open_rounds(user):
    """The rounds the official may register with today (the movement's office also after the window)."""
    today = timezone.localdate()
    rounds = Round.objects.visible_to(user).select_related("programme", "unit")
    if runs_movement(user):
        return rounds.filter(registration_closes__gte=today.replace(month=1, day=1))
    return rounds.filter(registration_opens__lte=today, registration_closes__gte=today)


def _after_save(request, model: MobilizationModel, intent: str):
    """Saved as a draft, or also registered: a refused registration sends the official to what is missing."""
    if intent != "submit":
        messages.success(request, _("Đã lưu bản nháp. Bạn có thể tự đánh giá theo tiêu chí rồi đăng ký."))
        return redirect("models_registry:detail", pk=model.pk)
    try:
        model_submit(actor=request.user, model=model)
    except DomainError as error:
        messages.warning(request, _("Đã lưu bản nháp nhưng chưa đăng ký được: %(reason)s") % {"reason": error})
        return redirect("models_registry:self-assessment", pk=model.pk)
    messages.success(request, _("Đã đăng ký mô hình với đơn vị phát động."))
    return redirect("models_registry:detail", pk=model.pk)


@scoped
@permission_required(ADD_MODELS, raise_exception=True)
def model_create_view(request):
    rounds = _open_rounds(request.user)
    initial = {}
    if (round_id := request.GET.get("round", "")).isdigit():
        initial["round"] = int(round_id)
    form = ModelForm(request.POST or None, rounds=rounds, initial=initial, unit=request.user.scope_unit)
    forces = ForceFormSet(request.POST or None, prefix="forces")
    if request.method == "POST" and form.is_valid() and forces.is_valid():
        model = call_service(
            request,
            model_create,
            round=form.cleaned_data["round"],
            data=form.model_data(),
            forces=forces_from(forces),
        )
        if model is not None:
            return _after_save(request, model, request.POST.get("intent", ""))
    return render(
        request,
        "models_registry/model_form.html",
        {"form": form, "forces": forces, "rounds": rounds, "model": None},
    )


@scoped
@permission_required(CHANGE_MODELS, raise_exception=True)
def model_edit(request, pk: int):
    model = selectors.model_detail(request.user, pk)
    if not is_registrant(request.user, model):
        raise Http404
    refusal = workflow.refusal("edit", model)
    if refusal:
        messages.error(request, refusal)
        return redirect("models_registry:detail", pk=pk)
    initial = {name: getattr(model, name) for name in ModelForm.base_fields if hasattr(model, name)}
    initial["version"] = model.version
    form = ModelForm(request.POST or None, initial=initial, editing=True, unit=model.unit)
    forces = ForceFormSet(
        request.POST or None,
        prefix="forces",
        initial=[{"role": f.role, "name": f.name, "task": f.task} for f in model.forces.all()],
    )
    if request.method == "POST" and form.is_valid() and forces.is_valid():
        saved = call_service(
            request,
            model_update,
            model=model,
            data=form.model_data(),
            forces=forces_from(forces),
            version=form.cleaned_data.get("version"),
        )
        if saved is not None:
            return _after_save(request, saved, request.POST.get("intent", ""))
    return render(request, "models_registry/model_form.html", {"form": form, "forces": forces, "model": model})


@scoped
@permission_required(CHANGE_MODELS, raise_exception=True)
def self_assessment(request, pk: int):
    """One row per criterion that applies to the model: how it is met, and the evidence or why there is none."""
    model = selectors.model_detail(request.user, pk)
    if not is_registrant(request.user, model):
        raise Http404
    editable = workflow.refusal("edit", model) is None
    documents = model.documents.all()
    existing = {a.criterion_id: a for a in model.self_assessments.all()}
    criteria = [c for c in model.round.criteria.all() if c.applies(model.owner_kind)]
    data = request.POST if request.method == "POST" and editable else None
    rows = []
    for criterion in criteria:
        saved = existing.get(criterion.pk)
        initial = (
            {
                "statement": saved.statement,
                "evidence": saved.evidence_id,
                "evidence_note": saved.evidence_note,
                "missing_evidence_reason": saved.missing_evidence_reason,
            }
            if saved
            else {}
        )
        rows.append((criterion, AssessmentForm(data, prefix=f"c{criterion.pk}", initial=initial, documents=documents)))
    if data is not None:
        if all(form.is_valid() for _criterion, form in rows):
            saved_count = 0
            for criterion, form in rows:
                if form.is_blank() or not form.has_changed():
                    continue
                if (
                    call_service(request, self_assessment_save, model=model, criterion=criterion, **form.cleaned_data)
                    is None
                ):
                    break
                saved_count += 1
            else:
                if request.POST.get("intent") == "submit":
                    model.refresh_from_db()
                    if call_service(request, model_submit, model=model) is not None:
                        messages.success(request, _("Đã đăng ký mô hình với đơn vị phát động."))
                        return redirect("models_registry:detail", pk=pk)
                    return redirect("models_registry:self-assessment", pk=pk)
                messages.success(
                    request, _("Đã lưu tự đánh giá (%(count)s tiêu chí thay đổi).") % {"count": saved_count}
                )
                return redirect("models_registry:self-assessment", pk=pk)
        else:
            messages.error(request, _("Tự đánh giá chưa hợp lệ; xem các ô được đánh dấu."))
    gaps = workflow.self_assessment_gaps(model)
    office = is_movement_office_of(request.user, model.round)
    return render(
        request,
        "models_registry/self_assessment.html",
        {
            "model": model,
            "rows": rows,
            "editable": editable,
            "gaps": gaps,
            "document_form": document_form(office, initial={"kind": "evidence"}) if editable else None,
            "submit_refusal": workflow.refusal("submit", model),
        },
    )
