"""Indicator values and one-stop points of the demo province.

The scores are plausible, not official: each value says "Số liệu minh họa" in its source. PAR Index under the
scheme of its year (1150/QĐ-BNV up to 2021, 876/QĐ-BNV from 2022) with the maximum points of each area, PAPI with
its eight dimensions (10 points each, 80 in all), SIPAS with its five elements (percent satisfied).

One-stop points: a commune desk in every Bắc Kạn commune (opened before 2024, closed when the commune ceased on
1 July 2025), a desk in each provincial department and the provincial centre; on the 2025 map, a public-
administration service centre in every commune of Tỉnh Thái Nguyên from 1 July 2025, its departments' desks
and its provincial centre.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import ROUND_HALF_UP, Decimal

from portal.choices import AgencyKind, Level
from portal.dated_rules import TWO_LEVEL_GOVERNMENT_FROM
from portal.models import AdministrativeUnit, Agency
from reform.choices import OVERALL, PAPI_DIMENSIONS, SIPAS_ELEMENTS, IndicatorKind, OneStopKind
from reform.demo.common import SOURCE, day_between
from reform.models import IndicatorValue, OneStopPoint
from reform.services import indicator_record, onestop_record

OLD_SCHEME, NEW_SCHEME = "1150/QĐ-BNV", "876/QĐ-BNV"
# The areas recorded of each PAR Index scheme, with their maximum points (the overall score is out of 100).
PAR_AREAS = {
    OLD_SCHEME: [
        ("direction", "Công tác chỉ đạo, điều hành cải cách hành chính", "6.5"),
        ("procedures", "Cải cách thủ tục hành chính", "8.5"),
        ("civil_service", "Xây dựng và nâng cao chất lượng đội ngũ cán bộ, công chức, viên chức", "10.5"),
        ("modernisation", "Hiện đại hóa hành chính", "13"),
    ],
    NEW_SCHEME: [
        ("direction", "Công tác chỉ đạo, điều hành cải cách hành chính", "8"),
        ("institutions", "Cải cách thể chế", "9.5"),
        ("procedures", "Cải cách thủ tục hành chính", "11.5"),
        ("civil_service", "Cải cách chế độ công vụ", "11"),
        ("digital_government", "Xây dựng và phát triển Chính quyền điện tử, Chính quyền số", "14"),
    ],
}
# Overall PAR Index (share of 100) and rank among the 63 provinces, then the dimension bases of PAPI.
PAR_OVERALL = {2020: ("83.12", 41), 2021: ("84.05", 38), 2022: ("82.41", 47), 2023: ("85.36", 40),
               2024: ("87.02", 33), 2025: ("88.75", 21)}  # fmt: skip
PAPI_BASE = {
    "participation": 4.9,
    "transparency": 5.1,
    "accountability": 4.3,
    "corruption_control": 6.4,
    "procedures": 7.2,
    "public_services": 7.3,
    "environment": 3.4,
    "e_governance": 2.5,
}
SIPAS_BASE = {"access": 84.0, "procedures": 82.5, "officials": 85.5, "results": 83.0, "feedback": 79.5}
HUNDRED = Decimal("100")


def two(value: float | Decimal) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def seed_indicators(seed: int, unit: AdministrativeUnit, years: list[int]) -> int:
    """The unit's PAR Index, PAPI and SIPAS of each year not recorded yet; returns the values created."""
    done = set(IndicatorValue.objects.filter(unit=unit).values_list("year", flat=True).distinct())
    created = 0
    for year in years:
        if year not in done:
            created += _year(random.Random(f"{seed}-indicators-{unit.path}-{year}"), unit, year)
    return created


def _record(unit, year, kind, score, **fields) -> None:
    indicator_record(actor=None, unit=unit, year=year, kind=kind, score=score, source=SOURCE, audit=False, **fields)


