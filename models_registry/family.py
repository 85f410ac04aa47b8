"""The "models" report family (DOMAIN §0 "Models"): the funnel registered → recognised → typical over a period,
registered from ModelsRegistryConfig.ready().

`registered` counts the models registered in the period, `recognized` and `typical` the recognition and naming
decisions dated in it (a model registered in 2023 and recognised in 2024 counts in each year for its own step);
the same definitions (`models_registry.selectors.funnel_q`) filter the list every figure opens. The figures are a
model's place (`unit`, its whole subtree), by field, by recognition level, collective or individual, by programme,
and by child unit with the unit's own level as one more row, so that the children add up. Seven queries; the nightly
rebuild takes every unit's plain figures of a period at once (`models_figures_many`: six queries, however many).

A 2025 province with its predecessors (`with_predecessors`, the dashboard's "Gộp số liệu trước 01/7/2025") counts
the models placed under the pre-2025 provinces it succeeded too, each of them one more child row (`legacy`); the
model list filters one unit, so the panels link each part (the province, each predecessor) to its own models.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from django.db.models import F, QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter

from models_registry.api.report import ModelsReportFiguresSerializer, ModelsReportQuerySerializer
from models_registry.choices import Field, OwnerKind, RecognitionLevel
from models_registry.models import MobilizationModel, Programme
from models_registry.report_forms import funnel_by_unit_and_field, recognized_models_list
from models_registry.selectors import FUNNEL_STAGES, funnel_any_q, funnel_period_counts
from portal.models import AdministrativeUnit
from portal.numbers import rate
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
    predecessor_provinces,
    successor_provinces,
    top_paths,
    unit_paths,
    unit_row,
)
from reports.registry import Api, Export, Panel, Params, ReportFamily, Selection, unit_and_ancestors

LEGACY_SUFFIX = "+legacy"  # the key of the figures with the predecessors' models, as the petitions family's


@dataclass(frozen=True)
class ModelsParams(Params):
    """One programme only (Dân vận khéo, or Chính quyền thân thiện), a 2025 province with the models of the
    pre-2025 provinces it succeeded, or the models one agency registered."""

    programme_id: int | None = None
    agency_id: int | None = None
    with_predecessors: bool = False

    def __post_init__(self) -> None:
        if self.agency_id is not None and (self.programme_id is not None or self.with_predecessors):
            raise ValueError("An agency's models take no other parameter")

    def to_key(self) -> str:  # "", "programme=2", "+legacy", "programme=2+legacy", "agency=7"
        if self.agency_id is not None:
            return f"agency={self.agency_id}"
        key = f"programme={self.programme_id}" if self.programme_id is not None else ""
        return key + (LEGACY_SUFFIX if self.with_predecessors else "")

    @classmethod
    def from_key(cls, key: str) -> ModelsParams:
        with_predecessors = key.endswith(LEGACY_SUFFIX)
        rest = key.removesuffix(LEGACY_SUFFIX)
        name, _sep, value = rest.partition("=")
        if name in ("programme", "agency") and value.isdigit():
            return cls(**{f"{name}_id": int(value)}, with_predecessors=with_predecessors)
        if rest:
            raise ValueError(f"Not a models parameter: {key!r}")
        return cls(with_predecessors=with_predecessors)

    @classmethod
    def for_selection(cls, selection: Selection) -> ModelsParams:
        if selection.agency_id is not None:
            return cls(agency_id=selection.agency_id)
        return cls(with_predecessors=selection.with_predecessors)


def funnel(row: dict) -> dict:
    counts = {stage: row.get(stage) or 0 for stage in FUNNEL_STAGES}
    return {
        **counts,
        "recognition_rate": rate(counts["recognized"], counts["registered"]),
        "typical_rate": rate(counts["typical"], counts["recognized"]),
    }


EMPTY = funnel({})


def _grouped(models: QuerySet, field: str, counts: dict) -> dict:
    return {row.pop(field): funnel(row) for row in models.values(field).annotate(**counts).order_by()}


def _by_choice(models: QuerySet, field: str, counts: dict, choices) -> dict:
    rows = _grouped(models, field, counts)
    return {value: {"label": str(label), **rows.get(value, EMPTY)} for value, label in choices}


def models_subtree(
    unit: AdministrativeUnit, params: ModelsParams | None = None, predecessors: Iterable[AdministrativeUnit] = ()
) -> QuerySet[MobilizationModel]:
    """The models of the unit's subtree (and of its merged predecessors'), or of one registering agency."""
    params = params or ModelsParams()
    if params.agency_id is not None:
        return MobilizationModel.objects.filter(registering_agency_id=params.agency_id)
    models = MobilizationModel.objects.filter(in_paths("unit__path", unit_paths(unit, list(predecessors))))
    if params.programme_id is not None:
        models = models.filter(round__programme_id=params.programme_id)
    return models


def models_figures(unit: AdministrativeUnit, start: dt.date, end: dt.date, params: ModelsParams | None = None) -> dict:
    """The funnel of the models of `unit`'s subtree over [start, end], broken down and by child unit."""
    params = params or ModelsParams()
    predecessors = predecessor_provinces(unit) if params.with_predecessors else []
    models = models_subtree(unit, params, predecessors).filter(funnel_any_q(start, end)).order_by()
    counts = funnel_period_counts(start, end)
    by_programme = _grouped(models, "round__programme", counts)
    programmes = Programme.objects.in_bulk(list(by_programme))
    figures = {
        **funnel(models.aggregate(**counts)),
        "by_field": _by_choice(models, "field", counts, Field.choices),
        "by_level": _by_choice(models, "round__recognition_level", counts, RecognitionLevel.choices),
        "by_owner_kind": _by_choice(models, "owner_kind", counts, OwnerKind.choices),
        "by_programme": [
            {"programme": pk, "name": programmes[pk].name, "short_name": programmes[pk].short_name, **by_programme[pk]}
            for pk in sorted(by_programme)
        ],
    }
    if params.agency_id is not None:
        figures["children"] = []
    else:
        figures["children"] = _children(unit, models, counts, figures, predecessors)
    return figures


