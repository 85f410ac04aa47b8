"""The demo province as the generator sees it: its places, agencies, and the people who live there."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass

from petitions.demo.words import (
    DETAILS,
    FEMALE_MIDDLE,
    MALE_MIDDLE,
    MORE_FAMILY,
    MORE_GIVEN,
    PROJECTS,
    RIVERS,
    SUMMARIES,
    VILLAGES,
)
from portal.choices import AgencyKind, Generation, Level
from portal.demo import FAMILY, GIVEN, successor_communes
from portal.models import AdministrativeUnit, Agency


@dataclass
class _Place:
    unit: AdministrativeUnit
    parent: AdministrativeUnit | None
    communes: list[AdministrativeUnit]  # where its petitioners live


class _Province:
    """A legacy province's units and agencies, loaded once, and the seeded random draws made from them.

    `load_successors` adds the 2025 units that took it over (`successor_of`: a legacy place's place on
    the two-level map) and their agencies (portal.demo.seed_organisation_current).
    """

    def __init__(self, seed: int, province_code: str):
        self.rng = random.Random(seed)
        province = AdministrativeUnit.objects.get(
            generation=Generation.LEGACY,
            level=Level.PROVINCE,
            code=AdministrativeUnit.pad_code(Level.PROVINCE, province_code),
        )
        self.province = province
        units = list(AdministrativeUnit.objects.filter(path__startswith=province.path).order_by("path"))
        by_id = {u.pk: u for u in units}
        districts = [u for u in units if u.level == Level.DISTRICT]
        communes = [u for u in units if u.level == Level.COMMUNE]
        self.communes = [_Place(c, by_id[c.parent_id], [c]) for c in communes]
        self.districts = [_Place(d, province, [c for c in communes if c.parent_id == d.pk]) for d in districts]
        self.province_place = _Place(province, None, communes)
        self.place_of = {p.unit.pk: p for p in [*self.communes, *self.districts, self.province_place]}
        committees = {}
        departments = {}
        for agency in Agency.objects.filter(unit__path__startswith=province.path).order_by("id"):
            if agency.kind == AgencyKind.PEOPLES_COMMITTEE:
                committees.setdefault(agency.unit_id, agency.name)
            if agency.unit_id == province.pk:
                departments.setdefault(agency.short_name, agency.name)
        self.committees, self.departments = committees, departments
        self.departments_of = {province.pk: departments}
        self.successor_of: dict[int, _Place] = {}
        self.sequence: dict[tuple[str, int], int] = {}
        self.matters = 0

    def load_successors(self) -> None:
        """Each legacy commune's place on the two-level map, and the legacy districts' and province's:
        the 2025 province (districts are gone; what reached them now goes to the commune or the province)."""
        successors = successor_communes(self.province.code)
        if not successors:
            raise RuntimeError("The 2025 map and its successions are missing: run `manage.py load_units` first.")
        # the province that took over most of its communes (Bắc Kạn's all went to Thái Nguyên)
        [(province_id, _n)] = Counter(u.parent_id for u in successors.values()).most_common(1)
        new_province = AdministrativeUnit.objects.get(pk=province_id)
        if not Agency.objects.filter(unit=new_province).exists():
            raise RuntimeError(f"{new_province.name} has no agencies: run portal.demo.seed_organisation_current first.")
        new_communes = sorted({u.pk: u for u in successors.values()}.values(), key=lambda u: u.path)
        new_province_place = _Place(new_province, None, new_communes)
        by_unit = {u.pk: _Place(u, new_province, [u]) for u in new_communes}
        for place in self.communes:
            self.successor_of[place.unit.pk] = by_unit[successors[place.unit.pk].pk]
        for place in [*self.districts, self.province_place]:
            self.successor_of[place.unit.pk] = new_province_place
        for place in [*by_unit.values(), new_province_place]:
            self.place_of[place.unit.pk] = place
        departments: dict[str, str] = {}
        for agency in Agency.objects.filter(unit__in=[new_province, *new_communes]).order_by("id"):
            if agency.kind == AgencyKind.PEOPLES_COMMITTEE:
                self.committees.setdefault(agency.unit_id, agency.name)
            if agency.unit_id == new_province.pk:
                departments.setdefault(agency.short_name, agency.name)
        self.departments_of[new_province.pk] = departments

    # --- small random helpers
    def pick(self, weighted):
        values, weights = zip(*weighted, strict=True)
        return self.rng.choices(values, weights)[0]

    def weekday(self, day: dt.date) -> dt.date:
        while day.weekday() >= 5:
            day += dt.timedelta(days=1)
        return day

    def person(self) -> str:
        family = self.rng.choice(FAMILY + MORE_FAMILY)
        middle = self.rng.choice(MALE_MIDDLE if self.rng.random() < 0.55 else FEMALE_MIDDLE)
        return f"{family} {middle} {self.rng.choice(GIVEN + MORE_GIVEN)}"

    def address(self, place: _Place) -> str:
        """A village, its commune and the units above it on the commune's map."""
        commune = self.rng.choice(place.communes)
        parts = [f"Thôn {self.rng.choice(VILLAGES)}", commune.name]
        parent_id = commune.parent_id
        while parent_id in self.place_of:
            upper = self.place_of[parent_id].unit
            parts.append(upper.name)
            parent_id = upper.parent_id
        return ", ".join(p for p in parts if p)

    def register_number(self, unit: AdministrativeUnit, year: int) -> str:
        legacy = unit.generation == Generation.LEGACY
        key = (unit.code, year) if legacy else (f"{unit.generation}/{unit.code}", year)
        self.sequence[key] = self.sequence.get(key, 0) + 1
        return f"{'L' if legacy else 'M'}{unit.code}-{year}-S{self.sequence[key]:05d}"

    def content(self, kind: str, field: str, year: int, signers: int) -> str:
        text = self.rng.choice(SUMMARIES[(kind, field)]).format(
            village=self.rng.choice(VILLAGES),
            project=self.rng.choice(PROJECTS),
            river=self.rng.choice(RIVERS),
            year=year,
            n=self.rng.randint(12, 980),
        )
        detail = f"Đơn có {signers} người cùng ký tên." if signers > 1 else self.rng.choice(DETAILS)
        return f"{text}. {detail}"
