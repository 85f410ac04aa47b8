"""Who sees which plans and tasks, and who may act on them: the one rule every reform queryset goes through.

- An official sees the plans and tasks of their unit's subtree (portal.scoping), and, wherever the plan
  belongs, the tasks their agency leads or coordinates (and those tasks' plans).
- The plan's managers (reform officers whose scope holds the plan's unit) set it up, decide extensions and
  confirm or return completions.
- The lead agency's officials with the right to update tasks report progress, completion and ask for more
  time; the plan's managers may do it for them.
"""

from __future__ import annotations

from django.db.models import Q

from portal.scoping import NOTHING, unit_in_scope, unit_scope_q

MANAGE_PERMISSION = "reform.change_plan"
UPDATE_PERMISSION = "reform.change_task"


def _active(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.is_active


def _agency_tasks_q(user, prefix: str = "") -> Q:
    if not user.agency_id:
        return NOTHING
    from reform.models import Task

    coordinated = Task.coordinating_agencies.through.objects.filter(agency_id=user.agency_id).values("task_id")
    return Q(**{f"{prefix}lead_agency_id": user.agency_id}) | Q(**{f"{prefix}pk__in": coordinated})


def task_scope_q(user) -> Q:
    """Tasks of plans in the official's subtree, and tasks their agency leads or coordinates."""
    if not _active(user):
        return NOTHING
    if user.is_superuser:
        return Q()
    if user.scope_unit is None:
        return NOTHING
    return unit_scope_q(user, "plan__unit") | _agency_tasks_q(user)


def plan_scope_q(user) -> Q:
    """Plans of the official's subtree, and plans holding a task their agency leads or coordinates."""
    if not _active(user):
        return NOTHING
    if user.is_superuser:
        return Q()
    if user.scope_unit is None:
        return NOTHING
    from reform.models import Task

    with_agency_tasks = Task.objects.filter(_agency_tasks_q(user)).values("plan_id")
    return unit_scope_q(user, "unit") | Q(pk__in=with_agency_tasks)


def manages_plan(user, plan) -> bool:
    """Whether the official (None: the system) manages `plan`: sets it up, decides extensions, confirms completions."""
    if user is None:
        return True
    if not _active(user):
        return False
    return user.is_superuser or (user.has_perm(MANAGE_PERMISSION) and unit_in_scope(user, plan.unit))


def leads_task(user, task) -> bool:
    """Whether the official reports on `task` for its lead agency (or manages its plan)."""
    if user is None:
        return True
    if not _active(user):
        return False
    if user.is_superuser or manages_plan(user, task.plan):
        return True
    return bool(user.agency_id) and user.agency_id == task.lead_agency_id and user.has_perm(UPDATE_PERMISSION)


def may_open_reform(user) -> bool:
    """The menu's and the pages' check: reform is for officials who may read plans."""
    return _active(user) and user.has_perm("reform.view_plan")
