"""The "support" report family: which region III communes received support from the agencies assigned to them.

Figures of a unit's subtree for a period, standing at `as_of` (the period's end, or today if earlier):

- `assigned_communes`: communes with an assignment in force on `as_of` that are region III on that day
  (their UnitStatus in force then), so a commune leaving region III mid-year leaves the figure;
- `covered_communes`: of those, the communes with a confirmed activity dated in the quarter of `as_of`
  (from the quarter's first day, or the period's start if later, to `as_of`); `coverage_rate` = covered /
  assigned, rounded half-up to 2 decimals, null with no assigned commune;
- `agencies`: distinct agencies assigned to those communes; `inactive_agencies`: of them, those with no
  confirmed activity in the subtree in the INACTIVE_DAYS days up to `as_of`;
- `activities`, `value_vnd` (money and in kind), `by_type`: confirmed activities dated in the period up to
  `as_of`, whichever commune's region;
- `children`: the same per child unit, then the unit's own level, so communes, activities and value add up
  (an agency assigned in two districts counts once in each: agencies are distinct counts per row).

Only confirmed activities count (support.choices.ActivityStatus). A constant number of queries; the nightly rebuild
takes every unit's plain figures of a period at once (`support_figures_many`: five queries, however many units).

A 2025 province with its predecessors (`with_predecessors`, the dashboard's "Gộp số liệu trước 01/7/2025") counts
the communes and activities under the pre-2025 provinces it succeeded too, each of them one more child row
(`legacy`); the lists filter one unit, so the panels link each part (the province, each predecessor) on its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from portal.models import AdministrativeUnit
from portal.numbers import rate
from portal.unit_rows import (
    Rollup,
    ancestor_paths,
    child_level,
    child_prefix,
    children_by_path,
    children_of,
    legacy_prefix,
    legacy_row,
    own_level_row,
    predecessor_provinces,
    successor_provinces,
    top_paths,
    unit_paths,
    unit_row,
)
from reports.registry import Api, Export, Panel, Params, ReportFamily, Selection, unit_and_ancestors
from support.choices import INACTIVE_DAYS
from support.exports import ACTIVITY_LIST_EXPORT, ASSIGNMENT_LIST_EXPORT, activity_list, assignment_list
from support.models import ActivityType, Assignment
from support.scoping import VIEW_PERMISSION
from support.selectors import (
    Standing,
    active,
    active_window,
    assigned_in_force,
    assigned_in_force_under,
    confirmed_in,
    confirmed_in_under,
    covered,
)

ROW_KEYS = (
    "assigned_communes",
    "covered_communes",
    "coverage_rate",
    "agencies",
    "inactive_agencies",
    "activities",
    "value_vnd",
)


PART_KEYS = ("assigned_communes", "covered_communes", "activities")  # what adds up over a merged province's parts
LEGACY_SUFFIX = "+legacy"  # the key of the figures with the predecessors' communes, as the petitions family's


@dataclass(frozen=True)
class SupportParams(Params):
    """A 2025 province together with the communes of the pre-2025 provinces it succeeded."""

    with_predecessors: bool = False

    def to_key(self) -> str:
        return LEGACY_SUFFIX if self.with_predecessors else ""

    @classmethod
    def from_key(cls, key: str) -> SupportParams:
        if key not in ("", LEGACY_SUFFIX):
            raise ValueError(f"Support figures take only {LEGACY_SUFFIX!r}: {key!r}")
        return cls(with_predecessors=key == LEGACY_SUFFIX)

    @classmethod
    def for_selection(cls, selection: Selection) -> SupportParams:
        # an agency's dashboard shows its unit's figures, as they are: nothing merged, as in the other families
        return cls(with_predecessors=selection.with_predecessors and selection.agency_id is None)


def support_figures(
    unit: AdministrativeUnit, start: dt.date, end: dt.date, params: SupportParams | None = None
) -> dict:
    standing = Standing(start, end)
    as_of = standing.as_of
    with_predecessors = isinstance(params, SupportParams) and params.with_predecessors
    predecessors = predecessor_provinces(unit) if with_predecessors else []
    paths = unit_paths(unit, predecessors)
    assignments = assigned_in_force(unit, as_of, paths).annotate(
        covered=covered(standing), active=active(unit, standing, paths=paths)
    )
    counts = {
        "assigned_communes": Count("commune", distinct=True),
        "covered_communes": Count("commune", distinct=True, filter=Q(covered=True)),
        "agencies": Count("agency", distinct=True),
        "inactive_agencies": Count("agency", distinct=True, filter=Q(active=False)),
    }
    activities = confirmed_in(unit, start, as_of, paths)
    sums = {"activities": Count("pk"), "value_vnd": Coalesce(Sum("money_vnd"), 0) + Coalesce(Sum("in_kind_vnd"), 0)}

    def row(assigned: dict, delivered: dict) -> dict:
        figures = {key: assigned.get(key) or 0 for key in counts}
        figures.update({key: delivered.get(key) or 0 for key in sums})
        figures["coverage_rate"] = rate(figures["covered_communes"], figures["assigned_communes"])
        return {key: figures[key] for key in ROW_KEYS}

    figures = row(assignments.aggregate(**counts), activities.aggregate(**sums))
    types = {t.pk: t for t in ActivityType.objects.all()}
    by_type = {
        r["activity_type"]: r
        for r in activities.values("activity_type").annotate(**sums, quantity=Sum("quantity")).order_by()
    }
    figures["by_type"] = {
        t.code: {
            "label": t.name,
            "quantity_unit": t.quantity_unit,
            "activities": by_type.get(pk, {}).get("activities", 0),
            "value_vnd": by_type.get(pk, {}).get("value_vnd", 0),
            "quantity": float(by_type.get(pk, {}).get("quantity") or 0),
        }
        for pk, t in types.items()
        if t.is_active or pk in by_type
    }
    figures["as_of"], figures["coverage_from"] = as_of.isoformat(), standing.coverage_from.isoformat()
    figures["children"] = _children(unit, assignments, activities, counts, sums, row, figures, predecessors)
    return figures


def _children(unit, assignments, activities, counts, sums, row, figures, predecessors) -> list[dict]:
    if child_level(unit) is None:
        return [own_level_row(unit, {key: figures[key] for key in ROW_KEYS})]
    groups = [child_prefix]
    if predecessors:  # two more queries: the predecessors' communes and activities by pre-2025 province
        groups.append(lambda _unit, field: legacy_prefix(predecessors, field))
    assigned, delivered = {}, {}
    for group in groups:
        assigned.update(
            {
                r.pop("child"): r
                for r in assignments.annotate(child=group(unit, "commune__path")).values("child").annotate(**counts)
            }
        )
        delivered.update(
            {
                r.pop("child"): r
                for r in activities.annotate(child=group(unit, "assignment__commune__path"))
                .values("child")
                .annotate(**sums)
                .order_by()
            }
        )
    rows = [
        unit_row(child, row(assigned.get(p, {}), delivered.get(p, {}))) for p, child in children_by_path(unit).items()
    ]
    legacy = [legacy_row(old, row(assigned.get(old.path, {}), delivered.get(old.path, {}))) for old in predecessors]
    # Communes hang below their district or province: the unit's own level holds none, but keeps the shape.
    return [*rows, own_level_row(unit, row(assigned.get(unit.path, {}), delivered.get(unit.path, {}))), *legacy]


class _Agencies:
    """Distinct agencies per path, for many units at once: `under(path)` those of a record's path and every path
    below it, `own(path)` those of the path itself. Agencies are distinct per row, so they cannot be summed up the
    tree as counts are: each (commune path, agency) pair, already grouped in SQL, joins its few ancestors' sets."""

    def __init__(self, pairs: Iterable[tuple[str, int]]):
        self._own: dict[str, set[int]] = {}
        self._under: dict[str, set[int]] = {}
        for path, agency in pairs:
            self._own.setdefault(path, set()).add(agency)
            for ancestor in ancestor_paths(path):
                self._under.setdefault(ancestor, set()).add(agency)

    def own(self, path: str) -> set[int]:
        return self._own.get(path, set())

    def under(self, path: str) -> set[int]:
        return self._under.get(path, set())


