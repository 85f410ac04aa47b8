"""Dashboard reads: snapshots only (computed once when missing), a constant number of queries per page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from petitions.models import Petition
from portal.models import AdministrativeUnit, User
from reports.models import ReportKind, ReportSnapshot
from reports.periods import Period, parse_period
from reports.services import report_refresh

MIN_CASES_TO_RANK = 10
OVERDUE_PANEL_SIZE = 10  # units with fewer cases are listed but not ranked: a rate over 3 cases is not fair


@dataclass
class Dashboard:
    unit: AdministrativeUnit
    period: Period
    petitions: ReportSnapshot
    reception: ReportSnapshot
    months: list[dict]
    ranking: list[dict]
    unranked: list[dict]
    overdue_now: list
    overdue_now_count: int


def _snapshots(
    unit: AdministrativeUnit, periods: list[Period], petition_params: str = "", reception_params: str = ""
) -> dict[tuple[str, str], ReportSnapshot]:
    """All snapshots the page needs in one query; missing ones are computed once and stored."""
    params = {ReportKind.PETITIONS: petition_params, ReportKind.RECEPTION: reception_params}
    wanted = {(p.start, p.end) for p in periods}
    found = {
        (s.kind, s.period_key): s
        for s in ReportSnapshot.objects.filter(
            unit=unit, params__in=set(params.values()), start__in=[w[0] for w in wanted]
        )
        if (s.start, s.end) in wanted and s.params == params[s.kind]
    }
    for period in periods:
        for kind in ReportKind.values:
            if (kind, period.key) not in found:
                found[(kind, period.key)] = report_refresh(kind=kind, unit=unit, period=period, params=params[kind])
    return found


def months_of(period: Period) -> list[Period]:
    """The calendar months a trend chart shows: the months of the period's year, or of a custom range."""
    if period.start.month == 1 and period.end.year == period.start.year:
        return [parse_period(period=f"{period.start.year}-{m:02d}") for m in range(1, 13)]
    months, day = [], period.start.replace(day=1)
    while day <= period.end and len(months) < 24:
        months.append(parse_period(period=f"{day.year}-{day.month:02d}"))
        day = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return months


def dashboard(
    unit: AdministrativeUnit, period: Period, *, user: User, with_legacy: bool = False, agency=None
) -> Dashboard:
    """The figures of a unit (or of one agency) for a period, and the overdue petitions `user` may see."""
    months = months_of(period)
    if agency is not None:
        snaps = _snapshots(unit, [period, *months], f"agency={agency.pk}", f"agency={agency.pk}")
    else:
        snaps = _snapshots(unit, [period, *months], petition_params="+legacy" if with_legacy else "")
    petitions, reception = snaps[(ReportKind.PETITIONS, period.key)], snaps[(ReportKind.RECEPTION, period.key)]
    trend = [
        {
            "label": f"{m.start.month:02d}"
            if len({x.start.year for x in months}) == 1
            else f"{m.start.month:02d}/{m.start.year % 100:02d}",
            "received": snaps[(ReportKind.PETITIONS, m.key)].data["received"],
            "settled": snaps[(ReportKind.PETITIONS, m.key)].data["settled"],
        }
        for m in months
    ]
    children = petitions.data.get("children", [])
    ranked = [c for c in children if c["must_settle"] >= MIN_CASES_TO_RANK]
    ranked.sort(key=lambda c: (-(c["resolution_rate"] or 0), c["name"]))
    unranked = [c for c in children if c["must_settle"] < MIN_CASES_TO_RANK]
    # An agency handles petitions received anywhere: the panel lists only those the official may see.
    overdue = Petition.objects.visible_to(user).open().filter(deadline__lt=timezone.localdate())
    overdue = overdue.filter(handling_agency=agency) if agency else overdue.filter(unit__path__startswith=unit.path)
    overdue_rows = list(overdue.select_related("unit").order_by("deadline")[:OVERDUE_PANEL_SIZE])
    return Dashboard(unit, period, petitions, reception, trend, ranked, unranked, overdue_rows, overdue.count())
