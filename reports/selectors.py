"""Dashboard reads: snapshots only, a constant number of queries per page.

The board holds, for every registered report family, its snapshot of the period (and of each
month, for families whose panels draw a trend), and the family's panels with their data.

A page computes at most one family's missing snapshot of the period itself (`SYNC_FAMILIES_AT_MOST`);
every other missing snapshot, the months of a trend included, is handed to the report queue
(`reports_refresh_soon`) and shows as "đang tính…" until it is there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import timezone

from portal.models import AdministrativeUnit, Agency, User
from reports import registry
from reports.models import ReportSnapshot
from reports.periods import Period, parse_period, standard_periods
from reports.registry import Selection
from reports.services import report_refresh, reports_refresh_soon

# A province's snapshot costs up to a second to compute; a trend's twelve months inline took 8-11 s.
SYNC_FAMILIES_AT_MOST = 1
TREND_YEARS = 5  # a trend over years shows the period and the same part of the four years before it


@dataclass
class Dashboard:
    unit: AdministrativeUnit
    period: Period
    user: User
    agency: Agency | None
    snapshots: dict[str, ReportSnapshot]  # family key -> its snapshot of the period (missing while pending)
    months: dict[str, list[tuple[Period, ReportSnapshot | None]]]  # family key -> (month, snapshot or None)
    years: dict[str, list[tuple[Period, ReportSnapshot | None]]] = field(default_factory=dict)  # ... (year, ...)
    panels: list[dict] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)  # labels of the families whose figures are being computed

    @property
    def stats(self) -> list[dict]:
        return [p for p in self.panels if p["slot"] == "stats"]

    @property
    def cards(self) -> list[dict]:
        return [p for p in self.panels if p["slot"] == "cards"]

    @property
    def computed_at(self):
        return min((s.checked_at for s in self.snapshots.values()), default=None)

    @property
    def figures_as_of(self):
        """The day the figures stand at: the period's end, or the day they were computed while it runs."""
        computed = self.computed_at
        return min(self.period.end, timezone.localdate(computed)) if computed else self.period.end

    @property
    def locked(self) -> bool:
        return bool(self.snapshots) and not self.pending and all(s.locked_at for s in self.snapshots.values())

    @property
    def changed_after_lock(self) -> bool:
        return any(s.changed_after_lock.get("fields") for s in self.snapshots.values())


def _snapshots(
    unit: AdministrativeUnit, wanted: list[tuple[str, str, Period]], headline: Period
) -> dict[tuple[str, str], ReportSnapshot]:
    """The snapshots the page needs, (family key, params key, period), read in one query.

    Of the missing ones, the first family's snapshot of the page's period (`headline`) is computed
    here; the others go to the report queue, and those it has not stored yet are left out.
    """
    wanted = list(dict.fromkeys(wanted))  # a one-month period is also its trend's month
    dates = {(p.start, p.end) for _kind, _params, p in wanted}
    found = {
        (s.kind, s.params, s.start, s.end): s
        for s in ReportSnapshot.objects.with_checked_at().filter(
            unit=unit,
            kind__in={kind for kind, _params, _p in wanted},
            params__in={params for _kind, params, _p in wanted},
            start__in={start for start, _end in dates},
        )
        if (s.start, s.end) in dates
    }
    snapshots, later, computed = {}, [], 0
    for kind, params, period in wanted:
        snapshot = found.get((kind, params, period.start, period.end))
        if snapshot is None and period == headline and computed < SYNC_FAMILIES_AT_MOST:
            snapshot, computed = report_refresh(kind=kind, unit=unit, period=period, params=params), computed + 1
        if snapshot is None:
            later.append((kind, params, period))
        else:
            snapshots[(kind, period.key)] = snapshot
    for (kind, _params, period), snapshot in zip(later, reports_refresh_soon(unit=unit, wanted=later), strict=True):
        if snapshot is not None:  # no worker to queue for (development, tests): computed in this process
            snapshots[(kind, period.key)] = snapshot
    return snapshots


def months_of(period: Period) -> list[Period]:
    """The calendar months a trend chart shows: the months of the period's year, or of a custom range."""
    if period.start.month == 1 and period.end.year == period.start.year:
        return [parse_period(period=f"{period.start.year}-{m:02d}") for m in range(1, 13)]
    months, day = [], period.start.replace(day=1)
    while day <= period.end and len(months) < 24:
        months.append(parse_period(period=f"{day.year}-{day.month:02d}"))
        day = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return months


def years_of(period: Period) -> list[Period]:
    """The same part of the period in each of the last TREND_YEARS years, oldest first (2020-Q3 … 2024-Q3)."""
    standard = next((p for p in standard_periods(period.start.year) if p == period), None)
    shifted = []
    for back in range(TREND_YEARS - 1, -1, -1):
        year = period.start.year - back
        if standard is not None:
            shifted.append(parse_period(period=f"{year}{period.key[4:]}"))
            continue
        start = _same_day(period.start, -back)
        end = _same_day(period.end, -back)
        shifted.append(parse_period(date_from=start.isoformat(), date_to=end.isoformat()))
    return shifted


def _same_day(day: date, years: int) -> date:
    """The same calendar day `years` later (28 February for a 29 February in a common year)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def dashboard(
    unit: AdministrativeUnit, period: Period, *, user: User, with_legacy: bool = False, agency: Agency | None = None
) -> Dashboard:
    """The figures of a unit (or of one agency) for a period, family by family, and their panels for `user`."""
    selection = Selection(agency_id=agency.pk if agency else None, with_predecessors=with_legacy)
    families = registry.families()
    months, years = months_of(period), years_of(period)
    wanted = []
    for family in families:
        params = family.params.for_selection(selection).to_key()
        wanted.append((family.key, params, period))
        if any(panel.months for panel in family.panels):
            wanted += [(family.key, params, month) for month in months]
        if any(panel.years for panel in family.panels):
            wanted += [(family.key, params, year) for year in years]
    snaps = _snapshots(unit, wanted, period)
    board = Dashboard(
        unit=unit,
        period=period,
        user=user,
        agency=agency,
        snapshots={f.key: snaps[(f.key, period.key)] for f in families if (f.key, period.key) in snaps},
        months={
            f.key: [(m, snaps.get((f.key, m.key))) for m in months]
            for f in families
            if any(panel.months for panel in f.panels)
        },
        years={
            f.key: [(y, snaps.get((f.key, y.key))) for y in years] for f in families if any(p.years for p in f.panels)
        },
        pending=[str(f.label) for f in families if (f.key, period.key) not in snaps],
    )
    for family in families:
        if family.key not in board.snapshots:
            continue  # its panels show once its figures are stored
        for panel in family.panels:
            board.panels.append(
                {
                    "template": panel.template,
                    "slot": panel.slot,
                    "family": family.key,
                    "data": board.snapshots[family.key].data,
                    **(panel.context(board) if panel.context else {}),
                }
            )
    return board
