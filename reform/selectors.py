"""Reading reform data: the six states as of a date, completion figures by SQL aggregation, coverage, trends.

Figures count a plan's tasks as listed in it (top-level tasks; sub-tasks feed their parent's progress) and
leave cancelled tasks out of every denominator (DOMAIN §0, R5.6). Two completion rates are given:
`completion_rate` over all planned tasks (the plan report's, 70/81 = 86.42%) and `due_completion_rate` over
the tasks fallen due (the Government Office's). Rates are rounded half-up to 2 decimals.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    DecimalField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from portal.choices import AgencyKind, Level
from portal.models import AdministrativeUnit, Agency
from portal.numbers import rate_decimal as rate
from reform.choices import DUE_SOON_DAYS, ExtensionStatus, OneStopKind, TaskState, TaskStatus
from reform.models import IndicatorValue, OneStopPoint, Task, TaskExtension


def deadline_in_force(task: Task, day: dt.date) -> dt.date:
    """The deadline of one task in force on `day` (the rule of `deadline_on`, for a task loaded in a service)."""
    granted = (
        task.extensions.filter(status=ExtensionStatus.APPROVED, decided_on__lte=day)
        .order_by("-decided_on", "-id")
        .values_list("granted_deadline", flat=True)
        .first()
    )
    return granted or task.original_deadline


def deadline_on(on: dt.date | None = None):
    """The deadline in force on `on`: the last extension granted by then, or the original deadline.

    For today or later it is the stored deadline (every granted extension is already in it)."""
    if on is None or on >= timezone.localdate():
        return F("deadline")
    granted = (
        TaskExtension.objects.filter(task=OuterRef("pk"), status=ExtensionStatus.APPROVED, decided_on__lte=on)
        .order_by("-decided_on", "-id")
        .values("granted_deadline")[:1]
    )
    return Coalesce(Subquery(granted, output_field=DateField()), F("original_deadline"))


def state_case(on: dt.date) -> Case:
    """The SQL expression of a task's state (TaskState) as of `on`: needs the `deadline_then` annotation."""
    # Completed as of `on` once it counted: on its completion day, or on the owner's confirmation (DOMAIN R5.6).
    completed = Q(status=TaskStatus.COMPLETED, counted_on__lte=on)
    return Case(
        When(status=TaskStatus.CANCELLED, cancelled_on__lte=on, then=Value(TaskState.CANCELLED)),
        When(completed & Q(completed_on__lte=F("due_when_completed")), then=Value(TaskState.COMPLETED_ON_TIME)),
        When(completed, then=Value(TaskState.COMPLETED_LATE)),
        When(deadline_then__lt=on, then=Value(TaskState.OVERDUE)),
        When(deadline_then__lte=on + dt.timedelta(days=DUE_SOON_DAYS), then=Value(TaskState.DUE_SOON)),
        default=Value(TaskState.IN_PROGRESS),
        output_field=CharField(),
    )


def with_state(tasks: QuerySet[Task], on: dt.date | None = None) -> QuerySet[Task]:
    """Annotate `deadline_then` and `state` (as of `on`, default today)."""
    on = on or timezone.localdate()
    return tasks.annotate(deadline_then=deadline_on(on)).annotate(state=state_case(on))


def state_counts(on: dt.date) -> dict:
    """Conditional counts of every state, and the rates' parts (for .aggregate() or .annotate())."""
    counts = {state.value: Count("pk", filter=Q(state=state)) for state in TaskState}
    # Fallen due includes a deadline of that very day, unlike OVERDUE (a task due today is not late yet): a
    # year's figures stand on 31/12, and the many tasks due on 31/12 belong in the year's due-completion rate.
    counts["fallen_due"] = Count("pk", filter=~Q(state=TaskState.CANCELLED) & Q(deadline_then__lte=on))
    counts["completed_of_due"] = Count(
        "pk",
        filter=Q(state__in=[TaskState.COMPLETED_ON_TIME, TaskState.COMPLETED_LATE]) & Q(deadline_then__lte=on),
    )
    return counts


def figures_of(row: dict) -> dict:
    """The figures leaders read from one row of state counts (plain JSON-able values)."""
    completed = row[TaskState.COMPLETED_ON_TIME] + row[TaskState.COMPLETED_LATE]
    planned = sum(row[state] for state in TaskState if state != TaskState.CANCELLED)
    overdue = row[TaskState.OVERDUE]

    def as_text(value: Decimal | None) -> str | None:
        return None if value is None else str(value)

    return {
        "planned": planned,
        "completed": completed,
        "completed_on_time": row[TaskState.COMPLETED_ON_TIME],
        "completed_late": row[TaskState.COMPLETED_LATE],
        "in_progress": row[TaskState.IN_PROGRESS],
        "due_soon": row[TaskState.DUE_SOON],
        "overdue": overdue,
        "cancelled": row[TaskState.CANCELLED],
        "fallen_due": row["fallen_due"],
        "completed_of_due": row["completed_of_due"],
        "completion_rate": as_text(rate(completed, planned)),
        "due_completion_rate": as_text(rate(row["completed_of_due"], row["fallen_due"])),
        "on_time_rate": as_text(rate(row[TaskState.COMPLETED_ON_TIME], completed)),
        "states": {state.value: row[state] for state in TaskState},
    }


def counted(tasks: QuerySet[Task]) -> QuerySet[Task]:
    """The tasks figures count: those the plan lists (sub-tasks feed their parent)."""
    return tasks.filter(parent__isnull=True)