def _children(
    unit: AdministrativeUnit, models: QuerySet, counts: dict, figures: dict, predecessors: list[AdministrativeUnit]
) -> list[dict]:
    """Each child unit's models, then those placed at the unit itself (`own_level`), each with its fields; then
    each merged predecessor's (`legacy`)."""
    if child_level(unit) is None:  # a commune: all of it is its own level
        own = {key: figures[key] for key in (*FUNNEL_STAGES, "recognition_rate", "typical_rate", "by_field")}
        return [own_level_row(unit, own)]
    per_child: dict[str, dict] = {}
    groups = [child_prefix(unit, "unit__path")]
    if predecessors:  # one more query: the predecessors' models by pre-2025 province
        groups.append(legacy_prefix(predecessors, "unit__path"))
    for group in groups:
        rows = models.annotate(child=group).values("child", "field").annotate(**counts)
        for row in rows.order_by():
            child, field = row.pop("child"), row.pop("field")
            per_child.setdefault(child, {})[field] = row

    def figures_of(path: str) -> dict:
        fields = per_child.get(path, {})
        total = {stage: sum(row[stage] for row in fields.values()) for stage in FUNNEL_STAGES}
        by_field = {value: {"label": str(label), **funnel(fields.get(value, {}))} for value, label in Field.choices}
        return {**funnel(total), "by_field": by_field}

    children = [unit_row(child, figures_of(path)) for path, child in children_by_path(unit).items()]
    legacy = [legacy_row(old, figures_of(old.path)) for old in predecessors]
    return [*children, own_level_row(unit, figures_of(unit.path)), *legacy]


# The breakdowns of the funnel: the figures' key, and what a model is grouped by for it.
BREAKDOWNS = {"field": "field", "level": "round__recognition_level", "owner_kind": "owner_kind"}


def _choices(counted: dict, choices: dict) -> dict:
    """A breakdown as `_by_choice` gives it, from summed counts: every choice, with its label."""
    return {
        value: {"label": label, **(funnel(counted[value]) if value in counted else EMPTY)}
        for value, label in choices.items()
    }


