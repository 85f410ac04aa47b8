"""Report families computed by SQL aggregation (DOMAIN section 0): one function per family.

Each takes a unit and a period and returns plain JSON-able data for the unit's whole subtree,
with the same figures for each direct child unit. Queries are a fixed handful per report,
grouped by kind and by child unit; nothing loops over rows in Python.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator, Sequence

from django.db.models import Case as SqlCase
from django.db.models import CharField, Count, F, Q, Sum, Value, When
from django.db.models.functions import Substr
from django.utils import timezone

from petitions.metrics import KIND_GROUP_KINDS, case_metric_filters
from petitions.models import Case, Petition
from petitions.models.petitions import ANCESTRY_FIELDS
from portal.choices import CODE_WIDTH
from portal.models import AdministrativeUnit, Agency
from portal.numbers import rate
from portal.unit_rows import (  # noqa: F401 (OWN_LEVEL_NAMES, own_level_name, predecessor_provinces: read from here)
    OWN_LEVEL_NAMES,
    Rollup,
    child_level,
    child_prefix,
    children_by_path,
    children_of,
    in_paths,
    legacy_name,
    legacy_prefix,
    legacy_row,
    own_level_name,
    own_level_row,
    predecessor_provinces,
    top_paths,
    unit_paths,
    unit_row,
)
from reception.choices import ReceivedBy, SessionKind
from reception.duties import (
    DUTY_AGENCY_KINDS,
    DUTY_FIGURES,
    agency_compliance,
    duty_figures_by_period,
    head_days_by_agency,
)
from reception.models import ReceptionSession, ReceptionVisit
from reports.periods import day_in, overall

KIND_GROUPS = list(KIND_GROUP_KINDS)  # the groups and their kinds are defined once, in petitions.metrics
CASE_UNIT_PATH = "lead_petition__unit__path"  # where a case is counted (see petition_report)
NATIONAL_TARGET_RATE = 85.0


def _kind_group(field: str = "kind"):
    return SqlCase(
        *(When(**{f"{field}__in": kinds}, then=Value(group)) for group, kinds in KIND_GROUP_KINDS.items()),
        output_field=CharField(),
    )


def _child_prefix(unit: AdministrativeUnit, path_field: str):
    """An expression giving each row's child-of-`unit` path, for grouping by child unit."""
    return child_prefix(unit, path_field)


def _children(unit: AdministrativeUnit) -> dict[str, AdministrativeUnit]:
    return children_by_path(unit)


# --- petitions (forms 01/XLD and 01/KQGQ skeletons) ------------------------------------------


def _case_counts(start: dt.date, end: dt.date) -> dict:
    return {name: Count("pk", filter=condition) for name, condition in case_metric_filters(start, end).items()}


EMPTY_CASE_COUNTS = {
    k: 0 for k in ("carried_over", "accepted", "must_settle", "settled", "settled_on_time", "overdue_open")
}


def _finish(row: dict) -> dict:
    row["resolution_rate"] = rate(row["settled"], row["must_settle"])
    row["on_time_rate"] = rate(row["settled_on_time"], row["settled"])
    return row


