"""Reads of reception data; all through the scoping rule."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import Count, Prefetch, Q, QuerySet

from petitions.choices import OPEN_STATUSES
from petitions.identity import VISIT
from petitions.models import Petition
from portal.encryption import id_digest, name_digest
from portal.models import Agency, User
from reception.duties import Compliance, compliance_many, duty_agencies_q, head_days_by_agency
from reception.models import ReceptionSession, ReceptionVisit, VisitCitizen


def sessions_visible(user: User) -> QuerySet[ReceptionSession]:
    return (
        ReceptionSession.objects.visible_to(user)
        .select_related("agency", "unit")
        .annotate(visit_count=Count("visits", distinct=True))
        .order_by("-date", "-start_time", "-id")
    )


def session_detail(user: User, pk: int) -> ReceptionSession:
    from portal.scoping import get_visible_or_404

    return get_visible_or_404(
        ReceptionSession.objects.select_related("agency", "unit", "receiver").prefetch_related(
            Prefetch(
                "visits",
                queryset=ReceptionVisit.objects.select_related("petition", "guided_to").prefetch_related("citizens"),
            )
        ),
        user,
        pk=pk,
    )


def visit_identity_visible(user: User, visit: ReceptionVisit) -> bool:
    """A denouncer met at reception is protected like one who wrote: the receiver, the recorder, the head.

    Reads visit.session: load it with its agency (`session.visits.all()` hands each visit its session)."""
    return VISIT.allows(user, visit)


class VisitRow(NamedTuple):
    visit: ReceptionVisit
    identity_visible: bool  # else the citizens are named as a protected denouncer, as on every page


def session_visit_rows(user: User, session: ReceptionSession) -> list[VisitRow]:
    """The session's visits as its page and its printed minutes show them, each with whether `user`
    may see who came. `session` comes from `session_detail` (visits, citizens and agency loaded)."""
    return [VisitRow(visit, visit_identity_visible(user, visit)) for visit in session.visits.all()]


@dataclass
class CitizenHistory:
    visits: list[ReceptionVisit]
    petitions: list[Petition]


def citizen_history(user: User, text: str, *, limit: int = 10) -> CitizenHistory:
    """Earlier visits and open petitions of a person, by name or ID number (repeat-visit detection)."""
    text = text.strip()
    if len(text) < 3:
        return CitizenHistory([], [])
    by_id = text.isdigit()
    person = Q(id_digest=id_digest(text)) if by_id else Q(name_digest=name_digest(text))
    visit_ids = VisitCitizen.objects.filter(person).values("visit_id")
    visits = list(
        ReceptionVisit.objects.visible_to(user)
        .filter(pk__in=visit_ids)
        .filter(VISIT.q(user))
        .select_related("session__agency")
        .order_by("-session__date")[:limit]
    )
    petition_person = (
        Q(petitioners__id_digest=id_digest(text)) if by_id else Q(petitioners__name_digest=name_digest(text))
    )
    petitions = list(
        Petition.objects.visible_to(user)
        .filter(status__in=OPEN_STATUSES)
        .filter(petition_person)
        .filter(Petition.objects.identity_visible_q(user))
        .distinct()
        .order_by("-received_on")[:limit]
    )
    return CitizenHistory(visits, petitions)


@dataclass
class AgencyCompliance:
    agency: Agency
    result: Compliance


def duty_overview(user: User, start: dt.date, end: dt.date) -> list[AgencyCompliance]:
    """Compliance of every head with a reception duty in the user's subtree (two queries)."""
    agencies = list(
        Agency.objects.visible_to(user).filter(duty_agencies_q()).select_related("unit").order_by("unit__path", "name")
    )
    held = head_days_by_agency(
        ReceptionSession.objects.visible_to(user).filter(
            date__gte=start, date__lte=end, agency__in=[a.pk for a in agencies]
        )
    )
    judged = compliance_many(agencies, start=start, end=end, held=held)  # thousands of heads in a country
    results = [AgencyCompliance(agency, judged[agency.pk]) for agency in agencies]
    return [r for r in results if r.result.required]
