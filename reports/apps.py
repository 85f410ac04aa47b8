from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Báo cáo")

    def ready(self) -> None:
        from portal import registry as portal_registry
        from reports import families, registry
        from reports.services import reports_readiness
        from reports.tasks import schedule_refreshes

        # The families of the apps this one reads; a later app registers its own from its ready().
        for family in families.BUILT_IN:
            registry.register(family)
        # Every write announces its (unit, day); the snapshots it can move are refreshed after commit.
        portal_registry.on_record_changed(schedule_refreshes)
        portal_registry.add_nav_item(
            portal_registry.NavItem(_("Bảng điều hành"), "reports:dashboard", "reports:", may_see_dashboards, order=10)
        )
        portal_registry.add_readiness_check("reports", reports_readiness)


def may_see_dashboards(user) -> bool:
    """Whoever reads petitions or reception sessions reads their figures."""
    return user.has_perm("petitions.view_petition") or user.has_perm("reception.view_receptionsession")
