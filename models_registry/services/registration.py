"""Registering a model: the draft, its forces, documents and self-assessment, and the steps before the
council (submit, return, withdraw, take into evaluation); replication and publication of typical models."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from models_registry import workflow
from models_registry.choices import DOCUMENTS_CLOSED_STATUSES, TYPICAL_STATUSES, ForceRole, Status
from models_registry.models import (
    REGISTRATION_FIELDS,
    Criterion,
    MobilizationModel,
    ModelDocument,
    ModelForce,
    Round,
    SelfAssessment,
)
from models_registry.scoping import may_see_model
from models_registry.services.common import (
    ensure_registrant,
    ensure_round_visible,
    ensure_runs_round,
    funnel_changes,
    is_movement_office_of,
    is_registrant,
    lock_model,
    model_missing,
    save_model,
    today,
)
from models_registry.services.scoring import council_rank_update
from portal.changes import record_changed
from portal.concurrency import ensure_current
from portal.models import AdministrativeUnit, Agency, User
from portal.scoping import ensure_in_scope
from portal.services import DomainError, NotFound, NotPermitted, audit_record, required_text, validated
from portal.uploads import document_checked

# The registration's fields a form, the API or an import may set (status, dates and results are the services').
DATA_FIELDS = frozenset({*REGISTRATION_FIELDS, "unit"})


def _apply_data(model: MobilizationModel, data: dict) -> list[str]:
    unknown = set(data) - DATA_FIELDS
    if unknown:
        raise ValueError(f"not registration fields: {sorted(unknown)}")
    changed = []
    for name, value in data.items():
        if isinstance(value, str):
            value = value.strip()
        if getattr(model, name) != value:
            setattr(model, name, value)
            changed.append(name)
    return changed


def _check_unit(actor: User | None, round_: Round, unit: AdministrativeUnit) -> None:
    ensure_in_scope(actor, unit, missing=_("Không tìm thấy địa bàn."))
    if not unit.path.startswith(round_.unit.path):
        raise DomainError(_("Địa bàn của mô hình không thuộc đơn vị phát động đợt đăng ký."))


def _check_owner_agency(actor: User | None, model: MobilizationModel) -> None:
    """The owning agency gets the registrant's say over the model, so it must be one the actor may name."""
    agency = model.owner_agency
    if agency is None:
        return
    ensure_in_scope(actor, agency.unit, missing=_("Không tìm thấy cơ quan chủ thể."))
    if not agency.unit.path.startswith(model.round.unit.path):
        raise DomainError(_("Cơ quan chủ thể không thuộc đơn vị phát động đợt đăng ký."))


def _forces_replace(model: MobilizationModel, forces: Iterable[dict]) -> None:
    rows = []
    for force in forces:
        name = (force.get("name") or "").strip()
        if not name:
            continue  # an empty row of a formset
        row = ModelForce(
            model=model,
            role=force.get("role") or ForceRole.PARTICIPATING,
            name=name,
            task=(force.get("task") or "").strip(),
        )
        validated(row, exclude=["model"])
        rows.append(row)
    model.forces.all().delete()
    ModelForce.objects.bulk_create(rows)


@transaction.atomic
def model_create(
    *,
    actor: User | None,
    round: Round,  # noqa: A002 - the contract's name
    data: dict,
    forces: Iterable[dict] = (),
    registering_agency: Agency | None = None,
) -> MobilizationModel:
    """A draft registration of a model in `round`, by the actor's agency (or, for the movement's office, another)."""
    ensure_round_visible(actor, round)
    if actor is not None and not actor.has_perm("models_registry.add_mobilizationmodel"):
        raise NotPermitted(_("Bạn không có quyền đăng ký mô hình."))
    agency = registering_agency or (actor.agency if actor is not None and actor.agency_id else None)
    if agency is None:
        raise DomainError(_("Hãy chọn cơ quan đăng ký mô hình."))
    office = is_movement_office_of(actor, round)
    if actor is not None and agency.pk != actor.agency_id:
        if not office:
            raise NotPermitted(_("Chỉ đăng ký mô hình thay cho cơ quan của mình."))
        ensure_in_scope(actor, agency.unit, missing=_("Không tìm thấy cơ quan đăng ký."))
    data = dict(data)
    unit = data.pop("unit", None) or agency.unit
    _check_unit(actor, round, unit)
    if not office and (reason := workflow.window_refusal(round, today())):
        raise DomainError(reason)
    model = MobilizationModel(round=round, unit=unit, registering_agency=agency, status=Status.DRAFT, created_by=actor)
    _apply_data(model, data)
    _check_owner_agency(actor, model)
    validated(model)
    model.save()
    _forces_replace(model, forces)
    audit_record(actor=actor, verb="model.created", target=model, unit=unit, after=model.status)
    record_changed(unit_id=unit.pk, on=today())
    return model


