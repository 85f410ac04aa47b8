"""The "reform" report family (DOMAIN §0 "Administrative reform"), registered from ReformConfig.ready().

Its figures are those of the plans whose year falls in the period, as of the period's end (today while it runs,
or the `as_of` day the API asks for): at the top, the unit's own plans, those its People's Committee issued (the
province's plan: 70/81 = 86.42%), not its departments' plans; in `subtree`, the plans of the unit (its departments'
included) and of every unit under it; in `children`, each child unit's subtree and then every plan of the unit
itself (committee and departments: the `own_level` row), so that the children add up to `subtree`. Each part has
the task figures of `reform.selectors`, by area and by lead agency. A fixed handful of queries, whatever the number
of tasks; the nightly rebuild computes every unit's plain figures of a period at once (`reform_figures_many`).

A 2025 province with its predecessors (`with_predecessors`, the dashboard's "Gộp số liệu trước 01/7/2025") counts
the plans of the pre-2025 provinces it succeeded too: their committees' plans at the top (`parts` gives each one's
share, for the links: the task list filters one unit), their subtrees in `subtree`, and each of them as one more
child row (`legacy`).

The reports app stores, refreshes and serves them as snapshots; it never names this family. Reform reaches
the reports app only through `reports.registry` (tests/portal/test_import_direction.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass

from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from portal.choices import AgencyKind
from portal.models import AdministrativeUnit, Agency
from portal.unit_rows import (
    Rollup,
    child_level,
    child_prefix,
    children_by_path,
    children_of,
    in_paths,
    legacy_name,
    legacy_prefix,
    legacy_row,
    own_level_row,
    predecessor_provinces,
    successor_provinces,
    top_paths,
    unit_paths,
    unit_row,
)
from reform.api.report import ReformReportFiguresSerializer, ReformReportQuerySerializer
from reform.choices import STATE_TONES, TaskState
from reform.exports import TASK_LIST_EXPORT, VIEW_PERMISSION, task_list
from reform.models import Area, Plan, Task
from reform.report_forms import plan_progress_report
from reform.selectors import committee_plans, figures_of, task_counts_by, task_figures, task_figures_by
from reports.registry import Api, Export, Panel, Params, ReportFamily, Selection, unit_and_ancestors

PLAN_UNIT_PATH = "plan__unit__path"
LEGACY_SUFFIX = "+legacy"  # the key of the figures with the predecessors' plans, as the petitions family's
# The counts of a part of the figures, in the order the API documents them; the rates follow.
COUNTS = (
    "planned",
    "completed",
    "completed_on_time",
    "completed_late",
    "in_progress",
    "overdue",
    "due_soon",
    "cancelled",
    "fallen_due",  # the denominator of completion_rate_due: tasks whose deadline has passed by the day
    "completed_of_due",  # its numerator
)


def as_of(end: dt.date) -> dt.date:
    """The day the figures stand at: the period's end, or today while the period runs."""
    return min(end, timezone.localdate())


def plan_tasks(
    unit: AdministrativeUnit, start: dt.date, end: dt.date, predecessors: Iterable[AdministrativeUnit] = ()
) -> QuerySet[Task]:
    """The tasks of the plans of `unit`'s subtree (and its merged predecessors') for the years the period touches."""
    return Task.objects.filter(
        in_paths(PLAN_UNIT_PATH, unit_paths(unit, list(predecessors))),
        plan__year__gte=start.year,
        plan__year__lte=end.year,
    )