def petition_report(
    unit: AdministrativeUnit,
    start: dt.date,
    end: dt.date,
    *,
    kind: str | None = None,
    with_predecessors: bool = False,
    only_agency: Agency | None = None,
) -> dict:
    """Received petitions and resolution of cases within authority (DOMAIN section 0), with children.

    With `with_predecessors`, a 2025 province also counts the records kept under the pre-2025 provinces
    it succeeded; each of those appears as one more child row.
    """
    predecessors = predecessor_provinces(unit) if with_predecessors else []
    paths = [unit.path, *(p.path for p in predecessors)]
    # A case counts where its lead petition (the one accepted for settlement) was received: a second-round
    # complaint is the district's to settle although the case began in a commune, and the lists behind
    # these numbers show lead petitions scoped by their unit, so each number opens exactly its rows.
    cases = Case.objects.filter(in_paths(CASE_UNIT_PATH, paths), within_authority=True, accepted_on__isnull=False)
    petitions = Petition.objects.filter(in_paths("unit__path", paths), received_on__gte=start, received_on__lte=end)
    if only_agency is not None:  # an agency's own dashboard: what it handles, wherever it was received
        cases = Case.objects.filter(
            lead_petition__handling_agency=only_agency, within_authority=True, accepted_on__isnull=False
        )
        petitions = Petition.objects.filter(handling_agency=only_agency, received_on__gte=start, received_on__lte=end)
    if kind:
        kinds = KIND_GROUP_KINDS[kind]
        cases, petitions = cases.filter(kind__in=kinds), petitions.filter(kind__in=kinds)
    counts = _case_counts(start, end)

    by_kind = {group: {"received": 0, **EMPTY_CASE_COUNTS} for group in KIND_GROUPS}
    for row in cases.annotate(group=_kind_group()).values("group").annotate(**counts).order_by():
        by_kind[row.pop("group")].update(row)
    for row in petitions.annotate(group=_kind_group()).values("group").annotate(n=Count("pk")).order_by():
        by_kind[row["group"]]["received"] = row["n"]
    if kind:
        by_kind = {kind: by_kind[kind]}
    total = {key: sum(group[key] for group in by_kind.values()) for key in ("received", *EMPTY_CASE_COUNTS)}

    children = []
    if only_agency is None and child_level(unit) is None:  # a commune: all of it is its own level
        children = [own_level_row(unit, _finish({key: total[key] for key in total}))]
    elif only_agency is None:
        per_child: dict[str, dict] = defaultdict(lambda: {"received": 0, **EMPTY_CASE_COUNTS})
        for row in (
            cases.annotate(child=_child_prefix(unit, CASE_UNIT_PATH)).values("child").annotate(**counts).order_by()
        ):
            per_child[row.pop("child")].update(row)
        prefix = _child_prefix(unit, "unit__path")
        for row in petitions.annotate(child=prefix).values("child").annotate(n=Count("pk")).order_by():
            per_child[row["child"]]["received"] = row["n"]
        children = [
            {"unit": child.pk, "code": child.code, "name": child.name, **_finish(dict(per_child[path]))}
            for path, child in _children(unit).items()
        ]
        children.append(own_level_row(unit, _finish(dict(per_child[unit.path]))))
    if predecessors:
        legacy_prefix = Substr("unit__path", 1, len(predecessors[0].path))
        per_old: dict[str, dict] = defaultdict(lambda: {"received": 0, **EMPTY_CASE_COUNTS})
        case_prefix = Substr(CASE_UNIT_PATH, 1, len(predecessors[0].path))
        for row in cases.annotate(old=case_prefix).values("old").annotate(**counts).order_by():
            per_old[row.pop("old")].update(row)
        for row in petitions.annotate(old=legacy_prefix).values("old").annotate(n=Count("pk")).order_by():
            per_old[row["old"]]["received"] = row["n"]
        children += [
            {
                "unit": old.pk,
                "code": old.code,
                "name": legacy_name(old),
                "legacy": True,
                **_finish(dict(per_old[old.path])),
            }
            for old in predecessors
        ]
    return {
        **_finish(total),
        "by_kind": {group: _finish(values) for group, values in by_kind.items()},
        "children": children,
        "target_rate": NATIONAL_TARGET_RATE,
    }


def petition_reports(units: Sequence[AdministrativeUnit], start: dt.date, end: dt.date) -> dict[int, dict]:
    """`petition_report` of every unit at once (no parameters), {unit id: figures}."""
    return next(petition_reports_periods(units, [(start, end)]))


PERIODS_A_PASS = 40  # two years of standard periods


