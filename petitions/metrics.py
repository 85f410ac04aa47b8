"""DOMAIN §0's resolution metrics as filters on cases: the report figures and the lists behind them.

The reports app counts with these filters; the petition list's `metric` filter shows the cases
behind each number with the very same definitions. They belong to petitions, which the reports
app reads, never the other way round.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import F, Q


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
        "overdue_open": must & (q(settled_on__isnull=True) | q(settled_on__gt=end)) & q(settlement_due__lt=end),
    }


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