@transaction.atomic
def model_update(
    *,
    actor: User | None,
    model: MobilizationModel,
    data: dict,
    forces: Iterable[dict] | None = None,
    version: int | None = None,
) -> MobilizationModel:
    """Edit a draft or returned registration; `version` is the one the editor loaded (optimistic lock)."""
    model = lock_model(model, actor)
    ensure_registrant(actor, model)
    workflow.ensure("edit", model)
    ensure_current(
        model, version, message=_("Hồ sơ vừa được người khác sửa. Hãy tải lại trang để xem thay đổi rồi sửa lại.")
    )
    unit_before = model.unit_id
    data = dict(data)
    if data.get("unit") is not None and data["unit"] != model.unit:
        _check_unit(actor, model.round, data["unit"])
    else:
        data.pop("unit", None)
    changed = _apply_data(model, data)
    if "owner_agency" in changed:
        _check_owner_agency(actor, model)
    if forces is not None:
        _forces_replace(model, forces)
        changed.append("forces")
    return save_model(
        model,
        actor=actor,
        verb="model.updated",
        before=model.status,
        payload={"fields": changed},
        changes=funnel_changes(model, unit_before, model.unit_id),
    )


@transaction.atomic
def self_assessment_save(
    *,
    actor: User | None,
    model: MobilizationModel,
    criterion: Criterion,
    statement: str,
    evidence: ModelDocument | None = None,
    evidence_note: str = "",
    missing_evidence_reason: str = "",
) -> SelfAssessment:
    """The registrant's statement of how the model meets one criterion, with its evidence or why it has none."""
    model = lock_model(model, actor)
    ensure_registrant(actor, model)
    workflow.ensure("edit", model)
    if criterion.round_id != model.round_id:
        raise DomainError(_("Tiêu chí không thuộc đợt đăng ký của mô hình."))
    if not criterion.applies(model.owner_kind):
        raise DomainError(_("Tiêu chí này không áp dụng cho loại chủ thể của mô hình."))
    if evidence is not None and evidence.model_id != model.pk:
        raise DomainError(_("Minh chứng phải là tài liệu của chính mô hình này."))
    statement = required_text(statement, _("Hãy nêu mức độ đáp ứng tiêu chí."))
    assessment, _created = SelfAssessment.objects.update_or_create(
        model=model,
        criterion=criterion,
        defaults={
            "statement": statement,
            "evidence": evidence,
            "evidence_note": (evidence_note or "").strip(),
            "missing_evidence_reason": (missing_evidence_reason or "").strip(),
        },
    )
    validated(assessment)
    audit_record(
        actor=actor,
        verb="model.self_assessed",
        target=model,
        unit=model.unit,
        payload={"criterion": criterion.pk, "evidence": assessment.has_evidence},
    )
    return assessment