def _year(rng: random.Random, unit: AdministrativeUnit, year: int) -> int:
    created = 0
    progress = (year - 2020) / 10  # a slow improvement over the years
    scheme = OLD_SCHEME if year <= 2021 else NEW_SCHEME
    overall, rank = PAR_OVERALL[year]
    _record(unit, year, IndicatorKind.PAR_INDEX, overall, scheme=scheme, max_points=HUNDRED, rank=rank)
    created += 1
    share = float(overall) / 100
    for code, label, maximum in PAR_AREAS[scheme]:
        top = Decimal(maximum)
        score = min(top, two(float(top) * min(0.99, share + rng.uniform(-0.08, 0.06))))
        _record(unit, year, IndicatorKind.PAR_INDEX, score, scheme=scheme, component=code, label=label, max_points=top)
        created += 1
    papi = {}
    for code in PAPI_DIMENSIONS:
        papi[code] = min(Decimal("10"), two(PAPI_BASE[code] + progress * (1.2 if code == "e_governance" else 0.4)
                                           + rng.uniform(-0.15, 0.15)))  # fmt: skip
        _record(unit, year, IndicatorKind.PAPI, papi[code], scheme="PAPI", component=code, max_points="10")
        created += 1
    _record(unit, year, IndicatorKind.PAPI, sum(papi.values()), scheme="PAPI", max_points="80",
            rank=rng.randint(25, 55))  # fmt: skip
    created += 1
    sipas = {}
    for code in SIPAS_ELEMENTS:
        sipas[code] = min(HUNDRED, two(SIPAS_BASE[code] + progress * 8 + rng.uniform(-1.5, 1.5)))
        _record(unit, year, IndicatorKind.SIPAS, sipas[code], scheme="SIPAS", component=code, max_points=HUNDRED)
        created += 1
    overall_sipas = two(sum(sipas.values()) / len(sipas))
    _record(unit, year, IndicatorKind.SIPAS, overall_sipas, component=OVERALL, scheme="SIPAS", max_points=HUNDRED,
            rank=rng.randint(20, 50))  # fmt: skip
    return created + 1


def seed_onestop(seed: int, province: AdministrativeUnit, *, opened: tuple[dt.date, dt.date],
                 closed_on: dt.date | None) -> int:  # fmt: skip
    """A commune desk or centre in each commune of the province, a desk in each department, the provincial centre;
    those missing. Opened between the two days of `opened` (closed on `closed_on`, if the units ceased)."""
    rng = random.Random(f"{seed}-onestop-{province.path}")
    there = set(
        OneStopPoint.objects.filter(unit__path__startswith=province.path).values_list("unit_id", "kind", "agency_id")
    )
    current = closed_on is None
    created = 0

    def record(unit, kind, name, agency=None) -> None:
        nonlocal created
        day = day_between(rng, *opened)
        if (unit.pk, kind, agency.pk if agency else None) in there:
            return
        onestop_record(actor=None, unit=unit, kind=kind, name=name, opened_on=day, agency=agency, closed_on=closed_on)
        created += 1

    short = province.name.removeprefix("Tỉnh ").strip()
    record(province, OneStopKind.PROVINCIAL_CENTRE, f"Trung tâm Phục vụ hành chính công tỉnh {short}")
    departments = Agency.objects.filter(unit=province, kind=AgencyKind.DEPARTMENT, is_active=True).order_by("name")
    for agency in departments:
        record(province, OneStopKind.AGENCY_DESK, f"Bộ phận một cửa {agency.name}", agency)
    communes = AdministrativeUnit.objects.filter(path__startswith=province.path, level=Level.COMMUNE).order_by("path")
    for commune in communes:
        name = f"Trung tâm Phục vụ hành chính công {commune.name}" if current else f"Bộ phận một cửa {commune.name}"
        record(commune, OneStopKind.COMMUNE_CENTRE, name)
    return created


LEGACY_OPENED = (dt.date(2016, 3, 1), dt.date(2020, 12, 31))
CURRENT_OPENED = (TWO_LEVEL_GOVERNMENT_FROM, TWO_LEVEL_GOVERNMENT_FROM)