def committee_plans(unit: AdministrativeUnit | int) -> Q:
    """The tasks of the unit's own plans: those its People's Committee issued, not its departments' (a department's
    plan has the same unit; plan_create makes the owner an agency of the plan's unit)."""
    return Q(plan__unit=unit, plan__owner_agency__kind=AgencyKind.PEOPLES_COMMITTEE)


def task_figures(tasks: QuerySet[Task], on: dt.date | None = None, *, listed: bool = False) -> dict:
    """The figures of a set of tasks (a plan, a unit's plans, an agency's tasks) as of `on`: one query.

    `listed`: count every task of the set as it is (a filtered list's rows, sub-tasks included), not only the
    tasks plans list."""
    on = on or timezone.localdate()
    row = with_state(tasks if listed else counted(tasks), on).aggregate(**state_counts(on))
    return {**figures_of(row), "as_of": on.isoformat()}


def task_figures_by(tasks: QuerySet[Task], field: str, on: dt.date | None = None) -> list[dict]:
    """The figures grouped by `field` (e.g. "area", "lead_agency", "plan"), one query; each row keeps its key."""
    on = on or timezone.localdate()
    rows = with_state(counted(tasks), on).order_by().values(field).annotate(**state_counts(on)).order_by(field)
    return [{"key": row[field], **figures_of(row)} for row in rows]


def task_counts_by(tasks: QuerySet[Task], on: dt.date, *fields: str, **expressions: F) -> QuerySet[Task, dict]:
    """The raw state counts (and the rates' parts) of the counted tasks as of `on`, grouped by `fields` and
    `expressions`, one query. Unlike `figures_of`'s rates they add up, so grouped rows can be summed up the unit
    tree (`reform.family.reform_figures_many`)."""
    return with_state(counted(tasks), on).order_by().values(*fields, **expressions).annotate(**state_counts(on))


def weighted_progress(tasks: QuerySet[Task]) -> int | None:
    """The weighted progress (0–100) of the counted, non-cancelled tasks: a plan's progress bar."""
    effective = Case(
        When(status=TaskStatus.COMPLETED, then=Value(100)), default=F("progress"), output_field=DecimalField()
    )
    totals = (
        counted(tasks)
        .exclude(status=TaskStatus.CANCELLED)
        .aggregate(
            weights=Sum("weight"), weighted=Sum(ExpressionWrapper(F("weight") * effective, output_field=DecimalField()))
        )
    )
    if not totals["weights"]:
        return None
    share = Decimal(totals["weighted"]) / Decimal(totals["weights"])
    return min(100, int(share.quantize(Decimal("1"), rounding=ROUND_HALF_UP)))


def _in_force(on: dt.date) -> Q:
    return (Q(valid_from__isnull=True) | Q(valid_from__lte=on)) & (Q(valid_to__isnull=True) | Q(valid_to__gte=on))


def _working(on: dt.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}opened_on__lte": on}) & (
        Q(**{f"{prefix}closed_on__isnull": True}) | Q(**{f"{prefix}closed_on__gt": on})
    )


def onestop_coverage(unit: AdministrativeUnit, on: dt.date | None = None) -> dict:
    """Units with a working one-stop point over the units in force on `on` (DOMAIN R5.5): the subtree's communes,
    and the unit's own departments. Three queries."""
    on = on or timezone.localdate()
    communes = AdministrativeUnit.objects.filter(_in_force(on), path__startswith=unit.path, level=Level.COMMUNE)
    served = OneStopPoint.objects.filter(_working(on), kind=OneStopKind.COMMUNE_CENTRE).values("unit_id")
    commune_counts = communes.aggregate(total=Count("pk"), covered=Count("pk", filter=Q(pk__in=served)))
    agencies = Agency.objects.filter(unit=unit, kind=AgencyKind.DEPARTMENT, is_active=True)
    desks = OneStopPoint.objects.filter(_working(on), kind=OneStopKind.AGENCY_DESK).values("agency_id")
    agency_counts = agencies.aggregate(total=Count("pk"), covered=Count("pk", filter=Q(pk__in=desks)))
    centre = OneStopPoint.objects.filter(_working(on), unit=unit, kind=OneStopKind.PROVINCIAL_CENTRE).exists()
    return {
        "as_of": on.isoformat(),
        "communes": commune_counts["total"],
        "communes_covered": commune_counts["covered"],
        "communes_rate": rate(commune_counts["covered"], commune_counts["total"]),
        "agencies": agency_counts["total"],
        "agencies_covered": agency_counts["covered"],
        "agencies_rate": rate(agency_counts["covered"], agency_counts["total"]),
        "provincial_centre": centre,
    }


def indicator_trends(values: QuerySet[IndicatorValue]) -> list[dict]:
    """Each (indicator, scheme, component) of a unit with its values year by year, oldest first: one query."""
    series: dict[tuple, dict] = {}
    for value in values.order_by("kind", "scheme", "component", "year"):
        key = (value.kind, value.scheme, value.component)
        entry = series.setdefault(
            key,
            {
                "kind": value.kind,
                "kind_label": value.get_kind_display(),
                "scheme": value.scheme,
                "component": value.component,
                "label": value.component_label,
                "points": [],
            },
        )
        previous = entry["points"][-1]["score"] if entry["points"] else None
        entry["points"].append(
            {
                "year": value.year,
                "score": value.score,
                "max_points": value.max_points,
                "rank": value.rank,
                "change": None if previous is None else value.score - previous,
                "share": rate_of(value.score, value.max_points),
            }
        )
    return list(series.values())


def rate_of(score: Decimal, maximum: Decimal | None) -> Decimal | None:
    if not maximum:
        return None
    return (score * 100 / maximum).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
