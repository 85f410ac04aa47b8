"""Who decides on a case: the head of the handling agency, or a deputy the head designated for the step.

One rule for approving proposals, assigning handlers and assigning verification, checked by the services
(so the page, the API, the admin and batch actions all get it). An approval step that nobody of the agency
can decide (no head, no deputy designated for it: e.g. a district inspectorate) goes to the People's
Committee of its unit, and failing that to the committee of each unit above, so a proposal always reaches
someone: the "who will decide" line, the notification and the check on a decision read `Authority.decider`,
the queue and its count read the same rule in SQL (`deciding_q`). Assigning work never falls back: it opens
a denouncer's identity to whoever is assigned, so only the agency's own head or a deputy named for it does.
An approver who could not see the petition (its unit lies outside his scope) is passed over too.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, Q, QuerySet, TextField, Value
from django.db.models.functions import Cast, Concat
from django.db.models.lookups import StartsWith
from django.utils.translation import gettext_lazy as _

from petitions.models import ApprovalDelegate, Petition
from petitions.workflow import APPROVAL_STEPS
from portal.choices import AgencyKind
from portal.models import AdministrativeUnit, Agency, User
from portal.scoping import NOTHING, unit_in_scope, unit_scope_q

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
                    "chưa có ai có thẩm quyền duyệt (%(agency)s và Ủy ban nhân dân các cấp quản lý địa bàn của đơn "
                    "chưa có thủ trưởng hoặc người được ủy quyền); hãy báo quản trị hệ thống."
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

    An agency's own approvers are its active head and the active deputies designated for the step. When none
    of them may see the petition, an approval step goes to the People's Committee of its unit, then to that of
    each unit above. Pass agencies with their `unit` loaded (select_related) to keep the count at two.
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
            .select_related("head__agency__unit", "unit")
            .order_by("pk")
        )
        for agency in rows:
            self._agencies[agency.pk] = agency
            if agency.kind == AgencyKind.PEOPLES_COMMITTEE and agency.is_active and agency.unit.path in paths:
                self._committees.setdefault(agency.unit.path, agency)  # the oldest, should a unit have two
        delegates = ApprovalDelegate.objects.filter(agency_id__in=self._agencies, user__is_active=True)
        for delegate in delegates.select_related("user__agency__unit").order_by("pk"):
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

    def decider(self, agency: Agency, step: str, unit: AdministrativeUnit | None = None) -> Decider:
        """The agency's own approvers for `step`, or (an approval step) the nearest People's Committee's.

        With `unit` (the petition's), approvers who could not see it are passed over, and the climb goes on.
        """
        candidates = [agency.pk]
        if step not in DELEGABLE_STEPS:  # assigning work opens a denouncer's identity: never to a stand-in
            candidates += [
                committee.pk for path in self._chains[agency.pk] if (committee := self._committees.get(path))
            ]
        for candidate in dict.fromkeys(candidates):  # keeps the order, drops the agency met again as committee
            approvers = tuple(
                user for user in self.own_approvers(candidate, step) if unit is None or unit_in_scope(user, unit)
            )
            if approvers:
                return Decider(handling=agency, agency=self._agencies[candidate], approvers=approvers)
        return Decider(handling=agency, agency=None, approvers=())


def authority_of(petition: Petition) -> Authority:
    """The authority over the petition's handling agency, read once per petition object: a page asks it
    about every step offered and every proposal shown."""
    cached = getattr(petition, "_authority", None)
    if cached is None or cached[0] != petition.handling_agency_id:  # a new handling agency: read it again
        cached = petition._authority = (petition.handling_agency_id, Authority([petition.handling_agency]))
    return cached[1]


def decider_of(petition: Petition, step: str) -> Decider:
    """Who decides `step` on this petition (two queries, the first time for this petition object)."""
    return authority_of(petition).decider(petition.handling_agency, step, unit=petition.unit)


def may_decide(user: User, petition: Petition, step: str) -> bool:
    """Whether `user` decides `step` on the petition: its handling agency's head or designated deputy, or
    for an approval step the People's Committee standing in for them."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or user.pk in decider_of(petition, step).ids


def agencies_lacking_approver(agencies: QuerySet[Agency]) -> list[int]:
    """Ids of the agencies with no approver of their own for some step (an approval step, or assigning
    work): their proposals fall back to a People's Committee, and nobody may assign their cases."""
    headless = list(agencies.filter(Q(head__isnull=True) | Q(head__is_active=False)).select_related("unit"))
    authority = Authority(headless)  # an active head decides every step: only the headless can lack one
    steps = sorted(APPROVAL_STEPS | set(DELEGABLE_STEPS))
    return [agency.pk for agency in headless if any(not authority.own_approvers(agency.pk, s) for s in steps)]


# --- the same rule in SQL, for lists of proposals -------------------------------------------------------
# Read from a Proposal row: its step, its petition's unit and handling agency. Each subquery level reaches
# the proposal through one more OuterRef.

HANDLING = "petition__handling_agency"
PETITION_UNIT = "petition__unit__path"


def _outer(name: str, depth: int):
    """The proposal's field `name`, seen from a subquery `depth` levels down (0: the proposal's own query)."""
    if depth == 0:
        return F(name)
    ref = name
    for _level in range(depth):
        ref = OuterRef(ref)
    return ref


def _designations(agency_ref, depth: int):
    """Deputies' designations of the agency that cover the proposal's step: named, or all approval steps
    (an empty list). `depth` is the level of this subquery."""
    step = _outer("step", depth)
    return (
        ApprovalDelegate.objects.alias(named=Cast("steps", TextField()))
        .filter(agency=agency_ref, user__is_active=True)
        .filter(Q(named="[]") | Q(named__contains=Concat(Value('"'), step, Value('"'))))
    )


def _sees(user_path: str, depth: int) -> Q:
    """The user reached through `user_path` is active and may see the proposal's petition (`unit_in_scope`)."""
    scope = StartsWith(_outer(PETITION_UNIT, depth), F(f"{user_path}__agency__unit__path"))
    return Q(**{f"{user_path}__is_active": True}) & (Q(**{f"{user_path}__is_superuser": True}) | Q(scope))


def _has_approver(agency_path: str, depth: int) -> Q:
    """The agency reached through `agency_path` (at level `depth`) has an own approver of the proposal's step
    who may see its petition: an active head, or an active deputy designated for the step."""
    head = Q(**{f"{agency_path}head__isnull": False}) & _sees(f"{agency_path}head", depth)
    agency = OuterRef(agency_path.removesuffix("__") or "pk")
    return head | Q(Exists(_designations(agency, depth + 1).filter(_sees("user", depth + 1))))


def _consulted() -> Q:
    """A People's Committee a decision may fall back to: active, and the oldest of its unit's."""
    older = Agency.objects.filter(
        kind=AgencyKind.PEOPLES_COMMITTEE, is_active=True, unit=OuterRef("unit"), pk__lt=OuterRef("pk")
    )
    return Q(kind=AgencyKind.PEOPLES_COMMITTEE, is_active=True) & ~Q(Exists(older))


def _on_the_chain(depth: int) -> Q:
    """A committee whose unit is the handling agency's or one above it."""
    return Q(StartsWith(_outer(f"{HANDLING}__unit__path", depth), F("unit__path")))


def deciding_q(user: User) -> Q:
    """Proposals (a filter on Proposal) whose step `user` decides: `Authority.decider` in SQL, for the queue
    and its count in one query (tests/petitions/test_decider_agrees.py holds the two to the same answers).

    The user decides as an own approver of the handling agency; or as one of a People's Committee on its
    chain when neither the agency nor a committee below has an approver who may see the petition.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return NOTHING
    if user.is_superuser:
        return Q()
    own = Q(**{f"{HANDLING}__head": user}) | Q(Exists(_designations(OuterRef(HANDLING), 1).filter(user=user)))
    nearer = (  # level 2: a committee below the user's on the chain, with an approver who may see the petition
        Agency.objects.filter(_consulted(), _on_the_chain(2), _has_approver("", 2))
        .filter(unit__path__startswith=OuterRef("unit__path"))
        .exclude(unit__path=OuterRef("unit__path"))
    )
    standing_in = (  # level 1: a committee on the chain that the user decides for, nobody nearer deciding
        Agency.objects.filter(_consulted(), _on_the_chain(1))
        .filter(Q(head=user) | Q(Exists(_designations(OuterRef("pk"), 2).filter(user=user))))
        .filter(~Q(Exists(nearer)))
    )
    fallback = ~_has_approver(f"{HANDLING}__", 0) & Q(Exists(standing_in))
    return unit_scope_q(user, "petition__unit") & (own | fallback)
