from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PetitionsConfig(AppConfig):
    name = "petitions"
    verbose_name = _("Đơn thư")

    def ready(self) -> None:
        from petitions.choices import EVENT_LABELS
        from portal import audit_labels, registry

        audit_labels.register(EVENT_LABELS)
        registry.on_calendar_changed(recompute_deadlines_after_commit)
        registry.on_case_authority(is_designated_deputy)
        registry.add_home_panel(registry.HomePanel("petitions/_home_approvals.html", approvals_panel))
        registry.add_nav_item(
            registry.NavItem(_("Đơn thư"), "petitions:list", "petitions:", may_see_petitions, order=20)
        )


# What the foundation calls through portal.registry (it never imports this app).


def recompute_deadlines_after_commit() -> None:
    """Deadlines of open petitions move with the working-day calendar (after the change commits)."""
    from petitions.tasks import recompute_deadlines_task

    recompute_deadlines_task.delay_on_commit()


def is_designated_deputy(official) -> bool:
    """A deputy designated by a head (ApprovalDelegate) decides on cases and sees denouncers' identities."""
    from petitions.models import ApprovalDelegate

    return ApprovalDelegate.objects.filter(user=official).exists()


def may_see_petitions(user) -> bool:
    return user.has_perm("petitions.view_petition")


def approvals_panel(user) -> dict | None:
    """The home page's card of proposals waiting for this official's approval."""
    from petitions.services.approvals import approval_queue

    count = len(approval_queue(user))
    return {"count": count} if count else None
