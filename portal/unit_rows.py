"""The rows of a unit's report table: one per child unit, then the unit's own agencies, so that they add up.

Every report family groups its records by the child-of-`unit` prefix of their unit's path. A record of the
unit's own agencies (its People's Committee, its departments) has a path shorter than any child's and falls
under the unit's own path: that is the `own_level` row ("Cơ quan cấp tỉnh"), after the sub-units' rows.

A 2025 province may be shown together with the pre-2025 provinces it succeeded (the dashboard's "Gộp số liệu trước
01/7/2025"): every family then counts the records under the unit's path and its predecessors' paths (`in_paths`),
and each predecessor is one more child row (`legacy_row`, `legacy: true`), so that the rows still add up.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Substr
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from portal.choices import CODE_WIDTH, Generation, Level
from portal.dated_rules import TWO_LEVEL_GOVERNMENT_FROM
from portal.models import AdministrativeUnit

OWN_LEVEL_NAMES = {
    Level.PROVINCE: _("Cơ quan cấp tỉnh"),
    Level.DISTRICT: _("Cơ quan cấp huyện"),
    Level.COMMUNE: _("Cơ quan cấp xã"),
}


def child_level(unit: AdministrativeUnit) -> str | None:
    """The level of the unit's children: districts under a pre-2025 province, communes otherwise; None for a commune."""
    if unit.level == Level.COMMUNE:
        return None
    if unit.level == Level.PROVINCE and unit.generation == Generation.LEGACY:
        return Level.DISTRICT
    return Level.COMMUNE


def child_prefix(unit: AdministrativeUnit, path_field: str) -> Substr:
    """An expression giving each row's child-of-`unit` path (the unit's own path for its own agencies)."""
    return Substr(path_field, 1, len(unit.path) + CODE_WIDTH[child_level(unit)] + 1)


def children_by_path(unit: AdministrativeUnit) -> dict[str, AdministrativeUnit]:
    """The unit's children by path, in code order (none for a commune)."""
    if child_level(unit) is None:
        return {}
    return {child.path: child for child in unit.children.order_by("code")}


def own_level_name(unit: AdministrativeUnit) -> str:
    """What the row of the unit's own agencies is called: "Cơ quan cấp tỉnh", "… cấp huyện", "… cấp xã"."""
    return _own_level_name(unit.level, get_language())


@lru_cache(maxsize=64)
def _own_level_name(level: str, language: str | None) -> str:
    # Translated once a level and language: a country's rebuild names 280,000 such rows a family.
    return str(OWN_LEVEL_NAMES[Level(level)])


def own_level_row(unit: AdministrativeUnit, figures: dict) -> dict:
    """The child row of the unit's own level (`own_level` true), after its sub-units' rows."""
    return {"unit": unit.pk, "code": unit.code, "name": own_level_name(unit), "own_level": True, **figures}


def unit_row(unit: AdministrativeUnit, figures: dict) -> dict:
    return {"unit": unit.pk, "code": unit.code, "name": unit.name, **figures}


# --- a 2025 province with the pre-2025 provinces it succeeded ------------------------------------------------


def predecessor_provinces(unit: AdministrativeUnit) -> list[AdministrativeUnit]:
    """The pre-2025 provinces whose territory went to this 2025 province (Bắc Kạn → Thái Nguyên)."""
    if unit.generation != Generation.CURRENT or unit.level != Level.PROVINCE:
        return []
    return list(
        AdministrativeUnit.objects.filter(succession_links_out__successor=unit, level=Level.PROVINCE).order_by("code")
    )


def successor_provinces(unit: AdministrativeUnit) -> list[AdministrativeUnit]:
    """The 2025 provinces that show a pre-2025 unit's records with theirs: those that succeeded its province."""
    if unit.generation != Generation.LEGACY:
        return []
    province_path = "/".join(unit.path.split("/")[:2]) + "/"  # "legacy/06/061/" → "legacy/06/"
    return list(
        AdministrativeUnit.objects.filter(
            succession_links_in__predecessor__path=province_path, level=Level.PROVINCE
        ).distinct()
    )


def legacy_name(province: AdministrativeUnit) -> str:
    """A pre-2025 province's row beside its successor's: "Tỉnh Bắc Kạn (trước 01/7/2025)"."""
    day = TWO_LEVEL_GOVERNMENT_FROM  # written as in the legal texts: 01/7/2025
    return gettext("%(name)s (trước %(date)s)") % {"name": province.name, "date": f"{day:%d}/{day.month}/{day:%Y}"}


def unit_paths(unit: AdministrativeUnit, predecessors: list[AdministrativeUnit]) -> list[str]:
    """The paths a unit's figures count: its own, then its predecessors' (none unless they are merged)."""
    return [unit.path, *(p.path for p in predecessors)]


def in_paths(field: str, paths: list[str]) -> Q:
    """Rows whose unit path (`field`) lies under one of `paths`."""
    query = Q()
    for path in paths:
        query |= Q(**{f"{field}__startswith": path})
    return query


