"""The history's models: drawn for each round, the named ones, decided, replicated, and their forces."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from models_registry.choices import (
    TYPICAL_STATUSES,
    CollectiveKind,
    Field,
    ForceRole,
    OwnerKind,
    RecognitionLevel,
    Status,
)
from models_registry.demo.common import BATCH, day_between, in_sentence, model_text, person
from models_registry.demo.history_results import COUNCIL_DISTRICT_CODE
from models_registry.demo.words import (
    AGENCY_MODEL_NAMES,
    ANIMALS,
    COLLECTIVES,
    CROPS,
    FRIENDLY_NAMES,
    MODEL_NAMES,
    NAMED,
    PARTNERS,
    POSITIONS,
    PRODUCTS,
    VILLAGES,
    NamedModel,
)
from models_registry.models import MobilizationModel, ModelForce, Round
from portal.choices import Level
from portal.models import AdministrativeUnit
from portal.text import fold

# Registered, recognised, typical each year: 7,642 / 3,738 / 680 over the three (seeds/ 003).
YEAR_TOTALS = {2022: (2380, 1160, 205), 2023: (2540, 1246, 226), 2024: (2722, 1332, 249)}
PROVINCE_TOTALS = {2022: (84, 46, 21), 2023: (92, 50, 23), 2024: (101, 55, 25)}  # the province's own round
DISTRICT_SIZE = (48, 72)  # registrations a year in one district's round
DISTRICT_RECOGNISED, DISTRICT_TYPICAL = 0.56, 0.25  # of those registered; of those recognised
COMMUNE_MINIMUM = 5
INDIVIDUAL_SHARE = {RecognitionLevel.COMMUNE: 0.46, RecognitionLevel.DISTRICT: 0.42, RecognitionLevel.PROVINCE: 0.2}
FIELD_WEIGHTS = {Field.ECONOMY: 38, Field.CULTURE_SOCIETY: 27, Field.DEFENCE_SECURITY: 12, Field.POLITICAL_SYSTEM: 23}
FRIENDLY_YEAR, FRIENDLY_TOTALS = 2025, (20, 12, 3)


class HistoryRegistrations:
    """The models of History's rounds, written in bulk a year at a time (a mixin of `History`)."""

    def create_year(self, year: int, rounds: list[Round]) -> None:
        rng = self.rng
        registered, recognised, typical = YEAR_TOTALS[year]
        by_level = {level: [r for r in rounds if r.recognition_level == level] for level in RecognitionLevel}
        p_reg, p_rec, p_typ = PROVINCE_TOTALS[year]
        sizes = {r.pk: rng.randint(*DISTRICT_SIZE) for r in by_level[RecognitionLevel.DISTRICT]}
        d_reg = sum(sizes.values())
        d_rec = round(d_reg * DISTRICT_RECOGNISED)
        d_typ = round(d_rec * DISTRICT_TYPICAL)
        c_rounds = by_level[RecognitionLevel.COMMUNE]
        c_reg = registered - p_reg - d_reg
        weights = [
            rng.uniform(0.6, 1.6) * (1.6 if r.unit.name.startswith(("Phường", "Thị trấn")) else 1) for r in c_rounds
        ]
        spare = c_reg - COMMUNE_MINIMUM * len(c_rounds)
        shares = [spare * w / sum(weights) for w in weights]
        counts = [COMMUNE_MINIMUM + int(s) for s in shares]
        for index in sorted(range(len(shares)), key=lambda i: shares[i] - int(shares[i]), reverse=True):
            if sum(counts) == c_reg:
                break
            counts[index] += 1
        sizes.update({r.pk: n for r, n in zip(c_rounds, counts, strict=True)})
        sizes[by_level[RecognitionLevel.PROVINCE][0].pk] = p_reg

        made: dict[str, list[MobilizationModel]] = {level: [] for level in RecognitionLevel}
        for round_ in rounds:
            named = [n for n in NAMED if n.year == year and n.level == round_.recognition_level]
            named = [n for n in named if self.named_round(n) == round_.unit_id]
            batch = [self.named_model(round_, n) for n in named]
            batch += [self.model(round_) for _ in range(sizes[round_.pk] - len(batch))]
            made[round_.recognition_level] += batch
        self.decide(made[RecognitionLevel.PROVINCE], p_rec, p_typ)
        self.decide(made[RecognitionLevel.DISTRICT], d_rec, d_typ)
        self.decide(made[RecognitionLevel.COMMUNE], recognised - p_rec - d_rec, typical - p_typ - d_typ)
        year_models = [m for level in RecognitionLevel for m in made[level]]
        self.replicate(year, year_models)
        for model in year_models:
            model.search_name = fold(model.name)
        MobilizationModel.objects.bulk_create(year_models, batch_size=BATCH)
        self.models += year_models

    def named_round(self, named: NamedModel) -> int:
        """The unit whose round recognised the named model: the province, or the district."""
        if named.level == RecognitionLevel.PROVINCE:
            return self.province.pk
        return next(d.pk for d in self.districts if d.code == named.district)

    def place(self, named: NamedModel) -> AdministrativeUnit:
        if not named.commune:
            return self.province
        district = next(d for d in self.districts if d.code == named.district)
        return next(c for c in self.communes[district.pk] if c.name == named.commune)

    def named_model(self, round_: Round, named: NamedModel) -> MobilizationModel:
        unit = self.place(named)
        if named.agency == "UBND":
            agency = self.agency[(unit.pk, "UBND")]
        elif named.agency == "BDV":
            agency = self.agency[(unit.parent_id, "BDV")]
        else:
            agency = self.agency[(self.province.pk, named.agency)]
        model = self.model(round_, unit=unit, agency=agency)
        model.name, model.field = named.name, named.field
        model.owner_kind, model.collective_kind = named.owner_kind, named.collective_kind
        model.owner_name, model.owner_position = named.owner_name, named.owner_position
        model.owner_agency = agency if named.collective_kind == CollectiveKind.AGENCY else None
        for element, text in model_text(named.field, named.address, round_.year).items():
            setattr(model, element, text)
        model.address, model.content, model.public_summary = named.address, named.summary, named.summary
        model.status = Status.TYPICAL  # chosen whatever the draw
        self.named[named.key] = model
        return model

    def model(self, round_: Round, unit=None, agency=None) -> MobilizationModel:
        """A registration of the round drawn at random: where, by whom, on what, by a collective or a person."""
        rng = self.rng
        level = round_.recognition_level
        owner_agency = None
        if unit is None:
            if level == RecognitionLevel.COMMUNE:
                unit, agency = round_.unit, self.agency[(round_.unit_id, "UBND")]
            elif level == RecognitionLevel.DISTRICT:
                if rng.random() < 0.2:
                    unit = round_.unit
                    agency = self.agency[(unit.pk, rng.choice(["UBND", "BDV", "PNV", "TTr"]))]
                else:
                    unit = rng.choice(self.communes[round_.unit_id])
                    agency = self.agency[(unit.pk, "UBND")] if rng.random() < 0.7 else None
                    agency = agency or self.agency[(round_.unit_id, "BDV")]
            elif rng.random() < 0.45:
                unit, agency = self.province, rng.choice(self.departments)
            else:
                district = rng.choice(self.districts)
                unit, agency = rng.choice(self.communes[district.pk]), self.agency[(district.pk, "BDV")]
        village = rng.choice(VILLAGES)
        commune_name = in_sentence(unit.name)
        field = rng.choices(list(FIELD_WEIGHTS), weights=list(FIELD_WEIGHTS.values()))[0]
        words = {"v": village, "c": commune_name, "crop": rng.choice(CROPS), "animal": rng.choice(ANIMALS)}
        words["product"] = rng.choice(PRODUCTS)
        individual = rng.random() < INDIVIDUAL_SHARE[level]
        if unit.level != Level.COMMUNE and not individual:  # an agency's own model
            field, name = rng.choice(AGENCY_MODEL_NAMES)
            owner_kind, kind, owner, position = OwnerKind.COLLECTIVE, CollectiveKind.AGENCY, agency.name, ""
            owner_agency, place = agency, f"địa bàn {agency.name} phụ trách"
        elif individual:
            name = rng.choice(MODEL_NAMES[field])
            owner_kind, kind, owner = OwnerKind.INDIVIDUAL, "", person(rng)
            position = rng.choice(POSITIONS) if unit.level == Level.COMMUNE else "Chuyên viên " + agency.name
            place = (
                f"thôn {village}, {commune_name}" if unit.level == Level.COMMUNE else f"địa bàn {agency.name} phụ trách"
            )
        else:
            name = rng.choice(MODEL_NAMES[field])
            owner_kind = OwnerKind.COLLECTIVE
            kind, owner_pattern, _weight = rng.choices(COLLECTIVES, weights=[c[2] for c in COLLECTIVES])[0]
            owner, position, place = owner_pattern.format(v=village, c=commune_name), "", commune_name
            if kind == CollectiveKind.UNIT:
                owner_agency = self.agency.get((unit.pk, "UBND"))
        registered_on = day_between(rng, round_.registration_opens, round_.registration_closes)
        money = rng.choice([None, None, Decimal(rng.randint(5, 300) * 1_000_000)])
        return MobilizationModel(
            round=round_,
            unit=unit,
            registering_agency=agency,
            name=name.format(**words)[:300],
            field=field,
            owner_kind=owner_kind,
            collective_kind=kind,
            owner_name=owner[:200],
            owner_position=position.format(v=village, c=commune_name)[:200],
            owner_agency=owner_agency,
            address=f"Thôn {village}, {commune_name}" if unit.level == Level.COMMUNE else agency.name,
            **model_text(field, place, round_.year),
            resources_money=money,
            labour_days=rng.choice([None, rng.randint(20, 900)]),
            starts_on=registered_on,
            ends_on=dt.date(round_.year, 12, 31),
            registered_on=registered_on,
            created_by=self.clerk,
            status=Status.NOT_RECOGNIZED,
        )

    def decide(self, models: list[MobilizationModel], recognised: int, typical: int) -> None:
        """Exactly `recognised` of the models are recognised, `typical` of those typical (the named ones first)."""
        forced = [m for m in models if m.status == Status.TYPICAL]
        others = [m for m in models if m.status != Status.TYPICAL]
        self.rng.shuffle(others)
        chosen_typical = forced + others[: typical - len(forced)]
        chosen_recognised = others[typical - len(forced) : recognised - len(forced)]
        for model in chosen_typical:
            model.status = Status.TYPICAL
        for model in chosen_recognised:
            model.status = Status.RECOGNIZED
        for model in chosen_typical + chosen_recognised:
            model.recognized_on = self.decided_on[model.round.pk]
        for model in chosen_typical:
            model.typical_on = model.recognized_on

    def replicate(self, year: int, models: list[MobilizationModel]) -> None:
        """Some of this year's models copy a typical one of an earlier year in the same district; the party
        cells of Na Rì follow Na Dau's."""
        earlier = [m for m in self.models if m.status in TYPICAL_STATUSES and m.unit.level == Level.COMMUNE]
        if not earlier:
            return
        district_of = {c.pk: d.pk for d in self.districts for c in self.communes[d.pk]}
        origins: dict[int, list[MobilizationModel]] = {}
        for origin in earlier:
            origins.setdefault(district_of[origin.unit_id], []).append(origin)
        candidates = [m for m in models if m.unit.level == Level.COMMUNE and m.round.recognition_level == "commune"]
        for model in self.rng.sample(candidates, k=min(14, len(candidates))):
            pool = origins.get(district_of[model.unit_id])
            if pool:
                origin = self.rng.choice(pool)
                model.replicates, model.field, model.name = origin, origin.field, origin.name
                model.content = f"Học tập cách làm của mô hình “{origin.name}” ({origin.owner_name}). {model.content}"
        na_dau = self.named.get("na_dau")
        na_ri = [m for m in candidates if district_of[m.unit_id] == na_dau.unit.parent_id] if na_dau else []
        for model in na_ri[:2]:
            village = self.rng.choice(VILLAGES)
            model.replicates, model.field = na_dau, Field.POLITICAL_SYSTEM
            model.owner_kind, model.collective_kind = OwnerKind.COLLECTIVE, CollectiveKind.PARTY_CELL
            model.owner_name, model.owner_position, model.owner_agency = f"Chi bộ thôn {village}", "", None
            model.name = f"Khéo tuyên truyền nghị quyết, hương ước, quy ước đến từng hộ thôn {village}"
            model.content = f"Học tập cách làm của Chi bộ thôn Nà Dâu, xã Trần Phú. {model.content}"
        for origin in {m.replicates_id: m.replicates for m in models if m.replicates is not None}.values():
            if origin.status == Status.TYPICAL:
                MobilizationModel.objects.filter(pk=origin.pk).update(status=Status.REPLICATED)
                origin.status = Status.REPLICATED

    def create_friendly(self, round_: Round) -> None:
        """Bắc Kạn's Friendly Government models of 2025: the district People's Committees and some communes'."""
        rng = self.rng
        registered, recognised, typical = FRIENDLY_TOTALS
        units = list(self.districts) + rng.sample(
            [c for d in self.districts for c in self.communes[d.pk]], k=registered - len(self.districts)
        )
        models = []
        for unit in units:
            agency = self.agency[(unit.pk, "UBND")]
            model = self.model(round_, unit=unit, agency=agency)
            model.name = rng.choice(FRIENDLY_NAMES).format(c=in_sentence(unit.name))
            model.field, model.owner_kind = Field.POLITICAL_SYSTEM, OwnerKind.COLLECTIVE
            model.collective_kind = CollectiveKind.AGENCY if unit.level == Level.DISTRICT else CollectiveKind.UNIT
            model.owner_name, model.owner_position, model.owner_agency = agency.name, "", agency
            model.address = agency.name
            model.search_name = fold(model.name)
            models.append(model)
        self.decide(models, recognised, typical)
        MobilizationModel.objects.bulk_create(models, batch_size=BATCH)
        self.models += models

    def create_forces(self) -> None:
        """The forces of the models the demo's accounts open (Ba Bể's and the province's, the scored and the
        published): the old registry's Excel sheets listed them for few others."""
        ba_be = next(d for d in self.districts if d.code == COUNCIL_DISTRICT_CODE)
        rows = []
        for model in self.models:
            if not (
                model.scores_submitted
                or model.is_published
                or model.unit.path.startswith(ba_be.path)
                or model.round.recognition_level == RecognitionLevel.PROVINCE
            ):
                continue
            commune = in_sentence(model.unit.name)
            rows.append(ModelForce(model=model, role=ForceRole.LEAD, name=model.owner_name, task="Chủ trì, vận động"))
            if self.rng.random() < 0.6:
                partner = self.rng.choice(PARTNERS).format(c=commune)
                rows.append(ModelForce(model=model, role=ForceRole.COORDINATING, name=partner, task="Phối hợp"))
            rows.append(ModelForce(model=model, role=ForceRole.PARTICIPATING, name=f"Nhân dân {commune}"))
        ModelForce.objects.bulk_create(rows, batch_size=BATCH)
