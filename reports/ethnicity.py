"""The ethnicity breakdown (issue 14): petitions and reception visits by the ethnic group of the people
who brought them, for a unit's subtree (or one agency) over a period.

Who counts where (the panel says it too):
- "Đồng bào dân tộc thiểu số": a petition (a visit) with at least one petitioner (citizen) of an ethnic
  minority, that is neither Kinh, nor a foreign national, nor unrecorded; counted once.
- The table by group: each petition (visit) once, by its lead person's group (the representative,
  else the first one recorded: petitions.filtersets.lead_ethnicity): the five largest minority groups
  (by petitions and visits together), the other minorities, Kinh, foreign nationals, and unrecorded
  (or nobody named). The rows add up to the totals.
- Denunciations are left out entirely: snapshots are shared by every viewer, and a denouncer's
  identity (his ethnicity included) is kept secret (petitions.identity).
- Visits are those of citizen reception, as reports.engine.reception_report counts them: sessions
  that are thematic dialogues are left out.

A 2025 province with its predecessors (`with_predecessors`, the dashboard's "Gộp số liệu trước 01/7/2025") counts
the records under the pre-2025 provinces it succeeded too, each of them one more child row (`legacy`); the lists
filter one unit, so the panel links each part's totals (the province, each predecessor) on their own.

The lists these numbers open use the same definitions (petitions/filtersets.py, reception/filtersets.py).
Five grouped queries, whatever the data: groups and children, for petitions and for visits, and the
child units. The nightly rebuild computes every unit of a period at once (`ethnicity_reports`): three.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, QuerySet
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from petitions.filtersets import ETHNICITY_UNKNOWN, NOT_MINORITY, lead_ethnicity, minority_people
from petitions.identity import CONFIDENTIAL_KINDS
from petitions.models import Petition, Petitioner
from portal.choices import ETHNICITY_CHOICES, FOREIGN_ETHNICITY, KINH
from portal.models import AdministrativeUnit, Agency
from portal.unit_rows import (
    Rollup,
    child_level,
    child_prefix,
    children_by_path,
    children_of,
    in_paths,
    legacy_prefix,
    legacy_row,
    own_level_row,
    paths_with,
    predecessor_provinces,
    successor_provinces,
    top_paths,
    unit_paths,
    unit_row,
)
from reception.choices import SessionKind
from reception.models import ReceptionSession, ReceptionVisit, VisitCitizen
from reports.api.serializers import EthnicityReportFiguresSerializer
from reports.periods import day_in, overall
from reports.registry import Api, Panel, Params, ReportFamily, Selection, unit_and_ancestors

TOP_GROUPS = 5  # the largest minority groups shown on their own; the others share one row
OTHER_MINORITY = "other_minority"
COUNTS = ("petitions", "visits")
FIGURES = ("petitions", "visits", "minority_petitions", "minority_visits")
GROUP_NAMES = dict(ETHNICITY_CHOICES)
LEGACY_SUFFIX = "+legacy"  # the key of the figures with the predecessors' records, as the petitions family's
ROW_LABELS = {
    OTHER_MINORITY: _("Dân tộc thiểu số khác"),
    ETHNICITY_UNKNOWN: _("Chưa ghi dân tộc"),
    FOREIGN_ETHNICITY: _("Người nước ngoài"),
}


@dataclass(frozen=True)
class EthnicityParams(Params):
    """One agency's petitions (those it handles) and reception visits instead of the unit's subtree, or a 2025
    province together with the pre-2025 provinces it succeeded."""

    agency_id: int | None = None
    with_predecessors: bool = False

    def __post_init__(self) -> None:
        if self.agency_id is not None and self.with_predecessors:
            raise ValueError("An agency's figures take no other parameter")

    def to_key(self) -> str:  # "", "+legacy", "agency=7"
        if self.agency_id is not None:
            return f"agency={self.agency_id}"
        return LEGACY_SUFFIX if self.with_predecessors else ""

    @classmethod
    def from_key(cls, key: str) -> EthnicityParams:
        if key in ("", LEGACY_SUFFIX):
            return cls(with_predecessors=key == LEGACY_SUFFIX)
        agency_id = key.removeprefix("agency=")
        if agency_id == key or not agency_id.isdigit():
            raise ValueError(f"Ethnicity figures take only an agency or {LEGACY_SUFFIX!r}: {key!r}")
        return cls(agency_id=int(agency_id))

    @classmethod
    def for_selection(cls, selection: Selection) -> EthnicityParams:
        if selection.agency_id is not None:
            return cls(agency_id=selection.agency_id)
        return cls(with_predecessors=selection.with_predecessors)


def _records(start: dt.date, end: dt.date, agency: Agency | None, paths: list[str]) -> dict[str, QuerySet]:
    """The petitions received and the reception visits made in the period, denunciations left out: those under
    each of `paths` (a unit's subtree, with its predecessors'), or those of one agency."""
    petitions = Petition.objects.filter(received_on__gte=start, received_on__lte=end)
    sessions = ReceptionSession.objects.filter(date__gte=start, date__lte=end).exclude(kind=SessionKind.DIALOGUE)
    if agency is not None:  # as the petitions and reception families: what the agency handles, and receives
        petitions, sessions = petitions.filter(handling_agency=agency), sessions.filter(agency=agency)
    else:
        petitions = petitions.filter(in_paths("unit__path", paths))
        sessions = sessions.filter(in_paths("unit__path", paths))
    return {
        "petitions": petitions.exclude(kind__in=CONFIDENTIAL_KINDS),
        "visits": ReceptionVisit.objects.filter(session__in=sessions).exclude(kind__in=CONFIDENTIAL_KINDS),
    }


# How each record reaches its people, and where its unit's path is.
PEOPLE = {"petitions": (Petitioner, "petition", "unit__path"), "visits": (VisitCitizen, "visit", "session__unit__path")}


def _minority(name: str) -> Exists:
    model, link, _path = PEOPLE[name]
    return Exists(minority_people(model.objects.all()).filter(**{link: OuterRef("pk")}))


def ethnicity_report(
    unit: AdministrativeUnit,
    start: dt.date,
    end: dt.date,
    *,
    only_agency: Agency | None = None,
    with_predecessors: bool = False,
) -> dict:
    """Petitions and visits of the period by ethnic group, with the same totals for each child unit (and each
    merged predecessor, `with_predecessors`)."""
    predecessors = predecessor_provinces(unit) if with_predecessors and only_agency is None else []
    records = _records(start, end, only_agency, unit_paths(unit, predecessors))
    by_code: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(COUNTS, 0))
    total = dict.fromkeys(FIGURES, 0)
    for name, records_of in records.items():
        model, link, _path = PEOPLE[name]
        rows = (
            records_of.annotate(lead=lead_ethnicity(model.objects.all(), link))
            .values("lead")
            .annotate(n=Count("pk"), minority=Count("pk", filter=_minority(name)))
            .order_by()
        )
        for row in rows:
            # Kinh, a foreign national, a minority group's own code, or none recorded
            by_code[row["lead"] or ETHNICITY_UNKNOWN][name] += row["n"]
            total[name] += row["n"]
            total[f"minority_{name}"] += row["minority"]

    children = _children_rows(unit, records, total, only_agency, predecessors)
    return {**total, "groups": _groups(by_code), "children": children}


def _groups(by_code: dict[str, dict[str, int]]) -> list[dict]:
    """The table by group: the largest minority groups, the other minorities, Kinh, foreigners, unrecorded.
    `by_code` holds each lead group's counts (a defaultdict: the fixed rows may be missing)."""
    minorities = sorted(
        (code for code in by_code if code not in (*NOT_MINORITY, ETHNICITY_UNKNOWN)),
        key=lambda code: (-sum(by_code[code].values()), code),
    )
    top, others = minorities[:TOP_GROUPS], sorted(minorities[TOP_GROUPS:])
    groups = [{"key": code, "codes": [code], **by_code[code]} for code in top]
    groups.append(
        {
            "key": OTHER_MINORITY,
            "codes": others,
            **{name: sum(by_code[code][name] for code in others) for name in COUNTS},
        }
    )
    groups += [{"key": key, "codes": [key], **by_code[key]} for key in (KINH, FOREIGN_ETHNICITY, ETHNICITY_UNKNOWN)]
    return groups


