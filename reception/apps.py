import datetime as dt

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReceptionConfig(AppConfig):
    name = "reception"
    verbose_name = _("Tiếp công dân")

    def ready(self) -> None:
        from portal import audit_labels, registry
        from reception.choices import EVENT_LABELS

        audit_labels.register(EVENT_LABELS)
        registry.add_nav_item(
            registry.NavItem(_("Tiếp công dân"), "reception:list", "reception:", may_see_reception, order=30)
        )
        # The head's own duty first (it is addressed to them by name), then the day's reception in their scope.
        registry.add_home_panel(registry.HomePanel("reception/_home_duty.html", head_duty_panel))
        registry.add_home_panel(registry.HomePanel("reception/_home_today.html", todays_sessions_panel))


def may_see_reception(user) -> bool:
    return user.has_perm("reception.view_receptionsession")


# What the foundation calls through portal.registry (it never imports this app).

HOME_TODAY_ROWS = 8


def todays_sessions_panel(user) -> dict | None:
    """The home page's card, for those who keep the register, of today's reception in their scope:
    the heads' published schedule and the sessions recorded so far (two queries)."""
    from django.utils import timezone

    from reception.models import ReceptionSchedule, ReceptionSession

    if not user.has_perm("reception.add_receptionsession"):
        return None
    today = timezone.localdate()
    planned = list(
        ReceptionSchedule.objects.visible_to(user).filter(date=today).select_related("agency")[: HOME_TODAY_ROWS + 1]
    )
    recorded = list(
        ReceptionSession.objects.visible_to(user)
        .filter(date=today)
        .select_related("agency")
        .order_by("start_time", "id")[: HOME_TODAY_ROWS + 1]
    )
    return {
        "today": today,
        "planned": planned[:HOME_TODAY_ROWS],
        "more_planned": len(planned) > HOME_TODAY_ROWS,
        "recorded": recorded[:HOME_TODAY_ROWS],
        "more_recorded": len(recorded) > HOME_TODAY_ROWS,
    }


def head_duty_panel(user) -> dict | None:
    """The home page's reminder to the head of the official's own agency of their personal reception duty
    in the current week or month (two queries, none for officials who head nothing)."""
    from django.utils import timezone

    from portal.choices import AgencyKind, Level
    from reception.duties import DUTY_AGENCY_KINDS, agency_compliance, current_periods, head_days_by_agency
    from reception.models import ReceptionSchedule, ReceptionSession

    agency = user.agency if user.agency_id else None  # already loaded for the page's scope
    if agency is None or agency.head_id != user.pk or not agency.is_active or agency.kind not in DUTY_AGENCY_KINDS:
        return None
    if agency.kind == AgencyKind.DEPARTMENT and agency.unit.level != Level.PROVINCE:
        return None  # the same rule as duties.duty_agencies_q, read on the one agency
    today = timezone.localdate()
    since = min(today.replace(day=1), today - dt.timedelta(days=today.weekday()))
    held = head_days_by_agency(ReceptionSession.objects.filter(agency=agency, date__gte=since, date__lte=today))
    result = agency_compliance(agency, start=since, end=today, held_dates=held.get(agency.pk, []))
    periods = current_periods(result, today)
    if not periods:
        return None
    following = ReceptionSchedule.objects.filter(agency=agency, date__gte=today).order_by("date", "start_time").first()
    return {"duties": [{"agency": agency, "period": period, "next": following} for period in periods]}
