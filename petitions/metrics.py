"""DOMAIN §0's resolution metrics as filters on cases: the report figures and the lists behind them.

The reports app counts with these filters; the petition list's `metric` filter shows the cases
behind each number with the very same definitions. They belong to petitions, which the reports
app reads, never the other way round.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from petitions.choices import Kind


def case_metric_filters(start: dt.date, end: dt.date, prefix: str = "") -> dict[str, Q]:
    """The metrics as filters on cases; `prefix` reaches a case from another model ("case__")."""

    def q(**lookups) -> Q:
        return Q(**{f"{prefix}{key}": value for key, value in lookups.items()})

    carried = q(accepted_on__lt=start) & (q(settled_on__isnull=True) | q(settled_on__gte=start))
    accepted = q(accepted_on__gte=start, accepted_on__lte=end)
    must = carried | accepted
    settled = must & q(settled_on__gte=start, settled_on__lte=end)
    return {
        "carried_over": carried,
        "accepted": accepted,
        "must_settle": must,
        "settled": settled,
        "settled_on_time": settled & q(settled_on__lte=F(f"{prefix}settlement_due")),
        # past due by the period's end, or by today while the period runs: a case due next week is not overdue yet
        "overdue_open": must
        & (q(settled_on__isnull=True) | q(settled_on__gt=end))
        & q(settlement_due__lt=min(end, timezone.localdate())),
    }


# The kind groups of the reports, defined here only: the reports count by them (reports.engine.KIND_GROUPS),
# their dashboards name them, and the petition list's `kind_group` filter opens their cases.
KIND_GROUP_KINDS = {
    "complaint": [Kind.COMPLAINT],
    "denunciation": [Kind.DENUNCIATION],
    "recommendation_reflection": [Kind.RECOMMENDATION, Kind.REFLECTION],
}
KIND_GROUP_LABELS = {
    "complaint": _("Khiếu nại"),
    "denunciation": _("Tố cáo"),
    "recommendation_reflection": _("Kiến nghị, phản ánh"),
}

# What each metric is called wherever it is shown: the dashboard's numbers and the lists they open.
METRIC_LABELS = {
    "carried_over": _("Vụ việc kỳ trước chuyển sang"),
    "accepted": _("Vụ việc thụ lý mới"),
    "must_settle": _("Vụ việc phải giải quyết"),
    "settled": _("Vụ việc đã giải quyết"),
    "settled_on_time": _("Vụ việc giải quyết đúng hạn"),
    "overdue_open": _("Vụ việc quá hạn chưa giải quyết"),
}


def metric_lead_petitions(petitions, metric: str, start: dt.date, end: dt.date):
    """The cases behind a metric, one row each: the lead petitions of cases within authority in it.

    Reports count a case where its lead petition was received (reports.engine.CASE_UNIT_PATH), so
    these rows, narrowed to a unit's subtree by the petition's unit, are exactly the cases counted.
    """
    condition = case_metric_filters(start, end, prefix="case__")[metric]
    return petitions.filter(condition, case__within_authority=True, case__lead_petition=F("pk"))


def days_moved(
    *,
    received_on: dt.date | None,
    accepted_on: dt.date | None,
    settled_on: dt.date | None,
    today: dt.date,
    was_open: bool,
) -> set[dt.date]:
    """The days whose periods' figures a petition's facts move: what every write path announces.

    Intake counts by the day received, the metrics above by the days accepted and settled. While
    the case is open, or was open until this change, the current period's carried-over and open
    figures move too.
    """
    days = {received_on, accepted_on, settled_on}
    if settled_on is None or was_open:
        days.add(today)
    return {day for day in days if day is not None}
