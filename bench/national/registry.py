"""The models registry of the whole country ("Dân vận khéo", "Chính quyền thân thiện"), as the demo's history
draws it (models_registry.demo), on both maps.

Each year has a round at every province, at every legacy district (the historical level, before 1 July 2025)
and at some communes (the same ones year after year), each with its own copy of the programme's default
criteria; from 2023 some provinces also run a Friendly Government round. A model belongs to one round: placed at
the round's unit or a commune under it, registered by the agency the demo gives it, in the demo's fields and
shares of collectives and individuals. A round decided by the as-of day has its decision, listing what it says of
each model: about half recognised, a fifth of those typical (Bắc Kạn 2022–2024: 7,642 → 3,738 → 680), a few
typical ones replicated elsewhere in their province and published in the showcase; rounds still open (this year's
district and province rounds) hold models registered or under evaluation, and some drafts. 2025's rounds ran on
the new map, launched after the reform. Councils and score sheets are not drawn (see the closing notes).
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from bench.national.context import Context
from bench.national.days import picker
from bench.national.places import COMMUNE, CURRENT, DISTRICT, LEGACY, PROVINCE, Unit
from models_registry.defaults import DVK, FRIENDLY, default_criteria
from models_registry.demo.common import in_sentence, model_text
from models_registry.demo.history import LEVEL_RULES
from models_registry.demo.history_registrations import FIELD_WEIGHTS, INDIVIDUAL_SHARE
from models_registry.demo.words import (
    AGENCY_MODEL_NAMES,
    ANIMALS,
    COLLECTIVES,
    CROPS,
    FAMILY,
    FRIENDLY_NAMES,
    GIVEN,
    MIDDLE,
    MODEL_NAMES,
    POSITIONS,
    PRODUCTS,
    SUMMARIES,
    VILLAGES,
)
from portal.text import fold

FULL_MODELS = 100_000
YEARS = {2016: 0.55, 2017: 0.65, 2018: 0.75, 2019: 0.85, 2020: 0.8, 2021: 0.95, 2022: 1.1, 2023: 1.15, 2024: 1.2,
         2025: 0.8, 2026: 1.0}  # fmt: skip
LEVELS = {LEGACY: [(COMMUNE, 55), (DISTRICT, 33), (PROVINCE, 12)], CURRENT: [(COMMUNE, 80), (PROVINCE, 20)]}
COMMUNES_WITH_ROUNDS = 0.12  # communes that run a round of their own every year
RECOGNISED, TYPICAL, REPLICATED, WITHDRAWN, PUBLISHED = 0.49, 0.18, 0.1, 0.01, 0.05
FRIENDLY_FROM, FRIENDLY_SHARE = 2023, 0.25  # of the province-level models
# When each level's council sits and its decision is signed (month, day), from the demo's history.
DECISION_WINDOWS = {COMMUNE: ((11, 12), (12, 8)), DISTRICT: ((12, 5), (12, 18)), PROVINCE: ((12, 20), (12, 28))}
LAUNCH = {2025: (8, 1)}  # 2025's rounds were launched on the new map, after the reform; the others in January

ROUND_COLUMNS = ("id", "programme_id", "phase_id", "unit_id", "year", "name", "launch_number", "launch_date",
                 "launch_issuer", "registration_opens", "registration_closes", "recognition_level", "aggregation",
                 "pass_threshold", "spread_threshold", "created_by_id", "created_at", "updated_at",
                 "version")  # fmt: skip
GROUP_COLUMNS = ("id", "round_id", "name", "order")
CRITERION_COLUMNS = ("id", "round_id", "group_id", "order", "text", "guidance", "max_points", "mandatory",
                     "min_points", "applies_to")  # fmt: skip
MODEL_COLUMNS = (
    "id", "round_id", "unit_id", "registering_agency_id", "name", "search_name", "field", "owner_kind",
    "collective_kind", "owner_name", "owner_position", "owner_agency_id", "address", "situation", "goals", "content",
    "target_area", "resources", "resources_money", "labour_days", "starts_on", "ends_on", "timeline", "outputs",
    "replication_plan", "status", "status_reason", "registered_on", "recognized_on", "typical_on", "replicates_id",
    "score", "score_spread", "score_flagged", "mandatory_failed", "scores_submitted", "council_rank", "is_published",
    "public_summary", "published_at", "version", "created_by_id", "created_at", "updated_at",
)  # fmt: skip
DECISION_COLUMNS = ("id", "round_id", "unit_id", "number", "issued_on", "signer", "signer_position", "corrects_id",
                    "correction_reason", "note", "created_by_id", "created_at")  # fmt: skip
ENTRY_COLUMNS = ("id", "decision_id", "model_id", "outcome", "departs_from_council", "departure_reason")
TABLES = ("models_registry_round", "models_registry_criteriongroup", "models_registry_criterion",
          "models_registry_mobilizationmodel", "models_registry_decision", "models_registry_decisionentry")  # fmt: skip
OUTCOME = {
    "recognized": "recognized",
    "typical": "typical",
    "replicated": "typical",
    "not_recognized": "not_recognized",
}


class RegistryGenerator:
    """Draws the country's models, round by round as the models need them, into the loader's buffers."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.days = ctx.days
        self.rng = random.Random(f"{ctx.seed}-models")
        country = ctx.country
        self.provinces = {g: country.province_picker(g) for g in (LEGACY, CURRENT)}
        self.districts = country.district_pickers()
        chooser = random.Random(f"{ctx.seed}-model-communes")
        self.active_communes = {}
        for generation in (LEGACY, CURRENT):
            for province in country.provinces[generation]:
                communes = province.communes()
                count = max(1, round(len(communes) * COMMUNES_WITH_ROUNDS))
                self.active_communes[province.id] = chooser.sample(communes, count)
        self.levels = {g: picker(weights) for g, weights in LEVELS.items()}
        self.years = picker(list(YEARS.items()))
        self.fields = picker([(str(f), w) for f, w in FIELD_WEIGHTS.items()])  # plain strings, not the choices
        self.collectives = picker([((str(kind), pattern), weight) for kind, pattern, weight in COLLECTIVES])
        self.agency_names = [(str(f), name) for f, name in AGENCY_MODEL_NAMES]
        self.criteria = {code: default_criteria(code) for code in (DVK, FRIENDLY)}
        self.programmes = ctx.refs["programmes"]  # code → id
        self.phases = ctx.refs["phases"]  # (programme id, first year, last year, id)
        self.rounds: dict[tuple, tuple[int, int | None, dt.date, dt.date, dt.date]] = {}
        self.typical: dict[int, list[tuple[int, str, str, str]]] = {}  # province → replicated models to copy from
        self.decision_numbers: dict[tuple[int, int], int] = {}
        self.folded: dict[str, str] = {}
        self.ids = {table: ctx.ids[table] for table in TABLES}
        loader = ctx.loader
        self.out = {table: loader.table(table, columns) for table, columns in zip(
            TABLES, (ROUND_COLUMNS, GROUP_COLUMNS, CRITERION_COLUMNS, MODEL_COLUMNS, DECISION_COLUMNS, ENTRY_COLUMNS),
            strict=True)}  # fmt: skip

    def _id(self, table: str) -> int:
        pk = self.ids[table]
        self.ids[table] = pk + 1
        return pk

    def run(self) -> int:
        total = self.ctx.scaled(FULL_MODELS)
        for _ in range(total):
            self.model()
            self.ctx.loader.tick()
        self.ctx.ids.update(self.ids)
        return total

    # --- rounds and their decisions --------------------------------------------------------------------------------
    def round_of(self, programme: str, unit: Unit, year: int, level: str):
        """The round of a unit, year and level (created with its criteria and, if taken by the as-of day, its
        decision): (round id, decision id or None, registration opens, closes, decision day)."""
        key = (programme, unit.id, year, level)
        found = self.rounds.get(key)
        if found is not None:
            return found
        rng = self.rng
        month, day = LAUNCH.get(year, (1, 18))
        launch = dt.date(year, month, day) + dt.timedelta(days=rng.randrange(10))
        opens = launch + dt.timedelta(days=7)
        closes = opens + dt.timedelta(days=60)
        (start_month, start_day), (end_month, end_day) = DECISION_WINDOWS[level]
        first, last = dt.date(year, start_month, start_day), dt.date(year, end_month, end_day)
        decided = first + dt.timedelta(days=rng.randrange((last - first).days + 1))
        passing, spread = LEVEL_RULES[level]
        pk = self._id("models_registry_round")
        programme_id = self.programmes[programme]
        phase = next((p for prog, start, end, p in self.phases if prog == programme_id and start <= year <= end), None)
        place = in_sentence(unit.name)
        title = "Mô hình, điển hình “Dân vận khéo”" if programme == DVK else "Mô hình “Chính quyền thân thiện”"
        issuer = self.ctx.agency_names.get(unit.agencies.get("BDV") or unit.committee, "")
        stamp = self._stamp(launch)
        self.out["models_registry_round"].append(
            (pk, programme_id, phase, unit.id, year, f"{title} {place} năm {year}", f"{1 + rng.randrange(90)}-KH/BDV",
             launch, issuer, opens, closes, level, "mean", passing, spread, None, stamp, stamp, 1)
        )  # fmt: skip
        self._criteria(pk, programme)
        decision = None
        if decided <= self.days.date(self.days.as_of):
            decision = self._id("models_registry_decision")
            counter = self.decision_numbers.get((unit.id, year), 0) + 1
            self.decision_numbers[(unit.id, year)] = counter
            head = self.ctx.heads.get(unit.committee)
            signer = head or f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
            position = f"Chủ tịch UBND {place}" if level == COMMUNE else f"Trưởng Ban Dân vận {place}"
            number = f"{100 + counter * 7 + rng.randrange(5)}/QĐ-{'UBND' if level == COMMUNE else 'BDV'}"
            self.out["models_registry_decision"].append(
                (decision, pk, unit.id, number, decided, signer, position, None, "", "", None, self._stamp(decided))
            )
        found = self.rounds[key] = (pk, decision, opens, closes, decided)
        return found

    def _criteria(self, round_id: int, programme: str) -> None:
        """The round's copy of its programme's default criteria, as `round_create` makes it."""
        groups: dict[str, int] = {}
        for order, row in enumerate(self.criteria[programme]):
            group = groups.get(row["group"])
            if group is None:
                group = groups[row["group"]] = self._id("models_registry_criteriongroup")
                self.out["models_registry_criteriongroup"].append((group, round_id, row["group"], len(groups) - 1))
            self.out["models_registry_criterion"].append(
                (self._id("models_registry_criterion"), round_id, group, order, row["text"], row["guidance"],
                 row["max_points"], row["mandatory"], row["min_points"], row["applies_to"])
            )  # fmt: skip

    def _stamp(self, day: dt.date) -> dt.datetime:
        ordinal = min(max(day.toordinal(), self.days.first), self.days.as_of)
        return self.days.mornings[ordinal - self.days.first]

    # --- one model ---------------------------------------------------------------------------------------------------
    def model(self) -> None:
        rng = self.rng
        year = self.years(rng)
        generation = LEGACY if year <= 2024 else CURRENT
        province = self.provinces[generation](rng)
        level = self.levels[generation](rng)
        if level == COMMUNE:
            round_unit = rng.choice(self.active_communes[province.id])
        elif level == DISTRICT:
            round_unit = self.districts[province.id](rng)
        else:
            round_unit = province
        friendly = level == PROVINCE and year >= FRIENDLY_FROM and rng.random() < FRIENDLY_SHARE
        programme = FRIENDLY if friendly else DVK
        round_id, decision, opens, closes, decided = self.round_of(programme, round_unit, year, level)
        unit, agency = self.place(round_unit, level)
        registered = opens + dt.timedelta(days=rng.randrange((closes - opens).days + 1))
        fields = self.describe(unit, agency, level, friendly, year)
        status, reason, recognised, typical, replicates = "not_recognized", "", None, None, None
        draw = rng.random()
        if decision is not None:
            if draw < WITHDRAWN:
                status, reason = "withdrawn", "Chủ thể xin rút hồ sơ để hoàn thiện thêm kết quả."
            elif draw < WITHDRAWN + RECOGNISED:
                status, recognised = "recognized", decided
                if rng.random() < TYPICAL:
                    status, typical = "typical", decided
                    if rng.random() < REPLICATED:
                        status = "replicated"
        else:  # the round is still open on the as-of day
            status = "draft" if draw < 0.05 else "registered" if draw < 0.6 else "evaluating"
        if level == COMMUNE and self.typical.get(province.id) and rng.random() < 0.05:
            replicates, fields["field"], fields["name"], origin_owner = rng.choice(self.typical[province.id])
            fields["content"] = f"Học tập cách làm của mô hình “{fields['name']}” ({origin_owner}). {fields['content']}"
        pk = self._id("models_registry_mobilizationmodel")
        if status == "replicated":
            self.typical.setdefault(province.id, []).append((pk, fields["field"], fields["name"], fields["owner_name"]))
        published = status in ("typical", "replicated") and level != COMMUNE and rng.random() < PUBLISHED * 4
        name = fields["name"]
        folded = self.folded.get(name)
        if folded is None:
            folded = self.folded[name] = fold(name)
        money = Decimal(rng.randint(5, 300) * 1_000_000) if rng.random() < 0.35 else None
        labour = rng.randint(20, 900) if rng.random() < 0.5 else None
        draft = status == "draft"
        self.out["models_registry_mobilizationmodel"].append(
            (pk, round_id, unit.id, agency, name, folded, fields["field"], fields["owner_kind"],
             fields["collective_kind"], fields["owner_name"], fields["owner_position"], fields["owner_agency"],
             fields["address"], fields["situation"], fields["goals"], fields["content"], fields["target_area"],
             fields["resources"], money, labour, registered, dt.date(year, 12, 31), fields["timeline"],
             fields["outputs"], fields["replication_plan"], status, reason, None if draft else registered, recognised,
             typical, replicates, None, None, False, False, 0, None, published,
             SUMMARIES[fields["field"]] if published else "",
             self._stamp(decided + dt.timedelta(days=20)) if published else None, 1, None, self._stamp(registered),
             self._stamp(decided if decision is not None else registered))
        )  # fmt: skip
        if decision is not None and status != "withdrawn":
            self.out["models_registry_decisionentry"].append(
                (self._id("models_registry_decisionentry"), decision, pk, OUTCOME[status], False, "")
            )

    def place(self, round_unit: Unit, level: str) -> tuple[Unit, int]:
        """Where a model of the round is, and which agency registered it (as the demo's `History.model`)."""
        rng = self.rng
        if level == COMMUNE:
            return round_unit, round_unit.committee
        if level == DISTRICT:
            if rng.random() < 0.2:
                short = rng.choice(["UBND", "BDV", "PNV", "TTr"])
                return round_unit, round_unit.agencies[short]
            commune = rng.choice(round_unit.children)
            return commune, commune.committee if rng.random() < 0.7 else round_unit.agencies["BDV"]
        if rng.random() < 0.45:
            short = rng.choice([s for s in round_unit.agencies if s != "BTCD"])
            return round_unit, round_unit.agencies[short]
        commune = rng.choice(round_unit.communes())
        office = commune.parent.agencies.get("BDV") or round_unit.agencies["BDV"]
        return commune, office

    def describe(self, unit: Unit, agency: int, level: str, friendly: bool, year: int) -> dict:
        """The registration's owner and its ten elements, as the demo words them."""
        rng = self.rng
        village = rng.choice(VILLAGES)
        place = in_sentence(unit.name)
        agency_name = self.ctx.agency_names.get(agency, "")
        words = {"v": village, "c": place, "crop": rng.choice(CROPS), "animal": rng.choice(ANIMALS),
                 "product": rng.choice(PRODUCTS)}  # fmt: skip
        field_ = self.fields(rng)
        individual = rng.random() < INDIVIDUAL_SHARE[level]
        owner_agency, kind = None, ""
        if friendly:
            field_, name = "political_system", rng.choice(FRIENDLY_NAMES).format(c=place)
            owner_kind, kind, owner, position, where = "collective", "agency", agency_name, "", agency_name
            owner_agency = agency
        elif unit.level != COMMUNE and not individual:  # an agency's own model
            field_, name = rng.choice(self.agency_names)
            owner_kind, kind, owner, position = "collective", "agency", agency_name, ""
            owner_agency, where = agency, f"địa bàn {agency_name} phụ trách"
        elif individual:
            name = rng.choice(MODEL_NAMES[field_])
            owner_kind, owner = "individual", f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
            position = rng.choice(POSITIONS) if unit.level == COMMUNE else f"Chuyên viên {agency_name}"
            where = f"thôn {village}, {place}" if unit.level == COMMUNE else f"địa bàn {agency_name} phụ trách"
        else:
            name = rng.choice(MODEL_NAMES[field_])
            (kind, pattern) = self.collectives(rng)
            owner_kind, owner, position, where = "collective", pattern.format(v=village, c=place), "", place
            if kind == "unit":
                owner_agency = unit.committee
        return {
            "name": name.format(**words)[:300],
            "field": field_,
            "owner_kind": owner_kind,
            "collective_kind": kind,
            "owner_name": owner[:200],
            "owner_position": position.format(v=village, c=place)[:200],
            "owner_agency": owner_agency,
            "address": f"Thôn {village}, {place}" if unit.level == COMMUNE else agency_name[:255],
            **model_text(field_, where, year),
        }
