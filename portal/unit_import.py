"""Load Vietnam's official administrative units from the pinned `vietnam-provinces` package.

Offline by design (DOMAIN R6.4): no geocoding, no network. Loading is idempotent: rows are
matched on (generation, level, code), only missing or changed rows are written, so a second
run reports everything unchanged.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction

from portal.choices import Generation, Level
from portal.dated_rules import LEGACY_MAP_LAST_DAY, TWO_LEVEL_GOVERNMENT_FROM
from portal.models import AdministrativeUnit, Agency, UnitSuccession
from portal.text import fold

REFORM_DAY = TWO_LEVEL_GOVERNMENT_FROM
LEGACY_LAST_DAY = LEGACY_MAP_LAST_DAY


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    updated: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    unchanged: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    links_created: int = 0

    def lines(self) -> list[str]:
        out = []
        for level in Level:
            total = self.created[level] + self.updated[level] + self.unchanged[level]
            if total:
                out.append(
                    f"{level.value}: {total} "
                    f"(created {self.created[level]}, updated {self.updated[level]}, "
                    f"unchanged {self.unchanged[level]})"
                )
        out.append(f"succession links created: {self.links_created}")
        return out


@dataclass(frozen=True)
class UnitRow:
    level: Level
    code: str
    name: str
    division_type: str
    codename: str
    parent_code: str | None


def _rows_current() -> list[UnitRow]:
    from vietnam_provinces import Province, Ward

    rows = [
        UnitRow(Level.PROVINCE, _pad(Level.PROVINCE, p.code), p.name, p.division_type.value, p.codename, None)
        for p in Province.iter_all()
    ]
    rows += [
        UnitRow(
            Level.COMMUNE,
            _pad(Level.COMMUNE, w.code),
            w.name,
            w.division_type.value,
            w.codename,
            _pad(Level.PROVINCE, w.province_code),
        )
        for w in Ward.iter_all()
    ]
    return rows


def _rows_legacy() -> list[UnitRow]:
    from vietnam_provinces.legacy import District, Province, Ward

    rows = [
        UnitRow(Level.PROVINCE, _pad(Level.PROVINCE, p.code), p.name, p.division_type.value, p.codename, None)
        for p in Province.iter_all()
    ]
    rows += [
        UnitRow(
            Level.DISTRICT,
            _pad(Level.DISTRICT, d.code),
            d.name,
            d.division_type.value,
            d.codename,
            _pad(Level.PROVINCE, d.province_code),
        )
        for d in District.iter_all()
    ]
    rows += [
        UnitRow(
            Level.COMMUNE,
            _pad(Level.COMMUNE, w.code),
            w.name,
            w.division_type.value,
            w.codename,
            _pad(Level.DISTRICT, w.district_code),
        )
        for w in Ward.iter_all()
    ]
    return rows


def _pad(level: Level, code) -> str:
    return AdministrativeUnit.pad_code(level, int(getattr(code, "value", code)))


# Vietnamese writes a unit's type in sentence case ("Thành phố Bắc Kạn"); a few names in the
# vietnam-provinces data capitalise every word ("Thành Phố Bắc Kạn") or none ("xã Bắc Sơn").
UNIT_TYPE_PREFIXES = ["Thành phố", "Thị xã", "Thị trấn", "Đặc khu", "Huyện", "Quận", "Phường", "Tỉnh", "Xã"]


def unit_name_normalised(name: str) -> str:
    """The name with its unit-type prefix in Vietnamese sentence case; other words untouched."""
    for prefix in UNIT_TYPE_PREFIXES:
        head, rest = name[: len(prefix)], name[len(prefix) :]
        if head.lower() == prefix.lower() and (not rest or rest.startswith(" ")):
            return prefix + rest
    return name


UNIT_FIELDS = [
    "name",
    "division_type",
    "codename",
    "search_name",
    "parent_id",
    "path",
    "valid_from",
    "valid_to",
]


@transaction.atomic
def units_load(*, generation: Generation) -> LoadReport:
    """Create or update every unit of one generation, then link legacy units to their successors."""
    report = LoadReport()
    if generation == Generation.CURRENT:
        rows, valid_from, valid_to = _rows_current(), REFORM_DAY, None
        parent_level = {Level.PROVINCE: None, Level.COMMUNE: Level.PROVINCE}
    else:
        rows, valid_from, valid_to = _rows_legacy(), None, LEGACY_LAST_DAY
        parent_level = {Level.PROVINCE: None, Level.DISTRICT: Level.PROVINCE, Level.COMMUNE: Level.DISTRICT}

    for level in (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE):
        level_rows = [r for r in rows if r.level == level]
        if not level_rows:
            continue
        parents = {}
        if parent_level[level] is not None:
            parents = {
                u.code: u for u in AdministrativeUnit.objects.filter(generation=generation, level=parent_level[level])
            }
        existing = {u.code: u for u in AdministrativeUnit.objects.filter(generation=generation, level=level)}
        to_create, to_update, renamed = [], [], []
        for row in level_rows:
            parent = parents.get(row.parent_code) if row.parent_code else None
            path = f"{parent.path if parent else generation + '/'}{row.code}/"
            name = unit_name_normalised(row.name)
            values = {
                "name": name,
                "division_type": row.division_type,
                "codename": row.codename,
                "search_name": fold(name),
                "parent_id": parent.pk if parent else None,
                "path": path,
                "valid_from": valid_from,
                "valid_to": valid_to,
            }
            unit = existing.get(row.code)
            if unit is None:
                to_create.append(AdministrativeUnit(generation=generation, level=level, code=row.code, **values))
            elif any(getattr(unit, k) != v for k, v in values.items()):
                if unit.name != name:
                    renamed.append((unit, unit.name, name))
                for k, v in values.items():
                    setattr(unit, k, v)
                to_update.append(unit)
            else:
                report.unchanged[level] += 1
        AdministrativeUnit.objects.bulk_create(to_create, batch_size=1000)
        AdministrativeUnit.objects.bulk_update(to_update, UNIT_FIELDS, batch_size=1000)
        for unit, old, new in renamed:  # agencies named after their unit ("Ủy ban nhân dân Thành phố Bắc Kạn")
            for agency in Agency.objects.filter(unit=unit, name__contains=old).only("pk", "name"):
                Agency.objects.filter(pk=agency.pk).update(name=agency.name.replace(old, new))
        report.created[level] += len(to_create)
        report.updated[level] += len(to_update)

    report.links_created = units_link_successions()
    return report


def units_link_successions() -> int:
    """Link legacy units to the 2025 units that took over their territory (needs both maps loaded).

    Communes come from the package's official old→new table; a legacy district or province
    is succeeded by the 2025 province(s) its communes went to. An old commune split among
    several new ones gets several links, each marked partial (DOMAIN R6.4: 471 such communes).
    """
    from vietnam_provinces import Ward

    current = AdministrativeUnit.objects.filter(generation=Generation.CURRENT)
    legacy = AdministrativeUnit.objects.filter(generation=Generation.LEGACY)
    if not current.exists() or not legacy.exists():
        return 0

    new_communes = {u.code: u for u in current.filter(level=Level.COMMUNE)}
    new_provinces_by_id = {u.pk: u for u in current.filter(level=Level.PROVINCE)}
    old_communes = {u.code: u for u in legacy.filter(level=Level.COMMUNE).select_related("parent")}

    commune_pairs: set[tuple[int, int]] = set()
    for ward in Ward.iter_all():
        new_unit = new_communes.get(_pad(Level.COMMUNE, ward.code))
        if new_unit is None:
            continue
        for source in ward.get_legacy_sources():
            old_unit = old_communes.get(_pad(Level.COMMUNE, source.code))
            if old_unit is not None:
                commune_pairs.add((old_unit.pk, new_unit.pk))

    successors_of: dict[int, set[int]] = defaultdict(set)
    for old_id, new_id in commune_pairs:
        successors_of[old_id].add(new_id)

    new_commune_province = {u.pk: u.parent_id for u in new_communes.values()}
    old_by_id = {u.pk: u for u in old_communes.values()}
    upper_pairs: dict[int, set[int]] = defaultdict(set)
    for old_id, new_ids in successors_of.items():
        district_id = old_by_id[old_id].parent_id
        province_id = old_by_id[old_id].parent.parent_id
        for new_id in new_ids:
            new_province = new_commune_province[new_id]
            if new_province in new_provinces_by_id:
                upper_pairs[district_id].add(new_province)
                upper_pairs[province_id].add(new_province)

    wanted = {
        (old_id, new_id): len(new_ids) > 1
        for source in (successors_of, upper_pairs)
        for old_id, new_ids in source.items()
        for new_id in new_ids
    }
    existing = set(UnitSuccession.objects.values_list("predecessor_id", "successor_id"))
    to_create = [
        UnitSuccession(predecessor_id=old_id, successor_id=new_id, partial=partial)
        for (old_id, new_id), partial in wanted.items()
        if (old_id, new_id) not in existing
    ]
    UnitSuccession.objects.bulk_create(to_create, batch_size=2000)
    return len(to_create)