def _children_rows(
    unit: AdministrativeUnit,
    records: dict[str, QuerySet],
    total: dict,
    only_agency: Agency | None,
    predecessors: list[AdministrativeUnit],
) -> list[dict]:
    """One row per child unit, then the unit's own agencies (`own_level`), then each merged predecessor
    (`legacy`): together the unit's totals."""
    if only_agency is not None:
        return []
    if child_level(unit) is None:  # a commune: all of it is its own level
        return [own_level_row(unit, dict(total))]
    per_child: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(FIGURES, 0))
    for name, records_of in records.items():
        _model, _link, path = PEOPLE[name]
        groups = [child_prefix(unit, path)]
        if predecessors:  # one more query each: the predecessors' records by pre-2025 province
            groups.append(legacy_prefix(predecessors, path))
        for group in groups:
            rows = (
                records_of.annotate(child=group)
                .values("child")
                .annotate(n=Count("pk"), minority=Count("pk", filter=_minority(name)))
                .order_by()
            )
            for row in rows:
                per_child[row["child"]][name] = row["n"]
                per_child[row["child"]][f"minority_{name}"] = row["minority"]
    children = [
        {"unit": child.pk, "code": child.code, "name": child.name, **per_child[path]}
        for path, child in children_by_path(unit).items()
    ]
    children.append(own_level_row(unit, dict(per_child[unit.path])))
    children += [legacy_row(old, dict(per_child[old.path])) for old in predecessors]
    return children


