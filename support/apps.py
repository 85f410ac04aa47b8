from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "support"
    verbose_name = _("Hỗ trợ xã đặc biệt khó khăn")

    def ready(self) -> None:
        from portal import audit_labels, registry
        from reports.registry import register as register_report_family
        from support.choices import EVENT_LABELS
        from support.family import SUPPORT

        audit_labels.register(EVENT_LABELS)
        registry.add_nav_item(
            registry.NavItem(_("Hỗ trợ xã khó khăn"), "support:assignments", "support:", may_open_support, order=55)
        )
        registry.add_home_panel(registry.HomePanel("support/_home_work.html", support_work_panel))
        register_report_family(SUPPORT)  # coverage and delivered support as report snapshots


# What the foundation calls through portal.registry (it never imports this app).


def may_open_support(user) -> bool:
    from support.scoping import may_open_support as may_open

    return may_open(user)


def support_work_panel(user) -> dict | None:
    """The home page's card: for an assigned agency's officials, its activities still to send or sent back; for a
    commune's officials who confirm, the activities waiting for their confirmation (two queries at most)."""
    from django.db.models import Count, Q

    from support.choices import ActivityStatus
    from support.models import Activity
    from support.scoping import CONFIRM_PERMISSION, REPORT_PERMISSION

    if not (user.is_authenticated and user.agency_id):
        return None
    panel = {"agency": user.agency_id, "unit": user.agency.unit_id}
    if user.has_perm(REPORT_PERMISSION):
        panel.update(
            Activity.objects.filter(assignment__agency_id=user.agency_id).aggregate(
                drafts=Count("pk", filter=Q(status=ActivityStatus.DRAFT)),
                returned=Count("pk", filter=Q(status=ActivityStatus.RETURNED)),
                sent=Count("pk", filter=Q(status=ActivityStatus.SUBMITTED)),
            )
        )
    if user.has_perm(CONFIRM_PERMISSION):
        panel["to_confirm"] = Activity.objects.filter(
            assignment__commune_id=user.agency.unit_id, status=ActivityStatus.SUBMITTED
        ).count()
    counts = [value for key, value in panel.items() if key not in ("agency", "unit")]
    return panel if any(counts) else None
