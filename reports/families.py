"""The report families of petitions and reception, registered from ReportsConfig.ready().

Their figures are computed in `reports/engine.py`, their official forms in `reports/forms_excel.py`
and their lists in `reports/exports.py`; this module says what each family is made of. A later app
declares its own families in its own code and registers them the same way (see reports.registry).
"""

from __future__ import annotations

import datetime as dt
import operator
from dataclasses import dataclass
from functools import reduce

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter

from petitions.choices import Kind
from petitions.metrics import KIND_GROUP_LABELS
from portal.choices import Generation, Level
from portal.models import AdministrativeUnit, Agency
from portal.scoping import subtree_q
from portal.unit_rows import (
    legacy_name,
    merged_parts,
    paths_with,
    predecessor_provinces,
    successor_provinces,
)
from reports.api.serializers import (
    PetitionKindQuerySerializer,
    PetitionReportFiguresSerializer,
    ReceptionReportFiguresSerializer,
)
from reports.engine import (
    COUNTED_AT,
    KIND_GROUPS,
    petition_report,
    petition_reports,
    petition_reports_periods,
    reception_report,
    reception_reports,
    reception_reports_periods,
)
from reports.ethnicity import ETHNICITY
from reports.exports import LIST_EXPORT, RECEPTION_LIST_EXPORT, petition_list, reception_list
from reports.forms_excel import form_01_kqgq, form_01_tcd, form_02_kqgq, form_xld
from reports.registry import Api, Export, Panel, Params, ReportFamily, Selection, unit_and_ancestors
from reports.trends import petition_years

LEGACY_SUFFIX = "+legacy"  # the key of the figures with the predecessors' records: "+legacy", "complaint+legacy"
MIN_CASES_TO_RANK = 10  # units with fewer cases are listed but not ranked: a rate over 3 cases is not fair
OVERDUE_PANEL_SIZE = 10


def _agency_key(agency_id: int) -> str:
    return f"agency={agency_id}"


def _agency_from_key(key: str) -> int | None:
    if not key.startswith("agency="):
        return None
    try:
        return int(key.removeprefix("agency="))
    except ValueError:
        raise ValueError(f"Not an agency id: {key!r}") from None


# --- petitions ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PetitionParams(Params):
    """One kind group only, a 2025 province with its predecessors' records, or one agency's petitions."""

    kind: str = ""  # "", or one of engine.KIND_GROUPS
    with_predecessors: bool = False
    agency_id: int | None = None

    def __post_init__(self) -> None:
        if self.kind and self.kind not in KIND_GROUPS:
            raise ValueError(f"Unknown kind group {self.kind!r}")
        if self.agency_id is not None and (self.kind or self.with_predecessors):
            raise ValueError("An agency's figures take no other parameter")

    def to_key(self) -> str:  # as stored since the first snapshots: "", "complaint", "+legacy", "agency=7"
        if self.agency_id is not None:
            return _agency_key(self.agency_id)
        return self.kind + (LEGACY_SUFFIX if self.with_predecessors else "")

    @classmethod
    def from_key(cls, key: str) -> PetitionParams:
        agency_id = _agency_from_key(key)
        if agency_id is not None:
            return cls(agency_id=agency_id)
        return cls(kind=key.removesuffix(LEGACY_SUFFIX), with_predecessors=key.endswith(LEGACY_SUFFIX))

    @classmethod
    def for_selection(cls, selection: Selection) -> PetitionParams:
        if selection.agency_id is not None:
            return cls(agency_id=selection.agency_id)
        return cls(with_predecessors=selection.with_predecessors)


def _petition_figures(unit: AdministrativeUnit, start: dt.date, end: dt.date, params: PetitionParams) -> dict:
    agency = Agency.objects.get(pk=params.agency_id) if params.agency_id is not None else None
    return petition_report(
        unit, start, end, kind=params.kind or None, with_predecessors=params.with_predecessors, only_agency=agency
    )


def _petition_units_moved(unit: AdministrativeUnit) -> list[AdministrativeUnit]:
    """The unit and those above it, and the 2025 provinces that show a legacy province's records with theirs."""
    chain = unit_and_ancestors(unit)
    if unit.generation != Generation.LEGACY:
        return chain
    legacy_province = chain[0]
    successors = AdministrativeUnit.objects.filter(
        succession_links_in__predecessor=legacy_province, level=Level.PROVINCE
    ).distinct()
    return [*chain, *successors]


PETITION_PART_KEYS = ("received", "must_settle", "settled", "settled_on_time", "overdue_open")


