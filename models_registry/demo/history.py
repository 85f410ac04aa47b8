"""The legacy province's registry of 2022–2024 and its 2025 Friendly Government round, in bulk."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction

from models_registry.choices import Aggregation, RecognitionLevel
from models_registry.defaults import DVK, FRIENDLY
from models_registry.demo.common import BATCH, create_criteria, day_between, in_sentence
from models_registry.demo.history_registrations import FRIENDLY_YEAR, HistoryRegistrations
from models_registry.demo.history_results import HistoryResults
from models_registry.models import MobilizationModel, Programme, Round
from portal.choices import AgencyKind, Generation, Level
from portal.demo import DEMO_PROVINCE_CODE
from portal.models import AdministrativeUnit, Agency, User

HISTORY_YEARS = (2022, 2023, 2024)
# Pass threshold and the spread flagged, by level.
LEVEL_RULES = {
    RecognitionLevel.COMMUNE: (Decimal("60"), Decimal("20")),
    RecognitionLevel.DISTRICT: (Decimal("65"), Decimal("18")),
    RecognitionLevel.PROVINCE: (Decimal("70"), Decimal("15")),
}


class History(HistoryRegistrations, HistoryResults):
    """The legacy province's rounds 2022–2024 and its 2025 Friendly Government round, in bulk."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(f"{seed}-models")
        self.province = AdministrativeUnit.objects.get(
            generation=Generation.LEGACY, level=Level.PROVINCE, code=DEMO_PROVINCE_CODE
        )

    def seed(self) -> int:
        if Round.objects.filter(unit__path__startswith=self.province.path, year__in=HISTORY_YEARS).exists():
            return 0
        with transaction.atomic():
            return self._seed()

    def _seed(self) -> int:
        province = self.province
        self.dvk = Programme.objects.get(code=DVK)
        # The province's movement office entered the old registry (a model's services validate its creator).
        self.clerk = User.objects.filter(username="tinh.danvan").first()
        self.friendly = Programme.objects.get(code=FRIENDLY)
        self.districts = list(province.children.order_by("code"))
        self.communes = {d.pk: list(d.children.order_by("code")) for d in self.districts}
        agencies = Agency.objects.filter(unit__path__startswith=province.path).select_related("unit", "head")
        self.agency = {(a.unit_id, a.short_name): a for a in agencies}
        self.agency[(province.pk, "SKHCN")] = self.science_department()
        self.departments = [
            a
            for a in agencies
            if a.unit_id == province.pk and a.kind != AgencyKind.RECEPTION_OFFICE and a.short_name != "SKHCN"
        ] + [self.agency[(province.pk, "SKHCN")]]
        self.models: list[MobilizationModel] = []
        self.round_of: dict[int, Round] = {}
        self.named: dict[str, MobilizationModel] = {}
        self.decided_on: dict[int, dt.date] = {}  # round id → its decision's day

        rounds = self.create_rounds()
        self.criteria = create_criteria(rounds)
        for year in HISTORY_YEARS:
            self.create_year(year, [r for r in rounds if r.year == year and r.programme_id == self.dvk.pk])
        self.create_friendly([r for r in rounds if r.programme_id == self.friendly.pk][0])
        self.create_councils()
        self.create_decisions()
        self.create_commendations()
        self.publish()
        self.create_forces()
        return len(self.models)

    def science_department(self) -> Agency:
        """The Department of Science and Technology the report names (the organisation has no such department)."""
        agency, _created = Agency.objects.get_or_create(
            unit=self.province,
            name="Sở Khoa học và Công nghệ tỉnh Bắc Kạn",
            defaults={"short_name": "SKHCN", "kind": AgencyKind.DEPARTMENT},
        )
        return agency

    # Rounds and their criteria -------------------------------------------------------------------------------

    def create_rounds(self) -> list[Round]:
        rng, province = self.rng, self.province
        bdv = self.agency[(province.pk, "BDV")]
        rounds = []

        def add(programme, unit, year, level, name, number, issuer, launch):
            opens = launch + dt.timedelta(days=7)
            passing, spread = LEVEL_RULES[level]
            round_ = Round(
                created_by=self.clerk,
                programme=programme,
                phase=programme.phases.get(start_year__lte=year, end_year__gte=year),
                unit=unit,
                year=year,
                name=name,
                launch_number=number,
                launch_date=launch,
                launch_issuer=issuer,
                registration_opens=opens,
                registration_closes=opens + dt.timedelta(days=60),
                recognition_level=level,
                aggregation=Aggregation.MEAN,
                pass_threshold=passing,
                spread_threshold=spread,
            )
            rounds.append(round_)
            return round_

        for year in HISTORY_YEARS:
            launch = dt.date(year, 1, 18) + dt.timedelta(days=rng.randrange(10))
            add(
                self.dvk, province, year, RecognitionLevel.PROVINCE,
                f"Mô hình, điển hình “Dân vận khéo” cấp tỉnh năm {year}",
                f"{rng.randint(20, 90)}-KH/BDVTU", bdv.name, launch,
            )  # fmt: skip
            for district in self.districts:
                add(
                    self.dvk, district, year, RecognitionLevel.DISTRICT,
                    f"Mô hình, điển hình “Dân vận khéo” {in_sentence(district.name)} năm {year}",
                    f"{rng.randint(10, 80)}-KH/BDVHU", self.agency[(district.pk, "BDV")].name,
                    launch + dt.timedelta(days=rng.randint(2, 6)),
                )  # fmt: skip
                for commune in self.communes[district.pk]:
                    add(
                        self.dvk, commune, year, RecognitionLevel.COMMUNE,
                        f"Mô hình, điển hình “Dân vận khéo” {in_sentence(commune.name)} năm {year}",
                        f"{rng.randint(5, 60)}/KH-UBND", self.agency[(commune.pk, "UBND")].name,
                        launch + dt.timedelta(days=rng.randint(6, 14)),
                    )  # fmt: skip
        add(
            self.friendly, province, FRIENDLY_YEAR, RecognitionLevel.PROVINCE,
            f"Mô hình “Chính quyền thân thiện, vì nhân dân phục vụ” tỉnh Bắc Kạn năm {FRIENDLY_YEAR}",
            "05-KH/BCĐ", "Ban Chỉ đạo xây dựng chính quyền thân thiện tỉnh Bắc Kạn", dt.date(FRIENDLY_YEAR, 1, 15),
        )  # fmt: skip
        Round.objects.bulk_create(rounds, batch_size=BATCH)
        self.round_of = {r.pk: r for r in rounds}
        for round_ in rounds:
            self.decided_on[round_.pk] = self.decision_day(round_)
        return rounds

    def decision_day(self, round_: Round) -> dt.date:
        if round_.programme_id == self.friendly.pk:
            return dt.date(round_.year, 6, 18)  # before the reform of 1 July
        start, end = {
            RecognitionLevel.COMMUNE: ((11, 12), (12, 8)),
            RecognitionLevel.DISTRICT: ((12, 5), (12, 18)),
            RecognitionLevel.PROVINCE: ((12, 20), (12, 28)),
        }[round_.recognition_level]
        return day_between(self.rng, dt.date(round_.year, *start), dt.date(round_.year, *end))
