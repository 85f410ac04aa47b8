"""Nightly work over many petitions: recomputing deadlines after a rule change, marking and notifying overdue ones."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from petitions.deadlines import (
    load_rules,
)
from petitions.metrics import days_moved
from petitions.models import Petition
from petitions.services.common import (
    case_dates,
    case_sync,
    deadlines_refresh,
    spans_moved,
    today,
)
from portal.models import Notification, User
from portal.services import audit_record
from portal.workcalendar import WorkCalendar


def petitions_recompute_deadlines(*, petition_ids: Iterable[int] | None = None) -> int:
    """Recompute open petitions' deadlines (after the holiday table or a rule changed). Idempotent."""
    from portal.changes import record_changes

    calendar, rules = WorkCalendar(), load_rules()
    queryset = Petition.objects.open().select_related("case")
    if petition_ids is not None:
        queryset = queryset.filter(pk__in=list(petition_ids))
    changed, touched = 0, set()
    for petition in queryset.iterator(chunk_size=500):
        old = (petition.notice_due, petition.acceptance_due, petition.settlement_due, petition.deadline)
        dates = case_dates(petition)
        deadlines_refresh(petition, calendar=calendar, rules=rules)
        if old != (petition.notice_due, petition.acceptance_due, petition.settlement_due, petition.deadline):
            with transaction.atomic():
                petition.save(
                    update_fields=[
                        "deadlines",
                        "notice_due",
                        "acceptance_due",
                        "settlement_due",
                        "deadline",
                        "overdue_since",
                    ]
                )
                case_sync(petition.case)
            changed += 1
            touched |= _moved(petition, today())
            touched |= spans_moved(petition.unit_id, dates, case_dates(petition), today())  # the overdue ones
    record_changes(touched)  # each touched unit and day once, not once per petition
    return changed


def petitions_mark_overdue(*, on: dt.date | None = None) -> int:
    """Mark open petitions past their deadline and notify their handlers and leaders, once each."""
    from portal.changes import record_changes

    on = on or today()
    touched = set()
    newly = list(
        Petition.objects.open()
        .filter(deadline__lt=on, overdue_since__isnull=True)
        .select_related("handling_agency__head", "created_by")
    )
    for petition in newly:
        with transaction.atomic():
            updated = Petition.objects.filter(pk=petition.pk, overdue_since__isnull=True).update(
                overdue_since=petition.deadline + dt.timedelta(days=1)
            )
            if updated:
                _notify_overdue(petition)
                audit_record(
                    actor=None,
                    verb="petition.overdue",
                    target=petition,
                    unit=petition.unit,
                    payload={"deadline": petition.deadline.isoformat()},
                )
                touched |= _moved(petition, on)
    record_changes(touched)  # each touched unit and day once, not once per petition
    return len(newly)


def _notify_overdue(petition: Petition) -> None:
    from portal.choices import Role

    recipients = set(petition.assignees.all())
    if petition.created_by:
        recipients.add(petition.created_by)
    if petition.handling_agency.head:
        recipients.add(petition.handling_agency.head)
    recipients |= set(User.objects.filter(agency=petition.handling_agency, groups__name=Role.LEADER, is_active=True))
    # The message names the register number only: never the petitioner (confidentiality).
    message = _("Đơn %(number)s đã quá hạn (hạn %(deadline)s).") % {
        "number": petition.register_number,
        "deadline": petition.deadline.strftime("%d/%m/%Y"),
    }
    for user in recipients:
        Notification.objects.get_or_create(
            recipient=user,
            dedupe_key=f"petition-overdue:{petition.pk}:{petition.deadline.isoformat()}",
            defaults={"verb": "petition.overdue", "message": message, "url": f"/petitions/{petition.pk}/"},
        )


def _moved(petition: Petition, on: dt.date) -> set[tuple[int, dt.date]]:
    days = days_moved(
        received_on=petition.received_on,
        accepted_on=petition.accepted_on,
        settled_on=petition.settled_on,
        today=on,
        was_open=True,
    )
    return {(petition.unit_id, day) for day in days}


def petitions_follow_remote_area(*, unit_id: int, remote_area: bool, actor: User | None = None) -> int:
    """The unit's remote-area flag changed: its open petitions take it, and their deadlines move (each audited).

    Settled and closed petitions keep the flag they were decided under."""
    petitions = list(
        Petition.objects.open().filter(unit_id=unit_id).exclude(remote_area=remote_area).select_related("unit")
    )
    if not petitions:
        return 0
    before = {p.pk: p.deadline for p in petitions}
    Petition.objects.filter(pk__in=list(before)).update(remote_area=remote_area)
    petitions_recompute_deadlines(petition_ids=list(before))
    after = dict(Petition.objects.filter(pk__in=list(before)).values_list("pk", "deadline"))
    for petition in petitions:
        audit_record(
            actor=actor,
            verb="petition.remote_area_changed",
            target=petition,
            unit=petition.unit,
            before=before[petition.pk].isoformat() if before[petition.pk] else "",
            after=after[petition.pk].isoformat() if after[petition.pk] else "",
            payload={"remote_area": remote_area},
        )
    return len(petitions)