def support_figures_many(units: Sequence[AdministrativeUnit], start: dt.date, end: dt.date) -> dict[int, dict]:
    """`support_figures` of every unit at once (no parameters), {unit id: figures}."""
    return next(support_figures_periods(units, [(start, end)]))


def support_figures_periods(
    units: Sequence[AdministrativeUnit], periods: Sequence[tuple[dt.date, dt.date]]
) -> Iterator[dict[int, dict]]:
    """`support_figures_many` for each period in turn, the units' children read once for all of them (each
    period's standing, assignments and activities are its own queries)."""
    units = list(units)
    children = children_of(units) if top_paths(units) else {}
    for start, end in periods:
        yield _support_figures_of(units, start, end, children)


def _support_figures_of(units: list[AdministrativeUnit], start: dt.date, end: dt.date, children: dict) -> dict:
    """Three grouped queries (the assigned (commune, agency) pairs with the commune's coverage, the (commune,
    agency) pairs active in the last INACTIVE_DAYS days, the activities by commune and kind), then the kinds,
    however many units.

    As in `support_figures`, an agency is active for a unit's figures, and for every row of its children, when it
    delivered anywhere in that unit's subtree."""
    tops = top_paths(units)
    if not tops:
        return {}
    standing = Standing(start, end)
    as_of = standing.as_of
    assigned = (
        assigned_in_force_under(tops, as_of)
        .annotate(covered=covered(standing))
        .values("agency", "covered", row_path=F("commune__path"))
        .distinct()
    )
    covered_by_commune: dict[str, bool] = {}
    pairs = []
    for pair in assigned:
        covered_by_commune[pair["row_path"]] = pair["covered"]  # the commune's, the same on each of its assignments
        pairs.append((pair["row_path"], pair["agency"]))
    agencies = _Agencies(pairs)
    active_pairs = active_window(standing, tops).values_list("assignment__commune__path", "assignment__agency")
    delivering = _Agencies(active_pairs.distinct())

    rollup = Rollup(dict)
    for path, is_covered in covered_by_commune.items():  # a commune has one path: counted once however assigned
        rollup.add(path, {"assigned_communes": 1, "covered_communes": int(is_covered)})
    sums = {"activities": Count("pk"), "value_vnd": Coalesce(Sum("money_vnd"), 0) + Coalesce(Sum("in_kind_vnd"), 0)}
    delivered = (
        confirmed_in_under(tops, start, as_of)
        .values("activity_type", row_path=F("assignment__commune__path"))
        .annotate(**sums, quantity=Sum("quantity"))
    )
    for grouped in delivered:
        values = {"activities": grouped["activities"], "value_vnd": grouped["value_vnd"]}
        of_type = {**values, "quantity": grouped["quantity"]}
        rollup.add(grouped["row_path"], {**values, "by_type": {grouped["activity_type"]: of_type}})
    types = list(ActivityType.objects.all())

    def row(counted: dict, assigned_agencies: set[int], active_agencies: set[int]) -> dict:
        figures = {key: counted.get(key, 0) for key in ("assigned_communes", "covered_communes", *sums)}
        figures["agencies"] = len(assigned_agencies)
        figures["inactive_agencies"] = len(assigned_agencies - active_agencies)
        figures["coverage_rate"] = rate(figures["covered_communes"], figures["assigned_communes"])
        return {key: figures[key] for key in ROW_KEYS}

    figures_by_unit = {}
    for unit in units:
        counted = rollup.subtree_view(unit.path)
        active_here = delivering.under(unit.path)  # active in the unit's subtree: for the unit and its rows alike
        figures = row(counted, agencies.under(unit.path), active_here)
        by_type = counted.get("by_type", {})
        figures["by_type"] = {
            t.code: {
                "label": t.name,
                "quantity_unit": t.quantity_unit,
                "activities": by_type.get(t.pk, {}).get("activities", 0),
                "value_vnd": by_type.get(t.pk, {}).get("value_vnd", 0),
                "quantity": float(by_type.get(t.pk, {}).get("quantity") or 0),
            }
            for t in types
            if t.is_active or t.pk in by_type
        }
        figures["as_of"], figures["coverage_from"] = as_of.isoformat(), standing.coverage_from.isoformat()
        if child_level(unit) is None:
            figures["children"] = [own_level_row(unit, {key: figures[key] for key in ROW_KEYS})]
        else:
            figures["children"] = [
                *(
                    unit_row(child, row(rollup.subtree_view(child.path), agencies.under(child.path), active_here))
                    for child in children[unit.pk]
                ),
                own_level_row(unit, row(rollup.own_view(unit.path), agencies.own(unit.path), active_here)),
            ]
        figures_by_unit[unit.pk] = figures
    return figures_by_unit


