"""Both unit maps as the generators see them: every unit once, its agencies, its place on the other map, and how
much each province and commune weighs in the national registers.

Read with a handful of SQL queries into plain objects; nothing here touches the database afterwards.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from bench.national.days import Picker

LEGACY, CURRENT = "legacy", "2025"
PROVINCE, DISTRICT, COMMUNE = "province", "district", "commune"
# Centrally governed cities of the legacy map: many more petitions and visits per commune than elsewhere.
BIG_CITIES = {"01": 2.2, "79": 2.4, "31": 1.5, "48": 1.4, "92": 1.3}
URBAN_PREFIXES = ("Phường", "Thị trấn")
# Northern and Central Highlands provinces where ethnic minorities are most of the people (legacy codes).
MOUNTAIN_PROVINCES = {"02", "04", "06", "08", "10", "11", "12", "14", "15", "17", "20", "62", "64", "66", "67", "68"}


@dataclass(slots=True, eq=False)
class Unit:
    id: int
    generation: str
    level: str
    code: str
    name: str
    path: str
    remote: bool
    parent: Unit | None = None
    children: list[Unit] = field(default_factory=list)
    weight: float = 1.0
    committee: int = 0  # its People's Committee (agency id)
    agencies: dict[str, int] = field(default_factory=dict)  # short name → agency id (its own agencies)
    successor: Unit | None = None  # where its work went on 1 July 2025 (a legacy unit only)
    address: str = ""  # ", Xã …, Huyện …, Tỉnh …" after a village's name
    minority_share: float = 0.15  # the share of its petitioners who are not Kinh
    ancestry: tuple[int, int | None] = (0, None)  # (province id, district id): AdministrativeUnit.ancestry

    @property
    def province(self) -> Unit:
        unit = self
        while unit.parent is not None:
            unit = unit.parent
        return unit

    def communes(self) -> list[Unit]:
        if self.level == COMMUNE:
            return [self]
        return [c for child in self.children for c in child.communes()]


class Country:
    """Both maps, with weighted pickers: a province by its weight, then a commune or district of it."""

    def __init__(self, cursor, seed: int) -> None:
        rng = random.Random(f"{seed}-places")
        cursor.execute(
            "SELECT id, generation, level, code, name, path, remote_area, parent_id FROM portal_administrativeunit "
            "ORDER BY path"
        )
        self.units: dict[int, Unit] = {}
        parents: dict[int, int | None] = {}
        for pk, generation, level, code, name, path, remote, parent_id in cursor.fetchall():
            self.units[pk] = Unit(pk, generation, level, code, name, path, remote)
            parents[pk] = parent_id
        for pk, parent_id in parents.items():
            if parent_id is not None:
                unit = self.units[pk]
                unit.parent = self.units[parent_id]
                unit.parent.children.append(unit)
        if not any(u.generation == CURRENT for u in self.units.values()) or not any(
            u.generation == LEGACY for u in self.units.values()
        ):
            raise RuntimeError("Both unit maps are needed: run `manage.py load_units` and `load_units --legacy`.")
        self.provinces = {
            generation: [u for u in self.units.values() if u.level == PROVINCE and u.generation == generation]
            for generation in (LEGACY, CURRENT)
        }
        self._link_successors(cursor)
        self._weigh(rng)
        for unit in self.units.values():
            parts, upper = [], unit
            while upper is not None:
                parts.append(upper.name)
                upper = upper.parent
            unit.address = ", " + ", ".join(parts)
            district = (
                unit
                if unit.level == DISTRICT
                else unit.parent
                if unit.parent and unit.parent.level == DISTRICT
                else None
            )
            unit.ancestry = (unit.province.id, district.id if district else None)

    def _link_successors(self, cursor) -> None:
        """A legacy commune's successor: the 2025 commune that took it whole, else the first by code (as
        portal.demo.successor_communes); a legacy district's or province's: the 2025 province most of its
        communes went to."""
        cursor.execute(
            "SELECT s.predecessor_id, s.successor_id, s.partial FROM portal_unitsuccession s "
            "JOIN portal_administrativeunit o ON o.id = s.predecessor_id "
            "JOIN portal_administrativeunit n ON n.id = s.successor_id "
            "WHERE o.level = 'commune' AND n.level = 'commune' ORDER BY s.predecessor_id, s.partial, n.code"
        )
        for predecessor_id, successor_id, _partial in cursor.fetchall():
            unit = self.units[predecessor_id]
            if unit.successor is None:
                unit.successor = self.units[successor_id]
        fallback = {}
        for province in self.provinces[LEGACY]:
            for district in province.children:
                votes = Counter(c.successor.parent.id for c in district.children if c.successor is not None)
                if votes:
                    district.successor = self.units[votes.most_common(1)[0][0]]
            votes = Counter(d.successor.id for d in province.children if d.successor is not None)
            province.successor = self.units[votes.most_common(1)[0][0]] if votes else None
            fallback[province.id] = province.successor
        for unit in self.units.values():
            if unit.generation == LEGACY and unit.successor is None:  # a commune the package maps nowhere
                province = unit.province
                unit.successor = fallback[province.id] if unit.level != COMMUNE else None
                if unit.level == COMMUNE and fallback[province.id] is not None:
                    communes = fallback[province.id].children
                    unit.successor = communes[unit.id % len(communes)]
        missing = [u for u in self.provinces[LEGACY] if u.successor is None]
        if missing:
            raise RuntimeError("The succession links are missing: run `manage.py load_units --legacy` again.")

    def _weigh(self, rng: random.Random) -> None:
        """Communes weigh more in towns; a province weighs its communes, more in the big cities, with its own
        temperament; a 2025 unit weighs what it took over."""
        for province in self.provinces[LEGACY]:
            factor = BIG_CITIES.get(province.code, 1.0) * rng.lognormvariate(0, 0.3)
            province.minority_share = rng.uniform(0.45, 0.8) if province.code in MOUNTAIN_PROVINCES else 0.06
            for commune in province.communes():
                urban = commune.name.startswith(URBAN_PREFIXES)
                commune.weight = factor * (1.6 if urban else 1.0) * rng.uniform(0.6, 1.5)
                commune.minority_share = province.minority_share
            for district in province.children:
                district.weight = sum(c.weight for c in district.children)
            province.weight = sum(d.weight for d in province.children)
        taken = defaultdict(float)
        shares = defaultdict(list)
        for unit in self.units.values():
            if unit.generation == LEGACY and unit.level == COMMUNE and unit.successor is not None:
                taken[unit.successor.id] += unit.weight
                shares[unit.successor.id].append(unit.minority_share)
        for province in self.provinces[CURRENT]:
            for commune in province.children:
                commune.weight = taken.get(commune.id) or 1.0
                own = shares.get(commune.id)
                commune.minority_share = sum(own) / len(own) if own else 0.1
            province.weight = sum(c.weight for c in province.children)

    # --- pickers -------------------------------------------------------------------------------------------------
    def province_picker(self, generation: str) -> Picker:
        provinces = self.provinces[generation]
        return Picker(provinces, [p.weight for p in provinces])

    def commune_pickers(self, generation: str) -> dict[int, Picker]:
        """Each province's communes, by weight."""
        return {
            p.id: Picker(communes, [c.weight for c in communes])
            for p in self.provinces[generation]
            if (communes := p.communes())
        }

    def district_pickers(self) -> dict[int, Picker]:
        return {p.id: Picker(p.children, [d.weight for d in p.children]) for p in self.provinces[LEGACY]}

    def on_map(self, unit: Unit, ordinal: int, map_change: int) -> Unit:
        """Where work of `unit` dated `ordinal` goes: the unit itself, or from 1 July 2025 its successor."""
        if ordinal >= map_change and unit.generation == LEGACY:
            return unit.successor
        return unit
