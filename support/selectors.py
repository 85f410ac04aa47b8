"""The definitions behind the support figures, shared by the report family and the lists every figure opens.

A figure stands at a day (`as_of`: the period's end, or today if earlier). Coverage reads the quarter of that
day (from its first day, or the period's start if later); an agency is inactive with no confirmed activity in
the INACTIVE_DAYS days up to it. Only confirmed activities count.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone

from portal.choices import Region
from portal.models import AdministrativeUnit, Agency, UnitStatus
from portal.unit_rows import in_paths
from support.choices import INACTIVE_DAYS, ActivityStatus
from support.models import Activity, Assignment


@dataclass(frozen=True)
class Standing:
    """The days a period's support figures read."""

    start: dt.date
    end: dt.date

    @property
    def as_of(self) -> dt.date:
        return max(self.start, min(self.end, timezone.localdate()))

    @property
    def coverage_from(self) -> dt.date:
        day = self.as_of
        return max(self.start, dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1))

    @property
    def active_from(self) -> dt.date:
        return self.as_of - dt.timedelta(days=INACTIVE_DAYS - 1)


def region_iii(on: dt.date, unit_ref: str = "commune_id") -> Exists:
    statuses = UnitStatus.objects.filter(unit_id=OuterRef(unit_ref), region=Region.III, valid_from__lte=on).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=on)
    )
    return Exists(statuses)


def _paths(unit: AdministrativeUnit, paths: list[str] | None) -> list[str]:
    """The unit's subtree, or each of `paths` (a 2025 province with its predecessors')."""
    return paths if paths is not None else [unit.path]


def assigned_in_force(unit: AdministrativeUnit, on: dt.date, paths: list[str] | None = None) -> QuerySet[Assignment]:
    """Assignments in force on `on` to region III communes of the unit's subtree (or of every one of `paths`)."""
    return assigned_in_force_under(_paths(unit, paths), on)


def assigned_in_force_under(paths: list[str], on: dt.date) -> QuerySet[Assignment]:
    """Assignments in force on `on` to region III communes under any of `paths` (many units' figures at once)."""
    in_force = Assignment.objects.in_force(on).filter(in_paths("commune__path", paths))
    return in_force.filter(region_iii(on)).order_by()


def confirmed_in(
    unit: AdministrativeUnit, first: dt.date, last: dt.date, paths: list[str] | None = None
) -> QuerySet[Activity]:
    return confirmed_in_under(_paths(unit, paths), first, last)


def confirmed_in_under(paths: list[str], first: dt.date, last: dt.date) -> QuerySet[Activity]:
    """Confirmed activities dated in [first, last] in communes under any of `paths`."""
    return (
        Activity.objects.confirmed()
        .filter(in_paths("assignment__commune__path", paths), date__gte=first, date__lte=last)
        .order_by()
    )


def covered(standing: Standing, commune_ref: str = "commune_id") -> Exists:
    """The commune received a confirmed activity (from any agency) in the quarter of the figures' day."""
    return Exists(
        Activity.objects.confirmed().filter(
            assignment__commune_id=OuterRef(commune_ref), date__gte=standing.coverage_from, date__lte=standing.as_of
        )
    )


def active(
    unit: AdministrativeUnit, standing: Standing, agency_ref: str = "agency_id", paths: list[str] | None = None
) -> Exists:
    """The agency had an activity confirmed in the unit's subtree (or under `paths`) in the last INACTIVE_DAYS days."""
    return Exists(active_window(standing, _paths(unit, paths)).filter(assignment__agency_id=OuterRef(agency_ref)))


def active_window(standing: Standing, paths: list[str]) -> QuerySet[Activity]:
    """The confirmed activities under `paths` that keep their agency active: dated in the last INACTIVE_DAYS days."""
    return confirmed_in_under(paths, standing.active_from, standing.as_of)


def _subquery_count(rows: QuerySet, group: str, **aggregate) -> Coalesce:
    """One number per outer row from `rows` (already tied to it by OuterRef), 0 when there is none."""
    [(name, expression)] = aggregate.items()
    return Coalesce(rows.values(group).annotate(**{name: expression}).values(name), 0)


