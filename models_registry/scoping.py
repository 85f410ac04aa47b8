"""Who sees which rounds and models: the one rule every queryset of the registry goes through.

- The movement's office (a Mass Mobilization Commission officer, or the commune's officer in charge),
  leaders, inspectors and administrators see the models of their unit's subtree and run its rounds.
- A department or other agency sees the models it registered or owns.
- A council member also sees the models assigned to them to score.
Rounds are seen where they can be registered with: those launched in the official's subtree or above it.
"""

from __future__ import annotations

from django.db.models import Q

from portal.choices import AgencyKind, Level, Role
from portal.scoping import NOTHING, unit_scope_q

SUBTREE_ROLES = (Role.LEADER, Role.INSPECTOR, Role.ADMINISTRATOR)


def _active(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.is_active


def runs_movement(user) -> bool:
    """Whether the official runs the movement for their unit: sets up rounds, councils and decisions."""
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    agency = user.agency if user.agency_id else None
    if agency is None or not user.has_role(Role.DEPARTMENT_OFFICER):
        return False
    return agency.kind == AgencyKind.PARTY_COMMITTEE or agency.unit.level == Level.COMMUNE


def sees_subtree(user) -> bool:
    return runs_movement(user) or (_active(user) and any(user.has_role(role) for role in SUBTREE_ROLES))


def model_scope_q(user, prefix: str = "") -> Q:
    """A filter matching the models (reached through `prefix`, e.g. "model__") the official may see."""
    if not _active(user):
        return NOTHING
    if user.is_superuser:
        return Q()
    if user.scope_unit is None:
        return NOTHING
    from models_registry.models import Assignment

    assigned = Q(**{f"{prefix}pk__in": Assignment.objects.filter(member__user=user).values("model_id")})
    if sees_subtree(user):
        return unit_scope_q(user, f"{prefix}unit") | assigned
    own = Q(**{f"{prefix}registering_agency_id": user.agency_id}) | Q(**{f"{prefix}owner_agency_id": user.agency_id})
    return own | assigned


def round_scope_q(user) -> Q:
    """Rounds launched in the official's subtree, or by a unit above it (those its models register with)."""
    if not _active(user):
        return NOTHING
    if user.is_superuser:
        return Q()
    scope_unit = user.scope_unit
    if scope_unit is None:
        return NOTHING
    parts = scope_unit.path.strip("/").split("/")
    above = ["/".join(parts[:i]) + "/" for i in range(2, len(parts))]
    from models_registry.models import CouncilMember

    return (
        Q(unit__path__startswith=scope_unit.path)
        | Q(unit__path__in=above)
        | Q(pk__in=CouncilMember.objects.filter(user=user).values("round_id"))
    )


def may_see_model(user, model) -> bool:
    """The same rule as `model_scope_q`, for one model already loaded (one query at most)."""
    from models_registry.models import MobilizationModel

    return MobilizationModel.objects.filter(model_scope_q(user), pk=model.pk).exists()