def petition_reports_periods(
    units: Sequence[AdministrativeUnit], periods: Sequence[tuple[dt.date, dt.date]]
) -> Iterator[dict[int, dict]]:
    """`petition_report` of every unit for each period, in the periods' order, {unit id: figures}: one pass over
    the records for all periods at once (cases, then received petitions, grouped by their unit's path and kind
    group, each period's metrics a conditional count), summed up the tree (`Rollup`) a period at a time.

    The nightly rebuild asks for a year's 20 periods together: the scan and its joins, which cost the same
    for one period or twenty, are paid once (docs/performance.md)."""
    units, periods = list(units), list(periods)
    if len(periods) > PERIODS_A_PASS:  # six columns a period: PostgreSQL's select list stops at 1,664
        for first in range(0, len(periods), PERIODS_A_PASS):
            yield from petition_reports_periods(units, periods[first : first + PERIODS_A_PASS])
        return
    tops = top_paths(units)
    if not tops or not periods:
        yield from ({} for _period in periods)
        return
    earliest, latest = overall(periods)
    metrics = list(case_metric_filters(earliest, latest))  # the columns' order, which the rows are cut by
    assert metrics == list(EMPTY_CASE_COUNTS), metrics
    case_counts = {
        f"p{index}_{name}": Count("pk", filter=condition)
        for index, (start, end) in enumerate(periods)
        for name, condition in case_metric_filters(start, end).items()
    }
    # The records of the tops' subtrees, found and grouped by the unit ids they carry (UnitAncestry: no join to
    # the units, a province's rows along its index), each unit id then named by its path.
    top_units = [unit for unit in {unit.path: unit for unit in units}.values() if unit.path in tops]
    paths = dict(AdministrativeUnit.objects.filter(in_paths("path", tops)).values_list("pk", "path"))
    # Only cases some period can count: accepted by the last day, and open at, or accepted after, the first.
    cases = Case.objects.filter(
        _in_subtrees(top_units, COUNTED_AT),
        lead_petition__isnull=False,  # as the per-unit count, through the lead (CASE_UNIT_PATH)
        within_authority=True,
        accepted_on__isnull=False,
        accepted_on__lte=latest,
    ).filter(Q(settled_on__isnull=True) | Q(settled_on__gte=earliest) | Q(accepted_on__gte=earliest))
    case_rows = [
        (paths[unit_id], group, *counts)
        for unit_id, group, *counts in cases.values(row_unit=F("lead_unit_id"), group=_kind_group())
        .annotate(**case_counts)
        .order_by()
        .values_list("row_unit", "group", *case_counts)
    ]
    received_counts = {
        f"p{index}": Count("pk", filter=day_in("received_on", start, end)) for index, (start, end) in enumerate(periods)
    }
    petitions = Petition.objects.filter(
        _in_subtrees(top_units, ANCESTRY_FIELDS),
        received_on__gte=earliest,
        received_on__lte=latest,
    )
    received_rows = [
        (paths[unit_id], group, *counts)
        for unit_id, group, *counts in petitions.values("unit_id", group=_kind_group())
        .annotate(**received_counts)
        .order_by()
        .values_list("unit_id", "group", *received_counts)
    ]
    children = children_of(units)
    width = len(metrics)
    for index in range(len(periods)):
        rollup = Rollup(lambda: {group: {"received": 0, **EMPTY_CASE_COUNTS} for group in KIND_GROUPS})
        for path, group, *counts in case_rows:
            values = counts[index * width : (index + 1) * width]
            if any(values):
                rollup.add(path, {group: dict(zip(metrics, values, strict=True))})
        for path, group, *counts in received_rows:
            if counts[index]:
                rollup.add(path, {group: {"received": counts[index]}})
        yield _petition_reports_of(units, rollup, children)


# A case's lead petition's unit and ancestors, copied onto it (case_sync): CASE_UNIT_PATH without the joins.
COUNTED_AT = {"province": "lead_province", "district": "lead_district", "commune": "lead_unit"}


def _in_subtrees(units: Sequence[AdministrativeUnit], level_fields: dict[str, str]) -> Q:
    """Rows of these units' subtrees by the ancestors they carry (`level_fields`, as ScopedQuerySet's): a
    province's rows are one indexed equality."""
    by_level: dict[str, list[int]] = defaultdict(list)
    for unit in units:
        by_level[unit.level].append(unit.pk)
    found = Q(pk__in=[])
    for level, field in level_fields.items():
        if by_level[level]:
            found |= Q(**{f"{field}__in": by_level[level]})
    return found


