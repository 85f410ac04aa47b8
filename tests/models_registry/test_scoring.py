"""Council scoring: each member's sheet, the combined score (mean or median), the spread and its flag,
recusal, mandatory criteria and the pass threshold."""

from __future__ import annotations

from decimal import Decimal

import pytest

from models_registry.choices import Aggregation, Outcome
from models_registry.models import Assignment, MobilizationModel
from models_registry.selectors import council_summary, my_assignments
from models_registry.services import (
    assignments_make,
    council_proposal,
    model_create,
    model_start_evaluation,
    model_submit,
    round_update,
    score_sheet_save,
)
from portal.models import AuditEvent
from portal.services import DomainError, NotFound, NotPermitted
from tests.models_registry.conftest import complete_self_assessment, model_data

# The default collective criteria, in order: name 5*, field 5*, leadership 10*, forces 15, results 25* (min 12.5),
# welcomed 15, acknowledged 10, sustainable 15 (* mandatory).
FULL = [5, 5, 10, 15, 25, 15, 10, 15]


def criteria_of(model):
    return [c for c in model.round.criteria.order_by("order") if c.applies(model.owner_kind)]


def sheet_of(model, user) -> Assignment:
    return Assignment.objects.get(model=model, member__user=user)


def score(model, user, points: list, *, submit=True, comment="") -> Assignment:
    scores = {c.pk: (Decimal(str(p)), f"Nhận xét {c.order}") for c, p in zip(criteria_of(model), points, strict=True)}
    return score_sheet_save(actor=user, assignment=sheet_of(model, user), scores=scores, comment=comment, submit=submit)


def minus(total_off: float) -> list:
    """FULL with points taken off the non-mandatory "forces" criterion (15 at most)."""
    points = list(FULL)
    points[3] = 15 - total_off
    return points


def test_evaluation_gives_the_model_to_every_council_member(evaluating_model, council_members):
    assert sorted(a.member.user.username for a in evaluating_model.assignments.all()) == [
        "hd.chutich",
        "hd.snv",
        "hd.stnmt",
    ]
    assert [a.model for a in my_assignments(council_members[1])] == [evaluating_model]


def test_a_saved_draft_sheet_counts_nothing_until_handed_in(evaluating_model, council_members):
    assignment = score(evaluating_model, council_members[0], FULL, submit=False)

    assert assignment.submitted_at is None
    model = MobilizationModel.objects.get(pk=evaluating_model.pk)
    assert model.score is None and model.scores_submitted == 0
    assert council_proposal(model) is None
    progress = my_assignments(council_members[0]).get()
    assert (progress.scored, progress.criteria_count) == (8, 8)


def test_the_combined_score_is_the_mean_of_the_members_sheets(evaluating_model, council_members):
    score(evaluating_model, council_members[0], FULL)  # 100
    score(evaluating_model, council_members[1], minus(6))  # 94
    score(evaluating_model, council_members[2], minus(15))  # 85

    model = MobilizationModel.objects.get(pk=evaluating_model.pk)
    assert model.score == Decimal("93.00")
    assert model.score_spread == Decimal("15.00")
    assert model.scores_submitted == 3
    assert model.council_rank == 1
    assert sheet_of(model, council_members[2]).total == Decimal("85.00")


def test_the_median_is_used_when_the_round_says_so(evaluating_model, council_members, movement_officer):
    round_update(actor=movement_officer, round=evaluating_model.round, aggregation=Aggregation.MEDIAN)
    score(evaluating_model, council_members[0], FULL)
    score(evaluating_model, council_members[1], minus(6))
    score(evaluating_model, council_members[2], minus(15))

    model = MobilizationModel.objects.get(pk=evaluating_model.pk)
    assert model.score == Decimal("94.00")  # median 9 on "forces", full points elsewhere