def communes_assigned(unit: AdministrativeUnit, standing: Standing) -> QuerySet[AdministrativeUnit]:
    """The assigned region III communes (the `assigned_communes` figure), each with its agencies, whether it is
    covered this quarter, and what it received in the period."""
    assignments = assigned_in_force(unit, standing.as_of)
    received = Activity.objects.confirmed().filter(
        assignment__commune_id=OuterRef("pk"), date__gte=standing.start, date__lte=standing.as_of
    )
    value = Coalesce(Sum("money_vnd"), 0) + Coalesce(Sum("in_kind_vnd"), 0)
    return AdministrativeUnit.objects.filter(pk__in=assignments.values("commune_id")).annotate(
        covered=covered(standing, "pk"),
        agency_count=_subquery_count(
            assignments.filter(commune_id=OuterRef("pk")), "commune_id", n=Count("agency", distinct=True)
        ),
        activities=_subquery_count(received, "assignment__commune_id", n=Count("pk")),
        value_vnd=_subquery_count(received, "assignment__commune_id", v=value),
    )


def agencies_assigned(unit: AdministrativeUnit, standing: Standing) -> QuerySet[Agency]:
    """The agencies assigned to those communes (the `agencies` figure), each with what it delivered and whether it
    is active."""
    assignments = assigned_in_force(unit, standing.as_of)
    delivered = Activity.objects.confirmed().filter(
        assignment__agency_id=OuterRef("pk"),
        assignment__commune__path__startswith=unit.path,
        date__gte=standing.start,
        date__lte=standing.as_of,
    )
    return Agency.objects.filter(pk__in=assignments.values("agency_id")).annotate(
        active=active(unit, standing, "pk"),
        communes=_subquery_count(
            assignments.filter(agency_id=OuterRef("pk")), "agency_id", n=Count("commune", distinct=True)
        ),
        activities=_subquery_count(delivered, "assignment__agency_id", n=Count("pk")),
        value_vnd=_subquery_count(
            delivered, "assignment__agency_id", v=Coalesce(Sum("money_vnd"), 0) + Coalesce(Sum("in_kind_vnd"), 0)
        ),
        last_confirmed=delivered.values("assignment__agency_id").annotate(d=Max("date")).values("d"),
    )


def with_delivery(assignments: QuerySet[Assignment]) -> QuerySet[Assignment]:
    """Each assignment's confirmed and waiting activities and confirmed value (the list, its export)."""
    confirmed = Q(activities__status=ActivityStatus.CONFIRMED)
    return assignments.annotate(
        confirmed=Count("activities", filter=confirmed),
        waiting=Count("activities", filter=Q(activities__status=ActivityStatus.SUBMITTED)),
        value_vnd=Coalesce(Sum("activities__money_vnd", filter=confirmed), 0)
        + Coalesce(Sum("activities__in_kind_vnd", filter=confirmed), 0),
    )


@dataclass
class TypeYearTable:
    """Confirmed activities and value by kind of support (rows) and year (columns, newest first)."""

    years: list[int]
    rows: list[dict]  # {"pk", "name", "cells": [{"year", "activities", "value_vnd"} per year], "activities", ...}
    totals: list[dict]  # per year
    total: dict  # every year


def delivery_by_type_and_year(activities: QuerySet[Activity]) -> TypeYearTable:
    """One grouped query over the confirmed activities; the pivot is done on its few rows."""
    grouped = (
        activities.confirmed()
        .order_by()
        .values("activity_type_id", "activity_type__name", "activity_type__order", year=ExtractYear("date"))
        .annotate(activities=Count("pk"), value_vnd=Coalesce(Sum("money_vnd"), 0) + Coalesce(Sum("in_kind_vnd"), 0))
    )
    cells: dict[tuple[int, int], dict] = {}
    kinds: dict[int, tuple[int, str]] = {}
    for row in grouped:
        cells[(row["activity_type_id"], row["year"])] = {"activities": row["activities"], "value_vnd": row["value_vnd"]}
        kinds[row["activity_type_id"]] = (row["activity_type__order"], row["activity_type__name"])
    years = sorted({year for _kind, year in cells}, reverse=True)
    empty = {"activities": 0, "value_vnd": 0}
    rows = []
    for pk, (_order, name) in sorted(kinds.items(), key=lambda item: item[1]):
        row_cells = [{"year": year, **cells.get((pk, year), empty)} for year in years]
        rows.append(
            {
                "pk": pk,
                "name": name,
                "cells": row_cells,
                "activities": sum(cell["activities"] for cell in row_cells),
                "value_vnd": sum(cell["value_vnd"] for cell in row_cells),
            }
        )
    totals = [
        {
            "year": year,
            "activities": sum(cells.get((pk, year), empty)["activities"] for pk in kinds),
            "value_vnd": sum(cells.get((pk, year), empty)["value_vnd"] for pk in kinds),
        }
        for year in years
    ]
    total = {key: sum(row[key] for row in rows) for key in ("activities", "value_vnd")}
    return TypeYearTable(years=years, rows=rows, totals=totals, total=total)
