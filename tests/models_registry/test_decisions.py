"""Recognition decisions: following the council, departing from it with a reason, never recognising a model
that fails a mandatory criterion; corrections as new decisions; commendations of recognised models."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from models_registry.choices import CommendationForm, Outcome, Status
from models_registry.models import Decision, DecisionEntry, MobilizationModel, Phase
from models_registry.services import (
    commendation_record,
    decision_correct,
    decision_issue,
    model_create,
    model_publish,
)
from portal.models import AuditEvent
from portal.services import DomainError, NotPermitted
from tests.models_registry.conftest import model_data, today
from tests.models_registry.test_scoring import FULL, score


def scored(model, members, points=FULL):
    for member in members:
        score(model, member, points)
    return MobilizationModel.objects.get(pk=model.pk)


def issue(actor, round_, entries, number="15-QĐ/BDVTU", issued_on=None):
    return decision_issue(
        actor=actor,
        round=round_,
        number=number,
        issued_on=issued_on or today(),
        signer="Hà Thị Phương",
        signer_position="Trưởng Ban Dân vận Tỉnh ủy",
        entries=entries,
    )


def test_a_decision_following_the_council_recognises_the_model(evaluating_model, council_members, movement_officer):
    model = scored(evaluating_model, council_members)

    decision = issue(movement_officer, model.round, [{"model": model, "outcome": Outcome.RECOGNIZED}])

    model.refresh_from_db()
    assert model.status == Status.RECOGNIZED
    assert model.recognized_on == today()
    entry = decision.entries.get()
    assert (entry.outcome, entry.departs_from_council, entry.departure_reason) == (Outcome.RECOGNIZED, False, "")
    assert AuditEvent.objects.filter(verb="decision.issued", target_id=str(decision.pk)).exists()
    assert AuditEvent.objects.filter(verb="decision.issued", target_id=str(model.pk), after=Status.RECOGNIZED).exists()


def test_naming_a_model_typical_recognises_it_in_the_same_step(evaluating_model, council_members, movement_officer):
    model = scored(evaluating_model, council_members)

    decision = issue(movement_officer, model.round, [{"model": model, "outcome": Outcome.TYPICAL}])

    model.refresh_from_db()
    assert model.status == Status.TYPICAL
    assert model.recognized_on == model.typical_on == today()
    assert not decision.entries.get().departs_from_council  # typical counts as recognised against the proposal


def test_a_recognised_model_is_named_typical_by_a_later_decision(evaluating_model, council_members, movement_officer):
    model = scored(evaluating_model, council_members)
    issue(
        movement_officer,
        model.round,
        [{"model": model, "outcome": Outcome.RECOGNIZED}],
        issued_on=today() - dt.timedelta(days=3),
    )

    issue(movement_officer, model.round, [{"model": model, "outcome": Outcome.TYPICAL}], number="16-QĐ/BDVTU")

    model.refresh_from_db()
    assert model.status == Status.TYPICAL
    assert model.recognized_on == today() - dt.timedelta(days=3)
    assert model.typical_on == today()


def test_departing_from_the_council_needs_a_reason(evaluating_model, council_members, movement_officer):
    model = scored(evaluating_model, council_members, [5, 5, 10, 0, 25, 0, 10, 0])  # 55, below the pass mark

    with pytest.raises(DomainError, match="Quyết định khác đề nghị của hội đồng phải ghi lý do"):
        issue(movement_officer, model.round, [{"model": model, "outcome": Outcome.RECOGNIZED}])
    assert not Decision.objects.exists()
    assert MobilizationModel.objects.get(pk=model.pk).status == Status.EVALUATING


def test_departing_from_the_council_with_a_reason_is_recorded(evaluating_model, council_members, movement_officer):
    model = scored(evaluating_model, council_members, [5, 5, 10, 0, 25, 0, 10, 0])
    reason = "Kết quả khảo sát thực tế sau khi hội đồng chấm cho thấy mô hình lan tỏa rộng."

    decision = issue(
        movement_officer, model.round, [{"model": model, "outcome": Outcome.RECOGNIZED, "departure_reason": reason}]
    )

    entry = decision.entries.get()
    assert entry.departs_from_council
    assert entry.departure_reason == reason
    assert MobilizationModel.objects.get(pk=model.pk).status == Status.RECOGNIZED


def test_not_recognising_a_model_the_council_proposed_also_needs_a_reason(
    evaluating_model, council_members, movement_officer
):
    model = scored(evaluating_model, council_members)

    with pytest.raises(DomainError, match="phải ghi lý do"):
        issue(movement_officer, model.round, [{"model": model, "outcome": Outcome.NOT_RECOGNIZED}])

    issue(
        movement_officer,
        model.round,
        [{"model": model, "outcome": Outcome.NOT_RECOGNIZED, "departure_reason": "Có đơn phản ánh chưa xác minh"}],
    )
    assert MobilizationModel.objects.get(pk=model.pk).status == Status.NOT_RECOGNIZED


def test_a_model_failing_a_mandatory_criterion_is_never_recognised_whatever_the_reason(
    evaluating_model, council_members, movement_officer
):
    points = list(FULL)
    points[4] = 10  # "practical results" below its minimum of 12.5; 85 in total
    model = scored(evaluating_model, council_members, points)
    assert model.score == Decimal("85.00")

    for outcome in (Outcome.RECOGNIZED, Outcome.TYPICAL):
        with pytest.raises(DomainError, match="không đạt tiêu chí bắt buộc"):
            issue(
                movement_officer,
                model.round,
                [{"model": model, "outcome": outcome, "departure_reason": "Lãnh đạo đề nghị công nhận"}],
            )

    decision = issue(movement_officer, model.round, [{"model": model, "outcome": Outcome.NOT_RECOGNIZED}])
    assert not decision.entries.get().departs_from_council


def test_a_model_not_under_evaluation_cannot_be_decided(draft_model, movement_officer):
    with pytest.raises(DomainError, match="Không thể chuyển mô hình từ «Bản nháp» sang «Được công nhận»"):
        issue(
            movement_officer,
            draft_model.round,
            [{"model": draft_model, "outcome": Outcome.RECOGNIZED, "departure_reason": "x"}],
        )


def test_a_model_of_another_round_cannot_be_in_the_decision(
    evaluating_model, commune_round, commune_movement_officer, movement_officer
):
    with pytest.raises(DomainError, match="không thuộc đợt đăng ký này"):
        decision_issue(
            actor=movement_officer,
            round=commune_round,
            number="01/QĐ-UBND",
            issued_on=today(),
            signer="Nông Văn Nam",
            entries=[{"model": evaluating_model, "outcome": Outcome.RECOGNIZED, "departure_reason": "x"}],
        )


def test_only_the_movement_office_issues_decisions(evaluating_model, council_members, department_officer_sokhcn):
    model = scored(evaluating_model, council_members)

    with pytest.raises(NotPermitted):
        issue(department_officer_sokhcn, model.round, [{"model": model, "outcome": Outcome.RECOGNIZED}])


def test_a_decision_cannot_be_dated_in_the_future(evaluating_model, council_members, movement_officer):
    model = scored(evaluating_model, council_members)

    with pytest.raises(DomainError, match="không được sau ngày hôm nay"):
        issue(
            movement_officer,
            model.round,
            [{"model": model, "outcome": Outcome.RECOGNIZED}],
            issued_on=today() + dt.timedelta(days=1),
        )


def test_a_decision_needs_at_least_one_model(province_round, movement_officer):
    with pytest.raises(DomainError, match="ít nhất một mô hình"):
        issue(movement_officer, province_round, [])


# --- corrections -----------------------------------------------------------------------------------------


def test_a_correction_is_a_new_decision_and_leaves_the_original_untouched(
    evaluating_model, council_members, movement_officer
):
    model = scored(evaluating_model, council_members)
    original = issue(
        movement_officer,
        model.round,
        [{"model": model, "outcome": Outcome.TYPICAL}],
        issued_on=today() - dt.timedelta(days=10),
    )
    model_publish(actor=movement_officer, model=model, summary="Người dân nộp hồ sơ tại nhà.")
    original_row = Decision.objects.filter(pk=original.pk).values().get()
    original_entries = list(DecisionEntry.objects.filter(decision=original).values())

    correction = decision_correct(
        actor=movement_officer,
        original=original,
        number="15a-QĐ/BDVTU",
        issued_on=today(),
        signer="Hà Thị Phương",
        reason="Phát hiện số liệu kết quả không đúng thực tế.",
        entries=[{"model": model, "outcome": Outcome.NOT_RECOGNIZED}],
    )

    assert correction.corrects_id == original.pk
    assert correction.correction_reason == "Phát hiện số liệu kết quả không đúng thực tế."
    entry = correction.entries.get()
    assert entry.departs_from_council and entry.departure_reason == "Phát hiện số liệu kết quả không đúng thực tế."
    assert Decision.objects.filter(pk=original.pk).values().get() == original_row
    assert list(DecisionEntry.objects.filter(decision=original).values()) == original_entries
    model.refresh_from_db()
    assert model.status == Status.NOT_RECOGNIZED
    assert model.recognized_on is None and model.typical_on is None
    assert not model.is_published  # gone from the showcase with its recognition
    assert AuditEvent.objects.filter(verb="decision.corrected", target_id=str(correction.pk)).exists()


def test_a_correction_needs_its_reason(evaluating_model, council_members, movement_officer):
    model = scored(evaluating_model, council_members)
    original = issue(movement_officer, model.round, [{"model": model, "outcome": Outcome.RECOGNIZED}])

    with pytest.raises(DomainError, match="Hãy ghi lý do đính chính"):
        decision_correct(
            actor=movement_officer,
            original=original,
            number="15a-QĐ/BDVTU",
            issued_on=today(),
            signer="Hà Thị Phương",
            reason="",
            entries=[{"model": model, "outcome": Outcome.TYPICAL}],
        )


def test_a_correction_names_only_models_of_the_decision_it_corrects(
    evaluating_model, council_members, movement_officer, department_officer_sokhcn
):
    model = scored(evaluating_model, council_members)
    original = issue(movement_officer, model.round, [{"model": model, "outcome": Outcome.RECOGNIZED}])
    other = model_create(actor=department_officer_sokhcn, round=model.round, data=model_data(name="Mô hình khác"))

    with pytest.raises(DomainError, match="không có trong quyết định được đính chính"):
        decision_correct(
            actor=movement_officer,
            original=original,
            number="15a-QĐ/BDVTU",
            issued_on=today(),
            signer="Hà Thị Phương",
            reason="Bổ sung",
            entries=[{"model": other, "outcome": Outcome.RECOGNIZED}],
        )


def test_a_correction_may_recognise_a_model_the_original_did_not(evaluating_model, council_members, movement_officer):
    model = scored(evaluating_model, council_members)
    original = issue(
        movement_officer,
        model.round,
        [{"model": model, "outcome": Outcome.NOT_RECOGNIZED, "departure_reason": "Chưa đủ thời gian"}],
        issued_on=today() - dt.timedelta(days=5),
    )

    decision_correct(
        actor=movement_officer,
        original=original,
        number="15a-QĐ/BDVTU",
        issued_on=today(),
        signer="Hà Thị Phương",
        reason="Ghi nhầm kết quả",
        entries=[{"model": model, "outcome": Outcome.RECOGNIZED}],
    )

    model.refresh_from_db()
    assert model.status == Status.RECOGNIZED and model.recognized_on == today()


# --- commendation ----------------------------------------------------------------------------------------


def test_a_recognised_model_is_commended_over_a_phase(evaluating_model, council_members, movement_officer):
    model = scored(evaluating_model, council_members)
    issue(movement_officer, model.round, [{"model": model, "outcome": Outcome.TYPICAL}])
    phase = Phase.objects.get(programme=model.round.programme, start_year=2026)

    commendation = commendation_record(
        actor=movement_officer,
        model=model,
        phase=phase,
        form=CommendationForm.PROVINCE_MERIT,
        issuer="Chủ tịch UBND tỉnh Bắc Kạn",
        decision_number="2150/QĐ-UBND",
        decided_on=today(),
    )

    assert list(model.commendations.all()) == [commendation]
    assert AuditEvent.objects.filter(verb="commendation.recorded", target_id=str(model.pk)).exists()


@pytest.mark.parametrize("status", [Status.EVALUATING, Status.NOT_RECOGNIZED, Status.DRAFT])
def test_only_recognised_models_are_commended(status, draft_model, movement_officer):
    MobilizationModel.objects.filter(pk=draft_model.pk).update(status=status)
    phase = Phase.objects.get(programme=draft_model.round.programme, start_year=2026)

    with pytest.raises(DomainError, match="Chỉ khen thưởng mô hình đã được công nhận"):
        commendation_record(
            actor=movement_officer,
            model=draft_model,
            phase=phase,
            form=CommendationForm.CERTIFICATE_OF_MERIT,
            issuer="Ban Thường vụ Tỉnh ủy",
            decision_number="01-QĐ/TU",
            decided_on=today(),
        )


# --- the admin ----------------------------------------------------------------------------------------------


def test_the_admin_shows_decisions_but_never_edits_them(
    evaluating_model, council_members, movement_officer, admin, client_for
):
    model = scored(evaluating_model, council_members)
    decision = issue(movement_officer, model.round, [{"model": model, "outcome": Outcome.RECOGNIZED}])
    client = client_for(admin)

    assert client.get("/admin/models_registry/decision/").status_code == 200
    page = client.get(f"/admin/models_registry/decision/{decision.pk}/change/")
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    client.post(f"/admin/models_registry/decision/{decision.pk}/change/", {"number": "Sửa"})
    assert Decision.objects.get(pk=decision.pk).number == "15-QĐ/BDVTU"
    for path in ("round", "mobilizationmodel", "assignment", "commendation", "programme"):
        assert client.get(f"/admin/models_registry/{path}/").status_code == 200


def test_the_admin_takes_a_model_off_the_showcase_through_the_service(
    evaluating_model, council_members, movement_officer, admin, client_for
):
    model = scored(evaluating_model, council_members)
    issue(movement_officer, model.round, [{"model": model, "outcome": Outcome.TYPICAL}])
    model_publish(actor=movement_officer, model=model, summary="Tóm tắt công khai")

    client_for(admin).post(
        "/admin/models_registry/mobilizationmodel/", {"action": "unpublish", "_selected_action": [model.pk]}
    )

    assert not MobilizationModel.objects.get(pk=model.pk).is_published
    assert AuditEvent.objects.filter(verb="model.unpublished", target_id=str(model.pk), actor=admin).exists()


def test_a_council_with_a_sheet_still_out_proposes_nothing(evaluating_model, council_members, movement_officer):
    from models_registry.services import council_proposal

    model = scored(evaluating_model, council_members[:2])  # full points, but the third member has not handed in
    assert council_proposal(model) is None

    with pytest.raises(DomainError, match="phải ghi lý do"):
        issue(movement_officer, model.round, [{"model": model, "outcome": Outcome.RECOGNIZED}])
    with pytest.raises(DomainError, match="phải ghi lý do"):
        issue(movement_officer, model.round, [{"model": model, "outcome": Outcome.TYPICAL}])

    reason = "Hội đồng họp đủ, thành viên vắng đã cho ý kiến bằng văn bản."
    decision = issue(
        movement_officer, model.round, [{"model": model, "outcome": Outcome.TYPICAL, "departure_reason": reason}]
    )
    entry = decision.entries.get()
    assert entry.departs_from_council and entry.departure_reason == reason


def test_a_council_whose_sheets_are_all_in_proposes_once_recusals_are_left_out(
    evaluating_model, council_members, movement_officer
):
    from models_registry.models import Assignment
    from models_registry.selectors import council_summary
    from models_registry.services import council_proposal

    Assignment.objects.filter(model=evaluating_model, member__user=council_members[2]).update(
        recused=True, recusal_reason="Thành viên công tác tại cơ quan đăng ký mô hình."
    )
    model = scored(evaluating_model, council_members[:2])

    assert council_proposal(model) == Outcome.RECOGNIZED
    [row] = council_summary(model.round)
    assert row.proposal == Outcome.RECOGNIZED
