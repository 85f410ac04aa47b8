"""The one rule that decides which rows an official may see.

An official sees the data of their own unit's subtree: a provincial official the whole
province, a district official that district and its communes, a commune official that commune.
Superusers see everything; an account with no agency sees nothing. Every scoped queryset
(`ScopedQuerySet.visible_to`), API viewset, admin list and export goes through `unit_scope_q`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q
from django.http import Http404

if TYPE_CHECKING:
    from portal.models import AdministrativeUnit

NOTHING = Q(pk__in=[])


def unit_scope_q(user, unit_field: str, level_fields: dict[str, str] | None = None) -> Q:
    """A filter matching rows whose unit (reached through `unit_field`) is in the user's subtree.

    `level_fields`: where the rows also carry their unit's ancestors (portal.models.UnitAncestry), the field of
    the ancestor at each level; the same rows, found by an indexed equality."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return NOTHING
    if user.is_superuser:
        return Q()
    scope_unit = user.scope_unit
    if scope_unit is None:
        return NOTHING
    return subtree_q(scope_unit, unit_field, level_fields)


def subtree_q(unit: AdministrativeUnit, unit_field: str, level_fields: dict[str, str] | None = None) -> Q:
    """Rows whose unit (reached through `unit_field`) is `unit` or lies under it."""
    if level_fields:
        return Q(**{level_fields[unit.level]: unit.pk})
    prefix = f"{unit_field}__" if unit_field else ""  # "" when the rows are units themselves
    return Q(**{f"{prefix}path__startswith": unit.path})


def unit_in_scope(user, unit: AdministrativeUnit | None) -> bool:
    """Whether `unit` lies in the user's subtree (the same rule as `unit_scope_q`, for one unit)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active or unit is None:
        return False
    if user.is_superuser:
        return True
    scope_unit = user.scope_unit
    return scope_unit is not None and unit.path.startswith(scope_unit.path)


def get_visible_or_404[ModelT: models.Model](queryset: models.QuerySet[ModelT], user, **lookup) -> ModelT:
    """Fetch a row the user may see; a row outside their scope looks exactly like a missing one."""
    try:
        return queryset.visible_to(user).get(**lookup)
    except queryset.model.DoesNotExist as exc:
        raise Http404 from exc


def ensure_in_scope(actor, unit: AdministrativeUnit | None, *, missing: str) -> None:
    """The scope check of a service acting for an official; `actor=None` is the system (tasks, migrations).

    Services call it themselves, so a page, the API, a batch action, an import and the admin all get
    the same answer whether or not their caller filtered first. Outside the scope the answer is the
    one for a missing row (`missing`), so it tells nothing about what exists elsewhere.
    """
    from portal.services import NotFound

    if actor is not None and not unit_in_scope(actor, unit):
        raise NotFound(missing)