def _petition_reports_of(units, rollup: Rollup, children: dict) -> dict[int, dict]:
    def total(by_kind: dict) -> dict:
        return _finish({key: sum(group[key] for group in by_kind.values()) for key in ("received", *EMPTY_CASE_COUNTS)})

    totals: dict[str, dict] = {}  # a unit's total is its own figures and its row in its parent's table

    def subtree_total(path: str) -> dict:
        if path not in totals:
            totals[path] = total(rollup.subtree_view(path))
        return totals[path]

    reports = {}
    for unit in units:
        if child_level(unit) is None:  # a commune: all of it is its own level
            rows = [own_level_row(unit, subtree_total(unit.path))]
        else:
            rows = [unit_row(child, subtree_total(child.path)) for child in children[unit.pk]]
            rows.append(own_level_row(unit, total(rollup.own_view(unit.path))))
        reports[unit.pk] = {
            **subtree_total(unit.path),
            "by_kind": {group: _finish(values) for group, values in rollup.subtree(unit.path).items()},
            "children": rows,
            "target_rate": NATIONAL_TARGET_RATE,
        }
    return reports


# --- reception (form 01/TCD skeleton and heads' compliance) ---------------------------------


def _reception_counts(sessions, visits) -> dict:
    session_row = sessions.aggregate(
        sessions=Count("pk"),
        head_sessions=Count("pk", filter=Q(received_by=ReceivedBy.HEAD)),
        delegated_sessions=Count("pk", filter=Q(received_by=ReceivedBy.AUTHORISED)),
    )
    visit_row = visits.aggregate(
        visits=Count("pk"), citizens=Sum("people_count"), delegations=Count("pk", filter=Q(is_delegation=True))
    )
    visit_row["citizens"] = visit_row["citizens"] or 0
    return {**session_row, **visit_row}


def reception_report(
    unit: AdministrativeUnit,
    start: dt.date,
    end: dt.date,
    *,
    only_agency: Agency | None = None,
    with_predecessors: bool = False,
) -> dict:
    """Sessions, visits, citizens, delegations and heads' compliance with their reception duty.

    Sessions, visits and people count citizen reception as form 01/TCD does: thematic dialogues
    (đối thoại chuyên đề) are not reception; a head's dialogue day still counts for the duty, as before.

    With `with_predecessors`, a 2025 province also counts the sessions and the heads' duty of the agencies
    of the pre-2025 provinces it succeeded; each of those appears as one more child row (`legacy`).
    """
    predecessors = predecessor_provinces(unit) if with_predecessors and only_agency is None else []
    paths = unit_paths(unit, predecessors)
    all_sessions = ReceptionSession.objects.filter(in_paths("unit__path", paths), date__gte=start, date__lte=end)
    if only_agency is not None:
        all_sessions = all_sessions.filter(agency=only_agency)
    sessions = all_sessions.exclude(kind=SessionKind.DIALOGUE)
    visits = ReceptionVisit.objects.filter(session__in=sessions)
    agencies = list(
        Agency.objects.filter(in_paths("unit__path", paths), kind__in=DUTY_AGENCY_KINDS, is_active=True).select_related(
            "unit"
        )
    )
    if only_agency is not None:
        agencies = [a for a in agencies if a.pk == only_agency.pk]
    held = head_days_by_agency(all_sessions.filter(agency__in=[a.pk for a in agencies]))
    # required, counted, held; then required and counted over the ended periods (see _duty)
    duty_by_path: dict[str, list[int]] = defaultdict(lambda: [0] * 5)

    today = timezone.localdate()
    owed_until = min(end, max(start, today))  # duty periods still to come are not a shortfall yet

    def add_compliance(bucket: list[int], agency: Agency) -> None:
        # The same rule as the heads' duty page (reception.views.duty_overview), which the tile links to.
        result = agency_compliance(agency, start=start, end=owed_until, held_dates=held.get(agency.pk, []))
        bucket[0] += result.required
        bucket[1] += result.counted
        bucket[2] += result.held_days if result.required else 0
        # As the duty page judges a head (reception.duties.Standing): only weeks or months over by today;
        # the running one can still be met.
        ended = [period for period in result.periods if period.end < today]
        bucket[3] += sum(period.required for period in ended)
        bucket[4] += sum(period.counted for period in ended)

    total_duty = [0] * 5
    for agency in agencies:
        add_compliance(total_duty, agency)
    report = {**_reception_counts(sessions, visits), **_duty(total_duty), "children": []}

    if only_agency is not None:
        return report
    if child_level(unit) is None:  # a commune: all of it is its own level
        report["children"] = [own_level_row(unit, {k: v for k, v in report.items() if k != "children"})]
        return report
    prefix_len = len(unit.path) + CODE_WIDTH[child_level(unit)] + 1
    legacy_len = len(predecessors[0].path) if predecessors else 0
    for agency in agencies:
        # the unit's own agencies have a path shorter than any child's: they fall under the unit's own path;
        # a merged predecessor's agencies fall under that pre-2025 province's path
        path = agency.unit.path
        add_compliance(duty_by_path[path[:prefix_len] if path.startswith(unit.path) else path[:legacy_len]], agency)
    session_counts = {
        "sessions": Count("pk"),
        "head_sessions": Count("pk", filter=Q(received_by=ReceivedBy.HEAD)),
        "delegated_sessions": Count("pk", filter=Q(received_by=ReceivedBy.AUTHORISED)),
    }
    visit_counts = {
        "visits": Count("pk"),
        "citizens": Sum("people_count"),
        "delegations": Count("pk", filter=Q(is_delegation=True)),
    }
    # by child of the unit; then, one more query each, the predecessors' records by pre-2025 province
    groupings = [(sessions, visits, _child_prefix(unit, "unit__path"), _child_prefix(unit, "session__unit__path"))]
    if predecessors:
        old_paths = unit_paths(unit, predecessors)[1:]
        groupings.append(
            (
                sessions.filter(in_paths("unit__path", old_paths)),
                visits.filter(in_paths("session__unit__path", old_paths)),
                legacy_prefix(predecessors, "unit__path"),
                legacy_prefix(predecessors, "session__unit__path"),
            )
        )
    session_rows, visit_rows = {}, {}
    for sessions_of, visits_of, session_group, visit_group in groupings:
        for r in sessions_of.annotate(child=session_group).values("child").annotate(**session_counts).order_by():
            session_rows[r.pop("child")] = r
        for r in visits_of.annotate(child=visit_group).values("child").annotate(**visit_counts).order_by():
            visit_rows[r.pop("child")] = r

    def figures(path: str) -> dict:
        row = dict.fromkeys(("sessions", "head_sessions", "delegated_sessions", "visits", "citizens", "delegations"), 0)
        row.update(session_rows.get(path, {}))
        row.update({k: v or 0 for k, v in visit_rows.get(path, {}).items()})
        return {**row, **_duty(duty_by_path.get(path, [0] * 5))}

    for path, child in _children(unit).items():
        report["children"].append({"unit": child.pk, "code": child.code, "name": child.name, **figures(path)})
    report["children"].append(own_level_row(unit, figures(unit.path)))
    report["children"] += [legacy_row(old, figures(old.path)) for old in predecessors]
    return report