def _petition_parts(board) -> list[dict]:
    """Merged with the predecessors, the parts of each figure (the province, then each predecessor): the petition
    list filters one unit, so a merged figure links nowhere and each part opens its own records. None otherwise."""
    snapshot = board.snapshots["petitions"]
    if not PetitionParams.from_key(snapshot.params).with_predecessors:
        return []
    return merged_parts(board.unit, snapshot.data.get("children", []), PETITION_PART_KEYS)


def _petition_stats(board) -> dict:
    parts = _petition_parts(board)
    return {"merged": bool(parts), "parts": parts}


def _petition_paths():
    from petitions.models import Petition

    return paths_with(Petition.objects.all())


TREND_PLOT_HEIGHT, TREND_TOP, TREND_LEFT, TREND_MONTH_WIDTH = 140, 20, 44, 56


def _nice_step(peak: int, ticks: int = 4) -> int:
    """A round tick step (1, 2 or 5 times a power of ten) that covers `peak` in at most `ticks` steps."""
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            if factor * magnitude * ticks >= peak:
                return factor * magnitude
        magnitude *= 10


def _trend(board) -> dict:
    """The monthly chart: bars already scaled (an axis with round ticks), and the same figures as rows
    for the table that screen readers and print read. A month without its snapshot yet is pending."""
    months = board.months["petitions"]
    one_year = len({m.start.year for m, _snapshot in months}) == 1
    rows = [
        {
            "label": f"{m.start.month:02d}" if one_year else f"{m.start.month:02d}/{m.start.year % 100:02d}",
            "month": m,
            "pending": snapshot is None,
            "received": snapshot.data["received"] if snapshot else None,
            "settled": snapshot.data["settled"] if snapshot else None,
        }
        for m, snapshot in months
    ]
    step = _nice_step(max([1, *(r["received"] or 0 for r in rows), *(r["settled"] or 0 for r in rows)]))
    top = step * 4
    baseline = TREND_TOP + TREND_PLOT_HEIGHT

    def y(value: int) -> int:
        return baseline - round(value * TREND_PLOT_HEIGHT / top)

    for index, row in enumerate(rows):
        row["x"] = TREND_LEFT + index * TREND_MONTH_WIDTH
        for key in ("received", "settled"):
            value = row[key] or 0
            row[f"{key}_y"], row[f"{key}_h"] = y(value), baseline - y(value)
    return {
        "rows": rows,
        "ticks": [{"value": step * i, "y": y(step * i)} for i in range(5)],
        "baseline": baseline,
        "left": TREND_LEFT,
        "width": TREND_LEFT + TREND_MONTH_WIDTH * len(rows) + 8,
        "pending": any(r["pending"] for r in rows),
        "totals": {key: sum(r[key] for r in rows if r[key] is not None) for key in ("received", "settled")},
    }


def _overdue_now(board) -> dict:
    """The cases of the "overdue, not settled" figure, among those the official may see: the first ones live, along
    the index on their settlement due date; how many, the period's figure where it is the same set.

    The same definition as the figure and as the list it opens (petitions.metrics): cases within
    authority that had to be settled in the period, past their settlement due date at its end and
    not settled by then; one row per case, its lead petition.
    """
    from petitions.metrics import metric_lead_petitions
    from petitions.models import Petition

    period = board.period
    overdue = metric_lead_petitions(Petition.objects.visible_to(board.user), "overdue_open", period.start, period.end)
    # Merged with the predecessors, their cases too; the list filters one unit, so each part links its own cases.
    merged = board.agency is None and PetitionParams.from_key(board.snapshots["petitions"].params).with_predecessors
    units = [board.unit, *(predecessor_provinces(board.unit) if merged else [])]
    if board.agency is not None:  # an agency handles petitions received anywhere
        overdue = overdue.filter(handling_agency=board.agency)
    else:
        # By the petition's unit, and the same by where its case is counted (the lead's unit, copied onto the
        # case): the case's index then gives the subtree's overdue cases in their due order.
        counted_at = {level: f"case__{field}" for level, field in COUNTED_AT.items()}
        subtrees = {
            unit.pk: subtree_q(unit, overdue.unit_field, overdue.level_fields) & subtree_q(unit, "", counted_at)
            for unit in units
        }
        overdue = overdue.filter(reduce(operator.or_, subtrees.values()))
    rows = list(overdue.select_related("unit", "case").order_by("case__settlement_due", "pk")[:OVERDUE_PANEL_SIZE])
    parts = []
    if merged:  # one query: each part's count
        counts = overdue.aggregate(**{f"unit_{unit.pk}": Count("pk", filter=subtrees[unit.pk]) for unit in units})
        names = [board.unit.name, *(legacy_name(unit) for unit in units[1:])]
        parts = [
            {"unit": unit.pk, "name": name, "count": counts[f"unit_{unit.pk}"]}
            for unit, name in zip(units, names, strict=True)
        ]
    snapshot = board.snapshots["petitions"]
    if len(rows) < OVERDUE_PANEL_SIZE:
        count = len(rows)
    elif board.agency is None and not merged and not snapshot.locked_at:
        # The unit's whole subtree is the official's to see: the count is the period's figure, as the tile shows
        # it, where counting a province's overdue cases live costs most of the page (docs/performance.md).
        count = max(snapshot.data["overdue_open"], len(rows))  # never fewer than the rows listed
    elif parts:  # merged: the predecessors' cases are counted only where the official may see them
        count = sum(part["count"] for part in parts)
    else:  # an agency's cases received outside the official's subtree are not theirs to see; a lock froze the figure
        count = overdue.count()
    return {
        "rows": rows,
        "count": count,
        "merged": bool(parts),
        "parts": parts,
        # the figure's date: overdue by the end of the period (today while it runs), and not settled by then
        "as_of": min(period.end, timezone.localdate()),
    }