def models_figures_many(units: Sequence[AdministrativeUnit], start: dt.date, end: dt.date) -> dict[int, dict]:
    """`models_figures` of every unit at once (no parameters), {unit id: figures}."""
    return next(models_figures_periods(units, [(start, end)]))


def models_figures_periods(
    units: Sequence[AdministrativeUnit], periods: Sequence[tuple[dt.date, dt.date]]
) -> Iterator[dict[int, dict]]:
    """`models_figures` of every unit for each period, in order, {unit id: figures}: the models of all the periods
    grouped once by their place's path and by field, by level, by owner kind and by programme (four grouped
    queries, each period's funnel a conditional count), summed up the tree (`Rollup`) a period at a time; one
    more query names the programmes, and `children_of` gives the rows, however many units."""
    units, periods = list(units), list(periods)
    tops = top_paths(units)
    if not tops or not periods:
        yield from ({} for _period in periods)
        return
    earliest, latest = min(start for start, _end in periods), max(end for _start, end in periods)
    models = MobilizationModel.objects.filter(in_paths("unit__path", tops), funnel_any_q(earliest, latest)).order_by()
    counts = {
        f"p{index}_{stage}": count
        for index, (start, end) in enumerate(periods)
        for stage, count in funnel_period_counts(start, end).items()
    }
    # One query per breakdown rather than one over every combination: far fewer rows to sum up the tree.
    grouped = {
        key: list(
            models.values(row_path=F("unit__path"), value=F(field))
            .annotate(**counts)
            .values_list("row_path", "value", *counts)
        )
        for key, field in {**BREAKDOWNS, "programme": "round__programme"}.items()
    }
    programmes = Programme.objects.in_bulk({row[1] for row in grouped["programme"]})
    children = children_of(units)
    width = len(FUNNEL_STAGES)
    for index in range(len(periods)):
        rollup = Rollup(dict)
        for key, rows in grouped.items():
            for path, value, *values in rows:
                mine = values[index * width : (index + 1) * width]
                if any(mine):  # as a query of this period alone: no row for what it does not count
                    rollup.add(path, {key: {value: dict(zip(FUNNEL_STAGES, mine, strict=True))}})
        yield _models_figures_of(units, rollup, programmes, children)


def _models_figures_of(units, rollup: Rollup, programmes: dict, children: dict) -> dict[int, dict]:
    subtrees = {unit.pk: rollup.subtree_view(unit.path) for unit in units}
    labels = {  # translated once, not per unit
        "field": {value: str(label) for value, label in Field.choices},
        "level": {value: str(label) for value, label in RecognitionLevel.choices},
        "owner_kind": {value: str(label) for value, label in OwnerKind.choices},
    }

    def total(counted: dict) -> dict:  # every model has a field: its fields' counts add up to its funnel
        by_field = counted.get("field", {}).values()
        return funnel({stage: sum(values[stage] for values in by_field) for stage in FUNNEL_STAGES})

    def row_figures(counted: dict) -> dict:
        return {**total(counted), "by_field": _choices(counted.get("field", {}), labels["field"])}

    figures_by_unit = {}
    for unit in units:
        counted = subtrees[unit.pk]
        by_programme = counted.get("programme", {})
        figures = {
            **total(counted),
            **{f"by_{key}": _choices(counted.get(key, {}), labels[key]) for key in BREAKDOWNS},
            "by_programme": [
                {
                    "programme": pk,
                    "name": programmes[pk].name,
                    "short_name": programmes[pk].short_name,
                    **funnel(by_programme[pk]),
                }
                for pk in sorted(by_programme)
            ],
        }
        if child_level(unit) is None:  # a commune: all of it is its own level
            own = {key: figures[key] for key in (*FUNNEL_STAGES, "recognition_rate", "typical_rate", "by_field")}
            figures["children"] = [own_level_row(unit, own)]
        else:
            figures["children"] = [
                *(unit_row(child, row_figures(rollup.subtree_view(child.path))) for child in children[unit.pk]),
                own_level_row(unit, row_figures(rollup.own_view(unit.path))),
            ]
        figures_by_unit[unit.pk] = figures
    return figures_by_unit


