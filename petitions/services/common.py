"""The tail every petition service shares: locking with the version, validation, deadlines,
the case mirror, the audit trail and the announcement that figures changed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from petitions.choices import (
    DeadlineEvent,
)
from petitions.deadlines import (
    PetitionFacts,
    RuleRow,
    compute_all,
    load_rules,
)
from petitions.metrics import days_moved
from petitions.models import Case, Extension, Pause, Petition
from portal.changes import record_changes
from portal.models import User
from portal.scoping import ensure_in_scope
from portal.services import DomainError, NotFound, audit_record
from portal.workcalendar import WorkCalendar


class ConcurrentEdit(DomainError):
    """Someone else saved the petition since this official loaded it."""


@dataclass
class PetitionerData:
    full_name: str
    address: str = ""
    id_number: str = ""
    phone: str = ""
    is_representative: bool = False
    ethnicity: str = ""
    nationality: str = "Việt Nam"


def today() -> dt.date:
    return timezone.localdate()


def _lock(petition_id: int, expected_version: int | None, actor: User | None) -> Petition:
    """The petition, locked for the change, if `actor` may see it; outside the scope it is "not found"."""
    missing = _("Không tìm thấy đơn.")
    try:
        petition = Petition.objects.select_for_update().select_related("unit", "case").get(pk=petition_id)
    except Petition.DoesNotExist as exc:
        raise NotFound(missing) from exc
    ensure_in_scope(actor, petition.unit, missing=missing)
    petition.dates_at_lock = case_dates(petition)  # what _save compares to announce what moved
    if expected_version is not None and petition.version != expected_version:
        raise ConcurrentEdit(
            _("Đơn này vừa được người khác cập nhật. Hãy tải lại trang để xem thay đổi rồi thao tác lại.")
        )
    return petition


def _validated(petition: Petition) -> None:
    try:
        petition.full_clean(exclude=["case", "register_number"])
    except ValidationError as exc:
        raise DomainError("; ".join(m for msgs in exc.message_dict.values() for m in msgs)) from exc


def _save(
    petition: Petition,
    *,
    actor: User | None,
    verb: str,
    before: str,
    payload: dict | None = None,
    calendar: WorkCalendar | None = None,
    rules: list[RuleRow] | None = None,
) -> Petition:
    """Validate, recompute deadlines, bump the version, sync the case, and audit: the tail of every service."""
    _validated(petition)
    deadlines_refresh(petition, calendar=calendar, rules=rules)
    petition.version = F("version") + 1
    petition.save()
    petition.refresh_from_db(fields=["version"])
    case_sync(petition.case)
    audit_record(
        actor=actor,
        verb=verb,
        target=petition,
        unit=petition.unit,
        before=before,
        after=petition.status,
        payload=payload or {},
    )
    moved = days_moved(
        received_on=petition.received_on,
        accepted_on=petition.accepted_on,
        settled_on=petition.settled_on,
        today=today(),
        was_open=True,  # every step starts from an open status or leaves one
    )
    spans = spans_moved(petition.unit_id, getattr(petition, "dates_at_lock", None), case_dates(petition), today())
    record_changes({(petition.unit_id, day) for day in moved} | spans)
    return petition


def case_dates(petition: Petition) -> tuple[dt.date | None, dt.date | None, dt.date | None]:
    """The dates that decide in which periods a case is carried over, settled, or overdue."""
    return (petition.accepted_on, petition.settled_on, petition.settlement_due)


def spans_moved(unit_id: int, before: tuple | None, after: tuple, on: dt.date) -> set[tuple[int, dt.date, dt.date]]:
    """For each of those dates that changed, the span between its old and new value, up to `on` (a date
    not yet set counts as today, later days have no figures yet): the periods overlapping it counted the
    case as carried over, open or overdue, and now do not, or the other way round. A new case (`before`
    None) spans from each of its dates to today."""
    before = before or (None,) * len(after)
    spans = set()
    for old, new in zip(before, after, strict=True):
        if old != new:
            first, last = sorted((min(old or on, on), min(new or on, on)))
            if first < last:
                spans.add((unit_id, first, last))
    return spans


def _facts(petition: Petition) -> PetitionFacts:
    pk = petition.pk
    return PetitionFacts(
        kind=petition.kind,
        round=petition.round,
        status=petition.status,
        received_on=petition.received_on,
        accepted_on=petition.accepted_on,
        within_authority=petition.within_authority,
        outcome=petition.outcome,
        notice_sent_on=petition.notice_sent_on,
        complexity=petition.complexity,
        remote_area=petition.remote_area,
        extensions=list(Extension.objects.filter(petition_id=pk).values_list("days", "decision_no")) if pk else [],
        pauses=list(Pause.objects.filter(petition_id=pk).values_list("started_on", "ended_on")) if pk else [],
    )


def deadlines_refresh(
    petition: Petition,
    *,
    calendar: WorkCalendar | None = None,
    rules: list[RuleRow] | None = None,
    on: dt.date | None = None,
) -> None:
    """Recompute and store every deadline of the petition (no save)."""
    result = compute_all(
        _facts(petition),
        rules=rules if rules is not None else load_rules(),
        calendar=calendar or WorkCalendar(),
        today=on or today(),
    )
    petition.deadlines = result.as_json()
    petition.notice_due = result.due(DeadlineEvent.NOTICE)
    petition.acceptance_due = result.due(DeadlineEvent.ACCEPTANCE) or result.due(DeadlineEvent.TRANSFER)
    petition.settlement_due = result.due(DeadlineEvent.SETTLEMENT)
    petition.deadline = result.current
    if petition.deadline is None or petition.deadline >= (on or today()):
        petition.overdue_since = None


def case_sync(case: Case) -> None:
    """Copy the lead petition's settlement facts onto its case (what resolution reports count)."""
    petitions = Petition.objects.filter(case_id=case.pk)
    lead_id = Case.objects.filter(pk=case.pk).values_list("lead_petition_id", flat=True).first()
    lead = (
        (petitions.filter(pk=lead_id) if lead_id else petitions.order_by("received_on", "id"))
        .values(
            "status",
            "within_authority",
            "accepted_on",
            "settlement_due",
            "settled_on",
            lead_unit_id=F("unit_id"),
            lead_province_id=F("province_id"),
            lead_district_id=F("district_id"),
        )
        .first()
    )
    if lead is not None:
        lead["within_authority"] = bool(lead["within_authority"])
        Case.objects.filter(pk=case.pk).update(**lead)