def _ranking(board) -> dict:
    rows = board.snapshots["petitions"].data.get("children", [])
    # The unit's own agencies are not a sub-unit to rank, but their row is shown: with it the table
    # adds up to the unit's figures. A commune has only that row, and no ranking.
    own = next((c for c in rows if c.get("own_level")), None)
    children = [c for c in rows if not c.get("own_level")]
    ranked = [c for c in children if c["must_settle"] >= MIN_CASES_TO_RANK]
    ranked.sort(key=lambda c: (-(c["resolution_rate"] or 0), c["name"]))
    unranked = [c for c in children if c["must_settle"] < MIN_CASES_TO_RANK]
    return {
        "ranked": ranked,
        "unranked": unranked,
        "own": own if children else None,
        "min_cases": MIN_CASES_TO_RANK,
    }


def _by_kind(board) -> dict:
    """The kind groups' rows, named as the petition list their links open names them (petitions.metrics)."""
    by_kind = board.snapshots["petitions"].data.get("by_kind", {})
    return {
        "kinds": [{"key": key, "label": KIND_GROUP_LABELS[key], **row} for key, row in by_kind.items()],
        "merged": bool(_petition_parts(board)),  # the list cannot open the merged rows: no links, a note
    }


def _form_xld(kinds: list[str], code: str, title: str):
    return lambda unit, start, end: form_xld(unit, start, end, kinds=kinds, code=code, title=title)


PETITIONS = ReportFamily(
    key="petitions",
    label=_("Xử lý, giải quyết đơn"),
    compute=_petition_figures,
    compute_many=petition_reports,
    compute_periods=petition_reports_periods,
    params=PetitionParams,
    units_moved=_petition_units_moved,
    spans_move=True,  # a case is carried over into, and may be overdue in, every period that begins while open
    recorded_paths=_petition_paths,
    panels=(
        Panel("reports/panels/petitions_stats.html", slot="stats", context=_petition_stats),
        Panel("reports/panels/petitions_trend.html", context=_trend, months=True),
        Panel("reports/panels/petitions_overdue.html", context=_overdue_now),
        Panel("reports/panels/petitions_ranking.html", context=_ranking),
        Panel("reports/panels/petitions_by_kind.html", context=_by_kind),
        Panel("reports/panels/petitions_years.html", context=petition_years, years=True),
    ),
    exports=(
        Export("01-kqgq", "01/KQGQ", form_01_kqgq),
        Export("02-kqgq", "02/KQGQ", form_02_kqgq),
        Export("01-xld", "01/XLD", _form_xld(list(Kind.values), "01/XLD", "Tổng hợp kết quả xử lý đơn")),
        Export("02-xld", "02/XLD", _form_xld([Kind.COMPLAINT], "02/XLD", "Tổng hợp kết quả xử lý đơn khiếu nại")),
        Export("03-xld", "03/XLD", _form_xld([Kind.DENUNCIATION], "03/XLD", "Tổng hợp kết quả xử lý đơn tố cáo")),
        Export(
            "04-xld",
            "04/XLD",
            _form_xld(
                [Kind.RECOMMENDATION, Kind.REFLECTION], "04/XLD", "Tổng hợp kết quả xử lý đơn kiến nghị, phản ánh"
            ),
        ),
        Export(LIST_EXPORT, _("Danh sách đơn"), petition_list, per_period=False, filename="danh-sach-don.xlsx"),
    ),
    api=Api(
        figures=PetitionReportFiguresSerializer,
        name="PetitionReport",
        description="Petitions received and cases settled in a unit's subtree over a period, one row per child unit.",
        query=PetitionKindQuerySerializer,
        # a kind group is computed and stored as its own snapshot
        params=lambda query: PetitionParams(kind=query["kind"]),
        parameters=(OpenApiParameter("kind", str, enum=KIND_GROUPS, description="One kind group only."),),
    ),
)


