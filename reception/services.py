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
from petitions.identity import is_confidential
from petitions.services import PetitionerData, petition_receive
from portal.changes import record_changed
from portal.concurrency import ensure_current
from portal.models import Agency, User, index_identity
from portal.scoping import ensure_in_scope
from portal.services import DomainError, NotFound, audit_record
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
            index_identity(
                VisitCitizen(
                    visit=visit,
                    full_name=c.full_name.strip(),
                    id_number=c.id_number.strip(),
                    address=c.address,
                    phone=c.phone,
                    is_representative=c.is_representative,
                    ethnicity=c.ethnicity,
                ),
                confidential=is_confidential(visit.kind),
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


def _session_locked(session_id: int, actor: User | None) -> ReceptionSession:
    """The session, locked for the change, if `actor` may see it; outside the scope it is "not found"."""
    missing = _("Không tìm thấy buổi tiếp.")
    session = ReceptionSession.objects.select_for_update().select_related("unit").filter(pk=session_id).first()
    if session is None:
        raise NotFound(missing)
    ensure_in_scope(actor, session.unit, missing=missing)
    return session


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
    ensure_in_scope(actor, agency.unit, missing=_("Không tìm thấy cơ quan."))
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
    session = _session_locked(session_id, actor)
    ensure_current(session, expected_version, message=_("Buổi tiếp vừa được người khác cập nhật. Hãy tải lại trang."))
    unknown = set(changes) - set(SESSION_FIELDS)
    if unknown:
        raise DomainError(_("Không sửa được: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    before = {name: str(getattr(session, name)) for name in changes}
    moved_from = session.date  # a session moved to another day changes the figures of both days
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
    for day in {moved_from, session.date}:
        record_changed(unit_id=session.unit_id, on=day)
    return session


@transaction.atomic
def reception_visit_add(*, actor: User | None, session_id: int, data: VisitData) -> ReceptionVisit:
    session = _session_locked(session_id, actor)
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
    ensure_in_scope(actor, agency.unit, missing=_("Không tìm thấy cơ quan."))
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


# --- reminders of the heads' reception duty ------------------------------------------------------

# A head is reminded when this many working days or fewer remain in a week or month of the duty
# that is not yet met: late enough not to nag, early enough to fit a reception day in.
DUTY_REMINDER_WORKING_DAYS = 5


def duty_reminders_send(*, on: dt.date | None = None) -> int:
    """Remind each head whose personal reception duty for the current week or month is not yet met.

    One notification per head and duty period (idempotent: a sweep that runs twice reminds once).
    Two queries for the agencies and their in-person days, whatever the number of heads.
    """
    from portal.models import Notification
    from portal.workcalendar import WorkCalendar
    from reception.duties import agency_compliance, duty_agencies_q, head_days_by_agency

    on = on or timezone.localdate()
    since = min(on.replace(day=1), on - dt.timedelta(days=on.weekday()))  # the month's and the week's start
    agencies = list(
        # An active agency is the operator's word that it works today, on whichever map its unit is.
        Agency.objects.filter(duty_agencies_q(), head__is_active=True).select_related("unit", "head")
    )
    held = head_days_by_agency(
        ReceptionSession.objects.filter(date__gte=since, date__lte=on, agency__in=[a.pk for a in agencies])
    )
    calendar = WorkCalendar()
    sent = 0
    for agency in agencies:
        result = agency_compliance(agency, start=since, end=on, held_dates=held.get(agency.pk, []))
        for period in result.periods:
            if not period.start <= on <= period.end or period.met:
                continue
            left = calendar.working_days_between(on, period.end) + (1 if calendar.is_working_day(on) else 0)
            if left > DUTY_REMINDER_WORKING_DAYS:
                continue
            message = _(
                "Đồng chí đã tiếp công dân trực tiếp %(held)s/%(required)s ngày theo quy định (%(duty)s); "
                "còn %(left)s ngày làm việc đến hết ngày %(end)s."
            ) % {
                "held": period.counted,
                "required": period.required,
                "duty": period.duty.label,
                "left": left,
                "end": period.end.strftime("%d/%m/%Y"),
            }
            _notification, created = Notification.objects.get_or_create(
                recipient=agency.head,
                dedupe_key=f"reception-duty:{agency.pk}:{period.duty.key}:{period.start.isoformat()}",
                defaults={
                    "verb": "reception.duty_reminder",
                    "message": message,
                    "url": f"/reception/duty/{agency.pk}/",
                },
            )
            sent += created
    return sent
