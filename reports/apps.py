import datetime as dt

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Báo cáo")

    def ready(self) -> None:
        from portal import registry as portal_registry
        from reports import families, registry
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


NIGHTLY_JOB = "reports-refresh-all"  # the heartbeat refresh_all_task records when it has finished
NIGHTLY_LATE_AFTER = dt.timedelta(hours=26)  # the nightly rebuild (01:30) missed once, with its own running time


def reports_readiness() -> dict:
    """/readyz's part: when the nightly job last checked every family's figures, and when it last finished."""
    from django.db.models import Max
    from django.utils import timezone

    from portal.models import WorkerHeartbeat
    from reports.models import SnapshotCheck

    checked_at = SnapshotCheck.objects.aggregate(last=Max("checked_at"))["last"]
    nightly = WorkerHeartbeat.objects.filter(name=NIGHTLY_JOB).values_list("seen_at", flat=True).first()
    now = timezone.now()
    return {
        "ok": nightly is not None and now - nightly <= NIGHTLY_LATE_AFTER,
        "snapshots_checked_at": checked_at.isoformat() if checked_at else None,
        "snapshots_age_s": round((now - checked_at).total_seconds()) if checked_at else None,
        "nightly_finished_at": nightly.isoformat() if nightly else None,
    }


def may_see_dashboards(user) -> bool:
    """Whoever reads petitions or reception sessions reads their figures."""
    return user.has_perm("petitions.view_petition") or user.has_perm("reception.view_receptionsession")