def models_units_moved(unit: AdministrativeUnit) -> list[AdministrativeUnit]:
    """The unit and those above it, and the 2025 provinces that show a pre-2025 unit's models with theirs."""
    return [*unit_and_ancestors(unit), *successor_provinces(unit)]


def models_recorded_paths() -> Iterable[str]:
    return MobilizationModel.objects.values_list("unit__path", flat=True).distinct()


def _drill(board) -> dict:
    """The model list's query strings behind the figures: the same place (or agency), stage and dates.

    With the predecessors merged, the list cannot open the province's and its predecessors' models at once: a
    merged figure links nowhere, and `parts` (the province, then each predecessor) each open their own models."""
    period = board.period
    dates = f"funnel_from={period.start.isoformat()}&funnel_to={period.end.isoformat()}"
    scope = f"registering_agency={board.agency.pk}" if board.agency is not None else f"unit={board.unit.pk}"
    snapshot = board.snapshots["models"]
    data = snapshot.data
    children = [
        {**row, "query": f"{'place' if row.get('own_level') else 'unit'}={row['unit']}&{dates}"}
        for row in data.get("children", [])
    ]
    parts = []
    if ModelsParams.from_key(snapshot.params).with_predecessors:
        own = [row for row in children if not row.get("legacy")]
        mine = {stage: sum(row[stage] for row in own) for stage in FUNNEL_STAGES}
        parts = [
            {"name": board.unit.name, "query": f"{scope}&{dates}", **mine},
            *(row for row in children if row.get("legacy")),
        ]
    return {"query": f"{scope}&{dates}", "children": children, "merged": bool(parts), "parts": parts}


def _trend(board) -> dict:
    """The funnel of the same part of each of the last years, from the year snapshots (no query)."""
    rows = []
    for period, snapshot in board.years.get("models", []):
        data = snapshot.data if snapshot else {}
        rows.append(
            {
                "year": period.start.year,
                "pending": snapshot is None,
                **{k: data.get(k) for k in (*FUNNEL_STAGES, "recognition_rate", "typical_rate")},
            }
        )
    return {"trend": rows}


MODELS_FUNNEL_EXPORT, MODELS_RECOGNIZED_EXPORT = "models-funnel", "models-recognized"

MODELS = ReportFamily(
    key="models",
    label=_("Dân vận khéo, Chính quyền thân thiện"),
    compute=models_figures,
    compute_many=models_figures_many,
    compute_periods=models_figures_periods,
    params=ModelsParams,
    units_moved=models_units_moved,
    recorded_paths=models_recorded_paths,
    panels=(
        Panel("models_registry/panels/models_stats.html", slot="stats", context=_drill),
        Panel(
            "models_registry/panels/models_card.html",
            context=lambda board: {**_drill(board), **_trend(board)},
            years=True,
        ),
    ),
    exports=(
        Export(
            MODELS_FUNNEL_EXPORT,
            _("Tổng hợp mô hình theo đơn vị và lĩnh vực"),
            funnel_by_unit_and_field,
            filename="tong-hop-mo-hinh.xlsx",
        ),
        Export(
            MODELS_RECOGNIZED_EXPORT,
            _("Danh sách mô hình được công nhận, tiêu biểu"),
            recognized_models_list,
            filename="mo-hinh-duoc-cong-nhan.xlsx",
        ),
    ),
    api=Api(
        figures=ModelsReportFiguresSerializer,
        name="ModelsReport",
        description=(
            "The funnel of the models placed in a unit's subtree over a period: registered in it, recognised and named "
            "typical by decisions dated in it; by field, level, collective or individual, programme and child unit."
        ),
        query=ModelsReportQuerySerializer,
        params=lambda query: ModelsParams(programme_id=query.get("programme")),
        parameters=(OpenApiParameter("programme", int, description="One programme only (its id)."),),
    ),
)
