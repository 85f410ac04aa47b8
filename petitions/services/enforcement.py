"""Enforcement follow-up (theo dõi thi hành): the measures a settled case orders and their progress."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from petitions import workflow
from petitions.models import EnforcementMeasure, Petition
from portal.models import User
from portal.scoping import ensure_in_scope
from portal.services import DomainError, NotFound, audit_record


def _clean(measure: EnforcementMeasure) -> None:
    try:
        measure.full_clean(exclude=["petition"])
    except ValidationError as error:
        raise DomainError("; ".join(m for msgs in error.message_dict.values() for m in msgs)) from error


@transaction.atomic
def measure_add(
    *,
    actor: User,
    petition: Petition,
    kind: str,
    description: str,
    responsible: str,
    due_on: dt.date,
    ordered_amount: Decimal = Decimal(0),
) -> EnforcementMeasure:
    """Record a measure ordered by the settlement of a complaint or the conclusion of a denunciation."""
    ensure_in_scope(actor, petition.unit, missing=_("Không tìm thấy đơn."))
    reason = workflow.measure_refusal(petition)
    if reason:
        raise DomainError(reason)
    measure = EnforcementMeasure(
        petition=petition,
        kind=kind,
        description=description.strip(),
        responsible=responsible.strip(),
        due_on=due_on,
        ordered_amount=ordered_amount,
    )
    _clean(measure)
    measure.save()
    audit_record(
        actor=actor,
        verb="petition.measure_added",
        target=petition,
        unit=petition.unit,
        payload={"measure": measure.pk, "kind": kind},
    )
    return measure


@transaction.atomic
def measure_report(
    *, actor: User, measure_id: int, done_amount: Decimal, done_on: dt.date | None, note: str = ""
) -> EnforcementMeasure:
    """Report what has been done; a date marks the measure complete."""
    measure = EnforcementMeasure.objects.select_for_update().select_related("petition__unit").filter(pk=measure_id)
    measure = measure.first()
    missing = _("Không tìm thấy biện pháp này.")
    if measure is None:
        raise NotFound(missing)
    ensure_in_scope(actor, measure.petition.unit, missing=missing)
    measure.done_amount, measure.done_on, measure.note = done_amount, done_on, note.strip()
    _clean(measure)
    measure.save(update_fields=["done_amount", "done_on", "note"])
    audit_record(
        actor=actor,
        verb="petition.measure_reported",
        target=measure.petition,
        unit=measure.petition.unit,
        payload={"measure": measure.pk, "done": str(done_amount), "done_on": str(done_on or "")},
    )
    return measure