def support_units_moved(unit: AdministrativeUnit) -> list[AdministrativeUnit]:
    """The unit and those above it, and the 2025 provinces that show a pre-2025 commune's support with theirs."""
    return [*unit_and_ancestors(unit), *successor_provinces(unit)]


def _drill(board) -> dict:
    """The list query strings behind each figure of the panels: the same unit and year, confirmed activities
    dated from the period's start to the figures' day.

    With the predecessors merged, the lists cannot open the province's and its predecessors' communes at once: a
    merged figure links nowhere, and `parts` (the province, then each predecessor) each open their own."""
    snapshot = board.snapshots["support"]
    data = snapshot.data
    year = board.period.start.year
    as_of = data.get("as_of") or board.period.end.isoformat()
    dates = f"status=confirmed&date_from={board.period.start.isoformat()}&date_to={as_of}"
    types = {t.code: t.pk for t in ActivityType.objects.all()}
    rows = [
        {**row, "query": f"unit={row['unit']}&year={year}", "activities_query": f"unit={row['unit']}&{dates}"}
        for row in data.get("children", [])
    ]
    parts = []
    if SupportParams.from_key(snapshot.params).with_predecessors:
        mine = [row for row in rows if not row.get("legacy")]
        parts = [
            {
                "name": board.unit.name,
                "query": f"unit={board.unit.pk}&year={year}",
                "activities_query": f"unit={board.unit.pk}&{dates}",
                **{key: sum(row[key] for row in mine) for key in PART_KEYS},
            },
            *(row for row in rows if row.get("legacy")),
        ]
    return {
        "query": f"unit={board.unit.pk}&year={year}",
        "activities_query": f"unit={board.unit.pk}&{dates}",
        "types": [{**row, "pk": types.get(code)} for code, row in data.get("by_type", {}).items() if row["activities"]],
        "children": [
            row for row in rows if not row.get("own_level") and (row["assigned_communes"] or row["activities"])
        ],
        "merged": bool(parts),
        "parts": parts,
    }


