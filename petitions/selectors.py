"""Reads of petitions; every one goes through the scoping rule, and identity through `identity_visible`."""

from __future__ import annotations

import datetime as dt

from django.db.models import Case as SqlCase
from django.db.models import CharField, Count, Exists, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone

from petitions import identity
from petitions.choices import OPEN_STATUSES
from petitions.deadlines import band_q, deadline_bands
from petitions.models import Case, Petition, Petitioner, Proposal
from petitions.services import petition_identity_viewed
from portal.encryption import id_digest, name_digest
from portal.models import User
from portal.scoping import get_visible_or_404
from portal.text import fold
from portal.workcalendar import WorkCalendar

LIST_RELATED = ["unit", "handling_agency", "case"]


def with_deadline_state(
    queryset: QuerySet, *, on: dt.date | None = None, calendar: WorkCalendar | None = None
) -> QuerySet:
    """Annotate `deadline_state` (on_track, due_soon, overdue) in SQL, for lists and counts."""
    bands = deadline_bands(on or timezone.localdate(), calendar)
    return queryset.annotate(
        deadline_state=SqlCase(
            When(deadline__isnull=True, then=Value(None)),
            *(When(band_q(band), then=Value(str(band[0]))) for band in bands),
            default=Value(None),
            output_field=CharField(),
        )
    )


def petitions_visible(user: User) -> QuerySet[Petition]:
    return Petition.objects.visible_to(user).select_related(*LIST_RELATED)


def case_by_code(user: User, code: str) -> Case | None:
    """The case with this code that `user` may see: codes are unique per unit, so where a code
    names cases in several units of the scope, the one in the user's own unit is meant; otherwise
    the code is ambiguous and names none (the user then picks the case from its page)."""
    cases = list(Case.objects.visible_to(user).filter(code=code.strip()).select_related("unit")[:50])
    if len(cases) == 1:
        return cases[0]
    own_unit_id = user.agency.unit_id if user.agency_id else None
    own = [case for case in cases if case.unit_id == own_unit_id]
    return own[0] if len(own) == 1 else None


def petition_for(user: User, pk: int) -> Petition:
    """One petition the user may see, or 404 (a foreign one looks exactly like a missing one)."""
    return get_visible_or_404(
        Petition.objects.select_related(
            "unit",
            "receiving_agency",
            "handling_agency__unit",
            "handling_agency__head",
            "case",
            "transferred_to",
            "parent",
        ),
        user,
        pk=pk,
    )


def identity_visible(user: User, petition: Petition) -> bool:
    """A denouncer's identity: only the officials assigned to the case and the head of the handling agency."""
    return identity.PETITION.allows(user, petition)


def draft_visible(user: User, proposal: Proposal) -> bool:
    """A proposal's draft: the identity's keepers, and whoever decides the proposal while it waits."""
    return identity.draft_visible(user, proposal)


def petitioners_shown(user: User, petition: Petition) -> list[Petitioner] | None:
    """The petitioners this user may see (None: hidden behind the pseudonym); logs every confidential look."""
    if not identity_visible(user, petition):
        return None
    people = list(petition.petitioners.all())
    if petition.is_confidential and people:
        petition_identity_viewed(actor=user, petition=petition)
    return people


def text_search_q(user: User, text: str) -> Q:
    """Search register number and content, and petitioner names only where the identity is visible."""
    folded = fold(text)
    # A subquery, not a join: the join made every list searched by name DISTINCT over the whole register. And one
    # asked of each row (its one or two petitioners, by their index), not of the country's petitioners at once:
    # a scope's list reads its own rows in order and stops at a page (docs/performance.md).
    # A denouncer's folded name is not stored (docs/security.md): the exact name or ID number finds him by digest.
    named = Petitioner.objects.filter(
        Q(search_name__contains=folded) | Q(name_digest=name_digest(text)) | Q(id_digest=id_digest(text)),
        petition=OuterRef("pk"),
    )
    by_name = Exists(named)
    return Q(search_text__contains=folded) | (by_name & Petition.objects.identity_visible_q(user))


def my_work(user: User) -> QuerySet[Petition]:
    """Open petitions the official handles, most urgent first."""
    return with_deadline_state(
        petitions_visible(user)
        .filter(status__in=OPEN_STATUSES)
        .filter(Q(assignees=user) | Q(created_by=user) | Q(handling_agency__head=user))
        .distinct()
        .order_by("deadline", "received_on")
    )


def my_work_counts(user: User, *, undated: bool = False) -> list[dict]:
    """How many of the official's open petitions are overdue, due soon or on track (one grouped query);
    with `undated`, also those without a deadline yet (their state is None)."""
    mine = with_deadline_state(Petition.objects.filter(pk__in=my_work(user).order_by().values("pk")))
    return list(
        (mine if undated else mine.exclude(deadline__isnull=True))
        .order_by()
        .values("deadline_state")
        .annotate(n=Count("pk"))
    )


def duplicate_candidates(
    user: User,
    *,
    name: str = "",
    id_number: str = "",
    summary: str = "",
    received_on: dt.date | None = None,
    limit: int = 5,
) -> list[Petition]:
    """Likely repeats at intake: the same petitioner (or ID) in the last 12 months, ranked by shared words."""
    name, id_number = fold(name), id_number.strip()
    if len(name) < 3 and len(id_number) < 6:
        return []
    since = (received_on or timezone.localdate()) - dt.timedelta(days=365)
    same_person = Q()
    if len(name) >= 3:
        same_person |= Q(petitioners__name_digest=name_digest(name))
    if len(id_number) >= 6:
        same_person |= Q(petitioners__id_digest=id_digest(id_number))
    candidates = list(
        petitions_visible(user)
        .filter(received_on__gte=since)
        .filter(same_person & Petition.objects.identity_visible_q(user))
        .distinct()
        .order_by("-received_on")[:50]
    )
    words = {w for w in fold(summary).split() if len(w) > 2}

    def overlap(petition: Petition) -> int:
        return len(words & set(petition.search_text.split()))

    return sorted(candidates, key=overlap, reverse=True)[:limit]
