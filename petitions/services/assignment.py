"""Who handles a petition: assignment by the head (or a designated deputy), which opens a denouncer's identity."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from petitions import workflow
from petitions.authority import ASSIGN_STEP, may_decide
from petitions.models import Petition
from petitions.services.common import (
    _lock,
)
from portal.models import User
from portal.services import DomainError, NotPermitted, audit_record


@transaction.atomic
def petition_assign(
    *,
    actor: User | None,
    petition_id: int,
    expected_version: int | None,
    add: Iterable[User] = (),
    remove: Iterable[User] = (),
) -> Petition:
    """Add (or, when asked, remove) handlers. Only the head of the handling agency, or a deputy designated
    for assigning, decides: assigned officials may see a denouncer's identity."""
    petition = _lock(petition_id, expected_version, actor)
    workflow.ensure("assign", petition)
    if actor is None or not may_decide(actor, petition, ASSIGN_STEP):
        raise NotPermitted(
            _("Chỉ thủ trưởng cơ quan giải quyết (hoặc cấp phó được ủy quyền giao việc) mới được giao cán bộ xử lý.")
        )
    add, remove = list(add), list(remove)
    outside = [
        u
        for u in add
        if not u.is_active
        or u.scope_unit is None
        or not (petition.unit.contains(u.scope_unit) or u.scope_unit.contains(petition.unit))
    ]
    if outside:
        raise DomainError(_("Chỉ giao cho cán bộ của địa bàn liên quan."))
    if {u.pk for u in add} & {u.pk for u in remove}:
        raise DomainError(_("Một cán bộ không thể vừa được giao vừa bị thôi giao."))
    before = sorted(petition.assignees.values_list("username", flat=True))
    current = set(petition.assignees.values_list("pk", flat=True))
    to_add = [u for u in add if u.pk not in current]
    to_remove = [u for u in remove if u.pk in current]
    if not to_add and not to_remove:
        raise DomainError(_("Không có thay đổi: các cán bộ đã chọn đã được giao (hoặc chưa từng được giao)."))
    petition.assignees.add(*to_add)
    petition.assignees.remove(*to_remove)
    Petition.objects.filter(pk=petition.pk).update(version=F("version") + 1)
    petition.refresh_from_db(fields=["version"])
    audit_record(
        actor=actor,
        verb="petition.assigned",
        target=petition,
        unit=petition.unit,
        payload={
            "added": sorted(u.username for u in to_add),
            "removed": sorted(u.username for u in to_remove),
            "before": before,
            "assignees": sorted(petition.assignees.values_list("username", flat=True)),
        },
    )
    return petition
