"""Who sees which assignments and activities, and who may act on them: the one rule every support queryset uses.

- The governing bodies of a unit (People's Committee, Party committee and its mass-mobilization board,
  Fatherland Front, inspectorate) see the assignments of their unit's subtree: provincial leaders all,
  a commune its own.
- Any other agency (a department, a state enterprise, a school) sees only the assignments it was given.
- The assigned agency's officials report activities; the commune's officials confirm or return them;
  officials of a governing body above the commune set assignments up.
"""

from __future__ import annotations

from django.db.models import Q

from portal.choices import AgencyKind
from portal.scoping import NOTHING, unit_in_scope, unit_scope_q

GOVERNING_KINDS = (
    AgencyKind.PEOPLES_COMMITTEE,
    AgencyKind.PARTY_COMMITTEE,
    AgencyKind.FATHERLAND_FRONT,
    AgencyKind.INSPECTORATE,
)
VIEW_PERMISSION = "support.view_assignment"
MANAGE_PERMISSION = "support.add_assignment"
REPORT_PERMISSION = "support.add_activity"
CONFIRM_PERMISSION = "support.confirm_activity"


def _active(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.is_active


def _governing(user) -> bool:
    return bool(user.agency_id) and user.agency.kind in GOVERNING_KINDS


def assignment_scope_q(user, prefix: str = "") -> Q:
    if not _active(user):
        return NOTHING
    if user.is_superuser:
        return Q()
    if not user.agency_id:
        return NOTHING
    own = Q(**{f"{prefix}agency_id": user.agency_id})
    return (unit_scope_q(user, f"{prefix}commune") | own) if _governing(user) else own


def activity_scope_q(user) -> Q:
    return assignment_scope_q(user, "assignment__")


def may_open_support(user) -> bool:
    return _active(user) and user.has_perm(VIEW_PERMISSION)


def manages_assignments(user, commune) -> bool:
    """Officials of a governing body above the commune (or the system, None) assign agencies to it."""
    if user is None:
        return True
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    return (
        user.has_perm(MANAGE_PERMISSION)
        and _governing(user)
        and unit_in_scope(user, commune)
        and user.agency.unit_id != commune.pk
    )


def reports_for(user, assignment) -> bool:
    """The assigned agency's officials report what it delivered; the assignment's managers may do it for them."""
    if user is None:
        return True
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    own = user.agency_id == assignment.agency_id and user.has_perm(REPORT_PERMISSION)
    return own or manages_assignments(user, assignment.commune)


def confirms_for(user, assignment) -> bool:
    """Only the commune that received the support confirms it: its own officials with the right to."""
    if user is None:
        return True
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    return bool(user.agency_id) and user.agency.unit_id == assignment.commune_id and user.has_perm(CONFIRM_PERMISSION)
