"""Report families computed by SQL aggregation (DOMAIN section 0): one function per family.

Each takes a unit and a period and returns plain JSON-able data for the unit's whole subtree,
with the same figures for each direct child unit. Queries are a fixed handful per report,
grouped by kind and by child unit; nothing loops over rows in Python.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Case as SqlCase
from django.db.models import CharField, Count, F, Q, Sum, Value, When
from django.db.models.functions import Substr

from petitions.choices import Kind
from petitions.metrics import case_metric_filters
from petitions.models import Case, Petition
from portal.choices import CODE_WIDTH, Generation, Level
from portal.models import AdministrativeUnit, Agency
from reception.choices import ReceivedBy
from reception.duties import DUTY_AGENCY_KINDS, compliance, head_days_by_agency
from reception.models import ReceptionSession, ReceptionVisit

KIND_GROUPS = ["complaint", "denunciation", "recommendation_reflection"]
NATIONAL_TARGET_RATE = 85.0


def rate(numerator: int, denominator: int) -> float | None:
    """A percentage rounded to 2 decimals; None when the denominator is 0."""
    return round(numerator * 100 / denominator, 2) if denominator else None


def _kind_group(field: str = "kind"):
    return SqlCase(
        When(**{f"{field}__in": [Kind.RECOMMENDATION, Kind.REFLECTION]}, then=Value("recommendation_reflection")),
        default=F(field),
        output_field=CharField(),
    )


def child_level(unit: AdministrativeUnit) -> str | None:
    if unit.level == Level.COMMUNE:
        return None
    if unit.level == Level.PROVINCE and unit.generation == Generation.LEGACY:
        return Level.DISTRICT
    return Level.COMMUNE


def _child_prefix(unit: AdministrativeUnit, path_field: str):
    """An expression giving each row's child-of-`unit` path, for grouping by child unit."""
    level = child_level(unit)
    length = len(unit.path) + CODE_WIDTH[level] + 1
    return Substr(path_field, 1, length)


def _children(unit: AdministrativeUnit) -> dict[str, AdministrativeUnit]:
    if child_level(unit) is None:
        return {}
    return {child.path: child for child in unit.children.order_by("code")}


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


def predecessor_provinces(unit: AdministrativeUnit) -> list[AdministrativeUnit]:
    """The pre-2025 provinces whose territory went to this 2025 province (Bắc Kạn → Thái Nguyên)."""
    if unit.generation != Generation.CURRENT or unit.level != Level.PROVINCE:
        return []
    return list(
        AdministrativeUnit.objects.filter(succession_links_out__successor=unit, level=Level.PROVINCE).order_by("code")
    )