def ethnicity_reports(units: Sequence[AdministrativeUnit], start: dt.date, end: dt.date) -> dict[int, dict]:
    """`ethnicity_report` of every unit at once (no parameters), {unit id: figures}."""
    return next(ethnicity_reports_periods(units, [(start, end)]))


# Where each record's day is, for the counts of each period.
RECORD_DAY = {"petitions": "received_on", "visits": "session__date"}


def ethnicity_reports_periods(
    units: Sequence[AdministrativeUnit], periods: Sequence[tuple[dt.date, dt.date]]
) -> Iterator[dict[int, dict]]:
    """`ethnicity_report` of every unit for each period, in order, {unit id: figures}: the petitions and the visits
    of all the periods read once, grouped by their unit's path, their lead person's group and whether a minority
    person is among them, each period a conditional count; summed up the tree (`Rollup`) a period at a time. The
    lead person's group is a subquery per record: one pass pays it once, not once a period."""
    units, periods = list(units), list(periods)
    tops = top_paths(units)
    if not tops or not periods:
        yield from ({} for _period in periods)
        return
    earliest, latest = overall(periods)
    grouped: dict[str, list[tuple]] = {}
    for name, records_of in _records(earliest, latest, None, tops).items():
        model, link, path = PEOPLE[name]
        day = RECORD_DAY[name]
        counts = {
            f"p{index}": Count("pk", filter=day_in(day, start, end)) for index, (start, end) in enumerate(periods)
        }
        grouped[name] = list(
            records_of.annotate(lead=lead_ethnicity(model.objects.all(), link), is_minority=_minority(name))
            .values("lead", "is_minority", row_path=F(path))
            .annotate(**counts)
            .order_by()
            .values_list("row_path", "lead", "is_minority", *counts)
        )
    children = children_of(units)
    for index in range(len(periods)):
        # per record unit path: {"petitions": {lead group: {"n": records, "minority": of them with a minority person}}}
        rollup = Rollup(lambda: {name: {} for name in COUNTS})
        for name, rows in grouped.items():
            for path, lead, is_minority, *counts in rows:
                if counts[index]:
                    code = lead or ETHNICITY_UNKNOWN  # as ethnicity_report: none recorded and blank are one row
                    n = counts[index]
                    rollup.add(path, {name: {code: {"n": n, "minority": n if is_minority else 0}}})
        yield _ethnicity_reports_of(units, rollup, children)


def _ethnicity_reports_of(units, rollup: Rollup, children: dict) -> dict[int, dict]:
    def totals(by_lead: dict) -> dict:
        figures = {name: sum(counts["n"] for counts in by_lead[name].values()) for name in COUNTS}
        figures.update(
            {f"minority_{name}": sum(counts["minority"] for counts in by_lead[name].values()) for name in COUNTS}
        )
        return {key: figures[key] for key in FIGURES}

    reports = {}
    for unit in units:
        by_lead = rollup.subtree_view(unit.path)
        by_code: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(COUNTS, 0))
        for name in COUNTS:
            for code, counts in by_lead[name].items():
                by_code[code][name] = counts["n"]
        total = totals(by_lead)
        if child_level(unit) is None:  # a commune: all of it is its own level
            rows = [own_level_row(unit, dict(total))]
        else:
            rows = [unit_row(child, totals(rollup.subtree_view(child.path))) for child in children[unit.pk]]
            rows.append(own_level_row(unit, totals(rollup.own_view(unit.path))))
        reports[unit.pk] = {**total, "groups": _groups(by_code), "children": rows}
    return reports


