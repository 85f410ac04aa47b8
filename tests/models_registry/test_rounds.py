"""Launching a round: its level, its window, its criteria (the programme's default set or its own), and its
council; who may do it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from models_registry.choices import AppliesTo, CouncilRole, RecognitionLevel
from models_registry.models import Criterion, CriterionGroup, Phase, Programme, SelfAssessment
from models_registry.services import council_set, criteria_set, round_create, round_update, self_assessment_save
from portal.choices import Generation, Level
from portal.models import AdministrativeUnit, AuditEvent, User
from portal.services import DomainError, NotFound, NotPermitted
from tests.models_registry.conftest import make_official, province_agency, today
from tests.models_registry.test_scoring import FULL, score


def launch(actor, programme, unit, level=RecognitionLevel.PROVINCE, opens=None, **kwargs):
    opens = opens or today()
    return round_create(
        actor=actor,
        programme=programme,
        unit=unit,
        year=opens.year,
        name=kwargs.pop("name", "Đợt thử nghiệm"),
        registration_opens=opens,
        registration_closes=opens + dt.timedelta(days=60),
        recognition_level=level,
        pass_threshold=Decimal("70"),
        spread_threshold=Decimal("15"),
        **kwargs,
    )


def test_the_migration_seeds_both_programmes_with_their_phases(db):
    programmes = {p.code: p for p in Programme.objects.all()}
    assert programmes["dan-van-kheo"].name == "Phong trào thi đua “Dân vận khéo”"
    assert programmes["chinh-quyen-than-thien"].short_name == "Chính quyền thân thiện"
    assert sorted(Phase.objects.filter(programme__code="dan-van-kheo").values_list("name", flat=True)) == [
        "2021–2025",
        "2026–2030",
    ]


def test_a_round_without_its_own_criteria_gets_the_default_set(province_round):
    criteria = list(province_round.criteria.order_by("order"))
    collective = [c for c in criteria if c.applies("collective")]
    individual = [c for c in criteria if c.applies("individual")]

    assert len(collective) == 8 and len(individual) == 5
    assert sum(c.max_points for c in collective) == sum(c.max_points for c in individual) == Decimal("100")
    assert collective[0].text == "Có tên gọi, địa chỉ cụ thể" and collective[0].mandatory
    assert set(province_round.criterion_groups.values_list("name", flat=True)) == {
        "Tiêu chí công nhận mô hình (tập thể)",
        "Tiêu chuẩn công nhận điển hình (cá nhân)",
    }
    assert province_round.phase.name == "2026–2030"
    assert AuditEvent.objects.filter(verb="round.created", target_id=str(province_round.pk)).exists()
    assert AuditEvent.objects.filter(verb="round.council_set", target_id=str(province_round.pk)).exists()


def test_a_friendly_government_round_gets_its_configurable_set(friendly_programme, bac_kan, movement_officer):
    round_ = launch(movement_officer, friendly_programme, bac_kan)

    criteria = list(round_.criteria.all())
    assert len(criteria) == 5
    assert all(c.applies_to == AppliesTo.BOTH for c in criteria)
    assert criteria[0].text == "Công khai, minh bạch thủ tục hành chính, thời gian giải quyết"


def test_a_round_launched_with_its_own_criteria(friendly_programme, bac_kan, movement_officer):
    round_ = launch(
        movement_officer,
        friendly_programme,
        bac_kan,
        criteria=[
            {"group": "Sơn La", "text": "Niêm yết công khai thủ tục", "max_points": 40, "mandatory": True},
            {"group": "Sơn La", "text": "Người dân hài lòng", "max_points": "60", "min_points": None},
        ],
    )

    assert [(c.text, c.max_points, c.mandatory) for c in round_.criteria.all()] == [
        ("Niêm yết công khai thủ tục", Decimal("40"), True),
        ("Người dân hài lòng", Decimal("60"), False),
    ]


def test_a_commune_officer_in_charge_launches_the_communes_round(commune_round):
    assert commune_round.unit.level == Level.COMMUNE
    assert commune_round.criteria.count() == 13


def test_the_level_must_be_the_launching_units(dvk_programme, bac_kan, movement_officer):
    with pytest.raises(DomainError, match="Cấp công nhận phải đúng cấp của đơn vị phát động"):
        launch(movement_officer, dvk_programme, bac_kan, level=RecognitionLevel.COMMUNE)


def test_no_district_round_since_the_districts_ended(dvk_programme, bac_kan, movement_officer):
    district = AdministrativeUnit.objects.get(generation=Generation.LEGACY, level=Level.DISTRICT, code="061")

    with pytest.raises(DomainError, match="không còn cấp huyện"):
        launch(movement_officer, dvk_programme, district, level=RecognitionLevel.DISTRICT, opens=dt.date(2025, 7, 1))

    historical = launch(
        movement_officer, dvk_programme, district, level=RecognitionLevel.DISTRICT, opens=dt.date(2024, 2, 1)
    )
    assert historical.recognition_level == RecognitionLevel.DISTRICT
    assert historical.phase.name == "2021–2025"


def test_only_the_movement_office_launches_rounds(dvk_programme, bac_kan, department_officer_sokhcn, province_leader):
    for official in (department_officer_sokhcn, province_leader):
        with pytest.raises(NotPermitted):
            launch(official, dvk_programme, bac_kan)


def test_a_commune_office_cannot_launch_a_round_for_the_province(dvk_programme, bac_kan, commune_movement_officer):
    with pytest.raises(NotFound):
        launch(commune_movement_officer, dvk_programme, bac_kan)


def test_a_second_round_of_the_same_programme_unit_year_and_level_is_refused(province_round, movement_officer):
    with pytest.raises(DomainError):
        launch(movement_officer, province_round.programme, province_round.unit, opens=province_round.registration_opens)


def test_the_window_must_close_after_it_opens(province_round, movement_officer):
    with pytest.raises(DomainError):
        round_update(
            actor=movement_officer,
            round=province_round,
            registration_closes=province_round.registration_opens - dt.timedelta(days=1),
        )


def test_round_update_changes_the_window_and_is_audited(province_round, movement_officer):
    closes = province_round.registration_closes + dt.timedelta(days=15)

    updated = round_update(actor=movement_officer, round=province_round, registration_closes=closes, name="Đợt 2026")

    assert (updated.registration_closes, updated.name) == (closes, "Đợt 2026")
    event = AuditEvent.objects.filter(verb="round.updated", target_id=str(province_round.pk)).get()
    assert sorted(event.payload["fields"]) == ["name", "registration_closes"]


def test_a_department_cannot_change_the_round(province_round, department_officer_sokhcn):
    with pytest.raises(NotPermitted):
        round_update(actor=department_officer_sokhcn, round=province_round, name="Đổi tên")


# --- criteria ------------------------------------------------------------------------------------------------


def test_replacing_criteria_keeps_the_self_assessments_of_those_kept(
    draft_model, department_officer_sokhcn, movement_officer
):
    round_ = draft_model.round
    first, second = round_.criteria.order_by("order")[:2]
    for criterion in (first, second):
        self_assessment_save(
            actor=department_officer_sokhcn, model=draft_model, criterion=criterion, statement="Đáp ứng"
        )

    written = criteria_set(
        actor=movement_officer,
        round=round_,
        criteria=[
            {"id": first.pk, "group": "Chung", "text": first.text, "max_points": 10, "mandatory": True},
            {"group": "Chung", "text": "Tiêu chí mới", "max_points": 90},
        ],
    )

    assert [c.text for c in written] == [first.text, "Tiêu chí mới"]
    assert list(SelfAssessment.objects.filter(model=draft_model).values_list("criterion_id", flat=True)) == [first.pk]
    assert not Criterion.objects.filter(pk=second.pk).exists()
    assert list(CriterionGroup.objects.filter(round=round_).values_list("name", flat=True)) == ["Chung"]


def test_criteria_cannot_change_once_scoring_started(evaluating_model, council_members, movement_officer):
    score(evaluating_model, council_members[0], FULL, submit=False)

    with pytest.raises(DomainError, match="đã bắt đầu chấm điểm"):
        criteria_set(actor=movement_officer, round=evaluating_model.round, criteria=[{"text": "Mới", "max_points": 1}])
    with pytest.raises(DomainError, match="đã bắt đầu chấm điểm"):
        round_update(actor=movement_officer, round=evaluating_model.round, criteria=[{"text": "Mới", "max_points": 1}])


def test_a_minimum_above_the_maximum_is_refused(province_round, movement_officer):
    with pytest.raises(DomainError, match="điểm tối thiểu không được lớn hơn điểm tối đa"):
        criteria_set(
            actor=movement_officer,
            round=province_round,
            criteria=[{"text": "Kết quả", "max_points": 10, "mandatory": True, "min_points": 12}],
        )


# --- council -----------------------------------------------------------------------------------------------


def test_a_council_needs_exactly_one_chair(province_round, movement_officer, council_members):
    with pytest.raises(DomainError, match="đúng một Chủ tịch"):
        council_set(
            actor=movement_officer,
            round=province_round,
            members=[(council_members[0], CouncilRole.MEMBER), (council_members[1], CouncilRole.MEMBER)],
        )
    with pytest.raises(DomainError, match="đúng một Chủ tịch"):
        council_set(
            actor=movement_officer,
            round=province_round,
            members=[(council_members[0], CouncilRole.CHAIR), (council_members[1], CouncilRole.CHAIR)],
        )


def test_council_members_work_in_the_launching_units_tree(commune_round, commune_movement_officer, council_members):
    with pytest.raises(DomainError, match="không phải cán bộ đang công tác trên địa bàn"):
        council_set(
            actor=commune_movement_officer,
            round=commune_round,
            members=[(council_members[0], CouncilRole.CHAIR)],
        )


def test_an_inactive_official_cannot_sit_on_the_council(province_round, movement_officer, bac_kan):
    retired = make_official("hd.nghihuu", province_agency(bac_kan, "SNV"))
    User.objects.filter(pk=retired.pk).update(is_active=False)
    retired.refresh_from_db()

    with pytest.raises(DomainError, match="không phải cán bộ đang công tác"):
        council_set(actor=movement_officer, round=province_round, members=[(retired, CouncilRole.CHAIR)])


def test_a_member_who_handed_in_a_sheet_stays_on_the_council(evaluating_model, council_members, movement_officer):
    score(evaluating_model, council_members[2], FULL)

    with pytest.raises(DomainError, match="đã nộp phiếu"):
        council_set(
            actor=movement_officer,
            round=evaluating_model.round,
            members=[(council_members[0], CouncilRole.CHAIR), (council_members[1], CouncilRole.MEMBER)],
        )
    council = council_set(
        actor=movement_officer,
        round=evaluating_model.round,
        members=[(council_members[0], CouncilRole.CHAIR), (council_members[2], CouncilRole.SECRETARY)],
    )
    assert [(m.user.username, m.role) for m in council] == [("hd.chutich", "chair"), ("hd.stnmt", "secretary")]


# --- results and read-only rounds -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "change", [{"pass_threshold": Decimal("60")}, {"aggregation": "median"}, {"spread_threshold": Decimal("20")}]
)
def test_the_result_rules_cannot_change_once_a_sheet_was_handed_in(
    change, evaluating_model, council_members, movement_officer
):
    score(evaluating_model, council_members[0], FULL, submit=False)
    round_update(actor=movement_officer, round=evaluating_model.round, **change)  # a draft sheet binds nothing
    round_update(
        actor=movement_officer,
        round=evaluating_model.round,
        pass_threshold=Decimal("70"),
        aggregation="mean",
        spread_threshold=Decimal("15"),
    )
    score(evaluating_model, council_members[0], FULL)

    with pytest.raises(DomainError, match="đã nộp phiếu chấm điểm"):
        round_update(actor=movement_officer, round=evaluating_model.round, **change)
    # The window and the launch still may change.
    round_update(actor=movement_officer, round=evaluating_model.round, launch_issuer="Ban Dân vận Tỉnh ủy")


@pytest.fixture
def district_round(dvk_programme, movement_officer):
    district = AdministrativeUnit.objects.get(generation=Generation.LEGACY, level=Level.DISTRICT, code="061")
    return launch(movement_officer, dvk_programme, district, level=RecognitionLevel.DISTRICT, opens=dt.date(2024, 2, 1))


def test_a_district_round_is_kept_for_the_record_only(district_round, movement_officer, council_members):
    from models_registry.services import assignments_make

    read_only = "Đợt công nhận cấp huyện .* chỉ được lưu để tra cứu"
    with pytest.raises(DomainError, match=read_only):
        round_update(actor=movement_officer, round=district_round, name="Đổi tên")
    with pytest.raises(DomainError, match=read_only):
        criteria_set(actor=movement_officer, round=district_round, criteria=[{"text": "Mới", "max_points": 1}])
    with pytest.raises(DomainError, match=read_only):
        council_set(actor=movement_officer, round=district_round, members=[(council_members[0], CouncilRole.CHAIR)])
    with pytest.raises(DomainError, match=read_only):
        assignments_make(actor=movement_officer, round=district_round)
    district_round.refresh_from_db()
    assert district_round.name == "Đợt thử nghiệm"
