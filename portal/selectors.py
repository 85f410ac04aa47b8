"""Read helpers of the organisation app; every one goes through the scoping rule."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from portal.choices import Level
from portal.models import AdministrativeUnit, Agency, User


@dataclass(frozen=True)
class ScopeSummary:
    unit: AdministrativeUnit | None
    districts: int
    communes: int
    agencies: int
    officials: int


def scope_summary(user: User) -> ScopeSummary:
    """Counts of what lies in the official's subtree, for their home page (three queries)."""
    unit = user.scope_unit
    if unit is None:
        return ScopeSummary(None, 0, 0, 0, 0)
    counts = AdministrativeUnit.objects.filter(path__startswith=unit.path).aggregate(
        districts=Count("pk", filter=Q(level=Level.DISTRICT)),
        communes=Count("pk", filter=Q(level=Level.COMMUNE)),
    )
    return ScopeSummary(
        unit=unit,
        districts=counts["districts"],
        communes=counts["communes"],
        agencies=Agency.objects.visible_to(user).filter(is_active=True).count(),
        officials=User.objects.visible_to(user).filter(is_active=True).count(),
    )


def officials_for_list(user: User):
    return (
        User.objects.visible_to(user)
        .select_related("agency__unit")
        .prefetch_related("groups")
        .order_by("agency__unit__path", "full_name", "username")
    )


def public_unit_asked(request) -> AdministrativeUnit | None:
    """The unit a public page was asked about (`?unit=<id>`, from a unit's public page), or None: units are
    public reference data, and a malformed or unknown id is simply no filter."""
    raw = request.GET.get("unit", "")
    if not raw.isdigit():
        return None
    return AdministrativeUnit.objects.filter(pk=int(raw)).first()