@dataclass(frozen=True)
class ReformParams(Params):
    """The figures as of another day than the period's end (the API's `as_of`), a 2025 province with the plans of
    the pre-2025 provinces it succeeded, or one lead agency's tasks."""

    as_of: dt.date | None = None
    agency_id: int | None = None
    with_predecessors: bool = False

    def __post_init__(self) -> None:
        if self.agency_id is not None and (self.as_of is not None or self.with_predecessors):
            raise ValueError("An agency's reform figures take no other parameter")

    def to_key(self) -> str:  # "", "as_of=2024-06-30", "+legacy", "as_of=2024-06-30+legacy", "agency=7"
        if self.agency_id is not None:
            return f"agency={self.agency_id}"
        key = f"as_of={self.as_of.isoformat()}" if self.as_of else ""
        return key + (LEGACY_SUFFIX if self.with_predecessors else "")

    @classmethod
    def from_key(cls, key: str) -> ReformParams:
        with_predecessors = key.endswith(LEGACY_SUFFIX)
        rest = key.removesuffix(LEGACY_SUFFIX)
        name, _sep, value = rest.partition("=")
        try:
            if name == "as_of":
                return cls(as_of=dt.date.fromisoformat(value), with_predecessors=with_predecessors)
            if name == "agency" and not with_predecessors:
                return cls(agency_id=int(value))
        except ValueError:
            pass
        if rest:
            raise ValueError(f"Not a reform parameter: {key!r}")
        return cls(with_predecessors=with_predecessors)

    @classmethod
    def for_selection(cls, selection: Selection) -> ReformParams:
        if selection.agency_id is not None:
            return cls(agency_id=selection.agency_id)
        return cls(with_predecessors=selection.with_predecessors)


def _number(text: str | None) -> float | None:
    return None if text is None else float(text)


def report_figures(figures: dict) -> dict:
    """The API's figures from `reform.selectors.figures_of`: the counts, and the rates as numbers (half-up)."""
    return {
        **{key: figures[key] for key in COUNTS},
        "completion_rate": _number(figures["completion_rate"]),
        "completion_rate_due": _number(figures["due_completion_rate"]),
        "on_time_rate": _number(figures["on_time_rate"]),
        "states": figures["states"],
    }


def _empty() -> dict:
    return report_figures(
        figures_of({**{state.value: 0 for state in TaskState}, "fallen_due": 0, "completed_of_due": 0})
    )


def _part(tasks: QuerySet[Task], on: dt.date) -> tuple[dict, dict, dict]:
    """A part's figures, and its rows by area and by lead agency keyed by id (named later, in one query each)."""
    figures = report_figures(task_figures(tasks, on))
    by_area = {row.pop("key"): report_figures(row) for row in task_figures_by(tasks, "area", on)}
    by_agency = {row.pop("key"): report_figures(row) for row in task_figures_by(tasks, "lead_agency", on)}
    return figures, by_area, by_agency


def _named(figures: dict, by_area: dict, by_agency: dict, areas: dict, agencies: dict) -> dict:
    return {
        **figures,
        "by_area": [
            {"area": pk, "code": areas[pk].code, "name": areas[pk].name, **by_area[pk]}
            for pk in sorted(by_area, key=lambda pk: (areas[pk].order, pk))
        ],
        "by_agency": [
            {"agency": pk, "name": agencies[pk].name, "unit": agencies[pk].unit_id, **by_agency[pk]}
            for pk in sorted(by_agency, key=lambda pk: (agencies[pk].name, pk))
        ],
    }


def _children(
    unit: AdministrativeUnit, tasks: QuerySet[Task], subtree: dict, on: dt.date, predecessors: list[AdministrativeUnit]
) -> list[dict]:
    """Each child unit's subtree, then every plan of the unit itself (`own_level`: its committee's and its
    departments'), then each merged predecessor's subtree (`legacy`): together, the unit's subtree."""
    if child_level(unit) is None:  # a commune: all of it is its own level
        return [own_level_row(unit, dict(subtree))]
    grouped = tasks.annotate(child=child_prefix(unit, PLAN_UNIT_PATH))
    per_child = {row.pop("key"): report_figures(row) for row in task_figures_by(grouped, "child", on)}
    if predecessors:  # one more query: the predecessors' tasks by pre-2025 province
        grouped = tasks.annotate(old=legacy_prefix(predecessors, PLAN_UNIT_PATH))
        per_child.update({row.pop("key"): report_figures(row) for row in task_figures_by(grouped, "old", on)})
    rows = [unit_row(child, per_child.get(path, _empty())) for path, child in children_by_path(unit).items()]
    legacy = [legacy_row(old, per_child.get(old.path, _empty())) for old in predecessors]
    return [*rows, own_level_row(unit, per_child.get(unit.path, _empty())), *legacy]


def _own_parts(unit: AdministrativeUnit, own_tasks: QuerySet[Task], on: dt.date, predecessors: list) -> list[dict]:
    """The unit's committee plans' figures, then each merged predecessor's: the top figures' parts (one query)."""
    by_unit = {row.pop("key"): report_figures(row) for row in task_figures_by(own_tasks, "plan__unit", on)}
    rows = [unit_row(unit, by_unit.get(unit.pk, _empty()))]
    return rows + [{**unit_row(old, by_unit.get(old.pk, _empty())), "name": legacy_name(old)} for old in predecessors]


