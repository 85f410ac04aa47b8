"""The history's councils and score sheets, its decisions, commendations and showcase."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from models_registry.choices import TYPICAL_STATUSES, CommendationForm, CouncilRole, Outcome, RecognitionLevel, Status
from models_registry.demo.common import BATCH, at_nine, council_result, in_sentence, person, sheet_points
from models_registry.demo.words import STATEMENT, SUMMARIES
from models_registry.models import (
    Assignment,
    Commendation,
    CouncilMember,
    Decision,
    DecisionEntry,
    MobilizationModel,
    Round,
    Score,
    SelfAssessment,
)
from models_registry.services.rounds import recusal_reason
from portal.models import User

SCORED_SAMPLE = {RecognitionLevel.PROVINCE: 24, RecognitionLevel.DISTRICT: 18}
COUNCIL_DISTRICT_CODE = "061"  # Ba Bể, where the demo has district accounts (huyen.*)
PUBLISHED_OTHERS = 6


class HistoryResults:
    """What became of History's models: councils' sheets, decisions, commendations (a mixin of `History`)."""

    # Councils and their sheets --------------------------------------------------------------------------------

    def create_councils(self) -> None:
        """The province's council (tinh.*) for its rounds, Ba Bể's (huyen.*) for its own: score sheets for the
        named models and a sample, consistent with what the decision says of each."""
        province_council = ["tinh.lanhdao", "tinh.thanhtra", "tinh.cchc", "tinh.danvan"]
        district_council = ["huyen.lanhdao", "huyen.thanhtra", "huyen.cchc", "huyen.danvan"]
        wanted = province_council + district_council
        users_of = {u.username: u for u in User.objects.select_related("agency").filter(username__in=wanted)}
        roles = [CouncilRole.CHAIR, CouncilRole.MEMBER, CouncilRole.MEMBER, CouncilRole.SECRETARY]
        ba_be = next(d for d in self.districts if d.code == COUNCIL_DISTRICT_CODE)
        members, plans = [], []
        for round_ in self.round_of.values():
            if round_.unit_id == self.province.pk:
                names = province_council
            elif round_.unit_id == ba_be.pk:
                names = district_council
            else:
                continue
            seats = [
                CouncilMember(round=round_, user=users_of[n], role=r)
                for n, r in zip(names, roles, strict=True)
                if n in users_of
            ]
            members += seats
            plans.append((round_, seats))
        CouncilMember.objects.bulk_create(members, batch_size=BATCH)
        self.departures: dict[int, str] = {}
        assignments, sheets = [], []
        for round_, seats in plans:
            models = [m for m in self.models if m.round.pk == round_.pk]
            named = [m for m in models if m in self.named.values()]
            sample = SCORED_SAMPLE.get(round_.recognition_level, len(models))
            scored = named + self.rng.sample(
                [m for m in models if m not in named], k=min(sample, len(models)) - len(named)
            )
            if round_.year == 2023 and round_.unit_id == self.province.pk:
                # The standing body recognised one model the council had scored just below the threshold.
                departing = next((m for m in scored if m.status == Status.RECOGNIZED), None)
                if departing is not None:
                    self.departures[departing.pk] = (
                        "Mô hình có kết quả nổi bật được nhân dân và chính quyền địa phương ghi nhận sau thời điểm "
                        "hội đồng chấm; Ban Thường vụ thống nhất công nhận."
                    )
            for model in scored:
                assignments += self.score(round_, model, seats, sheets)
        Assignment.objects.bulk_create(assignments, batch_size=BATCH)
        for score in sheets:
            score.assignment = score.assignment
        Score.objects.bulk_create(sheets, batch_size=BATCH)
        self.rank()
        self.self_assess({a.model_id for a in assignments})

    def score(self, round_: Round, model: MobilizationModel, seats: list, sheets: list) -> list[Assignment]:
        rng = self.rng
        criteria = [c for c in self.criteria[round_.pk] if c.applies(model.owner_kind)]
        scoring = [s for s in seats if not recusal_reason(s, model, round_)]
        if not scoring:
            return []
        passing = model.status in (Status.RECOGNIZED, Status.TYPICAL, Status.REPLICATED)
        departing = model.pk in self.departures
        fail_mandatory = not passing and rng.random() < 0.25
        base = 0.86 if model.status in TYPICAL_STATUSES else 0.78 if passing else 0.55
        if departing:
            base = 0.67
        for _attempt in range(40):
            spread_out = rng.random() < 0.12
            points = [
                sheet_points(
                    criteria, base - (0.18 if spread_out and i == 0 else 0), rng, fail_mandatory=fail_mandatory
                )
                for i in range(len(scoring))
            ]
            total, spread, failed = council_result(points, criteria, round_.aggregation)
            threshold = round_.pass_threshold
            if departing:  # just short of the threshold, every mandatory criterion met
                if not failed and threshold - 8 <= total < threshold:
                    break
                base += -0.02 if total >= threshold else 0.02
            elif (total >= threshold and not failed) == passing:
                break
            else:
                base += 0.02 if passing else -0.03
        model.score, model.score_spread = total, spread
        model.score_flagged, model.mandatory_failed = spread > round_.spread_threshold, failed
        model.scores_submitted = len(scoring)
        submitted_at = at_nine(self.decided_on[round_.pk] - dt.timedelta(days=rng.randint(6, 25)))
        made = []
        for seat in seats:
            reason = recusal_reason(seat, model, round_)
            assignment = Assignment(model=model, member=seat, recused=bool(reason), recusal_reason=reason)
            if not reason:
                sheet = points.pop(0)
                assignment.submitted_at, assignment.total = submitted_at, sum(sheet.values(), Decimal("0"))
                sheets += [Score(assignment=assignment, criterion_id=pk, points=value) for pk, value in sheet.items()]
            made.append(assignment)
        return made

    def rank(self) -> None:
        """Each scored round's ranking by combined score, equal scores sharing a rank; written with the results."""
        scored = [m for m in self.models if m.scores_submitted]
        by_round: dict[int, list[MobilizationModel]] = {}
        for model in scored:
            by_round.setdefault(model.round.pk, []).append(model)
        for models in by_round.values():
            models.sort(key=lambda m: m.score, reverse=True)
            for position, model in enumerate(models):
                previous = models[position - 1] if position else None
                model.council_rank = (
                    previous.council_rank if previous and previous.score == model.score else position + 1
                )
        MobilizationModel.objects.bulk_update(
            scored,
            ["score", "score_spread", "score_flagged", "mandatory_failed", "scores_submitted", "council_rank"],
            batch_size=BATCH,
        )

    def self_assess(self, model_ids: set[int]) -> None:
        rows = []
        for model in self.models:
            if model.pk in model_ids or model in self.named.values():
                for criterion in self.criteria[model.round.pk]:
                    if criterion.applies(model.owner_kind):
                        rows.append(
                            SelfAssessment(
                                model=model,
                                criterion=criterion,
                                statement=STATEMENT.format(text=criterion.text.rstrip(".")),
                                evidence_note=f"Báo cáo kết quả thực hiện mô hình năm {model.round.year}",
                            )
                        )
        SelfAssessment.objects.bulk_create(rows, batch_size=BATCH)

    # Decisions, commendations, the showcase -------------------------------------------------------------------

    def create_decisions(self) -> None:
        """One decision per round listing what it says of each model; Ba Bể corrected one of 2024's."""
        rng = self.rng
        decisions, entries = [], []
        ba_be = next(d for d in self.districts if d.code == COUNCIL_DISTRICT_CODE)
        by_round: dict[int, list[MobilizationModel]] = {}
        for model in self.models:
            by_round.setdefault(model.round.pk, []).append(model)
        correction = None
        for round_ in self.round_of.values():
            decision = Decision(
                created_by=self.clerk,
                round=round_,
                unit=round_.unit,
                issued_on=self.decided_on[round_.pk],
                **self.signed(round_),
            )
            decisions.append(decision)
            for model in by_round.get(round_.pk, []):
                outcome = {
                    Status.TYPICAL: Outcome.TYPICAL,
                    Status.REPLICATED: Outcome.TYPICAL,
                    Status.RECOGNIZED: Outcome.RECOGNIZED,
                }.get(model.status, Outcome.NOT_RECOGNIZED)
                reason = self.departures.get(model.pk, "")
                entries.append(
                    DecisionEntry(
                        decision=decision,
                        model=model,
                        outcome=outcome,
                        departs_from_council=bool(reason),
                        departure_reason=reason,
                    )
                )
            if round_.unit_id == ba_be.pk and round_.year == 2024:
                wrong = next(
                    e for e in entries[::-1]
                    if e.decision is decision and e.outcome == Outcome.NOT_RECOGNIZED and not e.model.scores_submitted
                )  # fmt: skip
                wrong.outcome = Outcome.RECOGNIZED  # what the decision said, corrected twelve days later
                correction = (decision, wrong.model)
        Decision.objects.bulk_create(decisions, batch_size=BATCH)
        if correction:
            original, model = correction
            fixed = Decision(
                created_by=self.clerk,
                round=original.round,
                unit=original.unit,
                issued_on=original.issued_on + dt.timedelta(days=12),
                corrects=original,
                correction_reason="Mô hình trùng với mô hình đã được công nhận năm 2023 trên cùng địa bàn.",
                number=f"{rng.randint(300, 400)}-QĐ/HU",
                signer=original.signer,
                signer_position=original.signer_position,
            )
            fixed.save()
            entries.append(DecisionEntry(decision=fixed, model=model, outcome=Outcome.NOT_RECOGNIZED))
        for entry in entries:
            entry.decision = entry.decision
        DecisionEntry.objects.bulk_create(entries, batch_size=BATCH)

    def signed(self, round_: Round) -> dict:
        rng = self.rng
        unit = round_.unit
        if round_.programme_id == self.friendly.pk:
            head = self.agency[(unit.pk, "UBND")].head
            return {
                "number": f"{rng.randint(60, 120)}/QĐ-BCĐ",
                "signer": head.full_name if head else person(rng),
                "signer_position": "Chủ tịch UBND tỉnh, Trưởng Ban Chỉ đạo",
            }
        if round_.recognition_level == RecognitionLevel.COMMUNE:
            head = self.agency[(unit.pk, "UBND")].head
            return {
                "number": f"{rng.randint(100, 400)}/QĐ-UBND",
                "signer": head.full_name if head else person(rng),
                "signer_position": f"Chủ tịch UBND {in_sentence(unit.name)}",
            }
        office = "Huyện ủy" if round_.recognition_level == RecognitionLevel.DISTRICT else "Tỉnh ủy"
        return {
            "number": f"{rng.randint(200, 1500)}-QĐ/{'HU' if office == 'Huyện ủy' else 'TU'}",
            "signer": person(rng),
            "signer_position": f"Phó Bí thư Thường trực {office}",
        }

    def create_commendations(self) -> None:
        """The 2021–2025 phase's commendations: the province's merit for its typical models (the named ones
        among them), the Party Committee's for Na Dau, Ba Bể's certificates for its own."""
        phase = self.dvk.phases.get(start_year=2021)
        typical = [m for m in self.models if m.status in TYPICAL_STATUSES and m.round.programme_id == self.dvk.pk]
        province = [m for m in typical if m.round.recognition_level == RecognitionLevel.PROVINCE]
        ba_be = [
            m for m in typical if m.round.unit.code == COUNCIL_DISTRICT_CODE and m.round.recognition_level == "district"
        ]
        named = list(self.named.values())
        merit = [self.named[key] for key in ("na_dau", "skhcn", "then_club")]
        merit += [m for m in province if m not in named][:7]
        rows = [
            Commendation(
                created_by=self.clerk,
                model=m, phase=phase, form=CommendationForm.PROVINCE_MERIT, issuer="Chủ tịch UBND tỉnh Bắc Kạn",
                decision_number="1125/QĐ-UBND", decided_on=dt.date(2025, 5, 26),
            )
            for m in merit
        ]  # fmt: skip
        rows.append(
            Commendation(
                created_by=self.clerk,
                model=self.named["na_dau"], phase=phase, form=CommendationForm.PARTY_MERIT,
                issuer="Ban Thường vụ Tỉnh ủy Bắc Kạn", decision_number="1468-QĐ/TU", decided_on=dt.date(2025, 6, 10),
            )
        )  # fmt: skip
        certificates = [self.named["hoang_van_tam"]] + [m for m in ba_be if m not in named][:6]
        rows += [
            Commendation(
                created_by=self.clerk,
                model=m, phase=phase, form=CommendationForm.CERTIFICATE_OF_MERIT, issuer="Chủ tịch UBND huyện Ba Bể",
                decision_number="2150/QĐ-UBND", decided_on=dt.date(2024, 12, 26),
            )
            for m in certificates
        ]  # fmt: skip
        Commendation.objects.bulk_create(rows, batch_size=BATCH)

    def publish(self) -> None:
        """The four named models and a few other typical ones in the public showcase."""
        named = list(self.named.values())
        others = [
            m for m in self.models
            if m.status in TYPICAL_STATUSES and m.round.recognition_level != RecognitionLevel.COMMUNE
            and m not in named and m.round.programme_id == self.dvk.pk
        ]  # fmt: skip
        chosen = named + self.rng.sample(others, k=min(PUBLISHED_OTHERS, len(others)))
        for model in chosen:
            model.is_published = True
            model.public_summary = model.public_summary or f"{model.owner_name}: {SUMMARIES[model.field]}"
            model.published_at = at_nine(model.typical_on + dt.timedelta(days=20))
        MobilizationModel.objects.bulk_update(chosen, ["is_published", "public_summary", "published_at"])