def test_the_median_score_is_the_median_of_the_members_totals(evaluating_model, council_members, movement_officer):
    round_update(actor=movement_officer, round=evaluating_model.round, aggregation=Aggregation.MEDIAN)
    # Points only on "forces", "welcomed" and "sustainable": each member gives 20 in all, but each
    # criterion's median is 10, whose sum (30) no member gave.
    for member, (forces, welcomed, sustainable) in zip(
        council_members, [(10, 10, 0), (10, 0, 10), (0, 10, 10)], strict=True
    ):
        score(evaluating_model, member, [0, 0, 0, forces, 0, welcomed, 0, sustainable])

    model = MobilizationModel.objects.get(pk=evaluating_model.pk)
    assert model.score == Decimal("20.00")
    assert model.score_spread == Decimal("0.00")
    assert model.mandatory_failed  # the per-criterion medians still drive the mandatory check


def test_a_spread_above_the_round_limit_is_flagged(evaluating_model, council_members):
    score(evaluating_model, council_members[0], FULL)
    score(evaluating_model, council_members[1], minus(15))
    assert not MobilizationModel.objects.get(pk=evaluating_model.pk).score_flagged  # 15 is the limit, not above it

    points = minus(15)
    points[5] = 14  # one more point off "welcomed": 84, a spread of 16
    score(evaluating_model, council_members[2], points)

    model = MobilizationModel.objects.get(pk=evaluating_model.pk)
    assert model.score_spread == Decimal("16.00")
    assert model.score_flagged
    [row] = council_summary(model.round)
    assert row.flagged and row.spread == Decimal("16.00")


def test_a_mandatory_criterion_below_its_minimum_blocks_the_proposal_whatever_the_total(
    evaluating_model, council_members
):
    low_results = list(FULL)
    low_results[4] = 12  # "practical results", mandatory with a minimum of 12.5
    for member in council_members:
        score(evaluating_model, member, low_results)

    model = MobilizationModel.objects.get(pk=evaluating_model.pk)
    assert model.score == Decimal("87.00")  # far above the pass mark of 70
    assert model.mandatory_failed
    assert council_proposal(model) == Outcome.NOT_RECOGNIZED
    [row] = council_summary(model.round)
    assert row.mandatory_failed and not row.passes


def test_a_mandatory_criterion_without_its_own_minimum_needs_half_its_points(evaluating_model, council_members):
    points = list(FULL)
    points[2] = 5  # "leadership", mandatory, 10 points, no minimum set: 5 meets it
    for member in council_members:
        score(evaluating_model, member, points)
    assert not MobilizationModel.objects.get(pk=evaluating_model.pk).mandatory_failed

    points[2] = 4.5
    for member in council_members:
        score(evaluating_model, member, points)
    assert MobilizationModel.objects.get(pk=evaluating_model.pk).mandatory_failed


def test_the_council_proposes_recognition_from_the_threshold_up(evaluating_model, council_members):
    at_threshold = [5, 5, 10, 0, 25, 15, 10, 0]  # 70, the round's pass mark
    for member in council_members:
        score(evaluating_model, member, at_threshold)
    model = MobilizationModel.objects.get(pk=evaluating_model.pk)
    assert model.score == Decimal("70.00")
    assert council_proposal(model) == Outcome.RECOGNIZED

    below = [5, 5, 10, 0, 25, 14.5, 10, 0]
    for member in council_members:
        score(evaluating_model, member, below)
    assert council_proposal(MobilizationModel.objects.get(pk=evaluating_model.pk)) == Outcome.NOT_RECOGNIZED


def test_points_above_the_criterion_maximum_or_below_zero_are_refused(evaluating_model, council_members):
    too_many = list(FULL)
    too_many[0] = 6
    with pytest.raises(DomainError, match="điểm phải từ 0 đến 5"):
        score(evaluating_model, council_members[0], too_many)
    negative = list(FULL)
    negative[1] = -1
    with pytest.raises(DomainError, match="điểm phải từ 0 đến 5"):
        score(evaluating_model, council_members[0], negative)


def test_handing_in_needs_every_criterion_scored(evaluating_model, council_members):
    criteria = criteria_of(evaluating_model)
    partial = {criteria[0].pk: (Decimal("5"), "")}

    with pytest.raises(DomainError, match="Chưa chấm đủ các tiêu chí"):
        score_sheet_save(
            actor=council_members[0],
            assignment=sheet_of(evaluating_model, council_members[0]),
            scores=partial,
            submit=True,
        )


