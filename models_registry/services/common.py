"""What every service of the registry shares: who may act, locking, validation, and the audit tail."""

from __future__ import annotations

import datetime as dt

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from models_registry.models import MobilizationModel, Round
from models_registry.scoping import may_see_model, runs_movement
from portal.changes import record_changed, record_changes
from portal.models import User
from portal.scoping import unit_in_scope
from portal.services import NotFound, NotPermitted, audit_record, validated


def today() -> dt.date:
    return timezone.localdate()


def model_missing() -> str:
    return _("Không tìm thấy mô hình.")


def round_missing() -> str:
    return _("Không tìm thấy đợt đăng ký.")


def ensure_round_visible(actor: User | None, round_: Round) -> None:
    if actor is not None and not Round.objects.visible_to(actor).filter(pk=round_.pk).exists():
        raise NotFound(round_missing())


def is_movement_office_of(actor: User | None, round_: Round) -> bool:
    """The Ban Dân vận (or the commune's officer in charge) of the launching unit or a unit above it."""
    return actor is None or (runs_movement(actor) and unit_in_scope(actor, round_.unit))


def ensure_runs_round(actor: User | None, round_: Round) -> None:
    """Only the movement's office of the launching unit sets up a round, evaluates and decides."""
    ensure_round_visible(actor, round_)
    if not is_movement_office_of(actor, round_):
        raise NotPermitted(
            _("Chỉ cơ quan thường trực phong trào (Ban Dân vận) của đơn vị phát động mới thực hiện được việc này.")
        )


def lock_model(model: MobilizationModel | int, actor: User | None) -> MobilizationModel:
    """The model, locked for the change, if `actor` may see it; outside the scope it is "not found"."""
    pk = model.pk if isinstance(model, MobilizationModel) else model
    try:
        locked = (
            MobilizationModel.objects.select_for_update(of=("self",))
            .select_related("round", "round__programme", "unit", "registering_agency")
            .get(pk=pk)
        )
    except MobilizationModel.DoesNotExist as exc:
        raise NotFound(model_missing()) from exc
    if actor is not None and not may_see_model(actor, locked):
        raise NotFound(model_missing())
    return locked


def is_registrant(actor: User | None, model: MobilizationModel) -> bool:
    """The agency that registered (or owns) the model, or the movement's office over its unit."""
    if actor is None:
        return True
    if not actor.has_perm("models_registry.change_mobilizationmodel"):
        return False
    own = actor.agency_id is not None and actor.agency_id in (model.registering_agency_id, model.owner_agency_id)
    return own or (runs_movement(actor) and unit_in_scope(actor, model.unit))


def ensure_registrant(actor: User | None, model: MobilizationModel) -> None:
    if not is_registrant(actor, model):
        raise NotPermitted(_("Chỉ cơ quan đăng ký mô hình mới được thay đổi hồ sơ này."))


def save_model(
    model: MobilizationModel,
    *,
    actor: User | None,
    verb: str,
    before: str,
    payload: dict | None = None,
    on: dt.date | None = None,
    bump_version: bool = True,
    changes: set[tuple[int, dt.date]] | None = None,
) -> MobilizationModel:
    """Validate, bump the version, save, audit and announce the change: the tail of every model service.

    `changes`, the (unit id, day) pairs whose figures moved, replaces the default (the model's unit, `on` or today)."""
    validated(model)
    if bump_version:
        model.version = F("version") + 1
    model.save()
    if bump_version:
        model.refresh_from_db(fields=["version"])
    audit_record(
        actor=actor,
        verb=verb,
        target=model,
        unit=model.unit,
        before=before,
        after=model.status,
        payload=payload or {},
    )
    if changes:
        record_changes(changes)
    else:
        record_changed(unit_id=model.unit_id, on=on or today())
    return model


def funnel_changes(model: MobilizationModel, *unit_ids: int) -> set[tuple[int, dt.date]]:
    """What a change of the model moves: the periods the funnel counts it in (the days it was registered,
    recognised, named typical), for each of these units (a model moved elsewhere leaves its old unit's figures
    too); a model counted nowhere yet (a draft) announces today."""
    days = {day for day in (model.registered_on, model.recognized_on, model.typical_on) if day is not None}
    return {(unit_id, day) for unit_id in set(unit_ids) for day in days or {today()}}