def _in_paths(field: str, paths: list[str]) -> Q:
    query = Q()
    for path in paths:
        query |= Q(**{f"{field}__startswith": path})
    return query


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
    cases = Case.objects.filter(_in_paths("unit__path", paths), within_authority=True, accepted_on__isnull=False)
    petitions = Petition.objects.filter(_in_paths("unit__path", paths), received_on__gte=start, received_on__lte=end)
    if only_agency is not None:  # an agency's own dashboard: what it handles, wherever it was received
        cases = Case.objects.filter(
            lead_petition__handling_agency=only_agency, within_authority=True, accepted_on__isnull=False
        )
        petitions = Petition.objects.filter(handling_agency=only_agency, received_on__gte=start, received_on__lte=end)
    if kind:
        kinds = [Kind.RECOMMENDATION, Kind.REFLECTION] if kind == "recommendation_reflection" else [kind]
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
    child_units = _children(unit) if only_agency is None else {}
    if child_units:
        per_child: dict[str, dict] = defaultdict(lambda: {"received": 0, **EMPTY_CASE_COUNTS})
        prefix = _child_prefix(unit, "unit__path")
        for row in cases.annotate(child=prefix).values("child").annotate(**counts).order_by():
            per_child[row.pop("child")].update(row)
        for row in petitions.annotate(child=prefix).values("child").annotate(n=Count("pk")).order_by():
            per_child[row["child"]]["received"] = row["n"]
        children = [
            {"unit": child.pk, "code": child.code, "name": child.name, **_finish(dict(per_child[path]))}
            for path, child in child_units.items()
        ]
    if predecessors:
        legacy_prefix = Substr("unit__path", 1, len(predecessors[0].path))
        per_old: dict[str, dict] = defaultdict(lambda: {"received": 0, **EMPTY_CASE_COUNTS})
        for row in cases.annotate(old=legacy_prefix).values("old").annotate(**counts).order_by():
            per_old[row.pop("old")].update(row)
        for row in petitions.annotate(old=legacy_prefix).values("old").annotate(n=Count("pk")).order_by():
            per_old[row["old"]]["received"] = row["n"]
        children += [
            {
                "unit": old.pk,
                "code": old.code,
                "name": f"{old.name} (trước 01/7/2025)",
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
    unit: AdministrativeUnit, start: dt.date, end: dt.date, *, only_agency: Agency | None = None
) -> dict:
    """Sessions, visits, citizens, delegations and heads' compliance with their reception duty."""
    sessions = ReceptionSession.objects.filter(unit__path__startswith=unit.path, date__gte=start, date__lte=end)
    if only_agency is not None:
        sessions = sessions.filter(agency=only_agency)
    visits = ReceptionVisit.objects.filter(session__in=sessions)
    agencies = list(
        Agency.objects.filter(
            unit__path__startswith=unit.path, kind__in=DUTY_AGENCY_KINDS, is_active=True
        ).select_related("unit")
    )
    if only_agency is not None:
        agencies = [a for a in agencies if a.pk == only_agency.pk]
    held = head_days_by_agency(sessions.filter(agency__in=[a.pk for a in agencies]))
    duty_by_path: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # required, counted, held

    def add_compliance(bucket: list[int], agency: Agency) -> None:
        result = compliance(
            agency_kind=agency.kind, level=agency.unit.level, start=start, end=end, held_dates=held.get(agency.pk, [])
        )
        bucket[0] += result.required
        bucket[1] += result.counted
        bucket[2] += result.held_days if result.required else 0

    total_duty = [0, 0, 0]
    for agency in agencies:
        add_compliance(total_duty, agency)
    report = {**_reception_counts(sessions, visits), **_duty(total_duty), "children": []}

    child_units = _children(unit) if only_agency is None else {}
    if child_units:
        prefix_len = len(unit.path) + CODE_WIDTH[child_level(unit)] + 1
        for agency in agencies:
            if len(agency.unit.path) >= prefix_len:
                add_compliance(duty_by_path[agency.unit.path[:prefix_len]], agency)
        session_rows = {
            r.pop("child"): r
            for r in sessions.annotate(child=_child_prefix(unit, "unit__path"))
            .values("child")
            .annotate(
                sessions=Count("pk"),
                head_sessions=Count("pk", filter=Q(received_by=ReceivedBy.HEAD)),
                delegated_sessions=Count("pk", filter=Q(received_by=ReceivedBy.AUTHORISED)),
            )
            .order_by()
        }
        visit_rows = {
            r.pop("child"): r
            for r in visits.annotate(child=_child_prefix(unit, "session__unit__path"))
            .values("child")
            .annotate(
                visits=Count("pk"), citizens=Sum("people_count"), delegations=Count("pk", filter=Q(is_delegation=True))
            )
            .order_by()
        }
        for path, child in child_units.items():
            row = {
                "sessions": 0,
                "head_sessions": 0,
                "delegated_sessions": 0,
                "visits": 0,
                "citizens": 0,
                "delegations": 0,
            }
            row.update(session_rows.get(path, {}))
            row.update({k: v or 0 for k, v in visit_rows.get(path, {}).items()})
            report["children"].append(
                {
                    "unit": child.pk,
                    "code": child.code,
                    "name": child.name,
                    **row,
                    **_duty(duty_by_path.get(path, [0, 0, 0])),
                }
            )
    return report


def _duty(bucket: list[int]) -> dict:
    required, counted, held_days = bucket
    return {
        "required_head_days": required,
        "held_head_days": held_days,
        "counted_head_days": counted,
        "compliance_rate": rate(counted, required),
    }