def test_a_member_cannot_fill_in_another_members_sheet(evaluating_model, council_members):
    criteria = criteria_of(evaluating_model)
    with pytest.raises(NotFound):
        score_sheet_save(
            actor=council_members[1],
            assignment=sheet_of(evaluating_model, council_members[0]),
            scores={criteria[0].pk: (Decimal("5"), "")},
        )


def test_scoring_stops_once_the_model_leaves_evaluation(evaluating_model, council_members, movement_officer):
    from models_registry.services import model_return

    model_return(actor=movement_officer, model=evaluating_model, reason="Khảo sát lại")

    with pytest.raises(DomainError, match="Chỉ chấm điểm mô hình đang thẩm định"):
        score(evaluating_model, council_members[0], FULL)


def test_a_handed_in_sheet_can_be_corrected_and_the_result_follows(evaluating_model, council_members):
    score(evaluating_model, council_members[0], FULL)
    score(evaluating_model, council_members[0], minus(10))

    model = MobilizationModel.objects.get(pk=evaluating_model.pk)
    assert model.score == Decimal("90.00")
    assert model.scores_submitted == 1
    verbs = (
        AuditEvent.objects.filter(verb="score.submitted", target_id=str(model.pk))
        .order_by("pk")
        .values_list("payload", flat=True)
    )
    assert [payload["corrected"] for payload in verbs] == [False, True]


def test_a_member_of_the_registering_department_is_recused_and_recorded(
    province_round, sokhcn, department_officer_sokhcn, movement_officer, council_members
):
    from models_registry.services import council_set
    from tests.models_registry.conftest import make_official

    colleague = make_official("hd.skhcn", sokhcn, position="Phó Giám đốc Sở Khoa học và Công nghệ")
    council_set(
        actor=movement_officer,
        round=province_round,
        members=[(council_members[0], "chair"), (council_members[1], "member"), (colleague, "member")],
    )
    model = _evaluating(province_round, department_officer_sokhcn, movement_officer)

    assignments_make(actor=movement_officer, round=province_round)

    recused = Assignment.objects.get(model=model, member__user=colleague)
    assert recused.recused
    assert recused.recusal_reason == "Thành viên công tác tại cơ quan đăng ký mô hình."
    assert not my_assignments(colleague).exists()
    event = AuditEvent.objects.get(verb="score.recused", target_id=str(model.pk))
    assert event.payload["member"] == colleague.pk
    with pytest.raises(NotPermitted, match="tránh xung đột lợi ích"):
        score_sheet_save(actor=colleague, assignment=recused, scores={})
    [row] = council_summary(province_round)
    assert (row.recusals, row.sheets_assigned) == (1, 2)


def test_a_member_working_in_the_models_commune_is_recused(
    province_round, dong_phuc, movement_officer, council_members, commune_movement_officer
):
    from models_registry.services import council_set
    from portal.models import Agency
    from tests.models_registry.conftest import make_official

    commune_committee = Agency.objects.get(unit=dong_phuc, short_name="UBND")
    commune_member = make_official("hd.dongphuc", commune_committee, position="Chủ tịch UBND xã")
    council_set(
        actor=movement_officer,
        round=province_round,
        members=[(council_members[0], "chair"), (commune_member, "member")],
    )
    model = model_create(
        actor=movement_officer,
        round=province_round,
        data=model_data(name="Chi bộ thôn tuyên truyền", unit=dong_phuc),
        registering_agency=Agency.objects.get(unit=dong_phuc.parent, short_name="BDV"),
    )
    complete_self_assessment(model, movement_officer)
    model_submit(actor=movement_officer, model=model)
    model_start_evaluation(actor=movement_officer, models=[model])

    assignments_make(actor=movement_officer, round=province_round)

    assert Assignment.objects.get(model=model, member__user=commune_member).recusal_reason == (
        "Thành viên công tác trên địa bàn thực hiện mô hình."
    )
    assert not Assignment.objects.get(model=model, member__user=council_members[0]).recused


