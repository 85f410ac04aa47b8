"""Intake: registering a petition (number, case, deadlines) and the first handling steps."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from petitions import workflow
from petitions.choices import (
    Complexity,
    Outcome,
    Status,
)
from petitions.deadlines import (
    RuleRow,
)
from petitions.models import Case, Petition, Petitioner, RegisterCounter
from petitions.services.common import (
    PetitionerData,
    _lock,
    _save,
    _validated,
    case_sync,
    deadlines_refresh,
    today,
)
from portal.changes import record_changed
from portal.choices import Generation
from portal.models import Agency, CatalogEntry, User, index_identity
from portal.scoping import ensure_in_scope
from portal.services import DomainError, audit_record
from portal.workcalendar import WorkCalendar


def _next_register_number(unit, year: int) -> str:
    counter, _created = RegisterCounter.objects.select_for_update().get_or_create(unit=unit, year=year)
    counter.last_number = F("last_number") + 1
    counter.save(update_fields=["last_number"])
    counter.refresh_from_db(fields=["last_number"])
    prefix = unit.code if unit.generation == Generation.CURRENT else f"L{unit.code}"
    return f"{prefix}-{year}-{counter.last_number:06d}"


def _new_case(*, unit, kind: str, title: str, received_on: dt.date) -> Case:
    case = Case.objects.create(code=f"tmp-{timezone.now().timestamp()}", unit=unit, kind=kind, title=title[:255])
    prefix = unit.code if unit.generation == Generation.CURRENT else f"L{unit.code}"
    case.code = f"VV-{prefix}-{received_on.year}-{case.pk:06d}"
    case.save(update_fields=["code"])
    return case


@transaction.atomic
def petition_receive(
    *,
    actor: User | None,
    receiving_agency: Agency,
    kind: str,
    channel: str,
    received_on: dt.date,
    summary: str,
    petitioners: Iterable[PetitionerData],
    content: str = "",
    field: str = "other",
    subfield: str = "",
    round: int = 1,
    is_anonymous: bool = False,
    has_specific_evidence: bool = False,
    handling_agency: Agency | None = None,
    case: Case | None = None,
    register_number: str | None = None,
    complexity: str = Complexity.NORMAL,
    remote_area: bool | None = None,
    assignees: Iterable[User] = (),
    parent: Petition | None = None,
    calendar: WorkCalendar | None = None,
    rules: list[RuleRow] | None = None,
) -> Petition:
    """Register a petition (đơn): number, case (new or the existing one it repeats), deadlines, audit."""
    petitioners = list(petitioners)
    if not petitioners and not is_anonymous:
        raise DomainError(_("Hãy nhập người gửi đơn, hoặc đánh dấu đơn nặc danh."))
    if received_on > today():
        raise DomainError(_("Ngày nhận đơn không thể ở tương lai."))
    unit = receiving_agency.unit
    # Agencies are public reference data, so the refusal may name the agency; a second round is received
    # by the second-round authority, whose own officials (or those above) register it.
    ensure_in_scope(
        actor,
        unit,
        missing=_("Cơ quan tiếp nhận (%(agency)s) nằm ngoài phạm vi đơn vị của bạn; đơn do cơ quan đó vào sổ.")
        % {"agency": receiving_agency.name},
    )
    if (
        subfield
        and not CatalogEntry.objects.filter(
            catalog=CatalogEntry.Catalog.CONTENT_FIELD, code=subfield, parent__code=field
        ).exists()
    ):
        raise DomainError(_("Nội dung cụ thể không thuộc lĩnh vực đã chọn."))
    petition = Petition(
        register_number=register_number or _next_register_number(unit, received_on.year),
        unit=unit,
        receiving_agency=receiving_agency,
        handling_agency=handling_agency or receiving_agency,
        kind=kind,
        round=round,
        channel=channel,
        received_on=received_on,
        summary=summary.strip(),
        content=content,
        field=field,
        subfield=subfield,
        is_anonymous=is_anonymous,
        has_specific_evidence=has_specific_evidence,
        complexity=complexity,
        remote_area=unit.remote_area if remote_area is None else remote_area,
        parent=parent,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    if case is None:
        case = _new_case(unit=unit, kind=kind, title=summary, received_on=received_on)
    petition.case = case
    _validated(petition)
    deadlines_refresh(petition, calendar=calendar, rules=rules)
    petition.save()
    Petitioner.objects.bulk_create(
        [
            index_identity(
                Petitioner(
                    petition=petition,
                    full_name=p.full_name.strip(),
                    address=p.address,
                    id_number=p.id_number,
                    phone=p.phone,
                    is_representative=p.is_representative,
                    ethnicity=p.ethnicity,
                    nationality=p.nationality or "Việt Nam",
                ),
                confidential=petition.is_confidential,
            )
            for p in petitioners
        ]
    )
    if assignees:
        petition.assignees.set(assignees)
    case_sync(case)
    # Never put the petitioner's identity in the audit payload: logs are read by more people.
    audit_record(
        actor=actor,
        verb="petition.received",
        target=petition,
        unit=unit,
        after=petition.status,
        payload={"kind": kind, "channel": channel, "case": case.code, "petitioners": len(petitioners)},
    )
    record_changed(unit_id=unit.pk, on=received_on)
    return petition


@transaction.atomic
def petition_classify(
    *,
    actor: User | None,
    petition_id: int,
    expected_version: int | None,
    qualified: bool,
    within_authority: bool,
    unqualified_reason: str = "",
    field: str | None = None,
    subfield: str | None = None,
    complexity: str | None = None,
    handling_agency: Agency | None = None,
    on: dt.date | None = None,
) -> Petition:
    """Record whether the petition can be handled and whether it is within the agency's authority.

    The field and sub-field change only when given (None keeps them; "" clears the sub-field), and a
    sub-field must belong to its field, as at intake.
    """
    petition = _lock(petition_id, expected_version, actor)
    before = petition.status
    workflow.ensure("classify", petition)
    petition.qualified, petition.within_authority = qualified, within_authority
    petition.unqualified_reason = "" if qualified else unqualified_reason.strip()
    changed = (field and field != petition.field) or (subfield is not None and subfield != petition.subfield)
    if field:
        petition.field = field
    if subfield is not None:
        petition.subfield = subfield
    if (
        changed
        and petition.subfield
        and not CatalogEntry.objects.filter(
            catalog=CatalogEntry.Catalog.CONTENT_FIELD, code=petition.subfield, parent__code=petition.field
        ).exists()
    ):
        raise DomainError(
            _("Nội dung cụ thể không thuộc lĩnh vực đã chọn: hãy chọn lại nội dung cụ thể hoặc để trống.")
        )
    if complexity:
        petition.complexity = complexity
    if handling_agency is not None:
        petition.handling_agency = handling_agency
    petition.classified_on = on or today()
    petition.status = Status.CLASSIFIED
    return _save(
        petition,
        actor=actor,
        verb="petition.classified",
        before=before,
        payload={
            "qualified": qualified,
            "within_authority": within_authority,
            "legal_basis": "Thông tư 05/2021/TT-TTCP",
        },
    )


@transaction.atomic
def petition_accept(
    *,
    actor: User | None,
    petition_id: int,
    expected_version: int | None,
    accepted_on: dt.date,
    notice_sent_on: dt.date | None = None,
) -> Petition:
    """Accept for settlement (thụ lý): the settlement clock starts; the acceptance notice goes out."""
    petition = _lock(petition_id, expected_version, actor)
    before = petition.status
    workflow.ensure("accept", petition)
    if accepted_on > today():
        raise DomainError(_("Ngày thụ lý không thể ở tương lai."))
    petition.status, petition.outcome = Status.ACCEPTED, Outcome.ACCEPTED
    petition.accepted_on = petition.processed_on = accepted_on
    petition.notice_sent_on = petition.notice_sent_on or notice_sent_on or accepted_on
    Case.objects.filter(pk=petition.case_id).update(lead_petition=petition)
    petition.case.lead_petition = petition
    return _save(
        petition,
        actor=actor,
        verb="petition.accepted",
        before=before,
        payload={"accepted_on": accepted_on.isoformat()},
    )


@transaction.atomic
def petition_process(
    *,
    actor: User | None,
    petition_id: int,
    expected_version: int | None,
    outcome: str,
    processed_on: dt.date,
    transferred_to: Agency | None = None,
    note: str = "",
) -> Petition:
    """Close intake without acceptance: guide, transfer, urge or store (DOMAIN R2.4)."""
    if outcome not in (Outcome.GUIDED, Outcome.TRANSFERRED, Outcome.URGED, Outcome.STORED):
        raise DomainError(_("Kết quả xử lý không hợp lệ."))
    petition = _lock(petition_id, expected_version, actor)
    before = petition.status
    workflow.ensure("process", petition)
    if processed_on > today():
        raise DomainError(_("Ngày xử lý không thể ở tương lai."))
    petition.status, petition.outcome, petition.processed_on = Status.PROCESSED, outcome, processed_on
    petition.transferred_to = transferred_to if outcome == Outcome.TRANSFERRED else None
    petition.notice_sent_on = petition.notice_sent_on or processed_on
    return _save(
        petition,
        actor=actor,
        verb=f"petition.{outcome}",
        before=before,
        payload={"note": note, "transferred_to": transferred_to.name if transferred_to else ""},
    )


@transaction.atomic
def petition_record_transfer_reply(
    *,
    actor: User | None,
    petition_id: int,
    expected_version: int | None,
    replied_on: dt.date,
    note: str,
) -> Petition:
    petition = _lock(petition_id, expected_version, actor)
    workflow.ensure("transfer_reply", petition)
    petition.transfer_reply_on, petition.transfer_reply_note = replied_on, note.strip()
    return _save(petition, actor=actor, verb="petition.transfer_reply", before=petition.status)


@transaction.atomic
def petition_lookup_code_renew(*, actor: User | None, petition_id: int) -> Petition:
    """Give the petition a new look-up code (a receipt lost, a code shared too widely): the old one stops
    working at once. The audit trail records that it changed, never the code."""
    from petitions.lookup import new_lookup_code
    from portal.services import NotPermitted

    petition = _lock(petition_id, None, actor)
    if actor is not None and not actor.has_perm("petitions.change_petition"):
        raise NotPermitted(_("Bạn không có quyền cấp lại mã tra cứu của đơn."))
    petition.lookup_code = new_lookup_code()
    petition.save(update_fields=["lookup_code", "updated_at"])
    audit_record(actor=actor, verb="petition.lookup_code_renewed", target=petition, unit=petition.unit)
    return petition