@transaction.atomic
def document_add(
    *,
    actor: User | None,
    model: MobilizationModel,
    upload,
    title: str,
    kind: str,
    for_publication: bool = False,
) -> ModelDocument:
    """Attach a document, photo or piece of evidence, checked by its content (portal.uploads)."""
    model = lock_model(model, actor)
    ensure_registrant(actor, model)
    if model.status == Status.WITHDRAWN:
        raise DomainError(_("Mô hình đã rút; không thêm tài liệu."))
    if model.status in DOCUMENTS_CLOSED_STATUSES:
        # The council scores the dossier as it was submitted; more evidence comes when it is returned.
        raise DomainError(
            _("Hồ sơ đã gửi đăng ký và đang chờ thẩm định: chỉ bổ sung tài liệu khi hồ sơ được trả lại để bổ sung.")
        )
    if for_publication and not is_movement_office_of(actor, model.round):
        # The public showcase shows only what the movement's office has approved.
        raise NotPermitted(
            _("Chỉ cơ quan thường trực phong trào (Ban Dân vận) mới chọn tài liệu, hình ảnh dùng khi công khai.")
        )
    checked = document_checked(upload)
    original_name = upload.name
    upload.name = checked.name  # stored under the detected type's extension, never the declared one
    document = ModelDocument(
        model=model,
        kind=kind,
        title=(title or "").strip()[:200] or original_name[:200],
        file=upload,
        filename=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        for_publication=for_publication,
        uploaded_by=actor,
    )
    validated(document, exclude=["file"])
    document.save()
    audit_record(
        actor=actor,
        verb="model.document_added",
        target=model,
        unit=model.unit,
        payload={"document": document.pk, "kind": kind},
    )
    return document


@transaction.atomic
def model_submit(*, actor: User | None, model: MobilizationModel) -> MobilizationModel:
    """Register the model with the launching body: the window is open, the registration and self-assessment full."""
    model = lock_model(model, actor)
    ensure_registrant(actor, model)
    workflow.ensure("submit", model)
    before = model.status
    model.status = Status.REGISTERED
    model.status_reason = ""
    model.registered_on = model.registered_on or today()  # a resubmission keeps the first registration day
    return save_model(model, actor=actor, verb="model.submitted", before=before, on=model.registered_on)


@transaction.atomic
def model_return(*, actor: User | None, model: MobilizationModel, reason: str) -> MobilizationModel:
    """Send the registration back to the registrant to complete, with the reason."""
    model = lock_model(model, actor)
    ensure_runs_round(actor, model.round)
    workflow.ensure("return", model)
    reason = required_text(reason, _("Hãy ghi lý do trả lại hồ sơ."))
    before = model.status
    model.status = Status.RETURNED
    model.status_reason = reason
    model.council_rank = None  # out of the ranking until it is evaluated again
    save_model(model, actor=actor, verb="model.returned", before=before, payload={"reason": reason})
    if before == Status.EVALUATING:
        council_rank_update(model.round)
    return model


@transaction.atomic
def model_withdraw(*, actor: User | None, model: MobilizationModel, reason: str) -> MobilizationModel:
    """The registrant takes the model back (draft, registered or returned), with the reason."""
    model = lock_model(model, actor)
    ensure_registrant(actor, model)
    workflow.ensure("withdraw", model)
    reason = required_text(reason, _("Hãy ghi lý do rút mô hình."))
    before = model.status
    model.status = Status.WITHDRAWN
    model.status_reason = reason
    # A withdrawn registration leaves the count of the period it was registered in, not of today's.
    return save_model(
        model,
        actor=actor,
        verb="model.withdrawn",
        before=before,
        payload={"reason": reason},
        changes=funnel_changes(model, model.unit_id),
    )


@transaction.atomic
def model_start_evaluation(*, actor: User | None, models: Iterable[MobilizationModel]) -> list[MobilizationModel]:
    """Take registered models into evaluation, all or none (the movement's office of each one's round)."""
    started, rounds_checked = [], set()
    for pk in sorted({model.pk if isinstance(model, MobilizationModel) else model for model in models}):
        model = lock_model(pk, actor)
        if model.round_id not in rounds_checked:
            ensure_runs_round(actor, model.round)
            rounds_checked.add(model.round_id)
        try:
            workflow.ensure("start_evaluation", model)
        except DomainError as error:
            raise DomainError(f"{model.name}: {error}") from error
        before = model.status
        model.status = Status.EVALUATING
        model.status_reason = ""
        started.append(save_model(model, actor=actor, verb="model.evaluation_started", before=before))
    return started