def _figures(unit: AdministrativeUnit, start: dt.date, end: dt.date, params: EthnicityParams) -> dict:
    agency = Agency.objects.get(pk=params.agency_id) if params.agency_id is not None else None
    return ethnicity_report(unit, start, end, only_agency=agency, with_predecessors=params.with_predecessors)


def _units_moved(unit: AdministrativeUnit) -> list[AdministrativeUnit]:
    """The unit and those above it, and the 2025 provinces that show a pre-2025 unit's records with theirs."""
    return [*unit_and_ancestors(unit), *successor_provinces(unit)]


def _paths() -> set[str]:
    return {*paths_with(Petition.objects.all()), *paths_with(ReceptionSession.objects.all())}


def group_label(key: str) -> str:
    """What a row of the table is called: the group's name (GSO list), or that of a row of several."""
    if key in ROW_LABELS:
        return str(ROW_LABELS[key])
    return GROUP_NAMES.get(key, key)


def list_links(board, unit_id: int | None = None) -> dict[str, str]:
    """The petition list and the reception register as the figures count them: the same scope (the
    unit's subtree, or the agency; `unit_id`: that unit's subtree), period, and records (denunciations and
    dialogues left out)."""
    start, end = board.period.start.isoformat(), board.period.end.isoformat()
    if board.agency is not None and unit_id is None:
        petitions_scope, sessions_scope = {"handling_agency": board.agency.pk}, {"agency": board.agency.pk}
    else:
        petitions_scope = sessions_scope = {"unit": unit_id or board.unit.pk}
    petitions = {**petitions_scope, "received_from": start, "received_to": end, "no_denunciation": 1}
    visits = {**sessions_scope, "date_from": start, "date_to": end, "reception_only": 1, "no_denunciation": 1}
    return {
        "petitions": f"{reverse('petitions:list')}?{urlencode(petitions)}",
        "visits": f"{reverse('reception:list')}?{urlencode(visits)}",
    }


def _panel(board) -> dict:
    """The table's rows, named, and the lists each number opens (no query).

    With the predecessors merged, the lists cannot open the province's and its predecessors' records at once: a
    merged figure links nowhere, and `parts` (the province, then each predecessor) each open their own."""
    snapshot = board.snapshots["ethnicity"]
    data = snapshot.data
    rows = [
        {**row, "label": group_label(row["key"]), "filter": urlencode([("ethnicity", code) for code in row["codes"]])}
        for row in data.get("groups", [])
    ]
    parts = []
    if EthnicityParams.from_key(snapshot.params).with_predecessors:
        children = data.get("children", [])
        mine = [row for row in children if not row.get("legacy")]
        parts = [
            {"name": board.unit.name, "unit": board.unit.pk, **{k: sum(row[k] for row in mine) for k in COUNTS}},
            *(row for row in children if row.get("legacy")),
        ]
        parts = [{**part, "links": list_links(board, part["unit"])} for part in parts]
    return {"rows": rows, "top": TOP_GROUPS, "links": list_links(board), "merged": bool(parts), "parts": parts}


ETHNICITY = ReportFamily(
    key="ethnicity",
    label=_("Đơn và lượt tiếp theo dân tộc"),
    compute=_figures,
    compute_many=ethnicity_reports,
    compute_periods=ethnicity_reports_periods,
    params=EthnicityParams,
    units_moved=_units_moved,
    recorded_paths=_paths,
    panels=(Panel("reports/panels/ethnicity.html", slot="cards", context=_panel),),
    api=Api(
        figures=EthnicityReportFiguresSerializer,
        name="EthnicityReport",
        description=(
            "Petitions received and reception visits in a unit's subtree over a period by the petitioners' "
            "ethnic group (denunciations left out), one row per child unit."
        ),
    ),
)