RECEPTION_COUNTS = ("sessions", "head_sessions", "delegated_sessions", "visits", "citizens", "delegations")
DUTY_COUNTS = DUTY_FIGURES  # the order of `_duty`'s bucket: required, counted, held, required_ended, counted_ended


def reception_reports(units: Sequence[AdministrativeUnit], start: dt.date, end: dt.date) -> dict[int, dict]:
    """`reception_report` of every unit at once (no parameters), {unit id: figures}."""
    return next(reception_reports_periods(units, [(start, end)]))


def reception_reports_periods(
    units: Sequence[AdministrativeUnit], periods: Sequence[tuple[dt.date, dt.date]]
) -> Iterator[dict[int, dict]]:
    """`reception_report` of every unit for each period, in order, {unit id: figures}: the sessions and visits of
    all the periods read once, grouped by their unit's path with each period's figures as conditional counts; the
    heads' days read once and their duty judged per period and agency (`duty_figures_by_period`: the rule of
    `compliance_many`, in cumulative sums), added under the agency's path; all summed up the tree (`Rollup`) a
    period at a time."""
    units, periods = list(units), list(periods)
    tops = top_paths(units)
    if not tops or not periods:
        yield from ({} for _period in periods)
        return
    earliest, latest = overall(periods)
    spans = list(enumerate(periods))

    all_sessions = ReceptionSession.objects.filter(in_paths("unit__path", tops), date__gte=earliest, date__lte=latest)
    sessions = all_sessions.exclude(kind=SessionKind.DIALOGUE)
    session_counts = {}
    for index, (start, end) in spans:
        session_counts[f"p{index}_sessions"] = Count("pk", filter=day_in("date", start, end))
        session_counts[f"p{index}_head_sessions"] = Count(
            "pk", filter=day_in("date", start, end, Q(received_by=ReceivedBy.HEAD))
        )
        session_counts[f"p{index}_delegated_sessions"] = Count(
            "pk", filter=day_in("date", start, end, Q(received_by=ReceivedBy.AUTHORISED))
        )
    session_rows = list(sessions.values(row_path=F("unit__path")).annotate(**session_counts).order_by())
    visit_counts = {}
    for index, (start, end) in spans:
        visit_counts[f"p{index}_visits"] = Count("pk", filter=day_in("session__date", start, end))
        visit_counts[f"p{index}_citizens"] = Sum("people_count", filter=day_in("session__date", start, end))
        visit_counts[f"p{index}_delegations"] = Count(
            "pk", filter=day_in("session__date", start, end, Q(is_delegation=True))
        )
    visits = ReceptionVisit.objects.filter(session__in=sessions)
    visit_rows = list(visits.values(row_path=F("session__unit__path")).annotate(**visit_counts).order_by())

    # The duty as reception_report judges it, once per agency: its own rule does not depend on the unit asking.
    # (An agency's head days are those of its sessions; a session is recorded at its agency's unit.)
    duty_agencies = Agency.objects.filter(in_paths("unit__path", tops), kind__in=DUTY_AGENCY_KINDS, is_active=True)
    agencies = list(duty_agencies.select_related("unit"))
    held_all = {
        agency_id: sorted(days)
        for agency_id, days in head_days_by_agency(all_sessions.filter(agency__in=duty_agencies)).items()
    }
    today = timezone.localdate()
    children = children_of(units)
    # Each grouped row's values in one flat list, period after period, so that a period's are a slice.
    names = [name[3:] for name in (*session_counts, *visit_counts) if name.startswith("p0_")]
    width = len(names)
    flat = [
        (row["row_path"], [row.get(f"p{index}_{name}") or 0 for index, _span in spans for name in names])
        for row in (*session_rows, *visit_rows)
    ]
    del session_rows, visit_rows
    duties = duty_figures_by_period(agencies, periods, held=held_all, today=today)
    for index in range(len(periods)):
        rollup = Rollup(lambda: dict.fromkeys((*RECEPTION_COUNTS, *DUTY_COUNTS), 0))
        for path, values in flat:
            mine = values[index * width : (index + 1) * width]
            if any(mine):
                rollup.add(path, dict(zip(names, mine, strict=True)))
        # The duty as reception_report judges it (compliance over the period, its own days only), per agency.
        judged = next(duties)
        for agency in agencies:
            rollup.add(agency.unit.path, dict(zip(DUTY_FIGURES, judged[agency.pk], strict=True)))
        yield _reception_reports_of(units, rollup, children)


def _reception_reports_of(units, rollup: Rollup, children: dict) -> dict[int, dict]:
    def figures(values: dict) -> dict:
        return {**{key: values[key] for key in RECEPTION_COUNTS}, **_duty([values[key] for key in DUTY_COUNTS])}

    reports = {}
    for unit in units:
        report = figures(rollup.subtree_view(unit.path))
        if child_level(unit) is None:  # a commune: all of it is its own level
            rows = [own_level_row(unit, dict(report))]
        else:
            rows = [unit_row(child, figures(rollup.subtree_view(child.path))) for child in children[unit.pk]]
            rows.append(own_level_row(unit, figures(rollup.own_view(unit.path))))
        reports[unit.pk] = {**report, "children": rows}
    return reports


def _duty(bucket: list[int]) -> dict:
    required, counted, held_days, required_ended, counted_ended = bucket
    return {
        "required_head_days": required,
        "held_head_days": held_days,
        "counted_head_days": counted,
        "compliance_rate": rate(counted, required),
        # The weeks or months already over (what alerts judge): the running one is not a shortfall yet.
        "required_ended_head_days": required_ended,
        "counted_ended_head_days": counted_ended,
    }
