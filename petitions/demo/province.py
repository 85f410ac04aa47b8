"""The demo province as the generator sees it: its places, agencies, and the people who live there."""

from __future__ import annotations

import datetime as dt
import random
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
from portal.demo import FAMILY, GIVEN
from portal.models import AdministrativeUnit, Agency


@dataclass
class _Place:
    unit: AdministrativeUnit
    parent: AdministrativeUnit | None
    communes: list[AdministrativeUnit]  # where its petitioners live


class _Province:
    """A legacy province's units and agencies, loaded once, and the seeded random draws made from them."""

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
        self.sequence: dict[tuple[str, int], int] = {}
        self.matters = 0

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
        commune = self.rng.choice(place.communes)
        district = self.place_of[commune.parent_id].unit if commune.parent_id in self.place_of else None
        parts = [
            f"Thôn {self.rng.choice(VILLAGES)}",
            commune.name,
            district.name if district else "",
            self.province.name,
        ]
        return ", ".join(p for p in parts if p)

    def register_number(self, unit: AdministrativeUnit, year: int) -> str:
        key = (unit.code, year)
        self.sequence[key] = self.sequence.get(key, 0) + 1
        return f"L{unit.code}-{year}-S{self.sequence[key]:05d}"

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
