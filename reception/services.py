"""Write operations of citizen reception; each runs in one transaction and writes the audit trail."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from petitions.choices import Channel
from petitions.services import PetitionerData, petition_receive
from portal.changes import record_changed
from portal.models import Agency, User
from portal.services import DomainError, audit_record
from portal.text import fold
from reception.choices import VisitAction
from reception.models import ReceptionSchedule, ReceptionSession, ReceptionVisit, VisitCitizen


@dataclass
class CitizenData:
    full_name: str
    id_number: str = ""
    address: str = ""
    phone: str = ""
    is_representative: bool = False
    ethnicity: str = ""


@dataclass
class VisitData:
    kind: str
    content: str
    action: str
    citizens: list[CitizenData] = field(default_factory=list)
    people_count: int = 1
    representatives: int = 0
    first_visit: bool = True
    field: str = "other"
    guided_to: Agency | None = None
    refusal_ground: str = ""
    refusal_notice_no: str = ""
    refusal_notice_on: dt.date | None = None
    notes: str = ""
    summary: str = ""  # for the petition a visit opens; defaults to the start of the content


def _messages(error: ValidationError) -> str:
    if hasattr(error, "message_dict"):
        return "; ".join(m for msgs in error.message_dict.values() for m in msgs)
    return "; ".join(error.messages)


def _clean(instance) -> None:
    try:
        instance.full_clean(exclude=["session", "petition"])
    except ValidationError as error:
        raise DomainError(_messages(error)) from error


def _add_visit(*, actor: User | None, session: ReceptionSession, data: VisitData, position: int) -> ReceptionVisit:
    people = max(data.people_count, len(data.citizens), 1)
    visit = ReceptionVisit(
        session=session,
        people_count=people,
        representatives=data.representatives,
        first_visit=data.first_visit,
        kind=data.kind,
        field=data.field,
        content=data.content.strip(),
        action=data.action,
        guided_to=data.guided_to if data.action == VisitAction.GUIDED else None,
        refusal_ground=data.refusal_ground if data.action == VisitAction.REFUSED else "",
        refusal_notice_no=data.refusal_notice_no,
        refusal_notice_on=data.refusal_notice_on,
        notes=data.notes,
    )
    if not data.citizens:
        raise DomainError(_("Lượt tiếp %(n)s: hãy nhập họ tên công dân.") % {"n": position})
    try:
        visit.full_clean(exclude=["session", "petition"])
    except ValidationError as error:
        raise DomainError(_("Lượt tiếp %(n)s: %(errors)s") % {"n": position, "errors": _messages(error)}) from error
    visit.save()
    VisitCitizen.objects.bulk_create(
        [
            VisitCitizen(
                visit=visit,
                full_name=c.full_name.strip(),
                id_number=c.id_number.strip(),
                address=c.address,
                phone=c.phone,
                is_representative=c.is_representative,
                ethnicity=c.ethnicity,
                search_name=fold(c.full_name),
            )
            for c in data.citizens
        ]
    )
    if data.action == VisitAction.PETITION:
        petition = petition_receive(
            actor=actor,
            receiving_agency=session.agency,
            kind=data.kind,
            channel=Channel.RECEPTION,
            received_on=session.date,
            summary=(data.summary or data.content)[:255],
            content=data.content,
            field=data.field,
            petitioners=[
                PetitionerData(c.full_name, c.address, c.id_number, c.phone, c.is_representative, c.ethnicity)
                for c in data.citizens
            ],
            assignees=[actor] if actor is not None and actor.is_authenticated else [],
        )
        visit.petition = petition
        visit.save(update_fields=["petition"])
        audit_record(
            actor=actor,
            verb="reception_visit.petition_opened",
            target=session,
            unit=session.unit,
            payload={"petition": petition.register_number},
        )
    return visit


@transaction.atomic
def reception_session_record(
    *,
    actor: User | None,
    agency: Agency,
    date: dt.date,
    kind: str,
    received_by: str,
    receiver_name: str,
    visits: Iterable[VisitData],
    place: str = "headquarters",
    start_time: dt.time | None = None,
    end_time: dt.time | None = None,
    receiver: User | None = None,
    adhoc_reason: str = "",
    participants: str = "",
    notes: str = "",
) -> ReceptionSession:
    """Record a session with its visits; a visit whose result is "petition received" opens a petition."""
    if date > timezone.localdate():
        raise DomainError(_("Ngày tiếp không thể ở tương lai."))
    session = ReceptionSession(
        unit=agency.unit,
        agency=agency,
        date=date,
        start_time=start_time,
        end_time=end_time,
        place=place,
        kind=kind,
        received_by=received_by,
        receiver=receiver,
        receiver_name=receiver_name.strip(),
        adhoc_reason=adhoc_reason,
        participants=participants,
        notes=notes,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    _clean(session)
    session.save()
    visits = list(visits)
    for position, data in enumerate(visits, start=1):
        _add_visit(actor=actor, session=session, data=data, position=position)
    audit_record(
        actor=actor,
        verb="reception_session.created",
        target=session,
        unit=session.unit,
        payload={"visits": len(visits), "kind": kind, "received_by": received_by},
    )
    record_changed(unit_id=session.unit_id, on=session.date)
    return session


SESSION_FIELDS = (
    "date",
    "start_time",
    "end_time",
    "place",
    "kind",
    "received_by",
    "receiver_name",
    "adhoc_reason",
    "participants",
    "notes",
)


@transaction.atomic
def reception_session_update(
    *, actor: User | None, session_id: int, expected_version: int | None, **changes
) -> ReceptionSession:
    """Edit a session's details; edits after the day of the session are flagged in the audit trail."""
    session = ReceptionSession.objects.select_for_update().get(pk=session_id)
    if expected_version is not None and session.version != expected_version:
        raise DomainError(_("Buổi tiếp vừa được người khác cập nhật. Hãy tải lại trang."))
    unknown = set(changes) - set(SESSION_FIELDS)
    if unknown:
        raise DomainError(_("Không sửa được: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    before = {name: str(getattr(session, name)) for name in changes}
    for name, value in changes.items():
        setattr(session, name, value)
    _clean(session)
    session.version = F("version") + 1
    session.save()
    session.refresh_from_db()
    late = timezone.localdate() > session.date
    audit_record(
        actor=actor,
        verb="reception_session.changed_after_day" if late else "reception_session.changed",
        target=session,
        unit=session.unit,
        payload={"before": before, "after": {k: str(v) for k, v in changes.items()}},
    )
    record_changed(unit_id=session.unit_id, on=session.date)
    return session


@transaction.atomic
def reception_visit_add(*, actor: User | None, session_id: int, data: VisitData) -> ReceptionVisit:
    session = ReceptionSession.objects.select_for_update().get(pk=session_id)
    position = session.visits.count() + 1
    visit = _add_visit(actor=actor, session=session, data=data, position=position)
    ReceptionSession.objects.filter(pk=session.pk).update(version=F("version") + 1)
    late = timezone.localdate() > session.date
    audit_record(
        actor=actor,
        verb="reception_session.changed_after_day" if late else "reception_session.changed",
        target=session,
        unit=session.unit,
        payload={"visit_added": visit.pk},
    )
    record_changed(unit_id=session.unit_id, on=session.date)
    return visit


@transaction.atomic
def reception_schedule_publish(
    *,
    actor: User | None,
    agency: Agency,
    date: dt.date,
    start_time: dt.time,
    end_time: dt.time,
    place: str,
    receiver_name: str,
    note: str = "",
    is_public: bool = True,
) -> ReceptionSchedule:
    """Add a planned reception day of the head to the agency's published schedule."""
    entry = ReceptionSchedule(
        agency=agency,
        date=date,
        start_time=start_time,
        end_time=end_time,
        place=place,
        receiver_name=receiver_name,
        note=note,
        is_public=is_public,
    )
    try:
        entry.full_clean()
    except ValidationError as error:
        raise DomainError(_messages(error)) from error
    entry.save()
    audit_record(
        actor=actor,
        verb="reception_schedule.published",
        target=entry,
        unit=agency.unit,
        payload={"date": date.isoformat()},
    )
    return entry