def legacy_prefix(predecessors: list[AdministrativeUnit], path_field: str) -> Substr:
    """An expression giving each row's pre-2025 province path (all provinces' paths have one length)."""
    return Substr(path_field, 1, len(predecessors[0].path))


def legacy_row(province: AdministrativeUnit, figures: dict) -> dict:
    """The child row of a merged pre-2025 province (`legacy` true), after the unit's own rows."""
    return {"unit": province.pk, "code": province.code, "name": legacy_name(province), "legacy": True, **figures}


def merged_parts(unit: AdministrativeUnit, children: list[dict], keys: tuple[str, ...]) -> list[dict]:
    """The parts of a merged figure: the unit's own (its rows that are no predecessor's, summed), then each
    predecessor's row. No list filters several units, so a merged figure is linked part by part."""
    mine = [row for row in children if not row.get("legacy")]
    own = {"unit": unit.pk, "name": unit.name, **{key: sum(row[key] for row in mine) for key in keys}}
    return [own, *(row for row in children if row.get("legacy"))]


# --- every unit at once (the nightly rebuild: reports computed set-wise) --------------------------------------


def top_paths(units: Iterable[AdministrativeUnit]) -> list[str]:
    """The paths of the units that lie under no other of them: the records a set of units counts lie there."""
    tops: list[str] = []
    for path in sorted({unit.path for unit in units}):
        if not tops or not path.startswith(tops[-1]):
            tops.append(path)
    return tops


def ancestor_paths(path: str) -> list[str]:
    """A record's unit path and every path above it: "legacy/06/058/" → "legacy/06/", "legacy/06/058/"."""
    parts = path.strip("/").split("/")
    return ["/".join(parts[:depth]) + "/" for depth in range(2, len(parts) + 1)]


def children_of(units: Sequence[AdministrativeUnit]) -> dict[int, list[AdministrativeUnit]]:
    """Each unit's children in code order (as `children_by_path`), for many units in a few queries."""
    parents = [unit.pk for unit in units if child_level(unit) is not None]
    found: dict[int, list[AdministrativeUnit]] = {pk: [] for pk in parents}
    for first in range(0, len(parents), 500):
        for child in AdministrativeUnit.objects.filter(parent_id__in=parents[first : first + 500]).order_by("code"):
            found[child.parent_id].append(child)
    return found


class Rollup:
    """Figures counted per record unit path, summed up the tree: `subtree(path)` for a unit and everything under
    it, `own(path)` for the records of the unit itself.

    Rows are added to their own path only; the subtrees are summed once, at the first read, deepest paths first,
    each into its parent: the additions grow with the paths, not with rows × depth (a country's 40,000 rows a
    period, docs/performance.md)."""

    def __init__(self, empty: Callable[[], dict]):
        self._empty = empty
        self._own: dict[str, dict] = {}
        self._subtrees: dict[str, dict] | None = None

    def add(self, path: str, values: dict) -> None:
        _add_into(self._own.setdefault(path, self._empty()), values)
        self._subtrees = None

    def _summed(self) -> dict[str, dict]:
        if self._subtrees is None:
            subtrees = {path: _copied(values) for path, values in self._own.items()}
            by_depth: dict[int, set[str]] = {}
            for path in subtrees:
                by_depth.setdefault(path.count("/"), set()).add(path)
            # A unit's path has at least two parts ("2025/01/"); its parent's is one part shorter.
            for depth in range(max(by_depth, default=0), 2, -1):
                for path in by_depth.get(depth, ()):
                    parent = path[: path.rstrip("/").rindex("/") + 1]
                    if parent not in subtrees:
                        subtrees[parent] = self._empty()
                        by_depth.setdefault(depth - 1, set()).add(parent)
                    _add_into(subtrees[parent], subtrees[path])
            self._subtrees = subtrees
        return self._subtrees

    def own(self, path: str) -> dict:
        return _copied(self.own_view(path))

    def subtree(self, path: str) -> dict:
        return _copied(self.subtree_view(path))

    def own_view(self, path: str) -> dict:
        """`own` without the copy, for a caller that only reads it."""
        return self._own.get(path) or self._empty()

    def subtree_view(self, path: str) -> dict:
        """`subtree` without the copy, for a caller that only reads it."""
        return self._summed().get(path) or self._empty()


def _add_into(into: dict, values: dict) -> None:
    for key, value in values.items():
        if isinstance(value, dict):
            _add_into(into.setdefault(key, {}), value)
        else:
            into[key] = into.get(key, 0) + (value or 0)


def _copied(values: dict) -> dict:
    return {key: _copied(value) if isinstance(value, dict) else value for key, value in values.items()}


def paths_with(records: QuerySet, unit_field: str = "unit") -> QuerySet:
    """The paths of the units some of these records belong to: one index probe per unit (`EXISTS`), where a
    distinct over millions of records would read them all (40 s for a country's petitions)."""
    return AdministrativeUnit.objects.filter(Exists(records.filter(**{unit_field: OuterRef("pk")}))).values_list(
        "path", flat=True
    )
