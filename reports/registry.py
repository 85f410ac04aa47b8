"""Report families: what the reports app computes, stores, shows and exports, declared by their owners.

A family is a key, a compute function over a unit and a period, its typed parameters, which
records move which of its snapshots, its dashboard panels and its exports. Snapshots, dashboards,
exports, the report API (one documented route per family with an `api`), the refresh after a
change and the nightly job iterate this registry; none of them names a family.

The families of petitions and reception are declared in `reports/families.py` (the reports app
reads those apps anyway). A later app adds its own from its `AppConfig.ready()`:

    from reports import registry
    registry.register(registry.ReportFamily(key="reform", label=_("Cải cách hành chính"), compute=...))

This module is the reports app's contract: it imports only the foundation, so any app may use it
without depending on the rest of the reports app (tests/portal/test_import_direction.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from portal.models import AdministrativeUnit

KEY_MAX_LENGTH = 20  # ReportSnapshot.kind


@dataclass(frozen=True)
class Selection:
    """What a dashboard asks for besides the unit and the period; each family maps it to its parameters."""

    agency_id: int | None = None  # one agency's figures instead of the unit's subtree
    with_predecessors: bool = False  # a 2025 province together with the pre-2025 provinces it succeeded


@dataclass(frozen=True)
class Params:
    """A family's parameters: a frozen dataclass, stored on the snapshot as a short key ("" = none).

    The base class has no parameters; a family with some subclasses it and says how its values
    read and write as a key (keys already stored must keep reading the same).
    """

    def to_key(self) -> str:
        return ""

    @classmethod
    def from_key(cls, key: str) -> Params:
        if key:
            raise ValueError(f"{cls.__name__} takes no parameters: {key!r}")
        return cls()

    @classmethod
    def for_selection(cls, selection: Selection) -> Params:
        return cls()


@dataclass(frozen=True)
class Panel:
    """A piece of the dashboard: `template` is included with `panel` set to {"data": the family's
    figures for the period, **context(board)}; with `months`, board.months[key] holds the family's
    snapshot of each month of the period, for the context to read; with `years`, board.years[key] holds
    its snapshot of the same part of each of the last TREND_YEARS years (a trend over years)."""

    template: str
    slot: str = "cards"  # "stats": figures in the top strip; "cards": a section below it
    context: Callable[[Any], dict] | None = None  # reads the board (snapshots, unit, user); few queries
    months: bool = False  # needs the family's figures for each month of the period (a trend chart)
    years: bool = False  # needs the family's figures of the same period in earlier years (a trend over years)

    SLOTS: ClassVar[tuple[str, ...]] = ("stats", "cards")


@dataclass(frozen=True)
class Export:
    """A file an official can ask for: an official form of a unit and a period, or a list filtered on
    a page (`per_period=False`), which gets the job and returns its bytes."""

    key: str  # the export's identifier in URLs and ExportJob.kind
    label: str  # the form's number (01/KQGQ), or the list's name
    build: Callable[..., bytes]  # a form: build(unit, start, end); a list: build(job)
    per_period: bool = True
    filename: str = ""  # a list's file name; a form's is made from it (or its number), the unit and the period
    permission: str = ""  # a list's: the right to read its records, checked before a job is queued


@dataclass(frozen=True)
class Api:
    """The family's figures at GET /api/v1/reports/<key>/; the reports app checks the unit and the
    period and adds the header (unit, period, computed_at, locked).

    `figures` is the DRF serializer of the snapshot's data, for the OpenAPI schema. A family with
    parameters names them: `query`, a DRF serializer of the query-string fields besides unit and
    period; `params`, which turns its validated data into the family's Params; `parameters`, their
    OpenAPI descriptions (drf-spectacular OpenApiParameter). A family whose own fields say the period
    (reform's `year`) gives `period`: its validated data -> a period key ("2024"), or None to read the
    common `period`/`from`/`to`.
    """

    figures: type
    description: str = ""
    query: type | None = None
    params: Callable[[dict], Params] | None = None
    parameters: tuple = ()
    name: str = ""  # the answer's name in the schema (default: from the key); clients generated from it keep it
    period: Callable[[dict], str | None] | None = None

    COMMON_FIELDS: ClassVar[frozenset[str]] = frozenset({"unit", "period", "from", "to"})


def unit_and_ancestors(unit: AdministrativeUnit) -> list[AdministrativeUnit]:
    """The snapshots a record of `unit` can move: its own and those of every unit above it."""
    return [*unit.ancestors(), unit]


def period_holds(start: dt.date, end: dt.date, days: Collection[dt.date]) -> bool:
    """A period moves when it holds one of the days a change announced."""
    return any(start <= day <= end for day in days)


@dataclass(frozen=True)
class ReportFamily:
    """One report family (DOMAIN section 0): its figures for a unit's subtree over a period, and where they go."""

    key: str
    label: str
    compute: Callable[[AdministrativeUnit, dt.date, dt.date, Params], dict]  # plain JSON-able figures
    # Every unit's plain figures (no parameters) for one period at once, {unit id: figures}, from a fixed handful
    # of grouped queries however many units: what the nightly rebuild calls. It must give each unit exactly what
    # `compute` gives it (tests/reports/test_setwise.py). None: the rebuild calls `compute` unit by unit.
    compute_many: Callable[[Sequence[AdministrativeUnit], dt.date, dt.date], dict[int, dict]] | None = None
    # The same for several periods (start, end) in one pass over the records, yielding each period's figures in
    # order: what a family whose scan costs the same for one period or twenty offers the rebuild of a year.
    compute_periods: Callable[[Sequence[AdministrativeUnit], Sequence[tuple]], Iterator[dict[int, dict]]] | None = None
    params: type[Params] = Params
    # Which snapshots a change of a record of a unit, dated `day`, can move: those of these units...
    units_moved: Callable[[AdministrativeUnit], list[AdministrativeUnit]] = unit_and_ancestors
    # ...whose period (start, end) this says yes to, given every day the changes of the unit announced.
    period_moved: Callable[[dt.date, dt.date, Collection[dt.date]], bool] = period_holds
    # Whether a span (since, until) a change announces moves the periods overlapping it: a family that
    # counts records open over time (a case carried over into a period, overdue in it) says yes.
    spans_move: bool = False
    # Paths of the units under which records exist (the nightly job computes those units' figures).
    recorded_paths: Callable[[], Iterable[str]] = lambda: ()
    panels: tuple[Panel, ...] = ()
    exports: tuple[Export, ...] = ()
    api: Api | None = None  # None: the family has no route in the report API

    def figures_by_period(
        self, units: Sequence[AdministrativeUnit], periods: Sequence[tuple[dt.date, dt.date]]
    ) -> Iterator[dict[int, dict]]:
        """Every unit's plain figures for each period in turn, {unit id: figures}: in one pass where the family
        can (`compute_periods`), else period by period, set-wise or unit by unit."""
        if self.compute_periods is not None:
            yield from self.compute_periods(units, periods)
            return
        for start, end in periods:
            if self.compute_many is not None:
                yield self.compute_many(units, start, end)
            else:
                yield {unit.pk: self.compute(unit, start, end, self.params()) for unit in units}

    def parameters(self, params: Params | str | None = None) -> Params:
        """The family's parameters from a stored key, a Params, or nothing (no parameters)."""
        if params is None or params == "" or type(params) is Params:  # no parameters: the family's defaults
            return self.params()
        if isinstance(params, str):
            return self.params.from_key(params)
        if not isinstance(params, self.params):
            raise TypeError(f"{self.key} takes {self.params.__name__}, not {type(params).__name__}")
        return params


_families: dict[str, ReportFamily] = {}


def register(family: ReportFamily) -> ReportFamily:
    """Add a family (from an AppConfig.ready()); registering the same family again changes nothing."""
    if not family.key or len(family.key) > KEY_MAX_LENGTH:
        raise ValueError(f"A report family's key has 1 to {KEY_MAX_LENGTH} characters: {family.key!r}")
    known = _families.get(family.key)
    if known is not None and known != family:
        raise ValueError(f"Report family {family.key!r} is registered twice")
    taken = {e.key for f in _families.values() if f.key != family.key for e in f.exports}
    clash = taken & {e.key for e in family.exports}
    if clash:
        raise ValueError(f"Export keys {sorted(clash)} belong to another family")
    if family.api is not None and family.api.query is not None:
        if family.api.params is None:
            raise ValueError(f"Report family {family.key!r} reads query parameters but says nothing of its Params")
        taken = Api.COMMON_FIELDS & set(family.api.query().fields)
        if taken:
            raise ValueError(f"Report family {family.key!r}: {sorted(taken)} are read for every family")
    if family.api is not None and family.api.period is not None and family.api.query is None:
        raise ValueError(f"Report family {family.key!r} reads its period from query fields it does not declare")
    for panel in family.panels:
        if panel.slot not in Panel.SLOTS:
            raise ValueError(f"Unknown dashboard slot {panel.slot!r} (one of {Panel.SLOTS})")
    _families[family.key] = family
    return family


def unregister(key: str) -> None:
    """Remove a family (tests that register one of their own)."""
    _families.pop(key, None)


def families() -> list[ReportFamily]:
    """Every family, in the order they were registered (that of INSTALLED_APPS)."""
    return list(_families.values())


def family(key: str) -> ReportFamily:
    """The family of this key; LookupError for a key nobody registered."""
    try:
        return _families[key]
    except KeyError:
        raise LookupError(f"No report family {key!r}") from None


def keys() -> list[str]:
    return list(_families)


def exports() -> dict[str, Export]:
    """Every family's exports by key, forms first in family order, then lists."""
    every = [e for f in _families.values() for e in f.exports]
    return {e.key: e for e in sorted(every, key=lambda e: not e.per_period)}


def export(key: str) -> Export | None:
    return exports().get(key)
