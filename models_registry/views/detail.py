"""A model's detail page with its history and steps, its documents and its printed certificate."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.contrib.contenttypes.models import ContentType
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from models_registry import selectors, workflow
from models_registry.choices import DOCUMENTS_CLOSED_STATUSES, RECOGNIZED_STATUSES, TYPICAL_STATUSES, Status
from models_registry.forms import CommendationRecordForm, DocumentForm, PublishForm, ReasonForm, ReplicationForm
from models_registry.models import MobilizationModel, ModelDocument, Phase
from models_registry.services import (
    commendation_record,
    document_add,
    model_link_replication,
    model_publish,
    model_return,
    model_start_evaluation,
    model_submit,
    model_unpublish,
    model_withdraw,
)
from models_registry.services.common import is_movement_office_of, is_registrant
from models_registry.views.common import call_service, document_form, registry_required
from models_registry.views.registration import CHANGE_MODELS
from portal.access import scoped
from portal.audit_labels import label_for
from portal.models import AuditEvent

# The steps a detail page offers, each with what it asks for and who may take it.
STEP_LABELS = {
    "submit": gettext_lazy("Đăng ký mô hình"),
    "return": gettext_lazy("Trả lại để bổ sung"),
    "start_evaluation": gettext_lazy("Đưa vào thẩm định"),
    "withdraw": gettext_lazy("Rút mô hình"),
}
STEP_URL = {"submit": "submit", "return": "return", "start_evaluation": "start-evaluation", "withdraw": "withdraw"}
REASON_STEPS = frozenset({"return", "withdraw"})


def _offered(user, model: MobilizationModel) -> list[dict]:
    """The steps the status allows and this official may take (the services check both again)."""
    registrant = is_registrant(user, model)
    office = is_movement_office_of(user, model.round)
    takers = {"submit": registrant, "withdraw": registrant, "return": office, "start_evaluation": office}
    return [
        {
            "name": name,
            "slug": STEP_URL[name],
            "label": STEP_LABELS[name],
            "form": ReasonForm(prefix=name) if name in REASON_STEPS else None,
        }
        for name in workflow.offered_steps(model)
        if takers.get(name)
    ]


ORIGIN_CHOICES = 30


def _history(model: MobilizationModel) -> list[dict]:
    """The model's audit trail, oldest first; a run of the same change by the same official (a criterion
    after another of the self-assessment) is one line with its count."""
    events = AuditEvent.objects.filter(
        target_type=ContentType.objects.get_for_model(MobilizationModel), target_id=str(model.pk)
    ).select_related("actor")
    history: list[dict] = []
    for event in events.order_by("created_at", "id"):
        before = Status(event.before).label if event.before in Status.values else event.before
        after = Status(event.after).label if event.after in Status.values else event.after
        last = history[-1] if history else None
        if last and last["verb"] == event.verb and last["actor"] == event.actor and before == after:
            last["times"] += 1
            continue
        history.append(
            {
                "verb": event.verb,
                "at": event.created_at,
                "actor": event.actor,
                "label": label_for(event.verb),
                "before": before,
                "after": after,
                "reason": (event.payload or {}).get("reason", ""),
                "times": 1,
            }
        )
    return history


@scoped
@registry_required
def model_detail(request, pk: int):
    model = selectors.model_detail(request.user, pk)
    user = request.user
    registrant = is_registrant(user, model)
    office = is_movement_office_of(user, model.round)
    editable = registrant and workflow.refusal("edit", model) is None
    context = {
        "model": model,
        "history": _history(model),
        "steps": _offered(user, model),
        "registrant": registrant,
        "office": office,
        "editable": editable,
        "submit_refusal": workflow.refusal("submit", model) if registrant and editable else None,
        "document_form": (
            document_form(office) if registrant and model.status not in DOCUMENTS_CLOSED_STATUSES else None
        ),
        "recognized": model.status in RECOGNIZED_STATUSES,
    }
    if office and workflow.refusal("publish", model) is None:
        context["publish_form"] = PublishForm(initial={"summary": model.public_summary}, prefix="publish")
    context["may_unpublish"] = office and workflow.refusal("unpublish", model) is None
    if office and workflow.refusal("commend", model) is None:
        phases = Phase.objects.filter(
            programme_id=model.round.programme_id, start_year__lte=model.round.year, end_year__gte=model.round.year
        )
        context["commendation_form"] = CommendationRecordForm(prefix="commend", phases=phases)
    if registrant and model.status != Status.WITHDRAWN and model.replicates_id is None:
        origins = (
            selectors.model_list(user)
            .filter(status__in=TYPICAL_STATUSES, round__programme_id=model.round.programme_id)
            .exclude(pk=model.pk)
        )
        # Hundreds of typical models over the years: the picker offers the most recent ones, or those whose name
        # matches what the official searched for; the POST accepts any of them.
        origin_q = request.GET.get("origin_q", "").strip()[:100]
        if origin_q:
            origins = origins.search(origin_q)
        recent = ("-round__year", "name")
        offered = list(origins.order_by(*recent).values_list("pk", flat=True)[: ORIGIN_CHOICES + 1])
        choices = origins.filter(pk__in=offered[:ORIGIN_CHOICES]).order_by(*recent)
        context["replication_form"] = ReplicationForm(prefix="replicate", origins=choices)
        context["origin_q"] = origin_q
        context["origins_more"] = len(offered) > ORIGIN_CHOICES
    return render(request, "models_registry/model_detail.html", context)


def _step_reason(request, name: str) -> str | None:
    form = ReasonForm(request.POST, prefix=name)
    if not form.is_valid():
        messages.error(request, _("Hãy ghi lý do."))
        return None
    return form.cleaned_data["reason"]


@scoped
@registry_required
@require_POST
def model_action(request, pk: int, action: str):
    """One step on the model, from the detail page's buttons; the service decides whether it may be taken."""
    model = selectors.model_detail(request.user, pk)
    done = None
    if action == "submit":
        done = call_service(request, model_submit, model=model)
    elif action == "return":
        if (reason := _step_reason(request, "return")) is not None:
            done = call_service(request, model_return, model=model, reason=reason)
    elif action == "withdraw":
        if (reason := _step_reason(request, "withdraw")) is not None:
            done = call_service(request, model_withdraw, model=model, reason=reason)
    elif action == "start-evaluation":
        done = call_service(request, model_start_evaluation, models=[model])
    elif action == "publish":
        form = PublishForm(request.POST, prefix="publish")
        if form.is_valid():
            done = call_service(request, model_publish, model=model, summary=form.cleaned_data["summary"])
        else:
            messages.error(request, _("Hãy nhập phần tóm tắt được duyệt để công khai."))
    elif action == "unpublish":
        done = call_service(request, model_unpublish, model=model)
    elif action == "replicate":
        origins = selectors.model_list(request.user).filter(status__in=TYPICAL_STATUSES)
        form = ReplicationForm(request.POST, prefix="replicate", origins=origins)
        if form.is_valid():
            done = call_service(request, model_link_replication, model=model, origin=form.cleaned_data["origin"])
        else:
            messages.error(request, _("Hãy chọn mô hình gốc."))
    elif action == "commend":
        phases = Phase.objects.filter(
            programme_id=model.round.programme_id, start_year__lte=model.round.year, end_year__gte=model.round.year
        )
        form = CommendationRecordForm(request.POST, prefix="commend", phases=phases)
        if form.is_valid():
            done = call_service(request, commendation_record, model=model, **form.cleaned_data)
        else:
            messages.error(request, _("Khen thưởng chưa hợp lệ: %(errors)s") % {"errors": form.errors.as_text()})
    else:
        raise Http404
    if done is not None:
        messages.success(request, _("Đã cập nhật mô hình."))
    return redirect("models_registry:detail", pk=pk)