def reform_figures(unit: AdministrativeUnit, start: dt.date, end: dt.date, params: ReformParams) -> dict:
    """The completion figures of the unit's own plans (its People's Committee's) for the period's years, of its
    subtree's, and by child unit."""
    on = params.as_of or as_of(end)
    predecessors = predecessor_provinces(unit) if params.with_predecessors else []
    tasks = plan_tasks(unit, start, end, predecessors)
    if params.agency_id is not None:  # an agency's dashboard: the tasks it leads in any plan
        tasks = Task.objects.filter(
            lead_agency_id=params.agency_id, plan__year__gte=start.year, plan__year__lte=end.year
        )
    committees = Q()
    for owner in (unit, *predecessors):  # the committees' plans: the unit's, and its merged predecessors'
        committees |= committee_plans(owner)
    own_tasks = tasks.filter(committees) if params.agency_id is None else tasks
    own, own_areas, own_agencies = _part(own_tasks, on)
    subtree, subtree_areas, subtree_agencies = _part(tasks, on)
    areas = Area.objects.in_bulk({*own_areas, *subtree_areas})
    agencies = Agency.objects.only("name", "unit_id").in_bulk({*own_agencies, *subtree_agencies})
    figures = {
        **_named(own, own_areas, own_agencies, areas, agencies),
        "as_of": on.isoformat(),
        "plan_years": list(range(start.year, end.year + 1)),
        "subtree": _named(subtree, subtree_areas, subtree_agencies, areas, agencies),
        "children": _children(unit, tasks, subtree, on, predecessors) if params.agency_id is None else [],
    }
    if predecessors:
        figures["parts"] = _own_parts(unit, own_tasks, on, predecessors)
    return figures


# --- every unit at once (the nightly rebuild, issue 17) ------------------------------------------------------

# The additive counts behind a part's figures (`reform.selectors.state_counts`): summed up the tree, then finished.
RAW_COUNTS = (*(state.value for state in TaskState), "fallen_due", "completed_of_due")


def _zero_part() -> dict:
    return {"total": dict.fromkeys(RAW_COUNTS, 0), "area": {}, "agency": {}}


def _total(part: dict) -> dict:
    """A summed part's figures (a child row needs no breakdown)."""
    return report_figures(figures_of(part["total"]))


def _finished(part: dict) -> tuple[dict, dict, dict]:
    """A summed part's figures, and its rows by area and by lead agency keyed by id (as `_part` gives them)."""
    return _total(part), *_breakdowns(part)


def _breakdowns(part: dict) -> tuple[dict, dict]:
    by_area = {pk: report_figures(figures_of(counts)) for pk, counts in part["area"].items()}
    by_agency = {pk: report_figures(figures_of(counts)) for pk, counts in part["agency"].items()}
    return by_area, by_agency


def reform_figures_many(units: Sequence[AdministrativeUnit], start: dt.date, end: dt.date) -> dict[int, dict]:
    """`reform_figures` of every unit at once with the default parameters, {unit id: figures}."""
    return next(reform_figures_periods(units, [(start, end)]))


def reform_figures_periods(
    units: Sequence[AdministrativeUnit], periods: Sequence[tuple[dt.date, dt.date]]
) -> Iterator[dict[int, dict]]:
    """`reform_figures_many` for each period in turn, the units' children read once for all of them: a task's
    state is read as of each period's own day, so each period keeps its grouped query."""
    units = list(units)
    children = children_of(units) if top_paths(units) else {}
    for start, end in periods:
        yield _reform_figures_of(units, start, end, children)


