"""Who decides on a case: the head of the handling agency, or a deputy the head designated for the step.

One rule for approving proposals, assigning handlers and assigning verification, checked by the services
(so the page, the API, the admin and batch actions all get it).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from petitions.models import ApprovalDelegate, Petition
from portal.models import Agency, User

ASSIGN_STEP = "assign"
VERIFICATION_STEP = "assign_verification"

# Steps a head may delegate, besides the approval steps (labels for the admin's help text).
DELEGABLE_STEPS = {
    ASSIGN_STEP: _("Giao cán bộ xử lý"),
    VERIFICATION_STEP: _("Giao xác minh"),
}


def approvers_of(agency: Agency, step: str) -> set[int]:
    """Ids of those who decide `step` for the agency: its head and the deputies designated for it."""
    ids = {agency.head_id} if agency.head_id else set()
    # "All steps" (an empty list) means the approval steps; assigning work, which opens a denouncer's
    # identity to whoever is assigned, is delegated only by naming it.
    explicit_only = step in DELEGABLE_STEPS
    for user_id, steps in ApprovalDelegate.objects.filter(agency=agency).values_list("user_id", "steps"):
        if step in steps or (not steps and not explicit_only):
            ids.add(user_id)
    return ids


def may_decide(user: User, petition: Petition, step: str) -> bool:
    """Whether `user` is the head (or a deputy designated for `step`) of the petition's handling agency."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or user.pk in approvers_of(petition.handling_agency, step)