# --- reception ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReceptionParams(Params):
    """A 2025 province with its predecessors' sessions and heads, or one agency's sessions instead of the subtree."""

    agency_id: int | None = None
    with_predecessors: bool = False

    def __post_init__(self) -> None:
        if self.agency_id is not None and self.with_predecessors:
            raise ValueError("An agency's figures take no other parameter")

    def to_key(self) -> str:  # "", "+legacy" (as the petitions' key), "agency=7"
        if self.agency_id is not None:
            return _agency_key(self.agency_id)
        return LEGACY_SUFFIX if self.with_predecessors else ""

    @classmethod
    def from_key(cls, key: str) -> ReceptionParams:
        if key == LEGACY_SUFFIX:
            return cls(with_predecessors=True)
        agency_id = _agency_from_key(key)
        if key and agency_id is None:
            raise ValueError(f"Reception figures take only an agency or the predecessors: {key!r}")
        return cls(agency_id=agency_id)

    @classmethod
    def for_selection(cls, selection: Selection) -> ReceptionParams:
        if selection.agency_id is not None:
            return cls(agency_id=selection.agency_id)
        return cls(with_predecessors=selection.with_predecessors)


def _reception_figures(unit: AdministrativeUnit, start: dt.date, end: dt.date, params: ReceptionParams) -> dict:
    agency = Agency.objects.get(pk=params.agency_id) if params.agency_id is not None else None
    return reception_report(unit, start, end, only_agency=agency, with_predecessors=params.with_predecessors)


def _reception_units_moved(unit: AdministrativeUnit) -> list[AdministrativeUnit]:
    """The unit and those above it, and the 2025 provinces that show a pre-2025 unit's sessions with theirs."""
    return [*unit_and_ancestors(unit), *successor_provinces(unit)]


RECEPTION_PART_KEYS = ("sessions", "visits", "citizens", "required_head_days", "counted_head_days")


def _reception_stats(board) -> dict:
    """The session list's query behind the sessions figure; merged with the predecessors, the list cannot open
    every part at once: the merged figures link nowhere, and `parts` (the province, each predecessor) each open
    their own sessions."""
    period = board.period
    dates = f"date_from={period.start.isoformat()}&date_to={period.end.isoformat()}&reception_only=1"
    scope = f"agency={board.agency.pk}" if board.agency is not None else f"unit={board.unit.pk}"
    snapshot = board.snapshots["reception"]
    parts = []
    if ReceptionParams.from_key(snapshot.params).with_predecessors:
        parts = merged_parts(board.unit, snapshot.data.get("children", []), RECEPTION_PART_KEYS)
        parts = [{**part, "query": f"unit={part['unit']}&{dates}"} for part in parts]
    return {"query": f"{scope}&{dates}", "merged": bool(parts), "parts": parts}


def _reception_paths():
    from reception.models import ReceptionSession

    return paths_with(ReceptionSession.objects.all())


RECEPTION = ReportFamily(
    key="reception",
    label=_("Tiếp công dân"),
    compute=_reception_figures,
    compute_many=reception_reports,
    compute_periods=reception_reports_periods,
    params=ReceptionParams,
    units_moved=_reception_units_moved,
    recorded_paths=_reception_paths,
    # years: the petitions' trend card shows the heads' compliance of each year beside the petitions
    panels=(Panel("reports/panels/reception_stats.html", slot="stats", context=_reception_stats, years=True),),
    exports=(
        Export("01-tcd", "01/TCD", form_01_tcd),
        Export(
            RECEPTION_LIST_EXPORT,
            _("Sổ tiếp công dân"),
            reception_list,
            per_period=False,
            filename="so-tiep-cong-dan.xlsx",
        ),
    ),
    api=Api(
        figures=ReceptionReportFiguresSerializer,
        name="ReceptionReport",
        description="Reception sessions, visits and heads' duty days in a unit's subtree over a period, by child unit.",
    ),
)

BUILT_IN = (PETITIONS, RECEPTION, ETHNICITY)