@scoped
@permission_required(CHANGE_MODELS, raise_exception=True)
@require_POST
def document_upload(request, pk: int):
    model = selectors.model_detail(request.user, pk)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        if call_service(request, document_add, model=model, **form.cleaned_data) is not None:
            messages.success(request, _("Đã tải lên tài liệu."))
    else:
        messages.error(request, _("Tài liệu chưa hợp lệ: %(errors)s") % {"errors": form.errors.as_text()})
    back = request.POST.get("next")
    if back == "self-assessment":
        return redirect("models_registry:self-assessment", pk=pk)
    return redirect("models_registry:detail", pk=pk)


@scoped
@registry_required
def document_download(request, pk: int, document_id: int):
    model = selectors.model_detail(request.user, pk)
    document = get_object_or_404(ModelDocument, pk=document_id, model=model)
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.filename)


@scoped
@registry_required
def certificate(request, pk: int):
    """The printable certificate (giấy chứng nhận) of a recognised model."""
    model = selectors.model_detail(request.user, pk)
    if model.status not in RECOGNIZED_STATUSES:
        raise Http404
    entry = (
        model.decision_entries.filter(outcome__in=["recognized", "typical"])
        .select_related("decision")
        .order_by("-decision__issued_on", "-decision_id")
        .first()
    )
    return render(
        request,
        "models_registry/certificate.html",
        {"model": model, "entry": entry, "decision": entry.decision if entry else None},
    )