def test_making_assignments_twice_creates_nothing_new(evaluating_model, movement_officer):
    before = Assignment.objects.filter(model=evaluating_model).count()

    assignments_make(actor=movement_officer, round=evaluating_model.round)

    assert Assignment.objects.filter(model=evaluating_model).count() == before == 3
    assert AuditEvent.objects.filter(verb="round.assigned", target_id=str(evaluating_model.round_id)).count() == 1


def _evaluating(round_, registrant, office, name="Mô hình khác"):
    model = model_create(actor=registrant, round=round_, data=model_data(name=name))
    complete_self_assessment(model, registrant)
    model_submit(actor=registrant, model=model)
    model_start_evaluation(actor=office, models=[model])
    return model


def test_models_are_ranked_by_combined_score_and_equal_scores_share_a_rank(
    evaluating_model, council_members, department_officer_sokhcn, movement_officer
):
    second = _evaluating(evaluating_model.round, department_officer_sokhcn, movement_officer, "Mô hình thứ hai")
    third = _evaluating(evaluating_model.round, department_officer_sokhcn, movement_officer, "Mô hình thứ ba")
    unscored = _evaluating(evaluating_model.round, department_officer_sokhcn, movement_officer, "Chưa chấm")
    assignments_make(actor=movement_officer, round=evaluating_model.round)
    score(evaluating_model, council_members[0], minus(10))  # 90
    score(second, council_members[0], FULL)  # 100
    score(third, council_members[0], minus(10))  # 90

    ranks = dict(MobilizationModel.objects.filter(round=evaluating_model.round).values_list("name", "council_rank"))
    assert ranks[second.name] == 1
    assert ranks[evaluating_model.name] == ranks[third.name] == 2
    assert ranks[unscored.name] is None
    summary = council_summary(evaluating_model.round)
    assert [row.model.name for row in summary][:1] == [second.name]
    assert summary[-1].model.name == unscored.name
    assert summary[-1].proposal is None


def test_the_council_summary_costs_the_same_queries_for_many_models(
    evaluating_model, department_officer_sokhcn, movement_officer, django_assert_max_num_queries
):
    for n in range(4):
        _evaluating(evaluating_model.round, department_officer_sokhcn, movement_officer, f"Mô hình {n}")
    assignments_make(actor=movement_officer, round=evaluating_model.round)

    with django_assert_max_num_queries(2):
        rows = council_summary(evaluating_model.round)
    assert len(rows) == 5


def test_a_model_returned_during_evaluation_leaves_the_ranking(evaluating_model, council_members, movement_officer):
    from models_registry.services import model_return

    score(evaluating_model, council_members[0], FULL)
    assert MobilizationModel.objects.get(pk=evaluating_model.pk).council_rank == 1

    model_return(actor=movement_officer, model=evaluating_model, reason="Khảo sát lại tại cơ sở")

    assert MobilizationModel.objects.get(pk=evaluating_model.pk).council_rank is None


def test_a_decided_model_keeps_the_result_its_decision_was_made_on(evaluating_model, council_members, movement_officer):
    from models_registry.models import Score
    from models_registry.services import council_result_update, decision_issue
    from tests.models_registry.conftest import today

    for member in council_members:
        score(evaluating_model, member, FULL)
    decision_issue(
        actor=movement_officer,
        round=evaluating_model.round,
        number="15-QĐ/BDVTU",
        issued_on=today(),
        signer="Hà Thị Phương",
        entries=[{"model": evaluating_model, "outcome": Outcome.RECOGNIZED}],
    )
    Score.objects.filter(assignment__model=evaluating_model).update(points=0)
    Assignment.objects.filter(model=evaluating_model).update(total=0)

    council_result_update(MobilizationModel.objects.select_related("round").get(pk=evaluating_model.pk))

    model = MobilizationModel.objects.get(pk=evaluating_model.pk)
    assert model.score == Decimal("100.00") and model.council_rank == 1