def _reform_figures_of(units: list[AdministrativeUnit], start: dt.date, end: dt.date, children: dict) -> dict:
    """One grouped query for the tasks (by plan unit path, plan owner kind, area and lead agency), summed up the
    tree (`Rollup`), and one each for the areas' and the agencies' names, however many units."""
    tops = top_paths(units)
    if not tops:
        return {}
    on = as_of(end)  # one day for the whole period, so one state per task
    tasks = Task.objects.filter(in_paths(PLAN_UNIT_PATH, tops), plan__year__gte=start.year, plan__year__lte=end.year)
    # "all": every plan of the record's unit; "committee": its People's Committee's only (the top figures).
    rollup = Rollup(lambda: {"all": _zero_part(), "committee": _zero_part()})
    grouped = task_counts_by(
        tasks, on, "area", "lead_agency", row_path=F(PLAN_UNIT_PATH), owner_kind=F("plan__owner_agency__kind")
    )
    area_ids, agency_ids = set(), set()
    for row in grouped:
        path, owner_kind = row.pop("row_path"), row.pop("owner_kind")
        area, agency = row.pop("area"), row.pop("lead_agency")
        area_ids.add(area)
        agency_ids.add(agency)
        part = {"total": row, "area": {area: row}, "agency": {agency: row}}
        committee = owner_kind == AgencyKind.PEOPLES_COMMITTEE  # as `committee_plans`, for the record's own unit
        rollup.add(path, {"all": part, "committee": part} if committee else {"all": part})
    areas = Area.objects.in_bulk(area_ids)
    agencies = Agency.objects.only("name", "unit_id").in_bulk(agency_ids)
    common = {"as_of": on.isoformat(), "plan_years": list(range(start.year, end.year + 1))}
    totals: dict[str, dict] = {}  # a unit's total is also its row in its parent's table

    def subtree_total(path: str) -> dict:
        if path not in totals:
            totals[path] = _total(rollup.subtree_view(path)["all"])
        return totals[path]

    reports = {}
    for unit in units:
        own_records = rollup.own_view(unit.path)
        whole = rollup.subtree_view(unit.path)["all"]
        subtree = (subtree_total(unit.path), *_breakdowns(whole))
        if child_level(unit) is None:  # a commune: all of it is its own level
            rows = [own_level_row(unit, dict(subtree[0]))]
        else:
            rows = [unit_row(child, subtree_total(child.path)) for child in children[unit.pk]]
            rows.append(own_level_row(unit, _total(own_records["all"])))
        reports[unit.pk] = {
            **_named(*_finished(own_records["committee"]), areas, agencies),
            **common,
            "subtree": _named(*subtree, areas, agencies),
            "children": rows,
        }
    return reports


def reform_units_moved(unit: AdministrativeUnit) -> list[AdministrativeUnit]:
    """The unit and those above it, and the 2025 provinces that show a pre-2025 unit's plans with theirs."""
    return [*unit_and_ancestors(unit), *successor_provinces(unit)]


def reform_period_moved(start: dt.date, end: dt.date, days: Collection[dt.date]) -> bool:
    """A change dated `day` moves every figure standing at a later day: a task completed in May is still completed
    in the plan's Q4 and year figures (which the default, periods holding the day, would leave stale)."""
    return any(day <= end for day in days)


def reform_recorded_paths() -> Iterable[str]:
    return Plan.objects.values_list("unit__path", flat=True).distinct()


def _trend(board) -> dict:
    """Completion of the unit's own plans over the last years, from the year snapshots (no query)."""
    rows = []
    for period, snapshot in board.years.get("reform", []):
        data = snapshot.data if snapshot else None
        year = period.start.year
        common = f"year_from={year}&year_to={year}&top=true&on={data['as_of']}" if data and data.get("as_of") else ""
        if board.agency is not None:
            own, subtree = f"lead_agency={board.agency.pk}&{common}", f"lead_agency={board.agency.pk}&{common}"
        else:
            own = f"plan_unit={board.unit.pk}&owner_kind={AgencyKind.PEOPLES_COMMITTEE}&{common}"
            subtree = f"unit={board.unit.pk}&{common}"
        rows.append(
            {
                "year": year,
                "own_query": own if common else "",
                "subtree_query": subtree if common else "",
                "pending": snapshot is None,
                "planned": data["planned"] if data else None,
                "completed": data["completed"] if data else None,
                "completion_rate": data["completion_rate"] if data else None,
                "subtree_planned": data.get("subtree", {}).get("planned") if data else None,
                "subtree_completed": data.get("subtree", {}).get("completed") if data else None,
                "subtree_rate": data.get("subtree", {}).get("completion_rate") if data else None,
            }
        )
    return {"trend": rows}