def _origin_visible(actor: User | None, origin: MobilizationModel) -> bool:
    return actor is None or origin.is_published or may_see_model(actor, origin)


@transaction.atomic
def model_link_replication(
    *, actor: User | None, model: MobilizationModel, origin: MobilizationModel
) -> MobilizationModel:
    """Record that `model` copies the typical model `origin`; `origin` becomes replicated."""
    if model.pk == origin.pk:
        raise DomainError(_("Mô hình không thể nhân rộng từ chính nó."))
    # both rows locked in one query, in id order, so two officials linking the same pair cannot deadlock
    locked = {
        row.pk: row
        for row in MobilizationModel.objects.select_for_update(of=("self",))
        .select_related("round", "unit")
        .filter(pk__in=[model.pk, origin.pk])
        .order_by("pk")
    }
    model, origin = locked.get(model.pk), locked.get(origin.pk)
    if model is None or origin is None:
        raise NotFound(model_missing())
    if (actor is not None and not may_see_model(actor, model)) or not _origin_visible(actor, origin):
        raise NotFound(model_missing())
    if not is_registrant(actor, model):
        raise NotPermitted(_("Chỉ cơ quan đăng ký mô hình mới ghi nhận được mô hình nhân rộng từ đâu."))
    if model.status == Status.WITHDRAWN:
        raise DomainError(_("Mô hình đã rút."))
    if origin.status not in TYPICAL_STATUSES:
        raise DomainError(_("Chỉ ghi nhận nhân rộng từ mô hình đã được chọn tiêu biểu."))
    ancestor, seen = origin, set()
    while ancestor is not None and ancestor.pk not in seen:  # no loop of models copying each other
        if ancestor.replicates_id == model.pk:
            raise DomainError(_("Mô hình gốc lại đang nhân rộng từ mô hình này."))
        seen.add(ancestor.pk)
        ancestor = ancestor.replicates
    previous_origin_id = model.replicates_id
    model.replicates = origin
    save_model(
        model,
        actor=actor,
        verb="model.replicated",
        before=model.status,
        payload={"origin": origin.pk},
        bump_version=False,
    )
    if origin.status == Status.TYPICAL:
        workflow.ensure("mark_replicated", origin)
        origin.status = Status.REPLICATED
        save_model(
            origin, actor=actor, verb="model.replicated", before=Status.TYPICAL, payload={"replication": model.pk}
        )
    if previous_origin_id and previous_origin_id != origin.pk:
        _replication_dropped(actor, previous_origin_id, model)
    return model


def _replication_dropped(actor: User | None, origin_id: int, copy: MobilizationModel) -> None:
    """A model re-linked to another origin: the one it left is typical again when nothing else copies it."""
    origin = MobilizationModel.objects.select_for_update(of=("self",)).select_related("unit").get(pk=origin_id)
    if origin.status == Status.REPLICATED and not origin.replications.exists():
        origin.status = Status.TYPICAL
        save_model(
            origin,
            actor=actor,
            verb="model.replication_dropped",
            before=Status.REPLICATED,
            payload={"replication": copy.pk},
        )


@transaction.atomic
def model_publish(*, actor: User | None, model: MobilizationModel, summary: str) -> MobilizationModel:
    """Show a typical model in the public showcase, with the summary approved for publication."""
    model = lock_model(model, actor)
    ensure_runs_round(actor, model.round)
    workflow.ensure("publish", model)
    model.public_summary = required_text(summary, _("Hãy nhập phần tóm tắt được duyệt để công khai."))
    model.is_published = True
    model.published_at = timezone.now()
    return save_model(model, actor=actor, verb="model.published", before=model.status, bump_version=False)


@transaction.atomic
def model_unpublish(*, actor: User | None, model: MobilizationModel) -> MobilizationModel:
    model = lock_model(model, actor)
    ensure_runs_round(actor, model.round)
    workflow.ensure("unpublish", model)
    model.is_published = False
    model.published_at = None
    return save_model(model, actor=actor, verb="model.unpublished", before=model.status, bump_version=False)