def support_recorded_paths() -> Iterable[str]:
    return Assignment.objects.values_list("commune__path", flat=True).distinct()


# --- the API answer (GET /api/v1/reports/support/?unit=&year=) ------------------------------------------------


class SupportQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(required=False, min_value=2015, max_value=2100)


class SupportRowSerializer(serializers.Serializer):
    assigned_communes = serializers.IntegerField(help_text="Region III communes with an assignment in force.")
    covered_communes = serializers.IntegerField(help_text="Of them, with a confirmed activity in the quarter.")
    coverage_rate = serializers.FloatField(allow_null=True, help_text="covered / assigned, percent, 2 decimals.")
    agencies = serializers.IntegerField()
    inactive_agencies = serializers.IntegerField(help_text=f"No confirmed activity in {INACTIVE_DAYS} days.")
    activities = serializers.IntegerField(help_text="Confirmed activities dated in the period.")
    value_vnd = serializers.IntegerField(help_text="Money and in kind, VND.")


class SupportTypeSerializer(serializers.Serializer):
    label = serializers.CharField()
    quantity_unit = serializers.CharField()
    activities = serializers.IntegerField()
    value_vnd = serializers.IntegerField()
    quantity = serializers.FloatField()


class SupportChildSerializer(SupportRowSerializer):
    unit = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    own_level = serializers.BooleanField(required=False)


class SupportFiguresSerializer(SupportRowSerializer):
    as_of = serializers.DateField(help_text="The day the figures stand at: the period's end, or today if earlier.")
    coverage_from = serializers.DateField(help_text="Coverage counts confirmed activities from this day to `as_of`.")
    by_type = serializers.DictField(child=SupportTypeSerializer(), help_text="Keys: the kinds of support's codes.")
    children = SupportChildSerializer(many=True)


SUPPORT = ReportFamily(
    key="support",
    label=_("Hỗ trợ xã đặc biệt khó khăn"),
    compute=support_figures,
    compute_many=support_figures_many,
    compute_periods=support_figures_periods,
    params=SupportParams,
    units_moved=support_units_moved,
    # A confirmation dated in May keeps a commune covered in later figures standing after it, and the
    # inactive window runs 90 days on: any period ending on or after a change's day may move.
    period_moved=lambda start, end, days: any(day <= end for day in days),
    recorded_paths=support_recorded_paths,
    panels=(
        Panel("support/panels/support_stats.html", slot="stats", context=_drill),
        Panel("support/panels/support_card.html", context=_drill),
    ),
    exports=(
        Export(
            ASSIGNMENT_LIST_EXPORT,
            _("Danh sách phân công hỗ trợ xã đặc biệt khó khăn"),
            assignment_list,
            per_period=False,
            filename="phan-cong-ho-tro-xa.xlsx",
            permission=VIEW_PERMISSION,
        ),
        Export(
            ACTIVITY_LIST_EXPORT,
            _("Danh sách hoạt động hỗ trợ xã đặc biệt khó khăn"),
            activity_list,
            per_period=False,
            filename="hoat-dong-ho-tro-xa.xlsx",
            permission=VIEW_PERMISSION,
        ),
    ),
    api=Api(
        figures=SupportFiguresSerializer,
        name="SupportReport",
        description=(
            "Support of region III communes by the agencies assigned to them: coverage in the quarter of the "
            "figures' day, agencies with nothing confirmed for 90 days, confirmed activities and their value."
        ),
        query=SupportQuerySerializer,
        params=lambda query: Params(),  # `year` says the period only
        period=lambda query: str(query["year"]) if query.get("year") else None,
    ),
)