def _drill(board) -> dict:
    """The task list's query strings that open exactly the tasks behind each figure (reform.filtersets), and the
    six states' rows for the unit's own plans and its subtree. The own plans are the committee's (`owner_kind`);
    the `own_level` child row opens every plan of the unit (`plan_unit` alone).

    With the predecessors merged, the list cannot open the province's and its predecessors' tasks at once: a merged
    figure links nowhere, and `parts` (the province's committee plans, then each predecessor's) each open their own.
    """
    data = board.snapshots["reform"].data
    years = data.get("plan_years") or [board.period.start.year]
    common = f"year_from={years[0]}&year_to={years[-1]}&top=true&on={data['as_of']}"
    if board.agency is not None:
        own = subtree = f"lead_agency={board.agency.pk}&{common}"
    else:
        own = f"plan_unit={board.unit.pk}&owner_kind={AgencyKind.PEOPLES_COMMITTEE}&{common}"
        subtree = f"unit={board.unit.pk}&{common}"
    subtree_states = data.get("subtree", {}).get("states", {})
    states = [
        {
            "key": state.value,
            "label": state.label,
            "tone": STATE_TONES[state],
            "own": data["states"].get(state.value, 0),
            "subtree": subtree_states.get(state.value, 0),
        }
        for state in TaskState
    ]
    children = [
        {
            **row,
            "query": f"plan_unit={row['unit']}&{common}" if row.get("own_level") else f"unit={row['unit']}&{common}",
        }
        for row in data.get("children", [])
    ]
    parts = [
        {**row, "query": f"plan_unit={row['unit']}&owner_kind={AgencyKind.PEOPLES_COMMITTEE}&{common}"}
        for row in data.get("parts", [])
    ]
    return {
        "own_query": own,
        "subtree_query": subtree,
        "states": states,
        "children": children,
        # The rows the "by unit" table lists: units with plans in the period (no empty table otherwise).
        "children_listed": [row for row in children if row.get("planned") or row.get("cancelled")],
        "merged": bool(parts),
        "parts": parts,
    }


def reform_params(query: dict) -> ReformParams:
    """The API's `as_of`; the default day (today, or the year's end if earlier) is the plain snapshot's."""
    day, year = query.get("as_of"), query.get("year")
    if day is None or (year and day == as_of(dt.date(year, 12, 31))):
        return ReformParams()
    return ReformParams(as_of=day)


REFORM = ReportFamily(
    key="reform",
    label=_("Cải cách hành chính"),
    compute=reform_figures,
    compute_many=reform_figures_many,
    compute_periods=reform_figures_periods,
    params=ReformParams,
    period_moved=reform_period_moved,
    units_moved=reform_units_moved,
    recorded_paths=reform_recorded_paths,
    panels=(
        Panel("reform/panels/reform_stats.html", slot="stats", context=_drill),
        Panel("reform/panels/reform_card.html", context=lambda board: {**_drill(board), **_trend(board)}, years=True),
    ),
    exports=(
        Export(
            "reform-progress",
            _("Báo cáo tiến độ kế hoạch cải cách hành chính"),
            plan_progress_report,
            filename="tien-do-cai-cach-hanh-chinh.xlsx",
        ),
        Export(
            TASK_LIST_EXPORT,
            _("Danh sách nhiệm vụ cải cách hành chính"),
            task_list,
            per_period=False,
            filename="danh-sach-nhiem-vu-cai-cach-hanh-chinh.xlsx",
            permission=VIEW_PERMISSION,
        ),
    ),
    api=Api(
        figures=ReformReportFiguresSerializer,
        name="ReformReport",
        description=(
            "Completion of the administrative-reform plans of a unit for a year as of a day: the unit's own plans "
            "(those its People's Committee issued), its subtree's (`subtree`) and each child unit's subtree "
            "(`children`, then every plan of the unit itself, its departments' included)."
        ),
        query=ReformReportQuerySerializer,
        params=reform_params,
        period=lambda query: str(query["year"]) if query.get("year") else None,
        parameters=(
            OpenApiParameter("year", int, description="The plans' year (instead of `period`)."),
            OpenApiParameter(
                "as_of",
                OpenApiTypes.DATE,
                description="The day the states stand at, within the year and not after today "
                "(default: today, or the year's end if earlier).",
            ),
        ),
    ),
)
