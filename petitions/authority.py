"""Who decides on a case: the head of the handling agency, or a deputy the head designated for the step.

One rule for approving proposals, assigning handlers and assigning verification, checked by the services
(so the page, the API, the admin and batch actions all get it). An agency with nobody to decide a step
(no head, no deputy designated for it: e.g. a district inspectorate) hands the decision to the People's
Committee of its unit, and failing that to the committee of each unit above, so a proposal always
reaches someone: the queue, the notification, the "who will decide" line and the check on a decision
all read `Authority.decider`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from petitions.models import ApprovalDelegate, Petition
from portal.choices import AgencyKind
from portal.models import Agency, User

ASSIGN_STEP = "assign"
VERIFICATION_STEP = "assign_verification"

# Steps a head may delegate, besides the approval steps (labels for the admin's help text).
DELEGABLE_STEPS = {
    ASSIGN_STEP: _("Giao cán bộ xử lý"),
    VERIFICATION_STEP: _("Giao xác minh"),
}


def _unit_chain(path: str) -> list[str]:
    """The unit's path and those of the units above it, nearest first ("legacy/06/061/" → itself, "legacy/06/")."""
    parts = path.strip("/").split("/")
    return ["/".join(parts[:i]) + "/" for i in range(len(parts), 1, -1)]


@dataclass(frozen=True)
class Decider:
    """Who decides a step for a handling agency: the approvers, and the agency on whose behalf they decide."""

    handling: Agency
    agency: Agency | None  # the handling agency itself, a People's Committee standing in for it, or nobody
    approvers: tuple[User, ...]

    @property
    def ids(self) -> frozenset[int]:
        return frozenset(user.pk for user in self.approvers)

    @property
    def is_fallback(self) -> bool:
        return self.agency is not None and self.agency.pk != self.handling.pk

    def describe(self) -> str:
        """Who will decide, as the proposer reads it: "Nguyễn Văn A, Chủ tịch Ủy ban nhân dân Huyện Ba Bể"."""
        if not self.approvers:
            return str(
                _(
                    "chưa có ai có thẩm quyền duyệt (%(agency)s và Ủy ban nhân dân các cấp chưa có thủ trưởng); "
                    "hãy báo quản trị hệ thống."
                )
                % {"agency": self.handling.name}
            )
        people = "; ".join(_person(user, self.agency) for user in self.approvers)
        if not self.is_fallback:
            return people
        return str(
            _("%(people)s (thay %(agency)s, cơ quan chưa có thủ trưởng hoặc người được ủy quyền duyệt)")
            % {"people": people, "agency": self.handling.name}
        )


def _person(user: User, deciding: Agency | None) -> str:
    agency = user.agency if user.agency_id else deciding
    if user.position and agency is not None:
        return str(_("%(name)s, %(position)s %(agency)s") % {"name": user, "position": user.position, "agency": agency})
    if agency is not None:
        return str(_("%(name)s, %(agency)s") % {"name": user, "agency": agency})
    return str(user)


class Authority:
    """Who decides which step for a set of agencies, read in two queries however many agencies there are.

    An agency's own approvers are its active head and the active deputies designated for the step. When it
    has none, the decision goes to the People's Committee of its unit, then to that of each unit above.
    Pass agencies with their `unit` loaded (select_related) to keep the count at two.
    """

    def __init__(self, agencies: Iterable[Agency]):
        handling = {agency.pk: agency for agency in agencies}
        self._chains = {pk: _unit_chain(agency.unit.path) for pk, agency in handling.items()}
        paths = {path for chain in self._chains.values() for path in chain}
        self._agencies: dict[int, Agency] = {}
        self._committees: dict[str, Agency] = {}
        self._delegates: dict[int, list[tuple[User, list]]] = defaultdict(list)
        if not handling:
            return
        rows = (
            Agency.objects.filter(
                Q(pk__in=handling) | Q(kind=AgencyKind.PEOPLES_COMMITTEE, is_active=True, unit__path__in=paths)
            )
            .select_related("head__agency", "unit")
            .order_by("pk")
        )
        for agency in rows:
            self._agencies[agency.pk] = agency
            if agency.kind == AgencyKind.PEOPLES_COMMITTEE and agency.is_active and agency.unit.path in paths:
                self._committees.setdefault(agency.unit.path, agency)  # the oldest, should a unit have two
        delegates = ApprovalDelegate.objects.filter(agency_id__in=self._agencies, user__is_active=True)
        for delegate in delegates.select_related("user__agency").order_by("pk"):
            self._delegates[delegate.agency_id].append((delegate.user, delegate.steps))

    def own_approvers(self, agency_id: int, step: str) -> tuple[User, ...]:
        """The agency's head and the deputies designated for `step`, without any fallback."""
        agency = self._agencies.get(agency_id)
        if agency is None:
            return ()
        people = [agency.head] if agency.head_id and agency.head.is_active else []
        # "All steps" (an empty list) means the approval steps; assigning work, which opens a denouncer's
        # identity to whoever is assigned, is delegated only by naming it.
        explicit_only = step in DELEGABLE_STEPS
        for user, steps in self._delegates.get(agency_id, ()):
            if (step in steps or (not steps and not explicit_only)) and user not in people:
                people.append(user)
        return tuple(people)

    def decider(self, agency: Agency, step: str) -> Decider:
        """The agency's own approvers for `step`, or the nearest People's Committee that has some."""
        candidates = [agency.pk] + [
            committee.pk for path in self._chains[agency.pk] if (committee := self._committees.get(path))
        ]
        for candidate in dict.fromkeys(candidates):  # keeps the order, drops the agency met again as committee
            approvers = self.own_approvers(candidate, step)
            if approvers:
                return Decider(handling=agency, agency=self._agencies[candidate], approvers=approvers)
        return Decider(handling=agency, agency=None, approvers=())


def decider_for(agency: Agency, step: str) -> Decider:
    """Who decides `step` for one agency (two queries)."""
    return Authority([agency]).decider(agency, step)


def approvers_of(agency: Agency, step: str) -> set[int]:
    """Ids of those who decide `step` for the agency: its head and designated deputies, or the fallback's."""
    return set(decider_for(agency, step).ids)


def may_decide(user: User, petition: Petition, step: str) -> bool:
    """Whether `user` decides `step` for the petition's handling agency (head, designated deputy or fallback)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or user.pk in approvers_of(petition.handling_agency, step)
