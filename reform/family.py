"""The "reform" report family (DOMAIN §0 "Administrative reform"), registered from ReformConfig.ready().

Its figures are those of the plans of a unit's subtree whose year falls in the period, as of the period's end
(today while it runs): the task figures of `reform.selectors`, by area, and by child unit with the unit's own
plans as one more row, so that the children add up to the unit. Five queries, whatever the number of tasks.

The reports app stores, refreshes and serves them as snapshots; it never names this family. Reform reaches
the reports app only through `reports.registry` (tests/portal/test_import_direction.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable

from django.db.models import QuerySet
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.choices import CODE_WIDTH, Generation, Level
from portal.models import AdministrativeUnit
from reform.choices import TaskState
from reform.exports import TASK_LIST_EXPORT, task_list
from reform.models import Area, Plan, Task
from reform.selectors import figures_of, task_figures, task_figures_by
from reports.registry import Export, Params, ReportFamily

# The row of the plans of the unit's own agencies (its People's Committee, its departments), beside its sub-units'
# rows; the same names as the reports engine gives the own level of petitions and reception.
OWN_LEVEL_NAMES = {
    Level.PROVINCE: _("Cơ quan cấp tỉnh"),
    Level.DISTRICT: _("Cơ quan cấp huyện"),
    Level.COMMUNE: _("Cơ quan cấp xã"),
}

PLAN_UNIT_PATH = "plan__unit__path"


def child_level(unit: AdministrativeUnit) -> str | None:
    """The level of the unit's children: districts under a pre-2025 province, communes otherwise."""
    if unit.level == Level.COMMUNE:
        return None
    if unit.level == Level.PROVINCE and unit.generation == Generation.LEGACY:
        return Level.DISTRICT
    return Level.COMMUNE


def as_of(end: dt.date) -> dt.date:
    """The day the figures stand at: the period's end, or today while the period runs."""
    return min(end, timezone.localdate())


def plan_tasks(unit: AdministrativeUnit, start: dt.date, end: dt.date) -> QuerySet[Task]:
    """The tasks of the plans of `unit`'s subtree for the years the period touches."""
    return Task.objects.filter(
        plan__unit__path__startswith=unit.path, plan__year__gte=start.year, plan__year__lte=end.year
    )


def _empty_figures() -> dict:
    return figures_of({**{state.value: 0 for state in TaskState}, "fallen_due": 0, "completed_of_due": 0})


def _by_area(tasks: QuerySet[Task], on: dt.date) -> list[dict]:
    rows = {row.pop("key"): row for row in task_figures_by(tasks, "area", on)}
    areas = Area.objects.in_bulk(list(rows))
    return [
        {"area": pk, "code": areas[pk].code, "name": areas[pk].name, **rows[pk]}
        for pk in sorted(rows, key=lambda pk: (areas[pk].order, pk))
    ]


def _own_level_row(unit: AdministrativeUnit, figures: dict) -> dict:
    name = str(OWN_LEVEL_NAMES[Level(unit.level)])
    return {"unit": unit.pk, "code": unit.code, "name": name, "own_level": True, **figures}


def _children(unit: AdministrativeUnit, tasks: QuerySet[Task], figures: dict, on: dt.date) -> list[dict]:
    """One row per child unit (the plans of its subtree), then the unit's own plans (`own_level`)."""
    level = child_level(unit)
    if level is None:  # a commune: all of it is its own level
        return [_own_level_row(unit, {k: v for k, v in figures.items() if k != "as_of"})]
    # A plan's child-of-`unit` path is a prefix of its unit's path; the unit's own plans have a shorter path,
    # which is the unit's own: grouped this way, every task falls in exactly one row.
    length = len(unit.path) + CODE_WIDTH[level] + 1
    grouped = tasks.annotate(child=Substr(PLAN_UNIT_PATH, 1, length))
    per_child = {row.pop("key"): row for row in task_figures_by(grouped, "child", on)}
    rows = [
        {"unit": child.pk, "code": child.code, "name": child.name, **per_child.get(child.path, _empty_figures())}
        for child in unit.children.order_by("code")
    ]
    rows.append(_own_level_row(unit, per_child.get(unit.path, _empty_figures())))
    return rows


def reform_figures(unit: AdministrativeUnit, start: dt.date, end: dt.date, params: Params) -> dict:
    """The completion figures of the plans of `unit`'s subtree for the period's years, by area and by child unit."""
    on = as_of(end)
    tasks = plan_tasks(unit, start, end)
    figures = task_figures(tasks, on)
    return {
        **figures,
        "plan_years": list(range(start.year, end.year + 1)),
        "by_area": _by_area(tasks, on),
        "children": _children(unit, tasks, figures, on),
    }


def reform_period_moved(start: dt.date, end: dt.date, days: Collection[dt.date]) -> bool:
    """A change dated `day` moves every figure standing at a later day: a task completed in May is still completed
    in the plan's Q4 and year figures (which the default, periods holding the day, would leave stale)."""
    return any(day <= end for day in days)


def reform_recorded_paths() -> Iterable[str]:
    return Plan.objects.values_list("unit__path", flat=True).distinct()


REFORM = ReportFamily(
    key="reform",
    label=_("Cải cách hành chính"),
    compute=reform_figures,
    period_moved=reform_period_moved,
    recorded_paths=reform_recorded_paths,
    exports=(
        Export(
            TASK_LIST_EXPORT,
            _("Danh sách nhiệm vụ cải cách hành chính"),
            task_list,
            per_period=False,
            filename="danh-sach-nhiem-vu-cai-cach-hanh-chinh.xlsx",
        ),
    ),
)
