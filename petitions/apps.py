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
        registry.on_remote_area_changed(follow_remote_area)
        registry.on_case_authority(is_designated_deputy)
        registry.on_approver_gaps(agencies_without_approver)
        registry.add_home_panel(registry.HomePanel("petitions/_home_my_work.html", my_work_panel))
        registry.add_home_panel(registry.HomePanel("petitions/_home_approvals.html", approvals_panel))
        registry.add_nav_item(
            registry.NavItem(_("Đơn thư"), "petitions:list", "petitions:", may_see_petitions, order=20)
        )
        registry.add_nav_item(
            registry.NavItem(
                _("Duyệt tờ trình"),
                "petitions:approvals",
                "petitions:approvals",
                has_proposals_waiting,
                order=21,
                count=approvals_count,
            )
        )


# What the foundation calls through portal.registry (it never imports this app).


def recompute_deadlines_after_commit() -> None:
    """Deadlines of open petitions move with the working-day calendar (after the change commits)."""
    from petitions.tasks import recompute_deadlines_task

    recompute_deadlines_task.delay_on_commit()


def follow_remote_area(unit, *, actor=None) -> None:
    """A unit became (or stopped being) remote: its open petitions' deadlines move with it, in the same transaction."""
    from petitions.services.sweeps import petitions_follow_remote_area

    petitions_follow_remote_area(unit_id=unit.pk, remote_area=unit.remote_area, actor=actor)


def is_designated_deputy(official) -> bool:
    """A deputy designated by a head (ApprovalDelegate) decides on cases and sees denouncers' identities."""
    from petitions.models import ApprovalDelegate

    return ApprovalDelegate.objects.filter(user=official).exists()


def agencies_without_approver(agencies) -> list[int]:
    """Of these agencies, those with nobody of their own to decide some step (the admin's filter)."""
    from petitions.authority import agencies_lacking_approver

    return agencies_lacking_approver(agencies)


def may_see_petitions(user) -> bool:
    return user.has_perm("petitions.view_petition")


def has_proposals_waiting(user) -> bool:
    """The approval queue shows in the menu while proposals wait for this official's decision."""
    return may_see_petitions(user) and approvals_count(user) > 0


def approvals_count(user) -> int:
    """How many proposals wait for this official's decision (the home card's and the menu's number).

    The queue's own filter, counted in SQL: one COUNT, kept on the user object, which lives for one
    request, so the card and the menu cost it once.
    """
    from petitions.services.approvals import proposals_to_decide

    if not hasattr(user, "_approvals_waiting"):
        user._approvals_waiting = proposals_to_decide(user).count()
    return user._approvals_waiting


def my_work_panel(user) -> dict | None:
    """The home page's card of the official's own open petitions that are overdue or due soon (one query)."""
    if not may_see_petitions(user):
        return None
    from petitions.selectors import my_work_counts

    counts = {row["deadline_state"]: row["n"] for row in my_work_counts(user, undated=True)}
    open_count = sum(counts.values())  # with the petitions that have no deadline yet
    if not open_count:
        return None
    return {"overdue": counts.get("overdue", 0), "due_soon": counts.get("due_soon", 0), "open": open_count}


def approvals_panel(user) -> dict | None:
    """The home page's card of proposals waiting for this official's approval."""
    count = approvals_count(user)
    return {"count": count} if count else None
