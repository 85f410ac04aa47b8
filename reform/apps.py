from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReformConfig(AppConfig):
    name = "reform"
    verbose_name = _("Cải cách hành chính")

    def ready(self) -> None:
        from portal import audit_labels, registry
        from reform.choices import EVENT_LABELS
        from reform.family import REFORM
        from reports.registry import register as register_report_family

        audit_labels.register(EVENT_LABELS)
        registry.add_nav_item(
            registry.NavItem(_("Cải cách hành chính"), "reform:plans", "reform:", may_open_reform, order=50)
        )
        registry.add_home_panel(registry.HomePanel("reform/_home_work.html", reform_work_panel))
        register_report_family(REFORM)  # completion figures as report snapshots, and the task list's export


# What the foundation calls through portal.registry (it never imports this app).


def may_open_reform(user) -> bool:
    from reform.scoping import may_open_reform as may_open

    return may_open(user)


def reform_work_panel(user) -> dict | None:
    """The home page's card: the open tasks the official's agency leads (overdue, due within 7 days, the rest), and
    for the plans' managers the extension requests and completions waiting for their decision (two queries)."""
    from django.db.models import Count, Q
    from django.utils import timezone

    from portal.scoping import unit_scope_q
    from reform.choices import OPEN_STATUSES, ExtensionStatus, TaskState, TaskStatus
    from reform.models import Task
    from reform.scoping import MANAGE_PERMISSION, UPDATE_PERMISSION
    from reform.selectors import with_state

    if not (user.is_authenticated and user.agency_id and user.has_perm(UPDATE_PERMISSION)):
        return None
    today = timezone.localdate()
    mine = with_state(Task.objects.filter(lead_agency_id=user.agency_id, status__in=OPEN_STATUSES), today)
    panel = mine.aggregate(
        open=Count("pk"),
        overdue=Count("pk", filter=Q(state=TaskState.OVERDUE)),
        due_soon=Count("pk", filter=Q(state=TaskState.DUE_SOON)),
    )
    manages = user.has_perm(MANAGE_PERMISSION)
    if manages:
        # Only what the official may decide: tasks of the plans in their own subtree, not those their agency leads
        # in a plan managed above them.
        waiting = Task.objects.filter(unit_scope_q(user, "plan__unit")).aggregate(
            extensions=Count("pk", filter=Q(extensions__status=ExtensionStatus.PENDING), distinct=True),
            confirmations=Count("pk", filter=Q(status=TaskStatus.REPORTED)),
        )
        panel.update(waiting, scope_unit=user.scope_unit)
    return {**panel, "manages": manages}
